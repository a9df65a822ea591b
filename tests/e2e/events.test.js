// Queues and cron on workerd: `POST /jobs` sends to the `JOBS` queue, the app's own consumer
// (`App::queue`) does the job, `GET /jobs/{id}` follows it; a failing first delivery is
// retried, a panicking consumer gets its batch again, a message of the wrong shape goes to
// the dead-letter log once. The cron trigger (`App::scheduled`) fires through wrangler's
// `--test-scheduled` endpoint. State lives in a directory of the test's own.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { useWorkerd } from "./workerd.js";

const state = await mkdtemp(join(tmpdir(), "edgeapi-events-"));
const server = useWorkerd({ args: ["--test-scheduled", "--persist-to", state] });
after(() => rm(state, { recursive: true, force: true }));

const call = (path, init = {}) => fetch(server.url + path, { signal: AbortSignal.timeout(30_000), ...init });
const post = (path, body) =>
  call(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Polls `GET /jobs/{id}` until it is done, for at most `ms`; the last answer. */
async function whenDone(id, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await (await call(`/jobs/${id}`)).json();
    if (job.status === "done" || Date.now() > deadline) return job;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function queue(task) {
  const response = await post("/jobs", { task });
  assert.equal(response.status, 202);
  const { id } = await response.json();
  assert.match(id, /^[0-9a-f]{16}$/);
  return id;
}

test("a job is queued, then done by the consumer on its first delivery", async () => {
  const id = await queue("resize");
  const queued = await (await call(`/jobs/${id}`)).json();
  // The consumer may already have run (batches wait at most a second).
  assert.ok(["queued", "done"].includes(queued.status), JSON.stringify(queued));
  assert.equal(queued.id, id);
  assert.deepEqual(await whenDone(id), { id, status: "done", attempts: 1 });
});

test("a job that fails its first delivery is retried and ends done after 2 attempts", async () => {
  const id = await queue("fail-once");
  assert.deepEqual(await whenDone(id), { id, status: "done", attempts: 2 });
});

test("retry_all sends the whole batch back: a job and its batch-mates end done after 2 attempts", async () => {
  // Sent together, so that they share a batch (the consumer waits a second to fill one).
  const [retry, mate] = await Promise.all([queue("retry-batch-once"), queue("batch-mate")]);
  const done = await whenDone(retry);
  assert.deepEqual(done, { id: retry, status: "done", attempts: 2 });
  const other = await whenDone(mate);
  assert.equal(other.status, "done");
  // The mate was in the retried batch unless the queue split them.
  assert.ok([1, 2].includes(other.attempts), JSON.stringify(other));
});

test("a consumer that panics gets its batch again, on a fresh instance", async () => {
  const id = await queue("panic-once");
  assert.deepEqual(await whenDone(id), { id, status: "done", attempts: 2 });
  assert.equal((await call("/hello")).status, 200);
});

test("a message of the wrong shape is logged once as a dead letter, acknowledged, not retried", async () => {
  const marker = `not-a-job-${Date.now()}`;
  assert.equal((await post("/jobs/raw", { marker })).status, 202);
  // A good job sent after it is done, so the bad one's batch has been handled.
  const id = await queue("after-the-bad-one");
  assert.equal((await whenDone(id)).status, "done");
  await new Promise((resolve) => setTimeout(resolve, 3_000)); // time for any redelivery
  const lines = server.log().split("\n").filter((line) => line.includes("dead letter"));
  assert.equal(lines.length, 1, server.log());
  assert.match(lines[0], /queue "edgeapi-reference-jobs", message \S+: missing field `id`/);
});

test("an unknown job is 404", async () => {
  const response = await call("/jobs/0000000000000000");
  assert.equal(response.status, 404);
  assert.deepEqual(await response.json(), { detail: "Job not found" });
});

test("GET /cron/last is 404 until the cron trigger fires, then what it saw", async () => {
  const before = await call("/cron/last");
  assert.equal(before.status, 404);
  assert.deepEqual(await before.json(), { detail: "The cron trigger has not fired yet" });

  const fired = await call(`/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
  assert.equal(fired.status, 200, await fired.text());
  const last = await call("/cron/last");
  assert.equal(last.status, 200);
  const run = await last.json();
  assert.equal(run.cron, "*/5 * * * *");
  assert.ok(Number.isInteger(run.scheduled_time), JSON.stringify(run));
  assert.ok(Math.abs(run.scheduled_time - Date.now()) < 60_000, JSON.stringify(run));
});
