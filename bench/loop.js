// The in-isolate loop: a bench-only worker that imports another worker's module
// (`./worker.js`) and calls its `fetch` inside workerd, so one dispatch is measured without
// sockets, HTTP parsing or the client. Bounded: at most 1,000,000 calls, 20,000 at once.
//
//   GET /?n=N&path=/hello                  N calls in sequence with one prebuilt Request
//   GET /?concurrent=N&path=/burgers?ms=100  N calls in flight at once, awaited together
//   GET /?n=N&part=response                N times the JS half of an edgeapi /hello answer:
//                                          the Response its `respond` builds
//   GET /?n=N&part=head                    N times the JS read of the method and URL
//
// The parts split an edgeapi /hello call ("where the time goes" in make bench's results):
// what is left of it besides them is the wasm boundary and the Rust side.
//
// Clocks do not advance while a worker runs code, so the caller times the whole request.
import worker from "./worker.js";

// A module worker exports an object with `fetch`; a class-based one (worker-build's shim, a
// WorkerEntrypoint) a class, which workerd instantiates per request with (ctx, env).
const callWorker =
  typeof worker === "function"
    ? (request, env, ctx) => new worker(ctx, env).fetch(request)
    : (request, env, ctx) => worker.fetch(request, env, ctx);

const MAX_CALLS = 1_000_000;
const MAX_IN_FLIGHT = 20_000;

const count = (value, max) => Math.max(0, Math.min(Number(value) || 0, max));

export default {
  async fetch(request, env, ctx) {
    const params = new URL(request.url).searchParams;
    const target = new Request(`http://127.0.0.1${params.get("path") ?? "/hello"}`);

    const inFlight = count(params.get("concurrent"), MAX_IN_FLIGHT);
    if (inFlight > 0) {
      const answers = await Promise.allSettled(
        Array.from({ length: inFlight }, () => callWorker(new Request(target), env, ctx)),
      );
      const ok = answers.filter((a) => a.status === "fulfilled" && a.value.status === 200).length;
      return Response.json({ in_flight: inFlight, ok, errors: inFlight - ok });
    }

    const n = count(params.get("n"), MAX_CALLS);
    const part = params.get("part");
    if (part === "response") {
      // As src/js/edgeapi.js's respond() builds /hello's answer: a view of the body bytes
      // and a plain object of headers.
      const body = new TextEncoder().encode('{"message":"Hello World"}');
      let okCount = 0;
      for (let i = 0; i < n; i++) {
        const response = new Response(body, { status: 200, headers: { "content-type": "application/json" } });
        if (response.status === 200) okCount++;
      }
      return Response.json({ n, ok: okCount, errors: n - okCount });
    }
    if (part === "head") {
      // As requestHead() reads a request for the Rust side.
      let length = 0;
      for (let i = 0; i < n; i++) length += (target.method + " " + target.url).length;
      return Response.json({ n, ok: length > 0 ? n : 0, errors: length > 0 ? 0 : n });
    }
    let okCount = 0;
    for (let i = 0; i < n; i++) {
      let response = callWorker(target, env, ctx);
      if (response instanceof Promise) response = await response;
      if (response.status === 200) okCount++;
    }
    return Response.json({ n, ok: okCount, errors: n - okCount });
  },
};
