// window, interleave and shard: TensorFlow's documented examples, independent loops over their
// parameters (element orders and cardinalities), elements that are datasets, and the errors.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const D = tf.data.Dataset;
const card = (ds: tf.data.Dataset<unknown>): number => ds.cardinality().item();
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];
const windows = (ds: tf.data.Dataset<tf.data.Dataset<tf.Tensor>>) => [...ds].map((w) => values(w));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('window', () => {
  it('gives the windows of TensorFlow\'s examples', () => {
    expect(windows(D.range(7).window(3))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(windows(D.range(7).window(3, { shift: 1, dropRemainder: true }))).toEqual([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]]);
    expect(windows(D.range(7).window(3, { shift: 1, stride: 2, dropRemainder: true }))).toEqual([[0, 2, 4], [1, 3, 5], [2, 4, 6]]);
    expect(windows(D.range(7).window(2))).toEqual([[0, 1], [2, 3], [4, 5], [6]]);
    expect(windows(D.range(7).window(3, { shift: 2, dropRemainder: true }))).toEqual([[0, 1, 2], [2, 3, 4], [4, 5, 6]]);
  });

  it('window k holds elements k·shift + j·stride (j < size) that exist; cardinality counts them', () => {
    for (const n of [0, 1, 5, 7, 10]) {
      for (const size of [1, 2, 3]) {
        for (const shift of [1, 2, 4]) {
          for (const stride of [1, 2, 3]) {
            for (const dropRemainder of [false, true]) {
              const expected: number[][] = [];
              for (let start = 0; start < n; start += shift) {
                const w = range(size).map((j) => start + j * stride).filter((i) => i < n);
                if (!dropRemainder || w.length === size) expected.push(w);
              }
              const ds = D.range(n).window(size, { shift, stride, dropRemainder });
              expect(windows(ds), `n=${n} size=${size} shift=${shift} stride=${stride} drop=${dropRemainder}`).toEqual(expected);
              expect(card(ds)).toBe(expected.length);
            }
          }
        }
      }
    }
  });

  it('gives a tuple or dict of datasets for tuple and dict elements (TensorFlow\'s examples)', () => {
    const pairs = D.fromTensorSlices([tf.constant([1, 2, 3, 4, 5]), tf.constant([6, 7, 8, 9, 10])]).window(2);
    expect([...pairs].map(([a, b]) => [values(a), values(b)])).toEqual([[[1, 2], [6, 7]], [[3, 4], [8, 9]], [[5], [10]]]);
    const dicts = D.fromTensorSlices({ a: [1, 2, 3], b: [4, 5, 6], c: [7, 8, 9] }).window(2);
    expect([...dicts].map((w) => ({ a: values(w.a), b: values(w.b), c: values(w.c) }))).toEqual([
      { a: [1, 2], b: [4, 5], c: [7, 8] },
      { a: [3], b: [6], c: [9] },
    ]);
    // The usual way back to tensors: batch each window, zipping a tuple's components.
    const batched = pairs.flatMap((a, b) => D.zip(a.batch(2), b.batch(2)));
    expect(values(batched)).toEqual([[[1, 2], [6, 7]], [[3, 4], [8, 9]], [[5], [10]]]);
  });

  it('has DatasetSpecs in its elementSpec and windows of the input\'s spec and cardinality', () => {
    const ds = D.range(7).window(3);
    expect(ds.elementSpec).toBeInstanceOf(tf.data.DatasetSpec);
    expect(ds.elementSpec.toString()).toBe('DatasetSpec(TensorSpec(shape=(), dtype=tf.int32, name=None), TensorShape([]))');
    expect(String(ds)).toBe('<Dataset element_spec=DatasetSpec(TensorSpec(shape=(), dtype=tf.int32, name=None), TensorShape([]))>');
    const [xs, ys] = D.fromTensorSlices([tf.zeros([4, 2]), tf.zeros([4], 'int32')]).window(2).elementSpec;
    expect([xs.elementSpec.toString(), ys.elementSpec.toString()]).toEqual(['TensorSpec(shape=(2,), dtype=tf.float32, name=None)', 'TensorSpec(shape=(), dtype=tf.int32, name=None)']);
    const sizes = [...ds].map((w) => card(w));
    expect(sizes).toEqual([3, 3, 1]);
    expect([...ds][0]!.elementSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.int32, name=None)');
    // A window is a dataset like any: it can be iterated again and transformed.
    const first = [...ds][0]!;
    expect([values(first), values(first.map((x) => x.mul(2)))]).toEqual([[0, 1, 2], [0, 2, 4]]);
  });

  it('keeps INFINITE and UNKNOWN cardinalities, and works lazily on an endless input', () => {
    expect(card(D.range(3).repeat().window(2))).toBe(tf.data.INFINITE_CARDINALITY);
    expect(card(D.range(3).filter(() => true).window(2))).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(windows(D.range(3).repeat().window(2, { shift: 1 }).take(4))).toEqual([[0, 1], [1, 2], [2, 0], [0, 1]]);
  });

  it('passes datasets through take, skip, zip, concatenate and map, and refuses them where tensors are needed', () => {
    const ds = D.range(6).window(2);
    expect(windows(ds.skip(1).take(1))).toEqual([[2, 3]]);
    expect(windows(ds.concatenate(D.range(10, 12).window(2)))).toEqual([[0, 1], [2, 3], [4, 5], [10, 11]]);
    expect(values(ds.map((w) => w.reduce(tf.constant(0, 'int32'), (s, x) => s.add(x))))).toEqual([1, 5, 9]);
    expect(() => values(ds)).toThrow('Dataset.asNumpyIterator: not supported for datasets whose elements hold datasets');
    expect(() => [...ds.batch(2)]).toThrow('Dataset.batch: the elements hold datasets (as window() makes), which Dataset.batch cannot take');
    expect(() => ds.batch(2).elementSpec).toThrow('Dataset.batch: the elements hold datasets (DatasetSpec(');
    expect(() => ds.unbatch()).toThrow('Dataset.unbatch: the elements hold datasets');
    expect(() => D.range(3).concatenate(ds as never)).toThrow(/Incompatible dataset elements/);
  });

  it('refuses bad arguments with TensorFlow\'s errors', () => {
    expect(() => D.range(3).window(0)).toThrow('Dataset.window: Window size must be greater than zero (size = 0).');
    expect(() => D.range(3).window(2, { shift: 0 })).toThrow('Window shift must be greater than zero (shift = 0).');
    expect(() => D.range(3).window(2, { stride: -1 })).toThrow('Window stride must be greater than zero (stride = -1).');
    expect(() => D.range(3).window(1.5)).toThrow('Dataset.window: size must be an integer, got 1.5.');
    expect(() => D.range(3).window(2, { dropRemainder: 1 as never })).toThrow('dropRemainder');
    expect(() => D.range(3).window(2, { size: 2 } as never)).toThrow(/size/);
  });
});

describe('interleave', () => {
  it('gives TensorFlow\'s documented order (cycleLength 2, blockLength 4)', () => {
    const ds = D.range(1, 6).interleave((x) => D.fromTensors(x).repeat(6), { cycleLength: 2, blockLength: 4 });
    expect(values(ds)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5]);
  });

  it('cycles blockLength elements from each of cycleLength datasets of equal length', () => {
    // Datasets of equal length `len`: the inputs come in groups of cycleLength, each group read
    // round-robin in blocks; the last group may be smaller.
    for (const n of [1, 4, 5]) {
      for (const cycleLength of [1, 2, 3]) {
        for (const blockLength of [1, 2, 3]) {
          const len = 3;
          const expected: number[] = [];
          for (let g = 0; g < n; g += cycleLength) {
            const group = range(Math.min(cycleLength, n - g)).map((i) => g + i);
            for (let start = 0; start < len; start += blockLength) {
              for (const x of group) for (let j = start; j < Math.min(start + blockLength, len); j++) expected.push(x * 10 + j);
            }
          }
          const ds = D.range(n).interleave((x) => D.range(3).map((j) => x.mul(10).add(j)), { cycleLength, blockLength });
          expect(values(ds), `n=${n} cycle=${cycleLength} block=${blockLength}`).toEqual(expected);
        }
      }
    }
  });

  it('fills a slot whose dataset ended with the next input element\'s dataset, in place', () => {
    // By hand, after interleave_dataset_op.cc: slot 0 holds 3 (three times), slot 1 holds 1 once,
    // then the 2s take slot 1 when the cycle comes back to it.
    const ds = D.fromTensorSlices(tf.constant([3, 1, 2], 'int32')).interleave((x) => D.fromTensors(x).repeat(x.item()), { cycleLength: 2 });
    expect(values(ds)).toEqual([3, 1, 3, 3, 2, 2]);
  });

  it('defaults to cycleLength 8 (also for tf.data.AUTOTUNE) and blockLength 1; cardinality unknown', () => {
    const make = (options?: tf.InterleaveOptions) => D.range(10).interleave((x) => D.fromTensors(x).repeat(2), options);
    const expected = [...range(8), ...range(8), 8, 9, 8, 9];
    expect(values(make())).toEqual(expected);
    expect(values(make({ cycleLength: tf.data.AUTOTUNE, numParallelCalls: tf.data.AUTOTUNE, deterministic: false }))).toEqual(expected);
    expect(card(make())).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(make().elementSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.int32, name=None)');
  });

  it('unpacks tuple elements into the function\'s arguments and stops early without reading further', () => {
    let made = 0;
    const ds = D.zip(D.range(100), D.range(100, 200)).interleave((a, b) => { made++; return D.fromTensorSlices(tf.stack([a, b])); }, { cycleLength: 2 });
    expect(values(ds.take(5))).toEqual([0, 1, 100, 101, 2]);
    expect(made).toBe(3);
  });

  it('refuses bad arguments', () => {
    expect(() => D.range(3).interleave((x) => D.fromTensors(x), { cycleLength: 0 })).toThrow('Dataset.interleave: cycle_length must be greater than zero (cycleLength = 0; or tf.data.AUTOTUNE).');
    expect(() => D.range(3).interleave((x) => D.fromTensors(x), { blockLength: 0 })).toThrow('block_length must be greater than zero (blockLength = 0).');
    expect(() => values(D.range(3).interleave((x) => x as never))).toThrow('The `map_func` argument must return a `Dataset` object.');
    expect(() => D.range(3).interleave(3 as never)).toThrow('Dataset.interleave: mapFunc must be a function');
  });
});

describe('shard', () => {
  it('keeps the elements at index, index + numShards, ...; cardinality as TensorFlow\'s kernel', () => {
    expect(values(D.range(10).shard(3, 0))).toEqual([0, 3, 6, 9]);
    for (const n of [0, 1, 7, 9]) {
      for (const numShards of [1, 2, 3, 5]) {
        for (let index = 0; index < numShards; index++) {
          const expected = range(n).filter((i) => i % numShards === index);
          const ds = D.range(n).shard(numShards, index);
          expect(values(ds)).toEqual(expected);
          expect(card(ds)).toBe(expected.length);
        }
      }
    }
    expect(card(D.range(3).repeat().shard(2, 1))).toBe(tf.data.INFINITE_CARDINALITY);
    expect(card(D.range(3).filter(() => true).shard(2, 1))).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(values(D.range(3).repeat().shard(2, 1).take(3))).toEqual([1, 0, 2]);
  });

  it('refuses a bad count or index with TensorFlow\'s errors', () => {
    expect(() => D.range(3).shard(0, 0)).toThrow('Dataset.shard: Number of shards must be greater than zero (currently num_shards = 0).');
    expect(() => D.range(3).shard(3, 3)).toThrow('Index must be between 0 and 2 (currently index = 3).');
    expect(() => D.range(3).shard(3, -1)).toThrow('Index must be between 0 and 2 (currently index = -1).');
    expect(() => D.range(3).shard(2.5, 0)).toThrow('numShards must be an integer');
  });
});
