//! A D1 database binding: prepared statements, batches and `exec`.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// A D1 database, as the host binds it in `env`.
    #[derive(Debug, Clone)]
    pub(crate) type D1Database;

    #[wasm_bindgen(method, catch, js_name = prepare)]
    fn prepare_js(this: &D1Database, query: &str) -> Result<D1PreparedStatement, JsValue>;

    #[wasm_bindgen(method, catch, js_name = batch)]
    fn batch_js(this: &D1Database, statements: &Array) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = exec)]
    fn exec_js(this: &D1Database, query: &str) -> Result<Promise, JsValue>;

    /// A statement, with or without its parameters bound.
    #[derive(Debug, Clone)]
    pub(crate) type D1PreparedStatement;

    #[wasm_bindgen(method, catch, variadic, js_name = bind)]
    fn bind_js(this: &D1PreparedStatement, values: &Array) -> Result<D1PreparedStatement, JsValue>;

    #[wasm_bindgen(method, catch, js_name = first)]
    fn first_js(this: &D1PreparedStatement) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = all)]
    fn all_js(this: &D1PreparedStatement) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = run)]
    fn run_js(this: &D1PreparedStatement) -> Result<Promise, JsValue>;
}

impl D1Database {
    /// A statement for `query`; D1 checks the SQL when it runs.
    pub(crate) fn prepare(&self, query: &str) -> Result<D1PreparedStatement, String> {
        self.prepare_js(query)
            .map_err(|err| super::error_message(&err))
    }

    /// Runs the statements in one transaction: one result (`{results, meta}`) each.
    pub(crate) async fn batch(&self, statements: &Array) -> Result<JsValue, String> {
        settle(self.batch_js(statements)).await
    }

    /// Runs one or more `;`-separated statements without parameters: `{count, duration}`.
    pub(crate) async fn exec(&self, query: &str) -> Result<JsValue, String> {
        settle(self.exec_js(query)).await
    }
}

impl D1PreparedStatement {
    /// A copy of the statement with `values` bound to `?1`, `?2`, ...; D1 refuses values
    /// of a type it cannot store at once.
    pub(crate) fn bind(&self, values: &Array) -> Result<D1PreparedStatement, String> {
        self.bind_js(values)
            .map_err(|err| super::error_message(&err))
    }

    /// The first row as an object, or `null`.
    pub(crate) async fn first(&self) -> Result<JsValue, String> {
        settle(self.first_js()).await
    }

    /// Every row and the metadata: `{results, success, meta}`.
    pub(crate) async fn all(&self) -> Result<JsValue, String> {
        settle(self.all_js()).await
    }

    /// Runs the statement for its effect: `{results, success, meta}`.
    pub(crate) async fn run(&self) -> Result<JsValue, String> {
        settle(self.run_js()).await
    }
}
