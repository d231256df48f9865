// The spiral of 05-mlp.ts, trained the way Keras 3 users train small networks: AdamW (decoupled
// weight decay, biases excluded), a cosine learning-rate schedule with linear warmup, and the
// gradients clipped to a global norm of 1; optimizer.minimize runs the tape.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(7);

  // The spiral: 100 points per class; arm k turns from angle 4k to 4k + 4, with noise
  const numPerClass = 100, numClasses = 3;
  const xs: tf.Tensor[] = [], ys: tf.Tensor[] = [];
  for (let k = 0; k < numClasses; k++) {
    const r = tf.linspace(0.0, 1.0, numPerClass);
    const t = tf.linspace(k * 4, (k + 1) * 4, numPerClass).add(tf.random.normal([numPerClass], { stddev: 0.2 }));
    xs.push(tf.stack([r.mul(tf.sin(t)), r.mul(tf.cos(t))], 1));
    ys.push(tf.fill([numPerClass], k, tf.int32));
  }
  const x = tf.concat(xs, 0);
  const y = tf.concat(ys, 0);

  // Named variables, so that the weight decay can leave the biases out by name
  const dense = (name: string, fanIn: number, fanOut: number) => [
    new tf.Variable(tf.random.normal([fanIn, fanOut], { stddev: Math.sqrt(2 / fanIn) }), { name: `${name}/kernel` }),
    new tf.Variable(tf.zeros([fanOut]), { name: `${name}/bias` }),
  ] as const;
  const [w1, b1] = dense('dense1', 2, 32), [w2, b2] = dense('dense2', 32, 32), [w3, b3] = dense('dense3', 32, numClasses);
  const trainableVariables = [w1, b1, w2, b2, w3, b3];
  const model = (x: tf.Tensor) => {
    let h = tf.nn.relu(tf.matmul(x, w1).add(b1));
    h = tf.nn.relu(tf.matmul(h, w2).add(b2));
    return tf.matmul(h, w3).add(b3); // logits
  };

  const steps = 1000;
  const schedule = new tf.keras.optimizers.schedules.CosineDecay({
    initialLearningRate: 0, warmupTarget: 0.02, warmupSteps: 100, decaySteps: steps - 100, alpha: 0.05,
  });
  const optimizer = new tf.keras.optimizers.AdamW({ learningRate: schedule, weightDecay: 1e-3, globalClipnorm: 1 });
  optimizer.excludeFromWeightDecay({ varNames: ['bias'] });
  const lossFn = new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });

  let loss!: tf.Tensor;
  for (let step = 0; step < steps; step++) {
    const rate = optimizer.learningRate;
    loss = optimizer.minimize(() => lossFn.call(y, model(x)), trainableVariables);
    if (step % 200 === 0) console.log(`step ${step}: learning rate ${rate.toFixed(5)}, loss = ${loss.numpy()}`);
  }

  const predictions = tf.argmax(model(x), 1);
  const accuracy = tf.reduceMean(tf.cast(tf.equal(predictions, y), tf.float32));
  console.log(`final loss = ${loss.numpy()}, accuracy = ${accuracy.numpy()}, learning rate = ${optimizer.learningRate.toFixed(5)}`);
  return { loss: loss.item(), accuracy: accuracy.item(), iterations: optimizer.iterations };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
