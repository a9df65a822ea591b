//! Queues: [`Queue`], a producer bound in `env`, and [`MessageBatch`], what a consumer
//! ([`crate::App::queue`]) receives.

use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{HttpError, IntoHttpError};
use crate::response::{IntoResponse, Response};
use crate::sys::queue::{self as js, QueueProducer};
use crate::sys::{self, value};

/// A queue producer (`[[queues.producers]]` in `wrangler.toml`), from [`crate::Env::queue`]:
/// it sends serde values, which the consumer reads back as the same type.
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Job { task: String }
///
/// async fn enqueue(env: Env) -> Result<StatusCode, edgeapi::Error> {
///     let jobs = env.queue("JOBS")?;
///     jobs.send(&Job { task: "resize".into() }).await?;
///     jobs.send_batch([Job { task: "a".into() }, Job { task: "b".into() }]).await?;
///     Ok(StatusCode::ACCEPTED)
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Queue(QueueProducer);

impl Queue {
    pub(crate) fn new(producer: QueueProducer) -> Self {
        Self(producer)
    }

    /// Sends one message.
    pub async fn send<T: Serialize + ?Sized>(&self, body: &T) -> Result<(), QueueError> {
        let body = value::to_js(body).map_err(QueueError)?;
        self.0.send(&body, None).await.map_err(QueueError)
    }

    /// Sends one message, delivered no sooner than `delay` from now (whole seconds).
    pub async fn send_after<T: Serialize + ?Sized>(
        &self,
        body: &T,
        delay: Duration,
    ) -> Result<(), QueueError> {
        let body = value::to_js(body).map_err(QueueError)?;
        let seconds = u32::try_from(delay.as_secs()).unwrap_or(u32::MAX);
        self.0.send(&body, Some(seconds)).await.map_err(QueueError)
    }

    /// Sends many messages in one call (the platform takes up to 100 at once).
    pub async fn send_batch<T: Serialize>(
        &self,
        bodies: impl IntoIterator<Item = T>,
    ) -> Result<(), QueueError> {
        let bodies = bodies
            .into_iter()
            .map(|body| value::to_js(&body))
            .collect::<Result<Vec<_>, _>>()
            .map_err(QueueError)?;
        self.0.send_batch(bodies).await.map_err(QueueError)
    }
}

/// A failed send: the queue refused the message (too large, too many) or is unreachable.
/// As an answer, it is logged and answered 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueError(String);

impl fmt::Display for QueueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "queue: {}", self.0)
    }
}

impl std::error::Error for QueueError {}

impl IntoHttpError for QueueError {
    fn into_http_error(self) -> HttpError {
        HttpError::logged(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("edgeapi: {self}"),
        )
    }
}

impl IntoResponse for QueueError {
    fn into_response(self) -> Response {
        HttpError::from(self.clone())
            .into_response()
            .with_error(self)
    }
}

/// A batch of messages for a queue consumer ([`crate::App::queue`]), each body read into
/// `T`. Each message is acknowledged or retried on its own ([`Message::ack`],
/// [`Message::retry`]) or all at once ([`MessageBatch::ack_all`],
/// [`MessageBatch::retry_all`]); a message the consumer leaves alone is acknowledged when
/// it returns `Ok`, and the whole batch is delivered again when it returns `Err` or panics.
///
/// A message whose body is not a `T` never reaches the consumer: it is logged with its id
/// and the reason (the dead-letter log) and acknowledged, so it is not delivered forever.
#[derive(Debug)]
pub struct MessageBatch<T> {
    queue: String,
    messages: Vec<Message<T>>,
    js: js::MessageBatch,
}

impl<T: DeserializeOwned> MessageBatch<T> {
    /// Reads the batch; messages that are not a `T` are logged and acknowledged.
    pub(crate) fn read(batch: JsValue) -> Self {
        let js: js::MessageBatch = batch.unchecked_into();
        let queue = js.queue();
        let mut messages = Vec::new();
        for message in js.messages() {
            match value::from_js::<T>(message.body()) {
                Ok(body) => messages.push(Message { body, js: message }),
                Err(why) => {
                    sys::console::error(&format!(
                        "edgeapi: dead letter: queue {queue:?}, message {}: {why}; acknowledged, not delivered again",
                        message.id()
                    ));
                    if let Err(err) = message.ack() {
                        sys::console::error(&format!("edgeapi: queue {queue:?}: ack: {err}"));
                    }
                }
            }
        }
        Self {
            queue,
            messages,
            js,
        }
    }
}

impl<T> MessageBatch<T> {
    /// The queue's name.
    pub fn queue(&self) -> &str {
        &self.queue
    }

    /// The messages whose body read as a `T`.
    pub fn messages(&self) -> &[Message<T>] {
        &self.messages
    }

    /// Acknowledges every message: none is delivered again.
    pub fn ack_all(&self) {
        log_failure(&self.queue, "ackAll", self.js.ack_all());
    }

    /// Delivers every message again, later (its [`Message::attempts`] counts up).
    pub fn retry_all(&self) {
        log_failure(&self.queue, "retryAll", self.js.retry_all(None));
    }

    /// Delivers every message again, no sooner than `delay` from now (whole seconds).
    pub fn retry_all_after(&self, delay: Duration) {
        let seconds = u32::try_from(delay.as_secs()).unwrap_or(u32::MAX);
        log_failure(&self.queue, "retryAll", self.js.retry_all(Some(seconds)));
    }
}

impl<T> IntoIterator for MessageBatch<T> {
    type Item = Message<T>;
    type IntoIter = std::vec::IntoIter<Message<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a MessageBatch<T> {
    type Item = &'a Message<T>;
    type IntoIter = std::slice::Iter<'a, Message<T>>;

    fn into_iter(self) -> Self::IntoIter {
        self.messages.iter()
    }
}

/// One message of a [`MessageBatch`].
#[derive(Debug)]
pub struct Message<T> {
    body: T,
    js: js::QueueMessage,
}

impl<T> Message<T> {
    /// The message's body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The message's id, unique within its queue.
    pub fn id(&self) -> String {
        self.js.id()
    }

    /// When it was sent, in milliseconds since 1970.
    pub fn timestamp_ms(&self) -> u64 {
        self.js.timestamp_ms()
    }

    /// Which delivery this is: 1 the first time, 2 after one retry, ...
    pub fn attempts(&self) -> u32 {
        self.js.attempts()
    }

    /// Acknowledges the message: it is not delivered again, whatever the batch does.
    pub fn ack(&self) {
        log_failure("", "ack", self.js.ack());
    }

    /// Delivers the message again, later.
    pub fn retry(&self) {
        log_failure("", "retry", self.js.retry(None));
    }

    /// Delivers the message again, no sooner than `delay` from now (whole seconds).
    pub fn retry_after(&self, delay: Duration) {
        let seconds = u32::try_from(delay.as_secs()).unwrap_or(u32::MAX);
        log_failure("", "retry", self.js.retry(Some(seconds)));
    }
}

/// The host refuses `ack` and `retry` only when the batch is over: a bug in the consumer,
/// logged rather than thrown.
fn log_failure(queue: &str, call: &str, result: Result<(), String>) {
    if let Err(err) = result {
        sys::console::error(&format!("edgeapi: queue {queue:?}: {call}: {err}"));
    }
}
