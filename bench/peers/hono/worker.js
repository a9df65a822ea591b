// The Hono peer: the same two routes, written as Hono's docs write them.
import { Hono } from "hono";

const app = new Hono();

app.get("/hello", (c) => c.json({ message: "Hello World" }));

app.get("/items/:item_id", (c) =>
  c.json({ item_id: Number(c.req.param("item_id")), q: c.req.query("q") ?? null }),
);

export default app;
