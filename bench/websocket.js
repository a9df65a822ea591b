// `make bench`, WebSockets: echo round trips per second on one workerd, edgeapi
// (`App::websocket`, the reference app's `GET /ws/echo`) against a plain JS worker
// (WebSocketPair by hand) and workers-rs (its `WebSocketPair` and event stream).
//
// Serves the workers bench/build.sh built (build/bench/workers/<name>) from one
// `workerd serve`; each client connection sends a 32-byte text message, waits for its echo,
// and sends the next, for BENCH_WS_SECONDS (default 5) seconds; with 1 connection and with 16
// at once, interleaved over BENCH_WS_ROUNDS (default 3) rounds, medians with their spread.
// The client is Node's WebSocket (`node --experimental-websocket`), the same for every
// worker: ratios within one run matter, not absolutes. Writes bench/results/websocket.json.
// Loopback only, bounded (about a minute per round).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstOk, modulesOf, serve, writeConfig } from "./workerd.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = join(root, "build/bench");
const workerd = join(root, "node_modules/.bin/workerd");
const SECONDS = Number(process.env.BENCH_WS_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_WS_ROUNDS ?? 3);
const CONNECTIONS = [1, 16];
const MESSAGE = "x".repeat(32);

if (typeof WebSocket !== "function") throw new Error("run with node --experimental-websocket");

const WORKERS = [
  { name: "edgeapi", label: "edgeapi (the reference app, `App::websocket`)" },
  { name: "plain", label: "plain JS (WebSocketPair by hand)" },
  { name: "workers-rs", label: "workers-rs (WebSocketPair, `events()` stream; minimal shim)" },
].filter(({ name }) => {
  const there = existsSync(join(built, "workers", name, "worker.js"));
  if (!there) console.log(`websocket bench: no build/bench/workers/${name} (bench/build.sh builds it); left out`);
  return there;
});

const log = (line) => console.log(line);
const base = 18_900;
const services = WORKERS.map(({ name }, i) => ({
  name,
  port: base + i,
  modules: modulesOf(join(built, "workers", name), "worker.js"),
}));
const config = writeConfig(built, "websocket.capnp", services, "2025-09-01");
const server = serve(workerd, config);
process.on("exit", () => server.child.kill("SIGKILL"));

/** Opens a socket to `url`; resolves it with `roundTrip(text)`, the echo's Promise. */
async function open(url) {
  const socket = new WebSocket(url);
  let waiting = null;
  socket.addEventListener("message", (event) => waiting?.(event.data));
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot open ${url}`)), { once: true });
  });
  const roundTrip = (text) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no echo from ${url} in 10 s`)), 10_000);
      waiting = (data) => {
        clearTimeout(timer);
        waiting = null;
        resolve(data);
      };
      socket.send(text);
    });
  return { socket, roundTrip };
}

/** Round trips per second over `connections` sockets for SECONDS. */
const measure = (url, connections) => measureFor(url, connections, SECONDS);

async function measureFor(url, connections, seconds) {
  const sockets = await Promise.all(Array.from({ length: connections }, () => open(url)));
  const end = performance.now() + seconds * 1000;
  let trips = 0;
  await Promise.all(
    sockets.map(async ({ roundTrip }) => {
      while (performance.now() < end) {
        const echoed = await roundTrip(MESSAGE);
        if (echoed !== MESSAGE) throw new Error(`${url}: wrong echo ${JSON.stringify(echoed)}`);
        trips++;
      }
    }),
  );
  const elapsed = (performance.now() - (end - seconds * 1000)) / 1000;
  for (const { socket } of sockets) socket.close(1000);
  return trips / elapsed;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  for (const { name, port } of services) await firstOk(`http://127.0.0.1:${port}/hello`, { exited: server.exited });
  // Each worker echoes before it is timed.
  for (const { name, port } of services) {
    const { socket, roundTrip } = await open(`ws://127.0.0.1:${port}/ws/echo`);
    if ((await roundTrip("check")) !== "check") throw new Error(`${name} does not echo`);
    socket.close(1000);
  }
  // A warm-up second per worker, untimed: the first messages compile and tier up the code.
  for (const { port } of services) await measureFor(`ws://127.0.0.1:${port}/ws/echo`, 4, 1);
  const rounds = Object.fromEntries(
    services.flatMap(({ name }) => CONNECTIONS.map((c) => [`${name}/${c}`, []])),
  );
  for (let round = 1; round <= ROUNDS; round++) {
    for (const connections of CONNECTIONS) {
      for (const { name, port } of services) {
        const rate = await measure(`ws://127.0.0.1:${port}/ws/echo`, connections);
        rounds[`${name}/${connections}`].push(rate);
        log(`round ${round}, ${connections} connection(s), ${name}: ${rate.toFixed(0)} round trips/s`);
      }
    }
  }
  const rows = services.flatMap(({ name }) =>
    CONNECTIONS.map((connections) => {
      const rates = rounds[`${name}/${connections}`];
      return {
        worker: name,
        label: WORKERS.find((w) => w.name === name).label,
        connections,
        round_trips_per_s: Math.round(median(rates)),
        range: [Math.round(Math.min(...rates)), Math.round(Math.max(...rates))],
      };
    }),
  );
  const plainRate = (connections) => rows.find((r) => r.worker === "plain" && r.connections === connections)?.round_trips_per_s;
  for (const row of rows) {
    const plain = plainRate(row.connections);
    if (plain) row.vs_plain = Number((row.round_trips_per_s / plain).toFixed(2));
  }
  log("\n| worker | connections | round trips/s (median) | range | vs plain JS |\n|---|---|---|---|---|");
  for (const row of rows) {
    log(`| ${row.label} | ${row.connections} | ${row.round_trips_per_s} | ${row.range.join("–")} | ${row.vs_plain ?? ""} |`);
  }
  const results = {
    date: new Date().toISOString().slice(0, 10),
    machine: { nproc: os.cpus().length, load: os.loadavg().map((l) => Number(l.toFixed(2))), node: process.version },
    method: `Node's WebSocket client, ${MESSAGE.length}-byte text messages, one in flight per connection, ${SECONDS} s per measurement, median of ${ROUNDS} interleaved rounds`,
    rows,
  };
  mkdirSync(join(root, "bench/results"), { recursive: true });
  writeFileSync(join(root, "bench/results/websocket.json"), JSON.stringify(results, null, 2) + "\n");
  log("\nwrote bench/results/websocket.json");
} finally {
  await server.stop();
}
