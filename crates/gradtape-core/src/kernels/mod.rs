//! Numeric kernels: every loop over tensor data in gradtape lives here.
//!
//! - `element.rs`: the `Element` dtypes (f32, f64, i32, bool as u8) and their scalar `Arith`.
//! - `simd.rs`: the `Simd` trait; its scalar twin and the wasm simd128 lanes.
//! - `elementwise.rs`: binary ops with broadcasting, unary ops, cast, fill.
//! - `transcendental.rs`: exp, ln, tanh, sigmoid as polynomial lane functions over `Simd`.
//! - `reduce.rs`: sum over axes. `gemm.rs`: matrix product (`fma.rs`: its relaxed-SIMD
//!   micro-kernels, from a second wasm module where the engine has relaxed SIMD). `movement.rs`: transpose.
//! - `along.rs`: folds over rows (max, min, prod, all, any), argmax, cumulative sums and
//!   products, softmax, and `select` (where).
//! - `philox.rs`: Philox4x32-10 and TensorFlow's uniform, normal and truncated normal draws on it.
//! - `gather.rs`: copies at index tables and index lists (strided slices, reverse, tile, pad,
//!   gather and scatter of slices) and one-hot encoding.
//! - `special.rs`: erf, erfc, lgamma, digamma, trigamma, Bessel I0/I1, incomplete gamma, zeta,
//!   polygamma, nextafter (scalar f64).
//! - `cephes/`: TensorFlow's Cephes ports with float32 forms of their own: the Bessel functions
//!   J, Y, K of `tf.math.special`, Dawson's, the exponential and the Fresnel integrals, Spence's.
//! - `linalg.rs`: Cholesky, triangular solve, LU, solve, inverse, determinants, QR, SVD, eigh,
//!   least squares and pseudo-inverse on one row-major matrix (computed in f64).
//!
//! The elementwise kernels' scalar and lane forms are declared in the op table (`crate::op`).
//!
//! Kernels are written once, generic over `S: Simd`, and instantiated twice: with `T::Lanes`
//! (simd128 in a wasm build with `+simd128`, the scalar twin elsewhere) by the functions below,
//! and with `ScalarTwin<T>` by `scalar_oracle`, which SIMD tests compare against.
//! The kernels take flat row-major slices; the op layer checks shapes and dtypes before calling,
//! and the kernels assert lengths so a caller bug panics instead of reading out of bounds.

mod element;
mod elementwise;
pub mod fma;
pub mod parallel;
pub mod philox;
mod gather;
mod gemm;
mod movement;
mod reduce;
mod along;
mod window;
pub mod cephes;
pub mod linalg;
pub mod special;
pub mod simd;
#[cfg(test)]
mod tests;
pub mod transcendental;
#[cfg(test)]
mod transcendental_tests;

pub use element::{Arith, Element};
pub use elementwise::{
    map_by_precision, map_lanes, map_scalar, map_to_bool, map_transcendental, transcendental_f64, zip_lanes, zip_scalar, BinaryRun, Operand,
    Transcendental,
};
pub use crate::op::{BinaryKind, CompareKind, UnaryKind};
use core::mem::MaybeUninit;

/// out[i] = a[..] op b[..] with NumPy broadcasting, for any binary family (arithmetic writes
/// the operands' type, comparisons bool bytes). Shapes are right-aligned and may differ in rank;
/// every dim pair is equal or one of them is 1. out_shape is the broadcast shape.
/// For i32: Div truncates toward zero (x / 0 = 0), Pow is an integer power, Add/Sub/Mul wrap.
pub fn binary<T: Element, K: BinaryRun<T::Lanes>>(
    kind: K,
    a: &[T],
    a_shape: &[usize],
    b: &[T],
    b_shape: &[usize],
    out: &mut [K::Out],
    out_shape: &[usize],
) {
    elementwise::binary::<T::Lanes, K>(kind, a, a_shape, b, b_shape, as_out(out), out_shape)
}

/// `binary` into memory not yet initialized (a new tensor's buffer); it writes every element.
#[allow(clippy::too_many_arguments)]
pub fn binary_into<T: Element, K: BinaryRun<T::Lanes>>(
    kind: K,
    a: &[T],
    a_shape: &[usize],
    b: &[T],
    b_shape: &[usize],
    out: &mut [MaybeUninit<K::Out>],
    out_shape: &[usize],
) {
    elementwise::binary::<T::Lanes, K>(kind, a, a_shape, b, b_shape, out, out_shape)
}

/// An operand of `binary_flat`: as long as the output, or one value for all.
#[derive(Clone, Copy)]
pub enum Flat<'a, T> {
    Whole(&'a [T]),
    One(T),
}

/// out[i] = a[i] op b[i] for operands as long as `out` or of one value: `binary_into`'s runs
/// without its broadcast plan and thread team (a fused chain's chunk, 128 rows), so the same bits.
pub fn binary_flat<T: Element, K: BinaryRun<T::Lanes>>(kind: K, a: Flat<'_, T>, b: Flat<'_, T>, out: &mut [MaybeUninit<K::Out>]) {
    use elementwise::Splat;
    match (a, b) {
        (Flat::Whole(a), Flat::Whole(b)) => kind.run(a, b, out),
        (Flat::Whole(a), Flat::One(b)) => kind.run(a, Splat::new(b), out),
        (Flat::One(a), Flat::Whole(b)) => kind.run(Splat::new(a), b, out),
        (Flat::One(a), Flat::One(b)) => kind.run(Splat::new(a), Splat::new(b), out),
    }
}

/// out[i] = op(x[i]), by the op table's lane form or scalar form.
pub fn unary<T: Element>(kind: UnaryKind, x: &[T], out: &mut [T]) {
    elementwise::unary::<T::Lanes>(kind, x, as_out(out))
}

/// `unary` into memory not yet initialized (a new tensor's buffer); it writes every element.
pub fn unary_into<T: Element>(kind: UnaryKind, x: &[T], out: &mut [MaybeUninit<T>]) {
    elementwise::unary::<T::Lanes>(kind, x, out)
}

/// An initialized slice as the write-only output of a kernel that may start from uninitialized
/// memory. Private: the kernels of this module only ever store initialized values through it.
fn as_out<T>(out: &mut [T]) -> &mut [MaybeUninit<T>] {
    // Safety: MaybeUninit<T> has T's layout, and the kernels never write an uninitialized value.
    unsafe { &mut *(out as *mut [T] as *mut [MaybeUninit<T>]) }
}

/// out[i] = tanh(x[i]) (`transcendental::tanh`).
pub fn tanh<T: Element>(x: &[T], out: &mut [T]) {
    elementwise::map_transcendental::<T::Lanes>(Transcendental::Tanh, x, as_out(out))
}

/// out[i] = 1 / (1 + e^-x[i]) without overflow (`transcendental::sigmoid`).
pub fn sigmoid<T: Element>(x: &[T], out: &mut [T]) {
    elementwise::map_transcendental::<T::Lanes>(Transcendental::Sigmoid, x, as_out(out))
}

pub use along::{argreduce, argsort, cumulative, reduce_rows, select};
pub use gather::{gather, gather_add, one_hot, put, put_slices, take, take_slices, GatherDims};
pub use window::{patches, patches_add_back, Windows};

/// max (or min) of each contiguous row of `n` values, in lanes; NaN when a row has a NaN.
pub fn extreme_rows<T: Element>(x: &[T], n: usize, out: &mut [T], max: bool) {
    along::extreme_rows::<T::Lanes>(x, n, out, max)
}

/// argmax (argmin) of each contiguous row of `n` values: the first index of the extreme (of the
/// first NaN, if any).
pub fn arg_rows<T: Element>(x: &[T], n: usize, out: &mut [i32], max: bool) {
    along::arg_rows::<T::Lanes>(x, n, out, max)
}

/// softmax (log softmax) of each contiguous row of `n` values, in lanes.
pub fn softmax_rows<T: Element>(x: &[T], n: usize, out: &mut [T], log: bool) {
    along::softmax_rows::<T::Lanes>(x, n, as_out(out), log)
}

/// `softmax_rows` into memory not yet initialized; it writes every element.
pub fn softmax_rows_into<T: Element>(x: &[T], n: usize, out: &mut [MaybeUninit<T>], log: bool) {
    along::softmax_rows::<T::Lanes>(x, n, out, log)
}

/// softmax (log softmax) along the middle axis of `[outer, n, inner]`, in lanes.
pub fn softmax_lanes<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [T], log: bool) {
    along::softmax_lanes::<T::Lanes>(x, outer, n, inner, as_out(out), log)
}

/// `softmax_lanes` into memory not yet initialized; it writes every element.
pub fn softmax_lanes_into<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [MaybeUninit<T>], log: bool) {
    along::softmax_lanes::<T::Lanes>(x, outer, n, inner, out, log)
}

/// The same row kernels on the scalar twin (the oracle the lanes are tested against).
pub mod rows_oracle {
    use super::{along, simd::ScalarTwin, Element};
    pub fn extreme_rows<T: Element>(x: &[T], n: usize, out: &mut [T], max: bool) {
        along::extreme_rows::<ScalarTwin<T>>(x, n, out, max)
    }
    pub fn arg_rows<T: Element>(x: &[T], n: usize, out: &mut [i32], max: bool) {
        along::arg_rows::<ScalarTwin<T>>(x, n, out, max)
    }
    pub fn softmax_rows<T: Element>(x: &[T], n: usize, out: &mut [T], log: bool) {
        along::softmax_rows::<ScalarTwin<T>>(x, n, super::as_out(out), log)
    }
    pub fn softmax_lanes<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [T], log: bool) {
        along::softmax_lanes::<ScalarTwin<T>>(x, outer, n, inner, super::as_out(out), log)
    }
}

/// Sum over `axes` (sorted, unique, each < shape.len()); out holds the kept dims in order.
/// Empty `axes` copies; all axes gives one value. Pairwise summation keeps f32 accurate.
pub fn reduce_sum<T: Element>(x: &[T], shape: &[usize], axes: &[usize], out: &mut [T]) {
    reduce::reduce_sum::<T::Lanes>(x, shape, axes, out)
}

/// out (m×n, row-major) = op(a) · op(b). op(a) is m×k: a is stored m×k, or k×m when trans_a;
/// op(b) is k×n: b is stored k×n, or n×k when trans_b. out is overwritten (zeros when k = 0).
#[allow(clippy::too_many_arguments)]
pub fn matmul<T: Element>(
    a: &[T],
    b: &[T],
    out: &mut [T],
    m: usize,
    k: usize,
    n: usize,
    trans_a: bool,
    trans_b: bool,
) {
    gemm::matmul::<T::Lanes>(a, b, as_out(out), m, k, n, trans_a, trans_b)
}

/// `matmul` into memory that may be uninitialized: every element of `out` is written.
#[allow(clippy::too_many_arguments)]
pub fn matmul_uninit<T: Element>(
    a: &[T],
    b: &[T],
    out: &mut [MaybeUninit<T>],
    m: usize,
    k: usize,
    n: usize,
    trans_a: bool,
    trans_b: bool,
) {
    gemm::matmul::<T::Lanes>(a, b, out, m, k, n, trans_a, trans_b)
}

/// y = a x for a row-major (y.len())×cols matrix a and x (cols), on this thread; rows taken from a
/// multiple of four give `matmul(a, x)`'s bits for them (`gemm::row_dots`).
pub fn row_dots<T: Element>(a: &[T], cols: usize, x: &[T], y: &mut [MaybeUninit<T>]) {
    gemm::row_dots::<T::Lanes>(a, cols, x, y)
}

/// y (cols) += aᵀ x for a row-major rows×cols matrix a (cols >= 2) and x (rows), row by row in
/// order (or in groups of [`COLUMN_GROUP`] rows, counted from a's first). `matmul(a, x, rows, ..,
/// trans_a)` computes each block of [`SUM_BLOCK`] rows so, from y = 0 (the same product taken over
/// pieces of the block, each but the last a multiple of COLUMN_GROUP rows, with y carried between
/// them is the same, bit for bit), then adds the blocks' sums to a zero y in order with
/// [`add_block_sum`].
pub fn matvec_transposed_accumulate<T: Element>(a: &[T], rows: usize, cols: usize, x: &[T], y: &mut [T]) {
    gemm::matvec_transposed_accumulate::<T::Lanes>(a, rows, cols, x, y)
}

pub use gemm::{add_block_sum, COLUMN_GROUP, SUM_BLOCK};

/// Permute axes: out has shape [shape[perm[0]], shape[perm[1]], ...].
pub fn transpose<T: Element>(x: &[T], shape: &[usize], perm: &[usize], out: &mut [T]) {
    movement::transpose(x, shape, perm, out)
}

/// Element conversion (float -> i32 truncates toward zero, saturating; NaN -> 0).
pub fn cast<A: Element, B: Element>(x: &[A], out: &mut [B]) {
    elementwise::cast(x, out)
}

/// out[i] = value.
pub fn fill<T: Element>(out: &mut [T], value: T) {
    out.fill(value)
}

/// The same kernels on the scalar twin, on every target: the reference SIMD results are
/// compared against (inside wasm, on awkward lengths).
pub mod scalar_oracle {
    use super::simd::ScalarTwin;
    use super::{elementwise, gemm, reduce, BinaryKind, Element, Transcendental, UnaryKind};

    pub fn binary<T: Element>(
        kind: BinaryKind,
        a: &[T],
        a_shape: &[usize],
        b: &[T],
        b_shape: &[usize],
        out: &mut [T],
        out_shape: &[usize],
    ) {
        elementwise::binary::<ScalarTwin<T>, BinaryKind>(kind, a, a_shape, b, b_shape, super::as_out(out), out_shape)
    }

    pub fn unary<T: Element>(kind: UnaryKind, x: &[T], out: &mut [T]) {
        elementwise::unary::<ScalarTwin<T>>(kind, x, super::as_out(out))
    }

    pub fn tanh<T: Element>(x: &[T], out: &mut [T]) {
        elementwise::map_transcendental::<ScalarTwin<T>>(Transcendental::Tanh, x, super::as_out(out))
    }

    pub fn sigmoid<T: Element>(x: &[T], out: &mut [T]) {
        elementwise::map_transcendental::<ScalarTwin<T>>(Transcendental::Sigmoid, x, super::as_out(out))
    }

    pub fn reduce_sum<T: Element>(x: &[T], shape: &[usize], axes: &[usize], out: &mut [T]) {
        reduce::reduce_sum::<ScalarTwin<T>>(x, shape, axes, out)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn matmul<T: Element>(
        a: &[T],
        b: &[T],
        out: &mut [T],
        m: usize,
        k: usize,
        n: usize,
        trans_a: bool,
        trans_b: bool,
    ) {
        gemm::matmul::<ScalarTwin<T>>(a, b, super::as_out(out), m, k, n, trans_a, trans_b)
    }
}
