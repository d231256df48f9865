//! `base^t` for the bias corrections (Adam's `b1^t` and `b2^t`, Nadam's `0.96^t`), where `t` is
//! the step: an integer that grows by one from call to call.
//!
//! A `pow` costs about as much as a small variable's whole update in wasm (two of them were an
//! eighth of a compiled tutorial step). Here the last power of each base is kept in double-double
//! precision (about 106 bits), and the next step's is one exact product away: `b^(t+1) = b^t * b`.
//! Any other `t` is computed afresh by squaring, in the same precision. Each product adds an error
//! of about 2^-105 relative, so after even 2^30 steps the power is within 2^-75 of `b^t`, and
//! rounding it to f64 gives the correctly rounded `b^t` unless `b^t` lies that close to a rounding
//! boundary (about one step in 2^22 at 2^30 steps; a correctly rounded `pow` misses on boundaries
//! too, and `pow` itself is only within 0.52 ulp). The answer does not depend on the order of the
//! calls, up to the same rare boundaries: an eager step and its compiled replay see the same bits.

use std::cell::RefCell;

/// `base^t` (see the module's doc). Bases outside `[2^-64, 1)` and exponents that are not
/// integers in `[0, 2^53]` go to `powf`.
pub(crate) fn bias_power(base: f64, t: f64) -> f64 {
    if !((MIN_BASE..1.0).contains(&base) && (0.0..=MAX_STEP).contains(&t) && t.fract() == 0.0) {
        return base.powf(t);
    }
    let step = t as u64;
    KEPT.with_borrow_mut(|kept| {
        let (entries, next) = kept;
        if let Some(entry) = entries.iter_mut().find(|e| e.base == base) {
            if entry.step == step {
                return entry.power.to_f64();
            }
            entry.power = if entry.step.checked_add(1) == Some(step) { entry.power.mul(base) } else { Scaled::pow(base, step) };
            entry.step = step;
            return entry.power.to_f64();
        }
        let power = Scaled::pow(base, step);
        entries[*next] = Kept { base, step, power };
        *next = (*next + 1) % KEPT_POWERS;
        power.to_f64()
    })
}

/// Powers of this many bases are kept (Adam asks for two, Nadam for two).
const KEPT_POWERS: usize = 4;
/// The smallest base kept: its products stay far from underflow between renormalisations.
const MIN_BASE: f64 = 5.421010862427522e-20; // 2^-64
/// The largest exponent kept (every integer up to it is an f64).
const MAX_STEP: f64 = 9007199254740992.0; // 2^53

#[derive(Clone, Copy)]
struct Kept {
    /// NaN: an empty entry (no base equals it).
    base: f64,
    step: u64,
    power: Scaled,
}

thread_local! {
    static KEPT: RefCell<([Kept; KEPT_POWERS], usize)> =
        const { RefCell::new(([Kept { base: f64::NAN, step: 0, power: Scaled::ONE }; KEPT_POWERS], 0)) };
}

/// `(hi + lo) * 2^scale`, with `|lo| <= ulp(hi)/2` and `hi` in `[2^-128, 1]`: a double-double
/// whose exponent goes beyond f64's (the powers of 0.9 underflow f64 after 7,000 steps).
#[derive(Clone, Copy)]
struct Scaled {
    hi: f64,
    lo: f64,
    scale: i32,
}

/// Powers of two that renormalise: below 2^-128, `hi` and `lo` are scaled up by 2^128 (exactly).
const RENORMALISE_BELOW: f64 = 2.938735877055719e-39; // 2^-128
const TWO_POW_128: f64 = 3.402823669209385e38;

impl Scaled {
    const ONE: Scaled = Scaled { hi: 1.0, lo: 0.0, scale: 0 };

    /// `self * b` for `b` in `[2^-64, 1)`.
    fn mul(self, b: f64) -> Scaled {
        // (hi + lo) b = p + e + lo b, with p + e = hi b exactly
        let (p, e) = two_product(self.hi, b);
        Scaled::normalised(p, e + self.lo * b, self.scale)
    }

    /// `self * other`.
    fn mul_scaled(self, other: Scaled) -> Scaled {
        // (ah + al)(bh + bl) = p + e + ah bl + al bh, dropping al bl (below 2^-106 relative)
        let (p, e) = two_product(self.hi, other.hi);
        Scaled::normalised(p, e + (self.hi * other.lo + self.lo * other.hi), self.scale + other.scale)
    }

    /// `base^t` by squaring.
    fn pow(base: f64, mut t: u64) -> Scaled {
        let (mut power, mut square) = (Scaled::ONE, Scaled { hi: base, lo: 0.0, scale: 0 });
        while t > 0 {
            if t & 1 == 1 {
                power = power.mul_scaled(square);
            }
            t >>= 1;
            if t > 0 {
                square = square.mul_scaled(square);
            }
        }
        power
    }

    /// The double-double `p + e` (|e| small beside |p|), renormalised.
    fn normalised(p: f64, e: f64, scale: i32) -> Scaled {
        let hi = p + e;
        let lo = e - (hi - p); // exact: |e| < |p| (Fast2Sum)
        if hi < RENORMALISE_BELOW {
            Scaled { hi: hi * TWO_POW_128, lo: lo * TWO_POW_128, scale: scale - 128 }
        } else {
            Scaled { hi, lo, scale }
        }
    }

    /// The nearest f64: `hi` (which is `hi + lo` rounded) scaled, exactly while the result is a
    /// normal number. Below, the subnormal is rounded again from `hi`: such powers are far too
    /// small for `1 - b^t` to see.
    fn to_f64(self) -> f64 {
        if self.scale >= -1022 {
            self.hi * two_pow(self.scale)
        } else if self.scale >= -2044 {
            self.hi * two_pow(self.scale + 1022) * two_pow(-1022)
        } else {
            0.0 // below 2^-2044: zero after any rounding
        }
    }
}

/// `2^k` for `k` in `[-1022, 0]`.
fn two_pow(k: i32) -> f64 {
    f64::from_bits(((1023 + k) as u64) << 52)
}

/// `a * b` as `p + e` exactly (Dekker; no FMA in the simd128 build). Needs `|a b|` well above
/// 2^-969, which the renormalisation keeps.
fn two_product(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// `a` as two halves of 26 bits each (Veltkamp).
fn split(a: f64) -> (f64, f64) {
    let c = 134217729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// ulps between two positive f64s.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    #[test]
    fn powers_of_a_half_are_exact_down_to_the_smallest_subnormal_and_then_zero() {
        for t in 0..1100u64 {
            let exact = if t <= 1074 { f64::from_bits(if t <= 1022 { (1023 - t) << 52 } else { 1 << (1074 - t) }) } else { 0.0 };
            assert_eq!(bias_power(0.5, t as f64).to_bits(), exact.to_bits(), "0.5^{t}");
            assert_eq!(Scaled::pow(0.5, t).to_f64().to_bits(), exact.to_bits(), "0.5^{t} by squaring");
        }
    }

    #[test]
    fn step_by_step_equals_squaring_and_pow_to_an_ulp() {
        for base in [0.9, 0.999, 0.96, 0.95, 0.3, 0.99999] {
            let mut running = Scaled::ONE;
            let mut differ_from_pow = 0;
            for t in 1..=20_000u64 {
                running = running.mul(base);
                let fresh = Scaled::pow(base, t).to_f64();
                assert_eq!(running.to_f64().to_bits(), fresh.to_bits(), "{base}^{t}: one step at a time and by squaring");
                let libm = base.powf(t as f64);
                if libm > 1e-300 {
                    assert!(ulps(fresh, libm) <= 1, "{base}^{t}: {fresh:e} against pow's {libm:e}");
                    differ_from_pow += usize::from(fresh != libm);
                }
            }
            // pow is within 0.52 ulp: it rounds the other way only next to a rounding boundary
            // (glibc's pow: 21 of these 20,000 powers of 0.999, the most of these bases)
            assert!(differ_from_pow <= 40, "{base}: {differ_from_pow} of 20,000 powers differ from pow");
        }
    }

    #[test]
    fn powers_next_to_a_rounding_boundary_are_rounded_correctly() {
        // b^t rounded to f64 from its exact value (Python's Decimal at 120 digits, the product
        // of t copies of the f64 b): steps where glibc's pow rounds the other way.
        let exact: [(f64, u64, u64); 12] = [
            (0.999, 2904, 0x3fac04c8a080419d),
            (0.999, 4630, 0x3f83ee7826c4472f),
            (0.999, 5038, 0x3f7a80aefcb823e5),
            (0.999, 8802, 0x3f23a17a03a44bdc),
            (0.999, 11165, 0x3eed886b7f77bb52),
            (0.999, 11331, 0x3ee9037e4c32fdcd),
            (0.96, 246, 0x3f06d19e675ba858),
            (0.96, 292, 0x3edbea9b76c01c6c),
            (0.96, 520, 0x3e04c0e45f43cece),
            (0.96, 1097, 0x3be504de1eaa8c55),
            (0.96, 1104, 0x3bdf96e0fcee303d),
            (0.96, 1602, 0x3a09259cedac57a7),
        ];
        for (base, t, bits) in exact {
            assert_eq!(Scaled::pow(base, t).to_f64().to_bits(), bits, "{base}^{t} by squaring");
            let mut running = Scaled::ONE;
            for _ in 0..t {
                running = running.mul(base);
            }
            assert_eq!(running.to_f64().to_bits(), bits, "{base}^{t} step by step");
        }
    }

    #[test]
    fn the_kept_powers_answer_in_any_order_and_outside_their_range_pow_answers() {
        let steps = [1.0, 2.0, 3.0, 3.0, 10.0, 11.0, 5.0, 1e6, 1e6 + 1.0, 2.0];
        let fresh: Vec<f64> = steps.iter().map(|&t| Scaled::pow(0.999, t as u64).to_f64()).collect();
        for (k, &t) in steps.iter().enumerate() {
            // other bases in between evict nothing (four are kept) and change nothing
            let _ = (bias_power(0.9, t), bias_power(0.96, t + 1.0));
            assert_eq!(bias_power(0.999, t).to_bits(), fresh[k].to_bits(), "0.999^{t}");
        }
        for (base, t) in [(1.0, 5.0), (1.5, 3.0), (0.0, 2.0), (-0.5, 3.0), (0.9, 2.5), (0.9, -1.0), (f64::NAN, 1.0), (0.9, f64::INFINITY)] {
            assert_eq!(bias_power(base, t).to_bits(), base.powf(t).to_bits(), "{base}^{t}");
        }
        assert_eq!(bias_power(0.9, 0.0), 1.0);
    }
}
