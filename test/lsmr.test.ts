// tf.optimize.lsmr beside scipy 1.17's scipy.sparse.linalg.lsmr, and the numpy products it is built
// on: test/fixtures/lsmr-scipy.json, written by scripts/lsmr_fixtures.py (OpenBLAS's Haswell
// kernels). Eighteen problems (random square, tall and wide, a consistent system, rank
// deficiency, badly scaled columns, Hilbert 8×8 (cond 1e10) and 12×12 (cond 1e16), Vandermonde
// (cond 1e7), one row, one column, a 60×45, scipy's documentation examples, a zero b), each with
// the defaults, and runs with damp, atol/btol, conlim, the machine-precision tests (atol = btol =
// conlim = 0; 247 iterations on Hilbert 12×12), maxiter reached and 0, x0, and show's log.
//
// Tolerance: none. numpy's products and norms are reproduced in OpenBLAS's order with its fused
// multiply-adds, and lsmr's scalar recurrences are plain IEEE arithmetic, so every result is
// scipy's to the bit: x, istop, itn and the five estimates, on the ill-conditioned problems too
// (where a last-bit difference in a product would grow over the iterations), and show's log
// character for character. An operator with plain JavaScript sums rounds otherwise: to rounding.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { numpyMatrixVectorProduct, numpyNorm, numpyTransposedMatrixVectorProduct } from '../ts/optimize/numpy-dense-products';
import { numpyOperator } from './helpers/numpy-operator';

interface ProductCase { m: number; n: number; seed: number; Ax: number[]; ATy: number[]; normx: number }
interface Case {
  kind: string;
  problem: string;
  options?: Record<string, unknown>;
  A?: number[][];
  b?: number[];
  x?: number[];
  istop?: number;
  itn?: number;
  normr?: number;
  normar?: number;
  norma?: number;
  conda?: number;
  normx?: number;
  printed?: string;
  error?: string;
  message?: string;
}
interface ErrorCase { case: string; error: string | null; message?: string }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/lsmr-scipy.json', import.meta.url), 'utf8')) as { scipy: string; products: ProductCase[]; cases: Case[]; errors: ErrorCase[] };
const problems = new Map(fixture.cases.filter((c) => c.kind === 'problem').map((c) => [c.problem, { A: c.A!, b: c.b! }]));

/** The script's splitmix64 doubles: (z >> 11) / 2⁵² - 1. */
function splitmix64Values(seed: number, count: number): Float64Array {
  const mask = (1n << 64n) - 1n;
  let state = BigInt(seed) & mask;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    state = (state + 0x9E3779B97F4A7C15n) & mask;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & mask;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & mask;
    z = z ^ (z >> 31n);
    out[i] = Number(z >> 11n) / 2 ** 52 - 1;
  }
  return out;
}


describe("numpy's dense products, OpenBLAS's order", () => {
  it.each(fixture.products.map((c) => [`${c.m}×${c.n}`, c] as const))('%s: A.dot(x), A.T.dot(y) and norm(x) to the bit', (_, c) => {
    const v = splitmix64Values(c.seed, c.m * c.n + c.n + c.m);
    const a = v.subarray(0, c.m * c.n);
    const x = v.slice(c.m * c.n, c.m * c.n + c.n);
    const y = v.slice(c.m * c.n + c.n);
    expect(Array.from(numpyMatrixVectorProduct(a, c.m, c.n, x))).toEqual(c.Ax);
    expect(Array.from(numpyTransposedMatrixVectorProduct(a, c.m, c.n, y))).toEqual(c.ATy);
    expect(numpyNorm(x)).toBe(c.normx);
  });
});

describe('tf.optimize.lsmr against scipy.sparse.linalg.lsmr', () => {
  afterEach(() => vi.restoreAllMocks());
  const cases = fixture.cases.filter((c) => c.kind === 'lsmr');

  it('covers every istop but 6 and scipy\'s log', () => {
    expect(new Set(cases.map((c) => c.istop))).toEqual(new Set([0, 1, 2, 3, 4, 5, 7, undefined]));
    expect(cases.filter((c) => c.printed !== undefined).length).toBe(6);
  });

  it.each(cases.map((c) => [`${c.problem} ${JSON.stringify(c.options)}`, c] as const))('%s', (_, c) => {
    const { A, b } = problems.get(c.problem)!;
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => { printed.push(line); });
    const call = () => tf.optimize.lsmr(A, b, c.options as tf.LsmrOptions);
    if (c.error) {
      expect(call).toThrow(`lsmr: ${c.error}: ${c.message}`);
      expect(printed.map((line) => `${line}\n`).join('')).toBe(c.printed);
      return;
    }
    const out = call();
    expect(out).toEqual({ x: c.x, istop: c.istop, itn: c.itn, normr: c.normr, normar: c.normar, norma: c.norma, conda: c.conda, normx: c.normx });
    if (c.printed !== undefined) expect(printed.map((line) => `${line}\n`).join('')).toBe(c.printed);
    else expect(printed).toEqual([]);
    // The same A as an operator with numpy's products: the same run.
    if (!c.printed) expect(tf.optimize.lsmr(numpyOperator(A), b, c.options as tf.LsmrOptions)).toEqual(out);
  });
});

describe('arguments', () => {
  const A = [[1, 0], [1, 1], [0, 1]];

  it('takes tensors, typed arrays, an m×1 column b, a 1-D A (one row); returns plain arrays', () => {
    const out = tf.optimize.lsmr(A, [1, 0.01, -1]);
    expect(Array.isArray(out.x)).toBe(true);
    expect(tf.optimize.lsmr(tf.constant(A, 'float64'), tf.constant([[1], [0.01], [-1]], 'float64'))).toEqual(out);
    expect(tf.optimize.lsmr(A.map((row) => Float64Array.from(row)), Float64Array.of(1, 0.01, -1))).toEqual(out);
    // numpy's atleast_2d: a vector is one row.
    expect(tf.optimize.lsmr([3, 4] as unknown as number[][], [5]).x.map((v) => +v.toFixed(12))).toEqual([0.6, 0.8]);
  });

  it("refuses scipy's failures and gradtape's unknown options by name", () => {
    const e = fixture.errors.find((x) => x.case === 'lsmr-shape-mismatch')!;
    expect(e.message).toBe('dimension mismatch');
    expect(() => tf.optimize.lsmr(A, [1, 2, 3, 4])).toThrow(/lsmr: dimension mismatch: A is 3×2 and b has 4 entries/);
    expect(() => tf.optimize.lsmr(A, [1, 2, 3], { x0: [1, 2, 3] })).toThrow(/x0 has 3 entries/);
    expect(() => tf.optimize.lsmr(tf.zeros([2, 2, 2]), [1, 2])).toThrow(/lsmr: array must have ndim <= 2/);
    expect(() => tf.optimize.lsmr(A, [1, 2, 3], { tol: 1e-3 } as never)).toThrow(/lsmr: unknown option 'tol'; the options are damp, atol, btol, conlim, maxiter, show, x0/);
    expect(() => tf.optimize.lsmr(A, [1, 2, 3], { maxiter: 2.5 })).toThrow(/maxiter must be an integer or null/);
    expect(() => tf.optimize.lsmr(A, [1, 2, 3], { atol: '1e-3' as never })).toThrow(/atol must be a number/);
  });

  it('checks an operator: its shape, both products and their lengths', () => {
    const matvec = (x: Float64Array) => [x[0]!, x[0]! + x[1]!, x[1]!];
    const rmatvec = (y: Float64Array) => [y[0]! + y[1]!, y[1]! + y[2]!];
    // (Its plain sums round differently from numpy's fused ones: x is [1, -1] to rounding.)
    expect(tf.optimize.lsmr({ shape: [3, 2], matvec, rmatvec }, [1, 0, -1]).x.map((v) => +v.toFixed(14))).toEqual([1, -1]);
    expect(() => tf.optimize.lsmr({ shape: [3, 2], matvec } as never, [1, 0, -1])).toThrow(/lsmr: a linear operator needs `rmatvec`, a function/);
    expect(() => tf.optimize.lsmr({ shape: [3], matvec, rmatvec } as never, [1, 0, -1])).toThrow(/lsmr: a linear operator needs `shape`, \[m, n\]/);
    expect(() => tf.optimize.lsmr({ shape: [3, 2], matvec: () => [1, 2], rmatvec }, [1, 0, -1])).toThrow(/lsmr: matvec returned 2 numbers; the operator's shape is \(3, 2\), so it must return 3/);
    expect(() => tf.optimize.lsmr({ shape: [3, 2], matvec, rmatvec: () => ['a', 'b'] as never }, [1, 0, -1])).toThrow(/lsmr: rmatvec must return numbers; entry 0 is/);
    // The operator gets copies: writing to them changes nothing.
    const scribbling = { shape: [3, 2] as const, matvec: (x: Float64Array) => { const out = matvec(x); x.fill(NaN); return out; }, rmatvec: (y: Float64Array) => { const out = rmatvec(y); y.fill(NaN); return out; } };
    expect(tf.optimize.lsmr(scribbling, [1, 0.01, -1])).toEqual(tf.optimize.lsmr({ shape: [3, 2], matvec, rmatvec }, [1, 0.01, -1]));
  });
});
