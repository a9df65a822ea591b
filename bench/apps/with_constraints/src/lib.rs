//! `with_extractors` with constraints declared on its query (`#[edgeapi::validate]`, a
//! pattern among them): what declared constraints, and their pattern engine (regex-lite),
//! add to an app (`make bench`, bench/features.js).

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

const NAME: &str = "^[a-z]+$";

#[edgeapi::validate]
#[derive(Deserialize)]
struct Search {
    #[validate(length(min = 3, max = 20), regex(path = NAME))]
    name: String,
    #[validate(range(min = 0, exclusive_max = 150))]
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
