//! A response body streamed from Rust: a `Stream` of chunks as the JS `ReadableStream` of
//! `pullStream` in `src/js/edgeapi.js`, which pulls one chunk at a time.
//!
//! `Response::with_stream`, the only way to make a stream body, keeps a pointer to
//! [`readable_stream`] with it, so an app that never streams does not link the bridge.

use std::cell::RefCell;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use futures_core::Stream;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// Chunks of a body, as `Response::with_stream` boxes them.
pub(crate) type Chunks = Pin<Box<dyn Stream<Item = Vec<u8>>>>;

/// What a stream body keeps to reach [`readable_stream`].
pub(crate) type Bridge = fn(Chunks) -> Result<JsValue, JsValue>;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = pullStream)]
    fn pull_stream(pull: &JsValue) -> Result<JsValue, JsValue>;
}

/// The JS `ReadableStream` that pulls chunks from `chunks` as the host reads them. Each
/// pull polls the stream for one chunk: `pull(false)` answers a `Promise` of the next
/// chunk (a `Uint8Array`) or of `null` at the end. A cancel (`pull(true)`: the client went
/// away) drops the stream at once, a pull still waiting included. The closure is JS's to
/// keep, freed when the stream is collected.
pub(crate) fn readable_stream(chunks: Chunks) -> Result<JsValue, JsValue> {
    let source = Rc::new(RefCell::new(Some(chunks)));
    let pull = Closure::<dyn FnMut(bool) -> js_sys::Promise>::new(move |cancel: bool| {
        if cancel {
            if let Ok(mut slot) = source.try_borrow_mut() {
                *slot = None;
            }
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        let source = Rc::clone(&source);
        future_to_promise(async move {
            let chunk = std::future::poll_fn(|cx| next_chunk(&source, cx)).await;
            Ok(chunk.map_or(JsValue::NULL, |chunk| {
                js_sys::Uint8Array::from(chunk.as_slice()).into()
            }))
        })
    });
    pull_stream(&pull.into_js_value())
}

/// Polls the stream in `source` for its next chunk: `None` at its end (the stream is
/// dropped then) or once the reader cancelled.
fn next_chunk(source: &RefCell<Option<Chunks>>, cx: &mut Context<'_>) -> Poll<Option<Vec<u8>>> {
    let Ok(mut slot) = source.try_borrow_mut() else {
        return Poll::Ready(None);
    };
    let Some(stream) = slot.as_mut() else {
        return Poll::Ready(None);
    };
    let next = stream.as_mut().poll_next(cx);
    if let Poll::Ready(None) = next {
        *slot = None;
    }
    next
}
