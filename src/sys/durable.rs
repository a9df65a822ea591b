//! Durable Objects: a namespace binding and its stubs (the calling side), and an object's
//! state and transactional storage (the object's own side).

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use super::settle;

#[wasm_bindgen]
extern "C" {
    /// A Durable Object namespace, as the host binds it in `env`.
    #[derive(Debug, Clone)]
    pub(crate) type ObjectNamespace;

    #[wasm_bindgen(method, catch, js_name = idFromName)]
    fn id_from_name_js(this: &ObjectNamespace, name: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = idFromString)]
    fn id_from_string_js(this: &ObjectNamespace, id: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = newUniqueId)]
    fn new_unique_id_js(this: &ObjectNamespace) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_js(this: &ObjectNamespace, id: &JsValue) -> Result<ObjectStub, JsValue>;

    /// A stub: calls to one object, wherever it runs.
    #[derive(Debug, Clone)]
    pub(crate) type ObjectStub;

    /// The object's own `ctx` (`DurableObjectState`).
    #[derive(Debug, Clone)]
    pub(crate) type ObjectStateJs;

    #[wasm_bindgen(method, catch, js_name = acceptWebSocket)]
    fn accept_web_socket_js(
        this: &ObjectStateJs,
        socket: &JsValue,
        tags: &js_sys::Array,
    ) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = getWebSockets)]
    fn get_web_sockets_js(this: &ObjectStateJs, tag: &JsValue) -> Result<js_sys::Array, JsValue>;

    /// The object's transactional storage (`ctx.storage`).
    #[derive(Debug, Clone)]
    pub(crate) type Storage;

    #[wasm_bindgen(method, catch, js_name = get)]
    fn get_js(this: &Storage, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = put)]
    fn put_js(this: &Storage, key: &str, value: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = delete)]
    fn delete_js(this: &Storage, key: &str) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = deleteAll)]
    fn delete_all_js(this: &Storage) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = list)]
    fn list_js(this: &Storage, options: &JsValue) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = getAlarm)]
    fn get_alarm_js(this: &Storage) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = setAlarm)]
    fn set_alarm_js(this: &Storage, at_ms: f64) -> Result<Promise, JsValue>;

    #[wasm_bindgen(method, catch, js_name = deleteAlarm)]
    fn delete_alarm_js(this: &Storage) -> Result<Promise, JsValue>;
}

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    /// Sends the JS `request` to `stub` at `url`, keeping its method, headers, body and
    /// any WebSocket upgrade; the answer is the object's `Response` as it is.
    #[wasm_bindgen(catch, js_name = forwardTo)]
    fn forward_to_js(
        stub: &ObjectStub,
        request: &web_sys::Request,
        url: &str,
    ) -> Result<Promise, JsValue>;

    /// Runs `query` with `params` bound on the object's SQLite storage: the rows as an
    /// array of objects. Throws where the object is not SQLite-backed.
    #[wasm_bindgen(catch, js_name = sqlExec)]
    fn sql_exec_js(
        storage: &Storage,
        query: &str,
        params: &js_sys::Array,
    ) -> Result<JsValue, JsValue>;

    /// Map entries as `[[key, value], ...]`.
    #[wasm_bindgen(js_name = mapEntries)]
    fn map_entries(map: &JsValue) -> js_sys::Array;
}

fn message(result: Result<JsValue, JsValue>) -> Result<JsValue, String> {
    result.map_err(|err| super::error_message(&err))
}

impl ObjectNamespace {
    /// The stub of the object named `name` (the same name, the same object).
    pub(crate) fn by_name(&self, name: &str) -> Result<ObjectStub, String> {
        let id = message(self.id_from_name_js(name))?;
        self.get_js(&id).map_err(|err| super::error_message(&err))
    }

    /// The stub of the object whose id is `id` (64 hex digits).
    pub(crate) fn by_id(&self, id: &str) -> Result<ObjectStub, String> {
        let id = message(self.id_from_string_js(id))?;
        self.get_js(&id).map_err(|err| super::error_message(&err))
    }

    /// A new object's id, as 64 hex digits.
    pub(crate) fn new_unique_id(&self) -> Result<String, String> {
        let id = message(self.new_unique_id_js())?;
        Ok(js_sys::JsString::from(id).into())
    }
}

impl ObjectStub {
    pub(crate) async fn forward(
        &self,
        request: &web_sys::Request,
        url: &str,
    ) -> Result<web_sys::Response, String> {
        Ok(settle(self.forward_js(request, url))
            .await?
            .unchecked_into())
    }

    fn forward_js(&self, request: &web_sys::Request, url: &str) -> Result<Promise, JsValue> {
        forward_to_js(self, request, url)
    }
}

impl ObjectStateJs {
    /// The object's storage.
    pub(crate) fn storage(&self) -> Storage {
        super::property(self, "storage")
            .unwrap_or(JsValue::UNDEFINED)
            .unchecked_into()
    }

    /// The object's id, as 64 hex digits.
    pub(crate) fn id(&self) -> String {
        super::property(self, "id")
            .map(|id| js_sys::JsString::from(id).into())
            .unwrap_or_default()
    }

    /// Hands `socket` to the host for the hibernation API, with `tags`.
    pub(crate) fn accept_web_socket(&self, socket: &JsValue, tags: &[&str]) -> Result<(), String> {
        let tags: js_sys::Array = tags.iter().map(|tag| JsValue::from_str(tag)).collect();
        self.accept_web_socket_js(socket, &tags)
            .map_err(|err| super::error_message(&err))
    }

    /// The sockets the host holds for this object, those tagged `tag` if given.
    pub(crate) fn web_sockets(&self, tag: Option<&str>) -> Result<Vec<JsValue>, String> {
        let tag = tag.map_or(JsValue::UNDEFINED, JsValue::from_str);
        let sockets = self
            .get_web_sockets_js(&tag)
            .map_err(|err| super::error_message(&err))?;
        Ok(sockets.iter().collect())
    }
}

impl Storage {
    pub(crate) async fn get(&self, key: &str) -> Result<JsValue, String> {
        settle(self.get_js(key)).await
    }

    pub(crate) async fn put(&self, key: &str, value: &JsValue) -> Result<(), String> {
        settle(self.put_js(key, value)).await.map(drop)
    }

    /// Whether the key existed.
    pub(crate) async fn delete(&self, key: &str) -> Result<bool, String> {
        Ok(settle(self.delete_js(key))
            .await?
            .as_bool()
            .unwrap_or(false))
    }

    pub(crate) async fn delete_all(&self) -> Result<(), String> {
        settle(self.delete_all_js()).await.map(drop)
    }

    /// `[key, value]` pairs in key order, with `options` (`{prefix, limit, start, end}`).
    pub(crate) async fn list(&self, options: &JsValue) -> Result<Vec<(String, JsValue)>, String> {
        let map = settle(self.list_js(options)).await?;
        Ok(map_entries(&map)
            .iter()
            .map(|entry| {
                let entry: js_sys::Array = entry.unchecked_into();
                (entry.get(0).as_string().unwrap_or_default(), entry.get(1))
            })
            .collect())
    }

    /// When the alarm is set to ring, in milliseconds since 1970.
    pub(crate) async fn get_alarm(&self) -> Result<Option<f64>, String> {
        Ok(settle(self.get_alarm_js()).await?.as_f64())
    }

    pub(crate) async fn set_alarm(&self, at_ms: f64) -> Result<(), String> {
        settle(self.set_alarm_js(at_ms)).await.map(drop)
    }

    /// The rows of `query` with `params` bound (SQLite-backed objects only).
    pub(crate) fn sql(&self, query: &str, params: &js_sys::Array) -> Result<JsValue, String> {
        sql_exec_js(self, query, params).map_err(|err| super::error_message(&err))
    }

    pub(crate) async fn delete_alarm(&self) -> Result<(), String> {
        settle(self.delete_alarm_js()).await.map(drop)
    }
}
