//! Routing, extraction and responses as pure Rust, natively (`cargo test`): no JS involved.

mod common;

use common::json_of;
use edgeapi::prelude::*;
use edgeapi::Outcome;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
    #[serde(default)]
    limit: u8,
}

fn read_item(Path(item_id): Path<u32>, Query(search): Query<Search>) -> Json<Value> {
    Json(json!({"item_id": item_id, "q": search.q, "limit": search.limit}))
}

async fn later() -> &'static str {
    "later"
}

fn app() -> App {
    App::new()
        .get("/hello", || "Hello World")
        .get("/later", later)
        .get("/items/{item_id}", read_item)
        .post("/items/{item_id}", || StatusCode::CREATED)
        .get("/files/{*path}", |Path(path): Path<String>| path)
        .any("/anything", |request: Request| {
            request.parts().method().to_string()
        })
}

fn get(path: &str) -> Response {
    send(Method::GET, path)
}

fn send(method: Method, path: &str) -> Response {
    common::send(&app(), Request::new(method, path))
}

#[test]
fn sync_handlers_are_ready_and_async_ones_pending() {
    assert!(app()
        .dispatch(Request::new(Method::GET, "/hello"))
        .is_ready());
    assert!(app()
        .dispatch(Request::new(Method::GET, "/items/1"))
        .is_ready());
    assert!(!app()
        .dispatch(Request::new(Method::GET, "/later"))
        .is_ready());
    assert_eq!(get("/later").body(), b"later");
}

#[test]
fn extractors_read_path_and_query() {
    let response = get("/items/42?q=a+b&limit=7");
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_of(&response),
        json!({"item_id": 42, "q": "a b", "limit": 7})
    );
    assert_eq!(
        json_of(&get("/items/42")),
        json!({"item_id": 42, "q": null, "limit": 0})
    );
}

#[test]
fn bad_parameters_are_fastapi_422() {
    let response = get("/items/x?limit=300");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        json_of(&response),
        json!({"detail": [
            {"type": "int_parsing", "loc": ["path", "item_id"],
             "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"},
            {"type": "less_than_equal", "loc": ["query", "limit"],
             "msg": "Input should be less than or equal to 255", "input": "300", "ctx": {"le": 255}},
        ]})
    );
    let response = get("/items/1?limit=300");
    assert_eq!(
        json_of(&response),
        json!({"detail": [
            {"type": "less_than_equal", "loc": ["query", "limit"],
             "msg": "Input should be less than or equal to 255", "input": "300", "ctx": {"le": 255}},
        ]})
    );
}

#[test]
fn not_found_and_method_not_allowed() {
    let response = get("/nope");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(&response), json!({"detail": "Not Found"}));

    let response = send(Method::DELETE, "/items/1");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.header("allow"), Some("GET, HEAD, POST"));
    assert_eq!(json_of(&response), json!({"detail": "Method Not Allowed"}));
}

#[test]
fn head_uses_the_get_handler() {
    let response = send(Method::HEAD, "/hello");
    assert_eq!(response.status(), StatusCode::OK);
    // The body is dropped at the JS boundary, so HEAD and GET agree on the headers.
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
}

#[test]
fn any_serves_every_method() {
    assert_eq!(send(Method::PATCH, "/anything").body(), b"PATCH");
    assert_eq!(send(Method::GET, "/anything").body(), b"GET");
}

#[test]
fn catch_all_and_percent_decoding() {
    assert_eq!(get("/files/a/b%20c.txt").body(), b"a/b c.txt");
    assert_eq!(get("/hell%6F").body(), b"Hello World");
}

#[test]
fn allow_lists_the_methods_served_in_alphabetical_order() {
    let app = App::new()
        .put("/a", || "put")
        .get("/a", || "get")
        .delete("/a", || "delete")
        .options("/a", || "options")
        .route(Method::from_bytes(b"PURGE").unwrap(), "/a", || "purge");
    let response = common::send(&app, Request::new(Method::POST, "/a"));
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        response.header("allow"),
        Some("DELETE, GET, HEAD, OPTIONS, PURGE, PUT")
    );
}

#[test]
#[should_panic(expected = "registered twice")]
fn a_route_registered_twice_is_a_build_error() {
    let _ = App::new().get("/a", || "one").get("/a", || "two");
}

#[test]
#[should_panic(expected = "cannot add route")]
fn conflicting_patterns_are_a_build_error() {
    let _ = App::new().get("/a/{x}", || "one").get("/a/{y}", || "two");
}

#[test]
fn an_extractor_that_does_not_fit_its_route_is_a_500() {
    let app = App::new().get("/{a}/{b}", |Path(n): Path<u32>| n.to_string());
    let Outcome::Ready(response) = app.dispatch(Request::new(Method::GET, "/1/2")) else {
        panic!("sync handler");
    };
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        json_of(&response),
        json!({"detail": "Internal Server Error"})
    );
}
