//! Every storage call of edgeapi behind a route, for `tests/e2e/storage-api.test.js` on
//! workerd: D1 (exec, batch, constraint errors, types), R2 (head, list, metadata, bytes), KV
//! (TTL, metadata, bytes, JSON) and named caches; and `/bench/decode`, which times D1 row
//! decoding both ways for `make bench`.

use std::collections::BTreeMap;

use edgeapi::bindings::{Constraint, D1Error, HttpMetadata, KvKeys, R2Object};
use edgeapi::cache::Cache;
use edgeapi::extract::Bytes;
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

fn hello() -> &'static str {
    "ok"
}

// ---- D1 -------------------------------------------------------------------------------

/// One statement a line, as D1's `exec` takes them.
const SCHEMA: &str = "DROP TABLE IF EXISTS users;
CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, age INTEGER CHECK (age >= 0));
DROP TABLE IF EXISTS rows;
CREATE TABLE rows (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, author TEXT, created_ms INTEGER NOT NULL, score REAL NOT NULL, done INTEGER NOT NULL);";

#[derive(Serialize)]
struct Ran {
    statements: u32,
}

/// Creates the tables with `exec`, as a migration would.
async fn setup(env: Env) -> Result<Json<Ran>, Response> {
    let statements = env
        .d1("DB")
        .map_err(IntoResponse::into_response)?
        .exec(SCHEMA)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Json(Ran { statements }))
}

#[derive(Deserialize, Serialize)]
struct NewUser {
    name: Option<String>,
    age: Option<i64>,
}

#[derive(Deserialize, Serialize, Debug)]
struct User {
    id: i64,
    name: String,
    age: Option<i64>,
}

/// How the app turns constraint failures into answers: a taken name is 409, a refused
/// value 422; anything else stays the documented 500.
fn refused(err: D1Error) -> Response {
    match err.constraint() {
        Some(Constraint::Unique) => {
            HttpError::new(StatusCode::CONFLICT, "Name taken").into_response()
        }
        Some(Constraint::Check | Constraint::NotNull) => {
            ValidationError::from(ErrorItem::value_error(err).at(["body"])).into_response()
        }
        _ => err.into_response(),
    }
}

const INSERT_USER: &str = "INSERT INTO users (name, age) VALUES (?1, ?2) RETURNING id, name, age";

async fn create_user(
    env: Env,
    Json(user): Json<NewUser>,
) -> Result<(StatusCode, Json<User>), Response> {
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    let created = db
        .prepare(INSERT_USER)
        .bind((&user.name, user.age))
        .first::<User>()
        .await
        .map_err(refused)?
        .ok_or_else(|| StatusCode::INTERNAL_SERVER_ERROR.into_response())?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[derive(Serialize)]
struct Batched {
    ids: Vec<i64>,
    changes: Vec<u64>,
}

/// Inserts every user in one batch: all of them, or none.
async fn create_users(
    env: Env,
    Json(users): Json<Vec<NewUser>>,
) -> Result<(StatusCode, Json<Batched>), Response> {
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    let statements = users
        .iter()
        .map(|user| db.prepare(INSERT_USER).bind((&user.name, user.age)));
    let results = db.batch(statements).await.map_err(refused)?;
    let mut ids = Vec::new();
    for result in &results {
        let rows = result.rows::<User>().map_err(IntoResponse::into_response)?;
        ids.extend(rows.iter().map(|user| user.id));
    }
    let changes = results.iter().map(|result| result.info().changes).collect();
    Ok((StatusCode::CREATED, Json(Batched { ids, changes })))
}

async fn list_users(env: Env) -> Result<Json<Vec<User>>, Response> {
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    let users = db
        .prepare("SELECT id, name, age FROM users ORDER BY id")
        .all::<User>()
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Json(users))
}

#[derive(Deserialize, Serialize)]
struct Renamed {
    changes: u64,
    last_row_id: i64,
}

async fn rename_all(env: Env, Path(suffix): Path<String>) -> Result<Json<Renamed>, Response> {
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    let info = db
        .prepare("UPDATE users SET name = name || ?1")
        .bind(suffix)
        .run()
        .await
        .map_err(refused)?;
    Ok(Json(Renamed {
        changes: info.changes,
        last_row_id: info.last_row_id,
    }))
}

#[derive(Deserialize, Serialize)]
struct Values {
    text: String,
    int: i64,
    real: f64,
    flag: i64,
    missing: Option<String>,
    blob: Vec<u8>,
    max_safe: i64,
}

/// Values of every kind, bound and read back.
async fn values(env: Env) -> Result<Json<Values>, Response> {
    let db = env.d1("DB").map_err(IntoResponse::into_response)?;
    let row = db
        .prepare(
            "SELECT ?1 AS text, ?2 AS int, ?3 AS real, ?4 AS flag, ?5 AS missing, \
             x'00ff10' AS blob, ?6 AS max_safe",
        )
        .bind((
            "NUL\0 'quote' 🦀",
            -42,
            1.5,
            true,
            None::<String>,
            (1_i64 << 53) - 1,
        ))
        .first::<Values>()
        .await
        .map_err(IntoResponse::into_response)?;
    row.map(Json)
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())
}

#[derive(Serialize)]
struct Failure {
    kind: &'static str,
    constraint: Option<String>,
    message: String,
}

fn describe(err: &D1Error) -> Failure {
    let kind = match err {
        D1Error::Constraint(..) => "constraint",
        D1Error::Bind(_) => "bind",
        D1Error::Query(_) => "query",
        D1Error::Decode(_) => "decode",
        _ => "other",
    };
    Failure {
        kind,
        constraint: err.constraint().map(|c| format!("{c:?}")),
        message: err.to_string(),
    }
}

/// Each way a D1 call can fail, as `?answer=1` answers it (the documented 500) or as a
/// description of the error.
async fn failures(env: Env, Path(case): Path<String>, Query(how): Query<How>) -> Response {
    let db = match env.d1("DB") {
        Ok(db) => db,
        Err(err) => return err.into_response(),
    };
    let err = match case.as_str() {
        "syntax" => db.prepare("SELEC 1").all::<User>().await.err(),
        "no-table" => db
            .prepare("SELECT * FROM nowhere")
            .all::<User>()
            .await
            .err(),
        "decode" => db
            .prepare("SELECT 'x' AS id, 1 AS name")
            .first::<User>()
            .await
            .err(),
        "bind-map" => {
            let map = BTreeMap::from([("a", 1)]);
            db.prepare("SELECT ?1").bind((map,)).run().await.err()
        }
        "bind-big" => db.prepare("SELECT ?1").bind(1_u64 << 60).run().await.err(),
        "bind-count" => db.prepare("SELECT ?1, ?2").bind((1,)).run().await.err(),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    match (err, how.answer) {
        (None, _) => (StatusCode::OK, "no error").into_response(),
        (Some(err), true) => err.into_response(),
        (Some(err), false) => Json(describe(&err)).into_response(),
    }
}

#[derive(Deserialize)]
struct How {
    #[serde(default)]
    answer: bool,
}

/// `env.d1` on a missing binding, and on one that is not a D1 database.
async fn wrong_binding(env: Env, Path(name): Path<String>) -> Result<&'static str, HttpError> {
    env.d1(&name)?;
    Ok("bound")
}

// ---- R2 -------------------------------------------------------------------------------

#[derive(Serialize)]
struct ObjectInfo {
    key: String,
    size: u64,
    etag: String,
    http_etag: String,
    uploaded_ms: f64,
    version: String,
    http_metadata: HttpMetadata,
    custom_metadata: BTreeMap<String, String>,
}

fn info(object: &R2Object) -> ObjectInfo {
    ObjectInfo {
        key: object.key.clone(),
        size: object.size,
        etag: object.etag.clone(),
        http_etag: object.http_etag.clone(),
        uploaded_ms: object.uploaded_ms,
        version: object.version.clone(),
        http_metadata: object.http_metadata.clone(),
        custom_metadata: object.custom_metadata.clone(),
    }
}

/// Stores the body's bytes with custom metadata and a cache-control header.
async fn put_object(
    env: Env,
    Path(key): Path<String>,
    Bytes(body): Bytes,
) -> Result<Json<ObjectInfo>, Response> {
    let mut http = HttpMetadata::default();
    http.content_type = Some("application/x-test".into());
    http.cache_control = Some("max-age=5".into());
    http.content_disposition = Some("attachment".into());
    let stored = env
        .r2("FILES")
        .map_err(IntoResponse::into_response)?
        .put(&key, body)
        .http_metadata(http)
        .custom_metadata([("owner", "ada"), ("note", "ünïcode ✓")])
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Json(info(&stored)))
}

async fn put_text(
    env: Env,
    Path(key): Path<String>,
    text: String,
) -> Result<Json<ObjectInfo>, Response> {
    let stored = env
        .r2("FILES")
        .map_err(IntoResponse::into_response)?
        .put(&key, text)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Json(info(&stored)))
}

async fn head_object(env: Env, Path(key): Path<String>) -> Result<Json<ObjectInfo>, Response> {
    let found = env
        .r2("FILES")
        .map_err(IntoResponse::into_response)?
        .head(&key)
        .await
        .map_err(IntoResponse::into_response)?;
    found
        .map(|object| Json(info(&object)))
        .ok_or_else(|| StatusCode::NOT_FOUND.into_response())
}

/// The body read into wasm memory (`R2Body::bytes`), and the range read with it.
async fn object_bytes(
    env: Env,
    Path(key): Path<String>,
    request: Request,
) -> Result<Response, Response> {
    let found = env
        .r2("FILES")
        .map_err(IntoResponse::into_response)?
        .get(&key)
        .headers(request.parts().headers())
        .await
        .map_err(IntoResponse::into_response)?;
    match found {
        Some(edgeapi::bindings::R2Get::Found(body)) => {
            let range = format!("{:?}", body.range());
            let bytes = body.bytes().await.map_err(IntoResponse::into_response)?;
            Ok((
                [("x-range", range)],
                edgeapi::Blob("application/octet-stream", bytes),
            )
                .into_response())
        }
        Some(other) => Ok(other.into_response()),
        None => Err(StatusCode::NOT_FOUND.into_response()),
    }
}

#[derive(Deserialize)]
struct Listing {
    prefix: Option<String>,
    cursor: Option<String>,
    limit: Option<u32>,
    delimiter: Option<String>,
    #[serde(default)]
    metadata: bool,
}

#[derive(Serialize)]
struct Listed {
    objects: Vec<ObjectInfo>,
    truncated: bool,
    cursor: Option<String>,
    prefixes: Vec<String>,
}

async fn list_objects(env: Env, Query(listing): Query<Listing>) -> Result<Json<Listed>, Response> {
    let bucket = env.r2("FILES").map_err(IntoResponse::into_response)?;
    let mut list = bucket.list();
    if let Some(prefix) = &listing.prefix {
        list = list.prefix(prefix);
    }
    if let Some(cursor) = &listing.cursor {
        list = list.cursor(cursor);
    }
    if let Some(limit) = listing.limit {
        list = list.limit(limit);
    }
    if let Some(delimiter) = &listing.delimiter {
        list = list.delimiter(delimiter);
    }
    if listing.metadata {
        list = list.include_metadata();
    }
    let page = list.await.map_err(IntoResponse::into_response)?;
    Ok(Json(Listed {
        objects: page.objects.iter().map(info).collect(),
        truncated: page.truncated,
        cursor: page.cursor,
        prefixes: page.delimited_prefixes,
    }))
}

async fn delete_object(env: Env, Path(key): Path<String>) -> Result<StatusCode, Response> {
    let bucket = env.r2("FILES").map_err(IntoResponse::into_response)?;
    bucket
        .delete(&key)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StatusCode::NO_CONTENT)
}

// ---- KV -------------------------------------------------------------------------------

#[derive(Deserialize, Serialize, Debug, PartialEq)]
struct Meta {
    tag: String,
    n: u32,
}

#[derive(Deserialize)]
struct Put {
    ttl: Option<u64>,
    expiration: Option<u64>,
    tag: Option<String>,
}

async fn kv_put(
    env: Env,
    Path(key): Path<String>,
    Query(put): Query<Put>,
    Bytes(body): Bytes,
) -> Result<StatusCode, HttpError> {
    let kv = env.kv("KV")?;
    let mut write = kv.put(&key, body);
    if let Some(ttl) = put.ttl {
        write = write.expiration_ttl(ttl);
    }
    if let Some(at) = put.expiration {
        write = write.expiration(at);
    }
    if let Some(tag) = put.tag {
        write = write.metadata(&Meta { tag, n: 7 });
    }
    write.await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize)]
struct KvRead {
    text: Option<String>,
    bytes: Option<Vec<u8>>,
    metadata: Option<Meta>,
}

async fn kv_get(env: Env, Path(key): Path<String>) -> Result<Json<KvRead>, HttpError> {
    let kv = env.kv("KV")?;
    let text = kv.get_text(&key).await?;
    let bytes = kv.get_bytes(&key).await?;
    let metadata = kv
        .get_with_metadata::<Meta>(&key)
        .await?
        .and_then(|(_, meta)| meta);
    Ok(Json(KvRead {
        text,
        bytes,
        metadata,
    }))
}

async fn kv_list(
    env: Env,
    Query(listing): Query<Listing>,
) -> Result<Json<KvKeys<Meta>>, HttpError> {
    let kv = env.kv("KV")?;
    let prefix = listing.prefix.unwrap_or_default();
    let limit = listing.limit.unwrap_or(1000);
    Ok(Json(
        kv.list_with_metadata::<Meta>(&prefix, limit, listing.cursor.as_deref())
            .await?,
    ))
}

async fn kv_put_json(
    env: Env,
    Path(key): Path<String>,
    Json(value): Json<serde_json::Value>,
) -> Result<StatusCode, HttpError> {
    env.kv("KV")?.put_json(&key, &value).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn kv_get_json(env: Env, Path(key): Path<String>) -> Result<Json<Option<User>>, HttpError> {
    Ok(Json(env.kv("KV")?.get_json::<User>(&key).await?))
}

// ---- Cache ----------------------------------------------------------------------------

#[derive(Deserialize)]
struct Named {
    name: Option<String>,
}

#[derive(Serialize)]
struct CacheRound {
    available: bool,
    stored: Option<String>,
    stored_header: Option<String>,
    deleted: bool,
    after_delete: bool,
    deleted_again: bool,
}

/// put, match, delete and match again on the default cache or a named one.
async fn cache_round(
    Query(named): Query<Named>,
    request: Request,
) -> Result<Json<CacheRound>, HttpError> {
    let cache = match &named.name {
        Some(name) => Cache::open(name).await?,
        None => Cache::default().await?,
    };
    let url = format!(
        "http://cache.test/{}?q={}",
        named.name.as_deref().unwrap_or("default"),
        request.parts().query()
    );
    let fresh = Response::new(StatusCode::OK)
        .with_header("cache-control", "public, max-age=60")
        .with_header("x-kept", "yes")
        .with_body("stored body");
    cache.put(&url, &fresh).await?;
    let hit = cache.get(&url).await?;
    let stored_header = hit
        .as_ref()
        .and_then(|hit| hit.header("x-kept").map(str::to_owned));
    let stored = match hit {
        Some(hit) => Some(read_text(hit).await),
        None => None,
    };
    let deleted = cache.delete(&url).await?;
    let after_delete = cache.get(&url).await?.is_some();
    let deleted_again = cache.delete(&url).await?;
    Ok(Json(CacheRound {
        available: cache.is_available(),
        stored,
        stored_header,
        deleted,
        after_delete,
        deleted_again,
    }))
}

/// A cached answer's body (a JS stream) read as text, through a JS `Response`.
async fn read_text(response: Response) -> String {
    let edgeapi::ResponseBody::Js(body) = response.body_kind() else {
        return String::from_utf8_lossy(response.body()).into_owned();
    };
    let stream: &web_sys::ReadableStream = body.unchecked_ref();
    let Ok(text) =
        web_sys::Response::new_with_opt_readable_stream(Some(stream)).and_then(|r| r.text())
    else {
        return String::new();
    };
    let text = wasm_bindgen_futures::JsFuture::from(text).await;
    text.ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

// ---- The row-decoding bench -------------------------------------------------------------

mod bench;

/// The app.
pub fn app() -> App {
    App::new()
        .get("/hello", hello)
        .post("/d1/setup", setup)
        .post("/users", create_user)
        .post("/users/batch", create_users)
        .get("/users", list_users)
        .post("/users/rename/{suffix}", rename_all)
        .get("/d1/values", values)
        .get("/d1/fail/{case}", failures)
        .get("/d1/binding/{name}", wrong_binding)
        .put("/r2/{*key}", put_object)
        .put("/r2-text/{*key}", put_text)
        .get("/r2-head/{*key}", head_object)
        .get("/r2-bytes/{*key}", object_bytes)
        .delete("/r2/{*key}", delete_object)
        .get("/r2", list_objects)
        .put("/kv/{key}", kv_put)
        .get("/kv/{key}", kv_get)
        .get("/kv", kv_list)
        .put("/kv-json/{key}", kv_put_json)
        .get("/kv-json/{key}", kv_get_json)
        .get("/cache", cache_round)
        .get("/bench/decode", bench::decode)
}

edgeapi::export!(app);
