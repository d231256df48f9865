// Part 3 of the tutorial: solve A+B=9, C-D=1, A+C=8, B-D=2 by gradient descent on the squared residuals.
import * as tf from 'gradtape';

const A = new tf.Variable(Math.random());
const B = new tf.Variable(Math.random());
const C = new tf.Variable(Math.random());
const D = new tf.Variable(Math.random());

// Gradient descent loop
const EPOCHS = 1000;
const optimizer = new tf.keras.optimizers.Nadam({ lr: 0.1 });
for (let i = 0; i < EPOCHS; i++) {
  const tape = new tf.GradientTape();
  const sqerr = tape.record(() => {
    const y1 = A.add(B).sub(9);
    const y2 = C.sub(D).sub(1);
    const y3 = A.add(C).sub(8);
    const y4 = B.sub(D).sub(2);
    return y1.mul(y1).add(y2.mul(y2)).add(y3.mul(y3)).add(y4.mul(y4));
  });
  const [gradA, gradB, gradC, gradD] = tape.gradient(sqerr, [A, B, C, D]);
  optimizer.applyGradients([[gradA, A], [gradB, B], [gradC, C], [gradD, D]]);
}

console.log(A);
console.log(B);
console.log(C);
console.log(D);

// The residuals of the four equations (all close to 0 at a solution).
const [a, b, c, d] = [A, B, C, D].map((v) => v.item());
console.log('A+B-9 =', (a + b - 9).toFixed(6), ' C-D-1 =', (c - d - 1).toFixed(6), ' A+C-8 =', (a + c - 8).toFixed(6), ' B-D-2 =', (b - d - 2).toFixed(6));
