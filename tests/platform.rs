//! The platform half where Node and Chromium can run it: a WebSocket route's 426, the
//! bindings these hosts do not have (queues, Durable Objects) answering the documented 500,
//! and a cron event handed to the app as workerd hands it (`scheduled(event, env, ctx)`).
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use edgeapi::prelude::*;
use edgeapi::testing::TestRequest;
use edgeapi::websocket::WebSocket;
use edgeapi::ScheduledEvent;
use serde_json::{json, Value};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

async fn hello(socket: WebSocket) {
    if socket.accept().is_ok() {
        let _ = socket.send_text("hello");
    }
}

async fn enqueue(env: Env) -> Result<StatusCode, edgeapi::Error> {
    env.queue("JOBS")?.send(&json!({"task": "x"})).await?;
    Ok(StatusCode::ACCEPTED)
}

async fn counter(env: Env) -> Result<String, edgeapi::Error> {
    let stub = env.durable_object("COUNTER")?.by_name("a")?;
    Ok(stub.fetch(edgeapi::fetch::get("/")).await?.text())
}

fn app() -> App {
    App::new()
        .websocket("/ws", hello)
        .post("/jobs", enqueue)
        .get("/counter", counter)
}

#[wasm_bindgen_test]
async fn a_socket_route_answers_426_to_a_plain_request() {
    let response = app().request(TestRequest::get("/ws")).await;
    assert_eq!(response.status(), 426);
    assert_eq!(
        response.json::<Value>(),
        json!({"detail": "Upgrade Required"})
    );
}

#[wasm_bindgen_test]
async fn without_queues_or_durable_objects_the_routes_answer_the_documented_500() {
    for request in [TestRequest::post("/jobs"), TestRequest::get("/counter")] {
        let response = app().request(request).await;
        assert_eq!(response.status(), 500);
        assert_eq!(
            response.json::<Value>(),
            json!({"detail": "Internal Server Error"})
        );
    }
}

/// A `ScheduledController` as workerd passes it.
fn controller(cron: &str, time: f64) -> JsValue {
    let event = js_sys::Object::new();
    js_sys::Reflect::set(&event, &"cron".into(), &cron.into()).unwrap();
    js_sys::Reflect::set(&event, &"scheduledTime".into(), &time.into()).unwrap();
    event.into()
}

#[wasm_bindgen_test]
async fn a_cron_event_reaches_the_handler_and_its_error_rejects() {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let record = Rc::clone(&seen);
    let app = App::new().scheduled(move |event: ScheduledEvent, _env: Env, _ctx: Ctx| {
        let record = Rc::clone(&record);
        async move {
            edgeapi::sleep(std::time::Duration::from_millis(5)).await;
            record
                .borrow_mut()
                .push((event.cron().to_owned(), event.scheduled_time_ms()));
            if event.cron() == "fail" {
                Err("the handler failed on purpose")
            } else {
                Ok(())
            }
        }
    });
    let done = app.scheduled_event(
        controller("*/5 * * * *", 1_764_700_000_000.0),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    JsFuture::from(done).await.expect("the event succeeds");
    let failed = app.scheduled_event(
        controller("fail", 1.0),
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    );
    let error = JsFuture::from(failed).await.expect_err("the event fails");
    let message = js_sys::Error::from(error).message();
    assert!(String::from(message).contains("the handler failed on purpose"));
    assert_eq!(
        *seen.borrow(),
        [
            ("*/5 * * * *".to_owned(), 1_764_700_000_000),
            ("fail".to_owned(), 1)
        ]
    );
}

#[wasm_bindgen_test]
async fn an_event_the_app_has_no_handler_for_is_refused() {
    let refused = App::new().queue_batch(JsValue::NULL, JsValue::UNDEFINED, JsValue::UNDEFINED);
    let error = JsFuture::from(refused).await.expect_err("no consumer");
    let message = String::from(js_sys::Error::from(error).message());
    assert!(message.contains("no App::queue handler"), "{message}");
}
