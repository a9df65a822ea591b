//! Queues: a producer binding's `send`/`sendBatch`, and a consumer's batch with its
//! messages' `ack`/`retry`.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// A queue producer, as the host binds it in `env` (`[[queues.producers]]`).
    #[derive(Debug, Clone)]
    pub(crate) type QueueProducer;

    #[wasm_bindgen(method, catch, js_name = send)]
    fn send_js(this: &QueueProducer, body: &JsValue, options: &JsValue)
        -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = sendBatch)]
    fn send_batch_js(this: &QueueProducer, messages: &Array) -> Result<Promise, JsValue>;

    /// The batch a consumer's `queue(batch, env, ctx)` receives.
    #[derive(Debug, Clone)]
    pub(crate) type MessageBatch;

    #[wasm_bindgen(method, catch, js_name = ackAll)]
    fn ack_all_js(this: &MessageBatch) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = retryAll)]
    fn retry_all_js(this: &MessageBatch, options: &JsValue) -> Result<(), JsValue>;

    /// One message of a batch.
    #[derive(Debug, Clone)]
    pub(crate) type QueueMessage;

    #[wasm_bindgen(method, catch, js_name = ack)]
    fn ack_js(this: &QueueMessage) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = retry)]
    fn retry_js(this: &QueueMessage, options: &JsValue) -> Result<(), JsValue>;
}

/// `{delaySeconds}` when there is a delay, `undefined` otherwise.
fn delay(seconds: Option<u32>) -> JsValue {
    match seconds {
        Some(seconds) => {
            let options = super::new_object();
            super::set_property(&options, "delaySeconds", &JsValue::from(seconds));
            options
        }
        None => JsValue::UNDEFINED,
    }
}

impl QueueProducer {
    /// Sends one message (a JS value the host serializes), after `delay_seconds` if given.
    pub(crate) async fn send(
        &self,
        body: &JsValue,
        delay_seconds: Option<u32>,
    ) -> Result<(), String> {
        settle(self.send_js(body, &delay(delay_seconds)))
            .await
            .map(drop)
    }

    /// Sends many messages in one call.
    pub(crate) async fn send_batch(&self, bodies: Vec<JsValue>) -> Result<(), String> {
        let messages = Array::new();
        for body in bodies {
            let message = super::new_object();
            super::set_property(&message, "body", &body);
            messages.push(&message);
        }
        settle(self.send_batch_js(&messages)).await.map(drop)
    }
}

impl MessageBatch {
    /// The queue's name.
    pub(crate) fn queue(&self) -> String {
        super::property(self, "queue")
            .and_then(|name| name.as_string())
            .unwrap_or_default()
    }

    /// The batch's messages.
    pub(crate) fn messages(&self) -> Vec<QueueMessage> {
        super::property(self, "messages")
            .and_then(|messages| messages.dyn_into::<Array>().ok())
            .map(|messages| messages.iter().map(JsCast::unchecked_into).collect())
            .unwrap_or_default()
    }

    pub(crate) fn ack_all(&self) -> Result<(), String> {
        self.ack_all_js().map_err(|err| super::error_message(&err))
    }

    pub(crate) fn retry_all(&self, delay_seconds: Option<u32>) -> Result<(), String> {
        self.retry_all_js(&delay(delay_seconds))
            .map_err(|err| super::error_message(&err))
    }
}

impl QueueMessage {
    /// The message's id, unique within the queue.
    pub(crate) fn id(&self) -> String {
        super::property(self, "id")
            .and_then(|id| id.as_string())
            .unwrap_or_default()
    }

    /// When it was sent, in milliseconds since 1970.
    pub(crate) fn timestamp_ms(&self) -> u64 {
        super::property(self, "timestamp")
            .and_then(|time| time.dyn_into::<js_sys::Date>().ok())
            .map_or(0, |time| time.get_time() as u64)
    }

    /// Which delivery this is: 1 the first time.
    pub(crate) fn attempts(&self) -> u32 {
        super::property(self, "attempts")
            .and_then(|attempts| attempts.as_f64())
            .map_or(1, |attempts| attempts as u32)
    }

    /// The body, as the producer sent it.
    pub(crate) fn body(&self) -> JsValue {
        super::property(self, "body").unwrap_or(JsValue::UNDEFINED)
    }

    pub(crate) fn ack(&self) -> Result<(), String> {
        self.ack_js().map_err(|err| super::error_message(&err))
    }

    pub(crate) fn retry(&self, delay_seconds: Option<u32>) -> Result<(), String> {
        self.retry_js(&delay(delay_seconds))
            .map_err(|err| super::error_message(&err))
    }
}
