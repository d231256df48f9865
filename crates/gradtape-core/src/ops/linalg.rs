//! Dense linear algebra on batches of matrices `[..., m, n]`: Cholesky, triangular and general
//! solves, inverse, slogdet, QR, SVD and eigh. The kernels (`kernels::linalg`) take one row-major
//! matrix at a time and compute in f64; here they are looped over the batch dims.
//!
//! Decompositions with several results pack them into one output (see the op table's doc
//! comments); the gradient rules unpack the upstream gradient the same way. The rules are
//! TensorFlow's (tensorflow/python/ops/linalg_grad.py), written with recorded ops, so second
//! derivatives work.

use super::matmul::batch_offsets;
use super::{HasMeta, Meta};
use crate::dtype::{try_filled, try_with_capacity, DType, Typed};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::kernels::linalg as kernel;
use crate::kernels::Element;
use crate::op::Op;
use crate::shape::{broadcast_shapes, shape_text, size_of};
use crate::tensor::Tensor;

/// Runs `$body` with `$T` the float element type of `$dtype` (the table admits only floats).
macro_rules! with_float {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            DType::F32 => {
                type $T = f32;
                $body
            }
            DType::F64 => {
                type $T = f64;
                $body
            }
            DType::I32 | DType::Bool => fail!(Internal, "linear algebra kernels run on float32 and float64 only"),
        }
    };
}

// ---- shapes -------------------------------------------------------------------------------------

/// (rows, cols) of the matrices of `x` (`what` names the operand in errors).
fn matrix_dims<M: HasMeta>(op: &str, what: &str, x: &M) -> Result<(usize, usize)> {
    let shape = x.shape();
    if shape.len() < 2 {
        fail!(
            ShapeMismatch,
            "{op}: {what} must have rank >= 2 (a matrix, or a batch of matrices [..., M, N]), got shape {}.",
            shape_text(shape)
        );
    }
    Ok((shape[shape.len() - 2], shape[shape.len() - 1]))
}

/// n for square matrices `[..., n, n]`.
fn square_dim<M: HasMeta>(op: &str, what: &str, x: &M) -> Result<usize> {
    let (m, n) = matrix_dims(op, what, x)?;
    if m != n {
        fail!(
            ShapeMismatch,
            "{op}: {what} must be square ([..., N, N]), got shape {} ({m}×{n} matrices).",
            shape_text(x.shape())
        );
    }
    Ok(n)
}

fn batch_of(shape: &[usize]) -> &[usize] {
    &shape[..shape.len() - 2]
}

fn with_tail(batch: &[usize], tail: &[usize]) -> Vec<usize> {
    batch.iter().chain(tail).copied().collect()
}

/// cholesky, inv: the input's shape, square.
pub fn square_shape<M: HasMeta>(op: &str, x: &M) -> Result<Vec<usize>> {
    square_dim(op, "the input", x)?;
    Ok(x.shape().to_vec())
}

/// The right-hand side of `op(M) X = B`: `[..., n, k]` with n the matrix order.
fn rhs_dims<M: HasMeta>(op: &str, matrix: &M, rhs: &M) -> Result<(usize, usize)> {
    let n = square_dim(op, "matrix", matrix)?;
    let (rows, k) = matrix_dims(op, "rhs", rhs)?;
    if rows != n {
        fail!(
            ShapeMismatch,
            "{op}: matrix has shape {} but rhs has shape {}: rhs needs {n} rows (one per equation). \
             For a single right-hand side vector v, pass tf.reshape(v, [-1, 1]).",
            shape_text(matrix.shape()),
            shape_text(rhs.shape())
        );
    }
    Ok((n, k))
}

/// triangularSolve: batch dims broadcast, as in TensorFlow.
pub fn triangular_solve_shape<M: HasMeta>(matrix: &M, rhs: &M) -> Result<Vec<usize>> {
    let op = "triangularSolve";
    let (n, k) = rhs_dims(op, matrix, rhs)?;
    let batch = broadcast_shapes(op, batch_of(matrix.shape()), batch_of(rhs.shape()))?;
    Ok(with_tail(&batch, &[n, k]))
}

/// solve: batch dims must be equal, as TensorFlow's MatrixSolve requires.
pub fn solve_shape<M: HasMeta>(matrix: &M, rhs: &M) -> Result<Vec<usize>> {
    let op = "solve";
    rhs_dims(op, matrix, rhs)?;
    if batch_of(matrix.shape()) != batch_of(rhs.shape()) {
        fail!(
            ShapeMismatch,
            "{op}: matrix has shape {} and rhs has shape {}: their batch dimensions (all but the last two) must be \
             equal. Broadcast one of them first with tf.broadcastTo.",
            shape_text(matrix.shape()),
            shape_text(rhs.shape())
        );
    }
    Ok(rhs.shape().to_vec())
}

/// slogdet: `[..., 2]` (sign, ln|det|).
pub fn slogdet_shape<M: HasMeta>(x: &M) -> Result<Vec<usize>> {
    square_dim("slogdet", "the input", x)?;
    Ok(with_tail(batch_of(x.shape()), &[2]))
}

/// lu: `[..., n, n + 1]` (the factors, then the permutation as a column).
pub fn lu_shape<M: HasMeta>(x: &M) -> Result<Vec<usize>> {
    let n = square_dim("lu", "the input", x)?;
    Ok(with_tail(batch_of(x.shape()), &[n, n + 1]))
}

/// (q columns = r rows) of a QR of an m×n matrix.
fn qr_k(m: usize, n: usize, full_matrices: bool) -> usize {
    if full_matrices {
        m
    } else {
        m.min(n)
    }
}

/// qr: `[..., m·k + k·n]`.
pub fn qr_shape<M: HasMeta>(x: &M, full_matrices: bool) -> Result<Vec<usize>> {
    let (m, n) = matrix_dims("qr", "the input", x)?;
    let k = qr_k(m, n, full_matrices);
    Ok(with_tail(batch_of(x.shape()), &[m * k + k * n]))
}

/// (columns of U, columns of V) of an SVD of an m×n matrix.
fn svd_cols(m: usize, n: usize, full_matrices: bool) -> (usize, usize) {
    if full_matrices {
        (m, n)
    } else {
        (m.min(n), m.min(n))
    }
}

/// svd: `[..., p + m·u + n·v]`, or `[..., p]` without U and V.
pub fn svd_shape<M: HasMeta>(x: &M, full_matrices: bool, compute_uv: bool) -> Result<Vec<usize>> {
    let (m, n) = matrix_dims("svd", "the input", x)?;
    let (u, v) = svd_cols(m, n, full_matrices);
    let len = if compute_uv { m.min(n) + m * u + n * v } else { m.min(n) };
    Ok(with_tail(batch_of(x.shape()), &[len]))
}

/// eigh: `[..., n + 1, n]`.
pub fn eigh_shape<M: HasMeta>(x: &M) -> Result<Vec<usize>> {
    let n = square_dim("eigh", "the input", x)?;
    Ok(with_tail(batch_of(x.shape()), &[n + 1, n]))
}

// ---- kernels over the batch ---------------------------------------------------------------------

/// Calls `f(b, input matrix b, output block b)` for each batch entry: the input is read in blocks of
/// `in_size`, the output (of `out`'s size, zeros first) written in blocks of `out_size`.
fn per_matrix<T: Typed>(
    x: &Tensor,
    in_size: usize,
    out: &Meta,
    out_size: usize,
    mut f: impl FnMut(usize, &[T], &mut [T]) -> Result<()>,
) -> Result<Tensor> {
    let data = T::slice(&x.buf).expect("dtype checked by infer");
    let mut result = try_filled(size_of(&out.shape), T::ZERO)?;
    for b in 0..size_of(batch_of(&x.shape)) {
        f(b, &data[b * in_size..(b + 1) * in_size], &mut result[b * out_size..(b + 1) * out_size])?;
    }
    Ok(Tensor::new(out.shape.clone(), T::wrap(result)))
}

/// "matrix 3 of the batch (input shape (4, 3, 3))" or "the matrix", for errors.
fn which_matrix(b: usize, shape: &[usize]) -> String {
    if shape.len() > 2 {
        format!("matrix {b} of the batch (input shape {})", shape_text(shape))
    } else {
        "the matrix".to_string()
    }
}

fn not_invertible(op: &str, b: usize, shape: &[usize]) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!("{op}: Input matrix is not invertible: {} is singular.", which_matrix(b, shape)),
    )
}

/// A matrix that is not positive definite gives NaN on and below the diagonal, as TensorFlow's CPU
/// kernel does ("so the failure can be detected at runtime"), not an error.
pub fn cholesky_forward(a: &Tensor, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    with_float!(a.dtype(), T => per_matrix::<T>(a, n * n, &out, n * n, |_, src, dst| {
        // (The kernel has written the NaN factor when it reports the failing minor.)
        let _ = kernel::cholesky(src, n, dst);
        Ok(())
    }))
}

pub fn triangular_solve_forward(m: &Tensor, rhs: &Tensor, lower: bool, adjoint: bool, out: Meta) -> Result<Tensor> {
    let n = m.shape[m.rank() - 1];
    let k = rhs.shape[rhs.rank() - 1];
    let batch = batch_of(&out.shape);
    let m_off = batch_offsets(batch, batch_of(&m.shape), n * n)?;
    let b_off = batch_offsets(batch, batch_of(&rhs.shape), n * k)?;
    with_float!(m.dtype(), T => {
        let (mv, bv) = (T::slice(&m.buf).expect("dtype checked"), T::slice(&rhs.buf).expect("dtype checked"));
        let mut x = try_filled(size_of(&out.shape), T::ZERO)?;
        for (i, (&mo, &bo)) in m_off.iter().zip(&b_off).enumerate() {
            let dst = &mut x[i * n * k..(i + 1) * n * k];
            kernel::triangular_solve(&mv[mo..mo + n * n], n, &bv[bo..bo + n * k], k, lower, adjoint, dst);
        }
        Ok(Tensor::new(out.shape, T::wrap(x)))
    })
}

pub fn solve_forward(a: &Tensor, rhs: &Tensor, adjoint: bool, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    let k = rhs.shape[rhs.rank() - 1];
    let a = if adjoint { transposed_matrices(a)? } else { a.clone() };
    with_float!(a.dtype(), T => {
        let bv = T::slice(&rhs.buf).expect("dtype checked");
        per_matrix::<T>(&a, n * n, &out, n * k, |b, src, dst| {
            kernel::solve(src, n, &bv[b * n * k..(b + 1) * n * k], k, dst).map_err(|()| not_invertible("solve", b, &a.shape))
        })
    })
}

pub fn inverse_forward(a: &Tensor, adjoint: bool, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    let a = if adjoint { transposed_matrices(a)? } else { a.clone() };
    with_float!(a.dtype(), T => per_matrix::<T>(&a, n * n, &out, n * n, |b, src, dst| {
        kernel::inv(src, n, dst).map_err(|()| not_invertible("inv", b, &a.shape))
    }))
}

/// Each matrix of `a` transposed (for the adjoint forms of solve and inv).
fn transposed_matrices(a: &Tensor) -> Result<Tensor> {
    let rank = a.rank();
    let mut perm: Vec<usize> = (0..rank).collect();
    perm.swap(rank - 2, rank - 1);
    let shape = perm.iter().map(|&p| a.shape[p]).collect();
    super::movement::transpose_forward(a, &perm, Meta { shape, dtype: a.dtype() })
}

pub fn slogdet_forward(a: &Tensor, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    with_float!(a.dtype(), T => per_matrix::<T>(a, n * n, &out, 2, |_, src, dst| {
        let (sign, log_abs) = kernel::slogdet(src, n);
        dst.copy_from_slice(&[sign, log_abs]);
        Ok(())
    }))
}

pub fn lu_forward(a: &Tensor, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    with_float!(a.dtype(), T => {
        let mut factors = try_filled(n * n, T::ZERO)?;
        let mut perm = vec![0usize; n];
        per_matrix::<T>(a, n * n, &out, n * (n + 1), |b, src, dst| {
            kernel::lu(src, n, &mut factors, &mut perm);
            // TensorFlow's kernel checks the pivots in the input's dtype after factoring: an
            // exactly zero one (a zero column, or an f32 pivot that underflowed) is an error.
            if (0..n).any(|i| factors[i * n + i] == T::ZERO) {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("lu: Input is not invertible: {} has an exactly zero pivot.", which_matrix(b, &a.shape)),
                ));
            }
            for i in 0..n {
                dst[i * (n + 1)..i * (n + 1) + n].copy_from_slice(&factors[i * n..(i + 1) * n]);
                dst[i * (n + 1) + n] = T::from_f64(perm[i] as f64);
            }
            Ok(())
        })
    })
}

pub fn qr_forward(a: &Tensor, full_matrices: bool, out: Meta) -> Result<Tensor> {
    let (m, n) = (a.shape[a.rank() - 2], a.shape[a.rank() - 1]);
    let k = qr_k(m, n, full_matrices);
    with_float!(a.dtype(), T => per_matrix::<T>(a, m * n, &out, m * k + k * n, |_, src, dst| {
        let (q, r) = dst.split_at_mut(m * k);
        kernel::qr(src, m, n, full_matrices, q, r);
        Ok(())
    }))
}

pub fn svd_forward(a: &Tensor, full_matrices: bool, compute_uv: bool, out: Meta) -> Result<Tensor> {
    let (m, n) = (a.shape[a.rank() - 2], a.shape[a.rank() - 1]);
    let p = m.min(n);
    let (uc, vc) = svd_cols(m, n, full_matrices);
    let out_size = out.shape[out.shape.len() - 1];
    with_float!(a.dtype(), T => {
        // Without U and V the kernel still needs somewhere to put them.
        let (mut u_scratch, mut v_scratch) = if compute_uv {
            (Vec::new(), Vec::new())
        } else {
            (try_filled(m * uc, T::ZERO)?, try_filled(n * vc, T::ZERO)?)
        };
        per_matrix::<T>(a, m * n, &out, out_size, |_, src, dst| {
            let (s, rest) = dst.split_at_mut(p);
            let (u, v) = if compute_uv { rest.split_at_mut(m * uc) } else { (&mut u_scratch[..], &mut v_scratch[..]) };
            kernel::svd(src, m, n, full_matrices, s, u, v);
            Ok(())
        })
    })
}

pub fn eigh_forward(a: &Tensor, out: Meta) -> Result<Tensor> {
    let n = a.shape[a.rank() - 1];
    with_float!(a.dtype(), T => per_matrix::<T>(a, n * n, &out, (n + 1) * n, |_, src, dst| {
        let (w, v) = dst.split_at_mut(n);
        kernel::eigh(src, n, w, v);
        Ok(())
    }))
}

// ---- helpers for the gradient rules -------------------------------------------------------------

/// Each matrix transposed (TensorFlow's `_linalg.adjoint` for real dtypes).
fn mt(e: &mut Engine, x: &Tensor) -> Result<Tensor> {
    let rank = x.rank();
    let mut perm: Vec<usize> = (0..rank).collect();
    perm.swap(rank - 2, rank - 1);
    e.transpose(x, &perm)
}

/// A constant rows×cols matrix of `dtype` with entries `f(i, j)` (masks that broadcast over batches).
fn constant_matrix(dtype: DType, rows: usize, cols: usize, f: impl Fn(usize, usize) -> f64) -> Result<Tensor> {
    let mut values = try_with_capacity(rows * cols)?;
    for i in 0..rows {
        for j in 0..cols {
            values.push(f(i, j));
        }
    }
    let buf = crate::with_dtype!(dtype, T => T::wrap(values.iter().map(|&v| T::from_f64(v)).collect()));
    Ok(Tensor::new(vec![rows, cols], buf))
}

fn identity(dtype: DType, n: usize) -> Result<Tensor> {
    constant_matrix(dtype, n, n, |i, j| (i == j) as u8 as f64)
}

/// 1 on and below the diagonal (`band_part(x, -1, 0)` as a mask), or on and above it.
fn triangle_mask(dtype: DType, n: usize, lower: bool) -> Result<Tensor> {
    constant_matrix(dtype, n, n, |i, j| if lower { (i >= j) as u8 as f64 } else { (i <= j) as u8 as f64 })
}

/// 1 below the diagonal, ½ on it: `set_diag(band_part(x, -1, 0), ½ diag_part(x))` as a mask.
fn lower_half_diagonal_mask(dtype: DType, n: usize) -> Result<Tensor> {
    constant_matrix(dtype, n, n, |i, j| if i > j { 1.0 } else if i == j { 0.5 } else { 0.0 })
}

/// diag(v) for v `[..., n]`: `[..., n, n]`, as v `[..., 1, n]` times the identity.
fn diag(e: &mut Engine, v: &Tensor) -> Result<Tensor> {
    let n = v.shape[v.rank() - 1];
    let mut shape = v.shape.to_vec();
    shape.insert(shape.len() - 1, 1);
    let row = e.reshape(v, &shape)?;
    let eye = identity(v.dtype(), n)?;
    e.mul(&row, &eye)
}

/// Zero diagonal, the rest kept: `set_diag(x, 0)` for square x.
fn without_diagonal(e: &mut Engine, x: &Tensor) -> Result<Tensor> {
    let n = x.shape[x.rank() - 1];
    let mask = constant_matrix(x.dtype(), n, n, |i, j| (i != j) as u8 as f64)?;
    e.mul(x, &mask)
}

/// TensorFlow's `_SafeReciprocal`: x / (x² + 1e-20), finite where x = 0 (degenerate spectra).
fn safe_reciprocal(e: &mut Engine, x: &Tensor) -> Result<Tensor> {
    let squared = e.mul(x, x)?;
    let shifted = e.add_scalar(&squared, 1e-20)?;
    e.div(x, &shifted)
}

/// The rows×cols matrices packed at `start` of the last axis of `packed`.
fn unpack(e: &mut Engine, packed: &Tensor, start: usize, rows: usize, cols: usize) -> Result<Tensor> {
    let last = packed.rank() - 1;
    let piece = e.slice(packed, last, start, rows * cols)?;
    e.reshape(&piece, &with_tail(&packed.shape[..last], &[rows, cols]))
}

/// Columns [start, start + len) of each matrix.
fn columns(e: &mut Engine, x: &Tensor, start: usize, len: usize) -> Result<Tensor> {
    e.slice(x, x.rank() - 1, start, len)
}

/// Solves op(M) X = B with the triangular-solve primitive.
fn triangular_solve(e: &mut Engine, m: &Tensor, b: &Tensor, lower: bool, adjoint: bool) -> Result<Tensor> {
    e.apply(Op::TriangularSolve { lower, adjoint }, &[m, b])
}

// ---- gradient rules -----------------------------------------------------------------------------

/// The rules index the upstream gradient by the output's layout: one of another shape (only a
/// corrupt imported tape can give one) is an error, not an out-of-bounds index.
fn check_upstream(op: &str, g: &Tensor, output: &Tensor) -> Result<()> {
    if g.shape != output.shape {
        fail!(
            Internal,
            "gradient of {op}: the upstream gradient has shape {} but the output has shape {}.",
            shape_text(&g.shape),
            shape_text(&output.shape)
        );
    }
    Ok(())
}

/// Murray's rule (TensorFlow's `_CholeskyGrad`): with Φ taking the lower triangle and halving the
/// diagonal, dA = ½ (S + Sᵀ) with S = L⁻ᵀ Φ(Lᵀ g) L⁻¹ (A is symmetric, so the gradient is too).
pub fn cholesky_vjp(e: &mut Engine, l: &Tensor, g: &Tensor) -> Result<Tensor> {
    check_upstream("cholesky", g, l)?;
    let n = l.shape[l.rank() - 1];
    let eye = identity(l.dtype(), n)?;
    let l_inverse = triangular_solve(e, l, &eye, true, false)?;
    let middle = e.matmul(l, g, true, false)?;
    let phi = lower_half_diagonal_mask(l.dtype(), n)?;
    let middle = e.mul(&middle, &phi)?;
    let left = e.matmul(&l_inverse, &middle, true, false)?;
    let s = e.matmul(&left, &l_inverse, false, false)?;
    let st = mt(e, &s)?;
    let sum = e.add(&s, &st)?;
    e.mul_scalar(&sum, 0.5)
}

/// C = op(M)⁻¹ B (triangular or general): dB = op(M)⁻ᵀ g, and dM = -dB Cᵀ (or -C dBᵀ when
/// op(M) = Mᵀ), kept to M's triangle for a triangular solve (the other one is never read).
/// Broadcast batch dims are summed back by the engine. `triangle` is `Some(lower)` for a
/// triangular solve.
pub fn solve_vjp(
    e: &mut Engine,
    triangle: Option<bool>,
    adjoint: bool,
    m: &Tensor,
    c: &Tensor,
    g: &Tensor,
    needs: &[bool],
) -> Result<Vec<Option<Tensor>>> {
    check_upstream(if triangle.is_some() { "triangularSolve" } else { "solve" }, g, c)?;
    let grad_b = match triangle {
        Some(lower) => triangular_solve(e, m, g, lower, !adjoint)?,
        None => e.apply(Op::MatrixSolve { adjoint: !adjoint }, &[m, g])?,
    };
    let grad_m = if needs[0] {
        let product = if adjoint { e.matmul(c, &grad_b, false, true)? } else { e.matmul(&grad_b, c, false, true)? };
        let negated = e.neg(&product)?;
        Some(match triangle {
            Some(lower) => {
                let mask = triangle_mask(m.dtype(), m.shape[m.rank() - 1], lower)?;
                e.mul(&negated, &mask)?
            }
            None => negated,
        })
    } else {
        None
    };
    Ok(vec![grad_m, needs[1].then_some(grad_b)])
}

/// Y = op(A)⁻¹: dA = -Yᵀ g Yᵀ, or -Y gᵀ Y when op(A) = Aᵀ.
pub fn inverse_vjp(e: &mut Engine, y: &Tensor, adjoint: bool, g: &Tensor) -> Result<Tensor> {
    check_upstream("inv", g, y)?;
    let inner = e.matmul(g, y, adjoint, !adjoint)?;
    let product = e.matmul(y, &inner, !adjoint, false)?;
    e.neg(&product)
}

/// d ln|det A| / dA = A⁻ᵀ, times the upstream gradient of ln|det A| (`[..., 1]` of the packed
/// output); the sign is piecewise constant and has none.
pub fn slogdet_vjp(e: &mut Engine, a: &Tensor, out: &Tensor, g: &Tensor) -> Result<Tensor> {
    check_upstream("slogdet", g, out)?;
    let last = g.rank() - 1;
    let g_log = e.slice(g, last, 1, 1)?;
    let multipliers = e.reshape(&g_log, &with_tail(&g.shape[..last], &[1, 1]))?;
    let inverse_transposed = e.apply(Op::MatrixInverse { adjoint: true }, &[a])?;
    e.mul(&multipliers, &inverse_transposed)
}

/// TensorFlow's `_SelfAdjointEigV2Grad`: dA = V (diag(g_w) + F ∘ (Vᵀ g_V)) Vᵀ with
/// F_ij = 1/(w_j - w_i) off the diagonal (0 on it), then symmetrized onto the lower triangle,
/// the only one the forward op reads.
pub fn eigh_vjp(e: &mut Engine, out: &Tensor, g: &Tensor) -> Result<Tensor> {
    check_upstream("eigh", g, out)?;
    let n = out.shape[out.rank() - 1];
    let rows = out.rank() - 2;
    let w_row = e.slice(out, rows, 0, 1)?; // [..., 1, n]
    let v = e.slice(out, rows, 1, n)?;
    let g_w = e.slice(g, rows, 0, 1)?;
    let g_v = e.slice(g, rows, 1, n)?;
    let w_col = e.reshape(&w_row, &with_tail(&out.shape[..rows], &[n, 1]))?;
    let gaps = e.sub(&w_row, &w_col)?; // (i, j) = w_j - w_i
    let reciprocal = safe_reciprocal(e, &gaps)?;
    let f = without_diagonal(e, &reciprocal)?;
    let vt_gv = e.matmul(&v, &g_v, true, false)?;
    let coupling = e.mul(&f, &vt_gv)?;
    let eye = identity(out.dtype(), n)?;
    let diagonal = e.mul(&g_w, &eye)?; // diag(g_w)
    let middle = e.add(&diagonal, &coupling)?;
    let right = e.matmul(&middle, &v, false, true)?;
    let grad = e.matmul(&v, &right, false, false)?;
    let grad_t = mt(e, &grad)?;
    let sym = e.add(&grad, &grad_t)?;
    let mask = lower_half_diagonal_mask(out.dtype(), n)?;
    e.mul(&sym, &mask)
}

/// TensorFlow's `_LuGrad` for square A. With P A = L U, a change dA gives
/// L⁻¹ P dA U⁻¹ = L⁻¹ dL + dU U⁻¹ =: X, strictly lower plus upper, so dL = L ⌊X⌋₋₁ and
/// dU = ⌈X⌉ U. Pairing with the upstream gradients G_L (strictly lower part of g) and G_U (upper
/// part): P gA = L⁻ᵀ (⌊Lᵀ G⌋₋₁ + ⌈G Uᵀ⌉) U⁻ᵀ, where the triangle masks alone pick out the
/// right parts of G (Lᵀ is unit upper and Uᵀ lower). The permutation column gets no gradient
/// (it is piecewise constant); gA = Pᵀ (P gA), with P the one-hot matrix of p.
pub fn lu_vjp(e: &mut Engine, out: &Tensor, g: &Tensor) -> Result<Tensor> {
    check_upstream("lu", g, out)?;
    let n = out.shape[out.rank() - 2];
    let dtype = out.dtype();
    let packed = columns(e, out, 0, n)?;
    let g_factors = columns(e, g, 0, n)?;
    let strictly_lower = constant_matrix(dtype, n, n, |i, j| (i > j) as u8 as f64)?;
    let upper = triangle_mask(dtype, n, false)?;
    let below = e.mul(&packed, &strictly_lower)?;
    let l = e.add(&below, &identity(dtype, n)?)?;
    let lt_g = e.matmul(&l, &g_factors, true, false)?;
    let lower_part = e.mul(&lt_g, &strictly_lower)?;
    let u = e.mul(&packed, &upper)?;
    let g_ut = e.matmul(&g_factors, &u, false, true)?;
    let upper_part = e.mul(&g_ut, &upper)?;
    let middle = e.add(&lower_part, &upper_part)?;
    let left = triangular_solve(e, &l, &middle, true, true)?;
    let permuted = times_inverse_transpose(e, &left, &u)?;
    let perm_column = columns(e, out, n, 1)?;
    let perm_values = e.reshape(&perm_column, &out.shape[..out.rank() - 1])?;
    let perm = e.cast(&perm_values, DType::I32)?;
    let rows = perm.rank();
    let p = e.apply(Op::OneHot { depth: n, on_value: 1.0, off_value: 0.0, axis: rows, dtype }, &[&perm])?;
    e.matmul(&p, &permuted, true, false)
}

/// TensorFlow's `_QrGrad` (arXiv:2009.10071). For m >= n with reduced factors directly; for
/// m < n by splitting A = [X Y], R = [U V] and reducing to the square case. Not defined (as in
/// TensorFlow) for m > n with full matrices, where Q has columns A does not determine.
pub fn qr_vjp(e: &mut Engine, a: &Tensor, out: &Tensor, full_matrices: bool, g: &Tensor) -> Result<Tensor> {
    check_upstream("qr", g, out)?;
    let (m, n) = (a.shape[a.rank() - 2], a.shape[a.rank() - 1]);
    if m > n && full_matrices {
        fail!(
            InvalidArgument,
            "qr: the gradient is not implemented when nrows > ncols and fullMatrices is true (as in TensorFlow); the \
             input has shape {}. Use fullMatrices=false.",
            shape_text(&a.shape)
        );
    }
    let k = qr_k(m, n, full_matrices);
    let q = unpack(e, out, 0, m, k)?;
    let r = unpack(e, out, m * k, k, n)?;
    let dq = unpack(e, g, 0, m, k)?;
    let dr = unpack(e, g, m * k, k, n)?;
    if m >= n {
        return qr_square_and_deep(e, &q, &r, &dq, &dr);
    }
    let y = columns(e, a, m, n - m)?;
    let u = columns(e, &r, 0, m)?;
    let dv = columns(e, &dr, m, n - m)?;
    let du = columns(e, &dr, 0, m)?;
    let dy = e.matmul(&q, &dv, false, false)?;
    let y_dvt = e.matmul(&y, &dv, false, true)?;
    let dq_total = e.add(&dq, &y_dvt)?;
    let dx = qr_square_and_deep(e, &q, &u, &dq_total, &du)?;
    e.concat(&[&dx, &dy], a.rank() - 1)
}

/// The m >= n case with square R: with ⌊·⌋ the lower triangle,
/// dA = Q (dR + ⌊QᵀdQ - dQᵀQ + R dRᵀ - dR Rᵀ⌋ R⁻ᵀ) + (dQ - Q QᵀdQ) R⁻ᵀ.
fn qr_square_and_deep(e: &mut Engine, q: &Tensor, r: &Tensor, dq: &Tensor, dr: &Tensor) -> Result<Tensor> {
    let n = r.shape[r.rank() - 1];
    let qdq = e.matmul(q, dq, true, false)?;
    let qdq_t = mt(e, &qdq)?;
    let qdq_skew = e.sub(&qdq, &qdq_t)?;
    let rdr = e.matmul(r, dr, false, true)?;
    let rdr_t = mt(e, &rdr)?;
    let rdr_skew = e.sub(&rdr, &rdr_t)?;
    let sum = e.add(&qdq_skew, &rdr_skew)?;
    let lower = triangle_mask(r.dtype(), n, true)?;
    let tril = e.mul(&sum, &lower)?;
    let solved = times_inverse_transpose(e, &tril, r)?;
    let inner = e.add(dr, &solved)?;
    let grad_a = e.matmul(q, &inner, false, false)?;
    let q_qdq = e.matmul(q, &qdq, false, false)?;
    let residual = e.sub(dq, &q_qdq)?;
    let grad_b = times_inverse_transpose(e, &residual, r)?;
    e.add(&grad_a, &grad_b)
}

/// X R⁻ᵀ for upper-triangular R, as (R⁻¹ Xᵀ)ᵀ (TensorFlow's `_TriangularSolve` in `_QrGrad`).
fn times_inverse_transpose(e: &mut Engine, x: &Tensor, r: &Tensor) -> Result<Tensor> {
    let xt = mt(e, x)?;
    let solved = triangular_solve(e, r, &xt, false, false)?;
    mt(e, &solved)
}

/// TensorFlow's `_SvdGrad`. Without U and V: dA = U diag(g_s) Vᵀ from a fresh reduced SVD.
/// With them, the gradient of Aᵀ is formed when m > n (so m <= n below) and transposed back; as
/// in TensorFlow it is not defined for full matrices with |m - n| > 1.
pub fn svd_vjp(
    e: &mut Engine,
    a: &Tensor,
    out: &Tensor,
    full_matrices: bool,
    compute_uv: bool,
    g: &Tensor,
) -> Result<Tensor> {
    check_upstream("svd", g, out)?;
    let (m0, n0) = (a.shape[a.rank() - 2], a.shape[a.rank() - 1]);
    let p = m0.min(n0);
    let last = out.rank() - 1;
    let g_s = e.slice(g, last, 0, p)?;
    let g_s_mat = diag(e, &g_s)?;
    if !compute_uv {
        let full = e.apply(Op::Svd { full_matrices: false, compute_uv: true }, &[a])?;
        let u = unpack(e, &full, p, m0, p)?;
        let v = unpack(e, &full, p + m0 * p, n0, p)?;
        let right = e.matmul(&g_s_mat, &v, false, true)?;
        return e.matmul(&u, &right, false, false);
    }
    let (uc, vc) = svd_cols(m0, n0, full_matrices);
    let s = e.slice(out, last, 0, p)?;
    let mut u = unpack(e, out, p, m0, uc)?;
    let mut v = unpack(e, out, p + m0 * uc, n0, vc)?;
    let mut g_u = unpack(e, g, p, m0, uc)?;
    let mut g_v = unpack(e, g, p + m0 * uc, n0, vc)?;
    let (mut m, mut n) = (m0, n0);
    let use_adjoint = m > n;
    if use_adjoint {
        // A = U S Vᵀ gives Aᵀ = V S Uᵀ.
        (m, n) = (n, m);
        std::mem::swap(&mut u, &mut v);
        std::mem::swap(&mut g_u, &mut g_v);
    }
    if full_matrices && n - m > 1 {
        fail!(
            InvalidArgument,
            "svd: the gradient is not implemented for |m - n| > 1 when fullMatrices is true (as in TensorFlow); the \
             input has shape {}. Use fullMatrices=false.",
            shape_text(&a.shape)
        );
    }
    let s_mat = diag(e, &s)?;
    let s2 = e.mul(&s, &s)?;
    let s2_row = e.reshape(&s2, &with_tail(&s.shape[..last], &[1, p]))?;
    let s2_col = e.reshape(&s2, &with_tail(&s.shape[..last], &[p, 1]))?;
    let gaps = e.sub(&s2_row, &s2_col)?; // (i, j) = s_j² - s_i²
    let reciprocal = safe_reciprocal(e, &gaps)?;
    let f = without_diagonal(e, &reciprocal)?;
    let s_inverse = safe_reciprocal(e, &s)?;
    let s_inv_mat = diag(e, &s_inverse)?;

    let v1 = columns(e, &v, 0, m)?;
    let g_v1 = columns(e, &g_v, 0, m)?;
    let u_gu = e.matmul(&u, &g_u, true, false)?;
    let v_gv = e.matmul(&v1, &g_v1, true, false)?;
    let f_u = e.mul(&f, &u_gu)?;
    let f_v = e.mul(&f, &v_gv)?;
    let f_u_t = mt(e, &f_u)?;
    let f_u_sym = e.add(&f_u, &f_u_t)?;
    let f_v_t = mt(e, &f_v)?;
    let f_v_sym = e.add(&f_v, &f_v_t)?;
    let left = e.matmul(&f_u_sym, &s_mat, false, false)?;
    let right = e.matmul(&s_mat, &f_v_sym, false, false)?;
    let sum = e.add(&g_s_mat, &left)?;
    let term1_nouv = e.add(&sum, &right)?;
    let inner = e.matmul(&term1_nouv, &v1, false, true)?;
    let mut grad = e.matmul(&u, &inner, false, false)?;
    if m != n {
        let gv1t = mt(e, &g_v1)?;
        let gv1t_v1 = e.matmul(&gv1t, &v1, false, false)?;
        let projected = e.matmul(&gv1t_v1, &v1, false, true)?;
        let mut term2_nous = e.sub(&gv1t, &projected)?;
        if full_matrices {
            let v2 = columns(e, &v, m, n - m)?;
            let g_v2 = columns(e, &g_v, m, n - m)?;
            let v1t_gv2 = e.matmul(&v1, &g_v2, true, false)?;
            let correction = e.matmul(&v1t_gv2, &v2, false, true)?;
            term2_nous = e.sub(&term2_nous, &correction)?;
        }
        let u_s_inv = e.matmul(&u, &s_inv_mat, false, false)?;
        let term2 = e.matmul(&u_s_inv, &term2_nous, false, false)?;
        grad = e.add(&grad, &term2)?;
    }
    if use_adjoint {
        grad = mt(e, &grad)?;
    }
    Ok(grad)
}
