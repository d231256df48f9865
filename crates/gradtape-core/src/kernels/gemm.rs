//! Matrix product, out (m×n) = op(a) (m×k) · op(b) (k×n).
//!
//! Large products follow the BLIS/Goto scheme. A KC-deep slab of op(b) is packed into slivers of
//! NR columns and a block of MC rows of op(a) into slivers of MR rows, each laid out in the order
//! the micro-kernel reads it (so transposed operands cost nothing beyond the packing). The
//! micro-kernel keeps an MR×NR tile of out in MR·NV vector registers and, for each of the KC
//! steps, loads NV vectors of b, broadcasts MR values of a, and does MR·NV multiply-adds.
//! Slivers are zero-padded, so edge tiles run the same kernel and only their store is clipped.
//!
//! Small products skip packing: matrix-vector shapes (n == 1 or m == 1, for example 20×3 · 3×1)
//! become dot products or axpys along the contiguous direction, and tiny ones use a plain loop.

use super::element::{Arith, Element};
use super::parallel::{self, SharedMut};
use super::simd::Simd;
use core::mem::MaybeUninit;

/// Rows of a micro-tile.
const MR: usize = 4;
/// Vectors across a micro-tile: NR = NV · LANES columns (8 for f32x4, 4 for f64x2).
const NV: usize = 2;
/// Widest micro-tile over all lane counts (f32x4).
const MAX_NR: usize = NV * 4;
/// Depth of a packed slab: a KC×NR sliver of b (16 KB f32) stays in L1 while the a slivers stream.
const KC: usize = 512;
/// Rows of op(a) packed together (MC×KC f32 is 128 KB, for L2).
const MC: usize = 64;
/// Columns of op(b) packed together.
const NC: usize = 2048;
/// At or below this many multiply-adds, packing costs more than it saves. Measured in V8: 8×8×8
/// (512) runs 2× faster packed, 5×7×3 (105) 2× slower, so the crossover sits near 256.
const SMALL_PRODUCT: usize = 256;
/// At or above this many multiply-adds (2·128³, about 150 µs on one thread), a product's row
/// blocks are shared among threads, where there are workers. Measured with two threads: 128³
/// (two tasks) ran 0.83× as fast as on one thread, 512³ 1.8× as fast (`npm run bench:threads`).
const PARALLEL_PRODUCT: u64 = 1 << 22;
/// At or above this many multiply-adds, a matrix-vector product (which reads each matrix element
/// once: memory-bound, like an elementwise op) shares its blocks of rows among threads.
const PARALLEL_MATRIX_VECTOR: u64 = 1 << 18;
/// Columns of a column-accumulated matrix-vector product (Xᵀ·g's rows of X) summed as one block,
/// from zero; the blocks' sums are then added in order. Blocks are tasks that threads may share,
/// and the block size never depends on the thread count, so neither do the bits.
pub const SUM_BLOCK: usize = 1 << 14;
const _: () = assert!(SUM_BLOCK.is_multiple_of(COLUMN_GROUP), "a block's sum is the product over its pieces");
/// Rows of a matrix-vector product per task (a multiple of every lane count).
const GEMV_ROWS: usize = 1 << 14;
/// Packed buffers start on a cache line, so no v128 load of a sliver straddles two lines.
/// (Cheap insurance: on the x64 machine measured, the difference was within noise.)
const ALIGN_BYTES: usize = 64;

/// A stored matrix read through strides: element (i, j) is data[i * row_stride + j * col_stride].
#[derive(Clone, Copy)]
struct StridedMatrix<'a, T> {
    data: &'a [T],
    row_stride: usize,
    col_stride: usize,
}

impl<'a, T: Copy> StridedMatrix<'a, T> {
    /// op(x) of a row-major rows×cols matrix, or of its transpose stored as cols×rows.
    fn new(data: &'a [T], rows: usize, cols: usize, transposed: bool) -> Self {
        if transposed {
            StridedMatrix {
                data,
                row_stride: 1,
                col_stride: rows,
            }
        } else {
            StridedMatrix {
                data,
                row_stride: cols,
                col_stride: 1,
            }
        }
    }
    fn transpose(self) -> Self {
        StridedMatrix {
            data: self.data,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
        }
    }
    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> T {
        self.data[i * self.row_stride + j * self.col_stride]
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn matmul<S: Simd>(
    a: &[S::Elem],
    b: &[S::Elem],
    out: &mut [MaybeUninit<S::Elem>],
    m: usize,
    k: usize,
    n: usize,
    trans_a: bool,
    trans_b: bool,
) {
    assert_eq!(a.len(), m * k, "matmul: a is not m×k");
    assert_eq!(b.len(), k * n, "matmul: b is not k×n");
    assert_eq!(out.len(), m * n, "matmul: out is not m×n");
    if out.is_empty() {
        return;
    }
    if k == 0 {
        zeroed(out);
        return;
    }
    let op_a = StridedMatrix::new(a, m, k, trans_a);
    let op_b = StridedMatrix::new(b, k, n, trans_b);
    if n == 1 {
        // A k×1 matrix is the same k values whether or not it is stored transposed.
        gemv::<S>(op_a, m, k, b, out)
    } else if m == 1 {
        // out (1×n) = a · op(b), that is out^T = op(b)^T · a^T.
        gemv::<S>(op_b.transpose(), n, k, a, out)
    } else if (m as u64) * (n as u64) * (k as u64) <= SMALL_PRODUCT as u64 {
        // In u64: on wasm32, m·n·k overflows usize for ordinary shapes (1024·2048·2048 = 2^32).
        // (Zeroed first, as the packed product: an m·n·k loop makes the fill a small part.)
        matmul_unpacked(op_a, op_b, zeroed(out), m, k, n)
    } else {
        matmul_packed::<S>(op_a, op_b, zeroed(out), m, k, n)
    }
}

/// `out` filled with zeros, as initialized values.
fn zeroed<T: Element>(out: &mut [MaybeUninit<T>]) -> &mut [T] {
    out.fill(MaybeUninit::new(T::ZERO));
    // SAFETY: every element was just written; MaybeUninit<T> has T's layout.
    unsafe { &mut *(out as *mut [MaybeUninit<T>] as *mut [T]) }
}

/// y (rows) = matrix (rows×cols) · x (cols), along whichever direction is contiguous.
fn gemv<S: Simd>(
    matrix: StridedMatrix<S::Elem>,
    rows: usize,
    cols: usize,
    x: &[S::Elem],
    y: &mut [MaybeUninit<S::Elem>],
) {
    if matrix.col_stride == 1 {
        // Each y[r] is row r's own dot product: blocks of rows (whole groups of LANES rows) are
        // tasks that threads may share.
        let blocks = rows.div_ceil(GEMV_ROWS);
        let team = parallel::team(blocks, (rows as u64) * (cols as u64) >= PARALLEL_MATRIX_VECTOR);
        team.for_each_part(y, GEMV_ROWS, &|first, y| {
            let block_matrix = StridedMatrix { data: &matrix.data[first * matrix.row_stride..], ..matrix };
            gemv_rows::<S>(block_matrix, cols, x, y);
        });
    } else {
        // Blocks of SUM_BLOCK columns, each summed from zero (by any thread), then added to y in
        // order: the same bits for any number of threads.
        let blocks = cols.div_ceil(SUM_BLOCK);
        let y = zeroed(y);
        if blocks <= 1 {
            // (0 + the block's sum is the block's sum: a sum from +0 is never -0.)
            return gemv_columns_accumulate::<S>(matrix, rows, x, y);
        }
        let team = parallel::team(blocks, (rows as u64) * (cols as u64) >= PARALLEL_MATRIX_VECTOR);
        // Each block has its own `rows` values of `partials`.
        let mut partials = vec![S::Elem::ZERO; blocks * rows];
        team.for_each_part(&mut partials, rows, &|at, partial| {
            let first = at / rows * SUM_BLOCK;
            let count = SUM_BLOCK.min(cols - first);
            let block_matrix = StridedMatrix { data: &matrix.data[first * matrix.col_stride..], ..matrix };
            gemv_columns_accumulate::<S>(block_matrix, rows, &x[first..first + count], partial);
        });
        for partial in partials.chunks_exact(rows) {
            add_block_sum(y, partial);
        }
    }
}

/// y += a block's partial sum, element by element: how the column-accumulated product combines
/// its blocks of SUM_BLOCK columns (`matvec_transposed_accumulate`'s callers do the same).
pub fn add_block_sum<T: Element>(y: &mut [T], partial: &[T]) {
    for (y_r, &p) in y.iter_mut().zip(partial) {
        *y_r = y_r.add(p);
    }
}

/// y (rows) += matrix (rows×cols) · x (cols) for a matrix whose columns are contiguous: each y[r]
/// adds the products x[c]·matrix[r][c] in order of c, one at a time, or (with y in vector
/// registers) a group of COLUMN_GROUP at a time, counted from the first column. So a product split
/// into pieces of columns, every piece but the last a multiple of COLUMN_GROUP long, with y
/// carrying the sum from piece to piece, equals the whole product bit for bit (what a fused
/// replay's chunks rely on: `matvec_transposed_accumulate`).
fn gemv_columns_accumulate<S: Simd>(matrix: StridedMatrix<S::Elem>, rows: usize, x: &[S::Elem], y: &mut [S::Elem]) {
    if rows.is_multiple_of(S::LANES) && rows <= 4 * S::LANES {
        // A few rows, many contiguous columns (for example Xᵀ·y with X 1,000,000×8): keep y in
        // registers instead of loading and storing it once per column.
        match rows / S::LANES {
            1 => gemv_columns_in_registers::<S, 1>(matrix, x, y),
            2 => gemv_columns_in_registers::<S, 2>(matrix, x, y),
            3 => gemv_columns_in_registers::<S, 3>(matrix, x, y),
            _ => gemv_columns_in_registers::<S, 4>(matrix, x, y),
        }
    } else if rows < S::LANES {
        // Fewer rows than a vector (Xᵀ·g with X 20×3): y in scalar registers, no call per column.
        match rows {
            1 => gemv_columns_in_scalars::<S::Elem, 1>(matrix, x, y),
            2 => gemv_columns_in_scalars::<S::Elem, 2>(matrix, x, y),
            _ => gemv_columns_in_scalars::<S::Elem, 3>(matrix, x, y),
        }
    } else {
        // y += Σ_c x[c] · column c.
        for (c, &x_c) in x.iter().enumerate() {
            let start = c * matrix.col_stride;
            axpy::<S>(x_c, &matrix.data[start..start + rows], y);
        }
    }
}

/// y[r] = row r of `matrix` (contiguous rows) times x, for y.len() rows, on this thread: a part
/// of `gemv`.
fn gemv_rows<S: Simd>(matrix: StridedMatrix<S::Elem>, cols: usize, x: &[S::Elem], y: &mut [MaybeUninit<S::Elem>]) {
    if cols < 4 * S::LANES {
        gemv_short_rows::<S>(matrix, y.len(), cols, x, y);
    } else {
        for (r, y_r) in y.iter_mut().enumerate() {
            let start = r * matrix.row_stride;
            y_r.write(dot::<S>(&matrix.data[start..start + cols], x));
        }
    }
}

/// y = a x for a row-major rows×cols matrix a and x (cols) on this thread, row by row as the
/// product `matmul(a, x)` computes each of its parts (which start at multiples of four rows), so
/// rows taken from such a start give the product's bits: a fused replay's row dots.
pub(super) fn row_dots<S: Simd>(a: &[S::Elem], cols: usize, x: &[S::Elem], y: &mut [MaybeUninit<S::Elem>]) {
    assert!(a.len() == y.len() * cols && x.len() == cols);
    gemv_rows::<S>(StridedMatrix::new(a, y.len(), cols, false), cols, x, y)
}

/// y (cols) += aᵀ x for a row-major rows×cols matrix a (cols >= 2) and x (rows), adding row by
/// row: the transposed product `matmul(a, x, transposeA)` computes each block of SUM_BLOCK rows
/// so (from y = 0), then adds the blocks' sums in order (`add_block_sum`).
pub(super) fn matvec_transposed_accumulate<S: Simd>(a: &[S::Elem], rows: usize, cols: usize, x: &[S::Elem], y: &mut [S::Elem]) {
    assert!(a.len() == rows * cols && x.len() == rows && y.len() == cols && cols >= 2);
    // aᵀ is cols×rows with contiguous columns (col_stride = cols), as matmul's gemv sees it.
    gemv_columns_accumulate::<S>(StridedMatrix::new(a, cols, rows, true), cols, x, y)
}

/// y = M x for contiguous rows shorter than `dot`'s unrolled body (a 1,000,000×8 matrix times a
/// vector): x's V vectors stay in registers, `LANES` rows go at a time with one accumulator each
/// (independent chains), and their horizontal sums are done together by `row_sums` and stored as
/// one vector.
fn gemv_short_rows<S: Simd>(matrix: StridedMatrix<S::Elem>, rows: usize, cols: usize, x: &[S::Elem], y: &mut [MaybeUninit<S::Elem>]) {
    match cols / S::LANES {
        // Rows shorter than a vector (X·w with X 20×3).
        0 => match cols {
            0 => {
                zeroed(y);
            }
            1 => gemv_rows_in_scalars::<S::Elem, 1>(matrix, x, y),
            2 => gemv_rows_in_scalars::<S::Elem, 2>(matrix, x, y),
            _ => gemv_rows_in_scalars::<S::Elem, 3>(matrix, x, y),
        },
        1 => gemv_short_rows_of::<S, 1>(matrix, rows, cols, x, y),
        2 => gemv_short_rows_of::<S, 2>(matrix, rows, cols, x, y),
        _ => gemv_short_rows_of::<S, 3>(matrix, rows, cols, x, y),
    }
}

/// `gemv_short_rows` for rows of V whole vectors and a scalar tail (cols < (V + 1)·LANES).
#[inline(never)] // (each shape its own function: the gemv dispatch stays small for V8 to optimize)
fn gemv_short_rows_of<S: Simd, const V: usize>(
    matrix: StridedMatrix<S::Elem>,
    rows: usize,
    cols: usize,
    x: &[S::Elem],
    y: &mut [MaybeUninit<S::Elem>],
) {
    assert!(x.len() == cols && y.len() == rows && matrix.col_stride == 1 && S::LANES <= 4 && cols / S::LANES == V);
    if let Some(last) = rows.checked_sub(1) {
        assert!(last * matrix.row_stride + cols <= matrix.data.len());
    }
    let tail = V * S::LANES;
    let (data, yp) = (matrix.data.as_ptr(), y.as_mut_ptr() as *mut S::Elem);
    // SAFETY (every access below): row r spans r·row_stride .. r·row_stride + cols, inside data
    // (asserted above for the last row, so for every earlier one too); x holds cols >= V·LANES
    // values and y holds rows values, each read only after it was stored; a group of LANES rows
    // starts at r <= rows - LANES.
    let xv: [S::V; V] = core::array::from_fn(|v| unsafe { S::load(x.as_ptr().add(v * S::LANES)) });
    // (From the first product, not from zero: 0 + p costs an addition and turns p = -0 into +0.)
    let row_sum = |row: *const S::Elem| {
        let mut a = match xv.first() {
            Some(&x0) => S::mul(unsafe { S::load(row) }, x0),
            None => S::splat(S::Elem::ZERO),
        };
        for (v, &xv) in xv.iter().enumerate().skip(1) {
            a = S::add(a, S::mul(unsafe { S::load(row.add(v * S::LANES)) }, xv));
        }
        a
    };
    let row_tail = |row: *const S::Elem| {
        let mut t = S::Elem::ZERO;
        for (c, &x_c) in x.iter().enumerate().skip(tail) {
            t = t.add(unsafe { *row.add(c) }.mul(x_c));
        }
        t
    };
    let mut acc = [S::splat(S::Elem::ZERO); 4];
    let mut r = 0;
    if tail == cols && matrix.row_stride == cols {
        // Rows of exactly V vectors, one after another (a fused chain's chunk of X): a group of
        // LANES rows is LANES·V consecutive vectors, all read at constant offsets from one
        // pointer. (The general loop below keeps an address per row and vector, more than a
        // register file holds: V8 spills them at every group.)
        let group = S::LANES * cols;
        let mut at = data;
        while r + S::LANES <= rows {
            for (i, a) in acc.iter_mut().take(S::LANES).enumerate() {
                *a = row_sum(unsafe { at.add(i * cols) });
            }
            unsafe { S::store(yp.add(r), S::row_sums(&acc[..S::LANES])) };
            at = unsafe { at.add(group) };
            r += S::LANES;
        }
    }
    while r + S::LANES <= rows {
        for (i, a) in acc.iter_mut().take(S::LANES).enumerate() {
            *a = row_sum(unsafe { data.add((r + i) * matrix.row_stride) });
        }
        unsafe { S::store(yp.add(r), S::row_sums(&acc[..S::LANES])) };
        if tail < cols {
            for i in 0..S::LANES {
                unsafe { *yp.add(r + i) = (*yp.add(r + i)).add(row_tail(data.add((r + i) * matrix.row_stride))) };
            }
        }
        r += S::LANES;
    }
    for (r, y_r) in y.iter_mut().enumerate().skip(r) {
        let row = unsafe { data.add(r * matrix.row_stride) };
        y_r.write(S::sum_lanes(row_sum(row)).add(row_tail(row)));
    }
}

/// Columns whose products `gemv_columns_in_registers` sums before adding them to y: one addition
/// to each accumulator per group, not per column, so the loop is not bound by the latency of one
/// chain of additions (X·g with X 1,000,000×8: the columns are X's rows).
pub const COLUMN_GROUP: usize = 4;
const _: () = assert!(COLUMN_GROUP == 4, "gemv_columns_in_registers writes out a group's sum for four columns");

/// y (V·LANES rows) += Σ_c x[c] · column c, for a matrix whose columns are contiguous, a group of
/// columns at a time: y + ((p0 + p1) + (p2 + p3)) for the products p of COLUMN_GROUP columns, then
/// the last columns one by one.
fn gemv_columns_in_registers<S: Simd, const V: usize>(
    matrix: StridedMatrix<S::Elem>,
    x: &[S::Elem],
    y: &mut [S::Elem],
) {
    let rows = V * S::LANES;
    let stride = matrix.col_stride;
    assert!(y.len() == rows && matrix.row_stride == 1);
    if let Some(last) = x.len().checked_sub(1) {
        assert!(last * stride + rows <= matrix.data.len());
    }
    // SAFETY: y holds V·LANES values (asserted above).
    let mut acc: [S::V; V] = core::array::from_fn(|v| unsafe { S::load(y.as_ptr().add(v * S::LANES)) });
    // SAFETY (every load below): column c spans c·stride .. c·stride + rows, inside data (asserted
    // above for the last column, so for every earlier one too); `column` points at column c.
    let mut column = matrix.data.as_ptr();
    let groups = x.chunks_exact(COLUMN_GROUP);
    let rest = groups.remainder();
    for x4 in groups {
        let lanes: [S::V; COLUMN_GROUP] = core::array::from_fn(|j| S::splat(x4[j]));
        for (v, acc_v) in acc.iter_mut().enumerate() {
            let product = |j: usize| S::mul(lanes[j], unsafe { S::load(column.add(j * stride + v * S::LANES)) });
            *acc_v = S::add(*acc_v, S::add(S::add(product(0), product(1)), S::add(product(2), product(3))));
        }
        column = column.wrapping_add(COLUMN_GROUP * stride);
    }
    for &x_c in rest {
        let x_lanes = S::splat(x_c);
        for (v, acc_v) in acc.iter_mut().enumerate() {
            *acc_v = S::add(*acc_v, S::mul(x_lanes, unsafe { S::load(column.add(v * S::LANES)) }));
        }
        column = column.wrapping_add(stride);
    }
    // SAFETY: y holds V·LANES values (asserted above).
    unsafe {
        for (v, &acc_v) in acc.iter().enumerate() {
            S::store(y.as_mut_ptr().add(v * S::LANES), acc_v);
        }
    }
}

/// y = M x for rows of C values, fewer than a vector's lanes: each y[r] sums its products in order
/// from +0, with x in C locals. (The vector path adds such a sum to a +0 vector sum: the same bits,
/// since a sum from +0 is never -0.)
#[inline(never)] // (each shape its own function: the gemv dispatch stays small for V8 to optimize)
fn gemv_rows_in_scalars<T: Element, const C: usize>(matrix: StridedMatrix<T>, x: &[T], y: &mut [MaybeUninit<T>]) {
    assert!(matrix.col_stride == 1);
    let x: [T; C] = x.try_into().expect("C values");
    let (rows, stride) = (y.len(), matrix.row_stride);
    if let Some(last) = rows.checked_sub(1) {
        assert!(last * stride + C <= matrix.data.len());
    }
    // Pointers, not a slice per row: the bounds are checked once above, and V8's baseline tier
    // (which runs a training loop's first thousands of steps) pays for every check and iterator.
    let (mut row, yp) = (matrix.data.as_ptr(), y.as_mut_ptr() as *mut T);
    for r in 0..rows {
        // SAFETY: row r spans r·stride .. r·stride + C, inside data (asserted above for the last
        // row, so for every earlier one too); y holds `rows` values.
        unsafe {
            let mut sum = T::ZERO;
            for (c, &x_c) in x.iter().enumerate() {
                sum = sum.add((*row.add(c)).mul(x_c));
            }
            *yp.add(r) = sum;
            row = row.wrapping_add(stride);
        }
    }
}

/// y (R rows, fewer than a vector's lanes) += Σ_c x[c] · column c, each y[r] adding the products
/// in order of c as `axpy` does, in R locals (a loop of constant length unrolls into registers).
fn gemv_columns_in_scalars<T: Element, const R: usize>(matrix: StridedMatrix<T>, x: &[T], y: &mut [T]) {
    assert!(y.len() == R && matrix.row_stride == 1);
    let stride = matrix.col_stride;
    if let Some(last) = x.len().checked_sub(1) {
        assert!(last * stride + R <= matrix.data.len());
    }
    let mut acc: [T; R] = core::array::from_fn(|r| y[r]);
    // Pointers, not a slice per column (see `gemv_rows_in_scalars`).
    let mut column = matrix.data.as_ptr();
    for &x_c in x {
        for (r, acc_r) in acc.iter_mut().enumerate() {
            // SAFETY: column c spans c·stride .. c·stride + R, inside data (asserted above for the
            // last column, so for every earlier one too).
            *acc_r = acc_r.add(x_c.mul(unsafe { *column.add(r) })); // as axpy: y[r] + x[c]·m[r][c]
        }
        column = column.wrapping_add(stride);
    }
    y.copy_from_slice(&acc);
}

/// Σ x[i]·y[i] with four vector accumulators (independent add chains).
fn dot<S: Simd>(x: &[S::Elem], y: &[S::Elem]) -> S::Elem {
    assert_eq!(x.len(), y.len());
    let step = 4 * S::LANES;
    let body = x.len() - x.len() % step;
    let mut acc = [S::splat(S::Elem::ZERO); 4];
    let (xp, yp) = (x.as_ptr(), y.as_ptr());
    // Safety: i + step <= body <= len for both slices.
    unsafe {
        let mut i = 0;
        while i < body {
            for (j, a) in acc.iter_mut().enumerate() {
                let offset = i + j * S::LANES;
                *a = S::add(*a, S::mul(S::load(xp.add(offset)), S::load(yp.add(offset))));
            }
            i += step;
        }
    }
    // Short vectors (a row of a 1,000,000×8 matrix) mostly land here: one vector at a time.
    let single_body = x.len() - x.len() % S::LANES;
    // Safety: i + LANES <= single_body <= len for both slices.
    unsafe {
        let mut i = body;
        while i < single_body {
            acc[0] = S::add(acc[0], S::mul(S::load(xp.add(i)), S::load(yp.add(i))));
            i += S::LANES;
        }
    }
    let mut tail = S::Elem::ZERO;
    for i in single_body..x.len() {
        tail = tail.add(x[i].mul(y[i]));
    }
    S::sum_lanes(S::add(S::add(acc[0], acc[1]), S::add(acc[2], acc[3]))).add(tail)
}

/// y += alpha · x.
fn axpy<S: Simd>(alpha: S::Elem, x: &[S::Elem], y: &mut [S::Elem]) {
    assert_eq!(x.len(), y.len());
    let body = y.len() - y.len() % S::LANES;
    let alpha_lanes = S::splat(alpha);
    let (xp, yp) = (x.as_ptr(), y.as_mut_ptr());
    // Safety: i + LANES <= body <= len for both slices.
    unsafe {
        let mut i = 0;
        while i < body {
            S::store(
                yp.add(i),
                S::add(S::load(yp.add(i)), S::mul(alpha_lanes, S::load(xp.add(i)))),
            );
            i += S::LANES;
        }
    }
    for i in body..y.len() {
        y[i] = y[i].add(alpha.mul(x[i]));
    }
}

fn matmul_unpacked<T: Element>(
    a: StridedMatrix<T>,
    b: StridedMatrix<T>,
    out: &mut [T],
    m: usize,
    k: usize,
    n: usize,
) {
    for i in 0..m {
        for j in 0..n {
            let mut sum = T::ZERO;
            for p in 0..k {
                sum = sum.add(a.at(i, p).mul(b.at(p, j)));
            }
            out[i * n + j] = sum;
        }
    }
}

/// A zeroed buffer of `len` elements whose returned window starts on an ALIGN_BYTES boundary,
/// or None when memory is short: the buffers are as large as a slab of the operands (up to
/// 8 MiB), so they are allocated fallibly like tensor data, not from the allocator's reserve.
/// The Vec owns the storage; the range says which part of it to use.
fn aligned_buffer<T: Element>(len: usize) -> Option<(Vec<T>, core::ops::Range<usize>)> {
    let slack = ALIGN_BYTES / core::mem::size_of::<T>();
    let mut storage = Vec::new();
    crate::alloc_mode::fallible(|| storage.try_reserve_exact(len + slack)).ok()?;
    storage.resize(len + slack, T::ZERO);
    // align_offset is in elements; it can only fail (usize::MAX) on exotic targets, where an
    // unaligned start is still correct, just slower.
    let start = storage.as_ptr().align_offset(ALIGN_BYTES).min(slack);
    Some((storage, start..start + len))
}

fn matmul_packed<S: Simd>(
    a: StridedMatrix<S::Elem>,
    b: StridedMatrix<S::Elem>,
    out: &mut [S::Elem],
    m: usize,
    k: usize,
    n: usize,
) {
    let nr = NV * S::LANES;
    // Blocks of MC rows are the tasks: each thread packs its block's a slivers into its own
    // buffer and writes its own rows of out, so any number of threads gives the same bits.
    let row_blocks = m.div_ceil(MC);
    let team = parallel::team(row_blocks, (m as u64) * (n as u64) * (k as u64) >= PARALLEL_PRODUCT);
    let a_len = m.min(MC).next_multiple_of(MR) * k.min(KC);
    let mut a_buffers = Vec::new();
    for _ in 0..team.slots() {
        match aligned_buffer(a_len) {
            Some(buffer) => a_buffers.push(buffer),
            // The plain loop needs no buffers: slow, but the product still comes out when memory is full.
            None => return matmul_unpacked(a, b, out, m, k, n),
        }
    }
    let Some((mut b_storage, b_window)) = aligned_buffer(n.min(NC).next_multiple_of(nr) * k.min(KC)) else {
        return matmul_unpacked(a, b, out, m, k, n);
    };
    let a_packed: Vec<SharedMut<S::Elem>> =
        a_buffers.iter_mut().map(|(storage, window)| SharedMut(storage[window.clone()].as_mut_ptr())).collect();
    let b_packed = &mut b_storage[b_window];
    let out_rows = SharedMut(out.as_mut_ptr());
    for col0 in (0..n).step_by(NC) {
        let cols = NC.min(n - col0);
        for depth0 in (0..k).step_by(KC) {
            let depth = KC.min(k - depth0);
            pack_slivers::<S>(b.transpose(), col0, depth0, cols, depth, nr, b_packed);
            let b_packed: &[S::Elem] = b_packed;
            team.for_each(row_blocks, &|block, slot| {
                let row0 = block * MC;
                let rows = MC.min(m - row0);
                // SAFETY: a thread runs one task at a time and `slot` is its own (below
                // team.slots(), the buffers' count), so no other task uses this buffer now; it
                // holds a_len values. The block's rows row0..row0 + rows of out are a range of
                // out that no other task writes.
                let (a_packed, out) = unsafe {
                    (
                        core::slice::from_raw_parts_mut(a_packed[slot].ptr(), a_len),
                        core::slice::from_raw_parts_mut(out_rows.ptr().add(row0 * n), rows * n),
                    )
                };
                pack_slivers::<S>(a, row0, depth0, rows, depth, MR, a_packed);
                for tile_col in (0..cols).step_by(nr) {
                    let b_sliver = &b_packed[tile_col * depth..(tile_col + nr) * depth];
                    for tile_row in (0..rows).step_by(MR) {
                        let a_sliver = &a_packed[tile_row * depth..(tile_row + MR) * depth];
                        let tile = Tile {
                            offset: tile_row * n + col0 + tile_col,
                            row_stride: n,
                            rows: MR.min(rows - tile_row),
                            cols: nr.min(cols - tile_col),
                            // The first slab overwrites out, later ones add to it.
                            accumulate: depth0 > 0,
                        };
                        micro_kernel::<S>(depth, a_sliver, b_sliver, out, tile);
                    }
                }
            });
        }
    }
}

/// Packs rows row0.. row0+rows of `x` (columns depth0..depth0+depth) into slivers of `width`
/// rows: sliver s holds, for each p, the `width` values x[row0 + s·width + i][depth0 + p],
/// zero past the last row. b is packed through its transpose, so its columns are the "rows".
fn pack_slivers<S: Simd>(
    x: StridedMatrix<S::Elem>,
    row0: usize,
    depth0: usize,
    rows: usize,
    depth: usize,
    width: usize,
    packed: &mut [S::Elem],
) {
    let slivers = rows.div_ceil(width);
    assert!(packed.len() >= slivers * width * depth);
    assert!(rows > 0 && depth > 0);
    let last = (row0 + rows - 1) * x.row_stride + (depth0 + depth - 1) * x.col_stride;
    assert!(last < x.data.len());
    let (src, dst) = (x.data.as_ptr(), packed.as_mut_ptr());
    for s in 0..slivers {
        let first_row = s * width;
        let live = width.min(rows - first_row);
        let sliver = s * width * depth;
        // Read along whichever direction is contiguous in x, so the source streams.
        // SAFETY: every source index is (row0 + first_row + i)·row_stride + (depth0 + p)·col_stride
        // with i < live (so the row is < row0 + rows) and p < depth: at most `last`, which is in
        // bounds (asserted above). Every destination index is sliver + p·width + i < slivers·
        // width·depth <= packed.len() (asserted above).
        unsafe {
            let base = src.add((row0 + first_row) * x.row_stride + depth0 * x.col_stride);
            if x.col_stride == 1 && live == 4 && width == 4 {
                // Four whole rows (op(a) stored row by row: every sliver but a short last one).
                let rows = [0, 1, 2, 3].map(|i| base.add(i * x.row_stride) as *const S::Elem);
                S::interleave4(rows, depth, dst.add(sliver));
            } else if x.col_stride == 1 {
                for i in 0..live {
                    let row = base.add(i * x.row_stride);
                    for p in 0..depth {
                        *dst.add(sliver + p * width + i) = *row.add(p);
                    }
                }
            } else {
                for p in 0..depth {
                    let step = base.add(p * x.col_stride);
                    for i in 0..live {
                        *dst.add(sliver + p * width + i) = *step.add(i * x.row_stride);
                    }
                }
            }
            if live < width {
                for p in 0..depth {
                    for i in live..width {
                        *dst.add(sliver + p * width + i) = S::Elem::ZERO;
                    }
                }
            }
        }
    }
}

/// acc += a_sliver · b_sliver over `depth` steps (MR values of a and nr of b a step), with
/// multiplies and adds: the loop without relaxed SIMD.
///
/// With `ALIGNED` (each sliver starts at a multiple of its step's bytes, as `aligned_buffer` lays
/// them out), a step's loads address `base + offset`, base the step's address masked to its
/// alignment (a mask that changes nothing). Written as `pointer.add(offset)`, LLVM's loop strength
/// reduction turns the offsets into adds that have lost their no-wrap flag, which the wasm
/// backend cannot fold into a load's offset field; V8 then spends an instruction on each load's
/// address. An offset added to bits the mask made zero is a disjoint OR, which folds, and the
/// mask hides the addresses from the strength reduction. The loop is bound by the instructions
/// x64 can issue, not by its 16 multiplies and adds: V8's loop went from 36 instructions a step
/// to 32, and 256×784×256 from 34.7–35.2 to 37.2–38.3 GFLOP/s. (Unrolling it measured slower in
/// V8: more live vectors than x64 has registers.) Without `ALIGNED` the addresses are not masked
/// (`align_offset` may fail on exotic targets).
///
/// # Safety
/// `a` must be valid for reading `depth · MR` values and `b` for `depth · nr`.
#[inline(always)]
unsafe fn multiply_steps<S: Simd, const ALIGNED: bool>(
    depth: usize,
    a: *const S::Elem,
    b: *const S::Elem,
    acc: &mut [[S::V; NV]; MR],
) {
    let elem = core::mem::size_of::<S::Elem>();
    let (a_bytes, b_bytes) = (MR * elem, NV * S::LANES * elem);
    // (black_box: knowing some low bits of the addresses, LLVM would drop a mask and turn its
    // disjoint OR into a plain one, which does not fold.)
    let (mut a_at, mut b_at) = core::hint::black_box((a.expose_provenance(), b.expose_provenance()));
    let base = |at: usize, bytes: usize| if ALIGNED { at & !(bytes - 1) } else { at };
    let value = |base: usize, offset: usize| core::ptr::with_exposed_provenance::<S::Elem>(base + offset);
    for _ in 0..depth {
        let (a_base, b_base) = (base(a_at, a_bytes), base(b_at, b_bytes));
        let mut b_lanes = [S::splat(S::Elem::ZERO); NV];
        for (j, lanes) in b_lanes.iter_mut().enumerate() {
            *lanes = S::load(value(b_base, j * S::LANES * elem));
        }
        for (i, acc_row) in acc.iter_mut().enumerate() {
            let a_lanes = S::splat(*value(a_base, i * elem));
            for (j, acc_lanes) in acc_row.iter_mut().enumerate() {
                *acc_lanes = S::add(*acc_lanes, S::mul(a_lanes, b_lanes[j]));
            }
        }
        a_at += a_bytes;
        b_at += b_bytes;
    }
}

/// Where a micro-tile lands in out.
#[derive(Clone, Copy)]
struct Tile {
    offset: usize,
    row_stride: usize,
    rows: usize,
    cols: usize,
    accumulate: bool,
}

/// out[tile] (+)= a_sliver (MR×depth, packed) · b_sliver (depth×NR, packed).
#[inline(never)]
fn micro_kernel<S: Simd>(
    depth: usize,
    a_sliver: &[S::Elem],
    b_sliver: &[S::Elem],
    out: &mut [S::Elem],
    tile: Tile,
) {
    let nr = NV * S::LANES;
    assert!(a_sliver.len() >= depth * MR && b_sliver.len() >= depth * nr);
    assert!(tile.rows <= MR && tile.cols <= nr && tile.rows > 0 && tile.cols > 0);
    assert!(tile.offset + (tile.rows - 1) * tile.row_stride + tile.cols <= out.len());
    let mut acc = [[S::splat(S::Elem::ZERO); NV]; MR];
    let (a_start, b_start) = (a_sliver.as_ptr(), b_sliver.as_ptr());
    let elem = core::mem::size_of::<S::Elem>();
    // Slivers start at multiples of their steps (aligned_buffer's layout); both kernels below
    // then address each step's values from its masked start.
    let aligned = a_start.addr().is_multiple_of(MR * elem) && b_start.addr().is_multiple_of(nr * elem);
    // The relaxed-SIMD kernel when the engine has one (fused multiply-adds: 1.25× the throughput
    // on the x64 machine measured), written to `fused` and loaded into the accumulators.
    let mut fused = [S::Elem::ZERO; MR * MAX_NR];
    // Safety: the slivers hold depth steps of MR and nr values (asserted above), aligned when
    // the kernels are told so; `fused` holds MR·nr.
    unsafe {
        if !aligned {
            multiply_steps::<S, false>(depth, a_start, b_start, &mut acc);
        } else if S::fma_tile(depth, a_start, b_start, fused.as_mut_ptr()) {
            for (i, acc_row) in acc.iter_mut().enumerate() {
                for (j, acc_lanes) in acc_row.iter_mut().enumerate() {
                    *acc_lanes = S::load(fused.as_ptr().add(i * nr + j * S::LANES));
                }
            }
        } else {
            multiply_steps::<S, true>(depth, a_start, b_start, &mut acc);
        }
    }

    let dst = out.as_mut_ptr();
    if tile.rows == MR && tile.cols == nr {
        // Safety: the full tile lies inside out (asserted above).
        unsafe {
            for (i, acc_row) in acc.iter().enumerate() {
                for (j, &lanes) in acc_row.iter().enumerate() {
                    let p = dst.add(tile.offset + i * tile.row_stride + j * S::LANES);
                    S::store(
                        p,
                        if tile.accumulate {
                            S::add(S::load(p), lanes)
                        } else {
                            lanes
                        },
                    );
                }
            }
        }
    } else {
        let mut staged = [S::Elem::ZERO; MR * MAX_NR];
        // Safety: staged has MR rows of MAX_NR >= nr values.
        unsafe {
            for (i, acc_row) in acc.iter().enumerate() {
                for (j, &lanes) in acc_row.iter().enumerate() {
                    S::store(staged.as_mut_ptr().add(i * MAX_NR + j * S::LANES), lanes);
                }
            }
        }
        for i in 0..tile.rows {
            let row = &mut out[tile.offset + i * tile.row_stride..][..tile.cols];
            for (o, &v) in row.iter_mut().zip(&staged[i * MAX_NR..]) {
                *o = if tile.accumulate { o.add(v) } else { v };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::simd::ScalarTwin;

    /// A tile from slivers that start aligned to their steps (the masked addresses of
    /// `multiply_steps`) and from the same values one element further on (the added offsets):
    /// the same bits, which are the sums written out in order.
    fn aligned_and_unaligned_slivers_agree<S: Simd>() {
        let (depth, nr) = (37, NV * S::LANES);
        let value = |i: usize| S::Elem::from_f64(((i * 7919) % 101) as f64 / 13.0 - 3.5);
        let (mut a_storage, a_window) = aligned_buffer::<S::Elem>(depth * MR + 1).unwrap();
        let (mut b_storage, b_window) = aligned_buffer::<S::Elem>(depth * nr + 1).unwrap();
        let (a_buffer, b_buffer) = (&mut a_storage[a_window], &mut b_storage[b_window]);
        let tile = |a: &[S::Elem], b: &[S::Elem]| {
            let mut out = vec![S::Elem::ZERO; MR * nr];
            let tile = Tile { offset: 0, row_stride: nr, rows: MR, cols: nr, accumulate: false };
            micro_kernel::<S>(depth, a, b, &mut out, tile);
            out
        };
        let fill = |buffer: &mut [S::Elem], from: usize| {
            for (i, v) in buffer[from..].iter_mut().enumerate() {
                *v = value(i);
            }
        };
        fill(a_buffer, 0);
        fill(b_buffer, 0);
        let aligned = tile(&a_buffer[..depth * MR], &b_buffer[..depth * nr]);
        fill(a_buffer, 1);
        fill(b_buffer, 1);
        let unaligned = tile(&a_buffer[1..], &b_buffer[1..]);
        let written_out: Vec<S::Elem> = (0..MR * nr)
            .map(|at| {
                let (i, j) = (at / nr, at % nr);
                (0..depth).fold(S::Elem::ZERO, |sum, p| sum.add(value(p * MR + i).mul(value(p * nr + j))))
            })
            .collect();
        let bits = |values: &[S::Elem]| values.iter().map(|v| v.to_f64().to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&aligned), bits(&written_out));
        assert_eq!(bits(&unaligned), bits(&written_out));
    }

    #[test]
    fn micro_kernel_aligned_and_unaligned_slivers_agree() {
        aligned_and_unaligned_slivers_agree::<ScalarTwin<f32>>();
        aligned_and_unaligned_slivers_agree::<ScalarTwin<f64>>();
    }
}
