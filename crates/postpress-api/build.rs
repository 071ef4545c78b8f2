//! Chooses the generated code this crate compiles and tells the `postpress`
//! crate where its action layer is.
//!
//! * **Shipped (the default, and every registry build).** `src/generated/`
//!   holds what `postpress-codegen` made from `openapi/postpress.yaml`
//!   (`cargo xtask codegen` writes it). Each file's header carries the
//!   SHA-256 of the spec it came from and of its own body; this script
//!   checks both and refuses, in one line naming the command to run, to
//!   build code older than the spec or edited by hand. No generator is
//!   compiled: the check is a file read and a hash.
//! * **Regenerated (feature `regenerate`, on in every workspace build).**
//!   The generator runs here on the spec and writes `$OUT_DIR/api.rs` and
//!   `$OUT_DIR/facade.rs`, which are compiled instead, so editing the spec and
//!   running `cargo build` or `cargo test` follows it with no other step. When
//!   the shipped files differ from what it generated, it warns.
//!
//! The facade file's path reaches the `postpress` build script as
//! `DEP_POSTPRESS_API_FACADE` (this crate `links` it); the api file's path
//! reaches `src/lib.rs` as `POSTPRESS_API_RS`.

use std::path::{Path, PathBuf};

#[path = "build/sha256.rs"]
#[cfg_attr(feature = "regenerate", allow(dead_code))]
mod sha256;

const FILES: [&str; 2] = ["api.rs", "facade.rs"];
const FIX: &str = "run `cargo xtask codegen` in the postpress-rs workspace";

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The spec ships inside this package: in the repository,
    // `openapi/postpress.yaml` here is a link to the one at the top.
    let spec = manifest.join("openapi").join("postpress.yaml");
    let shipped = manifest.join("src").join("generated");
    println!("cargo::rerun-if-changed={}", spec.display());
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=build/sha256.rs");
    for name in FILES {
        println!("cargo::rerun-if-changed={}", shipped.join(name).display());
    }
    let dir = match choose(&spec, &shipped) {
        Ok(dir) => dir,
        Err(message) => {
            println!("cargo::error={message}");
            // Cargo before 1.84 reads `cargo::error` as unknown: say it on
            // stderr too, and fail either way.
            eprintln!("error: postpress-api: {message}");
            std::process::exit(1);
        }
    };
    println!(
        "cargo::rustc-env=POSTPRESS_API_RS={}",
        dir.join(FILES[0]).display()
    );
    println!("cargo::metadata=facade={}", dir.join(FILES[1]).display());
}

#[cfg(not(feature = "regenerate"))]
fn choose(spec: &Path, shipped: &Path) -> Result<PathBuf, String> {
    let bytes = std::fs::read(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let spec_hash = sha256::hex(&bytes);
    for name in FILES {
        let path = shipped.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read src/generated/{name} ({e}): {FIX}"))?;
        check(name, &text, &spec_hash)?;
    }
    Ok(shipped.to_path_buf())
}

/// The header of a generated file: two preamble lines, then the two hashes.
#[cfg(not(feature = "regenerate"))]
fn check(name: &str, text: &str, spec_hash: &str) -> Result<(), String> {
    let mut lines = text.splitn(5, '\n');
    let first = lines.next().unwrap_or_default();
    let _second = lines.next();
    let spec_line = lines.next().unwrap_or_default();
    let body_line = lines.next().unwrap_or_default();
    let body = lines.next().unwrap_or_default();
    let (Some(claimed_spec), Some(claimed_body)) = (
        spec_line.strip_prefix("// spec-sha256: "),
        body_line.strip_prefix("// body-sha256: "),
    ) else {
        return Err(format!("src/generated/{name} has no generated header: {FIX}"));
    };
    if !first.starts_with("// @generated") {
        return Err(format!("src/generated/{name} has no @generated line: {FIX}"));
    }
    if claimed_spec != spec_hash {
        return Err(format!(
            "src/generated/{name} is older than openapi/postpress.yaml (spec-sha256 differs): {FIX}"
        ));
    }
    if claimed_body != sha256::hex(body.as_bytes()) {
        return Err(format!(
            "src/generated/{name} was edited by hand (body-sha256 differs): {FIX}"
        ));
    }
    Ok(())
}

#[cfg(feature = "regenerate")]
fn choose(spec: &Path, shipped: &Path) -> Result<PathBuf, String> {
    let generated = postpress_codegen::generate_files(spec).map_err(|e| e.to_string())?;
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let mut stale = Vec::new();
    for (name, text) in generated.files() {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if std::fs::read_to_string(shipped.join(name)).ok().as_deref() != Some(text) {
            stale.push(name);
        }
    }
    if !stale.is_empty() {
        println!(
            "cargo::warning=built from the spec; the committed src/generated/{} differ from it: {FIX} before committing",
            stale.join(", src/generated/")
        );
    }
    Ok(out)
}
