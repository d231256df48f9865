//! Jacobians, batch Jacobians and forward-mode tangents against central differences, in both of
//! their modes (forward when the sources are smaller than the target, reverse otherwise).

#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::*;
use gradtape_core::op::{BinaryKind, UnaryKind};
use gradtape_core::{Engine, ErrorCode, Op, Tensor};

/// y = tanh(A x) * exp(x[0]) summed over nothing: a vector function [m] of x [n] with a dense Jacobian.
fn f(e: &mut Engine, a: &Tensor, x: &Tensor) -> Tensor {
    let n = x.size();
    let col = e.reshape(x, &[n, 1]).unwrap();
    let ax = e.matmul(a, &col, false, false).unwrap();
    let ax = e.reshape(&ax, &[a.shape[0]]).unwrap();
    let t = e.unary(UnaryKind::Tanh, &ax).unwrap();
    let x0 = e.slice(x, 0, 0, 1).unwrap();
    let ex = e.unary(UnaryKind::Exp, &x0).unwrap();
    e.binary(BinaryKind::Mul, &t, &ex).unwrap()
}

fn numeric_jacobian(a: &Tensor, x: &[f64], m: usize) -> Vec<f64> {
    let n = x.len();
    let h = 1e-6;
    let mut jac = vec![0.0; m * n];
    let mut e = Engine::new();
    for j in 0..n {
        let mut plus = x.to_vec();
        plus[j] += h;
        let mut minus = x.to_vec();
        minus[j] -= h;
        let fp = f(&mut e, a, &f64t(&[n], &plus)).to_f64_vec();
        let fm = f(&mut e, a, &f64t(&[n], &minus)).to_f64_vec();
        for i in 0..m {
            jac[i * n + j] = (fp[i] - fm[i]) / (2.0 * h);
        }
    }
    jac
}

fn random(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.uniform(-1.0, 1.0)).collect()
}

fn assert_close(got: &[f64], want: &[f64], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let same_nan = g.is_nan() && w.is_nan(); // outside a domain (asin(1.1)) both are NaN
        assert!(same_nan || (g - w).abs() <= 1e-6 * (1.0 + w.abs()), "{what}[{i}]: {g} vs {w}");
    }
}

#[test]
fn jacobian_in_both_modes_matches_central_differences() {
    let mut rng = Rng::from_name("jacobian");
    // (m, n): forward mode when n < m, reverse mode otherwise.
    for (m, n) in [(7, 3), (3, 7), (4, 4)] {
        let a = f64t(&[m, n], &random(&mut rng, m * n));
        let x0 = random(&mut rng, n);
        let x = f64t(&[n], &x0);
        let mut e = Engine::new();
        let tape = e.new_tape(false).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, &x).unwrap();
        let y = f(&mut e, &a, &x);
        e.pop_tape(tape).unwrap();
        let jac = e.jacobian(tape, &y, &[x.clone()]).unwrap();
        let j = jac[0].as_ref().expect("connected");
        assert_eq!(j.shape, vec![m, n]);
        assert_close(&j.to_f64_vec(), &numeric_jacobian(&a, &x0, m), &format!("jacobian {m}x{n}"));
        // A non-persistent tape is used up by it.
        assert_eq!(e.jacobian(tape, &y, &[x.clone()]).unwrap_err().code, ErrorCode::TapeState);
    }
}

#[test]
fn jacobian_of_unconnected_source_is_none_and_shapes_concatenate() {
    let mut e = Engine::new();
    let x = f64t(&[2, 2], &[1.0, 2.0, 3.0, 4.0]);
    let unused = f64t(&[3], &[0.0; 3]);
    let tape = e.new_tape(true).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    e.watch(tape, &unused).unwrap();
    let y = e.unary(UnaryKind::Square, &x).unwrap(); // [2, 2]
    e.pop_tape(tape).unwrap();
    let jac = e.jacobian(tape, &y, &[x.clone(), unused.clone()]).unwrap();
    let j = jac[0].as_ref().unwrap();
    assert_eq!(j.shape, vec![2, 2, 2, 2]);
    // d y[i] / d x[j] = 2 x[i] when i = j (flat indices)
    let want: Vec<f64> = (0..16).map(|k| if k / 4 == k % 4 { 2.0 * (k / 4 + 1) as f64 } else { 0.0 }).collect();
    assert_eq!(j.to_f64_vec(), want);
    assert!(jac[1].is_none());
    // persistent: a second call works
    assert!(e.jacobian(tape, &y, &[x]).unwrap()[0].is_some());
}

#[test]
fn batch_jacobian_matches_the_per_example_jacobians() {
    let mut rng = Rng::from_name("batch_jacobian");
    // y[b] = tanh(W x[b]) for a batch of 5; both modes (W 3x2: forward, W 2x3: reverse).
    for (out, inp) in [(3, 2), (2, 3)] {
        let b = 5;
        let w = f64t(&[out, inp], &random(&mut rng, out * inp));
        let xs = random(&mut rng, b * inp);
        let x = f64t(&[b, inp], &xs);
        let mut e = Engine::new();
        let tape = e.new_tape(false).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, &x).unwrap();
        let z = e.matmul(&x, &w, false, true).unwrap();
        let y = e.unary(UnaryKind::Tanh, &z).unwrap();
        e.pop_tape(tape).unwrap();
        let bj = e.batch_jacobian(tape, &y, &x).unwrap().unwrap();
        assert_eq!(bj.shape, vec![b, out, inp]);
        // d tanh(W x)_i / d x_j = (1 - y_i^2) W_ij
        let yv = y.to_f64_vec();
        let wv = w.to_f64_vec();
        let want: Vec<f64> = (0..b * out * inp)
            .map(|k| {
                let (bb, i, j) = (k / (out * inp), (k / inp) % out, k % inp);
                (1.0 - yv[bb * out + i].powi(2)) * wv[i * inp + j]
            })
            .collect();
        assert_close(&bj.to_f64_vec(), &want, &format!("batch jacobian {out}x{inp}"));
    }
}

#[test]
fn jvp_matches_directional_central_differences() {
    let mut rng = Rng::from_name("jvp");
    let (m, n) = (4, 3);
    let a = f64t(&[m, n], &random(&mut rng, m * n));
    let x0 = random(&mut rng, n);
    let v0 = random(&mut rng, n);
    let x = f64t(&[n], &x0);
    let v = f64t(&[n], &v0);
    let mut e = Engine::new();
    let tape = e.new_tape(true).unwrap();
    e.push_tape(tape).unwrap();
    e.watch(tape, &x).unwrap();
    let y = f(&mut e, &a, &x);
    e.pop_tape(tape).unwrap();
    let t = e.jvp(tape, &[x.clone()], &[v.clone()], &[y.clone(), x.clone()]).unwrap();
    let jac = numeric_jacobian(&a, &x0, m);
    let want: Vec<f64> = (0..m).map(|i| (0..n).map(|j| jac[i * n + j] * v0[j]).sum()).collect();
    assert_close(&t[0].as_ref().unwrap().to_f64_vec(), &want, "jvp");
    // The tangent of a primal is its own tangent.
    assert_eq!(t[1].as_ref().unwrap().to_f64_vec(), v0);
    // A tangent of the wrong shape is refused.
    let bad = f64t(&[2], &[0.0, 0.0]);
    assert_eq!(e.jvp(tape, &[x], &[bad], &[y]).unwrap_err().code, ErrorCode::ShapeMismatch);
}

#[test]
fn jvp_of_every_elementwise_op_matches_its_derivative() {
    // Forward mode needs no rules of its own: check it through every unary kind with a gradient.
    let x0 = [0.3, 0.7, 1.1];
    let v0 = [1.0, -0.5, 2.0];
    for &kind in UnaryKind::ALL {
        let mut e = Engine::new();
        let x = f64t(&[3], &x0);
        let tape = e.new_tape(true).unwrap();
        e.push_tape(tape).unwrap();
        e.watch(tape, &x).unwrap();
        let Ok(y) = e.apply(Op::Unary { kind }, &[&x]) else { continue };
        e.pop_tape(tape).unwrap();
        if !y.dtype().is_float() {
            continue;
        }
        let grads = match e.gradient(tape, &[y.clone()], &[x.clone()], &[Some(f64t(&[3], &v0))]) {
            Ok(g) => g,
            Err(_) => continue, // trigamma: no rule, and forward mode would say the same
        };
        let t = e.jvp(tape, &[x.clone()], &[f64t(&[3], &v0)], &[y]).unwrap();
        // elementwise: J is diagonal, so J v = Jᵀ v
        let want = grads[0].as_ref().map(|g| g.to_f64_vec()).unwrap_or(vec![0.0; 3]);
        let got = t[0].as_ref().map(|g| g.to_f64_vec()).unwrap_or(vec![0.0; 3]);
        assert_close(&got, &want, &format!("jvp of {kind:?}"));
    }
}

#[test]
fn hessian_by_nesting_a_jacobian_in_a_tape() {
    // f(x) = sum(x^3): the Hessian is diag(6 x).
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, -2.0, 0.5]);
    let outer = e.new_tape(true).unwrap();
    e.push_tape(outer).unwrap();
    e.watch(outer, &x).unwrap();
    let inner = e.new_tape(false).unwrap();
    e.push_tape(inner).unwrap();
    e.watch(inner, &x).unwrap();
    let x2 = e.unary(UnaryKind::Square, &x).unwrap();
    let x3 = e.binary(BinaryKind::Mul, &x2, &x).unwrap();
    let y = e.sum(&x3, &[0], false).unwrap();
    e.pop_tape(inner).unwrap();
    let g = e.gradient(inner, &[y], &[x.clone()], &[None]).unwrap().remove(0).unwrap();
    e.pop_tape(outer).unwrap();
    let h = e.jacobian(outer, &g, &[x]).unwrap().remove(0).unwrap();
    assert_eq!(h.shape, vec![3, 3]);
    assert_close(&h.to_f64_vec(), &[6.0, 0.0, 0.0, 0.0, -12.0, 0.0, 0.0, 0.0, 3.0], "hessian");
}
