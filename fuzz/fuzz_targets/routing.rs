//! Routing: any method and path against a table of static, parameter and catch-all routes.
#![no_main]

mod common;

use edgeapi::{App, Method, Path, Request};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static APP: App = App::new()
        .get("/", || "root")
        .get("/items/", || "list")
        .get("/items/{id}", |Path(id): Path<String>| id)
        .post("/items/{id}", |Path(id): Path<u32>| id.to_string())
        .get("/users/{user}/items/{item}", |Path((u, i)): Path<(String, i64)>| format!("{u}{i}"))
        .get("/files/{*path}", |Path(path): Path<String>| path)
        .any("/any/{x}", || "any");
}

const METHODS: [&str; 9] = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "PROPFIND", "X"];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, path)) = data.split_first() else {
        return;
    };
    let method = Method::from_bytes(METHODS[usize::from(selector) % METHODS.len()].as_bytes())
        .unwrap_or(Method::GET);
    let path = String::from_utf8_lossy(path);
    APP.with(|app| common::assert_answers(app, Request::new(method, &format!("/{path}"))));
});
