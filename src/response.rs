//! Responses as plain Rust values, and the [`IntoResponse`] conversions handlers return.
//!
//! A [`Response`] is built in Rust and crosses into JavaScript once, at the very end
//! (see `runtime`), so handlers and tests never touch JS objects.

use std::any::Any;
use std::fmt;
use std::pin::Pin;

use futures_core::Stream;
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
pub struct Response {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// A body produced piece by piece; when set, it replaces `body`.
    stream: Option<BodyStream>,
    /// The error this response reports, for the app's error handlers.
    error: Option<Box<dyn Any>>,
}

/// A response body produced piece by piece (see [`crate::stream`]).
pub type BodyStream = Pin<Box<dyn Stream<Item = Vec<u8>>>>;

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("streaming", &self.stream.is_some())
            .finish()
    }
}

impl Response {
    /// An empty response with `status`.
    pub fn new(status: StatusCode) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            stream: None,
            error: None,
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
        find_header(&self.headers, name)
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

    /// Replaces the body with a stream of chunks, sent as they are produced.
    pub fn with_stream(mut self, stream: impl Stream<Item = Vec<u8>> + 'static) -> Self {
        self.body.clear();
        self.stream = Some(Box::pin(stream));
        self
    }

    /// True when the body is a stream.
    pub fn is_streaming(&self) -> bool {
        self.stream.is_some()
    }

    /// Records the error this response reports, so an error handler registered with
    /// [`crate::App::error_handler`] for its type can answer instead.
    pub fn with_error<E: 'static>(mut self, error: E) -> Self {
        self.error = Some(Box::new(error));
        self
    }

    /// The error this response reports, if it is an `E`.
    pub fn error<E: 'static>(&self) -> Option<&E> {
        self.error.as_ref()?.downcast_ref()
    }

    pub(crate) fn take_error(&mut self) -> Option<Box<dyn Any>> {
        self.error.take()
    }

    /// Takes the body stream out, for the JS boundary.
    pub(crate) fn take_stream(&mut self) -> Option<BodyStream> {
        self.stream.take()
    }

    /// The parts, for the JS boundary.
    pub(crate) fn into_parts(self) -> (StatusCode, Vec<(String, String)>, Vec<u8>) {
        (self.status, self.headers, self.body)
    }
}

/// The first value of header `name` (case-insensitive) in a list of pairs.
pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
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

    /// Describes this response in the OpenAPI document without JSON Schemas (see
    /// [`crate::openapi::OperationOutput`] for schemas). By default, nothing is known,
    /// which the document shows as JSON of any shape, as FastAPI does.
    #[cfg(feature = "openapi")]
    fn openapi(_op: &mut crate::openapi::Operation<'_>) {}
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        op.empty_response();
    }
}

impl IntoResponse for () {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        op.empty_response();
    }
}

const TEXT: &str = "text/plain; charset=utf-8";

impl IntoResponse for &'static str {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", TEXT)
            .with_body(self)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        text_response(op);
    }
}

#[cfg(feature = "openapi")]
fn text_response(op: &mut crate::openapi::Operation<'_>) {
    op.response("text/plain", serde_json::json!({"type": "string"}));
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
                let why = format!("edgeapi: could not serialize a JSON response: {err}");
                HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response()
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

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        op.response("text/html", serde_json::json!({"type": "string"}));
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        op.empty_response();
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
/// assert_eq!(csv.headers(), [("content-type".to_owned(), "text/csv".to_owned())]);
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
        response
            .headers
            .retain(|(name, _)| !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
        for (name, value) in headers {
            response.append_header(name, value);
        }
        response
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        T::openapi(op);
    }
}

/// A `Set-Cookie` header, built as Starlette's `response.set_cookie` builds it
/// (`Path=/` and `SameSite=lax` by default).
///
/// ```
/// use edgeapi::{IntoResponse, SetCookie};
/// let cookie = SetCookie::new("session", "abc").max_age(3600).http_only().secure();
/// assert_eq!(
///     cookie.to_string(),
///     "session=abc; HttpOnly; Max-Age=3600; Path=/; SameSite=lax; Secure"
/// );
/// let response = ([cookie.header()], "logged in").into_response();
/// assert!(response.header("set-cookie").unwrap().starts_with("session=abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    name: String,
    value: String,
    max_age: Option<i64>,
    path: String,
    domain: Option<String>,
    secure: bool,
    http_only: bool,
    same_site: &'static str,
}

impl SetCookie {
    /// A cookie with Starlette's defaults.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            max_age: None,
            path: "/".into(),
            domain: None,
            secure: false,
            http_only: false,
            same_site: "lax",
        }
    }

    /// A cookie that deletes `name` in the browser (`Max-Age=0`).
    pub fn delete(name: impl Into<String>) -> Self {
        Self::new(name, "").max_age(0)
    }

    /// Lifetime in seconds.
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// The path the cookie is sent for (default `/`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The domain the cookie is sent to.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sent over HTTPS only.
    pub fn secure(mut self) -> Self {
        self.secure = true;
        self
    }

    /// Hidden from page scripts.
    pub fn http_only(mut self) -> Self {
        self.http_only = true;
        self
    }

    /// `SameSite`: `"lax"` (default), `"strict"` or `"none"`.
    pub fn same_site(mut self, policy: &'static str) -> Self {
        self.same_site = policy;
        self
    }

    /// The `("set-cookie", value)` pair, for header arrays in response tuples.
    pub fn header(&self) -> (&'static str, String) {
        ("set-cookie", self.to_string())
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if let Some(domain) = &self.domain {
            write!(f, "; Domain={domain}")?;
        }
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(max_age) = self.max_age {
            write!(f, "; Max-Age={max_age}")?;
        }
        write!(f, "; Path={}; SameSite={}", self.path, self.same_site)?;
        if self.secure {
            f.write_str("; Secure")?;
        }
        Ok(())
    }
}
