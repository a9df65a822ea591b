//! Reading an object: [`R2::get`](super::R2::get)'s builder, the byte ranges and
//! conditions it takes, and what it found as a response.

use std::future::IntoFuture;

use http::StatusCode;
use wasm_bindgen::{JsCast, JsValue};

use super::object::{R2Error, R2Future, R2Object};
use crate::error::HttpError;
use crate::headers::Headers;
use crate::response::{IntoResponse, Response};
use crate::sys;
use crate::sys::r2::{self as js, R2Bucket, R2ObjectBody};

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

/// A read of an object being built; `.await` it. See [`R2::get`](super::R2::get).
#[derive(Debug)]
#[must_use = "a GetObject does nothing until it is awaited"]
pub struct GetObject<'a> {
    pub(super) bucket: &'a R2Bucket,
    pub(super) key: String,
    pub(super) range: Option<R2Range>,
    pub(super) conditions: Vec<(&'static str, String)>,
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

/// What [`R2::get`](super::R2::get) found for an existing key. As a response: 200 or 206 with the body,
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

#[cfg(test)]
mod tests {
    use super::{etag_listed, R2Range};
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
    fn reads_etag_lists() {
        assert!(etag_listed(r#""a", "b""#, r#""b""#));
        assert!(etag_listed("*", r#""b""#));
        assert!(!etag_listed(r#""a""#, r#""b""#));
    }
}
