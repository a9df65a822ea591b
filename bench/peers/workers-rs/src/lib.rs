//! The workers-rs peer: `GET /hello` and `GET /items/{id}?q=` as the `worker` crate's
//! README writes a router, and a WebSocket echo (`GET /ws/echo`) as its docs write one.

use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use worker::{
    event, Context, Env, Request, Response, Result, Router, WebSocketPair, WebsocketEvent,
};

#[derive(Serialize)]
struct Message {
    message: &'static str,
}

#[derive(Deserialize)]
struct Search {
    q: Option<String>,
}

#[derive(Serialize)]
struct Item {
    item_id: i64,
    q: Option<String>,
}

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    Router::new()
        .get("/hello", |_, _| {
            Response::from_json(&Message {
                message: "Hello World",
            })
        })
        .get("/items/:item_id", |req, ctx| {
            let Some(Ok(item_id)) = ctx.param("item_id").map(|id| id.parse::<i64>()) else {
                return Response::error("item_id must be an integer", 422);
            };
            let search: Search = req.query()?;
            Response::from_json(&Item {
                item_id,
                q: search.q,
            })
        })
        .get("/ws/echo", |req, _| {
            if req.headers().get("upgrade")?.as_deref() != Some("websocket") {
                return Response::error("Upgrade Required", 426);
            }
            let pair = WebSocketPair::new()?;
            let server = pair.server;
            server.accept()?;
            wasm_bindgen_futures::spawn_local(async move {
                let Ok(mut events) = server.events() else { return };
                while let Some(Ok(event)) = events.next().await {
                    match event {
                        WebsocketEvent::Message(message) => {
                            if let Some(text) = message.text() {
                                let _ = server.send_with_str(text);
                            } else if let Some(bytes) = message.bytes() {
                                let _ = server.send_with_bytes(bytes);
                            }
                        }
                        WebsocketEvent::Close(close) => {
                            let _ = server.close(Some(close.code()), Some(close.reason()));
                            break;
                        }
                    }
                }
            });
            Response::from_websocket(pair.client)
        })
        .run(req, env)
        .await
}
