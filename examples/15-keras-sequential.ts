// The three-arm spiral of 05-mlp.ts, classified by the same 2-16-16-3 ReLU network written with
// tf.keras.Sequential and trained by model.fit (Adam, sparse softmax cross entropy from logits,
// the 'accuracy' metric), holding out the last 20% of the shuffled samples for validation.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(7);
  tf.keras.backend.clearSession();

  // The spiral: 100 points per class; arm k turns from angle 4k to 4k + 4, with noise
  const numPerClass = 100, numClasses = 3;
  const xs: tf.Tensor[] = [], ys: tf.Tensor[] = [];
  for (let k = 0; k < numClasses; k++) {
    const r = tf.linspace(0.0, 1.0, numPerClass);
    const t = tf.linspace(k * 4, (k + 1) * 4, numPerClass).add(tf.random.normal([numPerClass], { stddev: 0.2 }));
    xs.push(tf.stack([r.mul(tf.sin(t)), r.mul(tf.cos(t))], 1));
    ys.push(tf.fill([numPerClass], k, tf.int32));
  }
  // Shuffled once: validationSplit takes the last rows, which would otherwise all be of class 2.
  const order = tf.random.shuffle(tf.range(0, numPerClass * numClasses, 1, 'int32'));
  const x = tf.gather(tf.concat(xs, 0), order);
  const y = tf.gather(tf.concat(ys, 0), order);

  const model = new tf.keras.Sequential([
    tf.keras.Input([2]),
    new tf.keras.layers.Dense(16, { activation: 'relu', kernelInitializer: 'he_normal' }),
    new tf.keras.layers.Dense(16, { activation: 'relu', kernelInitializer: 'he_normal' }),
    new tf.keras.layers.Dense(numClasses), // logits
  ], { name: 'spiral_mlp' });
  model.summary();

  model.compile({
    optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }),
    loss: new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
    metrics: ['accuracy'],
  });
  const history = model.fit(x, y, {
    epochs: 200,
    batchSize: 32,
    validationSplit: 0.2,
    callbacks: [{
      onEpochEnd: (epoch, logs) => {
        if (epoch % 50 === 0) console.log(`epoch ${epoch}: loss = ${logs.loss!.toFixed(4)}, accuracy = ${logs.accuracy!.toFixed(3)}, val_accuracy = ${logs.val_accuracy!.toFixed(3)}`);
      },
    }],
  });

  const h = history.history;
  const accuracy = h.accuracy!.at(-1)!, valAccuracy = h.val_accuracy!.at(-1)!;
  console.log(`final loss = ${h.loss!.at(-1)!.toFixed(4)}, accuracy = ${accuracy.toFixed(3)}, val_accuracy = ${valAccuracy.toFixed(3)}`);
  return { history: h, accuracy, valAccuracy, x, y, logits: model.predict(x) };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
