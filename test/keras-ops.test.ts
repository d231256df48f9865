// tf.keras.ops against Keras 3.15.1: test/fixtures/keras-ops.json (scripts/keras_ops_fixtures.py)
// and test/fixtures/keras-ops-2.json (scripts/keras_ops_2_fixtures.py: corrcoef to
// associative_scan, the adaptive poolings, erfc to cdist, fabs to matrix_rank, isreal to angle, nanquantile to nanmedian, ctc_loss, ctc_decode, array, get_item, extract_sequences, lu_factor, view) hold what keras.ops returned for each case (values,
// dtype, shape) and TensorFlow's gradients of sum(w·y) for the differentiable ones. Each case runs here eagerly (values, dtypes, shapes and
// gradients compared with Keras') and compiled by tf.function (bit for bit against the eager call,
// gradients included): this file is the compiled-vs-eager coverage test/function-catalog.test.ts
// names for the keras.ops section. The tests after the fixture cases cover the functional ops
// (cond, loops, scan, map, switch), the refusals, and that every entry is covered.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Encoded = { dtype: string; shape: number[]; values: (number | boolean | string)[] } | { list: Encoded[] } | { dict: Record<string, Encoded> } | { python: unknown };
interface Case {
  id: string;
  op: string;
  args: unknown[];
  grad: boolean;
  result?: Encoded;
  gradients?: Encoded[];
  error?: string;
  backend?: string;
}
const F = JSON.parse(readFileSync(new URL('./fixtures/keras-ops.json', import.meta.url), 'utf8')) as { keras: string; cases: Case[] };
const F2 = JSON.parse(readFileSync(new URL('./fixtures/keras-ops-2.json', import.meta.url), 'utf8')) as { keras: string; cases: Case[] };
const CASES = [...F.cases, ...F2.cases];
const ops = tf.keras.ops as unknown as Record<string, (...args: unknown[]) => unknown>;

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const num = (v: unknown) => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v);
const isSpec = (a: unknown): a is { t: unknown; dtype: tf.DType } => a !== null && typeof a === 'object' && !Array.isArray(a) && 't' in a;
const isObject = (a: unknown): a is Record<string, unknown> => a !== null && typeof a === 'object' && !Array.isArray(a) && !(a instanceof tf.Tensor);
type Tree = tf.Tensor | Tree[] | { [key: string]: Tree };
/** associative_scan's functions, named in the fixture ({fn: 'add'}): the script's FNS. */
const FNS: Record<string, (a: Tree, b: Tree) => Tree> = {
  add: (a, b) => tf.add(a as tf.Tensor, b as tf.Tensor),
  mul: (a, b) => tf.mul(a as tf.Tensor, b as tf.Tensor),
  max: (a, b) => tf.maximum(a as tf.Tensor, b as tf.Tensor),
  affine: (a, b) => tf.add(tf.mul(2, a as tf.Tensor), b as tf.Tensor),
  pair: (a, b) => {
    const [x, y] = [a as tf.Tensor[], b as tf.Tensor[]];
    return [tf.add(x[0]!, y[0]!), tf.mul(x[1]!, y[1]!)];
  },
  linear: (a, b) => {
    const [x, y] = [a as tf.Tensor[], b as tf.Tensor[]];
    return [tf.mul(x[0]!, y[0]!), tf.add(tf.mul(y[0]!, x[1]!), y[1]!)];
  },
  dict: (a, b) => {
    const [x, y] = [a as Record<string, tf.Tensor>, b as Record<string, tf.Tensor>];
    return { s: tf.add(x.s!, y.s!), m: tf.maximum(x.m!, y.m!) };
  },
};
const deepNum = (v: unknown): unknown => (Array.isArray(v) ? v.map(deepNum) : num(v));

/** The case's arguments with its tensors made; `tensors` in the order the fixture script watched them (top level, then inside lists). */
function decode(args: unknown[]): { args: unknown[]; tensors: tf.Tensor[]; rebuild: (ts: tf.Tensor[]) => unknown[] } {
  const top: tf.Tensor[] = [], nested: tf.Tensor[] = [];
  const make = (a: unknown, inList: boolean): unknown => {
    if (isSpec(a)) {
      const t = tf.constant(deepNum(a.t) as number[], a.dtype);
      (inList ? nested : top).push(t);
      return t;
    }
    if (Array.isArray(a)) return a.map((v) => make(v, true));
    if (isObject(a) && 'fn' in a) return FNS[a.fn as string];
    if (isObject(a)) return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, make(v, true)]));
    return num(a);
  };
  const made = args.map((a) => make(a, false));
  const tensors = [...top, ...nested];
  const rebuild = (ts: tf.Tensor[]) => {
    const swap = new Map(tensors.map((t, i) => [t, ts[i]!]));
    const sub = (a: unknown): unknown =>
      a instanceof tf.Tensor ? swap.get(a) : Array.isArray(a) ? a.map(sub) : isObject(a) && typeof a !== 'function' ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, sub(v)])) : a;
    return made.map(sub);
  };
  return { args: made, tensors, rebuild };
}

const floatsIn = (y: unknown): tf.Tensor[] =>
  y instanceof tf.Tensor
    ? y.dtype === 'float32' || y.dtype === 'float64' ? [y] : []
    : Array.isArray(y)
      ? y.flatMap(floatsIn)
      : isObject(y)
        ? Object.keys(y).sort().flatMap((k) => floatsIn(y[k]))
        : [];
/** Σ over the float results of sum(w·y), w = 1 + (i mod 7)/10 over y's flat entries (as the fixture script). */
const weightedSum = (y: unknown): tf.Tensor =>
  floatsIn(y).map((r) => {
    const n = r.size;
    const w = tf.constant(Array.from({ length: n }, (_, i) => 1 + (i % 7) / 10), r.dtype);
    return tf.cast(tf.reduceSum(tf.mul(tf.reshape(r, [-1]), w)), 'float32');
  }).reduce((a, b) => tf.add(a, b), tf.constant(0, 'float32'));

function expectClose(actual: unknown, expected: Encoded, label: string, rtol: number, atol: number) {
  if ('list' in expected) {
    expect(Array.isArray(actual), `${label}: an array`).toBe(true);
    const a = actual as unknown[];
    expect(a.length, label).toBe(expected.list.length);
    expected.list.forEach((e, i) => expectClose(a[i], e, `${label}[${i}]`, rtol, atol));
    return;
  }
  if ('dict' in expected) {
    expect(isObject(actual), `${label}: an object`).toBe(true);
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), label).toEqual(Object.keys(expected.dict).sort());
    for (const [k, e] of Object.entries(expected.dict)) expectClose(a[k], e, `${label}.${k}`, rtol, atol);
    return;
  }
  if ('python' in expected) {
    expect(actual instanceof tf.Tensor ? actual.arraySync() : actual, label).toEqual(expected.python);
    return;
  }
  expect(actual, `${label}: a tensor`).toBeInstanceOf(tf.Tensor);
  const t = actual as tf.Tensor;
  expect({ dtype: t.dtype, shape: t.shape }, label).toEqual({ dtype: expected.dtype, shape: expected.shape });
  const got = Array.from(t.dataSync() as ArrayLike<number>);
  const want = expected.values.map((v) => (typeof v === 'boolean' ? Number(v) : (num(v) as number)));
  want.forEach((w, i) => {
    const g = got[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) expect(got, `${label}: entry ${i}`).toEqual(want);
  });
}

/** Every tensor's dtype, shape and bits, for the compiled-vs-eager comparison. */
const bits = (r: unknown): unknown =>
  r instanceof tf.Tensor
    ? { dtype: r.dtype, shape: r.shape, data: Array.from(r.dataSync() as ArrayLike<number>) }
    : Array.isArray(r)
      ? r.map(bits)
      : isObject(r)
        ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, bits(v)]))
        : r;

/** Cases that Keras refuses for reasons of semantics: gradtape must refuse them too (and every
 * refusal in keras-ops-2.json that BACKEND_REFUSALS does not list). */
const MUST_THROW = new Set(['split/3', 'glu/0']);
/** Cases both of Keras' backends refuse although the op is defined (TensorFlow and JAX kernels
 * without int32 or bool versions; TensorFlow's segment_sum without num_segments): gradtape
 * computes them by Keras' promotion rules, checked here by dtype. */
const BACKEND_REFUSALS: Record<string, string> = {
  'rsqrt/1': 'float32', 'erf/1': 'float32', 'sigmoid/1': 'float32', 'silu/1': 'float32', 'swish/1': 'float32',
  'negative/2': 'int32', 'sign/2': 'int32', 'round/2': 'bool', 'segment_sum/0': 'float32',
  'sparse_sigmoid/3': 'float32', 'adaptive_average_pool/9': 'float32', 'adaptive_max_pool/11': 'bool',
  'erfc/1': 'float32', 'cdist/3': 'float32', 'fmax/5': 'bool', 'fmin/4': 'bool',
};
for (const c of F2.cases) if (c.error !== undefined && !(c.id in BACKEND_REFUSALS)) MUST_THROW.add(c.id);
/** Cases Keras computes that gradtape refuses by name. */
const REFUSED: Record<string, string> = {
  'pad/7': "pad's statistic modes ('maximum', 'mean', 'median', 'minimum', 'linear_ramp') are not supported",
};
/** Entries that cannot run inside tf.function, and why (a test below checks the refusal). */
const NOT_COMPILED: Record<string, string> = {
  convertToNumpy: 'it returns the values as JS arrays, which a traced function cannot read',
};

describe(`keras.ops against Keras ${F.keras}`, () => {
  it('the fixture was written by Keras 3.15.1 and covers more than 500 cases', () => {
    expect(F.keras).toBe('3.15.1');
    expect(F.cases.length).toBeGreaterThan(500);
    expect(F2.keras).toBe('3.15.1');
    expect(F2.cases.length).toBeGreaterThan(150);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
  });

  for (const c of CASES) {
    const name = camel(c.op);
    it(`${c.id}${c.grad ? ' (with gradients)' : ''}`, () => {
      const op = ops[name];
      expect(typeof op, `tf.keras.ops.${name}`).toBe('function');
      const { args, tensors, rebuild } = decode(c.args);
      if (c.error !== undefined) {
        if (MUST_THROW.has(c.id)) expect(() => op!(...args)).toThrow();
        else {
          expect(BACKEND_REFUSALS[c.id], `${c.id} is refused by Keras (${c.error})`).toBeDefined();
          expect((op!(...args) as tf.Tensor).dtype).toBe(BACKEND_REFUSALS[c.id]);
        }
        return;
      }
      if (c.id in REFUSED) {
        expect(() => op!(...args), REFUSED[c.id]).toThrow(/not supported/);
        return;
      }
      let y = op!(...args);
      // convert_to_numpy gives nested JS arrays where Keras gives a NumPy array.
      if (name === 'convertToNumpy') y = tf.constant(y as number[], (args[0] as tf.Tensor).dtype);
      // Eigenvectors are unique up to sign: each column is compared with its first entry made positive.
      const signFixed = (v: tf.Tensor) => tf.mul(v, tf.sign(tf.slice(v, [0, 0], [1, -1])));
      if (name === 'eigh') {
        const [w, v] = y as [tf.Tensor, tf.Tensor];
        y = [w, signFixed(v)];
        const e = c.result as { list: Encoded[] };
        const ev = e.list[1] as { dtype: tf.DType; shape: number[]; values: number[] };
        const fixed = signFixed(tf.reshape(tf.constant(ev.values, 'float32'), ev.shape));
        c.result = { list: [e.list[0]!, { ...ev, values: Array.from(fixed.dataSync()) }] };
      }
      expectClose(y, c.result!, `${c.id} value`, 2e-6, 1e-6);
      const sources = tensors.filter((t) => t.dtype === 'float32' || t.dtype === 'float64');
      if (c.gradients) {
        const tape = new tf.GradientTape();
        for (const s of sources) tape.watch(s);
        const loss = tape.record(() => weightedSum(op!(...rebuild(tensors))));
        const grads = tape.gradient(loss, sources) as (tf.Tensor | null)[];
        c.gradients.forEach((g, i) => expectClose(grads[i] ?? tf.zerosLike(sources[i]!), g, `${c.id} gradient ${i}`, 1e-4, 2e-5));
      }
      // tf.function: traced once, replayed, equal to the eager call bit for bit.
      if (tensors.length === 0 || name in NOT_COMPILED) return;
      const body = (...ts: tf.Tensor[]) => {
        if (!c.gradients) return op!(...rebuild(ts));
        const tape = new tf.GradientTape();
        const watched = ts.filter((t) => t.dtype === 'float32' || t.dtype === 'float64');
        for (const s of watched) tape.watch(s);
        const out = tape.record(() => op!(...rebuild(ts)));
        const loss = tape.record(() => weightedSum(out));
        return [out, tape.gradient(loss, watched)];
      };
      const compiled = tf.function(body);
      const eager = bits(body(...tensors));
      for (let round = 0; round < 2; round++) expect(bits(compiled(...tensors)), `${c.id} compiled, round ${round + 1}`).toEqual(eager);
    });
  }
});

describe('keras.ops functional ops (Keras 3 semantics)', () => {
  const o = tf.keras.ops;
  it('cond runs the branch the predicate picks', () => {
    expect((o.cond(tf.constant(true), () => tf.constant(1), () => tf.constant(2)) as tf.Tensor).arraySync()).toBe(1);
    expect((o.cond(tf.constant(0, 'int32'), () => tf.constant(1), () => tf.constant(2)) as tf.Tensor).arraySync()).toBe(2);
  });
  it('whileLoop returns a single tensor for a single loop variable, an array for an array, and stops at maximumIterations', () => {
    const one = o.whileLoop((i) => tf.less(i, 10), (i) => tf.add(i, 3), tf.constant(0, 'int32')) as tf.Tensor;
    expect(one.arraySync()).toBe(12);
    const [i, acc] = o.whileLoop((i) => tf.less(i, 4), (i, acc) => [tf.add(i, 1), tf.mul(acc, 2)], [tf.constant(0, 'int32'), tf.constant(1.5)]) as tf.Tensor[];
    expect([i!.arraySync(), acc!.arraySync()]).toEqual([4, 24]);
    expect((o.whileLoop(() => tf.constant(true), (i) => tf.add(i, 1), tf.constant(0, 'int32'), 5) as tf.Tensor).arraySync()).toBe(5);
  });
  it('foriLoop passes i as an int32 scalar and the value along; gradients flow through it', () => {
    const x = tf.constant(2);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => o.foriLoop(0, 3, (i, v: tf.Tensor) => {
      expect(i.dtype).toBe('int32');
      return tf.add(tf.mul(v, x), tf.cast(i, 'float32'));
    }, tf.constant(1)));
    // v: 1 → x → x² + 1 → x³ + x + 2 = 12 at x = 2; dy/dx = 3x² + 1 = 13.
    expect(y.arraySync()).toBe(12);
    expect((tape.gradient(y, x) as tf.Tensor).arraySync()).toBe(13);
  });
  it('scan gives [final carry, stacked ys] as jax.lax.scan, forward, reversed, and from a length alone', () => {
    const xs = tf.constant([1, 2, 3, 4]);
    const [carry, ys] = o.scan((c: tf.Tensor, x) => [tf.add(c, x!), tf.mul(c, 10)], tf.constant(0), xs);
    expect([carry.arraySync(), ys!.arraySync()]).toEqual([10, [0, 10, 30, 60]]);
    const [rc, rys] = o.scan((c: tf.Tensor, x) => [tf.add(c, x!), c], tf.constant(0), xs, null, true);
    expect([rc.arraySync(), rys!.arraySync()]).toEqual([10, [9, 7, 4, 0]]);
    const [lc, lys] = o.scan((c: tf.Tensor) => [tf.mul(c, 2), c], tf.constant(1), null, 3);
    expect([lc.arraySync(), lys!.arraySync()]).toEqual([8, [1, 2, 4]]);
  });
  it('map applies f over the leading axis; vectorizedMap is tf.vectorizedMap; switch clamps the index', () => {
    expect(o.map((x) => tf.reduceSum(x), tf.constant([[1, 2], [3, 4]])).arraySync()).toEqual([3, 7]);
    expect((o.vectorizedMap((x: tf.Tensor) => tf.mul(x, 2), tf.constant([1, 2])) as tf.Tensor).arraySync()).toEqual([2, 4]);
    const branches = [(a: unknown) => tf.add(a as tf.Tensor, 1), (a: unknown) => tf.add(a as tf.Tensor, 2)];
    expect((o.switch(tf.constant(1, 'int32'), branches, tf.constant(10)) as tf.Tensor).arraySync()).toBe(12);
    expect((o.switch(tf.constant(7, 'int32'), branches, tf.constant(10)) as tf.Tensor).arraySync()).toBe(12);
    expect((o.switch(tf.constant(-3, 'int32'), branches, tf.constant(10)) as tf.Tensor).arraySync()).toBe(11);
  });
  it('customGradient is tf.customGradient: Keras\' log1pexp example gives a finite gradient where autodiff of log(1 + exp(x)) overflows', () => {
    const log1pexp = o.customGradient((x: tf.Tensor) => {
      const e = o.exp(x);
      return [o.log(o.add(e, 1)), (upstream: tf.Tensor) => o.multiply(upstream, o.subtract(1, o.divide(1, o.add(e, 1))))];
    });
    const x = tf.constant([0, 100]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => o.sum(log1pexp(x)));
    // d/dx log(1 + eˣ) = 1 - 1/(1 + eˣ): 0.5 at 0, 1 at 100 (eˣ overflows to ∞ in float32, and 1/∞ = 0).
    expect((tape.gradient(y, x) as tf.Tensor).arraySync()).toEqual([0.5, 1]);
  });
  it('isTensor, shape, ndim and dtype answer with JS values', () => {
    expect([o.isTensor(tf.constant(1)), o.isTensor([1]), o.isTensor(new tf.Variable(1))]).toEqual([true, false, true]);
    expect([o.shape(tf.zeros([2, 3])), o.ndim(tf.zeros([2, 3])), o.dtype(tf.constant(1, 'int32'))]).toEqual([[2, 3], 2, 'int32']);
  });
  it('convertToNumpy cannot run inside tf.function: ' + NOT_COMPILED.convertToNumpy, () => {
    expect(() => tf.function((x: tf.Tensor) => tf.constant(o.convertToNumpy(tf.mul(x, 2)) as number[]))(tf.constant([1]))).toThrow(/reads the values/);
  });
  it('JS numbers are weak scalars: an integer value counts as an int, a fraction as a float', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(o.add(i, 2).dtype).toBe('int32');
    expect(o.add(i, 2.5).dtype).toBe('float32');
    expect(o.multiply(tf.constant([1], 'float64'), 2.5).dtype).toBe('float64');
    expect(o.divide(i, 2).dtype).toBe('float32');
  });
  it('a custom layer written with keras.ops trains: gradients reach its weights through the adapters', () => {
    const w = new tf.Variable(tf.constant([[0.5, -0.25], [0.1, 0.3]]));
    const x = tf.constant([[1, 2], [3, 4]]);
    const tape = new tf.GradientTape();
    const loss = tape.record(() => {
      const h = o.gelu(o.matmul(x, w));
      const logits = o.concatenate([h, o.expandDims(o.sum(h, 1), -1)], 1);
      return o.mean(o.sparseCategoricalCrossentropy(tf.constant([0, 2], 'int32'), logits, true));
    });
    const g = tape.gradient(loss, w) as tf.Tensor;
    expect(g.shape).toEqual([2, 2]);
    expect(Array.from(g.dataSync()).every((v) => Number.isFinite(v) && v !== 0)).toBe(true);
  });
});

describe('tf.keras.ops coverage', () => {
  it('every entry is run by a fixture case or by the functional-op tests above', () => {
    const covered = new Set(CASES.map((c) => camel(c.op)));
    const byHand = ['customGradient', 'isTensor', 'cond', 'whileLoop', 'foriLoop', 'scan', 'map', 'switch', 'vectorizedMap'];
    // The image namespace has its own fixture and test (test/keras-ops-image.test.ts).
    byHand.push('image');
    expect(Object.keys(tf.keras.ops).filter((k) => !covered.has(k) && !byHand.includes(k))).toEqual([]);
  });
});
