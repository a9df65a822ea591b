// Concurrency without threads: 200 requests that each wait 200 ms on a JS timer, all in
// flight at once against one workerd isolate. In sequence they would take 40 s.
//
// Overlap is read from the handlers' own clocks (`/demo/wait` answers when it started and
// ended), not from the client's wall time: how many were waiting at the same moment does
// not depend on the machine's speed, only on whether the waits overlap at all.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const REQUESTS = 200;
const WAIT_MS = 200;

const server = useWorkerd();

/** The most intervals that hold one moment in common (an end and a start at the same
 *  millisecond do not overlap). */
function mostAtOnce(intervals) {
  const edges = intervals.flatMap(({ started_ms, ended_ms }) => [[started_ms, 1], [ended_ms, -1]]);
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let most = 0;
  for (const [, step] of edges) most = Math.max(most, (now += step));
  return most;
}

test(`${REQUESTS} concurrent waits of ${WAIT_MS} ms overlap on one isolate`, async () => {
  const started = performance.now();
  const responses = await Promise.all(
    Array.from({ length: REQUESTS }, () =>
      fetch(`${server.url}/demo/wait?ms=${WAIT_MS}`, { signal: AbortSignal.timeout(60_000) })
        .then(async (response) => ({ status: response.status, body: await response.json() })),
    ),
  );
  const wallMs = performance.now() - started;
  assert.equal(responses.filter((r) => r.status === 200).length, REQUESTS);
  const waits = responses.map((r) => r.body);
  for (const wait of waits) {
    assert.equal(wait.waited_ms, WAIT_MS);
    assert.ok(wait.ended_ms - wait.started_ms >= WAIT_MS - 1, JSON.stringify(wait)); // timers may round down 1 ms
  }
  const atOnce = mostAtOnce(waits);
  const span = Math.max(...waits.map((w) => w.ended_ms)) - Math.min(...waits.map((w) => w.started_ms));
  console.log(
    `${REQUESTS} x ${WAIT_MS} ms waits: ${atOnce} waiting at once by the handlers' clock, ` +
      `handlers busy ${span} ms, ${wallMs.toFixed(0)} ms wall (${(REQUESTS * WAIT_MS) / 1000} s in sequence)`,
  );
  // In sequence at most one would wait at a time. Half of them at once leaves room for a
  // slow client that spreads its requests over a whole wait.
  assert.ok(atOnce >= REQUESTS / 2, `only ${atOnce} of ${REQUESTS} waited at the same time`);
  // By the isolate's own clock, every wait fit in a tenth of the time they take in sequence.
  assert.ok(span < (REQUESTS * WAIT_MS) / 10, `the waits spanned ${span} ms`);
});
