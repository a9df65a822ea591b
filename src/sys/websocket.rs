//! WebSockets: workerd's `WebSocketPair`, a socket's `accept`/`send`/`close`, its messages
//! as one queue Rust awaits, and the attachments the hibernation API keeps with a socket.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/js/edgeapi.js")]
extern "C" {
    /// `[client, server]`, or `null` where the host has no `WebSocketPair`.
    #[wasm_bindgen(catch, js_name = webSocketPair)]
    fn web_socket_pair() -> Result<JsValue, JsValue>;

    /// The 101 answer that hands `client` to the caller.
    #[wasm_bindgen(catch, js_name = upgradeResponse)]
    pub(crate) fn upgrade_response(client: &JsValue) -> Result<web_sys::Response, JsValue>;

    /// Calls `deliver` with each of the socket's events: a string (text), an `ArrayBuffer`
    /// (bytes), `{code, reason}` (the peer closed), `null` (the connection failed). Returns
    /// the function that stops it.
    #[wasm_bindgen(catch, js_name = listen)]
    pub(crate) fn listen(
        socket: &JsValue,
        deliver: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<js_sys::Function, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// A WebSocket (either end of a pair, or one the hibernation API hands over).
    #[derive(Debug, Clone)]
    pub(crate) type Socket;

    #[wasm_bindgen(method, catch, js_name = accept)]
    pub(crate) fn accept(this: &Socket) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = send)]
    pub(crate) fn send_text(this: &Socket, text: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = send)]
    fn send_array(this: &Socket, bytes: &js_sys::Uint8Array) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = close)]
    pub(crate) fn close(this: &Socket, code: u16, reason: &str) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = serializeAttachment)]
    pub(crate) fn serialize_attachment(this: &Socket, value: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch, js_name = deserializeAttachment)]
    pub(crate) fn deserialize_attachment(this: &Socket) -> Result<JsValue, JsValue>;
}

/// `(client, server)` of a new pair, or `None` where the host has none (Node, browsers).
pub(crate) fn pair() -> Option<(JsValue, Socket)> {
    let pair = web_socket_pair().ok().filter(|pair| !pair.is_null())?;
    let pair: js_sys::Array = pair.unchecked_into();
    Some((pair.get(0), pair.get(1).unchecked_into()))
}

impl Socket {
    /// Sends `bytes` as a binary message. A copy crosses, not a view of wasm memory: `send`
    /// may read its data after it returns (workerd does), when Rust has freed or reused it.
    pub(crate) fn send_bytes(&self, bytes: &[u8]) -> Result<(), JsValue> {
        self.send_array(&js_sys::Uint8Array::from(bytes))
    }
}
