//! WebSockets: an echo in the worker (`App::websocket`), and chat rooms, one Durable Object
//! `Room` per name, holding its members' sockets with workerd's hibernation API.

use std::rc::Rc;

use edgeapi::prelude::*;
use edgeapi::websocket::{Message, WebSocket};
use edgeapi::{DurableObject, ObjectState};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};

/// `GET /ws/echo`: every text and binary message comes back unchanged; a close is answered
/// with the same code.
async fn echo(socket: WebSocket) {
    if socket.accept().is_err() {
        return;
    }
    let mut messages = socket.recv();
    while let Some(message) = messages.next().await {
        let sent = match message {
            Message::Text(text) => socket.send_text(&text),
            Message::Binary(bytes) => socket.send_bytes(&bytes),
            Message::Close { code, reason } => {
                // 1005 says the peer gave no code; it may not be sent back.
                let code = if code == 1005 { 1000 } else { code };
                socket.close(code, &reason)
            }
        };
        if sent.is_err() {
            return;
        }
    }
}

/// `GET /ws/panic`: accepts, then panics on the first message; for the recovery test.
async fn panic_on_message(socket: WebSocket) {
    if socket.accept().is_err() {
        return;
    }
    if socket.recv().next().await.is_some() {
        panic!("the socket handler panics on purpose");
    }
}

/// What a room keeps with each member's socket, through hibernation.
#[derive(Serialize, Deserialize)]
struct Member {
    number: u32,
}

/// A message relayed to the other members.
#[derive(Serialize)]
struct Said<'a> {
    from: u32,
    text: &'a str,
}

/// The Durable Object: one per room name.
pub struct Room {
    state: ObjectState,
}

/// `GET /join` in the room: takes the socket with the hibernation API and numbers the
/// member (1, 2, 3, ... in the order they joined).
async fn join(state: ObjectState, request: Request) -> Result<Response, edgeapi::Error> {
    let upgrade = request.parts().header("upgrade").unwrap_or_default();
    if !upgrade.eq_ignore_ascii_case("websocket") {
        Err(
            HttpError::new(StatusCode::UPGRADE_REQUIRED, "Upgrade Required")
                .header("upgrade", "websocket"),
        )?;
    }
    let storage = state.storage();
    let number = storage.get::<u32>("members").await?.unwrap_or(0) + 1;
    storage.put("members", &number).await?;
    let (socket, response) = state.accept_websocket(&[])?;
    socket.set_attachment(&Member { number })?;
    Ok(response)
}

impl DurableObject for Room {
    fn new(state: ObjectState, _env: Env) -> Self {
        Room { state }
    }

    fn app(self: Rc<Self>) -> App {
        App::new().get("/join", join)
    }

    /// A member's text reaches every other member of the room.
    async fn websocket_message(
        self: Rc<Self>,
        socket: WebSocket,
        message: Message,
    ) -> Result<(), edgeapi::Error> {
        let Message::Text(text) = message else {
            return Ok(());
        };
        let Some(Member { number }) = socket.attachment() else {
            return Ok(());
        };
        let said = Said {
            from: number,
            text: &text,
        };
        for other in self.state.websockets(None) {
            if other != socket {
                // A member whose socket is closing misses the message; the others do not.
                let _ = other.send_json(&said);
            }
        }
        Ok(())
    }
}

/// `GET /ws/rooms/{room}`: the client's upgrade, handed to the room's object. A WebSocket
/// route, so not in the document (as `App::websocket`'s are not).
#[edgeapi::openapi(include_in_schema = false)]
async fn room(
    env: Env,
    Path(room): Path<String>,
    request: Request,
) -> Result<Response, edgeapi::Error> {
    let room = env.durable_object("ROOM")?.by_name(&room)?;
    Ok(room.forward(request, "/join").await?)
}

/// The WebSocket routes, added to `app`.
pub fn routes(app: App) -> App {
    app.websocket("/ws/echo", echo)
        .websocket("/ws/panic", panic_on_message)
        .get("/ws/rooms/{room}", room)
}
