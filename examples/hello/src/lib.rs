//! The smallest edgeapi app: `GET /hello` answers `{"message":"Hello World"}`.
//!
//! `make bench` reports its size, which is the SDK's own weight.

use edgeapi::prelude::*;
use serde::Serialize;

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// The app: one route.
pub fn app() -> App {
    App::new().get("/hello", hello)
}

edgeapi::export!(app);
