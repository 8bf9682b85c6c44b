//! A fast hasher for the build's in-memory maps keyed by short strings (search terms, page paths,
//! record ids), where the standard SipHash costs more than the rest of a lookup. It multiplies
//! and rotates eight bytes at a time (the scheme of Firefox's and rustc's FxHash); it offers no
//! protection against keys crafted to collide, which a build of one's own files does not need.
//! Never used where a hash must stay stable (memo keys have their own, [`crate::memo::KeyHasher`]).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// A `HashSet` with [`FastHasher`].
pub type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

/// See the module documentation.
#[derive(Debug, Default, Clone, Copy)]
pub struct FastHasher(u64);

/// An odd 64-bit constant with well-mixed bits.
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

/// A key of at most 16 bytes as two words that, with its length, tell it apart from every other
/// key of that length: its first and last eight bytes (overlapping in a shorter key), its first
/// and last four below eight bytes, its first, middle and last byte below four. Read without a
/// loop or a copy; `None` for a longer key. The fast hasher reads short keys so, and the search
/// index packs its terms so.
pub fn short_words(bytes: &[u8]) -> Option<(u64, u64)> {
    let n = bytes.len();
    let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
    let half = |i: usize| u64::from(u32::from_le_bytes(bytes[i..i + 4].try_into().expect("four bytes")));
    let byte = |i: usize| u64::from(bytes[i]);
    Some(match n {
        0 => (0, 0),
        1..4 => (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0),
        4..8 => (half(0), half(n - 4)),
        8..=16 => (word(0), word(n - 8)),
        _ => return None,
    })
}

impl Hasher for FastHasher {
    /// A short key as its [`short_words`]; a longer one eight bytes at a time, the last eight
    /// overlapping the ones before. Never copied into a buffer: most keys are short words, and a
    /// copy of a variable length is a call to `memcpy` for each.
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        if let Some((first, last)) = short_words(bytes) {
            self.add(first);
            self.add(last ^ (n as u64) << 56);
            return;
        }
        let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().expect("eight bytes"));
        let mut i = 0;
        while i + 8 < n {
            self.add(word(i));
            i += 8;
        }
        self.add(word(n - 8));
        self.add(n as u64);
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_work_and_distinct_short_keys_hash_apart() {
        let words = [
            "a",
            "b",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abcdabcd",
            "abcdefgh",
            "abcdefghi",
            "bcdefghia",
            "quartet",
            "quartets",
        ];
        let map: FastMap<&str, usize> = words.iter().enumerate().map(|(i, w)| (*w, i)).collect();
        assert!(words.iter().enumerate().all(|(i, w)| map[w] == i));
        let hashes: FastSet<u64> = words
            .iter()
            .map(|w| {
                let mut h = FastHasher::default();
                std::hash::Hash::hash(w, &mut h);
                h.finish()
            })
            .collect();
        assert_eq!(hashes.len(), words.len());
    }
}
