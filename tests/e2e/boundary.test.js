// The wasm export called straight from JS (Node, no server): a sync route hands back a
// Response, an async route a Promise of one.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { built, root } from "./workerd.js";

const pkg = join(built("node"), "pkg");
const { initSync, handle, recover } = await import(join(pkg, "reference.js"));
initSync({ module: await readFile(join(pkg, "reference_bg.wasm")) });

const request = (path, init) => new Request(`http://localhost${path}`, init);

test("a sync route returns a Response, not a Promise", async () => {
  const answer = handle(request("/hello"));
  assert.ok(answer instanceof Response);
  assert.ok(!(answer instanceof Promise));
  assert.deepEqual(await answer.json(), { message: "Hello World" });
});

test("an async route returns a Promise of a Response", async () => {
  const answer = handle(request("/burgers?ms=1&number=2"));
  assert.ok(answer instanceof Promise);
  const response = await answer;
  assert.ok(response instanceof Response);
  assert.deepEqual(await response.json(), { burgers: 2, waited_ms: 1 });
});

test("env and ctx are optional arguments", async () => {
  const answer = handle(request("/hello"), {}, { waitUntil() {} });
  assert.equal(answer.status, 200);
});

test("a panic throws out of the sync call, and the next call runs on a fresh instance", async () => {
  const env = { EDGEAPI_TEST_ROUTES: "1" };
  assert.throws(() => handle(request("/panic"), env), WebAssembly.RuntimeError);
  const next = handle(request("/hello"), env);
  assert.equal(next.status, 200);
  assert.deepEqual(await next.json(), { message: "Hello World" });
});

test("an async panic settles its Promise with a 500, and in-flight requests too", async () => {
  const script = join(root, "tests/e2e/fixtures/async-panic.mjs");
  const { stdout } = await promisify(execFile)(process.execPath, [script, root], { timeout: 30_000 });
  const result = JSON.parse(stdout);
  assert.deepEqual(result.crashed, [500, '{"detail":"Internal Server Error"}']);
  assert.equal(result.lost, 500, "a request in flight on the aborted instance answers 500");
  assert.equal(result.next, 200, "the next request runs on a fresh instance");
  assert.ok(result.stray.length > 0);
  for (const error of result.stray) assert.match(error, /unreachable|previous WASM instance/);
});

test("recover answers 500 for a call that threw, and the next call is served", async () => {
  const answer = recover(new Error("an exception a host caught"));
  assert.ok(answer instanceof Response);
  assert.equal(answer.status, 500);
  assert.equal(await answer.text(), '{"detail":"Internal Server Error"}');
  const next = handle(request("/hello"));
  assert.equal(next.status, 200);
});

// HEAD answers straight from the export, below any HTTP server (workerd, Node's http and
// browsers drop a HEAD body themselves; a host that does not must get none).
for (const [path, type] of [["/hello", "application/json"], ["/burgers?ms=1", "application/json"], ["/stream", "text/event-stream"]]) {
  test(`HEAD ${path}: the GET answer's status and headers, and no body at all`, async () => {
    const response = await handle(request(path, { method: "HEAD" }));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), type);
    assert.equal(response.body, null);
    const get = await handle(request(path));
    assert.notEqual(get.body, null, "the GET answer has one");
    await get.body.cancel();
  });
}

/** Counts the host timers set and not yet cleared or fired, while `run` runs. */
async function withTimers(run) {
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  const live = new Set();
  globalThis.setTimeout = (callback, ms, ...args) => {
    const id = set(() => { live.delete(id); callback(...args); }, ms);
    live.add(id);
    return id;
  };
  globalThis.clearTimeout = (id) => { live.delete(id); clear(id); };
  try {
    return await run(live);
  } finally {
    Object.assign(globalThis, { setTimeout: set, clearTimeout: clear });
  }
}

test("an SSE client that leaves: the stream stops and its pending timer is cleared", async () => {
  await withTimers(async (live) => {
    const response = handle(request("/stream"));
    const reader = response.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^id: 1\ndata: \{"tick":1\}\n\n$/);
    const next = reader.read(); // the stream is pulled: the next tick waits on a timer
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(live.size, 1, "the next tick is waiting on a timer");
    await reader.cancel();
    assert.deepEqual(await next, { done: true, value: undefined });
    assert.equal(live.size, 0, "cancelling the body dropped the stream and cleared its timer");
  });
});
