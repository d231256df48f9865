// Behaviours where gradtape differed from TensorFlow 2, found by reading TensorFlow's sources (an
// audit of the op catalog, tapes, variables and tf.function on 2026-11-30). Each test names the
// TensorFlow source it follows. (The Keras optimizers' and the scipy solvers' fixes are tested
// beside the rest of theirs: optimizers-base, minimize, curve-fit.)
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const values = (t: tf.Tensor | null | undefined): number[] => Array.from(t!.dataSync() as ArrayLike<number>);

/** d f / d x at each element of x (one tape, summed output). */
function gradientAt(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): number[] {
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tape.record(() => f(x));
  return values(tape.gradient(y, x));
}

describe('gradient rules as TensorFlow registers them', () => {
  it('elu and selu: the slope is chosen on the output (relu_op_functor.h: activations < 0), so x = 0 and NaN take the positive side', () => {
    const scale = 1.0507009873554805;
    const x = tf.constant([0, -0, NaN, -1, 2], 'float64');
    const selu = gradientAt((t) => tf.nn.selu(t), x);
    expect(selu.slice(0, 3)).toEqual([scale, scale, scale]);
    expect(selu[3]).toBeCloseTo(scale * 1.6732632423543772 * Math.exp(-1), 14);
    expect(selu[4]).toBe(scale);
    const elu = gradientAt((t) => tf.nn.elu(t), x);
    expect(elu.slice(0, 3)).toEqual([1, 1, 1]);
    expect(elu[3]).toBeCloseTo(Math.exp(-1), 15);
    expect(elu[4]).toBe(1);
    // Keras's selu is the same op.
    expect(gradientAt((t) => tf.keras.activations.selu(t), tf.constant([0], 'float32'))).toEqual([Math.fround(scale)]);
  });

  it('asinh and acosh: 1/cosh(y) and 1/sinh(y) from the output (math_grad.py), finite where x² overflows', () => {
    const big = tf.constant([1e20, 3e38], 'float32');
    for (const [name, f] of [['asinh', tf.asinh], ['acosh', tf.acosh]] as const) {
      const g = gradientAt((t) => f(t), big);
      expect(g[0]! / 1e-20, name).toBeCloseTo(1, 5);
      expect(g[1]! * 3e38, name).toBeCloseTo(1, 5);
    }
    expect(gradientAt((t) => tf.asinh(t), tf.constant([1e200], 'float64'))[0]! * 1e200).toBeCloseTo(1, 12);
    expect(gradientAt((t) => tf.acosh(t), tf.constant([2], 'float64'))[0]).toBeCloseTo(1 / Math.sqrt(3), 15);
    expect(gradientAt((t) => tf.acosh(t), tf.constant([1], 'float64'))[0]).toBe(Infinity);
  });

  it("pow: the exponent's gradient is masked by selection where the base is not positive (math_grad.py _PowGrad)", () => {
    const base = tf.constant([-Infinity, NaN, 0, -2, 2], 'float64');
    const exponent = new tf.Variable([-1, 0, 2, 3, 3], { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.pow(base, exponent));
    const g = values(tape.gradient(y, exponent));
    expect(g.slice(0, 4).map((v) => v + 0)).toEqual([0, 0, 0, 0]); // was NaN, NaN (0·inf, NaN·0)
    expect(g[4]).toBeCloseTo(8 * Math.log(2), 14);
  });
});

describe('values and dtypes as TensorFlow computes them', () => {
  it('reduceMean of int32 sums in int64 (reduction_ops.h), truncating the quotient toward zero', () => {
    expect(tf.reduceMean(tf.constant([2147483647, 2147483647], 'int32')).arraySync()).toBe(2147483647); // was -1
    expect(tf.reduceMean(tf.constant([2147483647, 1], 'int32')).arraySync()).toBe(1073741824);
    expect(tf.reduceMean(tf.constant([[-7, 0], [7, 1]], 'int32'), 1).arraySync()).toEqual([-3, 4]);
    expect(tf.reduceMean(tf.zeros([0], 'int32')).arraySync()).toBe(0);
    expect(tf.reduceMean(tf.constant([[1, 2], [3, 5]], 'int32'), 0, true).dtype).toBe('int32');
  });

  it('divNoNan of int32 divides in float64, as divide does (math_ops.py: _TRUEDIV_TABLE)', () => {
    const y = tf.divNoNan(tf.constant([7, 1], 'int32'), tf.constant([2, 0], 'int32'));
    expect([y.dtype, values(y)]).toEqual(['float64', [3.5, 0]]);
    expect(values(tf.divNoNan(tf.constant([7], 'int32'), 2))).toEqual([3.5]);
  });

  it('argmax and argmin take bool tensors (argmax_op.cc registers bool)', () => {
    expect(tf.argmax(tf.constant([false, true, true])).arraySync()).toBe(1);
    expect(tf.argmin(tf.constant([[true, false], [true, true]]), 1).arraySync()).toEqual([1, 0]);
    expect(tf.argmax(tf.constant(Array.from({ length: 100 }, (_, i) => i === 77))).arraySync()).toBe(77);
  });

  it("range's float32 length is ceil(|(limit - start) / delta|) computed in float32 (sequence_ops.cc)", () => {
    expect(tf.range(-5, 0.3, 0.01).size).toBe(531); // was 530
    expect(tf.range(-5, 1.3, 0.03).size).toBe(211);
    expect(tf.range(-5, 0.3, 0.01, 'float64').size).toBe(530);
    expect(tf.range(0, 10, 3).size).toBe(4);
  });

  it('reshape infers -1 beside a 0 as reshape_op.h does: zero dims are left out of both products', () => {
    expect(tf.reshape(tf.zeros([0, 3]), [-1, 0]).shape).toEqual([3, 0]);
    expect(tf.reshape(tf.zeros([0, 3]), [0, -1]).shape).toEqual([0, 3]);
    expect(tf.reshape(tf.zeros([0, 4]), [-1, 0, 2]).shape).toEqual([2, 0, 2]);
    expect(tf.reshape(tf.zeros([0, 3]), [-1]).shape).toEqual([0]);
    expect(() => tf.reshape(tf.zeros([2, 3]), [-1, 0])).toThrow(/reshape: cannot reshape a tensor of shape \[2, 3\]/);
    expect(() => tf.reshape(tf.zeros([2, 3]), [-1, 4])).toThrow(/reshape: cannot reshape/);
  });

  it("dropout selects with the keep mask (TensorFlow 2.21's nn_ops.py: where_v2(keep_mask, x · scale, 0)), so a dropped infinity or NaN is 0", () => {
    tf.random.setSeed(3);
    const y = values(tf.nn.dropout(tf.fill([64], Infinity), 0.5));
    expect(y.some((v) => v === 0) && y.some((v) => v === Infinity)).toBe(true);
    expect(y.every((v) => v === 0 || v === Infinity)).toBe(true);
    const z = values(tf.nn.dropout(tf.fill([64], NaN), 0.5));
    expect(z.some((v) => v === 0) && z.some(Number.isNaN)).toBe(true);
  });

  it('linspace: int32 bounds give float64, and start and stop broadcast (math_ops.py linspace_nd)', () => {
    const ints = tf.linspace(tf.constant(0, 'int32'), tf.constant(10, 'int32'), 5);
    expect([ints.dtype, values(ints)]).toEqual(['float64', [0, 2.5, 5, 7.5, 10]]);
    expect(tf.linspace([0, 5], 10, 3).arraySync()).toEqual([[0, 5], [5, 7.5], [10, 10]]);
    expect(() => tf.linspace([0, 5], [1, 2, 3], 3)).toThrow(/linspace: start and stop must broadcast/);
  });
});

describe('softmaxCrossEntropyWithLogits: the gradient of its kernel (nn_grad.py: softmax - labels)', () => {
  it('for the logits, softmax - labels even where labels do not sum to 1; -log_softmax for the labels', () => {
    const logits = new tf.Variable([[1, 2], [0.5, -1]], { dtype: 'float64' });
    const labels = new tf.Variable([[1, 1], [0.25, 0.25]], { dtype: 'float64' });
    const tape = new tf.GradientTape({ persistent: true });
    const loss = tape.record(() => tf.nn.softmaxCrossEntropyWithLogits({ labels, logits }));
    const softmax = tf.nn.softmax(logits).arraySync() as number[][];
    const want = softmax.map((row, i) => row.map((p, j) => p - (labels.arraySync() as number[][])[i]![j]!));
    const g = tape.gradient(loss, logits)!.arraySync() as number[][];
    g.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 14)));
    expect(g[0]![0]).toBeCloseTo(-0.7310585786300049, 14); // was -0.462 (softmax·2 - 1)
    const logSoftmax = tf.nn.logSoftmax(logits).arraySync() as number[][];
    const gl = tape.gradient(loss, labels)!.arraySync() as number[][];
    gl.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(-logSoftmax[i]![j]!, 14)));
    // The value is unchanged: -Σ labels · log_softmax.
    expect(values(loss)[0]).toBeCloseTo(-(logSoftmax[0]![0]! + logSoftmax[0]![1]!), 14);
    // Keras's categorical cross-entropy from logits is the same op.
    const tape2 = new tf.GradientTape();
    const k = tape2.record(() => tf.keras.losses.categoricalCrossentropy([[1, 1]], logits.slice([0, 0], [1, 2]), true));
    expect(values(tape2.gradient(k, logits))[0]).toBeCloseTo(-0.7310585786300049, 14);
    tape.dispose();
  });
});

describe('arguments TensorFlow takes as tensors', () => {
  const x = tf.constant([[1, 2, 3], [4, 5, 6]]);
  it('shapes, multiples, begin and size as int32 tensors: tf.zeros(tf.shape(x)), tf.reshape(x, tf.shape(y)), ...', () => {
    expect(tf.zeros(tf.shape(x)).shape).toEqual([2, 3]);
    expect(tf.ones(tf.shape(x), 'int32').arraySync()).toEqual([[1, 1, 1], [1, 1, 1]]);
    expect(tf.fill(tf.shape(x), 2).arraySync()).toEqual([[2, 2, 2], [2, 2, 2]]);
    expect(tf.random.uniform(tf.shape(x)).shape).toEqual([2, 3]);
    expect(tf.reshape(x, tf.shape(tf.zeros([3, 2]))).arraySync()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(x.reshape(tf.constant([-1], 'int32')).shape).toEqual([6]);
    expect(tf.broadcastTo([1, 2, 3], tf.shape(x)).arraySync()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(tf.tile(x, tf.constant([1, 2], 'int32')).shape).toEqual([2, 6]);
    expect(tf.slice(x, tf.constant([0, 1], 'int32'), tf.constant([1, 2], 'int32')).arraySync()).toEqual([[2, 3]]);
    expect(() => tf.zeros(tf.constant([2.5]))).toThrow(/zeros: shape given as a tensor must be an int32 scalar or vector, got a float32 tensor/);
    expect(() => tf.reshape(x, tf.constant([[6]], 'int32'))).toThrow(/reshape: shape given as a tensor must be an int32 scalar or vector/);
  });

  it('axes as int32 tensors', () => {
    expect(tf.reduceSum(x, tf.constant(0, 'int32')).arraySync()).toEqual([5, 7, 9]);
    expect(tf.reduceMax(x, tf.constant([0, 1], 'int32')).arraySync()).toBe(6);
    expect(tf.argmax(x, tf.constant(1, 'int32') as unknown as number).arraySync()).toEqual([2, 2]);
  });

  it('in a compiled function, shapes from tf.shape follow each traced signature', () => {
    const f = tf.function((a: tf.Tensor) => tf.zeros(tf.shape(a)).add(a).reshape(tf.constant([-1], 'int32')));
    expect(f(x).arraySync()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(f(tf.ones([2, 2])).arraySync()).toEqual([1, 1, 1, 1]);
  });

  it('zerosLike and onesLike take array-like values (converted as tf.constant converts them)', () => {
    expect([tf.zerosLike([[1, 2, 3]]).shape, tf.zerosLike([[1, 2, 3]]).dtype]).toEqual([[1, 3], 'float32']);
    expect(tf.onesLike(new Int32Array([4, 5])).arraySync()).toEqual([1, 1]);
    expect(tf.onesLike(new Int32Array([4, 5])).dtype).toBe('int32');
  });
});

describe('dtype conversion beside int32 tensors', () => {
  it('divide converts a number or array beside an int32 tensor to int32 first (math_ops.py dtype_hint), so 2.5 raises', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(() => tf.div(i, 2.5)).toThrow(/div: cannot convert value 2\.5 to int32/);
    expect(() => tf.div(2.5, i)).toThrow(/div: cannot convert value 2\.5 to int32/);
    expect(() => tf.div(i, [2.5, 4])).toThrow(/div: cannot convert value 2\.5 to int32/);
    const y = tf.div(i, [2, 4]);
    expect([y.dtype, values(y)]).toEqual(['float64', [0.5, 0.5]]);
    expect(values(tf.div(3, i))).toEqual([3, 1.5]);
  });
});

describe('tapes and variables as TensorFlow checks them', () => {
  it("batchJacobian: zeros in the target's dtype for an unconnected source (backprop.py keeps that for compatibility), and rank 2 at least", () => {
    const x = tf.constant([[1, 2], [3, 4]], 'float64');
    const unused = tf.constant([[1], [2]], 'float64');
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    tape.watch(unused);
    const y = tape.record(() => x.square());
    const j = tape.batchJacobian(y, unused);
    expect([j.shape, j.dtype, values(j).every((v) => v === 0)]).toEqual([[2, 2, 1], 'float64', true]);
    expect(tape.batchJacobian(y, x).arraySync()).toEqual([[[2, 0], [0, 4]], [[6, 0], [0, 8]]]);
    const v = tf.constant([1, 2], 'float64');
    tape.watch(v);
    const w = tape.record(() => v.square());
    expect(() => tape.batchJacobian(w, v)).toThrow(/batchJacobian: Shape \(2,\) must have rank at least 2/);
    tape.dispose();
  });

  it("jacobian takes TensorFlow's experimentalUsePfor; false needs a persistent tape (backprop.py's RuntimeError)", () => {
    const x = tf.constant([1, 2], 'float64');
    const once = new tf.GradientTape();
    once.watch(x);
    const y = once.record(() => x.square());
    expect(() => once.jacobian(y, x, { experimentalUsePfor: false })).toThrow(
      'GradientTape must be created with persistent=True to compute the jacobian with eager execution enabled and  with experimental_use_pfor set to False.',
    );
    expect(once.jacobian(y, x, { experimentalUsePfor: true })!.arraySync()).toEqual([[2, 0], [0, 4]]);
    const kept = new tf.GradientTape({ persistent: true });
    kept.watch(x);
    const z = kept.record(() => x.square());
    expect(kept.jacobian(z, x, { experimentalUsePfor: false })!.arraySync()).toEqual([[2, 0], [0, 4]]);
    kept.dispose();
  });
});

describe('tf.function and variables (polymorphic_function.py)', () => {
  it('a variable made on the first trace is the function\'s (read live); made on a later trace it is an error', () => {
    const f = tf.function((k: number) => {
      const v = new tf.Variable(0);
      v.assignAdd(k);
      return v;
    });
    expect([f(1).arraySync(), f(1).arraySync()]).toEqual([1, 2]);
    expect(() => f(2)).toThrow(/Creating variables on a non-first call to a function decorated with tf.function/);
    let lazy: tf.Variable | null = null;
    const g = tf.function((k: number) => {
      lazy ??= new tf.Variable(0);
      lazy.assignAdd(k);
      return lazy;
    });
    expect([g(1).arraySync(), g(2).arraySync(), g(2).arraySync()]).toEqual([1, 3, 5]);
  });
});

describe('conversions TensorFlow makes', () => {
  it("a Variable's initial value may be a function of no argument (TensorFlow's callable initial_value)", () => {
    const v = new tf.Variable(() => tf.ones([2, 2]), { name: 'w' });
    expect([v.shape, v.dtype, values(v)]).toEqual([[2, 2], 'float32', [1, 1, 1, 1]]);
    expect(new tf.Variable(() => [1, 2], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it("a ForwardAccumulator's tangent for one primal may be an array or a number (converted to the primal's dtype)", () => {
    const x = tf.constant([1, 2], 'float64');
    const acc = new tf.autodiff.ForwardAccumulator(x, [1, 1] as never);
    const y = acc.record(() => x.square().sum());
    expect(acc.jvp(y)!.arraySync()).toBe(2 * 1 + 2 * 2);
    const s = tf.constant(3, 'float64');
    const acc2 = new tf.autodiff.ForwardAccumulator(s, 2 as never);
    expect(acc2.jvp(acc2.record(() => s.square()))!.arraySync()).toBe(12);
  });

  it('watchedVariables() lists variables in the order they were made (TensorFlow: "in order of construction")', () => {
    const a = new tf.Variable(1), b = new tf.Variable(2);
    const tape = new tf.GradientTape();
    tape.record(() => b.mul(a));
    expect(tape.watchedVariables()).toEqual([a, b]);
  });
});
