//! The insta snapshots of the schemas and wire JSON: reading them, finding
//! pending and orphaned ones, and running the snapshot tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::util::cargo;

/// The test file whose `insta::assert_*snapshot!("name", ...)` calls write
/// the snapshots.
const SNAP_TESTS: &str = "crates/postpress-api/tests/snapshots.rs";

/// The body of an insta `.snap` file (after its `---` header).
fn snapshot_body(text: &str) -> &str {
    let rest = text.strip_prefix("---\n").unwrap_or(text);
    match rest.find("\n---\n") {
        Some(i) => &rest[i + 5..],
        None => text,
    }
}

pub(crate) fn read_snapshots(dir: &Path) -> Result<BTreeMap<String, String>> {
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

/// `.snap` files that no `insta::assert_*snapshot!("name", ...)` in the
/// snapshot tests writes any more.
pub(crate) fn orphaned_snapshots(root: &Path, snapshots: &BTreeMap<String, String>) -> Result<Vec<String>> {
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

pub(crate) fn pending_snapshots(dir: &Path) -> Result<Vec<String>> {
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

pub(crate) fn run_snapshot_tests(root: &Path, insta_update: &str) -> Result<bool> {
    // Build only the snapshot test binary, with the feature unification of
    // `cargo test --workspace` (every member selected, dev-dependencies on),
    // so after the tests nothing is rebuilt, and a fresh checkout (the
    // drill's copy) builds no other test binary; then run it.
    let cargo = cargo();
    let build = Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "--quiet",
            "--workspace",
            "--test",
            "snapshots",
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
