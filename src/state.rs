//! App state shared by every request: `App::state(value)` once, `State<T>` in handlers.

use std::any::{type_name, Any, TypeId};
use std::collections::HashMap;
use std::fmt;

use http::StatusCode;

use crate::error::HttpError;
use crate::extract::FromRequestParts;
use crate::request::Parts;

/// Values registered with [`crate::App::state`], one per type.
#[derive(Default)]
pub(crate) struct StateMap(HashMap<TypeId, Box<dyn Any>>);

impl StateMap {
    pub(crate) fn insert<T: 'static>(&mut self, value: T) {
        self.0.insert(TypeId::of::<T>(), Box::new(value));
    }

    fn get<T: 'static>(&self) -> Option<&T> {
        self.0.get(&TypeId::of::<T>())?.downcast_ref()
    }
}

impl fmt::Debug for StateMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateMap({} values)", self.0.len())
    }
}

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
