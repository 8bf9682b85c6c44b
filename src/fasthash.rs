//! A fast hasher for the build's in-memory maps keyed by short strings (search terms, page paths,
//! record ids), where the standard SipHash costs more than the rest of a lookup. It multiplies
//! and rotates eight bytes at a time (the scheme of Firefox's and rustc's FxHash); it offers no
//! protection against keys crafted to collide, which a build of one's own files does not need.
//! Never used where a hash must stay stable (memo keys use the standard hasher).

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

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let mut buf = [0; 8];
            buf.copy_from_slice(word);
            self.add(u64::from_le_bytes(buf));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut buf = [0; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
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
        let words = ["a", "b", "ab", "ba", "abcdefgh", "abcdefghi", "spinoff", "spinoffs"];
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
