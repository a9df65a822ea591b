//! Validation: serde deserialization that fails as FastAPI does, with every problem in
//! Pydantic v2's words.
//!
//! Serde's derive stops at the first error and words it in serde's terms; FastAPI lists
//! every problem as `{"type", "loc", "msg", "input"}`. Each source here (parameters as
//! `(name, value)` strings, a JSON body parsed once into a tree) has a deserializer that
//! applies Pydantic's lax conversions and raises errors already in Pydantic's shape; one
//! loop reruns it, stepping over each error found, until a run gets through.
//!
//! - `error`: the serde error both deserializers raise, and what caused it.
//! - `lax`: Pydantic's lax conversions from strings and JSON values into scalars.
//! - `collect`: the reruns that collect every error, and what they learn.
//! - `placeholder`: stand-ins for values already reported.
//! - `object`: the entries of a parameter list or JSON object, read as a struct or map.
//! - `strings`: strings read as typed values (a parameter's values, a JSON key).
//! - `constraints`: declared constraints (`#[edgeapi::validate]`), checked as Pydantic
//!   checks them, raised from inside deserialization.
//! - `forward`: the deserializer methods that only stand for another.
//! - `params`: [`from_params`], for path, query, header, cookie and form parameters.
//! - `json_parse`, `json_tree`, `json_value`, `json_body`: a JSON body parsed as Python
//!   parses it, the tree, the tree read as typed values, and [`from_json_body`].

mod collect;
pub mod constraints;
mod error;
mod forward;
mod json_body;
mod json_parse;
mod json_tree;
mod json_value;
mod lax;
mod object;
mod params;
mod placeholder;
mod strings;
#[cfg(test)]
pub(crate) mod test_support;

pub(crate) use error::is_programmer_error;
pub(crate) use json_body::from_json_body;
pub(crate) use json_value::Shape;
pub(crate) use params::{from_params, Source, MODEL};
