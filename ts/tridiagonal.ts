// tf.linalg.tridiagonal_matmul and tridiagonal_solve: a tridiagonal matrix given by its three
// diagonals, in TensorFlow's three formats. The product is three shifted elementwise products;
// the solve goes through the dense matrix and tf.linalg.solve (LU with partial pivoting), which
// is exact and differentiable, O(M³) in place of the Thomas algorithm's O(M).

import { toTensor, zerosLike } from './creation';
import { checkBoolean, describe } from './describe';
import { isFloat } from './dtype';
import * as gen from './generated/ops';
import { bandPart, diag, diagPart, solve } from './linalg';
import { composed } from './composite';
import { transpose } from './ops';
import { expandDims, pad, sliceAxis, unstack } from './shape';
import { Tensor, type TensorLike } from './tensor';

/** How the diagonals are given: 'compact' `[..., 3, M]` (superdiagonal, diagonal, subdiagonal;
 * the superdiagonal's last and the subdiagonal's first entry unused), 'sequence' (those three as
 * `[..., M]` tensors) or 'matrix' (`[..., M, M]`, of which the tridiagonal band is read). */
export type DiagonalsFormat = 'compact' | 'sequence' | 'matrix';

/** [superdiagonal, diagonal, subdiagonal], each `[..., M]`. */
function diagonalsOf(diagonals: TensorLike | readonly TensorLike[], format: DiagonalsFormat, op: string): [Tensor, Tensor, Tensor] {
  if (format === 'sequence') {
    if (!Array.isArray(diagonals) || diagonals.length !== 3) throw new Error(`${op}: 'sequence' diagonals must be [superdiag, maindiag, subdiag], got ${describe(diagonals)}.`);
    const main = toTensor(diagonals[1] as TensorLike, undefined, op);
    const [sup, sub] = [toTensor(diagonals[0] as TensorLike, main.dtype, op), toTensor(diagonals[2] as TensorLike, main.dtype, op)];
    for (const t of [sup, sub]) {
      if (t.dtype !== main.dtype || t.rank !== main.rank || t.shape.some((d, i) => d !== main.shape[i])) {
        throw new Error(`${op}: the three diagonals must have one shape and dtype, got [${t.shape.join(', ')}] ${t.dtype} beside [${main.shape.join(', ')}] ${main.dtype}.`);
      }
    }
    return [sup, main, sub];
  }
  const t = toTensor(diagonals as TensorLike, undefined, op);
  if (format === 'compact') {
    if (t.rank < 2 || t.shape[t.rank - 2] !== 3) throw new Error(`${op}: 'compact' diagonals must have shape [..., 3, M], got [${t.shape.join(', ')}].`);
    const [sup, main, sub] = unstack(t, t.rank - 2) as [Tensor, Tensor, Tensor];
    return [sup, main, sub];
  }
  if (format === 'matrix') {
    const m = t.shape[t.rank - 1];
    if (t.rank < 2 || t.shape[t.rank - 2] !== m) throw new Error(`${op}: 'matrix' diagonals must be square matrices [..., M, M], got [${t.shape.join(', ')}].`);
    const main = diagPart(t);
    if (m! < 2) return [zerosLike(main), main, zerosLike(main)];
    // superdiagonal a[i, i+1] (last entry 0), subdiagonal a[i, i-1] (first entry 0).
    const upper = diagPart(sliceAxis(sliceAxis(t, t.rank - 2, 0, m! - 1, op), t.rank - 1, 1, m! - 1, op));
    const lower = diagPart(sliceAxis(sliceAxis(t, t.rank - 2, 1, m! - 1, op), t.rank - 1, 0, m! - 1, op));
    const last = upper.rank - 1;
    return [pad(upper, padOne(last + 1, last, 'after')), main, pad(lower, padOne(last + 1, last, 'before'))];
  }
  throw new Error(`${op}: diagonalsFormat must be 'compact', 'sequence' or 'matrix', got ${describe(format)}.`);
}

/** Paddings of one zero before or after along `axis` of a rank-`rank` tensor. */
const padOne = (rank: number, axis: number, where: 'before' | 'after'): number[][] =>
  Array.from({ length: rank }, (_, d) => (d === axis ? (where === 'before' ? [1, 0] : [0, 1]) : [0, 0]));

/** `x` shifted by one along `axis`: entry i takes entry i + 1 ('up') or i - 1 ('down'), 0 where there is none. */
function shifted(x: Tensor, axis: number, direction: 'up' | 'down', op: string): Tensor {
  const n = x.shape[axis]!;
  if (n < 2) return zerosLike(x);
  return direction === 'up'
    ? pad(sliceAxis(x, axis, 1, n - 1, op), padOne(x.rank, axis, 'after'))
    : pad(sliceAxis(x, axis, 0, n - 1, op), padOne(x.rank, axis, 'before'));
}

/**
 * tf.linalg.tridiagonal_matmul(diagonals, rhs, diagonals_format='compact'): the product of the
 * tridiagonal matrices given by `diagonals` and `rhs` `[..., M, N]`.
 *
 * @example
 * ```ts
 * // [[1, 2, 0], [3, 4, 5], [0, 6, 7]] times a column of ones: its row sums.
 * const d = tf.constant([[2, 5, 0], [1, 4, 7], [0, 3, 6]]);
 * console.log(tf.linalg.tridiagonalMatmul(d, tf.ones([3, 1])).arraySync()); // [ [ 3 ], [ 12 ], [ 13 ] ]
 * ```
 */
export function tridiagonalMatmul(diagonals: TensorLike | readonly TensorLike[], rhs: TensorLike, diagonalsFormat: DiagonalsFormat = 'compact'): Tensor {
  const op = 'linalg.tridiagonalMatmul';
  const [sup, main, sub] = diagonalsOf(diagonals, diagonalsFormat, op);
  const r = toTensor(rhs, main.dtype, op);
  checkRhs(r, main, op, false);
  return composed(op, () => {
    const rows = r.rank - 2;
    // out[i] = sup[i]·rhs[i+1] + main[i]·rhs[i] + sub[i]·rhs[i-1], each diagonal a column.
    const column = (v: Tensor) => expandDims(v, -1);
    return gen.add(gen.add(gen.mul(column(sup), shifted(r, rows, 'up', op)), gen.mul(column(main), r)), gen.mul(column(sub), shifted(r, rows, 'down', op)));
  });
}

function checkRhs(r: Tensor, main: Tensor, op: string, transposed: boolean): void {
  if (!isFloat(main.dtype)) throw new Error(`${op}: the diagonals must be float32 or float64, got ${main.dtype}.`);
  const m = main.shape[main.rank - 1];
  const rowsAxis = transposed ? r.rank - 1 : r.rank - 2;
  if (r.dtype !== main.dtype || r.rank !== main.rank + 1 || r.shape[rowsAxis] !== m) {
    throw new Error(
      `${op}: rhs must be a ${main.dtype} tensor [..., ${transposed ? `K, ${m}` : `${m}, K`}] matching the diagonals' batch shape [${main.shape.slice(0, -1).join(', ')}], got ${r.dtype} [${r.shape.join(', ')}].`,
    );
  }
}

/**
 * tf.linalg.tridiagonal_solve(diagonals, rhs, diagonals_format='compact', transpose_rhs=False,
 * conjugate_rhs=False, partial_pivoting=True, perturb_singular=False): x with A x = rhs for the
 * tridiagonal A given by `diagonals`; rhs is `[..., M, K]` (or `[..., K, M]` with transposeRhs,
 * the result then transposed the same way). The solve always pivots (partialPivoting false is
 * accepted and pivots anyway); perturbSingular is not supported.
 *
 * @example
 * ```ts
 * // [[4, 1, 0], [1, 4, 1], [0, 1, 4]] x = [5, 6, 5]
 * const d = tf.constant([[1, 1, 0], [4, 4, 4], [0, 1, 1]], 'float64');
 * const x = tf.linalg.tridiagonalSolve(d, tf.constant([[5], [6], [5]], 'float64'));
 * console.log(x.arraySync()); // [ [ 1 ], [ 1 ], [ 1 ] ]
 * ```
 */
export function tridiagonalSolve(
  diagonals: TensorLike | readonly TensorLike[],
  rhs: TensorLike,
  diagonalsFormat: DiagonalsFormat = 'compact',
  transposeRhs = false,
  conjugateRhs = false,
  partialPivoting = true,
  perturbSingular = false,
): Tensor {
  const op = 'linalg.tridiagonalSolve';
  const transposed = checkBoolean(transposeRhs, op, 'transposeRhs', false);
  checkBoolean(conjugateRhs, op, 'conjugateRhs', false); // real dtypes: the conjugate is the value
  checkBoolean(partialPivoting, op, 'partialPivoting', true);
  if (checkBoolean(perturbSingular, op, 'perturbSingular', false)) throw new Error(`${op}: perturbSingular is not supported; a singular system is an error.`);
  const [sup, main, sub] = diagonalsOf(diagonals, diagonalsFormat, op);
  const r = toTensor(rhs, main.dtype, op);
  checkRhs(r, main, op, transposed);
  return composed(op, () => {
    const m = main.shape[main.rank - 1]!;
    const last = main.rank - 1;
    // A = diag(main) + the superdiagonal (columns shifted right) + the subdiagonal (left).
    const upper = m < 2 ? zerosLike(diag(main)) : pad(sliceAxis(diag(sup), last + 1, 0, m - 1, op), padOne(last + 2, last + 1, 'before'));
    const lower = m < 2 ? zerosLike(diag(main)) : pad(sliceAxis(diag(sub), last + 1, 1, m - 1, op), padOne(last + 2, last + 1, 'after'));
    const a = bandPart(gen.add(gen.add(diag(main), upper), lower), 1, 1);
    const swap = (t: Tensor) => transpose(t, [...t.shape.keys()].map((k) => (k < t.rank - 2 ? k : 2 * t.rank - 3 - k)));
    const x = solve(a, transposed ? swap(r) : r);
    return transposed ? swap(x) : x;
  });
}
