//! An R2 bucket binding: objects by key, with their bodies as the host's streams.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// An R2 bucket, as the host binds it in `env`.
    #[derive(Debug, Clone)]
    pub(crate) type R2Bucket;

    #[wasm_bindgen(method, catch, js_name = head)]
    fn head_js(this: &R2Bucket, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_js(this: &R2Bucket, key: &str, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_js(
        this: &R2Bucket,
        key: &str,
        value: &JsValue,
        options: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_js(this: &R2Bucket, keys: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = list)]
    fn list_js(this: &R2Bucket, options: &JsValue) -> Result<Promise, JsValue>;

    /// An object with its body (`R2ObjectBody`).
    #[derive(Debug, Clone)]
    pub(crate) type R2ObjectBody;

    #[wasm_bindgen(method, catch, js_name = arrayBuffer)]
    fn array_buffer_js(this: &R2ObjectBody) -> Result<Promise, JsValue>;
}

impl R2ObjectBody {
    /// The whole body, read into wasm memory.
    pub(crate) async fn bytes(&self) -> Result<Vec<u8>, String> {
        let buffer = settle(self.array_buffer_js()).await?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

impl R2Bucket {
    /// The object's metadata (an `R2Object`), or `null`.
    pub(crate) async fn head(&self, key: &str) -> Result<JsValue, String> {
        settle(self.head_js(key)).await
    }

    /// An `R2ObjectBody`; an `R2Object` without `body` when `onlyIf` failed; or `null`.
    pub(crate) async fn get(&self, key: &str, options: &JsValue) -> Result<JsValue, String> {
        settle(self.get_js(key, options)).await
    }

    /// Stores `value` (a stream, bytes or text): the new `R2Object`, or `null` when
    /// `onlyIf` failed.
    pub(crate) async fn put(
        &self,
        key: &str,
        value: &JsValue,
        options: &JsValue,
    ) -> Result<JsValue, String> {
        settle(self.put_js(key, value, options)).await
    }

    /// Deletes the keys (a string, or an array of them).
    pub(crate) async fn delete(&self, keys: &JsValue) -> Result<(), String> {
        settle(self.delete_js(keys)).await.map(drop)
    }

    /// One page of objects: `{objects, truncated, cursor, delimitedPrefixes}`.
    pub(crate) async fn list(&self, options: &JsValue) -> Result<JsValue, String> {
        settle(self.list_js(options)).await
    }
}

/// A JS `Headers` object holding `fields`, for options the host reads as headers
/// (`onlyIf`).
pub(crate) fn headers<'a>(fields: impl IntoIterator<Item = (&'a str, &'a str)>) -> JsValue {
    let Ok(headers) = web_sys::Headers::new() else {
        return JsValue::UNDEFINED;
    };
    for (name, value) in fields {
        // A value the host refuses is left out, as a malformed header is ignored.
        let _ = headers.append(name, value);
    }
    headers.into()
}

/// Milliseconds since 1970 of a `Date` property (`uploaded`), or `None`.
pub(crate) fn date_ms(object: &JsValue, name: &str) -> Option<f64> {
    let date = super::property(object, name)?;
    date.dyn_ref::<js_sys::Date>().map(js_sys::Date::get_time)
}
