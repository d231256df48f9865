//! Kernels that walk one axis (or a block of reduced axes) of a tensor viewed as
//! `[outer, n, inner]`: folds over rows (max, min, prod, all, any), argmax/argmin, running sums
//! and products, softmax; and `select` (where), which broadcasts three operands.

use super::element::{Arith, Element};

/// out[r] = fold of row r of `x` (`rows` rows of `n` contiguous values), starting from `init`.
/// Reductions over other axes are brought to this form by a transpose in the op layer.
pub fn reduce_rows<T: Element>(x: &[T], n: usize, out: &mut [T], init: T, fold: impl Fn(T, T) -> T) {
    assert_eq!(x.len(), out.len() * n, "reduce_rows: x is not out.len() rows of n");
    if n == 0 {
        return out.fill(init);
    }
    for (o, row) in out.iter_mut().zip(x.chunks_exact(n)) {
        *o = row.iter().fold(init, |acc, &v| fold(acc, v));
    }
}

/// The index along the middle axis of `[outer, n, inner]` of the largest (`max`) or smallest
/// value, the first among ties; a NaN counts as the extreme (NumPy's rule), the first NaN wins.
pub fn argreduce<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, max: bool, out: &mut [i32]) {
    assert_eq!(x.len(), outer * n * inner, "argreduce: x does not match [outer, n, inner]");
    assert_eq!(out.len(), outer * inner, "argreduce: out does not match [outer, inner]");
    let better = |v: T, best: T| {
        let (v_nan, best_nan) = (v.is_nan(), best.is_nan());
        if best_nan {
            false
        } else if v_nan {
            true
        } else if max {
            v > best
        } else {
            v < best
        }
    };
    for o in 0..outer {
        for i in 0..inner {
            let base = o * n * inner + i;
            let mut best_index = 0;
            if n > 0 {
                let mut best = x[base];
                for j in 1..n {
                    let v = x[base + j * inner];
                    if better(v, best) {
                        best = v;
                        best_index = j;
                    }
                }
            }
            out[o * inner + i] = best_index as i32;
        }
    }
}

/// Running sum (`product` false) or product along the middle axis of `[outer, n, inner]`.
/// `exclusive` leaves out the current element (the first result is 0, or 1 for products);
/// `reverse` runs from the end.
#[allow(clippy::too_many_arguments)]
pub fn cumulative<T: Element>(
    x: &[T],
    outer: usize,
    n: usize,
    inner: usize,
    product: bool,
    exclusive: bool,
    reverse: bool,
    out: &mut [T],
) {
    assert_eq!(x.len(), outer * n * inner, "cumulative: x does not match [outer, n, inner]");
    assert_eq!(out.len(), x.len(), "cumulative: out and x differ in length");
    let (identity, step): (T, fn(T, T) -> T) = if product { (T::ONE, Arith::mul) } else { (T::ZERO, Arith::add) };
    for o in 0..outer {
        for i in 0..inner {
            let base = o * n * inner + i;
            let mut acc = identity;
            for j in 0..n {
                let k = if reverse { n - 1 - j } else { j };
                let at = base + k * inner;
                if exclusive {
                    out[at] = acc;
                    acc = step(acc, x[at]);
                } else {
                    acc = step(acc, x[at]);
                    out[at] = acc;
                }
            }
        }
    }
}

/// The largest finite-or-not value of a strided lane (-inf for an empty or all-NaN lane is not
/// needed: NaN propagates through the exponentials as it should).
fn lane_max<T: Element>(x: &[T], base: usize, n: usize, inner: usize) -> f64 {
    let mut m = f64::NEG_INFINITY;
    for j in 0..n {
        let v = x[base + j * inner].to_f64();
        if v > m || v.is_nan() {
            m = v;
        }
    }
    m
}

/// softmax along the middle axis of `[outer, n, inner]`: e^(x - max) / sum e^(x - max), in f64
/// for each lane (float32 rounds once at the end). A lane whose max is infinite follows TF
/// (inf - inf = NaN), as does NaN.
pub fn softmax<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [T]) {
    along_lanes(x, outer, n, inner, out, |lane, m| {
        let mut total = 0.0;
        for v in lane.iter_mut() {
            *v = (*v - m).exp();
            total += *v;
        }
        for v in lane.iter_mut() {
            *v /= total;
        }
    })
}

/// log softmax along the middle axis: x - max - log(sum e^(x - max)).
pub fn log_softmax<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [T]) {
    along_lanes(x, outer, n, inner, out, |lane, m| {
        let total: f64 = lane.iter().map(|&v| (v - m).exp()).sum();
        let log_total = total.ln();
        for v in lane.iter_mut() {
            *v = *v - m - log_total;
        }
    })
}

/// Gathers each lane into f64, calls `f(lane, lane max)`, and writes it back.
fn along_lanes<T: Element>(x: &[T], outer: usize, n: usize, inner: usize, out: &mut [T], f: impl Fn(&mut [f64], f64)) {
    assert_eq!(x.len(), outer * n * inner, "softmax: x does not match [outer, n, inner]");
    assert_eq!(out.len(), x.len(), "softmax: out and x differ in length");
    let mut lane = vec![0.0; n];
    for o in 0..outer {
        for i in 0..inner {
            let base = o * n * inner + i;
            let m = lane_max(x, base, n, inner);
            for (j, v) in lane.iter_mut().enumerate() {
                *v = x[base + j * inner].to_f64();
            }
            f(&mut lane, m);
            for (j, &v) in lane.iter().enumerate() {
                out[base + j * inner] = T::from_f64(v);
            }
        }
    }
}

/// Row-major strides of `shape` seen through `out_shape` (right-aligned), 0 on broadcast dims.
fn strides_in(shape: &[usize], out_shape: &[usize]) -> Vec<usize> {
    let mut strides = vec![0; out_shape.len()];
    let mut stride = 1;
    for (i, &size) in shape.iter().enumerate().rev() {
        if size != 1 {
            strides[out_shape.len() - shape.len() + i] = stride;
        }
        stride *= size;
    }
    strides
}

#[allow(clippy::too_many_arguments)]
pub(super) fn select<T: Element>(
    cond: &[u8],
    cond_shape: &[usize],
    x: &[T],
    x_shape: &[usize],
    y: &[T],
    y_shape: &[usize],
    out: &mut [T],
    out_shape: &[usize],
) {
    assert_eq!(out.len(), out_shape.iter().product::<usize>(), "select: out does not match out_shape");
    assert_eq!(cond.len(), cond_shape.iter().product::<usize>(), "select: cond does not match its shape");
    assert_eq!(x.len(), x_shape.iter().product::<usize>(), "select: x does not match its shape");
    assert_eq!(y.len(), y_shape.iter().product::<usize>(), "select: y does not match its shape");
    if out.is_empty() {
        return;
    }
    if cond.len() == out.len() && x.len() == out.len() && y.len() == out.len() {
        for (i, o) in out.iter_mut().enumerate() {
            *o = if cond[i] != 0 { x[i] } else { y[i] };
        }
        return;
    }
    let (sc, sx, sy) = (strides_in(cond_shape, out_shape), strides_in(x_shape, out_shape), strides_in(y_shape, out_shape));
    let rank = out_shape.len();
    let mut index = vec![0usize; rank];
    let (mut c, mut a, mut b) = (0usize, 0usize, 0usize);
    for o in out.iter_mut() {
        *o = if cond[c] != 0 { x[a] } else { y[b] };
        for d in (0..rank).rev() {
            index[d] += 1;
            c += sc[d];
            a += sx[d];
            b += sy[d];
            if index[d] < out_shape[d] {
                break;
            }
            c -= sc[d] * index[d];
            a -= sx[d] * index[d];
            b -= sy[d] * index[d];
            index[d] = 0;
        }
    }
}
