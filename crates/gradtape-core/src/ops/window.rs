//! The patches of sliding windows (im2col) and their adjoint, the primitives ts/convolution.ts
//! builds convolutions from: one op where k² strided slices and a concat were, and one scatter-add
//! where k² zero-filled scatters and their sum were. The two are each other's gradients, so
//! convolutions differentiate to any order.

use super::{HasMeta, Meta};
use crate::dtype::{try_filled, try_written};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element, Windows};
use crate::map_buffer;
use crate::op::Op;
use crate::shape::{shape_text, size_of};
use crate::tensor::Tensor;

/// The output positions along each spatial dim of `shape` `[batch, ...spatial, channels]`,
/// after checking the geometry (`op` names the op in errors).
fn positions(op: &str, shape: &[usize], kernel: &[usize], strides: &[usize], dilations: &[usize]) -> Result<Vec<usize>> {
    let d = kernel.len();
    if d == 0 || strides.len() != d || dilations.len() != d || shape.len() != d + 2 {
        fail!(
            InvalidArgument,
            "{op}: a window of {d} spatial dims needs as many strides and dilations ({} and {}) and an input of rank {} ([batch, ...spatial, channels]), got shape {}.",
            strides.len(),
            dilations.len(),
            d + 2,
            shape_text(shape)
        );
    }
    (0..d)
        .map(|i| {
            let (n, k, s, r) = (shape[i + 1], kernel[i], strides[i], dilations[i]);
            if k == 0 || s == 0 || r == 0 {
                fail!(InvalidArgument, "{op}: kernel sizes, strides and dilations must be positive, got {k}, {s} and {r} along spatial dim {i}.");
            }
            let span = (k - 1).checked_mul(r).and_then(|v| v.checked_add(1)).unwrap_or(usize::MAX);
            if span > n {
                fail!(InvalidArgument, "{op}: the window spans {span} positions along spatial dim {i}, more than the input's {n}.");
            }
            Ok((n - span) / s + 1)
        })
        .collect()
}

/// `[batch, ...out, taps·channels]` for an input `[batch, ...spatial, channels]`.
pub fn patches_shape<M: HasMeta>(x: &M, kernel: &[usize], strides: &[usize], dilations: &[usize]) -> Result<Vec<usize>> {
    let shape = x.shape();
    let out = positions("extractPatches", shape, kernel, strides, dilations)?;
    let depth = kernel.iter().product::<usize>() * shape[kernel.len() + 1];
    Ok([&[shape[0]], &out[..], &[depth]].concat())
}

/// `shape`, for a gradient `g` shaped as the patches of `shape` are.
pub fn patches_grad_shape<M: HasMeta>(g: &M, shape: &[usize], kernel: &[usize], strides: &[usize], dilations: &[usize]) -> Result<Vec<usize>> {
    let out = positions("extractPatchesGrad", shape, kernel, strides, dilations)?;
    let depth = kernel.iter().product::<usize>() * shape[kernel.len() + 1];
    let expected = [&[shape[0]], &out[..], &[depth]].concat();
    if g.shape() != expected.as_slice() {
        fail!(
            ShapeMismatch,
            "extractPatchesGrad: got {} for the patches of {}, which are {}.",
            shape_text(g.shape()),
            shape_text(shape),
            shape_text(&expected)
        );
    }
    Ok(shape.to_vec())
}

pub fn patches_forward(x: &Tensor, kernel: &[usize], strides: &[usize], dilations: &[usize], out: Meta) -> Result<Tensor> {
    let d = kernel.len();
    let windows = Windows { shape: &x.shape, kernel, strides, dilations, out: &out.shape[1..=d] };
    let len = size_of(&out.shape);
    // Safety: `patches` writes every element of its output.
    let buf = map_buffer!(&*x.buf, |v| unsafe { try_written(len, |o| kernels::patches(v, &windows, o))? });
    Ok(Tensor::new(out.shape, buf))
}

pub fn patches_grad_forward(g: &Tensor, kernel: &[usize], strides: &[usize], dilations: &[usize], out: Meta) -> Result<Tensor> {
    let d = kernel.len();
    let windows = Windows { shape: &out.shape, kernel, strides, dilations, out: &g.shape[1..=d] };
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*g.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::patches_add_back(v, &windows, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

/// d/dx patches(x) adds g's entries back where they were read (and that op's gradient is the
/// patches again).
pub fn patches_vjp(e: &mut Engine, shape: &[usize], kernel: &[usize], strides: &[usize], dilations: &[usize], g: &Tensor) -> Result<Tensor> {
    let op = Op::ExtractPatchesGrad { shape: shape.to_vec(), kernel: kernel.to_vec(), strides: strides.to_vec(), dilations: dilations.to_vec() };
    e.apply(op, &[g])
}
