// Non-negative least squares, min ‖A x - b‖₂ subject to x >= 0, as scipy 1.17's nnls runs it
// (scipy/optimize/__nnls.c in scipy 1.17.1, the C translation of Lawson and Hanson's NNLS,
// "Solving Least Squares Problems", 1974, chapter 23). A and b are triangularized in place as variables join
// the passive set P (the first `passive` entries of `order`): a variable joins when its dual
// w_j = (Aᵀ(b - A x))_j is the largest positive one, its column is independent of P's (its part
// below row |P| is more than 100 ulps of its part above), and its prospective value is positive;
// its Householder reflector (dlarfgp) then eliminates the column below the diagonal, for A's
// other columns and b alike. The inner loop solves the triangular system on P and, where that
// solution has non-positive entries, moves x towards it as far as keeps x >= 0, dropping from P
// the variables that reach 0 (Givens rotations, dlartgp, restore the triangle). The steps,
// tests and arithmetic are the C code's, on the BLAS and LAPACK routines it calls
// (lapack-reflections.ts, openblas.ts, on the orders of OpenBLAS's Haswell kernels), so x and
// rnorm are scipy's to the bit (below 20 rows: see lapack-reflections.ts). tf.optimize.nnls
// (linear-least-squares.ts) calls it, and so does SLSQP's least distance problem (lsei.ts), as
// scipy's own SLSQP does: scipy 1.17's C SLSQP (scipy/optimize/__slsqp.c, ldp) calls this same
// __nnls, with 3m inner steps for its m constraints, scipy.optimize.nnls's default limit too.

import { dlarfColumn, dlarfgp, dlartgp } from './lapack-reflections';
import { ddot, dnrm2 } from './openblas';

export interface ScipyNnlsOutcome {
  readonly x: Float64Array;
  /** ‖A x - b‖₂ at the solution. */
  readonly rnorm: number;
  /** The C code's info: 1 solved, 2 an empty A, 3 the iteration limit reached. */
  readonly info: number;
}

/** The next double above a positive finite u, minus u (C's nextafter(u, 2u) - u). */
function spacingAbove(u: number): number {
  const bits = new Float64Array([u]);
  const ints = new BigInt64Array(bits.buffer);
  ints[0] = ints[0]! + 1n;
  return bits[0]! - u;
}

/**
 * min ‖A x - b‖ over x >= 0 for A m×n column-major (entry (i, j) at a[i + j·m]). `a` and `b` are
 * overwritten (with the triangularized system), as the C code's are. `maxiter` bounds the inner
 * steps (scipy's default 3n). `indices`, when given, is the integer workspace the C code's caller
 * passes: the variables' order (P's first) is kept in its first n entries and left there.
 */
export function scipyNnls(a: Float64Array, m: number, n: number, b: Float64Array, maxiter: number, indices?: Int32Array): ScipyNnlsOutcome {
  const x = new Float64Array(n);
  if (m <= 0 || n <= 0) return { x, rnorm: 0, info: 2 };
  const w = new Float64Array(n);
  const zz = new Float64Array(m);
  const order = indices ? indices.subarray(0, n) : new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let passive = 0; // the C code's indz: the size of P
  let iteration = 0;
  let info = 1;
  let izmax = 0;
  let tau = 0, pivot = 1;
  let jj = 0;

  /** zz[0..passive) ← the solution of the triangular system on P (R z = b), in P's order. */
  const solveTriangular = () => {
    for (let k = 0; k < passive; k++) {
      const ip = passive - 1 - k;
      if (k !== 0) for (let i = 0; i <= ip; i++) zz[i] = zz[i]! - a[i + jj * m]! * zz[ip + 1]!;
      jj = order[ip]!;
      zz[ip] = zz[ip]! / a[ip + jj * m]!;
    }
  };

  outer: while (passive < Math.min(m, n)) {
    // The duals of the variables outside P: w_j = A[passive:, j] · b[passive:].
    for (let i = passive; i < n; i++) {
      const j = order[i]!;
      w[j] = ddot(m - passive, a, passive + j * m, b, passive);
    }
    // The variable to free: the largest dual whose column is independent and whose value is positive.
    let j = 0;
    let iz = 0;
    for (;;) {
      let wmax = 0;
      for (let k = passive; k < n; k++) {
        const jk = order[k]!;
        if (w[jk]! > wmax) { wmax = w[jk]!; izmax = k; }
      }
      if (wmax <= 0) break outer; // the KKT conditions hold
      iz = izmax;
      j = order[iz]!;
      // The reflector of column j below row |P|, in place (v below the diagonal; the C code leaves
      // it there also when j is rejected).
      const below = m - passive;
      const reflector = dlarfgp(below, a[passive + j * m]!, a, passive + 1 + j * m);
      tau = reflector.tau;
      pivot = reflector.beta;
      const unorm = passive > 0 ? dnrm2(passive, a, j * m) : 0;
      const spacing = unorm > 0 ? spacingAbove(unorm) : 0;
      if (Math.abs(pivot) > 100 * spacing) {
        // Independent enough: H b on a copy in zz gives x_j's prospective value.
        zz.set(b);
        const saved = a[passive + j * m]!;
        a[passive + j * m] = 1;
        dlarfColumn(below, a, passive + j * m, tau, zz, passive);
        const ztest = zz[passive]! / pivot;
        if (ztest > 0) break;
        a[passive + j * m] = saved;
      }
      w[j] = 0; // rejected: look at the next largest dual
    }

    // j joins P: b becomes H b, the reflector goes onto the columns outside P.
    b.set(zz);
    order[iz] = order[passive]!;
    order[passive] = j;
    passive++;
    if (passive < n) {
      for (let k = passive; k < n; k++) {
        jj = order[k]!;
        dlarfColumn(m - passive + 1, a, passive - 1 + j * m, tau, a, passive - 1 + jj * m);
      }
    }
    a[passive - 1 + j * m] = pivot;
    for (let i = passive; i < m; i++) a[j * m + i] = 0;
    w[j] = 0;

    solveTriangular(); // zz holds b


    // Inner loop: step towards zz while it has non-positive entries.
    for (;;) {
      iteration++;
      if (iteration >= maxiter) { info = 3; break outer; }
      let alpha = 2;
      for (let ip = 0; ip < passive; ip++) {
        const k = order[ip]!;
        if (zz[ip]! <= 0) {
          const t = -x[k]! / (zz[ip]! - x[k]!);
          if (alpha > t) { alpha = t; jj = ip; }
        }
      }
      if (alpha === 2) break; // all feasible: back to the outer loop
      for (let ip = 0; ip < passive; ip++) {
        const k = order[ip]!;
        x[k] = x[k]! + alpha * (zz[ip]! - x[k]!);
      }
      // Move the blocking variable (and any other that rounding left at or below 0) out of P,
      // restoring the triangle by rotations.
      let leaving = order[jj]!;
      for (;;) {
        x[leaving] = 0;
        if (jj !== passive - 1) {
          jj++;
          for (let p = jj; p < passive; p++) {
            const ii = order[p]!;
            order[p - 1] = ii;
            const { c, s, r } = dlartgp(a[p - 1 + ii * m]!, a[p + ii * m]!);
            a[p - 1 + ii * m] = r;
            a[p + ii * m] = 0;
            for (let k = 0; k < n; k++) {
              if (k === ii) continue;
              const top = a[p - 1 + k * m]!;
              a[p - 1 + k * m] = c * top + s * a[p + k * m]!;
              a[p + k * m] = -s * top + c * a[p + k * m]!;
            }
            const top = b[p - 1]!;
            b[p - 1] = c * top + s * b[p]!;
            b[p] = -s * top + c * b[p]!;
          }
        }
        passive--;
        order[passive] = leaving;
        // (The C code loops on an empty P; theory rules that out, and P's emptiness ends it here.)
        let allPositive = true;
        for (jj = 0; jj < passive; jj++) {
          leaving = order[jj]!;
          if (x[leaving]! <= 0) { allPositive = false; break; }
        }
        if (allPositive) break;
      }
      for (let i = 0; i < m; i++) zz[i] = b[i]!;
      solveTriangular();
    }
    for (let k = 0; k < passive; k++) x[order[k]!] = zz[k]!;
  }
  const rnorm = passive < m ? dnrm2(m - passive, b, passive) : 0;
  return { x, rnorm, info };
}

