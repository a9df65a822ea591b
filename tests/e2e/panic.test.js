// Panics do not poison the instance: the panicking request answers 500 at once, requests
// in flight on the same isolate answer 500 instead of hanging, and the next requests are
// served normally by a fresh instance.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd({ vars: { EDGEAPI_TEST_ROUTES: "1" } });

const get = async (path) => {
  const response = await fetch(server.url + path, { signal: AbortSignal.timeout(30_000) });
  return { status: response.status, body: await response.text() };
};

const internalError = JSON.stringify({ detail: "Internal Server Error" });

test("a sync panic answers 500, then 100 requests answer 200", async () => {
  const panicked = await get("/panic");
  assert.equal(panicked.status, 500);
  assert.equal(panicked.body, internalError);
  for (let i = 0; i < 100; i += 1) {
    const path = ["/hello", `/items/${i}?q=x`, "/burgers?ms=0"][i % 3];
    assert.equal((await get(path)).status, 200, `request ${i} after the panic (${path})`);
  }
});

test("an async panic after an await answers 500, and the isolate recovers", async () => {
  const panicked = await get("/panic/later?ms=50");
  assert.equal(panicked.status, 500);
  assert.equal(panicked.body, internalError);
  assert.equal((await get("/hello")).status, 200);
  assert.equal((await get("/burgers?ms=10")).status, 200);
});

// The README: requests waiting on timers when another request panics all answer 500 at
// once instead of hanging. Each waits 10 s; the bound of 5 s after the panic is far from
// what the recovery takes and far under the wait, so a slow machine does not fail it, and
// an answer that came from the timer (200 after 10 s) does.
const IN_FLIGHT = 20;
const WAIT_MS = 10_000;
const BOUND_MS = 5_000;

test(`${IN_FLIGHT} requests in flight when another panics all answer 500 within ${BOUND_MS / 1000} s`, async () => {
  const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) =>
    get(`/burgers?number=${i}&ms=${WAIT_MS}`).then((answer) => ({ ...answer, at: performance.now() })),
  );
  // Time for all of them to reach the isolate and start waiting.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const panicked = await get("/panic");
  const panickedAt = performance.now();
  assert.equal(panicked.status, 500);
  const settled = await Promise.all(inFlight);
  const slowest = Math.max(...settled.map(({ at }) => at - panickedAt));
  console.log(`${IN_FLIGHT} in flight during a panic: all settled ${slowest.toFixed(0)} ms after its answer`);
  for (const [i, { status, body, at }] of settled.entries()) {
    assert.deepEqual([status, body], [500, internalError], `request ${i}`);
    assert.ok(at - panickedAt < BOUND_MS, `request ${i} settled ${(at - panickedAt).toFixed(0)} ms after the panic`);
  }
  assert.equal((await get("/hello")).status, 200);
});
