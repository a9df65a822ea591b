//! [`Headers`]: the one list of HTTP header fields every request, response, subrequest and
//! test uses, with its case rules and its encoding across the JS boundary.

use std::fmt;

/// HTTP header fields in the order they were added: names compared without regard to
/// case, values as given.
///
/// Line breaks in names and values are replaced by spaces when a field is added, so a
/// field can never be split in two (response splitting), and the flat boundary encoding
/// (`"name\nvalue\nname\nvalue"`) stays unambiguous.
///
/// ```
/// use edgeapi::Headers;
///
/// let mut headers = Headers::new();
/// headers.append("Set-Cookie", "a=1");
/// headers.append("set-cookie", "b=2");
/// headers.set("Content-Type", "text/plain");
/// assert_eq!(headers.get("content-type"), Some("text/plain"));
/// assert_eq!(headers.get_all("SET-COOKIE").collect::<Vec<_>>(), ["a=1", "b=2"]);
/// assert_eq!(headers.len(), 3);
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers(Vec<(String, String)>);

impl Headers {
    /// No fields.
    pub fn new() -> Self {
        Self::default()
    }

    /// The first value of field `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// Every value of field `name`, in order.
    pub fn get_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// True when field `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Adds a field, keeping any earlier values of it.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.0
            .push((single_line(name.into()), single_line(value.into())));
    }

    /// Sets a field, replacing any earlier values of it.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        self.remove(&name);
        self.append(name, value);
    }

    /// Removes every value of field `name`.
    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    }

    /// Every field as `(name, value)`, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&str, &str)> {
        self.0
            .iter()
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// How many fields there are (a repeated name counts each time).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no fields.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The first field that HTTP cannot carry, if any: a name that is not a token (RFC 9110:
    /// letters, digits and ``!#$%&'*+-.^_`|~``), or a value with a control character other
    /// than tab. Hosts differ in what they refuse and some send such fields as they are,
    /// which breaks the client's parser, so the SDK refuses them itself.
    pub(crate) fn first_invalid(&self) -> Option<(&str, &str)> {
        let token = |c: u8| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c);
        let name_ok = |name: &str| !name.is_empty() && name.bytes().all(token);
        let value_ok = |value: &str| !value.bytes().any(|c| (c < b' ' && c != b'\t') || c == 0x7f);
        self.iter()
            .find(|(name, value)| !name_ok(name) || !value_ok(value))
    }

    /// Decodes the flat boundary encoding, `"name\nvalue\nname\nvalue..."`, in which JS
    /// hands over all of a request's or a subrequest's headers in one string. A trailing
    /// separator, or a name with no value, is ignored.
    pub(crate) fn from_flat(flat: &str) -> Self {
        let mut fields = flat.split('\n');
        let mut headers = Vec::new();
        while let (Some(name), Some(value)) = (fields.next(), fields.next()) {
            headers.push((name.to_owned(), value.to_owned()));
        }
        Self(headers)
    }

    /// Encodes the fields for JS in one string (see [`Headers::from_flat`]), leaving out
    /// those `skip` picks; `None` when nothing is left.
    pub(crate) fn to_flat_without(&self, skip: impl Fn(&str) -> bool) -> Option<String> {
        let mut flat = String::new();
        for (name, value) in self.iter().filter(|(name, _)| !skip(name)) {
            if !flat.is_empty() {
                flat.push('\n');
            }
            flat.push_str(name);
            flat.push('\n');
            flat.push_str(value);
        }
        (!flat.is_empty()).then_some(flat)
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<I: IntoIterator<Item = (N, V)>>(fields: I) -> Self {
        let mut headers = Headers::new();
        headers.extend(fields);
        headers
    }
}

impl<N: Into<String>, V: Into<String>> Extend<(N, V)> for Headers {
    fn extend<I: IntoIterator<Item = (N, V)>>(&mut self, fields: I) {
        for (name, value) in fields {
            self.append(name, value);
        }
    }
}

fn single_line(text: String) -> String {
    if text.contains(['\r', '\n']) {
        text.replace(['\r', '\n'], " ")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::Headers;

    #[test]
    fn flat_encoding_round_trips() {
        let headers: Headers = [("a", "1"), ("B", "two words"), ("a", "")]
            .into_iter()
            .collect();
        let flat = headers.to_flat_without(|_| false).unwrap();
        assert_eq!(flat, "a\n1\nB\ntwo words\na\n");
        assert_eq!(Headers::from_flat(&flat), headers);
        assert_eq!(
            Headers::from_flat("x\n1\n"),
            [("x", "1")].into_iter().collect()
        );
        assert_eq!(Headers::new().to_flat_without(|_| false), None);
    }

    #[test]
    fn line_breaks_cannot_split_a_field() {
        let mut headers = Headers::new();
        headers.append("x-a\r\nx-b", "1\r\nx-c: 2");
        assert_eq!(headers.get("x-a  x-b"), Some("1  x-c: 2"));
        let flat = headers.to_flat_without(|_| false).unwrap();
        assert_eq!(flat.matches('\n').count(), 1);
    }

    #[test]
    fn finds_fields_http_cannot_carry() {
        let valid: Headers = [("x-a_1.B", "caf\u{e9} \u{1F354}\t!"), ("x", "")]
            .into_iter()
            .collect();
        assert_eq!(valid.first_invalid(), None);
        for (name, value) in [
            ("bad name", "1"),
            ("", "1"),
            ("x-caf\u{e9}", "1"),
            ("x", "a\u{0}b"),
            ("x", "\u{7f}"),
        ] {
            let headers: Headers = [("ok", "1"), (name, value)].into_iter().collect();
            assert_eq!(headers.first_invalid(), Some((name, value)));
        }
    }

    #[test]
    fn skips_what_the_caller_sends_apart() {
        let headers: Headers = [("Content-Type", "text/plain"), ("x", "1")]
            .into_iter()
            .collect();
        let flat = headers.to_flat_without(|name| name.eq_ignore_ascii_case("content-type"));
        assert_eq!(flat.as_deref(), Some("x\n1"));
    }
}
