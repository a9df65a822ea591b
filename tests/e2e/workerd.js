// Starts the reference app on local workerd (through `wrangler dev`) on free loopback ports,
// and stops it again. Each test file gets its own server.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { after, before } from "node:test";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { firstOk, modulesOf, serve, writeConfig } from "../../bench/workerd.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** The reference app's build for one host, written by `make build` (the edgeapi CLI). */
export const built = (host) => join(root, "examples/reference/build", host);

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts `wrangler dev` and resolves once it answers, or rejects after `timeoutMs`.
 *  `vars` become `--var NAME:value` bindings; `config` is another wrangler.toml (the
 *  reference app's by default), `ready` a path that answers 200 once it serves, and `args`
 *  more arguments for wrangler dev (`["--persist-to", dir]` for local D1, R2, KV and cache
 *  state of the test's own); `cwd` is where wrangler runs (the repository by default; an app's
 *  own folder, for its build command). */
export async function startWorkerd({ timeoutMs = 120_000, vars = {}, config, ready = "/hello", args = [], cwd = root } = {}) {
  const port = await freePort();
  const inspectorPort = await freePort();
  const child = spawn(
    "npx",
    [
      "wrangler", "dev",
      "--ip", "127.0.0.1",
      "--port", String(port),
      "--inspector-port", String(inspectorPort),
      "--show-interactive-dev-session=false",
      "--log-level", "warn",
      ...(config ? ["--config", config] : []),
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
      ...args,
    ],
    {
      cwd,
      detached: true, // its own process group, so stop() ends workerd too
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return; // already gone
    }
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
    }, 5_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  let exitCode;
  exited.then((code) => (exitCode = code ?? "signal"));
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      const response = await fetch(`${url}${ready}`);
      if (response.ok) return { url, inspectorPort, stop, log: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`workerd did not start (exit ${exitCode ?? "timeout"}):\n${log}`);
}

/** Starts a server with `start(options)` for the calling test file, stopped after its
 *  tests; read `.url`. */
function useServer(start, options) {
  const server = { url: undefined, log: () => "" };
  let running;
  before(async () => {
    running = await start(options);
    Object.assign(server, running);
  });
  after(async () => running?.stop());
  return server;
}

/** `startWorkerd` (wrangler dev) for the calling test file; read `.url`. */
export const useWorkerd = (options) => useServer(startWorkerd, options);

/** Serves a built worker folder (the reference app's by default) with `workerd serve` alone,
 *  on a free loopback port, without bindings: the runtime as a deploy runs the worker, with
 *  no dev proxy in front. Tests of answers given before a request's body is read to its end
 *  use it: wrangler dev's proxy sometimes loses such an answer when the worker stops reading
 *  (its fetch to the worker fails while it still sends the body) and answers its own 503
 *  "Your worker restarted mid-request", for a plain JS worker as for edgeapi. */
export async function serveWorker({ dir = built("workerd"), entry = "worker.js", ready = "/hello", timeoutMs = 60_000 } = {}) {
  const modules = modulesOf(dir, entry).filter((m) => !m.name.startsWith("public/"));
  const compatibilityDate = /^compatibility_date = "([^"]+)"/m.exec(readFileSync(join(root, "wrangler.toml"), "utf8"))[1];
  const port = await freePort();
  const configDir = mkdtempSync(join(tmpdir(), "edgeapi-workerd-"));
  const config = writeConfig(configDir, "worker.capnp", [{ name: "app", port, modules }], compatibilityDate);
  const server = serve(join(root, "node_modules/.bin/workerd"), config);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    rmSync(configDir, { recursive: true, force: true });
  };
  try {
    await firstOk(url + ready, { timeoutMs, exited: server.exited });
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n${server.log()}`);
  }
  return { url, stop, log: server.log };
}

/** `serveWorker` (workerd serve alone) for the calling test file; read `.url`. */
export const useWorker = (options) => useServer(serveWorker, options);
