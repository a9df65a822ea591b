//! Subrequests: an HTTP call to another service, as a future.
//!
//! A [`Fetch`] is built in Rust (method, headers, JSON body), crosses into JS once to call
//! the host's `fetch`, and comes back as a [`FetchResponse`] with the whole body read.
//! Awaiting several at once (see [`crate::concurrent`]) overlaps their waiting.
//!
//! ```no_run
//! use edgeapi::concurrent::try_join3;
//! use edgeapi::fetch::{self, FetchError};
//! use serde_json::Value;
//!
//! async fn dashboard() -> Result<String, FetchError> {
//!     let (user, orders, stock) = try_join3(
//!         fetch::get("https://users.example/me").send(),
//!         fetch::get("https://orders.example/recent").send(),
//!         fetch::post("https://stock.example/query")
//!             .header("authorization", "Bearer token")
//!             .json(&serde_json::json!({"sku": [1, 2, 3]}))
//!             .send(),
//!     )
//!     .await?;
//!     let user: Value = user.error_for_status()?.json()?;
//!     Ok(format!("{} {} {}", user["name"], orders.status(), stock.status()))
//! }
//! ```
//!
//! URLs must be absolute on workerd and in Node; in a browser (page or Service Worker) a
//! relative URL resolves against the page or the worker's script.

use std::fmt;

use http::{Method, StatusCode};
use js_sys::{Array, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::HttpError;
use crate::response::{find_header, IntoResponse, Response};
use crate::runtime::split_flat_headers;
// The JSON body reader: one shared parser, no per-type serde_json deserializer.
use crate::validate::from_json_body;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    #[wasm_bindgen(js_name = send)]
    fn send_js(
        method: &str,
        url: &str,
        headers: &str,
        body: &[u8],
        with_body: bool,
    ) -> js_sys::Promise;
}

/// A GET subrequest to `url`.
pub fn get(url: impl Into<String>) -> Fetch {
    Fetch::new(Method::GET, url)
}

/// A POST subrequest to `url`.
pub fn post(url: impl Into<String>) -> Fetch {
    Fetch::new(Method::POST, url)
}

/// A subrequest being built; [`Fetch::send`] sends it.
#[derive(Debug, Clone)]
#[must_use = "a Fetch does nothing until you `.send().await` it"]
pub struct Fetch {
    method: Method,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Result<Vec<u8>, String>>,
}

impl Fetch {
    /// A subrequest with any method.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Adds a header. Line breaks become spaces, so one header can never become two.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let clean = |text: String| text.replace(['\r', '\n'], " ");
        self.headers.push((clean(name.into()), clean(value.into())));
        self
    }

    /// Sets a raw body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(Ok(body.into()));
        self
    }

    /// Sets a JSON body and `content-type: application/json`. A value serde cannot
    /// serialize makes [`Fetch::send`] fail with [`FetchError::Json`].
    pub fn json(mut self, value: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(value).map_err(|err| err.to_string()));
        self.header("content-type", "application/json")
    }

    /// Sends the subrequest and reads the whole answer. Any status is `Ok`; see
    /// [`FetchResponse::error_for_status`] to turn 4xx and 5xx into errors.
    pub async fn send(self) -> Result<FetchResponse, FetchError> {
        let body = self.body.transpose().map_err(FetchError::Json)?;
        let mut flat = String::new();
        for (name, value) in &self.headers {
            if !flat.is_empty() {
                flat.push('\n');
            }
            flat.push_str(name);
            flat.push('\n');
            flat.push_str(value);
        }
        let promise = send_js(
            self.method.as_str(),
            &self.url,
            &flat,
            body.as_deref().unwrap_or_default(),
            body.is_some(),
        );
        let answer = JsFuture::from(promise)
            .await
            .map_err(|err| FetchError::Network(js_message(&err)))?;
        let answer: Array = answer.unchecked_into();
        let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
        let headers = answer.get(1).as_string().unwrap_or_default();
        Ok(FetchResponse {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY),
            headers: split_flat_headers(&headers),
            body: answer.get(2).unchecked_into::<Uint8Array>().to_vec(),
        })
    }
}

/// The text of a JS error (its `message`), or its debug form.
fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// The answer to a subrequest, with its body already read.
#[derive(Debug, Clone)]
pub struct FetchResponse {
    status: StatusCode,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl FetchResponse {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The body bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 becomes U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, FetchError> {
        from_json_body(&self.body).map_err(|err| FetchError::Json(err.to_string()))
    }

    /// `Err(FetchError::Status)` for a 4xx or 5xx answer, the response otherwise.
    pub fn error_for_status(self) -> Result<Self, FetchError> {
        if self.status.is_client_error() || self.status.is_server_error() {
            Err(FetchError::Status(self.status))
        } else {
            Ok(self)
        }
    }
}

/// Why a subrequest failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// The host could not reach the upstream (bad URL, refused connection, DNS...).
    Network(String),
    /// A JSON body could not be written, or an answer could not be read as the asked type.
    Json(String),
    /// The upstream answered 4xx or 5xx (from [`FetchResponse::error_for_status`]).
    Status(StatusCode),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network(message) => write!(f, "subrequest failed: {message}"),
            FetchError::Json(message) => write!(f, "subrequest JSON: {message}"),
            FetchError::Status(status) => write!(f, "upstream answered {status}"),
        }
    }
}

impl std::error::Error for FetchError {}

/// A failed subrequest answers `502 {"detail":"Bad Gateway"}` and logs why, so handlers
/// can use `?` without leaking upstream details to clients.
impl IntoResponse for FetchError {
    fn into_response(self) -> Response {
        HttpError::logged(StatusCode::BAD_GATEWAY, &format!("edgeapi: {self}")).into_response()
    }
}
