#!/usr/bin/env bash
# Lints openapi/postpress.yaml with Spectral's spectral:oas ruleset. Installs
# @stoplight/spectral-cli from npm into target/ci-node (reinstalled when the
# pin changes). Fails on any finding of severity warning or above.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/lib.sh
dir=target/ci-node
npm_tool "$dir" '@stoplight/spectral-cli@6.16.3'
"$dir/node_modules/.bin/spectral" lint openapi/postpress.yaml --ruleset .spectral.yaml --fail-severity=warn
