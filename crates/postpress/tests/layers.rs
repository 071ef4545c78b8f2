//! The facade's layers, checked the way rust-analyzer's tidy tests check
//! structure: by reading the sources. `src/` holds one folder per layer,
//! and a file may name (`crate::…`, `super::…`) only items of its own
//! layer or of those below it:
//!
//! | layer | folder | what it holds |
//! |---|---|---|
//! | 5 | `blocking.rs` | the blocking client, on the async one |
//! | 4 | `client/` | builder and configuration, `Client`, chat handles, bulk runs |
//! | 3 | `call/` | retry loop, attempt, decoding, span, URL, retry policy |
//! | 2 | `pace/` | the local limiter, the 429 gate, the pacing hook |
//! | 1 | `action/` | `ChatAction`, validation, provider ids, strict `Deserialize` |
//! | 0 | `error.rs` | errors |
//!
//! Names re-exported at the crate root (`crate::Chat`) count as the layer
//! they come from. The test also keeps job code (journals, jobs, shards,
//! Redis) out of this crate: it lives in `postpress-jobs`, above it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The layer of a module (the first segment after `crate::`).
fn layer_of_module(module: &str) -> Option<u8> {
    Some(match module {
        "blocking" => 5,
        "client" => 4,
        "call" => 3,
        "pace" => 2,
        "action" => 1,
        "error" | "rt" => 0,
        _ => return None,
    })
}

/// The layer of a source file, from its path under `src/`.
fn layer_of_file(rel: &Path) -> Option<u8> {
    let first = rel.components().next()?.as_os_str().to_str()?;
    layer_of_module(first.trim_end_matches(".rs"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            // Generated code is included by the layer that owns it.
            if path.file_name().is_some_and(|n| n != "generated") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The crate root's re-exports: name → the module it comes from
/// (`pub use client::chat::*` makes every name of `client` count as layer 4,
/// so globs map the module, and named items map themselves).
fn root_names() -> (BTreeMap<String, String>, Vec<String>) {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let mut names = BTreeMap::new();
    let mut globs = Vec::new();
    let flat = lib.replace('\n', " ");
    for stmt in flat.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = rest.split("::").next().unwrap_or_default().trim().to_string();
        if layer_of_module(&module).is_none() {
            continue;
        }
        if rest.trim_end().ends_with('*') {
            globs.push(module);
            continue;
        }
        let list = match (rest.find('{'), rest.rfind('}')) {
            (Some(a), Some(b)) => rest[a + 1..b].to_string(),
            _ => rest.rsplit("::").next().unwrap_or_default().to_string(),
        };
        for name in list.split(',') {
            let name = name.split(" as ").last().unwrap_or_default().trim();
            if !name.is_empty() {
                names.insert(name.to_string(), module.clone());
            }
        }
    }
    (names, globs)
}

/// The public type names a module's files define (for glob re-exports).
fn defined_in(module: &str) -> Vec<String> {
    let mut files = Vec::new();
    let dir = src().join(module);
    if dir.is_dir() {
        rust_files(&dir, &mut files);
    } else {
        files.push(src().join(format!("{module}.rs")));
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for line in text.lines() {
            let line = line.trim_start();
            for kw in [
                "pub struct ",
                "pub enum ",
                "pub trait ",
                "pub type ",
                "pub const ",
            ] {
                if let Some(rest) = line.strip_prefix(kw) {
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    out.push(name);
                }
            }
        }
    }
    out
}

/// Every `crate::X` a file names, with the line it is on.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            // `use crate::{a, b::c}`: each name in the braces.
            if let Some(inner) = after.strip_prefix('{') {
                let end = inner.find('}').unwrap_or(inner.len());
                for part in inner[..end].split(',') {
                    let name: String = part
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        out.push((n + 1, name));
                    }
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push((n + 1, name));
            }
            rest = after;
        }
    }
    out
}

#[test]
fn imports_point_down_the_layers() {
    let (names, globs) = root_names();
    let mut glob_names: BTreeMap<String, String> = BTreeMap::new();
    for module in &globs {
        for name in defined_in(module) {
            glob_names.insert(name, module.clone());
        }
    }
    let layer_of_name = |name: &str| -> Option<u8> {
        layer_of_module(name)
            .or_else(|| names.get(name).and_then(|m| layer_of_module(m)))
            .or_else(|| glob_names.get(name).and_then(|m| layer_of_module(m)))
    };
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut up = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(src()).expect("under src");
        let Some(own) = layer_of_file(rel) else { continue };
        let text = std::fs::read_to_string(file).expect("readable");
        for (line, name) in crate_paths(&text) {
            checked += 1;
            if let Some(layer) = layer_of_name(&name)
                && layer > own
            {
                up.push(format!(
                    "{}:{line}: layer {own} names `crate::{name}` (layer {layer})",
                    rel.display()
                ));
            }
        }
    }
    assert!(
        checked > 50,
        "the test read only {checked} paths: is it still looking at the sources?"
    );
    assert!(
        up.is_empty(),
        "imports that run up the layers:\n{}",
        up.join("\n")
    );
}

#[test]
fn the_call_path_knows_nothing_of_jobs() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let banned = [
        "journal",
        "Journal",
        "JobItem",
        "Shard",
        "redis",
        "Redis",
        "SharedLimit",
    ];
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for (n, line) in text.lines().enumerate() {
            // Docs may point to postpress-jobs; code may not use it.
            if line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(word) = banned.iter().find(|w| line.contains(*w)) {
                found.push(format!("{}:{}: `{word}`", file.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "job code in the facade (it belongs in postpress-jobs):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_layer_table_knows_every_folder() {
    for entry in std::fs::read_dir(src()).expect("src") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .trim_end_matches(".rs");
        if matches!(name, "lib" | "generated") {
            continue;
        }
        assert!(
            layer_of_module(name).is_some(),
            "src/{name} is in no layer: add it to the table in tests/layers.rs"
        );
    }
}
