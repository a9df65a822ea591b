//! `Header<T>`: typed request headers, and `Cookie<T>`: typed cookies.

use serde::de::DeserializeOwned;

use super::from_request::{FromRequestParts, Order};
use super::path::ParamsRejection;
use crate::error::{Loc, ValidationError};
use crate::request::Parts;
use crate::validate::{from_params, Source};

/// Request headers deserialized into a struct, as FastAPI's `Header()` parameters:
/// a field `user_agent` reads the `User-Agent` header (underscores become hyphens, case
/// does not matter). Errors are located as FastAPI locates them: `["header", "user-agent"]`.
/// A header sent with an underscore in its name (`x_token`) is not read as `x-token`, as
/// in FastAPI: a proxy's rules for `x-token` would not see it.
///
/// A `Vec` field gets one item per header line: `X-Token: foo` and `X-Token: bar` give
/// `["foo", "bar"]`. The hosts (workerd, browsers, Node: the Fetch standard) join a
/// repeated header's lines with `", "` before the app sees them, so the elements of the
/// joined list are what can be told apart: one line `X-Token: foo, bar` gives
/// `["foo", "bar"]` too, where FastAPI gives `["foo, bar"]`. A single-value field gets the
/// joined value (FastAPI: the first line).
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Client {
///     user_agent: Option<String>,
///     x_token: Vec<String>,
/// }
///
/// fn whoami(Header(client): Header<Client>) -> String {
///     format!("{:?} {:?}", client.user_agent, client.x_token)
/// }
/// let app = App::new().get("/whoami", whoami);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Header<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts for Header<T> {
    type Rejection = ParamsRejection;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, ParamsRejection> {
        from_params(Source::Header, &header_pairs(parts))
            .map(Header)
            .map_err(header_rejection)
    }

    fn order() -> Order {
        Order::Header
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.parameters_of::<T>(crate::describe::ParameterIn::Header);
    }
}

/// The headers with field-style names (`user_agent`), whatever `T` reads them; names
/// that have an underscore of their own are left out.
#[inline(never)]
fn header_pairs(parts: &Parts) -> Vec<(String, String)> {
    parts
        .headers()
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, value)| (name.replace('-', "_"), value.to_owned()))
        .collect()
}

/// Locates errors at the header's own name (`user-agent`), as FastAPI does.
fn header_rejection(mut err: ValidationError) -> ParamsRejection {
    err.relocate(|loc| {
        if let Some(Loc::Key(name)) = loc.get_mut(1) {
            *name = name.replace('_', "-").into();
        }
    });
    ParamsRejection(err)
}

/// Cookies deserialized into a struct (or a map), as FastAPI's `Cookie()` parameters.
///
/// ```
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Session { session_id: Option<String> }
///
/// fn session(Cookie(session): Cookie<Session>) -> String {
///     session.session_id.unwrap_or_default()
/// }
/// let app = App::new().get("/session", session);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cookie<T>(pub T);

impl<T: DeserializeOwned> FromRequestParts for Cookie<T> {
    type Rejection = ParamsRejection;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, ParamsRejection> {
        let pairs = parts
            .header("cookie")
            .map(parse_cookies)
            .unwrap_or_default();
        from_params(Source::Cookie, &pairs)
            .map(Cookie)
            .map_err(ParamsRejection)
    }

    fn order() -> Order {
        Order::Cookie
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.parameters_of::<T>(crate::describe::ParameterIn::Cookie);
    }
}

/// Splits a `Cookie` header into `(name, value)` pairs, as browsers send it:
/// `a=1; b=2`. Pieces without `=` are skipped; values are taken verbatim.
pub(crate) fn parse_cookies(header: &str) -> Vec<(String, String)> {
    header
        .split(';')
        .filter_map(|piece| piece.split_once('='))
        .map(|(name, value)| {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            (name.trim().to_owned(), value.to_owned())
        })
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_cookies;

    #[test]
    fn parses_cookie_headers() {
        assert_eq!(
            parse_cookies(r#"a=1; b = two ;c="q"; broken; =x"#),
            vec![
                ("a".to_owned(), "1".to_owned()),
                ("b".to_owned(), "two".to_owned()),
                ("c".to_owned(), "q".to_owned()),
            ]
        );
    }
}
