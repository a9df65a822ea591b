// The request mix of both soaks (bench/soak.js on workerd, bench/soak-node.js in Node): the
// reference app's routes, successes and errors, with streams, KV, background tasks,
// subrequests and the pool. Loopback only; every loop is bounded.
import { createServer } from "node:http";

const item = JSON.stringify({ name: "Foo", description: "A thing", price: 50.5, tax: 1.5 });

/** The KV key the mix reads: written once before the soak (`seed`), never deleted. */
export const READ_KEY = "soak-read";

/** The request that writes READ_KEY; send it once before the soak. */
export const seed = { method: "PUT", path: `/kv/${READ_KEY}`, body: "always here", headers: {}, status: 200, read: "text" };

/**
 * The request for the `i`th call: { method, path, body, type, status, read }. `read` is
 * "stream" for a server-sent-event stream (its five ticks are counted), else "text".
 * `upstream` is the loopback server /demo/fanout calls.
 */
export function requestFor(i, upstream) {
  const key = `soak-${i % 97}`; // a bounded set of KV keys, written and deleted over and over
  const every = [
    ["GET", "/hello", null, null, 200],
    ["GET", `/items/${i % 1000}?q=somequery`, null, null, 200],
    ["GET", "/burgers?number=2&ms=0", null, null, 200],
    ["POST", "/items/", item, "application/json", 200],
    ["GET", "/users/me", null, null, 401],
    ["GET", "/users/me", null, null, 200, { authorization: "Bearer soak" }],
    ["GET", "/items/foo", null, null, 422],
    ["POST", "/items/", '{"name": 1', "application/json", 422],
    ["POST", "/items/", '{"price": "x"}', "application/json", 422],
    ["GET", "/greeting", null, null, 200],
    ["GET", "/no/such/route", null, null, 404],
    ["DELETE", "/hello", null, null, 405],
    ["PUT", `/kv/${key}`, `value ${i}`, "text/plain", 200],
    ["GET", `/kv/${READ_KEY}`, null, null, 200],
    ["GET", "/kv/?prefix=soak-&limit=10", null, null, 200],
    ["GET", "/demo/wait?ms=1", null, null, 200],
    ["GET", "/demo/pool?n=0", null, null, 200],
    ["GET", `/demo/fanout?ms=0&upstream=${upstream}`, null, null, 200],
  ];
  // Rarer: they hold a slot for half a second, or start a task that runs for a second.
  if (i % 100 === 50) return entry(["GET", "/stream", null, null, 200], "stream");
  if (i % 50 === 25) return entry(["POST", `/send-notification/soak${i % 13}@example.com`, null, null, 200]);
  if (i % 50 === 40) return entry(["DELETE", `/kv/${key}`, null, null, 204]);
  return entry(every[i % every.length]);
}

function entry([method, path, body, type, status, headers = {}], read = "text") {
  return { method, path, body, headers: type ? { ...headers, "content-type": type } : headers, status, read };
}

/** Checks an answer's body: the SSE stream must carry its five ticks. */
export function bodyIsRight(request, text) {
  if (request.read !== "stream") return true;
  return text.split("\n\n").filter(Boolean).length === 5;
}

/**
 * Runs `count` requests of the mix from `first` on, `inFlight` at a time, each through
 * `send(request)` (which resolves { status, text }); returns the wrong answers.
 */
export async function load(send, { first, count, inFlight, upstream }) {
  let next = first;
  const end = first + count;
  const wrong = [];
  const lane = async () => {
    for (let i = next++; i < end; i = next++) {
      const request = requestFor(i, upstream);
      let answer;
      try {
        answer = await send(request);
      } catch (error) {
        answer = { status: `error ${error.code ?? error.message}`, text: "" };
      }
      if (answer.status !== request.status || !bodyIsRight(request, answer.text)) {
        wrong.push(`${request.method} ${request.path}: ${answer.status} ${answer.text.slice(0, 120)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, lane));
  return wrong;
}

/** The loopback upstream /demo/fanout calls: answers `{"waited_ms":0}` at once. */
export async function startUpstream() {
  const server = createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end('{"waited_ms":0}');
  });
  // Never close an idle keep-alive connection: closing one (after Node's default 5 s) races
  // with the app's next subrequest on it, which then fails ("Network connection lost").
  server.keepAliveTimeout = 0;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/**
 * The memory verdict of a soak: growth per request over the whole run and over its second
 * half, and whether it grew steadily. `series` holds the figure after the warm-up and after
 * each quarter. Steady growth: it rose in the second half by more than `slack` bytes (a
 * leak grows all along; a one-time rise, such as a buffer sized once, happens early) and,
 * with `everyQuarter` (for a figure that also falls, as a heap does), rose from each quarter
 * to the next.
 */
export function growth(series, requests, { slack = 0, everyQuarter = false } = {}) {
  const [warm, , half, , end] = series;
  // From quarter to quarter: the reading after the warm-up may still hold its one-time rise.
  const quarters = series.slice(1);
  const roseEachQuarter = quarters.slice(1).every((value, i) => value > quarters[i]);
  return {
    after_warmup: warm,
    after_each_quarter: series.slice(1),
    bytes_per_request: Number(((end - warm) / requests).toFixed(3)),
    second_half_bytes_per_request: Number(((end - half) / (requests / 2)).toFixed(3)),
    steady_growth: end - half > slack && (!everyQuarter || roseEachQuarter),
    rule: `more than ${slack} bytes up in the second half${everyQuarter ? ", and up from each quarter to the next" : ""}`,
  };
}
