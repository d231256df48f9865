//! Every differentiable primitive against central differences in float64.
//!
//! For each case, loss = sum(op(inputs) * C) with a fixed random upstream C (so a rule that ignores
//! the upstream gradient fails), and the analytic gradient of every input is compared with
//! (loss(x + h e_i) - loss(x - h e_i)) / 2h.
//!
//! The table lists every `Op` variant; `op_key` matches `Op` exhaustively, so a new primitive does
//! not compile until it is given a key here, and `table_covers_every_op` fails until it has a case.
//!
//! The second half checks second derivatives through nested tapes against analytic values.

// Tests clone handles into gradient()'s slices freely.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::*;
use gradtape_core::op::{specs, BinaryKind, CompareKind, CumulativeKind, PadMode, ReduceKind, UnaryKind};
use gradtape_core::{DType, Engine, Op, Tensor};

// ---- the table ------------------------------------------------------------------------------------

/// Where an input's values are drawn from.
#[derive(Clone, Copy, Debug)]
enum Dom {
    /// uniform in [-2, 2)
    Any,
    /// uniform in [0.5, 2): log, sqrt, pow bases
    Pos,
    /// |x| in [0.3, 2) with a random sign: abs, step, divisors
    NonZero,
    /// uniform in [-0.9, 0.9): asin, acos, atanh
    Unit,
    /// uniform in [1.2, 3): acosh
    AboveOne,
    /// uniform in [0.05, 0.95): probabilities (ndtri)
    Probability,
    /// A square X (uniform in [-1, 1)) that enters the op as X Xᵀ + n I, formed with recorded
    /// ops: symmetric positive definite, and a perturbation of X is a symmetric one of the
    /// matrix (cholesky reads one triangle and gives TensorFlow's symmetric gradient).
    Spd,
    /// Uniform in [-2, 2) with ±(2n + 1) added on the diagonal of each n×n matrix: strictly
    /// diagonally dominant, so well conditioned, with determinants of either sign.
    Dominant,
    /// The case's int32 index tensor number k (`Case::indices`): constant, no gradient.
    Index(usize),
    /// A float input TensorFlow gives no gradient (zeta's x, polygamma's order): uniform in
    /// [lo, hi), rounded down when `integer`. Its gradient must be None; it is not perturbed.
    NoGrad { lo: f64, hi: f64, integer: bool },
}

struct Case {
    name: String,
    /// The first op is applied to all inputs; each further op to the previous result.
    ops: Vec<Op>,
    inputs: Vec<(Vec<usize>, Dom)>,
    /// The int32 tensors `Dom::Index` inputs take.
    indices: Vec<Tensor>,
    h: f64,
    rtol: f64,
    atol: f64,
}

fn case(name: impl Into<String>, ops: Vec<Op>, inputs: Vec<(Vec<usize>, Dom)>) -> Case {
    Case { name: name.into(), ops, inputs, indices: Vec::new(), h: 1e-6, rtol: 1e-6, atol: 1e-6 }
}

/// A case whose inputs include int32 index tensors (`Dom::Index(k)` is `indices[k]`).
fn indexed_case(name: impl Into<String>, op: Op, inputs: Vec<(Vec<usize>, Dom)>, indices: Vec<Tensor>) -> Case {
    Case { indices, ..case(name, vec![op], inputs) }
}

/// An int32 index tensor for a case.
fn idx(shape: &[usize], values: &[i32]) -> Tensor {
    i32t(shape, values)
}

fn sh(s: &[usize]) -> Vec<usize> {
    s.to_vec()
}

/// The key a case is filed under: the op's name from the op table.
fn op_key(op: &Op) -> &'static str {
    op.name()
}

/// Ops with no gradient to check here: bool or int32 results; trigamma (the derivative of
/// digamma; its own derivative is not implemented and says so); customGradient, whose rule is a
/// JavaScript function (tested in test/autodiff.test.ts); oneHot, whose only input is int32
/// indices (a tape never records it).
const NOT_DIFFERENTIABLE: &[&str] = &["trigamma", "igammaGradA", "argmax", "argmin", "reduceAll", "reduceAny", "customGradient", "oneHot", "argsort"];

/// Every op name the table must exercise: every differentiable row of the op table.
fn all_ops() -> Vec<&'static str> {
    specs()
        .into_iter()
        .filter(|s| s.dtypes != gradtape_core::op::DTypes::Bool && s.out != gradtape_core::op::OutDType::Bool)
        .map(|s| s.js)
        .filter(|js| !NOT_DIFFERENTIABLE.contains(js))
        .collect()
}

/// The input domain of each unary kind (exhaustive: a new kind needs a domain here).
fn unary_domain(kind: UnaryKind) -> Option<Dom> {
    use Dom::*;
    use UnaryKind as U;
    Some(match kind {
        U::Neg | U::Exp | U::Square | U::Atan | U::Sinh | U::Cosh | U::Tanh | U::Asinh | U::Sigmoid | U::Softplus
        | U::Expm1 | U::Erf | U::Erfc | U::Gelu | U::GeluApproximate | U::Silu | U::Sin | U::Cos | U::Floor | U::Ceil
        | U::Round => Any,
        U::Tan | U::Asin | U::Acos | U::Atanh | U::Erfinv => Unit,
        U::Ndtri => Probability,
        U::Acosh => AboveOne,
        U::Log | U::Sqrt | U::Rsqrt | U::Log1p | U::Lgamma | U::Digamma => Pos,
        U::Abs | U::Step | U::Sign | U::Reciprocal | U::Softsign | U::Relu | U::Relu6 | U::Elu | U::Selu => NonZero,
        U::BesselI0 | U::BesselI0e | U::BesselI1 | U::BesselI1e => Any,
        U::BesselJ0 | U::BesselJ1 | U::Dawsn | U::FresnelCos | U::FresnelSin => Any,
        U::BesselY0 | U::BesselY1 | U::BesselK0 | U::BesselK0e | U::BesselK1 | U::BesselK1e | U::Expint | U::Spence => Pos,
        U::Erfcinv => Probability,
        U::Trigamma | U::IsNan | U::IsInf | U::IsFinite | U::LogicalNot => return None,
    })
}

/// The input domains of each binary kind.
fn binary_domains(kind: BinaryKind) -> (Dom, Dom) {
    use BinaryKind as B;
    use Dom::*;
    match kind {
        B::Add | B::Sub | B::Mul | B::Maximum | B::Minimum | B::SquaredDifference => (Any, Any),
        B::Div | B::Mod | B::FloorDiv | B::Atan2 | B::DivNoNan => (Any, NonZero),
        B::Pow => (Pos, Any),
        B::Xlogy => (Any, Pos),
        B::Igamma | B::Igammac | B::IgammaGradA => (Pos, Pos),
        B::Zeta => (NoGrad { lo: 1.2, hi: 4.0, integer: false }, Pos),
        B::Polygamma => (NoGrad { lo: 0.0, hi: 4.0, integer: true }, Pos),
        B::Nextafter => (Any, Any),
    }
}

fn table() -> Vec<Case> {
    use Dom::*;
    let mut t = Vec::new();

    // Every differentiable unary kind.
    for &kind in UnaryKind::ALL {
        let Some(dom) = unary_domain(kind) else { continue };
        for shape in [sh(&[2, 3]), sh(&[]), sh(&[7])] {
            t.push(case(format!("unary {kind:?} {shape:?}"), vec![Op::Unary { kind }], vec![(shape, dom)]));
        }
    }

    // Every binary kind, with same shapes and broadcast shapes.
    let shape_pairs: &[(&[usize], &[usize])] = &[
        (&[2, 3], &[2, 3]),
        (&[2, 3], &[3]),
        (&[3], &[2, 3]),
        (&[2, 1], &[1, 3]),
        (&[], &[2, 3]),
        (&[2, 3], &[]),
        (&[2, 1, 4], &[3, 1]),
        (&[], &[]),
    ];
    for &kind in BinaryKind::ALL {
        if kind == BinaryKind::IgammaGradA {
            continue; // no gradient of its own (igamma's cases check it as igamma's gradient in a)
        }
        let (da, db) = binary_domains(kind);
        for &(a, b) in shape_pairs {
            t.push(case(format!("binary {kind:?} {a:?} {b:?}"), vec![Op::Binary { kind }], vec![(sh(a), da), (sh(b), db)]));
        }
    }

    // where(selector > 0, x, y), broadcast: the selector's gradient is none (zero).
    for (c, x, y) in [(sh(&[2, 3]), sh(&[2, 3]), sh(&[2, 3])), (sh(&[2, 1]), sh(&[3]), sh(&[2, 3])), (sh(&[3]), sh(&[2, 3]), sh(&[]))] {
        t.push(case(format!("where {c:?} {x:?} {y:?}"), vec![Op::Where {}], vec![(c, NonZero), (x, Any), (y, Any)]));
    }

    // betainc(a, b, x), broadcast: a gradient for x only (TensorFlow's).
    let ab = NoGrad { lo: 0.5, hi: 4.0, integer: false };
    for (a, b, x) in [(sh(&[2, 3]), sh(&[2, 3]), sh(&[2, 3])), (sh(&[2, 1]), sh(&[3]), sh(&[2, 3])), (sh(&[]), sh(&[]), sh(&[4])), (sh(&[3]), sh(&[2, 1]), sh(&[]))] {
        t.push(case(format!("betainc {a:?} {b:?} {x:?}"), vec![Op::Betainc {}], vec![(a, ab), (b, ab), (x, Probability)]));
    }

    // Reductions: every axis subset of a rank-3 input, keepdims true and false.
    for &kind in ReduceKind::ALL {
        if matches!(kind, ReduceKind::All | ReduceKind::Any) {
            continue;
        }
        for mask in 0..8usize {
            let axes: Vec<usize> = (0..3).filter(|&a| mask & (1 << a) != 0).collect();
            for keepdims in [false, true] {
                t.push(case(
                    format!("reduce {kind:?} axes={axes:?} keepdims={keepdims}"),
                    vec![Op::Reduce { kind, axes: axes.clone(), keepdims }],
                    vec![(sh(&[2, 3, 4]), Any)],
                ));
            }
        }
        t.push(case(format!("reduce {kind:?} of a scalar"), vec![Op::Reduce { kind, axes: vec![], keepdims: false }], vec![(sh(&[]), Any)]));
    }

    // Running sums and products along each axis, every flag combination.
    for &kind in CumulativeKind::ALL {
        for axis in 0..2 {
            for exclusive in [false, true] {
                for reverse in [false, true] {
                    t.push(case(
                        format!("cumulative {kind:?} axis={axis} exclusive={exclusive} reverse={reverse}"),
                        vec![Op::Cumulative { kind, axis, exclusive, reverse }],
                        vec![(sh(&[3, 4]), NonZero)],
                    ));
                }
            }
        }
    }

    // softmax and log softmax along each axis.
    for axis in 0..2 {
        t.push(case(format!("softmax axis={axis}"), vec![Op::Softmax { axis }], vec![(sh(&[3, 4]), Any)]));
        t.push(case(format!("logSoftmax axis={axis}"), vec![Op::LogSoftmax { axis }], vec![(sh(&[3, 4]), Any)]));
    }

    // MatMul: all four transpose combinations, then batched with broadcast batch dims.
    let (m, k, n) = (3, 4, 5);
    for ta in [false, true] {
        for tb in [false, true] {
            let a = if ta { sh(&[k, m]) } else { sh(&[m, k]) };
            let b = if tb { sh(&[n, k]) } else { sh(&[k, n]) };
            t.push(case(format!("matmul ta={ta} tb={tb} {a:?}@{b:?}"), vec![Op::MatMul { transpose_a: ta, transpose_b: tb }], vec![(a.clone(), Any), (b.clone(), Any)]));
            let mut ba = vec![2];
            ba.extend(&a);
            let mut bb = vec![1];
            bb.extend(&b);
            t.push(case(format!("matmul batched ta={ta} tb={tb} {ba:?}@{bb:?}"), vec![Op::MatMul { transpose_a: ta, transpose_b: tb }], vec![(ba, Any), (bb, Any)]));
        }
    }
    let batched: &[(&[usize], &[usize])] = &[
        (&[2, 3, 4], &[4, 5]),
        (&[3, 4], &[2, 4, 5]),
        (&[1, 3, 4], &[2, 4, 5]),
        (&[2, 3, 4], &[2, 4, 5]),
        (&[2, 1, 3, 4], &[3, 4, 2]),
        (&[1, 1], &[1, 1]),
    ];
    for &(a, b) in batched {
        t.push(case(format!("matmul batched {a:?}@{b:?}"), vec![Op::MatMul { transpose_a: false, transpose_b: false }], vec![(sh(a), Any), (sh(b), Any)]));
    }

    // Reshape.
    for (from, to) in [(sh(&[2, 3, 4]), sh(&[4, 6])), (sh(&[6]), sh(&[2, 3])), (sh(&[1]), sh(&[])), (sh(&[]), sh(&[1, 1]))] {
        t.push(case(format!("reshape {from:?}->{to:?}"), vec![Op::Reshape { shape: to }], vec![(from, Any)]));
    }

    // Transpose: 3-D perms (and a 2-D one).
    for perm in [sh(&[2, 0, 1]), sh(&[1, 2, 0]), sh(&[0, 2, 1]), sh(&[2, 1, 0]), sh(&[0, 1, 2])] {
        t.push(case(format!("transpose {perm:?}"), vec![Op::Transpose { perm }], vec![(sh(&[2, 3, 4]), Any)]));
    }
    t.push(case("transpose 2-D", vec![Op::Transpose { perm: vec![1, 0] }], vec![(sh(&[3, 5]), Any)]));

    // BroadcastTo.
    for (from, to) in [
        (sh(&[3]), sh(&[2, 3])),
        (sh(&[2, 1]), sh(&[2, 3])),
        (sh(&[]), sh(&[2, 3])),
        (sh(&[1, 3]), sh(&[2, 2, 3])),
        (sh(&[2, 1, 4]), sh(&[2, 3, 4])),
        (sh(&[2, 3]), sh(&[2, 3])),
    ] {
        t.push(case(format!("broadcast_to {from:?}->{to:?}"), vec![Op::BroadcastTo { shape: to }], vec![(from, Any)]));
    }

    // Concat: axis 0 and 1 with three inputs, and the last axis of a 3-D tensor.
    t.push(case("concat axis 0", vec![Op::Concat { axis: 0 }], vec![(sh(&[1, 3]), Any), (sh(&[2, 3]), Any), (sh(&[3, 3]), Any)]));
    t.push(case("concat axis 1", vec![Op::Concat { axis: 1 }], vec![(sh(&[2, 1]), Any), (sh(&[2, 2]), Any), (sh(&[2, 3]), Any)]));
    t.push(case("concat 3-D axis 2", vec![Op::Concat { axis: 2 }], vec![(sh(&[2, 3, 1]), Any), (sh(&[2, 3, 2]), Any), (sh(&[2, 3, 2]), Any)]));
    t.push(case("concat one input", vec![Op::Concat { axis: 0 }], vec![(sh(&[4]), Any)]));

    // Slice.
    for (shape, axis, start, len) in [
        (sh(&[4, 5]), 0, 1, 2),
        (sh(&[4, 5]), 1, 2, 3),
        (sh(&[2, 3, 4]), 2, 1, 2),
        (sh(&[2, 3, 4]), 1, 0, 3),
        (sh(&[6]), 0, 5, 1),
    ] {
        t.push(case(format!("slice {shape:?} axis={axis} [{start}, +{len})"), vec![Op::Slice { axis, start, len }], vec![(shape, Any)]));
    }

    // Pad.
    for (shape, axis, before, after) in [
        (sh(&[2, 3]), 0, 1, 2),
        (sh(&[2, 3]), 1, 0, 2),
        (sh(&[2, 3, 4]), 1, 2, 1),
        (sh(&[2, 3, 4]), 2, 3, 0),
        (sh(&[5]), 0, 0, 0),
    ] {
        t.push(case(format!("pad {shape:?} axis={axis} before={before} after={after}"), vec![Op::Pad { axis, before, after }], vec![(shape, Any)]));
    }

    // Cast: f64 -> f64 directly through the op, and f64 -> f32 -> f64 (f32 in the middle makes the
    // loss piecewise constant at the 1e-7 scale, so that case uses a larger step and tolerance).
    t.push(case("cast f64->f64", vec![Op::Cast { dtype: DType::F64 }], vec![(sh(&[2, 3]), Any)]));
    let mut roundtrip = case("cast f64->f32->f64", vec![Op::Cast { dtype: DType::F32 }, Op::Cast { dtype: DType::F64 }], vec![(sh(&[2, 3]), Any)]);
    roundtrip.h = 1e-3;
    roundtrip.rtol = 1e-3;
    roundtrip.atol = 1e-3;
    t.push(roundtrip);

    linalg_cases(&mut t);
    indexing_cases(&mut t);
    t
}

/// `Slice` of the last axis: one piece of a packed decomposition, so the upstream gradient
/// touches only that piece.
fn piece(start: usize, len: usize, rank: usize) -> Op {
    Op::Slice { axis: rank - 1, start, len }
}

/// The linear algebra primitives, single and batched, with every flag, and upstream gradients
/// on one piece of a packed output at a time.
fn linalg_cases(t: &mut Vec<Case>) {
    use Dom::*;
    for shape in [sh(&[1, 1]), sh(&[3, 3]), sh(&[4, 4]), sh(&[2, 3, 3])] {
        t.push(case(format!("cholesky {shape:?}"), vec![Op::Cholesky {}], vec![(shape, Spd)]));
    }

    for lower in [false, true] {
        for adjoint in [false, true] {
            let op = Op::TriangularSolve { lower, adjoint };
            for (m, b) in [(sh(&[3, 3]), sh(&[3, 2])), (sh(&[2, 3, 3]), sh(&[3, 1])), (sh(&[1, 3, 3]), sh(&[2, 3, 2]))] {
                t.push(case(format!("triangularSolve lower={lower} adjoint={adjoint} {m:?} {b:?}"), vec![op.clone()], vec![(m, Dominant), (b, Any)]));
            }
        }
    }

    for adjoint in [false, true] {
        for (m, b) in [(sh(&[3, 3]), sh(&[3, 2])), (sh(&[2, 4, 4]), sh(&[2, 4, 1]))] {
            t.push(case(format!("solve adjoint={adjoint} {m:?} {b:?}"), vec![Op::MatrixSolve { adjoint }], vec![(m, Dominant), (b, Any)]));
        }
        for shape in [sh(&[3, 3]), sh(&[2, 2, 2])] {
            t.push(case(format!("inv adjoint={adjoint} {shape:?}"), vec![Op::MatrixInverse { adjoint }], vec![(shape, Dominant)]));
        }
    }

    for shape in [sh(&[3, 3]), sh(&[2, 4, 4]), sh(&[1, 1])] {
        let rank = shape.len() - 1;
        let op = Op::LogMatrixDeterminant {};
        t.push(case(format!("slogdet {shape:?}"), vec![op.clone()], vec![(shape.clone(), Dominant)]));
        t.push(case(format!("slogdet {shape:?}: ln|det| only"), vec![op.clone(), piece(1, 1, rank)], vec![(shape.clone(), Dominant)]));
        t.push(case(format!("slogdet {shape:?}: sign only"), vec![op, piece(0, 1, rank)], vec![(shape, Dominant)]));
    }

    // LU: random matrices (so rows are swapped) and dominant ones (no swaps), single and batched;
    // the permutation column's derivative is zero away from pivot ties.
    for (shape, dom) in [(sh(&[1, 1]), NonZero), (sh(&[3, 3]), Any), (sh(&[4, 4]), Any), (sh(&[2, 3, 3]), Any), (sh(&[3, 3]), Dominant)] {
        t.push(case(format!("lu {shape:?} {dom:?}"), vec![Op::Lu {}], vec![(shape, dom)]));
    }

    // QR: deep, square and wide, reduced and (where TensorFlow defines the gradient) full.
    for (shape, full) in [
        (sh(&[4, 3]), false),
        (sh(&[3, 3]), false),
        (sh(&[3, 3]), true),
        (sh(&[3, 5]), false),
        (sh(&[3, 5]), true),
        (sh(&[2, 4, 2]), false),
        (sh(&[2, 2, 3]), true),
    ] {
        let (m, n) = (shape[shape.len() - 2], shape[shape.len() - 1]);
        let k = if full { m } else { m.min(n) };
        let rank = shape.len() - 1;
        let op = Op::Qr { full_matrices: full };
        t.push(case(format!("qr full={full} {shape:?}"), vec![op.clone()], vec![(shape.clone(), Any)]));
        t.push(case(format!("qr full={full} {shape:?}: q only"), vec![op.clone(), piece(0, m * k, rank)], vec![(shape.clone(), Any)]));
        t.push(case(format!("qr full={full} {shape:?}: r only"), vec![op, piece(m * k, k * n, rank)], vec![(shape, Any)]));
    }

    // SVD: values only; reduced and (|m - n| <= 1, where TensorFlow defines it) full U and V.
    for shape in [sh(&[4, 3]), sh(&[3, 4]), sh(&[2, 3, 3])] {
        t.push(case(format!("svd values {shape:?}"), vec![Op::Svd { full_matrices: false, compute_uv: false }], vec![(shape, Any)]));
    }
    for (shape, full) in [
        (sh(&[4, 3]), false),
        (sh(&[3, 5]), false),
        (sh(&[3, 3]), false),
        (sh(&[2, 4, 2]), false),
        (sh(&[4, 3]), true),
        (sh(&[3, 4]), true),
        (sh(&[3, 3]), true),
    ] {
        let (m, n) = (shape[shape.len() - 2], shape[shape.len() - 1]);
        let p = m.min(n);
        let (uc, vc) = if full { (m, n) } else { (p, p) };
        let rank = shape.len() - 1;
        let op = Op::Svd { full_matrices: full, compute_uv: true };
        let pieces = [("", None), (": s only", Some((0, p))), (": u only", Some((p, m * uc))), (": v only", Some((p + m * uc, n * vc)))];
        for (what, range) in pieces {
            let mut ops = vec![op.clone()];
            ops.extend(range.map(|(start, len)| piece(start, len, rank)));
            t.push(case(format!("svd full={full} {shape:?}{what}"), ops, vec![(shape.clone(), Any)]));
        }
    }

    // eigh reads the lower triangle of any input; upstream on the values or the vectors alone.
    for shape in [sh(&[3, 3]), sh(&[4, 4]), sh(&[2, 3, 3])] {
        let n = shape[shape.len() - 1];
        let rows = shape.len() - 1;
        let op = Op::Eigh {};
        t.push(case(format!("eigh {shape:?}"), vec![op.clone()], vec![(shape.clone(), Any)]));
        let values = Op::Slice { axis: rows - 1, start: 0, len: 1 };
        t.push(case(format!("eigh {shape:?}: values only"), vec![op.clone(), values], vec![(shape.clone(), Any)]));
        let vectors = Op::Slice { axis: rows - 1, start: 1, len: n };
        t.push(case(format!("eigh {shape:?}: vectors only"), vec![op, vectors], vec![(shape, Any)]));
    }
}

/// Strided slices, gathers and scatters (duplicate indices add up), tile, pad in every mode,
/// reverse.
fn indexing_cases(t: &mut Vec<Case>) {
    use Dom::*;
    // (shape, begin, end, strides)
    let strided = [
        (sh(&[5, 6]), vec![1, 0], vec![4, 6], vec![2, 1]),
        (sh(&[4, 5]), vec![3, 4], vec![-1, 0], vec![-1, -2]),
        (sh(&[2, 3, 4]), vec![0, 2, 1], vec![2, 0, 4], vec![1, -1, 2]),
        (sh(&[3, 4]), vec![2, 0], vec![1, 4], vec![1, 1]),
        (sh(&[]), Vec::<i64>::new(), vec![], vec![]),
    ];
    for (shape, begin, end, strides) in strided {
        let slice = Op::StridedSlice { begin: begin.clone(), end: end.clone(), strides: strides.clone() };
        let sliced = Engine::new().apply(slice.clone(), &[&f64t(&shape, &vec![0.0; size(&shape)])]).unwrap().shape;
        t.push(case(format!("stridedSlice {shape:?} {begin:?}:{end:?}:{strides:?}"), vec![slice], vec![(shape.clone(), Any)]));
        let name = format!("stridedSliceGrad {shape:?} {begin:?}:{end:?}:{strides:?}");
        t.push(case(name, vec![Op::StridedSliceGrad { shape, begin, end, strides }], vec![(sliced.to_vec(), Any)]));
    }

    // (input shape, kernel, strides, dilations): one to three spatial dims, overlapping windows
    // (which add up in the adjoint), strides that skip entries, dilations.
    let windows = [
        (sh(&[2, 7, 2]), vec![3], vec![2], vec![1]),
        (sh(&[1, 5, 6, 2]), vec![2, 3], vec![1, 2], vec![2, 1]),
        (sh(&[1, 4, 3, 3, 1]), vec![2, 2, 2], vec![1, 1, 2], vec![1, 1, 1]),
    ];
    for (shape, kernel, strides, dilations) in windows {
        let op = Op::ExtractPatches { kernel: kernel.clone(), strides: strides.clone(), dilations: dilations.clone() };
        let patched = Engine::new().apply(op.clone(), &[&f64t(&shape, &vec![0.0; size(&shape)])]).unwrap().shape;
        t.push(case(format!("extractPatches {shape:?} {kernel:?} {strides:?} {dilations:?}"), vec![op], vec![(shape.clone(), Any)]));
        let name = format!("extractPatchesGrad {shape:?} {kernel:?} {strides:?} {dilations:?}");
        t.push(case(name, vec![Op::ExtractPatchesGrad { shape, kernel, strides, dilations }], vec![(patched.to_vec(), Any)]));
    }

    // (params, indices, axis, batch_dims)
    let gathers: Vec<(&[usize], Tensor, usize, usize)> = vec![
        (&[4, 3], idx(&[5], &[0, 3, 3, 1, 0]), 0, 0),
        (&[3, 5], idx(&[2, 2], &[4, 0, 4, 2]), 1, 0),
        (&[4, 3], idx(&[], &[2]), 0, 0),
        (&[2, 3, 4], idx(&[2, 2], &[2, 2, 0, 1]), 1, 1),
        (&[2, 3, 4], idx(&[2, 5], &[3, 0, 3, 1, 3, 2, 2, 0, 1, 0]), 2, 1),
        (&[2, 3, 4], idx(&[2, 3, 2], &[0, 3, 1, 1, 2, 3, 3, 3, 0, 2, 1, 0]), 2, 2),
    ];
    for (params, indices, axis, batch_dims) in gathers {
        let name = format!("gather {params:?} indices {:?} axis={axis} batch_dims={batch_dims}", indices.shape);
        let op = Op::Gather { axis, batch_dims };
        let gathered = Engine::new().apply(op.clone(), &[&f64t(params, &vec![0.0; size(params)]), &indices]).unwrap().shape;
        t.push(indexed_case(name.clone(), op, vec![(sh(params), Any), (indices.shape.to_vec(), Index(0))], vec![indices.clone()]));
        let scatter = Op::GatherGrad { axis, batch_dims, dim: params[axis] };
        t.push(indexed_case(format!("{name} (scatter-add)"), scatter, vec![(gathered.to_vec(), Any), (indices.shape.to_vec(), Index(0))], vec![indices]));
    }

    // (params, indices) for gather_nd; the same as (indices, updates) into params' shape for scatter_nd.
    let tuples: Vec<(&[usize], Tensor)> = vec![
        (&[3, 4], idx(&[4, 2], &[0, 1, 2, 3, 0, 1, 1, 0])),
        (&[3, 4], idx(&[2, 1], &[2, 2])),
        (&[2, 3, 4], idx(&[2, 2, 2], &[1, 2, 0, 0, 1, 1, 1, 2])),
        (&[2, 3], idx(&[3, 0], &[])),
    ];
    for (shape, indices) in tuples {
        let op = Op::GatherNd {};
        let gathered = Engine::new().apply(op.clone(), &[&f64t(shape, &vec![0.0; size(shape)]), &indices]).unwrap().shape;
        let name = format!("{shape:?} indices {:?}", indices.shape);
        t.push(indexed_case(format!("gatherNd {name}"), op, vec![(sh(shape), Any), (indices.shape.to_vec(), Index(0))], vec![indices.clone()]));
        let scatter = Op::ScatterNd { shape: sh(shape) };
        t.push(indexed_case(format!("scatterNd {name}"), scatter, vec![(indices.shape.to_vec(), Index(0)), (gathered.to_vec(), Any)], vec![indices]));
    }
    // Updates at distinct indices: with duplicates only the last write shows, which central
    // differences see and TensorFlow's rule does not.
    for (shape, indices, updates) in [
        (sh(&[4, 3]), idx(&[2, 1], &[3, 1]), sh(&[2, 3])),
        (sh(&[3, 4]), idx(&[3, 2], &[0, 0, 2, 3, 1, 0]), sh(&[3])),
    ] {
        let name = format!("tensorScatterUpdate {shape:?} indices {:?}", indices.shape);
        let inputs = vec![(shape, Any), (indices.shape.to_vec(), Index(0)), (updates, Any)];
        t.push(indexed_case(name, Op::TensorScatterUpdate {}, inputs, vec![indices]));
    }

    for (shape, multiples) in [
        (sh(&[2, 3]), sh(&[2, 1])),
        (sh(&[2, 3]), sh(&[1, 3])),
        (sh(&[2, 3]), sh(&[2, 3])),
        (sh(&[3]), sh(&[3])),
        (sh(&[2, 1, 2]), sh(&[1, 3, 2])),
        (sh(&[]), sh(&[])),
    ] {
        t.push(case(format!("tile {shape:?} {multiples:?}"), vec![Op::Tile { multiples }], vec![(shape, Any)]));
    }

    for mode in PadMode::ALL {
        let mirror_max = |n: usize| if mode == PadMode::Reflect { n - 1 } else { n };
        for (shape, paddings) in [
            (sh(&[3, 4]), sh(&[1, 2, 2, 1])),
            (sh(&[2, 3, 4]), vec![0, 1, 2, 0, mirror_max(4), mirror_max(4)]),
            (sh(&[5]), vec![mirror_max(5), 1]),
            (sh(&[]), sh(&[])),
        ] {
            let op = Op::PadNd { paddings: paddings.clone(), mode, constant_value: 1.5 };
            t.push(case(format!("pad {mode:?} {shape:?} {paddings:?}"), vec![op], vec![(shape, Any)]));
        }
    }

    for (shape, axes) in [(sh(&[2, 3, 4]), sh(&[0])), (sh(&[2, 3, 4]), sh(&[1, 2])), (sh(&[2, 3, 4]), sh(&[0, 1, 2])), (sh(&[2, 3]), sh(&[])), (sh(&[5]), sh(&[0]))] {
        t.push(case(format!("reverse {shape:?} {axes:?}"), vec![Op::Reverse { axes }], vec![(shape, Any)]));
    }
}

// ---- the checker ----------------------------------------------------------------------------------

fn make_inputs(case: &Case) -> Vec<Tensor> {
    let mut rng = Rng::from_name(&case.name);
    case.inputs
        .iter()
        .map(|(shape, dom)| {
            if let Dom::Index(k) = dom {
                return case.indices[*k].clone();
            }
            let mut data: Vec<f64> = (0..size(shape))
                .map(|_| match dom {
                    Dom::Any | Dom::Dominant => rng.uniform(-2.0, 2.0),
                    Dom::Pos => rng.uniform(0.5, 2.0),
                    Dom::NonZero => rng.signed(0.3, 2.0),
                    Dom::Unit => rng.uniform(-0.9, 0.9),
                    Dom::Probability => rng.uniform(0.05, 0.95),
                    Dom::AboveOne => rng.uniform(1.2, 3.0),
                    Dom::Spd => rng.uniform(-1.0, 1.0),
                    Dom::NoGrad { lo, hi, integer } => {
                        let v = rng.uniform(*lo, *hi);
                        if *integer { v.floor() } else { v }
                    }
                    Dom::Index(_) => unreachable!("index inputs are the case's tensors"),
                })
                .collect();
            if let Dom::Dominant = dom {
                let n = shape[shape.len() - 1];
                for diagonal in (0..data.len()).filter(|i| i % (n * n) % (n + 1) == 0) {
                    data[diagonal] += rng.signed(2.0 * n as f64 + 1.0, 2.0 * n as f64 + 1.0);
                }
            }
            f64t(shape, &data)
        })
        .collect()
}

/// X Xᵀ + n I (recorded) for square matrices X `[..., n, n]`.
fn spd(e: &mut Engine, x: &Tensor) -> gradtape_core::Result<Tensor> {
    let n = x.shape[x.rank() - 1];
    let eye: Vec<f64> = (0..n * n).map(|i| if i % (n + 1) == 0 { n as f64 } else { 0.0 }).collect();
    let gram = e.matmul(x, x, false, true)?;
    e.add(&gram, &f64t(&[n, n], &eye))
}

fn run_ops(e: &mut Engine, case: &Case, inputs: &[Tensor]) -> gradtape_core::Result<Tensor> {
    let ops = &case.ops;
    let mut prepared = inputs.to_vec();
    for (x, (_, dom)) in prepared.iter_mut().zip(&case.inputs) {
        if let Dom::Spd = dom {
            *x = spd(e, x)?;
        }
    }
    let inputs = &prepared;
    let mut refs: Vec<&Tensor> = inputs.iter().collect();
    // `where` takes its condition from the first input's sign.
    let cond;
    if let Op::Where {} = ops[0] {
        let zero = e.scalar(DType::F64, 0.0);
        cond = e.compare(CompareKind::Greater, &inputs[0], &zero)?;
        refs[0] = &cond;
    }
    let mut out = e.apply(ops[0].clone(), &refs)?;
    for op in &ops[1..] {
        out = e.apply(op.clone(), &[&out])?;
    }
    Ok(out)
}

fn loss(e: &mut Engine, case: &Case, inputs: &[Tensor], c: &Tensor) -> gradtape_core::Result<Tensor> {
    let out = run_ops(e, case, inputs)?;
    let weighted = e.mul(&out, c)?;
    let axes: Vec<usize> = (0..weighted.rank()).collect();
    e.sum(&weighted, &axes, false)
}

/// Runs one case; returns a description of every mismatch (empty when the case passes).
fn check(case: &Case) -> Vec<String> {
    let mut problems = Vec::new();
    let inputs = make_inputs(case);

    // The upstream weights C, shaped like the op's output.
    let out_shape = {
        let mut e = Engine::new();
        match run_ops(&mut e, case, &inputs) {
            Ok(out) => out.shape,
            Err(err) => return vec![format!("forward failed: {err:?}")],
        }
    };
    let mut rng = Rng::from_name(&format!("{} / upstream", case.name));
    let c_data: Vec<f64> = (0..size(&out_shape)).map(|_| rng.signed(0.5, 1.5)).collect();
    let c = f64t(&out_shape, &c_data);

    // Analytic gradients.
    let mut e = Engine::new();
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    for x in &inputs {
        // Index inputs are int32: never watched, and they get no gradient.
        assert_eq!(e.watch(tape, x).unwrap(), x.dtype().is_float());
    }
    let l = match loss(&mut e, case, &inputs, &c) {
        Ok(l) => l,
        Err(err) => return vec![format!("loss failed: {err:?}")],
    };
    e.pop_tape(tape).unwrap();
    let grads = match e.gradient(tape, &[l], &inputs, &[None]) {
        Ok(g) => g,
        Err(err) => return vec![format!("gradient failed: {err:?}")],
    };
    // Some inputs get no gradient (step, floor, where's condition): None stands for zeros, which
    // central differences then confirm.
    let none_means_zero = true;

    // Numeric gradients, one input element at a time.
    let mut e = Engine::new();
    let eval = |e: &mut Engine, xs: &[Tensor]| loss(e, case, xs, &c).unwrap().to_f64_vec()[0];
    for (i, x) in inputs.iter().enumerate() {
        if !x.dtype().is_float() {
            if grads[i].is_some() {
                problems.push(format!("input {i}: an int32 input got a gradient"));
            }
            continue;
        }
        if let Dom::NoGrad { .. } = case.inputs[i].1 {
            if grads[i].is_some() {
                problems.push(format!("input {i}: got a gradient where TensorFlow gives none"));
            }
            continue;
        }
        let analytic: Vec<f64> = match &grads[i] {
            Some(g) => {
                if g.shape != x.shape || g.dtype() != x.dtype() {
                    problems.push(format!(
                        "input {i}: gradient has shape {:?} dtype {:?}, input has shape {:?} dtype {:?}",
                        g.shape,
                        g.dtype(),
                        x.shape,
                        x.dtype()
                    ));
                    continue;
                }
                g.to_f64_vec()
            }
            None if none_means_zero => vec![0.0; x.size()],
            None => {
                problems.push(format!("input {i}: gradient is None"));
                continue;
            }
        };
        let base = x.to_f64_vec();
        for j in 0..base.len() {
            let mut shifted = inputs.clone();
            let mut plus = base.clone();
            plus[j] += case.h;
            shifted[i] = f64t(&x.shape, &plus);
            let fp = eval(&mut e, &shifted);
            let mut minus = base.clone();
            minus[j] -= case.h;
            shifted[i] = f64t(&x.shape, &minus);
            let fm = eval(&mut e, &shifted);
            let numeric = (fp - fm) / (2.0 * case.h);
            if !close(analytic[j], numeric, case.rtol, case.atol) {
                problems.push(format!("input {i} element {j}: analytic {} vs numeric {numeric}", analytic[j]));
            }
        }
    }
    problems
}

/// Forward mode for one case: the JVP of the op's output along random tangents of every float
/// input, against the central difference (op(x + h v) - op(x - h v)) / 2h, element by element.
fn check_jvp(case: &Case) -> Vec<String> {
    let inputs = make_inputs(case);
    let mut rng = Rng::from_name(&format!("{} / tangents", case.name));
    let float: Vec<usize> = (0..inputs.len()).filter(|&i| inputs[i].dtype().is_float()).collect();
    let tangents: Vec<Tensor> = float
        .iter()
        .map(|&i| {
            // (no tangent along an input that has no gradient)
            let moves = !matches!(case.inputs[i].1, Dom::NoGrad { .. });
            f64t(&inputs[i].shape, &(0..inputs[i].size()).map(|_| if moves { rng.signed(0.5, 1.5) } else { 0.0 }).collect::<Vec<_>>())
        })
        .collect();
    let mut e = Engine::new();
    let tape = e.new_tape(true).unwrap();
    e.push_tape(tape).unwrap();
    for &i in &float {
        e.watch(tape, &inputs[i]).unwrap();
    }
    let out = match run_ops(&mut e, case, &inputs) {
        Ok(out) => out,
        Err(err) => return vec![format!("forward failed: {err:?}")],
    };
    e.pop_tape(tape).unwrap();
    let sources: Vec<Tensor> = float.iter().map(|&i| inputs[i].clone()).collect();
    let jvp = match e.jvp(tape, &sources, &tangents, std::slice::from_ref(&out)) {
        Ok(t) => t.into_iter().next().flatten().map(|t| t.to_f64_vec()).unwrap_or(vec![0.0; out.size()]),
        Err(err) => return vec![format!("jvp failed: {err:?}")],
    };
    let shifted = |sign: f64| -> Vec<f64> {
        let mut xs = inputs.clone();
        for (&i, v) in float.iter().zip(&tangents) {
            let moved: Vec<f64> = inputs[i].to_f64_vec().iter().zip(v.to_f64_vec()).map(|(x, t)| x + sign * case.h * t).collect();
            xs[i] = f64t(&inputs[i].shape, &moved);
        }
        run_ops(&mut Engine::new(), case, &xs).unwrap().to_f64_vec()
    };
    let (plus, minus) = (shifted(1.0), shifted(-1.0));
    let mut problems = Vec::new();
    for (j, (p, m)) in plus.iter().zip(&minus).enumerate() {
        let numeric = (p - m) / (2.0 * case.h);
        if !close(jvp[j], numeric, case.rtol, case.atol) {
            problems.push(format!("output element {j}: jvp {} vs numeric {numeric}", jvp[j]));
        }
    }
    problems
}

/// The case's inputs moved a little for step `step` of a training loop (float inputs scaled by
/// 1 + step/64, which keeps every domain's values inside it; index inputs and inputs without a
/// gradient as they are).
fn inputs_at_step(case: &Case, step: usize) -> Vec<Tensor> {
    let scale = 1.0 + step as f64 / 64.0;
    make_inputs(case)
        .into_iter()
        .zip(&case.inputs)
        .map(|(x, (_, dom))| match dom {
            Dom::Index(_) | Dom::NoGrad { .. } => x,
            _ => f64t(&x.shape, &x.to_f64_vec().iter().map(|v| v * scale).collect::<Vec<_>>()),
        })
        .collect()
}

/// A case's gradient on a new non-persistent tape watching every float input, in engine `e`.
fn gradient_in(e: &mut Engine, case: &Case, inputs: &[Tensor]) -> gradtape_core::Result<Vec<Option<Tensor>>> {
    let mut rng = Rng::from_name(&format!("{} / upstream", case.name));
    let out_shape = run_ops(&mut Engine::new(), case, inputs)?.shape;
    let c = f64t(&out_shape, &(0..size(&out_shape)).map(|_| rng.signed(0.5, 1.5)).collect::<Vec<_>>());
    let tape = e.new_tape(false)?;
    e.push_tape(tape)?;
    for x in inputs {
        e.watch(tape, x)?;
    }
    let l = loss(e, case, inputs, &c)?;
    e.pop_tape(tape)?;
    let grads = e.gradient(tape, &[l], inputs, &[None]);
    e.free_tape(tape)?;
    grads
}

/// A training loop's gradients, step by step in one engine (from the third step on, replays of
/// the plan its second step traced: see `Engine::gradient_replays`), against the reverse sweep of
/// a new engine at each step: the same bits.
fn check_planned(case: &Case) -> Vec<String> {
    let mut e = Engine::new();
    let mut problems = Vec::new();
    for step in 0..4 {
        let inputs = inputs_at_step(case, step);
        let (planned, swept) = match (gradient_in(&mut e, case, &inputs), gradient_in(&mut Engine::new(), case, &inputs)) {
            (Ok(p), Ok(s)) => (p, s),
            (p, s) => return vec![format!("step {step}: gradient failed: {:?} / {:?}", p.err(), s.err())],
        };
        for (i, (p, s)) in planned.iter().zip(&swept).enumerate() {
            let bits = |g: &Option<Tensor>| g.as_ref().map(|g| (g.shape.to_vec(), g.dtype(), g.to_f64_vec().iter().map(|v| v.to_bits()).collect::<Vec<_>>()));
            if bits(p) != bits(s) {
                problems.push(format!("step {step}, input {i}: planned {:?} vs swept {:?}", p.as_ref().map(Tensor::to_f64_vec), s.as_ref().map(Tensor::to_f64_vec)));
            }
        }
    }
    if e.gradient_replays() != 2 {
        problems.push(format!("{} of the 4 gradients were replayed, not the last 2", e.gradient_replays()));
    }
    problems
}

/// Every op's gradient in a training loop, replayed from a plan, equals the sweep's bit for bit.
#[test]
fn planned_gradients_of_every_op_equal_the_sweep() {
    let ops = all_ops();
    check_cases(&ops, check_planned, "planned gradient");
}

/// Runs `check` on every case whose first op has one of `keys`; reports all failing cases.
fn check_cases(keys: &[&str], check: fn(&Case) -> Vec<String>, what: &str) {
    let cases: Vec<Case> = table().into_iter().filter(|c| keys.contains(&op_key(&c.ops[0]))).collect();
    assert!(!cases.is_empty(), "no cases for {keys:?}");
    let mut report = String::new();
    let mut failed = 0;
    for c in &cases {
        let problems = check(c);
        if !problems.is_empty() {
            failed += 1;
            report += &format!("\n[{}]\n", c.name);
            for p in problems.iter().take(6) {
                report += &format!("    {p}\n");
            }
        }
    }
    assert!(failed == 0, "{failed} of {} {what} checks failed:{report}", cases.len());
}

/// Every differentiable op of the table in forward mode (the JVPs derived from the VJP rules).
#[test]
fn jvp_of_every_op_matches_central_differences() {
    let ops = all_ops();
    check_cases(&ops, check_jvp, "JVP");
}

/// Second derivatives of every op of the table (each elementwise kind on one shape, every other
/// case as it is): g(x) = d/dx sum(op(x) c), recorded under an outer tape, then d/dx sum(g c2)
/// against central differences of g, for each float input. (digamma's second derivative needs
/// trigamma's derivative, which is not implemented and says so.)
#[test]
fn second_derivatives_of_every_op() {
    let gradient_of = |e: &mut Engine, case: &Case, xs: &[Tensor], c: &Tensor, outer: Option<gradtape_core::TapeId>| {
        let inner = e.new_tape(false).unwrap();
        e.push_tape(inner).unwrap();
        for x in xs {
            e.watch(inner, x).unwrap();
            if let Some(o) = outer {
                e.watch(o, x).unwrap();
            }
        }
        let l = loss(e, case, xs, c).unwrap();
        e.pop_tape(inner).unwrap();
        e.gradient(inner, &[l], xs, &[None]).unwrap()
    };
    let mut report = String::new();
    let mut compared = 0;
    let cases: Vec<Case> = table()
        .into_iter()
        // (Elementwise kinds on their [7] and [3] shapes only: enough.)
        .filter(|c| !matches!(c.ops[0], Op::Unary { .. } | Op::Binary { .. }) || (c.ops.len() == 1 && c.inputs[0].0.len() == 1))
        .filter(|c| !matches!(c.ops[0], Op::Unary { kind: UnaryKind::Digamma | UnaryKind::Trigamma }))
        // (igamma's second derivative in a needs IgammaGradA's gradient, which TensorFlow lacks too)
        .filter(|c| !matches!(c.ops[0], Op::Binary { kind: BinaryKind::Igamma | BinaryKind::Igammac }))
        .filter(|c| !c.inputs.is_empty())
        .collect();
    assert!(cases.len() > 300, "{} cases", cases.len());
    for case in &cases {
        let xs = make_inputs(case);
        let out_shape = run_ops(&mut Engine::new(), case, &xs).unwrap().shape;
        let mut rng = Rng::from_name(&format!("{} / second", case.name));
        let c = f64t(&out_shape, &(0..size(&out_shape)).map(|_| rng.signed(0.5, 1.5)).collect::<Vec<_>>());
        let moves = |i: usize| xs[i].dtype() == DType::F64 && !matches!(case.inputs[i].1, Dom::NoGrad { .. });
        let c2: Vec<Tensor> = xs.iter().enumerate().map(|(i, x)| f64t(&x.shape, &(0..x.size()).map(|_| if moves(i) { rng.signed(0.5, 1.5) } else { 0.0 }).collect::<Vec<_>>())).collect();
        // analytic: d/dx sum_i (g_i · c2_i)
        let mut e = Engine::new();
        let outer = e.new_tape(false).unwrap();
        e.push_tape(outer).unwrap();
        let g = gradient_of(&mut e, case, &xs, &c, Some(outer));
        let mut total: Option<Tensor> = None;
        for (gi, ci) in g.iter().zip(&c2) {
            let Some(gi) = gi else { continue };
            let p = e.mul(gi, ci).unwrap();
            let axes: Vec<usize> = (0..p.rank()).collect();
            let s = e.sum(&p, &axes, false).unwrap();
            total = Some(match total {
                Some(t) => e.add(&t, &s).unwrap(),
                None => s,
            });
        }
        e.pop_tape(outer).unwrap();
        let Some(total) = total else { continue }; // no first derivative (floorDiv): nothing to check
        let h2 = e.gradient(outer, &[total], &xs, &[None]).unwrap();
        // numeric: central differences of sum_i g_i(x) · c2_i
        let dot = |xs: &[Tensor]| -> f64 {
            let mut e = Engine::new();
            let g = gradient_of(&mut e, case, xs, &c, None);
            g.iter().zip(&c2).map(|(gi, ci)| gi.as_ref().map_or(0.0, |gi| gi.to_f64_vec().iter().zip(ci.to_f64_vec()).map(|(a, b)| a * b).sum())).sum()
        };
        let h = 1e-5;
        for (i, x) in xs.iter().enumerate() {
            if !moves(i) {
                continue; // indices, and inputs with no gradient
            }
            let analytic = h2[i].as_ref().map(|t| t.to_f64_vec()).unwrap_or(vec![0.0; x.size()]);
            for j in 0..x.size() {
                let mut moved = xs.to_vec();
                let mut v = x.to_f64_vec();
                v[j] += h;
                moved[i] = f64t(&x.shape, &v);
                let fp = dot(&moved);
                v[j] -= 2.0 * h;
                moved[i] = f64t(&x.shape, &v);
                let fm = dot(&moved);
                let numeric = (fp - fm) / (2.0 * h);
                compared += 1;
                if !close(analytic[j], numeric, 1e-4, 1e-4) {
                    report += &format!("\n[{}] input {i} element {j}: {} vs numeric {numeric}", case.name, analytic[j]);
                }
            }
        }
    }
    assert!(compared > 5000, "{compared} elements compared");
    assert!(report.is_empty(), "second derivatives differ:{report}");
}

/// Checks every case whose first op has one of `keys`, and reports all failing cases together.
fn check_family(keys: &[&str]) {
    check_cases(keys, check, "gradient");
}

// ---- first derivatives ----------------------------------------------------------------------------

#[test]
fn table_covers_every_op() {
    let table = table();
    let keys: Vec<&str> = table.iter().flat_map(|c| c.ops.iter().map(op_key)).collect();
    let missing: Vec<&str> = all_ops().into_iter().filter(|k| !keys.contains(k)).collect();
    assert!(missing.is_empty(), "ops without a gradient check: {missing:?}");

    // All four matmul transpose combinations.
    for transpose_a in [false, true] {
        for transpose_b in [false, true] {
            let want = Op::MatMul { transpose_a, transpose_b };
            assert!(table.iter().any(|c| c.ops[0] == want), "missing {want:?}");
        }
    }
    // Concat along axis 0 and 1 with three inputs.
    for axis in [0, 1] {
        assert!(table.iter().any(|c| c.ops[0] == Op::Concat { axis } && c.inputs.len() == 3), "missing concat axis {axis}");
    }
}

/// The names of the table's ops in `family` that have cases.
fn family(name: &str) -> Vec<&'static str> {
    specs().into_iter().filter(|s| s.family == name).map(|s| s.js).collect()
}

#[test]
fn gradcheck_unary() {
    check_family(&family("unary"));
}

#[test]
fn gradcheck_binary() {
    check_family(&family("binary"));
}

#[test]
fn gradcheck_where_softmax() {
    check_family(&["where", "betainc", "softmax", "logSoftmax"]);
}

#[test]
fn gradcheck_reductions() {
    let mut names = family("reduce");
    names.extend(family("cumulative"));
    check_family(&names);
}

#[test]
fn gradcheck_matmul() {
    check_family(&["matmul"]);
}

#[test]
fn gradcheck_reshape_transpose_broadcast() {
    check_family(&["reshape", "transpose", "broadcastTo"]);
}

#[test]
fn gradcheck_concat_slice_pad() {
    check_family(&["concat", "sliceAxis", "padAxis"]);
}

#[test]
fn gradcheck_cast() {
    check_family(&["cast"]);
}

#[test]
fn gradcheck_cholesky_solves_inverse_slogdet() {
    check_family(&["cholesky", "triangularSolve", "solve", "inv", "slogdet"]);
}

#[test]
fn gradcheck_qr_svd_eigh() {
    check_family(&["lu", "qr", "svd", "eigh"]);
}

#[test]
fn gradcheck_strided_slice() {
    check_family(&["stridedSlice", "stridedSliceGrad"]);
}

#[test]
fn gradcheck_gather_scatter() {
    check_family(&["gather", "gatherGrad", "gatherNd", "scatterNd", "tensorScatterUpdate"]);
}

#[test]
fn gradcheck_tile_pad_reverse() {
    check_family(&["tile", "pad", "reverse"]);
}

/// The checker itself must reject a wrong gradient: the same loss without the upstream weights
/// has a different gradient, which central differences of the weighted loss must not accept.
#[test]
fn checker_detects_a_rule_that_ignores_upstream() {
    let c = &table().into_iter().find(|c| c.name.starts_with("unary Exp")).unwrap();
    let inputs = make_inputs(c);
    let mut e = Engine::new();
    // gradient of sum(exp(x)) (upstream ignored) = exp(x)
    let wrong: Vec<f64> = inputs[0].to_f64_vec().iter().map(|v| v.exp()).collect();
    let out = run_ops(&mut e, c, &inputs).unwrap();
    let mut rng = Rng::from_name(&format!("{} / upstream", c.name));
    let c_data: Vec<f64> = (0..out.size()).map(|_| rng.signed(0.5, 1.5)).collect();
    let right: Vec<f64> = wrong.iter().zip(&c_data).map(|(a, b)| a * b).collect();
    assert!(wrong.iter().zip(&right).any(|(a, b)| !close(*a, *b, c.rtol, c.atol)));
}

/// The f64 -> f32 -> f64 round trip passes the upstream gradient through exactly (rounded to f32).
#[test]
fn cast_roundtrip_gradient_is_upstream_rounded_to_f32() {
    let mut e = Engine::new();
    let x = f64t(&[4], &[0.1, -1.7, 2.5, 3.0]);
    let up = f64t(&[4], &[0.3, 1.0 / 3.0, -2.0, 1e-3]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let y32 = e.cast(&x, DType::F32).unwrap();
    assert_eq!(y32.dtype(), DType::F32);
    let y = e.cast(&y32, DType::F64).unwrap();
    e.pop_tape(t).unwrap();
    let g = some(e.gradient(t, &[y], &[x], &[Some(up.clone())]).unwrap());
    assert_eq!(g.dtype(), DType::F64);
    let expected: Vec<f64> = up.to_f64_vec().iter().map(|&v| v as f32 as f64).collect();
    assert_eq!(g.to_f64_vec(), expected);
}

/// `Engine::cast` to the same dtype is an identity the tape sees through.
#[test]
fn cast_to_same_dtype_keeps_the_gradient() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 3.0]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let y = e.cast(&x, DType::F64).unwrap();
    let y2 = e.mul(&y, &y).unwrap();
    e.pop_tape(t).unwrap();
    let g = some(e.gradient(t, &[y2], &[x], &[None]).unwrap());
    assert_eq!(g.to_f64_vec(), vec![2.0, 4.0, 6.0]);
}

/// A float -> int cast has no gradient (the integer result is not recorded).
#[test]
fn cast_to_int_has_no_gradient() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.5, -2.5, 3.9]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let xi = e.cast(&x, DType::I32).unwrap();
    assert_eq!(xi.to_f64_vec(), vec![1.0, -2.0, 3.0]);
    let back = e.cast(&xi, DType::F64).unwrap();
    let y = e.mul(&back, &x).unwrap();
    e.pop_tape(t).unwrap();
    // only the direct path through x counts: d(back * x)/dx = back
    let g = some(e.gradient(t, &[y], &[x], &[None]).unwrap());
    assert_eq!(g.to_f64_vec(), vec![1.0, -2.0, 3.0]);
}

/// f32 gradients come back in f32 and agree with f64 ones.
#[test]
fn f32_gradients_match_f64() {
    let mut rng = Rng::new(7);
    let a: Vec<f64> = (0..12).map(|_| rng.uniform(0.5, 2.0)).collect();
    let b: Vec<f64> = (0..4).map(|_| rng.uniform(-1.0, 1.0)).collect();
    let run = |dtype: DType| -> (Vec<f64>, Vec<f64>) {
        let mut e = Engine::new();
        let (x, w) = match dtype {
            DType::F32 => (
                f32t(&[3, 4], &a.iter().map(|&v| v as f32).collect::<Vec<_>>()),
                f32t(&[4], &b.iter().map(|&v| v as f32).collect::<Vec<_>>()),
            ),
            _ => (f64t(&[3, 4], &a), f64t(&[4], &b)),
        };
        let t = e.new_tape(false).unwrap();
        e.push_tape(t).unwrap();
        e.watch(t, &x).unwrap();
        e.watch(t, &w).unwrap();
        let l = e.log(&x).unwrap();
        let p = e.mul(&l, &w).unwrap();
        let s = e.unary(UnaryKind::Exp, &p).unwrap();
        let y = sum_all(&mut e, &s);
        e.pop_tape(t).unwrap();
        let g = e.gradient(t, &[y], &[x, w], &[None]).unwrap();
        let gx = g[0].clone().unwrap();
        let gw = g[1].clone().unwrap();
        assert_eq!(gx.dtype(), dtype);
        assert_eq!(gw.dtype(), dtype);
        assert_eq!(gw.shape, vec![4]);
        (gx.to_f64_vec(), gw.to_f64_vec())
    };
    let (x32, w32) = run(DType::F32);
    let (x64, w64) = run(DType::F64);
    assert_close(&x32, &x64, 1e-5, 1e-5, "f32 dx");
    assert_close(&w32, &w64, 1e-5, 1e-5, "f32 dw");
}

// ---- second derivatives through nested tapes -----------------------------------------------------

/// (dy/dx, d²y/dx²) at x for a scalar function built by `f`: the outer tape t2 watches x, the inner
/// tape t1 watches x, dy = t1.gradient(y, x) is recorded by t2, and d2 = t2.gradient(dy, x).
/// The second derivative is None when dy does not depend on x (a linear y), as in TensorFlow.
fn second_derivative(x0: f64, f: impl Fn(&mut Engine, &Tensor) -> Tensor) -> (f64, Option<f64>) {
    let mut e = Engine::new();
    let x = scalar(x0);
    let t2 = e.new_tape(false).unwrap();
    e.push_tape(t2).unwrap();
    e.watch(t2, &x).unwrap();
    let t1 = e.new_tape(false).unwrap();
    e.push_tape(t1).unwrap();
    e.watch(t1, &x).unwrap();
    let y = f(&mut e, &x);
    e.pop_tape(t1).unwrap();
    let dy = some(e.gradient(t1, &[y], &[x.clone()], &[None]).unwrap());
    e.pop_tape(t2).unwrap();
    let d2 = e.gradient(t2, &[dy.clone()], &[x], &[None]).unwrap();
    (dy.to_f64_vec()[0], d2[0].as_ref().map(|d2| d2.to_f64_vec()[0]))
}

#[track_caller]
fn assert_d(got: (f64, Option<f64>), want: (f64, f64), what: &str) {
    assert!(close(got.0, want.0, 1e-12, 1e-12), "{what}: first derivative {} != {}", got.0, want.0);
    match got.1 {
        Some(d2) => assert!(close(d2, want.1, 1e-12, 1e-12), "{what}: second derivative {d2} != {}", want.1),
        // A None second derivative means "not connected", which is right only for a zero one.
        None => assert_eq!(want.1, 0.0, "{what}: second derivative is None, expected {}", want.1),
    }
}

#[test]
fn second_derivative_of_cube() {
    let got = second_derivative(1.0, |e, x| {
        let xx = e.mul(x, x).unwrap();
        e.mul(&xx, x).unwrap()
    });
    assert_d(got, (3.0, 6.0), "x^3 at 1");
    let got = second_derivative(-2.0, |e, x| {
        let xx = e.mul(x, x).unwrap();
        e.mul(&xx, x).unwrap()
    });
    assert_d(got, (12.0, -12.0), "x^3 at -2");
}

#[test]
fn second_derivative_of_exp() {
    let x0: f64 = 0.7;
    let got = second_derivative(x0, |e, x| e.unary(UnaryKind::Exp, x).unwrap());
    assert_d(got, (x0.exp(), x0.exp()), "exp");
}

#[test]
fn second_derivative_of_log() {
    let got = second_derivative(2.0, |e, x| e.log(x).unwrap());
    assert_d(got, (0.5, -0.25), "log at 2");
}

#[test]
fn second_derivative_of_sqrt() {
    let got = second_derivative(4.0, |e, x| e.unary(UnaryKind::Sqrt, x).unwrap());
    // d/dx x^(1/2) = 1/(2 sqrt x) = 1/4; d² = -1/(4 x^(3/2)) = -1/32
    assert_d(got, (0.25, -1.0 / 32.0), "sqrt at 4");
}

#[test]
fn second_derivative_of_div() {
    // 3 / x at 2: -3/x² = -0.75, 6/x³ = 0.75
    let got = second_derivative(2.0, |e, x| e.div(&scalar(3.0), x).unwrap());
    assert_d(got, (-0.75, 0.75), "3/x at 2");
    // x / 4 is linear
    let got = second_derivative(2.0, |e, x| e.div(x, &scalar(4.0)).unwrap());
    assert_d(got, (0.25, 0.0), "x/4");
    // x / (x + 1) at 1: 1/(x+1)² = 1/4, -2/(x+1)³ = -1/4
    let got = second_derivative(1.0, |e, x| {
        let d = e.add_scalar(x, 1.0).unwrap();
        e.div(x, &d).unwrap()
    });
    assert_d(got, (0.25, -0.25), "x/(x+1) at 1");
}

#[test]
fn second_derivative_of_pow() {
    // x^2.5 at 1.5
    let x0: f64 = 1.5;
    let got = second_derivative(x0, |e, x| e.pow(x, &scalar(2.5)).unwrap());
    assert_d(got, (2.5 * x0.powf(1.5), 3.75 * x0.powf(0.5)), "x^2.5");
    // 2^x at 1.5: ln2 2^x, ln2² 2^x
    let ln2 = 2f64.ln();
    let got = second_derivative(x0, |e, x| e.pow(&scalar(2.0), x).unwrap());
    assert_d(got, (ln2 * 2f64.powf(x0), ln2 * ln2 * 2f64.powf(x0)), "2^x");
    // x^x at 1.5: x^x (ln x + 1); x^x ((ln x + 1)² + 1/x)
    let got = second_derivative(x0, |e, x| e.pow(x, x).unwrap());
    let v = x0.powf(x0);
    let l = x0.ln() + 1.0;
    let got_rel = (got.0 / (v * l), got.1.map(|d2| d2 / (v * (l * l + 1.0 / x0))));
    assert_d(got_rel, (1.0, 1.0), "x^x (relative)");
}

#[test]
fn second_derivative_of_abs_and_step_is_zero() {
    let got = second_derivative(-1.5, |e, x| e.unary(UnaryKind::Abs, x).unwrap());
    assert_d(got, (-1.0, 0.0), "abs at -1.5");
    // x * step(x): first derivative step(x) (the step itself has no gradient), second derivative 0
    let mut e = Engine::new();
    let x = scalar(0.5);
    let t2 = e.new_tape(false).unwrap();
    e.push_tape(t2).unwrap();
    e.watch(t2, &x).unwrap();
    let t1 = e.new_tape(false).unwrap();
    e.push_tape(t1).unwrap();
    e.watch(t1, &x).unwrap();
    let s = e.step(&x).unwrap();
    let y = e.mul(&x, &s).unwrap();
    e.pop_tape(t1).unwrap();
    let dy = some(e.gradient(t1, &[y], &[x.clone()], &[None]).unwrap());
    assert_eq!(dy.to_f64_vec(), vec![1.0]);
    e.pop_tape(t2).unwrap();
    // dy = step(x) * 1 only depends on x through step: None or zero are both acceptable.
    let d2 = e.gradient(t2, &[dy], &[x], &[None]).unwrap();
    if let Some(d2) = &d2[0] {
        assert_eq!(d2.to_f64_vec(), vec![0.0]);
    }
}

/// Hessian-vector style: loss = sum((x W)²) with x [1, 3], W [3, 2].
/// g = dloss/dx = 2 (x W) Wᵀ; d(sum(g))/dx_i = 2 Σ_k W_ik s_k with s_k = Σ_j W_jk.
#[test]
fn second_derivative_through_matmul_and_sum() {
    let xv = [0.5, -1.0, 2.0];
    let wv = [1.0, 2.0, -0.5, 0.25, 3.0, -1.5];
    let w_at = |i: usize, k: usize| wv[i * 2 + k];
    let mut e = Engine::new();
    let x = f64t(&[1, 3], &xv);
    let w = f64t(&[3, 2], &wv);
    let t2 = e.new_tape(false).unwrap();
    e.push_tape(t2).unwrap();
    e.watch(t2, &x).unwrap();
    let t1 = e.new_tape(false).unwrap();
    e.push_tape(t1).unwrap();
    e.watch(t1, &x).unwrap();
    let xw = e.matmul(&x, &w, false, false).unwrap();
    let sq = e.mul(&xw, &xw).unwrap();
    let l = sum_all(&mut e, &sq);
    e.pop_tape(t1).unwrap();
    let g = some(e.gradient(t1, &[l], &[x.clone()], &[None]).unwrap());
    let xwv: Vec<f64> = (0..2).map(|k| (0..3).map(|i| xv[i] * w_at(i, k)).sum()).collect();
    let g_expected: Vec<f64> = (0..3).map(|j| 2.0 * (0..2).map(|k| xwv[k] * w_at(j, k)).sum::<f64>()).collect();
    assert_eq!(g.shape, vec![1, 3]);
    assert_close(&g.to_f64_vec(), &g_expected, 1e-12, 1e-12, "first derivative");
    let gs = sum_all(&mut e, &g);
    e.pop_tape(t2).unwrap();
    let h = some(e.gradient(t2, &[gs], &[x], &[None]).unwrap());
    let s: Vec<f64> = (0..2).map(|k| (0..3).map(|j| w_at(j, k)).sum()).collect();
    let h_expected: Vec<f64> = (0..3).map(|i| 2.0 * (0..2).map(|k| w_at(i, k) * s[k]).sum::<f64>()).collect();
    assert_eq!(h.shape, vec![1, 3]);
    assert_close(&h.to_f64_vec(), &h_expected, 1e-12, 1e-12, "second derivative");
}

/// A persistent tape that records its own gradient computation gives second derivatives too.
#[test]
fn second_derivative_with_one_persistent_tape() {
    let mut e = Engine::new();
    let x = scalar(2.0);
    let t = e.new_tape(true).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let xx = e.mul(&x, &x).unwrap();
    let y = e.mul(&xx, &x).unwrap();
    let dy = some(e.gradient(t, &[y], &[x.clone()], &[None]).unwrap()); // recorded on t itself
    e.pop_tape(t).unwrap();
    assert_eq!(dy.to_f64_vec(), vec![12.0]);
    let d2 = some(e.gradient(t, &[dy], &[x], &[None]).unwrap());
    assert_eq!(d2.to_f64_vec(), vec![12.0]);
}

/// Third derivative through three nested tapes: x⁴ at 1 -> 4, 12, 24.
#[test]
fn third_derivative_through_three_tapes() {
    let mut e = Engine::new();
    let x = scalar(1.0);
    let tapes: Vec<_> = (0..3).map(|_| e.new_tape(false).unwrap()).collect();
    for &t in &tapes {
        e.push_tape(t).unwrap();
        e.watch(t, &x).unwrap();
    }
    let x2 = e.mul(&x, &x).unwrap();
    let mut y = e.mul(&x2, &x2).unwrap();
    let mut got = Vec::new();
    for &t in tapes.iter().rev() {
        e.pop_tape(t).unwrap();
        y = some(e.gradient(t, &[y], &[x.clone()], &[None]).unwrap());
        got.push(y.to_f64_vec()[0]);
    }
    assert_eq!(got, vec![4.0, 12.0, 24.0]);
}

// ---- edge points where central differences do not apply ------------------------------------------

/// d|x|/dx at 0 is 0 (TensorFlow's choice); d(a^b)/db is 0 where a <= 0 (ln a taken as 0).
#[test]
fn gradients_at_kinks_and_outside_the_log_domain() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[-2.0, 0.0, 3.0]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let y = e.unary(UnaryKind::Abs, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g = some(e.gradient(t, &[y], &[x.clone()], &[None]).unwrap());
    assert_eq!(g.to_f64_vec(), vec![-1.0, 0.0, 1.0]);

    let b = f64t(&[3], &[2.0, 2.0, 2.0]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    e.watch(t, &b).unwrap();
    let y = e.pow(&x, &b).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x, b], &[None]).unwrap();
    assert_eq!(g[0].as_ref().unwrap().to_f64_vec(), vec![-4.0, 0.0, 6.0]);
    let gb = g[1].as_ref().unwrap().to_f64_vec();
    assert_eq!(gb[0], 0.0, "d(a^b)/db at a < 0");
    assert_eq!(gb[1], 0.0, "d(a^b)/db at a = 0");
    assert!(close(gb[2], 9.0 * 3f64.ln(), 1e-14, 0.0));
}

/// Gradients of empty tensors have the empty shape (no panics in the rules or the summing back).
#[test]
fn gradients_of_empty_tensors() {
    let mut e = Engine::new();
    let x = f64t(&[0, 3], &[]);
    let w = f64t(&[3, 2], &[1.0; 6]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    e.watch(t, &w).unwrap();
    let y = e.matmul(&x, &w, false, false).unwrap();
    assert_eq!(y.shape, vec![0, 2]);
    let b = f64t(&[2], &[1.0, 2.0]);
    let z = e.add(&y, &b).unwrap();
    let s = sum_all(&mut e, &z);
    assert_eq!(s.to_f64_vec(), vec![0.0]);
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[s], &[x, w], &[None]).unwrap();
    let gx = g[0].as_ref().unwrap();
    assert_eq!(gx.shape, vec![0, 3]);
    assert_eq!(g[1].as_ref().unwrap().to_f64_vec(), vec![0.0; 6]);
}

// ---- linear algebra: second derivatives and the gradients TensorFlow does not define -------------

/// A(x) = diag(a) + x B at x = 0: d/dx ln|det A| = tr(A⁻¹B) = Σ b_ii / a_i and
/// d²/dx² = -tr(A⁻¹B A⁻¹B) = -Σ_ij b_ij b_ji / (a_i a_j).
const LOGDET_DIAGONAL: [f64; 3] = [2.0, -3.0, 5.0];
const LOGDET_DIRECTION: [f64; 9] = [0.5, -1.0, 0.25, 2.0, 1.5, -0.75, -0.5, 1.0, 3.0];

fn logdet_derivatives(b: &[f64; 9], a: &[f64; 3]) -> (f64, f64) {
    let first = (0..3).map(|i| b[i * 3 + i] / a[i]).sum();
    let second = -(0..3).flat_map(|i| (0..3).map(move |j| (i, j))).map(|(i, j)| b[i * 3 + j] * b[j * 3 + i] / (a[i] * a[j])).sum::<f64>();
    (first, second)
}

/// diag(a) + x B, recorded.
fn line(e: &mut Engine, x: &Tensor, a: &[f64; 3], b: &[f64; 9]) -> Tensor {
    let diagonal: Vec<f64> = (0..9).map(|i| if i % 4 == 0 { a[i / 4] } else { 0.0 }).collect();
    let xb = e.mul(&f64t(&[3, 3], b), x).unwrap();
    e.add(&f64t(&[3, 3], &diagonal), &xb).unwrap()
}

#[test]
fn second_derivative_of_log_abs_det() {
    let got = second_derivative(0.0, |e, x| {
        let a = line(e, x, &LOGDET_DIAGONAL, &LOGDET_DIRECTION);
        let packed = e.apply(Op::LogMatrixDeterminant {}, &[&a]).unwrap();
        let log_abs = e.slice(&packed, 0, 1, 1).unwrap();
        e.reshape(&log_abs, &[]).unwrap()
    });
    assert_d(got, logdet_derivatives(&LOGDET_DIRECTION, &LOGDET_DIAGONAL), "ln|det(diag(a) + x B)| at 0");
}

/// ln det A = 2 Σ ln L_ii for A = L Lᵀ: second derivatives through cholesky's rule (and the
/// triangular solve inside it), for a symmetric direction.
#[test]
fn second_derivative_of_logdet_through_cholesky() {
    let a = [2.0, 3.0, 5.0];
    let mut s = LOGDET_DIRECTION;
    for i in 0..3 {
        for j in 0..i {
            s[j * 3 + i] = s[i * 3 + j];
        }
    }
    let got = second_derivative(0.0, |e, x| {
        let m = line(e, x, &a, &s);
        let l = e.apply(Op::Cholesky {}, &[&m]).unwrap();
        let eye = f64t(&[3, 3], &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
        let masked = e.mul(&l, &eye).unwrap();
        let diagonal = e.sum(&masked, &[1], false).unwrap();
        let logs = e.log(&diagonal).unwrap();
        let total = sum_all(e, &logs);
        e.mul_scalar(&total, 2.0).unwrap()
    });
    assert_d(got, logdet_derivatives(&s, &a), "2 Σ ln diag(cholesky(diag(a) + x S)) at 0");
}

/// TensorFlow raises for QR of a deep matrix with full Q, and for SVD with full U and V when the
/// dims differ by more than one: so does the gradient here, naming the fix.
#[test]
fn gradients_tensorflow_does_not_define_are_errors() {
    let cases = [(Op::Qr { full_matrices: true }, [4, 3], "fullMatrices=false"), (Op::Svd { full_matrices: true, compute_uv: true }, [5, 3], "fullMatrices=false")];
    for (op, shape, fix) in cases {
        let mut e = Engine::new();
        let x = f64t(&shape, &(0..15).map(|i| ((i * 7 % 11) as f64) - 5.0).collect::<Vec<_>>()[..shape[0] * shape[1]]);
        let t = e.new_tape(false).unwrap();
        e.push_tape(t).unwrap();
        e.watch(t, &x).unwrap();
        let y = e.apply(op.clone(), &[&x]).unwrap();
        let l = sum_all(&mut e, &y);
        e.pop_tape(t).unwrap();
        let err = e.gradient(t, &[l], &[x], &[None]).unwrap_err();
        assert!(err.message.starts_with(&format!("{}: the gradient is not implemented", op.name())) && err.message.contains(fix), "{}", err.message);
    }
}
