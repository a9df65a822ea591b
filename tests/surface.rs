//! The FastAPI surface natively: body, header and cookie extractors, state, middleware,
//! CORS and nested routers, through `App::dispatch` with requests built in Rust.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::{finish, json_of, send};
use edgeapi::cors::Cors;
use edgeapi::extract::Bytes;
use edgeapi::middleware::{from_fn, map_request, map_response, Next};
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Serialize, Deserialize)]
struct Item {
    name: String,
    description: Option<String>,
    price: f64,
    tax: Option<f64>,
}

fn post_json(path: &str, body: &str) -> Request {
    Request::new(Method::POST, path)
        .with_header("content-type", "application/json")
        .with_body(body)
}

fn body_app() -> App {
    App::new()
        .post("/items/", |Json(item): Json<Item>| Json(item))
        .post("/form", |Form(login): Form<Login>| login.username)
        .post("/bytes", |Bytes(body): Bytes| body.len().to_string())
        .post("/text", |text: String| text)
        .body_limit(64)
}

#[derive(Deserialize)]
struct Login {
    username: String,
    #[allow(dead_code)]
    password: String,
}

#[test]
fn json_body_round_trips() {
    let response = send(
        &body_app(),
        post_json("/items/", r#"{"name":"Foo","price":50.5}"#),
    );
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        json_of(&response),
        json!({"name": "Foo", "description": null, "price": 50.5, "tax": null})
    );
}

#[test]
fn json_body_with_a_sync_handler_answers_inline_natively() {
    // The body is already in memory, so the sync handler finishes on the first poll.
    let app = body_app();
    assert!(app
        .dispatch(post_json("/items/", r#"{"name":"Foo","price":1}"#))
        .is_ready());
}

#[test]
fn wrong_content_type_is_fastapi_model_attributes_type() {
    let request = Request::new(Method::POST, "/items/")
        .with_header("content-type", "text/plain")
        .with_body("name=Foo");
    let response = send(&body_app(), request);
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(&response),
        json!({"detail": [{
            "type": "model_attributes_type",
            "loc": ["body"],
            "msg": "Input should be a valid dictionary or object to extract fields from",
            "input": "name=Foo"
        }]})
    );
}

#[test]
fn empty_json_body_is_missing() {
    let response = send(&body_app(), post_json("/items/", ""));
    assert_eq!(
        json_of(&response),
        json!({"detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]})
    );
}

#[test]
fn bodies_over_the_limit_are_413() {
    let big = format!(r#"{{"name":"{}","price":1}}"#, "x".repeat(100));
    let response = send(&body_app(), post_json("/items/", &big));
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(&response), json!({"detail": "Payload Too Large"}));
}

#[test]
fn form_bodies() {
    let app = body_app();
    let form = |body: &str| {
        Request::new(Method::POST, "/form")
            .with_header("content-type", "application/x-www-form-urlencoded")
            .with_body(body.to_owned())
    };
    assert_eq!(
        send(&app, form("username=ana+b&password=x")).body(),
        b"ana b"
    );
    let response = send(&app, form("username=ana"));
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(&response),
        json!({"detail": [{"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": null}]})
    );
}

#[test]
fn raw_bodies() {
    let app = body_app();
    let post = |path: &str, body: Vec<u8>| Request::new(Method::POST, path).with_body(body);
    assert_eq!(
        send(&app, post("/bytes", vec![0, 159, 146, 150])).body(),
        b"4"
    );
    assert_eq!(send(&app, post("/text", b"hi".to_vec())).body(), b"hi");
    let response = send(&app, post("/text", vec![0xff, 0xfe]));
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_of(&response),
        json!({"detail": "The request body is not valid UTF-8"})
    );
}

#[derive(Deserialize)]
struct Client {
    user_agent: Option<String>,
    x_count: u32,
}

#[derive(Deserialize)]
struct Session {
    session: String,
}

#[test]
fn headers_and_cookies() {
    let app = App::new()
        .get("/client", |Header(client): Header<Client>| {
            format!("{:?} {}", client.user_agent, client.x_count)
        })
        .get("/session", |Cookie(session): Cookie<Session>| {
            session.session
        });

    let request = Request::new(Method::GET, "/client")
        .with_header("User-Agent", "curl/8")
        .with_header("X-Count", "3");
    assert_eq!(send(&app, request).body(), br#"Some("curl/8") 3"#);

    let response = send(
        &app,
        Request::new(Method::GET, "/client").with_header("x-count", "many"),
    );
    assert_eq!(
        json_of(&response),
        json!({"detail": [{
            "type": "int_parsing", "loc": ["header", "x-count"],
            "msg": "Input should be a valid integer, unable to parse string as an integer",
            "input": "many"
        }]})
    );

    let request = Request::new(Method::GET, "/session").with_header("cookie", "a=1; session=abc");
    assert_eq!(send(&app, request).body(), b"abc");
    let response = send(&app, Request::new(Method::GET, "/session"));
    assert_eq!(
        json_of(&response),
        json!({"detail": [{"type": "missing", "loc": ["cookie", "session"], "msg": "Field required", "input": null}]})
    );
}

#[derive(Clone, Default)]
struct Hits(Rc<Cell<u32>>);

#[test]
fn state_is_shared_by_requests() {
    let app = App::new()
        .state(Hits::default())
        .get("/hit", |State(hits): State<Hits>| {
            hits.0.set(hits.0.get() + 1);
            hits.0.get().to_string()
        });
    send(&app, Request::new(Method::GET, "/hit"));
    assert_eq!(send(&app, Request::new(Method::GET, "/hit")).body(), b"2");
}

#[test]
fn missing_state_is_a_500_not_a_panic() {
    let app = App::new().get("/hit", |State(hits): State<Hits>| hits.0.get().to_string());
    let response = send(&app, Request::new(Method::GET, "/hit"));
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        json_of(&response),
        json!({"detail": "Internal Server Error"})
    );
}

async fn timing(request: Request, next: Next) -> Response {
    let response = next.run(request).into_response().await;
    response.with_header("x-process-time", "0")
}

#[test]
fn middleware_runs_around_handlers_last_added_first() {
    let order = Rc::new(std::cell::RefCell::new(Vec::new()));
    let (first, second) = (order.clone(), order.clone());
    let app = App::new()
        .get("/", || "ok")
        .middleware(map_request(move |request: Request| {
            first.borrow_mut().push("inner");
            Ok::<_, StatusCode>(request)
        }))
        .middleware(map_request(move |request: Request| {
            second.borrow_mut().push("outer");
            Ok::<_, StatusCode>(request)
        }))
        .middleware(map_response(|response| {
            response.with_header("x-frame-options", "DENY")
        }));
    let outcome = app.dispatch(Request::new(Method::GET, "/"));
    assert!(
        outcome.is_ready(),
        "sync middleware keeps sync routes inline"
    );
    let response = finish(outcome.into_response());
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert_eq!(*order.borrow(), ["outer", "inner"]);
}

#[test]
fn middleware_can_answer_instead_and_wraps_404s() {
    let app = App::new()
        .get("/", || "ok")
        .middleware(from_fn(timing))
        .middleware(map_request(|request: Request| {
            if request.parts().header("x-block").is_some() {
                Err(HttpError::new(StatusCode::FORBIDDEN, "Blocked"))
            } else {
                Ok(request)
            }
        }));
    let blocked = send(
        &app,
        Request::new(Method::GET, "/").with_header("x-block", "1"),
    );
    assert_eq!(blocked.status(), StatusCode::FORBIDDEN);
    assert_eq!(blocked.header("x-process-time"), None);
    let missing = send(&app, Request::new(Method::GET, "/nope"));
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.header("x-process-time"), Some("0"));
}

fn cors_app(cors: Cors) -> App {
    App::new()
        .get("/", || "ok")
        .post("/", || "posted")
        .middleware(cors)
}

fn preflight(origin: &str, method: &str, headers: Option<&str>) -> Request {
    let request = Request::new(Method::OPTIONS, "/")
        .with_header("origin", origin)
        .with_header("access-control-request-method", method);
    match headers {
        Some(headers) => request.with_header("access-control-request-headers", headers),
        None => request,
    }
}

#[test]
fn cors_preflight_as_fastapi() {
    let app = cors_app(
        Cors::new()
            .allow_origins(["https://example.org"])
            .allow_methods(["GET", "POST"])
            .allow_headers(["X-Token"]),
    );
    let ok = send(
        &app,
        preflight("https://example.org", "POST", Some("x-token, content-type")),
    );
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.body(), b"OK");
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("https://example.org")
    );
    assert_eq!(ok.header("access-control-allow-methods"), Some("GET, POST"));
    assert_eq!(
        ok.header("access-control-allow-headers"),
        Some("Accept, Accept-Language, Content-Language, Content-Type, X-Token")
    );
    assert_eq!(ok.header("access-control-max-age"), Some("600"));
    assert_eq!(ok.header("vary"), Some("Origin"));

    let bad = send(
        &app,
        preflight("https://evil.example", "DELETE", Some("x-other")),
    );
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad.body(), b"Disallowed CORS origin, method, headers");
}

#[test]
fn cors_simple_requests_as_fastapi() {
    let any = cors_app(Cors::new().allow_origins(["*"]));
    let response = send(
        &any,
        Request::new(Method::GET, "/").with_header("origin", "https://a.example"),
    );
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));
    assert_eq!(response.header("vary"), None);

    let listed = cors_app(
        Cors::new()
            .allow_origins(["https://a.example"])
            .expose_headers(["X-Total"]),
    );
    let response = send(
        &listed,
        Request::new(Method::GET, "/").with_header("origin", "https://a.example"),
    );
    assert_eq!(
        response.header("access-control-allow-origin"),
        Some("https://a.example")
    );
    assert_eq!(
        response.header("access-control-expose-headers"),
        Some("X-Total")
    );
    assert_eq!(response.header("vary"), Some("Origin"));

    let other = send(
        &listed,
        Request::new(Method::GET, "/").with_header("origin", "https://b.example"),
    );
    assert_eq!(other.header("access-control-allow-origin"), None);
    let no_origin = send(&listed, Request::new(Method::GET, "/"));
    assert_eq!(no_origin.header("access-control-allow-origin"), None);
}

#[test]
fn nested_routers() {
    let items = Router::new()
        .get("/", || "list")
        .get("/{id}", |Path(id): Path<u32>| id.to_string());
    let v1 = Router::new().include_router("/items", items);
    let app = App::new().include_router("/v1", v1);
    assert_eq!(
        send(&app, Request::new(Method::GET, "/v1/items/")).body(),
        b"list"
    );
    assert_eq!(
        send(&app, Request::new(Method::GET, "/v1/items/7")).body(),
        b"7"
    );
    assert_eq!(
        send(&app, Request::new(Method::GET, "/items/7")).status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn responses() {
    let app = App::new()
        .get("/html", || Html("<p>hi</p>"))
        .get("/go", || Redirect::to("/html"))
        .get("/login", || {
            (
                StatusCode::CREATED,
                [SetCookie::new("session", "abc").http_only().header()],
                "in",
            )
        });
    let html = send(&app, Request::new(Method::GET, "/html"));
    assert_eq!(
        html.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let go = send(&app, Request::new(Method::GET, "/go"));
    assert_eq!(go.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(go.header("location"), Some("/html"));
    let login = send(&app, Request::new(Method::GET, "/login"));
    assert_eq!(login.status(), StatusCode::CREATED);
    assert_eq!(
        login.header("set-cookie"),
        Some("session=abc; HttpOnly; Path=/; SameSite=lax")
    );
}

#[test]
fn validation_errors_convert_to_http_errors_with_the_same_body() {
    let err: HttpError =
        ValidationError::from(ErrorItem::new("missing", "Field required").at(["query", "q"]))
            .into();
    let response = err.into_response();
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(&response),
        json!({"detail": [{"type": "missing", "loc": ["query", "q"], "msg": "Field required", "input": null}]})
    );
}

#[derive(Debug)]
struct OutOfStock(String);

impl IntoResponse for OutOfStock {
    fn into_response(self) -> Response {
        HttpError::new(StatusCode::CONFLICT, "out of stock")
            .into_response()
            .with_error(self)
    }
}

#[test]
fn error_handlers_answer_by_error_type() {
    let app = App::new()
        .get("/items/{id}", |Path(id): Path<u32>| id.to_string())
        .get("/buy", || -> Result<&'static str, OutOfStock> {
            Err(OutOfStock("tea".into()))
        })
        .error_handler(|err: ValidationError| {
            (
                StatusCode::BAD_REQUEST,
                format!("{} problem(s)", err.items().len()),
            )
        })
        .error_handler(|err: OutOfStock| {
            (
                StatusCode::GONE,
                Json(json!({"detail": format!("no more {}", err.0)})),
            )
        });
    let bad = send(&app, Request::new(Method::GET, "/items/x"));
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(bad.body(), b"1 problem(s)");
    let gone = send(&app, Request::new(Method::GET, "/buy"));
    assert_eq!(gone.status(), StatusCode::GONE);
    assert_eq!(json_of(&gone), json!({"detail": "no more tea"}));
    // Errors without a handler keep their own answer.
    assert_eq!(
        send(&app, Request::new(Method::GET, "/nope")).status(),
        StatusCode::NOT_FOUND
    );
}

#[test]
fn an_http_error_handler_sees_404s_too() {
    let app = App::new()
        .get("/", || "ok")
        .error_handler(|err: HttpError| (err.status(), format!("custom: {}", err.detail())));
    let missing = send(&app, Request::new(Method::GET, "/nope"));
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(missing.body(), br#"custom: "Not Found""#);
}

#[derive(Deserialize)]
struct Settings {
    retries: u32,
}

/// `?` on any error: FastAPI answers an unhandled exception 500; the SDK's own errors keep
/// their answers.
fn settings(text: String) -> Result<String, edgeapi::Error> {
    let settings: Settings = serde_json::from_str(&text)?;
    if settings.retries > 5 {
        Err(HttpError::new(StatusCode::BAD_REQUEST, "Too many retries"))?;
    }
    if settings.retries == 5 {
        Err(edgeapi::fetch::FetchError::Status(
            StatusCode::SERVICE_UNAVAILABLE,
        ))?;
    }
    Ok(settings.retries.to_string())
}

#[test]
fn question_mark_on_any_error_is_a_500_and_sdk_errors_keep_their_answers() {
    let app = App::new().post("/settings", settings);
    let post = |body: &str| {
        send(
            &app,
            Request::new(Method::POST, "/settings").with_body(body),
        )
    };
    assert_eq!(post(r#"{"retries": 2}"#).body(), b"2");
    let broken = post("{not json");
    assert_eq!(broken.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(json_of(&broken), json!({"detail": "Internal Server Error"}));
    let refused = post(r#"{"retries": 9}"#);
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&refused), json!({"detail": "Too many retries"}));
    let upstream = post(r#"{"retries": 5}"#);
    assert_eq!(upstream.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(json_of(&upstream), json!({"detail": "Bad Gateway"}));
}
