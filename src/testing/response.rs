//! [`TestResponse`]: what the app answered, read back from JS.

use serde::de::DeserializeOwned;

use crate::fetch::FetchResponse;
use crate::headers::Headers;

/// A response read back from JS: status, headers and the whole body, read and decoded
/// exactly as a subrequest's [`FetchResponse`] is.
#[derive(Debug, Clone)]
pub struct TestResponse(FetchResponse);

impl TestResponse {
    /// The status code.
    pub fn status(&self) -> u16 {
        self.0.status().as_u16()
    }

    /// The headers.
    pub fn headers(&self) -> &Headers {
        self.0.headers()
    }

    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.0.header(name)
    }

    /// The body bytes.
    pub fn bytes(&self) -> &[u8] {
        self.0.bytes()
    }

    /// The body as text (invalid UTF-8 becomes U+FFFD).
    pub fn text(&self) -> String {
        self.0.text()
    }

    /// The body parsed as JSON, strictly, as [`FetchResponse::json`] parses it.
    ///
    /// # Panics
    /// If the body is not JSON of that shape, with the reason and the body in the message.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        self.0
            .json()
            .unwrap_or_else(|err| panic!("body is not the expected JSON ({err}): {}", self.text()))
    }

    /// Reads a JS `Response` completely.
    ///
    /// # Panics
    /// If the body cannot be read.
    pub async fn from_js(response: web_sys::Response) -> Self {
        match FetchResponse::read(response).await {
            Ok(response) => Self(response),
            Err(err) => panic!("the response body could not be read: {err}"),
        }
    }
}
