//! exp, ln, tanh and sigmoid as lane functions, written once over `S: Simd` from the primitive
//! lane ops, so the simd128 lanes and the scalar twin run the same algorithm and agree bit for
//! bit. simd128 has no transcendental instructions; these replace a libm call per element.
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
        let [min_x, max_x, log2e, ln2_hi, ln2_lo, p5, p4, p3, p2, p1, p0, one, two, half] = self.k;
        // Clamping keeps k within the range where the two-step scaling below is exact.
        // pmin/pmax keep a NaN x.
        let x = S::min(S::max(x, min_x), max_x);
        // x = k ln2 + r, |r| <= ln2 / 2. k * LN2_HI is exact (LN2_HI has few significant bits),
        // and so is x - k * LN2_HI; r = hi - lo carries the rest.
        let k = S::round(S::mul(x, log2e));
        let hi = S::sub(x, S::mul(k, ln2_hi));
        let lo = S::mul(k, ln2_lo);
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
/// wrong (the reduction and quadrant logic assume n in 0..=4).
#[inline(always)]
pub fn sin_cos_angle<S: Simd<Elem = f64>>(x: S::V) -> (S::V, S::V) {
    let k = |bits: u64| S::splat(f64::from_bits(bits));
    // π/2 = PIO2_1 + PIO2_2 + PIO2_2T: the first two of 33 bits, so n·PIO2_i is exact for n <= 4.
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
    let z = S::mul(y0, y0);
    let w = S::mul(z, z);
    let half = S::splat(0.5);
    // __kernel_sin(y0, y1, 1): y0 - ((z (y1/2 - v r) - y1) - v S1), v = z y0.
    let r = S::add(
        S::add(S::splat(8.333_333_333_322_489_461_24e-3), S::mul(z, S::add(S::splat(-1.984_126_982_985_794_931_34e-4), S::mul(z, S::splat(2.755_731_370_707_006_767_89e-6))))),
        S::mul(S::mul(z, w), S::add(S::splat(-2.505_076_025_340_686_341_95e-8), S::mul(z, S::splat(1.589_690_995_211_550_102_21e-10)))),
    );
    let v = S::mul(z, y0);
    let sin = S::sub(
        y0,
        S::sub(S::sub(S::mul(z, S::sub(S::mul(half, y1), S::mul(v, r))), y1), S::mul(v, S::splat(-1.666_666_666_666_663_243_48e-1))),
    );
    // __kernel_cos(y0, y1): w + (((1 - w) - z/2) + (z r - y0 y1)), w = 1 - z/2.
    let r = S::add(
        S::mul(z, S::add(S::splat(4.166_666_666_666_660_190_37e-2), S::mul(z, S::add(S::splat(-1.388_888_888_887_410_957_49e-3), S::mul(z, S::splat(2.480_158_728_947_672_941_78e-5)))))),
        S::mul(S::mul(w, w), S::add(S::splat(-2.755_731_435_139_066_330_35e-7), S::mul(z, S::add(S::splat(2.087_572_321_298_174_827_90e-9), S::mul(z, S::splat(-1.135_964_755_778_819_482_65e-11)))))),
    );
    let hz = S::mul(half, z);
    let one_minus = S::sub(S::splat(1.0), hz);
    let cos = S::add(one_minus, S::add(S::sub(S::sub(S::splat(1.0), one_minus), hz), S::sub(S::mul(z, r), S::mul(y0, y1))));
    // Quadrant n mod 4: (sin, cos) of x is (s, c), (c, -s), (-s, -c), (-c, s).
    let quadrant = |q: f64| S::eq(n, S::splat(q));
    let (q1, q2, q3) = (quadrant(1.0), quadrant(2.0), quadrant(3.0));
    let sin_x = S::select(q1, cos, S::select(q2, S::neg(sin), S::select(q3, S::neg(cos), sin)));
    let cos_x = S::select(q1, S::neg(sin), S::select(q2, S::neg(cos), S::select(q3, sin, cos)));
    (sin_x, cos_x)
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
        let u = S::add(one, e);
        let log1p = S::add(ln::<S>(u), S::div(S::sub(e, S::sub(u, one)), u));
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
