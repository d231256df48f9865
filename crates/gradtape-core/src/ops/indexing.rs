//! Shape and indexing ops: strided slices, gather and scatter of slices, tile, pad in three modes,
//! reverse and one-hot. Index inputs are int32; an index outside its dim is an error naming its
//! position, as TensorFlow reports it on CPU.
//!
//! Each op and its gradient come in pairs of mutual adjoints (strided slice and its scatter,
//! gather and its scatter-add, gather_nd and scatter_nd), so rules of every order are table ops.

use super::{HasMeta, Meta};
use crate::dtype::{try_filled, try_with_capacity, Typed};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element, GatherDims};
use crate::map_buffer;
use crate::op::{Op, PadMode};
use crate::shape::{shape_text, size_of};
use crate::tensor::Tensor;

/// The int32 data of an index input (the dtype is checked by `ops::check_inputs`).
fn index_data(t: &Tensor) -> &[i32] {
    i32::slice(&t.buf).expect("index inputs are int32")
}

/// `flat`'s row-major multi-index in `shape`, as TensorFlow prints index positions: `1`, `0,2`.
fn position_text(flat: usize, shape: &[usize]) -> String {
    let mut rest = flat;
    let mut parts = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        if shape[d] > 0 {
            parts[d] = rest % shape[d];
            rest /= shape[d];
        }
    }
    parts.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")
}

// ---- strided slices ---------------------------------------------------------------------------------

/// How many of `begin, begin + stride, ...` come before `end` along dim `d`, checked to lie in
/// `[0, n)` (the caller normalised negative indices and clamped the ranges).
fn range_len(op: &str, shape: &[usize], d: usize, begin: i64, end: i64, stride: i64) -> Result<usize> {
    if stride == 0 {
        fail!(InvalidArgument, "{op}: the stride of dim {d} is 0; strides must be non-zero.");
    }
    let (b, e, s, n) = (begin as i128, end as i128, stride as i128, shape[d] as i128);
    // ceil((end - begin) / stride), or none when the range runs the other way.
    let count = if s > 0 { (e - b + s - 1).div_euclid(s) } else { (b - e - s - 1).div_euclid(-s) }.max(0);
    if count > 0 && !((0..n).contains(&b) && (0..n).contains(&(b + (count - 1) * s))) {
        fail!(
            InvalidArgument,
            "{op}: the range begin={begin}, end={end}, stride={stride} of dim {d} reads outside [0, {}) in a tensor of shape {}.",
            shape[d],
            shape_text(shape)
        );
    }
    Ok(count as usize)
}

/// The shape a strided slice of `shape` gives.
fn strided_shape(op: &str, shape: &[usize], begin: &[i64], end: &[i64], strides: &[i64]) -> Result<Vec<usize>> {
    let rank = shape.len();
    if begin.len() != rank || end.len() != rank || strides.len() != rank {
        fail!(
            InvalidArgument,
            "{op}: begin, end and strides have {}, {} and {} values, but the tensor has rank {rank} (shape {}); give one per dim.",
            begin.len(),
            end.len(),
            strides.len(),
            shape_text(shape)
        );
    }
    (0..rank).map(|d| range_len(op, shape, d, begin[d], end[d], strides[d])).collect()
}

/// Per dim, the entries a strided slice reads (validated by `strided_shape`).
fn strided_tables(out_shape: &[usize], begin: &[i64], strides: &[i64]) -> Vec<Vec<usize>> {
    let entry = |d: usize, k: usize| (begin[d] + k as i64 * strides[d]) as usize;
    out_shape.iter().enumerate().map(|(d, &len)| (0..len).map(|k| entry(d, k)).collect()).collect()
}

pub fn strided_slice_shape<M: HasMeta>(x: &M, begin: &[i64], end: &[i64], strides: &[i64]) -> Result<Vec<usize>> {
    strided_shape("stridedSlice", x.shape(), begin, end, strides)
}

/// The gradient's input must have the shape the slice of `shape` has.
pub fn strided_slice_grad_shape<M: HasMeta>(g: &M, shape: &[usize], begin: &[i64], end: &[i64], strides: &[i64]) -> Result<Vec<usize>> {
    let sliced = strided_shape("stridedSliceGrad", shape, begin, end, strides)?;
    if g.shape() != sliced {
        fail!(
            ShapeMismatch,
            "stridedSliceGrad: the gradient has shape {} but the slice of shape {} has shape {}.",
            shape_text(g.shape()),
            shape_text(shape),
            shape_text(&sliced)
        );
    }
    Ok(shape.to_vec())
}

/// `take` with every entry of `tables` read and `fill` elsewhere.
fn take_typed<T: Element>(x: &[T], shape: &[usize], tables: &[Vec<Option<usize>>], fill: f64, len: usize) -> Result<Vec<T>> {
    let mut out = try_filled(len, T::ZERO)?;
    kernels::take(x, shape, tables, T::from_f64(fill), &mut out);
    Ok(out)
}

/// The input read at per-dim index tables (None: `fill`), into a result of `out`'s shape.
fn take_forward(x: &Tensor, tables: &[Vec<Option<usize>>], fill: f64, out: Meta) -> Result<Tensor> {
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*x.buf, |v| take_typed(v, &x.shape, tables, fill, len)?);
    Ok(Tensor::new(out.shape, buf))
}

fn all_some(tables: Vec<Vec<usize>>) -> Vec<Vec<Option<usize>>> {
    tables.into_iter().map(|t| t.into_iter().map(Some).collect()).collect()
}

pub fn strided_slice_forward(x: &Tensor, begin: &[i64], strides: &[i64], out: Meta) -> Result<Tensor> {
    let tables = all_some(strided_tables(&out.shape, begin, strides));
    take_forward(x, &tables, 0.0, out)
}

pub fn strided_slice_grad_forward(g: &Tensor, begin: &[i64], strides: &[i64], out: Meta) -> Result<Tensor> {
    let tables = strided_tables(&g.shape, begin, strides);
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*g.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::put(v, &tables, &mut o, &out.shape);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

// ---- gather -------------------------------------------------------------------------------------------

fn check_gather_dims(op: &str, rank: usize, indices: &[usize], axis: usize, batch_dims: usize) -> Result<()> {
    if axis >= rank {
        fail!(InvalidArgument, "{op}: axis {axis} is out of range for params of rank {rank}.");
    }
    if batch_dims > indices.len() {
        fail!(InvalidArgument, "{op}: batch_dims ({batch_dims}) must be less than or equal to rank(indices) ({}).", indices.len());
    }
    if batch_dims > axis {
        fail!(InvalidArgument, "{op}: batch_dims ({batch_dims}) must be less than or equal to axis ({axis}).");
    }
    Ok(())
}

fn check_batch(op: &str, what: &str, shape: &[usize], indices: &[usize], batch_dims: usize) -> Result<()> {
    if shape[..batch_dims] != indices[..batch_dims] {
        fail!(
            ShapeMismatch,
            "{op}: the first batch_dims ({batch_dims}) dims of {what} (shape {}) and of indices (shape {}) must be equal.",
            shape_text(shape),
            shape_text(indices)
        );
    }
    Ok(())
}

/// `params.shape[:axis] + indices.shape[batch_dims:] + params.shape[axis + 1:]`.
pub fn gather_shape<M: HasMeta>(params: &M, indices: &M, axis: usize, batch_dims: usize) -> Result<Vec<usize>> {
    let (p, q) = (params.shape(), indices.shape());
    check_gather_dims("gather", p.len(), q, axis, batch_dims)?;
    check_batch("gather", "params", p, q, batch_dims)?;
    Ok([&p[..axis], &q[batch_dims..], &p[axis + 1..]].concat())
}

/// The gradient's input has gather's result shape; the result has `dim` entries along `axis`.
pub fn gather_grad_shape<M: HasMeta>(g: &M, indices: &M, axis: usize, batch_dims: usize, dim: usize) -> Result<Vec<usize>> {
    let (s, q) = (g.shape(), indices.shape());
    let gathered = q.len() - batch_dims.min(q.len());
    check_gather_dims("gatherGrad", s.len().saturating_sub(gathered) + 1, q, axis, batch_dims)?;
    if s.len() < axis + gathered || s[axis..axis + gathered] != q[batch_dims..] {
        fail!(
            ShapeMismatch,
            "gatherGrad: a gradient of shape {} does not match indices of shape {} at axis {axis}.",
            shape_text(s),
            shape_text(q)
        );
    }
    check_batch("gatherGrad", "the gradient", s, q, batch_dims)?;
    Ok([&s[..axis], &[dim], &s[axis + gathered..]].concat())
}

/// `params` (or the scatter target) of `shape` as `[batch, outer, n, inner]`, indices of shape `q`.
fn gather_dims(shape: &[usize], q: &[usize], axis: usize, batch_dims: usize) -> GatherDims {
    GatherDims {
        batch: size_of(&shape[..batch_dims]),
        outer: size_of(&shape[batch_dims..axis]),
        n: shape[axis],
        count: size_of(&q[batch_dims..]),
        inner: size_of(&shape[axis + 1..]),
    }
}

/// The indices, each checked to be in `[0, n)`.
fn checked_indices<'a>(op: &str, indices: &'a Tensor, n: usize) -> Result<&'a [i32]> {
    let idx = index_data(indices);
    if let Some(pos) = idx.iter().position(|&i| i < 0 || i as usize >= n) {
        fail!(InvalidArgument, "{op}: indices[{}] = {} is not in [0, {n}).", position_text(pos, &indices.shape), idx[pos]);
    }
    Ok(idx)
}

pub fn gather_forward(params: &Tensor, indices: &Tensor, axis: usize, batch_dims: usize, out: Meta) -> Result<Tensor> {
    let dims = gather_dims(&params.shape, &indices.shape, axis, batch_dims);
    let idx = checked_indices("gather", indices, dims.n)?;
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*params.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::gather(v, idx, dims, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

pub fn gather_grad_forward(g: &Tensor, indices: &Tensor, axis: usize, batch_dims: usize, out: Meta) -> Result<Tensor> {
    let dims = gather_dims(&out.shape, &indices.shape, axis, batch_dims);
    let idx = checked_indices("gatherGrad", indices, dims.n)?;
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*g.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::gather_add(v, idx, dims, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

// ---- gather_nd and scatter_nd ------------------------------------------------------------------------------

/// The coordinate-tuple length of `indices` (its last dim), at most the rank of `shape`.
fn tuple_len(op: &str, indices: &[usize], shape: &[usize], what: &str) -> Result<usize> {
    let Some(&k) = indices.last() else {
        fail!(InvalidArgument, "{op}: indices must have rank 1 or more (coordinate tuples in the last dim), got a scalar.");
    };
    if k > shape.len() {
        fail!(
            InvalidArgument,
            "{op}: indices of shape {} hold tuples of {k} coordinates, but {what} has only {} dims (shape {}).",
            shape_text(indices),
            shape.len(),
            shape_text(shape)
        );
    }
    Ok(k)
}

/// `indices.shape[:-1] + params.shape[k:]`.
pub fn gather_nd_shape<M: HasMeta>(params: &M, indices: &M) -> Result<Vec<usize>> {
    let (p, q) = (params.shape(), indices.shape());
    let k = tuple_len("gatherNd", q, p, "params")?;
    Ok([&q[..q.len() - 1], &p[k..]].concat())
}

/// The updates of a scatter into `shape` must have shape `indices.shape[:-1] + shape[k:]`.
fn scatter_shape(op: &str, indices: &[usize], updates: &[usize], shape: &[usize]) -> Result<Vec<usize>> {
    let k = tuple_len(op, indices, shape, "the result")?;
    let want = [&indices[..indices.len() - 1], &shape[k..]].concat();
    if updates != want {
        fail!(
            ShapeMismatch,
            "{op}: updates must have shape {} (indices.shape[:-1] + shape[{k}:]) for indices of shape {} into shape {}, got {}.",
            shape_text(&want),
            shape_text(indices),
            shape_text(shape),
            shape_text(updates)
        );
    }
    Ok(shape.to_vec())
}

pub fn scatter_nd_shape<M: HasMeta>(indices: &M, updates: &M, shape: &[usize]) -> Result<Vec<usize>> {
    scatter_shape("scatterNd", indices.shape(), updates.shape(), shape)
}

pub fn tensor_scatter_update_shape<M: HasMeta>(tensor: &M, indices: &M, updates: &M) -> Result<Vec<usize>> {
    scatter_shape("tensorScatterUpdate", indices.shape(), updates.shape(), tensor.shape())
}

/// The element offset in a tensor of `shape` of the slice each coordinate tuple names, each
/// checked; and the slice's length.
fn slice_offsets(op: &str, indices: &Tensor, shape: &[usize], what: &str) -> Result<(Vec<usize>, usize)> {
    let idx = index_data(indices);
    let k = *indices.shape.last().expect("checked by inference");
    let slice = size_of(&shape[k..]);
    let tuples = indices.shape[..indices.shape.len() - 1].iter().product::<usize>();
    let mut offsets = try_with_capacity(tuples)?;
    for m in 0..tuples {
        let tuple = &idx[m * k..(m + 1) * k];
        let mut offset = 0;
        for (j, &c) in tuple.iter().enumerate() {
            if c < 0 || c as usize >= shape[j] {
                let coords: Vec<String> = tuple.iter().map(i32::to_string).collect();
                let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
                fail!(
                    InvalidArgument,
                    "{op}: indices[{}] = [{}] does not index into {what} [{}].",
                    position_text(m, &indices.shape[..indices.shape.len() - 1]),
                    coords.join(", "),
                    dims.join(",")
                );
            }
            offset = offset * shape[j] + c as usize;
        }
        offsets.push(offset * slice);
    }
    Ok((offsets, slice))
}

pub fn gather_nd_forward(params: &Tensor, indices: &Tensor, out: Meta) -> Result<Tensor> {
    let (offsets, slice) = slice_offsets("gatherNd", indices, &params.shape, "param shape")?;
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*params.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::take_slices(v, &offsets, slice, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

pub fn scatter_nd_forward(indices: &Tensor, updates: &Tensor, out: Meta) -> Result<Tensor> {
    let (offsets, slice) = slice_offsets("scatterNd", indices, &out.shape, "shape")?;
    let len = size_of(&out.shape);
    let buf = map_buffer!(&*updates.buf, |v| {
        let mut o = try_filled(len, Element::ZERO)?;
        kernels::put_slices(v, &offsets, slice, false, &mut o);
        o
    });
    Ok(Tensor::new(out.shape, buf))
}

fn scatter_update_typed<T: Typed>(tensor: &Tensor, updates: &Tensor, offsets: &[usize], slice: usize) -> Result<crate::dtype::Buffer> {
    let (Some(t), Some(u)) = (T::slice(&tensor.buf), T::slice(&updates.buf)) else {
        fail!(Internal, "tensorScatterUpdate: dtype check passed but buffers differ");
    };
    let mut out = try_with_capacity(t.len())?;
    out.extend_from_slice(t);
    kernels::put_slices(u, offsets, slice, true, &mut out);
    Ok(T::wrap(out))
}

pub fn tensor_scatter_update_forward(tensor: &Tensor, indices: &Tensor, updates: &Tensor, out: Meta) -> Result<Tensor> {
    let (offsets, slice) = slice_offsets("tensorScatterUpdate", indices, &tensor.shape, "shape")?;
    let buf = crate::with_dtype!(out.dtype, T => scatter_update_typed::<T>(tensor, updates, &offsets, slice)?);
    Ok(Tensor::new(out.shape, buf))
}

// ---- tile, pad, reverse ----------------------------------------------------------------------------------

pub fn tile_shape<M: HasMeta>(x: &M, multiples: &[usize]) -> Result<Vec<usize>> {
    let shape = x.shape();
    if multiples.len() != shape.len() {
        fail!(
            InvalidArgument,
            "tile: multiples has {} values but the input has rank {} (shape {}); give one per dim.",
            multiples.len(),
            shape.len(),
            shape_text(shape)
        );
    }
    Ok(shape.iter().zip(multiples).map(|(&n, &m)| n.saturating_mul(m)).collect())
}

pub fn tile_forward(x: &Tensor, out: Meta) -> Result<Tensor> {
    let tables: Vec<Vec<Option<usize>>> =
        out.shape.iter().zip(&x.shape).map(|(&len, &n)| (0..len).map(|i| Some(i % n)).collect()).collect();
    take_forward(x, &tables, 0.0, out)
}

pub fn pad_nd_shape<M: HasMeta>(x: &M, paddings: &[usize], mode: PadMode) -> Result<Vec<usize>> {
    let shape = x.shape();
    if paddings.len() != 2 * shape.len() {
        fail!(
            InvalidArgument,
            "pad: paddings has {} values but the input has rank {} (shape {}); give [before, after] for every dim.",
            paddings.len(),
            shape.len(),
            shape_text(shape)
        );
    }
    // Mirroring reads the padding from inside the input: without the edge at most n - 1 entries.
    let limit = |n: usize| match mode {
        PadMode::Constant => usize::MAX,
        PadMode::Reflect => n.saturating_sub(1),
        PadMode::Symmetric => n,
    };
    for (d, &n) in shape.iter().enumerate() {
        let (before, after) = (paddings[2 * d], paddings[2 * d + 1]);
        if before > limit(n) || after > limit(n) {
            fail!(
                InvalidArgument,
                "pad: paddings [{before}, {after}] of dim {d} (size {n}) are too large for mode {}: each must be at most {}.",
                mode.name(),
                limit(n)
            );
        }
    }
    Ok(shape.iter().enumerate().map(|(d, &n)| n.saturating_add(paddings[2 * d]).saturating_add(paddings[2 * d + 1])).collect())
}

pub fn pad_nd_forward(x: &Tensor, paddings: &[usize], mode: PadMode, value: f64, out: Meta) -> Result<Tensor> {
    let table = |d: usize| -> Vec<Option<usize>> {
        let (n, before) = (x.shape[d] as i64, paddings[2 * d] as i64);
        (0..out.shape[d] as i64)
            .map(|i| {
                let j = i - before;
                if (0..n).contains(&j) {
                    return Some(j as usize);
                }
                // Mirrored about the edge entry (REFLECT) or about the edge itself (SYMMETRIC).
                let source = match mode {
                    PadMode::Constant => return None,
                    PadMode::Reflect if j < 0 => -j,
                    PadMode::Reflect => 2 * (n - 1) - j,
                    PadMode::Symmetric if j < 0 => -j - 1,
                    PadMode::Symmetric => 2 * n - 1 - j,
                };
                Some(source as usize)
            })
            .collect()
    };
    let tables: Vec<_> = (0..x.shape.len()).map(table).collect();
    take_forward(x, &tables, value, out)
}

pub fn reverse_shape<M: HasMeta>(x: &M, axes: &[usize]) -> Result<Vec<usize>> {
    let rank = x.shape().len();
    if axes.iter().any(|&a| a >= rank) || axes.windows(2).any(|w| w[0] >= w[1]) {
        fail!(InvalidArgument, "reverse: axes {axes:?} must be sorted, unique and in [0, {rank}) for a tensor of rank {rank}.");
    }
    Ok(x.shape().to_vec())
}

pub fn reverse_forward(x: &Tensor, axes: &[usize], out: Meta) -> Result<Tensor> {
    let tables: Vec<Vec<Option<usize>>> = x
        .shape
        .iter()
        .enumerate()
        .map(|(d, &n)| (0..n).map(|i| Some(if axes.contains(&d) { n - 1 - i } else { i })).collect())
        .collect();
    take_forward(x, &tables, 0.0, out)
}

// ---- one-hot ----------------------------------------------------------------------------------------------

pub fn one_hot_shape<M: HasMeta>(indices: &M, depth: usize, axis: usize) -> Result<Vec<usize>> {
    let q = indices.shape();
    if axis > q.len() {
        fail!(InvalidArgument, "oneHot: axis {axis} is out of range for indices of rank {}; use -1 or [0, {}].", q.len(), q.len());
    }
    Ok([&q[..axis], &[depth], &q[axis..]].concat())
}

pub fn one_hot_forward(indices: &Tensor, depth: usize, on: f64, off: f64, axis: usize, out: Meta) -> Result<Tensor> {
    let idx = index_data(indices);
    let (outer, inner) = (size_of(&indices.shape[..axis]), size_of(&indices.shape[axis..]));
    fn run<T: Element>(idx: &[i32], outer: usize, depth: usize, inner: usize, on: f64, off: f64) -> Result<Vec<T>> {
        let mut o = try_filled(outer * depth * inner, T::ZERO)?;
        kernels::one_hot(idx, outer, depth, inner, T::from_f64(on), T::from_f64(off), &mut o);
        Ok(o)
    }
    let buf = crate::with_dtype!(out.dtype, T => T::wrap(run::<T>(idx, outer, depth, inner, on, off)?));
    Ok(Tensor::new(out.shape, buf))
}

// ---- gradients ------------------------------------------------------------------------------------------

/// d/dx strided_slice(x) scatters g back into zeros of x's shape (and the scatter's gradient
/// is the slice again).
pub fn strided_slice_vjp(e: &mut Engine, shape: &[usize], begin: &[i64], end: &[i64], strides: &[i64], g: &Tensor) -> Result<Tensor> {
    let (begin, end, strides) = (begin.to_vec(), end.to_vec(), strides.to_vec());
    e.apply(Op::StridedSliceGrad { shape: shape.to_vec(), begin, end, strides }, &[g])
}

/// d/dparams gather(params, i) adds g's slices at i into zeros (repeated indices add up); the
/// indices get none.
pub fn gather_vjp(e: &mut Engine, inputs: &[Tensor], axis: usize, batch_dims: usize, g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    let scatter = Op::GatherGrad { axis, batch_dims, dim: inputs[0].shape[axis] };
    Ok(vec![if needs[0] { Some(e.apply(scatter, &[g, &inputs[1]])?) } else { None }, None])
}

/// As TensorFlow: the tensor gets g with zeros where it was overwritten, the updates get g's
/// slices at their indices (every duplicate its own, though only the last one shows).
pub fn tensor_scatter_update_vjp(e: &mut Engine, inputs: &[Tensor], g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    let tensor = if needs[0] {
        let zeros = Tensor::full(&inputs[2].shape, g.dtype(), 0.0)?;
        Some(e.apply(Op::TensorScatterUpdate {}, &[g, &inputs[1], &zeros])?)
    } else {
        None
    };
    let updates = if needs[2] { Some(e.apply(Op::GatherNd {}, &[g, &inputs[1]])?) } else { None };
    Ok(vec![tensor, None, updates])
}

/// d/dx tile(x, m): the sum of g's m_d copies of each entry, as g viewed as
/// `[m_0, n_0, m_1, n_1, ...]` summed over the copy axes.
pub fn tile_vjp(e: &mut Engine, shape: &[usize], multiples: &[usize], g: &Tensor) -> Result<Tensor> {
    if multiples.iter().all(|&m| m == 1) {
        return Ok(g.clone());
    }
    let split: Vec<usize> = shape.iter().zip(multiples).flat_map(|(&n, &m)| [m, n]).collect();
    let copies: Vec<usize> = (0..shape.len()).map(|d| 2 * d).collect();
    let viewed = e.reshape(g, &split)?;
    e.sum(&viewed, &copies, false)
}

/// d/dx pad(x): the interior of g, plus for mirror modes the padding folded back onto the
/// entries it copied, one dim at a time.
pub fn pad_vjp(e: &mut Engine, shape: &[usize], paddings: &[usize], mode: PadMode, g: &Tensor) -> Result<Tensor> {
    if mode == PadMode::Constant {
        let begin: Vec<i64> = (0..shape.len()).map(|d| paddings[2 * d] as i64).collect();
        let end: Vec<i64> = shape.iter().zip(&begin).map(|(&n, &b)| b + n as i64).collect();
        return e.apply(Op::StridedSlice { begin, end, strides: vec![1; shape.len()] }, &[g]);
    }
    let mut g = g.clone();
    for (d, &n) in shape.iter().enumerate() {
        let (before, after) = (paddings[2 * d], paddings[2 * d + 1]);
        let mut sum = e.slice(&g, d, before, n)?;
        // Padding entry i before the input copies x[before - i] (REFLECT) or x[before - 1 - i]
        // (SYMMETRIC): reversed, the before-block lines up with x from index 1 (or 0).
        if before > 0 {
            let block = e.slice(&g, d, 0, before)?;
            let block = e.apply(Op::Reverse { axes: vec![d] }, &[&block])?;
            let start = if mode == PadMode::Reflect { 1 } else { 0 };
            let block = e.pad(&block, d, start, n - start - before)?;
            sum = e.add(&sum, &block)?;
        }
        // After the input, entry i copies x[n - 2 - i] (REFLECT) or x[n - 1 - i] (SYMMETRIC).
        if after > 0 {
            let block = e.slice(&g, d, before + n, after)?;
            let block = e.apply(Op::Reverse { axes: vec![d] }, &[&block])?;
            let end_gap = if mode == PadMode::Reflect { 1 } else { 0 };
            let block = e.pad(&block, d, n - end_gap - after, end_gap)?;
            sum = e.add(&sum, &block)?;
        }
        g = sum;
    }
    Ok(g)
}
