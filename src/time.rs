//! Timers on the host's event loop: [`sleep`] and [`timeout`].

use std::fmt;
use std::future::Future;
use std::pin::{pin, Pin};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::future::{select, Either};
use http::StatusCode;
use wasm_bindgen_futures::JsFuture;

use crate::error::HttpError;
use crate::response::{IntoResponse, Response};
use crate::sys::timer::Timer;

/// Waits for `duration` on the host's timer (`setTimeout`), letting the event loop serve
/// other requests meanwhile. Works on workerd, in browsers and in Node.
///
/// ```no_run
/// use std::time::Duration;
///
/// async fn slow() -> &'static str {
///     edgeapi::sleep(Duration::from_millis(100)).await;
///     "done"
/// }
/// ```
pub fn sleep(duration: Duration) -> Sleep {
    let timer = Timer::new(duration.as_secs_f64() * 1000.0);
    let promise = JsFuture::from(timer.promise());
    Sleep { timer, promise }
}

/// The future [`sleep`] returns. Dropping it before it fires cancels the host's timer.
#[must_use = "a Sleep does nothing unless awaited"]
pub struct Sleep {
    timer: Timer,
    promise: JsFuture,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // setTimeout never rejects; the result carries nothing.
        Pin::new(&mut self.promise).poll(cx).map(|_| ())
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // Clearing a timer that already fired does nothing.
        self.timer.cancel();
    }
}

impl fmt::Debug for Sleep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sleep")
    }
}

/// Runs `future` for at most `duration`: its output, or [`Elapsed`] if the timer fired
/// first, in which case `future` is dropped (cancelled) where it stood.
///
/// `Elapsed` answers `504 {"detail":"Gateway Timeout"}`, so a handler can use `?`:
///
/// ```no_run
/// use std::time::Duration;
/// use edgeapi::{sleep, timeout, Elapsed};
///
/// async fn slow_upstream() -> Result<&'static str, Elapsed> {
///     timeout(Duration::from_millis(50), sleep(Duration::from_secs(5))).await?;
///     Ok("never reached: the timer wins")
/// }
/// ```
pub async fn timeout<F: Future>(duration: Duration, future: F) -> Result<F::Output, Elapsed> {
    match select(pin!(future), pin!(sleep(duration))).await {
        Either::Left((output, _)) => Ok(output),
        Either::Right(((), _)) => Err(Elapsed(duration)),
    }
}

/// The error of a [`timeout`] whose future did not finish in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Elapsed(Duration);

impl Elapsed {
    /// The time the future was given.
    pub fn duration(&self) -> Duration {
        self.0
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "timed out after {} ms", self.0.as_millis())
    }
}

impl std::error::Error for Elapsed {}

impl IntoResponse for Elapsed {
    fn into_response(self) -> Response {
        HttpError::from_status(StatusCode::GATEWAY_TIMEOUT).into_response()
    }
}
