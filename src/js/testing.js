// An in-memory Workers KV namespace for tests (edgeapi::testing::MemoryKv): the same calls
// and answers as the KV binding of local workerd, checked against it by
// tests/e2e/memory-kv.test.js. Keys sort by their UTF-8 bytes; a list's cursor is its last
// key; entries expire by the namespace's own clock, which a test can move forward.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const MAX_KEY_BYTES = 512;
const MAX_METADATA_BYTES = 1024;
const MAX_VALUE_BYTES = 25 * 1024 * 1024;
const MIN_TTL_SECONDS = 60;
const MAX_LIST_LIMIT = 1000;

function checkKey(key) {
  if (key === "") throw new TypeError("Key name cannot be empty.");
  if (key === "." || key === "..") throw new TypeError(`"${key}" is not allowed as a key name.`);
  const bytes = encoder.encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    throw new Error(`KV PUT failed: 414 UTF-8 encoded length of ${bytes} exceeds key length limit of ${MAX_KEY_BYTES}.`);
  }
}

function bytesOf(value) {
  if (typeof value === "string") return encoder.encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value.slice(0));
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  throw new TypeError("KV put() accepts only strings, ArrayBuffers, ArrayBufferViews, and ReadableStreams as values.");
}

function decode(bytes, type) {
  switch (type) {
    case "arrayBuffer":
      return bytes.slice().buffer;
    case "json":
      return JSON.parse(decoder.decode(bytes));
    case "stream":
      return new Blob([bytes]).stream();
    default:
      return decoder.decode(bytes);
  }
}

/** Compares two keys as KV orders them: by their UTF-8 bytes. */
function byBytes(a, b) {
  const [x, y] = [encoder.encode(a), encoder.encode(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}

export class MemoryKv {
  constructor() {
    this.entries = new Map();
    this.offsetMs = 0;
  }

  /** Moves this namespace's clock forward, so entries expire without waiting. */
  advance(ms) {
    this.offsetMs += ms;
  }

  nowSeconds() {
    return (Date.now() + this.offsetMs) / 1000;
  }

  live(key) {
    const entry = this.entries.get(key);
    if (entry?.expiration !== undefined && entry.expiration <= this.nowSeconds()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  async get(key, options) {
    checkKey(key);
    const type = typeof options === "string" ? options : options?.type;
    const entry = this.live(key);
    return entry === undefined ? null : decode(entry.value, type);
  }

  async getWithMetadata(key, options) {
    checkKey(key);
    const type = typeof options === "string" ? options : options?.type;
    const entry = this.live(key);
    if (entry === undefined) return { value: null, metadata: null, cacheStatus: null };
    return { value: decode(entry.value, type), metadata: entry.metadata ?? null, cacheStatus: null };
  }

  async put(key, value, options = {}) {
    checkKey(key);
    const bytes = bytesOf(value);
    if (bytes.length > MAX_VALUE_BYTES) {
      throw new Error(`KV PUT failed: 413 Value length of ${bytes.length} exceeds limit of ${MAX_VALUE_BYTES}.`);
    }
    let expiration;
    if (options.expirationTtl !== undefined) {
      const ttl = Number(options.expirationTtl);
      if (!Number.isInteger(ttl) || ttl < MIN_TTL_SECONDS) {
        throw new Error(`KV PUT failed: 400 Invalid expiration_ttl of ${options.expirationTtl}. Expiration TTL must be at least ${MIN_TTL_SECONDS}.`);
      }
      expiration = Math.floor(this.nowSeconds()) + ttl;
    } else if (options.expiration !== undefined) {
      expiration = Number(options.expiration);
      if (!Number.isInteger(expiration) || expiration <= this.nowSeconds()) {
        throw new Error(`KV PUT failed: 400 Invalid expiration of ${options.expiration}. Please specify integer greater than the current number of seconds since the UNIX epoch.`);
      }
    }
    let metadata;
    if (options.metadata !== undefined) {
      const json = JSON.stringify(options.metadata);
      const size = encoder.encode(json).length;
      if (size > MAX_METADATA_BYTES) {
        throw new Error(`KV PUT failed: 413 Metadata length of ${size} exceeds limit of ${MAX_METADATA_BYTES}.`);
      }
      metadata = JSON.parse(json);
    }
    this.entries.set(key, { value: bytes, expiration, metadata });
  }

  async delete(key) {
    checkKey(key);
    this.entries.delete(key);
  }

  async list(options = {}) {
    const prefix = options.prefix ?? "";
    const limit = options.limit ?? MAX_LIST_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
      throw new Error(`KV GET failed: 400 Invalid key_count_limit of ${limit}. Please specify an integer less than ${MAX_LIST_LIMIT}.`);
    }
    const after = options.cursor ? decoder.decode(Uint8Array.from(atob(options.cursor), (c) => c.charCodeAt(0))) : undefined;
    const names = [...this.entries.keys()]
      .filter((name) => name.startsWith(prefix) && this.live(name) !== undefined)
      .filter((name) => after === undefined || byBytes(name, after) > 0)
      .sort(byBytes);
    const page = names.slice(0, limit);
    const keys = page.map((name) => {
      const { expiration, metadata } = this.entries.get(name);
      return {
        name,
        ...(expiration !== undefined && { expiration }),
        ...(metadata !== undefined && { metadata }),
      };
    });
    const complete = names.length <= limit;
    const last = encoder.encode(page[page.length - 1] ?? "");
    return {
      keys,
      list_complete: complete,
      ...(!complete && { cursor: btoa(String.fromCharCode(...last)) }),
      cacheStatus: null,
    };
  }
}
