//! Runs a SIMD kernel and its scalar twin on the same pseudo-random input inside wasm, so the TS
//! tests can check the simd128 code paths that native `cargo test` never compiles.

use gradtape_core::kernels::{self, BinaryKind, UnaryKind};

/// Small deterministic generator (xorshift32) for test inputs in [-2, 2).
fn inputs(n: usize, seed: u32) -> Vec<f64> {
    let mut s = seed.max(1);
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 17;
            s ^= s << 5;
            (s as f64 / u32::MAX as f64) * 4.0 - 2.0
        })
        .collect()
}

fn max_diff<T: kernels::Element>(a: &[T], b: &[T]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x.to_f64() - y.to_f64()).abs()).fold(0.0, f64::max)
}

fn check<T: kernels::Element>(kernel: u32, n: usize, seed: u32) -> f64 {
    let a: Vec<T> = inputs(n, seed).into_iter().map(T::from_f64).collect();
    let b: Vec<T> = inputs(n, seed ^ 0x9E37).into_iter().map(|v| T::from_f64(v.abs() + 0.5)).collect();
    let mut fast = vec![T::ZERO; n];
    let mut oracle = vec![T::ZERO; n];
    let shape = [n];
    let binary = |kind: BinaryKind, fast: &mut [T], oracle: &mut [T]| {
        kernels::binary(kind, &a, &shape, &b, &shape, fast, &shape);
        kernels::scalar_oracle::binary(kind, &a, &shape, &b, &shape, oracle, &shape);
    };
    let unary = |kind: UnaryKind, fast: &mut [T], oracle: &mut [T]| {
        kernels::unary(kind, &b, fast);
        kernels::scalar_oracle::unary(kind, &b, oracle);
    };
    match kernel {
        0 => binary(BinaryKind::Add, &mut fast, &mut oracle),
        1 => binary(BinaryKind::Sub, &mut fast, &mut oracle),
        2 => binary(BinaryKind::Mul, &mut fast, &mut oracle),
        3 => binary(BinaryKind::Div, &mut fast, &mut oracle),
        4 => unary(UnaryKind::Neg, &mut fast, &mut oracle),
        5 => unary(UnaryKind::Sqrt, &mut fast, &mut oracle),
        6 => unary(UnaryKind::Abs, &mut fast, &mut oracle),
        7 => {
            // reduce_sum over the whole vector
            let mut f = [T::ZERO];
            let mut o = [T::ZERO];
            kernels::reduce_sum(&a, &shape, &[0], &mut f);
            kernels::scalar_oracle::reduce_sum(&a, &shape, &[0], &mut o);
            // relative to the magnitude of the sum of absolute values
            let scale = a.iter().map(|v| v.to_f64().abs()).sum::<f64>().max(1.0);
            return (f[0].to_f64() - o[0].to_f64()).abs() / scale;
        }
        8 => {
            // matmul of n×7 by 7×5 (awkward tile edges)
            let (m, k, nn) = (n, 7, 5);
            let a: Vec<T> = inputs(m * k, seed).into_iter().map(T::from_f64).collect();
            let b: Vec<T> = inputs(k * nn, seed ^ 7).into_iter().map(T::from_f64).collect();
            let mut f = vec![T::ZERO; m * nn];
            let mut o = vec![T::ZERO; m * nn];
            kernels::matmul(&a, &b, &mut f, m, k, nn, false, false);
            kernels::scalar_oracle::matmul(&a, &b, &mut o, m, k, nn, false, false);
            return max_diff(&f, &o);
        }
        9 | 10 => {
            // matrix-vector products on the skinny shapes of least squares: (n×8)·(8×1) and,
            // with A stored n×8 and transposed, (8×n)·(n×1)
            let transpose = kernel == 10;
            let (m, k) = if transpose { (8, n) } else { (n, 8) };
            let a: Vec<T> = inputs(m * k, seed).into_iter().map(T::from_f64).collect();
            let b: Vec<T> = inputs(k, seed ^ 11).into_iter().map(T::from_f64).collect();
            let mut f = vec![T::ZERO; m];
            let mut o = vec![T::ZERO; m];
            kernels::matmul(&a, &b, &mut f, m, k, 1, transpose, false);
            kernels::scalar_oracle::matmul(&a, &b, &mut o, m, k, 1, transpose, false);
            let scale = (k as f64).max(1.0);
            return max_diff(&f, &o) / scale;
        }
        _ => return f64::INFINITY,
    }
    max_diff(&fast, &oracle)
}

/// Kernel self-check: runs kernel `kernel` (0 add, 1 sub, 2 mul, 3 div, 4 neg, 5 sqrt, 6 abs,
/// 7 reduce_sum, 8 matmul n×7·7×5, 9 matrix-vector n×8·8×1, 10 transposed 8×n·n×1) on `n` inputs in dtype `dtype` (0 f32, 1 f64) through the
/// dispatching (SIMD) path and the scalar oracle; returns the largest difference (0 when equal).
#[no_mangle]
pub extern "C" fn gt_kernel_check(kernel: u32, dtype: u32, n: u32, seed: u32) -> f64 {
    match dtype {
        0 => check::<f32>(kernel, n as usize, seed),
        1 => check::<f64>(kernel, n as usize, seed),
        _ => f64::INFINITY,
    }
}
