//! [`Operation`]: what one route says about itself, filled in by its extractors and its
//! result type.

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};

use super::schemas::Schemas;

/// Where a parameter is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterIn {
    /// A path segment, `/items/{item_id}`.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

impl ParameterIn {
    fn as_str(self) -> &'static str {
        match self {
            ParameterIn::Path => "path",
            ParameterIn::Query => "query",
            ParameterIn::Header => "header",
            ParameterIn::Cookie => "cookie",
        }
    }
}

/// One parameter of an operation.
pub(crate) struct Parameter {
    location: ParameterIn,
    name: String,
    required: bool,
    schema: Value,
}

impl Parameter {
    /// FastAPI lists path, then query, header and cookie parameters.
    pub(crate) fn location_rank(&self) -> u8 {
        self.location as u8
    }

    /// The parameter object; a field's doc comment is its description.
    pub(crate) fn into_json(self) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), self.name.into());
        out.insert("in".into(), self.location.as_str().into());
        out.insert("required".into(), self.required.into());
        if let Some(description) = self.schema.get("description") {
            out.insert("description".into(), description.clone());
        }
        out.insert("schema".into(), self.schema);
        Value::Object(out)
    }
}

/// What the success response carries.
#[derive(Default)]
pub(crate) enum Content {
    /// Nothing known: FastAPI's default, JSON of any shape.
    #[default]
    Unknown,
    /// No body.
    Empty,
    /// A body of this media type and schema.
    Of(&'static str, Value),
}

/// One operation (a method on a path) of the OpenAPI document, as the route's extractors
/// and result type describe it.
///
/// Your own extractor describes itself here through its `openapi` method, which every route
/// that uses it calls:
///
/// ```
/// use edgeapi::extract::FromRequestParts;
/// use edgeapi::openapi::{Operation, ParameterIn};
/// use edgeapi::{HttpError, Parts, StatusCode};
/// use serde_json::json;
///
/// /// The caller's API key, from the `x-api-key` header.
/// struct ApiKey(String);
///
/// impl FromRequestParts for ApiKey {
///     type Rejection = HttpError;
///
///     async fn from_request_parts(parts: &mut Parts) -> Result<Self, HttpError> {
///         match parts.header("x-api-key") {
///             Some(key) => Ok(ApiKey(key.to_owned())),
///             None => Err(HttpError::new(StatusCode::UNAUTHORIZED, "Not authenticated")),
///         }
///     }
///
///     fn openapi(op: &mut Operation<'_>) {
///         op.parameter(ParameterIn::Header, "x-api-key", true, json!({"type": "string"}));
///         op.add_response(401, "Not authenticated");
///     }
/// }
/// ```
pub struct Operation<'g> {
    generator: &'g mut SchemaGenerator,
    /// The JSON Schemas `#[edgeapi::openapi]` found for the handler's types.
    schemas: Schemas,
    pub(crate) path_names: Vec<String>,
    pub(crate) name: String,
    pub(crate) summary: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) operation_id: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) deprecated: bool,
    pub(crate) hidden: bool,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) request_body: Option<RequestBody>,
    pub(crate) status: u16,
    pub(crate) content: Content,
    pub(crate) validates: bool,
    pub(crate) security: Vec<(String, Value)>,
    pub(crate) other_responses: Vec<(u16, String)>,
}

/// The request body: media type, schema, and whether a request must have one.
pub(crate) struct RequestBody {
    pub(crate) media_type: &'static str,
    pub(crate) schema: Value,
    pub(crate) required: bool,
}

impl<'g> Operation<'g> {
    /// An operation on a path with these `{parameters}`, each a string until an extractor
    /// says more.
    pub(crate) fn new(generator: &'g mut SchemaGenerator, path_names: Vec<String>) -> Self {
        let mut op = Self {
            generator,
            schemas: Schemas::default(),
            path_names: Vec::new(),
            name: String::new(),
            summary: None,
            description: None,
            operation_id: None,
            tags: Vec::new(),
            deprecated: false,
            hidden: false,
            parameters: Vec::new(),
            request_body: None,
            status: 200,
            content: Content::Unknown,
            validates: false,
            security: Vec::new(),
            other_responses: Vec::new(),
        };
        for name in &path_names {
            op.parameter(ParameterIn::Path, name, true, json!({"type": "string"}));
        }
        op.path_names = path_names;
        op
    }

    /// The schema of `T`: a `$ref` into `#/components/schemas` for named types.
    /// (Empty for a hidden operation, whose types stay out of the components.)
    pub fn schema_for<T: JsonSchema + ?Sized>(&mut self) -> Value {
        if self.hidden {
            return json!({});
        }
        self.generator.subschema_for::<T>().to_value()
    }

    /// Makes `T`'s JSON Schema known to this operation, for the extractors and responses
    /// that describe themselves with [`Operation::schema_of`] and the `..._of` methods.
    /// `#[edgeapi::openapi]` registers every type written in the handler's signature.
    pub fn register<T: JsonSchema + ?Sized>(&mut self) {
        self.schemas.register::<T>();
    }

    /// `T`'s schema (a `$ref` for named types) when it is registered, else `None`: a type
    /// with no `JsonSchema`, or a handler without `#[edgeapi::openapi]`.
    pub fn schema_of<T: ?Sized>(&mut self) -> Option<Value> {
        if self.hidden {
            return self.schemas.contains::<T>().then(|| json!({}));
        }
        self.schemas.reference::<T>(self.generator)
    }

    /// `T`'s own schema, inline, for spreading its fields out as parameters.
    fn inline_schema_of<T: ?Sized>(&mut self) -> Option<Value> {
        if self.hidden {
            return self.schemas.contains::<T>().then(|| json!({}));
        }
        self.schemas.inline::<T>(self.generator)
    }

    /// Declares a parameter, replacing an earlier one with the same place and name.
    pub fn parameter(&mut self, location: ParameterIn, name: &str, required: bool, schema: Value) {
        let schema = with_title(schema, name);
        let parameter = Parameter {
            location,
            name: name.to_owned(),
            required,
            schema,
        };
        replace_or_push(&mut self.parameters, parameter, |p| {
            p.location == location && p.name == name
        });
    }

    /// Declares the operation validated, with one parameter per field of `T` (a struct)
    /// when its schema is registered, named as serde names them; header names have `_`
    /// turned into `-`, as the `Header` extractor reads them.
    pub fn parameters_of<T: ?Sized>(&mut self, location: ParameterIn) {
        self.validates();
        let Some(schema) = self.inline_schema_of::<T>() else {
            return;
        };
        for (name, required, field) in fields(&schema) {
            let name = match location {
                ParameterIn::Header => name.replace('_', "-"),
                _ => name,
            };
            self.parameter(location, &name, required, field);
        }
    }

    /// Declares the path validated, typed from `T` when its schema is registered: one
    /// value, a tuple in route order, or a struct.
    pub(crate) fn path_parameters_of<T: ?Sized>(&mut self) {
        self.validates();
        let Some(schema) = self.inline_schema_of::<T>() else {
            return;
        };
        let names = self.path_names.clone();
        if schema.get("properties").is_some() {
            for (name, _, field) in fields(&schema) {
                self.parameter(ParameterIn::Path, &name, true, field);
            }
        } else if let Some(items) = schema.get("prefixItems").and_then(Value::as_array) {
            for (name, item) in names.iter().zip(items) {
                self.parameter(ParameterIn::Path, name, true, item.clone());
            }
        } else if let [name] = names.as_slice() {
            self.parameter(ParameterIn::Path, name, true, schema);
        }
    }

    /// Declares a validated request body of `media_type` holding a `T` (schema `{}` when
    /// `T`'s is not registered).
    pub fn request_body_of<T: ?Sized>(&mut self, media_type: &'static str) {
        let schema = self.schema_of::<T>().unwrap_or_else(|| json!({}));
        self.request_body(media_type, schema);
        self.validates();
    }

    /// Declares `T` as a form body: `multipart/form-data` when one of its fields is a file
    /// (a string of `format: binary`, or a list of them), else urlencoded.
    pub fn form_body_of<T: ?Sized>(&mut self) {
        let has_file = self.inline_schema_of::<T>().is_some_and(|schema| {
            fields(&schema)
                .iter()
                .any(|(_, _, field)| is_file(field) || field.get("items").is_some_and(is_file))
        });
        let media_type = if has_file {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        self.request_body_of::<T>(media_type);
    }

    /// Declares the success response's body as `media_type` holding a `T`, when `T`'s
    /// schema is registered (else JSON of any shape, FastAPI's default).
    pub fn response_of<T: ?Sized>(&mut self, media_type: &'static str) {
        if let Some(schema) = self.schema_of::<T>() {
            self.response(media_type, schema);
        }
    }

    /// Declares the request body: its media type and schema.
    pub fn request_body(&mut self, media_type: &'static str, schema: Value) {
        self.set_request_body(media_type, schema, true);
    }

    /// Declares a request body that may be empty (`String`, `Bytes`).
    pub(crate) fn optional_request_body(&mut self, media_type: &'static str, schema: Value) {
        self.set_request_body(media_type, schema, false);
    }

    fn set_request_body(&mut self, media_type: &'static str, schema: Value, required: bool) {
        self.request_body = Some(RequestBody {
            media_type,
            schema,
            required,
        });
    }

    /// Declares another answer of the operation, such as an error, by its status and
    /// description (FastAPI's `responses={404: {"description": ...}}`).
    pub fn add_response(&mut self, status: u16, description: &str) {
        let response = (status, description.to_owned());
        replace_or_push(&mut self.other_responses, response, |(s, _)| *s == status);
    }

    /// Declares the success response's body: its media type and schema.
    pub fn response(&mut self, media_type: &'static str, schema: Value) {
        self.content = Content::Of(media_type, schema);
    }

    /// Declares that the success response has no body.
    pub fn empty_response(&mut self) {
        self.content = Content::Empty;
    }

    /// The success status (200 unless set).
    pub fn set_status(&mut self, status: u16) {
        self.status = status;
    }

    /// Declares that the operation needs the security scheme `name` (a
    /// [Security Scheme Object](https://spec.openapis.org/oas/v3.1.0#security-scheme-object)),
    /// which Swagger UI's "Authorize" button then offers.
    ///
    /// ```
    /// # use edgeapi::openapi::Operation;
    /// // In a bearer-token extractor's `FromRequestParts::openapi`:
    /// fn openapi(op: &mut Operation<'_>) {
    ///     op.security("HTTPBearer", serde_json::json!({"type": "http", "scheme": "bearer"}));
    /// }
    /// ```
    pub fn security(&mut self, name: &str, scheme: Value) {
        let requirement = (name.to_owned(), scheme);
        replace_or_push(&mut self.security, requirement, |(n, _)| n == name);
    }

    /// Declares that the request is validated, so it may answer FastAPI's 422.
    pub fn validates(&mut self) {
        self.validates = true;
    }

    /// Adds a tag.
    pub fn add_tag(&mut self, tag: &str) {
        if !self.tags.iter().any(|t| t == tag) {
            self.tags.push(tag.to_owned());
        }
    }

    /// Sets the operation id (FastAPI's shape, `{name}{path}_{method}`, unless set).
    pub fn set_operation_id(&mut self, id: &str) {
        self.operation_id = Some(id.to_owned());
    }

    /// Marks the operation deprecated.
    pub fn set_deprecated(&mut self) {
        self.deprecated = true;
    }

    /// Leaves the operation out of the document (FastAPI's `include_in_schema=False`).
    pub fn hide(&mut self) {
        self.hidden = true;
    }

    /// The handler's name and doc comment (set by `#[edgeapi::openapi]`).
    #[doc(hidden)]
    pub fn set_docs(&mut self, name: &str, summary: Option<&str>, description: Option<&str>) {
        self.name = name.to_owned();
        self.summary = summary.map(str::to_owned);
        self.description = description.map(str::to_owned);
    }
}

/// Puts `item` in place of the first element that is `same`, or at the end: a later
/// declaration of a parameter, response or scheme replaces an earlier one, in its place.
fn replace_or_push<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T) -> bool) {
    match items.iter_mut().find(|existing| same(existing)) {
        Some(existing) => *existing = item,
        None => items.push(item),
    }
}

/// Each property of an object schema: name, whether it is required, schema.
fn fields(schema: &Value) -> Vec<(String, bool, Value)> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
        return Vec::new();
    };
    properties
        .iter()
        .map(|(name, field)| {
            let required = required.contains(&name.as_str());
            (name.clone(), required, field.clone())
        })
        .collect()
}

/// FastAPI titles each parameter's schema with its name in title case.
/// A file's schema: a string of `format: binary` (also inside `anyOf`, for an `Option`).
fn is_file(schema: &Value) -> bool {
    schema.get("format").and_then(Value::as_str) == Some("binary")
        || schema
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|options| options.iter().any(is_file))
}

fn with_title(schema: Value, name: &str) -> Value {
    let mut object = match schema {
        Value::Object(object) => object,
        Value::Bool(true) => Map::new(),
        other => return other,
    };
    object
        .entry("title")
        .or_insert_with(|| Value::String(title_case(name)));
    Value::Object(object)
}

/// Python's `str.title()` of a name with `_` and `-` as spaces: `item_id` → `Item Id`.
/// ASCII only: names are identifiers, and Unicode's case tables would cost kilobytes.
pub(crate) fn title_case(name: &str) -> String {
    let mut title = String::with_capacity(name.len());
    for word in name.split(['_', '-', ' ']).filter(|word| !word.is_empty()) {
        if !title.is_empty() {
            title.push(' ');
        }
        let (first, rest) = word.split_at(word.chars().next().map_or(0, char::len_utf8));
        title.push_str(&first.to_ascii_uppercase());
        title.push_str(&rest.to_ascii_lowercase());
    }
    title
}
