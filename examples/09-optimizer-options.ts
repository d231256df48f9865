// One least-squares problem, six Keras optimizers: SGD plain, with momentum and with Nesterov
// momentum, Adam with and without AMSGrad, and Nadam, each from the same start; prints final losses.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(3);

  // y = x @ [2, -1, 0.5] + 1 + noise, with features on different scales (an ill-conditioned problem)
  const x = tf.random.normal([200, 3]).mul([1.0, 3.0, 0.3]);
  const trueW = tf.constant([[2.0], [-1.0], [0.5]]);
  const y = tf.matmul(x, trueW).add(1.0).add(tf.random.normal([200, 1], { stddev: 0.1 }));
  const initialW = tf.random.normal([3, 1]);

  const optimizers = {
    'SGD': new tf.keras.optimizers.SGD({ learningRate: 0.05 }),
    'SGD(momentum=0.9)': new tf.keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.9 }),
    'SGD(momentum=0.9, nesterov=True)': new tf.keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }),
    'Adam': new tf.keras.optimizers.Adam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }),
    'Adam(amsgrad=True)': new tf.keras.optimizers.Adam({ learningRate: 0.1, amsgrad: true }),
    'Nadam': new tf.keras.optimizers.Nadam({ learningRate: 0.1, beta1: 0.9, beta2: 0.999 }),
  };

  const initialLoss = tf.reduceMean(tf.square(tf.matmul(x, initialW).sub(y))).item();
  console.log(`${'initial'.padEnd(34)} loss: ${initialLoss.toExponential(4)}`);
  const finalLosses: Record<string, number> = {};
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const w = new tf.Variable(initialW);
    const b = new tf.Variable(0.0);
    const loss = () => tf.reduceMean(tf.square(tf.matmul(x, w).add(b).sub(y)));
    for (let step = 0; step < 100; step++) {
      const tape = new tf.GradientTape();
      const value = tape.record(loss);
      const [dw, db] = tape.gradient(value, [w, b]);
      optimizer.applyGradients([[dw, w], [db, b]]);
    }
    finalLosses[name] = loss().item();
    console.log(`${name.padEnd(34)} loss after 100 steps: ${finalLosses[name]!.toExponential(4)}`);
  }
  return { initialLoss, finalLosses, x, y };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
