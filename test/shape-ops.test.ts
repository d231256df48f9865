// Shape and indexing ops (ts/shape.ts): forward values against NumPy (test/fixtures/
// shape-ops-numpy.json, written by scripts/numpy_shape_ops.py), simple index ops against the same
// index arithmetic written in JS, TensorFlow's errors, and gradients through the primitives and
// the composites against central differences and against the ops they reduce to.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';
import { expectClose, expectGradcheck, f64, flat } from './helpers/gradcheck';

interface Ref {
  inputs: { shape: number[]; values: number[] }[];
  shape: number[];
  values: number[];
}
const REF: Record<string, Ref> = JSON.parse(readFileSync(new URL('./fixtures/shape-ops-numpy.json', import.meta.url), 'utf8'));

/** Input `i` of NumPy case `name`, as float64. */
const input = (name: string, i = 0): tf.Tensor => {
  const ref = REF[name];
  if (!ref) throw new Error(`no NumPy case '${name}'`);
  return f64(ref.inputs[i]!.values, ref.inputs[i]!.shape);
};

function expectNumpy(name: string, got: tf.Tensor, rtol = 1e-12): void {
  const ref = REF[name];
  if (!ref) throw new Error(`no NumPy case '${name}'`);
  expect(got.shape, name).toEqual(ref.shape);
  expectClose(got, ref.values, rtol, 1e-12);
}

const arange = (shape: number[], dtype: tf.DType = 'float64'): tf.Tensor =>
  tf.reshape(tf.range(0, shape.reduce((a, b) => a * b, 1), 1, dtype), shape);

describe('forward values against NumPy', () => {
  const x = () => input('slice');
  const m = () => input('stridedSlice negative strides clamp');

  it('slice and stridedSlice with every mask', () => {
    expectNumpy('slice', tf.slice(x(), [0, 1, 1], [-1, 2, 2]));
    expectNumpy('stridedSlice reversed and stepped', tf.stridedSlice(x(), [0, 0, 1], [0, 0, 0], [1, -1, 2], { beginMask: 0b011, endMask: 0b111 }));
    expectNumpy('stridedSlice ellipsis and shrink', tf.stridedSlice(x(), [1, 0, -1], [2, 0, 0], [1, 1, 1], { ellipsisMask: 0b010, shrinkAxisMask: 0b101 }));
    expectNumpy(
      'stridedSlice new axis and shrink',
      tf.stridedSlice(x(), [0, 0, 2, 1], [0, 0, 3, 0], [1, 1, 1, 1], { beginMask: 0b0001, endMask: 0b1001, newAxisMask: 0b0010, shrinkAxisMask: 0b0100 }),
    );
    expectNumpy('stridedSlice trailing new axis', tf.stridedSlice(x(), [0, 0], [0, 0], [1, 1], { ellipsisMask: 1, newAxisMask: 2 }));
    expectNumpy('stridedSlice negative strides clamp', tf.stridedSlice(m(), [-1, 5], [-3, -10], [-1, -2]));
    expectNumpy('stridedSlice out-of-range ends clamp', tf.stridedSlice(m(), [1, -100], [100, 2]));
    // TensorFlow.js's positional masks give the same result as the options object.
    expectNumpy('stridedSlice reversed and stepped', x().stridedSlice([0, 0, 1], [0, 0, 0], [1, -1, 2], 0b011, 0b111));
  });

  it('gather, gatherNd, scatterNd and tensorScatterUpdate', () => {
    expectNumpy('gather axis 1', tf.gather(input('gather axis 1'), [2, 0, 2], 1));
    expectNumpy('gather 2-D indices axis -1', tf.gather(input('gather axis 1'), [[0, 1], [2, 2]], { axis: -1 }));
    expectNumpy('gather batchDims 1', tf.gather(input('gather axis 1'), [[2, 0], [1, 1]], 1, 1));
    expectNumpy('gather batchDims 1', tf.gather(input('gather axis 1'), [[2, 0], [1, 1]], { batchDims: 1 }), 1e-12); // axis defaults to batchDims
    expectNumpy('gather axis 1', input('gather axis 1').gather([2, 0, 2], 1));
    expectNumpy('gatherNd elements', tf.gatherNd(input('gatherNd elements'), [[2, 1], [0, 3]]));
    expectNumpy('gatherNd slices', tf.gatherNd(input('gatherNd slices'), [[1], [0]]));
    expectNumpy('gatherNd batchDims 1', tf.gatherNd(input('gatherNd batchDims 1'), [[[1, 2]], [[0, 3]]], 1));
    expectNumpy('scatterNd duplicates add', tf.scatterNd([[4], [3], [1], [7], [1]], tf.constant([9, 10, 11, 12, 13], 'float64'), [8]));
    expectNumpy('scatterNd rows', tf.scatterNd([[0], [2]], [[5, 5, 5, 5], [6, 6, 6, 6]], [4, 4]));
    expectNumpy('tensorScatterUpdate elements', tf.tensorScatterUpdate(input('tensorScatterUpdate elements'), [[0, 0], [2, 3]], [-1, -2]));
    expectNumpy('tensorScatterUpdate row', tf.tensorScatterNdUpdate(input('tensorScatterUpdate row'), [[1]], [[-1, -2, -3, -4]]));
  });

  it('tile, pad in three modes, reverse, oneHot', () => {
    expectNumpy('tile 2-D', tf.tile(input('tile 2-D'), [2, 1]));
    expectNumpy('tile 3-D', input('tile 3-D').tile([1, 2, 1]));
    const pads = [[1, 1], [2, 2]];
    expectNumpy('pad REFLECT', tf.pad(input('pad REFLECT'), pads, 'REFLECT'));
    expectNumpy('pad SYMMETRIC', input('pad SYMMETRIC').pad(pads, 'symmetric'));
    expectNumpy('pad CONSTANT 5', tf.pad(input('pad CONSTANT 5'), pads, 'CONSTANT', 5));
    expectNumpy('reverse axis 1', tf.reverse(input('reverse axis 1'), [1]));
    expectNumpy('reverse axes 0 and 2', tf.reverse(input('reverse axis 1'), [2, 0]));
    expectNumpy('reverse axis -1', input('reverse axis 1').reverse(-1));
    const hot = tf.oneHot([0, 2, -1, 1], 3);
    expect(hot.dtype).toBe('float32');
    expectNumpy('oneHot', hot);
    expectNumpy('oneHot axis 0', tf.oneHot([0, 2, -1, 1], 3, { axis: 0 }));
    const five = tf.oneHot([0, 2, -1, 1], 3, { onValue: 5, offValue: -1, dtype: 'int32' });
    expect(five.dtype).toBe('int32');
    expectNumpy('oneHot on 5 off -1', five);
    expectNumpy('oneHot on 5 off -1', tf.oneHot([0, 2, -1, 1], 3, 5, -1)); // TensorFlow.js's positional form
  });

  it('range, linspace, eye, meshgrid', () => {
    const ints = tf.range(5);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(tf.range(1, 10, 3).dataSync())).toEqual([1, 4, 7]);
    expect(Array.from(tf.range(10, 1, -3).dataSync())).toEqual([10, 7, 4]);
    expect(tf.range(3, 3).shape).toEqual([0]);
    const floats = tf.range(0, 1, 0.1);
    expect(floats.dtype).toBe('float32');
    expectNumpy('range float32', floats, 0);
    expect(tf.range(0, 3, 1, 'float64').dtype).toBe('float64');

    expectNumpy('linspace 0..1', tf.linspace(0, 1, 5), 1e-7);
    expectNumpy('linspace -1..2', tf.linspace(tf.constant(-1, 'float64'), 2, 7));
    expectNumpy('linspace tensors axis 1', tf.linspace(tf.constant([0, 10], 'float64'), [1, 20], 3, 1));
    expect(tf.linspace(2, 3, 1).arraySync()).toEqual([2]);
    expect(tf.linspace(2, 3, 0).shape).toEqual([0]);

    expect(tf.eye(2).arraySync()).toEqual([[1, 0], [0, 1]]);
    expect(tf.eye(2, 3, null, 'int32').arraySync()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(tf.eye(2, null, [2]).arraySync()).toEqual([[[1, 0], [0, 1]], [[1, 0], [0, 1]]]);

    const [gx, gy] = tf.meshgrid([1, 2, 3], [4, 5]);
    expectNumpy('meshgrid xy 0', gx!);
    expectNumpy('meshgrid xy 1', gy!);
    const ij = tf.meshgrid([1, 2, 3], [4, 5], [6, 7, 8, 9], { indexing: 'ij' });
    expectNumpy('meshgrid ij 0', ij[0]!);
    expectNumpy('meshgrid ij 2', ij[2]!);
  });

  it('tensordot', () => {
    const t = 'tensordot axis pairs';
    expectNumpy(t, tf.tensordot(input(t, 0), input(t, 1), [[1, 2], [1, 0]]));
    expectNumpy('tensordot 1', tf.tensordot(input('tensordot 1', 0), input('tensordot 1', 1), 1));
    expectNumpy('tensordot 0', tf.tensordot(input('tensordot 0', 0), input('tensordot 0', 1), 0));
    expectNumpy(t, tf.linalg.tensordot(input(t, 0), input(t, 1), [[-2, -1], [1, 0]]));
  });

  const equations = Object.keys(REF).filter((k) => k.startsWith('einsum '));
  it.each(equations)('%s', (name) => {
    const inputs = REF[name]!.inputs.map((_, i) => input(name, i));
    expectNumpy(name, tf.einsum(name.slice('einsum '.length), ...inputs));
  });
});

describe('index ops against the same index arithmetic in JS', () => {
  it('expandDims, squeeze, stack, unstack, split, identity', () => {
    const x = arange([2, 3]);
    const rows = x.arraySync() as number[][];
    expect(tf.expandDims(x, 1).shape).toEqual([2, 1, 3]);
    expect(x.expandDims(-1).shape).toEqual([2, 3, 1]);
    expect(tf.expandDims(x).arraySync()).toEqual([rows]);
    expect(tf.squeeze(arange([1, 2, 1, 3])).shape).toEqual([2, 3]);
    expect(arange([1, 2, 1, 3]).squeeze([2]).shape).toEqual([1, 2, 3]);
    expect(tf.squeeze(arange([1, 2, 1, 3]), -4).arraySync()).toEqual([[[0, 1, 2]], [[3, 4, 5]]]);

    const a = tf.constant([1, 2, 3]);
    const b = tf.constant([4, 5, 6]);
    expect(tf.stack([a, b]).arraySync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tf.stack([a, b], 1).arraySync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tf.stack([a, b], -1).shape).toEqual([3, 2]);

    // unstack along each axis: piece i holds x[..., i, ...].
    expect(tf.unstack(x).map((t) => t.arraySync())).toEqual(rows);
    expect(x.unstack(1).map((t) => t.arraySync())).toEqual([0, 1, 2].map((j) => rows.map((r) => r[j])));

    const y = arange([2, 6]);
    const cols = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r.join(','));
    expect(tf.split(y, 3, 1).map(cols)).toEqual([['0,1', '6,7'], ['2,3', '8,9'], ['4,5', '10,11']]);
    expect(y.split([1, -1, 2], -1).map((t) => t.shape)).toEqual([[2, 1], [2, 3], [2, 2]]);
    expect(tf.split(y, [1, 1])[1]!.arraySync()).toEqual([[6, 7, 8, 9, 10, 11]]);

    const id = tf.identity(x);
    expect(id).not.toBe(x);
    expect(id.arraySync()).toEqual(rows);
  });

  it('slice sizes and stridedSlice steps follow Python slicing', () => {
    const v = tf.range(10);
    const data = Array.from({ length: 10 }, (_, i) => i);
    const py = (start: number, stop: number, step: number) => {
      const out: number[] = [];
      const norm = (i: number) => (i < 0 ? Math.max(i + 10, step > 0 ? 0 : -1) : Math.min(i, step > 0 ? 10 : 9));
      for (let i = norm(start); step > 0 ? i < norm(stop) : i > norm(stop); i += step) out.push(data[i]!);
      return out;
    };
    for (const [start, stop, step] of [[0, 10, 3], [9, 0, -2], [-1, -11, -1], [-3, 100, 1], [8, 2, 1], [2, -2, 2]] as const) {
      expect(Array.from(tf.stridedSlice(v, [start], [stop], [step]).dataSync()), `[${start}:${stop}:${step}]`).toEqual(py(start, stop, step));
    }
    expect(Array.from(tf.slice(v, 3, 4).dataSync())).toEqual([3, 4, 5, 6]);
    expect(Array.from(v.slice([7]).dataSync())).toEqual([7, 8, 9]);
  });

  it('works on int32 and bool tensors', () => {
    const i = tf.constant([[1, 2], [3, 4]], 'int32');
    expect(tf.gather(i, [1, 1, 0]).arraySync()).toEqual([[3, 4], [3, 4], [1, 2]]);
    expect(tf.pad(i, [[0, 1], [1, 0]], 'CONSTANT', 9).arraySync()).toEqual([[9, 1, 2], [9, 3, 4], [9, 9, 9]]);
    const flags = tf.constant([true, false, true]);
    expect(tf.reverse(flags, 0).arraySync()).toEqual([true, false, true].reverse());
    expect(tf.tile(flags, [2]).arraySync()).toEqual([true, false, true, true, false, true]);
    expect(tf.scatterNd([[1]], tf.constant([5], 'int32'), [3]).arraySync()).toEqual([0, 5, 0]);
  });
});

describe('errors', () => {
  const m = () => arange([3, 4]);

  it('indices outside their dim, as TensorFlow on CPU', () => {
    expect(() => tf.gather(m(), [0, 3])).toThrow('gather: indices[1] = 3 is not in [0, 3).');
    expect(() => tf.gather(m(), [[0, -1]], 1)).toThrow('gather: indices[0,1] = -1 is not in [0, 4).');
    expect(() => tf.gatherNd(m(), [[0, 0], [3, 0]])).toThrow('gatherNd: indices[1] = [3, 0] does not index into param shape [3,4].');
    expect(() => tf.scatterNd([[4]], [1], [4])).toThrow('scatterNd: indices[0] = [4] does not index into shape [4].');
    expect(() => tf.tensorScatterUpdate(m(), [[5]], [[1, 2, 3, 4]])).toThrow('does not index into shape [3,4]');
    expect(() => tf.gather(m(), tf.constant([0.5]))).toThrow(/indices must be int32, got float32/);
    expect(() => tf.gather(m(), [0], 0, 2)).toThrow(/batchDims 2 is out of range for indices of rank 1/);
    expect(() => tf.gather(arange([2, 3]), [[0], [1]], 0, 1)).toThrow('gather: batchDims (1) must be less than or equal to axis (0).');
  });

  it('bad slices and masks', () => {
    expect(() => tf.slice(m(), [0, 5], [1, 1])).toThrow('slice: expected begin[1] in [0, 4], but got 5');
    expect(() => tf.slice(m(), [1, 1], [3, 1])).toThrow('slice: expected size[0] in [0, 2] or -1, but got 3');
    expect(() => tf.stridedSlice(m(), [0, 0], [1, 1], [1, 1], { ellipsisMask: 3 })).toThrow('multiple ellipses in slice spec not allowed');
    expect(() => tf.stridedSlice(m(), [0, 0], [1, 1], [1, 0])).toThrow('stridedSlice: strides[1] must be non-zero.');
    expect(() => tf.stridedSlice(m(), [5], [6], [1], { shrinkAxisMask: 1 })).toThrow('slice index 5 of dimension 0 out of bounds');
    expect(() => tf.stridedSlice(m(), [0, 0, 0], [1, 1, 1])).toThrow('index out of range using input dim 2');
    expect(() => tf.stridedSlice(m(), [0], [1], [1], { beginMask: -1 })).toThrow('beginMask must be a non-negative 32-bit integer');
    expect(() => tf.stridedSlice(m(), [0, 0], [1], [1, 1])).toThrow('begin, end and strides must have the same length');
  });

  it('mismatched shapes and bad arguments', () => {
    expect(() => tf.stack([[1, 2], [1, 2, 3]])).toThrow('stack: shapes of all inputs must match: values[0].shape = [2] != values[1].shape = [3].');
    expect(() => tf.split(m(), 3, 1)).toThrow('the number of splits must evenly divide the split dim');
    expect(() => tf.split(m(), [1, -1, -1], 1)).toThrow('at most one -1');
    expect(() => tf.squeeze(m(), 0)).toThrow('squeeze: can not squeeze dim[0], expected a dimension of 1, got 3');
    expect(() => tf.tile(m(), [2])).toThrow('tile: expected multiples to have 2 values');
    expect(() => tf.pad(m(), [[0, 0], [4, 0]], 'REFLECT')).toThrow(/too large for mode REFLECT: each must be at most 3/);
    expect(() => tf.pad(m(), [[0, 0]])).toThrow('pad: paddings must be 2 pairs');
    expect(() => tf.pad(m(), [[0, 0], [0, 0]], 'WRAP' as tf.PadMode)).toThrow("mode must be 'CONSTANT', 'REFLECT' or 'SYMMETRIC'");
    expect(() => tf.scatterNd([[0], [1]], [1, 2, 3], [4])).toThrow(/updates must have shape \(2,\)/);
    expect(() => tf.oneHot([0, 1], 3, { axis: 2 })).toThrow('oneHot: axis must be -1 or in [0, 1]');
    expect(() => tf.tensordot(arange([2, 3]), arange([4, 2]), 1)).toThrow("tensordot: a's axis 1 has size 3 but b's axis 0 has size 4");
    expect(() => tf.range(0, 5, 0)).toThrow('range: requires delta != 0');
    expect(() => tf.range(5, 0)).toThrow('range: requires start <= limit when delta > 0: 5/0.');
    expect(() => tf.tensorScatterUpdate(m(), [[0]], tf.constant([[1, 2, 3, 4]], 'float32'))).toThrow('updates are float32 but tensor is float64');
  });

  it('einsum forms it cannot parse or shapes that do not fit', () => {
    expect(() => tf.einsum('ij,jk->ik', m(), arange([3, 2]))).toThrow("einsum: label 'j' has size 4 in input 0 and size 3 in input 1");
    expect(() => tf.einsum('ij,jk->ik', m())).toThrow('names 2 input(s) but 1 tensor(s) were given');
    expect(() => tf.einsum('ij->ik', m())).toThrow("output label 'k' appears in no input");
    expect(() => tf.einsum('ij->ii', m())).toThrow("output label 'i' appears more than once");
    expect(() => tf.einsum('i2->i', m())).toThrow("invalid character '2'");
    expect(() => tf.einsum('ijk->i', m())).toThrow("input 0 has rank 2 (shape [3,4]) but its subscripts 'ijk' name 3 dims");
    expect(() => tf.einsum('...i->i', arange([2, 3]))).toThrow("the output subscripts 'i' have no '...'");
    expect(() => tf.einsum('ii->i', m())).toThrow("einsum: label 'i' has size 3 in input 0 and size 4 in input 0");
    expect(() => tf.einsum('i->i->i', tf.range(3))).toThrow("more than one '->'");
  });
});

describe('gradients', () => {
  it('d reduceSum(gather(x, idx)) / dx counts each index', () => {
    const x = tf.constant([[1, 2], [3, 4], [5, 6], [7, 8]], 'float64');
    const idx = [3, 0, 3, 3, 1];
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.gather(x, idx));
    });
    const counts = [0, 1, 2, 3].map((r) => idx.filter((i) => i === r).length);
    expect(tape.gradient(y, x)!.arraySync()).toEqual(counts.map((c) => [c, c]));
  });

  it('einsum and tensordot have the gradients of the matmul they compute', () => {
    const a = f64([1.5, -2, 0.5, 3, 0.25, -1], [2, 3]);
    const b = f64([0.5, 1, -1.5, 2, -0.5, 0.75, 1.25, -2, 1, -1, 0.5, 0.25], [3, 4]);
    const up = f64([1, -2, 3, 0.5, -1, 0.25, 2, -0.75], [2, 4]);
    const grads = (f: (p: tf.Tensor, q: tf.Tensor) => tf.Tensor) => {
      const tape = new tf.GradientTape();
      const y = tape.record(() => {
        tape.watch([a, b]);
        return tf.reduceSum(tf.mul(f(a, b), up));
      });
      return (tape.gradient(y, [a, b]) as tf.Tensor[]).map(flat);
    };
    const want = grads((p, q) => tf.matmul(p, q));
    for (const got of [grads((p, q) => tf.einsum('ij,jk->ik', p, q)), grads((p, q) => tf.tensordot(p, q, 1)), grads((p, q) => tf.einsum('ik,kj', p, q))]) {
      expect(got[0]).toEqual(want[0]);
      expect(got[1]).toEqual(want[1]);
    }
  });

  it('the primitives against central differences', () => {
    expectGradcheck((x) => tf.slice(x, [1, 0], [2, -1]), [{ shape: [3, 4] }]);
    expectGradcheck((x) => tf.stridedSlice(x, [0, 3, 0], [0, 0, 1], [1, -2, 1], { beginMask: 1, endMask: 1, shrinkAxisMask: 4, newAxisMask: 0 }), [{ shape: [2, 4, 3] }]);
    expectGradcheck((x) => tf.gather(x, [[2, 0, 2], [1, 1, 0]], 1, 1), [{ shape: [2, 3, 2] }]);
    expectGradcheck((x) => tf.gatherNd(x, [[[1], [0], [1]], [[2], [2], [0]]], 1), [{ shape: [2, 3, 2] }]);
    expectGradcheck((u) => tf.scatterNd([[1, 0], [2, 1], [1, 0]], u, [3, 2]), [{ shape: [3] }]);
    expectGradcheck((t, u) => tf.tensorScatterUpdate(t, [[2], [0]], u), [{ shape: [3, 2] }, { shape: [2, 2] }]);
    expectGradcheck((x) => tf.tile(x, [2, 1, 3]), [{ shape: [2, 1, 2] }]);
    for (const mode of ['CONSTANT', 'REFLECT', 'SYMMETRIC'] as const) {
      expectGradcheck((x) => tf.pad(x, [[2, 1], [0, 2]], mode, 0.5), [{ shape: [3, 3] }]);
    }
    expectGradcheck((x) => tf.reverse(x, [0, -1]), [{ shape: [2, 3, 2] }]);
  });

  it('the composites against central differences', () => {
    expectGradcheck((a, b) => tf.stack([a, b, a], 1), [{ shape: [2, 3] }, { shape: [2, 3] }]);
    expectGradcheck((x) => tf.mul(tf.unstack(x, 1)[2]!, tf.unstack(x, 1)[0]!), [{ shape: [2, 3] }]);
    expectGradcheck((x) => {
      const [p, q] = tf.split(x, [2, -1], 1);
      return tf.matmul(p!, q!, false, true);
    }, [{ shape: [2, 4] }]);
    expectGradcheck((x) => tf.squeeze(tf.expandDims(tf.identity(x), 1)), [{ shape: [2, 3] }]);
    expectGradcheck((x, y) => tf.mul(...(tf.meshgrid(x, y) as [tf.Tensor, tf.Tensor])), [{ shape: [3] }, { shape: [2] }]);
    expectGradcheck((s, e) => tf.linspace(s, e, 5, 1), [{ shape: [2] }, { shape: [2] }]);
    expectGradcheck((a, b) => tf.tensordot(a, b, [[1, 2], [1, 0]]), [{ shape: [2, 3, 4] }, { shape: [4, 3, 2] }]);
    for (const [eq, shapes] of [
      ['ii->', [[3, 3]]],
      ['ii->i', [[3, 3]]],
      ['bii->bi', [[2, 3, 3]]],
      ['ij->', [[2, 3]]],
      ['ijk->kji', [[2, 3, 2]]],
      ['bij,bjk->bik', [[2, 2, 3], [2, 3, 2]]],
      ['...ij,...jk->...ik', [[2, 1, 2, 3], [3, 3, 2]]],
      ['ij,jk,kl->il', [[2, 3], [3, 2], [2, 2]]],
      ['bij,jk->bk', [[2, 3, 2], [2, 3]]],
    ] as const) {
      expectGradcheck((...xs) => tf.einsum(eq, ...xs), shapes.map((shape) => ({ shape })));
    }
  });

  it('second derivatives through gather and pad', () => {
    // y = sum(pad(gather(x, idx))³): the second derivative runs through the rules of gather and pad.
    const x = new tf.Variable([0.5, -1.5, 2], { dtype: 'float64' });
    const idx = [2, 0, 2];
    const outer = new tf.GradientTape();
    const first = outer.record(() => {
      const inner = new tf.GradientTape();
      const y = inner.record(() => tf.reduceSum(tf.pow(tf.pad(tf.gather(x, idx), [[1, 1]], 'REFLECT'), 3)));
      return inner.gradient(y, x) as tf.Tensor;
    });
    const second = outer.gradient(first, x) as tf.Tensor; // of sum(first)
    // pad REFLECT of g = [x2, x0, x2] is [x0, x2, x0, x2, x0]: x0 three times, x2 twice, x1 never.
    expectClose(first, [3 * 3 * 0.25, 0, 2 * 3 * 4]);
    expectClose(second, [3 * 6 * 0.5, 0, 2 * 6 * 2]);
  });
});

describe('roll, repeat, shape, size, rank, countNonzero, reduceEuclideanNorm', () => {
  const x = tf.reshape(tf.range(0, 12, 1, 'float64'), [3, 4]);

  it('roll and repeat give NumPy values (np.roll, np.repeat)', () => {
    expect(tf.roll(x, 1, 1).arraySync()).toEqual([[3, 0, 1, 2], [7, 4, 5, 6], [11, 8, 9, 10]]);
    expect(tf.roll(x, [-1, 2], [0, 1]).arraySync()).toEqual([[6, 7, 4, 5], [10, 11, 8, 9], [2, 3, 0, 1]]);
    // shifts on one axis add up; a shift of the whole length is no shift
    expect(tf.roll(x, [1, 1], [1, -1]).arraySync()).toEqual([[2, 3, 0, 1], [6, 7, 4, 5], [10, 11, 8, 9]]);
    expect(tf.roll(x, 4, 1).arraySync()).toEqual(x.arraySync());
    expect(tf.repeat(x, 2, 0).arraySync()).toEqual([[0, 1, 2, 3], [0, 1, 2, 3], [4, 5, 6, 7], [4, 5, 6, 7], [8, 9, 10, 11], [8, 9, 10, 11]]);
    expect(tf.repeat(x, [1, 0, 2], 0).arraySync()).toEqual([[0, 1, 2, 3], [8, 9, 10, 11], [8, 9, 10, 11]]);
    expect(tf.repeat(x, 2).shape).toEqual([24]); // no axis: flattened, as in TF
    expect(Array.from(tf.repeat(x, 2).dataSync()).slice(0, 6)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(() => tf.repeat(x, [1, 2], 0)).toThrow(/one count or 3 counts/);
    expect(() => tf.roll(x, [1, 2], 0)).toThrow(/same length/);
  });

  it('gradients flow through roll and repeat', () => {
    expectGradcheck((t) => tf.roll(t, [2, -1], [0, 1]), [{ shape: [3, 4] }]);
    expectGradcheck((t) => tf.repeat(t, [2, 0, 1], 1), [{ shape: [2, 3] }]);
  });

  it('shape, size and rank are int32 tensors', () => {
    expect(tf.shape(x).dtype).toBe('int32');
    expect(tf.shape(x).arraySync()).toEqual([3, 4]);
    expect(tf.size(x).arraySync()).toBe(12);
    expect(tf.rank(x).arraySync()).toBe(2);
    expect(tf.shape(5).arraySync()).toEqual([]);
  });

  it('countNonzero and reduceEuclideanNorm', () => {
    const y = tf.constant([[0, 1.5, NaN], [0, 0, -2]], 'float64');
    expect(tf.math.countNonzero(y).arraySync()).toBe(3);
    expect(tf.math.countNonzero(y, 1, true).arraySync()).toEqual([[2], [1]]);
    expect(tf.math.countNonzero(y).dtype).toBe('int32');
    expect(tf.math.countNonzero(tf.constant([true, false, true])).arraySync()).toBe(2);
    expectClose(tf.math.reduceEuclideanNorm(f64([3, 4, 6, 8], [2, 2]), 1), [5, 10]);
    expectGradcheck((t) => tf.math.reduceEuclideanNorm(t, 0), [{ shape: [3, 2] }]);
    // TensorFlow's documented int32 example: squares summed in int32, the root truncated.
    const ints = tf.constant([[1, 2, 3], [1, 1, 1]], 'int32');
    expect([tf.math.reduceEuclideanNorm(ints).dtype, tf.math.reduceEuclideanNorm(ints).arraySync()]).toEqual(['int32', 4]);
    expect(tf.math.reduceEuclideanNorm(ints, 0).arraySync()).toEqual([1, 2, 3]);
    expect(tf.math.reduceEuclideanNorm(ints, 1, true).arraySync()).toEqual([[3], [1]]);
    expect(tf.math.reduceEuclideanNorm(tf.constant([46340, 0], 'int32')).arraySync()).toBe(46340); // 46340² < 2^31
    expect(() => tf.math.reduceEuclideanNorm(tf.constant([true]))).toThrow(/reduceEuclideanNorm: input_tensor must be .* got bool/);
  });
});
