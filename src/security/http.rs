//! `HttpBasic` and `HttpBearer`: credentials from the `Authorization` header, as
//! FastAPI's `HTTPBasic` and `HTTPBearer` read them.

use std::marker::PhantomData;

use super::base64;
use super::challenge::{not_authenticated, present_or_challenged, scheme_and_param};
use crate::error::HttpError;
use crate::extract::FromRequestParts;
use crate::request::Parts;

/// The settings of an HTTP scheme, FastAPI's keyword arguments to `HTTPBasic(...)` and
/// `HTTPBearer(...)`, as constants of a type of yours; [`Defaults`] has none.
///
/// ```
/// use edgeapi::security::{HttpBasic, HttpScheme};
///
/// /// FastAPI: `HTTPBasic(realm="simple")`
/// struct Simple;
/// impl HttpScheme for Simple {
///     const REALM: Option<&'static str> = Some("simple");
/// }
///
/// fn whoami(basic: HttpBasic<Simple>) -> String { basic.username }
/// ```
pub trait HttpScheme {
    /// The scheme's name in the OpenAPI document; `None` is FastAPI's default, the
    /// class name (`HTTPBasic`, `HTTPBearer`).
    const SCHEME_NAME: Option<&'static str> = None;
    /// The scheme's description in the OpenAPI document.
    const DESCRIPTION: Option<&'static str> = None;
    /// [`HttpBasic`] only: the realm of its challenge, `WWW-Authenticate: Basic realm="..."`.
    const REALM: Option<&'static str> = None;
    /// [`HttpBearer`] only: the document's `bearerFormat` (such as `"JWT"`).
    const BEARER_FORMAT: Option<&'static str> = None;
}

/// No settings: FastAPI's `HTTPBasic()` and `HTTPBearer()`.
pub struct Defaults;

impl HttpScheme for Defaults {}

/// A username and password sent with HTTP Basic authentication, FastAPI's
/// `HTTPBasicCredentials` from `Depends(HTTPBasic())`.
///
/// No `Authorization: Basic ...` header answers 401 `{"detail": "Not authenticated"}` with
/// `WWW-Authenticate: Basic`; so do credentials that are not base64 of `username:password`
/// (even as `Option<HttpBasic>`, as FastAPI's `auto_error=False` does). Compare the
/// password in constant time, as FastAPI's tutorial does with `secrets.compare_digest`.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::security::HttpBasic;
///
/// fn whoami(basic: HttpBasic) -> String { basic.username }
/// let app = App::new().get("/users/me", whoami);
/// ```
pub struct HttpBasic<S: HttpScheme = Defaults> {
    /// The user name: the credentials up to the first `:`.
    pub username: String,
    /// The password: everything after the first `:`.
    pub password: String,
    settings: PhantomData<fn() -> S>,
}

impl<S: HttpScheme> HttpBasic<S> {
    fn challenge() -> String {
        match S::REALM {
            Some(realm) => format!("Basic realm=\"{realm}\""),
            None => "Basic".to_owned(),
        }
    }

    /// `Ok(None)` without Basic credentials, an error for credentials that do not decode.
    fn read(parts: &Parts) -> Result<Option<Self>, HttpError> {
        let Some(authorization) = parts.header("authorization").filter(|a| !a.is_empty()) else {
            return Ok(None);
        };
        let (scheme, param) = scheme_and_param(authorization);
        if !scheme.eq_ignore_ascii_case("basic") {
            return Ok(None);
        }
        let invalid = || not_authenticated(Self::challenge());
        let decoded = base64::decode(param).ok_or_else(invalid)?;
        let text = String::from_utf8(decoded)
            .ok()
            .filter(|text| text.is_ascii())
            .ok_or_else(invalid)?;
        let (username, password) = text.split_once(':').ok_or_else(invalid)?;
        Ok(Some(Self {
            username: username.to_owned(),
            password: password.to_owned(),
            settings: PhantomData,
        }))
    }

    #[cfg(feature = "openapi")]
    fn describe(op: &mut crate::describe::Operation<'_>) {
        let scheme =
            super::challenge::scheme_json("http", S::DESCRIPTION, [("scheme", "basic".into())]);
        op.security(S::SCHEME_NAME.unwrap_or("HTTPBasic"), scheme);
    }
}

#[diagnostic::do_not_recommend]
impl<S: HttpScheme> FromRequestParts for HttpBasic<S> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
        Self::read(parts)?.ok_or_else(|| not_authenticated(Self::challenge()))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        Self::describe(op);
    }
}

/// FastAPI's `HTTPBasic(auto_error=False)`: `None` without Basic credentials.
#[diagnostic::do_not_recommend]
impl<S: HttpScheme> FromRequestParts for Option<HttpBasic<S>> {
    type Rejection = HttpError;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
        HttpBasic::read(parts)
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        HttpBasic::<S>::describe(op);
    }
}

/// A bearer token from `Authorization: Bearer <token>`, FastAPI's
/// `HTTPAuthorizationCredentials` from `Depends(HTTPBearer())`.
///
/// No such header (or another scheme, or no token) answers 401
/// `{"detail": "Not authenticated"}` with `WWW-Authenticate: Bearer`.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::security::HttpBearer;
///
/// fn token(bearer: HttpBearer) -> String { bearer.credentials }
/// let app = App::new().get("/token", token);
/// ```
pub struct HttpBearer<S: HttpScheme = Defaults> {
    /// The scheme as sent (`Bearer`, in any case).
    pub scheme: String,
    /// The token.
    pub credentials: String,
    settings: PhantomData<fn() -> S>,
}

impl<S: HttpScheme> HttpBearer<S> {
    fn read(parts: &Parts) -> Option<Self> {
        let (scheme, credentials) = scheme_and_param(parts.header("authorization")?);
        if scheme.is_empty() || credentials.is_empty() || !scheme.eq_ignore_ascii_case("bearer") {
            return None;
        }
        Some(Self {
            scheme: scheme.to_owned(),
            credentials: credentials.to_owned(),
            settings: PhantomData,
        })
    }

    #[cfg(feature = "openapi")]
    fn describe(op: &mut crate::describe::Operation<'_>) {
        let format = S::BEARER_FORMAT.map(|format| ("bearerFormat", format.into()));
        let rest = [("scheme", "bearer".into())].into_iter().chain(format);
        let scheme = super::challenge::scheme_json("http", S::DESCRIPTION, rest);
        op.security(S::SCHEME_NAME.unwrap_or("HTTPBearer"), scheme);
    }
}

present_or_challenged!(HttpBearer<S: HttpScheme>, "Bearer");
