//! Axis permutation.
//!
//! Size-1 dims are dropped and input dims that stay adjacent and in order under the permutation
//! are merged, so `[a, b, c] -> [c, a, b]` becomes a 2-D transpose of `[a·b, c]`. A 2-D transpose
//! is copied in square tiles (both source and destination lines stay in cache); anything else
//! walks the output in order with an odometer over input strides.

use super::element::Element;

/// Side of the square tiles of a 2-D transpose: 32×32 f32 is 4 KB per side.
const TILE: usize = 32;

pub(super) fn transpose<T: Element>(x: &[T], shape: &[usize], perm: &[usize], out: &mut [T]) {
    assert_eq!(
        perm.len(),
        shape.len(),
        "transpose: perm and shape differ in rank"
    );
    let mut seen = vec![false; shape.len()];
    for &p in perm {
        assert!(
            p < shape.len() && !seen[p],
            "transpose: perm is not a permutation"
        );
        seen[p] = true;
    }
    assert_eq!(
        x.len(),
        shape.iter().product::<usize>(),
        "transpose: x does not match shape"
    );
    assert_eq!(out.len(), x.len(), "transpose: out and x differ in length");
    if x.is_empty() {
        return;
    }

    // Input row-major strides, then the output dims as (size, input stride), merged where
    // consecutive output dims are consecutive input dims.
    let mut strides = vec![1; shape.len()];
    for d in (0..shape.len().saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    let mut dims: Vec<(usize, usize)> = Vec::with_capacity(shape.len());
    for &p in perm {
        let (size, stride) = (shape[p], strides[p]);
        match dims.last_mut() {
            _ if size == 1 => {}
            Some(last) if last.1 == stride * size => *last = (last.0 * size, stride),
            _ => dims.push((size, stride)),
        }
    }

    match dims.as_slice() {
        [] | [_] => out.copy_from_slice(x),
        // Output [rows, cols] reads input [cols, rows]: a plain 2-D transpose.
        &[(rows, 1), (cols, stride)] if stride == rows => transpose_2d(x, cols, rows, out),
        _ => gather(x, &dims, out),
    }
}

/// out (cols×rows) = x (rows×cols) transposed, tile by tile.
fn transpose_2d<T: Element>(x: &[T], rows: usize, cols: usize, out: &mut [T]) {
    for row0 in (0..rows).step_by(TILE) {
        for col0 in (0..cols).step_by(TILE) {
            for c in col0..cols.min(col0 + TILE) {
                for r in row0..rows.min(row0 + TILE) {
                    out[c * rows + r] = x[r * cols + c];
                }
            }
        }
    }
}

/// out in row-major order over `dims` (size, input stride); inner runs are strided reads.
fn gather<T: Element>(x: &[T], dims: &[(usize, usize)], out: &mut [T]) {
    let (&(run_len, run_stride), outer) = dims.split_last().expect("at least two dims");
    let mut index = vec![0usize; outer.len()];
    let mut offset = 0;
    for run in out.chunks_exact_mut(run_len) {
        if run_stride == 1 {
            run.copy_from_slice(&x[offset..offset + run_len]);
        } else {
            for (i, o) in run.iter_mut().enumerate() {
                *o = x[offset + i * run_stride];
            }
        }
        for (d, &(size, stride)) in outer.iter().enumerate().rev() {
            index[d] += 1;
            offset += stride;
            if index[d] < size {
                break;
            }
            index[d] = 0;
            offset -= stride * size;
        }
    }
}
