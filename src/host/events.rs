//! The host's events that are not requests, handed to the app's handlers: a cron
//! trigger's `scheduled(event, env, ctx)` and a queue's `queue(batch, env, ctx)`.
//!
//! Each answers a `Promise` that resolves when the handler is done and rejects when it
//! failed, returned `Err`, or the instance panicked while it waited; for a queue, workerd
//! then delivers the batch again.

use wasm_bindgen::JsValue;

use crate::app::App;
use crate::bindings::{Ctx, Env};
use crate::sys;

impl App {
    /// Serves a cron trigger's `scheduled(event, env, ctx)`.
    pub fn scheduled_event(&self, event: JsValue, env: JsValue, ctx: JsValue) -> js_sys::Promise {
        let handler = self.scheduled_handler().cloned();
        run("scheduled", "App::scheduled", handler, event, env, ctx)
    }

    /// Serves a queue consumer's `queue(batch, env, ctx)`.
    pub fn queue_batch(&self, batch: JsValue, env: JsValue, ctx: JsValue) -> js_sys::Promise {
        let handler = self.queue_handler().cloned();
        run("queue", "App::queue", handler, batch, env, ctx)
    }
}

fn run(
    event: &'static str,
    setter: &'static str,
    handler: Option<crate::app::EventHandler>,
    value: JsValue,
    env: JsValue,
    ctx: JsValue,
) -> js_sys::Promise {
    let Some(handler) = handler else {
        let why =
            format!("edgeapi: the host sent a {event} event, but the app has no {setter} handler");
        sys::console::error(&why);
        return js_sys::Promise::reject(&js_sys::Error::new(&why));
    };
    handler(value, Env::from_js(env), Ctx::from_js(ctx))
}
