// tf.keras.config: Keras 3's global settings (keras/src/backend/config.py): the fuzz factor the
// losses read, the image data format the layers default to, floatx and the backend.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

describe('tf.keras.config', () => {
  it("epsilon: Keras' fuzz factor, which the losses read (binary cross-entropy clips probabilities to [ε, 1 - ε])", () => {
    expect(tf.keras.config.epsilon()).toBe(1e-7);
    const bce = () => tf.keras.losses.binaryCrossentropy(tf.constant([[1]], 'float64'), tf.constant([[0]], 'float64')).item();
    expect(bce()).toBeCloseTo(-Math.log(1e-7), 6);
    try {
      tf.keras.config.setEpsilon(1e-3);
      expect(tf.keras.backend.epsilon()).toBe(1e-3);
      expect(bce()).toBeCloseTo(-Math.log(1e-3), 6);
    } finally {
      tf.keras.config.setEpsilon(1e-7);
    }
    expect(() => tf.keras.config.setEpsilon(NaN)).toThrow(/finite number/);
  });

  it("imageDataFormat: the default dataFormat of the layers made from then on; floatx and backend", () => {
    expect(tf.keras.config.imageDataFormat()).toBe('channels_last');
    try {
      tf.keras.config.setImageDataFormat('channels_first');
      const pool = new tf.keras.layers.MaxPooling2D();
      expect(pool.getConfig().dataFormat ?? (pool.getConfig() as Record<string, unknown>).data_format).toBe('channels_first');
      expect(pool.apply(tf.ones([1, 3, 4, 4])).shape).toEqual([1, 3, 2, 2]);
    } finally {
      tf.keras.config.setImageDataFormat('channels_last');
    }
    expect(new tf.keras.layers.MaxPooling2D().apply(tf.ones([1, 4, 4, 3])).shape).toEqual([1, 2, 2, 3]);
    expect(() => tf.keras.config.setImageDataFormat('nchw' as never)).toThrow(expect.objectContaining({ name: 'ValueError' }));
    expect([tf.keras.config.floatx(), tf.keras.config.backend()]).toEqual(['float32', 'tensorflow']);
  });
});
