// Records FastAPI's answers to `requests.mjs` into `fastapi.json`: serves `fastapi_app.py`
// with uvicorn on a free loopback port, sends every request with `client.mjs`, and stops.
// Run through `scripts/parity-record.sh`, which puts a Python with FastAPI 0.165 first on
// PATH; `make test` needs no Python, only the file this writes.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

import { requests } from "./requests.mjs";
import { send } from "./client.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const python = process.env.PYTHON ?? "python3";

const port = await new Promise((resolve, reject) => {
  const probe = createServer().on("error", reject);
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const server = spawn(
  python,
  ["-m", "uvicorn", "fastapi_app:app", "--host", "127.0.0.1", "--port", String(port), "--log-level", "critical"],
  { cwd: here, stdio: ["ignore", "inherit", "inherit"] },
);
const base = `http://127.0.0.1:${port}`;
try {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await send(base, { method: "GET", path: "/" }, 1_000);
      break;
    } catch (error) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`uvicorn did not start: ${error}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const version = await new Promise((resolve, reject) => {
    const child = spawn(python, ["-c", "import fastapi, pydantic, starlette, sys; print(f'FastAPI {fastapi.__version__}, Starlette {starlette.__version__}, Pydantic {pydantic.VERSION}, Python {sys.version.split()[0]}')"]);
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.on("error", reject);
    child.on("exit", () => resolve(out.trim()));
  });
  const answers = [];
  for (const request of requests) answers.push(await send(base, request));
  const fixture = { recordedWith: version, answers };
  writeFileSync(new URL("fastapi.json", import.meta.url), JSON.stringify(fixture, null, 1) + "\n");
  console.log(`recorded ${answers.length} answers from ${version}`);
} finally {
  server.kill("SIGTERM");
}
