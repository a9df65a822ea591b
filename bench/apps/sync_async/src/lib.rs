//! Bench only. `GET /sync` and `GET /async` give the same answer, one from a plain `fn`
//! (a `Response`, no Promise) and one from an `async fn` (a `Promise`): `make bench` calls
//! both in a loop inside workerd to show what the Promise costs.
//!
//! `GET /items/{item_id}?q=` is the reference app's route with `Path` and `Query`, and
//! `GET /items-by-hand/{item_id}?q=` gives the same answer reading the request by hand:
//! the difference is what the parameter extractors cost.

use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

fn sync_hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

async fn async_hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
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

async fn read_item(Path(item_id): Path<i64>, Query(search): Query<Search>) -> Json<Item> {
    Json(Item {
        item_id,
        q: search.q,
    })
}

async fn read_item_by_hand(request: Request) -> Result<Json<Item>, HttpError> {
    let parts = request.parts();
    let item_id = parts
        .path_params()
        .first()
        .and_then(|(_, value)| value.parse().ok())
        .ok_or_else(|| HttpError::new(StatusCode::UNPROCESSABLE_ENTITY, "item_id"))?;
    let q = parts
        .query()
        .split('&')
        .find_map(|pair| pair.strip_prefix("q="))
        .map(str::to_owned);
    Ok(Json(Item { item_id, q }))
}

/// The app: the same answers, sync and async, with extractors and by hand.
pub fn app() -> App {
    App::new()
        .get("/sync", sync_hello)
        .get("/async", async_hello)
        .get("/items/{item_id}", read_item)
        .get("/items-by-hand/{item_id}", read_item_by_hand)
}

edgeapi::export!(app);
