//! The OpenAPI document of an app, and the three routes that serve it.
//!
//! `edgeapi build` generates the document natively and builds the wasm with
//! `cfg(edgeapi_prebuilt_openapi)`: the wasm then serves those bytes and keeps no routes'
//! descriptions, so the generator, schemars and every type's schema code drop out of it.
#![cfg_attr(edgeapi_prebuilt_openapi, allow(dead_code))]

use std::cell::OnceCell;

use http::{Method, StatusCode};
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

use super::pages;
use crate::describe::{title_case, Content, Describer, Operation, Parameter};
use crate::response::Response;
use crate::routing::method_not_allowed;

/// One route as the document sees it.
struct RouteDoc {
    method: Method,
    path: String,
    tags: Vec<String>,
    describer: Describer,
}

/// The app's metadata, its documented routes, where the document and pages are served,
/// and the document once built.
pub(crate) struct Docs {
    title: Option<String>,
    version: Option<String>,
    description: Option<String>,
    servers: Vec<String>,
    tags: Vec<(String, String)>,
    openapi_url: Option<String>,
    docs_url: Option<String>,
    redoc_url: Option<String>,
    assets: String,
    routes: Vec<RouteDoc>,
    document: OnceCell<String>,
    /// The document `edgeapi build` generated natively, served as it is.
    #[cfg(edgeapi_prebuilt_openapi)]
    prebuilt: Option<&'static str>,
}

impl Default for Docs {
    fn default() -> Self {
        Self {
            title: None,
            version: None,
            description: None,
            servers: Vec::new(),
            tags: Vec::new(),
            openapi_url: Some("/openapi.json".to_owned()),
            docs_url: Some("/docs".to_owned()),
            redoc_url: Some("/redoc".to_owned()),
            assets: "/static".to_owned(),
            routes: Vec::new(),
            document: OnceCell::new(),
            #[cfg(edgeapi_prebuilt_openapi)]
            prebuilt: None,
        }
    }
}

/// The three things the docs serve, each at a URL the app may move or turn off.
pub(crate) enum Page {
    Document,
    SwaggerUi,
    Redoc,
}

impl Docs {
    pub(crate) fn add_route(
        &mut self,
        method: Option<&Method>,
        path: &str,
        tags: &[String],
        describer: Describer,
    ) {
        // A route for every method has no single operation to document.
        let Some(method) = method else { return };
        self.routes.push(RouteDoc {
            method: method.clone(),
            path: path.to_owned(),
            tags: tags.to_vec(),
            describer,
        });
    }

    pub(crate) fn set_title(&mut self, title: &str) {
        self.title = Some(title.to_owned());
    }

    pub(crate) fn set_version(&mut self, version: &str) {
        self.version = Some(version.to_owned());
    }

    /// The package's name and version, unless the app set its own.
    pub(crate) fn default_info(&mut self, title: &str, version: &str) {
        self.title.get_or_insert_with(|| title.to_owned());
        self.version.get_or_insert_with(|| version.to_owned());
    }

    pub(crate) fn set_description(&mut self, description: &str) {
        self.description = Some(description.to_owned());
    }

    pub(crate) fn add_server(&mut self, url: &str) {
        self.servers.push(url.to_owned());
    }

    pub(crate) fn describe_tag(&mut self, name: &str, description: &str) {
        self.tags.push((name.to_owned(), description.to_owned()));
    }

    pub(crate) fn set_url(&mut self, page: Page, url: Option<&str>) {
        let slot = match page {
            Page::Document => &mut self.openapi_url,
            Page::SwaggerUi => &mut self.docs_url,
            Page::Redoc => &mut self.redoc_url,
        };
        *slot = url.map(str::to_owned);
    }

    pub(crate) fn set_assets(&mut self, base: &str) {
        self.assets = base.trim_end_matches('/').to_owned();
    }

    fn title(&self) -> &str {
        self.title.as_deref().unwrap_or("edgeapi")
    }

    /// Whether `path` is the document's or a docs page's, which exist only while the
    /// document does.
    pub(crate) fn has_page(&self, path: &str) -> bool {
        self.openapi_url.is_some()
            && [&self.openapi_url, &self.docs_url, &self.redoc_url]
                .iter()
                .any(|url| url.as_deref() == Some(path))
    }

    /// Answers a request for the document or a docs page; `None` for any other path.
    /// As in FastAPI, the pages exist only while the document does.
    pub(crate) fn serve(&self, method: &Method, path: &str) -> Option<Response> {
        let openapi_url = self.openapi_url.as_deref()?;
        let page = if path == openapi_url {
            Page::Document
        } else if self.docs_url.as_deref() == Some(path) {
            Page::SwaggerUi
        } else if self.redoc_url.as_deref() == Some(path) {
            Page::Redoc
        } else {
            return None;
        };
        if *method != Method::GET && *method != Method::HEAD {
            return Some(method_not_allowed("GET, HEAD"));
        }
        let response = Response::new(StatusCode::OK);
        Some(match page {
            Page::Document => response
                .with_header("content-type", "application/json")
                .with_body(self.document().as_bytes()),
            Page::SwaggerUi => response
                .with_header("content-type", "text/html; charset=utf-8")
                .with_body(pages::swagger_ui(self.title(), openapi_url, &self.assets)),
            // ReDoc draws a logo from Redocly's CDN; images from elsewhere are refused, so
            // the page makes no request off the app's own origin.
            Page::Redoc => response
                .with_header("content-type", "text/html; charset=utf-8")
                .with_header("content-security-policy", "img-src 'self' data: blob:")
                .with_body(pages::redoc(self.title(), openapi_url, &self.assets)),
        })
    }

    /// Serves `document`, generated by `edgeapi build` from this same app, as it is.
    #[cfg(edgeapi_prebuilt_openapi)]
    pub(crate) fn set_prebuilt(&mut self, document: &'static str) {
        self.prebuilt = Some(document);
    }

    /// The document as JSON text, built on first use.
    #[cfg(not(edgeapi_prebuilt_openapi))]
    pub(crate) fn document(&self) -> &str {
        self.document.get_or_init(|| self.build().to_string())
    }

    /// The document `edgeapi build` generated; an app it did not export (so had no
    /// document generated) gets one with its info and no paths.
    #[cfg(edgeapi_prebuilt_openapi)]
    pub(crate) fn document(&self) -> &str {
        self.prebuilt.unwrap_or_else(|| {
            self.document.get_or_init(|| {
                let version = self.version.as_deref().unwrap_or("0.1.0");
                json!({
                    "openapi": "3.1.0",
                    "info": { "title": self.title(), "version": version },
                    "paths": {}
                })
                .to_string()
            })
        })
    }

    fn build(&self) -> Value {
        let mut generator = SchemaSettings::draft2020_12()
            .with(|settings| {
                settings.definitions_path = "/components/schemas".into();
                settings.meta_schema = None;
            })
            .into_generator();
        let mut paths = Map::new();
        let mut validates = false;
        let mut security_schemes = Map::new();
        for route in &self.routes {
            let path = openapi_path(&route.path);
            let mut op = Operation::new(&mut generator, path_names(&path));
            for tag in &route.tags {
                op.add_tag(tag);
            }
            (route.describer.describe)(&mut op);
            if op.hidden {
                continue;
            }
            if op.name.is_empty() {
                op.name = handler_name(route.describer.type_name, &route.method, &path);
            }
            validates |= op.validates;
            for (name, scheme) in &op.security {
                security_schemes.insert(name.clone(), scheme.clone());
            }
            let method = route.method.as_str().to_ascii_lowercase();
            let operation = operation_json(op, &path, &method);
            let item = paths.entry(path).or_insert_with(|| json!({}));
            if let Value::Object(item) = item {
                item.insert(method, operation);
            }
        }

        // Taken as they are: no transforms are configured, and `take_definitions` would bring
        // schemars' schema checks (and float formatting for their messages) into the wasm.
        let mut schemas = std::mem::take(generator.definitions_mut());
        for (name, schema) in schemas.iter_mut() {
            add_titles(name, schema);
        }
        if validates {
            schemas.insert("HTTPValidationError".into(), http_validation_error());
            schemas.insert("ValidationError".into(), validation_error());
        }
        let mut info = Map::new();
        info.insert("title".into(), self.title().into());
        if let Some(description) = &self.description {
            info.insert("description".into(), description.as_str().into());
        }
        info.insert(
            "version".into(),
            self.version.as_deref().unwrap_or("0.1.0").into(),
        );
        let mut document = Map::new();
        document.insert("openapi".into(), "3.1.0".into());
        document.insert("info".into(), info.into());
        if !self.servers.is_empty() {
            let servers = self.servers.iter().map(|url| json!({ "url": url }));
            document.insert("servers".into(), servers.collect());
        }
        document.insert("paths".into(), paths.into());
        if !self.tags.is_empty() {
            let tags = self
                .tags
                .iter()
                .map(|(name, description)| json!({ "name": name, "description": description }));
            document.insert("tags".into(), tags.collect());
        }
        let mut components = Map::new();
        if !schemas.is_empty() {
            components.insert("schemas".into(), schemas.into());
        }
        if !security_schemes.is_empty() {
            components.insert("securitySchemes".into(), security_schemes.into());
        }
        if !components.is_empty() {
            document.insert("components".into(), components.into());
        }
        document.into()
    }
}

/// One operation in FastAPI's key order.
fn operation_json(op: Operation<'_>, path: &str, method: &str) -> Value {
    let mut out = Map::new();
    if !op.tags.is_empty() {
        out.insert("tags".into(), op.tags.into());
    }
    let summary = op.summary.unwrap_or_else(|| title_case(&op.name));
    out.insert("summary".into(), summary.into());
    if let Some(description) = op.description {
        out.insert("description".into(), description.into());
    }
    let id = op
        .operation_id
        .unwrap_or_else(|| operation_id(&op.name, path, method));
    out.insert("operationId".into(), id.into());
    if op.deprecated {
        out.insert("deprecated".into(), true.into());
    }

    if !op.security.is_empty() {
        let security: Vec<Value> = op
            .security
            .iter()
            .map(|(name, _)| json!({ name: [] }))
            .collect();
        out.insert("security".into(), security.into());
    }
    let mut parameters = op.parameters;
    // FastAPI lists path, then query, header and cookie parameters.
    parameters.sort_by_key(|p| p.location_rank());
    if !parameters.is_empty() {
        let parameters: Vec<Value> = parameters.into_iter().map(Parameter::into_json).collect();
        out.insert("parameters".into(), parameters.into());
    }
    if let Some(body) = op.request_body {
        let content = json!({ body.media_type: { "schema": body.schema } });
        out.insert(
            "requestBody".into(),
            json!({ "content": content, "required": body.required }),
        );
    }

    let mut success = Map::new();
    success.insert("description".into(), "Successful Response".into());
    if body_allowed(op.status) {
        let content = match op.content {
            Content::Unknown => Some(json!({ "application/json": { "schema": {} } })),
            Content::Empty => None,
            Content::Of(media_type, schema) => Some(json!({ media_type: { "schema": schema } })),
        };
        if let Some(content) = content {
            success.insert("content".into(), content);
        }
    }
    let mut responses = Map::new();
    responses.insert(op.status.to_string(), success.into());
    for (status, description) in op.other_responses {
        responses.insert(status.to_string(), json!({ "description": description }));
    }
    if op.validates {
        responses.insert(
            "422".into(),
            json!({
                "description": "Validation Error",
                "content": { "application/json": { "schema": {
                    "$ref": "#/components/schemas/HTTPValidationError"
                } } }
            }),
        );
    }
    out.insert("responses".into(), responses.into());
    out.into()
}

/// Pydantic's titles: the type's name on the schema, each field's name in title case on
/// the field (but not beside a `$ref`).
fn add_titles(name: &str, schema: &mut Value) {
    let Value::Object(schema) = schema else {
        return;
    };
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for (field, property) in properties.iter_mut() {
            if let Value::Object(property) = property {
                if !property.contains_key("$ref") && !property.contains_key("title") {
                    property.insert("title".into(), title_case(field).into());
                }
            }
        }
    }
    schema
        .entry("title")
        .or_insert_with(|| name.to_owned().into());
}

/// FastAPI's `is_body_allowed_for_status_code`.
fn body_allowed(status: u16) -> bool {
    !(status < 200 || status == 204 || status == 205 || status == 304)
}

/// FastAPI's operation id: `{name}{path}` with every non-word character as `_`, then
/// `_{method}`: `read_item_items__item_id__get`.
fn operation_id(name: &str, path: &str, method: &str) -> String {
    let words: String = format!("{name}{path}")
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{words}_{method}")
}

/// The function's own name from its type name (`my_app::routes::read_item`); a closure,
/// which has none, is named by its method and path (`get_items_item_id`).
fn handler_name(type_name: &str, method: &Method, path: &str) -> String {
    let last = type_name.split('<').next().unwrap_or(type_name);
    let last = last.rsplit("::").next().unwrap_or(last);
    if !last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return last.to_owned();
    }
    let mut name = method.as_str().to_ascii_lowercase();
    for word in path.split(|c: char| !c.is_alphanumeric() && c != '_') {
        if !word.is_empty() {
            name.push('_');
            name.push_str(word);
        }
    }
    name
}

/// A route pattern in OpenAPI's syntax: the catch-all `{*path}` is `{path}`.
fn openapi_path(pattern: &str) -> String {
    pattern.replace("{*", "{")
}

/// The `{names}` of a path, in order.
fn path_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// FastAPI's `ValidationError` component (with pydantic v2's `input` and `ctx`).
fn validation_error() -> Value {
    json!({
        "properties": {
            "loc": {
                "items": { "anyOf": [{ "type": "string" }, { "type": "integer" }] },
                "type": "array",
                "title": "Location"
            },
            "msg": { "type": "string", "title": "Message" },
            "type": { "type": "string", "title": "Error Type" },
            "input": { "title": "Input" },
            "ctx": { "type": "object", "title": "Context" }
        },
        "type": "object",
        "required": ["loc", "msg", "type"],
        "title": "ValidationError"
    })
}

/// FastAPI's `HTTPValidationError` component: the 422 body.
fn http_validation_error() -> Value {
    json!({
        "properties": {
            "detail": {
                "items": { "$ref": "#/components/schemas/ValidationError" },
                "type": "array",
                "title": "Detail"
            }
        },
        "type": "object",
        "title": "HTTPValidationError"
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_follow_fastapi() {
        assert_eq!(
            operation_id("read_item", "/items/{item_id}", "get"),
            "read_item_items__item_id__get"
        );
        assert_eq!(operation_id("root", "/", "get"), "root__get");
    }

    #[test]
    fn names_come_from_functions_or_routes() {
        assert_eq!(
            handler_name("my_app::routes::read_item", &Method::GET, "/items/{id}"),
            "read_item"
        );
        assert_eq!(
            handler_name("my_app::build::{{closure}}", &Method::POST, "/items/{id}"),
            "post_items_id"
        );
    }

    #[test]
    fn catch_all_paths_become_plain_parameters() {
        assert_eq!(openapi_path("/files/{*path}"), "/files/{path}");
        assert_eq!(path_names("/u/{user}/i/{item}"), ["user", "item"]);
    }
}
