// The demo routes on workerd: waiting, working inline, working on the pool (inline on
// workerd, which has no workers), and three subrequests awaited at once.
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();

const get = async (path) => {
  const response = await fetch(server.url + path, { signal: AbortSignal.timeout(60_000) });
  return { status: response.status, body: await response.json() };
};

test("/demo/wait, /demo/cpu and /demo/pool answer; the pool gives the inline result", async () => {
  const wait = await get("/demo/wait?ms=50");
  assert.equal(wait.status, 200);
  assert.equal(wait.body.waited_ms, 50);
  // By the handler's own clock it waited the time asked (a timer may round down 1 ms),
  // and not much longer.
  const waited = wait.body.ended_ms - wait.body.started_ms;
  assert.ok(waited >= 49 && waited < 10_000, `started ${wait.body.started_ms}, ended ${wait.body.ended_ms}`);
  assert.ok(Math.abs(wait.body.started_ms - Date.now()) < 60_000, "epoch milliseconds");
  const cpu = await get("/demo/cpu?n=2");
  const pool = await get("/demo/pool?n=2");
  assert.deepEqual([cpu.status, pool.status], [200, 200]);
  assert.deepEqual([pool.body.n, pool.body.result], [cpu.body.n, cpu.body.result]);
});

test("demo routes refuse too much work with FastAPI's 422", async () => {
  for (const path of ["/demo/cpu?n=2001", "/demo/pool?n=2001", "/demo/wait?ms=10001"]) {
    const { status, body } = await get(path);
    assert.equal(status, 422, path);
    assert.equal(body.detail[0].type, "less_than_equal", path);
  }
  const { status, body } = await get("/demo/fanout?upstream=http://example.com");
  assert.equal(status, 422);
  assert.deepEqual(body.detail[0].loc, ["query", "upstream"]);
  assert.equal(body.detail[0].type, "string_pattern_mismatch");
});

/** A loopback upstream that answers after `ms` and records when each call came and went. */
async function startUpstream() {
  const calls = [];
  const upstream = createServer((request, response) => {
    const url = new URL(request.url, "http://upstream");
    const ms = Number(url.searchParams.get("ms"));
    const call = { path: url.pathname, started: performance.now() };
    calls.push(call);
    setTimeout(() => {
      call.ended = performance.now();
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ waited_ms: ms }));
    }, ms);
  });
  await new Promise((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${upstream.address().port}`,
    calls,
    close: () => new Promise((resolve) => upstream.close(resolve)),
  };
}

test("a handler awaiting three subrequests has all three in flight at once", async () => {
  const upstream = await startUpstream();
  try {
    const { status, body } = await get(`/demo/fanout?ms=300&upstream=${upstream.url}`);
    assert.equal(status, 200);
    assert.deepEqual(body, { upstreams: [300, 300, 300] });
    assert.equal(upstream.calls.length, 3);
    assert.ok(upstream.calls.every((call) => call.path === "/demo/wait"));
    // Overlap, by the upstream's own clock: the last call started before the first ended.
    // Awaited one after another, each would start only after the previous one ended.
    const lastStart = Math.max(...upstream.calls.map((call) => call.started));
    const firstEnd = Math.min(...upstream.calls.map((call) => call.ended));
    assert.ok(lastStart < firstEnd, JSON.stringify(upstream.calls));
    const span = Math.max(...upstream.calls.map((c) => c.ended)) - Math.min(...upstream.calls.map((c) => c.started));
    console.log(`3 subrequests of 300 ms each, all in flight at once: upstream busy for ${span.toFixed(0)} ms (900 ms in sequence)`);
  } finally {
    await upstream.close();
  }
});

test("a failing upstream is a 502, not a hang", async () => {
  const upstream = await startUpstream();
  await upstream.close(); // nothing listens there any more
  const { status, body } = await get(`/demo/fanout?ms=1&upstream=${upstream.url}`);
  assert.equal(status, 502);
  assert.deepEqual(body, { detail: "Bad Gateway" });
});
