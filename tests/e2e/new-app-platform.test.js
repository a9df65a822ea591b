// The platform half in an app of its own, outside the repository: `edgeapi new` with
// --edgeapi-path at this checkout, then a Durable Object, a queue consumer, a cron handler and
// a WebSocket route added as a user adds them (tests/e2e/fixtures/platform-app), built with
// `edgeapi build` (which writes the object's JS class and hands the consumer and the cron
// handler to workerd) and served by `wrangler dev --test-scheduled`.
//
// Cargo builds into this checkout's target/ (CARGO_TARGET_DIR), as cli.test.js does.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { root, startWorkerd } from "./workerd.js";

const exec = promisify(execFile);
const fixtures = join(root, "tests/e2e/fixtures/platform-app");
let tmp, app, server;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeapi-platform-"));
  app = join(tmp, "platform-app");
  // The CLI this checkout's `make cli` built; cargo's shared target folder.
  process.env.PATH = [join(root, "target/release"), process.env.PATH].join(delimiter);
  process.env.CARGO_TARGET_DIR = join(root, "target");
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" };
  await exec("edgeapi", ["new", app, "--edgeapi-path", root], { cwd: tmp, env, timeout: 300_000 });
  const lib = join(app, "src/lib.rs");
  const source = (await readFile(lib, "utf8")).replace(
    "edgeapi::export!(app);",
    "edgeapi::export!(|| platform(app()));",
  );
  await writeFile(lib, source + "\n" + (await readFile(join(fixtures, "platform.rs"), "utf8")));
  await appendFile(join(app, "wrangler.toml"), await readFile(join(fixtures, "wrangler.toml"), "utf8"));
  await exec("edgeapi", ["build"], { cwd: app, env, timeout: 900_000, maxBuffer: 64 << 20 });
  server = await startWorkerd({
    cwd: app,
    config: join(app, "wrangler.toml"),
    args: ["--test-scheduled", "--persist-to", join(tmp, "state")],
  });
});

after(async () => {
  await server?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const call = (path, init = {}) => fetch(server.url + path, { signal: AbortSignal.timeout(30_000), ...init });

test("edgeapi build writes the object's class and hands the queue and cron handlers to workerd", async () => {
  const entry = await readFile(join(app, "build/workerd/worker.js"), "utf8");
  assert.match(entry, /export class Tally extends RustObject/);
  assert.match(entry, /queue\(event, env, ctx\) \{/);
  assert.match(entry, /scheduled\(event, env, ctx\) \{/);
});

test("the Durable Object counts per name", async () => {
  assert.equal(await (await call("/tally/a", { method: "POST" })).text(), "1");
  assert.equal(await (await call("/tally/a", { method: "POST" })).text(), "2");
  assert.equal(await (await call("/tally/b", { method: "POST" })).text(), "1");
});

test("the object's SQLite storage binds parameters, never pastes them", async () => {
  const post = (what) => call("/tally/sql/log", { method: "POST", body: what });
  // "<rows> <rows that are exactly the hostile text>"
  assert.equal(await (await post("plain")).text(), "1 0");
  assert.equal(await (await post("x' OR 1=1 --")).text(), "2 1");
});

test("a queued message reaches the consumer, and the cron trigger its handler", async () => {
  assert.equal((await call("/send", { method: "POST" })).status, 202);
  assert.equal((await call(`/__scheduled?cron=${encodeURIComponent("0 * * * *")}`)).status, 200);
  // Each handler bumped its own tally once.
  assert.equal(await (await call("/tally/cron")).text(), "1");
  const deadline = Date.now() + 15_000;
  let queued;
  do {
    await new Promise((resolve) => setTimeout(resolve, 300));
    queued = await (await call("/tally/queue")).text();
  } while (queued === "0" && Date.now() < deadline);
  assert.equal(queued, "1");
});

test("the WebSocket route reads its request, accepts, sends and closes; a plain GET is 426", async () => {
  assert.equal(typeof WebSocket, "function", "run with node --experimental-websocket");
  const socket = new WebSocket(server.url.replace(/^http/, "ws") + "/ws/edge");
  const events = [];
  await new Promise((resolve, reject) => {
    socket.addEventListener("message", (event) => events.push(event.data));
    socket.addEventListener("close", (event) => resolve(events.push(`closed ${event.code} ${event.reason}`)));
    socket.addEventListener("error", () => reject(new Error("cannot connect")));
  });
  // The handler read the upgrade request's path parameter and the worker's env.
  assert.deepEqual(events, ["HELLO EDGE true", "closed 1000 bye"]);
  assert.equal((await call("/ws/edge")).status, 426);
});
