//! The concurrency toolkit inside wasm: timers, combinators, subrequests, the event-loop
//! guard and the worker pool. Run by `wasm-pack test --node` and
//! `wasm-pack test --headless --chrome`; nothing here measures wall-clock time.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use edgeapi::concurrent::{join_all, limited, race, spawn, try_join3};
use edgeapi::fetch::{self, FetchError};
use edgeapi::pool::{self, Task};
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// JS helpers for these tests, built with `new Function` rather than `inline_js`: each
/// inline_js block is one more module file for the page to load, and the test runner's
/// file server stalls when a page asks it for more than a handful at once.
const HELPERS: &str = r#"return {
  stubFetch() {
    const real = globalThis.fetch;
    globalThis.fetch = async (url, init) => {
      const body = init.body ? new TextDecoder().decode(init.body) : null;
      const echo = { url, method: init.method, auth: init.headers.get("authorization"),
                     type: init.headers.get("content-type"), body };
      return new Response(JSON.stringify(echo), { status: url.endsWith("/missing") ? 404 : 200,
                                                  headers: { "x-echo": "yes" } });
    };
    return () => { globalThis.fetch = real; };
  },

  captureWarnings() {
    const real = console.warn;
    const lines = [];
    console.warn = (line) => lines.push(String(line));
    return () => { console.warn = real; return lines; };
  },

  countClearedTimers() {
    const real = globalThis.clearTimeout;
    let cleared = 0;
    globalThis.clearTimeout = (id) => { cleared += 1; return real(id); };
    return () => { globalThis.clearTimeout = real; return cleared; };
  },

  busy(ms) {
    const end = performance.now() + ms;
    while (performance.now() < end) {}
  },

  testGlue() {
    if (typeof document !== "undefined") return new URL("wasm-bindgen-test.js", document.baseURI).href;
    const path = process.getBuiltinModule("node:path");
    return path.join(path.dirname(process.argv[1]), "wasm-bindgen-test.js");
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

/// Replaces `fetch` with an echo; returns the function that puts it back.
fn stub_fetch() -> js_sys::Function {
    helper("stubFetch", &[]).unchecked_into()
}

/// Collects `console.warn` lines; returns the function that stops and hands them over.
fn capture_warnings() -> js_sys::Function {
    helper("captureWarnings", &[]).unchecked_into()
}

/// Counts `clearTimeout` calls; returns the function that stops and hands the count over.
fn count_cleared_timers() -> js_sys::Function {
    helper("countClearedTimers", &[]).unchecked_into()
}

/// Holds the event loop for `ms` milliseconds.
fn busy(ms: f64) {
    helper("busy", &[ms.into()]);
}

/// Where this test binary's wasm-bindgen glue is, for pool workers to load.
fn test_glue() -> String {
    helper("testGlue", &[])
        .as_string()
        .expect("a URL or a path")
}

async fn wait(ms: u64) -> u64 {
    sleep(Duration::from_millis(ms)).await;
    ms
}

// --- timers -------------------------------------------------------------------------

#[wasm_bindgen_test]
async fn timeout_fires_when_the_future_is_slower() {
    let elapsed = timeout(Duration::from_millis(5), wait(5_000))
        .await
        .unwrap_err();
    assert_eq!(elapsed.duration(), Duration::from_millis(5));
}

#[wasm_bindgen_test]
async fn timeout_passes_the_output_through_when_in_time() {
    assert_eq!(timeout(Duration::from_secs(5), wait(1)).await, Ok(1));
}

#[wasm_bindgen_test]
async fn a_dropped_sleep_cancels_its_host_timer() {
    // The future wins, so the 60 s timer must not stay behind (it would keep Node alive).
    let finish = count_cleared_timers();
    assert_eq!(timeout(Duration::from_secs(60), wait(1)).await, Ok(1));
    let cleared = finish.call0(&JsValue::NULL).unwrap().as_f64();
    assert_eq!(
        cleared,
        Some(2.0),
        "the lost 60 s timer, and the finished 1 ms one (a no-op)"
    );
}

#[wasm_bindgen_test]
async fn elapsed_answers_fastapi_504() {
    let app = App::new().get("/slow", || async {
        timeout(Duration::from_millis(1), wait(5_000)).await?;
        Ok::<_, edgeapi::Elapsed>("never")
    });
    let response = app.request("/slow").await;
    assert_eq!(response.status(), 504);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": "Gateway Timeout"})
    );
}

// --- combinators --------------------------------------------------------------------

thread_local! {
    static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
    static MOST: Cell<usize> = const { Cell::new(0) };
}

async fn counted(ms: u64) -> u64 {
    let now = IN_FLIGHT.with(|n| n.get() + 1);
    IN_FLIGHT.with(|n| n.set(now));
    MOST.with(|most| most.set(most.get().max(now)));
    sleep(Duration::from_millis(ms)).await;
    IN_FLIGHT.with(|n| n.set(n.get() - 1));
    ms
}

#[wasm_bindgen_test]
async fn join_all_runs_everything_at_once_and_keeps_order() {
    MOST.with(|m| m.set(0));
    let outputs = join_all([counted(30), counted(10), counted(20)]).await;
    assert_eq!(outputs, [30, 10, 20]);
    assert_eq!(MOST.with(Cell::get), 3);
}

#[wasm_bindgen_test]
async fn limited_never_has_more_than_the_limit_in_flight() {
    MOST.with(|m| m.set(0));
    let outputs = limited(3, (1..=10).map(counted)).await;
    assert_eq!(outputs, (1..=10).collect::<Vec<_>>());
    assert_eq!(MOST.with(Cell::get), 3);
    // A limit of 0 still makes progress, one at a time.
    MOST.with(|m| m.set(0));
    assert_eq!(limited(0, [counted(1), counted(1)]).await, [1, 1]);
    assert_eq!(MOST.with(Cell::get), 1);
}

#[wasm_bindgen_test]
async fn race_returns_the_first_to_finish() {
    assert_eq!(race([wait(200), wait(1), wait(100)]).await, Some(1));
    assert_eq!(race(Vec::<std::future::Ready<u8>>::new()).await, None);
}

#[wasm_bindgen_test]
async fn spawned_tasks_run_on_their_own() {
    let done = Rc::new(Cell::new(false));
    let flag = Rc::clone(&done);
    spawn(async move {
        wait(1).await;
        flag.set(true);
    });
    assert!(!done.get());
    wait(20).await;
    assert!(done.get());
}

// --- subrequests ----------------------------------------------------------------------

#[derive(Deserialize, Debug, PartialEq)]
struct Echo {
    url: String,
    method: String,
    auth: Option<String>,
    #[serde(rename = "type")]
    content_type: Option<String>,
    body: Option<String>,
}

#[wasm_bindgen_test]
async fn fetch_sends_method_headers_and_json_and_reads_json() {
    let restore = stub_fetch();
    let (get, post, missing) = try_join3(
        fetch::get("https://upstream.test/a").send(),
        fetch::post("https://upstream.test/b")
            .header("authorization", "Bearer t\r\nx-injected: 1")
            .json(&json!({"n": 3}))
            .send(),
        fetch::get("https://upstream.test/missing").send(),
    )
    .await
    .expect("the stub answers");
    restore.call0(&JsValue::NULL).unwrap();

    assert_eq!(get.status(), 200);
    assert_eq!(get.header("X-Echo"), Some("yes"));
    let get: Echo = get.json().unwrap();
    assert_eq!((get.method.as_str(), get.body), ("GET", None));

    let post: Echo = post.json().unwrap();
    assert_eq!(post.url, "https://upstream.test/b");
    assert_eq!(post.method, "POST");
    assert_eq!(post.auth.as_deref(), Some("Bearer t  x-injected: 1"));
    assert_eq!(post.content_type.as_deref(), Some("application/json"));
    assert_eq!(post.body.as_deref(), Some(r#"{"n":3}"#));

    assert_eq!(missing.status(), 404);
    assert_eq!(
        missing.error_for_status().unwrap_err(),
        FetchError::Status(StatusCode::NOT_FOUND)
    );
}

#[wasm_bindgen_test]
async fn fetch_reads_a_real_answer_and_reports_network_errors() {
    // data: URLs are answered by the host's own fetch, in Node and in browsers.
    let answer = fetch::get("data:application/json,%7B%22a%22%3A1%7D")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.json::<Value>().unwrap(), json!({"a": 1}));
    assert!(answer.json::<Vec<u8>>().is_err());

    let refused = fetch::get("http://127.0.0.1:1/").send().await.unwrap_err();
    assert!(matches!(refused, FetchError::Network(_)), "{refused:?}");
}

#[wasm_bindgen_test]
async fn failed_subrequests_answer_502() {
    let app = App::new().get("/proxy", || async {
        fetch::get("http://127.0.0.1:1/").send().await?;
        Ok::<_, FetchError>("never")
    });
    let response = app.request("/proxy").await;
    assert_eq!(response.status(), 502);
    assert_eq!(response.json::<Value>(), json!({"detail": "Bad Gateway"}));
}

// --- event-loop guard -----------------------------------------------------------------

#[wasm_bindgen_test]
async fn the_guard_names_slow_routes_and_ignores_fast_ones() {
    #[derive(Deserialize)]
    struct Busy {
        ms: f64,
    }
    fn slow(Query(busy_for): Query<Busy>) -> &'static str {
        busy(busy_for.ms);
        "done"
    }
    async fn slow_step() -> &'static str {
        sleep(Duration::from_millis(1)).await;
        busy(80.0);
        "done"
    }
    let app = App::new()
        .get("/slow", slow)
        .get("/items/{id}/slow", slow_step)
        .get("/fast", || "fast")
        // Far above what a trivial handler takes even on a loaded machine, far below the
        // slow routes' busy time, so the test does not depend on the machine's speed.
        .event_loop_guard(Some(Duration::from_millis(50)));

    let finish = capture_warnings();
    app.request("/fast").await;
    app.request("/slow?ms=120").await;
    app.request("/slow?ms=60").await; // slow too, but no worse than before: not repeated
    app.request("/items/7/slow").await;
    let lines: Vec<String> = js_sys::Array::from(&finish.call0(&JsValue::NULL).unwrap())
        .iter()
        .filter_map(|line| line.as_string())
        .collect();

    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].starts_with("edgeapi: GET /slow held the event loop for "));
    assert!(lines[0].contains("in a sync handler (threshold 50 ms)"));
    assert!(lines[1].starts_with("edgeapi: GET /items/{id}/slow held the event loop"));
    assert!(lines[1].contains("async handler"));
}

#[wasm_bindgen_test]
async fn the_guard_can_be_turned_off() {
    let app = App::new()
        .get("/slow", || busy(15.0))
        .event_loop_guard(None);
    let finish = capture_warnings();
    app.request("/slow").await;
    assert_eq!(
        js_sys::Array::from(&finish.call0(&JsValue::NULL).unwrap()).length(),
        0
    );
}

// --- worker pool ------------------------------------------------------------------------

#[derive(Serialize, Deserialize, Debug, PartialEq, Clone)]
struct Job {
    seed: u64,
    rounds: u32,
}

fn mix(job: Job) -> Vec<u64> {
    let mut x = job.seed | 1;
    (0..job.rounds)
        .map(|_| {
            for _ in 0..100_000 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
            }
            x
        })
        .collect()
}

fn explode(message: String) -> u8 {
    panic!("{message}")
}

const MIX: Task<Job, Vec<u64>> = Task::new("mix", mix);
const EXPLODE: Task<String, u8> = Task::new("explode", explode);
const UNLISTED: Task<u8, u8> = Task::new("unlisted", |n| n);
edgeapi::tasks!(MIX, EXPLODE);

#[wasm_bindgen_test]
async fn pool_tasks_return_what_inline_calls_return() {
    let jobs: Vec<Job> = (0..8).map(|seed| Job { seed, rounds: 3 }).collect();
    let inline: Vec<_> = jobs
        .iter()
        .cloned()
        .map(|job| MIX.run_inline(job))
        .collect();

    let size = pool::start(&test_glue(), Some(2));
    assert_eq!(size, 2, "Node and browsers have workers");
    assert_eq!(pool::size(), 2);
    assert_eq!(
        pool::start(&test_glue(), Some(5)),
        2,
        "a second start changes nothing"
    );

    let pooled = join_all(jobs.into_iter().map(|job| MIX.run(job))).await;
    let pooled: Vec<_> = pooled.into_iter().map(Result::unwrap).collect();
    assert_eq!(pooled, inline);

    // A panic in a task is an error for its caller; the worker is replaced and the pool
    // goes on. An unlisted task is an error too, naming the fix.
    let failed = EXPLODE.run("boom".into()).await.unwrap_err();
    assert!(matches!(failed, pool::TaskError::Failed(_)), "{failed:?}");
    let unlisted = UNLISTED.run(1).await.unwrap_err();
    assert!(
        format!("{unlisted}").contains("edgeapi::tasks!"),
        "{unlisted}"
    );
    assert_eq!(
        MIX.run(Job { seed: 1, rounds: 1 }).await,
        Ok(mix(Job { seed: 1, rounds: 1 }))
    );
    assert_eq!(pool::size(), 2);
}

#[wasm_bindgen_test]
async fn a_worker_that_crashes_with_tasks_queued_leaves_them_to_the_others() {
    pool::start(&test_glue(), Some(2));
    // Eight tasks for two workers: the first crashes its worker while six wait in the queue.
    let jobs: Vec<Job> = (10..17).map(|seed| Job { seed, rounds: 2 }).collect();
    let expected: Vec<_> = jobs.iter().cloned().map(mix).collect();
    let (crashed, results) = futures_util::future::join(
        EXPLODE.run("crash with work queued".into()),
        join_all(jobs.into_iter().map(|job| MIX.run(job))),
    )
    .await;
    assert!(
        matches!(crashed, Err(pool::TaskError::Failed(_))),
        "{crashed:?}"
    );
    let results: Vec<_> = results.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        results, expected,
        "every queued task ran, each to its own caller"
    );
    assert_eq!(pool::size(), 2, "the crashed worker was replaced");
}

/// Collects what the host reports as uncaught (errors and rejections) until the returned
/// function is called; it hands them over as text.
const UNCAUGHT: &str = r#"
  const seen = [];
  const onError = (event) => seen.push(String(event?.reason ?? event?.error ?? event));
  if (typeof process !== "undefined" && process.on) {
    process.on("uncaughtException", onError);
    process.on("unhandledRejection", onError);
    return () => {
      process.off("uncaughtException", onError);
      process.off("unhandledRejection", onError);
      return seen;
    };
  }
  addEventListener("error", onError);
  addEventListener("unhandledrejection", onError);
  return () => {
    removeEventListener("error", onError);
    removeEventListener("unhandledrejection", onError);
    return seen;
  };
"#;

#[wasm_bindgen_test]
async fn a_caller_that_drops_its_task_leaves_the_pool_as_it_was() {
    pool::start(&test_glue(), Some(2));
    let finish: js_sys::Function = js_sys::Function::new_no_args(UNCAUGHT)
        .call0(&JsValue::NULL)
        .unwrap()
        .unchecked_into();
    let long = Job {
        seed: 3,
        rounds: 200,
    };
    // Both workers busy, so the next two wait in the queue; their callers give up on them,
    // one that would succeed and one that would crash its worker.
    let busy = join_all([MIX.run(long.clone()), MIX.run(long.clone())]);
    let gave_up = futures_util::future::join(
        timeout(
            Duration::from_millis(1),
            MIX.run(Job { seed: 4, rounds: 1 }),
        ),
        timeout(
            Duration::from_millis(1),
            EXPLODE.run("nobody listens".into()),
        ),
    );
    let (busy, (dropped, dropped_crash)) = futures_util::future::join(busy, gave_up).await;
    assert!(
        dropped.is_err() && dropped_crash.is_err(),
        "both callers timed out"
    );
    assert!(busy
        .iter()
        .all(|result| result.as_ref() == Ok(&mix(long.clone()))));

    // Later callers get their own results, never a dropped task's, from a full pool.
    let later = join_all((20..24).map(|seed| MIX.run(Job { seed, rounds: 1 }))).await;
    let expected: Vec<_> = (20..24)
        .map(|seed| Ok(mix(Job { seed, rounds: 1 })))
        .collect();
    assert_eq!(later, expected);
    assert_eq!(pool::size(), 2);
    wait(50).await; // any stray error surfaces on the event loop by now
    let uncaught = js_sys::Array::from(&finish.call0(&JsValue::NULL).unwrap());
    assert_eq!(uncaught.length(), 0, "{:?}", uncaught.to_vec());
}

#[wasm_bindgen_test]
async fn the_guard_reports_holds_over_10_ms_by_default() {
    // No event_loop_guard call: the default applies. 100 ms is far over it on any machine.
    let app = App::new().get("/slow", || busy(100.0));
    let finish = capture_warnings();
    app.request("/slow").await;
    let lines: Vec<String> = js_sys::Array::from(&finish.call0(&JsValue::NULL).unwrap())
        .iter()
        .filter_map(|line| line.as_string())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].starts_with("edgeapi: GET /slow held the event loop for "));
    assert!(
        lines[0].contains("in a sync handler (threshold 10 ms)"),
        "{}",
        lines[0]
    );
}
