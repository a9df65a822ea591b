//! [`Embed`]: several body parameters in one JSON body, FastAPI's `item: Item, user: User`
//! and `Body(embed=True)`.

use serde::de::DeserializeOwned;

use super::body::BodyRejection;
use super::from_request::{FromRequest, Order};
use super::json::json_text;
use crate::request::Request;
use crate::validate::{from_json_body, Shape};

/// Body parameters: each field of `T` is one, under its own key of the JSON body, as
/// FastAPI reads a route with several body parameters or one declared with
/// `Body(embed=True)`.
///
/// | FastAPI | edgeapi |
/// |---|---|
/// | `item: Item, user: User` | `Embed<ItemAndUser>` with `struct ItemAndUser { item: Item, user: User }` |
/// | `item: Item, importance: int = Body()` | a field `importance: i64` beside `item` |
/// | `item: Item = Body(embed=True)` | `Embed<Wrapped>` with `struct Wrapped { item: Item }` |
///
/// Errors are FastAPI's: an absent parameter is `missing` at `["body", "item"]` with a
/// `null` input (where a field of one `Json<T>` model has the object as input), a body
/// that is not an object, empty, or not JSON has none of the keys, and errors inside a
/// parameter are located under its key.
///
/// ```
/// use edgeapi::extract::Embed;
/// use edgeapi::prelude::*;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize, Serialize)]
/// struct Item { name: String, price: f64 }
///
/// #[derive(Deserialize, Serialize)]
/// struct User { username: String }
///
/// #[derive(Deserialize, Serialize)]
/// struct Update { item: Item, user: User, importance: i64 }
///
/// // PUT /items/5 {"item": {"name": "Foo", "price": 1.5}, "user": {"username": "ann"}, "importance": 5}
/// fn update(Path(id): Path<u32>, Embed(body): Embed<Update>) -> Json<Update> { Json(body) }
/// let app = App::new().put("/items/{id}", update);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Embed<T>(pub T);

impl<T: DeserializeOwned> FromRequest for Embed<T> {
    type Rejection = BodyRejection;

    async fn from_request(request: Request) -> Result<Self, BodyRejection> {
        let body = json_text(request, Shape::Embedded).await?;
        Ok(Embed(from_json_body(body.as_deref(), Shape::Embedded)?))
    }

    fn order() -> Order {
        Order::Body
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.request_body_of::<T>("application/json");
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::json::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Update {
        item: Item,
        importance: i64,
        note: Option<String>,
    }

    #[test]
    fn absent_parameters_have_no_input() {
        let missing = json!([
            {"type": "missing", "loc": ["body", "item"], "msg": "Field required", "input": null},
            {"type": "missing", "loc": ["body", "importance"], "msg": "Field required", "input": null},
        ]);
        for body in ["", "{}", "[]", "5", "null", r#"{"other": 1}"#] {
            let error = embedded::<Update>(body).unwrap_err();
            assert_eq!(
                serde_json::to_value(error.items()).unwrap(),
                missing,
                "{body}"
            );
        }
    }

    #[test]
    fn errors_inside_a_parameter_are_under_its_key() {
        let error =
            embedded::<Update>(r#"{"item": {"name": "x"}, "importance": "high"}"#).unwrap_err();
        assert_eq!(
            serde_json::to_value(error.items()).unwrap(),
            json!([
                {"type": "missing", "loc": ["body", "item", "price"], "msg": "Field required", "input": {"name": "x"}},
                {
                    "type": "int_parsing",
                    "loc": ["body", "importance"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "high",
                },
            ])
        );
        let update =
            embedded::<Update>(r#"{"item": {"name": "x", "price": 1}, "importance": 2}"#).unwrap();
        assert_eq!(
            (update.item.price, update.importance, update.note),
            (1.0, 2, None)
        );
    }
}
