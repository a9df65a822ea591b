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
//!
//! For the rest of the platform: [`App::scheduled`] (cron triggers), [`App::queue`] and
//! [`Env::queue`] (Queues), [`DurableObject`] with [`durable_objects!`] and
//! [`Env::durable_object`] (Durable Objects, their storage and alarms), and
//! [`App::websocket`] with [`websocket::WebSocket`] (WebSockets, in a worker or, through the
//! hibernation API, in a Durable Object).

// Layers, lowest first; a module only uses modules of its own layer or below
// (ARCHITECTURE.md; `make lint` checks that no import runs in a circle).
//
// 0. The only code that calls into JS; the wasm's allocator.
#[cfg(feature = "talc")]
mod allocator;
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
pub mod multipart;
pub mod pool;
pub mod security;
pub mod stream;
mod time;
mod unhandled;
mod validate;
pub mod websocket;
// 3. Handlers, routing and middleware; the Cache API, whose `cached` wraps handlers.
pub mod cache;
mod event_loop_guard;
mod handler;
pub mod middleware;
mod outcome;
mod routing;
// 4. The OpenAPI document; the app; Durable Objects, each served by an app of its own.
mod app;
mod object;
#[cfg(feature = "openapi")]
pub mod openapi;
// 5. Serving the app to a JS host; testing it as a host does.
mod host;
#[cfg(target_arch = "wasm32")]
pub mod testing;

pub use app::{App, EventResult};
pub use bindings::{
    Ctx, Env, Kv, KvList, Message, MessageBatch, ObjectNamespace, ObjectState, ObjectStub, Queue,
    ScheduledEvent, Storage, D1, R2,
};
/// Adds a handler's doc comment and types to the OpenAPI document; see [`mod@openapi`].
///
/// Options, all optional: `status = 201` (the success status), `tag = "items"` (may repeat),
/// `response(404, "Item not found")` (another answer; may repeat), `operation_id = "..."`,
/// `deprecated`, `include_in_schema = false`.
#[cfg(feature = "openapi")]
pub use edgeapi_macros::openapi;
/// Enforces the constraints declared on a struct's fields, as Pydantic enforces FastAPI's
/// `Query(ge=1)` and `Field(min_length=3, pattern=...)`: in every extractor that reads the
/// struct (path, query, header, cookie, form and JSON body, nested structs included),
/// each broken constraint is an item of the route's one 422 with Pydantic's `type`, `msg`
/// and `ctx`, and with `JsonSchema` derived, the document shows the constraints.
///
/// The words are the `validator` crate's, which schemars reads too; put the attribute
/// above the derives:
///
/// | `#[validate(...)]` | FastAPI / Pydantic | error `type` |
/// |---|---|---|
/// | `range(min = 0)` | `ge=0` | `greater_than_equal` |
/// | `range(exclusive_min = 0)` | `gt=0` | `greater_than` |
/// | `range(max = 100)` | `le=100` | `less_than_equal` |
/// | `range(exclusive_max = 150)` | `lt=150` | `less_than` |
/// | `multiple_of = 5` | `multiple_of=5` | `multiple_of` |
/// | `length(min = 3, max = 20)` on a string | `min_length=3, max_length=20` | `string_too_short`, `string_too_long` |
/// | `length(min = 1)` on a `Vec` or set | `min_length=1` | `too_short`, `too_long` |
/// | `regex(path = PATTERN)` (a `&'static str` const) | `pattern=PATTERN` | `string_pattern_mismatch` |
///
/// `Option` fields are checked when present. A pattern is searched for, as Pydantic does
/// (anchor it with `^...$`), with `regex-lite`'s syntax.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// const NAME: &str = "^[a-z]+$";
///
/// #[edgeapi::validate]
/// #[derive(Deserialize)]
/// struct Search {
///     #[validate(length(min = 3, max = 20), regex(path = NAME))]
///     name: String,
///     #[validate(range(min = 0, exclusive_max = 150))]
///     age: i32,
/// }
///
/// // GET /users/search?name=Al&age=150 answers one 422 with `string_too_short` for
/// // `name` and `less_than` for `age`.
/// fn search(Query(search): Query<Search>) -> String { search.name }
/// let app = App::new().get("/users/search", search);
/// ```
pub use edgeapi_macros::validate;
pub use error::{ErrorItem, HttpError, IntoHttpError, Loc, ValidationError};
pub use extract::{BackgroundTasks, Cookie, Form, Header, Json, Path, Query, State};
pub use handler::Handler;
pub use headers::Headers;
pub use http::{Method, StatusCode};
pub use middleware::cors;
pub use object::DurableObject;
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

/// `#[edgeapi::validate]` refuses, at build time, a constraint that does not fit its
/// field's type and words it does not enforce, rather than let them pass unchecked.
///
/// ```compile_fail
/// #[edgeapi::validate]
/// #[derive(serde::Deserialize)]
/// struct Name { #[validate(range(min = 1))] name: String }
/// ```
///
/// ```compile_fail
/// #[edgeapi::validate]
/// #[derive(serde::Deserialize)]
/// struct Count { #[validate(length(min = 1))] count: u32 }
/// ```
///
/// ```compile_fail
/// #[edgeapi::validate]
/// #[derive(serde::Deserialize)]
/// struct Contact { #[validate(email)] email: String }
/// ```
///
/// ```
/// const CODE: &str = "^[A-Z]{3}$";
/// #[edgeapi::validate]
/// #[derive(serde::Deserialize)]
/// struct Fine {
///     #[validate(range(min = 1, max = 10.5), multiple_of = 0.5)]
///     size: Option<f64>,
///     #[validate(length(equal = 3), regex(path = CODE))]
///     code: String,
///     #[validate(length(max = 3))]
///     tags: Vec<u8>,
/// }
/// let fine: Fine = serde_json::from_str(r#"{"size": 1.5, "code": "ABC", "tags": [1]}"#).unwrap();
/// assert_eq!(fine.size, Some(1.5));
/// // serde_json's own deserializer enforces the constraints too, in its words.
/// assert!(serde_json::from_str::<Fine>(r#"{"code": "abc", "tags": []}"#).is_err());
/// ```
#[cfg(doctest)]
struct ValidateAttributeChecks;

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
    pub use crate::host::objects;
    pub use crate::host::recovery::{install_hook as install_panic_hook, recover};
    pub use crate::validate::constraints;
    pub use js_sys;
    pub use serde;
    pub use wasm_bindgen;
    pub use web_sys;
}
