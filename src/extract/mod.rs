//! Extractors: typed handler arguments read from the request.
//!
//! Every argument but the last implements [`FromRequestParts`] and may only look at the
//! request's [`Parts`]; the last implements [`FromRequest`] and may consume the body. A
//! body extractor in any other position does not compile. Both traits are async so that an
//! extractor may wait (for a body, a KV read); sync handlers whose extractors finish at once
//! still answer without a Promise.
//!
//! ```
//! use edgeapi::prelude::*;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Search { q: Option<String> }
//!
//! fn read_item(Path(item_id): Path<u32>, Query(search): Query<Search>) -> String {
//!     format!("{item_id} {:?}", search.q)
//! }
//!
//! let app = App::new().get("/items/{item_id}", read_item);
//! ```

mod body;
mod context;
mod header;
pub(crate) mod json_body;
mod params;
mod path;
mod query;
mod stream_body;

use std::future::Future;

pub use body::{BodyRejection, Bytes, Form};
pub use context::State;
pub use header::{Cookie, Header};
pub use path::{ParamsRejection, Path};
pub use query::Query;
pub use stream_body::JsBody;

#[cfg(feature = "openapi")]
use crate::describe::Operation;
use crate::request::{Parts, Request};
use crate::response::IntoResponse;

/// An extractor that reads only the request's parts, so any number may run per request.
///
/// Implement it for your own types to get what FastAPI's `Depends` gives:
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::{extract::FromRequestParts, Parts};
///
/// struct ItemCount(usize);
///
/// impl FromRequestParts for ItemCount {
///     type Rejection = HttpError;
///     async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
///         Ok(ItemCount(parts.path_params().len()))
///     }
/// }
///
/// fn count(ItemCount(n): ItemCount) -> String { n.to_string() }
/// let app = App::new().get("/{a}/{b}", count);
/// ```
pub trait FromRequestParts: Sized {
    /// What the request gets back when extraction fails.
    type Rejection: IntoResponse;

    /// Reads `Self` from the parts.
    fn from_request_parts(parts: &mut Parts)
        -> impl Future<Output = Result<Self, Self::Rejection>>;

    /// Describes this extractor in the OpenAPI document: the one place it is described.
    /// Every route that uses it calls this; the schemas of the types a handler names are
    /// available through [`Operation::schema_of`] and the `..._of` methods under
    /// `#[edgeapi::openapi]`. Does nothing unless overridden.
    #[cfg(feature = "openapi")]
    fn openapi(_op: &mut Operation<'_>) {}
}

/// An extractor that may consume the body; only a handler's last argument may be one.
///
/// The marker `M` lets every [`FromRequestParts`] type serve as a last argument too.
pub trait FromRequest<M = ViaRequest>: Sized {
    /// What the request gets back when extraction fails.
    type Rejection: IntoResponse;

    /// Reads `Self` from the whole request.
    fn from_request(request: Request) -> impl Future<Output = Result<Self, Self::Rejection>>;

    /// Describes this extractor in the OpenAPI document; see
    /// [`FromRequestParts::openapi`]. Does nothing unless overridden.
    #[cfg(feature = "openapi")]
    fn openapi(_op: &mut Operation<'_>) {}
}

/// Marks a [`FromRequest`] implementation that reads the request itself.
#[doc(hidden)]
pub enum ViaRequest {}

/// Marks the [`FromRequest`] implementation every [`FromRequestParts`] type gets.
#[doc(hidden)]
pub enum ViaParts {}

impl<T: FromRequestParts> FromRequest<ViaParts> for T {
    type Rejection = T::Rejection;

    async fn from_request(request: Request) -> Result<Self, Self::Rejection> {
        T::from_request_parts(&mut request.into_parts().0).await
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        <T as FromRequestParts>::openapi(op);
    }
}

impl FromRequest for Request {
    type Rejection = std::convert::Infallible;

    async fn from_request(request: Request) -> Result<Self, Self::Rejection> {
        Ok(request)
    }
}

impl IntoResponse for std::convert::Infallible {
    fn into_response(self) -> crate::Response {
        match self {}
    }
}
