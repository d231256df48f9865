// The one path every op call takes: operands normalised once (numbers, arrays, tensors), one
// ABI call (`gt_op` with the op table's code, or one of its two shortcuts), one wrap. The
// generated wrappers (ts/generated/ops.ts) and the hand-written ones (ts/ops.ts) all call here.

import { isInt32, toTensor } from './creation';
import { checkBoolean, describe } from './describe';
import { InvalidArgumentError, tfError } from './errors';
import { type DType, isFloat } from './dtype';
import { OP, OP_INFO } from './generated/table';
import { OpEntry, Tensor, type TensorLike, activeTapes, checkLive, eagerSteps, handleOf, noteRecipe, RECIPE_SIZE, scalarOf, scalarTensor, wrap } from './tensor';
import { W, codes, lastError, reserveScratch, scratchF64View, tracing } from './wasm/runtime';

/** TensorFlow's `axis` argument: one axis, several (an array or an int32 tensor), or
 * null/undefined for all. */
export type Axes = number | readonly number[] | Tensor | null | undefined;

/** A list of integers given as an int32 tensor, as TensorFlow takes shapes, multiples and axes
 * (`tf.zeros(tf.shape(x))`): its values, read once (a scalar gives a number). Anything else is
 * returned as it is, for the caller's own checks. */
export function intsOfTensor(v: unknown, op: string, what: string): unknown {
  if (!(v instanceof Tensor)) return v;
  if (v.dtype !== 'int32' || v.rank > 1) {
    throw new Error(`${op}: ${what} given as a tensor must be an int32 scalar or vector, got a ${v.dtype} tensor of shape [${v.shape.join(', ')}].`);
  }
  const values = Array.from(v.dataSync() as Int32Array);
  return v.rank === 0 ? values[0] : values;
}

const OP_NAMES: readonly string[] = OP_INFO.map((info) => info[0]);
const opName = (code: number): string => OP_NAMES[code]!;
const DIV = OP.div;
const NO_PARAMS: readonly number[] = [];
const NUMBER_FIRST: readonly number[] = [1];
const NUMBER_SECOND: readonly number[] = [0];

/** True when the op's dtype class takes `dtype` (the Rust side checks again and explains). */
function admits(code: number, dtype: DType): boolean {
  switch (OP_INFO[code]![1]) {
    case 'float':
      return isFloat(dtype);
    case 'numeric':
      return dtype !== 'bool';
    case 'bool':
      return dtype === 'bool';
    case 'any':
      return true;
  }
}

const DTYPE_BIT: Record<DType, number> = { float32: 1, float64: 2, int32: 4, bool: 8 };

/** Ops that refuse some int32 operands, as TensorFlow does (a negative exponent, a zero divisor):
 * their int32 calls take the tensor path, whose errors reach the caller. */
const REFUSES_INT32_OPERANDS: readonly number[] = [OP.pow, OP.floorDiv, OP.mod];

/** Per op code, the dtypes (as DTYPE_BIT bits) whose rank-0 operands may take the eager scalar
 * path: the op takes the dtype and its result has the operands' dtype. */
const EAGER_DTYPES: number[] = OP_INFO.map((info, code) =>
  info[2] !== 'same'
    ? 0
    : (['float32', 'float64', 'int32', 'bool'] as DType[]).reduce(
        (bits, d) => (admits(code, d) && !(d === 'int32' && REFUSES_INT32_OPERANDS.includes(code)) ? bits | DTYPE_BIT[d] : bits),
        0,
      ),
);

/** Eager scalar arithmetic (rank-0 operand, no tape recording, a same-dtype result the op takes)
 * runs on values: wasm computes it with the op table's scalar form and the result lives in JS,
 * so no wasm tensor is made, kept or evicted. Under a recording tape every op takes the tensor
 * path, which the tape sees. */
function eagerScalar(code: number, t: Tensor): boolean {
  // (Not while tracing: a trace sees only what runs in wasm.)
  return activeTapes.length === 0 && !tracing.active && t.shape.length === 0 && !t._disposed && (EAGER_DTYPES[code]! & DTYPE_BIT[t.dtype]) !== 0;
}

/** `a op b` for add, sub, mul and div on float32 or float64 values, computed in JS: the number
 * wasm's scalar form gives, without the call. A float32 sum, difference, product or quotient of
 * float32 operands rounded once from its float64 result is the correctly rounded one (53 >= 2·24
 * + 2 bits), and float64 arithmetic is JS's own. Undefined for other ops and dtypes (wasm's). */
function floatArithmetic(code: number, dtype: DType, a: number, b: number): number | undefined {
  if (dtype === 'float32') {
    a = Math.fround(a);
    b = Math.fround(b);
  } else if (dtype !== 'float64') return undefined;
  const r = code === OP.add ? a + b : code === OP.sub ? a - b : code === OP.mul ? a * b : code === DIV ? a / b : undefined;
  return r === undefined || dtype === 'float64' ? r : Math.fround(r);
}

/** Rank-0 float arithmetic under recording tapes runs on values too: wasm computes the value with
 * the op table's scalar form and records the op on the tapes by its operands' ids, and the result
 * lives in JS under the id the tape knows it by (uploaded under that id if a tensor op ever needs
 * it). No tensor handle is made, kept or evicted for it. (Not while tracing, as above.) */
function recordedScalar(code: number, t: Tensor): boolean {
  return !tracing.active && t.shape.length === 0 && !t._disposed && (EAGER_DTYPES[code]! & FLOAT_BITS & DTYPE_BIT[t.dtype]) !== 0;
}

const FLOAT_BITS = DTYPE_BIT.float32 | DTYPE_BIT.float64;

/** How gt_op_recorded_values takes an operand: a resident tensor (and every variable, which a
 * tape may watch on use) by handle; a value JS holds by its negated id, or 0 when no tape has
 * seen it (a constant to them). */
function operandRef(t: Tensor, op: string): number {
  return t._h !== 0 || t._isVar ? handleOf(t, op) : -t._id;
}

/** The value of an operand JS holds (unused for a handle). */
const heldValue = (t: Tensor): number => (t._h !== 0 ? 0 : t._host ? t._host[0]! : t._value);

/**
 * True when an eager scalar loop's op may run on `t`'s value right away: a live rank-0 tensor whose
 * value JS holds, outside tapes, traces and eager steps. binaryOp and numberOperand take that path
 * first, in a body of their own that holds nothing else, so V8 inlines its few helpers whatever else
 * the process ran. (In one body with the other paths, a loop that had recorded ops on tapes when V8
 * optimized it spent the inlining budget on them, and an eager scalar add took 35-48 ns, not 18-21.)
 */
function onValues(t: Tensor): boolean {
  return activeTapes.length === 0 && !eagerSteps.active && !tracing.active && t._h === 0 && !t._pending && !t._disposed && t.shape.length === 0;
}

/** Op `code` on rank-0 operands (ref, value) of `dtype`, recorded; the result held in JS. Null
 * while wasm records a trace (a solver's, whose derivative stage JS does not flag): the caller
 * then takes the tensor path, which the trace sees. */
function onValuesRecorded(code: number, dtype: DType, aRef: number, a: number, bRef: number, b: number, op: string): Tensor | null {
  const id = W.gt_op_recorded_values(code, codes.dtype[dtype]!, aRef, a, bRef, b);
  if (id === -1) return null;
  if (id === 0) throw lastError(op);
  const t = scalarTensor(scratchF64View()[0]!, dtype);
  t._id = id;
  return t;
}

/** A binary op on two rank-0 operands, recorded on values (kept out of binaryOp's body, whose
 * eager scalar path V8 then optimizes as before: inline, it cost an eager scalar add 10 ns). */
function recordedBinary(code: number, a: Tensor, b: Tensor, op: string): Tensor | null {
  // Both references first (a variable's may upload it, and an upload may sweep), then the values.
  const ra = operandRef(a, op);
  const rb = operandRef(b, op);
  return onValuesRecorded(code, a.dtype, ra, heldValue(a), rb, heldValue(b), op);
}

/** `x op value` (or `value op x`) on a rank-0 x, recorded on values. */
function recordedNumber(code: number, x: Tensor, value: number, numberFirst: number, op: string): Tensor | null {
  const ref = operandRef(x, op);
  const v = heldValue(x);
  return numberFirst ? onValuesRecorded(code, x.dtype, 0, value, ref, v, op) : onValuesRecorded(code, x.dtype, ref, v, 0, value, op);
}

/** Runs op `code` on `inputs` with its parameters (f64 values in the table's order; a list is its
 * length, then its values). `op` names the function the user called, in errors. */
export function callOp(code: number, inputs: readonly Tensor[], params: readonly number[] = [], op = opName(code)): Tensor {
  if (eagerSteps.active) {
    const out = eagerSteps.op(OpEntry.Call, code, null, null, inputs, params);
    if (out !== null) return out;
  }
  const n = inputs.length;
  // Handles first: an upload may sweep, and a sweep uses the scratch area.
  const handles = new Array<number>(n);
  for (let i = 0; i < n; i++) handles[i] = handleOf(inputs[i]!, op);
  reserveScratch(2 * (n + params.length));
  const f = scratchF64View();
  for (let i = 0; i < n; i++) f[i] = handles[i]!;
  for (let j = 0; j < params.length; j++) f[n + j] = params[j]!;
  const out = wrap(W.gt_op(code, n), op);
  return out.size < RECIPE_SIZE || code === OP.customGradient ? out : noteRecipe(out, code, inputs, params);
}

export function unaryOp(code: number, x: TensorLike): Tensor {
  if (eagerSteps.active) {
    const out = eagerSteps.op(OpEntry.Unary, code, x, null, null, NO_PARAMS);
    if (out !== null) return out;
  }
  const t = x instanceof Tensor ? x : toTensor(x, undefined, opName(code));
  if (eagerScalar(code, t)) {
    return scalarTensor(W.gt_op_values(code, codes.dtype[t.dtype]!, scalarOf(t), 0), t.dtype);
  }
  if (recordedScalar(code, t)) {
    const out = onValuesRecorded(code, t.dtype, operandRef(t, opName(code)), heldValue(t), 0, 0, opName(code));
    if (out) return out;
  }
  const h = handleOf(t, opName(code));
  scratchF64View()[0] = h;
  const out = wrap(W.gt_op(code, 1), opName(code));
  return out.size < RECIPE_SIZE ? out : noteRecipe(out, code, [t], NO_PARAMS);
}

/** An operand's own dtype: tensors and typed arrays have one (a float array counts as float);
 * numbers, booleans and nested arrays have none and follow the other operand. */
const ownDType = (v: TensorLike): string | null =>
  v instanceof Tensor ? v.dtype : v instanceof Int32Array ? 'int32' : v instanceof Uint8Array ? 'bool' : ArrayBuffer.isView(v) ? 'float' : null;

/** Elementwise binary and comparison ops. A number (or boolean) takes the tensor's dtype, as a
 * Python scalar does in TensorFlow. True division of int32 by int32 (or by a number) gives
 * float64, as TensorFlow's `/` and `divide_no_nan` do. */
export function binaryOp(code: number, a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && onValues(a)) {
    let value: number | undefined;
    if (b instanceof Tensor) {
      if (b.dtype === a.dtype && onValues(b)) value = floatArithmetic(code, a.dtype, heldValue(a), heldValue(b));
    } else if (typeof b === 'number') value = floatArithmetic(code, a.dtype, heldValue(a), b);
    if (value !== undefined) return scalarTensor(value, a.dtype);
  }
  return binaryOpInGeneral(code, a, b);
}

/** binaryOp past its eager scalar path (see onValues): an eager step's op, recorded scalars,
 * scalars in wasm, operands to convert, tensors. */
function binaryOpInGeneral(code: number, a: TensorLike, b: TensorLike): Tensor {
  if (eagerSteps.active) {
    const out = eagerSteps.op(OpEntry.Binary, code, a, b, null, NO_PARAMS);
    if (out !== null) return out;
  }
  // A scalar loop's ops first, before anything else is looked at (each test costs while V8 still
  // runs this unoptimized): a tensor and a number go straight to numberOperand (true division
  // keeps its own path below); two live rank-0 float tensors of one dtype outside traces take
  // eagerScalar's and recordedScalar's tests once for both: outside tapes, add, sub, mul and div
  // run on values in JS (here, those whose value is in wasm), and under tapes every float op the
  // table gives that dtype is recorded on values.
  if (a instanceof Tensor) {
    if (!(b instanceof Tensor)) {
      if (typeof b === 'number' && code !== DIV && code !== OP.divNoNan) return numberOperand(code, a, b, 0);
    } else {
      const dtype = a.dtype;
      if (dtype === b.dtype && (dtype === 'float32' || dtype === 'float64') && a.shape.length === 0 && b.shape.length === 0 && !a._disposed && !b._disposed && !tracing.active && (EAGER_DTYPES[code]! & DTYPE_BIT[dtype]) !== 0) {
        if (activeTapes.length === 0) {
          const value = floatArithmetic(code, dtype, scalarOf(a), scalarOf(b));
          if (value !== undefined) return scalarTensor(value, dtype);
        } else {
          const out = recordedBinary(code, a, b, opName(code));
          if (out) return out;
        }
      }
    }
  }
  const op = opName(code);
  if (code === DIV || code === OP.divNoNan) {
    if (a instanceof Tensor) checkLive(a, op);
    if (b instanceof Tensor) checkLive(b, op);
    const [da, db] = [ownDType(a), ownDType(b)];
    const intOrNone = (d: string | null) => d === 'int32' || d === null;
    if ((da === 'int32' || db === 'int32') && intOrNone(da) && intOrNone(db)) {
      // A number or array beside an int32 tensor is converted to int32 first, as TensorFlow's
      // dtype hint does: tf.div(int32Tensor, 2.5) raises, as in TensorFlow.
      const toF64 = (v: TensorLike) => callOp(OP.cast, [toTensor(v, 'int32', op)], [codes.dtype.float64!], op);
      return binaryOp(code, toF64(a), toF64(b));
    }
  }
  if (typeof b === 'boolean') b = b ? 1 : 0;
  if (typeof a === 'boolean') a = a ? 1 : 0;
  if (a instanceof Tensor) {
    if (typeof b === 'number') return numberOperand(code, a, b, 0);
    if (!(b instanceof Tensor)) b = toTensor(b, a.dtype, op);
  } else if (b instanceof Tensor) {
    if (typeof a === 'number') return numberOperand(code, b, a, 1);
    a = toTensor(a, b.dtype, op);
  } else {
    a = toTensor(a, undefined, op);
    b = toTensor(b, a.dtype, op);
  }
  if (eagerScalar(code, a) && eagerScalar(code, b) && a.dtype === b.dtype) {
    const va = scalarOf(a), vb = scalarOf(b);
    return scalarTensor(floatArithmetic(code, a.dtype, va, vb) ?? W.gt_op_values(code, codes.dtype[a.dtype]!, va, vb), a.dtype);
  }
  if (recordedScalar(code, a) && recordedScalar(code, b) && a.dtype === b.dtype) {
    const out = recordedBinary(code, a, b, op);
    if (out) return out;
  }
  // Both handles first (an upload may sweep, and a sweep uses the scratch area), then one call.
  const ha = handleOf(a, op);
  const hb = handleOf(b, op);
  const f = scratchF64View();
  f[0] = ha;
  f[1] = hb;
  const out = wrap(W.gt_op(code, 2), op);
  return out.size < RECIPE_SIZE ? out : noteRecipe(out, code, [a, b], NO_PARAMS);
}

/** `x op value` (or `value op x`): the number takes the tensor's dtype. (No int32 promotion:
 * int32 `div` truncates here, which integer reduceMean wants.) */
export function numberOperand(code: number, x: Tensor, value: number, numberFirst: number): Tensor {
  if (onValues(x)) {
    const result = numberFirst ? floatArithmetic(code, x.dtype, value, heldValue(x)) : floatArithmetic(code, x.dtype, heldValue(x), value);
    if (result !== undefined) return scalarTensor(result, x.dtype);
  }
  return numberOperandInGeneral(code, x, value, numberFirst);
}

/** numberOperand past its eager scalar path (see onValues). */
function numberOperandInGeneral(code: number, x: Tensor, value: number, numberFirst: number): Tensor {
  if (eagerSteps.active) {
    const out = eagerSteps.op(OpEntry.Number, code, x, value, null, numberFirst ? NUMBER_FIRST : NUMBER_SECOND);
    if (out !== null) return out;
  }
  // A live rank-0 float tensor outside traces: as in binaryOp.
  const dtype = x.dtype;
  if ((dtype === 'float32' || dtype === 'float64') && x.shape.length === 0 && !x._disposed && !tracing.active && (EAGER_DTYPES[code]! & DTYPE_BIT[dtype]) !== 0) {
    if (activeTapes.length === 0) {
      const held = scalarOf(x);
      const result = numberFirst ? floatArithmetic(code, dtype, value, held) : floatArithmetic(code, dtype, held, value);
      if (result !== undefined) return scalarTensor(result, dtype);
    } else {
      const out = recordedNumber(code, x, value, numberFirst, opName(code));
      if (out) return out;
    }
  }
  const op = opName(code);
  if (x.dtype === 'int32' && !isInt32(value)) {
    throw new Error(`${op}: cannot use ${value} with an int32 tensor (it is not an int32 value); cast the tensor first, e.g. tf.cast(x, 'float32').`);
  }
  if (x.dtype === 'bool') value = value !== 0 ? 1 : 0;
  if (eagerScalar(code, x)) {
    const held = scalarOf(x);
    const va = numberFirst ? value : held, vb = numberFirst ? held : value;
    return scalarTensor(floatArithmetic(code, x.dtype, va, vb) ?? W.gt_op_values(code, codes.dtype[x.dtype]!, va, vb), x.dtype);
  }
  // (Under tapes a recorded scalar was tried first, above: here the trace takes the tensor path.)
  const out = wrap(W.gt_op_number(code, handleOf(x, op), value, numberFirst), op);
  // The recipe's number is a rank-0 tensor of x's dtype, as gt_op_number makes it (an int32 value
  // was checked above, so it converts the same way).
  return out.size < RECIPE_SIZE ? out : noteRecipe(out, code, numberFirst ? [scalarTensor(value, x.dtype), x] : [x, scalarTensor(value, x.dtype)], NO_PARAMS);
}

/** Sorted, unique, non-negative axes from TensorFlow's `axis` argument (all axes when absent). */
export function normalizeAxes(axis: Axes, rank: number, op: string): number[] {
  axis = intsOfTensor(axis, op, 'axis') as Axes;
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

/** One axis in `[0, rank)` (or `[0, rank]` with `allowEnd`, for inserting a dimension). */
export function normalizeAxis(axis: number | Tensor, rank: number, op: string, allowEnd = false): number {
  axis = intsOfTensor(axis, op, 'axis') as number;
  const limit = allowEnd ? rank + 1 : rank;
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new Error(`${op}: axis must be an integer, got ${describe(axis)}.`);
  }
  if (axis < -limit || axis >= limit) {
    // (TensorFlow's kernels refuse it with InvalidArgumentError; tf.stack and tf.unstack check it
    // in Python, with ValueError, and check it before calling here.)
    throw tfError(InvalidArgumentError, `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; use an integer in [-${limit}, ${limit}).`);
  }
  return axis < 0 ? axis + limit : axis;
}

export function reduceOp(code: number, x: TensorLike, axis: Axes, keepdims: boolean): Tensor {
  const op = opName(code);
  const t = toTensor(x, undefined, op);
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const axes = normalizeAxes(axis, t.rank, op);
  const params = new Array<number>(axes.length + 2); // (no spread: see tape.ts's flatten)
  params[0] = axes.length;
  for (let i = 0; i < axes.length; i++) params[i + 1] = axes[i]!;
  params[axes.length + 1] = keep ? 1 : 0;
  return callOp(code, [t], params);
}

export function argReduceOp(code: number, x: TensorLike, axis: number): Tensor {
  const op = opName(code);
  const t = toTensor(x, undefined, op);
  return callOp(code, [t], [normalizeAxis(axis ?? 0, t.rank, op)]);
}

export function cumulativeOp(code: number, x: TensorLike, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  const op = opName(code);
  const t = toTensor(x, undefined, op);
  const ex = checkBoolean(exclusive, op, 'exclusive', false);
  const rev = checkBoolean(reverse, op, 'reverse', false);
  return callOp(code, [t], [normalizeAxis(axis ?? 0, t.rank, op), ex ? 1 : 0, rev ? 1 : 0]);
}
