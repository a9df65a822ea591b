// make bench, the hosts: /hello and /items throughput of the reference app on Node, Deno and
// Bun (the edgeapi CLI's server entries, examples/reference/build/<runtime>/), each against
// the plain JS handler of bench/peers/plain served by the same entry on the same runtime, so
// the two differ only in the handler. wrk -t1 -c20 -d5s, interleaved rounds, medians.
// Writes bench/results/hosts.json and the README's table between bench-hosts markers.
// Run after `make build` (the Makefile's bench target does).
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 20;
const ROUTES = ["/hello", "/items/123?q=abc"];
const bin = (name) => join(root, "node_modules/.bin", name);
const RUNTIMES = {
  node: { command: (entry) => [process.execPath, [entry]], version: () => process.version },
  deno: { command: (entry) => [bin("deno"), ["run", "-A", entry]], version: () => run(bin("deno"), ["--version"]).split(" ").slice(0, 2).join(" ") },
  bun: { command: (entry) => [bin("bun"), [entry]], version: () => `bun ${run(bin("bun"), ["--version"]).trim()}` },
};

function run(command, args) {
  return spawnSync(command, args, { encoding: "utf8" }).stdout;
}

// The plain handler behind a copy of the generated server entry: the same adapter, no wasm.
function plainBuild(runtime) {
  const dir = join(root, "build/bench/hosts", `${runtime}-plain`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(root, "examples/reference/build", runtime, "server.mjs"), join(dir, "server.mjs"));
  const worker = pathToFileURL(join(root, "bench/peers/plain/worker.js")).href;
  writeFileSync(join(dir, "app.mjs"), `// The plain JS peer with the interface of the CLI's app.mjs.
import plain from ${JSON.stringify(worker)};
export const port = Number(process.env.PORT || 8787);
export const hostname = process.env.HOST || "127.0.0.1";
export const startWorkers = () => 0;
export const settled = async () => {};
export const isPanic = () => false;
export const answer = (request) => plain.fetch(request);
`);
  return join(dir, "server.mjs");
}

async function serve(runtime, entry, port) {
  const [command, args] = RUNTIMES[runtime].command(entry);
  const child = spawn(command, args, { env: { ...process.env, PORT: String(port), HOST: "127.0.0.1" }, stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/hello`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${runtime} did not serve ${entry}`);
}

function wrk(url, seconds) {
  const out = run("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${seconds}s`, "--timeout", "5s", url]);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  if (!rps) throw new Error(`wrk failed on ${url}:\n${out}`);
  if (/Non-2xx or 3xx responses/.test(out)) throw new Error(`wrong answers from ${url}:\n${out}`);
  return Number(rps[1]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const loadAtStart = loadavg().map((n) => n.toFixed(2));
const results = {};
let port = 9300;
for (const runtime of Object.keys(RUNTIMES)) {
  const entries = {
    edgeapi: join(root, "examples/reference/build", runtime, "server.mjs"),
    plain: plainBuild(runtime),
  };
  const servers = {};
  for (const [name, entry] of Object.entries(entries)) servers[name] = { port: ++port, child: await serve(runtime, entry, port) };
  const samples = {};
  try {
    for (const [name, { port }] of Object.entries(servers)) for (const route of ROUTES) wrk(`http://127.0.0.1:${port}${route}`, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const route of ROUTES) {
        for (const [name, { port }] of Object.entries(servers)) {
          (samples[`${name} ${route}`] ??= []).push(wrk(`http://127.0.0.1:${port}${route}`, SECONDS));
        }
      }
    }
  } finally {
    for (const { child } of Object.values(servers)) child.kill("SIGTERM");
  }
  results[runtime] = { version: RUNTIMES[runtime].version(), rps: {} };
  for (const [key, values] of Object.entries(samples)) results[runtime].rps[key] = median(values);
  console.log(`${runtime}: ${JSON.stringify(results[runtime].rps)}`);
}

const date = new Date().toISOString().slice(0, 10);
const loadAtEnd = loadavg().map((n) => n.toFixed(2));
writeFileSync(join(root, "bench/results/hosts.json"), JSON.stringify({
  date,
  method: `wrk -t1 -c${CONNECTIONS} -d${SECONDS}s per server per route, ${ROUNDS} interleaved rounds, median req/s`,
  load: { start: loadAtStart, end: loadAtEnd },
  results,
}, null, 2) + "\n");

const lines = [
  `Measured by \`make bench\` on ${date}: the reference app's server entries from \`edgeapi build\`, against the plain JS handler (\`bench/peers/plain\`) behind the same entry on the same runtime; wrk -t1 -c${CONNECTIONS} -d${SECONDS}s, median of ${ROUNDS} interleaved rounds; load average ${loadAtStart.join(" ")} at start, ${loadAtEnd.join(" ")} at end (2 cores): read the ratios, not the absolutes.`,
  "",
  "| host | /hello req/s | plain JS | vs plain JS | /items/123?q=abc req/s | plain JS | vs plain JS |",
  "|---|---:|---:|---:|---:|---:|---:|",
];
for (const [runtime, { version, rps }] of Object.entries(results)) {
  const cells = ROUTES.flatMap((route) => {
    const ours = rps[`edgeapi ${route}`];
    const plain = rps[`plain ${route}`];
    return [Math.round(ours), Math.round(plain), (ours / plain).toFixed(2)];
  });
  lines.push(`| ${runtime} (${version}) | ${cells.join(" | ")} |`);
}
const readme = join(root, "README.md");
const text = readFileSync(readme, "utf8");
const start = "<!-- bench-hosts:start -->";
const end = "<!-- bench-hosts:end -->";
if (text.includes(start)) {
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  writeFileSync(readme, `${before}\n${lines.join("\n")}\n${after}`);
}
console.log(lines.join("\n"));
