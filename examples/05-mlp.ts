// A small multilayer perceptron (2-16-16-3, ReLU) classifying a seeded three-arm spiral, trained
// with Adam on sparse softmax cross entropy; accuracy from tf.argmax of the logits.
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

  // Weights with He initialization, biases at zero
  const dense = (fanIn: number, fanOut: number) => [
    new tf.Variable(tf.random.normal([fanIn, fanOut], { stddev: Math.sqrt(2 / fanIn) })),
    new tf.Variable(tf.zeros([fanOut])),
  ] as const;
  const [w1, b1] = dense(2, 16), [w2, b2] = dense(16, 16), [w3, b3] = dense(16, numClasses);
  const trainableVariables = [w1, b1, w2, b2, w3, b3];

  const model = (x: tf.Tensor) => {
    let h = tf.nn.relu(tf.matmul(x, w1).add(b1));
    h = tf.nn.relu(tf.matmul(h, w2).add(b2));
    return tf.matmul(h, w3).add(b3); // logits
  };

  const lossFn = new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true });
  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });

  let loss!: tf.Tensor;
  for (let step = 0; step < 1000; step++) {
    const tape = new tf.GradientTape();
    loss = tape.record(() => lossFn.call(y, model(x)));
    const grads = tape.gradient(loss, trainableVariables);
    optimizer.applyGradients(grads.map((g, i) => [g, trainableVariables[i]!] as const));
    if (step % 200 === 0) console.log(`step ${step}: loss = ${loss.numpy()}`);
  }

  const predictions = tf.argmax(model(x), 1);
  const accuracy = tf.reduceMean(tf.cast(tf.equal(predictions, y), tf.float32));
  console.log(`final loss = ${loss.numpy()}, accuracy = ${accuracy.numpy()}`);
  return { loss: loss.item(), accuracy: accuracy.item(), x, y, logits: model(x) };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
