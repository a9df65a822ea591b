//! [`Redirect`]: 303, 307 and 308 answers.

use http::StatusCode;

use super::{IntoResponse, Response};

/// A redirect. [`Redirect::to`] answers 307, as Starlette's `RedirectResponse` does, so
/// the method and body are kept; [`Redirect::see_other`] (303) turns a POST into a GET.
///
/// ```
/// use edgeapi::{IntoResponse, Redirect, StatusCode};
/// let response = Redirect::to("/items/").into_response();
/// assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
/// assert_eq!(response.header("location"), Some("/items/"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    status: StatusCode,
    location: String,
}

impl Redirect {
    /// 307 Temporary Redirect.
    pub fn to(location: impl Into<String>) -> Self {
        Self::with_status(StatusCode::TEMPORARY_REDIRECT, location)
    }

    /// 303 See Other.
    pub fn see_other(location: impl Into<String>) -> Self {
        Self::with_status(StatusCode::SEE_OTHER, location)
    }

    /// 308 Permanent Redirect.
    pub fn permanent(location: impl Into<String>) -> Self {
        Self::with_status(StatusCode::PERMANENT_REDIRECT, location)
    }

    fn with_status(status: StatusCode, location: impl Into<String>) -> Self {
        Self {
            status,
            location: location.into(),
        }
    }
}

impl IntoResponse for Redirect {
    fn into_response(self) -> Response {
        Response::new(self.status).with_header("location", self.location)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.empty_response();
    }
}
