// The TF 2 names ported programs use around their math: tf.Module, tf.case, tf.TensorShape,
// tf.bitwise, and the eager contexts (executingEagerly, nameScope, controlDependencies,
// initScope, device). Oracles: TensorFlow's documented examples and sources (module.py's
// _flatten_module and camel_to_snake, control_flow_case.py, tensor_shape.py, device_spec.py,
// cwise_ops.h's shift clamping), and BigInt arithmetic for the bits.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync() as ArrayLike<number>);
const int = (v: number | number[]) => tf.constant(v, 'int32');
const thrown = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};
const names = (vs: readonly tf.Variable[]) => vs.map((v) => v.name);

describe('tf.Module', () => {
  it('names a module after its class in snake_case (TensorFlow\'s camel_to_snake), or by the name option', () => {
    class Dense extends tf.Module {}
    class DenseLayer extends tf.Module {}
    class MLP extends tf.Module {}
    class HTTPServer extends tf.Module {}
    class Conv2D extends tf.Module {}
    expect([new Dense(), new DenseLayer(), new MLP(), new HTTPServer(), new Conv2D(), new tf.Module()].map((m) => m.name))
      .toEqual(['dense', 'dense_layer', 'mlp', 'http_server', 'conv2_d', 'module']);
    expect(new Dense('encoder').name).toBe('encoder');
    expect(new Dense({ name: 'decoder' }).name).toBe('decoder');
    expect(new Dense({ name: null }).name).toBe('dense');
    const bad = thrown(() => new tf.Module('my module'));
    expect(bad.name).toBe('ValueError');
    expect(bad.message).toBe("'my module' is not a valid module name. Module names must be valid Python identifiers (e.g. a valid class name).");
    expect(() => new tf.Module('1st')).toThrow(/not a valid module name/);
    expect(() => new tf.Module({ nmae: 'x' } as never)).toThrow(/Module: unknown option 'nmae'/);
  });

  it('finds variables in TensorFlow\'s order: properties sorted by name, nested arrays/objects/Maps by sorted key, each once, a module\'s own before its submodules\'', () => {
    const v = (name: string, trainable = true) => new tf.Variable(1, { name, trainable });
    class Leaf extends tf.Module {
      z = v('child_z');
      a = v('child_a');
    }
    class Root extends tf.Module {
      zeta = v('zeta');
      map = new Map([['k2', v('k2')], ['k1', v('k1', false)]]);
      alpha = { y: v('y'), b: [v('b'), new Leaf('child')] };
      shared = this.zeta; // the same variable again: listed once
      tensor = tf.constant(5); // not a variable
      other = new (class Holder { w = v('hidden'); })(); // not a container TensorFlow walks
    }
    const root = new Root();
    // alpha: b (then the module child), y; map: k1, k2; shared: zeta; zeta: seen; then child's a, z.
    expect(names(root.variables)).toEqual(['b', 'y', 'k1', 'k2', 'zeta', 'child_a', 'child_z']);
    expect(names(root.trainableVariables)).toEqual(['b', 'y', 'k2', 'zeta', 'child_a', 'child_z']);
    expect(names(root.nonTrainableVariables)).toEqual(['k1']);
    expect(root.submodules.map((m) => m.name)).toEqual(['child']);
    expect(root.variables[4]).toBe(root.zeta);
  });

  it('walks a module\'s own properties first, then each submodule in turn (depth first, as _flatten_module), each object once, through cycles', () => {
    class Node extends tf.Module {
      kids: unknown[] = [];
      w = new tf.Variable(0, { name: `${this.name}_w` });
    }
    const [root, a, b, c] = ['root', 'a', 'b', 'c'].map((n) => new Node(n)) as [Node, Node, Node, Node];
    root.kids = [a, b];
    a.kids = [c, root]; // a cycle back to the root
    b.kids = [c]; // c shared by a and b
    (b as unknown as { self: unknown }).self = b;
    const loop: unknown[] = [];
    loop.push(loop, { again: loop });
    root.kids.push(loop); // an array that contains itself
    expect(root.submodules.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    // root's own w; then a (its w, then its submodule c); then b, whose c was seen.
    expect(names(root.variables)).toEqual(['root_w', 'a_w', 'c_w', 'b_w']);
    expect(a.submodules.map((m) => m.name)).toEqual(['c', 'root', 'b']);
  });

  it('nameScope is the scope it was made in plus its name; withNameScope runs a method in it', () => {
    class Dense extends tf.Module {
      w: tf.Variable | null = null;
      build = tf.Module.withNameScope(function (this: Dense, n: number) {
        this.w = new tf.Variable(tf.zeros([n]), { name: 'w' });
        return tf.nameScope('inner', (scope) => scope);
      });
      fail = tf.Module.withNameScope(() => {
        throw new Error('boom');
      });
    }
    const d = new Dense();
    expect(d.nameScope).toBe('dense/');
    expect(d.build(3)).toBe('dense/inner/');
    expect(d.w!.name).toBe('dense/w');
    expect(d.w!.shape).toEqual([3]);
    expect(() => d.fail()).toThrow('boom');
    expect(new tf.Variable(1).name).toBe('Variable'); // the scope ended, also after the throw
    const nested = tf.nameScope('outer', () => new Dense({ name: 'enc' }));
    expect(nested.nameScope).toBe('outer/enc/');
    nested.build(1);
    expect(nested.w!.name).toBe('outer/enc/w');
    expect(() => (d.build as (this: unknown, n: number) => unknown).call({}, 1)).toThrow(/must be called on a tf.Module/);
  });

  it('its trainable variables train in a compiled step', () => {
    class Line extends tf.Module {
      a = new tf.Variable(0, { dtype: 'float64', name: 'a' });
      b = new tf.Variable(0, { dtype: 'float64', name: 'b' });
      call(x: tf.Tensor) {
        return x.mul(this.a).add(this.b);
      }
    }
    const line = new Line();
    const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
    const x = tf.constant([0, 1, 2, 3], 'float64'), y = tf.constant([1, 3, 5, 7], 'float64');
    const step = tf.function(() => {
      const tape = new tf.GradientTape();
      const loss = tape.record(() => tf.reduceMean(tf.square(line.call(x).sub(y))));
      const vars = line.trainableVariables;
      opt.applyGradients(tape.gradient(loss, vars).map((g, i) => [g!, vars[i]!] as [tf.Tensor, tf.Variable]));
      return loss;
    });
    for (let i = 0; i < 500; i++) step();
    expect(line.a.item()).toBeCloseTo(2, 6);
    expect(line.b.item()).toBeCloseTo(1, 6);
    expect(step.experimentalGetTracingCount()).toBe(1);
  });
});

describe('tf.case', () => {
  const t = tf.constant(true), f = tf.constant(false);
  const calls: number[] = [];
  const fn = (k: number) => () => {
    calls.push(k);
    return tf.constant(k);
  };

  it('calls the function of the first true predicate only, else the default', () => {
    calls.length = 0;
    expect(tf.case([[f, fn(1)], [t, fn(2)], [t, fn(3)]], { default: fn(0) }).item()).toBe(2);
    expect(tf.case([[f, fn(1)], [f, fn(2)]], { default: fn(0) }).item()).toBe(0);
    expect(tf.case<tf.Tensor>([], { default: fn(9) }).item()).toBe(9);
    expect(calls).toEqual([2, 0, 9]);
  });

  it('without a default the last pair is the default, whose predicate must hold (TensorFlow\'s InvalidArgumentError)', () => {
    expect(tf.case([[f, fn(1)], [t, fn(2)]]).item()).toBe(2);
    expect(tf.case([[t, fn(1)], [t, fn(2)]]).item()).toBe(1);
    calls.length = 0;
    const e = thrown(() => tf.case([[f, fn(1)], [f, fn(2)]]));
    expect(e.name).toBe('InvalidArgumentError');
    expect(e.message).toMatch(/^Expected 'tf\.Tensor\(False, shape=\(\), dtype=bool\)' to be true\. Summarized data: Input error: None of conditions evaluated as True:\nFalse, False$/);
    expect(calls).toEqual([]);
    expect(() => tf.case([])).toThrow(/case: pred_fn_pairs is empty and there is no default/);
  });

  it('exclusive: more than one true predicate is an InvalidArgumentError, raised before any function runs', () => {
    calls.length = 0;
    expect(tf.case([[f, fn(1)], [t, fn(2)]], { exclusive: true, default: fn(0) }).item()).toBe(2);
    const e = thrown(() => tf.case([[t, fn(1)], [f, fn(2)], [t, fn(3)]], { exclusive: true, default: fn(0) }));
    expect(e.name).toBe('InvalidArgumentError');
    expect(e.message).toContain('Input error: exclusive=True: more than 1 conditions (?, ?, ?) evaluated as True:\nTrue, False, True');
    expect(calls).toEqual([2]);
    // Without a default TensorFlow counts the predicates before the last one only (the last pair
    // became the default action).
    expect(tf.case([[t, fn(1)], [t, fn(2)]], { exclusive: true }).item()).toBe(1);
    expect(() => tf.case([[t, fn(1)], [t, fn(2)], [f, fn(3)]], { exclusive: true })).toThrow(/more than 1 conditions \(\?, \?\)/);
  });

  it('unpacks a one-element array unless strict, as cond(strict=False) does', () => {
    const one = () => [tf.constant(4)];
    expect((tf.case([[t, one]]) as unknown as tf.Tensor).item()).toBe(4);
    const kept = tf.case([[t, one]], { strict: true });
    expect(Array.isArray(kept) && kept.length === 1 && kept[0]!.item() === 4).toBe(true);
    const two = tf.case([[t, () => [tf.constant(1), tf.constant(2)]]]);
    expect(two.length).toBe(2);
  });

  it('refuses what TensorFlow refuses: predicates that are not bool tensors, functions that are not callable', () => {
    expect(() => tf.case([[true as never, fn(1)]])).toThrow(/Each pred in pred_fn_pairs must be a boolean scalar Tensor/);
    expect(() => tf.case([[tf.constant(1), fn(1)]])).toThrow(/pred must be Tensor of type bool, got float32/);
    expect(() => tf.case([[t, 3 as never]])).toThrow(/fn for pred 0 must be callable/);
    expect(() => tf.case([[t] as never])).toThrow(/Each entry in pred_fn_pairs must be a 2-tuple/);
    expect(() => tf.case({} as never)).toThrow(/pred_fn_pairs must be an array/);
    expect(() => tf.case([[t, fn(1)]], { default: 3 as never })).toThrow(/default must be a function/);
    expect(() => tf.case([[tf.constant([true, false]), fn(1)]], { default: fn(0) })).toThrow(/condition must be a scalar/);
  });

  it('gradients flow through the chosen branch; in a tf.function a predicate on the arguments decides at every call, as tf.cond\'s', () => {
    const x = tf.constant(3, 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.case([[tf.less(x, 0), () => x.neg()]], { default: () => x.square() }));
    expect(tape.gradient(y, x)!.item()).toBe(6);
    const sign = tf.function((v: tf.Tensor) => tf.case([[tf.greater(v, 0), () => v.mul(2)], [tf.less(v, 0), () => v.neg()]], { default: () => tf.constant(100, 'float64') }));
    const got = [3, -2, 0, 5].map((n) => sign(tf.constant(n, 'float64')).item());
    expect(got).toEqual([6, 2, 100, 10]);
    expect(sign.experimentalGetTracingCount()).toBe(1);
  });
});

describe('tf.executingEagerly', () => {
  it('is false while a tf.function is traced (also in functions it calls), true otherwise', () => {
    const seen: boolean[] = [];
    const helper = () => seen.push(tf.executingEagerly());
    const f = tf.function((x: tf.Tensor) => {
      helper();
      return x.add(1);
    });
    expect(tf.executingEagerly()).toBe(true);
    f(tf.ones([2]));
    f(tf.ones([2])); // a replay: no JavaScript runs
    f(tf.ones([3])); // a new signature traces again
    expect(seen).toEqual([false, false]);
    // Under a recording tape a compiled function runs as written, eagerly.
    const tape = new tf.GradientTape();
    tape.record(() => f(tf.ones([2])));
    expect(seen).toEqual([false, false, true]);
    expect(tf.executingEagerly()).toBe(true);
  });
});

describe('tf.insideFunction', () => {
  it('is true while a tf.function is traced (also in functions it calls), false eagerly and in tf.initScope', () => {
    const seen: boolean[] = [];
    const helper = () => seen.push(tf.insideFunction());
    const f = tf.function((x: tf.Tensor) => {
      helper();
      tf.initScope(helper); // lifted out of the trace: TensorFlow's eager context
      return x.add(1);
    });
    expect(tf.insideFunction()).toBe(false);
    f(tf.ones([2]));
    f(tf.ones([2])); // a replay: no JavaScript runs
    expect(seen).toEqual([true, false]);
    expect(tf.insideFunction()).toBe(false);
    // Under a recording tape a compiled function runs as written, eagerly.
    const tape = new tf.GradientTape();
    tape.record(() => f(tf.ones([2])));
    expect(seen).toEqual([true, false, false, false]);
  });
});

describe('tf.nameScope', () => {
  it('nests, returns the function\'s result, and names the variables made inside', () => {
    const got = tf.nameScope('a', (outer) => {
      const v = new tf.Variable(1, { name: 'w' });
      return [outer, tf.nameScope('b', (inner) => [inner, new tf.Variable(2).name]), v.name, tf.nameScope('', (top) => [top, new tf.Variable(3, { name: 'u' }).name]), tf.nameScope('x/y/', (full) => full)];
    });
    expect(got).toEqual(['a/', ['a/b/', 'a/b/Variable'], 'a/w', ['', 'u'], 'x/y/']);
    expect(new tf.Variable(1, { name: 'after' }).name).toBe('after');
    expect(String(tf.nameScope('s', () => new tf.Variable([1, 2], { name: 'k' })))).toBe("<tf.Variable 's/k:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>");
  });

  it('restores the scope when the function throws; refuses a name that is not a string and a Promise', () => {
    expect(() => tf.nameScope('bad', () => {
      throw new Error('inside');
    })).toThrow('inside');
    expect(new tf.Variable(1).name).toBe('Variable');
    expect(() => tf.nameScope(3 as never, () => 1)).toThrow(/nameScope: name for name_scope must be a string/);
    expect(() => tf.nameScope('p', async () => 1)).toThrow(/returned a Promise/);
    expect(new tf.Variable(1).name).toBe('Variable');
  });

  it('does not change values, eagerly or compiled', () => {
    const x = tf.constant([1, 2, 3], 'float64');
    const body = (v: tf.Tensor) => tf.nameScope('layer', () => v.square().add(1));
    expect(values(body(x))).toEqual([2, 5, 10]);
    expect(values(tf.function(body)(x))).toEqual([2, 5, 10]);
  });
});

describe('tf.controlDependencies', () => {
  it('calls the functions among the inputs first, in order (TensorFlow\'s eager mode), then runs fn', () => {
    const order: string[] = [];
    const v = new tf.Variable(1);
    const y = tf.controlDependencies([() => order.push('a'), v.assignAdd(1), null, () => order.push('b')], () => {
      order.push('fn');
      return v.mul(10);
    });
    expect(order).toEqual(['a', 'b', 'fn']);
    expect(y.item()).toBe(20);
    expect(tf.controlDependencies(null, () => 5)).toBe(5);
    expect(() => tf.controlDependencies([3] as never, () => 1)).toThrow(/Control input must be a Tensor, a function or null, got 3/);
    expect(() => tf.controlDependencies(tf.constant(1) as never, () => 1)).toThrow(/controlInputs must be an array/);
    expect(() => tf.controlDependencies([], 1 as never)).toThrow(/expected a function to run/);
  });
});

describe('tf.initScope', () => {
  it('pauses every recording tape, nested ones too, and keeps the name scope', () => {
    const x = tf.constant(3, 'float64');
    const outer = new tf.GradientTape({ persistent: true }), inner = new tf.GradientTape();
    outer.watch(x);
    const y = outer.record(() => {
      inner.watch(x);
      return inner.record(() => x.square().add(tf.initScope(() => x.mul(100))));
    });
    expect(y.item()).toBe(309);
    expect(inner.gradient(y, x)!.item()).toBe(6);
    expect(outer.gradient(y, x)!.item()).toBe(6);
    // Recording resumes after it.
    const tape = new tf.GradientTape();
    tape.watch(x);
    const z = tape.record(() => {
      tf.initScope(() => x.mul(2));
      return x.mul(7);
    });
    expect(tape.gradient(z, x)!.item()).toBe(7);
    expect(tf.nameScope('s', () => tf.initScope(() => new tf.Variable(1, { name: 'v' }).name))).toBe('s/v');
    expect(tf.initScope(() => 'no tape')).toBe('no tape');
  });
});

describe('tf.device', () => {
  it('accepts TensorFlow\'s device strings and runs everything on the CPU (soft placement, as TensorFlow 2\'s eager default)', () => {
    const specs = ['/cpu:0', '/CPU:0', 'CPU', 'cpu:*', '/GPU:0', 'gpu:1', '/TPU:0', '/device:GPU:0', '/device:CPU:*', '/job:localhost/replica:0/task:0/device:CPU:0', '/job:worker/GPU:2', '', null];
    for (const spec of specs) expect(values(tf.device(spec, () => tf.constant([1, 2]).mul(2))), String(spec)).toEqual([2, 4]);
  });

  it('raises TensorFlow\'s DeviceSpec errors for malformed names', () => {
    expect(() => tf.device('foo', () => 1)).toThrow("device: Unknown attribute 'foo' is encountered while parsing the device spec: 'foo'.");
    expect(() => tf.device('/cpu:0/gpu:0', () => 1)).toThrow(/Multiple device types are not allowed while parsing the device spec: \/cpu:0\/gpu:0/);
    expect(() => tf.device('/cpu:x', () => 1)).toThrow(/invalid literal for int\(\) with base 10: 'x'/);
    expect(() => tf.device('/replica:one', () => 1)).toThrow(/invalid literal for int\(\)/);
    expect(() => tf.device((() => '/cpu:0') as never, () => 1)).toThrow('device: tf.device does not support functions.');
    expect(() => tf.device(0 as never, () => 1)).toThrow(/deviceName must be a string or null/);
  });
});

describe('tf.TensorShape', () => {
  it('holds a known, partial or unknown shape, and prints as TensorFlow does', () => {
    const full = new tf.TensorShape([2, 3]), partial = new tf.TensorShape([2, null]), unknown = new tf.TensorShape(null);
    expect([full.rank, partial.rank, unknown.rank, new tf.TensorShape().rank, new tf.TensorShape(7).rank]).toEqual([2, 2, null, null, 1]);
    expect([full.dims, partial.dims, unknown.dims, partial.ndims]).toEqual([[2, 3], [2, null], null, 2]);
    expect([full, partial, unknown, new tf.TensorShape([3]), new tf.TensorShape([]), new tf.TensorShape(new tf.TensorShape([null]))].map(String))
      .toEqual(['(2, 3)', '(2, None)', '<unknown>', '(3,)', '()', '(None,)']);
    expect(partial.asList()).toEqual([2, null]);
    const e = thrown(() => unknown.asList());
    expect([e.name, e.message]).toEqual(['ValueError', 'as_list() is not defined on an unknown TensorShape.']);
    expect([full.numElements(), new tf.TensorShape([]).numElements(), partial.numElements(), unknown.numElements(), new tf.TensorShape([4, 0]).numElements()]).toEqual([6, 1, null, null, 0]);
    expect([full.isFullyDefined(), partial.isFullyDefined(), unknown.isFullyDefined(), new tf.TensorShape([]).isFullyDefined()]).toEqual([true, false, false, true]);
    expect(thrown(() => new tf.TensorShape([2, -1])).message).toBe('Dimension -1 must be >= 0');
    expect(thrown(() => new tf.TensorShape([1.5])).name).toBe('TypeError');
  });

  it('compatibility, as in TensorFlow\'s documentation of is_compatible_with', () => {
    const s = new tf.TensorShape([32, 784]);
    for (const other of [[null, 784], [32, null], null, [32, 784]]) expect(s.isCompatibleWith(other), String(other)).toBe(true);
    for (const other of [[32, 784, 1], [64, 784], [32]]) expect(s.isCompatibleWith(other), String(other)).toBe(false);
    expect(new tf.TensorShape(null).isCompatibleWith([1, 2, 3])).toBe(true);
    expect(() => s.assertIsCompatibleWith([null, 784])).not.toThrow();
    expect(() => s.assertIsCompatibleWith([64, 784])).toThrow('Shapes (32, 784) and (64, 784) are incompatible');
  });

  it('mergeWith, concatenate, mostSpecificCompatibleShape', () => {
    expect(new tf.TensorShape([null, 3]).mergeWith([2, null]).asList()).toEqual([2, 3]);
    expect(new tf.TensorShape(null).mergeWith([2, null]).asList()).toEqual([2, null]);
    expect(new tf.TensorShape([1, null]).mergeWith(null).asList()).toEqual([1, null]);
    const e = thrown(() => new tf.TensorShape([2, 3]).mergeWith([4, 3]));
    expect([e.name, e.message]).toEqual(['ValueError', 'Shapes (2, 3) and (4, 3) are not compatible']);
    expect(() => new tf.TensorShape([2, 3]).mergeWith([2])).toThrow('Shapes (2, 3) and (2,) are not compatible');
    expect(new tf.TensorShape([2]).concatenate([null, 4]).asList()).toEqual([2, null, 4]);
    expect(new tf.TensorShape([2]).concatenate(null).rank).toBe(null);
    expect(new tf.TensorShape([1, 2, 3]).mostSpecificCompatibleShape([1, 5, 3]).asList()).toEqual([1, null, 3]);
    expect(new tf.TensorShape([1, null]).mostSpecificCompatibleShape([1, null]).asList()).toEqual([1, null]);
    expect(new tf.TensorShape([1, 2]).mostSpecificCompatibleShape([1, 2, 3]).rank).toBe(null);
  });

  it('rank checks: assertHasRank, assertSameRank, withRank, withRankAtLeast, withRankAtMost', () => {
    const s = new tf.TensorShape([2, 3]);
    expect(() => s.assertHasRank(2)).not.toThrow();
    expect(() => new tf.TensorShape(null).assertHasRank(5)).not.toThrow();
    expect(() => s.assertHasRank(3)).toThrow('Shape (2, 3) must have rank 3');
    expect(() => s.assertSameRank([1])).toThrow('Shapes (2, 3) and (1,) must have the same rank');
    expect(new tf.TensorShape(null).withRank(2).asList()).toEqual([null, null]);
    expect(s.withRank(2).equals(s)).toBe(true);
    expect(thrown(() => s.withRank(3)).message).toBe('Shape (2, 3) must have rank 3');
    expect(() => s.withRankAtLeast(3)).toThrow('Shape (2, 3) must have rank at least 3');
    expect(() => s.withRankAtMost(1)).toThrow('Shape (2, 3) must have rank at most 1');
    expect(s.withRankAtLeast(2)).toBe(s);
  });

  it('equals, as in TensorFlow\'s documentation of __eq__ (unknown dimensions and ranks equal their like)', () => {
    const ta = new tf.TensorShape([1, 2]), pa = new tf.TensorShape([1, null]);
    expect([ta.equals([1, 2]), ta.equals(new tf.TensorShape([1, 2])), ta.equals([1, 2, 3])]).toEqual([true, true, false]);
    expect([pa.equals([1, null]), ta.equals(pa), pa.equals([2, null])]).toEqual([true, false, false]);
    expect([new tf.TensorShape(null).equals(null), new tf.TensorShape(null).equals(ta)]).toEqual([true, false]);
  });

  it('is accepted by tf.TensorSpec', () => {
    const f = tf.function((x: tf.Tensor) => x.sum(), { inputSignature: [new tf.TensorSpec(new tf.TensorShape([null, 2]), 'float32')] });
    expect(f(tf.ones([3, 2])).item()).toBe(6);
    expect(() => f(tf.ones([3, 3]))).toThrow(/does not match the input signature's TensorSpec\(shape=\(None, 2\)/);
    expect(new tf.TensorSpec(new tf.TensorShape(null)).shape).toBe(null);
  });
});

describe('tf.bitwise', () => {
  const I32 = [0, 1, -1, 5, -5, 12, 2147483647, -2147483648, 123456789, -987654321, 65535, 3];
  const clamp = (s: number) => Math.min(Math.max(s, 0), 31);
  const big = (f: (a: bigint, b: bigint) => bigint) => (a: number, b: number) => Number(BigInt.asIntN(32, f(BigInt(a), BigInt(b))));
  const ORACLES: [string, (x: tf.Tensor, y: tf.Tensor) => tf.Tensor, (a: number, b: number) => number][] = [
    ['bitwiseAnd', tf.bitwise.bitwiseAnd, big((a, b) => a & b)],
    ['bitwiseOr', tf.bitwise.bitwiseOr, big((a, b) => a | b)],
    ['bitwiseXor', tf.bitwise.bitwiseXor, big((a, b) => a ^ b)],
    // cwise_ops.h: the shift amount clamped to [0, 31]; left shifts as unsigned, right shifts arithmetic.
    ['leftShift', tf.bitwise.leftShift, (a, s) => big((p, q) => p << q)(a, clamp(s))],
    ['rightShift', tf.bitwise.rightShift, (a, s) => big((p, q) => p >> q)(a, clamp(s))],
  ];

  it('TensorFlow\'s documented examples', () => {
    const lhs = int([0, 5, 3, 14]), rhs = int([5, 0, 7, 11]);
    expect(values(tf.bitwise.bitwiseAnd(lhs, rhs))).toEqual([0, 0, 3, 10]);
    expect(values(tf.bitwise.bitwiseOr(lhs, rhs))).toEqual([5, 5, 7, 15]);
    expect(values(tf.bitwise.bitwiseXor(lhs, rhs))).toEqual([5, 5, 4, 5]);
    expect(values(tf.bitwise.invert(lhs))).toEqual([-1, -6, -4, -15]);
    const neg = int([-1, -5, -3, -14]);
    expect(values(tf.bitwise.leftShift(neg, rhs))).toEqual([-32, -5, -384, -28672]);
    expect(values(tf.bitwise.rightShift(neg, rhs))).toEqual([-1, -5, -1, -1]);
  });

  it('every pair of int32 extremes and shift amounts, against BigInt arithmetic', () => {
    const shifts = [-40, -1, 0, 1, 7, 30, 31, 32, 33, 100];
    for (const [name, op, oracle] of ORACLES) {
      const seconds = name.endsWith('Shift') ? shifts : I32;
      const a = I32.flatMap((p) => seconds.map(() => p)), b = I32.flatMap(() => seconds);
      const got = op(int(a), int(b));
      expect(got.dtype).toBe('int32');
      expect(values(got), name).toEqual(a.map((p, i) => oracle(p, b[i]!)));
    }
    expect(values(tf.bitwise.invert(int(I32)))).toEqual(I32.map((p) => -p - 1));
  });

  it('broadcasts, takes JS numbers as int32, and gives no gradient', () => {
    const got = tf.bitwise.bitwiseAnd(tf.constant([[12], [7]], 'int32'), int([10, 3, 5]));
    expect(got.shape).toEqual([2, 3]);
    expect(values(got)).toEqual([8, 0, 4, 2, 3, 5]);
    expect(values(tf.bitwise.leftShift(int([1, 2]), 3))).toEqual([8, 16]);
    const scalar = tf.bitwise.bitwiseXor(5, 3);
    expect([scalar.dtype, scalar.shape, scalar.item()]).toEqual(['int32', [], 6]);
    expect(() => tf.bitwise.bitwiseOr(int([1, 2]), int([1, 2, 3]))).toThrow('bitwise.bitwiseOr: Incompatible shapes: [2] vs. [3] [Op:BitwiseOr]');
    const x = tf.constant([1.5, 2], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.cast(tf.bitwise.invert(tf.cast(x, 'int32')), 'float64').add(x));
    expect(values(tape.gradient(y, x)!)).toEqual([1, 1]);
  });

  it('refuses float and bool tensors with TensorFlow 2.21\'s InvalidArgumentError, and mixed dtypes', () => {
    const e = thrown(() => tf.bitwise.bitwiseAnd(tf.constant([1, 2]), tf.constant([3, 4])));
    expect(e).toBeInstanceOf(tf.errors.InvalidArgumentError);
    expect(e.message).toContain("Value for attr 'T' of float is not in the list of allowed values: int8, int16, int32, int64, uint8, uint16, uint32, uint64 ({{node BitwiseAnd}})");
    expect(() => tf.bitwise.invert(tf.constant([1], 'float64'))).toThrow(/attr 'T' of double .*\{\{node Invert\}\}/);
    expect(() => tf.bitwise.rightShift(tf.constant([true]), tf.constant([false]))).toThrow(/attr 'T' of bool .*\{\{node RightShift\}\}/);
    expect(() => tf.bitwise.bitwiseOr(tf.constant([1.5]), 1)).toThrow(/attr 'T' of float .*\{\{node BitwiseOr\}\}/);
    expect(() => tf.bitwise.leftShift(int([1]), tf.constant([1]))).toThrow('bitwise.leftShift: cannot compute LeftShift as input #1(zero-based) was expected to be a int32 tensor but is a float32 tensor [Op:LeftShift]');
  });

  it('in a tf.function, computes each call\'s bits from that call\'s values (one trace)', () => {
    const f = tf.function((a: tf.Tensor, b: tf.Tensor) => tf.bitwise.rightShift(tf.bitwise.bitwiseXor(a.add(1), b), 1));
    for (const [a, b] of [[[1, 2, 3], [7, 7, 7]], [[-9, 100, 0], [1, 2, 3]], [[2147483646, -1, 8], [0, 0, 0]]]) {
      expect(values(f(int(a!), int(b!)))).toEqual(a!.map((p, i) => ((((p + 1) | 0) ^ b![i]!) >> 1)));
    }
    expect(f.experimentalGetTracingCount()).toBe(1);
  });
});

// TensorFlow lifts tf.init_scope, a variable's callable initial value and Keras's add_weight out
// of a function being traced (function.py, variables.py, layer.py): they run once, on the first
// call, so a model built on its first call inside tf.function keeps its first weights, and a
// graph tensor (the function's argument) inside them is an error there.
describe('tf.function: initScope, callable initial values and layer weights are lifted out of the trace', () => {
  it('a Keras model built on the first call of a compiled step trains as the same model built eagerly', () => {
    const x = tf.constant([[1, 2], [3, -1], [0.5, 0.5], [-2, 1]]);
    const y = tf.constant([[1], [0], [2], [-1]]);
    const train = (compiled: boolean) => {
      tf.keras.utils.setRandomSeed(7);
      const model = new tf.keras.Sequential([new tf.keras.layers.Dense(3, { activation: 'tanh' }), new tf.keras.layers.Dense(1)]);
      const opt = new tf.keras.optimizers.SGD(0.1);
      const step = (xb: tf.Tensor, yb: tf.Tensor) => {
        const tape = new tf.GradientTape();
        const loss = tape.record(() => tf.reduceMean(tf.square((model.apply(xb) as tf.Tensor).sub(yb))));
        const vars = model.trainableVariables;
        opt.applyGradients(tape.gradient(loss, vars).map((g, i) => [g!, vars[i]!]));
        return loss;
      };
      const run = compiled ? tf.function(step) : step;
      const losses = Array.from({ length: 4 }, () => (run(x, y) as tf.Tensor).item());
      return { losses, kernel: Array.from(model.trainableVariables[0]!.dataSync()) };
    };
    const eager = train(false), compiled = train(true);
    expect(compiled.kernel).toEqual(eager.kernel);
    expect(compiled.losses).toEqual(eager.losses);
  });

  it('new tf.Variable(() => value) and tf.initScope make variables once; a tensor initial value is TensorFlow\'s error', () => {
    let v: tf.Variable | null = null;
    const f = tf.function((x: tf.Tensor) => {
      v ??= new tf.Variable(() => tf.fill([2], 5));
      v.assignAdd(x);
      return v.value();
    });
    f(tf.constant([1, 2]));
    expect(Array.from(f(tf.constant([1, 2])).dataSync())).toEqual([7, 9]);
    let u: tf.Variable | null = null;
    const g = tf.function((x: tf.Tensor) => {
      u ??= tf.initScope(() => new tf.Variable(tf.random.uniform([3], { minval: 10, maxval: 11, seed: 3 })));
      return u.add(x);
    });
    const first = Array.from(g(tf.zeros([3])).dataSync());
    expect(first.every((e) => e >= 10 && e < 11)).toBe(true);
    expect(Array.from(g(tf.ones([3])).dataSync())).toEqual(first.map((e) => Math.fround(e + 1)));
    const h = tf.function(() => new tf.Variable(tf.random.normal([2])).value());
    expect(() => h()).toThrow(/Tensor-typed variable initializers must either be wrapped in an init_scope or callable/);
  });

  it('the function\'s arguments inside initScope are an error (a graph tensor there in TensorFlow); variables read their value at the first call', () => {
    const k = tf.function((x: tf.Tensor) => tf.initScope(() => x.mul(100)));
    expect(() => k(tf.constant([1, 2]))).toThrow(/lifted out of the function and runs once, so it cannot use the function's arguments/);
    const w = tf.function((x: tf.Tensor) => new tf.Variable(() => x.mul(2)).value());
    expect(() => w(tf.constant([1, 2]))).toThrow(/cannot use the function's arguments/);
    const counter = new tf.Variable(1);
    const read = tf.function((x: tf.Tensor) => x.add(tf.initScope(() => counter.value())));
    expect(read(tf.constant(0)).item()).toBe(1);
    counter.assign(5);
    // Lifted: the value read once, when the function was traced (a replay does not read it).
    expect(read(tf.constant(0)).item()).toBe(1);
  });
});

describe('tf.function: lifted variables keep TensorFlow\'s first-trace rule', () => {
  it('a layer built by a later trace (a new input signature) is refused, as in TensorFlow', () => {
    let layer: tf.keras.layers.Dense | null = null;
    const f = tf.function((x: tf.Tensor) => {
      if (x.shape[1] === 3) layer ??= new tf.keras.layers.Dense(1);
      return layer === null ? x : (layer.apply(x) as tf.Tensor);
    });
    f(tf.ones([1, 2])); // the first trace makes no variable
    expect(() => f(tf.ones([1, 3]))).toThrow(/Creating variables on a non-first call to a function decorated with tf.function/);
  });
});

describe("TensorFlow 2's top-level aliases of Keras's modules", () => {
  it('tf.losses, tf.metrics and tf.initializers are tf.keras.losses, metrics and initializers', () => {
    expect(tf.losses).toBe(tf.keras.losses);
    expect(tf.metrics).toBe(tf.keras.metrics);
    expect(tf.initializers).toBe(tf.keras.initializers);
    // The time series tutorial's lines: tf.initializers.zeros(), tf.metrics.MeanAbsoluteError().
    expect(tf.initializers.zeros()([2, 2]).arraySync()).toEqual([[0, 0], [0, 0]]);
    const mae = new tf.metrics.MeanAbsoluteError();
    mae.updateState([[1], [2]], [[2], [4]]);
    expect(mae.result().item()).toBe(1.5);
    expect(new tf.losses.MeanSquaredError()([[1]], [[3]]).item()).toBe(4);
  });
});
