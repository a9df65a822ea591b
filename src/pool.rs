//! Parallelism for CPU-bound work: named tasks run on a pool of workers.
//!
//! A JS host has one thread per isolate, so a handler that computes stalls every other
//! request. Where the host has workers, a [`Task`] runs on one of them instead: each worker
//! loads the same wasm module, the arguments and the result cross as JSON, and the handler
//! awaits the result like any future, much as Python's multiprocessing ships a function by
//! name and pickled arguments.
//!
//! - **Browser page**: Web Workers, one per core (`navigator.hardwareConcurrency`).
//! - **Node**: `worker_threads`, one per core (`os.availableParallelism()`); Node 20.16 or later.
//! - **Service Worker**: it cannot start workers, so it sends tasks to a page it controls that
//!   started a pool; with no such page, tasks run inline.
//! - **workerd / Cloudflare Workers**: no workers at all; every task runs inline, in the
//!   request's own isolate. The call is the same, so one app serves every host.
//!
//! Declare a task, list it in [`crate::tasks!`] (which exports the entry workers call, and
//! `startPool`), and start the pool from the host's JS with the URL of the app's
//! wasm-bindgen glue:
//!
//! ```no_run
//! use edgeapi::prelude::*;
//! use edgeapi::pool::Task;
//!
//! fn fib(n: u32) -> u64 {
//!     if n < 2 { n.into() } else { fib(n - 1) + fib(n - 2) }
//! }
//!
//! const FIB: Task<u32, u64> = Task::new("fib", fib);
//! edgeapi::tasks!(FIB);
//!
//! async fn fib_route(Path(n): Path<u32>) -> Result<String, edgeapi::pool::TaskError> {
//!     Ok(FIB.run(n.min(40)).await?.to_string())
//! }
//!
//! edgeapi::export!(|| App::new().get("/fib/{n}", fib_route));
//! ```
//!
//! ```js
//! import init, { startPool } from "./pkg/my_app.js";
//! await init();
//! startPool(new URL("./pkg/my_app.js", import.meta.url).href); // 0 (the default): one per core
//! ```

use std::fmt;
use std::marker::PhantomData;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::error::HttpError;
use crate::fetch::decode_json;
use crate::response::{IntoResponse, Response};
use crate::sys;

/// Starts the pool: `size` workers (0 for one per core), each loading the wasm-bindgen glue
/// at `glue` (a URL, or a file path in Node). Returns how many tasks can run at once, 0 where
/// the host has no workers (tasks then run inline). Calling it again changes nothing.
///
/// Exported to JS as `startPool(glue, size?)`, for host entries, by [`crate::tasks!`]: an
/// app without tasks has no use for a pool, and does not carry its code.
pub fn start(glue: &str, size: Option<u32>) -> u32 {
    match sys::pool::start_pool(glue, wasm_bindgen::module(), size.unwrap_or(0)) {
        Ok(workers) => workers,
        Err(err) => {
            let why = sys::error_message(&err);
            sys::console::error(&format!("edgeapi: the pool could not start: {why}"));
            0
        }
    }
}

/// How many tasks can run at once on the pool: 0 when tasks run inline.
pub fn size() -> usize {
    if cfg!(target_arch = "wasm32") {
        sys::pool::pool_size() as usize
    } else {
        0
    }
}

/// A named function `fn(A) -> O` that can run on the pool; `A` and `O` cross as JSON.
///
/// Declare it as a `const` and list it in [`crate::tasks!`], so that workers can find it by
/// name. See the [module docs](self).
pub struct Task<A, O> {
    name: &'static str,
    run: fn(A) -> O,
    types: PhantomData<fn(A) -> O>,
}

impl<A, O> Task<A, O> {
    /// A task called `name` (unique among the app's tasks) that runs `run`.
    pub const fn new(name: &'static str, run: fn(A) -> O) -> Self {
        Self {
            name,
            run,
            types: PhantomData,
        }
    }

    /// The task's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Runs the task here and now, on the calling thread.
    pub fn run_inline(&self, args: A) -> O {
        (self.run)(args)
    }
}

impl<A: Serialize, O: DeserializeOwned> Task<A, O> {
    /// Runs the task on a pool worker and waits for its result, without holding the event
    /// loop; inline where there is no pool (see the [module docs](self)).
    pub async fn run(&self, args: A) -> Result<O, TaskError> {
        if size() == 0 {
            return Ok(self.run_inline(args));
        }
        let json = serde_json::to_string(&args).map_err(|err| TaskError::Args(err.to_string()))?;
        let failed = |err: JsValue| TaskError::Failed(sys::error_message(&err));
        let promise = sys::pool::run_on_pool(self.name, json).map_err(failed)?;
        let result = JsFuture::from(promise).await.map_err(failed)?;
        match result.as_string() {
            Some(json) => decode_json(json.as_bytes()).map_err(TaskError::Output),
            None => Ok(self.run_inline(args)), // no pool could take it after all
        }
    }
}

/// Why a task did not give a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The arguments could not be written as JSON.
    Args(String),
    /// The result could not be read back from JSON.
    Output(String),
    /// The task failed on its worker: it panicked, or no task of that name is listed in
    /// [`crate::tasks!`].
    Failed(String),
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TaskError::Args(message) => write!(f, "task arguments: {message}"),
            TaskError::Output(message) => write!(f, "task result: {message}"),
            TaskError::Failed(message) => write!(f, "task failed: {message}"),
        }
    }
}

impl std::error::Error for TaskError {}

/// A failed task answers `500 {"detail":"Internal Server Error"}` and logs why.
impl IntoResponse for TaskError {
    fn into_response(self) -> Response {
        let why = format!("edgeapi: {self}");
        HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response()
    }
}

/// A task with its types erased, as [`crate::tasks!`] lists them.
#[doc(hidden)]
pub trait AnyTask {
    fn name(&self) -> &'static str;
    fn call_json(&self, args: &str) -> Result<String, String>;
}

impl<A: DeserializeOwned, O: Serialize> AnyTask for Task<A, O> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn call_json(&self, args: &str) -> Result<String, String> {
        let args = decode_json(args.as_bytes())
            .map_err(|err| format!("task {}: bad arguments: {err}", self.name))?;
        serde_json::to_string(&(self.run)(args))
            .map_err(|err| format!("task {}: result: {err}", self.name))
    }
}

/// Runs the task called `name` from `tasks` on JSON arguments: what a worker does.
#[doc(hidden)]
pub fn run_named(tasks: &[&dyn AnyTask], name: &str, args: &str) -> Result<String, String> {
    tasks
        .iter()
        .find(|task| task.name() == name)
        .ok_or_else(|| format!("no task named {name:?}; list it in edgeapi::tasks!"))?
        .call_json(args)
}

/// Lists the app's [`pool::Task`](crate::pool::Task)s, so that pool workers can run them by
/// name, and exports `startPool(glue, size?)` ([`pool::start`](crate::pool::start)) for the
/// host's JS. Call it once, at the top level of the crate that is built to wasm.
///
/// ```no_run
/// use edgeapi::pool::Task;
///
/// fn double(n: u64) -> u64 { n * 2 }
/// fn shout(s: String) -> String { s.to_uppercase() }
///
/// const DOUBLE: Task<u64, u64> = Task::new("double", double);
/// const SHOUT: Task<String, String> = Task::new("shout", shout);
///
/// edgeapi::tasks!(DOUBLE, SHOUT);
/// ```
#[macro_export]
#[rustfmt::skip] // rustfmt re-indents attributes inside macro_rules on every run
macro_rules! tasks {
    ($($task:expr),* $(,)?) => {
        /// Runs one named task on JSON arguments; pool workers call it.
        #[doc(hidden)]
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = edgeapiRunTask,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_run_task(
            name: &str,
            args: &str,
        ) -> ::std::result::Result<::std::string::String, ::std::string::String> {
            $crate::pool::run_named(&[$(&$task),*], name, args)
        }

        /// Starts the pool: `startPool(glue, size?)`, see `edgeapi::pool::start`.
        #[doc(hidden)]
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = startPool,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_start_pool(glue: &str, size: ::std::option::Option<u32>) -> u32 {
            $crate::pool::start(glue, size)
        }
    };
}
