//! Bench only: `GET /sync` and `GET /async` give the same answer, one from a plain `fn`
//! (a `Response`, no Promise) and one from an `async fn` (a `Promise`). `make bench`
//! calls both in a loop inside workerd to show what the Promise costs.

use edgeapi::prelude::*;
use serde::Serialize;

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

/// The app: the same answer, sync and async.
pub fn app() -> App {
    App::new()
        .get("/sync", sync_hello)
        .get("/async", async_hello)
}

edgeapi::export!(app);
