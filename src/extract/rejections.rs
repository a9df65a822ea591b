//! One 422 for a whole route: the validation errors of every extractor, collected as
//! FastAPI collects those of every parameter and dependency before it answers.

use super::from_request::Order;
use crate::error::ValidationError;
use crate::response::{IntoResponse, Response};

/// The validation errors of a route's extractors so far.
///
/// A rejection is a validation error when its response carries a [`ValidationError`]
/// (`Response::error`): the 422s of the SDK's extractors, and of your own that answer
/// one (as a `ValidationError`, a `ParamsRejection` or an `edgeapi::Error` holding one).
/// Those are kept, and the next extractor runs, as FastAPI still solves the next
/// dependency after one failed validation. Any other rejection (a 401 from a dependency, a
/// 413) answers at once, and so does a body that is not JSON at all (`json_invalid`), which
/// FastAPI reports before it looks at anything else.
#[derive(Default)]
pub(crate) struct Rejections(Vec<(Order, ValidationError)>);

impl Rejections {
    /// Keeps a rejection that is a validation error; answers any other (`Some`) at once.
    #[inline(never)]
    pub(crate) fn add(&mut self, mut response: Response, order: Order) -> Option<Response> {
        match response.error::<ValidationError>() {
            Some(error) if !error.is_unparsed_body() => {}
            _ => return Some(response),
        }
        let error = response
            .take_error()
            .and_then(|error| error.downcast::<ValidationError>().ok())?;
        // Kept in FastAPI's order; each kind keeps its extractors' argument order.
        let at = self
            .0
            .iter()
            .rposition(|(kept, _)| *kept <= order)
            .map_or(0, |i| i + 1);
        self.0.insert(at, (order, *error));
        None
    }

    /// The answer when the last extractor failed: one 422 with its error too, or its own
    /// answer when that is not a validation error.
    #[inline(never)]
    pub(crate) fn last(mut self, response: Response, order: Order) -> Response {
        match self.add(response, order) {
            Some(answer) => answer,
            None => self.into_response(),
        }
    }

    /// One 422 listing every error kept.
    #[inline(never)]
    pub(crate) fn into_response(self) -> Response {
        let mut all = ValidationError::new();
        for (_, error) in self.0 {
            for item in error.into_items() {
                all.push(item);
            }
        }
        all.into_response()
    }
}
