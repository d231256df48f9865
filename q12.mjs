import * as tf from 'gradtape';
tf.random.setSeed(1);
const X = tf.random.normal([20, 1]).mul(5);
const y = tf.math.polyval([1, 2, 3], X);
const x = tf.concat([X.square(), X, tf.onesLike(X)], 1);
const w = new tf.Variable(tf.random.normal([3, 1]));
const opt = new tf.optimizers.Adam({ learningRate: 0.01 });
const step = () => { const tape = new tf.GradientTape(); const loss = tape.record(() => tf.reduceSum(tf.square(y.sub(x.matmul(w))))); opt.applyGradients([[tape.gradient(loss, w), w]]); };
for (let r = 0; r < 5; r++) { const t0 = performance.now(); for (let i = 0; i < 20000; i++) step(); console.log('us/step', ((performance.now() - t0) / 20).toFixed(2)); }
