//! Extractors of what a request carries besides its data: the app's state and the
//! request's background tasks.

use std::any::type_name;
use std::convert::Infallible;

use http::StatusCode;

use super::FromRequestParts;
use crate::background::BackgroundTasks;
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

impl FromRequestParts for BackgroundTasks {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(parts.background.clone())
    }
}
