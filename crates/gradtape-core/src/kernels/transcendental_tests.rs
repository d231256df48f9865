//! The transcendental lane functions (instantiated with the scalar twin, the algorithm the
//! simd128 lanes also run) against the host libm, in ulps: dense sweeps of every range, the
//! overflow / underflow / subnormal boundaries, and special values.
//! `cargo test -p gradtape-core --lib transcendental -- --nocapture` prints the worst cases.

use super::simd::ScalarTwin;
use super::transcendental::{cos, elu, erf, erfc, exp, expm1, gelu, gelu_approximate, ln, log1p, selu, sigmoid, silu, sin, sin_cos_angle, softplus, tanh, SELU_ALPHA, SELU_SCALE};
use super::{scalar_oracle, sigmoid as sigmoid_kernel, tanh as tanh_kernel, unary, UnaryKind};

/// A float whose bit pattern maps to a signed integer that is monotone in the value (-0 = +0).
trait Float: Copy + PartialEq + core::fmt::Debug {
    fn ordered(self) -> i64;
    fn is_nan(self) -> bool;
}
impl Float for f32 {
    fn ordered(self) -> i64 {
        let b = self.to_bits();
        let mag = (b & 0x7fff_ffff) as i64;
        if b >> 31 == 1 {
            -mag
        } else {
            mag
        }
    }
    fn is_nan(self) -> bool {
        f32::is_nan(self)
    }
}
impl Float for f64 {
    fn ordered(self) -> i64 {
        let b = self.to_bits();
        let mag = (b & 0x7fff_ffff_ffff_ffff) as i64;
        if b >> 63 == 1 {
            -mag
        } else {
            mag
        }
    }
    fn is_nan(self) -> bool {
        f64::is_nan(self)
    }
}

/// Distance in representable values; 0 when both are NaN, huge when only one is.
fn ulps<T: Float>(got: T, want: T) -> u64 {
    match (got.is_nan(), want.is_nan()) {
        (true, true) => 0,
        (false, false) => got.ordered().abs_diff(want.ordered()),
        _ => u64::MAX,
    }
}

/// Worst ulp error of `f` against `reference` over `inputs`, with the input where it occurs.
struct Worst<T> {
    ulps: u64,
    at: Option<T>,
    count: usize,
}

fn measure<T: Float>(
    inputs: impl Iterator<Item = T>,
    f: impl Fn(T) -> T,
    reference: impl Fn(T) -> T,
) -> Worst<T> {
    let mut worst = Worst {
        ulps: 0,
        at: None,
        count: 0,
    };
    for x in inputs {
        let e = ulps(f(x), reference(x));
        worst.count += 1;
        if e > worst.ulps || worst.at.is_none() {
            worst.ulps = worst.ulps.max(e);
            worst.at = Some(x);
        }
    }
    worst
}

fn check<T: Float>(
    name: &str,
    bound: u64,
    worst: Worst<T>,
    f: impl Fn(T) -> T,
    reference: impl Fn(T) -> T,
) {
    let at = worst.at.expect("inputs");
    println!(
        "{name}: max {} ulp over {} inputs (at {at:?}: got {:?}, libm {:?})",
        worst.ulps,
        worst.count,
        f(at),
        reference(at)
    );
    assert!(
        worst.ulps <= bound,
        "{name}: {} ulp > {bound} at {at:?}",
        worst.ulps
    );
}

/// For f32: also the error against f64 libm rounded to f32 (nearly the correctly rounded
/// value), printed only, to tell the algorithm's error from the f32 libm's own.
fn against_f64(
    name: &str,
    inputs: impl Iterator<Item = f32>,
    f: impl Fn(f32) -> f32,
    f64_ref: impl Fn(f64) -> f64,
) {
    let worst = measure(inputs, f, |x| f64_ref(x as f64) as f32);
    println!(
        "{name} vs f64 libm rounded: max {} ulp (at {:?})",
        worst.ulps, worst.at
    );
}

/// Every `stride`-th f32 bit pattern (both signs, NaNs and infinities included).
fn f32_sweep(stride: usize) -> impl Iterator<Item = f32> + Clone {
    (0..=u32::MAX).step_by(stride).map(f32::from_bits)
}

/// `n` consecutive f32 values on each side of `x`.
fn f32_around(x: f32, n: i64) -> impl Iterator<Item = f32> + Clone {
    let o = x.ordered();
    (o - n..=o + n).map(|i| {
        if i < 0 {
            f32::from_bits((-i) as u32 | 0x8000_0000)
        } else {
            f32::from_bits(i as u32)
        }
    })
}

fn f64_around(x: f64, n: i64) -> impl Iterator<Item = f64> + Clone {
    let o = x.ordered();
    (o - n..=o + n).map(|i| {
        if i < 0 {
            f64::from_bits((-i) as u64 | 0x8000_0000_0000_0000)
        } else {
            f64::from_bits(i as u64)
        }
    })
}

/// Deterministic f64 inputs: uniform in [lo, hi), then arbitrary bit patterns (xorshift64*).
fn f64_sweep(lo: f64, hi: f64, n: usize, seed: u64) -> impl Iterator<Item = f64> + Clone {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    (0..2 * n).map(move |i| {
        let r = next();
        if i < n {
            lo + (hi - lo) * ((r >> 11) as f64 / (1u64 << 53) as f64)
        } else {
            f64::from_bits(r)
        }
    })
}

const F32_SPECIALS: [f32; 16] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    f32::INFINITY,
    f32::NEG_INFINITY,
    f32::NAN,
    f32::MIN_POSITIVE,
    -f32::MIN_POSITIVE,
    1e-45,
    -1e-45,
    1e-40,
    f32::MAX,
    f32::MIN,
    -100.0,
    88.72284,
];
const F64_SPECIALS: [f64; 16] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
    f64::MIN_POSITIVE,
    -f64::MIN_POSITIVE,
    5e-324,
    -5e-324,
    1e-310,
    f64::MAX,
    f64::MIN,
    -740.0,
    709.782712893384,
];

type T32 = ScalarTwin<f32>;
type T64 = ScalarTwin<f64>;

fn sig32_reference(x: f32) -> f32 {
    (1.0 / (1.0 + (-(x as f64)).exp())) as f32
}

/// 1 / (1 + e^-x) in f64 the overflow-free way, with libm's exp.
fn sig64_reference(x: f64) -> f64 {
    let e = (-x.abs()).exp();
    if x < 0.0 {
        e / (1.0 + e)
    } else {
        1.0 / (1.0 + e)
    }
}

#[test]
fn transcendental_exp_f32_within_1_ulp() {
    let f = exp::<T32>;
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        // overflow, the last normal, the subnormal range and the underflow to 0
        .chain(f32_around(88.72284, 200_000))
        .chain(f32_around(-87.33655, 200_000))
        .chain(f32_around(-103.27893, 200_000))
        .chain(f32_around(-0.5 * core::f32::consts::LN_2, 100_000))
        .chain(f32_around(0.0, 2_000_000));
    check(
        "exp f32",
        1,
        measure(inputs.clone(), f, f32::exp),
        f,
        f32::exp,
    );
    against_f64("exp f32", inputs, f, f64::exp);
}

#[test]
fn transcendental_exp_f64_within_1_ulp() {
    let f = exp::<T64>;
    let inputs = f64_sweep(-746.0, 710.0, 2_000_000, 1)
        .chain(f64_sweep(-1.0, 1.0, 500_000, 2))
        .chain(F64_SPECIALS)
        .chain(f64_around(709.782712893384, 100_000))
        .chain(f64_around(-708.3964185322641, 100_000))
        .chain(f64_around(-745.1332191019411, 100_000))
        .chain(f64_around(0.0, 100_000));
    check("exp f64", 1, measure(inputs, f, f64::exp), f, f64::exp);
}

#[test]
fn transcendental_ln_f32_within_1_ulp() {
    let f = ln::<T32>;
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(1.0, 1_000_000))
        .chain(f32_around(core::f32::consts::SQRT_2, 100_000))
        .chain(f32_around(f32::MIN_POSITIVE, 100_000));
    check("ln f32", 1, measure(inputs.clone(), f, f32::ln), f, f32::ln);
    against_f64("ln f32", inputs, f, f64::ln);
}

#[test]
fn transcendental_ln_f64_within_1_ulp() {
    let f = ln::<T64>;
    let inputs = f64_sweep(0.0, 4.0, 1_000_000, 3)
        .chain(f64_sweep(0.0, 1e300, 500_000, 4))
        .chain(F64_SPECIALS)
        .chain(f64_around(1.0, 200_000))
        .chain(f64_around(core::f64::consts::SQRT_2, 100_000))
        .chain(f64_around(f64::MIN_POSITIVE, 100_000));
    check("ln f64", 1, measure(inputs, f, f64::ln), f, f64::ln);
}

#[test]
fn transcendental_tanh_f32_within_2_ulp() {
    let f = tanh::<T32>;
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.625, 500_000))
        .chain(f32_around(-0.625, 500_000))
        .chain(f32_around(9.0, 100_000))
        .chain(f32_around(0.0, 2_000_000));
    check(
        "tanh f32",
        2,
        measure(inputs.clone(), f, f32::tanh),
        f,
        f32::tanh,
    );
    against_f64("tanh f32", inputs, f, f64::tanh);
}

#[test]
fn transcendental_tanh_f64_within_2_ulp() {
    let f = tanh::<T64>;
    let inputs = f64_sweep(-20.0, 20.0, 1_000_000, 5)
        .chain(f64_sweep(-1.0, 1.0, 1_000_000, 6))
        .chain(F64_SPECIALS)
        .chain(f64_around(0.625, 200_000))
        .chain(f64_around(19.0, 100_000))
        .chain(f64_around(0.0, 100_000));
    check("tanh f64", 2, measure(inputs, f, f64::tanh), f, f64::tanh);
}

#[test]
fn transcendental_sigmoid_f32_within_4_ulp() {
    // Within 4 ulp wherever the result is a normal float32; below (x < -87.34, results under
    // 2^-126) the short exp is subnormal down to e^-87.68 and 0 below, as XNNPACK's flushes.
    let f = sigmoid::<T32>;
    let normal = |x: &f32| !(*x < -87.336_55);
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(-87.33655, 100_000))
        .chain(f32_around(17.0, 100_000));
    check(
        "sigmoid f32",
        4,
        measure(inputs.filter(normal), f, sig32_reference),
        f,
        sig32_reference,
    );
    let below = f32_sweep(61).chain(f32_around(-87.5, 100_000)).chain(f32_around(-87.68, 100_000));
    for x in below.filter(|x| !normal(x)) {
        let y = f(x);
        let reference = sig32_reference(x);
        let close = y == 0.0 || (y as f64 - reference as f64).abs() <= 2.0 * 2f64.powi(-149);
        let subnormal = (0.0..f32::MIN_POSITIVE).contains(&y);
        assert!(reference < f32::MIN_POSITIVE && subnormal && close, "sigmoid({x}) = {y}: only results below 2^-126 flush");
    }
}

/// log(1 + e^x) in f64 the overflow-free way, with libm's exp and log1p.
fn softplus64_reference(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

#[test]
fn transcendental_softplus_within_4_ulp() {
    // float32: within 4 ulp of the value rounded from f64 wherever it is a normal float32; below
    // (x < -87.34, results under 2^-126) the short exp may flush, as sigmoid's.
    let f = softplus::<T32>;
    let reference = |x: f32| softplus64_reference(x as f64) as f32;
    let normal = |x: &f32| !(*x < -87.336_55);
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(-17.0, 100_000))
        .chain(f32_around(17.0, 100_000));
    check("softplus f32", 4, measure(inputs.filter(normal), f, reference), f, reference);
    for x in f32_sweep(61).chain(f32_around(-87.5, 100_000)).filter(|x| !normal(x)) {
        let (y, want) = (f(x), reference(x));
        assert!((y as f64 - want as f64).abs() <= f32::MIN_POSITIVE as f64, "softplus({x}) = {y}, want {want}");
    }
    let f = softplus::<T64>;
    let inputs = f64_sweep(-750.0, 750.0, 2_000_000, 7)
        .chain(F64_SPECIALS)
        .chain(f64_around(0.0, 200_000))
        .chain(f64_around(-36.0, 100_000));
    check("softplus f64", 4, measure(inputs, f, softplus64_reference), f, softplus64_reference);
}

#[test]
fn transcendental_silu_within_5_ulp() {
    // x sigmoid(x): sigmoid's 4 ulp and the product's rounding; below the smallest normal
    // float32 (x < -87.34) as sigmoid's.
    let f = silu::<T32>;
    let reference = |x: f32| (x as f64 * sig64_reference(x as f64)) as f32;
    let normal = |x: &f32| !(*x < -87.336_55);
    let inputs = f32_sweep(61).chain(F32_SPECIALS).chain(f32_around(0.0, 1_000_000)).chain(f32_around(-17.0, 100_000));
    check("silu f32", 5, measure(inputs.filter(normal), f, reference), f, reference);
    let f = silu::<T64>;
    let reference = |x: f64| x * sig64_reference(x);
    let inputs = f64_sweep(-700.0, 40.0, 2_000_000, 7).chain(F64_SPECIALS).chain(f64_around(0.0, 200_000));
    check("silu f64", 5, measure(inputs, f, reference), f, reference);
}

#[test]
fn transcendental_expm1_within_2_ulp() {
    // float32 against f64 libm rounded: the polynomial's 0.78 ulp, and in -17.33 < x < -17.0
    // (n = -25) a second rounding (h - 1/2) that can give -1 for -1 + 2^-24.
    let f = expm1::<T32>;
    let reference = |x: f32| (x as f64).exp_m1() as f32;
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(0.34, 100_000))
        .chain(f32_around(-17.2, 100_000))
        .chain(f32_around(88.72, 100_000));
    check("expm1 f32", 2, measure(inputs, f, reference), f, reference);
    let f = expm1::<T64>;
    let inputs = f64_sweep(-50.0, 710.0, 2_000_000, 7)
        .chain(f64_sweep(-1.0, 1.0, 1_000_000, 8))
        .chain(F64_SPECIALS)
        .chain(f64_around(0.0, 200_000))
        .chain(f64_around(-37.3, 100_000))
        .chain(f64_around(709.78, 100_000));
    check("expm1 f64", 2, measure(inputs, f, f64::exp_m1), f, f64::exp_m1);
}

#[test]
fn transcendental_log1p_within_2_ulp() {
    // ln's ulp and the correction's rounding.
    let f = log1p::<T32>;
    let reference = |x: f32| (x as f64).ln_1p() as f32;
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(-1.0, 100_000))
        .chain(f32_around(-0.5, 100_000))
        .chain(f32_around(16_777_216.0, 100_000));
    check("log1p f32", 2, measure(inputs, f, reference), f, reference);
    let f = log1p::<T64>;
    let inputs = f64_sweep(-1.0, 1e6, 2_000_000, 7)
        .chain(f64_sweep(-1.0, 1.0, 1_000_000, 8))
        .chain(F64_SPECIALS)
        .chain(f64_around(0.0, 200_000))
        .chain(f64_around(-1.0, 100_000))
        .chain(f64_around(9_007_199_254_740_992.0, 100_000));
    check("log1p f64", 2, measure(inputs, f, f64::ln_1p), f, f64::ln_1p);
}

#[test]
fn transcendental_elu_and_selu_within_3_ulp() {
    // expm1's error, and for selu two roundings of the constants' products.
    let elu64 = |x: f64| if x > 0.0 { x } else { x.exp_m1() };
    let selu64 = |x: f64| SELU_SCALE * if x > 0.0 { x } else { SELU_ALPHA * x.exp_m1() };
    let inputs = f32_sweep(61).chain(F32_SPECIALS).chain(f32_around(0.0, 1_000_000)).chain(f32_around(-17.2, 100_000));
    let f = elu::<T32>;
    let reference = |x: f32| elu64(x as f64) as f32;
    check("elu f32", 2, measure(inputs.clone(), f, reference), f, reference);
    let f = selu::<T32>;
    let reference = |x: f32| selu64(x as f64) as f32;
    check("selu f32", 3, measure(inputs, f, reference), f, reference);
    let inputs = f64_sweep(-50.0, 50.0, 2_000_000, 7).chain(F64_SPECIALS).chain(f64_around(0.0, 200_000));
    let f = elu::<T64>;
    check("elu f64", 2, measure(inputs.clone(), f, elu64), f, elu64);
    let f = selu::<T64>;
    check("selu f64", 3, measure(inputs, f, selu64), f, selu64);
}

/// erf, erfc and gelu in f64 by `special`'s scalar functions (tested against mpmath there).
fn erf64_reference(x: f64) -> f64 {
    super::special::erf(x)
}
fn erfc64_reference(x: f64) -> f64 {
    super::special::erfc(x)
}
/// x erfc(-x/√2)/2 with erfc at -x/√2 itself, not at its rounding z: erfc(z + δ) = erfc(z)
/// (1 - r δ) to first order, r = (2/√π) e^(-z^2) / erfc(z), δ = -x/√2 - z from the product's
/// rounding error and 1/√2's. (erfc at z alone is off by up to x^2/2 ulps in the tail.)
fn gelu64_reference(x: f64) -> f64 {
    let c = core::f64::consts::FRAC_1_SQRT_2;
    let z = -x * c;
    let delta = (-x).mul_add(c, -z) + (-x) * -4.833_646_656_726_457e-17;
    let delta = if delta.is_finite() { delta } else { 0.0 };
    let erfc = super::special::erfc(z);
    let r = if erfc > 0.0 { core::f64::consts::FRAC_2_SQRT_PI * (-z * z).exp() / erfc } else { 0.0 };
    0.5 * x * (erfc * (1.0 - r * delta))
}

#[test]
fn transcendental_erf_and_erfc_within_6_ulp() {
    // float32 against the f64 function rounded, wherever erfc is a normal float32 (x < 9.19);
    // beyond, within the smallest normal number. float64 against `special`'s erf and erfc.
    // float32 erfc: f(t)'s evaluation in float32 (1.2e-7), then the rounding of f - lo, of the
    // reduced argument and of the exponential's polynomial, t and the product: up to 6 ulp.
    // float64: `special`'s series is itself up to 2 ulp off below 1/2 (at x = -0.46326512746001747
    // it is 1.9 ulp from mpmath's erf, the lanes 0.6).
    let normal = |x: &f32| !(*x > 9.194);
    let inputs = f32_sweep(61)
        .chain(F32_SPECIALS)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(0.5, 100_000))
        .chain(f32_around(-0.5, 100_000))
        .chain(f32_around(4.0, 100_000));
    let f = erf::<T32>;
    let reference = |x: f32| erf64_reference(x as f64) as f32;
    check("erf f32", 4, measure(inputs.clone(), f, reference), f, reference);
    let f = erfc::<T32>;
    let reference = |x: f32| erfc64_reference(x as f64) as f32;
    check("erfc f32", 6, measure(inputs.clone().filter(normal), f, reference), f, reference);
    for x in inputs.chain(f32_around(9.2, 100_000)).filter(|x| !normal(x)) {
        let (y, want) = (f(x), reference(x));
        assert!((y as f64 - want as f64).abs() <= f32::MIN_POSITIVE as f64, "erfc({x}) = {y}, want {want}");
    }
    let inputs = f64_sweep(-30.0, 30.0, 2_000_000, 7)
        .chain(f64_sweep(-3.0, 3.0, 1_000_000, 8))
        .chain(F64_SPECIALS)
        .chain(f64_around(0.0, 200_000))
        .chain(f64_around(0.5, 100_000))
        .chain(f64_around(26.5, 100_000));
    let f = erf::<T64>;
    check("erf f64", 6, measure(inputs.clone(), f, erf64_reference), f, erf64_reference);
    let f = erfc::<T64>;
    check("erfc f64", 6, measure(inputs, f, erfc64_reference), f, erfc64_reference);
}

#[test]
fn transcendental_gelu_within_8_ulp() {
    // erfc's error and two products; the tail's exponent is exact in x, so no error grows with x^2.
    let f = gelu::<T32>;
    let reference = |x: f32| gelu64_reference(x as f64) as f32;
    let normal = |x: &f32| !(*x < -13.0); // (results below the smallest normal float32)
    let inputs = f32_sweep(61)
        .chain(f32_around(0.0, 1_000_000))
        .chain(f32_around(-3.0, 200_000))
        .chain(f32_around(-10.0, 200_000))
        .chain(f32_around(2.0, 200_000))
        .chain(F32_SPECIALS);
    check("gelu f32", 8, measure(inputs.clone().filter(normal), f, reference), f, reference);
    for x in inputs.filter(|x| !normal(x)) {
        let (y, want) = (f(x), reference(x));
        assert!(ulps(y, want) == 0 || (y as f64 - want as f64).abs() <= f32::MIN_POSITIVE as f64, "gelu({x}) = {y}, want {want}");
    }
    let f = gelu::<T64>;
    // (Below -37, erfc(-x/√2) is subnormal, and the results soon are; -38.6 and beyond give -0.)
    let inputs = f64_sweep(-37.0, 10.0, 2_000_000, 7).chain(F64_SPECIALS).chain(f64_around(0.0, 200_000)).chain(f64_around(-8.0, 100_000));
    check("gelu f64", 8, measure(inputs.filter(|x| !(*x < -37.0)), f, gelu64_reference), f, gelu64_reference);
    for x in f64_sweep(-1e3, -37.0, 100_000, 9) {
        let (y, want) = (f(x), gelu64_reference(x));
        assert!(ulps(y, want) == 0 || (y - want).abs() <= 1e-3 * want.abs() + f64::MIN_POSITIVE, "gelu({x}) = {y}, want {want}");
    }
}

#[test]
fn transcendental_gelu_approximate_within_4_ulp_where_it_does_not_cancel() {
    // x/2 (1 + tanh u) in the lane type's precision against the formula in f64 with libm's tanh:
    // within 4 ulp for x >= -1/2 (1 + tanh u >= 0.62); below, 1 + tanh u cancels in any
    // precision (TensorFlow's float32 formula too): tanh's error is then relative to x/2, within
    // 4 epsilons of it (14 ulp of the result at x = -1.82, more further out).
    use super::transcendental::{GELU_CUBIC, SQRT_2_OVER_PI};
    let formula = |x: f64| 0.5 * x * (1.0 + (SQRT_2_OVER_PI * (x + GELU_CUBIC * x * x * x)).tanh());
    let f = gelu_approximate::<T32>;
    let reference = |x: f32| formula(x as f64) as f32;
    let inputs = f32_sweep(61).chain(f32_around(0.0, 1_000_000)).chain(f32_around(-1.5, 200_000)).chain(F32_SPECIALS);
    check("gelu approximate f32", 4, measure(inputs.clone().filter(|x| !(*x < -0.5)), f, reference), f, reference);
    for x in inputs.filter(|x| *x < -0.5 && x.is_finite()) {
        let (y, want) = (f(x) as f64, formula(x as f64));
        assert!((y - want).abs() <= 4.0 * f32::EPSILON as f64 * 0.5 * (x as f64).abs(), "gelu_approximate({x}) = {y}, want {want}");
    }
    let f = gelu_approximate::<T64>;
    let inputs = f64_sweep(-0.5, 20.0, 2_000_000, 7).chain(F64_SPECIALS).chain(f64_around(0.0, 200_000));
    check("gelu approximate f64", 4, measure(inputs.clone().filter(|x| !(*x < -0.5)), f, formula), f, formula);
    for x in f64_sweep(-30.0, -0.5, 200_000, 8).filter(|x| *x < -0.5 && x.is_finite()) {
        let (y, want) = (f(x), formula(x));
        assert!((y - want).abs() <= 4.0 * f64::EPSILON * 0.5 * x.abs(), "gelu_approximate({x}) = {y}, want {want}");
    }
}

#[test]
fn transcendental_sigmoid_f64_within_4_ulp() {
    let f = sigmoid::<T64>;
    let inputs = f64_sweep(-750.0, 40.0, 2_000_000, 7)
        .chain(F64_SPECIALS)
        .chain(f64_around(0.0, 200_000))
        .chain(f64_around(-708.3964185322641, 100_000));
    check(
        "sigmoid f64",
        4,
        measure(inputs, f, sig64_reference),
        f,
        sig64_reference,
    );
}

#[test]
fn transcendental_special_values() {
    let (inf, nan) = (f32::INFINITY, f32::NAN);
    let exact =
        |got: f32, want: f32| got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan());
    for (x, want) in [
        (0.0, 1.0),
        (-0.0, 1.0),
        (inf, inf),
        (-inf, 0.0),
        (nan, nan),
        (89.0, inf),
        (-104.0, 0.0),
    ] {
        assert!(exact(exp::<T32>(x), want), "exp({x}) = {}", exp::<T32>(x));
    }
    for (x, want) in [
        (1.0, 0.0),
        (0.0, -inf),
        (-0.0, -inf),
        (-1.0, nan),
        (-inf, nan),
        (inf, inf),
        (nan, nan),
    ] {
        assert!(exact(ln::<T32>(x), want), "ln({x}) = {}", ln::<T32>(x));
    }
    for (x, want) in [
        (0.0, 0.0),
        (-0.0, -0.0),
        (inf, 1.0),
        (-inf, -1.0),
        (nan, nan),
        (1e-40, 1e-40),
        (-30.0, -1.0),
    ] {
        assert!(
            exact(tanh::<T32>(x), want),
            "tanh({x}) = {}",
            tanh::<T32>(x)
        );
    }
    for (x, want) in [
        (0.0, 0.5),
        (-0.0, 0.5),
        (inf, 1.0),
        (-inf, 0.0),
        (nan, nan),
        (200.0, 1.0),
        (-200.0, 0.0),
    ] {
        assert!(
            exact(sigmoid::<T32>(x), want),
            "sigmoid({x}) = {}",
            sigmoid::<T32>(x)
        );
    }
    for (x, want) in [(0.0, 0.0), (-0.0, -0.0), (inf, inf), (-inf, -1.0), (nan, nan), (1e-40, 1e-40), (-1e-40, -1e-40), (89.0, inf), (-18.0, -1.0)] {
        assert!(exact(expm1::<T32>(x), want), "expm1({x}) = {}", expm1::<T32>(x));
    }
    for (x, want) in [(0.0, 0.0), (-0.0, -0.0), (inf, inf), (-1.0, -inf), (-2.0, nan), (-inf, nan), (nan, nan), (1e-40, 1e-40)] {
        assert!(exact(log1p::<T32>(x), want), "log1p({x}) = {}", log1p::<T32>(x));
    }
    for (x, want) in [(-0.0, -0.0), (inf, inf), (-inf, -1.0), (nan, nan), (1e30, 1e30)] {
        assert!(exact(elu::<T32>(x), want), "elu({x}) = {}", elu::<T32>(x));
    }
    for (x, want) in [(0.0, 0.0), (-0.0, -0.0), (inf, 1.0), (-inf, -1.0), (nan, nan), (5.0, 1.0)] {
        assert!(exact(erf::<T32>(x), want), "erf({x}) = {}", erf::<T32>(x));
    }
    assert!(ulps(erf::<T32>(1e-40), (1e-40f64 * core::f64::consts::FRAC_2_SQRT_PI) as f32) <= 1);
    for (x, want) in [(0.0, 1.0), (-0.0, 1.0), (inf, 0.0), (-inf, 2.0), (nan, nan), (10.5, 0.0), (30.0, 0.0), (-30.0, 2.0)] {
        assert!(exact(erfc::<T32>(x), want), "erfc({x}) = {}", erfc::<T32>(x));
    }
    // (gelu(-inf) is -inf · 0, NaN, as the formula and TensorFlow's give it.)
    for (x, want) in [(0.0, 0.0), (-0.0, -0.0), (inf, inf), (-inf, nan), (nan, nan), (-20.0, -0.0), (20.0, 20.0)] {
        assert!(exact(gelu::<T32>(x), want), "gelu({x}) = {}", gelu::<T32>(x));
    }
    assert_eq!((erf::<T64>(f64::INFINITY), erfc::<T64>(f64::NEG_INFINITY), erfc::<T64>(28.0)), (1.0, 2.0, 0.0));
    assert_eq!(erf::<T64>(-0.0).to_bits(), (-0.0f64).to_bits());
    assert_eq!(expm1::<T64>(-0.0).to_bits(), (-0.0f64).to_bits());
    assert_eq!((expm1::<T64>(f64::NEG_INFINITY), expm1::<T64>(710.0), expm1::<T64>(709.78)), (-1.0, f64::INFINITY, 709.78f64.exp_m1()));
    assert_eq!((log1p::<T64>(-1.0), log1p::<T64>(f64::INFINITY)), (f64::NEG_INFINITY, f64::INFINITY));
    assert_eq!(selu::<T64>(f64::NEG_INFINITY), -SELU_SCALE * SELU_ALPHA);
    assert_eq!(exp::<T64>(-0.0), 1.0);
    assert_eq!(ln::<T64>(-0.0), f64::NEG_INFINITY);
    assert!(ln::<T64>(-1e-300).is_nan() && exp::<T64>(f64::NAN).is_nan());
    assert_eq!(tanh::<T64>(-0.0).to_bits(), (-0.0f64).to_bits());
    assert_eq!(tanh::<T64>(f64::NEG_INFINITY), -1.0);
    assert_eq!(sigmoid::<T64>(-1000.0), 0.0);
    assert_eq!(sigmoid::<T64>(1000.0), 1.0);
    // e^-100 in f32 is subnormal: within the bound of libm's value, not flushed
    assert!(ulps(exp::<T32>(-100.0), f32::exp(-100.0)) <= 1 && exp::<T32>(-100.0) > 0.0);
}

/// The kernels (lanes plus scalar tail) give each element the lane function's value, on
/// awkward lengths, and so do their scalar oracles; i32 goes through f64.
#[test]
fn transcendental_kernels_are_the_lane_functions() {
    let x32: Vec<f32> = f32_sweep(1 << 22).chain(F32_SPECIALS).take(1021).collect();
    let x64: Vec<f64> = f64_sweep(-30.0, 30.0, 400, 9).chain(F64_SPECIALS).collect();
    for len in [0, 1, 3, 4, 5, 7, 17, x64.len()] {
        let (x32, x64) = (&x32[..len], &x64[..len]);
        let mut out32 = vec![0.0f32; len];
        let mut out64 = vec![0.0f64; len];
        let same32 =
            |a: &[f32], f: fn(f32) -> f32| a.iter().zip(x32).all(|(&o, &x)| ulps(o, f(x)) == 0);
        let same64 =
            |a: &[f64], f: fn(f64) -> f64| a.iter().zip(x64).all(|(&o, &x)| ulps(o, f(x)) == 0);
        unary(UnaryKind::Exp, x32, &mut out32);
        assert!(same32(&out32, exp::<T32>));
        unary(UnaryKind::Log, x64, &mut out64);
        assert!(same64(&out64, ln::<T64>));
        tanh_kernel(x32, &mut out32);
        assert!(same32(&out32, tanh::<T32>));
        scalar_oracle::tanh(x64, &mut out64);
        assert!(same64(&out64, tanh::<T64>));
        sigmoid_kernel(x64, &mut out64);
        assert!(same64(&out64, sigmoid::<T64>));
        scalar_oracle::sigmoid(x32, &mut out32);
        assert!(same32(&out32, sigmoid::<T32>));
        unary(UnaryKind::Softplus, x32, &mut out32);
        assert!(same32(&out32, softplus::<T32>));
        unary(UnaryKind::Silu, x64, &mut out64);
        assert!(same64(&out64, silu::<T64>));
        unary(UnaryKind::Expm1, x32, &mut out32);
        assert!(same32(&out32, expm1::<T32>));
        unary(UnaryKind::Log1p, x64, &mut out64);
        assert!(same64(&out64, log1p::<T64>));
        unary(UnaryKind::Elu, x64, &mut out64);
        assert!(same64(&out64, elu::<T64>));
        unary(UnaryKind::Selu, x32, &mut out32);
        assert!(same32(&out32, selu::<T32>));
        unary(UnaryKind::Erf, x64, &mut out64);
        assert!(same64(&out64, erf::<T64>));
        unary(UnaryKind::Erfc, x32, &mut out32);
        assert!(same32(&out32, erfc::<T32>));
        unary(UnaryKind::Gelu, x32, &mut out32);
        assert!(same32(&out32, gelu::<T32>));
        unary(UnaryKind::GeluApproximate, x64, &mut out64);
        assert!(same64(&out64, gelu_approximate::<T64>));
        unary(UnaryKind::Sin, x64, &mut out64);
        assert!(same64(&out64, f64::sin));
        unary(UnaryKind::Cos, x32, &mut out32);
        assert!(same32(&out32, |x: f32| if x.abs() > 8192.0 && x.is_finite() { (x as f64).cos() as f32 } else { cos::<T32>(x) }));
    }
    let mut out = [0i32; 5];
    sigmoid_kernel(&[-3, 0, 3, 40, i32::MIN], &mut out);
    assert_eq!(out, [0, 0, 0, 1, 0]);
    tanh_kernel(&[-3, 0, 3, 40, i32::MIN], &mut out);
    assert_eq!(out, [0, 0, 0, 1, -1]);
    unary(UnaryKind::Exp, &[0, 1, 2, 3, -1], &mut out);
    assert_eq!(out, [1, 2, 7, 20, 0]);
}

/// `round_and_pow2i` (the exp of softmax and sigmoid): every integer n its exp can meet, and the
/// halves between them, give n (a tie to the odd neighbour) and 2^n exactly; n + bias = 0 gives 0.
#[test]
fn round_and_pow2i_rounds_ties_to_odd_and_scales_exactly() {
    use super::element::Arith;
    for n in -127i32..=127 {
        for (a, want) in [(n as f64, n), (n as f64 + 0.25, n), (n as f64 - 0.25, n), (n as f64 + 0.5, if n % 2 == 0 { n + 1 } else { n })] {
            let (r32, p32) = (a as f32).round_and_pow2i();
            let (r64, p64) = a.round_and_pow2i();
            assert_eq!((r32, r64), (want as f32, want as f64), "round {a}");
            let exact = if want == -127 { 0.0 } else { 2f64.powi(want) };
            if want <= 127 {
                assert_eq!(p32, exact as f32, "2^{want} in f32");
            }
            assert_eq!(p64, if want == -127 { 2f64.powi(-127) } else { exact }, "2^{want} in f64");
        }
    }
}

/// sin and cos of Box–Muller's angles: within 1 ulp of libm over [0, 2π] (dense sweeps, and
/// around the multiples of π/4 where the quadrant changes and π, 2π where sin vanishes); and
/// for every float32 angle 2π·u that Box–Muller makes from a float32 uniform u, the float32 of
/// each result is the float32 of libm's (what the float32 normals keep).
#[test]
fn transcendental_sin_and_cos_f32_within_2_ulp() {
    // Up to SIN_COS_LIMIT_F32 (the kernels take libm beyond) against f64 libm rounded, on a dense
    // sweep, around multiples of π/4 (where r is small) and at the limit.
    use super::transcendental::SIN_COS_LIMIT_F32 as LIMIT;
    let within = move |x: &f32| !(x.abs() > LIMIT);
    let mut inputs: Vec<f32> = f32_sweep(61).chain(F32_SPECIALS).filter(within).chain(f32_around(0.0, 1_000_000)).collect();
    for k in [1, 2, 3, 4, 5, 7, 100, 1000, 5215] {
        for sign in [1.0, -1.0] {
            inputs.extend(f32_around(sign * (k as f64 * core::f64::consts::FRAC_PI_4) as f32, 20_000).filter(within));
        }
    }
    inputs.extend(f32_around(LIMIT, 10_000).filter(within));
    for (name, f, reference) in [("sin f32", sin::<T32> as fn(f32) -> f32, (|x: f32| (x as f64).sin() as f32) as fn(f32) -> f32), ("cos f32", cos::<T32>, |x: f32| (x as f64).cos() as f32)] {
        check(name, 2, measure(inputs.iter().copied(), f, reference), f, reference);
    }
    assert_eq!(sin::<T32>(-0.0).to_bits(), (-0.0f32).to_bits());
    assert!(sin::<T32>(f32::INFINITY).is_nan() && cos::<T32>(f32::NEG_INFINITY).is_nan() && sin::<T32>(f32::NAN).is_nan());
    assert_eq!(cos::<T32>(-0.0), 1.0);
}

#[test]
fn transcendental_sin_cos_angle_within_1_ulp() {
    let sin = |x: f64| sin_cos_angle::<T64>(x).0;
    let cos = |x: f64| sin_cos_angle::<T64>(x).1;
    let two_pi = 2.0 * core::f64::consts::PI;
    // (f64_sweep gives arbitrary bit patterns after its uniform inputs: the first half only.)
    let mut inputs: Vec<f64> = f64_sweep(0.0, two_pi, 2_000_000, 3).take(2_000_000).collect();
    for k in 0..=8 {
        inputs.extend(f64_around(k as f64 * core::f64::consts::FRAC_PI_4, 20_000).filter(|x| (0.0..=two_pi).contains(x)));
    }
    inputs.extend([0.0, two_pi, core::f64::consts::PI, core::f64::consts::FRAC_PI_2]);
    check("sin angle", 1, measure(inputs.iter().copied(), sin, f64::sin), sin, f64::sin);
    check("cos angle", 1, measure(inputs.iter().copied(), cos, f64::cos), cos, f64::cos);
    let mut differ = 0;
    for m in 0..1u32 << 23 {
        let u = f32::from_bits(0x3f80_0000 | m) - 1.0;
        let v = (two_pi * u as f64) as f32 as f64;
        let (s, c) = sin_cos_angle::<T64>(v);
        differ += usize::from(s as f32 != v.sin() as f32) + usize::from(c as f32 != v.cos() as f32);
    }
    assert_eq!(differ, 0, "float32 angles whose rounded sin or cos differs from libm's");
    // Box–Muller's radius takes ln of the float32 uniforms (at least 1e-7): the f64 lanes' ln
    // rounded to float32 is libm's rounded, for every one.
    let differ = (0..1u32 << 23)
        .map(|m| (f32::from_bits(0x3f80_0000 | m) - 1.0).max(1e-7) as f64)
        .filter(|&u| ln::<T64>(u) as f32 != u.ln() as f32)
        .count();
    assert_eq!(differ, 0, "float32 uniforms whose rounded ln differs from libm's");
}
