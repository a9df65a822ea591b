// The module-worker entry for workerd and Cloudflare Workers: instantiate the wasm once per
// isolate, then hand every request to the Rust app. Sync routes answer a Response,
// async routes a Promise of one; workerd takes either. workerd has no Web Workers, so no
// pool is started here: edgeapi::pool tasks run inline, in the request's isolate.
import { initSync, handle, recover } from "../build/pkg/reference.js";
import wasm from "../build/pkg/reference_bg.wasm";

initSync({ module: wasm });

export default {
  fetch(request, env, ctx) {
    try {
      return handle(request, env, ctx);
    } catch (error) {
      // A panic aborted the instance mid-request: recover logs it, makes sure the next
      // request runs on a fresh instance, and answers this one 500.
      return recover(error);
    }
  },
};
