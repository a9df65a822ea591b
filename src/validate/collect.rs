//! Collecting every error. Serde's derive stops at the first one while FastAPI lists them
//! all, so a failed run is recorded and deserialization runs again, reading a placeholder
//! in place of each value already reported (or for each required field found missing),
//! until a run gets through. One loop serves parameters and JSON bodies alike.

use std::collections::{HashMap, HashSet};

use super::error::{Cause, Error};
use crate::error::ValidationError;

/// A value's identity across runs: its address, since the input does not move while it
/// is read.
pub(super) fn id_of<T>(value: &T) -> usize {
    std::ptr::from_ref(value).addr()
}

/// What to step over on the next run, learned from the failures so far. Values are known
/// by [`id_of`].
#[derive(Default)]
pub(super) struct Recovery {
    /// Values already reported, read as placeholders.
    failed: HashSet<usize>,
    /// Entries whose key was reported, by object and position: `true` to leave the entry
    /// out, `false` to read a placeholder key and still check the value.
    keys: HashMap<(usize, usize), bool>,
    /// Absent required fields of an object, presented with placeholder values.
    missing_fields: Vec<(usize, &'static str)>,
    /// How many absent tuple elements to pad an array with.
    missing_elements: HashMap<usize, usize>,
}

impl Recovery {
    /// Remembers how to get past `cause`; false when it cannot, or already knew (so cannot).
    fn learn(&mut self, cause: Cause) -> bool {
        match cause {
            Cause::Value(node) => self.failed.insert(node),
            Cause::Key {
                object,
                entry,
                skip,
            } => self.keys.insert((object, entry), skip).is_none(),
            Cause::MissingField { object, field } => {
                let new = !self.missing_fields.contains(&(object, field));
                if new {
                    self.missing_fields.push((object, field));
                }
                new
            }
            Cause::MissingElement { array, index } => {
                let padded = self.missing_elements.entry(array).or_default();
                let new = index >= *padded;
                *padded = (*padded).max(index + 1);
                new
            }
            Cause::Unplaced
            | Cause::PendingField(_)
            | Cause::PendingElement(_)
            | Cause::Placeholder => false,
        }
    }

    pub(super) fn failed(&self, id: usize) -> bool {
        self.failed.contains(&id)
    }

    /// Whether the key of `object`'s entry `entry` was reported, and if so whether to
    /// leave the entry out.
    pub(super) fn key(&self, object: usize, entry: usize) -> Option<bool> {
        self.keys.get(&(object, entry)).copied()
    }

    pub(super) fn missing_fields(&self, object: usize) -> Vec<&'static str> {
        self.missing_fields
            .iter()
            .filter(|(of, _)| *of == object)
            .map(|(_, field)| *field)
            .collect()
    }

    pub(super) fn missing_elements(&self, array: usize) -> usize {
        self.missing_elements.get(&array).copied().unwrap_or(0)
    }
}

/// Where a source's errors go and how many runs it may take.
pub(super) struct Input<'a> {
    /// The first element of every error's `loc`, such as `"query"` or `"body"`.
    pub(super) loc: &'static str,
    /// The whole input's identity: once it is reported, there is nothing more to find.
    pub(super) id: usize,
    /// At most this many errors are listed (each one costs a run), asked after each run.
    pub(super) max_errors: &'a dyn Fn() -> usize,
}

/// Runs `run` until it gets through, recording each failure and stepping over it on the
/// next run. `run` answers errors placed in the input. Not generic, so the reruns and the
/// sorting exist once.
#[inline(never)]
pub(super) fn collect(
    input: Input<'_>,
    run: &mut dyn FnMut(&Recovery) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    let mut recovery = Recovery::default();
    let mut found: Vec<Error> = Vec::new();

    while !recovery.failed(input.id) {
        let error = match run(&recovery) {
            Ok(()) if found.is_empty() => return Ok(()),
            Ok(()) => break,
            Err(error) => error,
        };
        if super::is_programmer_error(&error.item) {
            return Err((*error.item).within(input.loc).into());
        }
        // A rejected placeholder is not the input's fault, and a repeated error cannot be
        // stepped over: either way, stop with what was found.
        if !recovery.learn(error.cause) {
            // Never answer an empty 422 (unreachable in practice).
            if found.is_empty() {
                found.push(error);
            }
            break;
        }
        found.push(error);
        if found.len() >= (input.max_errors)() {
            break;
        }
    }

    // Runs find errors in reading order; Pydantic lists them by field declaration order.
    sort_errors(&mut found, |a, b| a.order < b.order);
    let mut errors = ValidationError::new();
    for error in found {
        errors.push(error.item.within(input.loc));
    }
    Err(errors)
}

/// Sorts a list of errors stably. Insertion sort: the lists are short (each error costs a
/// deserialization run to find), and it is a fraction of the standard sort's code.
fn sort_errors<T>(items: &mut [T], is_less: impl Fn(&T, &T) -> bool) {
    for i in 1..items.len() {
        let mut j = i;
        while j > 0 && is_less(&items[j], &items[j - 1]) {
            items.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sort_errors;

    #[test]
    fn errors_sort_stably() {
        let mut items = [(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd'), (1, 'e')];
        sort_errors(&mut items, |a, b| a.0 < b.0);
        assert_eq!(items, [(0, 'd'), (1, 'b'), (1, 'e'), (2, 'a'), (2, 'c')]);
    }
    mod from_params {
        use crate::validate::test_support::params::*;

        #[test]
        fn collects_every_bad_field_in_declaration_order() {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Two {
                a: i32,
                b: i32,
            }
            assert_eq!(
                detail(query::<Two>(&[("b", "y"), ("a", "x")])),
                json!([
                    {
                        "type": "int_parsing",
                        "loc": ["query", "a"],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "x",
                    },
                    {
                        "type": "int_parsing",
                        "loc": ["query", "b"],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "y",
                    },
                ])
            );
        }

        #[test]
        fn collects_missing_and_bad_fields_together() {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Item {
                name: String,
                model: Model,
                price: f64,
                tags: Vec<String>,
                count: u8,
            }
            assert_eq!(
                detail(query::<Item>(&[("count", "300"), ("price", "cheap")])),
                json!([
                    {"type": "missing", "loc": ["query", "name"], "msg": "Field required", "input": null},
                    {"type": "missing", "loc": ["query", "model"], "msg": "Field required", "input": null},
                    {
                        "type": "float_parsing",
                        "loc": ["query", "price"],
                        "msg": "Input should be a valid number, unable to parse string as a number",
                        "input": "cheap",
                    },
                    {"type": "missing", "loc": ["query", "tags"], "msg": "Field required", "input": null},
                    {
                        "type": "less_than_equal",
                        "loc": ["query", "count"],
                        "msg": "Input should be less than or equal to 255",
                        "input": "300",
                        "ctx": {"le": 255},
                    },
                ])
            );
        }

        #[test]
        fn many_errors_terminate() {
            let pairs: Vec<(String, String)> = (0..50)
                .map(|i| (format!("k{i}"), "x".to_string()))
                .collect();
            let error = from_params::<HashMap<String, u8>>(Source::Query, &pairs).unwrap_err();
            assert_eq!(error.items().len(), 50);
            let ids = from_params::<HashMap<String, Vec<u8>>>(
                Source::Query,
                &params(&[("a", "x"), ("a", "y"), ("a", "1"), ("b", "z")]),
            )
            .unwrap_err();
            assert_eq!(
                serde_json::to_value(ids.items()).unwrap(),
                json!([
                    {
                        "type": "int_parsing",
                        "loc": ["query", "a", 0],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "x",
                    },
                    {
                        "type": "int_parsing",
                        "loc": ["query", "a", 1],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "y",
                    },
                    {
                        "type": "int_parsing",
                        "loc": ["query", "b", 0],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "z",
                    },
                ])
            );
        }
    }

    mod from_json {
        use crate::validate::test_support::json::*;

        #[test]
        fn every_bad_field_is_reported() {
            assert_eq!(
                detail::<Item>(r#"{"name": 1, "price": "x"}"#),
                json!([
                    {"type": "string_type", "loc": ["body", "name"], "msg": "Input should be a valid string", "input": 1},
                    {
                        "type": "float_parsing",
                        "loc": ["body", "price"],
                        "msg": "Input should be a valid number, unable to parse string as a number",
                        "input": "x",
                    },
                ])
            );
        }

        #[test]
        fn missing_and_bad_fields_in_declaration_order() {
            let parsing = "Input should be a valid number, unable to parse string as a number";
            assert_eq!(
                detail::<Item>(r#"{"tax": "x", "price": "y"}"#),
                json!([
                    {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {"tax": "x", "price": "y"}},
                    {"type": "float_parsing", "loc": ["body", "price"], "msg": parsing, "input": "y"},
                    {"type": "float_parsing", "loc": ["body", "tax"], "msg": parsing, "input": "x"},
                ])
            );
        }

        #[test]
        fn nested_errors_have_full_locations() {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Sub {
                price: f64,
            }
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Deep {
                items: Vec<Sub>,
                m: HashMap<String, Sub>,
            }
            let model = "Input should be a valid dictionary or object to extract fields from";
            let parsing = "Input should be a valid number, unable to parse string as a number";
            assert_eq!(
                detail::<Deep>(
                    r#"{"items": [{"price": 1}, {}, {"price": "x"}, 5],
                        "m": {"k": {"price": "z"}, "j": 3}}"#
                ),
                json!([
                    {"type": "missing", "loc": ["body", "items", 1, "price"], "msg": "Field required", "input": {}},
                    {"type": "float_parsing", "loc": ["body", "items", 2, "price"], "msg": parsing, "input": "x"},
                    {"type": "model_attributes_type", "loc": ["body", "items", 3], "msg": model, "input": 5},
                    {"type": "float_parsing", "loc": ["body", "m", "k", "price"], "msg": parsing, "input": "z"},
                    {"type": "model_attributes_type", "loc": ["body", "m", "j"], "msg": model, "input": 3},
                ])
            );
        }

        #[test]
        fn a_rejected_placeholder_stops_with_the_errors_found() {
            #[derive(Debug, Deserialize)]
            #[allow(dead_code)]
            struct Counts {
                a: std::num::NonZeroU32,
                b: u32,
            }
            // The rerun's placeholder 0 is not a `NonZeroU32`, so `b` goes unreported.
            assert_eq!(
                detail::<Counts>(r#"{"a": "x", "b": "y"}"#),
                one(
                    "int_parsing",
                    "a",
                    "Input should be a valid integer, unable to parse string as an integer",
                    json!("x")
                )
            );
        }
    }
}
