//! The OpenAPI generator on small apps: every parameter kind, bodies, optional fields,
//! enums, nested structs, vectors, nested routers, metadata and the three URLs.
//!
//! The same tests run natively (`cargo test`) and in wasm (`wasm-pack test --node` and
//! `--headless --chrome`), where one more asks for the document through a real JS `Request`.
#![cfg(feature = "openapi")]

#[cfg(not(target_arch = "wasm32"))]
use core::prelude::v1::test;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use edgeapi::extract::{Embed, Model};
use edgeapi::openapi::{JsonSchema, Operation, ParameterIn};
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

#[derive(Deserialize, Serialize, JsonSchema)]
struct Item {
    /// What the item is called.
    name: String,
    description: Option<String>,
    price: f64,
    tags: Vec<String>,
    size: Size,
    maker: Maker,
}

#[derive(Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
enum Size {
    Small,
    Large,
}

#[derive(Deserialize, Serialize, JsonSchema)]
struct Maker {
    name: String,
    country: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Page {
    #[serde(default)]
    skip: u32,
    limit: Option<u32>,
    /// Words to look for.
    q: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
struct Agent {
    user_agent: String,
}

#[derive(Deserialize, JsonSchema)]
struct Session {
    session_id: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
struct Login {
    username: String,
    password: String,
}

fn an_item() -> Item {
    Item {
        name: "Foo".into(),
        description: None,
        price: 1.5,
        tags: vec![],
        size: Size::Small,
        maker: Maker {
            name: "Acme".into(),
            country: None,
        },
    }
}

/// Read an item
///
/// Looks the item up by its id,
/// then answers it.
#[edgeapi::openapi]
fn read_item(
    Path(item_id): Path<u32>,
    Query(page): Query<Page>,
    Header(agent): Header<Agent>,
    Cookie(session): Cookie<Session>,
) -> Json<Item> {
    let _ = (item_id, page.skip, agent.user_agent, session.session_id);
    Json(an_item())
}

/// Create an item
#[edgeapi::openapi(status = 201, tag = "writes")]
async fn create_item(Json(item): Json<Item>) -> (StatusCode, Json<Item>) {
    (StatusCode::CREATED, Json(item))
}

#[edgeapi::openapi(deprecated, operation_id = "sign_in")]
fn login(Form(login): Form<Login>) -> String {
    format!("{}:{}", login.username, login.password.len())
}

#[edgeapi::openapi]
fn file(Path((user, path)): Path<(String, String)>) -> Result<Json<Vec<Item>>, HttpError> {
    let _ = (user, path);
    Ok(Json(vec![]))
}

#[derive(Deserialize, Serialize, JsonSchema)]
struct Secret {
    token: String,
}

#[edgeapi::openapi(include_in_schema = false)]
fn secret(Json(value): Json<Secret>) -> Json<Secret> {
    Json(value)
}

#[edgeapi::openapi(response(404, "Item not found"), response(409, "Item in use"))]
fn remove(Path(_id): Path<u32>) -> StatusCode {
    StatusCode::NO_CONTENT
}

/// Schema-less: no attribute, and a body type without `JsonSchema`.
fn untyped(Json(value): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(value)
}

#[derive(Deserialize, Serialize)]
struct NoSchema {
    name: String,
}

#[edgeapi::openapi]
fn no_schema(Json(value): Json<NoSchema>) -> Json<NoSchema> {
    Json(value)
}

/// An opaque result: documented by what it is at run time, without a schema.
#[edgeapi::openapi]
async fn opaque(Query(page): Query<Page>) -> impl IntoResponse {
    page.skip.to_string()
}

#[edgeapi::openapi]
fn page() -> Html<&'static str> {
    Html("<h1>hi</h1>")
}

/// An API key in a header, described by hand.
struct ApiKey;

impl edgeapi::extract::FromRequestParts for ApiKey {
    type Rejection = HttpError;
    async fn from_request_parts(_parts: &mut edgeapi::Parts) -> Result<Self, HttpError> {
        Ok(ApiKey)
    }

    fn openapi(op: &mut Operation<'_>) {
        op.parameter(
            ParameterIn::Header,
            "x-api-key",
            true,
            json!({"type": "string"}),
        );
        op.security(
            "ApiKey",
            json!({"type": "apiKey", "in": "header", "name": "x-api-key"}),
        );
    }
}

// No attribute: an extractor's own description shows on every route.
fn guarded(_key: ApiKey) -> &'static str {
    "ok"
}

fn app() -> App {
    let users = Router::new()
        .tag("users")
        .get("/{user}/files/{*path}", file)
        .get("/{id}", |Path(id): Path<u32>| id.to_string());
    App::new()
        .get("/items/{item_id}", read_item)
        .post("/items/", create_item)
        .post("/login", login)
        .delete("/items/{item_id}", remove)
        .post("/untyped", untyped)
        .post("/no-schema", no_schema)
        .post("/secret", secret)
        .get("/page", page)
        .get("/guarded", guarded)
        .get("/opaque", opaque)
        .put("/note", |note: String| note)
        .any("/anything", || "any")
        .include_router(
            "/v1",
            Router::new().tag("v1").include_router("/users", users),
        )
}

fn doc(app: &App) -> Value {
    serde_json::from_str(app.openapi_json()).expect("the document is JSON")
}

fn params(op: &Value) -> Vec<(String, String, bool)> {
    op["parameters"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|p| {
                    let name = p["name"].as_str().unwrap().to_owned();
                    let place = p["in"].as_str().unwrap().to_owned();
                    (name, place, p["required"].as_bool().unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn document_header_follows_fastapi() {
    let doc = doc(&app());
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"], json!({"title": "edgeapi", "version": "0.1.0"}));
    assert!(doc.get("servers").is_none());
}

#[test]
fn every_parameter_kind_with_its_schema() {
    let doc = doc(&app());
    let op = &doc["paths"]["/items/{item_id}"]["get"];
    let strings = |v: &[(&str, &str, bool)]| -> Vec<(String, String, bool)> {
        v.iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), *c))
            .collect()
    };
    assert_eq!(
        params(op),
        strings(&[
            ("item_id", "path", true),
            ("skip", "query", false),
            ("limit", "query", false),
            ("q", "query", true),
            ("user-agent", "header", true),
            ("session_id", "cookie", false),
        ])
    );
    let item_id = &op["parameters"][0]["schema"];
    assert_eq!(item_id["type"], "integer");
    assert_eq!(item_id["title"], "Item Id");
    let skip = &op["parameters"][1]["schema"];
    assert_eq!(skip["default"], 0);
    let limit = &op["parameters"][2]["schema"];
    assert_eq!(limit["type"], json!(["integer", "null"]));
    let q = &op["parameters"][3];
    assert_eq!(q["schema"]["type"], "array");
    assert_eq!(q["schema"]["items"]["type"], "string");
    assert_eq!(q["description"], "Words to look for.");
}

#[test]
fn doc_comments_become_summary_and_description() {
    let doc = doc(&app());
    let op = &doc["paths"]["/items/{item_id}"]["get"];
    assert_eq!(op["summary"], "Read an item");
    assert_eq!(
        op["description"],
        "Looks the item up by its id,\nthen answers it."
    );
    assert_eq!(op["operationId"], "read_item_items__item_id__get");
    // No doc comment: FastAPI's summary from the function's name.
    let remove = &doc["paths"]["/items/{item_id}"]["delete"];
    assert_eq!(remove["summary"], "Remove");
    assert!(remove.get("description").is_none());
}

#[test]
fn bodies_and_responses_from_the_types() {
    let doc = doc(&app());
    let create = &doc["paths"]["/items/"]["post"];
    assert_eq!(
        create["requestBody"],
        json!({
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
            "required": true
        })
    );
    assert_eq!(create["tags"], json!(["writes"]));
    let created = &create["responses"]["201"];
    assert_eq!(created["description"], "Successful Response");
    assert_eq!(
        created["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Item"
    );
    assert!(create["responses"].get("200").is_none());

    let login = &doc["paths"]["/login"]["post"];
    assert_eq!(
        login["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]["$ref"],
        "#/components/schemas/Login"
    );
    assert_eq!(login["operationId"], "sign_in");
    assert_eq!(login["deprecated"], true);
    assert_eq!(
        login["responses"]["200"]["content"]["text/plain"]["schema"],
        json!({"type": "string"})
    );

    // No body for a StatusCode; other answers from the attribute, then the 422.
    let remove = &doc["paths"]["/items/{item_id}"]["delete"];
    assert_eq!(
        remove["responses"],
        json!({
            "200": {"description": "Successful Response"},
            "404": {"description": "Item not found"},
            "409": {"description": "Item in use"},
            "422": remove["responses"]["422"].clone(),
        })
    );
    let order: Vec<&String> = remove["responses"].as_object().unwrap().keys().collect();
    assert_eq!(order, ["200", "404", "409", "422"]);

    // A text body may be empty.
    let note = &doc["paths"]["/note"]["put"];
    assert_eq!(
        note["requestBody"],
        json!({"content": {"text/plain": {"schema": {"type": "string"}}}, "required": false})
    );

    let page = &doc["paths"]["/page"]["get"];
    assert!(page["responses"]["200"]["content"]["text/html"].is_object());
    assert!(page.get("parameters").is_none());
    assert!(page["responses"].get("422").is_none());
}

#[test]
fn components_carry_nested_structs_enums_vectors_and_optionals() {
    let doc = doc(&app());
    let schemas = &doc["components"]["schemas"];
    let item = &schemas["Item"];
    assert_eq!(item["title"], "Item");
    assert_eq!(item["type"], "object");
    assert_eq!(
        item["required"],
        json!(["name", "price", "tags", "size", "maker"])
    );
    let properties = item["properties"].as_object().unwrap();
    let order: Vec<&str> = properties.keys().map(String::as_str).collect();
    assert_eq!(
        order,
        ["name", "description", "price", "tags", "size", "maker"]
    );
    assert_eq!(
        properties["name"]["description"],
        "What the item is called."
    );
    assert_eq!(properties["name"]["title"], "Name");
    assert_eq!(properties["description"]["type"], json!(["string", "null"]));
    assert_eq!(properties["tags"]["items"]["type"], "string");
    assert_eq!(properties["size"]["$ref"], "#/components/schemas/Size");
    assert_eq!(schemas["Size"]["enum"], json!(["small", "large"]));
    assert_eq!(properties["maker"]["$ref"], "#/components/schemas/Maker");
    assert_eq!(schemas["Maker"]["required"], json!(["name"]));
    // A Vec response.
    let files = &doc["paths"]["/v1/users/{user}/files/{path}"]["get"];
    let schema = &files["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["type"], "array");
    assert_eq!(schema["items"]["$ref"], "#/components/schemas/Item");
}

#[test]
fn validation_errors_use_fastapis_components() {
    let doc = doc(&app());
    let op = &doc["paths"]["/items/{item_id}"]["get"];
    assert_eq!(
        op["responses"]["422"],
        json!({
            "description": "Validation Error",
            "content": {"application/json": {"schema": {
                "$ref": "#/components/schemas/HTTPValidationError"
            }}}
        })
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["HTTPValidationError"]["properties"]["detail"]["items"]["$ref"],
        "#/components/schemas/ValidationError"
    );
    assert_eq!(
        schemas["ValidationError"]["required"],
        json!(["loc", "msg", "type"])
    );
}

#[test]
fn nested_routers_tag_and_prefix_their_routes() {
    let doc = doc(&app());
    let files = &doc["paths"]["/v1/users/{user}/files/{path}"]["get"];
    assert_eq!(files["tags"], json!(["v1", "users"]));
    assert_eq!(
        params(files),
        [
            ("user".to_owned(), "path".to_owned(), true),
            ("path".to_owned(), "path".to_owned(), true)
        ]
    );
    assert_eq!(files["parameters"][1]["schema"]["type"], "string");
    assert_eq!(
        files["operationId"],
        "file_v1_users__user__files__path__get"
    );
    // A closure has no name: its method and path name it.
    let user = &doc["paths"]["/v1/users/{id}"]["get"];
    assert_eq!(user["operationId"], "get_v1_users_id_v1_users__id__get");
    assert_eq!(user["summary"], "Get V1 Users Id");
}

#[test]
fn types_without_schemas_still_appear() {
    let doc = doc(&app());
    for path in ["/untyped", "/no-schema"] {
        let op = &doc["paths"][path]["post"];
        assert_eq!(
            op["requestBody"]["content"]["application/json"]["schema"],
            json!({}),
            "{path}"
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"],
            json!({}),
            "{path}"
        );
        assert!(op["responses"]["422"].is_object(), "{path}");
    }
    assert_eq!(doc["paths"]["/untyped"]["post"]["summary"], "Untyped");
    let opaque = &doc["paths"]["/opaque"]["get"];
    assert_eq!(
        opaque["summary"],
        "An opaque result: documented by what it is at run time, without a schema."
    );
    assert_eq!(params(opaque).len(), 3);
    assert_eq!(
        opaque["responses"]["200"]["content"]["text/plain"]["schema"],
        json!({"type": "string"})
    );
}

#[test]
fn hidden_routes_and_any_method_routes_stay_out() {
    let doc = doc(&app());
    assert!(doc["paths"].get("/secret").is_none());
    assert!(doc["paths"].get("/anything").is_none());
    // The hidden route's body type did not leak into the components either.
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    assert!(schemas.contains_key("Item"));
    assert!(!schemas.contains_key("Secret"));
    let paths: Vec<&String> = doc["paths"].as_object().unwrap().keys().collect();
    assert_eq!(paths.len(), 11, "{paths:?}");
}

#[test]
fn custom_extractors_describe_themselves() {
    let doc = doc(&app());
    let op = &doc["paths"]["/guarded"]["get"];
    assert_eq!(
        params(op),
        [("x-api-key".to_owned(), "header".to_owned(), true)]
    );
    assert_eq!(op["security"], json!([{"ApiKey": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"]["ApiKey"]["type"],
        "apiKey"
    );
}

#[test]
fn metadata_and_servers() {
    let app = App::new()
        .title("Items <API>")
        .version("2.0.0")
        .description("All about *items*.")
        .server("https://items.example.com")
        .get("/", || "root");
    let doc = doc(&app);
    assert_eq!(
        doc["info"],
        json!({"title": "Items <API>", "description": "All about *items*.", "version": "2.0.0"})
    );
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://items.example.com"}])
    );
    assert!(doc.get("tags").is_none());
    let tagged = App::new()
        .tag_description("users", "Who is who.")
        .tag_description("items", "What there is.");
    assert_eq!(
        self::doc(&tagged)["tags"],
        json!([
            {"name": "users", "description": "Who is who."},
            {"name": "items", "description": "What there is."}
        ])
    );
    // No route validates anything: no 422 and no error components.
    assert!(doc.get("components").is_none());
    assert_eq!(doc["paths"]["/"]["get"]["operationId"], "get__get");
}

#[test]
fn the_document_is_built_once() {
    let app = app();
    let first: *const str = app.openapi_json();
    let second: *const str = app.openapi_json();
    assert_eq!(first, second);
}

#[test]
fn handlers_marked_for_the_document_still_answer_the_same() {
    // Called directly, the handler's value is inside `Documented`.
    assert_eq!(remove(Path(3)).into_inner(), StatusCode::NO_CONTENT);
    assert_eq!(*page(), Html("<h1>hi</h1>"));
}

fn get(app: &App, method: Method, path: &str) -> Response {
    match app.dispatch(Request::new(method, path)) {
        Outcome::Ready(response) => response,
        Outcome::Pending(_) => panic!("{path} should answer inline"),
    }
}

#[test]
fn the_three_urls_serve_the_document_and_pages() {
    let app = App::new().title("Items <API>").get("/hello", || "hi");
    let document = get(&app, Method::GET, "/openapi.json");
    assert_eq!(document.status(), StatusCode::OK);
    assert_eq!(document.header("content-type"), Some("application/json"));
    assert_eq!(document.body(), app.openapi_json().as_bytes());

    let docs = get(&app, Method::GET, "/docs");
    assert_eq!(
        docs.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let html = String::from_utf8_lossy(docs.body());
    assert!(html.contains("<title>Items &lt;API&gt; - Swagger UI</title>"));
    assert!(html.contains(r#"<script src="/static/swagger-ui/swagger-ui-bundle.js">"#));
    assert!(html.contains(r#"url: "/openapi.json","#));

    let redoc = get(&app, Method::GET, "/redoc");
    let html = String::from_utf8_lossy(redoc.body());
    assert!(html.contains("<title>Items &lt;API&gt; - ReDoc</title>"));
    assert!(html.contains(r#"<redoc spec-url="/openapi.json"></redoc>"#));
    assert!(html.contains(r#"<script src="/static/redoc/redoc.standalone.js">"#));

    // The document does not list its own routes, as in FastAPI.
    let doc = doc(&app);
    assert_eq!(doc["paths"].as_object().unwrap().len(), 1);
}

#[test]
fn the_urls_only_answer_get_and_head() {
    let app = App::new();
    let post = get(&app, Method::POST, "/openapi.json");
    assert_eq!(post.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
    assert_eq!(post.body(), br#"{"detail":"Method Not Allowed"}"#);
    assert_eq!(get(&app, Method::HEAD, "/docs").status(), StatusCode::OK);
}

#[test]
fn the_urls_can_move_or_be_turned_off() {
    let app = App::new()
        .openapi_url(Some("/api/schema.json"))
        .docs_url(Some("/api/docs"))
        .redoc_url(None)
        .docs_assets("/assets/");
    assert_eq!(
        get(&app, Method::GET, "/openapi.json").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, Method::GET, "/redoc").status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&app, Method::GET, "/api/schema.json").status(),
        StatusCode::OK
    );
    let docs = get(&app, Method::GET, "/api/docs");
    let html = String::from_utf8_lossy(docs.body());
    assert!(html.contains(r#"url: "/api/schema.json","#));
    assert!(html.contains(r#"href="/assets/swagger-ui/swagger-ui.css""#));

    // As in FastAPI, no document means no pages either.
    let off = App::new().openapi_url(None);
    for path in ["/openapi.json", "/docs", "/redoc"] {
        assert_eq!(get(&off, Method::GET, path).status(), StatusCode::NOT_FOUND);
    }
}

#[test]
fn the_docs_routes_come_before_the_apps_own() {
    // FastAPI registers them first, so a catch-all does not hide them.
    let app = App::new().get("/{*rest}", || "catch-all");
    assert_eq!(
        get(&app, Method::GET, "/docs").header("content-type"),
        Some("text/html; charset=utf-8")
    );
}

#[cfg(target_arch = "wasm32")]
#[test]
async fn the_document_crosses_the_js_boundary() {
    let app = app();
    let response = app.request("/openapi.json").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    let doc: Value = response.json();
    assert_eq!(
        doc,
        serde_json::from_str::<Value>(app.openapi_json()).unwrap()
    );
    let docs = app.request("/docs").await;
    assert!(docs.text().contains("SwaggerUIBundle"));
}

#[derive(Deserialize, Serialize, JsonSchema)]
struct User {
    username: String,
}

#[derive(Deserialize, Serialize, JsonSchema)]
struct ItemAndUser {
    item: Maker,
    user: User,
}

#[derive(Deserialize, JsonSchema)]
#[allow(dead_code)]
struct Cookies {
    session_id: String,
    tracker: Option<String>,
}

#[edgeapi::openapi]
fn update(Embed(body): Embed<ItemAndUser>) -> Json<ItemAndUser> {
    Json(body)
}

#[edgeapi::openapi]
fn cookies(Cookie(Model(c)): Cookie<Model<Cookies>>) -> String {
    c.session_id
}

#[test]
fn body_parameters_and_parameter_models_are_documented_as_their_types() {
    let app = App::new().put("/items/", update).get("/cookies/", cookies);
    let doc = doc(&app);
    let put = &doc["paths"]["/items/"]["put"];
    assert_eq!(
        put["requestBody"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/ItemAndUser"})
    );
    assert_eq!(
        params(&doc["paths"]["/cookies/"]["get"]),
        [
            ("session_id".to_owned(), "cookie".to_owned(), true),
            ("tracker".to_owned(), "cookie".to_owned(), false),
        ]
    );
}
