//! JSON request bodies deserialized with serde, failing with FastAPI's errors.
//!
//! [`from_json_body`] answers as FastAPI does for a body declared as a model: an empty (or
//! `null`) body is `missing`, malformed JSON is `json_invalid` with the message and
//! position Python's `json` module gives, and every problem with the values is a Pydantic
//! v2 shaped [`ErrorItem`] located under `"body"`, such as `["body", "items", 2, "price"]`.
//!
//! The body is parsed once into a [`Json`] tree (serde_json's nesting limit keeps that
//! bounded), then `T` is read from the tree by a deserializer that applies Pydantic's lax
//! conversions. Serde's derive stops at the first error while FastAPI lists them all, so,
//! as for parameters, a failed run is recorded and the next run reads a placeholder in
//! place of each value already reported, until a run gets through.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::iter::Enumerate;
use std::slice;

use serde::de::value::StrDeserializer;
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess,
    Visitor,
};
use serde::Deserialize;
use serde_json::{Number, Value};

use super::params::{self, either_of, parse_bool, parse_float, parse_int, Integer, Placeholder};
use crate::error::{context, sort_errors, ErrorItem, Loc, ValidationError};

/// The first element of every error's `loc`.
const BODY: &str = "body";

/// At most this many errors are listed: each one costs a run over the body.
const MAX_ERRORS: usize = 1000;

/// The most nodes all runs may read together (runs × body size): a big body gets fewer
/// reruns, so a body full of errors cannot make a request expensive.
const WORK_BUDGET: usize = 4_000_000;

/// Deserializes `T` from a JSON request body, failing with every problem FastAPI reports.
///
/// An empty body reads as `null`, as in FastAPI: `Option<T>` is `None`, anything else is
/// `missing` at `["body"]`.
pub(crate) fn from_json_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ValidationError> {
    // The only code generated per `T`: `T::deserialize` calls, run by a shared loop.
    let mut value = None;
    read(body, &mut |root| {
        value = Some(T::deserialize(root)?);
        Ok(())
    })?;
    // `read` answers `Ok` only after a run that set `value`.
    value.ok_or_else(ValidationError::new)
}

/// Parses the body and reads it with `deserialize` until a run gets through. Not generic,
/// so parsing, reruns and error sorting exist once whatever the body's type.
#[inline(never)]
fn read(
    body: &[u8],
    deserialize: &mut dyn FnMut(ValueDeserializer<'_>) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    collect(&parse(body)?, deserialize)
}

// ---------------------------------------------------------------------------------------
// Parsing, with Python's error messages.

/// Parses the body as Starlette's `request.json()` does (a UTF-8 byte order mark is
/// dropped), reporting malformed JSON as FastAPI's `json_invalid`.
fn parse(body: &[u8]) -> Result<Json, ValidationError> {
    if body.is_empty() {
        return Ok(Json::Null);
    }
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let text = std::str::from_utf8(body).map_err(|error| {
        let valid = body.get(..error.valid_up_to()).unwrap_or_default();
        let at = std::str::from_utf8(valid).map_or(0, |s| s.chars().count());
        json_invalid("Invalid UTF-8".into(), at)
    })?;
    serde_json::from_str(text).map_err(|error| {
        let (reason, at) = match python_syntax_error(text.as_bytes()) {
            Some((reason, at)) => (Cow::Borrowed(reason), at),
            None => (serde_reason(&error), serde_offset(&error, text)),
        };
        json_invalid(reason, char_index(text, at))
    })
}

/// FastAPI's error for a body `json.loads` rejects; `at` counts characters, as Python does.
fn json_invalid(reason: Cow<'static, str>, at: usize) -> ValidationError {
    ErrorItem::new("json_invalid", "JSON decode error")
        .at([Loc::from(BODY), Loc::Index(at)])
        .input(Value::Object(serde_json::Map::new()))
        .ctx(context([("error", Value::from(reason))]))
        .into()
}

fn char_index(text: &str, byte: usize) -> usize {
    text.get(..byte).unwrap_or(text).chars().count()
}

/// A message and the byte offset it points at.
type SyntaxError = (&'static str, usize);

/// The first error Python's `json.loads` finds in `s`, worded and placed as Python does;
/// `None` when Python accepts it. Iterative, so any nesting depth is safe.
fn python_syntax_error(s: &[u8]) -> Option<SyntaxError> {
    scan(s).err()
}

fn scan(s: &[u8]) -> Result<(), SyntaxError> {
    // The closing bracket of each open container.
    let mut open: Vec<u8> = Vec::new();
    let mut i = skip_whitespace(s, 0);
    'value: loop {
        // A value starts at `i`.
        i = match s.get(i) {
            Some(b'{') => {
                let j = skip_whitespace(s, i + 1);
                if s.get(j) == Some(&b'}') {
                    j + 1
                } else {
                    open.push(b'}');
                    i = object_key(s, j)?;
                    continue 'value;
                }
            }
            Some(b'[') => {
                let j = skip_whitespace(s, i + 1);
                if s.get(j) == Some(&b']') {
                    j + 1
                } else {
                    open.push(b']');
                    i = j;
                    continue 'value;
                }
            }
            Some(b'"') => string_end(s, i)?,
            _ => scalar_end(s, i).ok_or(("Expecting value", i))?,
        };
        // A value ended at `i`: close containers until one expects another element.
        loop {
            i = skip_whitespace(s, i);
            let Some(&close) = open.last() else {
                return if i == s.len() {
                    Ok(())
                } else {
                    Err(("Extra data", i))
                };
            };
            match s.get(i) {
                Some(&c) if c == close => {
                    open.pop();
                    i += 1;
                }
                Some(b',') => {
                    let comma = i;
                    i = skip_whitespace(s, i + 1);
                    if s.get(i) == Some(&close) {
                        return Err(if close == b']' {
                            ("Illegal trailing comma before end of array", comma)
                        } else {
                            ("Illegal trailing comma before end of object", comma)
                        });
                    }
                    if close == b'}' {
                        i = object_key(s, i)?;
                    }
                    continue 'value;
                }
                _ => return Err(("Expecting ',' delimiter", i)),
            }
        }
    }
}

fn skip_whitespace(s: &[u8], mut i: usize) -> usize {
    while matches!(s.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// Reads `"key":` and the whitespace after it, returning where the value starts.
fn object_key(s: &[u8], i: usize) -> Result<usize, SyntaxError> {
    if s.get(i) != Some(&b'"') {
        return Err(("Expecting property name enclosed in double quotes", i));
    }
    let i = skip_whitespace(s, string_end(s, i)?);
    if s.get(i) != Some(&b':') {
        return Err(("Expecting ':' delimiter", i));
    }
    Ok(skip_whitespace(s, i + 1))
}

/// The end of the string whose opening quote is at `begin`.
fn string_end(s: &[u8], begin: usize) -> Result<usize, SyntaxError> {
    let unterminated = ("Unterminated string starting at", begin);
    let mut i = begin + 1;
    loop {
        match s.get(i) {
            None => return Err(unterminated),
            Some(b'"') => return Ok(i + 1),
            Some(b'\\') => match s.get(i + 1) {
                None => return Err(unterminated),
                Some(b'u') => i = unicode_escape_end(s, i + 1)?,
                Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                Some(_) => return Err(("Invalid \\escape", i)),
            },
            Some(&c) if c <= 0x1f => return Err(("Invalid control character at", i)),
            Some(_) => i += 1,
        }
    }
}

/// The end of a `\uXXXX` escape (or surrogate pair) whose `u` is at `u`. Like CPython, it
/// wants a character after the digits and reports every fault at the `u`.
fn unicode_escape_end(s: &[u8], u: usize) -> Result<usize, SyntaxError> {
    let invalid = |at| ("Invalid \\uXXXX escape", at);
    let end = u + 5;
    if end >= s.len() {
        return Err(invalid(u));
    }
    let high = hex4(s, u + 1).ok_or(invalid(u))?;
    let pair_follows =
        end + 6 < s.len() && s.get(end) == Some(&b'\\') && s.get(end + 1) == Some(&b'u');
    if (0xD800..=0xDBFF).contains(&high) && pair_follows {
        let low = hex4(s, end + 2).ok_or(invalid(end + 1))?;
        if (0xDC00..=0xDFFF).contains(&low) {
            return Ok(end + 6);
        }
    }
    Ok(end)
}

fn hex4(s: &[u8], at: usize) -> Option<u16> {
    let digits = s.get(at..at + 4)?;
    if !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()
}

/// The end of a literal or number at `i`; Python also reads `NaN` and `Infinity`.
fn scalar_end(s: &[u8], i: usize) -> Option<usize> {
    let rest = s.get(i..)?;
    let literals = ["null", "true", "false", "NaN", "Infinity", "-Infinity"];
    if let Some(literal) = literals.iter().find(|l| rest.starts_with(l.as_bytes())) {
        return Some(i + literal.len());
    }
    let digit = |j: usize| s.get(j).is_some_and(u8::is_ascii_digit);
    let mut i = i;
    if s.get(i) == Some(&b'-') {
        i += 1;
    }
    match s.get(i) {
        Some(b'1'..=b'9') => {
            i += 1;
            while digit(i) {
                i += 1;
            }
        }
        Some(b'0') => i += 1,
        _ => return None,
    }
    if s.get(i) == Some(&b'.') && digit(i + 1) {
        i += 2;
        while digit(i) {
            i += 1;
        }
    }
    // An exponent without digits is not part of the number (Python then finds extra data).
    if matches!(s.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(s.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        if digit(j) {
            while digit(j) {
                j += 1;
            }
            i = j;
        }
    }
    Some(i)
}

/// For what serde_json rejects and Python does not (nesting deeper than serde_json allows,
/// `NaN`, numbers beyond `f64`, lone surrogates): serde_json's reason in Python's style.
fn serde_reason(error: &serde_json::Error) -> Cow<'static, str> {
    let message = error.to_string();
    let reason = message.split(" at line ").next().unwrap_or_default();
    match reason {
        "recursion limit exceeded" => "Maximum nesting depth exceeded".into(),
        "expected value" => "Expecting value".into(),
        "number out of range" => "Number out of range".into(),
        _ if reason.contains("surrogate") || reason.contains("escape") => {
            "Invalid \\uXXXX escape".into()
        }
        _ => {
            let mut chars = reason.chars();
            chars
                .next()
                .map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars).collect()
                })
                .into()
        }
    }
}

/// The byte offset of serde_json's one-based line and column.
fn serde_offset(error: &serde_json::Error, text: &str) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(error.line().saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + error.column().saturating_sub(1)).min(text.len())
}

// ---------------------------------------------------------------------------------------
// The parsed body.

/// A JSON value whose objects keep Python's dict semantics: keys in input order, and a
/// repeated key keeps its first place and its last value. Errors come out in that order.
#[derive(Debug)]
enum Json {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The node's identity across runs: the tree does not move while it is read.
    fn id(&self) -> usize {
        std::ptr::from_ref(self).addr()
    }

    fn to_value(&self) -> Value {
        match self {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.clone()),
            Json::Array(items) => items.iter().map(Json::to_value).collect(),
            Json::Object(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_value()))
                    .collect(),
            ),
        }
    }

    /// How many nodes the tree has, to size the rerun budget.
    fn size(&self) -> usize {
        1 + match self {
            Json::Array(items) => items.iter().map(Json::size).sum(),
            Json::Object(entries) => entries.iter().map(|(_, value)| value.size()).sum(),
            _ => 0,
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        // serde_json never yields a non-finite number.
        Ok(Number::from_f64(v).map_or(Json::Null, Json::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut entries: Vec<(String, Json)> = Vec::new();
        let mut positions: HashMap<String, usize> = HashMap::new();
        while let Some((key, value)) = map.next_entry::<String, Json>()? {
            match positions.entry(key) {
                Entry::Occupied(slot) => {
                    if let Some(entry) = entries.get_mut(*slot.get()) {
                        entry.1 = value;
                    }
                }
                Entry::Vacant(slot) => {
                    entries.push((slot.key().clone(), value));
                    slot.insert(entries.len() - 1);
                }
            }
        }
        Ok(Json::Object(entries))
    }
}

// ---------------------------------------------------------------------------------------
// Reading `T` from the tree, collecting every error.

fn collect(
    json: &Json,
    deserialize: &mut dyn FnMut(ValueDeserializer<'_>) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    let mut recovery = Recovery::default();
    let mut found: Vec<Error> = Vec::new();
    let max_errors = (WORK_BUDGET / json.size()).clamp(1, MAX_ERRORS);

    // A body rejected as a whole has nothing more to find: a rerun would only read a
    // placeholder in its place.
    while !recovery.failed(json) {
        let result =
            deserialize(ValueDeserializer::root(json, &recovery)).map_err(|e| e.blame(json, &[]));
        let error = match result {
            Ok(()) if found.is_empty() => return Ok(()),
            Ok(()) => break,
            Err(error) => error,
        };
        // A rejected placeholder is not the input's fault, and a repeated error cannot be
        // stepped over: either way, stop with what was found.
        let learned = match &error.cause {
            Some(Cause::Placeholder) | None => false,
            Some(cause) => recovery.learn(cause),
        };
        if !learned {
            // Never answer an empty 422 (unreachable in practice).
            if found.is_empty() {
                found.push(error);
            }
            break;
        }
        found.push(error);
        if found.len() >= max_errors {
            break;
        }
    }

    // Runs find errors in reading order; Pydantic lists them by field declaration order.
    sort_errors(&mut found, |a, b| a.order < b.order);
    let mut errors = ValidationError::new();
    for error in found {
        errors.push(error.item.within(BODY));
    }
    Err(errors)
}

/// What to step over on the next run, learned from the failures so far. Nodes are known
/// by [`Json::id`].
#[derive(Default)]
struct Recovery {
    /// Values already reported, read as placeholders.
    failed: HashSet<usize>,
    /// Object entries whose key was reported: `true` to leave the entry out (an extra
    /// field), `false` to read a placeholder key and still check the value (a dict key).
    keys: HashMap<(usize, usize), bool>,
    /// Absent required fields of an object, presented with placeholder values.
    missing_fields: Vec<(usize, &'static str)>,
    /// How many absent tuple elements to pad an array with.
    missing_elements: HashMap<usize, usize>,
}

impl Recovery {
    /// Remembers how to get past `cause`; false when it already knew (so cannot).
    fn learn(&mut self, cause: &Cause) -> bool {
        match *cause {
            Cause::Value(node) => self.failed.insert(node),
            Cause::Key {
                object,
                entry,
                skip,
            } => self.keys.insert((object, entry), skip).is_none(),
            Cause::MissingField { object, field } => {
                let new = !self.missing_fields.contains(&(object, field));
                if new {
                    self.missing_fields.push((object, field));
                }
                new
            }
            Cause::MissingElement { array, index } => {
                let padded = self.missing_elements.entry(array).or_default();
                let new = index >= *padded;
                *padded = (*padded).max(index + 1);
                new
            }
            Cause::PendingField(_) | Cause::PendingElement(_) | Cause::Placeholder => false,
        }
    }

    fn failed(&self, node: &Json) -> bool {
        self.failed.contains(&node.id())
    }
}

/// The serde error: an [`ErrorItem`] located relative to the value being read, the sort
/// key of that location, and what caused it so that a rerun can step over it.
#[derive(Debug)]
struct Error {
    item: Box<ErrorItem>,
    /// Outermost first: declaration index of fields, position of elements and entries.
    order: Vec<usize>,
    /// False until the offending input is known (visitors raise errors without it).
    has_input: bool,
    cause: Option<Cause>,
}

#[derive(Debug, PartialEq)]
enum Cause {
    /// This node's value was rejected.
    Value(usize),
    /// The key of an object's entry was rejected.
    Key {
        object: usize,
        entry: usize,
        skip: bool,
    },
    /// A required field is absent from the object.
    MissingField { object: usize, field: &'static str },
    /// A tuple lacks this element.
    MissingElement { array: usize, index: usize },
    /// Raised by a visitor, which does not know the object yet.
    PendingField(&'static str),
    /// Raised by a visitor, which does not know the array yet.
    PendingElement(usize),
    /// A placeholder was rejected: not the input's fault, so not reported.
    Placeholder,
}

impl Error {
    fn new(item: ErrorItem) -> Self {
        Self {
            item: Box::new(item),
            order: Vec::new(),
            has_input: false,
            cause: None,
        }
    }

    fn type_error(kind: &'static str, msg: &'static str) -> Self {
        Self::new(ErrorItem::new(kind, msg))
    }

    /// An error from the parameter parsers (lax strings, object keys).
    fn from_params(error: params::Error) -> Self {
        let item = *error.item;
        let has_input = !item.input.is_null();
        Self {
            has_input,
            ..Self::new(item)
        }
    }

    fn of_placeholder<E>(_: E) -> Self {
        Self {
            cause: Some(Cause::Placeholder),
            ..Self::type_error("placeholder", "a placeholder was rejected")
        }
    }

    /// Attributes an error that came out of reading `node` to it: sets what caused it and
    /// its input, unless a deeper node already did. `fields` are the node's declared
    /// fields when it was read as a struct, to order missing ones.
    fn blame(mut self, node: &Json, fields: &[&'static str]) -> Self {
        match self.cause {
            None => self.cause = Some(Cause::Value(node.id())),
            Some(Cause::PendingField(field)) => {
                let rank = fields.iter().position(|f| *f == field);
                self.item.loc = vec![Loc::from(field)];
                self.order = vec![rank.unwrap_or(fields.len())];
                self.cause = Some(Cause::MissingField {
                    object: node.id(),
                    field,
                });
                // Pydantic gives the whole object as the input of a missing field.
                self.has_input = false;
            }
            Some(Cause::PendingElement(index)) => {
                self.item.loc = vec![Loc::Index(index)];
                self.order = vec![index];
                self.cause = Some(Cause::MissingElement {
                    array: node.id(),
                    index,
                });
                self.has_input = false;
            }
            Some(_) => {}
        }
        if !self.has_input {
            self.item.input = node.to_value();
            self.has_input = true;
        }
        self
    }

    /// Puts a location step, and its sort key, in front.
    fn within(mut self, loc: impl Into<Loc>, rank: usize) -> Self {
        self.item.loc.insert(0, loc.into());
        self.order.insert(0, rank);
        self
    }
}

/// FastAPI answers a `ValueError`'s context as an empty object.
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
            cause: Some(Cause::PendingField(field)),
            ..Self::type_error("missing", "Field required")
        }
    }

    /// A tuple visitor that ran out of elements.
    fn invalid_length(len: usize, _expected: &dyn de::Expected) -> Self {
        Self {
            cause: Some(Cause::PendingElement(len)),
            ..Self::type_error("missing", "Field required")
        }
    }

    /// The input is left to the enum's node: the name, or the whole `{"Name": ...}`.
    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        enum_error(expected)
    }
}

fn enum_error(variants: &[&str]) -> Error {
    let expected = either_of(variants);
    Error::new(
        ErrorItem::new("enum", format!("Input should be {expected}"))
            .ctx(context([("expected", Value::from(expected))])),
    )
}

// ---------------------------------------------------------------------------------------
// Pydantic's lax conversions from JSON values.

/// A Rust integer from a JSON value, as a Pydantic `int` bounded by the type's range.
fn to_int<T: Integer>(json: &Json) -> Result<T, Error> {
    let n = match json {
        Json::Number(n) => number_to_i128(n)?,
        // Pydantic's lax mode reads booleans as 0 and 1.
        Json::Bool(b) => i128::from(*b),
        Json::String(s) => return parse_int(s).map_err(Error::from_params),
        _ => {
            return Err(Error::type_error(
                "int_type",
                "Input should be a valid integer",
            ))
        }
    };
    T::try_from(n).map_err(|_| {
        Error::new(if n < 0 {
            ErrorItem::greater_than_equal(T::MIN, Value::Null)
        } else {
            ErrorItem::less_than_equal(T::MAX, Value::Null)
        })
    })
}

fn number_to_i128(n: &Number) -> Result<i128, Error> {
    if let Some(u) = n.as_u64() {
        return Ok(i128::from(u));
    }
    if n.as_f64().is_some_and(|f| f.fract() != 0.0) {
        return Err(Error::type_error(
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        ));
    }
    whole_i64(n).map(i128::from).ok_or_else(|| {
        Error::type_error(
            "int_parsing_size",
            "Unable to parse input string as an integer, exceeded maximum size",
        )
    })
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

fn to_float(json: &Json) -> Result<f64, Error> {
    match json {
        Json::Number(n) => Ok(n.as_f64().unwrap_or_default()),
        Json::Bool(b) => Ok(f64::from(u8::from(*b))),
        Json::String(s) => parse_float(s).map_err(Error::from_params),
        _ => Err(Error::type_error(
            "float_type",
            "Input should be a valid number",
        )),
    }
}

fn to_bool(json: &Json) -> Result<bool, Error> {
    let bool_type = || Error::type_error("bool_type", "Input should be a valid boolean");
    let bool_parsing = || {
        Error::type_error(
            "bool_parsing",
            "Input should be a valid boolean, unable to interpret input",
        )
    };
    match json {
        Json::Bool(b) => Ok(*b),
        Json::Number(n) => match whole_i64(n) {
            Some(0) => Ok(false),
            Some(1) => Ok(true),
            Some(_) => Err(bool_parsing()),
            None => Err(bool_type()),
        },
        Json::String(s) => parse_bool(s).map_err(|_| bool_parsing()),
        _ => Err(bool_type()),
    }
}

/// A one-character string, as `Annotated[str, Field(min_length=1, max_length=1)]`.
fn to_char(json: &Json) -> Result<char, Error> {
    let Json::String(s) = json else {
        return Err(string_type());
    };
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Ok(c),
        (None, _) => Err(Error::new(
            ErrorItem::new(
                "string_too_short",
                "String should have at least 1 character",
            )
            .ctx(context([("min_length", Value::from(1))])),
        )),
        _ => Err(Error::new(
            ErrorItem::new("string_too_long", "String should have at most 1 character")
                .ctx(context([("max_length", Value::from(1))])),
        )),
    }
}

fn string_type() -> Error {
    Error::type_error("string_type", "Input should be a valid string")
}

fn tuple_too_long(max: usize, actual: usize) -> Error {
    let plural = if max == 1 { "" } else { "s" };
    Error::new(
        ErrorItem::new(
            "too_long",
            format!("Tuple should have at most {max} item{plural} after validation, not {actual}"),
        )
        .ctx(context([
            ("field_type", Value::from("Tuple")),
            ("max_length", Value::from(max)),
            ("actual_length", Value::from(actual)),
        ])),
    )
}

// ---------------------------------------------------------------------------------------
// The deserializer over one node.

#[derive(Clone, Copy)]
struct ValueDeserializer<'a> {
    json: &'a Json,
    recovery: &'a Recovery,
    /// The whole body, where `null` means absent.
    root: bool,
}

impl<'a> ValueDeserializer<'a> {
    fn root(json: &'a Json, recovery: &'a Recovery) -> Self {
        Self {
            json,
            recovery,
            root: true,
        }
    }

    fn new(json: &'a Json, recovery: &'a Recovery) -> Self {
        Self {
            json,
            recovery,
            root: false,
        }
    }

    /// The value, unless it is a `null` body, which FastAPI reports as a missing body.
    fn present(&self) -> Result<&'a Json, Error> {
        match self.json {
            Json::Null if self.root => Err(Error::type_error("missing", "Field required")),
            json => Ok(json),
        }
    }

    fn blame<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| e.blame(self.json, &[]))
    }

    fn seq(&self, items: &'a [Json]) -> ArrayAccess<'a> {
        ArrayAccess {
            items: items.iter().enumerate(),
            padding: self
                .recovery
                .missing_elements
                .get(&self.json.id())
                .copied()
                .unwrap_or(0),
            recovery: self.recovery,
        }
    }

    fn map(
        &self,
        entries: &'a [(String, Json)],
        fields: Option<&'static [&'static str]>,
    ) -> ObjectAccess<'a> {
        let id = self.json.id();
        ObjectAccess {
            id,
            entries: entries.iter().enumerate(),
            fields,
            missing: self
                .recovery
                .missing_fields
                .iter()
                .filter(|(object, _)| *object == id)
                .map(|(_, field)| *field)
                .collect::<Vec<_>>()
                .into_iter(),
            pending: Pending::None,
            recovery: self.recovery,
        }
    }
}

macro_rules! integers {
    ($($method:ident => $visit:ident($ty:ty)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let result = self.present().and_then(to_int::<$ty>);
            self.blame(result.and_then(|n| visitor.$visit(n)))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for ValueDeserializer<'_> {
    type Error = Error;

    /// Self-describing targets (`serde_json::Value`, untagged enums) get the value as is.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            Json::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => visitor.visit_u64(u),
                (_, Some(i)) => visitor.visit_i64(i),
                _ => visitor.visit_f64(n.as_f64().unwrap_or_default()),
            },
            Json::String(s) => visitor.visit_str(s),
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            Json::Object(entries) => visitor.visit_map(self.map(entries, None)),
        });
        self.blame(result)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(to_bool);
        self.blame(result.and_then(|b| visitor.visit_bool(b)))
    }

    integers! {
        deserialize_i8 => visit_i8(i8), deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32), deserialize_i64 => visit_i64(i64),
        deserialize_i128 => visit_i128(i128), deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16), deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64), deserialize_u128 => visit_u128(u128),
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(to_float);
        self.blame(result.and_then(|f| visitor.visit_f32(f as f32)))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(to_float);
        self.blame(result.and_then(|f| visitor.visit_f64(f)))
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(to_char);
        self.blame(result.and_then(|c| visitor.visit_char(c)))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_str(s),
            _ => Err(string_type()),
        });
        self.blame(result)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_bytes(s.as_bytes()),
            _ => Err(Error::type_error(
                "bytes_type",
                "Input should be a valid bytes",
            )),
        });
        self.blame(result)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }

    /// `null` is `None`; a `null` or empty body too, as FastAPI gives an optional body's
    /// default.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = match self.json {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        };
        self.blame(result)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Null => visitor.visit_unit(),
            _ => Err(Error::type_error("none_required", "Input should be None")),
        });
        self.blame(result)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    /// Transparent, as a Pydantic `RootModel`.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.blame(visitor.visit_newtype_struct(self))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            _ => Err(Error::type_error(
                "list_type",
                "Input should be a valid list",
            )),
        });
        self.blame(result)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Array(items) if items.len() > len => Err(tuple_too_long(len, items.len())),
            Json::Array(items) => visitor.visit_seq(self.seq(items)),
            _ => Err(Error::type_error(
                "tuple_type",
                "Input should be a valid tuple",
            )),
        });
        self.blame(result)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_tuple(len, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Object(entries) => visitor.visit_map(self.map(entries, None)),
            _ => Err(Error::type_error(
                "dict_type",
                "Input should be a valid dictionary",
            )),
        });
        self.blame(result)
    }

    /// Only from an object, as a Pydantic model (FastAPI validates with
    /// `from_attributes`, hence the wording).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::Object(entries) => visitor.visit_map(self.map(entries, Some(fields))),
            _ => Err(Error::type_error(
                "model_attributes_type",
                "Input should be a valid dictionary or object to extract fields from",
            )),
        });
        result.map_err(|e| e.blame(self.json, fields))
    }

    /// A unit variant by name, or `{"Variant": contents}`; anything else is Pydantic's
    /// `enum` error (unknown names too, through [`de::Error::unknown_variant`], so that
    /// renames and `#[serde(other)]` work).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = self.present().and_then(|json| match json {
            Json::String(s) => visitor.visit_enum(StrDeserializer::<Error>::new(s)),
            Json::Object(entries) => match entries.as_slice() {
                [(variant, contents)] => visitor.visit_enum(Variant {
                    name: variant,
                    contents: ValueDeserializer::new(contents, self.recovery),
                }),
                _ => Err(enum_error(variants)),
            },
            _ => Err(enum_error(variants)),
        });
        self.blame(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// An array's elements, then placeholders for the tuple elements found missing.
struct ArrayAccess<'a> {
    items: Enumerate<slice::Iter<'a, Json>>,
    padding: usize,
    recovery: &'a Recovery,
}

impl<'de> SeqAccess<'de> for ArrayAccess<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((index, item)) = self.items.next() else {
            if self.padding == 0 {
                return Ok(None);
            }
            self.padding -= 1;
            return seed
                .deserialize(Placeholder)
                .map(Some)
                .map_err(Error::of_placeholder);
        };
        let element = if self.recovery.failed(item) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(ValueDeserializer::new(item, self.recovery))
                .map_err(|e| e.blame(item, &[]).within(index, index))
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() + self.padding)
    }
}

/// An object's entries, then placeholders for the required fields found missing.
struct ObjectAccess<'a> {
    id: usize,
    entries: Enumerate<slice::Iter<'a, (String, Json)>>,
    /// The declared fields when read as a struct, to sort errors by declaration.
    fields: Option<&'static [&'static str]>,
    missing: std::vec::IntoIter<&'static str>,
    pending: Pending<'a>,
    recovery: &'a Recovery,
}

/// The value that goes with the key just returned.
enum Pending<'a> {
    None,
    Entry {
        index: usize,
        key: &'a str,
        value: &'a Json,
    },
    Placeholder,
}

impl ObjectAccess<'_> {
    /// The sort key of an entry's key (`key` true) or value. A struct orders by
    /// declaration, extra entries last; a map by entry, each key before its value.
    fn rank(&self, index: usize, name: &str, key: bool) -> usize {
        match self.fields {
            Some(fields) if key => fields.len() + index,
            Some(fields) => fields
                .iter()
                .position(|f| *f == name)
                .unwrap_or(fields.len() + index),
            None => 2 * index + usize::from(!key),
        }
    }

    fn key_error(&self, index: usize, key: &str, value: &Json, error: params::Error) -> Error {
        let mut error = Error::from_params(error);
        let skip = error.item.kind == params::EXTRA_KIND;
        error.cause = Some(Cause::Key {
            object: self.id,
            entry: index,
            skip,
        });
        let rank = self.rank(index, key, true);
        if skip {
            // Pydantic locates an extra field at its name, with its value as input.
            error.item.input = value.to_value();
            error.within(key.to_owned(), rank)
        } else {
            if !error.has_input {
                error.item.input = Value::from(key);
            }
            error.within("[key]", 0).within(key.to_owned(), rank)
        }
    }
}

impl<'de, 'a> MapAccess<'de> for ObjectAccess<'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        while let Some((index, (key, value))) = self.entries.next() {
            let key_result = match self.recovery.keys.get(&(self.id, index)) {
                Some(true) => continue,
                Some(false) => seed.deserialize(Placeholder).map_err(Error::of_placeholder),
                None => {
                    let raw = [key.as_str()];
                    seed.deserialize(params::ValueDeserializer::new(&raw))
                        .map_err(|e| self.key_error(index, key, value, e))
                }
            };
            self.pending = Pending::Entry { index, key, value };
            return key_result.map(Some);
        }
        if let Some(field) = self.missing.next() {
            let key = seed
                .deserialize(StrDeserializer::<Error>::new(field))
                .map_err(Error::of_placeholder)?;
            self.pending = Pending::Placeholder;
            return Ok(Some(key));
        }
        Ok(None)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Entry { index, key, value } if !self.recovery.failed(value) => {
                let rank = self.rank(index, key, false);
                seed.deserialize(ValueDeserializer::new(value, self.recovery))
                    .map_err(|e| e.blame(value, &[]).within(key.to_owned(), rank))
            }
            Pending::Entry { .. } | Pending::Placeholder => {
                seed.deserialize(Placeholder).map_err(Error::of_placeholder)
            }
            Pending::None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.missing.len())
    }
}

/// `{"Variant": contents}`, serde's external tagging.
struct Variant<'a> {
    name: &'a str,
    contents: ValueDeserializer<'a>,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self), Error> {
        let variant = seed.deserialize(StrDeserializer::<Error>::new(self.name))?;
        Ok((variant, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        let json = self.contents.json;
        if self.contents.recovery.failed(json) {
            return Ok(());
        }
        <()>::deserialize(self.contents)
            .map_err(|e| e.blame(json, &[]).within(self.name.to_owned(), 0))
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value, Error> {
        let json = self.contents.json;
        if self.contents.recovery.failed(json) {
            return seed.deserialize(Placeholder).map_err(Error::of_placeholder);
        }
        seed.deserialize(self.contents)
            .map_err(|e| e.blame(json, &[]).within(self.name.to_owned(), 0))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        let json = self.contents.json;
        if self.contents.recovery.failed(json) {
            return de::VariantAccess::tuple_variant(Placeholder, len, visitor)
                .map_err(Error::of_placeholder);
        }
        de::Deserializer::deserialize_tuple(self.contents, len, visitor)
            .map_err(|e| e.blame(json, &[]).within(self.name.to_owned(), 0))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let json = self.contents.json;
        if self.contents.recovery.failed(json) {
            return de::VariantAccess::struct_variant(Placeholder, fields, visitor)
                .map_err(Error::of_placeholder);
        }
        de::Deserializer::deserialize_struct(self.contents, "", fields, visitor)
            .map_err(|e| e.blame(json, fields).within(self.name.to_owned(), 0))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    fn read<T: DeserializeOwned>(body: &str) -> Result<T, ValidationError> {
        from_json_body(body.as_bytes())
    }

    /// The error items as FastAPI's `detail` list.
    fn detail<T: DeserializeOwned + fmt::Debug>(body: &str) -> Value {
        match read::<T>(body) {
            Ok(value) => panic!("expected errors for {body}, got {value:?}"),
            Err(error) => serde_json::to_value(error.items()).unwrap(),
        }
    }

    /// FastAPI's tutorial model (`docs_src/body/tutorial001`).
    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        name: String,
        description: Option<String>,
        price: f64,
        tax: Option<f64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Int {
        n: i64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Small {
        n: u8,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Float {
        x: f64,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Text {
        s: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Flag {
        flag: bool,
    }

    /// One error at `["body", field]` with this type, message and input.
    fn one(kind: &str, field: &str, msg: &str, input: Value) -> Value {
        json!([{"type": kind, "loc": ["body", field], "msg": msg, "input": input}])
    }

    // FastAPI's own tests of the tutorial (tests/test_tutorial/test_body/test_tutorial001.py).

    #[test]
    fn tutorial_accepts_floats_and_numeric_strings() {
        let item = Item {
            name: "Foo".into(),
            description: None,
            price: 50.5,
            tax: None,
        };
        assert_eq!(read(r#"{"name": "Foo", "price": 50.5}"#), Ok(item));
        let item: Item = read(r#"{"name": "Foo", "price": "50.5"}"#).unwrap();
        assert_eq!(item.price, 50.5);
        let item: Item =
            read(r#"{"name": "Foo", "price": "50.5", "description": "Some Foo", "tax": 0.3}"#)
                .unwrap();
        assert_eq!(item.description.as_deref(), Some("Some Foo"));
        assert_eq!(item.tax, Some(0.3));
    }

    #[test]
    fn tutorial_only_name() {
        assert_eq!(
            detail::<Item>(r#"{"name": "Foo"}"#),
            json!([{
                "type": "missing",
                "loc": ["body", "price"],
                "msg": "Field required",
                "input": {"name": "Foo"},
            }])
        );
    }

    #[test]
    fn tutorial_price_not_a_number() {
        assert_eq!(
            detail::<Item>(r#"{"name": "Foo", "price": "twenty"}"#),
            json!([{
                "type": "float_parsing",
                "loc": ["body", "price"],
                "msg": "Input should be a valid number, unable to parse string as a number",
                "input": "twenty",
            }])
        );
    }

    #[test]
    fn tutorial_no_data() {
        assert_eq!(
            detail::<Item>("{}"),
            json!([
                {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {}},
                {"type": "missing", "loc": ["body", "price"], "msg": "Field required", "input": {}},
            ])
        );
    }

    #[test]
    fn tutorial_none_and_empty_body_are_missing() {
        let missing =
            json!([{"type": "missing", "loc": ["body"], "msg": "Field required", "input": null}]);
        assert_eq!(detail::<Item>("null"), missing);
        assert_eq!(detail::<Item>(""), missing);
        assert_eq!(detail::<Vec<u32>>(""), missing);
        assert_eq!(detail::<Value>(""), missing);
    }

    #[test]
    fn tutorial_broken_body() {
        assert_eq!(
            detail::<Item>("{some broken json}"),
            json!([{
                "type": "json_invalid",
                "loc": ["body", 1],
                "msg": "JSON decode error",
                "input": {},
                "ctx": {"error": "Expecting property name enclosed in double quotes"},
            }])
        );
    }

    #[test]
    fn an_optional_body_may_be_absent() {
        assert_eq!(read::<Option<Item>>(""), Ok(None));
        assert_eq!(read::<Option<Item>>("null"), Ok(None));
        assert_eq!(
            detail::<Option<Item>>("5"),
            json!([{
                "type": "model_attributes_type",
                "loc": ["body"],
                "msg": "Input should be a valid dictionary or object to extract fields from",
                "input": 5,
            }])
        );
    }

    // Malformed JSON, as Python's `json.loads` words and places it.

    fn invalid(reason: &str, at: usize) -> Value {
        json!([{
            "type": "json_invalid",
            "loc": ["body", at],
            "msg": "JSON decode error",
            "input": {},
            "ctx": {"error": reason},
        }])
    }

    #[test]
    fn invalid_json_is_worded_and_placed_as_python_does() {
        for (body, reason, at) in [
            ("[1 2]", "Expecting ',' delimiter", 3),
            (r#"{"a" 1}"#, "Expecting ':' delimiter", 5),
            (r#"{"a": }"#, "Expecting value", 6),
            ("tru", "Expecting value", 0),
            ("  ", "Expecting value", 2),
            ("[", "Expecting value", 1),
            (r#"{"a": 1"#, "Expecting ',' delimiter", 7),
            ("\"abc", "Unterminated string starting at", 0),
            ("[\"a\u{1}\"]", "Invalid control character at", 3),
            (r#""\x""#, "Invalid \\escape", 1),
            (r#""\u12""#, "Invalid \\uXXXX escape", 2),
            ("1 2", "Extra data", 2),
            ("1.", "Extra data", 1),
            ("01", "Extra data", 1),
            ("[1,]", "Illegal trailing comma before end of array", 2),
            (
                r#"{"a": 1 , }"#,
                "Illegal trailing comma before end of object",
                8,
            ),
            (
                "{,}",
                "Expecting property name enclosed in double quotes",
                1,
            ),
            // Python counts characters, not bytes.
            (r#"{"é": x}"#, "Expecting value", 6),
        ] {
            assert_eq!(detail::<Value>(body), invalid(reason, at), "{body}");
        }
    }

    #[test]
    fn what_python_reads_but_serde_json_does_not_is_still_invalid() {
        assert_eq!(
            detail::<Float>(r#"{"x": NaN}"#),
            invalid("Expecting value", 6)
        );
        assert_eq!(
            detail::<Float>(r#"{"x": 1e400}"#),
            invalid("Number out of range", 10)
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(read("\u{feff}{\"n\": 1}"), Ok(Int { n: 1 }));
    }

    #[test]
    fn invalid_utf8_is_invalid_json() {
        assert_eq!(
            serde_json::to_value(from_json_body::<Value>(b"[\"\xff\"]").unwrap_err().items())
                .unwrap(),
            invalid("Invalid UTF-8", 2)
        );
    }

    #[test]
    fn deep_nesting_is_invalid_json_not_a_stack_overflow() {
        let body = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(
            detail::<Value>(&body),
            invalid("Maximum nesting depth exceeded", 127)
        );
        let unclosed = "[".repeat(10_000);
        assert_eq!(
            detail::<Value>(&unclosed),
            invalid("Expecting value", 10_000)
        );
    }

    // Type errors and Pydantic's lax conversions.

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
        assert_eq!(read::<Float>(r#"{"x": "inf"}"#).unwrap().x, f64::INFINITY);
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
    fn strings_take_only_strings() {
        assert_eq!(read(r#"{"s": "é\n"}"#), Ok(Text { s: "é\n".into() }));
        for input in [
            json!(5),
            json!(1.5),
            json!(true),
            json!(null),
            json!([]),
            json!({}),
        ] {
            let body = json!({ "s": input }).to_string();
            assert_eq!(
                detail::<Text>(&body),
                one("string_type", "s", "Input should be a valid string", input)
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
    fn options_take_null() {
        #[derive(Debug, Deserialize, PartialEq)]
        struct Maybe {
            n: Option<u32>,
        }
        assert_eq!(read(r#"{"n": null}"#), Ok(Maybe { n: None }));
        assert_eq!(read("{}"), Ok(Maybe { n: None }));
        assert_eq!(read(r#"{"n": "7"}"#), Ok(Maybe { n: Some(7) }));
        assert_eq!(
            detail::<Maybe>(r#"{"n": "x"}"#),
            one(
                "int_parsing",
                "n",
                "Input should be a valid integer, unable to parse string as an integer",
                json!("x")
            )
        );
    }

    #[test]
    fn models_lists_dicts_and_tuples_check_their_shape() {
        let model = "Input should be a valid dictionary or object to extract fields from";
        assert_eq!(
            detail::<Item>("[1, 2]"),
            json!([{"type": "model_attributes_type", "loc": ["body"], "msg": model, "input": [1, 2]}])
        );
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Shapes {
            item: Item,
            list: Vec<u32>,
            dict: HashMap<String, u32>,
            pair: (u32, u32),
            nothing: (),
        }
        assert_eq!(
            detail::<Shapes>(
                r#"{"item": "x", "list": "abc", "dict": [], "pair": 5, "nothing": 0}"#
            ),
            json!([
                {"type": "model_attributes_type", "loc": ["body", "item"], "msg": model, "input": "x"},
                {"type": "list_type", "loc": ["body", "list"], "msg": "Input should be a valid list", "input": "abc"},
                {"type": "dict_type", "loc": ["body", "dict"], "msg": "Input should be a valid dictionary", "input": []},
                {"type": "tuple_type", "loc": ["body", "pair"], "msg": "Input should be a valid tuple", "input": 5},
                {"type": "none_required", "loc": ["body", "nothing"], "msg": "Input should be None", "input": 0},
            ])
        );
    }

    #[test]
    fn tuples_report_missing_and_extra_elements() {
        assert_eq!(read::<(u32, u32)>("[1, \"2\"]"), Ok((1, 2)));
        assert_eq!(
            detail::<(u32, u32)>(r#"["x"]"#),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["body", 0],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {"type": "missing", "loc": ["body", 1], "msg": "Field required", "input": ["x"]},
            ])
        );
        assert_eq!(
            detail::<(u32, u32)>("[]"),
            json!([
                {"type": "missing", "loc": ["body", 0], "msg": "Field required", "input": []},
                {"type": "missing", "loc": ["body", 1], "msg": "Field required", "input": []},
            ])
        );
        assert_eq!(
            detail::<(u32,)>("[1, 2]"),
            json!([{
                "type": "too_long",
                "loc": ["body"],
                "msg": "Tuple should have at most 1 item after validation, not 2",
                "input": [1, 2],
                "ctx": {"field_type": "Tuple", "max_length": 1, "actual_length": 2},
            }])
        );
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

    // Collecting every error, in Pydantic's order.

    #[test]
    fn every_bad_field_is_reported() {
        assert_eq!(
            detail::<Item>(r#"{"name": 1, "price": "x"}"#),
            json!([
                {"type": "string_type", "loc": ["body", "name"], "msg": "Input should be a valid string", "input": 1},
                {
                    "type": "float_parsing",
                    "loc": ["body", "price"],
                    "msg": "Input should be a valid number, unable to parse string as a number",
                    "input": "x",
                },
            ])
        );
    }

    #[test]
    fn missing_and_bad_fields_in_declaration_order() {
        let parsing = "Input should be a valid number, unable to parse string as a number";
        assert_eq!(
            detail::<Item>(r#"{"tax": "x", "price": "y"}"#),
            json!([
                {"type": "missing", "loc": ["body", "name"], "msg": "Field required", "input": {"tax": "x", "price": "y"}},
                {"type": "float_parsing", "loc": ["body", "price"], "msg": parsing, "input": "y"},
                {"type": "float_parsing", "loc": ["body", "tax"], "msg": parsing, "input": "x"},
            ])
        );
    }

    #[test]
    fn nested_errors_have_full_locations() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Sub {
            price: f64,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Deep {
            items: Vec<Sub>,
            m: HashMap<String, Sub>,
        }
        let model = "Input should be a valid dictionary or object to extract fields from";
        let parsing = "Input should be a valid number, unable to parse string as a number";
        assert_eq!(
            detail::<Deep>(
                r#"{"items": [{"price": 1}, {}, {"price": "x"}, 5],
                    "m": {"k": {"price": "z"}, "j": 3}}"#
            ),
            json!([
                {"type": "missing", "loc": ["body", "items", 1, "price"], "msg": "Field required", "input": {}},
                {"type": "float_parsing", "loc": ["body", "items", 2, "price"], "msg": parsing, "input": "x"},
                {"type": "model_attributes_type", "loc": ["body", "items", 3], "msg": model, "input": 5},
                {"type": "float_parsing", "loc": ["body", "m", "k", "price"], "msg": parsing, "input": "z"},
                {"type": "model_attributes_type", "loc": ["body", "m", "j"], "msg": model, "input": 3},
            ])
        );
    }

    #[test]
    fn dict_keys_and_values_are_both_checked_in_input_order() {
        let parsing = "Input should be a valid integer, unable to parse string as an integer";
        assert_eq!(
            detail::<HashMap<u32, u32>>(r#"{"b": "x", "a": "y", "3": 3}"#),
            json!([
                {"type": "int_parsing", "loc": ["body", "b", "[key]"], "msg": parsing, "input": "b"},
                {"type": "int_parsing", "loc": ["body", "b"], "msg": parsing, "input": "x"},
                {"type": "int_parsing", "loc": ["body", "a", "[key]"], "msg": parsing, "input": "a"},
                {"type": "int_parsing", "loc": ["body", "a"], "msg": parsing, "input": "y"},
            ])
        );
        let map: HashMap<u32, bool> = read(r#"{"1": "yes", " 2 ": 0}"#).unwrap();
        assert_eq!(map, HashMap::from([(1, true), (2, false)]));
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value_as_in_python() {
        assert_eq!(
            detail::<Text>(r#"{"s": "a", "s": 1}"#),
            one(
                "string_type",
                "s",
                "Input should be a valid string",
                json!(1)
            )
        );
    }

    #[test]
    fn enums_by_name_with_pydantics_enum_error() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(rename_all = "lowercase")]
        enum Color {
            Red,
            Green,
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Paint {
            color: Color,
        }
        assert_eq!(
            read(r#"{"color": "green"}"#),
            Ok(Paint {
                color: Color::Green
            })
        );
        for input in [
            json!("blue"),
            json!(5),
            json!(null),
            json!({"a": 1, "b": 2}),
        ] {
            let body = json!({ "color": input }).to_string();
            assert_eq!(
                detail::<Paint>(&body),
                json!([{
                    "type": "enum",
                    "loc": ["body", "color"],
                    "msg": "Input should be 'red' or 'green'",
                    "input": input,
                    "ctx": {"expected": "'red' or 'green'"},
                }])
            );
        }
    }

    #[test]
    fn enum_variants_with_data_are_externally_tagged() {
        #[derive(Debug, Deserialize, PartialEq)]
        enum Shape {
            Circle { r: f64 },
            Square(u32),
        }
        assert_eq!(
            read(r#"{"Circle": {"r": "2"}}"#),
            Ok(Shape::Circle { r: 2.0 })
        );
        assert_eq!(read(r#"{"Square": 3}"#), Ok(Shape::Square(3)));
        assert_eq!(
            detail::<Shape>(r#"{"Circle": {}}"#),
            json!([{"type": "missing", "loc": ["body", "Circle", "r"], "msg": "Field required", "input": {}}])
        );
    }

    #[test]
    fn deny_unknown_fields_is_extra_forbidden_after_the_fields() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Strict {
            a: i32,
            b: i32,
        }
        let extra = "Extra inputs are not permitted";
        assert_eq!(
            detail::<Strict>(r#"{"z": 1, "a": "x", "y": [1], "c": 2}"#),
            json!([
                {
                    "type": "int_parsing",
                    "loc": ["body", "a"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
                {"type": "missing", "loc": ["body", "b"], "msg": "Field required", "input": {"z": 1, "a": "x", "y": [1], "c": 2}},
                {"type": "extra_forbidden", "loc": ["body", "z"], "msg": extra, "input": 1},
                {"type": "extra_forbidden", "loc": ["body", "y"], "msg": extra, "input": [1]},
                {"type": "extra_forbidden", "loc": ["body", "c"], "msg": extra, "input": 2},
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
            m: u32,
        }
        assert_eq!(read(r#"{"n": "4", "m": 1}"#), Ok(Even { n: 4, m: 1 }));
        assert_eq!(
            detail::<Even>(r#"{"n": 3, "m": "x"}"#),
            json!([
                {
                    "type": "value_error",
                    "loc": ["body", "n"],
                    "msg": "Value error, must be even",
                    "input": 3,
                    "ctx": {"error": {}},
                },
                {
                    "type": "int_parsing",
                    "loc": ["body", "m"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "x",
                },
            ])
        );
    }

    #[test]
    fn self_describing_targets_keep_the_input_order() {
        let value: Value = read(r#"{"b": [1, 2.5, "x"], "a": {"c": null, "d": true}}"#).unwrap();
        assert_eq!(
            value,
            json!({"b": [1, 2.5, "x"], "a": {"c": null, "d": true}})
        );

        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(untagged)]
        enum Either {
            Number(u32),
            Text(String),
        }
        assert_eq!(
            read(r#"[1, "a"]"#),
            Ok(vec![Either::Number(1), Either::Text("a".into())])
        );
    }

    #[test]
    fn defaults_and_flatten_work_as_in_serde() {
        // Flattened fields go through serde's buffer, so they are read strictly.
        #[derive(Debug, Deserialize, PartialEq)]
        struct Page {
            #[serde(default)]
            skip: u32,
            #[serde(flatten)]
            rest: HashMap<String, u32>,
        }
        assert_eq!(
            read(r#"{"a": 1}"#),
            Ok(Page {
                skip: 0,
                rest: HashMap::from([("a".into(), 1)]),
            })
        );
    }

    #[test]
    fn a_rejected_placeholder_stops_with_the_errors_found() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Counts {
            a: std::num::NonZeroU32,
            b: u32,
        }
        // The rerun's placeholder 0 is not a `NonZeroU32`, so `b` goes unreported.
        assert_eq!(
            detail::<Counts>(r#"{"a": "x", "b": "y"}"#),
            one(
                "int_parsing",
                "a",
                "Input should be a valid integer, unable to parse string as an integer",
                json!("x")
            )
        );
    }

    #[test]
    fn many_errors_end() {
        let body = serde_json::to_string(&vec!["x"; 3000]).unwrap();
        let errors = read::<Vec<u32>>(&body).unwrap_err();
        assert_eq!(errors.items().len(), MAX_ERRORS);
        assert_eq!(errors.items()[999].loc, [Loc::from(BODY), Loc::Index(999)]);
    }
}
