// tf.data with TensorFlow's positional arguments, in the order of dataset_ops.py and readers.py
// (TF 2.16), as Python programs ported to JS pass them. The expected elements are those of
// TensorFlow's docstring examples; the positional form must also equal the options form, and an
// argument must take effect (not be accepted and dropped).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const D = tf.data.Dataset;
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];
const windows = (ds: tf.data.Dataset<tf.data.Dataset<tf.Tensor>>) => [...ds].map((w) => values(w));
/** TensorFlow's `Dataset.range(1, 5).map(lambda x: tf.fill([x], x))` of padded_batch's docstring. */
const filled = () => D.range(1, 5).map((x) => tf.fill([x.item()], x.item(), 'int32'));

describe('shuffle(buffer_size, seed, reshuffle_each_iteration, name)', () => {
  it('a positional seed gives the order of the same seed as an option, on every run', () => {
    const positional = values(D.range(20).shuffle(20, 42));
    expect(values(D.range(20).shuffle(20, 42))).toEqual(positional);
    expect(values(D.range(20).shuffle(20, { seed: 42 }))).toEqual(positional);
    expect([...positional].sort((a, b) => Number(a) - Number(b))).toEqual(values(D.range(20)));
    expect(positional).not.toEqual(values(D.range(20)));
    expect(values(D.range(20).shuffle(20, 7))).not.toEqual(positional);
  });

  it('a positional reshuffle_each_iteration=false keeps the order at every pass, as TensorFlow documents', () => {
    const twice = (ds: tf.data.Dataset<tf.Tensor>) => {
      const all = values(ds.repeat(2));
      return [all.slice(0, 20), all.slice(20)];
    };
    const [first, second] = twice(D.range(20).shuffle(20, 42, false));
    expect(second).toEqual(first);
    const [a, b] = twice(D.range(20).shuffle(20, 42, null, 'shuffled')); // None: reshuffled (TensorFlow's default)
    expect(b).not.toEqual(a);
    expect(twice(D.range(20).shuffle(20, 42, false))).toEqual(twice(D.range(20).shuffle(20, { seed: 42, reshuffleEachIteration: false })));
  });

  it('takes the rest as keyword arguments after positional ones', () => {
    expect(values(D.range(20).shuffle(20, 42, { name: 'shuffled' } as never))).toEqual(values(D.range(20).shuffle(20, 42)));
    expect(values(D.range(20).shuffle(20, null, { seed: 42 } as never))).toEqual(values(D.range(20).shuffle(20, 42)));
  });

  it('refuses too many arguments, an options object followed by more, and a value given twice', () => {
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(3).shuffle(3, 1, true, 'name', 5)).toThrow(/Dataset.shuffle: got 4 optional arguments where at most 3 are taken \(seed, reshuffleEachIteration, name, in TensorFlow's order\)/);
    // @ts-expect-error: an options object, then more arguments
    expect(() => D.range(3).shuffle(3, { seed: 1 }, true)).toThrow(/got true after the options object/);
    expect(() => D.range(3).shuffle(3, 1, { seed: 2 } as never)).toThrow(/multiple values for argument seed/);
    expect(() => D.range(3).shuffle(3, 1.5)).toThrow(/seed must be an integer/);
  });
});

describe('map(map_func, num_parallel_calls, deterministic, name)', () => {
  it('accepts tf.data.AUTOTUNE and the rest positionally (TensorFlow\'s example)', () => {
    expect(values(D.range(1, 6).map((x) => x.add(1), tf.data.AUTOTUNE))).toEqual([2, 3, 4, 5, 6]);
    expect(values(D.range(1, 6).map((x) => x.add(1), tf.data.AUTOTUNE, false, 'plus_one'))).toEqual([2, 3, 4, 5, 6]);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(3).map((x) => x, 1, true, 'm', 4)).toThrow(/at most 3 are taken/);
  });

  it('filter, flatMap and takeWhile take (function, name)', () => {
    expect(values(D.fromTensorSlices([1, 2, 3]).filter((x) => x.less(3), 'small'))).toEqual([1, 2]);
    const rows = D.fromTensorSlices([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
    expect(values(rows.flatMap((row) => D.fromTensorSlices(row), 'flat'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(values(D.range(10).takeWhile((x) => x.less(5), 'head'))).toEqual([0, 1, 2, 3, 4]);
    // TensorFlow's filter and flat_map have no num_parallel_calls: a second positional is too many.
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(3).filter((x) => x.less(1), 'f', true)).toThrow(/at most 1 are taken \(name/);
    // @ts-expect-error: flat_map's only optional argument is name
    expect(() => D.range(3).flatMap((x) => D.fromTensors(x), 4, 'f')).toThrow(/at most 1 are taken/);
  });
});

describe('batch(batch_size, drop_remainder, num_parallel_calls, deterministic, name) and rebatch', () => {
  it('gives TensorFlow\'s batches with each positional argument, and refuses a fifth', () => {
    expect(values(D.range(8).batch(3, true))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(values(D.range(8).batch(3, false, tf.data.AUTOTUNE, true, 'batches'))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
    expect(values(D.range(8).batch(3, true, null, null, 'batches'))).toEqual(values(D.range(8).batch(3, { dropRemainder: true })));
    expect(D.range(8).batch(3, true, 2).elementSpec.shape).toEqual([3]);
    // a fifth optional argument was silently dropped before
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(8).batch(3, true, 2, true, 'b', 'extra')).toThrow(/Dataset.batch: got 5 optional arguments where at most 4 are taken/);
    expect(() => D.range(8).batch(3, true, { numParallelCalls: 2, name: 'b' } as never)).not.toThrow();
  });

  it('rebatch(batch_size, drop_remainder, name) as TensorFlow documents it', () => {
    expect(values(D.range(7).batch(2).rebatch(3, true, 'rebatched'))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(values(D.range(7).batch(4).rebatch(3, false, 'rebatched'))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(7).batch(2).rebatch(3, true, 'r', 1)).toThrow(/at most 2 are taken/);
  });
});

describe('paddedBatch(batch_size, padded_shapes, padding_values, drop_remainder, name)', () => {
  it('pads to the given shapes and values, as in TensorFlow\'s docstring', () => {
    expect(values(filled().paddedBatch(2, [null]))).toEqual([[[1, 0], [2, 2]], [[3, 3, 3, 0], [4, 4, 4, 4]]]);
    expect(values(filled().paddedBatch(2, [5]))).toEqual([[[1, 0, 0, 0, 0], [2, 2, 0, 0, 0]], [[3, 3, 3, 0, 0], [4, 4, 4, 4, 0]]]);
    expect(values(filled().paddedBatch(2, [5], -1))).toEqual([[[1, -1, -1, -1, -1], [2, 2, -1, -1, -1]], [[3, 3, 3, -1, -1], [4, 4, 4, 4, -1]]]);
    expect(values(filled().paddedBatch(2, [5], -1))).toEqual(values(filled().paddedBatch(2, { paddedShapes: [5], paddingValues: -1 })));
    // E = zip((A, A)).padded_batch(2, padding_values=-1)
    expect(values(D.zip(filled(), filled()).paddedBatch(2, null, -1))).toEqual([
      [[[1, -1], [2, 2]], [[1, -1], [2, 2]]],
      [[[3, 3, 3, -1], [4, 4, 4, 4]], [[3, 3, 3, -1], [4, 4, 4, 4]]],
    ]);
  });

  it('takes drop_remainder and name positionally', () => {
    const three = D.range(1, 4).map((x) => tf.fill([x.item()], x.item(), 'int32'));
    expect(values(three.paddedBatch(2, null, null, true, 'padded'))).toEqual([[[1, 0], [2, 2]]]);
    expect(values(three.paddedBatch(2, null, null, false))).toEqual([[[1, 0], [2, 2]], [[3, 3, 3]]]);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => three.paddedBatch(2, null, null, true, 'p', 1)).toThrow(/at most 4 are taken/);
  });

  it('pads a tuple per component: padded_shapes=([4], [None])', () => {
    const elements = [[[1, 2, 3], [10]], [[4, 5], [11, 12]]];
    const spec = [new tf.TensorSpec([null], 'int32'), new tf.TensorSpec([null], 'int32')] as const;
    const ds = D.fromGenerator(() => elements.values(), { outputSignature: spec });
    expect(values(ds.paddedBatch(2, [[4], [null]]))).toEqual([[[[1, 2, 3, 0], [4, 5, 0, 0]], [[10, 0], [11, 12]]]]);
  });

  it('tells a dict of padded shapes from the options object', () => {
    const elements = [{ a: [1, 2, 3], b: [10] }, { a: [4, 5], b: [11, 12] }];
    const spec = { a: new tf.TensorSpec([null], 'int32'), b: new tf.TensorSpec([null], 'int32') };
    const ds = D.fromGenerator(() => elements.values(), { outputSignature: spec });
    const expected = [{ a: [[1, 2, 3, 0], [4, 5, 0, 0]], b: [[10, 0], [11, 12]] }];
    expect(values(ds.paddedBatch(2, { a: [4], b: [null] }))).toEqual(expected);
    expect(values(ds.paddedBatch(2, { a: new tf.TensorShape([4]), b: [-1] }))).toEqual(expected);
    expect(values(ds.paddedBatch(2, { paddedShapes: { a: [4], b: [null] } }))).toEqual(expected);
    // keyword arguments after a positional dict of shapes
    expect(values(ds.paddedBatch(2, { a: [4], b: [null] }, { paddingValues: -1 } as never))).toEqual([{ a: [[1, 2, 3, -1], [4, 5, -1, -1]], b: [[10, -1], [11, 12]] }]);
    // an object with an unknown key whose values are not shapes is still a wrong options object
    expect(() => ds.paddedBatch(2, { bogus: 1 } as never)).toThrow(/unknown option 'bogus'; the options are paddedShapes, paddingValues, dropRemainder, name/);
  });
});

describe('window(size, shift, stride, drop_remainder, name)', () => {
  it('gives the windows of TensorFlow\'s docstring', () => {
    expect(windows(D.range(7).window(3, 1, 1, true))).toEqual([[0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 5], [4, 5, 6]]);
    expect(windows(D.range(7).window(3, 1, 2, true))).toEqual([[0, 2, 4], [1, 3, 5], [2, 4, 6]]);
    expect(windows(D.range(7).window(3, null, 1, false, 'windows'))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(windows(D.range(7).window(3, 1, 2, true))).toEqual(windows(D.range(7).window(3, { shift: 1, stride: 2, dropRemainder: true })));
    expect(windows(D.range(7).window(3, 1, { dropRemainder: true } as never))).toEqual(windows(D.range(7).window(3, 1, 1, true)));
  });

  it('refuses too many arguments and a shift given both ways', () => {
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(7).window(3, 1, 1, true, 'w', 0)).toThrow(/Dataset.window: got 5 optional arguments where at most 4 are taken \(shift, stride, dropRemainder, name/);
    expect(() => D.range(7).window(3, 1, { shift: 2 } as never)).toThrow(/multiple values for argument shift/);
  });
});

describe('interleave(map_func, cycle_length, block_length, num_parallel_calls, deterministic, name)', () => {
  const repeated = (x: tf.Tensor) => D.fromTensors(x).repeat(6);
  const documented = [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 3, 3, 4, 4, 5, 5, 5, 5, 5, 5];

  it('gives TensorFlow\'s documented order for cycle_length=2, block_length=4', () => {
    expect(values(D.range(1, 6).interleave(repeated, 2, 4))).toEqual(documented);
    expect(values(D.range(1, 6).interleave(repeated, 2, 4, tf.data.AUTOTUNE, true, 'interleaved'))).toEqual(documented);
    expect(values(D.range(1, 6).interleave(repeated, 2, 4))).toEqual(values(D.range(1, 6).interleave(repeated, { cycleLength: 2, blockLength: 4 })));
  });

  it('cycle_length=1 is flat_map, as TensorFlow documents; a null block_length is 1', () => {
    expect(values(D.range(1, 4).interleave((x) => D.fromTensors(x).repeat(2), 1))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(values(D.range(1, 4).interleave((x) => D.fromTensors(x).repeat(2), 3, null))).toEqual([1, 2, 3, 1, 2, 3]);
  });

  it('refuses a sixth optional argument', () => {
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(3).interleave(repeated, 2, 4, 1, true, 'i', 0)).toThrow(/at most 5 are taken/);
  });
});

describe('grouping: group_by_window and bucket_by_sequence_length', () => {
  it('group_by_window(key_func, reduce_func, window_size, window_size_func, name)', () => {
    const expected = [[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]];
    expect(values(D.range(10).groupByWindow((x) => x.mod(2), (_key, w) => w.batch(5), 5))).toEqual(expected);
    expect(values(D.range(10).groupByWindow((x) => x.mod(2), (_key, w) => w.batch(5), null, () => 5, 'grouped'))).toEqual(expected);
    expect(values(D.range(10).apply(tf.data.experimental.groupByWindow((x: tf.Tensor) => x.mod(2), (_key, w) => w.batch(5), 5)))).toEqual(expected);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).groupByWindow((x) => x, (_k, w) => w, 5, null, 'g', 1)).toThrow(/at most 3 are taken/);
    // tf.data.experimental.group_by_window has no name parameter
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => tf.data.experimental.groupByWindow((x: tf.Tensor) => x, (_k, w) => w, 5, null, 'g')).toThrow(/at most 2 are taken/);
  });

  it('bucket_by_sequence_length(..., padded_shapes, padding_values, pad_to_bucket_boundary, no_padding, drop_remainder, name): TensorFlow\'s example', () => {
    const elements = [[0], [1, 2, 3, 4], [5, 6, 7], [7, 8, 9, 10, 11], [13, 14, 15, 16, 19, 20], [21, 22]];
    const ds = () => D.fromGenerator(() => elements.values(), { outputSignature: new tf.TensorSpec([null], 'int32') });
    const length = (x: tf.Tensor) => x.shape[0]!;
    const padded = [[[0, -1, -1], [5, 6, 7]], [[1, 2, 3, 4, -1, -1], [7, 8, 9, 10, 11, -1]], [[21, 22, -1]], [[13, 14, 15, 16, 19, 20]]];
    expect(values(ds().bucketBySequenceLength(length, [4, 7], [2, 2, 2], null, -1, true))).toEqual(padded);
    expect(values(ds().bucketBySequenceLength(length, [4, 7], [2, 2, 2], null, -1, true, false, true, 'buckets'))).toEqual(padded.slice(0, 2));
    expect(values(ds().apply(tf.data.experimental.bucketBySequenceLength(length, [4, 7], [2, 2, 2], null, -1, true, false, true)))).toEqual(padded.slice(0, 2));
    expect(values(ds().bucketBySequenceLength(length, [4, 7], [2, 2, 2], null, -1, true))).toEqual(values(ds().bucketBySequenceLength(length, [4, 7], [2, 2, 2], { paddingValues: -1, padToBucketBoundary: true })));
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => ds().bucketBySequenceLength(length, [4, 7], [2, 2, 2], null, -1, true, false, true, 'b', 0)).toThrow(/at most 6 are taken/);
  });
});

describe('sources: from_tensor_slices, from_tensors, range, zip, from_generator, list_files', () => {
  it('from_tensor_slices(tensors, name) and from_tensors(tensors, name), a dict of tensors included', () => {
    expect(values(D.fromTensorSlices([1, 2, 3], 'slices'))).toEqual([1, 2, 3]);
    expect(values(D.fromTensorSlices({ a: [1, 2], b: [3, 4] }, 'slices'))).toEqual([{ a: 1, b: 3 }, { a: 2, b: 4 }]);
    expect(values(D.fromTensorSlices({ a: [1, 2], b: [3, 4] }, { name: 'slices' }))).toEqual([{ a: 1, b: 3 }, { a: 2, b: 4 }]);
    expect(values(D.fromTensors([1, 2, 3], 'one'))).toEqual([[1, 2, 3]]);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.fromTensorSlices([1, 2, 3], 'slices', 'extra')).toThrow(/Dataset.fromTensorSlices: got 2 optional arguments where at most 1 are taken/);
    expect(() => D.fromTensors({ a: [1] }, { a: [2] } as never)).toThrow(/unknown option 'a'/);
  });

  it('range(*args, output_type, name): the keyword arguments after the bounds (TensorFlow\'s examples)', () => {
    expect(values(D.range(2, 5, { outputType: 'int32', name: 'r' }))).toEqual([2, 3, 4]);
    const floats = D.range(1, 5, 2, { outputType: 'float32' });
    expect(values(floats)).toEqual([1, 3]);
    expect(floats.elementSpec.dtype).toBe('float32');
    expect(() => D.range(1, 5, 2, 1 as never)).toThrow(/takes stop, start and stop, or start, stop and step; got 4 arguments/);
    expect(() => D.range(5, { outputType: 'bool' } as never)).toThrow(/outputType must be/);
  });

  it('zip(*args, datasets, name)', () => {
    const [a, b] = [D.range(1, 4), D.range(4, 7)];
    expect(values(D.zip(a, b, { name: 'zipped' } as never))).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(values(D.zip({ datasets: [a, b] } as never))).toEqual([[1, 4], [2, 5], [3, 6]]);
    // a dict of datasets is still a dict, whatever its keys
    expect(values(D.zip({ name: a, datasets: b }))).toEqual([{ name: 1, datasets: 4 }, { name: 2, datasets: 5 }, { name: 3, datasets: 6 }]);
    expect(() => D.zip(a, { datasets: [b] } as never)).toThrow(/either positionally or as the `datasets` keyword argument/);
  });

  it('from_generator(generator, output_types, output_shapes, args, output_signature, name)', () => {
    function* upTo(n: number) {
      for (let i = 0; i < n; i++) yield i * i;
    }
    const spec = new tf.TensorSpec([], 'int32');
    expect(values(D.fromGenerator(upTo as never, null, null, [4], spec, 'squares'))).toEqual([0, 1, 4, 9]);
    expect(values(D.fromGenerator(upTo as never, null, null, [4], spec))).toEqual(values(D.fromGenerator(upTo as never, { outputSignature: spec, args: [4] })));
    // gradtape has only output_signature: the deprecated output_types and output_shapes are refused.
    expect(() => D.fromGenerator(upTo as never, 'int32' as never, null, [4], spec)).toThrow(/does not support TensorFlow's argument outputTypes/);
    expect(() => D.fromGenerator(upTo as never, null, [] as never, [4], spec)).toThrow(/does not support TensorFlow's argument outputShapes/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.fromGenerator(upTo, null, null, [4], spec, 'g', 1)).toThrow(/at most 5 are taken/);
  });

  it('list_files(file_pattern, shuffle, seed, name)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradtape-positional-'));
    const names = ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv', 'f.csv'];
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'x\n');
    const pattern = path.join(dir, '*.csv');
    const basenames = (ds: tf.data.Dataset<string>) => [...ds].map((p) => path.basename(p));
    expect(basenames(D.listFiles(pattern, false))).toEqual(names);
    const seeded = basenames(D.listFiles(pattern, true, 5, 'files'));
    expect(basenames(D.listFiles(pattern, null, 5))).toEqual(seeded);
    expect(basenames(D.listFiles(pattern, { shuffle: true, seed: 5 }))).toEqual(seeded);
    expect([...seeded].sort()).toEqual(names);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.listFiles(pattern, false, 5, 'f', 1)).toThrow(/at most 3 are taken/);
  });
});

describe('sample_from_datasets and choose_from_datasets', () => {
  it('sample_from_datasets(datasets, weights, seed, stop_on_empty_dataset, rerandomize_each_iteration)', () => {
    const make = () => [D.range(0, 10, 2), D.range(1, 10, 2)];
    const positional = values(D.sampleFromDatasets(make(), [0.5, 0.5], 3));
    expect(values(D.sampleFromDatasets(make(), { weights: [0.5, 0.5], seed: 3 }))).toEqual(positional);
    expect([...positional].sort((a, b) => Number(a) - Number(b))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // weights [1, 0] and stop_on_empty_dataset: only the first dataset's elements, then the end
    expect(values(D.sampleFromDatasets(make(), [1, 0], 3, true))).toEqual([0, 2, 4, 6, 8]);
    expect(values(D.sampleFromDatasets(make(), null, 3, false, false))).toEqual(values(D.sampleFromDatasets(make(), { seed: 3 })));
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.sampleFromDatasets(make(), null, 3, false, false, 1)).toThrow(/at most 4 are taken/);
  });

  it('choose_from_datasets(datasets, choice_dataset, stop_on_empty_dataset)', () => {
    const datasets = () => [D.fromTensors(1), D.fromTensors(2).repeat()];
    const choices = () => D.fromTensorSlices(tf.constant([0, 0, 1], 'int32'));
    expect(values(D.chooseFromDatasets(datasets(), choices()))).toEqual([1]);
    expect(values(D.chooseFromDatasets(datasets(), choices(), true))).toEqual([1]);
    expect(values(D.chooseFromDatasets(datasets(), choices(), false))).toEqual([1, 2]);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.chooseFromDatasets(datasets(), choices(), false, 'c')).toThrow(/at most 1 are taken/);
  });
});

describe('the methods whose only optional argument is name', () => {
  it('take the name positionally, and give TensorFlow\'s documented elements', () => {
    expect(values(D.range(10).take(3, 'head'))).toEqual([0, 1, 2]);
    expect(values(D.range(10).skip(7, 'tail'))).toEqual([7, 8, 9]);
    expect(values(D.fromTensorSlices([1, 2, 3]).repeat(3, 'repeated'))).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    expect(values(D.fromTensorSlices([1, 2, 3]).enumerate(5, 'counted'))).toEqual([[5, 1], [6, 2], [7, 3]]);
    expect(values(D.range(10).shard(3, 1, 'worker'))).toEqual([1, 4, 7]);
    expect(values(D.range(1, 4).concatenate(D.range(4, 8), 'both'))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(values(D.range(3).prefetch(2, 'ahead'))).toEqual([0, 1, 2]);
    expect(values(D.range(5).map((x) => x.square()).cache('', 'memo'))).toEqual([0, 1, 4, 9, 16]);
    expect(values(D.fromTensors([[1, 2], [3, 4]]).unbatch('rows'))).toEqual([[1, 2], [3, 4]]);
    expect(values(D.fromTensorSlices(tf.constant([1, 37, 2, 37, 2, 1], 'int32')).unique('distinct'))).toEqual([1, 37, 2]);
    expect(D.range(5).reduce(tf.constant(0, 'int32'), (sum, x) => sum.add(x), 'total').item()).toBe(10);
    const scanned = D.range(10).scan(tf.constant(0, 'int32'), (state, i) => [state.add(i), state.add(i)], 'running');
    expect(values(scanned)).toEqual([0, 1, 3, 6, 10, 15, 21, 28, 36, 45]);
  });

  it('repeat(None) repeats forever and repeat(count, name) counts; take the name in an options object too', () => {
    expect(values(D.range(2).repeat(null, 'forever').take(5))).toEqual([0, 1, 0, 1, 0]);
    expect(values(D.range(10).take(3, { name: 'head' }))).toEqual([0, 1, 2]);
    expect(values(D.range(2).repeat({ count: 2, name: 'twice' }))).toEqual([0, 1, 0, 1]);
    expect(values(D.range(3).enumerate({ start: 1 }))).toEqual([[1, 0], [2, 1], [3, 2]]);
  });

  it('refuse a second optional argument', () => {
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).take(3, 'head', 'extra')).toThrow(/Dataset.take: got 2 optional arguments where at most 1 are taken \(name, in TensorFlow's order\)/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).skip(3, 'tail', 1)).toThrow(/Dataset.skip: got 2 optional arguments/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).repeat(2, 'r', 3)).toThrow(/Dataset.repeat: got 3 optional arguments where at most 2 are taken/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).shard(3, 1, 'w', 0)).toThrow(/Dataset.shard: got 2 optional arguments/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).enumerate(0, 'e', 1)).toThrow(/Dataset.enumerate: got 3 optional arguments/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).prefetch(1, 'p', 1)).toThrow(/Dataset.prefetch: got 2 optional arguments/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).unbatch('u', 1)).toThrow(/Dataset.unbatch: got 2 optional arguments/);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => D.range(10).cache('', 'c', 1)).toThrow(/Dataset.cache: got 3 optional arguments/);
    expect(() => D.range(10).cache('/tmp/file', 'c')).toThrow(/caching to a file is not supported/);
  });
});

describe('readers: TextLineDataset and TFRecordDataset(filenames, compression_type, buffer_size, num_parallel_reads, name)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gradtape-positional-readers-'));
  const first = path.join(dir, 'first.txt');
  const second = path.join(dir, 'second.txt');
  fs.writeFileSync(first, 'the cow\njumped over\nthe moon\n');
  fs.writeFileSync(second, 'jack and jill\nwent up\nthe hill\n');

  it('reads the files in turn, or num_parallel_reads at a time interleaved', () => {
    expect(values(new tf.data.TextLineDataset([first, second], null, 4, null, 'lines'))).toEqual(['the cow', 'jumped over', 'the moon', 'jack and jill', 'went up', 'the hill']);
    const parallel = ['the cow', 'jack and jill', 'jumped over', 'went up', 'the moon', 'the hill'];
    expect(values(new tf.data.TextLineDataset([first, second], null, null, 2))).toEqual(parallel);
    expect(values(new tf.data.TextLineDataset([first, second], '', 0, 2, 'lines'))).toEqual(values(new tf.data.TextLineDataset([first, second], { numParallelReads: 2 })));
  });

  it('takes the compression type positionally, and refuses too many arguments', () => {
    const records = path.join(dir, 'records.tfrecord.gz');
    const writer = new tf.io.TFRecordWriter(records, 'GZIP');
    writer.write('a');
    writer.write('b');
    writer.close();
    const decoded = (ds: tf.data.Dataset<Uint8Array>) => values(ds).map((r) => new TextDecoder().decode(r));
    expect(decoded(new tf.data.TFRecordDataset(records, 'GZIP', 1, 1, 'records'))).toEqual(['a', 'b']);
    // @ts-expect-error: more arguments than TensorFlow takes
    expect(() => new tf.data.TFRecordDataset(records, 'GZIP', null, null, 'r', 1)).toThrow(/TFRecordDataset: got 5 optional arguments where at most 4 are taken/);
    expect(() => new tf.data.TextLineDataset(first, 'GZIP', -3)).toThrow(/bufferSize must be a non-negative integer/);
  });
});
