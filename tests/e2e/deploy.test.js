// `wrangler deploy --dry-run` builds the real Cloudflare deploy bundle, offline.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { root } from "./workerd.js";

test("wrangler deploy --dry-run produces the bundle", async () => {
  const outdir = await mkdtemp(join(tmpdir(), "edgeapi-deploy-"));
  try {
    const { stdout } = await promisify(execFile)(
      "npx",
      ["wrangler", "deploy", "--dry-run", "--outdir", outdir],
      { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" }, timeout: 300_000 },
    );
    const files = await readdir(outdir);
    const wasm = files.find((name) => name.endsWith(".wasm"));
    assert.ok(files.includes("worker.js"), `bundle has the worker entry: ${files}`);
    assert.ok(wasm, `bundle has the wasm module: ${files}`);
    assert.ok((await stat(join(outdir, wasm))).size > 1000);
    assert.match(stdout, /--dry-run: exiting now/);
    console.log(stdout.split("\n").filter((line) => /Total Upload/.test(line)).join("\n"));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
});
