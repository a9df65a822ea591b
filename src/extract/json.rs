//! [`Json`]: a JSON body, read into a type as a FastAPI body parameter, or written from
//! one as a response.

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::body::{media_type, BodyRejection};
use super::from_request::{FromRequest, Order};
use crate::error::{ErrorItem, HttpError, ValidationError};
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::validate::{from_json_body, Shape};

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

/// Whether FastAPI reads a body with this media type as JSON: an `application/json` or
/// `application/*+json` one, or none at all when the app is not strict about it
/// (`App::strict_content_type(false)`).
fn is_json(media_type: Option<&str>, strict: bool) -> bool {
    match media_type {
        None => !strict,
        Some(media) => match media.strip_prefix("application/") {
            Some(subtype) => subtype == "json" || subtype.ends_with("+json"),
            None => false,
        },
    }
}

/// A JSON body read into `T`, as a FastAPI body parameter: invalid JSON, a wrong type or
/// a missing field answer 422 listing every problem; a body with a non-JSON content type,
/// or none, answers 422 `model_attributes_type`, as FastAPI 0.165 does (see
/// `App::strict_content_type`); an empty body is `missing`; a body that is not UTF-8
/// answers 400.
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
        let body = json_text(request, Shape::Model).await?;
        Ok(Json(from_json_body(body.as_deref(), Shape::Model)?))
    }

    fn order() -> Order {
        Order::Body
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.request_body_of::<T>("application/json");
    }
}

/// The text of a JSON body, whatever `T` reads it: read within the limit; `None` when empty
/// (or, for body parameters, not JSON: FastAPI then finds none of their keys). A body that
/// is not JSON is refused as a model, and one that is not UTF-8 as unreadable, as FastAPI
/// does.
pub(super) async fn json_text(
    request: Request,
    shape: Shape,
) -> Result<Option<String>, BodyRejection> {
    let json = is_json(
        media_type(&request).as_deref(),
        request.parts().strict_content_type,
    );
    let body = request.bytes().await?;
    if body.is_empty() {
        return Ok(None);
    }
    if !json {
        return match shape {
            Shape::Embedded => Ok(None),
            Shape::Model => Err(not_an_object(&body).into()),
        };
    }
    match String::from_utf8(body) {
        Ok(text) => Ok(Some(text)),
        // Starlette's `request.json()` fails before decoding JSON; FastAPI answers 400.
        Err(_) => Err(HttpError::new(
            StatusCode::BAD_REQUEST,
            "There was an error parsing the body",
        )
        .into()),
    }
}

/// FastAPI's error for a model body that was not read as JSON: the raw text is its input.
#[inline(never)]
fn not_an_object(body: &[u8]) -> ValidationError {
    ErrorItem::new(
        "model_attributes_type",
        "Input should be a valid dictionary or object to extract fields from",
    )
    .at(["body"])
    .input(String::from_utf8_lossy(body).into_owned())
    .into()
}

#[cfg(test)]
mod tests {
    use super::is_json;

    #[test]
    fn json_media_types_as_fastapi() {
        for strict in [true, false] {
            assert!(is_json(Some("application/json"), strict));
            assert!(is_json(Some("application/vnd.api+json"), strict));
            assert!(!is_json(Some("text/plain"), strict));
            assert!(!is_json(Some("application/x-www-form-urlencoded"), strict));
            assert!(!is_json(Some("application/jsonp"), strict));
        }
        assert!(!is_json(None, true));
        assert!(is_json(None, false));
    }
}
