//! Elementwise unary ops: neg, exp, log, sqrt, abs, step.

use crate::dtype::{try_filled, DType};
use crate::engine::Engine;
use crate::error::Result;
use crate::fail;
use crate::kernels::{self, Element, UnaryKind};
use crate::map_buffer;
use crate::shape::check_alloc;
use crate::tensor::Tensor;

fn check_dtype(kind: UnaryKind, dtype: DType) -> Result<()> {
    let float_only = match kind {
        UnaryKind::Exp | UnaryKind::Log | UnaryKind::Sqrt => true,
        UnaryKind::Neg | UnaryKind::Abs | UnaryKind::Step => false,
    };
    if float_only && !dtype.is_float() {
        fail!(
            DTypeMismatch,
            "{}: {} tensors are not supported; cast first, e.g. tf.cast(x, 'float32').",
            crate::op::Op::Unary(kind).name(),
            dtype.name()
        );
    }
    Ok(())
}

/// The op on one rank-0 value of `dtype`, without making tensors (for eager scalar arithmetic
/// that no tape records); the same kernel as `forward`.
pub fn on_value(kind: UnaryKind, dtype: DType, x: f64) -> Result<f64> {
    check_dtype(kind, dtype)?;
    fn run<T: Element>(kind: UnaryKind, x: f64) -> f64 {
        let mut out = [T::ZERO];
        kernels::unary(kind, &[T::from_f64(x)], &mut out);
        out[0].to_f64()
    }
    Ok(match dtype {
        DType::F32 => run::<f32>(kind, x),
        DType::F64 => run::<f64>(kind, x),
        DType::I32 => run::<i32>(kind, x),
    })
}

pub fn forward(kind: UnaryKind, x: &Tensor) -> Result<Tensor> {
    check_dtype(kind, x.dtype())?;
    check_alloc(crate::op::Op::Unary(kind).name(), &x.shape, x.dtype())?;
    let buf = map_buffer!(&*x.buf, |v| {
        let mut out = try_filled(v.len(), Default::default())?;
        kernels::unary(kind, v, &mut out);
        out
    });
    Ok(Tensor::new(x.shape.clone(), buf))
}

pub fn vjp(e: &mut Engine, kind: UnaryKind, x: &Tensor, y: &Tensor, g: &Tensor) -> Result<Option<Tensor>> {
    Ok(match kind {
        // d/dx -x = -1
        UnaryKind::Neg => Some(e.neg(g)?),
        // d/dx e^x = e^x = y
        UnaryKind::Exp => Some(e.mul(g, y)?),
        // d/dx ln x = 1/x
        UnaryKind::Log => Some(e.div(g, x)?),
        // d/dx sqrt x = 1 / (2 sqrt x) = 1 / (2y)
        UnaryKind::Sqrt => {
            let two_y = e.mul_scalar(y, 2.0)?;
            Some(e.div(g, &two_y)?)
        }
        // d/dx |x| = sign(x) = step(x) - step(-x)  (0 at x = 0, as in TensorFlow)
        UnaryKind::Abs => {
            let neg_x = e.neg(x)?;
            let sign = {
                let pos = e.step(x)?;
                let neg = e.step(&neg_x)?;
                e.sub(&pos, &neg)?
            };
            Some(e.mul(g, &sign)?)
        }
        // the step function is flat almost everywhere: no gradient.
        UnaryKind::Step => None,
    })
}
