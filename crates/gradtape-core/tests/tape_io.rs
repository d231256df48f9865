//! Tape eviction: a tape exported, freed and imported again gives bitwise the same gradients as
//! the original, for every op, persistent or not, nested, with a variable whose storage changes
//! between two reads; saved bytes count shared storage once; corrupt bytes give errors, never panics.

// Tests clone handles into gradient()'s slices freely.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::*;
use gradtape_core::op::{specs, BinaryKind, CompareKind, CumulativeKind, DTypes, OutDType, PadMode, ReduceKind, UnaryKind};
use gradtape_core::{Buffer, DType, Engine, ErrorCode, Op, TapeId, Tensor};
use std::rc::Rc;

// ---- helpers --------------------------------------------------------------------------------------

/// Exports, frees and imports `tape`; checks that the restored tape exports to as many bytes (the
/// same buffers, shared the same way).
fn evict(e: &mut Engine, tape: TapeId) -> TapeId {
    let bytes = e.export_tape(tape).unwrap();
    e.free_tape(tape).unwrap();
    let restored = e.import_tape(&bytes).unwrap();
    assert!(!e.is_recording(restored), "a restored tape does not record until pushed");
    assert_eq!(e.export_tape(restored).unwrap().len(), bytes.len(), "re-export differs in size");
    restored
}

type Bits = Vec<Option<(Vec<usize>, DType, Vec<u64>)>>;

/// Gradients as exact bits (f32 widens to f64 exactly).
fn bits(grads: &[Option<Tensor>]) -> Bits {
    let one = |g: &Tensor| (g.shape.to_vec(), g.dtype(), g.to_f64_vec().iter().map(|v| v.to_bits()).collect());
    grads.iter().map(|g| g.as_ref().map(one)).collect()
}

fn other_float(dtype: DType) -> DType {
    match dtype {
        DType::F32 => DType::F64,
        _ => DType::F32,
    }
}

fn tensor(dtype: DType, shape: &[usize], data: Vec<f64>) -> Tensor {
    match dtype {
        DType::F32 => f32t(shape, &data.iter().map(|&v| v as f32).collect::<Vec<_>>()),
        DType::F64 => f64t(shape, &data),
        DType::I32 => i32t(shape, &data.iter().map(|&v| v as i32).collect::<Vec<_>>()),
        DType::Bool => panic!("no bool inputs here"),
    }
}

// ---- the op table ---------------------------------------------------------------------------------

/// The ops a tape records and differentiates: every row of the op table but those with bool
/// or int32 results, trigamma (whose gradient is not implemented), and oneHot (whose only
/// input, int32 indices, no tape watches).
fn recordable() -> Vec<&'static str> {
    // (customGradient nodes hold a JavaScript rule: their eviction is tested in test/autodiff.test.ts;
    // oneHot's only input is int32 indices, so a tape never records it.)
    let skip = ["trigamma", "igammaGradA", "argmax", "argmin", "reduceAll", "reduceAny", "customGradient", "oneHot", "argsort"];
    specs()
        .into_iter()
        .filter(|s| s.dtypes != DTypes::Bool && s.out != OutDType::Bool && !skip.contains(&s.js))
        .map(|s| s.js)
        .collect()
}

struct Case {
    name: String,
    op: Op,
    inputs: Vec<Tensor>,
}

/// Inputs drawn from [0.5, 2) (valid for log, sqrt and pow bases) with random signs where `signed`.
fn cases(dtype: DType) -> Vec<Case> {
    let mut rng = Rng::from_name(&format!("tape_io {dtype:?}"));
    let mut input = |shape: &[usize], signed: bool| {
        let data = (0..size(shape)).map(|_| if signed { rng.signed(0.5, 2.0) } else { rng.uniform(0.5, 2.0) }).collect();
        tensor(dtype, shape, data)
    };
    let mut t = Vec::new();
    let mut add = |name: String, op: Op, inputs: Vec<Tensor>| t.push(Case { name, op, inputs });
    let recordable = recordable();
    for &kind in UnaryKind::ALL {
        let op = Op::Unary { kind };
        if recordable.contains(&op.name()) {
            let signed = !matches!(kind, UnaryKind::Log | UnaryKind::Sqrt | UnaryKind::Rsqrt | UnaryKind::Lgamma | UnaryKind::Digamma | UnaryKind::Erfcinv);
            add(format!("unary {kind:?}"), op, vec![input(&[2, 3], signed)]);
        }
    }
    for &kind in BinaryKind::ALL {
        if !recordable.contains(&Op::Binary { kind }.name()) {
            continue;
        }
        let signed_b = !matches!(
            kind,
            BinaryKind::Div | BinaryKind::Xlogy | BinaryKind::Igamma | BinaryKind::Igammac | BinaryKind::IgammaGradA | BinaryKind::Zeta | BinaryKind::Polygamma
        );
        add(format!("binary {kind:?}"), Op::Binary { kind }, vec![input(&[2, 3], false), input(&[3], signed_b)]);
        add(format!("binary {kind:?} broadcast both"), Op::Binary { kind }, vec![input(&[2, 1], false), input(&[1, 3], signed_b)]);
    }
    for &kind in ReduceKind::ALL {
        if !recordable.contains(&Op::Reduce { kind, axes: vec![], keepdims: false }.name()) {
            continue;
        }
        for (axes, keepdims) in [(vec![], false), (vec![1], false), (vec![0, 2], true), (vec![0, 1, 2], false)] {
            add(format!("reduce {kind:?} {axes:?} {keepdims}"), Op::Reduce { kind, axes, keepdims }, vec![input(&[2, 3, 4], true)]);
        }
    }
    for &kind in CumulativeKind::ALL {
        let op = Op::Cumulative { kind, axis: 1, exclusive: true, reverse: true };
        add(format!("cumulative {kind:?}"), op, vec![input(&[2, 3], true)]);
    }
    add("softmax".into(), Op::Softmax { axis: 1 }, vec![input(&[2, 3], true)]);
    add("logSoftmax".into(), Op::LogSoftmax { axis: 0 }, vec![input(&[2, 3], true)]);
    add("where".into(), Op::Where {}, vec![input(&[2, 1], true), input(&[3], true), input(&[2, 3], true)]);
    let probabilities = tensor(dtype, &[2, 3], vec![0.05, 0.3, 0.5, 0.7, 0.9, 0.99]);
    add("betainc".into(), Op::Betainc {}, vec![input(&[2, 1], false), input(&[3], false), probabilities]);
    for ta in [false, true] {
        for tb in [false, true] {
            let a = if ta { [4, 3] } else { [3, 4] };
            let b = if tb { [5, 4] } else { [4, 5] };
            let op = Op::MatMul { transpose_a: ta, transpose_b: tb };
            add(format!("matmul {ta} {tb}"), op.clone(), vec![input(&a, true), input(&b, true)]);
            add(format!("matmul batched {ta} {tb}"), op, vec![input(&[2, a[0], a[1]], true), input(&b, true)]);
        }
    }
    add("reshape".into(), Op::Reshape { shape: vec![4, 6] }, vec![input(&[2, 3, 4], true)]);
    add("transpose".into(), Op::Transpose { perm: vec![2, 0, 1] }, vec![input(&[2, 3, 4], true)]);
    add("broadcast_to".into(), Op::BroadcastTo { shape: vec![2, 3, 4] }, vec![input(&[3, 1], true)]);
    add("concat".into(), Op::Concat { axis: 1 }, vec![input(&[2, 1], true), input(&[2, 2], true), input(&[2, 3], true)]);
    add("slice".into(), Op::Slice { axis: 1, start: 1, len: 2 }, vec![input(&[2, 4, 3], true)]);
    add("pad".into(), Op::Pad { axis: 0, before: 1, after: 2 }, vec![input(&[2, 3], true)]);
    add("cast".into(), Op::Cast { dtype: other_float(dtype) }, vec![input(&[2, 3], true)]);
    let (begin, end, strides) = (vec![3, 0], vec![0, 4], vec![-2, 3]);
    let slice = Op::StridedSlice { begin: begin.clone(), end: end.clone(), strides: strides.clone() };
    add("stridedSlice".into(), slice, vec![input(&[4, 4], true)]);
    add("stridedSliceGrad".into(), Op::StridedSliceGrad { shape: vec![4, 4], begin, end, strides }, vec![input(&[2, 2], true)]);
    let (kernel, strides, dilations) = (vec![2, 2], vec![1, 2], vec![1, 1]);
    let patches = Op::ExtractPatches { kernel: kernel.clone(), strides: strides.clone(), dilations: dilations.clone() };
    add("extractPatches".into(), patches, vec![input(&[1, 3, 4, 2], true)]);
    add("extractPatchesGrad".into(), Op::ExtractPatchesGrad { shape: vec![1, 3, 4, 2], kernel, strides, dilations }, vec![input(&[1, 2, 2, 8], true)]);
    let rows = i32t(&[2, 3], &[2, 0, 2, 1, 1, 0]);
    add("gather".into(), Op::Gather { axis: 1, batch_dims: 1 }, vec![input(&[2, 3, 2], true), rows.clone()]);
    add("gatherGrad".into(), Op::GatherGrad { axis: 1, batch_dims: 1, dim: 4 }, vec![input(&[2, 3, 2], true), rows]);
    let tuples = i32t(&[3, 2], &[0, 1, 2, 0, 0, 1]);
    add("gatherNd".into(), Op::GatherNd {}, vec![input(&[3, 2], true), tuples.clone()]);
    add("scatterNd".into(), Op::ScatterNd { shape: vec![3, 2] }, vec![tuples, input(&[3], true)]);
    let slices = i32t(&[2, 1], &[2, 0]);
    add("tensorScatterUpdate".into(), Op::TensorScatterUpdate {}, vec![input(&[3, 2], true), slices, input(&[2, 2], true)]);
    add("tile".into(), Op::Tile { multiples: vec![2, 3] }, vec![input(&[2, 3], true)]);
    for mode in PadMode::ALL {
        let op = Op::PadNd { paddings: vec![1, 2, 0, 2], mode, constant_value: -0.5 };
        add(format!("pad {mode:?}"), op, vec![input(&[3, 4], true)]);
    }
    add("reverse".into(), Op::Reverse { axes: vec![0, 2] }, vec![input(&[2, 3, 2], true)]);
    t.extend(linalg_cases(dtype));
    t
}

/// The linear algebra ops on inputs they accept: strictly diagonally dominant matrices
/// (invertible; symmetrized, positive definite), batched.
fn linalg_cases(dtype: DType) -> Vec<Case> {
    let mut rng = Rng::from_name(&format!("tape_io linalg {dtype:?}"));
    let mut matrices = |shape: &[usize], symmetric: bool| {
        let n = shape[shape.len() - 1];
        let mut data: Vec<f64> = (0..size(shape)).map(|_| rng.signed(0.5, 2.0)).collect();
        for m in data.chunks_mut(n * n) {
            for i in 0..n {
                m[i * n + i] = 2.0 * n as f64 + 1.0;
                for j in 0..i {
                    if symmetric {
                        m[j * n + i] = m[i * n + j];
                    }
                }
            }
        }
        tensor(dtype, shape, data)
    };
    let mut t = Vec::new();
    let mut add = |name: &str, op: Op, inputs: Vec<Tensor>| t.push(Case { name: name.into(), op, inputs });
    add("cholesky", Op::Cholesky {}, vec![matrices(&[2, 3, 3], true)]);
    let rhs = matrices(&[3, 3], false);
    add("triangularSolve", Op::TriangularSolve { lower: false, adjoint: true }, vec![matrices(&[2, 3, 3], false), rhs.clone()]);
    add("solve", Op::MatrixSolve { adjoint: true }, vec![matrices(&[3, 3], false), rhs]);
    add("inv", Op::MatrixInverse { adjoint: false }, vec![matrices(&[2, 3, 3], false)]);
    add("slogdet", Op::LogMatrixDeterminant {}, vec![matrices(&[2, 3, 3], false)]);
    add("lu", Op::Lu {}, vec![matrices(&[2, 3, 3], false)]);
    add("qr", Op::Qr { full_matrices: false }, vec![matrices(&[2, 3, 3], false)]);
    add("svd", Op::Svd { full_matrices: false, compute_uv: true }, vec![matrices(&[2, 3, 3], false)]);
    add("svd values", Op::Svd { full_matrices: false, compute_uv: false }, vec![matrices(&[3, 3], false)]);
    add("eigh", Op::Eigh {}, vec![matrices(&[2, 3, 3], true)]);
    t
}

/// `case.op` on its inputs; `where` takes its condition from the first input's sign.
fn apply_case(e: &mut Engine, case: &Case) -> Tensor {
    let mut refs: Vec<&Tensor> = case.inputs.iter().collect();
    let cond;
    if let Op::Where {} = case.op {
        let zero = e.scalar(case.inputs[0].dtype(), 0.0);
        cond = e.compare(CompareKind::Greater, &case.inputs[0], &zero).unwrap();
        refs[0] = &cond;
    }
    e.apply(case.op.clone(), &refs).unwrap()
}

/// Records `sum(op(inputs) * c)` (c a fixed non-trivial upstream) on a new tape watching the inputs.
fn record(e: &mut Engine, case: &Case, persistent: bool) -> (TapeId, Tensor) {
    let tape = e.new_tape(persistent).unwrap();
    e.push_tape(tape).unwrap();
    for x in &case.inputs {
        // int32 index inputs are never watched.
        assert_eq!(e.watch(tape, x).unwrap(), x.dtype().is_float());
    }
    let y = apply_case(e, case);
    let mut rng = Rng::from_name(&case.name);
    let c = tensor(y.dtype(), &y.shape, (0..y.size()).map(|_| rng.signed(0.5, 1.5)).collect());
    let weighted = e.mul(&y, &c).unwrap();
    let loss = sum_all(e, &weighted);
    e.pop_tape(tape).unwrap();
    (tape, loss)
}

#[test]
fn table_covers_every_op() {
    let names: Vec<&str> = cases(DType::F32).iter().map(|c| c.op.name()).collect();
    let missing: Vec<&str> = recordable().into_iter().filter(|n| !names.contains(n)).collect();
    assert!(missing.is_empty(), "ops without a case: {missing:?}");
}

// ---- round trips ----------------------------------------------------------------------------------

#[test]
fn every_op_round_trips_bitwise() {
    let mut e = Engine::new();
    for dtype in [DType::F32, DType::F64] {
        for case in cases(dtype) {
            for persistent in [false, true] {
                let what = format!("{} {dtype:?} persistent={persistent}", case.name);
                let (tape, loss) = record(&mut e, &case, persistent);
                let expected = bits(&e.gradient(tape, &[loss], &case.inputs, &[None]).unwrap());
                e.free_tape(tape).unwrap();

                let (tape, loss) = record(&mut e, &case, persistent);
                let restored = evict(&mut e, tape);
                let got = e.gradient(restored, &[loss.clone()], &case.inputs, &[None]).unwrap();
                assert_eq!(bits(&got), expected, "{what}");
                if persistent {
                    let again = e.gradient(restored, &[loss], &case.inputs, &[None]).unwrap();
                    assert_eq!(bits(&again), expected, "{what}: second gradient");
                } else {
                    let err = e.gradient(restored, &[loss], &case.inputs, &[None]).unwrap_err();
                    assert_eq!(err.code, ErrorCode::TapeState, "{what}: a non-persistent tape is used up");
                }
                e.free_tape(restored).unwrap();
            }
        }
    }
    assert_eq!(e.tape_usage().0, 0);
}

#[test]
fn one_tape_over_every_op_round_trips_bitwise() {
    // All cases on one persistent tape, evicted twice in a row.
    let cases = cases(DType::F64);
    let inputs: Vec<Tensor> = cases.iter().flat_map(|c| c.inputs.clone()).collect();
    let run = |e: &mut Engine, evictions: usize| {
        let tape = e.new_tape(true).unwrap();
        e.push_tape(tape).unwrap();
        for x in &inputs {
            e.watch(tape, x).unwrap();
        }
        let mut total = None;
        for case in &cases {
            let y = apply_case(e, case);
            let y = e.cast(&y, DType::F64).unwrap();
            let s = sum_all(e, &y);
            total = Some(match total {
                None => s,
                Some(t) => e.add(&t, &s).unwrap(),
            });
        }
        e.pop_tape(tape).unwrap();
        let mut tape = tape;
        for _ in 0..evictions {
            tape = evict(e, tape);
        }
        bits(&e.gradient(tape, &[total.unwrap()], &inputs, &[None]).unwrap())
    };
    let mut e = Engine::new();
    let expected = run(&mut e, 0);
    assert_eq!(run(&mut e, 2), expected);
}

#[test]
fn nested_tapes_give_second_derivatives_after_the_outer_tape_is_restored() {
    // y = sum(x³): the inner tape gives 3x², recorded by the outer tape, whose gradient is 6x.
    let run = |evict_outer: bool, evict_inner: bool| {
        let mut e = Engine::new();
        let x = f64t(&[3], &[0.5, -1.25, 2.0]);
        let outer = e.new_tape(false).unwrap();
        e.push_tape(outer).unwrap();
        e.watch(outer, &x).unwrap();
        let inner = e.new_tape(false).unwrap();
        e.push_tape(inner).unwrap();
        e.watch(inner, &x).unwrap();
        let xx = e.mul(&x, &x).unwrap();
        let xxx = e.mul(&xx, &x).unwrap();
        let y = sum_all(&mut e, &xxx);
        e.pop_tape(inner).unwrap();
        // The inner tape is not recording (the outer one is): it may be evicted, and its gradient,
        // computed from the restored record, is still recorded by the outer tape.
        let inner = if evict_inner { evict(&mut e, inner) } else { inner };
        let dy = some(e.gradient(inner, &[y], &[x.clone()], &[None]).unwrap());
        e.pop_tape(outer).unwrap();
        let outer = if evict_outer { evict(&mut e, outer) } else { outer };
        let d2 = some(e.gradient(outer, &[dy.clone()], &[x.clone()], &[None]).unwrap());
        assert_close(&dy.to_f64_vec(), &[0.75, 4.6875, 12.0], 1e-12, 0.0, "3x²");
        assert_close(&d2.to_f64_vec(), &[3.0, -7.5, 12.0], 1e-12, 0.0, "6x");
        bits(&[Some(dy), Some(d2)])
    };
    let expected = run(false, false);
    assert_eq!(run(true, false), expected);
    assert_eq!(run(false, true), expected);
    assert_eq!(run(true, true), expected);
}

#[test]
fn a_variable_whose_storage_changes_between_reads_keeps_both_values() {
    // Like Variable.assign: the same id with new storage. The tape saved both; dy/dv = 2a + 2b.
    let mut e = Engine::new();
    let v = f64t(&[2], &[1.5, -2.0]);
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &v).unwrap();
    let y1 = e.mul(&v, &v).unwrap();
    let v = Tensor { id: v.id, shape: v.shape.clone(), buf: Rc::new(Buffer::F64(vec![3.0, 0.5])) };
    let y2 = e.mul(&v, &v).unwrap();
    let y = e.add(&y1, &y2).unwrap();
    let y = sum_all(&mut e, &y);
    e.pop_tape(tape).unwrap();
    let restored = evict(&mut e, tape);
    let g = some(e.gradient(restored, &[y], &[v], &[None]).unwrap());
    assert_eq!(g.to_f64_vec(), vec![9.0, -3.0]);
}

#[test]
fn watched_tensors_survive_even_when_no_op_read_them() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let unused = f64t(&[3], &[1.0, 2.0, 3.0]);
    let unwatched = f64t(&[], &[4.0]);

    // A tape that only watched: the target is the source itself.
    let tape = e.new_tape(true).unwrap();
    e.watch(tape, &unused).unwrap();
    let restored = evict(&mut e, tape);
    assert_eq!(e.tape_node_count(restored).unwrap(), 0);
    let g = e.gradient(restored, &[unused.clone()], &[unused.clone(), unwatched.clone()], &[None]).unwrap();
    assert_eq!(g[0].as_ref().unwrap().to_f64_vec(), vec![1.0; 3]);
    assert!(g[1].is_none());

    // A tape that watched two tensors and read one.
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    e.watch(tape, &unused).unwrap();
    let xx = e.mul(&x, &x).unwrap();
    let y = sum_all(&mut e, &xx);
    e.pop_tape(tape).unwrap();
    let restored = evict(&mut e, tape);
    let g = e.gradient(restored, &[y], &[x, unused, unwatched], &[None]).unwrap();
    assert_eq!(g[0].as_ref().unwrap().to_f64_vec(), vec![2.0, 4.0]);
    assert!(g[1].is_none() && g[2].is_none());
}

#[test]
fn a_restored_tape_records_again() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 3.0]);
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    let xx = e.mul(&x, &x).unwrap();
    e.pop_tape(tape).unwrap();
    let restored = evict(&mut e, tape);
    e.push_tape(restored).unwrap();
    let y = e.mul(&xx, &x).unwrap(); // x³, half recorded before eviction and half after
    let y = sum_all(&mut e, &y);
    e.pop_tape(restored).unwrap();
    let g = some(e.gradient(restored, &[y], &[x], &[None]).unwrap());
    assert_eq!(g.to_f64_vec(), vec![3.0, 27.0]);
}

#[test]
fn a_used_up_tape_stays_used_up_and_reset_still_works() {
    let mut e = Engine::new();
    let x = f64t(&[], &[2.0]);
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(tape).unwrap();
    e.gradient(tape, &[y.clone()], &[x.clone()], &[None]).unwrap();
    let restored = evict(&mut e, tape);
    let err = e.gradient(restored, &[y], &[x], &[None]).unwrap_err();
    assert_eq!(err.code, ErrorCode::TapeState);
    e.reset_tape(restored).unwrap();
    let restored = evict(&mut e, restored);
    assert!(e.gradient(restored, &[], &[], &[]).unwrap().is_empty());
}

#[test]
fn recording_and_stale_tapes_are_refused() {
    let mut e = Engine::new();
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    let err = e.export_tape(tape).unwrap_err();
    assert_eq!(err.code, ErrorCode::TapeState);
    assert!(err.message.contains("recording"), "{}", err.message);
    e.free_tape(tape).unwrap();
    assert_eq!(e.export_tape(tape).unwrap_err().code, ErrorCode::InvalidHandle);
    assert_eq!(e.tape_saved_bytes(tape).unwrap_err().code, ErrorCode::InvalidHandle);
}

// ---- saved bytes ----------------------------------------------------------------------------------

#[test]
fn saved_bytes_count_shared_storage_once() {
    let mut e = Engine::new();
    let n = 1000;
    let data_bytes = n * 8;
    let x = f64t(&[n], &vec![1.5; n]);

    let empty = e.new_tape(false).unwrap();
    let overhead = e.tape_saved_bytes(empty).unwrap();
    assert!(overhead < 1024, "an empty tape costs {overhead} bytes");

    // Ten reshapes keep shapes only: their gradient reads no values.
    let reshapes = e.new_tape(false).unwrap();
    e.push_tape(reshapes).unwrap();
    e.watch(reshapes, &x).unwrap();
    for _ in 0..10 {
        e.reshape(&x, &[n / 10, 10]).unwrap();
    }
    e.pop_tape(reshapes).unwrap();
    let bytes = e.tape_saved_bytes(reshapes).unwrap();
    assert!(bytes < data_bytes + 10 * 256, "reshapes add only their nodes to the watched x: {bytes}");
    assert!(e.export_tape(reshapes).unwrap().len() < 1024);

    // Ten products x·x save x, whose storage they share: it is counted (and exported) once.
    let shared = e.new_tape(false).unwrap();
    e.push_tape(shared).unwrap();
    e.watch(shared, &x).unwrap();
    for _ in 0..10 {
        e.mul(&x, &x).unwrap();
    }
    e.pop_tape(shared).unwrap();
    let bytes = e.tape_saved_bytes(shared).unwrap();
    assert!(bytes >= data_bytes && bytes < 2 * data_bytes, "shared: {bytes}");
    let exported = e.export_tape(shared).unwrap().len();
    assert!(exported >= data_bytes && exported < data_bytes + 512, "exported {exported}");

    // Ten exponentials save their ten outputs (e^x is its own derivative), not x.
    let distinct = e.new_tape(false).unwrap();
    e.push_tape(distinct).unwrap();
    e.watch(distinct, &x).unwrap();
    for _ in 0..10 {
        e.unary(UnaryKind::Exp, &x).unwrap();
    }
    e.pop_tape(distinct).unwrap();
    let bytes = e.tape_saved_bytes(distinct).unwrap();
    assert!(bytes >= 10 * data_bytes && bytes < 12 * data_bytes, "distinct: {bytes}");
    let restored = evict(&mut e, distinct);
    let after = e.tape_saved_bytes(restored).unwrap();
    // Counted exactly on restore; while recording, watched x was counted too (never an underestimate).
    assert!(after >= 10 * data_bytes && after < bytes + data_bytes / 4, "restored: {after}, before {bytes}");
}

// ---- corrupt input --------------------------------------------------------------------------------

fn expect_invalid(e: &mut Engine, bytes: &[u8], what: &str) {
    match e.import_tape(bytes) {
        Ok(_) => panic!("{what}: import succeeded"),
        Err(err) => {
            assert_eq!(err.code, ErrorCode::InvalidArgument, "{what}: {}", err.message);
            assert!(err.message.contains("evicted GradientTape"), "{what}: {}", err.message);
        }
    }
}

/// LEB128, as the format writes integers.
fn var(mut v: u64) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let low = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(low);
            return out;
        }
        out.push(low | 0x80);
    }
}

#[test]
fn crafted_bytes_are_rejected() {
    let mut e = Engine::new();
    let head = b"GTT\x02\x00".to_vec();
    let cat = |parts: &[&[u8]]| parts.concat();
    expect_invalid(&mut e, b"", "empty");
    expect_invalid(&mut e, b"GTT\x01\x00\x00\x00\x00\x00", "another version");
    expect_invalid(&mut e, &cat(&[b"GTT\x02\x04", &[0, 0, 0, 0]]), "unknown flag");
    expect_invalid(&mut e, &cat(&[&head, &var(u64::MAX)]), "huge tracked count");
    expect_invalid(&mut e, &cat(&[&head, &[0xff; 11]]), "varint too long");
    expect_invalid(&mut e, &cat(&[&head, &[0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02]]), "varint overflow");
    // One buffer claiming 2^61 float64 elements: the byte count overflows.
    expect_invalid(&mut e, &cat(&[&head, &[0, 1, 1], &var(1 << 61)]), "element count overflow");
    expect_invalid(&mut e, &cat(&[&head, &[0, 1, 7, 0, 0, 0]]), "bad dtype");
    // One float64 buffer of 2 elements, one tensor naming buffer 1 (out of range).
    let buffer = cat(&[&[0, 1, 1, 2], &1f64.to_le_bytes(), &2f64.to_le_bytes()]);
    expect_invalid(&mut e, &cat(&[&head, &buffer, &[1, 5, 1, 1, 2], &[0]]), "buffer index");
    // A tensor of shape [3] over 2 elements.
    expect_invalid(&mut e, &cat(&[&head, &buffer, &[1, 5, 0, 1, 3], &[0]]), "shape and length differ");
    // Dims whose product overflows.
    let huge = var(u64::MAX >> 1);
    expect_invalid(&mut e, &cat(&[&head, &buffer, &[1, 5, 0, 3], &huge, &huge, &[0], &[0]]), "shape overflow");
    // A valid tensor [2]; nodes: an unknown op tag, a bad unary kind, a node whose output does
    // not match (slice beyond the end), an input index out of range, trailing bytes.
    let tensors = cat(&[&head, &buffer, &[1, 5, 0, 1, 2]]);
    expect_invalid(&mut e, &cat(&[&tensors, &[1, 42, 1, 0, 0]]), "op tag");
    expect_invalid(&mut e, &cat(&[&tensors, &[1, 0, 9, 1, 0, 0]]), "unary kind");
    expect_invalid(&mut e, &cat(&[&tensors, &[1, 8, 0, 1, 2, 1, 0, 0]]), "slice out of range");
    expect_invalid(&mut e, &cat(&[&tensors, &[1, 0, 0, 1, 1, 0]]), "tensor index");
    expect_invalid(&mut e, &cat(&[&tensors, &[1, 3, 0, 0, 2, 0, 0, 0]]), "matmul of vectors");
    // The same node with a consistent op (neg) is accepted, and trailing bytes are not.
    let ok = cat(&[&tensors, &[1, 0, 0, 1, 0, 0]]);
    let tape = e.import_tape(&ok).unwrap();
    assert_eq!(e.tape_node_count(tape).unwrap(), 1);
    expect_invalid(&mut e, &cat(&[&ok, &[0]]), "trailing byte");
    // An int32 output is never recorded.
    let ints = cat(&[&head, &[0, 1, 2, 1], &7i32.to_le_bytes(), &[1, 5, 0, 0], &[1, 0, 0, 1, 0, 0]]);
    expect_invalid(&mut e, &ints, "int32 output");
}

#[test]
fn fuzzed_bytes_give_errors_never_panics() {
    // A persistent tape over every op: truncations must fail; bit flips and overwritten bytes
    // either fail cleanly or give a tape whose gradient and re-export do not panic.
    let mut e = Engine::new();
    let cases = cases(DType::F32);
    let inputs: Vec<Tensor> = cases.iter().flat_map(|c| c.inputs.clone()).collect();
    let tape = e.new_tape(true).unwrap();
    e.push_tape(tape).unwrap();
    for x in &inputs {
        e.watch(tape, x).unwrap();
    }
    let mut targets = Vec::new();
    for case in &cases {
        let y = apply_case(&mut e, case);
        targets.push(sum_all(&mut e, &y));
    }
    e.pop_tape(tape).unwrap();
    let bytes = e.export_tape(tape).unwrap();
    e.free_tape(tape).unwrap();

    let mut rng = Rng::from_name("tape_io fuzz");
    let (mut accepted, mut rejected) = (0, 0);
    for round in 0..4000 {
        let mut b = bytes.clone();
        match round % 3 {
            0 => b.truncate(rng.next_u64() as usize % bytes.len()),
            1 => {
                for _ in 0..1 + rng.next_u64() % 4 {
                    let bit = rng.next_u64() as usize % (8 * b.len());
                    b[bit / 8] ^= 1 << (bit % 8);
                }
            }
            _ => {
                let i = rng.next_u64() as usize % b.len();
                b[i] = rng.next_u64() as u8;
            }
        }
        match e.import_tape(&b) {
            Ok(t) => {
                assert!(round % 3 != 0, "a truncation to {} of {} bytes was accepted", b.len(), bytes.len());
                accepted += 1;
                let _ = e.gradient(t, &targets, &inputs, &[]);
                let again = e.export_tape(t).unwrap();
                e.free_tape(t).unwrap();
                let t = e.import_tape(&again).unwrap();
                e.free_tape(t).unwrap();
            }
            Err(err) => {
                assert_eq!(err.code, ErrorCode::InvalidArgument, "{}", err.message);
                rejected += 1;
            }
        }
    }
    // Flips in element data are undetectable by design; flips in the structure are caught.
    assert!(accepted > 100 && rejected > 1500, "accepted {accepted}, rejected {rejected}");
    assert_eq!(e.tape_usage().0, 0);
}
