//! The app's OpenAPI document, generated natively before the wasm is built.
//!
//! An app's routes are plain Rust, so the document can come from a native build of the
//! same crate: `edgeapi::export!` gives that build a C function,
//! `edgeapi_openapi_json_<crate>`, which builds the app and answers its document. The wasm
//! then serves the file as it is (the SDK's `cfg(edgeapi_prebuilt_openapi)`) and carries
//! no generator, no schemars and no schema code. When the app has no such function (no
//! `openapi` feature) there is nothing to generate; when its native build fails or panics,
//! the wasm generates the document itself, as any other build of the SDK does.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::cargo::{self, App};
use crate::step::{kb, say, Step};

/// Writes the app's document to `build/.openapi/openapi.json` (left untouched when it is
/// the same, so cargo does not rebuild the app for it) and answers that path; `None` when
/// the wasm is to generate it.
pub fn generate(app: &App, build: &Path) -> Option<PathBuf> {
    let step = Step::start("OpenAPI document, from a native build of the app");
    match document(app) {
        Ok(Some(text)) => match write(&build.join(".openapi/openapi.json"), &text) {
            Ok(path) => {
                step.done(format!("{} of JSON", kb(text.len() as u64)));
                Some(path)
            }
            Err(error) => {
                say(format_args!("the document could not be written: {error:#}"));
                None
            }
        },
        Ok(None) => {
            step.done("none (the app is built without edgeapi's `openapi` feature)");
            None
        }
        Err(error) => {
            say(format_args!(
                "{error:#}; the wasm generates the document itself instead (a larger wasm)"
            ));
            None
        }
    }
}

/// The document the app's native library answers, if it has the function.
fn document(app: &App) -> Result<Option<String>> {
    let Some(library) = cargo::build_native(app)? else {
        bail!("cargo built no native library for the app");
    };
    let symbol = format!("edgeapi_openapi_json_{}", app.lib_name);
    // SAFETY: the library is the app's own crate, just built by cargo from the sources this
    // build is about to compile for wasm; loading it runs only what its dependencies
    // register to run at load time, as a native test of the app would.
    let library = unsafe { libloading::Library::new(&library) }
        .with_context(|| format!("loading {}", library.display()))?;
    type Document = unsafe extern "C" fn(&mut usize) -> *const u8;
    // SAFETY: `edgeapi::export!` defines the symbol with this signature.
    let Ok(function) = (unsafe { library.get::<Document>(symbol.as_bytes()) }) else {
        return Ok(None);
    };
    let mut len = 0;
    // SAFETY: the function answers null, or a pointer to `len` bytes of UTF-8 that the
    // library keeps for the process's life.
    let text = unsafe {
        let bytes = function(&mut len);
        if bytes.is_null() {
            bail!("building the app natively panicked (the message is above)");
        }
        std::str::from_utf8(std::slice::from_raw_parts(bytes, len))?.to_owned()
    };
    // Never unloaded: a Rust library's thread-locals may still point into it.
    std::mem::forget(library);
    Ok(Some(text))
}

fn write(path: &Path, text: &str) -> Result<PathBuf> {
    if fs::read_to_string(path).ok().as_deref() != Some(text) {
        fs::create_dir_all(path.parent().context("a file has a folder")?)?;
        fs::write(path, text)?;
    }
    Ok(path.canonicalize()?)
}
