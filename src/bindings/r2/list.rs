//! Listing objects: [`R2::list`](super::R2::list)'s builder and one page of what it found.

use std::future::IntoFuture;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use super::object::{R2Error, R2Future, R2Object};
use crate::sys::r2::{self as js, R2Bucket};
use crate::sys::{self, value};

#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cursor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    delimiter: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    limit: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    include: Vec<&'static str>,
}

/// A listing being built; `.await` it. See [`R2::list`](super::R2::list).
#[derive(Debug)]
#[must_use = "a ListObjects does nothing until it is awaited"]
pub struct ListObjects<'a> {
    pub(super) bucket: &'a R2Bucket,
    pub(super) options: ListOptions,
}

/// One page of a listing.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct R2List {
    /// The objects, in key order (metadata only with [`ListObjects::include_metadata`]).
    pub objects: Vec<R2Object>,
    /// True when there are more pages: pass `cursor` for the next one.
    pub truncated: bool,
    /// Where the next page starts.
    #[serde(default)]
    pub cursor: Option<String>,
    /// The key prefixes up to the delimiter, when one was given.
    #[serde(default)]
    pub delimited_prefixes: Vec<String>,
}

impl<'a> ListObjects<'a> {
    /// Only keys that start with `prefix`.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.options.prefix = Some(prefix.to_owned());
        self
    }

    /// The page after the one that answered this cursor.
    pub fn cursor(mut self, cursor: &str) -> Self {
        self.options.cursor = Some(cursor.to_owned());
        self
    }

    /// At most `limit` objects (R2 allows 1 to 1000; others are brought within that).
    pub fn limit(mut self, limit: u32) -> Self {
        self.options.limit = Some(limit.clamp(1, 1000));
        self
    }

    /// Groups keys by their part up to `delimiter` (`"/"` for folders) into
    /// [`R2List::delimited_prefixes`].
    pub fn delimiter(mut self, delimiter: &str) -> Self {
        self.options.delimiter = Some(delimiter.to_owned());
        self
    }

    /// Lists each object with its HTTP and custom metadata.
    pub fn include_metadata(mut self) -> Self {
        self.options.include = vec!["httpMetadata", "customMetadata"];
        self
    }

    async fn send(self) -> Result<R2List, R2Error> {
        let options = value::to_js(&self.options).map_err(R2Error)?;
        let page = self.bucket.list(&options).await.map_err(R2Error)?;
        let mut list: R2List = value::from_js(page.clone())
            .map_err(|why| R2Error(format!("R2 answered a list that does not fit: {why}")))?;
        // Upload dates are JS `Date`s: read apart, one property each.
        if let Some(objects) = sys::property(&page, "objects") {
            let objects: js_sys::Array = objects.unchecked_into();
            for (index, object) in list.objects.iter_mut().enumerate() {
                let js = objects.get(index as u32);
                object.uploaded_ms = js::date_ms(&js, "uploaded").unwrap_or_default();
            }
        }
        Ok(list)
    }
}

impl<'a> IntoFuture for ListObjects<'a> {
    type Output = Result<R2List, R2Error>;
    type IntoFuture = R2Future<'a, R2List>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
