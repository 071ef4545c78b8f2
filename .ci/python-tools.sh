#!/usr/bin/env bash
# Installs the Python tools CI uses into target/ci-venv, at pinned versions.
# Reinstalls when the pins change.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/ci-venv
pins="openapi-spec-validator==0.9.0 schemathesis==4.32.5"
stamp="$venv/.pins"
if [ "$(cat "$stamp" 2>/dev/null)" != "$pins" ]; then
  rm -rf "$venv"
  if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv"
    else
      python3 -m pip install --quiet --user virtualenv
      python3 -m virtualenv --quiet "$venv"
    fi
  fi
  # shellcheck disable=SC2086
  "$venv/bin/pip" install --quiet --disable-pip-version-check $pins
  echo "$pins" > "$stamp"
fi
