//! A tensor is an id, a shape and shared storage. Ids identify tensors on tapes: a tensor evicted to
//! JavaScript and brought back keeps its id, so tapes still recognise it.

use crate::dtype::{try_written, Buffer, DType};
use crate::kernels::philox::{self, Distribution, Philox};
use crate::error::Result;
use crate::shape::{size_of, Shape};
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

pub type TensorId = u64;

/// An empty buffer per dtype, made on first use (see `Tensor::shape_only`).
#[derive(Default)]
pub struct EmptyBuffers([Option<Rc<Buffer>>; 4]);

impl EmptyBuffers {
    /// The shared empty buffer of `dtype`.
    fn of(&mut self, dtype: DType) -> Rc<Buffer> {
        self.0[dtype as usize]
            .get_or_insert_with(|| Rc::new(crate::with_dtype!(dtype, T => <T as crate::dtype::Typed>::wrap(Vec::new()))))
            .clone()
    }
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A fresh id, never used before (ids are below 2^53 so JavaScript can hold them as numbers).
pub fn fresh_id() -> TensorId {
    NEXT_ID.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone, Debug)]
pub struct Tensor {
    pub id: TensorId,
    pub shape: Shape,
    pub buf: Rc<Buffer>,
}

impl Tensor {
    /// A new tensor with a fresh id. `buf.len()` must equal the product of `shape`.
    pub fn new(shape: impl Into<Shape>, buf: Buffer) -> Tensor {
        let shape = shape.into();
        debug_assert_eq!(size_of(&shape), buf.len());
        Tensor { id: fresh_id(), shape, buf: Rc::new(buf) }
    }

    /// The same data under a new id: a value the tape does not connect to this one.
    pub fn detached(&self) -> Tensor {
        Tensor { id: fresh_id(), shape: self.shape.clone(), buf: self.buf.clone() }
    }

    /// The same storage under a new id and another shape of the same size (reshape: no copy).
    pub fn sharing(x: &Tensor, shape: impl Into<Shape>) -> Tensor {
        let shape = shape.into();
        debug_assert_eq!(size_of(&shape), x.buf.len());
        Tensor { id: fresh_id(), shape, buf: x.buf.clone() }
    }

    /// The same id, shape and dtype without the data: what a tape keeps of a value its gradient
    /// rule does not read (sharing one empty buffer per dtype from `empty`).
    pub fn shape_only(&self, empty: &mut EmptyBuffers) -> Tensor {
        Tensor { id: self.id, shape: self.shape.clone(), buf: empty.of(self.dtype()) }
    }

    /// A rank-0 tensor of `id` with no data (see `shape_only`): a recorded value that its
    /// gradient rule does not read.
    pub fn scalar_shape_only(id: TensorId, dtype: DType, empty: &mut EmptyBuffers) -> Tensor {
        Tensor { id, shape: Shape::SCALAR, buf: empty.of(dtype) }
    }

    /// A rank-0 tensor of `value` under an existing `id` (a value JavaScript holds for a tensor
    /// the tapes know by that id).
    pub fn scalar_with_id(id: TensorId, dtype: DType, value: f64) -> Tensor {
        Tensor { id, ..Tensor::scalar(dtype, value) }
    }

    /// True when the tensor carries its data (not made by `shape_only`).
    pub fn has_data(&self) -> bool {
        self.buf.len() == size_of(&self.shape)
    }

    pub fn scalar(dtype: DType, value: f64) -> Tensor {
        let buf = crate::with_dtype!(dtype, T => <T as crate::dtype::Typed>::wrap(vec![<T as crate::kernels::Element>::from_f64(value)]));
        Tensor::new(Shape::SCALAR, buf)
    }

    /// A tensor of `shape` filled with `value`, or an OutOfMemory error.
    pub fn full(shape: &[usize], dtype: DType, value: f64) -> Result<Tensor> {
        Ok(Tensor::new(shape, Buffer::filled(dtype, size_of(shape), value)?))
    }

    /// A float tensor of `shape` drawn from stream `g` (TensorFlow's stateless random ops; see
    /// `kernels::philox`), times `scale` plus `shift` in `dtype`'s arithmetic.
    pub fn random(shape: &[usize], dtype: DType, distribution: Distribution, g: Philox, scale: f64, shift: f64) -> Result<Tensor> {
        let n = size_of(shape);
        // SAFETY (both): `draw` writes every element of its output.
        let buf = match dtype {
            DType::F32 => Buffer::F32(unsafe { try_written(n, |out| philox::draw(distribution, g, scale as f32, shift as f32, out))? }),
            DType::F64 => Buffer::F64(unsafe { try_written(n, |out| philox::draw(distribution, g, scale, shift, out))? }),
            DType::I32 | DType::Bool => crate::fail!(DTypeMismatch, "random draws are float32 or float64, not {}", dtype.name()),
        };
        Ok(Tensor::new(shape, buf))
    }

    #[inline]
    pub fn dtype(&self) -> DType {
        self.buf.dtype()
    }

    #[inline]
    pub fn rank(&self) -> usize {
        self.shape.len()
    }

    #[inline]
    pub fn size(&self) -> usize {
        size_of(&self.shape)
    }

    pub fn to_f64_vec(&self) -> Vec<f64> {
        self.buf.to_f64_vec()
    }
}
