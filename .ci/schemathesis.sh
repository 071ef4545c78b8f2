#!/usr/bin/env bash
# Runs schemathesis (from target/ci-venv) against the postpress-mock binary
# with openapi/postpress.yaml: every response must conform to the spec.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/python-tools.sh
# The whole workspace, so that features unify as in `cargo test --workspace`
# and nothing is rebuilt.
cargo build --quiet --workspace --bins
log=$(mktemp)
"${CARGO_TARGET_DIR:-target}/debug/postpress-mock" --port 0 --api-key ci-key --seed demo >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -f "$log"' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^postpress-mock listening on \(http:[^ ]*\)$/\1/p' "$log")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "postpress-mock did not start:"; cat "$log"; exit 1; }
st=target/ci-venv/bin/schemathesis
common=(--url "$url" -H "X-API-KEY: ci-key" --checks all --max-examples 150 --workers 2 --seed 1)
echo "schemathesis: generated chat ids against $url"
"$st" run openapi/postpress.yaml "${common[@]}"
echo "schemathesis: an existing chat (wa-group-1)"
"$st" --config-file .ci/schemathesis.toml run openapi/postpress.yaml "${common[@]}"
