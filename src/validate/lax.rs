//! Pydantic v2's lax conversions: the strings a parameter holds (and a JSON string where a
//! number or boolean is declared), and the JSON values a body holds, into Rust scalars.

use std::fmt;

use serde_json::{Number, Value};

use super::constraints::write_integer;
use super::error::Error;
use super::json_tree::Json;
use crate::error::{context, ErrorItem};

/// A deserializer whose scalars convert laxly: [`deserialize_scalars!`] writes its
/// `deserialize_bool`, integer, float and `deserialize_char` methods from these.
pub(super) trait Scalars {
    fn bool(&self) -> Result<bool, Error>;
    fn int<T: Integer>(&self) -> Result<T, Error>;
    fn float(&self) -> Result<f64, Error>;
    fn char(&self) -> Result<char, Error>;
    /// Attributes an error from the conversion or the visitor to the value read.
    fn finish<T>(&self, result: Result<T, Error>) -> Result<T, Error>;

    /// An `f32`, refused as not finite where the `f64` is beyond its range.
    fn float32(&self) -> Result<f32, Error> {
        let f = self.float()? as f32;
        if f.is_finite() {
            Ok(f)
        } else {
            Err(Error::new(finite_number()))
        }
    }
}

/// The scalar methods of a `Deserializer` that implements [`Scalars`].
macro_rules! deserialize_scalars {
    () => {
        deserialize_scalars! {
            deserialize_bool => visit_bool(bool), deserialize_char => visit_char(char),
            deserialize_f32 => visit_f32(float32), deserialize_f64 => visit_f64(float),
            deserialize_i8 => visit_i8(int::<i8>), deserialize_i16 => visit_i16(int::<i16>),
            deserialize_i32 => visit_i32(int::<i32>), deserialize_i64 => visit_i64(int::<i64>),
            deserialize_i128 => visit_i128(int::<i128>), deserialize_u8 => visit_u8(int::<u8>),
            deserialize_u16 => visit_u16(int::<u16>), deserialize_u32 => visit_u32(int::<u32>),
            deserialize_u64 => visit_u64(int::<u64>), deserialize_u128 => visit_u128(int::<u128>),
        }
    };
    ($($method:ident => $visit:ident($convert:ident $(::<$ty:ty>)?)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let value = Scalars::$convert$(::<$ty>)?(&self);
            self.finish(value.and_then(|value| visitor.$visit(value)))
        }
    )*};
}
pub(super) use deserialize_scalars;

// ---------------------------------------------------------------------------------------
// From strings.

/// A bound of a Rust integer type, reported as Pydantic's `ge`/`le` context.
#[derive(Clone, Copy)]
pub(super) enum Bound {
    Signed(i128),
    Unsigned(u128),
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Bound::Signed(n) => write_integer(f, n < 0, n.unsigned_abs()),
            Bound::Unsigned(n) => write_integer(f, false, n),
        }
    }
}

impl From<Bound> for Value {
    fn from(bound: Bound) -> Self {
        // JSON numbers here hold 64 bits; only the 128-bit extremes fall back to a float.
        let number = match bound {
            Bound::Signed(n) => Number::from_i128(n),
            Bound::Unsigned(n) => Number::from_u128(n),
        };
        number.map_or_else(
            || match bound {
                Bound::Signed(n) => Value::from(n as f64),
                Bound::Unsigned(n) => Value::from(n as f64),
            },
            Value::Number,
        )
    }
}

/// A Rust integer type: a Pydantic `int` constrained to the type's range.
pub(super) trait Integer: TryFrom<i128> + TryFrom<u128> {
    const MIN: Bound;
    const MAX: Bound;
}

macro_rules! integers {
    ($($ty:ty: $variant:ident),* $(,)?) => {$(
        impl Integer for $ty {
            const MIN: Bound = Bound::$variant(<$ty>::MIN as _);
            const MAX: Bound = Bound::$variant(<$ty>::MAX as _);
        }
    )*};
}

integers! {
    i8: Signed, i16: Signed, i32: Signed, i64: Signed, i128: Signed, isize: Signed,
    u8: Unsigned, u16: Unsigned, u32: Unsigned, u64: Unsigned, u128: Unsigned, usize: Unsigned,
}

/// Python refuses to parse integers of more than 4300 digits.
const MAX_INT_DIGITS: usize = 4300;

pub(super) fn parse_int<T: Integer>(raw: &str) -> Result<T, Error> {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    if digits.len() > MAX_INT_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::new(int_parsing_size().input(raw)));
    }
    let (negative, digits) = int_digits(raw).ok_or_else(|| {
        Error::new(
            ErrorItem::new(
                "int_parsing",
                "Input should be a valid integer, unable to parse string as an integer",
            )
            .input(raw),
        )
    })?;
    let magnitude = digits
        .bytes()
        .filter(|b| *b != b'_')
        .try_fold(0u128, |n, b| {
            n.checked_mul(10)?.checked_add(u128::from(b - b'0'))
        });
    let value = match magnitude {
        Some(m) if !negative => T::try_from(m).ok(),
        Some(m) => 0i128
            .checked_sub_unsigned(m)
            .and_then(|n| T::try_from(n).ok()),
        None => None,
    };
    value.ok_or_else(|| out_of_range::<T>(negative, Value::from(raw)))
}

/// Pydantic's error for an integer beyond the type's range, on the side it fell.
fn out_of_range<T: Integer>(negative: bool, input: Value) -> Error {
    Error::new(if negative {
        ErrorItem::greater_than_equal(T::MIN, input)
    } else {
        ErrorItem::less_than_equal(T::MAX, input)
    })
}

fn int_parsing_size() -> ErrorItem {
    ErrorItem::new(
        "int_parsing_size",
        "Unable to parse input string as an integer, exceeded maximum size",
    )
}

/// Reads an integer string as Pydantic does: surrounding whitespace, one sign, `_` between
/// digits and a fractional part of zeros (`"3.00"`) are allowed. Returns the sign and the
/// ASCII digits, still with their underscores.
fn int_digits(raw: &str) -> Option<(bool, &str)> {
    let s = raw.trim();
    let (negative, s) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let s = match s.split_once('.') {
        Some((int, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => int,
        Some(_) => return None,
        None => s,
    };
    let well_formed = !s.is_empty()
        && !s.starts_with('_')
        && !s.ends_with('_')
        && !doubled_underscore(s)
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    well_formed.then_some((negative, s))
}

/// Rust's float syntax, which Pydantic uses (`inf`, `nan`, `1e5`, ...), plus Python's
/// underscores between digits. A value that is not finite (`inf`, `nan`, `1e400`) is
/// refused as Pydantic refuses it under `allow_inf_nan=False`: where FastAPI accepts it
/// and then answers 500 when it writes the value back out, a Rust `f64` a handler gets is
/// always one JSON can carry.
pub(super) fn parse_float(raw: &str) -> Result<f64, Error> {
    let float = to_f64(raw.trim())
        .or_else(|| to_f64(&strip_underscores(raw)?))
        .ok_or_else(|| {
            Error::new(
                ErrorItem::new(
                    "float_parsing",
                    "Input should be a valid number, unable to parse string as a number",
                )
                .input(raw),
            )
        })?;
    if float.is_finite() {
        Ok(float)
    } else {
        Err(Error::new(finite_number().input(raw)))
    }
}

/// Pydantic's error for `inf` and `nan` where they are not allowed.
fn finite_number() -> ErrorItem {
    ErrorItem::new("finite_number", "Input should be a finite number")
}

/// `s.parse::<f64>()`. In wasm the syntax is checked here and the host's `parseFloat`
/// (correctly rounded too) converts: core's parser would add about 15 KB of code and
/// tables to every app.
fn to_f64(s: &str) -> Option<f64> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let sign = if s.starts_with('-') { -1.0 } else { 1.0 };
    if ["inf", "infinity"]
        .iter()
        .any(|w| unsigned.eq_ignore_ascii_case(w))
    {
        return Some(sign * f64::INFINITY);
    }
    if unsigned.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN.copysign(sign));
    }
    if !is_decimal(unsigned) {
        return None;
    }
    #[cfg(target_arch = "wasm32")]
    return Some(js_sys::parse_float(s));
    #[cfg(not(target_arch = "wasm32"))]
    s.parse().ok()
}

/// Rust's decimal float syntax, unsigned: `1`, `1.`, `.5`, `1.5e-3`, `2E+8`.
fn is_decimal(s: &str) -> bool {
    let (mantissa, exponent) = match s.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (s, None),
    };
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !(int.is_empty() && frac.is_empty()) && digits(int) && digits(frac) && exponent_ok
}

/// Whether `s` has two underscores in a row, which Python's number syntax refuses. Bytes,
/// not `contains("__")`, which would link core's two-way string searcher.
fn doubled_underscore(s: &str) -> bool {
    s.as_bytes().windows(2).any(|pair| pair == b"__")
}

fn strip_underscores(s: &str) -> Option<String> {
    let valid =
        s.contains('_') && !s.starts_with('_') && !s.ends_with('_') && !doubled_underscore(s);
    valid.then(|| s.replace('_', ""))
}

/// Pydantic's words for booleans; unlike numbers, they are not trimmed.
pub(super) fn parse_bool(raw: &str) -> Result<bool, Error> {
    const FALSE: [&str; 6] = ["0", "off", "f", "false", "n", "no"];
    const TRUE: [&str; 6] = ["1", "on", "t", "true", "y", "yes"];
    if FALSE.iter().any(|word| raw.eq_ignore_ascii_case(word)) {
        Ok(false)
    } else if TRUE.iter().any(|word| raw.eq_ignore_ascii_case(word)) {
        Ok(true)
    } else {
        Err(Error::new(bool_parsing().input(raw)))
    }
}

fn bool_parsing() -> ErrorItem {
    ErrorItem::new(
        "bool_parsing",
        "Input should be a valid boolean, unable to interpret input",
    )
}

/// The one character of `s`, if it has exactly one.
pub(super) fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// From JSON values. Errors here leave the input to the node read.

/// A Rust integer from a JSON value, as a Pydantic `int` bounded by the type's range.
pub(super) fn int_from_json<T: Integer>(json: &Json) -> Result<T, Error> {
    let n = match json {
        Json::Number(n) => number_to_i128(n)?,
        // Pydantic's lax mode reads booleans as 0 and 1.
        Json::Bool(b) => i128::from(*b),
        Json::String(s) => return parse_int(s),
        _ => {
            return Err(Error::of_kind(
                "int_type",
                "Input should be a valid integer",
            ))
        }
    };
    T::try_from(n).map_err(|_| out_of_range::<T>(n < 0, Value::Null))
}

fn number_to_i128(n: &Number) -> Result<i128, Error> {
    if let Some(u) = n.as_u64() {
        return Ok(i128::from(u));
    }
    if n.as_f64().is_some_and(|f| f.fract() != 0.0) {
        return Err(Error::of_kind(
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ));
    }
    whole_i64(n)
        .map(i128::from)
        .ok_or_else(|| Error::new(int_parsing_size()))
}

/// The number as Pydantic reads it into a 64-bit integer: only whole floats strictly
/// within ±2⁶³ convert.
fn whole_i64(n: &Number) -> Option<i64> {
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    n.as_i64().or_else(|| {
        let f = n.as_f64()?;
        (f.fract() == 0.0 && -LIMIT < f && f < LIMIT).then_some(f as i64)
    })
}

pub(super) fn float_from_json(json: &Json) -> Result<f64, Error> {
    match json {
        Json::Number(n) => Ok(n.as_f64().unwrap_or_default()),
        Json::Bool(b) => Ok(f64::from(u8::from(*b))),
        Json::String(s) => parse_float(s),
        _ => Err(Error::of_kind(
            "float_type",
            "Input should be a valid number",
        )),
    }
}

pub(super) fn bool_from_json(json: &Json) -> Result<bool, Error> {
    let bool_type = || Error::of_kind("bool_type", "Input should be a valid boolean");
    match json {
        Json::Bool(b) => Ok(*b),
        Json::Number(n) => match whole_i64(n) {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            Some(_) => Err(Error::new(bool_parsing())),
            None => Err(bool_type()),
        },
        Json::String(s) => parse_bool(s).map_err(|_| Error::new(bool_parsing())),
        _ => Err(bool_type()),
    }
}

/// A one-character string, as `Annotated[str, Field(min_length=1, max_length=1)]`.
pub(super) fn char_from_json(json: &Json) -> Result<char, Error> {
    let Json::String(s) = json else {
        return Err(string_type());
    };
    single_char(s).ok_or_else(|| {
        Error::new(if s.is_empty() {
            ErrorItem::new(
                "string_too_short",
                "String should have at least 1 character",
            )
            .ctx(context([("min_length", Value::from(1))]))
        } else {
            ErrorItem::new("string_too_long", "String should have at most 1 character")
                .ctx(context([("max_length", Value::from(1))]))
        })
    })
}

pub(super) fn string_type() -> Error {
    Error::of_kind("string_type", "Input should be a valid string")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_syntax_is_rusts() {
        for s in [
            "1",
            "1.",
            ".5",
            "1.5",
            "-1.5e-3",
            "+2E+8",
            "1e5",
            "00.10",
            "inf",
            "-Infinity",
            "NaN",
            "+nan",
            "",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1_0",
            "0x10",
            "1,5",
            "++1",
            "-",
            " 1",
            "1 ",
            "infinit",
            "1e5.0",
            "1.e3",
            "-.5E-0",
            "٣",
        ] {
            let expected: Option<f64> = s.parse().ok();
            assert_eq!(
                to_f64(s).map(f64::to_bits),
                expected.map(f64::to_bits),
                "{s:?}"
            );
        }
    }

    mod from_strings {
        use crate::validate::test_support::params::*;

        #[test]
        fn int_parsing_error() {
            assert_eq!(
                detail(query::<Limit>(&[("limit", "ten")])),
                json!([{
                    "type": "int_parsing",
                    "loc": ["query", "limit"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "ten",
                }])
            );
        }

        #[test]
        fn integers_parse_as_pydantic_does() {
            for (raw, expected) in [
                ("42", 42),
                (" 42\t", 42),
                ("+7", 7),
                ("-7", -7),
                ("1_000", 1000),
                ("007", 7),
                ("3.0", 3),
                ("-3.00", -3),
                ("-0", 0),
            ] {
                assert_eq!(
                    query::<Signed>(&[("n", raw)]),
                    Ok(Signed { n: expected }),
                    "{raw:?}"
                );
            }
            for raw in [
                "", " ", "1.5", "1.", ".0", "1e3", "1__0", "_1", "1_", "+-1", "--1", "- 1", "0x10",
                "1.0.0", "one",
            ] {
                let detail = detail(query::<Signed>(&[("n", raw)]));
                assert_eq!(detail[0]["type"], "int_parsing", "{raw:?}");
                assert_eq!(detail[0]["input"], raw, "{raw:?}");
            }
        }

        #[test]
        fn overflow_is_a_bound_error_with_ctx() {
            assert_eq!(
                detail(query::<Small>(&[("n", "256")])),
                json!([{
                    "type": "less_than_equal",
                    "loc": ["query", "n"],
                    "msg": "Input should be less than or equal to 255",
                    "input": "256",
                    "ctx": {"le": 255},
                }])
            );
            assert_eq!(
                detail(query::<Signed>(&[(
                    "n",
                    "-99999999999999999999999999999999999999999999"
                )])),
                json!([{
                    "type": "greater_than_equal",
                    "loc": ["query", "n"],
                    "msg": "Input should be greater than or equal to -2147483648",
                    "input": "-99999999999999999999999999999999999999999999",
                    "ctx": {"ge": -2147483648},
                }])
            );
        }

        #[test]
        fn negative_into_unsigned_is_greater_than_equal() {
            assert_eq!(
                detail(query::<Limit>(&[("limit", "-1")])),
                json!([{
                    "type": "greater_than_equal",
                    "loc": ["query", "limit"],
                    "msg": "Input should be greater than or equal to 0",
                    "input": "-1",
                    "ctx": {"ge": 0},
                }])
            );
        }

        #[test]
        fn wide_integers_use_their_whole_range() {
            #[derive(Debug, Deserialize, PartialEq)]
            struct Wide {
                u: u128,
                i: i128,
                big: u64,
            }
            let wide: Wide = query(&[
                ("u", &u128::MAX.to_string()),
                ("i", &i128::MIN.to_string()),
                ("big", "18446744073709551615"),
            ])
            .unwrap();
            assert_eq!((wide.u, wide.i, wide.big), (u128::MAX, i128::MIN, u64::MAX));

            let detail = detail(query::<Wide>(&[
                ("u", "1"),
                ("i", "1"),
                ("big", "18446744073709551616"),
            ]));
            assert_eq!(detail[0]["ctx"], json!({"le": 18446744073709551615u64}));
            assert_eq!(
                detail[0]["msg"],
                "Input should be less than or equal to 18446744073709551615"
            );
        }

        #[test]
        fn huge_integers_exceed_the_maximum_size() {
            let raw = "9".repeat(4301);
            assert_eq!(
                detail(query::<Limit>(&[("limit", &raw)])),
                json!([{
                    "type": "int_parsing_size",
                    "loc": ["query", "limit"],
                    "msg": "Unable to parse input string as an integer, exceeded maximum size",
                    "input": raw,
                }])
            );
        }

        #[test]
        fn floats_parse_as_pydantic_does() {
            for (raw, expected) in [
                ("1.5", 1.5),
                (" 2.5 ", 2.5),
                ("1e3", 1000.0),
                ("-.5", -0.5),
                ("1_000.5", 1000.5),
            ] {
                assert_eq!(
                    query::<Float>(&[("x", raw)]),
                    Ok(Float { x: expected }),
                    "{raw:?}"
                );
            }
            for raw in ["inf", "-Infinity", "NaN", "1e400"] {
                assert_eq!(
                    detail(query::<Float>(&[("x", raw)])),
                    json!([{
                        "type": "finite_number",
                        "loc": ["query", "x"],
                        "msg": "Input should be a finite number",
                        "input": raw,
                    }])
                );
            }
            assert_eq!(
                detail(query::<Float>(&[("x", "1,5")])),
                json!([{
                    "type": "float_parsing",
                    "loc": ["query", "x"],
                    "msg": "Input should be a valid number, unable to parse string as a number",
                    "input": "1,5",
                }])
            );
        }

        #[test]
        fn booleans_take_pydantic_words() {
            for raw in ["0", "off", "F", "false", "n", "NO"] {
                assert_eq!(
                    query::<Flag>(&[("flag", raw)]),
                    Ok(Flag { flag: false }),
                    "{raw:?}"
                );
            }
            for raw in ["1", "ON", "t", "True", "y", "yes"] {
                assert_eq!(
                    query::<Flag>(&[("flag", raw)]),
                    Ok(Flag { flag: true }),
                    "{raw:?}"
                );
            }
            // Pydantic does not trim booleans.
            for raw in ["", "2", "maybe", " true"] {
                assert_eq!(
                    detail(query::<Flag>(&[("flag", raw)])),
                    json!([{
                        "type": "bool_parsing",
                        "loc": ["query", "flag"],
                        "msg": "Input should be a valid boolean, unable to interpret input",
                        "input": raw,
                    }]),
                    "{raw:?}"
                );
            }
        }
    }

    mod from_json {
        use crate::validate::test_support::json::*;

        #[test]
        fn integers_accept_numeric_strings_whole_floats_and_booleans() {
            for (body, n) in [
                (r#"{"n": 5}"#, 5),
                (r#"{"n": "5"}"#, 5),
                (r#"{"n": " 5 "}"#, 5),
                (r#"{"n": "5.0"}"#, 5),
                (r#"{"n": "1_000"}"#, 1000),
                (r#"{"n": 5.0}"#, 5),
                (r#"{"n": -7}"#, -7),
                (r#"{"n": true}"#, 1),
                (r#"{"n": 9.2e18}"#, 9_200_000_000_000_000_000),
            ] {
                assert_eq!(read(body), Ok(Int { n }), "{body}");
            }
        }

        #[test]
        fn integer_errors() {
            let int_type = "Input should be a valid integer";
            for input in [json!(null), json!([]), json!({}), json!([1])] {
                let body = json!({ "n": input }).to_string();
                assert_eq!(detail::<Int>(&body), one("int_type", "n", int_type, input));
            }
            assert_eq!(
                detail::<Int>(r#"{"n": "abc"}"#),
                one(
                    "int_parsing",
                    "n",
                    "Input should be a valid integer, unable to parse string as an integer",
                    json!("abc")
                )
            );
            assert_eq!(
                detail::<Int>(r#"{"n": 5.5}"#),
                one(
                    "int_from_float",
                    "n",
                    "Input should be a valid integer, got a number with a fractional part",
                    json!(5.5)
                )
            );
            assert_eq!(
                detail::<Int>(r#"{"n": 1e19}"#),
                one(
                    "int_parsing_size",
                    "n",
                    "Unable to parse input string as an integer, exceeded maximum size",
                    json!(1e19)
                )
            );
        }

        #[test]
        fn out_of_range_integers_are_bound_errors() {
            let le = |input: Value| {
                json!([{
                    "type": "less_than_equal",
                    "loc": ["body", "n"],
                    "msg": "Input should be less than or equal to 255",
                    "input": input,
                    "ctx": {"le": 255},
                }])
            };
            assert_eq!(detail::<Small>(r#"{"n": 300}"#), le(json!(300)));
            assert_eq!(detail::<Small>(r#"{"n": "300"}"#), le(json!("300")));
            assert_eq!(detail::<Small>(r#"{"n": 300.0}"#), le(json!(300.0)));
            assert_eq!(
                detail::<Small>(r#"{"n": -1}"#),
                json!([{
                    "type": "greater_than_equal",
                    "loc": ["body", "n"],
                    "msg": "Input should be greater than or equal to 0",
                    "input": -1,
                    "ctx": {"ge": 0},
                }])
            );
            #[derive(Debug, Deserialize)]
            struct Big {
                #[allow(dead_code)]
                n: i64,
            }
            assert_eq!(
                detail::<Big>(r#"{"n": 18446744073709551615}"#),
                json!([{
                    "type": "less_than_equal",
                    "loc": ["body", "n"],
                    "msg": "Input should be less than or equal to 9223372036854775807",
                    "input": 18446744073709551615u64,
                    "ctx": {"le": 9223372036854775807i64},
                }])
            );
        }

        #[test]
        fn floats() {
            for (body, x) in [
                (r#"{"x": 1.5}"#, 1.5),
                (r#"{"x": 2}"#, 2.0),
                (r#"{"x": "2.5"}"#, 2.5),
                (r#"{"x": " 1e3 "}"#, 1000.0),
                (r#"{"x": false}"#, 0.0),
            ] {
                assert_eq!(read(body), Ok(Float { x }), "{body}");
            }
            assert_eq!(
                detail::<Float>(r#"{"x": "inf"}"#),
                one(
                    "finite_number",
                    "x",
                    "Input should be a finite number",
                    json!("inf")
                )
            );
            assert_eq!(
                detail::<Float>(r#"{"x": "1,5"}"#),
                one(
                    "float_parsing",
                    "x",
                    "Input should be a valid number, unable to parse string as a number",
                    json!("1,5")
                )
            );
            for input in [json!(null), json!([]), json!({"a": 1})] {
                let body = json!({ "x": input }).to_string();
                assert_eq!(
                    detail::<Float>(&body),
                    one("float_type", "x", "Input should be a valid number", input)
                );
            }
        }

        #[test]
        fn booleans_take_pydantic_words_and_numbers() {
            for (input, flag) in [
                (json!(true), true),
                (json!("yes"), true),
                (json!("TRUE"), true),
                (json!("t"), true),
                (json!("on"), true),
                (json!("1"), true),
                (json!(1), true),
                (json!(1.0), true),
                (json!("off"), false),
                (json!("n"), false),
                (json!("0"), false),
                (json!(0), false),
                (json!(0.0), false),
            ] {
                let body = json!({ "flag": input }).to_string();
                assert_eq!(read(&body), Ok(Flag { flag }), "{body}");
            }
            let parsing = "Input should be a valid boolean, unable to interpret input";
            for input in [
                json!("maybe"),
                json!(""),
                json!(" true"),
                json!(2),
                json!(-1),
                json!(2.0),
            ] {
                let body = json!({ "flag": input }).to_string();
                assert_eq!(
                    detail::<Flag>(&body),
                    one("bool_parsing", "flag", parsing, input)
                );
            }
            for input in [json!(1.5), json!(null), json!([]), json!({})] {
                let body = json!({ "flag": input }).to_string();
                assert_eq!(
                    detail::<Flag>(&body),
                    one(
                        "bool_type",
                        "flag",
                        "Input should be a valid boolean",
                        input
                    )
                );
            }
        }

        #[test]
        fn chars_are_one_character_strings() {
            #[derive(Debug, Deserialize, PartialEq)]
            struct Letter {
                c: char,
            }
            assert_eq!(read(r#"{"c": "é"}"#), Ok(Letter { c: 'é' }));
            assert_eq!(
                detail::<Letter>(r#"{"c": ""}"#),
                json!([{
                    "type": "string_too_short",
                    "loc": ["body", "c"],
                    "msg": "String should have at least 1 character",
                    "input": "",
                    "ctx": {"min_length": 1},
                }])
            );
            assert_eq!(
                detail::<Letter>(r#"{"c": "ab"}"#),
                json!([{
                    "type": "string_too_long",
                    "loc": ["body", "c"],
                    "msg": "String should have at most 1 character",
                    "input": "ab",
                    "ctx": {"max_length": 1},
                }])
            );
        }
    }
}
