// The real Schur decomposition A = U T Uᵀ of a real square matrix, in plain float64 numbers:
// U orthogonal and T quasi upper triangular (1×1 blocks for real eigenvalues, 2×2 blocks for
// complex conjugate pairs). Householder reduction to Hessenberg form, then Francis double-shift
// QR iterations with deflation (EISPACK's orthes and hqr2 as JAMA writes them, stopped before
// hqr2's eigenvector back-substitution). A 2×2 block with real eigenvalues is split by a rotation,
// so every remaining 2×2 block holds a complex pair. Used by tf.linalg.sqrtm, as TensorFlow's
// kernel runs Eigen's RealSchur.

const EPS = 2 ** -52;

/** The decomposition of an n×n matrix (row-major arrays). */
export interface RealSchur {
  n: number;
  /** Row-major n×n: quasi upper triangular; zero below the diagonal outside the 2×2 blocks. */
  t: Float64Array;
  /** Row-major n×n orthogonal: a = u t uᵀ. */
  u: Float64Array;
  /** blockStart[i]: whether row i starts a 2×2 block (a complex pair at i, i + 1). */
  pairAt: boolean[];
}

/** `a`'s real Schur decomposition (`a` row-major n×n; it is not modified). */
export function realSchur(a: ArrayLike<number>, n: number): RealSchur {
  const H = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => a[i * n + j]!));
  const V = Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  hessenberg(H, V, n);
  const e = francisQr(H, V, n);
  const pairAt = Array.from({ length: n }, (_, i) => i + 1 < n && e[i]! > 0 && e[i + 1]! < 0);
  const t = new Float64Array(n * n), u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // Below the diagonal only a complex pair's subdiagonal entry remains.
      const keep = j >= i || (j === i - 1 && pairAt[j]);
      t[i * n + j] = keep ? H[i]![j]! : 0;
      u[i * n + j] = V[i]![j]!;
    }
  }
  return { n, t, u, pairAt };
}

/** orthes: H ← QᵀHQ upper Hessenberg by Householder reflections, V ← V Q. */
function hessenberg(H: Float64Array[], V: Float64Array[], n: number): void {
  const high = n - 1;
  const ort = new Float64Array(n);
  for (let m = 1; m <= high - 1; m++) {
    let scale = 0;
    for (let i = m; i <= high; i++) scale += Math.abs(H[i]![m - 1]!);
    if (scale === 0) continue;
    // The reflection I - u uᵀ / h that zeroes column m - 1 below row m.
    let h = 0;
    for (let i = high; i >= m; i--) {
      ort[i] = H[i]![m - 1]! / scale;
      h += ort[i]! * ort[i]!;
    }
    let g = Math.sqrt(h);
    if (ort[m]! > 0) g = -g;
    h -= ort[m]! * g;
    ort[m] = ort[m]! - g;
    for (let j = m; j < n; j++) {
      let f = 0;
      for (let i = high; i >= m; i--) f += ort[i]! * H[i]![j]!;
      f /= h;
      for (let i = m; i <= high; i++) H[i]![j] = H[i]![j]! - f * ort[i]!;
    }
    for (let i = 0; i <= high; i++) {
      let f = 0;
      for (let j = high; j >= m; j--) f += ort[j]! * H[i]![j]!;
      f /= h;
      for (let j = m; j <= high; j++) H[i]![j] = H[i]![j]! - f * ort[j]!;
    }
    ort[m] = scale * ort[m]!;
    H[m]![m - 1] = scale * g;
  }
  // V = Q: the reflections accumulated (their vectors are still in H below the subdiagonal).
  for (let m = high - 1; m >= 1; m--) {
    if (H[m]![m - 1] === 0) continue;
    for (let i = m + 1; i <= high; i++) ort[i] = H[i]![m - 1]!;
    for (let j = m; j <= high; j++) {
      let g = 0;
      for (let i = m; i <= high; i++) g += ort[i]! * V[i]![j]!;
      // Two divisions, to avoid underflow.
      g = g / ort[m]! / H[m]![m - 1]!;
      for (let i = m; i <= high; i++) V[i]![j] = V[i]![j]! + g * ort[i]!;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i - 1; j++) H[i]![j] = 0;
}

/** hqr2's QR iterations on the Hessenberg H (to Schur form), accumulating into V. Returns the
 * imaginary parts of the eigenvalues (positive then negative at each complex pair). */
function francisQr(H: Float64Array[], V: Float64Array[], nn: number): Float64Array {
  const e = new Float64Array(nn);
  const low = 0, high = nn - 1;
  let n = nn - 1, exshift = 0, iter = 0, total = 0;
  let p = 0, q = 0, r = 0, s = 0, z = 0, w: number, x: number, y: number;
  let norm = 0;
  for (let i = 0; i < nn; i++) for (let j = Math.max(i - 1, 0); j < nn; j++) norm += Math.abs(H[i]![j]!);
  while (n >= low) {
    // A negligible subdiagonal entry splits the problem.
    let l = n;
    while (l > low) {
      s = Math.abs(H[l - 1]![l - 1]!) + Math.abs(H[l]![l]!);
      if (s === 0) s = norm;
      if (Math.abs(H[l]![l - 1]!) < EPS * s) break;
      l--;
    }
    if (l === n) {
      // One root found.
      H[n]![n] = H[n]![n]! + exshift;
      e[n] = 0;
      n--;
      iter = 0;
    } else if (l === n - 1) {
      // Two roots found: a real pair (split by a rotation) or a complex pair (kept as a block).
      w = H[n]![n - 1]! * H[n - 1]![n]!;
      p = (H[n - 1]![n - 1]! - H[n]![n]!) / 2;
      q = p * p + w;
      z = Math.sqrt(Math.abs(q));
      H[n]![n] = H[n]![n]! + exshift;
      H[n - 1]![n - 1] = H[n - 1]![n - 1]! + exshift;
      if (q >= 0) {
        z = p >= 0 ? p + z : p - z;
        e[n - 1] = 0;
        e[n] = 0;
        x = H[n]![n - 1]!;
        s = Math.abs(x) + Math.abs(z);
        p = x / s;
        q = z / s;
        r = Math.sqrt(p * p + q * q);
        p /= r;
        q /= r;
        for (let j = n - 1; j < nn; j++) {
          z = H[n - 1]![j]!;
          H[n - 1]![j] = q * z + p * H[n]![j]!;
          H[n]![j] = q * H[n]![j]! - p * z;
        }
        for (let i = 0; i <= n; i++) {
          z = H[i]![n - 1]!;
          H[i]![n - 1] = q * z + p * H[i]![n]!;
          H[i]![n] = q * H[i]![n]! - p * z;
        }
        for (let i = low; i <= high; i++) {
          z = V[i]![n - 1]!;
          V[i]![n - 1] = q * z + p * V[i]![n]!;
          V[i]![n] = q * V[i]![n]! - p * z;
        }
        H[n]![n - 1] = 0;
      } else {
        e[n - 1] = z;
        e[n] = -z;
      }
      n -= 2;
      iter = 0;
    } else {
      // The shifts: the trailing 2×2 block's eigenvalues, with the ad hoc exceptional shifts.
      x = H[n]![n]!;
      y = 0;
      w = 0;
      if (l < n) {
        y = H[n - 1]![n - 1]!;
        w = H[n]![n - 1]! * H[n - 1]![n]!;
      }
      if (iter === 10) {
        exshift += x;
        for (let i = low; i <= n; i++) H[i]![i] = H[i]![i]! - x;
        s = Math.abs(H[n]![n - 1]!) + Math.abs(H[n - 1]![n - 2]!);
        x = y = 0.75 * s;
        w = -0.4375 * s * s;
      }
      if (iter === 30) {
        s = (y - x) / 2;
        s = s * s + w;
        if (s > 0) {
          s = Math.sqrt(s);
          if (y < x) s = -s;
          s = x - w / ((y - x) / 2 + s);
          for (let i = low; i <= n; i++) H[i]![i] = H[i]![i]! - s;
          exshift += s;
          x = y = w = 0.964;
        }
      }
      iter++;
      if (++total > 100 * nn) throw new Error(`sqrtm: the real Schur decomposition did not converge in ${100 * nn} QR iterations.`);
      // Two consecutive small subdiagonal entries: where the double step starts.
      let m = n - 2;
      while (m >= l) {
        z = H[m]![m]!;
        r = x - z;
        s = y - z;
        p = (r * s - w) / H[m + 1]![m]! + H[m]![m + 1]!;
        q = H[m + 1]![m + 1]! - z - r - s;
        r = H[m + 2]![m + 1]!;
        s = Math.abs(p) + Math.abs(q) + Math.abs(r);
        p /= s;
        q /= s;
        r /= s;
        if (m === l) break;
        if (Math.abs(H[m]![m - 1]!) * (Math.abs(q) + Math.abs(r)) < EPS * (Math.abs(p) * (Math.abs(H[m - 1]![m - 1]!) + Math.abs(z) + Math.abs(H[m + 1]![m + 1]!)))) break;
        m--;
      }
      for (let i = m + 2; i <= n; i++) {
        H[i]![i - 2] = 0;
        if (i > m + 2) H[i]![i - 3] = 0;
      }
      // The double QR step on rows l..n and columns m..n.
      for (let k = m; k <= n - 1; k++) {
        const notLast = k !== n - 1;
        if (k !== m) {
          p = H[k]![k - 1]!;
          q = H[k + 1]![k - 1]!;
          r = notLast ? H[k + 2]![k - 1]! : 0;
          x = Math.abs(p) + Math.abs(q) + Math.abs(r);
          if (x === 0) continue;
          p /= x;
          q /= x;
          r /= x;
        } else {
          x = 0;
        }
        s = Math.sqrt(p * p + q * q + r * r);
        if (p < 0) s = -s;
        if (s === 0) continue;
        if (k !== m) H[k]![k - 1] = -s * x;
        else if (l !== m) H[k]![k - 1] = -H[k]![k - 1]!;
        p += s;
        x = p / s;
        y = q / s;
        z = r / s;
        q /= p;
        r /= p;
        for (let j = k; j < nn; j++) {
          p = H[k]![j]! + q * H[k + 1]![j]!;
          if (notLast) {
            p += r * H[k + 2]![j]!;
            H[k + 2]![j] = H[k + 2]![j]! - p * z;
          }
          H[k]![j] = H[k]![j]! - p * x;
          H[k + 1]![j] = H[k + 1]![j]! - p * y;
        }
        for (let i = 0; i <= Math.min(n, k + 3); i++) {
          p = x * H[i]![k]! + y * H[i]![k + 1]!;
          if (notLast) {
            p += z * H[i]![k + 2]!;
            H[i]![k + 2] = H[i]![k + 2]! - p * r;
          }
          H[i]![k] = H[i]![k]! - p;
          H[i]![k + 1] = H[i]![k + 1]! - p * q;
        }
        for (let i = low; i <= high; i++) {
          p = x * V[i]![k]! + y * V[i]![k + 1]!;
          if (notLast) {
            p += z * V[i]![k + 2]!;
            V[i]![k + 2] = V[i]![k + 2]! - p * r;
          }
          V[i]![k] = V[i]![k]! - p;
          V[i]![k + 1] = V[i]![k + 1]! - p * q;
        }
      }
    }
  }
  return e;
}
