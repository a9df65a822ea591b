// The wasm export called straight from JS (Node, no server): a sync route hands back a
// Response, an async route a Promise of one.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { root } from "./workerd.js";

const pkg = join(root, "build/pkg");
const { initSync, fetch: handle } = await import(join(pkg, "reference.js"));
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
