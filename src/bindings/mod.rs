//! The host's bindings: `env` (variables, secrets, KV namespaces and other platform
//! bindings) and `ctx` (the execution context) of a worker's `fetch(request, env, ctx)`.
//!
//! Each binding is a module of its own here, over the JS calls it needs in `crate::sys`.

mod ctx;
mod env;
mod kv;

pub use ctx::Ctx;
pub use env::Env;
pub use kv::{Kv, KvList};
