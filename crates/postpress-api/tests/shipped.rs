//! The generated code every package ships (`src/generated/` of
//! `postpress-api`, `postpress`, `postpress-mock` and `postpress-cli`) is
//! exactly what the spec generates, and what this crate compiles is that
//! code. `postpress-build` tests its own SHA-256 against the `sha2` crate.

use std::path::{Path, PathBuf};

use postpress_codegen::Package;

fn package() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fresh() -> Vec<postpress_codegen::GeneratedFile> {
    postpress_codegen::generate_files(&package().join("openapi/postpress.yaml"), &Package::ALL)
        .expect("the spec generates")
}

#[test]
fn shipped_files_are_what_the_spec_generates() {
    // This package sits at crates/postpress-api in the workspace.
    let workspace = package().join("../..");
    for file in fresh() {
        let path: PathBuf = workspace
            .join(file.package.dir())
            .join("src/generated")
            .join(file.name);
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == file.text,
            "{} is not what openapi/postpress.yaml generates: run `cargo xtask codegen` and commit it",
            path.display()
        );
    }
}

#[test]
fn the_compiled_code_is_the_generated_code() {
    // With `regenerate` this is the build script's fresh copy; without it,
    // the shipped file. Either way it must be what the generator makes.
    let compiled = include_str!(concat!(env!("POSTPRESS_GENERATED"), "/api.rs"));
    let api = fresh()
        .into_iter()
        .find(|f| f.package == Package::Api)
        .expect("api.rs");
    assert!(
        compiled == api.text,
        "the compiled api.rs is not what the generator makes"
    );
}

#[test]
fn every_shipped_file_is_stamped_with_the_spec() {
    let spec = std::fs::read(package().join("openapi/postpress.yaml")).expect("spec");
    for file in fresh() {
        let stamp = postpress_codegen::stamp::read(&file.text).expect(file.name);
        assert_eq!(stamp.spec_sha256, postpress_codegen::stamp::sha256_hex(&spec));
        assert_eq!(
            stamp.body_sha256,
            postpress_codegen::stamp::sha256_hex(stamp.body.as_bytes())
        );
        assert!(file.text.starts_with("// @generated"), "{}", file.name);
    }
}
