// The plain JS peer: a module worker with no framework, routing by hand on `new URL()`.
const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

// For the concurrency figure's baseline: waits `ms` on a timer, as edgeapi's /burgers does.
const burgers = async (ms) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return json({ burgers: 1, waited_ms: ms });
};

// For the WebSocket figure: every message back as it came, a close answered in kind.
const echo = (request) => {
  if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
    return json({ detail: "Upgrade Required" }, 426);
  }
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener("message", (event) => server.send(event.data));
  server.addEventListener("close", (event) => server.close(event.code === 1005 ? 1000 : event.code, event.reason));
  return new Response(null, { status: 101, webSocket: client });
};

export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/ws/echo") return echo(request);
    if (url.pathname === "/hello") return json({ message: "Hello World" });
    const item = /^\/items\/(-?\d+)$/.exec(url.pathname);
    if (item) return json({ item_id: Number(item[1]), q: url.searchParams.get("q") });
    if (url.pathname === "/burgers") return burgers(Number(url.searchParams.get("ms") ?? 100));
    return json({ detail: "Not Found" }, 404);
  },
};
