//! One switch for `edgeapi build`: when it has generated the app's OpenAPI document
//! natively (`EDGEAPI_OPENAPI_PREBUILT` set), the wasm serves that document as it is and
//! carries no generator (`cfg(edgeapi_prebuilt_openapi)`, wasm32 only). Any other build,
//! `cargo test` and `wasm-pack test` among them, generates the document in process.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(edgeapi_prebuilt_openapi)");
    println!("cargo::rerun-if-env-changed=EDGEAPI_OPENAPI_PREBUILT");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if wasm && std::env::var_os("EDGEAPI_OPENAPI_PREBUILT").is_some() {
        println!("cargo::rustc-cfg=edgeapi_prebuilt_openapi");
    }
}
