#!/usr/bin/env bash
# Publish-readiness, as a registry user meets the crates:
#   1. `cargo package` the published crates (postpress-build,
#      postpress-util, postpress-codegen, postpress-api, postpress,
#      postpress-jobs, postpress-mock, postpress-cli);
#   2. check that the spec shipped inside each package that ships generated
#      code (postpress-api, postpress, postpress-mock, postpress-cli) is the
#      one at the top, and that the generated code it ships is what that
#      spec generates, byte for byte (`cargo xtask codegen --check --package`);
#   3. build a consumer (.ci/consumer/app, depending on `postpress = "0.1"`
#      and `postpress-mock = "0.1"`) and the packaged CLI and mock binaries
#      from the unpacked packages only ([patch.crates-io] to them), with the
#      MSRV toolchain (1.88, installed by rustup) and every feature docs.rs
#      documents, so the MSRV is checked on exactly what users compile;
#      prove no generator crate is in their build graph;
#   4. the packages' docs: `cargo doc -D warnings -D missing_docs` with all
#      features and with default features, and with each crate's docs.rs
#      features as docs.rs builds them (DOCS_RS=1, offline);
#   5. run the consumer, and the packaged CLI against the packaged mock;
#   6. time the cold build of a `postpress` + `tokio` consumer against a
#      hand-written reqwest + serde client (.ci/build-weight.sh).
#
#   .ci/package.sh          all of it
#   .ci/package.sh pack     1 and 2 (in the workspace's target directory)
#   .ci/package.sh build    3, after pack (its own target directory: .ci/run
#                           runs it in the background while the tests run)
#   .ci/package.sh docs     4, after pack (in the workspace's target
#                           directory, with the workspace's profile: the
#                           registry crates are checked once for all three
#                           feature sets and for clippy)
#   .ci/package.sh run      5 and 6, after build (6 times cold builds: run
#                           nothing else beside it)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
t0=$SECONDS
phases=${1:-pack build docs run}
. .ci/lib.sh
phase() { echo "package: [$((SECONDS - t0)) s] $*"; }
# docsrs_features: the features each packaged crate's
# [package.metadata.docs.rs] names, as `crate/feature,...` (after pack).
docsrs_features() {
  python3 - "$work/pkgs" "$version" "${crates[@]}" <<'PY'
import sys, tomllib
pkgs, version = sys.argv[1], sys.argv[2]
out = []
for c in sys.argv[3:]:
    with open(f"{pkgs}/{c}-{version}/Cargo.toml", "rb") as f:
        meta = tomllib.load(f).get("package", {}).get("metadata", {}).get("docs", {}).get("rs", {})
    if meta.get("all-features"):
        sys.exit(f"{c}: docs.rs all-features is not supported here")
    out += [f"{c}/{feat}" for feat in meta.get("features", [])]
print(",".join(out))
PY
}
msrv=$(sed -n 's/^rust-version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
crates=(postpress-build postpress-util postpress-codegen postpress-api postpress postpress-jobs postpress-mock postpress-cli)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
crate_args=(); for c in "${crates[@]}"; do crate_args+=(-p "$c"); done
# workspace_manifest MEMBER...: a workspace of MEMBERs whose
# [patch.crates-io] points every package another one depends on (all but
# the CLI) at the unpacked packages in pkgs/ beside it.
workspace_manifest() {
  local members="" m c
  for m in "$@"; do members+="${members:+, }\"$m\""; done
  echo '[workspace]'
  echo 'resolver = "3"'
  echo "members = [$members]"
  echo
  echo '[patch.crates-io]'
  for c in "${crates[@]}"; do
    [ "$c" = postpress-cli ] || echo "$c = { path = \"pkgs/$c-$version\" }"
  done
}
pkg_members=(); for c in "${crates[@]}"; do pkg_members+=("pkgs/$c-$version"); done

target="${CARGO_TARGET_DIR:-target}"
work="$target/consumer"
bin="$work/target/debug"

if [[ " $phases " == *" pack "* ]]; then
  phase "cargo package ${crates[*]}"
  # The packages' own builds are checked below, from the unpacked contents.
  cargo package --quiet --no-verify --allow-dirty "${crate_args[@]}"

  rm -rf "$work/pkgs" "$work/app"
  mkdir -p "$work/pkgs"
  for c in "${crates[@]}"; do
    tar xzf "$target/package/$c-$version.crate" -C "$work/pkgs"
  done
  for c in postpress-api postpress postpress-mock postpress-cli; do
    cmp "$work/pkgs/$c-$version/openapi/postpress.yaml" openapi/postpress.yaml \
      || { echo "error: the spec shipped in $c differs from openapi/postpress.yaml" >&2; exit 1; }
    xtask codegen --check --package "$work/pkgs/$c-$version"
  done
  phase "each shipped spec is openapi/postpress.yaml, and each package's generated code is what it generates"
  for c in "${crates[@]}"; do
    for f in README.md LICENSE-MIT LICENSE-APACHE; do
      [ -s "$work/pkgs/$c-$version/$f" ] || { echo "error: $c is packaged without $f" >&2; exit 1; }
    done
  done
fi

if [[ " $phases " == *" build "* ]]; then
  cp -r .ci/consumer/app "$work/app"
  # The packages are members too, so that --features can name theirs.
  workspace_manifest app "${pkg_members[@]}" > "$work/Cargo.toml"
  # The versions this repository tests with.
  cp Cargo.lock "$work/Cargo.lock"

  if ! rustup run "$msrv" rustc --version >/dev/null 2>&1; then
    phase "installing Rust $msrv (the MSRV) with rustup"
    rustup toolchain install "$msrv" --profile minimal
  fi
  # What a registry user builds: the consumer, the CLI and the mock; with
  # the features docs.rs documents (blocking, middleware, schemars, the
  # jobs' redis), so that their code is compiled with the MSRV too.
  users=(-p postpress-consumer -p postpress-cli -p postpress-mock)
  docsrs_features=$(docsrs_features)
  # Without debug info: this build proves the MSRV and gives part 5 its
  # binaries, which need none (before it took the docs.rs
  # features: 168 CPU-s here, against 199 with debug info).
  phase "building the consumer, the CLI and the mock from the packages with Rust $msrv"
  (cd "$work" && CARGO_TARGET_DIR=target CARGO_PROFILE_DEV_DEBUG=false cargo "+$msrv" build --quiet "${users[@]}" --features "$docsrs_features")

  # What a registry user compiles runs no generator: not for the consumer,
  # not for the CLI or the mock.
  generators='postpress-codegen|progenitor|progenitor-impl|typify|typify-impl|typify-macro|openapiv3|prettyplease'
  graph=$(cd "$work" && cargo "+$msrv" tree --quiet "${users[@]}" --features "$docsrs_features" -e normal,build --prefix none | sed 's/ v[0-9].*//' | sort -u)
  if found=$(grep -xE "$generators" <<<"$graph"); then
    echo "error: generator crates in the packaged consumer's build graph: $found" >&2
    exit 1
  fi
  phase "no generator crate in the graph of the consumer, the CLI or the mock"

fi

if [[ " $phases " == *" docs "* ]]; then
  # The packages in a workspace of their own, with this workspace's
  # profile, built in this workspace's target directory: the registry
  # crates' checked metadata the docs need is shared by the three runs
  # below and by clippy.
  docs="$work/docs"
  rm -rf "$docs"
  mkdir -p "$docs"
  cp -r "$work/pkgs" "$docs/pkgs"
  {
    workspace_manifest "${pkg_members[@]}"
    echo
    sed -n '/^\[profile\.dev\]/,$p' Cargo.toml
  } > "$docs/Cargo.toml"
  cp Cargo.lock "$docs/Cargo.lock"
  features=$(docsrs_features)
  # The crates with features of their own; the others have one feature set.
  featured=(-p postpress -p postpress-api -p postpress-jobs -p postpress-mock -p postpress-cli)
  target_abs=$(cd "$target" && pwd)
  doc() { (cd "$docs" && CARGO_TARGET_DIR="$target_abs" DOCS_RS=1 RUSTDOCFLAGS="-D warnings -D missing_docs" cargo doc --quiet --offline --no-deps "$@"); }
  phase "cargo doc -D warnings -D missing_docs, all features: ${crates[*]}"
  doc "${crate_args[@]}" --all-features
  phase "the same, default features: postpress postpress-api postpress-jobs postpress-mock postpress-cli"
  doc "${featured[@]}"
  phase "the same, each crate's docs.rs features (DOCS_RS=1, offline): $features"
  doc "${crate_args[@]}" --features "$features"
  for c in "${crates[@]}"; do
    [ -s "$target_abs/doc/${c//-/_}/index.html" ] || { echo "error: no docs for $c" >&2; exit 1; }
  done
fi

if [[ " $phases " == *" run "* ]]; then
  "$bin/postpress-consumer"
  start_mock "$bin/postpress-mock" --api-key consumer-key --seed demo
  trap 'kill $MOCK_PID 2>/dev/null || true' EXIT
  export POSTPRESS_BASE_URL=$MOCK_URL POSTPRESS_API_KEY=consumer-key
  "$bin/postpress" chat wa-group-1 set-read-status true
  "$bin/postpress" chat tg-group-1 invite-link
  set +e
  "$bin/postpress" chat li-chat-1 archive 2>/dev/null
  code=$?
  set -e
  [ "$code" = 6 ] || { echo "error: archiving a LinkedIn chat exited $code, not 6 (unsupported)" >&2; exit 1; }
  phase "the packaged CLI against the packaged mock: ok (501 -> exit 6)"

  phase "build weight of a registry consumer"
  bash .ci/build-weight.sh "$work/pkgs" "$msrv"
fi
