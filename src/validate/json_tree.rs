//! The parsed body: a JSON tree with Python's dict semantics, read again on every rerun.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::fmt;

use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Number, Value};

use super::collect::id_of;

/// A JSON value whose objects keep Python's dict semantics: keys in input order, and a
/// repeated key keeps its first place and its last value. Errors come out in that order.
#[derive(Debug)]
pub(super) enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The node's identity across runs: the tree does not move while it is read.
    pub(super) fn id(&self) -> usize {
        id_of(self)
    }

    pub(super) fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => items.iter().map(Json::to_value).collect(),
            Json::Object(entries) => crate::error::object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value())),
            ),
        }
    }

    /// How many nodes the tree has, to size the rerun budget.
    pub(super) fn size(&self) -> usize {
        1 + match self {
            Json::Array(items) => items.iter().map(Json::size).sum(),
            Json::Object(entries) => entries.iter().map(|(_, value)| value.size()).sum(),
            _ => 0,
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // serde_json never yields a non-finite number.
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        let mut positions: HashMap<String, usize> = HashMap::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            match positions.entry(key) {
                Entry::Occupied(slot) => {
                    if let Some(entry) = entries.get_mut(*slot.get()) {
                        entry.1 = value;
                    }
                }
                Entry::Vacant(slot) => {
                    entries.push((slot.key().clone(), value));
                    slot.insert(entries.len() - 1);
                }
            }
        }
        Ok(Json::Object(entries))
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::json::*;

    #[test]
    fn a_repeated_key_keeps_its_last_value_as_in_python() {
        assert_eq!(
            detail::<Text>(r#"{"s": "a", "s": 1}"#),
            one(
                "string_type",
                "s",
                "Input should be a valid string",
                json!(1)
            )
        );
    }
}
