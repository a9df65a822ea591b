//! Writing an object: [`R2::put`](super::R2::put)'s builder and the values it stores.

use std::collections::BTreeMap;
use std::future::IntoFuture;

use serde::Serialize;
use wasm_bindgen::JsValue;

use super::object::{HttpMetadata, R2Error, R2Future, R2Object};
use crate::extract::JsBody;
use crate::sys::r2::R2Bucket;
use crate::sys::{self, value};

/// A value to store in R2: bytes and text are copied once into JS; a [`JsBody`] is the
/// request's own stream, handed over untouched.
#[derive(Debug, Clone)]
pub struct R2Value(JsValue);

impl From<JsBody> for R2Value {
    fn from(body: JsBody) -> Self {
        R2Value(body.into_js())
    }
}

impl From<&[u8]> for R2Value {
    fn from(bytes: &[u8]) -> Self {
        R2Value(sys::http::bytes_to_js(bytes))
    }
}

impl From<Vec<u8>> for R2Value {
    fn from(bytes: Vec<u8>) -> Self {
        bytes.as_slice().into()
    }
}

impl From<&str> for R2Value {
    fn from(text: &str) -> Self {
        R2Value(text.into())
    }
}

impl From<String> for R2Value {
    fn from(text: String) -> Self {
        text.as_str().into()
    }
}

/// A write of an object being built; `.await` it. See [`R2::put`](super::R2::put).
#[derive(Debug)]
#[must_use = "a PutObject does nothing until it is awaited"]
pub struct PutObject<'a> {
    pub(super) bucket: &'a R2Bucket,
    pub(super) key: String,
    pub(super) value: R2Value,
    pub(super) http_metadata: HttpMetadata,
    pub(super) custom_metadata: BTreeMap<String, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PutOptions<'a> {
    http_metadata: &'a HttpMetadata,
    custom_metadata: &'a BTreeMap<String, String>,
}

impl<'a> PutObject<'a> {
    /// The `Content-Type` the object is answered with.
    pub fn content_type(mut self, content_type: &str) -> Self {
        self.http_metadata.content_type = Some(content_type.to_owned());
        self
    }

    /// All of its HTTP metadata at once.
    pub fn http_metadata(mut self, metadata: HttpMetadata) -> Self {
        self.http_metadata = metadata;
        self
    }

    /// Your own string pairs, stored with the object.
    pub fn custom_metadata<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let pairs = pairs.into_iter().map(|(k, v)| (k.into(), v.into()));
        self.custom_metadata.extend(pairs);
        self
    }

    async fn send(self) -> Result<R2Object, R2Error> {
        let options = PutOptions {
            http_metadata: &self.http_metadata,
            custom_metadata: &self.custom_metadata,
        };
        let options = value::to_js(&options).map_err(R2Error)?;
        let stored = self.bucket.put(&self.key, &self.value.0, &options).await;
        let stored = stored.map_err(R2Error)?;
        R2Object::read_optional(&stored)?.ok_or_else(|| R2Error("put() stored nothing".to_owned()))
    }
}

impl<'a> IntoFuture for PutObject<'a> {
    type Output = Result<R2Object, R2Error>;
    type IntoFuture = R2Future<'a, R2Object>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
