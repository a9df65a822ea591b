// Checks that the SDK's modules form layers that only point down (ARCHITECTURE.md).
// Reads cargo-modules' dependency graph (DOT) on stdin:
//
//   cargo modules dependencies --lib -p edgeapi --target wasm32-unknown-unknown \
//     --no-externs --no-sysroot --no-fns --no-types --no-traits --no-owns \
//     | node scripts/check-layers.mjs
//
// Fails on an import cycle between modules, on a module that imports one of a higher
// layer, and on a module that is in no layer (add it below).
import { readFileSync } from "node:fs";

// Lowest first. A module may use modules of its own layer or below.
const LAYERS = [
  ["sys", "allocator"],
  ["headers", "state", "background", "describe", "response", "error", "request"],
  ["validate", "extract", "bindings", "concurrent", "time", "fetch", "pool", "stream", "unhandled", "websocket", "security", "multipart"],
  ["outcome", "handler", "event_loop_guard", "routing", "middleware", "cache"],
  ["openapi", "app", "object"],
  ["host", "testing", "prelude", "__private"],
];

const layerOf = new Map(LAYERS.flatMap((names, layer) => names.map((name) => [name, layer])));
const top = (module) => module.split("::")[1]; // edgeapi::extract::path -> extract

const edges = [...readFileSync(0, "utf8").matchAll(/"([^"]+)" -> "([^"]+)"/g)]
  .map(([, from, to]) => [from, to])
  .filter(([from, to]) => from !== "edgeapi" && to !== "edgeapi" && from !== to);
const problems = [];

for (const module of new Set(edges.flat())) {
  if (!layerOf.has(top(module))) problems.push(`${module} is in no layer of scripts/check-layers.mjs`);
}
for (const [from, to] of edges) {
  const [a, b] = [layerOf.get(top(from)), layerOf.get(top(to))];
  if (a !== undefined && b !== undefined && b > a) {
    problems.push(`${from} (layer ${a}) uses ${to} (layer ${b}), a layer above it`);
  }
}

// Cycles: Tarjan's strongly connected components, iteratively.
const next = new Map();
for (const [from, to] of edges) next.set(from, [...(next.get(from) ?? []), to]);
const index = new Map(), low = new Map(), stack = [], onStack = new Set();
let counter = 0;
for (const root of next.keys()) {
  if (index.has(root)) continue;
  const work = [[root, 0]];
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const [node, i] = frame;
    if (i === 0) {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
    }
    const targets = next.get(node) ?? [];
    if (i < targets.length) {
      frame[1] += 1;
      const target = targets[i];
      if (!index.has(target)) work.push([target, 0]);
      else if (onStack.has(target)) low.set(node, Math.min(low.get(node), index.get(target)));
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1][0];
      low.set(parent, Math.min(low.get(parent), low.get(node)));
    }
    if (low.get(node) === index.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) problems.push(`import cycle: ${component.sort().join(", ")}`);
    }
  }
}

if (problems.length > 0) {
  console.error(`layers: ${problems.length} problem(s)\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`layers: ${edges.length} imports between modules, no cycle, none pointing up`);
