//! Splitting one input across machines: [`Shard`] `I/N` takes the chat ids
//! whose stable hash falls in share `I` of `N`.

use std::fmt;
use std::str::FromStr;

use postpress_util::fnv::fnv1a64;

/// Share `index` of `count` (`index` counts from 1) of a job's chat ids.
///
/// An id belongs to exactly one share, decided by a hash of its UTF-8
/// bytes that is the same on every machine, every platform and every
/// release of this crate (64-bit FNV-1a, then the `fmix64` finalizer of
/// MurmurHash3; share `floor(h × N / 2⁶⁴) + 1`). So `N` processes running
/// the same input with `1/N` … `N/N` together act on every id exactly
/// once, whatever the order of the input or how it is split into files.
///
/// ```
/// use postpress_jobs::Shard;
/// let shards: Vec<Shard> = (1..=3).map(|i| Shard::new(i, 3).unwrap()).collect();
/// let owners = shards.iter().filter(|s| s.contains("9f9uio56sopa456s")).count();
/// assert_eq!(owners, 1);
/// assert_eq!("2/3".parse::<Shard>().unwrap(), shards[1]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

/// Why a shard such as `3/2` was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid shard `{given}`: {reason} (expected I/N with 1 <= I <= N, such as 2/4)")]
pub struct ShardError {
    given: String,
    reason: &'static str,
}

impl Shard {
    /// Share `index` of `count`, `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Result<Self, ShardError> {
        let given = || format!("{index}/{count}");
        if count == 0 {
            return Err(ShardError {
                given: given(),
                reason: "N must be at least 1",
            });
        }
        if index == 0 || index > count {
            return Err(ShardError {
                given: given(),
                reason: "I must be between 1 and N",
            });
        }
        Ok(Self { index, count })
    }

    /// The whole input: `1/1`.
    pub const ALL: Shard = Shard { index: 1, count: 1 };

    /// Which share this is, counting from 1.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// How many shares the input is split into.
    pub fn count(&self) -> u32 {
        self.count
    }

    /// Whether `chat_id` belongs to this share.
    pub fn contains(&self, chat_id: &str) -> bool {
        self.count == 1 || share_of(chat_id, self.count) == self.index
    }
}

/// The share (1-based) of `count` that `chat_id` falls in.
fn share_of(chat_id: &str, count: u32) -> u32 {
    let h = fmix64(fnv1a64(chat_id.as_bytes()));
    // floor(h * count / 2^64): uses the high bits, no modulo bias worth
    // the name.
    ((u128::from(h) * u128::from(count)) >> 64) as u32 + 1
}

fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ShardError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = |reason| ShardError {
            given: s.to_string(),
            reason,
        };
        let (i, n) = s.trim().split_once('/').ok_or_else(|| bad("no `/`"))?;
        let i: u32 = i.trim().parse().map_err(|_| bad("I is not a whole number"))?;
        let n: u32 = n.trim().parse().map_err(|_| bad("N is not a whole number"))?;
        Shard::new(i, n).map_err(|e| bad(e.reason))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_pinned() {
        // These values are a promise: changing them moves ids between
        // machines of a running job.
        assert_eq!(fnv1a64(b"a"), 0xaf63_dc4c_8601_ec8c);
        let got: Vec<u32> = ["chat-0", "chat-1", "chat-2", "chat-3", "9f9uio56sopa456s"]
            .iter()
            .map(|id| share_of(id, 4))
            .collect();
        assert_eq!(got, PINNED_SHARES_OF_4);
    }

    const PINNED_SHARES_OF_4: [u32; 5] = [2, 4, 1, 3, 2];

    #[test]
    fn every_id_in_exactly_one_share_and_shares_even() {
        for n in [1u32, 2, 3, 4, 7, 16] {
            let shards: Vec<Shard> = (1..=n).map(|i| Shard::new(i, n).expect("valid")).collect();
            let mut sizes = vec![0usize; n as usize];
            for k in 0..20_000 {
                let id = format!("chat-{k}");
                let owners: Vec<usize> = (0..n as usize).filter(|&i| shards[i].contains(&id)).collect();
                assert_eq!(owners.len(), 1, "{id} in {owners:?} of {n}");
                sizes[owners[0]] += 1;
            }
            let ideal = 20_000.0 / f64::from(n);
            for s in sizes {
                assert!((s as f64 - ideal).abs() < ideal * 0.1, "{n}: {s} vs {ideal}");
            }
        }
    }

    #[test]
    fn parsing() {
        assert_eq!("1/1".parse::<Shard>(), Ok(Shard::ALL));
        assert_eq!(" 3/4 ".parse::<Shard>().map(|s| s.to_string()), Ok("3/4".into()));
        for bad in ["0/4", "5/4", "1/0", "x/2", "2", "1/-1", "", "1/2/3"] {
            let e = bad.parse::<Shard>().expect_err(bad);
            assert!(e.to_string().contains("expected I/N"), "{e}");
        }
    }
}
