#!/usr/bin/env bash
# The Open311 "Done means" of issue #6: a GeoReport v2 client that nobody here wrote reads
# services and requests from `motcua serve --demo`. The client is `georeport` from PyPI
# (pinned), installed into a throw-away virtual environment; the server is the built binary
# (MOTCUA_BIN, else target/debug/motcua) on a free port with a fresh data folder.
#
#   cargo build -p motcua && bash tests-support/open311-client.sh
#
# Needs python3 with venv and pip (Debian: python3-venv) and access to PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${MOTCUA_BIN:-target/debug/motcua}
GEOREPORT_VERSION=0.3.1
if [ ! -x "$BIN" ]; then
  echo "ERROR: $BIN not found. Build it first: cargo build -p motcua" >&2
  exit 1
fi
# A developer's MOTCUA_DATABASE_URL (or any other setting) must not send the test elsewhere.
for v in $(env | grep -o '^MOTCUA_[A-Z0-9_]*' || true); do unset "$v"; done

work=$(mktemp -d)
pid=
cleanup() {
  local rc=$?
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -f "$work/server.log" ]; then
    echo "--- motcua server log (last lines) ---" >&2
    tail -n 40 "$work/server.log" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "georeport==$GEOREPORT_VERSION"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" serve --demo --demo-dossiers 60 --addr "127.0.0.1:$port" --data-dir "$work/data" \
  >"$work/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do
  if grep -q "is running at" "$work/server.log" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "ERROR: motcua exited" >&2; exit 1; fi
  sleep 0.2
done
grep -q "is running at" "$work/server.log" || { echo "ERROR: motcua did not start" >&2; exit 1; }

"$work/venv/bin/python" tests-support/open311_client_test.py "http://127.0.0.1:$port"
