//! Durable Objects written in Rust, served to workerd: [`crate::durable_objects!`] exports
//! `objectFetch`, `objectAlarm`, `objectMessage`, `objectClose` and `objectDrop`, which the JS classes that `edgeapi
//! build` generates call with the class's name and a key of the instance.
//!
//! Each instance lives here, keyed by the number its JS object got, and is made on its
//! first call from the state and env the call carries. So after a panic replaced the wasm
//! instance, the next call simply makes the object again (its storage is intact; fields
//! in memory start over, as after an eviction).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_util::future::LocalBoxFuture;
use futures_util::FutureExt;
use wasm_bindgen::JsValue;

use crate::app::{event_promise, App};
use crate::bindings::{Env, ObjectState};
use crate::object::DurableObject;
use crate::sys;
use crate::websocket::{self, Message, WebSocket};

/// One instance: the object and the app that serves its requests.
trait Hosted {
    fn app(&self) -> &App;
    fn alarm(&self) -> LocalBoxFuture<'static, Result<(), String>>;
    fn message(
        &self,
        socket: WebSocket,
        message: Message,
    ) -> LocalBoxFuture<'static, Result<(), String>>;
    fn close(
        &self,
        socket: WebSocket,
        code: u16,
        reason: String,
    ) -> LocalBoxFuture<'static, Result<(), String>>;
}

struct Instance<T> {
    object: Rc<T>,
    app: App,
}

impl<T: DurableObject> Hosted for Instance<T> {
    fn app(&self) -> &App {
        &self.app
    }

    fn alarm(&self) -> LocalBoxFuture<'static, Result<(), String>> {
        T::alarm(Rc::clone(&self.object))
            .map(|done| done.map_err(|err| err.to_string()))
            .boxed_local()
    }

    fn message(
        &self,
        socket: WebSocket,
        message: Message,
    ) -> LocalBoxFuture<'static, Result<(), String>> {
        T::websocket_message(Rc::clone(&self.object), socket, message)
            .map(|done| done.map_err(|err| err.to_string()))
            .boxed_local()
    }

    fn close(
        &self,
        socket: WebSocket,
        code: u16,
        reason: String,
    ) -> LocalBoxFuture<'static, Result<(), String>> {
        T::websocket_close(Rc::clone(&self.object), socket, code, reason)
            .map(|done| done.map_err(|err| err.to_string()))
            .boxed_local()
    }
}

thread_local! {
    static INSTANCES: RefCell<HashMap<u32, Rc<dyn Hosted>>> = RefCell::default();
}

/// The instance `key`, made now if this is its first call.
fn instance<T: DurableObject>(key: u32, state: &JsValue, env: &JsValue) -> Rc<dyn Hosted> {
    crate::host::recovery::install_hook();
    if let Some(found) = INSTANCES.with(|all| all.borrow().get(&key).cloned()) {
        return found;
    }
    let object = Rc::new(T::new(
        ObjectState::from_js(state.clone()),
        Env::from_js(env.clone()),
    ));
    let app = T::app(Rc::clone(&object));
    let made: Rc<dyn Hosted> = Rc::new(Instance { object, app });
    INSTANCES.with(|all| all.borrow_mut().insert(key, Rc::clone(&made)));
    made
}

/// Serves a request to the object: a `Response`, or a `Promise` of one, from its app.
/// In the object's app, the host's `ctx` is the object's state.
pub fn fetch<T: DurableObject>(
    key: u32,
    state: JsValue,
    env: JsValue,
    request: web_sys::Request,
) -> JsValue {
    let hosted = instance::<T>(key, &state, &env);
    hosted.app().fetch(request, env, state)
}

/// Runs the object's alarm: a `Promise`, rejected when it fails (workerd tries again).
pub fn alarm<T: DurableObject>(key: u32, state: JsValue, env: JsValue) -> js_sys::Promise {
    let hosted = instance::<T>(key, &state, &env);
    event_promise("alarm", hosted.alarm())
}

/// Hands a hibernated socket's message (a string or an `ArrayBuffer`) to the object.
pub fn message<T: DurableObject>(
    key: u32,
    state: JsValue,
    env: JsValue,
    socket: JsValue,
    message: JsValue,
) -> js_sys::Promise {
    let hosted = instance::<T>(key, &state, &env);
    let Some(message) = websocket::read_message(message) else {
        return js_sys::Promise::resolve(&JsValue::UNDEFINED);
    };
    event_promise(
        "webSocketMessage",
        hosted.message(WebSocket::accepted(socket), message),
    )
}

/// Hands a hibernated socket's close to the object.
pub fn close<T: DurableObject>(
    key: u32,
    state: JsValue,
    env: JsValue,
    socket: JsValue,
    code: u16,
    reason: String,
) -> js_sys::Promise {
    let hosted = instance::<T>(key, &state, &env);
    event_promise(
        "webSocketClose",
        hosted.close(WebSocket::accepted(socket), code, reason),
    )
}

/// Forgets the instance `key`: its JS object is gone.
pub fn drop(key: u32) {
    INSTANCES.with(|all| all.borrow_mut().remove(&key));
}

/// The answer to a call for a class the wasm does not define: the entry and the wasm are
/// from different builds.
pub fn unknown(class: &str) -> js_sys::Error {
    let why = format!(
        "edgeapi: no Durable Object class `{class}` in this wasm (add it to durable_objects!)"
    );
    sys::console::error(&why);
    js_sys::Error::new(&why)
}

/// `name` as a fixed-size array, for the custom section that lists the classes.
#[doc(hidden)]
pub const fn name_bytes<const N: usize>(name: &str) -> [u8; N] {
    let bytes = name.as_bytes();
    let mut out = [0; N];
    let mut i = 0;
    while i < N {
        out[i] = bytes[i];
        i += 1;
    }
    out
}

/// Exports Durable Object classes written in Rust (each a [`crate::DurableObject`]) to
/// the host. Call it once, with every class, beside [`crate::export!`]; `edgeapi build`
/// then writes the JS class workerd needs for each into the worker's entry, named as the
/// Rust type, which is the `class_name` `wrangler.toml` binds.
///
/// ```no_run
/// # use std::rc::Rc;
/// # use edgeapi::prelude::*;
/// # use edgeapi::{DurableObject, ObjectState};
/// # pub struct Counter;
/// # impl DurableObject for Counter {
/// #     fn new(_: ObjectState, _: Env) -> Self { Counter }
/// #     fn app(self: Rc<Self>) -> App { App::new() }
/// # }
/// edgeapi::durable_objects!(Counter);
/// ```
#[macro_export]
#[rustfmt::skip]
macro_rules! durable_objects {
    ($($object:ident),+ $(,)?) => {
        // The class names, one a line, in a custom section of the wasm where `edgeapi
        // build` reads them.
        $(const _: () = {
            const NAME: &str = ::core::concat!(::core::stringify!($object), "\n");
            #[used]
            #[cfg_attr(target_arch = "wasm32", link_section = "edgeapi_durable_objects")]
            static CLASS: [u8; NAME.len()] = $crate::__private::objects::name_bytes(NAME);
        };)+

        /// Serves a request to a Durable Object: a `Response`, or a `Promise` of one.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = objectFetch,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_object_fetch(
            class: &str,
            key: u32,
            state: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
            request: $crate::__private::web_sys::Request,
        ) -> $crate::__private::wasm_bindgen::JsValue {
            match class {
                $(::core::stringify!($object) => {
                    $crate::__private::objects::fetch::<$object>(key, state, env, request)
                })+
                _ => $crate::__private::objects::unknown(class).into(),
            }
        }

        /// Runs a Durable Object's alarm: a `Promise` of its end.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = objectAlarm,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_object_alarm(
            class: &str,
            key: u32,
            state: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::js_sys::Promise {
            match class {
                $(::core::stringify!($object) => {
                    $crate::__private::objects::alarm::<$object>(key, state, env)
                })+
                _ => $crate::__private::js_sys::Promise::reject(
                    &$crate::__private::objects::unknown(class),
                ),
            }
        }

        /// Hands a hibernated WebSocket's message to a Durable Object.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = objectMessage,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_object_message(
            class: &str,
            key: u32,
            state: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
            socket: $crate::__private::wasm_bindgen::JsValue,
            message: $crate::__private::wasm_bindgen::JsValue,
        ) -> $crate::__private::js_sys::Promise {
            match class {
                $(::core::stringify!($object) => {
                    $crate::__private::objects::message::<$object>(key, state, env, socket, message)
                })+
                _ => $crate::__private::js_sys::Promise::reject(
                    &$crate::__private::objects::unknown(class),
                ),
            }
        }

        /// Hands a hibernated WebSocket's close to a Durable Object.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = objectClose,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_object_close(
            class: &str,
            key: u32,
            state: $crate::__private::wasm_bindgen::JsValue,
            env: $crate::__private::wasm_bindgen::JsValue,
            socket: $crate::__private::wasm_bindgen::JsValue,
            code: u16,
            reason: ::std::string::String,
        ) -> $crate::__private::js_sys::Promise {
            match class {
                $(::core::stringify!($object) => {
                    $crate::__private::objects::close::<$object>(key, state, env, socket, code, reason)
                })+
                _ => $crate::__private::js_sys::Promise::reject(
                    &$crate::__private::objects::unknown(class),
                ),
            }
        }

        /// Forgets a Durable Object instance whose JS object is gone.
        #[$crate::__private::wasm_bindgen::prelude::wasm_bindgen(
            js_name = objectDrop,
            wasm_bindgen = $crate::__private::wasm_bindgen
        )]
        pub fn edgeapi_object_drop(key: u32) {
            $crate::__private::objects::drop(key)
        }
    };
}
