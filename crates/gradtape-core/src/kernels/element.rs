//! The element types kernels run on (f32, f64, i32, and bool as u8) and their scalar arithmetic.
//!
//! `Arith` carries each dtype's own semantics, so generic kernels never special-case a type:
//! i32 wraps on overflow, divides toward zero with `x / 0 = 0` (a kernel must never trap),
//! and raises to integer powers; floats follow IEEE 754 and libm.

use super::simd::{self, Simd};

/// A dtype the kernels can run on.
pub trait Element:
    Arith + Copy + Send + Sync + Default + PartialEq + PartialOrd + core::fmt::Debug + 'static
{
    const ZERO: Self;
    const ONE: Self;
    /// Significand bits of a float dtype (24 for f32, 53 for f64); 0 for i32 and bool.
    const MANTISSA_DIGITS: u32;
    /// For i32: truncation toward zero, saturating, NaN -> 0 (Rust's `as`).
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
    /// NaN is the one value not equal to itself (always false for integers).
    #[allow(clippy::eq_op)]
    #[inline(always)]
    fn is_nan(self) -> bool {
        self != self
    }
    /// The vector unit the public kernels use for this type: simd128 lanes in a wasm build with
    /// the feature, the scalar twin otherwise (and always for i32, which has no hot paths).
    type Lanes: Simd<Elem = Self>;
}

/// Scalar arithmetic with the dtype's semantics; the scalar twin and every kernel tail use it.
pub trait Arith: Sized {
    fn add(self, rhs: Self) -> Self;
    fn sub(self, rhs: Self) -> Self;
    fn mul(self, rhs: Self) -> Self;
    fn div(self, rhs: Self) -> Self;
    fn pow(self, exponent: Self) -> Self;
    fn neg(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn sqrt(self) -> Self;
    fn abs(self) -> Self;
    /// 1 if x > 0 else 0 (NaN -> 0): the derivative of relu and of |x| away from 0.
    fn step(self) -> Self;
    /// The larger value; NaN if either is NaN (TensorFlow's `maximum`).
    fn maximum(self, rhs: Self) -> Self;
    /// The smaller value; NaN if either is NaN.
    fn minimum(self, rhs: Self) -> Self;
    /// floor(a / b) (Python's `//`); for i32, `x // 0 = 0` instead of trapping.
    fn floor_div(self, rhs: Self) -> Self;
    /// a - floor(a / b) * b: the remainder takes the divisor's sign (Python's `%`, TF's `floormod`).
    fn floor_mod(self, rhs: Self) -> Self;
    // The scalar twin's lane primitives for transcendental.rs; see `Simd` for their meaning.
    // For i32 they go through f64 like exp and ln (no kernel uses them on i32).
    /// Nearest integer, ties to even.
    fn round(self) -> Self;
    /// 2^self for an integer-valued self in the normal exponent range.
    fn pow2i(self) -> Self;
    /// self rounded to an integer n (a tie to the odd neighbour), and 2^n; see `Simd`.
    fn round_and_pow2i(self) -> (Self, Self);
    /// The unbiased exponent field, as a value of this type.
    fn exponent(self) -> Self;
    /// |self| with the exponent field set to the bias (in [1, 2) for normal values).
    fn mantissa(self) -> Self;
}

macro_rules! float_element {
    ($t:ty, $lanes:ty, $bits:ty, $ibits:ty, $exp_shift:expr, $bias:expr) => {
        impl Element for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
            const MANTISSA_DIGITS: u32 = <$t>::MANTISSA_DIGITS;
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            type Lanes = $lanes;
        }

        impl Arith for $t {
            #[inline(always)]
            fn add(self, rhs: Self) -> Self {
                self + rhs
            }
            #[inline(always)]
            fn sub(self, rhs: Self) -> Self {
                self - rhs
            }
            #[inline(always)]
            fn mul(self, rhs: Self) -> Self {
                self * rhs
            }
            #[inline(always)]
            fn div(self, rhs: Self) -> Self {
                self / rhs
            }
            #[inline(always)]
            fn pow(self, exponent: Self) -> Self {
                self.powf(exponent)
            }
            #[inline(always)]
            fn neg(self) -> Self {
                -self
            }
            #[inline(always)]
            fn exp(self) -> Self {
                <$t>::exp(self)
            }
            #[inline(always)]
            fn ln(self) -> Self {
                <$t>::ln(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
            }
            #[inline(always)]
            fn step(self) -> Self {
                if self > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            #[inline(always)]
            fn maximum(self, rhs: Self) -> Self {
                if self.is_nan() || rhs.is_nan() {
                    <$t>::NAN
                } else if self >= rhs {
                    self
                } else {
                    rhs
                }
            }
            #[inline(always)]
            fn minimum(self, rhs: Self) -> Self {
                if self.is_nan() || rhs.is_nan() {
                    <$t>::NAN
                } else if self <= rhs {
                    self
                } else {
                    rhs
                }
            }
            fn floor_div(self, rhs: Self) -> Self {
                (self / rhs).floor()
            }
            fn floor_mod(self, rhs: Self) -> Self {
                // fmod, then moved into the divisor's sign (as TF's FloorMod for floats).
                let r = self % rhs;
                if r != 0.0 && ((r < 0.0) != (rhs < 0.0)) {
                    r + rhs
                } else {
                    r
                }
            }
            #[inline(always)]
            fn round(self) -> Self {
                self.round_ties_even()
            }
            /// As the simd128 lanes do it: n + 2^mantissa_bits + bias holds n + bias in its
            /// mantissa field, which the shift moves into the exponent field.
            #[inline(always)]
            fn pow2i(self) -> Self {
                let magic = (1u64 << $exp_shift) as $t + $bias as $t;
                <$t>::from_bits((self + magic).to_bits() << $exp_shift)
            }
            /// As the simd128 lanes do it: see `Simd::round_and_pow2i`.
            #[inline(always)]
            fn round_and_pow2i(self) -> (Self, Self) {
                let magic = (3u64 << ($exp_shift - 1)) as $t + $bias as $t;
                let biased = self + magic;
                (biased - magic, <$t>::from_bits(biased.to_bits() << $exp_shift))
            }
            #[inline(always)]
            fn exponent(self) -> Self {
                let field = (self.to_bits() >> $exp_shift) & ((1 << (<$bits>::BITS - $exp_shift - 1)) - 1);
                (field as $ibits - $bias) as $t
            }
            #[inline(always)]
            fn mantissa(self) -> Self {
                let one = (1.0 as $t).to_bits();
                <$t>::from_bits(self.to_bits() & ((1 << $exp_shift) - 1) | one)
            }
        }
    };
}

float_element!(f32, simd::F32Lanes, u32, i32, 23, 127);
float_element!(f64, simd::F64Lanes, u64, i64, 52, 1023);

impl Element for i32 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    const MANTISSA_DIGITS: u32 = 0;
    fn from_f64(v: f64) -> Self {
        v as i32
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    type Lanes = simd::ScalarTwin<i32>;
}

impl Arith for i32 {
    #[inline(always)]
    fn add(self, rhs: Self) -> Self {
        self.wrapping_add(rhs)
    }
    #[inline(always)]
    fn sub(self, rhs: Self) -> Self {
        self.wrapping_sub(rhs)
    }
    #[inline(always)]
    fn mul(self, rhs: Self) -> Self {
        self.wrapping_mul(rhs)
    }
    /// Truncates toward zero; `x / 0 = 0` and `MIN / -1 = MIN` instead of trapping.
    #[inline(always)]
    fn div(self, rhs: Self) -> Self {
        if rhs == 0 {
            0
        } else {
            self.wrapping_div(rhs)
        }
    }
    /// b^e for e < 0 is 1/b^|e|, which truncates to 0 unless |b| = 1.
    fn pow(self, exponent: Self) -> Self {
        if exponent >= 0 {
            return self.wrapping_pow(exponent as u32);
        }
        match self {
            1 => 1,
            -1 => {
                if exponent % 2 == 0 {
                    1
                } else {
                    -1
                }
            }
            _ => 0,
        }
    }
    #[inline(always)]
    fn neg(self) -> Self {
        self.wrapping_neg()
    }
    fn exp(self) -> Self {
        Self::from_f64((self as f64).exp())
    }
    fn ln(self) -> Self {
        Self::from_f64((self as f64).ln())
    }
    fn sqrt(self) -> Self {
        Self::from_f64((self as f64).sqrt())
    }
    #[inline(always)]
    fn abs(self) -> Self {
        self.wrapping_abs()
    }
    #[inline(always)]
    fn step(self) -> Self {
        (self > 0) as i32
    }
    #[inline(always)]
    fn maximum(self, rhs: Self) -> Self {
        self.max(rhs)
    }
    #[inline(always)]
    fn minimum(self, rhs: Self) -> Self {
        self.min(rhs)
    }
    fn floor_div(self, rhs: Self) -> Self {
        if rhs == 0 {
            return 0;
        }
        let q = self.wrapping_div(rhs);
        // Truncation rounded toward zero; floor needs one less when the signs differ and it was inexact.
        // (wrapping_rem: `MIN % -1` overflows, and Rust's `%` panics on it even in release builds.)
        if (self.wrapping_rem(rhs) != 0) && ((self < 0) != (rhs < 0)) {
            q - 1
        } else {
            q
        }
    }
    fn floor_mod(self, rhs: Self) -> Self {
        if rhs == 0 {
            return 0;
        }
        let r = self.wrapping_rem(rhs);
        if r != 0 && ((r < 0) != (rhs < 0)) {
            r + rhs
        } else {
            r
        }
    }
    fn round(self) -> Self {
        self
    }
    fn pow2i(self) -> Self {
        Self::from_f64(Arith::pow2i(self as f64))
    }
    fn round_and_pow2i(self) -> (Self, Self) {
        (self, self.pow2i())
    }
    fn exponent(self) -> Self {
        Self::from_f64(Arith::exponent(self as f64))
    }
    fn mantissa(self) -> Self {
        Self::from_f64(Arith::mantissa(self as f64))
    }
}

/// bool, stored as a byte that is 0 or 1. Only logical ops, comparisons, `where`, casts and data
/// movement run on it (the op table refuses arithmetic on bool), so its arithmetic is the
/// boolean ring's where that is defined and never reached otherwise.
impl Element for u8 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
    const MANTISSA_DIGITS: u32 = 0;
    fn from_f64(v: f64) -> Self {
        (v != 0.0) as u8
    }
    fn to_f64(self) -> f64 {
        self as f64
    }
    type Lanes = simd::ScalarTwin<u8>;
}

impl Arith for u8 {
    fn add(self, rhs: Self) -> Self {
        self | rhs
    }
    fn sub(self, rhs: Self) -> Self {
        self ^ rhs
    }
    fn mul(self, rhs: Self) -> Self {
        self & rhs
    }
    fn div(self, rhs: Self) -> Self {
        self & rhs
    }
    fn pow(self, exponent: Self) -> Self {
        self | (exponent ^ 1)
    }
    fn neg(self) -> Self {
        self
    }
    fn exp(self) -> Self {
        1
    }
    fn ln(self) -> Self {
        0
    }
    fn sqrt(self) -> Self {
        self
    }
    fn abs(self) -> Self {
        self
    }
    fn step(self) -> Self {
        self
    }
    fn maximum(self, rhs: Self) -> Self {
        self | rhs
    }
    fn minimum(self, rhs: Self) -> Self {
        self & rhs
    }
    fn floor_div(self, rhs: Self) -> Self {
        self & rhs
    }
    fn floor_mod(self, _: Self) -> Self {
        0
    }
    fn round(self) -> Self {
        self
    }
    fn pow2i(self) -> Self {
        self
    }
    fn round_and_pow2i(self) -> (Self, Self) {
        (self, self)
    }
    fn exponent(self) -> Self {
        0
    }
    fn mantissa(self) -> Self {
        self
    }
}
