//! [`Redirect`]: 303, 307 and 308 answers.

use http::StatusCode;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::into_response::IntoResponse;
use super::message::Response;

/// What Starlette's `RedirectResponse` leaves as it is (`quote(url, safe=...)` plus the
/// unreserved `_.-~`); everything else, non-ASCII and control characters included, is
/// percent-encoded, so any location a handler gives is a valid header value.
const LOCATION: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b':')
    .remove(b'/')
    .remove(b'%')
    .remove(b'#')
    .remove(b'?')
    .remove(b'=')
    .remove(b'@')
    .remove(b'[')
    .remove(b']')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';');

/// A redirect. [`Redirect::to`] answers 307, as Starlette's `RedirectResponse` does, so
/// the method and body are kept; [`Redirect::see_other`] (303) turns a POST into a GET.
/// The location is percent-encoded as Starlette encodes it, so any text is a valid one.
///
/// ```
/// use edgeapi::{IntoResponse, Redirect, StatusCode};
/// let response = Redirect::to("/items/").into_response();
/// assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
/// assert_eq!(response.header("location"), Some("/items/"));
/// let response = Redirect::to("/caf\u{e9} menu?q=\u{1F354}").into_response();
/// assert_eq!(response.header("location"), Some("/caf%C3%A9%20menu?q=%F0%9F%8D%94"));
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
        let location = utf8_percent_encode(&self.location, LOCATION).to_string();
        Response::new(self.status).with_header("location", location)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.empty_response();
    }
}
