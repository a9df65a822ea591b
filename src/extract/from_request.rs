//! The two extractor traits: [`FromRequestParts`] for arguments that read the request's
//! parts, [`FromRequest`] for the last argument, which may consume the body.

use std::future::Future;

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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor that reads the request's parts",
    label = "not an extractor",
    note = "arguments before the last are extractors such as Path<T>, Query<T>, Header<T>, \
            Cookie<T>, State<T>, Env, Ctx, BackgroundTasks, or your own FromRequestParts type",
    note = "a body extractor (Json<T>, Form<T>, Bytes, String, Request) must be the last argument",
    note = "Query<T>, Path<T>, Header<T> and Cookie<T> read into T, which must implement \
            serde's Deserialize (#[derive(Deserialize)])"
)]
pub trait FromRequestParts: Sized {
    /// What the request gets back when extraction fails.
    type Rejection: IntoResponse;

    /// Reads `Self` from the parts.
    fn from_request_parts(parts: &mut Parts)
        -> impl Future<Output = Result<Self, Self::Rejection>>;

    /// Where this extractor's validation errors go in the route's one 422; your own
    /// extractors are dependencies, listed first.
    #[doc(hidden)]
    fn order() -> Order {
        Order::Dependency
    }

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
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an extractor",
    label = "not an extractor",
    note = "a handler's arguments are extractors such as Path<T>, Query<T>, Header<T>, \
            Json<T>, Form<T>, Bytes, String, State<T>, Env, or your own FromRequestParts type",
    note = "Json<T>, Form<T>, Query<T>, Path<T>, Header<T> and Cookie<T> read into T, which \
            must implement serde's Deserialize (#[derive(Deserialize)])"
)]
pub trait FromRequest<M = ViaRequest>: Sized {
    /// What the request gets back when extraction fails.
    type Rejection: IntoResponse;

    /// Reads `Self` from the whole request.
    fn from_request(request: Request) -> impl Future<Output = Result<Self, Self::Rejection>>;

    /// Where this extractor's validation errors go in the route's one 422.
    #[doc(hidden)]
    fn order() -> Order {
        Order::Dependency
    }

    /// Describes this extractor in the OpenAPI document; see
    /// [`FromRequestParts::openapi`]. Does nothing unless overridden.
    #[cfg(feature = "openapi")]
    fn openapi(_op: &mut Operation<'_>) {}
}

/// Where an extractor's validation errors are listed in a route's one 422, in FastAPI's
/// order: dependencies (in argument order), then path, query, header and cookie
/// parameters, then the body.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Order {
    Dependency,
    Path,
    Query,
    Header,
    Cookie,
    Body,
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

    fn order() -> Order {
        T::order()
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
