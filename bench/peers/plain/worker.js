// The plain JS peer: a module worker with no framework, routing by hand on `new URL()`.
const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json" } });

export default {
  fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/hello") return json({ message: "Hello World" });
    const item = /^\/items\/(-?\d+)$/.exec(url.pathname);
    if (item) return json({ item_id: Number(item[1]), q: url.searchParams.get("q") });
    return json({ detail: "Not Found" }, 404);
  },
};
