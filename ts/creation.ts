// Making tensors from JS values: constant, zeros, ones, fill, *Like, random.

import { checkOptions, describe, optionsOrPositional, type PositionalThenOptions } from './describe';
import { InvalidArgumentError, tfError } from './errors';
import { type DType, allocHost, checkDType, getFloatx } from './dtype';
import { callOp, intsOfTensor } from './call';
import { traceHostValue } from './host-steps';
import { statefulCategorical, statefulDraw, statefulShuffleOrder, statefulUniformInt32 } from './stateful-random';
import { type Distribution, type FloatDType, elementCount } from './stateless-random';
import { broadcastTo, reshape, stopGradient } from './ops';
import { gather } from './shape';
import { OP } from './generated/table';
import { type NestedArray, Tensor, type TensorLike, checkLive, fromHost, wrap } from './tensor';
import { type HostArray, W, codes, writeScratch } from './wasm/runtime';

/** The dtype a typed array holds (a Uint8Array holds bools, as in TensorFlow.js). */
function dtypeOfArray(a: HostArray): DType {
  return a instanceof Float64Array ? 'float64' : a instanceof Int32Array ? 'int32' : a instanceof Uint8Array ? 'bool' : 'float32';
}

export const isHostArray = (v: unknown): v is HostArray =>
  v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;

/** A shape: an array of non-negative integers, or an int32 tensor of them (`tf.shape(x)`). */
export type ShapeLike = readonly number[] | Tensor;

/** Checks a user-supplied shape: finite non-negative integers. */
export function checkShape(shape: unknown, op: string): number[] {
  shape = intsOfTensor(shape, op, 'shape');
  if (!Array.isArray(shape) && !isHostArray(shape)) {
    throw new Error(`${op}: shape must be an array of non-negative integers, got ${describe(shape)}.`);
  }
  const dims = Array.from(shape as ArrayLike<number>);
  let size = 1;
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > MAX_DIM) {
      const message = `${op}: shape [${dims.map(describe).join(', ')}] is invalid: every dimension must be a non-negative integer no larger than ${MAX_DIM}.`;
      // An integer out of range is TensorFlow's InvalidArgumentError ("Dimension -1 must be >= 0").
      throw Number.isInteger(d) ? tfError(InvalidArgumentError, message) : new Error(message);
    }
    size *= d;
  }
  if (dims.length > MAX_RANK) {
    throw new Error(`${op}: shape has rank ${dims.length}; a tensor can have at most ${MAX_RANK} dimensions (as in TensorFlow).`);
  }
  // The wasm side refuses tensors of 2 GiB or more (MAX_TENSOR_BYTES = 2^31 - 1); checked here
  // for the smallest element size so the error names the function the user called.
  if (size * 4 > 2 ** 31 - 1) {
    throw new Error(`${op}: shape [${dims.join(', ')}] has ${size} elements; a tensor must be smaller than 2 GiB of wasm memory.`);
  }
  return dims;
}

/** The largest dimension: dims cross the ABI as u32, and no tensor dimension can exceed 2^31 - 1 elements. */
const MAX_DIM = 2 ** 31 - 1;
/** TensorFlow's limit on dimensions (the wasm core's MAX_RANK). */
const MAX_RANK = 254;

/** Shape of nested arrays; throws on ragged or non-numeric input. */
function inferShape(values: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let level: unknown = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const check = (v: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new Error(`${op}: element ${path || '(root)'} is ${describe(v)}; expected a number.`);
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[axis]) {
      throw new Error(
        `${op}: the nested arrays are ragged: element ${path} should be an array of length ${shape[axis]} ` +
          `(like its first sibling), got ${Array.isArray(v) ? `length ${v.length}` : describe(v)}. Every row must have the same length.`,
      );
    }
    for (let i = 0; i < v.length; i++) check(v[i], axis + 1, `${path}[${i}]`);
  };
  check(values, 0, '');
  return shape;
}

/** Copies nested values into `out` in row-major order; a bool target stores 1 for every
 * non-zero (truthy) value, as TensorFlow's conversion to bool does. */
function fillFromNested(values: NestedArray, out: HostArray, toBool = false): void {
  let k = 0;
  const walk = (v: NestedArray): void => {
    if (Array.isArray(v)) for (const x of v) walk(x);
    else out[k++] = toBool ? (Number(v) !== 0 ? 1 : 0) : Number(v);
  };
  walk(values);
}

/** True when nested values have leaves and every one is a boolean (TensorFlow makes such a
 * constant bool; an empty array is the default float, as in TensorFlow). Iterative: nesting may
 * be as deep as the largest rank. */
function allBooleans(values: NestedArray | boolean): boolean {
  const pending: unknown[] = [values];
  let leaves = 0;
  while (pending.length > 0) {
    const v = pending.pop();
    if (Array.isArray(v)) for (let i = 0; i < v.length; i++) pending.push(v[i]);
    else if (typeof v === 'boolean') leaves++;
    else return false;
  }
  return leaves > 0;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** True for numbers int32 holds exactly. */
export const isInt32 = (v: number): boolean => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** Every value must be an int32 exactly: TensorFlow refuses to convert 2.5 or 2**40 to int32. */
function checkIntegers(data: ArrayLike<number>, op: string): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (isInt32(v)) continue;
    if (!Number.isInteger(v)) {
      throw new Error(`${op}: cannot convert value ${v} to int32 exactly; round it first or use a float dtype.`);
    }
    throw new Error(`${op}: value ${v} is out of the int32 range [${INT32_MIN}, ${INT32_MAX}]; use a float dtype or smaller values.`);
  }
}

/**
 * tf.constant(value, dtype=None, shape=None): a tensor from a number, a boolean, nested arrays or a
 * typed array (copied). Plain numbers become the default float (float32; see
 * `tf.keras.backend.setFloatx`), booleans bool; typed arrays keep their type (Float64Array:
 * float64, Int32Array: int32); `dtype` overrides both. A tensor passed in comes back as it is
 * (cast when `dtype` differs).
 *
 * With `shape`, as in TensorFlow: a value of as many elements is reshaped to it, and a value of
 * one element fills it; any other count is a TypeError.
 *
 * @example
 * ```ts
 * console.log(tf.constant([1, 2, 3]).dtype);                  // float32
 * console.log(String(tf.constant([1, 2, 3], 'int32')));        // tf.Tensor([1 2 3], shape=(3,), dtype=int32)
 * console.log(tf.constant(new Float64Array([0.1, 0.2])).dtype); // float64
 * console.log(tf.constant([[true], [false]]).shape);           // [ 2, 1 ]
 * console.log(tf.constant([1, 2, 3, 4, 5, 6], 'int32', [2, 3]).arraySync()); // [ [ 1, 2, 3 ], [ 4, 5, 6 ] ]
 * console.log(tf.constant(-1, undefined, [2, 2]).arraySync()); // [ [ -1, -1 ], [ -1, -1 ] ]
 * ```
 */
export function constant(values: TensorLike, dtype?: DType | null, shape?: ShapeLike | null): Tensor {
  if (Array.isArray(dtype)) {
    // TensorFlow.js's tf.tensor(values, shape, dtype) order.
    const shown = dtype.every((d: unknown) => typeof d === 'number') ? `[${dtype.join(', ')}]` : describe(dtype);
    throw new Error(`constant: the second argument is the dtype, got ${shown}. TensorFlow's order is tf.constant(value, dtype, shape): give the shape third, e.g. tf.constant(values, undefined, ${shown}).`);
  }
  const t = makeConstant(values, dtype ?? undefined, 'constant');
  return shape === undefined || shape === null ? t : constantShaped(t, shape);
}

/** tf.constant's `shape`: `t` reshaped to it, or filled with its one element (TensorFlow's
 * `_constant_eager_impl`). */
function constantShaped(t: Tensor, shape: ShapeLike): Tensor {
  const dims = checkShape(shape, 'constant');
  const size = elementCount(dims);
  if (dims.length === t.rank && dims.every((d, i) => d === t.shape[i])) return t;
  if (t.size === size) return reshape(t, dims);
  if (t.size === 1) return broadcastTo(reshape(t, []), dims);
  throw new TypeError(
    `constant: Eager execution of tf.constant with unsupported shape. The value (shape [${t.shape}]) has ${t.size} elements, but got \`shape\` [${dims}] with ${size} elements. ` +
      `Give a value of ${size} elements, or of one element to fill the shape.`,
  );
}

/** tf.constant without `shape`, for callers that convert a user's value: `op` names the caller
 * in errors (Variable, assign, polyval, curveFit, layers). */
export function makeConstant(values: TensorLike, dtype: DType | undefined, op: string): Tensor {
  if (dtype !== undefined) dtype = checkDType(dtype, op);
  if (values instanceof Tensor) {
    checkLive(values, op);
    // A Variable is read (a new tensor, as TensorFlow's conversion does), never returned itself:
    // the "constant" must not change when the variable is assigned.
    const t = values._isVar ? (values as unknown as { value(): Tensor }).value() : values;
    return dtype && dtype !== t.dtype ? castTensor(t, dtype) : t;
  }
  if (isHostArray(values)) {
    const target = dtype ?? dtypeOfArray(values);
    if (target === 'int32' && !(values instanceof Int32Array)) checkIntegers(values, op);
    const data = allocHost(target, values.length);
    if (target === 'bool') for (let i = 0; i < values.length; i++) data[i] = values[i] !== 0 ? 1 : 0;
    else data.set(values);
    return fromHost(data, [values.length], target);
  }
  if (typeof values === 'number' || typeof values === 'boolean' || Array.isArray(values)) {
    const shape = typeof values === 'object' ? inferShape(values, op) : [];
    const target = dtype ?? (allBooleans(values) ? 'bool' : getFloatx());
    let n = 1;
    for (const d of shape) n *= d;
    const data = allocHost(target, n);
    if (typeof values === 'object') fillFromNested(values, data, target === 'bool');
    else data[0] = target === 'bool' ? (Number(values) !== 0 ? 1 : 0) : Number(values);
    if (target === 'int32') {
      const asFloat = new Float64Array(n);
      if (typeof values === 'object') fillFromNested(values, asFloat);
      else asFloat[0] = Number(values);
      checkIntegers(asFloat, op);
    }
    return fromHost(data, shape, target);
  }
  throw new Error(`${op}: expected a number, nested arrays of numbers, a typed array or a tensor, got ${describe(values)}.`);
}

/** Any op operand as a tensor; `dtype` (the other operand's) applies to plain JS values. */
export function toTensor(x: TensorLike, dtype: DType | undefined, op: string): Tensor {
  if (x instanceof Tensor) return x;
  if (x === undefined || x === null) {
    throw new Error(`${op}: expected a tensor, a number or an array of numbers, got ${describe(x)}.`);
  }
  return makeConstant(x, isHostArray(x) ? undefined : dtype, op);
}

function castTensor(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  return callOp(OP.cast, [x], [codes.dtype[dtype]!]);
}

/** A tensor of `shape` filled with `value`; `op` names the public function in errors. */
function filled(op: string, shape: ShapeLike, value: number, dtype: DType | undefined): Tensor {
  const dims = checkShape(shape, op);
  const target = dtype === undefined ? getFloatx() : checkDType(dtype, op);
  if (typeof value !== 'number') throw new Error(`${op}: value must be a number, got ${describe(value)}.`);
  if (target === 'int32') checkIntegers([value], op);
  if (target === 'bool') value = value !== 0 ? 1 : 0;
  writeScratch(dims);
  return wrap(W.gt_tensor_fill(codes.dtype[target]!, dims.length, value), op);
}

/** tf.fill: a tensor of `shape` with every element `value` (dtype: the default float unless given). */
export const fill = (shape: ShapeLike, value: number, dtype?: DType): Tensor => filled('fill', shape, value, dtype);
/**
 * tf.zeros: a tensor of `shape` filled with 0 (dtype: the default float, float32, unless given).
 * A number is a single dimension, as in TensorFlow: `tf.zeros(2)` has shape `[2]`.
 *
 * @example
 * ```ts
 * console.log(String(tf.zeros([2], 'int32'))); // tf.Tensor([0 0], shape=(2,), dtype=int32)
 * ```
 */
export const zeros = (shape: ShapeLike | number, dtype?: DType): Tensor => filled('zeros', singletonShape(shape), 0, dtype);
/** tf.ones: a tensor of `shape` filled with 1 (dtype: the default float unless given; a number
 * is one dimension, as for `tf.zeros`). */
export const ones = (shape: ShapeLike | number, dtype?: DType): Tensor => filled('ones', singletonShape(shape), 1, dtype);
/** `tf.zeros(2)` is `tf.zeros([2])`: TensorFlow reads the shape as a TensorShape, which takes a
 * lone integer as a single dimension. */
function singletonShape(shape: ShapeLike | number): ShapeLike {
  return typeof shape === 'number' ? [shape] : shape;
}
/** A `*Like` function's input: a tensor, or values TensorFlow converts (nested arrays, numbers). */
function likeInput(x: TensorLike, op: string): Tensor {
  return x instanceof Tensor ? checkLive(x, op) : toTensor(x, undefined, op);
}
/** tf.zeros_like: zeros with the shape of `x`, and its dtype unless `dtype` is given. */
export const zerosLike = (x: TensorLike, dtype?: DType): Tensor => {
  const t = likeInput(x, 'zerosLike');
  return filled('zerosLike', t.shape, 0, dtype ?? t.dtype);
};
/** tf.ones_like: ones with the shape of `x`, and its dtype unless `dtype` is given. */
export const onesLike = (x: TensorLike, dtype?: DType): Tensor => {
  const t = likeInput(x, 'onesLike');
  return filled('onesLike', t.shape, 1, dtype ?? t.dtype);
};

/** Options of `tf.random.normal` and `tf.random.truncatedNormal`. */
export interface NormalOptions {
  /** The mean (default 0). */
  mean?: number;
  /** The standard deviation (default 1). */
  stddev?: number;
  /** `'float32'` or `'float64'`; the default float unless given. */
  dtype?: DType;
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}
/** Options of `tf.random.uniform`. */
export interface UniformOptions {
  /** The lower bound, included (default 0). */
  minval?: number;
  /** The upper bound, excluded (default 1; required for int32). */
  maxval?: number;
  /** `'float32'`, `'float64'` or `'int32'`; the default float unless given. */
  dtype?: DType;
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}

/** Checks a random op's options: known keys, finite numbers. */
function randomOptions(op: string, options: unknown, allowed: readonly string[]): void {
  const o = checkOptions(options, op, allowed, `{${allowed.join(', ')}}`);
  for (const [key, value] of Object.entries(o)) {
    if (key === 'dtype' || value === undefined) continue;
    if (typeof value !== 'number') throw new Error(`${op}: option ${key} must be a number, got ${describe(value)}.`);
    if (key === 'seed' && !Number.isSafeInteger(value)) throw new Error(`${op}: seed must be a safe integer, got ${describe(value)}.`);
  }
}

/** tf.random.normal's positional arguments after the required ones, in TensorFlow's order. */
type RandomNormalPositional = [mean?: number, stddev?: number, dtype?: DType | null, seed?: number | null];

/** tf.random.uniform's positional arguments after the required ones, in TensorFlow's order. */
type RandomUniformPositional = [minval?: number, maxval?: number | null, dtype?: DType | null, seed?: number | null];

/** tf.random.truncatedNormal's positional arguments after the required ones, in TensorFlow's order. */
type RandomTruncatedNormalPositional = [mean?: number, stddev?: number, dtype?: DType | null, seed?: number | null];

/** tf.random.categorical's positional arguments after the required ones, in TensorFlow's order. */
type RandomCategoricalPositional = [dtype?: DType | null, seed?: number | null];

/** tf.random.normal(shape, mean=0.0, stddev=1.0, dtype=float32, seed=None): the optional
 * arguments positionally in TensorFlow's order (null for a default dtype or seed), or as
 * `{mean, stddev, dtype, seed}`. */
export function randomNormal(shape: ShapeLike, options?: NormalOptions): Tensor;
export function randomNormal(shape: ShapeLike, ...positional: RandomNormalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomNormal(shape: ShapeLike, ...positionalThenOptions: PositionalThenOptions<RandomNormalPositional, NormalOptions>): Tensor;
export function randomNormal(shape: ShapeLike, ...args: unknown[]): Tensor {
  const options = (optionsOrPositional('random.normal', args, ['mean', 'stddev', 'dtype', 'seed'], ['dtype', 'seed']) ?? {}) as NormalOptions;
  // As in TensorFlow, any mean and stddev are taken (non-finite ones give non-finite values).
  randomOptions('random.normal', options, ['mean', 'stddev', 'dtype', 'seed']);
  const { mean = 0, stddev = 1, dtype, seed } = options;
  if (dtype === 'int32' || dtype === 'bool') throw new Error(`random.normal: dtype must be 'float32' or 'float64', got '${dtype}'.`);
  return statefulTensor('normal', shape, dtype, 'random.normal', stddev, mean, seed);
}

/** A float draw of TensorFlow's stateful kernels (stateful-random.ts); in a compiled function,
 * every call draws again. */
function statefulTensor(distribution: Distribution, shape: ShapeLike, dtype: DType | undefined, op: string, scale: number, shift: number, seed: number | undefined): Tensor {
  const dims = checkShape(shape, op);
  const target = (dtype === undefined ? getFloatx() : checkDType(dtype, op)) as FloatDType;
  return traceHostValue(() => statefulDraw(distribution, dims, target, scale, shift, seed));
}

/** tf.random.uniform(shape, minval=0, maxval=None, dtype=float32, seed=None); values in
 * [minval, maxval). The optional arguments positionally in TensorFlow's order (null for a
 * default maxval, dtype or seed), or as `{minval, maxval, dtype, seed}`. */
export function randomUniform(shape: ShapeLike, options?: UniformOptions): Tensor;
export function randomUniform(shape: ShapeLike, ...positional: RandomUniformPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomUniform(shape: ShapeLike, ...positionalThenOptions: PositionalThenOptions<RandomUniformPositional, UniformOptions>): Tensor;
export function randomUniform(shape: ShapeLike, ...args: unknown[]): Tensor {
  const options = (optionsOrPositional('random.uniform', args, ['minval', 'maxval', 'dtype', 'seed'], ['maxval', 'dtype', 'seed']) ?? {}) as UniformOptions;
  randomOptions('random.uniform', options, ['minval', 'maxval', 'dtype', 'seed']);
  const { minval = 0, dtype, seed } = options;
  let { maxval } = options;
  if (maxval === undefined) {
    if (dtype === 'int32') throw new Error('random.uniform: maxval is required for int32 (TensorFlow has no default for integers).');
    maxval = 1;
  }
  // The bounds in the result's dtype must be finite (1e308 is Infinity in float32), and for int32
  // integers in range (maxval is exclusive, so 2^31 is allowed).
  const target = dtype ?? getFloatx();
  if (target === 'bool') throw new Error("random.uniform: dtype must be 'float32', 'float64' or 'int32', got 'bool'.");
  const inDtype = (v: number) => (target === 'float32' ? Math.fround(v) : v);
  if (!Number.isFinite(inDtype(minval)) || !Number.isFinite(inDtype(maxval))) {
    throw new Error(`random.uniform: minval and maxval must be finite ${target} values, got minval=${minval}, maxval=${maxval}.`);
  }
  if (target === 'int32' && !(Number.isInteger(minval) && Number.isInteger(maxval) && minval >= -(2 ** 31) && maxval <= 2 ** 31)) {
    throw new Error(`random.uniform: int32 bounds must be integers in [-2^31, 2^31], got minval=${minval}, maxval=${maxval}.`);
  }
  if (!(maxval > minval)) throw new Error(`random.uniform: need minval < maxval, got minval=${minval}, maxval=${maxval}.`);
  if (!Number.isFinite(maxval - minval)) throw new Error(`random.uniform: maxval - minval (${maxval} - ${minval}) is too large to draw from.`);
  if (target === 'int32') {
    const dims = checkShape(shape, 'random.uniform');
    return traceHostValue(() => fromHost(statefulUniformInt32(elementCount(dims), minval, maxval!, seed), dims, 'int32'));
  }
  // TensorFlow's wrapper: u · (maxval - minval) + minval, the difference in the dtype (u · maxval
  // when minval is 0).
  const range = target === 'float32' ? Math.fround(Math.fround(maxval) - Math.fround(minval)) : maxval - minval;
  return statefulTensor('uniform', shape, target, 'random.uniform', minval === 0 ? maxval : range, minval, seed);
}

/** tf.random.truncated_normal(shape, mean=0.0, stddev=1.0, dtype=float32, seed=None): normal
 * values, redrawn while more than 2 standard deviations from the mean. The optional arguments
 * positionally in TensorFlow's order, or as `{mean, stddev, dtype, seed}`. */
export function randomTruncatedNormal(shape: ShapeLike, options?: NormalOptions): Tensor;
export function randomTruncatedNormal(shape: ShapeLike, ...positional: RandomTruncatedNormalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomTruncatedNormal(shape: ShapeLike, ...positionalThenOptions: PositionalThenOptions<RandomTruncatedNormalPositional, NormalOptions>): Tensor;
export function randomTruncatedNormal(shape: ShapeLike, ...args: unknown[]): Tensor {
  const options = (optionsOrPositional('random.truncatedNormal', args, ['mean', 'stddev', 'dtype', 'seed'], ['dtype', 'seed']) ?? {}) as NormalOptions;
  randomOptions('random.truncatedNormal', options, ['mean', 'stddev', 'dtype', 'seed']);
  const { mean = 0, stddev = 1, dtype, seed } = options;
  if (dtype === 'int32' || dtype === 'bool') throw new Error(`random.truncatedNormal: dtype must be 'float32' or 'float64', got '${dtype}'.`);
  return statefulTensor('truncatedNormal', shape, dtype, 'random.truncatedNormal', stddev, mean, seed);
}

/** tf.random.shuffle(value, seed): the slices along the first axis in a random order (any dtype;
 * a scalar comes back unchanged). The result is a new tensor with no gradient, as in TensorFlow. */
export function randomShuffle(value: TensorLike, seed?: number): Tensor {
  const op = 'random.shuffle';
  const t = checkLive(toTensor(value, undefined, op), op);
  randomOptions(op, { seed }, ['seed']);
  const rows = t.rank === 0 ? 1 : t.shape[0]!;
  // The order is drawn in JavaScript (again at every call of a compiled function), the rows are
  // gathered by an op.
  const order = traceHostValue(() => fromHost(statefulShuffleOrder(rows, t.dtype, seed), [rows], 'int32'));
  return stopGradient(t.rank === 0 ? t : gather(t, order));
}

/** Options of `tf.random.categorical`. */
export interface CategoricalOptions {
  /** The dtype of the class ids: int32 (the default). */
  dtype?: DType;
  /** The op seed: with `tf.random.setSeed`, TensorFlow's rules for repeatable draws. */
  seed?: number;
}

/** tf.random.categorical(logits, num_samples, dtype=None, seed=None): for each row of the
 * [batch, classes] logits, `numSamples` class ids drawn with probabilities softmax(row), as int32
 * [batch, numSamples]. After `tf.random.setSeed`, TensorFlow's ids (its Multinomial kernel's
 * stream; see statefulCategorical for the large batches it splits across threads). `dtype` and
 * `seed` positionally in TensorFlow's order, or as `{dtype, seed}`. */
export function randomCategorical(logits: TensorLike, numSamples: number, options?: CategoricalOptions): Tensor;
export function randomCategorical(logits: TensorLike, numSamples: number, ...positional: RandomCategoricalPositional): Tensor;
/** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
export function randomCategorical(logits: TensorLike, numSamples: number, ...positionalThenOptions: PositionalThenOptions<RandomCategoricalPositional, CategoricalOptions>): Tensor;
export function randomCategorical(logits: TensorLike, numSamples: number, ...args: unknown[]): Tensor {
  const op = 'random.categorical';
  const options = (optionsOrPositional(op, args, ['dtype', 'seed'], ['dtype', 'seed']) ?? {}) as CategoricalOptions;
  randomOptions(op, options, ['dtype', 'seed']);
  const { dtype = 'int32', seed } = options;
  if (dtype !== 'int32') throw new Error(`${op}: dtype must be 'int32' (int64 is not supported), got ${describe(dtype)}.`);
  const t = checkLive(toTensor(logits, undefined, op), op);
  if (t.dtype !== 'float32' && t.dtype !== 'float64') throw new Error(`${op}: logits must be float32 or float64, got ${t.dtype}.`);
  if (t.rank !== 2) throw new Error(`${op}: logits should be a matrix [batch, classes], got shape [${t.shape.join(', ')}].`);
  if (!Number.isSafeInteger(numSamples) || numSamples < 0) throw new Error(`${op}: numSamples must be a non-negative integer, got ${describe(numSamples)}.`);
  const [batch, classes] = t.shape as [number, number];
  if (classes === 0 && batch > 0) throw new Error(`${op}: logits need at least one class, got shape [${batch}, 0].`);
  // Sampled in JavaScript from the logits' values, by TensorFlow's kernel for the dtype asked:
  // gradtape's int32 ids stand in for TensorFlow's default int64 ones.
  const idDtype = options.dtype === undefined ? 'int64' : 'int32';
  return traceHostValue(([l]) => fromHost(statefulCategorical(l!.dataSync(), batch, classes, numSamples, t.dtype, idDtype, seed), [batch, numSamples], 'int32'), [t]);
}

/**
 * tf.timestamp(): the time since the Unix epoch in seconds, as a float64 scalar (to the
 * microsecond where the platform's clock gives it). In a compiled function (tf.function) every
 * call reads the clock again, as TensorFlow's stateful op does.
 *
 * @example
 * ```ts
 * const start = tf.timestamp();
 * const elapsed = tf.timestamp().sub(start).item();
 * console.log(start.dtype, elapsed >= 0); // float64 true
 * ```
 */
export function timestamp(): Tensor {
  return traceHostValue(() => fromHost(new Float64Array([secondsSinceEpoch()]), [], 'float64'));
}

/** performance.timeOrigin + performance.now() (microseconds in Node and most browsers), else
 * Date.now()'s milliseconds. */
function secondsSinceEpoch(): number {
  const clock = (globalThis as { performance?: { timeOrigin?: number; now?(): number } }).performance;
  if (clock?.timeOrigin !== undefined && clock.now !== undefined) return (clock.timeOrigin + clock.now()) / 1000;
  return Date.now() / 1000;
}
