//! CORS, with the options and answers of FastAPI's `CORSMiddleware`.

use http::{Method, StatusCode};

use super::{Middleware, Next};
use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::{IntoResponse, Response};

const ALL_METHODS: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];
const SAFELISTED_HEADERS: [&str; 4] = [
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

/// Cross-origin resource sharing, configured as FastAPI's `CORSMiddleware`: the same
/// defaults (only `GET`, no origins, no extra headers, `max_age` 600), the same preflight
/// answers (`200 OK`, or `400 Disallowed CORS origin, method, headers`) and the same
/// headers on ordinary responses.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::cors::Cors;
///
/// let app = App::new().get("/", || "ok").middleware(
///     Cors::new()
///         .allow_origins(["https://example.com"])
///         .allow_methods(["*"])
///         .allow_headers(["*"])
///         .allow_credentials(true),
/// );
/// ```
#[derive(Debug, Clone)]
pub struct Cors {
    origins: Vec<String>,
    allow_all_origins: bool,
    methods: Vec<String>,
    headers: Vec<String>,
    allow_all_headers: bool,
    credentials: bool,
    expose: Vec<String>,
    max_age: u32,
}

impl Default for Cors {
    fn default() -> Self {
        Self {
            origins: Vec::new(),
            allow_all_origins: false,
            methods: vec!["GET".into()],
            headers: Vec::new(),
            allow_all_headers: false,
            credentials: false,
            expose: Vec::new(),
            max_age: 600,
        }
    }
}

impl Cors {
    /// FastAPI's defaults: no origin allowed until you list some.
    pub fn new() -> Self {
        Self::default()
    }

    /// Origins allowed to call, such as `https://example.com`; `"*"` allows any.
    pub fn allow_origins<S: Into<String>>(mut self, origins: impl IntoIterator<Item = S>) -> Self {
        self.origins = origins.into_iter().map(Into::into).collect();
        self.allow_all_origins = self.origins.iter().any(|origin| origin == "*");
        self
    }

    /// Methods allowed in preflight (default `GET`); `"*"` allows all of them.
    pub fn allow_methods<S: Into<String>>(mut self, methods: impl IntoIterator<Item = S>) -> Self {
        self.methods = methods.into_iter().map(Into::into).collect();
        if self.methods.iter().any(|method| method == "*") {
            self.methods = ALL_METHODS.iter().map(|m| (*m).to_owned()).collect();
        }
        self
    }

    /// Request headers allowed beyond the safelisted ones; `"*"` allows any.
    pub fn allow_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.headers = headers.into_iter().map(Into::into).collect();
        self.allow_all_headers = self.headers.iter().any(|header| header == "*");
        self
    }

    /// Whether cookies and credentials may be sent (then origins are echoed, not `*`).
    pub fn allow_credentials(mut self, allow: bool) -> Self {
        self.credentials = allow;
        self
    }

    /// Response headers page scripts may read.
    pub fn expose_headers<S: Into<String>>(mut self, headers: impl IntoIterator<Item = S>) -> Self {
        self.expose = headers.into_iter().map(Into::into).collect();
        self
    }

    /// How long browsers may cache a preflight answer, in seconds (default 600).
    pub fn max_age(mut self, seconds: u32) -> Self {
        self.max_age = seconds;
        self
    }

    fn is_allowed_origin(&self, origin: &str) -> bool {
        self.allow_all_origins || self.origins.iter().any(|allowed| allowed == origin)
    }

    /// Headers allowed in preflight: the safelisted ones plus the configured, sorted.
    fn allowed_headers(&self) -> Vec<String> {
        let mut headers: Vec<String> = SAFELISTED_HEADERS
            .iter()
            .map(|h| (*h).to_owned())
            .chain(self.headers.iter().filter(|h| *h != "*").cloned())
            .collect();
        headers.sort();
        headers.dedup();
        headers
    }

    fn preflight(&self, request: &Request, origin: &str) -> Response {
        let parts = request.parts();
        let explicit_origin = !self.allow_all_origins || self.credentials;
        let mut response = Response::new(StatusCode::OK);
        if explicit_origin {
            response.append_header("vary", "Origin");
        } else {
            response.append_header("access-control-allow-origin", "*");
        }
        response.append_header("access-control-allow-methods", self.methods.join(", "));
        response.append_header("access-control-max-age", self.max_age.to_string());
        let allowed_headers = self.allowed_headers();
        if !self.allow_all_headers {
            response.append_header("access-control-allow-headers", allowed_headers.join(", "));
        }
        if self.credentials {
            response.append_header("access-control-allow-credentials", "true");
        }

        let mut failures = Vec::new();
        if self.is_allowed_origin(origin) {
            if explicit_origin {
                response.append_header("access-control-allow-origin", origin);
            }
        } else {
            failures.push("origin");
        }
        let method = parts
            .header("access-control-request-method")
            .unwrap_or_default();
        if !self.methods.iter().any(|allowed| allowed == method) {
            failures.push("method");
        }
        if let Some(requested) = parts.header("access-control-request-headers") {
            if self.allow_all_headers {
                response.append_header("access-control-allow-headers", requested);
            } else {
                let allowed = |header: &str| {
                    allowed_headers
                        .iter()
                        .any(|a| a.eq_ignore_ascii_case(header.trim()))
                };
                if !requested.split(',').all(allowed) {
                    failures.push("headers");
                }
            }
        }

        let content_type = ("content-type", "text/plain; charset=utf-8");
        if failures.is_empty() {
            merged_into(([content_type], "OK").into_response(), response)
        } else {
            let text = format!("Disallowed CORS {}", failures.join(", "));
            merged_into(
                (StatusCode::BAD_REQUEST, [content_type], text).into_response(),
                response,
            )
        }
    }

    /// The headers an ordinary (not preflight) answer gets for a call from `origin`.
    fn simple_headers(&self, origin: &str, has_cookie: bool) -> SimpleHeaders {
        let mut headers = Vec::new();
        if self.credentials {
            headers.push(("access-control-allow-credentials", "true".to_owned()));
        }
        if !self.expose.is_empty() {
            headers.push(("access-control-expose-headers", self.expose.join(", ")));
        }
        // With cookies, or with a list of origins, the answer names the caller's origin.
        let echo = if self.allow_all_origins {
            has_cookie
        } else {
            self.is_allowed_origin(origin)
        };
        if echo {
            headers.push(("access-control-allow-origin", origin.to_owned()));
        } else if self.allow_all_origins {
            headers.push(("access-control-allow-origin", "*".to_owned()));
        }
        SimpleHeaders {
            headers,
            vary: echo,
        }
    }
}

struct SimpleHeaders {
    headers: Vec<(&'static str, String)>,
    vary: bool,
}

impl SimpleHeaders {
    fn apply(self, mut response: Response) -> Response {
        for (name, value) in self.headers {
            response.set_header(name, value);
        }
        if self.vary {
            let vary = match response.header("vary") {
                Some(vary) if !vary.is_empty() => format!("{vary}, Origin"),
                _ => "Origin".to_owned(),
            };
            response.set_header("vary", vary);
        }
        response
    }
}

impl Middleware for Cors {
    fn call(&self, request: Request, next: Next) -> Outcome {
        let parts = request.parts();
        let Some(origin) = parts.header("origin").map(str::to_owned) else {
            return next.run(request);
        };
        if parts.method() == Method::OPTIONS
            && parts.header("access-control-request-method").is_some()
        {
            return Outcome::Ready(self.preflight(&request, &origin));
        }
        let headers = self.simple_headers(&origin, parts.header("cookie").is_some());
        next.run(request)
            .map(move |response| headers.apply(response))
    }
}

/// `response` with `base`'s headers put before its own.
fn merged_into(mut response: Response, base: Response) -> Response {
    let mut headers = base.headers().clone();
    headers.extend(response.headers().iter());
    *response.headers_mut() = headers;
    response
}
