//! The Cache API: [`Cache`] over `caches.default` and named caches, and [`cached`], which
//! serves a route's GET answers from the cache for as long as their `Cache-Control` says.
//!
//! ```no_run
//! use std::time::Duration;
//! use edgeapi::cache::cached;
//! use edgeapi::prelude::*;
//!
//! async fn square(Path(n): Path<i64>) -> ([(&'static str, &'static str); 1], String) {
//!     sleep(Duration::from_millis(300)).await;                     // something slow
//!     ([("cache-control", "public, max-age=60")], (n * n).to_string())
//! }
//!
//! // The first GET of /square/7 runs the handler (`x-edgeapi-cache: miss`); the next ones
//! // for a minute are answered from the cache (`x-edgeapi-cache: hit`).
//! let app = App::new().get("/square/{n}", cached(square));
//! ```
//!
//! Where it works, and where it does nothing:
//!
//! | host | [`Cache::default`] | [`cached`] |
//! |---|---|---|
//! | workerd, `wrangler dev` | `caches.default` | caches |
//! | Cloudflare Workers | `caches.default`; on a `workers.dev` route, puts are dropped | caches on your own domain; a `miss` every time on `workers.dev` |
//! | browsers (secure contexts), Deno | the cache named `default` of `caches` | caches (expiry checked by edgeapi, as these caches keep entries forever) |
//! | Node, Bun, insecure pages | none: reads find nothing, writes do nothing | calls the handler every time, without the header |

use std::marker::PhantomData;
use std::rc::Rc;

use http::{Method, StatusCode};
use wasm_bindgen::JsValue;

#[cfg(feature = "openapi")]
use crate::describe::Operation;
use crate::error::HttpError;
use crate::handler::Handler;
use crate::headers::Headers;
use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::{Response, ResponseBody};
use crate::sys;

/// The header [`cached`] adds: `hit` or `miss`.
pub const CACHE_HEADER: &str = "x-edgeapi-cache";

/// When an entry stored by [`cached`] expires, in milliseconds since 1970: browsers' and
/// Deno's caches never expire entries themselves.
const EXPIRES_HEADER: &str = "x-edgeapi-cache-expires";

/// One cache of the host's Cache API, keyed by URL (GET requests only, as the Cache API
/// is). Where the host has none, it is empty and stores nothing (see the module docs).
///
/// ```no_run
/// use edgeapi::cache::Cache;
/// use edgeapi::prelude::*;
///
/// async fn page() -> Result<Response, HttpError> {
///     let cache = Cache::default().await?;
///     let url = "https://example.com/page";
///     if let Some(hit) = cache.get(url).await? {
///         return Ok(hit);
///     }
///     let fresh = Response::new(StatusCode::OK)
///         .with_header("cache-control", "public, max-age=300")
///         .with_body("built once");
///     cache.put(url, &fresh).await?;
///     Ok(fresh)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Cache(Option<sys::cache::Cache>);

impl Cache {
    /// workerd's `caches.default`; elsewhere the cache named `default`.
    pub async fn default() -> Result<Cache, HttpError> {
        sys::cache::default().await.map(Cache).map_err(failure)
    }

    /// The cache named `name`, created if it is new.
    pub async fn open(name: &str) -> Result<Cache, HttpError> {
        sys::cache::open(name).await.map(Cache).map_err(failure)
    }

    /// False where the host has no Cache API, and this cache stores nothing.
    pub fn is_available(&self) -> bool {
        self.0.is_some()
    }

    /// The answer stored for a GET of `url` (JS's `cache.match`), its body streamed from
    /// the cache; `None` when there is none.
    pub async fn get(&self, url: &str) -> Result<Option<Response>, HttpError> {
        let Some(cache) = &self.0 else {
            return Ok(None);
        };
        let Some(found) = cache.get(url).await.map_err(failure)? else {
            return Ok(None);
        };
        let (status, headers, body) = sys::cache::response_parts(&found);
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        let mut response = Response::new(status).with_js_body(body);
        *response.headers_mut() = Headers::from_flat(&headers);
        Ok(Some(response))
    }

    /// Stores `response` as the answer to a GET of `url`. The host decides for how long
    /// from its `Cache-Control` (workerd refuses `no-store` and `private` answers, 206s
    /// and `Vary: *`). Only bodies of bytes can be stored, not streams.
    pub async fn put(&self, url: &str, response: &Response) -> Result<(), HttpError> {
        let Some(cache) = &self.0 else {
            return Ok(());
        };
        let copy = to_js(response).map_err(failure)?;
        cache.put(url, &copy).await.map_err(failure)
    }

    /// Removes the answer stored for `url`; true when there was one.
    pub async fn delete(&self, url: &str) -> Result<bool, HttpError> {
        match &self.0 {
            Some(cache) => cache.delete(url).await.map_err(failure),
            None => Ok(false),
        }
    }
}

/// A JS copy of a response whose body is bytes.
fn to_js(response: &Response) -> Result<web_sys::Response, String> {
    let ResponseBody::Bytes(body) = response.body_kind() else {
        return Err("only a response whose body is bytes can be cached".to_owned());
    };
    let headers = response.headers();
    let content_type = headers
        .get("content-type")
        .map_or(JsValue::UNDEFINED, JsValue::from_str);
    let others = headers.to_flat_without(|name| name.eq_ignore_ascii_case("content-type"));
    let status = response.status().as_u16();
    sys::http::respond(status, &content_type, others.as_deref(), body, true)
        .map_err(|err| sys::error_message(&err))
}

fn failure(message: String) -> HttpError {
    let why = format!("edgeapi: the Cache API failed: {message}");
    HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why)
}

/// Wraps a handler so that its GET answers are served from [`Cache::default`] for as
/// long as their `Cache-Control` allows, FastAPI-cache's `@cache()` as a function.
///
/// A miss runs the handler; its answer is stored (after the response is sent, through
/// `waitUntil`) when it is a 200 with a body of bytes, `Cache-Control` `max-age` or
/// `s-maxage` above 0, none of `no-store`, `no-cache` or `private`, no `Set-Cookie` and
/// no `Vary: *`. The key is the request's full URL, query included. Answers carry
/// [`CACHE_HEADER`]: `hit` or `miss`. Other methods, and hosts without a Cache API, run
/// the handler as if it were not wrapped.
pub fn cached<H: Handler<M>, M: 'static>(handler: H) -> Cached<H, M> {
    Cached {
        handler: Rc::new(handler),
        marker: PhantomData,
    }
}

/// A handler wrapped by [`cached`].
pub struct Cached<H, M> {
    handler: Rc<H>,
    marker: PhantomData<fn() -> M>,
}

/// Marks the [`Handler`] implementation of [`Cached`].
#[doc(hidden)]
pub struct ViaCache<M>(PhantomData<fn() -> M>);

impl<H: Handler<M>, M: 'static> Handler<ViaCache<M>> for Cached<H, M> {
    fn call(self: Rc<Self>, request: Request) -> Outcome {
        let method = request.parts().method().clone();
        let url = request.parts().js.as_ref().map(sys::http::url);
        let (true, Some(url)) = (method == Method::GET || method == Method::HEAD, url) else {
            return Rc::clone(&self.handler).call(request);
        };
        let handler = Rc::clone(&self.handler);
        let next = Box::new(move |request| handler.call(request));
        Outcome::Pending(Box::pin(through_cache(method, url, request, next)))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        H::openapi(op);
    }
}

/// A GET or HEAD through the cache: a fresh stored answer, else `next`'s, stored when it
/// may be. Not generic, so it exists once however many handlers are cached.
async fn through_cache(
    method: Method,
    url: String,
    request: Request,
    next: Box<dyn FnOnce(Request) -> Outcome>,
) -> Response {
    let cache = match Cache::default().await {
        Ok(cache) if cache.is_available() => cache,
        _ => return next(request).into_response().await,
    };
    if let Some(hit) = fresh(&cache, &url).await {
        return hit;
    }
    let ctx = request.parts().ctx().clone();
    let mut response = next(request).into_response().await;
    if method == Method::GET {
        if let Some(max_age) = storable_for(&response) {
            store(&ctx, cache, url, &response, max_age);
        }
    }
    response.set_header(CACHE_HEADER, "miss");
    response
}

/// The stored answer for `url` if it has not expired (an expired one is removed).
/// A cache that fails is logged and treated as a miss.
async fn fresh(cache: &Cache, url: &str) -> Option<Response> {
    let mut hit = cache.get(url).await.ok()??;
    let expires = hit
        .header(EXPIRES_HEADER)
        .and_then(|ms| ms.parse::<u64>().ok());
    if expires.is_some_and(|expires| expires <= sys::cache::epoch_ms()) {
        let _ = cache.delete(url).await;
        return None;
    }
    hit.headers_mut().remove(EXPIRES_HEADER);
    hit.set_header(CACHE_HEADER, "hit");
    Some(hit)
}

/// Stores a copy of `response`, marked with its expiry, once the response is sent.
fn store(ctx: &JsValue, cache: Cache, url: String, response: &Response, max_age: u64) {
    // Whole milliseconds: formatting or parsing an `f64` would link core's float code.
    let expires = sys::cache::epoch_ms().saturating_add(max_age.saturating_mul(1000));
    let mut copy = Response::new(response.status()).with_body(response.body().to_vec());
    *copy.headers_mut() = response.headers().clone();
    copy.set_header(EXPIRES_HEADER, expires.to_string());
    sys::context::wait_until(ctx, async move {
        let _ = cache.put(&url, &copy).await;
    });
}

/// For how many seconds a response may be cached, by its `Cache-Control`; `None` when it
/// may not be.
fn storable_for(response: &Response) -> Option<u64> {
    let headers = response.headers();
    let plain = response.status() == StatusCode::OK
        && matches!(response.body_kind(), ResponseBody::Bytes(_))
        && !headers.contains("set-cookie")
        && !headers.get_all("vary").any(|vary| vary.contains('*'));
    if !plain {
        return None;
    }
    max_age(
        &headers
            .get_all("cache-control")
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The lifetime a `Cache-Control` value gives a shared cache: `s-maxage`, else
/// `max-age`; `None` for `no-store`, `no-cache`, `private` or a lifetime of 0.
fn max_age(cache_control: &str) -> Option<u64> {
    let mut max_age = None;
    let mut shared = None;
    for directive in cache_control.split(',') {
        let (name, value) = match directive.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim().trim_matches('"'))),
            None => (directive.trim(), None),
        };
        let seconds = || value.and_then(|value| value.parse::<u64>().ok());
        match name.to_ascii_lowercase().as_str() {
            "no-store" | "no-cache" | "private" => return None,
            "max-age" => max_age = seconds(),
            "s-maxage" => shared = seconds(),
            _ => {}
        }
    }
    shared.or(max_age).filter(|&seconds| seconds > 0)
}

#[cfg(test)]
mod tests {
    use super::{max_age, storable_for};
    use crate::response::Response;
    use http::StatusCode;

    #[test]
    fn reads_cache_control_as_a_shared_cache() {
        assert_eq!(max_age("public, max-age=60"), Some(60));
        assert_eq!(max_age("max-age=60, s-maxage=600"), Some(600));
        assert_eq!(max_age("MAX-AGE=\"30\""), Some(30));
        assert_eq!(max_age("public, max-age=60, private"), None);
        assert_eq!(max_age("no-store"), None);
        assert_eq!(max_age("no-cache, max-age=60"), None);
        assert_eq!(max_age("max-age=0"), None);
        assert_eq!(max_age("max-age=soon"), None);
        assert_eq!(max_age(""), None);
    }

    #[test]
    fn stores_only_plain_answers() {
        let ok = || {
            Response::new(StatusCode::OK)
                .with_header("cache-control", "public, max-age=60")
                .with_body("x")
        };
        assert_eq!(storable_for(&ok()), Some(60));
        assert_eq!(storable_for(&ok().with_header("set-cookie", "a=1")), None);
        assert_eq!(storable_for(&ok().with_header("vary", "*")), None);
        let mut created = ok();
        created.set_status(StatusCode::CREATED);
        assert_eq!(storable_for(&created), None);
        let streamed = ok().with_stream(futures_util::stream::empty());
        assert_eq!(storable_for(&streamed), None);
    }
}
