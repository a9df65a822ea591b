// The module-worker entry for workerd and Cloudflare Workers: instantiate the wasm once per
// isolate, then hand every request to the Rust app. Sync routes answer a Response,
// async routes a Promise of one; workerd takes either. workerd has no Web Workers, so no
// pool is started here: edgeapi::pool tasks run inline, in the request's isolate.
import { initSync, handle } from "../build/pkg/reference.js";
import wasm from "../build/pkg/reference_bg.wasm";

initSync({ module: wasm });

export default {
  fetch(request, env, ctx) {
    try {
      return handle(request, env, ctx);
    } catch (error) {
      // A panic aborted the instance mid-request (the panic hook has logged it and
      // scheduled a fresh instance for the next call): answer this one 500.
      console.error(`edgeapi: ${request.method} ${request.url} failed:`, error);
      return new Response('{"detail":"Internal Server Error"}', {
        status: 500,
        headers: { "content-type": "application/json" },
      });
    }
  },
};
