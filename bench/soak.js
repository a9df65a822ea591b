// The soak of `make bench`: 100,000 requests across the reference app's routes at full
// speed on one workerd, then the wasm linear memory and the isolate's JS heap (through the
// inspector) against the same figures after a warm-up, and the count of wrong answers. Loopback only; every loop is bounded.
//
// Run after bench/build.sh (it serves build/bench/workers/edgeapi), with Node's
// --experimental-websocket for the inspector connection. Writes bench/results/soak.json.
import { writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../tests/e2e/workerd.js";
import { firstOk, modulesOf, serve, writeConfig } from "./workerd.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = join(root, "build/bench");
const REQUESTS = 100_000;
const WARMUP = 5_000;
const IN_FLIGHT = 32;
const LEAK_BUDGET = 1024 * 1024;

/** The mix: each entry is [method, path, body, content type, expected status]. */
const item = JSON.stringify({ name: "Foo", description: "A thing", price: 50.5, tax: 1.5 });
const MIX = [
  ["GET", "/hello", null, null, 200],
  ["GET", "/items/5?q=somequery", null, null, 200],
  ["GET", "/burgers?number=2&ms=0", null, null, 200],
  ["POST", "/items/", item, "application/json", 200],
  ["GET", "/users/me", null, null, 401],
  ["GET", "/items/foo", null, null, 422],
  ["POST", "/items/", '{"name": 1', "application/json", 422],
  ["POST", "/items/", '{"price": "x"}', "application/json", 422],
  ["GET", "/greeting", null, null, 200],
  ["GET", "/no/such/route", null, null, 404],
  ["DELETE", "/hello", null, null, 405],
];

const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

function send(port, [method, path, body, type]) {
  return new Promise((resolve) => {
    const headers = type ? { "content-type": type } : {};
    const req = request({ host: "127.0.0.1", port, method, path, headers, agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
      res.on("error", () => resolve("error"));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve("error"));
    req.end(body ?? undefined);
  });
}

/** Sends `count` requests from the mix, IN_FLIGHT at a time; returns the wrong answers. */
async function load(port, count) {
  let next = 0;
  const wrong = [];
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const entry = MIX[i % MIX.length];
      const status = await send(port, entry);
      if (status !== entry[4]) wrong.push(`${entry[0]} ${entry[1]}: ${status}`);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return wrong;
}

/** A Chrome DevTools Protocol session with the isolate, through workerd's inspector. */
async function inspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  const waiting = new Map();
  ws.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    waiting.get(message.id)?.(message.result);
    waiting.delete(message.id);
  };
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      ws.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => ws.close() };
}

// workerd's inspector does not answer HeapProfiler.collectGarbage, so the heap is read as
// it stands: V8 collects on its own under this load, and the figure is noisier than the
// wasm memory, which only grows.
async function measure(port, devtools) {
  const heap = await devtools.call("Runtime.getHeapUsage");
  const memory = await (await fetch(`http://127.0.0.1:${port}/debug/memory`)).json();
  return { wasm_memory_bytes: memory.wasm_memory_bytes, js_heap_used_bytes: heap.usedSize };
}

const port = await freePort();
const inspectorPort = await freePort();
const config = writeConfig(
  built,
  "soak.capnp",
  [{
    name: "edgeapi",
    port,
    modules: modulesOf(join(built, "workers/edgeapi"), "worker.js"),
    bindings: { EDGEAPI_TEST_ROUTES: "1" },
  }],
  "2025-09-01",
);
const workerd = serve(join(root, "node_modules/.bin/workerd"), config, [
  `--inspector-addr=127.0.0.1:${inspectorPort}`,
]);
try {
  await firstOk(`http://127.0.0.1:${port}/hello`, { exited: workerd.exited });
  const devtools = await inspector(inspectorPort);
  const warmupWrong = await load(port, WARMUP);
  const before = await measure(port, devtools);
  // In four parts, reading memory after each: garbage V8 has not collected yet comes and
  // goes, a leak only grows.
  const started = performance.now();
  const wrong = [];
  const series = [];
  for (let part = 0; part < 4; part += 1) {
    wrong.push(...(await load(port, REQUESTS / 4)));
    series.push(await measure(port, devtools));
  }
  const seconds = (performance.now() - started) / 1000;
  const after = series.at(-1);
  devtools.close();

  const grew = after.wasm_memory_bytes - before.wasm_memory_bytes;
  const result = {
    date: new Date().toISOString().slice(0, 10),
    requests: REQUESTS,
    in_flight: IN_FLIGHT,
    seconds: Number(seconds.toFixed(1)),
    requests_per_second: Math.round(REQUESTS / seconds),
    errors: wrong.length + warmupWrong.length,
    first_errors: [...warmupWrong, ...wrong].slice(0, 10),
    after_warmup: before,
    after_soak: after,
    after_each_quarter: series,
    wasm_memory_growth_bytes: grew,
    js_heap_growth_bytes: after.js_heap_used_bytes - before.js_heap_used_bytes,
    within_budget: grew <= LEAK_BUDGET && wrong.length + warmupWrong.length === 0,
  };
  writeFileSync(join(root, "bench/results/soak.json"), JSON.stringify(result, null, 2) + "\n");
  const mib = (bytes) => (bytes / 1024 / 1024).toFixed(2);
  console.log(
    `soak: ${REQUESTS} requests in ${result.seconds} s (${result.requests_per_second} req/s), ` +
      `${result.errors} wrong answers; wasm memory ${mib(before.wasm_memory_bytes)} -> ` +
      `${mib(after.wasm_memory_bytes)} MiB, JS heap ${mib(before.js_heap_used_bytes)} -> ` +
      `${mib(after.js_heap_used_bytes)} MiB (after each quarter: ` +
      `${series.map((m) => mib(m.js_heap_used_bytes)).join(", ")} MiB)`,
  );
  if (!result.within_budget) process.exitCode = 1;
} finally {
  agent.destroy();
  await workerd.stop();
}
