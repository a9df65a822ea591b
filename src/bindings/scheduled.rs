//! [`ScheduledEvent`]: what a cron trigger hands [`crate::App::scheduled`].

use wasm_bindgen::JsValue;

use crate::sys;

/// A cron trigger's firing: which trigger, and when it was due.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledEvent {
    cron: String,
    scheduled_time: u64,
}

impl ScheduledEvent {
    /// An event as a test or another host makes one.
    pub fn new(cron: impl Into<String>, scheduled_time_ms: u64) -> Self {
        Self {
            cron: cron.into(),
            scheduled_time: scheduled_time_ms,
        }
    }

    /// Reads the host's `ScheduledController` (`{cron, scheduledTime}`).
    pub(crate) fn from_js(event: &JsValue) -> Self {
        Self {
            cron: sys::property(event, "cron")
                .and_then(|cron| cron.as_string())
                .unwrap_or_default(),
            scheduled_time: sys::property(event, "scheduledTime")
                .and_then(|time| time.as_f64())
                .map_or(0, |ms| ms as u64),
        }
    }

    /// The trigger's cron expression, as `wrangler.toml` spells it (`"*/5 * * * *"`).
    pub fn cron(&self) -> &str {
        &self.cron
    }

    /// When the trigger was due, in milliseconds since 1970.
    pub fn scheduled_time_ms(&self) -> u64 {
        self.scheduled_time
    }
}
