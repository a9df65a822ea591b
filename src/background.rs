//! Background tasks, FastAPI's `BackgroundTasks`: work queued by a handler that runs after
//! the response has been handed to the host.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// A queue of tasks that run, in order, after the response is returned.
///
/// On Workers the tasks are handed to `ctx.waitUntil`, so the isolate stays up until they
/// finish; elsewhere they run on the event loop.
///
/// ```
/// use edgeapi::prelude::*;
///
/// async fn log_visit(path: String) { /* write to KV, call an upstream ... */ }
///
/// fn visit(tasks: BackgroundTasks) -> &'static str {
///     tasks.add(log_visit("/visit".to_owned()));
///     "answered before the task runs"
/// }
///
/// let app = App::new().get("/visit", visit);
/// ```
#[derive(Clone, Default)]
pub struct BackgroundTasks(Rc<RefCell<Vec<Task>>>);

impl BackgroundTasks {
    /// Queues a future to run after the response.
    pub fn add(&self, task: impl Future<Output = ()> + 'static) {
        self.0.borrow_mut().push(Box::pin(task));
    }

    /// Queues a plain function to run after the response.
    pub fn add_sync(&self, task: impl FnOnce() + 'static) {
        self.add(async move { task() });
    }

    /// How many tasks are queued.
    pub fn len(&self) -> usize {
        self.0.borrow().len()
    }

    /// True when nothing is queued.
    pub fn is_empty(&self) -> bool {
        self.0.borrow().is_empty()
    }

    /// Takes every queued task as one future that runs them in order, or `None`.
    pub(crate) fn take(&self) -> Option<impl Future<Output = ()>> {
        let tasks = std::mem::take(&mut *self.0.borrow_mut());
        (!tasks.is_empty()).then_some(async move {
            for task in tasks {
                task.await;
            }
        })
    }
}

impl fmt::Debug for BackgroundTasks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BackgroundTasks({} queued)", self.len())
    }
}
