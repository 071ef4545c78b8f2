//! The generated code this package ships (`src/generated/`) is exactly what
//! its spec generates, and the build script's own SHA-256 agrees with the
//! generator's, so the build-time staleness check can be trusted.

use std::path::{Path, PathBuf};

#[path = "../build/sha256.rs"]
mod build_sha256;

fn package() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fresh() -> postpress_codegen::Generated {
    postpress_codegen::generate_files(&package().join("openapi/postpress.yaml")).expect("the spec generates")
}

#[test]
fn shipped_files_are_what_the_spec_generates() {
    for (name, text) in fresh().files() {
        let path: PathBuf = package().join("src/generated").join(name);
        let shipped = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            shipped == text,
            "{} is not what openapi/postpress.yaml generates: run `cargo xtask codegen` and commit it",
            path.display()
        );
    }
}

#[test]
fn the_compiled_code_is_the_generated_code() {
    // With `regenerate` this is the build script's fresh copy; without it,
    // the shipped file. Either way it must be what the generator makes.
    let compiled = include_str!(env!("POSTPRESS_API_RS"));
    assert!(
        compiled == fresh().api,
        "the compiled api.rs is not what the generator makes"
    );
}

#[test]
fn the_build_script_hash_is_sha256() {
    let spec = std::fs::read(package().join("openapi/postpress.yaml")).expect("spec");
    let mut inputs: Vec<Vec<u8>> = (0..=130u8)
        .map(|n| (0..n).map(|i| i.wrapping_mul(31)).collect())
        .collect();
    inputs.push(spec);
    for input in &inputs {
        assert_eq!(
            build_sha256::hex(input),
            postpress_codegen::stamp::sha256_hex(input),
            "length {}",
            input.len()
        );
    }
    assert_eq!(
        build_sha256::hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

#[test]
fn every_shipped_file_is_stamped_with_the_spec() {
    let spec = std::fs::read(package().join("openapi/postpress.yaml")).expect("spec");
    for (name, text) in fresh().files() {
        let stamp = postpress_codegen::stamp::read(text).expect(name);
        assert_eq!(stamp.spec_sha256, postpress_codegen::stamp::sha256_hex(&spec));
        assert_eq!(
            stamp.body_sha256,
            postpress_codegen::stamp::sha256_hex(stamp.body.as_bytes())
        );
        assert!(text.starts_with("// @generated"), "{name}");
    }
}
