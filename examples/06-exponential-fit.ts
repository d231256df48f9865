// Curve fitting in float64: recover a, b, c of y = a·exp(-b·x) + c from 100 noisy seeded samples
// with a GradientTape loop and Adam, the scipy.optimize.curve_fit job done by gradient descent.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(3);

  // Noisy samples of 2.5·exp(-1.3·x) + 0.5 on [0, 4]
  const [trueA, trueB, trueC] = [2.5, 1.3, 0.5];
  const x = tf.linspace(tf.constant(0.0, tf.float64), 4.0, 100);
  const noise = tf.random.normal([100], { stddev: 0.02, dtype: tf.float64 });
  const y = tf.exp(x.mul(-trueB)).mul(trueA).add(trueC).add(noise);

  // The parameters, from a rough start
  const a = new tf.Variable(1.0, { dtype: tf.float64, name: 'a' });
  const b = new tf.Variable(0.5, { dtype: tf.float64, name: 'b' });
  const c = new tf.Variable(0.0, { dtype: tf.float64, name: 'c' });
  const f = (x: tf.Tensor) => a.mul(tf.exp(b.neg().mul(x))).add(c);

  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.05 });
  let loss!: tf.Tensor;
  for (let step = 0; step < 1000; step++) {
    const tape = new tf.GradientTape();
    loss = tape.record(() => tf.reduceMean(tf.square(f(x).sub(y))));
    const [da, db, dc] = tape.gradient(loss, [a, b, c]);
    optimizer.applyGradients([[da, a], [db, b], [dc, c]]);
    if (step % 250 === 0) console.log(`step ${step}: loss = ${loss.numpy()}`);
  }

  console.log(`a = ${a.numpy()} (true ${trueA}), b = ${b.numpy()} (true ${trueB}), c = ${c.numpy()} (true ${trueC})`);
  console.log(`final loss = ${loss.numpy()} (noise variance ${0.02 ** 2})`);
  return { a: a.item(), b: b.item(), c: c.item(), loss: loss.item(), dtype: a.dtype };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
