// The pieces of tf.optimize.minimize on their own (plain Float64Array, no tensors): L-BFGS-B on a
// hand-written quadratic, the BLAS and LAPACK calls of L-BFGS-B against scipy's OpenBLAS, the
// one-variable searches ported from scipy (dcsrch, the Wolfe zoom, Brent, fminbound) against
// scipy 1.17 on the same functions (test/fixtures/minimize-more-scipy.json, "scalar"), and the
// arithmetic BFGS borrows from numpy: the emulated fused multiply-add against exact rationals, and
// np.dot's matrix-vector and matrix-matrix products through OpenBLAS.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brent } from '../ts/optimize/brent';
import { dcsrch } from '../ts/optimize/dcsrch';
import { fminbound } from '../ts/optimize/fminbound';
import { fusedMultiplyAdd } from '../ts/optimize/fused-multiply-add';
import { lbfgsb } from '../ts/optimize/lbfgsb';
import { numpyMatrixProduct, numpyMatrixVector } from '../ts/optimize/numpy-matrix-products';
import { daxpy, ddot, dnrm2, dpotrf, dtrtrs } from '../ts/optimize/openblas';
import { numpySum } from '../ts/optimize/vector';
import { wolfeZoom } from '../ts/optimize/wolfe-zoom';


describe('lbfgsb with a hand-written gradient', () => {
  it('a separable quadratic in a box ends at the projection of its minimizer', () => {
    const target = [3, -2, 0.5, 10, -10];
    const fg = (x: Float64Array): [number, Float64Array] => [
      target.reduce((s, t, i) => s + (i + 1) * (x[i]! - t) ** 2, 0),
      Float64Array.from(target, (t, i) => 2 * (i + 1) * (x[i]! - t)),
    ];
    const lower = new Float64Array([-1, -1, -1, -1, -Infinity]);
    const upper = new Float64Array([1, 1, 1, Infinity, 1]);
    const r = lbfgsb(fg, new Float64Array(5), lower, upper, { historySize: 10, gtol: 1e-10, ftol: 0, maxIterations: 100, maxEvaluations: 1000 });
    expect(r.status).toBe(0);
    Array.from(r.x).forEach((v, i) => expect(v).toBeCloseTo([1, -1, 0.5, 10, -10][i]!, 9));
  });
});

interface ScalarFixtures {
  dcsrch: { function: string; alpha1: number; c1: number; c2: number; xtol: number; stpmin: number; stpmax: number; step: number | null; value: number; task: string; phiCalls: number; derphiCalls: number }[];
  wolfe2: { function: string; c2: number; oldPhi0Above: number | null; step: number | null; value: number | null; slope: number | null; phiCalls: number; derphiCalls: number }[];
  brent: { tol: number; x: number; fun: number; calls: number }[];
  bounded: { lower: number; upper: number; xatol: number; x: number; fun: number; calls: number }[];
  numpySums: { n: number; sum: number }[];
  /** [a, b, c, a·b + c rounded once], as Python's repr. */
  fusedMultiplyAdds: [string, string, string, string][];
  matrixProducts: { n: number; a: number[][]; b: number[][]; v: number[]; av: number[]; ab: number[][] }[];
  openblas: {
    ddot: { x: number[]; y: number[]; dot: number }[];
    daxpy: { alpha: number; x: number[]; y: number[]; result: number[] }[];
    dnrm2: { x: number[]; norm: number }[];
    dpotrf: { a: number[][]; u: number[][]; info: number }[];
    dtrtrs: { trans: 'T' | 'N'; u: number[][]; b: number[][]; x: number[][] }[];
  };
}
const scalar = (JSON.parse(readFileSync(new URL('./fixtures/minimize-more-scipy.json', import.meta.url), 'utf8')) as { scalar: ScalarFixtures }).scalar;

/** The functions of scripts/minimize_more_fixtures.py, written as there (products, not powers):
 * Moré and Thuente's (5.1) and (5.2), and a line going down forever. */
const FUNCTIONS: Record<string, [(a: number) => number, (a: number) => number]> = {
  'mt1 beta 2': [(a) => -a / (a * a + 2.0), (a) => (a * a - 2.0) / ((a * a + 2.0) * (a * a + 2.0))],
  'mt1 beta 0.004': [(a) => -a / (a * a + 0.004), (a) => (a * a - 0.004) / ((a * a + 0.004) * (a * a + 0.004))],
  mt2: [
    (a) => { const t = a + 0.004; return t * t * t * t * t - 2 * t * t * t * t; },
    (a) => { const t = a + 0.004; return 5 * t * t * t * t - 8 * t * t * t; },
  ],
  linear: [(a) => 1 - 0.5 * a, () => -0.5],
};
/** Two minima, at about -0.43 and 1.67. */
const quartic = (x: number) => (x - 1.7) * (x - 1.7) * (x + 0.4) * (x + 0.4) + 0.3 * x;

function counted<A extends unknown[]>(f: (...a: A) => number): [(...a: A) => number, () => number] {
  let calls = 0;
  return [(...a) => { calls++; return f(...a); }, () => calls];
}

describe("the one-variable searches ported from scipy take scipy's steps", () => {
  it.each(scalar.dcsrch.map((c) => [`${c.function}, α1 = ${c.alpha1}`, c] as const))('dcsrch (line_search_wolfe1), %s', (_, c) => {
    const [phi, derphi] = FUNCTIONS[c.function]!;
    const [countedPhi, phiCalls] = counted(phi);
    const [countedDerphi, derphiCalls] = counted(derphi);
    const r = dcsrch(countedPhi, countedDerphi, phi(0), derphi(0), c.alpha1, { c1: c.c1, c2: c.c2, xtol: c.xtol, stpmin: c.stpmin, stpmax: c.stpmax, maxIterations: 100 });
    expect([r.step, r.value, phiCalls(), derphiCalls()]).toEqual([c.step, c.value, c.phiCalls, c.derphiCalls]);
  });

  it.each(scalar.wolfe2.map((c) => [`${c.function}, c2 = ${c.c2}, old φ0 ${c.oldPhi0Above === null ? 'none' : `φ0 + ${c.oldPhi0Above}`}`, c] as const))(
    'the Wolfe zoom (scalar_search_wolfe2), %s', (_, c) => {
      const [phi, derphi] = FUNCTIONS[c.function]!;
      const [countedPhi, phiCalls] = counted(phi);
      const [countedDerphi, derphiCalls] = counted(derphi);
      const phi0 = phi(0);
      const r = wolfeZoom(countedPhi, countedDerphi, phi0, c.oldPhi0Above === null ? null : phi0 + c.oldPhi0Above, derphi(0), { c1: 1e-4, c2: c.c2, amax: null, maxIterations: 10 });
      expect([r.step, r.value, r.slope, phiCalls(), derphiCalls()]).toEqual([c.step, c.value, c.slope, c.phiCalls, c.derphiCalls]);
    });

  it.each(scalar.brent.map((c) => [c.tol, c] as const))('Brent from the bracket of 0 and 1, tol %d', (_, c) => {
    const [f, calls] = counted(quartic);
    const r = brent(f, c.tol);
    expect([r.x, r.f, calls()]).toEqual([c.x, c.fun, c.calls]);
  });

  it.each(scalar.bounded.map((c) => [`[${c.lower}, ${c.upper}], xatol ${c.xatol}`, c] as const))('fminbound on %s', (_, c) => {
    const [f, calls] = counted(quartic);
    const r = fminbound(f, c.lower, c.upper, c.xatol);
    expect([r.x, r.f, calls()]).toEqual([c.x, c.fun, c.calls]);
  });

  it("numpySum adds as numpy's add.reduce (pairwise from 8 entries)", () => {
    const values = Array.from({ length: 300 }, (_, i) => (((i * 7919) % 1000) - 500) / (37 * (1 + (i % 7)) ** 3));
    for (const c of scalar.numpySums) expect(numpySum(values.slice(0, c.n)), `n = ${c.n}`).toBe(c.sum);
  });
});

describe("numpy's arithmetic in BFGS", () => {
  it('fusedMultiplyAdd rounds a·b + c once, as an FMA instruction', () => {
    expect(scalar.fusedMultiplyAdds.length).toBeGreaterThan(600);
    for (const [a, b, c, expected] of scalar.fusedMultiplyAdds) {
      expect(Object.is(fusedMultiplyAdd(Number(a), Number(b), Number(c)), Number(expected)), `fma(${a}, ${b}, ${c}) = ${expected}`).toBe(true);
    }
  });

  it("numpyMatrixVector and numpyMatrixProduct give np.dot's bits (n = 1 to 8)", () => {
    for (const c of scalar.matrixProducts) {
      const a = Float64Array.from(c.a.flat());
      expect(Array.from(numpyMatrixVector(a, Float64Array.from(c.v), c.n)), `A·v, n = ${c.n}`).toEqual(c.av);
      expect(Array.from(numpyMatrixProduct(a, Float64Array.from(c.b.flat()), c.n)), `A·B, n = ${c.n}`).toEqual(c.ab.flat());
    }
  });
});

/** A row-major square matrix as a column-major Float64Array (LAPACK's layout). */
const columnMajor = (rows: number[][]): Float64Array => {
  const n = rows.length;
  const out = new Float64Array(n * n);
  rows.forEach((row, i) => row.forEach((v, j) => { out[i + n * j] = v; }));
  return out;
};

describe("scipy's OpenBLAS as L-BFGS-B calls it (scipy.linalg's blas and lapack, same library)", () => {
  it('ddot, daxpy and dnrm2 give its bits (lengths 1 to 40)', () => {
    for (const c of scalar.openblas.ddot) expect(ddot(c.x.length, c.x, 0, c.y, 0)).toBe(c.dot);
    for (const c of scalar.openblas.daxpy) {
      const y = Float64Array.from(c.y);
      daxpy(c.x.length, c.alpha, c.x, 0, y, 0);
      expect(Array.from(y)).toEqual(c.result);
    }
    for (const c of scalar.openblas.dnrm2) expect(dnrm2(c.x.length, c.x, 0)).toBe(c.norm);
  });

  it('dpotrf (upper) gives its Cholesky factor bit for bit (orders 1 to 10)', () => {
    for (const c of scalar.openblas.dpotrf) {
      const n = c.a.length;
      const a = columnMajor(c.a);
      expect(dpotrf(n, a, 0, n)).toBe(c.info);
      for (let i = 0; i < n; i++) for (let j = i; j < n; j++) expect(a[i + n * j], `u[${i}][${j}], n = ${n}`).toBe(c.u[i]![j]);
    }
  });

  it('dtrtrs (upper) solves as it does: one right-hand side both ways, several transposed', () => {
    for (const c of scalar.openblas.dtrtrs) {
      const n = c.u.length;
      const nrhs = c.b[0]!.length;
      const b = new Float64Array(n * nrhs);
      c.b.forEach((row, i) => row.forEach((v, j) => { b[i + n * j] = v; }));
      expect(dtrtrs(c.trans, n, nrhs, columnMajor(c.u), 0, n, b, 0, n)).toBe(0);
      c.x.forEach((row, i) => row.forEach((v, j) => expect(b[i + n * j], `${c.trans} n = ${n}, x[${i}][${j}]`).toBe(v)));
    }
  });

});
