// The soak of `make bench`, on workerd: 100,000 requests of bench/mix.js (successes, 401,
// 404, 405 and 422s, JSON bodies, SSE streams, KV, background tasks, subrequests, pool
// tasks; 32 in flight) to the reference app's deploy bundle, served by Miniflare (the
// workerd that `wrangler dev` runs, with its local KV). After the warm-up and after each
// quarter it reads the wasm linear memory (the app's /debug/memory) and the isolate's JS heap
// (workerd's inspector, which cannot force a collection: bench/soak-node.js does that, on
// the same wasm in Node). Fails on a wrong answer, or on wasm memory that still grows in the
// second half. Writes bench/results/soak.json.
//
// Run by `make bench` after bench/run.js built the bundles, with --experimental-websocket.
import { readdirSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { growth, load, seed, startUpstream } from "./mix.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = join(root, "build/bench/deploy/edgeapi/bundle");
const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 100_000); // a multiple of 4; fewer for a trial
const WARMUP = 5_000;
const IN_FLIGHT = 32;

const modules = readdirSync(bundle)
  .filter((file) => /\.(js|wasm)$/.test(file))
  .sort((a, b) => (a === "worker.js" ? -1 : b === "worker.js" ? 1 : 0))
  .map((file) => ({ type: file.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: join(bundle, file) }));
const mf = new Miniflare({
  host: "127.0.0.1",
  port: 0,
  inspectorPort: 0,
  modulesRoot: bundle,
  modules,
  compatibilityDate: "2025-09-01",
  kvNamespaces: ["ITEMS"],
  bindings: { EDGEAPI_TEST_ROUTES: "1", GREETING: "Hello from the soak" },
});
const upstream = await startUpstream();
const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });

try {
  const base = new URL(await mf.ready);
  // A kept-alive connection the server closes as the client reuses it is reset before the
  // request reaches the app; such a request is sent once more on a fresh connection, as
  // Node's documentation advises, and counted. Any other error is a wrong answer.
  let resentAfterReset = 0;
  const sendOnce = ({ method, path, body, headers }) =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, method, path, headers, agent, timeout: 30_000 },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk) => (text += chunk));
          res.on("end", () => resolve({ status: res.statusCode, text }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => {
        error.reusedSocket = req.reusedSocket;
        reject(error);
      });
      req.end(body ?? undefined);
    });
  const send = async (request) => {
    try {
      return await sendOnce(request);
    } catch (error) {
      if (!(error.reusedSocket && error.code === "ECONNRESET")) throw error;
      resentAfterReset += 1;
      return sendOnce(request);
    }
  };

  const devtools = await inspector(await mf.getInspectorURL());
  const measure = async () => {
    const heap = await devtools.call("Runtime.getHeapUsage");
    const memory = JSON.parse((await send({ method: "GET", path: "/debug/memory", headers: {} })).text);
    return { wasm_memory_bytes: memory.wasm_memory_bytes, js_heap_used_bytes: heap.usedSize };
  };

  const options = { inFlight: IN_FLIGHT, upstream: upstream.url };
  const seeded = await send(seed);
  if (seeded.status !== 200) throw new Error(`seeding KV: ${seeded.status} ${seeded.text}`);
  const wrong = await load(send, { ...options, first: 0, count: WARMUP });
  const series = [await measure()];
  const started = performance.now();
  for (let part = 0; part < 4; part += 1) {
    wrong.push(...(await load(send, { ...options, first: WARMUP + (part * REQUESTS) / 4, count: REQUESTS / 4 })));
    series.push(await measure());
  }
  const seconds = (performance.now() - started) / 1000;
  devtools.close();

  const wasm = growth(series.map((m) => m.wasm_memory_bytes), REQUESTS);
  const result = {
    date: new Date().toISOString().slice(0, 10),
    host: "workerd (Miniflare, as wrangler dev runs it), the reference app's deploy bundle",
    requests: REQUESTS,
    warmup: WARMUP,
    in_flight: IN_FLIGHT,
    mix: "bench/mix.js",
    seconds: Number(seconds.toFixed(1)),
    requests_per_second: Math.round(REQUESTS / seconds),
    errors: wrong.length,
    first_errors: wrong.slice(0, 10),
    resent_after_a_kept_alive_connection_reset: resentAfterReset,
    wasm_memory: wasm,
    // As it stands: V8 collects on its own, and workerd's inspector cannot make it.
    js_heap_used_bytes: {
      after_warmup: series[0].js_heap_used_bytes,
      after_each_quarter: series.slice(1).map((m) => m.js_heap_used_bytes),
    },
    passed: wrong.length === 0 && !wasm.steady_growth,
  };
  writeFileSync(join(root, "bench/results/soak.json"), JSON.stringify(result, null, 2) + "\n");
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
  console.log(
    `soak on workerd: ${REQUESTS} requests in ${result.seconds} s (${result.requests_per_second} req/s), ` +
      `${result.errors} wrong answers (${resentAfterReset} resent after a kept-alive connection reset); wasm memory ${series.map((m) => mib(m.wasm_memory_bytes)).join(" -> ")} MiB ` +
      `(${wasm.bytes_per_request} bytes per request; steady growth: ${wasm.steady_growth}); JS heap as it stands ` +
      `${series.map((m) => mib(m.js_heap_used_bytes)).join(" -> ")} MiB`,
  );
  for (const line of result.first_errors) console.log(`  wrong: ${line}`);
  if (!result.passed) process.exitCode = 1;
} finally {
  agent.destroy();
  await upstream.close();
  await mf.dispose();
}

/** A Chrome DevTools Protocol session with the worker's isolate, through workerd's inspector. */
async function inspector(url) {
  const http = url.href.replace(/^ws/, "http");
  const targets = await (await fetch(new URL("/json/list", http))).json();
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
