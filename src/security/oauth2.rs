//! OAuth2's password flow: `OAuth2PasswordBearer`, the token a client sends, and
//! `OAuth2PasswordRequestForm`, the form it gets the token with.

use std::marker::PhantomData;

use serde::Deserialize;

use super::challenge::{present_or_challenged, scheme_and_param};
use crate::extract::{BodyRejection, Form, FromRequest, Order};
use crate::request::{Parts, Request};
use crate::validate::constraints;

/// Where a client gets its token, FastAPI's arguments to `OAuth2PasswordBearer(...)`, as
/// constants of a type of yours.
///
/// ```
/// use edgeapi::security::TokenUrl;
///
/// /// FastAPI: `OAuth2PasswordBearer(tokenUrl="token", scopes={"me": "Read yourself"})`
/// struct Login;
/// impl TokenUrl for Login {
///     const TOKEN_URL: &'static str = "token";
///     const SCOPES: &'static [(&'static str, &'static str)] = &[("me", "Read yourself")];
/// }
/// ```
pub trait TokenUrl {
    /// The URL of the route that answers the password form (relative, as in FastAPI).
    const TOKEN_URL: &'static str;
    /// The URL to refresh a token at, if any.
    const REFRESH_URL: Option<&'static str> = None;
    /// The scopes Swagger UI offers, as `(name, description)`.
    const SCOPES: &'static [(&'static str, &'static str)] = &[];
    /// The scheme's name in the OpenAPI document; `None` is `OAuth2PasswordBearer`.
    const SCHEME_NAME: Option<&'static str> = None;
    /// The scheme's description in the OpenAPI document.
    const DESCRIPTION: Option<&'static str> = None;
}

/// The token of `Authorization: Bearer <token>`, FastAPI's `Depends(oauth2_scheme)` with
/// `oauth2_scheme = OAuth2PasswordBearer(tokenUrl=...)`; `S` says where the token comes
/// from ([`TokenUrl`]).
///
/// No `Authorization` header, or another scheme, answers 401
/// `{"detail": "Not authenticated"}` with `WWW-Authenticate: Bearer`. As in FastAPI, the
/// token may be empty (`Authorization: Bearer`): the dependency that decodes it decides.
/// `Option<OAuth2PasswordBearer<S>>` is FastAPI's `auto_error=False`.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::security::{OAuth2PasswordBearer, TokenUrl};
///
/// struct Login;
/// impl TokenUrl for Login {
///     const TOKEN_URL: &'static str = "token";
/// }
///
/// fn me(bearer: OAuth2PasswordBearer<Login>) -> String { bearer.token }
/// let app = App::new().get("/users/me", me);
/// ```
pub struct OAuth2PasswordBearer<S: TokenUrl> {
    /// The token, as sent after `Bearer `.
    pub token: String,
    settings: PhantomData<fn() -> S>,
}

impl<S: TokenUrl> OAuth2PasswordBearer<S> {
    fn read(parts: &Parts) -> Option<Self> {
        let authorization = parts.header("authorization").filter(|a| !a.is_empty())?;
        let (scheme, token) = scheme_and_param(authorization);
        scheme.eq_ignore_ascii_case("bearer").then(|| Self {
            token: token.to_owned(),
            settings: PhantomData,
        })
    }

    #[cfg(feature = "openapi")]
    fn describe(op: &mut crate::describe::Operation<'_>) {
        use serde_json::{Map, Value};
        let mut password = Map::new();
        if let Some(refresh) = S::REFRESH_URL {
            password.insert("refreshUrl".into(), refresh.into());
        }
        let scopes = S::SCOPES
            .iter()
            .map(|(name, description)| ((*name).to_owned(), Value::from(*description)));
        password.insert("scopes".into(), Value::Object(scopes.collect()));
        password.insert("tokenUrl".into(), S::TOKEN_URL.into());
        let flows = serde_json::json!({ "password": password });
        let scheme = super::challenge::scheme_json("oauth2", S::DESCRIPTION, [("flows", flows)]);
        op.security(S::SCHEME_NAME.unwrap_or("OAuth2PasswordBearer"), scheme);
    }
}

present_or_challenged!(OAuth2PasswordBearer<S: TokenUrl>, "Bearer");

/// The form a client logs in with (OAuth2's password flow), FastAPI's
/// `Annotated[OAuth2PasswordRequestForm, Depends()]`: urlencoded `username` and
/// `password` (required), `grant_type` (if sent, `password`), `scope` (space-separated,
/// read into [`scopes`](Self::scopes)), `client_id` and `client_secret`. A bad form
/// answers FastAPI's 422. A body extractor: the handler's last argument.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::security::OAuth2PasswordRequestForm;
///
/// fn login(form: OAuth2PasswordRequestForm) -> Result<String, HttpError> {
///     if form.username == "alice" && form.password == "secret" {
///         Ok(form.username)
///     } else {
///         Err(HttpError::new(StatusCode::BAD_REQUEST, "Incorrect username or password"))
///     }
/// }
/// let app = App::new().post("/token", login);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuth2PasswordRequestForm {
    /// `password` when sent.
    pub grant_type: Option<String>,
    /// The user name.
    pub username: String,
    /// The password.
    pub password: String,
    /// The scopes asked for: the `scope` field split at whitespace.
    pub scopes: Vec<String>,
    /// The client's id, if sent.
    pub client_id: Option<String>,
    /// The client's secret, if sent.
    pub client_secret: Option<String>,
}

/// The form's fields as sent, and as the document shows them.
#[derive(Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", schemars(rename = "OAuth2PasswordRequestForm"))]
struct PasswordForm {
    #[cfg_attr(feature = "openapi", schemars(regex(pattern = GRANT_TYPE)))]
    #[serde(default, deserialize_with = "grant_type")]
    grant_type: Option<String>,
    username: String,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "password")))]
    password: String,
    #[serde(default)]
    scope: String,
    client_id: Option<String>,
    #[cfg_attr(feature = "openapi", schemars(extend("format" = "password")))]
    client_secret: Option<String>,
}

/// FastAPI's `Form(pattern="^password$")` on `grant_type`.
const GRANT_TYPE: &str = "^password$";

/// `grant_type` checked against its pattern, as `#[edgeapi::validate]` checks a field, so
/// that its error joins the form's others. `^password$` matches `password` alone: an
/// equality, with no regex engine linked in for it.
fn grant_type<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    constraints::deserialize(d, |value: &Option<String>| match value.as_deref() {
        Some(grant_type) if grant_type != "password" => {
            Err(constraints::pattern_mismatch(GRANT_TYPE))
        }
        _ => Ok(()),
    })
}

impl FromRequest for OAuth2PasswordRequestForm {
    type Rejection = BodyRejection;

    async fn from_request(request: Request) -> Result<Self, BodyRejection> {
        let Form(form) = Form::<PasswordForm>::from_request(request).await?;
        Ok(Self {
            grant_type: form.grant_type,
            username: form.username,
            password: form.password,
            scopes: form.scope.split_whitespace().map(str::to_owned).collect(),
            client_id: form.client_id,
            client_secret: form.client_secret,
        })
    }

    fn order() -> Order {
        Order::Body
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        let schema = op.schema_for::<PasswordForm>();
        op.request_body("application/x-www-form-urlencoded", schema);
        op.validates();
    }
}
