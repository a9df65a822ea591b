//! Timers on the host's event loop.

use std::time::Duration;

use wasm_bindgen_futures::JsFuture;

use crate::runtime::sleep_promise;

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
pub async fn sleep(duration: Duration) {
    // setTimeout never rejects; the result carries nothing.
    let _ = JsFuture::from(sleep_promise(duration.as_secs_f64() * 1000.0)).await;
}
