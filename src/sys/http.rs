//! Requests in and responses out: the calls into `src/js/edgeapi.js` on the request path.
//!
//! Each request crosses the boundary twice: once to read the method and URL (headers and
//! body only when an extractor asks), once to build the `Response`.

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestHead)]
    fn request_head(request: &web_sys::Request) -> String;

    #[wasm_bindgen(js_name = requestHeaders)]
    fn request_headers(request: &web_sys::Request) -> String;

    #[wasm_bindgen(js_name = readBody)]
    fn read_body_promise(request: &web_sys::Request, limit: f64) -> js_sys::Promise;

    #[wasm_bindgen(catch, js_name = respond)]
    fn respond_js(
        status: u16,
        content_type: &JsValue,
        headers: Option<&str>,
        body: &[u8],
        with_body: bool,
    ) -> Result<web_sys::Response, JsValue>;

    #[wasm_bindgen(catch, js_name = respondWith)]
    fn respond_with_js(
        status: u16,
        content_type: &JsValue,
        headers: Option<&str>,
        body: &JsValue,
    ) -> Result<web_sys::Response, JsValue>;

    #[wasm_bindgen(js_name = internalError)]
    fn internal_error_js() -> web_sys::Response;

    #[wasm_bindgen(catch, js_name = bodyReader)]
    fn body_reader(request: &web_sys::Request) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = readChunk)]
    fn read_chunk(reader: &JsValue) -> js_sys::Promise;

    #[wasm_bindgen(catch, js_name = releaseReader)]
    fn release_reader(reader: &JsValue) -> Result<(), JsValue>;
}

/// `"METHOD url"` of a JS request, in one crossing.
pub(crate) fn method_and_url(request: &web_sys::Request) -> String {
    request_head(request)
}

/// Every header of a JS request in the flat boundary encoding (see `Headers::from_flat`).
pub(crate) fn headers(request: &web_sys::Request) -> String {
    request_headers(request)
}

/// Why a request body could not be read.
pub(crate) enum ReadBodyError {
    /// Over the limit (declared, or counted while reading).
    TooLarge,
    /// The client went away or sent a broken stream.
    Unreadable,
}

/// A JS request's body, read chunk by chunk as the host hands it over: only one chunk is
/// in wasm memory at a time. The body is not touched until the first read (a body never
/// read stays as the host has it); dropped before its end, the rest is cancelled.
pub(crate) struct BodyChunks {
    request: web_sys::Request,
    reader: Option<JsValue>,
    done: bool,
}

impl BodyChunks {
    pub(crate) fn new(request: &web_sys::Request) -> Self {
        Self {
            // The handle, not `Request.clone()` (which would copy the body).
            request: Clone::clone(request),
            reader: None,
            done: false,
        }
    }

    /// The next chunk, `None` at the end.
    pub(crate) async fn next(&mut self) -> Result<Option<Vec<u8>>, ReadBodyError> {
        if self.done {
            return Ok(None);
        }
        if self.reader.is_none() {
            self.reader = body_reader(&self.request).ok().filter(|r| !r.is_null());
        }
        let Some(reader) = &self.reader else {
            self.done = true;
            return Ok(None);
        };
        match JsFuture::from(read_chunk(reader)).await {
            Ok(chunk) if chunk.is_null() => {
                self.done = true;
                Ok(None)
            }
            Ok(chunk) => Ok(Some(js_sys::Uint8Array::new(&chunk).to_vec())),
            Err(_) => {
                self.done = true;
                Err(ReadBodyError::Unreadable)
            }
        }
    }
}

impl Drop for BodyChunks {
    fn drop(&mut self) {
        if let (Some(reader), false) = (self.reader.take(), self.done) {
            let _ = release_reader(&reader);
        }
    }
}

/// The whole body of a JS request, refused once it is over `limit` bytes.
pub(crate) async fn read_body(
    request: &web_sys::Request,
    limit: usize,
) -> Result<Vec<u8>, ReadBodyError> {
    match JsFuture::from(read_body_promise(request, limit as f64)).await {
        Ok(body) if body.is_null() => Err(ReadBodyError::TooLarge),
        Ok(body) => Ok(js_sys::Uint8Array::new(&body).to_vec()),
        Err(_) => Err(ReadBodyError::Unreadable),
    }
}

/// Builds a JS `Response` from bytes (dropped when `with_body` is false). `content_type`
/// is a JS string or `undefined`; `headers` any others in the flat encoding. Fails with the
/// constructor's exception (a status or header value the host refuses).
pub(crate) fn respond(
    status: u16,
    content_type: &JsValue,
    headers: Option<&str>,
    body: &[u8],
    with_body: bool,
) -> Result<web_sys::Response, JsValue> {
    respond_js(status, content_type, headers, body, with_body)
}

/// Builds a JS `Response` whose body is a JS value the host takes as it is (a
/// `ReadableStream`, a `Blob`, ...); `null` for none.
pub(crate) fn respond_with(
    status: u16,
    content_type: &JsValue,
    headers: Option<&str>,
    body: &JsValue,
) -> Result<web_sys::Response, JsValue> {
    respond_with_js(status, content_type, headers, body)
}

/// FastAPI's 500, `{"detail":"Internal Server Error"}`, built by JS code that cannot throw.
pub(crate) fn internal_error() -> web_sys::Response {
    internal_error_js()
}

/// The body of a JS request as the host's `ReadableStream`, untouched (nothing crosses
/// into wasm memory); `None` for a request without a body.
pub(crate) fn body_stream(request: &web_sys::Request) -> Option<JsValue> {
    request.body().map(JsValue::from)
}

/// Bytes copied into a JS `Uint8Array`.
pub(crate) fn bytes_to_js(bytes: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(bytes).into()
}

/// The full URL of a JS request.
pub(crate) fn url(request: &web_sys::Request) -> String {
    request.url()
}
