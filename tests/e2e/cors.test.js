// CORS through the JS boundary: tests/apps/cors's wasm export called straight from Node with
// JS Requests (Node, unlike a page, lets a script set Origin and the preflight headers), and
// the answers read as JS Responses. The app serves the same routes under three setups of
// FastAPI's CORSMiddleware: a list of origins with credentials, `*`, and `*` with credentials.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { root } from "./workerd.js";

const pkg = join(root, "tests/apps/cors/build/node/pkg");
const { initSync, handle } = await import(join(pkg, "cors_app.js"));
initSync({ module: await readFile(join(pkg, "cors_app_bg.wasm")) });

const APP = "https://app.example";
const OTHER = "https://other.example";

/** The app's answer to `path` with `headers`, awaited when it is a Promise. */
async function call(path, { method = "GET", headers = {} } = {}) {
  const answer = handle(new Request(`http://localhost${path}`, { method, headers }));
  const response = await answer;
  return {
    promised: answer instanceof Promise,
    status: response.status,
    headers: Object.fromEntries(response.headers),
    text: await response.text(),
  };
}

/** A preflight; `requested` (the Access-Control-Request-Headers) is left out when null. */
const preflight = (path, origin, method = "POST", requested = "x-token") =>
  call(path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      ...(requested === null ? {} : { "access-control-request-headers": requested }),
    },
  });

/** The CORS part of a set of headers. */
const cors = (headers) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("access-control-") || name === "vary"));

test("listed origins with credentials: sync and async routes echo the origin", async () => {
  for (const path of ["/listed/sync", "/listed/async"]) {
    const answer = await call(path, { headers: { origin: APP } });
    assert.equal(answer.promised, path.endsWith("async"), `${path}: only the async route answers a Promise`);
    assert.equal(answer.status, 200);
    assert.deepEqual(cors(answer.headers), {
      "access-control-allow-credentials": "true",
      "access-control-allow-origin": APP,
      vary: "Origin",
    }, path);
  }
  // Another origin gets no Access-Control-Allow-Origin (the credentials header stays, as in Starlette).
  const other = await call("/listed/async", { headers: { origin: OTHER } });
  assert.deepEqual(cors(other.headers), { "access-control-allow-credentials": "true" });
  // Without an Origin, CORS stays out of it.
  assert.deepEqual(cors((await call("/listed/async")).headers), {});
});

test("a preflight on an async route is answered by the middleware, inline", async () => {
  const answer = await preflight("/listed/async", APP);
  assert.equal(answer.promised, false, "no handler ran, so no Promise");
  assert.equal(answer.status, 200);
  assert.equal(answer.text, "OK");
  assert.equal(answer.headers["content-type"], "text/plain; charset=utf-8", "one content type");
  assert.deepEqual(cors(answer.headers), {
    "access-control-allow-credentials": "true",
    "access-control-allow-headers": "x-token",
    "access-control-allow-methods": "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
    "access-control-allow-origin": APP,
    "access-control-max-age": "600",
    vary: "Origin",
  });
  const refused = await preflight("/listed/async", OTHER);
  assert.equal(refused.status, 400);
  assert.equal(refused.text, "Disallowed CORS origin");
  assert.equal(refused.headers["content-type"], "text/plain; charset=utf-8");
  assert.equal(refused.headers["access-control-allow-origin"], undefined);
});

test("`*`: any origin, no Vary; a request with cookies gets its origin echoed", async () => {
  const plain = await call("/any/async", { headers: { origin: OTHER } });
  assert.equal(plain.status, 200);
  assert.deepEqual(cors(plain.headers), { "access-control-allow-origin": "*" });
  const withCookie = await call("/any/async", { headers: { origin: OTHER, cookie: "session=1" } });
  assert.deepEqual(cors(withCookie.headers), { "access-control-allow-origin": OTHER, vary: "Origin" });
  const answer = await preflight("/any/async", OTHER, "GET", null);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers["access-control-allow-origin"], "*");
  assert.equal(answer.headers.vary, undefined);
});

test("`*` with credentials: the preflight names the origin, never `*`", async () => {
  const answer = await preflight("/any-credentials/async", OTHER);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers["access-control-allow-origin"], OTHER);
  assert.equal(answer.headers["access-control-allow-credentials"], "true");
  assert.equal(answer.headers.vary, "Origin");
  const simple = await call("/any-credentials/async", { headers: { origin: OTHER } });
  assert.equal(simple.headers["access-control-allow-origin"], "*");
  assert.equal(simple.headers["access-control-allow-credentials"], "true");
});

test("error answers carry the CORS headers too: 404, 405, 422 and an async HttpError", async () => {
  const cases = [
    ["GET", "/listed/nowhere", 404, '{"detail":"Not Found"}'],
    ["DELETE", "/listed/sync", 405, '{"detail":"Method Not Allowed"}'],
    ["GET", "/listed/items/seven", 422, null],
    ["GET", "/listed/missing", 404, '{"detail":"Item not found"}'],
  ];
  for (const [method, path, status, body] of cases) {
    const answer = await call(path, { method, headers: { origin: APP } });
    assert.equal(answer.status, status, `${method} ${path}`);
    if (body) assert.equal(answer.text, body);
    assert.equal(answer.headers["access-control-allow-origin"], APP, `${method} ${path}`);
    assert.equal(answer.headers.vary, "Origin", `${method} ${path}`);
  }
});

// A panic aborts the instance with the middleware in it: its 500 comes from the recovery
// code, without CORS headers, as FastAPI's 500 for an unhandled exception (which its
// ServerErrorMiddleware answers outside CORSMiddleware). In its own process: the abort
// surfaces on the event loop, which this file's test runner would count as a failure.
test("panic answers: a 500 without CORS headers, as FastAPI's, and the next call has them", async () => {
  const script = join(root, "tests/e2e/fixtures/cors-panic.mjs");
  const { stdout } = await promisify(execFile)(process.execPath, [script, root], { timeout: 30_000 });
  const { sync, async: later, next } = JSON.parse(stdout);
  assert.equal(sync, "RuntimeError", "a sync panic throws out of the call; the host answers 500");
  assert.equal(later.status, 500);
  assert.equal(later.body, '{"detail":"Internal Server Error"}');
  assert.equal(later.allowOrigin, null);
  assert.deepEqual(next, { status: 200, allowOrigin: APP });
});
