//! [`R2`]: an R2 bucket. Objects by key; their bodies stream both ways without passing
//! through wasm memory. Reading (ranges, conditions, the answer) is in `get`, writing in
//! `put`, listing in `list`, and what they share (an object's metadata, the error) in
//! `object`.

mod get;
mod list;
mod object;
mod put;

use std::collections::BTreeMap;

use crate::sys::r2::R2Bucket;

pub use get::{GetObject, R2Body, R2Get, R2Range};
pub use list::{ListObjects, R2List};
pub use object::{HttpMetadata, R2Error, R2Object};
pub use put::{PutObject, R2Value};

use list::ListOptions;

/// An R2 bucket: objects (bytes with HTTP and custom metadata) by key.
///
/// Bodies stream both ways: [`R2::put`] takes the request's own body stream
/// ([`JsBody`](crate::extract::JsBody)), and an object read with [`R2::get`] answers as a
/// response whose body is R2's stream, with its content type, `ETag`, and
/// `206`/`304`/`412`/`416` as the request's `Range` and `If-*` headers ask.
///
/// ```no_run
/// use edgeapi::extract::JsBody;
/// use edgeapi::prelude::*;
///
/// async fn upload(env: Env, Path(key): Path<String>, body: JsBody) -> Result<String, HttpError> {
///     let stored = env.r2("FILES")?.put(&key, body).content_type("image/png").await?;
///     Ok(stored.etag)                                   // the upload never entered wasm memory
/// }
///
/// async fn download(env: Env, Path(key): Path<String>, request: Request) -> Result<Response, HttpError> {
///     let headers = request.parts().headers().clone();
///     match env.r2("FILES")?.get(&key).headers(&headers).await? {
///         Some(answer) => Ok(answer.into_response()),   // 200, 206, 304, 412 or 416
///         None => Err(HttpError::new(StatusCode::NOT_FOUND, "File not found")),
///     }
/// }
/// ```
#[derive(Debug, Clone)]
pub struct R2(R2Bucket);

impl R2 {
    pub(crate) fn new(bucket: R2Bucket) -> Self {
        Self(bucket)
    }

    /// The object's metadata, without its body; `None` when there is no such key.
    pub async fn head(&self, key: &str) -> Result<Option<R2Object>, R2Error> {
        let found = self.0.head(key).await.map_err(R2Error)?;
        R2Object::read_optional(&found)
    }

    /// Reads an object; set a range or conditions on the builder, then `.await` it.
    pub fn get(&self, key: &str) -> GetObject<'_> {
        GetObject {
            bucket: &self.0,
            key: key.to_owned(),
            range: None,
            conditions: Vec::new(),
        }
    }

    /// Stores `value` (bytes, text, or a [`JsBody`](crate::extract::JsBody) streamed as it arrives) at `key`; set
    /// its content type and metadata on the builder, then `.await` it for the stored
    /// object (its `etag`, its `size`).
    pub fn put(&self, key: &str, value: impl Into<R2Value>) -> PutObject<'_> {
        PutObject {
            bucket: &self.0,
            key: key.to_owned(),
            value: value.into(),
            http_metadata: HttpMetadata::default(),
            custom_metadata: BTreeMap::new(),
        }
    }

    /// Deletes `key` (deleting a missing key is not an error).
    pub async fn delete(&self, key: &str) -> Result<(), R2Error> {
        self.0.delete(&key.into()).await.map_err(R2Error)
    }

    /// Lists objects in key order; set a prefix, cursor or limit on the builder, then
    /// `.await` it for one page.
    pub fn list(&self) -> ListObjects<'_> {
        ListObjects {
            bucket: &self.0,
            options: ListOptions::default(),
        }
    }
}
