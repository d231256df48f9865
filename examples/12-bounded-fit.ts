// A bounded fit: a dose-response curve (the four-parameter logistic) whose top plateau the doses
// never reach. Unbounded, the fit extrapolates the plateau to a response the assay cannot give;
// with bounds (tf.optimize.curveFit with `bounds`, method 'trf' as in scipy) the top is held at the
// assay's 100% and the fit reports that bound as active.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(6);

  // 12 doses from 0.01 to 10 (log-spaced), responses in % with 4% noise. The true EC50 (5) is
  // near the highest dose, so the data rise towards the plateau but never show it.
  const truth = { bottom: 2, top: 100, ec50: 5, hill: 1.1 };
  const dose = tf.pow(10, tf.linspace(tf.constant(-2, tf.float64), 1, 12));
  const logistic = (d: tf.Tensor, bottom: tf.Tensor, top: tf.Tensor, ec50: tf.Tensor, hill: tf.Tensor) =>
    // bottom + (top - bottom) / (1 + (ec50 / d)^hill), the power as exp(hill · log(ec50 / d))
    bottom.add(top.sub(bottom).div(tf.exp(hill.mul(tf.log(ec50.div(d)))).add(1)));
  const response = logistic(dose, ...[truth.bottom, truth.top, truth.ec50, truth.hill].map((v) => tf.constant(v, tf.float64)) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor])
    .add(tf.random.normal([12], { stddev: 4, dtype: tf.float64 }));

  const p0 = [0, 80, 1, 1];
  const names = ['bottom', 'top', 'ec50', 'hill'];
  // Only the EC50 bounded (positive, so that its logarithm is defined).
  const free = tf.optimize.curveFit(logistic, dose, response, p0, { bounds: [[-Infinity, -Infinity, 1e-6, -Infinity], Infinity] });
  // The assay's range: a response between 0% and 100%, a positive EC50, a slope between 0.5 and 3.
  const bounded = tf.optimize.curveFit(logistic, dose, response, p0, { bounds: [[0, 0, 1e-6, 0.5], [100, 100, 1e3, 3]] });

  for (const [label, fit] of [['top unbounded', free], ['bounded', bounded]] as const) {
    console.log(`${label}: ${fit.message}`);
    names.forEach((name, j) => {
      const at = fit.activeMask[j] === 1 ? '  (at its upper bound)' : fit.activeMask[j] === -1 ? '  (at its lower bound)' : '';
      console.log(`  ${name.padEnd(6)} = ${fit.params[j]!.toFixed(3).padStart(9)} ± ${fit.standardErrors[j]!.toFixed(3)}${at}`);
    });
    console.log(`  residual sum of squares = ${fit.residualSumOfSquares.toFixed(2)}`);
  }
  return { free, bounded, truth };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
