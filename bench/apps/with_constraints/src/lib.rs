//! `examples/hello` with one route whose query declares constraints: what
//! `#[edgeapi::validate]` (and its pattern engine, regex-lite) adds to an app's size
//! (`make bench`, bench/features.js).

use edgeapi::prelude::*;
use serde::Deserialize;
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

/// The app: hello, and the constrained search.
pub fn app() -> App {
    App::new().get("/hello", hello).get("/users/search", search)
}

edgeapi::export!(app);
