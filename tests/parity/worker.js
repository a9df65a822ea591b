// The module-worker entry for the tutorial app (examples/tutorial), as hosts/workerd.js is
// for the reference app.
import { initSync, handle, recover } from "../../build/pkg/tutorial.js";
import wasm from "../../build/pkg/tutorial_bg.wasm";

initSync({ module: wasm });

export default {
  fetch(request, env, ctx) {
    try {
      return handle(request, env, ctx);
    } catch (error) {
      return recover(error);
    }
  },
};
