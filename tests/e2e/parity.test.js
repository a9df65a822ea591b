// FastAPI's tutorial answered as FastAPI answers it: the tutorial app (examples/tutorial) on
// workerd gets the requests of tests/parity/requests.mjs, and each answer (status, the
// headers that matter, the body byte for byte) must be FastAPI 0.165's, recorded in
// tests/parity/fastapi.json by scripts/parity-record.sh. No Python is needed here.
//
// The only differences allowed are the points kept on purpose, which the README's FastAPI
// table lists (HEAD on every GET route and in `Allow`, integers bounded by their Rust type,
// a catch-all path parameter of at least one character, non-finite floats refused), and
// what the host allows: it joins a repeated header's lines, so one line holding a comma
// reads as two (the README says so too).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { describe, send } from "../parity/client.mjs";
import { requests } from "../parity/requests.mjs";
import { useWorkerd } from "./workerd.js";

const fixture = JSON.parse(readFileSync(new URL("../parity/fastapi.json", import.meta.url), "utf8"));
const server = useWorkerd({ config: "tests/parity/wrangler.toml", ready: "/" });

/** Why edgeapi may answer otherwise (see `requests.mjs`). */
const WHY = new Set(["head", "integer-bounds", "catch-all", "non-finite", "host-joins-header-lines"]);

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
  const whys = new Set();
  for (const [index, request] of requests.entries()) {
    const fastapi = fixture.answers[index];
    const answer = await send(server.url, request);
    const { differs } = request;
    if (differs) {
      // edgeapi's own answer, which FastAPI's is not.
      whys.add(differs.why);
      const own = answer.status === differs.status && (differs.body === undefined || answer.body === differs.body);
      const other = fastapi.status !== answer.status || fastapi.body !== answer.body;
      if (!WHY.has(differs.why) || !own || !other) {
        differences.push({ request: describe(request), differs, fastapi, edgeapi: answer });
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
  // Each point is sent at least once, so each is checked.
  assert.deepEqual([...whys].sort(), [...WHY].sort());
});
