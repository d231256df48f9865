// Curve fitting with error bars: tf.optimize.curveFit (scipy.optimize.curve_fit's job) on the
// decay of example 06, with a measured uncertainty per point. The Jacobian comes from automatic
// differentiation, so the fit needs no step sizes and converges in a few iterations; the
// covariance gives each parameter's standard error.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(1);

  // 60 samples of 2.5·exp(-1.3·t) + 0.5 on [0, 4], each with its own measurement error sigma.
  const [trueA, trueB, trueC] = [2.5, 1.3, 0.5];
  const t = tf.linspace(tf.constant(0.0, tf.float64), 4.0, 60);
  const sigma = tf.random.uniform([60], { minval: 0.01, maxval: 0.05, dtype: tf.float64 });
  const noise = tf.random.normal([60], { dtype: tf.float64 }).mul(sigma);
  const y = tf.exp(t.mul(-trueB)).mul(trueA).add(trueC).add(noise);

  // The model: f(t, a, b, c), each parameter a rank-0 float64 tensor.
  const decay = (t: tf.Tensor, a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => a.mul(tf.exp(t.mul(b).neg())).add(c);

  // absoluteSigma: the sigmas are real measurement errors, so the covariance is not rescaled by
  // the fit's residual variance (curve_fit's absolute_sigma=True).
  const fit = tf.optimize.curveFit(decay, t, y, [1, 0.5, 0], { sigma: sigma.dataSync(), absoluteSigma: true });

  const names = ['a', 'b', 'c'];
  const truth = [trueA, trueB, trueC];
  for (let j = 0; j < 3; j++) {
    const value = fit.params[j]!, error = fit.standardErrors[j]!;
    console.log(`${names[j]} = ${value.toFixed(4)} ± ${error.toFixed(4)}   (true ${truth[j]}, ${(Math.abs(value - truth[j]!) / error).toFixed(1)} sigma away)`);
  }
  const dof = 60 - 3;
  console.log(`chi-square = ${fit.residualSumOfSquares.toFixed(2)} for ${dof} degrees of freedom`);
  console.log(`correlation of a and b = ${(fit.covariance[0]![1]! / (fit.standardErrors[0]! * fit.standardErrors[1]!)).toFixed(3)}`);
  console.log(`${fit.converged ? "converged" : "stopped"} after ${fit.iterations} iterations (${fit.evaluations} model evaluations): ${fit.message}`);
  return { ...fit, truth, dof };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
