//! A bounded, escaped excerpt of a bad input: what an error message may
//! repeat of a line that can be any length and hold any bytes.

use std::fmt::Write as _;

/// How many bytes of an input an excerpt keeps.
pub const EXCERPT_BYTES: usize = 64;

/// The first [`EXCERPT_BYTES`] bytes of `bytes`, escaped (control
/// characters, quotes, backslashes and invalid UTF-8 as `\u{..}`/`\x..`),
/// followed by `… (N bytes)` when it was cut.
///
/// ```
/// use postpress_util::excerpt::excerpt;
/// assert_eq!(excerpt(b"chat-1"), "chat-1");
/// let long = vec![b'a'; 300_000_001];
/// assert_eq!(excerpt(&long), format!("{}… (300,000,001 bytes)", "a".repeat(64)));
/// ```
pub fn excerpt(bytes: &[u8]) -> String {
    excerpt_of(bytes, bytes.len() as u64)
}

/// [`excerpt`] of an input of `len` bytes of which only the first bytes,
/// `head`, were kept (a line read in bounded pieces).
pub fn excerpt_of(head: &[u8], len: u64) -> String {
    let head = &head[..head.len().min(EXCERPT_BYTES)];
    let cut = len > head.len() as u64;
    let mut out = String::with_capacity(head.len() + 24);
    for chunk in head.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c.is_control() || c == '\\' || c == '"' {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    if cut {
        let _ = write!(
            out,
            "… ({} bytes)",
            thousands(usize::try_from(len).unwrap_or(usize::MAX))
        );
    }
    out
}

/// `300000001` → `300,000,001`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts() {
        assert_eq!(excerpt(b""), "");
        assert_eq!(excerpt(b"a\tb\"c"), "a\\tb\\\"c");
        assert_eq!(excerpt(b"\xff\xfeok"), "\\xff\\xfeok");
        assert_eq!(excerpt(&[b'x'; 65]), format!("{}… (65 bytes)", "x".repeat(64)));
        assert_eq!(
            excerpt_of(&[b'y'; 100], 5_000),
            format!("{}… (5,000 bytes)", "y".repeat(64))
        );
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(999), "999");
    }
}
