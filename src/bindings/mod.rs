//! The host's bindings: `env` (variables, secrets, KV namespaces, D1 databases, R2
//! buckets, queues) and `ctx` (the execution context) of a worker's `fetch(request, env, ctx)`.
//!
//! Each binding is a module of its own here, over the JS calls it needs in `crate::sys`.

mod ctx;
mod d1;
mod durable;
mod env;
mod kv;
mod queue;
mod r2;
mod scheduled;

pub use ctx::Ctx;
pub use d1::{BatchResult, Constraint, D1Error, RunInfo, Statement, D1};
pub use durable::{ObjectError, ObjectNamespace, ObjectState, ObjectStub, Storage, StorageError};
pub use env::Env;
pub use kv::{Kv, KvKey, KvKeys, KvList, KvPut, KvValue};
pub use queue::{Message, MessageBatch, Queue, QueueError};
pub use r2::{
    GetObject, HttpMetadata, ListObjects, PutObject, R2Body, R2Error, R2Get, R2List, R2Object,
    R2Range, R2Value, R2,
};
pub use scheduled::ScheduledEvent;
