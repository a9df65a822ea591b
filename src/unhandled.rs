//! [`Error`]: what a handler returns to pass any error up with `?`, as an unhandled exception
//! reaches FastAPI: answered 500 `{"detail":"Internal Server Error"}`, the cause logged.

use std::fmt;

use http::StatusCode;

use crate::error::{HttpError, ValidationError};
use crate::extract::{BodyRejection, ParamsRejection};
use crate::fetch::FetchError;
use crate::pool::TaskError;
use crate::response::{IntoResponse, Response};
use crate::time::Elapsed;

/// Any error a handler does not handle itself: `?` converts every `std::error::Error` into
/// it. The SDK's own errors keep their answers (an [`HttpError`] its status and detail, a
/// 422 its items, an extractor's rejection its own answer, a failed subrequest 502, a
/// timeout 504); anything else is a bug or an
/// outage, answered 500 `{"detail":"Internal Server Error"}` with the cause logged, as
/// FastAPI answers an unhandled exception.
///
/// ```
/// use edgeapi::prelude::*;
///
/// #[derive(serde::Deserialize)]
/// struct Settings { retries: u32 }
///
/// fn settings(text: String) -> Result<String, edgeapi::Error> {
///     let settings: Settings = serde_json::from_str(&text)?;  // a serde_json::Error
///     if settings.retries > 5 {
///         Err(HttpError::new(StatusCode::BAD_REQUEST, "Too many retries"))?;
///     }
///     Ok(settings.retries.to_string())
/// }
///
/// let app = App::new().post("/settings", settings);
/// ```
///
/// Like `anyhow::Error`, it is not itself a `std::error::Error`, so that the conversion
/// from every error can exist.
pub struct Error(Box<dyn std::error::Error + 'static>);

impl<E: std::error::Error + 'static> From<E> for Error {
    fn from(error: E) -> Self {
        Error(Box::new(error))
    }
}

impl Error {
    /// The error this one carries, if it is an `E`.
    pub fn downcast_ref<E: std::error::Error + 'static>(&self) -> Option<&E> {
        self.0.downcast_ref()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let error = self.0;
        let error = match error.downcast::<HttpError>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<ValidationError>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<ParamsRejection>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<BodyRejection>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<FetchError>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<TaskError>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let error = match error.downcast::<Elapsed>() {
            Ok(error) => return error.into_response(),
            Err(error) => error,
        };
        let why = format!("edgeapi: a handler failed: {}", Error(error));
        HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response()
    }
}
