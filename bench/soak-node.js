// The soak's second half, in Node with `--expose-gc`: the same 100,000 requests of
// bench/mix.js, made by calling the reference app's wasm export (the same .wasm file that
// bench/soak.js serves on workerd) in-process, with a real KV namespace (Miniflare's, as
// `wrangler dev` has), background tasks through `ctx.waitUntil`, subrequests to a loopback
// upstream, and the pool on two worker threads. After the warm-up and after each quarter it
// waits for the background tasks, forces V8's collection and reads the JS heap and the wasm
// memory. Fails on a wrong answer, or on either that still grows in the second half.
// Writes bench/results/soak-node.json.
//
//   node --expose-gc bench/soak-node.js      (make bench runs it after bench/soak.js)
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { growth, load, seed, startUpstream } from "./mix.js";

if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = join(root, "build/bench/workers/edgeapi/pkg");
const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 100_000); // a multiple of 4; fewer for a trial
const WARMUP = 5_000;
const IN_FLIGHT = 32;
const POOL_SIZE = 2;
// What the heap may rise in the second half before it counts as growth: even collected, this
// process's heap (Miniflare's KV client, undici's connections, compiled code) moves by a
// few MiB between readings, up and down; a leak also rises in every quarter.
const HEAP_SLACK = 1024 * 1024;

const { initSync, handle, startPool } = await import(join(pkg, "reference.js"));
initSync({ module: await readFile(join(pkg, "reference_bg.wasm")) });
const poolSize = startPool(join(pkg, "reference.js"), POOL_SIZE);

// A real KV namespace: Miniflare's local one, reached from Node.
const kvHost = new Miniflare({
  modules: true,
  script: "export default { fetch() { return new Response(null, { status: 404 }); } };",
  kvNamespaces: ["ITEMS"],
  compatibilityDate: "2025-09-01",
});
const env = {
  EDGEAPI_TEST_ROUTES: "1",
  GREETING: "Hello from the soak",
  ITEMS: await kvHost.getKVNamespace("ITEMS"),
};
const background = new Set();
const ctx = {
  waitUntil(promise) {
    background.add(promise);
    promise.finally(() => background.delete(promise));
  },
};
const upstream = await startUpstream();

const send = async ({ method, path, body, headers }) => {
  const response = await handle(new Request(`http://127.0.0.1${path}`, { method, headers, body }), env, ctx);
  return { status: response.status, text: await response.text() };
};

/** Waits for the background tasks, collects twice, and reads the heap and wasm memory. */
async function measure() {
  while (background.size > 0) await Promise.allSettled([...background]);
  for (let i = 0; i < 2; i += 1) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  const memory = JSON.parse((await send({ method: "GET", path: "/debug/memory", headers: {} })).text);
  return { wasm_memory_bytes: memory.wasm_memory_bytes, js_heap_used_bytes: process.memoryUsage().heapUsed };
}

try {
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

  // Wasm memory only grows, in 64 KiB pages: one page more in the second half is growth.
  const wasm = growth(series.map((m) => m.wasm_memory_bytes), REQUESTS);
  const heap = growth(series.map((m) => m.js_heap_used_bytes), REQUESTS, { slack: HEAP_SLACK, everyQuarter: true });
  const result = {
    date: new Date().toISOString().slice(0, 10),
    host: `Node ${process.version} --expose-gc, the wasm export called in-process; pool of ${poolSize} worker threads`,
    requests: REQUESTS,
    warmup: WARMUP,
    in_flight: IN_FLIGHT,
    mix: "bench/mix.js",
    seconds: Number(seconds.toFixed(1)),
    requests_per_second: Math.round(REQUESTS / seconds),
    errors: wrong.length,
    first_errors: wrong.slice(0, 10),
    wasm_memory: wasm,
    js_heap_after_gc: heap,
    passed: wrong.length === 0 && !wasm.steady_growth && !heap.steady_growth,
  };
  await writeFile(join(root, "bench/results/soak-node.json"), JSON.stringify(result, null, 2) + "\n");
  const mib = (bytes) => (bytes / 2 ** 20).toFixed(2);
  console.log(
    `soak in Node: ${REQUESTS} requests in ${result.seconds} s (${result.requests_per_second} req/s), ` +
      `${result.errors} wrong answers; wasm memory ${series.map((m) => mib(m.wasm_memory_bytes)).join(" -> ")} MiB ` +
      `(steady growth: ${wasm.steady_growth}); JS heap after a forced GC ` +
      `${series.map((m) => mib(m.js_heap_used_bytes)).join(" -> ")} MiB, ${heap.bytes_per_request} bytes per request ` +
      `(second half ${heap.second_half_bytes_per_request}; steady growth: ${heap.steady_growth})`,
  );
  for (const line of result.first_errors) console.log(`  wrong: ${line}`);
  if (!result.passed) process.exitCode = 1;
} finally {
  await upstream.close();
  await kvHost.dispose();
  // The pool's worker threads are unref'd when idle; nothing else keeps Node running.
}
