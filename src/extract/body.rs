//! Body extractors: `Json<T>`, `Form<T>`, `Bytes` and `String`. Each reads the body once,
//! within the app's body limit (413 beyond it), so only a handler's last argument may be one.

use serde::de::DeserializeOwned;

use super::json_body::from_json_body;
use super::params::{from_params, Source};
use super::FromRequest;
use crate::error::{ErrorItem, HttpError, ValidationError};
use crate::request::Request;
use crate::response::{IntoResponse, Json, Response};

/// Why a body could not be extracted: too large or unreadable (an [`HttpError`]), or
/// not valid for the type (a 422 [`ValidationError`]).
#[derive(Debug, Clone)]
pub enum BodyRejection {
    /// 413 over the body limit, 400 for an unreadable body.
    Http(HttpError),
    /// 422 with FastAPI's error list.
    Invalid(ValidationError),
}

impl From<HttpError> for BodyRejection {
    fn from(err: HttpError) -> Self {
        BodyRejection::Http(err)
    }
}

impl From<ValidationError> for BodyRejection {
    fn from(err: ValidationError) -> Self {
        BodyRejection::Invalid(err)
    }
}

impl IntoResponse for BodyRejection {
    fn into_response(self) -> Response {
        match self {
            BodyRejection::Http(err) => err.into_response(),
            BodyRejection::Invalid(err) => err.into_response(),
        }
    }
}

/// The media type of a request, without parameters, in lower case. Of repeated
/// `Content-Type` lines, which the Fetch API joins with `, `, the first counts, as in FastAPI.
fn media_type(request: &Request) -> Option<String> {
    let value = request.parts().header("content-type")?;
    let essence = value.split([';', ',']).next().unwrap_or_default().trim();
    Some(essence.to_ascii_lowercase())
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
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        crate::openapi::json_body(op, serde_json::json!({}));
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

/// Fields of a `application/x-www-form-urlencoded` body read into `T`, as FastAPI's
/// `Form()` parameters; errors are located under `"body"`. Other content types (such as
/// multipart) carry no fields this extractor reads, so required fields answer 422 missing.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Login { username: String, password: String }
///
/// fn login(Form(login): Form<Login>) -> String { login.username }
/// let app = App::new().post("/login", login);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Form<T> {
    type Rejection = BodyRejection;

    async fn from_request(request: Request) -> Result<Self, BodyRejection> {
        let pairs = form_pairs(request).await?;
        Ok(Form(from_params(Source::Form, &pairs)?))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        crate::openapi::form_body(op, serde_json::json!({}));
    }
}

/// The fields of an urlencoded body, whatever `T` reads them.
async fn form_pairs(request: Request) -> Result<Vec<(String, String)>, HttpError> {
    let urlencoded = media_type(&request).as_deref() == Some("application/x-www-form-urlencoded");
    let body = request.bytes().await?;
    Ok(if urlencoded {
        form_urlencoded::parse(&body).into_owned().collect()
    } else {
        Vec::new()
    })
}

/// The raw body bytes.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::extract::Bytes;
///
/// fn size(Bytes(body): Bytes) -> String { body.len().to_string() }
/// let app = App::new().post("/size", size);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl FromRequest for Bytes {
    type Rejection = HttpError;

    async fn from_request(request: Request) -> Result<Self, HttpError> {
        request.bytes().await.map(Bytes)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        let binary = serde_json::json!({"type": "string", "format": "binary"});
        op.optional_request_body("application/octet-stream", binary);
    }
}

/// The body as UTF-8 text; other bytes answer 400.
impl FromRequest for String {
    type Rejection = HttpError;

    async fn from_request(request: Request) -> Result<Self, HttpError> {
        request.text().await
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::openapi::Operation<'_>) {
        op.optional_request_body("text/plain", serde_json::json!({"type": "string"}));
    }
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
