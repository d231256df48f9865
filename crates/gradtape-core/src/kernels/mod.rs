//! Numeric kernels: every loop over tensor data in gradtape lives here.
//!
//! - `element.rs`: the `Element` dtypes (f32, f64, i32) and their scalar `Arith`.
//! - `simd.rs`: the `Simd` trait; its scalar twin and the wasm simd128 lanes.
//! - `elementwise.rs`: binary ops with broadcasting, unary ops, cast, fill.
//! - `reduce.rs`: sum over axes. `gemm.rs`: matrix product. `movement.rs`: transpose.
//!
//! Kernels are written once, generic over `S: Simd`, and instantiated twice: with `T::Lanes`
//! (simd128 in a wasm build with `+simd128`, the scalar twin elsewhere) by the functions below,
//! and with `ScalarTwin<T>` by `scalar_oracle`, which SIMD tests compare against.
//! The kernels take flat row-major slices; the op layer checks shapes and dtypes before calling,
//! and the kernels assert lengths so a caller bug panics instead of reading out of bounds.

mod element;
mod elementwise;
mod gemm;
mod movement;
mod reduce;
pub mod simd;
#[cfg(test)]
mod tests;

pub use element::{Arith, Element};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinaryKind {
    Add,
    Sub,
    Mul,
    Div,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryKind {
    Neg,
    Exp,
    Log,
    Sqrt,
    Abs,
    /// 1 if x > 0 else 0 (NaN -> 0).
    Step,
}

/// out[i] = a[..] op b[..] with NumPy broadcasting. Shapes are right-aligned and may differ in
/// rank; every dim pair is equal or one of them is 1. out_shape is the broadcast shape.
/// For i32: Div truncates toward zero (x / 0 = 0), Pow is an integer power, Add/Sub/Mul wrap.
pub fn binary<T: Element>(
    kind: BinaryKind,
    a: &[T],
    a_shape: &[usize],
    b: &[T],
    b_shape: &[usize],
    out: &mut [T],
    out_shape: &[usize],
) {
    elementwise::binary::<T::Lanes>(kind, a, a_shape, b, b_shape, out, out_shape)
}

/// out[i] = op(x[i]). For i32, Exp/Log/Sqrt compute through f64 and truncate.
pub fn unary<T: Element>(kind: UnaryKind, x: &[T], out: &mut [T]) {
    elementwise::unary::<T::Lanes>(kind, x, out)
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
    gemm::matmul::<T::Lanes>(a, b, out, m, k, n, trans_a, trans_b)
}

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
    use super::{elementwise, gemm, reduce, BinaryKind, Element, UnaryKind};

    pub fn binary<T: Element>(
        kind: BinaryKind,
        a: &[T],
        a_shape: &[usize],
        b: &[T],
        b_shape: &[usize],
        out: &mut [T],
        out_shape: &[usize],
    ) {
        elementwise::binary::<ScalarTwin<T>>(kind, a, a_shape, b, b_shape, out, out_shape)
    }

    pub fn unary<T: Element>(kind: UnaryKind, x: &[T], out: &mut [T]) {
        elementwise::unary::<ScalarTwin<T>>(kind, x, out)
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
        gemm::matmul::<ScalarTwin<T>>(a, b, out, m, k, n, trans_a, trans_b)
    }
}
