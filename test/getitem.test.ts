// tf.getitem (Python's x[spec], TensorFlow's tf.__operators__.getitem) and tf.newaxis against
// TensorFlow 2.21 (scripts/tf_getitem_fixtures.py): values, shapes and the gradient of sum(y²)
// of index expressions on x = range(24) as float32 [2, 3, 4], and TensorFlow's errors.
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Case { value: unknown; shape: number[]; grad: unknown }
const F = JSON.parse(readFileSync(new URL('./fixtures/tf-getitem.json', import.meta.url), 'utf8')) as {
  tensorflow: string; cases: Record<string, Case>; errors: Record<string, string>;
};
const n = tf.newaxis;

/** The fixture's expressions, each in both spellings of a range where it has one. */
const CASES: Record<string, tf.IndexSpec | tf.IndexSpec[]> = {
  ellipsis_newaxis: ['...', n],
  leading_newaxis: n,
  newaxis_then_index: [':', n, 1],
  mixed: [1, '::-1', n, '1:3'],
  last_of_ellipsis: ['...', 0],
  negative_index: -1,
  ranges: [':', { start: 1 }, { step: 2 }],
  two_newaxes: [n, '...', n],
  scalar: [0, 2, 3],
  reversed_step: '::-2',
  clamped: [':', '-10:10', '5:'],
  empty: [':', '2:1'],
  tensor_index: [tf.constant(1, 'int32'), 0],
  stop_only: [':1', { stop: -1 }, ':-3'],
  newaxis_after_ellipsis_end: [0, '...', n, 2],
};

describe('tf.getitem and tf.newaxis as TensorFlow 2.21 indexes', () => {
  it('fixture is TensorFlow 2.21, and tf.newaxis is null as its is None', () => {
    expect(F.tensorflow).toBe('2.21.0');
    expect(tf.newaxis).toBeNull();
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(F.cases).sort());
  });

  for (const [key, spec] of Object.entries(CASES)) {
    it(`${key}: value, shape and gradient`, () => {
      const x = tf.reshape(tf.range(0, 24, 1, 'float32'), [2, 3, 4]);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.getitem(x, spec));
      const loss = tape.record(() => tf.reduceSum(tf.square(y)));
      expect(y.shape).toEqual(F.cases[key]!.shape);
      expect(y.arraySync()).toEqual(F.cases[key]!.value);
      expect(tape.gradient(loss, x)!.arraySync()).toEqual(F.cases[key]!.grad);
    });
  }

  it('compiled by tf.function, the same values', () => {
    const f = tf.function((x: tf.Tensor) => tf.getitem(x, [1, '::-1', n, '1:3']));
    const x = tf.reshape(tf.range(0, 24, 1, 'float32'), [2, 3, 4]);
    expect(f(x).arraySync()).toEqual(F.cases.mixed!.value);
    expect(f(x.add(1)).shape).toEqual(F.cases.mixed!.shape);
  });

  it("TensorFlow's errors", () => {
    const x = tf.reshape(tf.range(0, 24, 1, 'float32'), [2, 3, 4]);
    const text = (key: string) => F.errors[key]!.replace(/^\w+: (\{\{[^}]*\}\} )?/, '').replace(/\.? \[Op:.*$/, '');
    expect(() => tf.getitem(x, 5)).toThrow(text('out_of_range'));
    expect(() => tf.getitem(x, 1.5)).toThrow(text('float_index'));
    expect(() => tf.getitem(x, ['...', '...'])).toThrow(new RegExp(text('two_ellipses'), 'i'));
    expect(() => tf.getitem(x, [0, 0, 0, 0])).toThrow(/index out of range using input dim 3/i);
    expect(F.errors.too_many).toContain('Index out of range using input dim 3');
    expect(() => tf.getitem(x, '::0')).toThrow(text('zero_step'));
    expect(() => tf.getitem(x, '1:2:3:4')).toThrow(TypeError);
    expect(() => tf.getitem(x, 'a:b')).toThrow('bounds and step must be integers');
    expect(() => tf.getitem(x, { begin: 1 } as never)).toThrow('a slice is {start, stop, step}');
  });
});
