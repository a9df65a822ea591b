//! API keys from a header, the query string or a cookie, as FastAPI's `APIKeyHeader`,
//! `APIKeyQuery` and `APIKeyCookie` read them.

use std::marker::PhantomData;

use super::challenge::present_or_challenged;
use crate::extract::parse_cookies;
use crate::request::Parts;

/// Where an API key is, FastAPI's arguments to `APIKeyHeader(...)`, `APIKeyQuery(...)` and
/// `APIKeyCookie(...)`, as constants of a type of yours.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::security::{ApiKeyHeader, ApiKeyName};
///
/// /// FastAPI: `APIKeyHeader(name="x-key")`
/// struct XKey;
/// impl ApiKeyName for XKey {
///     const NAME: &'static str = "x-key";
/// }
///
/// fn read(key: ApiKeyHeader<XKey>) -> String { key.key }
/// let app = App::new().get("/items/", read);
/// ```
pub trait ApiKeyName {
    /// The header, query parameter or cookie that holds the key.
    const NAME: &'static str;
    /// The scheme's name in the OpenAPI document; `None` is FastAPI's default, the class
    /// name (`APIKeyHeader`, `APIKeyQuery`, `APIKeyCookie`).
    const SCHEME_NAME: Option<&'static str> = None;
    /// The scheme's description in the OpenAPI document.
    const DESCRIPTION: Option<&'static str> = None;
}

/// Declares one API key extractor: where it reads the key from, and its OpenAPI scheme.
macro_rules! api_key {
    ($(#[$doc:meta])* $name:ident, $class:literal, $location:literal, |$parts:ident, $key:ident| $read:expr) => {
        $(#[$doc])*
        pub struct $name<S: ApiKeyName> {
            /// The key, never empty.
            pub key: String,
            settings: PhantomData<fn() -> S>,
        }

        impl<S: ApiKeyName> $name<S> {
            /// The key when it is there and not empty, as FastAPI's `check_api_key` wants it.
            fn read($parts: &Parts) -> Option<Self> {
                let $key = S::NAME;
                let key: Option<String> = $read;
                key.filter(|key| !key.is_empty()).map(|key| Self { key, settings: PhantomData })
            }

            #[cfg(feature = "openapi")]
            fn describe(op: &mut crate::describe::Operation<'_>) {
                let rest = [("in", $location.into()), ("name", S::NAME.into())];
                let scheme = super::challenge::scheme_json("apiKey", S::DESCRIPTION, rest);
                op.security(S::SCHEME_NAME.unwrap_or($class), scheme);
            }
        }

        present_or_challenged!($name<S: ApiKeyName>, "APIKey");
    };
}

api_key!(
    /// An API key from the request header `S::NAME`, FastAPI's `APIKeyHeader`. No such
    /// header, or an empty one, answers 401 `{"detail": "Not authenticated"}` with
    /// `WWW-Authenticate: APIKey`.
    ///
    /// See [`ApiKeyName`] for an example.
    ApiKeyHeader, "APIKeyHeader", "header",
    |parts, name| parts.header(name).map(str::to_owned)
);

api_key!(
    /// An API key from the query parameter `S::NAME` (the last one, if repeated),
    /// FastAPI's `APIKeyQuery`. Without it, 401 `{"detail": "Not authenticated"}` with
    /// `WWW-Authenticate: APIKey`.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    /// use edgeapi::security::{ApiKeyName, ApiKeyQuery};
    ///
    /// struct Key;
    /// impl ApiKeyName for Key { const NAME: &'static str = "api_key"; }
    ///
    /// fn read(key: ApiKeyQuery<Key>) -> String { key.key }
    /// let app = App::new().get("/items/", read);
    /// ```
    ApiKeyQuery, "APIKeyQuery", "query",
    |parts, name| form_urlencoded::parse(parts.query().as_bytes())
        .filter(|(key, _)| key == name)
        .last()
        .map(|(_, value)| value.into_owned())
);

api_key!(
    /// An API key from the cookie `S::NAME`, FastAPI's `APIKeyCookie`. Without it, 401
    /// `{"detail": "Not authenticated"}` with `WWW-Authenticate: APIKey`.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    /// use edgeapi::security::{ApiKeyCookie, ApiKeyName};
    ///
    /// struct Session;
    /// impl ApiKeyName for Session { const NAME: &'static str = "session"; }
    ///
    /// fn read(session: ApiKeyCookie<Session>) -> String { session.key }
    /// let app = App::new().get("/items/", read);
    /// ```
    ApiKeyCookie, "APIKeyCookie", "cookie",
    |parts, name| parts.header("cookie")
        .map(parse_cookies)
        .and_then(|cookies| cookies.into_iter().rfind(|(key, _)| key == name))
        .map(|(_, value)| value)
);
