//! Body extractors: `Form<T>`, `Bytes` and `String` (`Json<T>` has a module of its own).
//! Each reads the body once,
//! within the app's body limit (413 beyond it), so only a handler's last argument may be one.

use serde::de::DeserializeOwned;

use super::from_request::{FromRequest, Order};
use crate::error::{HttpError, ValidationError};
use crate::multipart;
use crate::request::Request;
use crate::response::{IntoResponse, Response};
use crate::validate::{from_params, Source};

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

impl std::fmt::Display for BodyRejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BodyRejection::Http(err) => err.fmt(f),
            BodyRejection::Invalid(err) => err.fmt(f),
        }
    }
}

/// So that `?` passes it up as an `edgeapi::Error`, which answers it as it is.
impl std::error::Error for BodyRejection {}

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
pub(super) fn media_type(request: &Request) -> Option<String> {
    let value = request.parts().header("content-type")?;
    let essence = value.split([';', ',']).next().unwrap_or_default().trim();
    Some(essence.to_ascii_lowercase())
}

/// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body read
/// into `T`, as FastAPI's `Form()` and `File()` parameters (`Form<Model<T>>` as a form
/// model, see [`Model`](super::Model)); errors are located under `"body"`. An empty field
/// counts as absent, as in FastAPI: `username=` is `missing` for a `String` and `None` for
/// an `Option`. A multipart file is read into an
/// [`UploadFile`](crate::multipart::UploadFile) field (in memory, within the app's body
/// limit); malformed multipart answers 400 as FastAPI does. Other content types carry no
/// fields, so required fields answer 422 missing.
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
        if media_type(&request).as_deref() == Some("multipart/form-data") {
            let (pairs, uploads) = multipart::form::read(request).await?;
            let form = multipart::with_uploads(uploads, || from_params(Source::Form, &pairs));
            return Ok(Form(form?));
        }
        let pairs = form_pairs(request).await?;
        Ok(Form(from_params(Source::Form, &pairs)?))
    }

    fn order() -> Order {
        Order::Body
    }

    /// `multipart/form-data` when `T` has a file field, as FastAPI documents `File()`.
    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.form_body_of::<T>();
    }
}

/// The fields of an urlencoded body, whatever `T` reads them; empty ones are left out, as
/// FastAPI treats an empty form value as absent.
async fn form_pairs(request: Request) -> Result<Vec<(String, String)>, HttpError> {
    let urlencoded = media_type(&request).as_deref() == Some("application/x-www-form-urlencoded");
    let body = request.bytes().await?;
    Ok(if urlencoded {
        form_urlencoded::parse(&body)
            .filter(|(_, value)| !value.is_empty())
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
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
    fn openapi(op: &mut crate::describe::Operation<'_>) {
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
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.optional_request_body("text/plain", crate::describe::string_schema());
    }
}
