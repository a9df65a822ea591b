//! Storage at the edge: notes in D1 (`DB`), files in R2 (`FILES`), and a slow route
//! answered from the Cache API. `wrangler.toml` binds both; `make dev` and `make test`
//! create the tables from `migrations/` in wrangler's local database.

use std::time::Duration;

use edgeapi::bindings::{R2Object, R2};
use edgeapi::cache::cached;
use edgeapi::extract::JsBody;
use edgeapi::openapi::JsonSchema;
use edgeapi::prelude::*;
use serde::{Deserialize, Serialize};

/// The largest integer JS numbers, and so D1's parameters, hold exactly.
const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// A note as it is stored.
#[derive(Serialize, Deserialize, JsonSchema)]
pub struct Note {
    id: i64,
    title: String,
    body: String,
}

/// A new note.
#[derive(Deserialize, JsonSchema)]
pub struct NewNote {
    title: String,
    body: String,
}

fn db(env: &Env) -> Result<edgeapi::D1, HttpError> {
    env.d1("DB")
}

fn note_not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, "Note not found")
}

/// An id no note can have (beyond what D1 stores exactly) is a bad request, as FastAPI
/// answers a `Path(le=...)` bound.
fn checked_id(id: i64) -> Result<i64, ValidationError> {
    if id > MAX_SAFE_INTEGER {
        let item = ErrorItem::less_than_equal(MAX_SAFE_INTEGER, id.to_string()).at(["path", "id"]);
        return Err(item.into());
    }
    Ok(id)
}

/// Create a note
///
/// Stores the note in D1 and answers it with its id. Any text is stored as it is.
#[edgeapi::openapi(status = 201, tag = "notes")]
async fn create_note(
    env: Env,
    Json(note): Json<NewNote>,
) -> Result<(StatusCode, Json<Note>), HttpError> {
    let created = db(&env)?
        .prepare("INSERT INTO notes (title, body) VALUES (?1, ?2) RETURNING id, title, body")
        .bind((&note.title, &note.body))
        .first::<Note>()
        .await?
        .ok_or_else(|| HttpError::from_status(StatusCode::INTERNAL_SERVER_ERROR))?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Read a note
#[edgeapi::openapi(tag = "notes", response(404, "Note not found"))]
async fn read_note(env: Env, Path(id): Path<i64>) -> Result<Json<Note>, Response> {
    let id = checked_id(id).map_err(IntoResponse::into_response)?;
    let note = db(&env)
        .map_err(IntoResponse::into_response)?
        .prepare("SELECT id, title, body FROM notes WHERE id = ?1")
        .bind((id,))
        .first::<Note>()
        .await
        .map_err(IntoResponse::into_response)?;
    note.map(Json)
        .ok_or_else(|| note_not_found().into_response())
}

/// The most notes one page holds.
const MAX_NOTES: u32 = 100;

fn twenty() -> u32 {
    20
}

#[derive(Deserialize, JsonSchema)]
struct Page {
    #[serde(default = "twenty")]
    #[schemars(range(min = 1, max = MAX_NOTES))]
    limit: u32,
    #[serde(default)]
    #[schemars(range(max = MAX_SAFE_INTEGER))]
    offset: u64,
}

#[derive(Serialize, JsonSchema)]
struct Notes {
    notes: Vec<Note>,
}

/// List notes
///
/// Newest first, `limit` (1 to 100) at a time from `offset`.
#[edgeapi::openapi(tag = "notes")]
async fn list_notes(env: Env, Query(page): Query<Page>) -> Result<Json<Notes>, Response> {
    let mut errors = ValidationError::new();
    if page.limit == 0 {
        errors
            .push(ErrorItem::greater_than_equal(1, page.limit.to_string()).at(["query", "limit"]));
    } else if page.limit > MAX_NOTES {
        errors.push(
            ErrorItem::less_than_equal(MAX_NOTES, page.limit.to_string()).at(["query", "limit"]),
        );
    }
    if page.offset > MAX_SAFE_INTEGER as u64 {
        errors.push(
            ErrorItem::less_than_equal(MAX_SAFE_INTEGER, page.offset.to_string())
                .at(["query", "offset"]),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_response());
    }
    let notes = db(&env)
        .map_err(IntoResponse::into_response)?
        .prepare("SELECT id, title, body FROM notes ORDER BY id DESC LIMIT ?1 OFFSET ?2")
        .bind((page.limit, page.offset))
        .all::<Note>()
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(Json(Notes { notes }))
}

/// Delete a note
#[edgeapi::openapi(status = 204, tag = "notes", response(404, "Note not found"))]
async fn delete_note(env: Env, Path(id): Path<i64>) -> Result<StatusCode, Response> {
    let id = checked_id(id).map_err(IntoResponse::into_response)?;
    let done = db(&env)
        .map_err(IntoResponse::into_response)?
        .prepare("DELETE FROM notes WHERE id = ?1")
        .bind((id,))
        .run()
        .await
        .map_err(IntoResponse::into_response)?;
    if done.changes == 0 {
        return Err(note_not_found().into_response());
    }
    Ok(StatusCode::NO_CONTENT)
}

/// R2 keys are at most 1024 bytes.
const MAX_FILE_KEY: usize = 1024;

fn files(env: &Env) -> Result<R2, HttpError> {
    env.r2("FILES")
}

fn checked_file_key(key: String) -> Result<String, ValidationError> {
    if key.len() > MAX_FILE_KEY {
        return Err(ErrorItem::new(
            "string_too_long",
            format!("String should have at most {MAX_FILE_KEY} characters"),
        )
        .at(["path", "key"])
        .input(key)
        .ctx(serde_json::json!({ "max_length": MAX_FILE_KEY }))
        .into());
    }
    Ok(key)
}

fn file_not_found() -> HttpError {
    HttpError::new(StatusCode::NOT_FOUND, "File not found")
}

#[derive(Serialize, JsonSchema)]
struct Stored {
    key: String,
    size: u64,
    /// The quoted etag, as the `ETag` header carries it and `If-None-Match` takes it.
    etag: String,
}

/// Upload a file
///
/// Stores the raw body in R2 with the request's `Content-Type`. The body streams from
/// the client to R2 without entering wasm memory, whatever its size; it needs a
/// `Content-Length` (411 without one), as R2 does.
#[edgeapi::openapi(status = 201, tag = "files", response(411, "Length Required"))]
async fn put_file(
    env: Env,
    Path(key): Path<String>,
    Header(content): Header<ContentType>,
    body: JsBody,
) -> Result<(StatusCode, Json<Stored>), Response> {
    let key = checked_file_key(key).map_err(IntoResponse::into_response)?;
    // R2 on Cloudflare takes a stream only with a known length.
    if !body.is_none() && body.content_length().is_none() {
        return Err(HttpError::from_status(StatusCode::LENGTH_REQUIRED).into_response());
    }
    let content_type = content
        .content_type
        .as_deref()
        .unwrap_or("application/octet-stream");
    let stored: R2Object = files(&env)
        .map_err(IntoResponse::into_response)?
        .put(&key, body)
        .content_type(content_type)
        .await
        .map_err(IntoResponse::into_response)?;
    let stored = Stored {
        key,
        size: stored.size,
        etag: stored.http_etag,
    };
    Ok((StatusCode::CREATED, Json(stored)))
}

#[derive(Deserialize)]
struct ContentType {
    content_type: Option<String>,
}

/// Download a file
///
/// The bytes with their content type and `ETag`, streamed from R2. `If-None-Match`
/// answers 304, `Range: bytes=...` 206 with `Content-Range`.
#[edgeapi::openapi(tag = "files", response(404, "File not found"))]
async fn get_file(
    env: Env,
    Path(key): Path<String>,
    request: Request,
) -> Result<Response, Response> {
    let key = checked_file_key(key).map_err(IntoResponse::into_response)?;
    let found = files(&env)
        .map_err(IntoResponse::into_response)?
        .get(&key)
        .headers(request.parts().headers())
        .await
        .map_err(IntoResponse::into_response)?;
    found
        .map(IntoResponse::into_response)
        .ok_or_else(|| file_not_found().into_response())
}

/// Delete a file
#[edgeapi::openapi(status = 204, tag = "files")]
async fn delete_file(env: Env, Path(key): Path<String>) -> Result<StatusCode, Response> {
    let key = checked_file_key(key).map_err(IntoResponse::into_response)?;
    files(&env)
        .map_err(IntoResponse::into_response)?
        .delete(&key)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, JsonSchema)]
struct FileFilter {
    #[serde(default)]
    prefix: String,
}

#[derive(Serialize, JsonSchema)]
struct FileEntry {
    key: String,
    size: u64,
}

#[derive(Serialize, JsonSchema)]
struct FileList {
    files: Vec<FileEntry>,
}

/// List files
///
/// The first 1000 files whose keys start with `prefix`, in key order.
#[edgeapi::openapi(tag = "files")]
async fn list_files(
    env: Env,
    Query(filter): Query<FileFilter>,
) -> Result<Json<FileList>, Response> {
    let page = files(&env)
        .map_err(IntoResponse::into_response)?
        .list()
        .prefix(&filter.prefix)
        .limit(1000)
        .await
        .map_err(IntoResponse::into_response)?;
    let files = page
        .objects
        .into_iter()
        .map(|object| FileEntry {
            key: object.key,
            size: object.size,
        })
        .collect();
    Ok(Json(FileList { files }))
}

#[derive(Serialize, JsonSchema)]
struct Square {
    n: i64,
    square: i128,
}

/// How long `/square/{n}` takes to compute.
const SQUARE_MS: u64 = 300;

/// Square a number, slowly
///
/// Takes 300 ms and says it may be cached for a minute: the second request for the same
/// `n` is answered from the Cache API (`x-edgeapi-cache: hit`).
#[edgeapi::openapi(tag = "cache")]
async fn square(Path(n): Path<i64>) -> ([(&'static str, &'static str); 1], Json<Square>) {
    sleep(Duration::from_millis(SQUARE_MS)).await;
    let square = i128::from(n) * i128::from(n);
    (
        [("cache-control", "public, max-age=60")],
        Json(Square { n, square }),
    )
}

/// The storage routes, added to `app`.
pub fn routes(app: App) -> App {
    app.tag_description(
        "notes",
        "Notes in a D1 database (`DB`; local under `wrangler dev`).",
    )
    .tag_description(
        "files",
        "Files in an R2 bucket (`FILES`), streamed both ways.",
    )
    .tag_description(
        "cache",
        "A slow route answered from the Cache API once it has run.",
    )
    .post("/notes", create_note)
    .get("/notes", list_notes)
    .get("/notes/{id}", read_note)
    .delete("/notes/{id}", delete_note)
    .put("/files/{key}", put_file)
    .get("/files/{key}", get_file)
    .delete("/files/{key}", delete_file)
    .get("/files", list_files)
    .get("/square/{n}", cached(square))
}
