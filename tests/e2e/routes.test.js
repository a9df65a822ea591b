// The reference app's routes on workerd, called with fetch as any client would.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();

async function get(path, init) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  return { response, text, json: () => JSON.parse(text) };
}

test("GET /hello answers FastAPI's first example", async () => {
  const { response, json } = await get("/hello");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.deepEqual(json(), { message: "Hello World" });
});

test("GET /burgers waits the asked time and counts burgers", async () => {
  const { response, json } = await get("/burgers?number=3&ms=50");
  assert.equal(response.status, 200);
  assert.deepEqual(json(), { burgers: 3, waited_ms: 50 });
});

test("GET /burgers has defaults", async () => {
  const { json } = await get("/burgers");
  assert.deepEqual(json(), { burgers: 1, waited_ms: 100 });
});

test("GET /burgers refuses waits over 10 s with FastAPI's 422", async () => {
  const { response, json } = await get("/burgers?ms=20000");
  assert.equal(response.status, 422);
  assert.deepEqual(json(), {
    detail: [{
      type: "less_than_equal",
      loc: ["query", "ms"],
      msg: "Input should be less than or equal to 10000",
      input: "20000",
      ctx: { le: 10000 },
    }],
  });
});

test("GET /burgers with a non-number is a 422 listing every bad field", async () => {
  const { response, json } = await get("/burgers?number=many&ms=soon");
  assert.equal(response.status, 422);
  const { detail } = json();
  assert.deepEqual(detail.map((d) => [d.type, d.loc.join("."), d.input]), [
    ["int_parsing", "query.number", "many"],
    ["int_parsing", "query.ms", "soon"],
  ]);
});

test("GET /items/{item_id} echoes the id and the optional q", async () => {
  assert.deepEqual((await get("/items/5?q=somequery")).json(), { item_id: 5, q: "somequery" });
  assert.deepEqual((await get("/items/5")).json(), { item_id: 5, q: null });
  assert.deepEqual((await get("/items/-3?q=a%20b")).json(), { item_id: -3, q: "a b" });
});

test("GET /items/foo is FastAPI's 422 for a bad path parameter", async () => {
  const { response, json } = await get("/items/foo");
  assert.equal(response.status, 422);
  assert.deepEqual(json(), {
    detail: [{
      type: "int_parsing",
      loc: ["path", "item_id"],
      msg: "Input should be a valid integer, unable to parse string as an integer",
      input: "foo",
    }],
  });
});

test("unknown paths are FastAPI's 404", async () => {
  const { response, json } = await get("/no/such/route");
  assert.equal(response.status, 404);
  assert.deepEqual(json(), { detail: "Not Found" });
});

test("a known path with the wrong method is 405 with Allow", async () => {
  const { response, json } = await get("/hello", { method: "POST", body: "{}" });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD");
  assert.deepEqual(json(), { detail: "Method Not Allowed" });
});

/** Sends `text` on a raw connection and resolves everything the server sent until it closed. */
function exchange(text) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.setTimeout(15_000, () => socket.destroy(new Error(`no close within 15 s: ${JSON.stringify(received)}`)));
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("end", () => resolve(received));
    socket.on("error", reject);
    socket.end(text);
  });
}

// fetch never hands a HEAD answer a body, whatever came over the wire, so these read the
// wire: a HEAD and a GET pipelined on one connection. Any body after the HEAD answer's
// headers would stand where the GET's status line must be. (workerd itself drops a body
// a worker gives a HEAD answer; that the app gives none, for hosts that do not, is checked
// on the wasm export in boundary.test.js.)
for (const path of ["/hello", "/burgers?ms=1", "/stream"]) {
  test(`HEAD ${path} is the GET answer's status and headers, with nothing after them`, async () => {
    const wire = await exchange(
      `HEAD ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n` +
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    const end = wire.indexOf("\r\n\r\n");
    const [status, ...lines] = wire.slice(0, end).split("\r\n");
    const headers = Object.fromEntries(lines.map((line) => line.split(/:\s*/, 2)).map(([k, v]) => [k.toLowerCase(), v]));
    const { response: getResponse } = await get(path);
    assert.equal(status, "HTTP/1.1 200 OK");
    assert.equal(headers["content-type"], getResponse.headers.get("content-type"));
    const after = wire.slice(end + 4);
    assert.ok(after.startsWith("HTTP/1.1 200 OK\r\n"), `after the HEAD answer: ${JSON.stringify(after.slice(0, 80))}`);
    assert.ok(after.endsWith('{"message":"Hello World"}'), JSON.stringify(after));
  });
}

test("GET / serves the demo page from www/", async () => {
  const { response, text } = await get("/");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /text\/html/);
  assert.match(text, /<title>edgeapi reference app<\/title>/);
});

test("GET /users/search lists every broken declared constraint in one 422, as FastAPI", async () => {
  const bad = await get("/users/search?name=Al&age=150");
  assert.equal(bad.response.status, 422);
  assert.deepEqual(bad.json().detail, [
    { type: "string_too_short", loc: ["query", "name"], msg: "String should have at least 3 characters", input: "Al", ctx: { min_length: 3 } },
    { type: "less_than", loc: ["query", "age"], msg: "Input should be less than 150", input: "150", ctx: { lt: 150 } },
  ]);
  const pattern = await get("/users/search?name=alice1&age=-1");
  assert.deepEqual(pattern.json().detail, [
    { type: "string_pattern_mismatch", loc: ["query", "name"], msg: "String should match pattern '^[a-z]+$'", input: "alice1", ctx: { pattern: "^[a-z]+$" } },
    { type: "greater_than_equal", loc: ["query", "age"], msg: "Input should be greater than or equal to 0", input: "-1", ctx: { ge: 0 } },
  ]);
  const ok = await get("/users/search?name=alice&age=30");
  assert.equal(ok.response.status, 200);
  assert.deepEqual(ok.json(), { name: "alice", age: 30 });
});
