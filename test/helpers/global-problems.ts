// The multimodal objectives of test/basinhopping.test.ts and test/brute.test.ts, in gradtape ops,
// by the names their fixture uses: scripts/basinhopping_brute_fixtures.py runs scipy on these very
// functions (values and gradients computed here, through scripts/minimize-oracle.ts), so that
// scipy's runs and gradtape's can be compared bit for bit.
import * as tf from 'gradtape';

/** Rastrigin's function: 10 n + Σ x_i² - 10 cos(2π x_i); minimum 0 at the origin, local minima near every integer point. */
function rastrigin(x: tf.Tensor): tf.Tensor {
  const n = x.shape[0]!;
  return tf.reduceSum(x.square().sub(tf.cos(x.mul(2 * Math.PI)).mul(10))).add(10 * n);
}

/** Ackley's function: -20 exp(-0.2 √(mean x²)) - exp(mean cos(2π x)) + e + 20; minimum 0 at the origin. */
function ackley(x: tf.Tensor): tf.Tensor {
  const radius = tf.sqrt(tf.reduceMean(x.square()));
  const ripple = tf.reduceMean(tf.cos(x.mul(2 * Math.PI)));
  return tf.exp(radius.mul(-0.2)).mul(-20).sub(tf.exp(ripple)).add(Math.E + 20);
}

/** scipy's basinhopping example in one dimension: cos(14.5 x - 0.3) + (x + 0.2) x; the global
 * minimum near x = -0.195 among minima about 0.43 apart. */
function ripple1d(x: tf.Tensor): tf.Tensor {
  return tf.reduceSum(tf.cos(x.mul(14.5).sub(0.3)).add(x.add(0.2).mul(x)));
}

/** scipy's basinhopping example in two dimensions: cos(14.5 x - 0.3) + (y + 0.2) y + (x + 0.2) x. */
function ripple2d(x: tf.Tensor): tf.Tensor {
  const [a, b] = tf.unstack(x) as [tf.Tensor, tf.Tensor];
  return tf.cos(a.mul(14.5).sub(0.3)).add(b.add(0.2).mul(b)).add(a.add(0.2).mul(a));
}

/** ripple1d with a log barrier: cos(14.5 x - 0.3) + (x + 0.2) x - 0.1 log(x + 0.45), NaN below
 * x = -0.45 (the log of a negative number), where random steps from the minima near it land. */
function ripple1dBarrier(x: tf.Tensor): tf.Tensor {
  return tf.reduceSum(tf.cos(x.mul(14.5).sub(0.3)).add(x.add(0.2).mul(x)).sub(tf.log(x.add(0.45)).mul(0.1)));
}

export const GLOBAL_PROBLEMS: Record<string, (x: tf.Tensor) => tf.Tensor> = { rastrigin, ackley, ripple1d, ripple2d, ripple1dBarrier };

/** scipy.optimize.rosen on plain numbers, summing in the order scipy's fixture scripts do
 * (scripts/basinhopping_brute_fixtures.py, differential_evolution_fixtures.py). */
export function plainRosen(x: number[]): number {
  let total = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1]! - x[i]! * x[i]!;
    const b = 1 - x[i]!;
    total += 100 * a * a + b * b;
  }
  return total;
}
