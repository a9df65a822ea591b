//! [`App::websocket`]: a route that serves WebSocket connections.

use std::future::Future;
use std::rc::Rc;

use http::Method;

use super::App;
use crate::handler::boxed;
use crate::request::Request;
use crate::websocket::{self, WebSocket};

impl App {
    /// Serves WebSocket connections on `path` with `handler`, as FastAPI's
    /// `@app.websocket`: it gets the server end of each connection, takes it with
    /// [`WebSocket::accept`] (a handler that returns without accepting answers 403) and
    /// reads it with [`WebSocket::recv`]. A request without `Upgrade: websocket` answers
    /// 426. On hosts without `WebSocketPair` (Node, browsers), a logged 500.
    ///
    /// ```
    /// use edgeapi::prelude::*;
    /// use edgeapi::websocket::WebSocket;
    ///
    /// async fn hello(socket: WebSocket) {
    ///     if socket.accept().is_ok() {
    ///         let _ = socket.send_text("hello");
    ///         let _ = socket.close(1000, "bye");
    ///     }
    /// }
    ///
    /// let app = App::new().websocket("/ws/hello", hello);
    /// ```
    /// Like FastAPI's, the route is not in the OpenAPI document, which describes HTTP
    /// operations only.
    pub fn websocket<F, Fut>(mut self, path: &str, handler: F) -> Self
    where
        F: Fn(WebSocket) -> Fut + 'static,
        Fut: Future<Output = ()> + 'static,
    {
        let handler = Rc::new(handler);
        #[allow(unused_mut)] // without route descriptions, nothing to hide
        let mut route =
            boxed(move |request: Request| websocket::upgrade(request, Rc::clone(&handler)));
        #[cfg(all(feature = "openapi", not(edgeapi_prebuilt_openapi)))]
        {
            route.describer.describe = |operation| operation.hide();
        }
        self.add(Some(Method::GET), path, route, &[]);
        self
    }
}
