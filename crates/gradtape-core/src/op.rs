//! The closed set of differentiable primitives. `ops::forward` and `ops::vjp` match on it
//! exhaustively, so a new primitive does not compile until its gradient rule is written.
//! Everything else users see (square, reduceMean, polyval, ...) is composed from these.

use crate::dtype::DType;
use crate::kernels::{BinaryKind, UnaryKind};

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// neg, exp, log, sqrt, abs, step (the Heaviside step, whose derivative is zero).
    Unary(UnaryKind),
    /// add, sub, mul, div, pow with NumPy broadcasting.
    Binary(BinaryKind),
    /// Sum over `axes` (sorted, unique).
    Sum { axes: Vec<usize>, keepdims: bool },
    /// `[..., m, k] @ [..., k, n]`, batch dims broadcast; the flags transpose the last two dims first.
    MatMul { transpose_a: bool, transpose_b: bool },
    Reshape { shape: Vec<usize> },
    Transpose { perm: Vec<usize> },
    BroadcastTo { shape: Vec<usize> },
    /// n-ary: joins its inputs along `axis`.
    Concat { axis: usize },
    /// `len` entries of `axis` starting at `start`.
    Slice { axis: usize, start: usize, len: usize },
    /// Zeros added before and after along `axis` (the dual of `Slice`).
    Pad { axis: usize, before: usize, after: usize },
    Cast { dtype: DType },
}

impl Op {
    /// The name used in error messages: the name of the JavaScript function users call.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Unary(kind) => match kind {
                UnaryKind::Neg => "neg",
                UnaryKind::Exp => "exp",
                UnaryKind::Log => "log",
                UnaryKind::Sqrt => "sqrt",
                UnaryKind::Abs => "abs",
                UnaryKind::Step => "step",
            },
            Op::Binary(kind) => match kind {
                BinaryKind::Add => "add",
                BinaryKind::Sub => "sub",
                BinaryKind::Mul => "mul",
                BinaryKind::Div => "div",
                BinaryKind::Pow => "pow",
            },
            Op::Sum { .. } => "reduceSum",
            Op::MatMul { .. } => "matmul",
            Op::Reshape { .. } => "reshape",
            Op::Transpose { .. } => "transpose",
            Op::BroadcastTo { .. } => "broadcastTo",
            Op::Concat { .. } => "concat",
            Op::Slice { .. } => "slice",
            Op::Pad { .. } => "pad",
            Op::Cast { .. } => "cast",
        }
    }
}
