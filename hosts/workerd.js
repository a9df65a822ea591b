// The module-worker entry for workerd and Cloudflare Workers: instantiate the wasm once per
// isolate, then hand every request to the Rust app. Sync routes answer a Response,
// async routes a Promise of one; workerd takes either. workerd has no Web Workers, so no
// pool is started here: edgeapi::pool tasks run inline, in the request's isolate.
import { initSync, fetch as handle } from "../build/pkg/reference.js";
import wasm from "../build/pkg/reference_bg.wasm";

initSync({ module: wasm });

export default { fetch: handle };
