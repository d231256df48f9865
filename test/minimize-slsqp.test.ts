// tf.optimize.minimize's 'slsqp' beside scipy 1.17's SLSQP: test/fixtures/slsqp.json, written by
// scripts/slsqp_fixtures.py from the problems of test/helpers/slsqp-problems.ts (scipy's tutorial
// example, Nocedal and Wright's 16.4 from scipy's docs, Hock and Schittkowski 6, 7, 21, 35, 71, a
// portfolio, equalities only, inequalities only, bounds only, incompatible inequalities, more
// equalities than parameters, a quartic with one equality, and two runs cut short by maxiter),
// scipy given analytic gradients.
//
// Tolerances. The path is scipy's: the same iterations, line search steps and counts (nit, nfev,
// njev exactly), status and message. The numbers are scipy's to the bit on 8 of the 18 runs (the
// tutorial twice, Nocedal and Wright's 16.4, HS 6, HS 21, the box, the incompatible inequalities,
// more equalities than parameters), not on the others: each QP is solved as scipy's C code solves
// it, on ports of the BLAS and LAPACK routines it calls (test/slsqp-lsq.test.ts: on these runs
// its steps and multipliers are scipy's to the bit), but numpy's gradients round
// differently from the tape's, and SLSQP's own arithmetic between the QPs (the LDLᵀ updates, the
// multipliers' products) is gradtape's. Over these runs x differs from scipy's by at most 1.7e-12
// (relative; absolute below 1), fun by 5e-14, jac by 1.2e-12, the multipliers by 2e-14; the test
// allows 1e-9 for x, fun and jac, and 1e-7 for the multipliers.
// Separately, the converged runs must reach the problems' known solutions to the accuracy SLSQP's
// ftol gives.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { SLSQP_PROBLEMS } from './helpers/slsqp-problems';

interface ScipyRun {
  name: string;
  problem: string;
  x0: number[];
  options: { ftol?: number; maxIterations?: number };
  x: number[];
  fun: number;
  jac: number[];
  nit: number;
  nfev: number;
  njev: number;
  status: number;
  success: boolean;
  message: string;
  multipliers: number[];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/slsqp.json', import.meta.url), 'utf8')) as { scipy: string; runs: ScipyRun[] };

/** |a - b| <= tol·max(1, |b|), entry by entry. */
function expectClose(actual: readonly number[], expected: readonly number[], tol: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(Math.abs(a - e), `${what}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(e)));
  });
}

function solve(problem: string, x0: number[], options: tf.MinimizeOptions = {}): tf.MinimizeResult {
  const p = SLSQP_PROBLEMS[problem]!;
  return tf.optimize.minimize(p.f, x0, { method: 'slsqp', constraints: p.constraints, ...(p.bounds ? { bounds: p.bounds } : {}), ...options });
}

describe("minimize 'slsqp' beside scipy", () => {
  it('has the runs: every problem, converged, iteration-limited and failed endings', () => {
    expect(fixture.scipy).toMatch(/^1\.17\./);
    expect(new Set(fixture.runs.map((r) => r.problem))).toEqual(new Set(Object.keys(SLSQP_PROBLEMS)));
    expect(new Set(fixture.runs.map((r) => r.status))).toEqual(new Set([0, 2, 8, 9]));
    expect(fixture.runs.filter((r) => r.status === 0).length).toBeGreaterThanOrEqual(12);
  });

  for (const run of fixture.runs) {
    it(run.name, () => {
      const r = solve(run.problem, run.x0, run.options);
      expect([r.iterations, r.evaluations, r.gradientEvaluations], 'nit, nfev, njev').toEqual([run.nit, run.nfev, run.njev]);
      expect([r.status, r.message, r.converged]).toEqual([run.status, run.message, run.success]);
      expectClose(r.x, run.x, 1e-9, 'x');
      expectClose([r.fun], [run.fun], 1e-9, 'fun');
      expectClose(r.grad!, run.jac, 1e-9, 'jac');
      expectClose(r.multipliers!, run.multipliers, 1e-7, 'multipliers');
    });
  }
});

describe("minimize 'slsqp': known solutions", () => {
  // Hock and Schittkowski give 8 digits; SLSQP with ftol 1e-6 stops within a few 1e-6 of them
  // (HS 71 is the loosest: 4.4e-6 in x₃), and meets the constraints to ftol.
  for (const [name, problem] of Object.entries(SLSQP_PROBLEMS)) {
    if (!problem.optimum) continue;
    it(name, () => {
      const run = fixture.runs.find((r) => r.problem === name && r.status === 0 && r.options.ftol === undefined)!;
      const r = solve(name, run.x0);
      expect(r.converged).toBe(true);
      expectClose(r.x, problem.optimum!.x, 1e-5, 'x');
      expectClose([r.fun], [problem.optimum!.fun], 1e-6, 'fun');
      for (const c of problem.constraints) {
        const values = tf.tidy(() => Array.from(c.fun(tf.constant(r.x, 'float64')).dataSync()));
        for (const v of values) {
          if (c.type === 'eq') expect(Math.abs(v)).toBeLessThan(1e-6);
          else expect(v).toBeGreaterThan(-1e-6);
        }
      }
      for (const [i, [lo, hi]] of (problem.bounds ?? []).entries()) {
        expect(r.x[i]!).toBeGreaterThanOrEqual(lo ?? -Infinity);
        expect(r.x[i]!).toBeLessThanOrEqual(hi ?? Infinity);
      }
    });
  }

  it('HS 71 with ftol 1e-10 gets the 8 digits Hock and Schittkowski give', () => {
    const r = solve('hs71', [1, 5, 5, 1], { ftol: 1e-10 });
    expectClose(r.x, SLSQP_PROBLEMS.hs71!.optimum!.x, 1e-7, 'x');
    expectClose([r.fun], [SLSQP_PROBLEMS.hs71!.optimum!.fun], 1e-8, 'fun');
  });

  it("the multipliers are the KKT multipliers: ∇f = Σ λ_j ∇c_j at Nocedal and Wright's 16.4", () => {
    const r = solve('nocedal 16.4', [2, 0]);
    // Only the first constraint, x₀ - 2x₁ + 2 >= 0 (gradient (1, -2)), is active: ∇f = 0.8·(1, -2).
    expectClose(r.multipliers!, [0.8, 0, 0], 1e-9, 'multipliers');
    expectClose(r.grad!, [0.8, -1.6], 1e-9, 'grad');
  });
});

describe("minimize 'slsqp': arguments", () => {
  const tutorial = SLSQP_PROBLEMS.tutorial!;
  const reference = () => solve('tutorial', [0.5, 0]);

  it("takes scipy's name in any case, and is the default when constraints are given", () => {
    const expected = reference();
    for (const method of ['SLSQP', 'Slsqp', 'slsqp'] as const) {
      const r = tf.optimize.minimize(tutorial.f, [0.5, 0], { method: method as 'SLSQP', constraints: tutorial.constraints, bounds: tutorial.bounds });
      expect(r.x).toEqual(expected.x);
    }
    const byDefault = tf.optimize.minimize(tutorial.f, [0.5, 0], { constraints: tutorial.constraints, bounds: tutorial.bounds });
    expect([byDefault.x, byDefault.iterations, byDefault.multipliers]).toEqual([expected.x, expected.iterations, expected.multipliers]);
  });

  it('takes one constraint without a list, and types in any case', () => {
    const hs6 = SLSQP_PROBLEMS.hs6!;
    const listed = solve('hs6', [-1.2, 1]);
    const single = tf.optimize.minimize(hs6.f, [-1.2, 1], { method: 'slsqp', constraints: { ...hs6.constraints[0]!, type: 'EQ' as 'eq' } });
    expect(single.x).toEqual(listed.x);
  });

  it("uses a constraint's jac when given, with the same result as the tape's", () => {
    const byTape = solve('hs7', [2, 2]);
    let calls = 0;
    const jac = (x: tf.Tensor) => {
      calls++;
      const [a, b] = x.arraySync() as number[];
      return tf.constant([4 * a! * (1 + a! * a!), 2 * b!], 'float64');
    };
    const r = tf.optimize.minimize(SLSQP_PROBLEMS.hs7!.f, [2, 2], { method: 'slsqp', constraints: { ...SLSQP_PROBLEMS.hs7!.constraints[0]!, jac } });
    expect(calls).toBe(r.gradientEvaluations! + 1); // once at x0 to check it, then wherever SLSQP asks
    expectClose(r.x, byTape.x, 1e-12, 'x');
    expect([r.iterations, r.evaluations]).toEqual([byTape.iterations, byTape.evaluations]);
  });

  it('stops when onIteration returns false (status 99)', () => {
    const seen: number[] = [];
    const r = solve('hs71', [1, 5, 5, 1], { onIteration: (info) => { seen.push(info.iteration); return info.iteration < 2; } });
    expect(seen).toEqual([1, 2]);
    expect([r.iterations, r.status, r.converged]).toEqual([2, 99, false]);
  });

  it('refuses bad constraints with messages that say what is wrong', () => {
    const f = (x: tf.Tensor) => x.square().sum();
    const fun = (x: tf.Tensor) => x.sum().sub(1);
    const run = (constraints: unknown, options: Record<string, unknown> = {}) => () =>
      tf.optimize.minimize(f, [0.3, 0.2], { method: 'slsqp', constraints, ...options } as tf.MinimizeOptions);
    expect(run({ type: 'gt', fun })).toThrow(/unknown constraint type "gt" in constraints\[0\]; the types are 'eq' .* and 'ineq'/);
    expect(run([{ type: 'eq', fun }, { fun }])).toThrow(/constraints\[1\] has no type/);
    expect(run({ type: 'eq' })).toThrow(/constraints\[0\] has no function/);
    expect(run({ type: 'eq', fun, args: [1] })).toThrow(/unknown key 'args'/);
    expect(run([5])).toThrow(/constraints\[0\] must be an object/);
    expect(run({ type: 'eq', fun: (x: tf.Tensor) => x.sum().cast('float32') })).toThrow(/constraints\[0\]\.fun returned float32; minimize runs in float64/);
    expect(run({ type: 'eq', fun: (x: tf.Tensor) => x.reshape([1, 2]) })).toThrow(/returned shape \[1, 2\]; it must return a scalar or a rank-1 tensor/);
    expect(run({ type: 'eq', fun: () => 1 })).toThrow(/constraints\[0\]\.fun must return a tensor, got 1/);
    // A start where an inequality is violated is fine (log 0.5 - 1 < 0): SLSQP needs no feasible start.
    expect(run({ type: 'ineq', fun: (x: tf.Tensor) => x.sum().log().sub(1) })).not.toThrow();
    expect(run({ type: 'ineq', fun: (x: tf.Tensor) => x.sub(0.3).log() })).toThrow(/constraints\[0\]\.fun\(x0\) is not finite \(entry 0 is -Infinity\)/);
    expect(run({ type: 'ineq', fun, jac: () => tf.constant([1, 1, 1], 'float64') })).toThrow(/constraints\[0\]\.jac returned shape \[3\]; it must have shape \[1, 2\]/);
    expect(run({ type: 'ineq', fun: (x: tf.Tensor) => x.sqrt().sum() }, { bounds: [[0, 1], [0, 1]] })).not.toThrow();
    expect(() => tf.optimize.minimize(f, [0, 0.5], { method: 'slsqp', constraints: { type: 'ineq', fun: (x: tf.Tensor) => x.sqrt().sum() } }))
      .toThrow(/the Jacobian of constraints\[0\] at x0 is not finite \(entry \[0, 0\] is Infinity\)/);
  });

  it("refuses constraints for the methods that cannot take them (scipy warns and drops them); an empty list is none", () => {
    const f = (x: tf.Tensor) => x.square().sum();
    const constraints = [{ type: 'eq' as const, fun: (x: tf.Tensor) => x.sum().sub(1) }];
    for (const method of ['bfgs', 'lbfgs', 'nelder-mead', 'trust-exact'] as const) {
      expect(() => tf.optimize.minimize(f, [1, 2], { method, constraints })).toThrow(new RegExp(`method '${method}' cannot handle constraints \\(scipy warns and ignores them\\); use method 'slsqp'`));
    }
    expect(tf.optimize.minimize(f, [1, 2], { method: 'bfgs', constraints: [] }).x.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([0, 0]);
    expect(() => tf.optimize.minimize(f, [1, 2], { method: 'slsqp', xtol: 1e-3 } as tf.MinimizeOptions)).toThrow(/option 'xtol' applies to method .* only, not 'slsqp'/);
  });

  it('without constraints or bounds is an unconstrained quasi-Newton method', () => {
    const r = tf.optimize.minimize((x) => x.sub(tf.constant([1, -2], 'float64')).square().sum(), [0, 0], { method: 'slsqp' });
    expect(r.converged).toBe(true);
    expectClose(r.x, [1, -2], 1e-6, 'x');
    expect(r.multipliers).toEqual([]);
  });

  it('leaves no tensors behind, converging, failing or throwing', () => {
    solve('hs71', [1, 5, 5, 1]); // warm up any lazily created state
    const before = tf.memory().numTensors;
    solve('hs71', [1, 5, 5, 1]);
    solve('portfolio', [0.2, 0.2, 0.2, 0.2, 0.2]);
    solve('incompatible', [0, 1]);
    solve('hs7', [2, 2], { jit: false });
    expect(() => tf.optimize.minimize((x) => x.sum(), [1], { method: 'slsqp', constraints: { type: 'eq', fun: () => { throw new Error('boom'); } } })).toThrow('boom');
    expect(() => tf.optimize.minimize((x) => x.sum(), [1], { method: 'slsqp', constraints: { type: 'eq', fun: (x: tf.Tensor) => x.cast('float32') } })).toThrow(/float32/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
