//! [`App::scheduled`] and [`App::queue`]: the app's handlers for a cron trigger and a
//! queue's batches. `host` hands the host's events to them.

use std::future::Future;
use std::rc::Rc;

use futures_util::FutureExt;
use serde::de::DeserializeOwned;

use super::event_handlers::{event_promise, EventHandler, EventResult};
use super::App;
use crate::bindings::{Ctx, Env, MessageBatch, ScheduledEvent};

impl App {
    /// Runs `handler` when a cron trigger fires (`[triggers] crons` in `wrangler.toml`),
    /// with the trigger's [`ScheduledEvent`], the worker's [`Env`] and [`Ctx`]. The handler
    /// may await, and may keep work going after it returns with [`Ctx::wait_until`].
    /// `wrangler dev --test-scheduled` fires it locally at `/__scheduled?cron=...`.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    /// use edgeapi::ScheduledEvent;
    ///
    /// async fn tick(event: ScheduledEvent, env: Env, _ctx: Ctx) -> Result<(), edgeapi::Error> {
    ///     let kv = env.kv("STATE")?;
    ///     kv.put("last-cron", event.cron()).await?;
    ///     Ok(())
    /// }
    ///
    /// let app = App::new().scheduled(tick);
    /// ```
    pub fn scheduled<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(ScheduledEvent, Env, Ctx) -> Fut + 'static,
        Fut: Future + 'static,
        Fut::Output: EventResult,
    {
        self.events.scheduled = Some(Rc::new(move |event, env, ctx| {
            let event = ScheduledEvent::from_js(&event);
            let done = handler(event, env, ctx).map(EventResult::into_result);
            event_promise("scheduled", done.boxed_local())
        }));
        self
    }

    /// Consumes a queue's batches (`[[queues.consumers]]` in `wrangler.toml`): `handler`
    /// gets each batch with every body read into `T`, the worker's [`Env`] and [`Ctx`].
    ///
    /// A message the handler neither acknowledges nor retries is acknowledged when it
    /// returns `Ok` (or `()`); when it returns `Err` or panics, the whole batch is
    /// delivered again (messages acknowledged one by one stay acknowledged). A message
    /// whose body is not a `T` is logged and acknowledged (see [`MessageBatch`]). One
    /// consumer serves every queue the worker consumes; [`MessageBatch::queue`] tells
    /// them apart.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    /// use edgeapi::MessageBatch;
    /// use serde::Deserialize;
    ///
    /// #[derive(Deserialize)]
    /// struct Job { task: String }
    ///
    /// async fn work(batch: MessageBatch<Job>, env: Env, _ctx: Ctx) {
    ///     for message in &batch {
    ///         if message.body().task.is_empty() {
    ///             message.retry(); // delivered again; message.attempts() counts up
    ///         } else {
    ///             message.ack();
    ///         }
    ///     }
    /// }
    ///
    /// let app = App::new().queue(work);
    /// ```
    pub fn queue<T, F, Fut>(mut self, handler: F) -> Self
    where
        T: DeserializeOwned + 'static,
        F: Fn(MessageBatch<T>, Env, Ctx) -> Fut + 'static,
        Fut: Future + 'static,
        Fut::Output: EventResult,
    {
        self.events.queue = Some(Rc::new(move |batch, env, ctx| {
            let batch = MessageBatch::read(batch);
            let done = handler(batch, env, ctx).map(EventResult::into_result);
            event_promise("queue", done.boxed_local())
        }));
        self
    }

    /// The handler of scheduled events, if the app has one.
    pub(crate) fn scheduled_handler(&self) -> Option<&EventHandler> {
        self.events.scheduled.as_ref()
    }

    /// The queue consumer, if the app has one.
    pub(crate) fn queue_handler(&self) -> Option<&EventHandler> {
        self.events.queue.as_ref()
    }
}
