// The FastAPI surface of the reference app on workerd: JSON bodies, dependencies,
// KV bindings, vars, background tasks, and FastAPI-shaped errors for bad input.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();

async function call(path, init) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

const postJson = (path, body, headers = {}) =>
  call(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

test("POST /items/ echoes FastAPI's tutorial Item", async () => {
  const { status, json } = await postJson("/items/", JSON.stringify({ name: "Foo", price: 50.5 }));
  assert.equal(status, 200);
  assert.deepEqual(json(), { name: "Foo", description: null, price: 50.5, tax: null });
});

test("POST /items/ with a missing and a wrong field lists both", async () => {
  const { status, json } = await postJson("/items/", JSON.stringify({ price: "cheap" }));
  assert.equal(status, 422);
  assert.deepEqual(json().detail.map((d) => [d.type, d.loc.join(".")]), [
    ["missing", "body.name"],
    ["float_parsing", "body.price"],
  ]);
});

test("POST /items/ with broken JSON is json_invalid", async () => {
  const { status, json } = await postJson("/items/", '{"name": "Foo", ');
  assert.equal(status, 422);
  assert.equal(json().detail[0].type, "json_invalid");
  assert.equal(json().detail[0].loc[0], "body");
});

test("POST /items/ with text/plain is FastAPI's model_attributes_type", async () => {
  const { status, json } = await call("/items/", {
    method: "POST",
    headers: { "content-type": "text/plain" },
    body: "name=Foo",
  });
  assert.equal(status, 422);
  assert.deepEqual(json(), {
    detail: [{
      type: "model_attributes_type",
      loc: ["body"],
      msg: "Input should be a valid dictionary or object to extract fields from",
      input: "name=Foo",
    }],
  });
});

test("POST /items/ with an empty body is missing", async () => {
  const { status, json } = await postJson("/items/", "");
  assert.equal(status, 422);
  assert.deepEqual(json(), { detail: [{ type: "missing", loc: ["body"], msg: "Field required", input: null }] });
});

// Bodies over the limit: body-limit.test.js.

test("GET /users/me needs a bearer token, as FastAPI's security tutorial", async () => {
  const anonymous = await call("/users/me");
  assert.equal(anonymous.status, 401);
  assert.equal(anonymous.headers.get("www-authenticate"), "Bearer");
  assert.deepEqual(anonymous.json(), { detail: "Not authenticated" });

  const user = await call("/users/me", { headers: { authorization: "Bearer johndoe" } });
  assert.equal(user.status, 200);
  assert.deepEqual(user.json(), {
    username: "johndoefakedecoded",
    email: "john@example.com",
    full_name: "John Doe",
  });
});

test("POST /token answers OAuth2's password form, as FastAPI's security tutorial", async () => {
  const login = (body) =>
    call("/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body });
  const ok = await login("username=alice&password=secret");
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.json(), { access_token: "alice", token_type: "bearer" });
  const wrong = await login("username=alice&password=nope");
  assert.equal(wrong.status, 400);
  assert.deepEqual(wrong.json(), { detail: "Incorrect username or password" });
  const missing = await login("username=alice");
  assert.equal(missing.status, 422);
  assert.deepEqual(missing.json().detail, [
    { type: "missing", loc: ["body", "password"], msg: "Field required", input: null },
  ]);
  const me = await call("/users/me", { headers: { authorization: `Bearer ${ok.json().access_token}` } });
  assert.equal(me.json().username, "alicefakedecoded");
});

test("PUT and GET /kv/{key} use wrangler's local KV", async () => {
  const key = `e2e-${process.pid}-${Date.now()}`;
  assert.equal((await call(`/kv/${key}`)).status, 404);
  const put = await call(`/kv/${key}`, { method: "PUT", body: "värde ✓" });
  assert.equal(put.status, 200);
  assert.deepEqual(put.json(), { key, value: "värde ✓" });
  assert.deepEqual((await call(`/kv/${key}`)).json(), { key, value: "värde ✓" });
});

test("a KV key over 512 bytes is a 422, not a KV failure", async () => {
  const { status, json } = await call(`/kv/${"k".repeat(600)}`, { method: "PUT", body: "v" });
  assert.equal(status, 422);
  assert.equal(json().detail[0].type, "string_too_long");
});

test("GET /greeting reads a [vars] entry from wrangler.toml", async () => {
  assert.deepEqual((await call("/greeting")).json(), { greeting: "Hello from wrangler.toml" });
});

test("background tasks run after the response is sent, and complete", async () => {
  const email = `e2e-${process.pid}-${Date.now()}@example.com`;
  const sent = await call(`/send-notification/${email}`, { method: "POST" });
  assert.equal(sent.status, 200);
  assert.deepEqual(sent.json(), { message: "Notification sent in the background" });
  // The task waits a second before it writes: the answer came first.
  assert.equal((await call(`/kv/notified:${email}`)).status, 404);
  let written;
  for (let attempt = 0; attempt < 100 && written !== 200; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    written = (await call(`/kv/notified:${email}`)).status;
  }
  assert.equal(written, 200, "the background task finished within 10 s");
});

test("GET /stream sends five server-sent events as they happen", async () => {
  const response = await fetch(server.url + "/stream");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/event-stream");
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  let reads = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    reads += 1;
  }
  const events = text.split("\n\n").filter(Boolean);
  assert.deepEqual(events, [1, 2, 3, 4, 5].map((n) => `id: ${n}\ndata: {"tick":${n}}`));
  // Each tick arrived on its own, not as one body at the end.
  assert.ok(reads >= 2, `read ${reads} chunks`);
});

test("an SSE client that disconnects mid-stream leaves the isolate serving, with nothing logged", async () => {
  const logged = server.log().length;
  for (let i = 0; i < 5; i += 1) {
    const leaving = new AbortController();
    const response = await fetch(server.url + "/stream", { signal: leaving.signal });
    const reader = response.body.getReader();
    assert.match(new TextDecoder().decode((await reader.read()).value), /^id: 1\n/);
    leaving.abort(); // gone before the second tick
  }
  // Past the ticks the abandoned streams would have sent, the isolate answers normally.
  await new Promise((resolve) => setTimeout(resolve, 700));
  const { text } = await call("/stream");
  assert.equal(text.split("\n\n").filter(Boolean).length, 5);
  assert.equal((await call("/hello")).status, 200);
  assert.doesNotMatch(server.log().slice(logged), /error|panicked|uncaught/i);
});

test("KV keys can be listed by prefix and deleted", async () => {
  const prefix = `list-${process.pid}-${Date.now()}-`;
  for (const name of ["a", "b", "c"]) {
    assert.equal((await call(`/kv/${prefix}${name}`, { method: "PUT", body: name })).status, 200);
  }
  const page = await call(`/kv/?prefix=${prefix}&limit=2`);
  assert.equal(page.status, 200);
  assert.deepEqual(page.json().keys, [`${prefix}a`, `${prefix}b`]);
  assert.equal(page.json().complete, false);
  const rest = await call(`/kv/?prefix=${prefix}&cursor=${encodeURIComponent(page.json().cursor)}`);
  assert.deepEqual(rest.json().keys, [`${prefix}c`]);

  const deleted = await call(`/kv/${prefix}b`, { method: "DELETE" });
  assert.equal(deleted.status, 204);
  assert.equal((await call(`/kv/${prefix}b`)).status, 404);
  assert.deepEqual((await call(`/kv/?prefix=${prefix}`)).json().keys, [`${prefix}a`, `${prefix}c`]);
});

test("a KV list limit out of range is a FastAPI 422", async () => {
  const { status, json } = await call("/kv/?limit=5000");
  assert.equal(status, 422);
  assert.deepEqual(json().detail[0], {
    type: "less_than_equal",
    loc: ["query", "limit"],
    msg: "Input should be less than or equal to 1000",
    input: "5000",
    ctx: { le: 1000 },
  });
});
