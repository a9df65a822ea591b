//! The host's bindings: `env` (variables, secrets, KV namespaces) and `ctx` (the
//! execution context) of a worker's `fetch(request, env, ctx)`.

use std::convert::Infallible;
use std::future::Future;

use http::StatusCode;
use js_sys::{Promise, Reflect};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::HttpError;
use crate::extract::FromRequestParts;
use crate::request::Parts;
use crate::runtime::wait_until;

/// The worker's `env`: variables and secrets from `wrangler.toml` / `wrangler secret`,
/// and bindings such as KV namespaces.
///
/// ```no_run
/// use edgeapi::prelude::*;
///
/// async fn greeting(env: Env) -> Result<String, HttpError> {
///     let name = env.var("GREETING").unwrap_or_else(|| "Hello".into());
///     let visits = env.kv("CACHE")?.get("visits").await?.unwrap_or_default();
///     Ok(format!("{name}, visit {visits}"))
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Env(JsValue);

impl Env {
    /// A string variable or secret, or `None` when it is not set.
    pub fn var(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|value| value.as_string())
    }

    /// A secret: the same lookup as [`Env::var`], named for readability.
    pub fn secret(&self, name: &str) -> Option<String> {
        self.var(name)
    }

    /// The KV namespace bound as `name`. A missing binding is a bug in the deployment:
    /// it is logged and answered 500.
    pub fn kv(&self, name: &str) -> Result<Kv, HttpError> {
        match self.get(name) {
            Some(namespace) if namespace.is_object() => Ok(Kv(namespace.unchecked_into())),
            _ => {
                let why = format!("edgeapi: no KV namespace is bound as `{name}`");
                Err(HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why))
            }
        }
    }

    /// Any binding, as a raw JS value.
    pub fn get(&self, name: &str) -> Option<JsValue> {
        if !self.0.is_object() {
            return None;
        }
        Reflect::get(&self.0, &JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined())
    }
}

impl FromRequestParts for Env {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(Env(parts.env().clone()))
    }
}

/// The worker's execution context (`ctx`).
#[derive(Debug, Clone)]
pub struct Ctx(JsValue);

impl Ctx {
    /// Keeps the isolate alive until `future` finishes, after the response is sent.
    /// Where the host has no `waitUntil` (browsers, Node), the future still runs.
    pub fn wait_until(&self, future: impl Future<Output = ()> + 'static) {
        wait_until(&self.0, future);
    }

    /// The raw JS context.
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }
}

impl FromRequestParts for Ctx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(Ctx(parts.ctx().clone()))
    }
}

#[wasm_bindgen]
extern "C" {
    /// A Workers KV namespace binding.
    #[derive(Debug, Clone)]
    type KvNamespace;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_text(this: &KvNamespace, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_text(this: &KvNamespace, key: &str, value: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_key(this: &KvNamespace, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = list)]
    fn list_keys(this: &KvNamespace, options: &JsValue) -> Result<Promise, JsValue>;
}

/// A Workers KV namespace: string values by key.
///
/// Failures of the store itself (a key over 512 bytes, a value over the limit, the
/// service down) are logged and answered 500, as FastAPI answers an unhandled error.
#[derive(Debug, Clone)]
pub struct Kv(KvNamespace);

/// One page of keys from `Kv::list` (its doc comments are also its API description).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct KvList {
    /// Key names, in lexicographic order.
    pub keys: Vec<String>,
    /// True when there are no more pages.
    pub complete: bool,
    /// Pass to the next list call for the next page.
    pub cursor: Option<String>,
}

impl Kv {
    /// The value at `key`, or `None`.
    pub async fn get(&self, key: &str) -> Result<Option<String>, HttpError> {
        Ok(settle(self.0.get_text(key)).await?.as_string())
    }

    /// Stores `value` at `key`.
    pub async fn put(&self, key: &str, value: &str) -> Result<(), HttpError> {
        settle(self.0.put_text(key, value)).await.map(drop)
    }

    /// Deletes `key` (deleting a missing key is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), HttpError> {
        settle(self.0.delete_key(key)).await.map(drop)
    }

    /// Up to `limit` key names starting with `prefix`, from `cursor` on.
    pub async fn list(
        &self,
        prefix: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<KvList, HttpError> {
        let options = js_sys::Object::new();
        let set = |name: &str, value: JsValue| Reflect::set(&options, &name.into(), &value);
        let _ = set("prefix", prefix.into());
        let _ = set("limit", limit.into());
        if let Some(cursor) = cursor {
            let _ = set("cursor", cursor.into());
        }
        let page = settle(self.0.list_keys(&options)).await?;
        // Read field by field: a typed serde_json parse would link float formatting in.
        let field = |object: &JsValue, name: &str| Reflect::get(object, &name.into());
        let keys = field(&page, "keys")
            .ok()
            .and_then(|keys| keys.dyn_into::<js_sys::Array>().ok())
            .ok_or_else(|| failure("list() answered without keys"))?;
        Ok(KvList {
            keys: keys
                .iter()
                .filter_map(|key| field(&key, "name").ok()?.as_string())
                .collect(),
            complete: field(&page, "list_complete").is_ok_and(|done| done.is_truthy()),
            cursor: field(&page, "cursor")
                .ok()
                .and_then(|cursor| cursor.as_string())
                .filter(|cursor| !cursor.is_empty()),
        })
    }
}

/// Awaits a KV call, turning a thrown error or a rejection into a logged 500.
async fn settle(call: Result<Promise, JsValue>) -> Result<JsValue, HttpError> {
    let promise = call.map_err(|err| failure(&describe(&err)))?;
    JsFuture::from(promise)
        .await
        .map_err(|err| failure(&describe(&err)))
}

fn describe(err: &JsValue) -> String {
    err.dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
        .unwrap_or_else(|| format!("{err:?}"))
}

fn failure(message: &str) -> HttpError {
    let why = format!("edgeapi: KV failed: {message}");
    HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why)
}
