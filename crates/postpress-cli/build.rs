//! Chooses the generated verbs this crate compiles
//! (`src/generated/verbs.rs`, checked against the spec that ships beside
//! it; or, with the workspace's `regenerate` feature, fresh from the spec):
//! see `postpress-build`.

fn main() {
    #[cfg(feature = "regenerate")]
    let regenerate: Option<postpress_build::Regenerate> = Some(postpress_codegen::build::cli);
    #[cfg(not(feature = "regenerate"))]
    let regenerate: Option<postpress_build::Regenerate> = None;
    postpress_build::run(&["verbs.rs"], regenerate);
}
