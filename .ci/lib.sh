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

# test_binaries: sets bin_dir to where the postpress and postpress-mock
# binaries are, as `cargo test --workspace` builds them (the mock's and the
# CLI's, for its integration tests): the same command, so after the tests
# nothing is rebuilt (`cargo build` would resolve features without the
# dev-dependencies, and rebuild much of the graph). .ci/run, which built
# them already, names a copy of them in POSTPRESS_CI_BIN_DIR instead: its
# callers run beside other builds there (the drill's replaces
# target/debug's binaries with its grown copy's), and must not wait for
# their lock on the target directory.
test_binaries() {
  bin_dir=${POSTPRESS_CI_BIN_DIR:-}
  if [ -z "$bin_dir" ]; then
    cargo test --quiet --workspace --no-run
    bin_dir="${CARGO_TARGET_DIR:-target}/debug"
  fi
}
