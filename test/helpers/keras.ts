// Helpers shared by the Keras tests.
import * as tf from 'gradtape';

/** A Dense layer with the given kernel ([inputs, units]) and bias, built. */
export function denseWith(kernel: number[][], bias: number[], options: tf.DenseOptions = {}): tf.keras.layers.Dense {
  const dense = new tf.keras.layers.Dense(bias.length, options);
  dense.build([null, kernel.length]);
  dense.setWeights([kernel, bias]);
  return dense;
}
