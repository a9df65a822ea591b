//! A Workers KV namespace binding.

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// A Workers KV namespace, as the host binds it in `env`.
    #[derive(Debug, Clone)]
    pub(crate) type KvNamespace;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_js(this: &KvNamespace, key: &str, kind: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = getWithMetadata)]
    fn get_with_metadata_js(this: &KvNamespace, key: &str, kind: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_js(
        this: &KvNamespace,
        key: &str,
        value: &JsValue,
        options: &JsValue,
    ) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_key(this: &KvNamespace, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = list)]
    fn list_keys(this: &KvNamespace, options: &JsValue) -> Result<Promise, JsValue>;
}

impl KvNamespace {
    /// The text at `key`, or `None`.
    pub(crate) async fn get(&self, key: &str) -> Result<Option<String>, String> {
        Ok(settle(self.get_js(key, "text")).await?.as_string())
    }

    /// The bytes at `key`, or `None`.
    pub(crate) async fn get_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, String> {
        let value = settle(self.get_js(key, "arrayBuffer")).await?;
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        Ok(Some(js_sys::Uint8Array::new(&value).to_vec()))
    }

    /// The text at `key` and its metadata (a JS value, `null` for none); `None` when the
    /// key is missing.
    pub(crate) async fn get_with_metadata(
        &self,
        key: &str,
    ) -> Result<Option<(String, JsValue)>, String> {
        let found = settle(self.get_with_metadata_js(key, "text")).await?;
        let Some(text) = super::property(&found, "value").and_then(|v| v.as_string()) else {
            return Ok(None);
        };
        let metadata = super::property(&found, "metadata").unwrap_or(JsValue::NULL);
        Ok(Some((text, metadata)))
    }

    /// Stores `value` (text or bytes) with `options` (`{expirationTtl, expiration,
    /// metadata}`).
    pub(crate) async fn put(
        &self,
        key: &str,
        value: &JsValue,
        options: &JsValue,
    ) -> Result<(), String> {
        settle(self.put_js(key, value, options)).await.map(drop)
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), String> {
        settle(self.delete_key(key)).await.map(drop)
    }

    /// One page of `list` (`{prefix, limit, cursor}`): `{keys, list_complete, cursor}`.
    pub(crate) async fn list(&self, options: &JsValue) -> Result<JsValue, String> {
        settle(self.list_keys(options)).await
    }
}
