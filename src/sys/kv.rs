//! A Workers KV namespace binding.

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// A Workers KV namespace, as the host binds it in `env`.
    #[derive(Debug, Clone)]
    pub(crate) type KvNamespace;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_text(this: &KvNamespace, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_text(this: &KvNamespace, key: &str, value: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_key(this: &KvNamespace, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = list)]
    fn list_keys(this: &KvNamespace, options: &JsValue) -> Result<Promise, JsValue>;
}

/// Awaits a KV call; a thrown error or a rejection becomes its message.
async fn settle(call: Result<Promise, JsValue>) -> Result<JsValue, String> {
    let promise = call.map_err(|err| super::error_message(&err))?;
    JsFuture::from(promise)
        .await
        .map_err(|err| super::error_message(&err))
}

impl KvNamespace {
    /// The text at `key`, or `None`.
    pub(crate) async fn get(&self, key: &str) -> Result<Option<String>, String> {
        Ok(settle(self.get_text(key)).await?.as_string())
    }

    pub(crate) async fn put(&self, key: &str, value: &str) -> Result<(), String> {
        settle(self.put_text(key, value)).await.map(drop)
    }

    pub(crate) async fn delete(&self, key: &str) -> Result<(), String> {
        settle(self.delete_key(key)).await.map(drop)
    }

    /// One page of `list`: key names, whether it was the last page, and its cursor.
    pub(crate) async fn list(
        &self,
        prefix: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<(Vec<String>, bool, Option<String>), String> {
        let options = js_sys::Object::new();
        let set = |name: &str, value: JsValue| js_sys::Reflect::set(&options, &name.into(), &value);
        let _ = set("prefix", prefix.into());
        let _ = set("limit", limit.into());
        if let Some(cursor) = cursor {
            let _ = set("cursor", cursor.into());
        }
        let page = settle(self.list_keys(&options)).await?;
        let keys = super::property(&page, "keys")
            .and_then(|keys| keys.dyn_into::<js_sys::Array>().ok())
            .ok_or("list() answered without keys")?;
        let names = keys
            .iter()
            .filter_map(|key| super::property(&key, "name")?.as_string())
            .collect();
        let complete = super::property(&page, "list_complete").is_some_and(|done| done.is_truthy());
        let cursor = super::property(&page, "cursor")
            .and_then(|cursor| cursor.as_string())
            .filter(|cursor| !cursor.is_empty());
        Ok((names, complete, cursor))
    }
}
