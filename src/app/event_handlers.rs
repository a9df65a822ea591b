//! The app's handlers for what is not a request (a cron trigger, a queue's batches), kept
//! as the host calls them, a JS value in and a `Promise` out:
//! [`App::scheduled`](super::App::scheduled) and [`App::queue`](super::App::queue) make
//! them.

use std::fmt;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use wasm_bindgen::JsValue;
use wasm_bindgen_futures::future_to_promise;

use crate::bindings::{Ctx, Env};
use crate::sys;

/// What an event handler ([`App::scheduled`](super::App::scheduled),
/// [`App::queue`](super::App::queue)) returns: `()`, or a
/// `Result` whose error is logged and fails the event (a queue batch is then delivered
/// again).
pub trait EventResult {
    /// `Err` with the error's text when the handler failed.
    fn into_result(self) -> Result<(), String>;
}

impl EventResult for () {
    fn into_result(self) -> Result<(), String> {
        Ok(())
    }
}

impl<E: fmt::Display> EventResult for Result<(), E> {
    fn into_result(self) -> Result<(), String> {
        self.map_err(|err| err.to_string())
    }
}

/// A handler of one kind of event, its argument still the host's JS value: the `Promise`
/// of its end ([`event_promise`]). Made where the app sets it, so an app without one does
/// not link what runs one.
pub(crate) type EventHandler = Rc<dyn Fn(JsValue, Env, Ctx) -> js_sys::Promise>;

/// The app's event handlers, each optional.
#[derive(Default, Clone)]
pub(crate) struct EventHandlers {
    pub(crate) scheduled: Option<EventHandler>,
    pub(crate) queue: Option<EventHandler>,
}

/// The `Promise` of an event handler's future: rejected, with the reason logged, when it
/// returns `Err` or the instance panics while it waits.
///
/// The future runs at once up to its first wait, as a JS async function does, so what it
/// does without waiting (a hibernated socket's message relayed to the others) happens
/// within the host's event rather than in a later microtask (see `websocket/task.rs`).
pub(crate) fn event_promise(
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
