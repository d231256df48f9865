//! Batched matrix product `[..., m, k] @ [..., k, n]` with broadcast batch dims.

use super::{HasMeta, Meta};
use crate::dtype::{try_with_capacity, Typed};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element};
use crate::shape::{broadcast_shapes, shape_text, size_of, Shape};
use crate::tensor::Tensor;

/// The offset of each batch entry's matrix in an operand of batch shape `own`, with 0 strides
/// where a dim is broadcast (size 1 against a larger one). As long as the batch, so allocated
/// fallibly like tensor data.
pub(super) fn batch_offsets(batch: &[usize], own: &[usize], matrix_size: usize) -> Result<Vec<usize>> {
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

/// (Not inlined: inlined for four dtypes, `forward` was an 18 KB wasm function whose optimized
/// build took 90 ms of a fresh process's compiler thread; apart, only the dtypes in use are hot.)
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn run<T: Element>(
    a: &[T], b: &[T], a_off: &[usize], b_off: &[usize], m: usize, k: usize, n: usize, ta: bool, tb: bool,
) -> Result<Vec<T>> {
    // Not zero-filled first: the product writes every element of every batch's block.
    let len = a_off.len() * m * n;
    let mut out = try_with_capacity(len)?;
    let blocks = &mut out.spare_capacity_mut()[..len];
    for (i, (&ao, &bo)) in a_off.iter().zip(b_off).enumerate() {
        kernels::matmul_uninit(&a[ao..ao + m * k], &b[bo..bo + k * n], &mut blocks[i * m * n..(i + 1) * m * n], m, k, n, ta, tb);
    }
    // SAFETY: the a_off.len() blocks of m·n elements cover 0..len, each written by the product.
    unsafe { out.set_len(len) };
    Ok(out)
}

/// `[..batch, m, n]` for `op(a) @ op(b)`; explains rank and inner-dimension mismatches.
pub fn infer<M: HasMeta>(a: &M, b: &M, ta: bool, tb: bool) -> Result<Shape> {
    let (a_shape, b_shape) = (a.shape(), b.shape());
    let (ar, br) = (a_shape.len(), b_shape.len());
    if ar < 2 || br < 2 {
        fail!(
            ShapeMismatch,
            "matmul: both operands need rank >= 2, got shapes {} and {}. Reshape a vector v to a matrix first, \
             e.g. tf.reshape(v, [-1, 1]).",
            shape_text(a_shape),
            shape_text(b_shape)
        );
    }
    let (m, ka) = if ta { (a_shape[ar - 1], a_shape[ar - 2]) } else { (a_shape[ar - 2], a_shape[ar - 1]) };
    let (kb, n) = if tb { (b_shape[br - 1], b_shape[br - 2]) } else { (b_shape[br - 2], b_shape[br - 1]) };
    if ka != kb {
        fail!(
            ShapeMismatch,
            "matmul: inner dimensions differ: a has shape {} and b has shape {}{}{}, so a has {ka} columns but b has {kb} rows. \
             Transpose one operand or fix its shape.",
            shape_text(a_shape),
            shape_text(b_shape),
            if ta { " (a transposed)" } else { "" },
            if tb { " (b transposed)" } else { "" }
        );
    }
    let batch = broadcast_shapes("matmul", &a_shape[..ar - 2], &b_shape[..br - 2])?;
    Ok(batch.iter().copied().chain([m, n]).collect())
}

pub fn forward(a: &Tensor, b: &Tensor, ta: bool, tb: bool, out: Meta) -> Result<Tensor> {
    let (ar, br) = (a.rank(), b.rank());
    let (m, ka) = if ta { (a.shape[ar - 1], a.shape[ar - 2]) } else { (a.shape[ar - 2], a.shape[ar - 1]) };
    let n = out.shape[out.shape.len() - 1];
    let batch = &out.shape[..out.shape.len() - 2];
    // One product (no batch dims, the common case) needs no offset lists.
    let (a_off, b_off) = if batch.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (batch_offsets(batch, &a.shape[..ar - 2], m * ka)?, batch_offsets(batch, &b.shape[..br - 2], ka * n)?)
    };
    let (a_off, b_off): (&[usize], &[usize]) = if batch.is_empty() { (&[0], &[0]) } else { (&a_off, &b_off) };
    let buf = crate::with_dtype!(a.dtype(), T => {
        let (x, y) = (T::slice(&a.buf).expect("dtype checked"), T::slice(&b.buf).expect("dtype checked"));
        T::wrap(run(x, y, a_off, b_off, m, ka, n, ta, tb)?)
    });
    Ok(Tensor::new(out.shape, buf))
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
