#!/usr/bin/env bash
# Lints openapi/postpress.yaml with Spectral's spectral:oas ruleset. Installs
# @stoplight/spectral-cli from npm into target/ci-node. Fails on any finding
# of severity warning or above.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/ci-node
if [ ! -x "$dir/node_modules/.bin/spectral" ]; then
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"name":"postpress-ci-node","private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --silent '@stoplight/spectral-cli@6.16.3')
fi
"$dir/node_modules/.bin/spectral" lint openapi/postpress.yaml --ruleset .spectral.yaml --fail-severity=warn
