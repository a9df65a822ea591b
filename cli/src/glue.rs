//! The JS glue: wasm-bindgen, run in process as a library pinned to the SDK's exact version
//! (`--target web` glue, which every host loads with `initSync`), then wasm-opt for release
//! builds. The result is kept in `build/.glue/<profile>/` and reused while cargo's wasm is
//! unchanged, so a rebuild with nothing to do costs only cargo's check.

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use wasm_bindgen_cli_support::Bindgen;

use crate::optimize;
use crate::step::{kb, say, Step};

/// The version of wasm-bindgen this CLI generates glue with; the app must link the same.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The app's wasm and its glue, ready to copy into each host's folder.
pub struct Glue {
    /// `build/.glue/<profile>/`: `<stem>.js`, `<stem>_bg.wasm`, `snippets/`.
    pub dir: PathBuf,
    /// The file stem: the library's name.
    pub stem: String,
    /// The functions the glue exports (`handle`, `startPool`, ...).
    pub exports: Vec<String>,
    /// The Durable Object classes the wasm defines (`edgeapi::durable_objects!`).
    pub objects: Vec<String>,
}

impl Glue {
    /// The wasm module's path.
    pub fn wasm(&self) -> PathBuf {
        self.dir.join(format!("{}_bg.wasm", self.stem))
    }
}

/// Generates the glue for `wasm` into `build/.glue/<profile>/`, or reuses it when `wasm`
/// has not changed since.
/// `wasm_opt` is the tool for a release build's size passes; a quick build has none.
pub fn generate(wasm: &Path, stem: &str, build: &Path, wasm_opt: Option<&Path>) -> Result<Glue> {
    let release = wasm_opt.is_some();
    let dir = build
        .join(".glue")
        .join(if release { "release" } else { "dev" });
    let stamp = stamp(wasm, release)?;
    let stamp_file = dir.join(".stamp");
    let glue_js = dir.join(format!("{stem}.js"));
    if fs::read_to_string(&stamp_file).ok().as_deref() == Some(stamp.as_str()) && glue_js.is_file()
    {
        say("wasm-bindgen and wasm-opt: the wasm is unchanged, reusing the last output");
    } else {
        // Written last: an interrupted build leaves no stamp and runs again.
        let _ = fs::remove_file(&stamp_file);
        bindgen(wasm, stem, &dir)?;
        if let Some(tool) = wasm_opt {
            optimize::run(tool, &dir.join(format!("{stem}_bg.wasm")))?;
        }
        fs::write(&stamp_file, &stamp)?;
    }
    let exports = exports(&fs::read_to_string(&glue_js)?);
    let objects = durable_objects(&fs::read(wasm)?);
    Ok(Glue {
        dir,
        stem: stem.to_owned(),
        exports,
        objects,
    })
}

/// What identifies cargo's output: a hash of its bytes (cargo rewrites the file when a
/// source is touched but not changed), the profile and this CLI's version.
fn stamp(wasm: &Path, release: bool) -> Result<String> {
    let bytes = fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Ok(format!(
        "{} {} {:016x} {release}",
        env!("CARGO_PKG_VERSION"),
        bytes.len(),
        hasher.finish()
    ))
}

fn bindgen(wasm: &Path, stem: &str, dir: &Path) -> Result<()> {
    let step = Step::quiet(format!("wasm-bindgen {WASM_BINDGEN_VERSION}"));
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    Bindgen::new()
        .input_path(wasm)
        .out_name(stem)
        .web(true)?
        .typescript(false)
        // As the wasm-bindgen CLI does: `init()` with no argument finds the wasm beside the glue.
        .omit_default_module_path(false)
        .generate(dir)
        .map_err(|error| {
            // The usual cause: the app links another wasm-bindgen than this CLI carries.
            error.context(format!(
                "wasm-bindgen {WASM_BINDGEN_VERSION} could not read {}: the app must link \
                 wasm-bindgen {WASM_BINDGEN_VERSION} (the version edgeapi {} pins); `cargo tree -i \
                 wasm-bindgen` shows which it links. A CLI for another edgeapi version installs \
                 with `cargo install edgeapi-cli --version <that version>`",
                wasm.display(),
                env!("CARGO_PKG_VERSION")
            ))
        })?;
    let size = fs::metadata(dir.join(format!("{stem}_bg.wasm")))?.len();
    step.done(format!("{} of wasm", kb(size)));
    Ok(())
}

/// The names of the functions a glue module exports: `export function name(` lines, and
/// the names of `export { local as name }` lines, which wasm-bindgen writes for an export
/// named like one of the JS functions the wasm imports (`startPool`).
fn exports(js: &str) -> Vec<String> {
    let mut names = Vec::new();
    for line in js.lines() {
        if let Some(rest) = line.strip_prefix("export function ") {
            names.extend(rest.split('(').next().map(str::to_owned));
        } else if let Some(list) = line
            .strip_prefix("export {")
            .and_then(|rest| rest.split_once('}'))
            .map(|(list, _)| list)
        {
            let renamed = list.split(',').filter_map(|item| item.split_once(" as "));
            names.extend(renamed.map(|(_, name)| name.trim().to_owned()));
        }
    }
    names
}

/// The Durable Object classes `edgeapi::durable_objects!` lists, one name a line, in the
/// wasm's custom sections named `edgeapi_durable_objects` (the linker joins them).
fn durable_objects(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    let mut at = 8; // the magic number and the version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let Some((size, after)) = leb128(wasm, at) else {
            break;
        };
        let end = after.saturating_add(size).min(wasm.len());
        if id == 0 {
            if let Some((name_len, name_at)) = leb128(wasm, after) {
                let name_end = name_at.saturating_add(name_len).min(end);
                if &wasm[name_at..name_end] == b"edgeapi_durable_objects" {
                    let text = String::from_utf8_lossy(&wasm[name_end..end]);
                    names.extend(text.lines().filter(|l| !l.is_empty()).map(str::to_owned));
                }
            }
        }
        at = end;
    }
    names.sort();
    names.dedup();
    names
}

/// An unsigned LEB128 number at `at`: its value and where the next field starts.
fn leb128(bytes: &[u8], mut at: usize) -> Option<(usize, usize)> {
    let mut value = 0usize;
    for shift in (0..35).step_by(7) {
        let byte = *bytes.get(at)?;
        at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some((value, at));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_durable_object_classes() {
        let section = |name: &str, body: &str| {
            let mut payload = vec![name.len() as u8];
            payload.extend(name.as_bytes());
            payload.extend(body.as_bytes());
            let mut out = vec![0, payload.len() as u8];
            out.extend(payload);
            out
        };
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 1, 0]); // a type section, skipped
        wasm.extend(section("edgeapi_durable_objects", "Room\nCounter\n"));
        wasm.extend(section("producers", "Counter\n"));
        assert_eq!(durable_objects(&wasm), ["Counter", "Room"]);
        assert!(durable_objects(b"\0asm\x01\0\0\0").is_empty());
    }

    #[test]
    fn finds_exported_functions() {
        let js = "function private() {}\nexport function handle(request, env, ctx) {\n}\nexport function startPool(glue, size) {}\nexport default __wbg_init;\n";
        assert_eq!(exports(js), ["handle", "startPool"]);
        let renamed = "export function handle(request) {}\nexport { startPool2 as startPool }\nexport { initSync, __wbg_init as default };\n";
        assert_eq!(exports(renamed), ["handle", "startPool", "default"]);
    }

    #[test]
    fn the_pin_is_the_sdks() {
        let sdk = include_str!("../../Cargo.toml");
        assert!(
            sdk.contains(&format!("wasm-bindgen = \"={WASM_BINDGEN_VERSION}\"")),
            "the SDK's Cargo.toml pins another wasm-bindgen than the CLI generates glue with"
        );
        let macros = format!(
            "edgeapi-macros = {{ version = \"={}\"",
            env!("CARGO_PKG_VERSION")
        );
        assert!(
            sdk.contains(&macros),
            "the workspace pins another edgeapi-macros than its version"
        );
        let cli = include_str!("../Cargo.toml");
        assert!(cli.contains(&format!(
            "wasm-bindgen-cli-support = \"={WASM_BINDGEN_VERSION}\""
        )));
    }
}
