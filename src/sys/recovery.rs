//! Panic recovery on the JS side: what `src/js/edgeapi.js` does when the instance aborts.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    /// Logs the panic, remembers that the instance aborted, and answers every request
    /// still waiting on this instance with 500.
    pub(crate) fn panicked(message: &str);

    /// True once after `panicked` (the flag is cleared): the abort was a panic, whose
    /// hook already asked for a fresh instance.
    #[wasm_bindgen(js_name = takeAborted)]
    pub(crate) fn take_aborted() -> bool;

    /// The Promise of a waiting async route, settled with 500 if the instance panics first.
    #[wasm_bindgen(js_name = settleOnPanic)]
    pub(crate) fn settle_on_panic(promise: js_sys::Promise) -> js_sys::Promise;

    /// The Promise of a waiting event handler (cron, queue), rejected if the instance
    /// panics first.
    #[wasm_bindgen(js_name = failOnPanic)]
    pub(crate) fn fail_on_panic(promise: js_sys::Promise) -> js_sys::Promise;
}

/// Asks wasm-bindgen's glue to start a fresh instance on the next call into the module.
pub(crate) fn schedule_fresh_instance() {
    wasm_bindgen::handler::schedule_reinit();
}
