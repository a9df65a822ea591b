//! The host's events that are not requests, handed to the app's handlers: a cron
//! trigger's `scheduled(event, env, ctx)` and a queue's `queue(batch, env, ctx)`.
//!
//! Each answers a `Promise` that resolves when the handler is done and rejects when it
//! failed, returned `Err`, or the instance panicked while it waited; for a queue, workerd
//! then delivers the batch again.

use std::future::Future;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

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
    let future = handler(value, Env::from_js(env), Ctx::from_js(ctx));
    promise(event, future)
}

/// The `Promise` of an event handler's future: rejected, with the reason logged, when it
/// returns `Err` or the instance panics while it waits.
///
/// The future runs at once up to its first wait, as a JS async function does, so what it
/// does without waiting (a hibernated socket's message relayed to the others) happens
/// within the host's event rather than in a later microtask (see `websocket/task.rs`).
pub(crate) fn promise(
    event: &'static str,
    future: impl Future<Output = Result<(), String>> + 'static,
) -> js_sys::Promise {
    let settle = move |done: Result<(), String>| {
        done.map(|()| JsValue::UNDEFINED).map_err(|why| {
            let why = format!("edgeapi: the {event} handler failed: {why}");
            sys::console::error(&why);
            JsValue::from(js_sys::Error::new(&why))
        })
    };
    let mut future = Box::pin(future);
    // The noop waker is safe: a future still pending is polled again by
    // wasm-bindgen-futures, which registers a real one.
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(done) => match settle(done) {
            Ok(value) => js_sys::Promise::resolve(&value),
            Err(error) => js_sys::Promise::reject(&error),
        },
        Poll::Pending => {
            sys::recovery::fail_on_panic(future_to_promise(async move { settle(future.await) }))
        }
    }
}
