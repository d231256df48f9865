//! A tensor is an id, a shape and shared storage. Ids identify tensors on tapes: a tensor evicted to
//! JavaScript and brought back keeps its id, so tapes still recognise it.

use crate::dtype::{Buffer, DType};
use crate::error::Result;
use crate::shape::size_of;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

pub type TensorId = u64;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh id, never used before (ids are below 2^53 so JavaScript can hold them as numbers).
pub fn fresh_id() -> TensorId {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone, Debug)]
pub struct Tensor {
    pub id: TensorId,
    pub shape: Vec<usize>,
    pub buf: Rc<Buffer>,
}

impl Tensor {
    /// A new tensor with a fresh id. `buf.len()` must equal the product of `shape`.
    pub fn new(shape: Vec<usize>, buf: Buffer) -> Tensor {
        debug_assert_eq!(size_of(&shape), buf.len());
        Tensor { id: fresh_id(), shape, buf: Rc::new(buf) }
    }

    /// The same data under a new id: a value the tape does not connect to this one.
    pub fn detached(&self) -> Tensor {
        Tensor { id: fresh_id(), shape: self.shape.clone(), buf: self.buf.clone() }
    }

    pub fn scalar(dtype: DType, value: f64) -> Tensor {
        let buf = match dtype {
            DType::F32 => Buffer::F32(vec![value as f32]),
            DType::F64 => Buffer::F64(vec![value]),
            DType::I32 => Buffer::I32(vec![value as i32]),
        };
        Tensor::new(vec![], buf)
    }

    /// A tensor of `shape` filled with `value`, or an OutOfMemory error.
    pub fn full(shape: &[usize], dtype: DType, value: f64) -> Result<Tensor> {
        Ok(Tensor::new(shape.to_vec(), Buffer::filled(dtype, size_of(shape), value)?))
    }

    pub fn dtype(&self) -> DType {
        self.buf.dtype()
    }

    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    pub fn size(&self) -> usize {
        self.buf.len()
    }

    pub fn to_f64_vec(&self) -> Vec<f64> {
        self.buf.to_f64_vec()
    }
}
