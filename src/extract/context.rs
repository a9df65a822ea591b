//! Extractors of what a request carries besides its data: the app's state and the
//! request's background tasks.

use std::any::type_name;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;

use http::StatusCode;

use super::from_request::FromRequestParts;
use crate::background::TaskQueue;
use crate::error::HttpError;
use crate::request::Parts;

/// A clone of the app state of type `T`, registered with [`crate::App::state`].
///
/// State lives as long as the isolate; wrap what handlers change in `Rc<RefCell<..>>`
/// or `Cell` (there are no threads, so no `Mutex` and no `Send` is needed).
///
/// ```
/// use std::cell::Cell;
/// use std::rc::Rc;
/// use edgeapi::prelude::*;
///
/// #[derive(Clone, Default)]
/// struct Counter(Rc<Cell<u64>>);
///
/// fn hit(State(counter): State<Counter>) -> String {
///     counter.0.set(counter.0.get() + 1);
///     counter.0.get().to_string()
/// }
///
/// let app = App::new().state(Counter::default()).get("/hits", hit);
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct State<T>(pub T);

impl<T: Clone + 'static> FromRequestParts for State<T> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
        match parts.state.get::<T>() {
            Some(value) => Ok(State(value.clone())),
            None => {
                // A bug in the app, not in the request: say so in the log, not to the client.
                let why = format!(
                    "edgeapi: State<{0}> used, but App::state was never given a {0}",
                    type_name::<T>()
                );
                Err(HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why))
            }
        }
    }
}

/// A queue of tasks that run, in order, after the response is returned, FastAPI's
/// `BackgroundTasks`.
///
/// On Workers the tasks are handed to `ctx.waitUntil`, so the isolate stays up until they
/// finish; elsewhere they run on the event loop.
///
/// ```
/// use edgeapi::prelude::*;
///
/// async fn log_visit(path: String) { /* write to KV, call an upstream ... */ }
///
/// fn visit(tasks: BackgroundTasks) -> &'static str {
///     tasks.add(log_visit("/visit".to_owned()));
///     "answered before the task runs"
/// }
///
/// let app = App::new().get("/visit", visit);
/// ```
#[derive(Clone)]
pub struct BackgroundTasks(TaskQueue);

impl BackgroundTasks {
    /// Queues a future to run after the response.
    pub fn add(&self, task: impl Future<Output = ()> + 'static) {
        self.0.push(task);
    }

    /// Queues a plain function to run after the response.
    pub fn add_sync(&self, task: impl FnOnce() + 'static) {
        self.add(async move { task() });
    }

    /// How many tasks are queued.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for BackgroundTasks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BackgroundTasks({} queued)", self.len())
    }
}

impl FromRequestParts for BackgroundTasks {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(BackgroundTasks(parts.background.clone()))
    }
}
