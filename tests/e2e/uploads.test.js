// POST /uploads on workerd: a multipart form read as it arrives, answered as FastAPI's
// UploadFile route answers; a 20 MB file streams through the wasm memory.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd({ vars: { EDGEAPI_TEST_ROUTES: "1" } });
const B = "edgeapiBoundary7MA4YWxk";
const CONTENT_TYPE = `multipart/form-data; boundary=${B}`;

const call = (path, init) => fetch(server.url + path, { ...init, signal: AbortSignal.timeout(60_000) });
const filePart = (name, filename, type) =>
  `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
const textPart = (name, value) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const post = (body, contentType = CONTENT_TYPE) =>
  call("/uploads", { method: "POST", headers: { "content-type": contentType }, body });

test("POST /uploads answers the file's name, type, size, note and SHA-256", async () => {
  const body = filePart("file", "a.txt", "text/plain") + "hello\r\n" + textPart("note", "hi") + `--${B}--\r\n`;
  const response = await post(body);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    filename: "a.txt",
    content_type: "text/plain",
    size: 5,
    note: "hi",
    sha256: createHash("sha256").update("hello").digest("hex"),
  });
});

test("POST /uploads without a file, or with text for it, answers FastAPI's 422", async () => {
  const missing = await post(textPart("note", "hi") + `--${B}--\r\n`);
  assert.equal(missing.status, 422);
  assert.deepEqual(await missing.json(), {
    detail: [{ type: "missing", loc: ["body", "file"], msg: "Field required", input: null }],
  });
  const text = await post(textPart("file", "hi") + `--${B}--\r\n`);
  assert.equal(text.status, 422);
  assert.deepEqual(await text.json(), {
    detail: [{
      type: "value_error",
      loc: ["body", "file"],
      msg: "Value error, Expected UploadFile, received: <class 'str'>",
      input: "hi",
      ctx: { error: {} },
    }],
  });
  const urlencoded = await post("note=hi", "application/x-www-form-urlencoded");
  assert.equal(urlencoded.status, 422);
  const noBoundary = await post(textPart("note", "hi"), "multipart/form-data");
  assert.equal(noBoundary.status, 400);
  assert.deepEqual(await noBoundary.json(), { detail: "Missing boundary in multipart." });
});

test("a 20 MB file streams: the wasm memory grows by less than 2 MB", async () => {
  const memory = async () => (await (await call("/debug/memory")).json()).wasm_memory_bytes;
  const size = 20 * 1024 * 1024;
  const chunk = new Uint8Array(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) & 0xff;
  const hash = createHash("sha256");
  const head = new TextEncoder().encode(filePart("file", "big.bin", "application/octet-stream"));
  const tail = new TextEncoder().encode(`\r\n${textPart("note", "big")}--${B}--\r\n`);
  let sent = -1;
  const body = new ReadableStream({
    pull(controller) {
      if (sent === -1) {
        controller.enqueue(head);
        sent = 0;
      } else if (sent < size) {
        controller.enqueue(chunk.slice());
        hash.update(chunk);
        sent += chunk.length;
      } else {
        controller.enqueue(tail);
        controller.close();
      }
    },
  });

  const before = await memory();
  const started = performance.now();
  const response = await call("/uploads", {
    method: "POST",
    headers: { "content-type": CONTENT_TYPE },
    body,
    duplex: "half",
  });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(response.status, 200);
  const answer = await response.json();
  assert.deepEqual(answer, {
    filename: "big.bin",
    content_type: "application/octet-stream",
    size,
    note: "big",
    sha256: hash.digest("hex"),
  });
  const grown = (await memory()) - before;
  console.log(`20 MB multipart upload in ${seconds.toFixed(1)} s: wasm memory ${before} -> ${before + grown} bytes (+${grown})`);
  assert.ok(grown < 2 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);
});
