//! The rest of a WebSocket handler, after it accepted: a task polled inside the socket's
//! message event itself, so that an answer it sends leaves before the event returns.
//!
//! `make bench` measured why: a reply sent from a microtask after the event (where
//! `spawn_local` polls) makes a one-connection echo on workerd about 0.6 as fast as one sent
//! within it, in plain JS as in Rust. Other wake-ups (a timer, a subrequest) go through
//! `spawn_local` as usual.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::future::LocalBoxFuture;
use futures_util::task::{waker, ArcWake};

/// A handler's remaining future.
pub(crate) struct SocketTask {
    key: u32,
    future: RefCell<Option<LocalBoxFuture<'static, ()>>>,
}

thread_local! {
    /// The tasks still running, by key: what a waker, which must be `Send`, names.
    static TASKS: RefCell<HashMap<u32, Rc<SocketTask>>> = RefCell::default();
    static NEXT_KEY: Cell<u32> = const { Cell::new(0) };
}

/// Wakes the task `key` the usual way: polled in a microtask.
struct Wake {
    key: u32,
}

impl ArcWake for Wake {
    fn wake_by_ref(wake: &Arc<Self>) {
        let key = wake.key;
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(task) = TASKS.with(|tasks| tasks.borrow().get(&key).cloned()) {
                task.poll_now();
            }
        });
    }
}

impl SocketTask {
    /// Registers `future` and polls it first in a microtask, as `spawn_local` would.
    pub(crate) fn spawn(future: impl Future<Output = ()> + 'static) -> Rc<SocketTask> {
        let key = NEXT_KEY.with(|next| {
            let key = next.get();
            next.set(key.wrapping_add(1));
            key
        });
        let task = Rc::new(SocketTask {
            key,
            future: RefCell::new(Some(Box::pin(future))),
        });
        TASKS.with(|tasks| tasks.borrow_mut().insert(key, Rc::clone(&task)));
        ArcWake::wake_by_ref(&Arc::new(Wake { key }));
        task
    }

    /// Polls the task now; if it is being polled already (a wake-up from inside its own
    /// poll), once more in a microtask instead.
    pub(crate) fn poll_now(&self) {
        let Ok(mut slot) = self.future.try_borrow_mut() else {
            ArcWake::wake_by_ref(&Arc::new(Wake { key: self.key }));
            return;
        };
        let Some(future) = slot.as_mut() else { return };
        let waker = waker(Arc::new(Wake { key: self.key }));
        if let Poll::Ready(()) = future.as_mut().poll(&mut Context::from_waker(&waker)) {
            *slot = None;
            TASKS.with(|tasks| tasks.borrow_mut().remove(&self.key));
        }
    }
}
