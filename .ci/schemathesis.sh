#!/usr/bin/env bash
# Runs schemathesis (from target/ci-venv) against the postpress-mock binary
# with openapi/postpress.yaml: every response must conform to the spec.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/python-tools.sh
# The binaries as `cargo test --workspace` builds them (the mock's and the
# CLI's, for its integration tests): the same command, so after the tests
# nothing is rebuilt (`cargo build` would resolve features without the
# dev-dependencies, and rebuild much of the graph). .ci/run, which built
# them already, names a copy of them in POSTPRESS_CI_BIN_DIR instead: this
# runs beside other builds there (the drill's replaces target/debug's
# binaries with its grown copy's), and must not wait for their lock on the
# target directory.
bin_dir=${POSTPRESS_CI_BIN_DIR:-}
if [ -z "$bin_dir" ]; then
  cargo test --quiet --workspace --no-run
  bin_dir="${CARGO_TARGET_DIR:-target}/debug"
fi
. .ci/lib.sh
start_mock "$bin_dir/postpress-mock" --api-key ci-key --seed demo
trap 'kill $MOCK_PID 2>/dev/null || true' EXIT
url=$MOCK_URL
st=target/ci-venv/bin/schemathesis
common=(--url "$url" -H "X-API-KEY: ci-key" --checks all --max-examples 150 --workers 2 --seed 1)
echo "schemathesis: generated chat ids against $url"
"$st" run openapi/postpress.yaml "${common[@]}"
echo "schemathesis: an existing chat (wa-group-1)"
"$st" --config-file .ci/schemathesis.toml run openapi/postpress.yaml "${common[@]}"
