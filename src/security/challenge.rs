//! What the security helpers share: FastAPI's 401, reading the `Authorization` header, and
//! a security scheme as the OpenAPI document shows it.

use crate::error::HttpError;
use crate::StatusCode;

/// FastAPI's answer when credentials are missing: 401 `{"detail": "Not authenticated"}`
/// with the scheme's challenge.
pub(super) fn not_authenticated(challenge: impl Into<String>) -> HttpError {
    HttpError::new(StatusCode::UNAUTHORIZED, "Not authenticated")
        .header("www-authenticate", challenge)
}

/// Starlette's `get_authorization_scheme_param`: the `Authorization` header split at its
/// first space into the scheme and the rest, the rest trimmed.
pub(super) fn scheme_and_param(authorization: &str) -> (&str, &str) {
    match authorization.split_once(' ') {
        Some((scheme, param)) => (scheme, param.trim()),
        None => (authorization, ""),
    }
}

/// A security scheme as the OpenAPI document shows it: its `type`, the `description`
/// when there is one, then the rest, in FastAPI's order.
#[cfg(feature = "openapi")]
pub(super) fn scheme_json(
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
