//! Running many futures at once on one thread: wait for all, for the first, or for all with
//! a cap on how many are in flight; and spawning a task that runs on its own.
//!
//! These are the `futures` crate's combinators, re-exported or thinly wrapped so the common
//! cases read plainly. Nothing here needs `Send`: every future runs on the host's event loop.
//!
//! ```no_run
//! use std::time::Duration;
//! use edgeapi::concurrent::{join_all, limited, race};
//! use edgeapi::sleep;
//!
//! async fn wait(ms: u64) -> u64 {
//!     sleep(Duration::from_millis(ms)).await;
//!     ms
//! }
//!
//! async fn demo() {
//!     // All three wait at the same time: about 30 ms in total, not 60.
//!     assert_eq!(join_all([wait(10), wait(20), wait(30)]).await, [10, 20, 30]);
//!     // The first to finish wins; the others are dropped.
//!     assert_eq!(race([wait(30), wait(10)]).await, Some(10));
//!     // At most two in flight at once; results in input order.
//!     assert_eq!(limited(2, (1..=4).map(wait)).await, [1, 2, 3, 4]);
//! }
//! ```

use std::future::Future;

use futures_util::stream::{self, FuturesUnordered, StreamExt};

pub use futures_util::future::{
    join, join3, join4, join_all, select, try_join, try_join3, try_join4, try_join_all, Either,
};

/// Waits for the first of `futures` to finish and returns its output, dropping (cancelling)
/// the rest. `None` when there are no futures.
pub async fn race<I>(futures: I) -> Option<<I::Item as Future>::Output>
where
    I: IntoIterator,
    I::Item: Future,
{
    futures
        .into_iter()
        .collect::<FuturesUnordered<_>>()
        .next()
        .await
}

/// Runs `futures` with at most `limit` in flight at once (at least one), starting the next
/// as soon as one finishes. The outputs come back in input order.
///
/// Use it to be polite to an upstream: a thousand subrequests, ten at a time.
pub async fn limited<I>(limit: usize, futures: I) -> Vec<<I::Item as Future>::Output>
where
    I: IntoIterator,
    I::Item: Future,
{
    stream::iter(futures).buffered(limit.max(1)).collect().await
}

/// Starts `future` as a task of its own on the event loop and returns at once; the task
/// runs to completion whether or not anyone waits for it.
///
/// To keep a host from ending the request's work early (workerd cancels what is left once
/// the response is sent), use [`crate::BackgroundTasks`] or [`crate::Ctx::wait_until`].
///
/// ```no_run
/// edgeapi::concurrent::spawn(async {
///     edgeapi::sleep(std::time::Duration::from_millis(10)).await;
/// });
/// ```
pub fn spawn<F: Future<Output = ()> + 'static>(future: F) {
    wasm_bindgen_futures::spawn_local(future);
}
