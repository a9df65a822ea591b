//! The deserializer methods that only stand for another, written once for every
//! deserializer here.

/// `deserialize_string` and `deserialize_identifier` as `deserialize_str`,
/// `deserialize_byte_buf` as `deserialize_bytes`, `deserialize_unit_struct` as
/// `deserialize_unit`, `deserialize_tuple_struct` as `deserialize_tuple`; an ignored value
/// reads as a unit without looking at it.
macro_rules! forward_aliases {
    () => {
        fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_str(visitor)
        }

        fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_str(visitor)
        }

        fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.deserialize_bytes(visitor)
        }

        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_unit(visitor)
        }

        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Error> {
            self.deserialize_tuple(len, visitor)
        }

        fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.visit_unit()
        }
    };
}
pub(super) use forward_aliases;
