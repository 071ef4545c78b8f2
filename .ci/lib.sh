# Shared pieces of the CI scripts; source it (`. .ci/lib.sh`) from the repo root.

# xtask ARGS...: `cargo xtask ARGS`, or the binary XTASK_BIN names. .ci/run
# sets it to the xtask that `cargo test --workspace` built with the
# workspace's features: `cargo run -p xtask` resolves xtask's features alone
# and would build a second copy of its dependencies.
xtask() {
  if [ -n "${XTASK_BIN:-}" ]; then "$XTASK_BIN" "$@"; else cargo xtask "$@"; fi
}

# npm_tool DIR PIN: installs the npm package PIN into DIR (reinstalled when
# the pin changes).
npm_tool() {
  local dir=$1 pin=$2
  if [ "$(cat "$dir/.pin" 2>/dev/null)" != "$pin" ]; then
    rm -rf "$dir"
    mkdir -p "$dir"
    echo '{"name":"postpress-ci-node","private":true}' > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --silent "$pin")
    echo "$pin" > "$dir/.pin"
  fi
}

# start_mock BIN ARGS...: starts the postpress-mock binary BIN on a free
# port in the background, sets MOCK_PID and MOCK_URL, and waits until it
# listens. The caller kills MOCK_PID.
start_mock() {
  local bin=$1; shift
  local log
  log=$(mktemp)
  "$bin" --port 0 "$@" >"$log" 2>&1 &
  MOCK_PID=$!
  MOCK_URL=""
  for _ in $(seq 1 100); do
    MOCK_URL=$(sed -n 's/^postpress-mock listening on \(http:[^ ]*\)$/\1/p' "$log")
    [ -n "$MOCK_URL" ] && break
    sleep 0.1
  done
  if [ -z "$MOCK_URL" ]; then
    echo "postpress-mock did not start:"
    cat "$log"
    kill "$MOCK_PID" 2>/dev/null || true
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
