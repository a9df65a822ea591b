//! The app's error handlers, FastAPI's `@app.exception_handler(...)`.

use std::any::{Any, TypeId};

use http::StatusCode;

use crate::error::HttpError;
use crate::response::{IntoResponse, Response};
use crate::state::ByType;

type ErrorHandler = Box<dyn Fn(Box<dyn Any>) -> Response>;

/// The app's error handlers by error type, FastAPI's `@app.exception_handler(...)`.
#[derive(Default)]
pub(crate) struct ErrorHandlers(ByType<ErrorHandler>);

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
        self.0.insert(TypeId::of::<E>(), Box::new(handler));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Lets the handler for the response's error type answer instead, if there is one.
    pub(crate) fn handle(&self, mut response: Response) -> Response {
        let Some(error) = response.take_error() else {
            return response;
        };
        match self.0.get((*error).type_id()) {
            Some(handler) => handler(error),
            None => response,
        }
    }
}
