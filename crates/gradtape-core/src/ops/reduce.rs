//! Reductions: sum over a set of axes (reduceMean is composed from it in TypeScript).

use crate::dtype::try_filled;
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element};
use crate::map_buffer;
use crate::shape::{check_alloc, shape_text, size_of};
use crate::tensor::Tensor;

/// The shape after reducing `axes`, keeping them as 1s or dropping them.
pub fn reduced_shape(shape: &[usize], axes: &[usize], keepdims: bool) -> Vec<usize> {
    let mut out = Vec::with_capacity(shape.len());
    for (i, &d) in shape.iter().enumerate() {
        if !axes.contains(&i) {
            out.push(d);
        } else if keepdims {
            out.push(1);
        }
    }
    out
}

fn run<T: Element>(x: &[T], shape: &[usize], axes: &[usize], out_len: usize) -> Result<Vec<T>> {
    let mut out = try_filled(out_len, T::ZERO)?;
    kernels::reduce_sum(x, shape, axes, &mut out);
    Ok(out)
}

pub fn sum_forward(x: &Tensor, axes: &[usize], keepdims: bool) -> Result<Tensor> {
    if axes.windows(2).any(|w| w[0] >= w[1]) || axes.iter().any(|&a| a >= x.rank()) {
        fail!(
            InvalidArgument,
            "reduceSum: axes {axes:?} are invalid for a tensor of shape {} (rank {}); \
             each axis must be in [-{r}, {r}) and appear once.",
            shape_text(&x.shape),
            x.rank(),
            r = x.rank()
        );
    }
    let out_shape = reduced_shape(&x.shape, axes, keepdims);
    check_alloc("reduceSum", &out_shape, x.dtype())?;
    let out_len = size_of(&out_shape);
    let buf = map_buffer!(&*x.buf, |v| run(v, &x.shape, axes, out_len)?);
    Ok(Tensor::new(out_shape, buf))
}

/// d/dx sum(x) = 1 for every summed element: the gradient is g broadcast back over the reduced axes.
pub fn sum_vjp(e: &mut Engine, x: &Tensor, axes: &[usize], keepdims: bool, g: &Tensor) -> Result<Tensor> {
    let g = if keepdims { g.clone() } else { e.reshape(g, &reduced_shape(&x.shape, axes, true))? };
    e.broadcast_to(&g, &x.shape)
}
