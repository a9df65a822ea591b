//! The app's OpenAPI settings: metadata and the URLs of the document and its pages.

use super::App;
use crate::openapi::Page;

/// OpenAPI metadata and the URLs of the document and its pages, as FastAPI's constructor
/// takes them. See [`mod@crate::openapi`].
///
/// ```
/// use edgeapi::App;
///
/// let app = App::new()
///     .title("Items API")
///     .version("2.1.0")
///     .description("Everything about **items**.")
///     .server("https://items.example.com")
///     .docs_url(Some("/swagger"))
///     .redoc_url(None);
/// let doc: serde_json::Value = serde_json::from_str(app.openapi_json()).unwrap();
/// assert_eq!(doc["info"]["title"], "Items API");
/// assert_eq!(doc["servers"][0]["url"], "https://items.example.com");
/// ```
#[cfg(feature = "openapi")]
impl App {
    /// The document's title (`info.title`); by default the package's name under
    /// [`crate::export!`], else "edgeapi".
    pub fn title(mut self, title: &str) -> Self {
        self.routes_mut().docs.set_title(title);
        self
    }

    /// The API's version (`info.version`); by default the package's version under
    /// [`crate::export!`], else "0.1.0".
    pub fn version(mut self, version: &str) -> Self {
        self.routes_mut().docs.set_version(version);
        self
    }

    /// The API's description (`info.description`, Markdown).
    pub fn description(mut self, description: &str) -> Self {
        self.routes_mut().docs.set_description(description);
        self
    }

    /// Adds a server URL (`servers`), which Swagger UI's "Try it out" offers.
    pub fn server(mut self, url: &str) -> Self {
        self.routes_mut().docs.add_server(url);
        self
    }

    /// Describes a tag (FastAPI's `openapi_tags`): the document lists described tags in
    /// the order given, and Swagger UI and ReDoc show their groups in that order, with the
    /// description (Markdown).
    pub fn tag_description(mut self, tag: &str, description: &str) -> Self {
        self.routes_mut().docs.describe_tag(tag, description);
        self
    }

    /// Where the document is served (default `/openapi.json`); `None` turns it off, and
    /// with it `/docs` and `/redoc`.
    pub fn openapi_url(mut self, url: Option<&str>) -> Self {
        self.routes_mut().docs.set_url(Page::Document, url);
        self
    }

    /// Where Swagger UI is served (default `/docs`); `None` turns it off.
    pub fn docs_url(mut self, url: Option<&str>) -> Self {
        self.routes_mut().docs.set_url(Page::SwaggerUi, url);
        self
    }

    /// Where ReDoc is served (default `/redoc`); `None` turns it off.
    pub fn redoc_url(mut self, url: Option<&str>) -> Self {
        self.routes_mut().docs.set_url(Page::Redoc, url);
        self
    }

    /// Where the pages load Swagger UI and ReDoc from (default `/static`): the app's own
    /// static assets, `<base>/swagger-ui/` and `<base>/redoc/`.
    pub fn docs_assets(mut self, base: &str) -> Self {
        self.routes_mut().docs.set_assets(base);
        self
    }

    /// The OpenAPI document as JSON text, built on first use and kept.
    pub fn openapi_json(&self) -> &str {
        self.routes.docs.document()
    }
}
