// tf.optimize.root's quasi-Newton methods ('broyden1', 'broyden2', 'anderson', 'linearmixing',
// 'diagbroyden', 'excitingmixing': scipy's nonlin_solve) and 'df-sane' against scipy 1.17.1 (numpy
// 2.4, OpenBLAS 0.3 on x86-64 with AVX2): test/fixtures/root-nonlin.json, written by
// scripts/root_nonlin_fixtures.py, holds scipy's runs on the problems of scipy's test_nonlin.py with
// every method, on the 22 systems of MINPACK's hybrj1 driver with broyden1, broyden2, anderson and
// df-sane, and with options. Then the API: results, options and errors.
import * as tf from 'gradtape';
import { describe, expect, it, vi } from 'vitest';
import { NONLIN_PROBLEMS, type ScipyRootCase, rootFixture, rootProblem } from './helpers/nonlin-problems';

const cases = rootFixture('root-nonlin');
const NORMS: Record<string, (v: Float64Array) => number> = {
  euclidean: (v) => Math.sqrt(v.reduce((s, x) => s + x * x, 0)),
  max: (v) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0),
};
function optionsOf(c: ScipyRootCase): Record<string, unknown> {
  const o: Record<string, unknown> = { method: c.method, ...c.gradtape };
  if (typeof o.tolNorm === 'string') o.tolNorm = NORMS[o.tolNorm];
  if (typeof o.fnorm === 'string') o.fnorm = NORMS[o.fnorm];
  return o;
}
const relative = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i]!) / Math.max(Math.abs(b[i]!), 1e-300)));


/** The residual functions of these problems are numpy's to the bit in gradtape's ops; F4_powell's
 * exp and F6's x⁵, sin, exp and 2×2 solve are not (wasm's libm and scipy's LAPACK against
 * glibc's and gradtape's elimination), nor are the MINPACK systems' longer sums, products and
 * powers (gradtape's ops in their order against Python's). */
const BITWISE = new Set(['F', 'F2', 'F2_lucky', 'F3', 'F5']);

/** Runs whose path parts from scipy's: the last-bit differences of the residuals (see BITWISE)
 * grow over long runs through nearly singular approximations until a step or a line search
 * decides otherwise. Powell's badly scaled system (F4_powell, 3/2), Wood's (4/4), the helical
 * valley and Watson's (6/n) wander for hundreds of iterations; Chebyquad (7/5), the trigonometric
 * (11/10) and Broyden tridiagonal (13/10) systems fail in scipy too. For these the test asks for a
 * run that ends, and a root wherever gradtape reports success. */
const PARTING = new Set([
  'F4_powell broyden2', '3/2 broyden2', '3/2 df-sane', '4/4 broyden1', '4/4 df-sane', '6/6 broyden1', '6/6 anderson',
  '6/6 df-sane', '6/9 broyden1', '6/9 broyden2', '6/9 anderson', '6/9 df-sane', '7/5 broyden1', '7/6 df-sane',
  '11/10 broyden2', '13/10 broyden1',
]);

/** Relative agreement of converged runs whose residuals differ in the last bits: the solution is
 * determined to about cond(J)·ε by them; Powell's badly scaled system (x = (1.1e-5, 9.1),
 * cond(J) ≈ 1e9) to less. */
const tolerance = (problem: string) => (problem === 'F4_powell' || problem === '3/2' ? 1e-7 : 1e-9);

describe('tf.optimize.root beside scipy.optimize.root: the quasi-Newton methods and df-sane', () => {
  it('has the cases the comments below count', () => {
    expect(cases).toHaveLength(168);
    expect(cases.filter((c) => c.error)).toHaveLength(6);
    expect(cases.filter((c) => PARTING.has(`${c.problem} ${c.method}`) && Object.keys(c.options).length === 0)).toHaveLength(PARTING.size);
  });

  for (const c of cases) {
    const key = `${c.problem} ${c.method}`;
    const name = `${key}${Object.keys(c.options).length ? ` ${JSON.stringify(c.options)}` : ''}`;
    it(name, () => {
      const run = () => tf.optimize.root(rootProblem(c.problem), c.x0, optionsOf(c) as never) as unknown as Required<ScipyRootCase>;
      if (c.error) {
        // scipy raises here: a NaN or infinity in scipy.linalg.norm's argument (its ValueError, or
        // an OverflowError squaring a norm above 1e154, where gradtape goes on until the residuals
        // themselves overflow), or a zero step. gradtape throws too, saying why.
        const expected = c.error.includes('zero vector') ? /root: Jacobian inversion yielded zero vector/ : /root: (fun\(x\)|the step|the change of fun) is not finite .*at iteration \d+/;
        expect(run).toThrow(expected);
        return;
      }
      const sol = run();
      expect(sol.method).toBe(c.method);
      if (PARTING.has(key) && Object.keys(c.options).length === 0) {
        expect(sol.nit).toBeGreaterThan(0);
        // Success is scipy's test: ‖fun‖ < 1e-8 ‖fun(x0)‖ for df-sane, max |fun_i| <= ε^(1/3) else.
        if (sol.success && c.method === 'df-sane') {
          const f0 = Array.from(rootProblem(c.problem)(tf.constant(c.x0, 'float64')).dataSync());
          expect(Math.hypot(...sol.fun)).toBeLessThan(1e-8 * Math.hypot(...f0));
        } else if (sol.success) {
          expect(Math.max(...sol.fun.map(Math.abs))).toBeLessThanOrEqual(Math.cbrt(2.220446049250313e-16));
        }
        return;
      }
      // The same run: the same counts and ending, in scipy's words.
      expect([sol.nit, sol.nfev, sol.success, sol.message]).toEqual([c.nit, c.nfev, c.success, c.message]);
      if (c.method === 'df-sane') expect('status' in sol).toBe(false);
      else expect(sol.status).toBe(c.status);
      if (BITWISE.has(c.problem)) {
        // Bit for bit: every iterate is scipy's.
        expect(sol.x).toEqual(c.x);
        expect(sol.fun).toEqual(c.fun);
      } else if (c.success) {
        expect(relative(sol.x, c.x!)).toBeLessThan(tolerance(c.problem));
      }
    });
  }
});

describe('tf.optimize.root: the API of the quasi-Newton methods and df-sane', () => {
  const F = NONLIN_PROBLEMS.F!;

  it("returns scipy's OptimizeResult fields: status for nonlin_solve's methods, none for df-sane", () => {
    const sol = tf.optimize.root(F.fun, F.x0, { method: 'anderson' });
    expect(Object.keys(sol).sort()).toEqual(['fun', 'message', 'method', 'nfev', 'nit', 'status', 'success', 'x']);
    expect([sol.success, sol.status, sol.nit, sol.method]).toEqual([true, 1, 10, 'anderson']);
    const spectral = tf.optimize.root(F.fun, F.x0, { method: 'df-sane' });
    expect(Object.keys(spectral).sort()).toEqual(['fun', 'message', 'method', 'nfev', 'nit', 'success', 'x']);
    expect([spectral.success, spectral.message, spectral.nit, spectral.nfev]).toEqual([true, 'successful convergence', 25, 28]);
  });

  it('runs a traced fun and an eager one to the same bits, and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const method of ['broyden1', 'df-sane'] as const) {
      const traced = tf.optimize.root(F.fun, F.x0, { method });
      const eager = tf.optimize.root(F.fun, F.x0, { method, jit: false });
      expect(eager.x).toEqual(traced.x);
      expect(eager.nfev).toBe(traced.nfev);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('computes in float32 when asked, to float32 precision', () => {
    const sol = tf.optimize.root((v) => v.square().sub(tf.constant([2, 3], 'float32')), [1, 1], { method: 'broyden2', dtype: 'float32' });
    expect(sol.success).toBe(true);
    expect(sol.x[0]).toBeCloseTo(Math.SQRT2, 5);
    expect(sol.x[1]).toBeCloseTo(Math.sqrt(3), 5);
  });

  it("prints scipy's lines when disp is true", () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      tf.optimize.root(F.fun, F.x0, { method: 'broyden1', maxIterations: 3, disp: true });
      tf.optimize.root(F.fun, F.x0, { method: 'df-sane', maxEvaluations: 3, disp: true });
      // scipy 1.17.1's output for these two calls.
      expect(log.mock.calls.map((c) => c[0])).toEqual([
        '0:  |F(x)| = 0.906469; step 1',
        '1:  |F(x)| = 0.422738; step 1',
        '2:  |F(x)| = 0.267217; step 1',
        'iter 0: ||F|| = 4.16083, sigma = 1',
      ]);
    } finally {
      log.mockRestore();
    }
  });

  it('calls tolNorm, fnorm and etaStrategy with the vectors', () => {
    const seen: number[] = [];
    const euclidean = (v: Float64Array) => {
      seen.push(v.length);
      return Math.hypot(...v);
    };
    const sol = tf.optimize.root(F.fun, F.x0, { method: 'broyden1', fatol: 1e-10, tolNorm: euclidean });
    expect(sol.success && seen.every((n) => n === 5)).toBe(true);
    expect(Math.hypot(...sol.fun)).toBeLessThanOrEqual(1e-10);
    const etas: number[] = [];
    const spectral = tf.optimize.root(F.fun, F.x0, {
      method: 'df-sane',
      etaStrategy: (k, x, f) => {
        etas.push(k);
        expect([x.length, f.length]).toEqual([5, 5]);
        return 1 / (1 + k) ** 2;
      },
    });
    expect(spectral.success).toBe(true);
    expect(etas.slice(0, 3)).toEqual([0, 1, 2]);
  });

  it('takes tol as scipy does: xtol for the quasi-Newton methods (the others then unused), ftol for df-sane', () => {
    const byTol = tf.optimize.root(F.fun, F.x0, { method: 'df-sane', tol: 1e-12 });
    const byFtol = tf.optimize.root(F.fun, F.x0, { method: 'df-sane', ftol: 1e-12 });
    expect(byTol.x).toEqual(byFtol.x);
    const quasi = tf.optimize.root(NONLIN_PROBLEMS.F3!.fun, [1, 2, 3], { method: 'broyden1', tol: 1e-10 });
    const explicit = tf.optimize.root(NONLIN_PROBLEMS.F3!.fun, [1, 2, 3], { method: 'broyden1', xtol: 1e-10, xatol: Infinity, ftol: Infinity, fatol: Infinity });
    expect(quasi.x).toEqual(explicit.x);
  });

  it('takes method names in any case, as scipy lowercases them', () => {
    const f = NONLIN_PROBLEMS.F3!.fun;
    for (const [named, lower] of [['Broyden1', 'broyden1'], ['DF-SANE', 'df-sane'], ['LM', 'lm'], ['Hybr', 'hybr']] as const) {
      const a = tf.optimize.root(f, [1, 2, 3], { method: named } as never);
      expect(a.nfev).toBeGreaterThan(1);
      expect(a.x).toEqual(tf.optimize.root(f, [1, 2, 3], { method: lower } as never).x);
    }
    expect(tf.optimize.root(f, [1, 2, 3], { method: 'KRYLOV' } as never).x).toEqual(tf.optimize.root(f, [1, 2, 3], { method: 'krylov' }).x);
  });

  it('refuses bad arguments with messages that say what is wrong', () => {
    const f = (v: tf.Tensor) => v.sub(1);
    // 'krylov' runs (test/root-krylov.test.ts compares it with scipy); its jacOptions are checked.
    const krylov = tf.optimize.root(f, [3], { method: 'krylov' });
    expect([krylov.success, krylov.x[0], krylov.method]).toEqual([true, expect.closeTo(1, 9), 'krylov']);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { method: 'gmres' } } as never)).toThrow(/jacOptions.method 'gmres' is not supported: .*'lgmres'/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { method: 'qmr' } } as never)).toThrow(/jacOptions.method must be 'lgmres'/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { alpha: 1 } } as never)).toThrow(/jacOptions.alpha is an option of 'broyden1' .*; method 'krylov' takes rdiff, method, innerMaxiter, outerK, innerInnerM, innerRtol, innerAtol/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { innerM: 1 } } as never)).toThrow(/jacOptions.innerM \(scipy's inner_M, a preconditioner .*\) is not supported/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { rdiff: 0 } })).toThrow(/jacOptions.rdiff must be a positive number/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { outerK: -1 } })).toThrow(/jacOptions.outerK must be an integer >= 0/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { innerRtol: -1 } })).toThrow(/jacOptions.innerRtol must be a finite number >= 0/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { innerInnerM: 0 } })).toThrow(/root: jacOptions.innerInnerM must be a positive integer, got 0/);
    expect(() => tf.optimize.root(f, [1], { method: 'krylov', jacOptions: { innerMaxiter: 1.5 } })).toThrow(/root: jacOptions.innerMaxiter must be a positive integer/);
    expect(() => tf.optimize.root(f, [1], { method: 'anderson', jacOptions: { outerK: 3 } } as never)).toThrow(/jacOptions.outerK is an option of 'krylov'/);
    expect(() => tf.optimize.root(f, [1], { method: 'newton' } as never)).toThrow(/method "newton" is not supported; the methods are 'hybr' .*'broyden1'.*'df-sane'/);
    expect(() => tf.optimize.root(f, [1], { fatol: 1e-9 } as never)).toThrow(/root: fatol is an option of the quasi-Newton methods .* and of method 'df-sane'; method 'hybr' takes method, tol/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden1', factor: 10 } as never)).toThrow(/root: factor is an option of methods 'hybr' and 'lm'; method 'broyden1' takes/);
    expect(() => tf.optimize.root(f, [1], { method: 'df-sane', maxIterations: 10 } as never)).toThrow(/root: maxIterations is an option of the quasi-Newton methods/);
    expect(() => tf.optimize.root(f, [1], { method: 'df-sane', bogus: 1 } as never)).toThrow(/root: unknown option 'bogus'; the options are method, tol, ftol, fatol, fnorm, maxEvaluations, M, etaStrategy/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden1', jacOptions: { w0: 0.1 } } as never)).toThrow(/root: jacOptions.w0 is an option of 'anderson'; method 'broyden1' takes alpha, reductionMethod, maxRank/);
    expect(() => tf.optimize.root(f, [1], { method: 'anderson', jacOptions: { beta: 1 } } as never)).toThrow(/root: unknown jacOptions key 'beta'; method 'anderson' takes alpha, M, w0 \(the other methods: reductionMethod/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden2', jacOptions: { reductionMethod: 'svd' } } as never)).toThrow(/reductionMethod 'svd' is not supported/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden2', jacOptions: { maxRank: 1 } })).toThrow(/maxRank must be an integer >= 2 or Infinity/);
    expect(() => tf.optimize.root(f, [1], { method: 'anderson', jacOptions: { alpha: 0 } })).toThrow(/alpha must be a finite nonzero number/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden1', lineSearch: 'strong' as 'wolfe' })).toThrow(/lineSearch must be 'armijo', 'wolfe' or null/);
    expect(() => tf.optimize.root(f, [1], { method: 'df-sane', lineSearch: 'armijo' as 'cruz' })).toThrow(/lineSearch must be 'cruz' or 'cheng'/);
    expect(() => tf.optimize.root(f, [1], { method: 'df-sane', M: 0 })).toThrow(/M must be a positive integer/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden1', fatol: -1 })).toThrow(/fatol must be a number >= 0/);
    expect(() => tf.optimize.root(f, [1], { method: 'broyden1', tolNorm: 2 as never })).toThrow(/tolNorm must be a function/);
    expect(() => tf.optimize.root(f, [1], { method: 'df-sane', fnorm: () => 'x' as never })).toThrow(/fnorm must return a number/);
    expect(() => tf.optimize.root((v) => tf.log(v), [-1], { method: 'df-sane' })).toThrow(/root: fun\(x0\) is not finite/);
    expect(() => tf.optimize.root((v) => tf.concat([v, v]), [1], { method: 'anderson' })).toThrow(/returned shape \[2\]; it must return shape \[1\]/);
  });
});
