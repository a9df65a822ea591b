//! Multipart, declared constraints and the security helpers inside wasm, through the JS
//! boundary: multipart bodies arrive as the host's stream, in chunks that split headers and
//! delimiters anywhere. Run by `wasm-pack test --node` and `--headless --chrome`.
#![cfg(target_arch = "wasm32")]

use edgeapi::multipart::{Multipart, UploadFile};
use edgeapi::prelude::*;
use edgeapi::security::{OAuth2PasswordBearer, TokenUrl};
use edgeapi::testing::{TestRequest, TestResponse};
use serde::Deserialize;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

const B: &str = "wasmBoundary";

#[derive(Deserialize)]
struct Upload {
    file: UploadFile,
    note: Option<String>,
}

fn form(Form(upload): Form<Upload>) -> Json<Value> {
    Json(json!({
        "filename": upload.file.filename,
        "text": String::from_utf8_lossy(upload.file.bytes()),
        "note": upload.note,
    }))
}

async fn stream(multipart: Multipart) -> Result<Json<Value>, HttpError> {
    let mut multipart = multipart.limit_file(1000);
    let mut parts = Vec::new();
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().to_owned();
        let mut body = Vec::new();
        while let Some(chunk) = field.chunk().await? {
            body.extend(chunk);
        }
        parts.push(json!([name, String::from_utf8_lossy(&body)]));
    }
    Ok(Json(Value::Array(parts)))
}

const NAME: &str = "^[a-z]+$";

#[edgeapi::validate]
#[derive(Deserialize)]
struct Search {
    #[validate(length(min = 3), regex(path = NAME))]
    name: String,
    #[validate(range(exclusive_max = 150))]
    age: i32,
}

struct Login;
impl TokenUrl for Login {
    const TOKEN_URL: &'static str = "token";
}

fn app() -> App {
    App::new()
        .post("/form", form)
        .post("/stream", stream)
        .get("/search", |Query(s): Query<Search>| {
            format!("{} {}", s.name, s.age)
        })
        .get("/me", |bearer: OAuth2PasswordBearer<Login>| bearer.token)
}

/// A POST whose body is a JS `ReadableStream` of `size`-byte chunks.
async fn post_streamed(path: &str, content_type: &str, body: &str, size: u32) -> TestResponse {
    let make = js_sys::Function::new_with_args(
        "url, type, text, size",
        "const bytes = new TextEncoder().encode(text); let at = 0;
         const body = new ReadableStream({ pull(c) {
           if (at >= bytes.length) return c.close();
           c.enqueue(bytes.slice(at, at + size)); at += size; } });
         return new Request(url, { method: 'POST', headers: { 'content-type': type }, body, duplex: 'half' });",
    );
    let url = format!("http://localhost{path}");
    let args = [
        JsValue::from(url),
        content_type.into(),
        body.into(),
        size.into(),
    ];
    let request = make
        .apply(&JsValue::NULL, &js_sys::Array::from_iter(args))
        .expect("a streamed Request")
        .unchecked_into::<web_sys::Request>();
    let answer = app().fetch(request, JsValue::UNDEFINED, JsValue::UNDEFINED);
    let answer = match answer.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise).await.expect("a Response"),
        Err(response) => response,
    };
    TestResponse::from_js(answer.unchecked_into()).await
}

fn body() -> String {
    format!(
        "--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhe\r\n--{B}x\r\n-llo\r\n--{B}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--{B}--\r\n"
    )
}

#[wasm_bindgen_test]
async fn multipart_forms_arrive_in_any_chunks() {
    let content_type = format!("multipart/form-data; boundary={B}");
    for size in [1, 2, 3, 7, 16, 4096] {
        let answer = post_streamed("/form", &content_type, &body(), size).await;
        assert_eq!(answer.status(), 200, "{}", answer.text());
        assert_eq!(
            answer.json::<Value>(),
            json!({"filename": "a.txt", "text": format!("he\r\n--{B}x\r\n-llo"), "note": "hi"}),
            "chunks of {size}"
        );
        let streamed = post_streamed("/stream", &content_type, &body(), size).await;
        assert_eq!(
            streamed.json::<Value>(),
            json!([["file", format!("he\r\n--{B}x\r\n-llo")], ["note", "hi"]]),
            "chunks of {size}"
        );
    }
    let big = format!(
        "--{B}\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f\"\r\n\r\n{}\r\n--{B}--\r\n",
        "x".repeat(1001)
    );
    let refused = post_streamed("/stream", &content_type, &big, 100).await;
    assert_eq!(refused.status(), 413);
    // Cut inside the file: the streamed part cannot end well.
    let body = body();
    let inside = body.find("he\r\n").map_or(0, |at| at + 2);
    let cut = post_streamed("/stream", &content_type, &body[..inside], 5).await;
    assert_eq!(
        cut.json::<Value>(),
        json!({"detail": "Invalid multipart data."})
    );
    // Cut inside the first part's headers: no part began, as python-multipart reads it.
    let early = post_streamed("/stream", &content_type, &body[..60], 5).await;
    assert_eq!(early.json::<Value>(), json!([]));
}

#[wasm_bindgen_test]
async fn constraints_and_patterns_hold_in_wasm() {
    let answer = app()
        .request(TestRequest::get("/search?name=Ab&age=150"))
        .await;
    assert_eq!(answer.status(), 422);
    assert_eq!(
        answer.json::<Value>()["detail"],
        json!([
            {"type": "string_too_short", "loc": ["query", "name"], "msg": "String should have at least 3 characters", "input": "Ab", "ctx": {"min_length": 3}},
            {"type": "less_than", "loc": ["query", "age"], "msg": "Input should be less than 150", "input": "150", "ctx": {"lt": 150}},
        ])
    );
    let pattern = app()
        .request(TestRequest::get("/search?name=abC&age=1"))
        .await;
    assert_eq!(
        pattern.json::<Value>()["detail"][0]["type"],
        "string_pattern_mismatch"
    );
    let ok = app()
        .request(TestRequest::get("/search?name=abc&age=1"))
        .await;
    assert_eq!(ok.text(), "abc 1");
}

#[wasm_bindgen_test]
async fn the_bearer_challenge_crosses_into_the_js_response() {
    let anonymous = app().request(TestRequest::get("/me")).await;
    assert_eq!(anonymous.status(), 401);
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        anonymous.json::<Value>(),
        json!({"detail": "Not authenticated"})
    );
    let me = app()
        .request(TestRequest::get("/me").header("authorization", "Bearer t"))
        .await;
    assert_eq!(me.text(), "t");
}
