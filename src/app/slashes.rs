//! `redirect_slashes`: a request for `/items` when only `/items/` is routed (or the
//! reverse) is sent to the other form, as Starlette's router does for FastAPI.

use super::routes::Routes;
use crate::request::Request;
use crate::response::{IntoResponse, Redirect, Response};
use crate::routing::Route;

/// 307 to the other form of the request's path, with its query, when a route (for any
/// method) or a docs page has that form; `None` otherwise. The location is absolute, as
/// Starlette builds it, when the host gave the request's URL.
pub(super) fn redirect(routes: &Routes, request: &Request) -> Option<Response> {
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
    let routed = !matches!(routes.table.route(parts.method(), &other), Route::NotFound);
    #[cfg(feature = "openapi")]
    let routed = routed || routes.docs.has_page(&other);
    if !routed {
        return None;
    }
    let origin = parts.origin().unwrap_or_default();
    let location = match parts.query() {
        "" => format!("{origin}{other}"),
        query => format!("{origin}{other}?{query}"),
    };
    Some(Redirect::to(location).into_response())
}
