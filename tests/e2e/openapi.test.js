// The reference app documents itself on workerd: /openapi.json passes a real OpenAPI 3.1
// validator and says what a FastAPI client expects; /docs and /redoc load their scripts
// from the app's own static assets, so they work offline.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import { useWorkerd } from "./workerd.js";

const server = useWorkerd();

async function get(path, init) {
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  return { response, text, json: () => JSON.parse(text) };
}

async function openapi() {
  const { response, json } = await get("/openapi.json");
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "application/json");
  return json();
}

/** Every public operation of the reference app, as "METHOD path". */
const PUBLIC = [
  "GET /hello",
  "GET /burgers",
  "GET /items/{item_id}",
  "POST /items/",
  "POST /token",
  "GET /users/me",
  "GET /users/search",
  "POST /uploads",
  "PUT /kv/{key}",
  "GET /kv/{key}",
  "DELETE /kv/{key}",
  "GET /kv/",
  "POST /send-notification/{email}",
  "GET /greeting",
  "GET /stream",
  "GET /demo/wait",
  "GET /demo/cpu",
  "GET /demo/pool",
  "GET /demo/fanout",
  "POST /notes",
  "GET /notes",
  "GET /notes/{id}",
  "DELETE /notes/{id}",
  "PUT /files/{key}",
  "GET /files/{key}",
  "DELETE /files/{key}",
  "GET /files",
  "GET /square/{n}",
  "POST /jobs",
  "GET /jobs/{id}",
  "GET /cron/last",
  "POST /counters/{name}/increment",
  "GET /counters/{name}",
  "POST /counters/{name}/reset",
];

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** The document's operations, as "METHOD path". */
function operations(doc) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`));
}

test("/openapi.json is a valid OpenAPI 3.1 document", async () => {
  const doc = await openapi();
  assert.equal(doc.openapi, "3.1.0");
  const validator = new Validator();
  const result = await validator.validate(doc);
  assert.ok(result.valid, `not valid as OpenAPI ${validator.version}:\n${JSON.stringify(result.errors, null, 2)}`);
  assert.equal(validator.version, "3.1");
  assert.equal(doc.info.title, "edgeapi reference app");
  assert.equal(typeof doc.info.version, "string");
});

test("/openapi.json lists every public route and hides the test routes", async () => {
  const doc = await openapi();
  assert.deepEqual(operations(doc).sort(), [...PUBLIC].sort());
  for (const hidden of ["/panic", "/panic/later", "/debug/memory", "/jobs/raw", "/counters/{name}/panic", "/ws/echo", "/ws/rooms/{room}"]) {
    assert.equal(doc.paths[hidden], undefined, hidden);
  }
  // operationIds are unique, as generated clients need.
  const ids = Object.values(doc.paths).flatMap((item) => METHODS.filter((m) => item[m]).map((m) => item[m].operationId));
  assert.equal(new Set(ids).size, ids.length, ids.join(", "));
});

test("GET /items/{item_id} is described as FastAPI describes it", async () => {
  const doc = await openapi();
  const op = doc.paths["/items/{item_id}"].get;
  assert.equal(op.operationId, "read_item_items__item_id__get");
  assert.equal(op.summary, "Read an item");
  assert.deepEqual(op.tags, ["items"]);
  const itemId = op.parameters.find((p) => p.name === "item_id");
  assert.equal(itemId.in, "path");
  assert.equal(itemId.required, true);
  assert.equal(itemId.schema.type, "integer");
  const q = op.parameters.find((p) => p.name === "q");
  assert.equal(q.in, "query");
  assert.equal(q.required, false);
  assert.deepEqual(op.responses["422"].content["application/json"].schema,
    { $ref: "#/components/schemas/HTTPValidationError" });
});

test("POST /items/ takes a NewItem body; 422s point at HTTPValidationError", async () => {
  const doc = await openapi();
  const op = doc.paths["/items/"].post;
  assert.equal(op.operationId, "create_item_items__post");
  assert.equal(op.requestBody.required, true);
  assert.deepEqual(op.requestBody.content["application/json"].schema, { $ref: "#/components/schemas/NewItem" });
  assert.deepEqual(doc.components.schemas.NewItem.required, ["name", "price"]);

  // Every 422 is FastAPI's, and every $ref resolves.
  const validationErrors = Object.values(doc.paths)
    .flatMap((item) => METHODS.filter((m) => item[m]).map((m) => item[m].responses["422"]))
    .filter(Boolean);
  assert.ok(validationErrors.length > 0);
  for (const response of validationErrors) {
    assert.deepEqual(response.content["application/json"].schema, { $ref: "#/components/schemas/HTTPValidationError" });
  }
  const { schemas } = doc.components;
  assert.ok(schemas.HTTPValidationError);
  assert.ok(schemas.ValidationError);
  assert.equal(schemas.HTTPValidationError.properties.detail.items.$ref, "#/components/schemas/ValidationError");
  assert.deepEqual(schemas.ValidationError.required, ["loc", "msg", "type"]);
  const refs = JSON.stringify(doc).match(/"\$ref":"[^"]*"/g);
  for (const ref of new Set(refs)) {
    const name = ref.match(/^"\$ref":"#\/components\/schemas\/([^"]+)"$/)?.[1];
    assert.ok(name && schemas[name], `unresolved ${ref}`);
  }
});

test("GET /users/search documents its declared constraints, POST /uploads its multipart form", async () => {
  const doc = await openapi();
  const [name, age] = doc.paths["/users/search"].get.parameters;
  assert.deepEqual(
    [name.schema.minLength, name.schema.maxLength, name.schema.pattern],
    [3, 20, "^[a-z]+$"],
  );
  assert.deepEqual([age.schema.minimum, age.schema.exclusiveMaximum], [0, 150]);
  assert.equal(doc.paths["/burgers"].get.parameters.find((p) => p.name === "ms").schema.maximum, 10000);
  const form = doc.paths["/uploads"].post.requestBody.content["multipart/form-data"].schema;
  const fields = doc.components.schemas[form.$ref.split("/").pop()];
  assert.equal(fields.properties.file.format, "binary");
  assert.deepEqual(fields.required, ["file"]);
});

test("GET /users/me needs a bearer token; routers give their tags", async () => {
  const doc = await openapi();
  assert.deepEqual(doc.paths["/users/me"].get.security, [{ OAuth2PasswordBearer: [] }]);
  assert.deepEqual(doc.components.securitySchemes.OAuth2PasswordBearer, {
    type: "oauth2",
    flows: { password: { scopes: {}, tokenUrl: "token" } },
  });
  const tags = new Set(Object.values(doc.paths).flatMap((item) => METHODS.flatMap((m) => item[m]?.tags ?? [])));
  for (const tag of ["items", "kv", "demo"]) assert.ok(tags.has(tag), `no tag ${tag} in ${[...tags]}`);
  assert.deepEqual(doc.paths["/kv/{key}"].delete.tags, ["kv"]);
  assert.deepEqual(doc.paths["/demo/fanout"].get.tags, ["demo"]);
  // Described tags (FastAPI's openapi_tags), in the order the app gives them.
  assert.deepEqual(doc.tags.map((tag) => tag.name), ["items", "users", "kv", "demo", "notes", "files", "cache", "jobs", "cron", "counters"]);
  for (const tag of doc.tags) assert.ok(tag.description.length > 0, tag.name);
});

test("the document is the same on every request", async () => {
  const first = await get("/openapi.json");
  const second = await get("/openapi.json");
  assert.equal(first.text, second.text);
});

test("POST /openapi.json is a 405 that allows GET and HEAD", async () => {
  const { response, json } = await get("/openapi.json", { method: "POST", body: "{}" });
  assert.equal(response.status, 405);
  assert.equal(response.headers.get("allow"), "GET, HEAD");
  assert.deepEqual(json(), { detail: "Method Not Allowed" });
});

test("/docs is Swagger UI, loaded from the app's own assets", async () => {
  const { response, text } = await get("/docs");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^text\/html/);
  assert.match(text, /<title>edgeapi reference app - Swagger UI<\/title>/);
  assert.match(text, /src="\/static\/swagger-ui\/swagger-ui-bundle\.js"/);
  assert.match(text, /href="\/static\/swagger-ui\/swagger-ui\.css"/);
  assert.match(text, /url: "\/openapi\.json"/);
  assert.doesNotMatch(text, /https?:\/\//, "no CDN or other host");
});

test("/redoc is ReDoc, loaded from the app's own assets", async () => {
  const { response, text } = await get("/redoc");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type"), /^text\/html/);
  assert.match(text, /<title>edgeapi reference app - ReDoc<\/title>/);
  assert.match(text, /src="\/static\/redoc\/redoc\.standalone\.js"/);
  // ReDoc's logo comes from Redocly's CDN: the page refuses images from other origins.
  assert.equal(response.headers.get("content-security-policy"), "img-src 'self' data: blob:");
  assert.match(text, /spec-url="\/openapi\.json"/);
  assert.doesNotMatch(text, /https?:\/\//, "no CDN or other host");
});

test("the pages' scripts, styles and icon are served as static assets", async () => {
  for (const [path, type] of [
    ["/static/swagger-ui/swagger-ui-bundle.js", /javascript/],
    ["/static/swagger-ui/swagger-ui.css", /^text\/css/],
    ["/static/swagger-ui/favicon-32x32.png", /^image\/png/],
    ["/static/redoc/redoc.standalone.js", /javascript/],
  ]) {
    const response = await fetch(server.url + path);
    const body = await response.arrayBuffer();
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get("content-type"), type, path);
    assert.ok(body.byteLength > 100, `${path}: ${body.byteLength} bytes`);
  }
});
