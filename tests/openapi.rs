//! The OpenAPI generator on small apps: every parameter kind, bodies, optional fields,
//! enums, nested structs, vectors, nested routers, and the docs pages.
#![cfg(feature = "openapi")]

use edgeapi::openapi::JsonSchema;
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

/// Read an item
///
/// Looks the item up by its id.
#[edgeapi::openapi]
fn read_item(
    Path(item_id): Path<u32>,
    Query(page): Query<Page>,
    Header(agent): Header<Agent>,
    Cookie(session): Cookie<Session>,
) -> Json<Item> {
    let _ = (item_id, page.skip, agent.user_agent, session.session_id);
    Json(Item {
        name: "x".into(),
        description: None,
        price: 1.0,
        tags: vec![],
        size: Size::Small,
        maker: Maker {
            name: "m".into(),
            country: None,
        },
    })
}

#[edgeapi::openapi(status = 201, tag = "writes")]
async fn create_item(Json(item): Json<Item>) -> (StatusCode, Json<Item>) {
    (StatusCode::CREATED, Json(item))
}

fn untyped(Json(value): Json<serde_json::Value>) -> Json<serde_json::Value> {
    Json(value)
}

fn doc(app: &App) -> Value {
    serde_json::from_str(app.openapi_json()).expect("the document is JSON")
}

#[test]
fn prints() {
    let app = App::new()
        .get("/items/{item_id}", read_item)
        .post("/items/", create_item)
        .post("/untyped", untyped)
        .get("/closure/{id}", |Path(id): Path<u32>| id.to_string())
        .include_router(
            "/v1",
            Router::new()
                .tag("v1")
                .include_router("/users", Router::new().tag("users").get("/{name}", || "hi")),
        );
    println!("{}", serde_json::to_string_pretty(&doc(&app)).unwrap());
    let _ = json!({});
}
