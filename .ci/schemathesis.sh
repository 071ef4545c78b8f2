#!/usr/bin/env bash
# Runs schemathesis (from target/ci-venv) against the postpress-mock binary
# with openapi/postpress.yaml: every response must conform to the spec.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/python-tools.sh
. .ci/lib.sh
test_binaries
start_mock "$bin_dir/postpress-mock" --api-key ci-key --seed demo
trap 'kill $MOCK_PID 2>/dev/null || true' EXIT
url=$MOCK_URL
st=target/ci-venv/bin/schemathesis
common=(--url "$url" -H "X-API-KEY: ci-key" --checks all --max-examples 150 --workers 2 --seed 1)
echo "schemathesis: generated chat ids against $url"
"$st" run openapi/postpress.yaml "${common[@]}"
echo "schemathesis: an existing chat (wa-group-1)"
"$st" --config-file .ci/schemathesis.toml run openapi/postpress.yaml "${common[@]}"
