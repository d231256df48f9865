//! Elementwise binary ops with NumPy broadcasting: add, sub, mul, div, pow.
//! Rules return broadcast-shaped gradients; the engine sums them back to each input's shape.

use crate::dtype::{try_filled, Buffer, DType};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Arith, BinaryKind, Element};
use crate::op::Op;
use crate::shape::{broadcast_shapes, check_alloc, size_of};
use crate::tensor::Tensor;

fn run<T: Element>(kind: BinaryKind, a: &[T], a_shape: &[usize], b: &[T], b_shape: &[usize], out_shape: &[usize]) -> Result<Vec<T>> {
    let mut out = try_filled(size_of(out_shape), T::ZERO)?;
    kernels::binary(kind, a, a_shape, b, b_shape, &mut out, out_shape);
    Ok(out)
}

fn scalar_op<T: Element>(kind: BinaryKind, x: T, y: T) -> T {
    match kind {
        BinaryKind::Add => Arith::add(x, y),
        BinaryKind::Sub => Arith::sub(x, y),
        BinaryKind::Mul => Arith::mul(x, y),
        BinaryKind::Div => Arith::div(x, y),
        BinaryKind::Pow => Arith::pow(x, y),
    }
}

/// The op on two rank-0 values of `dtype`, without making tensors (for eager scalar arithmetic
/// that no tape records). The same arithmetic as `forward`'s scalar path.
pub fn on_values(kind: BinaryKind, dtype: DType, a: f64, b: f64) -> f64 {
    fn run<T: Element>(kind: BinaryKind, a: f64, b: f64) -> f64 {
        scalar_op(kind, T::from_f64(a), T::from_f64(b)).to_f64()
    }
    match dtype {
        DType::F32 => run::<f32>(kind, a, b),
        DType::F64 => run::<f64>(kind, a, b),
        DType::I32 => run::<i32>(kind, a, b),
    }
}

pub fn forward(kind: BinaryKind, a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let name = Op::Binary(kind).name();
    if a.dtype() != b.dtype() {
        // Suggest casting towards the float operand (an int tensor rarely should lose its fraction).
        let (cast, to) = if a.dtype().is_float() { ("y", a.dtype()) } else { ("x", b.dtype()) };
        fail!(
            DTypeMismatch,
            "{name}: both operands must have the same dtype, but x is {} and y is {}. \
             Cast one of them first, e.g. tf.cast({cast}, '{}').",
            a.dtype().name(),
            b.dtype().name(),
            to.name()
        );
    }
    if let (BinaryKind::Pow, Buffer::I32(exponents)) = (kind, &*b.buf) {
        if exponents.iter().any(|&e| e < 0) {
            fail!(
                InvalidArgument,
                "pow: Integers to negative integer powers are not allowed (an int32 exponent is negative). \
                 Cast to a float dtype first, e.g. tf.pow(tf.cast(x, 'float32'), -1)."
            );
        }
    }
    if a.rank() == 0 && b.rank() == 0 {
        // Scalars (the common case in small fitting loops) skip the broadcasting machinery.
        let buf = match (&*a.buf, &*b.buf) {
            (Buffer::F32(x), Buffer::F32(y)) => Buffer::F32(vec![scalar_op(kind, x[0], y[0])]),
            (Buffer::F64(x), Buffer::F64(y)) => Buffer::F64(vec![scalar_op(kind, x[0], y[0])]),
            (Buffer::I32(x), Buffer::I32(y)) => Buffer::I32(vec![scalar_op(kind, x[0], y[0])]),
            _ => fail!(Internal, "{name}: dtype check passed but buffers differ"),
        };
        return Ok(Tensor::new(Vec::new(), buf));
    }
    let out_shape = broadcast_shapes(name, &a.shape, &b.shape)?;
    check_alloc(name, &out_shape, a.dtype())?;
    let buf = match (&*a.buf, &*b.buf) {
        (Buffer::F32(x), Buffer::F32(y)) => Buffer::F32(run(kind, x, &a.shape, y, &b.shape, &out_shape)?),
        (Buffer::F64(x), Buffer::F64(y)) => Buffer::F64(run(kind, x, &a.shape, y, &b.shape, &out_shape)?),
        (Buffer::I32(x), Buffer::I32(y)) => Buffer::I32(run(kind, x, &a.shape, y, &b.shape, &out_shape)?),
        _ => fail!(Internal, "{name}: dtype check passed but buffers differ"),
    };
    Ok(Tensor::new(out_shape, buf))
}

pub fn vjp(
    e: &mut Engine,
    kind: BinaryKind,
    a: &Tensor,
    b: &Tensor,
    y: &Tensor,
    g: &Tensor,
    needs: &[bool],
) -> Result<Vec<Option<Tensor>>> {
    let (need_a, need_b) = (needs[0], needs[1]);
    let (ga, gb) = match kind {
        // d(a+b) = da + db
        BinaryKind::Add => (need_a.then(|| g.clone()), need_b.then(|| g.clone())),
        // d(a-b) = da - db
        BinaryKind::Sub => (need_a.then(|| g.clone()), if need_b { Some(e.neg(g)?) } else { None }),
        // d(ab) = b da + a db
        BinaryKind::Mul => (
            if need_a { Some(e.mul(g, b)?) } else { None },
            if need_b { Some(e.mul(g, a)?) } else { None },
        ),
        // d(a/b) = da / b - (a/b²) db = da / b - (y/b) db
        BinaryKind::Div => (
            if need_a { Some(e.div(g, b)?) } else { None },
            if need_b {
                let y_over_b = e.div(y, b)?;
                let t = e.mul(g, &y_over_b)?;
                Some(e.neg(&t)?)
            } else {
                None
            },
        ),
        // d(a^b) = b a^(b-1) da + a^b ln(a) db, with ln(a) taken as 0 where a <= 0 (TensorFlow's choice)
        BinaryKind::Pow => (
            if need_a {
                let b_minus_1 = e.add_scalar(b, -1.0)?;
                let p = e.pow(a, &b_minus_1)?;
                let bp = e.mul(b, &p)?;
                Some(e.mul(g, &bp)?)
            } else {
                None
            },
            if need_b {
                let positive = e.step(a)?; // 1 where a > 0
                let not_positive = e.rsub_scalar(&positive, 1.0)?;
                let safe_a = {
                    let masked = e.mul(a, &positive)?;
                    e.add(&masked, &not_positive)?
                };
                let log_a = {
                    let l = e.log(&safe_a)?;
                    e.mul(&l, &positive)?
                };
                let t = e.mul(y, &log_a)?;
                Some(e.mul(g, &t)?)
            } else {
                None
            },
        ),
    };
    Ok(vec![ga, gb])
}
