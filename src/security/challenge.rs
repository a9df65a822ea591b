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

/// The two extractors of a helper whose credentials are either there or not: the helper,
/// answering FastAPI's 401 with `challenge` when they are missing, and `Option<helper>`
/// (FastAPI's `auto_error=False`), `None` instead. The helper has
/// `fn read(&Parts) -> Option<Self>` and, with the `openapi` feature, `fn describe`.
macro_rules! present_or_challenged {
    ($name:ident<S: $bound:path>, $challenge:expr) => {
        #[diagnostic::do_not_recommend]
        impl<S: $bound> $crate::extract::FromRequestParts for $name<S> {
            type Rejection = $crate::error::HttpError;

            async fn from_request_parts(
                parts: &mut $crate::request::Parts,
            ) -> Result<Self, Self::Rejection> {
                Self::read(parts).ok_or_else(|| super::challenge::not_authenticated($challenge))
            }

            #[cfg(feature = "openapi")]
            fn openapi(op: &mut $crate::describe::Operation<'_>) {
                Self::describe(op);
            }
        }

        /// FastAPI's `auto_error=False`: `None` without credentials.
        #[diagnostic::do_not_recommend]
        impl<S: $bound> $crate::extract::FromRequestParts for Option<$name<S>> {
            type Rejection = std::convert::Infallible;

            async fn from_request_parts(
                parts: &mut $crate::request::Parts,
            ) -> Result<Self, Self::Rejection> {
                Ok($name::read(parts))
            }

            #[cfg(feature = "openapi")]
            fn openapi(op: &mut $crate::describe::Operation<'_>) {
                $name::<S>::describe(op);
            }
        }
    };
}
pub(super) use present_or_challenged;

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
