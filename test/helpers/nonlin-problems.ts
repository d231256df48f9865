// The test problems of scipy's scipy/optimize/tests/test_nonlin.py (F, F2, F2_lucky, F3, F4_powell,
// F5, F6), written with gradtape ops in numpy's order of operations, so that the residuals are
// numpy's to the bit (F6's x⁵, sin, exp and 2×2 solve excepted), and their starting points; and
// scripts/root_krylov_fixtures.py's two discretised boundary-value problems (Bratu's exp excepted).
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { system } from './minpack-systems';

type Problem = { fun: (v: tf.Tensor) => tf.Tensor; x0: number[] };

/** Σ x_i² in order, as OpenBLAS's ddot sums fewer than 16 entries. */
const sumOfSquares = (x: tf.Tensor[]): tf.Tensor => x.map((xi) => xi.mul(xi)).reduce((s, t) => s.add(t));

export const NONLIN_PROBLEMS: Record<string, Problem> = {
  // -diag(3, 2, 1.5, 1, 0.5) x - 0.01 (xᵀx) x
  F: {
    fun: (v) => tf.sub(v.mul(tf.constant([-3, -2, -1.5, -1, -0.5], 'float64')), v.mul(sumOfSquares(tf.unstack(v)).mul(0.01))),
    x0: [1, 1, 1, 1, 1],
  },
  F2: { fun: (v) => tf.identity(v), x0: [1, 2, 3, 4, 5, 6] },
  F2_lucky: { fun: (v) => tf.identity(v), x0: [0, 0, 0, 0, 0, 0] },
  // [[-2, 1, 0], [1, -2, 1], [0, 1, -2]] x - [1, 2, 3]: the products are exact, so numpy's sums are
  // these, in this order.
  F3: {
    fun: (v) => {
      const [x0, x1, x2] = tf.unstack(v) as [tf.Tensor, tf.Tensor, tf.Tensor];
      return tf.stack([x0.mul(-2).add(x1).sub(1), x0.add(x1.mul(-2)).add(x2).sub(2), x1.add(x2.mul(-2)).sub(3)]);
    },
    x0: [1, 2, 3],
  },
  // Powell's badly scaled system, A = 1e4.
  F4_powell: {
    fun: (v) => {
      const [x0, x1] = tf.unstack(v) as [tf.Tensor, tf.Tensor];
      return tf.stack([x0.mul(1e4).mul(x1).sub(1), tf.exp(x0.neg()).add(tf.exp(x1.neg())).sub(1 + 1 / 1e4)]);
    },
    x0: [-1, -2],
  },
  // test_minpack.py's pressure_network(x, 4, [0.5, 0.5, 0.5, 0.5]).
  F5: {
    fun: (v) => {
      const x = tf.unstack(v);
      const p = x.map((xi) => xi.mul(xi).mul(0.5));
      return tf.stack([p[1]!.sub(p[0]!), p[2]!.sub(p[0]!), p[3]!.sub(p[0]!), x.reduce((s, t) => s.add(t)).sub(4)]);
    },
    x0: [2, 0, 2, 0],
  },
  // -J0⁻¹ v(x), J0 = [[-4.256, 14.7], [0.8394989, 0.59964207]], by Gaussian elimination.
  F6: {
    fun: (v) => {
      const [x1, x2] = tf.unstack(v) as [tf.Tensor, tf.Tensor];
      const v0 = x1.add(3).mul(tf.pow(x2, 5).sub(7)).add(18);
      const v1 = tf.sin(x2.mul(tf.exp(x1)).sub(1));
      const l = 0.8394989 / -4.256;
      const u22 = 0.59964207 - l * 14.7;
      const y2 = v1.sub(v0.mul(l)).div(u22);
      const y1 = v0.sub(y2.mul(14.7)).div(-4.256);
      return tf.stack([y1.neg(), y2.neg()]);
    },
    x0: [-0.5, 1.4],
  },
  // -u'' + u³ = 10 on (0, 1), u(0) = u(1) = 0, central differences on 200 interior points.
  'cubic1d/200': {
    fun: (u) => {
      const [left, right] = neighbours(u);
      return u.mul(2).sub(left).sub(right).mul(201 * 201).add(u.mul(u).mul(u)).sub(10);
    },
    x0: new Array<number>(200).fill(0),
  },
  // Bratu's problem u'' + e^u = 0 on (0, 1), u(0) = u(1) = 0, on 100 interior points.
  'bratu1d/100': {
    fun: (u) => {
      const [left, right] = neighbours(u);
      return left.sub(u.mul(2)).add(right).mul(101 * 101).add(tf.exp(u));
    },
    x0: new Array<number>(100).fill(0),
  },
};

/** Each interior point's left and right neighbours, the boundary values 0 at the ends. */
function neighbours(u: tf.Tensor): [tf.Tensor, tf.Tensor] {
  const n = u.shape[0]!;
  const zero = tf.zeros([1], 'float64');
  return [tf.concat([zero, tf.slice(u, [0], [n - 1])]), tf.concat([tf.slice(u, [1], [n - 1]), zero])];
}

/** One scipy run of a root fixture (scripts/root_nonlin_fixtures.py, root_krylov_fixtures.py):
 * the problem, method and options (scipy's, and gradtape's names for them), and what scipy gave. */
export interface ScipyRootCase {
  problem: string;
  method: string;
  options: Record<string, unknown>;
  gradtape: Record<string, unknown>;
  x0: number[];
  x?: number[];
  fun?: number[];
  success?: boolean;
  status?: number;
  message?: string;
  nit?: number;
  nfev?: number;
  error?: string;
}

/** The runs of test/fixtures/<name>.json. */
export const rootFixture = (name: string): ScipyRootCase[] =>
  (JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as { cases: ScipyRootCase[] }).cases;

/** A fixture's problem: one of NONLIN_PROBLEMS, or MINPACK's system 'p/n'. */
export function rootProblem(problem: string): (v: tf.Tensor) => tf.Tensor {
  if (problem in NONLIN_PROBLEMS) return NONLIN_PROBLEMS[problem]!.fun;
  const [p, n] = problem.split('/').map(Number) as [number, number];
  return system(p, n);
}
