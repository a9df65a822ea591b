//! [`TestEnv`], the `env` a test request carries, and [`MemoryKv`], an in-memory KV
//! namespace to bind in it.

use std::time::Duration;

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use crate::sys;

/// The worker's `env` for a test request: variables and secrets (strings, as
/// `wrangler.toml`'s `[vars]` and `wrangler secret` give them) and bindings.
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use edgeapi::testing::{MemoryKv, TestEnv, TestRequest};
///
/// async fn greeting(env: Env) -> Result<String, HttpError> {
///     let name = env.var("GREETING").unwrap_or_default();
///     let visits = env.kv("VISITS")?.get("count").await?.unwrap_or_default();
///     Ok(format!("{name} ({visits})"))
/// }
///
/// # async fn test() {
/// let visits = MemoryKv::new();
/// let env = TestEnv::new().var("GREETING", "Hello").kv("VISITS", &visits);
/// let app = App::new().get("/", greeting);
/// let response = app.request(TestRequest::get("/").env(&env)).await;
/// assert_eq!(response.text(), "Hello ()");
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct TestEnv(Object);

impl Default for TestEnv {
    fn default() -> Self {
        Self(Object::new())
    }
}

impl TestEnv {
    /// An empty `env`: no variables, no bindings.
    pub fn new() -> Self {
        Self::default()
    }

    /// A variable, as `wrangler.toml`'s `[vars]` gives it.
    pub fn var(self, name: &str, value: &str) -> Self {
        self.binding(name, JsValue::from_str(value))
    }

    /// A secret: to the app, the same as a variable.
    pub fn secret(self, name: &str, value: &str) -> Self {
        self.var(name, value)
    }

    /// A KV namespace bound as `name`.
    pub fn kv(self, name: &str, namespace: &MemoryKv) -> Self {
        self.binding(name, namespace.0.clone().into())
    }

    /// Any binding, as a JS value (a JS object standing in for a service the test needs).
    pub fn binding(self, name: &str, value: JsValue) -> Self {
        // Setting a property of a plain object cannot fail.
        let _ = Reflect::set(&self.0, &JsValue::from_str(name), &value);
        self
    }

    /// The `env` object as the app receives it.
    pub fn to_js(&self) -> JsValue {
        self.0.clone().into()
    }
}

/// An in-memory Workers KV namespace, for tests: the same calls and answers as the KV
/// namespace of local workerd (`wrangler dev`), which `tests/e2e/memory-kv.test.js` checks
/// call by call. Keys sort by their UTF-8 bytes and list in pages with cursors; values are
/// text or bytes with optional metadata; the platform's limits and errors apply (a TTL
/// under 60 s, a key over 512 bytes, metadata over 1 KiB). Entries expire by the
/// namespace's own clock, which [`MemoryKv::advance`] moves forward.
///
/// It lives as long as the value (clones share it), holds nothing after the test, and is
/// not a cache of, or a way to reach, a real namespace.
#[derive(Debug, Clone)]
pub struct MemoryKv(sys::testing::MemoryKv);

impl Default for MemoryKv {
    fn default() -> Self {
        Self(sys::testing::MemoryKv::new())
    }
}

impl MemoryKv {
    /// An empty namespace.
    pub fn new() -> Self {
        Self::default()
    }

    /// Moves this namespace's clock forward, so that entries with a TTL or an expiration
    /// expire without waiting.
    pub fn advance(&self, by: Duration) {
        self.0.advance(by.as_secs_f64() * 1000.0);
    }
}
