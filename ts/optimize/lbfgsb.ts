// L-BFGS-B 3.0 (Byrd, Lu, Nocedal and Zhu, "A limited memory algorithm for bound constrained
// optimization", SIAM J. Sci. Comput. 16, 1995; Zhu et al., ACM TOMS 23, 1997; Morales and
// Nocedal's remark, ACM TOMS 38, 2011) as scipy 1.17 runs it: a port of scipy's C translation of
// the authors' code (scipy/optimize/__lbfgsb.c) and of the loop that drives it
// (_minimize_lbfgsb in scipy/optimize/_lbfgsb_py.py), routine by routine, in the same order of
// arithmetic: mainlb's loop; the generalized Cauchy point (cauchy, with its heap of breakpoints,
// hpsolb); the middle matrix's Cholesky factor (formt) and products with it (bmv); the reduced
// gradient (cmprlb) and the factorization of the subspace matrix K (formk); the subspace step with
// v3.0's projection (subsm); the line search (lnsrlb driving MINPACK-2's dcsrch, dcsrch.ts); the
// update of the limited memory (matupd). Its BLAS and LAPACK calls go through openblas.ts, which
// follows the OpenBLAS scipy ships. Arrays are laid out as in the C code (column-major, the
// memory a ring of m columns) so that every index below reads as there.
// Plain numbers; this file knows nothing about tensors.

import { DcsrchSearch } from './dcsrch';
import { daxpy, ddot, dnrm2, dpotrf, dscal, dtrtrs } from './openblas';
import { STATUS_MESSAGE as M } from './status-messages';

const EPSMCH = 2.220446049250313e-16;
/** lnsrlb's constants: sufficient decrease, curvature, relative interval width. */
const LINE_SEARCH = { c1: 1e-3, c2: 0.9, xtol: 0.1 } as const;

export interface LbfgsbSettings {
  /** The number of correction pairs kept (scipy's maxcor). */
  readonly historySize: number;
  readonly gtol: number;
  readonly ftol: number;
  readonly maxIterations: number;
  readonly maxEvaluations: number;
  /** Trial steps per line search (scipy's maxls); default 20. */
  readonly maxLineSearch?: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, projectedGradientNorm: number, evaluations: number) => boolean;
}

export interface OptimizeOutcome {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  readonly iterations: number;
  readonly evaluations: number;
  readonly status: number;
  readonly message: string;
}

/** Objective and gradient at x. */
export type ValueAndGradient = (x: Float64Array) => [number, Float64Array];

export const LBFGSB_MESSAGES = {
  pgtol: 'CONVERGENCE: NORM OF PROJECTED GRADIENT <= PGTOL',
  ftol: 'CONVERGENCE: RELATIVE REDUCTION OF F <= FACTR*EPSMCH',
  maxIterations: 'STOP: TOTAL NO. OF ITERATIONS REACHED LIMIT',
  maxEvaluations: 'STOP: TOTAL NO. OF F,G EVALUATIONS EXCEEDS LIMIT',
  abnormal: 'ABNORMAL: ',
  callback: M.stopped,
} as const;

/** nbd: 0 no bound, 1 lower only, 2 both, 3 upper only. */
function boundKinds(lower: Float64Array, upper: Float64Array): Int32Array {
  return Int32Array.from(lower, (l, i) => {
    const hasLower = l > -Infinity;
    const hasUpper = upper[i]! < Infinity;
    return hasLower ? (hasUpper ? 2 : 1) : hasUpper ? 3 : 0;
  });
}

/** projgr: the largest entry of the projected gradient (NaN if g has one). */
function projgr(n: number, l: Float64Array, u: Float64Array, nbd: Int32Array, x: Float64Array, g: Float64Array): number {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    let gi = g[i]!;
    if (Number.isNaN(gi)) return gi;
    if (nbd[i] !== 0) {
      if (gi < 0) {
        if (nbd[i]! >= 2) gi = Math.max(x[i]! - u[i]!, gi);
      } else if (nbd[i]! <= 2) {
        gi = Math.min(x[i]! - l[i]!, gi);
      }
    }
    norm = Math.max(norm, Math.abs(gi));
  }
  return norm;
}

/** The largest entry of the projected gradient P(x - g) - x, the first-order optimality measure. */
export function projectedGradientNorm(x: Float64Array, g: Float64Array, lower: Float64Array, upper: Float64Array): number {
  return projgr(x.length, lower, upper, boundKinds(lower, upper), x, g);
}

/** The limited memory and the work arrays of mainlb, laid out as in the C code. */
class Memory {
  readonly ws: Float64Array; // S, n×m
  readonly wy: Float64Array; // Y, n×m
  readonly sy: Float64Array; // SᵀY, m×m
  readonly ss: Float64Array; // SᵀS, m×m
  readonly wt: Float64Array; // Cholesky factor of θSᵀS + L D⁻¹ Lᵀ, m×m
  readonly wn: Float64Array; // factorization of K, 2m×2m
  readonly snd: Float64Array; // the inner products K is formed from, 2m×2m
  readonly wa: Float64Array; // 8m: p, c (= Wᵀ(xᶜ - x)), wbp, v in cauchy
  theta = 1;
  col = 0;
  head = 0;
  itail = 0;
  iupdat = 0;
  updatd = false;

  constructor(readonly n: number, readonly m: number) {
    this.ws = new Float64Array(n * m);
    this.wy = new Float64Array(n * m);
    this.sy = new Float64Array(m * m);
    this.ss = new Float64Array(m * m);
    this.wt = new Float64Array(m * m);
    this.wn = new Float64Array(4 * m * m);
    this.snd = new Float64Array(4 * m * m);
    this.wa = new Float64Array(8 * m);
  }

  /** Refresh: forget the pairs (B = I). */
  reset(): void {
    this.col = 0;
    this.head = 0;
    this.theta = 1;
    this.iupdat = 0;
    this.updatd = false;
  }
}

/** bmv: p = M v for the 2col-vector at v[vo], M the middle matrix; returns dtrtrs's info. */
function bmv(M: Memory, v: Float64Array, vo: number, p: Float64Array, po: number): number {
  const { m, col, sy, wt } = M;
  if (col === 0) return 0;
  // Part I: solve [D^½ 0; -L D^-½ J] [p1; p2] = [v1; v2], J p2 = v2 + L D⁻¹ v1.
  p[po + col] = v[vo + col]!;
  for (let i = 1; i < col; i++) {
    let sum = 0;
    for (let k = 0; k <= i - 1; k++) sum = sum + (sy[i + m * k]! * v[vo + k]!) / sy[k + m * k]!;
    p[po + col + i] = v[vo + col + i]! + sum;
  }
  let info = dtrtrs('T', col, 1, wt, 0, m, p, po + col, col);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) p[po + i] = v[vo + i]! / Math.sqrt(sy[i + m * i]!);
  // Part II: solve [-D^½ D^-½ Lᵀ; 0 Jᵀ] [p1; p2] = [p1; p2].
  info = dtrtrs('N', col, 1, wt, 0, m, p, po + col, col);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) p[po + i] = -p[po + i]! / Math.sqrt(sy[i + m * i]!);
  for (let i = 0; i < col; i++) {
    let sum = 0;
    for (let k = i + 1; k < col; k++) sum = sum + (sy[k + m * i]! * p[po + col + k]!) / sy[i + m * i]!;
    p[po + i] = p[po + i]! + sum;
  }
  return 0;
}

/** hpsolb: moves the least of t[0..n] to t[n] and keeps t[0..n-1] a heap (building it first
 * when `iheap` is 0), permuting iorder alike. */
function hpsolb(n: number, t: Float64Array, iorder: Int32Array, iheap: number): void {
  if (iheap === 0) {
    for (let k = 2; k <= n + 1; k++) {
      const ddum = t[k - 1]!;
      const indxin = iorder[k - 1]!;
      let i = k;
      while (i > 1) {
        const j = Math.trunc(i / 2);
        if (!(ddum < t[j - 1]!)) break;
        t[i - 1] = t[j - 1]!;
        iorder[i - 1] = iorder[j - 1]!;
        i = j;
      }
      t[i - 1] = ddum;
      iorder[i - 1] = indxin;
    }
  }
  if (n > 0) {
    let i = 1;
    const out = t[0]!;
    const indxout = iorder[0]!;
    const ddum = t[n]!;
    const indxin = iorder[n]!;
    for (;;) {
      let j = i + i;
      if (j > n) break;
      if (t[j]! < t[j - 1]!) j++;
      if (!(t[j - 1]! < ddum)) break;
      t[i - 1] = t[j - 1]!;
      iorder[i - 1] = iorder[j - 1]!;
      i = j;
    }
    t[i - 1] = ddum;
    iorder[i - 1] = indxin;
    t[n] = out;
    iorder[n] = indxout;
  }
}

interface Problem {
  readonly n: number;
  readonly l: Float64Array;
  readonly u: Float64Array;
  readonly nbd: Int32Array;
}

/** cauchy: the generalized Cauchy point xcp along P(x - t g); leaves c = Wᵀ(xcp - x) in wa[2m..].
 * iwhere is updated, iorder/t/d are work arrays. Returns bmv's info. */
function cauchy(P: Problem, M: Memory, x: Float64Array, g: Float64Array, iorder: Int32Array, iwhere: Int32Array, t: Float64Array, d: Float64Array, xcp: Float64Array, sbgnrm: number): number {
  const { n, l, u, nbd } = P;
  const { m, col, head, theta, ws, wy, wa } = M;
  const p = 0, c = 2 * m, wbp = 4 * m, v = 6 * m; // offsets into wa
  if (sbgnrm <= 0) {
    xcp.set(x);
    return 0;
  }
  let bnded = true;
  let nfree = n;
  let nenter = 0;
  let ileave = n;
  let nbreak = -1;
  let ibkmin = 0;
  let bkmin = 0;
  const col2 = 2 * col;
  let f1 = 0, tl = 0, tu = 0;
  for (let i = 0; i < col2; i++) wa[p + i] = 0;
  // Each variable's bound status and breakpoint; p = Wᵀd; the smallest breakpoint.
  for (let i = 0; i < n; i++) {
    const neggi = -g[i]!;
    if (iwhere[i] !== 3 && iwhere[i] !== -1) {
      if (nbd[i]! <= 2) tl = x[i]! - l[i]!;
      if (nbd[i]! >= 2) tu = u[i]! - x[i]!;
      const xlower = nbd[i]! <= 2 && tl <= 0;
      const xupper = nbd[i]! >= 2 && tu <= 0;
      iwhere[i] = 0;
      if (xlower) {
        if (neggi <= 0) iwhere[i] = 1;
      } else if (xupper) {
        if (neggi >= 0) iwhere[i] = 2;
      } else if (Math.abs(neggi) <= 0) {
        iwhere[i] = -3;
      }
    }
    let pointr = head;
    if (iwhere[i] !== 0 && iwhere[i] !== -1) {
      d[i] = 0;
    } else {
      d[i] = neggi;
      f1 = f1 - neggi * neggi;
      for (let j = 0; j < col; j++) {
        wa[p + j] = wa[p + j]! + wy[i + n * pointr]! * neggi;
        wa[p + col + j] = wa[p + col + j]! + ws[i + n * pointr]! * neggi;
        pointr = (pointr + 1) % m;
      }
      if (nbd[i]! <= 2 && nbd[i] !== 0 && neggi < 0) {
        nbreak += 1;
        iorder[nbreak] = i;
        t[nbreak] = tl / -neggi;
        if (nbreak === 0 || t[nbreak]! < bkmin) { bkmin = t[nbreak]!; ibkmin = nbreak; }
      } else if (nbd[i]! >= 2 && neggi > 0) {
        nbreak += 1;
        iorder[nbreak] = i;
        t[nbreak] = tu / neggi;
        if (nbreak === 0 || t[nbreak]! < bkmin) { bkmin = t[nbreak]!; ibkmin = nbreak; }
      } else {
        nfree -= 1;
        iorder[nfree] = i;
        if (Math.abs(neggi) > 0) bnded = false;
      }
    }
  }
  if (theta !== 1) dscal(col, theta, wa, p + col);
  xcp.set(x);
  if (nbreak === -1 && nfree === n) return 0; // d = 0: x is the GCP
  for (let j = 0; j < col2; j++) wa[c + j] = 0;
  // The derivatives f1 = gᵀd and f2 = dᵀBd of the model along the path.
  let f2 = -theta * f1;
  const f2Org = f2;
  if (col > 0) {
    const info = bmv(M, wa, p, wa, v);
    if (info !== 0) return info;
    f2 = f2 - ddot(col2, wa, v, wa, p);
  }
  let dtm = -f1 / f2;
  let tsum = 0;
  let reachedAll = false;
  if (nbreak !== -1) {
    let nleft = nbreak;
    let iter = 0;
    let tj = 0;
    for (;;) {
      // The next breakpoint: the smallest at first, then from the heap.
      const tj0 = tj;
      let ibp: number;
      if (iter === 0) {
        tj = bkmin;
        ibp = iorder[ibkmin]!;
      } else {
        if (iter === 1 && ibkmin !== nbreak) {
          t[ibkmin] = t[nbreak]!;
          iorder[ibkmin] = iorder[nbreak]!;
        }
        hpsolb(nleft, t, iorder, iter - 1);
        tj = t[nleft]!;
        ibp = iorder[nleft]!;
      }
      const dt = tj - tj0;
      if (dtm < dt) break; // the minimizer lies in this interval
      // Fix variable ibp at its bound.
      tsum = tsum + dt;
      nleft -= 1;
      iter += 1;
      let dibp = d[ibp]!;
      d[ibp] = 0;
      let zibp: number;
      if (dibp > 0) {
        zibp = u[ibp]! - x[ibp]!;
        xcp[ibp] = u[ibp]!;
        iwhere[ibp] = 2;
      } else {
        zibp = l[ibp]! - x[ibp]!;
        xcp[ibp] = l[ibp]!;
        iwhere[ibp] = 1;
      }
      // (scipy's test for all n variables fixed compares the 0-based nbreak with n: never true.)
      if (nleft === -1 && nbreak === n) {
        dtm = dt;
        reachedAll = true;
        break;
      }
      const dibp2 = dibp * dibp;
      f1 = f1 + dt * f2 + dibp2 - theta * dibp * zibp;
      f2 = f2 - theta * dibp2;
      if (col > 0) {
        daxpy(col2, dt, wa, p, wa, c);
        // wbp: the row of W of the breakpoint's variable.
        let pointr = head;
        for (let j = 0; j < col; j++) {
          wa[wbp + j] = wy[ibp + n * pointr]!;
          wa[wbp + col + j] = theta * ws[ibp + n * pointr]!;
          pointr = (pointr + 1) % m;
        }
        const info = bmv(M, wa, wbp, wa, v);
        if (info !== 0) return info;
        const wmc = ddot(col2, wa, c, wa, v);
        const wmp = ddot(col2, wa, p, wa, v);
        const wmw = ddot(col2, wa, wbp, wa, v);
        dibp = -dibp;
        daxpy(col2, dibp, wa, wbp, wa, p);
        dibp = -dibp;
        f1 = f1 + dibp * wmc;
        f2 = f2 + dibp * 2.0 * wmp - dibp2 * wmw;
      }
      f2 = Math.max(EPSMCH * f2Org, f2);
      if (nleft >= 0) {
        dtm = -f1 / f2;
      } else if (bnded) {
        dtm = 0;
        break;
      } else {
        dtm = -f1 / f2;
        break;
      }
    }
  }
  if (!reachedAll) {
    if (dtm <= 0) dtm = 0;
    tsum = tsum + dtm;
    // The variables still moving stop at tsum.
    daxpy(n, tsum, d, 0, xcp, 0);
  }
  if (col > 0) daxpy(col2, dtm, wa, p, wa, c);
  return 0;
}

/** freev's result: the free variables at the GCP and those entering and leaving that set. */
interface FreeSet { nfree: number; nenter: number; ileave: number; wrk: boolean }

/** freev: index[0..nfree) the free variables at the GCP, index[nfree..n) the fixed ones;
 * indx2[0..nenter) those that became free, indx2[ileave..n) those that became fixed. */
function freev(n: number, nfreeBefore: number, index: Int32Array, indx2: Int32Array, iwhere: Int32Array, updatd: boolean, cnstnd: boolean, iter: number): FreeSet {
  let nenter = 0;
  let ileave = n;
  if (iter > 0 && cnstnd) {
    for (let i = 0; i < nfreeBefore; i++) {
      const k = index[i]!;
      if (iwhere[k]! > 0) { ileave -= 1; indx2[ileave] = k; }
    }
    for (let i = nfreeBefore; i < n; i++) {
      const k = index[i]!;
      if (iwhere[k]! <= 0) { indx2[nenter] = k; nenter += 1; }
    }
  }
  const wrk = ileave < n || nenter > 0 || updatd;
  let nfree = 0;
  let iact = n;
  for (let i = 0; i < n; i++) {
    if (iwhere[i]! <= 0) { index[nfree] = i; nfree += 1; } else { iact -= 1; index[iact] = i; }
  }
  return { nfree, nenter, ileave, wrk };
}

/** formk: the LELᵀ factorization of K = [-D - YᵀZZᵀY/θ, L_aᵀ - R_zᵀ; L_a - R_z, θSᵀAAᵀS] in the
 * upper triangle of wn, from the inner products kept (and updated) in snd. Returns 0, -1 or -2. */
function formk(P: Problem, M: Memory, nsub: number, ind: Int32Array, nenter: number, ileave: number, indx2: Int32Array): number {
  const { n } = P;
  const { m, col, head, theta, ws, wy, sy, wn, snd: wn1, updatd, iupdat } = M;
  const m2 = 2 * m;
  let upcl: number;
  if (updatd) {
    if (iupdat > m) {
      // Shift the old part of wn1.
      for (let jy = 0; jy < m - 1; jy++) {
        const js = m + jy;
        const count = m - (jy + 1);
        wn1.copyWithin(jy + m2 * jy, (jy + 1) + m2 * (jy + 1), (jy + 1) + m2 * (jy + 1) + count);
        wn1.copyWithin(js + m2 * js, (js + 1) + m2 * (js + 1), (js + 1) + m2 * (js + 1) + count);
        wn1.copyWithin(m + m2 * jy, (m + 1) + m2 * (jy + 1), (m + 1) + m2 * (jy + 1) + (m - 1));
      }
    }
    // The new rows of blocks (1,1), (2,1) and (2,2).
    const iy = col - 1;
    const is = m + col - 1;
    let ipntr = head + col - 1;
    if (ipntr >= m) ipntr -= m;
    let jpntr = head;
    for (let jy = 0; jy < col; jy++) {
      const js = m + jy;
      let temp1 = 0, temp2 = 0, temp3 = 0;
      for (let k = 0; k < nsub; k++) {
        const k1 = ind[k]!;
        temp1 = temp1 + wy[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
      }
      for (let k = nsub; k < n; k++) {
        const k1 = ind[k]!;
        temp2 = temp2 + ws[k1 + n * ipntr]! * ws[k1 + n * jpntr]!;
        temp3 = temp3 + ws[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
      }
      wn1[iy + m2 * jy] = temp1;
      wn1[is + m2 * js] = temp2;
      wn1[is + m2 * jy] = temp3;
      jpntr = (jpntr + 1) % m;
    }
    // The new column of block (2,1).
    const jy = col - 1;
    jpntr = head + col - 1;
    if (jpntr >= m) jpntr -= m;
    ipntr = head;
    for (let i = 0; i < col; i++) {
      const isi = m + i;
      let temp3 = 0;
      for (let k = 0; k < nsub; k++) {
        const k1 = ind[k]!;
        temp3 = temp3 + ws[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
      }
      ipntr = (ipntr + 1) % m;
      wn1[isi + m2 * jy] = temp3;
    }
    upcl = col - 1;
  } else {
    upcl = col;
  }
  // The old parts of blocks (1,1) and (2,2), for the variables that changed status.
  let ipntr = head;
  for (let iy = 0; iy < upcl; iy++) {
    const is = m + iy;
    let jpntr = head;
    for (let jy = 0; jy <= iy; jy++) {
      const js = m + jy;
      let temp1 = 0, temp2 = 0, temp3 = 0, temp4 = 0;
      for (let k = 0; k < nenter; k++) {
        const k1 = indx2[k]!;
        temp1 = temp1 + wy[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
        temp2 = temp2 + ws[k1 + n * ipntr]! * ws[k1 + n * jpntr]!;
      }
      for (let k = ileave; k < n; k++) {
        const k1 = indx2[k]!;
        temp3 = temp3 + wy[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
        temp4 = temp4 + ws[k1 + n * ipntr]! * ws[k1 + n * jpntr]!;
      }
      wn1[iy + m2 * jy] = wn1[iy + m2 * jy]! + temp1 - temp3;
      wn1[is + m2 * js] = wn1[is + m2 * js]! - temp2 + temp4;
      jpntr = (jpntr + 1) % m;
    }
    ipntr = (ipntr + 1) % m;
  }
  // The old part of block (2,1).
  ipntr = head;
  for (let is = m; is < m + upcl; is++) {
    let jpntr = head;
    for (let jy = 0; jy < upcl; jy++) {
      let temp1 = 0, temp3 = 0;
      for (let k = 0; k < nenter; k++) {
        const k1 = indx2[k]!;
        temp1 = temp1 + ws[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
      }
      for (let k = ileave; k < n; k++) {
        const k1 = indx2[k]!;
        temp3 = temp3 + ws[k1 + n * ipntr]! * wy[k1 + n * jpntr]!;
      }
      if (is <= jy + m) wn1[is + m2 * jy] = wn1[is + m2 * jy]! + temp1 - temp3;
      else wn1[is + m2 * jy] = wn1[is + m2 * jy]! - temp1 + temp3;
      jpntr = (jpntr + 1) % m;
    }
    ipntr = (ipntr + 1) % m;
  }
  // The upper triangle of [D + YᵀZZᵀY/θ, -L_aᵀ + R_zᵀ; -L_a + R_z, θSᵀAAᵀS].
  for (let iy = 0; iy < col; iy++) {
    const is = col + iy;
    const is1 = m + iy;
    for (let jy = 0; jy <= iy; jy++) {
      const js = col + jy;
      const js1 = m + jy;
      wn[jy + m2 * iy] = wn1[iy + m2 * jy]! / theta;
      wn[js + m2 * is] = wn1[is1 + m2 * js1]! * theta;
    }
    for (let jy = 0; jy < iy; jy++) wn[jy + m2 * is] = -wn1[is1 + m2 * jy]!;
    for (let jy = iy; jy < col; jy++) wn[jy + m2 * is] = wn1[is1 + m2 * jy]!;
    wn[iy + m2 * iy] = wn[iy + m2 * iy]! + sy[iy + m * iy]!;
  }
  // LLᵀ of the (1,1) block, L⁻¹(-L_aᵀ + R_zᵀ) in the (1,2) block, then the (2,2) block's Cholesky.
  if (dpotrf(col, wn, 0, m2) !== 0) return -1;
  const col2 = 2 * col;
  dtrtrs('T', col, col, wn, 0, m2, wn, m2 * col, m2);
  for (let is = col; is < col2; is++) {
    for (let js = is; js < col2; js++) wn[is + m2 * js] = wn[is + m2 * js]! + ddot(col, wn, m2 * is, wn, m2 * js);
  }
  if (dpotrf(col, wn, col + m2 * col, m2) !== 0) return -2;
  return 0;
}

/** formt: T = θSᵀS + L D⁻¹ Lᵀ in the upper triangle of wt, then its Cholesky factor. Returns 0 or -3. */
function formt(M: Memory): number {
  const { m, col, theta, wt, sy, ss } = M;
  for (let j = 0; j < col; j++) wt[m * j] = theta * ss[m * j]!;
  for (let i = 1; i < col; i++) {
    for (let j = i; j < col; j++) {
      const k1 = Math.min(i, j);
      let ddum = 0;
      for (let k = 0; k < k1; k++) ddum = ddum + (sy[i + m * k]! * sy[j + m * k]!) / sy[k + m * k]!;
      wt[i + m * j] = ddum + theta * ss[i + m * j]!;
    }
  }
  return dpotrf(col, wt, 0, m) !== 0 ? -3 : 0;
}

/** cmprlb: r = -Zᵀ(B(xcp - x) + g) over the free variables, with c = Wᵀ(xcp - x) from cauchy. */
function cmprlb(P: Problem, M: Memory, x: Float64Array, g: Float64Array, z: Float64Array, r: Float64Array, index: Int32Array, nfree: number, cnstnd: boolean): number {
  const { n } = P;
  const { m, col, head, theta, ws, wy, wa } = M;
  if (!cnstnd && col > 0) {
    for (let i = 0; i < n; i++) r[i] = -g[i]!;
    return 0;
  }
  for (let i = 0; i < nfree; i++) {
    const k = index[i]!;
    r[i] = -theta * (z[k]! - x[k]!) - g[k]!;
  }
  if (bmv(M, wa, 2 * m, wa, 0) !== 0) return -8;
  let pointr = head;
  for (let j = 0; j < col; j++) {
    const a1 = wa[j]!;
    const a2 = theta * wa[col + j]!;
    for (let i = 0; i < nfree; i++) {
      const k = index[i]!;
      r[i] = r[i]! + wy[k + n * pointr]! * a1 + ws[k + n * pointr]! * a2;
    }
    pointr = (pointr + 1) % m;
  }
  return 0;
}

/** subsm: the subspace Newton step from the Cauchy point z over the free variables (d holds the
 * reduced gradient r on entry), projected onto the box when that keeps a descent direction, else
 * truncated to stay feasible (v3.0). Returns dtrtrs's info. */
function subsm(P: Problem, M: Memory, nsub: number, ind: Int32Array, z: Float64Array, d: Float64Array, xp: Float64Array, xx: Float64Array, gg: Float64Array): number {
  const { n, l, u, nbd } = P;
  const { m, col, head, theta, ws, wy, wn, wa: wv } = M;
  if (nsub <= 0) return 0;
  // wv = WᵀZd.
  let pointr = head;
  for (let i = 0; i < col; i++) {
    let temp1 = 0, temp2 = 0;
    for (let j = 0; j < nsub; j++) {
      const k = ind[j]!;
      temp1 += wy[k + n * pointr]! * d[j]!;
      temp2 += ws[k + n * pointr]! * d[j]!;
    }
    wv[i] = temp1;
    wv[col + i] = theta * temp2;
    pointr = (pointr + 1) % m;
  }
  // wv = K⁻¹ wv.
  const m2 = 2 * m;
  const col2 = 2 * col;
  let info = dtrtrs('T', col2, 1, wn, 0, m2, wv, 0, m2);
  if (info !== 0) return info;
  for (let i = 0; i < col; i++) wv[i] = -wv[i]!;
  info = dtrtrs('N', col2, 1, wn, 0, m2, wv, 0, m2);
  if (info !== 0) return info;
  // d = d/θ + ZᵀW wv/θ².
  pointr = head;
  for (let jy = 0; jy < col; jy++) {
    const js = col + jy;
    for (let i = 0; i < nsub; i++) {
      const k = ind[i]!;
      d[i] = d[i]! + (wy[k + n * pointr]! * wv[jy]!) / theta + ws[k + n * pointr]! * wv[js]!;
    }
    pointr = (pointr + 1) % m;
  }
  dscal(nsub, 1.0 / theta, d, 0);
  // The Newton step projected onto the box.
  let iword = 0;
  xp.set(z);
  for (let i = 0; i < nsub; i++) {
    const k = ind[i]!;
    const dk = d[i]!;
    const xk = z[k]!;
    if (nbd[k] !== 0) {
      if (nbd[k] === 1) {
        z[k] = Math.max(l[k]!, xk + dk);
        if (z[k] === l[k]) iword = 1;
      } else if (nbd[k] === 2) {
        z[k] = Math.min(u[k]!, Math.max(l[k]!, xk + dk));
        if (z[k] === l[k] || z[k] === u[k]) iword = 1;
      } else if (nbd[k] === 3) {
        z[k] = Math.min(u[k]!, xk + dk);
        if (z[k] === u[k]) iword = 1;
      }
    } else {
      z[k] = xk + dk;
    }
  }
  if (iword === 0) return 0;
  // Kept if still a descent direction from x; else the step truncated to the box.
  let ddP = 0;
  for (let i = 0; i < n; i++) ddP = ddP + (z[i]! - xx[i]!) * gg[i]!;
  if (!(ddP > 0)) return 0;
  z.set(xp);
  let alpha = 1;
  let temp1 = 1;
  let ibd = 0;
  for (let i = 0; i < nsub; i++) {
    const k = ind[i]!;
    const dk = d[i]!;
    if (nbd[k] !== 0) {
      if (dk < 0 && nbd[k]! <= 2) {
        const temp2 = l[k]! - z[k]!;
        if (temp2 >= 0) temp1 = 0;
        else if (dk * alpha < temp2) temp1 = temp2 / dk;
      } else if (dk > 0 && nbd[k]! >= 2) {
        const temp2 = u[k]! - z[k]!;
        if (temp2 <= 0) temp1 = 0;
        else if (dk * alpha > temp2) temp1 = temp2 / dk;
      }
      if (temp1 < alpha) { alpha = temp1; ibd = i; }
    }
  }
  if (alpha < 1) {
    const dk = d[ibd]!;
    const k = ind[ibd]!;
    if (dk > 0) { z[k] = u[k]!; d[ibd] = 0; } else if (dk < 0) { z[k] = l[k]!; d[ibd] = 0; }
  }
  for (let i = 0; i < nsub; i++) {
    const k = ind[i]!;
    z[k] = z[k]! + alpha * d[i]!;
  }
  return 0;
}

/** matupd: adds the pair (s, y) = (d, r) to the memory and the new row of SᵀY and column of SᵀS. */
function matupd(P: Problem, M: Memory, d: Float64Array, r: Float64Array, rr: number, dr: number, stp: number, dtd: number): void {
  const { n } = P;
  const { m, ws, wy, sy, ss } = M;
  if (M.iupdat <= m) {
    M.col = M.iupdat;
    M.itail = (M.head + M.iupdat - 1) % m;
  } else {
    M.itail = (M.itail + 1) % m;
    M.head = (M.head + 1) % m;
  }
  const col = M.col;
  ws.set(d, M.itail * n);
  wy.set(r, M.itail * n);
  M.theta = rr / dr;
  if (M.iupdat > m) {
    // Drop the oldest pair from SᵀS (upper triangle) and SᵀY (lower triangle).
    for (let j = 1; j < col; j++) {
      ss.copyWithin(m * (j - 1), 1 + m * j, 1 + m * j + j);
      sy.copyWithin((j - 1) + m * (j - 1), j + m * j, j + m * j + (col - j));
    }
  }
  let pointr = M.head;
  for (let j = 0; j < col - 1; j++) {
    sy[col - 1 + m * j] = ddot(n, d, 0, wy, pointr * n);
    ss[j + m * (col - 1)] = ddot(n, ws, pointr * n, d, 0);
    pointr = (pointr + 1) % m;
  }
  ss[(col - 1) + m * (col - 1)] = stp === 1 ? dtd : stp * stp * dtd;
  sy[(col - 1) + m * (col - 1)] = dr;
}

/**
 * L-BFGS-B from x0 (clipped into the bounds; ±Infinity for none), as scipy's
 * minimize(method='L-BFGS-B') with jac given: every evaluation returns f and its gradient, and one
 * at the point evaluated last is not repeated (scipy's ScalarFunction keeps it).
 */
export function lbfgsb(fg: ValueAndGradient, x0: Float64Array, lower: Float64Array, upper: Float64Array, settings: LbfgsbSettings): OptimizeOutcome {
  const n = x0.length;
  const maxls = settings.maxLineSearch ?? 20;
  const nbd = boundKinds(lower, upper);
  const P: Problem = { n, l: lower, u: upper, nbd };
  const M = new Memory(n, settings.historySize);
  const x = Float64Array.from(x0);
  // active: project x0 and set iwhere, cnstnd, boxed.
  const iwhere = new Int32Array(n);
  let cnstnd = false;
  let boxed = true;
  for (let i = 0; i < n; i++) {
    if (nbd[i]! > 0) {
      if (nbd[i]! <= 2 && x[i]! <= lower[i]!) {
        if (x[i]! < lower[i]!) x[i] = lower[i]!;
      } else if (nbd[i]! >= 2 && x[i]! >= upper[i]!) {
        if (x[i]! > upper[i]!) x[i] = upper[i]!;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    if (nbd[i] !== 2) boxed = false;
    if (nbd[i] === 0) {
      iwhere[i] = -1;
    } else {
      cnstnd = true;
      iwhere[i] = nbd[i] === 2 && upper[i]! - lower[i]! <= 0 ? 3 : 0;
    }
  }

  // scipy's ScalarFunction: an evaluation at the point evaluated last is not repeated.
  let evaluations = 0;
  let lastX: Float64Array | null = null;
  let lastF = 0;
  let lastG = new Float64Array(n);
  const evaluate = (at: Float64Array): [number, Float64Array] => {
    if (lastX === null || lastX.some((v, i) => v !== at[i])) {
      const [fv, gv] = fg(Float64Array.from(at));
      evaluations++;
      lastX = Float64Array.from(at);
      lastF = fv;
      lastG = Float64Array.from(gv);
    }
    return [lastF, Float64Array.from(lastG)];
  };

  let [f, g] = evaluate(x);
  let iterations = 0; // the driver's count of new iterates
  let iter = 0; // mainlb's
  const tol = settings.ftol; // factr·epsmch = (ftol/eps)·eps
  const pgtol = settings.gtol;
  const done = (status: number, message: string, fOut = f): OptimizeOutcome => ({ x: Float64Array.from(x), f: fOut, g: Float64Array.from(g), iterations, evaluations, status, message });

  let sbgnrm = projgr(n, lower, upper, nbd, x, g);
  if (sbgnrm <= pgtol) return done(0, LBFGSB_MESSAGES.pgtol);

  const z = new Float64Array(n);
  const r = new Float64Array(n);
  const d = new Float64Array(n);
  const t = new Float64Array(n);
  const xp = new Float64Array(n);
  const index = new Int32Array(n);
  const indx2 = new Int32Array(n);
  let nfree = n;
  let nenter = 0;
  let ileave = n;

  for (;;) {
    // ---- the beginning of the loop (222) ----
    let wrk: boolean;
    if (!cnstnd && M.col > 0) {
      // No bounds: the Cauchy point is x itself.
      z.set(x);
      wrk = M.updatd;
    } else {
      if (cauchy(P, M, x, g, indx2, iwhere, t, d, z, sbgnrm) !== 0) {
        M.reset(); // singular triangular system: refresh the memory
        continue;
      }
      const free = freev(n, nfree, index, indx2, iwhere, M.updatd, cnstnd, iter);
      ({ nfree, nenter, ileave, wrk } = free);
    }
    // (333) Subspace minimization, unless no variable is free or B = θI.
    if (nfree !== 0 && M.col !== 0) {
      if (wrk && formk(P, M, nfree, index, nenter, ileave, indx2) !== 0) {
        M.reset(); // K not positive definite
        continue;
      }
      let info = cmprlb(P, M, x, g, z, r, index, nfree, cnstnd);
      if (info === 0) info = subsm(P, M, nfree, index, z, r, xp, x, g);
      if (info !== 0) {
        M.reset(); // singular triangular system
        continue;
      }
    }

    // (555) The line search along d = z - x: lnsrlb.
    for (let i = 0; i < n; i++) d[i] = z[i]! - x[i]!;
    const dnorm = dnrm2(n, d, 0);
    const dtd = dnorm * dnorm;
    let stpmx = 1e10;
    if (cnstnd) {
      if (iter === 0) {
        stpmx = 1;
      } else {
        for (let i = 0; i < n; i++) {
          const a1 = d[i]!;
          if (nbd[i] === 0) continue;
          if (a1 < 0 && nbd[i]! <= 2) {
            const a2 = lower[i]! - x[i]!;
            if (a2 >= 0) stpmx = 0;
            else if (a1 * stpmx < a2) stpmx = a2 / a1;
          } else if (a1 > 0 && nbd[i]! >= 2) {
            const a2 = upper[i]! - x[i]!;
            if (a2 <= 0) stpmx = 0;
            else if (a1 * stpmx > a2) stpmx = a2 / a1;
          }
        }
      }
    }
    let stp = iter === 0 && !boxed ? Math.min(1.0 / dnorm, stpmx) : 1;
    t.set(x);
    r.set(g);
    const fold = f;
    let gd = ddot(n, g, 0, d, 0);
    const gdold = gd;
    let failed = gd >= 0; // info -4: not a descent direction
    let ifun = 0;
    let iback = 0;
    let search: DcsrchSearch | null = null;
    while (!failed) {
      let task;
      if (search === null) {
        search = new DcsrchSearch(f, gd, stp, { c1: LINE_SEARCH.c1, c2: LINE_SEARCH.c2, xtol: LINE_SEARCH.xtol, stpmin: 0, stpmax: stpmx }, true);
        task = search.task;
      } else {
        task = search.next(f, gd);
      }
      // (An error in dcsrch's arguments asks for f and g again at the same step, as in scipy.)
      stp = search.stp;
      if (task === 'convergence' || task === 'warning') break;
      ifun += 1;
      iback = ifun - 1;
      if (stp === 1) {
        x.set(z);
      } else {
        for (let i = 0; i < n; i++) {
          // The step, kept inside the bounds against rounding.
          x[i] = stp * d[i]! + t[i]!;
          if (nbd[i] === 1 || nbd[i] === 2) x[i] = Math.max(x[i]!, lower[i]!);
          if (nbd[i] === 2 || nbd[i] === 3) x[i] = Math.min(x[i]!, upper[i]!);
        }
      }
      if (iback >= maxls) { failed = true; break; }
      [f, g] = evaluate(x);
      gd = ddot(n, g, 0, d, 0);
    }
    if (failed) {
      // Back to the line search's start; restart from steepest descent, or give up when it was.
      x.set(t);
      g = Float64Array.from(r);
      if (M.col === 0) {
        // scipy returns the value last evaluated with the restored x and g.
        const status = evaluations > settings.maxEvaluations || iterations >= settings.maxIterations ? 1 : 2;
        return done(status, LBFGSB_MESSAGES.abnormal, f);
      }
      f = fold;
      M.reset();
      continue;
    }

    // A new iterate.
    iter++;
    iterations++;
    sbgnrm = projgr(n, lower, upper, nbd, x, g);
    let stop: [number, string] | null = null;
    if (settings.onIteration && settings.onIteration(iterations, Float64Array.from(x), f, sbgnrm, evaluations) === false) stop = [99, LBFGSB_MESSAGES.callback];
    if (iterations >= settings.maxIterations) stop = [1, LBFGSB_MESSAGES.maxIterations];
    else if (evaluations > settings.maxEvaluations) stop = [1, LBFGSB_MESSAGES.maxEvaluations];
    if (stop !== null) return done(stop[0], stop[1]);

    // (777) The tests for termination.
    if (sbgnrm <= pgtol) return done(0, LBFGSB_MESSAGES.pgtol);
    const ddum = Math.max(Math.abs(fold), Math.abs(f), 1);
    if (fold - f <= tol * ddum) return done(0, LBFGSB_MESSAGES.ftol);

    // s = stp·d, y = g - g_old, yᵀy and sᵀy.
    for (let i = 0; i < n; i++) r[i] = g[i]! - r[i]!;
    const rnorm = dnrm2(n, r, 0);
    const rr = rnorm * rnorm;
    let dr: number;
    let bound: number;
    if (stp === 1) {
      dr = gd - gdold;
      bound = -gdold;
    } else {
      dr = (gd - gdold) * stp;
      dscal(n, stp, d, 0);
      bound = -gdold * stp;
    }
    if (dr <= EPSMCH * bound) {
      M.updatd = false; // skip the update: the curvature is not safely positive
      continue;
    }
    M.updatd = true;
    M.iupdat += 1;
    matupd(P, M, d, r, rr, dr, stp, dtd);
    if (formt(M) !== 0) M.reset();
  }
}
