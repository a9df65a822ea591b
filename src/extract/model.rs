//! [`Model`]: parameters read as one model, FastAPI's parameter models.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::validate::MODEL;

/// Parameters read as one model, as FastAPI reads `Annotated[Cookies, Cookie()]` with a
/// Pydantic model: `Query<Model<T>>`, `Header<Model<T>>`, `Cookie<Model<T>>` and
/// `Form<Model<T>>`.
///
/// `Query<T>` on its own reads `T`'s fields as separate parameters, as FastAPI reads
/// `q: str, skip: int = 0`. The two differ only in a missing field's error: a separate
/// parameter's `input` is `null`, a model's is every parameter received.
///
/// ```
/// use edgeapi::extract::Model;
/// use edgeapi::prelude::*;
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct Cookies { session_id: String, fatebook_tracker: Option<String> }
///
/// // A request without `session_id` answers
/// // {"type":"missing","loc":["cookie","session_id"],"msg":"Field required","input":{...the cookies}}
/// fn read(Cookie(Model(cookies)): Cookie<Model<Cookies>>) -> String { cookies.session_id }
/// let app = App::new().get("/items/", read);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Model<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Model<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(MODEL, ModelVisitor(PhantomData))
    }
}

struct ModelVisitor<T>(PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ModelVisitor<T> {
    type Value = Model<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a parameter model")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Model<T>, D::Error> {
        T::deserialize(inner).map(Model)
    }

    /// Deserializers that have no newtypes (serde's own) give the contents directly.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Model<T>, A::Error> {
        T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Model)
    }
}

/// The document shows the model's own schema.
#[cfg(feature = "openapi")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Model<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::Model;
    use crate::validate::test_support::params::*;

    #[test]
    fn a_models_missing_field_has_every_parameter_as_input() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Cookies {
            session_id: String,
            tracker: Option<String>,
        }
        let pairs = params(&[("a", "1"), ("a", "2"), ("tracker", "t")]);
        let error = from_params::<Model<Cookies>>(Source::Cookie, &pairs).unwrap_err();
        assert_eq!(
            serde_json::to_value(error.items()).unwrap(),
            json!([{
                "type": "missing",
                "loc": ["cookie", "session_id"],
                "msg": "Field required",
                "input": {"a": ["1", "2"], "tracker": "t"},
            }])
        );
        // As separate parameters, the same field has no input.
        let error = from_params::<Cookies>(Source::Cookie, &pairs).unwrap_err();
        assert_eq!(error.items()[0].input, Value::Null);
    }

    #[test]
    fn a_header_models_input_names_headers_as_sent() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Headers {
            save_data: bool,
        }
        let pairs = params(&[("user_agent", "x")]);
        let error = from_params::<Model<Headers>>(Source::Header, &pairs).unwrap_err();
        assert_eq!(error.items()[0].input, json!({"user-agent": "x"}));
    }

    #[test]
    fn models_read_json_transparently() {
        let Model(limit): Model<Limit> = serde_json::from_str(r#"{"limit": 3}"#).unwrap();
        assert_eq!(limit, Limit { limit: 3 });
        let body = crate::validate::test_support::json::read::<Model<Limit>>(r#"{"limit": 4}"#);
        assert_eq!(body.map(|m| m.0.limit), Ok(4));
    }
}
