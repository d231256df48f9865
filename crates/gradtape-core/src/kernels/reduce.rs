//! Sum over a set of axes.
//!
//! The shape is collapsed to alternating kept/reduced dims. The innermost one or two collapsed
//! dims form a contiguous block that one SIMD kernel sums: a reduced inner dim is a contiguous
//! run summed to one value (`sum_contiguous`), a kept inner dim under a reduced one is a stack of
//! rows added together (`sum_rows`). An odometer walks the remaining outer dims.
//!
//! Accuracy: both kernels sum pairwise (blocks of a few hundred values, combined as a binary
//! tree), so the rounding error grows with log(n) rather than n: 1e6 f32 values keep about
//! 1e-6 relative accuracy, where one running f32 sum would drift by about 1e-4.

use super::element::{Arith, Element};
use super::parallel;
use super::simd::Simd;

pub(super) fn reduce_sum<S: Simd>(
    x: &[S::Elem],
    shape: &[usize],
    axes: &[usize],
    out: &mut [S::Elem],
) {
    assert_eq!(
        x.len(),
        shape.iter().product::<usize>(),
        "reduce_sum: x does not match shape"
    );
    assert!(
        axes.windows(2).all(|w| w[0] < w[1]),
        "reduce_sum: axes must be sorted and unique"
    );
    assert!(
        axes.iter().all(|&a| a < shape.len()),
        "reduce_sum: axis out of range"
    );
    let kept: usize = (0..shape.len())
        .filter(|d| !axes.contains(d))
        .map(|d| shape[d])
        .product();
    assert_eq!(
        out.len(),
        kept,
        "reduce_sum: out does not match the kept dims"
    );
    if out.is_empty() {
        return;
    }
    if x.is_empty() {
        // A reduced dim of size 0: every sum is empty.
        return out.fill(S::Elem::ZERO);
    }

    // (size, reduced) per collapsed dim, outermost first; size-1 dims change nothing.
    let mut dims: Vec<(usize, bool)> = Vec::with_capacity(shape.len());
    for (d, &size) in shape.iter().enumerate() {
        let reduced = axes.contains(&d);
        match dims.last_mut() {
            _ if size == 1 => {}
            Some(last) if last.1 == reduced => last.0 *= size,
            _ => dims.push((size, reduced)),
        }
    }
    if dims.iter().all(|&(_, reduced)| !reduced) {
        return out.copy_from_slice(x);
    }

    out.fill(S::Elem::ZERO);
    // The contiguous block handled by one kernel call, and the outer dims walked around it.
    let (outer, block_dims) = match dims.as_slice() {
        [.., (_, false)] => dims.split_at(dims.len() - 2),
        [.., (_, true)] => dims.split_at(dims.len() - 1),
        [] => unreachable!("a reduced dim exists"),
    };
    let block_len: usize = block_dims.iter().map(|d| d.0).product();
    let out_step = if let [.., (kept_len, false)] = block_dims {
        *kept_len
    } else {
        1
    };
    // Output strides of the outer dims: row-major over kept dims, 0 over reduced ones.
    let mut out_strides = vec![0; outer.len()];
    let mut stride = out_step;
    for (d, &(size, reduced)) in outer.iter().enumerate().rev() {
        if !reduced {
            out_strides[d] = stride;
            stride *= size;
        }
    }

    let mut index = vec![0usize; outer.len()];
    let mut out_offset = 0;
    for block in x.chunks_exact(block_len) {
        let dst = &mut out[out_offset..out_offset + out_step];
        if out_step == 1 {
            dst[0] = dst[0].add(sum_contiguous::<S>(block));
        } else {
            sum_rows::<S>(block, out_step, dst);
        }
        for (d, &(size, _)) in outer.iter().enumerate().rev() {
            index[d] += 1;
            out_offset += out_strides[d];
            if index[d] < size {
                break;
            }
            index[d] = 0;
            out_offset -= out_strides[d] * size;
        }
    }
}

/// Values summed by one multi-accumulator pass before combining pairwise.
const PAIRWISE_BLOCK: usize = 512;

/// Runs of at least this many values share the top of their pairwise tree among threads.
const PARALLEL_SUM: usize = 1 << 18;
/// Levels of the tree whose subtrees are the tasks: 16 subtrees of at least 16,384 values.
const PARALLEL_LEVELS: u32 = 4;

/// Pairwise sum of a contiguous run. A long run's subtrees PARALLEL_LEVELS levels down are
/// summed as tasks, which threads may share, and combined as the tree combines them: every node
/// above them is longer than PAIRWISE_BLOCK, so the tree is the one-thread tree, and so is the sum.
/// (Not inlined, nor is `sum_rows`: both inlined made `reduce_sum` a 10.6 KB wasm function whose
/// optimized build took 85 ms of a fresh process's compiler thread.)
#[inline(never)]
pub(super) fn sum_contiguous<S: Simd>(x: &[S::Elem]) -> S::Elem {
    const SUBTREES: usize = 1 << PARALLEL_LEVELS;
    if x.len() >= PARALLEL_SUM {
        let team = parallel::team(SUBTREES, true);
        if team.slots() > 1 {
            let mut sums = [S::Elem::ZERO; SUBTREES];
            team.for_each_part(&mut sums, 1, &|task, sum| {
                sum[0] = sum_pairwise::<S>(&x[subtree_range(x.len(), task, PARALLEL_LEVELS)]);
            });
            // Combine level by level: node i of a level is the sum of nodes 2i and 2i + 1 below.
            let mut width = SUBTREES;
            while width > 1 {
                width /= 2;
                for i in 0..width {
                    sums[i] = sums[2 * i].add(sums[2 * i + 1]);
                }
            }
            return sums[0];
        }
    }
    sum_pairwise::<S>(x)
}

/// Pairwise sum of a contiguous run on this thread.
fn sum_pairwise<S: Simd>(x: &[S::Elem]) -> S::Elem {
    if x.len() <= PAIRWISE_BLOCK {
        return sum_block::<S>(x);
    }
    let (left, right) = x.split_at(x.len() / 2);
    sum_pairwise::<S>(left).add(sum_pairwise::<S>(right))
}

/// Four vector accumulators: independent add chains hide latency, and each sums a quarter.
fn sum_block<S: Simd>(x: &[S::Elem]) -> S::Elem {
    let step = 4 * S::LANES;
    let zero = S::splat(S::Elem::ZERO);
    let mut acc = [zero; 4];
    let mut chunks = x.chunks_exact(step);
    for chunk in &mut chunks {
        // Safety: each chunk holds 4 * LANES elements.
        unsafe {
            for (j, a) in acc.iter_mut().enumerate() {
                *a = S::add(*a, S::load(chunk.as_ptr().add(j * S::LANES)));
            }
        }
    }
    let mut tail = S::Elem::ZERO;
    for &v in chunks.remainder() {
        tail = tail.add(v);
    }
    let vector = S::add(S::add(acc[0], acc[1]), S::add(acc[2], acc[3]));
    S::sum_lanes(vector).add(tail)
}

/// Columns summed together down the rows, sized so a column strip's partial sums stay on the stack.
const ROW_STRIP: usize = 64;
/// Rows added sequentially before combining pairwise.
const ROWS_PER_LEAF: usize = 16;

/// out[j] += sum over r of x[r * row_len + j], for x holding whole rows of `row_len`.
///
/// A long one is shared among threads: by strips of columns when there are many (each strip adds
/// into its own columns of out), or else by strip and subtree PARALLEL_LEVELS levels down the
/// strip's pairwise tree of rows, combined as the tree combines them. Either way every strip's
/// tree is the one-thread tree, and so are the sums.
#[inline(never)]
fn sum_rows<S: Simd>(x: &[S::Elem], row_len: usize, out: &mut [S::Elem]) {
    const SUBTREES: usize = 1 << PARALLEL_LEVELS;
    let rows = x.len() / row_len;
    let strips = row_len.div_ceil(ROW_STRIP);
    // Every node above the subtrees has more than ROWS_PER_LEAF rows, so the serial tree splits it.
    let split_rows = rows >= SUBTREES * ROWS_PER_LEAF;
    let tasks = if strips >= SUBTREES || !split_rows { strips } else { strips * SUBTREES };
    let team = parallel::team(tasks, x.len() >= PARALLEL_SUM);
    let strip_columns = |strip: usize| (strip * ROW_STRIP, ROW_STRIP.min(row_len - strip * ROW_STRIP));
    if team.slots() == 1 || tasks == strips {
        // Each strip adds into its own columns of out.
        team.for_each_part(out, ROW_STRIP, &|column, out| {
            let mut sum = [S::Elem::ZERO; ROW_STRIP];
            sum_row_strip::<S>(x, row_len, column, 0..rows, &mut sum[..out.len()]);
            add_into::<S>(out, &sum[..out.len()]);
        });
        return;
    }
    // Fewer strips than subtrees (at most 16·16 partial strips of ROW_STRIP values), each task
    // with its own ROW_STRIP values of `partials`.
    let mut partials = vec![S::Elem::ZERO; tasks * ROW_STRIP];
    team.for_each_part(&mut partials, ROW_STRIP, &|at, acc| {
        let (strip, subtree) = (at / ROW_STRIP / SUBTREES, at / ROW_STRIP % SUBTREES);
        let (column, width) = strip_columns(strip);
        sum_row_strip::<S>(x, row_len, column, subtree_range(rows, subtree, PARALLEL_LEVELS), &mut acc[..width]);
    });
    for (strip, subtrees) in partials.chunks_exact_mut(SUBTREES * ROW_STRIP).enumerate() {
        let (column, width) = strip_columns(strip);
        // Level by level: node i is the sum of nodes 2i and 2i + 1 below, left + right.
        let mut count = SUBTREES;
        while count > 1 {
            count /= 2;
            for i in 0..count {
                let (left, right) = subtrees.split_at_mut((2 * i + 1) * ROW_STRIP);
                add_into::<S>(&mut left[2 * i * ROW_STRIP..][..width], &right[..width]);
                if i > 0 {
                    subtrees.copy_within(2 * i * ROW_STRIP..2 * i * ROW_STRIP + width, i * ROW_STRIP);
                }
            }
        }
        add_into::<S>(&mut out[column..column + width], &subtrees[..width]);
    }
}

/// The items of subtree `index` (left to right) `levels` levels below the root of a pairwise tree
/// over `rows` items, split as `sum_pairwise` and `sum_row_strip` split them (the left half has
/// len / 2).
fn subtree_range(rows: usize, index: usize, levels: u32) -> core::ops::Range<usize> {
    let mut range = 0..rows;
    for level in (0..levels).rev() {
        let middle = range.start + range.len() / 2;
        range = if index >> level & 1 == 0 { range.start..middle } else { middle..range.end };
    }
    range
}

/// acc = sum of the rows in `rows`, restricted to columns `column..column + acc.len()`.
fn sum_row_strip<S: Simd>(
    x: &[S::Elem],
    row_len: usize,
    column: usize,
    rows: core::ops::Range<usize>,
    acc: &mut [S::Elem],
) {
    if rows.len() <= ROWS_PER_LEAF {
        // A narrow strip (a few vectors: the columns of an [n, 8] matrix) keeps its sums in
        // registers; each column still adds its rows in order, so the bits are the same.
        if acc.len().is_multiple_of(S::LANES) {
            match acc.len() / S::LANES {
                1 => return leaf_in_registers::<S, 1>(x, row_len, column, rows, acc),
                2 => return leaf_in_registers::<S, 2>(x, row_len, column, rows, acc),
                3 => return leaf_in_registers::<S, 3>(x, row_len, column, rows, acc),
                4 => return leaf_in_registers::<S, 4>(x, row_len, column, rows, acc),
                _ => {}
            }
        }
        acc.fill(S::Elem::ZERO);
        for r in rows {
            let start = r * row_len + column;
            add_into::<S>(acc, &x[start..start + acc.len()]);
        }
        return;
    }
    let middle = rows.start + rows.len() / 2;
    sum_row_strip::<S>(x, row_len, column, rows.start..middle, acc);
    let mut right = [S::Elem::ZERO; ROW_STRIP];
    let right = &mut right[..acc.len()];
    sum_row_strip::<S>(x, row_len, column, middle..rows.end, right);
    add_into::<S>(acc, right);
}

/// A leaf of `sum_row_strip` for a strip of V whole vectors: acc = 0 + the rows in order.
fn leaf_in_registers<S: Simd, const V: usize>(
    x: &[S::Elem],
    row_len: usize,
    column: usize,
    rows: core::ops::Range<usize>,
    acc: &mut [S::Elem],
) {
    assert!(acc.len() == V * S::LANES);
    if let Some(last) = rows.end.checked_sub(1) {
        assert!(last * row_len + column + acc.len() <= x.len());
    }
    let mut sums = [S::splat(S::Elem::ZERO); V];
    let data = x.as_ptr();
    for r in rows {
        // SAFETY: row r's strip spans r·row_len + column .. + V·LANES, inside x (asserted above
        // for the last row, so for every earlier one too).
        unsafe {
            let row = data.add(r * row_len + column);
            for (v, sum) in sums.iter_mut().enumerate() {
                *sum = S::add(*sum, S::load(row.add(v * S::LANES)));
            }
        }
    }
    // SAFETY: acc holds V·LANES values (asserted above).
    unsafe {
        for (v, &sum) in sums.iter().enumerate() {
            S::store(acc.as_mut_ptr().add(v * S::LANES), sum);
        }
    }
}

/// acc[i] += x[i].
fn add_into<S: Simd>(acc: &mut [S::Elem], x: &[S::Elem]) {
    assert_eq!(acc.len(), x.len());
    let body = acc.len() - acc.len() % S::LANES;
    let (src, dst) = (x.as_ptr(), acc.as_mut_ptr());
    // Safety: both slices have acc.len() elements.
    unsafe {
        let mut i = 0;
        while i < body {
            S::store(dst.add(i), S::add(S::load(dst.add(i)), S::load(src.add(i))));
            i += S::LANES;
        }
        for i in body..acc.len() {
            *dst.add(i) = (*dst.add(i)).add(*src.add(i));
        }
    }
}
