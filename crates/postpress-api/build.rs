//! Generates `$OUT_DIR/codegen.rs` (wire types, low-level client, tables) and
//! `$OUT_DIR/facade.rs` (the `postpress` crate's action layer) from
//! `openapi/postpress.yaml`.
//!
//! All generator settings live in `postpress-codegen`; this script only wires
//! it into cargo. A broken spec stops the build with one line that names the
//! file and the problem. The facade file's path reaches the `postpress`
//! build script as `DEP_POSTPRESS_API_FACADE` (this crate `links` it).

use std::path::PathBuf;

fn main() {
    let manifest =
        PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    // The spec ships inside this package: in the repository,
    // `openapi/postpress.yaml` here is a link to the one at the top.
    let spec = manifest.join("openapi").join("postpress.yaml");
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed=build.rs");

    let (api, facade) = match postpress_codegen::generate_files(&spec) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e}");
            println!("cargo:warning={e}");
            std::process::exit(1);
        }
    };
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for (name, text) in [("codegen.rs", api), ("facade.rs", facade)] {
        let path = out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("error: cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
    println!("cargo:facade={}", out.join("facade.rs").display());
}
