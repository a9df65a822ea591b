//! The app's crate: where it is, what it is called, and its wasm build by cargo.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// The wasm target every host runs.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The app crate being built.
pub struct App {
    /// Its `Cargo.toml`.
    pub manifest: PathBuf,
    /// The folder of its `Cargo.toml`: `build/` goes here.
    pub dir: PathBuf,
    /// The library's name (`my_app` for a package `my-app`): the glue files' stem.
    pub lib_name: String,
    /// The folder of static files served beside the app, if any:
    /// `[package.metadata.edgeapi] public = "..."`, else `public/` when it exists.
    pub public: Option<PathBuf>,
}

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    manifest_path: PathBuf,
    targets: Vec<Target>,
    #[serde(default)]
    metadata: Option<serde_json::Value>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    crate_types: Vec<String>,
}

/// Finds the app: the given `Cargo.toml`, else the nearest one from the working directory up.
pub fn locate(manifest: Option<&Path>) -> Result<App> {
    let manifest = match manifest {
        Some(path) => path
            .canonicalize()
            .with_context(|| format!("no Cargo.toml at {}", path.display()))?,
        None => {
            let out = output(cargo().args(["locate-project", "--message-format", "plain"]))
                .context("no Cargo.toml here or in a parent folder: run `edgeapi build` inside the app, or pass --manifest-path")?;
            PathBuf::from(out.trim())
        }
    };
    let json = output(
        cargo()
            .args([
                "metadata",
                "--no-deps",
                "--format-version",
                "1",
                "--manifest-path",
            ])
            .arg(&manifest),
    )?;
    let metadata: Metadata = serde_json::from_str(&json).context("reading `cargo metadata`")?;
    let Some(package) = metadata
        .packages
        .into_iter()
        .find(|p| same_file(&p.manifest_path, &manifest))
    else {
        bail!("{} is a workspace without a package of its own: run `edgeapi build` in the app's folder, or pass its --manifest-path", manifest.display());
    };
    let Some(lib) = package
        .targets
        .iter()
        .find(|t| t.crate_types.iter().any(|c| c == "cdylib"))
    else {
        bail!(
            "{} has no cdylib library, which is what becomes wasm: add\n\n[lib]\ncrate-type = [\"cdylib\", \"rlib\"]\n",
            manifest.display()
        );
    };
    let dir = manifest
        .parent()
        .context("a Cargo.toml has a folder")?
        .to_path_buf();
    let configured = package
        .metadata
        .as_ref()
        .and_then(|m| m.pointer("/edgeapi/public"))
        .and_then(|p| p.as_str())
        .map(|p| dir.join(p));
    let public = match configured {
        Some(path) if !path.is_dir() => bail!(
            "[package.metadata.edgeapi] public = {} is not a folder",
            path.display()
        ),
        Some(path) => Some(path),
        None => Some(dir.join("public")).filter(|p| p.is_dir()),
    };
    Ok(App {
        lib_name: lib.name.replace('-', "_"),
        manifest,
        dir,
        public,
    })
}

/// Builds the app's library for wasm32 and answers the path of the `.wasm` file.
/// Cargo's own progress and diagnostics go to the terminal as usual. With `openapi`, the
/// app serves that file as its OpenAPI document and the SDK leaves its generator out.
pub fn build(app: &App, release: bool, openapi: Option<&Path>) -> Result<PathBuf> {
    check_wasm_target()?;
    let mut command = cargo();
    command.env_remove("EDGEAPI_OPENAPI_PREBUILT");
    command.env_remove("EDGEAPI_OPENAPI_JSON");
    if let Some(document) = openapi {
        command.env("EDGEAPI_OPENAPI_PREBUILT", "1");
        command.env("EDGEAPI_OPENAPI_JSON", document);
    }
    let profile: &[&str] = if release { &["--release"] } else { &[] };
    let wasm = build_lib(app, command, WASM_TARGET, profile, "wasm")?;
    wasm.context("cargo built no .wasm for the app")
}

/// Builds the app's library for this machine (the dev profile, without debug info) and
/// answers the path of its shared library, or `None` when it has no native build.
pub fn build_native(app: &App) -> Result<Option<PathBuf>> {
    let host = host_triple()?;
    let mut command = cargo();
    command
        .env_remove("EDGEAPI_OPENAPI_PREBUILT")
        .env("CARGO_PROFILE_DEV_DEBUG", "false");
    build_lib(app, command, &host, &[], std::env::consts::DLL_EXTENSION)
}

/// `cargo build --lib` of the app for `target` (with `profile`'s arguments): the library file of the app's own crate
/// whose name ends in `.{extension}`.
fn build_lib(
    app: &App,
    mut command: Command,
    target: &str,
    profile: &[&str],
    extension: &str,
) -> Result<Option<PathBuf>> {
    command
        .args([
            "build",
            "--lib",
            "--target",
            target,
            "--message-format",
            "json-render-diagnostics",
            "--manifest-path",
        ])
        .arg(&app.manifest)
        .args(profile)
        .stdout(Stdio::piped());
    let mut child = command
        .spawn()
        .context("cargo did not start: install Rust with rustup (https://rustup.rs)")?;
    let mut library = None;
    let stdout = child.stdout.take().context("cargo's output")?;
    let suffix = format!(".{extension}");
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let ours = message["reason"] == "compiler-artifact"
            && message["manifest_path"]
                .as_str()
                .is_some_and(|path| same_file(Path::new(path), &app.manifest));
        if ours {
            let files = message["filenames"].as_array().into_iter().flatten();
            if let Some(file) = files
                .filter_map(|f| f.as_str())
                .find(|f| f.ends_with(&suffix))
            {
                library = Some(PathBuf::from(file));
            }
        }
    }
    if !child.wait()?.success() {
        bail!("cargo build --target {target} failed (its messages are above)");
    }
    Ok(library)
}

/// The target triple rustc builds for by default: this machine's.
fn host_triple() -> Result<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let out = output(Command::new(rustc).arg("-vV"))
        .context("rustc did not start: install Rust with rustup (https://rustup.rs)")?;
    out.lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(str::to_owned)
        .context("`rustc -vV` named no host")
}

/// The wasm32 target must be installed for the toolchain in use.
fn check_wasm_target() -> Result<()> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let libdir =
        output(Command::new(rustc).args(["--print", "target-libdir", "--target", WASM_TARGET]))
            .context("rustc did not start: install Rust with rustup (https://rustup.rs)")?;
    if !Path::new(libdir.trim()).is_dir() {
        bail!("the Rust target {WASM_TARGET} is not installed: rustup target add {WASM_TARGET}");
    }
    Ok(())
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs a command and answers its stdout; its stderr comes with the error when it fails.
fn output(command: &mut Command) -> Result<String> {
    let out = command.stderr(Stdio::piped()).output().with_context(|| {
        format!(
            "{:?} did not start: install Rust with rustup (https://rustup.rs)",
            command.get_program()
        )
    })?;
    if !out.status.success() {
        bail!("{}", String::from_utf8_lossy(&out.stderr).trim());
    }
    Ok(String::from_utf8(out.stdout)?)
}
