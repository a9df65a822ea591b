//! [`JsBody`]: the request body as the host's own stream, for bodies too large for wasm
//! memory.

use wasm_bindgen::JsValue;

use super::FromRequest;
use crate::error::HttpError;
use crate::request::Request;
use crate::sys;

/// The request body as the host's `ReadableStream`, untouched: it never enters wasm
/// memory, so a handler can pass a body of any size on (to [`crate::bindings::R2::put`],
/// say) while the wasm heap stays as it is. The app's body limit does not apply; the
/// destination's does.
///
/// ```no_run
/// use edgeapi::extract::JsBody;
/// use edgeapi::prelude::*;
///
/// async fn upload(env: Env, Path(key): Path<String>, body: JsBody) -> Result<StatusCode, HttpError> {
///     env.r2("FILES")?.put(&key, body).await?;
///     Ok(StatusCode::CREATED)
/// }
/// let app = App::new().put("/files/{key}", upload);
/// ```
#[derive(Debug, Clone)]
pub struct JsBody {
    body: JsValue,
    length: Option<u64>,
}

impl JsBody {
    /// The length the client declared (`Content-Length`), if it did.
    pub fn content_length(&self) -> Option<u64> {
        self.length
    }

    /// True when the request has no body at all.
    pub fn is_none(&self) -> bool {
        self.body.is_null()
    }

    /// The JS value: a `ReadableStream`, or `null` for no body (a `Uint8Array` for a
    /// request built in Rust).
    pub fn into_js(self) -> JsValue {
        self.body
    }
}

impl FromRequest for JsBody {
    type Rejection = HttpError;

    async fn from_request(request: Request) -> Result<Self, HttpError> {
        let length = request
            .parts()
            .header("content-length")
            .and_then(|length| length.trim().parse().ok());
        let body = match &request.parts().js {
            Some(js) => sys::http::body_stream(js).unwrap_or(JsValue::NULL),
            None => sys::http::bytes_to_js(&request.bytes().await?),
        };
        Ok(JsBody { body, length })
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        let binary = serde_json::json!({"type": "string", "format": "binary"});
        op.optional_request_body("application/octet-stream", binary);
    }
}
