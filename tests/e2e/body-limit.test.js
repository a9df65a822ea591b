// Bodies over the limit against the reference app on `workerd serve` itself: every one is a
// 413 `{"detail":"Payload Too Large"}` (or, when the client is still sending, a reset after
// it), the rest of the body is not read, and the next request is served. These tests use
// the runtime without wrangler dev's proxy in front: that proxy loses an answer given before
// the body is read to its end about one time in four, for a plain JS worker as for edgeapi,
// and answers its own 503 "Your worker restarted mid-request" (see workerd.js, serveWorker).
import assert from "node:assert/strict";
import { request } from "node:http";
import { test } from "node:test";
import { useWorker } from "./workerd.js";

const server = useWorker();
const tooLarge = JSON.stringify({ detail: "Payload Too Large" });

/** A fetch whose outcome is { status, text } or, when the connection ended first, { error }. */
const outcome = (path, init) =>
  fetch(server.url + path, { ...init, signal: AbortSignal.timeout(60_000) }).then(
    async (response) => ({ status: response.status, text: await response.text().catch(() => "") }),
    (error) => ({ error: String(error.cause?.code ?? error.message) }),
  );

/** A body stream of `chunks` (Uint8Arrays, taken in turn), sent chunked. */
const streamed = (chunks) => ({
  body: new ReadableStream({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  }),
  duplex: "half",
});

async function nextIsServed() {
  const next = await fetch(server.url + "/hello", { signal: AbortSignal.timeout(15_000) });
  assert.equal(next.status, 200, "the next request is served normally");
  await next.text();
}

const json = { "content-type": "application/json" };
const big = new TextEncoder().encode(JSON.stringify({ name: "x".repeat(1024 * 1024), price: 1 }));

test("a JSON body over 1 MiB with Content-Length is 413 before it is read", async () => {
  assert.deepEqual(await outcome("/items/", { method: "POST", headers: json, body: big }), { status: 413, text: tooLarge });
  await nextIsServed();
});

test("a chunked JSON body over 1 MiB is 413 at the limit", async () => {
  const chunks = [big.slice(0, 10), big.slice(10)];
  assert.deepEqual(await outcome("/items/", { method: "POST", headers: json, ...streamed(chunks) }), { status: 413, text: tooLarge });
  // In 64 KiB chunks, as a client streaming an upload sends it.
  const small = Array.from({ length: Math.ceil(big.length / 65536) }, (_, i) => big.slice(i * 65536, (i + 1) * 65536));
  assert.deepEqual(await outcome("/items/", { method: "POST", headers: json, ...streamed(small) }), { status: 413, text: tooLarge });
  await nextIsServed();
});

test("a 64 MiB chunked body is refused at the limit, not read to its end", async () => {
  // Node's http client writes as fast as the server reads. workerd answers 413 once the app
  // stops reading and closes the connection on the unread rest, so the client sees the
  // answer, or a reset, long before it could send 64 MiB.
  const { port } = new URL(server.url);
  const offered = 64 * 2 ** 20;
  const result = await new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (what) => {
      if (done) return;
      done = true;
      req.destroy();
      resolve({ ...what, sent });
    };
    const req = request({
      host: "127.0.0.1", port, method: "POST", path: "/items/", headers: json, timeout: 30_000,
    });
    req.on("response", (res) => finish({ status: res.statusCode }));
    req.on("error", (error) => finish({ error: error.code }));
    req.on("timeout", () => finish({ error: "timeout" }));
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = () => {
      while (!done && sent < offered) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!done) req.end();
    };
    pump();
  });
  console.log(`64 MiB offered: ${JSON.stringify(result)} (bytes written when it ended)`);
  assert.ok(result.status === 413 || ["ECONNRESET", "EPIPE"].includes(result.error), JSON.stringify(result));
  assert.ok(result.sent < offered / 4, `${result.sent} bytes were taken before the refusal`);
  await nextIsServed();
});

// /uploads takes files of up to 32 MiB in bodies of up to 64 MiB: a 100 MB part is refused
// with 413 once 32 MiB of it are read. The server stops reading a body it refused, so the
// client may see the 413 with its body cut short, or only its upload cut off; either way
// the next request is served.
test("a multipart file part of 100 MB is refused, and the next request is served", async () => {
  const boundary = "limitBoundary";
  const size = 100 * 1024 * 1024;
  const head = new TextEncoder().encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.bin"\r\n\r\n`,
  );
  const chunk = new Uint8Array(65536).fill(0x61);
  let sent = -1;
  const body = new ReadableStream({
    pull(controller) {
      if (sent === -1) controller.enqueue(head);
      else if (sent < size) controller.enqueue(chunk.slice());
      else {
        controller.enqueue(new TextEncoder().encode(`\r\n--${boundary}--\r\n`));
        return controller.close();
      }
      sent = sent === -1 ? 0 : sent + chunk.length;
    },
  });
  const result = await outcome("/uploads", {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  });
  console.log(`100 MB part: ${JSON.stringify(result).slice(0, 200)} after ${sent} bytes offered`);
  assert.ok(
    (result.status === 413 && (result.text === "" || result.text === tooLarge)) ||
      ["terminated", "ECONNRESET", "EPIPE", "UND_ERR_SOCKET"].includes(result.error),
    JSON.stringify(result),
  );
  assert.ok(sent < size, "the whole 100 MB was taken");
  await nextIsServed();
});
