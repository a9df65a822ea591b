//! [`Kv`]: a Workers KV namespace.

use http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::error::HttpError;
use crate::sys::kv::KvNamespace;

/// A Workers KV namespace: string values by key.
///
/// Failures of the store itself (a key over 512 bytes, a value over the limit, the
/// service down) are logged and answered 500, as FastAPI answers an unhandled error.
#[derive(Debug, Clone)]
pub struct Kv(KvNamespace);

/// One page of keys from `Kv::list` (its doc comments are also its API description).
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

impl Kv {
    pub(crate) fn new(namespace: KvNamespace) -> Self {
        Self(namespace)
    }

    /// The value at `key`, or `None`.
    pub async fn get(&self, key: &str) -> Result<Option<String>, HttpError> {
        self.0.get(key).await.map_err(failure)
    }

    /// Stores `value` at `key`.
    pub async fn put(&self, key: &str, value: &str) -> Result<(), HttpError> {
        self.0.put(key, value).await.map_err(failure)
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
        let (keys, complete, cursor) = self.0.list(prefix, limit, cursor).await.map_err(failure)?;
        Ok(KvList {
            keys,
            complete,
            cursor,
        })
    }
}

fn failure(message: String) -> HttpError {
    let why = format!("edgeapi: KV failed: {message}");
    HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why)
}
