//! [`Outcome`]: what serving a request produced, a response now or a future of one.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

use crate::response::Response;

/// A boxed, single-threaded future of a response.
pub type LocalResponseFuture = Pin<Box<dyn Future<Output = Response>>>;

/// What a handler produced: a response now, or a future of one.
///
/// Sync handlers (and 404, 405) give `Ready`, which reaches JS as a `Response`; async ones
/// give `Pending`, which reaches JS as a `Promise`.
pub enum Outcome {
    /// The response, produced inline (sync handlers).
    Ready(Response),
    /// A response still being computed (async handlers, or a body still arriving).
    Pending(LocalResponseFuture),
}

impl Outcome {
    /// Waits for the response, whichever kind the outcome is.
    pub async fn into_response(self) -> Response {
        match self {
            Outcome::Ready(response) => response,
            Outcome::Pending(future) => future.await,
        }
    }

    /// True for an outcome that needs no waiting.
    pub fn is_ready(&self) -> bool {
        matches!(self, Outcome::Ready(_))
    }

    /// Applies `f` to the response: now for a ready outcome, when it arrives otherwise.
    ///
    /// ```
    /// use edgeapi::{Outcome, Response, StatusCode};
    ///
    /// let outcome = Outcome::Ready(Response::new(StatusCode::OK));
    /// let outcome = outcome.map(|response| response.with_header("x-seen", "1"));
    /// assert!(outcome.is_ready());
    /// ```
    pub fn map(self, f: impl FnOnce(Response) -> Response + 'static) -> Outcome {
        match self {
            Outcome::Ready(response) => Outcome::Ready(f(response)),
            Outcome::Pending(future) => Outcome::Pending(Box::pin(async move { f(future.await) })),
        }
    }

    /// Polls a freshly built future once, as a JS async function runs up to its first
    /// `await`: a future that finishes without waiting is `Ready`, with no Promise. The
    /// noop waker is safe because a future that stays pending is polled again by whoever
    /// awaits it (wasm-bindgen-futures, which registers a real waker).
    pub(crate) fn poll_once(mut future: LocalResponseFuture) -> Outcome {
        match future
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()))
        {
            Poll::Ready(response) => Outcome::Ready(response),
            Poll::Pending => Outcome::Pending(future),
        }
    }
}
