
// Durable Objects written in Rust. workerd makes one JS object per Durable Object; each
// call goes to the wasm with the class's name and the object's key, and the wasm keeps the
// Rust object under that key, made on its first call. A panic recovers as a request's
// does, and the Rust object is made again on its next call (its storage is intact).
let objects = 0;
const forget =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry((key) => objectDrop(key))
    : undefined;

class RustObject {
  constructor(name, ctx, env) {
    this.name = name;
    this.ctx = ctx;
    this.env = env;
    this.key = ++objects;
    forget?.register(this, this.key);
  }

  fetch(request) {
    try {
      return objectFetch(this.name, this.key, this.ctx, this.env, request);
    } catch (error) {
      return recover(error);
    }
  }

  alarm() {
    return settle(() => objectAlarm(this.name, this.key, this.ctx, this.env));
  }

  // The hibernation API: a socket taken with ctx.acceptWebSocket.
  webSocketMessage(socket, message) {
    return settle(() => objectMessage(this.name, this.key, this.ctx, this.env, socket, message));
  }

  webSocketClose(socket, code, reason) {
    return settle(() => objectClose(this.name, this.key, this.ctx, this.env, socket, code, reason));
  }
}
