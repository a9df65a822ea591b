#!/usr/bin/env bash
# Property-based tests of the reference app against its own OpenAPI document: schemathesis
# (from PyPI, pinned, in a venv under build/) generates requests from /openapi.json and checks
# every answer against it. Part of `make fuzz`, not `make test`. Loopback only.
#
# Two of schemathesis's checks are left out, as they flag behaviour the app means to have:
# `ignored_auth` (the reference app decodes any bearer token, as FastAPI's tutorial does) and
# `negative_data_rejection` (Pydantic's lax mode, which edgeapi follows, accepts `false` for a
# float, as FastAPI does). /burgers, /stream and /demo/{cpu,pool,fanout} are left out: they
# wait or work by design, up to seconds per request.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

SCHEMATHESIS_VERSION=4.32.5
venv=build/schemathesis
if [ ! -x "$venv/bin/schemathesis" ] || ! "$venv/bin/schemathesis" --version | grep -q "$SCHEMATHESIS_VERSION"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
inspector=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
log=$(mktemp)
setsid wrangler dev --ip 127.0.0.1 --port "$port" --inspector-port "$inspector" \
  --show-interactive-dev-session=false --log-level warn >"$log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 240); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/hello" 2>/dev/null && break
  sleep 0.5
done

mkdir -p build/fuzz
status=0
"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --max-examples "${FUZZ_EXAMPLES:-100}" \
  --exclude-checks ignored_auth,negative_data_rejection \
  --exclude-path-regex '^/(burgers|stream|demo/(cpu|pool|fanout))$' \
  --header "Authorization: Bearer fuzz" \
  --request-timeout 15 \
  --no-color 2>&1 | tee build/fuzz/schemathesis.log || status=$?

# Its summary into fuzz/results.json, beside the cargo-fuzz counts (scripts/fuzz.sh).
node -e '
  const fs = require("fs");
  const [status, examples] = process.argv.slice(1).map(Number);
  const log = fs.readFileSync("build/fuzz/schemathesis.log", "utf8");
  const results = fs.existsSync("fuzz/results.json") ? JSON.parse(fs.readFileSync("fuzz/results.json", "utf8")) : {};
  const number = (pattern) => Number(pattern.exec(log)?.[1] ?? NaN);
  results.schemathesis = {
    date: new Date().toISOString().slice(0, 10),
    command: "make fuzz (scripts/fuzz-api.sh)",
    max_examples: examples,
    exit_status: status,
    operations_selected: number(/Selected: (\d+)\//),
    operations_total: number(/Selected: \d+\/(\d+)/),
    test_cases_generated: number(/(\d+) generated/),
    test_cases_passed: number(/\d+ generated, (\d+) passed/),
    seconds: number(/in ([\d.]+)s =+\s*$/m),
    no_issues: /No issues found/.test(log),
  };
  fs.writeFileSync("fuzz/results.json", JSON.stringify(results, null, 2) + "\n");
' "$status" "${FUZZ_EXAMPLES:-100}"
exit "$status"
