// scan, takeWhile, unique, chooseFromDatasets and sampleFromDatasets: TensorFlow's documented
// examples, independent loops, cardinalities, and the errors.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const D = tf.data.Dataset;
const card = (ds: tf.data.Dataset<unknown>): number => ds.cardinality().item();
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];
const int = (v: number | number[]) => tf.constant(v, 'int32');

describe('scan', () => {
  it('gives TensorFlow\'s running sums', () => {
    const ds = D.range(10).scan(int(0), (state, i) => [state.add(i), state.add(i)]);
    expect(values(ds)).toEqual([0, 1, 3, 6, 10, 15, 21, 28, 36, 45]);
    expect(card(ds)).toBe(10);
    expect(ds.elementSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.int32, name=None)');
  });

  it('carries a structured state, restarts it at every pass, and passes a tuple element whole', () => {
    const xs = [3, -1, 4, 1, -5, 9, 2, -6];
    const pairs = D.zip(D.fromTensorSlices(int(xs)), D.range(xs.length));
    const ds = pairs.scan([int(0), int(-100)], ([count, best], element) => {
      const [x] = element;
      const next = [count.add(1), tf.maximum(best, x!)] as const;
      return [next, { count: next[0], best: next[1] }];
    });
    const expected: { count: number; best: number }[] = [];
    let best = -100;
    xs.forEach((x, i) => { best = Math.max(best, x); expected.push({ count: i + 1, best }); });
    expect(values(ds)).toEqual(expected);
    expect(values(ds)).toEqual(expected);
    expect(card(D.range(3).filter(() => true).scan(int(0), (s) => [s, s]))).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('refuses a new state of another structure or dtype, and a result that is not a pair', () => {
    expect(() => values(D.range(3).scan(int(0), (s) => [[s, s], s]))).toThrow("Dataset.scan: The two structures don't have the same nested structure");
    expect(() => values(D.range(3).scan(int(0), (s) => [tf.cast(s, 'float32'), s]))).toThrow('Dataset.scan: The element types for the new state must match the initial state. Expected int32; got float32.');
    expect(() => values(D.range(3).scan(int(0), (s) => s as unknown as [tf.Tensor, tf.Tensor]))).toThrow('scanFunc must return an array [newState, outputElement]');
    expect(() => D.range(3).scan(0, 'f' as unknown as (s: tf.Tensor) => [tf.Tensor, tf.Tensor])).toThrow('Dataset.scan: scanFunc must be a function');
  });
});

describe('takeWhile', () => {
  it('ends at the first false predicate, without reading further', () => {
    expect(values(D.range(10).takeWhile((x) => x.less(5)))).toEqual([0, 1, 2, 3, 4]);
    let reads = 0;
    const ds = D.fromTensorSlices(int([1, 2, 7, 1, 2])).map((x) => { reads++; return x; }).takeWhile((x) => x.item() < 5);
    expect(values(ds)).toEqual([1, 2]);
    expect(reads).toBe(3);
    expect(values(D.zip(D.range(5), D.range(5, 0, -1)).takeWhile((a, b) => a.less(b)))).toEqual([[0, 5], [1, 4], [2, 3]]);
    expect(card(D.range(10).takeWhile(() => true))).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(() => values(D.range(3).takeWhile((x) => x as never))).toThrow('Dataset.takeWhile: Invalid `predicate`. `predicate` must return a `tf.bool` scalar tensor');
  });
});

describe('unique', () => {
  it('keeps the first of equal elements, in order (TensorFlow\'s example, and vectors)', () => {
    expect(values(D.fromTensorSlices(int([1, 37, 2, 37, 2, 1])).unique())).toEqual([1, 37, 2]);
    const rows = [[1, 2], [2, 1], [1, 2], [3, 3], [2, 1]];
    const expected = rows.filter((r, i) => rows.findIndex((q) => q[0] === r[0] && q[1] === r[1]) === i);
    expect(values(D.fromTensorSlices(tf.constant(rows, 'int32')).unique())).toEqual(expected);
    expect(card(D.range(4).unique())).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('takes single int32 tensors only', () => {
    expect(() => D.fromTensorSlices([1, 2, 1]).unique()).toThrow('Dataset.unique: only supports elements that are one tf.int32 tensor or one tf.string value (JS strings or Uint8Arrays; tf.int64 in TensorFlow too), got TensorSpec(shape=(), dtype=tf.float32, name=None); for numbers, make the tensor int32');
    expect(() => D.zip(D.range(2), D.range(2)).unique()).toThrow('only supports elements that are one tf.int32 tensor');
  });
});

describe('chooseFromDatasets', () => {
  it('takes from the dataset each choice names (TensorFlow\'s example)', () => {
    const datasets = ['foo', 'bar', 'baz'].map((_, k) => D.fromTensors(int(k)).repeat());
    const ds = D.chooseFromDatasets(datasets, D.range(3).repeat(3));
    expect(values(ds)).toEqual([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    expect(card(ds)).toBe(tf.data.INFINITE_CARDINALITY); // TensorFlow's kernel: an input is infinite
    expect(card(D.chooseFromDatasets([D.range(2), D.range(3)], D.range(2)))).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('ends at an ended dataset, or skips it with stopOnEmptyDataset false', () => {
    const inputs = () => [D.range(2), D.range(10, 13)];
    const choices = D.fromTensorSlices(int([0, 1, 0, 1, 0, 1, 1, 0]));
    expect(values(D.chooseFromDatasets(inputs(), choices))).toEqual([0, 10, 1, 11]);
    expect(values(D.chooseFromDatasets(inputs(), choices, { stopOnEmptyDataset: false }))).toEqual([0, 10, 1, 11, 12]);
    // Each pass starts every dataset again.
    const ds = D.chooseFromDatasets(inputs(), choices.take(3));
    expect([values(ds), values(ds)]).toEqual([[0, 10, 1], [0, 10, 1]]);
  });

  it('refuses bad choices and datasets with TensorFlow\'s errors', () => {
    expect(() => values(D.chooseFromDatasets([D.range(2)], D.fromTensorSlices(int([0, 1]))))).toThrow('Dataset.chooseFromDatasets: Selector index out of range: 1 >= 1');
    expect(() => D.chooseFromDatasets([D.range(2)], D.fromTensorSlices([0]) as never)).toThrow('Elements of `choiceDataset` must be scalars of type int32 (tf.int64 in TensorFlow), got TensorSpec(shape=(), dtype=tf.float32, name=None).');
    expect(() => D.chooseFromDatasets([D.range(2), D.fromTensorSlices([1.5]) as never], D.range(2))).toThrow('Invalid `datasets`. `datasets` must have compatible element specs.');
    expect(() => D.chooseFromDatasets([], D.range(2))).toThrow('Invalid `datasets`. `datasets` should not be empty.');
    expect(() => D.chooseFromDatasets([D.range(2)], [0] as never)).toThrow('`choiceDataset` must be a tf.data.Dataset of int32 scalars');
  });
});

describe('sampleFromDatasets', () => {
  const counts = (xs: number[], n: number) => Array.from({ length: n }, (_, k) => xs.filter((x) => x === k).length);

  it('draws each dataset in proportion to its weight (seeded)', () => {
    const weights = [0.2, 0.3, 0.5];
    const datasets = weights.map((_, k) => D.fromTensors(int(k)).repeat());
    const n = 20000;
    const drawn = values(D.sampleFromDatasets(datasets, { weights, seed: 11 }).take(n)) as number[];
    counts(drawn, 3).forEach((c, k) => {
      const p = weights[k]!;
      expect(Math.abs(c - n * p)).toBeLessThan(5 * Math.sqrt(n * p * (1 - p)));
    });
    // Default weights are equal; a weights tensor works as the numbers do.
    const equal = counts(values(D.sampleFromDatasets(datasets, { seed: 2 }).take(n)) as number[], 3);
    equal.forEach((c) => expect(Math.abs(c - n / 3)).toBeLessThan(5 * Math.sqrt((n * 2) / 9)));
    expect(values(D.sampleFromDatasets(datasets, { weights: tf.constant(weights), seed: 11 }).take(50))).toEqual(drawn.slice(0, 50));
  });

  it('gives every element once, each dataset in its order, until all end; zero weights are never drawn', () => {
    const a = D.range(0, 30);
    const b = D.range(100, 120);
    const drawn = values(D.sampleFromDatasets([a, b, D.range(500, 510)], { weights: [1, 2, 0], seed: 5 })) as number[];
    expect(drawn.filter((x) => x < 100)).toEqual(values(a));
    expect(drawn.filter((x) => x >= 100)).toEqual(values(b));
    const sampled = D.sampleFromDatasets([a, b], { seed: 5 });
    expect(card(sampled)).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(card(D.sampleFromDatasets([a.repeat(), b], { seed: 5 }))).toBe(tf.data.INFINITE_CARDINALITY);
    // With stopOnEmptyDataset the result ends once one dataset has ended and is drawn again.
    const stopped = values(D.sampleFromDatasets([D.range(0, 5), D.range(100, 105)], { seed: 3, stopOnEmptyDataset: true })) as number[];
    const fromA = stopped.filter((x) => x < 100).length;
    const fromB = stopped.length - fromA;
    expect(Math.max(fromA, fromB)).toBe(5);
    expect(Math.min(fromA, fromB)).toBeLessThan(5);
  });

  it('repeats its choices at every pass unless rerandomizeEachIteration, and follows the seeds', () => {
    const make = (options: tf.SampleFromDatasetsOptions) => D.sampleFromDatasets([D.range(0, 40), D.range(100, 140)], options);
    const fixed = make({ seed: 7 });
    const first = values(fixed);
    expect(values(fixed)).toEqual(first);
    expect(values(make({ seed: 7 }))).toEqual(first);
    expect(values(make({ seed: 8 }))).not.toEqual(first);
    const changing = make({ seed: 7, rerandomizeEachIteration: true });
    expect(values(changing)).not.toEqual(values(changing));
    tf.random.setSeed(4);
    const g1 = values(make({}));
    tf.random.setSeed(4);
    expect(values(make({}))).toEqual(g1);
  });

  it('returns a single dataset itself and refuses bad weights', () => {
    const one = D.range(3);
    expect(D.sampleFromDatasets([one])).toBe(one);
    const two = [D.range(2), D.range(2)];
    expect(() => D.sampleFromDatasets(two, { weights: [1] })).toThrow('Dataset.sampleFromDatasets: Invalid `weights`. `weights` must hold one number per dataset (2), got an array of length 1.');
    expect(() => D.sampleFromDatasets(two, { weights: [1, -1] })).toThrow('weights must be finite and non-negative');
    expect(() => D.sampleFromDatasets(two, { weights: [0, 0] })).toThrow('at least one of the weights must be positive');
    expect(() => D.sampleFromDatasets(two, { weights: int([1, 1]) })).toThrow('`weights` type must be either float32 or float64 but is int32.');
    expect(() => D.sampleFromDatasets(two, { seed: 0.5 })).toThrow('seed must be an integer');
  });
});
