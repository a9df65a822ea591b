// Every status, header and redirect a handler can produce is answered, or refused with a
// logged 500, and never breaks the worker: each shape is sent many times, then a healthy
// request must still be served. (A JS exception thrown through wasm frames used to leak
// the instance's stack, so after about 1,000 answers with a null-body status every route
// answered 500.)
import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd({ vars: { EDGEAPI_TEST_ROUTES: "1" } });
const internalError = JSON.stringify({ detail: "Internal Server Error" });
const NULL_BODY = new Set([204, 205, 304]);

// Raw HTTP/1.1 (node:http's strict parser), not fetch: fetch has quirks of its own for
// some statuses (407) and would hide how the bytes on the wire look.
const agent = new Agent({ keepAlive: true, maxSockets: 50 });

function answer(query) {
  const url = `${server.url}/debug/answer?${new URLSearchParams(query)}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body }));
      response.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within 10 s: ${url}`)));
    req.on("error", reject);
    req.end();
  });
}

/** Sends `count` requests, `inFlight` at a time, and checks each answer with `check`. */
async function many(count, query, check, inFlight = 50) {
  for (let sent = 0; sent < count; sent += inFlight) {
    const batch = Math.min(inFlight, count - sent);
    const answers = await Promise.all(Array.from({ length: batch }, () => answer(query)));
    answers.forEach(check);
  }
}

async function assertHealthy() {
  const hello = await fetch(`${server.url}/hello`);
  assert.equal(hello.status, 200);
  assert.deepEqual(await hello.json(), { message: "Hello World" });
  const item = await fetch(`${server.url}/items/5?q=x`);
  assert.deepEqual(await item.json(), { item_id: 5, q: "x" });
}

test("every status from 100 to 999, as an error and as a plain answer", async () => {
  const shapes = [];
  for (let status = 100; status <= 999; status += 1) {
    shapes.push({ status, error: true }, { status, error: false });
  }
  for (let start = 0; start < shapes.length; start += 50) {
    const batch = shapes.slice(start, start + 50);
    const answers = await Promise.all(batch.map(answer));
    batch.forEach(({ status, error }, i) => {
      const got = answers[i];
      const shape = `${status} ${error ? "error" : "plain"}`;
      if (NULL_BODY.has(status)) {
        assert.deepEqual([got.status, got.body], [status, ""], shape);
      } else if (status >= 200 && status <= 599) {
        const expected = error ? '{"detail":"chosen by the caller"}' : "chosen by the caller";
        assert.deepEqual([got.status, got.body], [status, expected], shape);
      } else {
        assert.deepEqual([got.status, got.body], [500, internalError], shape);
      }
    });
  }
  await assertHealthy();
});

test("2,000 answers with a null-body status leave the worker healthy", async () => {
  const check = (status) => (got) => assert.deepEqual([got.status, got.body], [status, ""]);
  await many(2000, { status: 204, error: true }, check(204));
  await assertHealthy();
  for (const status of NULL_BODY) {
    await many(300, { status, error: false }, check(status));
  }
  await assertHealthy();
});

test("header names and values the host refuses answer 500, 300 times each", async () => {
  const refused = [
    ["bad name", "1"],
    ["x-caf\u00e9", "1"],
    ["", "1"],
    ["x-nul", "a\u0000b"],
    ["x-control", "a\u0001b"],
    ["x-delete", "a\u007fb"],
  ];
  for (const [header, value] of refused) {
    await many(300, { status: 200, header, value }, (got) => {
      assert.deepEqual([got.status, got.body], [500, internalError], `${header}: ${value}`);
    });
    await assertHealthy();
  }
  const accepted = [
    ["x-plain", "ok", "ok"],
    ["x-split", "a\r\nx-injected: 1", "a  x-injected: 1"],
    ["x-tab", "a\tb", "a\tb"],
  ];
  for (const [header, value, sent] of accepted) {
    const got = await answer({ status: 200, header, value });
    assert.equal(got.status, 200);
    assert.equal(got.headers[header], sent);
    assert.equal(got.headers["x-injected"], undefined);
  }
});

test("redirect locations are percent-encoded as Starlette encodes them", async () => {
  const locations = [
    ["/items/", "/items/"],
    ["/caf\u00e9 menu?q=\u{1F354}", "/caf%C3%A9%20menu?q=%F0%9F%8D%94"],
    ["https://ex\u00e4mple.com/\u00e4?q=\u00fc#f", "https://ex%C3%A4mple.com/%C3%A4?q=%C3%BC#f"],
    ["/a\r\nset-cookie: x=1", "/a%0D%0Aset-cookie:%20x=1"],
  ];
  for (const [location, sent] of locations) {
    await many(100, { status: 307, location }, (got) => {
      assert.equal(got.status, 307, location);
      assert.equal(got.headers.location, sent);
      assert.equal(got.headers["set-cookie"], undefined);
    });
  }
  await assertHealthy();
});
