// Bad-argument properties: every argument (and every option) of every public function gets random
// garbage: null, undefined, strings, NaN, ±Infinity, -1, 2.7, huge numbers, nested wrong arrays,
// objects, booleans, functions, symbols, bigints, wrong-rank shapes, out-of-range axes, disposed
// tensors, tensors of the wrong dtype, ... while the other arguments stay valid (and random).
//
// An oracle (the TensorFlow rules, written with the reference in reference.ts) says for each call
// whether TensorFlow raises, computes a result, or whether either is acceptable (where gradtape is
// knowingly more lenient, e.g. duplicate reduction axes, or TensorFlow's own behaviour has no JS
// counterpart). Then:
//   - a call that must fail has to throw an `Error` that is not a TypeError / RangeError /
//     ReferenceError / SyntaxError (a JS engine error escaping the library), not a WebAssembly
//     RuntimeError (a trap), and whose message names the function;
//   - a call that must succeed has to return the right result (shape, dtype, values);
//   - after EVERY case a small training run (Variable, GradientTape, SGD and Adam steps, sane
//     tf.memory() counts) must still work.
// Each (function, argument) pair is its own property, so one defect cannot hide another.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, it } from 'vitest';
import { checkProperty, describeError, logTally, trainingRunProblem } from './harness';
import { Rng, genValues, literal, makeLeafTensor, nest, nestable, styleFor } from './plan';
import {
  type BinaryName,
  type DType,
  type Ref,
  RefError,
  type UnaryName,
  binaryRef,
  broadcastToRef,
  castRef,
  checkShapeArg,
  compareToRef,
  concatRef,
  constantRef,
  convertNumber,
  filledRef,
  fmtShape,
  makeRef,
  matmulRef,
  nestedToFlat,
  normalizeAxes,
  polyvalRef,
  reduceRef,
  reshapeRef,
  safeString,
  sizeOf,
  transposeRef,
  unaryRef,
} from './reference';

afterAll(() => logTally('bad-arguments.test.ts'));

// ---- tensors the oracle knows ------------------------------------------------------------------------

/** Reference value and reproduction code of every tensor this file makes. */
const known = new WeakMap<object, { ref: Ref; code: string }>();
/** The variables the case in progress made, disposed when it ends: pinned in wasm until disposed
 * or collected, they would pile up over tens of thousands of cases in one synchronous property
 * (and fail the training run's tensor count at GRADTAPE_PROPERTY_SCALE=20). */
const caseVariables: tf.Tensor[] = [];

function makeTensor(shape: number[], dtype: DType, values: number[], variable = false): tf.Tensor {
  const spec = { shape, dtype, values };
  const t = makeLeafTensor(spec, variable ? 'variable' : 'tensor') as tf.Tensor;
  if (variable) caseVariables.push(t);
  const ref = makeRef(shape, dtype, values.map((v) => convertNumber(v, dtype, 'test')));
  const lit = nestable(shape) ? literal(nest(values, shape)) : `tf.zeros(${fmtShape(shape)}, '${dtype}')`;
  known.set(t, { ref, code: variable ? `new tf.Variable(${lit}, { dtype: '${dtype}' })` : nestable(shape) ? `tf.constant(${lit}, '${dtype}')` : lit });
  return t;
}

function randomShape(rng: Rng, minRank = 0, maxRank = 3, allowZero = true): number[] {
  return Array.from({ length: rng.int(minRank, maxRank) }, () => (allowZero && rng.bool(0.1) ? 0 : rng.int(1, 3)));
}

function randomTensor(rng: Rng, opts: { dtypes?: readonly DType[]; shape?: number[]; minRank?: number; maxRank?: number; variable?: boolean } = {}): tf.Tensor {
  const dtype: DType = rng.pick(opts.dtypes ?? (['float32', 'float64', 'int32'] as const));
  const shape = opts.shape ?? randomShape(rng, opts.minRank ?? 0, opts.maxRank ?? 3);
  const style = dtype === 'int32' ? 'small' : rng.pick(['grid', 'real'] as const);
  return makeTensor(shape, dtype, genValues(rng, sizeOf(shape), style), opts.variable ?? false);
}

function disposedTensor(dtype: DType, variable = false): tf.Tensor {
  const t = makeTensor([2], dtype, [1, 2], variable);
  t.dispose();
  known.set(t, { ref: known.get(t)!.ref, code: `/* a disposed ${dtype} ${variable ? 'Variable' : 'tensor'} of shape [2] */ t` });
  return t;
}

// ---- garbage --------------------------------------------------------------------------------------------

const sym = Symbol('s');
const fnValue = () => 1;

/** Garbage for any argument, simplest first (fast-check shrinks towards the start). A fresh
 * copy per property: gradtape writes bookkeeping fields onto some objects it is given (see
 * tf.keep), which must not leak from one property into the next. */
const generic = (): unknown[] => [
  null, undefined, '', 'abc', '1', NaN, Infinity, -Infinity, -1, 0, -0, 2.7, -2.7, 2 ** 31, 2 ** 32, 2 ** 40, 1e308, -(2 ** 31) - 1,
  true, false, {}, { a: 1 }, [], [[]], [1, [2]], [[1, 2], [3]], ['a'], [null], [undefined], [NaN], [true, false],
  fnValue, new Date(0), new Map(), new Uint8Array([1, 2]),
];

/** Exotic JS values (symbols, bigints, objects without a prototype): a property of their own per
 * argument, so an engine error they provoke in a message cannot hide other findings. */
const exotic = (): unknown[] => [sym, 10n, Object.create(null), [sym], [10n], [Object.create(null)], { a: sym }];

let made = false;
let TENSOR_GARBAGE: unknown[] = [];
/** Garbage for tensor arguments: disposed tensors and variables, other dtypes, other ranks. */
function tensorGarbage(): unknown[] {
  if (!made) {
    made = true;
    const rng = new Rng(77);
    TENSOR_GARBAGE = [
      disposedTensor('float32'), disposedTensor('float64'), disposedTensor('int32'), disposedTensor('float32', true),
      makeTensor([], 'int32', [3]), makeTensor([2], 'int32', [-1, 4]), makeTensor([2], 'float64', [0.5, -2]), makeTensor([], 'float64', [-1]),
      makeTensor([2, 3], 'float32', [1, 2, 3, 4, 5, 6]), makeTensor([0], 'float32', []), makeTensor([0, 3], 'int32', []),
      makeTensor([1, 1, 1, 1], 'float32', [2]), makeTensor([2, 1, 2, 1], 'float64', [1, 2, 3, 4]), makeTensor([3], 'float32', [-1, 0, 1], true),
      makeTensor([2, 2], 'int32', [1, 2, 3, 4], true),
      randomTensor(rng), randomTensor(rng), randomTensor(rng, { maxRank: 4 }),
      new Float32Array([1, 2]), new Float64Array([1, 2]), new Int32Array([1, 2]), [[1, 2], [3, 4]], [1.5, 2.5], [2 ** 40], [-(2 ** 31)],
    ];
  }
  return TENSOR_GARBAGE;
}

const SHAPE_GARBAGE: unknown[] = [
  [2.7], [NaN], [-1], [Infinity], [2 ** 32, 0], [2 ** 31], [2 ** 40], [1e6, 1e6], [2 ** 32], 'abc', '3', 3, ['2'], [null], [[2]], [true],
  [1, 1, 1, 1, 1], [2, 1, 1, 1, 1, 1, 1, 1], new Array(4096).fill(1), new Array(5000).fill(1), Float32Array.of(2, 3), Int32Array.of(2),
  [-0], [0], [], [2, -1], [-1, 2], [3, 0, 2],
];
const AXIS_GARBAGE: unknown[] = [-5, 5, 3, -4, 2.7, NaN, Infinity, '1', '0', '01', [0, 0], [5], [[0]], [0.5], true, {}, null, undefined, [], -1, [-1, 0], [0, -1], 2 ** 32];
const DTYPE_GARBAGE: unknown[] = ['float16', 'int64', 'string', '', 'Float32', 'float', 'int', 'complex64', null, 1, true, {}, ['float32']];
const BOOL_GARBAGE: unknown[] = ['yes', 'no', 'true', 'false', '', 1, 0, -1, null, {}, [], NaN, true, false, undefined];
const NUMBER_GARBAGE: unknown[] = [NaN, Infinity, -Infinity, -1, 0, 2.7, -2.7, 2 ** 31, 2 ** 40, -(2 ** 31) - 1, 1e308, '1', null, true, {}, [1]];

// ---- showing arguments as code --------------------------------------------------------------------------

function show(x: unknown): string {
  if (x === undefined) return 'undefined';
  if (x === null) return 'null';
  if (typeof x === 'number') return Object.is(x, -0) ? '-0' : String(x);
  if (typeof x === 'string') return JSON.stringify(x);
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'boolean') return String(x);
  if (typeof x === 'symbol') return "Symbol('s')";
  if (typeof x === 'function') return '() => 1';
  const k = known.get(x as object);
  if (k) return k.code;
  if (Array.isArray(x)) return x.length > 12 && x.every((v) => v === x[0]) ? `new Array(${x.length}).fill(${show(x[0])})` : `[${x.map(show).join(', ')}]`;
  if (x instanceof Date) return 'new Date(0)';
  if (x instanceof Map) return 'new Map()';
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}.of(${Array.from(x as unknown as ArrayLike<number>).join(', ')})`;
  if (Object.getPrototypeOf(x) === null) return 'Object.create(null)';
  if (x instanceof Set) return `new Set([${[...x].map(show).join(', ')}])`;
  return `{ ${Object.entries(x as object).map(([k2, v]) => `${k2}: ${show(v)}`).join(', ')} }`;
}

// ---- the oracle ------------------------------------------------------------------------------------------

type Expect =
  | { kind: 'throw'; why: string }
  | { kind: 'ok'; check: (result: unknown) => string[] }
  | { kind: 'either'; why: string; check?: (result: unknown) => string[] };

/** Thrown inside oracles: the call may throw or succeed (no check of a result). */
class Either extends Error {}

function floatx(): DType {
  return tf.floatx();
}

const isTypedHost = (x: unknown) => x instanceof Float32Array || x instanceof Float64Array || x instanceof Int32Array || x instanceof Uint8Array;

/** An op operand as TensorFlow converts it (`hint`: the other operand's dtype); RefError when TF
 * raises; `lenient` when gradtape converts something TF would not (booleans). */
function convert(x: unknown, hint: DType | undefined, op: string): { ref: Ref; lenient: boolean } {
  if (x instanceof tf.Tensor) {
    if (x.isDisposed) throw new RefError(`${op}: disposed tensor`);
    const k = known.get(x);
    if (!k) throw new Error('test bug: an unknown tensor reached the oracle');
    return { ref: k.ref, lenient: false };
  }
  if (typeof x === 'boolean') return { ref: constantRef(x, hint, floatx(), op), lenient: true };
  if (typeof x === 'number' || isTypedHost(x)) return { ref: constantRef(x, isTypedHost(x) ? undefined : hint, floatx(), op), lenient: false };
  if (Array.isArray(x)) {
    const { hasBoolean } = nestedToFlat(x, op);
    return { ref: constantRef(x, hint, floatx(), op), lenient: hasBoolean };
  }
  throw new RefError(`${op}: cannot convert ${typeof x}`);
}

const isDType = (d: unknown): d is DType => d === 'float32' || d === 'float64' || d === 'int32' || d === 'bool';
const checkDTypeArg = (d: unknown, op: string): DType => {
  if (!isDType(d)) throw new RefError(`${op}: bad dtype`);
  return d;
};

/** Set by the helpers below when they read `null` as "not given" (Python's None, a common JS
 * convention): TensorFlow may or may not accept it, so the call may succeed (with the default) or
 * throw. `oracle` turns it into an "either" expectation. */
let softened: string | null = null;
const soften = (why: string) => {
  softened ??= why;
};

/** An optional boolean: undefined gives the default, null may; anything but a boolean is an error. */
const checkBool = (b: unknown, op: string, dflt = false): boolean => {
  if (b === undefined) return dflt;
  if (b === null) {
    soften('null for a boolean argument');
    return dflt;
  }
  if (typeof b !== 'boolean') throw new RefError(`${op}: expected a boolean`);
  return b;
};

/** An optional dtype argument. */
const optDType = (d: unknown, dflt: DType | undefined, op: string): DType | undefined => {
  if (d === undefined) return dflt;
  if (d === null) {
    soften('null for an optional dtype');
    return dflt;
  }
  return checkDTypeArg(d, op);
};

/** Whether `v` is an options object (gradtape's rule, isPlainObject): anything else in the place
 * of one is TensorFlow's first positional argument there. */
const isOptionsObject = (v: unknown): boolean => v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** An options object: undefined means {}; null or an array may mean {}; other non-objects are
 * errors. Keys whose value is null may mean "not given" and are dropped. */
function optionsArg(options: unknown, op: string): Record<string, unknown> {
  if (options === undefined) return {};
  if (options === null || Array.isArray(options)) {
    soften(`${options === null ? 'null' : 'an array'} as options`);
    return {};
  }
  if (typeof options !== 'object' || Object.getPrototypeOf(options) !== Object.prototype) throw new RefError(`${op}: options must be an object`);
  const o = { ...(options as Record<string, unknown>) };
  for (const [k, v] of Object.entries(o)) {
    if (v === null) {
      soften(`option ${k}: null`);
      delete o[k];
    }
  }
  return o;
}

/** Largest tensor the oracle builds a reference for; larger ones are only checked for shape. */
const HUGE = 2 ** 26;
/** TensorFlow's maximum rank (TensorShape::kMaxDimensions). */
const MAX_RANK = 254;

/** A shape argument: RefError if TF rejects it; `huge`: too big to build a reference (TF may run
 * out of memory, gradtape refuses: either, shape checked); `wide`: a dimension >= 2^32 in a
 * zero-size shape (TF makes it; gradtape may refuse, but must not wrap it). */
function shapeArg(shape: unknown, op: string): { dims: number[]; huge: boolean; wide: boolean } {
  const dims = checkShapeArg(shapeLike(shape), op);
  if (dims.length > MAX_RANK) throw new RefError(`${op}: rank ${dims.length} > ${MAX_RANK}`);
  return { dims, huge: sizeOf(dims) > HUGE, wide: dims.some((d) => d >= 2 ** 32) };
}

/** Typed arrays as shapes: TensorFlow takes integer NumPy arrays (and rejects float ones); either
 * answer is fine here, as long as a result has the right shape. */
function shapeLike(shape: unknown): unknown {
  if (ArrayBuffer.isView(shape) && !(shape instanceof DataView)) {
    soften('a typed array as a shape');
    return Array.from(shape as unknown as ArrayLike<number>);
  }
  return shape;
}

/** Result check for tensors too large to compare: shape and dtype only. */
const shapeOnly = (dims: number[], dtype: DType) => (r: unknown) => {
  if (!(r instanceof tf.Tensor)) return ['expected a tensor'];
  const p: string[] = [];
  if (fmtShape(r.shape) !== fmtShape(dims)) p.push(`shape ${fmtShape(r.shape)}, expected ${fmtShape(dims)}`);
  if (r.dtype !== dtype) p.push(`dtype ${r.dtype}, expected ${dtype}`);
  return p;
};

/** Runs an oracle body: RefError -> must throw; Either -> may throw; otherwise the result check. */
function oracle(body: () => { check: (r: unknown) => string[]; lenient?: boolean; why?: string }): Expect {
  softened = null;
  try {
    const { check, lenient, why } = body();
    if (softened !== null) return { kind: 'either', why: softened, check };
    return lenient ? { kind: 'either', why: why ?? 'gradtape is more lenient than TensorFlow here', check } : { kind: 'ok', check };
  } catch (e) {
    if (e instanceof RefError) return { kind: 'throw', why: e.message };
    if (e instanceof Either) return { kind: 'either', why: e.message };
    throw e;
  }
}

const tensorCheck = (ref: Ref) => (r: unknown) => compareToRef(r as tf.Tensor, ref);

// ---- specs --------------------------------------------------------------------------------------------------

interface Slot {
  name: string;
  garbage: () => unknown[];
  /** Where the garbage goes: an argument index, or a key of the options argument at `index`. */
  index: number;
  key?: string;
}

interface Spec {
  fn: string;
  /** The error message must match this (it names the function). */
  names: RegExp;
  /** Argument list for a valid call, from a seeded PRNG (tensors made fresh per case). */
  valid: (rng: Rng) => unknown[];
  slots: Slot[];
  call: (args: unknown[]) => unknown;
  expect: (args: unknown[]) => Expect;
  /** Undo global changes (floatx, memory budget, seed) after the call. */
  cleanup?: () => void;
}

const slot = (name: string, index: number, garbage: () => unknown[], key?: string): Slot => ({ name, index, garbage, key });
const tensorSlot = (name: string, index: number) => slot(name, index, () => [...generic(), ...tensorGarbage()]);
const genericSlot = (name: string, index: number, extra: unknown[] = []) => slot(name, index, () => [...generic(), ...extra]);

const BINARY: BinaryName[] = ['add', 'sub', 'mul', 'div', 'pow'];
const UNARY: UnaryName[] = ['neg', 'exp', 'log', 'sqrt', 'abs', 'square', 'tanh', 'sigmoid', 'relu'];

/** The binary-op oracle: conversions with the other operand's dtype, TF's true division for int32. */
function binaryExpect(name: BinaryName, a: unknown, b: unknown): Expect {
  return oracle(() => {
    let lenient = false;
    let ra: Ref;
    let rb: Ref;
    if (name === 'div') {
      // int32 tensors, Int32Arrays and plain JS values (typed float arrays keep their float dtype)
      const intish = (v: unknown) =>
        v instanceof tf.Tensor ? v.dtype === 'int32' : !(v instanceof Float32Array || v instanceof Float64Array);
      const anyInt = (a instanceof tf.Tensor && a.dtype === 'int32') || (b instanceof tf.Tensor && b.dtype === 'int32');
      if (anyInt && intish(a) && intish(b)) {
        // TensorFlow converts the plain operand to int32 first (so 2.5 raises), then divides in float64.
        const asInt = (v: unknown) => convert(v, 'int32', 'div');
        const ca = asInt(a);
        const cb = asInt(b);
        if (ca.ref.dtype === 'bool' || cb.ref.dtype === 'bool') throw new RefError('div: bool tensors are not supported');
        const ref = binaryRef('div', castRef(ca.ref, 'float64'), castRef(cb.ref, 'float64'));
        return { check: tensorCheck(ref), lenient: lenient || ca.lenient || cb.lenient };
      }
    }
    if (a instanceof tf.Tensor || !(b instanceof tf.Tensor)) {
      const ca = convert(a, undefined, name);
      const cb = convert(b, ca.ref.dtype, name);
      [ra, rb, lenient] = [ca.ref, cb.ref, ca.lenient || cb.lenient];
    } else {
      const cb = convert(b, undefined, name);
      const ca = convert(a, cb.ref.dtype, name);
      [ra, rb, lenient] = [ca.ref, cb.ref, ca.lenient || cb.lenient];
    }
    return { check: tensorCheck(binaryRef(name, ra, rb)), lenient };
  });
}

function validOperands(rng: Rng): [tf.Tensor, tf.Tensor] {
  const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
  const shape = randomShape(rng);
  const a = randomTensor(rng, { dtypes: [dtype], shape });
  const b = randomTensor(rng, { dtypes: [dtype], shape: shape.slice(rng.int(0, shape.length)) });
  return [a, b];
}

const specs: Spec[] = [];

// elementwise binary ops
for (const name of BINARY) {
  specs.push({
    fn: `tf.${name}`,
    names: new RegExp(`\\b${name}\\b`),
    valid: (rng) => {
      const [a, b] = validOperands(rng);
      // int32 pow needs non-negative exponents
      if (name === 'pow' && b.dtype === 'int32') return [a, makeTensor(b.shape, 'int32', genValues(rng, b.size, 'nonneg'))];
      return [a, b];
    },
    slots: [tensorSlot('a', 0), tensorSlot('b', 1)],
    call: ([a, b]) => tf[name](a as tf.Tensor, b as tf.Tensor),
    expect: ([a, b]) => binaryExpect(name, a, b),
  });
}

// elementwise unary ops
for (const name of UNARY) {
  specs.push({
    fn: `tf.${name}`,
    names: name === 'square' ? /\b(square|mul)\b/ : new RegExp(`\\b${name}\\b`),
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'] })],
    slots: [tensorSlot('x', 0)],
    call: ([x]) => tf[name](x as tf.Tensor),
    expect: ([x]) =>
      oracle(() => {
        const c = convert(x, undefined, name);
        return { check: tensorCheck(unaryRef(name, c.ref)), lenient: c.lenient };
      }),
  });
}

specs.push({
  fn: 'tf.matmul',
  names: /\bmatmul\b/,
  valid: (rng) => {
    const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
    const [m, k, n] = [rng.int(0, 3), rng.int(1, 3), rng.int(1, 3)];
    const ta = rng.bool();
    const tb = rng.bool();
    return [randomTensor(rng, { dtypes: [dtype], shape: ta ? [k, m] : [m, k] }), randomTensor(rng, { dtypes: [dtype], shape: tb ? [n, k] : [k, n] }), ta, tb];
  },
  slots: [tensorSlot('a', 0), tensorSlot('b', 1), slot('transposeA', 2, () => BOOL_GARBAGE), slot('transposeB', 3, () => BOOL_GARBAGE)],
  call: ([a, b, ta, tb]) => tf.matmul(a as tf.Tensor, b as tf.Tensor, ta as boolean, tb as boolean),
  expect: ([a, b, ta, tb]) =>
    oracle(() => {
      const fa = checkBool(ta, 'matmul');
      const fb = checkBool(tb, 'matmul');
      const ca = convert(a, undefined, 'matmul');
      const cb = convert(b, ca.ref.dtype, 'matmul');
      return { check: tensorCheck(matmulRef(ca.ref, cb.ref, fa, fb)), lenient: ca.lenient || cb.lenient };
    }),
});

for (const kind of ['sum', 'mean'] as const) {
  const name = kind === 'sum' ? 'reduceSum' : 'reduceMean';
  specs.push({
    fn: `tf.${name}`,
    names: new RegExp(`\\b${name}\\b`),
    valid: (rng) => {
      const x = randomTensor(rng);
      const r = x.rank;
      return [x, r === 0 ? undefined : rng.int(-r, r - 1), rng.bool()];
    },
    slots: [tensorSlot('x', 0), slot('axis', 1, () => AXIS_GARBAGE), slot('keepdims', 2, () => BOOL_GARBAGE)],
    call: ([x, axis, keep]) => tf[name](x as tf.Tensor, axis as number, keep as boolean),
    expect: ([x, axis, keep]) =>
      oracle(() => {
        const k = checkBool(keep, name);
        const c = convert(x, undefined, name);
        const { axes, duplicates } = normalizeAxes(axis, c.ref.shape.length, name);
        // TensorFlow reduces a repeated axis once; gradtape rejects repeats: either is fine
        return { check: tensorCheck(reduceRef(kind, c.ref, axes, k)), lenient: c.lenient || duplicates, why: 'repeated axis' };
      }),
  });
}

specs.push({
  fn: 'tf.reshape',
  names: /\breshape\b/,
  valid: (rng) => {
    const x = randomTensor(rng);
    return [x, rng.bool() ? [x.size] : [-1]];
  },
  slots: [tensorSlot('x', 0), slot('shape', 1, () => [...generic(), ...SHAPE_GARBAGE])],
  call: ([x, shape]) => tf.reshape(x as tf.Tensor, shape as number[]),
  expect: ([x, shape]) =>
    oracle(() => {
      const c = convert(x, undefined, 'reshape');
      if (Array.isArray(shape) && shape.length > MAX_RANK) throw new RefError(`reshape: rank ${shape.length} > ${MAX_RANK}`);
      const wide = Array.isArray(shape) && shape.some((d) => typeof d === 'number' && d >= 2 ** 32);
      return { check: tensorCheck(reshapeRef(c.ref, shapeLike(shape))), lenient: c.lenient || wide, why: 'a dimension >= 2^32' };
    }),
});

specs.push({
  fn: 'tf.transpose',
  names: /\btranspose\b/,
  valid: (rng) => {
    const x = randomTensor(rng);
    return [x, rng.bool() ? undefined : rng.shuffle(Array.from({ length: x.rank }, (_, i) => i))];
  },
  slots: [tensorSlot('x', 0), slot('perm', 1, () => [...generic(), ...AXIS_GARBAGE, [1, 0], [0, 1, 2], [-1, 0], [0, 0], [2, 0, 1], [1, 0, 0]])],
  call: ([x, perm]) => tf.transpose(x as tf.Tensor, perm as number[]),
  expect: ([x, perm]) =>
    oracle(() => {
      const c = convert(x, undefined, 'transpose');
      // perm null is TensorFlow's default (reversed axes); negative entries are rejected by TF
      // but well defined: either answer is fine as long as a result is right
      const p = perm === null ? undefined : perm;
      const negative = Array.isArray(p) && p.some((a) => typeof a === 'number' && a < 0);
      return { check: tensorCheck(transposeRef(c.ref, p)), lenient: c.lenient || perm === null || negative };
    }),
});

specs.push({
  fn: 'tf.broadcastTo',
  names: /\bbroadcastTo\b/,
  valid: (rng) => {
    const x = randomTensor(rng, { maxRank: 2 });
    return [x, [rng.int(1, 2), ...x.shape]];
  },
  slots: [tensorSlot('x', 0), slot('shape', 1, () => [...generic(), ...SHAPE_GARBAGE])],
  call: ([x, shape]) => tf.broadcastTo(x as tf.Tensor, shape as number[]),
  expect: ([x, shape]) =>
    oracle(() => {
      const c = convert(x, undefined, 'broadcastTo');
      const { dims, huge, wide } = shapeArg(shape, 'broadcastTo');
      if (huge) {
        // TF's compatibility rules still apply
        if (dims.length < c.ref.shape.length) throw new RefError('broadcastTo: target rank is smaller');
        if (c.ref.shape.some((d, i) => d !== 1 && d !== dims[dims.length - c.ref.shape.length + i])) throw new RefError('broadcastTo: incompatible');
        return { check: shapeOnly(dims, c.ref.dtype), lenient: true, why: 'too large for wasm memory' };
      }
      return { check: tensorCheck(broadcastToRef(c.ref, dims)), lenient: c.lenient || wide, why: 'a dimension >= 2^32' };
    }),
});

specs.push({
  fn: 'tf.concat',
  names: /\bconcat\b/,
  valid: (rng) => {
    const a = randomTensor(rng, { minRank: 1 });
    const axis = rng.int(0, a.rank - 1);
    const s = a.shape.slice();
    s[axis] = rng.int(0, 3);
    return [[a, randomTensor(rng, { dtypes: [a.dtype], shape: s })], axis];
  },
  slots: [
    slot('values', 0, () => [...generic(), ...tensorGarbage(), [tensorGarbage()[0]], [makeTensor([], 'float32', [1]), makeTensor([], 'float32', [2])]]),
    slot('values[1]', 0, () => [...generic(), ...tensorGarbage()], '1'),
    slot('axis', 1, () => AXIS_GARBAGE),
  ],
  call: ([values, axis]) => tf.concat(values as tf.Tensor[], axis as number),
  expect: ([values, axis]) =>
    oracle(() => {
      if (!Array.isArray(values) || values.length === 0) throw new RefError('concat: values must be a non-empty list');
      const first = convert(values[0], undefined, 'concat');
      const rest = values.slice(1).map((v) => convert(v, first.ref.dtype, 'concat'));
      const all = [first, ...rest];
      return { check: tensorCheck(concatRef(all.map((c) => c.ref), axis === undefined ? 0 : axis)), lenient: all.some((c) => c.lenient) };
    }),
});

specs.push({
  fn: 'tf.cast',
  names: /\bcast\b/,
  valid: (rng) => [randomTensor(rng), rng.pick(['float32', 'float64', 'int32'])],
  slots: [tensorSlot('x', 0), slot('dtype', 1, () => [...generic(), ...DTYPE_GARBAGE])],
  call: ([x, dtype]) => tf.cast(x as tf.Tensor, dtype as DType),
  expect: ([x, dtype]) =>
    oracle(() => {
      const d = checkDTypeArg(dtype, 'cast');
      const c = convert(x, undefined, 'cast');
      return { check: tensorCheck(castRef(c.ref, d)), lenient: c.lenient };
    }),
});

specs.push({
  fn: 'tf.stopGradient',
  names: /\bstopGradient\b/,
  valid: (rng) => [randomTensor(rng)],
  slots: [tensorSlot('x', 0)],
  call: ([x]) => tf.stopGradient(x as tf.Tensor),
  expect: ([x]) =>
    oracle(() => {
      const c = convert(x, undefined, 'stopGradient');
      return { check: tensorCheck(c.ref), lenient: c.lenient };
    }),
});

specs.push({
  fn: 'tf.math.polyval',
  names: /\bpolyval\b/,
  valid: (rng) => {
    const x = randomTensor(rng, { dtypes: ['float32', 'float64'] });
    return [[rng.int(-3, 3), 0.5, makeTensor([], x.dtype as DType, [2])], x];
  },
  slots: [
    slot('coeffs', 0, () => [...generic(), ...tensorGarbage(), [1, 'a'], [1, null], [[1, 2], 3], [tensorGarbage()[0]]]),
    slot('coeffs[0]', 0, () => [...generic(), ...tensorGarbage()], '0'),
    tensorSlot('x', 1),
  ],
  call: ([coeffs, x]) => tf.math.polyval(coeffs as number[], x as tf.Tensor),
  expect: ([coeffs, x]) =>
    oracle(() => {
      if (!Array.isArray(coeffs)) throw new RefError('polyval: coeffs must be a list');
      const cx = convert(x, undefined, 'polyval');
      const cs = coeffs.map((c) => convert(c, cx.ref.dtype, 'polyval'));
      return { check: tensorCheck(polyvalRef(cs.map((c) => c.ref), cx.ref)), lenient: cx.lenient || cs.some((c) => c.lenient) };
    }),
});

// creation
specs.push({
  fn: 'tf.constant',
  names: /\bconstant\b/,
  valid: (rng) => {
    const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
    const shape = randomShape(rng, 0, 3, false);
    return [nest(genValues(rng, sizeOf(shape), styleFor(rng, dtype)), shape), rng.bool() ? dtype : dtype === 'int32' ? 'int32' : undefined];
  },
  slots: [slot('values', 0, () => [...generic(), ...tensorGarbage(), [1e40], [[1], [2, 3]]]), slot('dtype', 1, () => [...generic(), ...DTYPE_GARBAGE])],
  call: ([values, dtype]) => tf.constant(values as number[], dtype as DType),
  expect: ([values, dtype]) =>
    oracle(() => {
      const d = optDType(dtype, undefined, 'constant');
      if (values instanceof tf.Tensor) {
        const c = convert(values, undefined, 'constant');
        const ref = d ? castRef(c.ref, d) : c.ref;
        return { check: tensorCheck(ref) };
      }
      if (typeof values === 'boolean') throw new Either('a boolean becomes a bool tensor in TensorFlow');
      if (Array.isArray(values) && nestedToFlat(values, 'constant').hasBoolean) throw new Either('booleans in nested arrays');
      if (!(typeof values === 'number' || Array.isArray(values) || isTypedHost(values))) throw new RefError('constant: not convertible');
      const ref = constantRef(values, d, floatx());
      // float32 overflow (1e40) gives inf in TensorFlow's conversion
      return { check: tensorCheck(ref) };
    }),
});

for (const fn of ['zeros', 'ones'] as const) {
  specs.push({
    fn: `tf.${fn}`,
    names: new RegExp(`\\b${fn}\\b`),
    valid: (rng) => [randomShape(rng), rng.pick(['float32', 'float64', 'int32', undefined])],
    slots: [slot('shape', 0, () => [...generic(), ...SHAPE_GARBAGE]), slot('dtype', 1, () => [...generic(), ...DTYPE_GARBAGE])],
    call: ([shape, dtype]) => tf[fn](shape as number[], dtype as DType),
    expect: ([shape, dtype]) =>
      oracle(() => {
        const d = optDType(dtype, floatx(), fn)!;
        // TensorShape(shape) takes a lone number as one dimension: tf.zeros(2) has shape (2,).
        const { dims, huge, wide } = shapeArg(typeof shape === 'number' ? [shape] : shape, fn);
        if (huge) return { check: shapeOnly(dims, d), lenient: true, why: 'too large for wasm memory' };
        return { check: tensorCheck(filledRef(dims, fn === 'zeros' ? 0 : 1, d)), lenient: wide, why: 'a dimension >= 2^32' };
      }),
  });
}

specs.push({
  fn: 'tf.fill',
  names: /\bfill\b/,
  valid: (rng) => {
    const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
    return [randomShape(rng), genValues(rng, 1, styleFor(rng, dtype))[0], dtype];
  },
  slots: [slot('shape', 0, () => [...generic(), ...SHAPE_GARBAGE]), slot('value', 1, () => [...generic(), ...NUMBER_GARBAGE]), slot('dtype', 2, () => [...generic(), ...DTYPE_GARBAGE])],
  call: ([shape, value, dtype]) => tf.fill(shape as number[], value as number, dtype as DType),
  expect: ([shape, value, dtype]) =>
    oracle(() => {
      const d = optDType(dtype, floatx(), 'fill')!;
      const { dims, huge, wide } = shapeArg(shape, 'fill');
      if (typeof value === 'boolean') throw new Either('tf.fill with a boolean makes a bool tensor in TensorFlow');
      if (typeof value !== 'number') throw new RefError('fill: value must be a number');
      convertNumber(value, d, 'fill');
      if (huge) return { check: shapeOnly(dims, d), lenient: true, why: 'too large for wasm memory' };
      return { check: tensorCheck(filledRef(dims, value, d)), lenient: wide, why: 'a dimension >= 2^32' };
    }),
});

for (const fn of ['zerosLike', 'onesLike'] as const) {
  specs.push({
    fn: `tf.${fn}`,
    names: new RegExp(`\\b${fn}\\b`),
    valid: (rng) => [randomTensor(rng), rng.pick(['float32', 'float64', 'int32', undefined])],
    slots: [tensorSlot('x', 0), slot('dtype', 1, () => [...generic(), ...DTYPE_GARBAGE])],
    call: ([x, dtype]) => tf[fn](x as tf.Tensor, dtype as DType),
    expect: ([x, dtype]) =>
      oracle(() => {
        const d = optDType(dtype, undefined, fn);
        const disposed = x instanceof tf.Tensor && x.isDisposed;
        if (disposed) {
          const r = known.get(x as tf.Tensor)!.ref;
          return { check: tensorCheck(filledRef(r.shape, fn === 'zerosLike' ? 0 : 1, d ?? r.dtype)), lenient: true, why: 'only the shape of a disposed tensor is needed' };
        }
        if (!(x instanceof tf.Tensor)) {
          // TensorFlow accepts anything convertible (with its own dtype rules for plain lists)
          convert(x, undefined, fn);
          throw new Either('zeros_like of a plain value');
        }
        const c = convert(x, undefined, fn);
        return { check: tensorCheck(filledRef(c.ref.shape, fn === 'zerosLike' ? 0 : 1, d ?? c.ref.dtype)) };
      }),
  });
}

// Variables
specs.push({
  fn: 'new tf.Variable',
  names: /\bVariable\b/,
  valid: (rng) => {
    const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
    const shape = randomShape(rng, 0, 3, false);
    return [nest(genValues(rng, sizeOf(shape), dtype === 'int32' ? 'small' : 'grid'), shape), { dtype, trainable: rng.bool(), name: 'w' }];
  },
  slots: [
    slot('initial', 0, () => [...generic(), ...tensorGarbage()]),
    slot('options', 1, () => [...generic(), { shape: [1] }, { trainible: true }, { dtype: 'float32', extra: 1 }]),
    slot('options.dtype', 1, () => [...generic(), ...DTYPE_GARBAGE], 'dtype'),
    slot('options.trainable', 1, () => [...generic(), ...BOOL_GARBAGE], 'trainable'),
    slot('options.name', 1, () => [...generic(), 'a name', 'x:0'], 'name'),
  ],
  call: ([initial, options]) => new tf.Variable(initial as number, options as tf.VariableOptions),
  expect: ([initial, options]) =>
    oracle(() => {
      // Anything but an options object is TensorFlow's positional trainable (null: the default).
      const o = options === undefined || isOptionsObject(options) ? optionsArg(options, 'Variable') : options === null ? {} : { trainable: options };
      const unknownKeys = Object.keys(o).filter((k) => !['dtype', 'trainable', 'name', 'shape'].includes(k));
      if (unknownKeys.length) throw new RefError(`Variable: unknown option ${unknownKeys[0]}`);
      const d = optDType(o.dtype, undefined, 'Variable');
      const trainable = checkBool(o.trainable, 'Variable', true);
      if (o.name !== undefined && typeof o.name !== 'string') throw new Either('Variable: a non-string name');
      let ref: Ref;
      let lenient = false;
      // A function is TensorFlow's callable initial value: what it returns decides.
      if (typeof initial === 'function') throw new Either('a callable initial value');
      if (initial instanceof tf.Tensor) {
        const c = convert(initial, undefined, 'Variable');
        // TensorFlow's convert_to_tensor(initial_value, dtype) does not cast a tensor.
        if (d && d !== c.ref.dtype) throw new RefError('Variable: Tensor conversion requested another dtype');
        ref = c.ref;
      } else {
        if (typeof initial === 'boolean') throw new Either('a boolean initial value');
        // like tf.constant(initial, dtype): an explicit dtype applies to typed arrays too
        ref = constantRef(initial, d, floatx(), 'Variable');
        lenient = Array.isArray(initial) && nestedToFlat(initial, 'Variable').hasBoolean;
      }
      // TensorFlow's shape: gradtape takes only the initial value's own.
      if (o.shape !== undefined && !(Array.isArray(o.shape) && o.shape.length === ref.shape.length && o.shape.every((d, i) => d === ref.shape[i]))) {
        throw new RefError('Variable: a shape other than the initial value\'s');
      }
      return {
        lenient,
        check: (r) => {
          if (!(r instanceof tf.Variable)) return ['expected a tf.Variable'];
          const p = compareToRef(r, ref);
          if (r.trainable !== trainable) p.push(`trainable is ${safeString(r.trainable)}, expected ${trainable}`);
          return p;
        },
      };
    }),
});

for (const method of ['assign', 'assignAdd', 'assignSub'] as const) {
  let target: tf.Variable | null = null;
  specs.push({
    fn: `Variable.${method}`,
    names: new RegExp(`\\b(${method}|assign|add|sub)\\b`),
    valid: (rng) => {
      const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
      const shape = randomShape(rng, 0, 2, false);
      target = makeTensor(shape, dtype, genValues(rng, sizeOf(shape), dtype === 'int32' ? 'small' : 'grid'), true) as tf.Variable;
      return [randomTensor(rng, { dtypes: [dtype], shape })];
    },
    slots: [tensorSlot('value', 0)],
    call: ([value]) => target![method](value as tf.Tensor),
    expect: ([value]) =>
      oracle(() => {
        const v = known.get(target!)!.ref;
        const c = convert(value, value instanceof tf.Tensor ? undefined : v.dtype, method);
        let next = c.ref;
        let lenient = c.lenient;
        if (method !== 'assign') {
          next = binaryRef(method === 'assignAdd' ? 'add' : 'sub', v, c.ref);
          // TF's assign_add requires the delta's shape to equal the variable's; gradtape broadcasts
          if (fmtShape(c.ref.shape) !== fmtShape(v.shape)) lenient = true;
        }
        if (next.dtype !== v.dtype || fmtShape(next.shape) !== fmtShape(v.shape)) throw new RefError(`${method}: shape or dtype differs`);
        return { lenient, check: (r) => (r === target ? compareToRef(target!, next) : ['expected the variable itself to be returned']) };
      }),
  });
}

// random
const RANDOM_OPTION_GARBAGE = [...generic(), { foo: 1 }, { mean: 0, std: 1 }, { minval: 0, max: 1 }, 5, 'abc', []];
specs.push({
  fn: 'tf.random.normal',
  names: /random\.normal/,
  valid: (rng) => [randomShape(rng), { mean: rng.int(-2, 2), stddev: rng.pick([0.5, 1, 2]), dtype: rng.pick(['float32', 'float64']), seed: rng.int(0, 1000) }],
  slots: [
    slot('shape', 0, () => [...generic(), ...SHAPE_GARBAGE]),
    slot('options', 1, () => RANDOM_OPTION_GARBAGE),
    slot('options.mean', 1, () => [...generic(), ...NUMBER_GARBAGE], 'mean'),
    slot('options.stddev', 1, () => [...generic(), ...NUMBER_GARBAGE], 'stddev'),
    slot('options.dtype', 1, () => [...generic(), ...DTYPE_GARBAGE], 'dtype'),
    slot('options.seed', 1, () => [...generic(), ...NUMBER_GARBAGE], 'seed'),
  ],
  call: ([shape, options]) => tf.random.normal(shape as number[], options as object),
  expect: ([shape, options]) => randomExpect('normal', shape, options),
});

specs.push({
  fn: 'tf.random.uniform',
  names: /random\.uniform/,
  valid: (rng) => {
    const dtype = rng.pick(['float32', 'float64', 'int32'] as const);
    const minval = rng.int(-3, 1);
    return [randomShape(rng), { minval, maxval: minval + rng.int(1, 4), dtype, seed: rng.int(0, 1000) }];
  },
  slots: [
    slot('shape', 0, () => [...generic(), ...SHAPE_GARBAGE]),
    slot('options', 1, () => RANDOM_OPTION_GARBAGE),
    slot('options.minval', 1, () => [...generic(), ...NUMBER_GARBAGE], 'minval'),
    slot('options.maxval', 1, () => [...generic(), ...NUMBER_GARBAGE], 'maxval'),
    slot('options.dtype', 1, () => [...generic(), ...DTYPE_GARBAGE], 'dtype'),
    slot('options.seed', 1, () => [...generic(), ...NUMBER_GARBAGE], 'seed'),
  ],
  call: ([shape, options]) => tf.random.uniform(shape as number[], options as object),
  expect: ([shape, options]) => randomExpect('uniform', shape, options),
});

function randomExpect(kind: 'normal' | 'uniform', shape: unknown, options: unknown): Expect {
  const op = `random.${kind}`;
  return oracle(() => {
    const { dims, huge, wide } = shapeArg(shape, op);
    // Anything but an options object is TensorFlow's positional mean (normal) or minval (uniform).
    const o = options === undefined || isOptionsObject(options) ? optionsArg(options, op) : { [kind === 'normal' ? 'mean' : 'minval']: options };
    const allowed = kind === 'normal' ? ['mean', 'stddev', 'dtype', 'seed'] : ['minval', 'maxval', 'dtype', 'seed'];
    const unknownKeys = Object.keys(o).filter((k) => !allowed.includes(k));
    if (unknownKeys.length) throw new RefError(`${op}: unknown option ${unknownKeys[0]}`);
    const dtype = optDType(o.dtype, floatx(), op)!;
    if (o.seed !== undefined && !(typeof o.seed === 'number' && Number.isSafeInteger(o.seed))) throw new RefError(`${op}: seed must be an integer`);
    const num = (key: string, dflt: number | undefined): number | undefined => {
      const v = o[key];
      if (v === undefined) return dflt;
      if (typeof v !== 'number') throw new RefError(`${op}: ${key} must be a number`);
      return v;
    };
    if (kind === 'normal') {
      if (dtype === 'int32') throw new RefError(`${op}: int32 is not a float dtype`);
      const mean = num('mean', 0)!;
      const stddev = num('stddev', 1)!;
      // TensorFlow computes mean + stddev·z for any float mean/stddev (NaN and infinities included),
      // with both converted to the dtype first (1e308 is Infinity in float32); values can only be
      // expected finite when mean ± 10 stddev is (stddev 1e308 overflows for |z| > 1.8)
      const inDtype = (v: number) => (dtype === 'float32' ? Math.fround(v) : v);
      const finite = Number.isFinite(inDtype(Math.abs(mean) + 10 * Math.abs(stddev)));
      if (huge || wide) return { check: shapeOnly(dims, dtype), lenient: true, why: 'too large for wasm memory, or a dimension >= 2^32' };
      return {
        lenient: !finite,
        why: 'non-finite mean/stddev give non-finite values in TensorFlow',
        check: (r) => randomCheck(r, dims, dtype, (v) => !finite || Number.isFinite(v)),
      };
    }
    const minval = num('minval', 0)!;
    let maxval = num('maxval', undefined);
    if (maxval === undefined) {
      if (dtype === 'int32') throw new RefError(`${op}: maxval is required for int32`);
      maxval = 1;
    }
    // (bounds are converted to the dtype first: 1e308 is Infinity in float32)
    const inDtype = (v: number) => (dtype === 'float32' ? Math.fround(v) : v);
    if (!Number.isFinite(inDtype(minval)) || !Number.isFinite(inDtype(maxval))) throw new RefError(`${op}: minval and maxval must be finite`);
    if (dtype === 'int32' && (!Number.isInteger(minval) || !Number.isInteger(maxval))) throw new RefError(`${op}: int32 bounds must be integers`);
    if (dtype === 'int32' && (minval < -(2 ** 31) || maxval > 2 ** 31)) throw new RefError(`${op}: int32 bounds out of range`);
    if (!(minval < maxval)) throw new RefError(`${op}: need minval < maxval`);
    const lo = dtype === 'float32' ? Math.fround(minval) : minval;
    if (huge || wide) return { check: shapeOnly(dims, dtype), lenient: true, why: 'too large for wasm memory, or a dimension >= 2^32' };
    return { check: (r) => randomCheck(r, dims, dtype, (v) => v >= lo && v < maxval!) };
  });
}

function randomCheck(r: unknown, shape: number[], dtype: DType, ok: (v: number) => boolean): string[] {
  if (!(r instanceof tf.Tensor)) return ['expected a tensor'];
  const p: string[] = [];
  if (r.dtype !== dtype) p.push(`dtype ${r.dtype}, expected ${dtype}`);
  if (fmtShape(r.shape) !== fmtShape(shape)) p.push(`shape ${fmtShape(r.shape)}, expected ${fmtShape(shape)}`);
  else {
    const bad = Array.from(r.dataSync()).filter((v) => !ok(v));
    if (bad.length) p.push(`values out of range: ${bad.slice(0, 4).join(', ')}`);
  }
  return p;
}

specs.push({
  fn: 'tf.random.setSeed',
  names: /setSeed/,
  valid: (rng) => [rng.int(0, 1e6)],
  slots: [genericSlot('seed', 0, NUMBER_GARBAGE)],
  call: ([seed]) => tf.random.setSeed(seed as number),
  expect: ([seed]) =>
    oracle(() => {
      // null unsets the seed, as TensorFlow's set_seed(None).
      if (!(seed === null || (typeof seed === 'number' && Number.isSafeInteger(seed)))) throw new RefError('setSeed: seed must be an integer');
      return { check: () => [] };
    }),
});

// tapes
specs.push({
  fn: 'new tf.GradientTape',
  names: /GradientTape/,
  valid: (rng) => [{ persistent: rng.bool(), watchAccessedVariables: rng.bool() }],
  slots: [
    slot('options', 0, () => [...generic(), { persistant: true }, { persistent: true, foo: 1 }]),
    slot('options.persistent', 0, () => [...generic(), ...BOOL_GARBAGE], 'persistent'),
    slot('options.watchAccessedVariables', 0, () => [...generic(), ...BOOL_GARBAGE], 'watchAccessedVariables'),
  ],
  call: ([options]) => {
    const t = new tf.GradientTape(options as tf.GradientTapeOptions);
    t.dispose();
    return t;
  },
  expect: ([options]) =>
    oracle(() => {
      // A boolean is TensorFlow's positional persistent.
      const o = typeof options === 'boolean' ? { persistent: options } : optionsArg(options, 'GradientTape');
      const unknownKeys = Object.keys(o).filter((k) => !['persistent', 'watchAccessedVariables'].includes(k));
      if (unknownKeys.length) throw new RefError(`GradientTape: unknown option ${unknownKeys[0]}`);
      const persistent = checkBool(o.persistent, 'GradientTape');
      const watch = checkBool(o.watchAccessedVariables, 'GradientTape', true);
      return {
        check: (r) => {
          const t = r as tf.GradientTape;
          return t.persistent === persistent && t.watchAccessedVariables === watch ? [] : [`persistent ${safeString(t.persistent)}, watchAccessedVariables ${safeString(t.watchAccessedVariables)}`];
        },
      };
    }),
});

specs.push({
  fn: 'GradientTape.watch',
  names: /\bwatch\b/,
  valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'] })],
  slots: [slot('x', 0, () => [...generic(), ...tensorGarbage(), [makeTensor([], 'float32', [1]), 'x'], { a: makeTensor([], 'float32', [1]), b: 3 }])],
  call: ([x]) => {
    const t = new tf.GradientTape();
    try {
      t.watch(x as tf.Tensor);
    } finally {
      t.dispose();
    }
    return undefined;
  },
  expect: ([x]) =>
    oracle(() => {
      const leaves: unknown[] = [];
      const walk = (s: unknown): void => {
        if (s instanceof tf.Tensor) leaves.push(s);
        else if (Array.isArray(s)) s.forEach(walk);
        else if (s !== null && typeof s === 'object' && Object.getPrototypeOf(s) === Object.prototype) Object.values(s).forEach(walk);
        else throw new RefError('watch: not a tensor');
      };
      walk(x);
      if (leaves.some((t) => (t as tf.Tensor).isDisposed)) throw new Either('watching a disposed tensor');
      return { check: () => [] };
    }),
});

{
  // tape.gradient(target, sources, options) with y = w·w recorded on a fresh tape per case
  let w: tf.Variable;
  let y: tf.Tensor;
  let tape: tf.GradientTape;
  const setUp = () => {
    w = makeTensor([], 'float32', [3], true) as tf.Variable;
    tape = new tf.GradientTape();
    y = tape.record(() => w.mul(w));
    known.set(y, { ref: makeRef([], 'float32', [9]), code: 'y /* = tape.record(() => w.mul(w)), w = new tf.Variable(3) */' });
    known.set(w, { ref: makeRef([], 'float32', [3]), code: 'w' });
  };
  specs.push({
    fn: 'GradientTape.gradient',
    names: /gradient|target|sources|outputGradients|unconnected/i,
    valid: () => {
      setUp();
      return [y, w, {}];
    },
    slots: [
      slot('target', 0, () => [...generic(), ...tensorGarbage()]),
      slot('sources', 1, () => [...generic(), ...tensorGarbage()]),
      slot('options', 2, () => [...generic(), { foo: 1 }, { outputGradient: 1 }]),
      slot('options.outputGradients', 2, () => [...generic(), ...tensorGarbage(), [null], [makeTensor([], 'float32', [2]), makeTensor([], 'float32', [2])]], 'outputGradients'),
      slot('options.unconnectedGradients', 2, () => [...generic(), 'ZERO', 'zeros', 'None', 'NONE'], 'unconnectedGradients'),
    ],
    call: ([target, sources, options]) => {
      try {
        return tape.gradient(target as tf.Tensor, sources as tf.Tensor, options as tf.GradientOptions);
      } finally {
        tape.dispose();
      }
    },
    expect: ([target, sources, options]) =>
      oracle(() => {
        // Anything but an options object is TensorFlow's positional output_gradients.
        const o = options === undefined || isOptionsObject(options) ? optionsArg(options, 'gradient') : { outputGradients: options };
        const unknownKeys = Object.keys(o).filter((k) => !['outputGradients', 'unconnectedGradients'].includes(k));
        if (unknownKeys.length) throw new RefError(`gradient: unknown option ${unknownKeys[0]}`);
        if (o.unconnectedGradients !== undefined && o.unconnectedGradients !== 'none' && o.unconnectedGradients !== 'zero') throw new RefError('gradient: bad unconnectedGradients');
        const isStructure = (s: unknown): boolean =>
          s instanceof tf.Tensor ||
          (Array.isArray(s) && s.every(isStructure)) ||
          (s !== null && typeof s === 'object' && Object.getPrototypeOf(s) === Object.prototype && Object.values(s).every(isStructure));
        if (target === null || target === undefined || !isStructure(target)) throw new RefError('gradient: bad target');
        if (!isStructure(sources)) throw new RefError('gradient: bad sources');
        if (target !== y || sources !== w) throw new Either('another target or source: no simple oracle');
        let g = 6;
        if (o.outputGradients !== undefined && o.outputGradients !== null) {
          // TensorFlow's nest.flatten: arrays and plain objects are structures, the rest leaves.
          const og: unknown[] = [];
          const flatten = (v: unknown): void => {
            if (Array.isArray(v)) v.forEach(flatten);
            else if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) Object.values(v).forEach(flatten);
            else og.push(v);
          };
          flatten(o.outputGradients);
          if (og.length !== 1) throw new RefError('gradient: one outputGradient per target');
          if (og[0] === null || og[0] === undefined) g = 6;
          else if (!(og[0] instanceof tf.Tensor)) {
            convert(og[0], 'float32', 'gradient'); // RefError: not convertible to a tensor
            throw new Either('a plain outputGradients value (TensorFlow converts it)');
          }
          else {
            const c = convert(og[0], undefined, 'gradient');
            if (c.ref.dtype !== 'float32' || c.ref.shape.length !== 0) throw new RefError('gradient: outputGradients must match the target');
            g = 6 * c.ref.data[0]!;
          }
        }
        return { check: (r) => compareToRef(r as tf.Tensor, makeRef([], 'float32', [g])) };
      }),
  });
}

// optimizers
// rate: a learning rate (>= 0, or a function); unit: [0, 1] (Keras checks none, gradtape does);
// unitOpen: (0, 1] (Keras checks Lion's beta1); eps: >= 0; nonpos: <= 0; num: any finite number.
type OptimizerKey = 'rate' | 'unit' | 'unitOpen' | 'bool' | 'eps' | 'nonpos' | 'num';
const OPTIMIZER_KEYS: Record<string, { keys: Record<string, OptimizerKey>; make: (o: object) => object }> = {
  SGD: { keys: { learningRate: 'rate', momentum: 'unit', nesterov: 'bool' }, make: (o) => new tf.optimizers.SGD(o) },
  Adam: { keys: { learningRate: 'rate', beta1: 'unit', beta2: 'unit', epsilon: 'eps', amsgrad: 'bool' }, make: (o) => new tf.optimizers.Adam(o) },
  Nadam: { keys: { learningRate: 'rate', beta1: 'unit', beta2: 'unit', epsilon: 'eps' }, make: (o) => new tf.optimizers.Nadam(o) },
  RMSprop: {
    keys: { learningRate: 'rate', rho: 'unit', momentum: 'unit', epsilon: 'eps', centered: 'bool' },
    make: (o) => new tf.optimizers.RMSprop(o),
  },
  Adagrad: { keys: { learningRate: 'rate', initialAccumulatorValue: 'eps', epsilon: 'eps' }, make: (o) => new tf.optimizers.Adagrad(o) },
  Adadelta: { keys: { learningRate: 'rate', rho: 'unit', epsilon: 'eps' }, make: (o) => new tf.optimizers.Adadelta(o) },
  Adamax: { keys: { learningRate: 'rate', beta1: 'unit', beta2: 'unit', epsilon: 'eps' }, make: (o) => new tf.optimizers.Adamax(o) },
  Lamb: { keys: { learningRate: 'rate', beta1: 'unit', beta2: 'unit', epsilon: 'eps' }, make: (o) => new tf.optimizers.Lamb(o) },
  AdamW: {
    keys: { learningRate: 'rate', beta1: 'unit', beta2: 'unit', epsilon: 'eps', amsgrad: 'bool', weightDecay: 'num' },
    make: (o) => new tf.optimizers.AdamW(o),
  },
  Lion: { keys: { learningRate: 'rate', beta1: 'unitOpen', beta2: 'unit' }, make: (o) => new tf.optimizers.Lion(o) },
  Ftrl: {
    keys: {
      learningRate: 'rate', learningRatePower: 'nonpos', initialAccumulatorValue: 'eps', l1RegularizationStrength: 'eps',
      l2RegularizationStrength: 'eps', l2ShrinkageRegularizationStrength: 'eps', beta: 'num',
    },
    make: (o) => new tf.optimizers.Ftrl(o),
  },
  Adafactor: {
    keys: { learningRate: 'rate', beta2Decay: 'num', epsilon1: 'eps', epsilon2: 'eps', clipThreshold: 'eps', relativeStep: 'bool' },
    make: (o) => new tf.optimizers.Adafactor(o),
  },
};
// The base options every optimizer also accepts (checked in test/optimizers-base.test.ts).
const BASE_OPTIMIZER_KEYS = ['weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'gradientAccumulationSteps'];
for (const [cls, { keys, make }] of Object.entries(OPTIMIZER_KEYS)) {
  specs.push({
    fn: `new tf.optimizers.${cls}`,
    names: new RegExp(`\\b${cls}\\b`),
    valid: (rng) => [
      Object.fromEntries(
        Object.entries(keys).map(([k, t]) => [
          k,
          t === 'bool' ? rng.bool()
          : t === 'unit' ? rng.pick([0, 0.5, 0.9])
          : t === 'unitOpen' ? rng.pick([0.5, 0.9, 1])
          : t === 'nonpos' ? rng.pick([-1, -0.5, 0])
          : t === 'num' ? rng.pick([-0.8, 0, 0.1])
          : rng.pick([0.001, 0.1, 1]),
        ]),
      ),
    ],
    slots: [
      slot('options', 0, () => [...generic(), { learningrate: 0.1 }, { lr: 0.1, learningRate: 0.1 }]),
      ...Object.keys(keys).map((k) => slot(`options.${k}`, 0, () => [...generic(), ...NUMBER_GARBAGE, ...BOOL_GARBAGE, 1.5, 0.5], k)),
      slot('options.name', 0, () => [...generic(), 'opt'], 'name'),
    ],
    call: ([options]) => make(options as object),
    expect: ([options]) =>
      oracle(() => {
        // Anything but an options object is Keras 3's positional learning_rate.
        const o = options === undefined || isOptionsObject(options) ? optionsArg(options, cls) : { learningRate: options };
        const unknownKeys = Object.keys(o).filter((k) => !(k in keys) && k !== 'name' && k !== 'lr' && !BASE_OPTIMIZER_KEYS.includes(k));
        if (unknownKeys.length) throw new RefError(`${cls}: unknown option ${unknownKeys[0]}`);
        if (o.lr !== undefined && o.learningRate !== undefined) throw new RefError(`${cls}: lr and learningRate`);
        if (o.name !== undefined && typeof o.name !== 'string') throw new Either(`${cls}: a non-string name`);
        let lenient = false;
        for (const [k, t] of Object.entries(keys)) {
          const v = o[k];
          if (v === undefined) continue;
          if (t === 'bool') checkBool(v, cls);
          else if (t === 'rate' && typeof v === 'function') continue; // a function of the step
          else if (typeof v !== 'number' || !Number.isFinite(v)) throw new RefError(`${cls}: ${k} must be a finite number`);
          else if (t === 'num') continue;
          else if (t === 'nonpos') {
            if (v > 0) throw new RefError(`${cls}: ${k} must be <= 0`);
          } else if (v < 0) throw new RefError(`${cls}: ${k} must be >= 0`);
          else if (t === 'unitOpen' && (v === 0 || v > 1)) throw new RefError(`${cls}: ${k} must be in (0, 1]`);
          else if (t === 'unit' && v > 1) lenient = true; // Keras does not check betas/momentum; gradtape does
        }
        return {
          lenient,
          check: (r) => {
            const opt = r as unknown as Record<string, unknown>;
            return Object.entries(keys)
              // A learningRate function is read back as its value at step 0.
              .filter(([k]) => o[k] !== undefined && opt[k] !== (typeof o[k] === 'function' ? (o[k] as (s: number) => unknown)(0) : o[k]))
              .map(([k]) => `${k} is ${safeString(opt[k])}, expected ${safeString(o[k])}`);
          },
        };
      }),
  });
}

{
  // SGD(0.1).applyGradients(pairs) on a fresh variable w = [1, 2] with gradient g = [1, -1]
  let w: tf.Variable;
  let g: tf.Tensor;
  specs.push({
    fn: 'Optimizer.applyGradients',
    names: /applyGradients/,
    valid: () => {
      w = makeTensor([2], 'float32', [1, 2], true) as tf.Variable;
      g = makeTensor([2], 'float32', [1, -1]);
      known.set(w, { ref: known.get(w)!.ref, code: 'w /* new tf.Variable([1, 2]) */' });
      known.set(g, { ref: known.get(g)!.ref, code: 'g /* tf.constant([1, -1]) */' });
      return [[[g, w]]];
    },
    slots: [
      slot('pairs', 0, () => [...generic(), ...tensorGarbage()]),
      slot('pairs[0]', 0, () => [...generic(), ...tensorGarbage()], '0'),
      slot('gradient', 0, () => [...generic(), ...tensorGarbage()], 'g'),
      slot('variable', 0, () => [...generic(), ...tensorGarbage()], 'v'),
    ],
    call: ([pairs]) => new tf.optimizers.SGD({ learningRate: 0.1 }).applyGradients(pairs as [tf.Tensor, tf.Variable][]),
    expect: ([pairs]) =>
      oracle(() => {
        if (!Array.isArray(pairs) || pairs.length === 0) throw new RefError('applyGradients: pairs must be a non-empty list');
        let present = 0;
        for (const p of pairs) {
          if (!Array.isArray(p) || p.length !== 2) throw new RefError('applyGradients: each entry is a [gradient, variable] pair');
          const [grad, variable] = p;
          if (!(variable instanceof tf.Variable) || variable.isDisposed) throw new RefError('applyGradients: not a (live) variable');
          if (grad === null || grad === undefined) continue;
          present++;
          if (!(grad instanceof tf.Tensor) || grad.isDisposed) throw new RefError('applyGradients: gradient must be a tensor');
          const c = convert(grad, undefined, 'applyGradients');
          const vr = known.get(variable)?.ref;
          if (!vr || c.ref.dtype === 'bool' || fmtShape(c.ref.shape) !== fmtShape(vr.shape)) throw new RefError('applyGradients: gradient must match the variable');
          // Another numeric dtype is cast to the variable's (Keras's update steps cast it).
          if (variable !== w || grad !== g || c.ref.dtype !== vr.dtype) throw new Either('another variable or a cast gradient');
        }
        if (present === 0) throw new RefError('applyGradients: no gradients');
        return { check: () => compareToRef(w, makeRef([2], 'float32', [0.9, 2.1])) };
      }),
  });
}

// memory and settings
specs.push({
  fn: 'tf.tidy',
  names: /\btidy\b/,
  valid: () => ['scope', () => makeTensor([], 'float32', [1])],
  slots: [genericSlot('name', 0), genericSlot('fn', 1, [() => Promise.resolve(1)])],
  call: ([name, fn]) => tf.tidy(name as string, fn as () => tf.Tensor),
  expect: ([name, fn]) =>
    oracle(() => {
      if (typeof fn !== 'function') throw new RefError('tidy: expected a function');
      if (fn !== fnValue && fn.toString().includes('Promise')) throw new RefError('tidy: async function');
      if (typeof name !== 'string') throw new Either('tidy(nonString, fn)');
      return { check: () => [] };
    }),
});

specs.push({
  fn: 'tf.keep',
  names: /\bkeep\b/,
  valid: (rng) => [randomTensor(rng)],
  slots: [slot('x', 0, () => [...generic(), ...tensorGarbage()])],
  call: ([x]) => tf.keep(x as tf.Tensor),
  expect: ([x]) =>
    oracle(() => {
      if (!(x instanceof tf.Tensor)) throw new RefError('keep: expected a tensor');
      return { lenient: x.isDisposed, check: (r) => (r === x ? [] : ['keep must return its argument']) };
    }),
});

specs.push({
  fn: 'tf.dispose',
  names: /\bdispose\b/,
  valid: (rng) => [[randomTensor(rng), { a: randomTensor(rng) }]],
  slots: [slot('x', 0, () => [...generic(), ...tensorGarbage()])],
  call: ([x]) => tf.dispose(x),
  // TensorFlow.js's dispose ignores what is not a tensor
  expect: () => ({ kind: 'either', why: 'dispose ignores non-tensors', check: () => [] }),
});

specs.push({
  fn: 'tf.setMemoryBudget',
  names: /setMemoryBudget/,
  valid: () => [64 * 2 ** 20],
  slots: [genericSlot('bytes', 0, NUMBER_GARBAGE)],
  call: ([bytes]) => tf.setMemoryBudget(bytes as number),
  expect: ([bytes]) =>
    oracle(() => {
      if (typeof bytes !== 'number' || Number.isNaN(bytes) || bytes < 0) throw new RefError('setMemoryBudget: a byte count >= 0');
      return { check: () => (tf.memory().budgetBytes === bytes ? [] : [`budget is ${tf.memory().budgetBytes}`]) };
    }),
  cleanup: () => tf.setMemoryBudget(128 * 2 ** 20),
});

specs.push({
  fn: 'tf.setFloatx',
  names: /setFloatx/,
  valid: (rng) => [rng.pick(['float32', 'float64'])],
  slots: [slot('dtype', 0, () => [...generic(), ...DTYPE_GARBAGE, 'int32'])],
  call: ([d]) => tf.setFloatx(d as 'float32'),
  expect: ([d]) =>
    oracle(() => {
      if (d !== 'float32' && d !== 'float64') throw new RefError('setFloatx: float32 or float64');
      return { check: () => (tf.floatx() === d ? [] : [`floatx is ${tf.floatx()}`]) };
    }),
  cleanup: () => tf.setFloatx('float32'),
});

specs.push({
  fn: 'Tensor.item',
  names: /\bitem\b/,
  valid: (rng) => [randomTensor(rng, { shape: [] })],
  slots: [slot('this', 0, () => tensorGarbage().filter((t) => t instanceof tf.Tensor))],
  call: ([x]) => (x as tf.Tensor).item(),
  expect: ([x]) =>
    oracle(() => {
      const c = convert(x, undefined, 'item');
      if (c.ref.data.length !== 1) throw new RefError('item: exactly one element');
      return { check: (r) => (Object.is(r, c.ref.data[0]) || r === c.ref.data[0] ? [] : [`item() = ${safeString(r)}, expected ${c.ref.data[0]}`]) };
    }),
});

// Index-driven ops and control flow: robustness only. Their results on valid arguments are checked
// against TensorFlow's documented examples in test/indexing.test.ts and test/control-flow.test.ts;
// here garbage in any argument must give a gradtape error naming the function (no raw TypeError,
// RangeError or trap) or a result, and leave the library usable. (The control-flow functions run
// the caller's functions on the garbage: an error raised there names the op that raised it.)
const anyOp = /^[\w.]+: /;
const robustness: Expect = { kind: 'either', why: 'robustness only (results: test/indexing.test.ts, test/control-flow.test.ts)' };
const idsOf = (rng: Rng, n: number, segments: number) => makeTensor([n], 'int32', Array.from({ length: n }, () => rng.int(-1, segments - 1)));
const ROBUSTNESS: Omit<Spec, 'expect'>[] = [
  {
    fn: 'tf.where', names: /\bwhere\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'int32'] })],
    slots: [tensorSlot('condition', 0)], call: ([c]) => tf.where(c as tf.Tensor),
  },
  {
    fn: 'tf.booleanMask', names: /\bbooleanMask\b/,
    valid: (rng) => [randomTensor(rng, { shape: [3, 2] }), makeTensor([3], 'bool', [1, 0, 1]), rng.pick([0, -2])],
    slots: [tensorSlot('tensor', 0), tensorSlot('mask', 1), genericSlot('axis', 2)], call: ([t, m, a]) => tf.booleanMask(t as tf.Tensor, m as tf.Tensor, a as number),
  },
  {
    fn: 'tf.math.unsortedSegmentSum', names: /\bunsortedSegmentSum\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [4, 2] }), idsOf(rng, 4, 3), 3],
    slots: [tensorSlot('data', 0), tensorSlot('segmentIds', 1), genericSlot('numSegments', 2)], call: ([d, i, n]) => tf.math.unsortedSegmentSum(d as tf.Tensor, i as tf.Tensor, n as number),
  },
  {
    fn: 'tf.math.unsortedSegmentMax', names: /\bunsortedSegmentMax\b/,
    valid: (rng) => [randomTensor(rng, { shape: [4] }), idsOf(rng, 4, 2), 2],
    slots: [tensorSlot('data', 0), tensorSlot('segmentIds', 1), genericSlot('numSegments', 2)], call: ([d, i, n]) => tf.math.unsortedSegmentMax(d as tf.Tensor, i as tf.Tensor, n as number),
  },
  {
    fn: 'tf.math.segmentMean', names: /\bsegmentMean\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [3, 2] }), makeTensor([3], 'int32', [0, 0, rng.int(0, 2)])],
    slots: [tensorSlot('data', 0), tensorSlot('segmentIds', 1)], call: ([d, i]) => tf.math.segmentMean(d as tf.Tensor, i as tf.Tensor),
  },
  {
    fn: 'tf.unique', names: /\bunique\b/,
    valid: (rng) => [randomTensor(rng, { shape: [5] })],
    slots: [tensorSlot('x', 0)], call: ([x]) => tf.unique(x as tf.Tensor),
  },
  {
    fn: 'tf.searchsorted', names: /\bsearchsorted\b/,
    valid: () => [makeTensor([4], 'float32', [0, 1, 3, 9]), makeTensor([2], 'float32', [2, 9]), 'left'],
    slots: [tensorSlot('sortedSequence', 0), tensorSlot('values', 1), genericSlot('side', 2, ['right', 'LEFT'])],
    call: ([s, v, side]) => tf.searchsorted(s as tf.Tensor, v as tf.Tensor, side as 'left'),
  },
  {
    fn: 'tf.math.bincount', names: /\bbincount\b/,
    valid: (rng) => [makeTensor([3], 'int32', [rng.int(0, 3), 1, 0]), null, null, null, 'int32'],
    slots: [tensorSlot('arr', 0), tensorSlot('weights', 1), genericSlot('minlength', 2), genericSlot('maxlength', 3), genericSlot('dtype', 4, ['float64', 'bool'])],
    call: ([a, w, mn, mx, d]) => tf.math.bincount(a as tf.Tensor, w as tf.Tensor, mn as number, mx as number, d as tf.DType),
  },
  {
    fn: 'tf.math.confusionMatrix', names: /\bconfusionMatrix\b/,
    valid: () => [makeTensor([3], 'int32', [0, 1, 2]), makeTensor([3], 'int32', [0, 2, 2]), null, null, 'int32'],
    slots: [tensorSlot('labels', 0), tensorSlot('predictions', 1), genericSlot('numClasses', 2), tensorSlot('weights', 3), genericSlot('dtype', 4, ['float32', 'bool'])],
    call: ([l, p, n, w, d]) => tf.math.confusionMatrix(l as tf.Tensor, p as tf.Tensor, n as number, w as tf.Tensor, d as tf.DType),
  },
  {
    fn: 'tf.sequenceMask', names: /\bsequenceMask\b/,
    valid: (rng) => [makeTensor([2], 'int32', [rng.int(0, 3), 1]), 3, 'bool'],
    slots: [tensorSlot('lengths', 0), genericSlot('maxlen', 1), genericSlot('dtype', 2, ['float32', 'int32'])],
    call: ([l, m, d]) => tf.sequenceMask(l as tf.Tensor, m as number, d as tf.DType),
  },
  {
    fn: 'tf.tensorScatterAdd', names: /\btensorScatterAdd\b/,
    valid: () => [makeTensor([3], 'float32', [1, 2, 3]), makeTensor([2, 1], 'int32', [0, 2]), makeTensor([2], 'float32', [5, 6])],
    slots: [tensorSlot('tensor', 0), tensorSlot('indices', 1), tensorSlot('updates', 2)],
    call: ([t, i, u]) => tf.tensorScatterAdd(t as tf.Tensor, i as tf.Tensor, u as tf.Tensor),
  },
  {
    fn: 'tf.linalg.cross', names: /\bcross\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32'], shape: [2, 3] }), randomTensor(rng, { dtypes: ['float32'], shape: [3] })],
    slots: [tensorSlot('a', 0), tensorSlot('b', 1)], call: ([a, b]) => tf.linalg.cross(a as tf.Tensor, b as tf.Tensor),
  },
  {
    fn: 'tf.ensureShape', names: /\bensureShape\b/,
    valid: () => [makeTensor([2, 3], 'float32', [1, 2, 3, 4, 5, 6]), [2, null]],
    slots: [tensorSlot('x', 0), genericSlot('shape', 1, [[2, 3, 1], [-1, -1]])], call: ([x, sh]) => tf.ensureShape(x as tf.Tensor, sh as number[]),
  },
  {
    fn: 'tf.cond', names: anyOp,
    valid: (rng) => [makeTensor([], 'bool', [rng.int(0, 1)]), () => tf.constant(1), () => tf.constant(2)],
    slots: [tensorSlot('pred', 0), genericSlot('trueFn', 1), genericSlot('falseFn', 2)],
    call: ([p, a, b]) => tf.cond(p as tf.Tensor, a as () => tf.Tensor, b as () => tf.Tensor),
  },
  {
    fn: 'tf.whileLoop', names: anyOp,
    valid: () => [(i: tf.Tensor) => tf.less(i, 3), (i: tf.Tensor) => i.add(1), [makeTensor([], 'int32', [0])], { maximumIterations: 10 }],
    slots: [genericSlot('cond', 0), genericSlot('body', 1), genericSlot('loopVars', 2), genericSlot('options', 3), genericSlot('options.maximumIterations', 3)],
    call: ([c, b, v, o]) => tf.whileLoop(c as () => tf.Tensor, b as () => tf.Tensor, v as tf.Tensor[], o as tf.WhileLoopOptions),
  },
  {
    fn: 'tf.mapFn', names: anyOp,
    valid: (rng) => [(r: tf.Tensor) => r.sum(), randomTensor(rng, { dtypes: ['float32'], shape: [2, 3] })],
    slots: [genericSlot('fn', 0), tensorSlot('elems', 1)], call: ([f, e]) => tf.mapFn(f as (r: tf.Tensor) => tf.Tensor, e as tf.Tensor),
  },
  {
    fn: 'tf.scan', names: anyOp,
    valid: (rng) => [(a: tf.Tensor, x: tf.Tensor) => a.add(x), randomTensor(rng, { dtypes: ['float32'], shape: [3] }), null],
    slots: [genericSlot('fn', 0), tensorSlot('elems', 1), tensorSlot('initializer', 2)],
    call: ([f, e, i]) => tf.scan(f as (a: tf.Tensor, x: tf.Tensor) => tf.Tensor, e as tf.Tensor, i as tf.Tensor),
  },
  {
    fn: 'tf.math.cumulativeLogsumexp', names: /\bcumulativeLogsumexp\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [2, 3] }), rng.pick([0, 1, -1]), false, rng.pick([true, false])],
    slots: [tensorSlot('x', 0), genericSlot('axis', 1, [2, [0, 1]]), genericSlot('exclusive', 2), genericSlot('reverse', 3)],
    call: ([x, a, e, r]) => tf.math.cumulativeLogsumexp(x as tf.Tensor, a as number, e as boolean, r as boolean),
  },
  {
    fn: 'tf.math.inTopK', names: /\binTopK\b/,
    valid: (rng) => [makeTensor([2], 'int32', [rng.int(0, 2), 1]), randomTensor(rng, { dtypes: ['float32'], shape: [2, 3] }), rng.int(0, 3)],
    slots: [tensorSlot('targets', 0), tensorSlot('predictions', 1), genericSlot('k', 2)],
    call: ([t, p, k]) => tf.math.inTopK(t as tf.Tensor, p as tf.Tensor, k as number),
  },
  {
    fn: 'tf.linalg.setDiag', names: /\bsetDiag\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [2, 3] }), makeTensor([2], 'float32', [1, 2]), 0],
    slots: [tensorSlot('input', 0), tensorSlot('diagonal', 1), genericSlot('k', 2)],
    call: ([x, d, k]) => tf.linalg.setDiag(x as tf.Tensor, d as tf.Tensor, k as number),
  },
  {
    fn: 'tf.linalg.matrixRank', names: /\bmatrixRank\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [3, 2] }), null],
    slots: [tensorSlot('a', 0), genericSlot('tol', 1, [0.5])],
    call: ([a, t]) => tf.linalg.matrixRank(a as tf.Tensor, t as number),
  },
  {
    fn: 'tf.linalg.expm', names: /\bexpm\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [rng.int(1, 3), 2, 2] })],
    slots: [tensorSlot('input', 0)], call: ([x]) => tf.linalg.expm(x as tf.Tensor),
  },
  {
    fn: 'tf.nn.conv2d', names: /\bconv2d\b/,
    valid: (rng) => [
      randomTensor(rng, { dtypes: ['float32'], shape: [1, 4, 4, 2] }), randomTensor(rng, { dtypes: ['float32'], shape: [2, 2, 2, 3] }),
      rng.pick([1, 2]), rng.pick(['SAME', 'VALID']), 'NHWC', 1,
    ],
    slots: [
      tensorSlot('input', 0), tensorSlot('filters', 1), genericSlot('strides', 2, [[1, 2, 1, 1], [2, 1], [1, 1, 1]]),
      genericSlot('padding', 3, [[[0, 0], [1, 1], [0, 1], [0, 0]], [[1, 1]], [[0, 0], [-1, 1]]]), genericSlot('dataFormat', 4, ['NCHW', 'nhwc']),
      genericSlot('dilations', 5, [[1, 2], [3, 3]]),
    ],
    call: ([x, w, s, p, f, d]) => tf.nn.conv2d(x as tf.Tensor, w as tf.Tensor, s as number, p as tf.Padding, f as 'NHWC', d as number),
  },
  {
    fn: 'tf.nn.conv2dTranspose', names: /\bconv2dTranspose\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float64'], shape: [1, 2, 2, 3] }), randomTensor(rng, { dtypes: ['float64'], shape: [2, 2, 2, 3] }), [1, 4, 4, 2], 2, 'SAME'],
    slots: [tensorSlot('input', 0), tensorSlot('filters', 1), genericSlot('outputShape', 2, [[1, 3, 3, 2], [1, 4, 4], [1, 1e9, 4, 2]]), genericSlot('strides', 3, [[2, 1]]), genericSlot('padding', 4, ['VALID', [[0, 0], [9, 9], [0, 0], [0, 0]]])],
    call: ([x, w, o, s, p]) => tf.nn.conv2dTranspose(x as tf.Tensor, w as tf.Tensor, o as number[], s as number, p as tf.Padding),
  },
  {
    fn: 'tf.image.extractPatches', names: /\bextractPatches\b/,
    valid: (rng) => [randomTensor(rng, { shape: [1, 4, 3, 2] }), [1, rng.int(1, 2), 2, 1], [1, 1, rng.int(1, 2), 1], [1, 1, 1, 1], rng.pick(['SAME', 'VALID'])],
    slots: [tensorSlot('images', 0), genericSlot('sizes', 1, [[1, 9, 9, 1], [2, 2]]), genericSlot('strides', 2), genericSlot('rates', 3, [[1, 4, 4, 1]]), genericSlot('padding', 4)],
    call: ([x, z, s, r, p]) => tf.image.extractPatches(x as tf.Tensor, z as number[], s as number[], r as number[], p as 'SAME'),
  },
  {
    fn: 'tf.image.resize', names: /\bresize\b/,
    valid: (rng) => [randomTensor(rng, { shape: rng.pick([[1, 4, 3, 2], [4, 3, 2]]) }), [rng.int(1, 5), rng.int(1, 5)], rng.pick(['bilinear', 'nearest', 'bicubic', 'area']), rng.pick([false, true]), rng.pick([false, true])],
    slots: [tensorSlot('images', 0), genericSlot('size', 1, [[0, 2], [2], [1e9, 1e9], [2, 2.5]]), genericSlot('method', 2, ['lanczos3', 'BILINEAR']), genericSlot('preserveAspectRatio', 3), genericSlot('antialias', 4)],
    call: ([x, z, m, p, a]) => tf.image.resize(x as tf.Tensor, z as number[], m as 'bilinear', p as boolean, a as boolean),
  },
  {
    fn: 'tf.image.resizeWithPad', names: /\bresizeWithPad\b/,
    valid: (rng) => [randomTensor(rng, { shape: [1, 4, 3, 2] }), rng.int(1, 6), rng.int(1, 6), rng.pick(['bilinear', 'nearest'])],
    slots: [tensorSlot('image', 0), genericSlot('targetHeight', 1, [0, 1e9]), genericSlot('targetWidth', 2, [-1]), genericSlot('method', 3, ['cubic'])],
    call: ([x, h, w, m]) => tf.image.resizeWithPad(x as tf.Tensor, h as number, w as number, m as 'bilinear'),
  },
  {
    fn: 'tf.image.cropToBoundingBox', names: /\bcropToBoundingBox\b/,
    valid: (rng) => [randomTensor(rng, { shape: [4, 3, 2] }), rng.int(0, 1), rng.int(0, 1), 2, 2],
    slots: [tensorSlot('image', 0), genericSlot('offsetHeight', 1, [-1, 3]), genericSlot('offsetWidth', 2, [5]), genericSlot('targetHeight', 3, [0, 9]), genericSlot('targetWidth', 4, [0, 9])],
    call: ([x, a, b, c, d]) => tf.image.cropToBoundingBox(x as tf.Tensor, a as number, b as number, c as number, d as number),
  },
  {
    fn: 'tf.image.padToBoundingBox', names: /\bpadToBoundingBox\b/,
    valid: (rng) => [randomTensor(rng, { shape: [2, 3, 2] }), rng.int(0, 1), rng.int(0, 1), 4, 5],
    slots: [tensorSlot('image', 0), genericSlot('offsetHeight', 1, [-1, 3]), genericSlot('offsetWidth', 2, [5]), genericSlot('targetHeight', 3, [0, 1e9]), genericSlot('targetWidth', 4, [1])],
    call: ([x, a, b, c, d]) => tf.image.padToBoundingBox(x as tf.Tensor, a as number, b as number, c as number, d as number),
  },
  {
    fn: 'tf.image.rot90', names: /\brot90\b/,
    valid: (rng) => [randomTensor(rng, { shape: rng.pick([[2, 3, 1], [1, 2, 3, 1]]) }), rng.int(-5, 5)],
    slots: [tensorSlot('image', 0), genericSlot('k', 1, [1.5])],
    call: ([x, k]) => tf.image.rot90(x as tf.Tensor, k as number),
  },
  {
    fn: 'tf.image.convertImageDtype', names: /\bconvertImageDtype\b/,
    valid: (rng) => [randomTensor(rng, { shape: [2, 2, 1] }), rng.pick(['float32', 'float64', 'int32']), rng.pick([false, true])],
    slots: [tensorSlot('image', 0), genericSlot('dtype', 1, ['bool', 'uint8']), genericSlot('saturate', 2)],
    call: ([x, d, s]) => tf.image.convertImageDtype(x as tf.Tensor, d as 'int32', s as boolean),
  },
  {
    fn: 'tf.image.adjustHue', names: /\badjustHue\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [2, 2, 3] }), rng.pick([-0.5, 0.25, 1])],
    slots: [tensorSlot('image', 0), genericSlot('delta', 1, [2, -1.5])],
    call: ([x, d]) => tf.image.adjustHue(x as tf.Tensor, d as number),
  },
  {
    fn: 'tf.image.cropAndResize', names: /\bcropAndResize\b/,
    valid: (rng) => [randomTensor(rng, { shape: [2, 4, 3, 2] }), makeTensor([2, 4], 'float32', [0.1, 0.2, 0.9, 0.8, 1, 0, -0.5, 1.5]), makeTensor([2], 'int32', [rng.int(0, 1), rng.int(0, 1)]), [rng.int(1, 3), rng.int(1, 3)], rng.pick(['bilinear', 'nearest']), rng.pick([0, -1])],
    slots: [tensorSlot('image', 0), tensorSlot('boxes', 1), tensorSlot('boxIndices', 2), genericSlot('cropSize', 3, [[0, 2], [2], [1e9, 1e9]]), genericSlot('method', 4, ['bicubic']), genericSlot('extrapolationValue', 5)],
    call: ([x, b, i, z, m, e]) => tf.image.cropAndResize(x as tf.Tensor, b as tf.Tensor, i as tf.Tensor, z as number[], m as 'bilinear', e as number),
  },
  {
    fn: 'tf.image.ssim', names: /\bssim\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [1, 4, 4, 2] }), randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [1, 4, 4, 2] }), 1, rng.int(1, 4), 1.5],
    slots: [tensorSlot('img1', 0), tensorSlot('img2', 1), genericSlot('maxVal', 2, [0, -1]), genericSlot('filterSize', 3, [0, 5, 2.5]), genericSlot('filterSigma', 4, [0])],
    call: ([a, b, m, f, s]) => tf.image.ssim(a as tf.Tensor, b as tf.Tensor, m as number, f as number, s as number),
  },
  {
    fn: 'tf.nn.maxPool2d', names: /\bmaxPool2d\b/,
    valid: (rng) => [randomTensor(rng, { shape: [1, 4, 3, 2] }), rng.pick([1, 2, [2, 3]]), rng.pick([1, 2]), rng.pick(['SAME', 'VALID']), 'NHWC'],
    slots: [tensorSlot('input', 0), genericSlot('ksize', 1, [[1, 5, 5, 1], [9, 9]]), genericSlot('strides', 2), genericSlot('padding', 3, [[[0, 0], [1, 1], [0, 1], [0, 0]]]), genericSlot('dataFormat', 4, ['NCHW'])],
    call: ([x, k, s, p, f]) => tf.nn.maxPool2d(x as tf.Tensor, k as number, s as number, p as tf.Padding, f as 'NHWC'),
  },
  {
    fn: 'tf.nn.avgPool', names: /\bavgPool\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [2, 5, 2] }), rng.pick([1, 2]), rng.pick([1, 3]), rng.pick(['SAME', 'VALID']), null],
    slots: [tensorSlot('input', 0), genericSlot('ksize', 1, [[6], [1, 2, 1]]), genericSlot('strides', 2), genericSlot('padding', 3, [[[0, 0], [1, 1], [0, 0]]]), genericSlot('dataFormat', 4, ['NCW', 'NHWC'])],
    call: ([x, k, s, p, f]) => tf.nn.avgPool(x as tf.Tensor, k as number, s as number, p as 'SAME', f as string),
  },
  {
    fn: 'tf.nn.spaceToDepth', names: /\bspaceToDepth\b/,
    valid: (rng) => [randomTensor(rng, { shape: [1, 4, 2, 3] }), 2, rng.pick(['NHWC', 'NCHW'])],
    slots: [tensorSlot('input', 0), genericSlot('blockSize', 1, [1, 3, 4]), genericSlot('dataFormat', 2, ['NCW'])],
    call: ([x, b, f]) => tf.nn.spaceToDepth(x as tf.Tensor, b as number, f as 'NHWC'),
  },
  {
    fn: 'tf.nn.depthToSpace', names: /\bdepthToSpace\b/,
    valid: (rng) => [randomTensor(rng, { shape: [1, 2, 2, 8] }), 2, 'NHWC'],
    slots: [tensorSlot('input', 0), genericSlot('blockSize', 1, [1, 3]), genericSlot('dataFormat', 2, ['NCHW'])],
    call: ([x, b, f]) => tf.nn.depthToSpace(x as tf.Tensor, b as number, f as 'NHWC'),
  },
  {
    fn: 'tf.spaceToBatchNd', names: /\bspaceToBatchNd\b/,
    valid: (rng) => [randomTensor(rng, { shape: [2, 4, 3, 1] }), [2, rng.pick([1, 3])], [[0, 0], [0, 0]]],
    slots: [tensorSlot('input', 0), genericSlot('blockShape', 1, [[2], [0, 1], [2, 2, 2, 2, 2]]), genericSlot('paddings', 2, [[[0, 1], [0, 0]], [[0, 0]], [[-1, 1], [0, 0]]])],
    call: ([x, b, p]) => tf.spaceToBatchNd(x as tf.Tensor, b as number[], p as number[][]),
  },
  {
    fn: 'tf.batchToSpace', names: /\bbatchToSpace\b/,
    valid: (rng) => [randomTensor(rng, { shape: [4, 2, 3, 1] }), rng.pick([2, [2, 2], [4]]), [[0, 0], [0, 0]].slice(0, 2)],
    slots: [tensorSlot('input', 0), genericSlot('blockShape', 1, [[3, 3], [0]]), genericSlot('crops', 2, [[[5, 5], [0, 0]], [[0, 0]]])],
    call: ([x, b, c]) => tf.batchToSpace(x as tf.Tensor, b as number[], c as number[][]),
  },
  {
    fn: 'tf.nn.pool', names: /\bpool\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [1, 5, 4, 2] }), [2, 2], rng.pick(['MAX', 'AVG']), null, rng.pick(['SAME', 'VALID']), null, rng.pick([null, [2, 1]])],
    slots: [tensorSlot('input', 0), genericSlot('windowShape', 1, [[9, 9], [2]]), genericSlot('poolingType', 2, ['max']), genericSlot('strides', 3, [[3, 3], [2, 2]]), genericSlot('padding', 4), genericSlot('dataFormat', 5, ['NCHW', 'NCW']), genericSlot('dilations', 6, [[5, 5]])],
    call: ([x, w, t, s, p, f, d]) => tf.nn.pool(x as tf.Tensor, w as number[], t as 'MAX', s as number[], p as 'SAME', f as string, d as number[]),
  },
  {
    fn: 'tf.nn.maxPoolWithArgmax', names: /\bmaxPoolWithArgmax\b/,
    valid: (rng) => [randomTensor(rng, { shape: [2, 4, 3, 2] }), rng.pick([1, 2, [2, 3]]), rng.pick([1, 2]), rng.pick(['SAME', 'VALID']), 'NHWC', 'int32', rng.pick([false, true])],
    slots: [tensorSlot('input', 0), genericSlot('ksize', 1, [[9, 9]]), genericSlot('strides', 2), genericSlot('padding', 3), genericSlot('dataFormat', 4, ['NCHW']), genericSlot('outputDtype', 5, ['int64']), genericSlot('includeBatchInIndex', 6)],
    call: ([x, k, s, p, f, o, b]) => tf.nn.maxPoolWithArgmax(x as tf.Tensor, k as number, s as number, p as 'SAME', f as 'NHWC', o as 'int32', b as boolean).argmax,
  },
  {
    fn: 'tf.nn.dilation2d', names: /\bdilation2d\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32'], shape: [1, 4, 4, 2] }), randomTensor(rng, { dtypes: ['float32'], shape: [2, 2, 2] }), rng.pick([1, [1, 2, 1, 1]]), rng.pick(['SAME', 'VALID']), 'NHWC', rng.pick([1, 2])],
    slots: [tensorSlot('input', 0), tensorSlot('filters', 1), genericSlot('strides', 2, [[2, 1, 1, 1]]), genericSlot('padding', 3), genericSlot('dataFormat', 4, ['NCHW']), genericSlot('dilations', 5, [[4, 4]])],
    call: ([x, w, s, p, f, d]) => tf.nn.dilation2d(x as tf.Tensor, w as tf.Tensor, s as number, p as 'SAME', f as 'NHWC', d as number),
  },
  {
    fn: 'tf.nn.localResponseNormalization', names: /\blocalResponseNormalization\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [1, 2, 2, 5] }), rng.int(0, 3), 1, 1, 0.5],
    slots: [tensorSlot('input', 0), genericSlot('depthRadius', 1, [-1, 1.5]), genericSlot('bias', 2), genericSlot('alpha', 3), genericSlot('beta', 4)],
    call: ([x, r, b, a, be]) => tf.nn.localResponseNormalization(x as tf.Tensor, r as number, b as number, a as number, be as number),
  },
  {
    fn: 'tf.nn.computeAverageLoss', names: /\bcomputeAverageLoss\b/,
    valid: (rng) => [randomTensor(rng, { dtypes: ['float32', 'float64'], shape: [3, 2] }), null, rng.pick([null, 4])],
    slots: [tensorSlot('perExampleLoss', 0), tensorSlot('sampleWeight', 1), genericSlot('globalBatchSize', 2, [0, -2, 1.5])],
    call: ([l, w, g]) => tf.nn.computeAverageLoss(l as tf.Tensor, w as tf.Tensor, g as number),
  },
];
// (A whileLoop option slot puts its garbage at the options' key; 'options' replaces the object.)
for (const r of ROBUSTNESS) {
  for (const s of r.slots) if (s.name === 'options.maximumIterations') s.key = 'maximumIterations';
  specs.push({ ...r, expect: () => robustness });
}

// ---- running one case ------------------------------------------------------------------------------------

const ENGINE_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

function badError(e: unknown, spec: Spec): string | null {
  if (!(e instanceof Error)) return `threw a non-Error: ${safeString(e)}`;
  if (e instanceof WebAssembly.RuntimeError) return `a WebAssembly trap escaped: ${describeError(e)}`;
  if (ENGINE_ERRORS.some((C) => e.constructor === C)) return `a raw ${e.constructor.name} escaped: ${e.message}`;
  if (!spec.names.test(e.message)) return `the message does not name ${spec.fn} (expected ${spec.names}): ${e.message}`;
  return null;
}

function placeGarbage(args: unknown[], s: Slot, g: unknown): unknown[] {
  const out = args.slice();
  if (s.key === undefined) out[s.index] = g;
  else if (Array.isArray(out[s.index]) && /^\d+$/.test(s.key)) {
    const list = (out[s.index] as unknown[]).slice();
    list[Number(s.key)] = g;
    out[s.index] = list;
  } else if (s.key === 'g' || s.key === 'v') {
    // applyGradients: replace the gradient or the variable inside the first pair
    const pairs = (out[s.index] as unknown[][]).map((p) => p.slice());
    pairs[0]![s.key === 'g' ? 0 : 1] = g;
    out[s.index] = pairs;
  } else out[s.index] = { ...((out[s.index] as object) ?? {}), [s.key]: g };
  return out;
}

/** Problems of one case (empty when fine). */
function caseProblems(spec: Spec, s: Slot, g: unknown, seed: number): { problems: string[]; code: string } {
  const args = placeGarbage(spec.valid(new Rng(seed)), s, g);
  const code = `${spec.fn}(${args.map(show).join(', ')})`;
  const expectation = spec.expect(args);
  let result: unknown;
  let thrown: unknown = undefined;
  let threw = false;
  try {
    result = spec.call(args);
  } catch (e) {
    threw = true;
    thrown = e;
  }
  const problems: string[] = [];
  try {
    if (threw) {
      const bad = badError(thrown, spec);
      if (bad) problems.push(bad);
      else if (expectation.kind === 'ok') problems.push(`threw where TensorFlow computes a result: ${describeError(thrown)}`);
      else if (typeof g === 'string' && g !== '' && /out of range/.test((thrown as Error).message) && !(thrown as Error).message.includes(JSON.stringify(g))) {
        problems.push(`misleading message: the string ${JSON.stringify(g)} is described as out of range: ${(thrown as Error).message}`);
      }
    } else if (expectation.kind === 'throw') {
      problems.push(`returned ${result instanceof tf.Tensor ? `a ${result.dtype} tensor of shape ${fmtShape(result.shape)}` : show(result)} where TensorFlow raises (${expectation.why})`);
    } else if (expectation.check) {
      problems.push(...expectation.check(result).map((p) => `wrong result: ${p}`));
    }
  } finally {
    spec.cleanup?.();
  }
  for (const v of caseVariables.splice(0)) v.dispose();
  const training = trainingRunProblem();
  if (training) problems.push(`library unusable afterwards: ${training}`);
  return { problems, code };
}

function runCase(spec: Spec, s: Slot, g: unknown, seed: number): void {
  const { problems, code } = caseProblems(spec, s, g, seed);
  if (problems.length) throw new Error(`${problems.join('\n')}\n--- reproduction (argument ${s.name}):\n${code}`);
}

/** GRADTAPE_PROPERTY_EXPLORE=1: also list EVERY failing garbage value of each argument (a property
 * stops at its first failure), for triage. */
const EXPLORE = process.env.GRADTAPE_PROPERTY_EXPLORE === '1';

function seedOf(text: string): number {
  return [...text].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7) >>> 0;
}

function slotProperty(spec: Spec, s: Slot, pool: unknown[], label: string, extraRuns: number): void {
  if (EXPLORE) {
    for (const g of pool) {
      const { problems, code } = caseProblems(spec, s, g, 0);
      if (problems.length) console.log(`[explore] ${spec.fn} ${s.name}: ${problems[0]!.split('\n')[0]}\n    ${code.slice(0, 300)}`);
    }
  }
  checkProperty(
    `bad arguments: ${spec.fn} ${label}`,
    fc.property(fc.nat({ max: pool.length - 1 }), fc.nat(), (i, seed) => runCase(spec, s, pool[i], seed)),
    // every garbage value once (with seed 0), then random garbage with random valid other arguments
    { seed: seedOf(`${spec.fn}:${label}`), numRuns: pool.length + extraRuns, examples: pool.map((_, i) => [i, 0] as [number, number]) },
  );
}

describe('random bad arguments throw gradtape errors (or give the right result) and leave the library usable', () => {
  for (const spec of specs) {
    describe(spec.fn, () => {
      for (const s of spec.slots) {
        it(`argument ${s.name}`, () => slotProperty(spec, s, s.garbage(), s.name, 400));
        if (s.name === 'this') continue; // calling a method on a symbol tests nothing of ours
        it(`argument ${s.name}: exotic values (symbol, bigint, null-prototype object)`, () => slotProperty(spec, s, exotic(), `${s.name} (exotic)`, 50));
      }
    });
  }
});
