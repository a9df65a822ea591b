//! The host's console and its clock.

#[cfg(target_arch = "wasm32")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = console, js_name = error)]
        pub fn error(message: &str);

        #[wasm_bindgen(js_namespace = console, js_name = warn)]
        pub fn warn(message: &str);

        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        pub fn now_ms() -> f64;
    }
}

/// Logs one line as an error (`console.error` in wasm, stderr natively).
pub(crate) fn error(message: &str) {
    #[cfg(target_arch = "wasm32")]
    js::error(message);
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{message}");
}

/// Logs one line as a warning (`console.warn` in wasm, stderr natively).
pub(crate) fn warn(message: &str) {
    #[cfg(target_arch = "wasm32")]
    js::warn(message);
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("{message}");
}

/// Milliseconds on the host's monotonic clock (`performance.now()`; natively, since the
/// first call on this thread).
pub(crate) fn now_ms() -> f64 {
    #[cfg(target_arch = "wasm32")]
    return js::now_ms();
    #[cfg(not(target_arch = "wasm32"))]
    {
        use std::time::Instant;
        thread_local! {
            static START: Instant = Instant::now();
        }
        START.with(|start| start.elapsed().as_secs_f64() * 1000.0)
    }
}
