//! Build-script support of the postpress crates that ship generated code.
//!
//! Each crate (`postpress-api`, `postpress`, `postpress-mock`,
//! `postpress-cli`) owns the code generated for it: `src/generated/*.rs`,
//! written by `cargo xtask codegen` from the `openapi/postpress.yaml` that
//! ships in the same package, each file [stamped](stamp) with the SHA-256
//! of the spec and of its own body. The crate's build script calls [`run`]:
//!
//! * **Shipped (every registry build).** The stamps are checked against the
//!   spec; code older than the spec, or edited by hand, fails the build in
//!   one line naming the command to run. No generator is compiled: the
//!   check is a file read and a hash ([`sha256_hex`], no dependencies).
//! * **Regenerated (the crate's `regenerate` feature, on in the postpress-rs
//!   workspace).** The build script passes its generator; the fresh files
//!   are written to `OUT_DIR` and compiled instead, with a warning while the
//!   shipped ones lag behind.
//!
//! Either way the crate finds its files under `env!("POSTPRESS_GENERATED")`:
//!
//! ```ignore
//! include!(concat!(env!("POSTPRESS_GENERATED"), "/actions.rs"));
//! ```
//!
//! Nothing crosses crates: each build script reads its own package.

use std::path::{Path, PathBuf};

mod sha256;
pub mod stamp;

pub use sha256::hex as sha256_hex;

/// The environment variable, set for the crate being built, that names the
/// directory its generated files are compiled from.
pub const ENV: &str = "POSTPRESS_GENERATED";

/// Where a package keeps its spec, relative to its manifest.
pub const SPEC_PATH: &str = "openapi/postpress.yaml";

/// Where a package keeps its shipped generated files, relative to its manifest.
pub const GENERATED_DIR: &str = "src/generated";

/// What to say when shipped code does not match the spec.
const FIX: &str = "run `cargo xtask codegen` in the postpress-rs workspace";

/// A generator: the stamped `(file name, text)` pairs of one package, from
/// the spec at the path given. Errors are one line.
pub type Regenerate = fn(&Path) -> Result<Vec<(String, String)>, String>;

/// The whole build script of a crate that ships the generated `files`
/// (names under `src/generated/`): checks them, or with `regenerate`
/// writes fresh ones to `OUT_DIR`; then points [`ENV`] at the directory to
/// compile from. Exits the build with a one-line error on any problem.
pub fn run(files: &[&str], regenerate: Option<Regenerate>) {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let spec = manifest.join(SPEC_PATH);
    let shipped = manifest.join(GENERATED_DIR);
    println!("cargo::rerun-if-changed={}", spec.display());
    println!("cargo::rerun-if-changed=build.rs");
    for name in files {
        println!("cargo::rerun-if-changed={}", shipped.join(name).display());
    }
    let dir = match regenerate {
        None => check_shipped(&spec, &shipped, files).map(|()| shipped),
        Some(generate) => {
            let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
            write_fresh(&spec, &shipped, &out, files, generate).map(|()| out)
        }
    };
    match dir {
        Ok(dir) => println!("cargo::rustc-env={ENV}={}", dir.display()),
        Err(message) => {
            println!("cargo::error={message}");
            // Cargo before 1.84 reads `cargo::error` as unknown: say it on
            // stderr too, and fail either way.
            eprintln!("error: {message}");
            std::process::exit(1);
        }
    }
}

/// Checks every shipped file's stamp against the spec's bytes.
pub fn check_shipped(spec: &Path, shipped: &Path, files: &[&str]) -> Result<(), String> {
    let bytes = std::fs::read(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let spec_hash = sha256_hex(&bytes);
    for name in files {
        let path = shipped.join(name);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read src/generated/{name} ({e}): {FIX}"))?;
        check(name, &text, &spec_hash)?;
    }
    Ok(())
}

/// Checks one file's stamp: it names `spec_hash` and its body's own hash.
pub fn check(name: &str, text: &str, spec_hash: &str) -> Result<(), String> {
    let Some(stamp) = stamp::read(text) else {
        return Err(format!("src/generated/{name} has no generated header: {FIX}"));
    };
    if stamp.spec_sha256 != spec_hash {
        return Err(format!(
            "src/generated/{name} is older than openapi/postpress.yaml (spec-sha256 differs): {FIX}"
        ));
    }
    if stamp.body_sha256 != sha256_hex(stamp.body.as_bytes()) {
        return Err(format!(
            "src/generated/{name} was edited by hand (body-sha256 differs): {FIX}"
        ));
    }
    Ok(())
}

fn write_fresh(
    spec: &Path,
    shipped: &Path,
    out: &Path,
    files: &[&str],
    generate: Regenerate,
) -> Result<(), String> {
    let generated = generate(spec)?;
    let mut stale = Vec::new();
    for name in files {
        let Some((_, text)) = generated.iter().find(|(n, _)| n == name) else {
            return Err(format!("the generator made no {name}"));
        };
        let path = out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if std::fs::read_to_string(shipped.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(*name);
        }
    }
    if !stale.is_empty() {
        println!(
            "cargo::warning=built from the spec; the committed src/generated/{} differ from it: {FIX} before committing",
            stale.join(", src/generated/")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_sha256() {
        use sha2::Digest;
        let inputs: Vec<Vec<u8>> = (0..=200u8)
            .map(|n| (0..n).map(|i| i.wrapping_mul(31)).collect())
            .collect();
        for input in &inputs {
            let want: String = sha2::Sha256::digest(input)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(sha256_hex(input), want, "length {}", input.len());
        }
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn stale_and_edited_files_are_named() {
        let spec = b"openapi: 3.0.3\n";
        let good = stamp::stamp("pub struct A;\n", spec);
        assert_eq!(check("a.rs", &good, &sha256_hex(spec)), Ok(()));
        let stale = check("a.rs", &good, &sha256_hex(b"other"));
        assert!(stale.is_err_and(|e| e.contains("a.rs is older than openapi/postpress.yaml")));
        let edited = good.replace("struct A", "struct B");
        assert!(check("a.rs", &edited, &sha256_hex(spec)).is_err_and(|e| e.contains("edited by hand")));
        assert!(check("a.rs", "fn main() {}\n", "x").is_err_and(|e| e.contains("no generated header")));
    }
}
