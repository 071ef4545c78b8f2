//! Pins of the spec to the reference document (`chat-patch-endpoint.txt`,
//! the authority on the API). They live apart from the snapshot tests so
//! that `cargo xtask codegen` regenerates whenever the spec is valid; a spec
//! that grows past the reference fails here, in `cargo test`, with what to
//! update.

#[test]
fn documented_error_types_are_the_34_of_the_reference() {
    let n = postpress_api::DOCUMENTED_ERROR_TYPES.len();
    assert!(
        n == 34,
        "openapi/postpress.yaml documents {n} error types (x-error-types), the reference document 34. \
         If the reference grew, update the count in crates/postpress-api/tests/reference.rs; \
         otherwise take the extra type out of the spec (types the API family uses beyond the \
         reference belong in x-other-types)."
    );
}
