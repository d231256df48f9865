//! Indexed copies: reading entries at per-dimension index tables (strided slices, reversal,
//! tiling, padding), gathering and scattering slices at index lists, and one-hot encoding.
//!
//! The op layer validates every index against the shapes before calling (an out-of-range index
//! is an error there, with the index's position); the kernels assert lengths and trust indices.

use super::element::Element;

/// Row-major strides of `shape`.
fn strides_of(shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    strides
}

/// Steps a row-major multi-index over all but the last dim of `lens`; false after the last row.
fn next_row(index: &mut [usize], lens: &[usize]) -> bool {
    for d in (0..index.len()).rev() {
        index[d] += 1;
        if index[d] < lens[d] {
            return true;
        }
        index[d] = 0;
    }
    false
}

/// out[i_0, ..., i_{r-1}] = x[tables[0][i_0], ..., tables[r-1][i_{r-1}]], or `fill` where an
/// entry is None. `out` has shape `[tables[0].len(), ...]`; every Some entry is < x_shape[d].
pub fn take<T: Element>(x: &[T], x_shape: &[usize], tables: &[Vec<Option<usize>>], fill: T, out: &mut [T]) {
    assert_eq!(tables.len(), x_shape.len(), "take: one table per dim");
    assert_eq!(x.len(), x_shape.iter().product::<usize>(), "take: x does not match its shape");
    let lens: Vec<usize> = tables.iter().map(Vec::len).collect();
    assert_eq!(out.len(), lens.iter().product::<usize>(), "take: out does not match the tables");
    if out.is_empty() {
        return;
    }
    let Some((last, outer)) = tables.split_last() else {
        out[0] = x[0];
        return;
    };
    let strides = strides_of(x_shape);
    let mut index = vec![0usize; outer.len()];
    for row in out.chunks_exact_mut(last.len()) {
        // The row's offset in x, or None when an outer index falls in the fill.
        let base = outer.iter().zip(&index).zip(&strides).try_fold(0, |acc, ((t, &i), &s)| t[i].map(|v| acc + v * s));
        match base {
            Some(base) => {
                for (o, src) in row.iter_mut().zip(last) {
                    *o = src.map_or(fill, |j| x[base + j]);
                }
            }
            None => row.fill(fill),
        }
        next_row(&mut index, &lens[..outer.len()]);
    }
}

/// The adjoint of `take` without fill: out[tables[0][i_0], ...] = g[i_0, ...], each target
/// written at most once (the tables are injective); other entries of `out` are left as they are.
pub fn put<T: Element>(g: &[T], tables: &[Vec<usize>], out: &mut [T], out_shape: &[usize]) {
    assert_eq!(tables.len(), out_shape.len(), "put: one table per dim");
    assert_eq!(out.len(), out_shape.iter().product::<usize>(), "put: out does not match its shape");
    let lens: Vec<usize> = tables.iter().map(Vec::len).collect();
    assert_eq!(g.len(), lens.iter().product::<usize>(), "put: g does not match the tables");
    if g.is_empty() {
        return;
    }
    let Some((last, outer)) = tables.split_last() else {
        out[0] = g[0];
        return;
    };
    let strides = strides_of(out_shape);
    let mut index = vec![0usize; outer.len()];
    for row in g.chunks_exact(last.len()) {
        let base: usize = outer.iter().zip(&index).zip(&strides).map(|((t, &i), &s)| t[i] * s).sum();
        for (&v, &j) in row.iter().zip(last) {
            out[base + j] = v;
        }
        next_row(&mut index, &lens[..outer.len()]);
    }
}

/// The sizes `gather` and `gather_add` view their operands with: params (and the scatter
/// target) as `[batch, outer, n, inner]`, indices as `[batch, count]`, the gathered slices as
/// `[batch, outer, count, inner]`.
#[derive(Clone, Copy, Debug)]
pub struct GatherDims {
    pub batch: usize,
    pub outer: usize,
    pub n: usize,
    pub count: usize,
    pub inner: usize,
}

/// out[b, o, i, :] = params[b, o, indices[b, i], :]; every index is in [0, n).
pub fn gather<T: Element>(params: &[T], indices: &[i32], dims: GatherDims, out: &mut [T]) {
    let GatherDims { batch, outer, n, count, inner } = dims;
    assert_eq!(params.len(), batch * outer * n * inner, "gather: params do not match");
    assert_eq!(indices.len(), batch * count, "gather: indices do not match");
    assert_eq!(out.len(), batch * outer * count * inner, "gather: out does not match");
    for b in 0..batch {
        let idx = &indices[b * count..(b + 1) * count];
        for o in 0..outer {
            let src = &params[(b * outer + o) * n * inner..(b * outer + o + 1) * n * inner];
            let dst = &mut out[(b * outer + o) * count * inner..(b * outer + o + 1) * count * inner];
            for (row, &i) in dst.chunks_exact_mut(inner.max(1)).zip(idx) {
                let i = i as usize;
                row.copy_from_slice(&src[i * inner..(i + 1) * inner]);
            }
        }
    }
}

/// out[b, o, indices[b, i], :] += g[b, o, i, :] (the adjoint of `gather`; repeated indices add).
pub fn gather_add<T: Element>(g: &[T], indices: &[i32], dims: GatherDims, out: &mut [T]) {
    let GatherDims { batch, outer, n, count, inner } = dims;
    assert_eq!(out.len(), batch * outer * n * inner, "gather_add: out does not match");
    assert_eq!(indices.len(), batch * count, "gather_add: indices do not match");
    assert_eq!(g.len(), batch * outer * count * inner, "gather_add: g does not match");
    for b in 0..batch {
        let idx = &indices[b * count..(b + 1) * count];
        for o in 0..outer {
            let src = &g[(b * outer + o) * count * inner..(b * outer + o + 1) * count * inner];
            let dst = &mut out[(b * outer + o) * n * inner..(b * outer + o + 1) * n * inner];
            for (row, &i) in src.chunks_exact(inner.max(1)).zip(idx) {
                let i = i as usize;
                for (d, &v) in dst[i * inner..(i + 1) * inner].iter_mut().zip(row) {
                    *d = d.add(v);
                }
            }
        }
    }
}

/// out[m, :] = x[offsets[m] .. offsets[m] + slice]: the slices `gather_nd` reads.
pub fn take_slices<T: Element>(x: &[T], offsets: &[usize], slice: usize, out: &mut [T]) {
    assert_eq!(out.len(), offsets.len() * slice, "take_slices: out does not match");
    for (row, &off) in out.chunks_exact_mut(slice.max(1)).zip(offsets) {
        row.copy_from_slice(&x[off..off + slice]);
    }
}

/// out[offsets[m] .. offsets[m] + slice] += updates[m, :] (`scatter_nd`: duplicates add), or
/// `=` when `replace` (`tensor_scatter_nd_update`: the last duplicate wins).
pub fn put_slices<T: Element>(updates: &[T], offsets: &[usize], slice: usize, replace: bool, out: &mut [T]) {
    assert_eq!(updates.len(), offsets.len() * slice, "put_slices: updates do not match");
    for (row, &off) in updates.chunks_exact(slice.max(1)).zip(offsets) {
        let dst = &mut out[off..off + slice];
        if replace {
            dst.copy_from_slice(row);
        } else {
            for (d, &v) in dst.iter_mut().zip(row) {
                *d = d.add(v);
            }
        }
    }
}

/// out[o, j, i] = on if indices[o, i] == j else off, for out viewed as `[outer, depth, inner]`
/// and indices as `[outer, inner]`.
pub fn one_hot<T: Element>(indices: &[i32], outer: usize, depth: usize, inner: usize, on: T, off: T, out: &mut [T]) {
    assert_eq!(indices.len(), outer * inner, "one_hot: indices do not match");
    assert_eq!(out.len(), outer * depth * inner, "one_hot: out does not match");
    out.fill(off);
    for o in 0..outer {
        for (i, &j) in indices[o * inner..(o + 1) * inner].iter().enumerate() {
            if j >= 0 && (j as usize) < depth {
                out[(o * depth + j as usize) * inner + i] = on;
            }
        }
    }
}
