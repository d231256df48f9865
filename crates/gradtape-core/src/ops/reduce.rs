//! Reductions over axes (sum, max, min, prod, all, any), argmax/argmin, cumulative sums and
//! products, and softmax / log softmax along an axis.

use super::{HasMeta, Meta};
use crate::dtype::{try_filled, Buffer, Typed};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Arith, Element};
use crate::op::{ArgKind, CompareKind as C, CumulativeKind, ReduceKind, UnaryKind as U};
use crate::shape::{shape_text, size_of, Shape};
use crate::tensor::Tensor;

/// The shape after reducing `axes`, keeping them as 1s or dropping them.
pub fn reduced_shape(shape: &[usize], axes: &[usize], keepdims: bool) -> Shape {
    let kept = |(i, &d): (usize, &usize)| if !axes.contains(&i) { Some(d) } else if keepdims { Some(1) } else { None };
    shape.iter().enumerate().filter_map(kept).collect()
}

pub fn reduce_shape<M: HasMeta>(name: impl Fn() -> &'static str, x: &M, axes: &[usize], keepdims: bool) -> Result<Shape> {
    let rank = x.shape().len();
    if axes.windows(2).any(|w| w[0] >= w[1]) || axes.iter().any(|&a| a >= rank) {
        fail!(
            InvalidArgument,
            "{}: axes {axes:?} are invalid for a tensor of shape {} (rank {rank}); \
             each axis must be in [-{rank}, {rank}) and appear once.",
            name(),
            shape_text(x.shape())
        );
    }
    Ok(reduced_shape(x.shape(), axes, keepdims))
}

pub fn check_axis<M: HasMeta>(name: impl Fn() -> &'static str, x: &M, axis: usize) -> Result<()> {
    let rank = x.shape().len();
    if axis >= rank {
        fail!(
            InvalidArgument,
            "{}: axis {axis} is out of range for a tensor of shape {} (rank {rank}).",
            name(),
            shape_text(x.shape())
        );
    }
    Ok(())
}

pub fn arg_shape<M: HasMeta>(name: impl Fn() -> &'static str, x: &M, axis: usize) -> Result<Shape> {
    check_axis(&name, x, axis)?;
    if x.shape()[axis] == 0 {
        fail!(
            InvalidArgument,
            "{}: Reduction axis {axis} is empty in shape {}; there is no index to return.",
            name(),
            shape_text(x.shape())
        );
    }
    Ok(reduced_shape(x.shape(), &[axis], false))
}

/// (outer, n, inner) element counts around `axis`.
fn around(shape: &[usize], axis: usize) -> (usize, usize, usize) {
    (size_of(&shape[..axis]), shape[axis], size_of(&shape[axis + 1..]))
}

fn slice<T: Typed>(t: &Tensor) -> &[T] {
    T::slice(&t.buf).expect("inference checked the dtype")
}

/// x with the reduced axes moved last (a copy only when they are not last already), as rows.
fn rows_last<'a, T: Element>(x: &'a [T], shape: &[usize], axes: &[usize]) -> Result<std::borrow::Cow<'a, [T]>> {
    let kept: Vec<usize> = (0..shape.len()).filter(|d| !axes.contains(d)).collect();
    let perm: Vec<usize> = kept.iter().chain(axes).copied().collect();
    if perm.iter().enumerate().all(|(i, &p)| i == p) {
        return Ok(std::borrow::Cow::Borrowed(x));
    }
    let mut moved = try_filled(x.len(), T::ZERO)?;
    kernels::transpose(x, shape, &perm, &mut moved);
    Ok(std::borrow::Cow::Owned(moved))
}

pub fn forward(kind: ReduceKind, x: &Tensor, axes: &[usize], out: Meta) -> Result<Tensor> {
    let n_out = size_of(&out.shape);
    let n: usize = axes.iter().map(|&a| x.shape[a]).product();
    let buf = crate::with_dtype!(x.dtype(), T => {
        let v = slice::<T>(x);
        let mut o = try_filled(n_out, T::ZERO)?;
        match kind {
            ReduceKind::Sum => kernels::reduce_sum(v, &x.shape, axes, &mut o),
            ReduceKind::Max | ReduceKind::Min => {
                let rows = rows_last(v, &x.shape, axes)?;
                kernels::extreme_rows(&rows, n, &mut o, kind == ReduceKind::Max);
            }
            ReduceKind::Prod | ReduceKind::All | ReduceKind::Any => {
                let rows = rows_last(v, &x.shape, axes)?;
                // The identities of empty reductions: 1, true, false (bool's mul is and, add is or).
                let (init, fold): (T, fn(T, T) -> T) = match kind {
                    ReduceKind::Prod | ReduceKind::All => (T::ONE, Arith::mul),
                    ReduceKind::Any => (T::ZERO, Arith::add),
                    ReduceKind::Sum | ReduceKind::Max | ReduceKind::Min => unreachable!("handled above"),
                };
                kernels::reduce_rows(&rows, n, &mut o, init, fold);
            }
        }
        T::wrap(o)
    });
    Ok(Tensor::new(out.shape, buf))
}

pub fn arg_forward(kind: ArgKind, x: &Tensor, axis: usize, out: Meta) -> Result<Tensor> {
    let (outer, n, inner) = around(&x.shape, axis);
    let mut o = try_filled(outer * inner, 0i32)?;
    let max = kind == ArgKind::Max;
    crate::with_dtype!(x.dtype(), T => {
        if inner == 1 {
            kernels::arg_rows(slice::<T>(x), n, &mut o, max)
        } else {
            kernels::argreduce(slice::<T>(x), outer, n, inner, max, &mut o)
        }
    });
    Ok(Tensor::new(out.shape, Buffer::I32(o)))
}

pub fn cumulative_forward(kind: CumulativeKind, x: &Tensor, axis: usize, exclusive: bool, reverse: bool, out: Meta) -> Result<Tensor> {
    let (outer, n, inner) = around(&x.shape, axis);
    let product = kind == CumulativeKind::Prod;
    let buf = crate::map_buffer!(&*x.buf, |v| {
        let mut o = try_filled(v.len(), Element::ZERO)?;
        kernels::cumulative(v, outer, n, inner, product, exclusive, reverse, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

pub fn softmax_forward(x: &Tensor, axis: usize, log: bool, out: Meta) -> Result<Tensor> {
    let (outer, n, inner) = around(&x.shape, axis);
    let buf = crate::map_buffer!(&*x.buf, |v| {
        // Safety: both kernels write every element of their output.
        if inner == 1 {
            unsafe { crate::dtype::try_written(v.len(), |o| kernels::softmax_rows_into(v, n, o, log))? }
        } else {
            unsafe { crate::dtype::try_written(v.len(), |o| kernels::softmax_lanes_into(v, outer, n, inner, o, log))? }
        }
    });
    Ok(Tensor::new(out.shape, buf))
}

/// `t` (reduced with `keepdims` false) in a shape that broadcasts against the input again: as it
/// is when the reduced axes are the leading ones (a full reduction among them), whose result's
/// shape is then the input's trailing dimensions (broadcasting aligns shapes from the right);
/// else reshaped with the reduced axes kept as 1s.
fn kept<'a>(e: &mut Engine, t: &'a Tensor, x_shape: &[usize], axes: &[usize], keepdims: bool) -> Result<std::borrow::Cow<'a, Tensor>> {
    // (`axes` are sorted and unique: leading exactly when axis i is i.)
    if keepdims || axes.iter().enumerate().all(|(i, &axis)| axis == i) {
        return Ok(std::borrow::Cow::Borrowed(t));
    }
    Ok(std::borrow::Cow::Owned(e.reshape(t, &reduced_shape(x_shape, axes, true))?))
}

pub fn vjp(e: &mut Engine, kind: ReduceKind, x: &Tensor, y: &Tensor, axes: &[usize], keepdims: bool, g: &Tensor) -> Result<Option<Tensor>> {
    let g = kept(e, g, &x.shape, axes, keepdims)?.into_owned();
    Ok(Some(match kind {
        // d/dx sum(x) = 1 for every summed element: g broadcast back over the reduced axes.
        ReduceKind::Sum => e.broadcast_to(&g, &x.shape)?,
        // TensorFlow's rule: the gradient is shared equally among the entries equal to the max
        // (or min): g · [x = y] / count([x = y]).
        ReduceKind::Max | ReduceKind::Min => {
            let y = kept(e, y, &x.shape, axes, keepdims)?.into_owned();
            let hit = e.compare(C::Equal, x, &y)?;
            let ones = e.full_like(x, 1.0)?;
            let zeros = e.zeros_like(x)?;
            let indicators = e.select(&hit, &ones, &zeros)?;
            let count = e.sum(&indicators, axes, true)?;
            let share = e.div(&indicators, &count)?;
            e.mul(&share, &g)?
        }
        // d/dx_i prod(x) = prod of the others: an exclusive running product from each side,
        // which stays exact where x has zeros (TensorFlow's rule).
        ReduceKind::Prod => {
            let rank = x.rank();
            let kept_axes: Vec<usize> = (0..rank).filter(|d| !axes.contains(d)).collect();
            let perm: Vec<usize> = kept_axes.iter().chain(axes).copied().collect();
            let moved = e.transpose(x, &perm)?;
            let lead: Vec<usize> = kept_axes.iter().map(|&d| x.shape[d]).collect();
            let n: usize = axes.iter().map(|&d| x.shape[d]).product();
            let mut flat_shape = lead.clone();
            flat_shape.push(n);
            let flat = e.reshape(&moved, &flat_shape)?;
            let last = flat_shape.len() - 1;
            let left = e.cumulative(CumulativeKind::Prod, &flat, last, true, false)?;
            let right = e.cumulative(CumulativeKind::Prod, &flat, last, true, true)?;
            let others = e.mul(&left, &right)?;
            let others = e.reshape(&others, &moved.shape)?;
            let mut inverse = vec![0; rank];
            for (i, &p) in perm.iter().enumerate() {
                inverse[p] = i;
            }
            let others = e.transpose(&others, &inverse)?;
            e.mul(&others, &g)?
        }
        ReduceKind::All | ReduceKind::Any => return Ok(None),
    }))
}

#[allow(clippy::too_many_arguments)]
pub fn cumulative_vjp(
    e: &mut Engine,
    kind: CumulativeKind,
    x: &Tensor,
    y: &Tensor,
    axis: usize,
    exclusive: bool,
    reverse: bool,
    g: &Tensor,
) -> Result<Option<Tensor>> {
    Ok(Some(match kind {
        // Each input adds into the outputs after it: the gradient is the running sum of g the
        // other way.
        CumulativeKind::Sum => e.cumulative(CumulativeKind::Sum, g, axis, exclusive, !reverse)?,
        // TensorFlow's rule: cumsum(y · g, the other way) / x (undefined where x = 0, as in TF).
        CumulativeKind::Prod => {
            let yg = e.mul(y, g)?;
            let s = e.cumulative(CumulativeKind::Sum, &yg, axis, exclusive, !reverse)?;
            e.div(&s, x)?
        }
    }))
}

/// softmax: dx = y (g - sum(g y)); log softmax: dx = g - e^y sum(g), both along the axis.
pub fn softmax_vjp(e: &mut Engine, y: &Tensor, axis: usize, log: bool, g: &Tensor) -> Result<Tensor> {
    if log {
        let total = e.sum(g, &[axis], true)?;
        let p = e.unary(U::Exp, y)?;
        let t = e.mul(&p, &total)?;
        e.sub(g, &t)
    } else {
        let gy = e.mul(g, y)?;
        let total = e.sum(&gy, &[axis], true)?;
        let centered = e.sub(g, &total)?;
        e.mul(y, &centered)
    }
}

pub fn argsort_forward(x: &Tensor, axis: usize, descending: bool, out: Meta) -> Result<Tensor> {
    let (outer, n, inner) = around(&x.shape, axis);
    let mut o = try_filled(outer * n * inner, 0i32)?;
    crate::with_dtype!(x.dtype(), T => kernels::argsort(slice::<T>(x), outer, n, inner, descending, &mut o)?);
    Ok(Tensor::new(out.shape, Buffer::I32(o)))
}
