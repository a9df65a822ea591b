//! `examples/hello` with FastAPI's security tutorial routes: what `edgeapi::security`
//! adds to an app's size (`make bench`, bench/features.js).

use edgeapi::prelude::*;
use edgeapi::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl};
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

/// The app: hello, and the two security routes.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/users/me", me)
        .post("/token", login)
}

edgeapi::export!(app);
