// tf.data grouping: groupByWindow, bucketBySequenceLength (and tf.data.experimental's forms for
// `apply`), and paddedBatch's paddedShapes, against TensorFlow's docstring outputs and
// group_by_window_test.py, with TensorFlow's errors.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];
// The sequences of TensorFlow's bucket_by_sequence_length docstring.
const ELEMENTS = [[0], [1, 2, 3, 4], [5, 6, 7], [7, 8, 9, 10, 11], [13, 14, 15, 16, 19, 20], [21, 22]];
const sequences = () => tf.data.Dataset.fromGenerator(() => ELEMENTS.values(), { outputSignature: new tf.TensorSpec([null], 'int32') });
const lengthOf = (x: tf.Tensor) => tf.shape(x).gather(0);

describe('groupByWindow', () => {
  it('gives TensorFlow\'s docstring output: full windows as they fill', () => {
    const ds = tf.data.Dataset.range(10).groupByWindow((x) => x.mod(2), (_key, window) => window.batch(5), { windowSize: 5 });
    expect(values(ds)).toEqual([[0, 2, 4, 6, 8], [1, 3, 5, 7, 9]]);
    expect(ds.cardinality().item()).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('reduces the windows left at the end in increasing key order (group_by_window_test.py)', () => {
    const components = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0];
    const ds = tf.data.Dataset.fromTensorSlices(tf.constant(components, 'int32')).groupByWindow((x) => x.mod(2), (_k, xs) => xs.batch(4), { windowSize: 4 });
    expect(values(ds)).toEqual([[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0], [1]]);
    // Keys 3, -1 and 0, none full: their windows come out in key order, negative first.
    const keyed = tf.data.Dataset.fromTensorSlices(tf.constant([3, -1, 0, 3, -1], 'int32')).groupByWindow((x) => x, (_k, xs) => xs.batch(10), { windowSize: 5 });
    expect(values(keyed)).toEqual([[-1, -1], [0], [3, 3]]);
  });

  it('asks windowSizeFunc once per key, passes the key to reduceFunc, and reads each reduced dataset out before going on', () => {
    const asked: number[] = [];
    const ds = tf.data.Dataset.range(9).groupByWindow(
      (x) => x.item() % 3,
      (key, window) => window.batch(10).map((b) => tf.concat([tf.reshape(key, [1]), b], 0)),
      { windowSizeFunc: (key) => (asked.push(key.item()), key.item() + 1) },
    );
    // Key 0 fills at once (size 1) each time; key 1 (size 2) after 1 and 4; key 2 (size 3) after 2, 5, 8.
    expect(values(ds)).toEqual([[0, 0], [0, 3], [1, 1, 4], [0, 6], [2, 2, 5, 8], [1, 7]]);
    expect(asked).toEqual([0, 1, 2]);
    expect(values(ds)).toEqual(values(ds)); // every pass starts afresh
  });

  it('works on tuple elements, the key function taking the components as arguments', () => {
    const ds = tf.data.Dataset.fromTensorSlices([tf.constant([1, 2, 3, 4], 'int32'), tf.constant([10, 20, 30, 40], 'int32')]);
    const grouped = ds.groupByWindow((a, _b) => a.greater(2).cast('int32'), (_k, w) => w.batch(2), { windowSize: 2 });
    expect(values(grouped)).toEqual([[[1, 2], [10, 20]], [[3, 4], [30, 40]]]);
    expect(grouped.elementSpec.map(String)).toEqual(['TensorSpec(shape=(None,), dtype=tf.int32, name=None)', 'TensorSpec(shape=(None,), dtype=tf.int32, name=None)']);
  });

  it('refuses bad arguments with TensorFlow\'s errors', () => {
    const ds = tf.data.Dataset.range(4);
    const batch2 = (_k: tf.Tensor, w: tf.data.Dataset<tf.Tensor>) => w.batch(2);
    expect(() => ds.groupByWindow((x) => x, batch2)).toThrow('Either the `windowSize` option or the `windowSizeFunc` option must be specified.');
    expect(() => ds.groupByWindow((x) => x, batch2, { windowSize: 2, windowSizeFunc: () => 2 })).toThrow('Either the `windowSize`');
    expect(() => values(ds.groupByWindow((x) => x, batch2, { windowSize: 0 }))).toThrow('Window size must be greater than zero, but got 0.');
    expect(() => values(ds.groupByWindow((x) => x.cast('float32'), batch2, { windowSize: 2 }))).toThrow('Invalid `keyFunc`. `keyFunc` must return a single integer scalar');
    expect(() => values(ds.groupByWindow(() => 0, () => [1, 2] as never, { windowSize: 2 }))).toThrow('`reduceFunc` must return a `tf.data.Dataset` object');
    expect(() => ds.groupByWindow((x) => x, batch2, { windowSize: 2, size: 3 } as never)).toThrow(/unknown option/i);
  });
});

describe('bucketBySequenceLength', () => {
  it('gives TensorFlow\'s docstring output: buckets [0, 3), [3, 5), [5, inf) by 2', () => {
    const ds = sequences().bucketBySequenceLength(lengthOf, [3, 5], [2, 2, 2]);
    expect(values(ds)).toEqual([
      [[1, 2, 3, 4], [5, 6, 7, 0]],
      [[7, 8, 9, 10, 11, 0], [13, 14, 15, 16, 19, 20]],
      [[0, 0], [21, 22]],
    ]);
  });

  it('pads to the bucket boundary with paddingValues, through tf.data.experimental and apply (docstring)', () => {
    const bucket = (dropRemainder: boolean) =>
      sequences().apply(tf.data.experimental.bucketBySequenceLength(lengthOf, [4, 7], [2, 2, 2], { padToBucketBoundary: true, paddingValues: -1, dropRemainder }));
    expect(values(bucket(false))).toEqual([
      [[0, -1, -1], [5, 6, 7]],
      [[1, 2, 3, 4, -1, -1], [7, 8, 9, 10, 11, -1]],
      [[21, 22, -1]],
      [[13, 14, 15, 16, 19, 20]],
    ]);
    expect(values(bucket(true))).toEqual([
      [[0, -1, -1], [5, 6, 7]],
      [[1, 2, 3, 4, -1, -1], [7, 8, 9, 10, 11, -1]],
    ]);
  });

  it('tells its elementSpec as TensorFlow traces it: batches of unknown size, lengths unknown', () => {
    const spec = (options: tf.BucketBySequenceLengthOptions) => String(sequences().bucketBySequenceLength(lengthOf, [3, 5], [2, 2, 2], options).elementSpec);
    expect(spec({})).toBe('TensorSpec(shape=(None, None), dtype=tf.int32, name=None)');
    expect(spec({ padToBucketBoundary: true, dropRemainder: true })).toBe('TensorSpec(shape=(None, None), dtype=tf.int32, name=None)');
    expect(spec({ paddedShapes: [8] })).toBe('TensorSpec(shape=(None, 8), dtype=tf.int32, name=None)');
    const rows = tf.data.Dataset.fromGenerator(() => [tf.ones([1, 2])].values(), { outputSignature: new tf.TensorSpec([null, 2], 'float32') });
    expect(String(rows.bucketBySequenceLength(lengthOf, [5], [2, 2], { noPadding: true }).elementSpec)).toBe('TensorSpec(shape=(None, None, 2), dtype=tf.float32, name=None)');
  });

  it('refuses an element past the last boundary when padding to boundaries', () => {
    const ds = sequences().bucketBySequenceLength(lengthOf, [3, 5], [2, 2, 2], { padToBucketBoundary: true });
    expect(() => values(ds)).toThrow('When padToBucketBoundary is true, elements must have length < max(bucketBoundaries).');
  });

  it('batches without padding (noPadding), and pads only the unknown axes to the boundary', () => {
    const same = tf.data.Dataset.range(6).map((x) => tf.fill([2], x.item()));
    const batched = same.bucketBySequenceLength((x) => (x.gather(0).item() % 2 === 0 ? 1 : 10), [5], [2, 3], { noPadding: true });
    expect(values(batched)).toEqual([[[0, 0], [2, 2]], [[1, 1], [3, 3], [5, 5]], [[4, 4]]]);
    // Rows of 2 features: the sequence axis pads to 4 (boundary 5 - 1), the feature axis stays 2.
    const rows = tf.data.Dataset.fromGenerator(() => [tf.ones([1, 2]), tf.ones([3, 2])].values(), { outputSignature: new tf.TensorSpec([null, 2], 'float32') });
    const padded = rows.bucketBySequenceLength(lengthOf, [5], [2, 2], { padToBucketBoundary: true });
    const [only] = [...padded];
    expect(only!.shape).toEqual([2, 4, 2]);
    expect(only!.sum().item()).toBe(8);
  });

  it('refuses bucketBatchSizes of the wrong length with TensorFlow\'s error', () => {
    expect(() => sequences().bucketBySequenceLength(lengthOf, [3, 5], [2, 2])).toThrow(
      '`bucketBatchSizes.length` must equal `bucketBoundaries.length + 1` but `bucketBatchSizes.length=2` and `bucketBoundaries.length=2`.',
    );
    expect(() => sequences().bucketBySequenceLength(lengthOf, [3.5], [2, 2])).toThrow('bucketBoundaries must be an array of integers');
  });
});

describe('paddedBatch paddedShapes', () => {
  const ragged = () => tf.data.Dataset.range(1, 4).map((n) => tf.fill([n.item()], n.item()));

  it('pads fixed lengths to the given length and null (or -1) ones to the batch\'s largest', () => {
    expect(values(ragged().paddedBatch(2, { paddedShapes: [4] }))).toEqual([[[1, 0, 0, 0], [2, 2, 0, 0]], [[3, 3, 3, 0]]]);
    expect(values(ragged().paddedBatch(2, { paddedShapes: [-1] }))).toEqual([[[1, 0], [2, 2]], [[3, 3, 3]]]);
    expect(values(ragged().paddedBatch(3, { paddedShapes: new tf.TensorShape([null]) }))).toEqual([[[1, 0, 0], [2, 2, 0], [3, 3, 3]]]);
    const spec = ragged().paddedBatch(2, { paddedShapes: [4], dropRemainder: true }).elementSpec;
    expect(String(spec)).toBe('TensorSpec(shape=(2, 4), dtype=tf.float32, name=None)');
  });

  it('takes a shape per component of tuple and dict elements', () => {
    const pairs = tf.data.Dataset.range(1, 3).map((n) => [tf.fill([n.item()], 1), tf.fill([n.item(), 2], 2)]);
    const out = values(pairs.paddedBatch(2, { paddedShapes: [[3], [null, 3]] }));
    expect(out).toEqual([[[[1, 0, 0], [1, 1, 0]], [[[2, 2, 0], [0, 0, 0]], [[2, 2, 0], [2, 2, 0]]]]]);
    const dicts = tf.data.Dataset.range(1, 3).map((n) => ({ a: tf.fill([n.item()], 1) }));
    expect(values(dicts.paddedBatch(2, { paddedShapes: { a: [2] } }))).toEqual([{ a: [[1, 0], [1, 1]] }]);
    expect(() => values(dicts.paddedBatch(2, { paddedShapes: { b: [2] } }))).toThrow('paddedShapes has no entry a');
  });

  it('refuses a length shorter than an element, and shapes of another rank, with TensorFlow\'s errors', () => {
    expect(() => values(ragged().paddedBatch(2, { paddedShapes: [2] }))).toThrow('Attempted to pad to a smaller size than the input element.');
    const fixed = tf.data.Dataset.fromTensorSlices(tf.zeros([4, 3]));
    expect(() => values(fixed.paddedBatch(2, { paddedShapes: [2] }))).toThrow('The padded shape (2,) is not compatible with the shape (3,) of the corresponding input component.');
    expect(() => values(fixed.paddedBatch(2, { paddedShapes: [3, 1] }))).toThrow('not compatible');
    expect(() => values(ragged().paddedBatch(2, { paddedShapes: [2.5] }))).toThrow('invalid dimension 2.5');
  });
});

describe('apply', () => {
  it('chains a transformation function and insists on a dataset back', () => {
    const ds = tf.data.Dataset.range(6).apply((d) => d.skip(2)).apply(tf.data.experimental.groupByWindow((x) => x.mod(2), (_k, w) => w.batch(2), { windowSize: 2 }));
    expect(values(ds)).toEqual([[2, 4], [3, 5]]);
    expect(() => tf.data.Dataset.range(2).apply(() => 3 as never)).toThrow('Dataset.apply: `transformationFunc` must return a `tf.data.Dataset` object, got 3.');
  });
});
