//! What the middleware chain ends in: the app's route table, its docs routes and its error
//! handlers.

use std::rc::Rc;

use http::StatusCode;

use super::error_handlers::ErrorHandlers;
use super::slashes;
use crate::error::HttpError;
use crate::middleware::Endpoint;
use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::IntoResponse;
use crate::routing::{method_not_allowed, Route, RouteTable};

/// The routes of an app, frozen once it serves.
pub(crate) struct Routes {
    pub(crate) table: RouteTable,
    /// Whether an unrouted path is redirected to its other form (`App::redirect_slashes`).
    pub(crate) redirect_slashes: bool,
    /// Shared with the answers still on their way when a handler is async.
    pub(crate) error_handlers: Rc<ErrorHandlers>,
    /// The OpenAPI document and the pages that show it.
    #[cfg(feature = "openapi")]
    pub(crate) docs: crate::openapi::Docs,
}

impl Default for Routes {
    fn default() -> Self {
        Self {
            table: RouteTable::default(),
            redirect_slashes: true,
            error_handlers: Rc::default(),
            #[cfg(feature = "openapi")]
            docs: crate::openapi::Docs::default(),
        }
    }
}

impl Endpoint for Routes {
    /// The route's answer, through the app's error handlers.
    fn serve(&self, request: Request) -> Outcome {
        let outcome = self.run_route(request);
        if self.error_handlers.is_empty() {
            return outcome;
        }
        let handlers = Rc::clone(&self.error_handlers);
        outcome.map(move |response| handlers.handle(response))
    }
}

impl Routes {
    /// Whether a route (for any method) or a docs page serves `path`.
    fn has(&self, path: &str) -> bool {
        let routed = self.table.contains(path);
        #[cfg(feature = "openapi")]
        let routed = routed || self.docs.has_page(path);
        routed
    }

    /// Finds the route and runs its handler.
    fn run_route(&self, mut request: Request) -> Outcome {
        let parts = request.parts();
        // Checked first, as FastAPI registers these routes before the app's own.
        #[cfg(feature = "openapi")]
        if let Some(response) = self.docs.serve(parts.method(), parts.path()) {
            return Outcome::Ready(response);
        }
        match self.table.route(parts.method(), parts.path()) {
            Route::Found { handler, params } => {
                request.parts_mut().params = params;
                handler.call(request)
            }
            Route::MethodNotAllowed { allow } => Outcome::Ready(method_not_allowed(allow)),
            Route::NotFound => {
                let redirect = || slashes::redirect(&request, |path| self.has(path));
                Outcome::Ready(
                    self.redirect_slashes
                        .then(redirect)
                        .flatten()
                        .unwrap_or_else(|| {
                            HttpError::from_status(StatusCode::NOT_FOUND).into_response()
                        }),
                )
            }
        }
    }
}
