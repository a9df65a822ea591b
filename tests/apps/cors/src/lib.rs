//! The app behind `tests/e2e/cors.test.js`, which calls its wasm export straight from JS:
//! the same routes under three CORS setups, as FastAPI's `CORSMiddleware` takes them.
//!
//! - `/listed/...`: a list of origins, with credentials, any method and header;
//! - `/any/...`: any origin (`*`), without credentials;
//! - `/any-credentials/...`: any origin, with credentials.

use std::time::Duration;

use edgeapi::cors::Cors;
use edgeapi::middleware::{Middleware, Next};
use edgeapi::prelude::*;

/// Picks the CORS setup by the path's first segment.
struct ByPrefix {
    listed: Cors,
    any: Cors,
    any_credentials: Cors,
}

impl Middleware for ByPrefix {
    fn call(&self, request: Request, next: Next) -> Outcome {
        let path = request.parts().path();
        let cors = if path.starts_with("/any-credentials/") {
            &self.any_credentials
        } else if path.starts_with("/any/") {
            &self.any
        } else {
            &self.listed
        };
        cors.call(request, next)
    }
}

async fn later() -> &'static str {
    sleep(Duration::from_millis(1)).await;
    "async"
}

async fn missing() -> Result<&'static str, HttpError> {
    sleep(Duration::from_millis(1)).await;
    Err(HttpError::new(StatusCode::NOT_FOUND, "Item not found"))
}

fn item(Path(id): Path<u32>) -> String {
    id.to_string()
}

fn panic_now() -> &'static str {
    panic!("a sync handler panicked on purpose");
}

async fn panic_later() -> &'static str {
    sleep(Duration::from_millis(1)).await;
    panic!("an async handler panicked on purpose");
}

fn routes() -> Router {
    Router::new()
        .get("/sync", || "sync")
        .get("/async", later)
        .post("/async", later)
        .get("/missing", missing)
        .get("/items/{id}", item)
        .get("/panic", panic_now)
        .get("/panic/later", panic_later)
}

/// The app: [`routes`] under each prefix, behind [`ByPrefix`].
pub fn app() -> App {
    let every = |cors: Cors| cors.allow_methods(["*"]).allow_headers(["*"]);
    App::new()
        .include_router("/listed", routes())
        .include_router("/any", routes())
        .include_router("/any-credentials", routes())
        .middleware(ByPrefix {
            listed: every(Cors::new().allow_origins(["https://app.example"]))
                .allow_credentials(true),
            any: Cors::new().allow_origins(["*"]),
            any_credentials: every(Cors::new().allow_origins(["*"])).allow_credentials(true),
        })
}

edgeapi::export!(app);
