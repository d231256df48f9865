// TensorFlow's functional control flow (ts/control-flow.ts): tf.cond, tf.while_loop, tf.map_fn,
// tf.vectorized_map, tf.scan, tf.foldl and tf.foldr, against the examples of TensorFlow's
// documentation; gradients through them, how a compiled function runs them, and their errors.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const values = (t: tf.Tensor) => t.arraySync();

describe("TensorFlow's documented examples", () => {
  it('tf.cond: f1 = x·17, f2 = y + 23, cond(x < y, f1, f2) is 34', () => {
    const x = tf.constant(2), y = tf.constant(5);
    expect(tf.cond(tf.less(x, y), () => tf.mul(x, 17), () => tf.add(y, 23)).item()).toBe(34);
    expect(tf.cond(tf.greater(x, y), () => tf.mul(x, 17), () => tf.add(y, 23)).item()).toBe(28);
    expect(tf.cond(true, () => 'a', () => 'b')).toBe('a');
  });

  it('tf.while_loop: i < 10, i + 1 gives 10; several variables; maximumIterations', () => {
    expect(tf.whileLoop((i) => tf.less(i, 10), (i) => [tf.add(i, 1)], [tf.constant(0)])[0]!.item()).toBe(10);
    expect(tf.whileLoop((i) => tf.less(i, 10), (i) => tf.add(i, 1), [tf.constant(0)])[0]!.item()).toBe(10);
    const [i, total] = tf.whileLoop((i) => tf.less(i, 5), (i, s) => [i.add(1), s.add(i)], [tf.constant(0), tf.constant(0)]);
    expect([i!.item(), total!.item()]).toEqual([5, 10]);
    expect(tf.whileLoop(() => true, (k) => k.add(1), [tf.constant(0)], { maximumIterations: 7 })[0]!.item()).toBe(7);
    expect(tf.whileLoop(() => false, (k) => k.add(1), [0])[0]!.item()).toBe(0);
  });

  it('tf.map_fn: range(t, t + 3) over [3, 5, 2]; several elems and several results', () => {
    expect(values(tf.mapFn((t: tf.Tensor) => tf.range(t.item(), t.item() + 3), tf.constant([3, 5, 2])) as tf.Tensor)).toEqual([[3, 4, 5], [5, 6, 7], [2, 3, 4]]);
    const [sum, product] = tf.mapFn(([a, b]: tf.Tensor[]) => [a!.add(b!), a!.mul(b!)], [tf.constant([1, 2]), tf.constant([3, 4])]) as tf.Tensor[];
    expect([values(sum!), values(product!)]).toEqual([[4, 6], [3, 8]]);
    expect(values(tf.vectorizedMap((row: tf.Tensor) => row.square().sum(), tf.constant([[1, 2], [3, 4]])) as tf.Tensor)).toEqual([5, 25]);
  });

  it('tf.scan: running sums, reversed, and with an initializer over two elems', () => {
    const elems = tf.constant([1, 2, 3, 4, 5, 6]);
    expect(values(tf.scan((a: tf.Tensor, x: tf.Tensor) => a.add(x), elems))).toEqual([1, 3, 6, 10, 15, 21]);
    expect(values(tf.scan((a: tf.Tensor, x: tf.Tensor) => a.add(x), elems, { reverse: true }))).toEqual([21, 20, 18, 15, 11, 6]);
    // sum_one = scan(lambda a, x: x[0] - x[1] + a, (elems + 1, elems), initializer)
    expect(values(tf.scan((a: tf.Tensor, [p, q]: tf.Tensor[]) => p!.sub(q!).add(a), [elems.add(1), elems], tf.constant(0)))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('tf.foldl and tf.foldr: the sum is 21; order shows in a positional fold', () => {
    const elems = tf.constant([1, 2, 3, 4, 5, 6]);
    expect(tf.foldl((a: tf.Tensor, x: tf.Tensor) => a.add(x), elems).item()).toBe(21);
    expect(tf.foldr((a: tf.Tensor, x: tf.Tensor) => a.add(x), elems).item()).toBe(21);
    const digits = tf.constant([1, 2, 3, 4]);
    expect(tf.foldl((a: tf.Tensor, x: tf.Tensor) => a.mul(10).add(x), digits).item()).toBe(1234);
    expect(tf.foldr((a: tf.Tensor, x: tf.Tensor) => a.mul(10).add(x), digits).item()).toBe(4321);
    expect(tf.foldl((a: tf.Tensor, x: tf.Tensor) => a.add(x), digits, 100).item()).toBe(110);
  });
});

describe('gradients and compiled functions', () => {
  it('gradients flow through the ops the loops run', () => {
    const w = new tf.Variable(1.5, { dtype: 'float64' });
    const tape = new tf.GradientTape({ persistent: true });
    // w³ by a loop of three products: d/dw = 3w²
    const cube = tape.record(() => tf.whileLoop((k) => tf.less(k, 3), (k, v) => [k.add(1), v.mul(w)], [tf.constant(0), tf.constant(1, 'float64')])[1]!);
    expect(tape.gradient(cube, w)!.item()).toBeCloseTo(3 * 1.5 ** 2, 14);
    const x = tf.constant([1, 2, 3], 'float64');
    const mapped = tape.record(() => tf.foldl((a: tf.Tensor, v: tf.Tensor) => a.add(v.mul(w)), x, tf.constant(0, 'float64')));
    expect(tape.gradient(mapped, w)!.item()).toBe(6);
    const branch = tape.record(() => tf.cond(tf.greater(w, 1), () => w.square(), () => w));
    expect(tape.gradient(branch, w)!.item()).toBe(3);
    tape.dispose();
  });

  it('a condition computed from the arguments makes a compiled function run as written; maps stay compiled', () => {
    const signed = tf.function((v: tf.Tensor) => tf.cond(v.sum().greater(0), () => v.mul(2), () => v.neg()));
    expect(values(signed(tf.constant([1, 2])))).toEqual([2, 4]);
    expect(values(signed(tf.constant([-1, -2])))).toEqual([1, 2]);
    const halvings = tf.function((v: tf.Tensor) => tf.whileLoop((k) => tf.greater(k, 1), (k) => k.div(2), [v])[0]!);
    expect([halvings(tf.constant(8)).item(), halvings(tf.constant(3)).item()]).toEqual([1, 0.75]);
    const norms = tf.function((m: tf.Tensor) => tf.mapFn((r: tf.Tensor) => r.square().sum(), m) as tf.Tensor);
    expect(values(norms(tf.constant([[1, 2], [3, 4]])))).toEqual([5, 25]);
    expect(values(norms(tf.constant([[1, 1], [2, 2]])))).toEqual([2, 8]);
    expect(norms.experimentalGetTracingCount()).toBe(1);
  });
});

describe('errors', () => {
  it('say what is wrong', () => {
    expect(() => tf.cond(tf.constant([true, false]), () => 1, () => 2)).toThrow('cond: the condition must be a scalar, got shape [2].');
    expect(() => tf.cond('yes' as never, () => 1, () => 2)).toThrow('cond: the condition must be a boolean or a scalar tensor, got "yes".');
    expect(() => tf.whileLoop((i) => tf.less(i, 3), (i) => [i, i], [tf.constant(0)])).toThrow('whileLoop: body returned 2 value(s) for 1 loop variable(s).');
    expect(() => tf.whileLoop((i) => tf.less(i, 3), (i) => tf.cast(i, 'float32'), [tf.constant(0, 'int32')])).toThrow('whileLoop: loop variable 0 changed dtype from int32 to float32.');
    expect(() => tf.whileLoop((i) => true, (i) => i, [])).toThrow('whileLoop: loopVars must be a non-empty array, got an array of length 0.');
    expect(() => tf.mapFn((x: tf.Tensor) => x, tf.constant(3))).toThrow('mapFn: elems must have a first dimension to map over, got a scalar.');
    expect(() => tf.mapFn((x: tf.Tensor) => x, tf.zeros([0, 2]))).toThrow('mapFn: elems is empty along its first dimension, so there is nothing to stack.');
    expect(() => tf.foldl((a: tf.Tensor, x: tf.Tensor) => a.add(x), tf.zeros([0]))).toThrow('foldl: elems is empty and there is no initializer.');
    expect(() => tf.scan((a: tf.Tensor) => a, [tf.constant([1]), tf.constant([2])])).toThrow('scan: with several elems, pass an initializer (the accumulator is one tensor).');
    expect(() => tf.mapFn((x: tf.Tensor) => x, [tf.constant([1, 2]), tf.constant([1])])).toThrow('mapFn: the elements of elems must have the same first dimension, got 2, 1.');
  });
});
