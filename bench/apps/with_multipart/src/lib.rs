//! `examples/hello` with one route streaming a multipart body: what `edgeapi::multipart`
//! adds to an app's size (`make bench`, bench/features.js).

use edgeapi::multipart::Multipart;
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

async fn sizes(multipart: Multipart) -> Result<String, HttpError> {
    let mut multipart = multipart.limit_body(64 << 20);
    let mut total = 0;
    while let Some(mut field) = multipart.next_field().await? {
        while let Some(chunk) = field.chunk().await? {
            total += chunk.len();
        }
    }
    Ok(total.to_string())
}

/// The app: hello, and the multipart route.
pub fn app() -> App {
    App::new().get("/hello", hello).post("/uploads", sizes)
}

edgeapi::export!(app);
