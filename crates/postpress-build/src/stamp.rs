//! The header of every generated file: what it was generated from, so a
//! build can tell stale or hand-edited output from fresh output without
//! running the generator.
//!
//! ```text
//! // @generated from openapi/postpress.yaml by postpress-codegen: do not edit.
//! // Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.
//! // spec-sha256: <SHA-256 of the spec file's bytes>
//! // body-sha256: <SHA-256 of everything after these four lines>
//! ```
//!
//! Each crate's build script reads the two hashes back ([`crate::check`])
//! and refuses to build when either disagrees.

/// The first two lines of every generated file.
pub const PREAMBLE: &str = "// @generated from openapi/postpress.yaml by postpress-codegen: do not edit.\n\
// Change the spec or crates/postpress-codegen, then run `cargo xtask codegen`.\n";

/// The label of the spec hash line.
pub const SPEC_LABEL: &str = "// spec-sha256: ";
/// The label of the body hash line.
pub const BODY_LABEL: &str = "// body-sha256: ";

pub use crate::sha256_hex;

/// `body` with the four header lines in front, for a spec whose file holds
/// `spec` bytes.
pub fn stamp(body: &str, spec: &[u8]) -> String {
    format!(
        "{PREAMBLE}{SPEC_LABEL}{}\n{BODY_LABEL}{}\n{body}",
        sha256_hex(spec),
        sha256_hex(body.as_bytes())
    )
}

/// What a stamped file says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp<'a> {
    /// The spec hash it claims.
    pub spec_sha256: &'a str,
    /// The body hash it claims.
    pub body_sha256: &'a str,
    /// Everything after the header.
    pub body: &'a str,
}

/// Reads the header of a stamped file; `None` when it has none.
pub fn read(text: &str) -> Option<Stamp<'_>> {
    let rest = text.strip_prefix(PREAMBLE)?;
    let (spec_line, rest) = rest.split_once('\n')?;
    let (body_line, body) = rest.split_once('\n')?;
    Some(Stamp {
        spec_sha256: spec_line.strip_prefix(SPEC_LABEL)?,
        body_sha256: body_line.strip_prefix(BODY_LABEL)?,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_reads_back() {
        let text = stamp("pub struct A;\n", b"openapi: 3.0.3\n");
        let s = read(&text).expect("stamped");
        assert_eq!(s.body, "pub struct A;\n");
        assert_eq!(s.spec_sha256, sha256_hex(b"openapi: 3.0.3\n"));
        assert_eq!(s.body_sha256, sha256_hex(b"pub struct A;\n"));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(read("fn main() {}\n"), None);
    }
}
