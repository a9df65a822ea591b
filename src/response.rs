//! Responses as plain Rust values, and the [`IntoResponse`] conversions handlers return.
//!
//! A [`Response`] is built in Rust and crosses into JavaScript once, at the very end
//! (see `runtime`), so handlers and tests never touch JS objects.

use http::StatusCode;
use serde::Serialize;

use crate::error::HttpError;

/// An HTTP response: status, headers and a body of bytes.
///
/// ```
/// use edgeapi::{Response, StatusCode};
///
/// let response = Response::new(StatusCode::CREATED)
///     .with_header("content-type", "text/plain; charset=utf-8")
///     .with_body("made");
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.body(), b"made");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    /// An empty response with `status`.
    pub fn new(status: StatusCode) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Replaces the status code.
    pub fn set_status(&mut self, status: StatusCode) {
        self.status = status;
    }

    /// The headers, in the order they were added.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Adds a header. Line breaks in either part are replaced by spaces, so a header can
    /// never be split in two (response splitting).
    pub fn append_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers
            .push((single_line(name.into()), single_line(value.into())));
    }

    /// Sets a header, replacing any earlier values of it.
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(&name));
        self.append_header(name, value);
    }

    /// Builder form of [`Response::set_header`].
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_header(name, value);
        self
    }

    /// The body bytes.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Replaces the body.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// The parts, for the JS boundary.
    pub(crate) fn into_parts(self) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
        (self.status, self.headers, self.body)
    }
}

fn single_line(text: String) -> String {
    if text.contains(['\r', '\n']) {
        text.replace(['\r', '\n'], " ")
    } else {
        text
    }
}

/// Anything a handler can return.
///
/// ```
/// use edgeapi::{IntoResponse, Json, StatusCode};
///
/// let response = (StatusCode::CREATED, Json(serde_json::json!({"id": 1}))).into_response();
/// assert_eq!(response.status(), StatusCode::CREATED);
/// assert_eq!(response.body(), br#"{"id":1}"#);
/// ```
pub trait IntoResponse {
    /// Converts `self` into a response.
    fn into_response(self) -> Response;
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
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", TEXT)
            .with_body(self)
    }
}

impl IntoResponse for String {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", TEXT)
            .with_body(self)
    }
}

/// A JSON body: `Json(value)` out of a handler serializes `value` with serde.
///
/// As an extractor (`Json<T>` argument) it reads the request body; see [`crate::extract`].
///
/// ```
/// use edgeapi::{IntoResponse, Json};
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Message { message: &'static str }
///
/// let response = Json(Message { message: "Hello World" }).into_response();
/// assert_eq!(response.header("content-type"), Some("application/json"));
/// assert_eq!(response.body(), br#"{"message":"Hello World"}"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => Response::new(StatusCode::OK)
                .with_header("content-type", "application/json")
                .with_body(body),
            Err(err) => {
                crate::runtime::log_error(&format!(
                    "edgeapi: could not serialize a JSON response: {err}"
                ));
                HttpError::from_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
            }
        }
    }
}

impl<T: IntoResponse> IntoResponse for (StatusCode, T) {
    fn into_response(self) -> Response {
        let mut response = self.1.into_response();
        response.set_status(self.0);
        response
    }
}

impl<T: IntoResponse, E: IntoResponse> IntoResponse for Result<T, E> {
    fn into_response(self) -> Response {
        match self {
            Ok(value) => value.into_response(),
            Err(err) => err.into_response(),
        }
    }
}
