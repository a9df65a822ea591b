// Debian's headless Chromium through playwright-core, for the browser tests: started once
// per test file and closed after its tests.
import { after, before } from "node:test";
import { chromium } from "playwright-core";

/** Launches Chromium for the calling test file; read `.browser` inside tests. */
export function useChromium() {
  const handle = { browser: undefined };
  before(async () => {
    handle.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
      // As root, without a sandbox; no background traffic to hosts this machine cannot reach.
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
  after(async () => handle.browser?.close());
  return handle;
}
