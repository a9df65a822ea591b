// Subrequests for edgeapi::fetch: one call in, one array out.
// headers: "name\nvalue\nname\nvalue..."; body: a view into wasm memory, copied before
// the first await because Rust frees it once this call returns.
export async function send(method, url, headers, body, withBody) {
  const init = { method, headers: new Headers() };
  if (headers.length > 0) {
    const parts = headers.split("\n");
    for (let i = 0; i + 1 < parts.length; i += 2) init.headers.append(parts[i], parts[i + 1]);
  }
  if (withBody) init.body = body.slice();
  const response = await fetch(url, init);
  const flat = [];
  for (const [name, value] of response.headers) flat.push(name, value);
  return [response.status, flat.join("\n"), new Uint8Array(await response.arrayBuffer())];
}
