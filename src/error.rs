//! Errors that become HTTP responses, in FastAPI's shapes.
//!
//! [`HttpError`] is FastAPI's `HTTPException`: a status and a `detail`.
//! [`ValidationError`] is FastAPI's `RequestValidationError`: a 422 whose body lists every
//! problem as `{"type", "loc", "msg", "input"}`, exactly as Pydantic v2 words them.

use std::borrow::Cow;
use std::fmt;

use http::StatusCode;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::headers::Headers;
use crate::response::{IntoResponse, Response};
use crate::sys;

/// An error with an HTTP status and a `detail`, answered as `{"detail": ...}`.
///
/// ```
/// use edgeapi::{HttpError, StatusCode};
///
/// fn find(id: u32) -> Result<&'static str, HttpError> {
///     if id == 1 { Ok("found") } else { Err(HttpError::new(StatusCode::NOT_FOUND, "Item not found")) }
/// }
/// assert_eq!(find(2).unwrap_err().status(), StatusCode::NOT_FOUND);
/// ```
#[derive(Debug, Clone)]
pub struct HttpError {
    status: StatusCode,
    detail: Value,
    headers: Headers,
}

impl HttpError {
    /// An error with a string detail.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self::with_detail(status, Value::String(detail.into()))
    }

    /// An error whose detail is any JSON value, as FastAPI allows.
    pub fn with_detail(status: StatusCode, detail: Value) -> Self {
        Self {
            status,
            detail,
            headers: Headers::new(),
        }
    }

    /// An error whose detail is the status's reason phrase, like Starlette's default.
    ///
    /// ```
    /// # use edgeapi::{HttpError, StatusCode};
    /// assert_eq!(HttpError::from_status(StatusCode::NOT_FOUND).detail(), "Not Found");
    /// ```
    pub fn from_status(status: StatusCode) -> Self {
        Self::new(status, status.canonical_reason().unwrap_or("Error"))
    }

    /// [`HttpError::from_status`] for a failure whose cause the client should not see (a bug
    /// in the app, an upstream's answer): `why` goes to the console log instead.
    pub(crate) fn logged(status: StatusCode, why: &str) -> Self {
        sys::console::error(why);
        Self::from_status(status)
    }

    /// Adds a header to the error response (for example `WWW-Authenticate`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The `detail` value.
    pub fn detail(&self) -> &Value {
        &self.detail
    }
}

impl fmt::Display for HttpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.status, self.detail)
    }
}

impl std::error::Error for HttpError {}

#[derive(Serialize)]
struct Detail<'a, T: Serialize> {
    detail: &'a T,
}

/// `{"detail": ...}` with the error's headers; a 204 or 304 has neither body nor content
/// type, as Starlette's handler for `HTTPException` answers them.
impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let detail = Detail {
            detail: &self.detail,
        };
        let mut response = Response::json(self.status, &detail);
        if matches!(self.status.as_u16(), 204 | 304) {
            response = response.with_body(Vec::new());
            response.headers_mut().remove("content-type");
        }
        for (name, value) in self.headers.iter() {
            response.append_header(name, value);
        }
        response.with_error(self)
    }
}

/// One step of an error's location: a field name or a list index, as in `["query", "ids", 1]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Loc {
    /// A field, parameter or source name.
    Key(Cow<'static, str>),
    /// A position in a list.
    Index(usize),
}

impl From<&'static str> for Loc {
    fn from(key: &'static str) -> Self {
        Loc::Key(Cow::Borrowed(key))
    }
}

impl From<String> for Loc {
    fn from(key: String) -> Self {
        Loc::Key(Cow::Owned(key))
    }
}

impl From<usize> for Loc {
    fn from(index: usize) -> Self {
        Loc::Index(index)
    }
}

/// One problem with the request, worded as Pydantic v2 words it.
///
/// ```
/// use edgeapi::ErrorItem;
///
/// let item = ErrorItem::new("missing", "Field required").at(["query", "q"]);
/// assert_eq!(
///     serde_json::to_value(&item).unwrap(),
///     serde_json::json!({"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": null})
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ErrorItem {
    /// Pydantic's error type, such as `missing` or `int_parsing`.
    #[serde(rename = "type")]
    pub kind: Cow<'static, str>,
    /// Where the problem is, outermost first: `["path", "item_id"]`.
    pub loc: Vec<Loc>,
    /// The human-readable message.
    pub msg: String,
    /// The offending input (`null` when it is missing).
    pub input: Value,
    /// Extra context, such as `{"le": 10000}` for a bound.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ctx: Option<Value>,
}

impl ErrorItem {
    /// An item with a type and message, no location yet and a `null` input.
    pub fn new(kind: impl Into<Cow<'static, str>>, msg: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            loc: Vec::new(),
            msg: msg.into(),
            input: Value::Null,
            ctx: None,
        }
    }

    /// Sets the location, outermost first.
    pub fn at<L: Into<Loc>>(mut self, loc: impl IntoIterator<Item = L>) -> Self {
        self.loc = loc.into_iter().map(Into::into).collect();
        self
    }

    /// Puts a location step in front of the current ones.
    pub fn within(mut self, outer: impl Into<Loc>) -> Self {
        self.loc.insert(0, outer.into());
        self
    }

    /// Sets the offending input.
    pub fn input(mut self, input: impl Into<Value>) -> Self {
        self.input = input.into();
        self
    }

    /// Sets the context object.
    pub fn ctx(mut self, ctx: Value) -> Self {
        self.ctx = Some(ctx);
        self
    }

    /// The item as a JSON object. Built by hand: `serde_json::to_value` would link in a
    /// second serializer.
    fn into_value(self) -> Value {
        let loc = self
            .loc
            .into_iter()
            .map(|step| match step {
                Loc::Key(key) => Value::from(key),
                Loc::Index(index) => Value::from(index),
            })
            .collect();
        let mut object = Map::new();
        object.insert("type".into(), Value::from(self.kind));
        object.insert("loc".into(), Value::Array(loc));
        object.insert("msg".into(), Value::from(self.msg));
        object.insert("input".into(), self.input);
        if let Some(ctx) = self.ctx {
            object.insert("ctx".into(), ctx);
        }
        Value::Object(object)
    }

    /// Pydantic's `less_than_equal` error for a value above `le`.
    ///
    /// ```
    /// # use edgeapi::ErrorItem;
    /// let item = ErrorItem::less_than_equal(10000, "20000");
    /// assert_eq!(item.msg, "Input should be less than or equal to 10000");
    /// ```
    pub fn less_than_equal(
        le: impl Into<Value> + fmt::Display + Copy,
        input: impl Into<Value>,
    ) -> Self {
        Self::new(
            "less_than_equal",
            format!("Input should be less than or equal to {le}"),
        )
        .input(input)
        .ctx(context([("le", le.into())]))
    }

    /// Pydantic's `value_error`, for a validator that rejected the value: the message
    /// reads `Value error, {msg}` and `ctx` is `{"error": {}}`, as FastAPI sends it.
    ///
    /// ```
    /// # use edgeapi::ErrorItem;
    /// assert_eq!(ErrorItem::value_error("must be even").msg, "Value error, must be even");
    /// ```
    pub fn value_error(msg: impl fmt::Display) -> Self {
        Self::new("value_error", format!("Value error, {msg}"))
            .ctx(context([("error", Value::Object(Map::new()))]))
    }

    /// Pydantic's `greater_than_equal` error for a value below `ge`.
    ///
    /// ```
    /// # use edgeapi::ErrorItem;
    /// let item = ErrorItem::greater_than_equal(1, "0");
    /// assert_eq!(item.msg, "Input should be greater than or equal to 1");
    /// ```
    pub fn greater_than_equal(
        ge: impl Into<Value> + fmt::Display + Copy,
        input: impl Into<Value>,
    ) -> Self {
        Self::new(
            "greater_than_equal",
            format!("Input should be greater than or equal to {ge}"),
        )
        .input(input)
        .ctx(context([("ge", ge.into())]))
    }
}

/// A `ctx` object such as `{"le": 255}`. Built directly: `json!` would link in a
/// serializer and an `unwrap` with its panic formatting for each interpolated value.
pub(crate) fn context<const N: usize>(entries: [(&str, Value); N]) -> Value {
    object(entries)
}

/// A JSON object of `entries`, inserted one by one: collecting into a `Map` builds a
/// `BTreeMap` (serde_json's map without `preserve_order`) by sorting, which links core's
/// stable sort, 3 KB of wasm, into every app that reads parameters.
pub(crate) fn object<K: Into<String>>(entries: impl IntoIterator<Item = (K, Value)>) -> Value {
    let mut object = Map::new();
    for (key, value) in entries {
        object.insert(key.into(), value);
    }
    Value::Object(object)
}

/// A 422 answer listing every problem with the request, as FastAPI's
/// `RequestValidationError` does: `{"detail": [{"type", "loc", "msg", "input"}, ...]}`.
///
/// ```
/// use edgeapi::{ErrorItem, ValidationError};
///
/// let err = ValidationError::from(ErrorItem::less_than_equal(10, "11").at(["query", "n"]));
/// assert_eq!(err.items().len(), 1);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ValidationError {
    items: Vec<ErrorItem>,
}

impl ValidationError {
    /// A validation error with no items yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one item.
    pub fn push(&mut self, item: ErrorItem) {
        self.items.push(item);
    }

    /// The items, in the order they were found.
    pub fn items(&self) -> &[ErrorItem] {
        &self.items
    }

    /// Rewrites every item's location, for extractors that rename fields.
    pub fn relocate(&mut self, mut f: impl FnMut(&mut Vec<Loc>)) {
        for item in &mut self.items {
            f(&mut item.loc);
        }
    }

    /// True when no problem was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, to move elsewhere.
    pub fn into_items(self) -> Vec<ErrorItem> {
        self.items
    }

    /// True for a body that is not JSON at all (`json_invalid`): FastAPI reads the body
    /// before any parameter or dependency, so this error is answered alone.
    pub(crate) fn is_unparsed_body(&self) -> bool {
        self.items.iter().any(|item| item.kind == "json_invalid")
    }
}

impl From<ErrorItem> for ValidationError {
    fn from(item: ErrorItem) -> Self {
        Self { items: vec![item] }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} validation error(s)", self.items.len())
    }
}

impl std::error::Error for ValidationError {}

/// An error with an HTTP answer of its own: `?` turns it into an [`HttpError`] in a handler
/// that returns `Result<_, HttpError>`. The SDK's errors implement it (a 422
/// [`ValidationError`], a D1 or R2 failure); implement it for your own errors to answer
/// them the same way.
///
/// ```
/// use edgeapi::{HttpError, IntoHttpError, StatusCode};
///
/// struct OutOfStock(String);
///
/// impl IntoHttpError for OutOfStock {
///     fn into_http_error(self) -> HttpError {
///         HttpError::new(StatusCode::CONFLICT, format!("{} is out of stock", self.0))
///     }
/// }
///
/// fn reserve(sku: &str) -> Result<(), OutOfStock> { Err(OutOfStock(sku.to_owned())) }
///
/// fn order() -> Result<&'static str, HttpError> {
///     reserve("burger")?;
///     Ok("ordered")
/// }
/// assert_eq!(order().unwrap_err().status(), StatusCode::CONFLICT);
/// ```
pub trait IntoHttpError {
    /// The error as an [`HttpError`].
    fn into_http_error(self) -> HttpError;
}

impl<E: IntoHttpError> From<E> for HttpError {
    fn from(err: E) -> Self {
        err.into_http_error()
    }
}

/// A validation error as an [`HttpError`]: the same 422 body, so handlers returning
/// `Result<_, HttpError>` can use `?` on both.
impl IntoHttpError for ValidationError {
    fn into_http_error(self) -> HttpError {
        let detail = self.items.into_iter().map(ErrorItem::into_value).collect();
        HttpError::with_detail(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }
}

impl IntoResponse for ValidationError {
    fn into_response(self) -> Response {
        let detail = Detail {
            detail: &self.items,
        };
        Response::json(StatusCode::UNPROCESSABLE_ENTITY, &detail).with_error(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_content_errors_have_no_body_and_no_content_type() {
        for status in [StatusCode::NO_CONTENT, StatusCode::NOT_MODIFIED] {
            let response = HttpError::new(status, "gone")
                .header("x-a", "1")
                .into_response();
            assert_eq!(response.status(), status);
            assert_eq!(response.header("content-type"), None);
            assert_eq!(response.header("x-a"), Some("1"));
            assert!(response.body().is_empty());
        }
        let reset = HttpError::from_status(StatusCode::RESET_CONTENT).into_response();
        assert_eq!(reset.header("content-type"), Some("application/json"));
    }

    #[test]
    fn items_convert_to_the_json_they_serialize_to() {
        let items = [
            ErrorItem::new("missing", "Field required").at(["query", "q"]),
            ErrorItem::less_than_equal(255, "300").at([
                Loc::from("query"),
                Loc::from("ids"),
                Loc::Index(2),
            ]),
            ErrorItem::value_error("must be even").input(3),
        ];
        for item in items {
            let expected = serde_json::to_value(&item).unwrap();
            assert_eq!(item.into_value(), expected);
        }
    }
}
