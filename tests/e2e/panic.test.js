// Panics do not poison the instance: the panicking request answers 500 at once, requests
// in flight on the same isolate answer 500 instead of hanging, and the next requests are
// served normally by a fresh instance.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd({ vars: { EDGEAPI_TEST_ROUTES: "1" } });

const get = async (path) => {
  const response = await fetch(server.url + path, { signal: AbortSignal.timeout(15_000) });
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

test("requests in flight when another panics settle promptly", async () => {
  const inFlight = Array.from({ length: 20 }, (_, i) => get(`/burgers?number=${i}&ms=1000`));
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal((await get("/panic")).status, 500);
  const settled = await Promise.all(inFlight);
  const counts = settled.reduce((acc, { status }) => ({ ...acc, [status]: (acc[status] ?? 0) + 1 }), {});
  console.log(`in flight during a panic: ${JSON.stringify(counts)} (status: count)`);
  for (const { status, body } of settled) {
    assert.ok(status === 200 || (status === 500 && body === internalError), `${status} ${body}`);
  }
  assert.equal((await get("/hello")).status, 200);
});
