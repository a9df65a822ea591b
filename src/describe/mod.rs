//! How a route describes itself for the OpenAPI document: the [`Operation`] its
//! extractors and its result type fill in, each in one place, the `openapi` hook beside
//! its `FromRequestParts`, `FromRequest` or `IntoResponse` impl.
//!
//! This is the vocabulary only; `crate::openapi` builds the document from it.

mod operation;
mod probe;
mod schemas;

pub(crate) use operation::{title_case, Content, Parameter};
pub use operation::{Operation, ParameterIn};
pub use probe::{Probe, WithSchema, WithoutSchema};

use serde_json::Value;

/// How a route describes itself: the handler's name and its description function.
#[derive(Clone, Copy)]
pub(crate) struct Describer {
    /// The handler's type name (`my_app::read_item`), for the operation's name.
    pub(crate) type_name: &'static str,
    pub(crate) describe: fn(&mut Operation<'_>),
}

/// `{"type": "string"}`, the schema of text bodies.
pub(crate) fn string_schema() -> Value {
    let mut object = serde_json::Map::new();
    object.insert("type".into(), "string".into());
    Value::Object(object)
}
