//! JSON body extraction: any bytes as the body of a typed model.
#![no_main]

mod common;

use std::collections::HashMap;

use edgeapi::{App, Json, Method, Request};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f32>,
    count: u8,
    tags: Vec<String>,
    owner: Owner,
    extra: HashMap<String, i64>,
    kind: Kind,
}

#[derive(Deserialize, Serialize)]
struct Owner {
    id: u64,
    admin: bool,
}

#[derive(Deserialize, Serialize)]
enum Kind {
    Tool,
    Food,
}

thread_local! {
    static APP: App = App::new()
        .post("/items/", |Json(item): Json<Item>| Json(item))
        .post("/list", |Json(items): Json<Vec<(u8, Option<bool>)>>| Json(items));
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let path = if selector % 2 == 0 { "/items/" } else { "/list" };
    let request = Request::new(Method::POST, path)
        .with_header("content-type", "application/json")
        .with_body(body.to_vec());
    APP.with(|app| common::assert_answers(app, request));
});
