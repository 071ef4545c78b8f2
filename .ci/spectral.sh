#!/usr/bin/env bash
# Lints openapi/postpress.yaml with Spectral's spectral:oas ruleset. Installs
# @stoplight/spectral-cli from npm into target/ci-node (reinstalled when the
# pin changes). Fails on any finding of severity warning or above.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/ci-node
pin='@stoplight/spectral-cli@6.16.3'
if [ "$(cat "$dir/.pin" 2>/dev/null)" != "$pin" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  echo '{"name":"postpress-ci-node","private":true}' > "$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --silent "$pin")
  echo "$pin" > "$dir/.pin"
fi
"$dir/node_modules/.bin/spectral" lint openapi/postpress.yaml --ruleset .spectral.yaml --fail-severity=warn
