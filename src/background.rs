//! The queue behind FastAPI's `BackgroundTasks`: work queued by a handler that runs after
//! the response has been handed to the host. Each request carries one (in its `Parts`);
//! handlers reach it through the `BackgroundTasks` extractor, and the host bridge runs
//! what was queued once the response exists.

use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

type Task = Pin<Box<dyn Future<Output = ()>>>;

/// One request's queue of tasks, shared by the request's parts, its handler and the host.
#[derive(Clone, Default)]
pub(crate) struct TaskQueue(Rc<RefCell<Vec<Task>>>);

impl TaskQueue {
    pub(crate) fn push(&self, task: impl Future<Output = ()> + 'static) {
        self.0.borrow_mut().push(Box::pin(task));
    }

    pub(crate) fn len(&self) -> usize {
        self.0.borrow().len()
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

impl fmt::Debug for TaskQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TaskQueue({} queued)", self.len())
    }
}
