//! [`Response`]: status, headers and a [`ResponseBody`].

use std::any::Any;
use std::fmt;
use std::pin::Pin;

use futures_core::Stream;
use http::StatusCode;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::headers::Headers;
use crate::sys;

/// An HTTP response: status, headers and a [`ResponseBody`].
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
    headers: Headers,
    body: ResponseBody,
    /// Sends a [`ResponseBody::Stream`] to JS. [`Response::with_stream`], the only way to
    /// make one, stores it, so an app that never streams does not link the bridge.
    stream_to_js: Option<sys::stream::Bridge>,
    /// The error this response reports, for the app's error handlers.
    error: Option<Box<dyn Any>>,
}

/// A response body produced piece by piece (see `edgeapi::stream`).
pub type BodyStream = Pin<Box<dyn Stream<Item = Vec<u8>>>>;

/// What a response carries. New kinds of body (a WebSocket, say) are new variants.
#[non_exhaustive]
pub enum ResponseBody {
    /// Bytes, sent as they are; empty for no body.
    Bytes(Vec<u8>),
    /// Chunks sent as they are produced, as a JS `ReadableStream` pulling from Rust.
    Stream(BodyStream),
    /// A JS value the host takes as the body as it is, without passing through wasm
    /// memory: a `ReadableStream` (an R2 object's body, a subrequest's), a `Blob`, ...
    Js(JsValue),
    /// A whole JS `Response` the host gets as it is, its own status and headers included:
    /// a WebSocket's 101 (whose `webSocket` no Rust value carries), a Durable Object's
    /// answer forwarded. The Rust status and headers are ignored.
    JsResponse(web_sys::Response),
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseBody::Bytes(bytes) => write!(f, "{:?}", String::from_utf8_lossy(bytes)),
            ResponseBody::Stream(_) => f.write_str("<stream>"),
            ResponseBody::Js(value) => write!(f, "<JS {value:?}>"),
            ResponseBody::JsResponse(_) => f.write_str("<JS Response>"),
        }
    }
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .finish()
    }
}

impl Response {
    /// An empty response with `status`.
    pub fn new(status: StatusCode) -> Self {
        Self {
            status,
            headers: Headers::new(),
            body: ResponseBody::Bytes(Vec::new()),
            stream_to_js: None,
            error: None,
        }
    }

    /// `value` as a JSON body with `status`; a value serde cannot write is a bug in the
    /// app, logged and answered 500.
    pub(crate) fn json(status: StatusCode, value: &impl Serialize) -> Self {
        match serde_json::to_vec(value) {
            Ok(body) => Response::new(status)
                .with_header("content-type", "application/json")
                .with_body(body),
            Err(err) => Response::internal_error(&format!(
                "edgeapi: could not serialize a JSON response: {err}"
            )),
        }
    }

    /// FastAPI's answer to an unhandled error: 500 `{"detail":"Internal Server Error"}`,
    /// with `why` (which the client must not see) logged instead.
    pub(crate) fn internal_error(why: &str) -> Self {
        sys::console::error(why);
        Response::new(StatusCode::INTERNAL_SERVER_ERROR)
            .with_header("content-type", "application/json")
            .with_body(r#"{"detail":"Internal Server Error"}"#)
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
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The headers, to change.
    pub fn headers_mut(&mut self) -> &mut Headers {
        &mut self.headers
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// Adds a header. Line breaks in either part are replaced by spaces, so a header can
    /// never be split in two (response splitting).
    pub fn append_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.append(name, value);
    }

    /// Sets a header, replacing any earlier values of it.
    pub fn set_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.set(name, value);
    }

    /// Builder form of [`Response::set_header`].
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.set_header(name, value);
        self
    }

    /// The body bytes; empty when the body is a stream or a JS value.
    pub fn body(&self) -> &[u8] {
        match &self.body {
            ResponseBody::Bytes(bytes) => bytes,
            _ => &[],
        }
    }

    /// The body, whatever its kind.
    pub fn body_kind(&self) -> &ResponseBody {
        &self.body
    }

    /// Replaces the body with bytes.
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = ResponseBody::Bytes(body.into());
        self
    }

    /// Replaces the body with a stream of chunks, sent as they are produced.
    pub fn with_stream(mut self, stream: impl Stream<Item = Vec<u8>> + 'static) -> Self {
        self.body = ResponseBody::Stream(Box::pin(stream));
        self.stream_to_js = Some(sys::stream::readable_stream);
        self
    }

    /// Replaces the body with a JS value the host takes as it is (a `ReadableStream`, a
    /// `Blob`, an `ArrayBuffer`, a string).
    pub fn with_js_body(mut self, body: JsValue) -> Self {
        self.body = ResponseBody::Js(body);
        self
    }

    /// A JS `Response` handed to the host as it is (see [`ResponseBody::JsResponse`]);
    /// its status is copied here for middleware to read.
    pub fn from_js(response: web_sys::Response) -> Self {
        let status = StatusCode::from_u16(response.status()).unwrap_or(StatusCode::OK);
        let mut answer = Self::new(status);
        answer.body = ResponseBody::JsResponse(response);
        answer
    }

    /// True when the body is a stream (from Rust or from JS).
    pub fn is_streaming(&self) -> bool {
        !matches!(self.body, ResponseBody::Bytes(_))
    }

    /// Records the error this response reports, so an error handler registered with
    /// `App::error_handler` for its type can answer instead.
    pub fn with_error<E: 'static>(mut self, error: E) -> Self {
        self.error = Some(Box::new(error));
        self
    }

    /// The error this response reports, if it is an `E`.
    pub fn error<E: 'static>(&self) -> Option<&E> {
        self.error.as_ref()?.downcast_ref()
    }

    /// Takes out the error this response reports, for the app's error handlers.
    pub(crate) fn take_error(&mut self) -> Option<Box<dyn Any>> {
        self.error.take()
    }

    /// The parts, for the JS boundary.
    pub(crate) fn into_parts(self) -> (StatusCode, Headers, ResponseBody) {
        (self.status, self.headers, self.body)
    }

    /// What sends a [`ResponseBody::Stream`] body to JS, for the JS boundary.
    pub(crate) fn stream_to_js(&self) -> Option<sys::stream::Bridge> {
        self.stream_to_js
    }
}
