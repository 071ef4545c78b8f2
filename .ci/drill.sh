#!/usr/bin/env bash
# The maintainer's drill: grow a copy of the spec by two operations
# (GET /api/v1/chats/{chat_id} and GET /api/v1/chats?limit=), a boolean
# action (WhatsApp only), a string action (WhatsApp and Telegram), one
# error type and a new path prefix (/api/v2), change nothing else, build,
# and prove that everything users touch followed:
#   - lint-spec passes on the copy; the generated client has a typed method
#     per new operation, sent with the key (the mock answers 501, or 401 to
#     a wrong key);
#   - the facade has the variants and methods (an example run against the
#     mock built from the copy), ErrorKind has the new type;
#   - the provider handles, async and blocking, have the methods only where
#     the spec lists the provider (a LinkedIn/Telegram call of a
#     WhatsApp-only method does not compile: E0599), and the blocking client
#     performs the new actions too;
#   - the CLI performs both new actions against the copy's mock binary
#     (state visible at /__mock/chats/{id}, 501 for an unlisted provider),
#     and the mock serves the new path and not the old one.
# The copy shares this checkout's target directory: registry crates are not
# rebuilt, only the workspace's own crates (their paths differ).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target="${CARGO_TARGET_DIR:-$root/target}"
copy=$(mktemp -d "${TMPDIR:-/tmp}/postpress-drill.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$copy"; }
trap cleanup EXIT

echo "drill: copying the workspace to $copy"
git ls-files -z | xargs -0 cp -P --parents -t "$copy"
python3 .ci/drill/grow_ops.py "$copy/openapi/postpress.yaml"
python3 .ci/drill/grow_spec.py "$copy/openapi/postpress.yaml"
# Not an edit the build needs: cargo names a workspace crate's artifacts
# by its path inside the workspace and its version, so the copy, which
# shares this checkout's target directory, would overwrite this checkout's
# artifacts and make every later step rebuild them. At another version it
# keeps its own.
python3 - "$copy/Cargo.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# The workspace version, patch + 1: still within every `version = "0.x.y"`
# requirement the members state on each other.
new, n = re.subn(r'^version = "(\d+)\.(\d+)\.(\d+)"$',
                 lambda m: f'version = "{m[1]}.{m[2]}.{int(m[3]) + 1}"', text, count=1, flags=re.M)
if n != 1:
    sys.exit("drill: no version line in the copy's Cargo.toml")
open(path, "w", encoding="utf-8").write(new)
PY
# The probes are the drill's, not the product's: added as examples
# (drill_fail.rs, which must not compile, once the build is done).
cp .ci/drill/drill.rs "$copy/crates/postpress/examples/"

cd "$copy"
export CARGO_TARGET_DIR="$target"
echo "drill: cargo xtask lint-spec on the grown copy (every operation: summary, description, examples, error envelope)"
# The copy's code is this checkout's: CI's prebuilt xtask (XTASK_BIN) runs
# on the copy when pointed at it; without XTASK_BIN, `cargo xtask` in the copy.
. "$root/.ci/lib.sh"
CARGO_MANIFEST_DIR="$copy/xtask" xtask lint-spec
echo "drill: building the copy's workspace (no other edit: it regenerates at build time)"
# What the drill runs: its example, the CLI and the mock binaries, built
# with the features of the README's test build (`--example` turns on the
# dev-dependencies, as `cargo test` does; postpress-tests turns on every
# package's `regenerate`, so the build follows the spec), so the registry
# crates CI built for the tests are reused and only the copy's own crates
# compile. No test binary: the copy's tests are not what the drill checks.
cargo build --workspace --bin postpress --bin postpress-mock --example drill 2>"$copy/build.err" \
  || { cat "$copy/build.err" >&2; exit 1; }
grep -q "differ from it: run \`cargo xtask codegen\`" "$copy/build.err" \
  || { echo "error: the workspace build did not warn that the shipped generated code lags the spec:" >&2; cat "$copy/build.err" >&2; exit 1; }
echo "drill: built; it warned that src/generated/ lags the spec"
"$target/debug/examples/drill"

echo "drill: a handle without the provider must not have the method"
cp "$root/.ci/drill/drill_fail.rs" "$copy/crates/postpress/examples/"
if out=$(cargo build --quiet --workspace --example drill_fail 2>&1); then
  echo "error: drill_fail compiled: a provider handle has a method its provider does not support" >&2
  exit 1
fi
for want in "no method named \`set_starred_status\` found for struct \`postpress::LinkedInChat\`" \
            "no method named \`set_starred_status\` found for struct \`postpress::TelegramChat\`" \
            "no method named \`set_nickname\` found for struct \`postpress::LinkedInChat\`" \
            "no method named \`star\` found for struct \`postpress::LinkedInChat\`" \
            "no method named \`unstar\` found for struct \`postpress::blocking::LinkedInChat\`" \
            "no method named \`star\` found for struct \`postpress::blocking::TelegramChat\`"; do
  grep -qF "$want" <<<"$out" || { echo "error: expected '$want' in:" >&2; echo "$out" >&2; exit 1; }
done
[ "$(grep -c 'error\[E0599\]' <<<"$out")" = 6 ] || { echo "error: expected exactly 6 E0599 errors:" >&2; echo "$out" >&2; exit 1; }
echo "drill: 6 x E0599 as expected (async and blocking handles)"

echo "drill: the CLI against the copy's mock binary"
start_mock "$target/debug/postpress-mock" --api-key drill-key --seed demo
pid=$MOCK_PID
url=$MOCK_URL
export POSTPRESS_BASE_URL="$url" POSTPRESS_API_KEY=drill-key
pp() { "$target/debug/postpress" "$@"; }
expect() { # expect CODE -- command...
  local want=$1; shift 2
  set +e; "$@" >/dev/null 2>&1; local got=$?; set -e
  [ "$got" = "$want" ] || { echo "error: '$*' exited $got, expected $want" >&2; exit 1; }
  echo "  ok ($got): $*"
}
pp chat --help | grep -q 'set-starred-status' || { echo "error: --help does not list set-starred-status" >&2; exit 1; }
pp chat --help | grep -qE '^ *- star: ' || { echo "error: --help does not list star" >&2; exit 1; }
pp chat --help | grep -q 'set-nickname' || { echo "error: --help does not list set-nickname" >&2; exit 1; }
expect 0 -- pp chat wa-group-1 star
expect 0 -- pp chat wa-group-1 set-starred-status true
expect 0 -- pp chat wa-group-1 set-nickname Bob
expect 0 -- pp chat tg-group-1 set-nickname Tom
expect 6 -- pp chat li-chat-1 set-starred-status true
expect 6 -- pp chat li-chat-1 set-nickname Bob
expect 6 -- pp chat tg-group-1 set-starred-status true
expect 2 -- pp chat wa-group-1 set-starred-status maybe
printf 'wa-group-1\nwa-chat-1\n' | pp bulk set-starred-status false --from - >/dev/null
python3 - "$url" <<'PY'
import json, sys, urllib.error, urllib.request
url = sys.argv[1]
get = lambda p: json.load(urllib.request.urlopen(url + p, timeout=10))
wa, tg, log = get("/__mock/chats/wa-group-1"), get("/__mock/chats/tg-group-1"), get("/__mock/requests")
assert wa["starred"] is False, wa          # set true, then bulk false
assert wa["nickname"] == "Bob", wa
assert tg["nickname"] == "Tom" and tg["starred"] is False, tg
paths = {r["path"].rsplit("/", 1)[0] for r in log}
assert paths == {"/api/v2/chats"}, paths
print("drill: state visible (starred, nickname), every request on /api/v2/chats/")
old = urllib.request.Request(url + "/api/v1/chats/wa-group-1", method="PATCH",
    data=b'{"action":"setStarredStatus","value":true}',
    headers={"x-api-key": "drill-key", "content-type": "application/json"})
try:
    urllib.request.urlopen(old, timeout=10)
    sys.exit("error: the old path /api/v1 answered 2xx")
except urllib.error.HTTPError as e:
    assert e.code == 404, e.code
print("drill: the old path /api/v1 is not served (404)")
PY

echo "drill: a single package of the copy refuses its stale shipped code"
# Checked with the features of CI's no-TLS check (run before the drill), so
# the registry crates are checked already.
if out=$(cargo check --quiet -p postpress --no-default-features 2>&1); then
  echo "error: cargo check -p postpress used generated code older than the grown spec" >&2
  exit 1
fi
# Whichever package's build script runs first names its own file
# (postpress-api's api.rs or postpress's actions.rs).
grep -qE "src/generated/[a-z]+\.rs is older than openapi/postpress.yaml \(spec-sha256 differs\): run \`cargo xtask codegen\`" <<<"$out" \
  || { echo "error: unexpected failure:" >&2; echo "$out" >&2; exit 1; }
echo "  ok: $(grep -m1 'older than' <<<"$out")"

echo "drill: packaging the copy with stale generated code fails"
CARGO_TARGET_DIR="$copy/pkg-target" cargo package --quiet --no-verify --allow-dirty -p postpress-build -p postpress-codegen -p postpress-api >/dev/null 2>&1
pkg="$copy/pkg"
mkdir -p "$pkg"
tar xzf "$copy/pkg-target/package/postpress-api-$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1).crate" -C "$pkg"
if out=$(CARGO_MANIFEST_DIR="$copy/xtask" xtask codegen --check --package "$pkg"/postpress-api-* 2>&1); then
  echo "error: the stale package passed codegen --check --package" >&2
  exit 1
fi
grep -q "ships generated code that its own openapi/postpress.yaml does not generate" <<<"$out" \
  || { echo "error: unexpected output:" >&2; echo "$out" >&2; exit 1; }
echo "  ok: $(tail -1 <<<"$out")"

echo "drill: cargo xtask codegen regenerates the copy (its 35 error types are cargo test's concern, not the generator's)"
CARGO_MANIFEST_DIR="$copy/xtask" xtask codegen >/dev/null
CARGO_MANIFEST_DIR="$copy/xtask" xtask codegen --check >/dev/null
cargo check --quiet -p postpress --no-default-features
echo "drill: after cargo xtask codegen, -p postpress compiles and --check passes"
echo "drill: passed"
