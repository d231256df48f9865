//! The vector unit every kernel is written against, with two implementations:
//! `ScalarTwin<T>` (one lane, plain `Arith`; every target; the oracle SIMD code is tested
//! against) and, in a wasm build with `+simd128`, `F32x4` and `F64x2` over `v128`.
//! Kernels process `LANES` elements per step and finish with an explicit scalar tail, so the
//! same source is correct for any lane count.

use super::element::{Arith, Element};
use core::marker::PhantomData;

pub trait Simd {
    type Elem: Element;
    type V: Copy + Send + Sync;
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
    /// -|a|: the sign bit set (one OR in lanes, where neg(abs(a)) costs V8 two masks).
    fn neg_abs(a: Self::V) -> Self::V;
    fn sqrt(a: Self::V) -> Self::V;
    fn step(a: Self::V) -> Self::V;
    /// Horizontal sum of the lanes.
    fn sum_lanes(a: Self::V) -> Self::Elem;
    /// `LANES` horizontal sums at once: lane i of the result is `sum_lanes(rows[i])` (the same
    /// additions in the same order), for `rows.len() == LANES`.
    fn row_sums(rows: &[Self::V]) -> Self::V;
    /// The matrix product's MR×NR micro-tile by the relaxed-SIMD kernel (`fma.rs`), or false
    /// when none is in use (always, for the scalar twin, the oracle).
    ///
    /// # Safety
    /// As [`super::fma::Tile::tile`].
    #[inline(always)]
    unsafe fn fma_tile(_depth: usize, _a: *const Self::Elem, _b: *const Self::Elem, _tile: *mut Self::Elem) -> bool {
        false
    }

    /// Interleaves four rows: `dst[4p + i] = rows[i][p]` for p < depth, the matrix product's
    /// packing of four rows of a row-major operand (gemm.rs). Element by element (the scalar
    /// twin's); four f32 lanes transpose 4×4 blocks in registers instead. A copy: the same bits.
    ///
    /// # Safety
    /// Each row must be valid for reading `depth` elements and `dst` for writing `4 · depth`.
    #[inline(always)]
    unsafe fn interleave4(rows: [*const Self::Elem; 4], depth: usize, dst: *mut Self::Elem) {
        interleave4_elementwise(rows, 0, depth, dst)
    }

    // Lane primitives for the polynomial transcendentals (transcendental.rs). The scalar twin
    // computes each exactly as simd128 does, so both give bit-identical results.

    /// A per-lane condition: `bool` for the scalar twin, all-ones/all-zeros lanes for simd128.
    type Mask: Copy;
    /// a < b per lane (false where either is NaN).
    fn lt(a: Self::V, b: Self::V) -> Self::Mask;
    /// a == b per lane (false where either is NaN).
    fn eq(a: Self::V, b: Self::V) -> Self::Mask;
    /// Per lane: `a` where `m` holds, else `b`.
    fn select(m: Self::Mask, a: Self::V, b: Self::V) -> Self::V;
    /// `if b < a { b } else { a }` per lane (wasm pmin: a NaN in `a` passes through).
    fn min(a: Self::V, b: Self::V) -> Self::V;
    /// `if a < b { b } else { a }` per lane (wasm pmax: a NaN in `a` passes through).
    fn max(a: Self::V, b: Self::V) -> Self::V;
    /// Round to the nearest integer, ties to even.
    fn round(a: Self::V) -> Self::V;
    /// 2^n for integer-valued n in the normal exponent range (f32 -126..=127, f64 -1022..=1023).
    fn pow2i(n: Self::V) -> Self::V;
    /// a rounded to an integer n, a tie to the odd neighbour, and 2^n, in three operations, as
    /// `round` then `pow2i` take, but without `nearest` (two micro-ops on Intel's float ports, which
    /// bound softmax's exp loop): a + (1.5·2^m + bias), m the mantissa bits, rounds a to an
    /// integer (an odd magic number makes ties odd) and holds 2^(m-1) + n + bias in its mantissa
    /// field; shifted left by m, that is n + bias in the exponent field, 2^n. For |a| < 2^(m-2)
    /// with n in pow2i's range or one below it (n + bias = 0: 2^n reads as 0, as pow2i gives).
    fn round_and_pow2i(a: Self::V) -> (Self::V, Self::V);
    /// The exponent field of a minus the bias, as a float: floor(log2 |a|) for normal a.
    fn exponent(a: Self::V) -> Self::V;
    /// |a| with its exponent field set to the bias: |a| / 2^exponent(a), in [1, 2) for normal a.
    fn mantissa(a: Self::V) -> Self::V;
}

/// `Simd::interleave4` from depth `from` on, element by element.
///
/// # Safety
/// As `Simd::interleave4`.
#[inline(always)]
unsafe fn interleave4_elementwise<T: Copy>(rows: [*const T; 4], from: usize, depth: usize, dst: *mut T) {
    for p in from..depth {
        for (i, row) in rows.iter().enumerate() {
            *dst.add(4 * p + i) = *row.add(p);
        }
    }
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
    fn neg_abs(a: T) -> T {
        a.abs().neg()
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
    #[inline(always)]
    fn row_sums(rows: &[T]) -> T {
        rows[0]
    }
    type Mask = bool;
    #[inline(always)]
    fn lt(a: T, b: T) -> bool {
        a < b
    }
    #[inline(always)]
    fn eq(a: T, b: T) -> bool {
        a == b
    }
    #[inline(always)]
    fn select(m: bool, a: T, b: T) -> T {
        if m {
            a
        } else {
            b
        }
    }
    #[inline(always)]
    fn min(a: T, b: T) -> T {
        if b < a {
            b
        } else {
            a
        }
    }
    #[inline(always)]
    fn max(a: T, b: T) -> T {
        if a < b {
            b
        } else {
            a
        }
    }
    #[inline(always)]
    fn round(a: T) -> T {
        a.round()
    }
    #[inline(always)]
    fn pow2i(n: T) -> T {
        n.pow2i()
    }
    #[inline(always)]
    fn round_and_pow2i(a: T) -> (T, T) {
        a.round_and_pow2i()
    }
    #[inline(always)]
    fn exponent(a: T) -> T {
        a.exponent()
    }
    #[inline(always)]
    fn mantissa(a: T) -> T {
        a.mantissa()
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
    /// lacks), so products and sums round separately, exactly like the scalar twin (the matrix
    /// product's relaxed-SIMD tiles come from a second module: `fma.rs`).
    pub struct F32x4;
    /// Two f64 lanes.
    pub struct F64x2;

    macro_rules! float_lanes {
        ($name:ident, $t:ty, $lanes:expr, $splat:ident, $add:ident, $sub:ident, $mul:ident, $div:ident,
         $neg:ident, $abs:ident, $sqrt:ident, $gt:ident, $sum:expr, $row_sums:expr,
         $lt:ident, $eq:ident, $pmin:ident, $pmax:ident, $nearest:ident,
         $pow2i:expr, $round_and_pow2i:expr, $exponent:expr, $mantissa:expr, $interleave4:path) => {
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
                fn neg_abs(a: v128) -> v128 {
                    v128_or(a, $splat(-0.0))
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
                #[inline(always)]
                fn row_sums(rows: &[v128]) -> v128 {
                    $row_sums(rows)
                }
                #[inline(always)]
                unsafe fn fma_tile(depth: usize, a: *const $t, b: *const $t, tile: *mut $t) -> bool {
                    <$t as crate::kernels::fma::Tile>::tile(depth, a, b, tile)
                }
                #[inline(always)]
                unsafe fn interleave4(rows: [*const $t; 4], depth: usize, dst: *mut $t) {
                    $interleave4(rows, depth, dst)
                }
                type Mask = v128;
                #[inline(always)]
                fn lt(a: v128, b: v128) -> v128 {
                    $lt(a, b)
                }
                #[inline(always)]
                fn eq(a: v128, b: v128) -> v128 {
                    $eq(a, b)
                }
                #[inline(always)]
                fn select(m: v128, a: v128, b: v128) -> v128 {
                    v128_bitselect(a, b, m)
                }
                #[inline(always)]
                fn min(a: v128, b: v128) -> v128 {
                    $pmin(a, b)
                }
                #[inline(always)]
                fn max(a: v128, b: v128) -> v128 {
                    $pmax(a, b)
                }
                #[inline(always)]
                fn round(a: v128) -> v128 {
                    $nearest(a)
                }
                #[inline(always)]
                fn pow2i(n: v128) -> v128 {
                    $pow2i(n)
                }
                #[inline(always)]
                fn round_and_pow2i(a: v128) -> (v128, v128) {
                    $round_and_pow2i(a)
                }
                #[inline(always)]
                fn exponent(a: v128) -> v128 {
                    $exponent(a)
                }
                #[inline(always)]
                fn mantissa(a: v128) -> v128 {
                    $mantissa(a)
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
            + (f32x4_extract_lane::<2>(a) + f32x4_extract_lane::<3>(a)),
        // A 4×4 transpose folded into the additions: [a0+a1, a2+a3, b0+b1, b2+b3] and the same for
        // c, d, then (l0+l1) + (l2+l3) per row, sum_lanes' order. Every shuffle takes two lanes of
        // its first operand and two of its second, in order: one `shufps` on x64 (V8 lowers other
        // patterns to two byte shuffles and an or).
        |rows: &[v128]| {
            let pair = |a, b| f32x4_add(i32x4_shuffle::<0, 2, 4, 6>(a, b), i32x4_shuffle::<1, 3, 5, 7>(a, b));
            let (ab, cd) = (pair(rows[0], rows[1]), pair(rows[2], rows[3]));
            f32x4_add(i32x4_shuffle::<0, 2, 4, 6>(ab, cd), i32x4_shuffle::<1, 3, 5, 7>(ab, cd))
        },
        f32x4_lt,
        f32x4_eq,
        f32x4_pmin,
        f32x4_pmax,
        f32x4_nearest,
        // n + 2^23 + 127 has n + 127 in its mantissa field; << 23 makes that the exponent of 2^n.
        |n| i32x4_shl(f32x4_add(n, f32x4_splat(8388735.0)), 23),
        // 1.5·2^23 + 127.
        |a| {
            let magic = f32x4_splat(12583039.0);
            let biased = f32x4_add(a, magic);
            (f32x4_sub(biased, magic), i32x4_shl(biased, 23))
        },
        |a| f32x4_convert_i32x4(i32x4_sub(
            v128_and(u32x4_shr(a, 23), i32x4_splat(0xff)),
            i32x4_splat(127)
        )),
        |a| v128_or(
            v128_and(a, i32x4_splat(0x007f_ffff)),
            i32x4_splat(0x3f80_0000)
        ),
        interleave4_f32
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
        |a| f64x2_extract_lane::<0>(a) + f64x2_extract_lane::<1>(a),
        |rows: &[v128]| f64x2_add(i64x2_shuffle::<0, 2>(rows[0], rows[1]), i64x2_shuffle::<1, 3>(rows[0], rows[1])),
        f64x2_lt,
        f64x2_eq,
        f64x2_pmin,
        f64x2_pmax,
        f64x2_nearest,
        // n + 2^52 + 1023 has n + 1023 in its mantissa field; << 52 makes that the exponent.
        |n| i64x2_shl(f64x2_add(n, f64x2_splat(4503599627371519.0)), 52),
        // 1.5·2^52 + 1023.
        |a| {
            let magic = f64x2_splat(6755399441056767.0);
            let biased = f64x2_add(a, magic);
            (f64x2_sub(biased, magic), i64x2_shl(biased, 52))
        },
        // simd128 has no i64 -> f64 conversion: OR the field e (< 2^11) into the mantissa of
        // 2^52, giving 2^52 + e exactly, and subtract 2^52 + 1023.
        |a| f64x2_sub(
            v128_or(
                v128_and(u64x2_shr(a, 52), i64x2_splat(0x7ff)),
                f64x2_splat(4503599627370496.0)
            ),
            f64x2_splat(4503599627370496.0 + 1023.0)
        ),
        |a| v128_or(
            v128_and(a, i64x2_splat(0x000f_ffff_ffff_ffff)),
            i64x2_splat(0x3ff0_0000_0000_0000)
        ),
        interleave4_f64
    );

    /// `Simd::interleave4` of f32 rows: each 4×4 block (four depth steps of the four rows) is
    /// four loads, a transpose in eight shuffles and four stores, where element by element it is
    /// sixteen loads and sixteen stores.
    ///
    /// # Safety
    /// As `Simd::interleave4`.
    #[inline(always)]
    unsafe fn interleave4_f32(rows: [*const f32; 4], depth: usize, dst: *mut f32) {
        let blocks = depth / 4;
        for q in 0..blocks {
            let p = 4 * q;
            let [r0, r1, r2, r3] = rows.map(|row| v128_load(row.add(p) as *const v128));
            // [r0p r1p r0p+1 r1p+1], [r2p r3p r2p+1 r3p+1], and the same for p+2, p+3.
            let (low01, low23) = (i32x4_shuffle::<0, 4, 1, 5>(r0, r1), i32x4_shuffle::<0, 4, 1, 5>(r2, r3));
            let (high01, high23) = (i32x4_shuffle::<2, 6, 3, 7>(r0, r1), i32x4_shuffle::<2, 6, 3, 7>(r2, r3));
            let out = dst.add(4 * p) as *mut v128;
            v128_store(out, i64x2_shuffle::<0, 2>(low01, low23));
            v128_store(out.add(1), i64x2_shuffle::<1, 3>(low01, low23));
            v128_store(out.add(2), i64x2_shuffle::<0, 2>(high01, high23));
            v128_store(out.add(3), i64x2_shuffle::<1, 3>(high01, high23));
        }
        super::interleave4_elementwise(rows, 4 * blocks, depth, dst)
    }

    /// `Simd::interleave4` of f64 rows, element by element (as the scalar twin).
    ///
    /// # Safety
    /// As `Simd::interleave4`.
    #[inline(always)]
    unsafe fn interleave4_f64(rows: [*const f64; 4], depth: usize, dst: *mut f64) {
        super::interleave4_elementwise(rows, 0, depth, dst)
    }
}
