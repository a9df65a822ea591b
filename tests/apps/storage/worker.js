// The module worker for tests/apps/storage (built by `make build/pkg/storage_app_bg.wasm`).
import { initSync, handle } from "../../../build/pkg/storage_app.js";
import wasm from "../../../build/pkg/storage_app_bg.wasm";

initSync({ module: wasm });

export default { fetch: handle };
