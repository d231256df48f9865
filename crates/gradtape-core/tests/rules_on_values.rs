//! Every elementwise gradient rule run on values (`ops::vjp_on_values`, the backward sweep's path
//! for rank-0 nodes when nothing records) against the same rule run on tensors (`ops::vjp`): the
//! same bits for every unary and binary kind, in float32 and float64, at ordinary points, at
//! zeros and signed zeros, at the edges of domains and at infinities and NaN.
//!
//! The values path gets the operands as a tape keeps them (data only where the rule reads it), so
//! a rule that read a value its op does not save would show here as a NaN against a number.

mod common;

use gradtape_core::op::{BinaryKind, OutDType, UnaryKind};
use gradtape_core::tensor::EmptyBuffers;
use gradtape_core::{ops, DType, Engine, Op, Tensor};

const POINTS: [f64; 16] = [-3.7, -1.0, -0.6, -0.0, 0.0, 1e-30, 0.25, 0.5, 0.999, 1.0, 1.5, 2.0, 7.3, 90.0, f64::INFINITY, f64::NAN];
const UPSTREAM: [f64; 3] = [1.0, -0.37, 3.1e5];

/// The bits of a value; NaNs count as one value, whatever their payload.
fn bits(v: f64) -> u64 {
    if v.is_nan() { f64::NAN.to_bits() } else { v.to_bits() }
}

/// Runs node `op` on `inputs` both ways; returns whether the values path gave a result.
fn check(e: &mut Engine, empty: &mut EmptyBuffers, op: &Op, inputs: &[Tensor], g: &Tensor, needs: &[bool]) -> bool {
    let refs: Vec<&Tensor> = inputs.iter().collect();
    let Ok(output) = ops::forward(op, &refs) else { return false };
    let saves = op.saves();
    let mut kept = |t: &Tensor, saved: bool| if saved { t.clone() } else { t.shape_only(empty) };
    let kept_inputs: Vec<Tensor> = inputs.iter().map(|t| kept(t, saves.input())).collect();
    let kept_output = kept(&output, saves.output());
    let on_tensors = ops::vjp(e, op, inputs, &output, g, needs);
    let on_values = ops::vjp_on_values(e, op, &kept_inputs, &kept_output, g.buf.get_f64(0), needs);
    let what = format!("{op:?} at {:?}, upstream {}, needs {needs:?}", inputs.iter().map(|t| t.buf.get_f64(0)).collect::<Vec<_>>(), g.buf.get_f64(0));
    match (on_tensors, on_values) {
        (Ok(want), Some(got)) => {
            for (k, w) in want.iter().enumerate() {
                // The sweep skips the gradients it does not need; where one is not needed either
                // path may leave it out.
                if needs.get(k) == Some(&false) {
                    continue;
                }
                if let Some(w) = w {
                    assert_eq!(w.rank(), 0, "{what}: gradient {k} on tensors is not rank 0");
                    assert_eq!(w.dtype(), inputs[k].dtype(), "{what}: dtype of gradient {k}");
                }
                let (w, v) = (w.as_ref().map(|t| bits(t.buf.get_f64(0))), got[k].map(bits));
                assert_eq!(w, v, "{what}: gradient {k}: {:?} on tensors, {:?} on values", w.map(f64::from_bits), v.map(f64::from_bits));
            }
            true
        }
        (Err(_), None) => false,
        (Ok(_), None) => panic!("{what}: the rule has no form on values"),
        (Err(err), Some(_)) => panic!("{what}: the rule fails on tensors ({err:?}) but not on values"),
    }
}

#[test]
fn every_unary_rule_gives_the_same_bits_on_values() {
    let mut e = Engine::new();
    let mut empty = EmptyBuffers::default();
    let mut ran = 0;
    for dtype in [DType::F32, DType::F64] {
        for &kind in UnaryKind::ALL {
            let (_, _, dtypes, out, _) = kind.spec_row();
            if out != OutDType::Same || !dtypes.admits(dtype) {
                continue;
            }
            for &x in &POINTS {
                for &g in &UPSTREAM {
                    let op = Op::Unary { kind };
                    if check(&mut e, &mut empty, &op, &[Tensor::scalar(dtype, x)], &Tensor::scalar(dtype, g), &[true]) {
                        ran += 1;
                    }
                }
            }
        }
    }
    // Every float kind but trigamma (whose rule is an error on both paths) at every point.
    assert!(ran > 2 * 40 * POINTS.len() * UPSTREAM.len(), "only {ran} unary cases ran");
}

#[test]
fn every_binary_rule_gives_the_same_bits_on_values() {
    let mut e = Engine::new();
    let mut empty = EmptyBuffers::default();
    let mut ran = 0;
    for dtype in [DType::F32, DType::F64] {
        for &kind in BinaryKind::ALL {
            let (_, _, dtypes, out, _) = kind.spec_row();
            if out != OutDType::Same || !dtypes.admits(dtype) {
                continue;
            }
            for &a in &POINTS {
                for &b in &POINTS {
                    for needs in [[true, true], [true, false], [false, true]] {
                        let op = Op::Binary { kind };
                        let inputs = [Tensor::scalar(dtype, a), Tensor::scalar(dtype, b)];
                        if check(&mut e, &mut empty, &op, &inputs, &Tensor::scalar(dtype, -0.37), &needs) {
                            ran += 1;
                        }
                    }
                }
            }
            // x·x: the rule computes one term once on tensors, and twice (the same bits) on values.
            let x = Tensor::scalar(dtype, 1.7);
            check(&mut e, &mut empty, &Op::Binary { kind }, &[x.clone(), x], &Tensor::scalar(dtype, 2.0), &[true, true]);
        }
    }
    assert!(ran > 2 * 15 * POINTS.len() * POINTS.len() * 3, "only {ran} binary cases ran");
}

#[test]
fn the_values_path_stands_aside_while_a_tape_records_or_for_tensors() {
    let mut e = Engine::new();
    let x = Tensor::scalar(DType::F64, 0.5);
    let op = Op::Unary { kind: UnaryKind::Exp };
    let y = ops::forward(&op, &[&x]).unwrap();
    assert!(ops::vjp_on_values(&e, &op, &[x.clone()], &y, 1.0, &[true]).is_some());
    // A recording tape must see the rule's ops (second derivatives): no values path.
    let tape = e.new_tape(false).unwrap();
    e.push_tape(tape).unwrap();
    assert!(ops::vjp_on_values(&e, &op, &[x.clone()], &y, 1.0, &[true]).is_none());
    e.pop_tape(tape).unwrap();
    // Not rank 0: tensors.
    let v = Tensor::full(&[2], DType::F64, 0.5).unwrap();
    let yv = ops::forward(&op, &[&v]).unwrap();
    assert!(ops::vjp_on_values(&e, &op, &[v], &yv, 1.0, &[true]).is_none());
}

/// The tutorial's puzzle and a chain of transcendental ops, with fan-out (accumulation) and a
/// rank-0 reduction in the middle: the gradient of a scalar tape swept on values equals the one
/// swept on tensors (forced by an outer tape that records the sweep), bit for bit.
#[test]
fn a_scalar_tape_swept_on_values_gives_the_bits_swept_on_tensors() {
    for dtype in [DType::F32, DType::F64] {
        let gradients = |outer: bool| -> Vec<u64> {
            let mut e = Engine::new();
            let vars: Vec<Tensor> = [1.3, 2.1, 2.9, 4.2].iter().map(|&v| Tensor::scalar(dtype, v)).collect();
            let outer_tape = e.new_tape(true).unwrap();
            if outer {
                e.push_tape(outer_tape).unwrap();
            }
            let tape = e.new_tape(false).unwrap();
            e.push_tape(tape).unwrap();
            for v in &vars {
                e.watch(tape, v).unwrap();
            }
            let [a, b, c, d] = [&vars[0], &vars[1], &vars[2], &vars[3]];
            let sq = |e: &mut Engine, x: &Tensor| e.mul(x, x).unwrap();
            let ab = e.add(a, b).unwrap();
            let y1 = e.add_scalar(&ab, -9.0).unwrap();
            let cd = e.sub(c, d).unwrap();
            let y2 = e.add_scalar(&cd, -1.0).unwrap();
            let t1 = sq(&mut e, &y1);
            let t2 = sq(&mut e, &y2);
            let puzzle = e.add(&t1, &t2).unwrap();
            let th = e.unary(UnaryKind::Tanh, a).unwrap();
            let ex = e.unary(UnaryKind::Exp, &th).unwrap();
            let q = e.div(&ex, c).unwrap();
            let p = e.binary(BinaryKind::Pow, b, &q).unwrap();
            let m = e.binary(BinaryKind::Maximum, &p, d).unwrap();
            let lg = e.unary(UnaryKind::Log1p, &m).unwrap();
            let r = e.reshape(&lg, &[1]).unwrap();
            let s = e.sum(&r, &[0], false).unwrap(); // a tensor node with a rank-0 output
            let loss = e.add(&puzzle, &s).unwrap();
            e.pop_tape(tape).unwrap();
            let grads = e.gradient(tape, &[loss], &vars, &[None]).unwrap();
            assert_eq!(e.pending_sweeps(), 0);
            grads.iter().map(|g| g.as_ref().expect("a gradient").buf.get_f64(0).to_bits()).collect()
        };
        assert_eq!(gradients(false), gradients(true), "{dtype:?}");
    }
}
