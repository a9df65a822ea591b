//! `with_extractors` with FastAPI's security tutorial routes: what `edgeapi::security` adds
//! to an app (`make bench`, bench/features.js).

use edgeapi::prelude::*;
use edgeapi::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl};
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

struct Login;

impl TokenUrl for Login {
    const TOKEN_URL: &'static str = "token";
}

fn me(bearer: OAuth2PasswordBearer<Login>) -> String {
    bearer.token
}

fn login(form: OAuth2PasswordRequestForm) -> Result<String, HttpError> {
    if form.password != "secret" {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "Incorrect username or password",
        ));
    }
    Ok(form.username)
}

/// The app: hello, the extractors and the feature's routes.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/users/search", search)
        .post("/notes", note)
        .get("/users/me", me)
        .post("/token", login)
}

edgeapi::export!(app);
