//! The test client with an `env`: variables, secrets and an in-memory KV namespace reach
//! handlers as a host's would. Runs in Node and headless Chromium.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use edgeapi::prelude::*;
use edgeapi::testing::{MemoryKv, TestEnv, TestRequest};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen_test::wasm_bindgen_test;

#[derive(Serialize, Deserialize)]
struct Tag {
    color: String,
}

async fn put(env: Env, Path(key): Path<String>, value: String) -> Result<StatusCode, HttpError> {
    let kv = env.kv("ITEMS")?;
    match key.strip_prefix("ttl-") {
        Some(_) => kv.put(&key, value).expiration_ttl(60).await?,
        None => {
            kv.put(&key, value)
                .metadata(&Tag {
                    color: "red".into(),
                })
                .await?
        }
    }
    Ok(StatusCode::CREATED)
}

async fn get(env: Env, Path(key): Path<String>) -> Result<String, HttpError> {
    let kv = env.kv("ITEMS")?;
    kv.get(&key)
        .await?
        .ok_or_else(|| HttpError::from_status(StatusCode::NOT_FOUND))
}

#[derive(Deserialize)]
struct Page {
    cursor: Option<String>,
}

async fn list(env: Env, Query(page): Query<Page>) -> Result<Json<Value>, HttpError> {
    let kv = env.kv("ITEMS")?;
    let page = kv.list("", 2, page.cursor.as_deref()).await?;
    Ok(Json(json!({"keys": page.keys, "cursor": page.cursor})))
}

fn greeting(env: Env) -> String {
    format!(
        "{} {}",
        env.var("GREETING").unwrap_or_default(),
        env.secret("TOKEN").unwrap_or_default()
    )
}

fn app() -> App {
    App::new()
        .put("/kv/{key}", put)
        .get("/kv/{key}", get)
        .get("/kv", list)
        .get("/greeting", greeting)
}

#[wasm_bindgen_test]
async fn variables_and_secrets_reach_handlers() {
    let env = TestEnv::new()
        .var("GREETING", "Hello")
        .secret("TOKEN", "s3cret");
    let response = app().request(TestRequest::get("/greeting").env(&env)).await;
    assert_eq!(response.text(), "Hello s3cret");
}

#[wasm_bindgen_test]
async fn a_memory_kv_stores_lists_in_byte_order_and_pages_with_cursors() {
    let items = MemoryKv::new();
    let env = TestEnv::new().kv("ITEMS", &items);
    let app = app();
    for key in ["b", "a", "\u{e9}", "c"] {
        let request = TestRequest::put(&format!("/kv/{key}"))
            .body(format!("value {key}"))
            .env(&env);
        assert_eq!(app.request(request).await.status(), 201);
    }
    let read = app.request(TestRequest::get("/kv/a").env(&env)).await;
    assert_eq!(read.text(), "value a");

    let first = app
        .request(TestRequest::get("/kv").env(&env))
        .await
        .json::<Value>();
    assert_eq!(first["keys"], json!(["a", "b"]));
    let cursor = first["cursor"]
        .as_str()
        .expect("a cursor for the next page");
    let next = TestRequest::get(&format!("/kv?cursor={cursor}")).env(&env);
    let second = app.request(next).await.json::<Value>();
    assert_eq!(second, json!({"keys": ["c", "\u{e9}"], "cursor": null}));
}

#[wasm_bindgen_test]
async fn entries_expire_when_the_clock_moves() {
    let items = MemoryKv::new();
    let env = TestEnv::new().kv("ITEMS", &items);
    let app = app();
    let put = TestRequest::put("/kv/ttl-session").body("token").env(&env);
    assert_eq!(app.request(put).await.status(), 201);
    assert_eq!(
        app.request(TestRequest::get("/kv/ttl-session").env(&env))
            .await
            .status(),
        200
    );
    items.advance(Duration::from_secs(61));
    assert_eq!(
        app.request(TestRequest::get("/kv/ttl-session").env(&env))
            .await
            .status(),
        404
    );
}

#[wasm_bindgen_test]
async fn without_the_binding_kv_routes_answer_the_documented_500() {
    let response = app().request(TestRequest::get("/kv/a")).await;
    assert_eq!(response.status(), 500);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": "Internal Server Error"})
    );
}
