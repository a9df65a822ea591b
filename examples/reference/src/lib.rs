//! The reference app: FastAPI's first examples, served from an edge worker.
//!
//! `wrangler.toml` at the repository root deploys it; `make dev` serves it locally.

use std::time::Duration;

use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

/// Sync: runs inline and hands JS a `Response`, no Promise.
fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// The longest wait `/burgers` accepts, in milliseconds.
const MAX_WAIT_MS: u64 = 10_000;

#[derive(Deserialize)]
struct Order {
    #[serde(default = "one")]
    number: u32,
    #[serde(default = "hundred")]
    ms: u64,
}

fn one() -> u32 {
    1
}

fn hundred() -> u64 {
    100
}

#[derive(Serialize)]
struct Burgers {
    burgers: u32,
    waited_ms: u64,
}

/// Async: waits on a real JS timer; meanwhile the isolate serves other requests.
async fn burgers(Query(order): Query<Order>) -> Result<Json<Burgers>, ValidationError> {
    if order.ms > MAX_WAIT_MS {
        return Err(
            ErrorItem::less_than_equal(MAX_WAIT_MS, order.ms.to_string())
                .at(["query", "ms"])
                .into(),
        );
    }
    sleep(Duration::from_millis(order.ms)).await;
    Ok(Json(Burgers {
        burgers: order.number,
        waited_ms: order.ms,
    }))
}

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
}

#[derive(Serialize)]
struct Item {
    item_id: i64,
    q: Option<String>,
}

/// FastAPI's tutorial route: a typed path parameter and an optional query parameter.
/// Sync, as it waits for nothing: it answers inline, without a Promise.
fn read_item(Path(item_id): Path<i64>, Query(search): Query<Search>) -> Json<Item> {
    Json(Item {
        item_id,
        q: search.q,
    })
}

/// The reference app's routes.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/burgers", burgers)
        .get("/items/{item_id}", read_item)
}

edgeapi::export!(app);
