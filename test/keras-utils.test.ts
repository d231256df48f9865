// tf.keras.utils against Keras 3.15.1 (scripts/keras_utils_fixtures.py): toCategorical, normalize and
// padSequences values, shapes and errors; timeseriesDatasetFromArray against its docstring's
// examples (Keras builds it with TensorFlow, not installed where the fixtures are made).
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Case = { value: unknown; shape: number[] } | { error: string };
const K = JSON.parse(readFileSync(new URL('./fixtures/keras-utils.json', import.meta.url), 'utf8')) as Record<string, Record<string, Case>>;
const U = tf.keras.utils;

/** `run()` gives Keras' value and shape (floats within float32 rounding), or throws its message. */
function expectKeras(want: Case, run: () => tf.Tensor): void {
  if ('error' in want) {
    expect(run).toThrow(want.error.replace(/^\w+Error: /, ''));
    return;
  }
  const got = run();
  expect(got.shape).toEqual(want.shape);
  const [g, w] = [(got.arraySync() as unknown[]).flat(3) as number[], [want.value].flat(4) as number[]];
  g.forEach((v, i) => expect(Math.abs(v - w[i]!)).toBeLessThanOrEqual(1e-7 + 1e-6 * Math.abs(w[i]!)));
}

describe('keras.utils', () => {
  const categorical: Record<string, () => tf.Tensor> = {
    plain: () => U.toCategorical([0, 2, 1, 3]),
    num_classes: () => U.toCategorical([1, 0], 4),
    column: () => U.toCategorical([[1], [0], [2]]),
    matrix: () => U.toCategorical([[1, 2], [0, 1]], 3),
    negative: () => U.toCategorical([0, -1], 3),
    floats: () => U.toCategorical([1.7, 0.2, 2.9]),
    out_of_range: () => U.toCategorical([0, 3], 3),
    // A tensor of labels, one-hot encoded with ops as Keras encodes a backend tensor.
    tensor: () => U.toCategorical(tf.constant([0, 2, -1, 5], 'int32'), 4),
    tensor_column: () => U.toCategorical(tf.constant([[1], [3]], 'int32'), 4),
    tensor_matrix: () => U.toCategorical(tf.constant([[1, 2], [0, 1]], 'int32'), 3),
    tensor_no_classes: () => U.toCategorical(tf.constant([0, 1], 'int32')),
  };
  it.each(Object.keys(categorical))('toCategorical %s as Keras', (name) => expectKeras(K.to_categorical![name]!, categorical[name]!));
  it('toCategorical of a tensor compiles, and asks for int32 labels', () => {
    const encode = tf.function((labels: tf.Tensor) => U.toCategorical(labels, 3));
    expect(encode(tf.constant([2, 0], 'int32')).arraySync()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(encode(tf.constant([1, 1], 'int32')).arraySync()).toEqual([[0, 1, 0], [0, 1, 0]]);
    expect(() => U.toCategorical(tf.constant([1.5]), 3)).toThrow('a tensor of labels must be int32');
  });

  const normalized: Record<string, () => tf.Tensor> = {
    l2: () => U.normalize([[3, 4], [1, -2], [0, 0]]),
    axis0: () => U.normalize([[3, 4], [1, -2]], 0),
    l1: () => U.normalize([[3, -4], [1, 1]], -1, 1),
    order0: () => U.normalize([[1]], -1, 0),
  };
  it.each(Object.keys(normalized))('normalize %s as Keras', (name) => expectKeras(K.normalize![name]!, normalized[name]!));

  const padded: Record<string, () => tf.Tensor> = {
    default: () => U.padSequences([[1], [2, 3], [4, 5, 6]]),
    post: () => U.padSequences([[1], [2, 3], [4, 5, 6]], { padding: 'post' }),
    maxlen_pre: () => U.padSequences([[1, 2, 3, 4], [5], []], { maxlen: 2 }),
    maxlen_post: () => U.padSequences([[1, 2, 3, 4], [5], []], { maxlen: 2, truncating: 'post', padding: 'post', value: -1 }),
    float: () => U.padSequences([[0.5, 1.5], [2.5]], { dtype: 'float32', value: 0.25 }),
    int_truncates: () => U.padSequences([[0.5, 1.7], [-2.5]], { value: 0.9 }),
    rows: () => U.padSequences([[[1, 2], [3, 4]], [[5, 6]]], { maxlen: 3 }),
    bad_padding: () => U.padSequences([[1]], { padding: 'middle' as never }),
    bad_truncating: () => U.padSequences([[1, 2]], { maxlen: 1, truncating: 'middle' as never }),
    bad_shape: () => U.padSequences([[[1, 2]], [[1, 2, 3]]]),
  };
  it.each(Object.keys(padded))('padSequences %s as Keras', (name) => expectKeras(K.pad_sequences![name]!, padded[name]!));

  it('toCategorical and padSequences take a million labels or sequences (no spread of them into Math.max)', () => {
    const labels = new Int32Array(1_000_000).map((_, i) => i % 3);
    expect(U.toCategorical(labels).shape).toEqual([1_000_000, 3]);
    expect(U.padSequences(Array.from({ length: 200_000 }, (_, i) => (i === 7 ? [1, 2] : [1]))).shape).toEqual([200_000, 2]);
  });

  it('padSequences takes tensors, and gives int32 by default', () => {
    const out = U.padSequences([tf.constant([1, 2]), tf.constant([3])]);
    expect([out.dtype, out.arraySync()]).toEqual(['int32', [[1, 2], [0, 3]]]);
  });
});

describe('keras.utils.timeseriesDatasetFromArray', () => {
  it('gives the docstring\'s sequences: indices 0..98, length 10, sampling rate 2, stride 3', () => {
    const ds = U.timeseriesDatasetFromArray(tf.range(0, 99, 1, 'int32'), null, 10, { samplingRate: 2, sequenceStride: 3, batchSize: 5 });
    const sequences = [...ds].flatMap((batch) => (batch as tf.Tensor).arraySync() as number[][]);
    expect(sequences[0]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(sequences[1]).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19, 21]);
    expect(sequences[2]).toEqual([6, 8, 10, 12, 14, 16, 18, 20, 22, 24]);
    expect(sequences.at(-1)).toEqual([78, 80, 82, 84, 86, 88, 90, 92, 94, 96]);
    expect(sequences.length).toBe(27);
  });

  it('pairs each window with the target after it (the docstring\'s third example)', () => {
    const data = tf.reshape(tf.range(0, 100), [50, 2]);
    const input = tf.slice(data, [0, 0], [40, 2]);
    const targets = tf.slice(data, [10, 0], [40, 2]);
    const [inputs, labels] = [...U.timeseriesDatasetFromArray(input, targets, 10)][0] as [tf.Tensor, tf.Tensor];
    expect(inputs.shape).toEqual([31, 10, 2]);
    expect((inputs.arraySync() as number[][][])[0]).toEqual(tf.slice(data, [0, 0], [10, 2]).arraySync());
    expect((labels.arraySync() as number[][])[0]).toEqual((tf.slice(data, [10, 0], [1, 2]).arraySync() as number[][])[0]);
  });

  it('reads data[startIndex:endIndex] and the targets from startIndex; shuffles every sequence once', () => {
    const series = tf.range(0, 20, 1, 'int32');
    const ds = U.timeseriesDatasetFromArray(series, series.mul(10), 3, { startIndex: 5, endIndex: 12, batchSize: null });
    const pairs = [...ds].map((e) => (e as [tf.Tensor, tf.Tensor]).map((t) => t.arraySync()));
    expect(pairs).toEqual([[[5, 6, 7], 50], [[6, 7, 8], 60], [[7, 8, 9], 70], [[8, 9, 10], 80], [[9, 10, 11], 90]]);
    const shuffled = U.timeseriesDatasetFromArray(series, null, 4, { shuffle: true, seed: 3, batchSize: 4 });
    const starts = [...shuffled].flatMap((b) => ((b as tf.Tensor).arraySync() as number[][]).map((s) => s[0]!));
    expect([...starts].sort((a, b) => a - b)).toEqual(Array.from({ length: 17 }, (_, i) => i));
  });

  it('refuses indices and rates as Keras does', () => {
    const series = tf.range(0, 10);
    expect(() => U.timeseriesDatasetFromArray(series, null, 3, { startIndex: 10 })).toThrow('`start_index` must be lower than the length of the data. Received: start_index=10, for data of length 10');
    expect(() => U.timeseriesDatasetFromArray(series, null, 3, { startIndex: 4, endIndex: 3 })).toThrow('`end_index` must be higher than `start_index`.');
    expect(() => U.timeseriesDatasetFromArray(series, null, 3, { samplingRate: 0 })).toThrow('`sampling_rate` must be higher than 0. Received: sampling_rate=0');
    expect(() => U.timeseriesDatasetFromArray(series, null, 3, { sequenceStride: 10 })).toThrow('`sequence_stride` must be lower than the length of the data.');
  });

  it('setRandomSeed seeds the random ops, and wants an integer', () => {
    U.setRandomSeed(11);
    const a = tf.random.normal([3]).arraySync();
    U.setRandomSeed(11);
    expect(tf.random.normal([3]).arraySync()).toEqual(a);
    expect(() => U.setRandomSeed(1.5)).toThrow('Expected `seed` argument to be an integer. Received: seed=1.5');
  });
});
