//! Targets with no unit tests are marked `test = false` in their
//! Cargo.toml, so `cargo test` does not compile them a second time as an
//! empty test harness (the generated `postpress-api` alone is a large
//! compile). The price: a test added to one of them would never run. This
//! test fails as soon as one appears, and says what to change.

use std::path::{Path, PathBuf};

/// (Cargo.toml, the sources of the target marked `test = false`).
const UNTESTED: &[(&str, &[&str])] = &[
    ("crates/postpress-api/Cargo.toml", &["crates/postpress-api/src"]),
    (
        "crates/postpress-codegen/Cargo.toml",
        &["crates/postpress-codegen/src"],
    ),
    (
        "crates/postpress-wasm-tests/Cargo.toml",
        &["crates/postpress-wasm-tests/src"],
    ),
    (
        "crates/postpress-bench/Cargo.toml",
        &["crates/postpress-bench/src"],
    ),
    (
        "crates/postpress-cli/Cargo.toml",
        &[
            "crates/postpress-cli/src/lib.rs",
            "crates/postpress-cli/src/verbs.rs",
        ],
    ),
    (
        "crates/postpress-mock/Cargo.toml",
        &["crates/postpress-mock/src/main.rs"],
    ),
    ("tests/Cargo.toml", &["tests/src"]),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn rust_files(path: &Path, out: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .expect("a source directory")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            rust_files(&entry, out);
        }
    } else if path.extension().is_some_and(|x| x == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn targets_marked_test_false_have_no_tests() {
    let root = root();
    let mut problems = Vec::new();
    for (manifest, sources) in UNTESTED {
        let text = std::fs::read_to_string(root.join(manifest)).expect("a Cargo.toml");
        if !text.lines().any(|l| l.trim() == "test = false") {
            problems.push(format!(
                "{manifest}: no `test = false`; remove it from UNTESTED in {}",
                file!()
            ));
        }
        let mut files = Vec::new();
        for source in *sources {
            rust_files(&root.join(source), &mut files);
        }
        assert!(!files.is_empty(), "{manifest}: no sources found at {sources:?}");
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file");
            for (n, line) in text.lines().enumerate() {
                let line = line.trim();
                if line.starts_with("#[test]")
                    || line.starts_with("#[tokio::test")
                    || line.starts_with("#[cfg(test)]")
                {
                    problems.push(format!(
                        "{}:{}: a test in a target `cargo test` skips: set `test = true` (or remove `test = false`) in {manifest}, and remove it from UNTESTED in {}",
                        file.strip_prefix(&root).unwrap_or(&file).display(),
                        n + 1,
                        file!()
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
