//! [`IntoResponse`]: what a handler may return, and the body types [`Html`] and [`Blob`].
//! (`Json`, both a body to read and one to answer, is in `extract`.)

use http::StatusCode;

#[cfg(feature = "openapi")]
use crate::describe::Operation;

use super::message::Response;

const TEXT: &str = "text/plain; charset=utf-8";

/// Anything a handler can return.
///
/// ```
/// use edgeapi::{IntoResponse, Json, StatusCode};
///
/// let response = (StatusCode::CREATED, Json(serde_json::json!({"id": 1}))).into_response();
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.body(), br#"{"id":1}"#);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a response",
    label = "not a response",
    note = "a handler returns a type that implements IntoResponse: &str, String, Json<T>, \
            Html<T>, StatusCode, (), (StatusCode, T), Result<T, E>, Response, HttpError, ..."
)]
pub trait IntoResponse {
    /// Converts `self` into a response.
    fn into_response(self) -> Response;

    /// Describes this response in the OpenAPI document: the one place it is described
    /// (see `FromRequestParts::openapi` for how schemas are found). By default nothing is
    /// known, which the document shows as JSON of any shape, as FastAPI does.
    #[cfg(feature = "openapi")]
    fn openapi(_op: &mut Operation<'_>) {}
}

impl IntoResponse for Response {
    fn into_response(self) -> Response {
        self
    }
}

impl IntoResponse for StatusCode {
    fn into_response(self) -> Response {
        Response::new(self)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        op.empty_response();
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        op.empty_response();
    }
}

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", TEXT)
            .with_body(self)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        text_response(op);
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", TEXT)
            .with_body(self)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        text_response(op);
    }
}

#[cfg(feature = "openapi")]
fn text_response(op: &mut Operation<'_>) {
    op.response("text/plain", crate::describe::string_schema());
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        response.set_status(self.0);
        response
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        T::openapi(op);
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(value) => value.into_response(),
            Err(err) => err.into_response(),
        }
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        T::openapi(op);
    }
}

/// An HTML body (`text/html; charset=utf-8`).
///
/// ```
/// use edgeapi::{Html, IntoResponse};
/// let response = Html("<h1>Hi</h1>").into_response();
/// assert_eq!(response.header("content-type"), Some("text/html; charset=utf-8"));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Html<T>(pub T);

impl<T: Into<Vec<u8>>> IntoResponse for Html<T> {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", "text/html; charset=utf-8")
            .with_body(self.0)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        op.response("text/html", crate::describe::string_schema());
    }
}

/// Bytes with a content type of your choosing.
///
/// ```
/// use edgeapi::{Blob, IntoResponse};
/// let response = Blob("image/png", vec![0x89, b'P', b'N', b'G']).into_response();
/// assert_eq!(response.header("content-type"), Some("image/png"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob<T>(pub &'static str, pub T);

impl<T: Into<Vec<u8>>> IntoResponse for Blob<T> {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", self.0)
            .with_body(self.1)
    }
}

/// Adds headers to a response: `([("x-a", "1")], body)` or
/// `(StatusCode::CREATED, [("location", "/items/1")], body)`. A header named here replaces
/// the body's own (a `content-type` here is the only one, as in Starlette); a name given
/// twice here is sent twice (two `set-cookie`s).
///
/// ```
/// use edgeapi::{IntoResponse, StatusCode};
/// let response = (StatusCode::CREATED, [("location", "/items/1")], "made").into_response();
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.header("location"), Some("/items/1"));
///
/// let csv = ([("content-type", "text/csv")], "a,b").into_response();
/// assert_eq!(csv.headers().iter().collect::<Vec<_>>(), [("content-type", "text/csv")]);
/// ```
impl<K, V, const N: usize, T> IntoResponse for ([(K, V); N], T)
where
    K: Into<String>,
    V: Into<String>,
    T: IntoResponse,
{
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        let headers = self.0.map(|(name, value)| (name.into(), value.into()));
        for (name, _) in &headers {
            response.headers_mut().remove(name);
        }
        for (name, value) in headers {
            response.append_header(name, value);
        }
        response
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        T::openapi(op);
    }
}

impl<K, V, const N: usize, T> IntoResponse for (StatusCode, [(K, V); N], T)
where
    K: Into<String>,
    V: Into<String>,
    T: IntoResponse,
{
    fn into_response(self) -> Response {
        let mut response = (self.1, self.2).into_response();
        response.set_status(self.0);
        response
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        T::openapi(op);
    }
}
