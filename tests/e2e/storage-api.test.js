// Every storage call of edgeapi on workerd, through tests/apps/storage (served with its own
// wrangler.toml and a state directory of its own): D1's exec, batch, types and errors; R2's
// head, list, metadata and bytes; KV's TTL, metadata, bytes and JSON; named caches.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { useWorkerd } from "./workerd.js";

const state = await mkdtemp(join(tmpdir(), "edgeapi-storage-api-"));
const server = useWorkerd({ args: ["--config", "tests/apps/storage/wrangler.toml", "--persist-to", state] });
after(() => rm(state, { recursive: true, force: true }));

const call = (path, init = {}) => fetch(server.url + path, { signal: AbortSignal.timeout(60_000), ...init });
const json = async (path, init) => {
  const response = await call(path, init);
  return [response.status, response.status === 204 ? null : await response.json()];
};
/** Waits up to 5 s for a line matching `pattern` in the server's log. */
async function logged(pattern) {
  for (let i = 0; i < 50 && !pattern.test(server.log()); i++) await new Promise((r) => setTimeout(r, 100));
  assert.match(server.log(), pattern);
}
const send = (method, body) => ({ method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

test("D1: exec creates the tables; constraint failures become 409 and 422; batch is one transaction", async () => {
  assert.deepEqual(await json("/d1/setup", { method: "POST" }), [200, { statements: 4 }]);
  const [created, ada] = await json("/users", send("POST", { name: "ada", age: 36 }));
  assert.equal(created, 201);
  assert.deepEqual(ada, { id: ada.id, name: "ada", age: 36 });

  const [taken, detail] = await json("/users", send("POST", { name: "ada", age: 1 }));
  assert.deepEqual([taken, detail], [409, { detail: "Name taken" }]);
  const [negative, check] = await json("/users", send("POST", { name: "neg", age: -1 }));
  assert.equal(negative, 422);
  assert.equal(check.detail[0].type, "value_error");
  assert.match(check.detail[0].msg, /CHECK constraint failed/);
  const [nameless, notNull] = await json("/users", send("POST", { age: 3 }));
  assert.equal(nameless, 422);
  assert.match(notNull.detail[0].msg, /NOT NULL constraint failed: users\.name/);

  // A batch whose last insert fails leaves nothing behind.
  const [refused] = await json("/users/batch", send("POST", [{ name: "b1" }, { name: "b2" }, { name: "ada" }]));
  assert.equal(refused, 409);
  assert.deepEqual((await json("/users"))[1].map((u) => u.name), ["ada"]);
  const [batched, result] = await json("/users/batch", send("POST", [{ name: "b1", age: null }, { name: "b2", age: 2 }]));
  assert.equal(batched, 201);
  assert.deepEqual(result.changes, [1, 1]);
  assert.equal(result.ids.length, 2);
  assert.deepEqual((await json("/users"))[1].map((u) => [u.name, u.age]), [["ada", 36], ["b1", null], ["b2", 2]]);

  // run(): changes and the last row id.
  const [, renamed] = await json("/users/rename/-x", { method: "POST" });
  assert.equal(renamed.changes, 3);
  assert.equal(renamed.last_row_id, result.ids[1]);
});

test("D1: values of every kind bind and read back as they are", async () => {
  const [status, values] = await json("/d1/values");
  assert.equal(status, 200);
  assert.deepEqual(values, {
    text: "NUL\u0000 'quote' 🦀",
    int: -42,
    real: 1.5,
    flag: 1, // SQLite keeps booleans as 1 and 0
    missing: null,
    blob: [0, 255, 16],
    max_safe: 9007199254740991,
  });
});

test("D1: each failure has its kind and reason, and answers the documented 500", async () => {
  const expected = {
    syntax: ["query", /syntax error/],
    "no-table": ["query", /no such table: nowhere/],
    decode: ["decode", /does not fit/],
    "bind-map": ["bind", /Type 'object' not supported/],
    "bind-big": ["bind", /can't be represented|safe integer|JavaScript number/i],
    "bind-count": ["query", /Wrong number of parameter bindings/],
  };
  for (const [name, [kind, message]] of Object.entries(expected)) {
    const [status, failure] = await json(`/d1/fail/${name}`);
    assert.equal(status, 200, name);
    assert.equal(failure.kind, kind, `${name}: ${JSON.stringify(failure)}`);
    assert.match(failure.message, message, name);
    assert.deepEqual(await json(`/d1/fail/${name}?answer=true`), [500, { detail: "Internal Server Error" }], name);
  }
  await logged(/edgeapi: D1 query failed: no such table: nowhere.*\(in `SELECT \* FROM nowhere`\)/);
  for (const name of ["NOPE", "NOT_A_DB"]) {
    assert.deepEqual(await json(`/d1/binding/${name}`), [500, { detail: "Internal Server Error" }], name);
  }
  await logged(/no D1 database is bound as `NOPE`/);
  await logged(/`NOT_A_DB` is bound, but not to a D1 database/);
});

test("R2: put with metadata, head, bytes with ranges, list pages with a cursor, delete", async () => {
  const [status, stored] = await json("/r2/docs%2Fa.bin", { method: "PUT", body: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]) });
  assert.equal(status, 200);
  assert.equal(stored.key, "docs/a.bin");
  assert.equal(stored.size, 10);
  assert.equal(stored.http_etag, `"${stored.etag}"`);
  assert.ok(Math.abs(stored.uploaded_ms - Date.now()) < 60_000, String(stored.uploaded_ms));
  assert.deepEqual(stored.http_metadata, { contentType: "application/x-test", cacheControl: "max-age=5", contentDisposition: "attachment" });
  assert.deepEqual(stored.custom_metadata, { note: "ünïcode ✓", owner: "ada" });

  const [, head] = await json("/r2-head/docs%2Fa.bin");
  assert.deepEqual(head, stored);
  assert.equal((await call("/r2-head/missing")).status, 404);

  const whole = await call("/r2-bytes/docs%2Fa.bin");
  assert.deepEqual([...new Uint8Array(await whole.arrayBuffer())], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(whole.headers.get("x-range"), "None");
  const part = await call("/r2-bytes/docs%2Fa.bin", { headers: { range: "bytes=2-4" } });
  assert.deepEqual([...new Uint8Array(await part.arrayBuffer())], [2, 3, 4]);
  assert.equal(part.headers.get("x-range"), "Some((2, 3))");
  const suffix = await call("/r2-bytes/docs%2Fa.bin", { headers: { range: "bytes=-3" } });
  assert.deepEqual([...new Uint8Array(await suffix.arrayBuffer())], [7, 8, 9]);
  const unmodified = await call("/r2-bytes/docs%2Fa.bin", { headers: { "if-none-match": stored.http_etag } });
  assert.equal(unmodified.status, 304);

  const [, text] = await json("/r2-text/docs%2Fb.txt", { method: "PUT", body: "héllo" });
  assert.equal(text.size, 6);
  assert.deepEqual(text.custom_metadata, {});
  for (const key of ["docs/c", "docs/sub/d", "other"]) await json(`/r2-text/${encodeURIComponent(key)}`, { method: "PUT", body: key });

  // Two at a time through the docs/ prefix, following the cursor.
  const seen = [];
  let cursor = null;
  for (let page = 0; page < 10; page++) {
    const query = `/r2?prefix=docs/&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const [, listed] = await json(query);
    seen.push(...listed.objects.map((o) => o.key));
    if (!listed.truncated) break;
    assert.ok(listed.cursor, "a truncated page has a cursor");
    cursor = listed.cursor;
  }
  assert.deepEqual(seen, ["docs/a.bin", "docs/b.txt", "docs/c", "docs/sub/d"]);
  const [, folders] = await json("/r2?prefix=docs/&delimiter=/");
  assert.deepEqual(folders.prefixes, ["docs/sub/"]);
  assert.deepEqual(folders.objects.map((o) => o.key), ["docs/a.bin", "docs/b.txt", "docs/c"]);
  const [, withMeta] = await json("/r2?prefix=docs/a&metadata=true");
  assert.deepEqual(withMeta.objects[0].custom_metadata, stored.custom_metadata);
  // Limits R2 refuses are brought within 1..=1000 instead of failing.
  for (const limit of [0, 5000]) assert.equal((await call(`/r2?limit=${limit}`)).status, 200, String(limit));
  assert.equal((await call("/r2?cursor=not-a-cursor")).status, 200);

  assert.equal((await call("/r2/docs%2Fa.bin", { method: "DELETE" })).status, 204);
  assert.equal((await call("/r2-head/docs%2Fa.bin")).status, 404);
  assert.equal((await call("/r2/never-there", { method: "DELETE" })).status, 204);
  // A key R2 refuses (over 1024 bytes) is the documented 500, with R2's reason logged.
  assert.equal((await call(`/r2-head/${"k".repeat(1100)}`)).status, 500);
  await logged(/edgeapi: R2 failed: .*not valid/);
});

test("KV: TTL, expiry and metadata on put; text, bytes, metadata and JSON reads; list with metadata", async () => {
  assert.equal((await call("/kv/a?ttl=120&tag=red", { method: "PUT", body: "héllo" })).status, 204);
  const [, read] = await json("/kv/a");
  assert.deepEqual(read, { text: "héllo", bytes: [...new TextEncoder().encode("héllo")], metadata: { tag: "red", n: 7 } });
  const at = Math.floor(Date.now() / 1000) + 3600;
  assert.equal((await call(`/kv/b?expiration=${at}`, { method: "PUT", body: new Uint8Array([0, 255]) })).status, 204);
  assert.deepEqual((await json("/kv/b"))[1].bytes, [0, 255]);
  assert.equal((await json("/kv/b"))[1].metadata, null);
  assert.deepEqual(await json("/kv/missing"), [200, { text: null, bytes: null, metadata: null }]);

  const [, listed] = await json("/kv");
  assert.deepEqual(listed.keys.map((k) => k.name), ["a", "b"]);
  assert.deepEqual(listed.keys[0].metadata, { tag: "red", n: 7 });
  assert.ok(Math.abs(listed.keys[0].expiration - (Date.now() / 1000 + 120)) < 60, JSON.stringify(listed.keys[0]));
  assert.equal(listed.keys[1].expiration, at);
  assert.equal(listed.complete, true);
  const [, first] = await json("/kv?limit=1");
  assert.equal(first.keys.length, 1);
  assert.equal(first.complete, false);
  const [, rest] = await json(`/kv?limit=1&cursor=${encodeURIComponent(first.cursor)}`);
  assert.deepEqual(rest.keys.map((k) => k.name), ["b"]);

  const user = { id: 1, name: "ada 🦀", age: null };
  assert.equal((await call("/kv-json/u", send("PUT", user))).status, 204);
  assert.deepEqual(await json("/kv-json/u"), [200, user]);
  assert.deepEqual(await json("/kv-json/none"), [200, null]);
  // A stored value of another shape, and a TTL under KV's minimum, are the documented 500.
  assert.equal((await call("/kv-json/n", send("PUT", { id: "x" }))).status, 204);
  assert.deepEqual(await json("/kv-json/n"), [500, { detail: "Internal Server Error" }]);
  assert.deepEqual(await json("/kv/short?ttl=10", { method: "PUT", body: "x" }), [500, { detail: "Internal Server Error" }]);
  await logged(/edgeapi: KV failed: .*60/);
});

test("Cache API: put, match, delete on the default cache and on named ones", async () => {
  for (const query of ["", "?name=pages", "?name=other"]) {
    const [status, round] = await json(`/cache${query}`);
    assert.equal(status, 200, query);
    assert.deepEqual(round, {
      available: true,
      stored: "stored body",
      stored_header: "yes",
      deleted: true,
      after_delete: false,
      deleted_again: false,
    }, query);
  }
});

test("bench route: both ways of decoding D1 rows give the same values (make bench times them)", async () => {
  const [status, figures] = await json("/bench/decode?rows=20&reps=2");
  assert.equal(status, 200);
  assert.equal(figures.rows, 20);
  assert.equal(figures.same_values, true);
  for (const pair of [figures.js_to_rust_ns_per_row, figures.rust_to_js_ns_per_row]) {
    // workerd's clock moves in whole milliseconds, so a short run may read 0.
    assert.ok(pair.serde_wasm_bindgen >= 0 && pair.json >= 0, JSON.stringify(figures));
  }
});
