// The objectives of test/minimize-scipy-steps.test.ts, in gradtape ops, by the names its fixture
// uses: scripts/minimize_more_fixtures.py runs scipy on these very functions (their values,
// gradients and Hessian-vector products computed here, by scripts/minimize-oracle.ts), so that
// scipy's iterates and gradtape's can be compared bit for bit.
import * as tf from 'gradtape';
import { parseNist } from './nist-strd';

/** Σ 100 (x_{i+1} - x_i²)² + (1 - x_i)². */
function rosenbrock(x: tf.Tensor): tf.Tensor {
  const n = x.shape[0]!;
  const head = x.slice([0], [n - 1]);
  const tail = x.slice([1], [n - 1]);
  return tf.reduceSum(tail.sub(head.square()).square().mul(100).add(tf.sub(1, head).square()));
}

/** Beale's function: Σ (c_i - a + a bⁱ)², c = (1.5, 2.25, 2.625); minimum 0 at (3, 0.5). */
function beale(x: tf.Tensor): tf.Tensor {
  const [a, b] = tf.unstack(x) as [tf.Tensor, tf.Tensor];
  const b2 = b.square();
  const term = (c: number, power: tf.Tensor) => tf.sub(c, a).add(a.mul(power)).square();
  return term(1.5, b).add(term(2.25, b2)).add(term(2.625, b2.mul(b)));
}

/** Powell's singular function: (x1 + 10 x2)² + 5 (x3 - x4)² + (x2 - 2 x3)⁴ + 10 (x1 - x4)⁴;
 * minimum 0 at the origin, where its Hessian is singular. */
function powellSingular(x: tf.Tensor): tf.Tensor {
  const [x1, x2, x3, x4] = tf.unstack(x) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  return x1.add(x2.mul(10)).square()
    .add(x3.sub(x4).square().mul(5))
    .add(x2.sub(x3.mul(2)).square().square())
    .add(x1.sub(x4).square().square().mul(10));
}

/** ½ xᵀA x - bᵀx with A = tridiag(-1, 4, -1), n = 6 (the bounded quadratic of minimize.test.ts). */
const QUAD6_A = Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 4 : Math.abs(i - j) === 1 ? -1 : 0)));
const QUAD6_B = [3, -2, 5, -4, 1, 8];
function quadratic(x: tf.Tensor): tf.Tensor {
  const a = tf.constant(new Float64Array(QUAD6_A.flat())).reshape([6, 6]);
  const ax = tf.matmul(a, x.reshape([6, 1])).reshape([6]);
  return tf.reduceSum(x.mul(ax)).mul(0.5).sub(tf.reduceSum(x.mul(tf.constant(new Float64Array(QUAD6_B)))));
}

/** The residual sum of squares of a NIST StRD problem (its model in test/helpers/nist-strd.ts). */
function nistSumOfSquares(name: string): (x: tf.Tensor) => tf.Tensor {
  const problem = parseNist(name);
  const xdata = tf.constant(new Float64Array(problem.x.map((row) => row[0]!)));
  const y = tf.constant(new Float64Array(problem.response(problem.y)));
  return (x) => problem.model(xdata, ...tf.unstack(x)).sub(y).square().sum();
}

export const MINIMIZE_PROBLEMS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  rosenbrock,
  beale,
  powellSingular,
  quadratic,
  misra1d: nistSumOfSquares('Misra1d'),
  mgh09: nistSumOfSquares('MGH09'),
};
