//! The reference app: FastAPI's first examples, served from an edge worker.
//!
//! `wrangler.toml` at the repository root deploys it; `make dev` serves it locally.
//! The `/demo/...` routes feed the demo page: waiting (async), working (sync) and working on
//! the pool, side by side.

use std::time::Duration;

use edgeapi::concurrent::try_join_all;
use edgeapi::fetch::{self, FetchError};
use edgeapi::pool::{Task, TaskError};
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

/// Sync: runs inline and hands JS a `Response`, no Promise.
fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// The longest wait `/burgers` accepts, in milliseconds.
const MAX_WAIT_MS: u64 = 10_000;

#[derive(Deserialize)]
struct Order {
    #[serde(default = "one")]
    number: u32,
    #[serde(default = "hundred")]
    ms: u64,
}

fn one() -> u32 {
    1
}

fn hundred() -> u64 {
    100
}

#[derive(Serialize)]
struct Burgers {
    burgers: u32,
    waited_ms: u64,
}

/// Async: waits on a real JS timer; meanwhile the isolate serves other requests.
async fn burgers(Query(order): Query<Order>) -> Result<Json<Burgers>, ValidationError> {
    if order.ms > MAX_WAIT_MS {
        return Err(
            ErrorItem::less_than_equal(MAX_WAIT_MS, order.ms.to_string())
                .at(["query", "ms"])
                .into(),
        );
    }
    sleep(Duration::from_millis(order.ms)).await;
    Ok(Json(Burgers {
        burgers: order.number,
        waited_ms: order.ms,
    }))
}

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
}

#[derive(Serialize)]
struct Item {
    item_id: i64,
    q: Option<String>,
}

/// FastAPI's tutorial route: a typed path parameter and an optional query parameter.
async fn read_item(Path(item_id): Path<i64>, Query(search): Query<Search>) -> Json<Item> {
    Json(Item {
        item_id,
        q: search.q,
    })
}

#[derive(Deserialize)]
struct Wait {
    #[serde(default = "hundred")]
    ms: u64,
}

/// Milliseconds since 1970 on the host's clock. The demo page draws its timeline with it,
/// for the page, the Service Worker and pool workers alike.
fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A wait, and when it started and ended.
#[derive(Serialize, Deserialize)]
struct Waited {
    waited_ms: u64,
    #[serde(default)]
    started_ms: u64,
    #[serde(default)]
    ended_ms: u64,
}

fn check_wait(ms: u64) -> Result<(), ValidationError> {
    if ms > MAX_WAIT_MS {
        return Err(ErrorItem::less_than_equal(MAX_WAIT_MS, ms.to_string())
            .at(["query", "ms"])
            .into());
    }
    Ok(())
}

/// Demo, waiting: async, so N requests wait side by side.
async fn wait(Query(wait): Query<Wait>) -> Result<Json<Waited>, ValidationError> {
    check_wait(wait.ms)?;
    let started_ms = epoch_ms();
    sleep(Duration::from_millis(wait.ms)).await;
    Ok(Json(Waited {
        waited_ms: wait.ms,
        started_ms,
        ended_ms: epoch_ms(),
    }))
}

/// The most work `/demo/cpu` and `/demo/pool` accept, in millions of steps.
const MAX_WORK: u64 = 2_000;

#[derive(Deserialize)]
struct Work {
    #[serde(default = "fifty")]
    n: u64,
}

fn fifty() -> u64 {
    50
}

/// Some work, its result, and when it started and ended by the clock of the thread that did it.
#[derive(Serialize, Deserialize)]
pub struct Worked {
    n: u64,
    result: u64,
    started_ms: u64,
    ended_ms: u64,
}

impl Work {
    fn checked(self) -> Result<u64, ValidationError> {
        if self.n > MAX_WORK {
            return Err(ErrorItem::less_than_equal(MAX_WORK, self.n.to_string())
                .at(["query", "n"])
                .into());
        }
        Ok(self.n)
    }
}

/// CPU-bound work: `n` million steps of a pseudo-random walk (xorshift), nothing to wait on.
pub fn burn(n: u64) -> u64 {
    let mut x = n ^ 0x9E37_79B9_7F4A_7C15;
    for _ in 0..n * 1_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    x
}

/// [`burn`], timed by the clock of the thread that runs it.
pub fn timed_burn(n: u64) -> Worked {
    let started_ms = epoch_ms();
    // black_box keeps the optimizer from moving the pure work past the clock reads.
    let result = std::hint::black_box(burn(std::hint::black_box(n)));
    Worked {
        n,
        result,
        started_ms,
        ended_ms: epoch_ms(),
    }
}

/// The same work as a pool task: named, so pool workers find it.
pub const BURN: Task<u64, Worked> = Task::new("burn", timed_burn);
edgeapi::tasks!(BURN);

/// Demo, working inline: sync, so N requests queue behind each other on the one event loop
/// (and the event-loop guard names this route in the log).
fn cpu(Query(work): Query<Work>) -> Result<Json<Worked>, ValidationError> {
    Ok(Json(timed_burn(work.checked()?)))
}

/// Demo, working on the pool: the same work on a worker, so N requests run in parallel up
/// to the number of cores (inline on workerd, which has no workers).
async fn pooled(Query(work): Query<Work>) -> Result<Json<Worked>, Response> {
    let n = work.checked().map_err(IntoResponse::into_response)?;
    BURN.run(n)
        .await
        .map(Json)
        .map_err(TaskError::into_response)
}

#[derive(Deserialize)]
struct Fanout {
    upstream: String,
    #[serde(default = "hundred")]
    ms: u64,
}

/// Only loopback upstreams, so the demo cannot be used to make requests elsewhere.
fn loopback(upstream: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|prefix| upstream.starts_with(prefix))
        && !upstream.contains(['?', '#', '@'])
}

#[derive(Serialize)]
struct Fanned {
    upstreams: Vec<u64>,
}

/// Demo, subrequests: asks `{upstream}/demo/wait?ms=M` three times at once and answers when
/// all three are back, in about one subrequest's time.
async fn fanout(Query(fanout): Query<Fanout>) -> Result<Json<Fanned>, Response> {
    check_wait(fanout.ms).map_err(IntoResponse::into_response)?;
    if !loopback(&fanout.upstream) {
        let pattern = r"^http://(127\.0\.0\.1|localhost|\[::1\]):\d+";
        let error = ErrorItem::new(
            "string_pattern_mismatch",
            format!("String should match pattern '{pattern}'"),
        )
        .at(["query", "upstream"])
        .input(fanout.upstream.clone())
        .ctx(serde_json::json!({ "pattern": pattern }));
        return Err(ValidationError::from(error).into_response());
    }
    let base = fanout.upstream.trim_end_matches('/');
    let calls = (1..=3).map(|i| async move {
        let url = format!("{base}/demo/wait?ms={}&call={i}", fanout.ms);
        fetch::get(url)
            .send()
            .await?
            .error_for_status()?
            .json::<Waited>()
            .map(|w| w.waited_ms)
    });
    let upstreams = try_join_all(calls)
        .await
        .map_err(FetchError::into_response)?;
    Ok(Json(Fanned { upstreams }))
}

/// The reference app's routes.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .get("/burgers", burgers)
        .get("/items/{item_id}", read_item)
        .get("/demo/wait", wait)
        .get("/demo/cpu", cpu)
        .get("/demo/pool", pooled)
        .get("/demo/fanout", fanout)
}

edgeapi::export!(app);
