//! [`D1`]: a D1 (SQLite) database, with prepared statements and rows as serde types.

use std::fmt;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{HttpError, IntoHttpError};
use crate::response::{IntoResponse, Response};
use crate::sys::d1::{D1Database, D1PreparedStatement};
use crate::sys::{self, value};

/// A D1 database: SQL with bound parameters, rows read into your serde types.
///
/// Values are only ever bound (`?1`, `?2`, ... in the SQL), never pasted into it, so any
/// text is stored as it is: quotes, SQL, emoji, NUL.
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Deserialize, Serialize)]
/// struct Note { id: i64, title: String, body: String }
///
/// async fn read_note(env: Env, Path(id): Path<i64>) -> Result<Json<Note>, HttpError> {
///     let note = env
///         .d1("DB")?
///         .prepare("SELECT id, title, body FROM notes WHERE id = ?1")
///         .bind((id,))
///         .first::<Note>()
///         .await?;
///     note.map(Json).ok_or_else(|| HttpError::new(StatusCode::NOT_FOUND, "Note not found"))
/// }
/// ```
#[derive(Debug, Clone)]
pub struct D1(D1Database);

impl D1 {
    pub(crate) fn new(database: D1Database) -> Self {
        Self(database)
    }

    /// A statement for `sql`. Bind its parameters with [`Statement::bind`]; D1 checks the
    /// SQL when the statement runs.
    pub fn prepare(&self, sql: &str) -> Statement {
        let prepared = self.0.prepare(sql).map_err(D1Error::from_message);
        Statement {
            sql: sql.to_owned(),
            prepared,
        }
    }

    /// Runs the statements in order, in one transaction: if one fails, none of them has
    /// any effect, and the error is that statement's. One result per statement.
    ///
    /// ```no_run
    /// # async fn demo(db: edgeapi::bindings::D1) -> Result<(), edgeapi::bindings::D1Error> {
    /// let insert = "INSERT INTO notes (title, body) VALUES (?1, ?2)";
    /// let results = db
    ///     .batch([
    ///         db.prepare(insert).bind(("a", "first")),
    ///         db.prepare(insert).bind(("b", "second")),
    ///     ])
    ///     .await?;
    /// assert_eq!(results[1].info().changes, 1);
    /// # Ok(()) }
    /// ```
    pub async fn batch(
        &self,
        statements: impl IntoIterator<Item = Statement>,
    ) -> Result<Vec<BatchResult>, D1Error> {
        let list = js_sys::Array::new();
        for statement in statements {
            list.push(&statement.prepared?.into());
        }
        let results = self.0.batch(&list).await.map_err(D1Error::from_message)?;
        let results: js_sys::Array = results.dyn_into().map_err(|_| {
            D1Error::Decode("batch() answered something other than an array".into())
        })?;
        results.iter().map(BatchResult::read).collect()
    }

    /// Runs `sql` as it is: one or more statements, one a line (as D1 splits them), with
    /// no parameters. For migrations and setup, never for values from a request. Answers
    /// how many statements ran (D1's `count`).
    pub async fn exec(&self, sql: &str) -> Result<u32, D1Error> {
        let done = self.0.exec(sql).await.map_err(D1Error::from_message)?;
        let count = sys::property(&done, "count").and_then(|count| count.as_f64());
        Ok(count.unwrap_or_default() as u32)
    }
}

/// A prepared statement, with its parameters once bound. Errors (a parameter D1 cannot
/// store) surface when it runs, so a whole chain needs one `?`.
#[derive(Debug, Clone)]
pub struct Statement {
    sql: String,
    prepared: Result<D1PreparedStatement, D1Error>,
}

impl Statement {
    /// Binds `params` to `?1`, `?2`, ... in order: a tuple, an array, a `Vec`, or one
    /// value for a single parameter. Strings, numbers, booleans (as 1 and 0), `None` (as
    /// NULL) and bytes (`serde_bytes`, as a BLOB) can be bound; integers beyond 2^53 cannot.
    ///
    /// ```no_run
    /// # async fn demo(db: edgeapi::bindings::D1) -> Result<(), edgeapi::bindings::D1Error> {
    /// let done = db
    ///     .prepare("UPDATE notes SET title = ?1 WHERE id = ?2")
    ///     .bind(("it's; DROP TABLE notes; --", 7))
    ///     .run()
    ///     .await?;
    /// println!("{} row(s) changed", done.changes);
    /// # Ok(()) }
    /// ```
    pub fn bind<P: Serialize>(self, params: P) -> Self {
        let prepared = self.prepared.and_then(|prepared| {
            let values = value::to_js(&params).map_err(D1Error::Bind)?;
            let values = match values.dyn_into::<js_sys::Array>() {
                Ok(values) => values,
                Err(one) => js_sys::Array::of1(&one),
            };
            prepared.bind(&values).map_err(D1Error::Bind)
        });
        Self {
            sql: self.sql,
            prepared,
        }
    }

    /// The first row read into `T` (a struct whose fields are the columns), or `None`
    /// when there are no rows.
    pub async fn first<T: DeserializeOwned>(&self) -> Result<Option<T>, D1Error> {
        let row = self.prepared()?.first().await.map_err(|m| self.failed(m))?;
        if row.is_null() || row.is_undefined() {
            return Ok(None);
        }
        value::from_js(row)
            .map(Some)
            .map_err(|m| self.undecodable(m))
    }

    /// Every row, read into `T`s.
    pub async fn all<T: DeserializeOwned>(&self) -> Result<Vec<T>, D1Error> {
        let answer = self.prepared()?.all().await.map_err(|m| self.failed(m))?;
        let rows = sys::property(&answer, "results").unwrap_or_else(|| js_sys::Array::new().into());
        value::from_js(rows).map_err(|m| self.undecodable(m))
    }

    /// Runs the statement for its effect (`INSERT`, `UPDATE`, `DELETE`, DDL): how many rows
    /// it changed and the last inserted row id.
    pub async fn run(&self) -> Result<RunInfo, D1Error> {
        let answer = self.prepared()?.run().await.map_err(|m| self.failed(m))?;
        Ok(RunInfo::read(&answer))
    }

    fn prepared(&self) -> Result<&D1PreparedStatement, D1Error> {
        self.prepared.as_ref().map_err(Clone::clone)
    }

    fn failed(&self, message: String) -> D1Error {
        match D1Error::from_message(message) {
            D1Error::Query(message) => D1Error::Query(format!("{message} (in `{}`)", self.sql)),
            other => other,
        }
    }

    fn undecodable(&self, message: String) -> D1Error {
        D1Error::Decode(format!("a row of `{}` does not fit: {message}", self.sql))
    }
}

/// What a statement that ran did (D1's `meta`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RunInfo {
    /// Rows inserted, updated or deleted.
    pub changes: u64,
    /// The row id of the last row inserted (SQLite's `last_insert_rowid()`).
    pub last_row_id: i64,
    /// Rows read to run it.
    pub rows_read: u64,
    /// Rows written to run it.
    pub rows_written: u64,
    /// How long it took in the database, in milliseconds.
    pub duration: f64,
}

impl RunInfo {
    /// The `meta` of a D1 result; what it lacks stays 0.
    fn read(result: &JsValue) -> Self {
        sys::property(result, "meta")
            .and_then(|meta| value::from_js(meta).ok())
            .unwrap_or_default()
    }
}

/// The result of one statement of a [`D1::batch`].
#[derive(Debug, Clone)]
pub struct BatchResult {
    rows: JsValue,
    info: RunInfo,
}

impl BatchResult {
    fn read(result: JsValue) -> Result<Self, D1Error> {
        let rows = sys::property(&result, "results").unwrap_or_else(|| js_sys::Array::new().into());
        Ok(Self {
            info: RunInfo::read(&result),
            rows,
        })
    }

    /// The rows the statement answered, read into `T`s (none for a write without
    /// `RETURNING`).
    pub fn rows<T: DeserializeOwned>(&self) -> Result<Vec<T>, D1Error> {
        value::from_js(self.rows.clone()).map_err(D1Error::Decode)
    }

    /// How many rows it changed, and the last inserted row id.
    pub fn info(&self) -> RunInfo {
        self.info
    }
}

/// A constraint of the schema that refused a change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Constraint {
    /// `UNIQUE` (and a rowid `PRIMARY KEY` that is taken).
    Unique,
    /// `NOT NULL`.
    NotNull,
    /// `CHECK`.
    Check,
    /// `FOREIGN KEY`.
    ForeignKey,
    /// A `PRIMARY KEY` of a table without rowid.
    PrimaryKey,
    /// Another kind SQLite reports as a constraint failure.
    Other,
}

/// Why a D1 call failed. Answered as a response, it is FastAPI's 500
/// `{"detail":"Internal Server Error"}` with the reason logged; match on
/// [`D1Error::Constraint`] to answer a 409 or a 422 instead:
///
/// ```no_run
/// use edgeapi::bindings::{Constraint, D1Error};
/// use edgeapi::prelude::*;
///
/// async fn sign_up(env: Env, Path(name): Path<String>) -> Result<StatusCode, HttpError> {
///     let insert = env.d1("DB")?.prepare("INSERT INTO users (name) VALUES (?1)").bind((name,));
///     match insert.run().await {
///         Ok(_) => Ok(StatusCode::CREATED),
///         Err(err) if err.constraint() == Some(Constraint::Unique) => {
///             Err(HttpError::new(StatusCode::CONFLICT, "Name taken"))
///         }
///         Err(err) => Err(err.into()),
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum D1Error {
    /// A constraint refused the change; the message names it (`UNIQUE constraint failed:
    /// users.name`).
    Constraint(Constraint, String),
    /// A parameter D1 cannot bind (a map, an integer beyond 2^53).
    Bind(String),
    /// The database refused or failed the statement (bad SQL, a missing table, ...).
    Query(String),
    /// A row, or D1's answer, did not fit the Rust type asked for.
    Decode(String),
}

impl D1Error {
    /// Sorts a message of D1's into its kind: `D1_ERROR: UNIQUE constraint failed:
    /// users.name: SQLITE_CONSTRAINT (extended: ...)` is a [`Constraint::Unique`] whose
    /// message is the part in between.
    fn from_message(message: String) -> Self {
        let text = message.strip_prefix("D1_ERROR: ").unwrap_or(&message);
        let text = match text.find(": SQLITE_CONSTRAINT") {
            Some(code) => text[..code].to_owned(),
            None => text.to_owned(),
        };
        let lower = text.to_ascii_lowercase();
        let kind = [
            ("unique constraint failed", Constraint::Unique),
            ("not null constraint failed", Constraint::NotNull),
            ("check constraint failed", Constraint::Check),
            ("foreign key constraint failed", Constraint::ForeignKey),
            ("primary key constraint failed", Constraint::PrimaryKey),
            ("constraint failed", Constraint::Other),
        ]
        .into_iter()
        .find(|(words, _)| lower.contains(words));
        match kind {
            Some((_, kind)) => D1Error::Constraint(kind, text),
            None if message.contains("SQLITE_CONSTRAINT") => {
                D1Error::Constraint(Constraint::Other, text)
            }
            None => D1Error::Query(text),
        }
    }

    /// The constraint that refused the change, if that is what failed.
    pub fn constraint(&self) -> Option<Constraint> {
        match self {
            D1Error::Constraint(kind, _) => Some(*kind),
            _ => None,
        }
    }
}

impl fmt::Display for D1Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            D1Error::Constraint(_, message) => write!(f, "constraint failed: {message}"),
            D1Error::Bind(message) => write!(f, "a parameter could not be bound: {message}"),
            D1Error::Query(message) => write!(f, "query failed: {message}"),
            D1Error::Decode(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for D1Error {}

impl IntoHttpError for D1Error {
    /// Logs the reason and answers 500, as FastAPI answers an unhandled error.
    fn into_http_error(self) -> HttpError {
        HttpError::logged(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("edgeapi: D1 {self}"),
        )
    }
}

impl IntoResponse for D1Error {
    fn into_response(self) -> Response {
        HttpError::from(self.clone())
            .into_response()
            .with_error(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{Constraint, D1Error};

    #[test]
    fn sorts_d1_messages() {
        let unique = "D1_ERROR: UNIQUE constraint failed: users.name: SQLITE_CONSTRAINT \
                      (extended: SQLITE_CONSTRAINT_UNIQUE)";
        assert_eq!(
            D1Error::from_message(unique.into()),
            D1Error::Constraint(
                Constraint::Unique,
                "UNIQUE constraint failed: users.name".into()
            )
        );
        let not_null = D1Error::from_message("NOT NULL constraint failed: notes.title".into());
        assert_eq!(not_null.constraint(), Some(Constraint::NotNull));
        let check = D1Error::from_message(
            "D1_ERROR: CHECK constraint failed: len: SQLITE_CONSTRAINT".into(),
        );
        assert_eq!(check.constraint(), Some(Constraint::Check));
        let missing = D1Error::from_message("D1_ERROR: no such table: nope: SQLITE_ERROR".into());
        assert_eq!(
            missing,
            D1Error::Query("no such table: nope: SQLITE_ERROR".into())
        );
        assert_eq!(missing.constraint(), None);
    }
}
