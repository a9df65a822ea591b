#!/usr/bin/env bash
# `make fuzz`'s cargo-fuzz half: each target through `App::dispatch` (natively) for
# FUZZ_SECONDS, then the counts into fuzz/results.json (committed; the README quotes it).
#
# - `-timeout`: an input that takes longer than FUZZ_TIMEOUT seconds is a finding (a hang),
#   well under the run;
# - `-max_len`: one byte over the 1 MiB body limit after the target's selector byte, so
#   inputs can reach the limit and the 413 path; fuzz/corpus gets a seed just under and one
#   just over it, so the fuzzer starts from there and not only from short inputs;
# - the corpus (fuzz/corpus, fuzz/artifacts) stays out of git; the logs go to build/fuzz/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

SECONDS_EACH=${FUZZ_SECONDS:-60}
TIMEOUT=${FUZZ_TIMEOUT:-5}
TARGETS=${FUZZ_TARGETS:-"routing params json_body"}
BODY_LIMIT=$((1024 * 1024))          # edgeapi::DEFAULT_BODY_LIMIT
MAX_LEN=$((BODY_LIMIT + 2))           # the selector byte, then one byte over the limit

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
mkdir -p build/fuzz

# Seeds at the limit: a JSON item padded with spaces to the limit, and one byte more.
node -e '
  const fs = require("fs");
  const [limit] = process.argv.slice(1).map(Number);
  const item = Buffer.from("\x00{\"name\":\"n\",\"price\":1,\"count\":1,\"tags\":[],\"owner\":{\"id\":1,\"admin\":true},\"extra\":{},\"kind\":\"Tool\"}");
  for (const [name, size] of [["at-limit", limit + 1], ["over-limit", limit + 2]]) {
    fs.mkdirSync("fuzz/corpus/json_body", { recursive: true });
    fs.writeFileSync(`fuzz/corpus/json_body/seed-${name}`, Buffer.concat([item, Buffer.alloc(size - item.length, 0x20)]));
  }
' "$BODY_LIMIT"

for target in $TARGETS; do
  echo "fuzz: $target for $SECONDS_EACH s (timeout $TIMEOUT s per input, max_len $MAX_LEN)"
  status=0
  (cd fuzz && cargo fuzz run --sanitizer none "$target" -- \
    -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -max_len="$MAX_LEN" -print_final_stats=1) \
    >"build/fuzz/$target.log" 2>&1 || status=$?
  grep -E '^(Done|==|SUMMARY|thread|stat::)' "build/fuzz/$target.log" || true
  if [ "$status" -ne 0 ]; then
    echo "fuzz: $target failed (status $status); the log is build/fuzz/$target.log"
    exit 1
  fi
done

node -e '
  const fs = require("fs");
  const [seconds, timeout, maxLen, ...targets] = process.argv.slice(1);
  const results = {
    date: new Date().toISOString().slice(0, 10),
    command: "make fuzz (scripts/fuzz.sh)",
    seconds_each: Number(seconds),
    timeout_per_input_s: Number(timeout),
    max_len: Number(maxLen),
    targets: {},
  };
  for (const target of targets) {
    const log = fs.readFileSync(`build/fuzz/${target}.log`, "utf8");
    const stat = (name) => Number(new RegExp(`stat::${name}:\\s+(\\d+)`).exec(log)?.[1]);
    const done = /Done (\d+) runs in (\d+) second/.exec(log);
    results.targets[target] = {
      runs: Number(done?.[1] ?? stat("number_of_executed_units")),
      seconds: Number(done?.[2] ?? seconds),
      peak_rss_mb: stat("peak_rss_mb"),
      corpus_inputs: fs.readdirSync(`fuzz/corpus/${target}`).length,
      findings: 0,
    };
  }
  fs.writeFileSync("fuzz/results.json", JSON.stringify(results, null, 2) + "\n");
  for (const [target, r] of Object.entries(results.targets)) {
    console.log(`fuzz: ${target}: ${r.runs} inputs in ${r.seconds} s, no finding`);
  }
' "$SECONDS_EACH" "$TIMEOUT" "$MAX_LEN" $TARGETS
