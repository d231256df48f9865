//! Element types and the typed storage behind every tensor.

use std::mem::MaybeUninit;
use crate::error::{Error, Result};

/// The element type of a tensor. The numeric codes are part of the C ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum DType {
    F32 = 0,
    F64 = 1,
    I32 = 2,
    /// Stored as one byte per element, 0 or 1 (what JavaScript's Uint8Array holds).
    Bool = 3,
}

impl DType {
    pub fn from_code(code: u32) -> Option<DType> {
        match code {
            0 => Some(DType::F32),
            1 => Some(DType::F64),
            2 => Some(DType::I32),
            3 => Some(DType::Bool),
            _ => None,
        }
    }

    /// TensorFlow's name for the dtype, as printed in messages.
    #[inline]
    pub fn name(self) -> &'static str {
        match self {
            DType::F32 => "float32",
            DType::F64 => "float64",
            DType::I32 => "int32",
            DType::Bool => "bool",
        }
    }

    #[inline]
    pub fn byte_size(self) -> usize {
        match self {
            DType::F32 | DType::I32 => 4,
            DType::F64 => 8,
            DType::Bool => 1,
        }
    }

    /// Only floating tensors carry gradients, as in TensorFlow.
    #[inline]
    pub fn is_float(self) -> bool {
        match self {
            DType::F32 | DType::F64 => true,
            DType::I32 | DType::Bool => false,
        }
    }

    /// Numbers with arithmetic: the floats and int32 (not bool).
    #[inline]
    pub fn is_numeric(self) -> bool {
        match self {
            DType::F32 | DType::F64 | DType::I32 => true,
            DType::Bool => false,
        }
    }

    pub const ALL: [DType; 4] = [DType::F32, DType::F64, DType::I32, DType::Bool];
}

/// An empty vector with room for `len` elements, or an OutOfMemory error. Every tensor buffer is
/// allocated through here or `try_filled`: a failed infallible allocation aborts the wasm module,
/// while an error leaves the library usable. The reservation is marked fallible so the allocator
/// keeps its reserve for the infallible allocations (the error message below is one of them).
#[inline]
pub fn try_with_capacity<T>(len: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    match crate::alloc_mode::fallible(|| v.try_reserve_exact(len)) {
        Ok(()) => Ok(v),
        Err(_) => Err(Error::out_of_memory("tensor data", len.saturating_mul(std::mem::size_of::<T>()))),
    }
}

/// `len` copies of `value`, or an OutOfMemory error.
#[inline]
pub fn try_filled<T: Copy>(len: usize, value: T) -> Result<Vec<T>> {
    let mut v = try_with_capacity(len)?;
    v.resize(len, value);
    Ok(v)
}

/// A vector of `len` elements that `write` fills, without filling it first (a kernel that writes
/// every element would otherwise pay one more pass over memory, 7% of a 1M-element sigmoid).
///
/// # Safety
/// `write` must initialize every element of the slice it is given.
#[inline]
pub unsafe fn try_written<T>(len: usize, write: impl FnOnce(&mut [MaybeUninit<T>])) -> Result<Vec<T>> {
    let mut v = try_with_capacity(len)?;
    write(&mut v.spare_capacity_mut()[..len]);
    // Safety: the capacity is at least len, and the caller's `write` initialized all of it.
    unsafe { v.set_len(len) };
    Ok(v)
}

/// Contiguous row-major storage; shared between tensors (and tape residuals) through `Rc`.
#[derive(Clone, Debug, PartialEq)]
pub enum Buffer {
    F32(Vec<f32>),
    F64(Vec<f64>),
    I32(Vec<i32>),
    Bool(Vec<u8>),
}

impl Buffer {
    #[inline]
    pub fn dtype(&self) -> DType {
        match self {
            Buffer::F32(_) => DType::F32,
            Buffer::F64(_) => DType::F64,
            Buffer::I32(_) => DType::I32,
            Buffer::Bool(_) => DType::Bool,
        }
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self {
            Buffer::F32(v) => v.len(),
            Buffer::F64(v) => v.len(),
            Buffer::I32(v) => v.len(),
            Buffer::Bool(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `len` copies of `value`, converted to `dtype` (truncated toward zero for int32).
    pub fn filled(dtype: DType, len: usize, value: f64) -> Result<Buffer> {
        Ok(match dtype {
            DType::F32 => Buffer::F32(try_filled(len, value as f32)?),
            DType::F64 => Buffer::F64(try_filled(len, value)?),
            DType::I32 => Buffer::I32(try_filled(len, value as i32)?),
            DType::Bool => Buffer::Bool(try_filled(len, (value != 0.0) as u8)?),
        })
    }

    /// Element `i` as f64 (for tests and scalar reads).
    #[inline]
    pub fn get_f64(&self, i: usize) -> f64 {
        match self {
            Buffer::F32(v) => v[i] as f64,
            Buffer::F64(v) => v[i],
            Buffer::I32(v) => v[i] as f64,
            Buffer::Bool(v) => v[i] as f64,
        }
    }

    /// Sets float element `i` to `value` (rounded to float32 in a float32 buffer); false, and
    /// nothing written, for an integer or boolean buffer.
    #[inline]
    pub fn set_float(&mut self, i: usize, value: f64) -> bool {
        match self {
            Buffer::F32(v) => v[i] = value as f32,
            Buffer::F64(v) => v[i] = value,
            Buffer::I32(_) | Buffer::Bool(_) => return false,
        }
        true
    }

    /// The first `out.len()` elements (at most `len()`) as f64, into `out` (one loop per dtype:
    /// the copy-out of small tensors, where `get_f64` per element cost about 2 ns each in wasm).
    pub fn write_f64s(&self, out: &mut [f64]) {
        match self {
            Buffer::F32(v) => out.iter_mut().zip(v.iter()).for_each(|(o, &x)| *o = x as f64),
            Buffer::F64(v) => out.copy_from_slice(&v[..out.len()]),
            Buffer::I32(v) => out.iter_mut().zip(v.iter()).for_each(|(o, &x)| *o = x as f64),
            Buffer::Bool(v) => out.iter_mut().zip(v.iter()).for_each(|(o, &x)| *o = x as f64),
        }
    }

    pub fn to_f64_vec(&self) -> Vec<f64> {
        (0..self.len()).map(|i| self.get_f64(i)).collect()
    }

    /// Raw bytes pointer, for copying the data out through the ABI.
    #[inline]
    pub fn as_ptr(&self) -> *const u8 {
        match self {
            Buffer::F32(v) => v.as_ptr() as *const u8,
            Buffer::F64(v) => v.as_ptr() as *const u8,
            Buffer::I32(v) => v.as_ptr() as *const u8,
            Buffer::Bool(v) => v.as_ptr(),
        }
    }
}

/// Apply a generic function to the typed vector inside a buffer, producing a buffer of the same dtype:
/// `map_buffer!(buf, |v| some_generic_fn(v))`.
#[macro_export]
macro_rules! map_buffer {
    ($buf:expr, |$v:ident| $body:expr) => {
        match $buf {
            $crate::dtype::Buffer::F32($v) => $crate::dtype::Buffer::F32($body),
            $crate::dtype::Buffer::F64($v) => $crate::dtype::Buffer::F64($body),
            $crate::dtype::Buffer::I32($v) => $crate::dtype::Buffer::I32($body),
            $crate::dtype::Buffer::Bool($v) => $crate::dtype::Buffer::Bool($body),
        }
    };
}

/// The element types a `Buffer` can hold, with typed access to it.
pub trait Typed: crate::kernels::Element {
    fn slice(buf: &Buffer) -> Option<&[Self]>;
    fn slice_mut(buf: &mut Buffer) -> Option<&mut [Self]>;
    fn wrap(values: Vec<Self>) -> Buffer;
}

macro_rules! impl_typed {
    ($t:ty, $variant:ident) => {
        impl Typed for $t {
            fn slice(buf: &Buffer) -> Option<&[$t]> {
                match buf {
                    Buffer::$variant(v) => Some(v),
                    _ => None,
                }
            }
            fn slice_mut(buf: &mut Buffer) -> Option<&mut [$t]> {
                match buf {
                    Buffer::$variant(v) => Some(v),
                    _ => None,
                }
            }
            fn wrap(values: Vec<$t>) -> Buffer {
                Buffer::$variant(values)
            }
        }
    };
}
impl_typed!(f32, F32);
impl_typed!(f64, F64);
impl_typed!(i32, I32);
impl_typed!(u8, Bool);

/// Runs `$body` with `$T` the element type of `$dtype`: one generic body for every dtype.
/// `with_dtype!(x.dtype(), T => kernel::<T>(...))`.
#[macro_export]
macro_rules! with_dtype {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::dtype::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::dtype::DType::F64 => {
                type $T = f64;
                $body
            }
            $crate::dtype::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::dtype::DType::Bool => {
                type $T = u8;
                $body
            }
        }
    };
}
