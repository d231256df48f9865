// The differentiable ops. Each checks its arguments, makes sure its inputs are in wasm, calls one
// export, and wraps the result. Gradient rules live in Rust beside the forward kernels
// (crates/gradtape-core/src/ops/); ops here that are compositions (square, reduceMean, polyval)
// need no rule of their own.

import { checkShape, constant, isInt32, toTensor } from './creation';
import { checkBoolean, describe } from './describe';
import { type DType, checkDType } from './dtype';
import { Tensor, type TensorLike, activeTapes, checkLive, handleOf, scalarOf, scalarTensor, wrap } from './tensor';
import { W, codes, initSync, writeHandles, writeScratch } from './wasm/runtime';

type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow';
type UnaryName = 'neg' | 'exp' | 'log' | 'sqrt' | 'abs' | 'step';

// Eager scalar arithmetic (rank-0 operands, no tape recording) runs on values: wasm computes the
// result with the same scalar code as its tensor path, and the result lives in JS, so no wasm
// tensor is made, kept or evicted. Under a recording tape every op goes through the tensor path,
// which the tape sees.
const eagerScalar = (t: Tensor): boolean => activeTapes.length === 0 && t.shape.length === 0 && !t._disposed;

/** The code of an op the module's table did not give yet: the module may not be started (a
 * browser that skipped `await tf.ready()`: initSync says so), or it does not list the op, which
 * is an error, never another op run in its place. */
function lateCode(table: 'unary' | 'binary', name: string): number {
  initSync();
  const code = codes[table][name];
  if (code === undefined) {
    throw new Error(`gradtape: the WebAssembly module has no op '${name}'; dist/ and the wasm build differ. Rebuild with npm run build.`);
  }
  return code;
}

function binary(name: BinaryName, a: TensorLike, b: TensorLike): Tensor {
  const kind = codes.binary[name] ?? lateCode('binary', name);
  if (a instanceof Tensor) {
    if (typeof b === 'number') return numberOperand(kind, name, a, b, 0);
    if (!(b instanceof Tensor)) b = toTensor(b, a.dtype, name);
  } else if (b instanceof Tensor) {
    if (typeof a === 'number') return numberOperand(kind, name, b, a, 1);
    a = toTensor(a, b.dtype, name);
  } else {
    a = toTensor(a, undefined, name);
    b = toTensor(b, a.dtype, name);
  }
  // (int32 pow takes the tensor path, which refuses negative exponents as TensorFlow does.)
  if (eagerScalar(a) && eagerScalar(b) && a.dtype === b.dtype && !(name === 'pow' && a.dtype === 'int32')) {
    return scalarTensor(W.gt_scalar_binary(kind, codes.dtype[a.dtype]!, scalarOf(a), scalarOf(b)), a.dtype);
  }
  return wrap(W.gt_binary(kind, handleOf(a, name), handleOf(b, name)), a.dtype, name);
}

/** `x op value` (or `value op x`): the number takes the tensor's dtype, as in TensorFlow. */
function numberOperand(kind: number, name: string, x: Tensor, value: number, numberFirst: number): Tensor {
  if (x.dtype === 'int32' && !isInt32(value)) {
    throw new Error(`${name}: cannot use ${value} with an int32 tensor (it is not an int32 value); cast the tensor first, e.g. tf.cast(x, 'float32').`);
  }
  if (eagerScalar(x) && !(kind === codes.binary.pow && x.dtype === 'int32')) {
    const v = scalarOf(x);
    const dtype = codes.dtype[x.dtype]!;
    return scalarTensor(numberFirst ? W.gt_scalar_binary(kind, dtype, value, v) : W.gt_scalar_binary(kind, dtype, v, value), x.dtype);
  }
  return wrap(W.gt_binary_number(kind, handleOf(x, name), value, numberFirst), x.dtype, name);
}

function unary(name: UnaryName, x: TensorLike): Tensor {
  const kind = codes.unary[name] ?? lateCode('unary', name);
  const t = toTensor(x, undefined, name);
  if (eagerScalar(t) && (t.dtype !== 'int32' || name === 'neg' || name === 'abs' || name === 'step')) {
    return scalarTensor(W.gt_scalar_unary(kind, codes.dtype[t.dtype]!, scalarOf(t)), t.dtype);
  }
  return wrap(W.gt_unary(kind, handleOf(t, name)), t.dtype, name);
}

export const add = (a: TensorLike, b: TensorLike): Tensor => binary('add', a, b);
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('sub', a, b);
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('mul', a, b);
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('pow', a, b);

/** True division. int32 divided by int32 (or by a JS number) gives float64, as TensorFlow's `/`
 * does; int32 with a float tensor is a dtype mismatch like any other. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  // An operand's own dtype: tensors and typed arrays have one (a float array counts as float);
  // numbers and nested arrays have none and follow the other operand.
  const own = (v: TensorLike) => (v instanceof Tensor ? v.dtype : v instanceof Int32Array ? 'int32' : ArrayBuffer.isView(v) ? 'float' : null);
  const intOrNone = (d: string | null) => d === 'int32' || d === null;
  if (a instanceof Tensor) checkLive(a, 'div');
  if (b instanceof Tensor) checkLive(b, 'div');
  const [da, db] = [own(a), own(b)];
  if ((da === 'int32' || db === 'int32') && intOrNone(da) && intOrNone(db)) {
    const toF64 = (v: TensorLike) => (own(v) === 'int32' ? cast(toTensor(v, 'int32', 'div'), 'float64') : toTensor(v, 'float64', 'div'));
    return binary('div', toF64(a), toF64(b));
  }
  return binary('div', a, b);
}

export const neg = (x: TensorLike): Tensor => unary('neg', x);
export const exp = (x: TensorLike): Tensor => unary('exp', x);
export const log = (x: TensorLike): Tensor => unary('log', x);
export const sqrt = (x: TensorLike): Tensor => unary('sqrt', x);
export const abs = (x: TensorLike): Tensor => unary('abs', x);

/** x² (recorded as x·x, whose gradient 2x·g the tape assembles from the two uses). */
export function square(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'square');
  return binary('mul', t, t);
}

/** Sorted, unique, non-negative axes from TensorFlow's `axis` argument. */
function normalizeAxes(axis: number | readonly number[] | null | undefined, rank: number, op: string): number[] {
  if (axis === undefined || axis === null) {
    const all = new Array<number>(rank);
    for (let i = 0; i < rank; i++) all[i] = i;
    return all;
  }
  if (typeof axis === 'number') return [normalizeAxis(axis, rank, op)];
  if (!Array.isArray(axis)) return [normalizeAxis(axis as unknown as number, rank, op)];
  const out = Array.from(axis, (a) => normalizeAxis(a, rank, op));
  out.sort((p, q) => p - q);
  for (let i = 1; i < out.length; i++) {
    if (out[i] === out[i - 1]) throw new Error(`${op}: axis [${axis.join(', ')}] lists dimension ${out[i]} twice.`);
  }
  return out;
}

function normalizeAxis(axis: number, rank: number, op: string, allowEnd = false): number {
  const limit = allowEnd ? rank + 1 : rank;
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new Error(`${op}: axis must be an integer, got ${describe(axis)}.`);
  }
  if (axis < -limit || axis >= limit) {
    throw new Error(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}; use an integer in [-${limit}, ${limit}).`);
  }
  return axis < 0 ? axis + limit : axis;
}

/** The sum over normalized `axes`; `op` names the function the user called in errors. */
function sum(t: Tensor, axes: number[], keepdims: boolean, op: string): Tensor {
  const h = handleOf(t, op);
  writeScratch(axes);
  return wrap(W.gt_sum(h, axes.length, keepdims ? 1 : 0), t.dtype, op);
}

export function reduceSum(x: TensorLike, axis?: number | readonly number[] | null, keepdims = false): Tensor {
  const t = toTensor(x, undefined, 'reduceSum');
  const keep = checkBoolean(keepdims, 'reduceSum', 'keepdims', false);
  return sum(t, normalizeAxes(axis, t.rank, 'reduceSum'), keep, 'reduceSum');
}

/** Mean over axes = sum / count (integer tensors divide with truncation, as in TensorFlow). */
export function reduceMean(x: TensorLike, axis?: number | readonly number[] | null, keepdims = false): Tensor {
  const t = toTensor(x, undefined, 'reduceMean');
  const keep = checkBoolean(keepdims, 'reduceMean', 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, 'reduceMean');
  let count = 1;
  for (const a of axes) count *= t.shape[a]!;
  const total = sum(t, axes, keep, 'reduceMean');
  const div = codes.binary.div ?? lateCode('binary', 'div');
  return wrap(W.gt_binary_number(div, handleOf(total, 'reduceMean'), count, 0), t.dtype, 'reduceMean');
}

export function matmul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  if (typeof transposeA !== 'boolean' || typeof transposeB !== 'boolean') {
    throw new Error(`matmul: transposeA and transposeB must be booleans, got ${describe(transposeA)} and ${describe(transposeB)}.`);
  }
  const ta = toTensor(a, undefined, 'matmul');
  const tb = toTensor(b, ta.dtype, 'matmul');
  return wrap(W.gt_matmul(handleOf(ta, 'matmul'), handleOf(tb, 'matmul'), transposeA ? 1 : 0, transposeB ? 1 : 0), ta.dtype, 'matmul');
}

export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, undefined, 'reshape');
  if (!Array.isArray(shape)) throw new Error(`reshape: shape must be an array of integers, got ${describe(shape)}.`);
  const dims = Array.from(shape);
  let known = 1;
  let inferred = -1;
  dims.forEach((d, i) => {
    if (!Number.isInteger(d) || d < -1 || d > 2 ** 31 - 1) {
      throw new Error(`reshape: shape [${dims.map(describe).join(', ')}] is invalid: dimensions must be integers >= 0, or -1 once to infer one.`);
    }
    if (d === -1) {
      if (inferred !== -1) throw new Error(`reshape: shape [${dims.map(describe).join(', ')}] has more than one -1; only one dimension can be inferred.`);
      inferred = i;
    } else known *= d;
  });
  if (inferred !== -1) {
    if (known === 0 || t.size % known !== 0) {
      throw new Error(`reshape: cannot reshape a tensor of shape [${t.shape.join(', ')}] (${t.size} elements) to [${dims.map(describe).join(', ')}].`);
    }
    dims[inferred] = t.size / known;
  } else if (known !== t.size) {
    throw new Error(
      `reshape: cannot reshape a tensor of shape [${t.shape.join(', ')}] (${t.size} elements) to [${dims.map(describe).join(', ')}] (${known} elements); the sizes must match.`,
    );
  }
  const h = handleOf(t, 'reshape');
  writeScratch(dims);
  return wrap(W.gt_reshape(h, dims.length), t.dtype, 'reshape');
}

/** Permutes axes; without `perm` (undefined or null, TensorFlow's None) reverses them. */
export function transpose(x: TensorLike, perm?: readonly number[] | null): Tensor {
  const t = toTensor(x, undefined, 'transpose');
  if (perm !== undefined && perm !== null && !Array.isArray(perm)) {
    throw new Error(`transpose: perm must be an array of axes, got ${describe(perm)}.`);
  }
  const p = perm === undefined || perm === null ? Array.from({ length: t.rank }, (_, i) => t.rank - 1 - i) : Array.from(perm);
  if (p.length !== t.rank || p.some((a) => !Number.isInteger(a))) {
    throw new Error(`transpose: perm [${p.map(describe).join(', ')}] must list each of the ${t.rank} axes of shape [${t.shape.join(', ')}] once.`);
  }
  const normalized = p.map((a) => normalizeAxis(a, t.rank, 'transpose'));
  const h = handleOf(t, 'transpose');
  writeScratch(normalized);
  return wrap(W.gt_transpose(h, normalized.length), t.dtype, 'transpose');
}

export function broadcastTo(x: TensorLike, shape: readonly number[]): Tensor {
  const t = toTensor(x, undefined, 'broadcastTo');
  const dims = checkShape(shape, 'broadcastTo');
  const h = handleOf(t, 'broadcastTo');
  writeScratch(dims);
  return wrap(W.gt_broadcast_to(h, dims.length), t.dtype, 'broadcastTo');
}

export function concat(values: readonly TensorLike[], axis = 0): Tensor {
  if (!Array.isArray(values) || values.length === 0) {
    throw new Error('concat: expected a non-empty array of tensors, e.g. tf.concat([a, b], 1).');
  }
  const first = toTensor(values[0]!, undefined, 'concat');
  const tensors = values.map((v) => toTensor(v, first.dtype, 'concat'));
  const a = normalizeAxis(axis, first.rank, 'concat');
  const handles = tensors.map((t) => handleOf(t, 'concat'));
  writeHandles(handles);
  return wrap(W.gt_concat(handles.length, a), first.dtype, 'concat');
}

export function cast(x: TensorLike, dtype: DType): Tensor {
  const target = checkDType(dtype, 'cast');
  const t = checkLive(toTensor(x, undefined, 'cast'), 'cast');
  // Same dtype: the tensor itself, as in TensorFlow; a Variable is read into a new tensor.
  if (t.dtype === target) return t._isVar ? (t as unknown as { value(): Tensor }).value() : t;
  return wrap(W.gt_cast(handleOf(t, 'cast'), codes.dtype[target]!), target, 'cast');
}

/** Identity whose result no tape differentiates through. */
export function stopGradient(x: TensorLike): Tensor {
  const t = toTensor(x, undefined, 'stopGradient');
  return wrap(W.gt_stop_gradient(handleOf(t, 'stopGradient')), t.dtype, 'stopGradient');
}

/** tf.math.polyval: coefficients highest power first, by Horner's rule p = c0·x^(n-1) + … + c(n-1).
 * As in TensorFlow, no coefficients give zeros like x, and coefficients are converted to tensors
 * (a Variable is read, so its gradient flows). */
export function polyval(coeffs: readonly TensorLike[], x: TensorLike): Tensor {
  if (!Array.isArray(coeffs)) throw new Error(`polyval: coeffs must be an array of tensors or numbers, highest power first; got ${describe(coeffs)}.`);
  const t = toTensor(x, undefined, 'polyval');
  handleOf(t, 'polyval');
  const cs = coeffs.map((c: TensorLike, i) => {
    // Tensors and typed arrays keep their dtype; numbers and nested arrays take x's.
    const ct = constant(c, c instanceof Tensor || ArrayBuffer.isView(c) ? undefined : t.dtype, 'polyval');
    if (ct.dtype !== t.dtype) {
      throw new Error(`polyval: coefficient ${i} is ${ct.dtype} but x is ${t.dtype}; cast one of them, e.g. tf.cast(c, '${t.dtype}').`);
    }
    handleOf(ct, 'polyval'); // a disposed coefficient fails here, under this function's name
    return ct;
  });
  if (cs.length === 0) return wrap(fillLike(t), t.dtype, 'polyval');
  let p = cs[0]!;
  try {
    for (let i = 1; i < cs.length; i++) p = add(mul(p, t), cs[i]!);
  } catch (e) {
    throw renamed(e, 'polyval'); // say which function the user called, not its inner add or mul
  }
  return p;
}

/** The error `e` of an inner op, with its message prefixed by the public function's name. */
function renamed(e: unknown, op: string): unknown {
  if (!(e instanceof Error) || e.message.startsWith(`${op}:`)) return e;
  const err = new Error(`${op}: ${e.message}`);
  err.name = e.name;
  return err;
}

/** Zeros of x's shape and dtype (as an export's handle). */
function fillLike(t: Tensor): number {
  writeScratch(t.shape);
  return W.gt_tensor_fill(codes.dtype[t.dtype]!, t.rank, 0);
}
