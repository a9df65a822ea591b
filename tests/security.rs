//! `edgeapi::security`, natively: each helper's answers as FastAPI 0.165 gives them
//! (fastapi/security/*.py): the 401, its `WWW-Authenticate` challenge, `auto_error=False`
//! as `Option`, and the security schemes in the OpenAPI document.

mod common;

use common::{json_of, send};
use edgeapi::prelude::*;
use edgeapi::security::{
    ApiKeyCookie, ApiKeyHeader, ApiKeyName, ApiKeyQuery, HttpBasic, HttpBearer, HttpScheme,
    OAuth2PasswordBearer, OAuth2PasswordRequestForm, TokenUrl,
};
use serde_json::json;

struct Login;
impl TokenUrl for Login {
    const TOKEN_URL: &'static str = "token";
}

struct XKey;
impl ApiKeyName for XKey {
    const NAME: &'static str = "x-key";
}

struct Realm;
impl HttpScheme for Realm {
    const REALM: Option<&'static str> = Some("simple");
}

fn app() -> App {
    App::new()
        .get("/oauth2", |b: OAuth2PasswordBearer<Login>| b.token)
        .get(
            "/oauth2/optional",
            |b: Option<OAuth2PasswordBearer<Login>>| format!("{:?}", b.map(|b| b.token)),
        )
        .get("/basic", |b: HttpBasic| {
            format!("{}:{}", b.username, b.password)
        })
        .get("/basic/realm", |b: HttpBasic<Realm>| b.username)
        .get("/basic/optional", |b: Option<HttpBasic>| {
            format!("{:?}", b.map(|b| b.username))
        })
        .get("/bearer", |b: HttpBearer| {
            format!("{} {}", b.scheme, b.credentials)
        })
        .get("/bearer/optional", |b: Option<HttpBearer>| {
            format!("{:?}", b.map(|b| b.credentials))
        })
        .get("/key/header", |k: ApiKeyHeader<XKey>| k.key)
        .get("/key/query", |k: ApiKeyQuery<XKey>| k.key)
        .get("/key/cookie", |k: ApiKeyCookie<XKey>| k.key)
        .get("/key/optional", |k: Option<ApiKeyHeader<XKey>>| {
            format!("{:?}", k.map(|k| k.key))
        })
        .post("/token", |form: OAuth2PasswordRequestForm| {
            Json(json!({
                "grant_type": form.grant_type,
                "username": form.username,
                "password": form.password,
                "scopes": form.scopes,
                "client_id": form.client_id,
                "client_secret": form.client_secret,
            }))
        })
}

fn get(path: &str, headers: &[(&str, &str)]) -> Response {
    let mut request = Request::new(Method::GET, path);
    for (name, value) in headers {
        request = request.with_header(name, value);
    }
    send(&app(), request)
}

fn text(response: &Response) -> &str {
    std::str::from_utf8(response.body()).expect("UTF-8")
}

/// Asserts FastAPI's 401 with the given challenge.
fn assert_401(response: &Response, challenge: &str) {
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{response:?}");
    assert_eq!(json_of(response), json!({"detail": "Not authenticated"}));
    assert_eq!(response.header("www-authenticate"), Some(challenge));
}

#[test]
fn oauth2_password_bearer_reads_the_bearer_token() {
    assert_401(&get("/oauth2", &[]), "Bearer");
    assert_401(&get("/oauth2", &[("authorization", "")]), "Bearer");
    assert_401(
        &get("/oauth2", &[("authorization", "Basic YTpi")]),
        "Bearer",
    );
    assert_401(
        &get("/oauth2", &[("authorization", "Bearertoken")]),
        "Bearer",
    );
    assert_eq!(
        text(&get("/oauth2", &[("authorization", "Bearer abc")])),
        "abc"
    );
    assert_eq!(
        text(&get("/oauth2", &[("authorization", "bEaReR  a b ")])),
        "a b"
    );
    // FastAPI hands an empty token to the dependency.
    let empty = get("/oauth2", &[("authorization", "Bearer")]);
    assert_eq!((empty.status(), text(&empty)), (StatusCode::OK, ""));
    assert_eq!(text(&get("/oauth2/optional", &[])), "None");
    let some = get("/oauth2/optional", &[("authorization", "Bearer t")]);
    assert_eq!(text(&some), "Some(\"t\")");
}

#[test]
fn http_basic_decodes_credentials_as_python_does() {
    assert_401(&get("/basic", &[]), "Basic");
    assert_401(&get("/basic", &[("authorization", "Bearer x")]), "Basic");
    // "john:secret", and the password keeps its colons.
    let ok = get("/basic", &[("authorization", "Basic am9objpzZWNyZXQ=")]);
    assert_eq!(text(&ok), "john:secret");
    let colons = get("/basic", &[("authorization", "basic YTpiOmM=")]);
    assert_eq!(text(&colons), "a:b:c");
    // Not base64, no colon, not ASCII: 401, even with auto_error=False.
    for bad in ["Basic YQ", "Basic YWJj", "Basic w6k6w6k=", "Basic"] {
        assert_401(&get("/basic", &[("authorization", bad)]), "Basic");
        assert_401(&get("/basic/optional", &[("authorization", bad)]), "Basic");
    }
    assert_401(&get("/basic/realm", &[]), "Basic realm=\"simple\"");
    assert_eq!(text(&get("/basic/optional", &[])), "None");
    assert_eq!(
        text(&get("/basic/optional", &[("authorization", "Other x")])),
        "None"
    );
}

#[test]
fn http_bearer_wants_a_scheme_and_credentials() {
    assert_401(&get("/bearer", &[]), "Bearer");
    assert_401(&get("/bearer", &[("authorization", "Bearer")]), "Bearer");
    assert_401(&get("/bearer", &[("authorization", "Basic abc")]), "Bearer");
    assert_eq!(
        text(&get("/bearer", &[("authorization", "bearer tok")])),
        "bearer tok"
    );
    assert_eq!(
        text(&get("/bearer/optional", &[("authorization", "Basic x")])),
        "None"
    );
    assert_eq!(
        text(&get("/bearer/optional", &[("authorization", "Bearer x")])),
        "Some(\"x\")"
    );
}

#[test]
fn api_keys_come_from_a_header_the_query_or_a_cookie() {
    assert_401(&get("/key/header", &[]), "APIKey");
    assert_401(&get("/key/header", &[("x-key", "")]), "APIKey");
    assert_eq!(text(&get("/key/header", &[("x-key", "k1")])), "k1");
    assert_401(&get("/key/query", &[]), "APIKey");
    assert_401(&get("/key/query?x-key=", &[]), "APIKey");
    // The last of repeated query parameters, as Starlette's `query_params.get`.
    assert_eq!(text(&get("/key/query?x-key=a&x-key=b%20c", &[])), "b c");
    assert_401(&get("/key/cookie", &[("cookie", "other=1")]), "APIKey");
    assert_eq!(
        text(&get("/key/cookie", &[("cookie", "a=1; x-key=c1")])),
        "c1"
    );
    assert_eq!(text(&get("/key/optional", &[])), "None");
}

fn form(body: &str) -> Response {
    let request = Request::new(Method::POST, "/token")
        .with_header("content-type", "application/x-www-form-urlencoded")
        .with_body(body);
    send(&app(), request)
}

#[test]
fn the_password_form_reads_fastapis_fields() {
    let ok = form("username=alice&password=secret&scope=me%20items&grant_type=password");
    assert_eq!(
        json_of(&ok),
        json!({
            "grant_type": "password", "username": "alice", "password": "secret",
            "scopes": ["me", "items"], "client_id": null, "client_secret": null,
        })
    );
    // FastAPI's answer to a form without its required fields.
    let missing = form("scope=x");
    assert_eq!(missing.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        json_of(&missing)["detail"],
        json!([
            {"type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": null},
            {"type": "missing", "loc": ["body", "password"], "msg": "Field required", "input": null},
        ])
    );
    // A wrong grant_type is listed with the missing fields, in declaration order.
    let grant = form("grant_type=other&password=b");
    assert_eq!(
        json_of(&grant)["detail"],
        json!([
            {
                "type": "string_pattern_mismatch", "loc": ["body", "grant_type"],
                "msg": "String should match pattern '^password$'", "input": "other",
                "ctx": {"pattern": "^password$"},
            },
            {"type": "missing", "loc": ["body", "username"], "msg": "Field required", "input": null},
        ])
    );
}

#[cfg(feature = "openapi")]
#[test]
fn each_helper_puts_fastapis_security_scheme_in_the_document() {
    let doc: serde_json::Value = serde_json::from_str(app().openapi_json()).expect("JSON");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        schemes,
        &json!({
            "OAuth2PasswordBearer": {"type": "oauth2", "flows": {"password": {"scopes": {}, "tokenUrl": "token"}}},
            "HTTPBasic": {"type": "http", "scheme": "basic"},
            "HTTPBearer": {"type": "http", "scheme": "bearer"},
            "APIKeyHeader": {"type": "apiKey", "in": "header", "name": "x-key"},
            "APIKeyQuery": {"type": "apiKey", "in": "query", "name": "x-key"},
            "APIKeyCookie": {"type": "apiKey", "in": "cookie", "name": "x-key"},
        })
    );
    assert_eq!(
        doc["paths"]["/oauth2"]["get"]["security"],
        json!([{"OAuth2PasswordBearer": []}])
    );
    assert_eq!(
        doc["paths"]["/key/optional"]["get"]["security"],
        json!([{"APIKeyHeader": []}])
    );
    let body = &doc["paths"]["/token"]["post"]["requestBody"];
    assert_eq!(
        body["content"]["application/x-www-form-urlencoded"]["schema"],
        json!({"$ref": "#/components/schemas/OAuth2PasswordRequestForm"})
    );
    let form = &doc["components"]["schemas"]["OAuth2PasswordRequestForm"];
    assert_eq!(form["required"], json!(["username", "password"]));
    assert_eq!(form["properties"]["password"]["format"], "password");
}
