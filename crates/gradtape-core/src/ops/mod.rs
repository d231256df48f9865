//! Shape inference, forward kernels and vector-Jacobian products, grouped by op family. Each
//! family file holds all three for its ops; rules are written with the engine's differentiable
//! ops so that a gradient computed under an outer tape is itself recorded (second derivatives).
//!
//! `infer` reads shapes and dtypes only (never data), so a step can be planned without running
//! it; `forward` runs `infer` first and hands the kernels an output of the inferred shape.

pub mod algebra;
mod binary;
mod linalg;
mod indexing;
mod matmul;
mod movement;
mod reduce;
mod unary;
mod window;

pub use reduce::reduced_shape;

use crate::dtype::DType;
use crate::engine::Engine;
use crate::error::Result;
use crate::op::{Arity, DTypes, Op, OutDType};
use crate::record::ScalarKind;
use crate::shape::{check_alloc, Shape};
use crate::tensor::Tensor;

/// What inference reads of a value: its shape and dtype.
pub trait HasMeta {
    fn shape(&self) -> &[usize];
    fn dtype(&self) -> DType;
}

impl HasMeta for Tensor {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.buf.dtype()
    }
}

/// A result's shape and dtype.
#[derive(Clone, Debug, PartialEq)]
pub struct Meta {
    pub shape: Shape,
    pub dtype: DType,
}

impl Meta {
    /// Whether `t` has this shape and dtype. (Compared dim by dim: a replay checks every variable
    /// it reads, and natively the `memcmp` calls for scalars' empty shapes were 30% of a replay of the
    /// puzzle step, four scalar variables.)
    #[inline]
    pub fn fits(&self, t: &Tensor) -> bool {
        t.dtype() == self.dtype && t.shape.len() == self.shape.len() && t.shape.iter().zip(&self.shape).all(|(a, b)| a == b)
    }
}

impl HasMeta for Meta {
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn dtype(&self) -> DType {
        self.dtype
    }
}

/// The shape and dtype `op` gives for `inputs`, or the error that explains why it cannot run
/// on them (dtype class, shapes, parameters). No data is read.
#[inline]
pub fn infer<M: HasMeta>(op: &Op, inputs: &[&M]) -> Result<Meta> {
    check_inputs(op, inputs)?;
    let shape = match op {
        Op::Unary { .. } => Shape::from_slice(inputs[0].shape()),
        Op::Binary { .. } | Op::Compare { .. } => {
            // The common case first, without the op's name (only errors need it).
            if inputs[0].shape() == inputs[1].shape() {
                Shape::from_slice(inputs[0].shape())
            } else {
                binary::broadcast(op.name(), inputs[0], inputs[1])?
            }
        }
        Op::Where {} => binary::where_shape(inputs)?,
        Op::Betainc {} => binary::betainc_shape(inputs)?,
        Op::Reduce { axes, keepdims, .. } => reduce::reduce_shape(|| op.name(), inputs[0], axes, *keepdims)?,
        Op::ArgReduce { axis, .. } => reduce::arg_shape(|| op.name(), inputs[0], *axis)?,
        Op::Cumulative { axis, .. } | Op::Softmax { axis } | Op::LogSoftmax { axis } => {
            reduce::check_axis(|| op.name(), inputs[0], *axis)?;
            Shape::from_slice(inputs[0].shape())
        }
        Op::MatMul { transpose_a, transpose_b } => matmul::infer(inputs[0], inputs[1], *transpose_a, *transpose_b)?,
        Op::Reshape { shape } => movement::reshape_shape(inputs[0], shape)?,
        Op::Transpose { perm } => movement::transpose_shape(inputs[0], perm)?,
        Op::BroadcastTo { shape } => movement::broadcast_to_shape(inputs[0], shape)?,
        Op::Concat { axis } => movement::concat_shape(inputs, *axis)?,
        Op::Slice { axis, start, len } => movement::slice_shape(inputs[0], *axis, *start, *len)?,
        Op::Pad { axis, before, after } => movement::pad_shape(inputs[0], *axis, *before, *after)?,
        Op::Cast { .. } => Shape::from_slice(inputs[0].shape()),
        Op::Custom { .. } => crate::fail!(InvalidArgument, "customGradient: its result is recorded by customGradient, not computed by an op."),
        Op::Cholesky {} | Op::MatrixInverse { .. } => linalg::square_shape(op.name(), inputs[0])?.into(),
        Op::TriangularSolve { .. } => linalg::triangular_solve_shape(inputs[0], inputs[1])?.into(),
        Op::MatrixSolve { .. } => linalg::solve_shape(inputs[0], inputs[1])?.into(),
        Op::LogMatrixDeterminant {} => linalg::slogdet_shape(inputs[0])?.into(),
        Op::Lu {} => linalg::lu_shape(inputs[0])?.into(),
        Op::Qr { full_matrices } => linalg::qr_shape(inputs[0], *full_matrices)?.into(),
        Op::Svd { full_matrices, compute_uv } => linalg::svd_shape(inputs[0], *full_matrices, *compute_uv)?.into(),
        Op::Eigh {} => linalg::eigh_shape(inputs[0])?.into(),
        Op::StridedSlice { begin, end, strides } => indexing::strided_slice_shape(inputs[0], begin, end, strides)?.into(),
        Op::StridedSliceGrad { shape, begin, end, strides } => {
            indexing::strided_slice_grad_shape(inputs[0], shape, begin, end, strides)?.into()
        }
        Op::ExtractPatches { kernel, strides, dilations } => window::patches_shape(inputs[0], kernel, strides, dilations)?.into(),
        Op::ExtractPatchesGrad { shape, kernel, strides, dilations } => {
            window::patches_grad_shape(inputs[0], shape, kernel, strides, dilations)?.into()
        }
        Op::Gather { axis, batch_dims } => indexing::gather_shape(inputs[0], inputs[1], *axis, *batch_dims)?.into(),
        Op::GatherGrad { axis, batch_dims, dim } => indexing::gather_grad_shape(inputs[0], inputs[1], *axis, *batch_dims, *dim)?.into(),
        Op::GatherNd {} => indexing::gather_nd_shape(inputs[0], inputs[1])?.into(),
        Op::ScatterNd { shape } => indexing::scatter_nd_shape(inputs[0], inputs[1], shape)?.into(),
        Op::TensorScatterUpdate {} => indexing::tensor_scatter_update_shape(inputs[0], inputs[1], inputs[2])?.into(),
        Op::Tile { multiples } => indexing::tile_shape(inputs[0], multiples)?.into(),
        Op::PadNd { paddings, mode, .. } => indexing::pad_nd_shape(inputs[0], paddings, *mode)?.into(),
        Op::Reverse { axes } => indexing::reverse_shape(inputs[0], axes)?.into(),
        Op::OneHot { depth, axis, .. } => indexing::one_hot_shape(inputs[0], *depth, *axis)?.into(),
        Op::Argsort { axis, .. } => {
            reduce::check_axis(|| op.name(), inputs[0], *axis)?;
            Shape::from_slice(inputs[0].shape())
        }
    };
    let dtype = match (op.out_dtype(), op) {
        (OutDType::Same, _) => inputs[first_data_input(op)].dtype(),
        (OutDType::Bool, _) => DType::Bool,
        (OutDType::Int32, _) => DType::I32,
        (OutDType::Param, Op::Cast { dtype } | Op::OneHot { dtype, .. }) => *dtype,
        (OutDType::Param, _) => crate::fail!(Internal, "{}: the table gives no dtype parameter", op.name()),
    };
    if !crate::shape::fits_alloc(&shape, dtype) {
        check_alloc(op.name(), &shape, dtype)?;
    }
    Ok(Meta { shape, dtype })
}

/// Positions of an op's int32 index inputs, which stand outside its dtype class.
fn index_inputs(op: &Op) -> &'static [usize] {
    match op {
        Op::Gather { .. } | Op::GatherGrad { .. } | Op::GatherNd {} | Op::TensorScatterUpdate {} => &[1],
        Op::ScatterNd { .. } | Op::OneHot { .. } => &[0],
        Op::Unary { .. }
        | Op::Binary { .. }
        | Op::Compare { .. }
        | Op::Reduce { .. }
        | Op::ArgReduce { .. }
        | Op::Cumulative { .. }
        | Op::Where {}
        | Op::Betainc {}
        | Op::Softmax { .. }
        | Op::LogSoftmax { .. }
        | Op::MatMul { .. }
        | Op::Reshape { .. }
        | Op::Transpose { .. }
        | Op::BroadcastTo { .. }
        | Op::Concat { .. }
        | Op::Slice { .. }
        | Op::Pad { .. }
        | Op::Cast { .. }
        | Op::StridedSlice { .. }
        | Op::StridedSliceGrad { .. }
        | Op::ExtractPatches { .. }
        | Op::ExtractPatchesGrad { .. }
        | Op::Tile { .. }
        | Op::PadNd { .. }
        | Op::Reverse { .. }
        | Op::Custom { .. }
        | Op::Cholesky {}
        | Op::TriangularSolve { .. }
        | Op::MatrixSolve { .. }
        | Op::MatrixInverse { .. }
        | Op::LogMatrixDeterminant {}
        | Op::Lu {}
        | Op::Qr { .. }
        | Op::Svd { .. }
        | Op::Eigh {}
        | Op::Argsort { .. } => &[],
    }
}

/// True for inputs that hold the op's data: not int32 indices, and not `where`'s condition
/// (bool whatever the class of its values).
fn is_data_input(op: &Op, i: usize) -> bool {
    !(index_inputs(op).contains(&i) || i == 0 && matches!(op, Op::Where {}))
}

/// The first data input: it gives the result's dtype when the table says "the inputs' dtype".
fn first_data_input(op: &Op) -> usize {
    (0..).find(|&i| is_data_input(op, i)).expect("an op skips finitely many inputs")
}

/// The table's input rules: the count, int32 index inputs, the dtype class, and one dtype for
/// all data inputs.
#[inline]
fn check_inputs<M: HasMeta>(op: &Op, inputs: &[&M]) -> Result<()> {
    // (The op's name only for errors: it is a lookup this path, taken by every op, can skip.)
    let name = || op.name();
    let count_ok = match op.arity() {
        Arity::Fixed(n) => inputs.len() == n,
        Arity::Variadic => !inputs.is_empty(),
    };
    if !count_ok {
        crate::fail!(InvalidArgument, "{}: got {} inputs, which this op does not take.", name(), inputs.len());
    }
    for &i in index_inputs(op) {
        if inputs[i].dtype() != DType::I32 {
            crate::fail!(
                DTypeMismatch,
                "{}: indices must be int32, got {}; cast them first, e.g. tf.cast(indices, 'int32').",
                name(),
                inputs[i].dtype().name()
            );
        }
    }
    // The data inputs (not indices, not where's condition), without collecting them: this runs
    // for every op.
    let mut data = inputs.iter().enumerate().filter(|&(i, _)| is_data_input(op, i)).map(|(_, &t)| t);
    let Some(first) = data.next().map(|t| t.dtype()) else { return Ok(()) };
    let class = op.dtypes();
    if !class.admits(first) {
        return Err(class.refuse(name(), first));
    }
    let n_data = inputs.len() - index_inputs(op).len() - matches!(op, Op::Where {}) as usize;
    for (i, t) in data.enumerate() {
        let i = i + 1;
        if t.dtype() != first {
            // Suggest casting towards the float operand (an int tensor rarely should lose its fraction).
            let (cast, to) = if first.is_float() { ("y", first) } else { ("x", t.dtype()) };
            if n_data == 2 {
                crate::fail!(
                    DTypeMismatch,
                    "{}: both operands must have the same dtype, but x is {} and y is {}. \
                     Cast one of them first, e.g. tf.cast({cast}, '{}').",
                    name(),
                    first.name(),
                    t.dtype().name(),
                    to.name()
                );
            }
            crate::fail!(
                DTypeMismatch,
                "{}: tensor {i} is {} but tensor 0 is {}; cast them to one dtype with tf.cast.",
                name(),
                t.dtype().name(),
                first.name()
            );
        }
    }
    if let Op::Where {} = op {
        if inputs[0].dtype() != DType::Bool {
            crate::fail!(
                DTypeMismatch,
                "where: the condition must be a bool tensor, got {}; compare first, e.g. tf.greater(x, 0).",
                inputs[0].dtype().name()
            );
        }
    }
    Ok(())
}

/// Runs `op` on `inputs`: infers the result, then runs the kernel.
#[inline]
pub fn forward(op: &Op, inputs: &[&Tensor]) -> Result<Tensor> {
    let out = infer(op, inputs)?;
    forward_inferred(op, inputs, out)
}

/// Runs `f` as a function of its own: the dispatches below call each op's forward and gradient
/// rule through it, so each op compiles apart. (Inlined, `forward_inferred` was 150 KB of wasm,
/// which V8's optimizing tier took 0.3 s to compile, while every op ran in the baseline tier.)
#[inline(never)]
fn apart<R>(f: impl FnOnce() -> R) -> R {
    f()
}

/// `forward` with the output's shape and dtype already inferred for these inputs' shapes and
/// dtypes (a replayed program infers once, when it is traced).
pub fn forward_inferred(op: &Op, inputs: &[&Tensor], out: Meta) -> Result<Tensor> {
    match op {
        Op::Unary { kind } => apart(|| unary::forward(*kind, inputs[0], out)),
        Op::Binary { kind } => apart(|| binary::forward(*kind, inputs[0], inputs[1], out)),
        Op::Compare { kind } => apart(|| binary::compare_forward(*kind, inputs[0], inputs[1], out)),
        Op::Where {} => apart(|| binary::where_forward(inputs[0], inputs[1], inputs[2], out)),
        Op::Betainc {} => apart(|| binary::betainc_forward(inputs[0], inputs[1], inputs[2], out)),
        Op::Reduce { kind, axes, .. } => apart(|| reduce::forward(*kind, inputs[0], axes, out)),
        Op::ArgReduce { kind, axis } => apart(|| reduce::arg_forward(*kind, inputs[0], *axis, out)),
        Op::Cumulative { kind, axis, exclusive, reverse } => {
            apart(|| reduce::cumulative_forward(*kind, inputs[0], *axis, *exclusive, *reverse, out))
        }
        Op::Softmax { axis } => apart(|| reduce::softmax_forward(inputs[0], *axis, false, out)),
        Op::LogSoftmax { axis } => apart(|| reduce::softmax_forward(inputs[0], *axis, true, out)),
        Op::MatMul { transpose_a, transpose_b } => apart(|| matmul::forward(inputs[0], inputs[1], *transpose_a, *transpose_b, out)),
        Op::Reshape { .. } => apart(|| Ok(Tensor::sharing(inputs[0], out.shape))),
        Op::Transpose { perm } => apart(|| movement::transpose_forward(inputs[0], perm, out)),
        Op::BroadcastTo { .. } => apart(|| movement::broadcast_to_forward(inputs[0], out)),
        Op::Concat { axis } => apart(|| movement::concat_forward(inputs, *axis, out)),
        Op::Slice { axis, start, len } => apart(|| movement::slice_forward(inputs[0], *axis, *start, *len, out)),
        Op::Pad { axis, before, after } => apart(|| movement::pad_forward(inputs[0], *axis, *before, *after, out)),
        Op::Cast { dtype } => apart(|| movement::cast_forward(inputs[0], *dtype)),
        Op::Custom { .. } => unreachable!("inference refuses custom nodes"),
        Op::Cholesky {} => apart(|| linalg::cholesky_forward(inputs[0], out)),
        Op::TriangularSolve { lower, adjoint } => apart(|| linalg::triangular_solve_forward(inputs[0], inputs[1], *lower, *adjoint, out)),
        Op::MatrixSolve { adjoint } => apart(|| linalg::solve_forward(inputs[0], inputs[1], *adjoint, out)),
        Op::MatrixInverse { adjoint } => apart(|| linalg::inverse_forward(inputs[0], *adjoint, out)),
        Op::LogMatrixDeterminant {} => apart(|| linalg::slogdet_forward(inputs[0], out)),
        Op::Lu {} => apart(|| linalg::lu_forward(inputs[0], out)),
        Op::Qr { full_matrices } => apart(|| linalg::qr_forward(inputs[0], *full_matrices, out)),
        Op::Svd { full_matrices, compute_uv } => apart(|| linalg::svd_forward(inputs[0], *full_matrices, *compute_uv, out)),
        Op::Eigh {} => apart(|| linalg::eigh_forward(inputs[0], out)),
        Op::StridedSlice { begin, strides, .. } => apart(|| indexing::strided_slice_forward(inputs[0], begin, strides, out)),
        Op::StridedSliceGrad { begin, strides, .. } => apart(|| indexing::strided_slice_grad_forward(inputs[0], begin, strides, out)),
        Op::Gather { axis, batch_dims } => apart(|| indexing::gather_forward(inputs[0], inputs[1], *axis, *batch_dims, out)),
        Op::GatherGrad { axis, batch_dims, .. } => apart(|| indexing::gather_grad_forward(inputs[0], inputs[1], *axis, *batch_dims, out)),
        Op::GatherNd {} => apart(|| indexing::gather_nd_forward(inputs[0], inputs[1], out)),
        Op::ScatterNd { .. } => apart(|| indexing::scatter_nd_forward(inputs[0], inputs[1], out)),
        Op::TensorScatterUpdate {} => apart(|| indexing::tensor_scatter_update_forward(inputs[0], inputs[1], inputs[2], out)),
        Op::ExtractPatches { kernel, strides, dilations } => apart(|| window::patches_forward(inputs[0], kernel, strides, dilations, out)),
        Op::ExtractPatchesGrad { kernel, strides, dilations, .. } => {
            apart(|| window::patches_grad_forward(inputs[0], kernel, strides, dilations, out))
        }
        Op::Tile { .. } => apart(|| indexing::tile_forward(inputs[0], out)),
        Op::PadNd { paddings, mode, constant_value } => apart(|| indexing::pad_nd_forward(inputs[0], paddings, *mode, *constant_value, out)),
        Op::Reverse { axes } => apart(|| indexing::reverse_forward(inputs[0], axes, out)),
        Op::OneHot { depth, on_value, off_value, axis, .. } => {
            apart(|| indexing::one_hot_forward(inputs[0], *depth, *on_value, *off_value, *axis, out))
        }
        Op::Argsort { axis, descending } => apart(|| reduce::argsort_forward(inputs[0], *axis, *descending, out)),
    }
}

/// A rank-0 elementwise node's rule run on values (`algebra::OnValues`): the input gradients for
/// upstream gradient `g`, with the bits `vjp` gives, without a tensor per step. For the backward
/// sweep when no tape records and no trace sees the rule's steps. None where that does not hold,
/// or the rule has no form on values: `vjp` then runs it on tensors (and reports any error).
pub fn vjp_on_values(e: &Engine, op: &Op, inputs: &[Tensor], output: &Tensor, g: f64, needs: &[bool]) -> Option<[Option<f64>; 2]> {
    if !e.active.is_empty() || e.is_tracing() || output.rank() != 0 {
        return None;
    }
    let dtype = output.dtype();
    if !dtype.is_float() || inputs.iter().any(|x| x.rank() != 0 || x.dtype() != dtype) {
        return None;
    }
    // A value the tape kept as its shape only is one the rule does not read.
    let value = |t: &Tensor| if t.has_data() { t.buf.get_f64(0) } else { f64::NAN };
    let b = inputs.get(1).map_or(f64::NAN, value);
    vjp_scalar(op, dtype, [value(&inputs[0]), b], value(output), g, needs)
}

/// `vjp_on_values` on the values themselves: a unary or binary op's rule on rank-0 operands
/// `inputs` (a unary op's second unused) of float `dtype` with result `output`. A value the rule
/// does not read (see `Op::saves`) may be NaN.
pub fn vjp_scalar(op: &Op, dtype: DType, inputs: [f64; 2], output: f64, g: f64, needs: &[bool]) -> Option<[Option<f64>; 2]> {
    vjp_of_kind(ScalarKind::of(op)?, dtype, inputs, output, g, needs)
}

/// `vjp_scalar` of a scalar node's op.
pub(crate) fn vjp_of_kind(kind: ScalarKind, dtype: DType, inputs: [f64; 2], output: f64, g: f64, needs: &[bool]) -> Option<[Option<f64>; 2]> {
    let v = &mut algebra::OnValues { dtype };
    match kind {
        ScalarKind::Unary(kind) => Some([unary::vjp(v, kind, &inputs[0], &output, &g).ok()?, None]),
        ScalarKind::Binary(kind) => {
            let (ga, gb) = binary::vjp(v, kind, &inputs[0], &inputs[1], &output, &g, needs).ok()?;
            Some([ga, gb])
        }
    }
}

/// The gradient of each input given the upstream gradient `g` of `output`. `needs[i]` says whether
/// input `i` wants one; `None` means "no gradient" (zero). The engine sums each result back to its
/// input's shape after broadcasting and checks it, so rules may return broadcast-shaped gradients.
/// Inputs and output the table does not save are shapes only: rules must not read their data.
pub fn vjp(
    e: &mut Engine,
    op: &Op,
    inputs: &[Tensor],
    output: &Tensor,
    g: &Tensor,
    needs: &[bool],
) -> Result<Vec<Option<Tensor>>> {
    match op {
        Op::Unary { kind } => apart(|| Ok(vec![unary::vjp(e, *kind, &inputs[0], output, g)?])),
        Op::Binary { kind } => apart(|| {
            let (ga, gb) = binary::vjp(e, *kind, &inputs[0], &inputs[1], output, g, needs)?;
            Ok(vec![ga, gb])
        }),
        // Comparisons are flat (and their results are bool): no gradient.
        Op::Compare { .. } => Ok(vec![None, None]),
        Op::Where {} => apart(|| binary::where_vjp(e, &inputs[0], g, needs)),
        Op::Betainc {} => apart(|| binary::betainc_vjp(e, inputs, g, needs)),
        Op::Reduce { kind, axes, keepdims } => apart(|| Ok(vec![reduce::vjp(e, *kind, &inputs[0], output, axes, *keepdims, g)?])),
        Op::ArgReduce { .. } => Ok(vec![None]),
        Op::Cumulative { kind, axis, exclusive, reverse } => {
            apart(|| Ok(vec![reduce::cumulative_vjp(e, *kind, &inputs[0], output, *axis, *exclusive, *reverse, g)?]))
        }
        Op::Softmax { axis } => apart(|| Ok(vec![Some(reduce::softmax_vjp(e, output, *axis, false, g)?)])),
        Op::LogSoftmax { axis } => apart(|| Ok(vec![Some(reduce::softmax_vjp(e, output, *axis, true, g)?)])),
        Op::MatMul { transpose_a, transpose_b } => {
            apart(|| matmul::vjp(e, &inputs[0], &inputs[1], *transpose_a, *transpose_b, g, needs))
        }
        Op::Reshape { .. } => apart(|| Ok(vec![Some(e.reshape(g, &inputs[0].shape)?)])),
        Op::Transpose { perm } => apart(|| Ok(vec![Some(movement::transpose_vjp(e, perm, g)?)])),
        // d/dx broadcast_to(x) sums the gradient back over the broadcast axes; the engine does that.
        Op::BroadcastTo { .. } => apart(|| Ok(vec![Some(g.clone())])),
        Op::Concat { axis } => apart(|| movement::concat_vjp(e, inputs, *axis, g, needs)),
        Op::Slice { axis, start, len } => {
            let full = inputs[0].shape[*axis];
            Ok(vec![Some(e.pad(g, *axis, *start, full - start - len)?)])
        }
        Op::Pad { axis, before, .. } => apart(|| Ok(vec![Some(e.slice(g, *axis, *before, inputs[0].shape[*axis])?)])),
        // d/dx cast(x) = cast(g) back to x's dtype; integer inputs get no gradient.
        Op::Cast { .. } => {
            let dtype = inputs[0].dtype();
            Ok(vec![if dtype.is_float() { Some(e.cast(g, dtype)?) } else { None }])
        }
        // The sweep hands these to JavaScript (autodiff.rs) and never asks for a rule here.
        Op::Custom { .. } => apart(|| crate::fail!(Internal, "customGradient: its rule runs in JavaScript")),
        Op::Cholesky {} => apart(|| Ok(vec![Some(linalg::cholesky_vjp(e, output, g)?)])),
        Op::TriangularSolve { lower, adjoint } => apart(|| linalg::solve_vjp(e, Some(*lower), *adjoint, &inputs[0], output, g, needs)),
        Op::MatrixSolve { adjoint } => apart(|| linalg::solve_vjp(e, None, *adjoint, &inputs[0], output, g, needs)),
        Op::MatrixInverse { adjoint } => apart(|| Ok(vec![Some(linalg::inverse_vjp(e, output, *adjoint, g)?)])),
        Op::LogMatrixDeterminant {} => apart(|| Ok(vec![Some(linalg::slogdet_vjp(e, &inputs[0], output, g)?)])),
        Op::Lu {} => apart(|| Ok(vec![Some(linalg::lu_vjp(e, output, g)?)])),
        Op::Qr { full_matrices } => apart(|| Ok(vec![Some(linalg::qr_vjp(e, &inputs[0], output, *full_matrices, g)?)])),
        Op::Svd { full_matrices, compute_uv } => {
            apart(|| Ok(vec![Some(linalg::svd_vjp(e, &inputs[0], output, *full_matrices, *compute_uv, g)?)]))
        }
        Op::Eigh {} => apart(|| Ok(vec![Some(linalg::eigh_vjp(e, output, g)?)])),
        Op::StridedSlice { begin, end, strides } => {
            apart(|| Ok(vec![Some(indexing::strided_slice_vjp(e, &inputs[0].shape, begin, end, strides, g)?)]))
        }
        // The scatter's gradient is the slice of the same ranges.
        Op::StridedSliceGrad { begin, end, strides, .. } => {
            let slice = Op::StridedSlice { begin: begin.clone(), end: end.clone(), strides: strides.clone() };
            Ok(vec![Some(e.apply(slice, &[g])?)])
        }
        Op::Gather { axis, batch_dims } => apart(|| indexing::gather_vjp(e, inputs, *axis, *batch_dims, g, needs)),
        // The scatter-add's gradient gathers at the same indices.
        Op::GatherGrad { axis, batch_dims, .. } => {
            apart(|| Ok(vec![Some(e.apply(Op::Gather { axis: *axis, batch_dims: *batch_dims }, &[g, &inputs[1]])?), None]))
        }
        // gather_nd and scatter_nd are each other's adjoints; indices get no gradient.
        Op::GatherNd {} => apart(|| Ok(vec![Some(e.apply(Op::ScatterNd { shape: inputs[0].shape.to_vec() }, &[&inputs[1], g])?), None])),
        Op::ScatterNd { .. } => Ok(vec![None, Some(e.apply(Op::GatherNd {}, &[g, &inputs[0]])?)]),
        Op::TensorScatterUpdate {} => apart(|| indexing::tensor_scatter_update_vjp(e, inputs, g, needs)),
        Op::ExtractPatches { kernel, strides, dilations } => {
            apart(|| Ok(vec![Some(window::patches_vjp(e, &inputs[0].shape, kernel, strides, dilations, g)?)]))
        }
        // The scatter-add's gradient is the patches of the same windows.
        Op::ExtractPatchesGrad { kernel, strides, dilations, .. } => {
            let patches = Op::ExtractPatches { kernel: kernel.clone(), strides: strides.clone(), dilations: dilations.clone() };
            Ok(vec![Some(e.apply(patches, &[g])?)])
        }
        Op::Tile { multiples } => apart(|| Ok(vec![Some(indexing::tile_vjp(e, &inputs[0].shape, multiples, g)?)])),
        Op::PadNd { paddings, mode, .. } => apart(|| Ok(vec![Some(indexing::pad_vjp(e, &inputs[0].shape, paddings, *mode, g)?)])),
        Op::Reverse { axes } => apart(|| Ok(vec![Some(e.apply(Op::Reverse { axes: axes.clone() }, &[g])?)])),
        // The indices are integers: no gradient (TensorFlow gives none to on/off values either).
        Op::OneHot { .. } => Ok(vec![None]),
        // Integer results: nothing flows back (sort and topK differentiate through their gather).
        Op::Argsort { .. } => Ok(vec![None]),
    }
}

/// An op eager scalar arithmetic can run on values: a unary or binary kind whose result has the
/// operands' dtype, with the dtypes it takes.
#[derive(Clone, Copy, Debug)]
pub enum ScalarOp {
    Unary(crate::op::UnaryKind, DTypes),
    Binary(crate::op::BinaryKind, DTypes),
    /// Any other op.
    Other,
}

/// Per op code, what `on_values` runs (built once: the eager scalar path is the hottest in small
/// fitting loops, so it must not decode an `Op` per call).
pub fn scalar_ops() -> Vec<ScalarOp> {
    crate::op::specs()
        .iter()
        .map(|spec| {
            let op = Op::decode(spec.code, &mut crate::op::ParamReader::new(&[0.0; 16]));
            match op {
                Ok(Op::Unary { kind }) if spec.out == OutDType::Same => ScalarOp::Unary(kind, spec.dtypes),
                Ok(Op::Binary { kind }) if spec.out == OutDType::Same => ScalarOp::Binary(kind, spec.dtypes),
                _ => ScalarOp::Other,
            }
        })
        .collect()
}

/// The op on rank-0 values of `dtype` without making tensors (eager scalar arithmetic that no
/// tape records): the same scalar forms as the kernels. An error for `ScalarOp::Other`, for a
/// dtype the op refuses, and for the int32 operands TensorFlow refuses (`check_int_operand`).
pub fn on_values(op: ScalarOp, dtype: DType, a: f64, b: f64) -> Result<f64> {
    fn run<T: crate::kernels::Element>(op: ScalarOp, a: f64, b: f64) -> f64 {
        match op {
            ScalarOp::Unary(kind, _) => {
                let mut out = [T::ZERO];
                crate::kernels::unary(kind, &[T::from_f64(a)], &mut out);
                out[0].to_f64()
            }
            ScalarOp::Binary(kind, _) => kind.scalar(T::from_f64(a), T::from_f64(b)).to_f64(),
            ScalarOp::Other => f64::NAN,
        }
    }
    let (class, name) = match op {
        ScalarOp::Unary(kind, class) => (class, kind.spec_row().0),
        ScalarOp::Binary(kind, class) => (class, kind.spec_row().0),
        ScalarOp::Other => crate::fail!(InvalidArgument, "this op has no eager scalar form (elementwise ops with same-dtype results only)"),
    };
    if !class.admits(dtype) {
        return Err(class.refuse(name, dtype));
    }
    if let (ScalarOp::Binary(kind, _), DType::I32) = (op, dtype) {
        binary::check_int_operand(kind, &[b as i32])?;
    }
    Ok(crate::with_dtype!(dtype, T => run::<T>(op, a, b)))
}
