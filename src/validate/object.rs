//! The map both sources present to a struct or a map: a parameter list or a JSON object's
//! entries, then placeholders for the required fields found missing.

use std::iter::Enumerate;
use std::{slice, vec};

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, MapAccess};
use serde_json::Value;

use super::collect::Recovery;
use super::error::{Cause, Error};
use super::placeholder::Placeholder;
use super::strings::StringsDeserializer;

/// One entry of an object: a name and its value.
pub(super) trait Entry {
    /// Whether a rejected key leaves its whole entry out of later runs (a parameter's name)
    /// rather than only the key, its value still checked (a JSON dict key). Extra fields
    /// are always left out.
    const DROP_REJECTED: bool;

    fn key(&self) -> &str;

    /// The value's identity across runs.
    fn id(&self) -> usize;

    /// The value as an error's input.
    fn input(&self) -> Value;

    /// Reads the value, its errors placed in it.
    fn read<'de, S: DeserializeSeed<'de>>(
        &self,
        seed: S,
        recovery: &Recovery,
    ) -> Result<S::Value, Error>;
}

pub(super) struct ObjectAccess<'a, E> {
    id: usize,
    entries: Enumerate<slice::Iter<'a, E>>,
    /// The declared fields when read as a struct, to sort errors by declaration.
    fields: Option<&'static [&'static str]>,
    missing: vec::IntoIter<&'static str>,
    pending: Pending<'a, E>,
    recovery: &'a Recovery,
}

/// The value that goes with the key just returned.
enum Pending<'a, E> {
    None,
    Entry { index: usize, entry: &'a E },
    Placeholder,
}

impl<'a, E: Entry> ObjectAccess<'a, E> {
    /// The entries of the object `id`, read as a struct with `fields` or as a map.
    pub(super) fn new(
        id: usize,
        entries: &'a [E],
        fields: Option<&'static [&'static str]>,
        recovery: &'a Recovery,
    ) -> Self {
        Self {
            id,
            entries: entries.iter().enumerate(),
            fields,
            missing: recovery.missing_fields(id).into_iter(),
            pending: Pending::None,
            recovery,
        }
    }

    /// The sort key of an entry's key (`key` true) or value. A struct orders by
    /// declaration, extra entries last; a map by entry, each key before its value.
    fn rank(&self, index: usize, name: &str, key: bool) -> usize {
        match self.fields {
            Some(fields) if key => fields.len() + index,
            Some(fields) => fields
                .iter()
                .position(|f| *f == name)
                .unwrap_or(fields.len() + index),
            None => 2 * index + usize::from(!key),
        }
    }

    fn key_error(&self, index: usize, entry: &E, error: Error) -> Error {
        let skip = E::DROP_REJECTED || error.is_extra();
        let rank = self.rank(index, entry.key(), true);
        let mut error = error.in_key(entry.key(), rank, || entry.input());
        error.cause = Cause::Key {
            object: self.id,
            entry: index,
            skip,
        };
        error
    }
}

impl<'de, E: Entry> MapAccess<'de> for ObjectAccess<'_, E> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some((index, entry)) = self.entries.next() {
            let key = match self.recovery.key(self.id, index) {
                Some(true) => continue,
                Some(false) => seed.deserialize(Placeholder).map_err(Error::of_placeholder),
                None => {
                    let raw = [entry.key()];
                    seed.deserialize(StringsDeserializer::new(&raw))
                        .map_err(|e| self.key_error(index, entry, e))
                }
            };
            self.pending = Pending::Entry { index, entry };
            return key.map(Some);
        }
        if let Some(field) = self.missing.next() {
            let key = seed
                .deserialize(StrDeserializer::<Error>::new(field))
                .map_err(Error::of_placeholder)?;
            self.pending = Pending::Placeholder;
            return Ok(Some(key));
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Entry { index, entry } if !self.recovery.failed(entry.id()) => {
                entry.read(seed, self.recovery).map_err(|e| {
                    e.within(entry.key().to_owned(), self.rank(index, entry.key(), false))
                })
            }
            Pending::Entry { .. } | Pending::Placeholder => {
                seed.deserialize(Placeholder).map_err(Error::of_placeholder)
            }
            Pending::None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.missing.len())
    }
}

#[cfg(test)]
mod tests {
    mod from_params {
        use crate::validate::test_support::params::*;

        #[test]
        fn deny_unknown_fields_is_extra_forbidden() {
            #[derive(Debug, Deserialize)]
            #[serde(deny_unknown_fields)]
            #[allow(dead_code)]
            struct Strict {
                a: u32,
            }
            assert_eq!(
                detail(query::<Strict>(&[
                    ("x", "1"),
                    ("a", "b"),
                    ("x", "2"),
                    ("y", "3")
                ])),
                json!([
                    {
                        "type": "int_parsing",
                        "loc": ["query", "a"],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "b",
                    },
                    {
                        "type": "extra_forbidden",
                        "loc": ["query", "x"],
                        "msg": "Extra inputs are not permitted",
                        "input": ["1", "2"],
                    },
                    {
                        "type": "extra_forbidden",
                        "loc": ["query", "y"],
                        "msg": "Extra inputs are not permitted",
                        "input": "3",
                    },
                ])
            );
        }

        #[test]
        fn maps_read_every_name() {
            let map: HashMap<String, String> =
                query(&[("a", "1"), ("b", "2"), ("a", "3")]).unwrap();
            assert_eq!(map.len(), 2);
            assert_eq!((map["a"].as_str(), map["b"].as_str()), ("3", "2"));

            let lists: HashMap<String, Vec<u32>> = query(&[("a", "1"), ("a", "3")]).unwrap();
            assert_eq!(lists["a"], [1, 3]);

            let value: Value = query(&[("a", "1"), ("b", "x"), ("b", "y")]).unwrap();
            assert_eq!(value, json!({"a": "1", "b": ["x", "y"]}));

            assert_eq!(
                detail(query::<HashMap<u8, String>>(&[("1", "a"), ("x", "b")])),
                json!([{
                    "type": "int_parsing",
                    "loc": ["query", "x", "[key]"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                }])
            );
        }
    }

    mod from_json {
        use crate::validate::test_support::json::*;

        #[test]
        fn deny_unknown_fields_is_extra_forbidden_after_the_fields() {
            #[derive(Debug, Deserialize)]
            #[serde(deny_unknown_fields)]
            #[allow(dead_code)]
            struct Strict {
                a: i32,
                b: i32,
            }
            let extra = "Extra inputs are not permitted";
            assert_eq!(
                detail::<Strict>(r#"{"z": 1, "a": "x", "y": [1], "c": 2}"#),
                json!([
                    {
                        "type": "int_parsing",
                        "loc": ["body", "a"],
                        "msg": "Input should be a valid integer, unable to parse string as an integer",
                        "input": "x",
                    },
                    {"type": "missing", "loc": ["body", "b"], "msg": "Field required", "input": {"z": 1, "a": "x", "y": [1], "c": 2}},
                    {"type": "extra_forbidden", "loc": ["body", "z"], "msg": extra, "input": 1},
                    {"type": "extra_forbidden", "loc": ["body", "y"], "msg": extra, "input": [1]},
                    {"type": "extra_forbidden", "loc": ["body", "c"], "msg": extra, "input": 2},
                ])
            );
        }

        #[test]
        fn dict_keys_and_values_are_both_checked_in_input_order() {
            let parsing = "Input should be a valid integer, unable to parse string as an integer";
            assert_eq!(
                detail::<HashMap<u32, u32>>(r#"{"b": "x", "a": "y", "3": 3}"#),
                json!([
                    {"type": "int_parsing", "loc": ["body", "b", "[key]"], "msg": parsing, "input": "b"},
                    {"type": "int_parsing", "loc": ["body", "b"], "msg": parsing, "input": "x"},
                    {"type": "int_parsing", "loc": ["body", "a", "[key]"], "msg": parsing, "input": "a"},
                    {"type": "int_parsing", "loc": ["body", "a"], "msg": parsing, "input": "y"},
                ])
            );
            let map: HashMap<u32, bool> = read(r#"{"1": "yes", " 2 ": 0}"#).unwrap();
            assert_eq!(map, HashMap::from([(1, true), (2, false)]));
        }
    }
}
