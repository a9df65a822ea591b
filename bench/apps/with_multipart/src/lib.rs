//! `with_extractors` with a route streaming a multipart body: what
//! `edgeapi::multipart::Multipart` adds to an app (`make bench`, bench/features.js).

use edgeapi::multipart::Multipart;
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

#[derive(Deserialize)]
struct Search {
    name: String,
    age: i32,
}

fn search(Query(search): Query<Search>) -> String {
    format!("{} {}", search.name, search.age)
}

#[derive(Deserialize)]
struct Note {
    title: String,
    body: Option<String>,
}

fn note(Form(note): Form<Note>) -> String {
    format!("{} {:?}", note.title, note.body)
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

/// The app: hello, the extractors and the feature's routes.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/users/search", search)
        .post("/notes", note)
        .post("/uploads", sizes)
}

edgeapi::export!(app);
