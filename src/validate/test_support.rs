//! What the tests beside each module share: the entry points as they call them, the 422
//! `detail` list, and the models they read.

pub(crate) use std::collections::HashMap;
pub(crate) use std::fmt;

pub(crate) use serde::de::{self, DeserializeOwned};
pub(crate) use serde::Deserialize;
pub(crate) use serde_json::{json, Value};

pub(crate) use super::{from_json_body, from_params, is_programmer_error, Shape, Source};
pub(crate) use crate::error::{ErrorItem, Loc, ValidationError};

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Limit {
    pub(crate) limit: u32,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Small {
    pub(crate) n: u8,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Signed {
    pub(crate) n: i32,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Float {
    pub(crate) x: f64,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Flag {
    pub(crate) flag: bool,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Model {
    Alexnet,
    Resnet,
    Lenet,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) enum Two {
    #[serde(rename = "a")]
    A,
    #[serde(rename = "it's")]
    B,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) enum One {
    #[serde(rename = "only")]
    Only,
}

/// FastAPI's tutorial model (`docs_src/body/tutorial001`).
#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Item {
    pub(crate) name: String,
    pub(crate) description: Option<String>,
    pub(crate) price: f64,
    pub(crate) tax: Option<f64>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Int {
    pub(crate) n: i64,
}

#[derive(Debug, Deserialize, PartialEq)]
pub(crate) struct Text {
    pub(crate) s: String,
}

/// A `deserialize_with` validator: Pydantic words its error as a `value_error`.
pub(crate) fn even<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let n = u32::deserialize(deserializer)?;
    if n % 2 == 0 {
        Ok(n)
    } else {
        Err(de::Error::custom("must be even"))
    }
}

/// Parameters, as `from_params` reads them.
pub(crate) mod params {
    pub(crate) use super::*;

    pub(crate) fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    pub(crate) fn query<T: DeserializeOwned>(pairs: &[(&str, &str)]) -> Result<T, ValidationError> {
        from_params(Source::Query, &params(pairs))
    }

    pub(crate) fn path<T: DeserializeOwned>(pairs: &[(&str, &str)]) -> Result<T, ValidationError> {
        from_params(Source::Path, &params(pairs))
    }

    /// The error items as FastAPI's `detail` list.
    pub(crate) fn detail<T: fmt::Debug>(result: Result<T, ValidationError>) -> Value {
        match result {
            Ok(value) => panic!("expected errors, got {value:?}"),
            Err(error) => serde_json::to_value(error.items()).unwrap(),
        }
    }
}

/// JSON bodies, as `from_json_body` reads them.
pub(crate) mod json {
    pub(crate) use super::*;

    pub(crate) fn read<T: DeserializeOwned>(body: &str) -> Result<T, ValidationError> {
        from_json_body(text(body), Shape::Model)
    }

    /// The body read as body parameters, one per field of `T`.
    pub(crate) fn embedded<T: DeserializeOwned>(body: &str) -> Result<T, ValidationError> {
        from_json_body(text(body), Shape::Embedded)
    }

    /// A body as the JSON extractors pass it on: none when empty.
    fn text(body: &str) -> Option<&str> {
        (!body.is_empty()).then_some(body)
    }

    /// The error items as FastAPI's `detail` list.
    pub(crate) fn detail<T: DeserializeOwned + fmt::Debug>(body: &str) -> Value {
        match read::<T>(body) {
            Ok(value) => panic!("expected errors for {body}, got {value:?}"),
            Err(error) => serde_json::to_value(error.items()).unwrap(),
        }
    }

    /// One error at `["body", field]` with this type, message and input.
    pub(crate) fn one(kind: &str, field: &str, msg: &str, input: Value) -> Value {
        json!([{"type": kind, "loc": ["body", field], "msg": msg, "input": input}])
    }

    pub(crate) fn invalid(reason: &str, at: usize) -> Value {
        json!([{
            "type": "json_invalid",
            "loc": ["body", at],
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": reason},
        }])
    }
}
