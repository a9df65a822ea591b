//! Path and query decoding into typed values: any query string and path parameter.
#![no_main]

mod common;

use edgeapi::{App, Json, Method, Path, Query, Request};
use libfuzzer_sys::fuzz_target;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
enum Color {
    Red,
    Green,
}

#[derive(Deserialize, Serialize)]
struct Params {
    small: Option<u8>,
    big: Option<i64>,
    ratio: Option<f64>,
    flag: Option<bool>,
    name: Option<String>,
    #[serde(default)]
    ids: Vec<u32>,
    color: Option<Color>,
    letter: Option<char>,
    #[serde(default)]
    required: u16,
}

thread_local! {
    static APP: App = App::new()
        .get("/q", |Query(params): Query<Params>| Json(params))
        .get("/strict", |Query(params): Query<Strict>| Json(params))
        .get("/p/{a}/{b}", |Path((a, b)): Path<(i32, bool)>| format!("{a}{b}"));
}

#[derive(Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    n: u32,
    s: String,
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let url = match selector % 3 {
        0 => format!("/q?{text}"),
        1 => format!("/strict?{text}"),
        _ => match text.split_once('/') {
            Some((a, b)) => format!("/p/{a}/{b}"),
            None => format!("/p/{text}/x"),
        },
    };
    APP.with(|app| common::assert_answers(app, Request::new(Method::GET, &url)));
});
