// Logistic regression: a tf.Variable weight vector and bias, trained with GradientTape and SGD on
// two seeded Gaussian blobs; sigmoid cross entropy on the logits, accuracy from tf.greater/tf.equal.
import { pathToFileURL } from 'node:url';
import * as tf from 'gradtape';

export function main() {
  tf.random.setSeed(42);

  // Two Gaussian blobs in 2-D: class 0 around (-1.5, -1.5), class 1 around (1.5, 1.5)
  const numPerClass = 100;
  const negativeSamples = tf.random.normal([numPerClass, 2], { mean: -1.5, stddev: 1.0 });
  const positiveSamples = tf.random.normal([numPerClass, 2], { mean: 1.5, stddev: 1.0 });
  const x = tf.concat([negativeSamples, positiveSamples], 0);
  const y = tf.concat([tf.zeros([numPerClass, 1]), tf.ones([numPerClass, 1])], 0);

  // The model: logits = x @ w + b
  const w = new tf.Variable(tf.random.normal([2, 1], { stddev: 0.1 }), { name: 'w' });
  const b = new tf.Variable(tf.zeros([1]), { name: 'b' });
  const model = (x: tf.Tensor) => tf.matmul(x, w).add(b);

  const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.1 });

  let loss!: tf.Tensor;
  for (let epoch = 0; epoch < 200; epoch++) {
    const tape = new tf.GradientTape();
    loss = tape.record(() => {
      const logits = model(x);
      return tf.reduceMean(tf.nn.sigmoidCrossEntropyWithLogits({ labels: y, logits }));
    });
    const grads = tape.gradient(loss, [w, b]);
    optimizer.applyGradients([[grads[0], w], [grads[1], b]]);
    if (epoch % 50 === 0) console.log(`epoch ${epoch}: loss = ${loss.numpy()}`);
  }

  // Predictions: probability > 0.5 means class 1
  const probabilities = tf.sigmoid(model(x));
  const predictions = tf.cast(tf.greater(probabilities, 0.5), tf.float32);
  const accuracy = tf.reduceMean(tf.cast(tf.equal(predictions, y), tf.float32));
  console.log(`final loss = ${loss.numpy()}, accuracy = ${accuracy.numpy()}`);
  console.log('w =', w.numpy(), 'b =', b.numpy());
  return { loss: loss.item(), accuracy: accuracy.item(), w, b, x, y };
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) main();
