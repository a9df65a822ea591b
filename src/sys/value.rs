//! JS values into Rust types and back, through serde (serde-wasm-bindgen): D1 rows, R2 and
//! KV metadata, bound parameters. A value crosses property by property, with no JSON text
//! in between; `make bench` compares both directions with a `JSON.stringify` / `JSON.parse`
//! round trip on a real D1 result.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_wasm_bindgen::{Deserializer, Serializer};
use wasm_bindgen::JsValue;

/// Plain objects rather than `Map`s, `None` as `null`: what D1, KV and R2 accept, and what
/// `JSON.stringify` can store.
const TO_JS: Serializer = Serializer::json_compatible();

/// A JS value read into `T`; the error names `T` and what did not fit (`invalid type:
/// null, expected a string`). The field's path is left out: tracking it
/// (serde_path_to_error) cost 6 KB of gzipped wasm.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    T::deserialize(Deserializer::from(value))
        .map_err(|err| format!("{err} (reading a {})", std::any::type_name::<T>()))
}

/// `value` as a JS value: structs and maps as plain objects, sequences and tuples as
/// arrays, bytes as a `Uint8Array`, `None` and `()` as `null`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value.serialize(&TO_JS).map_err(|err| err.to_string())
}
