//! [`R2`]: an R2 bucket. Objects by key; their bodies stream both ways without passing
//! through wasm memory. Reading (ranges, conditions, the answer) is in `get`, writing in
//! `put`, listing in `list`.

mod get;
mod list;
mod put;

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use http::StatusCode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::error::{HttpError, IntoHttpError};
use crate::response::{IntoResponse, Response};
use crate::sys::r2::{self as js, R2Bucket};
use crate::sys::value;

pub use get::{GetObject, R2Body, R2Get, R2Range};
pub use list::{ListObjects, R2List};
pub use put::{PutObject, R2Value};

use list::ListOptions;

/// The future an R2 request builder becomes when awaited.
type R2Future<'a, T> = Pin<Box<dyn Future<Output = Result<T, R2Error>> + 'a>>;

/// An R2 bucket: objects (bytes with HTTP and custom metadata) by key.
///
/// Bodies stream both ways: [`R2::put`] takes the request's own body stream
/// ([`JsBody`]), and an object read with [`R2::get`] answers as a response whose body is
/// R2's stream, with its content type, `ETag`, and `206`/`304`/`412`/`416` as the request's
/// `Range` and `If-*` headers ask.
///
/// ```no_run
/// use edgeapi::extract::JsBody;
/// use edgeapi::prelude::*;
///
/// async fn upload(env: Env, Path(key): Path<String>, body: JsBody) -> Result<String, HttpError> {
///     let stored = env.r2("FILES")?.put(&key, body).content_type("image/png").await?;
///     Ok(stored.etag)                                   // the upload never entered wasm memory
/// }
///
/// async fn download(env: Env, Path(key): Path<String>, request: Request) -> Result<Response, HttpError> {
///     let headers = request.parts().headers().clone();
///     match env.r2("FILES")?.get(&key).headers(&headers).await? {
///         Some(answer) => Ok(answer.into_response()),   // 200, 206, 304, 412 or 416
///         None => Err(HttpError::new(StatusCode::NOT_FOUND, "File not found")),
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct R2(R2Bucket);

impl R2 {
    pub(crate) fn new(bucket: R2Bucket) -> Self {
        Self(bucket)
    }

    /// The object's metadata, without its body; `None` when there is no such key.
    pub async fn head(&self, key: &str) -> Result<Option<R2Object>, R2Error> {
        let found = self.0.head(key).await.map_err(R2Error)?;
        R2Object::read_optional(&found)
    }

    /// Reads an object; set a range or conditions on the builder, then `.await` it.
    pub fn get(&self, key: &str) -> GetObject<'_> {
        GetObject {
            bucket: &self.0,
            key: key.to_owned(),
            range: None,
            conditions: Vec::new(),
        }
    }

    /// Stores `value` (bytes, text, or a [`JsBody`] streamed as it arrives) at `key`; set
    /// its content type and metadata on the builder, then `.await` it for the stored
    /// object (its `etag`, its `size`).
    pub fn put(&self, key: &str, value: impl Into<R2Value>) -> PutObject<'_> {
        PutObject {
            bucket: &self.0,
            key: key.to_owned(),
            value: value.into(),
            http_metadata: HttpMetadata::default(),
            custom_metadata: BTreeMap::new(),
        }
    }

    /// Deletes `key` (deleting a missing key is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), R2Error> {
        self.0.delete(&key.into()).await.map_err(R2Error)
    }

    /// Lists objects in key order; set a prefix, cursor or limit on the builder, then
    /// `.await` it for one page.
    pub fn list(&self) -> ListObjects<'_> {
        ListObjects {
            bucket: &self.0,
            options: ListOptions::default(),
        }
    }
}

/// An object's HTTP metadata: the headers it is answered with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HttpMetadata {
    /// `Content-Type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// `Content-Language`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_language: Option<String>,
    /// `Content-Disposition`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_disposition: Option<String>,
    /// `Content-Encoding`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content_encoding: Option<String>,
    /// `Cache-Control`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_control: Option<String>,
}

/// An object's metadata.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct R2Object {
    /// Its key.
    pub key: String,
    /// The version R2 gave this upload.
    #[serde(default)]
    pub version: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its etag, unquoted.
    pub etag: String,
    /// Its etag as an `ETag` header carries it, quoted.
    pub http_etag: String,
    /// When it was stored, in milliseconds since 1970.
    #[serde(skip)]
    pub uploaded_ms: f64,
    /// The headers it is answered with.
    #[serde(default)]
    pub http_metadata: HttpMetadata,
    /// Your own string pairs, stored with it.
    #[serde(default)]
    pub custom_metadata: BTreeMap<String, String>,
}

impl R2Object {
    /// Reads an `R2Object` (or `R2ObjectBody`) through serde; its `uploaded` date apart.
    fn read(object: &JsValue) -> Result<Self, R2Error> {
        let mut read: R2Object = value::from_js(object.clone())
            .map_err(|why| R2Error(format!("R2 answered an object that does not fit: {why}")))?;
        read.uploaded_ms = js::date_ms(object, "uploaded").unwrap_or_default();
        Ok(read)
    }

    fn read_optional(object: &JsValue) -> Result<Option<Self>, R2Error> {
        if object.is_null() || object.is_undefined() {
            return Ok(None);
        }
        Self::read(object).map(Some)
    }

    /// The headers this object is answered with: its HTTP metadata and `ETag`.
    fn write_headers(&self, response: &mut Response) {
        let metadata = &self.http_metadata;
        let content_type = metadata.content_type.as_deref();
        response.set_header(
            "content-type",
            content_type.unwrap_or("application/octet-stream"),
        );
        let optional = [
            ("content-language", &metadata.content_language),
            ("content-disposition", &metadata.content_disposition),
            ("content-encoding", &metadata.content_encoding),
            ("cache-control", &metadata.cache_control),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                response.set_header(name, value.as_str());
            }
        }
        response.set_header("etag", self.http_etag.as_str());
    }
}

/// Why an R2 call failed (a key over 1024 bytes, the service down, ...). Answered as a
/// response, it is FastAPI's 500 with the reason logged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct R2Error(String);

impl R2Error {
    /// R2's message.
    pub fn message(&self) -> &str {
        &self.0
    }

    /// R2's error code, the number in parentheses at the end of its message
    /// (`10020`: the key is not valid).
    pub fn code(&self) -> Option<u32> {
        Self::code_of(&self.0)
    }

    fn code_of(message: &str) -> Option<u32> {
        let (_, code) = message.trim_end().strip_suffix(')')?.rsplit_once('(')?;
        code.parse().ok()
    }
}

impl fmt::Display for R2Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for R2Error {}

impl IntoHttpError for R2Error {
    /// Logs the reason and answers 500.
    fn into_http_error(self) -> HttpError {
        let why = format!("edgeapi: R2 failed: {self}");
        HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why)
    }
}

impl IntoResponse for R2Error {
    fn into_response(self) -> Response {
        HttpError::from(self.clone())
            .into_response()
            .with_error(self)
    }
}

#[cfg(test)]
mod tests {
    use super::R2Error;

    #[test]
    fn reads_error_codes() {
        let invalid = R2Error("head: The specified object name is not valid. (10020)".into());
        assert_eq!(invalid.code(), Some(10020));
        assert_eq!(R2Error("no code".into()).code(), None);
    }
}
