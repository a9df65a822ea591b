//! Strings read as typed values: a parameter's values (one per occurrence of its name),
//! and a JSON object's key, with Pydantic's lax conversions.

use std::iter::Enumerate;
use std::slice;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;

use super::collect::{id_of, Recovery};
use super::error::Error;
use super::forward::forward_aliases;
use super::lax::{self, deserialize_scalars, Integer, Scalars};
use super::placeholder::Placeholder;
use crate::error::ErrorItem;

/// The values of one name (never empty). A scalar reads the last one; a sequence reads
/// them all.
#[derive(Clone, Copy)]
pub(super) struct StringsDeserializer<'a> {
    values: &'a [&'a str],
    /// What a sequence reads: the values, or the elements they hold (a header's list).
    items: &'a [&'a str],
    /// For a parameter's list: what earlier runs learned, so that elements already
    /// reported read as placeholders.
    recovery: Option<&'a Recovery>,
}

impl<'a> StringsDeserializer<'a> {
    pub(super) fn new(values: &'a [&'a str]) -> Self {
        Self {
            values,
            items: values,
            recovery: None,
        }
    }

    pub(super) fn with_recovery(values: &'a [&'a str], recovery: &'a Recovery) -> Self {
        Self {
            values,
            items: values,
            recovery: Some(recovery),
        }
    }

    /// A sequence reads `items` rather than the values.
    pub(super) fn with_items(self, items: &'a [&'a str]) -> Self {
        Self { items, ..self }
    }

    pub(super) fn last(&self) -> &'a str {
        self.values.last().copied().unwrap_or_default()
    }

    fn visit_values<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut seq = StringsSeq {
            values: self.items.iter().enumerate(),
            recovery: self.recovery,
        };
        let input = || Value::from(self.items.to_vec());
        let value = visitor
            .visit_seq(&mut seq)
            .map_err(|e| e.with_input(input))?;
        let rest = seq.values.len();
        if rest > 0 {
            let expected = format!("{} values", self.items.len() - rest);
            let error: Error = de::Error::invalid_length(self.items.len(), &expected.as_str());
            return Err(error.with_input(input));
        }
        Ok(value)
    }
}

impl Scalars for StringsDeserializer<'_> {
    fn bool(&self) -> Result<bool, Error> {
        lax::parse_bool(self.last())
    }

    fn int<T: Integer>(&self) -> Result<T, Error> {
        lax::parse_int(self.last())
    }

    fn float(&self) -> Result<f64, Error> {
        lax::parse_float(self.last())
    }

    fn char(&self) -> Result<char, Error> {
        let raw = self.last();
        lax::single_char(raw).ok_or_else(|| value_error("expected a single character", raw))
    }

    /// Gives errors raised by the visitor itself the raw string as input.
    fn finish<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        let raw = self.last();
        result.map_err(|e| e.with_input(|| Value::from(raw)))
    }
}

fn value_error(msg: &str, input: &str) -> Error {
    Error::new(ErrorItem::value_error(msg).input(input))
}

impl<'de> de::Deserializer<'de> for StringsDeserializer<'_> {
    type Error = Error;

    /// Self-describing targets (`serde_json::Value`, untagged enums) get the string, or
    /// the list of strings for a repeated name.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.values.len() > 1 {
            self.visit_values(visitor)
        } else {
            self.finish(visitor.visit_str(self.last()))
        }
    }

    deserialize_scalars!();
    forward_aliases!();

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.finish(visitor.visit_str(self.last()))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.finish(visitor.visit_bytes(self.last().as_bytes()))
    }

    /// Only reached when the name is present: `?q=` is `Some("")`, as in FastAPI.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.finish(visitor.visit_some(self))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.finish(visitor.visit_unit())
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.finish(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.visit_values(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.visit_values(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(value_error(
            "nested objects are not supported in query/path parameters",
            self.last(),
        ))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// Unit variants by name; an unknown name is Pydantic's `enum` error (raised by the
    /// derive through [`de::Error::unknown_variant`], so renames and `#[serde(other)]` work).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.finish(visitor.visit_enum(StrDeserializer::new(self.last())))
    }
}

/// A repeated name's values as a list, each error located at its index.
struct StringsSeq<'a> {
    values: Enumerate<slice::Iter<'a, &'a str>>,
    recovery: Option<&'a Recovery>,
}

impl<'de> SeqAccess<'de> for StringsSeq<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.values.next() else {
            return Ok(None);
        };
        let id = id_of(value);
        let element = if self.recovery.is_some_and(|r| r.failed(id)) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(StringsDeserializer::new(slice::from_ref(value)))
                .map_err(|e| e.place(id, &[]).within(index, index))
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::params::*;

    #[test]
    fn strings_chars_and_newtypes() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Id(u32);
        #[derive(Debug, Deserialize, PartialEq)]
        struct Params {
            name: String,
            initial: char,
            id: Id,
        }
        let params: Params = query(&[("name", " Zoë "), ("initial", "é"), ("id", "5")]).unwrap();
        assert_eq!(
            params,
            Params {
                name: " Zoë ".into(),
                initial: 'é',
                id: Id(5)
            }
        );
        assert_eq!(
            detail(query::<Params>(&[
                ("name", ""),
                ("initial", "ab"),
                ("id", "x")
            ])),
            json!([
                {
                    "type": "value_error",
                    "loc": ["query", "initial"],
                    "msg": "Value error, expected a single character",
                    "input": "ab",
                    "ctx": {"error": {}},
                },
                {
                    "type": "int_parsing",
                    "loc": ["query", "id"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
            ])
        );
    }

    #[test]
    fn options_absent_present_and_empty() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Search {
            q: Option<String>,
            limit: Option<u32>,
        }
        assert_eq!(
            query::<Search>(&[]),
            Ok(Search {
                q: None,
                limit: None
            })
        );
        assert_eq!(
            query::<Search>(&[("q", "rust"), ("limit", "3")]),
            Ok(Search {
                q: Some("rust".into()),
                limit: Some(3)
            })
        );
        assert_eq!(
            query::<Search>(&[("q", "")]),
            Ok(Search {
                q: Some(String::new()),
                limit: None
            })
        );
        assert_eq!(
            detail(query::<Search>(&[("limit", "")])),
            json!([{
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "",
            }])
        );
    }

    #[test]
    fn enums_by_name_with_pydantics_enum_error() {
        assert_eq!(
            path::<Model>(&[("model_name", "resnet")]),
            Ok(Model::Resnet)
        );
        assert_eq!(
            detail(path::<Model>(&[("model_name", "vgg")])),
            json!([{
                "type": "enum",
                "loc": ["path", "model_name"],
                "msg": "Input should be 'alexnet', 'resnet' or 'lenet'",
                "input": "vgg",
                "ctx": {"expected": "'alexnet', 'resnet' or 'lenet'"},
            }])
        );
        assert_eq!(
            detail(path::<Two>(&[("x", "b")])),
            json!([{
                "type": "enum",
                "loc": ["path", "x"],
                "msg": "Input should be 'a' or \"it's\"",
                "input": "b",
                "ctx": {"expected": "'a' or \"it's\""},
            }])
        );
        assert_eq!(
            detail(path::<One>(&[("x", "b")]))[0]["msg"],
            "Input should be 'only'"
        );
    }

    #[test]
    fn unknown_variant_can_fall_back_with_serde_other() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Sort {
            Asc,
            #[serde(other)]
            Other,
        }
        assert_eq!(path::<Sort>(&[("sort", "asc")]), Ok(Sort::Asc));
        assert_eq!(path::<Sort>(&[("sort", "sideways")]), Ok(Sort::Other));
    }

    #[test]
    fn repeated_keys_fill_a_vec_with_each_error_at_its_index() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Ids {
            id: Vec<u32>,
            #[serde(default)]
            tag: Vec<String>,
        }
        assert_eq!(
            query::<Ids>(&[("id", "1"), ("tag", "a"), ("id", "2")]),
            Ok(Ids {
                id: vec![1, 2],
                tag: vec!["a".into()]
            })
        );
        assert_eq!(
            query::<Ids>(&[("id", "7")]),
            Ok(Ids {
                id: vec![7],
                tag: vec![]
            })
        );
        assert_eq!(
            detail(query::<Ids>(&[
                ("id", "1"),
                ("id", "x"),
                ("id", "3"),
                ("id", "-4")
            ])),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["query", "id", 1],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {
                    "type": "greater_than_equal",
                    "loc": ["query", "id", 3],
                    "msg": "Input should be greater than or equal to 0",
                    "input": "-4",
                    "ctx": {"ge": 0},
                },
            ])
        );
    }

    #[test]
    fn a_scalar_takes_the_last_of_repeated_values() {
        assert_eq!(
            query::<Limit>(&[("limit", "x"), ("limit", "5")]),
            Ok(Limit { limit: 5 })
        );
        assert_eq!(
            detail(query::<Limit>(&[("limit", "5"), ("limit", "x")]))[0]["input"],
            "x"
        );
    }

    #[test]
    fn nested_objects_are_rejected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Limit,
        }
        assert_eq!(
            detail(query::<Outer>(&[("inner", "{}")])),
            json!([{
                "type": "value_error",
                "loc": ["query", "inner"],
                "msg": "Value error, nested objects are not supported in query/path parameters",
                "input": "{}",
                "ctx": {"error": {}},
            }])
        );
    }
}
