//! One trait for sync and async handlers.
//!
//! [`Handler<M>`] has two blanket impls per arity: one for `Fn(T..) -> R` where `R` is a
//! response, one for `Fn(T..) -> Fut` where `Fut` is a future of a response. The marker
//! `M` differs between them, so the compiler picks the impl from the function's type and
//! `App::get` takes both kinds. A sync handler runs inline and yields
//! [`Outcome::Ready`]; an async one yields [`Outcome::Pending`], which becomes a JS Promise.

use std::future::Future;
use std::marker::PhantomData;
use std::rc::Rc;

#[cfg(all(feature = "openapi", not(edgeapi_prebuilt_openapi)))]
use crate::describe::Describer;
#[cfg(feature = "openapi")]
use crate::describe::Operation;
use crate::extract::{FromRequest, FromRequestParts, Rejections};
use crate::outcome::Outcome;
use crate::request::Request;
use crate::response::IntoResponse;

/// A function that answers requests: a plain `fn` or an `async fn` (or closure of either
/// kind) whose arguments are extractors and whose result is an [`IntoResponse`].
///
/// You never implement this yourself; `M` is a marker the compiler infers.
///
/// ```
/// use edgeapi::prelude::*;
///
/// fn sync_hello() -> &'static str { "inline" }
/// async fn async_hello() -> &'static str { "via a Promise" }
///
/// let app = App::new()
///     .get("/sync", sync_hello)
///     .get("/async", async_hello)
///     .get("/closure", || "also inline")
///     .get("/async-closure", || async { "also a Promise" });
/// ```
#[diagnostic::on_unimplemented(
    message = "this function is not an edgeapi handler",
    label = "not a handler",
    note = "a handler is a fn or async fn whose arguments are extractors (only the last may \
            read the body) and whose result implements IntoResponse",
    note = "put #[edgeapi::openapi] on the function: its errors then name the argument or \
            the return type at fault"
)]
pub trait Handler<M>: 'static {
    /// Runs the handler for one request.
    fn call(self: Rc<Self>, request: Request) -> Outcome;

    /// Describes the route in the OpenAPI document: the result (which, under
    /// `#[edgeapi::openapi]`, first registers the signature's schemas), then each argument.
    #[cfg(feature = "openapi")]
    #[doc(hidden)]
    fn openapi(_op: &mut Operation<'_>) {}
}

/// Marks handlers that return a response directly.
#[doc(hidden)]
pub struct Inline<T>(PhantomData<fn() -> T>);

/// Marks handlers that return a future of a response.
#[doc(hidden)]
pub struct Deferred<T>(PhantomData<fn() -> T>);

impl<F, R> Handler<Inline<()>> for F
where
    F: Fn() -> R + 'static,
    R: IntoResponse,
{
    fn call(self: Rc<Self>, _request: Request) -> Outcome {
        Outcome::Ready((*self)().into_response())
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        R::openapi(op);
    }
}

impl<F, Fut> Handler<Deferred<()>> for F
where
    F: Fn() -> Fut + 'static,
    Fut: Future + 'static,
    Fut::Output: IntoResponse,
{
    fn call(self: Rc<Self>, _request: Request) -> Outcome {
        let future = (*self)();
        Outcome::Pending(Box::pin(async move { future.await.into_response() }))
    }

    #[cfg(feature = "openapi")]
    fn openapi(op: &mut Operation<'_>) {
        <Fut::Output as IntoResponse>::openapi(op);
    }
}

/// Extracts each argument in order, as FastAPI solves a route's parameters and
/// dependencies: validation errors are kept and the next extractor still runs, then one
/// 422 lists them all; any other rejection answers at once (see `Rejections`).
macro_rules! extract_all {
    // One extractor: nothing to collect.
    ($request:ident; ; $last:ident) => {
        let $last = match $last::from_request($request).await {
            Ok(value) => value,
            Err(rejection) => return rejection.into_response(),
        };
    };
    ($request:ident; $($part:ident),+; $last:ident) => {
        let (mut parts, body) = $request.into_parts();
        let mut rejections = Rejections::default();
        $(
            let $part = match $part::from_request_parts(&mut parts).await {
                Ok(value) => Some(value),
                Err(rejection) => {
                    let order = <$part as FromRequestParts>::order();
                    if let Some(answer) = rejections.add(rejection.into_response(), order) {
                        return answer;
                    }
                    None
                }
            };
        )*
        let $last = match $last::from_request(Request::from_parts(parts, body)).await {
            Ok(value) => value,
            Err(rejection) => {
                let order = <$last as FromRequest<Via>>::order();
                return rejections.last(rejection.into_response(), order);
            }
        };
        // Every extractor succeeded, or some kept a validation error.
        let ($(Some($part),)*) = ($($part,)*) else {
            return rejections.into_response();
        };
    };
}

macro_rules! impl_handler {
    ($($part:ident),*; $last:ident) => {
        #[allow(non_snake_case)]
        impl<F, R, Via, $($part,)* $last> Handler<Inline<(Via, $($part,)* $last)>> for F
        where
            F: Fn($($part,)* $last) -> R + 'static,
            R: IntoResponse + 'static,
            $($part: FromRequestParts + 'static,)*
            $last: FromRequest<Via> + 'static,
        {
            fn call(self: Rc<Self>, request: Request) -> Outcome {
                // A sync handler whose extractors did not wait answers with no Promise.
                Outcome::poll_once(Box::pin(async move {
                    extract_all!(request; $($part),*; $last);
                    (*self)($($part,)* $last).into_response()
                }))
            }

            #[cfg(feature = "openapi")]
            fn openapi(op: &mut Operation<'_>) {
                R::openapi(op);
                $(<$part as FromRequestParts>::openapi(op);)*
                <$last as FromRequest<Via>>::openapi(op);
            }
        }

        #[allow(non_snake_case)]
        impl<F, Fut, Via, $($part,)* $last> Handler<Deferred<(Via, $($part,)* $last)>> for F
        where
            F: Fn($($part,)* $last) -> Fut + 'static,
            Fut: Future + 'static,
            Fut::Output: IntoResponse,
            $($part: FromRequestParts + 'static,)*
            $last: FromRequest<Via> + 'static,
        {
            fn call(self: Rc<Self>, request: Request) -> Outcome {
                Outcome::Pending(Box::pin(async move {
                    extract_all!(request; $($part),*; $last);
                    (*self)($($part,)* $last).await.into_response()
                }))
            }

            #[cfg(feature = "openapi")]
            fn openapi(op: &mut Operation<'_>) {
                <Fut::Output as IntoResponse>::openapi(op);
                $(<$part as FromRequestParts>::openapi(op);)*
                <$last as FromRequest<Via>>::openapi(op);
            }
        }
    };
}

impl_handler!(; T1);
impl_handler!(T1; T2);
impl_handler!(T1, T2; T3);
impl_handler!(T1, T2, T3; T4);
impl_handler!(T1, T2, T3, T4; T5);
impl_handler!(T1, T2, T3, T4, T5; T6);
impl_handler!(T1, T2, T3, T4, T5, T6; T7);
impl_handler!(T1, T2, T3, T4, T5, T6, T7; T8);

/// A handler with its marker erased, as the router stores it.
pub(crate) type BoxedHandler = Rc<dyn ErasedHandler>;

pub(crate) trait ErasedHandler {
    fn call(&self, request: Request) -> Outcome;
}

struct Erased<H, M> {
    handler: Rc<H>,
    marker: PhantomData<fn() -> M>,
}

impl<H: Handler<M>, M: 'static> ErasedHandler for Erased<H, M> {
    fn call(&self, request: Request) -> Outcome {
        Rc::clone(&self.handler).call(request)
    }
}

/// A handler ready for the route table, with what the OpenAPI document needs of it.
pub(crate) struct RouteHandler {
    pub(crate) handler: BoxedHandler,
    /// None in a wasm that serves the document `edgeapi build` made: no route's
    /// description, so no schema code, is linked into it.
    #[cfg(all(feature = "openapi", not(edgeapi_prebuilt_openapi)))]
    pub(crate) describer: Describer,
}

pub(crate) fn boxed<H: Handler<M>, M: 'static>(handler: H) -> RouteHandler {
    RouteHandler {
        handler: Rc::new(Erased {
            handler: Rc::new(handler),
            marker: PhantomData,
        }),
        #[cfg(all(feature = "openapi", not(edgeapi_prebuilt_openapi)))]
        describer: Describer {
            type_name: std::any::type_name::<H>(),
            describe: H::openapi,
        },
    }
}
