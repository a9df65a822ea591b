//! A Rust [`Response`] becomes a JS `Response`, with one call into JS.
//!
//! `make bench` measures this path: building the JS `Response` costs more than routing in
//! Rust, so a response crosses once, its content type goes as a cached JS string rather
//! than text to decode, and its other headers as one flat string.

use std::cell::RefCell;

use http::StatusCode;
use wasm_bindgen::JsValue;

use crate::response::{Response, ResponseBody};
use crate::sys;

/// Builds the JS `Response`. A HEAD answer, and one whose status forbids a body (101, 204,
/// 205, 304), keeps its headers and drops the body, as Starlette does. Whatever the host
/// refuses (a status outside 200..=599, a header value it rejects) is a bug in the app:
/// logged, and answered 500, never thrown through wasm.
pub(crate) fn to_js_response(response: Response, head: bool) -> web_sys::Response {
    let stream_to_js = response.stream_to_js();
    let (status, headers, body) = response.into_parts();
    if let ResponseBody::JsResponse(response) = body {
        return response;
    }
    let code = status.as_u16();
    if !(200..=599).contains(&code) {
        let why =
            format!("edgeapi: a handler answered status {code}, which a JS Response cannot carry");
        return internal_error(&why);
    }
    if let Some((name, value)) = headers.first_invalid() {
        let why =
            format!("edgeapi: a handler answered a header HTTP cannot carry: {name:?}: {value:?}");
        return internal_error(&why);
    }
    let with_body = !head && !null_body_status(status);
    let is_content_type = |name: &str| name.eq_ignore_ascii_case("content-type");
    let others = headers.to_flat_without(is_content_type);
    let send = |content_type: &JsValue| match body {
        ResponseBody::Bytes(bytes) => {
            sys::http::respond(code, content_type, others.as_deref(), &bytes, with_body)
        }
        ResponseBody::Stream(stream) if with_body => {
            // `with_stream`, the only way to make a stream body, always sets the bridge.
            let stream = stream_to_js.map_or(Err(JsValue::NULL), |to_js| to_js(stream));
            stream.and_then(|stream| {
                sys::http::respond_with(code, content_type, others.as_deref(), &stream)
            })
        }
        ResponseBody::Js(value) if with_body => {
            sys::http::respond_with(code, content_type, others.as_deref(), &value)
        }
        _ => sys::http::respond_with(code, content_type, others.as_deref(), &JsValue::NULL),
    };
    let built = match headers.get("content-type") {
        Some(content_type) => with_js_string(content_type, send),
        None => send(&JsValue::UNDEFINED),
    };
    built.unwrap_or_else(|err| {
        let why = format!(
            "edgeapi: the host refused a {code} response: {}",
            sys::error_message(&err)
        );
        internal_error(&why)
    })
}

/// Statuses whose responses never have a body (the Fetch standard's null-body statuses).
fn null_body_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 101 | 204 | 205 | 304)
}

/// Logs `why` and answers FastAPI's 500 with a `Response` built by JS that cannot throw.
pub(crate) fn internal_error(why: &str) -> web_sys::Response {
    sys::console::error(why);
    sys::http::internal_error()
}

/// How many distinct header values [`with_js_string`] keeps as JS strings.
const CACHED_JS_STRINGS: usize = 16;

thread_local! {
    /// Header values seen before, as JS strings: an app answers with a handful of content
    /// types, so each crosses into JS once instead of on every response.
    static JS_STRINGS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// Calls `f` with `text` as a JS string, from the cache when it is there.
fn with_js_string<R>(text: &str, f: impl FnOnce(&JsValue) -> R) -> R {
    JS_STRINGS.with(|cache| {
        if let Some((_, value)) = cache.borrow().iter().find(|(known, _)| known == text) {
            return f(value);
        }
        let value = JsValue::from_str(text);
        let answer = f(&value);
        let mut cache = cache.borrow_mut();
        if cache.len() < CACHED_JS_STRINGS {
            cache.push((text.to_owned(), value));
        }
        answer
    })
}
