//! The app in process, through the same `handle` a host calls: `wasm-pack test --node`.
#![cfg(target_arch = "wasm32")]

use edgeapi::testing::TestRequest;
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
async fn hello() {
    let response = {{lib}}::app().request("/hello").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"message": "Hello World"}));
}

#[wasm_bindgen_test]
async fn wait() {
    let app = {{lib}}::app();
    let response = app.request("/wait?ms=10").await;
    assert_eq!(response.json::<Value>(), json!({"waited_ms": 10}));
    assert_eq!(app.request("/wait?ms=soon").await.status(), 422);
}

#[wasm_bindgen_test]
async fn items_are_validated() {
    let app = {{lib}}::app();
    let item = json!({"name": "Apple", "price": 1.5});
    let response = app.request(TestRequest::post("/items").json(&item)).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.json::<Value>()["tags"], json!([]));

    let response = app.request(TestRequest::post("/items").json(&json!({"price": "free"}))).await;
    assert_eq!(response.status(), 422);
    let detail = response.json::<Value>()["detail"].clone();
    let locs: Vec<_> = detail.as_array().unwrap().iter().map(|item| item["loc"].clone()).collect();
    assert_eq!(locs, [json!(["body", "name"]), json!(["body", "price"])]);
}
