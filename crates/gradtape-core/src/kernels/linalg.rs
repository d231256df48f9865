//! Dense linear algebra on one row-major matrix (callers loop over batch dims), with
//! TensorFlow's conventions: which triangle is read, the order of eigenvalues and singular
//! values, lstsq's Cholesky fast path, pinv's default cutoff.
//!
//! Every function widens its input to f64, computes there and rounds each output once, so f32
//! results are as accurate as f32 can hold (the simplest accurate choice; the matrices are
//! small next to the O(n³) work). Outputs go to `&mut` slices the caller sizes; lengths are
//! asserted, so a caller bug panics instead of reading out of bounds.
//!
//! Methods: Cholesky–Banachiewicz; LU with partial pivoting (LAPACK getf2's pivot rule, so the
//! same permutation as TF/NumPy up to ties broken by rounding); Householder QR with LAPACK's reflector signs (geqrf + orgqr, as NumPy and
//! TF); one-sided Jacobi SVD and cyclic Jacobi eigh, which are simple and accurate to a few ulp
//! times sqrt(n) for well-scaled input.

use super::Element;

/// The float dtypes linear algebra runs on.
pub trait Real: Element {
    /// Machine epsilon of the dtype: pinv's default cutoff depends on it, as in TF.
    const EPSILON: f64;
}

impl Real for f32 {
    const EPSILON: f64 = f32::EPSILON as f64;
}

impl Real for f64 {
    const EPSILON: f64 = f64::EPSILON;
}

/// A safety stop for the Jacobi iterations (non-finite input is handled before them; random
/// 50×50 input converges in 9 or 10 sweeps).
const MAX_JACOBI_SWEEPS: usize = 60;

/// L (n×n, lower-triangular, zeros above the diagonal) with A = L Lᵀ. Reads only the lower
/// triangle of `a`, as TF and LAPACK do. `Err(k)` when the leading k×k minor (k >= 1, LAPACK's
/// `info`) is not positive definite (including NaN); `l` then holds NaN on and below the diagonal
/// and zeros above it (TensorFlow's CPU kernel fills the lower triangle with NaN and returns it).
pub fn cholesky<T: Real>(a: &[T], n: usize, l: &mut [T]) -> Result<(), usize> {
    assert_eq!(a.len(), n * n, "cholesky: a is not n×n");
    assert_eq!(l.len(), n * n, "cholesky: l is not n×n");
    match cholesky_f64(&widen(a), n) {
        Ok(factor) => {
            narrow_into(&factor, l);
            Ok(())
        }
        Err(order) => {
            for i in 0..n {
                for j in 0..n {
                    l[i * n + j] = if j <= i { T::from_f64(f64::NAN) } else { T::ZERO };
                }
            }
            Err(order)
        }
    }
}

/// Solves op(M) X = B for X (n×k), op(M) = Mᵀ when `adjoint`, M triangular n×n. Reads only
/// the `lower` (or upper) triangle of `m`, as tf.linalg.triangular_solve. A zero on the
/// diagonal divides by zero (inf/NaN, no panic).
pub fn triangular_solve<T: Real>(
    m: &[T],
    n: usize,
    b: &[T],
    k: usize,
    lower: bool,
    adjoint: bool,
    x: &mut [T],
) {
    assert_eq!(m.len(), n * n, "triangular_solve: m is not n×n");
    assert_eq!(b.len(), n * k, "triangular_solve: b is not n×k");
    assert_eq!(x.len(), n * k, "triangular_solve: x is not n×k");
    let mut solution = widen(b);
    triangular_solve_in_place(&widen(m), n, &mut solution, k, lower, adjoint);
    narrow_into(&solution, x);
}

/// Partial-pivoting LU: P A = L U, packed in `lu` (L strictly below the diagonal with unit
/// diagonal implied, U on and above). Row i of P A is row `perm[i]` of A (tf.linalg.lu's `p`:
/// A[p] = L U). Returns the sign of P (+1/-1), or 0 when a pivot column is exactly zero (A is
/// singular; the factorization still completes, with a zero on U's diagonal, as LAPACK's).
pub fn lu<T: Real>(a: &[T], n: usize, lu: &mut [T], perm: &mut [usize]) -> i32 {
    assert_eq!(a.len(), n * n, "lu: a is not n×n");
    assert_eq!(lu.len(), n * n, "lu: lu is not n×n");
    assert_eq!(perm.len(), n, "lu: perm does not have n entries");
    let factors = lu_f64(&widen(a), n);
    narrow_into(&factors.packed, lu);
    perm.copy_from_slice(&factors.perm);
    factors.sign
}

/// X (n×k) with A X = B by LU with partial pivoting; `Err(())` when A is exactly singular
/// (TF raises "Input matrix is not invertible" there). `x` is untouched on error.
#[allow(clippy::result_unit_err)] // the op layer's contract: singular or not, nothing more
pub fn solve<T: Real>(a: &[T], n: usize, b: &[T], k: usize, x: &mut [T]) -> Result<(), ()> {
    assert_eq!(a.len(), n * n, "solve: a is not n×n");
    assert_eq!(b.len(), n * k, "solve: b is not n×k");
    assert_eq!(x.len(), n * k, "solve: x is not n×k");
    let factors = lu_f64(&widen(a), n);
    if factors.sign == 0 {
        return Err(());
    }
    narrow_into(&lu_solve(&factors, n, &widen(b), k), x);
    Ok(())
}

/// A⁻¹ (n×n) by LU; `Err(())` when A is exactly singular. `out` is untouched on error.
#[allow(clippy::result_unit_err)] // the op layer's contract: singular or not, nothing more
pub fn inv<T: Real>(a: &[T], n: usize, out: &mut [T]) -> Result<(), ()> {
    assert_eq!(a.len(), n * n, "inv: a is not n×n");
    assert_eq!(out.len(), n * n, "inv: out is not n×n");
    let factors = lu_f64(&widen(a), n);
    if factors.sign == 0 {
        return Err(());
    }
    narrow_into(&lu_solve(&factors, n, &identity(n, n), n), out);
    Ok(())
}

/// (sign, ln|det A|) from the LU diagonal; (0, -inf) when singular, (1, 0) when n = 0.
/// Never overflows, unlike det.
pub fn slogdet<T: Real>(a: &[T], n: usize) -> (T, T) {
    assert_eq!(a.len(), n * n, "slogdet: a is not n×n");
    let factors = lu_f64(&widen(a), n);
    if factors.sign == 0 {
        return (T::from_f64(0.0), T::from_f64(f64::NEG_INFINITY));
    }
    let mut sign = factors.sign as f64;
    let mut log_abs = 0.0;
    for i in 0..n {
        let pivot = factors.packed[i * n + i];
        if pivot < 0.0 {
            sign = -sign;
        }
        log_abs += pivot.abs().ln();
    }
    (T::from_f64(sign), T::from_f64(log_abs))
}

/// det A as the signed product of the LU pivots (1 when n = 0, 0 when singular). The product
/// carries its binary exponent separately, so it overflows only if the determinant itself does
/// (1e200 · 1e200 · 1e-200 is 1e200).
pub fn det<T: Real>(a: &[T], n: usize) -> T {
    assert_eq!(a.len(), n * n, "det: a is not n×n");
    let factors = lu_f64(&widen(a), n);
    if factors.sign == 0 {
        return T::from_f64(0.0);
    }
    let pivots = (0..n).map(|i| factors.packed[i * n + i]);
    T::from_f64(factors.sign as f64 * product_without_overflow(pivots))
}

/// Householder QR of A (m×n). Reduced: q is m×p, r is p×n with p = min(m, n); full: q is m×m,
/// r is m×n. Q has orthonormal columns and R is upper-triangular (zeros below the diagonal);
/// signs as LAPACK's geqrf/orgqr, so as NumPy and TF (R's diagonal may be negative).
pub fn qr<T: Real>(a: &[T], m: usize, n: usize, full_matrices: bool, q: &mut [T], r: &mut [T]) {
    let p = m.min(n);
    let (q_cols, r_rows) = if full_matrices { (m, m) } else { (p, p) };
    assert_eq!(a.len(), m * n, "qr: a is not m×n");
    assert_eq!(q.len(), m * q_cols, "qr: q has the wrong size");
    assert_eq!(r.len(), r_rows * n, "qr: r has the wrong size");
    let reflectors = householder_qr(&widen(a), m, n);
    let mut upper = vec![0.0; r_rows * n];
    for i in 0..p {
        for j in i..n {
            upper[i * n + j] = reflectors.packed[i * n + j];
        }
    }
    narrow_into(&upper, r);
    narrow_into(&form_q(&reflectors, m, n, q_cols), q);
}

/// Singular value decomposition A = U diag(s) Vᵀ of A (m×n), s descending (TF's order), p =
/// min(m, n) values. Reduced: u is m×p, v is n×p; full: u is m×m, v is n×n, the extra columns
/// an orthonormal completion (as are the columns for zero singular values). One-sided Jacobi
/// (Hestenes) on the columns of A, or of Aᵀ when m < n. Input with NaN or inf gives NaN
/// everywhere.
#[allow(clippy::too_many_arguments)]
pub fn svd<T: Real>(
    a: &[T],
    m: usize,
    n: usize,
    full_matrices: bool,
    s: &mut [T],
    u: &mut [T],
    v: &mut [T],
) {
    let p = m.min(n);
    let (u_cols, v_cols) = if full_matrices { (m, n) } else { (p, p) };
    assert_eq!(a.len(), m * n, "svd: a is not m×n");
    assert_eq!(s.len(), p, "svd: s does not have min(m, n) entries");
    assert_eq!(u.len(), m * u_cols, "svd: u has the wrong size");
    assert_eq!(v.len(), n * v_cols, "svd: v has the wrong size");
    let decomposition = svd_f64(&widen(a), m, n, full_matrices);
    narrow_into(&decomposition.singular_values, s);
    narrow_into(&decomposition.u, u);
    narrow_into(&decomposition.v, v);
}

/// Symmetric eigendecomposition A = V diag(w) Vᵀ, reading only the lower triangle of `a` (as
/// tf.linalg.eigh). Eigenvalues ascending (TF's order); column j of v (n×n) is the unit
/// eigenvector of w[j]. Cyclic Jacobi rotations. NaN or inf in the lower triangle gives NaN
/// everywhere.
pub fn eigh<T: Real>(a: &[T], n: usize, w: &mut [T], v: &mut [T]) {
    assert_eq!(a.len(), n * n, "eigh: a is not n×n");
    assert_eq!(w.len(), n, "eigh: w does not have n entries");
    assert_eq!(v.len(), n * n, "eigh: v is not n×n");
    let (values, vectors) = eigh_f64(&widen(a), n);
    narrow_into(&values, w);
    narrow_into(&vectors, v);
}

/// Least squares X (n×k) for A (m×n), B (m×k), as tf.linalg.lstsq with its default
/// `fast=True`: for m >= n the regularized normal equations (AᵀA + l2 I) X = AᵀB by Cholesky;
/// for m < n the minimum-norm solution X = Aᵀ (AAᵀ + l2 I)⁻¹ B. Squaring A squares its
/// condition number, which is TF's trade (its `fast=False` path uses QR). When the Gram matrix
/// is not positive definite (rank-deficient A with l2 = 0) TF raises an error; here x is
/// filled with NaN.
#[allow(clippy::too_many_arguments)]
pub fn lstsq<T: Real>(
    a: &[T],
    m: usize,
    n: usize,
    b: &[T],
    k: usize,
    l2_regularizer: f64,
    x: &mut [T],
) {
    assert_eq!(a.len(), m * n, "lstsq: a is not m×n");
    assert_eq!(b.len(), m * k, "lstsq: b is not m×k");
    assert_eq!(x.len(), n * k, "lstsq: x is not n×k");
    let a = widen(a);
    let b = widen(b);
    let a_transposed = transpose_f64(&a, m, n);
    let solution = if m >= n {
        let mut gram = matmul_f64(&a_transposed, &a, n, m, n);
        add_to_diagonal(&mut gram, n, l2_regularizer);
        cholesky_f64(&gram, n)
            .map(|factor| cholesky_solve(&factor, n, matmul_f64(&a_transposed, &b, n, m, k), k))
    } else {
        let mut gram = matmul_f64(&a, &a_transposed, m, n, m);
        add_to_diagonal(&mut gram, m, l2_regularizer);
        cholesky_f64(&gram, m).map(|factor| {
            let coefficients = cholesky_solve(&factor, m, b, k);
            matmul_f64(&a_transposed, &coefficients, n, m, k)
        })
    };
    match solution {
        Ok(values) => narrow_into(&values, x),
        Err(_) => x.fill(T::from_f64(f64::NAN)),
    }
}

/// Moore–Penrose pseudo-inverse (n×m) of A (m×n) via the SVD: V diag(1/s) Uᵀ over the singular
/// values above rcond · max(s); the others count as zero. rcond defaults to
/// 10 · max(m, n) · eps of T, as tf.linalg.pinv.
pub fn pinv<T: Real>(a: &[T], m: usize, n: usize, rcond: Option<f64>, out: &mut [T]) {
    assert_eq!(a.len(), m * n, "pinv: a is not m×n");
    assert_eq!(out.len(), n * m, "pinv: out is not n×m");
    let rcond = rcond.unwrap_or(10.0 * m.max(n) as f64 * T::EPSILON);
    let p = m.min(n);
    let decomposition = svd_f64(&widen(a), m, n, false);
    let largest = decomposition
        .singular_values
        .first()
        .copied()
        .unwrap_or(0.0);
    let cutoff = rcond * largest;
    let inverse_values: Vec<f64> = decomposition
        .singular_values
        .iter()
        .map(|&value| if value > cutoff { 1.0 / value } else { 0.0 })
        .collect();
    let mut result = vec![0.0; n * m];
    for i in 0..n {
        let v_row = &decomposition.v[i * p..(i + 1) * p];
        for j in 0..m {
            let u_row = &decomposition.u[j * p..(j + 1) * p];
            result[i * m + j] = v_row
                .iter()
                .zip(&inverse_values)
                .zip(u_row)
                .map(|((v, inverse), u)| v * inverse * u)
                .sum();
        }
    }
    narrow_into(&result, out);
}

// ---- f64 implementations ----

fn widen<T: Real>(values: &[T]) -> Vec<f64> {
    values.iter().map(|&value| value.to_f64()).collect()
}

fn narrow_into<T: Real>(values: &[f64], out: &mut [T]) {
    assert_eq!(values.len(), out.len());
    for (slot, &value) in out.iter_mut().zip(values) {
        *slot = T::from_f64(value);
    }
}

fn identity(rows: usize, cols: usize) -> Vec<f64> {
    let mut matrix = vec![0.0; rows * cols];
    for i in 0..rows.min(cols) {
        matrix[i * cols + i] = 1.0;
    }
    matrix
}

fn transpose_f64(a: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut out = vec![0.0; rows * cols];
    for i in 0..rows {
        for j in 0..cols {
            out[j * rows + i] = a[i * cols + j];
        }
    }
    out
}

/// (m×k) · (k×n), plain loops: these kernels are O(n³) anyway and the matrices are small.
fn matmul_f64(a: &[f64], b: &[f64], m: usize, k: usize, n: usize) -> Vec<f64> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for l in 0..k {
            let a_il = a[i * k + l];
            for j in 0..n {
                out[i * n + j] += a_il * b[l * n + j];
            }
        }
    }
    out
}

fn add_to_diagonal(matrix: &mut [f64], n: usize, value: f64) {
    for i in 0..n {
        matrix[i * n + i] += value;
    }
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

/// Euclidean norm scaled by the largest magnitude, so squares neither overflow nor underflow.
fn norm(values: &[f64]) -> f64 {
    let scale = values
        .iter()
        .fold(0.0f64, |acc, value| acc.max(value.abs()));
    if scale == 0.0 || !scale.is_finite() {
        return scale;
    }
    let sum: f64 = values
        .iter()
        .map(|value| (value / scale) * (value / scale))
        .sum();
    scale * sum.sqrt()
}

/// Cholesky–Banachiewicz, row by row; reads only the lower triangle of `a`.
fn cholesky_f64(a: &[f64], n: usize) -> Result<Vec<f64>, usize> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let partial = dot(&l[i * n..i * n + j], &l[j * n..j * n + j]);
            let remainder = a[i * n + j] - partial;
            if i == j {
                let positive = remainder > 0.0; // false for NaN too
                if !positive {
                    return Err(i + 1);
                }
                l[i * n + i] = remainder.sqrt();
            } else {
                l[i * n + j] = remainder / l[j * n + j];
            }
        }
    }
    Ok(l)
}

/// X with (L Lᵀ) X = B, from the Cholesky factor L.
fn cholesky_solve(l: &[f64], n: usize, mut b: Vec<f64>, k: usize) -> Vec<f64> {
    triangular_solve_in_place(l, n, &mut b, k, true, false);
    triangular_solve_in_place(l, n, &mut b, k, true, true);
    b
}

/// Overwrites `x` (n×k, holding B) with op(M)⁻¹ B. op(M) is lower-triangular exactly when
/// `lower != adjoint`; its entry (i, j) is m[j][i] when `adjoint`, so only the named triangle of
/// `m` is read.
fn triangular_solve_in_place(
    m: &[f64],
    n: usize,
    x: &mut [f64],
    k: usize,
    lower: bool,
    adjoint: bool,
) {
    let entry = |i: usize, j: usize| if adjoint { m[j * n + i] } else { m[i * n + j] };
    let solve_row = |x: &mut [f64], i: usize, solved: core::ops::Range<usize>| {
        for j in solved {
            let coefficient = entry(i, j);
            for c in 0..k {
                x[i * k + c] -= coefficient * x[j * k + c];
            }
        }
        let diagonal = entry(i, i);
        for c in 0..k {
            x[i * k + c] /= diagonal;
        }
    };
    if lower != adjoint {
        for i in 0..n {
            solve_row(x, i, 0..i);
        }
    } else {
        for i in (0..n).rev() {
            solve_row(x, i, i + 1..n);
        }
    }
}

struct LuFactors {
    /// L strictly below the diagonal (unit diagonal implied), U on and above.
    packed: Vec<f64>,
    /// Row i of P A is row perm[i] of A.
    perm: Vec<usize>,
    /// Sign of P, or 0 when a pivot column was exactly zero.
    sign: i32,
}

/// Right-looking LU with partial pivoting: at each column the largest magnitude on or below
/// the diagonal becomes the pivot (first one on ties, as LAPACK's idamax).
fn lu_f64(a: &[f64], n: usize) -> LuFactors {
    let mut packed = a.to_vec();
    let mut perm: Vec<usize> = (0..n).collect();
    let mut sign = 1;
    let mut singular = false;
    for col in 0..n {
        let mut pivot_row = col;
        let mut largest = packed[col * n + col].abs();
        for row in col + 1..n {
            let magnitude = packed[row * n + col].abs();
            if magnitude > largest {
                largest = magnitude;
                pivot_row = row;
            }
        }
        if largest == 0.0 {
            singular = true;
            continue;
        }
        if pivot_row != col {
            for j in 0..n {
                packed.swap(col * n + j, pivot_row * n + j);
            }
            perm.swap(col, pivot_row);
            sign = -sign;
        }
        let pivot = packed[col * n + col];
        for row in col + 1..n {
            let factor = packed[row * n + col] / pivot;
            packed[row * n + col] = factor;
            for j in col + 1..n {
                packed[row * n + j] -= factor * packed[col * n + j];
            }
        }
    }
    LuFactors {
        packed,
        perm,
        sign: if singular { 0 } else { sign },
    }
}

/// X with A X = B from A's LU factors: permute B's rows, then L and U substitutions.
fn lu_solve(factors: &LuFactors, n: usize, b: &[f64], k: usize) -> Vec<f64> {
    let mut x = vec![0.0; n * k];
    for (i, &source) in factors.perm.iter().enumerate() {
        x[i * k..(i + 1) * k].copy_from_slice(&b[source * k..(source + 1) * k]);
    }
    let l = &factors.packed;
    for i in 0..n {
        for j in 0..i {
            let coefficient = l[i * n + j];
            for c in 0..k {
                x[i * k + c] -= coefficient * x[j * k + c];
            }
        }
    }
    triangular_solve_in_place(&factors.packed, n, &mut x, k, false, false);
    x
}

/// v = mantissa · 2^exponent with |mantissa| in [1, 2), for finite nonzero v (others are
/// returned as they are with exponent 0). Reads the IEEE bits, as C's frexp.
fn split_binary_exponent(value: f64) -> (f64, i32) {
    if value == 0.0 || !value.is_finite() {
        return (value, 0);
    }
    let (normal, offset) = if value.abs() < f64::MIN_POSITIVE {
        (value * 2f64.powi(64), -64)
    } else {
        (value, 0)
    };
    let bits = normal.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let mantissa = f64::from_bits((bits & !(0x7ffu64 << 52)) | (1023u64 << 52));
    (mantissa, biased - 1023 + offset)
}

/// value · 2^exponent in steps that stay within f64's exponent range.
fn scale_by_power_of_two(mut value: f64, mut exponent: i32) -> f64 {
    while exponent > 1000 {
        value *= 2f64.powi(1000);
        exponent -= 1000;
    }
    while exponent < -1000 {
        value *= 2f64.powi(-1000);
        exponent += 1000;
    }
    value * 2f64.powi(exponent)
}

fn product_without_overflow(values: impl Iterator<Item = f64>) -> f64 {
    let mut mantissa = 1.0;
    let mut exponent = 0i32;
    for value in values {
        let (value_mantissa, value_exponent) = split_binary_exponent(value);
        let (product_mantissa, product_exponent) = split_binary_exponent(mantissa * value_mantissa);
        mantissa = product_mantissa;
        exponent = exponent
            .saturating_add(value_exponent)
            .saturating_add(product_exponent);
    }
    scale_by_power_of_two(mantissa, exponent)
}

struct Reflectors {
    /// R on and above the diagonal; below it, reflector j's vector v (v[j] = 1 implied).
    packed: Vec<f64>,
    /// H_j = I - tau_j v vᵀ.
    taus: Vec<f64>,
}

/// Householder QR as LAPACK's geqr2/dlarfg: for column j, beta = -sign(alpha) ‖x‖ and
/// tau = (beta - alpha) / beta, except that a column already zero below the diagonal gets
/// tau = 0 (H = I, R's diagonal keeps alpha's sign).
fn householder_qr(a: &[f64], m: usize, n: usize) -> Reflectors {
    let mut packed = a.to_vec();
    let p = m.min(n);
    let mut taus = vec![0.0; p];
    let mut column = Vec::with_capacity(m);
    for j in 0..p {
        column.clear();
        column.extend((j + 1..m).map(|i| packed[i * n + j]));
        let tail_norm = norm(&column);
        if tail_norm == 0.0 {
            continue;
        }
        let alpha = packed[j * n + j];
        let length = alpha.hypot(tail_norm);
        let beta = if alpha >= 0.0 { -length } else { length };
        let tau = (beta - alpha) / beta;
        let scale = 1.0 / (alpha - beta);
        for i in j + 1..m {
            packed[i * n + j] *= scale;
        }
        packed[j * n + j] = beta;
        taus[j] = tau;
        // Apply H_j to the remaining columns.
        for c in j + 1..n {
            let mut projection = packed[j * n + c];
            for i in j + 1..m {
                projection += packed[i * n + j] * packed[i * n + c];
            }
            projection *= tau;
            packed[j * n + c] -= projection;
            for i in j + 1..m {
                packed[i * n + c] -= projection * packed[i * n + j];
            }
        }
    }
    Reflectors { packed, taus }
}

/// The first `q_cols` columns of Q = H_0 H_1 ... H_{p-1} (m×m), applied backwards to the
/// identity as LAPACK's orgqr.
fn form_q(reflectors: &Reflectors, m: usize, n: usize, q_cols: usize) -> Vec<f64> {
    let mut q = identity(m, q_cols);
    for j in (0..reflectors.taus.len()).rev() {
        let tau = reflectors.taus[j];
        if tau == 0.0 {
            continue;
        }
        let v = |i: usize| {
            if i == j {
                1.0
            } else {
                reflectors.packed[i * n + j]
            }
        };
        for c in 0..q_cols {
            let mut projection = 0.0;
            for i in j..m {
                projection += v(i) * q[i * q_cols + c];
            }
            projection *= tau;
            for i in j..m {
                q[i * q_cols + c] -= projection * v(i);
            }
        }
    }
    q
}

struct Svd {
    singular_values: Vec<f64>,
    /// m×p reduced or m×m full.
    u: Vec<f64>,
    /// n×p reduced or n×n full.
    v: Vec<f64>,
}

fn svd_f64(a: &[f64], m: usize, n: usize, full_matrices: bool) -> Svd {
    if a.iter().any(|value| !value.is_finite()) {
        // Rotations would skip NaN pairs and leave identity bases; say NaN everywhere instead.
        let p = m.min(n);
        let (u_cols, v_cols) = if full_matrices { (m, n) } else { (p, p) };
        return Svd {
            singular_values: vec![f64::NAN; p],
            u: vec![f64::NAN; m * u_cols],
            v: vec![f64::NAN; n * v_cols],
        };
    }
    // Jacobi works on the columns of a tall matrix: A itself, or Aᵀ = V S Uᵀ when m < n.
    let (tall, rows, cols) = if m >= n {
        (a.to_vec(), m, n)
    } else {
        (transpose_f64(a, m, n), n, m)
    };
    let jacobi = one_sided_jacobi(&tall, rows, cols);
    // The tall side's basis has `cols` columns; full matrices extend it to `rows`.
    let tall_side_cols = if full_matrices { rows } else { cols };
    let tall_side = columns_to_row_major(
        &complete_basis(jacobi.left_columns, rows, tall_side_cols),
        rows,
    );
    let short_side = columns_to_row_major(&jacobi.right_columns, cols);
    let (u, v) = if m >= n {
        (tall_side, short_side)
    } else {
        (short_side, tall_side)
    };
    Svd {
        singular_values: jacobi.singular_values,
        u,
        v,
    }
}

struct JacobiSvd {
    /// Descending.
    singular_values: Vec<f64>,
    /// Unit left singular vectors; `None` where the singular value is 0 (no direction).
    left_columns: Vec<Option<Vec<f64>>>,
    /// Right singular vectors (cols of them, each of length cols).
    right_columns: Vec<Vec<f64>>,
}

/// Hestenes' one-sided Jacobi on B (rows×cols, rows >= cols): rotate pairs of columns of B
/// (and of V = I) until every pair is orthogonal to sqrt(rows)·eps relative; then the column
/// norms are the singular values and the normalized columns the left vectors. B is scaled by
/// its largest magnitude first so squared norms cannot overflow.
fn one_sided_jacobi(b: &[f64], rows: usize, cols: usize) -> JacobiSvd {
    let scale = b.iter().fold(0.0f64, |acc, value| acc.max(value.abs()));
    let inverse_scale = if scale > 0.0 && scale.is_finite() {
        1.0 / scale
    } else {
        1.0
    };
    let mut work: Vec<Vec<f64>> = (0..cols)
        .map(|j| (0..rows).map(|i| b[i * cols + j] * inverse_scale).collect())
        .collect();
    let mut right: Vec<Vec<f64>> = (0..cols)
        .map(|j| (0..cols).map(|i| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let tolerance = f64::EPSILON * (rows as f64).sqrt();
    for _ in 0..MAX_JACOBI_SWEEPS {
        let mut rotated = false;
        for p in 0..cols {
            for q in p + 1..cols {
                let alpha = dot(&work[p], &work[p]);
                let beta = dot(&work[q], &work[q]);
                let gamma = dot(&work[p], &work[q]);
                let orthogonal_enough = gamma.abs() <= tolerance * alpha.sqrt() * beta.sqrt();
                if orthogonal_enough || gamma.is_nan() {
                    continue;
                }
                rotated = true;
                // tan of the angle that makes columns p and q orthogonal (the smaller root).
                let zeta = (beta - alpha) / (2.0 * gamma);
                let tangent = zeta.signum() / (zeta.abs() + zeta.hypot(1.0));
                let cosine = 1.0 / tangent.hypot(1.0);
                let sine = cosine * tangent;
                let (first, second) = work.split_at_mut(q);
                rotate_pair(&mut first[p], &mut second[0], cosine, sine);
                let (first, second) = right.split_at_mut(q);
                rotate_pair(&mut first[p], &mut second[0], cosine, sine);
            }
        }
        if !rotated {
            break;
        }
    }
    let norms: Vec<f64> = work.iter().map(|column| norm(column)).collect();
    let mut order: Vec<usize> = (0..cols).collect();
    order.sort_by(|&i, &j| norms[j].total_cmp(&norms[i]));
    JacobiSvd {
        singular_values: order.iter().map(|&j| norms[j] * scale).collect(),
        left_columns: order
            .iter()
            .map(|&j| {
                let length = norms[j];
                (length > 0.0).then(|| work[j].iter().map(|value| value / length).collect())
            })
            .collect(),
        right_columns: order.iter().map(|&j| right[j].clone()).collect(),
    }
}

/// (x, y) <- (c x - s y, s x + c y).
fn rotate_pair(x: &mut [f64], y: &mut [f64], cosine: f64, sine: f64) {
    for (a, b) in x.iter_mut().zip(y.iter_mut()) {
        let (old_a, old_b) = (*a, *b);
        *a = cosine * old_a - sine * old_b;
        *b = sine * old_a + cosine * old_b;
    }
}

/// `total` orthonormal columns of length `rows`: the given ones, with each missing one (and
/// each column past the given ones) filled by the standard basis vector least covered by the
/// columns so far, orthogonalized against them twice (Gram–Schmidt, then again for accuracy).
fn complete_basis(given: Vec<Option<Vec<f64>>>, rows: usize, total: usize) -> Vec<Vec<f64>> {
    let mut slots = given;
    slots.resize(total, None);
    let mut done: Vec<Vec<f64>> = slots.iter().flatten().cloned().collect();
    for slot in slots.iter_mut() {
        if slot.is_some() {
            continue;
        }
        // Residual of e_i after projecting out the columns so far: 1 - Σ c[i]².
        let candidate = (0..rows)
            .map(|i| (i, 1.0 - done.iter().map(|c| c[i] * c[i]).sum::<f64>()))
            .fold((0, f64::NEG_INFINITY), |best, next| {
                if next.1 > best.1 {
                    next
                } else {
                    best
                }
            })
            .0;
        let mut vector = vec![0.0; rows];
        vector[candidate] = 1.0;
        for _ in 0..2 {
            for column in &done {
                let projection = dot(column, &vector);
                for (value, c) in vector.iter_mut().zip(column) {
                    *value -= projection * c;
                }
            }
        }
        let length = norm(&vector);
        for value in vector.iter_mut() {
            *value /= length;
        }
        done.push(vector.clone());
        *slot = Some(vector);
    }
    slots.into_iter().flatten().collect()
}

fn columns_to_row_major(columns: &[Vec<f64>], rows: usize) -> Vec<f64> {
    let cols = columns.len();
    let mut out = vec![0.0; rows * cols];
    for (j, column) in columns.iter().enumerate() {
        for i in 0..rows {
            out[i * cols + j] = column[i];
        }
    }
    out
}

/// Cyclic Jacobi on the symmetric matrix built from the lower triangle: rotate away each
/// off-diagonal a_pq that is not negligible next to sqrt(|a_pp a_qq|) (relative to eps) or to
/// eps² ‖A‖, accumulating the rotations in V. Returns ascending eigenvalues and V row-major.
fn eigh_f64(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut s = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            s[i * n + j] = a[i * n + j];
            s[j * n + i] = a[i * n + j];
        }
    }
    if s.iter().any(|value| !value.is_finite()) {
        return (vec![f64::NAN; n], vec![f64::NAN; n * n]);
    }
    let mut v = identity(n, n);
    let floor = f64::EPSILON * f64::EPSILON * norm(&s);
    for _ in 0..MAX_JACOBI_SWEEPS {
        let mut rotated = false;
        for p in 0..n {
            for q in p + 1..n {
                let a_pq = s[p * n + q];
                let a_pp = s[p * n + p];
                let a_qq = s[q * n + q];
                let negligible = f64::EPSILON * (a_pp.abs().sqrt() * a_qq.abs().sqrt());
                if a_pq.abs() <= negligible.max(floor) || a_pq.is_nan() {
                    continue;
                }
                rotated = true;
                let theta = (a_qq - a_pp) / (2.0 * a_pq);
                let tangent = theta.signum() / (theta.abs() + theta.hypot(1.0));
                let cosine = 1.0 / tangent.hypot(1.0);
                let sine = cosine * tangent;
                for r in 0..n {
                    if r == p || r == q {
                        continue;
                    }
                    let (a_rp, a_rq) = (s[r * n + p], s[r * n + q]);
                    let new_rp = cosine * a_rp - sine * a_rq;
                    let new_rq = sine * a_rp + cosine * a_rq;
                    s[r * n + p] = new_rp;
                    s[p * n + r] = new_rp;
                    s[r * n + q] = new_rq;
                    s[q * n + r] = new_rq;
                }
                s[p * n + p] = a_pp - tangent * a_pq;
                s[q * n + q] = a_qq + tangent * a_pq;
                s[p * n + q] = 0.0;
                s[q * n + p] = 0.0;
                for r in 0..n {
                    let (v_rp, v_rq) = (v[r * n + p], v[r * n + q]);
                    v[r * n + p] = cosine * v_rp - sine * v_rq;
                    v[r * n + q] = sine * v_rp + cosine * v_rq;
                }
            }
        }
        if !rotated {
            break;
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| s[i * n + i].total_cmp(&s[j * n + j]));
    let values = order.iter().map(|&j| s[j * n + j]).collect();
    let mut vectors = vec![0.0; n * n];
    for (new_col, &old_col) in order.iter().enumerate() {
        for r in 0..n {
            vectors[r * n + new_col] = v[r * n + old_col];
        }
    }
    (values, vectors)
}

#[cfg(test)]
mod tests {
    use super::*;

    // NumPy 2.4.6 (LAPACK) reference values, printed by
    // `python3 -c "import numpy as np; print(repr(np.linalg.<fn>(...).ravel().tolist()))"` on
    // the matrices below and pasted at full precision.
    const A3: [f64; 9] = [4.0, -2.0, 1.0, -2.0, 5.0, 3.0, 1.0, 3.0, 6.0];
    const G: [f64; 16] = [
        2.0, 1.0, -1.0, 3.0, 0.5, -4.0, 2.0, 1.0, 1.0, 2.0, 3.0, -2.0, -3.0, 1.0, 0.5, 2.0,
    ];
    const R: [f64; 12] = [
        1.0, 2.0, 3.0, -1.0, 0.5, 2.0, 4.0, -2.0, 1.0, 0.25, 1.0, -3.0,
    ];
    /// Rank 2: column 2 = column 0 + column 1.
    const D: [f64; 12] = [1.0, 2.0, 3.0, 2.0, -1.0, 1.0, 0.0, 3.0, 3.0, -1.0, 1.0, 0.0];
    const B4: [f64; 8] = [1.0, -2.0, 0.5, 3.0, 2.0, 1.0, -1.0, 0.25];
    const B3: [f64; 6] = [1.0, 2.0, -1.0, 0.5, 3.0, -2.0];

    const CHOLESKY_A3: [f64; 9] = [2.0, 0.0, 0.0, -1.0, 2.0, 0.0, 0.5, 1.75, 1.6393596310755];
    const EIGVALSH_A3: [f64; 3] = [0.9119319636987049, 5.47375544479853, 8.614312591502765];
    const DET_G: f64 = -252.00000000000003;
    const LOG_ABS_DET_G: f64 = 5.529429087511423;
    const INV_G: [f64; 16] = [
        0.16666666666666666,
        0.02777777777777778,
        0.06944444444444445,
        -0.19444444444444442,
        0.08333333333333333,
        -0.15277777777777776,
        0.11805555555555557,
        0.06944444444444445,
        0.023809523809523815,
        0.14682539682539683,
        0.22420634920634921,
        0.11507936507936507,
        0.20238095238095238,
        0.08134920634920634,
        -0.01091269841269841,
        0.14484126984126985,
    ];
    const SOLVE_G_B4: [f64; 8] = [
        0.5138888888888888,
        -0.22916666666666666,
        0.1736111111111111,
        -0.48958333333333326,
        0.4305555555555556,
        0.6458333333333334,
        0.0763888888888889,
        -0.1354166666666667,
    ];
    const QR_R_Q: [f64; 12] = [
        -0.23529411764705888,
        -0.8812300348278611,
        -0.3586401069700958,
        0.23529411764705882,
        -0.0578388444687904,
        -0.47937875465992996,
        -0.9411764705882353,
        0.23135537787516117,
        -0.07999578789052748,
        -0.058823529411764705,
        -0.4081212845662955,
        0.7969780154891019,
    ];
    const QR_R_R: [f64; 9] = [
        -4.25,
        1.4705882352941175,
        -1.0,
        0.0,
        -2.6622115322067352,
        -1.3036485618471154,
        0.0,
        0.0,
        -4.505607664587979,
    ];
    const QR_R_FULL_Q: [f64; 16] = [
        -0.23529411764705888,
        -0.8812300348278611,
        -0.3586401069700958,
        -0.1986141424734328,
        0.23529411764705882,
        -0.0578388444687904,
        -0.47937875465992996,
        0.8434970988995174,
        -0.9411764705882353,
        0.23135537787516117,
        -0.07999578789052748,
        0.232942512777483,
        -0.058823529411764705,
        -0.4081212845662955,
        0.7969780154891019,
        0.4413647610520725,
    ];
    /// QR of Rᵀ (3×4), mode='complete'.
    const QR_RT_FULL_Q: [f64; 9] = [
        -0.2672612419124243,
        0.8728715609439698,
        0.4082482904638632,
        -0.5345224838248488,
        0.21821789023599245,
        -0.8164965809277261,
        -0.8017837257372732,
        -0.43643578047198467,
        0.408248290463863,
    ];
    const QR_RT_FULL_R: [f64; 12] = [
        -3.7416573867739413,
        -1.6035674514745466,
        -0.8017837257372724,
        1.8040133829088647,
        0.0,
        -1.6366341767699426,
        2.6186146828319092,
        1.7457431218879391,
        0.0,
        0.0,
        3.674234614174768,
        -1.9391793797033494,
    ];
    const SVALS_R: [f64; 3] = [5.059934633134326, 4.416539398075587, 2.281171026831157];
    const SVALS_D: [f64; 2] = [5.615386237354542, 2.909886149891298];
    const PINV_D: [f64; 12] = [
        0.07865168539325841,
        0.2322097378277153,
        -0.04494382022471909,
        -0.12359550561797748,
        0.03370786516853935,
        -0.1385767790262172,
        0.1235955056179775,
        0.08988764044943819,
        0.11235955056179776,
        0.09363295880149808,
        0.07865168539325842,
        -0.0337078651685393,
    ];
    /// np.linalg.lstsq(R, B4) (R has full column rank, so this is also the fast path's answer).
    const LSTSQ_R_B4: [f64; 6] = [
        0.3221461983381634,
        -0.32927694472168517,
        -0.15426702420605787,
        -0.7108139632760531,
        0.3451918567597794,
        0.13352412789649137,
    ];
    /// np.linalg.lstsq(Rᵀ, B3): the minimum-norm solution.
    const LSTSQ_RT_B3: [f64; 8] = [
        0.08444463149793746,
        0.2621902093529422,
        0.25865489832974586,
        -0.4097954570050865,
        0.3330587655271103,
        0.2850855569317347,
        -0.6320991811065287,
        0.7506884236601299,
    ];
    /// np.linalg.solve(R.T @ R + 0.5 I, R.T @ B4).
    const LSTSQ_R_B4_L2: [f64; 6] = [
        0.31712108693656477,
        -0.29708462839831606,
        -0.1481501881942532,
        -0.6509029389778495,
        0.3382355641237492,
        0.1197623637722784,
    ];

    /// Deterministic values in [-1, 1): the kernel tests' generator, halved.
    fn pseudo_random(len: usize, seed: u64) -> Vec<f64> {
        crate::kernels::tests::values::<f64>(len, seed).into_iter().map(|v| v / 2.0).collect()
    }

    /// Random n×n with a dominant diagonal, so it is well conditioned.
    fn well_conditioned(n: usize, seed: u64) -> Vec<f64> {
        let mut a = pseudo_random(n * n, seed);
        add_to_diagonal(&mut a, n, 3.0);
        a
    }

    fn random_spd(n: usize, seed: u64) -> Vec<f64> {
        let b = pseudo_random(n * n, seed);
        let mut spd = matmul_f64(&b, &transpose_f64(&b, n, n), n, n, n);
        add_to_diagonal(&mut spd, n, n as f64);
        spd
    }

    /// Largest |got - want| / max(1, |want|).
    fn max_error(got: &[f64], want: &[f64]) -> f64 {
        assert_eq!(got.len(), want.len());
        got.iter()
            .zip(want)
            .map(|(g, w)| (g - w).abs() / w.abs().max(1.0))
            .fold(0.0, f64::max)
    }

    fn assert_close(what: &str, got: &[f64], want: &[f64], tolerance: f64) {
        let error = max_error(got, want);
        assert!(
            error <= tolerance,
            "{what}: error {error:e}\n got {got:?}\nwant {want:?}"
        );
        eprintln!("{what}: max error {error:e}");
    }

    /// max |QᵀQ - I| over the columns of q (rows×cols).
    fn orthonormality_error(q: &[f64], rows: usize, cols: usize) -> f64 {
        let gram = matmul_f64(&transpose_f64(q, rows, cols), q, cols, rows, cols);
        max_error(&gram, &identity(cols, cols))
    }

    fn to_f32(values: &[f64]) -> Vec<f32> {
        values.iter().map(|&v| v as f32).collect()
    }

    fn from_f32(values: &[f32]) -> Vec<f64> {
        values.iter().map(|&v| v as f64).collect()
    }

    #[test]
    fn cholesky_matches_numpy_and_reconstructs() {
        let mut l = [0.0; 9];
        cholesky(&A3, 3, &mut l).unwrap();
        assert_close("cholesky A3", &l, &CHOLESKY_A3, 1e-15);
        let n = 9;
        let a = random_spd(n, 1);
        let mut lower_only = a.clone();
        for i in 0..n {
            for j in i + 1..n {
                lower_only[i * n + j] = f64::NAN; // the upper triangle is never read
            }
        }
        let mut l = vec![0.0; n * n];
        cholesky(&lower_only, n, &mut l).unwrap();
        for i in 0..n {
            for j in i + 1..n {
                assert_eq!(l[i * n + j], 0.0);
            }
        }
        let product = matmul_f64(&l, &transpose_f64(&l, n, n), n, n, n);
        assert_close("cholesky L Lᵀ", &product, &a, 1e-14);
    }

    #[test]
    fn cholesky_edges_and_failures() {
        cholesky::<f64>(&[], 0, &mut []).unwrap();
        let mut l = [0.0];
        cholesky(&[4.0], 1, &mut l).unwrap();
        assert_eq!(l, [2.0]);
        assert_eq!(cholesky(&[-1.0], 1, &mut l), Err(1));
        let mut l = [0.0f64; 4];
        assert_eq!(cholesky(&[1.0, 0.0, 2.0, 1.0], 2, &mut l), Err(2));
        assert!(l[0].is_nan() && l[2].is_nan() && l[3].is_nan() && l[1] == 0.0, "{l:?}");
        let mut l = [0.0; 9];
        let singular = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
        assert_eq!(cholesky(&singular, 3, &mut l), Err(2));
        assert_eq!(cholesky(&[f64::NAN], 1, &mut [0.0]), Err(1));
        // f32 through f64.
        let mut l32 = [0.0f32; 9];
        cholesky(&to_f32(&A3), 3, &mut l32).unwrap();
        assert_close("cholesky f32", &from_f32(&l32), &CHOLESKY_A3, 1e-7);
    }

    #[test]
    fn triangular_solve_all_four_forms() {
        let (n, k) = (7, 3);
        let full = well_conditioned(n, 2);
        let b = pseudo_random(n * k, 3);
        let mut worst = 0.0f64;
        for lower in [true, false] {
            for adjoint in [false, true] {
                // The triangle in use, zeros elsewhere, to form op(M) for the residual; the
                // argument carries NaN in the other triangle, which must not be read.
                let mut triangle = vec![0.0; n * n];
                let mut argument = vec![f64::NAN; n * n];
                for i in 0..n {
                    for j in 0..n {
                        if (lower && j <= i) || (!lower && j >= i) {
                            triangle[i * n + j] = full[i * n + j];
                            argument[i * n + j] = full[i * n + j];
                        }
                    }
                }
                let mut x = vec![0.0; n * k];
                triangular_solve(&argument, n, &b, k, lower, adjoint, &mut x);
                let op = if adjoint {
                    transpose_f64(&triangle, n, n)
                } else {
                    triangle
                };
                let residual = matmul_f64(&op, &x, n, n, k);
                worst = worst.max(max_error(&residual, &b));
            }
        }
        eprintln!("triangular_solve residual: {worst:e}");
        assert!(worst < 1e-14);
        triangular_solve::<f64>(&[], 0, &[], 2, true, false, &mut []);
        triangular_solve(&[2.0], 1, &[], 0, true, false, &mut []);
        let mut x = [0.0f64; 2];
        triangular_solve(
            &[0.0, 0.0, 1.0, 1.0],
            2,
            &[1.0, 1.0],
            1,
            true,
            false,
            &mut x,
        );
        assert!(x.iter().all(|v| !v.is_finite()));
        let mut x32 = [0.0f32; 2];
        triangular_solve(
            &[2.0f32, 0.0, 1.0, 4.0],
            2,
            &[2.0, 9.0],
            1,
            true,
            false,
            &mut x32,
        );
        assert_eq!(x32, [1.0, 2.0]);
    }

    /// P A and L U for packed factors.
    fn permuted_and_product(
        a: &[f64],
        packed: &[f64],
        perm: &[usize],
        n: usize,
    ) -> (Vec<f64>, Vec<f64>) {
        let mut l = identity(n, n);
        let mut u = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                if j < i {
                    l[i * n + j] = packed[i * n + j];
                } else {
                    u[i * n + j] = packed[i * n + j];
                }
            }
        }
        let mut permuted = vec![0.0; n * n];
        for i in 0..n {
            permuted[i * n..(i + 1) * n].copy_from_slice(&a[perm[i] * n..(perm[i] + 1) * n]);
        }
        (permuted, matmul_f64(&l, &u, n, n, n))
    }

    #[test]
    fn lu_reconstructs_the_permuted_matrix() {
        for (a, n) in [(G.to_vec(), 4), (pseudo_random(64, 4), 8)] {
            let mut packed = vec![0.0; n * n];
            let mut perm = vec![0; n];
            let sign = lu(&a, n, &mut packed, &mut perm);
            let (permuted, product) = permuted_and_product(&a, &packed, &perm, n);
            assert_close("lu P A = L U", &product, &permuted, 1e-15);
            let (det_sign, _) = slogdet(&a, n);
            let diagonal_sign: f64 = (0..n).map(|i| packed[i * n + i].signum()).product();
            assert_eq!(sign as f64 * diagonal_sign, det_sign);
        }
        let mut packed = [0.0; 4];
        let mut perm = [0; 2];
        assert_eq!(lu(&[0.0, 1.0, 1.0, 0.0], 2, &mut packed, &mut perm), -1);
        assert_eq!(perm, [1, 0]);
        assert_eq!(lu(&[1.0, 2.0, 2.0, 4.0], 2, &mut packed, &mut perm), 0);
        assert_eq!(packed[3], 0.0);
        assert_eq!(lu(&[0.0, 1.0, 0.0, 1.0], 2, &mut packed, &mut perm), 0);
        assert_eq!(lu::<f64>(&[], 0, &mut [], &mut []), 1);
        let mut one = [0.0f32];
        let mut perm = [7];
        assert_eq!(lu(&[-3.0f32], 1, &mut one, &mut perm), 1);
        assert_eq!((one, perm), ([-3.0], [0]));
    }

    #[test]
    fn solve_and_inv_match_numpy_and_each_other() {
        let mut x = [0.0; 8];
        solve(&G, 4, &B4, 2, &mut x).unwrap();
        assert_close("solve G", &x, &SOLVE_G_B4, 1e-15);
        let mut inverse = [0.0; 16];
        inv(&G, 4, &mut inverse).unwrap();
        assert_close("inv G", &inverse, &INV_G, 1e-15);

        let n = 10;
        let a = well_conditioned(n, 5);
        let b = pseudo_random(n * 3, 6);
        let mut inverse = vec![0.0; n * n];
        inv(&a, n, &mut inverse).unwrap();
        assert_close(
            "inv A · A",
            &matmul_f64(&inverse, &a, n, n, n),
            &identity(n, n),
            1e-14,
        );
        let mut x = vec![0.0; n * 3];
        solve(&a, n, &b, 3, &mut x).unwrap();
        assert_close(
            "solve vs inv",
            &x,
            &matmul_f64(&inverse, &b, n, n, 3),
            1e-14,
        );

        let singular = [1.0, 2.0, 2.0, 4.0];
        assert_eq!(solve(&singular, 2, &[1.0, 1.0], 1, &mut [0.0; 2]), Err(()));
        assert_eq!(inv(&singular, 2, &mut [0.0; 4]), Err(()));
        solve::<f64>(&[], 0, &[], 3, &mut []).unwrap();
        inv::<f64>(&[], 0, &mut []).unwrap();
        let mut one = [0.0];
        inv(&[4.0], 1, &mut one).unwrap();
        assert_eq!(one, [0.25]);
        let mut inverse32 = [0.0f32; 16];
        inv(&to_f32(&G), 4, &mut inverse32).unwrap();
        assert_close("inv f32", &from_f32(&inverse32), &INV_G, 1e-7);
    }

    #[test]
    fn slogdet_and_det() {
        assert!((det(&G, 4) - DET_G).abs() < 1e-13);
        let (sign, log_abs) = slogdet(&G, 4);
        assert_eq!(sign, -1.0);
        assert!((log_abs - LOG_ABS_DET_G).abs() < 1e-15);
        assert_eq!(slogdet(&[1.0, 2.0, 2.0, 4.0], 2), (0.0, f64::NEG_INFINITY));
        assert_eq!(det(&[1.0, 2.0, 2.0, 4.0], 2), 0.0);
        assert_eq!(slogdet::<f64>(&[], 0), (1.0, 0.0));
        assert_eq!(det::<f64>(&[], 0), 1.0);
        assert_eq!(det(&[-2.5], 1), -2.5);
        // Pivots 1e200, 1e200, 1e-200 (after a row swap): no intermediate overflow.
        let scaled: [f64; 9] = [0.0, 1e200, 0.0, 1e200, 0.0, 0.0, 0.0, 0.0, 1e-200];
        assert!(((det(&scaled, 3) + 1e200) / 1e200).abs() < 1e-15);
        let (sign, log_abs) = slogdet(&scaled, 3);
        assert_eq!(sign, -1.0);
        assert!((log_abs - 200.0 * 10f64.ln()).abs() < 1e-13);
        let huge = [1e200, 0.0, 0.0, 1e200];
        assert_eq!(det(&huge, 2), f64::INFINITY);
        assert!((slogdet(&huge, 2).1 - 400.0 * 10f64.ln()).abs() < 1e-12);
        let tiny = [1e-300, 0.0, 0.0, 1e-300];
        assert_eq!(det(&tiny, 2), 0.0);
        assert_eq!(det(&[3e-160, 0.0, 0.0, 1e-160], 2), 3e-320);
        let g32 = to_f32(&G);
        assert!((det(&g32, 4) as f64 - DET_G).abs() < 1e-4);
        assert_eq!(slogdet(&g32, 4).0, -1.0f32);
    }

    fn check_qr(a: &[f64], m: usize, n: usize, full: bool) -> (Vec<f64>, Vec<f64>) {
        let p = m.min(n);
        let (q_cols, r_rows) = if full { (m, m) } else { (p, p) };
        let mut q = vec![0.0; m * q_cols];
        let mut r = vec![0.0; r_rows * n];
        qr(a, m, n, full, &mut q, &mut r);
        assert!(
            orthonormality_error(&q, m, q_cols) < 1e-15,
            "{m}×{n} Q not orthonormal"
        );
        for i in 0..r_rows {
            for j in 0..i.min(n) {
                assert_eq!(r[i * n + j], 0.0);
            }
        }
        let product = matmul_f64(&q, &r, m, q_cols, n);
        let error = max_error(&product, a);
        assert!(error < 1e-14, "{m}×{n} full={full}: Q R off by {error:e}");
        (q, r)
    }

    #[test]
    fn qr_matches_numpy() {
        let (q, r) = check_qr(&R, 4, 3, false);
        assert_close("qr R: q", &q, &QR_R_Q, 1e-15);
        assert_close("qr R: r", &r, &QR_R_R, 1e-15);
        let (q, r) = check_qr(&R, 4, 3, true);
        assert_close("qr R full: q", &q, &QR_R_FULL_Q, 1e-15);
        assert_close("qr R full: r", &r[..9], &QR_R_R, 1e-15);
        assert_eq!(&r[9..], &[0.0; 3]);
        let rt = transpose_f64(&R, 4, 3);
        let (q, r) = check_qr(&rt, 3, 4, true);
        assert_close("qr Rᵀ full: q", &q, &QR_RT_FULL_Q, 1e-15);
        assert_close("qr Rᵀ full: r", &r, &QR_RT_FULL_R, 1e-15);
    }

    #[test]
    fn qr_shapes_and_edges() {
        for (m, n) in [(6, 3), (3, 6), (5, 5), (1, 4), (4, 1), (1, 1)] {
            let a = pseudo_random(m * n, (m * 10 + n) as u64);
            check_qr(&a, m, n, false);
            check_qr(&a, m, n, true);
        }
        // Rank-deficient and zero columns still give an orthonormal Q.
        check_qr(&D, 4, 3, true);
        check_qr(&[0.0; 6], 3, 2, true);
        let mut q = [0.0];
        let mut r = [0.0];
        qr(&[-2.0], 1, 1, false, &mut q, &mut r);
        assert_eq!((q, r), ([1.0], [-2.0]));
        // Zero sizes: the reduced factors are empty, the full q is the identity.
        qr::<f64>(&[], 0, 3, false, &mut [], &mut []);
        qr::<f64>(&[], 3, 0, false, &mut [], &mut []);
        let mut q = [5.0; 9];
        qr::<f64>(&[], 3, 0, true, &mut q, &mut []);
        assert_eq!(q.to_vec(), identity(3, 3));
        let mut r = [5.0; 3];
        qr::<f64>(&[], 0, 3, true, &mut [], &mut []);
        qr(&[0.0f64; 3], 1, 3, true, &mut [0.0], &mut r);
        assert_eq!(r, [0.0; 3]);
        // f32.
        let mut q32 = [0.0f32; 12];
        let mut r32 = [0.0f32; 9];
        qr(&to_f32(&R), 4, 3, false, &mut q32, &mut r32);
        assert_close("qr f32: q", &from_f32(&q32), &QR_R_Q, 1e-7);
        assert_close("qr f32: r", &from_f32(&r32), &QR_R_R, 1e-6);
    }

    /// Runs svd and checks order, orthonormality and A = U S Vᵀ; returns s, u, v.
    fn check_svd(a: &[f64], m: usize, n: usize, full: bool) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let p = m.min(n);
        let (u_cols, v_cols) = if full { (m, n) } else { (p, p) };
        let mut s = vec![0.0; p];
        let mut u = vec![0.0; m * u_cols];
        let mut v = vec![0.0; n * v_cols];
        svd(a, m, n, full, &mut s, &mut u, &mut v);
        assert!(s.windows(2).all(|w| w[0] >= w[1]) && s.iter().all(|&x| x >= 0.0));
        let u_error = orthonormality_error(&u, m, u_cols);
        let v_error = orthonormality_error(&v, n, v_cols);
        assert!(
            u_error < 1e-14 && v_error < 1e-14,
            "{m}×{n}: {u_error:e} {v_error:e}"
        );
        let mut reconstructed = vec![0.0; m * n];
        for i in 0..m {
            for j in 0..n {
                reconstructed[i * n + j] = (0..p)
                    .map(|l| u[i * u_cols + l] * s[l] * v[j * v_cols + l])
                    .sum();
            }
        }
        let scale = s.first().copied().unwrap_or(1.0).max(1.0);
        let error = max_error(&reconstructed, a) / scale;
        assert!(
            error < 1e-14,
            "{m}×{n} full={full}: U S Vᵀ off by {error:e}"
        );
        (s, u, v)
    }

    #[test]
    fn svd_matches_numpy_and_reconstructs() {
        let (s, _, _) = check_svd(&R, 4, 3, false);
        assert_close("svd R", &s, &SVALS_R, 1e-15);
        let (s, _, _) = check_svd(&transpose_f64(&R, 4, 3), 3, 4, true);
        assert_close("svd Rᵀ", &s, &SVALS_R, 1e-15);
        let (s, u, _) = check_svd(&D, 4, 3, true);
        assert_close("svd D (rank 2)", &s[..2], &SVALS_D, 1e-15);
        assert!(s[2] < 1e-15 * s[0]);
        assert!(orthonormality_error(&u, 4, 4) < 1e-15);
        for (m, n) in [(7, 4), (4, 7), (6, 6), (1, 5), (5, 1), (1, 1)] {
            let a = pseudo_random(m * n, (m * 100 + n) as u64);
            check_svd(&a, m, n, false);
            check_svd(&a, m, n, true);
        }
    }

    #[test]
    fn svd_edges() {
        let (s, u, v) = check_svd(&[-3.0], 1, 1, false);
        assert_eq!(s, [3.0]);
        assert_eq!(u[0] * v[0], -1.0);
        // All zeros: zero singular values, bases still orthonormal.
        let (s, _, _) = check_svd(&[0.0; 6], 3, 2, true);
        assert_eq!(s, [0.0, 0.0]);
        check_svd(&[0.0; 6], 2, 3, false);
        // Exactly repeated singular values and a rank-1 matrix.
        check_svd(&identity(4, 4), 4, 4, true);
        check_svd(&[1.0, 2.0, 2.0, 4.0, 3.0, 6.0], 3, 2, true);
        // Badly scaled entries neither overflow nor underflow.
        let (s, _, _) = check_svd(&[3e200, 0.0, 0.0, 4e200], 2, 2, false);
        assert_eq!(s, [4e200, 3e200]);
        let (s, _, _) = check_svd(&[3e-200, 0.0, 0.0, 4e-200], 2, 2, false);
        assert_eq!(s, [4e-200, 3e-200]);
        // Zero sizes: the full bases are identities.
        let mut v = [9.0; 9];
        svd::<f64>(&[], 0, 3, true, &mut [], &mut [], &mut v);
        assert_eq!(v.to_vec(), identity(3, 3));
        let mut u = [9.0; 4];
        svd::<f64>(&[], 2, 0, true, &mut [], &mut u, &mut []);
        assert_eq!(u.to_vec(), identity(2, 2));
        svd::<f64>(&[], 0, 0, false, &mut [], &mut [], &mut []);
        let mut s = [0.0; 2];
        let mut u = [0.0; 4];
        let mut v = [0.0; 4];
        svd(
            &[1.0, f64::NAN, 0.0, 1.0],
            2,
            2,
            false,
            &mut s,
            &mut u,
            &mut v,
        );
        assert!(s.iter().chain(&u).chain(&v).all(|x| x.is_nan()));
        let mut p = [0.0; 4];
        pinv(&[1.0, f64::INFINITY, 0.0, 1.0], 2, 2, None, &mut p);
        assert!(p.iter().all(|x| x.is_nan()));
        // f32.
        let mut s32 = [0.0f32; 3];
        svd(
            &to_f32(&R),
            4,
            3,
            false,
            &mut s32,
            &mut [0.0f32; 12],
            &mut [0.0f32; 9],
        );
        assert_close("svd f32", &from_f32(&s32), &SVALS_R, 1e-6);
    }

    fn check_eigh(a: &[f64], n: usize) -> (Vec<f64>, Vec<f64>) {
        let mut w = vec![0.0; n];
        let mut v = vec![0.0; n * n];
        eigh(a, n, &mut w, &mut v);
        assert!(
            w.windows(2).all(|pair| pair[0] <= pair[1]),
            "not ascending: {w:?}"
        );
        assert!(orthonormality_error(&v, n, n) < 1e-14);
        // A V = V diag(w), with A symmetrized from its lower triangle.
        let mut symmetric = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..=i {
                symmetric[i * n + j] = a[i * n + j];
                symmetric[j * n + i] = a[i * n + j];
            }
        }
        let left = matmul_f64(&symmetric, &v, n, n, n);
        let mut right = v.clone();
        for i in 0..n {
            for j in 0..n {
                right[i * n + j] *= w[j];
            }
        }
        let scale = w.iter().fold(1.0f64, |acc, x| acc.max(x.abs()));
        let error = max_error(&left, &right) / scale;
        assert!(error < 1e-14, "A V = V W off by {error:e}");
        (w, v)
    }

    #[test]
    fn eigh_matches_numpy_and_reconstructs() {
        let (w, _) = check_eigh(&A3, 3);
        // NumPy's values and these are both within eps·‖A‖ of the exact eigenvalues (mpmath:
        // 0.911931963698706, 5.473755444798529, 8.614312591502765).
        assert_close("eigh A3", &w, &EIGVALSH_A3, 1e-14);
        for n in [2, 5, 9, 16] {
            let random = pseudo_random(n * n, n as u64);
            let symmetric = matmul_f64(&random, &transpose_f64(&random, n, n), n, n, n);
            let mut indefinite = random.clone();
            for i in 0..n {
                for j in 0..i {
                    indefinite[j * n + i] = f64::NAN; // upper triangle never read
                }
            }
            check_eigh(&symmetric, n);
            check_eigh(&indefinite, n);
        }
    }

    #[test]
    fn larger_and_graded_matrices() {
        for (m, n) in [(48, 32), (32, 48), (40, 40)] {
            check_svd(&pseudo_random(m * n, 99), m, n, true);
            check_qr(&pseudo_random(m * n, 98), m, n, true);
        }
        check_eigh(&pseudo_random(40 * 40, 97), 40);
        // Rows scaled from 1 down to 1e-10: one-sided Jacobi keeps the small singular values
        // to high relative accuracy, so the reconstruction holds row by row.
        let n = 6;
        let mut graded = pseudo_random(n * n, 96);
        for i in 0..n {
            for j in 0..n {
                graded[i * n + j] *= 10f64.powi(-2 * i as i32);
            }
        }
        check_svd(&graded, n, n, false);
    }

    #[test]
    fn eigh_edges() {
        eigh::<f64>(&[], 0, &mut [], &mut []);
        let (w, v) = check_eigh(&[-2.0], 1);
        assert_eq!((w, v), (vec![-2.0], vec![1.0]));
        let (w, v) = check_eigh(&identity(3, 3), 3);
        assert_eq!((w, v), (vec![1.0; 3], identity(3, 3)));
        let (w, _) = check_eigh(&[0.0, 0.0, 1.0, 0.0], 2);
        assert_eq!(w, [-1.0, 1.0]);
        let (w, _) = check_eigh(&[0.0; 9], 3);
        let mut w_nan = [0.0; 2];
        let mut v_nan = [0.0; 4];
        eigh(&[1.0, 0.0, f64::NAN, 1.0], 2, &mut w_nan, &mut v_nan);
        assert!(w_nan.iter().chain(&v_nan).all(|x| x.is_nan()));
        assert_eq!(w, [0.0; 3]);
        let (w, _) = check_eigh(&[3.0, 0.0, 0.0, 0.0, -1.0, 0.0, 0.0, 0.0, 0.0], 3);
        assert_eq!(w, [-1.0, 0.0, 3.0]);
        let mut w32 = [0.0f32; 3];
        let mut v32 = [0.0f32; 9];
        eigh(&to_f32(&A3), 3, &mut w32, &mut v32);
        assert_close("eigh f32", &from_f32(&w32), &EIGVALSH_A3, 1e-6);
    }

    #[test]
    fn lstsq_follows_tf_fast_path() {
        let mut x = [0.0; 6];
        lstsq(&R, 4, 3, &B4, 2, 0.0, &mut x);
        assert_close("lstsq R (m > n)", &x, &LSTSQ_R_B4, 1e-14);
        lstsq(&R, 4, 3, &B4, 2, 0.5, &mut x);
        assert_close("lstsq R, l2 = 0.5", &x, &LSTSQ_R_B4_L2, 1e-14);
        let mut x = [0.0; 8];
        lstsq(&transpose_f64(&R, 4, 3), 3, 4, &B3, 2, 0.0, &mut x);
        assert_close("lstsq Rᵀ (m < n, minimum norm)", &x, &LSTSQ_RT_B3, 1e-14);
        // Square and well conditioned: the same as solve.
        let n = 6;
        let a = well_conditioned(n, 7);
        let b = pseudo_random(n * 2, 8);
        let mut from_lstsq = vec![0.0; n * 2];
        let mut from_solve = vec![0.0; n * 2];
        lstsq(&a, n, n, &b, 2, 0.0, &mut from_lstsq);
        solve(&a, n, &b, 2, &mut from_solve).unwrap();
        assert_close("lstsq vs solve", &from_lstsq, &from_solve, 1e-13);
        // Rank-deficient without regularization: NaN (TF raises); with it, finite.
        let mut x = [0.0; 6];
        lstsq(&D, 4, 3, &B4, 2, 0.0, &mut x);
        assert!(x.iter().all(|v| v.is_nan()));
        lstsq(&D, 4, 3, &B4, 2, 1e-3, &mut x);
        assert!(x.iter().all(|v| v.is_finite()));
        // Zero sizes: an empty system has the zero minimum-norm solution.
        let mut x = [7.0; 6];
        lstsq::<f64>(&[], 0, 3, &[], 2, 0.0, &mut x);
        assert_eq!(x, [0.0; 6]);
        lstsq::<f64>(&[], 3, 0, &[1.0; 3], 1, 0.0, &mut []);
        let mut x32 = [0.0f32; 6];
        lstsq(&to_f32(&R), 4, 3, &to_f32(&B4), 2, 0.0, &mut x32);
        assert_close("lstsq f32", &from_f32(&x32), &LSTSQ_R_B4, 1e-6);
    }

    #[test]
    fn pinv_matches_numpy_and_penrose_conditions() {
        let mut p = [0.0; 12];
        pinv(&D, 4, 3, None, &mut p);
        assert_close("pinv D (rank 2)", &p, &PINV_D, 1e-15);
        for (m, n) in [(5, 3), (3, 5), (4, 4)] {
            let a = pseudo_random(m * n, (m + 7 * n) as u64);
            let mut p = vec![0.0; n * m];
            pinv(&a, m, n, None, &mut p);
            // A P A = A and P A P = P.
            let apa = matmul_f64(&matmul_f64(&a, &p, m, n, m), &a, m, m, n);
            let pap = matmul_f64(&matmul_f64(&p, &a, n, m, n), &p, n, n, m);
            assert!(max_error(&apa, &a) < 1e-13 && max_error(&pap, &p) < 1e-13);
        }
        // The default cutoff is 10 · max(m, n) · eps of the dtype.
        let nearly_singular = [1.0, 0.0, 0.0, 1e-7];
        let mut p = [0.0; 4];
        pinv(&nearly_singular, 2, 2, None, &mut p);
        assert_eq!(p, [1.0, 0.0, 0.0, 1e7]);
        let mut p32 = [0.0f32; 4];
        pinv(&to_f32(&nearly_singular), 2, 2, None, &mut p32);
        assert_eq!(p32, [1.0, 0.0, 0.0, 0.0]);
        pinv(&[4.0, 0.0, 0.0, 1.0], 2, 2, Some(0.5), &mut p);
        assert_eq!(p, [0.25, 0.0, 0.0, 0.0]);
        pinv(&[0.0; 4], 2, 2, None, &mut p);
        assert_eq!(p, [0.0; 4]);
        pinv::<f64>(&[], 0, 3, None, &mut []);
        let mut one = [0.0];
        pinv(&[-4.0], 1, 1, None, &mut one);
        assert_eq!(one, [-0.25]);
    }
}
