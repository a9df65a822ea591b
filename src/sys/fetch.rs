//! The host's `fetch`, for subrequests, and reading a JS `Response` whole.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

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

    #[wasm_bindgen(js_name = sendTo)]
    fn send_to_js(
        target: &JsValue,
        method: &str,
        url: &str,
        headers: &str,
        body: &[u8],
        with_body: bool,
    ) -> js_sys::Promise;

    #[wasm_bindgen(js_name = readResponse)]
    fn read_response(response: web_sys::Response) -> js_sys::Promise;
}

/// A subrequest's answer: status, headers in the flat boundary encoding, whole body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) headers: String,
    pub(crate) body: Vec<u8>,
}

/// Sends a subrequest; `Err` carries the host's reason (bad URL, refused connection...).
pub(crate) async fn send(
    method: &str,
    url: &str,
    headers: &str,
    body: Option<&[u8]>,
) -> Result<Answer, String> {
    let promise = send_js(
        method,
        url,
        headers,
        body.unwrap_or_default(),
        body.is_some(),
    );
    settle(promise).await
}

/// Sends a request through `target.fetch` (a Durable Object's stub) rather than the
/// global `fetch`.
pub(crate) async fn send_to(
    target: &JsValue,
    method: &str,
    url: &str,
    headers: &str,
    body: Option<&[u8]>,
) -> Result<Answer, String> {
    let promise = send_to_js(
        target,
        method,
        url,
        headers,
        body.unwrap_or_default(),
        body.is_some(),
    );
    settle(promise).await
}

/// Reads a JS `Response` whole: status, headers, body.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))] // the test client's reader
pub(crate) async fn read(response: web_sys::Response) -> Result<Answer, String> {
    settle(read_response(response)).await
}

async fn settle(promise: js_sys::Promise) -> Result<Answer, String> {
    let answer = JsFuture::from(promise)
        .await
        .map_err(|err| super::error_message(&err))?;
    let answer: js_sys::Array = answer.unchecked_into();
    Ok(Answer {
        status: answer.get(0).as_f64().unwrap_or(0.0) as u16,
        headers: answer.get(1).as_string().unwrap_or_default(),
        body: js_sys::Uint8Array::new(&answer.get(2)).to_vec(),
    })
}
