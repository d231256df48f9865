// A wide-and-deep regression with Keras' functional API, fed by a tf.data pipeline: y = 2·a - b
// + sin(3·c). The "wide" input [a, b] goes through one linear unit, the "deep" input [c] through a
// small ReLU network, and an Add layer joins them. tf.data slices the two inputs and the targets,
// shuffles them at every epoch and cuts them into batches; model.fit takes the dataset as it is.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(3);
  tf.keras.backend.clearSession();

  // 512 samples: a and b uniform in [-1, 1), c uniform in [-2, 2), the target with a little noise
  const n = 512;
  const wide = tf.random.uniform([n, 2], { minval: -1, maxval: 1 });
  const deep = tf.random.uniform([n, 1], { minval: -2, maxval: 2 });
  const [a, b] = tf.split(wide, 2, 1) as [tf.Tensor, tf.Tensor];
  const y = a.mul(2).sub(b).add(tf.sin(deep.mul(3))).add(tf.random.normal([n, 1], { stddev: 0.02 }));

  // The model: two inputs, one output
  const wideIn = tf.keras.Input([2], { name: 'wide' });
  const deepIn = tf.keras.Input([1], { name: 'deep' });
  const linear = new tf.keras.layers.Dense(1, { name: 'linear' }).apply(wideIn);
  let h = new tf.keras.layers.Dense(32, { activation: 'relu', name: 'hidden_1' }).apply(deepIn);
  h = new tf.keras.layers.Dense(32, { activation: 'relu', name: 'hidden_2' }).apply(h);
  const curve = new tf.keras.layers.Dense(1, { name: 'curve' }).apply(h);
  const output = new tf.keras.layers.Add({ name: 'sum' }).apply([linear, curve]);
  const model = new tf.keras.Model({ inputs: [wideIn, deepIn], outputs: output, name: 'wide_and_deep' });
  model.summary();

  // The pipeline: elements ([wide, deep], y), reshuffled at every epoch, 32 to a batch
  const data = tf.data.Dataset.fromTensorSlices([[wide, deep], y]).shuffle(n, { seed: 1 }).batch(32);
  console.log(`batches per epoch: ${data.cardinality().item()}`);

  model.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.01 }), loss: 'mse' });
  const history = model.fit(data, {
    epochs: 80,
    callbacks: [{
      onEpochEnd: (epoch, logs) => {
        if (epoch % 20 === 0) console.log(`epoch ${epoch}: loss = ${logs.loss!.toFixed(4)}`);
      },
    }],
  });
  const loss = history.history.loss!.at(-1)!;
  // The same samples re-cut into batches of 128 (unbatch gives the samples back one by one)
  const evaluated = model.evaluate(data.unbatch().batch(128)) as number;
  console.log(`final loss = ${loss.toFixed(4)}, evaluated mse = ${evaluated.toFixed(4)}`);
  // The linear unit learns the wide part: weights near [2, -1]
  const [w] = model.getLayer('linear').getWeights() as tf.Tensor[];
  console.log(`linear weights: ${Array.from(w!.dataSync(), (v) => v.toFixed(2)).join(', ')}`);
  return { loss, evaluated, weights: Array.from(w!.dataSync()), predicted: model.predict([wide, deep]), y };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
