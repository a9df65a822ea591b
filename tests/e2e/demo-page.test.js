// The demo page in Debian's headless Chromium (playwright-core), served by workerd: the
// Service Worker answers with the wasm app, then the switch sends the same calls to
// workerd. Overlap is read from the handlers' own start and end times, not wall time.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { useChromium } from "./browser.js";
import { root, useWorkerd } from "./workerd.js";

const server = useWorkerd();
const chromium = useChromium();

/** Clicks a demo and returns the bars of the run it drew. */
async function runDemo(page, kind) {
  const before = await page.locator(`.run[data-kind="${kind}"]`).count();
  await page.click(`button[data-demo="${kind}"]`);
  await page.waitForFunction(
    ([kind, before]) => document.querySelectorAll(`.run[data-kind="${kind}"]`).length > before,
    [kind, before],
    { timeout: 60_000 },
  );
  return page.locator(`.run[data-kind="${kind}"]`).first().evaluate((run) => ({
    servedBy: run.dataset.servedBy,
    title: run.querySelector("h3").textContent,
    bars: [...run.querySelectorAll(".bar")].map((bar) => [Number(bar.dataset.start), Number(bar.dataset.end)]),
  }));
}

/** The most bars that share one moment. */
function mostAtOnce(bars) {
  return Math.max(...bars.map(([start]) => bars.filter(([s, e]) => s <= start && start < e).length));
}

/** True when no bar starts before the one before it ended. */
function oneAfterAnother(bars) {
  const sorted = [...bars].sort((a, b) => a[0] - b[0]);
  return sorted.every(([start], i) => i === 0 || start >= sorted[i - 1][1]);
}

test("the demo runs in the Service Worker and on workerd: waits overlap, sync work queues", async () => {
  const page = await chromium.browser.newPage({ viewport: { width: 1000, height: 900 } });
  const logs = [];
  page.on("console", (message) => logs.push(message.text()));
  await page.goto(server.url + "/");
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  assert.match(await page.textContent("#status"), /Service Worker ready; pool of \d+ workers/, logs.join("\n"));
  const workers = Number((await page.textContent("#status")).match(/pool of (\d+)/)[1]);
  assert.equal(await page.evaluate(() => Boolean(navigator.serviceWorker.controller)), true);

  await page.fill("#count", "4");
  await page.fill("#ms", "300");
  await page.fill("#n", "20");

  // In the browser: the Service Worker's wasm answers.
  const wait = await runDemo(page, "wait");
  assert.equal(wait.servedBy, "service worker", wait.title);
  assert.equal(wait.bars.length, 4);
  assert.equal(mostAtOnce(wait.bars), 4, JSON.stringify(wait.bars));

  const cpu = await runDemo(page, "cpu");
  assert.equal(cpu.servedBy, "service worker");
  assert.equal(cpu.bars.length, 4);
  assert.ok(oneAfterAnother(cpu.bars), JSON.stringify(cpu.bars));

  const pool = await runDemo(page, "pool");
  assert.equal(pool.servedBy, "service worker");
  assert.equal(pool.bars.length, 4);
  // Real parallelism: up to one task per worker at the same moment, never more.
  assert.ok(mostAtOnce(pool.bars) <= workers, JSON.stringify(pool.bars));
  if (workers >= 2) assert.ok(mostAtOnce(pool.bars) >= 2, JSON.stringify(pool.bars));
  console.log(`browser: ${wait.title}\nbrowser: ${cpu.title}\nbrowser: ${pool.title} (${workers} workers, ` +
    `at most ${mostAtOnce(pool.bars)} at once)`);

  // The same calls, answered by workerd.
  await page.check('input[name="via"][value="server"]');
  const serverWait = await runDemo(page, "wait");
  assert.equal(serverWait.servedBy, "workerd");
  assert.equal(mostAtOnce(serverWait.bars), 4, JSON.stringify(serverWait.bars));
  const serverCpu = await runDemo(page, "cpu");
  assert.equal(serverCpu.servedBy, "workerd");
  assert.ok(oneAfterAnother(serverCpu.bars), JSON.stringify(serverCpu.bars));
  console.log(`workerd: ${serverWait.title}\nworkerd: ${serverCpu.title}`);

  const dir = join(root, "test-results");
  await mkdir(dir, { recursive: true });
  await page.locator("main").screenshot({ path: join(dir, "demo-timeline.png") });
});
