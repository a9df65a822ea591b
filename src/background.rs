//! Work that goes on after the response: the host's `waitUntil`.
//!
//! workerd ends a request's leftover work once the response is sent, unless it was handed
//! to `ctx.waitUntil(promise)`; a Service Worker has `event.waitUntil` for the same. The
//! [`WaitUntil`] extractor gives a handler that hook, and falls back to a plain local task
//! where the host has none (Node, a page, tests).

use std::convert::Infallible;
use std::future::Future;

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::future_to_promise;

use crate::extract::FromRequestParts;
use crate::request::Parts;

/// Runs futures after the response, for as long as the host allows (FastAPI's
/// background tasks).
///
/// ```no_run
/// use edgeapi::prelude::*;
///
/// async fn send_receipt(email: String) { /* a subrequest to a mail service */ }
///
/// fn order(background: WaitUntil) -> &'static str {
///     background.spawn(send_receipt("a@example.com".into()));
///     "ordered" // answered now; the receipt goes out afterwards
/// }
///
/// let app = App::new().post("/order", order);
/// ```
#[derive(Debug, Clone)]
pub struct WaitUntil {
    ctx: JsValue,
}

impl WaitUntil {
    /// A handle on the host context `ctx` (the worker's `fetch(request, env, ctx)` third
    /// argument, or any object with a `waitUntil(promise)` method).
    pub fn new(ctx: JsValue) -> Self {
        Self { ctx }
    }

    /// Starts `future` now and asks the host to keep the isolate alive until it ends.
    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) {
        let promise = future_to_promise(async move {
            future.await;
            Ok(JsValue::UNDEFINED)
        });
        // The promise runs by itself; waitUntil only extends the isolate's life.
        if let Some(wait_until) = self.host_wait_until() {
            if let Err(err) = wait_until.call1(&self.ctx, &promise) {
                crate::runtime::log_error(&format!("edgeapi: waitUntil failed: {err:?}"));
            }
        }
    }

    fn host_wait_until(&self) -> Option<Function> {
        if !self.ctx.is_object() {
            return None;
        }
        Reflect::get(&self.ctx, &JsValue::from_str("waitUntil"))
            .ok()?
            .dyn_into()
            .ok()
    }
}

impl FromRequestParts for WaitUntil {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(Self::new(parts.ctx().clone()))
    }
}
