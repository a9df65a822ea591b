//! Multipart forms, natively: `Form<T>` with `UploadFile` fields and the streaming
//! `Multipart`, each answer as FastAPI 0.165 (Starlette 1.10, python-multipart 0.0.34)
//! gives it for the same body.

mod common;

use common::{json_of, send};
use edgeapi::multipart::{Multipart, UploadFile};
use edgeapi::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(edgeapi::openapi::JsonSchema))]
struct Upload {
    file: UploadFile,
    note: Option<String>,
}

#[derive(Deserialize)]
struct Text {
    a: String,
}

fn upload(Form(upload): Form<Upload>) -> Json<Value> {
    Json(json!({
        "filename": upload.file.filename,
        "content_type": upload.file.content_type,
        "size": upload.file.size(),
        "note": upload.note,
        "text": String::from_utf8_lossy(upload.file.bytes()),
    }))
}

/// Every part's name, file name and size, streamed.
async fn stream(multipart: Multipart) -> Result<Json<Value>, HttpError> {
    let mut multipart = multipart.limit_body(4096).limit_file(100);
    let mut parts = Vec::new();
    while let Some(mut field) = multipart.next_field().await? {
        let (name, filename) = (field.name().to_owned(), field.filename().map(str::to_owned));
        if name == "skip" {
            continue;
        }
        let mut size = 0;
        while let Some(chunk) = field.chunk().await? {
            size += chunk.len();
        }
        parts.push(json!([name, filename, size]));
    }
    Ok(Json(Value::Array(parts)))
}

fn app() -> App {
    App::new()
        .post("/uploads", upload)
        .post("/form/", |Form(text): Form<Text>| text.a)
        .post("/stream", stream)
        .body_limit(64 * 1024)
}

const B: &str = "XyZ";

fn post(path: &str, body: impl Into<Vec<u8>>, content_type: &str) -> Response {
    let request = Request::new(Method::POST, path)
        .with_header("content-type", content_type)
        .with_body(body);
    send(&app(), request)
}

fn multipart(path: &str, body: &str) -> Response {
    post(path, body, &format!("multipart/form-data; boundary={B}"))
}

fn file_part(name: &str, filename: &str, data: &str) -> String {
    format!("--{B}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: text/plain\r\n\r\n{data}\r\n")
}

fn text_part(name: &str, data: &str) -> String {
    format!("--{B}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{data}\r\n")
}

fn end() -> String {
    format!("--{B}--\r\n")
}

fn answer(response: &Response) -> (u16, Value) {
    (response.status().as_u16(), json_of(response))
}

fn bad(detail: &str) -> (u16, Value) {
    (400, json!({"detail": detail}))
}

fn missing(field: &str) -> (u16, Value) {
    (
        422,
        json!({"detail": [{"type": "missing", "loc": ["body", field], "msg": "Field required", "input": null}]}),
    )
}

#[test]
fn form_reads_files_and_fields() {
    let body = file_part("file", "a.txt", "hello") + &text_part("note", "hi") + &end();
    assert_eq!(
        answer(&multipart("/uploads", &body)),
        (
            200,
            json!({"filename": "a.txt", "content_type": "text/plain", "size": 5, "note": "hi", "text": "hello"})
        )
    );
    // Whatever the chunk boundaries: the body is one chunk natively, so also check the
    // bytes themselves survive (CRLF and dashes inside the file).
    let tricky = file_part("file", "b.bin", "a\r\n--XyZa\r\n-") + &end();
    assert_eq!(
        answer(&multipart("/uploads", &tricky)).1["text"],
        "a\r\n--XyZa\r\n-"
    );
}

#[test]
fn form_answers_as_fastapi_does() {
    let no_file = text_part("note", "hi") + &end();
    assert_eq!(answer(&multipart("/uploads", &no_file)), missing("file"));
    let text_file = text_part("file", "hi") + &end();
    assert_eq!(
        answer(&multipart("/uploads", &text_file)),
        (
            422,
            json!({"detail": [{
                "type": "value_error", "loc": ["body", "file"],
                "msg": "Value error, Expected UploadFile, received: <class 'str'>",
                "input": "hi", "ctx": {"error": {}},
            }]})
        )
    );
    let good = file_part("file", "a.txt", "hello") + &text_part("note", "hi") + &end();
    assert_eq!(
        answer(&post("/uploads", good.clone(), "multipart/form-data")),
        bad("Missing boundary in multipart.")
    );
    // A body cut inside its last part keeps the parts before it.
    let cut = &good[..good.len() - 10];
    assert_eq!(answer(&multipart("/uploads", cut)).1["note"], Value::Null);
    assert_eq!(
        answer(&multipart("/uploads", "garbage")),
        bad("Invalid multipart data.")
    );
    assert_eq!(answer(&multipart("/uploads", "")), missing("file"));
    let no_name = format!("--{B}\r\nContent-Type: text/plain\r\n\r\nhi\r\n") + &end();
    assert_eq!(
        answer(&multipart("/uploads", &no_name)),
        bad("The Content-Disposition header field \"name\" must be provided.")
    );
    let preamble = format!("junk\r\n{}{}", text_part("a", "v"), end());
    assert_eq!(
        answer(&multipart("/form/", &preamble)),
        bad("Invalid multipart data.")
    );
    let padded = format!("--{B}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--{B}  \r\nx\r\n--{B}--\r\n");
    assert_eq!(
        answer(&multipart("/form/", &padded)),
        bad("Invalid multipart data.")
    );
    let lf_only = format!("--{B}\nContent-Disposition: form-data; name=\"a\"\n\nv\n--{B}--\n");
    assert_eq!(
        answer(&multipart("/form/", &lf_only)),
        bad("Invalid multipart data.")
    );
    let quoted = text_part("a", "v") + &end();
    let response = post(
        "/form/",
        quoted,
        &format!("multipart/form-data; boundary=\"{B}\""),
    );
    assert_eq!(response.body(), b"v");
    let unterminated = text_part("a", "v");
    assert_eq!(answer(&multipart("/form/", &unterminated)), missing("a"));
    let empty_filename = file_part("file", "", "") + &end();
    assert_eq!(
        answer(&multipart("/uploads", &empty_filename)),
        missing("file")
    );
    assert_eq!(
        answer(&post(
            "/uploads",
            "note=x",
            "application/x-www-form-urlencoded"
        )),
        missing("file")
    );
}

#[test]
fn starlettes_limits_hold() {
    let app = App::new()
        .post("/form/", |Form(text): Form<Text>| text.a)
        .body_limit(8 * 1024 * 1024);
    let send_form = |body: String| {
        let request = Request::new(Method::POST, "/form/")
            .with_header(
                "content-type",
                &format!("multipart/form-data; boundary={B}"),
            )
            .with_body(body);
        answer(&send(&app, request))
    };
    let big = text_part("a", &"x".repeat(1024 * 1024 + 1)) + &end();
    assert_eq!(send_form(big), bad("Part exceeded maximum size of 1024KB."));
    let fields = (0..1001).map(|_| text_part("a", "x")).collect::<String>() + &end();
    assert_eq!(
        send_form(fields),
        bad("Too many fields. Maximum number of fields is 1000.")
    );
    let files = (0..1001)
        .map(|_| file_part("f", "x", "x"))
        .collect::<String>()
        + &end();
    assert_eq!(
        send_form(files),
        bad("Too many files. Maximum number of files is 1000.")
    );
    // Over the app's body limit: 413, as any body.
    let over = file_part("file", "a", &"x".repeat(64 * 1024)) + &end();
    assert_eq!(
        answer(&multipart("/uploads", &over)),
        (413, json!({"detail": "Payload Too Large"}))
    );
}

#[test]
fn multipart_streams_parts_within_its_limits() {
    let body = file_part("file", "a.txt", &"x".repeat(100))
        + &text_part("skip", &"y".repeat(50))
        + &text_part("note", "hi")
        + &end();
    assert_eq!(
        answer(&multipart("/stream", &body)),
        (200, json!([["file", "a.txt", 100], ["note", null, 2]]))
    );
    let big_file = file_part("file", "a.txt", &"x".repeat(101)) + &end();
    assert_eq!(
        answer(&multipart("/stream", &big_file)),
        (413, json!({"detail": "Payload Too Large"}))
    );
    let big_body = text_part("a", &"x".repeat(5000)) + &end();
    assert_eq!(
        answer(&multipart("/stream", &big_body)),
        (413, json!({"detail": "Payload Too Large"}))
    );
    // Another content type has no parts.
    assert_eq!(
        answer(&post("/stream", "a=1", "application/x-www-form-urlencoded")),
        (200, json!([]))
    );
    let cut = file_part("file", "a.txt", "abc");
    assert_eq!(
        answer(&multipart("/stream", &cut)),
        bad("Invalid multipart data.")
    );
}

#[cfg(feature = "openapi")]
#[test]
fn a_form_with_a_file_is_documented_as_multipart() {
    #[edgeapi::openapi]
    fn documented(Form(upload): Form<Upload>) -> String {
        upload.file.filename
    }
    let app = App::new().post("/uploads", documented);
    let doc: Value = serde_json::from_str(app.openapi_json()).expect("JSON");
    let content = &doc["paths"]["/uploads"]["post"]["requestBody"]["content"];
    assert_eq!(
        content["multipart/form-data"]["schema"],
        json!({"$ref": "#/components/schemas/Upload"})
    );
    assert_eq!(
        doc["components"]["schemas"]["Upload"]["properties"]["file"],
        json!({"type": "string", "format": "binary", "contentMediaType": "application/octet-stream", "title": "File"})
    );
}
