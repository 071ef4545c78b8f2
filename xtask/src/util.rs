//! Small helpers the commands share.

use std::path::{Path, PathBuf};

/// The OpenAPI document everything is generated from, relative to [`root`].
pub(crate) const SPEC: &str = "openapi/postpress.yaml";

/// The workspace root: the parent of the xtask package that cargo is
/// running now (`CARGO_MANIFEST_DIR` as cargo sets it at run time), so a
/// shared target directory or a moved checkout never points at another copy.
/// The compiled-in path is only the fallback for running the binary by hand.
pub(crate) fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The cargo that runs this xtask (`CARGO`), or `cargo` from `PATH`.
pub(crate) fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}
