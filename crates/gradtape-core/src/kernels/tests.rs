//! Kernels against naive references: index arithmetic per element, sums and products in f64.

use super::*;

/// Deterministic values in [-2, 2) with a fixed seed (xorshift64*).
pub(super) fn values<T: Element>(len: usize, seed: u64) -> Vec<T> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let unit =
                (state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64;
            T::from_f64(unit * 4.0 - 2.0)
        })
        .collect()
}

fn product(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// Row-major multi-index of a flat offset.
fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut index = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        index[d] = flat % shape[d];
        flat /= shape[d];
    }
    index
}

/// Flat offset in `shape` of an out-index, right-aligned, clamping broadcast dims to 0.
fn broadcast_offset(out_index: &[usize], shape: &[usize]) -> usize {
    let skip = out_index.len() - shape.len();
    shape.iter().enumerate().fold(0, |offset, (d, &size)| {
        offset * size + if size == 1 { 0 } else { out_index[skip + d] }
    })
}

fn broadcast_shape(a: &[usize], b: &[usize]) -> Vec<usize> {
    let rank = a.len().max(b.len());
    (0..rank)
        .map(|d| {
            let dim = |s: &[usize]| {
                if d + s.len() >= rank {
                    s[d + s.len() - rank]
                } else {
                    1
                }
            };
            if dim(a) == 1 {
                dim(b)
            } else {
                dim(a)
            }
        })
        .collect()
}

/// The reference: the op table's scalar form.
fn apply_binary<T: Element>(kind: BinaryKind, x: T, y: T) -> T {
    kind.scalar(x, y)
}

const BINARY_KINDS: &[BinaryKind] = BinaryKind::ALL;
const UNARY_KINDS: &[UnaryKind] = UnaryKind::ALL;
const AWKWARD_LENGTHS: [usize; 5] = [0, 1, 3, 17, 1023];

fn same<T: Element>(x: T, y: T) -> bool {
    x == y || (x.to_f64().is_nan() && y.to_f64().is_nan())
}

fn check_binary<T: Element>(a_shape: &[usize], b_shape: &[usize]) {
    let out_shape = broadcast_shape(a_shape, b_shape);
    let a = values::<T>(product(a_shape), 1);
    let b = values::<T>(product(b_shape), 2);
    for &kind in BINARY_KINDS {
        let mut out = vec![T::ZERO; product(&out_shape)];
        binary(kind, &a, a_shape, &b, b_shape, &mut out, &out_shape);
        let mut oracle = vec![T::ZERO; out.len()];
        scalar_oracle::binary(kind, &a, a_shape, &b, b_shape, &mut oracle, &out_shape);
        for (flat, (&got, &from_oracle)) in out.iter().zip(&oracle).enumerate() {
            let index = unravel(flat, &out_shape);
            let expected = apply_binary(
                kind,
                a[broadcast_offset(&index, a_shape)],
                b[broadcast_offset(&index, b_shape)],
            );
            assert!(same(got, expected) && same(from_oracle, expected),
                "{kind:?} {a_shape:?} {b_shape:?} at {index:?}: got {got:?}, oracle {from_oracle:?}, expected {expected:?}");
        }
    }
}

#[test]
fn binary_matches_naive_broadcasting() {
    let mut cases: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for len in AWKWARD_LENGTHS {
        cases.push((vec![len], vec![len]));
        cases.push((vec![len], vec![1]));
        cases.push((vec![], vec![len]));
        cases.push((vec![5, len], vec![len]));
        cases.push((vec![5, 1], vec![5, len]));
    }
    cases.extend([
        (vec![3, 1, 4], vec![2, 1]),
        (vec![1, 3], vec![4, 1]),
        (vec![2, 3, 4], vec![4]),
        (vec![2, 1, 4], vec![1, 3, 1]),
        (vec![2, 3, 1, 5], vec![3, 7, 1]),
        (vec![0, 3], vec![3]),
        (vec![1, 1], vec![1]),
        (vec![], vec![]),
    ]);
    for (a_shape, b_shape) in &cases {
        check_binary::<f32>(a_shape, b_shape);
        check_binary::<f64>(a_shape, b_shape);
        check_binary::<i32>(a_shape, b_shape);
        check_binary::<f32>(b_shape, a_shape);
    }
}

#[test]
fn i32_semantics() {
    let a = [7, -7, 5, i32::MIN, 2, 1, -1, -1, 3];
    let b = [2, 2, 0, -1, 31, -3, -3, -2, -1];
    let mut out = [0; 9];
    binary(BinaryKind::Div, &a, &[9], &b, &[9], &mut out, &[9]);
    assert_eq!(out[..5], [3, -3, 0, i32::MIN, 0]);
    binary(BinaryKind::Pow, &a, &[9], &b, &[9], &mut out, &[9]);
    assert_eq!(out[4..], [i32::MIN, 1, -1, 1, 0]);
    // Floor division and remainder never panic: MIN // -1 wraps (Rust's `%` panics on MIN % -1).
    binary(BinaryKind::FloorDiv, &a, &[9], &b, &[9], &mut out, &[9]);
    assert_eq!(out, [3, -4, 0, i32::MIN, 0, -1, 0, 0, -3]);
    binary(BinaryKind::Mod, &a, &[9], &b, &[9], &mut out, &[9]);
    assert_eq!(out, [1, 1, 0, 0, 2, -2, -1, -1, 0]);
    binary(
        BinaryKind::Add,
        &[i32::MAX],
        &[1],
        &[1],
        &[1],
        &mut out[..1],
        &[1],
    );
    assert_eq!(out[0], i32::MIN);
    let mut casted = [0i32; 6];
    cast(&[1.9f32, -1.9, f32::NAN, 3e9, -3e9, 0.5], &mut casted);
    assert_eq!(casted, [1, -1, 0, i32::MAX, i32::MIN, 0]);
    let mut back = [0.0f64; 2];
    cast(&[i32::MAX, -5], &mut back);
    assert_eq!(back, [i32::MAX as f64, -5.0]);
}

fn check_unary<T: Element>() {
    for len in AWKWARD_LENGTHS {
        let mut x = values::<T>(len, 3);
        if len > 2 {
            x[1] = T::ZERO;
            x[2] = T::from_f64(f64::NAN);
        }
        for &kind in UNARY_KINDS {
            let mut out = vec![T::ONE; len];
            unary(kind, &x, &mut out);
            let mut oracle = vec![T::ONE; len];
            scalar_oracle::unary(kind, &x, &mut oracle);
            // The float32 polynomials (exp, log, tanh, sigmoid, expm1, log1p, elu, erf, sin, cos, and
            // softplus, silu, selu, erfc and the gelus composed of them) run in f32: within 2
            // (composed: 4, erfc and gelu 8) float32 epsilons of the f64 scalar form, rounded
            // (their accuracy is tested in transcendental_tests.rs).
            use UnaryKind as U;
            let f32_polynomial = T::MANTISSA_DIGITS == 24
                && matches!(
                    kind,
                    U::Exp | U::Log | U::Tanh | U::Sigmoid | U::Softplus | U::Silu | U::Expm1 | U::Log1p | U::Elu | U::Selu | U::Erf | U::Erfc | U::Gelu | U::GeluApproximate | U::Sin | U::Cos
                );
            let epsilons = match kind {
                U::Erfc | U::Gelu => 8.0,
                U::Softplus | U::Silu | U::Selu | U::GeluApproximate => 4.0,
                _ => 2.0,
            };
            for i in 0..len {
                // Kinds with a float32 form of their own are checked against it in float32.
                let expected = if T::MANTISSA_DIGITS == 24 {
                    T::from_f64(kind.scalar_f32(x[i].to_f64() as f32) as f64)
                } else {
                    T::from_f64(kind.scalar(x[i].to_f64()))
                };
                assert!(same(out[i], oracle[i]), "{kind:?} of {:?}: lanes {:?}, scalar twin {:?}", x[i], out[i], oracle[i]);
                let close = if f32_polynomial {
                    let (o, e) = (out[i].to_f64(), expected.to_f64());
                    // (The approximate gelu's 1 + tanh cancels for x < 0: its error is relative
                    // to x/2, not to the result.)
                    let scale = if kind == U::GeluApproximate { e.abs().max(0.5 * x[i].to_f64().abs()) } else { e.abs() };
                    same(out[i], expected) || (o - e).abs() <= epsilons * f32::EPSILON as f64 * scale
                } else {
                    same(out[i], expected)
                };
                assert!(close, "{kind:?} of {:?}: {:?}, scalar form {:?}", x[i], out[i], expected);
            }
        }
    }
}

#[test]
fn unary_matches_scalar_math() {
    check_unary::<f32>();
    check_unary::<f64>();
    check_unary::<i32>();
    let mut out = [9.0f32; 2];
    unary(UnaryKind::Step, &[f32::NAN, 0.0], &mut out);
    assert_eq!(out, [0.0, 0.0]);
    let mut filled = [0i32; 5];
    fill(&mut filled, 7);
    assert_eq!(filled, [7; 5]);
}

/// Naive sum over axes in f64, by scattering every input element to its output offset.
fn naive_reduce_sum<T: Element>(x: &[T], shape: &[usize], axes: &[usize]) -> Vec<f64> {
    let kept: Vec<usize> = (0..shape.len()).filter(|d| !axes.contains(d)).collect();
    let kept_shape: Vec<usize> = kept.iter().map(|&d| shape[d]).collect();
    let mut out = vec![0.0; product(&kept_shape)];
    for (flat, v) in x.iter().enumerate() {
        let index = unravel(flat, shape);
        let offset = kept.iter().fold(0, |o, &d| o * shape[d] + index[d]);
        out[offset] += v.to_f64();
    }
    out
}

fn assert_close(got: f64, expected: f64, tolerance: f64, context: &str) {
    assert!(
        (got - expected).abs() <= tolerance * (1.0 + expected.abs()),
        "{context}: got {got}, expected {expected}"
    );
}

fn check_reduce_all_subsets<T: Element>(shape: &[usize], tolerance: f64) {
    let x = values::<T>(product(shape), 4);
    for mask in 0..(1u32 << shape.len()) {
        let axes: Vec<usize> = (0..shape.len()).filter(|d| mask & (1 << d) != 0).collect();
        let expected = naive_reduce_sum(&x, shape, &axes);
        let mut out = vec![T::ONE; expected.len()];
        reduce_sum(&x, shape, &axes, &mut out);
        let mut oracle = vec![T::ONE; expected.len()];
        scalar_oracle::reduce_sum(&x, shape, &axes, &mut oracle);
        for i in 0..expected.len() {
            let context = format!("{shape:?} axes {axes:?} [{i}]");
            assert_close(out[i].to_f64(), expected[i], tolerance, &context);
            assert_close(oracle[i].to_f64(), expected[i], tolerance, &context);
        }
    }
}

#[test]
fn reduce_sum_every_axis_subset() {
    for shape in [
        vec![3, 4, 5],
        vec![2, 1, 17],
        vec![1, 1023, 3],
        vec![40, 3, 70],
        vec![0, 3, 2],
        vec![5, 0, 1],
        vec![3],
        vec![],
    ] {
        check_reduce_all_subsets::<f32>(&shape, 1e-5);
        check_reduce_all_subsets::<f64>(&shape, 1e-12);
        check_reduce_all_subsets::<i32>(&shape, 0.0);
    }
    for len in AWKWARD_LENGTHS {
        check_reduce_all_subsets::<f32>(&[len], 1e-5);
        check_reduce_all_subsets::<f32>(&[len, 3], 1e-5);
    }
}

#[test]
fn reduce_sum_f32_stays_accurate_over_a_million_values() {
    let n = 1_000_000;
    // Positive values, so relative error is meaningful, and not exactly representable.
    let x: Vec<f32> = values::<f32>(n, 5).iter().map(|v| 1.1 + v).collect();
    let expected: f64 = x.iter().map(|&v| v as f64).sum();
    let mut total = [0.0f32];
    reduce_sum(&x, &[n], &[0], &mut total);
    assert_close(total[0] as f64, expected, 1e-6, "1e6 contiguous");
    // The same values as 250000 rows of 4: a sum down the outer axis.
    let mut columns = [0.0f32; 4];
    reduce_sum(&x, &[n / 4, 4], &[0], &mut columns);
    for (j, &c) in columns.iter().enumerate() {
        let expected: f64 = x.iter().skip(j).step_by(4).map(|&v| v as f64).sum();
        assert_close(c as f64, expected, 1e-6, "1e6 down rows");
    }
}

fn naive_matmul<T: Element>(
    a: &[T],
    b: &[T],
    m: usize,
    k: usize,
    n: usize,
    trans_a: bool,
    trans_b: bool,
) -> Vec<f64> {
    let mut out = vec![0.0; m * n];
    for i in 0..m {
        for j in 0..n {
            for p in 0..k {
                let a_ip = if trans_a { a[p * m + i] } else { a[i * k + p] };
                let b_pj = if trans_b { b[j * k + p] } else { b[p * n + j] };
                out[i * n + j] += a_ip.to_f64() * b_pj.to_f64();
            }
        }
    }
    out
}

fn check_matmul<T: Element>(m: usize, k: usize, n: usize, tolerance: f64) {
    let a = values::<T>(m * k, 6);
    let b = values::<T>(k * n, 7);
    for (trans_a, trans_b) in [(false, false), (true, false), (false, true), (true, true)] {
        let expected = naive_matmul(&a, &b, m, k, n, trans_a, trans_b);
        let mut out = vec![T::ONE; m * n];
        matmul(&a, &b, &mut out, m, k, n, trans_a, trans_b);
        let mut oracle = vec![T::ONE; m * n];
        scalar_oracle::matmul(&a, &b, &mut oracle, m, k, n, trans_a, trans_b);
        // Into memory never written (an op's new buffer): every element written, the same bits.
        let mut fresh: Vec<T> = Vec::with_capacity(m * n);
        super::matmul_uninit(&a, &b, &mut fresh.spare_capacity_mut()[..m * n], m, k, n, trans_a, trans_b);
        // SAFETY: matmul_uninit writes all m·n elements.
        unsafe { fresh.set_len(m * n) };
        assert!(fresh.iter().zip(&out).all(|(p, q)| p.to_f64().to_bits() == q.to_f64().to_bits()), "({m},{k},{n}) uninit");
        for i in 0..m * n {
            let context = format!("({m},{k},{n}) trans ({trans_a},{trans_b}) [{i}]");
            // Sums of k products of values below 2 in magnitude: error scales with k.
            assert_close(
                out[i].to_f64(),
                expected[i],
                tolerance * k.max(1) as f64,
                &context,
            );
            assert_close(
                oracle[i].to_f64(),
                expected[i],
                tolerance * k.max(1) as f64,
                &context,
            );
        }
    }
}

#[test]
fn matmul_every_transpose_and_awkward_sizes() {
    let sizes = [
        (1, 1, 1),
        (3, 5, 7),
        (20, 3, 1),
        (1, 3, 20),
        (1, 300, 9),
        (300, 9, 1),
        (4, 4, 4),
        (8, 8, 8),
        (65, 33, 17),
        (0, 3, 2),
        (2, 0, 3),
        (3, 2, 0),
        (9, 257, 20),
        (130, 300, 17),
        (5, 600, 2100),
    ];
    for (m, k, n) in sizes {
        check_matmul::<f32>(m, k, n, 1e-6);
        check_matmul::<f64>(m, k, n, 1e-14);
        if m * k * n < 1_000_000 {
            check_matmul::<i32>(m, k, n, 0.0);
        }
    }
}

/// Aᵀ·x with few rows (the tutorial's gradient Xᵀ·g, X 20×3; least squares' X 1,000,000×8): each
/// output adds the products in order of the columns, from zero, one at a time, or COLUMN_GROUP at
/// a time where the outputs fill one to four vectors (held in registers); and the product over
/// pieces of the columns, each a multiple of COLUMN_GROUP but the last, with y carried, is the
/// same. Also A·x with rows shorter than a vector (the tutorial's X·w).
fn check_transposed_matvec_in_column_order<T: Element>() {
    let lanes = <T::Lanes as simd::Simd>::LANES;
    for rows in [2, 3, 4, 8] {
        // (one row is a dot product, another kernel)
        let cols = 22; // five groups and two columns one by one
        let a = values::<T>(cols * rows, 8); // cols×rows, so Aᵀ is rows×cols
        let x = values::<T>(cols, 9);
        let mut out = vec![T::ONE; rows];
        matmul(&a, &x, &mut out, rows, cols, 1, true, false);
        let grouped = rows % lanes == 0 && rows <= 4 * lanes;
        for r in 0..rows {
            let product = |c: usize| x[c].mul(a[c * rows + r]);
            let mut expected = T::ZERO;
            let mut c = 0;
            while grouped && c + COLUMN_GROUP <= cols {
                expected = expected.add(product(c).add(product(c + 1)).add(product(c + 2).add(product(c + 3))));
                c += COLUMN_GROUP;
            }
            for c in c..cols {
                expected = expected.add(product(c));
            }
            assert_eq!(out[r].to_f64().to_bits(), expected.to_f64().to_bits(), "rows {rows}, output {r}");
        }
        // a is the row-major cols×rows matrix whose transpose the product takes.
        let mut pieces = vec![T::ZERO; rows];
        for first in (0..cols).step_by(2 * COLUMN_GROUP) {
            let end = cols.min(first + 2 * COLUMN_GROUP);
            matvec_transposed_accumulate(&a[first * rows..end * rows], end - first, rows, &x[first..end], &mut pieces);
        }
        let bits = |v: &[T]| v.iter().map(|e| e.to_f64().to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&pieces), bits(&out), "rows {rows}: the product over pieces of columns");
    }
    // And A·x with rows shorter than a vector (X·w): each output sums its row's products in order.
    for cols in 1..=3 {
        let rows = 20;
        let a = values::<T>(rows * cols, 10);
        let x = values::<T>(cols, 11);
        let mut out = vec![T::ONE; rows];
        matmul(&a, &x, &mut out, rows, cols, 1, false, false);
        for r in 0..rows {
            let mut expected = T::ZERO;
            for c in 0..cols {
                expected = expected.add(a[r * cols + c].mul(x[c]));
            }
            assert_eq!(out[r].to_f64().to_bits(), expected.to_f64().to_bits(), "cols {cols}, output {r}");
        }
    }
}

#[test]
fn matvec_with_fewer_rows_or_columns_than_a_vector_adds_in_order() {
    check_transposed_matvec_in_column_order::<f32>();
    check_transposed_matvec_in_column_order::<f64>();
}

#[test]
fn transpose_every_permutation() {
    let perms3 = [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ];
    let shapes: [&[usize]; 5] = [
        &[2, 3, 4],
        &[1, 5, 3],
        &[70, 1, 45],
        &[4, 0, 3],
        &[33, 2, 40],
    ];
    for shape in shapes {
        let x = values::<f32>(product(shape), 8);
        for perm in perms3 {
            let out_shape: Vec<usize> = perm.iter().map(|&p| shape[p]).collect();
            let mut out = vec![0.0f32; x.len()];
            transpose(&x, shape, &perm, &mut out);
            for (flat, &got) in out.iter().enumerate() {
                let out_index = unravel(flat, &out_shape);
                let mut in_index = [0; 3];
                for (d, &p) in perm.iter().enumerate() {
                    in_index[p] = out_index[d];
                }
                let offset = in_index.iter().zip(shape).fold(0, |o, (&i, &s)| o * s + i);
                assert_eq!(got, x[offset], "{shape:?} perm {perm:?} at {out_index:?}");
            }
        }
    }
    let mut scalar = [0i32];
    transpose(&[5], &[], &[], &mut scalar);
    assert_eq!(scalar, [5]);
}
