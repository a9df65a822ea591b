// What each dependency costs: the code of a wasm module grouped by the crate each function
// comes from (read from the name section of a build that keeps names), raw and gzipped.
//
//   node bench/size.js build/bench/named/hello_bg.wasm
//
// A group's gzip figure compresses that group's function bodies on their own, so the groups
// add up to a little more than the whole module does; read them as shares, not exact bytes.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

/** Sections of a wasm module: [{ id, name, start, end }]. */
function sections(bytes) {
  const list = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    let name = "";
    if (id === 0) {
      const [length, from] = leb(bytes, start);
      name = new TextDecoder().decode(bytes.subarray(from, from + length));
    }
    list.push({ id, name, start, end: start + size });
    at = start + size;
  }
  return list;
}

/** How many functions the module imports (they come first in the function index space). */
function importedFunctions(bytes, section) {
  let [count, at] = leb(bytes, section.start);
  let functions = 0;
  const skipName = () => {
    const [length, from] = leb(bytes, at);
    at = from + length;
  };
  while (count-- > 0) {
    skipName();
    skipName();
    const kind = bytes[at++];
    if (kind === 0) {
      functions++;
      [, at] = leb(bytes, at);
    } else if (kind === 1) {
      at++; // reftype
      const flags = bytes[at++];
      [, at] = leb(bytes, at);
      if (flags & 1) [, at] = leb(bytes, at);
    } else if (kind === 2) {
      const flags = bytes[at++];
      [, at] = leb(bytes, at);
      if (flags & 1) [, at] = leb(bytes, at);
    } else if (kind === 3) {
      at += 2; // valtype, mutability
    } else if (kind === 4) {
      at++;
      [, at] = leb(bytes, at);
    } else throw new Error(`unknown import kind ${kind}`);
  }
  return functions;
}

/** Function names from the name section: Map(index → name). */
function functionNames(bytes, section) {
  const names = new Map();
  let [length, at] = leb(bytes, section.start);
  at += length; // "name"
  while (at < section.end) {
    const kind = bytes[at];
    const [size, start] = leb(bytes, at + 1);
    if (kind === 1) {
      let [count, p] = leb(bytes, start);
      while (count-- > 0) {
        let index;
        [index, p] = leb(bytes, p);
        const [nameLength, from] = leb(bytes, p);
        names.set(index, new TextDecoder().decode(bytes.subarray(from, from + nameLength)));
        p = from + nameLength;
      }
    }
    at = start + size;
  }
  return names;
}

/** The crate a function belongs to, from its demangled name; core::fmt on its own. */
export function crateOf(name) {
  if (!name) return "(unnamed)";
  if (/externref|__wbg|__wbindgen|wasm_bindgen|js_sys|web_sys|closure|shim/.test(name.split("::")[0]))
    return "wasm-bindgen, js-sys, web-sys";
  const first = /^[<&\s]*(?:impl\s+)?(?:dyn\s+)?([A-Za-z_][A-Za-z0-9_]*)/.exec(name)?.[1] ?? name;
  let crate = first.replace(/\[[0-9a-f]+\]$/, "");
  // Methods of primitive types are core's; generic code (`<F as edgeapi::Handler>`) goes to
  // the crate of the trait it implements; compiler builtins to core.
  if (/^(char|str|bool|[ui](8|16|32|64|128|size)|f32|f64|memcmp|memcpy|memmove|memset|__multi3)$/.test(crate)) crate = "core";
  if (/^([A-Z]|mut)$/.test(crate)) crate = / as ([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name)?.[1] ?? "core";
  if (["core", "alloc", "std"].includes(crate) && /fmt|Debug|Display|panic|escape_debug|slice_error_fail|slice_index_fail|str_index/.test(name))
    return "core::fmt and panics";
  if (crate === "__rustc" || crate === "dlmalloc" || crate === "talc") return "allocator";
  if (/^(wasm_bindgen|js_sys|web_sys|wasm_bindgen_futures)$/.test(crate)) return "wasm-bindgen, js-sys, web-sys";
  if (/^(serde|serde_core|serde_json|zmij|itoa|ryu)$/.test(crate)) return "serde, serde_json";
  if (/^(hashbrown)$/.test(crate)) return "std (HashMap)";
  if (/^(form_urlencoded|percent_encoding)$/.test(crate)) return "form_urlencoded, percent-encoding";
  return crate;
}

/** Every function's body with its name: [{ name, body }] in the module's order. */
function functionBodies(bytes) {
  const list = sections(bytes);
  const imports = list.find((s) => s.id === 2);
  const offset = imports ? importedFunctions(bytes, imports) : 0;
  const nameSection = list.find((s) => s.id === 0 && s.name === "name");
  const names = nameSection ? functionNames(bytes, nameSection) : new Map();
  const code = list.find((s) => s.id === 10);
  const functions = [];
  let [count, at] = leb(bytes, code.start);
  for (let i = 0; i < count; i++) {
    const [size, start] = leb(bytes, at);
    functions.push({ name: names.get(offset + i), body: bytes.subarray(start, start + size) });
    at = start + size;
  }
  return functions;
}

/** The `count` largest functions: [{ name, raw }] largest first. */
export function largestFunctions(path, count) {
  return functionBodies(readFileSync(path))
    .map(({ name, body }) => ({ name: name ?? "(unnamed)", raw: body.length }))
    .sort((a, b) => b.raw - a.raw)
    .slice(0, count);
}

/** Code bytes by crate: [{ crate, raw, gz }] largest first, plus data and total. */
export function sizeByCrate(path) {
  const bytes = readFileSync(path);
  const list = sections(bytes);
  const groups = new Map();
  for (const { name, body } of functionBodies(bytes)) {
    const crate = crateOf(name);
    if (!groups.has(crate)) groups.set(crate, []);
    groups.get(crate).push(body);
  }
  const rows = [...groups].map(([crate, bodies]) => {
    const all = Buffer.concat(bodies);
    return { crate, functions: bodies.length, raw: all.length, gz: gzipSync(all, { level: 9 }).length };
  });
  const data = list.find((s) => s.id === 11);
  if (data) {
    const all = bytes.subarray(data.start, data.end);
    rows.push({ crate: "data (strings, tables)", functions: 0, raw: all.length, gz: gzipSync(all, { level: 9 }).length });
  }
  rows.sort((a, b) => b.gz - a.gz);
  return rows;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const top = process.argv.indexOf("--top");
  if (top > 0) {
    const [count, path] = process.argv.slice(top + 1);
    for (const { name, raw } of largestFunctions(path, Number(count))) console.log(`${String(raw).padStart(7)}  ${name.slice(0, 160)}`);
    process.exit(0);
  }
  for (const path of process.argv.slice(2)) {
    console.log(`\n${path}`);
    console.log("| crate | functions | code bytes | gzip alone |\n|---|---:|---:|---:|");
    for (const row of sizeByCrate(path)) console.log(`| ${row.crate} | ${row.functions} | ${row.raw} | ${row.gz} |`);
  }
}
