// The keras.ops of test/fixtures/keras-ops-2.json beyond their fixture cases: where gradtape
// knowingly differs from Keras 3.15's TensorFlow backend (argpartition's repeated indices,
// saturate_cast's missed limits, signbit of NaN, the bools and ints its backend refuses), the
// properties that hold for any input (argpartition partitions, fold is unfold's adjoint,
// associative_scan equals the sequential scan, depth_to_space inverts space_to_depth,
// cholesky_inverse inverts, isreal/real/imag/conj/angle of real tensors), segment_prod's count
// read from its ids (eager only), the NaN gradients Keras gives (sinc at 0, cdist at a zero
// distance), defaults, and the messages for bad arguments.
import { afterEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { thrown } from './helpers/thrown';

const o = tf.keras.ops;
const i32 = (v: unknown) => tf.constant(v as number[], 'int32');
const values = (t: tf.Tensor) => t.arraySync();

/** A deterministic pseudo-random array of n values in [-1, 1) (a linear congruential generator). */
function noise(n: number, seed: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1;
  });
}

describe('keras.ops.argpartition', () => {
  /** Entry kth of each row is the kth smallest, nothing larger before it, nothing smaller after; the indices are a permutation. */
  function expectPartition(x: number[][], kth: number, out: number[][]) {
    x.forEach((row, r) => {
      const idx = out[r]!;
      expect([...idx].sort((a, b) => a - b)).toEqual(row.map((_, i) => i));
      const pivot = [...row].sort((a, b) => a - b)[kth]!;
      expect(row[idx[kth]!]).toBe(pivot);
      idx.slice(0, kth).forEach((i) => expect(row[i]!).toBeLessThanOrEqual(pivot));
      idx.slice(kth + 1).forEach((i) => expect(row[i]!).toBeGreaterThanOrEqual(pivot));
    });
  }

  it('partitions where Keras\' TensorFlow backend repeats an index (negative entries): the kth + 1 smallest ascending, then the rest from the largest down', () => {
    // Keras 3.15 (TensorFlow): [1, 3, 0, 2, 1]; its top_k of the rest reads the bottom entries as 0.
    expect(values(o.argpartition(i32([3, -4, 2, -1, 0]), 1))).toEqual([1, 3, 0, 2, 4]);
    expect(values(o.argpartition(i32([[-3, -4, 2], [0, -1, -7]]), 0))).toEqual([[1, 2, 0], [2, 0, 1]]);
  });

  it('counts a negative kth from the end (NumPy); Keras\' TensorFlow backend clips it to 0', () => {
    expect(values(o.argpartition(i32([3, 4, 2, 1]), -1))).toEqual(values(o.argpartition(i32([3, 4, 2, 1]), 3)));
    expect(values(o.argpartition(i32([3, 4, 2, 1]), -4))).toEqual([3, 1, 0, 2]);
  });

  it('compares floats as floats (Keras\' TensorFlow backend truncates them to int32 first)', () => {
    expect(values(o.argpartition(tf.constant([0.5, 0.2, 0.9]), 0))).toEqual([1, 2, 0]);
  });

  it('partitions random rows along any axis, and the flattened x for axis null', () => {
    const rows = Array.from({ length: 6 }, (_, r) => noise(9, r + 1).map((v) => Math.round(v * 5)));
    for (const kth of [0, 3, 8]) {
      expectPartition(rows, kth, values(o.argpartition(tf.constant(rows), kth)) as number[][]);
      const columns = values(o.argpartition(tf.transpose(tf.constant(rows)), kth, 0)) as number[][];
      expectPartition(rows, kth, columns[0]!.map((_, j) => columns.map((c) => c[j]!)));
    }
    const flat = rows.flat();
    expectPartition([flat], 20, [values(o.argpartition(tf.constant(rows), 20, null)) as number[]]);
  });

  it('refuses a kth outside the axis, a fractional kth and a scalar x', () => {
    expect(thrown(() => o.argpartition(i32([3, 4, 2]), 3))).toMatchObject({ name: 'ValueError', message: 'argpartition: kth 3 is out of bounds for an axis of size 3.' });
    expect(thrown(() => o.argpartition(i32([3, 4, 2]), -4)).message).toMatch(/out of bounds/);
    expect(thrown(() => o.argpartition(i32([3, 4, 2]), 1.5)).message).toBe('argpartition: kth must be an integer. Received: kth=1.5');
    expect(thrown(() => o.argpartition(tf.constant(3), 0)).message).toMatch(/at least 1-dimensional/);
    expect(thrown(() => o.argpartition(i32([[3, 4]]), 0, 2)).message).toMatch(/axis 2 is out of range/);
  });
});

describe('keras.ops.saturateCast', () => {
  it('float32 from 2³¹ up saturates to 2147483647 (Keras 3.15 on TensorFlow with NumPy 2: -2147483648), NaN gives 0', () => {
    const r = o.saturateCast(tf.constant([3e9, Infinity, 2147483648, -3e9, -Infinity, NaN, 2.7]), 'int32');
    expect([r.dtype, values(r)]).toEqual(['int32', [2147483647, 2147483647, 2147483647, -2147483648, -2147483648, 0, 2]]);
  });

  it('int32 to float32 is a plain cast (Keras 3.15 on TensorFlow with NumPy 2 gives -2147483648 for every entry)', () => {
    expect(values(o.saturateCast(i32([-3, 0, 2147483647]), 'float32'))).toEqual([-3, 0, 2147483648]);
  });

  it('passes the gradient inside the range and stops it where x is clipped', () => {
    const x = tf.constant([1e39, -2, 3], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(o.saturateCast(x, 'float32')));
    expect(values(tape.gradient(y, x) as tf.Tensor)).toEqual([0, 1, 1]);
  });

  it("refuses a dtype gradtape has not", () => {
    expect(thrown(() => o.saturateCast(tf.constant([1]), 'uint8' as tf.DType)).message).toBe(`saturateCast: dtype must be one of gradtape's dtypes ('float32', 'float64', 'int32', 'bool'), got "uint8".`);
  });
});

describe('keras.ops.signbit', () => {
  it('reads -0 as negative and NaN as positive (gradtape cannot see a NaN\'s sign bit; Keras can)', () => {
    expect(values(o.signbit(tf.constant([-0, 0, NaN, tf.neg(tf.constant(NaN)).arraySync() as number])))).toEqual([true, false, false, false]);
  });
});

describe('keras.ops.associativeScan', () => {
  const seq = (xs: number[], f: (a: number, b: number) => number) => xs.map((_, k) => xs.slice(1, k + 1).reduce(f, xs[0]!));

  it('equals the sequential scan for associative f, at every length (the recursion\'s even, odd and base cases)', () => {
    for (let n = 0; n <= 17; n++) {
      const xs = noise(n, n + 7);
      const sum = o.associativeScan((a: tf.Tensor, b: tf.Tensor) => tf.add(a, b), tf.constant(xs, 'float64'));
      const want = seq(xs, (a, b) => a + b);
      (values(sum) as number[]).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
      const max = o.associativeScan((a: tf.Tensor, b: tf.Tensor) => tf.maximum(a, b), tf.constant(xs), true);
      expect(values(max)).toEqual(seq([...xs].map(Math.fround).reverse(), (p, q) => Math.max(p, q)).reverse());
    }
  });

  it('runs a linear recurrence h = a·h + b as pairs, with gradients equal to the sequential loop\'s', () => {
    const a = tf.constant(noise(11, 3).map((v) => 0.8 + 0.3 * v), 'float64');
    const b = tf.constant(noise(11, 4), 'float64');
    const combine = ([x, y]: tf.Tensor[], [u, v]: tf.Tensor[]) => [tf.mul(x!, u!), tf.add(tf.mul(u!, y!), v!)];
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([a, b]);
    const [, h] = tape.record(() => o.associativeScan(combine, [a, b])) as tf.Tensor[];
    const loss = tape.record(() => tf.reduceSum(tf.mul(h!, tf.range(1, 12, 1, 'float64'))));
    const sequential = tape.record(() => {
      const hs: tf.Tensor[] = [];
      let state = tf.constant(0, 'float64');
      for (let k = 0; k < 11; k++) hs.push((state = tf.add(tf.mul(tf.gather(a, k), state), tf.gather(b, k))));
      return tf.reduceSum(tf.mul(tf.stack(hs), tf.range(1, 12, 1, 'float64')));
    });
    expect(loss.arraySync()).toBeCloseTo(sequential.arraySync() as number, 12);
    const [ga, gb] = tape.gradient(loss, [a, b]) as tf.Tensor[];
    const [sa, sb] = tape.gradient(sequential, [a, b]) as tf.Tensor[];
    (values(ga!) as number[]).forEach((v, i) => expect(v).toBeCloseTo((values(sa!) as number[])[i]!, 10));
    (values(gb!) as number[]).forEach((v, i) => expect(v).toBeCloseTo((values(sb!) as number[])[i]!, 10));
  });

  it('gives back the structure of elems (an object keeps its keys), and refuses bad arguments', () => {
    const r = o.associativeScan((x: { b: tf.Tensor; a: tf.Tensor }, y: { b: tf.Tensor; a: tf.Tensor }) => ({ b: tf.add(x.b, y.b), a: tf.mul(x.a, y.a) }), { b: tf.constant([1, 2, 3]), a: tf.constant([2, 2, 2]) });
    expect(Object.keys(r)).toEqual(['b', 'a']);
    expect([values(r.b), values(r.a)]).toEqual([[1, 3, 6], [2, 4, 8]]);
    expect(thrown(() => o.associativeScan(null as never, tf.constant([1])))).toMatchObject({ name: 'TypeError', message: 'associativeScan: `f` should be a callable. Received: f=null' });
    expect(thrown(() => o.associativeScan((x: tf.Tensor[]) => x, [tf.constant([1, 2]), tf.constant([1])]))).toMatchObject({
      name: 'ValueError',
      message: 'associativeScan: Array inputs to associative_scan must have the same first dimension. (saw: [2], [1])',
    });
    expect(thrown(() => o.associativeScan((a: tf.Tensor) => a, tf.constant([1, 2]), false, 1)).message).toMatch(/axis 1 is out of range/);
  });
});

describe('keras.ops.unfold and fold', () => {
  it('fold is the adjoint of unfold: <unfold(x), y> = <x, fold(y)> for any geometry', () => {
    const geometries: [number | number[], number | number[], number | number[], number | number[]][] = [[2, 1, 0, 1], [[3, 2], [1, 2], [1, 0], [2, 1]], [3, 2, 2, 3]];
    for (const [k, d, p, s] of geometries) {
      const x = tf.reshape(tf.constant(noise(2 * 3 * 7 * 6, 11), 'float64'), [2, 3, 7, 6]);
      const cols = o.unfold(x, k, d, p, s);
      const y = tf.reshape(tf.constant(noise(cols.size, 12), 'float64'), cols.shape);
      const left = tf.reduceSum(tf.mul(cols, y)).arraySync() as number;
      const right = tf.reduceSum(tf.mul(x, o.fold(y, [7, 6], k, d, p, s))).arraySync() as number;
      expect(left).toBeCloseTo(right, 10);
    }
  });

  it('keeps bool images bool in unfold, and refuses bad arguments with their reasons', () => {
    expect(o.unfold(tf.ones([1, 1, 2, 2], 'bool'), 1).dtype).toBe('bool');
    expect(thrown(() => o.unfold(tf.ones([3, 4, 5]), 2))).toMatchObject({ name: 'ValueError', message: 'unfold: Input must be a 4D tensor. Received: input.shape=[3,4,5]' });
    expect(thrown(() => o.unfold(tf.ones([1, 1, 4, 4]), 0)).message).toBe('unfold: kernelSize must be an integer >= 1 or a pair of them, got 0.');
    expect(thrown(() => o.unfold(tf.ones([1, 1, 4, 4]), 2, 1, -1)).message).toBe('unfold: padding must be an integer >= 0 or a pair of them, got -1.');
    expect(thrown(() => o.fold(tf.ones([1, 5, 12]), [4, 5], 2)).message).toBe('fold: The second dimension of the input (5) must be divisible by kernel_size product (4).');
    expect(thrown(() => o.fold(tf.ones([1, 4, 7]), [4, 5], 2)).message).toBe('fold: the input has 7 blocks (its last dimension), but outputSize, kernelSize, dilation, padding and stride give 3·4 = 12.');
    expect(thrown(() => o.fold(tf.ones([1, 4, 12], 'bool'), [4, 5], 2)).message).toBe('fold: x must be a number tensor (its blocks are summed), got bool.');
  });
});

describe('keras.ops.adaptiveAveragePool and adaptiveMaxPool', () => {
  afterEach(() => tf.keras.backend.setImageDataFormat('channels_last'));

  it('read the data format from keras.config when none is given', () => {
    const x = tf.reshape(tf.range(0, 12, 1, 'float32'), [1, 2, 6]);
    tf.keras.backend.setImageDataFormat('channels_first');
    expect(values(o.adaptiveAveragePool(x, 2))).toEqual([[[1, 4], [7, 10]]]);
    expect(values(o.adaptiveMaxPool(x, 1, 'channels_last'))).toEqual([[[6, 7, 8, 9, 10, 11]]]);
  });

  it('refuse other ranks, output sizes and data formats', () => {
    expect(thrown(() => o.adaptiveAveragePool(tf.ones([2, 3]), 1))).toMatchObject({ name: 'ValueError', message: 'adaptiveAveragePool: adaptive_average_pool supports 1D, 2D, or 3D inputs only (rank 3 to 5), got shape [2,3].' });
    expect(thrown(() => o.adaptiveMaxPool(tf.ones([1, 4, 4, 1]), [2, 2, 2])).message).toBe('adaptiveMaxPool: outputSize must be a positive integer or 2 of them (one per spatial axis), got [2,2,2].');
    expect(thrown(() => o.adaptiveMaxPool(tf.ones([1, 4, 1]), 0)).message).toMatch(/outputSize must be a positive integer/);
    expect(thrown(() => o.adaptiveMaxPool(tf.ones([1, 4, 1]), 2, 'NHWC' as never)).message).toBe(`adaptiveMaxPool: dataFormat must be 'channels_last' or 'channels_first', got "NHWC".`);
  });
});

describe('the other new keras.ops refuse bad arguments as Keras does', () => {
  it('corrcoef, correlate and vander', () => {
    expect(thrown(() => o.corrcoef(tf.ones([2, 2, 3]))).message).toBe('corrcoef: x must be a 2-D tensor of shape (N, D) (N variables, D observations), got shape [2,2,3].');
    expect(thrown(() => o.correlate(tf.ones([3]), tf.ones([2]), 'nope' as never))).toMatchObject({ name: 'ValueError', message: `correlate: Invalid mode: "nope". Mode must be one of: 'full', 'same', 'valid'.` });
    expect(thrown(() => o.correlate(tf.ones([1, 3]), tf.ones([2]))).message).toBe('correlate: `x1` must be a 1-dimensional tensor, but received shape [1,3].');
    expect(thrown(() => o.correlate(tf.ones([3]), tf.ones([0]))).message).toBe('correlate: `x2` must not be empty.');
    expect(thrown(() => o.vander(tf.ones([1, 2]))).message).toBe('vander: Input tensor must be 1-dimensional. Received: input.shape=[1,2]');
    expect(thrown(() => o.vander(tf.ones([2]), -1)).message).toBe("vander: Argument 'N' must be nonnegative. Received: N=-1");
    expect(thrown(() => o.vander(tf.ones([2]), 1.5))).toMatchObject({ name: 'TypeError', message: 'vander: Argument `N` must be an integer. Received: N=1.5' });
  });

  it('gcd, lcm, heaviside and ldexp', () => {
    expect(thrown(() => o.gcd(tf.constant([12]), tf.constant([8])))).toMatchObject({ name: 'TypeError', message: 'gcd: Arguments to gcd must be integers. Received: x1.dtype=float32, x2.dtype=float32' });
    expect(thrown(() => o.lcm(tf.constant([true]), i32([4]))).message).toBe('lcm: Arguments to lcm must be integers. Received: x1.dtype=bool, x2.dtype=int32');
    expect(values(o.lcm(i32([4, 6]), 10))).toEqual([20, 30]);
    expect(values(o.gcd([12, 18], [8, 4]))).toEqual([4, 2]);
    expect(thrown(() => o.heaviside(tf.constant([true]), tf.constant([false]))).name).toBe('TypeError');
    expect(thrown(() => o.ldexp(tf.constant([1]), tf.constant([2])))).toMatchObject({ name: 'TypeError', message: 'ldexp: ldexp exponent must be an integer type. Received: x2 dtype=float32' });
    expect(values(o.ldexp([1, 3], [2, -1]))).toEqual([4, 1.5]);
  });

  it('geomspace and unravelIndex', () => {
    expect(thrown(() => o.geomspace(1, 16, 5, true, 'int32'))).toMatchObject({ name: 'TypeError', message: `geomspace: dtype must be a float dtype ('float32' or 'float64'), got "int32": Keras computes it with logarithms.` });
    expect(thrown(() => o.geomspace(1, 16, -1)).message).toBe('geomspace: `num` must be a non-negative integer. Received: num=-1');
    expect(thrown(() => o.unravelIndex(i32([1]), [null, 4]))).toMatchObject({ name: 'ValueError', message: 'unravelIndex: `shape` argument cannot contain `None`. Received: shape=[null,4]' });
    expect(thrown(() => o.unravelIndex(tf.constant([true]), [2])).message).toBe('unravelIndex: indices must be integers (or floats), got bool.');
    const [r, c] = o.unravelIndex(22, [4, 6]);
    expect([r!.dtype, values(r!), values(c!)]).toEqual(['int32', 3, 4]);
  });
});

describe('keras.ops erfc to cdist: where Keras\' gradients are NaN, int and bool inputs, and bad arguments', () => {
  afterEach(() => tf.keras.backend.setImageDataFormat('channels_last'));
  /** The gradients of sum(f(...xs)) with respect to xs. */
  const gradsOf = (f: (...xs: tf.Tensor[]) => tf.Tensor, ...xs: tf.Tensor[]) => {
    const tape = new tf.GradientTape({ persistent: true });
    xs.forEach((x) => tape.watch(x));
    const y = tape.record(() => tf.reduceSum(f(...xs)));
    return xs.map((x) => tape.gradient(y, x) as tf.Tensor);
  };
  const gradOf = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) => gradsOf(f, x)[0]!;

  it('sinc is 1 at 0 and its gradient there is NaN, as TensorFlow\'s where gives it; cdist\'s gradient at a zero distance is NaN too', () => {
    const g = Array.from(gradOf((t) => o.sinc(t), tf.constant([0, 0.5])).dataSync());
    expect(Number.isNaN(g[0]!)).toBe(true);
    expect(g[1]).toBeCloseTo(-4 / Math.PI, 5);
    const a = tf.constant([[1, 2]]);
    expect(values(o.cdist(a, tf.constant([[1, 2], [0, 2]])))).toEqual([[0, 1]]);
    expect(Array.from(gradOf((t) => o.cdist(t, tf.constant([[1, 2], [0, 2]])), a).dataSync()).every(Number.isNaN)).toBe(true);
  });

  it('fmax and fmin send the gradient to the number opposite a NaN and, at a tie, to x1 (TensorFlow 2.21: [1, 0, 1] and [0, 1, 0])', () => {
    const p = tf.constant([1, NaN, 3]), q = tf.constant([NaN, 2, 3]);
    const [gp, gq] = gradsOf((a, b) => o.fmax(a!, b!), p, q);
    expect(values(gp!)).toEqual([1, 0, 1]);
    expect(values(gq!)).toEqual([0, 1, 0]);
    expect(values(o.fmin(tf.constant([[NaN], [1]]), tf.constant([0, NaN])))).toEqual([[0, NaN], [0, 1]]);
  });

  it('fmax and fmin of bools are logical or / and (Keras\' TensorFlow backend refuses them)', () => {
    const a = tf.constant([true, true, false, false]), b = tf.constant([true, false, true, false]);
    expect(values(o.fmax(a, b))).toEqual([true, true, true, false]);
    expect(values(o.fmin(a, b))).toEqual([true, false, false, false]);
  });

  it('erfc and cdist compute int and bool inputs in floatx (Keras\' TensorFlow backend refuses them); i0 keeps float64', () => {
    const e = o.erfc(i32([0, 1]));
    expect(e.dtype).toBe('float32');
    expect(Array.from(e.dataSync())[1]).toBeCloseTo(0.157299207, 6);
    expect(values(o.cdist(i32([[0, 0]]), i32([[3, 4]])))).toEqual([[5]]);
    expect(o.cdist(tf.constant([[true]]), tf.constant([[false]])).dtype).toBe('float32');
    expect(o.i0(tf.constant([1], 'float64')).dtype).toBe('float64');
    expect(o.i0(tf.constant([true])).dtype).toBe('float32');
  });

  it('fmod keeps x1\'s sign and takes a weak float scalar to floatx; isposinf and isneginf of ints are all false', () => {
    expect(values(o.fmod(tf.constant([-7.5, 7.5]), 2))).toEqual([-1.5, 1.5]);
    expect(o.fmod(i32([7]), 2).dtype).toBe('int32');
    expect(values(o.isposinf(i32([2147483647])))).toEqual([false]);
    expect(values(o.isneginf(tf.constant([-Infinity, -3.4e38])))).toEqual([true, false]);
  });

  it('hsplit splits a 1-D x along axis 0; vsplit and dsplit need the axis', () => {
    expect(o.hsplit(tf.range(0, 6), [2]).map((t) => t.shape)).toEqual([[2], [4]]);
    expect(thrown(() => o.vsplit(tf.constant(1), 1)).message).toMatch(/axis 0 is out of range/);
    expect(thrown(() => o.dsplit(tf.ones([2, 2]), 1)).message).toMatch(/axis 2 is out of range/);
    expect(thrown(() => o.vsplit(tf.ones([3, 2]), 2)).message).toMatch(/does not split into 2 equal sections/);
  });

  it('depthToSpace and spaceToDepth are inverses in both formats, and dataFormat null is the Keras image data format', () => {
    const x = tf.reshape(tf.range(0, 128), [2, 4, 4, 4]);
    for (const f of ['channels_last', 'channels_first'] as const) {
      expect(values(o.spaceToDepth(o.depthToSpace(x, 2, f), 2, f))).toEqual(values(x));
    }
    tf.keras.backend.setImageDataFormat('channels_first');
    expect(o.depthToSpace(x, 2, null).shape).toEqual([2, 1, 8, 8]);
    expect(o.depthToSpace(x, 2).shape).toEqual([2, 8, 8, 1]);
  });

  it('refuse bad arguments with Keras\' reasons', () => {
    expect(thrown(() => o.depthToSpace(tf.ones([1, 2, 2, 4]), 1))).toMatchObject({ name: 'ValueError', message: 'depthToSpace: blockSize must be an integer of at least 2, got 1.' });
    expect(thrown(() => o.spaceToDepth(tf.ones([1, 2, 2, 1]), 2.5)).message).toBe('spaceToDepth: blockSize must be an integer of at least 2, got 2.5.');
    expect(thrown(() => o.depthToSpace(tf.ones([2, 2, 4]), 2)).message).toBe('depthToSpace: x must be a 4-D tensor, got shape [2,2,4].');
    expect(thrown(() => o.spaceToDepth(tf.ones([1, 2, 2, 1]), 2, 'NHWC' as never)).message).toBe(`spaceToDepth: dataFormat must be 'channels_last' or 'channels_first', got "NHWC".`);
    expect(thrown(() => o.depthToSpace(tf.ones([1, 2, 2, 6]), 2)).message).toMatch(/depth 6 must be divisible by blockSize \* blockSize = 4/);
    expect(thrown(() => o.spaceToDepth(tf.ones([1, 3, 2, 1]), 2)).message).toMatch(/height 3 and width 2 must both be divisible by blockSize 2/);
    expect(thrown(() => o.cdist(tf.ones([2]), tf.ones([1, 2])))).toMatchObject({ name: 'ValueError', message: 'cdist: inputs must have rank >= 2, got shapes x [2] and y [1,2].' });
    expect(thrown(() => o.cdist(tf.ones([1, 2]), tf.ones([1, 3]))).message).toBe('cdist: the last dimension of the inputs must match, got shapes x [1,2] and y [1,3].');
    expect(thrown(() => o.cdist(tf.ones([2, 1, 2]), tf.ones([3, 1, 2]))).message).toMatch(/cdist: shapes \[2\] and \[3\] do not broadcast/);
  });
});

describe('keras.ops fabs to matrix_rank', () => {
  it('segmentProd counts max(segment_ids) + 1 segments when numSegments is null (eagerly: a compiled function cannot read the ids)', () => {
    expect(values(o.segmentProd(tf.constant([2, 3, 4]), i32([0, 2, 2])))).toEqual([2, 1, 12]);
    const compiled = tf.function((d: tf.Tensor, ids: tf.Tensor) => o.segmentProd(d, ids));
    expect(thrown(() => compiled(tf.constant([2, 3]), i32([0, 1]))).message).toMatch(/reads the values of a tensor/);
    expect(values(tf.function((d: tf.Tensor, ids: tf.Tensor) => o.segmentProd(d, ids, 2))(tf.constant([2, 3]), i32([1, 1])))).toEqual([1, 6]);
  });

  it('nanargmax and nanargmin give -1 where a row is all NaN, and agree with argmax elsewhere', () => {
    const x = tf.constant([[NaN, NaN, NaN], [0.5, NaN, -2], [3, 1, 2]]);
    expect(values(o.nanargmax(x, 1))).toEqual([-1, 0, 0]);
    expect(values(o.nanargmin(x, 1))).toEqual([-1, 2, 1]);
    expect(values(o.nanargmin(x))).toBe(5);
    expect(o.nanargmax(i32([[1, 3]]), 1, true).shape).toEqual([1, 1]);
  });

  it('nancumsum and nancumprod read ±inf as the largest finite values, as Keras\' nan_to_num does, and pass the gradient around the NaN', () => {
    expect(values(o.nancumsum(tf.constant([-Infinity, NaN, 1])))).toEqual([-3.4028234663852886e38, -3.4028234663852886e38, -3.4028234663852886e38]);
    const x = tf.constant([2, NaN, 3]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(o.nancumprod(x)));
    expect(values(tape.gradient(y, x) as tf.Tensor)).toEqual([1 + 1 + 3, 0, 2]);
  });

  it('choleskyInverse inverts A from its lower or upper factor, in batches, and refuses a non-square a', () => {
    const a = tf.constant([[4, 2, 0.4], [2, 3, 0.5], [0.4, 0.5, 2]], 'float64');
    const l = tf.linalg.cholesky(a);
    const eye = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const close = (t: tf.Tensor) => (t.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(eye[i]![j]!, 12)));
    close(tf.matmul(o.choleskyInverse(l), a));
    close(tf.matmul(o.choleskyInverse(tf.transpose(l), true), a));
    expect(o.choleskyInverse(tf.stack([l, l])).shape).toEqual([2, 3, 3]);
    expect(thrown(() => o.choleskyInverse(tf.ones([2, 3]))).message).toBe('choleskyInverse: a must be a square matrix or a batch of them, got shape [2,3].');
  });

  it('fabs is in floats, fliplr needs two axes, empty and emptyLike are zeros, matrixRank takes tol', () => {
    expect(o.fabs(i32([-2])).dtype).toBe('float32');
    expect(thrown(() => o.fliplr(tf.constant([1, 2]))).message).toMatch(/axis 1 is out of range/);
    expect(values(o.empty([2], 'int32'))).toEqual([0, 0]);
    expect(values(o.emptyLike(tf.constant([true])))).toEqual([false]);
    expect(values(o.matrixRank(tf.constant([[1, 0], [0, 1e-3]])))).toBe(2);
    expect(values(o.matrixRank(tf.constant([[1, 0], [0, 1e-3]]), 0.01))).toBe(1);
  });
});

describe('keras.ops isreal, real, imag, conj and angle (gradtape\'s tensors are all real)', () => {
  it('give x, zeros or true as TensorFlow does for real tensors; conj refuses bool; angle is π only where x < 0', () => {
    const x = tf.constant([-1, 0, 2]);
    expect(o.real(x)).toBe(x);
    expect(o.imag(i32([3])).dtype).toBe('int32');
    expect(values(o.isreal(tf.constant([NaN])))).toEqual([true]);
    expect(thrown(() => o.conj(tf.constant([true])))).toMatchObject({ name: 'TypeError', message: 'conj: x must be a number tensor (tf.math.conj: Expected numeric or variant tensor), got bool.' });
    expect(values(o.angle(tf.constant([-0.5, -0, NaN, -Infinity])))).toEqual([Math.fround(Math.PI), 0, 0, Math.fround(Math.PI)]);
  });
});

describe('lu_factor of a batch', () => {
  it("gives each matrix its own factors and permutation (Keras' TensorFlow backend inverts one matrix's only)", () => {
    const a = [[[0, 1, 2], [3, -1, 0.5], [1, 4, -2]], [[2, 1, 0], [4, 3, 1], [0, 1, 5]]];
    const [lu, p] = o.luFactor(tf.constant(a));
    expect(lu.shape).toEqual([2, 3, 3]);
    expect(p.dtype).toBe('int32');
    a.forEach((m, k) => {
      const [luK, pK] = o.luFactor(tf.constant(m));
      expect((lu.arraySync() as number[][][])[k]).toEqual(luK.arraySync());
      expect((p.arraySync() as number[][])[k]).toEqual(pK.arraySync());
    });
    // Row i of A is row p[i] of L·U.
    const [lu2, p2] = o.luFactor(tf.constant(a[1]!, 'float64'));
    const f = lu2.arraySync() as number[][];
    const L = f.map((row, i) => row.map((v, j) => (j < i ? v : j === i ? 1 : 0)));
    const U = f.map((row, i) => row.map((v, j) => (j >= i ? v : 0)));
    const product = L.map((row) => U[0]!.map((_, j) => row.reduce((s, v, k) => s + v * U[k]![j]!, 0)));
    (p2.arraySync() as number[]).forEach((r, i) => product[r]!.forEach((v, j) => expect(v).toBeCloseTo(a[1]![i]![j]!, 12)));
  });
});
