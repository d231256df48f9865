//! The element types kernels run on (f32, f64, i32) and their scalar arithmetic.
//!
//! `Arith` carries each dtype's own semantics, so generic kernels never special-case a type:
//! i32 wraps on overflow, divides toward zero with `x / 0 = 0` (a kernel must never trap),
//! and raises to integer powers; floats follow IEEE 754 and libm.

use super::simd::{self, Simd};

/// A dtype the kernels can run on.
pub trait Element:
    Arith + Copy + Default + PartialEq + PartialOrd + core::fmt::Debug + 'static
{
    const ZERO: Self;
    const ONE: Self;
    /// For i32: truncation toward zero, saturating, NaN -> 0 (Rust's `as`).
    fn from_f64(v: f64) -> Self;
    fn to_f64(self) -> f64;
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
}

macro_rules! float_element {
    ($t:ty, $lanes:ty) => {
        impl Element for $t {
            const ZERO: Self = 0.0;
            const ONE: Self = 1.0;
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
        }
    };
}

float_element!(f32, simd::F32Lanes);
float_element!(f64, simd::F64Lanes);

impl Element for i32 {
    const ZERO: Self = 0;
    const ONE: Self = 1;
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
}
