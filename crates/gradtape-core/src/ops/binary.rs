//! Elementwise ops of two or three tensors with NumPy broadcasting: arithmetic, comparisons and
//! logical connectives, and `where`. Rules return broadcast-shaped gradients; the engine sums
//! them back to each input's shape.

use super::{HasMeta, Meta};
use crate::dtype::{try_filled, Buffer, Typed};
use super::algebra::{out_of_line, Algebra};
use crate::engine::Engine;
use crate::error::{Error, ErrorCode, Result};
use crate::fail;
use crate::kernels::{self, Element};
use crate::op::{BinaryKind, BinaryKind as B, CompareKind, CompareKind as C, UnaryKind as U};
use crate::shape::{broadcast_shapes, Shape};
use crate::tensor::Tensor;

pub fn broadcast<M: HasMeta>(name: &str, a: &M, b: &M) -> Result<Shape> {
    if a.shape() == b.shape() {
        return Ok(Shape::from_slice(a.shape())); // the common case, without the per-dim walk
    }
    broadcast_shapes(name, a.shape(), b.shape())
}

pub fn where_shape<M: HasMeta>(inputs: &[&M]) -> Result<Shape> {
    let xy = broadcast_shapes("where", inputs[1].shape(), inputs[2].shape())?;
    broadcast_shapes("where", inputs[0].shape(), &xy)
}

/// betainc's a, b and x broadcast together (TensorFlow takes equal shapes or scalars; any
/// NumPy-broadcastable shapes are accepted here).
pub fn betainc_shape<M: HasMeta>(inputs: &[&M]) -> Result<Shape> {
    let ab = broadcast_shapes("betainc", inputs[0].shape(), inputs[1].shape())?;
    broadcast_shapes("betainc", &ab, inputs[2].shape())
}

pub fn negative_int_power() -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        "pow: Integers to negative integer powers are not allowed (an int32 exponent is negative). \
         Cast to a float dtype first, e.g. tf.pow(tf.cast(x, 'float32'), -1).",
    )
}

/// TensorFlow's integer floor division and remainder refuse a zero divisor (its CPU kernels flag
/// it), so the kernels' `x // 0 = 0`, there only so that wasm never traps, is never returned.
pub fn integer_division_by_zero(kind: BinaryKind) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!(
            "{}: Integer division by zero (an int32 divisor is 0). Cast to a float dtype first for IEEE results \
             (Infinity, NaN), e.g. tf.{}(tf.cast(x, 'float32'), tf.cast(y, 'float32')).",
            kind.spec_row().0,
            kind.spec_row().0
        ),
    )
}

/// The int32 operands TensorFlow refuses: a negative exponent, a zero divisor. A divisor or
/// exponent is refused only when the op computes an element with it, and a non-empty result uses
/// every element of both operands.
pub fn check_int_operand(kind: BinaryKind, divisor_or_exponent: &[i32]) -> Result<()> {
    match kind {
        B::Pow if divisor_or_exponent.iter().any(|&e| e < 0) => Err(negative_int_power()),
        B::FloorDiv | B::Mod if divisor_or_exponent.contains(&0) => Err(integer_division_by_zero(kind)),
        _ => Ok(()),
    }
}

fn slice<T: Typed>(t: &Tensor) -> &[T] {
    T::slice(&t.buf).expect("inference checked the dtype")
}

#[inline]
pub fn forward(kind: BinaryKind, a: &Tensor, b: &Tensor, out: Meta) -> Result<Tensor> {
    if let Buffer::I32(ys) = &*b.buf {
        if crate::shape::size_of(&out.shape) > 0 {
            check_int_operand(kind, ys)?;
        }
    }
    let buf = crate::with_dtype!(a.dtype(), T => {
        let (x, y) = (slice::<T>(a), slice::<T>(b));
        // Safety: both branches write every element (a rank-0 result has one).
        let o = unsafe {
            crate::dtype::try_written(crate::shape::size_of(&out.shape), |o| {
                if a.rank() == 0 && b.rank() == 0 {
                    // Scalars (the common case in small fitting loops) skip the broadcasting machinery.
                    o[0].write(kind.scalar(x[0], y[0]));
                } else {
                    kernels::binary_into::<T, BinaryKind>(kind, x, &a.shape, y, &b.shape, o, &out.shape);
                }
            })?
        };
        T::wrap(o)
    });
    Ok(Tensor::new(out.shape, buf))
}

pub fn compare_forward(kind: CompareKind, a: &Tensor, b: &Tensor, out: Meta) -> Result<Tensor> {
    // Zeroed, not uninitialized, memory: for these byte outputs the unfilled path measured 15-20%
    // slower (10M float32 `greater`, 7.1 to 8.5 ms), where arithmetic gained 1.4-1.8x.
    let mut o = try_filled(crate::shape::size_of(&out.shape), 0u8)?;
    crate::with_dtype!(a.dtype(), T => {
        kernels::binary::<T, CompareKind>(kind, slice::<T>(a), &a.shape, slice::<T>(b), &b.shape, &mut o, &out.shape)
    });
    Ok(Tensor::new(out.shape, Buffer::Bool(o)))
}

pub fn where_forward(cond: &Tensor, x: &Tensor, y: &Tensor, out: Meta) -> Result<Tensor> {
    let c = slice::<u8>(cond);
    let buf = crate::with_dtype!(x.dtype(), T => {
        let mut o = try_filled(crate::shape::size_of(&out.shape), T::ZERO)?;
        kernels::select(c, &cond.shape, slice::<T>(x), &x.shape, slice::<T>(y), &y.shape, &mut o, &out.shape);
        T::wrap(o)
    });
    Ok(Tensor::new(out.shape, buf))
}

/// d where(c, x, y) = where(c, g, 0) for x, where(c, 0, g) for y; the condition gets none.
pub fn where_vjp(e: &mut Engine, cond: &Tensor, g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    let zeros = e.zeros_like(g)?;
    let gx = if needs[1] { Some(e.select(cond, g, &zeros)?) } else { None };
    let gy = if needs[2] { Some(e.select(cond, &zeros, g)?) } else { None };
    Ok(vec![None, gx, gy])
}

/// I_x(a, b) elementwise: each input broadcast to the result's shape first (copies only for
/// the inputs that are not that shape already), then the scalar kernel in float64.
pub fn betainc_forward(a: &Tensor, b: &Tensor, x: &Tensor, out: Meta) -> Result<Tensor> {
    let full = |t: &Tensor| -> Result<Tensor> {
        if t.shape[..] == out.shape[..] {
            Ok(t.clone())
        } else {
            super::movement::broadcast_to_forward(t, Meta { shape: out.shape.clone(), dtype: t.dtype() })
        }
    };
    let (a, b, x) = (full(a)?, full(b)?, full(x)?);
    let buf = crate::with_dtype!(a.dtype(), T => {
        let (p, q, r) = (slice::<T>(&a), slice::<T>(&b), slice::<T>(&x));
        let mut o = try_filled(p.len(), T::ZERO)?;
        for (i, o) in o.iter_mut().enumerate() {
            *o = T::from_f64(kernels::special::betainc(p[i].to_f64(), q[i].to_f64(), r[i].to_f64()));
        }
        T::wrap(o)
    });
    Ok(Tensor::new(out.shape, buf))
}

/// TensorFlow's betainc gradient: none for a and b, and for x the density
/// exp(xlog1py(b - 1, -x) + xlogy(a - 1, x) - log B(a, b)), with log B(a, b) =
/// lgamma(a) + lgamma(b) - lgamma(a + b) (the two x·log y terms are 0 where their factor is 0).
pub fn betainc_vjp(e: &mut Engine, inputs: &[Tensor], g: &Tensor, needs: &[bool]) -> Result<Vec<Option<Tensor>>> {
    if !needs[2] {
        return Ok(vec![None, None, None]);
    }
    let (a, b, x) = (&inputs[0], &inputs[1], &inputs[2]);
    let log_beta = {
        let la = e.unary(U::Lgamma, a)?;
        let lb = e.unary(U::Lgamma, b)?;
        let ab = e.add(a, b)?;
        let lab = e.unary(U::Lgamma, &ab)?;
        let t = e.add(&la, &lb)?;
        e.sub(&t, &lab)?
    };
    let a1 = e.add_scalar(a, -1.0)?;
    let xlogy = e.binary(B::Xlogy, &a1, x)?;
    // xlog1py(b - 1, -x): (b - 1) log1p(-x), and 0 where b = 1
    let xlog1py = {
        let b1 = e.add_scalar(b, -1.0)?;
        let neg_x = e.neg(x)?;
        let l = e.unary(U::Log1p, &neg_x)?;
        let t = e.mul(&b1, &l)?;
        let zero = e.scalar(b.dtype(), 0.0);
        let nonzero = e.compare(C::NotEqual, &b1, &zero)?;
        let zeros = e.zeros_like(&t)?;
        e.select(&nonzero, &t, &zeros)?
    };
    let t = e.add(&xlog1py, &xlogy)?;
    let t = e.sub(&t, &log_beta)?;
    let density = e.unary(U::Exp, &t)?;
    Ok(vec![None, None, Some(e.mul(g, &density)?)])
}

/// The gradients of a and b (None: not needed, or none exists), broadcast-shaped.
pub type GradPair<V> = (Option<V>, Option<V>);

/// d(a kind b) for each kind, times g (see `GradPair`).
pub fn vjp<A: Algebra>(e: &mut A, kind: BinaryKind, a: &A::V, b: &A::V, y: &A::V, g: &A::V, needs: &[bool]) -> Result<GradPair<A::V>> {
    let (need_a, need_b) = (needs[0], needs[1]);
    let (ga, gb) = match kind {
        // d(a+b) = da + db
        B::Add => (need_a.then(|| g.clone()), need_b.then(|| g.clone())),
        // d(a-b) = da - db
        B::Sub => out_of_line(e, |e| Ok((need_a.then(|| g.clone()), if need_b { Some(e.neg(g)?) } else { None })))?,
        // d(ab) = b da + a db; for x·x both terms are g·x, computed once (the same bits)
        B::Mul if need_a && need_b && e.same(a, b) => out_of_line(e, |e| Ok({
            let g_x = e.mul(g, a)?;
            (Some(g_x.clone()), Some(g_x))
        }))?,
        B::Mul => out_of_line(e, |e| Ok((
            if need_a { Some(e.mul(g, b)?) } else { None },
            if need_b { Some(e.mul(g, a)?) } else { None },
        )))?,
        // d(a/b) = da / b - (a/b²) db = da / b - (y/b) db
        B::Div => out_of_line(e, |e| Ok((
            if need_a { Some(e.div(g, b)?) } else { None },
            if need_b {
                let y_over_b = e.div(y, b)?;
                let t = e.mul(g, &y_over_b)?;
                Some(e.neg(&t)?)
            } else {
                None
            },
        )))?,
        // d(a^b) = b a^(b-1) da + a^b ln(a) db, with ln(a) taken as 0 where a <= 0 (TensorFlow's choice)
        B::Pow => out_of_line(e, |e| Ok((
            if need_a {
                let b_minus_1 = e.add_scalar(b, -1.0)?;
                let p = e.pow(a, &b_minus_1)?;
                let bp = e.mul(b, &p)?;
                Some(e.mul(g, &bp)?)
            } else {
                None
            },
            if need_b {
                // d/db a^b = a^b log a where a > 0, else 0 (TensorFlow's masks: selected, so that
                // a = -inf or NaN gives 0, not 0·inf)
                let zero = e.scalar(e.dtype_of(a), 0.0);
                let positive = e.compare(C::Greater, a, &zero)?;
                let ones = e.full_like(a, 1.0)?;
                let safe_a = e.select(&positive, a, &ones)?;
                let log_a = {
                    let l = e.log(&safe_a)?;
                    let zeros = e.zeros_like(a)?;
                    e.select(&positive, &l, &zeros)?
                };
                let t = e.mul(y, &log_a)?;
                Some(e.mul(g, &t)?)
            } else {
                None
            },
        )))?,
        // The gradient goes to a where a >= b (a wins ties, as in TensorFlow), else to b;
        // minimum likewise with a <= b.
        B::Maximum | B::Minimum => out_of_line(e, |e| Ok({
            let test = if kind == B::Maximum { C::GreaterEqual } else { C::LessEqual };
            let a_wins = e.compare(test, a, b)?;
            let g_full = e.broadcast_like(g, y)?;
            let zeros = e.zeros_like(&g_full)?;
            (
                if need_a { Some(e.select(&a_wins, &g_full, &zeros)?) } else { None },
                if need_b { Some(e.select(&a_wins, &zeros, &g_full)?) } else { None },
            )
        }))?,
        // d(a-b)² = 2(a-b) da - 2(a-b) db
        B::SquaredDifference => out_of_line(e, |e| Ok({
            let d = e.sub(a, b)?;
            let two_d = e.mul_scalar(&d, 2.0)?;
            let ga = e.mul(g, &two_d)?;
            let gb = if need_b { Some(e.neg(&ga)?) } else { None };
            (need_a.then_some(ga), gb)
        }))?,
        // a mod b = a - floor(a/b) b: d/da = 1, d/db = -floor(a/b)
        B::Mod => out_of_line(e, |e| Ok((
            need_a.then(|| g.clone()),
            if need_b {
                let q = e.binary(B::FloorDiv, a, b)?;
                let t = e.mul(g, &q)?;
                Some(e.neg(&t)?)
            } else {
                None
            },
        )))?,
        // Piecewise constant: no gradient (TensorFlow gives none).
        B::FloorDiv => (None, None),
        // atan2(a, b): d/da = b/(a² + b²), d/db = -a/(a² + b²)
        B::Atan2 => out_of_line(e, |e| Ok({
            let a2 = e.unary(U::Square, a)?;
            let b2 = e.unary(U::Square, b)?;
            let r2 = e.add(&a2, &b2)?;
            let g_over = e.div(g, &r2)?;
            (
                if need_a { Some(e.mul(&g_over, b)?) } else { None },
                if need_b {
                    let t = e.mul(&g_over, a)?;
                    Some(e.neg(&t)?)
                } else {
                    None
                },
            )
        }))?,
        // xlogy(a, b): d/da = log b where a != 0 (else 0), d/db = a/b where a != 0 (else 0)
        B::Xlogy => out_of_line(e, |e| Ok({
            let zero = e.scalar(e.dtype_of(a), 0.0);
            let nonzero = e.compare(C::NotEqual, a, &zero)?;
            let one = e.scalar(e.dtype_of(a), 1.0);
            let ga = if need_a {
                let mask = e.select(&nonzero, &one, &zero)?;
                let t = e.binary(B::Xlogy, &mask, b)?;
                Some(e.mul(g, &t)?)
            } else {
                None
            };
            let gb = if need_b {
                let q = e.div(a, b)?;
                let qz = e.zeros_like(&q)?;
                let nonzero_full = e.broadcast_like(&nonzero, &q)?;
                let t = e.select(&nonzero_full, &q, &qz)?;
                Some(e.mul(g, &t)?)
            } else {
                None
            };
            (ga, gb)
        }))?,
        // divNoNan(a, b): d/da = divNoNan(g, b), d/db = g · divNoNan(divNoNan(-a, b), b)
        B::DivNoNan => out_of_line(e, |e| Ok((
            if need_a { Some(e.binary(B::DivNoNan, g, b)?) } else { None },
            if need_b {
                let na = e.neg(a)?;
                let t = e.binary(B::DivNoNan, &na, b)?;
                let t = e.binary(B::DivNoNan, &t, b)?;
                Some(e.mul(g, &t)?)
            } else {
                None
            },
        )))?,
        // igamma(a, x) = P(a, x): d/da = IgammaGradA(a, x), d/dx = exp(-x + (a - 1) log x - lgamma(a));
        // igammac = 1 - P: both negated (TensorFlow's rules)
        B::Igamma | B::Igammac => out_of_line(e, |e| Ok({
            let ga = if need_a {
                let d = e.binary(B::IgammaGradA, a, b)?;
                let t = e.mul(g, &d)?;
                Some(if kind == B::Igammac { e.neg(&t)? } else { t })
            } else {
                None
            };
            let gb = if need_b {
                let log_x = e.log(b)?;
                let a_minus_1 = e.add_scalar(a, -1.0)?;
                let t = e.mul(&a_minus_1, &log_x)?;
                let t = e.sub(&t, b)?;
                let lg = e.unary(U::Lgamma, a)?;
                let t = e.sub(&t, &lg)?;
                let d = e.unary(U::Exp, &t)?;
                let t = e.mul(g, &d)?;
                Some(if kind == B::Igammac { e.neg(&t)? } else { t })
            } else {
                None
            };
            (ga, gb)
        }))?,
        // TensorFlow has no gradient for IgammaGradA (a second derivative of igamma in a).
        B::IgammaGradA => fail!(
            InvalidArgument,
            "gradient: the second derivative of igamma and igammac with respect to a is not implemented (TensorFlow has none either)."
        ),
        // zeta(x, q): d/dq = -x zeta(x + 1, q); none for x (TensorFlow gives none)
        B::Zeta => out_of_line(e, |e| Ok((None, if need_b {
            let x1 = e.add_scalar(a, 1.0)?;
            let z = e.binary(B::Zeta, &x1, b)?;
            let t = e.mul(a, &z)?;
            let t = e.mul(g, &t)?;
            Some(e.neg(&t)?)
        } else {
            None
        })))?,
        // polygamma(n, x): d/dx = polygamma(n + 1, x); none for n (TensorFlow gives none)
        B::Polygamma => out_of_line(e, |e| Ok((None, if need_b {
            let n1 = e.add_scalar(a, 1.0)?;
            let d = e.binary(B::Polygamma, &n1, b)?;
            Some(e.mul(g, &d)?)
        } else {
            None
        })))?,
        // nextafter(a, b): TensorFlow's rule, 1 for a and 0 for b
        B::Nextafter => out_of_line(e, |e| Ok((need_a.then(|| g.clone()), if need_b { Some(e.zeros_like(b)?) } else { None })))?,
    };
    Ok((ga, gb))
}
