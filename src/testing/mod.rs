//! An in-process test client: call your app exactly as a JS host does, with no server.
//!
//! [`App::request`] builds a real JS `Request`, passes it to [`App::fetch`] (the function
//! the wasm export calls), awaits the `Promise` if the route returned one, and reads the
//! JS `Response` back. Run such tests with `wasm-pack test --node` or `--headless --chrome`.
//!
//! A request can carry the worker's `env` ([`TestEnv`]): variables, secrets, and in-memory
//! bindings that answer as the platform's do ([`MemoryKv`], a KV namespace).
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

mod env;
mod request;
mod response;

pub use env::{MemoryKv, TestEnv};
pub use request::TestRequest;
pub use response::TestResponse;
