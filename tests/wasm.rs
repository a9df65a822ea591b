//! The SDK inside wasm, through the in-process test client and the JS boundary.
//! Run by `wasm-pack test --node` and `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::future::Future;
use std::task::Poll;
use std::time::Duration;

use edgeapi::prelude::*;
use edgeapi::testing::TestRequest;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[derive(Deserialize)]
struct Wait {
    ms: u64,
}

#[derive(Serialize)]
struct Waited {
    waited_ms: u64,
}

async fn wait(Query(wait): Query<Wait>) -> Json<Waited> {
    sleep(Duration::from_millis(wait.ms)).await;
    Json(Waited { waited_ms: wait.ms })
}

fn file(Path(path): Path<String>) -> String {
    path
}

fn pair(Path((user, item)): Path<(String, u32)>) -> Json<Value> {
    Json(json!({"user": user, "item": item}))
}

fn created() -> (StatusCode, Json<Value>) {
    (StatusCode::CREATED, Json(json!({"ok": true})))
}

fn teapot() -> Result<&'static str, HttpError> {
    Err(HttpError::new(StatusCode::IM_A_TEAPOT, "short and stout").header("x-kind", "tea"))
}

fn app() -> App {
    App::new()
        .get("/sync", || "inline")
        .get("/async", || async { "later" })
        .get("/wait", wait)
        .get("/files/{*path}", file)
        .get("/users/{user}/items/{item}", pair)
        .post("/items", created)
        .get("/teapot", teapot)
        .get("/empty", || StatusCode::NO_CONTENT)
}

fn call(path: &str) -> JsValue {
    app().fetch(
        TestRequest::get(path).to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
}

#[wasm_bindgen_test]
fn sync_route_answers_a_response_not_a_promise() {
    let answer = call("/sync");
    assert!(answer.is_instance_of::<web_sys::Response>());
    assert!(!answer.is_instance_of::<js_sys::Promise>());
}

#[wasm_bindgen_test]
fn async_route_answers_a_promise() {
    let answer = call("/async");
    assert!(answer.is_instance_of::<js_sys::Promise>());
    assert!(!answer.is_instance_of::<web_sys::Response>());
}

#[wasm_bindgen_test]
fn not_found_and_method_not_allowed_answer_inline() {
    assert!(call("/nowhere").is_instance_of::<web_sys::Response>());
    let wrong_method = app().fetch(
        TestRequest::new("DELETE", "/sync").to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    assert!(wrong_method.is_instance_of::<web_sys::Response>());
}

#[wasm_bindgen_test]
async fn sync_and_async_handlers_answer() {
    let app = app();
    let sync = app.request("/sync").await;
    assert_eq!(sync.status(), 200);
    assert_eq!(sync.text(), "inline");
    assert_eq!(
        sync.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(app.request("/async").await.text(), "later");
}

#[wasm_bindgen_test]
async fn async_handler_awaits_a_real_timer() {
    let response = app().request("/wait?ms=20").await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>(), json!({"waited_ms": 20}));
}

thread_local! {
    static IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
    static MOST_IN_FLIGHT: Cell<u32> = const { Cell::new(0) };
}

/// Counts how many of its calls are waiting at the same moment.
async fn counted_wait() -> &'static str {
    let now = IN_FLIGHT.with(|n| n.get() + 1);
    IN_FLIGHT.with(|n| n.set(now));
    MOST_IN_FLIGHT.with(|most| most.set(most.get().max(now)));
    sleep(Duration::from_millis(50)).await;
    IN_FLIGHT.with(|n| n.set(n.get() - 1));
    "done"
}

#[wasm_bindgen_test]
async fn waits_overlap_on_one_thread() {
    let app = App::new().get("/counted", counted_wait);
    let requests = (0..20).map(|_| app.request("/counted")).collect();
    let responses = join_all(requests).await;
    assert!(responses.iter().all(|r| r.status() == 200));
    // All twenty were waiting at once: concurrency on one thread, no time measured.
    assert_eq!(MOST_IN_FLIGHT.with(Cell::get), 20);
}

/// Awaits every future, polling all of them together (no external executor needed).
async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<_> = futures.into_iter().map(Box::pin).collect();
    let mut done: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all = true;
        for (slot, future) in done.iter_mut().zip(pending.iter_mut()) {
            if slot.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *slot = Some(value),
                    Poll::Pending => all = false,
                }
            }
        }
        if all {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    done.into_iter().flatten().collect()
}

#[wasm_bindgen_test]
async fn unknown_path_is_fastapi_404() {
    let response = app().request("/nowhere").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.json::<Value>(), json!({"detail": "Not Found"}));
}

#[wasm_bindgen_test]
async fn wrong_method_is_405_with_allow() {
    let response = app().request(TestRequest::new("PUT", "/sync")).await;
    assert_eq!(response.status(), 405);
    assert_eq!(response.header("allow"), Some("GET, HEAD"));
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": "Method Not Allowed"})
    );
}

#[wasm_bindgen_test]
async fn head_is_served_by_get_without_a_body() {
    let response = app().request(TestRequest::new("HEAD", "/sync")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert!(response.bytes().is_empty());
}

#[wasm_bindgen_test]
async fn catch_all_and_multiple_params() {
    let app = app();
    assert_eq!(app.request("/files/a/b%20c.txt").await.text(), "a/b c.txt");
    let response = app.request("/users/ana/items/7").await;
    assert_eq!(response.json::<Value>(), json!({"user": "ana", "item": 7}));
}

#[wasm_bindgen_test]
async fn bad_path_param_is_fastapi_422() {
    let response = app().request("/users/ana/items/seven").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": [{
            "type": "int_parsing",
            "loc": ["path", "item"],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "input": "seven"
        }]})
    );
}

#[wasm_bindgen_test]
async fn missing_query_param_is_fastapi_422() {
    let response = app().request("/wait").await;
    assert_eq!(response.status(), 422);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": [{"type": "missing", "loc": ["query", "ms"], "msg": "Field required", "input": null}]})
    );
}

#[wasm_bindgen_test]
async fn status_tuples_results_and_empty_bodies() {
    let app = app();
    let created = app.request(TestRequest::post("/items")).await;
    assert_eq!(created.status(), 201);
    assert_eq!(created.json::<Value>(), json!({"ok": true}));

    let teapot = app.request("/teapot").await;
    assert_eq!(teapot.status(), 418);
    assert_eq!(teapot.header("x-kind"), Some("tea"));
    assert_eq!(teapot.json::<Value>(), json!({"detail": "short and stout"}));

    let empty = app.request("/empty").await;
    assert_eq!(empty.status(), 204);
    assert!(empty.bytes().is_empty());
}

#[derive(Deserialize, Serialize)]
struct Item {
    name: String,
    price: f64,
}

#[derive(Deserialize)]
struct Agent {
    x_client: Option<String>,
    x_count: Option<u32>,
}

fn surface_app() -> App {
    App::new()
        .post("/items/", |Json(item): Json<Item>| Json(item))
        .get("/agent", |Header(agent): Header<Agent>| {
            format!("{:?} {:?}", agent.x_client, agent.x_count)
        })
        .get("/greeting", |env: Env| {
            env.var("GREETING").unwrap_or_default()
        })
        .post("/notify", |tasks: BackgroundTasks| {
            tasks.add(async {
                sleep(Duration::from_millis(20)).await;
                NOTIFIED.with(|done| done.set(true));
            });
            "queued"
        })
        .body_limit(1024)
}

thread_local! {
    static NOTIFIED: Cell<bool> = const { Cell::new(false) };
}

#[wasm_bindgen_test]
async fn json_bodies_cross_the_js_boundary() {
    let request = TestRequest::post("/items/").json(&json!({"name": "Foo", "price": 2.5}));
    let response = surface_app().request(request).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>(),
        json!({"name": "Foo", "price": 2.5})
    );
}

#[wasm_bindgen_test]
fn a_sync_handler_reading_a_js_body_answers_a_promise() {
    // The JS body arrives asynchronously, so even a sync handler has to wait for it.
    let request = TestRequest::post("/items/").json(&json!({"name": "Foo", "price": 2.5}));
    let answer = surface_app().fetch(request.to_js(), JsValue::UNDEFINED, JsValue::UNDEFINED);
    assert!(answer.is_instance_of::<js_sys::Promise>());
}

#[wasm_bindgen_test]
async fn bodies_over_the_limit_are_413() {
    let request = TestRequest::post("/items/")
        .header("content-type", "application/json")
        .body(vec![b' '; 2048]);
    let response = surface_app().request(request).await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": "Payload Too Large"})
    );
}

#[wasm_bindgen_test]
async fn headers_are_read_from_the_js_request() {
    let request = TestRequest::get("/agent")
        // Not User-Agent: browsers refuse to let page scripts set it.
        .header("X-Client", "edgeapi-test")
        .header("X-Count", "2");
    let response = surface_app().request(request).await;
    assert_eq!(response.text(), r#"Some("edgeapi-test") Some(2)"#);
}

#[wasm_bindgen_test]
async fn env_vars_come_from_the_env_argument() {
    let env = js_sys::Object::new();
    js_sys::Reflect::set(&env, &"GREETING".into(), &"hi there".into()).unwrap();
    let request = TestRequest::get("/greeting").to_js();
    let answer = surface_app().fetch(request, env.into(), JsValue::UNDEFINED);
    let response = edgeapi::testing::TestResponse::from_js(answer.dyn_into().unwrap()).await;
    assert_eq!(response.text(), "hi there");
}

#[wasm_bindgen_test]
async fn background_tasks_run_after_the_response_through_wait_until() {
    let ctx = js_sys::Object::new();
    let promises = js_sys::Array::new();
    js_sys::Reflect::set(&ctx, &"promises".into(), &promises).unwrap();
    let wait_until = js_sys::Function::new_with_args("promise", "this.promises.push(promise)");
    js_sys::Reflect::set(&ctx, &"waitUntil".into(), &wait_until).unwrap();

    let request = TestRequest::post("/notify").to_js();
    let answer = surface_app().fetch(request, JsValue::UNDEFINED, ctx.into());
    // A sync handler: the Response is back while the task has not run yet.
    assert!(answer.is_instance_of::<web_sys::Response>());
    assert!(!NOTIFIED.with(Cell::get));
    assert_eq!(promises.length(), 1, "the task was handed to ctx.waitUntil");

    let task: js_sys::Promise = promises.get(0).dyn_into().unwrap();
    wasm_bindgen_futures::JsFuture::from(task).await.unwrap();
    assert!(NOTIFIED.with(Cell::get));
}

// --- below the test client: bodies, HEAD and streams as JS sees them ----------------------

/// JS helpers, built with `new Function` (see toolkit.rs for why not `inline_js`).
const HELPERS: &str = r#"return {
  // A POST whose body is a stream of `chunks` zeroed chunks of `size` bytes, produced only
  // when read; `state` counts what was read and whether the reader cancelled.
  streamingPost(url, size, chunks) {
    const state = { pulled: 0, cancelled: false };
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent === chunks) return controller.close();
        sent += 1;
        state.pulled += size;
        controller.enqueue(new Uint8Array(size));
      },
      cancel() { state.cancelled = true; },
    }, { highWaterMark: 0 });
    const request = new Request(url, { method: "POST", body, duplex: "half" });
    return [request, state];
  },

  // Reads the first chunk of a response body as text, then cancels the rest.
  async firstChunkThenCancel(response) {
    const reader = response.body.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    return new TextDecoder().decode(value);
  },
};"#;

thread_local! {
    static JS: JsValue = js_sys::Function::new_no_args(HELPERS)
        .call0(&JsValue::NULL)
        .expect("the helpers build");
}

fn helper(name: &str, args: &[JsValue]) -> JsValue {
    JS.with(|js| {
        let function: js_sys::Function = js_sys::Reflect::get(js, &name.into())
            .expect("a helper")
            .unchecked_into();
        function
            .apply(js, &args.iter().collect())
            .expect("the helper runs")
    })
}

/// The JS `Response` of an app's answer, awaiting it when it is a `Promise`.
async fn js_response(answer: JsValue) -> web_sys::Response {
    let answer = match answer.dyn_into::<js_sys::Promise>() {
        Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.unwrap(),
        Err(response) => response,
    };
    answer.dyn_into().expect("a Response")
}

fn get_number(object: &JsValue, key: &str) -> f64 {
    js_sys::Reflect::get(object, &key.into())
        .unwrap()
        .as_f64()
        .unwrap()
}

#[wasm_bindgen_test]
async fn head_on_an_async_route_has_headers_and_no_body_at_all() {
    // The test client reads an empty body either way; the JS Response must have none.
    let answer = app().fetch(
        TestRequest::new("HEAD", "/wait?ms=1").to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    assert!(answer.is_instance_of::<js_sys::Promise>(), "an async route");
    let response = js_response(answer).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers().get("content-type").unwrap();
    assert_eq!(content_type.as_deref(), Some("application/json"));
    assert!(response.body().is_none(), "a HEAD answer has no body");

    let get = js_response(app().fetch(
        TestRequest::get("/wait?ms=1").to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    ))
    .await;
    assert!(get.body().is_some(), "the GET answer has one");
}

#[wasm_bindgen_test]
async fn an_oversized_streamed_body_is_left_unread_at_the_limit() {
    const LIMIT: usize = 64 * 1024;
    const CHUNK: u32 = 16 * 1024;
    const CHUNKS: u32 = 4096; // 64 MiB offered
    let app = App::new()
        .post("/upload", |body: edgeapi::extract::Bytes| {
            body.0.len().to_string()
        })
        .body_limit(LIMIT);
    let made = js_sys::Array::from(&helper(
        "streamingPost",
        &[
            "http://localhost/upload".into(),
            CHUNK.into(),
            CHUNKS.into(),
        ],
    ));
    let (request, state) = (made.get(0).unchecked_into(), made.get(1));
    let response = js_response(app.fetch(request, JsValue::UNDEFINED, JsValue::UNDEFINED)).await;

    assert_eq!(response.status(), 413);
    let pulled = get_number(&state, "pulled") as usize;
    // Read up to the chunk that crossed the limit (the host may buffer one more), no further.
    assert!(pulled <= LIMIT + 2 * CHUNK as usize, "read {pulled} bytes");
    // Nothing reads on after the answer: the rest is released to the host, not cancelled
    // (a cancelled request body makes wrangler dev's proxy answer 503).
    sleep(Duration::from_millis(20)).await;
    assert_eq!(
        get_number(&state, "pulled") as usize,
        pulled,
        "read on after the answer"
    );
    let cancelled = js_sys::Reflect::get(&state, &"cancelled".into()).unwrap();
    assert_eq!(
        cancelled,
        JsValue::FALSE,
        "the body stream was released, not cancelled"
    );
}

thread_local! {
    static STREAM_DROPPED: Cell<bool> = const { Cell::new(false) };
}

/// Marks the SSE stream of `ticks_forever` dropped.
struct DropFlag;

impl Drop for DropFlag {
    fn drop(&mut self) {
        STREAM_DROPPED.with(|dropped| dropped.set(true));
    }
}

/// Ticks forever, a millisecond apart, holding a [`DropFlag`].
fn ticks_forever() -> edgeapi::stream::Sse<impl futures_util::Stream<Item = edgeapi::stream::Event>>
{
    let events = futures_util::stream::unfold((DropFlag, 0), |(flag, n)| async move {
        sleep(Duration::from_millis(1)).await;
        Some((
            edgeapi::stream::Event::data(format!("tick {n}")),
            (flag, n + 1),
        ))
    });
    edgeapi::stream::Sse::new(events)
}

#[wasm_bindgen_test]
async fn an_sse_client_that_leaves_drops_the_stream() {
    STREAM_DROPPED.with(|dropped| dropped.set(false));
    let app = App::new().get("/ticks", ticks_forever);
    let answer = app.fetch(
        TestRequest::get("/ticks").to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    let response = js_response(answer).await;
    assert_eq!(
        response.headers().get("content-type").unwrap().as_deref(),
        Some("text/event-stream")
    );
    let read = helper("firstChunkThenCancel", &[response.into()]);
    let first = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(read))
        .await
        .unwrap();
    assert_eq!(first.as_string().as_deref(), Some("data: tick 0\n\n"));
    assert!(
        STREAM_DROPPED.with(Cell::get),
        "cancelling the body dropped the Rust stream"
    );
}

#[wasm_bindgen_test]
async fn head_on_an_sse_route_never_starts_the_stream() {
    STREAM_DROPPED.with(|dropped| dropped.set(false));
    let app = App::new().get("/ticks", ticks_forever);
    let answer = app.fetch(
        TestRequest::new("HEAD", "/ticks").to_js(),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    let response = js_response(answer).await;
    assert_eq!(response.status(), 200);
    assert!(response.body().is_none());
    assert!(
        STREAM_DROPPED.with(Cell::get),
        "the stream was dropped unread"
    );
}

#[derive(Deserialize)]
struct Tokens {
    x_token: Option<Vec<String>>,
}

fn tokens_app() -> App {
    App::new()
        .get("/raw", |request: Request| {
            request.parts().header("x-token").unwrap_or("-").to_owned()
        })
        .get("/tokens", |Header(tokens): Header<Tokens>| {
            Json(json!(tokens.x_token))
        })
        .get("/items/", || "items")
}

#[wasm_bindgen_test]
async fn the_host_joins_a_repeated_header_and_a_list_reads_each_line() {
    let request = |path: &str| {
        TestRequest::get(path)
            .header("x-token", "foo")
            .header("x-token", "bar")
    };
    // What Node and Chromium hand over for two lines: one value, joined by ", ".
    assert_eq!(
        tokens_app().request(request("/raw")).await.text(),
        "foo, bar"
    );
    assert_eq!(
        tokens_app()
            .request(request("/tokens"))
            .await
            .json::<Value>(),
        json!(["foo", "bar"])
    );
}

#[wasm_bindgen_test]
async fn the_other_slash_form_is_an_absolute_307() {
    let response = tokens_app().request("/items?skip=1").await;
    assert_eq!(response.status(), 307);
    assert_eq!(
        response.header("location"),
        Some("http://localhost/items/?skip=1")
    );
}
