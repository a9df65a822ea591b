//! The Cache API: `caches.default` on workerd, `caches.open(name)` wherever there is one.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// One cache of the host's `CacheStorage`.
    #[derive(Debug, Clone)]
    pub(crate) type Cache;

    #[wasm_bindgen(method, catch, js_name = match)]
    fn match_js(this: &Cache, request: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_js(
        this: &Cache,
        request: &str,
        response: &web_sys::Response,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_js(this: &Cache, request: &str) -> Result<Promise, JsValue>;

    type CacheStorage;

    #[wasm_bindgen(method, catch, js_name = open)]
    fn open_js(this: &CacheStorage, name: &str) -> Result<Promise, JsValue>;
}

/// The host's `caches`, or `None` where there is none (Node, Bun, a page that is not a
/// secure context).
fn storage() -> Option<CacheStorage> {
    super::property(&js_sys::global(), "caches").map(JsCast::unchecked_into)
}

/// workerd's `caches.default`; elsewhere the cache named `default`; `None` without a
/// Cache API.
pub(crate) async fn default() -> Result<Option<Cache>, String> {
    let Some(caches) = storage() else {
        return Ok(None);
    };
    match super::property(&caches, "default") {
        Some(cache) => Ok(Some(cache.unchecked_into())),
        None => open_in(&caches, "default").await.map(Some),
    }
}

/// The cache named `name`, created if new; `None` without a Cache API.
pub(crate) async fn open(name: &str) -> Result<Option<Cache>, String> {
    match storage() {
        Some(caches) => open_in(&caches, name).await.map(Some),
        None => Ok(None),
    }
}

async fn open_in(caches: &CacheStorage, name: &str) -> Result<Cache, String> {
    Ok(settle(caches.open_js(name)).await?.unchecked_into())
}

impl Cache {
    /// The stored `Response` for the GET of `url`, or `None`.
    pub(crate) async fn get(&self, url: &str) -> Result<Option<web_sys::Response>, String> {
        let found = settle(self.match_js(url)).await?;
        Ok(found.dyn_into::<web_sys::Response>().ok())
    }

    /// Stores `response` as the answer to the GET of `url`.
    pub(crate) async fn put(&self, url: &str, response: &web_sys::Response) -> Result<(), String> {
        settle(self.put_js(url, response)).await.map(drop)
    }

    /// Removes the answer stored for `url`; true when there was one.
    pub(crate) async fn delete(&self, url: &str) -> Result<bool, String> {
        Ok(settle(self.delete_js(url)).await?.is_truthy())
    }
}

/// A JS `Response`'s status, its headers in the flat boundary encoding, and its body as
/// the host's stream (`null` for none), without reading the body.
pub(crate) fn response_parts(response: &web_sys::Response) -> (u16, String, JsValue) {
    let mut flat = String::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&response.headers()) {
        for entry in entries.flatten() {
            let pair: js_sys::Array = entry.unchecked_into();
            let (name, value) = (pair.get(0).as_string(), pair.get(1).as_string());
            if let (Some(name), Some(value)) = (name, value) {
                flat.push_str(&name);
                flat.push('\n');
                flat.push_str(&value);
                flat.push('\n');
            }
        }
    }
    let body = response.body().map_or(JsValue::NULL, JsValue::from);
    (response.status(), flat, body)
}

/// Whole milliseconds since 1970 on the host's clock.
pub(crate) fn epoch_ms() -> u64 {
    js_sys::Date::now() as u64
}
