// GradientTape rules (reference/tf-semantics.md §1): recording, watching, structures, errors,
// persistence, nesting, stopGradient, state, eviction.
import * as tf from 'gradtape';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectClose, f64 } from './helpers/gradcheck';

afterEach(() => {
  vi.restoreAllMocks();
});

const scalar = (v: number) => tf.constant(v, 'float64');

describe('record(fn)', () => {
  it("returns fn's result", () => {
    const tape = new tf.GradientTape();
    const x = scalar(3);
    const result = tape.record(() => {
      tape.watch(x);
      return { y: x.mul(x), label: 'ok', n: 7 };
    });
    expect(result.label).toBe('ok');
    expect(result.n).toBe(7);
    expect(result.y.item()).toBe(9);
    expectClose(tape.gradient(result.y, x), 6);
  });

  it('stops recording even if fn throws: an op after the throw is not recorded', () => {
    const tape = new tf.GradientTape({ persistent: true });
    const x = scalar(3);
    let inside: tf.Tensor | null = null;
    expect(() =>
      tape.record(() => {
        tape.watch(x);
        inside = x.mul(x);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    const after = x.mul(x).mul(x);
    expect(tape.gradient(after, x)).toBeNull();
    // What was recorded before the throw is kept.
    expectClose(tape.gradient(inside!, x), 6);
    // The tape is not left in a "recording" state: it can be entered again.
    const z = tape.record(() => x.mul(2));
    expectClose(tape.gradient(z, x), 2);
    tape.dispose();
  });

  it('ops outside record are not recorded even for a watched tensor', () => {
    const tape = new tf.GradientTape();
    const x = scalar(2);
    tape.record(() => tape.watch(x));
    const y = x.mul(x);
    expect(tape.gradient(y, x)).toBeNull();
  });

  it('re-entering a tape that is recording throws "Tape is still recording"', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.record(() => tape.record(() => 1))).toThrow('Tape is still recording');
    tape.enter();
    expect(() => tape.enter()).toThrow('Tape is still recording');
    tape.exit();
  });

  it('entering again after exit appends to the same record', () => {
    const tape = new tf.GradientTape();
    const x = scalar(2);
    const y = tape.record(() => {
      tape.watch(x);
      return x.mul(x);
    });
    const z = tape.record(() => y.mul(x)); // x³
    expectClose(tape.gradient(z, x), 12);
  });

  it('manual enter()/exit() without `using`', () => {
    const tape = new tf.GradientTape();
    const x = scalar(1.5);
    tape.enter();
    tape.watch(x);
    const y = x.mul(x).mul(x);
    tape.exit();
    tape.exit(); // exiting when not recording is a no-op
    const notRecorded = y.mul(x);
    void notRecorded;
    expectClose(tape.gradient(y, x), 3 * 1.5 * 1.5);
  });

  it('enter() returns a disposable that exits (what `using` calls)', () => {
    const tape = new tf.GradientTape({ persistent: true });
    const x = scalar(2);
    const scope = tape.enter();
    tape.watch(x);
    const y = x.mul(x);
    scope[Symbol.dispose]();
    const z = y.mul(x);
    expectClose(tape.gradient(y, x), 4);
    expect(tape.gradient(z, x)).toBeNull();
    tape.dispose();
  });
});

describe('watch', () => {
  it('a tensor', () => {
    const x = f64([1, 2], [2]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tf.reduceSum(tf.mul(x, x));
    });
    expectClose(tape.gradient(y, x), [2, 4]);
  });

  it('an array of tensors', () => {
    const a = scalar(2);
    const b = scalar(5);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return a.mul(b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expectClose(ga, 5);
    expectClose(gb, 2);
  });

  it('an object (nested) of tensors', () => {
    const a = scalar(2);
    const b = scalar(5);
    const c = scalar(-1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch({ a, rest: [b, { c }] });
      return a.mul(b).mul(c);
    });
    const g = tape.gradient(y, { a, rest: [b, { c }] } as const);
    expectClose(g.a, -5);
    expectClose(g.rest[0], -2);
    expectClose(g.rest[1].c, 10);
  });

  it('something that is not a tensor throws, naming what was passed', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.watch(3 as unknown as tf.Tensor)).toThrow(/not tf\.Tensor/);
    expect(() => tape.watch([scalar(1), 'x'] as unknown as tf.Tensor[])).toThrow(/not tf\.Tensor/);
  });

  it('a non-float (int32) tensor: warning mentioning the dtype, and a null gradient', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const i = tf.constant([1, 2, 3], 'int32');
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(i);
      return tf.reduceSum(tf.mul(i, i));
    });
    expect(warn).toHaveBeenCalled();
    const text = warn.mock.calls.map((c) => c.join(' ')).join('\n');
    expect(text).toMatch(/must be floating/);
    expect(text).toMatch(/int32/);
    expect(tape.gradient(y, i)).toBeNull();
  });

  it('a trainable int32 variable read while recording is watched silently, as TensorFlow watches accessed variables', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const count = new tf.Variable([1, 2], { dtype: 'int32' });
    const w = new tf.Variable([0.5, 1.5]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(w, tf.cast(count.add(1), 'float32'))));
    expect(warn).not.toHaveBeenCalled();
    // TensorFlow lists it among the watched variables (its gradient is None: not a float).
    expect(tape.watchedVariables()).toEqual([count, w]);
    const [gCount, gW] = tape.gradient(y, [count, w]);
    expect(gCount).toBeNull();
    expect(Array.from(gW!.dataSync())).toEqual([2, 3]);
    warn.mockRestore();
  });
});

describe('stopRecording and reset', () => {
  it('stopRecording(fn) returns fn\'s value and its ops are not recorded; recording resumes after', () => {
    const x = scalar(3);
    const tape = new tf.GradientTape({ persistent: true });
    let y!: tf.Tensor;
    let z!: tf.Tensor;
    tape.record(() => {
      tape.watch(x);
      y = tape.stopRecording(() => x.mul(x));
      z = x.mul(x);
    });
    expect(y.item()).toBe(9);
    expect(tape.gradient(y, x)).toBeNull();
    expectClose(tape.gradient(z, x), 6);
    tape.dispose();
  });

  it('stopRecording resumes recording even if fn throws', () => {
    const x = scalar(3);
    const tape = new tf.GradientTape();
    const z = tape.record(() => {
      tape.watch(x);
      expect(() => tape.stopRecording(() => { throw new Error('inner'); })).toThrow('inner');
      return x.mul(x);
    });
    expectClose(tape.gradient(z, x), 6);
  });

  it('stopRecording on a tape that is not recording throws', () => {
    const tape = new tf.GradientTape();
    expect(() => tape.stopRecording(() => 1)).toThrow(/not recording/);
  });

  it("reset(): TensorFlow's guide example gives dz/dx = 4 and dz/dy = null", () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const t = new tf.GradientTape();
    const z = t.record(() => {
      const ySq = y.mul(y);
      t.reset();
      return x.mul(x).add(ySq);
    });
    const grad = t.gradient(z, { x, y });
    expectClose(grad.x, 4);
    expect(grad.y).toBeNull();
  });
});

describe('what the tape watches', () => {
  it('trainable variables are watched automatically; constants only when watched', () => {
    const v = new tf.Variable(3.0);
    const c = tf.constant(3.0);
    const cw = tf.constant(4.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      tape.watch(cw);
      return v.mul(v).add(c.mul(c)).add(cw.mul(cw));
    });
    const [gv, gc, gcw] = tape.gradient(y, [v, c, cw]);
    expectClose(gv, 6);
    expect(gc).toBeNull();
    expectClose(gcw, 8);
  });

  it('a trainable:false variable is not watched unless watched explicitly', () => {
    const frozen = new tf.Variable(3.0, { trainable: false });
    const t1 = new tf.GradientTape();
    const y1 = t1.record(() => frozen.mul(frozen));
    expect(t1.gradient(y1, frozen)).toBeNull();

    const t2 = new tf.GradientTape();
    const y2 = t2.record(() => {
      t2.watch(frozen);
      return frozen.mul(frozen);
    });
    expectClose(t2.gradient(y2, frozen), 6);
  });

  it('watchAccessedVariables: false watches nothing automatically', () => {
    const a = new tf.Variable(2.0);
    const b = new tf.Variable(5.0);
    const tape = new tf.GradientTape({ watchAccessedVariables: false });
    const y = tape.record(() => {
      tape.watch(b);
      return a.mul(b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expect(ga).toBeNull();
    expectClose(gb, 2);
    expect(tape.watchedVariables()).toEqual([b]);
  });

  it('watchedVariables(): variables in the order they were made (TensorFlow: "in order of construction"), no constants, still there after gradient()', () => {
    const a = new tf.Variable(1.0, { name: 'a' });
    const b = new tf.Variable(2.0, { name: 'b' });
    const frozen = new tf.Variable(3.0, { trainable: false });
    const explicit = new tf.Variable(4.0, { trainable: false });
    const c = tf.constant(5.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const p = b.mul(a).mul(b); // b read first, then a
      tape.watch([c, explicit]);
      return p.mul(frozen).mul(explicit).mul(c);
    });
    expect(tape.watchedVariables()).toEqual([a, b, explicit]);
    tape.gradient(y, a);
    expect(tape.watchedVariables()).toEqual([a, b, explicit]);
  });

  it('a tape watching many variables (past the short list it scans) watches each once and gives each its gradient', () => {
    const vars = Array.from({ length: 40 }, (_, i) => new tf.Variable(i + 1, { dtype: 'float64', name: `v${i}` }));
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      let sum = tf.constant(0, 'float64');
      // Each variable read twice, the second time after the list of watched ones has grown.
      for (const v of vars) sum = sum.add(v.mul(v));
      for (const v of [...vars].reverse()) sum = sum.add(v);
      tape.watch(vars[0]!);
      return sum;
    });
    expect(tape.watchedVariables()).toEqual(vars);
    const grads = tape.gradient(y, vars);
    // d/dv (v² + v) = 2v + 1
    expect(grads.map((g) => g!.item())).toEqual(vars.map((_, i) => 2 * (i + 1) + 1));
  });

  it('two tapes recording at once each keep their own watched set', () => {
    const x0 = tf.constant(2.0);
    const x1 = tf.constant(3.0);
    const tape0 = new tf.GradientTape();
    const tape1 = new tf.GradientTape();
    let y0!: tf.Tensor;
    let y1!: tf.Tensor;
    tape0.record(() =>
      tape1.record(() => {
        tape0.watch(x0);
        tape1.watch(x1);
        y0 = x0.mul(x0);
        y1 = x1.mul(x1).mul(x0);
      }),
    );
    expectClose(tape0.gradient(y0, x0), 4);
    const [g1x0, g1x1] = tape1.gradient(y1, [x0, x1]);
    expect(g1x0).toBeNull();
    expectClose(g1x1, 12);
  });
});

describe('gradient(target, sources, options)', () => {
  const setup = () => {
    const a = new tf.Variable(2.0, { dtype: 'float64' });
    const b = new tf.Variable(3.0, { dtype: 'float64' });
    const unused = new tf.Variable([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
    return { a, b, unused };
  };

  it('sources: a tensor gives a tensor of its shape and dtype', () => {
    const w = new tf.Variable([[1, 2], [3, 4]], { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(w, w)));
    const g = tape.gradient(y, w);
    expect(g).toBeInstanceOf(tf.Tensor);
    expect(g!.shape).toEqual([2, 2]);
    expect(g!.dtype).toBe('float64');
    expectClose(g, [2, 4, 6, 8]);
  });

  it('sources: an array gives an array in the same order, null for unconnected', () => {
    const { a, b, unused } = setup();
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(b));
    const g = tape.gradient(y, [b, unused, a]);
    expect(Array.isArray(g)).toBe(true);
    expect(g).toHaveLength(3);
    expectClose(g[0], 2);
    expect(g[1]).toBeNull();
    expectClose(g[2], 3);
  });

  it('sources: an object (nested) gives the same structure', () => {
    const { a, b, unused } = setup();
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(a).mul(b));
    const g = tape.gradient(y, { first: a, more: { b, list: [unused, a] } } as const);
    expect(Object.keys(g)).toEqual(['first', 'more']);
    expect(Object.keys(g.more)).toEqual(['b', 'list']);
    expectClose(g.first, 12);
    expectClose(g.more.b, 4);
    expect(g.more.list[0]).toBeNull();
    expectClose(g.more.list[1], 12);
  });

  it("unconnectedGradients: 'zero' gives zeros of the source's shape and dtype", () => {
    const { a, unused } = setup();
    const f32 = new tf.Variable([1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(a));
    const [ga, gu, gf] = tape.gradient(y, [a, unused, f32], { unconnectedGradients: 'zero' });
    expectClose(ga, 4);
    expect(gu).not.toBeNull();
    expect(gu!.shape).toEqual([2, 3]);
    expect(gu!.dtype).toBe('float64');
    expect(Array.from(gu!.dataSync())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gf!.shape).toEqual([3]);
    expect(gf!.dtype).toBe('float32');
    expect(Array.from(gf!.dataSync())).toEqual([0, 0, 0]);
  });

  it("unconnectedGradients: 'none' (the default) gives null", () => {
    const { a, unused } = setup();
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => a.mul(a));
    expect(tape.gradient(y, unused)).toBeNull();
    expect(tape.gradient(y, unused, { unconnectedGradients: 'none' })).toBeNull();
    tape.dispose();
  });

  it('a bad unconnectedGradients value throws', () => {
    const { a } = setup();
    const tape = new tf.GradientTape();
    const y = tape.record(() => a.mul(a));
    expect(() => tape.gradient(y, a, { unconnectedGradients: 'nonsense' as 'zero' })).toThrow(
      /Unknown value for unconnected_gradients: 'nonsense'/,
    );
  });

  it('a null/undefined target throws', () => {
    const { a } = setup();
    const tape = new tf.GradientTape({ persistent: true });
    tape.record(() => a.mul(a));
    expect(() => tape.gradient(null as unknown as tf.Tensor, a)).toThrow(/target/);
    expect(() => tape.gradient(undefined as unknown as tf.Tensor, a)).toThrow(/target/);
    tape.dispose();
  });

  it("target as an array is summed: gradient([x², 1/x], x) at x = 2 is 2x - 1/x² = 3.75", () => {
    const x = tf.constant(2.0);
    const tape = new tf.GradientTape();
    const targets = tape.record(() => {
      tape.watch(x);
      return [x.mul(x), tf.div(1, x)];
    });
    expectClose(tape.gradient(targets, x), 3.75);
  });

  it("target as an object is summed too (TensorFlow's {'y0': x**2, 'y1': 1/x} example)", () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const targets = tape.record(() => ({ y0: x.mul(x), y1: tf.div(1, x) }));
    expectClose(tape.gradient(targets, x), 3.75);
  });

  it('a non-scalar target is summed: gradient(x * [3, 4], x) = 7', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(tf.constant([3, 4])));
    expectClose(tape.gradient(y, x), 7);
  });

  it('outputGradients: vector-Jacobian product, y = x·[3, 4] with upstream [1, 2] gives 11', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(tf.constant([3, 4])));
    expectClose(tape.gradient(y, x, { outputGradients: tf.constant([1, 2]) }), 11);
  });

  it('outputGradients for several targets, one per target', () => {
    const x = new tf.Variable(2.0, { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const [y1, y2] = tape.record(() => [x.mul(f64([3, 4], [2])), x.mul(x)]);
    const g = tape.gradient([y1, y2], x, { outputGradients: [f64([1, 2], [2]), scalar(10)] });
    expectClose(g, 11 + 10 * 4);
  });

  it('outputGradients entries may be null (ones for that target), as TensorFlow allows None', () => {
    const x = new tf.Variable(2.0, { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const [y1, y2] = tape.record(() => [x.mul(f64([3, 4], [2])), x.mul(x)]);
    const g = tape.gradient([y1, y2], x, { outputGradients: [f64([1, 2], [2]), null] });
    expectClose(g, 11 + 4);
  });

  it("outputGradients in the targets' nested structure are flattened as they are (TensorFlow's nest.flatten); a number fills its target", () => {
    const x = new tf.Variable(2.0, { dtype: 'float64' });
    const tape = new tf.GradientTape({ persistent: true });
    const [y1, y2, y3] = tape.record(() => [x.mul(f64([3, 4], [2])), x.mul(x), x.mul(5)]);
    const nested = tape.gradient({ a: [y1!, y2!], b: y3! }, x, { outputGradients: { a: [f64([1, 2], [2]), 10], b: null } });
    expectClose(nested, 11 + 10 * 4 + 5);
    expectClose(tape.gradient([[y1!], [y2!]], x, { outputGradients: [[2], [undefined as never]] }), 2 * 7 + 4);
    expect(() => tape.gradient(y1!, x, { outputGradients: 'one' as never })).toThrow('gradient: each of outputGradients must be a tensor (or null for ones), got "one".');
    tape.dispose();
  });

  it('outputGradients with the wrong count throws', () => {
    const x = new tf.Variable(2.0);
    const tape = new tf.GradientTape();
    const [y1, y2] = tape.record(() => [x.mul(x), x.mul(3)]);
    expect(() => tape.gradient([y1, y2], x, { outputGradients: [tf.constant(1)] })).toThrow(/outputGradients/);
  });

  it('an intermediate tensor is a valid source: y = x·x, z = y·y gives dz/dy = 2y = 18 at x = 3', () => {
    const x = tf.constant(3.0);
    const tape = new tf.GradientTape({ persistent: true });
    let y!: tf.Tensor;
    const z = tape.record(() => {
      tape.watch(x);
      y = x.mul(x);
      return y.mul(y);
    });
    expectClose(tape.gradient(z, y), 18);
    expectClose(tape.gradient(z, x), 108);
    tape.dispose();
  });

  it('fan-out: y = x·x + x gives 2x + 1', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x).add(x));
    expectClose(tape.gradient(y, x), 7);
  });

  it('an int32 source gives null', () => {
    const i = tf.constant([1, 2], 'int32');
    const x = new tf.Variable(2.0, { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(tf.cast(i, 'float64'), x)));
    const [gi, gx] = tape.gradient(y, [i, x]);
    expect(gi).toBeNull();
    expectClose(gx, 3);
  });

  it('an int32 variable is not differentiable: null, even though it is trainable', () => {
    const v = new tf.Variable([1, 2], { dtype: 'int32' });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tape = new tf.GradientTape();
    const y = tape.record(() => tf.reduceSum(tf.mul(v, v)));
    void warn;
    expect(tape.gradient(y, v)).toBeNull();
  });
});

describe('persistence', () => {
  it('a second gradient call on a non-persistent tape throws an Error mentioning "non-persistent"', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x));
    expectClose(tape.gradient(y, x), 6);
    expect(() => tape.gradient(y, x)).toThrow(Error);
    expect(() => tape.gradient(y, x)).toThrow(/non-persistent/);
  });

  it('a persistent tape allows several calls, with the same results', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape({ persistent: true });
    const [y, z] = tape.record(() => {
      const y = x.mul(x);
      return [y, y.mul(y)];
    });
    expectClose(tape.gradient(y, x), 6);
    expectClose(tape.gradient(z, x), 108);
    expectClose(tape.gradient(y, x), 6);
    tape.dispose();
  });

  it("gradient inside a non-persistent tape's record stops recording (later reads do not touch the used tape)", () => {
    const x = new tf.Variable(3.0);
    const later = new tf.Variable(5.0);
    const tape = new tf.GradientTape();
    let g: tf.Tensor | null = null;
    let after!: tf.Tensor;
    expect(() =>
      tape.record(() => {
        const y = x.mul(x);
        g = tape.gradient(y, x);
        after = later.mul(later).mul(x); // not recorded, and must not fail on the used-up tape
      }),
    ).not.toThrow();
    expectClose(g, 6);
    expect(after.item()).toBe(75);
    expect(tape.watchedVariables()).toEqual([x]);
    expect(() => tape.gradient(after, later)).toThrow(/non-persistent/);
  });

  it('a non-persistent inner gradient inside an outer tape leaves the outer tape recording', () => {
    const x = new tf.Variable(2.0, { dtype: 'float64' });
    const outer = new tf.GradientTape();
    const z = outer.record(() => {
      const inner = new tf.GradientTape();
      let g!: tf.Tensor;
      inner.record(() => {
        const y = x.mul(x).mul(x);
        g = inner.gradient(y, x)!; // 3x², recorded on the outer tape
      });
      return g.mul(x); // 3x³, still recorded on the outer tape
    });
    expectClose(outer.gradient(z, x), 9 * 4);
  });

  it('a persistent tape inside its own context records the gradient ops (higher order) and warns once', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const x = new tf.Variable(1.0, { dtype: 'float64' });
    const tape = new tf.GradientTape({ persistent: true });
    const dy = tape.record(() => {
      const y = x.mul(x).mul(x);
      const d1 = tape.gradient(y, x)!;
      tape.gradient(y, x);
      return d1;
    });
    expectClose(dy, 3);
    expectClose(tape.gradient(dy, x), 6);
    // The warning is logged once per process; this is the first in-context persistent gradient
    // of this file (test files run in separate processes), and the second call must not repeat it.
    const relevant = warn.mock.calls.filter((c) => String(c[0]).includes('persistent tape inside its context'));
    expect(relevant).toHaveLength(1);
    tape.dispose();
  });

  it('a disposed tape errors clearly', () => {
    const x = new tf.Variable(3.0);
    const tape = new tf.GradientTape({ persistent: true });
    const y = tape.record(() => x.mul(x));
    tape.dispose();
    expect(() => tape.gradient(y, x)).toThrow(/disposed/);
    expect(() => tape.record(() => 1)).toThrow(/disposed/);
    expect(() => tape.enter()).toThrow(/disposed/);
    expect(() => tape.watch(x)).toThrow(/disposed/);
    expect(() => tape.reset()).toThrow(/disposed/);
    tape.dispose(); // idempotent
  });
});

describe('what is connected (TensorFlow guide, §1.5)', () => {
  it('tf.stopGradient: z = x² + stopGradient(y²) gives dz/dx = 4 at x = 2 and dz/dy = null', () => {
    const x = new tf.Variable(2.0);
    const y = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const z = tape.record(() => x.mul(x).add(tf.stopGradient(y.mul(y))));
    expect(z.item()).toBe(13);
    const g = tape.gradient(z, { x, y });
    expectClose(g.x, 4);
    expect(g.y).toBeNull();
  });

  it('state stops gradients: after x1.assignAdd(x0), y = x1² has no gradient w.r.t. x0', () => {
    const x0 = new tf.Variable(3.0);
    const x1 = new tf.Variable(0.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      x1.assignAdd(x0);
      return x1.mul(x1);
    });
    expect(y.item()).toBe(9);
    const [g0, g1] = tape.gradient(y, [x0, x1]);
    expect(g0).toBeNull();
    expectClose(g1, 6);
  });

  it('`x = x + 1` instead of assignAdd: first epoch gives a gradient, then x is a Tensor and the result is null', () => {
    let x: tf.Tensor = new tf.Variable(2.0);
    const results: (number | null)[] = [];
    const kinds: boolean[] = [];
    for (let epoch = 0; epoch < 2; epoch++) {
      const tape = new tf.GradientTape();
      const y = tape.record(() => x.add(1));
      kinds.push(x instanceof tf.Variable);
      const g = tape.gradient(y, x);
      results.push(g === null ? null : g.item());
      x = x.add(1);
    }
    expect(kinds).toEqual([true, false]);
    expect(results).toEqual([1, null]);
  });

  it('tf.Variable(2.0) + 1.0 is a Tensor: gradient w.r.t. it is null', () => {
    const v = new tf.Variable(2.0);
    const t = v.add(1);
    const tape = new tf.GradientTape();
    const y = tape.record(() => t.mul(t));
    expect(t instanceof tf.Variable).toBe(false);
    expect(tape.gradient(y, t)).toBeNull();
  });

  it('a value routed through JS numbers is disconnected', () => {
    const x = new tf.Variable([1, 2, 3]);
    const tape = new tf.GradientTape();
    const y = tape.record(() => {
      const mean = Array.from(x.dataSync()).reduce((s, v) => s + v, 0) / 3;
      return tf.constant(mean).mul(2);
    });
    expect(tape.gradient(y, x)).toBeNull();
  });

  it('only the branch taken is recorded', () => {
    const x = new tf.Variable(1.0);
    const a = new tf.Variable(2.0);
    const b = new tf.Variable(3.0);
    const tape = new tf.GradientTape();
    const y = tape.record(() => (x.item() > 0 ? a.mul(x) : b.mul(x)));
    const [ga, gb] = tape.gradient(y, [a, b]);
    expectClose(ga, 1);
    expect(gb).toBeNull();
  });
});

describe('eviction and chainable methods', () => {
  it('a gradient with respect to evicted tensors still works (tape ids survive eviction)', () => {
    const before = tf.memory();
    const budget = before.budgetBytes;
    const x = f64([0.5, -1, 2, 1.5], [2, 2]);
    const s = scalar(1.25);
    let grads: (tf.Tensor | null)[];
    let yValue: number;
    try {
      const tape = new tf.GradientTape();
      const y = tape.record(() => {
        tape.watch([x, s]);
        tf.setMemoryBudget(0); // from here every tensor not in use by the current op is evicted
        const a = x.mul(x); // x², with x and s evicted and re-uploaded between ops
        const b = a.mul(s).add(x.matmul(x)); // s·x² + x@x
        const c = tf.reduceSum(b.mul(b)).add(s.mul(s));
        return c;
      });
      yValue = y.item();
      grads = tape.gradient(y, [x, s]);
    } finally {
      tf.setMemoryBudget(budget);
    }
    expect(tf.memory().numEvicted).toBeGreaterThan(before.numEvicted);
    expect(tf.memory().budgetBytes).toBe(budget);

    // Reference values in JS: X = [[x0, x1], [x2, x3]], B = s∘X² + X@X, loss = ΣB² + s².
    const X = [0.5, -1, 2, 1.5];
    const S = 1.25;
    const mm = (P: number[], Q: number[]) => [
      P[0]! * Q[0]! + P[1]! * Q[2]!, P[0]! * Q[1]! + P[1]! * Q[3]!,
      P[2]! * Q[0]! + P[3]! * Q[2]!, P[2]! * Q[1]! + P[3]! * Q[3]!,
    ];
    const XX = mm(X, X);
    const B = X.map((v, i) => S * v * v + XX[i]!);
    expect(yValue).toBeCloseTo(B.reduce((acc, v) => acc + v * v, 0) + S * S, 10);
    const G = B.map((v) => 2 * v); // dL/dB
    const T = (P: number[]) => [P[0]!, P[2]!, P[1]!, P[3]!];
    // dL/dX = s·2X∘G + G@Xᵀ + Xᵀ@G
    const gX = X.map((v, i) => S * 2 * v * G[i]! + mm(G, T(X))[i]! + mm(T(X), G)[i]!);
    const gS = X.reduce((acc, v, i) => acc + v * v * G[i]!, 0) + 2 * S;
    expectClose(grads[0]!, gX, 1e-12);
    expectClose(grads[1]!, gS, 1e-12);
  });

  it('a tensor evicted between record and gradient is still a valid source', () => {
    const budget = tf.memory().budgetBytes;
    const x = f64([1, 2, 3], [3]);
    const tape = new tf.GradientTape({ persistent: true });
    let y!: tf.Tensor;
    const z = tape.record(() => {
      tape.watch(x);
      y = x.mul(x); // intermediate source
      return tf.reduceSum(y.mul(y));
    });
    const evicted = tf.memory().numEvicted;
    try {
      tf.setMemoryBudget(0);
      f64([9], [1]).add(1); // an op, so a sweep can run with nothing in use
    } finally {
      tf.setMemoryBudget(budget);
    }
    expect(tf.memory().numEvicted).toBeGreaterThan(evicted);
    expectClose(tape.gradient(z, y), [2, 8, 18]);
    expectClose(tape.gradient(z, x), [4, 32, 108]);
    tape.dispose();
  });

  it('chainable methods: x.matmul(w).sub(y).square().reduceSum() gives 2xᵀ(xw - y)', () => {
    const xv = [
      [1, 2],
      [3, -1],
      [0.5, 4],
    ];
    const yv = [[1], [-2], [3]];
    const x = tf.constant(xv, 'float64');
    const y = tf.constant(yv, 'float64');
    const w = new tf.Variable([[0.5], [-0.25]], { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const loss = tape.record(() => x.matmul(w).sub(y).square().reduceSum());
    const g = tape.gradient(loss, w);
    const r = xv.map((row, i) => row[0]! * 0.5 + row[1]! * -0.25 - yv[i]![0]!);
    const expected = [0, 1].map((j) => 2 * xv.reduce((s, row, i) => s + row[j]! * r[i]!, 0));
    expect(loss.item()).toBeCloseTo(r.reduce((s, v) => s + v * v, 0), 12);
    expect(g!.shape).toEqual([2, 1]);
    expectClose(g, expected, 1e-12);
  });

  it("the tutorial's first gradient: x = Variable(3.6), y = x·x gives 7.2 (float32)", () => {
    const x = new tf.Variable(3.6);
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x));
    const g = tape.gradient(y, x);
    expect(g!.dtype).toBe('float32');
    expect(g!.item()).toBeCloseTo(7.2, 5);
  });
});

describe('re-entering a used-up non-persistent tape', () => {
  it('starts a fresh record, as TensorFlow does', () => {
    const x = new tf.Variable(3, { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const y1 = tape.record(() => x.mul(x));
    expect((tape.gradient(y1, x) as tf.Tensor).item()).toBe(6);
    expect(() => tape.gradient(y1, x)).toThrow(/non-persistent/);
    // Recording again works, and gradients come from the new record only.
    const y2 = tape.record(() => x.mul(x).mul(x));
    expect((tape.gradient(y2, x) as tf.Tensor).item()).toBe(27);
    expect(tape.watchedVariables()).toEqual([x]);
  });
});

describe('a rejected gradient call', () => {
  it('leaves a non-persistent tape usable: a wrong outputGradients shape is checked first', () => {
    const x = new tf.Variable([1, 2], { dtype: 'float64' });
    const tape = new tf.GradientTape();
    const y = tape.record(() => x.mul(x));
    expect(() => tape.gradient(y, x, { outputGradients: [tf.constant([1, 2, 3], 'float64')] })).toThrow(/outputGradients\[0\] has shape \(3,\)/);
    expect((tape.gradient(y, x) as tf.Tensor).arraySync()).toEqual([2, 4]);
  });
});
