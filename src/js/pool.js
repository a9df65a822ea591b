// The worker pool behind edgeapi::pool: workers that each run this same wasm module and
// run named tasks on request. Web Workers in a page, worker_threads in Node. A Service
// Worker cannot start workers, so it hands tasks to a page it controls that started a pool.
// Hosts with none of these (workerd) get no pool; the Rust side then runs tasks inline.

const pool = { mode: "none", workers: [], idle: [], queue: [], glue: "", module: undefined };

// What each worker runs. It is sent as source text, so no extra file has to be served.
function workerMain(node) {
  const port = node ? process.getBuiltinModule("node:worker_threads").parentPort : self;
  const listen = (handle) =>
    node ? port.on("message", handle) : self.addEventListener("message", (e) => handle(e.data));
  let ready;
  let app;
  listen((message) => {
    if ("glue" in message) {
      ready = import(message.glue).then((ns) => {
        // The web target's glue exports initSync; Node's CommonJS glue starts itself.
        app = typeof ns.initSync === "function" ? ns : ns.default;
        if (typeof app.initSync === "function") app.initSync({ module: message.module });
      });
      return;
    }
    const reply = (ok, value, fatal = false) => port.postMessage({ ok, value, fatal });
    ready.then(
      () => {
        try {
          reply(true, app.edgeapiRunTask(message.name, message.args));
        } catch (error) {
          // A trap (a Rust panic) leaves the instance unusable: ask to be replaced.
          reply(false, String(error?.message ?? error), error instanceof WebAssembly.RuntimeError);
        }
      },
      (error) => reply(false, `the pool worker could not load the app: ${error}`, true),
    );
  });
}

function isServiceWorker() {
  return typeof ServiceWorkerGlobalScope !== "undefined" && self instanceof ServiceWorkerGlobalScope;
}

// Node with worker_threads (workerd's Node compatibility has process, but no threads).
function isNode() {
  if (typeof process === "undefined" || typeof process.getBuiltinModule !== "function") return false;
  try {
    return typeof process.getBuiltinModule("node:worker_threads")?.Worker === "function";
  } catch {
    return false;
  }
}

function spawnWorker() {
  let worker;
  if (pool.mode === "node") {
    const { Worker } = process.getBuiltinModule("node:worker_threads");
    worker = new Worker(`(${workerMain})(true)`, { eval: true });
    worker.on("message", (message) => finished(worker, message));
    worker.on("error", (error) => finished(worker, { ok: false, value: String(error), fatal: true }));
    worker.unref(); // idle workers must not keep Node running
  } else {
    const source = new Blob([`(${workerMain})(false)`], { type: "text/javascript" });
    worker = new Worker(URL.createObjectURL(source), { type: "module" });
    worker.onmessage = (event) => finished(worker, event.data);
    worker.onerror = (event) => finished(worker, { ok: false, value: event.message, fatal: true });
  }
  worker.postMessage({ glue: pool.glue, module: pool.module });
  pool.workers.push(worker);
  pool.idle.push(worker);
}

function dispatch() {
  while (pool.queue.length > 0 && pool.idle.length > 0) {
    const worker = pool.idle.pop();
    worker.task = pool.queue.shift();
    worker.ref?.(); // a running task keeps Node alive
    worker.postMessage({ name: worker.task.name, args: worker.task.args });
  }
}

function finished(worker, { ok, value, fatal }) {
  const task = worker.task;
  worker.task = null;
  worker.unref?.();
  if (fatal) {
    worker.terminate();
    pool.workers.splice(pool.workers.indexOf(worker), 1);
    pool.idle = pool.idle.filter((w) => w !== worker);
    // Replace a worker a task broke; one that failed on its own (it could not load) is
    // not retried. With no workers left, poolSize() is 0 and tasks run inline.
    if (task) spawnWorker();
  } else {
    pool.idle.push(worker);
  }
  if (task) ok ? task.resolve(value) : task.reject(value);
  dispatch();
}

// Starts `size` workers (0: one per core) that load the glue at `glue` and the compiled
// `module`. Returns how many tasks can run at once: 0 when the host has no workers.
export function startPool(glue, module, size) {
  if (pool.mode !== "none") return poolSize();
  if (isServiceWorker()) {
    pool.mode = "clients";
    return poolSize();
  }
  if (isNode()) {
    const { availableParallelism } = process.getBuiltinModule("node:os");
    const { pathToFileURL } = process.getBuiltinModule("node:url");
    pool.mode = "node";
    pool.glue = /^[a-z]+:/.test(glue) ? glue : pathToFileURL(glue).href;
    size ||= availableParallelism();
  } else if (typeof Worker === "function") {
    pool.mode = "web";
    pool.glue = new URL(glue, location.href).href;
    size ||= navigator.hardwareConcurrency || 4;
    serveServiceWorker();
  } else {
    return 0;
  }
  pool.module = module;
  for (let i = 0; i < size; i++) spawnWorker();
  return size;
}

export function poolSize() {
  if (pool.mode === "clients") return navigator.hardwareConcurrency || 4;
  return pool.workers.length;
}

// Runs task `name` with JSON `args`: resolves with the JSON result, or with null when the
// task should run inline (a Service Worker with no pool page); rejects with a message.
export function runOnPool(name, args) {
  if (pool.mode === "clients") return runOnClient(name, args);
  return new Promise((resolve, reject) => {
    pool.queue.push({ name, args, resolve, reject });
    dispatch();
  });
}

// Service Worker side: ask each page in turn; a page without a pool does not answer
// within a moment, and with no page left the task runs inline.
async function runOnClient(name, args) {
  for (const client of await self.clients.matchAll({ type: "window" })) {
    const answer = await askClient(client, name, args);
    if (answer) return answer.ok ? answer.value : Promise.reject(answer.value);
  }
  return null;
}

function askClient(client, name, args) {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    const silent = setTimeout(() => resolve(null), 1000);
    port1.onmessage = ({ data }) => {
      if (data.accepted) clearTimeout(silent);
      else resolve(data);
    };
    client.postMessage({ edgeapiTask: { name, args } }, [port2]);
  });
}

// Page side: run the tasks the controlling Service Worker sends on this page's pool.
function serveServiceWorker() {
  const container = globalThis.navigator?.serviceWorker;
  if (!container) return;
  container.addEventListener("message", (event) => {
    const task = event.data?.edgeapiTask;
    if (!task) return;
    const [port] = event.ports;
    port.postMessage({ accepted: true });
    runOnPool(task.name, task.args).then(
      (value) => port.postMessage({ ok: true, value }),
      (value) => port.postMessage({ ok: false, value: String(value) }),
    );
  });
  container.startMessages?.();
}
