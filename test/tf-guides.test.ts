// TensorFlow 2's core guides (tensorflow.org/guide; the notebooks of tensorflow/docs, site/en/guide/),
// ported cell by cell as a user porting them would write them. Each test names its guide and the
// cell (the notebook's cell id) and asserts what the guide prints for that cell: the values,
// shapes, dtypes, which gradients are None, and the kinds of errors. Python-only parts (NumPy
// interop, the text of a tf.Tensor repr, plots) are ported as their values. Cells that use what
// gradtape does not offer (strings, ragged and sparse tensors, complex, float16 and uint8,
// Keras layers and models, SavedModel, TensorBoard) are left out; where a Keras Dense layer only
// serves as a model, a small tf.Module stands in for it.
//
// Where gradtape deliberately differs from a cell's printed output (documented in the README or
// the doc comments), the test asserts gradtape's documented behaviour and says so.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const values = (t: tf.Tensor | null | undefined): number[] => Array.from(t!.dataSync() as ArrayLike<number>);
const f32 = Math.fround;

/** The error `fn` throws (the test fails when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

/** A Keras-like Dense layer (kernel [in, out], bias zeros, `activation`) as a tf.Module. */
class Dense extends tf.Module {
  kernel: tf.Variable;
  bias: tf.Variable;
  constructor(inFeatures: number, outFeatures: number, readonly activation: (x: tf.Tensor) => tf.Tensor = (x) => x) {
    super({ name: 'dense' });
    this.kernel = new tf.Variable(new tf.keras.initializers.GlorotUniform()([inFeatures, outFeatures]), { name: 'kernel' });
    this.bias = new tf.Variable(tf.zeros([outFeatures]), { name: 'bias' });
  }
  call(x: tf.Tensor): tf.Tensor {
    return this.activation(tf.matmul(x, this.kernel).add(this.bias));
  }
}

describe('guide/tensor: Introduction to Tensors', () => {
  it('d5JcgLFR6gHv, oZos8o_R6oE7, sesW7gw6JkXy: scalars, vectors and rank-3 tensors', () => {
    // tf.constant(4) is int32 in Python; JavaScript numbers are float32 unless int32 is asked for.
    const rank0 = tf.constant(4, 'int32');
    expect([rank0.shape, rank0.dtype, rank0.item()]).toEqual([[], 'int32', 4]);
    const rank1 = tf.constant([2.0, 3.0, 4.0]);
    expect([rank1.shape, rank1.dtype, values(rank1)]).toEqual([[3], 'float32', [2, 3, 4]]);
    const rank3 = tf.reshape(tf.range(0, 30, 1, 'int32'), [3, 2, 5]);
    expect(rank3.arraySync()).toEqual([
      [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]],
      [[10, 11, 12, 13, 14], [15, 16, 17, 18, 19]],
      [[20, 21, 22, 23, 24], [25, 26, 27, 28, 29]],
    ]);
    expect(String(rank0)).toBe('tf.Tensor(4, shape=(), dtype=int32)');
    expect(String(rank1)).toBe('tf.Tensor([2. 3. 4.], shape=(3,), dtype=float32)');
  });

  it('cnOIA_xb6u0M: float16 is refused (gradtape has float32, float64, int32 and bool)', () => {
    expect(thrown(() => tf.constant([[1, 2], [3, 4], [5, 6]], 'float16' as tf.DType)).message).toMatch(/gradtape has no float16 dtype.*use .float32./);
    // The cell's values, in float32: np.array(rank_2_tensor) / rank_2_tensor.numpy()
    expect(tf.constant([[1, 2], [3, 4], [5, 6]]).numpy()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('-DTkjwDOIIDa, 2smoWeUz-N2q: add, multiply and matmul (and their operator forms)', () => {
    const a = tf.constant([[1, 2], [3, 4]], 'int32');
    const b = tf.constant([[1, 1], [1, 1]], 'int32');
    for (const [sum, product, matrixProduct] of [
      [tf.add(a, b), tf.multiply(a, b), tf.matmul(a, b)],
      [a.add(b), a.mul(b), a.matmul(b)],
    ]) {
      expect(sum!.arraySync()).toEqual([[2, 3], [4, 5]]);
      expect(product!.arraySync()).toEqual([[1, 2], [3, 4]]);
      expect(matrixProduct!.arraySync()).toEqual([[3, 3], [7, 7]]);
      expect(matrixProduct!.dtype).toBe('int32');
    }
  });

  it('Gp4WUYzGIbnv: reduce_max, argmax and softmax', () => {
    const c = tf.constant([[4.0, 5.0], [10.0, 1.0]]);
    expect(tf.reduceMax(c).item()).toBe(10);
    const argmax = tf.argmax(c);
    expect(values(argmax)).toEqual([1, 0]);
    expect(argmax.dtype).toBe('int32'); // TensorFlow: int64, which gradtape does not have (README)
    // The guide prints [[2.6894143e-01 7.3105860e-01] [9.9987662e-01 1.2339458e-04]]. gradtape's
    // float32 exp is within 3 ulp (README, "Speed and memory"), and 0.7310586 comes out one ulp
    // lower, 0.73105854; the other three agree to the printed digits.
    const softmax = values(tf.nn.softmax(c));
    expect(softmax[0]).toBe(f32(0.26894143));
    expect(Math.abs(softmax[1]! - f32(0.7310586))).toBeLessThanOrEqual(2 ** -24 * 2);
    expect(softmax[2]).toBe(f32(0.99987662));
    expect(softmax[3]).toBe(f32(1.2339458e-4));
  });

  it('tf.convert_to_tensor and plain arrays as op arguments', () => {
    expect(values(tf.convertToTensor([1, 2, 3]))).toEqual([1, 2, 3]);
    expect(tf.reduceMax([1, 2, 3]).item()).toBe(3);
    expect(values(tf.nn.softmax([4.0, 5.0]))[0]).toBe(f32(0.26894143));
  });

  it('RyD3yewUKdnK, MHm9vSqogsBk: dtype, ndim, shape, shape[0], shape[-1] and tf.size', () => {
    const rank4 = tf.zeros([3, 2, 4, 5]);
    expect(rank4.dtype).toBe('float32');
    expect(rank4.ndim).toBe(4); // "Number of axes: 4"
    expect(rank4.shape).toEqual([3, 2, 4, 5]);
    expect(rank4.shape[0]).toBe(3);
    expect(rank4.shape.at(-1)).toBe(5);
    expect(tf.size(rank4).numpy()).toBe(120);
    expect(tf.rank(rank4).item()).toBe(4);
    expect(tf.shape(rank4).arraySync()).toEqual([3, 2, 4, 5]);
  });

  // Python's x[...] is tf.strided_slice with masks; the ports spell the masks out.
  const rank1 = () => tf.constant([0, 1, 1, 2, 3, 5, 8, 13, 21, 34], 'int32');
  const whole = { beginMask: 1, endMask: 1 };

  it('SQ-CrJxLXTIM, n6tqHciOWMt5, giVPPcfQX-cu: single-axis indexing and slicing', () => {
    const t = rank1();
    expect(t.numpy()).toEqual([0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    const at = (i: number) => t.stridedSlice([i], [i + 1], [1], { shrinkAxisMask: 1 }).numpy();
    expect([at(0), at(1), at(-1)]).toEqual([0, 1, 34]); // First, Second, Last
    expect(t.stridedSlice([0], [0], [1], whole).numpy()).toEqual([0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
    expect(t.stridedSlice([0], [4]).numpy()).toEqual([0, 1, 1, 2]); // [:4]
    expect(t.stridedSlice([4], [0], [1], { endMask: 1 }).numpy()).toEqual([3, 5, 8, 13, 21, 34]); // [4:]
    expect(t.stridedSlice([2], [7]).numpy()).toEqual([1, 2, 3, 5, 8]); // [2:7]
    expect(t.stridedSlice([0], [0], [2], whole).numpy()).toEqual([0, 1, 3, 8, 21]); // [::2]
    expect(t.stridedSlice([0], [0], [-1], whole).numpy()).toEqual([34, 21, 13, 8, 5, 3, 2, 1, 1, 0]); // [::-1]
  });

  it('PvILXc1PjqTM, YTqNqsfJkJP_, GuLoMoCVSLxK: multi-axis indexing', () => {
    const rank2 = tf.constant([[1, 2], [3, 4], [5, 6]]);
    expect(rank2.stridedSlice([1, 1], [2, 2], [1, 1], { shrinkAxisMask: 3 }).numpy()).toBe(4); // [1, 1]
    expect(rank2.stridedSlice([1, 0], [2, 0], [1, 1], { shrinkAxisMask: 1, endMask: 2 }).numpy()).toEqual([3, 4]); // Second row
    expect(rank2.stridedSlice([0, 1], [0, 2], [1, 1], { beginMask: 1, endMask: 1, shrinkAxisMask: 2 }).numpy()).toEqual([2, 4, 6]); // Second column
    expect(rank2.stridedSlice([-1, 0], [0, 0], [1, 1], { shrinkAxisMask: 1, endMask: 2 }).numpy()).toEqual([5, 6]); // Last row
    expect(rank2.stridedSlice([0, -1], [1, 0], [1, 1], { shrinkAxisMask: 3 }).numpy()).toBe(2); // First item in last column
    expect(rank2.stridedSlice([1, 0], [0, 0], [1, 1], { endMask: 3 }).numpy()).toEqual([[3, 4], [5, 6]]); // Skip the first row
    const rank3 = tf.reshape(tf.range(0, 30, 1, 'int32'), [3, 2, 5]);
    const last = rank3.stridedSlice([0, 0, 4], [0, 0, 5], [1, 1, 1], { beginMask: 3, endMask: 3, shrinkAxisMask: 4 }); // [:, :, 4]
    expect([last.shape, last.arraySync()]).toEqual([[3, 2], [[4, 9], [14, 19], [24, 29]]]);
  });

  it('EMeTtga5Wq8j, 38jc2RXziT3W, pa9JCgMLWy87, Mcq7iXOkW3LK: the shape of a variable, and reshape', () => {
    const varX = new tf.Variable(tf.constant([[1], [2], [3]], 'int32'));
    expect(varX.shape).toEqual([3, 1]);
    const reshaped = tf.reshape(varX, [1, 3]);
    expect([varX.shape, reshaped.shape]).toEqual([[3, 1], [1, 3]]);
  });

  it('COnHEPuaWDQp, zP2Iqc7zWu_J, I9qDL_8u7cBH: good and bad reshapes', () => {
    const rank3 = tf.reshape(tf.range(0, 30, 1, 'int32'), [3, 2, 5]);
    const flat = Array.from({ length: 30 }, (_, i) => i);
    expect(tf.reshape(rank3, [-1]).numpy()).toEqual(flat);
    expect(values(tf.reshape(rank3, [3 * 2, 5]))).toEqual(flat);
    expect(tf.reshape(rank3, [3 * 2, 5]).shape).toEqual([6, 5]);
    expect(tf.reshape(rank3, [3, -1]).shape).toEqual([3, 10]);
    expect(tf.reshape(rank3, [2, 3, 5]).arraySync()).toEqual([
      [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]],
      [[15, 16, 17, 18, 19], [20, 21, 22, 23, 24], [25, 26, 27, 28, 29]],
    ]);
    expect((tf.reshape(rank3, [5, 6]).arraySync() as number[][])[1]).toEqual([6, 7, 8, 9, 10, 11]);
    // TensorFlow: InvalidArgumentError: Input to reshape is a tensor with 30 values, but the
    // requested shape requires a multiple of 7. gradtape throws an Error of its own wording.
    expect(thrown(() => tf.reshape(rank3, [7, -1])).message).toMatch(/30 elements\) to \[7, -1\]/);
  });

  it('5mSTDWbelUvu: casts lose the decimals (through float32 and int32: float16 and uint8 are not offered)', () => {
    expect(thrown(() => tf.cast(tf.constant([2.2, 3.3, 4.4], 'float64'), 'uint8' as tf.DType)).message).toMatch(/gradtape has no uint8 dtype.*use .int32./);
    const f64 = tf.constant([2.2, 3.3, 4.4], 'float64');
    expect(values(tf.cast(tf.cast(f64, 'float32'), 'int32'))).toEqual([2, 3, 4]); // the guide's [2 3 4]
  });

  it('P8sypqmagHQN, 6sGmkPg3XANr, elrF6v63igY8, GW2Q59_r8hZ6: broadcasting', () => {
    const x = tf.constant([1, 2, 3], 'int32');
    const y = tf.constant(2, 'int32');
    const z = tf.constant([2, 2, 2], 'int32');
    for (const r of [tf.multiply(x, 2), x.mul(y), x.mul(z)]) expect([r.dtype, r.numpy()]).toEqual(['int32', [2, 4, 6]]);
    const column = tf.reshape(x, [3, 1]);
    const row = tf.range(1, 5);
    expect([row.dtype, row.numpy()]).toEqual(['int32', [1, 2, 3, 4]]);
    const table = [[1, 2, 3, 4], [2, 4, 6, 8], [3, 6, 9, 12]];
    expect(tf.multiply(column, row).arraySync()).toEqual(table);
    const xStretch = tf.constant([[1, 1, 1, 1], [2, 2, 2, 2], [3, 3, 3, 3]], 'int32');
    const yStretch = tf.constant([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]], 'int32');
    expect(xStretch.mul(yStretch).arraySync()).toEqual(table);
    expect(tf.broadcastTo(tf.constant([1, 2, 3], 'int32'), [3, 3]).arraySync()).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
  });

  it('p4xKTo57tutG: a ragged list is refused (ValueError in TensorFlow)', () => {
    const ragged = [[0, 1, 2, 3], [4, 5], [6, 7, 8], [9]];
    expect(thrown(() => tf.constant(ragged as unknown as number[][])).message).toMatch(/ragged/);
  });
});

describe('guide/variable: Introduction to Variables', () => {
  const myTensor = () => tf.constant([[1.0, 2.0], [3.0, 4.0]]);

  it('dsYXSqleojj7, GhNfPwCYpvlq: a variable has the dtype and shape of its initial value', () => {
    const myVariable = new tf.Variable(myTensor());
    const boolVariable = new tf.Variable([false, false, false, true]);
    expect(boolVariable.dtype).toBe('bool');
    expect(myVariable.shape).toEqual([2, 2]);
    expect(myVariable.dtype).toBe('float32');
    expect(myVariable.numpy()).toEqual([[1, 2], [3, 4]]);
    // complex_variable = tf.Variable([5 + 4j, 6 + 1j]): complex dtypes are not supported.
    expect(thrown(() => new tf.Variable([5, 6], { dtype: 'complex64' as tf.DType })).message).toMatch(/gradtape has no complex64 dtype.*complex numbers are not supported/);
  });

  it('TrIaExVNp_LK: convert_to_tensor reads a variable; argmax; reshape copies', () => {
    const myVariable = new tf.Variable(myTensor());
    expect(String(myVariable)).toBe("<tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=\narray([[1., 2.],\n       [3., 4.]], dtype=float32)>");
    // "Viewed as a tensor: tf.Tensor(...)": a tensor, not the variable.
    const viewed = tf.convertToTensor(myVariable);
    expect(viewed).not.toBeInstanceOf(tf.Variable);
    expect(String(viewed)).toBe('tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)');
    myVariable.assign([[0, 0], [0, 0]]);
    expect(viewed.arraySync()).toEqual([[1, 2], [3, 4]]); // a snapshot, as TensorFlow's read
    myVariable.assign(myTensor());
    expect(values(tf.math.argmax(myVariable))).toEqual([1, 1]);
    const reshaped = tf.reshape(myVariable, [1, 4]);
    expect([reshaped.shape, reshaped.arraySync()]).toEqual([[1, 4], [[1, 2, 3, 4]]]);
  });

  it('yeEpO309QbB2: assign keeps the dtype; a resizing assign is a ValueError', () => {
    const a = new tf.Variable([2.0, 3.0]);
    a.assign([1, 2]);
    expect([a.dtype, a.numpy()]).toEqual(['float32', [1, 2]]);
    const e = thrown(() => a.assign([1.0, 2.0, 3.0]));
    expect(e.name).toBe('ValueError');
    expect(e.message).toBe(
      "Cannot assign value to variable ' Variable:0': Shape mismatch.The variable shape (2,), and the assigned value shape (3,) are incompatible.",
    );
  });

  it('2CnfGc6ucbXc: a variable made from another copies it; assign_add and assign_sub', () => {
    const a = new tf.Variable([2.0, 3.0]);
    const b = new tf.Variable(a);
    a.assign([5, 6]);
    expect(a.numpy()).toEqual([5, 6]);
    expect(b.numpy()).toEqual([2, 3]);
    expect(a.assignAdd([2, 3]).numpy()).toEqual([7, 9]);
    expect(a.assignSub([7, 9]).numpy()).toEqual([0, 0]);
  });

  it('VBFbzKj8RaPf, B5Sj1DqhbZvx: two variables may share a name; trainable=False', () => {
    const a = new tf.Variable(myTensor(), { name: 'Mark' });
    const b = new tf.Variable(myTensor().add(1), { name: 'Mark' });
    expect(tf.equal(a, b).arraySync()).toEqual([[false, false], [false, false]]); // print(a == b)
    // TensorFlow's name is 'Mark:0'; gradtape's `name` is the name as given (doc comment), and
    // the text of the variable says 'Mark:0'.
    expect(a.name).toBe('Mark');
    expect(String(a).startsWith("<tf.Variable 'Mark:0'")).toBe(true);
    const stepCounter = new tf.Variable(tf.constant(1, 'int32'), { trainable: false });
    expect([stepCounter.trainable, stepCounter.dtype]).toEqual([false, 'int32']);
  });

  it('2SjpD7wVUSBJ, dgWHN3QSfNiQ: tf.device places nothing, and the products are the same', () => {
    let c: tf.Tensor | undefined;
    tf.device('CPU:0', () => {
      const a = new tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
      const b = tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]);
      c = tf.matmul(a, b);
    });
    expect(c!.arraySync()).toEqual([[22, 28], [49, 64]]);
    let a: tf.Variable | undefined;
    let b: tf.Variable | undefined;
    tf.device('CPU:0', () => {
      a = new tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]);
      b = new tf.Variable([[1.0, 2.0, 3.0]]);
    });
    const k = tf.device('GPU:0', () => a!.mul(b!));
    expect(k.arraySync()).toEqual([[1, 4, 9], [4, 10, 18]]);
  });
});

describe('guide/autodiff: Introduction to gradients and automatic differentiation', () => {
  it('Xq9GgTCP7a4A, LsvrwF6bHroC: dy/dx of x**2 at 3', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.pow(2));
    expect(y.item()).toBe(9);
    expect(tape.gradient(y, x)!.numpy()).toBe(6);
  });

  it('vacZ3-Ws5VdV, luOtK1Da_BR0, aYbWRFPZqk4U, d73cY6NOuaMd: gradients of tensors, as a list or a dict', () => {
    tf.random.setSeed(1);
    const w = new tf.Variable(tf.random.normal([3, 2]), { name: 'w' });
    const b = new tf.Variable(tf.zeros(2, 'float32'), { name: 'b' }); // tf.zeros(2, dtype=tf.float32)
    expect(b.shape).toEqual([2]);
    const x = [[1, 2, 3]];
    const tape = new tf.GradientTape({ persistent: true });
    let y: tf.Tensor | undefined;
    const loss = tape.record(() => {
      y = tf.matmul(x, w).add(b);
      return tf.reduceMean(y.pow(2));
    });
    const [dlDw, dlDb] = tape.gradient(loss, [w, b]);
    expect([w.shape, dlDw!.shape]).toEqual([[3, 2], [3, 2]]);
    // The guide's numbers come from its random w; here d(mean(y²))/db = y and dl/dw = xᵀy.
    const yv = values(y);
    const db = values(dlDb);
    yv.forEach((v, i) => expect(db[i]).toBeCloseTo(v, 5));
    (dlDw!.arraySync() as number[][]).forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo((i + 1) * yv[j]!, 5)));
    const grad = tape.gradient(loss, { w, b });
    expect(values(grad.b)).toEqual(db);
    tape.dispose();
  });

  it('JvesHtbQESc-, PR_ezr6UFrpI: gradients with respect to a model (a Dense module), one per trainable variable', () => {
    const layer = new Dense(3, 2, tf.nn.relu);
    const x = tf.constant([[1, 2, 3]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => tf.reduceMean(layer.call(x).pow(2)));
    const grad = tape.gradient(loss, layer.trainableVariables);
    // TensorFlow: dense/kernel:0, shape: (3, 2) and dense/bias:0, shape: (2,) (Keras's order);
    // tf.Module lists a module's variables by property name: bias before kernel.
    expect(layer.trainableVariables.map((v, i) => [v.name, grad[i]!.shape])).toEqual([['bias', [2]], ['kernel', [3, 2]]]);
  });

  it('Kj9gPckdB37a, hwNwjW1eAkib: only trainable variables are watched', () => {
    const x0 = new tf.Variable(3.0, { name: 'x0' });
    const x1 = new tf.Variable(3.0, { name: 'x1', trainable: false });
    const x2 = new tf.Variable(2.0, { name: 'x2' }).add(1.0); // a variable + a tensor is a tensor
    const x3 = tf.constant(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x0.pow(2).add(x1.pow(2)).add(x2.pow(2)));
    const grad = tape.gradient(y, [x0, x1, x2, x3]);
    expect(String(grad[0])).toBe('tf.Tensor(6.0, shape=(), dtype=float32)');
    expect(grad.slice(1)).toEqual([null, null, null]);
    expect(tape.watchedVariables().map((v) => v.name)).toEqual(['x0']); // TensorFlow: ['x0:0']
  });

  it('tVN1QqFRDHBK, 7QPzwWvSEwIp, e6GM-3evH1Sz: watch(x), and watch_accessed_variables=False', () => {
    {
      const x = tf.constant(3.0);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => x.pow(2));
      expect(tape.gradient(y, x)!.numpy()).toBe(6);
    }
    const x0 = new tf.Variable(0.0);
    const x1 = new tf.Variable(10.0);
    const tape = new tf.GradientTape({ watchAccessedVariables: false });
    tape.watch(x1);
    const ys = tape.record(() => tf.reduceSum(tf.math.sin(x0).add(tf.nn.softplus(x1))));
    const grad = tape.gradient(ys, { x0, x1 });
    expect(grad.x0).toBeNull(); // dy/dx0: None
    expect(grad.x1!.numpy()).toBe(f32(0.9999546)); // dy/dx1: 0.9999546
  });

  it('7XaPRAwUyYms, zZaCm3-9zVCi: intermediate results, and a persistent tape', () => {
    {
      const x = tf.constant(3.0);
      const tape = new tf.GradientTape();
      tape.watch(x);
      let y: tf.Tensor | undefined;
      const z = tape.record(() => {
        y = x.mul(x);
        return y.mul(y);
      });
      expect(tape.gradient(z, y!)!.numpy()).toBe(18);
    }
    const x = tf.constant([1, 3.0]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    let y: tf.Tensor | undefined;
    const z = tape.record(() => {
      y = x.mul(x);
      return y.mul(y);
    });
    expect(tape.gradient(z, x)!.numpy()).toEqual([4, 108]);
    expect(tape.gradient(y!, x)!.numpy()).toEqual([2, 6]);
    tape.dispose(); // del tape
  });

  it('qI0sDV_WeXBb, o4a6_YOcfWKS, DArPWqsSh5un: gradients of non-scalar targets are of their sums', () => {
    {
      const x = new tf.Variable(2.0);
      const tape = new tf.GradientTape({ persistent: true });
      const [y0, y1] = tape.record(() => [x.pow(2), tf.div(1, x)]);
      expect([tape.gradient(y0!, x)!.numpy(), tape.gradient(y1!, x)!.numpy()]).toEqual([4, -0.25]);
    }
    {
      const x = new tf.Variable(2.0);
      const tape = new tf.GradientTape();
      const targets = tape.record(() => ({ y0: x.pow(2), y1: tf.div(1, x) }));
      expect(tape.gradient(targets, x)!.numpy()).toBe(3.75);
    }
    const x = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul([3, 4]));
    expect(tape.gradient(y, x)!.numpy()).toBe(7);
  });

  it('JQvk_jnMmTDS: the gradient of an elementwise sum is the elementwise derivative', () => {
    const x = tf.linspace(-10.0, 10.0, 200 + 1);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.nn.sigmoid(x));
    const dyDx = tape.gradient(y, x)!;
    expect(dyDx.shape).toEqual([201]);
    const xs = values(x);
    values(dyDx).forEach((d, i) => {
      const s = 1 / (1 + Math.exp(-xs[i]!));
      expect(d).toBeCloseTo(s * (1 - s), 6);
    });
  });

  it('ciFLizhrrjy7, 8k05WmuAwPm7: control flow; a variable that is the target has gradient 1', () => {
    const x = tf.constant(1.0);
    const v0 = new tf.Variable(2.0);
    const v1 = new tf.Variable(2.0);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch(x);
    const result = tape.record(() => (tf.greater(x, 0.0).item() ? v0 : v1.pow(2)));
    const [dv0, dv1] = tape.gradient(result, [v0, v1]);
    expect(String(dv0)).toBe('tf.Tensor(1.0, shape=(), dtype=float32)');
    expect(dv1).toBeNull();
    expect(tape.gradient(result, x)).toBeNull(); // dx: None
    tape.dispose();
  });

  it('ciFLizhrrjy7 (the rule behind it): a source that is a target gets ones, or its output gradient', () => {
    const v = new tf.Variable([2, 3]);
    const tape = new tf.GradientTape({ persistent: true });
    const c = tf.constant([1, 1]);
    expect(values(tape.gradient(v, v))).toEqual([1, 1]); // never read while recording
    expect(values(tape.gradient(c, c))).toEqual([1, 1]); // never watched
    expect(values(tape.gradient(v, v, { outputGradients: tf.constant([5, 7]) }))).toEqual([5, 7]);
    expect(values(tape.gradient([v, v], v))).toEqual([2, 2]);
    expect(tape.gradient(v, c)).toBeNull();
    const n = new tf.Variable(tf.constant([1, 2], 'int32'));
    expect(tape.gradient(n, n)).toBeNull(); // integers get no gradient
    tape.dispose();
  });

  it('CU185WDM81Ut, QPKY4Tn9zX7_: unconnected targets, and a variable replaced by a tensor', () => {
    {
      const x = new tf.Variable(2);
      const y = new tf.Variable(3);
      const tape = new tf.GradientTape();
      const z = tape.record(() => y.mul(y));
      expect(tape.gradient(z, x)).toBeNull();
    }
    let x: tf.Tensor = new tf.Variable(2.0);
    const printed: [boolean, string][] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const tape = new tf.GradientTape();
      const y = tape.record(() => x.add(1));
      const g = tape.gradient(y, x);
      printed.push([x instanceof tf.Variable, g === null ? 'None' : String(g)]);
      x = x.add(1); // This should be `x.assign_add(1)`
    }
    // ResourceVariable : tf.Tensor(1.0, shape=(), dtype=float32) / EagerTensor : None
    expect(printed).toEqual([[true, 'tf.Tensor(1.0, shape=(), dtype=float32)'], [false, 'None']]);
  });

  it('jmoLCDJb_yw1: a step computed outside the library disconnects the gradient', () => {
    const x = new tf.Variable([[1.0, 2.0], [3.0, 4.0]], { dtype: 'float32' });
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const x2 = x.pow(2).arraySync() as number[][];
      const columnMeans = [0, 1].map((j) => (x2[0]![j]! + x2[1]![j]!) / 2); // np.mean(x2, axis=0)
      return tf.reduceMean(columnMeans, 0);
    });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it('9jlHXHqfASU3: integer paths have no gradient', () => {
    const x = new tf.Variable(tf.constant([[2, 2], [2, 2]], 'int32'));
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tf.cast(x, 'float32');
      return tf.reduceSum(x);
    });
    expect(y.dtype).toBe('int32');
    expect(tape.gradient(y, x)).toBeNull();
  });

  it('C1tLeeRFE479: state stops gradients', () => {
    const x0 = new tf.Variable(3.0);
    const x1 = new tf.Variable(0.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      x1.assignAdd(x0);
      return x1.pow(2);
    });
    expect(tape.gradient(y, x0)).toBeNull();
  });

  it('HSb20FXc_V0U: adjust_contrast takes a variable factor, and (unlike TensorFlow) has a gradient', () => {
    // TensorFlow prints "LookupError: gradient registry has no entry for: AdjustContrastv2".
    // gradtape's adjustContrast is written with differentiable ops (README, tf.image), so the
    // gradients exist: d/dimage of (x − mean)·f + mean summed is 1, d/df is Σ(x − mean) = 0.
    const image = new tf.Variable([[[0.5, 0.0, 0.0]]]);
    const delta = new tf.Variable(0.1);
    const tape = new tf.GradientTape();
    const newImage = tape.record(() => tf.image.adjustContrast(image, delta));
    expect(values(newImage)).toEqual([0.5, 0, 0]); // a 1×1 image is its own mean
    const [dImage, dDelta] = tape.gradient(newImage, [image, delta]);
    expect(values(dImage)).toEqual([1, 1, 1]);
    expect(dDelta!.item()).toBe(0);
    expect(thrown(() => tf.image.adjustContrast(image, tf.constant([1, 2]))).message).toMatch(/contrastFactor must be a scalar float tensor/);
  });

  it('U6zxk1sf9Ixx: zeros instead of None', () => {
    const x = new tf.Variable([2.0, 2.0]);
    const y = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const z = tape.record(() => y.pow(2));
    expect(String(tape.gradient(z, x, { unconnectedGradients: 'zero' }))).toBe('tf.Tensor([0. 0.], shape=(2,), dtype=float32)');
  });

  it('a non-persistent tape computes one set of gradients (RuntimeError in TensorFlow)', () => {
    const x = new tf.Variable(2);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x));
    tape.gradient(y, x);
    expect(thrown(() => tape.gradient(y, x)).message).toMatch(/^A non-persistent GradientTape can only be used to compute one set of gradients \(or jacobians\)/);
  });
});

describe('guide/advanced_autodiff: Advanced automatic differentiation', () => {
  it('mhFSYf7uQWxR: stop_recording', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      const xSq = x.mul(x);
      const ySq = t.stopRecording(() => y.mul(y));
      return xSq.add(ySq);
    });
    const grad = t.gradient(z, { x, y });
    expect(String(grad.x)).toBe('tf.Tensor(4.0, shape=(), dtype=float32)');
    expect(grad.y).toBeNull();
  });

  it('lsMHsmrh4pqM: reset', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const reset = true;
    const t = new tf.GradientTape();
    const z = t.record(() => {
      const ySq = y.mul(y);
      if (reset) t.reset(); // Throw out all the tape recorded so far.
      return x.mul(x).add(ySq);
    });
    const grad = t.gradient(z, { x, y });
    expect(grad.x!.item()).toBe(4);
    expect(grad.y).toBeNull();
  });

  it('30qnZMe48BkB: stop_gradient', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => x.pow(2).add(tf.stopGradient(y.pow(2))));
    const grad = t.gradient(z, { x, y });
    expect(grad.x!.item()).toBe(4);
    expect(grad.y).toBeNull();
  });

  const clipGradients = tf.customGradient((y: tf.Tensor) => [y, (dy: tf.Tensor) => tf.clipByNorm(dy, 0.5)]);

  it('Mjj01w4NYtwd: a custom gradient that clips', () => {
    const v = new tf.Variable(2.0);
    const t = new tf.GradientTape();
    const output = t.record(() => clipGradients(v.mul(v)));
    expect(String(t.gradient(output, v))).toBe('tf.Tensor(2.0, shape=(), dtype=float32)'); // clips 4 to 2
  });

  it('Q5JBgIBYjN1I: the custom gradient inside a tf.function with an input signature (SavedModel itself is not offered)', () => {
    class MyModule extends tf.Module {
      callCustomGrad = tf.function((x: tf.Tensor) => clipGradients(x), { inputSignature: [new tf.TensorSpec(null)] });
    }
    const model = new MyModule();
    const v = new tf.Variable(2.0);
    const t = new tf.GradientTape();
    const output = t.record(() => model.callCustomGrad(v.mul(v)));
    expect(t.gradient(output, v)!.item()).toBe(2);
  });

  it('BJ0HdMvte0VZ, 6ApAoMNFfNz6, rF1jrAJsfYW_: two tapes watching different tensors', () => {
    const x0 = tf.constant(0.0);
    const x1 = tf.constant(0.0);
    const tape0 = new tf.GradientTape();
    const tape1 = new tf.GradientTape();
    tape0.watch(x0);
    tape1.watch(x1);
    const ys = tape0.record(() => tape1.record(() => tf.reduceSum(tf.math.sin(x0).add(tf.nn.sigmoid(x1)))));
    expect(tape0.gradient(ys, x0)!.numpy()).toBe(1); // cos(x) => 1.0
    expect(tape1.gradient(ys, x1)!.numpy()).toBe(0.25); // sigmoid(x1)*(1-sigmoid(x1)) => 0.25
  });

  it('cPQgthZ7ugRJ: higher-order gradients', () => {
    const x = new tf.Variable(1.0);
    const t2 = new tf.GradientTape();
    const dyDx = t2.record(() => {
      const t1 = new tf.GradientTape();
      const y = t1.record(() => x.mul(x).mul(x));
      return t1.gradient(y, x)!;
    });
    const d2yDx2 = t2.gradient(dyDx, x)!;
    expect(dyDx.numpy()).toBe(3);
    expect(d2yDx2.numpy()).toBe(6);
  });

  it('tH3ZFuUfDLrR, E6yOFsjEDR9u, 123QMq6PqK_d: input gradient regularization', () => {
    const x = tf.random.normal([7, 5]);
    const layer = new Dense(5, 10, tf.nn.relu);
    const t2 = new tf.GradientTape();
    const g1Mag = t2.record(() => {
      const t1 = new tf.GradientTape({ watchAccessedVariables: false });
      t1.watch(x);
      const out = t1.record(() => {
        layer.call(x);
        return tf.reduceSum(layer.call(x).pow(2));
      });
      const g1 = t1.gradient(out, x)!;
      return tf.norm(g1);
    });
    const dg1Mag = t2.gradient(g1Mag, layer.trainableVariables);
    // [TensorShape([5, 10]), TensorShape([10])] in Keras's kernel-then-bias order.
    expect(dg1Mag.map((g) => g!.shape).reverse()).toEqual([[5, 10], [10]]);
  });

  it('bAFeIE8EuVIq, iZ6awnDzr_BA: the Jacobian with respect to a scalar has the shape of the target', () => {
    const x = tf.linspace(-10.0, 10.0, 200 + 1);
    const delta = new tf.Variable(0.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.nn.sigmoid(x.add(delta)));
    const dyDx = tape.jacobian(y, delta)!;
    expect([y.shape, dyDx.shape]).toEqual([[201], [201]]);
    const xs = values(x);
    values(dyDx).forEach((d, i) => {
      const s = 1 / (1 + Math.exp(-xs[i]!));
      expect(d).toBeCloseTo(s * (1 - s), 6);
    });
  });

  it('39YXItgLxMBk, CigTWyfPvPuv, pRLzTTbvEimH, FJjZpYRnDjVa: the Jacobian with respect to a kernel', () => {
    const x = tf.random.normal([7, 5]);
    const layer = new Dense(5, 10, tf.nn.relu);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => layer.call(x));
    expect(y.shape).toEqual([7, 10]);
    expect(layer.kernel.shape).toEqual([5, 10]);
    const j = tape.jacobian(y, layer.kernel)!;
    expect(j.shape).toEqual([7, 10, 5, 10]);
    const g = tape.gradient(y, layer.kernel)!;
    expect(g.shape).toEqual([5, 10]);
    const jSum = tf.reduceSum(j, [0, 1]);
    const delta = tf.reduceMax(tf.abs(g.sub(jSum))).numpy() as number;
    expect(delta).toBeLessThan(1e-3); // assert delta < 1e-3
    tape.dispose();
  });

  it('ELGTaell_j81, FVqQuZj4XGjm, 6te7N6wVXwXX, 3DdnbynBdSor, k1LYftgmswOO: a Hessian and a Newton step', () => {
    let x = tf.random.normal([7, 5]);
    const layer1 = new Dense(5, 8, tf.nn.relu);
    const layer2 = new Dense(8, 6, tf.nn.relu);
    const t2 = new tf.GradientTape();
    const g = t2.record(() => {
      const t1 = new tf.GradientTape();
      const loss = t1.record(() => {
        x = layer1.call(x);
        x = layer2.call(x);
        return tf.reduceMean(x.pow(2));
      });
      return t1.gradient(loss, layer1.kernel)!;
    });
    const h = t2.jacobian(g, layer1.kernel)!;
    expect(layer1.kernel.shape).toEqual([5, 8]);
    expect(h.shape).toEqual([5, 8, 5, 8]);
    const nParams = tf.reduceProd(layer1.kernel.shape).item();
    const gVec = tf.reshape(g, [nParams, 1]);
    const hMat = tf.reshape(h, [nParams, nParams]);
    // The Hessian matrix should be symmetric.
    expect(tf.reduceMax(tf.abs(hMat.sub(tf.transpose(hMat)))).item()).toBeLessThan(1e-5);
    const eyeEps = tf.eye(hMat.shape[0]!).mul(1e-3);
    const update = tf.linalg.solve(hMat.add(eyeEps), gVec);
    const before = layer1.kernel.numpy() as number[][];
    layer1.kernel.assignSub(tf.reshape(update, layer1.kernel.shape));
    const step = values(update);
    (layer1.kernel.numpy() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo(before.flat()[i]! - step[i]!, 5));
  });

  it('tQMndhIUHMes, 1zSl2A5-HhMH, v65OAjEgLQwl, YJLIl9WpHqYq, -5t_q5SfHw7T: batch Jacobians', () => {
    const x = tf.random.normal([7, 5]);
    const layer1 = new Dense(5, 8, tf.nn.elu);
    const layer2 = new Dense(8, 6, tf.nn.elu);
    const tape = new tf.GradientTape({ persistent: true, watchAccessedVariables: false });
    tape.watch(x);
    const y = tape.record(() => layer2.call(layer1.call(x)));
    expect(y.shape).toEqual([7, 6]);
    const j = tape.jacobian(y, x)!;
    expect(j.shape).toEqual([7, 6, 7, 5]);
    // Every (batch, batch) slice is diagonal: j[:, 0, :, 0] is zero off the diagonal.
    const slice = j.stridedSlice([0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], { beginMask: 5, endMask: 5, shrinkAxisMask: 10 }).arraySync() as number[][];
    slice.forEach((row, a) => row.forEach((v, b) => a !== b && expect(v).toBe(0)));
    const jSum = tf.reduceSum(j, 2);
    expect(jSum.shape).toEqual([7, 6, 5]);
    const jSelect = tf.einsum('bxby->bxy', j);
    expect(jSelect.shape).toEqual([7, 6, 5]);
    const jb = tape.batchJacobian(y, x)!;
    expect(jb.shape).toEqual([7, 6, 5]);
    const error = tf.reduceMax(tf.abs(jb.sub(jSum))).numpy() as number;
    expect(error).toBeLessThan(1e-3); // the guide prints 0.0
    expect(tf.reduceMax(tf.abs(jb.sub(jSelect))).item()).toBeLessThan(1e-6);
    tape.dispose();
  });

  it('tnDugVc-L4fj, k8_mICHoasCi: batch normalization couples the batch; batch_jacobian still returns its shape', () => {
    const x = tf.random.normal([7, 5]);
    const layer1 = new Dense(5, 8, tf.nn.elu);
    const layer2 = new Dense(8, 6, tf.nn.elu);
    // tf.keras.layers.BatchNormalization()(y, training=True) with its initial gamma 1 and beta 0.
    const batchNorm = (t: tf.Tensor) => {
      const [mean, variance] = tf.nn.moments(t, [0]);
      return tf.nn.batchNormalization(t, mean, variance, null, null, 1e-3);
    };
    const tape = new tf.GradientTape({ persistent: true, watchAccessedVariables: false });
    tape.watch(x);
    const y = tape.record(() => layer2.call(batchNorm(layer1.call(x))));
    const j = tape.jacobian(y, x)!;
    expect(j.shape).toEqual([7, 6, 7, 5]);
    const slice = j.stridedSlice([0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], { beginMask: 5, endMask: 5, shrinkAxisMask: 10 }).arraySync() as number[][];
    expect(slice.some((row, a) => row.some((v, b) => a !== b && v !== 0))).toBe(true); // "These slices are not diagonal"
    expect(tape.batchJacobian(y, x)!.shape).toEqual([7, 6, 5]);
    tape.dispose();
  });
});

describe('guide/intro_to_modules: Introduction to modules, layers, and models', () => {
  class SimpleModule extends tf.Module {
    aVariable = new tf.Variable(5.0, { name: 'train_me' });
    nonTrainableVariable = new tf.Variable(5.0, { trainable: false, name: 'do_not_train_me' });
    call(x: tf.Tensor): tf.Tensor {
      return this.aVariable.mul(x).add(this.nonTrainableVariable);
    }
  }

  it('the SimpleModule cell, CyzYy4A_CbVf: a module, its trainable variables and all its variables', () => {
    const simpleModule = new SimpleModule({ name: 'simple' });
    expect(String(simpleModule.call(tf.constant(5.0)))).toBe('tf.Tensor(30.0, shape=(), dtype=float32)');
    expect(simpleModule.trainableVariables.map(String)).toEqual(["<tf.Variable 'train_me:0' shape=() dtype=float32, numpy=5.0>"]);
    expect(simpleModule.variables.map(String)).toEqual([
      "<tf.Variable 'train_me:0' shape=() dtype=float32, numpy=5.0>",
      "<tf.Variable 'do_not_train_me:0' shape=() dtype=float32, numpy=5.0>",
    ]);
  });

  class ModuleDense extends tf.Module {
    w: tf.Variable;
    b: tf.Variable;
    constructor(inFeatures: number, outFeatures: number) {
      super({ name: 'dense' });
      this.w = new tf.Variable(tf.random.normal([inFeatures, outFeatures]), { name: 'w' });
      this.b = new tf.Variable(tf.zeros([outFeatures]), { name: 'b' });
    }
    call(x: tf.Tensor): tf.Tensor {
      return tf.nn.relu(tf.matmul(x, this.w).add(this.b));
    }
  }
  class SequentialModule extends tf.Module {
    dense_1 = new ModuleDense(3, 3);
    dense_2 = new ModuleDense(3, 2);
    call(x: tf.Tensor): tf.Tensor {
      return this.dense_2.call(this.dense_1.call(x));
    }
  }

  it('Efb2p2bzAn-V, QQ7qQf-DFw74, JLFA5_PEGb6C, 6lzoB8pcRN12: a two-layer model, its submodules and variables', () => {
    const myModel = new SequentialModule({ name: 'the_model' });
    const results = myModel.call(tf.constant([[2.0, 2.0, 2.0]]));
    expect([results.shape, results.dtype]).toEqual([[1, 2], 'float32']);
    expect(values(results).every((v) => v >= 0)).toBe(true); // relu
    expect(myModel.submodules).toEqual([myModel.dense_1, myModel.dense_2]);
    // The guide prints b (3,), w (3, 3), b (2,), w (3, 2): each module's variables by name.
    expect(myModel.variables.map((v) => [v.name, v.shape])).toEqual([['b', [3]], ['w', [3, 3]], ['b', [2]], ['w', [3, 2]]]);
  });

  class FlexibleDenseModule extends tf.Module {
    isBuilt = false;
    w: tf.Variable | null = null;
    b: tf.Variable | null = null;
    constructor(readonly outFeatures: number) {
      super();
    }
    call(x: tf.Tensor): tf.Tensor {
      if (!this.isBuilt) {
        this.w = new tf.Variable(tf.random.normal([x.shape.at(-1)!, this.outFeatures]), { name: 'w' });
        this.b = new tf.Variable(tf.zeros([this.outFeatures]), { name: 'b' });
        this.isBuilt = true;
      }
      return tf.nn.relu(tf.matmul(x, this.w!).add(this.b!));
    }
  }
  class MySequentialModule extends tf.Module {
    dense_1 = new FlexibleDenseModule(3);
    dense_2 = new FlexibleDenseModule(2);
    call(x: tf.Tensor): tf.Tensor {
      return this.dense_2.call(this.dense_1.call(x));
    }
  }

  it('XsGCLFXlnPum, 8bjOWax9LOkP, pHXKRDk7OLHA, UV8rdDzcwVVg: variables made on the first call; a checkpoint of the module', () => {
    const myModel = new MySequentialModule({ name: 'the_model' });
    const input = tf.constant([[2.0, 2.0, 2.0]]);
    const results = myModel.call(input);
    expect(results.shape).toEqual([1, 2]);
    expect(myModel.variables.map((v) => v.shape)).toEqual([[3], [3, 3], [2], [3, 2]]);
    // tf.train.Checkpoint(model=my_model) tracks the module's variables by attribute path.
    const checkpoint = new tf.train.Checkpoint({ model: myModel });
    const bytes = checkpoint.toBytes();
    const newModel = new MySequentialModule();
    const newCheckpoint = new tf.train.Checkpoint({ model: newModel });
    // TensorFlow defers the restore until the new model makes its variables; gradtape restores
    // at once and needs them made (a documented difference).
    expect(thrown(() => newCheckpoint.fromBytes(bytes)).message).toMatch(/variable 'model\/dense_1\/w' is not tracked here/);
    newModel.call(input);
    newCheckpoint.fromBytes(bytes);
    expect(values(newModel.call(input))).toEqual(values(results)); // "Should be the same result as above"
  });

  it('WQTvkapUh7lk, H5zUfti3iR52: a tf.function __call__, one graph per signature', () => {
    class FunctionModule extends tf.Module {
      dense_1 = new ModuleDense(3, 3);
      dense_2 = new ModuleDense(3, 2);
      call = tf.function((x: tf.TensorLike) => this.dense_2.call(this.dense_1.call(tf.convertToTensor(x))));
    }
    const myModel = new FunctionModule({ name: 'the_model' });
    expect(myModel.call([[2.0, 2.0, 2.0]]).shape).toEqual([1, 2]);
    expect(myModel.call([[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]]).shape).toEqual([1, 2, 2]);
    expect(myModel.call.experimentalGetTracingCount()).toBe(2);
    expect(myModel.variables).toHaveLength(4); // the compiled function is not state
  });
});

describe('guide/basic_training_loops: Basic training loops', () => {
  it('the data, MyModel, loss and training-loop cells: the model, its loss, and ten epochs of gradient descent', () => {
    const TRUE_W = 3.0;
    const TRUE_B = 2.0;
    const NUM_EXAMPLES = 201;
    const x = tf.cast(tf.linspace(-2, 2, NUM_EXAMPLES), 'float32');
    const f = (t: tf.Tensor) => t.mul(TRUE_W).add(TRUE_B);
    tf.random.setSeed(7);
    const noise = tf.random.normal([NUM_EXAMPLES]);
    const y = f(x).add(noise);

    class MyModel extends tf.Module {
      w = new tf.Variable(5.0);
      b = new tf.Variable(0.0);
      call(t: tf.TensorLike): tf.Tensor {
        return this.w.mul(t).add(this.b);
      }
    }
    const model = new MyModel();
    // Variables: (<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.0>,
    //             <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=5.0>)
    expect(model.variables.map(String)).toEqual([
      "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.0>",
      "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=5.0>",
    ]);
    expect(model.call(3.0).numpy()).toBe(15.0); // assert model(3.0).numpy() == 15.0

    const loss = (targetY: tf.Tensor, predictedY: tf.Tensor) => tf.reduceMean(tf.square(targetY.sub(predictedY)));
    const train = (m: MyModel, xs: tf.Tensor, ys: tf.Tensor, learningRate: number) => {
      const t = new tf.GradientTape();
      const currentLoss = t.record(() => loss(ys, m.call(xs)));
      const [dw, db] = t.gradient(currentLoss, [m.w, m.b]);
      m.w.assignSub(dw!.mul(learningRate));
      m.b.assignSub(db!.mul(learningRate));
    };

    // An independent reference: the same descent in float64 JavaScript arithmetic.
    const xs = values(x);
    const ys = values(y);
    let [w, b] = [5, 0];
    const lossOf = (wv: number, bv: number) => xs.reduce((s, xi, i) => s + (ys[i]! - (wv * xi + bv)) ** 2, 0) / xs.length;
    const losses: number[] = [loss(y, model.call(x)).item()];
    expect(losses[0]).toBeCloseTo(lossOf(5, 0), 3); // "Current loss"
    for (let epoch = 0; epoch < 10; epoch++) {
      train(model, x, y, 0.1);
      const residuals = xs.map((xi, i) => ys[i]! - (w * xi + b));
      const dw = (-2 * residuals.reduce((s, r, i) => s + r * xs[i]!, 0)) / xs.length;
      const db = (-2 * residuals.reduce((s, r) => s + r, 0)) / xs.length;
      [w, b] = [w - 0.1 * dw, b - 0.1 * db];
      losses.push(loss(y, model.call(x)).item());
      expect(model.w.item()).toBeCloseTo(w, 4);
      expect(model.b.item()).toBeCloseTo(b, 4);
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]!);
    expect(model.w.item()).toBeCloseTo(TRUE_W, 0);
  });

  it('the same loop with a Keras optimizer (SGD, learning rate 0.1) takes the same steps', () => {
    const x = tf.linspace(-2, 2, 201);
    const y = x.mul(3).add(2);
    const w = new tf.Variable(5.0);
    const b = new tf.Variable(0.0);
    const [wManual, bManual] = [new tf.Variable(5.0), new tf.Variable(0.0)];
    const optimizer = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    for (let epoch = 0; epoch < 10; epoch++) {
      optimizer.minimize(() => tf.reduceMean(tf.square(y.sub(w.mul(x).add(b)))), [w, b]);
      const t = new tf.GradientTape();
      const l = t.record(() => tf.reduceMean(tf.square(y.sub(wManual.mul(x).add(bManual)))));
      const [dw, db] = t.gradient(l, [wManual, bManual]);
      wManual.assignSub(dw!.mul(0.1));
      bManual.assignSub(db!.mul(0.1));
    }
    expect(w.item()).toBeCloseTo(wManual.item(), 6);
    expect(b.item()).toBeCloseTo(bManual.item(), 6);
    expect(optimizer.iterations).toBe(10);
  });
});

describe('guide/function and guide/intro_to_graphs: tf.function', () => {
  it('intro_to_graphs: a function and its graph give the same value; inner functions are traced in', () => {
    const aRegularFunction = (x: tf.Tensor, y: tf.Tensor, b: tf.Tensor) => tf.matmul(x, y).add(b);
    const aFunctionThatUsesAGraph = tf.function(aRegularFunction);
    const [x1, y1, b1] = [tf.constant([[1.0, 2.0]]), tf.constant([[2.0], [3.0]]), tf.constant(4.0)];
    const origValue = aRegularFunction(x1, y1, b1).numpy();
    expect(aFunctionThatUsesAGraph(x1, y1, b1).numpy()).toEqual(origValue);
    const outerFunction = tf.function((x: tf.Tensor) => aRegularFunction(x, tf.constant([[2.0], [3.0]]), tf.constant(4.0)));
    expect(outerFunction(tf.constant([[1.0, 2.0]])).numpy()).toEqual([[12]]); // array([[12.]], dtype=float32)
  });

  it('intro_to_graphs: simple_relu branches (on a tensor value: tf.cond, since JavaScript has no AutoGraph)', () => {
    const simpleRelu = (x: tf.Tensor) => tf.cond(tf.greater(x, 0), () => x, () => tf.zerosLike(x));
    const tfSimpleRelu = tf.function(simpleRelu);
    expect(tfSimpleRelu(tf.constant(1, 'int32')).numpy()).toBe(1); // First branch, with graph: 1
    expect(tfSimpleRelu(tf.constant(-1, 'int32')).numpy()).toBe(0); // Second branch, with graph: 0
    // A JavaScript `if` on the value is refused while tracing, with a message that says why.
    const branchy = tf.function((x: tf.Tensor) => (tf.greater(x, 0).item() ? x : tf.zerosLike(x)));
    expect(thrown(() => branchy(tf.constant(1))).message).toMatch(/reads the values of a tensor computed/);
  });

  it('intro_to_graphs: my_relu is polymorphic; calls with a traced signature do not trace', () => {
    const myRelu = tf.function((x: tf.TensorLike) => tf.maximum(0, x));
    expect(String(myRelu(tf.constant(5.5)))).toBe('tf.Tensor(5.5, shape=(), dtype=float32)');
    expect(myRelu([1, -1]).numpy()).toEqual([1, 0]);
    expect(myRelu(tf.constant([3, -3])).numpy()).toEqual([3, 0]);
    expect(myRelu.experimentalGetTracingCount()).toBe(3);
    expect(myRelu(tf.constant(-2.5)).numpy()).toBe(0);
    expect(myRelu(tf.constant([-1, 1])).numpy()).toEqual([0, 1]);
    expect(myRelu.experimentalGetTracingCount()).toBe(3); // "These two calls do *not* create new graphs."
  });

  it('intro_to_graphs: a Python side effect runs while tracing only', () => {
    const printed: string[] = [];
    const getMSE = tf.function((yTrue: tf.Tensor, yPred: tf.Tensor) => {
      printed.push('Calculating MSE!');
      return tf.reduceMean(tf.pow(yTrue.sub(yPred), 2));
    });
    const yTrue = tf.constant([1, 9, 4, 0, 3], 'int32');
    const yPred = tf.constant([4, 5, 4, 2, 3], 'int32');
    for (let i = 0; i < 3; i++) expect(getMSE(yTrue, yPred).item()).toBe(Math.trunc((9 + 16 + 0 + 4 + 0) / 5));
    expect(printed).toEqual(['Calculating MSE!']);
  });

  it('intro_to_graphs: a_function_with_python_side_effect traces for each new Python number', () => {
    const printed: string[] = [];
    const f = tf.function((x: tf.TensorLike) => {
      printed.push('Tracing!');
      const t = tf.convertToTensor(x, 'int32');
      return t.mul(t).add(tf.constant(2, 'int32'));
    });
    const results = [f(tf.constant(2, 'int32')), f(tf.constant(3, 'int32')), f(2), f(3)].map((t) => t.item());
    expect(results).toEqual([6, 11, 6, 11]);
    expect(printed).toHaveLength(3); // Tracing! before the 1st, 3rd and 4th results
  });

  it('function: add, its gradient, and a dense layer calling it', () => {
    const add = tf.function((a: tf.TensorLike, b: tf.TensorLike) => tf.add(a, b));
    expect(add(tf.ones([2, 2]), tf.ones([2, 2])).numpy()).toEqual([[2, 2], [2, 2]]);
    const v = new tf.Variable(1.0);
    const tape = new tf.GradientTape();
    const result = tape.record(() => add(v, 1.0));
    expect(String(tape.gradient(result, v))).toBe('tf.Tensor(1.0, shape=(), dtype=float32)');
    const denseLayer = tf.function((x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => add(tf.matmul(x, w), b));
    expect(denseLayer(tf.ones([3, 2]), tf.ones([2, 2]), tf.ones([2])).numpy()).toEqual([[3, 3], [3, 3], [3, 3]]);
  });

  it('function: double traces once per dtype', () => {
    const traced: string[] = [];
    const double = tf.function((a: tf.Tensor) => {
      traced.push(`Tracing with ${a.dtype}`);
      return a.add(a);
    });
    expect(String(double(tf.constant(1, 'int32')))).toBe('tf.Tensor(2, shape=(), dtype=int32)');
    expect(String(double(tf.constant(1.1)))).toBe('tf.Tensor(2.2, shape=(), dtype=float32)');
    expect(double(tf.constant(5, 'int32')).item()).toBe(10);
    expect(traced).toEqual(['Tracing with int32', 'Tracing with float32']);
  });

  it('function: an input signature; arguments outside it are a TypeError', () => {
    const traced: number[][] = [];
    const nextCollatz = tf.function(
      (x: tf.Tensor) => {
        traced.push(x.shape);
        return tf.where(tf.equal(tf.mod(x, 2), 0), tf.floorDiv(x, 2), x.mul(3).add(1));
      },
      { inputSignature: [new tf.TensorSpec([null], 'int32')] },
    );
    expect(String(nextCollatz(tf.constant([1, 2], 'int32')))).toBe('tf.Tensor([4 1], shape=(2,), dtype=int32)');
    expect(traced).toEqual([[2]]);
    for (const wrong of [tf.constant([[1, 2], [3, 4]], 'int32'), tf.constant([1.0, 2.0])]) {
      expect(thrown(() => nextCollatz(wrong)).name).toBe('TypeError'); // Caught expected exception <class 'TypeError'>
    }
  });

  it('function: Python numbers retrace, tensors reuse the trace (with tf.print, which runs every call)', () => {
    const traced: string[] = [];
    const executed: string[] = [];
    const train = tf.function((numSteps: tf.TensorLike) => {
      traced.push(numSteps instanceof tf.Tensor ? 'Tensor' : String(numSteps));
      tf.print('Executing with num_steps = ', numSteps, { outputStream: (s: string) => executed.push(s.trim()) });
    });
    train(10);
    train(20);
    train(tf.constant(10, 'int32'));
    train(tf.constant(20, 'int32'));
    expect(executed).toEqual(['Executing with num_steps =  10', 'Executing with num_steps =  20', 'Executing with num_steps =  10', 'Executing with num_steps =  20']);
    expect(train.experimentalGetTracingCount()).toBe(3);
    // TensorFlow traces "Tensor" once. A function that prints runs as written at every call in
    // gradtape (tf.print's doc comment), so its JavaScript ran for the 4th call too.
    expect(traced).toEqual(['10', '20', 'Tensor', 'Tensor']);
  });

  it('function: side effects in a module method run on the trace only (1, 2, 3)', () => {
    class Model extends tf.Module {
      v = new tf.Variable(tf.constant(0, 'int32'));
      counter = 0;
      call = tf.function(() => {
        if (this.counter === 0) {
          this.counter += 1;
          this.v.assignAdd(1);
        }
        return this.v;
      });
    }
    const m = new Model();
    expect([0, 1, 2].map(() => m.call().numpy())).toEqual([1, 2, 3]);
    const externalList: unknown[] = [];
    const sideEffect = tf.function((x: number) => {
      externalList.push(x);
    });
    sideEffect(1);
    sideEffect(1);
    sideEffect(1);
    expect(externalList).toHaveLength(1); // assert len(external_list) == 1
  });

  it('function: a variable made on the first call only (Count)', () => {
    class Count extends tf.Module {
      count: tf.Variable | null = null;
      call = tf.function(() => {
        if (this.count === null) this.count = new tf.Variable(tf.constant(0, 'int32'));
        return this.count.assignAdd(1);
      });
    }
    const c = new Count();
    expect(String(c.call())).toBe('tf.Tensor(1, shape=(), dtype=int32)');
    expect(String(c.call())).toBe('tf.Tensor(2, shape=(), dtype=int32)');
  });
});
