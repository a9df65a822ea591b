//! The top layer: serving an [`App`](crate::App) to a JS host. [`crate::export!`] builds
//! the app once per isolate and exports `handle(request, env, ctx)` and `recover(error)`;
//! `bridge` turns each request's outcome into a `Response` or a `Promise`; `respond`
//! builds the JS `Response`; `recovery` keeps panics and exceptions from poisoning the
//! instance.

mod bridge;
mod events;
pub mod objects;
pub(crate) mod recovery;
mod respond;

/// Builds the app once per isolate and exports it to JS as
/// `handle(request, env?, ctx?)`, which returns a `Response` for sync routes and a
/// `Promise<Response>` for async ones.
///
/// The export is not called `fetch`: wasm-bindgen's glue module would then declare a
/// `fetch` of its own, which shadows the global `fetch` the glue uses to load the wasm
/// from a URL (`init(url)`, and the test runners in a browser).
///
/// It also installs the panic hook and exports `recover(error)`, which a host entry calls
/// when `handle` threw: a panicking handler's request answers 500, requests in flight
/// answer 500, and the next request runs on a fresh instance (see the README's
/// Reliability section).
///
/// ```no_run
/// use edgeapi::prelude::*;
///
/// fn hello() -> &'static str { "Hello World" }
///
/// edgeapi::export!(|| App::new().get("/hello", hello));
/// ```
///
/// A module worker then serves it with a few lines of JS:
///
/// ```js
/// import { initSync, handle, recover } from "./pkg/my_app.js";
/// import wasm from "./pkg/my_app_bg.wasm";
/// initSync({ module: wasm });
/// export default {
///   fetch(request, env, ctx) {
///     try { return handle(request, env, ctx); } catch (error) { return recover(error); }
///   },
/// };
/// ```
#[macro_export]
#[rustfmt::skip] // rustfmt re-indents attributes inside macro_rules on every run
macro_rules! export {
    ($build:expr) => {
        ::std::thread_local! {
            static EDGEAPI_APP: $crate::App = {
                $crate::__private::install_panic_hook();
                $crate::__private::with_openapi_document(
                    $crate::__export_build!($build),
                    $crate::__prebuilt_openapi!(),
                )
            };
        }

        $crate::__native_openapi!($build);

        /// Serves one request: a `Response`, or a `Promise<Response>` for async routes.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = handle,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_handle(
            request: $crate::__private::web_sys::Request,
            env: $crate::__private::wasm_bindgen::JsValue,
            ctx: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::wasm_bindgen::JsValue {
            EDGEAPI_APP.with(|app| app.fetch(request, env, ctx))
        }

        /// Serves a cron trigger (`App::scheduled`): a `Promise` of its end.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = scheduled,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_scheduled(
            event: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
            ctx: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::js_sys::Promise {
            EDGEAPI_APP.with(|app| app.scheduled_event(event, env, ctx))
        }

        /// Serves a queue's batch (`App::queue`): a `Promise` of its end, rejected (and
        /// the batch delivered again) when the consumer fails.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = queue,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_queue(
            batch: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
            ctx: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::js_sys::Promise {
            EDGEAPI_APP.with(|app| app.queue_batch(batch, env, ctx))
        }

        /// Answers a request whose `handle` threw with 500, and makes sure the next
        /// request runs on a fresh instance.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = recover,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_recover(
            error: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::web_sys::Response {
            $crate::__private::recover(&error)
        }
    };
}

/// The app as `export!` builds it: the builder's app, with the package's name and version.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_build {
    ($build:expr) => {
        $crate::__private::with_package_info(
            ($build)(),
            ::core::env!("CARGO_PKG_NAME"),
            ::core::env!("CARGO_PKG_VERSION"),
        )
    };
}

/// The document `edgeapi build` generated natively, when it built this wasm with one
/// (`EDGEAPI_OPENAPI_JSON` names the file).
#[cfg(edgeapi_prebuilt_openapi)]
#[doc(hidden)]
#[macro_export]
macro_rules! __prebuilt_openapi {
    () => {
        ::core::option::Option::Some(::core::include_str!(::core::env!("EDGEAPI_OPENAPI_JSON")))
    };
}

/// No document generated ahead: the wasm generates its own.
#[cfg(not(edgeapi_prebuilt_openapi))]
#[doc(hidden)]
#[macro_export]
macro_rules! __prebuilt_openapi {
    () => {
        ::core::option::Option::None
    };
}

/// Outside wasm, a C function `edgeapi build` calls in the app's native library to get its
/// OpenAPI document: `edgeapi_openapi_json_<crate>(&mut len)` answers the document's bytes
/// (kept for the process's life) or null when building the app panicked.
#[cfg(all(feature = "openapi", not(target_arch = "wasm32")))]
#[doc(hidden)]
#[macro_export]
#[rustfmt::skip] // rustfmt re-indents the attribute's arguments on every run
macro_rules! __native_openapi {
    ($build:expr) => {
        #[doc(hidden)]
        #[unsafe(export_name = ::core::concat!(
            "edgeapi_openapi_json_",
            ::core::env!("CARGO_CRATE_NAME")
        ))]
        pub extern "C" fn edgeapi_openapi_json(len: &mut usize) -> *const u8 {
            let document = ::std::panic::catch_unwind(|| {
                $crate::__private::openapi_document($crate::__export_build!($build))
            });
            match document {
                ::core::result::Result::Ok(document) => {
                    let document: &'static str = ::std::boxed::Box::leak(document.into_boxed_str());
                    *len = document.len();
                    document.as_ptr()
                }
                ::core::result::Result::Err(_) => ::core::ptr::null(),
            }
        }
    };
}

/// In wasm, or without the `openapi` feature, nothing.
#[cfg(not(all(feature = "openapi", not(target_arch = "wasm32"))))]
#[doc(hidden)]
#[macro_export]
macro_rules! __native_openapi {
    ($build:expr) => {};
}
