//! The reference app: FastAPI's first examples, served from an edge worker.
//!
//! `wrangler.toml` at the repository root deploys it; `make dev` serves it locally.
//! The `/demo/...` routes feed the demo page: waiting (async), working (sync) and working on
//! the pool, side by side.

use std::time::Duration;

use edgeapi::concurrent::try_join3;
use edgeapi::extract::{FromRequest, FromRequestParts};
use edgeapi::fetch::{self, FetchError};
use edgeapi::multipart::{Multipart, UploadFile};
use edgeapi::openapi::{JsonSchema, Operation};
use edgeapi::pool::{Task, TaskError};
use edgeapi::prelude::*;
use edgeapi::security::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl};
use edgeapi::stream::{Event, Sse};
use edgeapi::{KvList, Parts, Request};
use futures_util::{stream, Stream};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

mod counters;
mod platform;
mod sockets;
mod storage;

pub use counters::Counter;
pub use sockets::Room;

#[derive(Serialize, JsonSchema)]
struct Message {
    message: &'static str,
}

/// Say hello
///
/// Sync: runs inline and hands JS a `Response`, no Promise.
#[edgeapi::openapi]
fn hello() -> Json<Message> {
    Json(Message {
        message: "Hello World",
    })
}

/// The longest wait `/burgers` accepts, in milliseconds.
const MAX_WAIT_MS: u64 = 10_000;

#[edgeapi::validate]
#[derive(Deserialize, JsonSchema)]
struct Order {
    #[serde(default = "one")]
    number: u32,
    /// FastAPI: `ms: int = Query(100, le=10000)`.
    #[serde(default = "hundred")]
    #[validate(range(max = MAX_WAIT_MS))]
    ms: u64,
}

fn one() -> u32 {
    1
}

fn hundred() -> u64 {
    100
}

#[derive(Serialize, JsonSchema)]
struct Burgers {
    burgers: u32,
    waited_ms: u64,
}

/// Wait for burgers
///
/// Async: waits `ms` milliseconds on a real JS timer; meanwhile the isolate serves other
/// requests. FastAPI's burger example made real.
#[edgeapi::openapi]
async fn burgers(Query(order): Query<Order>) -> Json<Burgers> {
    sleep(Duration::from_millis(order.ms)).await;
    Json(Burgers {
        burgers: order.number,
        waited_ms: order.ms,
    })
}

#[derive(Deserialize, JsonSchema)]
struct Search {
    q: Option<String>,
}

#[derive(Serialize, JsonSchema)]
struct Item {
    item_id: i64,
    q: Option<String>,
}

/// Read an item
///
/// FastAPI's tutorial route: a typed path parameter and an optional query parameter.
/// Sync, as it waits for nothing: it answers inline, without a Promise.
#[edgeapi::openapi(tag = "items")]
fn read_item(Path(item_id): Path<i64>, Query(search): Query<Search>) -> Json<Item> {
    Json(Item {
        item_id,
        q: search.q,
    })
}

/// FastAPI's tutorial model for a request body.
#[derive(Serialize, Deserialize, JsonSchema)]
struct NewItem {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

/// Create an item
///
/// The body is validated into `NewItem` and echoed, as in FastAPI's tutorial.
#[edgeapi::openapi(tag = "items")]
fn create_item(Json(item): Json<NewItem>) -> Json<NewItem> {
    Json(item)
}

#[derive(Serialize, JsonSchema)]
struct User {
    username: String,
    email: &'static str,
    full_name: &'static str,
}

/// FastAPI: `oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")`.
struct Login;

impl TokenUrl for Login {
    const TOKEN_URL: &'static str = "token";
}

/// The user behind a bearer token: FastAPI's `Depends(get_current_user)` as an extractor,
/// built on another extractor (`OAuth2PasswordBearer`, which answers FastAPI's 401 without
/// a bearer token and puts the password flow in the document).
struct CurrentUser(User);

impl FromRequestParts for CurrentUser {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
        let bearer = OAuth2PasswordBearer::<Login>::from_request_parts(parts).await?;
        if bearer.token.is_empty() {
            return Err(
                HttpError::new(StatusCode::UNAUTHORIZED, "Not authenticated")
                    .header("www-authenticate", "Bearer"),
            );
        }
        // FastAPI's tutorial decodes tokens the same pretend way.
        Ok(CurrentUser(User {
            username: format!("{}fakedecoded", bearer.token),
            email: "john@example.com",
            full_name: "John Doe",
        }))
    }

    /// In the document: the bearer's OAuth2 password flow, so Swagger UI offers "Authorize".
    fn openapi(op: &mut Operation<'_>) {
        <OAuth2PasswordBearer<Login> as FromRequestParts>::openapi(op);
    }
}

#[derive(Serialize, JsonSchema)]
struct Token {
    access_token: String,
    token_type: &'static str,
}

/// Log in
///
/// OAuth2's password flow, as FastAPI's security tutorial: a form with `username` and
/// `password` (`alice` and `secret` here) gets a bearer token.
#[edgeapi::openapi(tag = "users")]
fn login(form: OAuth2PasswordRequestForm) -> Result<Json<Token>, HttpError> {
    if form.username != "alice" || form.password != "secret" {
        return Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "Incorrect username or password",
        ));
    }
    Ok(Json(Token {
        access_token: form.username,
        token_type: "bearer",
    }))
}

/// Read the current user
///
/// Answered only with a bearer token.
#[edgeapi::openapi(tag = "users")]
fn read_users_me(CurrentUser(user): CurrentUser) -> Json<User> {
    Json(user)
}

/// A user name: lowercase letters only.
const USER_NAME: &str = "^[a-z]+$";

/// FastAPI: `name: str = Query(min_length=3, max_length=20, pattern="^[a-z]+$")`,
/// `age: int = Query(ge=0, lt=150)`.
#[edgeapi::validate]
#[derive(Deserialize, JsonSchema)]
struct UserSearch {
    #[validate(length(min = 3, max = 20), regex(path = USER_NAME))]
    name: String,
    #[validate(range(min = 0, exclusive_max = 150))]
    age: i32,
}

#[derive(Serialize, JsonSchema)]
struct UserFound {
    name: String,
    age: i32,
}

/// Search users
///
/// Constraints declared once on the query's type: every broken one is listed in one 422,
/// as FastAPI lists them, and the document shows them.
#[edgeapi::openapi(tag = "users")]
fn search_users(Query(search): Query<UserSearch>) -> Json<UserFound> {
    Json(UserFound {
        name: search.name,
        age: search.age,
    })
}

/// The upload form, as the document shows it (FastAPI: `file: UploadFile`,
/// `note: Annotated[str | None, Form()] = None`).
#[derive(JsonSchema)]
#[allow(dead_code)]
struct UploadForm {
    file: UploadFile,
    note: Option<String>,
}

/// The body of `POST /uploads`: its parts streamed, described as [`UploadForm`].
struct UploadBody(Multipart);

impl FromRequest for UploadBody {
    type Rejection = HttpError;

    async fn from_request(request: Request) -> Result<Self, HttpError> {
        Multipart::from_request(request).await.map(UploadBody)
    }

    fn openapi(op: &mut Operation<'_>) {
        let schema = op.schema_for::<UploadForm>();
        op.request_body("multipart/form-data", schema);
        op.validates();
    }
}

#[derive(Serialize, JsonSchema)]
struct Uploaded {
    filename: String,
    content_type: Option<String>,
    size: u64,
    note: Option<String>,
    sha256: String,
}

/// Upload a file
///
/// A multipart form (`file`, and an optional `note`), read as it arrives: the file passes
/// through one chunk at a time into its SHA-256, so a file of tens of megabytes leaves
/// the wasm memory as it was. Answers as FastAPI's `UploadFile` route does.
#[edgeapi::openapi(tag = "files")]
async fn upload(UploadBody(multipart): UploadBody) -> Result<Json<Uploaded>, edgeapi::Error> {
    let mut multipart = multipart.limit_body(64 << 20).limit_file(32 << 20);
    let (mut file, mut note) = (None, None);
    while let Some(mut field) = multipart.next_field().await? {
        match (field.name(), field.filename()) {
            ("file", Some(filename)) if !filename.is_empty() => {
                let filename = filename.to_owned();
                let content_type = field.content_type().map(str::to_owned);
                let (mut hash, mut size) = (Sha256::new(), 0);
                while let Some(chunk) = field.chunk().await? {
                    hash.update(&chunk);
                    size += chunk.len() as u64;
                }
                let sha256 = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
                file = Some((filename, content_type, size, sha256));
            }
            // FastAPI's answer to text where a file is declared, once the body is read.
            ("file", None) => {
                let text = field.text().await?;
                let item = ErrorItem::value_error("Expected UploadFile, received: <class 'str'>")
                    .at(["body", "file"])
                    .input(text);
                multipart.finish().await?;
                return Err(ValidationError::from(item).into());
            }
            ("note", _) => note = Some(field.text().await?).filter(|note| !note.is_empty()),
            _ => {}
        }
    }
    let Some((filename, content_type, size, sha256)) = file else {
        let missing = ErrorItem::new("missing", "Field required").at(["body", "file"]);
        return Err(ValidationError::from(missing).into());
    };
    Ok(Json(Uploaded {
        filename,
        content_type,
        size,
        note,
        sha256,
    }))
}

/// KV keys are at most 512 bytes.
const MAX_KEY_BYTES: usize = 512;

#[derive(Serialize, JsonSchema)]
struct Entry {
    key: String,
    value: String,
}

fn checked_key(key: String) -> Result<String, ValidationError> {
    if key.len() > MAX_KEY_BYTES {
        return Err(ErrorItem::new(
            "string_too_long",
            format!("String should have at most {MAX_KEY_BYTES} characters"),
        )
        .at(["path", "key"])
        .input(key)
        .ctx(serde_json::json!({ "max_length": MAX_KEY_BYTES }))
        .into());
    }
    Ok(key)
}

/// Store a value
///
/// Stores the body text under `key` in the `ITEMS` KV namespace.
#[edgeapi::openapi]
async fn put_entry(
    env: Env,
    Path(key): Path<String>,
    value: String,
) -> Result<Json<Entry>, HttpError> {
    let key = checked_key(key)?;
    env.kv("ITEMS")?.put(&key, &value).await?;
    Ok(Json(Entry { key, value }))
}

/// Read a value
///
/// Reads a value back from KV; 404 when absent.
#[edgeapi::openapi(response(404, "Key not found"))]
async fn get_entry(env: Env, Path(key): Path<String>) -> Result<Json<Entry>, HttpError> {
    let key = checked_key(key)?;
    match env.kv("ITEMS")?.get(&key).await? {
        Some(value) => Ok(Json(Entry { key, value })),
        None => Err(HttpError::new(StatusCode::NOT_FOUND, "Key not found")),
    }
}

/// Delete a value
///
/// Removes a key from KV (204 whether or not it existed).
#[edgeapi::openapi(status = 204)]
async fn delete_entry(env: Env, Path(key): Path<String>) -> Result<StatusCode, HttpError> {
    let key = checked_key(key)?;
    env.kv("ITEMS")?.delete(&key).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, JsonSchema)]
struct Listing {
    #[serde(default)]
    prefix: String,
    #[serde(default = "hundred_keys")]
    #[schemars(range(min = 1, max = MAX_LIST))]
    limit: u16,
    cursor: Option<String>,
}

fn hundred_keys() -> u16 {
    100
}

/// The most keys one KV list call returns.
const MAX_LIST: u16 = 1000;

/// List keys
///
/// One page of key names, by prefix; pass the answer's `cursor` for the next page.
#[edgeapi::openapi]
async fn list_entries(env: Env, Query(listing): Query<Listing>) -> Result<Json<KvList>, HttpError> {
    if listing.limit == 0 || listing.limit > MAX_LIST {
        let item = if listing.limit == 0 {
            ErrorItem::greater_than_equal(1, listing.limit.to_string())
        } else {
            ErrorItem::less_than_equal(MAX_LIST, listing.limit.to_string())
        };
        return Err(ValidationError::from(item.at(["query", "limit"])).into());
    }
    let page = env
        .kv("ITEMS")?
        .list(
            &listing.prefix,
            listing.limit.into(),
            listing.cursor.as_deref(),
        )
        .await?;
    Ok(Json(page))
}

#[derive(Serialize, JsonSchema)]
struct Notice {
    message: &'static str,
}

/// How long the pretend notification takes to send.
const NOTIFY_MS: u64 = 1000;

/// Send a notification
///
/// FastAPI's background-task example. The answer goes out at once; the "notification" (a slow write to KV) finishes a second later.
#[edgeapi::openapi]
fn send_notification(
    env: Env,
    tasks: BackgroundTasks,
    Path(email): Path<String>,
) -> Result<Json<Notice>, HttpError> {
    let kv = env.kv("ITEMS")?;
    tasks.add(async move {
        sleep(Duration::from_millis(NOTIFY_MS)).await;
        let _ = kv.put(&format!("notified:{email}"), "sent").await;
    });
    Ok(Json(Notice {
        message: "Notification sent in the background",
    }))
}

#[derive(Serialize, JsonSchema)]
struct Greeting {
    greeting: Option<String>,
}

/// Read the greeting
///
/// A variable from `wrangler.toml`'s `[vars]`.
#[edgeapi::openapi]
fn greeting(env: Env) -> Json<Greeting> {
    Json(Greeting {
        greeting: env.var("GREETING"),
    })
}

/// The ticks `/stream` sends, and the time between them.
const TICKS: u32 = 5;
const TICK_MS: u64 = 100;

/// Stream ticks
///
/// Server-sent events: a tick every 100 ms, five ticks.
#[edgeapi::openapi]
fn ticks() -> Sse<impl Stream<Item = Event>> {
    Sse::new(stream::unfold(1, |tick| async move {
        if tick > TICKS {
            return None;
        }
        sleep(Duration::from_millis(TICK_MS)).await;
        let event = Event::json(&serde_json::json!({ "tick": tick })).id(tick.to_string());
        Some((event, tick + 1))
    }))
}

/// Test routes (`/panic`, `/panic/later`, `/debug/memory`) answer only where this variable
/// is `1` (the reliability tests and the soak set it), so a deployed app cannot be made to
/// panic on purpose.
const TEST_ROUTES: &str = "EDGEAPI_TEST_ROUTES";

fn test_routes_on(env: &Env) -> Result<(), HttpError> {
    match env.var(TEST_ROUTES).as_deref() {
        Some("1") => Ok(()),
        _ => Err(HttpError::from_status(StatusCode::NOT_FOUND)),
    }
}

/// `GET /panic`: a sync handler that panics, to show the instance recovers.
#[edgeapi::openapi(include_in_schema = false)]
fn panic_now(env: Env) -> Result<&'static str, HttpError> {
    test_routes_on(&env)?;
    panic!("a sync handler panicked on purpose");
}

/// `GET /panic/later?ms=`: an async handler that panics after waiting.
#[edgeapi::openapi(include_in_schema = false)]
async fn panic_later(env: Env, Query(wait): Query<Wait>) -> Result<&'static str, HttpError> {
    test_routes_on(&env)?;
    sleep(Duration::from_millis(wait.ms.min(MAX_WAIT_MS))).await;
    panic!("an async handler panicked on purpose after {} ms", wait.ms);
}

/// An answer of the caller's choosing, for the tests that check every status and header
/// a handler can produce is answered (or refused with a logged 500) without breaking the
/// worker.
#[derive(Deserialize)]
struct AnswerShape {
    status: u16,
    /// Answer an `HttpError` (a JSON detail) rather than a text body.
    #[serde(default)]
    error: bool,
    header: Option<String>,
    value: Option<String>,
    /// Answer a `Redirect` to this location (with `status`).
    location: Option<String>,
}

/// `GET /debug/answer?status=&error=&header=&value=&location=`: see [`AnswerShape`].
#[edgeapi::openapi(include_in_schema = false)]
fn debug_answer(env: Env, Query(shape): Query<AnswerShape>) -> Result<Response, HttpError> {
    test_routes_on(&env)?;
    let status = StatusCode::from_u16(shape.status)
        .map_err(|_| HttpError::new(StatusCode::UNPROCESSABLE_ENTITY, "status out of range"))?;
    let mut response = match (shape.location, shape.error) {
        (Some(location), _) => (status, Redirect::to(location)).into_response(),
        (None, true) => HttpError::new(status, "chosen by the caller").into_response(),
        (None, false) => (status, "chosen by the caller").into_response(),
    };
    if let (Some(name), Some(value)) = (shape.header, shape.value) {
        response.append_header(name, value);
    }
    Ok(response)
}

#[derive(Serialize, JsonSchema)]
struct Memory {
    wasm_memory_bytes: u32,
}

/// `GET /debug/memory`: the size of the wasm linear memory, for the soak in `make bench`.
#[edgeapi::openapi(include_in_schema = false)]
fn debug_memory(env: Env) -> Result<Json<Memory>, HttpError> {
    test_routes_on(&env)?;
    Ok(Json(Memory {
        wasm_memory_bytes: edgeapi::wasm_memory_bytes(),
    }))
}

#[derive(Deserialize, JsonSchema)]
struct Wait {
    #[serde(default)]
    #[schemars(range(max = MAX_WAIT_MS))]
    ms: u64,
}

/// Milliseconds since 1970 on the host's clock. The demo page draws its timeline with it,
/// for the page, the Service Worker and pool workers alike.
fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A wait, and when it started and ended.
#[derive(Serialize, Deserialize, JsonSchema)]
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

/// Wait
///
/// Async, so N requests wait side by side.
#[edgeapi::openapi]
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

#[derive(Deserialize, JsonSchema)]
struct Work {
    #[serde(default = "fifty")]
    #[schemars(range(max = MAX_WORK))]
    n: u64,
}

fn fifty() -> u64 {
    50
}

/// Some work, its result, and when it started and ended by the clock of the thread that did it.
#[derive(Serialize, Deserialize, JsonSchema)]
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

/// Work inline
///
/// Sync, so N requests queue behind each other on the one event loop
/// (and the event-loop guard names this route in the log).
#[edgeapi::openapi]
fn cpu(Query(work): Query<Work>) -> Result<Json<Worked>, ValidationError> {
    Ok(Json(timed_burn(work.checked()?)))
}

/// Work on the pool
///
/// The same work as `/demo/cpu` on a worker, so N requests run in parallel up
/// to the number of cores (inline on workerd, which has no workers).
#[edgeapi::openapi]
async fn pooled(Query(work): Query<Work>) -> Result<Json<Worked>, Response> {
    let n = work.checked().map_err(IntoResponse::into_response)?;
    BURN.run(n)
        .await
        .map(Json)
        .map_err(TaskError::into_response)
}

#[derive(Deserialize, JsonSchema)]
struct Fanout {
    upstream: String,
    #[serde(default = "hundred")]
    #[schemars(range(max = MAX_WAIT_MS))]
    ms: u64,
}

/// Only loopback upstreams, so the demo cannot be used to make requests elsewhere.
fn loopback(upstream: &str) -> bool {
    ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
        .iter()
        .any(|prefix| upstream.starts_with(prefix))
        && !upstream.contains(['?', '#', '@'])
}

#[derive(Serialize, JsonSchema)]
struct Fanned {
    upstreams: [u64; 3],
}

/// Fan out
///
/// Asks `{upstream}/demo/wait?ms=M` three times at once and answers when
/// all three are back, in about one subrequest's time.
#[edgeapi::openapi]
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
    let call = |i: u8| async move {
        let url = format!("{base}/demo/wait?ms={}&call={i}", fanout.ms);
        let answer = fetch::get(url).send().await?.error_for_status()?;
        answer.json::<Waited>().map(|waited| waited.waited_ms)
    };
    // All three in flight at once: the answer comes after about one upstream's time.
    let (a, b, c) = try_join3(call(1), call(2), call(3))
        .await
        .map_err(FetchError::into_response)?;
    let upstreams = [a, b, c];
    Ok(Json(Fanned { upstreams }))
}

/// The reference app's routes.
pub fn app() -> App {
    let kv = Router::new()
        .tag("kv")
        .put("/{key}", put_entry)
        .get("/{key}", get_entry)
        .delete("/{key}", delete_entry)
        .get("/", list_entries);
    let demo = Router::new()
        .tag("demo")
        .get("/wait", wait)
        .get("/cpu", cpu)
        .get("/pool", pooled)
        .get("/fanout", fanout);
    let app = App::new()
        .title("edgeapi reference app")
        .description(
            "FastAPI's tutorial routes, served by Rust compiled to WebAssembly on an edge \
             worker. Sync routes answer inline; async routes become Promises and overlap \
             their waiting.",
        )
        .tag_description(
            "items",
            "FastAPI's tutorial items: a path and query, a JSON body.",
        )
        .tag_description(
            "users",
            "OAuth2's password flow: `POST /token` with a form, then a bearer token, \
             FastAPI's `get_current_user`.",
        )
        .tag_description(
            "kv",
            "Values in the `ITEMS` KV namespace (local under `wrangler dev`).",
        )
        .tag_description(
            "demo",
            "The demo page's calls: waiting (async), working inline (sync), working on the \
             pool, and three subrequests at once.",
        )
        .get("/hello", hello)
        .get("/burgers", burgers)
        .get("/items/{item_id}", read_item)
        .post("/items/", create_item)
        .post("/token", login)
        .get("/users/me", read_users_me)
        .get("/users/search", search_users)
        .post("/uploads", upload)
        .include_router("/kv", kv)
        .post("/send-notification/{email}", send_notification)
        .get("/greeting", greeting)
        .get("/stream", ticks)
        .include_router("/demo", demo)
        .get("/panic", panic_now)
        .get("/panic/later", panic_later)
        .get("/debug/memory", debug_memory)
        .get("/debug/answer", debug_answer);
    sockets::routes(counters::routes(platform::routes(storage::routes(app))))
}

edgeapi::export!(app);
edgeapi::durable_objects!(Counter, Room);
