//! What every target checks: a request through `App::dispatch` (natively, no JS) never
//! panics, never waits on anything, and never answers a 5xx.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use edgeapi::{App, Request};

pub fn assert_answers(app: &App, request: Request) {
    let mut future = pin!(app.dispatch(request).into_response());
    let Poll::Ready(response) = future.as_mut().poll(&mut Context::from_waker(Waker::noop()))
    else {
        panic!("a native request waited on something");
    };
    assert!(
        response.status().as_u16() < 500,
        "answered {}: {}",
        response.status(),
        String::from_utf8_lossy(response.body())
    );
}
