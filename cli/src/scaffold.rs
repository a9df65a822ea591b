//! `edgeapi new`: a new app, outside any repository, that builds and serves as it is.

use std::fs;
use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::step::{say, Step};

/// The release profile this repository tunes for the edge (the workspace's Cargo.toml has
/// the same lines and the reasons): without it a new app ships about 20% more gzip.
const RELEASE_PROFILE: &str = r#"# Tuned for the edge as edgeapi's own repository tunes it: small and fast wasm, and
# panic = "abort", which edgeapi's panic recovery expects.
[profile.release]
opt-level = "s"
lto = true
codegen-units = 1
panic = "abort"

[profile.release.package.schemars]
opt-level = "z"
"#;

/// The files of a new app: (path, template).
const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../template/Cargo.toml.tmpl")),
    ("src/lib.rs", include_str!("../template/lib.rs")),
    ("tests/app.rs", include_str!("../template/app.rs")),
    ("wrangler.toml", include_str!("../template/wrangler.toml")),
    ("package.json", include_str!("../template/package.json")),
    (".gitignore", include_str!("../template/gitignore")),
    ("README.md", include_str!("../template/README.md")),
];

/// Writes a new app into `dir`, then installs its npm packages when `install` is set.
pub fn new(dir: &Path, edgeapi_path: Option<&Path>, install: bool) -> Result<()> {
    let name = package_name(dir)?;
    if dir.exists() && fs::read_dir(dir)?.next().is_some() {
        bail!("{} is not empty: choose a new folder", dir.display());
    }
    let edgeapi = match edgeapi_path {
        Some(path) => {
            let path = path
                .canonicalize()
                .with_context(|| format!("no edgeapi checkout at {}", path.display()))?;
            if !path.join("Cargo.toml").is_file() {
                bail!(
                    "{} has no Cargo.toml: --edgeapi-path takes the checkout's root",
                    path.display()
                );
            }
            format!("{{ path = {} }}", toml_string(&path))
        }
        None => format!("\"{}\"", env!("CARGO_PKG_VERSION")),
    };
    let lib = name.replace('-', "_");
    for (path, template) in FILES {
        let text = template
            .replace("{{name}}", &name)
            .replace("{{lib}}", &lib)
            .replace("{{edgeapi}}", &edgeapi)
            .replace("{{profile}}", RELEASE_PROFILE);
        let path = dir.join(path);
        fs::create_dir_all(path.parent().context("a file has a folder")?)?;
        fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    // A checkout's lock file pins what its tests ran with; the app starts from the same.
    if let Some(path) = edgeapi_path {
        let lock = path.join("Cargo.lock");
        if lock.is_file() {
            fs::copy(lock, dir.join("Cargo.lock"))?;
        }
    }
    say(format_args!("created {name} in {}", dir.display()));
    if install {
        npm_install(dir)?;
    }
    say(format_args!(
        "next: cd {} && npx wrangler dev (serves it on http://127.0.0.1:8787, API docs at /docs)",
        dir.display()
    ));
    Ok(())
}

/// The package name: the folder's name, which Cargo must accept.
fn package_name(dir: &Path) -> Result<String> {
    let name = dir
        .file_name()
        .and_then(|name| name.to_str())
        .context("the folder's name names the app: give a path that ends in a name")?;
    let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        bail!("`{name}` cannot name a crate: use letters, digits, - and _, starting with a letter");
    }
    Ok(name.to_ascii_lowercase())
}

fn npm_install(dir: &Path) -> Result<()> {
    let step = Step::start("npm install (wrangler, binaryen, swagger-ui-dist, redoc)");
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status();
    match status {
        Ok(status) if status.success() => {
            step.done("done");
            Ok(())
        }
        Ok(_) => bail!("npm install failed in {} (its messages are above)", dir.display()),
        Err(_) => bail!(
            "npm was not found: install Node.js 20 or later (it brings npm), then run `npm install` in {}",
            dir.display()
        ),
    }
}

/// A TOML basic string.
fn toml_string(path: &Path) -> String {
    let text = path.display().to_string();
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_release_profile_is_the_workspaces() {
        let workspace = include_str!("../../Cargo.toml");
        for line in RELEASE_PROFILE
            .lines()
            .filter(|line| !line.starts_with('#'))
        {
            assert!(
                workspace.contains(line),
                "the workspace's Cargo.toml lacks `{line}`"
            );
        }
    }

    #[test]
    fn npm_pins_are_the_repositorys() {
        let ours: serde_json::Value =
            serde_json::from_str(include_str!("../../package.json")).unwrap();
        let app: serde_json::Value =
            serde_json::from_str(include_str!("../template/package.json")).unwrap();
        for (name, version) in app["devDependencies"].as_object().unwrap() {
            assert_eq!(&ours["devDependencies"][name], version, "{name}");
        }
    }

    #[test]
    fn folder_names_become_package_names() {
        assert_eq!(package_name(Path::new("/tmp/My-App")).unwrap(), "my-app");
        assert!(package_name(Path::new("/tmp/1app")).is_err());
        assert!(package_name(Path::new("/tmp/my app")).is_err());
    }
}
