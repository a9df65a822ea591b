//! [`Json`]: a JSON body, read into a type as a FastAPI body parameter, or written from
//! one as a response.

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::body::{media_type, BodyRejection};
use super::from_request::FromRequest;
use crate::error::{ErrorItem, ValidationError};
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::validate::from_json_body;

/// A JSON body: `Json(value)` out of a handler serializes `value` with serde.
///
/// As an extractor (a `Json<T>` argument) it reads the request body, as below.
///
/// ```
/// use edgeapi::{IntoResponse, Json};
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Message { message: &'static str }
///
/// let response = Json(Message { message: "Hello World" }).into_response();
/// assert_eq!(response.header("content-type"), Some("application/json"));
/// assert_eq!(response.body(), br#"{"message":"Hello World"}"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Json<T>(pub T);

impl<T: Serialize> IntoResponse for Json<T> {
    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.response_of::<T>("application/json");
    }

    fn into_response(self) -> Response {
        Response::json(StatusCode::OK, &self.0)
    }
}

/// FastAPI reads a body as JSON when it has no content type, or an `application/json`
/// or `application/*+json` one.
fn is_json(media_type: Option<&str>) -> bool {
    match media_type {
        None => true,
        Some(media) => match media.strip_prefix("application/") {
            Some(subtype) => subtype == "json" || subtype.ends_with("+json"),
            None => false,
        },
    }
}

/// A JSON body read into `T`, as a FastAPI body parameter: invalid JSON, a wrong type or
/// a missing field answer 422 listing every problem; a body with a non-JSON content type
/// answers 422 `model_attributes_type`, as FastAPI does.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize, Serialize)]
/// struct Item { name: String, description: Option<String>, price: f64, tax: Option<f64> }
///
/// fn create_item(Json(item): Json<Item>) -> Json<Item> { Json(item) }
///
/// let app = App::new().post("/items/", create_item);
/// ```
impl<T: DeserializeOwned> FromRequest for Json<T> {
    type Rejection = BodyRejection;

    async fn from_request(request: Request) -> Result<Self, BodyRejection> {
        let body = json_body(request).await?;
        Ok(Json(from_json_body(&body)?))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.request_body_of::<T>("application/json");
    }
}

/// The body of a request for `Json<T>`, whatever `T`: read within the limit, and only if
/// its content type is JSON.
async fn json_body(request: Request) -> Result<Vec<u8>, BodyRejection> {
    let json = is_json(media_type(&request).as_deref());
    let body = request.bytes().await?;
    if !json {
        let input = String::from_utf8_lossy(&body).into_owned();
        return Err(ValidationError::from(
            ErrorItem::new(
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
            )
            .at(["body"])
            .input(input),
        )
        .into());
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_media_types_as_fastapi() {
        assert!(is_json(None));
        assert!(is_json(Some("application/json")));
        assert!(is_json(Some("application/vnd.api+json")));
        assert!(!is_json(Some("text/plain")));
        assert!(!is_json(Some("application/x-www-form-urlencoded")));
        assert!(!is_json(Some("application/jsonp")));
    }
}
