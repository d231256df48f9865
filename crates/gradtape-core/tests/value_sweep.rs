//! Scalar nodes (`Engine::record_scalar`, the rank-0 arithmetic JavaScript records on values) and
//! the sweep on values that differentiates a record of them: the gradients equal, bit for bit,
//! those of the same program recorded as tensor ops (`Engine::apply`) and swept on tensors; and a
//! record holding scalar nodes behaves as a record of nodes wherever the value sweep does not
//! apply (persistent tapes, tensor ops after scalar ones, nested tapes, Jacobians, eviction).

mod common;

use common::Rng;
use gradtape_core::op::{BinaryKind, OutDType, UnaryKind};
use gradtape_core::ops::{self, ScalarOp};
use gradtape_core::{DType, Engine, Op, ScalarValue, TapeId, Tensor, CONSTANT_ID};

/// The bits of a gradient; NaNs count as one value, whatever their payload.
fn bits(g: &Option<Tensor>) -> Option<u64> {
    g.as_ref().map(|t| {
        let v = t.buf.get_f64(0);
        if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }
    })
}

/// One op of a random scalar program: its kind and where its operands come from (indices into
/// the program's values: the variables first, then each op's result).
#[derive(Clone, Copy, Debug)]
enum Step {
    Unary(UnaryKind, usize),
    /// The second operand None: a constant.
    Binary(BinaryKind, usize, Option<usize>, f64),
}

/// A random program of `n` ops over `vars` variables, using the float kinds that have a scalar
/// form (`ops::on_values`) and a first-derivative rule (some, such as igamma's in `a`, have none).
fn program(rng: &mut Rng, dtype: DType, vars: usize, n: usize) -> Vec<Step> {
    let has_rule = |op: Op| ops::vjp_scalar(&op, dtype, [0.7, 1.3], 0.9, 1.0, &[true, true]).is_some();
    let unary: Vec<UnaryKind> = UnaryKind::ALL.iter().copied().filter(|&kind| {
        let (_, _, dtypes, out, _) = kind.spec_row();
        out == OutDType::Same && dtypes.admits(dtype) && has_rule(Op::Unary { kind })
    }).collect();
    let binary: Vec<BinaryKind> = BinaryKind::ALL.iter().copied().filter(|&kind| {
        let (_, _, dtypes, out, _) = kind.spec_row();
        out == OutDType::Same && dtypes.admits(dtype) && has_rule(Op::Binary { kind })
    }).collect();
    assert!(unary.len() > 30 && binary.len() > 10, "{} unary and {} binary kinds", unary.len(), binary.len());
    let mut steps = Vec::new();
    for i in 0..n {
        let values = vars + i;
        // Later ops read recent values more often, so chains grow deep and values fan out.
        let pick = |rng: &mut Rng| values - 1 - ((rng.unit() * rng.unit() * values as f64) as usize).min(values - 1);
        steps.push(if rng.unit() < 0.3 {
            Step::Unary(unary[(rng.unit() * unary.len() as f64) as usize], pick(rng))
        } else {
            let kind = binary[(rng.unit() * binary.len() as f64) as usize];
            let a = pick(rng);
            let b = if rng.unit() < 0.25 { None } else { Some(pick(rng)) };
            Step::Binary(kind, a, b, rng.signed(0.2, 3.0))
        });
    }
    steps
}

/// How a program is recorded and swept.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Way {
    /// Scalar nodes on a non-persistent tape: the sweep on values. Nothing else takes an id while
    /// the program records, so its results' ids are consecutive.
    Values,
    /// The same with a tensor made before each op (its constant), whose id falls between the
    /// results' ids: the sweep finds results by search.
    ValuesWithGaps,
    /// Scalar nodes on a persistent tape: made into nodes, swept on tensors.
    ValuesPersistent,
    /// Tensor ops (`apply`) on a non-persistent tape: swept on tensors.
    Tensors,
}

/// Runs `steps` on `vars` (values) under a new tape the way `way` says; returns the gradients of
/// the sum of the last `targets` results with respect to the variables (or the gradient's error
/// message), and the results' bits.
fn run(steps: &[Step], vars: &[f64], dtype: DType, targets: usize, way: Way) -> (Result<Vec<Option<u64>>, String>, Vec<u64>) {
    let mut e = Engine::new();
    let var_tensors: Vec<Tensor> = vars.iter().map(|&v| Tensor::scalar(dtype, v)).collect();
    let tape = e.new_tape(way == Way::ValuesPersistent).unwrap();
    e.push_tape(tape).unwrap();
    for v in &var_tensors {
        e.watch(tape, v).unwrap();
    }
    // Each value as (id, value), and as a tensor under that id in the tensor way (the values ways
    // make theirs after recording: making one takes an id).
    let mut values: Vec<(ScalarValue, Option<Tensor>)> = var_tensors.iter().map(|t| ((t.id, t.buf.get_f64(0)), Some(t.clone()))).collect();
    for &step in steps {
        let (op, operands): (Op, Vec<Option<usize>>) = match step {
            Step::Unary(kind, a) => (Op::Unary { kind }, vec![Some(a)]),
            Step::Binary(kind, a, b, _) => (Op::Binary { kind }, vec![Some(a), b]),
        };
        let c = match step {
            Step::Binary(_, _, _, c) => c,
            Step::Unary(..) => 0.0,
        };
        let constant = matches!(way, Way::Tensors | Way::ValuesWithGaps).then(|| Tensor::scalar(dtype, c));
        let c = if dtype == DType::F32 { c as f32 as f64 } else { c };
        let result = if way == Way::Tensors {
            let constant = constant.as_ref().unwrap();
            let inputs: Vec<&Tensor> = operands.iter().map(|o| o.map_or(constant, |k| values[k].1.as_ref().unwrap())).collect();
            let y = e.apply(op, &inputs).unwrap();
            ((y.id, y.buf.get_f64(0)), Some(y))
        } else {
            let inputs: Vec<ScalarValue> =
                operands.iter().map(|o| o.map_or((CONSTANT_ID, c), |k| values[k].0)).collect();
            let scalar_op = match op {
                Op::Unary { kind } => ScalarOp::Unary(kind, kind.spec_row().2),
                Op::Binary { kind } => ScalarOp::Binary(kind, kind.spec_row().2),
                _ => unreachable!(),
            };
            let value = ops::on_values(scalar_op, dtype, inputs[0].1, inputs.get(1).map_or(0.0, |x| x.1)).unwrap();
            let id = e.record_scalar(scalar_op, dtype, &inputs, value).unwrap();
            ((id, value), None)
        };
        values.push(result);
    }
    e.pop_tape(tape).unwrap();
    let target_tensors: Vec<Tensor> =
        values[values.len() - targets..].iter().map(|&((id, v), ref t)| t.clone().unwrap_or_else(|| Tensor::scalar_with_id(id, dtype, v))).collect();
    let grads = e.gradient(tape, &target_tensors, &var_tensors, &[]);
    let results = values[vars.len()..].iter().map(|((_, v), _)| if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }).collect();
    (grads.map(|g| g.iter().map(bits).collect()).map_err(|e| e.message), results)
}

#[test]
fn random_scalar_programs_swept_on_values_give_the_bits_swept_on_tensors() {
    let mut rng = Rng::from_name("value sweep");
    let (mut connected, mut failed) = (0, 0);
    for case in 0..400 {
        let dtype = if case % 2 == 0 { DType::F32 } else { DType::F64 };
        let vars: Vec<f64> = (0..1 + case % 4).map(|_| rng.signed(0.3, 2.0)).collect();
        let n = 1 + (rng.unit() * 30.0) as usize;
        let steps = program(&mut rng, dtype, vars.len(), n);
        let targets = 1 + case % 3.min(steps.len());
        let on_tensors = run(&steps, &vars, dtype, targets, Way::Tensors);
        for way in [Way::Values, Way::ValuesWithGaps, Way::ValuesPersistent] {
            let got = run(&steps, &vars, dtype, targets, way);
            assert_eq!(got.1, on_tensors.1, "case {case} ({way:?}): forward values differ; {steps:?}");
            assert_eq!(got.0, on_tensors.0, "case {case} ({way:?}): gradients differ; {steps:?}");
        }
        match &on_tensors.0 {
            Ok(grads) => connected += grads.iter().filter(|g| g.is_some()).count(),
            Err(_) => failed += 1,
        }
    }
    assert!(failed < 20, "{failed} of 400 programs have a rule that fails");
    assert!(connected > 400, "only {connected} connected gradients: the programs hardly reach their variables");
}

/// A tape over `x` recording `x·x·x` (two scalar nodes); returns (tape, x, y).
fn cube(e: &mut Engine, persistent: bool) -> (TapeId, Tensor, Tensor) {
    let (tape, x, _, y) = cube_and_square(e, persistent);
    (tape, x, y)
}

/// `cube`, and the square in the middle.
fn cube_and_square(e: &mut Engine, persistent: bool) -> (TapeId, Tensor, Tensor, Tensor) {
    let x = Tensor::scalar(DType::F64, 1.5);
    let tape = e.new_tape(persistent).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    let (x2, y) = record_cube(e, &x);
    e.pop_tape(tape).unwrap();
    (tape, x, x2, y)
}

/// Records `x·x·x` (x = 1.5) as two scalar nodes on the recording tapes; returns x² and x³.
fn record_cube(e: &mut Engine, x: &Tensor) -> (Tensor, Tensor) {
    let mul = ScalarOp::Binary(BinaryKind::Mul, BinaryKind::Mul.spec_row().2);
    let x2 = e.record_scalar(mul, DType::F64, &[(x.id, 1.5), (x.id, 1.5)], 2.25).unwrap();
    let y = e.record_scalar(mul, DType::F64, &[(x2, 2.25), (x.id, 1.5)], 3.375).unwrap();
    (Tensor::scalar_with_id(x2, DType::F64, 2.25), Tensor::scalar_with_id(y, DType::F64, 3.375))
}

fn value(g: &Option<Tensor>) -> f64 {
    g.as_ref().expect("a gradient").buf.get_f64(0)
}

#[test]
fn a_tensor_op_after_scalar_nodes_keeps_the_order_of_the_record() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, false);
    // exp(x³), the exp recorded as a tensor op that reads the scalar nodes' result.
    e.push_tape(tape).unwrap();
    let z = e.apply(Op::Unary { kind: UnaryKind::Exp }, &[&y]).unwrap();
    e.pop_tape(tape).unwrap();
    assert_eq!(e.tape_node_count(tape).unwrap(), 3);
    let g = e.gradient(tape, &[z], std::slice::from_ref(&x), &[]).unwrap();
    // d/dx exp(x³) = 3x² exp(x³)
    let want = 3.0 * 2.25 * 3.375f64.exp();
    assert!((value(&g[0]) - want).abs() <= 1e-12 * want, "{} vs {want}", value(&g[0]));
}

#[test]
fn a_persistent_tape_of_scalar_nodes_gives_its_gradient_twice() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, true);
    for _ in 0..2 {
        let g = e.gradient(tape, std::slice::from_ref(&y), std::slice::from_ref(&x), &[]).unwrap();
        assert_eq!(value(&g[0]), 3.0 * 2.25); // d/dx x³ = 3x²
    }
}

#[test]
fn a_non_persistent_tape_swept_on_values_is_used_up() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, false);
    let g = e.gradient(tape, std::slice::from_ref(&y), std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&g[0]), 6.75);
    let again = e.gradient(tape, std::slice::from_ref(&y), std::slice::from_ref(&x), &[]);
    assert!(again.unwrap_err().message.contains("non-persistent"));
    assert_eq!(e.tape_node_count(tape).unwrap(), 0, "the record is dropped");
}

#[test]
fn nested_tapes_see_the_inner_gradient_of_scalar_nodes() {
    // The inner gradient runs under a recording outer tape: it must be swept on tensors, its ops
    // recorded, so the outer tape gives the second derivative.
    let mut e = Engine::new();
    let x = Tensor::scalar(DType::F64, 1.5);
    let outer = e.new_tape(false).unwrap();
    e.push_tape(outer).unwrap();
    e.watch(outer, &x).unwrap();
    let inner = e.new_tape(false).unwrap();
    e.push_tape(inner).unwrap();
    e.watch(inner, &x).unwrap();
    let (_, y) = record_cube(&mut e, &x);
    e.pop_tape(inner).unwrap();
    let dy = e.gradient(inner, &[y], std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&dy[0]), 6.75);
    e.pop_tape(outer).unwrap();
    let d2y = e.gradient(outer, &[dy[0].clone().unwrap()], std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&d2y[0]), 9.0); // d²/dx² x³ = 6x
}

#[test]
fn an_evicted_tape_of_scalar_nodes_comes_back_whole() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, false);
    let bytes = e.export_tape(tape).unwrap();
    e.free_tape(tape).unwrap();
    let restored = e.import_tape(&bytes).unwrap();
    assert_eq!(e.tape_node_count(restored).unwrap(), 2);
    let g = e.gradient(restored, std::slice::from_ref(&y), std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&g[0]), 6.75);
}

#[test]
fn the_jacobian_of_scalar_nodes() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, false);
    let j = e.jacobian(tape, &y, std::slice::from_ref(&x)).unwrap();
    assert_eq!(value(&j[0]), 6.75);
}

#[test]
fn a_reset_tape_forgets_its_scalar_nodes() {
    let mut e = Engine::new();
    let (tape, x, y) = cube(&mut e, false);
    e.reset_tape(tape).unwrap();
    assert_eq!(e.tape_node_count(tape).unwrap(), 0);
    let g = e.gradient(tape, std::slice::from_ref(&y), std::slice::from_ref(&x), &[]).unwrap();
    assert!(g[0].is_none(), "x is no longer watched and nothing is recorded");
}

#[test]
fn targets_and_sources_the_value_sweep_leaves_to_the_tensor_sweep() {
    let mut e = Engine::new();
    // A result of the record as a source: d(x²·x)/d(x²) = x, while d/dx still counts every path.
    let (tape, x, x2, y) = cube_and_square(&mut e, false);
    let g = e.gradient(tape, std::slice::from_ref(&y), &[x.clone(), x2], &[]).unwrap();
    assert_eq!((value(&g[0]), value(&g[1])), (6.75, 1.5));
    // The same target twice: its seeds are summed.
    let (tape, x, y) = cube(&mut e, false);
    let g = e.gradient(tape, &[y.clone(), y], std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&g[0]), 13.5);
    // A source as a target, and a target the tape never recorded.
    let (tape, x, y) = cube(&mut e, false);
    let unrecorded = Tensor::scalar(DType::F64, 2.0);
    let g = e.gradient(tape, &[y, x.clone(), unrecorded], std::slice::from_ref(&x), &[]).unwrap();
    assert_eq!(value(&g[0]), 7.75);
    // An upstream gradient.
    let (tape, x, y) = cube(&mut e, false);
    let g = e.gradient(tape, std::slice::from_ref(&y), std::slice::from_ref(&x), &[Some(Tensor::scalar(DType::F64, 2.0))]).unwrap();
    assert_eq!(value(&g[0]), 13.5);
    // A source the tape does not watch, and a variable used by no node.
    let (tape, x, y) = cube(&mut e, false);
    let other = Tensor::scalar(DType::F64, 4.0);
    let g = e.gradient(tape, std::slice::from_ref(&y), &[other, x.clone(), x], &[]).unwrap();
    assert!(g[0].is_none());
    assert_eq!((value(&g[1]), value(&g[2])), (6.75, 6.75));
    // Only a target the tape never recorded.
    let (tape, x, _) = cube(&mut e, false);
    let g = e.gradient(tape, &[Tensor::scalar(DType::F64, 1.0)], std::slice::from_ref(&x), &[]).unwrap();
    assert!(g[0].is_none());
}
