//! Batched matrix product `[..., m, k] @ [..., k, n]` with broadcast batch dims.

use crate::dtype::{try_filled, try_with_capacity, Buffer};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element};
use crate::shape::{broadcast_shapes, check_alloc, shape_text, size_of};
use crate::tensor::Tensor;

/// The offset of each batch entry's matrix in an operand of batch shape `own`, with 0 strides
/// where a dim is broadcast (size 1 against a larger one). As long as the batch, so allocated
/// fallibly like tensor data.
fn batch_offsets(batch: &[usize], own: &[usize], matrix_size: usize) -> Result<Vec<usize>> {
    let lead = batch.len() - own.len();
    let mut strides = vec![0; batch.len()];
    let mut stride = matrix_size;
    for i in (0..own.len()).rev() {
        strides[i + lead] = if own[i] == 1 { 0 } else { stride };
        stride *= own[i];
    }
    let count = size_of(batch);
    let mut offsets = try_with_capacity(count)?;
    let mut index = vec![0usize; batch.len()];
    for _ in 0..count {
        offsets.push(index.iter().zip(&strides).map(|(i, s)| i * s).sum());
        for d in (0..batch.len()).rev() {
            index[d] += 1;
            if index[d] < batch[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(offsets)
}

#[allow(clippy::too_many_arguments)]
fn run<T: Element>(
    a: &[T], b: &[T], a_off: &[usize], b_off: &[usize], m: usize, k: usize, n: usize, ta: bool, tb: bool,
) -> Result<Vec<T>> {
    let mut out = try_filled(a_off.len() * m * n, T::ZERO)?;
    for (i, (&ao, &bo)) in a_off.iter().zip(b_off).enumerate() {
        kernels::matmul(&a[ao..ao + m * k], &b[bo..bo + k * n], &mut out[i * m * n..(i + 1) * m * n], m, k, n, ta, tb);
    }
    Ok(out)
}

pub fn forward(a: &Tensor, b: &Tensor, ta: bool, tb: bool) -> Result<Tensor> {
    if a.dtype() != b.dtype() {
        fail!(
            DTypeMismatch,
            "matmul: both operands must have the same dtype, but a is {} and b is {}. Cast one first, e.g. tf.cast(b, '{}').",
            a.dtype().name(),
            b.dtype().name(),
            a.dtype().name()
        );
    }
    if a.rank() < 2 || b.rank() < 2 {
        fail!(
            ShapeMismatch,
            "matmul: both operands need rank >= 2, got shapes {} and {}. Reshape a vector v to a matrix first, \
             e.g. tf.reshape(v, [-1, 1]).",
            shape_text(&a.shape),
            shape_text(&b.shape)
        );
    }
    let (ar, br) = (a.rank(), b.rank());
    let (m, ka) = if ta { (a.shape[ar - 1], a.shape[ar - 2]) } else { (a.shape[ar - 2], a.shape[ar - 1]) };
    let (kb, n) = if tb { (b.shape[br - 1], b.shape[br - 2]) } else { (b.shape[br - 2], b.shape[br - 1]) };
    if ka != kb {
        fail!(
            ShapeMismatch,
            "matmul: inner dimensions differ: a has shape {} and b has shape {}{}{}, so a has {ka} columns but b has {kb} rows. \
             Transpose one operand or fix its shape.",
            shape_text(&a.shape),
            shape_text(&b.shape),
            if ta { " (a transposed)" } else { "" },
            if tb { " (b transposed)" } else { "" }
        );
    }
    let batch = broadcast_shapes("matmul", &a.shape[..ar - 2], &b.shape[..br - 2])?;
    let mut shape = batch.clone();
    shape.extend([m, n]);
    check_alloc("matmul", &shape, a.dtype())?;
    let a_off = batch_offsets(&batch, &a.shape[..ar - 2], m * ka)?;
    let b_off = batch_offsets(&batch, &b.shape[..br - 2], ka * n)?;
    let buf = match (&*a.buf, &*b.buf) {
        (Buffer::F32(x), Buffer::F32(y)) => Buffer::F32(run(x, y, &a_off, &b_off, m, ka, n, ta, tb)?),
        (Buffer::F64(x), Buffer::F64(y)) => Buffer::F64(run(x, y, &a_off, &b_off, m, ka, n, ta, tb)?),
        (Buffer::I32(x), Buffer::I32(y)) => Buffer::I32(run(x, y, &a_off, &b_off, m, ka, n, ta, tb)?),
        _ => fail!(Internal, "matmul: dtype check passed but buffers differ"),
    };
    Ok(Tensor::new(shape, buf))
}

/// With C = op(A) op(B): dA and dB from g = dC, choosing transposes so no explicit transpose is built.
pub fn vjp(e: &mut Engine, a: &Tensor, b: &Tensor, ta: bool, tb: bool, g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    let ga = if needs[0] {
        Some(match (ta, tb) {
            (false, false) => e.matmul(g, b, false, true)?, // dA = g Bᵀ
            (false, true) => e.matmul(g, b, false, false)?, // C = A Bᵀ: dA = g B
            (true, false) => e.matmul(b, g, false, true)?,  // C = Aᵀ B: dA = B gᵀ
            (true, true) => e.matmul(b, g, true, true)?,    // C = Aᵀ Bᵀ: dA = Bᵀ gᵀ
        })
    } else {
        None
    };
    let gb = if needs[1] {
        Some(match (ta, tb) {
            (false, false) => e.matmul(a, g, true, false)?, // dB = Aᵀ g
            (false, true) => e.matmul(g, a, true, false)?,  // C = A Bᵀ: dB = gᵀ A
            (true, false) => e.matmul(a, g, false, false)?, // C = Aᵀ B: dB = A g
            (true, true) => e.matmul(g, a, true, true)?,    // C = Aᵀ Bᵀ: dB = gᵀ Aᵀ
        })
    } else {
        None
    };
    Ok(vec![ga, gb])
}
