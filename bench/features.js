// What each of three features adds to an app's size: examples/hello against hello with the
// feature's routes (bench/apps/with_security, with_constraints, with_multipart), each built
// by the CLI (`make build/<app>`: cargo's release profile, wasm-bindgen, wasm-opt -Oz). The
// figure is the wasm module's size gzipped at level 9, and the difference from hello's; the
// JS glue is the same for every app. Writes bench/results/features.json.
//
//   make build/hello build/with_security build/with_constraints build/with_multipart
//   node bench/features.js
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const APPS = {
  hello: "examples/hello",
  security: "bench/apps/with_security",
  constraints: "bench/apps/with_constraints",
  multipart: "bench/apps/with_multipart",
};

/** The raw and gzipped size of an app's wasm module as the CLI built it for workerd. */
function wasmSize(dir) {
  const built = join(root, dir, "build/workerd");
  const wasm = readdirSync(built).find((name) => name.endsWith(".wasm"));
  if (!wasm) throw new Error(`no wasm in ${built}: run make build/${dir.split("/").pop()}`);
  const bytes = readFileSync(join(built, wasm));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const sizes = Object.fromEntries(Object.entries(APPS).map(([name, dir]) => [name, wasmSize(dir)]));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const results = { date: new Date().toISOString().slice(0, 10), sizes, added_gzip_bytes: {} };
console.log(`| app | wasm gzip | raw | added to hello, gzip |`);
console.log(`|---|---|---|---|`);
for (const [name, size] of Object.entries(sizes)) {
  const added = size.gzip - sizes.hello.gzip;
  if (name !== "hello") results.added_gzip_bytes[name] = added;
  console.log(`| ${name} | ${kib(size.gzip)} | ${kib(size.raw)} | ${name === "hello" ? "" : `+${kib(added)}`} |`);
}
writeFileSync(join(root, "bench/results/features.json"), JSON.stringify(results, null, 2) + "\n");
