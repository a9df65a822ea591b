//! The reference app tested the way users test their own apps: in-process, in wasm,
//! through the same `fetch` a JS host calls. Run with `wasm-pack test --node examples/reference`.
#![cfg(target_arch = "wasm32")]

use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn hello() {
    let response = reference::app().request("/hello").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"message": "Hello World"}));
}

#[wasm_bindgen_test]
async fn burgers_wait_and_count() {
    let response = reference::app().request("/burgers?number=2&ms=10").await;
    assert_eq!(
        response.json::<Value>(),
        json!({"burgers": 2, "waited_ms": 10})
    );
}

#[wasm_bindgen_test]
async fn burgers_refuse_long_waits() {
    let response = reference::app().request("/burgers?ms=10001").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.json::<Value>()["detail"][0]["type"],
        json!("less_than_equal")
    );
}

#[wasm_bindgen_test]
async fn items() {
    let app = reference::app();
    let response = app.request("/items/3?q=x").await;
    assert_eq!(response.json::<Value>(), json!({"item_id": 3, "q": "x"}));
    assert_eq!(app.request("/items/three").await.status(), 422);
}

/// The README's KV example: the `ITEMS` binding as an in-memory namespace.
#[wasm_bindgen_test]
async fn kv_round_trip() {
    use edgeapi::testing::{MemoryKv, TestEnv, TestRequest};

    let items = MemoryKv::new();
    let env = TestEnv::new().var("GREETING", "Hello").kv("ITEMS", &items);
    let app = reference::app();
    let put = TestRequest::put("/kv/a").body("apple").env(&env);
    assert_eq!(app.request(put).await.status(), 200);
    let read = app.request(TestRequest::get("/kv/a").env(&env)).await;
    assert_eq!(read.json::<Value>()["value"], "apple");
    let greeting = app.request(TestRequest::get("/greeting").env(&env)).await;
    assert_eq!(greeting.json::<Value>(), json!({"greeting": "Hello"}));
}
