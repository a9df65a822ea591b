//! WebSockets: [`WebSocket`], the server end a handler of [`crate::App::websocket`] (or a
//! Durable Object) talks through, and the [`Message`]s it receives.
//!
//! ```no_run
//! use edgeapi::prelude::*;
//! use edgeapi::websocket::{Message, WebSocket};
//! use futures_util::StreamExt;
//!
//! async fn echo(socket: WebSocket) {
//!     if socket.accept().is_err() {
//!         return;
//!     }
//!     let mut messages = socket.recv();
//!     while let Some(message) = messages.next().await {
//!         let _ = match message {
//!             Message::Text(text) => socket.send_text(&text),
//!             Message::Binary(bytes) => socket.send_bytes(&bytes),
//!             Message::Close { code, reason } => socket.close(code, &reason),
//!         };
//!     }
//! }
//!
//! let app = App::new().websocket("/ws/echo", echo);
//! ```

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};

use std::rc::Rc;
use std::task::{Poll, Waker};

use futures_core::Stream;
use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

mod task;

use task::SocketTask;

use crate::bindings::{Env, ObjectError, ObjectState};
use crate::error::HttpError;
use crate::request::{Parts, Request};
use crate::response::{IntoResponse, Response};
use crate::sys::websocket::{self as js, Socket};
use crate::sys::{self, value};

/// A message from the peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A text frame.
    Text(String),
    /// A binary frame.
    Binary(Vec<u8>),
    /// The peer closed the connection with `code` and `reason` (1005 when it gave none).
    /// Answer with [`WebSocket::close`]; nothing more arrives after it.
    Close {
        /// The close code.
        code: u16,
        /// The reason the peer gave.
        reason: String,
    },
}

/// The server end of a WebSocket connection.
///
/// In [`crate::App::websocket`], the handler calls [`WebSocket::accept`] to take the
/// connection (the client then gets its 101), and reads with [`WebSocket::recv`]. A handler
/// that returns without accepting answers 403, as FastAPI does. In a Durable Object with
/// the hibernation API, sockets arrive already accepted.
#[derive(Debug, Clone)]
pub struct WebSocket {
    socket: Socket,
    accepted: Rc<Cell<bool>>,
    inbox: Option<Rc<Inbox>>,
    /// The upgrade request, for a socket a route took.
    request: Option<Rc<Parts>>,
}

/// The peer's messages, queued as the host's events deliver them, until `recv` takes them.
struct Inbox {
    state: Rc<InboxState>,
    /// The handler's task once it accepted: polled inside each event.
    task: Rc<RefCell<Option<Rc<SocketTask>>>>,
    /// Called by the host's event listeners; they are removed before it is dropped.
    _deliver: Closure<dyn FnMut(JsValue)>,
    unlisten: js_sys::Function,
}

#[derive(Default)]
struct InboxState {
    messages: RefCell<VecDeque<Message>>,
    ended: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

impl Inbox {
    fn listen(socket: &JsValue) -> Result<Self, JsValue> {
        let state = Rc::new(InboxState::default());
        let queue = Rc::clone(&state);
        let task: Rc<RefCell<Option<Rc<SocketTask>>>> = Rc::default();
        let run = Rc::clone(&task);
        let deliver = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if queue.ended.get() {
                return;
            }
            match read_message(event) {
                Some(message) => {
                    let last = matches!(message, Message::Close { .. });
                    queue.messages.borrow_mut().push_back(message);
                    queue.ended.set(last);
                }
                None => queue.ended.set(true),
            }
            let waker = queue.waker.borrow_mut().take();
            let task = run.borrow().clone();
            match (task, waker) {
                // The handler's own task: polled now, so its answer leaves within the event.
                (Some(task), _) => task.poll_now(),
                (None, Some(waker)) => waker.wake(),
                (None, None) => {}
            }
        });
        let unlisten = js::listen(socket, &deliver)?;
        Ok(Self {
            state,
            task,
            _deliver: deliver,
            unlisten,
        })
    }

    fn poll_next(&self, cx: &mut std::task::Context<'_>) -> Poll<Option<Message>> {
        if let Some(message) = self.state.messages.borrow_mut().pop_front() {
            return Poll::Ready(Some(message));
        }
        if self.state.ended.get() {
            return Poll::Ready(None);
        }
        *self.state.waker.borrow_mut() = Some(cx.waker().clone());
        Poll::Pending
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        let _ = self.unlisten.call0(&JsValue::NULL);
    }
}

impl fmt::Debug for Inbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field("queued", &self.state.messages.borrow().len())
            .field("ended", &self.state.ended.get())
            .finish()
    }
}

/// A socket call the host refused: sending on a closed socket, a close code that may not be
/// sent (1005, 1006, 1015, under 1000), a reason over 123 bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSocketError(String);

impl fmt::Display for WebSocketError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebSocket: {}", self.0)
    }
}

impl std::error::Error for WebSocketError {}

fn refused(err: JsValue) -> WebSocketError {
    WebSocketError(sys::error_message(&err))
}

impl WebSocket {
    /// A socket the host handed over already accepted (the hibernation API).
    pub(crate) fn accepted(socket: JsValue) -> Self {
        Self {
            socket: socket.unchecked_into(),
            accepted: Rc::new(Cell::new(true)),
            inbox: None,
            request: None,
        }
    }

    /// The upgrade request of a socket [`crate::App::websocket`] serves: its path
    /// parameters, query and headers (`None` for a socket the hibernation API hands over).
    ///
    /// ```no_run
    /// use edgeapi::websocket::WebSocket;
    ///
    /// async fn room(socket: WebSocket) {
    ///     let name = socket
    ///         .request()
    ///         .and_then(|request| request.path_params().first().map(|(_, value)| value.clone()));
    ///     if socket.accept().is_ok() {
    ///         let _ = socket.send_text(&format!("welcome to {}", name.unwrap_or_default()));
    ///     }
    /// }
    /// ```
    pub fn request(&self) -> Option<&Parts> {
        self.request.as_deref()
    }

    /// The worker's `env` (its bindings), for a socket [`crate::App::websocket`] serves.
    pub fn env(&self) -> Option<Env> {
        self.request
            .as_ref()
            .map(|parts| Env::from_js(parts.env().clone()))
    }

    /// Takes the connection: the client's upgrade is answered 101. Messages the client
    /// sends from then on queue up for [`WebSocket::recv`].
    pub fn accept(&self) -> Result<(), WebSocketError> {
        if self.accepted.get() {
            return Ok(());
        }
        self.socket.accept().map_err(refused)?;
        self.accepted.set(true);
        Ok(())
    }

    /// Sends a text frame.
    pub fn send_text(&self, text: &str) -> Result<(), WebSocketError> {
        self.socket.send_text(text).map_err(refused)
    }

    /// Sends a binary frame.
    pub fn send_bytes(&self, bytes: &[u8]) -> Result<(), WebSocketError> {
        self.socket.send_bytes(bytes).map_err(refused)
    }

    /// Sends `value` as JSON in a text frame.
    pub fn send_json<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), WebSocketError> {
        let text = serde_json::to_string(value).map_err(|err| WebSocketError(err.to_string()))?;
        self.send_text(&text)
    }

    /// Closes the connection with `code` (1000 for a normal close) and `reason`.
    pub fn close(&self, code: u16, reason: &str) -> Result<(), WebSocketError> {
        self.socket.close(code, reason).map_err(refused)
    }

    /// The messages from the peer, in order, ending after [`Message::Close`] or when the
    /// connection fails. Only a socket this handler accepted has them; a hibernated
    /// socket's messages come to the Durable Object's `websocket_message` instead.
    pub fn recv(&self) -> impl Stream<Item = Message> + Unpin + 'static {
        let inbox = self.inbox.clone();
        futures_util::stream::poll_fn(move |cx| match &inbox {
            Some(inbox) => inbox.poll_next(cx),
            None => Poll::Ready(None),
        })
    }

    /// Keeps `value` with the socket, through hibernation (at most 2 KiB of it).
    pub fn set_attachment<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), WebSocketError> {
        let value = value::to_js(value).map_err(WebSocketError)?;
        self.socket.serialize_attachment(&value).map_err(refused)
    }

    /// The value kept with [`WebSocket::set_attachment`], or `None`.
    pub fn attachment<T: DeserializeOwned>(&self) -> Option<T> {
        let value = self.socket.deserialize_attachment().ok()?;
        if value.is_null() || value.is_undefined() {
            return None;
        }
        value::from_js(value).ok()
    }

    /// The raw JS socket.
    pub fn as_js(&self) -> &JsValue {
        &self.socket
    }
}

impl PartialEq for WebSocket {
    /// The same connection.
    fn eq(&self, other: &Self) -> bool {
        let (mine, theirs): (&JsValue, &JsValue) = (&self.socket, &other.socket);
        mine == theirs
    }
}

/// The hibernation API, on a Durable Object's state (here rather than in `bindings`, which
/// this module builds on).
impl ObjectState {
    /// Takes a WebSocket connection with workerd's hibernation API: answer the client's
    /// upgrade with the returned 101. The object may then be evicted while the socket stays
    /// open; its messages and close come to [`crate::DurableObject::websocket_message`] and
    /// [`crate::DurableObject::websocket_close`], on a new instance if need be. `tags` name
    /// the socket for [`ObjectState::websockets`].
    pub fn accept_websocket(&self, tags: &[&str]) -> Result<(WebSocket, Response), ObjectError> {
        let (client, server) = sys::websocket::pair()
            .ok_or_else(|| ObjectError("this host has no WebSocketPair".into()))?;
        self.js()
            .accept_web_socket(&server, tags)
            .map_err(ObjectError)?;
        let response = sys::websocket::upgrade_response(&client)
            .map_err(|err| ObjectError(sys::error_message(&err)))?;
        Ok((
            WebSocket::accepted(server.into()),
            Response::from_js(response),
        ))
    }

    /// The open sockets the host keeps for this object, those tagged `tag` if given.
    pub fn websockets(&self, tag: Option<&str>) -> Vec<WebSocket> {
        match self.js().web_sockets(tag) {
            Ok(sockets) => sockets.into_iter().map(WebSocket::accepted).collect(),
            Err(err) => {
                sys::console::error(&format!("edgeapi: getWebSockets: {err}"));
                Vec::new()
            }
        }
    }
}

/// A message from the host's event, as a socket's listener or the hibernation API gives it:
/// a string, bytes, or `{code, reason}`; `None` for the end.
pub(crate) fn read_message(event: JsValue) -> Option<Message> {
    if let Some(text) = event.as_string() {
        return Some(Message::Text(text));
    }
    if event.is_instance_of::<js_sys::ArrayBuffer>() || event.is_instance_of::<js_sys::Uint8Array>()
    {
        return Some(Message::Binary(js_sys::Uint8Array::new(&event).to_vec()));
    }
    let code = sys::property(&event, "code")?.as_f64()? as u16;
    let reason = sys::property(&event, "reason")
        .and_then(|reason| reason.as_string())
        .unwrap_or_default();
    Some(Message::Close { code, reason })
}

/// Whether `request` asks for a WebSocket (`Upgrade: websocket`, any case).
fn wants_upgrade(request: &Request) -> bool {
    request
        .parts()
        .header("upgrade")
        .is_some_and(|upgrade| upgrade.trim().eq_ignore_ascii_case("websocket"))
}

/// Serves a WebSocket route: 426 without an upgrade, else a pair whose server end the
/// handler gets; 101 once it accepts, 403 if it returns first. The rest of the handler
/// runs on after the answer, as long as the connection does.
pub(crate) async fn upgrade<F, Fut>(request: Request, handler: Rc<F>) -> Response
where
    F: Fn(WebSocket) -> Fut + 'static,
    Fut: Future<Output = ()> + 'static,
{
    if !wants_upgrade(&request) {
        return HttpError::new(StatusCode::UPGRADE_REQUIRED, "Upgrade Required")
            .header("upgrade", "websocket")
            .into_response();
    }
    let Some((client, server)) = js::pair() else {
        return HttpError::logged(
            StatusCode::INTERNAL_SERVER_ERROR,
            "edgeapi: this host has no WebSocketPair; WebSocket routes run on workerd and Cloudflare Workers",
        )
        .into_response();
    };
    let inbox = match Inbox::listen(&server) {
        Ok(inbox) => Rc::new(inbox),
        Err(err) => {
            let why = format!("edgeapi: WebSocket: {}", sys::error_message(&err));
            return HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response();
        }
    };
    let (parts, _) = request.into_parts();
    let socket = WebSocket {
        socket: server,
        accepted: Rc::new(Cell::new(false)),
        inbox: Some(inbox),
        request: Some(Rc::new(parts)),
    };
    let accepted = Rc::clone(&socket.accepted);
    let inbox = socket.inbox.clone();
    let mut task = Box::pin(handler(socket));
    // Run the handler until it accepts or ends; what remains runs on by itself.
    let ended = poll_fn(|cx| match task.as_mut().poll(cx) {
        Poll::Ready(()) => Poll::Ready(true),
        Poll::Pending if accepted.get() => Poll::Ready(false),
        Poll::Pending => Poll::Pending,
    })
    .await;
    if !accepted.get() {
        return HttpError::new(StatusCode::FORBIDDEN, "Forbidden").into_response();
    }
    if !ended {
        let task = SocketTask::spawn(task);
        if let Some(inbox) = inbox {
            *inbox.task.borrow_mut() = Some(task);
        }
    }
    match js::upgrade_response(&client) {
        Ok(response) => Response::from_js(response),
        Err(err) => {
            let why = format!("edgeapi: WebSocket: {}", sys::error_message(&err));
            HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why).into_response()
        }
    }
}
