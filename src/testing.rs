//! An in-process test client: call your app exactly as a JS host does, with no server.
//!
//! [`App::request`] builds a real JS `Request`, passes it to [`App::fetch`] (the function
//! the wasm export calls), awaits the `Promise` if the route returned one, and reads the
//! JS `Response` back. Run such tests with `wasm-pack test --node` or `--headless --chrome`.
//!
//! ```no_run
//! use edgeapi::prelude::*;
//! use edgeapi::testing::TestRequest;
//! use wasm_bindgen_test::wasm_bindgen_test;
//!
//! fn hello() -> &'static str { "Hello World" }
//!
//! #[wasm_bindgen_test]
//! async fn says_hello() {
//!     let app = App::new().get("/hello", hello);
//!     let response = app.request("/hello").await;
//!     assert_eq!(response.status(), 200);
//!     assert_eq!(response.text(), "Hello World");
//!
//!     let created = app.request(TestRequest::post("/items").json(&serde_json::json!({"name": "x"}))).await;
//!     assert_eq!(created.status(), 405);
//! }
//! ```

use js_sys::{Promise, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::app::App;
use crate::fetch::FetchResponse;
use crate::headers::Headers;

/// A request for [`App::request`]; a `&str` is a GET of that path.
#[derive(Debug, Clone)]
pub struct TestRequest {
    method: String,
    url: String,
    headers: Headers,
    body: Option<Vec<u8>>,
}

impl TestRequest {
    /// A request with any method; `path` may carry a query string.
    pub fn new(method: &str, path: &str) -> Self {
        let url = if path.contains("://") {
            path.to_owned()
        } else {
            format!("http://localhost{path}")
        };
        Self {
            method: method.to_owned(),
            url,
            headers: Headers::new(),
            body: None,
        }
    }

    /// A GET request.
    pub fn get(path: &str) -> Self {
        Self::new("GET", path)
    }

    /// A POST request.
    pub fn post(path: &str) -> Self {
        Self::new("POST", path)
    }

    /// A PUT request.
    pub fn put(path: &str) -> Self {
        Self::new("PUT", path)
    }

    /// A DELETE request.
    pub fn delete(path: &str) -> Self {
        Self::new("DELETE", path)
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.append(name, value);
        self
    }

    /// Sets a raw body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sets a JSON body and its content type.
    ///
    /// # Panics
    /// If `value` cannot be serialized (a test bug).
    pub fn json(self, value: &impl Serialize) -> Self {
        let body = serde_json::to_vec(value).expect("test body serializes to JSON");
        self.header("content-type", "application/json").body(body)
    }

    /// Builds the JS `Request`.
    ///
    /// # Panics
    /// If the host rejects the method, URL or headers (a test bug).
    pub fn to_js(&self) -> web_sys::Request {
        let init = web_sys::RequestInit::new();
        init.set_method(&self.method);
        let headers = web_sys::Headers::new().expect("Headers constructor");
        for (name, value) in self.headers.iter() {
            headers.append(name, value).expect("valid test header");
        }
        init.set_headers(&headers);
        if let Some(body) = &self.body {
            init.set_body(&Uint8Array::from(body.as_slice()));
        }
        web_sys::Request::new_with_str_and_init(&self.url, &init).expect("valid test request")
    }
}

impl From<&str> for TestRequest {
    fn from(path: &str) -> Self {
        Self::get(path)
    }
}

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

impl App {
    /// Sends `request` through [`App::fetch`], as a JS host would, and reads the answer.
    ///
    /// # Panics
    /// If the app's answer is not a `Response` or a `Promise` of one.
    pub async fn request(&self, request: impl Into<TestRequest>) -> TestResponse {
        let answer = self.fetch(
            request.into().to_js(),
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        );
        let answer = match answer.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .expect("the handler's Promise resolves"),
            Err(response) => response,
        };
        let response: web_sys::Response = answer.dyn_into().expect("the app answers a Response");
        TestResponse::from_js(response).await
    }
}
