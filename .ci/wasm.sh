#!/usr/bin/env bash
# The client on wasm32-unknown-unknown: `postpress` (default-features =
# false) builds for it, and the wasm-bindgen tests of
# crates/postpress-wasm-tests pass in headless Chromium (Debian's chromium
# and chromium-driver, installed by .ci/run) against `postpress-mock --cors`
# started here on a free port. Run from the repo root.
#
#   .ci/wasm.sh           installs the test runner when missing, then all of the above
#   .ci/wasm.sh install   only installs the test runner (.ci/run does it in the
#                         background, while the tests run)
set -euo pipefail
. .ci/lib.sh

# wasm-bindgen-test-runner must be the version of the wasm-bindgen crate
# the lockfile pins. Installed without --locked: 0.2.130's own lockfile
# pins a webpki-roots release the registry no longer serves. A debug
# build without debug info is plenty for a test runner, and builds
# fastest; no TLS (it only talks to ChromeDriver on loopback), so no TLS
# stack to build. Its own target directory, so it never waits for the
# workspace's.
install_runner() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
  have=$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    echo "wasm: installing wasm-bindgen-cli $want (debug build)"
    CARGO_PROFILE_DEV_DEBUG=false cargo install --quiet --debug --force --no-default-features wasm-bindgen-cli --version "$want" \
      --target-dir "${CARGO_TARGET_DIR:-target}/wasm-bindgen-cli"
  fi
  echo "wasm: $(wasm-bindgen-test-runner --version)"
}
if [ "${1:-}" = install ]; then
  install_runner
  exit 0
fi

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target add wasm32-unknown-unknown

# postpress (default-features = false) is built for wasm32 by the browser
# tests below, which depend on it as a wasm user does; clippy checks it
# with the middleware feature too.
echo "wasm: cargo clippy for wasm32-unknown-unknown"
cargo clippy --quiet -p postpress --no-default-features --features middleware --target wasm32-unknown-unknown -- -D warnings
cargo clippy --quiet -p postpress-wasm-tests --tests --target wasm32-unknown-unknown -- -D warnings

install_runner

test_binaries
start_mock "$bin_dir/postpress-mock" --cors --seed demo
trap 'kill "$MOCK_PID" 2>/dev/null || true' EXIT
echo "wasm: the browser tests against $MOCK_URL (headless Chromium)"
# The runner reads webdriver.json (Chromium's flags) from the package dir.
POSTPRESS_WASM_MOCK_URL=$MOCK_URL \
CHROMEDRIVER=$(command -v chromedriver) \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=60 \
  cargo test -p postpress-wasm-tests --target wasm32-unknown-unknown --test browser
