// Shared helpers for gradient tests: seeded random data, float64 tensors built without going
// through any op under test, and a generic checker that compares the tape's gradients with
// central differences computed by running the forward op through the library in float64.
//
//   import { gradcheck, expectGradcheck, seededRandom, randomValues } from './helpers/gradcheck';
//   expectGradcheck((a, b) => tf.mul(a, b), [{ shape: [2, 3] }, { shape: [3] }]);
//
// The analytic side uses a NON-TRIVIAL upstream gradient: the tape differentiates
// loss = reduceSum(f(x) * C) (or f(x) with `outputGradients: C`) for a fixed random C of the
// output's shape, so a rule that ignores (or transposes, or mis-broadcasts) its upstream gradient
// fails. The numeric side evaluates f with one element perturbed by ±h (fresh constants each
// time) and forms sum(f(x ± h e_i) * C) in JavaScript float64, independently of the library's
// mul/reduceSum.

import * as tf from 'gradtape';
import { expect } from 'vitest';

export type Shape = readonly number[];
export type NestedNumbers = number | NestedNumbers[];

/** A small deterministic PRNG (mulberry32): same seed, same numbers, on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomValueOptions {
  /** Lower bound (default -2). */
  min?: number;
  /** Upper bound (default 2). */
  max?: number;
  /** Keep |v| >= this (sign kept): for abs, div denominators and other kinks/poles. Default 0. */
  awayFromZero?: number;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `n` values uniform in [min, max), optionally pushed away from 0. */
export function randomValues(n: number, rand: () => number, options: RandomValueOptions = {}): Float64Array {
  const { min = -2, max = 2, awayFromZero = 0 } = options;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = min + (max - min) * rand();
    if (awayFromZero > 0 && Math.abs(v) < awayFromZero) v = v < 0 ? -awayFromZero - Math.abs(v) : awayFromZero + Math.abs(v);
    out[i] = v;
  }
  return out;
}

/** Flat row-major values to nested arrays of `shape` (a number for shape []). */
export function nestValues(values: ArrayLike<number>, shape: Shape): NestedNumbers {
  if (values.length !== sizeOf(shape)) {
    throw new Error(`nestValues: ${values.length} values do not fill shape [${shape.join(', ')}]`);
  }
  if (shape.length === 0) return values[0]!;
  const build = (axis: number, offset: number): NestedNumbers[] => {
    const n = shape[axis]!;
    let stride = 1;
    for (let i = axis + 1; i < shape.length; i++) stride *= shape[i]!;
    const out: NestedNumbers[] = [];
    for (let i = 0; i < n; i++) out.push(axis === shape.length - 1 ? values[offset + i]! : build(axis + 1, offset + i * stride));
    return out;
  };
  return build(0, 0);
}

/**
 * A float64 tensor of `shape` holding `values`, made by tf.constant from nested arrays (no reshape
 * or other op under test is involved).
 */
export function f64(values: ArrayLike<number>, shape: Shape): tf.Tensor {
  return tf.constant(nestValues(values, shape) as number[], 'float64');
}

/** A float64 Variable of `shape` holding `values`. */
export function f64Variable(values: ArrayLike<number>, shape: Shape, options: { trainable?: boolean } = {}): tf.Variable {
  return new tf.Variable(nestValues(values, shape) as number[], { dtype: 'float64', ...options });
}

/** Flat float64 copy of a tensor's data. */
export function flat(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync());
}

export interface GradInput {
  shape: Shape;
  /** Values (row-major); random in [min, max) when omitted. */
  values?: ArrayLike<number>;
  min?: number;
  max?: number;
  awayFromZero?: number;
}

export interface GradCheckOptions {
  /** Finite-difference step (default 1e-6). */
  h?: number;
  /** Relative tolerance (default 1e-6). */
  rtol?: number;
  /** Absolute tolerance floor (default: 1e-8 plus the rounding error of the numeric estimate). */
  atol?: number;
  /** Seed for inputs and the upstream weights C (default 1234). */
  seed?: number;
  /**
   * How the upstream gradient C enters: 'weighted' (default) differentiates reduceSum(f(x) * C);
   * 'outputGradients' differentiates f(x) with `{ outputGradients: C }`.
   */
  upstream?: 'weighted' | 'outputGradients';
  /** Use trainable float64 Variables (watched automatically) instead of watched constants. */
  variables?: boolean;
  /** Only differentiate these inputs (indices); the others are plain, unwatched constants. */
  wrt?: readonly number[];
}

export interface GradCheckResult {
  /** Input values used, per input. */
  inputs: Float64Array[];
  /** The random upstream weights C (flat) and the output's shape and dtype. */
  upstream: Float64Array;
  outputShape: number[];
  outputDtype: string;
  /** Tape gradients (null where the tape returned null), per differentiated input. */
  analytic: (tf.Tensor | null)[];
  /** Central-difference gradients, per differentiated input. */
  numeric: Float64Array[];
  /** Human-readable descriptions of every mismatch (empty when all agree). */
  mismatches: string[];
  /** max |analytic - numeric| over all elements (Infinity if a gradient is missing). */
  maxAbsError: number;
}

function resolveInputs(inputs: readonly GradInput[], rand: () => number): Float64Array[] {
  return inputs.map((spec) => {
    const n = sizeOf(spec.shape);
    if (spec.values !== undefined) {
      if (spec.values.length !== n) throw new Error(`gradcheck: input of shape [${spec.shape}] needs ${n} values, got ${spec.values.length}`);
      return Float64Array.from(spec.values);
    }
    return randomValues(n, rand, spec);
  });
}

/** Σ f(x)·C evaluated through the library (forward only), in float64 JS arithmetic. */
function weightedForward(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  values: Float64Array[],
  shapes: readonly Shape[],
  c: Float64Array,
): { value: number; magnitude: number } {
  return tf.tidy(() => {
    const xs = values.map((v, i) => f64(v, shapes[i]!));
    const out = fn(...xs);
    const data = out.dataSync();
    if (data.length !== c.length) throw new Error(`gradcheck: output size changed (${data.length} vs ${c.length})`);
    let s = 0;
    let m = 0;
    for (let i = 0; i < data.length; i++) {
      s += data[i]! * c[i]!;
      m += Math.abs(data[i]! * c[i]!);
    }
    return { value: s, magnitude: m };
  });
}

/**
 * Compares the tape's gradients of `fn` (float64) with central differences. Does not assert;
 * see `expectGradcheck`.
 */
export function gradcheck(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly GradInput[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const { h = 1e-6, rtol = 1e-6, seed = 1234, upstream = 'weighted', variables = false } = options;
  const rand = seededRandom(seed);
  const values = resolveInputs(inputs, rand);
  const shapes = inputs.map((s) => s.shape);
  const wrt = options.wrt ?? inputs.map((_, i) => i);

  // Output shape/dtype from a plain forward run, then the fixed random upstream weights C.
  const probe = tf.tidy(() => {
    const out = fn(...values.map((v, i) => f64(v, shapes[i]!)));
    return { shape: out.shape.slice(), dtype: out.dtype as string };
  });
  const c = randomValues(sizeOf(probe.shape), seededRandom(seed ^ 0x5bd1e995), { min: -1.5, max: 1.5, awayFromZero: 0.25 });

  // Analytic: one tape, float64 sources.
  const xs: tf.Tensor[] = values.map((v, i) => {
    if (!wrt.includes(i)) return f64(v, shapes[i]!);
    return variables ? f64Variable(v, shapes[i]!) : f64(v, shapes[i]!);
  });
  const sources = wrt.map((i) => xs[i]!);
  const cTensor = tf.constant(nestValues(c, probe.shape) as number[], probe.dtype as tf.DType);
  const tape = new tf.GradientTape();
  const out = tape.record(() => {
    if (!variables) tape.watch(sources);
    const y = fn(...xs);
    return upstream === 'weighted' ? tf.reduceSum(tf.mul(y, cTensor)) : y;
  });
  const analytic = (
    upstream === 'weighted' ? tape.gradient(out, sources) : tape.gradient(out, sources, { outputGradients: cTensor })
  ) as (tf.Tensor | null)[];

  // Numeric: perturb one element at a time.
  const numeric: Float64Array[] = [];
  const mismatches: string[] = [];
  let maxAbsError = 0;
  wrt.forEach((inputIndex, k) => {
    const base = values[inputIndex]!;
    const num = new Float64Array(base.length);
    const roundoff = new Float64Array(base.length);
    for (let e = 0; e < base.length; e++) {
      const plus = values.slice();
      const minus = values.slice();
      plus[inputIndex] = Float64Array.from(base);
      minus[inputIndex] = Float64Array.from(base);
      plus[inputIndex]![e] = base[e]! + h;
      minus[inputIndex]![e] = base[e]! - h;
      const fp = weightedForward(fn, plus, shapes, c);
      const fm = weightedForward(fn, minus, shapes, c);
      num[e] = (fp.value - fm.value) / (2 * h);
      // Rounding error of the difference quotient: a few ulps of the summed magnitude, over 2h.
      roundoff[e] = (64 * Number.EPSILON * Math.max(fp.magnitude, fm.magnitude)) / (2 * h);
    }
    numeric.push(num);

    const g = analytic[k];
    const label = `input ${inputIndex} (shape [${shapes[inputIndex]!.join(', ')}])`;
    if (g === null || g === undefined) {
      mismatches.push(`${label}: tape gradient is null`);
      maxAbsError = Infinity;
      return;
    }
    if (g.dtype !== 'float64') mismatches.push(`${label}: gradient dtype ${g.dtype}, expected float64`);
    if (g.shape.length !== shapes[inputIndex]!.length || g.shape.some((d, i) => d !== shapes[inputIndex]![i])) {
      mismatches.push(`${label}: gradient shape [${g.shape.join(', ')}], expected [${shapes[inputIndex]!.join(', ')}]`);
      maxAbsError = Infinity;
      return;
    }
    const a = g.dataSync();
    for (let e = 0; e < num.length; e++) {
      const err = Math.abs(a[e]! - num[e]!);
      maxAbsError = Math.max(maxAbsError, err);
      const tol = (options.atol ?? (1e-8 + roundoff[e]!)) + rtol * Math.max(Math.abs(a[e]!), Math.abs(num[e]!));
      if (!(err <= tol)) {
        mismatches.push(`${label}[${e}]: tape ${a[e]} vs central difference ${num[e]} (|diff| ${err.toExponential(2)} > tol ${tol.toExponential(2)})`);
      }
    }
  });

  return {
    inputs: values,
    upstream: c,
    outputShape: probe.shape,
    outputDtype: probe.dtype,
    analytic,
    numeric,
    mismatches,
    maxAbsError,
  };
}

/** `gradcheck` plus assertions: every differentiated input gets a float64 gradient of its shape
 * that matches the central differences. Returns the result for extra checks. */
export function expectGradcheck(
  fn: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: readonly GradInput[],
  options: GradCheckOptions = {},
): GradCheckResult {
  const r = gradcheck(fn, inputs, options);
  expect(r.mismatches, r.mismatches.slice(0, 12).join('\n')).toEqual([]);
  // Guard against a vacuous pass: at least one numeric gradient element must be clearly non-zero.
  const anyNonZero = r.numeric.some((n) => n.some((v) => Math.abs(v) > 1e-3));
  expect(anyNonZero, 'gradcheck: every numeric gradient is ~0; the test would not detect a wrong rule').toBe(true);
  return r;
}

/** Element-wise closeness of a tensor to expected numbers, with a readable failure message. */
export function expectClose(actual: tf.Tensor | null | undefined, expected: ArrayLike<number> | number, rtol = 1e-6, atol = 1e-9): void {
  expect(actual, 'expected a tensor, got null/undefined').toBeInstanceOf(tf.Tensor);
  const a = actual!.dataSync();
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  expect(a.length, `size of [${actual!.shape}]`).toBe(e.length);
  const bad: string[] = [];
  for (let i = 0; i < e.length; i++) {
    const err = Math.abs(a[i]! - e[i]!);
    if (!(err <= atol + rtol * Math.abs(e[i]!))) bad.push(`[${i}] got ${a[i]} expected ${e[i]}`);
  }
  expect(bad, bad.join('\n')).toEqual([]);
}

/**
 * First and second derivative of a scalar function at x0 through nested tapes, as in TensorFlow's
 * guide: the inner gradient is taken INSIDE the outer tape's record, then the outer tape
 * differentiates it. `x` is a float64 Variable unless `dtype` says otherwise.
 */
export function nestedSecondDerivative(
  f: (x: tf.Tensor) => tf.Tensor,
  x0: number | number[],
  dtype: tf.DType = 'float64',
): { first: tf.Tensor | null; second: tf.Tensor | null } {
  const x = new tf.Variable(x0, { dtype });
  const t2 = new tf.GradientTape();
  const first = t2.record(() => {
    const t1 = new tf.GradientTape();
    const y = t1.record(() => f(x));
    return t1.gradient(y, x);
  });
  const second = first === null ? null : t2.gradient(first, x);
  return { first, second };
}
