//! `#[edgeapi::validate]`: constraints declared once, enforced by every extractor and
//! listed in the one 422 with the other errors. Each expected body is what FastAPI 0.165
//! (Pydantic 2.14) answers for the same route declared with `Query(...)`, `Path(...)`,
//! `Header(...)`, `Cookie(...)`, `Form(...)` and `Field(...)` constraints.

// The structs are read only to be checked.
#![allow(dead_code)]

mod common;

use common::{json_of, send};
use edgeapi::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

const NAME: &str = "^[a-z]+$";

#[edgeapi::validate]
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(edgeapi::openapi::JsonSchema))]
struct Search {
    #[validate(length(min = 3, max = 20), regex(path = NAME))]
    name: String,
    #[validate(range(min = 0, exclusive_max = 150))]
    age: i32,
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct ItemPath {
    #[validate(range(min = 1), multiple_of = 2)]
    item_id: i64,
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct Size {
    #[validate(range(exclusive_min = 0, max = 10.5))]
    #[serde(default = "one")]
    size: f64,
}

fn one() -> f64 {
    1.0
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct Token {
    #[validate(length(min = 4))]
    x_token: Option<String>,
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct Session {
    #[validate(length(max = 3))]
    session: Option<String>,
}

#[edgeapi::validate]
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(edgeapi::openapi::JsonSchema))]
struct Sub {
    #[validate(length(min = 1, max = 2))]
    tags: Vec<String>,
    #[validate(range(min = 0))]
    score: f64,
}

#[edgeapi::validate]
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(edgeapi::openapi::JsonSchema))]
struct Item {
    #[validate(length(min = 2))]
    name: String,
    #[validate(range(exclusive_min = 0))]
    price: f64,
    sub: Sub,
    #[validate(range(max = 5))]
    count: i32,
}

#[edgeapi::validate]
#[derive(Deserialize)]
struct Login {
    #[validate(length(min = 3))]
    username: String,
    #[validate(range(exclusive_max = 10))]
    code: i32,
}

#[cfg_attr(feature = "openapi", edgeapi::openapi)]
fn search(Query(search): Query<Search>) -> String {
    format!("{} {}", search.name, search.age)
}

fn app() -> App {
    App::new()
        .get("/users/search", search)
        .get(
            "/items/{item_id}",
            |_: Path<ItemPath>, _: Query<Size>, _: Header<Token>, _: Cookie<Session>| "ok",
        )
        .post("/items/", |_: Json<Item>| "ok")
        .post("/form/", |_: Form<Login>| "ok")
}

fn detail(request: Request) -> Value {
    let response = send(&app(), request);
    assert_eq!(
        response.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "{response:?}"
    );
    json_of(&response)["detail"].clone()
}

fn get(path: &str) -> Request {
    Request::new(Method::GET, path)
}

#[test]
fn query_constraints_are_listed_with_type_errors() {
    assert_eq!(
        detail(get("/users/search?name=Al&age=150")),
        json!([
            {"type": "string_too_short", "loc": ["query", "name"], "msg": "String should have at least 3 characters", "input": "Al", "ctx": {"min_length": 3}},
            {"type": "less_than", "loc": ["query", "age"], "msg": "Input should be less than 150", "input": "150", "ctx": {"lt": 150}},
        ])
    );
    assert_eq!(
        detail(get("/users/search?name=al1&age=-1")),
        json!([
            {"type": "string_pattern_mismatch", "loc": ["query", "name"], "msg": "String should match pattern '^[a-z]+$'", "input": "al1", "ctx": {"pattern": "^[a-z]+$"}},
            {"type": "greater_than_equal", "loc": ["query", "age"], "msg": "Input should be greater than or equal to 0", "input": "-1", "ctx": {"ge": 0}},
        ])
    );
    assert_eq!(
        detail(get(&format!("/users/search?name={}&age=x", "a".repeat(21)))),
        json!([
            {"type": "string_too_long", "loc": ["query", "name"], "msg": "String should have at most 20 characters", "input": "a".repeat(21), "ctx": {"max_length": 20}},
            {"type": "int_parsing", "loc": ["query", "age"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"},
        ])
    );
    let ok = send(&app(), get("/users/search?name=alice&age=30"));
    assert_eq!(ok.body(), b"alice 30");
}

#[test]
fn path_header_and_cookie_constraints_join_the_one_422() {
    let request = get("/items/3?size=11")
        .with_header("x-token", "abc")
        .with_header("cookie", "session=abcd");
    assert_eq!(
        detail(request),
        json!([
            {"type": "multiple_of", "loc": ["path", "item_id"], "msg": "Input should be a multiple of 2", "input": "3", "ctx": {"multiple_of": 2}},
            {"type": "less_than_equal", "loc": ["query", "size"], "msg": "Input should be less than or equal to 10.5", "input": "11", "ctx": {"le": 10.5}},
            {"type": "string_too_short", "loc": ["header", "x-token"], "msg": "String should have at least 4 characters", "input": "abc", "ctx": {"min_length": 4}},
            {"type": "string_too_long", "loc": ["cookie", "session"], "msg": "String should have at most 3 characters", "input": "abcd", "ctx": {"max_length": 3}},
        ])
    );
    assert_eq!(
        detail(get("/items/0?size=0")),
        json!([
            {"type": "greater_than_equal", "loc": ["path", "item_id"], "msg": "Input should be greater than or equal to 1", "input": "0", "ctx": {"ge": 1}},
            {"type": "greater_than", "loc": ["query", "size"], "msg": "Input should be greater than 0", "input": "0", "ctx": {"gt": 0.0}},
        ])
    );
    // Absent optional fields are not checked.
    assert_eq!(send(&app(), get("/items/4")).status(), StatusCode::OK);
}

fn json_body(body: Value) -> Request {
    Request::new(Method::POST, "/items/")
        .with_header("content-type", "application/json")
        .with_body(body.to_string())
}

#[test]
fn json_body_constraints_reach_nested_fields() {
    assert_eq!(
        detail(json_body(
            json!({"name": "A", "price": 0, "sub": {"tags": [], "score": -1}, "count": "x"})
        )),
        json!([
            {"type": "string_too_short", "loc": ["body", "name"], "msg": "String should have at least 2 characters", "input": "A", "ctx": {"min_length": 2}},
            {"type": "greater_than", "loc": ["body", "price"], "msg": "Input should be greater than 0", "input": 0, "ctx": {"gt": 0.0}},
            {"type": "too_short", "loc": ["body", "sub", "tags"], "msg": "List should have at least 1 item after validation, not 0", "input": [], "ctx": {"field_type": "List", "min_length": 1, "actual_length": 0}},
            {"type": "greater_than_equal", "loc": ["body", "sub", "score"], "msg": "Input should be greater than or equal to 0", "input": -1, "ctx": {"ge": 0.0}},
            {"type": "int_parsing", "loc": ["body", "count"], "msg": "Input should be a valid integer, unable to parse string as an integer", "input": "x"},
        ])
    );
    assert_eq!(
        detail(json_body(
            json!({"name": "Ab", "price": 1, "sub": {"tags": ["a", "b", "c"], "score": 1}, "count": 6})
        )),
        json!([
            {"type": "too_long", "loc": ["body", "sub", "tags"], "msg": "List should have at most 2 items after validation, not 3", "input": ["a", "b", "c"], "ctx": {"field_type": "List", "max_length": 2, "actual_length": 3}},
            {"type": "less_than_equal", "loc": ["body", "count"], "msg": "Input should be less than or equal to 5", "input": 6, "ctx": {"le": 5}},
        ])
    );
}

#[test]
fn form_constraints() {
    let request = Request::new(Method::POST, "/form/")
        .with_header("content-type", "application/x-www-form-urlencoded")
        .with_body("username=ab&code=10");
    assert_eq!(
        detail(request),
        json!([
            {"type": "string_too_short", "loc": ["body", "username"], "msg": "String should have at least 3 characters", "input": "ab", "ctx": {"min_length": 3}},
            {"type": "less_than", "loc": ["body", "code"], "msg": "Input should be less than 10", "input": "10", "ctx": {"lt": 10}},
        ])
    );
}

#[cfg(feature = "openapi")]
#[test]
fn the_document_shows_the_constraints() {
    let doc: Value = serde_json::from_str(app().openapi_json()).expect("JSON");
    let parameters = &doc["paths"]["/users/search"]["get"]["parameters"];
    assert_eq!(
        parameters[0]["schema"],
        json!({"type": "string", "minLength": 3, "maxLength": 20, "pattern": "^[a-z]+$", "title": "Name"})
    );
    assert_eq!(
        parameters[1]["schema"],
        json!({"type": "integer", "format": "int32", "minimum": 0, "exclusiveMaximum": 150, "title": "Age"})
    );
}
