//! [`SetCookie`]: a `Set-Cookie` header built as Starlette builds it.

use std::fmt;

/// A `Set-Cookie` header, built as Starlette's `response.set_cookie` builds it
/// (`Path=/` and `SameSite=lax` by default).
///
/// ```
/// use edgeapi::{IntoResponse, SetCookie};
/// let cookie = SetCookie::new("session", "abc").max_age(3600).http_only().secure();
/// assert_eq!(
///     cookie.to_string(),
///     "session=abc; HttpOnly; Max-Age=3600; Path=/; SameSite=lax; Secure"
/// );
/// let response = ([cookie.header()], "logged in").into_response();
/// assert!(response.header("set-cookie").unwrap().starts_with("session=abc"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie {
    name: String,
    value: String,
    max_age: Option<i64>,
    path: String,
    domain: Option<String>,
    secure: bool,
    http_only: bool,
    same_site: &'static str,
}

impl SetCookie {
    /// A cookie with Starlette's defaults.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
            max_age: None,
            path: "/".into(),
            domain: None,
            secure: false,
            http_only: false,
            same_site: "lax",
        }
    }

    /// A cookie that deletes `name` in the browser (`Max-Age=0`).
    pub fn delete(name: impl Into<String>) -> Self {
        Self::new(name, "").max_age(0)
    }

    /// Lifetime in seconds.
    pub fn max_age(mut self, seconds: i64) -> Self {
        self.max_age = Some(seconds);
        self
    }

    /// The path the cookie is sent for (default `/`).
    pub fn path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// The domain the cookie is sent to.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domain = Some(domain.into());
        self
    }

    /// Sent over HTTPS only.
    pub fn secure(mut self) -> Self {
        self.secure = true;
        self
    }

    /// Hidden from page scripts.
    pub fn http_only(mut self) -> Self {
        self.http_only = true;
        self
    }

    /// `SameSite`: `"lax"` (default), `"strict"` or `"none"`.
    pub fn same_site(mut self, policy: &'static str) -> Self {
        self.same_site = policy;
        self
    }

    /// The `("set-cookie", value)` pair, for header arrays in response tuples.
    pub fn header(&self) -> (&'static str, String) {
        ("set-cookie", self.to_string())
    }
}

impl fmt::Display for SetCookie {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)?;
        if let Some(domain) = &self.domain {
            write!(f, "; Domain={domain}")?;
        }
        if self.http_only {
            f.write_str("; HttpOnly")?;
        }
        if let Some(max_age) = self.max_age {
            write!(f, "; Max-Age={max_age}")?;
        }
        write!(f, "; Path={}; SameSite={}", self.path, self.same_site)?;
        if self.secure {
            f.write_str("; Secure")?;
        }
        Ok(())
    }
}
