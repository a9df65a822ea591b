//! The storage API where a host other than workerd can run it, in Node and in headless
//! Chromium (`make test-wasm`): missing bindings, the request's body as a JS stream, and
//! the Cache API, which Chromium has (the test page is a secure context) and Node has not.
//! D1, R2 and KV themselves run on workerd: `tests/e2e/storage*.test.js`.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;

use edgeapi::cache::{cached, Cache, CACHE_HEADER};
use edgeapi::extract::JsBody;
use edgeapi::prelude::*;
use edgeapi::testing::TestRequest;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// True where the host has a Cache API (Chromium here; not Node).
fn has_cache_api() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("caches"))
        .is_ok_and(|caches| caches.is_object())
}

#[wasm_bindgen_test]
fn pages_have_a_cache_api_and_node_has_none() {
    let global = js_sys::global();
    let in_page = js_sys::Reflect::get(&global, &JsValue::from_str("document"))
        .is_ok_and(|document| document.is_object());
    assert_eq!(
        has_cache_api(),
        in_page,
        "the test page is a secure context"
    );
}

#[wasm_bindgen_test]
async fn missing_bindings_answer_a_logged_500() {
    async fn notes(env: Env) -> Result<&'static str, HttpError> {
        env.d1("DB")?;
        Ok("bound")
    }
    async fn files(env: Env) -> Result<&'static str, HttpError> {
        env.r2("FILES")?;
        Ok("bound")
    }
    let app = App::new().get("/notes", notes).get("/files", files);
    for path in ["/notes", "/files"] {
        let response = app.request(path).await;
        assert_eq!(response.status(), 500, "{path}");
        assert_eq!(response.text(), r#"{"detail":"Internal Server Error"}"#);
    }
}

#[wasm_bindgen_test]
async fn js_body_hands_the_request_stream_on_untouched() {
    async fn echo(body: JsBody) -> Response {
        let length = body
            .content_length()
            .map_or("none".into(), |n| n.to_string());
        Response::new(StatusCode::OK)
            .with_header("x-declared", length)
            .with_js_body(body.into_js())
    }
    let app = App::new().put("/echo", echo);
    let body: Vec<u8> = (0..=255).cycle().take(300_000).collect();
    let response = app
        .request(TestRequest::put("/echo").body(body.clone()))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.bytes(), body.as_slice());
    let empty = app.request(TestRequest::put("/echo")).await;
    assert_eq!(empty.status(), 200);
    assert!(empty.bytes().is_empty());
}

#[wasm_bindgen_test]
async fn cache_put_get_delete_where_there_is_a_cache() {
    for cache in [
        Cache::default().await.unwrap(),
        Cache::open("edgeapi-test").await.unwrap(),
    ] {
        assert_eq!(cache.is_available(), has_cache_api());
        let url = "http://127.0.0.1/edgeapi-test/page?x=1";
        let page = Response::new(StatusCode::OK)
            .with_header("cache-control", "max-age=60")
            .with_header("content-type", "text/plain")
            .with_body("cached page");
        cache.put(url, &page).await.unwrap();
        let hit = cache.get(url).await.unwrap();
        assert_eq!(hit.is_some(), has_cache_api());
        if let Some(hit) = hit {
            assert_eq!(hit.status(), StatusCode::OK);
            assert_eq!(hit.header("content-type"), Some("text/plain"));
            assert!(hit.is_streaming(), "a hit's body is the cache's own stream");
        }
        assert_eq!(cache.delete(url).await.unwrap(), has_cache_api());
        assert!(cache.get(url).await.unwrap().is_none());
        assert!(!cache.delete(url).await.unwrap());
        let streamed = Response::new(StatusCode::OK).with_stream(futures_util::stream::empty());
        assert_eq!(cache.put(url, &streamed).await.is_err(), has_cache_api());
    }
}

#[wasm_bindgen_test]
async fn cached_routes_hit_where_there_is_a_cache_and_run_every_time_elsewhere() {
    let runs = Rc::new(Cell::new(0));
    let counted = Rc::clone(&runs);
    let slow = move |Path(n): Path<u64>| {
        counted.set(counted.get() + 1);
        async move {
            (
                [("cache-control", "public, max-age=60")],
                (n * n).to_string(),
            )
        }
    };
    let fresh = || async { ([("cache-control", "no-store")], "fresh") };
    let app = App::new()
        .get("/square/{n}", cached(slow))
        .get("/fresh", cached(fresh));
    // A key no earlier run of this test stored.
    let n = js_sys::Date::now() as u64 % 1_000_000;
    let path = format!("/square/{n}");

    let first = app.request(path.as_str()).await;
    assert_eq!(first.text(), (n * n).to_string());
    if has_cache_api() {
        // The copy is stored after the answer (through waitUntil where there is one): wait
        // until the cache holds it, so the second request cannot race the store.
        let url = format!("http://localhost{path}");
        let cache = Cache::default().await.unwrap();
        for _ in 0..200 {
            if cache.get(&url).await.unwrap().is_some() {
                break;
            }
            sleep(std::time::Duration::from_millis(10)).await;
        }
    }
    let second = app.request(path.as_str()).await;
    assert_eq!(second.text(), (n * n).to_string());
    if has_cache_api() {
        assert_eq!(first.header(CACHE_HEADER), Some("miss"));
        assert_eq!(second.header(CACHE_HEADER), Some("hit"));
        assert_eq!(second.header("cache-control"), Some("public, max-age=60"));
        assert_eq!(second.header("x-edgeapi-cache-expires"), None);
        assert_eq!(runs.get(), 1);
        let _ = Cache::default()
            .await
            .unwrap()
            .delete(&format!("http://localhost{path}"))
            .await;
    } else {
        assert_eq!(first.header(CACHE_HEADER), None);
        assert_eq!(second.header(CACHE_HEADER), None);
        assert_eq!(runs.get(), 2);
    }
    // `no-store` answers are never stored; other methods pass through.
    for _ in 0..2 {
        let answer = app.request("/fresh").await;
        assert_eq!(answer.text(), "fresh");
        assert_ne!(answer.header(CACHE_HEADER), Some("hit"));
    }
}
