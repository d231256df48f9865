// Part 2 of the tutorial: recover the coefficients of y = x^2 + 2x + 3 from 20 samples with Nadam.
import * as tf from 'gradtape';

// Seeded so every run shows the same fit. The tutorial's settings (Nadam, lr 0.01, 1000 steps)
// fit x^2 and x quickly but the constant term slowly, so with unlucky samples it is still a
// few tenths short of 3 after 1000 steps (Keras 3 behaves the same); this seed's samples are typical
// of the tutorial's own printed result. (tf.random.set_seed(16) in TensorFlow draws the same samples.)
tf.random.setSeed(16);

const N = 20; // number of samples

// Generate random samples roughly between -10 and +10
const polynomial = [1, 2, 3];
const X = tf.random.normal([N, 1]).mul(5);
const Y = tf.math.polyval(polynomial, X);

// Prepare input as an array of shape (N, 3)
const XX = tf.concat([X.mul(X), X, tf.onesLike(X)], 1);

// Prepare TensorFlow objects
const w = new tf.Variable(tf.random.normal([3, 1])); // the three coefficients
const x = tf.constant(XX, 'float32'); // input sample
const y = tf.constant(Y, 'float32'); // output sample
const optimizer = new tf.keras.optimizers.Nadam({ lr: 0.01 });
console.log(w);

// Run optimizer
for (let i = 0; i < 1000; i++) {
  const tape = new tf.GradientTape();
  const mse = tape.record(() => {
    const yPred = x.matmul(w);
    return tf.reduceSum(tf.square(y.sub(yPred)));
  });
  const grad = tape.gradient(mse, w);
  optimizer.applyGradients([[grad, w]]);
}

console.log(w);
