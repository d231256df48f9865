//! Axis permutation.
//!
//! Size-1 dims are dropped and input dims that stay adjacent and in order under the permutation
//! are merged, so `[a, b, c] -> [c, a, b]` becomes a 2-D transpose of `[a·b, c]`. A 2-D transpose
//! is copied in square tiles (both source and destination lines stay in cache); anything else
//! walks the output in order with an odometer over input strides.

use super::element::Element;
use super::parallel;
use core::ops::Range;

/// Side of the square tiles of a 2-D transpose: 32×32 f32 is 4 KB per side.
const TILE: usize = 32;
/// Transposes of at least this many elements share their output among threads.
const PARALLEL_COPY: usize = 1 << 18;
/// Elements of output per task, about (whole rows of the output, or whole runs).
const PARALLEL_COPY_BLOCK: usize = 1 << 15;
/// The most outer dims a shared gather walks (its odometer lives on the task's stack).
const MAX_SHARED_DIMS: usize = 16;

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

/// out (cols×rows) = x (rows×cols) transposed, tile by tile; a large one by blocks of output rows
/// (x's columns) shared among threads. A copy: the bits are the same however it is cut.
fn transpose_2d<T: Element>(x: &[T], rows: usize, cols: usize, out: &mut [T]) {
    let columns_per_task = (PARALLEL_COPY_BLOCK / rows.max(1)).next_multiple_of(TILE).max(TILE);
    let tasks = cols.div_ceil(columns_per_task);
    let team = parallel::team(tasks, x.len() >= PARALLEL_COPY);
    team.for_each_part(out, columns_per_task * rows, &|at, out| {
        let first = at / rows;
        transpose_columns(x, rows, cols, first..first + out.len() / rows, out)
    });
}

/// Output rows `columns` (x's columns) of the transpose of x (rows×cols), into `out`, tile by tile.
fn transpose_columns<T: Element>(x: &[T], rows: usize, cols: usize, columns: Range<usize>, out: &mut [T]) {
    for row0 in (0..rows).step_by(TILE) {
        for col0 in columns.clone().step_by(TILE) {
            for c in col0..columns.end.min(col0 + TILE) {
                for r in row0..rows.min(row0 + TILE) {
                    out[(c - columns.start) * rows + r] = x[r * cols + c];
                }
            }
        }
    }
}

/// out in row-major order over `dims` (size, input stride); inner runs are strided reads. A large
/// one by blocks of runs shared among threads, each starting its odometer at its first run.
fn gather<T: Element>(x: &[T], dims: &[(usize, usize)], out: &mut [T]) {
    let (&(run_len, _), outer) = dims.split_last().expect("at least two dims");
    let runs = out.len() / run_len;
    let runs_per_task = (PARALLEL_COPY_BLOCK / run_len).max(1);
    let tasks = runs.div_ceil(runs_per_task);
    let team = parallel::team(tasks, out.len() >= PARALLEL_COPY && outer.len() <= MAX_SHARED_DIMS);
    team.for_each_part(out, runs_per_task * run_len, &|at, out| {
        let first = at / run_len;
        gather_runs(x, dims, first..first + out.len() / run_len, out)
    });
}

/// Runs `runs` of `gather`'s output (whole runs of the innermost dim, in order), into `out`.
fn gather_runs<T: Element>(x: &[T], dims: &[(usize, usize)], runs: Range<usize>, out: &mut [T]) {
    let (&(run_len, run_stride), outer) = dims.split_last().expect("at least two dims");
    // The odometer at the first run: its index over the outer dims, innermost last.
    let mut index = [0usize; MAX_SHARED_DIMS];
    let mut wider;
    let index: &mut [usize] = if outer.len() <= MAX_SHARED_DIMS {
        &mut index[..outer.len()]
    } else {
        wider = vec![0usize; outer.len()];
        &mut wider
    };
    let mut offset = 0;
    let mut rest = runs.start;
    for (d, &(size, stride)) in outer.iter().enumerate().rev() {
        index[d] = rest % size;
        offset += index[d] * stride;
        rest /= size;
    }
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
