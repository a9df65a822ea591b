//! A [`Json`] tree read as typed values, with Pydantic's lax conversions and its errors,
//! each attributed to the node it came from.

use std::iter::Enumerate;
use std::slice;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, SeqAccess, VariantAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::collect::Recovery;
use super::error::{enum_error, Error};
use super::forward::forward_aliases;
use super::json_tree::Json;
use super::lax::{self, deserialize_scalars, Integer, Scalars};
use super::object::{Entry, ObjectAccess};
use super::placeholder::Placeholder;
use crate::error::{context, ErrorItem};

/// Attributes an error that came out of reading `node` to it: what caused it and its
/// input, unless a deeper node already did. `fields` are the node's declared fields when it
/// was read as a struct, to order missing ones.
pub(super) fn blame(error: Error, node: &Json, fields: &[&'static str]) -> Error {
    error
        .missing_element(node.id())
        .place(node.id(), fields)
        .with_input(|| node.to_value())
}

/// How a body's JSON maps onto `T`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// The body is `T`, as one FastAPI body parameter (`item: Item`).
    Model,
    /// Each field of `T` is a body parameter under its own key, as FastAPI reads several
    /// body parameters or one with `Body(embed=True)`: a missing key is `missing` with a
    /// `null` input, and a body that is not an object has none of the keys.
    Embedded,
}

#[derive(Clone, Copy)]
pub(super) struct JsonDeserializer<'a> {
    json: &'a Json,
    recovery: &'a Recovery,
    /// How the whole body maps onto the type; `None` below the root.
    root: Option<Shape>,
    /// No body came (it reads as `null`): FastAPI's `missing`.
    absent: bool,
}

/// What an embedded body that is not an object reads as: FastAPI finds none of its keys.
static NO_KEYS: Json = Json::Object(Vec::new());

impl<'a> JsonDeserializer<'a> {
    /// The whole body, `absent` when none came.
    pub(super) fn root(json: &'a Json, shape: Shape, absent: bool, recovery: &'a Recovery) -> Self {
        Self {
            json,
            recovery,
            root: Some(shape),
            absent,
        }
    }

    fn new(json: &'a Json, recovery: &'a Recovery) -> Self {
        Self {
            json,
            recovery,
            root: None,
            absent: false,
        }
    }

    /// The value, unless no body came, which FastAPI reports as a missing body (a `null`
    /// body is a value, as in FastAPI 0.165).
    fn present(&self) -> Result<&'a Json, Error> {
        if self.absent {
            return Err(Error::missing());
        }
        Ok(self.json)
    }

    fn seq(&self, items: &'a [Json]) -> ArrayAccess<'a> {
        ArrayAccess {
            items: items.iter().enumerate(),
            padding: self.recovery.missing_elements(self.json.id()),
            recovery: self.recovery,
        }
    }

    fn map(
        &self,
        entries: &'a [(String, Json)],
        fields: Option<&'static [&'static str]>,
    ) -> ObjectAccess<'a, (String, Json)> {
        self.map_of(self.json, entries, fields)
    }

    fn map_of(
        &self,
        object: &'a Json,
        entries: &'a [(String, Json)],
        fields: Option<&'static [&'static str]>,
    ) -> ObjectAccess<'a, (String, Json)> {
        ObjectAccess::new(object.id(), entries, fields, self.recovery)
    }
}

impl Scalars for JsonDeserializer<'_> {
    fn bool(&self) -> Result<bool, Error> {
        self.present().and_then(lax::bool_from_json)
    }

    fn int<T: Integer>(&self) -> Result<T, Error> {
        self.present().and_then(lax::int_from_json)
    }

    fn float(&self) -> Result<f64, Error> {
        self.present().and_then(lax::float_from_json)
    }

    fn char(&self) -> Result<char, Error> {
        self.present().and_then(lax::char_from_json)
    }

    fn finish<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| blame(e, self.json, &[]))
    }
}

impl<'de> de::Deserializer<'de> for JsonDeserializer<'_> {
    type Error = Error;

    /// Self-describing targets (`serde_json::Value`, untagged enums) get the value as is.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Json::String(s) => visitor.visit_str(s),
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            Json::Object(entries) => visitor.visit_map(self.map(entries, None)),
        });
        self.finish(result)
    }

    deserialize_scalars!();
    forward_aliases!();

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_str(s),
            _ => Err(lax::string_type()),
        });
        self.finish(result)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_bytes(s.as_bytes()),
            _ => Err(Error::of_kind(
                "bytes_type",
                "Input should be a valid bytes",
            )),
        });
        self.finish(result)
    }

    /// `null` is `None`; a `null` or empty body too, as FastAPI gives an optional body's
    /// default.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match self.json {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        };
        self.finish(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Null => visitor.visit_unit(),
            _ => Err(Error::of_kind("none_required", "Input should be None")),
        });
        self.finish(result)
    }

    /// Transparent, as a Pydantic `RootModel`.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.finish(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            _ if is_set::<V>() => Err(Error::of_kind("set_type", "Input should be a valid set")),
            _ => Err(Error::of_kind("list_type", "Input should be a valid list")),
        });
        self.finish(result)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Array(items) if items.len() > len => Err(tuple_too_long(len, items.len())),
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            _ => Err(Error::of_kind(
                "tuple_type",
                "Input should be a valid tuple",
            )),
        });
        self.finish(result)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Object(entries) => visitor.visit_map(self.map(entries, None)),
            _ => Err(Error::of_kind(
                "dict_type",
                "Input should be a valid dictionary",
            )),
        });
        self.finish(result)
    }

    /// Only from an object, as a Pydantic model (FastAPI validates with
    /// `from_attributes`, hence the wording). Embedded body parameters are read from the
    /// body's keys, if it has any, and an absent one has no input.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.root == Some(Shape::Embedded) {
            let (json, entries) = match self.json {
                Json::Object(entries) => (self.json, entries.as_slice()),
                _ => (&NO_KEYS, &[][..]),
            };
            let result = visitor.visit_map(self.map_of(json, entries, Some(fields)));
            return result.map_err(|e| {
                let e = e.place(json.id(), fields).null_input_if_missing(json.id());
                blame(e, json, fields)
            });
        }
        let result = self.present().and_then(|json| match json {
            Json::Object(entries) => visitor.visit_map(self.map(entries, Some(fields))),
            _ => Err(Error::of_kind(
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
            )),
        });
        result.map_err(|e| blame(e, self.json, fields))
    }

    /// A unit variant by name, or `{"Variant": contents}`; anything else is Pydantic's
    /// `enum` error (unknown names too, through [`de::Error::unknown_variant`], so that
    /// renames and `#[serde(other)]` work).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_enum(StrDeserializer::<Error>::new(s)),
            Json::Object(entries) => match entries.as_slice() {
                [(variant, contents)] => visitor.visit_enum(Variant {
                    name: variant,
                    contents: JsonDeserializer::new(contents, self.recovery),
                }),
                _ => Err(enum_error(variants)),
            },
            _ => Err(enum_error(variants)),
        });
        self.finish(result)
    }
}

/// Whether a sequence's visitor builds a `HashSet` or a `BTreeSet`, which Pydantic's `set`
/// errors name. Serde describes sets and lists alike, so the visitor's type is all that
/// tells them apart (`<impl Deserialize for HashSet<_, _>>::deserialize::SeqVisitor<..>`);
/// only asked for input that is not an array.
fn is_set<V>() -> bool {
    let name = std::any::type_name::<V>();
    let container = name.split(">>::").next().unwrap_or(name);
    let container = container.rsplit("::").next().unwrap_or(container);
    container.starts_with("HashSet<") || container.starts_with("BTreeSet<")
}

fn tuple_too_long(max: usize, actual: usize) -> Error {
    let plural = if max == 1 { "" } else { "s" };
    Error::new(
        ErrorItem::new(
            "too_long",
            format!("Tuple should have at most {max} item{plural} after validation, not {actual}"),
        )
        .ctx(context([
            ("field_type", Value::from("Tuple")),
            ("max_length", Value::from(max)),
            ("actual_length", Value::from(actual)),
        ])),
    )
}

/// An object's entry, read by [`ObjectAccess`].
impl Entry for (String, Json) {
    const DROP_REJECTED: bool = false;

    fn key(&self) -> &str {
        &self.0
    }

    fn id(&self) -> usize {
        self.1.id()
    }

    fn input(&self) -> Value {
        self.1.to_value()
    }

    fn read<'de, S: DeserializeSeed<'de>>(
        &self,
        seed: S,
        recovery: &Recovery,
    ) -> Result<S::Value, Error> {
        seed.deserialize(JsonDeserializer::new(&self.1, recovery))
            .map_err(|e| blame(e, &self.1, &[]))
    }
}

/// An array's elements, then placeholders for the tuple elements found missing.
struct ArrayAccess<'a> {
    items: Enumerate<slice::Iter<'a, Json>>,
    padding: usize,
    recovery: &'a Recovery,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, item)) = self.items.next() else {
            if self.padding == 0 {
                return Ok(None);
            }
            self.padding -= 1;
            return seed
                .deserialize(Placeholder)
                .map(Some)
                .map_err(Error::of_placeholder);
        };
        let element = if self.recovery.failed(item.id()) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(JsonDeserializer::new(item, self.recovery))
                .map_err(|e| blame(e, item, &[]).within(index, index))
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() + self.padding)
    }
}

/// `{"Variant": contents}`, serde's external tagging.
struct Variant<'a> {
    name: &'a str,
    contents: JsonDeserializer<'a>,
}

impl Variant<'_> {
    /// Whether the contents were reported: a rerun reads a placeholder in their place.
    fn failed(&self) -> bool {
        self.contents.recovery.failed(self.contents.json.id())
    }

    /// Places an error from the contents in them, under the variant's name.
    fn locate(&self, error: Error, fields: &[&'static str]) -> Error {
        blame(error, self.contents.json, fields).within(self.name.to_owned(), 0)
    }
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let variant = seed.deserialize(StrDeserializer::<Error>::new(self.name))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        if self.failed() {
            return Ok(());
        }
        <()>::deserialize(self.contents).map_err(|e| self.locate(e, &[]))
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        if self.failed() {
            return seed.deserialize(Placeholder).map_err(Error::of_placeholder);
        }
        seed.deserialize(self.contents)
            .map_err(|e| self.locate(e, &[]))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.failed() {
            return VariantAccess::tuple_variant(Placeholder, len, visitor)
                .map_err(Error::of_placeholder);
        }
        de::Deserializer::deserialize_tuple(self.contents, len, visitor)
            .map_err(|e| self.locate(e, &[]))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.failed() {
            return VariantAccess::struct_variant(Placeholder, fields, visitor)
                .map_err(Error::of_placeholder);
        }
        de::Deserializer::deserialize_struct(self.contents, "", fields, visitor)
            .map_err(|e| self.locate(e, fields))
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::json::*;

    #[test]
    fn sets_are_pydantic_sets() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Tagged {
            tags: std::collections::HashSet<String>,
            ordered: std::collections::BTreeSet<u8>,
            lists: Vec<std::collections::HashSet<String>>,
        }
        let set = "Input should be a valid set";
        assert_eq!(
            detail::<Tagged>(r#"{"tags": "a", "ordered": {}, "lists": 1}"#),
            json!([
                {"type": "set_type", "loc": ["body", "tags"], "msg": set, "input": "a"},
                {"type": "set_type", "loc": ["body", "ordered"], "msg": set, "input": {}},
                {"type": "list_type", "loc": ["body", "lists"], "msg": "Input should be a valid list", "input": 1},
            ])
        );
        let tagged: Tagged =
            read(r#"{"tags": ["a", "a"], "ordered": [2, 1], "lists": [["x"]]}"#).unwrap();
        assert_eq!(tagged.tags.len(), 1);
    }

    #[test]
    fn strings_take_only_strings() {
        assert_eq!(read(r#"{"s": "é\n"}"#), Ok(Text { s: "é\n".into() }));
        for input in [
            json!(5),
            json!(1.5),
            json!(true),
            json!(null),
            json!([]),
            json!({}),
        ] {
            let body = json!({ "s": input }).to_string();
            assert_eq!(
                detail::<Text>(&body),
                one("string_type", "s", "Input should be a valid string", input)
            );
        }
    }

    #[test]
    fn options_take_null() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Maybe {
            n: Option<u32>,
        }
        assert_eq!(read(r#"{"n": null}"#), Ok(Maybe { n: None }));
        assert_eq!(read("{}"), Ok(Maybe { n: None }));
        assert_eq!(read(r#"{"n": "7"}"#), Ok(Maybe { n: Some(7) }));
        assert_eq!(
            detail::<Maybe>(r#"{"n": "x"}"#),
            one(
                "int_parsing",
                "n",
                "Input should be a valid integer, unable to parse string as an integer",
                json!("x")
            )
        );
    }

    #[test]
    fn models_lists_dicts_and_tuples_check_their_shape() {
        let model = "Input should be a valid dictionary or object to extract fields from";
        assert_eq!(
            detail::<Item>("[1, 2]"),
            json!([{"type": "model_attributes_type", "loc": ["body"], "msg": model, "input": [1, 2]}])
        );
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Shapes {
            item: Item,
            list: Vec<u32>,
            dict: HashMap<String, u32>,
            pair: (u32, u32),
            nothing: (),
        }
        assert_eq!(
            detail::<Shapes>(
                r#"{"item": "x", "list": "abc", "dict": [], "pair": 5, "nothing": 0}"#
            ),
            json!([
                {"type": "model_attributes_type", "loc": ["body", "item"], "msg": model, "input": "x"},
                {"type": "list_type", "loc": ["body", "list"], "msg": "Input should be a valid list", "input": "abc"},
                {"type": "dict_type", "loc": ["body", "dict"], "msg": "Input should be a valid dictionary", "input": []},
                {"type": "tuple_type", "loc": ["body", "pair"], "msg": "Input should be a valid tuple", "input": 5},
                {"type": "none_required", "loc": ["body", "nothing"], "msg": "Input should be None", "input": 0},
            ])
        );
    }

    #[test]
    fn tuples_report_missing_and_extra_elements() {
        assert_eq!(read::<(u32, u32)>("[1, \"2\"]"), Ok((1, 2)));
        assert_eq!(
            detail::<(u32, u32)>(r#"["x"]"#),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["body", 0],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {"type": "missing", "loc": ["body", 1], "msg": "Field required", "input": ["x"]},
            ])
        );
        assert_eq!(
            detail::<(u32, u32)>("[]"),
            json!([
                {"type": "missing", "loc": ["body", 0], "msg": "Field required", "input": []},
                {"type": "missing", "loc": ["body", 1], "msg": "Field required", "input": []},
            ])
        );
        assert_eq!(
            detail::<(u32,)>("[1, 2]"),
            json!([{
                "type": "too_long",
                "loc": ["body"],
                "msg": "Tuple should have at most 1 item after validation, not 2",
                "input": [1, 2],
                "ctx": {"field_type": "Tuple", "max_length": 1, "actual_length": 2},
            }])
        );
    }

    #[test]
    fn enums_by_name_with_pydantics_enum_error() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Color {
            Red,
            Green,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Paint {
            color: Color,
        }
        assert_eq!(
            read(r#"{"color": "green"}"#),
            Ok(Paint {
                color: Color::Green
            })
        );
        for input in [
            json!("blue"),
            json!(5),
            json!(null),
            json!({"a": 1, "b": 2}),
        ] {
            let body = json!({ "color": input }).to_string();
            assert_eq!(
                detail::<Paint>(&body),
                json!([{
                    "type": "enum",
                    "loc": ["body", "color"],
                    "msg": "Input should be 'red' or 'green'",
                    "input": input,
                    "ctx": {"expected": "'red' or 'green'"},
                }])
            );
        }
    }

    #[test]
    fn enum_variants_with_data_are_externally_tagged() {
        #[derive(Debug, Deserialize, PartialEq)]
        enum Shape {
            Circle { r: f64 },
            Square(u32),
        }
        assert_eq!(
            read(r#"{"Circle": {"r": "2"}}"#),
            Ok(Shape::Circle { r: 2.0 })
        );
        assert_eq!(read(r#"{"Square": 3}"#), Ok(Shape::Square(3)));
        assert_eq!(
            detail::<Shape>(r#"{"Circle": {}}"#),
            json!([{"type": "missing", "loc": ["body", "Circle", "r"], "msg": "Field required", "input": {}}])
        );
    }

    #[test]
    fn custom_errors_are_value_errors() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Even {
            #[serde(deserialize_with = "even")]
            n: u32,
            m: u32,
        }
        assert_eq!(read(r#"{"n": "4", "m": 1}"#), Ok(Even { n: 4, m: 1 }));
        assert_eq!(
            detail::<Even>(r#"{"n": 3, "m": "x"}"#),
            json!([
                {
                    "type": "value_error",
                    "loc": ["body", "n"],
                    "msg": "Value error, must be even",
                    "input": 3,
                    "ctx": {"error": {}},
                },
                {
                    "type": "int_parsing",
                    "loc": ["body", "m"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
            ])
        );
    }

    #[test]
    fn self_describing_targets_keep_the_input_order() {
        let value: Value = read(r#"{"b": [1, 2.5, "x"], "a": {"c": null, "d": true}}"#).unwrap();
        assert_eq!(
            value,
            json!({"b": [1, 2.5, "x"], "a": {"c": null, "d": true}})
        );

        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(untagged)]
        enum Either {
            Number(u32),
            Text(String),
        }
        assert_eq!(
            read(r#"[1, "a"]"#),
            Ok(vec![Either::Number(1), Either::Text("a".into())])
        );
    }

    #[test]
    fn defaults_and_flatten_work_as_in_serde() {
        // Flattened fields go through serde's buffer, so they are read strictly.
        #[derive(Debug, Deserialize, PartialEq)]
        struct Page {
            #[serde(default)]
            skip: u32,
            #[serde(flatten)]
            rest: HashMap<String, u32>,
        }
        assert_eq!(
            read(r#"{"a": 1}"#),
            Ok(Page {
                skip: 0,
                rest: HashMap::from([("a".into(), 1)]),
            })
        );
    }
}
