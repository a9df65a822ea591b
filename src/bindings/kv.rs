//! [`Kv`]: a Workers KV namespace.

use std::future::{Future, IntoFuture};
use std::pin::Pin;

use http::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::error::HttpError;
use crate::sys::kv::KvNamespace;
use crate::sys::{self, value};

/// A Workers KV namespace: values (text, bytes, JSON) by key, each with optional
/// metadata and expiry.
///
/// Failures of the store itself (a key over 512 bytes, a value over the limit, a TTL
/// under 60 s, the service down) are logged and answered 500, as FastAPI answers an
/// unhandled error.
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize, Serialize)]
/// struct Session { user: String }
///
/// async fn login(env: Env) -> Result<&'static str, HttpError> {
///     let kv = env.kv("SESSIONS")?;
///     kv.put_json("s:1", &Session { user: "ada".into() })
///         .expiration_ttl(3600)                                 // gone in an hour
///         .metadata(&serde_json::json!({ "ip": "127.0.0.1" }))
///         .await?;
///     let session: Option<Session> = kv.get_json("s:1").await?;
///     Ok(if session.is_some() { "in" } else { "out" })
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Kv(KvNamespace);

/// One page of key names from [`Kv::list`] (its doc comments are also its API
/// description).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
pub struct KvList {
    /// Key names, in lexicographic order.
    pub keys: Vec<String>,
    /// True when there are no more pages.
    pub complete: bool,
    /// Pass to the next list call for the next page.
    pub cursor: Option<String>,
}

/// One page of keys with their expiry and metadata, from [`Kv::list_with_metadata`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KvKeys<M> {
    /// The keys, in lexicographic order.
    pub keys: Vec<KvKey<M>>,
    /// True when there are no more pages.
    pub complete: bool,
    /// Pass to the next list call for the next page.
    pub cursor: Option<String>,
}

/// A key as [`Kv::list_with_metadata`] lists it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct KvKey<M> {
    /// The key.
    pub name: String,
    /// When it expires, in seconds since 1970, if it does.
    #[serde(default)]
    pub expiration: Option<u64>,
    /// The metadata stored with it, if any.
    #[serde(default = "none")]
    pub metadata: Option<M>,
}

fn none<M>() -> Option<M> {
    None
}

/// KV's page of keys, as `list()` answers it.
#[derive(Deserialize)]
struct Page<M> {
    keys: Vec<KvKey<M>>,
    #[serde(default)]
    list_complete: bool,
    #[serde(default)]
    cursor: Option<String>,
}

impl Kv {
    pub(crate) fn new(namespace: KvNamespace) -> Self {
        Self(namespace)
    }

    /// The value at `key` as text, or `None`.
    pub async fn get(&self, key: &str) -> Result<Option<String>, HttpError> {
        self.0.get(key).await.map_err(failure)
    }

    /// The value at `key` as text, or `None` (the same as [`Kv::get`]).
    pub async fn get_text(&self, key: &str) -> Result<Option<String>, HttpError> {
        self.get(key).await
    }

    /// The value at `key` as bytes, or `None`.
    pub async fn get_bytes(&self, key: &str) -> Result<Option<Vec<u8>>, HttpError> {
        self.0.get_bytes(key).await.map_err(failure)
    }

    /// The JSON value at `key` read into `T`, or `None`. A stored value that is not a
    /// `T` is a bug in the app: logged, and answered 500.
    pub async fn get_json<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, HttpError> {
        // KV keeps JSON as text: one string crosses, and serde_json reads it in place.
        let Some(text) = self.get(key).await? else {
            return Ok(None);
        };
        serde_json::from_str(&text).map(Some).map_err(|err| {
            failure(format!(
                "the value at `{key}` is not the JSON expected: {err}"
            ))
        })
    }

    /// The text at `key` with the metadata stored beside it (`None` when it has none), or
    /// `None` for a missing key.
    pub async fn get_with_metadata<M: DeserializeOwned>(
        &self,
        key: &str,
    ) -> Result<Option<(String, Option<M>)>, HttpError> {
        let Some((text, metadata)) = self.0.get_with_metadata(key).await.map_err(failure)? else {
            return Ok(None);
        };
        let metadata = value::from_js::<Option<M>>(metadata).map_err(|err| {
            failure(format!(
                "the metadata of `{key}` is not the type expected: {err}"
            ))
        })?;
        Ok(Some((text, metadata)))
    }

    /// Stores `value` (text or bytes) at `key`; set an expiry or metadata on the builder,
    /// then `.await` it.
    pub fn put(&self, key: &str, value: impl Into<KvValue>) -> KvPut<'_> {
        KvPut {
            namespace: &self.0,
            key: key.to_owned(),
            value: Ok(value.into().0),
            expiration_ttl: None,
            expiration: None,
            metadata: Ok(JsValue::UNDEFINED),
        }
    }

    /// Stores `value` as JSON text at `key` (read it back with [`Kv::get_json`]).
    pub fn put_json<T: Serialize + ?Sized>(&self, key: &str, value: &T) -> KvPut<'_> {
        let text = serde_json::to_string(value)
            .map(JsValue::from)
            .map_err(|err| failure(format!("a value for `{key}` does not serialize: {err}")));
        KvPut {
            value: text,
            ..self.put(key, "")
        }
    }

    /// Deletes `key` (deleting a missing key is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), HttpError> {
        self.0.delete(key).await.map_err(failure)
    }

    /// Up to `limit` key names starting with `prefix`, from `cursor` on.
    pub async fn list(
        &self,
        prefix: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<KvList, HttpError> {
        let page = self.page::<IgnoredAny>(prefix, limit, cursor).await?;
        Ok(KvList {
            keys: page.keys.into_iter().map(|key| key.name).collect(),
            complete: page.complete,
            cursor: page.cursor,
        })
    }

    /// Up to `limit` keys starting with `prefix`, from `cursor` on, each with its expiry
    /// and its metadata read into `M`.
    pub async fn list_with_metadata<M: DeserializeOwned>(
        &self,
        prefix: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<KvKeys<M>, HttpError> {
        self.page(prefix, limit, cursor).await
    }

    async fn page<M: DeserializeOwned>(
        &self,
        prefix: &str,
        limit: u32,
        cursor: Option<&str>,
    ) -> Result<KvKeys<M>, HttpError> {
        let options = sys::new_object();
        sys::set_property(&options, "prefix", &prefix.into());
        sys::set_property(&options, "limit", &limit.into());
        if let Some(cursor) = cursor {
            sys::set_property(&options, "cursor", &cursor.into());
        }
        let page = self.0.list(&options).await.map_err(failure)?;
        let page: Page<M> = value::from_js(page)
            .map_err(|err| failure(format!("list() answered keys of another shape: {err}")))?;
        Ok(KvKeys {
            keys: page.keys,
            complete: page.list_complete,
            cursor: page.cursor.filter(|cursor| !cursor.is_empty()),
        })
    }
}

/// A value to store in KV: text, or bytes.
#[derive(Debug, Clone)]
pub struct KvValue(JsValue);

impl From<&str> for KvValue {
    fn from(text: &str) -> Self {
        KvValue(text.into())
    }
}

impl From<String> for KvValue {
    fn from(text: String) -> Self {
        KvValue(text.into())
    }
}

impl From<&String> for KvValue {
    fn from(text: &String) -> Self {
        text.as_str().into()
    }
}

impl From<&[u8]> for KvValue {
    fn from(bytes: &[u8]) -> Self {
        KvValue(sys::http::bytes_to_js(bytes))
    }
}

impl From<Vec<u8>> for KvValue {
    fn from(bytes: Vec<u8>) -> Self {
        bytes.as_slice().into()
    }
}

/// A write to KV being built; `.await` it. See [`Kv::put`].
#[derive(Debug)]
#[must_use = "a KvPut does nothing until it is awaited"]
pub struct KvPut<'a> {
    namespace: &'a KvNamespace,
    key: String,
    value: Result<JsValue, HttpError>,
    expiration_ttl: Option<u64>,
    expiration: Option<u64>,
    metadata: Result<JsValue, HttpError>,
}

impl<'a> KvPut<'a> {
    /// Expires the key `seconds` from now (KV's minimum is 60).
    pub fn expiration_ttl(mut self, seconds: u64) -> Self {
        self.expiration_ttl = Some(seconds);
        self
    }

    /// Expires the key at `seconds_since_1970` (at least 60 s ahead).
    pub fn expiration(mut self, seconds_since_1970: u64) -> Self {
        self.expiration = Some(seconds_since_1970);
        self
    }

    /// Stores `metadata` beside the value: any serde value whose JSON is at most 1024
    /// bytes, read back by [`Kv::get_with_metadata`] and [`Kv::list_with_metadata`].
    pub fn metadata<M: Serialize + ?Sized>(mut self, metadata: &M) -> Self {
        let key = &self.key;
        self.metadata = value::to_js(metadata).map_err(|err| {
            failure(format!(
                "the metadata for `{key}` does not serialize: {err}"
            ))
        });
        self
    }

    async fn send(self) -> Result<(), HttpError> {
        let value = self.value?;
        let metadata = self.metadata?;
        let options = sys::new_object();
        let number = |n: u64| JsValue::from_f64(n as f64);
        if let Some(ttl) = self.expiration_ttl {
            sys::set_property(&options, "expirationTtl", &number(ttl));
        }
        if let Some(at) = self.expiration {
            sys::set_property(&options, "expiration", &number(at));
        }
        if !metadata.is_undefined() {
            sys::set_property(&options, "metadata", &metadata);
        }
        let stored = self.namespace.put(&self.key, &value, &options).await;
        stored.map_err(failure)
    }
}

impl<'a> IntoFuture for KvPut<'a> {
    type Output = Result<(), HttpError>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<(), HttpError>> + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

fn failure(message: String) -> HttpError {
    let why = format!("edgeapi: KV failed: {message}");
    HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why)
}
