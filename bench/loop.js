// The in-isolate loop: a bench-only worker that imports another worker's module
// (`./worker.js`) and calls its `fetch` inside workerd, so one dispatch is measured without
// sockets, HTTP parsing or the client. Bounded: at most 1,000,000 calls, 20,000 at once.
//
//   GET /?n=N&path=/hello                  N calls in sequence with one prebuilt Request
//   GET /?concurrent=N&path=/burgers?ms=100  N calls in flight at once, awaited together
//
// Clocks do not advance while a worker runs code, so the caller times the whole request.
import worker from "./worker.js";

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
        Array.from({ length: inFlight }, () => worker.fetch(new Request(target), env, ctx)),
      );
      const ok = answers.filter((a) => a.status === "fulfilled" && a.value.status === 200).length;
      return Response.json({ in_flight: inFlight, ok, errors: inFlight - ok });
    }

    const n = count(params.get("n"), MAX_CALLS);
    let okCount = 0;
    for (let i = 0; i < n; i++) {
      let response = worker.fetch(target, env, ctx);
      if (response instanceof Promise) response = await response;
      if (response.status === 200) okCount++;
    }
    return Response.json({ n, ok: okCount, errors: n - okCount });
  },
};
