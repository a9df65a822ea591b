//! The app's handlers for what is not a request (a cron trigger, a queue's batches), kept
//! as the host's JS values go in: [`App::scheduled`](super::App::scheduled) and
//! [`App::queue`](super::App::queue) make them.

use std::fmt;
use std::rc::Rc;

use futures_util::future::LocalBoxFuture;
use wasm_bindgen::JsValue;

use crate::bindings::{Ctx, Env};

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

/// A handler of one kind of event, its argument still the host's JS value.
pub(crate) type EventHandler =
    Rc<dyn Fn(JsValue, Env, Ctx) -> LocalBoxFuture<'static, Result<(), String>>>;

/// The app's event handlers, each optional.
#[derive(Default, Clone)]
pub(crate) struct EventHandlers {
    pub(crate) scheduled: Option<EventHandler>,
    pub(crate) queue: Option<EventHandler>,
}
