//! A Durable Object `Counter` per name, written in Rust: its own app serves increments and
//! reads, and its alarm resets it. The worker's routes reach it through the `COUNTER`
//! namespace.

use std::rc::Rc;
use std::time::Duration;

use edgeapi::fetch;
use edgeapi::openapi::JsonSchema;
use edgeapi::prelude::*;
use edgeapi::{DurableObject, ObjectState};
use serde::{Deserialize, Serialize};

/// A counter's value, as the object answers it.
#[derive(Serialize, Deserialize)]
struct Value {
    value: u64,
}

/// A counter by name.
#[derive(Serialize, JsonSchema)]
pub struct Count {
    name: String,
    value: u64,
}

/// When to reset a counter.
#[derive(Deserialize, JsonSchema)]
pub struct Reset {
    /// Milliseconds from now (at most a day).
    after_ms: u64,
}

/// A reset to come.
#[derive(Serialize, JsonSchema)]
pub struct Resetting {
    name: String,
    after_ms: u64,
}

/// The Durable Object: one per counter name.
pub struct Counter {
    state: ObjectState,
}

/// `POST /increment` in the object: the read and the write that follows it never
/// interleave with another request's (the input gate holds while storage works).
async fn increment(state: ObjectState) -> Result<Json<Value>, edgeapi::Error> {
    let storage = state.storage();
    let value = storage.get::<u64>("value").await?.unwrap_or(0) + 1;
    storage.put("value", &value).await?;
    Ok(Json(Value { value }))
}

/// `GET /` in the object.
async fn read(state: ObjectState) -> Result<Json<Value>, edgeapi::Error> {
    let value = state.storage().get::<u64>("value").await?.unwrap_or(0);
    Ok(Json(Value { value }))
}

/// `POST /reset?after_ms=M` in the object: sets the alarm.
async fn reset(
    state: ObjectState,
    Query(reset): Query<Reset>,
) -> Result<StatusCode, edgeapi::Error> {
    let delay = Duration::from_millis(reset.after_ms);
    state.storage().set_alarm(delay).await?;
    Ok(StatusCode::ACCEPTED)
}

/// `POST /panic` in the object: a bug, for the recovery test.
fn panic_now() -> &'static str {
    panic!("the counter object panics on purpose")
}

impl DurableObject for Counter {
    fn new(state: ObjectState, _env: Env) -> Self {
        Counter { state }
    }

    fn app(self: Rc<Self>) -> App {
        App::new()
            .post("/increment", increment)
            .get("/", read)
            .post("/reset", reset)
            .post("/panic", panic_now)
    }

    /// The alarm set by a reset: back to 0.
    async fn alarm(self: Rc<Self>) -> Result<(), edgeapi::Error> {
        self.state.storage().put("value", &0u64).await?;
        Ok(())
    }
}

/// The longest reset delay a client may ask for.
const MAX_RESET_MS: u64 = 24 * 60 * 60 * 1000;

async fn count(
    env: &Env,
    name: &str,
    request: fetch::Fetch,
) -> Result<Json<Count>, edgeapi::Error> {
    let counter = env.durable_object("COUNTER")?.by_name(name)?;
    let Value { value } = counter.fetch(request).await?.error_for_status()?.json()?;
    Ok(Json(Count {
        name: name.to_owned(),
        value,
    }))
}

/// Adds one to the counter `name` and answers its new value.
#[edgeapi::openapi(tag = "counters")]
async fn increment_counter(
    env: Env,
    Path(name): Path<String>,
) -> Result<Json<Count>, edgeapi::Error> {
    count(&env, &name, fetch::post("/increment")).await
}

/// The counter `name` (0 for a new one).
#[edgeapi::openapi(tag = "counters")]
async fn read_counter(env: Env, Path(name): Path<String>) -> Result<Json<Count>, edgeapi::Error> {
    count(&env, &name, fetch::get("/")).await
}

/// Resets the counter `name` to 0 in `after_ms` milliseconds, with the object's alarm.
#[edgeapi::openapi(status = 202, tag = "counters")]
async fn reset_counter(
    env: Env,
    Path(name): Path<String>,
    Query(reset): Query<Reset>,
) -> Result<(StatusCode, Json<Resetting>), edgeapi::Error> {
    if reset.after_ms > MAX_RESET_MS {
        Err(HttpError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "after_ms is at most a day",
        ))?;
    }
    let counter = env.durable_object("COUNTER")?.by_name(&name)?;
    let path = format!("/reset?after_ms={}", reset.after_ms);
    counter.fetch(fetch::post(path)).await?.error_for_status()?;
    let after_ms = reset.after_ms;
    Ok((StatusCode::ACCEPTED, Json(Resetting { name, after_ms })))
}

/// Makes the counter's object panic: answered 500, and the object is made again on its
/// next call with its stored value intact. For the tests; not in the document.
#[edgeapi::openapi(tag = "counters", include_in_schema = false)]
async fn panic_counter(
    env: Env,
    Path(name): Path<String>,
    request: Request,
) -> Result<Response, edgeapi::Error> {
    let counter = env.durable_object("COUNTER")?.by_name(&name)?;
    Ok(counter.forward(request, "/panic").await?)
}

/// The counter routes, added to `app`.
pub fn routes(app: App) -> App {
    app.tag_description(
        "counters",
        "Counters kept by a Durable Object per name (`COUNTER`), written in Rust.",
    )
    .post("/counters/{name}/increment", increment_counter)
    .get("/counters/{name}", read_counter)
    .post("/counters/{name}/reset", reset_counter)
    .post("/counters/{name}/panic", panic_counter)
}
