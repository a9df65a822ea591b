// FastAPI's tutorial answered as FastAPI answers it: the tutorial app (examples/tutorial) on
// workerd gets the requests of tests/parity/requests.mjs, and each answer (status, the
// headers that matter, the body byte for byte) must be FastAPI 0.165's, recorded in
// tests/parity/fastapi.json by scripts/parity-record.sh. No Python is needed here.
//
// The only differences allowed are the points kept on purpose, which the README's FastAPI
// table lists: HEAD on every GET route (and in `Allow`), integers bounded by their Rust
// type, a catch-all path parameter of at least one character, non-finite floats refused.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { describe, send } from "../parity/client.mjs";
import { requests } from "../parity/requests.mjs";
import { useWorkerd } from "./workerd.js";

const fixture = JSON.parse(readFileSync(new URL("../parity/fastapi.json", import.meta.url), "utf8"));
const server = useWorkerd({ config: "tests/parity/wrangler.toml", ready: "/" });

/** FastAPI's `Allow` with HEAD wherever GET is, as edgeapi lists it (kept on purpose). */
function withHead(allow) {
  if (allow === null) return null;
  const methods = allow.split(", ");
  if (methods.includes("GET") && !methods.includes("HEAD")) methods.push("HEAD");
  return methods.sort().join(", ");
}

test("the fixture holds an answer for every request", () => {
  assert.equal(fixture.answers.length, requests.length, "run scripts/parity-record.sh");
  assert.match(fixture.recordedWith, /^FastAPI 0\.165\./);
});

test("every answer is FastAPI's, but for the points kept on purpose", async () => {
  const differences = [];
  let kept = 0;
  for (const [index, request] of requests.entries()) {
    const fastapi = fixture.answers[index];
    const answer = await send(server.url, request);
    if (request.kept) {
      // edgeapi's own answer, which FastAPI's is not.
      kept += 1;
      if (answer.status !== request.kept.status || fastapi.status === request.kept.status) {
        differences.push({ request: describe(request), kept: request.kept, fastapi, edgeapi: answer });
      }
      continue;
    }
    const expected = { ...fastapi, headers: { ...fastapi.headers, allow: withHead(fastapi.headers.allow) } };
    try {
      assert.deepEqual(answer, expected);
    } catch {
      differences.push({ request: describe(request), fastapi: expected, edgeapi: answer });
    }
  }
  assert.deepEqual(differences, [], `${differences.length} of ${requests.length} answers differ from FastAPI's`);
  assert.equal(kept, requests.filter((request) => request.kept).length);
});
