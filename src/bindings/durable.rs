//! Durable Objects: [`ObjectNamespace`] and [`ObjectStub`] to call one from a worker, and
//! [`ObjectState`] with its transactional [`Storage`] inside one (see
//! [`crate::DurableObject`]).

use std::convert::Infallible;
use std::fmt;
use std::time::Duration;

use http::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{HttpError, IntoHttpError};
use crate::extract::FromRequestParts;
use crate::fetch::{Fetch, FetchError, FetchResponse};
use crate::request::{Parts, Request};
use crate::response::{IntoResponse, Response};
use crate::sys::durable as js;
use crate::sys::{self, value};

/// A Durable Object namespace (`[[durable_objects.bindings]]` in `wrangler.toml`), from
/// [`crate::Env::durable_object`]: the way to one object by name or id.
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use edgeapi::fetch;
///
/// async fn increment(env: Env, Path(name): Path<String>) -> Result<String, edgeapi::Error> {
///     let counter = env.durable_object("COUNTER")?.by_name(&name)?;
///     let answer = counter.fetch(fetch::post("/increment")).await?;
///     Ok(answer.text())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct ObjectNamespace(js::ObjectNamespace);

impl ObjectNamespace {
    pub(crate) fn new(namespace: js::ObjectNamespace) -> Self {
        Self(namespace)
    }

    /// The object named `name`: the same name reaches the same object, wherever it runs.
    pub fn by_name(&self, name: &str) -> Result<ObjectStub, ObjectError> {
        self.0.by_name(name).map(ObjectStub).map_err(ObjectError)
    }

    /// The object whose id is `id` (64 hex digits, from [`ObjectNamespace::new_unique_id`]
    /// or [`ObjectState::id`]). An id of another namespace, or not an id, is an error.
    pub fn by_id(&self, id: &str) -> Result<ObjectStub, ObjectError> {
        self.0.by_id(id).map(ObjectStub).map_err(ObjectError)
    }

    /// The id of a new object, unlike any other, as 64 hex digits.
    pub fn new_unique_id(&self) -> Result<String, ObjectError> {
        self.0.new_unique_id().map_err(ObjectError)
    }
}

/// A stub: requests to one Durable Object, which serves them with its own app.
#[derive(Debug, Clone)]
pub struct ObjectStub(js::ObjectStub);

impl ObjectStub {
    /// Sends a request to the object and reads its whole answer. A URL that is only a
    /// path (`fetch::post("/increment")`) is fine: the object routes on the path.
    pub async fn fetch(&self, request: Fetch) -> Result<FetchResponse, FetchError> {
        request.send_through(Some(&self.0)).await
    }

    /// Hands the incoming request to the object as it is (method, headers, body, a
    /// WebSocket upgrade), at `path`, and answers with the object's response untouched:
    /// a route that lets an object serve a client, its WebSockets included.
    pub async fn forward(&self, request: Request, path: &str) -> Result<Response, ObjectError> {
        let Some(js_request) = request.parts().js.clone() else {
            return Err(ObjectError(
                "only a request from the host can be forwarded".into(),
            ));
        };
        let url = format!("https://durable-object{path}");
        let response = self
            .0
            .forward(&js_request, &url)
            .await
            .map_err(ObjectError)?;
        Ok(Response::from_js(response))
    }
}

/// A Durable Object's own state, inside it: its id, its [`Storage`], and the WebSockets
/// the host keeps for it (the hibernation API). In the object's routes it is an extractor.
#[derive(Debug, Clone)]
pub struct ObjectState(js::ObjectStateJs);

impl ObjectState {
    /// The state workerd hands the object's constructor.
    pub(crate) fn from_js(state: JsValue) -> Self {
        Self(state.unchecked_into())
    }

    /// The object's id, as 64 hex digits.
    pub fn id(&self) -> String {
        self.0.id()
    }

    /// The object's transactional storage.
    pub fn storage(&self) -> Storage {
        Storage(self.0.storage())
    }

    /// The host's state object, for the hibernation API's calls (`websocket.rs`).
    pub(crate) fn js(&self) -> &js::ObjectStateJs {
        &self.0
    }

    /// The raw JS state (`DurableObjectState`).
    pub fn as_js(&self) -> &JsValue {
        &self.0
    }
}

impl FromRequestParts for ObjectState {
    type Rejection = Infallible;

    /// In a Durable Object's app, the host's `ctx` is the object's state.
    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(ObjectState::from_js(parts.ctx().clone()))
    }
}

/// A Durable Object's storage: serde values by key, private to the object. Each call is
/// transactional on its own, and the object's input and output gates keep a read and the
/// write that follows it from interleaving with other events (see the README).
///
/// ```no_run
/// use edgeapi::prelude::*;
/// use edgeapi::ObjectState;
///
/// async fn increment(state: ObjectState) -> Result<String, edgeapi::Error> {
///     let storage = state.storage();
///     let value = storage.get::<u64>("value").await?.unwrap_or(0) + 1;
///     storage.put("value", &value).await?;
///     Ok(value.to_string())
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Storage(js::Storage);

impl Storage {
    /// The value at `key` read into `T`, or `None`.
    pub async fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, StorageError> {
        let found = self.0.get(key).await.map_err(StorageError)?;
        if found.is_undefined() {
            return Ok(None);
        }
        value::from_js(found).map(Some).map_err(StorageError)
    }

    /// Stores `value` at `key`.
    pub async fn put<T: Serialize + ?Sized>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), StorageError> {
        let value = value::to_js(value).map_err(StorageError)?;
        self.0.put(key, &value).await.map_err(StorageError)
    }

    /// Deletes `key`; whether it was there.
    pub async fn delete(&self, key: &str) -> Result<bool, StorageError> {
        self.0.delete(key).await.map_err(StorageError)
    }

    /// Deletes every key (the alarm stays).
    pub async fn delete_all(&self) -> Result<(), StorageError> {
        self.0.delete_all().await.map_err(StorageError)
    }

    /// The keys starting with `prefix`, in order, with their values read into `T`.
    pub async fn list<T: DeserializeOwned>(
        &self,
        prefix: &str,
    ) -> Result<Vec<(String, T)>, StorageError> {
        let options = sys::new_object();
        sys::set_property(&options, "prefix", &JsValue::from_str(prefix));
        let entries = self.0.list(&options).await.map_err(StorageError)?;
        entries
            .into_iter()
            .map(|(key, value)| Ok((key, value::from_js(value).map_err(StorageError)?)))
            .collect()
    }

    /// Runs one SQL statement on the object's SQLite storage (a class declared in
    /// `new_sqlite_classes`) with `params` bound to `?1`, `?2`, ... (a tuple or a slice of
    /// serde values; `&()` for none), and reads the rows it returns into `T` (a statement
    /// without rows: read them as `serde::de::IgnoredAny`). Synchronous, as workerd's
    /// `sql.exec` is; it shares the object's transaction with the key-value calls.
    ///
    /// ```no_run
    /// use edgeapi::ObjectState;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Count { n: u64 }
    ///
    /// fn log(state: &ObjectState, what: &str) -> Result<u64, edgeapi::bindings::StorageError> {
    ///     let sql = state.storage();
    ///     sql.sql::<serde::de::IgnoredAny>("CREATE TABLE IF NOT EXISTS log (what TEXT)", &())?;
    ///     sql.sql::<serde::de::IgnoredAny>("INSERT INTO log VALUES (?1)", &(what,))?;
    ///     let rows = sql.sql::<Count>("SELECT count(*) AS n FROM log", &())?;
    ///     Ok(rows.first().map_or(0, |row| row.n))
    /// }
    /// ```
    pub fn sql<T: DeserializeOwned>(
        &self,
        query: &str,
        params: &(impl Serialize + ?Sized),
    ) -> Result<Vec<T>, StorageError> {
        let params = value::to_js(params).map_err(StorageError)?;
        let bound = match params.dyn_into::<js_sys::Array>() {
            Ok(array) => array,
            Err(null) if null.is_null() => js_sys::Array::new(),
            Err(_) => {
                let why = "SQL parameters are a tuple or a slice".to_owned();
                return Err(StorageError(why));
            }
        };
        let rows = self.0.sql(query, &bound).map_err(StorageError)?;
        value::from_js(rows).map_err(StorageError)
    }

    /// Sets the object's alarm to ring `delay` from now: the object's
    /// [`crate::DurableObject::alarm`] then runs (once; a failed alarm is tried again).
    pub async fn set_alarm(&self, delay: Duration) -> Result<(), StorageError> {
        let at = js_sys::Date::now() + delay.as_secs_f64() * 1000.0;
        self.0.set_alarm(at).await.map_err(StorageError)
    }

    /// When the alarm rings, in milliseconds since 1970, if one is set.
    pub async fn alarm(&self) -> Result<Option<u64>, StorageError> {
        let at = self.0.get_alarm().await.map_err(StorageError)?;
        Ok(at.map(|ms| ms as u64))
    }

    /// Cancels the alarm.
    pub async fn delete_alarm(&self) -> Result<(), StorageError> {
        self.0.delete_alarm().await.map_err(StorageError)
    }
}

/// A failed storage call, or a stored value that is not the type asked for. As an
/// answer, it is logged and answered 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorageError(String);

/// A namespace or stub that could not be used: an id that is not one, a request that
/// cannot be forwarded. As an answer, it is logged and answered 500.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectError(pub(crate) String);

macro_rules! logged_error {
    ($name:ident, $what:literal) => {
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, ": {}"), self.0)
            }
        }

        impl std::error::Error for $name {}

        impl IntoHttpError for $name {
            fn into_http_error(self) -> HttpError {
                HttpError::logged(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &format!("edgeapi: {self}"),
                )
            }
        }

        impl IntoResponse for $name {
            fn into_response(self) -> Response {
                HttpError::from(self.clone())
                    .into_response()
                    .with_error(self)
            }
        }
    };
}

logged_error!(StorageError, "Durable Object storage");
logged_error!(ObjectError, "Durable Object");
