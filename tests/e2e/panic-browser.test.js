// Panic recovery in headless Chromium: the reference app's wasm loaded into a page and
// called as a Service Worker would call it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { useChromium } from "./browser.js";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();
const chromium = useChromium();

test("in Chromium a panic throws or answers 500, and the next call is served", async () => {
  const page = await chromium.browser.newPage();
  const stray = [];
  page.on("pageerror", (error) => stray.push(String(error)));
  await page.goto(server.url + "/");
  const result = await page.evaluate(async () => {
    const { initSync, handle } = await import("/pkg/reference.js");
    initSync({ module: await (await fetch("/pkg/reference_bg.wasm")).arrayBuffer() });
    const env = { EDGEAPI_TEST_ROUTES: "1" };
    const call = (path) => handle(new Request(location.origin + path), env);
    let thrown = "nothing";
    try {
      call("/panic");
    } catch (error) {
      thrown = error.constructor.name;
    }
    const afterSync = call("/hello").status;
    const crashed = await call("/panic/later?ms=10");
    const afterAsync = await call("/burgers?ms=1");
    return {
      thrown,
      afterSync,
      crashed: [crashed.status, await crashed.text()],
      afterAsync: afterAsync.status,
    };
  });
  assert.deepEqual(result, {
    thrown: "RuntimeError",
    afterSync: 200,
    crashed: [500, '{"detail":"Internal Server Error"}'],
    afterAsync: 200,
  });
  // The async abort surfaces on the page's event loop, as the README says.
  for (const error of stray) assert.match(error, /unreachable|previous WASM instance/);
});
