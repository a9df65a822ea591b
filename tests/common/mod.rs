//! Helpers for the native tests: run a request through `App::dispatch` with no JS.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use edgeapi::{App, Request, Response};
use serde_json::Value;

/// Runs a future that needs no JS to completion (native tests never wait on a timer).
pub fn finish<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a native test future waited on something"),
    }
}

/// The app's response to `request`, sync or async.
pub fn send(app: &App, request: Request) -> Response {
    finish(app.dispatch(request).into_response())
}

/// The response body as JSON.
pub fn json_of(response: &Response) -> Value {
    serde_json::from_slice(response.body()).expect("JSON body")
}
