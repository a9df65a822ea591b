//! Panics that do not poison the instance.
//!
//! Builds for the edge use `panic = "abort"`: a panic stops the wasm instance. The hook
//! installed here logs the panic, asks wasm-bindgen to instantiate the module afresh on the
//! next call into it, and answers every request still in flight with 500 (their state went
//! with the old instance). The request that panicked gets a 500 from the JS entry, which
//! catches the abort; the next request runs on a clean instance. App state held in Rust
//! (`App::state`, thread-locals) starts over, as after a cold start.

use std::sync::Once;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/recovery.js")]
extern "C" {
    fn panicked(message: &str);

    /// The Promise of a waiting async route, settled with 500 if the instance panics first.
    pub(crate) fn guard(promise: js_sys::Promise) -> js_sys::Promise;
}

/// Installs the panic hook, once per instance.
pub fn install_hook() {
    static INSTALL: Once = Once::new();
    if !cfg!(target_arch = "wasm32") {
        return;
    }
    INSTALL.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            wasm_bindgen::handler::schedule_reinit();
            panicked(&format!("edgeapi: a handler panicked: {info}"));
        }));
    });
}
