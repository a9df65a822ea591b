// edgeapi::testing::MemoryKv against the KV namespace of local workerd (wrangler's
// getPlatformProxy): the same calls in the same order must give the same answers and the
// same errors, so tests that use the in-memory namespace see the platform's semantics.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { MemoryKv } from "../../src/js/testing.js";
import { root } from "./workerd.js";

let proxy;
before(async () => {
  proxy = await getPlatformProxy({ configPath: join(root, "wrangler.toml"), persist: false });
});
after(async () => proxy?.dispose());

/** Runs `script` on a namespace and records every answer or error message, in order. */
async function record(kv, script) {
  const answers = [];
  for (const step of script) {
    try {
      answers.push(normalize(await step(kv)));
    } catch (error) {
      answers.push({ error: error.message });
    }
  }
  return answers;
}

// Expiration times depend on the moment of the call: kept as "set" when within 5 s of now
// plus the TTL the script asked for.
const now = () => Math.floor(Date.now() / 1000);
function normalize(value) {
  if (value instanceof ArrayBuffer) return { bytes: [...new Uint8Array(value)] };
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(normalize);
  const out = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = key === "expiration" ? Math.abs(field - (now() + 3600)) < 5 : normalize(field);
  }
  return out;
}

async function same(script) {
  const memory = await record(new MemoryKv(), script);
  const workerd = await record(proxy.env.ITEMS, script);
  assert.deepEqual(memory, workerd);
  return memory;
}

const unique = (name) => `${name}-${Math.random().toString(36).slice(2)}`;

test("values, metadata and deletes", async () => {
  const key = unique("k");
  const answers = await same([
    (kv) => kv.get(key),
    (kv) => kv.put(key, "caf\u00e9", { metadata: { n: 1, tags: ["a"] } }),
    (kv) => kv.get(key),
    (kv) => kv.get(key, "arrayBuffer"),
    (kv) => kv.get(key, { type: "text" }),
    (kv) => kv.getWithMetadata(key),
    (kv) => kv.getWithMetadata(`${key}-missing`),
    (kv) => kv.put(key, new Uint8Array([0, 255, 7])),
    (kv) => kv.get(key, "arrayBuffer"),
    (kv) => kv.put(key, '{"a":[1,2]}'),
    (kv) => kv.get(key, "json"),
    (kv) => kv.delete(key),
    (kv) => kv.get(key),
  ]);
  assert.equal(answers[2], "caf\u00e9");
});

test("lists: byte order, prefixes, pages and cursors, expiration and metadata", async () => {
  const prefix = unique("list");
  const names = ["b", "a", "\u00e9", "z", "\ufb00", "\u{1F600}", "a/b", "A"];
  const answers = await same([
    ...names.map((name, i) => (kv) => kv.put(`${prefix}/${name}`, String(i), i === 1 ? { metadata: { first: true } } : {})),
    (kv) => kv.put(`${prefix}/ttl`, "x", { expirationTtl: 3600 }),
    (kv) => kv.list({ prefix }),
    (kv) => kv.list({ prefix: `${prefix}/a` }),
    async (kv) => {
      const pages = [];
      let cursor;
      do {
        const page = await kv.list({ prefix, limit: 3, cursor });
        pages.push(page);
        cursor = page.cursor;
      } while (!pages[pages.length - 1].list_complete);
      return pages;
    },
    (kv) => kv.list({ prefix: unique("nothing") }),
  ]);
  const listed = answers[names.length + 1].keys.map((key) => key.name.slice(prefix.length + 1));
  assert.deepEqual(listed, ["A", "a", "a/b", "b", "ttl", "z", "\u00e9", "\ufb00", "\u{1F600}"]);
});

test("what the platform refuses", async () => {
  const key = unique("bad");
  const answers = await same([
    (kv) => kv.put(key, "v", { expirationTtl: 30 }),
    (kv) => kv.put(key, "v", { expiration: 5 }),
    (kv) => kv.put("", "v"),
    (kv) => kv.get(".."),
    (kv) => kv.put("k".repeat(513), "v"),
    (kv) => kv.put(key, "v", { metadata: "m".repeat(2000) }),
    (kv) => kv.list({ limit: 1001 }),
    (kv) => kv.get(key),
  ]);
  assert.ok(answers.slice(0, 7).every((answer) => typeof answer?.error === "string"), JSON.stringify(answers));
});

test("entries expire by the namespace's clock", async () => {
  const kv = new MemoryKv();
  await kv.put("soon", "v", { expirationTtl: 60 });
  await kv.put("later", "v", { expirationTtl: 120 });
  kv.advance(61_000);
  assert.equal(await kv.get("soon"), null);
  assert.equal(await kv.get("later"), "v");
  assert.deepEqual((await kv.list()).keys.map((key) => key.name), ["later"]);
});
