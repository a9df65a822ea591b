//! # edgeapi
//!
//! FastAPI-style HTTP apps in Rust that compile to WebAssembly and run inside a JavaScript
//! event loop: Cloudflare Workers (workerd), browsers, Node.
//!
//! Plain `fn` handlers run inline and hand JS a `Response`; `async fn` handlers become a
//! `Promise`, so while one awaits a timer or a subrequest, the isolate serves others.
//!
//! ```no_run
//! use edgeapi::prelude::*;
//! use serde::{Deserialize, Serialize};
//! use std::time::Duration;
//!
//! #[derive(Serialize)]
//! struct Message { message: &'static str }
//!
//! fn hello() -> Json<Message> {                     // sync: answers inline
//!     Json(Message { message: "Hello World" })
//! }
//!
//! #[derive(Deserialize)]
//! struct Order { ms: u64 }
//!
//! async fn slow(Query(order): Query<Order>) -> String {  // async: a Promise
//!     sleep(Duration::from_millis(order.ms)).await;
//!     format!("waited {} ms", order.ms)
//! }
//!
//! edgeapi::export!(|| App::new().get("/hello", hello).get("/slow", slow));
//! ```
//!
//! For concurrency and parallelism: [`sleep`] and [`timeout`]; [`concurrent`] to run many
//! futures at once; [`fetch`] for subrequests; [`BackgroundTasks`] for work after the response;
//! [`pool`] for CPU-bound tasks on workers; and the event-loop guard
//! ([`App::event_loop_guard`]), which names the routes that hold the loop too long.
//!
//! For storage: [`Env::d1`] (D1), [`Env::r2`] (R2, bodies streamed both ways with
//! [`extract::JsBody`]), [`Env::kv`] (KV), and [`cache`] (the Cache API, and [`cache::cached`]
//! for a route's GET answers).

// Layers, lowest first; a module only uses modules of its own layer or below
// (ARCHITECTURE.md; `make lint` checks that no import runs in a circle).
//
// 0. The only code that calls into JS.
mod sys;
// 1. The HTTP model, and the vocabulary routes describe themselves in.
mod background;
#[cfg(feature = "openapi")]
mod describe;
mod error;
mod headers;
mod request;
mod response;
mod state;
// 2. Reading requests; the host's bindings; the concurrency toolkit.
pub mod bindings;
pub mod concurrent;
pub mod extract;
pub mod fetch;
pub mod pool;
pub mod stream;
mod time;
mod unhandled;
mod validate;
// 3. Handlers, routing and middleware; the Cache API, whose `cached` wraps handlers.
pub mod cache;
mod event_loop_guard;
mod handler;
pub mod middleware;
mod outcome;
mod routing;
// 4. The OpenAPI document; the app.
mod app;
#[cfg(feature = "openapi")]
pub mod openapi;
// 5. Serving the app to a JS host; testing it as a host does.
mod host;
#[cfg(target_arch = "wasm32")]
pub mod testing;

pub use app::App;
pub use bindings::{Ctx, Env, Kv, KvList, D1, R2};
/// Adds a handler's doc comment and types to the OpenAPI document; see [`mod@openapi`].
///
/// Options, all optional: `status = 201` (the success status), `tag = "items"` (may repeat),
/// `response(404, "Item not found")` (another answer; may repeat), `operation_id = "..."`,
/// `deprecated`, `include_in_schema = false`.
#[cfg(feature = "openapi")]
pub use edgeapi_macros::openapi;
pub use error::{ErrorItem, HttpError, IntoHttpError, Loc, ValidationError};
pub use extract::{BackgroundTasks, Cookie, Form, Header, Json, Path, Query, State};
pub use handler::Handler;
pub use headers::Headers;
pub use http::{Method, StatusCode};
pub use middleware::cors;
pub use outcome::{LocalResponseFuture, Outcome};
pub use request::{Body, Parts, Request, DEFAULT_BODY_LIMIT};
pub use response::{
    Blob, BodyStream, Html, IntoResponse, Redirect, Response, ResponseBody, SetCookie,
};
pub use routing::Router;
pub use time::{sleep, timeout, Elapsed, Sleep};
pub use unhandled::Error;

/// The size of this instance's wasm linear memory in bytes (0 outside wasm): it grows
/// when the Rust heap needs more room and never shrinks, so a steady value under load
/// means nothing leaks.
pub fn wasm_memory_bytes() -> u32 {
    if cfg!(target_arch = "wasm32") {
        use wasm_bindgen::JsCast;
        let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
        memory
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    } else {
        0
    }
}

/// The names most apps need: `use edgeapi::prelude::*;`.
pub mod prelude {
    pub use crate::concurrent::{join, join3, join_all, limited, race, spawn, try_join_all};
    pub use crate::{
        sleep, timeout, App, BackgroundTasks, Cookie, Ctx, Elapsed, Env, ErrorItem, Form, Header,
        Html, HttpError, IntoResponse, Json, Method, Outcome, Path, Query, Redirect, Request,
        Response, Router, SetCookie, State, StatusCode, ValidationError,
    };
}

/// Only a handler's last argument may read the body: a body extractor anywhere else is a
/// compile error, not a runtime one.
///
/// ```compile_fail
/// use edgeapi::prelude::*;
///
/// fn two_bodies(Json(a): Json<u32>, Json(b): Json<u32>) -> String { format!("{a}{b}") }
/// let app = App::new().post("/", two_bodies);
/// ```
///
/// ```compile_fail
/// use edgeapi::prelude::*;
///
/// fn body_first(Json(a): Json<u32>, Path(id): Path<u32>) -> String { format!("{a}{id}") }
/// let app = App::new().post("/{id}", body_first);
/// ```
///
/// ```
/// use edgeapi::prelude::*;
///
/// fn body_last(Path(id): Path<u32>, Json(a): Json<u32>) -> String { format!("{a}{id}") }
/// let app = App::new().post("/{id}", body_last);
/// ```
#[cfg(doctest)]
struct BodyExtractorIsLast;

/// `#[edgeapi::openapi]` refuses, at build time and with a message, what it cannot document:
/// generic handlers, methods, and options it does not know.
///
/// ```compile_fail
/// #[edgeapi::openapi]
/// fn generic<T: Default + edgeapi::IntoResponse>() -> T { T::default() }
/// ```
///
/// ```compile_fail
/// #[edgeapi::openapi(summary = "no such option")]
/// fn hello() -> &'static str { "hi" }
/// ```
///
/// ```compile_fail
/// #[edgeapi::openapi(status = "201")]
/// fn created() -> &'static str { "made" }
/// ```
///
/// ```
/// #[edgeapi::openapi(status = 201, tag = "a", tag = "b", response(404, "Gone"), deprecated)]
/// fn created() -> &'static str { "made" }
/// ```
#[cfg(all(doctest, feature = "openapi"))]
struct OpenApiAttributeChecks;

/// The README's examples compile as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Re-exports the `export!` macro relies on; not part of the API.
#[doc(hidden)]
pub mod __private {
    #[cfg(feature = "openapi")]
    pub use crate::app::openapi_document;
    pub use crate::app::{with_openapi_document, with_package_info};
    pub use crate::host::recovery::{install_hook as install_panic_hook, recover};
    pub use wasm_bindgen;
    pub use web_sys;
}
