//! Streaming bodies: a Rust `Stream` becomes the JS `ReadableStream` of the response, so
//! chunks go out as they are produced; and server-sent events on top of it.

use std::fmt::Write as _;
use std::time::Duration;

use futures_core::Stream;
use futures_util::StreamExt;
use http::StatusCode;

use crate::response::{IntoResponse, Response};

/// A body sent chunk by chunk with the given content type.
///
/// ```
/// use edgeapi::prelude::*;
/// use edgeapi::stream::Streaming;
/// use futures_util::stream;
///
/// fn lines() -> Streaming<impl futures_core::Stream<Item = Vec<u8>>> {
///     Streaming::new("text/plain; charset=utf-8", stream::iter(["one\n", "two\n"].map(|line| line.as_bytes().to_vec())))
/// }
/// let app = App::new().get("/lines", lines);
/// ```
pub struct Streaming<S> {
    content_type: &'static str,
    chunks: S,
}

impl<S: Stream<Item = Vec<u8>> + 'static> Streaming<S> {
    /// Streams `chunks` as a body of `content_type`.
    pub fn new(content_type: &'static str, chunks: S) -> Self {
        Self {
            content_type,
            chunks,
        }
    }
}

impl<S: Stream<Item = Vec<u8>> + 'static> IntoResponse for Streaming<S> {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", self.content_type)
            .with_stream(self.chunks)
    }
}

/// One server-sent event.
///
/// ```
/// use edgeapi::stream::Event;
/// let event = Event::data("line one\nline two").event("tick").id("7");
/// assert_eq!(event.to_string(), "event: tick\nid: 7\ndata: line one\ndata: line two\n\n");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    event: Option<String>,
    id: Option<String>,
    retry: Option<Duration>,
    data: String,
}

impl Event {
    /// An event carrying `data` (several lines become several `data:` fields).
    pub fn data(data: impl Into<String>) -> Self {
        Self {
            data: data.into(),
            ..Self::default()
        }
    }

    /// An event whose data is `value` as JSON.
    pub fn json(value: &impl serde::Serialize) -> Self {
        Self::data(serde_json::to_string(value).unwrap_or_default())
    }

    /// The event type (`event:`), which the browser dispatches on.
    pub fn event(mut self, name: impl Into<String>) -> Self {
        self.event = Some(name.into());
        self
    }

    /// The event id (`id:`), sent back as `Last-Event-ID` on reconnection.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// How long the browser waits before reconnecting (`retry:`).
    pub fn retry(mut self, after: Duration) -> Self {
        self.retry = Some(after);
        self
    }
}

impl std::fmt::Display for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Field values are single lines; a stray line break would start a new field.
        let one_line = |text: &str| text.replace(['\r', '\n'], " ");
        let mut out = String::new();
        if let Some(event) = &self.event {
            let _ = writeln!(out, "event: {}", one_line(event));
        }
        if let Some(id) = &self.id {
            let _ = writeln!(out, "id: {}", one_line(id));
        }
        if let Some(retry) = self.retry {
            let _ = writeln!(out, "retry: {}", retry.as_millis());
        }
        for line in lines(&self.data) {
            let _ = writeln!(out, "data: {line}");
        }
        out.push('\n');
        f.write_str(&out)
    }
}

/// The lines of `text` as the SSE spec splits a stream: at `\r\n`, `\n` or a lone `\r`.
/// Every piece is a line, the empty last one too, so data ending in a line break keeps it
/// and a `\r` cannot start a field of its own (`str::lines` keeps a lone `\r`).
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let text = rest?;
        let Some(end) = text.find(['\r', '\n']) else {
            rest = None;
            return Some(text);
        };
        let next = if text[end..].starts_with("\r\n") {
            end + 2
        } else {
            end + 1
        };
        rest = Some(&text[next..]);
        Some(&text[..end])
    })
}

/// A server-sent-events response (`text/event-stream`) from a stream of [`Event`]s.
///
/// ```
/// use std::time::Duration;
/// use edgeapi::prelude::*;
/// use edgeapi::stream::{Event, Sse};
/// use futures_util::stream;
///
/// fn ticks() -> Sse<impl futures_core::Stream<Item = Event>> {
///     Sse::new(stream::unfold(0, |n| async move {
///         if n == 5 { return None; }
///         sleep(Duration::from_millis(100)).await;
///         Some((Event::data(format!("tick {n}")), n + 1))
///     }))
/// }
/// let app = App::new().get("/stream", ticks);
/// ```
pub struct Sse<S>(S);

impl<S: Stream<Item = Event> + 'static> Sse<S> {
    /// Streams `events` to the client.
    pub fn new(events: S) -> Self {
        Self(events)
    }
}

impl<S: Stream<Item = Event> + 'static> IntoResponse for Sse<S> {
    fn into_response(self) -> Response {
        Response::new(StatusCode::OK)
            .with_header("content-type", "text/event-stream")
            .with_header("cache-control", "no-cache")
            .with_stream(self.0.map(|event| event.to_string().into_bytes()))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut crate::describe::Operation<'_>) {
        op.response("text/event-stream", crate::describe::string_schema());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_splits_at_crlf_lf_and_cr_as_the_sse_spec() {
        let wire = |data: &str| Event::data(data).to_string();
        assert_eq!(wire("a\r\nb"), "data: a\ndata: b\n\n");
        assert_eq!(wire("a\nb"), "data: a\ndata: b\n\n");
        assert_eq!(wire("a\rb"), "data: a\ndata: b\n\n");
        assert_eq!(wire("a\n\rb"), "data: a\ndata: \ndata: b\n\n");
        assert_eq!(wire(""), "data: \n\n");
        // A trailing line break is data too: the client's buffer ends in a newline.
        assert_eq!(wire("a\n"), "data: a\ndata: \n\n");
    }

    #[test]
    fn a_lone_cr_in_data_cannot_inject_fields() {
        let event = Event::data("x\revent: admin\rid: 666\rretry: 1").to_string();
        assert_eq!(
            event,
            "data: x\ndata: event: admin\ndata: id: 666\ndata: retry: 1\n\n"
        );
        // Every line of the event is a data field: nothing the client reads as another field.
        for line in event.split(['\r', '\n']).filter(|line| !line.is_empty()) {
            assert!(line.starts_with("data: "), "{line:?} in {event:?}");
        }
    }

    #[test]
    fn field_values_stay_on_one_line() {
        let event = Event::data("d").event("a\rb\nc").id("1\r\n2").to_string();
        assert_eq!(event, "event: a b c\nid: 1  2\ndata: d\n\n");
    }
}
