//! FastAPI's security helpers as extractors: each reads its credentials from the request,
//! answers FastAPI 0.165's 401 with its `WWW-Authenticate` header when they are absent,
//! and puts its security scheme in the OpenAPI document, so that Swagger UI's
//! "Authorize" button fills them in.
//!
//! | FastAPI | edgeapi | gives |
//! |---|---|---|
//! | `OAuth2PasswordBearer(tokenUrl="token")` | [`OAuth2PasswordBearer<S>`] | the bearer token |
//! | `OAuth2PasswordRequestForm` | [`OAuth2PasswordRequestForm`] | the login form's fields |
//! | `HTTPBasic()` | [`HttpBasic`] | username and password |
//! | `HTTPBearer()` | [`HttpBearer`] | scheme and credentials |
//! | `APIKeyHeader(name="x-key")` | [`ApiKeyHeader<S>`] | the key |
//! | `APIKeyQuery(name="api_key")` | [`ApiKeyQuery<S>`] | the key |
//! | `APIKeyCookie(name="session")` | [`ApiKeyCookie<S>`] | the key |
//!
//! FastAPI's arguments (`tokenUrl`, `name`, `realm`, `scheme_name`, ...) are constants of a
//! type of yours, `S`, declared once. FastAPI's `auto_error=False` is `Option<...>`: `None`
//! where FastAPI gives `None`, the same 401 where FastAPI still raises one (HTTP Basic
//! credentials that are not base64).
//!
//! ```
//! use edgeapi::prelude::*;
//! use edgeapi::security::{OAuth2PasswordBearer, TokenUrl};
//!
//! /// FastAPI: `oauth2_scheme = OAuth2PasswordBearer(tokenUrl="token")`
//! struct Login;
//! impl TokenUrl for Login {
//!     const TOKEN_URL: &'static str = "token";
//! }
//!
//! // No `Authorization: Bearer ...` header: 401 {"detail":"Not authenticated"}
//! // with `WWW-Authenticate: Bearer`.
//! fn me(bearer: OAuth2PasswordBearer<Login>) -> String {
//!     bearer.token
//! }
//! let app = App::new().get("/users/me", me);
//! ```

mod api_key;
mod base64;
mod http;
mod oauth2;

pub use api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyName, ApiKeyQuery};
pub use http::{Defaults, HttpBasic, HttpBearer, HttpScheme};
pub use oauth2::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl};

use crate::error::HttpError;
use crate::StatusCode;

/// FastAPI's answer when credentials are missing: 401 `{"detail": "Not authenticated"}`
/// with the scheme's challenge.
fn not_authenticated(challenge: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::UNAUTHORIZED, "Not authenticated")
        .header("www-authenticate", challenge)
}

/// Starlette's `get_authorization_scheme_param`: the `Authorization` header split at its
/// first space into the scheme and the rest, the rest trimmed.
fn scheme_and_param(authorization: &str) -> (&str, &str) {
    match authorization.split_once(' ') {
        Some((scheme, param)) => (scheme, param.trim()),
        None => (authorization, ""),
    }
}

/// A security scheme as the OpenAPI document shows it: its `type`, the `description`
/// when there is one, then the rest, in FastAPI's order.
#[cfg(feature = "openapi")]
fn scheme_json(
    kind: &str,
    description: Option<&str>,
    rest: impl IntoIterator<Item = (&'static str, serde_json::Value)>,
) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("type".into(), kind.into());
    if let Some(description) = description {
        object.insert("description".into(), description.into());
    }
    object.extend(rest.into_iter().map(|(key, value)| (key.to_owned(), value)));
    serde_json::Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::scheme_and_param;

    #[test]
    fn splits_at_the_first_space_and_trims_the_rest() {
        assert_eq!(scheme_and_param("Bearer abc"), ("Bearer", "abc"));
        assert_eq!(scheme_and_param("Bearer  a b "), ("Bearer", "a b"));
        assert_eq!(scheme_and_param("Bearer"), ("Bearer", ""));
        assert_eq!(scheme_and_param(""), ("", ""));
    }
}
