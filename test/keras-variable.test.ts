// tf.keras.Variable against Keras 3.15.1 (scripts/keras_variable_fixtures.py, JAX backend): what
// a variable reports (name, path, shape, dtype, trainable, aggregation, synchronization, value,
// repr) for each way of making it, Keras' automatic names, its errors, assign's casting, a layer's
// tracking of a keras.Variable property, and an optimizer step; then that it goes wherever a
// tf.Variable goes (tapes, optimizers, ops, Module variables).
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Report {
  name: string; path: string; shape: number[]; ndim: number; dtype: string; trainable: boolean;
  aggregation: string; synchronization: string; value: unknown; repr: string;
}
interface Fixture {
  keras: string;
  cases: Record<string, Report>;
  names: { sequence: string[]; after_layer: string[] };
  errors: Record<string, string>;
  assign: Record<string, { value: unknown; dtype: string; returned: unknown }>;
  arithmetic: Record<string, unknown>;
  in_layer: { weights: string[]; trainable: string[]; non_trainable: string[]; output: number[][]; scale: Report };
  sgd: number[];
}
const K = JSON.parse(readFileSync(new URL('./fixtures/keras-variable.json', import.meta.url), 'utf8')) as Fixture;
const V = tf.keras.Variable;

function report(v: tf.keras.Variable): Report {
  return {
    name: v.name, path: v.path, shape: v.shape, ndim: v.ndim, dtype: v.dtype, trainable: v.trainable,
    aggregation: v.aggregation, synchronization: v.synchronization, value: v.numpy(), repr: String(v),
  };
}

/** `make()`'s variable reported, after the automatic names start over. */
function fresh(make: () => tf.keras.Variable): Report {
  tf.keras.backend.clearSession();
  return report(make());
}

/** Keras' message without its Python error type, which `run` must throw. */
function expectError(key: string, run: () => unknown): void {
  tf.keras.backend.clearSession();
  const want = K.errors[key]!.replace(/^\w+: /, '');
  expect(run).toThrow(want.trimEnd());
}

describe('keras.Variable as Keras 3.15.1 makes it', () => {
  it('fixture is Keras 3.15.1', () => expect(K.keras).toBe('3.15.1'));

  const f32 = (...a: number[]) => new Float32Array(a);
  const cases: Record<string, () => tf.keras.Variable> = {
    array: () => new V([[1, 2], [3, 4]]),
    scalar: () => new V(3.5),
    named: () => new V(f32(1.5, -2), { name: 'w', trainable: false }),
    shape_ignored_for_value: () => new V(f32(1, 2), { shape: [5] }),
    cast: () => new V(new Int32Array([1, 2]), { dtype: 'float32' }),
    int: () => new V(tf.constant([[1, 2, 3]], 'int32')),
    ones: () => new V('ones', { shape: [2, 3] }),
    zeros_int: () => new V('zeros', { shape: [2], dtype: 'int32' }),
    constant: () => new V(new tf.keras.initializers.Constant({ value: 2.5 }), [2, 2]),
    callable: () => new V((shape, dtype) => tf.fill(shape, 7, dtype), { shape: [3] }),
    options: () => new V(f32(1), { autocast: false, aggregation: 'mean', synchronization: 'on_read' }),
    aggregation_none: () => new V(f32(1), { aggregation: null, synchronization: null }),
    empty: () => new V(tf.zeros([0, 2])),
  };
  for (const [key, make] of Object.entries(cases)) {
    it(`${key}: name, path, shape, dtype, flags, value and repr`, () => {
      expect(fresh(make)).toEqual(K.cases[key]);
    });
  }

  it("automatic names: 'variable', 'variable_1', ... counted with the layers' names; '' is automatic too", () => {
    tf.keras.backend.clearSession();
    const names = [new V(f32(0)), new V(f32(0), { name: 'w' }), new V(f32(0)), new V(f32(0), { name: '' })].map((v) => v.name);
    expect(names).toEqual(K.names.sequence);
    tf.keras.backend.clearSession();
    const v = new V(f32(0));
    class Variable extends tf.keras.layers.Layer {}
    expect([v.name, new Variable().name]).toEqual(K.names.after_layer);
  });

  it("errors: Keras' messages", () => {
    expectError('slash', () => new V(f32(1), { name: 'a/b' }));
    expectError('non_string_name', () => new V(f32(1), { name: 3 as never }));
    expectError('aggregation', () => new V(f32(1), { aggregation: 'max' as never }));
    expectError('synchronization', () => new V(f32(1), { synchronization: 'sometimes' as never }));
    expectError('negative_dim', () => new V('ones', { shape: [-1, 2] }));
    expectError('unknown_initializer', () => new V('nope', { shape: [2] }));
    expectError('assign_shape', () => new V(f32(1, 2), { name: 'v' }).assign(f32(1, 2, 3)));
    // Keras names the initializer by its Python repr, with its address: the text up to it.
    for (const key of ['callable_without_shape', 'initializer_object_without_shape']) {
      const head = K.errors[key]!.replace(/^\w+: /, '').split('initializer=<')[0]!;
      expect(() => new V(key.startsWith('callable') ? 'ones' : new tf.keras.initializers.Zeros())).toThrow(head);
      expect(() => new V('ones')).toThrow('and shape=None');
    }
    const noneDim = K.errors.none_dim!.replace(/^\w+: /, '');
    tf.keras.backend.clearSession();
    expect(() => new V('ones', { shape: [null as never, 2] })).toThrow(noneDim);
    // A float dimension (2.0 in Python; 2.5 here, as JS's 2.0 is the integer 2).
    expect(() => new V('ones', { shape: [2.5] })).toThrow("Cannot convert '(2.5,)' to a shape. Found invalid dimension '2.5'");
    expect(() => new V(f32(1), { dtype: 'float8' as never })).toThrow('float8');
  });

  it('assign casts to the variable dtype (int32 truncates), assignAdd and assignSub broadcast', () => {
    const run = (make: () => tf.keras.Variable, update: (v: tf.keras.Variable) => tf.Tensor) => {
      const v = make();
      const returned = update(v);
      return { value: v.numpy(), dtype: v.dtype, returned: returned.numpy() };
    };
    expect(run(() => new V(f32(1, 2)), (v) => v.assign(f32(5, 6)))).toEqual(K.assign.assign);
    expect(run(() => new V(f32(1, 2)), (v) => v.assign(new Int32Array([3, 4])))).toEqual(K.assign.assign_cast);
    expect(run(() => new V(new Int32Array([1, 2])), (v) => v.assign(f32(3.7, -4.7)))).toEqual(K.assign.assign_int_from_float);
    expect(run(() => new V(new Int32Array([1, 2])), (v) => v.assign([3.7, -4.7]))).toEqual(K.assign.assign_int_from_float);
    expect(run(() => new V(f32(1, 2)), (v) => v.assignAdd(f32(0.5, 0.25)))).toEqual(K.assign.assign_add);
    expect(run(() => new V(f32(1, 2)), (v) => v.assignSub(f32(0.5, 0.25)))).toEqual(K.assign.assign_sub);
    expect(run(() => new V(f32(1, 2)), (v) => v.assignAdd(1))).toEqual(K.assign.assign_add_broadcast);
    expect(() => new V(f32(1, 2)).assignAdd(f32(1, 2, 3))).toThrow('must match. variable.shape=(2,)');
  });

  it('arithmetic reads the value, as Keras operators do', () => {
    expect(new V(f32(1, 2)).add(1).arraySync()).toEqual(K.arithmetic.add);
    expect(tf.mul(new V(f32(1, 2)), f32(3, 4)).arraySync()).toEqual(K.arithmetic.mul);
    expect(tf.matmul(new V([[1, 2]]), [[3], [4]]).arraySync()).toEqual(K.arithmetic.matmul);
    expect(tf.neg(new V(f32(1, -2))).arraySync()).toEqual(K.arithmetic.neg);
    expect(new V(2.5).item()).toBe(K.arithmetic.float);
  });

  it("a layer tracks a keras.Variable property as a weight (by its trainable flag), path in the layer's scope", () => {
    tf.keras.backend.clearSession();
    class Scaler extends tf.keras.layers.Layer {
      scale!: tf.keras.Variable;
      offset!: tf.keras.Variable;
      bias!: tf.Variable;
      override build(inputShape: (number | null)[]): void {
        const n = inputShape.at(-1)!;
        this.scale = new tf.keras.Variable(tf.fill([n], 2), { name: 'scale' });
        this.offset = new tf.keras.Variable(tf.zeros([n]), { name: 'offset', trainable: false });
        this.bias = this.addWeight({ shape: [n], initializer: 'ones', name: 'bias' });
        super.build(inputShape);
      }
      override call(x: tf.Tensor): tf.Tensor {
        return x.mul(this.scale).add(this.offset).add(this.bias);
      }
    }
    const layer = new Scaler({ name: 'scaler' });
    const y = layer.apply(tf.constant([[1, 2]]));
    const paths = (ws: tf.Variable[]) => ws.map((w) => w.path);
    expect(paths(layer.weights)).toEqual(K.in_layer.weights);
    expect(paths(layer.trainableWeights)).toEqual(K.in_layer.trainable);
    expect(paths(layer.nonTrainableWeights)).toEqual(K.in_layer.non_trainable);
    expect(y.arraySync()).toEqual(K.in_layer.output);
    expect(report(layer.scale)).toEqual(K.in_layer.scale);
    // Its trainable flag can change, and the layer's lists follow it, as Keras' filter by it.
    layer.scale.trainable = false;
    expect(paths(layer.trainableWeights)).toEqual(['scaler/bias']);
    expect(paths(layer.nonTrainableWeights)).toEqual(['scaler/scale', 'scaler/offset']);
    // A regularizer set on it is in the layer's losses while it is trainable.
    layer.scale.trainable = true;
    layer.scale.regularizer = new tf.keras.regularizers.L2({ l2: 0.5 });
    expect(layer.losses.map((l) => l.item())).toEqual([4]);
  });

  it("Keras' SGD steps: v - lr * g, twice", () => {
    const v = new V(f32(1, -2));
    const sgd = new tf.keras.optimizers.SGD({ learningRate: 0.25 });
    for (let i = 0; i < 2; i++) sgd.applyGradients([[tf.constant(f32(0.5, 4)), v]]);
    expect(v.numpy()).toEqual(K.sgd);
  });
});

describe('keras.Variable is a tf.Variable', () => {
  it('tapes watch it by the trainable flag it was made with, as they watch the tf.Variable under Keras on TensorFlow', () => {
    const v = new V(3.6);
    expect(v).toBeInstanceOf(tf.Variable);
    expect(v).toBeInstanceOf(tf.Tensor);
    let tape = new tf.GradientTape();
    let y = tape.record(() => v.mul(v));
    expect(tape.gradient(y, v)!.item()).toBeCloseTo(7.2, 5);
    // Keras' flag changes, the tf.Variable's does not (keras/src/backend/tensorflow/core.py).
    v.trainable = false;
    tape = new tf.GradientTape();
    y = tape.record(() => v.mul(v));
    expect(tape.watchedVariables()).toEqual([v]);
    expect(tape.gradient(y, v)!.item()).toBeCloseTo(7.2, 5);
    const frozen = new V(2, { trainable: false });
    tape = new tf.GradientTape();
    y = tape.record(() => frozen.mul(frozen));
    expect(tape.gradient(y, frozen)).toBeNull();
    expect(tape.watchedVariables()).toEqual([]);
  });

  it('optimizers train it, with the constraint set on it', () => {
    const w = new V('zeros', { shape: [2] });
    w.constraint = (x) => tf.clipByValue(x, -0.5, 0.5);
    const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
    for (let i = 0; i < 20; i++) {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceSum(tf.square(tf.sub(w, [1, -0.2]))));
      opt.applyGradients([[tape.gradient(loss, w)!, w]]);
    }
    const [a, b] = w.numpy() as number[];
    expect(a).toBe(0.5);
    expect(b!).toBeCloseTo(-0.2, 1);
  });

  it('a tf.Module lists it among its variables; tf.function reads it live', () => {
    const m = new tf.Module();
    (m as unknown as { w: tf.keras.Variable }).w = new V([1, 2], { name: 'w' });
    expect(m.trainableVariables.map((v) => v.name)).toEqual(['w']);
    const v = new V(2);
    const f = tf.function((x: tf.Tensor) => tf.mul(x, v));
    expect(f(tf.constant(3)).item()).toBe(6);
    v.assign(5);
    expect(f(tf.constant(3)).item()).toBe(15);
  });

  it("a name scope gives the path; the name stays the plain one, tf.Variable's name is the path", () => {
    const [k, t] = tf.nameScope('outer', () => [new V(1, { name: 'k' }), new tf.Variable(1, { name: 'k' })] as const);
    expect([k.name, k.path, t.name]).toEqual(['k', 'outer/k', 'outer/k']);
  });

  it('the initializer tensors it makes are freed; a tensor it is given is not', () => {
    const given = tf.constant([1, 2]);
    const before = tf.memory().numTensors;
    const v = new V(given);
    new V('glorot_uniform', { shape: [3, 2] }).dispose();
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(given.isDisposed).toBe(false);
    v.dispose();
  });
});
