// The plain JS peer: a module worker with no framework, routing by hand on `new URL()`.
const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

// For the concurrency figure's baseline: waits `ms` on a timer, as edgeapi's /burgers does.
const burgers = async (ms) => {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return json({ burgers: 1, waited_ms: ms });
};

export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/hello") return json({ message: "Hello World" });
    const item = /^\/items\/(-?\d+)$/.exec(url.pathname);
    if (item) return json({ item_id: Number(item[1]), q: url.searchParams.get("q") });
    if (url.pathname === "/burgers") return burgers(Number(url.searchParams.get("ms") ?? 100));
    return json({ detail: "Not Found" }, 404);
  },
};
