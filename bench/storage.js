// The storage figures of `make bench`, on local workerd through `wrangler dev` (D1, R2 and the
// cache need wrangler's local services), each server with a state directory of its own:
//
// - D1 row decoding per row: a real D1 result (tests/apps/storage's /bench/decode) turned
//   into Rust rows by serde-wasm-bindgen and by JSON.stringify + serde_json, and Rust rows
//   into JS objects by serde-wasm-bindgen and by serde_json + JSON.parse; the median of
//   ROUNDS runs per size;
// - the reference app's wasm memory around a 50 MB upload streamed to R2 (PUT /files/{key}).
//
// Writes bench/results/storage.json. Loopback only; every loop is bounded.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startWorkerd } from "../tests/e2e/workerd.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const ROUNDS = Number(process.env.BENCH_STORAGE_ROUNDS ?? 5);
/** Rows decoded per measurement: workerd's clock moves in whole milliseconds. */
const ROWS_PER_RUN = 200_000;
const SIZES = [10, 100, 1000];
const UPLOAD_BYTES = 50 * 1024 * 1024;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };

async function withServer(options, use) {
  const state = await mkdtemp(join(tmpdir(), "edgeapi-bench-storage-"));
  let server;
  try {
    if (options.migrate) {
      await promisify(execFile)("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { cwd: root, env });
    }
    server = await startWorkerd({ vars: options.vars, args: [...(options.args ?? []), "--persist-to", state] });
    return await use(server.url);
  } finally {
    await server?.stop();
    await rm(state, { recursive: true, force: true });
  }
}

async function getJson(url, init) {
  const response = await fetch(url, { signal: AbortSignal.timeout(300_000), ...init });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function decoding() {
  return withServer({ args: ["--config", "tests/apps/storage/wrangler.toml"] }, async (url) => {
    await getJson(`${url}/d1/setup`, { method: "POST" });
    await getJson(`${url}/bench/decode?rows=${Math.max(...SIZES)}&reps=20`); // fill the table, warm up
    const results = [];
    for (const rows of SIZES) {
      const reps = Math.max(1, Math.round(ROWS_PER_RUN / rows));
      const runs = [];
      for (let round = 0; round < ROUNDS; round++) runs.push(await getJson(`${url}/bench/decode?rows=${rows}&reps=${reps}`));
      if (!runs.every((run) => run.same_values)) throw new Error(`rows=${rows}: the two ways disagree`);
      const pick = (direction, how) => median(runs.map((run) => run[direction][how]));
      results.push({
        rows,
        reps,
        js_to_rust_ns_per_row: { serde_wasm_bindgen: pick("js_to_rust_ns_per_row", "serde_wasm_bindgen"), json: pick("js_to_rust_ns_per_row", "json") },
        rust_to_js_ns_per_row: { serde_wasm_bindgen: pick("rust_to_js_ns_per_row", "serde_wasm_bindgen"), json: pick("rust_to_js_ns_per_row", "json") },
      });
    }
    return results;
  });
}

async function upload() {
  return withServer({ migrate: true, vars: { EDGEAPI_TEST_ROUTES: "1" } }, async (url) => {
    const memory = async () => (await getJson(`${url}/debug/memory`)).wasm_memory_bytes;
    const body = new Uint8Array(UPLOAD_BYTES).fill(7);
    const before = await memory();
    const started = performance.now();
    const stored = await getJson(`${url}/files/bench.bin`, { method: "PUT", headers: { "content-type": "application/octet-stream" }, body });
    const seconds = (performance.now() - started) / 1000;
    if (stored.size !== UPLOAD_BYTES) throw new Error(`stored ${stored.size} bytes`);
    const after = await memory();
    return { bytes: UPLOAD_BYTES, seconds: Number(seconds.toFixed(2)), wasm_memory_before: before, wasm_memory_after: after, grown_bytes: after - before };
  });
}

const decode = await decoding();
const streamed = await upload();
const result = { date: new Date().toISOString().slice(0, 10), rounds: ROUNDS, d1_row_decoding: decode, streamed_upload: streamed };
await writeFile(join(root, "bench/results/storage.json"), JSON.stringify(result, null, 2) + "\n");

const ns = (n) => `${(n / 1000).toFixed(2)} µs`;
console.log("\nD1 rows, per row (median of %d runs)", ROUNDS);
console.log("| rows | JS → Rust: serde-wasm-bindgen | JS → Rust: JSON | Rust → JS: serde-wasm-bindgen | Rust → JS: JSON |");
console.log("|---:|---:|---:|---:|---:|");
for (const r of decode) {
  const { js_to_rust_ns_per_row: a, rust_to_js_ns_per_row: b } = r;
  console.log(`| ${r.rows} | ${ns(a.serde_wasm_bindgen)} | ${ns(a.json)} | ${ns(b.serde_wasm_bindgen)} | ${ns(b.json)} |`);
}
console.log(
  `\n50 MB upload streamed to R2 in ${streamed.seconds} s: wasm memory ${streamed.wasm_memory_before} -> ${streamed.wasm_memory_after} bytes (+${streamed.grown_bytes})`,
);
console.log("wrote bench/results/storage.json");
