// The reference app's routes on workerd, called with fetch as any client would.
import assert from "node:assert/strict";
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

test("HEAD is answered by the GET route without a body", async () => {
  const { response, text } = await get("/hello", { method: "HEAD" });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(text, "");
});

test("GET / serves the demo page from www/", async () => {
  const { response, text } = await get("/");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /text\/html/);
  assert.match(text, /<title>edgeapi reference app<\/title>/);
});
