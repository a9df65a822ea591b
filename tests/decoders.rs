//! Pydantic's lax decoding of integers, floats and booleans, through `Query<T>` and
//! `Json<T>` and `App::dispatch`.
//!
//! The same cases run natively (`cargo test`) and in wasm (`wasm-pack test --node` and
//! `--headless --chrome`), where a float string is converted by the host's `parseFloat`
//! rather than Rust's `str::parse`: each expected value below is what Rust's parser gives,
//! so a host that rounds differently, or accepts other syntax, fails here.

#[cfg(not(target_arch = "wasm32"))]
use core::prelude::v1::test;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

mod common;

use std::fmt::Debug;

use edgeapi::prelude::*;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize)]
struct N<T> {
    n: T,
}

/// Answers the decoded `n` in Rust's `Debug` form, which tells every `f64` apart
/// (`-0.0`, `5e-324`, `inf`).
fn from_query<T: DeserializeOwned + Debug>(Query(q): Query<N<T>>) -> String {
    format!("{:?}", q.n)
}

fn from_body<T: DeserializeOwned + Debug>(Json(q): Json<N<T>>) -> String {
    format!("{:?}", q.n)
}

fn app() -> App {
    App::new()
        .get("/u8", from_query::<u8>)
        .get("/i32", from_query::<i32>)
        .get("/i128", from_query::<i128>)
        .get("/u128", from_query::<u128>)
        .get("/f64", from_query::<f64>)
        .get("/f32", from_query::<f32>)
        .get("/bool", from_query::<bool>)
        .post("/u8", from_body::<u8>)
        .post("/i64", from_body::<i64>)
        .post("/f64", from_body::<f64>)
        .post("/bool", from_body::<bool>)
}

/// `n` sent in the query string to `path`: the decoded value's `Debug` form, or the
/// first error's `type`.
fn query(path: &str, raw: &str) -> Result<String, String> {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("n", raw)
        .finish();
    answer(Request::new(Method::GET, &format!("{path}?{query}")))
}

/// `{"n": input}` posted to `path`, answered as [`query`] answers.
fn body(path: &str, input: Value) -> Result<String, String> {
    let request = Request::new(Method::POST, path)
        .with_header("content-type", "application/json")
        .with_body(json!({ "n": input }).to_string());
    answer(request)
}

fn answer(request: Request) -> Result<String, String> {
    let response = common::send(&app(), request);
    match response.status().as_u16() {
        200 => Ok(String::from_utf8_lossy(response.body()).into_owned()),
        422 => Err(common::json_of(&response)["detail"][0]["type"]
            .as_str()
            .unwrap_or_default()
            .to_owned()),
        status => panic!("answered {status}"),
    }
}

fn ok(value: &str) -> Result<String, String> {
    Ok(value.to_owned())
}

fn err(kind: &str) -> Result<String, String> {
    Err(kind.to_owned())
}

#[test]
fn integer_strings() {
    for (raw, expected) in [
        ("42", "42"),
        (" 42\t", "42"),
        ("+7", "7"),
        ("-7", "-7"),
        ("1_000", "1000"),
        ("007", "7"),
        ("3.0", "3"),
        ("-3.00", "-3"),
        ("-0", "0"),
        ("2147483647", "2147483647"),
        ("-2147483648", "-2147483648"),
    ] {
        assert_eq!(query("/i32", raw), ok(expected), "{raw:?}");
    }
    for raw in [
        "", " ", "1.5", "1.", ".0", "1e3", "1__0", "_1", "1_", "+-1", "--1", "- 1", "0x10",
        "1.0.0", "one", "٣",
    ] {
        assert_eq!(query("/i32", raw), err("int_parsing"), "{raw:?}");
    }
}

#[test]
fn integer_bounds_and_sizes() {
    assert_eq!(query("/u8", "255"), ok("255"));
    assert_eq!(query("/u8", "256"), err("less_than_equal"));
    assert_eq!(query("/u8", "-1"), err("greater_than_equal"));
    assert_eq!(query("/i32", "2147483648"), err("less_than_equal"));
    assert_eq!(query("/i32", "-2147483649"), err("greater_than_equal"));
    let u128_max = u128::MAX.to_string();
    let i128_min = i128::MIN.to_string();
    assert_eq!(query("/u128", &u128_max), Ok(u128_max.clone()));
    assert_eq!(query("/i128", &i128_min), Ok(i128_min));
    assert_eq!(
        query("/u128", &format!("{u128_max}0")),
        err("less_than_equal")
    );
    // Python parses at most 4300 digits.
    assert_eq!(query("/u128", &"0".repeat(4300)), ok("0"));
    assert_eq!(query("/u128", &"9".repeat(4301)), err("int_parsing_size"));
}

#[test]
fn integer_json_values() {
    for (input, expected) in [
        (json!(5), "5"),
        (json!("5"), "5"),
        (json!(" 5 "), "5"),
        (json!("5.0"), "5"),
        (json!(5.0), "5"),
        (json!(-7), "-7"),
        (json!(true), "1"),
        (json!(9.2e18), "9200000000000000000"),
        (json!(-9.2e18), "-9200000000000000000"),
    ] {
        assert_eq!(body("/i64", input.clone()), ok(expected), "{input}");
    }
    for (input, kind) in [
        (json!(5.5), "int_from_float"),
        (json!(1e19), "int_parsing_size"),
        (json!("abc"), "int_parsing"),
        (json!(null), "int_type"),
        (json!([1]), "int_type"),
        (json!(18446744073709551615u64), "less_than_equal"),
    ] {
        assert_eq!(body("/i64", input.clone()), err(kind), "{input}");
    }
    assert_eq!(body("/u8", json!(300.0)), err("less_than_equal"));
    assert_eq!(body("/u8", json!("-1")), err("greater_than_equal"));
}

/// Float strings Rust's parser reads, with the value it reads them as. The hard ones
/// test correct rounding: ties to even, the smallest subnormal and half of it, the edge
/// of overflow, more digits than an `f64` holds.
const FLOATS: &[(&str, &str)] = &[
    ("1", "1.0"),
    ("1.", "1.0"),
    (".5", "0.5"),
    ("-.5E-0", "-0.5"),
    ("1.5", "1.5"),
    ("-1.5e-3", "-0.0015"),
    ("+2E+8", "200000000.0"),
    ("00.10", "0.1"),
    ("1.e3", "1000.0"),
    ("-0", "-0.0"),
    ("-0.0e5", "-0.0"),
    (" 2.5 ", "2.5"),
    ("1_000.5", "1000.5"),
    ("1e1_0", "10000000000.0"),
    ("0.1", "0.1"),
    ("0.30000000000000004", "0.30000000000000004"),
    ("9007199254740993", "9007199254740992.0"),
    ("9007199254740995", "9007199254740996.0"),
    ("123456789012345678901234567890", "1.2345678901234568e29"),
    ("2.2250738585072014e-308", "2.2250738585072014e-308"),
    ("4.9e-324", "5e-324"),
    ("2.4703282292062328e-324", "5e-324"),
    ("2.4703282292062327e-324", "0.0"),
    ("1e-400", "0.0"),
    ("1.7976931348623157e308", "1.7976931348623157e308"),
    ("1.7976931348623158e308", "1.7976931348623157e308"),
];

/// Floats that are not finite, refused as Pydantic refuses them with
/// `allow_inf_nan=False` (FastAPI accepts them, then answers 500 writing them back out).
const NOT_FINITE: &[&str] = &[
    "1.7976931348623159e308",
    "1e400",
    "inf",
    "+Infinity",
    "-INF",
    "NaN",
    "-nan",
];

/// Strings that are not floats to Rust (some of them are to JS's `parseFloat`).
const NOT_FLOATS: &[&str] = &[
    "",
    " ",
    ".",
    "e5",
    "1e",
    "1e+",
    "1.2.3",
    "1_0_",
    "_1",
    "1__0",
    "0x10",
    "1,5",
    "++1",
    "-",
    "infinit",
    "Infinityx",
    "1e5.0",
    "1e5x",
    "1 2",
    "٣",
    "0b1",
];

#[test]
fn float_strings() {
    for (raw, expected) in FLOATS {
        assert_eq!(query("/f64", raw), ok(expected), "{raw:?}");
    }
    for raw in NOT_FLOATS {
        assert_eq!(query("/f64", raw), err("float_parsing"), "{raw:?}");
    }
    for raw in NOT_FINITE {
        assert_eq!(query("/f64", raw), err("finite_number"), "{raw:?}");
    }
    assert_eq!(query("/f32", "0.1"), ok("0.1"));
    assert_eq!(query("/f32", "3.4028236e38"), err("finite_number"));
}

#[test]
fn float_json_values() {
    for (raw, expected) in FLOATS {
        assert_eq!(body("/f64", json!(raw)), ok(expected), "{raw:?}");
    }
    for raw in NOT_FLOATS {
        assert_eq!(body("/f64", json!(raw)), err("float_parsing"), "{raw:?}");
    }
    for raw in NOT_FINITE {
        assert_eq!(body("/f64", json!(raw)), err("finite_number"), "{raw:?}");
    }
    for (input, expected) in [
        (json!(2), "2.0"),
        (json!(1.5), "1.5"),
        (json!(false), "0.0"),
        (json!(true), "1.0"),
    ] {
        assert_eq!(body("/f64", input.clone()), ok(expected), "{input}");
    }
    for input in [json!(null), json!([]), json!({"a": 1})] {
        assert_eq!(body("/f64", input.clone()), err("float_type"), "{input}");
    }
}

#[test]
fn boolean_strings() {
    for (raw, expected) in [
        ("0", "false"),
        ("off", "false"),
        ("F", "false"),
        ("false", "false"),
        ("n", "false"),
        ("NO", "false"),
        ("1", "true"),
        ("ON", "true"),
        ("t", "true"),
        ("True", "true"),
        ("y", "true"),
        ("yes", "true"),
    ] {
        assert_eq!(query("/bool", raw), ok(expected), "{raw:?}");
    }
    // Pydantic does not trim booleans.
    for raw in ["", "2", "maybe", " true", "yes ", "tru"] {
        assert_eq!(query("/bool", raw), err("bool_parsing"), "{raw:?}");
    }
}

#[test]
fn boolean_json_values() {
    for (input, expected) in [
        (json!(true), "true"),
        (json!("yes"), "true"),
        (json!(1), "true"),
        (json!(1.0), "true"),
        (json!("off"), "false"),
        (json!(0), "false"),
        (json!(0.0), "false"),
    ] {
        assert_eq!(body("/bool", input.clone()), ok(expected), "{input}");
    }
    for (input, kind) in [
        (json!("maybe"), "bool_parsing"),
        (json!(2), "bool_parsing"),
        (json!(-1), "bool_parsing"),
        (json!(1.5), "bool_type"),
        (json!(null), "bool_type"),
        (json!([]), "bool_type"),
    ] {
        assert_eq!(body("/bool", input.clone()), err(kind), "{input}");
    }
}
