//! What the bucket's calls share: an object's metadata as R2 answers it, the error every
//! call can fail with, and the future its builders become.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

use http::StatusCode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::error::{HttpError, IntoHttpError};
use crate::response::{IntoResponse, Response};
use crate::sys::r2 as js;
use crate::sys::value;

/// The future an R2 request builder becomes when awaited.
pub(super) type R2Future<'a, T> = Pin<Box<dyn Future<Output = Result<T, R2Error>> + 'a>>;

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
    pub(super) fn read(object: &JsValue) -> Result<Self, R2Error> {
        let mut read: R2Object = value::from_js(object.clone())
            .map_err(|why| R2Error(format!("R2 answered an object that does not fit: {why}")))?;
        read.uploaded_ms = js::date_ms(object, "uploaded").unwrap_or_default();
        Ok(read)
    }

    pub(super) fn read_optional(object: &JsValue) -> Result<Option<Self>, R2Error> {
        if object.is_null() || object.is_undefined() {
            return Ok(None);
        }
        Self::read(object).map(Some)
    }

    /// The headers this object is answered with: its HTTP metadata and `ETag`.
    pub(super) fn write_headers(&self, response: &mut Response) {
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
pub struct R2Error(pub(super) String);

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

    pub(super) fn code_of(message: &str) -> Option<u32> {
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
