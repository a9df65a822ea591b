// What each of three features adds to an app's size. bench/apps/with_extractors is
// examples/hello with a Query<T> and a Form<T> route (the parameter and form readers, which
// include reading multipart forms); with_security, with_constraints and with_multipart each
// add one feature to it: FastAPI's security tutorial routes, constraints declared on the
// query (a pattern among them, so the regex engine), a route streaming a multipart body.
// Each is built by the CLI (`make build/<app>`: cargo's release profile, wasm-bindgen,
// wasm-opt -Oz). The figure is the wasm module gzipped at level 9 and its difference from
// with_extractors (the feature's own cost) and from hello; the JS glue is the same for every
// app. Writes bench/results/features.json.
//
//   make build/hello build/with_extractors build/with_security build/with_constraints build/with_multipart
//   node bench/features.js
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const APPS = {
  hello: "examples/hello",
  extractors: "bench/apps/with_extractors",
  security: "bench/apps/with_security",
  constraints: "bench/apps/with_constraints",
  multipart: "bench/apps/with_multipart",
};

/** The raw and gzipped size of an app's wasm module as the CLI built it for workerd. */
function wasmSize(dir) {
  const built = join(root, dir, "build/workerd/pkg");
  const wasm = readdirSync(built).find((name) => name.endsWith(".wasm"));
  if (!wasm) throw new Error(`no wasm in ${built}: run make build/${dir.split("/").pop()}`);
  const bytes = readFileSync(join(built, wasm));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const sizes = Object.fromEntries(Object.entries(APPS).map(([name, dir]) => [name, wasmSize(dir)]));
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const results = { date: new Date().toISOString().slice(0, 10), sizes, feature_gzip_bytes: {} };
const signed = (bytes) => `${bytes < 0 ? "-" : "+"}${kib(Math.abs(bytes))}`;
console.log(`| app | wasm gzip (raw) | the feature: gzip over with_extractors | over hello |`);
console.log(`|---|---|---|---|`);
for (const [name, size] of Object.entries(sizes)) {
  const feature = ["security", "constraints", "multipart"].includes(name);
  if (feature) results.feature_gzip_bytes[name] = size.gzip - sizes.extractors.gzip;
  const own = feature ? signed(size.gzip - sizes.extractors.gzip) : "";
  const overHello = name === "hello" ? "" : signed(size.gzip - sizes.hello.gzip);
  console.log(`| ${name} | ${kib(size.gzip)} (${kib(size.raw)}) | ${own} | ${overHello} |`);
}
writeFileSync(join(root, "bench/results/features.json"), JSON.stringify(results, null, 2) + "\n");
