// The bar images of 14-small-cnn.ts (a vertical bar, a horizontal bar or a diagonal, seeded, with
// noise), classified by a convolutional network written with tf.keras layers: Conv2D (3×3, 8
// filters) → BatchNormalization → ReLU → MaxPooling2D → Conv2D (3×3, 16 filters, ReLU) →
// MaxPooling2D → Flatten → Dense, trained by model.fit (Adam, sparse softmax cross entropy from
// logits), holding out the last 20% of the images for validation. fit calls the model in training
// mode, so BatchNormalization normalizes by each batch and updates its moving statistics, which
// predict and the validation then use.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(3);
  tf.keras.backend.clearSession();

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

  const L = tf.keras.layers;
  const model = new tf.keras.Sequential([
    tf.keras.Input([size, size, 1]),
    new L.Conv2D(8, 3, { padding: 'same', kernelInitializer: 'he_normal' }), // [n, 8, 8, 8]
    new L.BatchNormalization(),
    new L.ReLU(),
    new L.MaxPooling2D(), // [n, 4, 4, 8]
    new L.Conv2D(16, 3, { padding: 'same', activation: 'relu', kernelInitializer: 'he_normal' }),
    new L.MaxPooling2D(), // [n, 2, 2, 16]
    new L.Flatten(),
    new L.Dense(3), // logits
  ], { name: 'bars_cnn' });
  model.summary();

  model.compile({
    optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
    loss: new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ['accuracy'],
  });
  const history = model.fit(x, y, {
    epochs: 20,
    batchSize: 16,
    validationSplit: 0.2,
    callbacks: [{
      onEpochEnd: (epoch, logs) => {
        if (epoch % 5 === 0) console.log(`epoch ${epoch}: loss = ${logs.loss!.toFixed(4)}, accuracy = ${logs.accuracy!.toFixed(3)}, val_accuracy = ${logs.val_accuracy!.toFixed(3)}`);
      },
    }],
  });

  const h = history.history;
  const accuracy = h.accuracy!.at(-1)!, valAccuracy = h.val_accuracy!.at(-1)!;
  console.log(`final loss = ${h.loss!.at(-1)!.toFixed(4)}, accuracy = ${accuracy.toFixed(3)}, val_accuracy = ${valAccuracy.toFixed(3)}`);
  return { history: h, accuracy, valAccuracy, x, y, weights: model.getWeights(), logits: model.predict(x) };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
