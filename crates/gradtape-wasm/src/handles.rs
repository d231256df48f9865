//! The handle table: JavaScript holds handles, never pointers to tensors. A handle is a slot index
//! plus the slot's generation, packed in an f64 (an ordinary JavaScript number): 24 bits of index
//! and 29 of generation. A slot's generation grows on every free and the slot freed longest ago is
//! reused first; a slot whose generation runs out is retired, never reused. So a handle kept after
//! `tensor_free` is reported as stale, never read as another tensor, however many tensors follow.
//!
//! Generations start at `FIRST_GENERATION`, so that every handle is at least 2^31: past the small
//! integers V8 stores untagged (31 bits with pointer compression, 32 without). JavaScript then
//! holds every handle as a double from the first one on. Handles that started small outgrew that
//! range after some 270,000 tensors; V8 then changed the representation of the tensor's handle
//! field, which threw away the optimized code of every function that had read it (a training loop
//! ran at half speed for a few thousand steps, in the middle of its run).

use gradtape_core::{Error, ErrorCode, Result, Tensor};
use std::collections::VecDeque;

/// What JavaScript holds: `generation · 2^24 + index`, an integer below 2^53; 0 is never a handle.
pub type Handle = f64;

const INDEX_BITS: u32 = 24;
const INDEX_MASK: u64 = (1 << INDEX_BITS) - 1;
/// Generations run from FIRST_GENERATION to this (53 - 24 bits), so every handle is an exact f64
/// integer.
const MAX_GENERATION: u64 = (1 << (53 - INDEX_BITS)) - 1;
/// A new slot's generation: 2^7 · 2^24 = 2^31 (see the module documentation).
const FIRST_GENERATION: u64 = 1 << (31 - INDEX_BITS);

struct Slot {
    /// FIRST_GENERATION..=MAX_GENERATION; bumped on every free so old handles stop matching.
    /// Never 0, so no handle is 0.
    generation: u64,
    tensor: Option<Tensor>,
}

#[derive(Default)]
pub struct Handles {
    slots: Vec<Slot>,
    /// Freed slots, oldest first.
    free: VecDeque<u32>,
    /// Live handles and the bytes of their data (shared storage counted once per handle; a u64,
    /// since the sum of shared buffers can pass 4 GiB).
    pub live: usize,
    pub live_bytes: u64,
}

fn bytes_of(t: &Tensor) -> u64 {
    (t.size() * t.dtype().byte_size()) as u64
}

/// The slot index and generation a handle names, or None for anything that is not one.
fn decode(handle: Handle) -> Option<(usize, u64)> {
    if !(handle >= 1.0 && handle < (1u64 << 53) as f64) || handle.fract() != 0.0 {
        return None;
    }
    let bits = handle as u64;
    Some(((bits & INDEX_MASK) as usize, bits >> INDEX_BITS))
}

impl Handles {
    /// Registers `tensor` under a new handle; fails only when 2^24 tensors are alive at once.
    pub fn insert(&mut self, tensor: Tensor) -> Result<Handle> {
        let index = match self.free.pop_front() {
            Some(index) => index as usize,
            None if self.slots.len() <= INDEX_MASK as usize => {
                self.slots.push(Slot { generation: FIRST_GENERATION, tensor: None });
                self.slots.len() - 1
            }
            None => {
                return Err(Error::new(
                    ErrorCode::OutOfMemory,
                    format!("{} tensors are alive at once, the most gradtape can track; dispose tensors you no longer need.", self.live),
                ))
            }
        };
        self.live += 1;
        self.live_bytes += bytes_of(&tensor);
        let slot = &mut self.slots[index];
        slot.tensor = Some(tensor);
        Ok(((slot.generation << INDEX_BITS) | index as u64) as f64)
    }

    fn slot_index(&self, handle: Handle) -> Option<usize> {
        let (index, generation) = decode(handle)?;
        let slot = self.slots.get(index)?;
        (slot.generation == generation && slot.tensor.is_some()).then_some(index)
    }

    pub fn get(&self, handle: Handle) -> Result<&Tensor> {
        match self.slot_index(handle) {
            Some(index) => Ok(self.slots[index].tensor.as_ref().expect("slot_index checks the tensor")),
            None => Err(stale(handle)),
        }
    }

    pub fn get_mut(&mut self, handle: Handle) -> Result<&mut Tensor> {
        match self.slot_index(handle) {
            Some(index) => Ok(self.slots[index].tensor.as_mut().expect("slot_index checks the tensor")),
            None => Err(stale(handle)),
        }
    }

    pub fn remove(&mut self, handle: Handle) -> Result<Tensor> {
        let index = self.slot_index(handle).ok_or_else(|| stale(handle))?;
        let slot = &mut self.slots[index];
        let tensor = slot.tensor.take().expect("slot_index checks the tensor");
        slot.generation += 1;
        if slot.generation <= MAX_GENERATION {
            self.free.push_back(index as u32);
        }
        self.live -= 1;
        self.live_bytes -= bytes_of(&tensor);
        Ok(tensor)
    }
}

fn stale(handle: Handle) -> Error {
    Error::new(
        ErrorCode::InvalidHandle,
        format!("tensor handle {handle} is stale or unknown: the tensor was disposed. Keep the tensor (tf.keep) or recompute it."),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use gradtape_core::DType;

    fn tensor() -> Tensor {
        Tensor::scalar(DType::F32, 1.0)
    }

    #[test]
    fn a_freed_handle_stays_stale_through_many_reuses_of_its_slot() {
        let mut h = Handles::default();
        let stale_handle = h.insert(tensor()).unwrap();
        h.remove(stale_handle).unwrap();
        // One slot, reused 100,000 times: an 8-bit generation would have wrapped 390 times.
        for _ in 0..100_000 {
            let live = h.insert(tensor()).unwrap();
            assert_ne!(live, stale_handle);
            assert_eq!(h.get(stale_handle).unwrap_err().code, ErrorCode::InvalidHandle);
            h.remove(live).unwrap();
        }
        assert_eq!(h.slots.len(), 1);
    }

    #[test]
    fn the_slot_freed_longest_ago_is_reused_first() {
        let mut h = Handles::default();
        let a = h.insert(tensor()).unwrap();
        let b = h.insert(tensor()).unwrap();
        h.remove(a).unwrap();
        h.remove(b).unwrap();
        let c = h.insert(tensor()).unwrap();
        assert_eq!(decode(c).unwrap().0, decode(a).unwrap().0, "a's slot was freed first");
        assert!(h.get(a).is_err() && h.get(b).is_err() && h.get(c).is_ok());
    }

    #[test]
    fn a_slot_whose_generation_runs_out_is_retired() {
        let mut h = Handles::default();
        let first = h.insert(tensor()).unwrap();
        h.slots[0].generation = MAX_GENERATION;
        h.slots[0].tensor = Some(tensor());
        let last = ((MAX_GENERATION << INDEX_BITS) as f64) + 0.0;
        assert!(h.get(last).is_ok() && h.get(first).is_err());
        h.remove(last).unwrap();
        let next = h.insert(tensor()).unwrap();
        assert_eq!(decode(next).unwrap().0, 1, "the exhausted slot 0 is not reused");
        assert!(last < (1u64 << 53) as f64 && last.fract() == 0.0);
    }

    #[test]
    fn every_handle_is_past_the_small_integers_of_javascript_engines() {
        // (JavaScript then holds every handle as a double from the first: see the module
        // documentation.)
        let mut h = Handles::default();
        let first = h.insert(tensor()).unwrap();
        for _ in 0..1_000 {
            let live = h.insert(tensor()).unwrap();
            assert!(live >= 2f64.powi(31) && live < 2f64.powi(53), "{live}");
            h.remove(live).unwrap();
        }
        assert!(first >= 2f64.powi(31), "{first}");
    }

    #[test]
    fn anything_that_is_not_a_handle_is_stale() {
        let mut h = Handles::default();
        let live = h.insert(tensor()).unwrap();
        for bad in [0.0, -1.0, live + 0.5, f64::NAN, f64::INFINITY, 2f64.powi(53), live + (1u64 << INDEX_BITS) as f64] {
            assert_eq!(h.get(bad).unwrap_err().code, ErrorCode::InvalidHandle, "{bad}");
        }
        assert!(h.get(live).is_ok());
    }
}
