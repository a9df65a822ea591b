//! The `edgeapi` command.
//!
//! - `edgeapi new <dir>` writes a new app: a `cdylib` crate with a few routes and an
//!   in-process test, `wrangler.toml`, `package.json` and a README.
//! - `edgeapi build [--release] [--target HOST]` builds the app for a host: cargo for
//!   wasm32, wasm-bindgen (in process, the SDK's exact version), wasm-opt for release
//!   builds, the host's entry module and the static files, into `build/<host>/` beside the
//!   app's `Cargo.toml`.

mod assets;
mod build;
mod cargo;
mod glue;
mod hosts;
mod openapi;
mod optimize;
mod scaffold;
mod step;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// FastAPI-style HTTP apps in Rust, compiled to WebAssembly, on edge workers, Node, Deno,
/// Bun and browsers.
#[derive(Parser)]
#[command(name = "edgeapi", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Creates a new app in DIR, a new or empty folder
    New {
        /// Where the app goes; its last part names the crate
        dir: PathBuf,
        /// Depend on the edgeapi checkout at this path instead of the published crate
        #[arg(long, value_name = "PATH")]
        edgeapi_path: Option<PathBuf>,
        /// Do not run `npm install` (wrangler, wasm-opt and the docs pages' assets)
        #[arg(long)]
        no_install: bool,
    },
    /// Builds the app into build/<target>/ beside its Cargo.toml
    Build(build::Options),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::New {
            dir,
            edgeapi_path,
            no_install,
        } => scaffold::new(&dir, edgeapi_path.as_deref(), !no_install),
        Command::Build(options) => build::run(&options),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("edgeapi: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
