//! The JavaScript boundary: reading a JS `Request`, building a JS `Response`, and the
//! bridge from a Rust future to a JS `Promise`.
//!
//! Sync outcomes return a `Response` object directly; pending ones become a `Promise`
//! through wasm-bindgen-futures. Nothing else in the crate calls into JS on the request path.

use http::{Method, StatusCode};
use wasm_bindgen::prelude::*;

use crate::error::HttpError;
use crate::handler::Outcome;
use crate::response::{IntoResponse, Response};

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestHead)]
    fn request_head(request: &web_sys::Request) -> String;

    #[wasm_bindgen(js_name = respond)]
    fn respond(status: u16, headers: &str, body: &[u8], with_body: bool) -> web_sys::Response;
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
    let head = request_head(request);
    let (method, url) = head.split_once(' ').unwrap_or(("GET", head.as_str()));
    // Method names are validated by the host; an odd one becomes an extension method.
    let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
    (method, url.to_owned())
}

/// Turns an outcome into what JS expects: a `Response`, or a `Promise` of one.
pub(crate) fn outcome_to_js(outcome: Outcome, head: bool) -> JsValue {
    match outcome {
        Outcome::Ready(response) => to_js_response(response, head).into(),
        Outcome::Pending(future) => wasm_bindgen_futures::future_to_promise(async move {
            Ok(to_js_response(future.await, head).into())
        })
        .into(),
    }
}

/// Builds the JS `Response` with one call. A HEAD answer keeps the headers and drops the body.
pub(crate) fn to_js_response(response: Response, head: bool) -> web_sys::Response {
    let response = checked_status(response);
    let (status, headers, body) = response.into_parts();
    let mut flat = String::new();
    for (name, value) in &headers {
        if !flat.is_empty() {
            flat.push('\n');
        }
        flat.push_str(name);
        flat.push('\n');
        flat.push_str(value);
    }
    respond(status.as_u16(), &flat, &body, !head)
}

/// JS `Response` accepts only 200..=599; anything else is a bug in the app, answered as 500.
fn checked_status(response: Response) -> Response {
    let code = response.status().as_u16();
    if (200..=599).contains(&code) {
        response
    } else {
        log_error(&format!(
            "edgeapi: a handler answered status {code}, which a JS Response cannot carry"
        ));
        HttpError::from_status(StatusCode::INTERNAL_SERVER_ERROR).into_response()
    }
}
