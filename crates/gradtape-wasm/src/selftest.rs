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

/// Like `max_diff`, but NaN against NaN counts as equal, NaN against a number as infinitely
/// different, and +0 against -0 as a (tiny) difference.
fn max_diff_bits<T: kernels::Element>(a: &[T], b: &[T]) -> f64 {
    let diff = |x: f64, y: f64| match (x.is_nan(), y.is_nan()) {
        (true, true) => 0.0,
        (false, false) if x.to_bits() == y.to_bits() => 0.0,
        (false, false) if x == y => f64::MIN_POSITIVE,
        (false, false) => (x - y).abs(),
        _ => f64::INFINITY,
    };
    a.iter().zip(b).map(|(x, y)| diff(x.to_f64(), y.to_f64())).fold(0.0, f64::max)
}

/// Inputs for the transcendental kernels: `inputs` mapped into the function's range, with
/// special values (signed zeros, infinities, NaN, subnormals, the overflow edge) mixed in so
/// that they share vectors with ordinary values and also land in the scalar tail.
fn transcendental_inputs<T: kernels::Element>(kernel: u32, n: usize, seed: u32) -> Vec<T> {
    let single = T::MANTISSA_DIGITS == 24;
    let specials = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0,
        -1.0,
        if single { 1e-40 } else { 1e-310 },
        if single { 88.72 } else { 709.78 },
        if single { -100.0 } else { -740.0 },
        -3e-39,
    ];
    inputs(n, seed)
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            if i % 3 == 1 {
                return T::from_f64(specials[(i / 3) % specials.len()]);
            }
            T::from_f64(match kernel {
                // exp: past overflow and underflow on both sides
                11 => v * if single { 60.0 } else { 400.0 },
                // log: 1e-40..1e40 (f32) / 1e-320..1e320 (f64), and some negatives
                12 => {
                    let x = 10f64.powf(v * if single { 20.0 } else { 160.0 });
                    if i % 7 == 5 { -x } else { x }
                }
                13 => v * 6.0,
                // sin and cos: within their lanes' limit (8192 / 524288) and beyond
                33 => v * if single { 2e4 } else { 2e6 },
                _ => v * if single { 60.0 } else { 400.0 },
            })
        })
        .collect()
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
        11..=14 => {
            // transcendental.rs's polynomials: simd128 lanes and scalar twin run one algorithm,
            // so they must agree bit for bit (up to NaN payloads)
            let x: Vec<T> = transcendental_inputs(kernel, n, seed);
            match kernel {
                11 => {
                    kernels::unary(UnaryKind::Exp, &x, &mut fast);
                    kernels::scalar_oracle::unary(UnaryKind::Exp, &x, &mut oracle);
                }
                12 => {
                    kernels::unary(UnaryKind::Log, &x, &mut fast);
                    kernels::scalar_oracle::unary(UnaryKind::Log, &x, &mut oracle);
                }
                13 => {
                    kernels::tanh(&x, &mut fast);
                    kernels::scalar_oracle::tanh(&x, &mut oracle);
                }
                _ => {
                    kernels::sigmoid(&x, &mut fast);
                    kernels::scalar_oracle::sigmoid(&x, &mut oracle);
                }
            }
            return max_diff_bits(&fast, &oracle);
        }
        15 => {
            // relu, with the specials of the transcendental inputs (NaN, -0, infinities)
            let x: Vec<T> = transcendental_inputs(11, n, seed);
            kernels::unary(UnaryKind::Relu, &x, &mut fast);
            kernels::scalar_oracle::unary(UnaryKind::Relu, &x, &mut oracle);
            return max_diff_bits(&fast, &oracle);
        }
        16 => {
            // maximum, NaNs on either side
            let x: Vec<T> = transcendental_inputs(11, n, seed);
            let y: Vec<T> = transcendental_inputs(13, n, seed ^ 5);
            kernels::binary(BinaryKind::Maximum, &x, &shape, &y, &shape, &mut fast, &shape);
            kernels::scalar_oracle::binary(BinaryKind::Maximum, &x, &shape, &y, &shape, &mut oracle, &shape);
            return max_diff_bits(&fast, &oracle);
        }
        17..=19 => {
            // row kernels on 3 rows of n: softmax, max, argmax
            let x: Vec<T> = inputs(3 * n, seed).into_iter().map(|v| T::from_f64(v * 30.0)).collect();
            match kernel {
                17 => {
                    let (mut f, mut o) = (vec![T::ZERO; 3 * n], vec![T::ZERO; 3 * n]);
                    kernels::softmax_rows(&x, n, &mut f, false);
                    kernels::rows_oracle::softmax_rows(&x, n, &mut o, false);
                    return max_diff_bits(&f, &o);
                }
                18 => {
                    let (mut f, mut o) = ([T::ZERO; 3], [T::ZERO; 3]);
                    kernels::extreme_rows(&x, n, &mut f, true);
                    kernels::rows_oracle::extreme_rows(&x, n, &mut o, true);
                    return max_diff_bits(&f, &o);
                }
                _ => {
                    let (mut f, mut o) = ([0i32; 3], [0i32; 3]);
                    kernels::arg_rows(&x, n, &mut f, true);
                    kernels::rows_oracle::arg_rows(&x, n, &mut o, true);
                    return if f == o { 0.0 } else { f64::INFINITY };
                }
            }
        }
        23..=34 => {
            // The kinds composed from transcendental.rs's polynomials, each on the inputs of one
            // of 11-14 (or sin's): softplus (23) and silu (24) on sigmoid's; expm1 (25) on exp's;
            // log1p (26) on tanh's (-6..6, so (-1, 0) and below -1 too); elu (27) and selu (28) on
            // sigmoid's; erf (29), erfc (30), gelu (31) and the approximate gelu (32) on tanh's and
            // sigmoid's; sin (33) and cos (34) within the lanes' limit and beyond
            let (kind, like) = [
                (UnaryKind::Softplus, 14),
                (UnaryKind::Silu, 14),
                (UnaryKind::Expm1, 11),
                (UnaryKind::Log1p, 13),
                (UnaryKind::Elu, 14),
                (UnaryKind::Selu, 14),
                (UnaryKind::Erf, 13),
                (UnaryKind::Erfc, 14),
                (UnaryKind::Gelu, 14),
                (UnaryKind::GeluApproximate, 14),
                (UnaryKind::Sin, 33),
                (UnaryKind::Cos, 33),
            ][kernel as usize - 23];
            let x: Vec<T> = transcendental_inputs(like, n, seed);
            kernels::unary(kind, &x, &mut fast);
            kernels::scalar_oracle::unary(kind, &x, &mut oracle);
            return max_diff_bits(&fast, &oracle);
        }
        21 | 22 => {
            // softmax (21) and log softmax (22) along the middle axis of [2, 5, n]: n neighbouring
            // lanes per slab, with infinities and a NaN mixed in (their lanes give NaN or zeros)
            let specials = [f64::INFINITY, f64::NEG_INFINITY, f64::NAN, -1e30];
            let x: Vec<T> = inputs(10 * n, seed)
                .into_iter()
                .enumerate()
                .map(|(i, v)| T::from_f64(if i % 37 == 36 { specials[(i / 37) % specials.len()] } else { v * 30.0 }))
                .collect();
            let (mut f, mut o) = (vec![T::ZERO; 10 * n], vec![T::ZERO; 10 * n]);
            kernels::softmax_lanes(&x, 2, 5, n, &mut f, kernel == 22);
            kernels::rows_oracle::softmax_lanes(&x, 2, 5, n, &mut o, kernel == 22);
            return max_diff_bits(&f, &o);
        }
        20 => {
            // where(cond, x, y), same shapes: the (autovectorised) kernel against a plain loop
            let x: Vec<T> = transcendental_inputs(11, n, seed);
            let y: Vec<T> = transcendental_inputs(13, n, seed ^ 5);
            let cond: Vec<u8> = inputs(n, seed ^ 9).into_iter().map(|v| (v > 0.0) as u8).collect();
            kernels::select(&cond, &shape, &x, &shape, &y, &shape, &mut fast, &shape);
            for i in 0..n {
                oracle[i] = if cond[i] != 0 { x[i] } else { y[i] };
            }
            return max_diff_bits(&fast, &oracle);
        }
        _ => return f64::INFINITY,
    }
    max_diff(&fast, &oracle)
}

/// Kernel self-check: runs kernel `kernel` (0 add, 1 sub, 2 mul, 3 div, 4 neg, 5 sqrt, 6 abs,
/// 7 reduce_sum, 8 matmul n×7·7×5, 9 matrix-vector n×8·8×1, 10 transposed 8×n·n×1, 11 exp,
/// 12 log, 13 tanh, 14 sigmoid, 15 relu, 16 maximum, 17 softmax rows, 18 max rows, 19 argmax
/// rows, 20 where, 21 softmax along a middle axis, 22 log softmax along it, 23 softplus, 24 silu,
/// 25 expm1, 26 log1p, 27 elu, 28 selu, 29 erf, 30 erfc, 31 gelu, 32 approximate gelu, 33 sin,
/// 34 cos)
/// on `n` inputs in dtype `dtype` (0 f32, 1 f64) through the
/// dispatching (SIMD) path and the scalar oracle; returns the largest difference (0 when equal).
#[no_mangle]
pub extern "C" fn gt_kernel_check(kernel: u32, dtype: u32, n: u32, seed: u32) -> f64 {
    match dtype {
        0 => check::<f32>(kernel, n as usize, seed),
        1 => check::<f64>(kernel, n as usize, seed),
        _ => f64::INFINITY,
    }
}
