// The demo page in Debian's headless Chromium (playwright-core), served by workerd.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { useChromium } from "./browser.js";
import { root, useWorkerd } from "./workerd.js";

const server = useWorkerd();
const chromium = useChromium();

test("the demo page calls the Rust handlers and shows their answers", async () => {
  const page = await chromium.browser.newPage();
  await page.goto(server.url + "/");
  assert.equal(await page.title(), "edgeapi reference app");

  await page.click('button[data-path="/hello"]');
  await page.waitForSelector('#output[data-status="200"]');
  assert.match(await page.textContent("#output"), /"message":"Hello World"/);

  await page.click('button[data-path="/items/abc"]');
  await page.waitForSelector('#output[data-status="422"]');
  assert.match(await page.textContent("#output"), /int_parsing/);

  const dir = join(root, "test-results");
  await mkdir(dir, { recursive: true });
  await page.screenshot({ path: join(dir, "demo-page.png"), fullPage: true });
});
