//! The workers-rs peer: `GET /hello` and `GET /items/{id}?q=` as the `worker` crate's
//! README writes a router.

use serde::{Deserialize, Serialize};
use worker::{event, Context, Env, Request, Response, Result, Router};

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
        .run(req, env)
        .await
}
