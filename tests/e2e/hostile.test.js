// Hostile and malformed input against the reference app on workerd: every case answers a
// clear status (a 4xx with a JSON `detail`, or a normal answer), never a 5xx or a hang,
// and the next request on the isolate is still served.
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { test } from "node:test";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();

const json = (body, headers = {}) => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body,
});
const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);

const B = "hostileBoundary";
const multipart = (body, type = `multipart/form-data; boundary=${B}`) => ({ method: "POST", headers: { "content-type": type }, body });
const part = (name, value) => `--${B}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (name) => `--${B}\r\nContent-Disposition: form-data; name="${name}"; filename="f.bin"\r\n\r\n`;


/** [name, path, init, expected status, check of the JSON body (optional)] */
const cases = [
  ["malformed JSON", "/items/", json('{"name":'), 422, (b) => b.detail[0].type === "json_invalid"],
  ["truncated JSON", "/items/", json('{"name": "Foo", "price": 1'), 422, (b) => b.detail[0].type === "json_invalid"],
  ["JSON with a trailing comma", "/items/", json('{"name": "Foo", "price": 1,}'), 422, (b) => b.detail[0].type === "json_invalid"],
  ["wrong Content-Type", "/items/", json('{"name":"Foo","price":1}', { "content-type": "text/plain" }), 422, (b) => b.detail[0].type === "model_attributes_type"],
  ["form Content-Type for a JSON body", "/items/", json("name=Foo&price=1", { "content-type": "application/x-www-form-urlencoded" }), 422, (b) => b.detail[0].type === "model_attributes_type"],
  // A byte body: fetch adds no Content-Type (a string body would get text/plain).
  ["no Content-Type is not read as JSON, as FastAPI 0.165", "/items/", { method: "POST", body: new TextEncoder().encode('{"name":"Foo","price":1}') }, 422, (b) => b.detail[0].type === "model_attributes_type"],
  ["Content-Type with parameters", "/items/", json('{"name":"Foo","price":1}', { "content-type": "application/json; charset=utf-8" }), 200],
  ["vendor +json Content-Type", "/items/", json('{"name":"Foo","price":1}', { "content-type": "application/vnd.api+json" }), 200],
  ["invalid UTF-8 in a JSON body", "/items/", json(invalidUtf8), 400, (b) => b.detail === "There was an error parsing the body"],
  ["invalid UTF-8 in a text body", "/kv/utf8", { method: "PUT", body: invalidUtf8 }, 400, (b) => b.detail === "The request body is not valid UTF-8"],
  ["invalid UTF-8 in the path", "/items/%FF", undefined, 422, (b) => b.detail[0].loc.join() === "path,item_id"],
  ["invalid UTF-8 in the query is decoded lossily, as Starlette", "/items/1?q=%FF", undefined, 200, (b) => b.q === "\uFFFD"],
  ["bad percent-encoding in the path", "/items/%zz", undefined, 422, (b) => b.detail[0].input === "%zz"],
  ["bad percent-encoding in the query", "/items/1?q=%zz", undefined, 200, (b) => b.q === "%zz"],
  ["NUL in a path parameter", "/items/%00", undefined, 422, (b) => b.detail[0].type === "int_parsing"],
  ["overlong path", "/" + "a".repeat(8000), undefined, 404, (b) => b.detail === "Not Found"],
  ["overlong query string", "/items/1?q=" + "q".repeat(8000), undefined, 200, (b) => b.q.length === 8000],
  ["thousands of query keys", "/burgers?ms=0&" + Array.from({ length: 3000 }, (_, i) => `k${i}=v`).join("&"), undefined, 200, (b) => b.burgers === 1],
  ["a repeated query key: the last one wins", "/items/1?q=a&q=b", undefined, 200, (b) => b.q === "b"],
  ["multipart without a boundary", "/uploads", multipart(part("note", "x"), "multipart/form-data"), 400, (b) => b.detail === "Missing boundary in multipart."],
  ["multipart that is not multipart", "/uploads", multipart("garbage"), 400, (b) => b.detail === "Invalid multipart data."],
  ["an unterminated multipart part", "/uploads", multipart(filePart("file") + "abc"), 400, (b) => b.detail === "Invalid multipart data."],
  ["a multipart part with no name", "/uploads", multipart(`--${B}\r\n\r\nx\r\n--${B}--\r\n`), 400, (b) => b.detail === 'The Content-Disposition header field "name" must be provided.'],
  ["10,000 multipart parts", "/uploads", multipart(part("note", "x").repeat(10000) + `--${B}--\r\n`), 400, (b) => b.detail === "Too many fields. Maximum number of fields is 1000."],
  ["deeply nested JSON", "/items/", json("[".repeat(10000) + "]".repeat(10000)), 422, (b) => b.detail[0].type === "json_invalid"],
  ["a number too large for i64", "/items/99999999999999999999", undefined, 422, (b) => b.detail[0].type === "less_than_equal"],
  ["a negative count", "/burgers?number=-1&ms=0", undefined, 422, (b) => b.detail[0].type === "greater_than_equal"],
  ["a count over u32", "/burgers?number=4294967296&ms=0", undefined, 422, (b) => b.detail[0].type === "less_than_equal"],
  ["exponent notation for an integer", "/burgers?ms=1e3", undefined, 422, (b) => b.detail[0].type === "int_parsing"],
  ["a float out of range in JSON", "/items/", json('{"name":"Foo","price":1e400}'), 422, (b) => b.detail[0].loc[0] === "body"],
  ["a JSON array for a model", "/items/", json("[]"), 422, (b) => b.detail[0].type === "model_attributes_type"],
  ["JSON null for a model", "/items/", json("null"), 422, (b) => b.detail[0].type === "model_attributes_type"],
  ["a number for a string field", "/items/", json('{"name":5,"price":1}'), 422, (b) => b.detail[0].type === "string_type"],
  ["extra JSON fields are ignored", "/items/", json('{"name":"Foo","price":1,"extra":[1,2]}'), 200, (b) => !("extra" in b)],
  ["a JSON body with a BOM", "/items/", json('\uFEFF{"name":"Foo","price":1}'), 200],
  ["duplicate JSON keys: the last one wins", "/items/", json('{"name":"A","name":"B","price":1}'), 200, (b) => b.name === "B"],
  ["an empty body where one is required", "/items/", json(""), 422, (b) => b.detail[0].type === "missing"],
  // A method the host knows but no route serves. (A made-up one such as FOO never
  // reaches the app: workerd's HTTP parser answers 501 itself.)
  ["a method no route serves", "/hello", { method: "PROPFIND" }, 405, (b) => b.detail === "Method Not Allowed"],
  ["PATCH on a GET route", "/items/1", { method: "PATCH" }, 405, (b) => b.detail === "Method Not Allowed"],
  ["OPTIONS without CORS", "/hello", { method: "OPTIONS" }, 405, (b) => b.detail === "Method Not Allowed"],
  ["a bearer header without a token", "/users/me", { headers: { authorization: "Bearer " } }, 401, (b) => b.detail === "Not authenticated"],
  ["another auth scheme", "/users/me", { headers: { authorization: "Basic YTpi" } }, 401, (b) => b.detail === "Not authenticated"],
  ["a very long header", "/users/me", { headers: { authorization: "Bearer " + "t".repeat(6000) } }, 200],
  ["a non-number list limit", "/kv/?limit=lots", undefined, 422, (b) => b.detail[0].type === "int_parsing"],
  ["a zero list limit", "/kv/?limit=0", undefined, 422, (b) => b.detail[0].type === "greater_than_equal"],
  ["a KV key over 512 bytes", "/kv/" + "k".repeat(600), undefined, 422, (b) => b.detail[0].type === "string_too_long"],
  ["an empty path segment for a parameter", "/send-notification/", { method: "POST" }, 404, (b) => b.detail === "Not Found"],
  ["panic routes are off unless the tests turn them on", "/panic", undefined, 404, (b) => b.detail === "Not Found"],
  ["a wait over the maximum", "/burgers?ms=10001", undefined, 422, (b) => b.detail[0].ctx.le === 10000],
];

for (const [name, path, init, status, check] of cases) {
  test(name, async () => {
    const response = await fetch(server.url + path, { ...init, signal: AbortSignal.timeout(15_000) });
    const text = await response.text();
    assert.equal(response.status, status, `${response.status}: ${text.slice(0, 300)}`);
    if (status >= 400) {
      assert.match(response.headers.get("content-type") ?? "", /json/);
      assert.ok("detail" in JSON.parse(text), text);
    }
    if (check) assert.ok(check(JSON.parse(text)), text.slice(0, 300));
    const next = await fetch(server.url + "/hello", { signal: AbortSignal.timeout(15_000) });
    assert.equal(next.status, 200, "the next request is served normally");
    await next.text();
  });
}

// Bodies over the limit (JSON and a 100 MB multipart part): body-limit.test.js.

test("`..` segments sent raw never reach a 5xx", async () => {
  const { port } = new URL(server.url);
  const status = await new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/items/../hello", timeout: 15_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
  assert.ok(status < 500, `status ${status}`);
});

/** A POST with the headers as given, each value of an array on a line of its own (fetch's
 *  Headers would join them into one line). */
function postRaw(path, headers, body) {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path, headers, timeout: 15_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body);
  });
}

// Two Content-Type lines reach the app joined by ", " (the Fetch API's view of repeated
// headers). FastAPI reads the first line; so does edgeapi, from the joined value.
for (const [lines, status] of [
  [["application/json", "text/plain"], 200],
  [["text/plain", "application/json"], 422],
  [["application/json", "application/json"], 200],
]) {
  test(`two Content-Type lines, ${lines.join(" then ")}: the first decides, as in FastAPI (${status})`, async () => {
    const { status: answered, body } = await postRaw("/items/", { "content-type": lines }, '{"name":"Foo","price":1}');
    assert.equal(answered, status, JSON.stringify(body));
    if (status === 422) assert.equal(body.detail[0].type, "model_attributes_type");
    else assert.deepEqual(body, { name: "Foo", description: null, price: 1, tax: null });
  });
}
