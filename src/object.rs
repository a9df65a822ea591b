//! [`DurableObject`]: a Durable Object written in Rust, served with an app of its own.

use std::rc::Rc;

use crate::app::App;
use crate::bindings::{Env, ObjectState};
use crate::unhandled::Error;
use crate::websocket::{Message, WebSocket};

/// A Durable Object class written in Rust: one instance per id, each with its own
/// [`ObjectState`] (transactional storage, alarm, WebSockets) and its own [`App`] of
/// routes, which serves what its stubs send ([`crate::ObjectStub::fetch`]).
///
/// [`crate::durable_objects!`] exports the classes; `edgeapi build` writes the JS class
/// workerd instantiates for each into the worker's entry, so the only JS is generated.
/// `wrangler.toml` binds the class (`[[durable_objects.bindings]]`) and declares it in a
/// migration (`new_sqlite_classes`).
///
/// Nothing here asks for `Send`: an object runs on one thread, and its input and output
/// gates decide what may interleave (see the README).
///
/// ```no_run
/// use std::rc::Rc;
/// use edgeapi::prelude::*;
/// use edgeapi::{DurableObject, ObjectState};
///
/// pub struct Counter;
///
/// async fn increment(state: ObjectState) -> Result<String, edgeapi::Error> {
///     let storage = state.storage();
///     let value = storage.get::<u64>("value").await?.unwrap_or(0) + 1;
///     storage.put("value", &value).await?;
///     Ok(value.to_string())
/// }
///
/// impl DurableObject for Counter {
///     fn new(_state: ObjectState, _env: Env) -> Self {
///         Counter
///     }
///
///     fn app(self: Rc<Self>) -> App {
///         App::new().post("/increment", increment)
///     }
/// }
///
/// edgeapi::durable_objects!(Counter);
/// ```
#[allow(async_fn_in_trait)] // on purpose: objects run on one thread, no `Send` asked
pub trait DurableObject: Sized + 'static {
    /// Makes the instance when workerd first calls it (after a panic, again).
    fn new(state: ObjectState, env: Env) -> Self;

    /// The object's routes, built once per instance. Register the instance itself with
    /// [`App::state`] when handlers need its fields (`State<Rc<Self>>`); [`ObjectState`]
    /// is an extractor in these routes.
    fn app(self: Rc<Self>) -> App;

    /// Runs when the alarm set with [`crate::Storage::set_alarm`] rings. An `Err` (or a
    /// panic) makes workerd try it again later.
    async fn alarm(self: Rc<Self>) -> Result<(), Error> {
        Ok(())
    }

    /// A message on a socket taken with [`ObjectState::accept_websocket`] (the hibernation
    /// API): a text or binary frame.
    async fn websocket_message(
        self: Rc<Self>,
        socket: WebSocket,
        message: Message,
    ) -> Result<(), Error> {
        let _ = (socket, message);
        Ok(())
    }

    /// The peer closed a socket taken with [`ObjectState::accept_websocket`]; the default
    /// answers with the same code (1000 when the peer gave none).
    async fn websocket_close(
        self: Rc<Self>,
        socket: WebSocket,
        code: u16,
        reason: String,
    ) -> Result<(), Error> {
        let code = if matches!(code, 1005 | 1006 | 1015) {
            1000
        } else {
            code
        };
        let _ = socket.close(code, &reason);
        Ok(())
    }
}
