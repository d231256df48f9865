// Random forward steps for plans: each takes the current node and appends one public op (with
// whatever new operands it needs), always with arguments TensorFlow accepts for the current
// shape and dtype. Used by the single-op and the op-sequence properties in forward.test.ts, and
// by the properties that compare two runs of such sequences (compiled, eviction, hessian).

import type { BinaryName, DType, ReduceKind, UnaryName } from './reference';
import { UNARY_INT32, broadcastShapes, sizeOf } from './reference';
import {
  type LeafForm,
  MAX_SIZE,
  Plan,
  Rng,
  broadcastPartner,
  broadcastTarget,
  nestable,
  reduceAxis,
  reshapeTarget,
  styleFor,
} from './plan';

export const FORWARD_OPS = [
  'unary',
  'binary',
  'self',
  'matmul',
  'reduce',
  'reshape',
  'transpose',
  'broadcastTo',
  'concat',
  'cast',
  'stopGradient',
  'polyval',
  'softmax',
  'cumsum',
  'clip',
  'slice',
  'tile',
] as const;
export type ForwardOp = (typeof FORWARD_OPS)[number];

/** The forms a new operand of `shape` may take when passed to an op next to a tensor. */
function operandForm(plan: Plan, shape: readonly number[], allowPlain: boolean): LeafForm {
  const forms: LeafForm[] = ['tensor', 'tensor', 'variable'];
  if (allowPlain) {
    if (shape.length === 0) forms.push('number', 'number');
    else if (nestable(shape)) forms.push('nested');
    if (shape.length === 1) forms.push('typed');
  }
  return plan.rng.pick(forms);
}

/** A new operand leaf. Plain forms (number, nested arrays) take the dtype of the tensor they meet. */
function defaultOperand(plan: Plan, shape: number[], dtype: DType, allowPlain: boolean, style = styleFor(plan.rng, dtype)): number {
  return plan.randomLeaf(shape, dtype, operandForm(plan, shape, allowPlain), style);
}

const UNARY_FLOAT: readonly UnaryName[] = [
  'neg', 'exp', 'log', 'sqrt', 'abs', 'square', 'tanh', 'sigmoid', 'relu',
  'sign', 'floor', 'ceil', 'round', 'sin', 'cos', 'softplus', 'log1p', 'expm1', 'reciprocal', 'rsqrt',
];
const BINARY: readonly BinaryName[] = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'squaredDifference', 'floorDiv', 'mod'];
const REDUCE: readonly ReduceKind[] = ['sum', 'mean', 'max', 'min', 'prod'];
/** Where f is not smooth beyond abs's and relu's kinks (steps, ties, jumps): left out when asked. */
const NOT_SMOOTH: readonly string[] = ['sign', 'floor', 'ceil', 'round', 'maximum', 'minimum', 'floorDiv', 'mod', 'max', 'min'];
const smooth = <T extends string>(names: readonly T[], only: boolean | undefined): readonly T[] => (only ? names.filter((n) => !NOT_SMOOTH.includes(n)) : names);
/** int32 operands TensorFlow refuses as divisors (0) or exponents (negative) when used. */
const hasZero = (plan: Plan, x: number) => plan.ref(x).data.some((v, i) => v === 0 || plan.ref(x).err[i] === Infinity);

/** Makes `x` at least rank `r` by reshaping (for matmul and concat in sequences). */
function atLeastRank(plan: Plan, x: number, r: number): number {
  const shape = plan.shape(x);
  if (shape.length >= r) return x;
  const size = sizeOf(shape);
  const target = r === 1 ? [size] : plan.rng.bool() ? [1, size] : [size, 1];
  return plan.reshape(x, target);
}

export interface StepOptions {
  /** polyval gets at least one coefficient (the empty-coefficient case is covered by the single-op
   * property, so that one finding there cannot hide others in sequences). */
  inSequence?: boolean;
  /** Makes the new operands (default: random values of any style, any form). */
  operand?: (plan: Plan, shape: number[], dtype: DType, allowPlain: boolean) => number;
  /** Only ops smooth away from abs's and relu's kinks (second derivatives by differences). */
  smoothOnly?: boolean;
}

/** Appends `op` applied to node `x`. */
export function applyForwardOp(plan: Plan, op: ForwardOp, x: number, opts: StepOptions = {}): number {
  const rng = plan.rng;
  const inSequence = opts.inSequence ?? false;
  const operand = opts.operand ?? defaultOperand;
  const dtype = plan.dtype(x);
  const shape = plan.shape(x);
  switch (op) {
    case 'unary':
      return plan.unary(rng.pick(smooth(dtype === 'int32' ? UNARY_INT32 : UNARY_FLOAT, opts.smoothOnly)), x);

    case 'binary': {
      const name = rng.pick(smooth(BINARY, opts.smoothOnly));
      const otherShape = broadcastPartner(rng, shape);
      if (dtype === 'int32' && (name === 'floorDiv' || name === 'mod')) {
        // TensorFlow refuses an int32 divisor of 0: x divides only when it has none.
        if (!hasZero(plan, x) && rng.bool()) return plan.binary(name, defaultOperand(plan, otherShape, dtype, true), x);
        return plan.binary(name, x, defaultOperand(plan, otherShape, dtype, true, 'nonzero'));
      }
      if (dtype === 'int32' && name === 'pow') {
        // TensorFlow rejects negative integer exponents: x is the base unless it is surely
        // non-negative (a value the reference cannot verify, such as a cast of an infinity, which
        // TensorFlow leaves to the platform, may be negative: found by fuzzing).
        const ref = plan.ref(x);
        const xNonNegative = ref.data.every((v, i) => v >= 0 && ref.err[i] !== Infinity);
        if (xNonNegative && rng.bool()) return plan.binary('pow', defaultOperand(plan, otherShape, dtype, true, 'small'), x);
        return plan.binary('pow', x, defaultOperand(plan, otherShape, dtype, true, 'nonneg'));
      }
      const y = operand(plan, otherShape, dtype, true);
      return rng.bool() ? plan.binary(name, x, y) : plan.binary(name, y, x);
    }

    case 'self': {
      const refused = hasZero(plan, x) ? ['pow', 'floorDiv', 'mod'] : ['pow'];
      const names = dtype === 'int32' ? BINARY.filter((n) => !refused.includes(n)) : BINARY;
      return plan.binary(rng.pick(smooth(names, opts.smoothOnly)), x, x);
    }

    case 'matmul': {
      const a = atLeastRank(plan, x, 2);
      const s = plan.shape(a);
      const r = s.length;
      const batch = s.slice(0, r - 2);
      for (let attempt = 0; attempt < 6; attempt++) {
        const xFirst = rng.bool();
        const tx = rng.bool(0.4);
        const to = rng.bool(0.4);
        // x's logical matrix: [m, k] if first, [k, n] if second
        const [p, q] = tx ? [s[r - 1]!, s[r - 2]!] : [s[r - 2]!, s[r - 1]!];
        const inner = xFirst ? q : p;
        const outer = rng.int(0, 3);
        const logical = xFirst ? [inner, outer] : [outer, inner];
        const otherMatrix = to ? [logical[1]!, logical[0]!] : logical;
        const otherBatch = batch.length === 0 && rng.bool(0.7) ? [] : broadcastPartner(rng, batch).slice(-2);
        const otherShape = [...otherBatch, ...otherMatrix];
        const outBatch = broadcastShapes('matmul', batch, otherBatch);
        const outSize = sizeOf(outBatch) * (xFirst ? p * outer : outer * q);
        if (outSize > MAX_SIZE || otherShape.length > 4) continue;
        const other = operand(plan, otherShape, dtype, false);
        return xFirst ? plan.matmul(a, other, tx, to) : plan.matmul(other, a, to, tx);
      }
      // a·aᵀ ([m, m]) or aᵀa ([n, n]), the smaller: min(m, n)² is at most a's size, so it fits
      // (aᵀa alone, of a [1, 32768] start tensor, was 2^30 elements and ran the reference out of memory).
      return s[r - 2]! <= s[r - 1]! ? plan.matmul(a, a, false, true) : plan.matmul(a, a, true, false);
    }

    case 'reduce':
      return plan.reduce(rng.pick(smooth(REDUCE, opts.smoothOnly)), x, reduceAxis(rng, shape.length), rng.bool());

    case 'reshape':
      return plan.reshape(x, reshapeTarget(rng, shape));

    case 'transpose': {
      const perm = rng.bool(0.25) ? undefined : rng.shuffle(Array.from({ length: shape.length }, (_, i) => i));
      return plan.transpose(x, perm);
    }

    case 'broadcastTo':
      return plan.broadcastTo(x, broadcastTarget(rng, shape));

    case 'concat': {
      const a = atLeastRank(plan, x, 1);
      const s = plan.shape(a);
      const axis = rng.int(0, s.length - 1);
      const parts: number[] = [a];
      const count = rng.int(0, 2);
      for (let i = 0; i < count; i++) {
        if (rng.bool(0.2)) {
          parts.push(a);
          continue;
        }
        const other = s.slice();
        other[axis] = rng.int(0, 3);
        if (sizeOf(s) + sizeOf(other) > MAX_SIZE) continue;
        // nested arrays are fine after the first entry (they take its dtype)
        parts.push(operand(plan, other, dtype, nestable(other) && other.length > 0 && rng.bool(0.3)));
      }
      rng.shuffle(parts);
      if (parts[0] !== a && !isTensorNode(plan, parts[0]!)) {
        const i = parts.indexOf(a);
        [parts[0], parts[i]] = [parts[i]!, parts[0]!];
      }
      let total = 0;
      for (const p of parts) total += sizeOf(plan.shape(p));
      if (total > MAX_SIZE) return plan.concat([a], axis);
      return plan.concat(parts, rng.bool(0.3) ? axis - s.length : axis);
    }

    case 'cast':
      return plan.cast(x, rng.pick(['float32', 'float64', 'int32'] as const));

    case 'stopGradient':
      return plan.stopGradient(x);

    case 'polyval': {
      const n = rng.int(inSequence ? 1 : 0, 4);
      const coeffs: number[] = [];
      let p: number[] | null = null; // shape of Horner's partial result p = p·x + c
      for (let i = 0; i < n; i++) {
        const target: number[] = p === null ? shape : broadcastShapes('polyval', p, shape);
        const cs: number[] = rng.bool(0.5) ? [] : broadcastPartner(rng, target);
        p = p === null ? cs : broadcastShapes('polyval', target, cs);
        if (opts.operand) {
          coeffs.push(opts.operand(plan, cs, dtype, true));
          continue;
        }
        const form: LeafForm = cs.length === 0 && rng.bool(0.6) ? 'number' : rng.pick(['tensor', 'variable'] as const);
        coeffs.push(plan.randomLeaf(cs, dtype, form, dtype === 'int32' ? 'small' : rng.pick(['grid', 'real'] as const)));
      }
      return plan.polyval(coeffs, x);
    }

    case 'softmax': {
      const f = dtype === 'int32' ? plan.cast(x, rng.pick(['float32', 'float64'] as const)) : x;
      const a = atLeastRank(plan, f, 1);
      const r = plan.shape(a).length;
      return plan.softmax(a, rng.bool(0.5) ? -1 : rng.int(-r, r - 1), rng.bool());
    }

    case 'cumsum': {
      const a = atLeastRank(plan, x, 1);
      const r = plan.shape(a).length;
      return plan.cumsum(a, rng.int(-r, r - 1), rng.bool(0.3), rng.bool(0.3));
    }

    case 'clip': {
      const [p, q] = [bound(plan, dtype), bound(plan, dtype)];
      // Mostly lo <= hi; sometimes lo > hi (then every value is lo).
      return rng.bool(0.85) ? plan.clip(x, Math.min(p, q), Math.max(p, q)) : plan.clip(x, Math.max(p, q), Math.min(p, q));
    }

    case 'slice': {
      const begin = shape.map((d) => rng.int(0, d));
      const size = shape.map((d, i) => (rng.bool(0.25) ? -1 : rng.int(0, d - begin[i]!)));
      return plan.slice(x, begin, size);
    }

    case 'tile': {
      for (let attempt = 0; attempt < 6; attempt++) {
        const multiples = shape.map(() => rng.int(0, 2));
        if (sizeOf(shape) * multiples.reduce((p, m) => p * m, 1) <= MAX_SIZE) return plan.tile(x, multiples);
      }
      return plan.tile(x, shape.map(() => 1));
    }
  }
}

/** A value in [lo, hi] of the plan's value style for `dtype` (a clip bound). */
function bound(plan: Plan, dtype: DType): number {
  return dtype === 'int32' ? plan.rng.int(-10, 10) : plan.rng.int(-16, 16) / 4;
}

function isTensorNode(plan: Plan, id: number): boolean {
  const n = plan.nodes[id]!;
  return n.op !== 'leaf' || n.form === 'tensor' || n.form === 'variable';
}

/** A random computation: a start tensor of `shape` and `dtype`, then `ops` in turn. */
export interface OpsCase {
  /** Random sequences (not single-op properties): see StepOptions.inSequence. */
  sequence: boolean;
  shape: number[];
  dtype: DType;
  seed: number;
  ops: ForwardOp[];
  /** See StepOptions.smoothOnly. */
  smoothOnly?: boolean;
}

/** Builds the plan of a case: a start tensor, then the ops in turn. */
export function buildPlan(c: OpsCase): Plan {
  const plan = new Plan(new Rng(c.seed));
  let x = plan.randomLeaf(c.shape, c.dtype, plan.rng.bool(0.8) ? 'tensor' : 'variable');
  for (const op of c.ops) x = applyForwardOp(plan, op, x, { inSequence: c.sequence, smoothOnly: c.smoothOnly });
  return plan;
}
