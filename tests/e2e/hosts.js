// Starts an app build on the hosts the edgeapi CLI builds for, each on a free loopback port,
// and stops it again: Node, Deno and Bun through the generated server entries (the runtimes
// from npm, as new users get them), and the browser through the generated Service Worker in
// headless Chromium, with build/browser/public served by a small static server. workerd is
// workerd.js's `startWorkerd` (wrangler dev).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";
import { freePort, root } from "./workerd.js";

const bin = (name) => join(root, "node_modules/.bin", name);

/** The command that serves a server build in `dir`: the README's, with absolute paths. */
export const serveCommand = {
  node: (dir) => [process.execPath, [join(dir, "server.mjs")]],
  deno: (dir) => [bin("deno"), ["run", "-A", join(dir, "server.mjs")]],
  bun: (dir) => [bin("bun"), [join(dir, "server.mjs")]],
};

/** Starts the server entry of `host` (node, deno or bun) in `dir` with `vars` in its
 *  environment; resolves once `readyPath` answers 200. `stop()` sends SIGTERM and resolves
 *  with the exit code. */
export async function startServer(host, dir, { vars = {}, readyPath = "/hello", timeoutMs = 30_000 } = {}) {
  const port = await freePort();
  const [command, args] = serveCommand[host](dir);
  const child = spawn(command, args, {
    env: { ...process.env, ...vars, PORT: String(port), HOST: "127.0.0.1", NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (chunk) => (log += chunk));
  child.stderr.on("data", (chunk) => (log += chunk));
  let exitCode;
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve((exitCode = code ?? signal))));
  const stop = async () => {
    if (exitCode === undefined) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      if ((await fetch(url + readyPath)).ok) return { url, stop, log: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`${host} did not start (exit ${exitCode ?? "timeout"}):\n${log}`);
}

const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

/** Serves `publicDir` as static files on a free loopback port (404 for anything else), opens a
 *  page in headless Chromium and registers the build's Service Worker with `vars` as its
 *  query. Requests from `page` then reach the app in the Service Worker. */
export async function startBrowser(publicDir, { vars = {} } = {}) {
  const files = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path === "/blank.html") return res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>blank</title>");
    try {
      const body = await readFile(join(publicDir, normalize(path).replace(/^(\.\.[/\\])+/, "")));
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain", "x-served-by": "static-server" }).end("no such file");
    }
  });
  const port = await freePort();
  await new Promise((resolve) => files.listen(port, "127.0.0.1", resolve));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const url = `http://127.0.0.1:${port}`;
  const page = await browser.newPage();
  const log = [];
  page.on("console", (message) => log.push(message.text()));
  await page.goto(`${url}/blank.html`);
  await page.evaluate(async (query) => {
    const container = navigator.serviceWorker;
    await container.register(`/sw.js?${query}`, { type: "module" });
    if (!container.controller) {
      await new Promise((resolve) => container.addEventListener("controllerchange", resolve, { once: true }));
    }
  }, new URLSearchParams(vars).toString());
  const stop = async () => {
    await browser.close();
    await new Promise((resolve) => files.close(resolve));
  };
  return { url, page, stop, log: () => log.join("\n") };
}
