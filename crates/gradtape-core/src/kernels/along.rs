//! Kernels that walk one axis (or a block of reduced axes) of a tensor viewed as
//! `[outer, n, inner]`: folds over rows (max, min, prod, all, any), argmax/argmin, running sums
//! and products, softmax; and `select` (where), which broadcasts three operands.

use core::mem::MaybeUninit;
use super::element::{Arith, Element};
use super::parallel;
use super::simd::Simd;
use super::transcendental;

/// Row-wise kernels over at least this many elements share their rows among threads.
const PARALLEL_ROWS: usize = 1 << 18;
/// Elements per task of a row-wise kernel: blocks of whole rows of about this many values.
const PARALLEL_ROW_BLOCK: usize = 1 << 16;
/// A row this long is folded (max, min, argmax, argmin) by chunks of LONG_ROW_CHUNK values whose
/// results are combined in order, on one thread or shared among several, so the bits (a NaN's
/// payload too) do not depend on how many threads folded it.
const LONG_ROW: usize = 1 << 18;
/// A whole number of vectors, so every chunk's lanes line up as the whole row's would.
const LONG_ROW_CHUNK: usize = 1 << 16;

/// Runs `kernel(x_rows, out_rows)` over blocks of whole rows: `x` holds rows of `n` values and
/// `out` rows of `per_row` values (at least one), as many rows. A large input's blocks are shared
/// among threads; every row is computed by itself, exactly as on one thread.
fn in_parallel_rows<I: Sync, O: Send>(x: &[I], n: usize, out: &mut [O], per_row: usize, kernel: impl Fn(&[I], &mut [O]) + Sync) {
    let rows_per_task = (PARALLEL_ROW_BLOCK / n.max(1)).max(1);
    let team = parallel::team((out.len() / per_row).div_ceil(rows_per_task), x.len() >= PARALLEL_ROWS);
    team.for_each_part(out, rows_per_task * per_row, &|at, out| {
        let first = at / per_row;
        kernel(&x[first * n..(first + out.len() / per_row) * n], out)
    });
}

/// Lanes of `[outer, n, inner]` per task of a lane-wise kernel: about PARALLEL_ROW_BLOCK values,
/// in whole blocks of LANE_BLOCK lanes (tasks that split a block would walk lanes alone, and two
/// threads would write the same cache lines).
fn lanes_per_task(n: usize) -> usize {
    (PARALLEL_ROW_BLOCK / n.max(1)).max(1).next_multiple_of(LANE_BLOCK)
}

/// Runs `kernel(task, scratch)` over blocks of consecutive lanes of `[outer, n, inner]` (lane l =
/// o·inner + i: the n values at o·n·inner + i + j·inner, j < n), shared among threads for a large
/// input. `out` has x's shape; a task writes its own lanes only (`LaneOut`), so tasks never write
/// the same element, and every lane is computed by itself, exactly as on one thread. `scratch` is
/// the thread's own `scratch_len` values, allocated here, before the tasks: tasks must not allocate.
fn in_parallel_lanes<O: Send, W: Copy + Default + Send>(
    outer: usize,
    n: usize,
    inner: usize,
    out: &mut [O],
    scratch_len: usize,
    kernel: impl Fn(&LaneOut<O>, &mut [W]) + Sync,
) {
    assert_eq!(out.len(), outer * n * inner, "lanes: out does not match [outer, n, inner]");
    let lanes = outer * inner;
    let per_task = lanes_per_task(n);
    let tasks = lanes.div_ceil(per_task);
    let team = parallel::team(tasks, out.len() >= PARALLEL_ROWS);
    let mut scratch = vec![W::default(); team.slots() * scratch_len];
    let at = parallel::SharedMut(out.as_mut_ptr());
    if team.slots() == 1 {
        return kernel(&LaneOut { at, lanes: 0..lanes, n, inner }, &mut scratch);
    }
    let scratch_at = parallel::SharedMut(scratch.as_mut_ptr());
    team.for_each(tasks, &|task, slot| {
        let first = task * per_task;
        // SAFETY: slot < team.slots(), and a thread runs one task at a time: the slot's scratch is its own.
        let scratch = unsafe { core::slice::from_raw_parts_mut(scratch_at.ptr().add(slot * scratch_len), scratch_len) };
        kernel(&LaneOut { at, lanes: first..lanes.min(first + per_task), n, inner }, scratch);
    });
}

/// Lanes walked side by side: value j of LANE_BLOCK neighbouring lanes is one contiguous run of
/// memory, where one lane alone reads a value per cache line (lanes along an outer axis).
const LANE_BLOCK: usize = 16;

/// The lanes `lanes` (consecutive lane numbers of `[outer, n, inner]`) as blocks of neighbouring
/// lanes (consecutive i of one slab, at most LANE_BLOCK): each block's first lane and lane count.
fn lane_blocks(lanes: core::ops::Range<usize>, inner: usize) -> impl Iterator<Item = (usize, usize)> {
    let mut next = lanes.start;
    core::iter::from_fn(move || {
        let first = next;
        if first >= lanes.end {
            return None;
        }
        let count = LANE_BLOCK.min(inner - first % inner).min(lanes.end - first);
        next += count;
        Some((first, count))
    })
}

/// Where value 0 of lane `lane` of `[outer, n, inner]` is (value j is j·inner further on, and
/// the lanes of a block are neighbours).
#[inline(always)]
fn lane_start(lane: usize, n: usize, inner: usize) -> usize {
    lane / inner * n * inner + lane % inner
}

/// A task's lanes of `[outer, n, inner]` and where they are in the output.
struct LaneOut<O> {
    at: parallel::SharedMut<O>,
    lanes: core::ops::Range<usize>,
    n: usize,
    inner: usize,
}

impl<O> LaneOut<O> {
    /// The task's lanes, block by block (`lane_blocks`).
    fn blocks(&self) -> impl Iterator<Item = LaneBlock<'_, O>> {
        lane_blocks(self.lanes.clone(), self.inner).map(|(first, count)| LaneBlock { out: self, start: lane_start(first, self.n, self.inner), count })
    }
}

/// Neighbouring lanes of a task: the index of value j of its lane b, in x and in the output,
/// and a write to it.
struct LaneBlock<'a, O> {
    out: &'a LaneOut<O>,
    /// Where value 0 of the block's first lane is.
    start: usize,
    count: usize,
}

impl<O> LaneBlock<'_, O> {
    #[inline(always)]
    fn index(&self, b: usize, j: usize) -> usize {
        self.start + b + j * self.out.inner
    }

    /// Writes value j of every lane of the block (`values`, one per lane: a contiguous run).
    #[inline(always)]
    fn set_row(&mut self, j: usize, values: &[O]) {
        assert!(values.len() == self.count && j < self.out.n, "lanes: {} values for value {j} of a block of {} lanes of {}", values.len(), self.count, self.out.n);
        // SAFETY: the block's lanes are this task's (`lane_blocks` of its range) and j < n, so the
        // run is inside `out` and no other task writes it; nothing holds a reference into `out`
        // while the tasks run.
        unsafe { core::ptr::copy_nonoverlapping(values.as_ptr(), self.out.at.ptr().add(self.index(0, j)), self.count) }
    }
}

/// `part(chunk)` for every LONG_ROW_CHUNK-value chunk of every row (rows of `n` values, n >=
/// LONG_ROW), shared among threads; returns the results, row by row in chunk order.
fn fold_long_rows<E: Element, P: Copy + Send + Default>(x: &[E], n: usize, part: impl Fn(&[E]) -> P + Sync) -> Vec<P> {
    let chunks = n.div_ceil(LONG_ROW_CHUNK);
    let tasks = x.len() / n * chunks;
    let mut parts = vec![P::default(); tasks];
    parallel::team(tasks, true).for_each_part(&mut parts, 1, &|task, result| {
        let (row, chunk) = (task / chunks, task % chunks);
        let start = row * n + chunk * LONG_ROW_CHUNK;
        result[0] = part(&x[start..start + LONG_ROW_CHUNK.min(n - chunk * LONG_ROW_CHUNK)]);
    });
    parts
}

/// Two extremes (of consecutive parts of a row) as one: the first NaN if either is one, and, as
/// the lanes order them, -0 below +0.
fn combine_extremes<E: Element>(first: E, then: E, max: bool) -> E {
    if first.is_nan() {
        first
    } else if then.is_nan() {
        then
    } else if first == then {
        if first.to_f64().is_sign_negative() == max { then } else { first }
    } else if max {
        first.maximum(then)
    } else {
        first.minimum(then)
    }
}

/// Loads `x[i..]` as one vector: a full one, or the tail padded with `pad`.
#[inline(always)]
fn load_or_pad<S: Simd>(x: &[S::Elem], i: usize, pad: S::Elem) -> S::V {
    if i + S::LANES <= x.len() {
        // Safety: LANES elements from i are in bounds (checked above).
        unsafe { S::load(x.as_ptr().add(i)) }
    } else {
        let mut buf = [pad; 8];
        buf[..x.len() - i].copy_from_slice(&x[i..]);
        // Safety: buf holds 8 >= LANES elements.
        unsafe { S::load(buf.as_ptr()) }
    }
}

/// Stores the first `x.len() - i` lanes of `v` (all of them when a full vector fits).
#[inline(always)]
fn store_part<S: Simd>(out: &mut [MaybeUninit<S::Elem>], i: usize, v: S::V) {
    if i + S::LANES <= out.len() {
        // Safety: LANES elements from i are in bounds (checked above).
        unsafe { S::store(out.as_mut_ptr().add(i) as *mut S::Elem, v) }
    } else {
        let mut buf = [S::Elem::ZERO; 8];
        // Safety: buf holds 8 >= LANES elements.
        unsafe { S::store(buf.as_mut_ptr(), v) };
        for (o, &b) in out[i..].iter_mut().zip(&buf) {
            o.write(b);
        }
    }
}

/// The largest (`max`) or smallest value of a non-empty slice in lanes; NaN if any value is NaN.
#[inline(always)]
fn extreme<S: Simd>(x: &[S::Elem], max: bool) -> S::Elem {
    if max {
        extreme_of::<S, true>(x)
    } else {
        extreme_of::<S, false>(x)
    }
}

/// `extreme` with the direction fixed at compile time: the main loop is full vectors only (two
/// accumulators, no branch), the tail one padded vector.
fn extreme_of<S: Simd, const MAX: bool>(x: &[S::Elem]) -> S::Elem {
    let first = x[0];
    let pick = |a: S::V, b: S::V| if MAX { S::max(a, b) } else { S::min(a, b) };
    let (mut acc0, mut acc1) = (S::splat(first), S::splat(first));
    // A lane keeps the first NaN it meets (pmax/pmin alone would skip NaNs).
    let (mut nan0, mut nan1) = (S::splat(S::Elem::ZERO), S::splat(S::Elem::ZERO));
    let pairs = x.len() / (2 * S::LANES) * (2 * S::LANES);
    let ptr = x.as_ptr();
    let mut i = 0;
    while i < pairs {
        // Safety: i + 2 LANES <= pairs <= x.len().
        let (v0, v1) = unsafe { (S::load(ptr.add(i)), S::load(ptr.add(i + S::LANES))) };
        acc0 = pick(acc0, v0);
        acc1 = pick(acc1, v1);
        nan0 = S::select(S::eq(v0, v0), nan0, v0);
        nan1 = S::select(S::eq(v1, v1), nan1, v1);
        i += 2 * S::LANES;
    }
    while i < x.len() {
        let v = load_or_pad::<S>(x, i, first);
        acc0 = pick(acc0, v);
        nan0 = S::select(S::eq(v, v), nan0, v);
        i += S::LANES;
    }
    let acc = pick(acc0, acc1);
    let mut lanes = [S::Elem::ZERO; 8];
    let mut nans = [S::Elem::ZERO; 16];
    // Safety: the buffers hold 8 >= LANES and 16 >= 2 LANES elements.
    unsafe {
        S::store(lanes.as_mut_ptr(), acc);
        S::store(nans.as_mut_ptr(), nan0);
        S::store(nans.as_mut_ptr().add(S::LANES), nan1);
    }
    if let Some(&n) = nans[..2 * S::LANES].iter().find(|v| v.is_nan()) {
        return n;
    }
    let fold = if MAX { Arith::maximum } else { Arith::minimum };
    lanes[1..S::LANES].iter().fold(lanes[0], |m, &v| fold(m, v))
}

/// The max and min of a softmax row, without `extreme`'s NaN bookkeeping (a third of the cost): a
/// NaN may be skipped here, but it reaches the sum of e^(x - max) and makes the whole row NaN, as
/// TF's. The min tells whether the row's exps need their clamp (see `softmax_rows_here`).
fn softmax_extremes<S: Simd>(x: &[S::Elem]) -> (S::Elem, S::Elem) {
    let first = x[0];
    // Four independent maxima and minima: one chain would wait out max's latency at every vector.
    let mut high = [S::splat(first); 4];
    let mut low = high;
    let quads = x.len() / (4 * S::LANES) * (4 * S::LANES);
    let ptr = x.as_ptr();
    let mut i = 0;
    while i < quads {
        for k in 0..4 {
            // Safety: i + 4 LANES <= quads <= x.len().
            let v = unsafe { S::load(ptr.add(i + k * S::LANES)) };
            high[k] = S::max(high[k], v);
            low[k] = S::min(low[k], v);
        }
        i += 4 * S::LANES;
    }
    while i < x.len() {
        let v = load_or_pad::<S>(x, i, first);
        high[0] = S::max(high[0], v);
        low[0] = S::min(low[0], v);
        i += S::LANES;
    }
    let mut lanes = [S::Elem::ZERO; 8];
    let mut fold = |v: S::V, pick_later: fn(S::Elem, S::Elem) -> bool| {
        // Safety: the buffer holds 8 >= LANES elements.
        unsafe { S::store(lanes.as_mut_ptr(), v) };
        lanes[1..S::LANES].iter().fold(lanes[0], |m, &v| if pick_later(m, v) { v } else { m })
    };
    let max = fold(S::max(S::max(high[0], high[1]), S::max(high[2], high[3])), |m, v| m < v);
    let min = fold(S::min(S::min(low[0], low[1]), S::min(low[2], low[3])), |m, v| v < m);
    (max, min)
}

/// out[r] = max (or min) of row r of `x` (`out.len()` rows of `n` contiguous values); NaN when
/// the row has a NaN; -inf (+inf) for an empty row, as TensorFlow's empty reductions give.
pub fn extreme_rows<S: Simd>(x: &[S::Elem], n: usize, out: &mut [S::Elem], max: bool) {
    assert_eq!(x.len(), out.len() * n, "extreme_rows: x is not out.len() rows of n");
    if n == 0 {
        return out.fill(S::Elem::from_f64(if max { f64::NEG_INFINITY } else { f64::INFINITY }));
    }
    if n >= LONG_ROW {
        let chunks = n.div_ceil(LONG_ROW_CHUNK);
        let parts = fold_long_rows(x, n, |chunk| extreme::<S>(chunk, max));
        for (o, row) in out.iter_mut().zip(parts.chunks_exact(chunks)) {
            *o = row[1..].iter().fold(row[0], |m, &v| combine_extremes(m, v, max));
        }
        return;
    }
    in_parallel_rows(x, n, out, 1, |x, out| {
        for (o, row) in out.iter_mut().zip(x.chunks_exact(n)) {
            *o = extreme::<S>(row, max);
        }
    });
}

/// The first index of the largest (smallest) value of each contiguous row, the first NaN if
/// there is one (`arg_extreme`).
///
/// The index is defined by the values alone (the first NaN, else the first value equal to the
/// extreme), so a long row may be searched by chunks, shared among threads: each chunk's extreme
/// and first index of it, then the first chunk whose extreme is the row's.
pub fn arg_rows<S: Simd>(x: &[S::Elem], n: usize, out: &mut [i32], max: bool) {
    assert_eq!(x.len(), out.len() * n, "arg_rows: x is not out.len() rows of n");
    if n == 0 {
        return out.fill(0);
    }
    if n >= LONG_ROW {
        let chunks = n.div_ceil(LONG_ROW_CHUNK);
        let parts = fold_long_rows(x, n, |chunk| arg_extreme::<S>(chunk, max));
        for (o, row) in out.iter_mut().zip(parts.chunks_exact(chunks)) {
            let m = row[1..].iter().fold(row[0].0, |m, &(v, _)| combine_extremes(m, v, max));
            let first = row.iter().position(|&(v, _)| if m.is_nan() { v.is_nan() } else { v == m }).expect("a chunk holds it");
            *o = (first * LONG_ROW_CHUNK + row[first].1) as i32;
        }
        return;
    }
    in_parallel_rows(x, n, out, 1, |x, out| {
        for (o, row) in out.iter_mut().zip(x.chunks_exact(n)) {
            *o = arg_extreme::<S>(row, max).1 as i32;
        }
    });
}

/// The extreme of a non-empty slice and the first index holding it (the first NaN, if any): the
/// extreme in lanes, then a search for its first occurrence in blocks (an equality test per
/// block vectorises; only the block holding it is searched element by element).
fn arg_extreme<S: Simd>(row: &[S::Elem], max: bool) -> (S::Elem, usize) {
    let m = extreme::<S>(row, max);
    let hit = |v: S::Elem| if m.is_nan() { v.is_nan() } else { v == m };
    for (b, block) in row.chunks(64).enumerate() {
        if block.iter().fold(false, |any, &v| any | hit(v)) {
            return (m, b * 64 + block.iter().position(|&v| hit(v)).expect("the block holds it"));
        }
    }
    unreachable!("the extreme is one of the values")
}

/// softmax (or log softmax) of each contiguous row in lanes, in the element type: the max, then
/// e^(x - max) with the polynomial exp and its sum, then a scale (or x - max - log sum). Every
/// element of `out` is written before it is read, so it may start uninitialized.
pub fn softmax_rows<S: Simd>(x: &[S::Elem], n: usize, out: &mut [MaybeUninit<S::Elem>], log: bool) {
    assert_eq!(x.len(), out.len(), "softmax_rows: x and out differ in length");
    if n == 0 {
        return;
    }
    if log {
        in_parallel_rows(x, n, out, n, |x, out| softmax_rows_here::<S, true>(x, n, out));
    } else {
        in_parallel_rows(x, n, out, n, |x, out| softmax_rows_here::<S, false>(x, n, out));
    }
}

/// `softmax_rows` on this thread (`LOG` a constant: no test of it in the exp loop).
///
/// A row whose values all lie within 88 of its max (every row of a network's logits) takes exps
/// without their clamp at -88, which changes nothing there: the same bits, in about 5% less time
/// (one constant fewer: see `ExpNonpositive::exp_from_minus_88`). fl(min - max) >= -88 bounds
/// every fl(x - max) (rounding is monotonic); a NaN or an infinity fails the test, so such rows
/// keep the clamp.
fn softmax_rows_here<S: Simd, const LOG: bool>(x: &[S::Elem], n: usize, out: &mut [MaybeUninit<S::Elem>]) {
    let exp = transcendental::ExpNonpositive::<S>::hoisted();
    for (row, orow) in x.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
        let (max, min) = softmax_extremes::<S>(row);
        if min.sub(max).to_f64() >= -88.0 {
            softmax_row::<S, LOG, false>(&exp, row, orow, S::splat(max));
        } else {
            softmax_row::<S, LOG, true>(&exp, row, orow, S::splat(max));
        }
    }
}

/// One row of `softmax_rows_here`, given its max `m`; `CLAMP`: whether its exps need the clamp.
#[inline(always)]
fn softmax_row<S: Simd, const LOG: bool, const CLAMP: bool>(exp: &transcendental::ExpNonpositive<S>, row: &[S::Elem], orow: &mut [MaybeUninit<S::Elem>], m: S::V) {
    let n = row.len();
    let exp_row = |z| if CLAMP { exp.exp(z) } else { exp.exp_from_minus_88(z) };
    let mut total = S::splat(S::Elem::ZERO);
    let body = n - n % S::LANES;
    let (src, dst) = (row.as_ptr(), orow.as_mut_ptr() as *mut S::Elem);
    let mut i = 0;
    // Two vectors a turn, each into its own sum: half the loop's overhead, and two sums
    // that do not wait on each other.
    let mut total1 = S::splat(S::Elem::ZERO);
    let pairs = n - n % (2 * S::LANES);
    while i < pairs {
        // Safety: i + 2 LANES <= pairs <= n, the length of both rows.
        let (x0, x1) = unsafe { (S::load(src.add(i)), S::load(src.add(i + S::LANES))) };
        // Both loads above both stores, so that V8 runs the two exps side by side (see
        // `map_lanes_by`).
        core::sync::atomic::compiler_fence(core::sync::atomic::Ordering::SeqCst);
        let (e0, e1) = (exp_row(S::sub(x0, m)), exp_row(S::sub(x1, m)));
        total = S::add(total, e0);
        total1 = S::add(total1, e1);
        if !LOG {
            unsafe {
                S::store(dst.add(i), e0);
                S::store(dst.add(i + S::LANES), e1);
            }
        }
        i += 2 * S::LANES;
    }
    total = S::add(total, total1);
    while i < body {
        // Safety: i + LANES <= body <= n, the length of both rows.
        let e = exp_row(S::sub(unsafe { S::load(src.add(i)) }, m));
        total = S::add(total, e);
        if !LOG {
            unsafe { S::store(dst.add(i), e) };
        }
        i += S::LANES;
    }
    // Padding lanes hold -inf: e^(-inf - m) = 0 adds nothing to the sum (with the clamp).
    let tail_e = (i < n).then(|| exp.exp(S::sub(load_or_pad::<S>(row, i, S::Elem::from_f64(f64::NEG_INFINITY)), m)));
    if let Some(e) = tail_e {
        total = S::add(total, e);
    }
    let total = S::sum_lanes(total);
    i = 0;
    if LOG {
        // (x - max) - log sum, in that order: x - max is exact near the max, and adding the
        // log to a large max first would round it away (logits of 1e4 in float32).
        let log_total = S::splat(S::Elem::from_f64(total.to_f64().ln()));
        while i < body {
            // Safety: as above.
            unsafe { S::store(dst.add(i), S::sub(S::sub(S::load(src.add(i)), m), log_total)) };
            i += S::LANES;
        }
        if i < n {
            let v = load_or_pad::<S>(row, i, S::Elem::ZERO);
            store_part::<S>(orow, i, S::sub(S::sub(v, m), log_total));
        }
    } else {
        let scale = S::splat(S::Elem::ONE.div(total));
        while i < body {
            // Safety: as above; the first loop wrote these elements.
            unsafe { S::store(dst.add(i), S::mul(S::load(dst.add(i)), scale)) };
            i += S::LANES;
        }
        if let Some(e) = tail_e {
            store_part::<S>(orow, i, S::mul(e, scale));
        }
    }
}

/// out[r] = fold of row r of `x` (`rows` rows of `n` contiguous values), starting from `init`.
/// Reductions over other axes are brought to this form by a transpose in the op layer.
pub fn reduce_rows<T: Element>(x: &[T], n: usize, out: &mut [T], init: T, fold: impl Fn(T, T) -> T + Sync) {
    assert_eq!(x.len(), out.len() * n, "reduce_rows: x is not out.len() rows of n");
    if n == 0 {
        return out.fill(init);
    }
    in_parallel_rows(x, n, out, 1, |x, out| {
        for (o, row) in out.iter_mut().zip(x.chunks_exact(n)) {
            *o = row.iter().fold(init, |acc, &v| fold(acc, v));
        }
    });
}

/// The index along the middle axis of `[outer, n, inner]` of the largest (`max`) or smallest
/// value, the first among ties; a NaN counts as the extreme (NumPy's rule), the first NaN wins.
pub fn argreduce<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, max: bool, out: &mut [i32]) {
    assert_eq!(x.len(), outer * n * inner, "argreduce: x does not match [outer, n, inner]");
    assert_eq!(out.len(), outer * inner, "argreduce: out does not match [outer, inner]");
    let better = |v: T, best: T| {
        let (v_nan, best_nan) = (v.is_nan(), best.is_nan());
        if best_nan {
            false
        } else if v_nan {
            true
        } else if max {
            v > best
        } else {
            v < best
        }
    };
    let per_task = lanes_per_task(n);
    let team = parallel::team((outer * inner).div_ceil(per_task), x.len() >= PARALLEL_ROWS);
    team.for_each_part(out, per_task, &|at, part| {
        if n == 0 {
            return part.fill(0);
        }
        for (first, count) in lane_blocks(at..at + part.len(), inner) {
            let start = lane_start(first, n, inner);
            let mut best_index = [0usize; LANE_BLOCK];
            // Each lane starts from its value 0 (the entries past `count` are not lanes).
            let mut best: [T; LANE_BLOCK] = core::array::from_fn(|b| x[start + b.min(count - 1)]);
            for j in 1..n {
                let row = &x[start + j * inner..][..count];
                for (b, &v) in row.iter().enumerate() {
                    if better(v, best[b]) {
                        (best[b], best_index[b]) = (v, j);
                    }
                }
            }
            for (slot, &index) in part[first - at..][..count].iter_mut().zip(&best_index) {
                *slot = index as i32;
            }
        }
    });
}

/// Running sum (`product` false) or product along the middle axis of `[outer, n, inner]`.
/// `exclusive` leaves out the current element (the first result is 0, or 1 for products);
/// `reverse` runs from the end.
#[allow(clippy::too_many_arguments)]
pub fn cumulative<T: Element>(
    x: &[T],
    outer: usize,
    n: usize,
    inner: usize,
    product: bool,
    exclusive: bool,
    reverse: bool,
    out: &mut [T],
) {
    assert_eq!(x.len(), outer * n * inner, "cumulative: x does not match [outer, n, inner]");
    assert_eq!(out.len(), x.len(), "cumulative: out and x differ in length");
    // The step inlined into the loop (through a function pointer it was a call per element).
    if product {
        running_lanes(x, outer, n, inner, T::ONE, |a, b| a.mul(b), exclusive, reverse, out)
    } else {
        running_lanes(x, outer, n, inner, T::ZERO, |a, b| a.add(b), exclusive, reverse, out)
    }
}

/// `cumulative` with its step: `acc = step(acc, x)` from `identity` along each lane.
#[allow(clippy::too_many_arguments)]
fn running_lanes<T: Element>(
    x: &[T],
    outer: usize,
    n: usize,
    inner: usize,
    identity: T,
    step: impl Fn(T, T) -> T + Sync,
    exclusive: bool,
    reverse: bool,
    out: &mut [T],
) {
    in_parallel_lanes::<T, u8>(outer, n, inner, out, 0, |task, _| {
        for mut block in task.blocks() {
            let count = block.count;
            let (mut acc, mut row_out) = ([identity; LANE_BLOCK], [identity; LANE_BLOCK]);
            for j in 0..n {
                let k = if reverse { n - 1 - j } else { j };
                let row = &x[block.index(0, k)..][..count];
                for ((acc, out), &v) in acc.iter_mut().zip(&mut row_out).zip(row) {
                    if exclusive {
                        *out = *acc;
                        *acc = step(*acc, v);
                    } else {
                        *acc = step(*acc, v);
                        *out = *acc;
                    }
                }
                block.set_row(k, &row_out[..count]);
            }
        }
    });
}

/// softmax (or log softmax) along the middle axis of `[outer, n, inner]`, in lanes, with the
/// arithmetic of `softmax_rows` (the max, e^(x - max) by the polynomial exp in the element type,
/// their sum, then a scale, or x - max - log sum): a block of LANE_BLOCK neighbouring lanes is a
/// few vectors, and value j of all of them one contiguous run. Each lane sums its values in order
/// (the rows' kernel sums in vector lanes, so the last bits may differ from softmax along the last
/// axis of the transposed tensor, as TensorFlow's do). `out` may start uninitialized: every element
/// is written, once.
pub fn softmax_lanes<S: Simd>(x: &[S::Elem], outer: usize, n: usize, inner: usize, out: &mut [MaybeUninit<S::Elem>], log: bool) {
    assert_eq!(x.len(), outer * n * inner, "softmax: x does not match [outer, n, inner]");
    if n == 0 {
        return; // nothing to write (and no value 0 to start each lane's max from)
    }
    if log {
        softmax_lanes_with::<S, true>(x, outer, n, inner, out)
    } else {
        softmax_lanes_with::<S, false>(x, outer, n, inner, out)
    }
}

/// `softmax_lanes` with `LOG` a constant. The scratch holds a block's e^(x - max), value j of the
/// block at j·width: whole vectors for the block's lanes (at most LANE_BLOCK, and no more than
/// `inner` needs, so that a long axis of few neighbours keeps little scratch).
fn softmax_lanes_with<S: Simd, const LOG: bool>(x: &[S::Elem], outer: usize, n: usize, inner: usize, out: &mut [MaybeUninit<S::Elem>]) {
    let width = LANE_BLOCK.min(inner.next_multiple_of(S::LANES));
    let scratch_len = if LOG { 0 } else { n * width };
    in_parallel_lanes(outer, n, inner, out, scratch_len, |task, exps: &mut [S::Elem]| {
        let exp = transcendental::ExpNonpositive::<S>::hoisted();
        let zero = S::splat(S::Elem::ZERO);
        let mut row_out = [S::Elem::ZERO; LANE_BLOCK];
        for mut block in task.blocks() {
            let count = block.count;
            let vectors = count.div_ceil(S::LANES);
            // Value j of the block's lanes as vectors (lanes past `count` hold padding: computed,
            // never stored).
            let first = block.index(0, 0);
            let row = |j: usize, v: usize| load_or_pad::<S>(&x[first + j * inner..][..count], v * S::LANES, S::Elem::ZERO);
            let mut max = [zero; LANE_BLOCK];
            for (v, m) in max[..vectors].iter_mut().enumerate() {
                *m = row(0, v);
            }
            for j in 1..n {
                for (v, m) in max[..vectors].iter_mut().enumerate() {
                    *m = S::max(*m, row(j, v));
                }
            }
            let mut total = [zero; LANE_BLOCK];
            for j in 0..n {
                for (v, (t, &m)) in total[..vectors].iter_mut().zip(&max).enumerate() {
                    let e = exp.exp(S::sub(row(j, v), m));
                    *t = S::add(*t, e);
                    if !LOG {
                        // Safety: v·LANES + LANES <= width (a block has at most min(LANE_BLOCK,
                        // inner) lanes), inside value j's run of the scratch.
                        unsafe { S::store(exps.as_mut_ptr().add(j * width + v * S::LANES), e) };
                    }
                }
            }
            if LOG {
                // (x - max) - log sum, in that order, as the rows' kernel.
                let mut log_total = [zero; LANE_BLOCK];
                for (l, &t) in log_total[..vectors].iter_mut().zip(&total) {
                    let mut sums = [S::Elem::ZERO; 8];
                    // Safety: the buffer holds 8 >= LANES elements.
                    unsafe { S::store(sums.as_mut_ptr(), t) };
                    for s in &mut sums[..S::LANES] {
                        *s = S::Elem::from_f64(s.to_f64().ln());
                    }
                    *l = unsafe { S::load(sums.as_ptr()) };
                }
                for j in 0..n {
                    for (v, (&m, &l)) in max[..vectors].iter().zip(&log_total).enumerate() {
                        // Safety: v·LANES + LANES <= LANE_BLOCK = row_out.len().
                        unsafe { S::store(row_out.as_mut_ptr().add(v * S::LANES), S::sub(S::sub(row(j, v), m), l)) };
                    }
                    block.set_row(j, as_written(&row_out[..count]));
                }
            } else {
                let one = S::splat(S::Elem::ONE);
                let mut scale = [zero; LANE_BLOCK];
                for (s, &t) in scale[..vectors].iter_mut().zip(&total) {
                    *s = S::div(one, t);
                }
                for j in 0..n {
                    for (v, &s) in scale[..vectors].iter().enumerate() {
                        // Safety: as above; the loop before wrote these scratch values.
                        let e = unsafe { S::load(exps.as_ptr().add(j * width + v * S::LANES)) };
                        unsafe { S::store(row_out.as_mut_ptr().add(v * S::LANES), S::mul(e, s)) };
                    }
                    block.set_row(j, as_written(&row_out[..count]));
                }
            }
        }
    });
}

/// Initialized values as values for memory that may start uninitialized.
fn as_written<T>(values: &[T]) -> &[MaybeUninit<T>] {
    // Safety: MaybeUninit<T> has T's layout, and this is only read.
    unsafe { &*(values as *const [T] as *const [MaybeUninit<T>]) }
}

/// Row-major strides of `shape` seen through `out_shape` (right-aligned), 0 on broadcast dims.
fn strides_in(shape: &[usize], out_shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; out_shape.len()];
    let mut stride = 1;
    for (i, &size) in shape.iter().enumerate().rev() {
        if size != 1 {
            strides[out_shape.len() - shape.len() + i] = stride;
        }
        stride *= size;
    }
    strides
}

/// out[i] = cond[i] ? x[i] : y[i], the three broadcast to out_shape.
#[allow(clippy::too_many_arguments)]
pub fn select<T: Element>(
    cond: &[u8],
    cond_shape: &[usize],
    x: &[T],
    x_shape: &[usize],
    y: &[T],
    y_shape: &[usize],
    out: &mut [T],
    out_shape: &[usize],
) {
    assert_eq!(out.len(), out_shape.iter().product::<usize>(), "select: out does not match out_shape");
    assert_eq!(cond.len(), cond_shape.iter().product::<usize>(), "select: cond does not match its shape");
    assert_eq!(x.len(), x_shape.iter().product::<usize>(), "select: x does not match its shape");
    assert_eq!(y.len(), y_shape.iter().product::<usize>(), "select: y does not match its shape");
    if out.is_empty() {
        return;
    }
    if cond.len() == out.len() && x.len() == out.len() && y.len() == out.len() {
        for (i, o) in out.iter_mut().enumerate() {
            *o = if cond[i] != 0 { x[i] } else { y[i] };
        }
        return;
    }
    let (sc, sx, sy) = (strides_in(cond_shape, out_shape), strides_in(x_shape, out_shape), strides_in(y_shape, out_shape));
    let rank = out_shape.len();
    let mut index = vec![0usize; rank];
    let (mut c, mut a, mut b) = (0usize, 0usize, 0usize);
    for o in out.iter_mut() {
        *o = if cond[c] != 0 { x[a] } else { y[b] };
        for d in (0..rank).rev() {
            index[d] += 1;
            c += sc[d];
            a += sx[d];
            b += sy[d];
            if index[d] < out_shape[d] {
                break;
            }
            c -= sc[d] * index[d];
            a -= sx[d] * index[d];
            b -= sy[d] * index[d];
            index[d] = 0;
        }
    }
}

/// The stable argsort of each lane along the middle axis of `[outer, n, inner]`: ascending (or
/// descending) with NaN above every number, ties in index order.
pub fn argsort<T: Element>(
    x: &[T],
    outer: usize,
    n: usize,
    inner: usize,
    descending: bool,
    out: &mut [i32],
) -> crate::error::Result<()> {
    assert_eq!(x.len(), outer * n * inner, "argsort: x does not match [outer, n, inner]");
    assert_eq!(out.len(), x.len(), "argsort: out and x differ in length");
    // Total order: NaN above everything (equal to itself), then the usual order.
    let cmp = |a: T, b: T| match (a.is_nan(), b.is_nan()) {
        (true, true) => core::cmp::Ordering::Equal,
        (true, false) => core::cmp::Ordering::Greater,
        (false, true) => core::cmp::Ordering::Less,
        (false, false) => a.partial_cmp(&b).unwrap_or(core::cmp::Ordering::Equal),
    };
    let mut lane: Vec<(T, i32)> = crate::dtype::try_with_capacity(n)?;
    for o in 0..outer {
        for i in 0..inner {
            let base = o * n * inner + i;
            lane.clear();
            lane.extend((0..n).map(|j| (x[base + j * inner], j as i32)));
            // A stable sort keeps equal values in index order, in both directions.
            if descending {
                lane.sort_by(|p, q| cmp(q.0, p.0));
            } else {
                lane.sort_by(|p, q| cmp(p.0, q.0));
            }
            for (j, &(_, index)) in lane.iter().enumerate() {
                out[base + j * inner] = index;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod softmax_clamp_tests {
    use super::*;
    use crate::kernels::simd::ScalarTwin;

    type S = ScalarTwin<f32>;

    /// softmax (log softmax) of each row with the clamped exp in every row.
    fn clamped_everywhere(x: &[f32], n: usize, log: bool) -> Vec<f32> {
        let exp = transcendental::ExpNonpositive::<S>::splatted();
        let mut out = vec![MaybeUninit::new(0.0f32); x.len()];
        for (row, orow) in x.chunks_exact(n).zip(out.chunks_exact_mut(n)) {
            let m = softmax_extremes::<S>(row).0;
            if log {
                softmax_row::<S, true, true>(&exp, row, orow, m);
            } else {
                softmax_row::<S, false, true>(&exp, row, orow, m);
            }
        }
        out.into_iter().map(|v| unsafe { v.assume_init() }).collect()
    }

    fn rows(x: &[f32], n: usize, log: bool) -> Vec<f32> {
        let mut out = vec![MaybeUninit::new(0.0f32); x.len()];
        softmax_rows::<S>(x, n, &mut out, log);
        out.into_iter().map(|v| unsafe { v.assume_init() }).collect()
    }

    #[test]
    fn rows_without_the_clamp_give_the_clamped_bits() {
        let n = 9;
        // Rows within 88 of their max (the unclamped path), at its edge (-88), and past it
        // (-88.00001, -88.01, -88.5, -100, -1e30), with infinities and NaN: every row must give
        // what the clamped exp gives.
        let edge = [-87.0f32, -87.99999, -88.0, -88.000_01, -88.01, -88.5, -100.0, -1e30, f32::NEG_INFINITY, f32::INFINITY, f32::NAN];
        let mut x = Vec::new();
        let mut s = 7u32;
        for (r, &far) in edge.iter().enumerate() {
            for j in 0..n {
                s ^= s << 13;
                s ^= s >> 17;
                s ^= s << 5;
                let v = (s as f32 / u32::MAX as f32) * 80.0 - 40.0 + r as f32;
                x.push(if j == r % n { far + 40.0 + r as f32 } else if j == (r + 4) % n { 40.0 + r as f32 } else { v.min(40.0 + r as f32) });
            }
        }
        for log in [false, true] {
            let (got, want) = (rows(&x, n, log), clamped_everywhere(&x, n, log));
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan()), "row {} value {}: {g} against {w} (log {log})", i / n, i % n);
            }
        }
    }
}
