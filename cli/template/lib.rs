//! {{name}}: an edgeapi app. `npx wrangler dev` serves it on local workerd, with its API
//! docs at /docs; `edgeapi build --target node` (or deno, bun, browser) builds it for
//! another host.

use std::time::Duration;

use edgeapi::openapi::JsonSchema;
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize, JsonSchema)]
struct Message {
    message: String,
}

/// Say hello
///
/// Sync: a plain `fn` runs inline and answers at once.
#[edgeapi::openapi]
fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World".into(),
    })
}

/// The longest wait `/wait` accepts, in milliseconds.
const MAX_WAIT_MS: u64 = 10_000;

/// `ms` declares its bound once: a larger one answers FastAPI's 422 `less_than_equal`, and
/// the document shows `maximum`.
#[edgeapi::validate]
#[derive(Deserialize, JsonSchema)]
struct Wait {
    #[serde(default)]
    #[validate(range(max = MAX_WAIT_MS))]
    ms: u64,
}

#[derive(Serialize, JsonSchema)]
struct Waited {
    waited_ms: u64,
}

/// Wait
///
/// Async: waits `ms` milliseconds on a timer; meanwhile the host serves other requests.
#[edgeapi::openapi]
async fn wait(Query(wait): Query<Wait>) -> Json<Waited> {
    sleep(Duration::from_millis(wait.ms)).await;
    Json(Waited { waited_ms: wait.ms })
}

/// An item for sale.
#[derive(Serialize, Deserialize, JsonSchema)]
struct Item {
    /// What it is called.
    name: String,
    /// Its price, in any currency.
    price: f64,
    #[serde(default)]
    tags: Vec<String>,
}

/// Create an item
///
/// The body is validated into `Item` (a 422 lists every bad field) and answered back.
#[edgeapi::openapi(status = 201, tag = "items")]
async fn create_item(Json(item): Json<Item>) -> (StatusCode, Json<Item>) {
    (StatusCode::CREATED, Json(item))
}

/// The app's routes.
pub fn app() -> App {
    App::new()
        .title("{{name}}")
        .get("/hello", hello)
        .get("/wait", wait)
        .post("/items", create_item)
}

edgeapi::export!(app);
