// Panic recovery. A panic aborts the wasm instance; the Rust panic hook logs it, asks
// wasm-bindgen to start a fresh instance on the next call, and calls `panicked()` here.
// Requests still in flight lost their state with the old instance, so each of them is
// answered 500 at once instead of hanging.

const CRASHED = Symbol("crashed");
const inFlight = new Set();

export function panicked(message) {
  console.error(message);
  for (const settle of inFlight) settle(CRASHED);
  inFlight.clear();
}

// The Promise a host gets for an async route: the handler's answer, or a 500 if the
// instance panics first. Each request gets its own promises and builds its own Response,
// so nothing crosses between requests (workerd ties I/O objects to their request).
export function guard(promise) {
  let settle;
  const crash = new Promise((resolve) => {
    settle = resolve;
    inFlight.add(resolve);
  });
  return Promise.race([promise, crash]).then((answer) => {
    inFlight.delete(settle);
    return answer === CRASHED ? internalError() : answer;
  });
}

export function internalError() {
  return new Response('{"detail":"Internal Server Error"}', {
    status: 500,
    headers: { "content-type": "application/json" },
  });
}
