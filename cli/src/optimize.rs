//! The size passes of a release build: binaryen's `wasm-opt -Oz`.
//!
//! It comes from npm's `binaryen` package (the app's `package.json` pins it): current
//! (version 132 here), prebuilt, and installed with the rest of the app's JS tools. The
//! `wasm-opt` crate would build binaryen 116 from C++ source on `cargo install`, many
//! minutes on a small machine, for the same passes; Debian's `binaryen` (108) cannot parse
//! what current Rust emits.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::step::{kb, Step};

/// The oldest wasm-opt that reads what current Rust and wasm-bindgen emit.
const OLDEST: u32 = 116;

const INSTALL: &str = "`npm install` beside the app's Cargo.toml installs it (package.json pins \
                       binaryen), or `npm install --global binaryen`";

/// Optimizes `wasm` for size in place; the producers and target-features sections are only
/// for tooling. No `--converge`: on the reference app it doubled the time of this step
/// (55 s against 27 s on a busy machine) to save 52 bytes of 190 KB gzip.
pub fn run(tool: &Path, wasm: &Path) -> Result<()> {
    let before = std::fs::metadata(wasm)?.len();
    let step = Step::start(format!("wasm-opt -Oz ({})", tool.display()));
    let status = Command::new(tool)
        .args([
            "-Oz",
            "--strip-debug",
            "--strip-producers",
            "--strip-target-features",
        ])
        .arg(wasm)
        .arg("-o")
        .arg(wasm)
        .status()
        .with_context(|| format!("{} did not start", tool.display()))?;
    if !status.success() {
        bail!(
            "wasm-opt failed on {} (its messages are above)",
            wasm.display()
        );
    }
    let after = std::fs::metadata(wasm)?.len();
    step.done(format!("{} to {}", kb(before), kb(after)));
    Ok(())
}

/// `node_modules/.bin/wasm-opt` in the app's folder or one above it (npm's binaryen), else
/// the first `wasm-opt` on PATH; refused when too old. Looked for before cargo starts, so a
/// missing tool is named before a long build rather than after it.
pub fn find(app_dir: &Path) -> Result<PathBuf> {
    let local = app_dir
        .ancestors()
        .map(|dir| dir.join("node_modules/.bin/wasm-opt"))
        .find(|path| path.is_file());
    let tool = match local {
        Some(path) => path,
        None => PathBuf::from("wasm-opt"),
    };
    let version = Command::new(&tool)
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned());
    let Some(version) = version else {
        bail!("a release build needs wasm-opt (binaryen) and none was found: {INSTALL}");
    };
    match parse_version(&version) {
        Some(n) if n < OLDEST => bail!(
            "{} is binaryen {n}, too old for current Rust (at least {OLDEST}): {INSTALL}",
            tool.display()
        ),
        _ => Ok(tool),
    }
}

/// `wasm-opt version 132 (version_132)` -> 132.
fn parse_version(text: &str) -> Option<u32> {
    text.split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::parse_version;

    #[test]
    fn reads_binaryen_versions() {
        assert_eq!(
            parse_version("wasm-opt version 132 (version_132)\n"),
            Some(132)
        );
        assert_eq!(parse_version("wasm-opt version 108\n"), Some(108));
        assert_eq!(parse_version("nonsense"), None);
    }
}
