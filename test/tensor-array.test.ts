// tf.TensorArray as TensorFlow runs it eagerly (tensor_array_ops.py, _EagerTensorArray): the
// docstring's two examples with their printed outputs, the eager rules (size, dynamicSize,
// clearAfterRead, inferShape, zeros for unwritten slots) with TensorFlow's messages, gradients
// through reads and stacks, and use inside tf.function.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

describe('tf.TensorArray: TensorFlow docstring examples', () => {
  it('plain reading and writing', () => {
    let ta = new tf.TensorArray('float32', { size: 0, dynamicSize: true, clearAfterRead: false });
    ta = ta.write(0, 10);
    ta = ta.write(1, 20);
    ta = ta.write(2, 30);
    expect([ta.read(0), ta.read(1), ta.read(2)].map((t) => [t.dtype, t.shape, t.arraySync()])).toEqual([
      ['float32', [], 10],
      ['float32', [], 20],
      ['float32', [], 30],
    ]);
    const s = ta.stack();
    expect([s.shape, s.dtype, s.arraySync()]).toEqual([[3], 'float32', [10, 20, 30]]);
    expect(ta.size().arraySync()).toBe(3);
    expect(ta.size().dtype).toBe('int32');
  });

  it('Fibonacci written in a loop inside tf.function', () => {
    const fibonacci = tf.function((n: number) => {
      let ta = new tf.TensorArray('float32', { size: 0, dynamicSize: true });
      ta = ta.unstack([0, 1]);
      for (let i = 2; i < n; i++) ta = ta.write(i, ta.read(i - 1).add(ta.read(i - 2)));
      return ta.stack();
    });
    expect(fibonacci(7).arraySync()).toEqual([0, 1, 1, 2, 3, 5, 8]);
    expect(fibonacci(7).arraySync()).toEqual([0, 1, 1, 2, 3, 5, 8]);
  });
});

describe('tf.TensorArray: the eager rules', () => {
  it('a size is required; writes past it need dynamicSize', () => {
    expect(() => new tf.TensorArray('float32', {} as never)).toThrow('Size must be declared for TensorArrays when eager execution is enabled.');
    const fixed = new tf.TensorArray('float32', { size: 2 });
    expect(() => fixed.write(2, 1)).toThrow('Tried to write to index 2 but array is not resizeable and size is: 2');
    expect(() => fixed.write(-1, 1)).toThrow('Writing to negative indices (index -1) is not allowed.');
    const grows = new tf.TensorArray('int32', { size: 1, dynamicSize: true, clearAfterRead: false });
    grows.write(3, 7);
    expect(grows.size().arraySync()).toBe(4);
    // Unwritten slots stack as zeros of the element shape.
    expect(grows.stack().arraySync()).toEqual([0, 0, 0, 7]);
  });

  it('clearAfterRead (the default): a read empties the slot, and a second read is an error', () => {
    const ta = new tf.TensorArray('float32', { size: 2 });
    ta.write(0, [1, 2]).write(1, [3, 4]);
    expect(ta.read(0).arraySync()).toEqual([1, 2]);
    expect(() => ta.read(0)).toThrow('Could not read index 0 twice because it was cleared after a previous read (perhaps try setting clearAfterRead = false?)');
    // As in TensorFlow, the cleared slot now stacks as zeros.
    expect(ta.stack().arraySync()).toEqual([[0, 0], [3, 4]]);
    expect(() => ta.read(2)).toThrow('Tried to read from index 2 but array size is: 2');
    expect(() => ta.read(-1)).toThrow('Reading from negative indices (index -1) is not allowed.');
  });

  it('dtype and element shape: TensorFlow checks and messages', () => {
    const ta = new tf.TensorArray('float32', { size: 3 });
    expect(() => ta.write(0, tf.constant([1], 'int32'))).toThrow('TensorArray dtype is float32 but Op is trying to write dtype int32');
    ta.write(0, [1, 2]);
    expect(ta.elementShape.asList()).toEqual([2]);
    expect(() => ta.write(1, [1, 2, 3])).toThrow('Incompatible shape for value ((3,)), expected ((2,))');
    const loose = new tf.TensorArray('float32', { size: 2, inferShape: false });
    loose.write(0, [1, 2]).write(1, [1, 2, 3]);
    expect(loose.elementShape.rank).toBe(null);
    const partial = new tf.TensorArray('float32', { size: 2, elementShape: [null, 2] });
    expect(() => partial.write(0, [1, 2])).toThrow(/Incompatible shape for value \(\(2,\)\), expected \(\(None, 2\)\)/);
    // An unwritten slot with an element shape not fully known cannot stand as zeros.
    expect(() => partial.read(1)).toThrow(/element shape \(None, 2\) is not fully known/);
    const shaped = new tf.TensorArray('float64', { size: 2, elementShape: [2] });
    expect(shaped.read(1).arraySync()).toEqual([0, 0]);
    expect(shaped.read(1 - 1).dtype).toBe('float64');
  });

  it('gather, concat, unstack, scatter, split and close', () => {
    const ta = new tf.TensorArray('float32', { size: 3, clearAfterRead: false });
    ta.unstack([[1, 2], [3, 4], [5, 6]]);
    expect(ta.gather([2, 0]).arraySync()).toEqual([[5, 6], [1, 2]]);
    expect(ta.gather(tf.constant([1], 'int32')).arraySync()).toEqual([[3, 4]]);
    expect(() => ta.gather([3])).toThrow(/index 3 is out of range/);
    expect(ta.concat().arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => new tf.TensorArray('float32', { size: 2 }).unstack([1, 2, 3])).toThrow('Cannot unstack 3 tensors into a TensorArray of static size 2');
    ta.scatter([0, 2], [[9, 9], [8, 8]]);
    expect(ta.stack().arraySync()).toEqual([[9, 9], [3, 4], [8, 8]]);
    const pieces = new tf.TensorArray('float32', { size: 2 }).split([1, 2, 3, 4, 5], [2, 3]);
    expect(pieces.concat().arraySync()).toEqual([1, 2, 3, 4, 5]);
    expect(pieces.read(1).arraySync()).toEqual([3, 4, 5]);
    expect(() => new tf.TensorArray('float32', { size: 3 }).split([1, 2, 3], [1, 2])).toThrow("TensorArray's size is not equal to the size of lengths (3 vs. 2)");
    expect(() => new tf.TensorArray('float32', { size: 2 }).split([1, 2, 3], [1, 1])).toThrow('Expected sum of lengths to be equal to values.shape[0], but sum of lengths is 2');
    const scalars = new tf.TensorArray('float32', { size: 1 }).write(0, 1);
    expect(() => scalars.concat()).toThrow('Concat saw a scalar shape at index 0 but requires at least vectors.');
    ta.close();
    expect(ta.size().arraySync()).toBe(0);
    expect(ta.stack().shape).toEqual([0, 2]);
  });
});

describe('tf.TensorArray: gradients', () => {
  it('flow through writes, reads and stack, as through the ops they are', () => {
    const x = tf.constant([1, 2, 3]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const loss = tape.record(() => {
      const ta = new tf.TensorArray('float32', { size: 3 });
      for (let i = 0; i < 3; i++) ta.write(i, x.mul(i + 1));
      return tf.reduceSum(tf.square(ta.stack()));
    });
    // loss = Σ_i Σ_j ((i+1) x_j)² = 14 Σ x_j²: d/dx = 28 x
    expect(tape.gradient(loss, x)!.arraySync()).toEqual([28, 56, 84]);
  });
});
