//! exp, ln, expm1, log1p, tanh, sigmoid, erf and (float32) sin and cos, and functions composed
//! of them, as lane functions, written once over `S: Simd` from the primitive lane ops, so the
//! simd128 lanes and the scalar twin run the same algorithm and agree bit for bit. simd128 has no
//! transcendental instructions; these replace a libm call per element.
//!
//! exp and ln are fdlibm's algorithms (as in musl): argument reduction by ln 2 split in two,
//! a short minimax polynomial, and the exponent applied by building 2^k from bits. f64 lanes
//! use fdlibm's f64 coefficients; f32 lanes compute in f32, ln with fdlibm's f32 coefficients and
//! exp with Cephes' division-free polynomial. Measured against
//! the host libm (tests.rs): within 1 ulp for exp and ln, 2 for tanh and sigmoid; see the
//! accuracy tests for the exact bounds. Only float dtypes reach these (`Element::MANTISSA_DIGITS`
//! > 0); the kernels route i32 through the f64 scalar twin.

// Coefficients are written as fdlibm and Cephes publish them (each rounds to the intended f32
// or f64, checked against fdlibm's hex values).
#![allow(clippy::excessive_precision)]

use super::element::Element;
use super::simd::Simd;

/// The f32 coefficient in an f32 lane, the f64 one in an f64 lane (a compile-time choice).
#[inline(always)]
fn c<S: Simd>(single: f32, double: f64) -> S::V {
    if is_single::<S>() {
        S::splat(S::Elem::from_f64(single as f64))
    } else {
        S::splat(S::Elem::from_f64(double))
    }
}

#[inline(always)]
fn is_single<S: Simd>() -> bool {
    S::Elem::MANTISSA_DIGITS <= 24
}

/// e^x. Overflows to +inf and underflows through the subnormals to 0 where libm does; exp(NaN)
/// is NaN, exp(+-inf) is +inf / 0.
#[inline(always)]
pub fn exp<S: Simd>(x: S::V) -> S::V {
    Exp::<S>::splatted().exp(x)
}

/// `exp`'s constants, each splatted to a lane vector, in the lane type's precision: a kernel
/// makes them once before its loop (`hoisted`; see `ExpNonpositive::hoisted` for why).
#[derive(Clone, Copy)]
pub struct Exp<S: Simd> {
    k: [S::V; 14],
}

impl<S: Simd> Exp<S> {
    #[inline(always)]
    pub fn splatted() -> Self {
        Self {
            k: [
                // Beyond these e^x is inf / 0 in every rounding.
                c::<S>(-104.0, -746.0),
                c::<S>(89.0, 710.0),
                c::<S>(core::f32::consts::LOG2_E, core::f64::consts::LOG2_E),
                // ln 2 in two parts, the first with few significant bits.
                c::<S>(6.931_457_5e-1, 6.931_471_803_691_238_2e-1),
                c::<S>(1.428_606_8e-6, 1.908_214_929_270_587_7e-10),
                // float32: Cephes expf's P, highest degree first; float64: fdlibm's P1..P5,
                // highest first (the last float32 coefficient has no float64 counterpart).
                c::<S>(1.987_569_150_0e-4, 4.138_136_797_057_238_5e-8),
                c::<S>(1.398_199_950_7e-3, -1.653_390_220_546_525_2e-6),
                c::<S>(8.333_451_907_3e-3, 6.613_756_321_437_934e-5),
                c::<S>(4.166_579_589_4e-2, -2.777_777_777_701_559_3e-3),
                c::<S>(1.666_666_545_9e-1, 1.666_666_666_666_660_2e-1),
                c::<S>(5.000_000_120_1e-1, 0.0),
                c::<S>(1.0, 1.0),
                c::<S>(2.0, 2.0),
                c::<S>(0.5, 0.5),
            ],
        }
    }

    /// The constants hidden from the optimizer, for a kernel to make once before its loop.
    #[inline(always)]
    pub fn hoisted() -> Self {
        core::hint::black_box(Self::splatted())
    }

    #[inline(always)]
    pub fn exp(&self, x: S::V) -> S::V {
        let [min_x, max_x, log2e, ln2_hi, ln2_lo, ..] = self.k;
        // Clamping keeps k within the range where the two-step scaling below is exact.
        // pmin/pmax keep a NaN x.
        let x = S::min(S::max(x, min_x), max_x);
        // x = k ln2 + r, |r| <= ln2 / 2. k * LN2_HI is exact (LN2_HI has few significant bits),
        // and so is x - k * LN2_HI; r = hi - lo carries the rest.
        let k = S::round(S::mul(x, log2e));
        self.reduced(k, S::sub(x, S::mul(k, ln2_hi)), S::mul(k, ln2_lo))
    }

    /// e^(x + tail) for x <= 0 and a tail of at most a few units (erfc's e^(f - z^2) with z^2
    /// given as hi + lo): the tail joins the reduced argument, after the exact x - k ln2_hi, so
    /// it is not rounded away against a large x. x is clamped as `exp` clamps it, which leaves
    /// a result that underflows to 0 for the tails erfc has (below -1/4).
    #[inline(always)]
    pub fn exp_sum(&self, x: S::V, tail: S::V) -> S::V {
        let [min_x, _, log2e, ln2_hi, ln2_lo, ..] = self.k;
        let x = S::max(x, min_x);
        let k = S::round(S::mul(S::add(x, tail), log2e));
        self.reduced(k, S::add(S::sub(x, S::mul(k, ln2_hi)), tail), S::mul(k, ln2_lo))
    }

    /// e^(hi - lo) 2^k, for |hi - lo| <= ln2 / 2 (a little more is harmless).
    #[inline(always)]
    fn reduced(&self, k: S::V, hi: S::V, lo: S::V) -> S::V {
        let [_, _, _, _, _, p5, p4, p3, p2, p1, p0, one, two, half] = self.k;
        let r = S::sub(hi, lo);
        let rr = S::mul(r, r);
        let y = if is_single::<S>() {
            // Cephes expf: e^r = 1 + r + r^2 P(r), a degree-5 minimax P; no division (the f32
            // lanes are the hot path of exp, sigmoid and softmax).
            let p = S::add(p4, S::mul(r, p5));
            let p = S::add(p3, S::mul(r, p));
            let p = S::add(p2, S::mul(r, p));
            let p = S::add(p1, S::mul(r, p));
            let p = S::add(p0, S::mul(r, p));
            S::add(S::add(S::mul(p, rr), r), one)
        } else {
            // fdlibm: c = r - r^2 P(r^2) with the Remez polynomial for r (e^r + 1) / (e^r - 1) - 2,
            // then e^r = 1 - ((lo - r c / (2 - c)) - hi).
            let p = S::add(p4, S::mul(rr, p5));
            let p = S::add(p3, S::mul(rr, p));
            let p = S::add(p2, S::mul(rr, p));
            let p = S::add(p1, S::mul(rr, p));
            let cr = S::sub(r, S::mul(rr, p));
            let q = S::div(S::mul(r, cr), S::sub(two, cr));
            S::sub(one, S::sub(S::sub(lo, q), hi))
        };
        // y 2^k as (y 2^k1) 2^k2 with both halves normal: the first product is exact and the
        // second rounds once, also to a subnormal or to inf.
        let k1 = S::round(S::mul(k, half));
        let k2 = S::sub(k, k1);
        S::mul(S::mul(y, S::pow2i(k1)), S::pow2i(k2))
    }
}

/// Natural logarithm: ln(+-0) = -inf, ln(x < 0) = NaN, ln(+inf) = +inf, subnormals exact.
#[inline(always)]
pub fn ln<S: Simd>(x: S::V) -> S::V {
    let one = c::<S>(1.0, 1.0);
    // Subnormals are scaled into the normal range first (x 2^25 / x 2^54, exact).
    let tiny = S::lt(x, c::<S>(f32::MIN_POSITIVE, f64::MIN_POSITIVE));
    let scaled = S::select(tiny, S::mul(x, c::<S>(33554432.0, 18014398509481984.0)), x);
    let k = S::sub(
        S::exponent(scaled),
        S::select(tiny, c::<S>(25.0, 54.0), c::<S>(0.0, 0.0)),
    );
    // x = 2^k m with m in [sqrt(2)/2, sqrt(2)).
    let m = S::mantissa(scaled);
    let big = S::lt(
        c::<S>(core::f32::consts::SQRT_2, core::f64::consts::SQRT_2),
        m,
    );
    let m = S::select(big, S::mul(m, c::<S>(0.5, 0.5)), m);
    let k = S::select(big, S::add(k, one), k);
    // fdlibm: f = m - 1, s = f / (2 + f), ln(1 + f) = f - f^2/2 + s (f^2/2 + R(s^2)).
    let f = S::sub(m, one);
    let hfsq = S::mul(c::<S>(0.5, 0.5), S::mul(f, f));
    let s = S::div(f, S::add(c::<S>(2.0, 2.0), f));
    let z = S::mul(s, s);
    let w = S::mul(z, z);
    let (t1, t2) = if is_single::<S>() {
        let t1 = S::mul(
            w,
            S::add(
                c::<S>(0.400_009_72, 0.0),
                S::mul(w, c::<S>(0.242_790_79, 0.0)),
            ),
        );
        let t2 = S::mul(
            z,
            S::add(
                c::<S>(0.666_666_63, 0.0),
                S::mul(w, c::<S>(0.284_987_87, 0.0)),
            ),
        );
        (t1, t2)
    } else {
        let lg = |v: f64| c::<S>(0.0, v);
        let t1 = S::add(
            lg(2.222_219_843_214_978_4e-1),
            S::mul(w, lg(1.531_383_769_920_937_3e-1)),
        );
        let t1 = S::mul(w, S::add(lg(3.999_999_999_940_942e-1), S::mul(w, t1)));
        let t2 = S::add(
            lg(1.818_357_216_161_805e-1),
            S::mul(w, lg(1.479_819_860_511_658_6e-1)),
        );
        let t2 = S::add(lg(2.857_142_874_366_239e-1), S::mul(w, t2));
        let t2 = S::mul(z, S::add(lg(6.666_666_666_666_735e-1), S::mul(w, t2)));
        (t1, t2)
    };
    let big_r = S::add(t2, t1);
    let ln2_hi = c::<S>(6.931_381_2e-1, 6.931_471_803_691_238_2e-1);
    let ln2_lo = c::<S>(9.058_000_6e-6, 1.908_214_929_270_587_7e-10);
    // s (hfsq + R) + k ln2_lo - hfsq + f + k ln2_hi, left to right.
    let y = S::add(S::mul(s, S::add(hfsq, big_r)), S::mul(k, ln2_lo));
    let y = S::add(S::add(S::sub(y, hfsq), f), S::mul(k, ln2_hi));
    // x <= 0 or NaN gives NaN, then 0 gives -inf and +inf gives +inf.
    let zero = c::<S>(0.0, 0.0);
    let inf = c::<S>(f32::INFINITY, f64::INFINITY);
    let y = S::select(S::lt(zero, x), y, c::<S>(f32::NAN, f64::NAN));
    let y = S::select(S::eq(x, zero), S::neg(inf), y);
    S::select(S::eq(x, inf), inf, y)
}

/// sin x and cos x for x in [0, 2π] (Box–Muller's angles) in f64 lanes, from one argument
/// reduction: fdlibm's (as in musl and FreeBSD), x = n·π/2 + r with |r| <= π/4 as a head and a
/// tail, then fdlibm's kernel polynomials of r and the quadrant n. Outside [0, 2π] the result is
/// wrong (the quadrant logic assumes n in 0..=4).
#[inline(always)]
pub fn sin_cos_angle<S: Simd<Elem = f64>>(x: S::V) -> (S::V, S::V) {
    let (n, y0, y1) = quarter_turns_f64::<S>(x);
    let (sin, cos) = kernel_sin_cos_f64::<S>(y0, y1);
    by_quadrant::<S>(n, sin, cos)
}

/// x = n·π/2 + (y0 + y1), |y0 + y1| <= π/4 and |y1| <= ulp(y0) / 2, in f64 lanes (fdlibm's
/// reduction), for |x| in [0, 2π] (n·PIO2_1 and n·PIO2_2 are exact far beyond).
#[inline(always)]
fn quarter_turns_f64<S: Simd>(x: S::V) -> (S::V, S::V, S::V) {
    let k = |bits: u64| c::<S>(0.0, f64::from_bits(bits));
    // π/2 = PIO2_1 + PIO2_2 + PIO2_2T: the first two of 33 bits, so n·PIO2_i is exact.
    let n = S::round(S::mul(x, k(0x3FE4_5F30_6DC9_C883))); // 2/π
    // x - n·PIO2_1 is exact (Sterbenz: x lies within π/4 of n·π/2); the next part by TwoSum.
    let a = S::sub(x, S::mul(n, k(0x3FF9_21FB_5440_0000)));
    let b = S::neg(S::mul(n, k(0x3DD0_B461_1A60_0000)));
    let hi = S::add(a, b);
    let bb = S::sub(hi, a);
    let lo = S::add(S::sub(a, S::sub(hi, bb)), S::sub(b, bb));
    let lo = S::sub(lo, S::mul(n, k(0x3BA3_198A_2E03_7073)));
    // r = y0 + y1, |y1| <= ulp(y0) / 2.
    let y0 = S::add(hi, lo);
    let y1 = S::add(S::sub(hi, y0), lo);
    (n, y0, y1)
}

/// (sin, cos) of y0 + y1 for |y0 + y1| <= π/4: fdlibm's __kernel_sin and __kernel_cos, f64 lanes.
#[inline(always)]
fn kernel_sin_cos_f64<S: Simd>(y0: S::V, y1: S::V) -> (S::V, S::V) {
    let k = |v: f64| c::<S>(0.0, v);
    let z = S::mul(y0, y0);
    let w = S::mul(z, z);
    let half = k(0.5);
    // __kernel_sin(y0, y1, 1): y0 - ((z (y1/2 - v r) - y1) - v S1), v = z y0.
    let r = S::add(
        S::add(k(8.333_333_333_322_489_461_24e-3), S::mul(z, S::add(k(-1.984_126_982_985_794_931_34e-4), S::mul(z, k(2.755_731_370_707_006_767_89e-6))))),
        S::mul(S::mul(z, w), S::add(k(-2.505_076_025_340_686_341_95e-8), S::mul(z, k(1.589_690_995_211_550_102_21e-10)))),
    );
    let v = S::mul(z, y0);
    let sin = S::sub(
        y0,
        S::sub(S::sub(S::mul(z, S::sub(S::mul(half, y1), S::mul(v, r))), y1), S::mul(v, k(-1.666_666_666_666_663_243_48e-1))),
    );
    // __kernel_cos(y0, y1): w + (((1 - w) - z/2) + (z r - y0 y1)), w = 1 - z/2.
    let r = S::add(
        S::mul(z, S::add(k(4.166_666_666_666_660_190_37e-2), S::mul(z, S::add(k(-1.388_888_888_887_410_957_49e-3), S::mul(z, k(2.480_158_728_947_672_941_78e-5)))))),
        S::mul(S::mul(w, w), S::add(k(-2.755_731_435_139_066_330_35e-7), S::mul(z, S::add(k(2.087_572_321_298_174_827_90e-9), S::mul(z, k(-1.135_964_755_778_819_482_65e-11)))))),
    );
    let hz = S::mul(half, z);
    let one_minus = S::sub(k(1.0), hz);
    let cos = S::add(one_minus, S::add(S::sub(S::sub(k(1.0), one_minus), hz), S::sub(S::mul(z, r), S::mul(y0, y1))));
    (sin, cos)
}

/// (sin, cos) of n·π/2 + r from (sin r, cos r), for the quadrant q = n mod 4 in 0..=3 (or n = 4):
/// (s, c), (c, -s), (-s, -c), (-c, s).
#[inline(always)]
fn by_quadrant<S: Simd>(q: S::V, sin: S::V, cos: S::V) -> (S::V, S::V) {
    let quadrant = |k: f32| S::eq(q, c::<S>(k, k as f64));
    let (q1, q2, q3) = (quadrant(1.0), quadrant(2.0), quadrant(3.0));
    let sin_x = S::select(q1, cos, S::select(q2, S::neg(sin), S::select(q3, S::neg(cos), sin)));
    let cos_x = S::select(q1, S::neg(sin), S::select(q2, S::neg(cos), S::select(q3, sin, cos)));
    (sin_x, cos_x)
}

/// Up to this |x| float32 `sin` and `cos` reduce in lanes, exactly but for the last part of π/2;
/// beyond, the kernels take libm's f64 sin and cos per element.
pub const SIN_COS_LIMIT_F32: f32 = 8192.0;

/// sin x in float32 lanes, |x| <= SIN_COS_LIMIT_F32 (the kernels handle the rest). float64 keeps
/// libm's sin (the bits the fits matched against scipy's trajectories assume; fdlibm's reduction
/// in lanes, `quarter_turns_f64`, is within 1 ulp of it but not always equal).
#[inline(always)]
pub fn sin<S: Simd>(x: S::V) -> S::V {
    let (sin, _) = sin_cos_f32::<S>(x);
    // (-0 reduces to +0.)
    S::select(S::eq(x, c::<S>(0.0, 0.0)), x, sin)
}

/// cos x in float32 lanes, as `sin`.
#[inline(always)]
pub fn cos<S: Simd>(x: S::V) -> S::V {
    sin_cos_f32::<S>(x).1
}

/// sin x and cos x in float32 lanes: x = n·π/2 + r, |r| <= π/4, with π/2 in four parts, the
/// first three of 8, 11 and 11 bits, so that below 2^13 quarter turns n·C1, n·C2 and n·C3 are
/// exact and so are the first two subtractions (each difference is a multiple of the smaller
/// operand's last bit that fits 24 bits), the third too where r is small (Sterbenz), and the
/// last part (2.6e-12) rounds once; then Cephes' sinf and cosf polynomials of r by the quadrant
/// n mod 4.
#[inline(always)]
fn sin_cos_f32<S: Simd>(x: S::V) -> (S::V, S::V) {
    debug_assert!(is_single::<S>(), "float32 lanes only");
    let k = |v: f32| c::<S>(v, 0.0);
    let n = S::round(S::mul(x, k(core::f32::consts::FRAC_2_PI)));
    let r = S::sub(S::sub(x, S::mul(n, k(1.570_312_5))), S::mul(n, k(4.837_513e-4)));
    let r = S::sub(S::sub(r, S::mul(n, k(7.549_533_6e-8))), S::mul(n, k(2.563_344e-12)));
    let z = S::mul(r, r);
    let sin = S::add(r, S::mul(S::mul(z, r), S::add(k(-1.666_665_5e-1), S::mul(z, S::add(k(8.332_161e-3), S::mul(z, k(-1.951_529_6e-4)))))));
    let poly = S::add(k(4.166_664_6e-2), S::mul(z, S::add(k(-1.388_731_6e-3), S::mul(z, k(2.443_315_7e-5)))));
    let cos = S::add(S::sub(S::mul(S::mul(z, z), poly), S::mul(k(0.5), z)), k(1.0));
    // q = n mod 4 = n - 4 floor(n/4), floor(n/4) = round((n - 1.5) / 4) for integer n (no ties).
    let q = S::sub(n, S::mul(k(4.0), S::round(S::mul(S::sub(n, k(1.5)), k(0.25)))));
    by_quadrant::<S>(q, sin, cos)
}

/// e^x - 1, accurate near 0 where e^x - 1 cancels; -1 below ln 2^-25 (float32) / ln 2^-54
/// (float64), +inf from above ln(MAX). See `Expm1`.
#[inline(always)]
pub fn expm1<S: Simd>(x: S::V) -> S::V {
    Expm1::<S>::splatted().expm1(x)
}

/// x for x > 0, else e^x - 1 (`tf.nn.elu`).
#[inline(always)]
pub fn elu<S: Simd>(x: S::V) -> S::V {
    Expm1::<S>::splatted().elu(x)
}

/// scale · (x for x > 0, else alpha (e^x - 1)) with TensorFlow's constants (`tf.nn.selu`).
#[inline(always)]
pub fn selu<S: Simd>(x: S::V) -> S::V {
    Expm1::<S>::splatted().selu(x)
}

/// log(1 + x), accurate near 0: log1p(x) = ln(u) + (x - (u - 1)) / u for u = fl(1 + x). While
/// u - 1 is exact (u < 2^24 / 2^53; for x in (-1, -0.5] u is 1 + x itself), x - (u - 1) is the
/// rounding error of 1 + x, and the first-order term gives it back; beyond, the term is below
/// ln(u)'s ulp. log1p(-1) = -inf, log1p(x < -1) = NaN, log1p(+inf) = +inf, log1p(±0) = ±0.
#[inline(always)]
pub fn log1p<S: Simd>(x: S::V) -> S::V {
    let (zero, one) = (c::<S>(0.0, 0.0), c::<S>(1.0, 1.0));
    let inf = c::<S>(f32::INFINITY, f64::INFINITY);
    let u = S::add(one, x);
    let y = log1p_of_sum::<S>(x, u, one);
    // (The correction is 0/0 at u = 0 and inf - inf at +inf; 0 + -0 would lose -0's sign.)
    let y = S::select(S::eq(u, zero), S::neg(inf), y);
    let y = S::select(S::eq(x, inf), inf, y);
    S::select(S::eq(x, zero), x, y)
}

/// log1p(x) = ln(u) + (x - (u - 1)) / u given u = fl(1 + x) (and 1 from the caller, which may
/// have it hoisted), for u positive and finite.
#[inline(always)]
fn log1p_of_sum<S: Simd>(x: S::V, u: S::V, one: S::V) -> S::V {
    S::add(ln::<S>(u), S::div(S::sub(x, S::sub(u, one)), u))
}

/// `expm1`'s constants, each splatted to a lane vector, in the lane type's precision: a kernel
/// makes them once before its loop (`hoisted`).
///
/// The algorithm: x = n ln 2 + t with |t| <= ln2 / 2 (Cody-Waite, ln 2 in two parts), then
/// e^x - 1 = 2^n (e^t - 1) + (2^n - 1), written as 2 (h (e^t - 1) + (h - 1/2)) with h = 2^(n-1)
/// so that n = 128 (float32) / 1024 (float64) still has h normal: x up to ln(MAX) stays finite.
/// h - 1/2 is exact for n >= -24 / -53, and the product h (e^t - 1) is exact, so the result
/// rounds once, in the last addition; below, h - 1/2 and the sum round to -1/2, and the result
/// is -1, as it rounds. For n = 0 the result is e^t - 1 itself (t = x).
/// e^t - 1: float32 t + t^2 P(t), a degree-4 P fitted in NumPy for the relative error of the
/// sum on |t| <= 0.36 (0.78 ulp in f32 arithmetic); float64 fdlibm's expm1 kernel (a rational
/// function of t^2 with its five Remez coefficients Q1..Q5, error below 2^-61.7).
#[derive(Clone, Copy)]
pub struct Expm1<S: Simd> {
    k: [S::V; 13],
}

impl<S: Simd> Expm1<S> {
    #[inline(always)]
    pub fn splatted() -> Self {
        Self {
            k: [
                // The clamps: below, every result is -1 (n <= -26 / -58, h still normal); above,
                // +inf (n = 128 / 1024 at most).
                c::<S>(-18.0, -40.0),
                c::<S>(89.0, 710.0),
                c::<S>(core::f32::consts::LOG2_E, core::f64::consts::LOG2_E),
                c::<S>(1.0, 1.0),
                // ln 2 in two parts, the first with trailing zero bits so n ln2_hi is exact.
                c::<S>(6.931_457_5e-1, 6.931_471_803_691_238_2e-1),
                c::<S>(1.428_606_8e-6, 1.908_214_929_270_587_7e-10),
                // float32: P(t) = p0 + p1 t + .. + p4 t^4; float64: fdlibm's Q1..Q5.
                c::<S>(4.999_999_7e-1, -3.333_333_333_333_313_164_28e-2),
                c::<S>(1.666_652_4e-1, 1.587_301_587_254_814_601_65e-3),
                c::<S>(4.166_728_6e-2, -7.936_507_578_674_879_424_73e-5),
                c::<S>(8.369_118e-3, 4.008_217_827_329_362_395_52e-6),
                c::<S>(1.388_197_1e-3, -2.010_992_181_836_243_713_26e-7),
                c::<S>(0.5, 0.5),
                // Below this |x|, e^x - 1 rounds to x (and ±0 and subnormals keep their bits).
                c::<S>(2.980_232_2e-8, 5.551_115_123_125_783e-17),
            ],
        }
    }

    /// The constants hidden from the optimizer, for a kernel to make once before its loop (see
    /// `ExpNonpositive::hoisted`).
    #[inline(always)]
    pub fn hoisted() -> Self {
        core::hint::black_box(Self::splatted())
    }

    #[inline(always)]
    pub fn expm1(&self, x: S::V) -> S::V {
        let [low, high, log2e, one, ln2_hi, ln2_lo, p0, p1, p2, p3, p4, half, tiny] = self.k;
        // pmin/pmax keep a NaN x.
        let z = S::min(S::max(x, low), high);
        // n - 1 and h = 2^(n-1) in one rounding (see `Simd::round_and_pow2i`).
        let (n_minus_1, h) = S::round_and_pow2i(S::sub(S::mul(z, log2e), one));
        let n = S::add(n_minus_1, one);
        let t = S::sub(S::sub(z, S::mul(n, ln2_hi)), S::mul(n, ln2_lo));
        let tt = S::mul(t, t);
        let m = if is_single::<S>() {
            // Estrin's scheme: (p0 + p1 t) + t^2 ((p2 + p3 t) + t^2 p4).
            let low = S::add(p0, S::mul(t, p1));
            let high = S::add(p2, S::mul(t, p3));
            let p = S::add(low, S::mul(tt, S::add(high, S::mul(tt, p4))));
            S::add(t, S::mul(tt, p))
        } else {
            // fdlibm: r1 = 1 + hxs Q(hxs) with hxs = t^2 / 2, u = 3 - r1 t / 2,
            // e = hxs (r1 - u) / (6 - t u), e^t - 1 = t - (t e - hxs).
            let hfx = S::mul(half, t);
            let hxs = S::mul(t, hfx);
            let q = S::add(p3, S::mul(hxs, p4));
            let q = S::add(p2, S::mul(hxs, q));
            let q = S::add(p1, S::mul(hxs, q));
            let q = S::add(p0, S::mul(hxs, q));
            let r1 = S::add(one, S::mul(hxs, q));
            let u = S::sub(c::<S>(3.0, 3.0), S::mul(r1, hfx));
            let e = S::mul(hxs, S::div(S::sub(r1, u), S::sub(c::<S>(6.0, 6.0), S::mul(t, u))));
            S::sub(t, S::sub(S::mul(t, e), hxs))
        };
        let y = S::add(S::mul(h, m), S::sub(h, half));
        S::select(S::lt(S::abs(x), tiny), x, S::add(y, y))
    }

    /// `elu` with these constants.
    #[inline(always)]
    pub fn elu(&self, x: S::V) -> S::V {
        S::select(S::lt(c::<S>(0.0, 0.0), x), x, self.expm1(x))
    }

    /// `selu` with these constants.
    #[inline(always)]
    pub fn selu(&self, x: S::V) -> S::V {
        let negative = S::mul(c::<S>(SELU_ALPHA as f32, SELU_ALPHA), self.expm1(x));
        S::mul(c::<S>(SELU_SCALE as f32, SELU_SCALE), S::select(S::lt(c::<S>(0.0, 0.0), x), x, negative))
    }
}

/// selu's constants (Klambauer et al. 2017), as TensorFlow writes them.
pub const SELU_ALPHA: f64 = 1.673_263_242_354_377_3;
pub const SELU_SCALE: f64 = 1.050_700_987_355_480_5;

/// erf x: x P(x^2) (its Taylor series) for |x| < 1/2, else ±(1 - erfc |x|) (`erfc_tail`),
/// where erfc |x| <= 0.48 and the difference loses nothing. Odd: erf(-0) = -0.
#[inline(always)]
pub fn erf<S: Simd>(x: S::V) -> S::V {
    let (one, half) = (c::<S>(1.0, 1.0), c::<S>(0.5, 0.5));
    let a = S::abs(x);
    let z = S::min(S::max(a, half), c::<S>(ERFC_ZERO_BEYOND.0, ERFC_ZERO_BEYOND.1));
    let (hi, lo) = exact_square::<S>(z);
    let tail = S::sub(one, erfc_tail::<S>(z, hi, lo));
    let large = S::select(S::lt(x, c::<S>(0.0, 0.0)), S::neg(tail), tail);
    S::select(S::lt(a, half), erf_series::<S>(x), large)
}

/// erfc x = 1 - erf x: 1 - x P(x^2) for |x| < 1/2 (in (0.48, 1.52): no cancellation), else
/// `erfc_tail` of |x|, which keeps its relative accuracy far into the tail, or 2 minus it.
#[inline(always)]
pub fn erfc<S: Simd>(x: S::V) -> S::V {
    let (hi, lo) = exact_square::<S>(S::min(S::abs(x), c::<S>(ERFC_ZERO_BEYOND.0, ERFC_ZERO_BEYOND.1)));
    erfc_given_square::<S>(x, hi, lo)
}

/// x Φ(x), Φ(x) = erfc(-x/√2)/2 the normal CDF (`tf.nn.gelu`, not approximated). The tail's
/// e^(-x^2/2) takes x^2/2 exactly from x, not from -x/√2 rounded: that rounding, times the
/// exponent's x^2, would cost up to x^2 ulps of relative error (16 at x = -3 in float32).
#[inline(always)]
pub fn gelu<S: Simd>(x: S::V) -> S::V {
    let half = c::<S>(0.5, 0.5);
    let z = S::mul(x, c::<S>(-core::f32::consts::FRAC_1_SQRT_2, -core::f64::consts::FRAC_1_SQRT_2));
    // (Beyond |x| = √2 ERFC_ZERO_BEYOND the tail is 0 whatever the square.)
    let (hi, lo) = exact_square::<S>(S::min(S::abs(x), c::<S>(14.8, 38.8)));
    let cdf = erfc_given_square::<S>(z, S::mul(hi, half), S::mul(lo, half));
    S::mul(S::mul(half, x), cdf)
}

/// x/2 (1 + tanh(√(2/π) (x + 0.044715 x^3))) (`tf.nn.gelu(x, approximate=True)`), from the tanh
/// lanes, in TensorFlow's order of operations.
#[inline(always)]
pub fn gelu_approximate<S: Simd>(x: S::V) -> S::V {
    let cubic = S::mul(S::mul(S::mul(c::<S>(GELU_CUBIC as f32, GELU_CUBIC), x), x), x);
    let inner = S::mul(c::<S>(SQRT_2_OVER_PI as f32, SQRT_2_OVER_PI), S::add(x, cubic));
    let half = c::<S>(0.5, 0.5);
    S::mul(S::mul(half, x), S::add(c::<S>(1.0, 1.0), tanh::<S>(inner)))
}

/// The approximate gelu's constants: √(2/π) and the cubic term's coefficient.
pub const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;
pub const GELU_CUBIC: f64 = 0.044715;

/// Beyond this z (float32, float64), erfc z is 0 in every rounding (below half the smallest
/// subnormal): erfc's argument is clamped there, so its square stays finite.
const ERFC_ZERO_BEYOND: (f32, f64) = (10.5, 27.5);

/// erfc x where x^2 = hi + lo exactly wherever |x| is within ERFC_ZERO_BEYOND (beyond, any
/// square at least as large).
#[inline(always)]
fn erfc_given_square<S: Simd>(x: S::V, hi: S::V, lo: S::V) -> S::V {
    let (one, half) = (c::<S>(1.0, 1.0), c::<S>(0.5, 0.5));
    let a = S::abs(x);
    let tail = erfc_tail::<S>(S::min(S::max(a, half), c::<S>(ERFC_ZERO_BEYOND.0, ERFC_ZERO_BEYOND.1)), hi, lo);
    let large = S::select(S::lt(x, c::<S>(0.0, 0.0)), S::sub(c::<S>(2.0, 2.0), tail), tail);
    S::select(S::lt(a, half), S::sub(one, erf_series::<S>(x)), large)
}

/// (hi, lo) with hi = fl(z^2) and hi + lo = z^2 exactly: Dekker's product, with Veltkamp's split
/// of z into halves whose partial products are exact. No fused multiply-add in wasm: none forms.
#[inline(always)]
fn exact_square<S: Simd>(z: S::V) -> (S::V, S::V) {
    let scaled = S::mul(z, c::<S>(4097.0, 134_217_729.0));
    let z_hi = S::sub(scaled, S::sub(scaled, z));
    let z_lo = S::sub(z, z_hi);
    let hi = S::mul(z, z);
    let lo = S::add(S::add(S::sub(S::mul(z_hi, z_hi), hi), S::mul(S::add(z_hi, z_hi), z_lo)), S::mul(z_lo, z_lo));
    (hi, lo)
}

/// erf x = (2/√π) Σ (-1)^n x^(2n+1) / (n! (2n+1)), summed to below half an ulp for |x| < 1/2
/// (7 terms in float32, 13 in float64), by Horner's rule in x^2.
#[inline(always)]
fn erf_series<S: Simd>(x: S::V) -> S::V {
    let xx = S::mul(x, x);
    let p = if is_single::<S>() {
        const C: [f32; 7] = [core::f32::consts::FRAC_2_SQRT_PI, -3.761_263_8e-1, 1.128_379_2e-1, -2.686_617_2e-2, 5.223_978e-3, -8.548_327e-4, 1.205_533_3e-4];
        C[..6].iter().rev().fold(c::<S>(C[6], 0.0), |p, &k| S::add(c::<S>(k, 0.0), S::mul(xx, p)))
    } else {
        const C: [f64; 13] = [
            core::f64::consts::FRAC_2_SQRT_PI,
            -3.761_263_890_318_375_4e-1,
            1.128_379_167_095_512_6e-1,
            -2.686_617_064_513_125_2e-2,
            5.223_977_625_442_188e-3,
            -8.548_327_023_450_853e-4,
            1.205_533_298_178_966_4e-4,
            -1.492_565_035_840_625e-5,
            1.646_211_436_588_924_8e-6,
            -1.636_584_469_123_492_4e-7,
            1.480_719_281_587_921_8e-8,
            -1.229_055_530_171_792_8e-9,
            9.422_759_064_650_411e-11,
        ];
        C[..12].iter().rev().fold(c::<S>(0.0, C[12]), |p, &k| S::add(c::<S>(0.0, k), S::mul(xx, p)))
    };
    S::mul(x, p)
}

/// erfc z for z in [1/2, ERFC_ZERO_BEYOND] (or NaN), given z^2 = hi + lo exactly:
/// t e^(f(t) - z^2) with t = 2 / (2 + z), f(t) = ln(erfc(z) / t) + z^2, smooth on t in (0, 0.8]
/// (the form of Numerical Recipes' `erfccheb`).
/// float32 fits f on z <= 10.5 (beyond, erfc underflows) with a degree-8 polynomial in
/// u = t - 0.48 (a Lawson fit in NumPy against mpmath: 3.5e-8, 1.2e-7 in float32 arithmetic);
/// float64 sums `special`'s 29 Chebyshev coefficients. lo joins the exponent's reduced argument
/// (`Exp::exp_sum`): z^2 rounded would cost up to z^2 ulps of relative error.
#[inline(always)]
fn erfc_tail<S: Simd>(z: S::V, hi: S::V, lo: S::V) -> S::V {
    let two = c::<S>(2.0, 2.0);
    let t = S::div(two, S::add(two, z));
    let f = if is_single::<S>() {
        // u = t - 0.48 is exact for t in [0.24, 0.96] (Sterbenz), and in error by at most half
        // an ulp of 0.32 below: a scaled variable (t - 0.48) / 0.32 would round by 1.2e-7.
        let u = S::sub(t, c::<S>(0.48, 0.0));
        const C: [f32; 9] = [
            -6.986_211e-1,
            1.337_265_6,
            2.114_812_4e-1,
            -3.612_830_4e-1,
            -1.854_131_2e-1,
            2.614_678_7e-1,
            1.532_918_2e-1,
            -2.207_300_8e-1,
            -9.611_572e-2,
        ];
        // Estrin's scheme: pairs, then pairs of pairs.
        let k = |i: usize| c::<S>(C[i], 0.0);
        let uu = S::mul(u, u);
        let u4 = S::mul(uu, uu);
        let p01 = S::add(k(0), S::mul(u, k(1)));
        let p23 = S::add(k(2), S::mul(u, k(3)));
        let p45 = S::add(k(4), S::mul(u, k(5)));
        let p67 = S::add(k(6), S::mul(u, k(7)));
        let low = S::add(p01, S::mul(uu, p23));
        let high = S::add(p45, S::mul(uu, S::add(p67, S::mul(uu, k(8)))));
        S::add(low, S::mul(u4, high))
    } else {
        // Clenshaw's recurrence in y = 2.5 t - 1 = (3 - z) / (2 + z).
        let y = S::div(S::sub(c::<S>(3.0, 3.0), z), S::add(two, z));
        let yy = S::add(y, y);
        let coefficients = &super::special::ERFC_CHEBYSHEV;
        let (mut b1, mut b2) = (c::<S>(0.0, 0.0), c::<S>(0.0, 0.0));
        for &k in coefficients[1..].iter().rev() {
            let b0 = S::add(S::sub(S::mul(yy, b1), b2), c::<S>(0.0, k));
            b2 = b1;
            b1 = b0;
        }
        S::add(S::sub(S::mul(y, b1), b2), c::<S>(0.0, 0.5 * coefficients[0]))
    };
    S::mul(t, Exp::<S>::splatted().exp_sum(S::neg(hi), S::sub(f, lo)))
}

/// Hyperbolic tangent; odd, so tanh(-0) = -0, and +-1 once e^-2|x| no longer shows.
#[inline(always)]
pub fn tanh<S: Simd>(x: S::V) -> S::V {
    let a = S::abs(x);
    let one = c::<S>(1.0, 1.0);
    // |x| < 0.625: x + x^3 P(x^2) (Cephes), which is x itself for tiny x.
    let x2 = S::mul(x, x);
    let p = if is_single::<S>() {
        let p = S::add(
            c::<S>(2.063_908_9e-2, 0.0),
            S::mul(x2, c::<S>(-5.704_988_7e-3, 0.0)),
        );
        let p = S::add(c::<S>(-5.373_971_6e-2, 0.0), S::mul(x2, p));
        let p = S::add(c::<S>(1.333_144_2e-1, 0.0), S::mul(x2, p));
        S::add(c::<S>(-3.333_328_2e-1, 0.0), S::mul(x2, p))
    } else {
        let d = |v: f64| c::<S>(0.0, v);
        let num = S::add(
            d(-9.928_772_310_019_186e1),
            S::mul(x2, d(-9.643_991_794_250_522e-1)),
        );
        let num = S::add(d(-1.614_687_684_417_084_5e3), S::mul(x2, num));
        let den = S::add(d(1.128_116_784_916_329_3e2), x2);
        let den = S::add(d(2.235_488_390_601_004_5e3), S::mul(x2, den));
        let den = S::add(d(4.844_063_053_251_255e3), S::mul(x2, den));
        S::div(num, den)
    };
    let small = S::add(x, S::mul(S::mul(x, x2), p));
    // Otherwise 1 - 2t / (1 + t) with t = e^-2|x| in (0, 0.29], with x's sign: the rounding
    // errors of t and 1 + t reach the result scaled down by 2t / (1 + t) <= 0.45.
    let t = exp::<S>(S::mul(a, c::<S>(-2.0, -2.0)));
    let large = S::sub(one, S::div(S::add(t, t), S::add(one, t)));
    let zero = c::<S>(0.0, 0.0);
    let large = S::select(S::lt(x, zero), S::neg(large), large);
    let y = S::select(S::lt(a, c::<S>(0.625, 0.625)), small, large);
    // -0 + (-0 * 0 * P) is +0 (P < 0): keep the zero's sign.
    S::select(S::eq(x, zero), x, y)
}

/// 1 / (1 + e^-x) without overflow: with e = e^-|x| <= 1, it is 1 / (1 + e) for x >= 0 and
/// e / (1 + e) for x < 0. float32 lanes take `exp_nonpositive`'s short path (sigmoid is a hot
/// activation): results below the smallest normal float32 (x < -87.34) may flush to 0.
#[inline(always)]
pub fn sigmoid<S: Simd>(x: S::V) -> S::V {
    ExpNonpositive::<S>::splatted().sigmoid(x)
}

/// log(1 + e^x) = max(x, 0) + log1p(e^-|x|), which never overflows; see `ExpNonpositive::softplus`.
#[inline(always)]
pub fn softplus<S: Simd>(x: S::V) -> S::V {
    ExpNonpositive::<S>::splatted().softplus(x)
}

/// x sigmoid(x) (silu, also called swish).
#[inline(always)]
pub fn silu<S: Simd>(x: S::V) -> S::V {
    ExpNonpositive::<S>::splatted().silu(x)
}

/// e^z for z <= 0 (or NaN); see `ExpNonpositive`.
#[inline(always)]
pub fn exp_nonpositive<S: Simd>(z: S::V) -> S::V {
    ExpNonpositive::<S>::splatted().exp(z)
}

/// e^z for z <= 0 (or NaN), the exp of sigmoid and softmax rows: in float64 lanes `exp` itself;
/// in float32 lanes a shorter path: one Cody-Waite reduction z = n ln 2 + t, e^t = 1 + t q(t)
/// with a degree-4 q fitted for relative error (within 3 ulp), and one 2^n scaling. z is clamped
/// at -88, where n = -127 and 2^n, built in the exponent field, is 0: results are 0 below
/// e^-87.68 and subnormal between, with no select (XNNPACK flushes below the smallest normal).
///
/// The struct holds the splatted float32 constants, so a loop can make them once (`hoisted`).
#[derive(Clone, Copy)]
pub struct ExpNonpositive<S: Simd> {
    k: [S::V; 11],
}

impl<S: Simd> ExpNonpositive<S> {
    /// The float32 constants, each splatted to a lane vector (unused in float64 lanes).
    #[inline(always)]
    pub fn splatted() -> Self {
        let k = [
            -88.0,
            core::f32::consts::LOG2_E,
            // ln 2 in two parts, the first with trailing zero bits so n * LN2_HI is exact.
            6.931_457_5e-1,
            1.428_606_8e-6,
            // q(t) = (e^t - 1) / t, minimax-weighted for the relative error of e^t on
            // |t| <= ln2 / 2 (a Lawson fit in NumPy; the module's tests measure the bound).
            9.999_997e-1,
            4.999_915e-1,
            1.666_763_4e-1,
            4.189_796_4e-2,
            8.290_489e-3,
            1.0,
            0.0,
        ];
        Self { k: k.map(|v| c::<S>(v, 0.0)) }
    }

    /// The constants hidden from the optimizer, for a kernel to make once before its loop.
    /// Otherwise LLVM rematerializes every v128.const at its use inside the loop, and V8 builds
    /// each with three instructions there: a third of the sigmoid loop.
    #[inline(always)]
    pub fn hoisted() -> Self {
        core::hint::black_box(Self::splatted())
    }

    #[inline(always)]
    pub fn exp(&self, z: S::V) -> S::V {
        if !is_single::<S>() {
            return exp::<S>(z);
        }
        // pmax keeps a NaN z. -88 * log2(e) rounds to n = -127 (and no lower), whose 2^n is 0.
        self.exp_from_minus_88(S::max(z, self.k[0]))
    }

    /// `exp` for z in [-88, 0] (or NaN), where its clamp changes nothing, without the clamp: a
    /// softmax row whose values all lie within 88 of its max needs none (in float64 lanes it is
    /// `exp` itself).
    /// One constant fewer in a loop matters: with ten, TurboFan's 16 vector registers spill.
    #[inline(always)]
    pub fn exp_from_minus_88(&self, z: S::V) -> S::V {
        if !is_single::<S>() {
            return exp::<S>(z);
        }
        let [_, log2e, ln2_hi, ln2_lo, q0, q1, q2, q3, q4, _, _] = self.k;
        let (n, scale) = S::round_and_pow2i(S::mul(z, log2e));
        let t = S::sub(S::sub(z, S::mul(n, ln2_hi)), S::mul(n, ln2_lo));
        // Estrin's scheme, (q0 + q1 t) + t^2 ((q2 + q3 t) + t^2 q4): a dependency chain of three
        // multiply-adds instead of Horner's four; the chain is what bounds this loop's speed.
        let t2 = S::mul(t, t);
        let low = S::add(q0, S::mul(t, q1));
        let high = S::add(q2, S::mul(t, q3));
        let q = S::add(low, S::mul(t2, S::add(high, S::mul(t2, q4))));
        // e^z = 2^n (1 + t q) = 2^n + (t 2^n) q: 2^n is ready early, so the chain after q is
        // one multiply-add (scaling by 2^n is exact while the result is normal).
        S::add(scale, S::mul(S::mul(t, scale), q))
    }

    /// `sigmoid` with these constants.
    #[inline(always)]
    pub fn sigmoid(&self, x: S::V) -> S::V {
        let (one, zero) = self.one_zero();
        let e = self.exp(S::neg_abs(x));
        let numerator = S::select(S::lt(x, zero), e, one);
        S::div(numerator, S::add(one, e))
    }

    /// x sigmoid(x) with these constants (-inf gives NaN, as -inf · 0 does).
    #[inline(always)]
    pub fn silu(&self, x: S::V) -> S::V {
        S::mul(x, self.sigmoid(x))
    }

    /// log(1 + e^x) = max(x, 0) + log1p(e) with e = e^-|x| in [0, 1], with these constants.
    /// log1p(e) = ln(u) + (e - (u - 1)) / u for u = fl(1 + e): u - 1 and e - (u - 1) are exact
    /// (Sterbenz), the latter the rounding error of 1 + e, which the first-order term gives back
    /// (an e below half an ulp of 1 comes out as itself). Within the exp's and ln's ulps; float32
    /// results below the smallest normal number (x < -87.34) may flush to 0, as sigmoid's.
    #[inline(always)]
    pub fn softplus(&self, x: S::V) -> S::V {
        let (one, zero) = self.one_zero();
        let e = self.exp(S::neg_abs(x));
        let log1p = log1p_of_sum::<S>(e, S::add(one, e), one);
        // (max keeps a NaN x.)
        S::add(S::max(x, zero), log1p)
    }

    /// 1 and 0 in lanes: float32 lanes take them from the hoisted constants.
    #[inline(always)]
    fn one_zero(&self) -> (S::V, S::V) {
        if is_single::<S>() {
            (self.k[9], self.k[10])
        } else {
            (c::<S>(1.0, 1.0), c::<S>(0.0, 0.0))
        }
    }
}
