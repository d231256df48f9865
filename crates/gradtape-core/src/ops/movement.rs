//! Ops that move data without arithmetic: reshape, transpose, broadcast_to, concat, slice, pad, cast.

use super::{HasMeta, Meta};
use crate::dtype::{try_filled, try_with_capacity, Buffer, DType, Typed};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element};
use crate::map_buffer;
use crate::shape::{check_rank, checked_size, shape_text, size_of, Shape};
use crate::tensor::Tensor;

/// Reshape shares the storage: no copy (see `Tensor::sharing`).
pub fn reshape_shape<M: HasMeta>(x: &M, shape: &[usize]) -> Result<Shape> {
    check_rank("reshape", shape)?;
    let size = size_of(x.shape());
    if checked_size(shape) != Some(size) {
        fail!(
            ShapeMismatch,
            "reshape: cannot reshape a tensor with {} elements (shape {}) to shape {} ({} elements). \
             The sizes must match; use -1 for one dimension to infer it.",
            size,
            shape_text(x.shape()),
            shape_text(shape),
            checked_size(shape).map_or("too many".to_string(), |n| n.to_string())
        );
    }
    Ok(Shape::from_slice(shape))
}

pub fn transpose_shape<M: HasMeta>(x: &M, perm: &[usize]) -> Result<Shape> {
    let rank = x.shape().len();
    let mut seen = vec![false; rank];
    let valid = perm.len() == rank && perm.iter().all(|&p| p < seen.len() && !std::mem::replace(&mut seen[p], true));
    if !valid {
        fail!(
            InvalidArgument,
            "transpose: perm {perm:?} is not a permutation of the {rank} axes of a tensor of shape {}.",
            shape_text(x.shape())
        );
    }
    Ok(perm.iter().map(|&p| x.shape()[p]).collect())
}

pub fn transpose_forward(x: &Tensor, perm: &[usize], out: Meta) -> Result<Tensor> {
    let buf = map_buffer!(&*x.buf, |v| {
        let mut o = try_filled(v.len(), Element::ZERO)?;
        kernels::transpose(v, &x.shape, perm, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

/// d/dx transpose(x, perm) = transpose(g, perm⁻¹)
pub fn transpose_vjp(e: &mut Engine, perm: &[usize], g: &Tensor) -> Result<Tensor> {
    let mut inverse = vec![0; perm.len()];
    for (i, &p) in perm.iter().enumerate() {
        inverse[p] = i;
    }
    e.transpose(g, &inverse)
}

/// (Never inlined: one function per dtype, of which V8 optimizes the ones a program uses. All
/// four inlined in `broadcast_to_forward` made one 8 KB wasm function.)
#[inline(never)]
fn broadcast_copy<T: Element>(x: &[T], x_shape: &[usize], out_shape: &[usize]) -> Result<Vec<T>> {
    let total = size_of(out_shape);
    if x.len() == 1 || total == 0 {
        return try_filled(total, x.first().copied().unwrap_or(T::ZERO));
    }
    // Source strides, 0 along broadcast axes (x is right-aligned against out_shape).
    let rank = out_shape.len();
    let lead = rank - x_shape.len();
    let mut strides = vec![0; rank];
    let mut stride = 1;
    for i in (0..x_shape.len()).rev() {
        strides[i + lead] = if x_shape[i] == 1 { 0 } else { stride };
        stride *= x_shape[i];
    }
    // The innermost run handled in one go: trailing axes that are all copied (a contiguous block
    // of x) or all broadcast (one value repeated).
    let repeat_inner = strides[rank - 1] == 0;
    let mut split = rank;
    while split > 0 && (strides[split - 1] == 0) == repeat_inner {
        split -= 1;
    }
    let inner = size_of(&out_shape[split..]);
    let mut out = try_with_capacity(total)?;
    let mut index = vec![0usize; split];
    let mut base = 0usize;
    while out.len() < total {
        if repeat_inner {
            out.extend(std::iter::repeat_n(x[base], inner));
        } else {
            out.extend_from_slice(&x[base..base + inner]);
        }
        // Advance the odometer over the outer axes.
        let mut d = split;
        while d > 0 {
            d -= 1;
            index[d] += 1;
            base += strides[d];
            if index[d] < out_shape[d] {
                break;
            }
            base -= strides[d] * index[d];
            index[d] = 0;
        }
    }
    Ok(out)
}

pub fn broadcast_to_shape<M: HasMeta>(x: &M, shape: &[usize]) -> Result<Shape> {
    let from = x.shape();
    let compatible =
        shape.len() >= from.len() && from.iter().zip(&shape[shape.len() - from.len()..]).all(|(&d, &t)| d == t || d == 1);
    if !compatible {
        fail!(
            ShapeMismatch,
            "broadcastTo: cannot broadcast shape {} to {}; each dimension (aligned from the right) must match or be 1.",
            shape_text(from),
            shape_text(shape)
        );
    }
    Ok(Shape::from_slice(shape))
}

pub fn broadcast_to_forward(x: &Tensor, out: Meta) -> Result<Tensor> {
    let buf = map_buffer!(&*x.buf, |v| broadcast_copy(v, &x.shape, &out.shape)?);
    Ok(Tensor::new(out.shape, buf))
}

/// (outer, inner) element counts around `axis`.
fn around(shape: &[usize], axis: usize) -> (usize, usize) {
    (size_of(&shape[..axis]), size_of(&shape[axis + 1..]))
}

fn concat_typed<T: Typed>(inputs: &[&Tensor], axis: usize, out_len: usize) -> Result<Option<Buffer>> {
    let (outer, inner) = around(&inputs[0].shape, axis);
    let mut out = try_with_capacity(out_len)?;
    let Some(slices) = inputs.iter().map(|t| T::slice(&t.buf)).collect::<Option<Vec<&[T]>>>() else {
        return Ok(None);
    };
    for o in 0..outer {
        for (t, s) in inputs.iter().zip(&slices) {
            let block = t.shape[axis] * inner;
            out.extend_from_slice(&s[o * block..(o + 1) * block]);
        }
    }
    Ok(Some(T::wrap(out)))
}

pub fn concat_shape<M: HasMeta>(inputs: &[&M], axis: usize) -> Result<Shape> {
    let first = inputs[0].shape();
    if axis >= first.len() {
        fail!(InvalidArgument, "concat: axis {axis} is out of range for tensors of rank {}.", first.len());
    }
    for (i, t) in inputs.iter().enumerate() {
        let s = t.shape();
        let same = s.len() == first.len() && (0..s.len()).all(|d| d == axis || s[d] == first[d]);
        if !same {
            fail!(
                ShapeMismatch,
                "concat: tensor {i} has shape {} but tensor 0 has shape {}; all dimensions except axis {axis} must match.",
                shape_text(s),
                shape_text(first)
            );
        }
    }
    let mut shape = Shape::from_slice(first);
    shape[axis] = inputs.iter().try_fold(0usize, |acc, t| acc.checked_add(t.shape()[axis])).unwrap_or(usize::MAX);
    Ok(shape)
}

pub fn concat_forward(inputs: &[&Tensor], axis: usize, out: Meta) -> Result<Tensor> {
    let len = size_of(&out.shape);
    let buf = crate::with_dtype!(out.dtype, T => concat_typed::<T>(inputs, axis, len)?);
    match buf {
        Some(buf) => Ok(Tensor::new(out.shape, buf)),
        None => fail!(Internal, "concat: dtype check passed but buffers differ"),
    }
}

/// d/dx_i concat(x_0, x_1, ...) = the slice of g that x_i occupies.
pub fn concat_vjp(e: &mut Engine, inputs: &[Tensor], axis: usize, g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    let mut start = 0;
    let mut grads = Vec::with_capacity(inputs.len());
    for (t, &need) in inputs.iter().zip(needs) {
        let len = t.shape[axis];
        grads.push(if need { Some(e.slice(g, axis, start, len)?) } else { None });
        start += len;
    }
    Ok(grads)
}

pub fn slice_shape<M: HasMeta>(x: &M, axis: usize, start: usize, len: usize) -> Result<Shape> {
    let shape = x.shape();
    if axis >= shape.len() || start.checked_add(len).is_none_or(|end| end > shape[axis]) {
        fail!(
            InvalidArgument,
            "slice: [{start}, {}) along axis {axis} is out of range for shape {}.",
            start.saturating_add(len),
            shape_text(shape)
        );
    }
    let mut out = Shape::from_slice(shape);
    out[axis] = len;
    Ok(out)
}

pub fn slice_forward(x: &Tensor, axis: usize, start: usize, len: usize, out: Meta) -> Result<Tensor> {
    let (outer, inner) = around(&x.shape, axis);
    let full = x.shape[axis] * inner;
    let buf = map_buffer!(&*x.buf, |v| {
        let mut o = try_with_capacity(outer * len * inner)?;
        for i in 0..outer {
            o.extend_from_slice(&v[i * full + start * inner..i * full + (start + len) * inner]);
        }
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

fn pad_copy<T: Element>(v: &[T], outer: usize, block: usize, before: usize, after: usize) -> Result<Vec<T>> {
    let mut out = try_with_capacity(outer * (block + before + after))?;
    for o in 0..outer {
        out.extend(std::iter::repeat_n(T::ZERO, before));
        out.extend_from_slice(&v[o * block..(o + 1) * block]);
        out.extend(std::iter::repeat_n(T::ZERO, after));
    }
    Ok(out)
}

pub fn pad_shape<M: HasMeta>(x: &M, axis: usize, before: usize, after: usize) -> Result<Shape> {
    let shape = x.shape();
    if axis >= shape.len() {
        fail!(InvalidArgument, "pad: axis {axis} is out of range for shape {}.", shape_text(shape));
    }
    let mut out = Shape::from_slice(shape);
    out[axis] = shape[axis].saturating_add(before).saturating_add(after);
    Ok(out)
}

pub fn pad_forward(x: &Tensor, axis: usize, before: usize, after: usize, out: Meta) -> Result<Tensor> {
    let (outer, inner) = around(&x.shape, axis);
    let block = x.shape[axis] * inner;
    let buf = map_buffer!(&*x.buf, |v| pad_copy(v, outer, block, before * inner, after * inner)?);
    Ok(Tensor::new(out.shape, buf))
}

fn cast_to<A: Element>(v: &[A], dtype: DType) -> Result<Buffer> {
    fn run<A: Element, B: Element>(v: &[A]) -> Result<Vec<B>> {
        let mut out = try_filled(v.len(), B::ZERO)?;
        kernels::cast(v, &mut out);
        Ok(out)
    }
    Ok(crate::with_dtype!(dtype, T => T::wrap(run::<A, T>(v)?)))
}

pub fn cast_forward(x: &Tensor, dtype: DType) -> Result<Tensor> {
    let buf = crate::with_dtype!(x.dtype(), A => cast_to(A::slice(&x.buf).expect("dtype matches"), dtype)?);
    Ok(Tensor::new(x.shape.clone(), buf))
}
