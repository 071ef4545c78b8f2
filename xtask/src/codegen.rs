//! `cargo xtask codegen [--check [--package DIR]]`: the shipped generated
//! code, the facade's public API outline and the insta snapshots.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::snapshots::{orphaned_snapshots, pending_snapshots, read_snapshots, run_snapshot_tests};
use postpress_codegen::Package;

use crate::surface;
use crate::util::{SPEC, root};

const SNAP_DIR: &str = "crates/postpress-api/tests/snapshots";
/// The facade's public API, pinned: `cargo xtask codegen` writes it,
/// `--check` fails when it differs.
const PUBLIC_API: &str = "crates/postpress/public-api.txt";

/// A file `codegen` writes and `--check` compares, out of date: (path,
/// what it holds, what the spec and the sources make of it).
type Stale = (PathBuf, String, String);

/// What `codegen` owns besides the snapshots, in the order it checks and
/// writes them.
#[derive(Clone, Copy)]
enum Owned {
    /// The shipped generated files under each package's `src/generated/`.
    Generated,
    /// The facade's public API outline, `PUBLIC_API`.
    PublicApi,
}

impl Owned {
    /// `--check`: what is stale, with a diff, and how to fix it.
    fn report_stale(self, stale: &[Stale]) {
        match self {
            Self::Generated => {
                eprintln!("error: the shipped generated code no longer matches what {SPEC} generates.");
                eprintln!("{SPEC} or crates/postpress-codegen changed (or a generated file was edited).\n");
                print_stale(stale);
                eprintln!(
                    "\nRun `cargo xtask codegen`, review the diff, and commit each crates/*/src/generated."
                );
            }
            Self::PublicApi => {
                for (_, pinned_api, fresh_api) in stale {
                    eprintln!(
                        "error: the public API of the postpress crate changed; {PUBLIC_API} is stale.\n"
                    );
                    eprintln!("--- {PUBLIC_API} (pinned)\n+++ the sources (now)");
                    let diff = similar::TextDiff::from_lines(pinned_api.as_str(), fresh_api.as_str());
                    eprint!("{}", diff.unified_diff().context_radius(2));
                    eprintln!(
                        "\nRun `cargo xtask codegen`, review the change against CHANGELOG.md's semver policy, and commit."
                    );
                }
            }
        }
    }

    /// After writing `shown` (relative to the root): what changed.
    fn report_written(self, shown: &Path, old: &str, new: &str) {
        match self {
            Self::Generated => {
                println!("codegen: wrote {}: review it before committing", shown.display());
            }
            Self::PublicApi => {
                println!(
                    "codegen: the public API changed; review {PUBLIC_API} against CHANGELOG.md's semver policy:"
                );
                let diff = similar::TextDiff::from_lines(old, new);
                for change in diff.iter_all_changes() {
                    match change.tag() {
                        similar::ChangeTag::Delete => print!("  - {change}"),
                        similar::ChangeTag::Insert => print!("  + {change}"),
                        similar::ChangeTag::Equal => {}
                    }
                }
            }
        }
    }
}

/// The generated files of `packages`, made from the spec at `spec`, that
/// differ from those shipped under `dir_of(package)/src/generated/`:
/// (path, shipped text, fresh text). Also returns the fresh files.
fn stale_generated(
    spec: &Path,
    packages: &[Package],
    dir_of: impl Fn(Package) -> PathBuf,
) -> Result<(Vec<Stale>, Vec<postpress_codegen::GeneratedFile>)> {
    let fresh = postpress_codegen::generate_files(spec, packages).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut stale = Vec::new();
    for file in &fresh {
        let path = dir_of(file.package).join("src").join("generated").join(file.name);
        // Compared byte for byte: a CRLF copy is a different file, and the
        // build script's hash would refuse it too.
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        if shipped != file.text {
            stale.push((path, shipped, file.text.clone()));
        }
    }
    Ok((stale, fresh))
}

fn print_stale(stale: &[Stale]) {
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

/// `codegen --check --package DIR`: an unpacked package (`postpress-api`,
/// `postpress`, `postpress-mock` or `postpress-cli`, told by its directory
/// name) against the spec it ships.
pub(crate) fn check_package(dir: &Path) -> Result<bool> {
    let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let Some(package) = Package::from_dir_name(name) else {
        bail!(
            "{}: not the directory of a package that ships generated code",
            dir.display()
        );
    };
    let spec = dir.join("openapi").join("postpress.yaml");
    let (stale, _) = stale_generated(&spec, &[package], |_| dir.to_path_buf())?;
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

/// `codegen` (`check` false) and `codegen --check` (`check` true).
pub(crate) fn run(check: bool) -> Result<bool> {
    let root = root();
    let (stale, fresh) = stale_generated(&root.join(SPEC), &Package::ALL, |p| root.join(p.dir()))?;
    let facade_files: Vec<(String, String)> = fresh
        .iter()
        .filter(|f| f.package == Package::Facade)
        .map(|f| (format!("{} (generated)", f.name), f.text.clone()))
        .collect();
    let snap_dir = root.join(SNAP_DIR);
    let before = read_snapshots(&snap_dir)?;
    let api_path = root.join(PUBLIC_API);
    let pinned_api = std::fs::read_to_string(&api_path)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    let fresh_api = public_api_text(&root, &facade_files)?;
    let stale_api: Vec<Stale> = (pinned_api != fresh_api)
        .then_some((api_path, pinned_api, fresh_api))
        .into_iter()
        .collect();

    // `--check` fails on the first kind with a stale file; `codegen` writes
    // them all.
    for (owned, files) in [(Owned::Generated, &stale), (Owned::PublicApi, &stale_api)] {
        if files.is_empty() {
            continue;
        }
        if check {
            owned.report_stale(files);
            return Ok(false);
        }
        for (path, old, new) in files {
            let shown = path.strip_prefix(&root).unwrap_or(path);
            std::fs::write(path, new).with_context(|| format!("writing {}", shown.display()))?;
            owned.report_written(shown, old, new);
        }
    }

    if check {
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

/// The facade's public API as pinned text: the crate walked from
/// `src/lib.rs` along its `mod` declarations, with the generated files
/// (`generated`, fresh from the spec) where it `include!`s them.
fn public_api_text(root: &Path, generated: &[(String, String)]) -> Result<String> {
    let src = root.join("crates/postpress/src");
    let mut files = BTreeMap::new();
    read_sources(&src, &src, &mut files)?;
    // `run` names them `actions.rs (generated)`; the crate includes them
    // as `actions.rs`.
    let generated: BTreeMap<String, String> = generated
        .iter()
        .map(|(name, text)| {
            let name = name.strip_suffix(" (generated)").unwrap_or(name);
            (name.to_string(), text.clone())
        })
        .collect();
    let lines = surface::public_api(&files, &generated).context("outlining the facade's public API")?;
    Ok(format!(
        "# The public API of the postpress crate (its sources and the generated action layer),\n\
         # one line per item. Written by `cargo xtask codegen`; `--check` fails when it is stale.\n{}\n",
        lines.join("\n")
    ))
}

/// Every `.rs` file under `dir`, by its path relative to `src` with `/`
/// separators, except the shipped `src/generated/`: the outline reads the
/// generated files fresh from the spec instead.
fn read_sources(src: &Path, dir: &Path, files: &mut BTreeMap<String, String>) -> Result<()> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        paths.push(entry?.path());
    }
    paths.sort();
    for path in paths {
        if path.is_dir() {
            if path != src.join("generated") {
                read_sources(src, &path, files)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text =
                std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
            let relative = path.strip_prefix(src).unwrap_or(&path);
            let name: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.insert(name.join("/"), text);
        }
    }
    Ok(())
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
