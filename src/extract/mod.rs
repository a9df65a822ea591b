//! Extractors: typed handler arguments read from the request.
//!
//! Every argument but the last implements [`FromRequestParts`] and may only look at the
//! request's [`Parts`](crate::Parts); the last implements [`FromRequest`] and may consume the body. A
//! body extractor in any other position does not compile. Both traits are async so that an
//! extractor may wait (for a body, a KV read); sync handlers whose extractors finish at once
//! still answer without a Promise.
//!
//! ```
//! use edgeapi::prelude::*;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Search { q: Option<String> }
//!
//! fn read_item(Path(item_id): Path<u32>, Query(search): Query<Search>) -> String {
//!     format!("{item_id} {:?}", search.q)
//! }
//!
//! let app = App::new().get("/items/{item_id}", read_item);
//! ```

mod body;
mod context;
mod embed;
mod from_request;
mod header;
mod json;
mod model;
mod path;
mod query;
mod rejections;
mod stream_body;

pub use body::{BodyRejection, Bytes, Form};
pub use context::{BackgroundTasks, State};
pub use embed::Embed;
pub use from_request::{FromRequest, FromRequestParts, Order, ViaParts, ViaRequest};
pub(crate) use header::parse_cookies;
pub use header::{Cookie, Header};
pub use json::Json;
pub use model::Model;
pub use path::{ParamsRejection, Path};
pub use query::Query;
pub(crate) use rejections::Rejections;
pub use stream_body::JsBody;
