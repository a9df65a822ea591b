//! Path, query, header, cookie and form parameters deserialized with serde, failing with
//! FastAPI's errors.
//!
//! Parameters arrive as percent-decoded `(name, value)` strings. [`from_params`] feeds them
//! to a `Deserialize` type and turns every failure into a Pydantic v2 shaped [`ErrorItem`]:
//! the same `type`, `msg`, `input` and `ctx` FastAPI answers with, located as
//! `["query", "limit"]` or `["query", "ids", 1]`.

use std::cell::Cell;
use std::collections::HashMap;
use std::slice;

use serde::de::{self, DeserializeOwned, DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;

use super::collect::{collect, id_of, Input, Recovery};
use super::error::Error;
use super::forward::forward_aliases;
use super::object::{Entry, ObjectAccess};
use super::placeholder::Placeholder;
use super::strings::StringsDeserializer;
use crate::error::{ErrorItem, Loc, ValidationError};

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

/// The identity of the parameters as a whole, and of the object their names are keys of.
/// No value lives at address 0.
const ROOT: usize = 0;

/// The newtype name under which the parameters are read as a parameter model (FastAPI's
/// `Annotated[Model, Query()]`): a missing field's input is then every parameter received,
/// where a separate parameter's is `null`. `edgeapi::extract::Model` asks for it.
pub(crate) const MODEL: &str = "edgeapi::Model";

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
    collect_params(source, params, &mut |root| {
        value = Some(T::deserialize(root)?);
        Ok(())
    })?;
    // `collect_params` answers `Ok` only after a run that set `value`.
    value.ok_or_else(ValidationError::new)
}

/// Groups the pairs and reads them with `deserialize` until a run gets through. Not
/// generic, so this exists once whatever the parameters' type.
#[inline(never)]
fn collect_params(
    source: Source,
    params: &[(String, String)],
    deserialize: &mut dyn FnMut(Root<'_>) -> Result<(), Error>,
) -> Result<(), ValidationError> {
    let pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let (grouped, positions) = group(&pairs, source == Source::Header);
    let fields = Cell::new(&[][..]);
    let model = Cell::new(false);
    let input = Input {
        loc: source.loc(),
        id: ROOT,
        // Each rerun steps over one more failure, so at most one per value, per name (its
        // whole value, or the name itself) and per missing field.
        max_errors: &|| 3 * pairs.len() + fields.get().len() + 1,
    };
    collect(input, &mut |recovery| {
        let root = Root {
            source,
            pairs: &pairs,
            positions: &positions,
            params: &grouped,
            recovery,
            fields: &fields,
            model: &model,
        };
        deserialize(root).map_err(|error| {
            let fields = fields.get();
            let mut error = error.place(ROOT, fields);
            if model.get() {
                // Pydantic validates a parameter model from all the parameters received.
                error = error.with_input(|| received(source, &grouped));
            }
            // FastAPI's order: by the field's declaration, unknown names last.
            error.order = vec![declaration_index(&error.item, fields)];
            error
        })
    })
}

/// Every parameter received, as the input of a parameter model's missing field:
/// `{"name": "value"}`, a list for a repeated name, headers by their own names.
fn received(source: Source, params: &[Param<'_>]) -> Value {
    crate::error::object(params.iter().map(|param| {
        let name = match source {
            Source::Header => param.name.replace('_', "-"),
            _ => param.name.to_owned(),
        };
        (name, param.input())
    }))
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
    /// A header's values split into list elements, which a sequence reads: hosts join a
    /// repeated header's lines with `", "` before the app sees them (the Fetch standard).
    /// Empty for other sources, whose sequences read `values`.
    items: Vec<&'a str>,
}

impl Param<'_> {
    /// Places an error from the parameter's value in it (in the element it names, if
    /// any), with the raw value as input unless it has one.
    fn place(&self, error: Error) -> Error {
        let element = match error.item.loc.first() {
            Some(Loc::Index(i)) => self.values.get(*i),
            _ => None,
        };
        error
            .place(element.map_or_else(|| id_of(self), id_of), &[])
            .with_input(|| self.input())
    }
}

impl Entry for Param<'_> {
    const DROP_REJECTED: bool = true;

    fn key(&self) -> &str {
        self.name
    }

    fn id(&self) -> usize {
        id_of(self)
    }

    /// The raw input for an error about the whole parameter.
    fn input(&self) -> Value {
        match self.values.as_slice() {
            [one] => Value::from(*one),
            many => Value::from(many.to_vec()),
        }
    }

    fn read<'de, S: DeserializeSeed<'de>>(
        &self,
        seed: S,
        recovery: &Recovery,
    ) -> Result<S::Value, Error> {
        let strings = StringsDeserializer::with_recovery(&self.values, recovery);
        let strings = match self.items.as_slice() {
            [] => strings,
            items => strings.with_items(items),
        };
        seed.deserialize(strings).map_err(|e| self.place(e))
    }
}

/// Groups pairs by name, in order of first appearance; also answers each name's position.
/// `lists` splits each value into list elements, as a header's are.
fn group<'a>(
    pairs: &[(&'a str, &'a str)],
    lists: bool,
) -> (Vec<Param<'a>>, HashMap<&'a str, usize>) {
    let mut positions: HashMap<&str, usize> = HashMap::new();
    let mut params: Vec<Param<'a>> = Vec::new();
    for &(name, value) in pairs {
        let i = *positions.entry(name).or_insert_with(|| {
            params.push(Param {
                name,
                values: Vec::new(),
                items: Vec::new(),
            });
            params.len() - 1
        });
        if let Some(param) = params.get_mut(i) {
            param.values.push(value);
            if lists {
                param.items.extend(list_elements(value));
            }
        }
    }
    (params, positions)
}

/// The elements of an HTTP list value (RFC 9110 §5.6.1): split at commas outside quoted
/// strings, whitespace trimmed (a header value has no other than spaces and tabs), empty
/// elements dropped; an empty value is one empty
/// element, as one empty header line is.
fn list_elements(value: &str) -> impl Iterator<Item = &str> {
    let mut quoted = false;
    let mut escaped = false;
    let elements = value.split(move |c: char| {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ',' if !quoted => return true,
            _ => {}
        }
        false
    });
    let empty = value.trim().is_empty();
    elements
        .map(str::trim)
        .filter(move |element| empty || !element.is_empty())
        .take(if empty { 1 } else { usize::MAX })
}

// ---------------------------------------------------------------------------------------
// The root: all parameters.

struct Root<'a> {
    source: Source,
    pairs: &'a [(&'a str, &'a str)],
    /// Where each name is in `params`.
    positions: &'a HashMap<&'a str, usize>,
    params: &'a [Param<'a>],
    recovery: &'a Recovery,
    /// Set by `deserialize_struct`, to sort errors in declaration order.
    fields: &'a Cell<&'static [&'static str]>,
    /// Set when the parameters are read as a model ([`MODEL`]).
    model: &'a Cell<bool>,
}

impl<'a> Root<'a> {
    fn map(&self, fields: Option<&'static [&'static str]>) -> ObjectAccess<'a, Param<'a>> {
        ObjectAccess::new(ROOT, self.params, fields, self.recovery)
    }

    fn seq(&self) -> RootSeq<'a> {
        RootSeq {
            pairs: self.pairs.iter(),
            positions: self.positions,
            params: self.params,
            recovery: self.recovery,
        }
    }

    /// The one parameter a single value reads. A route's path parameters are fixed, so
    /// any other number is a bug in the app; other parameters come by name, from the
    /// client: none is `missing`, and of several the last one given is read.
    fn single(&self) -> Result<(&'a Param<'a>, StringsDeserializer<'a>), Error> {
        let last = self.pairs.last().and_then(|(name, _)| {
            let param = self.params.get(*self.positions.get(name)?)?;
            Some((param, StringsDeserializer::new(&param.values)))
        });
        match (self.source, last) {
            (Source::Path, _) if self.pairs.len() != 1 => Err(self.arity_error(1)),
            (_, Some(last)) => Ok(last),
            (_, None) => Err(Error::missing()),
        }
    }

    fn arity_error(&self, expected: usize) -> Error {
        let (extractor, origin) = self.source.describe();
        let plural = if expected == 1 { "" } else { "s" };
        let found = self.pairs.len();
        Error::programmer(format!(
            "{extractor} expects {expected} parameter{plural}, {origin} has {found}"
        ))
    }
}

macro_rules! forward_to_single {
    ($($method:ident($($arg:ident: $ty:ty),*)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
            let (param, value) = self.single()?;
            value.$method($($arg,)* visitor)
                .map_err(|e| param.place(e).within(param.name.to_owned(), 0))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Root<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.map(None))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_map(self.map(None))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.fields.set(fields);
        visitor.visit_map(self.map(Some(fields)))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(self.seq())
    }

    /// Path parameters in route order, which must match; other parameters in request
    /// order, where a missing element is the client's (a 422) and extra ones are ignored.
    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, Error> {
        if self.source == Source::Path && len != self.pairs.len() {
            return Err(self.arity_error(len));
        }
        visitor.visit_seq(self.seq())
    }

    /// Transparent, so a newtype around a struct still reads all parameters; [`MODEL`]
    /// reads them as a parameter model.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        if name == MODEL {
            self.model.set(true);
        }
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_aliases!();

    forward_to_single! {
        deserialize_bool(), deserialize_char(), deserialize_str(), deserialize_bytes(),
        deserialize_option(), deserialize_f32(), deserialize_f64(),
        deserialize_i8(), deserialize_i16(), deserialize_i32(), deserialize_i64(),
        deserialize_i128(), deserialize_u8(), deserialize_u16(), deserialize_u32(),
        deserialize_u64(), deserialize_u128(),
        deserialize_enum(name: &'static str, variants: &'static [&'static str]),
    }
}

/// Every pair's value in order, for a tuple such as `Path<(String, u32)>`. A value whose
/// name was reported reads as a placeholder.
struct RootSeq<'a> {
    pairs: slice::Iter<'a, (&'a str, &'a str)>,
    positions: &'a HashMap<&'a str, usize>,
    params: &'a [Param<'a>],
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
        let param = self.positions.get(name).and_then(|&i| self.params.get(i));
        let id = param.map_or(ROOT, id_of);
        let element = if self.recovery.failed(id) {
            seed.deserialize(Placeholder).map_err(Error::of_placeholder)
        } else {
            seed.deserialize(StringsDeserializer::new(slice::from_ref(value)))
                .map_err(|e| {
                    e.place(id, &[])
                        .with_input(|| Value::from(*value))
                        .within((*name).to_owned(), 0)
                })
        };
        element.map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.pairs.len())
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::test_support::params::*;

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

    #[test]
    fn custom_errors_are_value_errors() {
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
    fn a_bare_value_from_the_client_is_a_422_never_a_500() {
        let missing =
            json!([{"type": "missing", "loc": ["query"], "msg": "Field required", "input": null}]);
        assert_eq!(detail(query::<bool>(&[])), missing);
        assert_eq!(detail(query::<u32>(&[])), missing);
        assert_eq!(detail(query::<String>(&[])), missing);
        assert_eq!(query::<bool>(&[("flag", "yes")]), Ok(true));
        // Of several parameters, the last one given.
        assert_eq!(query::<u32>(&[("a", "x"), ("b", "7")]), Ok(7));
        assert_eq!(
            detail(query::<bool>(&[("a", "1"), ("on", "maybe")])),
            json!([{
                "type": "bool_parsing",
                "loc": ["query", "on"],
                "msg": "Input should be a valid boolean, unable to interpret input",
                "input": "maybe",
            }])
        );
        for source in [Source::Header, Source::Cookie, Source::Form] {
            let error = from_params::<i64>(source, &[]).unwrap_err();
            assert_eq!(error.items()[0].kind, "missing");
            assert!(!is_programmer_error(&error.items()[0]));
        }
        // A tuple of query parameters: a missing one is a 422, extra ones are ignored.
        let short = query::<(u32, u32)>(&[("a", "1")]).unwrap_err();
        assert!(!is_programmer_error(&short.items()[0]));
        assert_eq!(short.items()[0].loc, [Loc::from("query")]);
        assert_eq!(
            query::<(u32, u32)>(&[("a", "1"), ("b", "2"), ("c", "3")]),
            Ok((1, 2))
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

        let item = ErrorItem::new("int_parsing", "x");
        assert!(!is_programmer_error(&item));
    }
}
