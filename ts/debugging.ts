// tf.debugging: checks on tensor values that stop a computation with a clear error. Inside
// tf.function a check of values computed from the arguments happens at every call, as
// TensorFlow's assert ops do (the function then runs as written).

import { toTensor } from './creation';
import { describe } from './describe';
import { type DType, isFloat } from './dtype';
import { numpyStr } from './format';
import { equal, greater, greaterEqual, less, lessEqual, notEqual, abs, sub, mul, add } from './generated/ops';
import { valuesOf } from './indexing';
import { composed } from './composite';
import { InvalidArgumentError, tfError } from './errors';
import { Tensor, type TensorLike } from './tensor';
import { TraceSpoiler } from './wasm/runtime';

/**
 * tf.debugging.check_numerics(tensor, message): throws an InvalidArgumentError saying
 * `<message> : Tensor had NaN values` (or `Inf`, or `Inf and NaN`) when the float tensor holds
 * any; otherwise returns the tensor itself, so gradients flow through unchanged.
 */
export function checkNumerics(tensor: TensorLike, message: string): Tensor {
  return check(tensor, message, 'debugging.checkNumerics');
}

function check(tensor: TensorLike, message: string, op: string): Tensor {
  if (typeof message !== 'string') throw new Error(`${op}: message must be a string, got ${describe(message)}.`);
  const t = toTensor(tensor, undefined, op);
  if (!isFloat(t.dtype)) {
    throw new Error(`${op}: tensor must be float32 or float64 (only floats can hold NaN or Inf), got ${t.dtype}.`);
  }
  const data = valuesOf(t, op, TraceSpoiler.HostEffect);
  let nan = false;
  let inf = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) nan = true;
    else if (v === Infinity || v === -Infinity) inf = true;
  }
  if (nan || inf) {
    throw tfError(InvalidArgumentError, `${message} : Tensor had ${nan && inf ? 'Inf and NaN' : nan ? 'NaN' : 'Inf'} values`);
  }
  return t;
}

/** tf.debugging.assert_all_finite(t, msg): check_numerics under its other name. */
export function assertAllFinite(t: TensorLike, msg: string): Tensor {
  return check(t, msg, 'debugging.assertAllFinite');
}

/** The error TensorFlow raises for a failed assertion: its InvalidArgumentError. */
function assertionError(lines: readonly (string | null | undefined)[]): Error {
  return tfError(InvalidArgumentError, lines.filter((l) => l !== null && l !== undefined).join('\n'));
}

function checkMessage(message: unknown, op: string): string | undefined {
  if (message !== undefined && message !== null && typeof message !== 'string') {
    throw new Error(`${op}: message must be a string, got ${describe(message)}.`);
  }
  return message ?? undefined;
}

/** `summarize` as TensorFlow reads it: 3 when absent, everything when negative. */
function checkSummarize(summarize: unknown, op: string): number {
  if (summarize === undefined || summarize === null) return 3;
  if (!Number.isInteger(summarize)) throw new Error(`${op}: summarize must be an integer, got ${describe(summarize)}.`);
  return (summarize as number) < 0 ? Infinity : (summarize as number);
}

/** NumPy's text of the first `count` values (a 1-D array). */
const firstValues = (values: ArrayLike<number>, count: number, dtype: DType): string =>
  numpyStr(Array.from({ length: Math.min(count, values.length) }, (_, i) => values[i]!), [Math.min(count, values.length)], dtype);

type Comparison = (x: Tensor, y: Tensor) => Tensor;

/** TensorFlow's eager binary assertion (check_ops._binary_assert): `test(x, y)` must hold for
 * every element, broadcasting; the error lists the first differing indices and values when x and
 * y have one non-scalar shape, then the first elements of each. */
function binaryAssert(op: string, sym: string, test: Comparison, x: TensorLike, y: TensorLike, message: unknown, summarize: unknown): void {
  const text = checkMessage(message, op);
  const limit = checkSummarize(summarize, op);
  const xt = toTensor(x, y instanceof Tensor ? y.dtype : undefined, op);
  const yt = toTensor(y, xt.dtype, op);
  const held = composed(op, () => test(xt, yt));
  const ok = valuesOf(held, op, TraceSpoiler.HostEffect);
  let failed = 0;
  while (failed < ok.length && ok[failed] !== 0) failed++;
  held.dispose();
  if (failed === ok.length) return;
  const lines: (string | undefined)[] = [text, `Condition x ${sym} y did not hold.`];
  const xs = valuesOf(xt, op, TraceSpoiler.HostEffect);
  const ys = valuesOf(yt, op, TraceSpoiler.HostEffect);
  if (limit > 0) {
    if (xt.rank > 0 && xt.shape.length === yt.shape.length && xt.shape.every((d, i) => d === yt.shape[i])) {
      const bad: number[] = [];
      for (let i = 0; i < ok.length; i++) if (ok[i] === 0) bad.push(i);
      const n = Math.min(limit, bad.length);
      const strides = xt.shape.map((_, d) => xt.shape.slice(d + 1).reduce((a, b) => a * b, 1));
      const indices = bad.slice(0, n).flatMap((flat) => strides.map((s, d) => Math.floor(flat / s) % xt.shape[d]!));
      lines.push(
        `Indices of first ${n} different values:`,
        numpyStr(indices, [n, xt.rank], 'int32'),
        'Corresponding x values:',
        firstValues(bad.map((i) => xs[i]!), n, xt.dtype),
        'Corresponding y values:',
        firstValues(bad.map((i) => ys[i]!), n, yt.dtype),
      );
    }
    lines.push(
      `First ${Math.min(limit, xs.length)} elements of x:`,
      firstValues(xs, limit, xt.dtype),
      `First ${Math.min(limit, ys.length)} elements of y:`,
      firstValues(ys, limit, yt.dtype),
    );
  }
  throw assertionError(lines);
}

/**
 * tf.debugging.assert_equal(x, y, message, summarize): throws TensorFlow's InvalidArgumentError
 * (an Error of that name) unless x == y for every element, broadcasting; its text lists the
 * first `summarize` (3) differing indices and values.
 *
 * @example
 * ```ts
 * tf.debugging.assertEqual(tf.constant([1, 2]), [1, 2]);
 * console.log('equal'); // equal
 * ```
 */
export function assertEqual(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertEqual', '==', equal, x, y, message, summarize);
}

/** tf.debugging.assert_none_equal(x, y, message, summarize): throws InvalidArgumentError unless x != y for every element. */
export function assertNoneEqual(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertNoneEqual', '!=', notEqual, x, y, message, summarize);
}

/** tf.debugging.assert_less(x, y, message, summarize): throws InvalidArgumentError unless x < y for every element. */
export function assertLess(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertLess', '<', less, x, y, message, summarize);
}

/** tf.debugging.assert_less_equal(x, y, message, summarize): throws InvalidArgumentError unless x <= y for every element. */
export function assertLessEqual(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertLessEqual', '<=', lessEqual, x, y, message, summarize);
}

/** tf.debugging.assert_greater(x, y, message, summarize): throws InvalidArgumentError unless x > y for every element. */
export function assertGreater(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertGreater', '>', greater, x, y, message, summarize);
}

/** tf.debugging.assert_greater_equal(x, y, message, summarize): throws InvalidArgumentError unless x >= y for every element. */
export function assertGreaterEqual(x: TensorLike, y: TensorLike, message?: string, summarize?: number): void {
  binaryAssert('debugging.assertGreaterEqual', '>=', greaterEqual, x, y, message, summarize);
}

/** tf.debugging.assert_negative(x, message, summarize): throws InvalidArgumentError unless every element is < 0. */
export function assertNegative(x: TensorLike, message?: string, summarize?: number): void {
  const t = toTensor(x, undefined, 'debugging.assertNegative');
  binaryAssert('debugging.assertNegative', '<', less, t, 0, message, summarize);
}

/** tf.debugging.assert_positive(x, message, summarize): throws InvalidArgumentError unless every element is > 0. */
export function assertPositive(x: TensorLike, message?: string, summarize?: number): void {
  const t = toTensor(x, undefined, 'debugging.assertPositive');
  binaryAssert('debugging.assertPositive', '>', greater, t, 0, message, summarize);
}

/** tf.debugging.assert_non_negative(x, message, summarize): throws InvalidArgumentError unless every element is >= 0. */
export function assertNonNegative(x: TensorLike, message?: string, summarize?: number): void {
  const t = toTensor(x, undefined, 'debugging.assertNonNegative');
  binaryAssert('debugging.assertNonNegative', '>=', greaterEqual, t, 0, message, summarize);
}

/** tf.debugging.assert_non_positive(x, message, summarize): throws InvalidArgumentError unless every element is <= 0. */
export function assertNonPositive(x: TensorLike, message?: string, summarize?: number): void {
  const t = toTensor(x, undefined, 'debugging.assertNonPositive');
  binaryAssert('debugging.assertNonPositive', '<=', lessEqual, t, 0, message, summarize);
}

/** The machine epsilon of a float dtype. */
const EPSILON: Record<string, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/**
 * tf.debugging.assert_near(x, y, rtol, atol, message, summarize): throws InvalidArgumentError
 * unless |x - y| <= atol + rtol·|y| for every element of the float tensors; rtol and atol are
 * 10·eps of the dtype by default, as in TensorFlow.
 *
 * @example
 * ```ts
 * tf.debugging.assertNear(tf.constant([1, 2]), [1 + 1e-7, 2], 1e-6);
 * console.log('near'); // near
 * ```
 */
export function assertNear(x: TensorLike, y: TensorLike, rtol?: number, atol?: number, message?: string, summarize?: number): void {
  const op = 'debugging.assertNear';
  const xt = toTensor(x, y instanceof Tensor ? y.dtype : undefined, op);
  const eps = EPSILON[xt.dtype];
  if (eps === undefined) throw new Error(`${op}: x must be float32 or float64, got ${xt.dtype}.`);
  for (const [name, v] of [['rtol', rtol], ['atol', atol]] as const) {
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new Error(`${op}: ${name} must be a non-negative number, got ${describe(v)}.`);
  }
  const r = rtol ?? 10 * eps;
  const a = atol ?? 10 * eps;
  const near: Comparison = (p, q) => lessEqual(abs(sub(p, q)), add(a, mul(r, abs(q))));
  binaryAssert(op, '~=', near, xt, y, message, summarize);
}

/** The static checks' error (TensorFlow's ValueError, by name). */
export function valueError(text: string): Error {
  const error = new Error(text);
  error.name = 'ValueError';
  return error;
}

const prefix = (message: string | undefined): string => (message ? `${message}.  ` : '');

function checkRank(rank: unknown, op: string): number {
  const r = rank instanceof Tensor ? (valuesOf(rank, op, TraceSpoiler.HostEffect)[0] as number) : rank;
  if (!Number.isInteger(r) || (r as number) < 0) throw new Error(`${op}: rank must be a non-negative integer, got ${describe(rank)}.`);
  return r as number;
}

/**
 * tf.debugging.assert_rank(x, rank, message): throws TensorFlow's ValueError (an Error of that
 * name) unless `x` has rank `rank`.
 *
 * @example
 * ```ts
 * tf.debugging.assertRank(tf.zeros([2, 3]), 2);
 * console.log('rank 2'); // rank 2
 * ```
 */
export function assertRank(x: TensorLike, rank: number | Tensor, message?: string): void {
  const op = 'debugging.assertRank';
  const t = toTensor(x, undefined, op);
  const r = checkRank(rank, op);
  const text = checkMessage(message, op);
  if (t.rank !== r) throw valueError(`${prefix(text)}Tensor must have rank ${r}.  Received rank ${t.rank}, shape (${t.shape.join(', ')}${t.rank === 1 ? ',' : ''})`);
}

/** tf.debugging.assert_rank_at_least(x, rank, message): throws ValueError unless `x` has rank `rank` or more. */
export function assertRankAtLeast(x: TensorLike, rank: number | Tensor, message?: string): void {
  const op = 'debugging.assertRankAtLeast';
  const t = toTensor(x, undefined, op);
  const r = checkRank(rank, op);
  const text = checkMessage(message, op);
  if (t.rank < r) throw valueError(`${prefix(text)}Tensor must have rank at least ${r}.  Received rank ${t.rank}, shape (${t.shape.join(', ')}${t.rank === 1 ? ',' : ''})`);
}

/** tf.debugging.assert_rank_in(x, ranks, message): throws ValueError unless the rank of `x` is one of `ranks`. */
export function assertRankIn(x: TensorLike, ranks: readonly number[], message?: string): void {
  const op = 'debugging.assertRankIn';
  const t = toTensor(x, undefined, op);
  if (!Array.isArray(ranks)) throw new Error(`${op}: ranks must be an array of ranks, got ${describe(ranks)}.`);
  const rs = ranks.map((r) => checkRank(r, op));
  const text = checkMessage(message, op);
  if (!rs.includes(t.rank)) throw valueError(`${prefix(text)}Tensor must have rank in (${rs.join(', ')}).  Received rank ${t.rank}, shape (${t.shape.join(', ')}${t.rank === 1 ? ',' : ''})`);
}

/** tf.debugging.assert_scalar(tensor, message): the tensor itself when it has rank 0; otherwise throws ValueError. */
export function assertScalar(tensor: TensorLike, message?: string): Tensor {
  const op = 'debugging.assertScalar';
  const t = toTensor(tensor, undefined, op);
  const text = checkMessage(message, op);
  if (t.rank !== 0) throw valueError(`${prefix(text)}Expected scalar shape, saw shape: (${t.shape.join(', ')}${t.rank === 1 ? ',' : ''}).`);
  return t;
}

/** tf.debugging.assert_type(tensor, tfType, message): throws TensorFlow's TypeError (an Error of that name) unless the tensor's dtype is `tfType`. */
export function assertType(tensor: TensorLike, tfType: DType, message?: string): void {
  const op = 'debugging.assertType';
  const t = toTensor(tensor, undefined, op);
  const text = checkMessage(message, op);
  if (t.dtype !== tfType) {
    const error = new Error(`${prefix(text)}tensor must be of type ${tfType}; got ${t.dtype}`);
    error.name = 'TypeError';
    throw error;
  }
}

/**
 * tf.debugging.Assert(condition, data, summarize): throws InvalidArgumentError when the bool
 * scalar `condition` is false, with TensorFlow's eager text: "Expected '<condition>' to be true.
 * Summarized data: " and the entries of `data`, one per line (strings as they are, tensors as
 * their first `summarize` (3) values, comma-separated).
 *
 * @example
 * ```ts
 * tf.debugging.Assert(tf.constant(true), ['never printed']);
 * console.log('held'); // held
 * ```
 */
export function Assert(condition: TensorLike, data: readonly unknown[], summarize?: number): void {
  const op = 'debugging.Assert';
  const c = toTensor(condition, 'bool', op);
  if (c.dtype !== 'bool' || c.rank !== 0) throw new Error(`${op}: condition must be a bool scalar, got a ${c.dtype} tensor of shape [${c.shape.join(', ')}].`);
  if (!Array.isArray(data)) throw new Error(`${op}: data must be an array of tensors and strings, got ${describe(data)}.`);
  const limit = checkSummarize(summarize, op);
  if (valuesOf(c, op, TraceSpoiler.HostEffect)[0] !== 0) return;
  // TensorFlow's _summarize_eager: the first values of the flattened tensor, then '...'.
  const entry = (d: unknown): string => {
    if (!(d instanceof Tensor)) return String(d);
    const values = valuesOf(d, op, TraceSpoiler.HostEffect);
    if (d.rank === 0) return limit === 0 ? '' : numpyStr(values, [], d.dtype);
    const shown = Math.min(limit, values.length);
    const items = Array.from({ length: shown }, (_, i) => numpyStr([values[i]!], [], d.dtype));
    if (shown < values.length) items.push('...');
    return items.join(', ');
  };
  throw assertionError([`Expected 'tf.Tensor(False, shape=(), dtype=bool)' to be true. Summarized data: ${data.map(entry).join('\n')}`]);
}
