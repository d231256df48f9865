// tf.linalg.sqrtm (matrix_square_root) as TensorFlow's kernel computes it for real matrices: Eigen's
// MatrixSquareRoot through a real Schur decomposition A = U T Uᵀ, the square root S of the quasi
// triangular T block by block (Higham's method: the diagonal blocks' principal roots, then
// S_ii X + X S_jj = T_ij - Σ_k S_ik S_kj for each block above the diagonal), and U S Uᵀ. Computed in
// float64 and rounded to the input's dtype. A real negative eigenvalue has no real root: its 1×1
// block's sqrt is NaN, and the products spread it over the whole matrix, as in TensorFlow; so does
// a singular block pair (the zero matrix's root is NaN in TensorFlow too). The gradient is
// TensorFlow's registered one (_MatrixSquareRootGrad): dA solves the Sylvester equation
// S dS + dS S = dA, vectorized with Kronecker products and solved by matrix_solve.

import { customGradient } from './autodiff';
import { shapeText } from './composite';
import { toTensor } from './creation';
import { add, mul } from './generated/ops';
import { valuesOf } from './indexing';
import { matrixTranspose, solve } from './linalg';
import { renamedCall, reshape } from './ops';
import { realSchur } from './real-schur';
import { eye } from './shape';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';

/** Solves A X + X B = C for the p×q block X (A p×p, B q×q, row-major), by elimination with
 * partial pivoting on the pq×pq system (I_q ⊗ A + Bᵀ ⊗ I_p) vec(X) = vec(C). */
function smallSylvester(A: number[], p: number, B: number[], q: number, C: number[]): number[] {
  const N = p * q;
  // Unknown x[r * q + c] = X(r, c); equation (r, c): Σ_k A(r,k) X(k,c) + Σ_k X(r,k) B(k,c) = C(r,c).
  const M = Array.from({ length: N }, () => new Float64Array(N + 1));
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < q; c++) {
      const row = M[r * q + c]!;
      for (let k = 0; k < p; k++) row[k * q + c] += A[r * p + k]!;
      for (let k = 0; k < q; k++) row[r * q + k] += B[k * q + c]!;
      row[N] = C[r * q + c]!;
    }
  }
  for (let col = 0; col < N; col++) {
    let pivot = col;
    for (let i = col + 1; i < N; i++) if (Math.abs(M[i]![col]!) > Math.abs(M[pivot]![col]!)) pivot = i;
    [M[col], M[pivot]] = [M[pivot]!, M[col]!];
    for (let i = col + 1; i < N; i++) {
      const f = M[i]![col]! / M[col]![col]!;
      for (let j = col; j <= N; j++) M[i]![j] -= f * M[col]![j]!;
    }
  }
  const x = new Array<number>(N).fill(0);
  for (let i = N - 1; i >= 0; i--) {
    let v = M[i]![N]!;
    for (let j = i + 1; j < N; j++) v -= M[i]![j]! * x[j]!;
    x[i] = v / M[i]![i]!;
  }
  return x;
}

/** The principal square root of one n×n matrix (row-major, float64). */
function sqrtmOne(a: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n * n; i++) {
    if (!Number.isFinite(a[i]!)) return out.fill(NaN);
  }
  const { t, u, pairAt } = realSchur(a, n);
  // The blocks of T: [start, size].
  const blocks: [number, number][] = [];
  for (let i = 0; i < n; i += pairAt[i] ? 2 : 1) blocks.push([i, pairAt[i] ? 2 : 1]);
  const block = (m: Float64Array, [r0, p]: [number, number], [c0, q]: [number, number]) => {
    const v: number[] = [];
    for (let r = 0; r < p; r++) for (let c = 0; c < q; c++) v.push(m[(r0 + r) * n + c0 + c]!);
    return v;
  };
  const s = new Float64Array(n * n);
  for (const [i, size] of blocks) {
    if (size === 1) {
      s[i * n + i] = Math.sqrt(t[i * n + i]!);
    } else {
      // A 2×2 block B with eigenvalues α ± iβ: √B = (B + √det B · I) / √(trace B + 2 √det B).
      const [b00, b01, b10, b11] = [t[i * n + i]!, t[i * n + i + 1]!, t[(i + 1) * n + i]!, t[(i + 1) * n + i + 1]!];
      const rootDet = Math.sqrt(b00 * b11 - b01 * b10);
      const scale = Math.sqrt(b00 + b11 + 2 * rootDet);
      s[i * n + i] = (b00 + rootDet) / scale;
      s[i * n + i + 1] = b01 / scale;
      s[(i + 1) * n + i] = b10 / scale;
      s[(i + 1) * n + i + 1] = (b11 + rootDet) / scale;
    }
  }
  // Above the diagonal, column of blocks by column, from the diagonal up.
  for (let bj = 1; bj < blocks.length; bj++) {
    for (let bi = bj - 1; bi >= 0; bi--) {
      const I = blocks[bi]!, J = blocks[bj]!;
      const rhs = block(t, I, J);
      for (let bk = bi + 1; bk < bj; bk++) {
        const K = blocks[bk]!;
        const sik = block(s, I, K), skj = block(s, K, J);
        for (let r = 0; r < I[1]; r++) for (let c = 0; c < J[1]; c++) for (let k = 0; k < K[1]; k++) rhs[r * J[1] + c] -= sik[r * K[1] + k]! * skj[k * J[1] + c]!;
      }
      const x = I[1] === 1 && J[1] === 1
        ? [rhs[0]! / (s[I[0] * n + I[0]]! + s[J[0] * n + J[0]]!)]
        : smallSylvester(block(s, I, I), I[1], block(s, J, J), J[1], rhs);
      for (let r = 0; r < I[1]; r++) for (let c = 0; c < J[1]; c++) s[(I[0] + r) * n + J[0] + c] = x[r * J[1] + c]!;
    }
  }
  // U S Uᵀ (plain sums: a NaN in S reaches every entry, as in Eigen's products).
  const us = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let v = 0;
    for (let k = 0; k < n; k++) v += u[i * n + k]! * s[k * n + j]!;
    us[i * n + j] = v;
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let v = 0;
    for (let k = 0; k < n; k++) v += us[i * n + k]! * u[j * n + k]!;
    out[i * n + j] = v;
  }
  return out;
}

/** The Kronecker product of two batches of m×m matrices [..., m, m] -> [..., m², m²] (TF's). */
function kronecker(b1: Tensor, b2: Tensor, batch: number[], m: number): Tensor {
  const left = reshape(b1, [...batch, m, 1, m, 1]);
  const right = reshape(b2, [...batch, 1, m, 1, m]);
  return reshape(mul(left, right), [...batch, m * m, m * m]);
}

/**
 * tf.linalg.sqrtm(input) (tf.linalg.matrix_square_root): the principal square root S of each
 * square matrix of `input` [..., n, n] (float32 or float64; S S = A, the eigenvalues of S in the
 * right half plane), as TensorFlow computes it: a real Schur decomposition and the quasi triangular
 * root (Eigen's MatrixSquareRoot), in float64 rounded to the input's dtype. A matrix with a real
 * negative eigenvalue, or a singular one whose root is not unique such as the zero matrix, gives
 * NaN everywhere, as TensorFlow's does. The gradient is TensorFlow's (solving S dS + dS S = dA by a
 * Kronecker-product linear system: n⁴ memory, as in TensorFlow); it is not itself differentiated
 * further. It reads the input's values, so a `tf.function` that calls it runs as written at every
 * call.
 *
 * @example
 * ```ts
 * const a = tf.constant([[4, 1], [0, 9]], 'float64');
 * const s = tf.linalg.sqrtm(a);
 * console.log(s.arraySync(), tf.matmul(s, s).arraySync()); // [ [ 2, 0.2 ], [ 0, 3 ] ] [ [ 4, 1 ], [ 0, 9 ] ]
 * ```
 */
export function sqrtm(input: TensorLike): Tensor {
  const op = 'sqrtm';
  const a = toTensor(input, undefined, op);
  if (a.dtype !== 'float32' && a.dtype !== 'float64') throw new Error(`${op}: input must be float32 or float64, got ${a.dtype}; cast it first, e.g. tf.cast(a, 'float64').`);
  if (a.rank < 2) throw new Error(`${op}: Input tensor 0 must have rank >= 2, got ${a.rank} (shape ${shapeText(a.shape)}).`);
  const n = a.shape[a.rank - 1]!;
  if (a.shape[a.rank - 2] !== n) throw new Error(`${op}: Input matrix must be square. (got shape ${shapeText(a.shape)})`);
  const batch = a.shape.slice(0, -2);
  return renamedCall(op, () => {
    const values = Float64Array.from(valuesOf(a, op, TraceSpoiler.Branch));
    const out = a.dtype === 'float32' ? new Float32Array(a.size) : new Float64Array(a.size);
    for (let offset = 0; offset < a.size; offset += n * n) out.set(sqrtmOne(values.subarray(offset, offset + n * n), n), offset);
    const root = fromHost(out, a.shape.slice(), a.dtype);
    const withGradient = customGradient((_a: Tensor) => [root, (dy: Tensor) => {
      // vec(dA) with columns stacked is the rows of dAᵀ; (I ⊗ Sᵀ + S ⊗ I) vec(dS) = vec(dA).
      const identity = eye(n, n, batch.length ? batch : null, a.dtype);
      const system = add(kronecker(identity, matrixTranspose(root), batch, n), kronecker(root, identity, batch, n));
      const vecDy = reshape(matrixTranspose(dy), [...batch, n * n, 1]);
      return matrixTranspose(reshape(solve(system, vecDy), [...batch, n, n]));
    }]);
    return withGradient(a);
  });
}
