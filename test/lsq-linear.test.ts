// tf.optimize.nnls and tf.optimize.lsqLinear beside scipy 1.17's: test/fixtures/lsq-linear-scipy.json,
// written by scripts/lsq_linear_fixtures.py. Fifteen matrices (random tall, square and wide,
// Vandermonde and Hilbert, rank-deficient, a zero column, badly scaled columns, one column,
// scipy's documentation examples), each through nnls and through lsqLinear's 'trf' and 'bvls'
// with seven kinds of bounds (none, a random box, x >= 0, upper only, mixed infinite, wide
// inactive, narrow), iteration limits and tolerances, and scipy's argument errors.
//
// Tolerances.
// - nnls: x and rnorm to 1e-12 relative, and the zeros of x exactly. (scipy-nnls.ts reproduces
//   scipy's C code on the orders of OpenBLAS's Haswell kernels, which the fixture script asks for:
//   with fewer than 20 rows every x and rnorm is scipy's to the bit, these fixtures' and 497 random
//   problems'; the 30- and 40-row problems here differ in the last bits, hence the relative
//   tolerance rather than equality.)
// - lsqLinear on the well-conditioned problems (condition number below 1e3, or exactly
//   rank-deficient, whose null directions both sides drop): nit, status, message, success and
//   activeMask exactly; x, fun, cost to 1e-12 relative for 'bvls' and the unbounded solution
//   (status 3), which end on a least squares solve on the same free set, so only rounding
//   separates them (numpy's LAPACK SVD against gradtape's pivoted QR and Jacobi SVD); to 1e-9 for
//   'trf', whose interior iterates stop at tol = 1e-10 on the scaled gradient, so that rounding
//   in the QR and the Givens rotations moves its last iterate by about tol times the condition.
//   For wide A (m < n) with bounds the minimizer is not unique and 'trf' may stop at another
//   point of the solution set: there fun and cost are compared, not x.
// - lsqLinear on the ill-conditioned problems (Vandermonde cond 3e3, badly scaled columns 2e6,
//   Hilbert 2e9): rounding differences between the two sides' factorizations are amplified by
//   the condition number (by its square in x for a least squares problem), so iteration counts
//   and the tests at tol's edge can differ; only success and the cost (to 1e-7 relative, the
//   well-determined quantity; Hilbert's differs by 4e-8) are compared.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { numpyOperator } from './helpers/numpy-operator';

const ILL_CONDITIONED = new Set(['vandermonde-10x6', 'hilbert-7', 'badly-scaled-9x5']);

interface Case {
  kind: string;
  problem: string;
  bounds?: string;
  options?: Record<string, unknown>;
  maxiter?: number;
  x?: number[];
  rnorm?: number;
  cost?: number;
  fun?: number[];
  optimality?: number;
  activeMask?: number[];
  nit?: number;
  status?: number;
  message?: string;
  success?: boolean;
  unboundedSol?: tf.LsqLinearResult['unboundedSol'];
  error?: string;
  A?: number[][];
  b?: number[];
}
interface ErrorCase { case: string; kind: string; error: string | null; message?: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/lsq-linear-scipy.json', import.meta.url), 'utf8')) as { scipy: string; cases: Case[]; errors: ErrorCase[] };

const revive = (v: unknown): unknown => {
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  if (Array.isArray(v)) return v.map(revive);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, revive(e)]));
  return v;
};

const problems = new Map(fixture.cases.filter((c) => c.kind === 'problem').map((c) => [c.problem, { A: c.A!, b: c.b! }]));


/** max |actual - expected| / max(1, max |expected|). */
function relativeError(actual: readonly number[], expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  return Math.max(0, ...actual.map((v, i) => Math.abs(v - expected[i]!))) / scale;
}

describe('tf.optimize.nnls against scipy.optimize.nnls', () => {
  const cases = fixture.cases.filter((c) => c.kind === 'nnls');
  it.each(cases.map((c) => [`${c.problem}${c.maxiter !== undefined ? ` maxiter=${c.maxiter}` : ''}`, c] as const))('%s', (_, c) => {
    const { A, b } = problems.get(c.problem)!;
    const options = c.maxiter !== undefined ? { maxiter: c.maxiter } : undefined;
    if (c.error) {
      expect(() => tf.optimize.nnls(A, b, options)).toThrow(c.message);
      return;
    }
    const out = tf.optimize.nnls(A, b, options);
    expect(relativeError(out.x, c.x!)).toBeLessThanOrEqual(1e-12);
    expect(Math.abs(out.rnorm - c.rnorm!)).toBeLessThanOrEqual(1e-12 * Math.max(1, c.rnorm!));
    // The active set: exactly scipy's zeros.
    expect(out.x.map((v) => v === 0)).toEqual(c.x!.map((v) => v === 0));
  });

  it('takes tensors, typed arrays and an m×1 column b; returns plain arrays', () => {
    const A = tf.constant([[1, 0], [1, 0], [0, 1]], 'float64');
    const out = tf.optimize.nnls(A, tf.constant([[2], [1], [1]], 'float64'));
    expect(Array.isArray(out.x)).toBe(true);
    expect(out.x[0]).toBeCloseTo(1.5, 15);
    expect(out.x[1]).toBe(1);
    expect(out.rnorm).toBeCloseTo(Math.SQRT1_2, 15);
    expect(tf.optimize.nnls([Float64Array.of(1, 0), Float64Array.of(1, 0), Float64Array.of(0, 1)], Float64Array.of(2, 1, 1))).toEqual(out);
  });
});

/** `unboundedSol` with lsqSolver 'exact' beside numpy's lstsq's (x, residuals, rank, singular
 * values): the rank exactly; the singular values to 1e-13 of the largest (gradtape's Jacobi SVD
 * of the pivoted QR's R against LAPACK's gelsd); the residuals to 1e-12 relative; x to 1e-12
 * relative where the problem is well-conditioned (the minimum-norm solution is unique either way). */
function expectUnboundedSolution(out: tf.ExactUnboundedSolution, expected: tf.ExactUnboundedSolution, A: number[][], illConditioned: boolean): void {
  const [x, residuals, rank, singularValues] = out;
  expect(rank).toBe(expected[2]);
  expect(singularValues.length).toBe(Math.min(A.length, A[0]!.length));
  singularValues.forEach((s, i) => expect(Math.abs(s - expected[3][i]!)).toBeLessThanOrEqual(1e-13 * expected[3][0]!));
  expect(residuals.length).toBe(expected[1].length);
  if (residuals.length === 1) expect(Math.abs(residuals[0]! - expected[1][0]!)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected[1][0]!));
  if (!illConditioned) expect(relativeError(x, expected[0])).toBeLessThanOrEqual(1e-12);
}

describe('tf.optimize.lsqLinear against scipy.optimize.lsq_linear', () => {
  const cases = fixture.cases.filter((c) => c.kind === 'lsqLinear');
  it('covers both methods, every status scipy reached and every kind of bounds', () => {
    expect(new Set(cases.map((c) => `${c.options!.method} ${c.status}`))).toEqual(new Set(['trf 0', 'trf 1', 'trf 2', 'trf 3', 'bvls 1', 'bvls 2', 'bvls 3']));
    expect(new Set(cases.map((c) => c.bounds)).size).toBe(8);
    expect(cases.filter((c) => !ILL_CONDITIONED.has(c.problem)).length).toBeGreaterThan(170);
  });
  it.each(cases.map((c) => [`${c.problem} ${c.bounds} ${JSON.stringify({ ...c.options, bounds: undefined })}`, c] as const))('%s', (_, c) => {
    const { A, b } = problems.get(c.problem)!;
    const options = revive(c.options) as tf.LsqLinearOptions;
    const out = tf.optimize.lsqLinear(A, b, options);
    expectUnboundedSolution(out.unboundedSol as tf.ExactUnboundedSolution, c.unboundedSol as tf.ExactUnboundedSolution, A, ILL_CONDITIONED.has(c.problem));
    if (ILL_CONDITIONED.has(c.problem)) {
      expect(out.success).toBe(c.success);
      expect(Math.abs(out.cost - c.cost!)).toBeLessThanOrEqual(1e-7 * Math.max(1, c.cost!));
      return;
    }
    expect({ nit: out.nit, status: out.status, message: out.message, success: out.success, activeMask: out.activeMask })
      .toEqual({ nit: c.nit, status: c.status, message: c.message, success: c.success, activeMask: c.activeMask });
    const tolerance = c.options!.method === 'trf' && c.status !== 3 ? 1e-9 : 1e-12;
    const unique = A.length >= A[0]!.length || c.status === 3;
    if (unique) expect(relativeError(out.x, c.x!)).toBeLessThanOrEqual(tolerance);
    expect(relativeError(out.fun, c.fun!)).toBeLessThanOrEqual(tolerance);
    expect(Math.abs(out.cost - c.cost!)).toBeLessThanOrEqual(tolerance * Math.max(1, c.cost!));
    expect(Math.abs(out.optimality - c.optimality!)).toBeLessThanOrEqual(Math.max(tolerance, 1e-6 * c.optimality!));
    // x lies in the box (to rounding: 'bvls' interpolates towards the bounds as scipy does).
    const [lb, ub] = (options.bounds ?? [-Infinity, Infinity]) as [number | number[], number | number[]];
    out.x.forEach((v, j) => {
      const lo = typeof lb === 'number' ? lb : lb[j]!;
      const hi = typeof ub === 'number' ? ub : ub[j]!;
      expect(v >= lo - 1e-12 * Math.max(1, Math.abs(lo)) && v <= hi + 1e-12 * Math.max(1, Math.abs(hi))).toBe(true);
    });
  });
});

describe('arguments', () => {
  afterEach(() => vi.restoreAllMocks());
  const A = [[1, 2], [3, 4], [5, 6]];

  it.each(fixture.errors.filter((e) => e.error !== null).map((e) => [e.case, e] as const))("%s: scipy's error, in its words", (name, e) => {
    const calls: Record<string, () => unknown> = {
      'shape-mismatch': () => tf.optimize.lsqLinear(A, [1, 2]),
      'lb-above-ub': () => tf.optimize.lsqLinear(A, [1, 2, 3], { bounds: [[0, 2], [1, 1]] }),
      'nan-in-A': () => tf.optimize.lsqLinear([[1, NaN], [0, 1]], [1, 2]),
      'bad-method': () => tf.optimize.lsqLinear(A, [1, 2, 3], { method: 'lm' as 'trf' }),
      'bad-max-iter': () => tf.optimize.lsqLinear(A, [1, 2, 3], { maxIter: 0 }),
      'b-2d': () => tf.optimize.lsqLinear(A, [[1], [2], [3]] as unknown as number[]),
      'nnls-shape-mismatch': () => tf.optimize.nnls(A, [1, 2]),
      'nnls-nan': () => tf.optimize.nnls(A, [1, NaN, 3]),
      'nnls-1d-A': () => tf.optimize.nnls([1, 2] as unknown as number[][], [1, 2]),
    };
    // scipy's words, with gradtape's camelCase names; the bound check names the variable; NaN in
    // A is refused before scipy's SVD fails on it.
    const expected: Record<string, RegExp> = {
      'shape-mismatch': /Inconsistent shapes between `A` and `b`\./,
      'lb-above-ub': /each lower bound must be strictly less than its upper bound; parameter 1 has \[2, 1\]/,
      'nan-in-A': /array must not contain infs or NaNs \(A has NaN\)/,
      'bad-method': /`method` must be 'trf' or 'bvls'/,
      'bad-max-iter': /`maxIter` must be undefined or a positive integer/,
      'b-2d': /`b` must have at most 1 dimension\./,
      'nnls-shape-mismatch': /Incompatible dimensions\. The first dimension of A is 3, while the shape of b is \(2,\)/,
      'nnls-nan': /array must not contain infs or NaNs/,
      'nnls-1d-A': /Expected a 2D array, but the shape of A is \(2,\)/,
    };
    expect(calls[name]).toThrow(expected[name]);
    if (!['lb-above-ub', 'nan-in-A', 'bad-max-iter'].includes(name)) expect(e.message).toMatch(new RegExp(expected[name]!.source.replace(/ \\\(A has NaN\\\)/, '')));
  });

  it('refuses NaN in b (scipy returns NaN) and unknown options', () => {
    expect(() => tf.optimize.lsqLinear(A, [1, NaN, 3])).toThrow(/array must not contain infs or NaNs \(b has NaN\)/);
    expect(() => tf.optimize.lsqLinear(A, [1, 2, 3], { max_iter: 3 } as never)).toThrow(/unknown option 'max_iter'; the options are bounds, method, tol, lsqSolver, lsmrTol, maxIter, verbose, lsmrMaxiter/);
    expect(() => tf.optimize.nnls(A, [1, 2, 3], { atol: 1e-3 } as never)).toThrow(/unknown option 'atol' \(scipy deprecated it and never used it\)/);
  });

  it('takes bounds as scipy\'s (lb, ub) or a Bounds-like { lb, ub }, A as a tensor', () => {
    const b = [1, 2, 2];
    const pair = tf.optimize.lsqLinear(A, b, { bounds: [0, [0.2, Infinity]], method: 'bvls' });
    const object = tf.optimize.lsqLinear(tf.constant(A, 'float64'), tf.constant(b, 'float64'), { bounds: { lb: [0, 0], ub: [0.2, Infinity] }, method: 'bvls' });
    expect(object).toEqual(pair);
  });

  it("verbose 1 prints scipy's two lines", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    tf.optimize.lsqLinear(A, [1, 2, 2], { verbose: 1 });
    tf.optimize.lsqLinear(A, [1, 2, 2], { bounds: [0, 0.3], method: 'bvls', verbose: 1 });
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'The unconstrained solution is optimal.',
      // (The optimality, ‖Aᵀr‖∞ at the solution, is rounding noise: 4.44e-15 in scipy.)
      expect.stringMatching(/^Final cost 8\.3333e-02, first-order optimality \d\.\d\de-1[45]$/),
      'The first-order optimality measure is less than `tol`.',
      expect.stringMatching(/^Number of iterations 2, initial cost 4\.2000e-01, final cost 2\.1371e-01, first-order optimality \d\.\d\de-1[5-7]\.$/),
    ]);
  });
});

// lsqSolver 'lsmr' beside scipy's lsq_solver='lsmr': test/fixtures/lsmr-scipy.json, written by
// scripts/lsmr_fixtures.py (OpenBLAS's Haswell kernels). Ten matrices (random tall, square and
// wide, badly scaled, one column, rank-deficient, Hilbert cond 1e10, Vandermonde cond 1e7, a small
// integer one) through 'trf' with six kinds of bounds and lsmrTol undefined, 'auto' and 1e-8;
// lsmrMaxiter, maxIter and tol on a tight box; A as a linear operator; verbose 1 and 2.
describe("tf.optimize.lsqLinear's 'lsmr' solver against scipy.optimize.lsq_linear", () => {
  interface LsmrCase extends Case { operator?: boolean; printed?: string }
  const lsmrFixture = JSON.parse(readFileSync(new URL('./fixtures/lsmr-scipy.json', import.meta.url), 'utf8')) as { cases: LsmrCase[]; errors: ErrorCase[] };
  const lsmrProblems = new Map(lsmrFixture.cases.filter((c) => c.kind === 'problem').map((c) => [c.problem, { A: c.A!, b: c.b! }]));
  const cases = lsmrFixture.cases.filter((c) => c.kind === 'lsqLinear');
  afterEach(() => vi.restoreAllMocks());

  it.each(cases.map((c) => [`${c.problem} ${c.bounds}${c.operator ? ' operator' : ''} ${JSON.stringify({ ...c.options, bounds: undefined })}`, c] as const))('%s', (_, c) => {
    const { A, b } = lsmrProblems.get(c.problem)!;
    const options = revive(c.options) as tf.LsqLinearOptions;
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => { printed.push(line); });
    const matrix = c.operator ? numpyOperator(A) : A;
    const out = tf.optimize.lsqLinear(matrix, b, options);
    const text = printed.map((line) => `${line}\n`).join('');
    if (options.lsqSolver === 'lsmr' || c.operator) {
      // numpy's products and LSMR's recurrences reproduced: scipy's run to the bit.
      expect(out).toEqual({ x: c.x, cost: c.cost, fun: c.fun, optimality: c.optimality, activeMask: c.activeMask, nit: c.nit, status: c.status, message: c.message, success: c.success, unboundedSol: c.unboundedSol });
      if (c.printed !== undefined) expect(text).toBe(c.printed);
      return;
    }
    // verbose 2 with 'exact' and 'bvls' (tolerances as above): the same iterations and table, but
    // for entries at rounding level (the optimality at a solution, 1e-13 and below).
    expect({ nit: out.nit, status: out.status, activeMask: out.activeMask }).toEqual({ nit: c.nit, status: c.status, activeMask: c.activeMask });
    expect(relativeError(out.x, c.x!)).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(out.cost - c.cost!)).toBeLessThanOrEqual(1e-12 * c.cost!);
    const noise = (t: string) => t.replace(/-?\d\.\d+e-(1[3-9]|[2-9]\d)/g, 'rounding');
    expect(noise(text)).toBe(noise(c.printed!));
  });

  it("refuses what scipy refuses, in scipy's words (gradtape's option names)", () => {
    const [a3, b3] = [[[1, 2], [3, 4], [5, 6]], [1, 2, 2]];
    const operator = numpyOperator(a3);
    const calls: Record<string, () => unknown> = {
      'bvls-lsmr': () => tf.optimize.lsqLinear(a3, b3, { method: 'bvls', lsqSolver: 'lsmr' }),
      'bvls-operator': () => tf.optimize.lsqLinear(operator, b3, { method: 'bvls' }),
      'exact-operator': () => tf.optimize.lsqLinear(operator, b3, { lsqSolver: 'exact' }),
      'bad-solver': () => tf.optimize.lsqLinear(a3, b3, { lsqSolver: 'qr' as 'exact' }),
      'bad-verbose': () => tf.optimize.lsqLinear(a3, b3, { verbose: 3 as 2 }),
      'lsmr-tol-negative': () => tf.optimize.lsqLinear(a3, b3, { lsqSolver: 'lsmr', lsmrTol: -1 }),
      'lsmr-tol-word': () => tf.optimize.lsqLinear(a3, b3, { lsqSolver: 'lsmr', lsmrTol: 'fast' as 'auto' }),
      'lsmr-maxiter-zero': () => tf.optimize.lsqLinear(a3, b3, { lsqSolver: 'lsmr', lsmrMaxiter: 0 }),
    };
    // scipy's message with gradtape's names: lsq_solver → lsqSolver (scipy says `solver`),
    // lsmr_tol → lsmrTol, lsmr_maxiter → lsmrMaxiter, None → undefined.
    const gradtapeWords = (message: string) => message
      .replace("lsq_solver='lsmr'", "lsqSolver='lsmr'").replace('`solver` must be None', '`lsqSolver` must be undefined')
      .replace('`lsmr_tol` must be None', '`lsmrTol` must be undefined').replace('positive float', 'a positive number')
      .replace('`lsmr_maxiter` must be None or positive integer', '`lsmrMaxiter` must be undefined or a positive integer');
    for (const [name, call] of Object.entries(calls)) {
      const e = lsmrFixture.errors.find((x) => x.case === name)!;
      expect(e.error, name).toBe('ValueError');
      expect(call, name).toThrow(`lsqLinear: ${gradtapeWords(e.message!).replace(/\.$/, '')}`);
    }
  });
});
