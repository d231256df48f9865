//! The tensor ids a tape tracks: its watched tensors and every output it recorded, each with a
//! flag saying whether the tensor's data is already counted in the tape's `saved_bytes`.
//!
//! A sorted vector, not a hash map: a recorded output has a fresh id (`tensor::fresh_id`, which
//! only grows), greater than every id tracked before it, so recording appends. An op's operand is
//! most often the newest output (a chain's previous result) or a watched tensor, watched before
//! the ops that read it and so among the first ids: a lookup looks at those before it searches.
//! A tape is then one array, reused by the next tape (`Engine::spare_record`), with no hashing,
//! no rehash as it grows, and its ids in order wherever they are listed (a tape's bytes).

use crate::tensor::TensorId;

#[derive(Clone, Debug, Default)]
pub(crate) struct TrackedIds {
    /// Ascending ids, each with its `counted` flag.
    entries: Vec<(TensorId, bool)>,
}

/// How many of the first ids a lookup compares one by one before it searches.
const FIRST: usize = 4;

impl TrackedIds {
    /// Where `id` is, or where it would go to keep the ids ascending.
    #[inline]
    fn position(&self, id: TensorId) -> Result<usize, usize> {
        let n = self.entries.len();
        match self.entries.last() {
            None => return Err(0),
            Some(&(last, _)) if last == id => return Ok(n - 1),
            Some(&(last, _)) if last < id => return Err(n),
            Some(_) => {}
        }
        for (i, &(tracked, _)) in self.entries.iter().take(FIRST).enumerate() {
            if tracked >= id {
                return if tracked == id { Ok(i) } else { Err(i) };
            }
        }
        self.entries.binary_search_by_key(&id, |&(tracked, _)| tracked)
    }

    pub(crate) fn contains(&self, id: TensorId) -> bool {
        self.position(id).is_ok()
    }

    /// The `counted` flag of a tracked id.
    #[inline]
    pub(crate) fn get_mut(&mut self, id: TensorId) -> Option<&mut bool> {
        let at = self.position(id).ok()?;
        Some(&mut self.entries[at].1)
    }

    /// Tracks `id` with this flag, or sets the flag of an id tracked before.
    pub(crate) fn insert(&mut self, id: TensorId, counted: bool) {
        match self.position(id) {
            Ok(at) => self.entries[at].1 = counted,
            Err(at) => self.entries.insert(at, (id, counted)),
        }
    }

    /// Tracks `id`, uncounted, unless it is tracked already (a watch).
    pub(crate) fn watch(&mut self, id: TensorId) {
        if let Err(at) = self.position(id) {
            self.entries.insert(at, (id, false));
        }
    }

    pub(crate) fn try_reserve(&mut self, additional: usize) -> Result<(), std::collections::TryReserveError> {
        self.entries.try_reserve(additional)
    }

    pub(crate) fn clear(&mut self) {
        self.entries.clear();
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(crate) fn capacity(&self) -> usize {
        self.entries.capacity()
    }

    /// Bytes of the storage (what the memory budget counts).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<(TensorId, bool)>()
    }

    /// The tracked ids, ascending.
    pub(crate) fn ids(&self) -> impl Iterator<Item = TensorId> + '_ {
        self.entries.iter().map(|&(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::TrackedIds;
    use std::collections::HashMap;

    /// Against a HashMap (the oracle), through ids in every order: appended (recorded outputs),
    /// older ones watched late, repeats, and lookups of ids never tracked, at the front, in the
    /// middle and at the end.
    #[test]
    fn matches_a_hash_map() {
        let mut tracked = TrackedIds::default();
        let mut oracle: HashMap<u64, bool> = HashMap::new();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let mut fresh = 1000;
        for step in 0..20_000 {
            let r = next();
            match r % 7 {
                0 | 1 => {
                    fresh += 1 + r % 3;
                    tracked.insert(fresh, r & 64 != 0);
                    oracle.insert(fresh, r & 64 != 0);
                }
                2 => {
                    let id = next() % (fresh + 10);
                    tracked.watch(id);
                    oracle.entry(id).or_insert(false);
                }
                3 => {
                    let id = next() % (fresh + 10);
                    assert_eq!(tracked.get_mut(id).map(|c| *c), oracle.get(&id).copied(), "step {step}, id {id}");
                    if let (Some(c), Some(o)) = (tracked.get_mut(id), oracle.get_mut(&id)) {
                        (*c, *o) = (true, true);
                    }
                }
                4 => {
                    let id = fresh - r % 4;
                    assert_eq!(tracked.contains(id), oracle.contains_key(&id), "step {step}, id {id}");
                }
                5 => {
                    // The first ids and their neighbours.
                    let mut first: Vec<u64> = oracle.keys().copied().collect();
                    first.sort_unstable();
                    for &id in first.iter().take(6) {
                        for probe in [id.saturating_sub(1), id, id + 1] {
                            assert_eq!(tracked.contains(probe), oracle.contains_key(&probe), "step {step}, id {probe}");
                        }
                    }
                }
                _ if r % 997 == 6 => {
                    tracked.clear();
                    oracle.clear();
                }
                _ => {
                    let id = next() % (fresh + 10);
                    tracked.insert(id, false);
                    oracle.insert(id, false);
                }
            }
            assert_eq!(tracked.len(), oracle.len());
        }
        let mut expected: Vec<u64> = oracle.keys().copied().collect();
        expected.sort_unstable();
        assert_eq!(tracked.ids().collect::<Vec<_>>(), expected);
    }
}
