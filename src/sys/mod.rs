//! The bottom layer: the only code that calls into JavaScript.
//!
//! Every `#[wasm_bindgen] extern` block of the SDK is here, one file per JS surface, with
//! thin wrappers that take and give Rust values. Nothing here knows about requests,
//! routes or handlers; everything above calls down into it. Natively (in `cargo test`),
//! the few functions that run outside wasm fall back to the standard library.

pub(crate) mod cache;
pub(crate) mod console;
pub(crate) mod context;
pub(crate) mod d1;
pub(crate) mod durable;
pub(crate) mod fetch;
pub(crate) mod http;
pub(crate) mod kv;
pub(crate) mod pool;
pub(crate) mod queue;
pub(crate) mod r2;
pub(crate) mod recovery;
pub(crate) mod stream;
#[cfg(target_arch = "wasm32")]
pub(crate) mod testing;
pub(crate) mod timer;
pub(crate) mod value;
pub(crate) mod websocket;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    /// The text of a thrown JS value: an `Error`'s `message`, a string as it is, else the
    /// value as JSON (or as `String()` writes it). In JS, in one call: wasm-bindgen's debug
    /// form of a value would bring its own formatter into every app's glue.
    #[wasm_bindgen(js_name = errorMessage)]
    pub(crate) fn error_message(value: &JsValue) -> String;
}

/// The property `name` of a JS object, or `None` when the value is not an object or
/// the property is `undefined` (a property getter that throws counts as missing).
pub(crate) fn property(object: &JsValue, name: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .filter(|value| !value.is_undefined())
}

/// Awaits a binding's call: a synchronous throw or a rejection becomes its message.
pub(crate) async fn settle(call: Result<js_sys::Promise, JsValue>) -> Result<JsValue, String> {
    let promise = call.map_err(|err| error_message(&err))?;
    wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|err| error_message(&err))
}

/// Sets `object[name] = value` on an options object built in Rust.
pub(crate) fn set_property(object: &JsValue, name: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(object, &JsValue::from_str(name), value);
}

/// A new, empty JS object, for options.
pub(crate) fn new_object() -> JsValue {
    js_sys::Object::new().into()
}
