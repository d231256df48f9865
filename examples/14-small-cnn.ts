// A small convolutional network: 8×8 images of a vertical bar, a horizontal bar or a diagonal
// (seeded, with noise), classified by conv (3×3, 8 filters, ReLU) → max pool 2×2 → conv (3×3, 16
// filters, ReLU) → max pool 2×2 → dense, with He-initialized weights, Adam, and the training step
// compiled with tf.function (the tape, its gradient and the update replayed in wasm).
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(3);

  // 60 images of each class: a line through a random position, plus noise
  const perClass = 60, size = 8;
  const pixels: number[] = [], labels: number[] = [];
  const noise = tf.random.uniform([3 * perClass * size * size], { maxval: 0.3 }).dataSync();
  for (let k = 0; k < 3 * perClass; k++) {
    const kind = k % 3, at = Math.floor((k / 3) % (size - 2)) + 1;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        const on = kind === 0 ? j === at : kind === 1 ? i === at : i === j;
        pixels.push((on ? 1 : 0) + noise[pixels.length]!);
      }
    }
    labels.push(kind);
  }
  const x = tf.reshape(tf.constant(pixels), [3 * perClass, size, size, 1]);
  const y = tf.constant(labels, 'int32');

  const he = new tf.keras.initializers.HeNormal({ seed: 1 });
  const filters1 = new tf.Variable(he([3, 3, 1, 8]));
  const filters2 = new tf.Variable(he([3, 3, 8, 16]));
  const dense = new tf.Variable(he([2 * 2 * 16, 3]));
  const bias = new tf.Variable(tf.zeros([3]));
  const variables = [filters1, filters2, dense, bias];

  const logits = (images: tf.Tensor) => {
    let h = tf.nn.maxPool2d(tf.nn.relu(tf.nn.conv2d(images, filters1, 1, 'SAME')), 2, 2, 'VALID'); // [n, 4, 4, 8]
    h = tf.nn.maxPool2d(tf.nn.relu(tf.nn.conv2d(h, filters2, 1, 'SAME')), 2, 2, 'VALID'); // [n, 2, 2, 16]
    return tf.matmul(tf.reshape(h, [images.shape[0]!, -1]), dense).add(bias);
  };

  const optimizer = new tf.keras.optimizers.Adam({ learningRate: 0.01 });
  const trainStep = tf.function((images: tf.Tensor, classes: tf.Tensor) => {
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(tf.nn.sparseSoftmaxCrossEntropyWithLogits({ labels: classes, logits: logits(images) })));
    const grads = tape.gradient(loss, variables);
    optimizer.applyGradients(grads.map((g, i) => [g, variables[i]!] as const));
    return loss;
  });

  let loss!: tf.Tensor;
  for (let step = 0; step < 60; step++) {
    loss = trainStep(x, y);
    if (step % 20 === 0) console.log(`step ${step}: loss = ${loss.item().toFixed(4)}`);
  }
  const accuracy = tf.reduceMean(tf.cast(tf.equal(tf.argmax(logits(x), 1), y), 'float32')).item();
  console.log(`final loss = ${loss.item().toFixed(4)}, accuracy = ${accuracy.toFixed(3)}, traced ${trainStep.experimentalGetTracingCount()} time(s)`);
  return { loss: loss.item(), accuracy, traces: trainStep.experimentalGetTracingCount() };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
