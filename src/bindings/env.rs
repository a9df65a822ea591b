//! [`Env`]: the worker's `env`, its variables, secrets and bindings.

use std::convert::Infallible;

use http::StatusCode;
use wasm_bindgen::{JsCast, JsValue};

use super::{Kv, ObjectNamespace, Queue, D1, R2};
use crate::error::HttpError;
use crate::extract::FromRequestParts;
use crate::request::Parts;
use crate::sys;

/// The worker's `env`: variables and secrets from `wrangler.toml` / `wrangler secret`,
/// and bindings: KV namespaces, D1 databases, R2 buckets, queues.
///
/// ```no_run
/// use edgeapi::prelude::*;
///
/// async fn greeting(env: Env) -> Result<String, HttpError> {
///     let name = env.var("GREETING").unwrap_or_else(|| "Hello".into());
///     let visits = env.kv("CACHE")?.get("visits").await?.unwrap_or_default();
///     Ok(format!("{name}, visit {visits}"))
/// }
/// ```
#[derive(Debug, Clone)]
pub struct Env(JsValue);

impl Env {
    /// A string variable or secret, or `None` when it is not set.
    pub fn var(&self, name: &str) -> Option<String> {
        self.get(name).and_then(|value| value.as_string())
    }

    /// A secret: the same lookup as [`Env::var`], named for readability.
    pub fn secret(&self, name: &str) -> Option<String> {
        self.var(name)
    }

    /// The KV namespace bound as `name`. A missing binding is a bug in the deployment:
    /// it is logged and answered 500.
    pub fn kv(&self, name: &str) -> Result<Kv, HttpError> {
        match self.get(name) {
            Some(namespace) if namespace.is_object() => Ok(Kv::new(namespace.unchecked_into())),
            _ => {
                let why = format!("edgeapi: no KV namespace is bound as `{name}`");
                Err(HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why))
            }
        }
    }

    /// The D1 database bound as `name` (`[[d1_databases]]` in `wrangler.toml`). A missing
    /// binding, as on hosts without D1 (Node, browsers), is logged and answered 500.
    pub fn d1(&self, name: &str) -> Result<D1, HttpError> {
        self.binding(name, "D1 database", "prepare")
            .map(|database| D1::new(database.unchecked_into()))
    }

    /// The R2 bucket bound as `name` (`[[r2_buckets]]` in `wrangler.toml`). A missing
    /// binding, as on hosts without R2 (Node, browsers), is logged and answered 500.
    pub fn r2(&self, name: &str) -> Result<R2, HttpError> {
        self.binding(name, "R2 bucket", "head")
            .map(|bucket| R2::new(bucket.unchecked_into()))
    }

    /// The queue producer bound as `name` (`[[queues.producers]]` in `wrangler.toml`). A
    /// missing binding, as on hosts without queues (Node, browsers), is logged and
    /// answered 500.
    pub fn queue(&self, name: &str) -> Result<Queue, HttpError> {
        self.binding(name, "queue", "sendBatch")
            .map(|queue| Queue::new(queue.unchecked_into()))
    }

    /// The Durable Object namespace bound as `name` (`[[durable_objects.bindings]]` in
    /// `wrangler.toml`). A missing binding, as on hosts without Durable Objects (Node,
    /// browsers), is logged and answered 500.
    pub fn durable_object(&self, name: &str) -> Result<ObjectNamespace, HttpError> {
        self.binding(name, "Durable Object namespace", "idFromName")
            .map(|namespace| ObjectNamespace::new(namespace.unchecked_into()))
    }

    /// The binding `name`, if it is an object with the method `method`; otherwise a
    /// logged 500 that says what is missing.
    fn binding(&self, name: &str, kind: &str, method: &str) -> Result<JsValue, HttpError> {
        let binding = self.get(name).filter(JsValue::is_object);
        let has_method = |binding: &JsValue| {
            sys::property(binding, method).is_some_and(|method| method.is_function())
        };
        match binding {
            Some(binding) if has_method(&binding) => Ok(binding),
            Some(_) => {
                let why = format!("edgeapi: `{name}` is bound, but not to a {kind}");
                Err(HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why))
            }
            None => {
                let why = format!("edgeapi: no {kind} is bound as `{name}`");
                Err(HttpError::logged(StatusCode::INTERNAL_SERVER_ERROR, &why))
            }
        }
    }

    /// The `env` a host handed over.
    pub(crate) fn from_js(env: JsValue) -> Self {
        Env(env)
    }

    /// Any binding, as a raw JS value.
    pub fn get(&self, name: &str) -> Option<JsValue> {
        sys::property(&self.0, name)
    }
}

impl FromRequestParts for Env {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts) -> Result<Self, Infallible> {
        Ok(Env(parts.env().clone()))
    }
}
