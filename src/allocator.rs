//! The allocator of an app's wasm: [talc](https://docs.rs/talc) instead of Rust's default
//! dlmalloc, which is larger (about 2.3 KiB more of every app's gzip upload) and slower on
//! wasm32.
//!
//! It is the `talc` feature, on by default. An app that wants its own allocator turns it off
//! and declares one in its own crate:
//!
//! ```toml
//! edgeapi = { version = "0.1", default-features = false, features = ["openapi"] }
//! ```
//!
//! Memory grows by whole wasm pages as the heap needs them, as with dlmalloc. A build with
//! threads (`target_feature = "atomics"`) keeps the default, which talc's single-threaded
//! wasm allocator would not serve.

#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
