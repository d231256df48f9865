// tf.optimize.root and fsolve (scipy.optimize.root(method='hybr'), MINPACK's hybrj) against
// MINPACK's own results: the documented hybrj example, and the 55 runs of MINPACK's hybrj1 test
// driver (file21) with the solutions MINPACK computes (gfortran, as kept with the Fortran test in
// fortran-lang/minpack's test suite), plus scipy's API: results, statuses, options and errors.
import * as tf from 'gradtape';
import { describe, expect, it, vi } from 'vitest';
import { HYBRJ1_RUNS, start, system } from './helpers/minpack-systems';

const XTOL = Math.sqrt(2.220446049250313e-16);
/** hybrj1's settings: scale 1 for every unknown (mode 2) and factor 100. */
const hybrj1 = (n: number) => ({ diag: new Array<number>(n).fill(1), factor: 100 });
const norm = (v: number[]) => Math.hypot(...v);

describe('MINPACK hybrj', () => {
  it("gives the documentation's example result: Broyden tridiagonal, n = 9, from x = -1", () => {
    // HYBRJ's documentation (ANL-80-74): final L2 norm 0.1192636D-07, 11 evaluations of the
    // function and 1 of the Jacobian, and this solution.
    const sol = tf.optimize.root(system(13, 9), start(13, 9, 1), { ...hybrj1(9), maxEvaluations: 1000 });
    expect(sol.status).toBe(1);
    expect(norm(sol.fun).toExponential(6)).toBe('1.192636e-8');
    expect([sol.nfev, sol.njev]).toEqual([11, 1]);
    const expected = [-0.5706545, -0.6816283, -0.7017325, -0.7042129, -0.701369, -0.6918656, -0.665792, -0.5960342, -0.4164121];
    sol.x.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 7));
  });

  // MINPACK's exit parameters for the 55 runs, and (for the runs that converged there) the first
  // entries of its solutions. Chebyquad's roots are permutations of one another: from the far
  // starts, a run may reach the same set of values in another order, so those are compared sorted.
  const INFO = [1, 1, 1, 4, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 4, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
  const boundary = [-0.04316498251876486, -0.08157715653538729, -0.114485714380531, -0.1409735768625996];
  const SOLUTIONS: Record<number, number[]> = {
    1: [1, 1], 2: [1, 1], 3: [1, 1],
    7: [1.098159327798296e-5, 9.106146740038449], 8: [1.098159288132353e-5, 9.106146743612113],
    9: [-0.9679740249512818, 0.9471391408444433, -0.9695163103175638, 0.9512476657652131],
    10: [-0.9679740250937678, 0.9471391411205137, -0.969516310175134, 0.9512476654887939],
    11: [-0.9679740249230577, 0.9471391407896745, -0.9695163103461089, 0.9512476658204914],
    12: [1, -1.612103288815217e-14, 0], 13: [1, 1.388617146084722e-11, 0], 14: [1, 3.234657151609015e-11, 0],
    15: [-0.0157250864013187, 1.01243486936912, -0.2329916259568086, 1.260430087800509, -1.513728922723659, 0.9929964324319899],
    16: [-0.0157250864014294, 1.012434869369113, -0.232991625956757, 1.26043008779981, -1.513728922722583, 0.99299643243132],
    17: [-1.53070390292869e-5, 0.9997897039319343, 0.01476396368990648, 0.1463423283093984, 1.000821102959179],
    19: [0.08375125649943561, 0.3127292952232932, 0.5000000000000018, 0.6872707047767043, 0.9162487435005652],
    20: [0.08375125650172599, 0.4999999999984706, 0.3127292952187522, 0.9162487434957841, 0.6872707047852671],
    21: [0.6872707048164862, 0.4999999999708427, 0.08375125649245271, 0.3127292952359536, 0.9162487434842648],
    22: [0.06687659094732229, 0.3666822992416477, 0.2887406731168656, 0.7112593268831344, 0.6333177007583523, 0.9331234090526778],
    23: [0.9331234090548961, 0.3666822992072173, 0.06687659093602476, 0.7112593268461027, 0.2887406731541705, 0.6333177008015886],
    24: [0.06687659094738703, 0.7112593269091415, 0.2887406731888937, 0.9331234090619587, 0.6333177007462377, 0.3666822991463812],
    25: [0.05806914960717641, 0.2351716124057688, 0.3380440947078516, 0.4999999999993442, 0.6619559052930899, 0.7648283875938304, 0.9419308503929387],
    26: [0.3380440947234102, 0.235171612365891, 0.9419308503765472, 0.7648283876531939, 0.6619559052401212, 0.05806914961691421, 0.5000000000239224],
    29: [0.0442053462796438, 0.1994906715249946, 0.2356191097165776, 0.4160469066798081, 0.5000000008711383, 0.5839530917260407, 0.7643808911354805, 0.8005093282727184, 0.9557946537935981],
    30: [1, 1, 1], 31: [1, 1, 1], 32: [0.9794303033498583, 0.9794303033498583, 0.9794303033498583], 33: [1, 1, 1], 34: [1, 1, 1],
    35: boundary, 36: boundary, 37: boundary, 38: [-0.15281388356258], 39: [-0.15281388356258], 40: [-0.15281388356258],
    41: boundary, 42: boundary, 43: boundary,
    45: [0.034396288962357, 0.03503231575416286, 0.03571919583574922, 0.03646522422002401],
    46: [18.88395221037194, 25.16777354435942, 18.88527511766734, 18.88602114534231],
    47: [1, 1, 1], 48: [1, 1, 1], 49: [1, 1, 1],
    50: [-0.5707221307212121, -0.6818069509055232, -0.7022100775689857, -0.7055106309936168],
    51: [-0.5707221320993724, -0.6818069494976288, -0.7022100764193087, -0.7055106298465235],
    52: [-0.5707221320171143, -0.6818069499829605, -0.7022100760171542, -0.705510629895531],
    53: [-0.4283028636053096, -0.4765964242962532, -0.5196524638125551, -0.5580993246169653],
    54: [-0.4283028634881692, -0.4765964236396711, -0.5196524642776768, -0.5580993248351936],
    55: [-0.4283028635608067, -0.4765964243232715, -0.5196524637037395, -0.5580993248328234],
  };
  /** MINPACK's test accepts an entry within 1.49e-8, or else within 1e-4 relatively. */
  const matches = (got: number, want: number) => Math.abs(got - want) <= XTOL || Math.abs(got - want) <= 1e-4 * Math.abs(want);

  it.each(HYBRJ1_RUNS.map((run, i) => ({ ...run, case: i + 1 })))('file21 run $case: problem $problem, n = $n, start × $factor', (run) => {
    const sol = tf.optimize.root(system(run.problem, run.n), run.x0, hybrj1(run.n));
    expect(sol.nfev).toBeLessThanOrEqual(100 * (run.n + 1));
    expect(sol.x.every(Number.isFinite)).toBe(true);
    if (INFO[run.case - 1] === 1) {
      expect(sol.status).toBe(1);
      const want = SOLUTIONS[run.case]!;
      const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
      const [got, expected] = run.problem === 7 ? [sorted(sol.x), sorted(want)] : [sol.x.slice(0, want.length), want];
      got.forEach((v, i) => expect(matches(v, expected[i]!), `x[${i}] = ${v}, MINPACK ${expected[i]}`).toBe(true));
    } else {
      // MINPACK stopped for lack of progress (a singular root, or no root): so may this run, or
      // it may converge; either way it reports what happened.
      expect([1, 4, 5]).toContain(sol.status);
    }
    if (sol.status === 1) expect(norm(sol.fun)).toBeLessThan(1e-7);
  });
});

describe('tf.optimize.root', () => {
  const circleAndHyperbola = (v: tf.Tensor) => {
    const [x, y] = tf.unstack(v);
    return tf.stack([x!.square().add(y!.square()).sub(4), x!.mul(y!).sub(1)]);
  };
  // x² + y² = 4 and xy = 1: x² = 2 + √3.
  const X = Math.sqrt(2 + Math.sqrt(3));

  it("returns scipy's result for method 'hybr'", () => {
    const sol = tf.optimize.root(circleAndHyperbola, [2, 0.5]);
    expect(sol.success).toBe(true);
    expect(sol.status).toBe(1);
    expect(sol.message).toBe('The solution converged.');
    expect(sol.method).toBe('hybr');
    expect(sol.x[0]).toBeCloseTo(X, 9); // (xtol 1.49e-8 bounds the relative error; here it is 4e-12)
    expect(sol.x[1]).toBeCloseTo(1 / X, 9);
    expect(norm(sol.fun)).toBeLessThan(1e-9);
    expect(sol.njev).toBeGreaterThanOrEqual(1);
    // Q (fjac's rows are its columns) stays orthogonal through the rank-one updates; R is packed by rows.
    const q = sol.fjac;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++) expect(q[i]![0]! * q[j]![0]! + q[i]![1]! * q[j]![1]!).toBeCloseTo(i === j ? 1 : 0, 12);
    }
    expect(sol.r).toHaveLength(3);
    expect(sol.qtf).toHaveLength(2);
  });

  it('runs a traced fun and an eager one to the same bits, and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    const traced = tf.optimize.root(circleAndHyperbola, [2, 0.5]);
    const eager = tf.optimize.root(circleAndHyperbola, [2, 0.5], { jit: false });
    expect(eager).toEqual(traced);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at maxEvaluations with status 2, and takes tol as xtol', () => {
    const sol = tf.optimize.root(system(1, 2), start(1, 2, 1), { maxEvaluations: 3 });
    expect([sol.status, sol.success, sol.nfev]).toEqual([2, false, 3]);
    expect(sol.message).toBe('The number of calls to function has reached maxfev = 3.');
    const loose = tf.optimize.root(circleAndHyperbola, [2, 0.5], { tol: 1e-3 });
    const tight = tf.optimize.root(circleAndHyperbola, [2, 0.5], { tol: 1e-3, xtol: 1e-14 });
    expect(loose.nfev).toBeLessThan(tight.nfev);
    expect(Math.abs(loose.x[0]! - X)).toBeGreaterThan(Math.abs(tight.x[0]! - X));
  });

  it('reports a system without a real root as not making progress', () => {
    // x² + 1 = 0, y = 1: the residual's norm cannot go below 1.
    const sol = tf.optimize.root((v) => tf.stack([v.gather(0).square().add(1), v.gather(1).sub(1)]), [1, 0]);
    expect(sol.success).toBe(false);
    expect([4, 5]).toContain(sol.status);
    expect(sol.message).toMatch(/not making good progress/);
    expect(sol.fun[0]).toBeGreaterThanOrEqual(1);
  });

  it('computes in float32 when asked, to float32 precision', () => {
    const sol = tf.optimize.root((v) => {
      expect(v.dtype).toBe('float32');
      return circleAndHyperbola(v);
    }, [2, 0.5], { dtype: 'float32' });
    expect(sol.success).toBe(true);
    expect(sol.x[0]).toBeCloseTo(X, 5);
  });

  it('refuses bad arguments with messages that say what is wrong', () => {
    const f = (v: tf.Tensor) => v.sub(1);
    expect(() => tf.optimize.root((v) => tf.concat([v, v]), [1, 2])).toThrow(/root: fun\(x\) returned shape \[4\]; it must return shape \[2\].*leastSquares/);
    expect(() => tf.optimize.root((v) => v.sum(), [1, 2])).toThrow(/returned shape \[\]/);
    expect(() => tf.optimize.root(() => tf.constant([1, 2], 'float64'), [1, 2])).toThrow(/root: fun\(x\) does not depend on x/);
    expect(() => tf.optimize.root((v) => tf.log(v), [-1, 2])).toThrow(/root: fun\(x0\) is not finite/);
    expect(() => tf.optimize.root((v) => v.cast('float32'), [1])).toThrow(/returned float32; this run computes in float64/);
    expect(() => tf.optimize.root(f, [])).toThrow(/x0 is empty/);
    expect(() => tf.optimize.root(f, [1], { method: 'newton' as 'hybr' })).toThrow(/method "newton" is not supported; the methods are 'hybr' .*, 'lm' .*'df-sane'/);
    expect(() => tf.optimize.root(f, [1], { ftol: 1e-6 })).toThrow(/root: ftol is an option of method 'lm'; 'hybr' ends on xtol alone/);
    expect(() => tf.optimize.root(f, [1], { method: 'lm', gtol: -1 })).toThrow(/gtol must be a finite number >= 0/);
    expect(() => tf.optimize.root(f, [1], { xtol: -1 })).toThrow(/xtol must be a finite number >= 0/);
    expect(() => tf.optimize.root(f, [1], { tol: Number.NaN })).toThrow(/tol must be a finite number >= 0/);
    expect(() => tf.optimize.root(f, [1], { factor: 0 })).toThrow(/factor must be a positive number/);
    expect(() => tf.optimize.root(f, [1], { maxEvaluations: 2.5 })).toThrow(/maxEvaluations must be a positive integer/);
    expect(() => tf.optimize.root(f, [1, 2], { diag: [1] })).toThrow(/diag must hold 2 positive numbers/);
    expect(() => tf.optimize.root(f, [1, 2], { diag: [1, 0] })).toThrow(/diag must hold 2 positive numbers/);
    expect(() => tf.optimize.root(f, [1], { dtype: 'int32' as 'float64' })).toThrow(/dtype must be 'float64' or 'float32'/);
    expect(() => tf.optimize.root('f' as never, [1])).toThrow(/fun must be a function/);
  });
});

describe('tf.optimize.fsolve', () => {
  it("returns root's x, and warns as scipy does when the run did not converge", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = tf.optimize.fsolve((v) => tf.stack([v.sum().sub(3), v.prod().sub(2)]), [0.5, 3]);
      expect(x[0]).toBeCloseTo(1, 12);
      expect(x[1]).toBeCloseTo(2, 12);
      expect(warn).not.toHaveBeenCalled();
      tf.optimize.fsolve((v) => v.square().add(1), [1]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/^fsolve: The iteration is not making good progress/);
    } finally {
      warn.mockRestore();
    }
  });
});
