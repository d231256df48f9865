//! Elementwise unary ops: forward by the op table's kernels, and each kind's gradient rule.

use super::Meta;
use crate::dtype::{try_filled, Buffer};
use super::algebra::{out_of_line, Algebra};
use crate::error::Result;
use crate::fail;
use crate::kernels;
use crate::op::{CompareKind as C, OutDType, UnaryKind, UnaryKind as U};
use crate::tensor::Tensor;

pub fn forward(kind: UnaryKind, x: &Tensor, out: Meta) -> Result<Tensor> {
    let buf = match kind.spec_row().3 {
        OutDType::Bool => {
            let mut bits = try_filled(x.size(), 0u8)?;
            crate::with_dtype!(x.dtype(), T => {
                let v = <T as crate::dtype::Typed>::slice(&x.buf).expect("dtype matches");
                kernels::map_to_bool(v, &mut bits, |e| kind.scalar(e));
            });
            Buffer::Bool(bits)
        }
        OutDType::Same | OutDType::Int32 | OutDType::Param => crate::map_buffer!(&*x.buf, |v| {
            // Safety: the unary kernels write every element of their output.
            unsafe { crate::dtype::try_written(v.len(), |o| kernels::unary_into(kind, v, o))? }
        }),
    };
    Ok(Tensor::new(out.shape, buf))
}

/// d/dx f(x) for each kind, times g. Rules are written with recorded ops (second derivatives).
pub fn vjp<A: Algebra>(e: &mut A, kind: UnaryKind, x: &A::V, y: &A::V, g: &A::V) -> Result<Option<A::V>> {
    let u = |e: &mut A, k, t: &A::V| e.unary(k, t);
    Ok(Some(match kind {
        // d/dx -x = -1
        U::Neg => out_of_line(e, |e| u(e, U::Neg, g))?,
        // d/dx e^x = e^x = y
        U::Exp => out_of_line(e, |e| e.mul(g, y))?,
        // d/dx ln x = 1/x
        U::Log => out_of_line(e, |e| e.div(g, x))?,
        // d/dx sqrt x = 1 / (2y)
        U::Sqrt => out_of_line(e, |e| {
            let two_y = e.mul_scalar(y, 2.0)?;
            e.div(g, &two_y)
        })?,
        // d/dx |x| = sign(x) (0 at x = 0, as in TensorFlow)
        U::Abs => out_of_line(e, |e| {
            let s = u(e, U::Sign, x)?;
            e.mul(g, &s)
        })?,
        // d/dx x² = 2x
        U::Square => out_of_line(e, |e| {
            let two_x = e.mul_scalar(x, 2.0)?;
            e.mul(g, &two_x)
        })?,
        // Flat almost everywhere. TensorFlow gives sign a zero gradient, and none to the others.
        U::Sign => out_of_line(e, |e| e.zeros_like(x))?,
        U::Step | U::Floor | U::Ceil | U::Round => return Ok(None),
        // d/dx 1/x = -1/x² = -y²
        U::Reciprocal => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let t = e.mul(g, &y2)?;
            u(e, U::Neg, &t)
        })?,
        // d/dx x^(-1/2) = -y³/2
        U::Rsqrt => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let y3 = e.mul(&y2, y)?;
            let t = e.mul_scalar(&y3, -0.5)?;
            e.mul(g, &t)
        })?,
        // d/dx sin = cos, d/dx cos = -sin
        U::Sin => out_of_line(e, |e| {
            let c = u(e, U::Cos, x)?;
            e.mul(g, &c)
        })?,
        U::Cos => out_of_line(e, |e| {
            let s = u(e, U::Sin, x)?;
            let t = e.mul(g, &s)?;
            u(e, U::Neg, &t)
        })?,
        // d/dx tan = 1 + tan² = 1 + y²
        U::Tan => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let t = e.add_scalar(&y2, 1.0)?;
            e.mul(g, &t)
        })?,
        // d/dx asin = 1/sqrt(1 - x²), acos = -that
        U::Asin | U::Acos => out_of_line(e, |e| Ok({
            let x2 = u(e, U::Square, x)?;
            let one_minus = e.rsub_scalar(&x2, 1.0)?;
            let r = u(e, U::Rsqrt, &one_minus)?;
            let t = e.mul(g, &r)?;
            if kind == U::Acos {
                u(e, U::Neg, &t)?
            } else {
                t
            }
        }))?,
        // d/dx atan = 1/(1 + x²)
        U::Atan => out_of_line(e, |e| {
            let x2 = u(e, U::Square, x)?;
            let d = e.add_scalar(&x2, 1.0)?;
            e.div(g, &d)
        })?,
        // d/dx sinh = cosh, d/dx cosh = sinh
        U::Sinh => out_of_line(e, |e| {
            let c = u(e, U::Cosh, x)?;
            e.mul(g, &c)
        })?,
        U::Cosh => out_of_line(e, |e| {
            let s = u(e, U::Sinh, x)?;
            e.mul(g, &s)
        })?,
        // d/dx tanh = 1 - y²
        U::Tanh => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let d = e.rsub_scalar(&y2, 1.0)?;
            e.mul(g, &d)
        })?,
        // d/dx asinh = 1/sqrt(x² + 1) = 1/cosh(y), acosh = 1/sqrt(x² - 1) = 1/sinh(y): from the
        // output, as TensorFlow's rules, since x² overflows for |x| above 1.8e19 (float32).
        U::Asinh | U::Acosh => out_of_line(e, |e| {
            let d = u(e, if kind == U::Asinh { U::Cosh } else { U::Sinh }, y)?;
            e.div(g, &d)
        })?,
        // d/dx atanh = 1/(1 - x²)
        U::Atanh => out_of_line(e, |e| {
            let x2 = u(e, U::Square, x)?;
            let d = e.rsub_scalar(&x2, 1.0)?;
            e.div(g, &d)
        })?,
        // d/dx sigmoid = y (1 - y)
        U::Sigmoid => out_of_line(e, |e| {
            let one_minus = e.rsub_scalar(y, 1.0)?;
            let d = e.mul(y, &one_minus)?;
            e.mul(g, &d)
        })?,
        // d/dx softplus = sigmoid(x)
        U::Softplus => out_of_line(e, |e| {
            let s = u(e, U::Sigmoid, x)?;
            e.mul(g, &s)
        })?,
        // d/dx x/(1 + |x|) = 1/(1 + |x|)²
        U::Softsign => out_of_line(e, |e| {
            let a = u(e, U::Abs, x)?;
            let d = e.add_scalar(&a, 1.0)?;
            let d2 = u(e, U::Square, &d)?;
            e.div(g, &d2)
        })?,
        // d/dx log(1 + x) = 1/(1 + x)
        U::Log1p => out_of_line(e, |e| {
            let d = e.add_scalar(x, 1.0)?;
            e.div(g, &d)
        })?,
        // d/dx e^x - 1 = e^x = y + 1
        U::Expm1 => out_of_line(e, |e| {
            let d = e.add_scalar(y, 1.0)?;
            e.mul(g, &d)
        })?,
        // d/dx erf = 2/√π e^(-x²), erfc = -that
        U::Erf | U::Erfc => out_of_line(e, |e| {
            let x2 = u(e, U::Square, x)?;
            let n = u(e, U::Neg, &x2)?;
            let ex = u(e, U::Exp, &n)?;
            let c = if kind == U::Erf { std::f64::consts::FRAC_2_SQRT_PI } else { -std::f64::consts::FRAC_2_SQRT_PI };
            let d = e.mul_scalar(&ex, c)?;
            e.mul(g, &d)
        })?,
        // d/dx erfinv = (√π/2) e^(y²), d/dx ndtri = √(2π) e^(y²/2): the inverses' slopes, 1/erf'(y) and 1/Φ'(y)
        U::Erfinv | U::Ndtri => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let (half, c) = if kind == U::Erfinv { (1.0, 0.886_226_925_452_758) } else { (0.5, 2.506_628_274_631_000_7) };
            let scaled = e.mul_scalar(&y2, half)?;
            let ey = u(e, U::Exp, &scaled)?;
            let d = e.mul_scalar(&ey, c)?;
            e.mul(g, &d)
        })?,
        // d/dx lgamma = digamma, d/dx digamma = trigamma
        U::Lgamma => out_of_line(e, |e| {
            let d = u(e, U::Digamma, x)?;
            e.mul(g, &d)
        })?,
        U::Digamma => out_of_line(e, |e| {
            let d = u(e, U::Trigamma, x)?;
            e.mul(g, &d)
        })?,
        // d/dx erfcinv = -(√π/2) e^(y²): 1/erfc'(y)
        U::Erfcinv => out_of_line(e, |e| {
            let y2 = u(e, U::Square, y)?;
            let ey = u(e, U::Exp, &y2)?;
            let d = e.mul_scalar(&ey, -0.886_226_925_452_758)?;
            e.mul(g, &d)
        })?,
        // d/dx I₀ = I₁
        U::BesselI0 => out_of_line(e, |e| {
            let d = u(e, U::BesselI1, x)?;
            e.mul(g, &d)
        })?,
        // d/dx e^-|x| I₀ = e^-|x| I₁ - sign(x) e^-|x| I₀ (TensorFlow's rule)
        U::BesselI0e => out_of_line(e, |e| {
            let i1e = u(e, U::BesselI1e, x)?;
            let s = u(e, U::Sign, x)?;
            let sy = e.mul(&s, y)?;
            let d = e.sub(&i1e, &sy)?;
            e.mul(g, &d)
        })?,
        // d/dx I₁ = I₀ - I₁/x, and 1/2 at x = 0 (the limit; TensorFlow's rule writes 1 there,
        // which is not the derivative: I₁(x) = x/2 + O(x³)). x = 0 is replaced by 1 before the
        // division, so that no NaN reaches the selected branch's gradient either.
        // d/dx e^-|x| I₁ = e^-|x| I₀ - y (sign(x) + 1/x), 1/2 at x = 0 (TensorFlow's rule).
        U::BesselI1 | U::BesselI1e => out_of_line(e, |e| {
            let zero = e.scalar(e.dtype_of(x), 0.0);
            let at_zero = e.compare(C::Equal, x, &zero)?;
            let ones = e.full_like(x, 1.0)?;
            let safe_x = e.select(&at_zero, &ones, x)?;
            let y_over_x = e.div(y, &safe_x)?;
            let main = if kind == U::BesselI1 {
                let i0 = u(e, U::BesselI0, x)?;
                e.sub(&i0, &y_over_x)?
            } else {
                let i0e = u(e, U::BesselI0e, x)?;
                let s = u(e, U::Sign, x)?;
                let sy = e.mul(&s, y)?;
                let t = e.sub(&i0e, &sy)?;
                e.sub(&t, &y_over_x)?
            };
            let half = e.full_like(x, 0.5)?;
            let d = e.select(&at_zero, &half, &main)?;
            e.mul(g, &d)
        })?,
        // TensorFlow's rules (math_grad.py), term for term in its order of operations:
        // d/dx J₀ = -J₁, d/dx Y₀ = -Y₁, d/dx K₀ = -K₁.
        U::BesselJ0 | U::BesselY0 | U::BesselK0 => out_of_line(e, |e| {
            let order_one = match kind {
                U::BesselJ0 => U::BesselJ1,
                U::BesselY0 => U::BesselY1,
                _ => U::BesselK1,
            };
            let f1 = u(e, order_one, x)?;
            let d = u(e, U::Neg, &f1)?;
            e.mul(g, &d)
        })?,
        // d/dx J₁ = J₀ - J₁/x, 1/2 at x = 0 (TensorFlow's where); x = 0 is replaced by 1 before
        // the division so that no NaN reaches the unselected branch's own gradient.
        U::BesselJ1 => out_of_line(e, |e| {
            let zero = e.scalar(e.dtype_of(x), 0.0);
            let at_zero = e.compare(C::Equal, x, &zero)?;
            let ones = e.full_like(x, 1.0)?;
            let safe_x = e.select(&at_zero, &ones, x)?;
            let y_over_x = e.div(y, &safe_x)?;
            let j0 = u(e, U::BesselJ0, x)?;
            let main = e.sub(&j0, &y_over_x)?;
            let half = e.full_like(x, 0.5)?;
            let d = e.select(&at_zero, &half, &main)?;
            e.mul(g, &d)
        })?,
        // d/dx Y₁ = Y₀ - Y₁/x (NaN at 0, as TensorFlow's)
        U::BesselY1 => out_of_line(e, |e| {
            let y0 = u(e, U::BesselY0, x)?;
            let y_over_x = e.div(y, x)?;
            let d = e.sub(&y0, &y_over_x)?;
            e.mul(g, &d)
        })?,
        // d/dx e^x K₀ = e^x K₀ - e^x K₁
        U::BesselK0e => out_of_line(e, |e| {
            let k1e = u(e, U::BesselK1e, x)?;
            let d = e.sub(y, &k1e)?;
            e.mul(g, &d)
        })?,
        // d/dx K₁ = -K₀ - K₁/x
        U::BesselK1 => out_of_line(e, |e| {
            let k0 = u(e, U::BesselK0, x)?;
            let neg_k0 = u(e, U::Neg, &k0)?;
            let y_over_x = e.div(y, x)?;
            let d = e.sub(&neg_k0, &y_over_x)?;
            e.mul(g, &d)
        })?,
        // d/dx e^x K₁ = e^x K₁ (1 - 1/x) - e^x K₀
        U::BesselK1e => out_of_line(e, |e| {
            let inverse = u(e, U::Reciprocal, x)?;
            let factor = e.rsub_scalar(&inverse, 1.0)?;
            let scaled = e.mul(y, &factor)?;
            let k0e = u(e, U::BesselK0e, x)?;
            let d = e.sub(&scaled, &k0e)?;
            e.mul(g, &d)
        })?,
        // d/dx dawsn = 1 - 2x dawsn(x)
        U::Dawsn => out_of_line(e, |e| {
            let two_x = e.mul_scalar(x, 2.0)?;
            let product = e.mul(&two_x, y)?;
            let d = e.rsub_scalar(&product, 1.0)?;
            e.mul(g, &d)
        })?,
        // d/dx Ei = e^x / x, computed as (g e^x) / x
        U::Expint => out_of_line(e, |e| {
            let ex = u(e, U::Exp, x)?;
            let scaled = e.mul(g, &ex)?;
            e.div(&scaled, x)
        })?,
        // d/dx C = cos(πx²/2), d/dx S = sin(πx²/2)
        U::FresnelCos | U::FresnelSin => out_of_line(e, |e| {
            let x2 = u(e, U::Square, x)?;
            let angle = e.mul_scalar(&x2, core::f64::consts::FRAC_PI_2)?;
            let d = u(e, if kind == U::FresnelCos { U::Cos } else { U::Sin }, &angle)?;
            e.mul(g, &d)
        })?,
        // d/dx spence = ln x / (1 - x), and -1 at x = 1 (the limit; TensorFlow's where). x = 1 is
        // replaced by 2 before the division, so that no NaN reaches the unselected branch's gradient.
        U::Spence => out_of_line(e, |e| {
            let one = e.scalar(e.dtype_of(x), 1.0);
            let at_one = e.compare(C::Equal, x, &one)?;
            let twos = e.full_like(x, 2.0)?;
            let safe_x = e.select(&at_one, &twos, x)?;
            let ln = u(e, U::Log, &safe_x)?;
            let denominator = e.rsub_scalar(&safe_x, 1.0)?;
            let main = e.div(&ln, &denominator)?;
            let minus_one = e.full_like(x, -1.0)?;
            let d = e.select(&at_one, &minus_one, &main)?;
            e.mul(g, &d)
        })?,
        U::Trigamma => fail!(
            InvalidArgument,
            "gradient: the third derivative of lgamma (the derivative of trigamma) is not implemented."
        ),
        // d/dx relu = 1 where x > 0 (0 at 0, as in TensorFlow); y > 0 exactly there.
        U::Relu => out_of_line(e, |e| {
            let m = u(e, U::Step, y)?;
            e.mul(g, &m)
        })?,
        // d/dx relu6 = 1 where 0 < x < 6
        U::Relu6 => out_of_line(e, |e| {
            let above = u(e, U::Step, x)?;
            let six_minus = e.rsub_scalar(x, 6.0)?;
            let below = u(e, U::Step, &six_minus)?;
            let m = e.mul(&above, &below)?;
            e.mul(g, &m)
        })?,
        // d/dx elu = e^x = y + 1 where y < 0, else 1; selu scales both (y + scale·alpha below 0).
        // As TensorFlow's EluGrad and SeluGrad, the test is on the output: x = 0 and NaN take the
        // slope of the positive side.
        U::Elu | U::Selu => out_of_line(e, |e| {
            use crate::kernels::transcendental::{SELU_ALPHA, SELU_SCALE};
            let (scale, below) = if kind == U::Elu { (1.0, 1.0) } else { (SELU_SCALE, SELU_SCALE * SELU_ALPHA) };
            let zero = e.scalar(e.dtype_of(y), 0.0);
            let negative = e.compare(C::Less, y, &zero)?;
            let slope_neg = e.add_scalar(y, below)?;
            let slope_pos = e.full_like(y, scale)?;
            let d = e.select(&negative, &slope_neg, &slope_pos)?;
            e.mul(g, &d)
        })?,
        // d/dx x Φ(x) = Φ(x) + x φ(x), φ(x) = e^(-x²/2)/√(2π)
        U::Gelu => out_of_line(e, |e| {
            let t = e.mul_scalar(x, -std::f64::consts::FRAC_1_SQRT_2)?;
            let c = u(e, U::Erfc, &t)?;
            let cdf = e.mul_scalar(&c, 0.5)?;
            let x2 = u(e, U::Square, x)?;
            let h = e.mul_scalar(&x2, -0.5)?;
            let ex = u(e, U::Exp, &h)?;
            let pdf = e.mul_scalar(&ex, 0.398_942_280_401_432_7)?;
            let xpdf = e.mul(x, &pdf)?;
            let d = e.add(&cdf, &xpdf)?;
            e.mul(g, &d)
        })?,
        // y = x/2 (1 + tanh(u)), u = c (x + 0.044715 x³):
        // dy/dx = (1 + tanh u)/2 + x/2 (1 - tanh² u) c (1 + 3·0.044715 x²)
        U::GeluApproximate => out_of_line(e, |e| {
            use crate::kernels::transcendental::{GELU_CUBIC, SQRT_2_OVER_PI as c};
            let x2 = u(e, U::Square, x)?;
            let x3 = e.mul(&x2, x)?;
            let k = e.mul_scalar(&x3, GELU_CUBIC)?;
            let inner = e.add(x, &k)?;
            let arg = e.mul_scalar(&inner, c)?;
            let th = u(e, U::Tanh, &arg)?;
            let left = {
                let t = e.add_scalar(&th, 1.0)?;
                e.mul_scalar(&t, 0.5)?
            };
            let sech2 = {
                let t2 = u(e, U::Square, &th)?;
                e.rsub_scalar(&t2, 1.0)?
            };
            let du = {
                let t = e.mul_scalar(&x2, 3.0 * GELU_CUBIC)?;
                let t = e.add_scalar(&t, 1.0)?;
                e.mul_scalar(&t, c)?
            };
            let right = {
                let half_x = e.mul_scalar(x, 0.5)?;
                let t = e.mul(&half_x, &sech2)?;
                e.mul(&t, &du)?
            };
            let d = e.add(&left, &right)?;
            e.mul(g, &d)
        })?,
        // d/dx x s(x) = s + x s (1 - s)
        U::Silu => out_of_line(e, |e| {
            let s = u(e, U::Sigmoid, x)?;
            let one_minus = e.rsub_scalar(&s, 1.0)?;
            let xs = e.mul(x, &s)?;
            let t = e.mul(&xs, &one_minus)?;
            let d = e.add(&s, &t)?;
            e.mul(g, &d)
        })?,
        // bool results: nothing flows back.
        U::IsNan | U::IsInf | U::IsFinite | U::LogicalNot => return Ok(None),
    }))
}
