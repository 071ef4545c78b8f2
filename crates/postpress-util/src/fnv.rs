//! FNV-1a 64: small, fast on short keys, and the same everywhere and
//! forever, which is what a shard of a job that runs on several machines
//! needs. Not for keys an attacker picks (a `HashMap` keyed by such input
//! should keep std's `RandomState`).

/// The offset basis: the state before any byte.
pub const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// The prime.
pub const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a 64 of `bytes`.
///
/// ```
/// assert_eq!(postpress_util::fnv::fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    fnv1a64_from(OFFSET, bytes)
}

/// FNV-1a 64 of `bytes`, going on from the state `h` (the hash of what
/// came before; [`OFFSET`] for nothing).
pub fn fnv1a64_from(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(PRIME);
    }
    h
}

/// FNV-1a 64 as a [`std::hash::Hasher`], for maps keyed by short ids the
/// user supplied.
#[derive(Debug, Clone, Copy)]
pub struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        Self(OFFSET)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a64_from(self.0, bytes);
    }
}

/// Builds [`FnvHasher`]s: `HashMap<K, V, FnvBuildHasher>`.
pub type FnvBuildHasher = std::hash::BuildHasherDefault<FnvHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hasher;

    #[test]
    fn known_values() {
        assert_eq!(fnv1a64(b""), OFFSET);
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(fnv1a64_from(fnv1a64(b"foo"), b"bar"), fnv1a64(b"foobar"));
        let mut h = FnvHasher::default();
        h.write(b"foo");
        h.write(b"bar");
        assert_eq!(h.finish(), fnv1a64(b"foobar"));
    }
}
