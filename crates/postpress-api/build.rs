//! Generates `$OUT_DIR/codegen.rs` from `openapi/postpress.yaml`.
//!
//! All generator settings live in `postpress-codegen`; this script only wires
//! it into cargo. A broken spec stops the build with one line that names the
//! file and the problem.

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest.parent().and_then(|p| p.parent()).unwrap_or(&manifest);
    let spec = root.join("openapi").join("postpress.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build.rs");

    let source = match postpress_codegen::generate_file(&spec) {
        Ok(source) => source,
        Err(e) => {
            eprintln!("error: {e}");
            println!("cargo:warning={e}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("codegen.rs");
    if let Err(e) = std::fs::write(&out, source) {
        eprintln!("error: cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}
