//! [`TestRequest`], and [`App::request`], which sends one through the app as a host does.

use js_sys::{Promise, Uint8Array};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::env::TestEnv;
use super::response::TestResponse;
use crate::app::App;
use crate::headers::Headers;

/// A request for [`App::request`]; a `&str` is a GET of that path.
#[derive(Debug, Clone)]
pub struct TestRequest {
    method: String,
    url: String,
    headers: Headers,
    body: Option<Vec<u8>>,
    env: JsValue,
    ctx: JsValue,
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
            env: JsValue::UNDEFINED,
            ctx: JsValue::UNDEFINED,
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

    /// Gives the request the worker's `env`: variables, secrets and bindings such as an
    /// in-memory KV namespace (see [`TestEnv`]).
    pub fn env(mut self, env: &TestEnv) -> Self {
        self.env = env.to_js();
        self
    }

    /// Gives the request a `ctx` of your own (a JS object with `waitUntil`, say).
    pub fn ctx(mut self, ctx: JsValue) -> Self {
        self.ctx = ctx;
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

impl App {
    /// Sends `request` through [`App::fetch`], as a JS host would, and reads the answer.
    ///
    /// # Panics
    /// If the app's answer is not a `Response` or a `Promise` of one.
    pub async fn request(&self, request: impl Into<TestRequest>) -> TestResponse {
        let request = request.into();
        let answer = self.fetch(request.to_js(), request.env.clone(), request.ctx.clone());
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
