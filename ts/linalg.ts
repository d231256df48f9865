// tf.linalg: products, structure (diag, bandPart, trace), solves, decompositions and norms, with
// TensorFlow's semantics and gradients. The primitives (cholesky, triangularSolve, solve, inv,
// slogdet, qr, svd, eigh) are rows of the op table; a decomposition's results come packed in one
// tensor (layouts in crates/gradtape-core/src/op.rs) and are sliced apart here with recorded ops,
// so the gradient of one piece flows back through the packed output. The rest are composites of
// recorded ops (never JS arithmetic on data), so tapes differentiate them too.

import { callOp, normalizeAxis } from './call';
import { constant, toTensor, zeros } from './creation';
import { checkBoolean, describe } from './describe';
import { InvalidArgumentError, tfError } from './errors';
import { type DType, allocHost } from './dtype';
import * as gen from './generated/ops';
import { OP } from './generated/table';
import { broadcastTo, cast, concat, matmul, renamedCall, reshape, transpose, where } from './ops';
import { gather, pad, stack, unstack } from './shape';
import { argsort } from './sorting';
import { Tensor, type TensorLike, fromHost } from './tensor';

export { matmul };

// ---- helpers ----------------------------------------------------------------------------------

/** `x` as a tensor of rank >= 2 (a matrix, or a batch of matrices). */
function matrixOperand(x: TensorLike, op: string, what = 'the input', dtype?: DType): Tensor {
  const t = toTensor(x, dtype, op);
  if (t.rank < 2) {
    throw new Error(`${op}: ${what} must have rank >= 2 (a matrix, or a batch of matrices [..., M, N]), got shape [${t.shape.join(', ')}].`);
  }
  return t;
}

const rows = (t: Tensor): number => t.shape[t.rank - 2]!;
const cols = (t: Tensor): number => t.shape[t.rank - 1]!;

/** `len` entries of `axis` from `start`, as a recorded slice. */
function sliceAxis(t: Tensor, axis: number, start: number, len: number, op: string): Tensor {
  return callOp(OP.sliceAxis, [t], [axis, start, len], op);
}

/** The r×c matrices packed at `start` of the last axis of a packed decomposition. */
function unpack(packed: Tensor, start: number, r: number, c: number, op: string): Tensor {
  return reshape(sliceAxis(packed, packed.rank - 1, start, r * c, op), [...packed.shape.slice(0, -1), r, c]);
}

/** A constant r×c matrix of `dtype`, 1 where `keep(i, j)` and 0 elsewhere: a mask. */
function mask(r: number, c: number, dtype: DType, keep: (i: number, j: number) => boolean): Tensor {
  const data = allocHost(dtype, r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) data[i * c + j] = keep(i, j) ? 1 : 0;
  return fromHost(data, [r, c], dtype);
}

/** x where the mask is 1, zero (false) elsewhere, as a recorded product (broadcasting). */
function applyMask(x: Tensor, m: Tensor): Tensor {
  return x.dtype === 'bool' ? gen.logicalAnd(x, m) : gen.mul(x, m);
}

const identity = (n: number, dtype: DType): Tensor => mask(n, n, dtype, (i, j) => i === j);

// ---- products and structure -------------------------------------------------------------------

/** tf.linalg.matvec: op(a) b for matrices a `[..., M, N]` and vectors b `[..., N]`. */
export function matvec(a: TensorLike, b: TensorLike, transposeA = false, adjointA = false): Tensor {
  const op = 'matvec';
  const ta = checkBoolean(transposeA, op, 'transposeA', false);
  const aa = checkBoolean(adjointA, op, 'adjointA', false);
  if (ta && aa) throw new Error(`${op}: only one of transposeA and adjointA can be true (for real matrices they mean the same).`);
  const matrix = matrixOperand(a, op, 'a');
  const vector = toTensor(b, matrix.dtype, op);
  if (vector.rank < 1) throw new Error(`${op}: b must have rank >= 1 (a vector, or a batch of vectors [..., N]), got a scalar.`);
  return renamedCall(op, () => {
    const product = matmul(matrix, reshape(vector, [...vector.shape, 1]), ta || aa);
    return reshape(product, product.shape.slice(0, -1));
  });
}

/** TensorFlow's `align` values: how diagonals shorter than the longest are placed in a band of
 * several. One diagonal is never shorter, so here it is only checked. */
const ALIGNS = ['RIGHT_LEFT', 'LEFT_RIGHT', 'LEFT_LEFT', 'RIGHT_RIGHT'];

/** The diagonal offset `k` of diag and diagPart: an integer (0 the main diagonal, > 0 above it),
 * or TensorFlow's pair [k, k]. A band of several diagonals is refused, never read as one. */
function diagonalOffset(k: unknown, align: unknown, op: string): number {
  if (typeof align !== 'string' || !ALIGNS.includes(align)) {
    throw new Error(`${op}: align must be one of ${ALIGNS.map((a) => `'${a}'`).join(', ')}, got ${describe(align)}.`);
  }
  const pair = Array.isArray(k) && k.length === 2 && k[0] === k[1];
  const offset = pair ? (k as number[])[0] : k;
  if (typeof offset === 'number' && Number.isSafeInteger(offset)) return offset;
  if (Array.isArray(k) && k.length === 2) {
    throw new Error(`${op}: k = [${k.map(describe).join(', ')}] asks for a band of diagonals, which gradtape does not support; take one diagonal at a time (an integer k) and stack the results.`);
  }
  throw new Error(`${op}: k must be an integer diagonal offset (0 the main diagonal, positive above it, negative below), got ${describe(k)}.`);
}

/**
 * tf.linalg.diag(diagonal, k=0, num_rows=-1, num_cols=-1, padding_value=0, align='RIGHT_LEFT'):
 * `[..., N]` -> `[..., M, P]` with the vectors on diagonal `k` (above the main one for k > 0,
 * below for k < 0) and `paddingValue` elsewhere. Without `numRows` and `numCols` the matrices are
 * square, N + |k|; with one or both, TensorFlow's rule: each is at least what the diagonal needs,
 * and one of them exactly that.
 *
 * @example
 * ```ts
 * console.log(tf.linalg.diag([1, 2], 1).arraySync()); // [ [ 0, 1, 0 ], [ 0, 0, 2 ], [ 0, 0, 0 ] ]
 * ```
 */
export function diag(diagonal: TensorLike, k: number | readonly [number, number] = 0, numRows = -1, numCols = -1, paddingValue = 0, align = 'RIGHT_LEFT'): Tensor {
  const op = 'diag';
  const offset = diagonalOffset(k, align, op);
  if (typeof paddingValue !== 'number') throw new Error(`${op}: paddingValue must be a number, got ${describe(paddingValue)}.`);
  const v = toTensor(diagonal, undefined, op);
  if (v.rank < 1) throw new Error(`${op}: diagonal must have rank >= 1 ([..., N]), got a scalar.`);
  const n = v.shape[v.rank - 1]!;
  // TensorFlow's MatrixDiagV3 sizes: the least that holds the diagonal, square when neither is given.
  const top = Math.max(-offset, 0);
  const left = Math.max(offset, 0);
  const minRows = n + top;
  const minCols = n + left;
  for (const [name, value, least] of [['numRows', numRows, minRows], ['numCols', numCols, minCols]] as const) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < -1) {
      throw new Error(`${op}: ${name} must be a non-negative integer, or -1 to infer it, got ${describe(value)}.`);
    }
    if (value !== -1 && value < least) {
      throw new Error(`${op}: ${name} = ${value} is too small: a diagonal of ${n} entries at k = ${offset} needs at least ${least}.`);
    }
  }
  let r = numRows;
  let c = numCols;
  if (r === -1 && c === -1) r = c = Math.max(minRows, minCols);
  else if (r === -1) r = minRows;
  else if (c === -1) c = minCols;
  if (r !== minRows && c !== minCols) {
    throw new Error(`${op}: numRows = ${r} and numCols = ${c} are not consistent with a diagonal of ${n} entries at k = ${offset}: one of them must be the least that holds it (${minRows} rows or ${minCols} columns).`);
  }
  const lead = v.shape.slice(0, -1);
  return renamedCall(op, () => {
    let out = applyMask(reshape(v, [...lead, 1, n]), identity(n, v.dtype));
    if (r !== n || c !== n) out = pad(out, [...lead.map(() => [0, 0]), [top, r - n - top], [left, c - n - left]]);
    if (paddingValue !== 0) out = where(mask(r, c, 'bool', (i, j) => j - i === offset), out, paddingValue);
    return out;
  });
}

/**
 * tf.linalg.diag_part(input, k=0, padding_value=0, align='RIGHT_LEFT'): `[..., M, N]` ->
 * `[..., L]`, diagonal `k` of each matrix (the main one for k = 0, above it for k > 0, below for
 * k < 0), L = min(M + min(k, 0), N - max(k, 0)) entries. `paddingValue` only pads the shorter
 * diagonals of a band, so one diagonal never uses it.
 */
export function diagPart(input: TensorLike, k: number | readonly [number, number] = 0, paddingValue = 0, align = 'RIGHT_LEFT'): Tensor {
  const op = 'diagPart';
  const offset = diagonalOffset(k, align, op);
  if (typeof paddingValue !== 'number') throw new Error(`${op}: paddingValue must be a number, got ${describe(paddingValue)}.`);
  const x = matrixOperand(input, op);
  const [m, n] = [rows(x), cols(x)];
  if (offset !== 0 && !(-m < offset && offset < n)) {
    throw tfError(InvalidArgumentError, `${op}: k = ${offset} is out of bounds for matrices of ${m} rows and ${n} columns: it must be between ${-m} and ${n}, exclusive.`);
  }
  // Diagonal k of x is the main diagonal of x without its first -k rows or first k columns.
  const top = Math.max(-offset, 0);
  const left = Math.max(offset, 0);
  const p = Math.min(m - top, n - left);
  return renamedCall(op, () => {
    let square = x;
    if (top !== 0 || m - top !== p) square = sliceAxis(square, x.rank - 2, top, p, op);
    if (left !== 0 || n - left !== p) square = sliceAxis(square, x.rank - 1, left, p, op);
    const onDiagonal = applyMask(square, identity(p, x.dtype));
    return x.dtype === 'bool' ? gen.reduceAny(onDiagonal, -1) : gen.reduceSum(onDiagonal, -1);
  });
}

/** tf.linalg.band_part: keeps `numLower` subdiagonals and `numUpper` superdiagonals (a negative
 * count keeps the whole triangle) and zeros the rest. */
export function bandPart(input: TensorLike, numLower: number, numUpper: number): Tensor {
  const op = 'bandPart';
  const x = matrixOperand(input, op);
  for (const [name, v] of [['numLower', numLower], ['numUpper', numUpper]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      throw new Error(`${op}: ${name} must be an integer (negative keeps the whole triangle), got ${describe(v)}.`);
    }
  }
  const keep = (i: number, j: number) => (numLower < 0 || i - j <= numLower) && (numUpper < 0 || j - i <= numUpper);
  return renamedCall(op, () => applyMask(x, mask(rows(x), cols(x), x.dtype, keep)));
}

/** tf.linalg.trace: the sum of each matrix's main diagonal, `[..., M, N]` -> `[...]`. */
export function trace(x: TensorLike): Tensor {
  const t = matrixOperand(x, 'trace');
  return renamedCall('trace', () => gen.reduceSum(diagPart(t), -1));
}

/** tf.linalg.adjoint: each matrix transposed, `[..., M, N]` -> `[..., N, M]` (for real dtypes the
 * conjugate transpose is the transpose). */
export function adjoint(matrix: TensorLike): Tensor {
  const x = matrixOperand(matrix, 'adjoint');
  return renamedCall('adjoint', () => transpose(x, [...Array(x.rank - 2).keys(), x.rank - 1, x.rank - 2]));
}

/** tf.linalg.matrix_transpose(a, conjugate=False): each matrix transposed (`conjugate` changes
 * nothing for real dtypes). */
export function matrixTranspose(a: TensorLike, conjugate = false): Tensor {
  checkBoolean(conjugate, 'matrixTranspose', 'conjugate', false);
  const x = matrixOperand(a, 'matrixTranspose');
  return renamedCall('matrixTranspose', () => transpose(x, [...Array(x.rank - 2).keys(), x.rank - 1, x.rank - 2]));
}

/** tf.linalg.set_diag(input, diagonal, k=0): `input` [..., M, N] with its main diagonals
 * replaced by `diagonal` [..., min(M, N)]; the gradient goes to the diagonal from the diagonal
 * and to the input from the rest. (TensorFlow's other diagonals, k != 0, are not supported.) */
export function setDiag(input: TensorLike, diagonal: TensorLike, k = 0): Tensor {
  const op = 'setDiag';
  const x = matrixOperand(input, op);
  if (k !== 0) throw new Error(`${op}: only the main diagonal (k = 0) can be set here; got k = ${describe(k)}.`);
  const v = toTensor(diagonal, x.dtype, op);
  const [m, n] = [rows(x), cols(x)];
  const p = Math.min(m, n);
  const expected = [...x.shape.slice(0, -2), p];
  if (v.rank !== expected.length || v.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${op}: diagonal must have shape [${expected.join(', ')}] for an input of shape [${x.shape.join(', ')}], got [${v.shape.join(', ')}].`);
  }
  return renamedCall(op, () => {
    // diagonal[..., j] down column j (kept on the diagonal only), zeros in the columns past min(M, N).
    let columns = reshape(v, [...v.shape.slice(0, -1), 1, p]);
    if (n > p) columns = pad(columns, [...columns.shape.slice(0, -1).map(() => [0, 0]), [0, n - p]]);
    return where(mask(m, n, 'bool', (i, j) => i === j), columns, x);
  });
}

/** tf.linalg.matrix_rank(a, tol=None): the number of singular values of each matrix above `tol`
 * (default max(M, N) · eps of the dtype · the largest singular value), int32. */
export function matrixRank(a: TensorLike, tol?: number | null): Tensor {
  const op = 'matrixRank';
  const x = matrixOperand(a, op);
  if (tol !== undefined && tol !== null && (typeof tol !== 'number' || !(tol >= 0))) {
    throw new Error(`${op}: tol must be a non-negative number, got ${describe(tol)}.`);
  }
  return renamedCall(op, () => {
    const s = svd(x, false, false);
    const eps = x.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
    const bound = tol === undefined || tol === null ? gen.mul(gen.reduceMax(s, -1, true), eps * Math.max(rows(x), cols(x))) : tol;
    return gen.reduceSum(cast(gen.greater(s, bound), 'int32'), -1);
  });
}

/** tf.linalg.cholesky_solve(chol, rhs): X with A X = rhs, given chol = cholesky(A): two
 * triangular solves, L Y = rhs and Lᵀ X = Y. */
export function choleskySolve(chol: TensorLike, rhs: TensorLike): Tensor {
  const op = 'choleskySolve';
  const l = matrixOperand(chol, op, 'chol');
  const b = matrixOperand(rhs, op, 'rhs', l.dtype);
  return renamedCall(op, () => triangularSolve(l, triangularSolve(l, b, true, false), true, true));
}

/** tf.linalg.normalize(tensor, ord='euclidean', axis=None): [tensor / norm, norm], the norm kept
 * with its reduced dims (see {@link norm}). */
export function normalize(tensor: TensorLike, ord: NormOrd = 'euclidean', axis?: number | readonly number[] | null): [Tensor, Tensor] {
  const x = toTensor(tensor, undefined, 'normalize');
  return renamedCall('normalize', () => {
    const n = norm(x, ord, axis, true);
    return [gen.div(x, n), n] as [Tensor, Tensor];
  });
}

// ---- the primitives ---------------------------------------------------------------------------

/** tf.linalg.inv: the inverse of each square matrix (of its transpose when `adjoint`); an error
 * when one is singular. */
export function inv(input: TensorLike, adjoint = false): Tensor {
  const x = toTensor(input, undefined, 'inv');
  return callOp(OP.inv, [x], [checkBoolean(adjoint, 'inv', 'adjoint', false) ? 1 : 0]);
}

/**
 * tf.linalg.solve: X with op(matrix) X = rhs (op = transpose when `adjoint`), by LU with partial
 * pivoting; matrix `[..., M, M]`, rhs `[..., M, K]` with the same batch dims.
 *
 * @example
 * ```ts
 * const a = tf.constant([[2, 1], [1, 3]], 'float64');
 * console.log(tf.linalg.solve(a, [[3], [5]]).arraySync()); // [ [ 0.8 ], [ 1.4 ] ]
 * ```
 */
export function solve(matrix: TensorLike, rhs: TensorLike, adjoint = false): Tensor {
  const a = toTensor(matrix, undefined, 'solve');
  const b = toTensor(rhs, a.dtype, 'solve');
  return callOp(OP.solve, [a, b], [checkBoolean(adjoint, 'solve', 'adjoint', false) ? 1 : 0]);
}

/** tf.linalg.cholesky: lower-triangular L with L Lᵀ = A for symmetric positive definite A (only
 * its lower triangle is read). A matrix that is not positive definite gives NaN on and below the
 * diagonal, as TensorFlow's CPU kernel does (check with tf.debugging.checkNumerics to make it an
 * error, as Keras does). */
export function cholesky(input: TensorLike): Tensor {
  return callOp(OP.cholesky, [toTensor(input, undefined, 'cholesky')]);
}

/** tf.linalg.triangular_solve: X with op(matrix) X = rhs for triangular matrices (only the
 * `lower` or upper triangle is read; op = transpose when `adjoint`); batch dims broadcast. */
export function triangularSolve(matrix: TensorLike, rhs: TensorLike, lower = true, adjoint = false): Tensor {
  const op = 'triangularSolve';
  const a = toTensor(matrix, undefined, op);
  const b = toTensor(rhs, a.dtype, op);
  const flags = [checkBoolean(lower, op, 'lower', true) ? 1 : 0, checkBoolean(adjoint, op, 'adjoint', false) ? 1 : 0];
  return callOp(OP.triangularSolve, [a, b], flags);
}

/**
 * tf.linalg.banded_triangular_solve(bands, rhs, lower=true, adjoint=false): solves A x = rhs (Aᴴ x
 * when `adjoint`) for the triangular band matrix A of `bands` [..., K, M], as TensorFlow stores it:
 * lower, row k holds the k-th subdiagonal, A[i][i - k] = bands[k][i] (the diagonal first, each
 * subdiagonal padded on the left); upper, row K - 1 - k holds the k-th superdiagonal, A[i][i + k] =
 * bands[K - 1 - k][i] (the diagonal last, padded on the right). Batch dims broadcast; the matrix is
 * assembled by a gather, so the solve is triangularSolve's and differentiable in both operands. (A
 * zero on the diagonal gives inf or NaN, where TensorFlow raises "not invertible".)
 */
export function bandedTriangularSolve(bands: TensorLike, rhs: TensorLike, lower = true, adjoint = false): Tensor {
  const op = 'bandedTriangularSolve';
  const b = matrixOperand(bands, op, 'bands');
  const isLower = checkBoolean(lower, op, 'lower', true);
  checkBoolean(adjoint, op, 'adjoint', false);
  const [k, m] = b.shape.slice(-2) as [number, number];
  return renamedCall(op, () => {
    // Index of each entry of A in the bands flattened to K·M, followed by one zero (index K·M).
    const at = new Int32Array(m * m).fill(k * m);
    for (let i = 0; i < m; i++) {
      for (let d = 0; d < k; d++) {
        const j = isLower ? i - d : i + d;
        if (j >= 0 && j < m) at[i * m + j] = (isLower ? d : k - 1 - d) * m + i;
      }
    }
    const batch = b.shape.slice(0, -2);
    const flat = concat([reshape(b, [...batch, k * m]), zeros([...batch, 1], b.dtype)], -1);
    const matrix = reshape(gather(flat, fromHost(at, [m * m], 'int32'), -1), [...batch, m, m]);
    return triangularSolve(matrix, rhs, isLower, adjoint);
  });
}

/** tf.linalg.slogdet: [sign, ln|det|] of each square matrix (sign 0 and -Infinity when singular;
 * never overflows). The sign has no gradient. */
export function slogdet(input: TensorLike): [Tensor, Tensor] {
  const op = 'slogdet';
  const packed = callOp(OP.slogdet, [toTensor(input, undefined, op)]);
  const batch = packed.shape.slice(0, -1);
  const last = packed.rank - 1;
  return renamedCall(op, () => [reshape(sliceAxis(packed, last, 0, 1, op), batch), reshape(sliceAxis(packed, last, 1, 1, op), batch)]);
}

/** tf.linalg.det = sign · exp(ln|det|); its gradient is det · A⁻ᵀ (TensorFlow's). */
export function det(input: TensorLike): Tensor {
  return renamedCall('det', () => {
    const [sign, logAbs] = slogdet(input);
    return gen.mul(sign, gen.exp(logAbs));
  });
}

/** tf.linalg.logdet: ln det A = 2 Σ ln diag(cholesky(A)) for symmetric positive definite A (NaN otherwise, as in TensorFlow). */
export function logdet(matrix: TensorLike): Tensor {
  return renamedCall('logdet', () => gen.mul(gen.reduceSum(gen.log(diagPart(cholesky(matrix))), -1), 2));
}

/** tf.linalg.qr: [q, r] with A = Q R, Q `[..., M, K]` with orthonormal columns, R `[..., K, N]`
 * upper-triangular; K = min(M, N), or M when `fullMatrices`. Signs as LAPACK's (and TF's). */
export function qr(input: TensorLike, fullMatrices = false): [Tensor, Tensor] {
  const op = 'qr';
  const full = checkBoolean(fullMatrices, op, 'fullMatrices', false);
  const x = toTensor(input, undefined, op);
  const packed = callOp(OP.qr, [x], [full ? 1 : 0]);
  const [m, n] = [rows(x), cols(x)];
  const k = full ? m : Math.min(m, n);
  return renamedCall(op, () => [unpack(packed, 0, m, k, op), unpack(packed, m * k, k, n, op)]);
}

// ---- LU ---------------------------------------------------------------------------------------

/**
 * tf.linalg.lu(input): the LU decomposition with partial pivoting of each square matrix, as
 * `[lu, p]` (TensorFlow's namedtuple `(lu, p)`): P A = L U, with L unit lower-triangular (stored
 * strictly below the diagonal of `lu`; its unit diagonal is implied) and U upper-triangular (on and
 * above it), and `p` the int32 row permutation, `A[p] = L U` (row i of L U is row `p[i]` of A). At
 * each column the pivot is the entry of largest magnitude on or below the diagonal (the first one
 * on ties), as LAPACK's getrf and Eigen's PartialPivLU. An exactly zero pivot (for example a zero
 * column) is an error, "Input is not invertible", as in TensorFlow's kernel; a singular matrix
 * whose pivots are merely tiny after rounding is factored. The gradient of `lu` is TensorFlow's
 * (`_LuGrad`); `p` has none. float32 is factored in float64 and rounded once.
 *
 * @example
 * ```ts
 * const [lu, p] = tf.linalg.lu(tf.constant([[1, 2], [3, 4]], 'float64'));
 * console.log(lu.arraySync()); // [ [ 3, 4 ], [ 0.3333333333333333, 0.6666666666666667 ] ]
 * console.log(p.arraySync()); // [ 1, 0 ]
 * ```
 */
export function lu(input: TensorLike): [Tensor, Tensor] {
  const op = 'lu';
  const x = matrixOperand(input, op);
  if (rows(x) !== cols(x)) throw new Error(`${op}: the input must be square (a matrix, or a batch of matrices [..., M, M]), got shape [${x.shape.join(', ')}].`);
  const packed = callOp(OP.lu, [x]);
  const n = cols(x);
  const last = packed.rank - 1;
  return renamedCall(op, () => [sliceAxis(packed, last, 0, n, op), cast(reshape(sliceAxis(packed, last, n, 1, op), x.shape.slice(0, -1)), 'int32')]);
}

/** The broadcast of batch shapes (numpy rules), or an error naming `op` and the shapes. */
function broadcastBatch(op: string, shapes: readonly (readonly number[])[], what: string): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) throw new Error(`${op}: the batch dims of ${what} do not broadcast: ${shapes.map((s) => `[${s.join(', ')}]`).join(', ')}.`);
      d = v;
    }
    out.push(d);
  }
  return out;
}

/** The `lowerUpper` and `perm` operands of the lu functions: packed factors `[..., M, M]` (float)
 * and an int32 permutation `[..., M]`. */
function luOperands(op: string, lowerUpper: TensorLike, perm: TensorLike, validateArgs: unknown): [Tensor, Tensor] {
  checkBoolean(validateArgs, op, 'validateArgs', false);
  const lu = matrixOperand(lowerUpper, op, 'lowerUpper');
  if (rows(lu) !== cols(lu)) throw new Error(`${op}: lowerUpper must be square ([..., M, M]), got shape [${lu.shape.join(', ')}].`);
  const p = toTensor(perm, 'int32', op);
  if (p.dtype !== 'int32') throw new Error(`${op}: perm must be int32 (as tf.linalg.lu returns it), got ${p.dtype}.`);
  if (p.rank < 1 || p.shape[p.rank - 1] !== cols(lu)) {
    throw new Error(`${op}: perm must have shape [..., ${cols(lu)}] to match lowerUpper [${lu.shape.join(', ')}], got [${p.shape.join(', ')}].`);
  }
  return [lu, p];
}

/** L with its unit diagonal, from packed LU factors. */
function unitLower(lu: Tensor): Tensor {
  const n = cols(lu);
  return gen.add(applyMask(lu, mask(n, n, lu.dtype, (i, j) => i > j)), identity(n, lu.dtype));
}

/**
 * tf.linalg.lu_solve(lower_upper, perm, rhs, validate_args=False): X with A X = rhs, given
 * `[lowerUpper, perm] = tf.linalg.lu(A)`: the rows of rhs permuted by `perm`, then the triangular
 * solves L Y = rhs[perm] and U X = Y. rhs is `[..., M, K]`; the batch dims of the three arguments
 * broadcast. `validateArgs` is accepted (the shape checks always run). Differentiable in
 * `lowerUpper` and `rhs`.
 *
 * @example
 * ```ts
 * const [lu, p] = tf.linalg.lu(tf.constant([[2, 1], [4, 3]], 'float64'));
 * console.log(tf.linalg.luSolve(lu, p, tf.constant([[3], [7]], 'float64')).arraySync()); // [ [ 1 ], [ 1 ] ]
 * ```
 */
export function luSolve(lowerUpper: TensorLike, perm: TensorLike, rhs: TensorLike, validateArgs = false): Tensor {
  const op = 'luSolve';
  const [lu, p] = luOperands(op, lowerUpper, perm, validateArgs);
  const b = matrixOperand(rhs, op, 'rhs', lu.dtype);
  const n = cols(lu);
  if (rows(b) !== n) throw new Error(`${op}: rhs must have ${n} rows ([..., ${n}, K]) to match lowerUpper [${lu.shape.join(', ')}], got shape [${b.shape.join(', ')}].`);
  const batch = broadcastBatch(op, [lu.shape.slice(0, -2), p.shape.slice(0, -1), b.shape.slice(0, -2)], 'lowerUpper, perm and rhs');
  return renamedCall(op, () => {
    const pb = broadcastTo(p, [...batch, n]);
    const bb = broadcastTo(b, [...batch, n, cols(b)]);
    const permuted = gather(bb, pb, batch.length, batch.length);
    return triangularSolve(lu, triangularSolve(unitLower(lu), permuted, true), false);
  });
}

/**
 * tf.linalg.lu_reconstruct(lower_upper, perm, validate_args=False): A from its LU decomposition,
 * the rows of L U put back in place: A = (L U)[p⁻¹]. `validateArgs` is accepted (the shape checks
 * always run). Differentiable in `lowerUpper`.
 *
 * @example
 * ```ts
 * const [lu, p] = tf.linalg.lu(tf.constant([[1, 2], [3, 4]], 'float64'));
 * console.log(tf.linalg.luReconstruct(lu, p).arraySync()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export function luReconstruct(lowerUpper: TensorLike, perm: TensorLike, validateArgs = false): Tensor {
  const op = 'luReconstruct';
  const [lu, p] = luOperands(op, lowerUpper, perm, validateArgs);
  const n = cols(lu);
  const batch = broadcastBatch(op, [lu.shape.slice(0, -2), p.shape.slice(0, -1)], 'lowerUpper and perm');
  return renamedCall(op, () => {
    const product = broadcastTo(matmul(unitLower(lu), applyMask(lu, mask(n, n, lu.dtype, (i, j) => i <= j))), [...batch, n, n]);
    // argsort of a permutation is its inverse.
    const inverse = argsort(broadcastTo(p, [...batch, n]));
    return gather(product, inverse, batch.length, batch.length);
  });
}

/**
 * tf.linalg.lu_matrix_inverse(lower_upper, perm, validate_args=False): A⁻¹ from its LU
 * decomposition, as luSolve with the identity on the right. `validateArgs` is accepted (the shape
 * checks always run). Differentiable in `lowerUpper`.
 *
 * @example
 * ```ts
 * const [lu, p] = tf.linalg.lu(tf.constant([[2, 1], [4, 3]], 'float64'));
 * console.log(tf.linalg.luMatrixInverse(lu, p).arraySync()); // [ [ 1.5, -0.5 ], [ -2, 1 ] ]
 * ```
 */
export function luMatrixInverse(lowerUpper: TensorLike, perm: TensorLike, validateArgs = false): Tensor {
  const op = 'luMatrixInverse';
  const [lu] = luOperands(op, lowerUpper, perm, validateArgs);
  return renamedCall(op, () => luSolve(lowerUpper, perm, identity(cols(lu), lu.dtype), validateArgs));
}

/** tf.linalg.svd: A = U diag(s) Vᵀ with s descending, returned as [s, u, v] (TensorFlow's order),
 * or s alone when `computeUv` is false. U `[..., M, P]`, V `[..., N, P]` with P = min(M, N), or
 * square when `fullMatrices`. Singular vectors' signs are arbitrary, as in every SVD. */
export function svd(tensor: TensorLike, fullMatrices?: boolean, computeUv?: true): [Tensor, Tensor, Tensor];
export function svd(tensor: TensorLike, fullMatrices: boolean, computeUv: false): Tensor;
export function svd(tensor: TensorLike, fullMatrices = false, computeUv = true): Tensor | [Tensor, Tensor, Tensor] {
  const op = 'svd';
  const full = checkBoolean(fullMatrices, op, 'fullMatrices', false);
  const withUv = checkBoolean(computeUv, op, 'computeUv', true);
  const x = toTensor(tensor, undefined, op);
  const packed = callOp(OP.svd, [x], [full ? 1 : 0, withUv ? 1 : 0]);
  if (!withUv) return packed;
  const [m, n] = [rows(x), cols(x)];
  const p = Math.min(m, n);
  const [uc, vc] = full ? [m, n] : [p, p];
  return renamedCall(op, () => [
    sliceAxis(packed, packed.rank - 1, 0, p, op),
    unpack(packed, p, m, uc, op),
    unpack(packed, p + m * uc, n, vc, op),
  ]);
}

/** tf.linalg.eigh: [e, v] for symmetric matrices (only the lower triangle is read), eigenvalues
 * ascending, column j of v the unit eigenvector of e[j] (its sign arbitrary). */
export function eigh(tensor: TensorLike): [Tensor, Tensor] {
  const op = 'eigh';
  const x = toTensor(tensor, undefined, op);
  const packed = callOp(OP.eigh, [x]);
  const n = cols(x);
  const axis = packed.rank - 2;
  return renamedCall(op, () => [reshape(sliceAxis(packed, axis, 0, 1, op), [...packed.shape.slice(0, -2), n]), sliceAxis(packed, axis, 1, n, op)]);
}

/** tf.linalg.eigvalsh: the eigenvalues of symmetric matrices, ascending. */
export function eigvalsh(tensor: TensorLike): Tensor {
  return renamedCall('eigvalsh', () => eigh(tensor)[0]);
}

// ---- composites -------------------------------------------------------------------------------

/**
 * tf.linalg.lstsq: X minimizing ‖A X - B‖² + l2 ‖X‖² for A `[..., M, N]`, B `[..., M, K]`. With
 * `fast` (the default), TensorFlow's normal equations by Cholesky: (AᵀA + l2 I)⁻¹ AᵀB when M >= N,
 * else the minimum-norm Aᵀ(AAᵀ + l2 I)⁻¹ B; a rank-deficient A with l2 = 0 is an error. Without
 * `fast`, the minimum-norm solution pinv(A) B (l2 is ignored, as in TensorFlow).
 */
export function lstsq(matrix: TensorLike, rhs: TensorLike, l2Regularizer: number | Tensor = 0, fast = true): Tensor {
  const op = 'lstsq';
  const useNormalEquations = checkBoolean(fast, op, 'fast', true);
  const a = matrixOperand(matrix, op, 'matrix');
  const b = matrixOperand(rhs, op, 'rhs', a.dtype);
  if (typeof l2Regularizer !== 'number' && !(l2Regularizer instanceof Tensor)) {
    throw new Error(`${op}: l2Regularizer must be a number or a scalar tensor, got ${describe(l2Regularizer)}.`);
  }
  return renamedCall(op, () => {
    if (!useNormalEquations) return matmul(pinv(a), b);
    const firstKind = rows(a) >= cols(a);
    let gram = matmul(a, a, firstKind, !firstKind);
    if (l2Regularizer instanceof Tensor || l2Regularizer !== 0) {
      gram = gen.add(gram, gen.mul(identity(cols(gram), a.dtype), l2Regularizer));
    }
    const factor = cholesky(gram);
    // (L Lᵀ)⁻¹ y by two triangular solves (TensorFlow's cholesky_solve).
    const choleskySolve = (y: Tensor) => triangularSolve(factor, triangularSolve(factor, y, true, false), true, true);
    return firstKind ? choleskySolve(matmul(a, b, true)) : matmul(a, choleskySolve(b), true);
  });
}

/** tf.linalg.pinv: the Moore–Penrose pseudo-inverse `[..., N, M]` via the SVD, with singular values
 * at or below rcond · max(s) taken as zero; rcond defaults to 10 · max(M, N) · eps of the dtype. */
export function pinv(a: TensorLike, rcond?: number | Tensor): Tensor {
  const op = 'pinv';
  const x = matrixOperand(a, op);
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    throw new Error(`${op}: ${x.dtype} tensors are not supported; cast first, e.g. tf.cast(a, 'float32').`);
  }
  if (rcond !== undefined && typeof rcond !== 'number' && !(rcond instanceof Tensor)) {
    throw new Error(`${op}: rcond must be a number or a scalar tensor, got ${describe(rcond)}.`);
  }
  const eps = x.dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  const relative = rcond ?? 10 * Math.max(rows(x), cols(x)) * eps;
  return renamedCall(op, () => {
    const [s, u, v] = svd(x, false, true);
    const cutoff = gen.mul(gen.reduceMax(s, -1, true), relative);
    // Small singular values become infinite, so 1/s is 0 there without NaN gradients (TF's way).
    const kept = where(gen.greater(s, cutoff), s, constant(Infinity, x.dtype));
    const scaled = gen.div(v, reshape(kept, [...kept.shape.slice(0, -1), 1, kept.shape[kept.rank - 1]!]));
    return matmul(scaled, u, false, true);
  });
}

/** `ord` of tf.norm: 'euclidean', 'fro' (matrices), or a positive number (1, 2, Infinity, p). */
export type NormOrd = 'euclidean' | 'fro' | number;

const AXIS_RULE = 'axis must be null, an integer, or an array of 2 distinct integers';

/**
 * tf.norm / tf.linalg.norm: a vector norm over `axis` (all entries when absent): 'euclidean' (= 2),
 * 1, Infinity or any p > 0; or, with `axis` two dims, a matrix norm: 'euclidean' = 'fro'
 * (Frobenius), 1 (largest column sum), Infinity (largest row sum) or 2 (largest singular value).
 */
export function norm(tensor: TensorLike, ord: NormOrd = 'euclidean', axis?: number | readonly number[] | null, keepdims = false): Tensor {
  const op = 'norm';
  const x = toTensor(tensor, undefined, op);
  const keep = checkBoolean(keepdims, op, 'keepdims', false);
  const isMatrix = Array.isArray(axis) && axis.length === 2;
  let axes: number[];
  if (isMatrix) {
    const pair = axis as readonly number[];
    if (!pair.every((a) => typeof a === 'number' && Number.isInteger(a))) throw new Error(`${op}: ${AXIS_RULE}, got [${pair.map(describe).join(', ')}].`);
    axes = pair.map((a) => normalizeAxis(a, x.rank, op));
    if (axes[0] === axes[1]) throw new Error(`${op}: ${AXIS_RULE}, got [${pair.join(', ')}] (the same dimension twice).`);
    if (!(ord === 'euclidean' || ord === 'fro' || ord === 1 || ord === 2 || ord === Infinity)) {
      throw new Error(`${op}: ord must be a supported matrix norm: 'euclidean', 'fro', 1, 2 or Infinity, got ${describe(ord)}.`);
    }
  } else {
    if (!(axis === undefined || axis === null || typeof axis === 'number')) throw new Error(`${op}: ${AXIS_RULE}, got ${describe(axis)}.`);
    if (!(ord === 'euclidean' || (typeof ord === 'number' && ord > 0))) {
      throw new Error(`${op}: ord must be a supported vector norm: 'euclidean', 1, 2, Infinity or any positive number ('fro' is for matrices), got ${describe(ord)}.`);
    }
    axes = typeof axis === 'number' ? [normalizeAxis(axis, x.rank, op)] : x.shape.map((_, i) => i);
  }
  return renamedCall(op, () => {
    let result: Tensor;
    if (ord === 'euclidean' || ord === 'fro' || (ord === 2 && !isMatrix)) {
      result = gen.sqrt(gen.reduceSum(gen.mul(x, x), axes, true));
    } else if (ord === 2) {
      result = matrixTwoNorm(x, axes[0]!, axes[1]!);
    } else if (ord === 1) {
      // Matrices: the largest column sum.
      result = gen.reduceSum(gen.abs(x), isMatrix ? axes[0] : axes, true);
      if (isMatrix) result = gen.reduceMax(result, axes[1], true);
    } else if (ord === Infinity) {
      // Matrices: the largest row sum.
      result = isMatrix ? gen.reduceSum(gen.abs(x), axes[1], true) : gen.abs(x);
      result = gen.reduceMax(result, isMatrix ? axes[0] : axes, true);
    } else {
      result = gen.pow(gen.reduceSum(gen.pow(gen.abs(x), ord), axes, true), 1 / ord);
    }
    return keep ? result : reshape(result, x.shape.filter((_, i) => !axes.includes(i)));
  });
}

/** The largest singular value of the matrices spanned by axes `row` and `col`, keeping both as
 * size-1 dims: the two axes moved last, svd, and moved back. */
function matrixTwoNorm(x: Tensor, row: number, col: number): Tensor {
  const before = [...x.shape.keys()].filter((i) => i !== row && i !== col).concat([row, col]);
  const after = before.map((_, i) => before.indexOf(i));
  const s = svd(transpose(x, before), false, false);
  const largest = gen.reduceMax(gen.abs(s), -1, true);
  return transpose(reshape(largest, [...largest.shape, 1]), after);
}

/**
 * tf.linalg.cross(a, b): the cross product of the 3-vectors in the last axis of `a` and `b`
 * (leading dimensions broadcast). Differentiable.
 *
 * @example
 * ```ts
 * console.log(tf.linalg.cross([1, 0, 0], [0, 1, 0]).arraySync()); // [ 0, 0, 1 ]
 * ```
 */
export function cross(a: TensorLike, b: TensorLike): Tensor {
  const op = 'cross';
  const ta = toTensor(a, undefined, op);
  const tb = toTensor(b, ta.dtype, op);
  for (const [t, name] of [[ta, 'a'], [tb, 'b']] as const) {
    if (t.rank === 0 || t.shape[t.rank - 1] !== 3) throw new Error(`${op}: ${name} must have 3 entries in its last dimension, got shape [${t.shape.join(', ')}].`);
  }
  if (ta.dtype === 'bool' || tb.dtype === 'bool') throw new Error(`${op}: a and b must be numeric, got ${ta.dtype} and ${tb.dtype}.`);
  return renamedCall(op, () => {
    const [a0, a1, a2] = unstack(ta, -1) as [Tensor, Tensor, Tensor];
    const [b0, b1, b2] = unstack(tb, -1) as [Tensor, Tensor, Tensor];
    // (a1 b2 - a2 b1, a2 b0 - a0 b2, a0 b1 - a1 b0)
    return stack([gen.sub(a1.mul(b2), a2.mul(b1)), gen.sub(a2.mul(b0), a0.mul(b2)), gen.sub(a0.mul(b1), a1.mul(b0))], -1);
  });
}
