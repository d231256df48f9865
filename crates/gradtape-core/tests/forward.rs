//! Forward values of the ops against hand-computed values and naive reference loops, in f64, f32
//! and i32, including lengths that exercise SIMD bodies and tails (1023 elements).

// Tests clone handles into gradient()'s slices freely.
#![allow(clippy::cloned_ref_to_slice_refs)]

mod common;

use common::*;
use gradtape_core::op::UnaryKind;
use gradtape_core::{DType, Engine, Tensor};
use std::rc::Rc;

// ---- naive references -----------------------------------------------------------------------------

fn strides(shape: &[usize]) -> Vec<usize> {
    let mut s = vec![1; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// Multi-index of flat position `i` in `shape`.
fn unravel(mut i: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        idx[d] = i % shape[d];
        i /= shape[d];
    }
    idx
}

/// Flat index into `shape` of the element a broadcast output index `out_idx` reads.
fn broadcast_index(out_idx: &[usize], shape: &[usize]) -> usize {
    let lead = out_idx.len() - shape.len();
    let st = strides(shape);
    (0..shape.len()).map(|d| if shape[d] == 1 { 0 } else { out_idx[d + lead] * st[d] }).sum()
}

fn naive_binary(a: &[f64], ash: &[usize], b: &[f64], bsh: &[usize], out_shape: &[usize], f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    (0..size(out_shape))
        .map(|i| {
            let idx = unravel(i, out_shape);
            f(a[broadcast_index(&idx, ash)], b[broadcast_index(&idx, bsh)])
        })
        .collect()
}

/// Batched matmul with broadcast batch dims and optional transposes, in f64.
fn naive_matmul(a: &[f64], ash: &[usize], b: &[f64], bsh: &[usize], ta: bool, tb: bool) -> (Vec<usize>, Vec<f64>) {
    let (ar, br) = (ash.len(), bsh.len());
    let (m, k) = if ta { (ash[ar - 1], ash[ar - 2]) } else { (ash[ar - 2], ash[ar - 1]) };
    let n = if tb { bsh[br - 2] } else { bsh[br - 1] };
    let (abatch, bbatch) = (&ash[..ar - 2], &bsh[..br - 2]);
    let rank = abatch.len().max(bbatch.len());
    let dim = |s: &[usize], i: usize| if i + s.len() >= rank { s[i + s.len() - rank] } else { 1 };
    let batch: Vec<usize> = (0..rank).map(|i| dim(abatch, i).max(dim(bbatch, i))).collect();
    let mut out_shape = batch.clone();
    out_shape.extend([m, n]);
    let mut out = vec![0.0; size(&out_shape)];
    for bi in 0..size(&batch) {
        let idx = unravel(bi, &batch);
        let ao = broadcast_index(&idx, abatch) * size(&ash[ar - 2..]);
        let bo = broadcast_index(&idx, bbatch) * size(&bsh[br - 2..]);
        for i in 0..m {
            for j in 0..n {
                let mut s = 0.0;
                for p in 0..k {
                    let av = if ta { a[ao + p * m + i] } else { a[ao + i * k + p] };
                    let bv = if tb { b[bo + j * k + p] } else { b[bo + p * n + j] };
                    s += av * bv;
                }
                out[bi * m * n + i * n + j] = s;
            }
        }
    }
    (out_shape, out)
}

fn naive_sum(x: &[f64], shape: &[usize], axes: &[usize]) -> Vec<f64> {
    let kept: Vec<usize> = (0..shape.len()).filter(|d| !axes.contains(d)).collect();
    let out_shape: Vec<usize> = kept.iter().map(|&d| shape[d]).collect();
    let mut out = vec![0.0; size(&out_shape)];
    let ost = strides(&out_shape);
    for (i, &v) in x.iter().enumerate() {
        let idx = unravel(i, shape);
        let o: usize = kept.iter().enumerate().map(|(j, &d)| idx[d] * ost[j]).sum();
        out[o] += v;
    }
    out
}

fn random(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.uniform(-2.0, 2.0)).collect()
}

// ---- hand-computed values -------------------------------------------------------------------------

#[test]
fn matmul_small() {
    let mut e = Engine::new();
    let a = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let b = f64t(&[3, 2], &[7.0, 8.0, 9.0, 10.0, 11.0, 12.0]);
    assert_tensor(&e.matmul(&a, &b, false, false).unwrap(), &[2, 2], DType::F64, &[58.0, 64.0, 139.0, 154.0], "a@b");
    // aᵀ @ aᵀᵀ: [3,2]@[2,3]
    let ata = e.matmul(&a, &a, true, false).unwrap();
    assert_tensor(&ata, &[3, 3], DType::F64, &[17.0, 22.0, 27.0, 22.0, 29.0, 36.0, 27.0, 36.0, 45.0], "aᵀa");
    let aat = e.matmul(&a, &a, false, true).unwrap();
    assert_tensor(&aat, &[2, 2], DType::F64, &[14.0, 32.0, 32.0, 77.0], "aaᵀ");
    // aᵀ bᵀ = (b a)ᵀ: b a = [[39,54,69],[49,68,87],[59,82,105]]
    let atbt = e.matmul(&a, &b, true, true).unwrap();
    assert_tensor(&atbt, &[3, 3], DType::F64, &[39.0, 49.0, 59.0, 54.0, 68.0, 82.0, 69.0, 87.0, 105.0], "aᵀbᵀ");
}

#[test]
fn matmul_batched_against_naive() {
    let mut rng = Rng::new(11);
    let cases: &[(&[usize], &[usize], bool, bool)] = &[
        (&[2, 3, 4], &[4, 5], false, false),
        (&[1, 3, 4], &[2, 4, 5], false, false),
        (&[3, 4], &[2, 4, 5], false, false),
        (&[2, 1, 3, 4], &[3, 4, 2], false, false),
        (&[2, 4, 3], &[1, 5, 4], true, true),
        (&[2, 4, 3], &[2, 4, 5], true, false),
        (&[2, 3, 4], &[5, 4], false, true),
        (&[9, 17], &[17, 13], false, false),
        (&[17, 9], &[13, 17], true, true),
        (&[3, 0], &[0, 2], false, false),
    ];
    let mut e = Engine::new();
    for &(ash, bsh, ta, tb) in cases {
        let av = random(&mut rng, size(ash));
        let bv = random(&mut rng, size(bsh));
        let (shape, want) = naive_matmul(&av, ash, &bv, bsh, ta, tb);
        let got = e.matmul(&f64t(ash, &av), &f64t(bsh, &bv), ta, tb).unwrap();
        assert_eq!(got.shape, shape, "{ash:?}@{bsh:?} ta={ta} tb={tb}");
        assert_close(&got.to_f64_vec(), &want, 1e-12, 1e-12, &format!("{ash:?}@{bsh:?} ta={ta} tb={tb}"));
    }
}

#[test]
fn reduce_sum_axes() {
    let mut e = Engine::new();
    let x = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_tensor(&e.sum(&x, &[0], false).unwrap(), &[3], DType::F64, &[5.0, 7.0, 9.0], "axis 0");
    assert_tensor(&e.sum(&x, &[1], false).unwrap(), &[2], DType::F64, &[6.0, 15.0], "axis 1");
    assert_tensor(&e.sum(&x, &[0, 1], false).unwrap(), &[], DType::F64, &[21.0], "all");
    assert_tensor(&e.sum(&x, &[0], true).unwrap(), &[1, 3], DType::F64, &[5.0, 7.0, 9.0], "axis 0 keepdims");
    assert_tensor(&e.sum(&x, &[1], true).unwrap(), &[2, 1], DType::F64, &[6.0, 15.0], "axis 1 keepdims");
    assert_tensor(&e.sum(&x, &[0, 1], true).unwrap(), &[1, 1], DType::F64, &[21.0], "all keepdims");
    assert_tensor(&e.sum(&x, &[], false).unwrap(), &[2, 3], DType::F64, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], "none");
    let s = f64t(&[], &[4.5]);
    assert_tensor(&e.sum(&s, &[], false).unwrap(), &[], DType::F64, &[4.5], "scalar");
    let empty = f64t(&[2, 0], &[]);
    assert_tensor(&e.sum(&empty, &[1], false).unwrap(), &[2], DType::F64, &[0.0, 0.0], "empty axis");
}

#[test]
fn reduce_sum_every_axis_subset_against_naive() {
    let mut rng = Rng::new(5);
    for shape in [vec![2, 3, 4], vec![5, 1, 7], vec![3, 17, 2]] {
        let x = random(&mut rng, size(&shape));
        let t = f64t(&shape, &x);
        let mut e = Engine::new();
        for mask in 0..8usize {
            let axes: Vec<usize> = (0..3).filter(|&a| mask & (1 << a) != 0).collect();
            let got = e.sum(&t, &axes, false).unwrap();
            let want = naive_sum(&x, &shape, &axes);
            assert_close(&got.to_f64_vec(), &want, 1e-12, 1e-12, &format!("sum {shape:?} axes {axes:?}"));
        }
    }
}

#[test]
fn transpose_values() {
    let mut e = Engine::new();
    let x = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_tensor(&e.transpose(&x, &[1, 0]).unwrap(), &[3, 2], DType::F64, &[1.0, 4.0, 2.0, 5.0, 3.0, 6.0], "2-D");
    // 3-D perm against the definition out[i0,i1,i2] = x[idx with idx[perm[d]] = i_d]
    let shape = [2, 3, 4];
    let xv: Vec<f64> = (0..24).map(|v| v as f64).collect();
    let x = f64t(&shape, &xv);
    for perm in [[2, 0, 1], [1, 2, 0], [0, 2, 1], [2, 1, 0]] {
        let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
        let want: Vec<f64> = (0..24)
            .map(|i| {
                let o = unravel(i, &out_shape);
                let mut idx = [0; 3];
                for d in 0..3 {
                    idx[perm[d]] = o[d];
                }
                xv[idx[0] * 12 + idx[1] * 4 + idx[2]]
            })
            .collect();
        assert_tensor(&e.transpose(&x, &perm).unwrap(), &out_shape, DType::F64, &want, &format!("perm {perm:?}"));
    }
}

#[test]
fn concat_values() {
    let mut e = Engine::new();
    let a = f64t(&[2, 1], &[1.0, 2.0]);
    let b = f64t(&[2, 2], &[3.0, 4.0, 5.0, 6.0]);
    let c = f64t(&[2, 1], &[7.0, 8.0]);
    assert_tensor(&e.concat(&[&a, &b, &c], 1).unwrap(), &[2, 4], DType::F64, &[1.0, 3.0, 4.0, 7.0, 2.0, 5.0, 6.0, 8.0], "axis 1");
    let r = f64t(&[1, 2], &[9.0, 10.0]);
    assert_tensor(&e.concat(&[&b, &r], 0).unwrap(), &[3, 2], DType::F64, &[3.0, 4.0, 5.0, 6.0, 9.0, 10.0], "axis 0");
    let i = i32t(&[2], &[1, 2]);
    let j = i32t(&[1], &[3]);
    assert_tensor(&e.concat(&[&i, &j], 0).unwrap(), &[3], DType::I32, &[1.0, 2.0, 3.0], "int32");
}

#[test]
fn slice_pad_and_broadcast_to_values() {
    let mut e = Engine::new();
    let x = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    assert_tensor(&e.slice(&x, 1, 1, 2).unwrap(), &[2, 2], DType::F64, &[2.0, 3.0, 5.0, 6.0], "slice axis 1");
    assert_tensor(&e.slice(&x, 0, 1, 1).unwrap(), &[1, 3], DType::F64, &[4.0, 5.0, 6.0], "slice axis 0");
    assert_tensor(&e.pad(&x, 1, 1, 0).unwrap(), &[2, 4], DType::F64, &[0.0, 1.0, 2.0, 3.0, 0.0, 4.0, 5.0, 6.0], "pad axis 1");
    assert_tensor(&e.pad(&x, 0, 0, 1).unwrap(), &[3, 3], DType::F64, &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 0.0, 0.0, 0.0], "pad axis 0");
    let r = f64t(&[3], &[1.0, 2.0, 3.0]);
    assert_tensor(&e.broadcast_to(&r, &[2, 3]).unwrap(), &[2, 3], DType::F64, &[1.0, 2.0, 3.0, 1.0, 2.0, 3.0], "row");
    let c = f64t(&[2, 1], &[1.0, 2.0]);
    assert_tensor(&e.broadcast_to(&c, &[2, 3]).unwrap(), &[2, 3], DType::F64, &[1.0, 1.0, 1.0, 2.0, 2.0, 2.0], "column");
    let s = f64t(&[], &[7.0]);
    assert_tensor(&e.broadcast_to(&s, &[2, 2]).unwrap(), &[2, 2], DType::F64, &[7.0; 4], "scalar");
    let m = f64t(&[2, 1, 2], &[1.0, 2.0, 3.0, 4.0]);
    assert_tensor(
        &e.broadcast_to(&m, &[2, 2, 2, 2]).unwrap(),
        &[2, 2, 2, 2],
        DType::F64,
        &[1.0, 2.0, 1.0, 2.0, 3.0, 4.0, 3.0, 4.0, 1.0, 2.0, 1.0, 2.0, 3.0, 4.0, 3.0, 4.0],
        "middle axis and a new leading axis",
    );
}

#[test]
fn reshape_shares_storage() {
    let mut e = Engine::new();
    let x = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let y = e.reshape(&x, &[3, 2]).unwrap();
    assert_eq!(y.shape, vec![3, 2]);
    assert!(Rc::ptr_eq(&x.buf, &y.buf));
    assert_ne!(x.id, y.id);
}

#[test]
fn broadcasting_binary_ops() {
    let mut e = Engine::new();
    let a = f64t(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let row = f64t(&[3], &[10.0, 20.0, 30.0]);
    assert_tensor(&e.add(&a, &row).unwrap(), &[2, 3], DType::F64, &[11.0, 22.0, 33.0, 14.0, 25.0, 36.0], "[2,3]+[3]");
    assert_tensor(&e.sub(&row, &a).unwrap(), &[2, 3], DType::F64, &[9.0, 18.0, 27.0, 6.0, 15.0, 24.0], "[3]-[2,3]");
    let col = f64t(&[2, 1], &[1.0, 2.0]);
    let r13 = f64t(&[1, 3], &[1.0, 10.0, 100.0]);
    assert_tensor(&e.mul(&col, &r13).unwrap(), &[2, 3], DType::F64, &[1.0, 10.0, 100.0, 2.0, 20.0, 200.0], "[2,1]*[1,3]");
    let two = f64t(&[], &[2.0]);
    assert_tensor(&e.div(&two, &a).unwrap(), &[2, 3], DType::F64, &[2.0, 1.0, 2.0 / 3.0, 0.5, 0.4, 1.0 / 3.0], "scalar/[2,3]");
    assert_tensor(&e.pow(&a, &two).unwrap(), &[2, 3], DType::F64, &[1.0, 4.0, 9.0, 16.0, 25.0, 36.0], "[2,3]^scalar");

    // awkward shapes against the definition
    let mut rng = Rng::new(3);
    let pairs: &[(&[usize], &[usize])] = &[
        (&[2, 1, 4], &[3, 1]),
        (&[5, 1, 3, 1], &[1, 4, 1, 6]),
        (&[1], &[3, 1, 17]),
        (&[4, 17], &[4, 1]),
        (&[1, 1], &[]),
        (&[2, 3, 0], &[3, 1]),
    ];
    for &(ash, bsh) in pairs {
        let av = random(&mut rng, size(ash));
        let bv = random(&mut rng, size(bsh));
        let rank = ash.len().max(bsh.len());
        let dim = |s: &[usize], i: usize| if i + s.len() >= rank { s[i + s.len() - rank] } else { 1 };
        let out_shape: Vec<usize> = (0..rank).map(|i| if dim(ash, i) == 1 { dim(bsh, i) } else { dim(ash, i) }).collect();
        let (a, b) = (f64t(ash, &av), f64t(bsh, &bv));
        let got = e.sub(&a, &b).unwrap();
        assert_eq!(got.shape, out_shape, "{ash:?} - {bsh:?}");
        let want = naive_binary(&av, ash, &bv, bsh, &out_shape, |x, y| x - y);
        assert_close(&got.to_f64_vec(), &want, 0.0, 0.0, &format!("{ash:?} - {bsh:?}"));
        let got = e.mul(&b, &a).unwrap();
        let want = naive_binary(&bv, bsh, &av, ash, &out_shape, |x, y| x * y);
        assert_close(&got.to_f64_vec(), &want, 0.0, 0.0, &format!("{bsh:?} * {ash:?}"));
    }
}

#[test]
fn unary_values() {
    let mut e = Engine::new();
    let x = f64t(&[5], &[-2.0, -0.0, 0.0, 0.5, 4.0]);
    assert_tensor(&e.neg(&x).unwrap(), &[5], DType::F64, &[2.0, 0.0, 0.0, -0.5, -4.0], "neg");
    assert_tensor(&e.unary(UnaryKind::Abs, &x).unwrap(), &[5], DType::F64, &[2.0, 0.0, 0.0, 0.5, 4.0], "abs");
    assert_tensor(&e.step(&x).unwrap(), &[5], DType::F64, &[0.0, 0.0, 0.0, 1.0, 1.0], "step");
    let nan = f64t(&[1], &[f64::NAN]);
    assert_eq!(e.step(&nan).unwrap().to_f64_vec(), vec![0.0], "step(NaN) = 0");
    let p = f64t(&[3], &[0.25, 1.0, 4.0]);
    assert_tensor(&e.unary(UnaryKind::Sqrt, &p).unwrap(), &[3], DType::F64, &[0.5, 1.0, 2.0], "sqrt");
    assert_tensor(&e.log(&p).unwrap(), &[3], DType::F64, &[0.25f64.ln(), 0.0, 4f64.ln()], "log");
    assert_tensor(&e.unary(UnaryKind::Exp, &p).unwrap(), &[3], DType::F64, &[0.25f64.exp(), 1f64.exp(), 4f64.exp()], "exp");
}

#[test]
fn casts_and_int32_arithmetic() {
    let mut e = Engine::new();
    let x = f64t(&[5], &[1.9, -1.9, 0.5, 3e10, f64::NAN]);
    assert_tensor(&e.cast(&x, DType::I32).unwrap(), &[5], DType::I32, &[1.0, -1.0, 0.0, i32::MAX as f64, 0.0], "f64->i32");
    let y = f64t(&[2], &[0.1, 1.0 / 3.0]);
    let y32 = e.cast(&y, DType::F32).unwrap();
    assert_tensor(&y32, &[2], DType::F32, &[0.1f32 as f64, (1.0f64 / 3.0) as f32 as f64], "f64->f32");
    let i = i32t(&[4], &[7, -7, 7, 2]);
    let j = i32t(&[4], &[2, 2, 0, 10]);
    assert_tensor(&e.cast(&i, DType::F32).unwrap(), &[4], DType::F32, &[7.0, -7.0, 7.0, 2.0], "i32->f32");
    assert_tensor(&e.div(&i, &j).unwrap(), &[4], DType::I32, &[3.0, -3.0, 0.0, 0.0], "i32 div truncates, x/0 = 0");
    let k = i32t(&[4], &[2, 3, 0, 1]);
    assert_tensor(&e.pow(&i, &k).unwrap(), &[4], DType::I32, &[49.0, -343.0, 1.0, 2.0], "i32 pow");
    assert_tensor(&e.add(&i, &j).unwrap(), &[4], DType::I32, &[9.0, -5.0, 7.0, 12.0], "i32 add");
    let m = i32t(&[2, 2], &[1, 2, 3, 4]);
    assert_tensor(&e.matmul(&m, &m, false, false).unwrap(), &[2, 2], DType::I32, &[7.0, 10.0, 15.0, 22.0], "i32 matmul");
    assert_tensor(&e.sum(&m, &[0], false).unwrap(), &[2], DType::I32, &[4.0, 6.0], "i32 sum");
}

// ---- f32 through the ops (SIMD bodies and tails) ---------------------------------------------------

fn f32_data(rng: &mut Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.uniform(-2.0, 2.0) as f32).collect()
}

#[test]
fn f32_elementwise_1023() {
    let mut rng = Rng::new(1023);
    let mut e = Engine::new();
    for n in [1023, 1, 3, 4, 5, 8, 17] {
        let a = f32_data(&mut rng, n);
        let b = f32_data(&mut rng, n);
        let (ta, tb) = (f32t(&[n], &a), f32t(&[n], &b));
        let add = e.add(&ta, &tb).unwrap();
        let mul = e.mul(&ta, &tb).unwrap();
        let sub = e.sub(&ta, &tb).unwrap();
        let div = e.div(&ta, &tb).unwrap();
        assert_eq!(add.dtype(), DType::F32);
        let want = |f: fn(f32, f32) -> f32| a.iter().zip(&b).map(|(&x, &y)| f(x, y) as f64).collect::<Vec<_>>();
        assert_eq!(add.to_f64_vec(), want(|x, y| x + y), "f32 add n={n}");
        assert_eq!(mul.to_f64_vec(), want(|x, y| x * y), "f32 mul n={n}");
        assert_eq!(sub.to_f64_vec(), want(|x, y| x - y), "f32 sub n={n}");
        assert_eq!(div.to_f64_vec(), want(|x, y| x / y), "f32 div n={n}");
        // broadcast scalar and row
        let s = f32t(&[], &[1.5]);
        let plus = e.add(&ta, &s).unwrap();
        assert_eq!(plus.to_f64_vec(), a.iter().map(|&x| (x + 1.5) as f64).collect::<Vec<_>>(), "f32 + scalar n={n}");
        // unary
        let neg = e.neg(&ta).unwrap();
        let abs = e.unary(UnaryKind::Abs, &ta).unwrap();
        let step = e.step(&ta).unwrap();
        let sqrt = e.unary(UnaryKind::Sqrt, &abs).unwrap();
        assert_eq!(neg.to_f64_vec(), a.iter().map(|&x| -x as f64).collect::<Vec<_>>(), "f32 neg n={n}");
        assert_eq!(abs.to_f64_vec(), a.iter().map(|&x| x.abs() as f64).collect::<Vec<_>>(), "f32 abs n={n}");
        assert_eq!(step.to_f64_vec(), a.iter().map(|&x| if x > 0.0 { 1.0 } else { 0.0 }).collect::<Vec<_>>(), "f32 step n={n}");
        assert_eq!(sqrt.to_f64_vec(), a.iter().map(|&x| x.abs().sqrt() as f64).collect::<Vec<_>>(), "f32 sqrt n={n}");
    }
}

#[test]
fn f32_sum_1023() {
    let mut e = Engine::new();
    // exact: halves of 0..1023 sum to 261376.5, representable in f32
    let v: Vec<f32> = (0..1023).map(|i| i as f32 * 0.5).collect();
    let t = f32t(&[1023], &v);
    let s = e.sum(&t, &[0], false).unwrap();
    assert_eq!(s.dtype(), DType::F32);
    assert_eq!(s.to_f64_vec(), vec![261376.5]);
    // random values: pairwise summation keeps f32 close to the f64 sum
    let mut rng = Rng::new(99);
    let v = f32_data(&mut rng, 1023);
    let exact: f64 = v.iter().map(|&x| x as f64).sum();
    let s = e.sum(&f32t(&[1023], &v), &[0], false).unwrap().to_f64_vec()[0];
    assert!((s - exact).abs() < 1e-4, "f32 sum {s} vs f64 {exact}");
    // a large sum where naive f32 accumulation drifts: 2^20 ones plus 0.1s
    let n = 1 << 20;
    let v = vec![0.1f32; n];
    let s = e.sum(&f32t(&[n], &v), &[0], false).unwrap().to_f64_vec()[0];
    let exact = 0.1f32 as f64 * n as f64;
    assert!((s - exact).abs() / exact < 1e-5, "f32 sum of 2^20 x 0.1: {s} vs {exact}");
    // axis sums over a [31, 33] matrix
    let v = f32_data(&mut rng, 31 * 33);
    let v64: Vec<f64> = v.iter().map(|&x| x as f64).collect();
    let t = f32t(&[31, 33], &v);
    for axes in [vec![0], vec![1], vec![0, 1]] {
        let got = e.sum(&t, &axes, false).unwrap().to_f64_vec();
        let want = naive_sum(&v64, &[31, 33], &axes);
        assert_close(&got, &want, 1e-5, 1e-5, &format!("f32 sum axes {axes:?}"));
    }
}

#[test]
fn f32_matmul_against_f64() {
    let mut rng = Rng::new(17);
    let mut e = Engine::new();
    for (m, k, n, ta, tb) in [(33, 17, 29, false, false), (7, 64, 5, true, false), (16, 16, 16, false, true), (5, 3, 9, true, true)] {
        let ash = if ta { vec![k, m] } else { vec![m, k] };
        let bsh = if tb { vec![n, k] } else { vec![k, n] };
        let a = f32_data(&mut rng, m * k);
        let b = f32_data(&mut rng, k * n);
        let got = e.matmul(&f32t(&ash, &a), &f32t(&bsh, &b), ta, tb).unwrap();
        assert_eq!(got.dtype(), DType::F32);
        let a64: Vec<f64> = a.iter().map(|&x| x as f64).collect();
        let b64: Vec<f64> = b.iter().map(|&x| x as f64).collect();
        let (shape, want) = naive_matmul(&a64, &ash, &b64, &bsh, ta, tb);
        assert_eq!(got.shape, shape);
        assert_close(&got.to_f64_vec(), &want, 1e-5, 1e-4, &format!("f32 matmul {m}x{k}x{n} ta={ta} tb={tb}"));
    }
}

#[test]
fn f32_broadcast_rows_and_columns() {
    let mut rng = Rng::new(4);
    let mut e = Engine::new();
    let (m, n) = (7, 37);
    let a = f32_data(&mut rng, m * n);
    let row = f32_data(&mut rng, n);
    let col = f32_data(&mut rng, m);
    let ta = f32t(&[m, n], &a);
    let got = e.mul(&ta, &f32t(&[n], &row)).unwrap().to_f64_vec();
    let want: Vec<f64> = (0..m * n).map(|i| (a[i] * row[i % n]) as f64).collect();
    assert_eq!(got, want, "f32 [m,n]*[n]");
    let got = e.sub(&f32t(&[m, 1], &col), &ta).unwrap().to_f64_vec();
    let want: Vec<f64> = (0..m * n).map(|i| (col[i / n] - a[i]) as f64).collect();
    assert_eq!(got, want, "f32 [m,1]-[m,n]");
}

#[test]
fn tensor_helpers() {
    let t = Tensor::full(&[2, 2], DType::F32, 1.5).unwrap();
    assert_tensor(&t, &[2, 2], DType::F32, &[1.5; 4], "full");
    let s = Tensor::scalar(DType::I32, 3.9);
    assert_tensor(&s, &[], DType::I32, &[3.0], "scalar i32 truncates");
    let d = t.detached();
    assert_ne!(d.id, t.id);
    assert!(Rc::ptr_eq(&d.buf, &t.buf));
}

/// broadcast_to against adding zeros of the target shape (the binary kernel broadcasts
/// independently), over patterns that mix copied and repeated trailing axes.
#[test]
fn broadcast_to_matches_binary_broadcasting() {
    use gradtape_core::{Buffer, Engine, Tensor};
    let cases: [(&[usize], &[usize]); 7] = [
        (&[], &[2, 2]),
        (&[3, 1], &[2, 3, 4]),
        (&[1, 4], &[3, 4]),
        (&[2, 1, 4], &[2, 3, 4]),
        (&[4], &[2, 3, 4]),
        (&[2, 3, 1], &[2, 3, 5]),
        (&[1, 3, 1, 2], &[2, 3, 2, 2]),
    ];
    let mut e = Engine::new();
    for (from, to) in cases {
        let n: usize = from.iter().product();
        let x = Tensor::new(from.to_vec(), Buffer::F64((0..n).map(|i| i as f64 + 1.0).collect()));
        let zeros = Tensor::full(to, gradtape_core::DType::F64, 0.0).unwrap();
        let expected = e.add(&x, &zeros).unwrap();
        let got = e.broadcast_to(&x, to).unwrap();
        assert_eq!(got.shape, to.to_vec());
        assert_eq!(got.to_f64_vec(), expected.to_f64_vec(), "broadcast {from:?} -> {to:?}");
    }
}

// ---- linear algebra: batching, packing and errors ------------------------------------------------
// (The one-matrix kernels are checked against NumPy in kernels/linalg.rs; here the ops must run
// them on every matrix of a batch and pack the results as the op table documents.)

use gradtape_core::kernels::linalg as la;
use gradtape_core::{ErrorCode, Op};

/// A batch of `count` n×n matrices, strictly diagonally dominant (invertible, and positive
/// definite once symmetrized) with random off-diagonal entries.
fn dominant_batch(rng: &mut Rng, count: usize, n: usize) -> Vec<f64> {
    let mut data = random(rng, count * n * n);
    for b in 0..count {
        for i in 0..n {
            data[b * n * n + i * n + i] += 2.0 * n as f64 + 1.0;
        }
    }
    data
}

/// Symmetric positive definite matrices: the dominant ones, symmetrized.
fn spd_batch(rng: &mut Rng, count: usize, n: usize) -> Vec<f64> {
    let mut data = dominant_batch(rng, count, n);
    for b in 0..count {
        for i in 0..n {
            for j in 0..i {
                let (lo, up) = (b * n * n + i * n + j, b * n * n + j * n + i);
                data[up] = data[lo];
            }
        }
    }
    data
}

fn apply1(op: Op, x: &Tensor) -> Tensor {
    Engine::new().apply(op, &[x]).unwrap()
}

#[test]
fn linalg_ops_run_the_kernels_on_every_matrix_of_a_batch() {
    let mut rng = Rng::new(41);
    let (count, n) = (6, 3);
    let shape = [2, 3, n, n];
    let spd = spd_batch(&mut rng, count, n);
    let dom = dominant_batch(&mut rng, count, n);
    let rhs = random(&mut rng, count * n * 2);
    let matrix = |data: &[f64], b: usize| data[b * n * n..(b + 1) * n * n].to_vec();

    let l = apply1(Op::Cholesky {}, &f64t(&shape, &spd));
    let inverse = apply1(Op::MatrixInverse { adjoint: true }, &f64t(&shape, &dom));
    let logdet = apply1(Op::LogMatrixDeterminant {}, &f64t(&shape, &dom));
    let eigh = apply1(Op::Eigh {}, &f64t(&shape, &spd));
    let mut e = Engine::new();
    let solved = e.apply(Op::MatrixSolve { adjoint: false }, &[&f64t(&shape, &dom), &f64t(&[2, 3, n, 2], &rhs)]).unwrap();
    assert_eq!((l.shape.dims(), logdet.shape.dims()), (&shape[..], &[2, 3, 2][..]));
    assert_eq!((eigh.shape.dims(), solved.shape.dims()), (&[2, 3, n + 1, n][..], &[2, 3, n, 2][..]));
    let (l, inverse, logdet, eigh, solved) =
        (l.to_f64_vec(), inverse.to_f64_vec(), logdet.to_f64_vec(), eigh.to_f64_vec(), solved.to_f64_vec());
    for b in 0..count {
        let mut want = vec![0.0; n * n];
        la::cholesky(&matrix(&spd, b), n, &mut want).unwrap();
        assert_eq!(&l[b * n * n..(b + 1) * n * n], &want[..], "cholesky {b}");
        let mut transposed = matrix(&dom, b);
        for i in 0..n {
            for j in 0..n {
                transposed[i * n + j] = dom[b * n * n + j * n + i];
            }
        }
        la::inv(&transposed, n, &mut want).unwrap();
        assert_eq!(&inverse[b * n * n..(b + 1) * n * n], &want[..], "inv adjoint {b}");
        let (sign, log_abs) = la::slogdet(&matrix(&dom, b), n);
        assert_eq!(&logdet[2 * b..2 * b + 2], &[sign, log_abs], "slogdet {b}");
        let (mut w, mut v) = (vec![0.0; n], vec![0.0; n * n]);
        la::eigh(&matrix(&spd, b), n, &mut w, &mut v);
        let packed: Vec<f64> = w.iter().chain(&v).copied().collect();
        assert_eq!(&eigh[b * (n + 1) * n..(b + 1) * (n + 1) * n], &packed[..], "eigh {b}");
        let mut x = vec![0.0; n * 2];
        la::solve(&matrix(&dom, b), n, &rhs[b * n * 2..(b + 1) * n * 2], 2, &mut x).unwrap();
        assert_eq!(&solved[b * n * 2..(b + 1) * n * 2], &x[..], "solve {b}");
    }

    // QR and SVD of wide and deep batches, reduced and full: packed Q then R; s, U, V.
    for (m, k_cols) in [(4, 3), (3, 5)] {
        let a = random(&mut rng, 2 * m * k_cols);
        for full in [false, true] {
            let p = m.min(k_cols);
            let k = if full { m } else { p };
            let qr = apply1(Op::Qr { full_matrices: full }, &f64t(&[2, m, k_cols], &a));
            assert_eq!(qr.shape, vec![2, m * k + k * k_cols]);
            let (uc, vc) = if full { (m, k_cols) } else { (p, p) };
            let svd = apply1(Op::Svd { full_matrices: full, compute_uv: true }, &f64t(&[2, m, k_cols], &a));
            let width = p + m * uc + k_cols * vc;
            assert_eq!(svd.shape, vec![2, width]);
            let values = apply1(Op::Svd { full_matrices: full, compute_uv: false }, &f64t(&[2, m, k_cols], &a));
            assert_eq!(values.shape, vec![2, p]);
            let (qr, svd, values) = (qr.to_f64_vec(), svd.to_f64_vec(), values.to_f64_vec());
            for b in 0..2 {
                let one = &a[b * m * k_cols..(b + 1) * m * k_cols];
                let (mut q, mut r) = (vec![0.0; m * k], vec![0.0; k * k_cols]);
                la::qr(one, m, k_cols, full, &mut q, &mut r);
                let packed: Vec<f64> = q.iter().chain(&r).copied().collect();
                assert_eq!(&qr[b * packed.len()..(b + 1) * packed.len()], &packed[..], "qr {m}×{k_cols} full={full}");
                let (mut s, mut u, mut v) = (vec![0.0; p], vec![0.0; m * uc], vec![0.0; k_cols * vc]);
                la::svd(one, m, k_cols, full, &mut s, &mut u, &mut v);
                let packed: Vec<f64> = s.iter().chain(&u).chain(&v).copied().collect();
                assert_eq!(&svd[b * width..(b + 1) * width], &packed[..], "svd {m}×{k_cols} full={full}");
                assert_eq!(&values[b * p..(b + 1) * p], &s[..], "svd values {m}×{k_cols}");
            }
        }
    }
}

#[test]
fn triangular_solve_broadcasts_batch_dims_and_reads_one_triangle() {
    let mut rng = Rng::new(42);
    let n = 3;
    let m = dominant_batch(&mut rng, 2, n); // [2, 1, 3, 3]
    let b = random(&mut rng, 3 * n); // [3, 3, 1]
    let mut e = Engine::new();
    for (lower, adjoint) in [(true, false), (false, true)] {
        let x = e
            .apply(Op::TriangularSolve { lower, adjoint }, &[&f64t(&[2, 1, n, n], &m), &f64t(&[3, n, 1], &b)])
            .unwrap();
        assert_eq!(x.shape, vec![2, 3, n, 1]);
        let x = x.to_f64_vec();
        for i in 0..2 {
            for j in 0..3 {
                let mut want = vec![0.0; n];
                la::triangular_solve(&m[i * n * n..(i + 1) * n * n], n, &b[j * n..(j + 1) * n], 1, lower, adjoint, &mut want);
                assert_eq!(&x[(i * 3 + j) * n..(i * 3 + j + 1) * n], &want[..]);
            }
        }
    }
}

#[test]
fn linalg_float32_runs_in_float64_and_rounds_once() {
    let mut rng = Rng::new(43);
    let n = 4;
    let spd = spd_batch(&mut rng, 1, n);
    let spd32: Vec<f32> = spd.iter().map(|&v| v as f32).collect();
    let l32 = apply1(Op::Cholesky {}, &f32t(&[n, n], &spd32));
    assert_eq!(l32.dtype(), DType::F32);
    let mut want = vec![0.0; n * n];
    la::cholesky(&spd32.iter().map(|&v| v as f64).collect::<Vec<_>>(), n, &mut want).unwrap();
    let rounded: Vec<f64> = want.iter().map(|&v| v as f32 as f64).collect();
    assert_eq!(l32.to_f64_vec(), rounded);
}

#[test]
fn linalg_errors_name_the_op_the_shapes_and_the_fix() {
    let mut e = Engine::new();
    let err = |e: &mut Engine, op: Op, inputs: &[&Tensor]| e.apply(op, inputs).unwrap_err();
    let wide = f64t(&[2, 3], &[1.0; 6]);
    for op in [Op::Cholesky {}, Op::MatrixInverse { adjoint: false }, Op::LogMatrixDeterminant {}, Op::Eigh {}] {
        let name = op.name();
        let error = err(&mut e, op, &[&wide]);
        assert_eq!(error.code, ErrorCode::ShapeMismatch);
        assert!(error.message.starts_with(&format!("{name}: the input must be square")), "{}", error.message);
    }
    let vector = f64t(&[3], &[1.0; 3]);
    let error = err(&mut e, Op::Qr { full_matrices: false }, &[&vector]);
    assert!(error.message.contains("rank >= 2"), "{}", error.message);

    // Not positive definite: as TensorFlow's CPU kernel, NaN on and below the diagonal of the
    // matrix of the batch that failed (zeros above it), the others factored.
    let batch = f64t(&[2, 2, 2], &[4.0, 0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 1.0]);
    let factor = e.apply(Op::Cholesky {}, &[&batch]).unwrap();
    let values = factor.to_f64_vec();
    assert_eq!(&values[..4], &[2.0, 0.0, 0.0, 1.0]);
    assert!(values[4].is_nan() && values[5] == 0.0 && values[6].is_nan() && values[7].is_nan(), "{values:?}");

    // Singular: solve and inv refuse, slogdet gives (0, -inf) as TensorFlow does.
    let singular = f64t(&[2, 2], &[1.0, 2.0, 2.0, 4.0]);
    let error = err(&mut e, Op::MatrixSolve { adjoint: false }, &[&singular, &f64t(&[2, 1], &[1.0, 1.0])]);
    assert!(error.message.starts_with("solve: Input matrix is not invertible"), "{}", error.message);
    let error = err(&mut e, Op::MatrixInverse { adjoint: true }, &[&singular]);
    assert!(error.message.starts_with("inv: Input matrix is not invertible"), "{}", error.message);
    let logdet = e.apply(Op::LogMatrixDeterminant {}, &[&singular]).unwrap();
    assert_eq!(logdet.to_f64_vec(), vec![0.0, f64::NEG_INFINITY]);

    // Right-hand sides: the row count, and solve's equal batch dims.
    let eye = f64t(&[2, 2], &[1.0, 0.0, 0.0, 1.0]);
    let error = err(&mut e, Op::MatrixSolve { adjoint: false }, &[&eye, &f64t(&[3, 1], &[1.0; 3])]);
    assert!(error.message.contains("rhs needs 2 rows"), "{}", error.message);
    let error = err(&mut e, Op::MatrixSolve { adjoint: false }, &[&eye, &f64t(&[2, 2, 1], &[1.0; 4])]);
    assert!(error.message.contains("batch dimensions"), "{}", error.message);
    let error = err(&mut e, Op::TriangularSolve { lower: true, adjoint: false }, &[&f64t(&[2, 2, 2], &[1.0; 8]), &f64t(&[3, 2, 1], &[1.0; 6])]);
    assert!(error.message.starts_with("triangularSolve: incompatible shapes"), "{}", error.message);

    // Integer input: float only.
    let error = err(&mut e, Op::Cholesky {}, &[&i32t(&[1, 1], &[1])]);
    assert_eq!(error.code, ErrorCode::DTypeMismatch);
}

#[test]
fn linalg_of_empty_matrices() {
    // 0×0: an empty factor, det 1 (log 0, sign 1); 0×3 full SVD: V is the 3×3 identity.
    let empty = f64t(&[2, 0, 0], &[]);
    assert_eq!(apply1(Op::Cholesky {}, &empty).shape, vec![2, 0, 0]);
    assert_eq!(apply1(Op::LogMatrixDeterminant {}, &empty).to_f64_vec(), vec![1.0, 0.0, 1.0, 0.0]);
    let svd = apply1(Op::Svd { full_matrices: true, compute_uv: true }, &f64t(&[0, 3], &[]));
    assert_eq!(svd.to_f64_vec(), vec![1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]);
}

// ---- indexing ops (reference values from NumPy: x[2::-1, 3:0:-2], np.add.at, np.pad, ...) ---------

fn arange(shape: &[usize]) -> Tensor {
    f64t(shape, &(0..size(shape)).map(|i| i as f64).collect::<Vec<_>>())
}

#[test]
fn indexing_values() {
    use gradtape_core::op::{Op, PadMode};
    let mut e = Engine::new();
    let x = arange(&[3, 4]);
    let slice = Op::StridedSlice { begin: vec![2, 3], end: vec![-1, 0], strides: vec![-1, -2] };
    assert_tensor(&e.apply(slice, &[&x]).unwrap(), &[3, 2], DType::F64, &[11.0, 9.0, 7.0, 5.0, 3.0, 1.0], "x[2::-1, 3:0:-2]");

    let params = arange(&[2, 3, 4]);
    let rows = i32t(&[2, 2], &[2, 0, 1, 1]);
    let got = e.apply(Op::Gather { axis: 1, batch_dims: 1 }, &[&params, &rows]).unwrap();
    let want = [8.0, 9.0, 10.0, 11.0, 0.0, 1.0, 2.0, 3.0, 16.0, 17.0, 18.0, 19.0, 16.0, 17.0, 18.0, 19.0];
    assert_tensor(&got, &[2, 2, 4], DType::F64, &want, "gather batch_dims=1");

    let tuples = i32t(&[2, 2], &[2, 1, 0, 3]);
    assert_tensor(&e.apply(Op::GatherNd {}, &[&x, &tuples]).unwrap(), &[2], DType::F64, &[9.0, 3.0], "x[[2, 0], [1, 3]]");
    let dup = i32t(&[3, 1], &[1, 3, 1]);
    let ints = i32t(&[3], &[1, 2, 3]);
    let got = e.apply(Op::ScatterNd { shape: vec![4] }, &[&dup, &ints]).unwrap();
    assert_tensor(&got, &[4], DType::I32, &[0.0, 4.0, 0.0, 2.0], "scatter_nd adds duplicates (np.add.at)");
    let row = f64t(&[1, 4], &[-1.0, -2.0, -3.0, -4.0]);
    let got = e.apply(Op::TensorScatterUpdate {}, &[&x, &i32t(&[1, 1], &[1]), &row]).unwrap();
    let want = [0.0, 1.0, 2.0, 3.0, -1.0, -2.0, -3.0, -4.0, 8.0, 9.0, 10.0, 11.0];
    assert_tensor(&got, &[3, 4], DType::F64, &want, "tensor_scatter_nd_update");

    let small = i32t(&[2, 2], &[1, 2, 3, 4]);
    let want = [1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4].map(f64::from);
    assert_tensor(&e.apply(Op::Tile { multiples: vec![2, 3] }, &[&small]).unwrap(), &[4, 6], DType::I32, &want, "np.tile");

    let v = f64t(&[3], &[1.0, 2.0, 3.0]);
    for (mode, want) in [
        (PadMode::Reflect, [3.0, 2.0, 1.0, 2.0, 3.0, 2.0, 1.0]),
        (PadMode::Symmetric, [2.0, 1.0, 1.0, 2.0, 3.0, 3.0, 2.0]),
        (PadMode::Constant, [9.0, 9.0, 1.0, 2.0, 3.0, 9.0, 9.0]),
    ] {
        let op = Op::PadNd { paddings: vec![2, 2], mode, constant_value: 9.0 };
        assert_tensor(&e.apply(op, &[&v]).unwrap(), &[7], DType::F64, &want, mode.name());
    }
    let want: Vec<f64> = (0..12).rev().map(f64::from).collect();
    assert_tensor(&e.apply(Op::Reverse { axes: vec![0, 1] }, &[&x]).unwrap(), &[3, 4], DType::F64, &want, "x[::-1, ::-1]");

    // Indices outside [0, depth) give rows of off values.
    let labels = i32t(&[4], &[0, 2, -1, 5]);
    let op = Op::OneHot { depth: 3, on_value: 5.0, off_value: -1.0, axis: 0, dtype: DType::F32 };
    let want = [5.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 5.0, -1.0, -1.0];
    assert_tensor(&e.apply(op, &[&labels]).unwrap(), &[3, 4], DType::F32, &want, "one_hot axis 0");
}

#[test]
fn indexing_errors_name_the_op_and_the_index() {
    use gradtape_core::op::Op;
    use gradtape_core::ErrorCode;
    let mut e = Engine::new();
    let x = arange(&[3, 4]);
    let err = e.apply(Op::Gather { axis: 0, batch_dims: 0 }, &[&x, &i32t(&[2, 2], &[0, 1, 3, 2])]).unwrap_err();
    assert_eq!((err.code, err.message.as_str()), (ErrorCode::InvalidArgument, "gather: indices[1,0] = 3 is not in [0, 3)."));
    let err = e.apply(Op::Gather { axis: 0, batch_dims: 0 }, &[&x, &f64t(&[1], &[0.0])]).unwrap_err();
    assert_eq!(err.code, ErrorCode::DTypeMismatch);
    assert!(err.message.contains("indices must be int32"), "{}", err.message);
    let err = e.apply(Op::GatherNd {}, &[&x, &i32t(&[2, 2], &[0, 0, 2, 4])]).unwrap_err();
    assert_eq!(err.message, "gatherNd: indices[1] = [2, 4] does not index into param shape [3,4].");
    let err = e.apply(Op::ScatterNd { shape: vec![4] }, &[&i32t(&[1, 1], &[-1]), &f64t(&[1], &[1.0])]).unwrap_err();
    assert_eq!(err.message, "scatterNd: indices[0] = [-1] does not index into shape [4].");
    let err = e.apply(Op::ScatterNd { shape: vec![4] }, &[&i32t(&[2, 1], &[0, 1]), &f64t(&[3], &[1.0; 3])]).unwrap_err();
    assert_eq!(err.code, ErrorCode::ShapeMismatch);
    let err = e.apply(Op::StridedSlice { begin: vec![0, 0], end: vec![3, 5], strides: vec![1, 1] }, &[&x]).unwrap_err();
    assert!(err.message.contains("dim 1 reads outside [0, 4)"), "{}", err.message);
    let err = e.apply(Op::StridedSlice { begin: vec![0, 0], end: vec![3, 4], strides: vec![1, 0] }, &[&x]).unwrap_err();
    assert!(err.message.contains("stride of dim 1 is 0"), "{}", err.message);
    let op = Op::PadNd { paddings: vec![0, 0, 4, 0], mode: gradtape_core::op::PadMode::Reflect, constant_value: 0.0 };
    let err = e.apply(op, &[&x]).unwrap_err();
    assert!(err.message.contains("at most 3"), "{}", err.message);
}

#[test]
fn argsort_is_stable_puts_nan_last_and_sorts_any_axis() {
    use gradtape_core::op::Op;
    let mut e = Engine::new();
    // ties keep index order in both directions; NaN sorts above every number
    let x = f64t(&[6], &[3.0, 1.0, f64::NAN, 1.0, -2.0, 3.0]);
    let up = e.apply(Op::Argsort { axis: 0, descending: false }, &[&x]).unwrap();
    assert_tensor(&up, &[6], DType::I32, &[4.0, 1.0, 3.0, 0.0, 5.0, 2.0], "ascending");
    let down = e.apply(Op::Argsort { axis: 0, descending: true }, &[&x]).unwrap();
    assert_tensor(&down, &[6], DType::I32, &[2.0, 0.0, 5.0, 1.0, 3.0, 4.0], "descending");
    // along axis 0 of a [3, 2] matrix: each column separately
    let m = i32t(&[3, 2], &[5, 0, 1, 2, 3, 1]);
    let cols = e.apply(Op::Argsort { axis: 0, descending: false }, &[&m]).unwrap();
    assert_tensor(&cols, &[3, 2], DType::I32, &[1.0, 0.0, 2.0, 2.0, 0.0, 1.0], "columns");
    // empty lanes
    let empty = e.apply(Op::Argsort { axis: 1, descending: false }, &[&f64t(&[2, 0], &[])]).unwrap();
    assert_eq!(empty.shape, vec![2, 0]);
}

/// Every elementwise kind of the op table: zero-size inputs give zero-size results of the right
/// shape, dtypes outside the kind's class are DTypeMismatch errors naming the op, and binary kinds
/// refuse shapes that do not broadcast.
#[test]
fn every_elementwise_kind_handles_empty_tensors_and_refuses_wrong_dtypes() {
    use gradtape_core::op::{BinaryKind, CompareKind, DTypes, UnaryKind};
    use gradtape_core::{ErrorCode, Op};
    let mut e = Engine::new();
    let of = |dtype: DType, shape: &[usize]| Tensor::full(shape, dtype, 1.0).unwrap();
    let admits = |class: DTypes, d: DType| class.admits(d);
    let check = |e: &mut Engine, op: Op, class: DTypes, arity: usize| {
        let name = op.name();
        for dtype in DType::ALL {
            let inputs: Vec<Tensor> = (0..arity).map(|_| of(dtype, &[2, 0, 3])).collect();
            let refs: Vec<&Tensor> = inputs.iter().collect();
            match e.apply(op.clone(), &refs) {
                Ok(y) => {
                    assert!(admits(class, dtype), "{name} ran on {dtype:?}");
                    assert_eq!(y.shape, vec![2, 0, 3], "{name}: empty shape");
                    assert_eq!(y.size(), 0);
                }
                Err(err) => {
                    assert!(!admits(class, dtype), "{name} refused {dtype:?}: {}", err.message);
                    assert_eq!(err.code, ErrorCode::DTypeMismatch, "{name}: {}", err.message);
                    assert!(err.message.starts_with(&format!("{name}: ")) && err.message.contains(dtype.name()), "{}", err.message);
                }
            }
        }
        if arity == 2 {
            let dtype = if admits(class, DType::F64) { DType::F64 } else { DType::Bool };
            let err = e.apply(op.clone(), &[&of(dtype, &[2, 3]), &of(dtype, &[4])]).unwrap_err();
            assert_eq!(err.code, ErrorCode::ShapeMismatch, "{name}: {}", err.message);
            assert!(err.message.starts_with(&format!("{name}: incompatible shapes")), "{}", err.message);
            // mixed dtypes
            if admits(class, DType::F32) && admits(class, DType::F64) {
                let err = e.apply(op, &[&of(DType::F32, &[2]), &of(DType::F64, &[2])]).unwrap_err();
                assert_eq!(err.code, ErrorCode::DTypeMismatch, "{name}: {}", err.message);
            }
        }
    };
    for &kind in UnaryKind::ALL {
        check(&mut e, Op::Unary { kind }, kind.spec_row().2, 1);
    }
    for &kind in BinaryKind::ALL {
        check(&mut e, Op::Binary { kind }, kind.spec_row().2, 2);
    }
    for &kind in CompareKind::ALL {
        check(&mut e, Op::Compare { kind }, kind.spec_row().2, 2);
    }
}

/// lu packs the kernel's factors and its permutation (as values) for every matrix of a batch,
/// and refuses an exactly zero pivot with TensorFlow's message.
#[test]
fn lu_packs_factors_and_permutation_per_matrix() {
    let mut rng = Rng::new(43);
    let (count, n) = (4, 3);
    let a = random(&mut rng, count * n * n);
    let lu = apply1(Op::Lu {}, &f64t(&[2, 2, n, n], &a));
    assert_eq!(lu.shape, vec![2, 2, n, n + 1]);
    let lu = lu.to_f64_vec();
    for b in 0..count {
        let (mut factors, mut perm) = (vec![0.0; n * n], vec![0usize; n]);
        la::lu(&a[b * n * n..(b + 1) * n * n], n, &mut factors, &mut perm);
        for i in 0..n {
            let row = &lu[(b * n + i) * (n + 1)..(b * n + i + 1) * (n + 1)];
            assert_eq!(&row[..n], &factors[i * n..(i + 1) * n], "lu factors {b} row {i}");
            assert_eq!(row[n], perm[i] as f64, "lu perm {b} row {i}");
        }
    }
    let mut e = Engine::new();
    let zero_column = f64t(&[2, 2, 2], &[1.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 2.0]);
    let error = e.apply(Op::Lu {}, &[&zero_column]).unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidArgument);
    assert!(error.message.contains("Input is not invertible") && error.message.contains("matrix 1 of the batch"), "{}", error.message);
    let error = e.apply(Op::Lu {}, &[&f64t(&[2, 3], &[1.0; 6])]).unwrap_err();
    assert!(error.message.starts_with("lu: the input must be square"), "{}", error.message);
}
