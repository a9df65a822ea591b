//! Middleware: code that runs around every request, before and after its handler.
//!
//! Middleware wraps the whole app (404 and 405 answers included), and the last one added
//! runs first, as in FastAPI. Sync middleware keeps sync routes free of Promises.
//! [`cors::Cors`] is FastAPI's `CORSMiddleware`.

pub mod cors;

use std::future::Future;
use std::rc::Rc;

use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::{IntoResponse, Response};

/// Something that runs around handlers. Most code uses [`from_fn`], [`map_request`] or
/// [`map_response`]; implement the trait for middleware with its own settings.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::middleware::{Middleware, Next};
///
/// /// Answers 503 to everything while the flag is set, without running handlers.
/// struct Maintenance(bool);
///
/// impl Middleware for Maintenance {
///     fn call(&self, request: Request, next: Next) -> Outcome {
///         if self.0 {
///             return Outcome::Ready(HttpError::new(StatusCode::SERVICE_UNAVAILABLE, "Back soon").into_response());
///         }
///         next.run(request)
///     }
/// }
///
/// let app = App::new().get("/", || "up").middleware(Maintenance(false));
/// ```
pub trait Middleware: 'static {
    /// Handles one request; call `next.run(request)` to pass it on.
    fn call(&self, request: Request, next: Next) -> Outcome;
}

/// What the middleware chain ends in: the app's routes.
pub(crate) trait Endpoint {
    fn serve(&self, request: Request) -> Outcome;
}

/// The layers of middleware, outermost first.
pub(crate) type Layers = Rc<Vec<Rc<dyn Middleware>>>;

/// The rest of the chain: the inner middleware and, last, the app's routes.
pub struct Next {
    layers: Layers,
    index: usize,
    endpoint: Rc<dyn Endpoint>,
}

impl Next {
    /// The whole chain, from its outermost layer.
    pub(crate) fn start(layers: Layers, endpoint: Rc<dyn Endpoint>) -> Self {
        Self {
            layers,
            index: 0,
            endpoint,
        }
    }

    /// Passes the request on and returns what the inner layers answered.
    pub fn run(self, request: Request) -> Outcome {
        match self.layers.get(self.index) {
            Some(layer) => {
                let layer = Rc::clone(layer);
                let next = Next {
                    index: self.index + 1,
                    ..self
                };
                layer.call(request, next)
            }
            None => self.endpoint.serve(request),
        }
    }
}

struct FromFn<F>(F);

impl<F, Fut> Middleware for FromFn<F>
where
    F: Fn(Request, Next) -> Fut + 'static,
    Fut: Future + 'static,
    Fut::Output: IntoResponse,
{
    fn call(&self, request: Request, next: Next) -> Outcome {
        let future = (self.0)(request, next);
        Outcome::Pending(Box::pin(async move { future.await.into_response() }))
    }
}

/// Async middleware from a function: it gets the request and the rest of the chain, and
/// may do anything before and after `next.run(request).into_response().await`.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::middleware::{from_fn, Next};
///
/// async fn require_key(request: Request, next: Next) -> Response {
///     if request.parts().header("x-api-key") != Some("secret") {
///         return HttpError::new(StatusCode::UNAUTHORIZED, "Not authenticated").into_response();
///     }
///     next.run(request).into_response().await
/// }
///
/// let app = App::new().get("/", || "ok").middleware(from_fn(require_key));
/// ```
pub fn from_fn<F, Fut>(f: F) -> impl Middleware
where
    F: Fn(Request, Next) -> Fut + 'static,
    Fut: Future + 'static,
    Fut::Output: IntoResponse,
{
    FromFn(f)
}

struct MapRequest<F>(F);

impl<F, R> Middleware for MapRequest<F>
where
    F: Fn(Request) -> Result<Request, R> + 'static,
    R: IntoResponse,
{
    fn call(&self, request: Request, next: Next) -> Outcome {
        match (self.0)(request) {
            Ok(request) => next.run(request),
            Err(rejection) => Outcome::Ready(rejection.into_response()),
        }
    }
}

/// Sync middleware that checks or changes each request before its handler, or answers
/// instead of it by returning `Err`.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::middleware::map_request;
///
/// let app = App::new().get("/", || "ok").middleware(map_request(|request: Request| {
///     match request.parts().header("user-agent") {
///         Some(agent) if agent.contains("BadBot") => Err(StatusCode::FORBIDDEN),
///         _ => Ok(request),
///     }
/// }));
/// ```
pub fn map_request<F, R>(f: F) -> impl Middleware
where
    F: Fn(Request) -> Result<Request, R> + 'static,
    R: IntoResponse,
{
    MapRequest(f)
}

struct MapResponse<F>(Rc<F>);

impl<F> Middleware for MapResponse<F>
where
    F: Fn(Response) -> Response + 'static,
{
    fn call(&self, request: Request, next: Next) -> Outcome {
        let f = Rc::clone(&self.0);
        next.run(request).map(move |response| f(response))
    }
}

/// Sync middleware that changes every response (headers, status) after its handler.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::middleware::map_response;
///
/// let app = App::new().get("/", || "ok").middleware(map_response(|response: Response| {
///     response.with_header("x-frame-options", "DENY")
/// }));
/// ```
pub fn map_response<F>(f: F) -> impl Middleware
where
    F: Fn(Response) -> Response + 'static,
{
    MapResponse(Rc::new(f))
}
