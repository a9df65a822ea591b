// Durable Objects written in Rust, on workerd: the reference app's `Counter` (one object per
// name, its own app, transactional storage, an alarm), reached from the worker's routes
// through the `COUNTER` namespace. State lives in a directory of the test's own.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { useWorkerd } from "./workerd.js";

const state = await mkdtemp(join(tmpdir(), "edgeapi-objects-"));
const server = useWorkerd({ args: ["--persist-to", state] });
after(() => rm(state, { recursive: true, force: true }));

const call = (path, init = {}) => fetch(server.url + path, { signal: AbortSignal.timeout(30_000), ...init });
const fresh = (label) => `${label}-${Date.now()}-${Math.random().toString(16).slice(2)}`;

test("a new counter reads 0; an increment answers its name and new value", async () => {
  const name = fresh("one");
  const read = await call(`/counters/${name}`);
  assert.equal(read.status, 200);
  assert.deepEqual(await read.json(), { name, value: 0 });
  const increment = await call(`/counters/${name}/increment`, { method: "POST" });
  assert.equal(increment.status, 200);
  assert.deepEqual(await increment.json(), { name, value: 1 });
  assert.deepEqual(await (await call(`/counters/${name}`)).json(), { name, value: 1 });
});

test("100 concurrent increments of one fresh counter end at exactly 100, each value seen once", async () => {
  const name = fresh("hundred");
  const answers = await Promise.all(
    Array.from({ length: 100 }, () => call(`/counters/${name}/increment`, { method: "POST" })),
  );
  const values = [];
  for (const answer of answers) {
    assert.equal(answer.status, 200);
    values.push((await answer.json()).value);
  }
  assert.deepEqual(values.sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i + 1));
  assert.deepEqual(await (await call(`/counters/${name}`)).json(), { name, value: 100 });
});

test("counters of different names are different objects", async () => {
  const [a, b] = [fresh("a"), fresh("b")];
  await call(`/counters/${a}/increment`, { method: "POST" });
  await call(`/counters/${a}/increment`, { method: "POST" });
  await call(`/counters/${b}/increment`, { method: "POST" });
  assert.equal((await (await call(`/counters/${a}`)).json()).value, 2);
  assert.equal((await (await call(`/counters/${b}`)).json()).value, 1);
});

test("a reset answers 202, and the object's alarm sets the value to 0 after_ms later", async () => {
  const name = fresh("reset");
  for (let i = 0; i < 3; i++) await call(`/counters/${name}/increment`, { method: "POST" });
  const reset = await call(`/counters/${name}/reset?after_ms=1000`, { method: "POST" });
  assert.equal(reset.status, 202);
  assert.deepEqual(await reset.json(), { name, after_ms: 1000 });
  // Not before the alarm rings.
  assert.equal((await (await call(`/counters/${name}`)).json()).value, 3);
  const deadline = Date.now() + 15_000;
  let value;
  while (Date.now() < deadline) {
    value = (await (await call(`/counters/${name}`)).json()).value;
    if (value === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(value, 0);
});

test("a reset without after_ms, or with one too large, is refused", async () => {
  const missing = await call(`/counters/${fresh("x")}/reset`, { method: "POST" });
  assert.equal(missing.status, 422);
  assert.equal((await missing.json()).detail[0].loc.join("."), "query.after_ms");
  const large = await call(`/counters/${fresh("x")}/reset?after_ms=999999999999`, { method: "POST" });
  assert.equal(large.status, 422);
});

// Under wrangler dev the worker and its objects share one isolate, and so one wasm instance:
// the worker's request waiting on the object is lost with the instance too, and workerd
// answers it 500 itself. The object's own answer is edgeapi's 500.
test("a panic inside the object answers 500; the object is made again with its storage intact", async () => {
  const name = fresh("panic");
  await call(`/counters/${name}/increment`, { method: "POST" });
  await call(`/counters/${name}/increment`, { method: "POST" });
  const panicked = await call(`/counters/${name}/panic`, { method: "POST" });
  assert.equal(panicked.status, 500);
  await panicked.arrayBuffer();
  // wrangler prints the worker's log lines a moment after the answer.
  for (let i = 0; i < 50 && !/the counter object panics on purpose/.test(server.log()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.match(server.log(), /the counter object panics on purpose/);
  assert.deepEqual(await (await call(`/counters/${name}`)).json(), { name, value: 2 });
  assert.deepEqual(await (await call(`/counters/${name}/increment`, { method: "POST" })).json(), { name, value: 3 });
  assert.equal((await call("/hello")).status, 200);
});
