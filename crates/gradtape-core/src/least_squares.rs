//! The dense linear algebra of the least-squares solvers: Householder QR with column pivoting of a
//! tall Jacobian, J P = Q R, with Qᵀb for the residuals (Moré 1978, section 3; MINPACK's qrfac).
//! The solvers (Levenberg-Marquardt, trust region reflective) are in TypeScript; they factor here
//! because the factorization is the one O(m n²) step of an iteration, about three times faster as
//! wasm than as JavaScript.
//!
//! The arithmetic is in a fixed order (norms and dot products in four running sums, combined as
//! (s0 + s1) + (s2 + s3)), so results do not depend on the compiler or the target.

const EPSILON: f64 = f64::EPSILON;

/// ‖x‖. Like MINPACK's enorm, the squares are summed directly when the sum stays well inside
/// float64's range (one pass, the common case); otherwise the entries are scaled by the largest so
/// extreme values neither overflow nor underflow when squared. NaN and ±∞ propagate.
pub fn euclidean_norm(x: &[f64]) -> f64 {
    let sum = dot(x, x);
    // A square below 1e-308 may have underflowed, but beside a sum above 1e-280 it cannot matter.
    if (1e-280..=1e280).contains(&sum) {
        return sum.sqrt();
    }
    let mut largest = 0.0_f64;
    for v in x {
        let a = v.abs();
        if a.is_nan() {
            return f64::NAN;
        }
        if a > largest {
            largest = a;
        }
    }
    if largest == 0.0 || largest.is_infinite() {
        return largest;
    }
    let mut scaled_sum = 0.0;
    for v in x {
        let scaled = v / largest;
        scaled_sum += scaled * scaled;
    }
    largest * scaled_sum.sqrt()
}

/// x · y over the shorter length, in four running sums (one sum's additions wait on each other;
/// four independent chains keep the floating-point unit busy).
pub fn dot(x: &[f64], y: &[f64]) -> f64 {
    let len = x.len().min(y.len());
    let (x, y) = (&x[..len], &y[..len]);
    let (mut s0, mut s1, mut s2, mut s3) = (0.0, 0.0, 0.0, 0.0);
    let mut xs = x.chunks_exact(4);
    let mut ys = y.chunks_exact(4);
    for (a, b) in (&mut xs).zip(&mut ys) {
        s0 += a[0] * b[0];
        s1 += a[1] * b[1];
        s2 += a[2] * b[2];
        s3 += a[3] * b[3];
    }
    for (a, b) in xs.remainder().iter().zip(ys.remainder()) {
        s0 += a * b;
    }
    (s0 + s1) + (s2 + s3)
}

/// The factorization of [`pivoted_qr`].
pub struct PivotedQr<'a> {
    /// R, n×n upper triangular, row-major (`r[i * n + j]`, zero below the diagonal).
    pub r: &'a mut [f64],
    /// Column k of J P is column `permutation[k]` of J.
    pub permutation: &'a mut [usize],
    /// ‖column j of J‖, in J's own (unpivoted) order.
    pub column_norms: &'a mut [f64],
}

/// Factors `a` (m×n, column-major: entry (i, j) at `j * m + i`, m ≥ n) in place into `out` and
/// overwrites `b` (m entries) with Qᵀb. Pivoting brings the remaining column of largest norm
/// forward at each step, so R's diagonal decreases in magnitude and a rank deficiency shows up as
/// trailing zeros. `norms` and `computed` are scratch of n entries.
pub fn pivoted_qr(a: &mut [f64], m: usize, n: usize, b: &mut [f64], out: PivotedQr, scratch: &mut [f64]) {
    let PivotedQr { r, permutation, column_norms } = out;
    let (norms, computed) = scratch[..2 * n].split_at_mut(n);
    r[..n * n].fill(0.0);
    // The norm of each column below the current row, for pivoting. Computed once and downdated as
    // each row is split off (‖a_k‖² loses r_jk²), as qrfac does; when the downdate has cancelled
    // most of the norm it has lost its accuracy, and the norm is computed afresh.
    for k in 0..n {
        permutation[k] = k;
        norms[k] = euclidean_norm(&a[k * m..(k + 1) * m]);
        column_norms[k] = norms[k];
        computed[k] = norms[k];
    }
    for j in 0..n {
        let mut best = j;
        for k in j + 1..n {
            if norms[k] > norms[best] {
                best = k;
            }
        }
        if best != j {
            for i in 0..m {
                a.swap(j * m + i, best * m + i);
            }
            for i in 0..j {
                r.swap(i * n + j, i * n + best);
            }
            permutation.swap(j, best);
            norms.swap(j, best);
            computed.swap(j, best);
        }
        let col = j * m;
        let norm = euclidean_norm(&a[col + j..col + m]);
        if norm == 0.0 {
            continue; // the column is zero below row j: R's diagonal gets a zero
        }
        // Reflector H = I - 2 v vᵀ / (vᵀv) with v = a_j - α e_j, α = -sign(a_jj)·‖a_j‖ so that
        // forming v[0] = a_jj - α never cancels. H a_j = α e_j, and vᵀv = 2α² - 2α a_jj = -2α v[0].
        // A zero a_jj takes α = -‖a_j‖, as MINPACK's qrfac does, so R and Qᵀb have its signs.
        let alpha = if a[col + j] < 0.0 { norm } else { -norm };
        // Far from float64's middle range, vᵀv = -2α v[0] would underflow (a column near 1e-288
        // in a fit's Jacobian) or overflow, and H would be NaN or I: v is then divided by ‖a_j‖
        // first, as qrfac always does, so that H is formed from entries of order 1.
        let unit = if (1e-100..=1e100).contains(&norm) { 1.0 } else { norm };
        if unit != 1.0 {
            for x in &mut a[col + j + 1..col + m] {
                *x /= unit;
            }
        }
        let v0 = (a[col + j] - alpha) / unit;
        a[col + j] = v0;
        let two_over_vv = -1.0 / ((alpha / unit) * v0);
        r[j * n + j] = alpha;
        let (head, tail) = a.split_at_mut((j + 1) * m);
        let v = &head[col + j..col + m];
        for k in j + 1..n {
            let other = &mut tail[(k - j - 1) * m + j..(k - j) * m];
            let scale = two_over_vv * dot(v, other);
            for (o, vi) in other.iter_mut().zip(v) {
                *o -= scale * vi;
            }
            let rjk = other[0];
            r[j * n + k] = rjk;
            if norms[k] != 0.0 {
                let ratio = rjk / norms[k];
                // max(0, ·) that keeps a NaN (as JavaScript's Math.max does)
                let left = 1.0 - ratio * ratio;
                norms[k] *= if left.is_nan() { f64::NAN } else { left.max(0.0) }.sqrt();
                let kept = norms[k] / computed[k];
                if 0.05 * kept * kept <= EPSILON {
                    norms[k] = euclidean_norm(&other[1..]);
                    computed[k] = norms[k];
                }
            }
        }
        let rhs = &mut b[j..m];
        let scale = two_over_vv * dot(v, rhs);
        for (w, vi) in rhs.iter_mut().zip(v) {
            *w -= scale * vi;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(a: &[f64], m: usize, n: usize, b: &[f64]) -> (Vec<f64>, Vec<usize>, Vec<f64>, Vec<f64>) {
        let (mut a, mut b) = (a.to_vec(), b.to_vec());
        let (mut r, mut permutation, mut norms, mut scratch) = (vec![0.0; n * n], vec![0; n], vec![0.0; n], vec![0.0; 2 * n]);
        pivoted_qr(&mut a, m, n, &mut b, PivotedQr { r: &mut r, permutation: &mut permutation, column_norms: &mut norms }, &mut scratch);
        (r, permutation, norms, b)
    }

    #[test]
    fn r_reproduces_j_p_and_pivots_by_norm() {
        // J P = Q R implies (J P)ᵀ(J P) = Rᵀ R, and Q orthogonal keeps ‖b‖.
        let (m, n) = (7, 3);
        let a: Vec<f64> = (0..m * n).map(|i| ((i * 37 % 11) as f64 - 5.0) * if i / m == 2 { 10.0 } else { 1.0 }).collect();
        let b: Vec<f64> = (0..m).map(|i| (i as f64).sin()).collect();
        let (r, p, norms, qtb) = factor(&a, m, n, &b);
        assert_eq!(p[0], 2, "the column of largest norm comes first");
        for i in 0..n {
            for j in 0..n {
                let jtj = dot(&a[p[i] * m..(p[i] + 1) * m], &a[p[j] * m..(p[j] + 1) * m]);
                let rtr: f64 = (0..n).map(|k| r[k * n + i] * r[k * n + j]).sum();
                assert!((jtj - rtr).abs() <= 1e-12 * jtj.abs().max(1.0), "({i}, {j}): {jtj} vs {rtr}");
            }
            assert!((norms[i] - euclidean_norm(&a[i * m..(i + 1) * m])).abs() == 0.0);
        }
        assert!((euclidean_norm(&qtb) - euclidean_norm(&b)).abs() <= 1e-13);
        assert!(r[0].abs() >= r[n + 1].abs() && r[n + 1].abs() >= r[2 * n + 2].abs(), "|diag(R)| decreases");
    }

    #[test]
    fn columns_near_the_ends_of_the_range_factor_as_scaled_copies() {
        // R of J·s is R of J times s, also where s² underflows or overflows (no NaN, no identity H).
        let (m, n) = (6, 2);
        let a: Vec<f64> = (0..m * n).map(|i| ((i * 5 % 7) as f64 - 3.0) + 0.5).collect();
        let b: Vec<f64> = (0..m).map(|i| i as f64 - 2.0).collect();
        let (r, p, _, qtb) = factor(&a, m, n, &b);
        for s in [1e-288, 1e-160, 1e160, 1e288] {
            let scaled: Vec<f64> = a.iter().map(|v| v * s).collect();
            let (rs, ps, _, qtbs) = factor(&scaled, m, n, &b);
            assert_eq!(ps, p);
            for k in 0..n * n {
                assert!((rs[k] / s - r[k]).abs() <= 1e-13 * r[k].abs().max(1.0), "scale {s}, R[{k}]: {} vs {}", rs[k] / s, r[k]);
            }
            for k in 0..m {
                assert!((qtbs[k] - qtb[k]).abs() <= 1e-13, "scale {s}, Qᵀb[{k}]: {} vs {}", qtbs[k], qtb[k]);
            }
        }
    }

    #[test]
    fn a_zero_column_gives_a_zero_diagonal_last() {
        let (m, n) = (4, 2);
        let a = [0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 3.0, 4.0];
        let (r, p, _, _) = factor(&a, m, n, &[1.0; 4]);
        assert_eq!(p, vec![1, 0]);
        assert_eq!(r[3], 0.0);
        assert!((r[0].abs() - 30f64.sqrt()).abs() < 1e-14);
    }

    #[test]
    fn norm_is_exact_for_extreme_values_and_propagates_nan() {
        // The squares would overflow (underflow): the scaled sum is right to rounding.
        assert!((euclidean_norm(&[3e200, 4e200]) / 5e200 - 1.0).abs() <= 2.0 * f64::EPSILON);
        assert!((euclidean_norm(&[3e-200, 4e-200]) / 5e-200 - 1.0).abs() <= 2.0 * f64::EPSILON);
        assert!(euclidean_norm(&[1.0, f64::NAN]).is_nan());
        assert_eq!(euclidean_norm(&[1.0, f64::INFINITY]), f64::INFINITY);
        assert_eq!(euclidean_norm(&[]), 0.0);
    }
}
