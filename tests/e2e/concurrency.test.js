// Concurrency without threads: 200 requests that each wait 200 ms on a JS timer, all in
// flight at once against one workerd isolate. In sequence they would take 40 s.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const REQUESTS = 200;
const WAIT_MS = 200;

const server = useWorkerd();

test(`${REQUESTS} concurrent /burgers?ms=${WAIT_MS} all answer 200`, async () => {
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, (_, i) =>
      fetch(`${server.url}/burgers?number=${i}&ms=${WAIT_MS}`, { signal: AbortSignal.timeout(60_000) })
        .then(async (response) => ({ status: response.status, body: await response.json() })),
    ),
  );
  const wallMs = performance.now() - started;
  console.log(
    `${REQUESTS} x ${WAIT_MS} ms waits took ${wallMs.toFixed(0)} ms wall ` +
      `(${(REQUESTS * WAIT_MS) / 1000} s in sequence)`,
  );
  assert.equal(responses.filter((r) => r.status === 200).length, REQUESTS);
  responses.forEach((r, i) => assert.deepEqual(r.body, { burgers: i, waited_ms: WAIT_MS }));
});
