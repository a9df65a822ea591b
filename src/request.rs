//! The incoming request, split as extractors see it: [`Parts`] (method, path, query,
//! headers, path parameters, app state, host bindings) that any number of extractors may
//! read, and the body, which only the last extractor may take (see [`crate::extract`]).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::rc::Rc;

use http::{Method, StatusCode};
use wasm_bindgen::JsValue;

use crate::background::TaskQueue;
use crate::error::HttpError;
use crate::headers::Headers;
use crate::state::StateMap;
use crate::sys;

/// The body size [`Request::bytes`] accepts unless the app sets another with
/// [`crate::App::body_limit`]: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// Everything about a request except its body.
#[derive(Debug, Clone)]
pub struct Parts {
    method: Method,
    path: String,
    query: String,
    /// Lower-case names; read from JS on first use, since most handlers never ask.
    headers: OnceCell<Headers>,
    pub(crate) params: Vec<(String, String)>,
    pub(crate) js: Option<web_sys::Request>,
    pub(crate) state: Rc<StateMap>,
    pub(crate) background: TaskQueue,
    pub(crate) body_limit: usize,
    /// Whether a body without a `Content-Type` is refused as JSON (`App::strict_content_type`).
    pub(crate) strict_content_type: bool,
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

    /// Every header, names in lower case, in the order the host gives them.
    pub fn headers(&self) -> &Headers {
        self.headers.get_or_init(|| match &self.js {
            Some(js) => Headers::from_flat(&sys::http::headers(js)),
            None => Headers::new(),
        })
    }

    /// The value of header `name` (case-insensitive); repeated headers are joined by `, `
    /// as the Fetch API does.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers().get(name)
    }

    /// The scheme and authority the request was sent to (`http://127.0.0.1:8787`), read
    /// from the host's request again: `None` for a request built in Rust.
    pub(crate) fn origin(&self) -> Option<String> {
        let head = sys::http::method_and_url(self.js.as_ref()?);
        let (_, url) = head.split_once(' ')?;
        // `scheme://`: the first colon, then two slashes.
        let authority = url.find(':')? + 3;
        let end = url
            .get(authority..)?
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| authority + i);
        url.get(..end).map(str::to_owned)
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
/// Built by the SDK from the JS `Request`; tests of pure logic build one with
/// [`Request::new`].
///
/// ```
/// use edgeapi::{Method, Request};
///
/// let request = Request::new(Method::POST, "http://localhost/items/5?q=abc")
///     .with_header("Content-Type", "application/json")
///     .with_body(r#"{"name":"x"}"#);
/// assert_eq!(request.parts().path(), "/items/5");
/// assert_eq!(request.parts().query(), "q=abc");
/// assert_eq!(request.parts().header("content-type"), Some("application/json"));
/// ```
#[derive(Debug, Clone)]
pub struct Request {
    parts: Parts,
    body: Vec<u8>,
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
                headers: OnceCell::new(),
                params: Vec::new(),
                js: None,
                state: Rc::default(),
                background: TaskQueue::default(),
                body_limit: DEFAULT_BODY_LIMIT,
                strict_content_type: true,
                env: JsValue::UNDEFINED,
                ctx: JsValue::UNDEFINED,
            },
            body: Vec::new(),
        }
    }

    /// Adds a header (for requests built in Rust).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.parts.headers.get_or_init(Headers::new);
        if let Some(headers) = self.parts.headers.get_mut() {
            headers.append(name.to_ascii_lowercase(), value);
        }
        self
    }

    /// Sets the body (for requests built in Rust).
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Wraps a JS request with the host's `env` and `ctx`, reading its method and URL in
    /// one crossing.
    pub(crate) fn from_js(js: web_sys::Request, env: JsValue, ctx: JsValue) -> Self {
        let head = sys::http::method_and_url(&js);
        let (method, url) = head.split_once(' ').unwrap_or(("GET", &head));
        // Method names are validated by the host; an odd one becomes an extension method.
        let method = Method::from_bytes(method.as_bytes()).unwrap_or(Method::GET);
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

    /// The parts, to change before the handler sees them (in middleware).
    pub fn parts_mut(&mut self) -> &mut Parts {
        &mut self.parts
    }

    /// Splits off the parts so extractors can borrow them; the body stays behind.
    pub fn into_parts(self) -> (Parts, Body) {
        (self.parts, Body(self.body))
    }

    /// Puts a request back together.
    pub fn from_parts(parts: Parts, body: Body) -> Self {
        Self {
            parts,
            body: body.0,
        }
    }

    /// Reads the whole body, refusing one over the app's body limit with 413 before it
    /// is all read (a declared `Content-Length` over the limit is refused unread).
    pub async fn bytes(self) -> Result<Vec<u8>, HttpError> {
        let limit = self.parts.body_limit;
        let too_large = || HttpError::from_status(StatusCode::PAYLOAD_TOO_LARGE);
        match &self.parts.js {
            Some(js) => sys::http::read_body(js, limit)
                .await
                .map_err(|err| match err {
                    sys::http::ReadBodyError::TooLarge => too_large(),
                    // The client went away or sent a broken stream: nothing to answer but a 400.
                    sys::http::ReadBodyError::Unreadable => HttpError::new(
                        StatusCode::BAD_REQUEST,
                        "The request body could not be read",
                    ),
                }),
            None if self.body.len() > limit => Err(too_large()),
            None => Ok(self.body),
        }
    }

    /// The body as chunks, read as they arrive (`Multipart` streams through them).
    pub(crate) fn into_chunks(self) -> (Parts, Chunks) {
        let chunks = match &self.parts.js {
            Some(js) => Chunks::Js(sys::http::BodyChunks::new(js)),
            None => Chunks::Native(Some(self.body)),
        };
        (self.parts, chunks)
    }

    /// Reads the whole body as UTF-8 text; other bytes answer 400.
    pub async fn text(self) -> Result<String, HttpError> {
        String::from_utf8(self.bytes().await?).map_err(|_| {
            HttpError::new(
                StatusCode::BAD_REQUEST,
                "The request body is not valid UTF-8",
            )
        })
    }
}

/// A body read chunk by chunk: the host's stream, or a body built in Rust as one chunk.
pub(crate) enum Chunks {
    Js(sys::http::BodyChunks),
    Native(Option<Vec<u8>>),
}

impl Chunks {
    /// The next chunk, `None` at the end; a broken stream answers 400.
    pub(crate) async fn next(&mut self) -> Result<Option<Vec<u8>>, HttpError> {
        match self {
            Chunks::Js(chunks) => chunks.next().await.map_err(|_| {
                HttpError::new(
                    StatusCode::BAD_REQUEST,
                    "The request body could not be read",
                )
            }),
            Chunks::Native(body) => Ok(body.take().filter(|body| !body.is_empty())),
        }
    }
}

/// A request body not yet read: what [`Request::into_parts`] leaves behind.
#[derive(Debug, Clone, Default)]
pub struct Body(Vec<u8>);

/// Splits a URL (absolute or origin-form) into its path and query, dropping any fragment.
fn split_url(url: &str) -> (&str, &str) {
    // The scheme ends at the first `:` (found as a char: searching for "://" would link
    // core's two-way string searcher into every app); an origin-form URL has none to end.
    let scheme_end = url
        .find(':')
        .filter(|&colon| !url.starts_with('/') && url[colon..].starts_with("://"));
    let without_origin = match scheme_end {
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
        assert_eq!(split_url("/go?to=http://x/y"), ("/go", "to=http://x/y"));
        assert_eq!(split_url("/a://b"), ("/a://b", ""));
    }

    #[test]
    fn decodes_paths_lossily() {
        assert_eq!(decode_path("/a%20b"), "/a b");
        assert_eq!(decode_path("/plain"), "/plain");
        assert_eq!(decode_path("/bad%FF"), "/bad\u{FFFD}");
        assert_eq!(decode_path("/half%2"), "/half%2");
    }

    #[test]
    fn native_headers() {
        let request = Request::new(Method::POST, "/").with_header("X-A", "1");
        assert_eq!(request.parts().header("x-a"), Some("1"));
        assert_eq!(request.parts().header("x-b"), None);
    }

    /// Reads a native request's body: no JS, so the future is ready on its first poll.
    fn read(request: Request) -> Result<Vec<u8>, HttpError> {
        use std::future::Future;
        use std::task::{Context, Poll, Waker};
        let mut bytes = std::pin::pin!(request.bytes());
        match bytes.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(result) => result,
            Poll::Pending => panic!("a native body read waited"),
        }
    }

    #[test]
    fn native_body_limit() {
        let with_limit = |body: Vec<u8>, limit: usize| {
            let mut request = Request::new(Method::POST, "/").with_body(body);
            request.parts_mut().body_limit = limit;
            read(request)
        };
        assert_eq!(
            with_limit(vec![7; 10], 10).ok(),
            Some(vec![7; 10]),
            "at the limit"
        );
        let over = with_limit(vec![7; 11], 10).unwrap_err();
        assert_eq!(over.status(), StatusCode::PAYLOAD_TOO_LARGE);
        // The default limit, 1 MiB, applies to a request built in Rust too.
        let big = Request::new(Method::POST, "/").with_body(vec![0; DEFAULT_BODY_LIMIT + 1]);
        assert_eq!(
            read(big).unwrap_err().status(),
            StatusCode::PAYLOAD_TOO_LARGE
        );
        let most = Request::new(Method::POST, "/").with_body(vec![0; DEFAULT_BODY_LIMIT]);
        assert_eq!(
            read(most).ok().map(|body| body.len()),
            Some(DEFAULT_BODY_LIMIT)
        );
    }
}
