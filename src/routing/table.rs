//! The route table: path patterns to endpoints, most specific first, and methods within an
//! endpoint. It is built once per isolate.

use http::{Method, StatusCode};

use super::pattern::Pattern;
use crate::error::HttpError;
use crate::handler::BoxedHandler;
use crate::response::{IntoResponse, Response};

/// The handlers of one path pattern, by method.
struct Endpoint {
    methods: Vec<(Method, BoxedHandler)>,
    any: Option<BoxedHandler>,
}

impl Endpoint {
    fn handler_for(&self, method: &Method) -> Option<&BoxedHandler> {
        let find = |wanted: &Method| {
            self.methods
                .iter()
                .find(|(m, _)| m == wanted)
                .map(|(_, handler)| handler)
        };
        // HEAD falls back to GET, as in Starlette; the body is dropped at the JS boundary.
        find(method)
            .or_else(|| {
                (*method == Method::HEAD)
                    .then(|| find(&Method::GET))
                    .flatten()
            })
            .or(self.any.as_ref())
    }

    /// The `Allow` header value: every method served here, HEAD included where GET is, in
    /// alphabetical order.
    fn allow(&self) -> String {
        let served = || self.methods.iter().map(|(m, _)| m.as_str());
        let head = served().any(|m| m == "GET") && !served().any(|m| m == "HEAD");
        // Each name goes in at its place: `sort_unstable` would link core's quicksort, 3 KB
        // of wasm in every app, for a handful of names.
        let mut methods: Vec<&str> = Vec::new();
        for method in served().chain(head.then_some("HEAD")) {
            let at = methods.partition_point(|known| *known < method);
            methods.insert(at, method);
        }
        methods.join(", ")
    }
}

/// FastAPI's 405: `{"detail":"Method Not Allowed"}`, with the methods served in `Allow`.
pub(crate) fn method_not_allowed(allow: impl Into<String>) -> Response {
    HttpError::from_status(StatusCode::METHOD_NOT_ALLOWED)
        .header("allow", allow)
        .into_response()
}

/// The result of routing one request.
pub(crate) enum Route<'a> {
    Found {
        handler: &'a BoxedHandler,
        params: Vec<(String, String)>,
    },
    MethodNotAllowed {
        allow: String,
    },
    NotFound,
}

/// Path patterns to endpoints.
#[derive(Default)]
pub(crate) struct RouteTable {
    /// Each pattern with its endpoint, the most specific first: the first that matches a
    /// path is the one that routes it.
    paths: Vec<(Pattern, usize)>,
    endpoints: Vec<Endpoint>,
    /// Each pattern's endpoint, sorted by pattern (found by binary search, without a hash
    /// map's code in every app).
    by_pattern: Vec<(String, usize)>,
}

impl RouteTable {
    /// Adds a handler for `method` (or every method, for `None`) on `pattern`.
    ///
    /// # Panics
    /// On a malformed or conflicting pattern, or a method registered twice on one
    /// pattern: these are bugs in the app, reported when it is built.
    pub(crate) fn add(&mut self, method: Option<Method>, pattern: &str, handler: BoxedHandler) {
        let known = self
            .by_pattern
            .binary_search_by(|(known, _)| known.as_str().cmp(pattern));
        let index = match known {
            Ok(at) => self.by_pattern[at].1,
            Err(at) => {
                let index = self.endpoints.len();
                self.insert(pattern, index);
                self.endpoints.push(Endpoint {
                    methods: Vec::new(),
                    any: None,
                });
                self.by_pattern.insert(at, (pattern.to_owned(), index));
                index
            }
        };
        let endpoint = &mut self.endpoints[index];
        let taken = match &method {
            Some(method) => endpoint.methods.iter().any(|(m, _)| m == method),
            None => endpoint.any.is_some(),
        };
        if taken {
            let method = method.as_ref().map_or("ANY", Method::as_str);
            panic!("edgeapi: route `{method} {pattern}` is registered twice");
        }
        match method {
            Some(method) => endpoint.methods.push((method, handler)),
            None => endpoint.any = Some(handler),
        }
    }

    /// Puts `pattern` among the others, after every one at least as specific.
    fn insert(&mut self, pattern: &str, index: usize) {
        let parsed = match Pattern::parse(pattern) {
            Ok(parsed) => parsed,
            Err(problem) => panic!("edgeapi: cannot add route `{pattern}`: {problem}"),
        };
        if let Some((_, other)) = self
            .paths
            .iter()
            .find(|(known, _)| known.conflicts_with(&parsed))
        {
            let other = self.by_pattern.iter().find(|(_, index)| index == other);
            let other = other.map_or("", |(text, _)| text.as_str());
            panic!("edgeapi: cannot add route `{pattern}`: it matches the same paths as `{other}`");
        }
        let at = self
            .paths
            .partition_point(|(known, _)| known.specificity_cmp(&parsed).is_ge());
        self.paths.insert(at, (parsed, index));
    }

    /// Whether a route, for any method, has `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.lookup(path).is_some()
    }

    /// The endpoint of `path` and its parameters; one copy of the matcher serves both
    /// lookups.
    #[inline(never)]
    fn lookup<'p>(&self, path: &'p str) -> Option<(usize, Vec<(&str, &'p str)>)> {
        self.paths
            .iter()
            .find_map(|(pattern, index)| Some((*index, pattern.captures(path)?)))
    }

    /// Finds the handler for a request.
    pub(crate) fn route(&self, method: &Method, path: &str) -> Route<'_> {
        let Some((index, params)) = self.lookup(path) else {
            return Route::NotFound;
        };
        let endpoint = &self.endpoints[index];
        match endpoint.handler_for(method) {
            Some(handler) => Route::Found {
                handler,
                params: params
                    .into_iter()
                    .map(|(name, value)| (name.to_owned(), value.to_owned()))
                    .collect(),
            },
            None => Route::MethodNotAllowed {
                allow: endpoint.allow(),
            },
        }
    }
}
