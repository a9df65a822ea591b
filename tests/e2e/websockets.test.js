// WebSockets on workerd, with Node's WebSocket client (`node --experimental-websocket`, as
// `make test-e2e` runs it): the echo route (`App::websocket`), and rooms kept by a Durable
// Object with the hibernation API. Hostile input: non-upgrade requests answer 426; a large
// message, and frames the protocol forbids, sent over a raw TCP connection.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { connect as tcpConnect } from "node:net";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { useWorkerd } from "./workerd.js";

assert.equal(typeof WebSocket, "function", "run with node --experimental-websocket");

const state = await mkdtemp(join(tmpdir(), "edgeapi-websockets-"));
const server = useWorkerd({ args: ["--persist-to", state] });
after(() => rm(state, { recursive: true, force: true }));

const wsUrl = (path) => server.url.replace(/^http/, "ws") + path;

/** A connected socket whose messages queue up; `next()` waits for one, at most 10 s. */
async function connect(path) {
  const socket = new WebSocket(wsUrl(path));
  socket.binaryType = "arraybuffer";
  const inbox = [];
  const waiting = [];
  const deliver = (item) => (waiting.length ? waiting.shift()(item) : inbox.push(item));
  socket.addEventListener("message", (event) => deliver({ data: event.data }));
  socket.addEventListener("close", (event) => deliver({ close: event.code, reason: event.reason }));
  await new Promise((resolve, reject) => {
    socket.addEventListener("open", resolve, { once: true });
    socket.addEventListener("error", () => reject(new Error(`cannot connect to ${path}`)), { once: true });
  });
  const next = (ms = 10_000) =>
    inbox.length
      ? Promise.resolve(inbox.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("no message in time")), ms);
          waiting.push((item) => {
            clearTimeout(timer);
            resolve(item);
          });
        });
  const quiet = async (ms) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return inbox.length === 0;
  };
  return { socket, next, quiet };
}

test("the echo answers each text message unchanged, in order", async () => {
  const { socket, next } = await connect("/ws/echo");
  const texts = ["hello", "", "🦀 unicode ✓", "x".repeat(100_000), '{"json": true}'];
  for (const text of texts) socket.send(text);
  for (const text of texts) assert.equal((await next()).data, text);
  socket.close(1000);
});

test("the echo answers binary messages with the same bytes", async () => {
  const { socket, next } = await connect("/ws/echo");
  const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
  socket.send(bytes);
  const answer = await next();
  assert.ok(answer.data instanceof ArrayBuffer);
  assert.deepEqual(new Uint8Array(answer.data), bytes);
  socket.close(1000);
});

test("a close from the client is answered with the same code", async () => {
  const { socket, next } = await connect("/ws/echo");
  socket.close(4001, "done here");
  const closed = await next();
  assert.equal(closed.close, 4001);
  assert.equal(closed.reason, "done here");
});

test("a handler that panics closes its connection with 1011; the server serves on", async () => {
  const { socket, next } = await connect("/ws/panic");
  socket.send("boom");
  const closed = await next();
  assert.equal(closed.close, 1011, JSON.stringify(closed));
  assert.equal((await fetch(server.url + "/hello")).status, 200);
  await echoStillWorks();
});

test("socket routes answer 426 to a request that is not an upgrade", async () => {
  for (const path of ["/ws/echo", "/ws/rooms/lobby"]) {
    const response = await fetch(server.url + path);
    assert.equal(response.status, 426, path);
    assert.deepEqual(await response.json(), { detail: "Upgrade Required" });
  }
});

test("two rooms of three: a member's text reaches the room's other members, as {from, text}, and no one else", async () => {
  const suffix = Date.now();
  const red = [];
  const blue = [];
  for (let i = 0; i < 3; i++) red.push(await connect(`/ws/rooms/red-${suffix}`));
  for (let i = 0; i < 3; i++) blue.push(await connect(`/ws/rooms/blue-${suffix}`));

  red[0].socket.send("hi from the first");
  for (const member of [red[1], red[2]]) {
    assert.deepEqual(JSON.parse((await member.next()).data), { from: 1, text: "hi from the first" });
  }
  red[2].socket.send("and the third");
  for (const member of [red[0], red[1]]) {
    assert.deepEqual(JSON.parse((await member.next()).data), { from: 3, text: "and the third" });
  }
  blue[1].socket.send("blue only");
  for (const member of [blue[0], blue[2]]) {
    assert.deepEqual(JSON.parse((await member.next()).data), { from: 2, text: "blue only" });
  }
  // No echo to the sender, nothing across rooms.
  for (const member of [...red, ...blue]) assert.ok(await member.quiet(300));
  for (const member of [...red, ...blue]) member.socket.close(1000);
});

/** The echo still answers on a new connection. */
async function echoStillWorks() {
  const { socket, next } = await connect("/ws/echo");
  socket.send("still here");
  assert.equal((await next()).data, "still here");
  socket.close(1000);
}

test("a 2 MiB message comes back whole: edgeapi sets no size limit of its own", async () => {
  // The host's own limit on a message applies (on Cloudflare, the platform's documented one).
  const { socket, next } = await connect("/ws/echo");
  const big = "y".repeat(2 * 1024 * 1024 - 1) + "z";
  socket.send(big);
  const answer = await next(20_000);
  assert.equal(answer.data.length, big.length);
  assert.ok(answer.data === big);
  socket.close(1000);
  await echoStillWorks();
});

/** Opens a raw TCP connection and completes the upgrade by hand; resolves the socket and
 *  everything the server sends afterwards, as it arrives. */
async function rawUpgrade(path) {
  const { hostname, port } = new URL(server.url);
  const socket = tcpConnect({ host: hostname, port: Number(port) });
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const key = randomBytes(16).toString("base64");
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let received = Buffer.alloc(0);
  socket.on("data", (chunk) => (received = Buffer.concat([received, chunk])));
  const ended = new Promise((resolve) => socket.once("close", resolve));
  const deadline = Date.now() + 10_000;
  while (!received.includes("\r\n\r\n") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const head = received.subarray(0, received.indexOf("\r\n\r\n")).toString();
  assert.match(head, /^HTTP\/1\.1 101/);
  received = received.subarray(received.indexOf("\r\n\r\n") + 4);
  return { socket, ended, received: () => received };
}

/** A client frame: FIN, `opcode`, masked `payload`. */
function frame(opcode, payload, { fin = true } = {}) {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload).map((byte, i) => byte ^ mask[i % 4]);
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode, 0x80 | masked.length]), mask, masked]);
}

// Frames the WebSocket protocol forbids: the host closes the connection, or (wrangler dev's
// lenient stack) reads them its own way; the app only ever sees well-formed messages, and the
// server keeps serving.
const TEXT_X = Buffer.from([0x81, 0x01, 0x78]);
for (const [what, bytes, expect] of [
  ["a reserved opcode", () => frame(0x3, "x"), "closed"],
  ["a continuation with nothing to continue", () => frame(0x0, "x"), "closed"],
  ["a text frame that is not UTF-8", () => frame(0x1, Buffer.from([0xff, 0xfe, 0xfd])), "\ufffd\ufffd\ufffd"],
  ["an unmasked frame", () => TEXT_X, "x"],
]) {
  test(`${what}: the connection is closed or the app gets a well-formed message; the server serves on`, async () => {
    const raw = await rawUpgrade("/ws/echo");
    raw.socket.write(bytes());
    if (expect === "closed") {
      const closed = await Promise.race([
        raw.ended.then(() => true),
        new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
      ]);
      assert.ok(closed, `the server kept the connection open after ${what}`);
      assert.ok(!raw.received().includes(TEXT_X), "the bad frame was echoed");
    } else {
      const echo = Buffer.from(expect);
      const wanted = Buffer.concat([Buffer.from([0x81, echo.length]), echo]);
      const deadline = Date.now() + 10_000;
      while (!raw.received().equals(wanted) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.deepEqual(raw.received(), wanted);
    }
    raw.socket.destroy();
    await echoStillWorks();
  });
}
