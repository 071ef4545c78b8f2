#!/usr/bin/env bash
# Spec fidelity proven by Stoplight Prism, a mock server and validating proxy
# that knows only openapi/postpress.yaml: the `postpress` CLI runs every
# action against `prism mock` (static examples and --dynamic), and against
# `prism proxy --errors` in front of the postpress-mock binary, compared with
# the same calls to the mock directly (.ci/prism.py). Installs
# @stoplight/prism-cli from npm into target/ci-node-prism (reinstalled when
# the pin changes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/python-tools.sh
. .ci/lib.sh
dir=target/ci-node-prism
npm_tool "$dir" '@stoplight/prism-cli@5.16.0'
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
target/ci-venv/bin/python .ci/prism.py \
  --prism "$dir/node_modules/.bin/prism" \
  --bin-dir "$bin_dir" \
  --spec openapi/postpress.yaml
