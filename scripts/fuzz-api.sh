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

"$venv/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
  --max-examples "${FUZZ_EXAMPLES:-100}" \
  --exclude-checks ignored_auth,negative_data_rejection \
  --exclude-path-regex '^/(burgers|stream|demo/(cpu|pool|fanout))$' \
  --header "Authorization: Bearer fuzz" \
  --request-timeout 15 \
  --no-color
