// The matrix and vector arguments of tf.optimize's linear least squares functions (nnls,
// lsqLinear, lsmr): a rank-2 tensor or an array of rows for A, a rank-1 tensor or an array for b,
// read into Float64Arrays with numpy's shape rules and scipy's messages.

import { describe } from '../describe';
import { Tensor } from '../tensor';

/** A matrix: a rank-2 tensor, or an array of rows (arrays or typed arrays of numbers). */
export type MatrixInput = Tensor | readonly (readonly number[] | ArrayLike<number>)[];
/** A vector: a rank-1 tensor, an array or a typed array of numbers. */
export type VectorInput = Tensor | readonly number[] | ArrayLike<number>;

/** A (column-major, entry (i, j) at i + j·m) and its shape, from a tensor or an array of rows;
 * `atLeast2d`: a vector is one row (numpy's atleast_2d, as lsq_linear takes it), and a tensor of
 * higher rank is refused with `tooManyDimensions`. */
export function matrixOf(input: unknown, op: string, atLeast2d: boolean, tooManyDimensions = '`A` must have at most 2 dimensions.'): { a: Float64Array; m: number; n: number } {
  let rows: number[][];
  if (input instanceof Tensor) {
    const shape = input.shape;
    const values = input.dataSync() as ArrayLike<number>;
    if (shape.length === 2) {
      const [m, n] = shape as [number, number];
      const a = new Float64Array(m * n);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = values[i * n + j]!;
      return { a, m, n };
    }
    if (shape.length === 1 && atLeast2d) return { a: Float64Array.from(values), m: 1, n: shape[0]! };
    throw new Error(atLeast2d ? `${op}: ${tooManyDimensions}` : `${op}: Expected a 2D array, but the shape of A is (${shape.join(', ')}${shape.length === 1 ? ',' : ''}).`);
  }
  if (!Array.isArray(input)) throw new Error(`${op}: A must be a rank-2 tensor or an array of rows, got ${describe(input)}.`);
  if (input.every((e) => typeof e === 'number')) {
    if (!atLeast2d) throw new Error(`${op}: Expected a 2D array, but the shape of A is (${input.length},).`);
    rows = [input as number[]];
  } else {
    rows = input.map((row, i) => {
      if (!(Array.isArray(row) || (ArrayBuffer.isView(row) && !(row instanceof DataView))) || Array.from(row as ArrayLike<unknown>).some((e) => typeof e !== 'number')) {
        throw new Error(`${op}: A must be a rank-2 tensor or an array of rows of numbers; row ${i} is ${describe(row)}.`);
      }
      return Array.from(row as ArrayLike<number>);
    });
  }
  const m = rows.length;
  const n = m === 0 ? 0 : rows[0]!.length;
  rows.forEach((row, i) => {
    if (row.length !== n) throw new Error(`${op}: the rows of A must have the same length; row 0 has ${n} entries and row ${i} has ${row.length}.`);
  });
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i + j * m] = rows[i]![j]!;
  return { a, m, n };
}

/** b as a vector; `columnAllowed`: an m×1 matrix counts as one (nnls). */
export function vectorOf(input: unknown, op: string, columnAllowed: boolean): Float64Array {
  const wrongRank = (shape: string) => columnAllowed
    ? `${op}: Expected a 1D array,(or 2D with one column), but the, shape of b is (${shape}).`
    : `${op}: \`b\` must have at most 1 dimension.`;
  if (typeof input === 'number') return Float64Array.of(input);
  if (input instanceof Tensor) {
    const shape = input.shape;
    if (shape.length > 1 && !(columnAllowed && shape.length === 2 && shape[1] === 1)) throw new Error(wrongRank(shape.join(', ')));
    return Float64Array.from(input.dataSync() as ArrayLike<number>);
  }
  if (ArrayBuffer.isView(input) && !(input instanceof DataView)) return Float64Array.from(input as unknown as ArrayLike<number>);
  if (Array.isArray(input)) {
    if (input.every((e) => typeof e === 'number')) return Float64Array.from(input as number[]);
    if (columnAllowed && input.every((e) => Array.isArray(e) && e.length === 1 && typeof e[0] === 'number')) return Float64Array.from(input as number[][], (e) => e[0]!);
    if (input.every((e) => Array.isArray(e))) throw new Error(wrongRank(`${input.length}, ${(input[0] as unknown[] | undefined)?.length ?? 0}`));
  }
  throw new Error(`${op}: b must be a rank-1 tensor or an array of numbers, got ${describe(input)}.`);
}

/** numpy's asarray_chkfinite: NaN and ±Infinity are refused. */
export function checkFinite(values: Float64Array, op: string, name: string): void {
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new Error(`${op}: array must not contain infs or NaNs (${name} has ${values[bad]}).`);
}
