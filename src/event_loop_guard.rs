//! The event-loop guard: names the routes that hold the loop too long.
//!
//! A JS host runs one thing at a time. A sync handler that computes for 200 ms, or an async
//! one that computes for 200 ms between two awaits, stalls every other request of the
//! isolate for that long. The guard times each sync call and each poll of an async handler
//! and logs one line when one goes over the threshold (10 ms unless set with
//! [`crate::App::event_loop_guard`]):
//!
//! ```text
//! edgeapi: GET /demo/cpu held the event loop for 182 ms in a sync handler (threshold 10 ms); make it async, or send the work to the pool
//! ```
//!
//! A route is reported again only when it beats its own record, so one that is always slow,
//! or a garbage-collection pause that lands in a fast one, does not flood the log.
//!
//! It costs two reads of `performance.now()` per call or poll. It reports in browsers, in
//! Node and on local workerd (`make dev`). Cloudflare's production runtime only moves its
//! clocks on I/O (a Spectre mitigation), so there it sees no time pass and stays silent.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Method;

use crate::handler::{BoxedHandler, ErasedHandler};
use crate::outcome::{LocalResponseFuture, Outcome};
use crate::request::Request;
use crate::response::Response;
use crate::sys::console::{now_ms, warn};

/// The threshold every route of one app shares; `None` turns the guard off.
#[derive(Debug)]
pub(crate) struct EventLoopGuard {
    threshold_ms: Cell<Option<f64>>,
}

impl Default for EventLoopGuard {
    fn default() -> Self {
        Self {
            threshold_ms: Cell::new(Some(10.0)),
        }
    }
}

impl EventLoopGuard {
    pub(crate) fn set_threshold(&self, threshold: Option<Duration>) {
        self.threshold_ms
            .set(threshold.map(|t| t.as_secs_f64() * 1000.0));
    }

    /// Wraps a route's handler so its calls and polls are timed.
    pub(crate) fn watch(
        self: &Rc<Self>,
        method: Option<&Method>,
        path: &str,
        handler: BoxedHandler,
    ) -> BoxedHandler {
        let method = method.map_or("ANY", Method::as_str);
        Rc::new(TimedHandler {
            route: Rc::new(RouteRecord {
                name: format!("{method} {path}"),
                worst_ms: Cell::new(0.0),
            }),
            guard: Rc::clone(self),
            inner: handler,
        })
    }
}

/// One route as the guard knows it: its name and the longest hold reported so far.
struct RouteRecord {
    name: String,
    worst_ms: Cell<f64>,
}

impl RouteRecord {
    /// Logs a hold over the threshold that beats this route's record, so a route that is
    /// always slow (or a GC pause that lands in a fast one) does not flood the log.
    fn report(&self, kind: &str, held_ms: f64, threshold_ms: f64) {
        if held_ms > threshold_ms && held_ms > self.worst_ms.get() {
            self.worst_ms.set(held_ms);
            // Whole milliseconds: integer formatting keeps float printing out of the wasm.
            let (held, threshold) = (held_ms as u64, threshold_ms as u64);
            warn(&format!(
                "edgeapi: {} held the event loop for {held} ms in {kind} \
                 (threshold {threshold} ms); make it async, or send the work to the pool",
                self.name
            ));
        }
    }
}

/// A route's handler, timed.
struct TimedHandler {
    route: Rc<RouteRecord>,
    guard: Rc<EventLoopGuard>,
    inner: BoxedHandler,
}

impl ErasedHandler for TimedHandler {
    fn call(&self, request: Request) -> Outcome {
        let Some(threshold) = self.guard.threshold_ms.get() else {
            return self.inner.call(request);
        };
        let started = now_ms();
        let outcome = self.inner.call(request);
        let kind = if outcome.is_ready() {
            "a sync handler"
        } else {
            "starting a handler"
        };
        self.route.report(kind, now_ms() - started, threshold);
        match outcome {
            Outcome::Ready(response) => Outcome::Ready(response),
            Outcome::Pending(future) => Outcome::Pending(Box::pin(TimedFuture {
                future,
                route: Rc::clone(&self.route),
                threshold,
            })),
        }
    }
}

/// An async handler's future, timed on every poll.
struct TimedFuture {
    future: LocalResponseFuture,
    route: Rc<RouteRecord>,
    threshold: f64,
}

impl Future for TimedFuture {
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let started = now_ms();
        let poll = self.future.as_mut().poll(cx);
        let kind = "one step of an async handler (no await in between)";
        self.route.report(kind, now_ms() - started, self.threshold);
        poll
    }
}
