//! Forward kernels and vector-Jacobian products, grouped by op family. Each family file holds both
//! directions of its ops; rules are written with the engine's differentiable ops so that a
//! gradient computed under an outer tape is itself recorded (second derivatives).

mod binary;
mod matmul;
mod movement;
mod reduce;
mod unary;

pub use binary::on_values as binary_on_values;
pub use unary::on_value as unary_on_value;

use crate::engine::Engine;
use crate::error::Result;
use crate::op::Op;
use crate::tensor::Tensor;

/// Runs `op` on `inputs`; checks shapes and dtypes and explains any mismatch.
pub fn forward(op: &Op, inputs: &[&Tensor]) -> Result<Tensor> {
    match op {
        Op::Unary(kind) => unary::forward(*kind, inputs[0]),
        Op::Binary(kind) => binary::forward(*kind, inputs[0], inputs[1]),
        Op::Sum { axes, keepdims } => reduce::sum_forward(inputs[0], axes, *keepdims),
        Op::MatMul { transpose_a, transpose_b } => matmul::forward(inputs[0], inputs[1], *transpose_a, *transpose_b),
        Op::Reshape { shape } => movement::reshape_forward(inputs[0], shape),
        Op::Transpose { perm } => movement::transpose_forward(inputs[0], perm),
        Op::BroadcastTo { shape } => movement::broadcast_to_forward(inputs[0], shape),
        Op::Concat { axis } => movement::concat_forward(inputs, *axis),
        Op::Slice { axis, start, len } => movement::slice_forward(inputs[0], *axis, *start, *len),
        Op::Pad { axis, before, after } => movement::pad_forward(inputs[0], *axis, *before, *after),
        Op::Cast { dtype } => movement::cast_forward(inputs[0], *dtype),
    }
}

/// The gradient of each input given the upstream gradient `g` of `output`. `needs[i]` says whether
/// input `i` wants one; `None` means "no gradient" (zero). The engine sums each result back to its
/// input's shape after broadcasting and checks it, so rules may return broadcast-shaped gradients.
pub fn vjp(
    e: &mut Engine,
    op: &Op,
    inputs: &[Tensor],
    output: &Tensor,
    g: &Tensor,
    needs: &[bool],
) -> Result<Vec<Option<Tensor>>> {
    match op {
        Op::Unary(kind) => Ok(vec![unary::vjp(e, *kind, &inputs[0], output, g)?]),
        Op::Binary(kind) => binary::vjp(e, *kind, &inputs[0], &inputs[1], output, g, needs),
        Op::Sum { axes, keepdims } => Ok(vec![Some(reduce::sum_vjp(e, &inputs[0], axes, *keepdims, g)?)]),
        Op::MatMul { transpose_a, transpose_b } => {
            matmul::vjp(e, &inputs[0], &inputs[1], *transpose_a, *transpose_b, g, needs)
        }
        Op::Reshape { .. } => Ok(vec![Some(e.reshape(g, &inputs[0].shape)?)]),
        Op::Transpose { perm } => Ok(vec![Some(movement::transpose_vjp(e, perm, g)?)]),
        // d/dx broadcast_to(x) sums the gradient back over the broadcast axes; the engine does that.
        Op::BroadcastTo { .. } => Ok(vec![Some(g.clone())]),
        Op::Concat { axis } => movement::concat_vjp(e, inputs, *axis, g, needs),
        Op::Slice { axis, start, len } => {
            let full = inputs[0].shape[*axis];
            Ok(vec![Some(e.pad(g, *axis, *start, full - start - len)?)])
        }
        Op::Pad { axis, before, .. } => Ok(vec![Some(e.slice(g, *axis, *before, inputs[0].shape[*axis])?)]),
        // d/dx cast(x) = cast(g) back to x's dtype; integer inputs get no gradient.
        Op::Cast { .. } => {
            let dtype = inputs[0].dtype();
            Ok(vec![if dtype.is_float() { Some(e.cast(g, dtype)?) } else { None }])
        }
    }
}
