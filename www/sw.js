// The Service Worker: the reference app's wasm answers this origin's requests inside the
// browser, with no server involved. Requests marked `x-edgeapi-via: server` go to the
// network (workerd) instead, and so does anything the app answers 404 (the page itself,
// scripts, styles), so the site keeps working as served.
import init, { handle, recover, startPool } from "./pkg/reference.js";

let ready;
function boot() {
  // Pool tasks go to a page that started a pool, since Service Workers cannot start workers.
  ready ??= init({ module_or_path: "./pkg/reference_bg.wasm" }).then(() =>
    startPool("./pkg/reference.js"),
  );
  return ready;
}

self.addEventListener("install", (event) => {
  event.waitUntil(boot());
  self.skipWaiting();
});

self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (new URL(request.url).origin !== location.origin) return;
  if (request.headers.get("x-edgeapi-via") === "server") return;
  event.respondWith(answer(event));
});

async function answer(event) {
  await boot();
  const ctx = { waitUntil: (promise) => event.waitUntil(promise) };
  let response;
  try {
    response = await handle(event.request.clone(), {}, ctx);
  } catch (error) {
    // A panic aborted the instance (the next call gets a fresh one): answer this one 500.
    return recover(error);
  }
  if (response.status === 404) return fetch(event.request);
  response.headers.set("x-served-by", "service-worker");
  return response;
}
