// tf.data.Dataset: each source and transformation against values computed by hand, the
// cardinalities and element specs TensorFlow gives, TensorFlow's errors, shuffle's properties,
// and bounded memory over many passes.
import * as tf from 'gradtape';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const X = [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]];
const Y = [10, 20, 30, 40, 50];
const card = (ds: tf.data.Dataset<unknown>): number => ds.cardinality().item();
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];
/** The built package, for a child node process. */
const entry = new URL('../dist/index.mjs', import.meta.url).href;

describe('sources', () => {
  it('fromTensorSlices slices a tensor, a tuple and a dict along axis 0', () => {
    expect(values(tf.data.Dataset.fromTensorSlices(tf.constant(X)))).toEqual(X);
    expect(values(tf.data.Dataset.fromTensorSlices([tf.constant(X), tf.constant(Y)]))).toEqual(X.map((row, i) => [row, Y[i]]));
    expect(values(tf.data.Dataset.fromTensorSlices({ x: X, y: Y }))).toEqual(X.map((row, i) => ({ x: row, y: Y[i] })));
    // A JS array of numbers is one tensor, as a Python list.
    expect(values(tf.data.Dataset.fromTensorSlices([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
    const tensors = [...tf.data.Dataset.fromTensorSlices([tf.constant(X), tf.constant(Y, 'int32')])];
    expect(tensors[0]![0]).toBeInstanceOf(tf.Tensor);
    expect([tensors[0]![0]!.shape, tensors[0]![1]!.shape, tensors[0]![1]!.dtype]).toEqual([[2], [], 'int32']);
  });

  it('fromTensorSlices refuses mismatched first dimensions and scalars with TensorFlow\'s errors', () => {
    expect(() => tf.data.Dataset.fromTensorSlices([tf.zeros([3, 2]), tf.zeros([2])])).toThrow('Dataset.fromTensorSlices: Dimensions 3 and 2 are not compatible');
    expect(() => tf.data.Dataset.fromTensorSlices({ a: [1, 2, 3], b: [1, 2] })).toThrow('Dimensions 3 and 2 are not compatible');
    expect(() => tf.data.Dataset.fromTensorSlices(tf.constant(1))).toThrow('Unbatching a tensor is only supported for rank >= 1');
    expect(() => tf.data.Dataset.fromTensorSlices([[1, 2], [3]])).toThrow(/ragged.*pass tensors: \[tf.constant\(x\), tf.constant\(y\)\]/);
  });

  it('fromTensors gives one element; range gives int32 scalars with range()\'s arguments', () => {
    const one = tf.data.Dataset.fromTensors([tf.constant(X), tf.constant(Y)]);
    expect(values(one)).toEqual([[X, Y]]);
    expect(card(one)).toBe(1);
    expect(values(tf.data.Dataset.range(4))).toEqual([0, 1, 2, 3]);
    expect(values(tf.data.Dataset.range(2, 5))).toEqual([2, 3, 4]);
    expect(values(tf.data.Dataset.range(10, 0, -3))).toEqual([10, 7, 4, 1]);
    expect(values(tf.data.Dataset.range(5, 2))).toEqual([]);
    expect(tf.data.Dataset.range(3).elementSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.int32, name=None)');
    expect(() => tf.data.Dataset.range(0, 5, 0)).toThrow('step must be a non-zero integer.');
  });

  it('zip pairs elements as tuples or dicts, as long as the shortest', () => {
    const a = tf.data.Dataset.range(5);
    const b = tf.data.Dataset.fromTensorSlices(Y.slice(0, 3));
    expect(values(tf.data.Dataset.zip(a, b))).toEqual([[0, 10], [1, 20], [2, 30]]);
    expect(values(tf.data.Dataset.zip([a, b]))).toEqual([[0, 10], [1, 20], [2, 30]]);
    expect(values(tf.data.Dataset.zip({ i: a, y: b }))).toEqual([{ i: 0, y: 10 }, { i: 1, y: 20 }, { i: 2, y: 30 }]);
    expect(card(tf.data.Dataset.zip(a, b))).toBe(3);
    expect(card(tf.data.Dataset.zip(a.repeat(), b))).toBe(3);
    expect(card(tf.data.Dataset.zip(a.filter(() => true), b))).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('fromGenerator checks the yielded elements against outputSignature', () => {
    function* gen(n: number) { for (let i = 0; i < n; i++) yield { v: [i, i + 1] }; }
    const ds = tf.data.Dataset.fromGenerator(gen, { outputSignature: { v: new tf.TensorSpec([2], 'float32') }, args: [3] });
    expect(values(ds)).toEqual([{ v: [0, 1] }, { v: [1, 2] }, { v: [2, 3] }]);
    expect(card(ds)).toBe(-2);
    const bad = tf.data.Dataset.fromGenerator(() => [[1, 2, 3]], { outputSignature: new tf.TensorSpec([2]) });
    expect(() => values(bad)).toThrow('`generator` yielded an element of shape (3,) where an element of shape (2,) was expected.');
  });
});

describe('transformations', () => {
  const pairs = () => tf.data.Dataset.fromTensorSlices([tf.constant(X), tf.constant(Y)]);

  it('map unpacks tuples into arguments and takes dicts whole', () => {
    expect(values(pairs().map((x, y) => x.sum().add(y)))).toEqual(X.map((row, i) => row[0]! + row[1]! + Y[i]!));
    expect(values(tf.data.Dataset.fromTensorSlices({ x: X, y: Y }).map((d) => [d.y, d.x]))).toEqual(X.map((row, i) => [Y[i], row]));
    expect(values(tf.data.Dataset.range(3).map(() => 7))).toEqual([7, 7, 7]);
  });

  it('filter keeps the elements whose predicate is true (a bool tensor or a boolean)', () => {
    expect(values(pairs().filter((_x, y) => y.greater(25)).map((_x, y) => y))).toEqual([30, 40, 50]);
    expect(values(tf.data.Dataset.range(6).filter((x) => x.item() % 2 === 1))).toEqual([1, 3, 5]);
    expect(() => values(tf.data.Dataset.range(3).filter((x) => x as never))).toThrow('`predicate` must return a `tf.bool` scalar tensor, but its return type is TensorSpec(shape=(), dtype=tf.int32, name=None).');
  });

  it('batch stacks consecutive elements; the last batch is smaller unless dropRemainder', () => {
    const b = [...pairs().batch(2)];
    expect(b.map(([x, y]) => [x.arraySync(), y.arraySync()])).toEqual([[X.slice(0, 2), Y.slice(0, 2)], [X.slice(2, 4), Y.slice(2, 4)], [X.slice(4), Y.slice(4)]]);
    expect(values(pairs().batch(2, { dropRemainder: true })).map(([x]) => (x as number[][]).length)).toEqual([2, 2]);
    expect(values(pairs().batch(2, true)).length).toBe(2);
    expect([card(pairs().batch(2)), card(pairs().batch(2, { dropRemainder: true })), card(pairs().batch(5)), card(pairs().batch(7, true))]).toEqual([3, 2, 1, 0]);
    expect(() => pairs().batch(0)).toThrow('Dataset.batch: Batch size must be greater than zero.');
    expect(() => pairs().batch(1.5)).toThrow('batchSize must be an integer');
    expect(() => values(tf.data.Dataset.range(1, 3).map((n) => tf.zeros([n.item()])).batch(2))).toThrow(
      'Cannot batch tensors with different shapes in component 0. First element had shape [1] and element 1 had shape [2].',
    );
  });

  it('elementSpec has a null batch dimension unless dropRemainder', () => {
    const [x, y] = pairs().elementSpec;
    expect([x.shape, x.dtype, y.shape]).toEqual([[2], 'float32', []]);
    const [bx, by] = pairs().batch(2).elementSpec;
    expect([bx.shape, by.shape]).toEqual([[null, 2], [null]]);
    const [dx] = pairs().batch(2, { dropRemainder: true }).elementSpec;
    expect(dx.shape).toEqual([2, 2]);
    expect(pairs().batch(2).map((x2, y2) => ({ s: x2.sum(1).add(y2) })).elementSpec.s.shape).toEqual([null]);
    expect(String(pairs().batch(2).unbatch().elementSpec)).toBe(String(pairs().elementSpec));
  });

  it('unbatch undoes batch; paddedBatch pads to the longest in each batch', () => {
    expect(values(pairs().batch(2).unbatch())).toEqual(values(pairs()));
    expect(card(pairs().batch(2, true).unbatch())).toBe(4);
    expect(card(pairs().batch(2).unbatch())).toBe(-2);
    const ragged = tf.data.Dataset.range(1, 4).map((n) => tf.fill([n.item()], n.item()));
    expect(values(ragged.paddedBatch(2, { paddingValues: -1 }))).toEqual([[[1, -1], [2, 2]], [[3, 3, 3]]]);
  });

  it('paddedBatch takes a batch too large to spread into Math.max', () => {
    // Math.max(...values) overflows the default stack at about 150,000 values, a batch of
    // 150,000 tensors takes minutes; with a V8 stack of 100 KB it overflows at about 15,000.
    const n = 20_000;
    const script = `
      import * as tf from ${JSON.stringify(entry)};
      const lengths = tf.data.Dataset.range(${n}).map((i) => tf.fill([i.item() === 7 ? 2 : 1], 1));
      const [batch] = [...lengths.paddedBatch(${n})];
      console.log(JSON.stringify([batch.shape, batch.slice([6, 0], [2, 2]).arraySync()]));`;
    const printed = execFileSync(process.execPath, ['--stack-size=100', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(printed)).toEqual([[n, 2], [[1, 0], [1, 1]]]);
  });

  it('repeat, take, skip, enumerate and concatenate give the elements and cardinalities TensorFlow does', () => {
    const r = tf.data.Dataset.range(3);
    expect(values(r.repeat(2))).toEqual([0, 1, 2, 0, 1, 2]);
    expect(values(r.repeat().take(7))).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(values(r.skip(1))).toEqual([1, 2]);
    expect(values(r.skip(-1))).toEqual([]);
    expect(values(r.take(-1))).toEqual([0, 1, 2]);
    expect(values(r.enumerate(5))).toEqual([[5, 0], [6, 1], [7, 2]]);
    expect(values(r.concatenate(tf.data.Dataset.range(7, 9)))).toEqual([0, 1, 2, 7, 8]);
    expect([card(r.repeat(2)), card(r.repeat()), card(r.take(0).repeat()), card(r.repeat().take(4)), card(r.take(10))]).toEqual([6, -1, 0, 4, 3]);
    expect([card(r.skip(2)), card(r.skip(5)), card(r.repeat().skip(2)), card(r.filter(() => true).take(2))]).toEqual([1, 0, -1, -2]);
    expect([card(r.enumerate()), card(r.concatenate(r)), card(r.concatenate(r.repeat())), card(r.concatenate(r.filter(() => true)))]).toEqual([3, 6, -1, -2]);
    expect(card(r.filter(() => true).repeat())).toBe(tf.data.INFINITE_CARDINALITY);
    expect(tf.data.experimental.cardinality(r.shuffle(3).batch(2).prefetch(tf.data.AUTOTUNE).cache()).item()).toBe(2);
    // An endless repeat of an empty dataset ends.
    expect(values(r.take(0).repeat())).toEqual([]);
    expect(() => r.concatenate(tf.data.Dataset.fromTensorSlices([1.5]) as never)).toThrow(/Incompatible dataset elements/);
    const [mixed] = [tf.data.Dataset.fromTensors(tf.zeros([2])).concatenate(tf.data.Dataset.fromTensors(tf.zeros([3]))).elementSpec];
    expect(mixed.shape).toEqual([null]);
  });

  it('cache keeps the first complete pass', () => {
    let calls = 0;
    const ds = tf.data.Dataset.range(4).map((x) => { calls++; return x.mul(2); }).cache();
    for (const _ of ds.take(2));
    expect(calls).toBe(2); // a partial pass caches nothing
    expect(values(ds)).toEqual([0, 2, 4, 6]);
    expect(values(ds)).toEqual([0, 2, 4, 6]);
    expect(calls).toBe(6);
    // Cached elements survive a tidy that iterated them.
    tf.tidy(() => { for (const _ of ds); });
    expect(values(ds)).toEqual([0, 2, 4, 6]);
    expect(() => ds.cache('/tmp/file')).toThrow('caching to a file is not supported');
  });

  it('reduce folds the elements', () => {
    expect(tf.data.Dataset.fromTensorSlices(Y).reduce(0, (s, y) => s.add(y)).item()).toBe(150);
    const [count, total] = tf.data.Dataset.range(5).reduce([tf.constant(0, 'int32'), tf.constant(0, 'int32')], ([n, s], x) => [n.add(1), s.add(x)]);
    expect([count.item(), total.item()]).toEqual([5, 10]);
  });
});

describe('shuffle', () => {
  const order = (ds: tf.data.Dataset<tf.Tensor>) => values(ds) as number[];
  const range = Array.from({ length: 50 }, (_, i) => i);

  it('is a permutation, deterministic for a seed, differs across passes when reshuffling and not otherwise', () => {
    const ds = tf.data.Dataset.range(50).shuffle(50, { seed: 7 });
    const first = order(ds);
    const second = order(ds);
    expect([...first].sort((a, b) => a - b)).toEqual(range);
    expect(first).not.toEqual(range);
    expect(second).not.toEqual(first);
    // The same seed replays the same sequence of passes.
    const again = tf.data.Dataset.range(50).shuffle(50, { seed: 7 });
    expect([order(again), order(again)]).toEqual([first, second]);
    expect(order(tf.data.Dataset.range(50).shuffle(50, { seed: 8 }))).not.toEqual(first);
    const fixed = tf.data.Dataset.range(50).shuffle(50, { seed: 7, reshuffleEachIteration: false });
    expect(order(fixed)).toEqual(order(fixed));
  });

  it('follows tf.random.setSeed when no op seed is given', () => {
    tf.random.setSeed(3);
    const a = tf.data.Dataset.range(30).shuffle(30);
    const b = tf.data.Dataset.range(30).shuffle(30);
    tf.random.setSeed(3);
    const a2 = tf.data.Dataset.range(30).shuffle(30);
    const b2 = tf.data.Dataset.range(30).shuffle(30);
    expect([order(a2), order(b2)]).toEqual([order(a), order(b)]);
    expect(order(a)).not.toEqual(order(b));
  });

  it('with a small buffer only mixes nearby elements (an element moves at most bufferSize - 1 earlier)', () => {
    const shuffled = order(tf.data.Dataset.range(100).shuffle(4, { seed: 1 }));
    expect([...shuffled].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    shuffled.forEach((v, position) => expect(v).toBeLessThanOrEqual(position + 3));
    expect(() => tf.data.Dataset.range(3).shuffle(0)).toThrow('buffer_size must be greater than zero.');
  });
});

describe('memory', () => {
  it('stays bounded over many passes of a shuffled, mapped, batched pipeline', () => {
    const x = tf.random.normal([256, 16], { seed: 1 });
    const y = tf.random.normal([256], { seed: 2 });
    const ds = tf.data.Dataset.fromTensorSlices([x, y]).shuffle(256, { seed: 3 }).map((a, b) => [a.mul(2), b]).batch(32);
    let sum = 0;
    const pass = () => { for (const [bx] of ds) sum += bx.shape[0]!; };
    for (let epoch = 0; epoch < 20; epoch++) pass();
    const before = tf.memory();
    for (let epoch = 0; epoch < 150; epoch++) pass();
    const after = tf.memory();
    expect(sum).toBe(170 * 256);
    expect(after.numTensors).toBeLessThan(before.numTensors + 3000);
    expect(after.wasmMemoryBytes).toBeLessThanOrEqual(before.wasmMemoryBytes + 8 * 2 ** 20);
  });
});
