//! The serde error both deserializers raise: a Pydantic v2 shaped [`ErrorItem`], located
//! relative to the value being read, with the sort key of that location and what caused
//! it, so that a rerun can step over it.

use std::fmt::{self, Write as _};

use serde::de;
use serde_json::Value;

use crate::error::{context, ErrorItem, Loc};

/// The `type` of an item that blames the app rather than the request.
const EXTRACTOR_KIND: &str = "edgeapi_extractor";

/// Pydantic's `type` for an input that `extra="forbid"` (serde's `deny_unknown_fields`)
/// rejects.
const EXTRA_KIND: &str = "extra_forbidden";

/// True for an extractor that does not fit its route (such as `Path<u32>` on a route with
/// two parameters): a bug to log and answer 500, not a 422 for the client.
pub(crate) fn is_programmer_error(item: &ErrorItem) -> bool {
    item.kind == EXTRACTOR_KIND
}

#[derive(Debug)]
pub(super) struct Error {
    pub(super) item: Box<ErrorItem>,
    /// The location's sort key, outermost first: Pydantic lists errors by field
    /// declaration, elements and entries by position.
    pub(super) order: Vec<usize>,
    /// False until the offending input is known (visitors raise errors without it).
    has_input: bool,
    pub(super) cause: Cause,
}

/// What an error came from, in terms of the values a source is made of. Values are known
/// by their address ([`super::collect::id_of`]): the input does not move while it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Cause {
    /// Raised where the value is unknown (a visitor, a `Deserialize` impl, a conversion):
    /// the deserializer that was reading it places it.
    Unplaced,
    /// A struct visitor found this required field absent; the struct's reader places it.
    PendingField(&'static str),
    /// A tuple visitor ran out of elements here; the array's reader places it.
    PendingElement(usize),
    /// This value was rejected.
    Value(usize),
    /// The key of an entry of `object` was rejected: `skip` leaves the entry out on a
    /// rerun, else the value is still checked.
    Key {
        object: usize,
        entry: usize,
        skip: bool,
    },
    /// A required field is absent from `object`.
    MissingField { object: usize, field: &'static str },
    /// A tuple lacks this element.
    MissingElement { array: usize, index: usize },
    /// A placeholder was rejected: not the input's fault, so not reported.
    Placeholder,
}

impl Error {
    pub(super) fn new(item: ErrorItem) -> Self {
        Self {
            has_input: !item.input.is_null(),
            item: Box::new(item),
            order: Vec::new(),
            cause: Cause::Unplaced,
        }
    }

    /// An error with Pydantic's `type` and message, its input to be filled in.
    pub(super) fn of_kind(kind: &'static str, msg: &'static str) -> Self {
        Self::new(ErrorItem::new(kind, msg))
    }

    /// Pydantic's error for an absent required value.
    pub(super) fn missing() -> Self {
        Self::new(missing())
    }

    /// An error in the app rather than the request; see [`is_programmer_error`].
    pub(super) fn programmer(msg: String) -> Self {
        Self::new(programmer_item(msg))
    }

    pub(super) fn is_extra(&self) -> bool {
        self.item.kind == EXTRA_KIND
    }

    pub(super) fn of_placeholder(mut self) -> Self {
        self.cause = Cause::Placeholder;
        self
    }

    /// Sets the input of an error that has none yet: errors from deeper down already
    /// carry theirs.
    pub(super) fn with_input(mut self, input: impl FnOnce() -> Value) -> Self {
        if !self.has_input {
            self.item.input = input();
            self.has_input = true;
        }
        self
    }

    /// Puts a location step, and its sort key, in front.
    pub(super) fn within(mut self, loc: impl Into<Loc>, rank: usize) -> Self {
        self.item.loc.insert(0, loc.into());
        self.order.insert(0, rank);
        self
    }

    /// Attributes an error that came out of reading the value `node` to it, unless a
    /// deeper value already did. `fields` are the node's declared fields when it was read
    /// as a struct, to rank a missing one. A tuple visitor's complaint stays a value error
    /// (serde's wording) unless [`Error::missing_element`] placed it first.
    pub(super) fn place(mut self, node: usize, fields: &[&'static str]) -> Self {
        match self.cause {
            Cause::Unplaced | Cause::PendingElement(_) => self.cause = Cause::Value(node),
            Cause::PendingField(field) => {
                let rank = fields.iter().position(|f| *f == field);
                self.item.loc = vec![Loc::from(field)];
                self.order = vec![rank.unwrap_or(fields.len())];
                self.cause = Cause::MissingField {
                    object: node,
                    field,
                };
                // Pydantic gives the whole object as the input of a missing field.
                self.has_input = false;
            }
            _ => {}
        }
        self
    }

    /// Keeps the input of a field missing from `object` `null`, as FastAPI reports an
    /// absent body parameter (where Pydantic would give the whole object).
    pub(super) fn null_input_if_missing(mut self, object: usize) -> Self {
        if matches!(self.cause, Cause::MissingField { object: of, .. } if of == object) {
            self.item.input = Value::Null;
            self.has_input = true;
        }
        self
    }

    /// Reports a tuple visitor that ran out of elements of `array` as Pydantic does: the
    /// element is missing.
    pub(super) fn missing_element(mut self, array: usize) -> Self {
        if let Cause::PendingElement(index) = self.cause {
            *self.item = missing().at([Loc::Index(index)]);
            self.order = vec![index];
            self.cause = Cause::MissingElement { array, index };
            self.has_input = false;
        }
        self
    }

    /// Locates an error from an entry's key, ranked `rank`, as Pydantic does: an extra
    /// field at its name with its value as input, a bad dict key at `[key]` under it.
    pub(super) fn in_key(mut self, key: &str, rank: usize, value: impl FnOnce() -> Value) -> Self {
        if self.is_extra() {
            self.item.input = value();
            self.has_input = true;
            self.within(key.to_owned(), rank)
        } else {
            self.with_input(|| Value::from(key))
                .within("[key]", 0)
                .within(key.to_owned(), rank)
        }
    }
}

/// An item that blames the app: answered 500 and logged, not sent as a 422.
pub(super) fn programmer_item(msg: String) -> ErrorItem {
    ErrorItem::new(EXTRACTOR_KIND, msg)
}

/// Pydantic's item for an absent required value.
fn missing() -> ErrorItem {
    ErrorItem::new("missing", "Field required")
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.item.msg)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    /// From `Deserialize` impls and `deserialize_with` functions: Pydantic words a
    /// validator's `ValueError` this way.
    /// A declared constraint's error ([`super::constraints`]) arrives here too, by its
    /// message, and keeps its own `type` and `ctx`.
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let msg = msg.to_string();
        match super::constraints::take_raised(&msg) {
            Some(item) => Self::new(item),
            None => Self::new(ErrorItem::value_error(msg)),
        }
    }

    /// Worded as serde does; a JSON array turns it into a missing element.
    fn invalid_length(len: usize, expected: &dyn de::Expected) -> Self {
        Self {
            cause: Cause::PendingElement(len),
            ..Self::custom(format_args!("invalid length {len}, expected {expected}"))
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Self {
            cause: Cause::PendingField(field),
            ..Self::new(missing())
        }
    }

    /// Only under `#[serde(deny_unknown_fields)]`: Pydantic's `extra="forbid"`.
    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> Self {
        Self::of_kind(EXTRA_KIND, "Extra inputs are not permitted")
    }

    /// The input is left to the value read: the name, or a whole `{"Name": ...}`.
    fn unknown_variant(_variant: &str, expected: &'static [&'static str]) -> Self {
        enum_error(expected)
    }
}

/// Pydantic's `enum` error, listing the expected values.
pub(super) fn enum_error(variants: &[&str]) -> Error {
    let expected = either_of(variants);
    Error::new(
        ErrorItem::new("enum", format!("Input should be {expected}"))
            .ctx(context([("expected", Value::from(expected))])),
    )
}

/// Pydantic's list of expected values: `'a'`, `'a' or 'b'`, `'a', 'b' or 'c'`.
fn either_of(options: &[&str]) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_repr_quotes_like_python() {
        assert_eq!(py_repr("a"), "'a'");
        assert_eq!(py_repr("it's"), "\"it's\"");
        assert_eq!(py_repr("'\""), "'\\'\"'");
        assert_eq!(py_repr("a\\b\n"), "'a\\\\b\\n'");
        assert_eq!(either_of(&["a", "b", "c"]), "'a', 'b' or 'c'");
    }
}
