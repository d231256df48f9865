// Part 1 of the tutorial: tensors, variables, and one gradient.
import * as tf from 'gradtape';

// TensorFlow infers int32 from Python's integer literals; JS cannot tell 1 from 1.0, so plain
// numbers become float32 in gradtape and the int32 dtype is asked for explicitly.
let x: tf.Tensor = tf.constant([1, 2, 3], 'int32');
console.log(x);
console.log(x.shape);
console.log(x.dtype);

x = new tf.Variable([1, 2, 3], { dtype: 'int32' });
console.log(x);
console.log(x.shape);
console.log(x.dtype);

const v = new tf.Variable(3.6);
const tape = new tf.GradientTape();
const y = tape.record(() => v.mul(v));
const dy = tape.gradient(y, v);
console.log(dy); // tf.Tensor(7.2, shape=(), dtype=float32)
