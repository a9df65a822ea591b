//! The bridge from an app to a JS host: a JS `Request` in, a JS `Response` or a
//! `Promise<Response>` out.
//!
//! A ready outcome (a sync handler, 404, 405) becomes a `Response` directly. A pending one
//! is polled once first, as a JS async function runs up to its first `await`: when it is
//! already done, the `Promise` is made resolved, with no task queued; otherwise it becomes
//! a `Promise` through wasm-bindgen-futures, which also answers 500 if the instance panics
//! while the handler waits.

use http::Method;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use super::respond::to_js_response;
use crate::app::App;
use crate::background::TaskQueue;
use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::Response;
use crate::sys;

impl App {
    /// Serves a JS `Request`: returns a JS `Response` for a sync route and a
    /// `Promise<Response>` for an async one. This is what the exported wasm `handle` calls.
    pub fn fetch(&self, request: web_sys::Request, env: JsValue, ctx: JsValue) -> JsValue {
        let request = Request::from_js(request, env, ctx);
        let after = AfterResponse::of(&request);
        match self.dispatch(request) {
            Outcome::Ready(response) => after.respond(response).into(),
            Outcome::Pending(future) => match Outcome::poll_once(future) {
                Outcome::Ready(response) => {
                    js_sys::Promise::resolve(&after.respond(response)).into()
                }
                // Only a handler still waiting can be caught by a panic elsewhere.
                Outcome::Pending(future) => {
                    sys::recovery::settle_on_panic(future_to_promise(async move {
                        Ok(after.respond(future.await).into())
                    }))
                    .into()
                }
            },
        }
    }
}

/// What happens once the response exists: HEAD drops the body, and queued background
/// tasks start (through `ctx.waitUntil` where the host has it).
struct AfterResponse {
    head: bool,
    background: TaskQueue,
    ctx: JsValue,
}

impl AfterResponse {
    fn of(request: &Request) -> Self {
        let parts = request.parts();
        Self {
            head: parts.method() == Method::HEAD,
            background: parts.background.clone(),
            ctx: parts.ctx().clone(),
        }
    }

    fn respond(self, response: Response) -> web_sys::Response {
        let response = to_js_response(response, self.head);
        if let Some(tasks) = self.background.take() {
            sys::context::wait_until(&self.ctx, tasks);
        }
        response
    }
}
