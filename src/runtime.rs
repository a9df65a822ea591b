//! The JavaScript boundary: reading a JS `Request`, building a JS `Response`, and the
//! bridge from a Rust future to a JS `Promise`.
//!
//! Sync outcomes return a `Response` object directly; pending ones become a `Promise`
//! through wasm-bindgen-futures. Nothing else in the crate calls into JS on the request path.
//!
//! `make bench` measures this path: building the JS `Response` costs more than routing in
//! Rust, so a response crosses once, with its content type as a cached JS string rather
//! than text to decode, and an async handler that finishes without waiting skips the task
//! queue.

use std::cell::RefCell;
use std::task::{Context, Poll, Waker};

use std::future::Future;

use http::{Method, StatusCode};
use wasm_bindgen::prelude::*;

use js_sys::{Function, Reflect};
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use crate::background::BackgroundTasks;
use crate::error::HttpError;
use crate::handler::Outcome;
use crate::panic;
use crate::request::Request;
use crate::response::{IntoResponse, Response};

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestHead)]
    fn request_head(request: &web_sys::Request) -> String;

    #[wasm_bindgen(js_name = respond)]
    fn respond(
        status: u16,
        content_type: &JsValue,
        headers: Option<&str>,
        body: &[u8],
        with_body: bool,
    ) -> web_sys::Response;

    #[wasm_bindgen(js_name = respondStream)]
    fn respond_stream(
        status: u16,
        content_type: &JsValue,
        headers: Option<&str>,
        body: web_sys::ReadableStream,
    ) -> web_sys::Response;

    #[wasm_bindgen(js_name = requestHeaders)]
    fn request_headers_flat(request: &web_sys::Request) -> String;

    #[wasm_bindgen(js_name = readBody)]
    fn read_body_promise(request: &web_sys::Request, limit: f64) -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Logs one line to the host's console (`console.error` in wasm, stderr natively).
pub(crate) fn log_error(message: &str) {
    if cfg!(target_arch = "wasm32") {
        console_error(message);
    } else {
        eprintln!("{message}");
    }
}

/// Reads the method and the URL of a JS request in one crossing.
pub(crate) fn method_and_url(request: &web_sys::Request) -> (Method, String) {
    let mut url = request_head(request);
    let Some(space) = url.find(' ') else {
        return (Method::GET, url);
    };
    // Method names are validated by the host; an odd one becomes an extension method.
    let method = Method::from_bytes(&url.as_bytes()[..space]).unwrap_or(Method::GET);
    url.drain(..=space);
    (method, url)
}

/// Every header of a JS request, names in lower case, in one crossing.
pub(crate) fn request_headers(request: &web_sys::Request) -> Vec<(String, String)> {
    split_flat_headers(&request_headers_flat(request))
}

/// Headers as JS hands them over in one string: `"name\nvalue\nname\nvalue..."`.
pub(crate) fn split_flat_headers(flat: &str) -> Vec<(String, String)> {
    let mut fields = flat.split('\n');
    let mut headers = Vec::new();
    while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
        headers.push((name.to_owned(), value.to_owned()));
    }
    headers
}

/// Reads a JS request's body: `None` once it is over `limit` bytes.
pub(crate) async fn read_body(
    request: &web_sys::Request,
    limit: usize,
) -> Result<Option<Vec<u8>>, HttpError> {
    match JsFuture::from(read_body_promise(request, limit as f64)).await {
        Ok(body) if body.is_null() => Ok(None),
        Ok(body) => Ok(Some(js_sys::Uint8Array::new(&body).to_vec())),
        // The client went away or sent a broken stream: nothing to answer but a 400.
        Err(_) => Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "The request body could not be read",
        )),
    }
}

/// What happens once the response exists: HEAD drops the body, and queued background
/// tasks start (through `ctx.waitUntil` where the host has it).
pub(crate) struct AfterResponse {
    head: bool,
    background: BackgroundTasks,
    ctx: JsValue,
}

impl AfterResponse {
    pub(crate) fn of(request: &Request) -> Self {
        let parts = request.parts();
        Self {
            head: parts.method() == Method::HEAD,
            background: parts.background.clone(),
            ctx: parts.ctx().clone(),
        }
    }

    fn respond(self, response: Response) -> web_sys::Response {
        let response = to_js_response(response, self.head);
        if let Some(tasks) = self.background.take() {
            wait_until(&self.ctx, tasks);
        }
        response
    }
}

/// Turns an outcome into what JS expects: a `Response`, or a `Promise` of one.
///
/// A pending outcome is polled once first, as a JS async function runs up to its first
/// `await`: when it is already done, the `Promise` is made resolved, with no task queued.
/// The noop waker is safe because a future still pending is polled again by
/// wasm-bindgen-futures, which registers a real waker.
pub(crate) fn outcome_to_js(outcome: Outcome, after: AfterResponse) -> JsValue {
    match outcome {
        Outcome::Ready(response) => after.respond(response).into(),
        Outcome::Pending(mut future) => {
            match future
                .as_mut()
                .poll(&mut Context::from_waker(Waker::noop()))
            {
                Poll::Ready(response) => js_sys::Promise::resolve(&after.respond(response)).into(),
                // Only a handler still waiting can be caught by a panic elsewhere.
                Poll::Pending => panic::guard(future_to_promise(async move {
                    Ok(after.respond(future.await).into())
                }))
                .into(),
            }
        }
    }
}

/// Runs `future` on the event loop and, where the host's `ctx` has `waitUntil`, keeps
/// the isolate alive until it finishes.
pub(crate) fn wait_until(ctx: &JsValue, future: impl Future<Output = ()> + 'static) {
    let promise = future_to_promise(async move {
        future.await;
        Ok(JsValue::UNDEFINED)
    });
    if !ctx.is_object() {
        return;
    }
    if let Ok(wait_until) = Reflect::get(ctx, &JsValue::from_str("waitUntil")) {
        if let Some(wait_until) = wait_until.dyn_ref::<Function>() {
            let _ = wait_until.call1(ctx, &promise);
        }
    }
}

/// Builds the JS `Response` with one call. A HEAD answer keeps the headers and drops the body.
///
/// The usual response has one header, its content type: that goes as a cached JS string.
/// Any other headers go as one `"name\nvalue\n..."` string.
pub(crate) fn to_js_response(response: Response, head: bool) -> web_sys::Response {
    let mut response = checked_status(response);
    let stream = response.take_stream();
    let (status, headers, body) = response.into_parts();
    let mut content_type = None;
    let mut flat = String::new();
    for (name, value) in &headers {
        if content_type.is_none() && name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.as_str());
            continue;
        }
        if !flat.is_empty() {
            flat.push('\n');
        }
        flat.push_str(name);
        flat.push('\n');
        flat.push_str(value);
    }
    let others = (!flat.is_empty()).then_some(flat.as_str());
    let status = status.as_u16();
    let send = |content_type: &JsValue| match stream {
        Some(stream) if !head => respond_stream(
            status,
            content_type,
            others,
            crate::stream::to_readable_stream(stream),
        ),
        _ => respond(status, content_type, others, &body, !head),
    };
    match content_type {
        Some(content_type) => with_js_string(content_type, send),
        None => send(&JsValue::UNDEFINED),
    }
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

/// JS `Response` accepts only 200..=599; anything else is a bug in the app, answered as 500.
fn checked_status(response: Response) -> Response {
    let code = response.status().as_u16();
    if (200..=599).contains(&code) {
        response
    } else {
        let why =
            format!("edgeapi: a handler answered status {code}, which a JS Response cannot carry");
        HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response()
    }
}
