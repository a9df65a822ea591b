//! `Router`: a group of routes to mount under a prefix, FastAPI's `APIRouter`.

use http::Method;

use crate::handler::{boxed, Handler, RouteHandler};

/// One registered route: a method (`None` for any), a path pattern, its handler and its
/// OpenAPI tags.
pub(crate) struct RouteEntry {
    pub(crate) method: Option<Method>,
    pub(crate) path: String,
    pub(crate) handler: RouteHandler,
    pub(crate) tags: Vec<String>,
}

/// Routes defined apart from the app and mounted with [`crate::App::include_router`],
/// as FastAPI's `APIRouter` with `include_router(router, prefix=...)`.
///
/// ```
/// use edgeapi::prelude::*;
///
/// fn list_users() -> &'static str { "[]" }
/// fn read_user(Path(id): Path<u32>) -> String { id.to_string() }
///
/// let users = Router::new()
///     .get("/", list_users)
///     .get("/{id}", read_user);
/// let app = App::new().include_router("/users", users);   // GET /users/ and /users/{id}
/// ```
#[derive(Default)]
pub struct Router {
    pub(crate) routes: Vec<RouteEntry>,
    tags: Vec<String>,
}

impl Router {
    /// A router with no routes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serves `method` on `path` with `handler`.
    pub fn route<M: 'static>(
        mut self,
        method: Method,
        path: &str,
        handler: impl Handler<M>,
    ) -> Self {
        self.push(Some(method), path, boxed(handler));
        self
    }

    /// Serves every method on `path` that has no handler of its own.
    pub fn any<M: 'static>(mut self, path: &str, handler: impl Handler<M>) -> Self {
        self.push(None, path, boxed(handler));
        self
    }

    /// Tags every route of this router in the OpenAPI document, as FastAPI's
    /// `APIRouter(tags=[...])`; an enclosing router's tags come first.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    ///
    /// let users = Router::new().tag("users").get("/", || "[]");
    /// let app = App::new().include_router("/users", users);
    /// # #[cfg(feature = "openapi")]
    /// assert!(app.openapi_json().contains(r#""tags":["users"]"#));
    /// ```
    pub fn tag(mut self, tag: &str) -> Self {
        self.tags.push(tag.to_owned());
        self
    }

    /// Mounts another router's routes under `prefix` (nested routers).
    pub fn include_router(mut self, prefix: &str, router: Router) -> Self {
        self.routes.extend(router.under(prefix));
        self
    }

    /// The routes with `prefix` put before each path, as FastAPI joins them (literally),
    /// and this router's tags before each route's own.
    pub(crate) fn under(self, prefix: &str) -> impl Iterator<Item = RouteEntry> + '_ {
        let tags = self.tags;
        self.routes.into_iter().map(move |entry| RouteEntry {
            path: format!("{prefix}{}", entry.path),
            tags: tags.iter().chain(&entry.tags).cloned().collect(),
            ..entry
        })
    }

    fn push(&mut self, method: Option<Method>, path: &str, handler: RouteHandler) {
        self.routes.push(RouteEntry {
            method,
            path: path.to_owned(),
            handler,
            tags: Vec::new(),
        });
    }

    super::method_routes!();
}
