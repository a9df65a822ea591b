// Sends one request of `requests.mjs` exactly as written (each header its own line, names
// as given) and reads the answer: its status, the headers that matter, and its body.
import http from "node:http";

/** The answer headers compared between the two apps (absent ones as null). */
export const HEADERS = ["content-type", "location", "allow", "www-authenticate", "x-error"];

/** Sends `request` to the server at `base` (`http://127.0.0.1:PORT`). */
export function send(base, request, timeoutMs = 10_000) {
  const url = new URL(base);
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const headers = ["host", url.host];
  for (const [name, value] of request.headers ?? []) headers.push(name, value);
  // A body-less request states it, rather than Node's default of an empty chunked body.
  if (body !== undefined || !["GET", "HEAD"].includes(request.method)) {
    headers.push("content-length", String(body?.length ?? 0));
  }
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      { host: url.hostname, port: url.port, method: request.method, path: request.path, headers, agent: false },
      (response) => {
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => {
          const answer = { status: response.statusCode, headers: {}, body: Buffer.concat(chunks).toString("utf8") };
          for (const name of HEADERS) {
            const value = response.headers[name];
            answer.headers[name] = value === undefined ? null : [value].flat().join(", ");
          }
          // The server's own address differs between runs; the rest of a location must not.
          if (answer.headers.location?.startsWith(base)) {
            answer.headers.location = "{origin}" + answer.headers.location.slice(base.length);
          }
          resolve(answer);
        });
      },
    );
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    outgoing.on("error", reject);
    outgoing.end(body);
  });
}

/** A request's name in reports: `METHOD path` and its headers and body, shortened. */
export function describe(request) {
  const headers = (request.headers ?? []).map(([n, v]) => `${n}: ${v}`).join("; ");
  const body = request.body === undefined ? "" : ` ${JSON.stringify(typeof request.body === "string" ? request.body : "<bytes>").slice(0, 80)}`;
  return `${request.method} ${request.path}${headers ? ` [${headers}]` : ""}${body}`;
}
