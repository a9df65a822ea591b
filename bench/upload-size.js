// What a deploy of one built worker uploads, counted as `make bench` counts it: the bundle
// `wrangler deploy --dry-run --minify` makes of the worker (its JS minified, the wasm as
// its own module), wrangler's own Total Upload and gzip figures, and each file's gzip -9.
// A quick check between size changes, without the whole of `make bench`:
//
//   make build/hello && node bench/upload-size.js examples/hello/build/workerd
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = process.env.WRANGLER ?? join(root, "node_modules/.bin/wrangler");

for (const dir of process.argv.slice(2)) {
  const work = mkdtempSync(join(tmpdir(), "upload-size-"));
  try {
    const config = join(work, "wrangler.toml");
    const main = JSON.stringify(resolve(dir, "worker.js"));
    writeFileSync(config, `name = "upload-size"\nmain = ${main}\ncompatibility_date = "2025-09-01"\n`);
    const out = join(work, "bundle");
    const printed = execFileSync(wrangler, ["deploy", "--dry-run", "--minify", "--outdir", out, "--config", config], {
      cwd: work, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
    });
    const [, raw, gzip] = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(printed) ?? [];
    console.log(`${dir}: upload ${raw} KiB, gzip ${gzip} KiB (wrangler)`);
    for (const file of readdirSync(out).filter((f) => /\.(js|wasm)$/.test(f))) {
      const bytes = readFileSync(join(out, file));
      const kind = file.endsWith(".wasm") ? "wasm" : "js  ";
      console.log(`  ${kind} ${(bytes.length / 1024).toFixed(1).padStart(7)} KiB, gzip -9 ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(1).padStart(6)} KiB`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
