//! Points the crate at the action layer `postpress-api` ships (or, in the
//! workspace, regenerates) from its spec (`DEP_POSTPRESS_API_FACADE`), so
//! both crates always come from the same spec.

fn main() {
    let Some(path) = std::env::var_os("DEP_POSTPRESS_API_FACADE") else {
        eprintln!("error: postpress-api did not say where the generated facade layer is");
        std::process::exit(1);
    };
    let path = std::path::PathBuf::from(path);
    println!("cargo:rerun-if-changed={}", path.display());
    println!("cargo:rerun-if-env-changed=DEP_POSTPRESS_API_FACADE");
    println!("cargo:rustc-env=POSTPRESS_FACADE_RS={}", path.display());
}
