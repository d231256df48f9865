// Keras' global settings (keras/src/backend/config.py) other than floatx (ts/dtype.ts): the fuzz
// factor epsilon, which losses, metrics, constraints, normalizations and keras.utils.normalize
// read (the margin probabilities are clipped by, what divisors and norms are kept above, AUC's end
// thresholds), and the image data format, the default of every layer's and op's `dataFormat`.

import { describe } from './describe';

let fuzz = 1e-7;
let dataFormat: 'channels_last' | 'channels_first' = 'channels_last';

/** keras.config.epsilon(): the fuzz factor, 1e-7 unless set. */
export function epsilon(): number {
  return fuzz;
}

/**
 * keras.config.set_epsilon(value): sets the fuzz factor that losses, metrics and constraints read
 * from then on.
 *
 * @example
 * ```ts
 * tf.keras.config.setEpsilon(1e-5);
 * console.log(tf.keras.config.epsilon()); // 0.00001
 * tf.keras.config.setEpsilon(1e-7);
 * ```
 */
export function setEpsilon(value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`keras.config.setEpsilon: value must be a finite number, got ${describe(value)}.`);
  fuzz = value;
}

/** keras.config.image_data_format(): 'channels_last' unless set. */
export function imageDataFormat(): 'channels_last' | 'channels_first' {
  return dataFormat;
}

/** keras.config.set_image_data_format(data_format): the default `dataFormat` of the layers and
 * ops made from then on ('channels_last' or 'channels_first'). */
export function setImageDataFormat(value: 'channels_last' | 'channels_first'): void {
  const format = typeof value === 'string' ? value.toLowerCase() : null;
  if (format !== 'channels_last' && format !== 'channels_first') {
    const error = new Error(`keras.config.setImageDataFormat: The \`data_format\` argument must be one of {'channels_first', 'channels_last'}. Received: data_format=${describe(value)}`);
    error.name = 'ValueError';
    throw error;
  }
  dataFormat = format;
}
