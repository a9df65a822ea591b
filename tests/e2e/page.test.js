// The demo page in Debian's headless Chromium (playwright-core), served by workerd.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { root, startWorkerd } from "./workerd.js";

let server;
let browser;
before(async () => {
  server = await startWorkerd();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the demo page calls the Rust handlers and shows their answers", async () => {
  const page = await browser.newPage();
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
