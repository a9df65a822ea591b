//! The compiler's messages for handlers that are not handlers: each names the argument or
//! the return type at fault and what it lacks (`tests/ui/*.stderr`, as rustc prints them;
//! `TRYBUILD=overwrite cargo test --test ui` rewrites them after a deliberate change; rustc
//! lists a few of the types that do implement a trait, so a new extractor or response type
//! is such a change).
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn handler_errors_name_the_problem() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}
