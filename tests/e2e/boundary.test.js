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
