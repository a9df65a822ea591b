//! The in-memory bindings of `src/js/testing.js`, for the test client.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/testing.js")]
extern "C" {
    /// An in-memory Workers KV namespace.
    #[derive(Debug, Clone)]
    pub(crate) type MemoryKv;

    #[wasm_bindgen(constructor)]
    pub(crate) fn new() -> MemoryKv;

    /// Moves the namespace's clock forward by `ms`.
    #[wasm_bindgen(method)]
    pub(crate) fn advance(this: &MemoryKv, ms: f64);
}
