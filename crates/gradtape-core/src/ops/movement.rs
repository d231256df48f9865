//! Ops that move data without arithmetic: reshape, transpose, broadcast_to, concat, slice, pad, cast.

use crate::dtype::{try_filled, try_with_capacity, Buffer, DType, Typed};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element};
use crate::map_buffer;
use crate::shape::{check_alloc, check_rank, checked_size, shape_text, size_of};
use crate::tensor::{fresh_id, Tensor};

/// Reshape shares the storage: no copy.
pub fn reshape_forward(x: &Tensor, shape: &[usize]) -> Result<Tensor> {
    check_rank("reshape", shape)?;
    if checked_size(shape) != Some(x.size()) {
        fail!(
            ShapeMismatch,
            "reshape: cannot reshape a tensor with {} elements (shape {}) to shape {} ({} elements). \
             The sizes must match; use -1 for one dimension to infer it.",
            x.size(),
            shape_text(&x.shape),
            shape_text(shape),
            checked_size(shape).map_or("too many".to_string(), |n| n.to_string())
        );
    }
    Ok(Tensor { id: fresh_id(), shape: shape.to_vec(), buf: x.buf.clone() })
}

pub fn transpose_forward(x: &Tensor, perm: &[usize]) -> Result<Tensor> {
    let mut seen = vec![false; x.rank()];
    let valid = perm.len() == x.rank() && perm.iter().all(|&p| p < seen.len() && !std::mem::replace(&mut seen[p], true));
    if !valid {
        fail!(
            InvalidArgument,
            "transpose: perm {perm:?} is not a permutation of the {} axes of a tensor of shape {}.",
            x.rank(),
            shape_text(&x.shape)
        );
    }
    let out_shape: Vec<usize> = perm.iter().map(|&p| x.shape[p]).collect();
    check_alloc("transpose", &out_shape, x.dtype())?;
    let buf = map_buffer!(&*x.buf, |v| {
        let mut out = try_filled(v.len(), Element::ZERO)?;
        kernels::transpose(v, &x.shape, perm, &mut out);
        out
    });
    Ok(Tensor::new(out_shape, buf))
}

/// d/dx transpose(x, perm) = transpose(g, perm⁻¹)
pub fn transpose_vjp(e: &mut Engine, perm: &[usize], g: &Tensor) -> Result<Tensor> {
    let mut inverse = vec![0; perm.len()];
    for (i, &p) in perm.iter().enumerate() {
        inverse[p] = i;
    }
    e.transpose(g, &inverse)
}

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

pub fn broadcast_to_forward(x: &Tensor, shape: &[usize]) -> Result<Tensor> {
    let compatible = shape.len() >= x.rank()
        && x.shape.iter().zip(&shape[shape.len() - x.rank()..]).all(|(&d, &t)| d == t || d == 1);
    if !compatible {
        fail!(
            ShapeMismatch,
            "broadcastTo: cannot broadcast shape {} to {}; each dimension (aligned from the right) must match or be 1.",
            shape_text(&x.shape),
            shape_text(shape)
        );
    }
    check_alloc("broadcastTo", shape, x.dtype())?;
    let buf = map_buffer!(&*x.buf, |v| broadcast_copy(v, &x.shape, shape)?);
    Ok(Tensor::new(shape.to_vec(), buf))
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

pub fn concat_forward(inputs: &[&Tensor], axis: usize) -> Result<Tensor> {
    let Some(first) = inputs.first() else {
        fail!(InvalidArgument, "concat: needs at least one tensor; pass a non-empty array.");
    };
    if axis >= first.rank() {
        fail!(InvalidArgument, "concat: axis {axis} is out of range for tensors of rank {}.", first.rank());
    }
    for (i, t) in inputs.iter().enumerate() {
        if t.dtype() != first.dtype() {
            fail!(
                DTypeMismatch,
                "concat: tensor {i} is {} but tensor 0 is {}; cast them to one dtype with tf.cast.",
                t.dtype().name(),
                first.dtype().name()
            );
        }
        let same = t.rank() == first.rank() && (0..t.rank()).all(|d| d == axis || t.shape[d] == first.shape[d]);
        if !same {
            fail!(
                ShapeMismatch,
                "concat: tensor {i} has shape {} but tensor 0 has shape {}; all dimensions except axis {axis} must match.",
                shape_text(&t.shape),
                shape_text(&first.shape)
            );
        }
    }
    let mut shape = first.shape.clone();
    shape[axis] = inputs.iter().map(|t| t.shape[axis]).sum();
    check_alloc("concat", &shape, first.dtype())?;
    let len = size_of(&shape);
    let buf = match first.dtype() {
        DType::F32 => concat_typed::<f32>(inputs, axis, len)?,
        DType::F64 => concat_typed::<f64>(inputs, axis, len)?,
        DType::I32 => concat_typed::<i32>(inputs, axis, len)?,
    };
    match buf {
        Some(buf) => Ok(Tensor::new(shape, buf)),
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

pub fn slice_forward(x: &Tensor, axis: usize, start: usize, len: usize) -> Result<Tensor> {
    if axis >= x.rank() || start + len > x.shape[axis] {
        fail!(
            InvalidArgument,
            "slice: [{start}, {}) along axis {axis} is out of range for shape {}.",
            start + len,
            shape_text(&x.shape)
        );
    }
    let mut shape = x.shape.clone();
    shape[axis] = len;
    check_alloc("slice", &shape, x.dtype())?;
    let (outer, inner) = around(&x.shape, axis);
    let full = x.shape[axis] * inner;
    let buf = map_buffer!(&*x.buf, |v| {
        let mut out = try_with_capacity(outer * len * inner)?;
        for o in 0..outer {
            out.extend_from_slice(&v[o * full + start * inner..o * full + (start + len) * inner]);
        }
        out
    });
    Ok(Tensor::new(shape, buf))
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

pub fn pad_forward(x: &Tensor, axis: usize, before: usize, after: usize) -> Result<Tensor> {
    if axis >= x.rank() {
        fail!(InvalidArgument, "pad: axis {axis} is out of range for shape {}.", shape_text(&x.shape));
    }
    let mut shape = x.shape.clone();
    shape[axis] += before + after;
    check_alloc("pad", &shape, x.dtype())?;
    let (outer, inner) = around(&x.shape, axis);
    let block = x.shape[axis] * inner;
    let buf = map_buffer!(&*x.buf, |v| pad_copy(v, outer, block, before * inner, after * inner)?);
    Ok(Tensor::new(shape, buf))
}

fn cast_to<A: Element>(v: &[A], dtype: DType) -> Result<Buffer> {
    fn run<A: Element, B: Element>(v: &[A]) -> Result<Vec<B>> {
        let mut out = try_filled(v.len(), B::ZERO)?;
        kernels::cast(v, &mut out);
        Ok(out)
    }
    Ok(match dtype {
        DType::F32 => Buffer::F32(run(v)?),
        DType::F64 => Buffer::F64(run(v)?),
        DType::I32 => Buffer::I32(run(v)?),
    })
}

pub fn cast_forward(x: &Tensor, dtype: DType) -> Result<Tensor> {
    check_alloc("cast", &x.shape, dtype)?;
    let buf = match &*x.buf {
        Buffer::F32(v) => cast_to(v, dtype)?,
        Buffer::F64(v) => cast_to(v, dtype)?,
        Buffer::I32(v) => cast_to(v, dtype)?,
    };
    Ok(Tensor::new(x.shape.clone(), buf))
}
