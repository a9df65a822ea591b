// WebSockets on workerd, with Node's WebSocket client (`node --experimental-websocket`, as
// `make test-e2e` runs it): the echo route (`App::websocket`), and rooms kept by a Durable
// Object with the hibernation API. Non-upgrade requests answer 426.
import assert from "node:assert/strict";
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
