//! JSON request bodies deserialized with serde, failing with FastAPI's errors.
//!
//! [`from_json_body`] answers as FastAPI does for a body declared as a model, or as several
//! body parameters ([`Shape`]): an empty (or `null`) body is `missing`, malformed JSON is `json_invalid` with the message and
//! position Python's `json` module gives, and every problem with the values is a Pydantic
//! v2 shaped [`ErrorItem`](crate::ErrorItem) located under `"body"`, such as
//! `["body", "items", 2, "price"]`.
//!
//! The body is parsed once into a tree (serde_json's nesting limit keeps that bounded),
//! then `T` is read from the tree by a deserializer that applies Pydantic's lax
//! conversions, rerun until every error is found.

use serde::de::DeserializeOwned;

use super::collect::{collect, Input};
use super::error::Error;
use super::json_parse::{parse, BODY};
use super::json_value::{blame, JsonDeserializer, Shape};
use crate::error::ValidationError;

/// At most this many errors are listed: each one costs a run over the body.
const MAX_ERRORS: usize = 1000;

/// The most nodes all runs may read together (runs × body size): a big body gets fewer
/// reruns, so a body full of errors cannot make a request expensive.
const WORK_BUDGET: usize = 4_000_000;

/// Deserializes `T` from a JSON request body (`None` for none), failing with every
/// problem FastAPI reports.
///
/// No body is `missing` at `["body"]` (or `None` for an `Option<T>`), as in FastAPI; a
/// `null` body is a value like any other.
pub(crate) fn from_json_body<T: DeserializeOwned>(
    body: Option<&str>,
    shape: Shape,
) -> Result<T, ValidationError> {
    // The only code generated per `T`: `T::deserialize` calls, run by a shared loop.
    let mut value = None;
    collect_body(body, shape, &mut |root| {
        value = Some(T::deserialize(root)?);
        Ok(())
    })?;
    // `collect_body` answers `Ok` only after a run that set `value`.
    value.ok_or_else(ValidationError::new)
}

/// Parses the body and reads it with `deserialize` until a run gets through. Not generic,
/// so this exists once whatever the body's type.
#[inline(never)]
fn collect_body(
    body: Option<&str>,
    shape: Shape,
    deserialize: &mut dyn FnMut(JsonDeserializer<'_>) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    let json = parse(body)?;
    let max_errors = (WORK_BUDGET / json.size()).clamp(1, MAX_ERRORS);
    let input = Input {
        loc: BODY,
        // A body rejected as a whole has nothing more to find: a rerun would only read a
        // placeholder in its place.
        id: json.id(),
        max_errors: &|| max_errors,
    };
    collect(input, &mut |recovery| {
        deserialize(JsonDeserializer::root(
            &json,
            shape,
            body.is_none(),
            recovery,
        ))
        .map_err(|e| blame(e, &json, &[]))
    })
}

#[cfg(test)]
mod tests {
    use super::MAX_ERRORS;
    use crate::validate::json_parse::BODY;
    use crate::validate::test_support::json::*;

    #[test]
    fn tutorial_accepts_floats_and_numeric_strings() {
        let item = Item {
            name: "Foo".into(),
            description: None,
            price: 50.5,
            tax: None,
        };
        assert_eq!(read(r#"{"name": "Foo", "price": 50.5}"#), Ok(item));
        let item: Item = read(r#"{"name": "Foo", "price": "50.5"}"#).unwrap();
        assert_eq!(item.price, 50.5);
        let item: Item =
            read(r#"{"name": "Foo", "price": "50.5", "description": "Some Foo", "tax": 0.3}"#)
                .unwrap();
        assert_eq!(item.description.as_deref(), Some("Some Foo"));
        assert_eq!(item.tax, Some(0.3));
    }

    #[test]
    fn tutorial_only_name() {
        assert_eq!(
            detail::<Item>(r#"{"name": "Foo"}"#),
            json!([{
                "type": "missing",
                "loc": ["body", "price"],
                "msg": "Field required",
                "input": {"name": "Foo"},
            }])
        );
    }

    #[test]
    fn tutorial_price_not_a_number() {
        assert_eq!(
            detail::<Item>(r#"{"name": "Foo", "price": "twenty"}"#),
            json!([{
                "type": "float_parsing",
                "loc": ["body", "price"],
                "msg": "Input should be a valid number, unable to parse string as a number",
                "input": "twenty",
            }])
        );
    }

    #[test]
    fn tutorial_no_data() {
        assert_eq!(
            detail::<Item>("{}"),
            json!([
                {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {}},
                {"type": "missing", "loc": ["body", "price"], "msg": "Field required", "input": {}},
            ])
        );
    }

    #[test]
    fn tutorial_empty_body_is_missing_and_null_is_not_an_object() {
        let missing =
            json!([{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]);
        assert_eq!(detail::<Item>(""), missing);
        assert_eq!(detail::<Vec<u32>>(""), missing);
        assert_eq!(detail::<Value>(""), missing);
        assert_eq!(
            detail::<Item>("null"),
            json!([{
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": null,
            }])
        );
        assert_eq!(read::<Value>("null"), Ok(Value::Null));
    }

    #[test]
    fn an_optional_body_may_be_absent() {
        assert_eq!(read::<Option<Item>>(""), Ok(None));
        assert_eq!(read::<Option<Item>>("null"), Ok(None));
        assert_eq!(
            detail::<Option<Item>>("5"),
            json!([{
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": 5,
            }])
        );
    }

    #[test]
    fn many_errors_end() {
        let body = serde_json::to_string(&vec!["x"; 3000]).unwrap();
        let errors = read::<Vec<u32>>(&body).unwrap_err();
        assert_eq!(errors.items().len(), MAX_ERRORS);
        assert_eq!(errors.items()[999].loc, [Loc::from(BODY), Loc::Index(999)]);
    }
}
