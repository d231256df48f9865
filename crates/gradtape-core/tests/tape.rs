//! The tape engine: accumulation, pruning, persistence, watching, stop_gradient, reset, targets and
//! upstream gradients, tape states and handles, and the error messages users see.

// Tests clone handles into gradient()'s slices freely.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::*;
use gradtape_core::op::UnaryKind;
use gradtape_core::{DType, Engine, ErrorCode, Tensor, TapeId};

/// A fresh non-persistent tape, recording, watching `xs`.
fn recording(e: &mut Engine, persistent: bool, xs: &[&Tensor]) -> TapeId {
    let t = e.new_tape(persistent).unwrap();
    e.push_tape(t).unwrap();
    for x in xs {
        assert!(e.watch(t, x).unwrap());
    }
    t
}

fn vals(t: &Option<Tensor>) -> Vec<f64> {
    t.as_ref().expect("expected a gradient, got None").to_f64_vec()
}

// ---- accumulation ---------------------------------------------------------------------------------

#[test]
fn fan_out_accumulates() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, -2.0, 0.5]);
    let t = recording(&mut e, false, &[&x]);
    let xx = e.mul(&x, &x).unwrap();
    let y = e.add(&xx, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![3.0, -3.0, 2.0]); // 2x + 1
}

/// A chain of `n` ops on `x` recorded on a fresh tape, and the gradient of its sum.
fn chain_gradient(e: &mut Engine, x: &Tensor, n: usize) -> Vec<f64> {
    let t = recording(e, false, &[x]);
    let mut y = x.clone();
    for k in 0..n {
        y = if k % 2 == 0 { e.mul(&y, x).unwrap() } else { e.unary(UnaryKind::Sin, &y).unwrap() };
    }
    let y = sum_all(e, &y);
    e.pop_tape(t).unwrap();
    vals(&e.gradient(t, &[y], &[x.clone()], &[None]).unwrap()[0])
}

#[test]
fn a_sweep_reusing_the_last_ones_tables_gives_what_a_fresh_engine_gives() {
    // The tables of a sweep are kept for the next one: a long tape, then short ones, then a
    // failed sweep, on one engine, each equal bit for bit to a fresh engine's.
    let x = f64t(&[3], &[0.3, -0.7, 1.1]);
    let mut shared = Engine::new();
    for n in [40, 3, 1, 25, 2] {
        let fresh = chain_gradient(&mut Engine::new(), &x, n);
        assert_eq!(chain_gradient(&mut shared, &x, n), fresh, "a chain of {n} ops");
    }
    let t = recording(&mut shared, false, &[&x]);
    let y = shared.mul(&x, &x).unwrap();
    shared.pop_tape(t).unwrap();
    let wrong = f64t(&[2], &[1.0, 1.0]);
    assert!(shared.gradient(t, &[y], &[x.clone()], &[Some(wrong)]).is_err(), "an upstream gradient of the wrong shape");
    assert_eq!(chain_gradient(&mut shared, &x, 7), chain_gradient(&mut Engine::new(), &x, 7));
}

#[test]
fn source_used_through_two_broadcasting_paths() {
    // y = sum(x[3] * M[2,3]) + sum(x + b[2,1]):
    // dy/dx_j = Σ_i M_ij + 2 (x broadcast over 2 rows in the second term)
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 3.0]);
    let m = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f64t(&[2, 1], &[10.0, 20.0]);
    let t = recording(&mut e, false, &[&x]);
    let p1 = e.mul(&x, &m).unwrap();
    let p2 = e.add(&x, &b).unwrap();
    let s1 = sum_all(&mut e, &p1);
    let s2 = sum_all(&mut e, &p2);
    let y = e.add(&s1, &s2).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(g[0].as_ref().unwrap().shape, vec![3]);
    assert_eq!(vals(&g[0]), vec![7.0, 9.0, 11.0]);
}

#[test]
fn same_tensor_as_both_operands_of_a_broadcasting_op() {
    // y = sum(x * reshape(x, [3, 1])) = (Σx)²  -> dy/dx = 2 Σx
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 4.0]);
    let t = recording(&mut e, false, &[&x]);
    let col = e.reshape(&x, &[3, 1]).unwrap();
    let outer = e.mul(&x, &col).unwrap();
    assert_eq!(outer.shape, vec![3, 3]);
    let y = sum_all(&mut e, &outer);
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![14.0, 14.0, 14.0]);
}

#[test]
fn gradient_of_a_source_with_respect_to_itself_is_ones() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[3.0, 4.0]);
    let t = recording(&mut e, false, &[&x]);
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[x.clone()], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![1.0, 1.0]);
}

#[test]
fn duplicate_sources_each_get_the_gradient() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[3.0, 4.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x.clone(), x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![6.0, 8.0]);
    assert_eq!(vals(&g[1]), vec![6.0, 8.0]);
}

// ---- pruning --------------------------------------------------------------------------------------

/// Counts the gradient ops a computation performs: an outer persistent tape watching everything
/// records each op the backward pass runs on residuals.
fn backward_op_count(with_unrelated: bool, sources_xy: bool) -> (usize, Vec<Option<Tensor>>) {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.5, -0.5]);
    let y = f64t(&[2], &[0.25, 0.75]);
    let outer = recording(&mut e, true, &[&x, &y]);
    let t = recording(&mut e, false, &[&x, &y]);
    // z = x * f(y) where f is a long chain: needed to compute dz/dy, useless for dz/dx.
    let mut fy = y.clone();
    if with_unrelated {
        for _ in 0..40 {
            let shifted = e.add_scalar(&fy, 1.0).unwrap();
            fy = e.unary(UnaryKind::Sqrt, &shifted).unwrap();
        }
        // and a branch from x that does not reach the target at all
        let mut dead = x.clone();
        for _ in 0..40 {
            dead = e.mul(&dead, &x).unwrap();
        }
    }
    let z = e.mul(&x, &fy).unwrap();
    e.pop_tape(t).unwrap();
    let before = e.tape_node_count(outer).unwrap();
    let sources = if sources_xy { vec![x, y] } else { vec![x] };
    let g = e.gradient(t, &[z], &sources, &[None]).unwrap();
    let after = e.tape_node_count(outer).unwrap();
    e.pop_tape(outer).unwrap();
    (after - before, g)
}

#[test]
fn pruning_skips_ops_not_between_sources_and_targets() {
    let (baseline, g0) = backward_op_count(false, false);
    let (pruned, g1) = backward_op_count(true, false);
    let (full, g2) = backward_op_count(true, true);
    assert_eq!(vals(&g0[0]), vec![0.25, 0.75]);
    // dz/dx = f(y): correct value with the long chain
    let mut fy = [0.25f64, 0.75];
    for _ in 0..40 {
        for v in &mut fy {
            *v = (*v + 1.0).sqrt();
        }
    }
    assert_close(&vals(&g1[0]), &fy, 1e-12, 1e-12, "dz/dx");
    assert_close(&vals(&g2[0]), &fy, 1e-12, 1e-12, "dz/dx (both sources)");
    assert!(g2[1].is_some());
    // z = x * y with only x as a source: the backward pass is one multiply (g * y); computing
    // g * x for y, which is not a source, would be wasted work.
    assert!(baseline <= 1, "dz/dx of z = x * y ran {baseline} gradient ops; only g * y is needed");
    assert_eq!(
        pruned, baseline,
        "the backward pass for dz/dx ran {pruned} ops with unrelated branches vs {baseline} without: unrelated ops were differentiated"
    );
    assert!(full > pruned + 40, "asking for dz/dy too should run the chain's rules ({full} vs {pruned})");
}

#[test]
fn unrelated_sources_get_none() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let y = f64t(&[2], &[3.0, 4.0]);
    let t = recording(&mut e, false, &[&x, &y]);
    let z = e.mul(&x, &x).unwrap();
    let _w = e.unary(UnaryKind::Exp, &y).unwrap(); // recorded, but unrelated to z
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[x, y], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 4.0]);
    assert!(g[1].is_none());
}

#[test]
fn target_not_depending_on_sources_gives_none() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let c = f64t(&[2], &[3.0, 4.0]);
    let t = recording(&mut e, false, &[&x]);
    let z = e.mul(&c, &c).unwrap(); // not recorded: c is not watched
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[x], &[None]).unwrap();
    assert!(g[0].is_none());
}

// ---- persistence ----------------------------------------------------------------------------------

#[test]
fn persistent_tape_gives_gradients_twice() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 3.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    let z = e.unary(UnaryKind::Exp, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g1 = e.gradient(t, &[y.clone()], &[x.clone()], &[None]).unwrap();
    let g2 = e.gradient(t, &[y], &[x.clone()], &[None]).unwrap();
    let g3 = e.gradient(t, &[z], &[x], &[None]).unwrap();
    assert_eq!(vals(&g1[0]), vec![2.0, 6.0]);
    assert_eq!(vals(&g2[0]), vec![2.0, 6.0]);
    assert_close(&vals(&g3[0]), &[1f64.exp(), 3f64.exp()], 1e-15, 0.0, "exp");
}

#[test]
fn non_persistent_second_gradient_fails() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 3.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(t).unwrap();
    e.gradient(t, &[y.clone()], &[x.clone()], &[None]).unwrap();
    let err = e.gradient(t, &[y], &[x], &[None]).unwrap_err();
    assert_eq!(err.code, ErrorCode::TapeState);
    assert!(err.message.contains("non-persistent"), "message: {}", err.message);
}

// ---- watching -------------------------------------------------------------------------------------

#[test]
fn unwatched_constant_gets_none_and_watched_constant_gets_gradient() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let c = f64t(&[2], &[5.0, 7.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &c).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x.clone(), c.clone()], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![5.0, 7.0]);
    assert!(g[1].is_none(), "an unwatched constant must get None");

    let t2 = recording(&mut e, false, &[&c]);
    let y2 = e.mul(&x, &c).unwrap();
    e.pop_tape(t2).unwrap();
    let g = e.gradient(t2, &[y2], &[x, c], &[None]).unwrap();
    assert!(g[0].is_none(), "x is not watched by the second tape");
    assert_eq!(vals(&g[1]), vec![1.0, 2.0]);
}

#[test]
fn int32_source_gets_none() {
    let mut e = Engine::new();
    let xi = i32t(&[3], &[1, 2, 3]);
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    assert!(!e.watch(t, &xi).unwrap(), "watching an int32 tensor must report false");
    let y = e.mul(&xi, &xi).unwrap();
    assert_eq!(y.to_f64_vec(), vec![1.0, 4.0, 9.0]);
    let yf = e.cast(&xi, DType::F64).unwrap();
    let z = e.mul(&yf, &yf).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y, z], &[xi], &[None, None]).unwrap();
    assert!(g[0].is_none());
}

#[test]
fn stop_gradient_blocks_the_path() {
    // z = x² + stop(y²): dz/dx = 2x, dz/dy = None
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, -3.0]);
    let y = f64t(&[2], &[2.0, 5.0]);
    let t = recording(&mut e, false, &[&x, &y]);
    let xx = e.mul(&x, &x).unwrap();
    let yy = e.mul(&y, &y).unwrap();
    let stopped = e.stop_gradient(&yy);
    assert_eq!(stopped.to_f64_vec(), vec![4.0, 25.0]);
    let z = e.add(&xx, &stopped).unwrap();
    assert_eq!(z.to_f64_vec(), vec![5.0, 34.0]);
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[x, y], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, -6.0]);
    assert!(g[1].is_none());
}

#[test]
fn stop_gradient_on_one_of_two_paths() {
    // z = x * stop(x): dz/dx = stop(x) = x (only the direct path)
    let mut e = Engine::new();
    let x = f64t(&[2], &[2.0, 3.0]);
    let t = recording(&mut e, false, &[&x]);
    let s = e.stop_gradient(&x);
    let z = e.mul(&x, &s).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 3.0]);
}

#[test]
fn reset_clears_the_record_and_the_watches() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    assert!(e.tape_node_count(t).unwrap() > 0);
    e.reset_tape(t).unwrap();
    assert_eq!(e.tape_node_count(t).unwrap(), 0);
    // still recording, but x is no longer watched
    let y2 = e.mul(&x, &x).unwrap();
    assert_eq!(e.tape_node_count(t).unwrap(), 0);
    let g = e.gradient(t, &[y.clone(), y2], &[x.clone()], &[None, None]).unwrap();
    assert!(g[0].is_none());
    // watch again: recording resumes
    e.watch(t, &x).unwrap();
    let y3 = e.mul(&x, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y3], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 4.0]);
}

#[test]
fn reset_makes_a_used_non_persistent_tape_usable_again() {
    let mut e = Engine::new();
    let x = f64t(&[1], &[3.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.gradient(t, &[y], &[x.clone()], &[None]).unwrap();
    e.reset_tape(t).unwrap();
    e.push_tape(t).unwrap();
    e.watch(t, &x).unwrap();
    let y = e.mul(&x, &x).unwrap();
    let y = e.mul(&y, &x).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![27.0]);
}

// ---- sources, targets, upstream gradients --------------------------------------------------------

#[test]
fn intermediate_result_as_source() {
    // y = x*x; z = y*y; dz/dy = 2y, dz/dx = 4x³
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    let z = e.mul(&y, &y).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[y, x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 8.0]);
    assert_eq!(vals(&g[1]), vec![4.0, 32.0]);
}

#[test]
fn intermediate_result_as_the_only_source() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    let z = e.mul(&y, &y).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[z], &[y], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 8.0]);
}

#[test]
fn multiple_targets_sum_their_gradients() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, false, &[&x]);
    let y1 = e.mul(&x, &x).unwrap(); // 2x
    let y2 = e.mul_scalar(&x, 3.0).unwrap(); // 3
    let s = sum_all(&mut e, &y1); // scalar target of a different shape: 2x
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y1, y2, s], &[x], &[None, None, None]).unwrap();
    assert_eq!(vals(&g[0]), vec![7.0, 11.0]);
}

#[test]
fn vector_jacobian_product_with_output_grads() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 3.0]);
    let w = f64t(&[3], &[4.0, 5.0, 6.0]);
    let t = recording(&mut e, true, &[&x]);
    let xx = e.mul(&x, &x).unwrap();
    let y = e.mul(&xx, &w).unwrap(); // dy_i/dx_i = 2 x_i w_i
    let y2 = e.mul_scalar(&x, 10.0).unwrap();
    e.pop_tape(t).unwrap();
    let v = f64t(&[3], &[1.0, -1.0, 0.5]);
    let g = e.gradient(t, &[y.clone()], &[x.clone()], &[Some(v)]).unwrap();
    assert_eq!(vals(&g[0]), vec![8.0, -20.0, 18.0]);
    // several targets, one with a given upstream and one seeded with ones
    let g = e.gradient(t, &[y, y2], &[x], &[Some(f64t(&[3], &[0.0, 0.0, 1.0])), None]).unwrap();
    assert_eq!(vals(&g[0]), vec![10.0, 10.0, 46.0]);
}

#[test]
fn output_grads_with_the_wrong_shape_or_dtype_fail() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 3.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(t).unwrap();
    let err = e.gradient(t, &[y.clone()], &[x.clone()], &[Some(f64t(&[2], &[1.0, 1.0]))]).unwrap_err();
    assert_eq!(err.code, ErrorCode::ShapeMismatch);
    assert!(err.message.contains("(2,)") && err.message.contains("(3,)"), "message: {}", err.message);
    let err = e.gradient(t, &[y.clone()], &[x.clone()], &[Some(f32t(&[3], &[1.0, 1.0, 1.0]))]).unwrap_err();
    assert_eq!(err.code, ErrorCode::ShapeMismatch);
    assert!(err.message.contains("float32") && err.message.contains("float64"), "message: {}", err.message);
    // the persistent tape is still usable after the rejected calls
    let g = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 4.0, 6.0]);
}

/// `Engine::gradient` documents that `output_grads[i]` replaces the seed of target i "if given", so
/// fewer output_grads than targets (in particular none) must still seed the remaining targets with
/// ones. The implementation zips targets with output_grads, which silently drops every target
/// beyond output_grads.len(): with `&[]` all gradients are None, with `&[None]` and two targets only
/// the first one counts.
#[test]
fn output_grads_shorter_than_targets_seeds_the_rest_with_ones() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, true, &[&x]);
    let y1 = e.mul(&x, &x).unwrap();
    let y2 = e.mul_scalar(&x, 3.0).unwrap();
    e.pop_tape(t).unwrap();
    let g = e.gradient(t, &[y1.clone()], &[x.clone()], &[]).unwrap();
    assert_eq!(vals(&g[0]), vec![2.0, 4.0], "no output_grads: ones");
    let g = e.gradient(t, &[y1, y2], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![5.0, 7.0], "one output_grad for two targets");
}

// ---- tape states and handles ---------------------------------------------------------------------

#[test]
fn re_entering_a_recording_tape_fails() {
    let mut e = Engine::new();
    let t = e.new_tape(false).unwrap();
    e.push_tape(t).unwrap();
    assert!(e.is_recording(t));
    let err = e.push_tape(t).unwrap_err();
    assert_eq!(err.code, ErrorCode::TapeState);
    assert!(err.message.contains("re-enter"), "message: {}", err.message);
    // after leaving, entering again is fine
    e.pop_tape(t).unwrap();
    assert!(!e.is_recording(t));
    e.push_tape(t).unwrap();
    assert!(e.is_recording(t));
}

#[test]
fn gradient_inside_a_non_persistent_tape_stops_its_recording() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    let g = e.gradient(t, &[y], &[x.clone()], &[None]).unwrap(); // still inside the context
    assert_eq!(vals(&g[0]), vec![2.0, 4.0]);
    assert!(!e.is_recording(t));
    let _ = e.mul(&x, &x).unwrap();
    assert_eq!(e.tape_node_count(t).unwrap(), 0, "a used non-persistent tape must not record");
    // leaving the context afterwards is harmless
    e.pop_tape(t).unwrap();
}

#[test]
fn gradient_inside_a_persistent_tape_keeps_recording() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    let n = e.tape_node_count(t).unwrap();
    let g = e.gradient(t, &[y.clone()], &[x.clone()], &[None]).unwrap();
    assert!(e.is_recording(t));
    assert!(e.tape_node_count(t).unwrap() > n, "the gradient ops are recorded on the persistent tape");
    let g2 = e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vals(&g2[0]));
    e.pop_tape(t).unwrap();
}

#[test]
fn gradient_computed_under_an_outer_tape_is_recorded_by_it() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let outer = recording(&mut e, false, &[&x]);
    let inner = recording(&mut e, false, &[&x]);
    let xx = e.mul(&x, &x).unwrap();
    let y = e.mul(&xx, &x).unwrap();
    e.pop_tape(inner).unwrap();
    let before = e.tape_node_count(outer).unwrap();
    let dy = e.gradient(inner, &[y], &[x.clone()], &[None]).unwrap();
    assert!(e.tape_node_count(outer).unwrap() > before);
    assert_eq!(e.tape_node_count(inner).unwrap(), 0);
    assert_eq!(vals(&dy[0]), vec![3.0, 12.0]);
    e.pop_tape(outer).unwrap();
    let d2 = e.gradient(outer, &[dy[0].clone().unwrap()], &[x], &[None]).unwrap();
    assert_eq!(vals(&d2[0]), vec![6.0, 12.0]);
}

#[test]
fn gradient_computed_without_an_outer_tape_records_nothing() {
    let mut e = Engine::new();
    let x = f64t(&[2], &[1.0, 2.0]);
    let other = e.new_tape(true).unwrap(); // exists, watches x, but is not recording
    e.watch(other, &x).unwrap();
    let t = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(t).unwrap();
    e.gradient(t, &[y], &[x], &[None]).unwrap();
    assert_eq!(e.tape_node_count(other).unwrap(), 0);
}

#[test]
fn free_tape_then_use_fails_with_invalid_handle() {
    let mut e = Engine::new();
    let x = f64t(&[1], &[2.0]);
    let t = recording(&mut e, true, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.free_tape(t).unwrap();
    assert!(!e.is_recording(t));
    let code = |r: Result<(), gradtape_core::Error>| r.unwrap_err().code;
    assert_eq!(code(e.push_tape(t)), ErrorCode::InvalidHandle);
    assert_eq!(code(e.pop_tape(t)), ErrorCode::InvalidHandle);
    assert_eq!(code(e.watch(t, &x).map(|_| ())), ErrorCode::InvalidHandle);
    assert_eq!(code(e.reset_tape(t)), ErrorCode::InvalidHandle);
    assert_eq!(code(e.tape_node_count(t).map(|_| ())), ErrorCode::InvalidHandle);
    assert_eq!(code(e.gradient(t, &[y], &[x.clone()], &[None]).map(|_| ())), ErrorCode::InvalidHandle);
    assert_eq!(code(e.free_tape(t)), ErrorCode::InvalidHandle);
    assert_eq!(code(e.push_tape(12345)), ErrorCode::InvalidHandle);
    // ops still run (and are recorded nowhere)
    assert_eq!(e.mul(&x, &x).unwrap().to_f64_vec(), vec![4.0]);
}

#[test]
fn freeing_a_recording_tape_stops_recording() {
    let mut e = Engine::new();
    let x = f64t(&[1], &[2.0]);
    let t = recording(&mut e, false, &[&x]);
    e.free_tape(t).unwrap();
    let t2 = recording(&mut e, false, &[&x]);
    let y = e.mul(&x, &x).unwrap();
    e.pop_tape(t2).unwrap();
    let g = e.gradient(t2, &[y], &[x], &[None]).unwrap();
    assert_eq!(vals(&g[0]), vec![4.0]);
}

/// `free_tape` puts the id on a free list and `new_tape` hands it out again, so a handle kept after
/// `free_tape` silently refers to the next tape instead of failing with InvalidHandle (tensor
/// handles in gradtape-wasm use a generation counter for exactly this reason).
#[test]
fn stale_tape_handle_after_reuse_is_invalid() {
    let mut e = Engine::new();
    let old = e.new_tape(false).unwrap();
    e.free_tape(old).unwrap();
    let _new = e.new_tape(true).unwrap();
    let err = e.push_tape(old).expect_err("a freed tape handle must stay invalid");
    assert_eq!(err.code, ErrorCode::InvalidHandle);
}

// ---- error messages -------------------------------------------------------------------------------

#[track_caller]
fn expect_err(r: gradtape_core::Result<Tensor>, code: ErrorCode, needles: &[&str]) {
    let err = r.expect_err("expected an error");
    assert_eq!(err.code, code, "message: {}", err.message);
    for n in needles {
        assert!(err.message.contains(n), "message does not mention {n:?}: {}", err.message);
    }
}

#[test]
fn shape_errors_name_the_op_and_the_shapes() {
    let mut e = Engine::new();
    let a3 = f64t(&[3], &[1.0, 2.0, 3.0]);
    let a4 = f64t(&[4], &[1.0, 2.0, 3.0, 4.0]);
    expect_err(e.add(&a3, &a4), ErrorCode::ShapeMismatch, &["add", "(3,)", "(4,)"]);
    expect_err(e.sub(&a3, &a4), ErrorCode::ShapeMismatch, &["sub", "(3,)", "(4,)"]);
    expect_err(e.mul(&a3, &a4), ErrorCode::ShapeMismatch, &["mul", "(3,)", "(4,)"]);

    let m23 = f64t(&[2, 3], &[0.0; 6]);
    let m45 = f64t(&[4, 5], &[0.0; 20]);
    expect_err(e.matmul(&m23, &m45, false, false), ErrorCode::ShapeMismatch, &["matmul", "(2, 3)", "(4, 5)"]);
    expect_err(e.matmul(&m23, &m23, false, false), ErrorCode::ShapeMismatch, &["matmul", "(2, 3)"]);
    expect_err(e.matmul(&m23, &a3, false, false), ErrorCode::ShapeMismatch, &["matmul", "(2, 3)", "(3,)"]);
    let b1 = f64t(&[2, 3, 3], &[0.0; 18]);
    let b2 = f64t(&[3, 3, 3], &[0.0; 27]);
    expect_err(e.matmul(&b1, &b2, false, false), ErrorCode::ShapeMismatch, &["matmul", "(2,)", "(3,)"]);

    let six = f64t(&[6], &[0.0; 6]);
    expect_err(e.reshape(&six, &[4]), ErrorCode::ShapeMismatch, &["reshape", "(6,)", "(4,)"]);

    let c1 = f64t(&[2, 3], &[0.0; 6]);
    let c2 = f64t(&[2, 4], &[0.0; 8]);
    expect_err(e.concat(&[&c1, &c2], 0), ErrorCode::ShapeMismatch, &["concat", "(2, 3)", "(2, 4)"]);
    expect_err(e.concat(&[&c1, &a3], 0), ErrorCode::ShapeMismatch, &["concat", "(2, 3)", "(3,)"]);
    assert_eq!(e.concat(&[&c1, &c2], 1).unwrap().shape, vec![2, 7]);

    expect_err(e.broadcast_to(&a3, &[2, 4]), ErrorCode::ShapeMismatch, &["broadcastTo", "(3,)", "(2, 4)"]);
}

#[test]
fn argument_and_dtype_errors() {
    let mut e = Engine::new();
    let x = f64t(&[2, 3], &[0.0; 6]);
    let xf = f32t(&[2, 3], &[0.0; 6]);
    expect_err(e.add(&x, &xf), ErrorCode::DTypeMismatch, &["add", "float64", "float32"]);
    expect_err(e.matmul(&x, &xf, false, true), ErrorCode::DTypeMismatch, &["matmul"]);
    expect_err(e.concat(&[&x, &xf], 0), ErrorCode::DTypeMismatch, &["concat"]);
    expect_err(e.transpose(&x, &[0, 0]), ErrorCode::InvalidArgument, &["transpose", "(2, 3)"]);
    expect_err(e.transpose(&x, &[0]), ErrorCode::InvalidArgument, &["transpose"]);
    expect_err(e.sum(&x, &[2], false), ErrorCode::InvalidArgument, &["reduceSum", "(2, 3)"]);
    expect_err(e.sum(&x, &[1, 0], false), ErrorCode::InvalidArgument, &["reduceSum"]);
    expect_err(e.sum(&x, &[1, 1], false), ErrorCode::InvalidArgument, &["reduceSum"]);
    expect_err(e.slice(&x, 1, 2, 2), ErrorCode::InvalidArgument, &["slice", "(2, 3)"]);
    expect_err(e.slice(&x, 2, 0, 1), ErrorCode::InvalidArgument, &["slice"]);
    expect_err(e.pad(&x, 2, 1, 1), ErrorCode::InvalidArgument, &["pad"]);
    expect_err(e.concat(&[], 0), ErrorCode::InvalidArgument, &["concat"]);
    expect_err(e.concat(&[&x], 2), ErrorCode::InvalidArgument, &["concat"]);
    let xi = i32t(&[2], &[1, 2]);
    expect_err(e.log(&xi), ErrorCode::DTypeMismatch, &["log", "int32"]);
    expect_err(e.unary(UnaryKind::Exp, &xi), ErrorCode::DTypeMismatch, &["exp", "int32"]);
}

#[test]
fn a_failed_op_records_nothing() {
    let mut e = Engine::new();
    let x = f64t(&[3], &[1.0, 2.0, 3.0]);
    let t = recording(&mut e, false, &[&x]);
    let n = e.tape_node_count(t).unwrap();
    assert!(e.add(&x, &f64t(&[2], &[1.0, 2.0])).is_err());
    assert_eq!(e.tape_node_count(t).unwrap(), n);
    e.pop_tape(t).unwrap();
}

/// Tape ids hold a 20-bit slot index: past 2^20 live tapes `new_tape` must refuse, not hand out an
/// id whose index spills into the generation bits (which aliased tape 2^20 with tape 0).
#[test]
fn live_tape_ids_never_alias() {
    let mut e = Engine::new();
    let first = e.new_tape(false).unwrap();
    let mut ids = vec![first];
    loop {
        match e.new_tape(false) {
            Ok(id) => ids.push(id),
            Err(err) => {
                assert_eq!(err.code, ErrorCode::OutOfMemory, "{}", err.message);
                assert!(err.message.contains("dispose"), "{}", err.message);
                break;
            }
        }
        assert!(ids.len() <= 1 << 20, "more than 2^20 live tapes were handed out");
    }
    assert_eq!(ids.len(), 1 << 20);
    let distinct: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "two live tapes share an id");
    e.free_tape(first).unwrap();
    let again = e.new_tape(true).unwrap();
    assert_ne!(again, first, "a freed id came back as a live tape");
    assert_eq!(e.push_tape(first).unwrap_err().code, ErrorCode::InvalidHandle);
}

/// Freed slots are reused oldest first, so a stale id survives many allocate/free cycles.
#[test]
fn freed_tape_slot_is_not_reused_at_once() {
    let mut e = Engine::new();
    let pool: Vec<_> = (0..8).map(|_| e.new_tape(false).unwrap()).collect();
    let stale = pool[0];
    for &t in &pool {
        e.free_tape(t).unwrap();
    }
    for _ in 0..10_000 {
        let t = e.new_tape(false).unwrap();
        assert_ne!(t, stale);
        e.free_tape(t).unwrap();
    }
    assert_eq!(e.push_tape(stale).unwrap_err().code, ErrorCode::InvalidHandle);
}

/// A tape id names its slot's generation in 33 bits: a freed id stays unknown through many more
/// reuses of its slot than the 4,096 a 12-bit generation allowed.
#[test]
fn a_freed_tape_id_stays_unknown_through_many_reuses_of_its_slot() {
    let mut e = Engine::new();
    let stale = e.new_tape(false).unwrap();
    e.free_tape(stale).unwrap();
    for _ in 0..100_000 {
        let t = e.new_tape(false).unwrap();
        assert_ne!(t, stale);
        e.free_tape(t).unwrap();
    }
    assert_eq!(e.push_tape(stale).unwrap_err().code, ErrorCode::InvalidHandle);
    assert_eq!(e.tape_usage().0, 0);
}

/// Every tape id is at least 2^31 (and below 2^53), from the first tape on: JavaScript holds
/// them as doubles from the start, instead of as small integers that a loop's 2,048th tape
/// outgrew (V8 then deoptimized every function that had read one; see `TapeId`).
#[test]
fn every_tape_id_is_past_the_small_integers_of_javascript_engines() {
    let mut e = Engine::new();
    let held = e.new_tape(false).unwrap();
    for _ in 0..5_000 {
        let t = e.new_tape(false).unwrap();
        assert!(t >= 1 << 31 && t + 1 < 1 << 53, "tape id {t}");
        e.free_tape(t).unwrap();
    }
    assert!(held >= 1 << 31, "the first tape's id {held}");
}
