//! The app's error handlers, FastAPI's `@app.exception_handler(...)`.

use std::any::{Any, TypeId};

use http::StatusCode;

use crate::error::HttpError;
use crate::response::{IntoResponse, Response};

type ErrorHandler = Box<dyn Fn(Box<dyn Any>) -> Response>;

/// The app's error handlers by error type, FastAPI's `@app.exception_handler(...)`. A
/// list: an app has a few, which comparing type ids finds sooner than hashing them.
#[derive(Default)]
pub(crate) struct ErrorHandlers(Vec<(TypeId, ErrorHandler)>);

impl ErrorHandlers {
    pub(crate) fn insert<E: 'static, R: IntoResponse>(
        &mut self,
        handler: impl Fn(E) -> R + 'static,
    ) {
        let handler = move |error: Box<dyn Any>| match error.downcast::<E>() {
            Ok(error) => handler(*error).into_response(),
            // Only called with errors of type E (the map is keyed by it).
            Err(_) => HttpError::from_status(StatusCode::INTERNAL_SERVER_ERROR).into_response(),
        };
        let id = TypeId::of::<E>();
        match self.0.iter_mut().find(|(known, _)| *known == id) {
            Some((_, slot)) => *slot = Box::new(handler),
            None => self.0.push((id, Box::new(handler))),
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Lets the handler for the response's error type answer instead, if there is one.
    pub(crate) fn handle(&self, mut response: Response) -> Response {
        let Some(error) = response.take_error() else {
            return response;
        };
        let id = (*error).type_id();
        match self.0.iter().find(|(known, _)| *known == id) {
            Some((_, handler)) => handler(error),
            None => response,
        }
    }
}
