//! Routing: the route table that matches a request to its handler, and [`Router`], a group
//! of routes to mount under a prefix.
//!
//! Path syntax is axum's and FastAPI's: `/items/{item_id}` captures one segment,
//! `/files/{*path}` the rest of the path.

mod pattern;
mod router;
mod table;

pub use router::Router;
pub(crate) use table::{method_not_allowed, Route, RouteTable};

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
