// The problems of test/minimize-slsqp.test.ts in gradtape ops, by the names
// scripts/slsqp_fixtures.py gives scipy's versions of them (the same formulas, in numpy).
import * as tf from 'gradtape';

type Constraint = tf.MinimizeConstraint;
type Bounds = [number | null, number | null][];

export interface SlsqpProblem {
  f: (x: tf.Tensor) => tf.Tensor;
  constraints: Constraint[];
  bounds?: Bounds;
  /** Hock and Schittkowski's (or the analytic) solution and optimal value, where known. */
  optimum?: { x: number[]; fun: number };
}

/** x_i as a scalar tensor. */
const at = (x: tf.Tensor, i: number): tf.Tensor => x.gather(i);

/** Σ 100 (x_{i+1} - x_i²)² + (1 - x_i)². */
function rosenbrock(x: tf.Tensor): tf.Tensor {
  const n = x.shape[0]!;
  const head = x.slice([0], [n - 1]);
  const tail = x.slice([1], [n - 1]);
  return tf.reduceSum(tail.sub(head.square()).square().mul(100).add(tf.sub(1, head).square()));
}

const PORTFOLIO_B = [
  [0.30, -0.10, 0.05, 0.20, 0.00],
  [0.10, 0.25, -0.05, 0.00, 0.10],
  [-0.05, 0.10, 0.35, 0.05, -0.10],
  [0.20, 0.00, 0.10, 0.15, 0.05],
  [0.00, 0.05, -0.10, 0.10, 0.40],
];
/** C = B Bᵀ/5 + 0.01 I, as the fixture script builds it. */
const PORTFOLIO_C = PORTFOLIO_B.map((ri, i) => PORTFOLIO_B.map((rj, j) => ri.reduce((s, v, k) => s + v * rj[k]!, 0) / 5 + (i === j ? 0.01 : 0)));
const PORTFOLIO_MU = [0.05, 0.07, 0.10, 0.06, 0.12];
const PORTFOLIO_TARGET = 0.09;

const SPHERE_POINT = [1, 2, 3];

const QUARTIC_WEIGHTS = [1, 30, 0.2, 5];
const QUARTIC_CENTER = [1, -2, 3, 0.5];

export const SLSQP_PROBLEMS: Record<string, SlsqpProblem> = {
  // scipy.optimize tutorial: Rosenbrock with a linear equality, three inequalities and bounds.
  tutorial: {
    f: rosenbrock,
    constraints: [
      { type: 'eq', fun: (x) => tf.stack([at(x, 0).mul(2).add(at(x, 1)).sub(1)]) },
      {
        type: 'ineq',
        fun: (x) => {
          const [a, b] = [at(x, 0), at(x, 1)];
          return tf.stack([tf.sub(1, a).sub(b.mul(2)), tf.sub(1, a.square()).sub(b), tf.sub(1, a.square()).add(b)]);
        },
      },
    ],
    bounds: [[0, 1], [-0.5, 2]],
  },
  'nocedal 16.4': {
    f: (x) => at(x, 0).sub(1).square().add(at(x, 1).sub(2.5).square()),
    constraints: [
      { type: 'ineq', fun: (x) => at(x, 0).sub(at(x, 1).mul(2)).add(2) },
      { type: 'ineq', fun: (x) => at(x, 0).neg().sub(at(x, 1).mul(2)).add(6) },
      { type: 'ineq', fun: (x) => at(x, 0).neg().add(at(x, 1).mul(2)).add(2) },
    ],
    bounds: [[0, null], [0, null]],
    optimum: { x: [1.4, 1.7], fun: 0.8 },
  },
  hs6: {
    f: (x) => tf.sub(1, at(x, 0)).square(),
    constraints: [{ type: 'eq', fun: (x) => at(x, 1).sub(at(x, 0).square()).mul(10) }],
    optimum: { x: [1, 1], fun: 0 },
  },
  hs7: {
    f: (x) => tf.log(at(x, 0).square().add(1)).sub(at(x, 1)),
    constraints: [{ type: 'eq', fun: (x) => at(x, 0).square().add(1).square().add(at(x, 1).square()).sub(4) }],
    optimum: { x: [0, Math.sqrt(3)], fun: -Math.sqrt(3) },
  },
  hs21: {
    f: (x) => at(x, 0).square().mul(0.01).add(at(x, 1).square()).sub(100),
    constraints: [{ type: 'ineq', fun: (x) => at(x, 0).mul(10).sub(at(x, 1)).sub(10) }],
    bounds: [[2, 50], [-50, 50]],
    optimum: { x: [2, 0], fun: -99.96 },
  },
  hs35: {
    f: (x) => {
      const [a, b, c] = [at(x, 0), at(x, 1), at(x, 2)];
      return tf.sub(9, a.mul(8)).sub(b.mul(6)).sub(c.mul(4))
        .add(a.square().mul(2)).add(b.square().mul(2)).add(c.square())
        .add(a.mul(b).mul(2)).add(a.mul(c).mul(2));
    },
    constraints: [{ type: 'ineq', fun: (x) => tf.sub(3, at(x, 0)).sub(at(x, 1)).sub(at(x, 2).mul(2)) }],
    bounds: [[0, null], [0, null], [0, null]],
    optimum: { x: [4 / 3, 7 / 9, 4 / 9], fun: 1 / 9 },
  },
  hs71: {
    f: (x) => at(x, 0).mul(at(x, 3)).mul(at(x, 0).add(at(x, 1)).add(at(x, 2))).add(at(x, 2)),
    constraints: [
      { type: 'ineq', fun: (x) => tf.reduceProd(x).sub(25) },
      { type: 'eq', fun: (x) => x.square().sum().sub(40) },
    ],
    bounds: [[1, 5], [1, 5], [1, 5], [1, 5]],
    // Hock and Schittkowski's solution, to the 8 digits they give.
    optimum: { x: [1, 4.7429994, 3.8211503, 1.3794082], fun: 17.0140173 },
  },
  portfolio: {
    f: (w) => w.mul(tf.matmul(tf.constant(PORTFOLIO_C, 'float64'), w.reshape([5, 1])).reshape([5])).sum(),
    constraints: [
      { type: 'eq', fun: (w) => w.sum().sub(1) },
      { type: 'ineq', fun: (w) => w.mul(tf.constant(PORTFOLIO_MU, 'float64')).sum().sub(PORTFOLIO_TARGET) },
    ],
    bounds: Array.from({ length: 5 }, () => [0, 1] as [number, number]),
  },
  sphere: {
    f: (x) => x.sub(tf.constant(SPHERE_POINT, 'float64')).square().sum(),
    constraints: [{ type: 'eq', fun: (x) => x.square().sum().sub(1) }],
    // The nearest point of the unit sphere to p is p/‖p‖.
    optimum: { x: SPHERE_POINT.map((v) => v / Math.sqrt(14)), fun: (Math.sqrt(14) - 1) ** 2 },
  },
  'rosenbrock disk': {
    f: rosenbrock,
    constraints: [{ type: 'ineq', fun: (x) => tf.sub(1, x.square().sum()) }],
  },
  'rosenbrock box': {
    f: rosenbrock,
    constraints: [],
    bounds: [[-2, 0.5], [-1, 2]],
    // On the face x₀ = 0.5 the minimum over x₁ is at x₁ = x₀².
    optimum: { x: [0.5, 0.25], fun: 0.25 },
  },
  incompatible: {
    f: (x) => x.square().sum(),
    constraints: [
      { type: 'ineq', fun: (x) => at(x, 0).sub(1) },
      { type: 'ineq', fun: (x) => tf.sub(-1, at(x, 0)) },
    ],
  },
  overdetermined: {
    f: (x) => x.square().sum(),
    constraints: [{ type: 'eq', fun: (x) => tf.stack([at(x, 0).sub(1), at(x, 0).sub(2)]) }],
  },
  // One equality, no bounds: what is left after it is a plain least squares problem (scipy's
  // dgelsy), whose columns the first QR with pivoting reorders.
  'quartic, one equality': {
    f: (x) => x.sub(tf.constant(QUARTIC_CENTER, 'float64')).pow(4).mul(tf.constant(QUARTIC_WEIGHTS, 'float64')).sum().add(x.square().sum()),
    constraints: [{ type: 'eq', fun: (x) => x.mul(tf.constant([1, 2, -0.3, 1], 'float64')).sum().sub(1) }],
  },
};
