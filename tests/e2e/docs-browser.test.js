// /docs (Swagger UI) and /redoc (ReDoc) in Debian's headless Chromium (playwright-core),
// served by workerd. The browser may reach only the app: every other host is cut off, so
// the pages must work offline, with their scripts from the app's own static assets.
import assert from "node:assert/strict";
import { copyFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { useChromium } from "./browser.js";
import { root, useWorkerd } from "./workerd.js";

const server = useWorkerd();
const chromium = useChromium();

const WAIT = { timeout: 30_000 };
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** A page in its own context that can reach only the app; `.away` lists what it tried elsewhere. */
async function offlinePage() {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(WAIT.timeout);
  const page = await context.newPage();
  const away = [];
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url + "/")) return route.continue();
    away.push(url);
    return route.abort("internetdisconnected");
  });
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  return { context, page, away, errors };
}

/** The document's operations, as "METHOD path". */
async function operations() {
  const doc = await (await fetch(server.url + "/openapi.json")).json();
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`));
}

test("/docs: Swagger UI lists every operation and runs one from Try it out", async () => {
  const expected = await operations();
  const { context, page, away, errors } = await offlinePage();
  try {
    await page.goto(server.url + "/docs", WAIT);
    assert.equal(await page.title(), "edgeapi reference app - Swagger UI");
    await page.waitForSelector(".opblock", WAIT);
    assert.match(await page.textContent(".info .title"), /edgeapi reference app/);

    const shown = await page.$$eval(".opblock", (blocks) => blocks.map((block) =>
      `${block.querySelector(".opblock-summary-method").textContent} ` +
      block.querySelector(".opblock-summary-path").dataset.path));
    assert.deepEqual([...shown].sort(), [...expected].sort());
    for (const tag of ["items", "kv", "demo"]) {
      assert.equal(await page.locator(`.opblock-tag-section h3[data-tag="${tag}"]`).count(), 1, tag);
    }

    // Try it out: GET /items/{item_id} with item_id=42 and q=abc, sent to workerd.
    const op = page.locator("#operations-items-read_item_items__item_id__get");
    await op.locator(".opblock-summary").click();
    await op.locator(".try-out__btn").click();
    await op.locator('input[placeholder="item_id"]').fill("42");
    await op.locator('input[placeholder="q"]').fill("abc");
    await op.locator(".execute").click();
    const live = op.locator(".live-responses-table tbody");
    await live.locator(".response-col_status").waitFor(WAIT);
    assert.equal((await live.locator(".response-col_status").textContent()).trim(), "200");
    const body = await live.locator(".response-col_description .microlight").first().textContent();
    assert.match(body, /"item_id": 42/);
    assert.match(body, /"q": "abc"/);
    assert.deepEqual(JSON.parse(body), { item_id: 42, q: "abc" });
    assert.equal((await op.locator(".request-url pre").textContent()).trim(), `${server.url}/items/42?q=abc`);

    assert.deepEqual(away, [], "requests to other hosts");
    assert.deepEqual(errors, [], "page errors");

    // The top of the page down to the live answer: title, operations, Try it out.
    const dir = join(root, "test-results");
    await mkdir(dir, { recursive: true });
    const bottom = await live.locator(".response-col_description .microlight").first()
      .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
    const path = join(dir, "openapi-docs.png");
    await page.screenshot({ path, fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 8 } });
  } finally {
    await context.close();
  }
});

test("/redoc: ReDoc renders the title and the operations", async () => {
  const { context, page, away, errors } = await offlinePage();
  try {
    await page.goto(server.url + "/redoc", WAIT);
    assert.equal(await page.title(), "edgeapi reference app - ReDoc");
    await page.locator("h1", { hasText: "edgeapi reference app" }).waitFor(WAIT);
    await page.locator("h2", { hasText: "Read an item" }).waitFor(WAIT);
    const headings = (await page.locator("h2").allTextContents()).map((text) => text.trim());
    for (const summary of ["Say hello", "Read an item", "Create an item", "Store a value", "Fan out"]) {
      assert.ok(headings.includes(summary), `${summary} not in ${headings}`);
    }
    // ReDoc 2.x draws Redocly's logo from its CDN; the page's Content-Security-Policy
    // refuses images from elsewhere, so nothing leaves the machine.
    assert.deepEqual(away, [], "requests to other hosts");
    assert.deepEqual(errors, [], "page errors");
  } finally {
    await context.close();
  }
});

/** Opens an operation of /docs and turns on Try it out. */
async function tryOut(page, id) {
  const op = page.locator(`#operations-${id}`);
  await op.locator(".opblock-summary").click();
  await op.locator(".try-out__btn").click();
  return op;
}

/** The live answer of an operation once Execute was clicked: its status and body text. */
async function liveAnswer(op) {
  const live = op.locator(".live-responses-table tbody");
  await live.locator(".response-col_status").waitFor(WAIT);
  const status = (await live.locator(".response-col_status").textContent()).trim();
  const body = await live.locator(".response-col_description .microlight").first().textContent();
  return { status, body };
}

test("/docs: declared constraints, the upload form and Authorize work in Swagger UI", async () => {
  const { context, page, away, errors } = await offlinePage();
  try {
    await page.goto(server.url + "/docs", WAIT);
    await page.waitForSelector(".opblock", WAIT);

    // Constraints: shown beside the parameters, and checked by the server.
    const search = await tryOut(page, "users-search_users_users_search_get");
    const shown = await search.locator(".parameters").textContent();
    // (Swagger UI 5 shows `exclusiveMaximum` in no parameter row; the document has it.)
    for (const constraint of ["minLength: 3", "maxLength: 20", "pattern: ^[a-z]+$", "minimum: 0"]) {
      assert.ok(shown.includes(constraint), `${constraint} in ${shown}`);
    }
    await search.locator('input[placeholder="name"]').fill("alice");
    await search.locator('input[placeholder="age"]').fill("30");
    await search.locator(".execute").click();
    assert.deepEqual(await liveAnswer(search).then(({ status, body }) => [status, JSON.parse(body)]), ["200", { name: "alice", age: 30 }]);

    // The upload form: a file picker for `file`, sent as multipart/form-data.
    const upload = await tryOut(page, "files-upload_uploads_post");
    const picker = upload.locator('input[type="file"]');
    assert.equal(await picker.count(), 1, "one file picker");
    await picker.setInputFiles({ name: "hello.txt", mimeType: "text/plain", buffer: Buffer.from("hello") });
    await upload.locator('input[placeholder="note"], input[placeholder="note - note"]').first().fill("from the docs");
    await upload.locator(".execute").click();
    const uploaded = await liveAnswer(upload);
    assert.equal(uploaded.status, "200", uploaded.body);
    assert.deepEqual(JSON.parse(uploaded.body), {
      filename: "hello.txt",
      content_type: "text/plain",
      size: 5,
      note: "from the docs",
      sha256: "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
    });

    // Authorize: OAuth2's password flow against POST /token, then GET /users/me with the token.
    await page.locator(".auth-wrapper .authorize").click();
    const modal = page.locator(".modal-ux");
    await modal.locator("#oauth_username").fill("alice");
    await modal.locator("#oauth_password").fill("secret");
    await modal.locator(".auth-btn-wrapper .authorize").click();
    await modal.locator(".auth-btn-wrapper .btn-done, .auth-btn-wrapper button", { hasText: /logout/i }).first().waitFor(WAIT);
    await modal.locator(".close-modal").click();
    const me = await tryOut(page, "users-read_users_me_users_me_get");
    await me.locator(".execute").click();
    const answer = await liveAnswer(me);
    assert.equal(answer.status, "200", answer.body);
    assert.equal(JSON.parse(answer.body).username, "alicefakedecoded");
    assert.match(await me.locator(".curl-command").textContent(), /Authorization: Bearer alice/);

    assert.deepEqual(away, [], "requests to other hosts");
    assert.deepEqual(errors, [], "page errors");
    const dir = join(root, "test-results");
    await mkdir(dir, { recursive: true });
    await page.screenshot({ path: join(dir, "openapi-docs-forms.png"), fullPage: true });
  } finally {
    await context.close();
  }
});
