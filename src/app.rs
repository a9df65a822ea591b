//! The application: routes registered once, then [`App::dispatch`] per request.

use std::rc::Rc;

use http::{Method, StatusCode};
use wasm_bindgen::JsValue;

use crate::error::HttpError;
use crate::guard::Guard;
use crate::handler::{boxed, Handler, Outcome};
use crate::request::Request;
use crate::response::IntoResponse;
use crate::router::{Route, Router};
use crate::runtime;

/// An edgeapi application: a set of routes, each served by a sync or an async handler.
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
#[derive(Default)]
pub struct App {
    router: Router,
    /// Times every handler (see `guard`); shared by all routes so a later
    /// `event_loop_guard` call applies to routes added before it.
    pub(crate) guard: Rc<Guard>,
}

macro_rules! method_routes {
    ($($(#[$doc:meta])* $name:ident => $method:ident),* $(,)?) => {
        $(
            $(#[$doc])*
            pub fn $name<M: 'static>(self, path: &str, handler: impl Handler<M>) -> Self {
                self.route(Method::$method, path, handler)
            }
        )*
    };
}

impl App {
    /// An app with no routes.
    pub fn new() -> Self {
        Self::default()
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
        let handler = self.guard.watch(Some(&method), path, boxed(handler));
        self.router.add(Some(method), path, handler);
        self
    }

    /// Serves every method on `path` that has no handler of its own.
    pub fn any<M: 'static>(mut self, path: &str, handler: impl Handler<M>) -> Self {
        let handler = self.guard.watch(None, path, boxed(handler));
        self.router.add(None, path, handler);
        self
    }

    method_routes! {
        /// Serves GET (and HEAD, without the body) on `path`.
        get => GET,
        /// Serves POST on `path`.
        post => POST,
        /// Serves PUT on `path`.
        put => PUT,
        /// Serves PATCH on `path`.
        patch => PATCH,
        /// Serves DELETE on `path`.
        delete => DELETE,
        /// Serves HEAD on `path` (GET routes already answer HEAD).
        head => HEAD,
        /// Serves OPTIONS on `path`.
        options => OPTIONS,
    }

    /// Routes one request and runs its handler: [`Outcome::Ready`] for a sync handler
    /// (and for 404/405), [`Outcome::Pending`] for an async one.
    pub fn dispatch(&self, mut request: Request) -> Outcome {
        let route = self
            .router
            .route(request.parts().method(), request.parts().path());
        match route {
            Route::Found { handler, params } => {
                request.parts_mut().params = params;
                handler.call(request)
            }
            Route::MethodNotAllowed { allow } => Outcome::Ready(
                HttpError::from_status(StatusCode::METHOD_NOT_ALLOWED)
                    .header("allow", allow)
                    .into_response(),
            ),
            Route::NotFound => {
                Outcome::Ready(HttpError::from_status(StatusCode::NOT_FOUND).into_response())
            }
        }
    }

    /// Serves a JS `Request`: returns a JS `Response` for a sync route and a
    /// `Promise<Response>` for an async one. This is what the exported wasm `fetch` calls.
    pub fn fetch(&self, request: web_sys::Request, env: JsValue, ctx: JsValue) -> JsValue {
        let (method, url) = runtime::method_and_url(&request);
        let head = method == Method::HEAD;
        let outcome = self.dispatch(Request::from_js(method, &url, request, env, ctx));
        runtime::outcome_to_js(outcome, head)
    }
}
