// A minimal module-worker entry for the workers-rs peer (instead of worker-build's shim):
// instantiate the wasm once per isolate and hand it every request.
import { initSync, fetch } from "./workers_rs_peer.js";
import wasm from "./workers_rs_peer_bg.wasm";

initSync({ module: wasm });

export default { fetch };
