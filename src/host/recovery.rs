//! Panics and exceptions that do not poison the instance.
//!
//! Builds for the edge use `panic = "abort"`: a panic stops the wasm instance. The hook
//! installed here logs the panic, asks wasm-bindgen to instantiate the module afresh on the
//! next call into it, and answers every request still in flight with 500 (their state went
//! with the old instance). The request that panicked gets a 500 from the host entry, which
//! catches the abort and calls the exported `recover`; the next request runs on a clean
//! instance. App state held in Rust (`App::state`, thread-locals) starts over, as after a
//! cold start.
//!
//! Every call into JS that can throw is declared with `catch` (see `sys`), so no JS
//! exception should ever cross wasm frames. Should one escape an export all the same, the
//! host entry calls `recover` too, and the instance is replaced as after a panic: wasm
//! frames that an exception unwound never restored the shadow stack, so that instance
//! cannot be trusted to serve again.

use std::cell::Cell;

use crate::sys;

/// Installs the panic hook, once per instance, when the app is built on it. A fresh
/// instance also clears the abort its predecessor recorded, so that a later exception is
/// not taken for that panic.
pub fn install_hook() {
    thread_local! {
        // A flag rather than a `Once`: the instance has one thread, and a `Once` would add
        // its own code and messages to every app.
        static INSTALLED: Cell<bool> = const { Cell::new(false) };
    }
    if !cfg!(target_arch = "wasm32") || INSTALLED.with(|done| done.replace(true)) {
        return;
    }
    sys::recovery::take_aborted();
    std::panic::set_hook(Box::new(|info| {
        sys::recovery::schedule_fresh_instance();
        sys::recovery::panicked(&format!("edgeapi: a handler panicked: {info}"));
    }));
}

/// What a host entry calls when `handle` threw: logs `error`, makes sure the next call
/// runs on a fresh instance, and gives the 500 to answer with.
///
/// After a panic the glue has already replaced the instance by the time this runs (the
/// hook asked for it), so only an exception that was not a panic schedules a new one.
pub fn recover(error: &wasm_bindgen::JsValue) -> web_sys::Response {
    if !sys::recovery::take_aborted() {
        sys::recovery::schedule_fresh_instance();
    }
    let why = format!(
        "edgeapi: a request failed with an exception: {}",
        sys::error_message(error)
    );
    super::respond::internal_error(&why)
}
