// The matrix A of lsmr and lsqLinear's 'lsmr' solver as the algorithms use it: only through the
// products A x and Aᵀ y, as scipy's LinearOperator. A dense matrix's products are numpy's (its
// OpenBLAS's summation order, numpy-dense-products.ts), so the iterates follow scipy's bit for
// bit; a user's { shape, matvec, rmatvec } (scipy's LinearOperator) is called as scipy calls it.

import { describe, isPlainObject } from '../describe';
import { numpyMatrixVectorProduct, numpyTransposedMatrixVectorProduct } from './numpy-dense-products';

/** A linear operator A, scipy's LinearOperator: its shape and its products with vectors. */
export interface LinearOperatorLike {
  /** `[m, n]`: A takes vectors of n entries to vectors of m. */
  readonly shape: readonly [number, number];
  /** A x, for x of n entries: m numbers. */
  matvec(x: Float64Array): ArrayLike<number>;
  /** Aᵀ y, for y of m entries: n numbers. */
  rmatvec(y: Float64Array): ArrayLike<number>;
}

/** A (m×n) through its two products, each returning a new array. */
export interface LinearMap {
  readonly m: number;
  readonly n: number;
  times(x: Float64Array): Float64Array;
  transposeTimes(y: Float64Array): Float64Array;
}

/** Whether `input` is meant as an operator (an object with matvec), not a matrix. */
export function isLinearOperatorLike(input: unknown): input is LinearOperatorLike {
  return isPlainObject(input) || (typeof input === 'object' && input !== null && !Array.isArray(input) && 'matvec' in input);
}

/** The dense matrix A (column-major, as matrix-arguments reads it) with numpy's products. */
export function denseLinearMap(columnMajor: Float64Array, m: number, n: number): LinearMap {
  // numpy's products run on A in C order (row-major).
  const rowMajor = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) rowMajor[i * n + j] = columnMajor[i + j * m]!;
  return {
    m,
    n,
    times: (x) => numpyMatrixVectorProduct(rowMajor, m, n, x),
    transposeTimes: (y) => numpyTransposedMatrixVectorProduct(rowMajor, m, n, y),
  };
}

/** A user's operator, checked: a shape of two non-negative integers, matvec and rmatvec
 * functions, and products of the right lengths (scipy's LinearOperator reshapes them and fails
 * otherwise). Each call gets a copy of the vector, so an operator that writes to it changes
 * nothing. */
export function operatorLinearMap(input: LinearOperatorLike, op: string): LinearMap {
  const shape = (input as { shape?: unknown }).shape;
  if (!Array.isArray(shape) || shape.length !== 2 || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`${op}: a linear operator needs \`shape\`, [m, n] (non-negative integers), got ${describe(shape)}.`);
  }
  for (const name of ['matvec', 'rmatvec'] as const) {
    if (typeof input[name] !== 'function') throw new Error(`${op}: a linear operator needs \`${name}\`, a function${name === 'rmatvec' ? ' (lsmr multiplies by Aᵀ too)' : ''}, got ${describe(input[name])}.`);
  }
  const [m, n] = shape as [number, number];
  const call = (name: 'matvec' | 'rmatvec', v: Float64Array, length: number): Float64Array => {
    const out = input[name](Float64Array.from(v));
    const valid = out !== null && typeof out === 'object' && typeof (out as ArrayLike<number>).length === 'number';
    if (!valid) throw new Error(`${op}: ${name} must return an array of numbers, got ${describe(out)}.`);
    if (out.length !== length) throw new Error(`${op}: ${name} returned ${out.length} numbers; the operator's shape is (${m}, ${n}), so it must return ${length} (scipy: cannot reshape array of size ${out.length} into shape (${length},)).`);
    if (!ArrayBuffer.isView(out)) {
      for (let i = 0; i < length; i++) {
        if (typeof out[i] !== 'number') throw new Error(`${op}: ${name} must return numbers; entry ${i} is ${describe(out[i])}.`);
      }
    }
    return Float64Array.from(out);
  };
  return { m, n, times: (x) => call('matvec', x, m), transposeTimes: (y) => call('rmatvec', y, n) };
}
