//! The handle table: JavaScript holds `u32` handles, never pointers to tensors. A handle is an index
//! plus an 8-bit generation, so a handle kept after `tensor_free` is reported as stale instead of
//! silently reading another tensor.

use gradtape_core::{Error, ErrorCode, Result, Tensor};

const INDEX_BITS: u32 = 24;
const INDEX_MASK: u32 = (1 << INDEX_BITS) - 1;

struct Slot {
    /// 1..=255; bumped on every free so old handles stop matching. Never 0, so no handle is 0.
    generation: u32,
    tensor: Option<Tensor>,
}

#[derive(Default)]
pub struct Handles {
    slots: Vec<Slot>,
    free: Vec<u32>,
    /// Live handles and the bytes of their data (shared storage counted once per handle).
    pub live: usize,
    pub live_bytes: u64,
}

fn bytes_of(t: &Tensor) -> u64 {
    (t.size() * t.dtype().byte_size()) as u64
}

impl Handles {
    pub fn insert(&mut self, tensor: Tensor) -> u32 {
        self.live += 1;
        self.live_bytes += bytes_of(&tensor);
        let index = match self.free.pop() {
            Some(index) => index,
            None => {
                self.slots.push(Slot { generation: 1, tensor: None });
                (self.slots.len() - 1) as u32
            }
        };
        let slot = &mut self.slots[index as usize];
        slot.tensor = Some(tensor);
        (slot.generation << INDEX_BITS) | index
    }

    fn slot(&self, handle: u32) -> Option<&Slot> {
        let slot = self.slots.get((handle & INDEX_MASK) as usize)?;
        (slot.generation == handle >> INDEX_BITS && slot.tensor.is_some()).then_some(slot)
    }

    pub fn get(&self, handle: u32) -> Result<&Tensor> {
        match self.slot(handle).and_then(|s| s.tensor.as_ref()) {
            Some(t) => Ok(t),
            None => Err(stale(handle)),
        }
    }

    pub fn get_mut(&mut self, handle: u32) -> Result<&mut Tensor> {
        self.slot(handle).ok_or_else(|| stale(handle))?;
        match self.slots[(handle & INDEX_MASK) as usize].tensor.as_mut() {
            Some(t) => Ok(t),
            None => Err(stale(handle)),
        }
    }

    pub fn remove(&mut self, handle: u32) -> Result<Tensor> {
        self.slot(handle).ok_or_else(|| stale(handle))?;
        let index = handle & INDEX_MASK;
        let slot = &mut self.slots[index as usize];
        let tensor = slot.tensor.take().ok_or_else(|| stale(handle))?;
        slot.generation = if slot.generation == 255 { 1 } else { slot.generation + 1 };
        self.free.push(index);
        self.live -= 1;
        self.live_bytes -= bytes_of(&tensor);
        Ok(tensor)
    }
}

fn stale(handle: u32) -> Error {
    Error::new(
        ErrorCode::InvalidHandle,
        format!("tensor handle {handle:#x} is stale or unknown: the tensor was disposed. Keep the tensor (tf.keep) or recompute it."),
    )
}
