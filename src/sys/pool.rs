//! The worker pool of `src/js/pool.js`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/pool.js")]
extern "C" {
    /// Starts `size` workers (0: one per core) loading the glue at `glue` and `module`;
    /// returns how many tasks can run at once (0 where the host has no workers).
    #[wasm_bindgen(catch, js_name = startPool)]
    pub(crate) fn start_pool(glue: &str, module: JsValue, size: u32) -> Result<u32, JsValue>;

    #[wasm_bindgen(js_name = poolSize)]
    pub(crate) fn pool_size() -> u32;

    /// Runs task `name` on JSON `args` on a worker: the JSON result, `null` when no pool
    /// could take it, or a rejection with the worker's error.
    #[wasm_bindgen(catch, js_name = runOnPool)]
    pub(crate) fn run_on_pool(name: &str, args: String) -> Result<js_sys::Promise, JsValue>;
}
