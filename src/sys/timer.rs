//! `setTimeout` and `clearTimeout`, through the `Timer` class of `src/js/edgeapi.js`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    /// A host timer: its Promise resolves after `ms`; `cancel` clears it.
    pub(crate) type Timer;

    #[wasm_bindgen(constructor)]
    pub(crate) fn new(ms: f64) -> Timer;

    #[wasm_bindgen(method, getter)]
    pub(crate) fn promise(this: &Timer) -> js_sys::Promise;

    #[wasm_bindgen(method)]
    pub(crate) fn cancel(this: &Timer);
}
