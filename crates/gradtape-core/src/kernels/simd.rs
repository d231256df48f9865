//! The vector unit every kernel is written against, with two implementations:
//! `ScalarTwin<T>` (one lane, plain `Arith`; every target; the oracle SIMD code is tested
//! against) and, in a wasm build with `+simd128`, `F32x4` and `F64x2` over `v128`.
//! Kernels process `LANES` elements per step and finish with an explicit scalar tail, so the
//! same source is correct for any lane count.

use super::element::{Arith, Element};
use core::marker::PhantomData;

pub trait Simd {
    type Elem: Element;
    type V: Copy;
    const LANES: usize;
    fn splat(x: Self::Elem) -> Self::V;
    /// # Safety
    /// `src` must be valid for reading `LANES` elements (no alignment needed).
    unsafe fn load(src: *const Self::Elem) -> Self::V;
    /// # Safety
    /// `dst` must be valid for writing `LANES` elements (no alignment needed).
    unsafe fn store(dst: *mut Self::Elem, v: Self::V);
    fn add(a: Self::V, b: Self::V) -> Self::V;
    fn sub(a: Self::V, b: Self::V) -> Self::V;
    fn mul(a: Self::V, b: Self::V) -> Self::V;
    fn div(a: Self::V, b: Self::V) -> Self::V;
    fn neg(a: Self::V) -> Self::V;
    fn abs(a: Self::V) -> Self::V;
    fn sqrt(a: Self::V) -> Self::V;
    fn step(a: Self::V) -> Self::V;
    /// Horizontal sum of the lanes.
    fn sum_lanes(a: Self::V) -> Self::Elem;
}

/// One lane of plain scalar arithmetic.
pub struct ScalarTwin<T>(PhantomData<T>);

impl<T: Element> Simd for ScalarTwin<T> {
    type Elem = T;
    type V = T;
    const LANES: usize = 1;
    #[inline(always)]
    fn splat(x: T) -> T {
        x
    }
    #[inline(always)]
    unsafe fn load(src: *const T) -> T {
        src.read_unaligned()
    }
    #[inline(always)]
    unsafe fn store(dst: *mut T, v: T) {
        dst.write_unaligned(v)
    }
    #[inline(always)]
    fn add(a: T, b: T) -> T {
        a.add(b)
    }
    #[inline(always)]
    fn sub(a: T, b: T) -> T {
        a.sub(b)
    }
    #[inline(always)]
    fn mul(a: T, b: T) -> T {
        a.mul(b)
    }
    #[inline(always)]
    fn div(a: T, b: T) -> T {
        Arith::div(a, b)
    }
    #[inline(always)]
    fn neg(a: T) -> T {
        a.neg()
    }
    #[inline(always)]
    fn abs(a: T) -> T {
        Arith::abs(a)
    }
    #[inline(always)]
    fn sqrt(a: T) -> T {
        Arith::sqrt(a)
    }
    #[inline(always)]
    fn step(a: T) -> T {
        a.step()
    }
    #[inline(always)]
    fn sum_lanes(a: T) -> T {
        a
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub type F32Lanes = wasm128::F32x4;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub type F64Lanes = wasm128::F64x2;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub type F32Lanes = ScalarTwin<f32>;
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub type F64Lanes = ScalarTwin<f64>;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod wasm128 {
    use super::Simd;
    use core::arch::wasm32::*;

    /// Four f32 lanes. There is no fused multiply-add without relaxed-simd (which Node 20
    /// lacks), so products and sums round separately, exactly like the scalar twin.
    pub struct F32x4;
    /// Two f64 lanes.
    pub struct F64x2;

    macro_rules! float_lanes {
        ($name:ident, $t:ty, $lanes:expr, $splat:ident, $add:ident, $sub:ident, $mul:ident, $div:ident,
         $neg:ident, $abs:ident, $sqrt:ident, $gt:ident, $sum:expr) => {
            impl Simd for $name {
                type Elem = $t;
                type V = v128;
                const LANES: usize = $lanes;
                #[inline(always)]
                fn splat(x: $t) -> v128 {
                    $splat(x)
                }
                #[inline(always)]
                unsafe fn load(src: *const $t) -> v128 {
                    v128_load(src as *const v128)
                }
                #[inline(always)]
                unsafe fn store(dst: *mut $t, v: v128) {
                    v128_store(dst as *mut v128, v)
                }
                #[inline(always)]
                fn add(a: v128, b: v128) -> v128 {
                    $add(a, b)
                }
                #[inline(always)]
                fn sub(a: v128, b: v128) -> v128 {
                    $sub(a, b)
                }
                #[inline(always)]
                fn mul(a: v128, b: v128) -> v128 {
                    $mul(a, b)
                }
                #[inline(always)]
                fn div(a: v128, b: v128) -> v128 {
                    $div(a, b)
                }
                #[inline(always)]
                fn neg(a: v128) -> v128 {
                    $neg(a)
                }
                #[inline(always)]
                fn abs(a: v128) -> v128 {
                    $abs(a)
                }
                #[inline(always)]
                fn sqrt(a: v128) -> v128 {
                    $sqrt(a)
                }
                /// The comparison gives all-ones lanes where a > 0 (false for NaN); masking 1.0 with it.
                #[inline(always)]
                fn step(a: v128) -> v128 {
                    v128_and($gt(a, $splat(0.0)), $splat(1.0))
                }
                #[inline(always)]
                fn sum_lanes(a: v128) -> $t {
                    $sum(a)
                }
            }
        };
    }

    float_lanes!(
        F32x4,
        f32,
        4,
        f32x4_splat,
        f32x4_add,
        f32x4_sub,
        f32x4_mul,
        f32x4_div,
        f32x4_neg,
        f32x4_abs,
        f32x4_sqrt,
        f32x4_gt,
        |a| (f32x4_extract_lane::<0>(a) + f32x4_extract_lane::<1>(a))
            + (f32x4_extract_lane::<2>(a) + f32x4_extract_lane::<3>(a))
    );
    float_lanes!(
        F64x2,
        f64,
        2,
        f64x2_splat,
        f64x2_add,
        f64x2_sub,
        f64x2_mul,
        f64x2_div,
        f64x2_neg,
        f64x2_abs,
        f64x2_sqrt,
        f64x2_gt,
        |a| f64x2_extract_lane::<0>(a) + f64x2_extract_lane::<1>(a)
    );
}
