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

// As on workerd: calls waiting on timers when another call panics all answer 500 at once,
// well before their own 10 s wait would end.
test("in Chromium, calls in flight when another panics all answer 500 within 5 s", async () => {
  const page = await chromium.browser.newPage();
  await page.goto(server.url + "/");
  const settled = await page.evaluate(async () => {
    const { initSync, handle } = await import("/pkg/reference.js");
    initSync({ module: await (await fetch("/pkg/reference_bg.wasm")).arrayBuffer() });
    const env = { EDGEAPI_TEST_ROUTES: "1" };
    const call = (path) => handle(new Request(location.origin + path), env);
    const inFlight = Array.from({ length: 20 }, (_, i) => call(`/burgers?number=${i}&ms=10000`));
    await new Promise((resolve) => setTimeout(resolve, 200)); // all are waiting on timers
    const panickedAt = performance.now();
    try {
      call("/panic");
    } catch {
      // the sync panic throws out of the call, as the worker entry expects
    }
    return Promise.all(
      inFlight.map(async (answer) => {
        const hung = new Promise((resolve) => setTimeout(() => resolve(null), 15_000));
        const response = await Promise.race([answer, hung]);
        const ms = performance.now() - panickedAt;
        return response ? { status: response.status, body: await response.text(), ms } : { status: "hung", ms };
      }),
    );
  });
  assert.equal(settled.length, 20);
  for (const [i, { status, body, ms }] of settled.entries()) {
    assert.deepEqual([status, body], [500, '{"detail":"Internal Server Error"}'], `call ${i}`);
    assert.ok(ms < 5_000, `call ${i} settled ${ms.toFixed(0)} ms after the panic`);
  }
});
