//! The body parsed as Python's `json.loads` parses it: a [`Json`] tree, or FastAPI's
//! `json_invalid` error with the message and position Python gives.

use std::borrow::Cow;

use serde_json::Value;

use super::json_tree::Json;
use crate::error::{context, ErrorItem, Loc, ValidationError};

/// The first element of every body error's `loc`.
pub(super) const BODY: &str = "body";

/// Parses the body as Starlette's `request.json()` does (a byte order mark is dropped),
/// reporting malformed JSON as FastAPI's `json_invalid`; no body (`None`) reads as `null`.
/// A body of only a byte order mark has no value, as in Python.
pub(super) fn parse(text: Option<&str>) -> Result<Json, ValidationError> {
    let Some(text) = text else {
        return Ok(Json::Null);
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                    // A trailing comma reads as a missing element or key, as Python up to
                    // 3.12 words it (3.13 reports an illegal trailing comma instead); the
                    // parity fixture was recorded on 3.11.
                    i = skip_whitespace(s, i + 1);
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

#[cfg(test)]
mod tests {
    use crate::validate::test_support::json::*;

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
            ("[1,]", "Expecting value", 3),
            ("[1, ]", "Expecting value", 4),
            (
                r#"{"a": 1 , }"#,
                "Expecting property name enclosed in double quotes",
                10,
            ),
            (
                r#"{"name":"x","price":1,}"#,
                "Expecting property name enclosed in double quotes",
                22,
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
    fn a_lone_byte_order_mark_has_no_value() {
        assert_eq!(detail::<Value>("\u{feff}"), invalid("Expecting value", 0));
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
}
