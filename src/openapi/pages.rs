//! The Swagger UI and ReDoc pages, as FastAPI writes them, with assets from the app's own
//! static files rather than a CDN.

/// FastAPI's `get_swagger_ui_html`.
pub(crate) fn swagger_ui(title: &str, openapi_url: &str, assets: &str) -> String {
    let title = escape_html(&format!("{title} - Swagger UI"));
    let assets = escape_html(assets);
    let url = js_string(openapi_url);
    format!(
        r##"<!DOCTYPE html>
<html>
<head>
<link type="text/css" rel="stylesheet" href="{assets}/swagger-ui/swagger-ui.css">
<link rel="shortcut icon" href="{assets}/swagger-ui/favicon-32x32.png">
<title>{title}</title>
</head>
<body>
<div id="swagger-ui">
</div>
<script src="{assets}/swagger-ui/swagger-ui-bundle.js"></script>
<script>
const ui = SwaggerUIBundle({{
    url: {url},
    "dom_id": "#swagger-ui",
    "layout": "BaseLayout",
    "deepLinking": true,
    "showExtensions": true,
    "showCommonExtensions": true,
    presets: [
        SwaggerUIBundle.presets.apis,
        SwaggerUIBundle.SwaggerUIStandalonePreset
    ],
}})
</script>
</body>
</html>
"##
    )
}

/// FastAPI's `get_redoc_html`, without the web fonts it loads from Google.
pub(crate) fn redoc(title: &str, openapi_url: &str, assets: &str) -> String {
    let title = escape_html(&format!("{title} - ReDoc"));
    let assets = escape_html(assets);
    let url = escape_html(openapi_url);
    format!(
        r##"<!DOCTYPE html>
<html>
<head>
<title>{title}</title>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="shortcut icon" href="{assets}/swagger-ui/favicon-32x32.png">
<style>
  body {{
    margin: 0;
    padding: 0;
  }}
</style>
</head>
<body>
<noscript>
    ReDoc requires Javascript to function. Please enable it to browse the documentation.
</noscript>
<redoc spec-url="{url}"></redoc>
<script src="{assets}/redoc/redoc.standalone.js"> </script>
</body>
</html>
"##
    )
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A JS string literal; `<` escaped too, so no `</script>` can end the script early.
fn js_string(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('<', "\\u003c")
}
