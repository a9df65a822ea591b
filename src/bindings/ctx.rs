//! [`Ctx`]: the worker's execution context.

use std::convert::Infallible;
use std::future::Future;

use wasm_bindgen::JsValue;

use crate::extract::FromRequestParts;
use crate::request::Parts;
use crate::sys;

/// The worker's execution context (`ctx`).
#[derive(Debug, Clone)]
pub struct Ctx(JsValue);

impl Ctx {
    /// Keeps the isolate alive until `future` finishes, after the response is sent.
    /// Where the host has no `waitUntil` (browsers, Node), the future still runs.
    pub fn wait_until(&self, future: impl Future<Output = ()> + 'static) {
        sys::context::wait_until(&self.0, future);
    }

    /// The `ctx` a host handed over.
    pub(crate) fn from_js(ctx: JsValue) -> Self {
        Ctx(ctx)
    }

    /// The raw JS context.
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }
}

impl FromRequestParts for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(Ctx(parts.ctx().clone()))
    }
}
