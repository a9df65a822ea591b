// The few JS functions the SDK imports. Each request crosses the boundary twice:
// once to read the method and URL, once to build the Response.

export function requestHead(request) {
  return request.method + " " + request.url;
}

// contentType: a string, or undefined when the response has none.
// headers: any other headers as "name\nvalue\nname\nvalue...", or undefined when there are
// none (Rust strips line breaks from names and values).
// body: a view into wasm memory; the Response constructor copies it (as the Fetch standard
// says, and workerd, Node and browsers do) before Rust frees it.
// The Fetch API forbids a body, even an empty one, on 204, 205, 304 and HEAD answers.
// A plain object of headers is cheaper for workerd to read than a Headers object.
export function respond(status, contentType, headers, body, withBody) {
  const init = { status, headers: undefined };
  if (headers !== undefined) {
    init.headers = new Headers();
    if (contentType !== undefined) init.headers.append("content-type", contentType);
    const parts = headers.split("\n");
    for (let i = 0; i + 1 < parts.length; i += 2) init.headers.append(parts[i], parts[i + 1]);
  } else if (contentType !== undefined) {
    init.headers = { "content-type": contentType };
  }
  return new Response(withBody && body.length > 0 ? body : null, init);
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
