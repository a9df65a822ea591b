// The demo page. Its fetch('/...') calls reach the Rust app in this browser's Service
// Worker, or workerd when the switch says so; the timeline shows when each request's
// handler ran.
import { glue, ready, startPool } from "/edgeapi.js";

const $ = (selector) => document.querySelector(selector);
const via = () => document.querySelector('input[name="via"]:checked').value;

// Same-origin fetch; the header tells the Service Worker to let workerd answer. No cache:
// the browser would otherwise hold identical GETs back until the first one is answered.
function api(path) {
  const headers = via() === "server" ? { "x-edgeapi-via": "server" } : {};
  return fetch(path, { headers, cache: "no-store" });
}

const servedBy = (response) =>
  response.headers.get("x-served-by") === "service-worker" ? "service worker" : "workerd";

async function boot() {
  if (!("serviceWorker" in navigator)) {
    document.querySelector('input[value="server"]').checked = true;
    return "no Service Worker here: workerd answers";
  }
  const container = navigator.serviceWorker;
  await container.register("/sw.js", { type: "module" });
  if (!container.controller) {
    await new Promise((resolve) => container.addEventListener("controllerchange", resolve, { once: true }));
  }
  // The Service Worker cannot start workers: this page runs the pool its tasks go to.
  await ready;
  const workers = startPool(glue);
  return `Service Worker ready; pool of ${workers} workers`;
}

// --- the demos -------------------------------------------------------------------------

const demos = {
  wait: { label: "async wait", path: () => `/demo/wait?ms=${$("#ms").value}` },
  cpu: { label: "sync CPU", path: () => `/demo/cpu?n=${$("#n").value}` },
  pool: { label: "pool CPU", path: () => `/demo/pool?n=${$("#n").value}` },
};

async function run(kind) {
  const count = Math.max(1, Math.min(32, Number($("#count").value) || 1));
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const response = await api(`${demos[kind].path()}&request=${i + 1}`);
      return { status: response.status, by: servedBy(response), body: await response.json() };
    }),
  );
  draw(kind, results, performance.now() - started);
}

// Every bar, with its offset and length in ms, so that all runs share one time scale.
const bars = [];

function draw(kind, results, totalMs) {
  const ok = results.filter((r) => r.status === 200).map((r) => ({ ...r.body, by: r.by }));
  const first = Math.min(...ok.map((r) => r.started_ms));
  const sum = ok.reduce((total, r) => total + (r.ended_ms - r.started_ms), 0);
  const failed = results.length - ok.length;

  const block = document.createElement("section");
  block.className = `run ${kind}`;
  block.dataset.kind = kind;
  block.dataset.servedBy = ok[0]?.by ?? "none";
  const title = document.createElement("h3");
  title.textContent =
    `${demos[kind].label}, ${results.length} requests, answered by ${block.dataset.servedBy}: ` +
    `total ${Math.round(totalMs)} ms, sequential sum ${Math.round(sum)} ms` +
    (failed > 0 ? `, ${failed} failed (status ${results.find((r) => r.status !== 200).status})` : "");
  block.append(title);

  for (const [i, r] of ok.entries()) {
    const bar = document.createElement("div");
    bar.className = "bar";
    bar.dataset.start = r.started_ms;
    bar.dataset.end = r.ended_ms;
    bar.textContent = `#${i + 1} ${r.ended_ms - r.started_ms} ms`;
    bars.push({ bar, offset: r.started_ms - first, length: r.ended_ms - r.started_ms });
    block.append(bar);
  }
  $("#runs").prepend(block);

  const scale = Math.max(1, ...bars.map((b) => b.offset + b.length));
  for (const { bar, offset, length } of bars) {
    bar.style.marginLeft = `${(offset / scale) * 100}%`;
    bar.style.width = `${Math.max(0.5, (length / scale) * 100)}%`;
  }
}

for (const button of document.querySelectorAll("button[data-demo]")) {
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await run(button.dataset.demo);
    } finally {
      button.disabled = false;
    }
  });
}

// --- single routes ---------------------------------------------------------------------

const output = $("#output");
for (const button of document.querySelectorAll("button[data-path]")) {
  button.addEventListener("click", async () => {
    const path = button.dataset.path;
    output.textContent = `GET ${path} ...`;
    const started = performance.now();
    const response = await api(path);
    const body = await response.text();
    const ms = Math.round(performance.now() - started);
    output.textContent = `GET ${path}\n${response.status} in ${ms} ms, answered by ${servedBy(response)}\n\n${body}`;
    output.dataset.status = String(response.status);
  });
}

boot().then(
  (message) => {
    $("#status").textContent = message;
    document.body.dataset.ready = "true";
  },
  (error) => {
    $("#status").textContent = `Service Worker failed (${error}); workerd answers`;
    document.querySelector('input[value="server"]').checked = true;
    document.body.dataset.ready = "true";
  },
);
