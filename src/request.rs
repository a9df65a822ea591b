//! The incoming request, split as extractors see it: [`Parts`] (method, path, query,
//! path parameters, host bindings) that any number of extractors may read, and the body,
//! which only the last extractor may take (see [`crate::extract`]).

use std::borrow::Cow;

use http::Method;
use wasm_bindgen::JsValue;

/// Everything about a request except its body.
#[derive(Debug, Clone)]
pub struct Parts {
    method: Method,
    path: String,
    query: String,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) js: Option<web_sys::Request>,
    env: JsValue,
    ctx: JsValue,
}

impl Parts {
    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path, percent-decoded, as routes are matched against it: `/items/a b`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query string, without the `?`.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The path parameters the route captured, percent-decoded, in route order.
    pub fn path_params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The host's environment bindings (the `env` argument of a worker's `fetch`).
    pub fn env(&self) -> &JsValue {
        &self.env
    }

    /// The host's execution context (the `ctx` argument of a worker's `fetch`).
    pub fn ctx(&self) -> &JsValue {
        &self.ctx
    }
}

/// An incoming request: its [`Parts`] and its body.
///
/// Built by the SDK from the JS `Request`; tests of pure logic can build one with
/// [`Request::new`].
///
/// ```
/// use edgeapi::{Method, Request};
///
/// let request = Request::new(Method::GET, "http://localhost/items/5?q=abc");
/// assert_eq!(request.parts().path(), "/items/5");
/// assert_eq!(request.parts().query(), "q=abc");
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    parts: Parts,
}

impl Request {
    /// A request for `url` (absolute, or a path such as `/items/5?q=abc`) with no body.
    pub fn new(method: Method, url: &str) -> Self {
        let (path, query) = split_url(url);
        Self {
            parts: Parts {
                method,
                path: decode_path(path).into_owned(),
                query: query.to_owned(),
                params: Vec::new(),
                js: None,
                env: JsValue::UNDEFINED,
                ctx: JsValue::UNDEFINED,
            },
        }
    }

    /// Wraps a JS request with the host's `env` and `ctx`.
    pub(crate) fn from_js(
        method: Method,
        url: &str,
        js: web_sys::Request,
        env: JsValue,
        ctx: JsValue,
    ) -> Self {
        let mut request = Self::new(method, url);
        request.parts.js = Some(js);
        request.parts.env = env;
        request.parts.ctx = ctx;
        request
    }

    /// The parts every extractor may read.
    pub fn parts(&self) -> &Parts {
        &self.parts
    }

    pub(crate) fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }

    /// Splits the request so extractors can borrow the parts.
    pub fn into_parts(self) -> Parts {
        self.parts
    }

    /// Puts a request back together from its parts.
    pub fn from_parts(parts: Parts) -> Self {
        Self { parts }
    }
}

/// Splits a URL (absolute or origin-form) into its path and query, dropping any fragment.
fn split_url(url: &str) -> (&str, &str) {
    let without_origin = match url.find("://") {
        Some(scheme_end) => {
            let rest = &url[scheme_end + 3..];
            rest.find(['/', '?', '#'])
                .map_or("", |start| &rest[start..])
        }
        None => url,
    };
    let without_fragment = without_origin
        .split_once('#')
        .map_or(without_origin, |(before, _)| before);
    let (path, query) = without_fragment
        .split_once('?')
        .unwrap_or((without_fragment, ""));
    (if path.is_empty() { "/" } else { path }, query)
}

/// Percent-decodes a path as Starlette does before routing; invalid UTF-8 becomes U+FFFD.
fn decode_path(path: &str) -> Cow<'_, str> {
    if path.contains('%') {
        percent_encoding::percent_decode_str(path).decode_utf8_lossy()
    } else {
        Cow::Borrowed(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_absolute_and_relative_urls() {
        assert_eq!(split_url("http://h:8787/a/b?x=1#f"), ("/a/b", "x=1"));
        assert_eq!(split_url("https://h"), ("/", ""));
        assert_eq!(split_url("https://h?q"), ("/", "q"));
        assert_eq!(split_url("/items/1?q=a?b"), ("/items/1", "q=a?b"));
        assert_eq!(split_url(""), ("/", ""));
    }

    #[test]
    fn decodes_paths_lossily() {
        assert_eq!(decode_path("/a%20b"), "/a b");
        assert_eq!(decode_path("/plain"), "/plain");
        assert_eq!(decode_path("/bad%FF"), "/bad\u{FFFD}");
        assert_eq!(decode_path("/half%2"), "/half%2");
    }
}
