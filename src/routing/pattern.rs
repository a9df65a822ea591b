//! Path patterns: `/items/{id}`, `/images/img-{id}.png`, `/files/{*path}`; matching a path
//! against one, and which of two patterns that match the same path is the more specific.
//!
//! The syntax and the priorities are matchit's (and axum's): a parameter matches one
//! non-empty segment, or the non-empty part of one between a static prefix and suffix; a
//! catch-all matches the rest of the path, at least one character; `{{` and `}}` are the
//! characters themselves. Where several patterns match, the one whose first differing
//! segment is the more specific wins: a static segment, then a parameter with a prefix or
//! suffix (the longer first), then a plain parameter, then a catch-all. Written here rather
//! than taken from matchit, whose radix tree and its insertion were 12 KiB of every app's
//! gzipped upload: a route table is a few dozen patterns, scanned most specific first.

use std::cmp::Ordering;

/// One `/`-separated piece of a pattern.
#[derive(Debug, PartialEq, Eq)]
enum Segment {
    Static(String),
    Param {
        name: String,
        prefix: String,
        suffix: String,
    },
    CatchAll(String),
}

impl Segment {
    /// How specific the segment is, the higher the more: what orders patterns.
    fn specificity(&self) -> (u8, usize) {
        match self {
            Segment::Static(_) => (3, 0),
            Segment::Param { prefix, suffix, .. } if !prefix.is_empty() || !suffix.is_empty() => {
                (2, prefix.len() + suffix.len())
            }
            Segment::Param { .. } => (1, 0),
            Segment::CatchAll(_) => (0, 0),
        }
    }

    /// Whether the two match the same text, whatever their parameters are called.
    fn same_shape(&self, other: &Segment) -> bool {
        match (self, other) {
            (Segment::Static(a), Segment::Static(b)) => a == b,
            (
                Segment::Param {
                    prefix: p1,
                    suffix: s1,
                    ..
                },
                Segment::Param {
                    prefix: p2,
                    suffix: s2,
                    ..
                },
            ) => p1 == p2 && s1 == s2,
            (Segment::CatchAll(_), Segment::CatchAll(_)) => true,
            _ => false,
        }
    }
}

/// A parsed path pattern.
#[derive(Debug)]
pub(crate) struct Pattern {
    segments: Vec<Segment>,
}

impl Pattern {
    /// Parses `pattern`; the error says what is wrong with it.
    ///
    /// ```text
    /// /items/{id}            one segment captured as `id`
    /// /images/img-{id}.png   the part of a segment between `img-` and `.png`
    /// /files/{*path}         the rest of the path, at least one character
    /// /{{literal}}           the text `{literal}`
    /// ```
    pub(crate) fn parse(pattern: &str) -> Result<Pattern, &'static str> {
        let count = pattern.split('/').count();
        let segments = pattern
            .split('/')
            .enumerate()
            .map(|(i, text)| parse_segment(text, i + 1 == count))
            .collect::<Result<_, _>>()?;
        Ok(Pattern { segments })
    }

    /// The parameters `path` gives this pattern as `(name, value)`, or `None` when it does
    /// not match.
    pub(crate) fn captures<'p>(&self, path: &'p str) -> Option<Vec<(&str, &'p str)>> {
        let mut params = Vec::new();
        let mut rest = path;
        let last = self.segments.len() - 1;
        for (i, segment) in self.segments.iter().enumerate() {
            let (here, next) = match rest.find('/') {
                Some(slash) => (&rest[..slash], Some(&rest[slash + 1..])),
                None => (rest, None),
            };
            match segment {
                Segment::CatchAll(name) => {
                    return (!rest.is_empty()).then(|| {
                        params.push((name.as_str(), rest));
                        params
                    });
                }
                Segment::Static(text) => {
                    if here != text {
                        return None;
                    }
                }
                Segment::Param {
                    name,
                    prefix,
                    suffix,
                } => {
                    let value = here
                        .strip_prefix(prefix.as_str())
                        .and_then(|value| value.strip_suffix(suffix.as_str()))
                        .filter(|value| !value.is_empty())?;
                    params.push((name.as_str(), value));
                }
            }
            match next {
                Some(next) if i < last => rest = next,
                None if i == last => return Some(params),
                _ => return None,
            }
        }
        None
    }

    /// Whether the two patterns match exactly the same paths: they cannot both be routes.
    pub(crate) fn conflicts_with(&self, other: &Pattern) -> bool {
        self.segments.len() == other.segments.len()
            && self
                .segments
                .iter()
                .zip(&other.segments)
                .all(|(a, b)| a.same_shape(b))
    }

    /// Which of two patterns wins a path both match: `Greater` for the more specific, by
    /// their first segments that differ in specificity.
    pub(crate) fn specificity_cmp(&self, other: &Pattern) -> Ordering {
        let ours = self.segments.iter().map(Segment::specificity);
        ours.cmp(other.segments.iter().map(Segment::specificity))
    }
}

/// One segment of a pattern; `last` when nothing follows it, where a catch-all may be.
fn parse_segment(text: &str, last: bool) -> Result<Segment, &'static str> {
    // The static text before the parameter, then after it.
    let mut fixed = [String::new(), String::new()];
    let mut name: Option<String> = None;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let side = usize::from(name.is_some());
        match c {
            '{' | '}' if chars.peek() == Some(&c) => {
                chars.next();
                fixed[side].push(c);
            }
            '{' => {
                if name.is_some() {
                    return Err("only one parameter is allowed in a path segment");
                }
                let mut param = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some('{') | None => return Err("a parameter's `{` has no `}`"),
                        Some(c) => param.push(c),
                    }
                }
                if param.is_empty() || param == "*" {
                    return Err("a parameter needs a name, as in `{id}`");
                }
                name = Some(param);
            }
            '}' => return Err("a `}` outside a parameter: write `}}` for the character"),
            c => fixed[side].push(c),
        }
    }
    let [prefix, suffix] = fixed;
    match name {
        None => Ok(Segment::Static(prefix)),
        Some(name) => match name.strip_prefix('*') {
            Some(rest) if last && prefix.is_empty() && suffix.is_empty() => {
                Ok(Segment::CatchAll(rest.to_owned()))
            }
            Some(_) => Err("a catch-all parameter must be a whole segment at the end of the route"),
            None => Ok(Segment::Param {
                name,
                prefix,
                suffix,
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(text: &str) -> Pattern {
        Pattern::parse(text).unwrap()
    }

    fn captures<'p>(text: &str, path: &'p str) -> Option<Vec<(String, &'p str)>> {
        let pattern = pattern(text);
        let found = pattern.captures(path)?;
        Some(found.into_iter().map(|(n, v)| (n.to_owned(), v)).collect())
    }

    fn params<'p>(pairs: &[(&str, &'p str)]) -> Option<Vec<(String, &'p str)>> {
        Some(pairs.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect())
    }

    #[test]
    fn static_patterns_match_exactly() {
        assert_eq!(captures("/", "/"), params(&[]));
        assert_eq!(captures("/items", "/items"), params(&[]));
        assert_eq!(captures("/items/", "/items/"), params(&[]));
        assert_eq!(captures("/items", "/items/"), None);
        assert_eq!(captures("/items/", "/items"), None);
        assert_eq!(captures("/items", "/item"), None);
        assert_eq!(captures("/a/b", "/a/b/c"), None);
    }

    #[test]
    fn parameters_take_one_non_empty_segment() {
        assert_eq!(
            captures("/items/{id}", "/items/42"),
            params(&[("id", "42")])
        );
        assert_eq!(
            captures("/u/{user}/items/{item}", "/u/ann/items/7"),
            params(&[("user", "ann"), ("item", "7")])
        );
        assert_eq!(captures("/items/{id}", "/items/"), None);
        assert_eq!(captures("/items/{id}", "/items/4/2"), None);
        assert_eq!(captures("/{a}", "/"), None);
    }

    #[test]
    fn parameters_may_have_a_static_prefix_and_suffix() {
        let pattern = "/images/img-{id}.png";
        assert_eq!(
            captures(pattern, "/images/img-1.png"),
            params(&[("id", "1")])
        );
        assert_eq!(captures(pattern, "/images/img-1.jpg"), None);
        assert_eq!(captures(pattern, "/images/img-.png"), None);
        assert_eq!(
            captures("/{name}.json", "/a.b.json"),
            params(&[("name", "a.b")])
        );
    }

    #[test]
    fn a_catch_all_takes_the_rest_of_the_path() {
        assert_eq!(
            captures("/files/{*path}", "/files/a/b.txt"),
            params(&[("path", "a/b.txt")])
        );
        assert_eq!(captures("/files/{*path}", "/files/"), None);
        assert_eq!(captures("/files/{*path}", "/files"), None);
        assert_eq!(captures("/{*rest}", "/"), None);
        assert_eq!(captures("/{*rest}", "//x"), params(&[("rest", "/x")]));
    }

    #[test]
    fn doubled_braces_are_the_characters() {
        assert_eq!(captures("/{{hello}}", "/{hello}"), params(&[]));
        assert_eq!(captures("/{{hello}}", "/hello"), None);
        assert_eq!(captures("/a{{{x}}}", "/a{1}"), params(&[("x", "1")]));
    }

    #[test]
    fn malformed_patterns_say_what_is_wrong() {
        for (pattern, problem) in [
            ("/{a}{b}", "only one parameter"),
            ("/{a", "has no `}`"),
            ("/{a{b}}", "has no `}`"),
            ("/{}", "needs a name"),
            ("/{*}", "needs a name"),
            ("/a}", "outside a parameter"),
            ("/{*rest}/more", "catch-all"),
            ("/x{*rest}", "catch-all"),
        ] {
            let error = Pattern::parse(pattern).unwrap_err();
            assert!(error.contains(problem), "{pattern}: {error}");
        }
    }

    #[test]
    fn patterns_that_match_the_same_paths_conflict() {
        let conflict = |a: &str, b: &str| pattern(a).conflicts_with(&pattern(b));
        assert!(conflict("/a/{x}", "/a/{y}"));
        assert!(conflict("/f/{*a}", "/f/{*b}"));
        assert!(conflict("/i/{x}.png", "/i/{y}.png"));
        assert!(!conflict("/a/{x}", "/a/b"));
        assert!(!conflict("/a/{x}", "/a/{x}/b"));
        assert!(!conflict("/i/{x}.png", "/i/{x}.jpg"));
        assert!(!conflict("/a/{x}", "/a/{*x}"));
    }

    #[test]
    fn the_more_specific_pattern_wins() {
        let order = |a: &str, b: &str| pattern(a).specificity_cmp(&pattern(b));
        assert_eq!(order("/users/me", "/users/{id}"), Ordering::Greater);
        assert_eq!(order("/users/{id}", "/users/{*rest}"), Ordering::Greater);
        assert_eq!(order("/img/{id}.png", "/img/{id}"), Ordering::Greater);
        assert_eq!(order("/img/{id}.tar.gz", "/img/{id}.gz"), Ordering::Greater);
        // The first segment that differs decides, as matchit's tree decides depth first.
        assert_eq!(order("/a/b/{x}", "/a/{x}/c"), Ordering::Greater);
        assert_eq!(order("/{*rest}", "/a/b"), Ordering::Less);
    }
}
