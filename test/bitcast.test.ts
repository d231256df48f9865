// tf.bitcast: the bytes of a tensor read as another dtype, with TensorFlow 2.21's values for these
// inputs (tf.bitcast on x86, little-endian), its shape rule between sizes, its refusals, no
// gradient, and a compiled function that reads new values at every call.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { thrown } from './helpers/thrown';

describe('tf.bitcast', () => {
  it("gives TensorFlow's values: one size keeps the shape, smaller adds a last dimension, larger takes it away", () => {
    expect(tf.bitcast(tf.constant([1, -2]), 'int32').arraySync()).toEqual([1065353216, -1073741824]);
    const wide = tf.bitcast(tf.constant([1], 'float64'), 'int32');
    expect(wide.shape).toEqual([1, 2]);
    expect(wide.arraySync()).toEqual([[0, 1072693248]]);
    const back = tf.bitcast(tf.constant([[0, 1072693248], [1, -1]], 'int32'), 'float64');
    expect(back.dtype).toBe('float64');
    expect(back.shape).toEqual([2]);
    const values = back.dataSync();
    expect(values[0]).toBe(1);
    expect(Number.isNaN(values[1])).toBe(true);
    expect(tf.bitcast(tf.constant([[0.5, 3.25]], 'float64'), 'float32').arraySync()).toEqual([[[0, 1.75], [0, 2.15625]]]);
    // A round trip keeps every bit, NaN payloads too.
    const bits = tf.constant([0x7fc00001, -1, 0, 0x00000001], 'int32');
    expect(tf.bitcast(tf.bitcast(bits, 'float32'), 'int32').arraySync()).toEqual([0x7fc00001, -1, 0, 1]);
  });

  it('refuses a last dimension other than the ratio, and bool; the same dtype gives a tensor of its own', () => {
    expect(thrown(() => tf.bitcast(tf.constant([1, 2, 3], 'int32'), 'float64'))).toMatchObject({ name: 'InvalidArgumentError', message: 'bitcast: Cannot bitcast from int32 to float64: the last dimension of shape [3] must be 2.' });
    expect(thrown(() => tf.bitcast(tf.constant(1.5), 'float64')).name).toBe('InvalidArgumentError');
    expect(thrown(() => tf.bitcast(tf.constant([true]), 'int32')).message).toMatch(/bool is not one of the dtypes bitcast takes/);
    const v = new tf.Variable([1, 2]);
    const same = tf.bitcast(v, 'float32');
    v.assign([3, 4]);
    expect(same.arraySync()).toEqual([1, 2]); // a tensor of its own, not the variable
  });

  it('has no gradient, and a compiled function bitcasts each call\'s values', () => {
    const x = tf.constant([1, 2]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.cast(tf.bitcast(x, 'int32'), 'float32'));
    expect(tape.gradient(y, x)).toBeNull();
    const f = tf.function((t: tf.Tensor) => tf.bitcast(t, 'int32').add(1));
    expect(f(tf.constant([1, -2])).arraySync()).toEqual([1065353217, -1073741823]);
    expect(f(tf.constant([0.5, 2])).arraySync()).toEqual([1056964609, 1073741825]);
  });
});
