//! Placeholders: stand-ins for failed or missing values on a rerun.

use std::slice;

use serde::de::value::StrDeserializer;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};

use super::error::Error;
use super::forward::forward_aliases;

/// Produces a harmless default of whatever type is asked for (0, false, "", an empty
/// list, `None`, the first variant, ...), so the derive gets past a value already
/// reported. Its result is always thrown away.
pub(super) struct Placeholder;

macro_rules! placeholder_values {
    ($($method:ident => $visit:ident($($value:expr)?)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit($($value)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Placeholder {
    type Error = Error;

    placeholder_values! {
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i8(0), deserialize_i16 => visit_i16(0),
        deserialize_i32 => visit_i32(0), deserialize_i64 => visit_i64(0),
        deserialize_i128 => visit_i128(0), deserialize_u8 => visit_u8(0),
        deserialize_u16 => visit_u16(0), deserialize_u32 => visit_u32(0),
        deserialize_u64 => visit_u64(0), deserialize_u128 => visit_u128(0),
        deserialize_f32 => visit_f32(0.0), deserialize_f64 => visit_f64(0.0),
        deserialize_char => visit_char(' '), deserialize_str => visit_str(""),
        deserialize_bytes => visit_bytes(&[]), deserialize_option => visit_none(),
        deserialize_unit => visit_unit(), deserialize_any => visit_unit(),
    }

    forward_aliases!();

    /// A constrained field's placeholder is read without its check, as a sequence of one.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == super::constraints::CONSTRAINED {
            return visitor.visit_seq(PlaceholderSeq(1));
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(0))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(len))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap([].iter()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap(fields.iter()))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match variants.first() {
            Some(variant) => visitor.visit_enum(PlaceholderVariant(variant)),
            None => Err(de::Error::custom("an enum without variants has no value")),
        }
    }
}

/// `len` placeholders.
struct PlaceholderSeq(usize);

impl<'de> SeqAccess<'de> for PlaceholderSeq {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if self.0 == 0 {
            return Ok(None);
        }
        self.0 -= 1;
        seed.deserialize(Placeholder).map(Some)
    }
}

/// The given fields, each with a placeholder value.
struct PlaceholderMap(slice::Iter<'static, &'static str>);

impl<'de> MapAccess<'de> for PlaceholderMap {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.0
            .next()
            .map(|field| seed.deserialize(StrDeserializer::new(field)))
            .transpose()
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Placeholder)
    }
}

/// An enum's first variant, with placeholder contents whatever its shape.
struct PlaceholderVariant(&'static str);

impl<'de> EnumAccess<'de> for PlaceholderVariant {
    type Error = Error;
    type Variant = Placeholder;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Placeholder), Error> {
        let variant = seed.deserialize(StrDeserializer::new(self.0))?;
        Ok((variant, Placeholder))
    }
}

impl<'de> VariantAccess<'de> for Placeholder {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Placeholder)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(len))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap(fields.iter()))
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::params::*;

    #[test]
    fn placeholders_stand_in_for_any_shape() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Shape {
            Circle { r: f64 },
            Square(f64),
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Everything {
            shape: Shape,
            pair: (u8, String),
            when: Option<Model>,
            any: Value,
            unit: (),
            bad: u8,
        }
        // Every field but `bad` is missing; all are reported, in order.
        let detail = detail(query::<Everything>(&[("bad", "x")]));
        let locs: Vec<&Value> = detail
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["loc"][1])
            .collect();
        assert_eq!(locs, ["shape", "pair", "any", "unit", "bad"]);
    }
}
