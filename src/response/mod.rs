//! Responses as plain Rust values, and the [`IntoResponse`] conversions handlers return.
//!
//! A [`Response`] is built in Rust and crosses into JavaScript once, at the very end (in
//! `host`), so handlers and tests never touch JS objects. Its body is a
//! [`ResponseBody`]: bytes, a stream of chunks produced in Rust, or a JS value the host
//! takes as it is (an R2 object's stream, say).

mod cookie;
mod into_response;
mod message;
mod redirect;

pub use cookie::SetCookie;
pub use into_response::{Blob, Html, IntoResponse};
pub use message::{BodyStream, Response, ResponseBody};
pub use redirect::Redirect;
