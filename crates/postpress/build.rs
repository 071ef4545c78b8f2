//! Chooses the generated action layer this crate compiles
//! (`src/generated/actions.rs`, checked against the spec that ships beside
//! it; or, with the workspace's `regenerate` feature, fresh from the spec):
//! see `postpress-build`.

fn main() {
    #[cfg(feature = "regenerate")]
    let regenerate: Option<postpress_build::Regenerate> = Some(postpress_codegen::build::facade);
    #[cfg(not(feature = "regenerate"))]
    let regenerate: Option<postpress_build::Regenerate> = None;
    postpress_build::run(&["actions.rs", "handles.rs", "blocking.rs"], regenerate);
}
