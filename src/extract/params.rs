//! Path and query parameters deserialized with serde, failing with FastAPI's errors.
//!
//! Parameters arrive as percent-decoded `(name, value)` strings. [`from_params`] feeds them
//! to a `Deserialize` type and turns every failure into a Pydantic v2 shaped [`ErrorItem`]:
//! the same `type`, `msg`, `input` and `ctx` FastAPI answers with, located as
//! `["query", "limit"]` or `["query", "ids", 1]`.
//!
//! Serde's derive stops at the first error while FastAPI lists every problem, so a failed
//! run is recorded and deserialization runs again with the failed value (or the missing
//! field) replaced by a harmless placeholder, until a run gets through.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::slice;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde_json::{Number, Value};

use crate::error::{context, sort_errors, ErrorItem, Loc, ValidationError};

/// Where parameters come from; becomes the first element of every error's `loc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// URL path parameters, located under `"path"`.
    Path,
    /// Query-string pairs, located under `"query"`.
    Query,
    /// Request headers, located under `"header"`.
    Header,
    /// Cookies, located under `"cookie"`.
    Cookie,
    /// Form fields of a urlencoded body, located under `"body"`.
    Form,
}

impl Source {
    fn loc(self) -> &'static str {
        match self {
            Source::Path => "path",
            Source::Query => "query",
            Source::Header => "header",
            Source::Cookie => "cookie",
            Source::Form => "body",
        }
    }

    /// The extractor and where its parameters come from, to word programmer errors.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Source::Path => ("Path<T>", "the route"),
            Source::Query => ("Query<T>", "the query string"),
            Source::Header => ("Header<T>", "the request"),
            Source::Cookie => ("Cookie<T>", "the request"),
            Source::Form => ("Form<T>", "the form"),
        }
    }
}

/// The `type` of an item that blames the app rather than the request.
const EXTRACTOR_KIND: &str = "edgeapi_extractor";

/// True for an extractor that does not fit its route (such as `Path<u32>` on a route with
/// two parameters): a bug to log and answer 500, not a 422 for the client.
pub(crate) fn is_programmer_error(item: &ErrorItem) -> bool {
    item.kind == EXTRACTOR_KIND
}

/// Deserializes `T` from `(name, value)` pairs in request order.
///
/// A struct or map reads the pairs grouped by name (a repeated name fills a `Vec`, or gives
/// its last value to a scalar, as Starlette does); a tuple or sequence reads the values in
/// order; anything else needs exactly one pair. Every problem is reported, in the fields'
/// declaration order, each `loc` starting with `source`.
pub(crate) fn from_params<T: DeserializeOwned>(
    source: Source,
    params: &[(String, String)],
) -> Result<T, ValidationError> {
    // The only code generated per `T`: one `T::deserialize` call, run by a shared loop.
    let mut value = None;
    collect(source, params, &mut |root| {
        value = Some(T::deserialize(root)?);
        Ok(())
    })?;
    // `collect` answers `Ok` only after a run that set `value`.
    value.ok_or_else(ValidationError::new)
}

/// Runs `deserialize` until it gets through, recording each failure and stepping over
/// it on the next run. Not generic, so the reruns and error sorting exist once.
#[inline(never)]
fn collect(
    source: Source,
    params: &[(String, String)],
    deserialize: &mut dyn FnMut(Root<'_>) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let grouped = group(&pairs);
    let fields = Cell::new(&[][..]);
    let mut recovery = Recovery::default();
    let mut found: Vec<ErrorItem> = Vec::new();
    let mut runs = 0;

    let last_error = loop {
        let root = Root {
            source,
            pairs: &pairs,
            params: &grouped,
            recovery: &recovery,
            fields: &fields,
        };
        let error = match deserialize(root) {
            Ok(()) if found.is_empty() => return Ok(()),
            Ok(()) => break None,
            Err(error) => error,
        };
        if is_programmer_error(&error.item) {
            return Err((*error.item).within(source.loc()).into());
        }
        runs += 1;
        // Each rerun steps over one more failure, so at most one per value, per name (its
        // whole value, or the name itself) and per missing field.
        let budget = 3 * pairs.len() + fields.get().len() + 1;
        let learned = recovery.learn(&error.cause);
        if error.cause == Cause::Placeholder || found.contains(&error.item) {
            break Some(error);
        }
        found.push(*error.item);
        if !learned || runs >= budget {
            break None;
        }
    };

    if found.is_empty() {
        // Unreachable in practice (placeholders only stand in after an error was found),
        // but never answer an empty 422.
        found.extend(last_error.map(|error| *error.item));
    }
    let fields = fields.get();
    sort_errors(&mut found, |a, b| {
        declaration_index(a, fields) < declaration_index(b, fields)
    });
    let mut errors = ValidationError::new();
    for item in found {
        errors.push(item.within(source.loc()));
    }
    Err(errors)
}

/// Where the item's field is declared, so errors come out in FastAPI's order; unknown names
/// (extra parameters) go last.
fn declaration_index(item: &ErrorItem, fields: &[&str]) -> usize {
    match item.loc.first() {
        Some(Loc::Key(key)) => fields
            .iter()
            .position(|field| *field == key.as_ref())
            .unwrap_or(fields.len()),
        _ => fields.len(),
    }
}

/// One parameter name and all its values, in request order.
struct Param<'a> {
    name: &'a str,
    values: Vec<&'a str>,
}

impl Param<'_> {
    /// The raw input for an error about the whole parameter.
    fn input(&self) -> Value {
        match self.values.as_slice() {
            [one] => Value::from(*one),
            many => Value::from(many.to_vec()),
        }
    }
}

/// Groups pairs by name, in order of first appearance.
fn group<'a>(pairs: &[(&'a str, &'a str)]) -> Vec<Param<'a>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut params: Vec<Param<'a>> = Vec::new();
    for &(name, value) in pairs {
        match index.get(name) {
            Some(&i) => params[i].values.push(value),
            None => {
                index.insert(name, params.len());
                params.push(Param {
                    name,
                    values: vec![value],
                });
            }
        }
    }
    params
}

/// What to step over on the next run, learned from the failures so far.
#[derive(Default)]
struct Recovery {
    /// Failed values: a parameter's whole value (`None`) or one element of its list.
    failed: Vec<(String, Option<usize>)>,
    /// Absent required fields, presented with a placeholder value.
    missing: Vec<&'static str>,
    /// Rejected names (unknown fields under `deny_unknown_fields`, bad map keys), left out.
    rejected: Vec<String>,
}

impl Recovery {
    /// Remembers how to get past `cause`; false when it cannot, or already knew.
    fn learn(&mut self, cause: &Cause) -> bool {
        match cause {
            Cause::Value { name, index } => push_new(&mut self.failed, (name.clone(), *index)),
            Cause::Name(name) => push_new(&mut self.rejected, name.clone()),
            Cause::Missing(field) => push_new(&mut self.missing, *field),
            Cause::Placeholder | Cause::Other => false,
        }
    }

    fn value_failed(&self, name: &str) -> bool {
        self.failed.iter().any(|(n, i)| n == name && i.is_none())
    }

    fn failed_elements(&self, name: &str) -> Vec<usize> {
        self.failed
            .iter()
            .filter(|(n, _)| n == name)
            .filter_map(|(_, i)| *i)
            .collect()
    }

    fn is_rejected(&self, name: &str) -> bool {
        self.rejected.iter().any(|n| n == name)
    }
}

fn push_new<T: PartialEq>(list: &mut Vec<T>, item: T) -> bool {
    let new = !list.contains(&item);
    if new {
        list.push(item);
    }
    new
}

/// The serde error: an [`ErrorItem`] located relative to the value being read, plus what
/// caused it so that a rerun can step over it.
#[derive(Debug)]
pub(super) struct Error {
    pub(super) item: Box<ErrorItem>,
    cause: Cause,
}

#[derive(Debug, PartialEq)]
enum Cause {
    /// The value of parameter `name` (or its list element `index`) was rejected.
    Value { name: String, index: Option<usize> },
    /// The parameter's name was rejected.
    Name(String),
    /// A required field is absent.
    Missing(&'static str),
    /// A placeholder was rejected: not the input's fault, so not reported.
    Placeholder,
    /// Anything else, such as a check on the whole struct: cannot be stepped over.
    Other,
}

impl Error {
    fn new(item: ErrorItem) -> Self {
        Self {
            item: Box::new(item),
            cause: Cause::Other,
        }
    }

    fn map_item(mut self, f: impl FnOnce(ErrorItem) -> ErrorItem) -> Self {
        self.item = Box::new(f(*self.item));
        self
    }

    fn within(self, outer: impl Into<Loc>) -> Self {
        self.map_item(|item| item.within(outer))
    }

    /// Sets the input of an error raised right here (by a visitor, which does not know
    /// the raw string); errors from deeper down already carry theirs.
    fn with_input(self, input: impl FnOnce() -> Value) -> Self {
        if self.item.loc.is_empty() && self.item.input.is_null() {
            self.map_item(|item| item.input(input()))
        } else {
            self
        }
    }

    /// Locates an error from the value of parameter `name`. `input` is for errors raised
    /// after our deserializer returned, such as a `deserialize_with` function's check.
    fn in_param(self, name: &str, input: impl FnOnce() -> Value) -> Self {
        let mut error = self.with_input(input);
        if error.cause != Cause::Placeholder {
            let index = match error.item.loc.first() {
                Some(Loc::Index(i)) => Some(*i),
                _ => None,
            };
            error.cause = Cause::Value {
                name: name.to_owned(),
                index,
            };
        }
        error.within(name.to_owned())
    }

    /// Locates an error from the name of `param`, as Pydantic does for extra inputs and
    /// dict keys.
    fn in_name(mut self, param: &Param) -> Self {
        self.cause = Cause::Name(param.name.to_owned());
        if self.item.kind == EXTRA_KIND {
            self.map_item(|item| item.at([param.name.to_owned()]).input(param.input()))
        } else {
            self.within("[key]").within(param.name.to_owned())
        }
    }

    fn of_placeholder(mut self) -> Self {
        self.cause = Cause::Placeholder;
        self
    }
}

pub(super) const EXTRA_KIND: &str = "extra_forbidden";

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    /// From `Deserialize` impls and `deserialize_with` functions: Pydantic words a
    /// validator's `ValueError` this way.
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::new(ErrorItem::value_error(msg))
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            item: Box::new(ErrorItem::new("missing", "Field required").at([field])),
            cause: Cause::Missing(field),
        }
    }

    /// Only under `#[serde(deny_unknown_fields)]`: Pydantic's `extra="forbid"`.
    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::new(ErrorItem::new(EXTRA_KIND, "Extra inputs are not permitted"))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let expected = either_of(expected);
        Self::new(
            ErrorItem::new("enum", format!("Input should be {expected}"))
                .input(variant)
                .ctx(context([("expected", Value::from(expected))])),
        )
    }
}

fn value_error(msg: &str, input: &str) -> Error {
    Error::new(ErrorItem::value_error(msg).input(input))
}

/// Pydantic's list of expected values: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
pub(super) fn either_of(options: &[&str]) -> String {
    let reprs: Vec<String> = options.iter().map(|option| py_repr(option)).collect();
    match reprs.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// Python's `repr()` of a string, which Pydantic uses to quote expected values.
fn py_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => {
                // Writing to a String cannot fail.
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

// ---------------------------------------------------------------------------------------
// Parsing strings as Pydantic v2 does in lax mode.

fn int_parsing(raw: &str) -> Error {
    Error::new(
        ErrorItem::new(
            "int_parsing",
            "Input should be a valid integer, unable to parse string as an integer",
        )
        .input(raw),
    )
}

/// A bound of a Rust integer type, reported as Pydantic's `ge`/`le` context.
#[derive(Clone, Copy)]
pub(super) enum Bound {
    Signed(i128),
    Unsigned(u128),
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Signed(n) => n.fmt(f),
            Bound::Unsigned(n) => n.fmt(f),
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
        return Err(Error::new(
            ErrorItem::new(
                "int_parsing_size",
                "Unable to parse input string as an integer, exceeded maximum size",
            )
            .input(raw),
        ));
    }
    let (negative, digits) = int_digits(raw).ok_or_else(|| int_parsing(raw))?;
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
    value.ok_or_else(|| {
        Error::new(if negative {
            ErrorItem::greater_than_equal(T::MIN, raw)
        } else {
            ErrorItem::less_than_equal(T::MAX, raw)
        })
    })
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
        && !s.contains("__")
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    well_formed.then_some((negative, s))
}

/// Rust's float syntax, which Pydantic uses (`inf`, `nan`, `1e5`, ...), plus Python's
/// underscores between digits.
pub(super) fn parse_float(raw: &str) -> Result<f64, Error> {
    to_f64(raw.trim())
        .or_else(|| to_f64(&strip_underscores(raw)?))
        .ok_or_else(|| {
            Error::new(
                ErrorItem::new(
                    "float_parsing",
                    "Input should be a valid number, unable to parse string as a number",
                )
                .input(raw),
            )
        })
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

fn strip_underscores(s: &str) -> Option<String> {
    let valid = s.contains('_') && !s.starts_with('_') && !s.ends_with('_') && !s.contains("__");
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
        Err(Error::new(
            ErrorItem::new(
                "bool_parsing",
                "Input should be a valid boolean, unable to interpret input",
            )
            .input(raw),
        ))
    }
}

// ---------------------------------------------------------------------------------------
// The root: all parameters.

struct Root<'a> {
    source: Source,
    pairs: &'a [(&'a str, &'a str)],
    params: &'a [Param<'a>],
    recovery: &'a Recovery,
    /// Set by `deserialize_struct`, to sort errors in declaration order.
    fields: &'a Cell<&'static [&'static str]>,
}

impl<'a> Root<'a> {
    fn map(&self) -> ParamsMap<'a> {
        ParamsMap {
            params: self.params.iter(),
            missing: self.recovery.missing.iter(),
            recovery: self.recovery,
            pending: Pending::None,
        }
    }

    fn seq(&self) -> RootSeq<'a> {
        RootSeq {
            pairs: self.pairs.iter(),
            recovery: self.recovery,
        }
    }

    /// The one parameter a single value reads.
    fn single(&self) -> Result<(&'a str, ValueDeserializer<'a>), Error> {
        match self.params {
            [param] if self.pairs.len() == 1 => {
                Ok((param.name, ValueDeserializer::new(&param.values)))
            }
            _ => Err(self.arity_error(1)),
        }
    }

    fn arity_error(&self, expected: usize) -> Error {
        let (extractor, origin) = self.source.describe();
        let plural = if expected == 1 { "" } else { "s" };
        let found = self.pairs.len();
        Error::new(ErrorItem::new(
            EXTRACTOR_KIND,
            format!("{extractor} expects {expected} parameter{plural}, {origin} has {found}"),
        ))
    }
}

macro_rules! forward_to_single {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            let (name, value) = self.single()?;
            value.$method($($arg,)* visitor)
                .map_err(|e| e.in_param(name, || Value::from(value.last())))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Root<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.map())
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.map())
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.fields.set(fields);
        visitor.visit_map(self.map())
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(self.seq())
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        if len != self.pairs.len() {
            return Err(self.arity_error(len));
        }
        visitor.visit_seq(self.seq())
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    /// Transparent, so a newtype around a struct still reads all parameters.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_single! {
        deserialize_bool(), deserialize_char(), deserialize_str(), deserialize_string(),
        deserialize_bytes(), deserialize_byte_buf(), deserialize_option(),
        deserialize_identifier(), deserialize_f32(), deserialize_f64(),
        deserialize_i8(), deserialize_i16(), deserialize_i32(), deserialize_i64(),
        deserialize_i128(), deserialize_u8(), deserialize_u16(), deserialize_u32(),
        deserialize_u64(), deserialize_u128(),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }
}

/// The parameters grouped by name, then placeholders for required fields found missing.
struct ParamsMap<'a> {
    params: slice::Iter<'a, Param<'a>>,
    missing: slice::Iter<'a, &'static str>,
    recovery: &'a Recovery,
    pending: Pending<'a>,
}

/// The value that goes with the key just returned.
enum Pending<'a> {
    None,
    Param(&'a Param<'a>),
    Placeholder,
}

impl<'de, 'a> MapAccess<'de> for ParamsMap<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let recovery = self.recovery;
        if let Some(param) = self.params.find(|p| !recovery.is_rejected(p.name)) {
            let key = ValueDeserializer::new(slice::from_ref(&param.name));
            let key = seed.deserialize(key).map_err(|e| e.in_name(param))?;
            self.pending = Pending::Param(param);
            return Ok(Some(key));
        }
        if let Some(field) = self.missing.next() {
            let key = seed
                .deserialize(StrDeserializer::new(field))
                .map_err(Error::of_placeholder)?;
            self.pending = Pending::Placeholder;
            return Ok(Some(key));
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Param(param) if !self.recovery.value_failed(param.name) => {
                let failed = self.recovery.failed_elements(param.name);
                let value = ValueDeserializer {
                    values: &param.values,
                    failed_elements: &failed,
                };
                seed.deserialize(value)
                    .map_err(|e| e.in_param(param.name, || param.input()))
            }
            Pending::Param(_) | Pending::Placeholder => {
                seed.deserialize(Placeholder).map_err(Error::of_placeholder)
            }
            Pending::None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.params.len() + self.missing.len())
    }
}

/// Every pair's value in order, for a tuple such as `Path<(String, u32)>`.
struct RootSeq<'a> {
    pairs: slice::Iter<'a, (&'a str, &'a str)>,
    recovery: &'a Recovery,
}

impl<'de> SeqAccess<'de> for RootSeq<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((name, value)) = self.pairs.next() else {
            return Ok(None);
        };
        let element = if self.recovery.value_failed(name) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(ValueDeserializer::new(slice::from_ref(value)))
                .map_err(|e| e.in_param(name, || Value::from(*value)))
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

// ---------------------------------------------------------------------------------------
// One parameter's value(s).

/// The values of one parameter (never empty). A scalar reads the last one; a sequence
/// reads them all.
#[derive(Clone, Copy)]
pub(super) struct ValueDeserializer<'a> {
    values: &'a [&'a str],
    /// List elements that failed on an earlier run, read as placeholders on this one.
    failed_elements: &'a [usize],
}

impl<'a> ValueDeserializer<'a> {
    pub(super) fn new(values: &'a [&'a str]) -> Self {
        Self {
            values,
            failed_elements: &[],
        }
    }

    fn last(&self) -> &'a str {
        self.values.last().copied().unwrap_or_default()
    }

    /// Gives errors raised by the visitor itself the raw string as input.
    fn scalar<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        let raw = self.last();
        result.map_err(|e| e.with_input(|| Value::from(raw)))
    }

    fn visit_values<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let mut seq = ValueSeq {
            values: self.values.iter().enumerate(),
            failed: self.failed_elements,
        };
        let input = || Value::from(self.values.to_vec());
        let value = visitor
            .visit_seq(&mut seq)
            .map_err(|e| e.with_input(input))?;
        let rest = seq.values.len();
        if rest > 0 {
            let expected = format!("{} values", self.values.len() - rest);
            let error: Error = de::Error::invalid_length(self.values.len(), &expected.as_str());
            return Err(error.with_input(input));
        }
        Ok(value)
    }
}

macro_rules! parse_integers {
    ($($method:ident => $visit:ident($ty:ty)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let value: $ty = parse_int(self.last())?;
            self.scalar(visitor.$visit(value))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_> {
    type Error = Error;

    /// Self-describing targets (`serde_json::Value`, untagged enums) get the string, or
    /// the list of strings for a repeated name.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.values.len() > 1 {
            self.visit_values(visitor)
        } else {
            self.scalar(visitor.visit_str(self.last()))
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = parse_bool(self.last())?;
        self.scalar(visitor.visit_bool(value))
    }

    parse_integers! {
        deserialize_i8 => visit_i8(i8), deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32), deserialize_i64 => visit_i64(i64),
        deserialize_i128 => visit_i128(i128), deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16), deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64), deserialize_u128 => visit_u128(u128),
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = parse_float(self.last())?;
        self.scalar(visitor.visit_f32(value as f32))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = parse_float(self.last())?;
        self.scalar(visitor.visit_f64(value))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let raw = self.last();
        let mut chars = raw.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => self.scalar(visitor.visit_char(c)),
            _ => Err(value_error("expected a single character", raw)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_str(self.last()))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_bytes(self.last().as_bytes()))
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    /// Only reached when the name is present: `?q=` is `Some("")`, as in FastAPI.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_some(self))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_unit())
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.visit_values(visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.visit_values(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.visit_values(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(value_error(
            "nested objects are not supported in query/path parameters",
            self.last(),
        ))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// Unit variants by name; an unknown name is Pydantic's `enum` error (raised by the
    /// derive through [`de::Error::unknown_variant`], so renames and `#[serde(other)]` work).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.scalar(visitor.visit_enum(StrDeserializer::new(self.last())))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// A repeated name's values as a list, each error located at its index.
struct ValueSeq<'a> {
    values: std::iter::Enumerate<slice::Iter<'a, &'a str>>,
    failed: &'a [usize],
}

impl<'de> SeqAccess<'de> for ValueSeq<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, value)) = self.values.next() else {
            return Ok(None);
        };
        let element = if self.failed.contains(&index) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(ValueDeserializer::new(slice::from_ref(value)))
                .map_err(|e| e.within(index))
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.values.len())
    }
}

// ---------------------------------------------------------------------------------------
// Placeholders: stand-ins for failed or missing values on a rerun.

/// Produces a harmless default of whatever type is asked for (0, false, "", an empty
/// list, `None`, the first variant, ...), so the derive gets past a value already
/// reported. Its result is always thrown away.
pub(super) struct Placeholder;

macro_rules! placeholder_values {
    ($($method:ident => $visit:ident($($value:expr)?)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            visitor.$visit($($value)?)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Placeholder {
    type Error = Error;

    placeholder_values! {
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i8(0), deserialize_i16 => visit_i16(0),
        deserialize_i32 => visit_i32(0), deserialize_i64 => visit_i64(0),
        deserialize_i128 => visit_i128(0), deserialize_u8 => visit_u8(0),
        deserialize_u16 => visit_u16(0), deserialize_u32 => visit_u32(0),
        deserialize_u64 => visit_u64(0), deserialize_u128 => visit_u128(0),
        deserialize_f32 => visit_f32(0.0), deserialize_f64 => visit_f64(0.0),
        deserialize_char => visit_char(' '),
        deserialize_str => visit_str(""), deserialize_string => visit_str(""),
        deserialize_identifier => visit_str(""),
        deserialize_bytes => visit_bytes(&[]), deserialize_byte_buf => visit_bytes(&[]),
        deserialize_option => visit_none(), deserialize_unit => visit_unit(),
        deserialize_any => visit_unit(), deserialize_ignored_any => visit_unit(),
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(0))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(len))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(len))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap([].iter()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap(fields.iter()))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match variants.first() {
            Some(variant) => visitor.visit_enum(PlaceholderVariant(variant)),
            None => Err(de::Error::custom("an enum without variants has no value")),
        }
    }
}

/// `len` placeholders.
struct PlaceholderSeq(usize);

impl<'de> SeqAccess<'de> for PlaceholderSeq {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        if self.0 == 0 {
            return Ok(None);
        }
        self.0 -= 1;
        seed.deserialize(Placeholder).map(Some)
    }
}

/// The given fields, each with a placeholder value.
struct PlaceholderMap(slice::Iter<'static, &'static str>);

impl<'de> MapAccess<'de> for PlaceholderMap {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        self.0
            .next()
            .map(|field| seed.deserialize(StrDeserializer::new(field)))
            .transpose()
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Placeholder)
    }
}

/// An enum's first variant, with placeholder contents whatever its shape.
struct PlaceholderVariant(&'static str);

impl<'de> EnumAccess<'de> for PlaceholderVariant {
    type Error = Error;
    type Variant = Placeholder;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Placeholder), Error> {
        let variant = seed.deserialize(StrDeserializer::new(self.0))?;
        Ok((variant, Placeholder))
    }
}

impl<'de> VariantAccess<'de> for Placeholder {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        seed.deserialize(Placeholder)
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(PlaceholderSeq(len))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_map(PlaceholderMap(fields.iter()))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect()
    }

    fn query<T: DeserializeOwned>(pairs: &[(&str, &str)]) -> Result<T, ValidationError> {
        from_params(Source::Query, &params(pairs))
    }

    fn path<T: DeserializeOwned>(pairs: &[(&str, &str)]) -> Result<T, ValidationError> {
        from_params(Source::Path, &params(pairs))
    }

    /// The error items as FastAPI's `detail` list.
    fn detail<T: fmt::Debug>(result: Result<T, ValidationError>) -> Value {
        match result {
            Ok(value) => panic!("expected errors, got {value:?}"),
            Err(error) => serde_json::to_value(error.items()).unwrap(),
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Limit {
        limit: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Small {
        n: u8,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Signed {
        n: i32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Float {
        x: f64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Flag {
        flag: bool,
    }

    #[test]
    fn reads_a_struct_by_name_ignoring_unknown_keys() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Page {
            q: String,
            limit: u32,
        }
        let page: Page = query(&[("other", "x"), ("limit", "10"), ("q", "rust")]).unwrap();
        assert_eq!(
            page,
            Page {
                q: "rust".into(),
                limit: 10
            }
        );
    }

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
            ("inf", f64::INFINITY),
            ("-Infinity", f64::NEG_INFINITY),
        ] {
            assert_eq!(
                query::<Float>(&[("x", raw)]),
                Ok(Float { x: expected }),
                "{raw:?}"
            );
        }
        assert!(query::<Float>(&[("x", "NaN")]).unwrap().x.is_nan());
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

    #[test]
    fn strings_chars_and_newtypes() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Id(u32);
        #[derive(Debug, Deserialize, PartialEq)]
        struct Params {
            name: String,
            initial: char,
            id: Id,
        }
        let params: Params = query(&[("name", " Zoë "), ("initial", "é"), ("id", "5")]).unwrap();
        assert_eq!(
            params,
            Params {
                name: " Zoë ".into(),
                initial: 'é',
                id: Id(5)
            }
        );
        assert_eq!(
            detail(query::<Params>(&[
                ("name", ""),
                ("initial", "ab"),
                ("id", "x")
            ])),
            json!([
                {
                    "type": "value_error",
                    "loc": ["query", "initial"],
                    "msg": "Value error, expected a single character",
                    "input": "ab",
                    "ctx": {"error": {}},
                },
                {
                    "type": "int_parsing",
                    "loc": ["query", "id"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
            ])
        );
    }

    #[test]
    fn options_absent_present_and_empty() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Search {
            q: Option<String>,
            limit: Option<u32>,
        }
        assert_eq!(
            query::<Search>(&[]),
            Ok(Search {
                q: None,
                limit: None
            })
        );
        assert_eq!(
            query::<Search>(&[("q", "rust"), ("limit", "3")]),
            Ok(Search {
                q: Some("rust".into()),
                limit: Some(3)
            })
        );
        assert_eq!(
            query::<Search>(&[("q", "")]),
            Ok(Search {
                q: Some(String::new()),
                limit: None
            })
        );
        assert_eq!(
            detail(query::<Search>(&[("limit", "")])),
            json!([{
                "type": "int_parsing",
                "loc": ["query", "limit"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "",
            }])
        );
    }

    #[test]
    fn serde_default_fills_absent_fields() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Page {
            #[serde(default)]
            skip: u32,
            #[serde(default = "ten")]
            limit: u32,
        }
        fn ten() -> u32 {
            10
        }
        assert_eq!(query::<Page>(&[]), Ok(Page { skip: 0, limit: 10 }));
        assert_eq!(
            query::<Page>(&[("limit", "5")]),
            Ok(Page { skip: 0, limit: 5 })
        );
    }

    #[test]
    fn missing_required_field() {
        assert_eq!(
            detail(query::<Limit>(&[("other", "1")])),
            json!([{
                "type": "missing",
                "loc": ["query", "limit"],
                "msg": "Field required",
                "input": null,
            }])
        );
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Model {
        Alexnet,
        Resnet,
        Lenet,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum Two {
        #[serde(rename = "a")]
        A,
        #[serde(rename = "it's")]
        B,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    enum One {
        #[serde(rename = "only")]
        Only,
    }

    #[test]
    fn enums_by_name_with_pydantics_enum_error() {
        assert_eq!(
            path::<Model>(&[("model_name", "resnet")]),
            Ok(Model::Resnet)
        );
        assert_eq!(
            detail(path::<Model>(&[("model_name", "vgg")])),
            json!([{
                "type": "enum",
                "loc": ["path", "model_name"],
                "msg": "Input should be 'alexnet', 'resnet' or 'lenet'",
                "input": "vgg",
                "ctx": {"expected": "'alexnet', 'resnet' or 'lenet'"},
            }])
        );
        assert_eq!(
            detail(path::<Two>(&[("x", "b")])),
            json!([{
                "type": "enum",
                "loc": ["path", "x"],
                "msg": "Input should be 'a' or \"it's\"",
                "input": "b",
                "ctx": {"expected": "'a' or \"it's\""},
            }])
        );
        assert_eq!(
            detail(path::<One>(&[("x", "b")]))[0]["msg"],
            "Input should be 'only'"
        );
    }

    #[test]
    fn unknown_variant_can_fall_back_with_serde_other() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Sort {
            Asc,
            #[serde(other)]
            Other,
        }
        assert_eq!(path::<Sort>(&[("sort", "asc")]), Ok(Sort::Asc));
        assert_eq!(path::<Sort>(&[("sort", "sideways")]), Ok(Sort::Other));
    }

    #[test]
    fn repeated_keys_fill_a_vec_with_each_error_at_its_index() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Ids {
            id: Vec<u32>,
            #[serde(default)]
            tag: Vec<String>,
        }
        assert_eq!(
            query::<Ids>(&[("id", "1"), ("tag", "a"), ("id", "2")]),
            Ok(Ids {
                id: vec![1, 2],
                tag: vec!["a".into()]
            })
        );
        assert_eq!(
            query::<Ids>(&[("id", "7")]),
            Ok(Ids {
                id: vec![7],
                tag: vec![]
            })
        );
        assert_eq!(
            detail(query::<Ids>(&[
                ("id", "1"),
                ("id", "x"),
                ("id", "3"),
                ("id", "-4")
            ])),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["query", "id", 1],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {
                    "type": "greater_than_equal",
                    "loc": ["query", "id", 3],
                    "msg": "Input should be greater than or equal to 0",
                    "input": "-4",
                    "ctx": {"ge": 0},
                },
            ])
        );
    }

    #[test]
    fn a_scalar_takes_the_last_of_repeated_values() {
        assert_eq!(
            query::<Limit>(&[("limit", "x"), ("limit", "5")]),
            Ok(Limit { limit: 5 })
        );
        assert_eq!(
            detail(query::<Limit>(&[("limit", "5"), ("limit", "x")]))[0]["input"],
            "x"
        );
    }

    #[test]
    fn collects_every_bad_field_in_declaration_order() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Two {
            a: i32,
            b: i32,
        }
        assert_eq!(
            detail(query::<Two>(&[("b", "y"), ("a", "x")])),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["query", "a"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {
                    "type": "int_parsing",
                    "loc": ["query", "b"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "y",
                },
            ])
        );
    }

    #[test]
    fn collects_missing_and_bad_fields_together() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Item {
            name: String,
            model: Model,
            price: f64,
            tags: Vec<String>,
            count: u8,
        }
        assert_eq!(
            detail(query::<Item>(&[("count", "300"), ("price", "cheap")])),
            json!([
                {"type": "missing", "loc": ["query", "name"], "msg": "Field required", "input": null},
                {"type": "missing", "loc": ["query", "model"], "msg": "Field required", "input": null},
                {
                    "type": "float_parsing",
                    "loc": ["query", "price"],
                    "msg": "Input should be a valid number, unable to parse string as a number",
                    "input": "cheap",
                },
                {"type": "missing", "loc": ["query", "tags"], "msg": "Field required", "input": null},
                {
                    "type": "less_than_equal",
                    "loc": ["query", "count"],
                    "msg": "Input should be less than or equal to 255",
                    "input": "300",
                    "ctx": {"le": 255},
                },
            ])
        );
    }

    #[test]
    fn deny_unknown_fields_is_extra_forbidden() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Strict {
            a: u32,
        }
        assert_eq!(
            detail(query::<Strict>(&[
                ("x", "1"),
                ("a", "b"),
                ("x", "2"),
                ("y", "3")
            ])),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["query", "a"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "b",
                },
                {
                    "type": "extra_forbidden",
                    "loc": ["query", "x"],
                    "msg": "Extra inputs are not permitted",
                    "input": ["1", "2"],
                },
                {
                    "type": "extra_forbidden",
                    "loc": ["query", "y"],
                    "msg": "Extra inputs are not permitted",
                    "input": "3",
                },
            ])
        );
    }

    #[test]
    fn custom_errors_are_value_errors() {
        fn even<'de, D: de::Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
            let n = u32::deserialize(deserializer)?;
            if n % 2 == 0 {
                Ok(n)
            } else {
                Err(de::Error::custom("must be even"))
            }
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Even {
            #[serde(deserialize_with = "even")]
            n: u32,
        }
        assert_eq!(query::<Even>(&[("n", "4")]), Ok(Even { n: 4 }));
        assert_eq!(
            detail(query::<Even>(&[("n", "3")])),
            json!([{
                "type": "value_error",
                "loc": ["query", "n"],
                "msg": "Value error, must be even",
                "input": "3",
                "ctx": {"error": {}},
            }])
        );
    }

    #[test]
    fn nested_objects_are_rejected() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Outer {
            inner: Limit,
        }
        assert_eq!(
            detail(query::<Outer>(&[("inner", "{}")])),
            json!([{
                "type": "value_error",
                "loc": ["query", "inner"],
                "msg": "Value error, nested objects are not supported in query/path parameters",
                "input": "{}",
                "ctx": {"error": {}},
            }])
        );
    }

    #[test]
    fn maps_read_every_name() {
        let map: HashMap<String, String> = query(&[("a", "1"), ("b", "2"), ("a", "3")]).unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!((map["a"].as_str(), map["b"].as_str()), ("3", "2"));

        let lists: HashMap<String, Vec<u32>> = query(&[("a", "1"), ("a", "3")]).unwrap();
        assert_eq!(lists["a"], [1, 3]);

        let value: Value = query(&[("a", "1"), ("b", "x"), ("b", "y")]).unwrap();
        assert_eq!(value, json!({"a": "1", "b": ["x", "y"]}));

        assert_eq!(
            detail(query::<HashMap<u8, String>>(&[("1", "a"), ("x", "b")])),
            json!([{
                "type": "int_parsing",
                "loc": ["query", "x", "[key]"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "x",
            }])
        );
    }

    #[test]
    fn path_single_value() {
        assert_eq!(path::<u32>(&[("item_id", "42")]), Ok(42));
        assert_eq!(path::<String>(&[("name", "a b")]), Ok("a b".to_string()));
        assert_eq!(
            detail(path::<u32>(&[("item_id", "foo")])),
            json!([{
                "type": "int_parsing",
                "loc": ["path", "item_id"],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": "foo",
            }])
        );
    }

    #[test]
    fn path_newtype_is_transparent() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct ItemId(u32);
        #[derive(Debug, Deserialize, PartialEq)]
        struct Wrapped(Limit);
        assert_eq!(path::<ItemId>(&[("item_id", "7")]), Ok(ItemId(7)));
        assert_eq!(
            path::<Wrapped>(&[("limit", "7")]),
            Ok(Wrapped(Limit { limit: 7 }))
        );
    }

    #[test]
    fn path_tuple_reads_values_in_order() {
        assert_eq!(
            path::<(String, u32)>(&[("user", "ann"), ("item", "3")]),
            Ok(("ann".to_string(), 3))
        );
        assert_eq!(
            detail(path::<(u32, u32)>(&[("a", "x"), ("b", "y")])),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["path", "a"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {
                    "type": "int_parsing",
                    "loc": ["path", "b"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "y",
                },
            ])
        );
        assert_eq!(
            path::<Vec<String>>(&[("a", "1"), ("b", "2")]),
            Ok(vec!["1".to_string(), "2".to_string()])
        );
    }

    #[test]
    fn an_extractor_that_does_not_fit_the_route_is_a_programmer_error() {
        let error = path::<u32>(&[("a", "1"), ("b", "2")]).unwrap_err();
        assert_eq!(
            serde_json::to_value(error.items()).unwrap(),
            json!([{
                "type": "edgeapi_extractor",
                "loc": ["path"],
                "msg": "Path<T> expects 1 parameter, the route has 2",
                "input": null,
            }])
        );
        assert!(is_programmer_error(&error.items()[0]));

        let error = path::<Model>(&[]).unwrap_err();
        assert_eq!(
            error.items()[0].msg,
            "Path<T> expects 1 parameter, the route has 0"
        );

        let error = path::<(u32, u32, u32)>(&[("a", "1"), ("b", "2")]).unwrap_err();
        assert_eq!(
            error.items()[0].msg,
            "Path<T> expects 3 parameters, the route has 2"
        );

        let error = query::<u32>(&[]).unwrap_err();
        assert_eq!(
            error.items()[0].msg,
            "Query<T> expects 1 parameter, the query string has 0"
        );

        let item = ErrorItem::new("int_parsing", "x");
        assert!(!is_programmer_error(&item));
    }

    #[test]
    fn placeholders_stand_in_for_any_shape() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        enum Shape {
            Circle { r: f64 },
            Square(f64),
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Everything {
            shape: Shape,
            pair: (u8, String),
            when: Option<Model>,
            any: Value,
            unit: (),
            bad: u8,
        }
        // Every field but `bad` is missing; all are reported, in order.
        let detail = detail(query::<Everything>(&[("bad", "x")]));
        let locs: Vec<&Value> = detail
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["loc"][1])
            .collect();
        assert_eq!(locs, ["shape", "pair", "any", "unit", "bad"]);
    }

    #[test]
    fn many_errors_terminate() {
        let pairs: Vec<(String, String)> = (0..50)
            .map(|i| (format!("k{i}"), "x".to_string()))
            .collect();
        let error = from_params::<HashMap<String, u8>>(Source::Query, &pairs).unwrap_err();
        assert_eq!(error.items().len(), 50);
        let ids = from_params::<HashMap<String, Vec<u8>>>(
            Source::Query,
            &params(&[("a", "x"), ("a", "y"), ("a", "1"), ("b", "z")]),
        )
        .unwrap_err();
        assert_eq!(
            serde_json::to_value(ids.items()).unwrap(),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["query", "a", 0],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {
                    "type": "int_parsing",
                    "loc": ["query", "a", 1],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "y",
                },
                {
                    "type": "int_parsing",
                    "loc": ["query", "b", 0],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "z",
                },
            ])
        );
    }

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

    #[test]
    fn python_repr_quotes_like_python() {
        assert_eq!(py_repr("a"), "'a'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("'\""), "'\\'\"'");
        assert_eq!(py_repr("a\\b\n"), "'a\\\\b\\n'");
        assert_eq!(either_of(&["a", "b", "c"]), "'a', 'b' or 'c'");
    }
}
