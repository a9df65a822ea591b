//! Declared constraints (`#[edgeapi::validate]`), checked as Pydantic v2 checks them: a
//! field's value is read, then its bounds, lengths and pattern are checked in Pydantic's
//! order, and the first one it breaks is its error, with Pydantic's `type`, `msg` and
//! `ctx`. The error is raised from inside deserialization, so it is located, given its
//! raw input and collected with every other error of the one 422.
//!
//! The attribute puts `#[serde(deserialize_with = ...)]` on each constrained field, which
//! calls [`deserialize`] with a check built from these functions.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::{context, ErrorItem};

/// A broken constraint's error, boxed: it is rare, and the check's result stays small.
#[doc(hidden)]
pub type Broken = Box<ErrorItem>;

/// The newtype name a constrained field is read under. A rerun's placeholder answers it
/// with a sequence: the value is read unchecked, as it is thrown away.
pub(crate) const CONSTRAINED: &str = "edgeapi::Constrained";

thread_local! {
    /// The error a check raised, until the deserializer's `custom` picks it up: serde
    /// gives a `deserialize_with` function no other way to raise a structured error.
    static RAISED: Cell<Option<ErrorItem>> = const { Cell::new(None) };
}

/// The structured error behind a `custom` message raised by a check, if any.
pub(crate) fn take_raised(msg: &str) -> Option<ErrorItem> {
    RAISED.take().filter(|item| item.msg == msg)
}

/// Reads a `T` and checks it; the attribute's `deserialize_with` function.
#[doc(hidden)]
pub fn deserialize<'de, D, T, F>(deserializer: D, check: F) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
    F: FnOnce(&T) -> Result<(), Broken>,
{
    deserializer.deserialize_newtype_struct(CONSTRAINED, Checked(check, PhantomData))
}

struct Checked<T, F>(F, PhantomData<fn() -> T>);

impl<'de, T, F> Visitor<'de> for Checked<T, F>
where
    T: Deserialize<'de>,
    F: FnOnce(&T) -> Result<(), Broken>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a constrained value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<T, D::Error> {
        let value = T::deserialize(inner)?;
        match (self.0)(&value) {
            Ok(()) => Ok(value),
            Err(item) => {
                let msg = item.msg.clone();
                RAISED.set(Some(*item));
                Err(de::Error::custom(msg))
            }
        }
    }

    /// A placeholder: read, not checked.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        seq.next_element()?
            .ok_or_else(|| de::Error::custom("a placeholder without a value"))
    }
}

/// A bound as declared: an integer or a float, shown as Pydantic shows it.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    Int(i128),
    Float(f64),
}

macro_rules! bound_from {
    ($variant:ident as $as:ty: $($t:ty),*) => {$(
        impl From<$t> for Bound {
            fn from(value: $t) -> Self {
                Bound::$variant(value as $as)
            }
        }
    )*};
}
bound_from!(Int as i128: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);
bound_from!(Float as f64: f32, f64);

impl Bound {
    fn as_f64(self) -> f64 {
        match self {
            Bound::Int(i) => i as f64,
            Bound::Float(f) => f,
        }
    }

    /// The bound in `ctx`, converted to the field's type as Pydantic converts it: `0.0`
    /// for `gt=0` on a float, `10` for `le=10.0` on an integer.
    fn ctx(self, of: Number) -> Value {
        match (self, of) {
            (Bound::Int(i), Number::Int(_)) => int_value(i),
            (Bound::Float(f), Number::Int(_)) if f.fract() == 0.0 && f.abs() < 1e18 => {
                int_value(f as i128)
            }
            (bound, _) => Value::from(bound.as_f64()),
        }
    }
}

fn int_value(i: i128) -> Value {
    i64::try_from(i).map_or_else(|_| Value::from(i as f64), Value::from)
}

/// The bound in a message as Pydantic words it: whole floats without their `.0`
/// (`less than or equal to 10` for `le=10.0`). Written through `write_integer` and
/// serde_json's float writer: core's float and 128-bit formatting would add kilobytes to
/// every app that declares a bound.
impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whole = match *self {
            Bound::Int(i) => Some(i),
            Bound::Float(x) if x.fract() == 0.0 && x.abs() < 1e38 => Some(x as i128),
            Bound::Float(_) => None,
        };
        match whole {
            Some(i) => write_integer(f, i < 0, i.unsigned_abs()),
            None => f.write_str(&Value::from(self.as_f64()).to_string()),
        }
    }
}

/// Writes an integer of up to 128 bits: through 64-bit formatting, linked already, where
/// its magnitude fits, else digit by digit, as core's 128-bit formatting would add a
/// kilobyte to every app that reads a number.
pub(super) fn write_integer(
    f: &mut fmt::Formatter<'_>,
    negative: bool,
    magnitude: u128,
) -> fmt::Result {
    let sign = if negative { "-" } else { "" };
    if let Ok(small) = u64::try_from(magnitude) {
        return write!(f, "{sign}{small}");
    }
    let mut n = magnitude;
    let mut out = Vec::new();
    loop {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits: String = out.iter().rev().map(|&b| char::from(b)).collect();
    write!(f, "{sign}{digits}")
}

/// A value a bound applies to.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Number {
    Int(i128),
    Float(f64),
}

impl Number {
    /// How the value compares with the bound.
    fn cmp(self, bound: Bound) -> Option<std::cmp::Ordering> {
        match (self, bound) {
            (Number::Int(a), Bound::Int(b)) => Some(a.cmp(&b)),
            (a, b) => a.as_f64().partial_cmp(&b.as_f64()),
        }
    }

    fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }
}

/// Types a `range` or `multiple_of` applies to: numbers, and `Option`s of them (`None`
/// passes).
#[doc(hidden)]
pub trait AsNumber {
    fn as_number(&self) -> Option<Number>;
}

macro_rules! as_number {
    ($variant:ident as $as:ty: $($t:ty),*) => {$(
        impl AsNumber for $t {
            fn as_number(&self) -> Option<Number> {
                Some(Number::$variant(*self as $as))
            }
        }
    )*};
}
as_number!(Int as i128: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, usize);
as_number!(Float as f64: f32, f64);

/// Types a `regex` applies to: strings, and `Option`s of them.
#[doc(hidden)]
pub trait AsText {
    fn as_text(&self) -> Option<&str>;
}

impl AsText for String {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

impl AsText for Box<str> {
    fn as_text(&self) -> Option<&str> {
        Some(self)
    }
}

/// How a `length` counts: a string's characters, a list's items.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Length {
    Chars(usize),
    Items(usize),
}

/// Types a `length` applies to: strings (characters, as Python counts them), lists and
/// sets (items), and `Option`s of them.
#[doc(hidden)]
pub trait HasLength {
    fn length(&self) -> Option<Length>;
}

impl HasLength for String {
    fn length(&self) -> Option<Length> {
        Some(Length::Chars(self.chars().count()))
    }
}

impl HasLength for Box<str> {
    fn length(&self) -> Option<Length> {
        Some(Length::Chars(self.chars().count()))
    }
}

impl<T> HasLength for Vec<T> {
    fn length(&self) -> Option<Length> {
        Some(Length::Items(self.len()))
    }
}

impl<T, S> HasLength for std::collections::HashSet<T, S> {
    fn length(&self) -> Option<Length> {
        Some(Length::Items(self.len()))
    }
}

impl<T> HasLength for std::collections::BTreeSet<T> {
    fn length(&self) -> Option<Length> {
        Some(Length::Items(self.len()))
    }
}

impl<T: AsNumber> AsNumber for Option<T> {
    fn as_number(&self) -> Option<Number> {
        self.as_ref().and_then(T::as_number)
    }
}

impl<T: AsText> AsText for Option<T> {
    fn as_text(&self) -> Option<&str> {
        self.as_ref().and_then(T::as_text)
    }
}

impl<T: HasLength> HasLength for Option<T> {
    fn length(&self) -> Option<Length> {
        self.as_ref().and_then(T::length)
    }
}

/// One check, as the attribute lists them in Pydantic's order: `multiple_of`, `le`,
/// `lt`, `ge`, `gt` for numbers; `min_length`, `max_length`, `pattern` for strings.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub enum Check {
    MultipleOf(Bound),
    Le(Bound),
    Lt(Bound),
    Ge(Bound),
    Gt(Bound),
}

/// Checks a number against `checks`, in order; the first broken one is the error.
#[doc(hidden)]
pub fn number<T: AsNumber + ?Sized>(value: &T, checks: &[Check]) -> Result<(), Broken> {
    match value.as_number() {
        Some(number) => check_number(number, checks),
        None => Ok(()),
    }
}

#[inline(never)]
fn check_number(value: Number, checks: &[Check]) -> Result<(), Broken> {
    use std::cmp::Ordering::{Equal, Greater, Less};
    for check in checks {
        let (kind, key, words, bound, ok) = match *check {
            Check::MultipleOf(m) => {
                let ok = is_multiple(value, m);
                ("multiple_of", "multiple_of", "a multiple of", m, ok)
            }
            Check::Le(b) => {
                let ok = matches!(value.cmp(b), Some(Less | Equal));
                ("less_than_equal", "le", "less than or equal to", b, ok)
            }
            Check::Lt(b) => {
                let ok = matches!(value.cmp(b), Some(Less));
                ("less_than", "lt", "less than", b, ok)
            }
            Check::Ge(b) => {
                let ok = matches!(value.cmp(b), Some(Greater | Equal));
                (
                    "greater_than_equal",
                    "ge",
                    "greater than or equal to",
                    b,
                    ok,
                )
            }
            Check::Gt(b) => {
                let ok = matches!(value.cmp(b), Some(Greater));
                ("greater_than", "gt", "greater than", b, ok)
            }
        };
        if !ok {
            return Err(Box::new(
                ErrorItem::new(kind, format!("Input should be {words} {bound}"))
                    .ctx(context([(key, bound.ctx(value))])),
            ));
        }
    }
    Ok(())
}

/// Pydantic's test: exact for integers, within a billionth of the value for floats.
fn is_multiple(value: Number, of: Bound) -> bool {
    match (value, of) {
        (Number::Int(v), Bound::Int(m)) => m == 0 || v % m == 0,
        _ => {
            let (v, m) = (value.as_f64(), of.as_f64());
            let rem = v % m;
            let threshold = v.abs() / 1e9;
            rem.abs() <= threshold || (rem - m).abs() <= threshold
        }
    }
}

/// Checks a string's or a list's length: `min` then `max`.
#[doc(hidden)]
pub fn length<T: HasLength + ?Sized>(
    value: &T,
    min: Option<usize>,
    max: Option<usize>,
) -> Result<(), Broken> {
    match value.length() {
        Some(length) => check_length(length, min, max),
        None => Ok(()),
    }
}

#[inline(never)]
fn check_length(length: Length, min: Option<usize>, max: Option<usize>) -> Result<(), Broken> {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let (actual, is_list) = match length {
        Length::Chars(n) => (n, false),
        Length::Items(n) => (n, true),
    };
    if let Some(min) = min.filter(|min| actual < *min) {
        return Err(Box::new(if is_list {
            ErrorItem::new(
                "too_short",
                format!(
                    "List should have at least {min} item{} after validation, not {actual}",
                    plural(min)
                ),
            )
            .ctx(list_context("min_length", min, actual))
        } else {
            ErrorItem::new(
                "string_too_short",
                format!("String should have at least {min} character{}", plural(min)),
            )
            .ctx(context([("min_length", Value::from(min))]))
        }));
    }
    if let Some(max) = max.filter(|max| actual > *max) {
        return Err(Box::new(if is_list {
            ErrorItem::new(
                "too_long",
                format!(
                    "List should have at most {max} item{} after validation, not {actual}",
                    plural(max)
                ),
            )
            .ctx(list_context("max_length", max, actual))
        } else {
            ErrorItem::new(
                "string_too_long",
                format!("String should have at most {max} character{}", plural(max)),
            )
            .ctx(context([("max_length", Value::from(max))]))
        }));
    }
    Ok(())
}

fn list_context(key: &str, bound: usize, actual: usize) -> Value {
    context([
        ("field_type", Value::from("List")),
        (key, Value::from(bound)),
        ("actual_length", Value::from(actual)),
    ])
}

thread_local! {
    /// Patterns compiled so far, by their text: each is compiled once per instance.
    static PATTERNS: RefCell<Vec<(&'static str, Option<regex_lite::Regex>)>> =
        const { RefCell::new(Vec::new()) };
}

/// Checks that a string matches `pattern` somewhere, as Pydantic's `pattern` does (a
/// search, not a full match: anchor it with `^...$`). A pattern that does not compile is
/// a bug in the app: a logged 500.
#[doc(hidden)]
pub fn pattern<T: AsText + ?Sized>(value: &T, pattern: &'static str) -> Result<(), Broken> {
    match value.as_text() {
        Some(text) => check_pattern(text, pattern),
        None => Ok(()),
    }
}

#[inline(never)]
fn check_pattern(text: &str, pattern: &'static str) -> Result<(), Broken> {
    let matched = PATTERNS.with_borrow_mut(|patterns| {
        let at = match patterns.iter().position(|(p, _)| *p == pattern) {
            Some(at) => at,
            None => {
                patterns.push((pattern, regex_lite::Regex::new(pattern).ok()));
                patterns.len() - 1
            }
        };
        patterns[at].1.as_ref().map(|regex| regex.is_match(text))
    });
    match matched {
        Some(true) => Ok(()),
        Some(false) => Err(pattern_mismatch(pattern)),
        None => Err(Box::new(super::error::programmer_item(format!(
            "the pattern {pattern:?} of #[validate(regex(...))] does not compile"
        )))),
    }
}

/// Pydantic's `string_pattern_mismatch` for `pattern`: for a check that needs no regex
/// engine to tell (`^password$` is equality).
#[doc(hidden)]
pub fn pattern_mismatch(pattern: &'static str) -> Broken {
    Box::new(
        ErrorItem::new(
            "string_pattern_mismatch",
            format!("String should match pattern '{pattern}'"),
        )
        .ctx(context([("pattern", Value::from(pattern))])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_written_whole_up_to_128_bits() {
        struct Int(bool, u128);
        impl fmt::Display for Int {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_integer(f, self.0, self.1)
            }
        }
        assert_eq!(Int(false, 0).to_string(), "0");
        assert_eq!(Int(true, 5).to_string(), "-5");
        assert_eq!(
            Int(false, u128::from(u64::MAX) + 1).to_string(),
            "18446744073709551616"
        );
        assert_eq!(Int(false, u128::MAX).to_string(), u128::MAX.to_string());
        assert_eq!(
            Int(true, i128::MIN.unsigned_abs()).to_string(),
            i128::MIN.to_string()
        );
    }
    use serde_json::json;

    fn item(result: Result<(), Broken>) -> Value {
        let item = result.expect_err("a broken constraint");
        json!({"type": item.kind, "msg": item.msg, "ctx": item.ctx})
    }

    /// Each answer as Pydantic 2.14 gives it (`TypeAdapter(Annotated[..., Field(...)])`).
    #[test]
    fn numbers_break_bounds_as_pydantic_words_them() {
        let all = [
            Check::MultipleOf(Bound::Int(5)),
            Check::Le(Bound::Int(10)),
            Check::Lt(Bound::Int(11)),
            Check::Ge(Bound::Int(3)),
            Check::Gt(Bound::Int(2)),
        ];
        assert_eq!(
            item(number(&12, &all)),
            json!({"type": "multiple_of", "msg": "Input should be a multiple of 5", "ctx": {"multiple_of": 5}})
        );
        assert_eq!(
            item(number(&200u32, &[Check::Lt(Bound::Int(150))])),
            json!({"type": "less_than", "msg": "Input should be less than 150", "ctx": {"lt": 150}})
        );
        assert_eq!(
            item(number(&2.0, &[Check::Le(Bound::Float(1.5))])),
            json!({"type": "less_than_equal", "msg": "Input should be less than or equal to 1.5", "ctx": {"le": 1.5}})
        );
        assert_eq!(
            item(number(&12.0, &[Check::Le(Bound::Float(10.0))])),
            json!({"type": "less_than_equal", "msg": "Input should be less than or equal to 10", "ctx": {"le": 10.0}})
        );
        assert_eq!(
            item(number(&12, &[Check::Le(Bound::Float(10.0))])),
            json!({"type": "less_than_equal", "msg": "Input should be less than or equal to 10", "ctx": {"le": 10}})
        );
        assert_eq!(
            item(number(&0.3, &[Check::MultipleOf(Bound::Float(0.5))])),
            json!({"type": "multiple_of", "msg": "Input should be a multiple of 0.5", "ctx": {"multiple_of": 0.5}})
        );
        assert_eq!(
            item(number(&-1i64, &[Check::Ge(Bound::Int(0))])),
            json!({"type": "greater_than_equal", "msg": "Input should be greater than or equal to 0", "ctx": {"ge": 0}})
        );
        assert_eq!(
            item(number(&1, &[Check::Gt(Bound::Float(1e20))])),
            json!({"type": "greater_than", "msg": "Input should be greater than 100000000000000000000", "ctx": {"gt": 1e20}})
        );
        assert_eq!(
            item(number(&0.0, &[Check::Gt(Bound::Int(0))])),
            json!({"type": "greater_than", "msg": "Input should be greater than 0", "ctx": {"gt": 0.0}})
        );
        assert!(number(&1.5, &[Check::MultipleOf(Bound::Float(0.5))]).is_ok());
        assert!(number(&None::<u8>, &all).is_ok());
        assert!(number(&Some(10), &all).is_ok());
    }

    #[test]
    fn lengths_and_patterns_as_pydantic_words_them() {
        assert_eq!(
            item(length(&"A".to_owned(), Some(3), None)),
            json!({"type": "string_too_short", "msg": "String should have at least 3 characters", "ctx": {"min_length": 3}})
        );
        assert_eq!(
            item(length(&String::new(), Some(1), None)),
            json!({"type": "string_too_short", "msg": "String should have at least 1 character", "ctx": {"min_length": 1}})
        );
        assert_eq!(
            item(length(&"abc".to_owned(), None, Some(1))),
            json!({"type": "string_too_long", "msg": "String should have at most 1 character", "ctx": {"max_length": 1}})
        );
        assert_eq!(
            item(length(&vec![1], Some(2), None)),
            json!({
                "type": "too_short", "msg": "List should have at least 2 items after validation, not 1",
                "ctx": {"field_type": "List", "min_length": 2, "actual_length": 1},
            })
        );
        assert_eq!(
            item(length(&vec![1, 2], None, Some(1))),
            json!({
                "type": "too_long", "msg": "List should have at most 1 item after validation, not 2",
                "ctx": {"field_type": "List", "max_length": 1, "actual_length": 2},
            })
        );
        // Characters, not bytes.
        assert!(length(&"ééé".to_owned(), Some(3), Some(3)).is_ok());
        assert_eq!(
            item(pattern(&"A1".to_owned(), "^[a-z]+$")),
            json!({
                "type": "string_pattern_mismatch", "msg": "String should match pattern '^[a-z]+$'",
                "ctx": {"pattern": "^[a-z]+$"},
            })
        );
        // A search, as Pydantic's.
        assert!(pattern(&"abc".to_owned(), "b").is_ok());
        assert!(pattern(&None::<String>, "^x$").is_ok());
        let bad = pattern(&"a".to_owned(), "(").expect_err("a bad pattern");
        assert!(super::super::is_programmer_error(&bad));
    }
}
