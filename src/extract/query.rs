//! `Query<T>`: typed query-string parameters.

use serde::de::DeserializeOwned;

use super::from_request::{FromRequestParts, Order};
use super::path::ParamsRejection;
use crate::request::Parts;
use crate::validate::{from_params, Source};

/// Query-string parameters deserialized with serde into a struct or map.
///
/// Missing optional fields become `None`, `#[serde(default)]` fills defaults, repeated keys
/// fill a `Vec`, and bad values answer 422 with FastAPI's error body, listing every problem.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Page {
///     #[serde(default)]
///     skip: u32,
///     limit: Option<u32>,
/// }
///
/// fn list(Query(page): Query<Page>) -> String {
///     format!("{} {:?}", page.skip, page.limit)
/// }
/// let app = App::new().get("/items", list);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts for Query<T> {
    type Rejection = ParamsRejection;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, ParamsRejection> {
        from_params(Source::Query, &query_pairs(parts))
            .map(Query)
            .map_err(ParamsRejection)
    }

    fn order() -> Order {
        Order::Query
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.parameters_of::<T>(crate::describe::ParameterIn::Query);
    }
}

/// The decoded query string, whatever `T` reads it.
#[inline(never)]
fn query_pairs(parts: &Parts) -> Vec<(String, String)> {
    form_urlencoded::parse(parts.query().as_bytes())
        .into_owned()
        .collect()
}
