// One conformance suite, every host: the reference app's behaviour as the edgeapi CLI built
// it (`make build`), on workerd (wrangler dev), Node, Deno and Bun (the generated server
// entries) and in the browser (the generated Service Worker, in headless Chromium). Where a
// host lacks a platform piece (KV), the app answers the documented 500, and the suite says so.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startBrowser, startServer } from "./hosts.js";
import { built, startWorkerd } from "./workerd.js";

const vars = { EDGEAPI_TEST_ROUTES: "1", GREETING: "from the host's variables" };

// What each host has beyond the app itself.
const hosts = {
  workerd: { kv: true, start: () => startWorkerd({ vars }) },
  node: { kv: false, start: () => startServer("node", built("node"), { vars }) },
  deno: { kv: false, start: () => startServer("deno", built("deno"), { vars }) },
  bun: { kv: false, start: () => startServer("bun", built("bun"), { vars }) },
  // The Service Worker hands the app's 404s on to the network (the page and its files live
  // there), so a 404 comes from the server behind it.
  browser: { kv: false, notFoundFromNetwork: true, start: () => startBrowser(`${built("browser")}/public`, { vars }) },
};


// The calls below run as they are in Node (for the HTTP hosts) and inside the page (for the
// browser, through its Service Worker): plain functions of plain arguments.

async function call({ base, path, method = "GET", headers = {}, body, bytes }) {
  const init = { method, headers, signal: AbortSignal.timeout(30_000) };
  if (bytes !== undefined) init.body = new Uint8Array(bytes).fill(120);
  else if (body !== undefined) init.body = body;
  const response = await fetch(base + path, init);
  const text = await response.text();
  return { status: response.status, headers: Object.fromEntries(response.headers), text };
}

async function many({ base, path, count }) {
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      fetch(`${base}${path}&number=${i}`, { signal: AbortSignal.timeout(60_000) })
        .then(async (response) => ({ status: response.status, body: await response.json() })),
    ),
  );
  return { wallMs: performance.now() - started, answers };
}

async function chunks({ base, path }) {
  const started = performance.now();
  const response = await fetch(base + path, { signal: AbortSignal.timeout(30_000) });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const received = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received.push({ ms: performance.now() - started, text: decoder.decode(value) });
  }
  return { status: response.status, type: response.headers.get("content-type"), received };
}

for (const [name, host] of Object.entries(hosts)) {
  describe(`on ${name}`, () => {
    let running;
    // In the page, `base` is "" (same origin, through the Service Worker).
    const run = (fn, args) =>
      running.page ? running.page.evaluate(fn, { base: "", ...args }) : fn({ base: running.url, ...args });
    const get = (path, init = {}) => run(call, { path, ...init });
    const json = async (path, init) => {
      const answer = await get(path, init);
      return { ...answer, body: JSON.parse(answer.text) };
    };

    before(async () => {
      running = await host.start();
    });
    after(async () => {
      const code = await running?.stop();
      // The server entries stop cleanly on SIGTERM: requests and background work first.
      if (["node", "deno", "bun"].includes(name)) assert.equal(code, 0, `${name} exit on SIGTERM\n${running.log()}`);
    });

    test("routes: sync, async, path and query, a JSON body, a variable", async () => {
      const hello = await json("/hello");
      assert.equal(hello.status, 200);
      assert.equal(hello.headers["content-type"], "application/json");
      assert.deepEqual(hello.body, { message: "Hello World" });
      assert.deepEqual((await json("/burgers?number=3&ms=50")).body, { burgers: 3, waited_ms: 50 });
      assert.deepEqual((await json("/items/5?q=a%20b")).body, { item_id: 5, q: "a b" });
      const item = { name: "Foo", price: 35.4 };
      const created = await json("/items/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(item),
      });
      assert.equal(created.status, 200);
      assert.deepEqual(created.body, { name: "Foo", description: null, price: 35.4, tax: null });
      assert.deepEqual((await json("/greeting")).body, { greeting: vars.GREETING });
    });

    test("404 and 405 in FastAPI's shape", async () => {
      const missing = await get("/no/such/route");
      assert.equal(missing.status, 404);
      if (host.notFoundFromNetwork) {
        assert.equal(missing.headers["x-served-by"], "static-server", "the app's 404 went on to the network");
        console.log(`${name}: the app's 404 is handed on to the network, as the Service Worker documents`);
      } else {
        assert.deepEqual(JSON.parse(missing.text), { detail: "Not Found" });
      }
      const wrong = await json("/hello", { method: "POST", body: "{}" });
      assert.equal(wrong.status, 405);
      assert.equal(wrong.headers.allow, "GET, HEAD");
      assert.deepEqual(wrong.body, { detail: "Method Not Allowed" });
    });

    test("422 bodies list every bad field", async () => {
      const path = await json("/items/foo");
      assert.equal(path.status, 422);
      assert.deepEqual(path.body, {
        detail: [{
          type: "int_parsing",
          loc: ["path", "item_id"],
          msg: "Input should be a valid integer, unable to parse string as an integer",
          input: "foo",
        }],
      });
      const body = await json("/items/", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ price: "free" }),
      });
      assert.equal(body.status, 422);
      assert.deepEqual(body.body.detail.map((d) => [d.type, d.loc.join(".")]), [
        ["missing", "body.name"],
        ["float_parsing", "body.price"],
      ]);
    });

    test("HEAD answers the GET route's status and headers, without a body", async () => {
      const head = await get("/hello", { method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.headers["content-type"], "application/json");
      assert.equal(head.text, "");
    });

    test("200 concurrent waits of 200 ms overlap", async () => {
      const { wallMs, answers } = await run(many, { path: "/burgers?ms=200", count: 200 });
      console.log(`${name}: 200 x 200 ms waits in ${wallMs.toFixed(0)} ms (40 s in sequence)`);
      answers.forEach((answer, i) => assert.deepEqual(answer, { status: 200, body: { burgers: i, waited_ms: 200 } }));
      assert.ok(wallMs < 10_000, `${wallMs} ms`);
    });

    test("a streamed response arrives as it is produced", async () => {
      const { status, type, received } = await run(chunks, { path: "/stream" });
      assert.equal(status, 200);
      assert.match(type, /^text\/event-stream/);
      const text = received.map((chunk) => chunk.text).join("");
      assert.deepEqual([...text.matchAll(/"tick":(\d)/g)].map((m) => Number(m[1])), [1, 2, 3, 4, 5]);
      // Five ticks 100 ms apart: the first is read well before the last is sent.
      const first = received.find((chunk) => chunk.text.includes('"tick":1')).ms;
      const last = received.at(-1).ms;
      assert.ok(last - first >= 250, `first tick at ${first} ms, last chunk at ${last} ms`);
    });

    test("a panic answers 500, and the next requests are served", async () => {
      const internalError = JSON.stringify({ detail: "Internal Server Error" });
      const sync = await get("/panic");
      assert.deepEqual([sync.status, sync.text], [500, internalError]);
      assert.equal((await get("/hello")).status, 200);
      const later = await get("/panic/later?ms=10");
      assert.deepEqual([later.status, later.text], [500, internalError]);
      assert.equal((await get("/burgers?ms=10")).status, 200);
      assert.equal((await get("/hello")).status, 200);
    });

    test("a 10 MB body is refused with 413 before it is read, and the host goes on", async () => {
      for (const [method, path] of [["PUT", "/kv/big"], ["POST", "/items/"]]) {
        const big = await json(path, { method, headers: { "content-type": "application/json" }, bytes: 10 * 1024 * 1024 });
        assert.equal(big.status, 413, `${method} ${path}`);
        assert.deepEqual(big.body, { detail: "Payload Too Large" });
      }
      assert.equal((await get("/hello")).status, 200);
    });

    test(`KV: ${host.kv ? "stored and read back" : "not on this host: the documented 500"}`, async () => {
      const put = await get("/kv/conformance", { method: "PUT", body: "stored" });
      if (host.kv) {
        assert.deepEqual(JSON.parse(put.text), { key: "conformance", value: "stored" });
        assert.deepEqual((await json("/kv/conformance")).body, { key: "conformance", value: "stored" });
        return;
      }
      console.log(`${name}: no KV namespace here; /kv answers the documented 500`);
      assert.deepEqual([put.status, put.text], [500, JSON.stringify({ detail: "Internal Server Error" })]);
      if (!running.page) {
        // The server's log names the missing binding (its stderr may lag the answer a little).
        const deadline = Date.now() + 2_000;
        while (!/no KV namespace is bound as `ITEMS`/.test(running.log()) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.match(running.log(), /no KV namespace is bound as `ITEMS`/);
      }
      assert.equal((await get("/hello")).status, 200);
    });
  });
}
