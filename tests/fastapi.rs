//! FastAPI 0.165's answers where edgeapi once answered otherwise (issues 17 and 19), natively
//! through `App::dispatch`. Each expected body is what FastAPI sends for the same route and
//! request; `tests/e2e/parity.test.js` holds a whole tutorial app to FastAPI's recorded answers.

mod common;

use std::collections::HashSet;

use common::{json_of, send};
use edgeapi::extract::{Embed, FromRequestParts, Model};
use edgeapi::prelude::*;
use edgeapi::Parts;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Debug, Serialize, Deserialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

fn json_request(method: Method, path: &str, body: &str) -> Request {
    Request::new(method, path)
        .with_header("content-type", "application/json")
        .with_body(body)
}

fn detail(response: &Response) -> Value {
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{response:?}"
    );
    json_of(response)["detail"].clone()
}

fn missing(loc: Value, input: Value) -> Value {
    json!({"type": "missing", "loc": loc, "msg": "Field required", "input": input})
}

const INT_PARSING: &str = "Input should be a valid integer, unable to parse string as an integer";

// One 422 for every parameter kind and dependency -------------------------------------

#[derive(Deserialize)]
struct XToken {
    x_token: String,
}

/// FastAPI's `verify_token` dependency: a missing header is a validation error, a wrong
/// one a 400.
struct VerifyToken;

impl FromRequestParts for VerifyToken {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Header(header) = Header::<XToken>::from_request_parts(parts).await?;
        if header.x_token != "fake-super-secret-token" {
            Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                "X-Token header invalid",
            ))?;
        }
        Ok(VerifyToken)
    }
}

#[derive(Deserialize)]
struct XKey {
    x_key: String,
}

struct VerifyKey;

impl FromRequestParts for VerifyKey {
    type Rejection = edgeapi::Error;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, edgeapi::Error> {
        let Header(header) = Header::<XKey>::from_request_parts(parts).await?;
        if header.x_key != "fake-super-secret-key" {
            Err(HttpError::new(
                StatusCode::BAD_REQUEST,
                "X-Key header invalid",
            ))?;
        }
        Ok(VerifyKey)
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Session {
    session: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct N {
    n: Option<i64>,
}

/// Arguments in an order FastAPI's answer does not depend on: the errors come out
/// dependencies first, then path, query, header, cookie and body, as FastAPI lists them.
fn mixed(
    Cookie(_): Cookie<Session>,
    Query(_): Query<N>,
    Path(_): Path<i64>,
    _: VerifyToken,
    _: VerifyKey,
    Json(_): Json<Item>,
) -> &'static str {
    "ok"
}

fn mixed_app() -> App {
    App::new().put("/mixed/{item_id}", mixed)
}

#[test]
fn one_422_lists_every_parameter_and_dependency_in_fastapis_order() {
    let response = send(
        &mixed_app(),
        json_request(Method::PUT, "/mixed/abc?n=x", "{}"),
    );
    assert_eq!(
        detail(&response),
        json!([
            missing(json!(["header", "x-token"]), Value::Null),
            missing(json!(["header", "x-key"]), Value::Null),
            {"type": "int_parsing", "loc": ["path", "item_id"], "msg": INT_PARSING, "input": "abc"},
            {"type": "int_parsing", "loc": ["query", "n"], "msg": INT_PARSING, "input": "x"},
            missing(json!(["cookie", "session"]), Value::Null),
            missing(json!(["body", "name"]), json!({})),
            missing(json!(["body", "price"]), json!({})),
        ])
    );
}

#[test]
fn a_later_dependency_runs_after_an_earlier_one_failed_validation() {
    // verify_token fails validation (no header), verify_key still runs and answers 400.
    let request = json_request(Method::PUT, "/mixed/abc", "{}").with_header("x-key", "bad");
    let response = send(&mixed_app(), request);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&response),
        json!({"detail": "X-Key header invalid"})
    );
}

#[test]
fn a_rejection_that_is_not_a_validation_error_answers_at_once() {
    let request = json_request(Method::PUT, "/mixed/1", "{}").with_header("x-token", "bad");
    let response = send(&mixed_app(), request);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&response),
        json!({"detail": "X-Token header invalid"})
    );

    // A body over the limit is a 413, whatever else is wrong.
    let big = format!(r#"{{"name":"{}"}}"#, "x".repeat(100));
    let response = send(
        &mixed_app().body_limit(64),
        json_request(Method::PUT, "/mixed/abc", &big),
    );
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[test]
fn a_body_that_is_not_json_is_answered_alone_as_fastapi_reads_it_first() {
    let response = send(
        &mixed_app(),
        json_request(Method::PUT, "/mixed/abc?n=x", "{bad"),
    );
    assert_eq!(
        detail(&response),
        json!([{
            "type": "json_invalid", "loc": ["body", 1], "msg": "JSON decode error", "input": {},
            "ctx": {"error": "Expecting property name enclosed in double quotes"},
        }])
    );
}

#[test]
fn path_and_body_errors_in_one_422() {
    // Issue 17: `PUT /todos/abc` with `{}`.
    let app = App::new().put("/todos/{id}", |Path(_): Path<u32>, Json(_): Json<Item>| {
        "ok"
    });
    let response = send(&app, json_request(Method::PUT, "/todos/abc", "{}"));
    assert_eq!(
        detail(&response),
        json!([
            {"type": "int_parsing", "loc": ["path", "id"], "msg": INT_PARSING, "input": "abc"},
            missing(json!(["body", "name"]), json!({})),
            missing(json!(["body", "price"]), json!({})),
        ])
    );
}

#[test]
fn error_handlers_see_the_one_422() {
    let app = App::new()
        .get("/items/{id}", |Path(_): Path<u32>, Query(_): Query<N>| "ok")
        .error_handler(|err: ValidationError| err.items().len().to_string());
    assert_eq!(
        send(&app, Request::new(Method::GET, "/items/x?n=y")).body(),
        b"2"
    );
}

// redirect_slashes ---------------------------------------------------------------------

#[test]
fn the_other_form_of_a_path_is_a_307_with_the_query_kept() {
    let app = App::new()
        .get("/items/", || "list")
        .post("/users/me", || "me");
    let response = send(&app, Request::new(Method::GET, "/items?skip=1&q=a%20b"));
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.header("location"), Some("/items/?skip=1&q=a%20b"));
    assert!(response.body().is_empty());
    // Any method is sent on, as Starlette does (the route's other methods then answer 405).
    let response = send(&app, Request::new(Method::GET, "/users/me/"));
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.header("location"), Some("/users/me"));
    // The docs pages too.
    let response = send(&app, Request::new(Method::GET, "/docs/"));
    assert_eq!(response.header("location"), Some("/docs"));

    for path in ["/", "/nope", "/nope/", "//"] {
        let response = send(&app, Request::new(Method::GET, path));
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let exact = App::new().get("/items/", || "list").redirect_slashes(false);
    assert_eq!(
        send(&exact, Request::new(Method::GET, "/items")).status(),
        StatusCode::NOT_FOUND
    );
}

// JSON bodies --------------------------------------------------------------------------

fn items_app() -> App {
    App::new().post("/items/", |Json(item): Json<Item>| Json(item))
}

#[test]
fn a_json_body_without_a_content_type_is_refused_unless_the_app_says_otherwise() {
    let body = r#"{"name":"x","price":1}"#;
    let request = || Request::new(Method::POST, "/items/").with_body(body);
    assert_eq!(
        detail(&send(&items_app(), request())),
        json!([{
            "type": "model_attributes_type",
            "loc": ["body"],
            "msg": "Input should be a valid dictionary or object to extract fields from",
            "input": body,
        }])
    );
    let lenient = items_app().strict_content_type(false);
    let response = send(&lenient, request());
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json_of(&response)["name"], "x");
}

#[test]
fn an_empty_body_is_missing_whatever_its_content_type() {
    for content_type in [None, Some("application/json"), Some("text/plain")] {
        let mut request = Request::new(Method::POST, "/items/");
        if let Some(content_type) = content_type {
            request = request.with_header("content-type", content_type);
        }
        assert_eq!(
            detail(&send(&items_app(), request)),
            json!([missing(json!(["body"]), Value::Null)]),
            "{content_type:?}"
        );
    }
}

#[test]
fn a_null_body_is_a_value_not_an_absent_body() {
    let response = send(&items_app(), json_request(Method::POST, "/items/", "null"));
    assert_eq!(
        detail(&response),
        json!([{
            "type": "model_attributes_type",
            "loc": ["body"],
            "msg": "Input should be a valid dictionary or object to extract fields from",
            "input": null,
        }])
    );
}

#[test]
fn a_float_that_is_not_finite_is_refused() {
    // FastAPI accepts it, then answers 500 writing it back out (kept on purpose).
    let body = r#"{"name":"x","price":"inf"}"#;
    let response = send(&items_app(), json_request(Method::POST, "/items/", body));
    assert_eq!(
        detail(&response),
        json!([{"type": "finite_number", "loc": ["body", "price"], "msg": "Input should be a finite number", "input": "inf"}])
    );
}

#[test]
fn a_json_body_that_is_not_utf8_is_a_400() {
    let request = Request::new(Method::POST, "/items/")
        .with_header("content-type", "application/json")
        .with_body(b"{\"name\":\"\xff\"}".to_vec());
    let response = send(&items_app(), request);
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&response),
        json!({"detail": "There was an error parsing the body"})
    );
}

#[test]
fn a_trailing_comma_is_worded_as_pythons_json_loads() {
    let response = send(
        &items_app(),
        json_request(Method::POST, "/items/", r#"{"name":"x","price":1,}"#),
    );
    assert_eq!(
        detail(&response),
        json!([{
            "type": "json_invalid", "loc": ["body", 22], "msg": "JSON decode error", "input": {},
            "ctx": {"error": "Expecting property name enclosed in double quotes"},
        }])
    );
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Tagged {
    name: String,
    #[serde(default)]
    tags: HashSet<String>,
}

#[test]
fn a_set_is_pydantics_set() {
    let app = App::new().post("/tagged/", |Json(_): Json<Tagged>| "ok");
    let response = send(
        &app,
        json_request(Method::POST, "/tagged/", r#"{"name":"x","tags":"a"}"#),
    );
    assert_eq!(
        detail(&response),
        json!([{"type": "set_type", "loc": ["body", "tags"], "msg": "Input should be a valid set", "input": "a"}])
    );
}

// Several body parameters, Body(embed=True) --------------------------------------------

#[derive(Debug, Serialize, Deserialize)]
struct User {
    username: String,
    full_name: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct ItemUserImportance {
    item: Item,
    user: User,
    importance: i64,
}

#[derive(Serialize, Deserialize)]
struct EmbeddedItem {
    item: Item,
}

fn embed_app() -> App {
    App::new()
        .put(
            "/items/{id}",
            |Path(_): Path<i64>, Embed(body): Embed<ItemUserImportance>| Json(body),
        )
        .put(
            "/embed/{id}",
            |Path(_): Path<i64>, Embed(body): Embed<EmbeddedItem>| Json(body),
        )
}

#[test]
fn several_body_parameters_each_under_its_key() {
    let body = r#"{"item":{"name":"Foo","price":42},"user":{"username":"dave"},"importance":5}"#;
    let response = send(&embed_app(), json_request(Method::PUT, "/items/5", body));
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_of(&response),
        json!({
            "item": {"name": "Foo", "description": null, "price": 42.0, "tax": null},
            "user": {"username": "dave", "full_name": null},
            "importance": 5,
        })
    );
    // FastAPI: every absent parameter `missing` with no input, whatever the body was.
    for body in ["{}", "[]", ""] {
        let response = send(&embed_app(), json_request(Method::PUT, "/items/x", body));
        assert_eq!(
            detail(&response),
            json!([
                {"type": "int_parsing", "loc": ["path", "id"], "msg": INT_PARSING, "input": "x"},
                missing(json!(["body", "item"]), Value::Null),
                missing(json!(["body", "user"]), Value::Null),
                missing(json!(["body", "importance"]), Value::Null),
            ]),
            "{body}"
        );
    }
}

#[test]
fn one_embedded_body_parameter() {
    let item = r#"{"name":"Foo","price":42}"#;
    // Not embedded: the item's fields are not under `item`.
    let response = send(&embed_app(), json_request(Method::PUT, "/embed/1", item));
    assert_eq!(
        detail(&response),
        json!([missing(json!(["body", "item"]), Value::Null)])
    );
    let embedded = format!(r#"{{"item":{item}}}"#);
    let response = send(
        &embed_app(),
        json_request(Method::PUT, "/embed/1", &embedded),
    );
    assert_eq!(json_of(&response)["item"]["name"], "Foo");
}

// Headers -------------------------------------------------------------------------------

#[derive(Deserialize)]
struct Tokens {
    x_token: Option<Vec<String>>,
}

fn tokens_app() -> App {
    App::new().get("/tokens", |Header(tokens): Header<Tokens>| {
        Json(json!({"X-Token values": tokens.x_token}))
    })
}

#[test]
fn a_repeated_header_gives_one_item_per_line() {
    let request = Request::new(Method::GET, "/tokens")
        .with_header("x-token", "foo")
        .with_header("x-token", "bar");
    assert_eq!(
        json_of(&send(&tokens_app(), request)),
        json!({"X-Token values": ["foo", "bar"]})
    );
    // As a JS host hands the same two lines over: joined by ", ".
    let joined = Request::new(Method::GET, "/tokens").with_header("x-token", "foo, bar");
    assert_eq!(
        json_of(&send(&tokens_app(), joined)),
        json!({"X-Token values": ["foo", "bar"]})
    );
}

#[test]
fn a_header_named_with_an_underscore_is_not_read() {
    let request = Request::new(Method::GET, "/tokens").with_header("x_token", "foo");
    assert_eq!(
        json_of(&send(&tokens_app(), request)),
        json!({"X-Token values": null})
    );
}

// Forms and cookies ----------------------------------------------------------------------

#[derive(Deserialize)]
struct Login {
    username: String,
    #[allow(dead_code)]
    password: String,
}

#[derive(Deserialize)]
struct Cookies {
    session_id: String,
    #[allow(dead_code)]
    tracker: Option<String>,
}

fn form_app() -> App {
    App::new()
        .post("/login/", |Form(login): Form<Login>| login.username)
        .post("/model/", |Form(Model(login)): Form<Model<Login>>| {
            login.username
        })
        .get("/cookies/", |Cookie(Model(c)): Cookie<Model<Cookies>>| {
            c.session_id
        })
}

fn form(path: &str, body: &str) -> Request {
    Request::new(Method::POST, path)
        .with_header("content-type", "application/x-www-form-urlencoded")
        .with_body(body.to_owned())
}

#[test]
fn an_empty_form_field_is_absent() {
    assert_eq!(
        detail(&send(&form_app(), form("/login/", "username=&password=x"))),
        json!([missing(json!(["body", "username"]), Value::Null)])
    );
}

#[test]
fn an_empty_form_lists_every_field() {
    let both = json!([
        missing(json!(["body", "username"]), Value::Null),
        missing(json!(["body", "password"]), Value::Null),
    ]);
    assert_eq!(detail(&send(&form_app(), form("/login/", ""))), both);
    let bare = Request::new(Method::POST, "/login/");
    assert_eq!(detail(&send(&form_app(), bare)), both);
}

#[test]
fn a_models_missing_field_has_what_was_received_as_input() {
    assert_eq!(
        detail(&send(&form_app(), form("/model/", "password=&x=1"))),
        json!([
            missing(json!(["body", "username"]), json!({"x": "1"})),
            missing(json!(["body", "password"]), json!({"x": "1"})),
        ])
    );
    let request = Request::new(Method::GET, "/cookies/").with_header("cookie", "a=1");
    assert_eq!(
        detail(&send(&form_app(), request)),
        json!([missing(json!(["cookie", "session_id"]), json!({"a": "1"}))])
    );
}

// Bare values in Query, Header, Cookie and Form --------------------------------------

#[test]
fn a_bare_value_is_a_422_when_absent_never_a_500() {
    let app = App::new()
        .get("/q", |Query(on): Query<bool>| on.to_string())
        .get("/h", |Header(h): Header<u32>| h.to_string())
        .get("/c", |Cookie(c): Cookie<String>| c)
        .post("/f", |Form(f): Form<i64>| f.to_string())
        .get("/t", |Query((a, b)): Query<(u8, u8)>| format!("{a} {b}"));
    for (path, loc) in [("/q", "query"), ("/c", "cookie"), ("/t", "query")] {
        let response = send(&app, Request::new(Method::GET, path));
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{path}"
        );
        assert_eq!(detail(&response)[0]["loc"], json!([loc]), "{path}");
    }
    assert_eq!(
        detail(&send(&app, Request::new(Method::GET, "/q"))),
        json!([missing(json!(["query"]), Value::Null)])
    );
    assert_eq!(
        detail(&send(&app, form("/f", ""))),
        json!([missing(json!(["body"]), Value::Null)])
    );
    assert_eq!(
        send(&app, Request::new(Method::GET, "/q?on=yes")).body(),
        b"true"
    );
    assert_eq!(
        send(&app, Request::new(Method::GET, "/h")).status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

// Answers without content --------------------------------------------------------------

#[test]
fn a_204_error_has_no_content_type() {
    let app = App::new().delete("/items/{id}", |Path(_): Path<u32>| {
        Err::<(), _>(HttpError::new(StatusCode::NO_CONTENT, "gone"))
    });
    let response = send(&app, Request::new(Method::DELETE, "/items/1"));
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(response.header("content-type"), None);
    assert!(response.body().is_empty());
}
