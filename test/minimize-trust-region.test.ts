// tf.optimize.minimize's trust-region methods 'trust-ncg', 'dogleg' and 'trust-exact' beside scipy
// 1.17's: test/fixtures/trust-region-scipy.json, written by scripts/trust_region_fixtures.py. The
// runs: Rosenbrock (n = 2 from (-1.2, 1) and from (0, 1), where its Hessian diag(-398, 200) is
// indefinite; n = 5 from scipy's start, also indefinite), Beale, Powell's singular function and a
// 6-D quadratic, each by the three methods; then maxiter 5 (status 1), initial_trust_radius 0.1,
// initial_trust_radius 5 with max_trust_radius 8, eta 0.2 and gtol 1e-8, and trust-exact's
// subproblem_maxiter 2. 'dogleg' ends with status 3 where the Hessian is not positive definite,
// as scipy's does.
//
// Tolerance: none. scipy was given exact second derivatives, as gradtape has them, and not
// analytic formulas but gradtape's own numbers (scripts/minimize-oracle.ts: values, gradients,
// Hessian-vector products for trust-ncg's hessp, the Hessian as the Jacobian of the gradient for
// dogleg's and trust-exact's hess). With identical inputs, the only room for difference is the
// ports' arithmetic, and their dot products, norms, Cholesky factors and triangular solves follow
// OpenBLAS's kernels (openblas.ts), so x, fun, jac and hess agree to the last bit and the counts,
// status and message exactly. If gradtape's arithmetic changes, run the script again.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { MINIMIZE_PROBLEMS } from './helpers/minimize-problems';

interface ScipyRun {
  name: string;
  method: 'trust-ncg' | 'dogleg' | 'trust-exact';
  problem: string;
  x0: number[];
  options: Record<string, number>;
  x: number[];
  fun: number;
  jac: number[];
  nit: number;
  nfev: number;
  njev: number;
  nhev: number;
  status: number;
  success: boolean;
  message: string;
  hess?: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/trust-region-scipy.json', import.meta.url), 'utf8')) as { scipy: string; runs: ScipyRun[] };

const rosenbrock = MINIMIZE_PROBLEMS.rosenbrock!;

describe("minimize's trust-region methods beside scipy", () => {
  it('has the runs: every problem by every method, the options, the endings', () => {
    expect(fixture.scipy).toMatch(/^1\.17\./);
    for (const method of ['trust-ncg', 'dogleg', 'trust-exact']) {
      const runs = fixture.runs.filter((r) => r.method === method);
      expect(runs.length, method).toBeGreaterThanOrEqual(9);
      expect(runs.some((r) => r.status === 1), `${method} iteration limit`).toBe(true);
      expect(runs.some((r) => r.options.initialTrustRadius !== undefined), `${method} initialTrustRadius`).toBe(true);
    }
    // The indefinite start: trust-ncg and trust-exact converge, dogleg stops at once.
    const indefinite = fixture.runs.filter((r) => r.name === 'rosenbrock 2, indefinite start');
    expect(indefinite.map((r) => [r.method, r.status, r.nit > 0])).toEqual([['trust-ncg', 0, true], ['dogleg', 3, false], ['trust-exact', 0, true]]);
  });

  for (const run of fixture.runs) {
    it(`${run.method}: ${run.name}`, () => {
      const r = tf.optimize.minimize(MINIMIZE_PROBLEMS[run.problem]!, run.x0, { method: run.method, ...run.options });
      expect(r.x).toEqual(run.x);
      expect(r.fun).toBe(run.fun);
      expect(r.grad).toEqual(run.jac);
      expect([r.iterations, r.evaluations, r.gradientEvaluations, r.hessianEvaluations]).toEqual([run.nit, run.nfev, run.njev, run.nhev]);
      expect([r.status, r.converged, r.message]).toEqual([run.status, run.success, run.message]);
      expect(r.hess).toEqual(run.hess);
    });
  }
});

describe("the trust-region methods' behaviour beyond scipy's runs", () => {
  it('each reaches the minimum of Rosenbrock from (-1.2, 1) with a tight gtol', () => {
    for (const method of ['trust-ncg', 'dogleg', 'trust-exact'] as const) {
      const r = tf.optimize.minimize(rosenbrock, [-1.2, 1], { method, gtol: 1e-10 });
      expect(r.converged, method).toBe(true);
      r.x.forEach((v) => expect(Math.abs(v - 1), method).toBeLessThan(1e-9));
    }
  });

  it("dogleg's Hessian at a positive definite quadratic is A, and its first step Newton's", () => {
    // ½ xᵀA x - bᵀx with A = [[3, 1], [1, 2]]: the Newton step from 0 is A⁻¹b = (0.2, 0.4), inside Δ = 1.
    const f = (x: tf.Tensor) => {
      const [a, b] = tf.unstack(x) as [tf.Tensor, tf.Tensor];
      return a.square().mul(1.5).add(a.mul(b)).add(b.square()).sub(a).sub(b);
    };
    const r = tf.optimize.minimize(f, [0, 0], { method: 'dogleg' });
    expect(r.iterations).toBe(1);
    expect(r.x[0]).toBeCloseTo(0.2, 14);
    expect(r.x[1]).toBeCloseTo(0.4, 14);
    expect(r.hess).toEqual([[3, 1], [1, 2]]);
  });

  it('onIteration sees each iteration with the Euclidean norm of the gradient, and stops the run with false', () => {
    const seen: number[] = [];
    const r = tf.optimize.minimize(rosenbrock, [-1.2, 1], {
      method: 'trust-exact',
      onIteration: (info) => {
        seen.push(info.iteration);
        expect(info.gradNorm).toBeGreaterThanOrEqual(0);
        return info.iteration < 3;
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    expect([r.iterations, r.status, r.converged]).toEqual([3, 99, false]);
  });

  it("checks the options as scipy does, and takes only the trust-region methods'", () => {
    const f = rosenbrock;
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'trust-ncg', eta: 0.25 })).toThrow(/eta must be in \[0, 0\.25\)/);
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'dogleg', maxTrustRadius: 0 })).toThrow(/maxTrustRadius must be positive/);
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'dogleg', initialTrustRadius: -1 })).toThrow(/initialTrustRadius must be positive/);
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'trust-exact', initialTrustRadius: 2000 })).toThrow(/less than maxTrustRadius \(1000\)/);
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'trust-ncg', subproblemMaxIterations: 3 })).toThrow(/'trust-exact' only/);
    expect(() => tf.optimize.minimize(f, [0, 0], { method: 'bfgs', eta: 0.1 })).toThrow(/'trust-ncg', 'dogleg', 'trust-exact' and 'tnc' only/);
  });

  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    for (const method of ['trust-ncg', 'dogleg', 'trust-exact'] as const) tf.optimize.minimize(rosenbrock, [-1.2, 1], { method });
    expect(tf.memory().numTensors).toBe(before);
  });
});
