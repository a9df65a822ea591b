//! [`R2`]: an R2 bucket. Objects by key; their bodies stream both ways without passing
//! through wasm memory.

use std::collections::BTreeMap;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;

use http::StatusCode;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{HttpError, IntoHttpError};
use crate::extract::JsBody;
use crate::headers::Headers;
use crate::response::{IntoResponse, Response};
use crate::sys::r2::{self as js, R2Bucket, R2ObjectBody};
use crate::sys::{self, value};

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

/// A byte range of an object to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum R2Range {
    /// `length` bytes from `offset` (fewer where the object ends first).
    Span {
        /// The first byte.
        offset: u64,
        /// How many bytes.
        length: u64,
    },
    /// Everything from this offset on.
    From(u64),
    /// The last this many bytes.
    Suffix(u64),
}

impl R2Range {
    /// The single range of a `Range: bytes=...` header value (`bytes=0-9`, `bytes=100-`,
    /// `bytes=-20`), or `None` for anything else, which HTTP says to ignore by answering
    /// the whole object: another unit, several ranges, a malformed value.
    ///
    /// ```
    /// use edgeapi::bindings::R2Range;
    /// assert_eq!(R2Range::parse("bytes=0-9"), Some(R2Range::Span { offset: 0, length: 10 }));
    /// assert_eq!(R2Range::parse("bytes=-20"), Some(R2Range::Suffix(20)));
    /// assert_eq!(R2Range::parse("bytes=0-1,5-6"), None);
    /// ```
    pub fn parse(header: &str) -> Option<Self> {
        let (unit, spec) = header.trim().split_once('=')?;
        if !unit.trim().eq_ignore_ascii_case("bytes") || spec.contains(',') {
            return None;
        }
        let (first, last) = spec.trim().split_once('-')?;
        let number = |text: &str| -> Option<u64> {
            let text = text.trim();
            let digits = !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
            digits.then(|| text.parse().ok()).flatten()
        };
        match (first.trim().is_empty(), last.trim().is_empty()) {
            (true, false) => number(last).filter(|&n| n > 0).map(R2Range::Suffix),
            (false, true) => number(first).map(R2Range::From),
            (false, false) => {
                let (first, last) = (number(first)?, number(last)?);
                (last >= first).then(|| R2Range::Span {
                    offset: first,
                    length: last - first + 1,
                })
            }
            (true, true) => None,
        }
    }

    /// The JS form R2 takes: `{offset, length}`, `{offset}` or `{suffix}`. Numbers beyond
    /// 2^53 lose precision, which only makes an unsatisfiable range stay unsatisfiable.
    fn to_js(self) -> JsValue {
        let object = sys::new_object();
        let number = |n: u64| JsValue::from_f64(n as f64);
        match self {
            R2Range::Span { offset, length } => {
                sys::set_property(&object, "offset", &number(offset));
                sys::set_property(&object, "length", &number(length));
            }
            R2Range::From(offset) => sys::set_property(&object, "offset", &number(offset)),
            R2Range::Suffix(suffix) => sys::set_property(&object, "suffix", &number(suffix)),
        }
        object
    }
}

/// The conditional request headers R2 evaluates (`onlyIf`).
const CONDITIONS: [&str; 4] = [
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
];

/// A read of an object being built; `.await` it. See [`R2::get`].
#[derive(Debug)]
#[must_use = "a GetObject does nothing until it is awaited"]
pub struct GetObject<'a> {
    bucket: &'a R2Bucket,
    key: String,
    range: Option<R2Range>,
    conditions: Vec<(&'static str, String)>,
}

impl<'a> GetObject<'a> {
    /// Reads only this range (answered 206, or 416 when the object is shorter).
    pub fn range(mut self, range: R2Range) -> Self {
        self.range = Some(range);
        self
    }

    /// Reads the body only if the object's etag is one of `etags` (an `If-Match` value).
    pub fn if_match(self, etags: &str) -> Self {
        self.condition("if-match", etags)
    }

    /// Reads the body only if the object's etag is none of `etags` (an `If-None-Match`
    /// value): the way to answer 304.
    pub fn if_none_match(self, etags: &str) -> Self {
        self.condition("if-none-match", etags)
    }

    /// Reads the body only if the object changed after `date` (an HTTP date).
    pub fn if_modified_since(self, date: &str) -> Self {
        self.condition("if-modified-since", date)
    }

    /// Reads the body only if the object has not changed since `date` (an HTTP date).
    pub fn if_unmodified_since(self, date: &str) -> Self {
        self.condition("if-unmodified-since", date)
    }

    /// Takes the range and conditions a request asks for: its `Range` header (one range;
    /// others are ignored, as HTTP allows) and its `If-Match`, `If-None-Match`,
    /// `If-Modified-Since` and `If-Unmodified-Since` headers.
    pub fn headers(mut self, headers: &Headers) -> Self {
        if let Some(range) = headers.get("range").and_then(R2Range::parse) {
            self.range = Some(range);
        }
        for name in CONDITIONS {
            if let Some(value) = headers.get(name) {
                self = self.condition(name, value);
            }
        }
        self
    }

    fn condition(mut self, name: &'static str, value: &str) -> Self {
        self.conditions.retain(|(known, _)| *known != name);
        self.conditions.push((name, value.to_owned()));
        self
    }

    async fn send(self) -> Result<Option<R2Get>, R2Error> {
        let options = sys::new_object();
        if let Some(range) = self.range {
            sys::set_property(&options, "range", &range.to_js());
        }
        if !self.conditions.is_empty() {
            let fields = self.conditions.iter().map(|(n, v)| (*n, v.as_str()));
            sys::set_property(&options, "onlyIf", &js::headers(fields));
        }
        let found = match self.bucket.get(&self.key, &options).await {
            Ok(found) => found,
            // R2 refuses a range that starts past the end; HTTP answers 416 with the size.
            Err(message) if self.range.is_some() && R2Error::code_of(&message) == Some(10039) => {
                let object = self.bucket.head(&self.key).await.map_err(R2Error)?;
                return Ok(R2Object::read_optional(&object)?.map(R2Get::RangeNotSatisfiable));
            }
            Err(message) => return Err(R2Error(message)),
        };
        let Some(object) = R2Object::read_optional(&found)? else {
            return Ok(None);
        };
        let Some(body) = sys::property(&found, "body") else {
            return Ok(Some(self.unmet(object)));
        };
        let range = self.range.map(|_| served_range(&found, object.size));
        Ok(Some(R2Get::Found(R2Body {
            object,
            range,
            body,
            js: found.unchecked_into(),
        })))
    }

    /// The answer when R2 read no body because a condition failed: 412 when `If-Match`
    /// (or only `If-Unmodified-Since`) failed, else 304, as HTTP orders the conditions.
    fn unmet(&self, object: R2Object) -> R2Get {
        let asked = |name: &str| self.conditions.iter().find(|(n, _)| *n == name);
        let match_failed =
            asked("if-match").is_some_and(|(_, etags)| !etag_listed(etags, &object.http_etag));
        let only_unmodified = asked("if-unmodified-since").is_some()
            && asked("if-none-match").is_none()
            && asked("if-modified-since").is_none();
        if match_failed || only_unmodified {
            R2Get::PreconditionFailed(object)
        } else {
            R2Get::NotModified(object)
        }
    }
}

impl<'a> IntoFuture for GetObject<'a> {
    type Output = Result<Option<R2Get>, R2Error>;
    type IntoFuture = R2Future<'a, Option<R2Get>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// True when an `If-Match` list holds `etag` (strong comparison) or is `*`.
fn etag_listed(list: &str, etag: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate == etag)
}

/// The `(offset, length)` R2 served, from the object's `range` (`{offset, length}` or
/// `{suffix}`), within `size`.
fn served_range(object: &JsValue, size: u64) -> (u64, u64) {
    let field = |name| {
        sys::property(object, "range")
            .and_then(|range| sys::property(&range, name))
            .and_then(|n| n.as_f64())
            .map(|n| n as u64)
    };
    match (field("offset"), field("length"), field("suffix")) {
        (_, _, Some(suffix)) => (size - suffix.min(size), suffix.min(size)),
        (offset, length, None) => {
            let offset = offset.unwrap_or(0).min(size);
            (offset, length.unwrap_or(size - offset).min(size - offset))
        }
    }
}

/// What [`R2::get`] found for an existing key. As a response: 200 or 206 with the body,
/// 304, 412, or 416, each with the object's `ETag`.
#[derive(Debug)]
pub enum R2Get {
    /// The object and its body (the range asked for, if any).
    Found(R2Body),
    /// `If-None-Match` or `If-Modified-Since` held: the client's copy is current (304).
    NotModified(R2Object),
    /// `If-Match` or `If-Unmodified-Since` failed (412).
    PreconditionFailed(R2Object),
    /// The range starts past the object's end (416).
    RangeNotSatisfiable(R2Object),
}

impl R2Get {
    /// The object's metadata, whichever the answer.
    pub fn object(&self) -> &R2Object {
        match self {
            R2Get::Found(body) => &body.object,
            R2Get::NotModified(object)
            | R2Get::PreconditionFailed(object)
            | R2Get::RangeNotSatisfiable(object) => object,
        }
    }
}

impl IntoResponse for R2Get {
    fn into_response(self) -> Response {
        match self {
            R2Get::Found(body) => body.into_response(),
            R2Get::NotModified(object) => {
                let mut response = Response::new(StatusCode::NOT_MODIFIED);
                response.set_header("etag", object.http_etag);
                response
            }
            R2Get::PreconditionFailed(object) => {
                HttpError::from_status(StatusCode::PRECONDITION_FAILED)
                    .header("etag", object.http_etag)
                    .into_response()
            }
            R2Get::RangeNotSatisfiable(object) => {
                HttpError::from_status(StatusCode::RANGE_NOT_SATISFIABLE)
                    .header("content-range", format!("bytes */{}", object.size))
                    .into_response()
            }
        }
    }
}

/// An object with its body, as R2's stream.
#[derive(Debug)]
pub struct R2Body {
    object: R2Object,
    /// `(offset, length)` when a range was asked for.
    range: Option<(u64, u64)>,
    body: JsValue,
    js: R2ObjectBody,
}

impl R2Body {
    /// The object's metadata.
    pub fn object(&self) -> &R2Object {
        &self.object
    }

    /// The `(offset, length)` of the part read, when a range was asked for.
    pub fn range(&self) -> Option<(u64, u64)> {
        self.range
    }

    /// Reads the whole body into wasm memory: for small objects; answer large ones as
    /// they are.
    pub async fn bytes(self) -> Result<Vec<u8>, R2Error> {
        self.js.bytes().await.map_err(R2Error)
    }

    /// The body as the host's `ReadableStream`, for [`Response::with_js_body`].
    pub fn into_stream(self) -> JsValue {
        self.body
    }
}

impl IntoResponse for R2Body {
    /// 200 with the body, or 206 with `Content-Range` for a range; the object's HTTP
    /// metadata and `ETag` as headers; the body streamed from R2 as it is.
    fn into_response(self) -> Response {
        let mut response = Response::new(StatusCode::OK);
        self.object.write_headers(&mut response);
        response.set_header("accept-ranges", "bytes");
        if let Some((offset, length)) = self.range {
            response.set_status(StatusCode::PARTIAL_CONTENT);
            let last = (offset + length).saturating_sub(1);
            let size = self.object.size;
            response.set_header("content-range", format!("bytes {offset}-{last}/{size}"));
        }
        response.with_js_body(self.body)
    }
}

/// A value to store in R2: bytes and text are copied once into JS; a [`JsBody`] is the
/// request's own stream, handed over untouched.
#[derive(Debug, Clone)]
pub struct R2Value(JsValue);

impl From<JsBody> for R2Value {
    fn from(body: JsBody) -> Self {
        R2Value(body.into_js())
    }
}

impl From<&[u8]> for R2Value {
    fn from(bytes: &[u8]) -> Self {
        R2Value(sys::http::bytes_to_js(bytes))
    }
}

impl From<Vec<u8>> for R2Value {
    fn from(bytes: Vec<u8>) -> Self {
        bytes.as_slice().into()
    }
}

impl From<&str> for R2Value {
    fn from(text: &str) -> Self {
        R2Value(text.into())
    }
}

impl From<String> for R2Value {
    fn from(text: String) -> Self {
        text.as_str().into()
    }
}

/// A write of an object being built; `.await` it. See [`R2::put`].
#[derive(Debug)]
#[must_use = "a PutObject does nothing until it is awaited"]
pub struct PutObject<'a> {
    bucket: &'a R2Bucket,
    key: String,
    value: R2Value,
    http_metadata: HttpMetadata,
    custom_metadata: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PutOptions<'a> {
    http_metadata: &'a HttpMetadata,
    custom_metadata: &'a BTreeMap<String, String>,
}

impl<'a> PutObject<'a> {
    /// The `Content-Type` the object is answered with.
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.http_metadata.content_type = Some(content_type.to_owned());
        self
    }

    /// All of its HTTP metadata at once.
    pub fn http_metadata(mut self, metadata: HttpMetadata) -> Self {
        self.http_metadata = metadata;
        self
    }

    /// Your own string pairs, stored with the object.
    pub fn custom_metadata<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let pairs = pairs.into_iter().map(|(k, v)| (k.into(), v.into()));
        self.custom_metadata.extend(pairs);
        self
    }

    async fn send(self) -> Result<R2Object, R2Error> {
        let options = PutOptions {
            http_metadata: &self.http_metadata,
            custom_metadata: &self.custom_metadata,
        };
        let options = value::to_js(&options).map_err(R2Error)?;
        let stored = self.bucket.put(&self.key, &self.value.0, &options).await;
        let stored = stored.map_err(R2Error)?;
        R2Object::read_optional(&stored)?.ok_or_else(|| R2Error("put() stored nothing".to_owned()))
    }
}

impl<'a> IntoFuture for PutObject<'a> {
    type Output = Result<R2Object, R2Error>;
    type IntoFuture = R2Future<'a, R2Object>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct ListOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delimiter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    include: Vec<&'static str>,
}

/// A listing being built; `.await` it. See [`R2::list`].
#[derive(Debug)]
#[must_use = "a ListObjects does nothing until it is awaited"]
pub struct ListObjects<'a> {
    bucket: &'a R2Bucket,
    options: ListOptions,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct R2List {
    /// The objects, in key order (metadata only with [`ListObjects::include_metadata`]).
    pub objects: Vec<R2Object>,
    /// True when there are more pages: pass `cursor` for the next one.
    pub truncated: bool,
    /// Where the next page starts.
    #[serde(default)]
    pub cursor: Option<String>,
    /// The key prefixes up to the delimiter, when one was given.
    #[serde(default)]
    pub delimited_prefixes: Vec<String>,
}

impl<'a> ListObjects<'a> {
    /// Only keys that start with `prefix`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.options.prefix = Some(prefix.to_owned());
        self
    }

    /// The page after the one that answered this cursor.
    pub fn cursor(mut self, cursor: &str) -> Self {
        self.options.cursor = Some(cursor.to_owned());
        self
    }

    /// At most `limit` objects (R2 allows 1 to 1000; others are brought within that).
    pub fn limit(mut self, limit: u32) -> Self {
        self.options.limit = Some(limit.clamp(1, 1000));
        self
    }

    /// Groups keys by their part up to `delimiter` (`"/"` for folders) into
    /// [`R2List::delimited_prefixes`].
    pub fn delimiter(mut self, delimiter: &str) -> Self {
        self.options.delimiter = Some(delimiter.to_owned());
        self
    }

    /// Lists each object with its HTTP and custom metadata.
    pub fn include_metadata(mut self) -> Self {
        self.options.include = vec!["httpMetadata", "customMetadata"];
        self
    }

    async fn send(self) -> Result<R2List, R2Error> {
        let options = value::to_js(&self.options).map_err(R2Error)?;
        let page = self.bucket.list(&options).await.map_err(R2Error)?;
        let mut list: R2List = value::from_js(page.clone())
            .map_err(|why| R2Error(format!("R2 answered a list that does not fit: {why}")))?;
        // Upload dates are JS `Date`s: read apart, one property each.
        if let Some(objects) = sys::property(&page, "objects") {
            let objects: js_sys::Array = objects.unchecked_into();
            for (index, object) in list.objects.iter_mut().enumerate() {
                let js = objects.get(index as u32);
                object.uploaded_ms = js::date_ms(&js, "uploaded").unwrap_or_default();
            }
        }
        Ok(list)
    }
}

impl<'a> IntoFuture for ListObjects<'a> {
    type Output = Result<R2List, R2Error>;
    type IntoFuture = R2Future<'a, R2List>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
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
    use super::{etag_listed, R2Error, R2Range};

    #[test]
    fn parses_single_byte_ranges() {
        let span = |offset, length| Some(R2Range::Span { offset, length });
        assert_eq!(R2Range::parse("bytes=0-9"), span(0, 10));
        assert_eq!(R2Range::parse(" Bytes = 5 - 5 "), span(5, 1));
        assert_eq!(R2Range::parse("bytes=100-"), Some(R2Range::From(100)));
        assert_eq!(R2Range::parse("bytes=-20"), Some(R2Range::Suffix(20)));
        for ignored in [
            "bytes=9-0",
            "bytes=-0",
            "bytes=-",
            "bytes=a-b",
            "bytes=+1-2",
            "bytes=0-1,4-5",
            "items=0-9",
            "bytes 0-9",
            "bytes=99999999999999999999999-",
            "",
        ] {
            assert_eq!(R2Range::parse(ignored), None, "{ignored}");
        }
    }

    #[test]
    fn reads_error_codes_and_etag_lists() {
        let invalid = R2Error("head: The specified object name is not valid. (10020)".into());
        assert_eq!(invalid.code(), Some(10020));
        assert_eq!(R2Error("no code".into()).code(), None);
        assert!(etag_listed(r#""a", "b""#, r#""b""#));
        assert!(etag_listed("*", r#""b""#));
        assert!(!etag_listed(r#""a""#, r#""b""#));
    }
}
