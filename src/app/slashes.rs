//! `redirect_slashes`: a request for `/items` when only `/items/` is routed (or the
//! reverse) is sent to the other form, as Starlette's router does for FastAPI.

use crate::request::Request;
use crate::response::{IntoResponse, Redirect, Response};

/// 307 to the other form of the request's path, with its query, when `routed` says a
/// route (for any method) or a docs page has that form; `None` otherwise. The location is
/// absolute, as Starlette builds it, when the host gave the request's URL.
pub(super) fn redirect(request: &Request, routed: impl Fn(&str) -> bool) -> Option<Response> {
    let parts = request.parts();
    let path = parts.path();
    if path == "/" {
        return None;
    }
    let other = match path.trim_end_matches('/') {
        "" => return None,
        trimmed if trimmed.len() < path.len() => trimmed.to_owned(),
        _ => format!("{path}/"),
    };
    if !routed(&other) {
        return None;
    }
    let origin = parts.origin().unwrap_or_default();
    let location = match parts.query() {
        "" => format!("{origin}{other}"),
        query => format!("{origin}{other}?{query}"),
    };
    Some(Redirect::to(location).into_response())
}
