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
test_binaries
target/ci-venv/bin/python .ci/prism.py \
  --prism "$dir/node_modules/.bin/prism" \
  --bin-dir "$bin_dir" \
  --spec openapi/postpress.yaml
