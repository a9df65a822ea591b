//! The host's execution context (`ctx` of a worker's `fetch`): `waitUntil`.

use std::future::Future;

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

/// Runs `future` on the event loop and, where `ctx` has `waitUntil`, hands its Promise
/// there so the isolate stays up until it finishes.
pub(crate) fn wait_until(ctx: &JsValue, future: impl Future<Output = ()> + 'static) {
    let promise = future_to_promise(async move {
        future.await;
        Ok(JsValue::UNDEFINED)
    });
    if let Some(wait_until) = super::property(ctx, "waitUntil") {
        if let Some(wait_until) = wait_until.dyn_ref::<Function>() {
            // A host whose waitUntil throws (a context already finished) still runs the
            // future: it was started above.
            let _ = wait_until.call1(ctx, &promise);
        }
    }
}
