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
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::error::HttpError;
use crate::headers::Headers;
use crate::response::{IntoResponse, Response};
use crate::sys;

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
    headers: Headers,
    body: Option<Result<Vec<u8>, String>>,
}

impl Fetch {
    /// A subrequest with any method.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Self {
            method,
            url: url.into(),
            headers: Headers::new(),
            body: None,
        }
    }

    /// Adds a header. Line breaks become spaces, so one header can never become two.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
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
        self.send_through(None).await
    }

    /// Sends the subrequest through `target.fetch` (a Durable Object's stub) when given,
    /// else through the global `fetch`; a URL that is only a path gets a placeholder origin,
    /// as a stub takes any.
    pub(crate) async fn send_through(
        self,
        target: Option<&JsValue>,
    ) -> Result<FetchResponse, FetchError> {
        let body = self.body.transpose().map_err(FetchError::Json)?;
        let headers = self.headers.to_flat_without(|_| false).unwrap_or_default();
        let method = self.method.as_str();
        let answer = match target {
            None => sys::fetch::send(method, &self.url, &headers, body.as_deref()).await,
            Some(target) => {
                let url = if self.url.starts_with('/') {
                    format!("https://durable-object{}", self.url)
                } else {
                    self.url
                };
                sys::fetch::send_to(target, method, &url, &headers, body.as_deref()).await
            }
        }
        .map_err(FetchError::Network)?;
        Ok(FetchResponse::from_answer(answer))
    }
}

/// The answer to a subrequest, with its body already read. (The test client's
/// `TestResponse` reads the app's answers the same way.)
#[derive(Debug, Clone)]
pub struct FetchResponse {
    status: StatusCode,
    headers: Headers,
    body: Vec<u8>,
}

impl FetchResponse {
    /// Reads a JS `Response` whole.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the test client's reader
    pub(crate) async fn read(response: web_sys::Response) -> Result<Self, FetchError> {
        let answer = sys::fetch::read(response)
            .await
            .map_err(FetchError::Network)?;
        Ok(Self::from_answer(answer))
    }

    fn from_answer(answer: sys::fetch::Answer) -> Self {
        Self {
            status: StatusCode::from_u16(answer.status).unwrap_or(StatusCode::BAD_GATEWAY),
            headers: Headers::from_flat(&answer.headers),
            body: answer.body,
        }
    }

    /// The status code.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &Headers {
        &self.headers
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)
    }

    /// The body bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The body as text (invalid UTF-8 becomes U+FFFD).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON into `T`, strictly: a value of the wrong type is an error
    /// naming the field, never converted.
    ///
    /// ```no_run
    /// # async fn demo() -> Result<(), edgeapi::fetch::FetchError> {
    /// #[derive(serde::Deserialize)]
    /// struct Price { cents: u64 }
    /// let price: Price = edgeapi::fetch::get("https://prices.example/a").send().await?.json()?;
    /// // {"cents": "3"} fails: "subrequest JSON: cents: invalid type: string \"3\", expected u64 ..."
    /// # Ok(()) }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, FetchError> {
        decode_json(&self.body).map_err(FetchError::Json)
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

/// Strict JSON into `T`, as a client reads an upstream's answer: serde_json's rules, and
/// the error names the path of the bad field (`items[2].price: invalid type ...`).
pub(crate) fn decode_json<T: DeserializeOwned>(json: &[u8]) -> Result<T, String> {
    let mut reader = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut reader).map_err(|err| {
        let path = err.path().to_string();
        match path.as_str() {
            "." => err.into_inner().to_string(),
            _ => format!("{path}: {}", err.into_inner()),
        }
    })?;
    reader.end().map_err(|err| err.to_string())?;
    Ok(value)
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
