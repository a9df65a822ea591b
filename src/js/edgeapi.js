// The few JS functions the SDK imports. Each request crosses the boundary twice:
// once to read the method and URL, once to build the Response.

export function requestHead(request) {
  return request.method + " " + request.url;
}

// headers: "name\nvalue\nname\nvalue..." (Rust strips line breaks from names and values).
// body: a view into wasm memory, copied here because Rust frees it after this call.
// The Fetch API forbids a body, even an empty one, on 204, 205, 304 and HEAD answers.
export function respond(status, headers, body, withBody) {
  const init = { status, headers: new Headers() };
  if (headers.length > 0) {
    const parts = headers.split("\n");
    for (let i = 0; i + 1 < parts.length; i += 2) init.headers.append(parts[i], parts[i + 1]);
  }
  return new Response(withBody && body.length > 0 ? body.slice() : null, init);
}
