//! Project tasks: `cargo xtask codegen [--check]`, `cargo xtask lint-spec`,
//! `cargo xtask bench`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result, bail};

mod lint;
mod surface;

const SPEC: &str = "openapi/postpress.yaml";
const SNAP_DIR: &str = "crates/postpress-api/tests/snapshots";
/// The package whose `src/generated/` holds the shipped generated files.
const API_PACKAGE: &str = "crates/postpress-api";
const SNAP_TESTS: &str = "crates/postpress-api/tests/snapshots.rs";
/// The facade's public API, pinned: `cargo xtask codegen` writes it,
/// `--check` fails when it differs.
const PUBLIC_API: &str = "crates/postpress/public-api.txt";

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen           regenerate from openapi/postpress.yaml: write the shipped
                    generated files (crates/postpress-api/src/generated/), the
                    public API outline, and refresh the insta snapshots of the
                    schemas and wire JSON; prints what changed
  codegen --check   change nothing; fail with a diff when any of those is stale
  codegen --check --package DIR
                    only compare the generated files of an unpacked
                    postpress-api package in DIR with what its own spec
                    generates, byte for byte (.ci/package.sh)
  lint-spec         check the spec: parses, every action has providers, every
                    error status lists its types, every example validates
  bench --callgrind instructions per call under valgrind's callgrind (a count
                    noise cannot move): the facade's README path against a
                    careful prebuilt reqwest client, at concurrency 1 and 64;
                    writes target/bench/callgrind.md
  bench [--quick] [--node] [--no-bulk] [--no-pin] [--rounds N] [--requests N]
                    release-build the benchmark and compare the facade (perform
                    and chat().mark_read()) and the generated client with raw
                    reqwest (and the Node SDK) on one loopback server, server and
                    clients pinned to separate cores; then `postpress bulk`
                    against the rate-limited mock; writes target/bench/report.md
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => match &args[1..] {
            [] => codegen(false),
            [flag] if flag == "--check" => codegen(true),
            [flag, package, dir] if flag == "--check" && package == "--package" => {
                check_package(Path::new(dir))
            }
            other => Err(anyhow::anyhow!(
                "codegen: unexpected arguments {other:?}\n\n{USAGE}"
            )),
        },
        Some("lint-spec") if args.len() == 1 => lint::run(&root()),
        Some("bench") => bench(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(true)
        }
        _ => Err(anyhow::anyhow!("{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn bench(args: &[String]) -> Result<bool> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if args.iter().any(|a| a == "--callgrind") {
        return callgrind(&root, &cargo);
    }
    if args.iter().any(|a| a == "--journal-cost") {
        return journal_cost(&root, &cargo);
    }
    let fleet_only = args.iter().any(|a| a == "--fleet");
    let bulk = !args.iter().any(|a| a == "--no-bulk");
    let fleet = !args.iter().any(|a| a == "--no-fleet");
    let mut build = Command::new(&cargo);
    build
        .current_dir(&root)
        .args(["build", "--release", "--quiet", "-p", "postpress-bench"]);
    if bulk || fleet {
        // The bulk and fleet scenarios drive the CLI against the mock binary.
        build.args(["-p", "postpress-cli", "-p", "postpress-mock"]);
    }
    if !build.status().context("building postpress-bench")?.success() {
        bail!("building postpress-bench failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let release = target.join("release");
    let bench_dir = target.join("bench");
    if !fleet_only {
        let mut run = Command::new(release.join("postpress-bench"));
        run.current_dir(&root)
            .args(
                args.iter()
                    .filter(|a| !["--no-bulk", "--no-fleet"].contains(&a.as_str())),
            )
            .arg("--out")
            .arg(bench_dir.join("report.md"))
            .arg("--node-dir")
            .arg(bench_dir.join("node"));
        if bulk {
            run.arg("--bulk").arg(&release);
        }
        if !run.status().context("running postpress-bench")?.success() {
            return Ok(false);
        }
    }
    if fleet {
        let quick = args.iter().any(|a| a == "--quick");
        let status = Command::new(release.join("postpress-bench"))
            .current_dir(&root)
            .arg("fleet")
            .arg("--bin-dir")
            .arg(&release)
            .args(["--rounds", if quick { "1" } else { "3" }])
            .arg("--out")
            .arg(bench_dir.join("fleet.md"))
            .status()
            .context("running the fleet scenario")?;
        if !status.success() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Builds `postpress-bench` in release; returns the target directory, the
/// binary and the folder for callgrind's output files.
fn release_bench(root: &Path, cargo: &str) -> Result<(PathBuf, PathBuf, PathBuf)> {
    if !Command::new(cargo)
        .current_dir(root)
        .args(["build", "--release", "--quiet", "-p", "postpress-bench"])
        .status()
        .context("building postpress-bench")?
        .success()
    {
        bail!("building postpress-bench failed");
    }
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let bin = target.join("release").join("postpress-bench");
    let dir = target.join("bench").join("callgrind");
    std::fs::create_dir_all(&dir)?;
    Ok((target, bin, dir))
}

/// The instructions callgrind counts for `bin ARGS` (written to `out`).
fn callgrind_instructions(bin: &Path, out: &Path, args: &[&str]) -> Result<u64> {
    let status = Command::new("valgrind")
        .args(["--tool=callgrind", "--trace-children=no"])
        .arg(format!("--callgrind-out-file={}", out.display()))
        .arg(bin)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running valgrind (Debian package valgrind)")?;
    if !status.success() {
        bail!("valgrind {} {} failed", bin.display(), args.join(" "));
    }
    let text = std::fs::read_to_string(out)?;
    text.lines()
        .find_map(|l| l.strip_prefix("summary: ").or_else(|| l.strip_prefix("totals: ")))
        .and_then(|n| n.trim().parse().ok())
        .with_context(|| format!("no summary line in {}", out.display()))
}

/// What a journal costs per chat: `Client::run_job` with and without one,
/// under callgrind (instructions, (hi - lo) / (hi - lo requests)) and in
/// paired timed rounds (wall time, which also counts the write(2) calls
/// callgrind does not see).
fn journal_cost(root: &Path, cargo: &str) -> Result<bool> {
    let (target, bin, dir) = release_bench(root, cargo)?;
    let (lo, hi) = (2_000usize, 6_000usize);
    let instructions = |journal: bool, requests: usize| -> Result<u64> {
        let out = dir.join(format!(
            "job{}.n{requests}",
            if journal { "-journal" } else { "" }
        ));
        let requests = requests.to_string();
        let mut args = vec!["job", "--requests", &requests];
        args.extend(journal.then_some("--journal"));
        callgrind_instructions(&bin, &out, &args)
    };
    let per_chat = |journal: bool| -> Result<f64> {
        Ok((instructions(journal, hi)? as f64 - instructions(journal, lo)? as f64) / (hi - lo) as f64)
    };
    let (plain, journaled) = (per_chat(false)?, per_chat(true)?);
    let timed = |journal: bool| -> Result<f64> {
        let out = Command::new("taskset")
            .args(["-c", "1"])
            .arg(&bin)
            .args(["job", "--requests", "20000"])
            .args(journal.then_some("--journal"))
            .output()
            .context("running the job bench")?;
        if !out.status.success() {
            bail!("job bench failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().parse::<f64>()? / 20_000.0 * 1e6)
    };
    let mut pairs = Vec::new();
    for round in 0..5 {
        let (a, b) = if round % 2 == 0 {
            (timed(false)?, timed(true)?)
        } else {
            let b = timed(true)?;
            (timed(false)?, b)
        };
        pairs.push(b - a);
    }
    pairs.sort_by(f64::total_cmp);
    let report = format!(
        "What a journal costs per chat (`Client::run_job`, 64 in flight, bench server on loopback):\n\n\
         | | per chat |\n|---|---:|\n\
         | instructions without a journal | {plain:.0} |\n\
         | instructions with a journal | {journaled:.0} ({:+.0}, {:.3}x) |\n\
         | wall time added (median of 5 paired rounds of 20,000 chats, one core) | {:.2} us |\n",
        journaled - plain,
        journaled / plain,
        pairs[pairs.len() / 2]
    );
    print!("{report}");
    std::fs::write(target.join("bench").join("journal.md"), &report)?;
    Ok(true)
}

/// The clients compared under callgrind: (bench name, extra argument, shown as).
const CALLGRIND_CLIENTS: [(&str, Option<&str>, &str); 4] = [
    (
        "raw-reqwest prebuilt",
        None,
        "prebuilt reqwest (Url, HeaderMap once; static body; 30 s timeout)",
    ),
    (
        "facade perform",
        None,
        "facade `client.perform(id, SetReadStatus(true))`",
    ),
    (
        "facade chat().mark_read()",
        None,
        "facade `client.chat(id).mark_read()` (README client), no subscriber",
    ),
    (
        "facade chat().mark_read()",
        Some("--subscriber-off"),
        "the same with a fmt subscriber filtering postpress off",
    ),
];

/// Instructions per call: the count of a run of `hi` requests minus one of
/// `lo`, over `hi - lo`, so start-up and connection set-up cancel out.
fn callgrind(root: &Path, cargo: &str) -> Result<bool> {
    let (lo, hi) = (2_000usize, 6_000usize);
    let (target, bin, dir) = release_bench(root, cargo)?;
    let count = |client: &str, extra: Option<&str>, concurrency: usize, requests: usize| -> Result<u64> {
        let name = format!("{client}{}", extra.unwrap_or_default());
        let out = dir.join(format!(
            "{}.c{concurrency}.n{requests}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "")
        ));
        let (concurrency, requests) = (concurrency.to_string(), requests.to_string());
        let mut args = vec![
            "--only",
            client,
            "--concurrency",
            &concurrency,
            "--requests",
            &requests,
        ];
        args.extend(["--warmup", "0", "--rounds", "1", "--no-pin"]);
        args.extend(extra);
        callgrind_instructions(&bin, &out, &args)
    };
    let mut report = format!(
        "Instructions per call under callgrind: (count at {hi} requests - count at {lo}) / {}, \
         one tokio worker, the bench's hyper server on loopback (not traced).\n\n\
         | client | concurrency | instructions/call | x prebuilt |\n|---|---:|---:|---:|\n",
        hi - lo
    );
    let mut worst: f64 = 0.0;
    for concurrency in [1usize, 64] {
        let mut base = None;
        for (client, extra, shown) in CALLGRIND_CLIENTS {
            eprintln!("callgrind: {shown} at concurrency {concurrency}");
            let per_call = (count(client, extra, concurrency, hi)? as f64
                - count(client, extra, concurrency, lo)? as f64)
                / (hi - lo) as f64;
            let base = *base.get_or_insert(per_call);
            let ratio = per_call / base;
            if client.starts_with("facade") {
                worst = worst.max(ratio);
            }
            report.push_str(&format!(
                "| {shown} | {concurrency} | {per_call:.0} | {ratio:.3} |\n"
            ));
        }
    }
    report.push_str(&format!(
        "\nWorst facade ratio: {worst:.3} (the goal: at most 1.04).\n"
    ));
    print!("{report}");
    std::fs::write(target.join("bench").join("callgrind.md"), &report)?;
    Ok(true)
}

/// The workspace root: the parent of the xtask package that cargo is
/// running now (`CARGO_MANIFEST_DIR` as cargo sets it at run time), so a
/// shared target directory or a moved checkout never points at another copy.
/// The compiled-in path is only the fallback for running the binary by hand.
pub(crate) fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The body of an insta `.snap` file (after its `---` header).
fn snapshot_body(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(i) => &rest[i + 5..],
        None => text,
    }
}

fn read_snapshots(dir: &Path) -> Result<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "snap") {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            // A CRLF checkout must not count as drift (insta ignores it too).
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?
                .replace("\r\n", "\n");
            out.insert(name, snapshot_body(&text).trim_end().to_string());
        }
    }
    Ok(out)
}

/// The shipped generated files of the postpress-api package in `dir` that
/// differ from what its spec generates: (path, shipped text, fresh text).
fn stale_generated(dir: &Path) -> Result<Vec<(PathBuf, String, String)>> {
    let spec = dir.join("openapi").join("postpress.yaml");
    let fresh = postpress_codegen::generate_files(&spec).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut stale = Vec::new();
    for (name, text) in fresh.files() {
        let path = dir.join("src").join("generated").join(name);
        // Compared byte for byte: a CRLF copy is a different file, and the
        // build script's hash would refuse it too.
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        if shipped != text {
            stale.push((path, shipped, text.to_string()));
        }
    }
    Ok(stale)
}

fn print_stale(stale: &[(PathBuf, String, String)]) {
    for (path, shipped, fresh) in stale {
        print_surface_change(shipped, fresh);
        eprintln!(
            "\n--- {} (shipped)\n+++ generated from the spec (now)",
            path.display()
        );
        let diff = similar::TextDiff::from_lines(shipped.as_str(), fresh.as_str());
        eprint!("{}", diff.unified_diff().context_radius(3));
    }
}

fn check_package(dir: &Path) -> Result<bool> {
    let stale = stale_generated(dir)?;
    if stale.is_empty() {
        println!(
            "codegen --check: the generated files in {} are what its spec generates",
            dir.display()
        );
        return Ok(true);
    }
    print_stale(&stale);
    eprintln!(
        "\nerror: {} ships generated code that its own openapi/postpress.yaml does not generate: \
         run `cargo xtask codegen` and package again",
        dir.display()
    );
    Ok(false)
}

fn codegen(check: bool) -> Result<bool> {
    let root = root();
    let package = root.join(API_PACKAGE);
    let stale = stale_generated(&package)?;
    let facade_text = postpress_codegen::generate_files(&root.join(SPEC))
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .facade;
    let snap_dir = root.join(SNAP_DIR);
    let before = read_snapshots(&snap_dir)?;
    let api_path = root.join(PUBLIC_API);
    let pinned_api = std::fs::read_to_string(&api_path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    let fresh_api = public_api_text(&root, &facade_text)?;

    if check {
        if !stale.is_empty() {
            eprintln!("error: the shipped generated code no longer matches what {SPEC} generates.");
            eprintln!("{SPEC} or crates/postpress-codegen changed (or a generated file was edited).\n");
            print_stale(&stale);
            eprintln!(
                "\nRun `cargo xtask codegen`, review the diff, and commit {API_PACKAGE}/src/generated."
            );
            return Ok(false);
        }
        if pinned_api != fresh_api {
            eprintln!("error: the public API of the postpress crate changed; {PUBLIC_API} is stale.\n");
            eprintln!("--- {PUBLIC_API} (pinned)\n+++ the sources (now)");
            let diff = similar::TextDiff::from_lines(pinned_api.as_str(), fresh_api.as_str());
            eprint!("{}", diff.unified_diff().context_radius(2));
            eprintln!(
                "\nRun `cargo xtask codegen`, review the change against CHANGELOG.md's semver policy, and commit."
            );
            return Ok(false);
        }
        // The source is checked; the JSON Schema and wire snapshots need the
        // compiled types, so let insta compare them without writing anything.
        let ok = run_snapshot_tests(&root, "no")?;
        if !ok {
            eprintln!("\nerror: the schema or wire snapshots are stale: run `cargo xtask codegen`.");
            return Ok(false);
        }
        let pending = pending_snapshots(&snap_dir)?;
        if !pending.is_empty() {
            eprintln!("error: pending snapshot files (delete or review them): {pending:?}");
            return Ok(false);
        }
        let orphans = orphaned_snapshots(&root, &before)?;
        if !orphans.is_empty() {
            eprintln!("error: snapshots no test writes any more (run `cargo xtask codegen`): {orphans:?}");
            return Ok(false);
        }
        println!(
            "codegen --check: the generated code, the public API and all {} snapshots are up to date",
            before.len()
        );
        return Ok(true);
    }

    for (path, _, fresh) in &stale {
        std::fs::write(path, fresh).with_context(|| format!("writing {}", path.display()))?;
        let shown = path.strip_prefix(&root).unwrap_or(path);
        println!("codegen: wrote {}: review it before committing", shown.display());
    }

    if pinned_api != fresh_api {
        std::fs::write(&api_path, &fresh_api).with_context(|| format!("writing {PUBLIC_API}"))?;
        println!(
            "codegen: the public API changed; review {PUBLIC_API} against CHANGELOG.md's semver policy:"
        );
        let diff = similar::TextDiff::from_lines(pinned_api.as_str(), fresh_api.as_str());
        for change in diff.iter_all_changes() {
            match change.tag() {
                similar::ChangeTag::Delete => print!("  - {change}"),
                similar::ChangeTag::Insert => print!("  + {change}"),
                similar::ChangeTag::Equal => {}
            }
        }
    }
    if !run_snapshot_tests(&root, "always")? {
        bail!("the snapshot tests failed for a reason other than a stale snapshot (see above)");
    }
    for stale in pending_snapshots(&snap_dir)? {
        let _ = std::fs::remove_file(snap_dir.join(stale));
    }
    for orphan in orphaned_snapshots(&root, &read_snapshots(&snap_dir)?)? {
        println!("codegen: removing {SNAP_DIR}/{orphan}: no test writes it any more");
        std::fs::remove_file(snap_dir.join(&orphan)).with_context(|| format!("removing {orphan}"))?;
    }
    let after = read_snapshots(&snap_dir)?;
    let changed: Vec<&String> = after
        .iter()
        .filter(|(name, body)| before.get(*name) != Some(*body))
        .map(|(name, _)| name)
        .collect();
    if changed.is_empty() && stale.is_empty() {
        println!(
            "codegen: no change; generated code and {} snapshots up to date",
            after.len()
        );
    } else {
        if !changed.is_empty() {
            println!(
                "codegen: refreshed {} snapshot(s): review them before committing",
                changed.len()
            );
        }
        for name in &changed {
            println!("  {SNAP_DIR}/{name}");
        }
        for (_, shipped, fresh) in &stale {
            print_surface_change(shipped, fresh);
        }
    }
    Ok(true)
}

/// The facade's public API as pinned text: its hand-written sources and
/// the action layer generated from the spec.
fn public_api_text(root: &Path, facade: &str) -> Result<String> {
    let src = root.join("crates/postpress/src");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&src).with_context(|| format!("reading {}", src.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            files.push((path.display().to_string(), text));
        }
    }
    files.push(("facade.rs (generated)".to_string(), facade.to_string()));
    let lines = surface::public_api(&files).context("parsing the facade's sources")?;
    Ok(format!(
        "# The public API of the postpress crate (its sources and the generated action layer),\n\
         # one line per item. Written by `cargo xtask codegen`; `--check` fails when it is stale.\n{}\n",
        lines.join("\n")
    ))
}

fn print_surface_change(old: &str, new: &str) {
    let outline = |s: &str| surface::surface(s).unwrap_or_default();
    let (old, new) = (outline(old), outline(new));
    let removed: Vec<&String> = old.iter().filter(|l| !new.contains(l)).collect();
    let added: Vec<&String> = new.iter().filter(|l| !old.contains(l)).collect();
    if removed.is_empty() && added.is_empty() {
        eprintln!("generated surface: unchanged (only docs, attributes or bodies differ)");
        return;
    }
    eprintln!("generated surface changes:");
    for l in removed {
        eprintln!("  - {l}");
    }
    for l in added {
        eprintln!("  + {l}");
    }
}

/// `.snap` files that no `insta::assert_*snapshot!("name", ...)` in the
/// snapshot tests writes any more.
fn orphaned_snapshots(root: &Path, snapshots: &BTreeMap<String, String>) -> Result<Vec<String>> {
    let tests =
        std::fs::read_to_string(root.join(SNAP_TESTS)).with_context(|| format!("reading {SNAP_TESTS}"))?;
    let mut expected = Vec::new();
    for (i, _) in tests.match_indices("snapshot!(") {
        let rest = tests[i + "snapshot!(".len()..].trim_start();
        if let Some(name) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
            expected.push(format!("snapshots__{name}.snap"));
        }
    }
    Ok(snapshots
        .keys()
        .filter(|k| !expected.contains(k))
        .cloned()
        .collect())
}

fn pending_snapshots(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    if dir.exists() {
        for entry in std::fs::read_dir(dir)? {
            let name = entry?.file_name().to_string_lossy().to_string();
            if name.ends_with(".snap.new") || name.ends_with(".pending-snap") {
                out.push(name);
            }
        }
    }
    Ok(out)
}

fn run_snapshot_tests(root: &Path, insta_update: &str) -> Result<bool> {
    // Build exactly what `cargo test --workspace` builds (same feature
    // unification, so in CI nothing is rebuilt), then run only the snapshot
    // test binary.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let build = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "--quiet",
            "--workspace",
            "--tests",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(std::process::Stdio::inherit())
        .output()
        .context("building the tests")?;
    if !build.status.success() {
        bail!("building the tests failed (see above)");
    }
    let executable = String::from_utf8_lossy(&build.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|m| {
            m["reason"] == "compiler-artifact"
                && m["target"]["name"] == "snapshots"
                && m["package_id"]
                    .as_str()
                    .is_some_and(|p| p.contains("postpress-api"))
        })
        .and_then(|m| m["executable"].as_str().map(PathBuf::from))
        .context("cargo did not report the snapshots test binary")?;
    let mut cmd = Command::new(&executable);
    cmd.current_dir(root.join("crates/postpress-api"))
        .arg("--quiet")
        .env("INSTA_WORKSPACE_ROOT", root)
        .env("INSTA_UPDATE", insta_update)
        .env_remove("INSTA_FORCE_PASS");
    if insta_update == "no" {
        cmd.env("CI", "true");
    } else {
        cmd.env("INSTA_FORCE_PASS", "1").env_remove("CI");
    }
    let status = cmd
        .status()
        .with_context(|| format!("running {}", executable.display()))?;
    Ok(status.success())
}
