// The reference app's wasm in plain Node, with a pool of worker_threads: the same CPU work
// runs in parallel, up to one task per worker, as handler timestamps show.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { built } from "./workerd.js";

const glue = join(built("node"), "pkg/reference.js");
const app = await import(glue);
app.initSync({ module: await readFile(join(built("node"), "pkg/reference_bg.wasm")) });

const get = async (path) => {
  const response = await app.handle(new Request(`http://localhost${path}`));
  return response.json();
};

/** The most spans that share one moment. */
const mostAtOnce = (spans) =>
  Math.max(...spans.map(({ started_ms }) => spans.filter((s) => s.started_ms <= started_ms && started_ms < s.ended_ms).length));

test("pool tasks run on worker_threads, in parallel, with the inline result", async () => {
  const inline = await get("/demo/cpu?n=30");
  const workers = app.startPool(glue, 2);
  assert.equal(workers, 2);
  const pooled = await Promise.all(Array.from({ length: 4 }, () => get("/demo/pool?n=30")));
  assert.ok(pooled.every((p) => p.result === inline.result && p.n === 30));
  const most = mostAtOnce(pooled);
  assert.ok(most <= workers, JSON.stringify(pooled));
  if (availableParallelism() >= 2) assert.equal(most, 2, JSON.stringify(pooled));
  console.log(`4 pool tasks on ${workers} worker_threads: at most ${most} at once`);
});
