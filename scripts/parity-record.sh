#!/usr/bin/env bash
# Regenerates tests/parity/fastapi.json, FastAPI's answers to the tutorial requests that
# tests/e2e/parity.test.js holds the edgeapi app to. Needs Python 3 and PyPI; installs
# FastAPI (tests/parity/requirements.txt) into build/parity-venv. Not part of make test.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=build/parity-venv
if [[ ! -x $venv/bin/python ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/parity/requirements.txt
PYTHON="$PWD/$venv/bin/python" node tests/parity/record.mjs
