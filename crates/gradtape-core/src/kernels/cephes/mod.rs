//! TensorFlow's Cephes-derived special functions, in the precision of the tensor: the Bessel
//! functions J₀, J₁, Y₀, Y₁, K₀, K₁ and their scaled forms (`bessel.rs`, from Eigen's
//! `BesselFunctionsImpl.h`, which has separate float and double approximations), and Dawson's
//! integral, the exponential integral, the Fresnel integrals and Spence's function
//! (`integrals.rs`, from TensorFlow's `special_math_op_misc_impl.h`, one algorithm whose
//! coefficients are rounded to the dtype).
//!
//! Each function follows its source's algorithm, coefficients and order of operations, with no
//! fused multiply-adds (TensorFlow's x86 wheels are built without FMA), so that its results are
//! TensorFlow's bit for bit where no exp, log, sin or cos is involved. Those four come from the
//! platform's libm here (Rust's `f32::exp` and so on) and from glibc or Eigen's vectorized
//! versions in TensorFlow, which differ in the last bit or two.
//!
//! The Cephes Math Library is Copyright 1984-2000 Stephen L. Moshier, incorporated into Eigen and
//! TensorFlow by permission of the author.

pub mod bessel;
pub mod integrals;

use core::ops::{Add, Div, Mul, Neg, Sub};

/// f32 or f64, with the operations the Cephes ports need. Arithmetic is IEEE in the type itself.
pub trait Real:
    Copy + PartialOrd + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self> + Neg<Output = Self>
{
    /// A constant written as a C++ `Scalar(double literal)`: the f64 value rounded to the type.
    fn c(v: f64) -> Self;
    fn abs(self) -> Self;
    fn exp(self) -> Self;
    fn ln(self) -> Self;
    fn ln_1p(self) -> Self;
    fn sin(self) -> Self;
    fn cos(self) -> Self;
    fn sqrt(self) -> Self;
}

macro_rules! real {
    ($t:ty) => {
        impl Real for $t {
            #[inline(always)]
            fn c(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn abs(self) -> Self {
                <$t>::abs(self)
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
            fn ln_1p(self) -> Self {
                <$t>::ln_1p(self)
            }
            #[inline(always)]
            fn sin(self) -> Self {
                <$t>::sin(self)
            }
            #[inline(always)]
            fn cos(self) -> Self {
                <$t>::cos(self)
            }
            #[inline(always)]
            fn sqrt(self) -> Self {
                <$t>::sqrt(self)
            }
        }
    };
}
real!(f32);
real!(f64);

/// Cephes' `polevl` as Eigen's `ppolevl`: c[0] xⁿ + c[1] xⁿ⁻¹ + … + c[n] by Horner's rule,
/// one multiply and one add per step.
#[inline(always)]
fn polevl<R: Real>(x: R, c: &[R]) -> R {
    c[1..].iter().fold(c[0], |p, &k| p * x + k)
}

/// `polevl` with coefficients given as f64 and rounded to the type (TensorFlow's `Scalar(...)`).
#[inline(always)]
fn polevl_rounded<R: Real>(x: R, c: &[f64]) -> R {
    c[1..].iter().fold(R::c(c[0]), |p, &k| p * x + R::c(k))
}

/// Cephes' `chbevl` as Eigen's `pchebevl`: the Chebyshev series Σ' c[i] T(n-1-i)(x/2) by
/// Clenshaw's recurrence b0 = x b1 - b2 + c[i], then (b0 - b2)/2.
#[inline(always)]
fn chbevl<R: Real>(x: R, c: &[R]) -> R {
    let (mut b0, mut b1, mut b2) = (c[0], R::c(0.0), R::c(0.0));
    for &k in &c[1..] {
        b2 = b1;
        b1 = b0;
        b0 = (x * b1 + k) - b2;
    }
    R::c(0.5) * (b0 - b2)
}

#[cfg(test)]
mod tests;
