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

// The helpers' `FromRequestParts` impls are `#[diagnostic::do_not_recommend]`: a
// compiler error's list of extractors keeps naming the common ones.
mod api_key;
mod base64;
mod challenge;
mod http;
mod oauth2;

pub use api_key::{ApiKeyCookie, ApiKeyHeader, ApiKeyName, ApiKeyQuery};
pub use http::{Defaults, HttpBasic, HttpBearer, HttpScheme};
pub use oauth2::{OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl};
