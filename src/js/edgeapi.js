// The JS functions the SDK imports (src/sys/ declares each one). Each request crosses the
// boundary twice: once to read the method and URL, once to build the Response.

export function requestHead(request) {
  return request.method + " " + request.url;
}

// contentType: a string, or undefined when the response has none.
// headers: any other headers as "name\nvalue\nname\nvalue...", or undefined when there are
// none (Rust strips line breaks from names and values).
// body: a view into wasm memory; the Response constructor copies it (as the Fetch standard
// says, and workerd, Node and browsers do) before Rust frees it.
// The Fetch API forbids a body, even an empty one, on 204, 205, 304 and HEAD answers.
// A plain object of headers is cheaper for workerd to read than a Headers object.
export function respond(status, contentType, headers, body, withBody) {
  return new Response(withBody && body.length > 0 ? body : null, init(status, contentType, headers));
}

// A body the host takes as it is (a ReadableStream that pulls chunks from Rust, an R2
// object's stream, a Blob), or null.
export function respondWith(status, contentType, headers, body) {
  return new Response(body, init(status, contentType, headers));
}

// A response body pulled from Rust as the host reads it (src/sys/stream.rs): pull(false)
// answers a Promise of the next chunk, a Uint8Array, or of null at its end; pull(true) drops
// the Rust stream when the reader cancels. A high-water mark of 0 reads nothing ahead: each
// chunk is made when the host asks for it.
export function pullStream(pull) {
  return new ReadableStream(
    {
      async pull(controller) {
        const chunk = await pull(false);
        if (chunk === null) controller.close();
        else controller.enqueue(chunk);
      },
      cancel() {
        pull(true);
      },
    },
    { highWaterMark: 0 },
  );
}

// The text of a thrown value, for logs (src/sys/mod.rs): an Error's message, a string as
// it is, else the value as JSON or as String() writes it.
export function errorMessage(value) {
  if (value instanceof Error) return value.message;
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

// FastAPI's 500, for whatever cannot be answered otherwise. Nothing here can throw.
export function internalError() {
  return new Response('{"detail":"Internal Server Error"}', {
    status: 500,
    headers: { "content-type": "application/json" },
  });
}

function init(status, contentType, headers) {
  const init = { status, headers: undefined };
  if (headers !== undefined) {
    init.headers = new Headers();
    if (contentType !== undefined) init.headers.append("content-type", contentType);
    const parts = headers.split("\n");
    for (let i = 0; i + 1 < parts.length; i += 2) init.headers.append(parts[i], parts[i + 1]);
  } else if (contentType !== undefined) {
    init.headers = { "content-type": contentType };
  }
  return init;
}

// All request headers in one crossing: "name\nvalue\n..." (values cannot hold line breaks).
export function requestHeaders(request) {
  let flat = "";
  for (const [name, value] of request.headers) flat += name + "\n" + value + "\n";
  return flat;
}

// The whole body, or null once it is over `limit` bytes: a declared Content-Length is
// checked first, then the stream is read chunk by chunk so an oversized chunked body
// is refused without holding all of it.
export async function readBody(request, limit) {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return null;
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      releaseReader(reader);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

// A request body read chunk by chunk (edgeapi::multipart): its reader, or null without a
// body; then each chunk, a Uint8Array, or null at its end.
export function bodyReader(request) {
  return request.body === null ? null : request.body.getReader();
}

export async function readChunk(reader) {
  const { done, value } = await reader.read();
  return done ? null : value;
}

// The rest of a body left unread. Released, not cancelled: a cancelled request body makes
// wrangler dev's proxy answer the client 503 ("worker restarted mid-request") or stall its
// next request, where a released one lets the answer go out and the host drop the rest.
export function releaseReader(reader) {
  reader.releaseLock();
}

// Timers for edgeapi::sleep: the Promise, and the id that cancels it when the Rust future
// is dropped early (a lost race, a timeout), so no stray timer keeps the host busy.
export class Timer {
  constructor(ms) {
    this.promise = new Promise((resolve) => (this.id = setTimeout(resolve, ms)));
  }

  cancel() {
    clearTimeout(this.id);
  }
}

// Subrequests for edgeapi::fetch: one call in, one array out.
// headers: "name\nvalue\nname\nvalue..."; body: a view into wasm memory, copied before
// the first await because Rust frees it once this call returns.
export async function send(method, url, headers, body, withBody) {
  return readResponse(await fetch(url, subrequest(method, headers, body, withBody)));
}

function subrequest(method, headers, body, withBody) {
  const init = { method, headers: new Headers() };
  if (headers.length > 0) {
    const parts = headers.split("\n");
    for (let i = 0; i + 1 < parts.length; i += 2) init.headers.append(parts[i], parts[i + 1]);
  }
  if (withBody) init.body = body.slice();
  return init;
}

// Durable Objects: a request forwarded to an object's stub as it is (method, headers, body,
// a WebSocket upgrade) at another URL; the object's Response comes back untouched.
export function forwardTo(stub, request, url) {
  return stub.fetch(new Request(url, request));
}

// A subrequest to a Durable Object's stub: the same as `send`, through `stub.fetch`.
export async function sendTo(stub, method, url, headers, body, withBody) {
  return readResponse(await stub.fetch(url, subrequest(method, headers, body, withBody)));
}

// A Durable Object's SQLite storage: the rows of one statement, as plain objects.
export function sqlExec(storage, query, params) {
  if (storage.sql === undefined) throw new Error("this Durable Object has no SQLite storage (declare it in new_sqlite_classes)");
  return storage.sql.exec(query, ...params).toArray();
}

// A Map's entries, for Durable Object storage's `list`.
export function mapEntries(map) {
  return map instanceof Map ? Array.from(map) : [];
}

// A Response read whole, for subrequests and the test client: [status, flat headers, bytes].
export async function readResponse(response) {
  const flat = [];
  for (const [name, value] of response.headers) flat.push(name, value);
  return [response.status, flat.join("\n"), new Uint8Array(await response.arrayBuffer())];
}

// Panic recovery. A panic aborts the wasm instance; the Rust panic hook logs it, asks
// wasm-bindgen to start a fresh instance on the next call, and calls `panicked()` here.
// Requests still in flight lost their state with the old instance, so each of them is
// answered 500 at once instead of hanging. This module's state outlives the instance.

const CRASHED = Symbol("crashed");
const inFlight = new Set();
let aborted = false;

export function panicked(message) {
  console.error(message);
  aborted = true;
  for (const settle of inFlight) settle(CRASHED);
  inFlight.clear();
}

// Whether the last abort was a panic (whose hook already scheduled a fresh instance).
export function takeAborted() {
  const was = aborted;
  aborted = false;
  return was;
}

// The Promise a host gets for an async route: the handler's answer, or a 500 if the
// instance panics first. Each request gets its own promises and builds its own Response,
// so nothing crosses between requests (workerd ties I/O objects to their request).
export function settleOnPanic(promise) {
  let settle;
  const crash = new Promise((resolve) => {
    settle = resolve;
    inFlight.add(resolve);
  });
  return Promise.race([promise, crash]).then((answer) => {
    inFlight.delete(settle);
    return answer === CRASHED ? internalError() : answer;
  });
}

// The same for an event handler (cron, queue): a panic while it waits rejects its Promise,
// so the host records the failure (and delivers a queue's batch again).
export function failOnPanic(promise) {
  let settle;
  const crash = new Promise((resolve) => {
    settle = resolve;
    inFlight.add(resolve);
  });
  return Promise.race([promise, crash]).then((answer) => {
    inFlight.delete(settle);
    if (answer === CRASHED) throw new Error("edgeapi: the instance panicked while an event handler waited");
    return answer;
  });
}

// WebSockets (workerd's WebSocketPair): [client, server], or null where the host has none.
export function webSocketPair() {
  if (typeof WebSocketPair !== "function") return null;
  const pair = new WebSocketPair();
  return [pair[0], pair[1]];
}

export function upgradeResponse(client) {
  return new Response(null, { status: 101, webSocket: client });
}

// A socket's events, each handed to Rust as it happens: a string, an ArrayBuffer,
// {code, reason} when the peer closes, null when the connection fails. The function it
// returns stops the calls (Rust drops its side).
export function listen(socket, deliver) {
  // Rust throws only when its instance is gone (a panic, here or in another request): the
  // connection cannot be served any more, so it is closed as a server error.
  const call = (value) => {
    try {
      deliver(value);
    } catch (error) {
      console.error(`edgeapi: a WebSocket handler stopped: ${error?.message ?? error}`);
      try {
        socket.close(1011, "Internal Error");
      } catch {
        // already closed
      }
    }
  };
  const message = (event) => call(event.data);
  const close = (event) => call({ code: event.code, reason: event.reason });
  const error = () => call(null);
  socket.addEventListener("message", message);
  socket.addEventListener("close", close);
  socket.addEventListener("error", error);
  return () => {
    socket.removeEventListener("message", message);
    socket.removeEventListener("close", close);
    socket.removeEventListener("error", error);
  };
}
