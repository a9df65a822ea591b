//! `edgeapi build`: cargo, the glue, then one folder per host.
//!
//! Each host's folder is written beside the others and swapped in whole, so a server
//! watching it (`wrangler dev`) never sees half of one. Steps, in order: cargo build for
//! wasm32; wasm-bindgen and, for release builds, wasm-opt (reused while the wasm is
//! unchanged); then per host the glue, the entry module and `public/`.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use flate2::write::GzEncoder;
use flate2::Compression;

use crate::assets::{self, DocsAssets};
use crate::cargo;
use crate::glue::{self, Glue};
use crate::hosts::Host;
use crate::openapi;
use crate::optimize;
use crate::step::{kb, say, Step};

/// What `edgeapi build` takes.
#[derive(Args)]
pub struct Options {
    /// Build for size and speed: cargo's release profile, then wasm-opt -Oz. Without it, a
    /// quick build for the edit loop. `wrangler deploy` asks for release on its own.
    #[arg(long)]
    release: bool,
    /// The host to build for; repeat it for several, or `all`
    #[arg(
        long = "target",
        value_enum,
        default_value = "workerd",
        value_name = "HOST"
    )]
    targets: Vec<Target>,
    /// The app's Cargo.toml (default: the nearest one from here up)
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
}

/// A `--target` value: one host, or all of them.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    Workerd,
    Node,
    Deno,
    Bun,
    Browser,
    All,
}

impl Options {
    fn hosts(&self) -> Vec<Host> {
        let mut hosts = Vec::new();
        for target in &self.targets {
            let these: &[Host] = match target {
                Target::Workerd => &[Host::Workerd],
                Target::Node => &[Host::Node],
                Target::Deno => &[Host::Deno],
                Target::Bun => &[Host::Bun],
                Target::Browser => &[Host::Browser],
                Target::All => &Host::ALL,
            };
            for host in these {
                if !hosts.contains(host) {
                    hosts.push(*host);
                }
            }
        }
        hosts
    }
}

/// Builds the app for each host asked for.
pub fn run(options: &Options) -> Result<()> {
    let started = std::time::Instant::now();
    let app = cargo::locate(options.manifest_path.as_deref())?;
    // wrangler tells a custom build which command runs it: a deploy gets the release build.
    let deploying = std::env::var("WRANGLER_COMMAND").is_ok_and(|command| command != "dev");
    let release = options.release || deploying;
    let profile = if release { "release" } else { "dev" };
    let wasm_opt = release.then(|| optimize::find(&app.dir)).transpose()?;

    let build = app.dir.join("build");
    // A release wasm serves the document generated natively, without the generator.
    let openapi = release.then(|| openapi::generate(&app, &build)).flatten();

    let step = Step::start(format!(
        "cargo build --lib --target {} ({profile})",
        cargo::WASM_TARGET
    ));
    let wasm = cargo::build(&app, release, openapi.as_deref())?;
    step.done(wasm.display());

    let glue = glue::generate(&wasm, &app.lib_name, &build, wasm_opt.as_deref())?;
    let docs = DocsAssets::find(&app.dir);
    for host in options.hosts() {
        let step = Step::quiet(format!("{} entry", host.name()));
        let dir = build.join(host.name());
        write_host(host, &glue, &app, &docs, &dir)?;
        step.done(format!(
            "{}/ ({})",
            relative(&dir, &app.dir),
            host.serve_command()
        ));
    }

    let size = fs::metadata(glue.wasm())?.len();
    let gzipped = gzip_len(&fs::read(glue.wasm())?)?;
    say(format_args!(
        "built {} ({profile}) in {:.1} s: wasm {} ({} gzip)",
        app.lib_name,
        started.elapsed().as_secs_f64(),
        kb(size),
        kb(gzipped)
    ));
    Ok(())
}

/// Writes one host's folder: `pkg/` (the glue), the entry files and `public/`.
fn write_host(
    host: Host,
    glue: &Glue,
    app: &cargo::App,
    docs: &DocsAssets,
    dir: &Path,
) -> Result<()> {
    let fresh = dir.with_file_name(format!(".{}.new", host.name()));
    if fresh.exists() {
        fs::remove_dir_all(&fresh)?;
    }
    assets::write(&fresh.join("public"), app.public.as_deref(), docs, &[])?;
    assets::copy_dir(&glue.dir, &fresh.join(host.pkg_dir()))?;
    let _ = fs::remove_file(fresh.join(host.pkg_dir()).join(".stamp"));
    for (path, text) in host.entry(&glue.stem, &glue.exports, &glue.objects) {
        fs::write(fresh.join(path), text)?;
    }
    if dir.exists() {
        if assets::same_files(&fresh, dir)? {
            // Nothing changed: leave the folder as it is, so that a watcher of it (wrangler
            // dev's, of the entry and the static assets) does not restart the worker.
            fs::remove_dir_all(&fresh)?;
            return Ok(());
        }
        fs::remove_dir_all(dir).with_context(|| format!("replacing {}", dir.display()))?;
    }
    fs::rename(&fresh, dir)?;
    Ok(())
}

fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

fn gzip_len(bytes: &[u8]) -> Result<u64> {
    use std::io::Write;
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len() as u64)
}
