//! The JSON Schemas one handler's types have, found where the types are written out.
//!
//! An extractor such as `Query<T>` describes itself in one place, its `openapi` hook,
//! whatever `T` is; but only where `T` is named can the compiler tell whether it has a
//! `JsonSchema`. `#[edgeapi::openapi]` names every type of the handler's signature and
//! registers those that have one (see `probe`), before any hook runs; the hooks then look
//! their types up here.

use std::any::type_name;

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::Value;

/// How to produce one type's schema: as a reference (a `$ref` into the components for
/// named types), or inline.
#[derive(Clone, Copy)]
struct Entry {
    name: &'static str,
    reference: fn(&mut SchemaGenerator) -> schemars::Schema,
    inline: fn(&mut SchemaGenerator) -> schemars::Schema,
}

/// The registered types of one operation, by type name (unique within one signature).
#[derive(Default)]
pub(crate) struct Schemas(Vec<Entry>);

impl Schemas {
    pub(crate) fn register<T: JsonSchema + ?Sized>(&mut self) {
        let name = type_name::<T>();
        if self.find(name).is_none() {
            self.0.push(Entry {
                name,
                reference: SchemaGenerator::subschema_for::<T>,
                inline: T::json_schema,
            });
        }
    }

    pub(crate) fn contains<T: ?Sized>(&self) -> bool {
        self.find(type_name::<T>()).is_some()
    }

    fn find(&self, name: &str) -> Option<Entry> {
        self.0.iter().find(|entry| entry.name == name).copied()
    }

    pub(crate) fn reference<T: ?Sized>(&self, generator: &mut SchemaGenerator) -> Option<Value> {
        let entry = self.find(type_name::<T>())?;
        Some((entry.reference)(generator).to_value())
    }

    pub(crate) fn inline<T: ?Sized>(&self, generator: &mut SchemaGenerator) -> Option<Value> {
        let entry = self.find(type_name::<T>())?;
        Some((entry.inline)(generator).to_value())
    }
}
