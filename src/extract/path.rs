//! `Path<T>`: typed path parameters.

use http::StatusCode;
use serde::de::DeserializeOwned;

use super::from_request::{FromRequestParts, Order};
use crate::error::{HttpError, ValidationError};
use crate::request::Parts;
use crate::response::{IntoResponse, Response};
use crate::validate::{from_params, is_programmer_error, Source};

/// Path parameters captured by the route, deserialized with serde.
///
/// One parameter into a single value, several into a tuple (in route order) or a struct
/// (by name). A value that does not parse answers 422 with FastAPI's error body.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// async fn one(Path(item_id): Path<u32>) -> String { item_id.to_string() }
/// fn two(Path((user, item)): Path<(String, u32)>) -> String { format!("{user}/{item}") }
///
/// #[derive(Deserialize)]
/// struct File { path: String }
/// fn file(Path(file): Path<File>) -> String { file.path }
///
/// let app = App::new()
///     .get("/items/{item_id}", one)
///     .get("/users/{user}/items/{item}", two)
///     .get("/files/{*path}", file);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts for Path<T> {
    type Rejection = ParamsRejection;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, ParamsRejection> {
        from_params(Source::Path, parts.path_params())
            .map(Path)
            .map_err(ParamsRejection)
    }

    fn order() -> Order {
        Order::Path
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.path_parameters_of::<T>();
    }
}

/// Why path or query parameters could not be extracted.
///
/// Bad input answers 422 with FastAPI's body. An extractor that does not fit its route
/// (such as `Path<u32>` on a route with two parameters) is a bug in the app: it is logged
/// and answered 500 `{"detail":"Internal Server Error"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsRejection(pub(crate) ValidationError);

impl ParamsRejection {
    /// The validation error behind the rejection.
    pub fn validation_error(&self) -> &ValidationError {
        &self.0
    }
}

impl std::fmt::Display for ParamsRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// So that `?` passes it up as an `edgeapi::Error`, which answers it as it is.
impl std::error::Error for ParamsRejection {}

impl IntoResponse for ParamsRejection {
    fn into_response(self) -> Response {
        if let Some(bug) = self.0.items().iter().find(|item| is_programmer_error(item)) {
            let why = format!("edgeapi: {}", bug.msg);
            return HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response();
        }
        self.0.into_response()
    }
}
