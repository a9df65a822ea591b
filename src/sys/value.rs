//! JS values into Rust types and back, through serde: D1 rows, R2 and KV metadata, bound
//! parameters, options objects.
//!
//! Each direction takes the faster way `make bench` measured on a real D1 result of 10 to
//! 1000 rows (bench/results/storage.json): JS values come into Rust as one `JSON.stringify`
//! string read by serde_json, 1.4 to 1.7 times faster than serde-wasm-bindgen's walk of the
//! object, each of whose property reads crosses the boundary; Rust values go out through
//! serde-wasm-bindgen, which builds the objects directly, 1.2 to 1.4 times faster than
//! serde_json text handed to `JSON.parse` (and the only one of the two that passes bytes as
//! a `Uint8Array`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_wasm_bindgen::Serializer;
use wasm_bindgen::JsValue;

/// Plain objects rather than `Map`s, `None` as `null`: what D1, KV and R2 accept, and what
/// `JSON.stringify` can store.
const TO_JS: Serializer = Serializer::json_compatible();

/// A JS value read into `T`, as its JSON: `undefined` reads as `null`, a `Date` as its ISO
/// text, a `Uint8Array` as an object (read bytes apart). The error names `T` and what did
/// not fit.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, String> {
    let text = if value.is_undefined() {
        None
    } else {
        js_sys::JSON::stringify(&value)
            .map_err(|err| super::error_message(&err))?
            .as_string()
    };
    serde_json::from_str(text.as_deref().unwrap_or("null"))
        .map_err(|err| format!("{err} (reading a {})", std::any::type_name::<T>()))
}

/// `value` as a JS value: structs and maps as plain objects, sequences and tuples as
/// arrays, bytes as a `Uint8Array`, `None` and `()` as `null`.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, String> {
    value.serialize(&TO_JS).map_err(|err| err.to_string())
}
