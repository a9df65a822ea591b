// Storage at the edge on workerd: notes in D1, files in R2, a slow route answered from the
// Cache API. The server keeps its D1, R2 and cache state in a directory of its own, where
// the migrations are applied first with wrangler's own `d1 migrations apply --local`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { built, root, useWorkerd } from "./workerd.js";

const state = await mkdtemp(join(tmpdir(), "edgeapi-storage-"));
before(async () => {
  await promisify(execFile)(
    "npx",
    ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state],
    { cwd: root, env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "true" }, timeout: 120_000 },
  );
});
const server = useWorkerd({ vars: { EDGEAPI_TEST_ROUTES: "1" }, args: ["--persist-to", state] });
after(() => rm(state, { recursive: true, force: true }));

/** fetch with a deadline, so no case can hang the suite. */
const call = (path, init = {}) => fetch(server.url + path, { signal: AbortSignal.timeout(60_000), ...init });
const postNote = (note) =>
  call("/notes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(note) });

/** Text no SQL may see as code, and characters that often get lost on the way. */
const HOSTILE_TEXT = [
  "Robert'); DROP TABLE notes;--",
  `it's "quoted" and \`ticked\``,
  "1; DELETE FROM notes WHERE 1=1",
  "100% _wild_ [cards] \\ back\\slash",
  "🦀 emoji, ZWJ 👩‍💻, flags 🇨🇭",
  "NUL in the middle: a\u0000b, and at the end\u0000",
  "line\nbreak\r\nand\ttab",
  "e\u0301 combining; RTL \u202Eevil",
  "",
];

test("POST /notes stores any text verbatim; GET /notes/{id} reads it back", async () => {
  for (const text of HOSTILE_TEXT) {
    const created = await postNote({ title: text, body: `body of ${text}` });
    assert.equal(created.status, 201, text);
    const note = await created.json();
    assert.equal(typeof note.id, "number");
    assert.deepEqual(note, { id: note.id, title: text, body: `body of ${text}` });
    const read = await call(`/notes/${note.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), note, JSON.stringify(text));
  }
  // The table is still there and whole after every attempt at SQL.
  const all = await (await call("/notes?limit=100")).json();
  assert.ok(all.notes.length >= HOSTILE_TEXT.length);
  for (const text of HOSTILE_TEXT) assert.ok(all.notes.some((n) => n.title === text), JSON.stringify(text));
});

test("GET /notes pages newest first; DELETE answers 204, then 404", async () => {
  const ids = [];
  for (const title of ["first", "second", "third"]) ids.push((await (await postNote({ title, body: "." })).json()).id);
  const page = await (await call("/notes?limit=2")).json();
  assert.deepEqual(page.notes.map((n) => n.title), ["third", "second"]);
  const next = await (await call("/notes?limit=2&offset=1")).json();
  assert.deepEqual(next.notes.map((n) => n.title), ["second", "first"]);
  assert.deepEqual(await (await call("/notes?offset=1000000000000")).json(), { notes: [] });
  const defaulted = await (await call("/notes")).json();
  assert.ok(defaulted.notes.length <= 20 && defaulted.notes[0].title === "third");

  const deleted = await call(`/notes/${ids[1]}`, { method: "DELETE" });
  assert.equal(deleted.status, 204);
  assert.equal(await deleted.text(), "");
  for (const method of ["GET", "DELETE"]) {
    const gone = await call(`/notes/${ids[1]}`, { method });
    assert.equal(gone.status, 404, method);
    assert.deepEqual(await gone.json(), { detail: "Note not found" });
  }
  // A deleted note's id is never reused.
  const newer = await (await postNote({ title: "fourth", body: "." })).json();
  assert.ok(newer.id > ids[2]);
});

test("bad ids, limits, offsets and bodies answer 422 or 404, never a 5xx", async () => {
  const cases = [
    ["/notes/abc", 422, "int_parsing"],
    ["/notes/1.5", 422, "int_parsing"],
    ["/notes/99999999999999999999", 422, "less_than_equal"],
    ["/notes/9007199254740993", 422, "less_than_equal"],
    ["/notes/-1", 404],
    ["/notes/0", 404],
    ["/notes/9007199254740991", 404],
    ["/notes?limit=0", 422, "greater_than_equal"],
    ["/notes?limit=101", 422, "less_than_equal"],
    ["/notes?limit=-1", 422, "greater_than_equal"],
    ["/notes?limit=abc", 422, "int_parsing"],
    ["/notes?offset=-1", 422, "greater_than_equal"],
    ["/notes?offset=9007199254740992", 422, "less_than_equal"],
    ["/notes?offset=99999999999999999999999", 422, "less_than_equal"],
    ["/notes?offset=9007199254740991", 200],
  ];
  for (const [path, status, type] of cases) {
    const response = await call(path);
    assert.equal(response.status, status, path);
    const body = await response.json();
    if (type) assert.equal(body.detail[0].type, type, `${path}: ${JSON.stringify(body)}`);
  }
  for (const [body, type] of [
    [{ title: "no body" }, "missing"],
    [{ title: 1, body: "x" }, "string_type"],
    [{ title: null, body: "x" }, "string_type"],
  ]) {
    const response = await postNote(body);
    assert.equal(response.status, 422, JSON.stringify(body));
    assert.equal((await response.json()).detail[0].type, type);
  }
  const notJson = await call("/notes", { method: "POST", headers: { "content-type": "application/json" }, body: "{" });
  assert.equal(notJson.status, 422);
  for (const method of ["DELETE"]) {
    const response = await call("/notes/abc", { method });
    assert.equal(response.status, 422, method);
  }
});

test("PUT /files/{key} stores the body with its type; GET answers it with ETag, 304 and 206", async () => {
  const text = "0123456789abcdefghij, and the rest of the file";
  const put = await call("/files/greeting.txt", { method: "PUT", headers: { "content-type": "text/plain; charset=utf-8" }, body: text });
  assert.equal(put.status, 201);
  const stored = await put.json();
  assert.deepEqual(Object.keys(stored).sort(), ["etag", "key", "size"]);
  assert.equal(stored.key, "greeting.txt");
  assert.equal(stored.size, text.length);
  assert.match(stored.etag, /^"[0-9a-f]+"$/);

  const got = await call("/files/greeting.txt");
  assert.equal(got.status, 200);
  assert.equal(got.headers.get("content-type"), "text/plain; charset=utf-8");
  assert.equal(got.headers.get("etag"), stored.etag);
  assert.equal(await got.text(), text);

  const unchanged = await call("/files/greeting.txt", { headers: { "if-none-match": stored.etag } });
  assert.equal(unchanged.status, 304);
  assert.equal(unchanged.headers.get("etag"), stored.etag);
  assert.equal(await unchanged.text(), "");
  const changed = await call("/files/greeting.txt", { headers: { "if-none-match": '"another"' } });
  assert.equal(changed.status, 200);
  assert.equal(await changed.text(), text);

  const part = await call("/files/greeting.txt", { headers: { range: "bytes=0-9" } });
  assert.equal(part.status, 206);
  assert.equal(part.headers.get("content-range"), `bytes 0-9/${text.length}`);
  assert.equal(await part.text(), "0123456789");
  const tail = await call("/files/greeting.txt", { headers: { range: "bytes=-4" } });
  assert.equal(tail.status, 206);
  assert.equal(tail.headers.get("content-range"), `bytes ${text.length - 4}-${text.length - 1}/${text.length}`);
  assert.equal(await tail.text(), "file");
  const from = await call("/files/greeting.txt", { headers: { range: "bytes=40-" } });
  assert.equal(from.status, 206);
  assert.equal(await from.text(), text.slice(40));

  // Past the end: 416 with the size; several ranges or a malformed one: the whole file.
  const past = await call("/files/greeting.txt", { headers: { range: "bytes=1000-" } });
  assert.equal(past.status, 416);
  assert.equal(past.headers.get("content-range"), `bytes */${text.length}`);
  assert.deepEqual(await past.json(), { detail: "Range Not Satisfiable" });
  const huge = await call("/files/greeting.txt", { headers: { range: "bytes=99999999999999999-" } });
  assert.equal(huge.status, 416);
  for (const ignored of ["bytes=0-1,5-6", "bytes=abc", "pages=1-2", "bytes=9-0", "bytes=99999999999999999999999-"]) {
    const whole = await call("/files/greeting.txt", { headers: { range: ignored } });
    assert.equal(whole.status, 200, ignored);
    assert.equal(await whole.text(), text, ignored);
  }
  const mismatch = await call("/files/greeting.txt", { headers: { "if-match": '"another"' } });
  assert.equal(mismatch.status, 412);
  assert.deepEqual(await mismatch.json(), { detail: "Precondition Failed" });
  const matched = await call("/files/greeting.txt", { headers: { "if-match": stored.etag } });
  assert.equal(matched.status, 200);
  await matched.arrayBuffer();
});

test("files: listing by prefix, odd keys, no content type, DELETE, unknown keys", async () => {
  const keys = ["docs-a.bin", "docs-b.bin", "other.bin", "with space ü 🦀.bin", "quote'\"<>.bin"];
  for (const key of keys) {
    const put = await call(`/files/${encodeURIComponent(key)}`, { method: "PUT", body: new Uint8Array([1, 2, 3]) });
    assert.equal(put.status, 201, key);
    assert.equal((await put.json()).key, key);
  }
  const listed = await (await call("/files?prefix=docs-")).json();
  assert.deepEqual(listed, { files: [{ key: "docs-a.bin", size: 3 }, { key: "docs-b.bin", size: 3 }] });
  const everything = await (await call("/files")).json();
  for (const key of keys) assert.ok(everything.files.some((f) => f.key === key), key);
  assert.deepEqual(await (await call("/files?prefix=nothing-here")).json(), { files: [] });

  const raw = await call(`/files/${encodeURIComponent("with space ü 🦀.bin")}`);
  assert.equal(raw.headers.get("content-type"), "application/octet-stream");
  assert.deepEqual([...new Uint8Array(await raw.arrayBuffer())], [1, 2, 3]);

  const deleted = await call("/files/other.bin", { method: "DELETE" });
  assert.equal(deleted.status, 204);
  const gone = await call("/files/other.bin");
  assert.equal(gone.status, 404);
  assert.deepEqual(await gone.json(), { detail: "File not found" });
  const never = await call("/files/never-stored", { headers: { range: "bytes=0-9", "if-none-match": '"x"' } });
  assert.equal(never.status, 404);

  const long = "k".repeat(1025);
  for (const method of ["PUT", "GET", "DELETE"]) {
    const response = await call(`/files/${long}`, { method, body: method === "PUT" ? "x" : undefined });
    assert.equal(response.status, 422, method);
    assert.equal((await response.json()).detail[0].type, "string_too_long");
  }
  // A body of unknown length (chunked) is refused before anything is stored.
  const chunks = new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } });
  const chunked = await call("/files/chunked", { method: "PUT", body: chunks, duplex: "half" });
  assert.equal(chunked.status, 411);
  assert.deepEqual(await chunked.json(), { detail: "Length Required" });
  assert.equal((await call("/files/chunked")).status, 404);
  const empty = await call("/files/empty", { method: "PUT" });
  assert.equal(empty.status, 201);
  assert.equal((await empty.json()).size, 0);
  assert.equal(await (await call("/files/empty")).text(), "");
});

test("a 50 MB upload streams to R2: the wasm memory grows by at most 2 MB", async () => {
  const memory = async () => (await (await call("/debug/memory")).json()).wasm_memory_bytes;
  const size = 50 * 1024 * 1024;
  const body = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) body[i] = (i / 4096) & 0xff;
  const digest = createHash("sha256").update(body).digest("hex");

  const before = await memory();
  const started = performance.now();
  const put = await call("/files/big.bin", { method: "PUT", headers: { "content-type": "application/octet-stream" }, body });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(put.status, 201);
  assert.equal((await put.json()).size, size);
  const grown = (await memory()) - before;
  console.log(`50 MB upload in ${seconds.toFixed(1)} s: wasm memory ${before} -> ${before + grown} bytes (+${grown})`);
  assert.ok(grown <= 2 * 1024 * 1024, `wasm memory grew by ${grown} bytes`);

  const got = await call("/files/big.bin");
  assert.equal(got.status, 200);
  const back = new Uint8Array(await got.arrayBuffer());
  assert.equal(back.length, size);
  assert.equal(createHash("sha256").update(back).digest("hex"), digest);
  assert.ok((await memory()) - before <= 2 * 1024 * 1024, "the download went through wasm memory");
});

test("GET /square/{n} waits once, then answers from the Cache API (x-edgeapi-cache: hit)", async () => {
  const n = 1000 + Math.floor(Math.random() * 1_000_000); // a key no earlier run cached
  const timed = async (path) => {
    const started = performance.now();
    const response = await call(path);
    const text = await response.text();
    return { response, text, ms: performance.now() - started };
  };
  const first = await timed(`/square/${n}`);
  assert.equal(first.response.status, 200);
  assert.deepEqual(JSON.parse(first.text), { n, square: n * n });
  assert.equal(first.response.headers.get("cache-control"), "public, max-age=60");
  assert.equal(first.response.headers.get("x-edgeapi-cache"), "miss");
  assert.ok(first.ms >= 300, `the first answer took ${first.ms} ms`);

  const second = await timed(`/square/${n}`);
  assert.equal(second.response.status, 200);
  assert.equal(second.response.headers.get("x-edgeapi-cache"), "hit");
  assert.equal(second.text, first.text);
  assert.equal(second.response.headers.get("cache-control"), "public, max-age=60");
  assert.ok(second.ms < 300, `the cached answer took ${second.ms} ms`);
  console.log(`/square/${n}: miss in ${first.ms.toFixed(0)} ms, hit in ${second.ms.toFixed(1)} ms`);

  // Another n, another key; exact beyond 2^53; bad input answers 422 and is not cached.
  const big = await timed("/square/3037000500");
  assert.equal(big.text, '{"n":3037000500,"square":9223372037000250000}');
  for (let i = 0; i < 2; i++) {
    const bad = await call("/square/abc");
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get("x-edgeapi-cache"), "miss");
    assert.equal((await bad.json()).detail[0].type, "int_parsing");
  }
  const head = await call(`/square/${n}`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get("x-edgeapi-cache"), "hit");
  assert.equal((await head.arrayBuffer()).byteLength, 0);
});

test("without D1 and R2 bindings (Node), storage routes answer a logged 500", async () => {
  const pkg = join(built("node"), "pkg");
  const app = await import(join(pkg, "reference.js"));
  app.initSync({ module: await readFile(join(pkg, "reference_bg.wasm")) });
  const logged = [];
  const original = console.error;
  console.error = (line) => logged.push(String(line));
  try {
    const answer = async (path, env, init) => {
      const response = await app.handle(new Request(`http://localhost${path}`, init), env, {});
      return [response.status, await response.json()];
    };
    const internal = [500, { detail: "Internal Server Error" }];
    assert.deepEqual(await answer("/notes/1", {}), internal);
    assert.ok(logged.some((line) => line.includes("no D1 database is bound as `DB`")), logged.join("\n"));
    assert.deepEqual(await answer("/files/a", {}), internal);
    assert.ok(logged.some((line) => line.includes("no R2 bucket is bound as `FILES`")), logged.join("\n"));
    assert.deepEqual(await answer("/notes", { DB: { get() {} } }, { method: "POST", headers: { "content-type": "application/json" }, body: '{"title":"a","body":"b"}' }), internal);
    assert.ok(logged.some((line) => line.includes("`DB` is bound, but not to a D1 database")), logged.join("\n"));
    // Validation still comes first: bad input is a 422 on any host.
    assert.equal((await answer("/notes/abc", {}))[0], 422);
    // Node has no Cache API: the cached route runs its handler, unmarked.
    const square = await app.handle(new Request("http://localhost/square/3"), {}, {});
    assert.deepEqual(await square.json(), { n: 3, square: 9 });
    assert.equal(square.headers.get("x-edgeapi-cache"), null);
  } finally {
    console.error = original;
  }
});
