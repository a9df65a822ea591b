//! The application: routes, middleware and state, built once per isolate, then
//! [`App::dispatch`] per request.

use std::rc::Rc;
use std::time::Duration;

use http::{Method, StatusCode};
use wasm_bindgen::JsValue;

use crate::error::{ErrorHandlers, HttpError};
use crate::guard::Guard;
use crate::handler::{boxed, Handler, Outcome, RouteHandler};
use crate::middleware::{Middleware, Next};
#[cfg(feature = "openapi")]
use crate::openapi::Page;
use crate::request::{Request, DEFAULT_BODY_LIMIT};
use crate::response::IntoResponse;
use crate::router::Router;
use crate::routing::{method_not_allowed, Route, RouteTable};
use crate::runtime::{self, AfterResponse};
use crate::state::StateMap;

/// An edgeapi application: routes served by sync or async handlers, middleware around
/// them, and state they share.
///
/// Build it once per isolate with [`crate::export!`], which also exports the wasm
/// `fetch(request, env, ctx)` that JS hosts call.
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
    inner: Rc<Inner>,
}

/// What the middleware chain and the router share; frozen once the app serves.
pub(crate) struct Inner {
    routes: RouteTable,
    /// Outermost first: the last one added runs first, as in FastAPI.
    pub(crate) middleware: Vec<Rc<dyn Middleware>>,
    state: Rc<StateMap>,
    error_handlers: Rc<ErrorHandlers>,
    body_limit: usize,
    /// Times every handler (see `guard`); shared by all routes, so a later
    /// `event_loop_guard` call applies to routes added before it.
    guard: Rc<Guard>,
    /// The OpenAPI document and the pages that show it.
    #[cfg(feature = "openapi")]
    docs: crate::openapi::Docs,
}

impl Default for App {
    fn default() -> Self {
        Self {
            inner: Rc::new(Inner {
                routes: RouteTable::default(),
                middleware: Vec::new(),
                state: Rc::default(),
                error_handlers: Rc::default(),
                body_limit: DEFAULT_BODY_LIMIT,
                guard: Rc::default(),
                #[cfg(feature = "openapi")]
                docs: Default::default(),
            }),
        }
    }
}

/// Defines `get`, `post`, ... in terms of `self.route(Method::X, path, handler)`.
macro_rules! method_routes {
    () => {
        /// Serves GET (and HEAD, without the body) on `path`.
        pub fn get<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::GET, path, handler)
        }

        /// Serves POST on `path`.
        pub fn post<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::POST, path, handler)
        }

        /// Serves PUT on `path`.
        pub fn put<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::PUT, path, handler)
        }

        /// Serves PATCH on `path`.
        pub fn patch<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::PATCH, path, handler)
        }

        /// Serves DELETE on `path`.
        pub fn delete<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::DELETE, path, handler)
        }

        /// Serves HEAD on `path` (GET routes already answer HEAD).
        pub fn head<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::HEAD, path, handler)
        }

        /// Serves OPTIONS on `path`.
        pub fn options<M: 'static>(self, path: &str, handler: impl $crate::Handler<M>) -> Self {
            self.route(http::Method::OPTIONS, path, handler)
        }
    };
}
pub(crate) use method_routes;

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        Self::default()
    }

    fn building(&mut self) -> &mut Inner {
        Rc::get_mut(&mut self.inner)
            .expect("edgeapi: an App cannot change while it is serving requests")
    }

    fn add(&mut self, method: Option<Method>, path: &str, route: RouteHandler, tags: &[String]) {
        #[cfg(feature = "openapi")]
        self.building()
            .docs
            .add_route(method.as_ref(), path, tags, route.describer);
        #[cfg(not(feature = "openapi"))]
        let _ = tags;
        let handler = self.inner.guard.watch(method.as_ref(), path, route.handler);
        self.building().routes.add(method, path, handler);
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

    method_routes!();

    /// Mounts a [`Router`]'s routes under `prefix`, as FastAPI's `include_router`.
    pub fn include_router(mut self, prefix: &str, router: Router) -> Self {
        for entry in router.under(prefix) {
            self.add(entry.method, &entry.path, entry.handler, &entry.tags);
        }
        self
    }

    /// Wraps every request in `middleware`; the last added runs first.
    pub fn middleware(mut self, middleware: impl Middleware) -> Self {
        self.building().middleware.insert(0, Rc::new(middleware));
        self
    }

    /// Registers a value that handlers read with [`crate::State`]; one per type.
    pub fn state<T: 'static>(mut self, value: T) -> Self {
        let inner = self.building();
        Rc::get_mut(&mut inner.state)
            .expect("state is only shared once serving starts")
            .insert(value);
        self
    }

    /// Answers every error of type `E` (an [`HttpError`], the 422 [`crate::ValidationError`], or
    /// your own type attached with [`crate::Response::with_error`]) with `handler`, as
    /// FastAPI's `@app.exception_handler(E)`. Middleware sees the handler's answer.
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
        let inner = self.building();
        Rc::get_mut(&mut inner.error_handlers)
            .expect("error handlers are only shared once serving starts")
            .insert(handler);
        self
    }

    /// The largest request body body extractors read (default 1 MiB); larger ones
    /// answer 413 before they are parsed.
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.building().body_limit = bytes;
        self
    }

    /// Sets how long a sync handler, or one step of an async handler between two awaits,
    /// may hold the event loop before the guard logs a line naming the route; `None` turns
    /// the guard off. The default is 10 ms. See the `guard` module docs.
    ///
    /// ```
    /// use std::time::Duration;
    /// use edgeapi::App;
    ///
    /// let app = App::new().event_loop_guard(Some(Duration::from_millis(50)));
    /// let quiet = App::new().event_loop_guard(None);
    /// ```
    pub fn event_loop_guard(self, threshold: Option<Duration>) -> Self {
        self.inner.guard.set_threshold(threshold);
        self
    }

    /// Runs one request through the middleware and the router: [`Outcome::Ready`] for a
    /// sync handler (and for 404/405), [`Outcome::Pending`] for an async one.
    pub fn dispatch(&self, mut request: Request) -> Outcome {
        let parts = request.parts_mut();
        parts.state = Rc::clone(&self.inner.state);
        parts.body_limit = self.inner.body_limit;
        Next::start(Rc::clone(&self.inner)).run(request)
    }

    /// Serves a JS `Request`: returns a JS `Response` for a sync route and a
    /// `Promise<Response>` for an async one. This is what the exported wasm `fetch` calls.
    pub fn fetch(&self, request: web_sys::Request, env: JsValue, ctx: JsValue) -> JsValue {
        let (method, url) = runtime::method_and_url(&request);
        let request = Request::from_js(method, &url, request, env, ctx);
        let after = AfterResponse::of(&request);
        runtime::outcome_to_js(self.dispatch(request), after)
    }
}

/// OpenAPI metadata and the URLs of the document and its pages, as FastAPI's constructor
/// takes them. See [`mod@crate::openapi`].
///
/// ```
/// use edgeapi::App;
///
/// let app = App::new()
///     .title("Items API")
///     .version("2.1.0")
///     .description("Everything about **items**.")
///     .server("https://items.example.com")
///     .docs_url(Some("/swagger"))
///     .redoc_url(None);
/// let doc: serde_json::Value = serde_json::from_str(app.openapi_json()).unwrap();
/// assert_eq!(doc["info"]["title"], "Items API");
/// assert_eq!(doc["servers"][0]["url"], "https://items.example.com");
/// ```
#[cfg(feature = "openapi")]
impl App {
    /// The document's title (`info.title`); by default the package's name under
    /// [`crate::export!`], else "edgeapi".
    pub fn title(mut self, title: &str) -> Self {
        self.building().docs.set_title(title);
        self
    }

    /// The API's version (`info.version`); by default the package's version under
    /// [`crate::export!`], else "0.1.0".
    pub fn version(mut self, version: &str) -> Self {
        self.building().docs.set_version(version);
        self
    }

    /// The API's description (`info.description`, Markdown).
    pub fn description(mut self, description: &str) -> Self {
        self.building().docs.set_description(description);
        self
    }

    /// Adds a server URL (`servers`), which Swagger UI's "Try it out" offers.
    pub fn server(mut self, url: &str) -> Self {
        self.building().docs.add_server(url);
        self
    }

    /// Describes a tag (FastAPI's `openapi_tags`): the document lists described tags in
    /// the order given, and Swagger UI and ReDoc show their groups in that order, with the
    /// description (Markdown).
    pub fn tag_description(mut self, tag: &str, description: &str) -> Self {
        self.building().docs.describe_tag(tag, description);
        self
    }

    /// Where the document is served (default `/openapi.json`); `None` turns it off, and
    /// with it `/docs` and `/redoc`.
    pub fn openapi_url(mut self, url: Option<&str>) -> Self {
        self.building().docs.set_url(Page::Document, url);
        self
    }

    /// Where Swagger UI is served (default `/docs`); `None` turns it off.
    pub fn docs_url(mut self, url: Option<&str>) -> Self {
        self.building().docs.set_url(Page::SwaggerUi, url);
        self
    }

    /// Where ReDoc is served (default `/redoc`); `None` turns it off.
    pub fn redoc_url(mut self, url: Option<&str>) -> Self {
        self.building().docs.set_url(Page::Redoc, url);
        self
    }

    /// Where the pages load Swagger UI and ReDoc from (default `/static`): the app's own
    /// static assets, `<base>/swagger-ui/` and `<base>/redoc/`.
    pub fn docs_assets(mut self, base: &str) -> Self {
        self.building().docs.set_assets(base);
        self
    }

    /// The OpenAPI document as JSON text, built on first use and kept.
    pub fn openapi_json(&self) -> &str {
        self.inner.docs.document()
    }
}

/// Gives the document the package's name and version unless the app set its own; called
/// by [`crate::export!`].
#[doc(hidden)]
pub fn with_package_info(app: App, name: &str, version: &str) -> App {
    #[cfg(feature = "openapi")]
    let app = {
        let mut app = app;
        app.building().docs.default_info(name, version);
        app
    };
    #[cfg(not(feature = "openapi"))]
    let _ = (name, version);
    app
}

impl Inner {
    /// The innermost layer: the route's answer, through the app's error handlers.
    pub(crate) fn route(&self, request: Request) -> Outcome {
        let outcome = self.run_route(request);
        if self.error_handlers.is_empty() {
            return outcome;
        }
        let handlers = Rc::clone(&self.error_handlers);
        outcome.map(move |response| handlers.handle(response))
    }

    /// Finds the route and runs its handler.
    fn run_route(&self, mut request: Request) -> Outcome {
        let parts = request.parts();
        // Checked first, as FastAPI registers these routes before the app's own.
        #[cfg(feature = "openapi")]
        if let Some(response) = self.docs.serve(parts.method(), parts.path()) {
            return Outcome::Ready(response);
        }
        match self.routes.route(parts.method(), parts.path()) {
            Route::Found { handler, params } => {
                request.parts_mut().params = params;
                handler.call(request)
            }
            Route::MethodNotAllowed { allow } => Outcome::Ready(method_not_allowed(allow)),
            Route::NotFound => {
                Outcome::Ready(HttpError::from_status(StatusCode::NOT_FOUND).into_response())
            }
        }
    }
}
