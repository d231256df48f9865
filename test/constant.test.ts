// tf.constant(value, dtype, shape): TensorFlow 2's `_constant_eager_impl`. A value with as many
// elements as `shape` is reshaped to it, a value of one element fills it, any other count is a
// TypeError ("Eager execution of tf.constant with unsupported shape"). Before, a shape given as
// the third argument was taken for an internal caller's name and silently ignored.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

describe('tf.constant with a shape', () => {
  it('reshapes a value with as many elements', () => {
    const t = tf.constant([1, 2, 3, 4, 5, 6], 'int32', [2, 3]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('int32');
    expect(t.arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tf.constant([[1, 2], [3, 4]], 'float64', [4]).arraySync()).toEqual([1, 2, 3, 4]);
    expect(tf.constant(new Float64Array([0.5, 1.5]), undefined, [2, 1]).arraySync()).toEqual([[0.5], [1.5]]);
    expect(tf.constant([], undefined, [0, 3]).shape).toEqual([0, 3]);
  });

  it('fills the shape with a value of one element, of any dtype', () => {
    expect(tf.constant(-1, undefined, [2, 3]).arraySync()).toEqual([[-1, -1, -1], [-1, -1, -1]]);
    expect(tf.constant([7], 'float64', [2, 2]).arraySync()).toEqual([[7, 7], [7, 7]]);
    expect(tf.constant([[2]], 'int32', [3]).arraySync()).toEqual([2, 2, 2]);
    const b = tf.constant(true, null, [2]);
    expect(b.dtype).toBe('bool');
    expect(b.arraySync()).toEqual([true, true]);
    expect(tf.constant(3, 'float32', []).shape).toEqual([]);
  });

  it('takes the shape as an int32 tensor, and a tensor as the value', () => {
    expect(tf.constant(0.5, 'float32', tf.constant([1, 2], 'int32')).arraySync()).toEqual([[0.5, 0.5]]);
    const x = tf.range(6);
    expect(tf.constant(x, null, [3, 2]).arraySync()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(tf.constant(x, 'float64', [6]).dtype).toBe('float64');
    expect(tf.constant(x, undefined, [6])).toBe(x); // the shape it has: the tensor itself, as without a shape
  });

  it('differentiates through the reshape of a watched tensor', () => {
    const v = new tf.Variable([1, 2, 3, 4]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(tf.constant(v, null, [2, 2]), [[1, 2], [3, 4]])));
    expect(tape.gradient(y, v)!.arraySync()).toEqual([1, 2, 3, 4]);
  });

  it("refuses any other element count with TensorFlow's TypeError", () => {
    const error = (() => {
      try {
        tf.constant([1, 2, 3], undefined, [2, 2]);
      } catch (e) {
        return e as Error;
      }
      return null;
    })();
    expect(error).toBeInstanceOf(TypeError);
    expect(error!.message).toBe(
      'constant: Eager execution of tf.constant with unsupported shape. The value (shape [3]) has 3 elements, but got `shape` [2,2] with 4 elements. Give a value of 4 elements, or of one element to fill the shape.',
    );
    expect(() => tf.constant([], undefined, [2])).toThrow(/has 0 elements, but got `shape` \[2\] with 2 elements/);
    expect(() => tf.constant([1, 2, 3, 4], undefined, [-1])).toThrow(/constant: shape \[-1\] is invalid/);
    expect(() => tf.constant([1, 2], undefined, 'float32' as never)).toThrow(/constant: shape must be an array/);
    // TensorFlow.js's order (values, shape, dtype) is pointed to TensorFlow's.
    expect(() => tf.constant([1, 2, 3, 4], [2, 2] as never)).toThrow(/TensorFlow's order is tf.constant\(value, dtype, shape\): give the shape third, e.g. tf.constant\(values, undefined, \[2, 2\]\)/);
  });
});
