//! The application: routes, middleware and state, built once per isolate, then
//! [`App::dispatch`] per request. The app knows nothing of JS: `host` serves it to JS.

mod error_handlers;
mod event_handlers;
mod events;
#[cfg(feature = "openapi")]
mod openapi;
mod routes;
mod slashes;
mod websocket;

use std::rc::Rc;
use std::time::Duration;

use http::Method;

use crate::event_loop_guard::EventLoopGuard;
use crate::handler::{boxed, Handler, RouteHandler};
use crate::middleware::{Layers, Middleware, Next};
use crate::outcome::Outcome;
use crate::request::{Request, DEFAULT_BODY_LIMIT};
use crate::response::IntoResponse;
use crate::routing::Router;
use crate::state::StateMap;
use event_handlers::EventHandlers;
pub use event_handlers::EventResult;
pub(crate) use event_handlers::{event_promise, EventHandler};
use routes::Routes;

/// An edgeapi application: routes served by sync or async handlers, middleware around
/// them, and state they share.
///
/// Build it once per isolate with [`crate::export!`], which also exports the wasm
/// `handle(request, env, ctx)` that JS hosts call.
///
/// ```
/// use edgeapi::prelude::*;
///
/// fn hello() -> Json<serde_json::Value> {
///     Json(serde_json::json!({"message": "Hello World"}))
/// }
///
/// let app = App::new().get("/hello", hello);
/// let outcome = app.dispatch(Request::new(Method::GET, "/hello"));
/// assert!(outcome.is_ready()); // a sync handler answers inline
/// ```
pub struct App {
    /// What the middleware ends in.
    routes: Rc<Routes>,
    /// Outermost first: the last one added runs first, as in FastAPI.
    middleware: Layers,
    state: Rc<StateMap>,
    body_limit: usize,
    strict_content_type: bool,
    /// Times every handler; shared by all routes, so a later `event_loop_guard` call
    /// applies to routes added before it.
    guard: Rc<EventLoopGuard>,
    /// What serves a cron trigger and a queue's batches.
    events: EventHandlers,
}

impl Default for App {
    fn default() -> Self {
        Self {
            routes: Rc::default(),
            middleware: Rc::default(),
            state: Rc::default(),
            body_limit: DEFAULT_BODY_LIMIT,
            strict_content_type: true,
            guard: Rc::default(),
            events: EventHandlers::default(),
        }
    }
}

/// The message of the panic when an app is changed while it serves: a bug in the app,
/// reported when it is built.
const FROZEN: &str = "edgeapi: an App cannot change while it is serving requests";

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        Self::default()
    }

    fn routes_mut(&mut self) -> &mut Routes {
        Rc::get_mut(&mut self.routes).expect(FROZEN)
    }

    fn add(&mut self, method: Option<Method>, path: &str, route: RouteHandler, tags: &[String]) {
        #[cfg(all(feature = "openapi", not(edgeapi_prebuilt_openapi)))]
        self.routes_mut()
            .docs
            .add_route(method.as_ref(), path, tags, route.describer);
        #[cfg(not(all(feature = "openapi", not(edgeapi_prebuilt_openapi))))]
        let _ = tags;
        let handler = self.guard.watch(method.as_ref(), path, route.handler);
        self.routes_mut().table.add(method, path, handler);
    }

    /// Serves `method` on `path` with `handler`.
    ///
    /// # Panics
    /// When `path` is malformed, conflicts with another route, or already has a handler
    /// for `method`: the app is built once per isolate, so this shows on its first request
    /// and in its tests.
    pub fn route<M: 'static>(
        mut self,
        method: Method,
        path: &str,
        handler: impl Handler<M>,
    ) -> Self {
        self.add(Some(method), path, boxed(handler), &[]);
        self
    }

    /// Serves every method on `path` that has no handler of its own.
    pub fn any<M: 'static>(mut self, path: &str, handler: impl Handler<M>) -> Self {
        self.add(None, path, boxed(handler), &[]);
        self
    }

    crate::routing::method_routes!();

    /// Mounts a [`Router`]'s routes under `prefix`, as FastAPI's `include_router`.
    pub fn include_router(mut self, prefix: &str, router: Router) -> Self {
        for entry in router.under(prefix) {
            self.add(entry.method, &entry.path, entry.handler, &entry.tags);
        }
        self
    }

    /// Wraps every request in `middleware`; the last added runs first.
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        Rc::get_mut(&mut self.middleware)
            .expect(FROZEN)
            .insert(0, Rc::new(middleware));
        self
    }

    /// Registers a value that handlers read with [`crate::State`]; one per type.
    pub fn state<T: 'static>(mut self, value: T) -> Self {
        Rc::get_mut(&mut self.state).expect(FROZEN).insert(value);
        self
    }

    /// Answers every error of type `E` (an [`crate::HttpError`], the 422
    /// [`crate::ValidationError`], or your own type attached with
    /// [`crate::Response::with_error`]) with `handler`, as FastAPI's
    /// `@app.exception_handler(E)`. Middleware sees the handler's answer.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    ///
    /// let app = App::new()
    ///     .get("/items/{id}", |Path(id): Path<u32>| id.to_string())
    ///     .error_handler(|err: ValidationError| {
    ///         (StatusCode::BAD_REQUEST, format!("{} problem(s)", err.items().len()))
    ///     });
    /// ```
    pub fn error_handler<E: 'static, R: IntoResponse>(
        mut self,
        handler: impl Fn(E) -> R + 'static,
    ) -> Self {
        Rc::get_mut(&mut self.routes_mut().error_handlers)
            .expect(FROZEN)
            .insert(handler);
        self
    }

    /// The largest request body body extractors read (default 1 MiB); larger ones
    /// answer 413 before they are parsed.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Whether a JSON body must say so in its `Content-Type` (the default, as in FastAPI
    /// 0.165): with `true`, a body without one is not read as JSON, and `Json<T>` answers
    /// 422 `model_attributes_type` with the body's text as input; with `false`, a body
    /// without a `Content-Type` is read as JSON, as FastAPI's `strict_content_type=False`.
    /// A non-JSON content type is refused either way, and an empty body is `missing`.
    ///
    /// ```
    /// use edgeapi::App;
    ///
    /// let lenient = App::new().strict_content_type(false);
    /// ```
    pub fn strict_content_type(mut self, strict: bool) -> Self {
        self.strict_content_type = strict;
        self
    }

    /// Whether a request for a path no route has, but whose other form does (`/items`
    /// and `/items/`), is answered 307 to that form with its query kept, as FastAPI's
    /// `redirect_slashes` (the default). With `false`, it is a 404.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    ///
    /// let app = App::new().get("/items/", || "[]");
    /// let Outcome::Ready(response) = app.dispatch(Request::new(Method::GET, "/items?skip=1"))
    /// else { unreachable!() };
    /// assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    /// assert_eq!(response.header("location"), Some("/items/?skip=1"));
    ///
    /// let exact = App::new().get("/items/", || "[]").redirect_slashes(false);
    /// ```
    pub fn redirect_slashes(mut self, redirect: bool) -> Self {
        self.routes_mut().redirect_slashes = redirect;
        self
    }

    /// Sets how long a sync handler, or one step of an async handler between two awaits,
    /// may hold the event loop before the guard logs a line naming the route; `None` turns
    /// the guard off. The default is 10 ms. See the README's section on the guard.
    ///
    /// ```
    /// use std::time::Duration;
    /// use edgeapi::App;
    ///
    /// let app = App::new().event_loop_guard(Some(Duration::from_millis(50)));
    /// let quiet = App::new().event_loop_guard(None);
    /// ```
    pub fn event_loop_guard(self, threshold: Option<Duration>) -> Self {
        self.guard.set_threshold(threshold);
        self
    }

    /// Runs one request through the middleware and the routes: [`Outcome::Ready`] for a
    /// sync handler (and for 404/405), [`Outcome::Pending`] for an async one.
    pub fn dispatch(&self, mut request: Request) -> Outcome {
        let parts = request.parts_mut();
        parts.state = Rc::clone(&self.state);
        parts.body_limit = self.body_limit;
        parts.strict_content_type = self.strict_content_type;
        let routes: Rc<dyn crate::middleware::Endpoint> = self.routes.clone();
        Next::start(Rc::clone(&self.middleware), routes).run(request)
    }
}

/// Gives the document the package's name and version unless the app set its own; called
/// by [`crate::export!`].
#[doc(hidden)]
pub fn with_package_info(app: App, name: &str, version: &str) -> App {
    #[cfg(feature = "openapi")]
    let app = {
        let mut app = app;
        app.routes_mut().docs.default_info(name, version);
        app
    };
    #[cfg(not(feature = "openapi"))]
    let _ = (name, version);
    app
}

/// Serves `document`, the OpenAPI document `edgeapi build` generated natively from this
/// same app, instead of generating it in the wasm; called by [`crate::export!`], with
/// `None` in any other build.
#[doc(hidden)]
pub fn with_openapi_document(app: App, document: Option<&'static str>) -> App {
    #[cfg(all(feature = "openapi", edgeapi_prebuilt_openapi))]
    if let Some(document) = document {
        let mut app = app;
        app.routes_mut().docs.set_prebuilt(document);
        return app;
    }
    let _ = document;
    app
}

/// The app's OpenAPI document, for `edgeapi build`, which loads the app natively to
/// write it before it builds the wasm; called by [`crate::export!`] outside wasm.
#[doc(hidden)]
#[cfg(feature = "openapi")]
pub fn openapi_document(app: App) -> String {
    app.openapi_json().to_owned()
}
