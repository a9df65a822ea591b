//! JSON request bodies into typed values, failing with FastAPI's errors.

use serde::de::DeserializeOwned;

use crate::error::{ErrorItem, ValidationError};

/// Deserializes a JSON body; every failure is a 422 item located under `"body"`.
pub(crate) fn from_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ValidationError> {
    if body.is_empty() {
        return Err(ErrorItem::new("missing", "Field required")
            .at(["body"])
            .into());
    }
    serde_json::from_slice(body).map_err(|err| {
        ErrorItem::new("json_invalid", "JSON decode error")
            .at(["body"])
            .ctx(serde_json::json!({ "error": err.to_string() }))
            .into()
    })
}
