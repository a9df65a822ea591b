//! A `multipart/form-data` parser that is fed chunks and hands out events, holding no
//! more than one chunk and a delimiter's length of the body (RFC 7578, as
//! python-multipart reads it: the body starts with the first delimiter, lines end with
//! CRLF, and what follows the closing delimiter is ignored).

/// What the parser found next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A part begins: its headers.
    Part(PartHead),
    /// Some of the current part's body.
    Data(Vec<u8>),
    /// The current part ended.
    PartEnd,
    /// The closing delimiter: nothing more.
    End,
}

/// A part's headers, as a form reads them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct PartHead {
    pub(crate) name: Option<String>,
    pub(crate) filename: Option<String>,
    pub(crate) content_type: Option<String>,
}

/// Why a body is not multipart, in python-multipart's and Starlette's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Malformed {
    /// `Invalid multipart data.`: not the structure of a multipart body.
    Invalid,
    /// The body ended before the closing delimiter.
    Unterminated,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the first delimiter (leading line breaks are skipped).
    Start,
    /// Just after a delimiter: `--` ends the body, a line break starts a part.
    AfterDelimiter,
    Headers,
    Body,
    Done,
}

/// The longest header block read; more is not a form a browser sends.
const MAX_HEADERS: usize = 16 * 1024;

pub(crate) struct Parser {
    /// `\r\n--boundary`: what ends a part's body.
    delimiter: Vec<u8>,
    state: State,
    buffer: Vec<u8>,
    /// Where the unread bytes of `buffer` start.
    at: usize,
}

impl Parser {
    pub(crate) fn new(boundary: &str) -> Self {
        let mut delimiter = b"\r\n--".to_vec();
        delimiter.extend_from_slice(boundary.as_bytes());
        Self {
            delimiter,
            state: State::Start,
            buffer: Vec::new(),
            at: 0,
        }
    }

    /// Adds the next bytes of the body.
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        if self.at > 0 {
            self.buffer.drain(..self.at);
            self.at = 0;
        }
        if self.state != State::Done {
            self.buffer.extend_from_slice(chunk);
        }
    }

    fn unread(&self) -> &[u8] {
        self.buffer.get(self.at..).unwrap_or_default()
    }

    /// The next event, `Ok(None)` when more bytes are needed; `eof` says there are none.
    pub(crate) fn next(&mut self, eof: bool) -> Result<Option<Event>, Malformed> {
        loop {
            match self.state {
                State::Done => return Ok(Some(Event::End)),
                State::Start => {
                    // An empty body is a form without fields, as python-multipart reads it.
                    if eof && self.buffer.is_empty() {
                        self.state = State::Done;
                        continue;
                    }
                    let skipped = self
                        .unread()
                        .iter()
                        .take_while(|b| matches!(b, b'\r' | b'\n'))
                        .count();
                    self.at += skipped;
                    let first = &self.delimiter[2..];
                    let unread = self.unread();
                    if unread.len() < first.len() {
                        if !first.starts_with(unread) {
                            return Err(Malformed::Invalid);
                        }
                        return if eof {
                            Err(Malformed::Invalid)
                        } else {
                            Ok(None)
                        };
                    }
                    if !unread.starts_with(first) {
                        return Err(Malformed::Invalid);
                    }
                    self.at += first.len();
                    self.state = State::AfterDelimiter;
                }
                State::AfterDelimiter => {
                    if !self.unread().starts_with(b"--") {
                        let padding = self
                            .unread()
                            .iter()
                            .take_while(|b| matches!(b, b' ' | b'\t'))
                            .count();
                        self.at += padding;
                    }
                    let unread = self.unread();
                    if unread.len() < 2 {
                        return if eof {
                            Err(Malformed::Unterminated)
                        } else {
                            Ok(None)
                        };
                    }
                    if unread.starts_with(b"--") {
                        self.state = State::Done;
                        self.buffer = Vec::new();
                        self.at = 0;
                        return Ok(Some(Event::End));
                    }
                    if !unread.starts_with(b"\r\n") {
                        return Err(Malformed::Invalid);
                    }
                    self.at += 2;
                    self.state = State::Headers;
                }
                State::Headers => {
                    let unread = self.unread();
                    // A part with no headers: an empty line right away.
                    let found = if unread.starts_with(b"\r\n") {
                        Some((0, 2))
                    } else if unread.len() < 2 {
                        None
                    } else {
                        find(unread, b"\r\n\r\n", 0).map(|end| (end, end + 4))
                    };
                    let Some((end, used)) = found else {
                        // A complete line that is not a header is refused at once.
                        let lines = complete_lines(unread).split(|&b| b == b'\n');
                        let line = |line: &[u8]| line.strip_suffix(b"\r").unwrap_or(line).to_vec();
                        if lines
                            .map(line)
                            .any(|line| !line.is_empty() && !line.contains(&b':'))
                        {
                            return Err(Malformed::Invalid);
                        }
                        if unread.len() > MAX_HEADERS {
                            return Err(Malformed::Invalid);
                        }
                        return if eof {
                            Err(Malformed::Unterminated)
                        } else {
                            Ok(None)
                        };
                    };
                    let head = parse_head(&unread[..end])?;
                    self.at += used;
                    self.state = State::Body;
                    return Ok(Some(Event::Part(head)));
                }
                State::Body => {
                    let unread = self.unread();
                    if let Some(end) = find(unread, &self.delimiter, 0) {
                        if end > 0 {
                            let data = unread[..end].to_vec();
                            self.at += end;
                            return Ok(Some(Event::Data(data)));
                        }
                        // A delimiter is followed by `--`, or by a line break after optional
                        // spaces (transport padding); anything else makes it data, as
                        // python-multipart reads it.
                        let length = self.delimiter.len();
                        match unread.get(length) {
                            None if !eof => return Ok(None),
                            Some(b'\r' | b'-' | b' ' | b'\t') | None => {
                                self.at += length;
                                self.state = State::AfterDelimiter;
                                return Ok(Some(Event::PartEnd));
                            }
                            Some(_) => {
                                let data = unread[..length].to_vec();
                                self.at += length;
                                return Ok(Some(Event::Data(data)));
                            }
                        }
                    }
                    // All but what could be the start of a delimiter is the part's.
                    let keep = partial_suffix(unread, &self.delimiter);
                    let ready = unread.len() - keep;
                    if ready > 0 {
                        let data = unread[..ready].to_vec();
                        self.at += ready;
                        return Ok(Some(Event::Data(data)));
                    }
                    return if eof {
                        Err(Malformed::Unterminated)
                    } else {
                        Ok(None)
                    };
                }
            }
        }
    }
}

/// The complete lines at the start of a byte string (up to its last CRLF).
fn complete_lines(bytes: &[u8]) -> &[u8] {
    let end = bytes
        .windows(2)
        .rposition(|pair| pair == b"\r\n")
        .unwrap_or(0);
    &bytes[..end]
}

/// Where `needle` first occurs in `haystack` from `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while let Some(offset) = haystack.get(at..)?.iter().position(|&b| b == first) {
        let start = at + offset;
        let rest = haystack.get(start..)?;
        if rest.len() < needle.len() {
            return None;
        }
        if rest.starts_with(needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// How many bytes at the end of `data` begin `delimiter` (and so may continue in the
/// next chunk).
fn partial_suffix(data: &[u8], delimiter: &[u8]) -> usize {
    let longest = data.len().min(delimiter.len() - 1);
    (1..=longest)
        .rev()
        .find(|&n| delimiter.starts_with(&data[data.len() - n..]))
        .unwrap_or(0)
}

/// A part's header lines: `Content-Disposition` (its `name` and `filename`) and
/// `Content-Type`; others are skipped.
fn parse_head(block: &[u8]) -> Result<PartHead, Malformed> {
    let mut head = PartHead::default();
    if block.is_empty() {
        return Ok(head);
    }
    for line in block.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let line = String::from_utf8_lossy(line);
        let (name, value) = line.split_once(':').ok_or(Malformed::Invalid)?;
        let value = value.trim();
        if name.trim().eq_ignore_ascii_case("content-disposition") {
            for (key, param) in parameters(value) {
                match key.to_ascii_lowercase().as_str() {
                    "name" => head.name = Some(param),
                    "filename" => head.filename = Some(param),
                    _ => {}
                }
            }
        } else if name.trim().eq_ignore_ascii_case("content-type") {
            head.content_type = Some(value.to_owned());
        }
    }
    Ok(head)
}

/// The `key=value` parameters after a header value's first `;`, quoted strings unquoted
/// (a browser escapes `"` in a file name as `%22`; a backslash escapes the next character).
pub(crate) fn parameters(value: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = match value.split_once(';') {
        Some((_, rest)) => rest,
        None => return out,
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        if rest.is_empty() {
            return out;
        }
        let Some(eq) = rest
            .find(['=', ';'])
            .filter(|&i| rest.as_bytes()[i] == b'=')
        else {
            // A parameter without a value: skipped.
            rest = rest.find(';').map_or("", |i| &rest[i..]);
            continue;
        };
        let key = rest[..eq].trim().to_owned();
        rest = rest[eq + 1..].trim_start();
        let value = if let Some(quoted) = rest.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(next);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            rest = &quoted[end.min(quoted.len())..];
            value
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            let value = rest[..end].trim().to_owned();
            rest = &rest[end..];
            value
        };
        out.push((key, value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of `body` fed in chunks of `size` bytes, data joined per part.
    fn events(body: &[u8], size: usize) -> Result<Vec<Event>, Malformed> {
        let mut parser = Parser::new("XyZ");
        let mut out: Vec<Event> = Vec::new();
        let mut chunks = body.chunks(size.max(1)).peekable();
        loop {
            let eof = chunks.peek().is_none();
            match parser.next(eof)? {
                Some(Event::End) => {
                    out.push(Event::End);
                    return Ok(out);
                }
                Some(Event::Data(data)) => match out.last_mut() {
                    Some(Event::Data(all)) => all.extend(data),
                    _ => out.push(Event::Data(data)),
                },
                Some(event) => out.push(event),
                None => match chunks.next() {
                    Some(chunk) => parser.feed(chunk),
                    None => return Err(Malformed::Unterminated),
                },
            }
        }
    }

    fn part(name: &str, filename: Option<&str>, content_type: Option<&str>) -> Event {
        Event::Part(PartHead {
            name: Some(name.to_owned()),
            filename: filename.map(str::to_owned),
            content_type: content_type.map(str::to_owned),
        })
    }

    const GOOD: &[u8] = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZa\r\n--\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--XyZ--\r\nepilogue";

    #[test]
    fn parses_parts_whatever_the_chunk_size() {
        let expected = vec![
            part("file", Some("a.txt"), Some("text/plain")),
            Event::Data(b"hello\r\n--XyZa\r\n--".to_vec()),
            Event::PartEnd,
            part("note", None, None),
            Event::Data(b"hi".to_vec()),
            Event::PartEnd,
            Event::End,
        ];
        for size in [1, 2, 3, 5, 7, 8, 13, 64, 1000] {
            assert_eq!(events(GOOD, size), Ok(expected.clone()), "chunks of {size}");
        }
    }

    #[test]
    fn refuses_what_python_multipart_refuses() {
        assert_eq!(events(b"garbage", 4), Err(Malformed::Invalid));
        assert_eq!(
            events(b"junk\r\n--XyZ\r\n\r\n\r\n--XyZ--", 4),
            Err(Malformed::Invalid)
        );
        assert_eq!(
            events(
                b"--XyZ\nContent-Disposition: form-data; name=a\n\nv\n--XyZ--\n",
                4
            ),
            Err(Malformed::Invalid)
        );
        assert_eq!(
            events(b"--XyZ\r\nbroken header\r\n\r\nv\r\n--XyZ--", 4),
            Err(Malformed::Invalid)
        );
        assert_eq!(events(b"", 4), Ok(vec![Event::End]));
        assert_eq!(
            events(
                b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv",
                3
            ),
            Err(Malformed::Unterminated)
        );
        assert_eq!(
            events(
                b"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ\r\n",
                3
            ),
            Err(Malformed::Unterminated)
        );
        assert_eq!(
            events(b"--XyZ\r\nContent-Disposition: form-data; name=a", 3),
            Err(Malformed::Unterminated)
        );
        // Leading line breaks are skipped, a part may have no headers.
        assert_eq!(
            events(b"\r\n--XyZ\r\n\r\nv\r\n--XyZ--", 2),
            Ok(vec![
                Event::Part(PartHead::default()),
                Event::Data(b"v".to_vec()),
                Event::PartEnd,
                Event::End
            ])
        );
    }

    #[test]
    fn header_parameters() {
        assert_eq!(
            parameters(r#"form-data; name="a;b"; filename="x\"y.txt"; flag; size=3"#),
            vec![
                ("name".to_owned(), "a;b".to_owned()),
                ("filename".to_owned(), "x\"y.txt".to_owned()),
                ("size".to_owned(), "3".to_owned()),
            ]
        );
        assert_eq!(
            parameters("multipart/form-data; boundary=XyZ"),
            vec![("boundary".to_owned(), "XyZ".to_owned())]
        );
        assert_eq!(parameters("form-data"), vec![]);
    }

    #[test]
    fn holds_no_more_than_a_chunk_and_a_delimiter() {
        let mut parser = Parser::new("XyZ");
        parser.feed(b"--XyZ\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\n");
        assert!(matches!(parser.next(false), Ok(Some(Event::Part(_)))));
        for _ in 0..1000 {
            parser.feed(&[b'x'; 4096]);
            while let Ok(Some(Event::Data(_))) = parser.next(false) {}
            assert!(
                parser.buffer.len() <= 4096 + parser.delimiter.len(),
                "{}",
                parser.buffer.len()
            );
        }
    }
}
