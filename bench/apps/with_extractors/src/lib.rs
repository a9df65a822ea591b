//! `examples/hello` with a `Query<T>` and a `Form<T>` route: the base each feature app of
//! `make bench` adds one feature to (bench/features.js).

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

/// The app: hello, the extractors.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/users/search", search)
        .post("/notes", note)
}

edgeapi::export!(app);
