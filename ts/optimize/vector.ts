// Small vector helpers shared by the least-squares and minimize code.

/**
 * ‖x[start .. start+len)‖. Like MINPACK's enorm, the squares are summed directly when the sum stays
 * well inside float64's range (one pass, the common case); otherwise the entries are scaled by the
 * largest so extreme values neither overflow nor underflow when squared. NaN and ±Infinity propagate.
 */
export function euclideanNorm(x: Float64Array, start = 0, len = x.length - start): number {
  // Four running sums: one sum's additions wait on each other, four keep the FPU busy.
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const end = start + len;
  let i = start;
  for (; i + 3 < end; i += 4) {
    s0 += x[i]! * x[i]!;
    s1 += x[i + 1]! * x[i + 1]!;
    s2 += x[i + 2]! * x[i + 2]!;
    s3 += x[i + 3]! * x[i + 3]!;
  }
  for (; i < end; i++) s0 += x[i]! * x[i]!;
  let sum = (s0 + s1) + (s2 + s3);
  // A square below 1e-308 may have underflowed, but beside a sum above 1e-280 it cannot matter.
  if (sum >= 1e-280 && sum <= 1e280) return Math.sqrt(sum);
  let largest = 0;
  for (let i = 0; i < len; i++) largest = Math.max(largest, Math.abs(x[start + i]!));
  if (largest === 0 || !Number.isFinite(largest)) return largest;
  sum = 0;
  for (let i = 0; i < len; i++) {
    const scaled = x[start + i]! / largest;
    sum += scaled * scaled;
  }
  return largest * Math.sqrt(sum);
}

/** ‖d ∘ x‖ (the scaled norm of the solvers), as `euclideanNorm` of the products computes it, without
 * an array in between. */
export function scaledNorm(x: Float64Array, d: Float64Array): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const v0 = x[i]! * d[i]!, v1 = x[i + 1]! * d[i + 1]!, v2 = x[i + 2]! * d[i + 2]!, v3 = x[i + 3]! * d[i + 3]!;
    s0 += v0 * v0;
    s1 += v1 * v1;
    s2 += v2 * v2;
    s3 += v3 * v3;
  }
  for (; i < n; i++) {
    const v = x[i]! * d[i]!;
    s0 += v * v;
  }
  const sum = (s0 + s1) + (s2 + s3);
  if (sum >= 1e-280 && sum <= 1e280) return Math.sqrt(sum);
  return euclideanNorm(mapVector(x, (v, j) => v * d[j]!)); // the rare scaled path
}

/** Float64Array.from(source, f) as a plain loop: `from` with a mapping function goes through the
 * iterator protocol, several times slower for the short vectors of a solver's inner loops. */
export function mapVector(source: ArrayLike<number>, f: (value: number, index: number) => number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(source.length);
  for (let i = 0; i < source.length; i++) out[i] = f(source[i]!, i);
  return out;
}

/** a · b, summed left to right (the solvers' small vectors, where order fixes the bits). */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The rows of a row-major n×n matrix as arrays (the form results hand to users). */
export function squareRows(matrix: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
}

/** Σ x as numpy's add.reduce sums a contiguous float64 array (its pairwise_sum): a plain loop below 8
 * entries; else 8 running sums combined as ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), the
 * remainder added after, and halves (multiples of 8) summed apart above 128 entries. */
export function numpySum(x: ArrayLike<number>, start = 0, len = x.length - start): number {
  if (len < 8) {
    let s = 0;
    for (let i = 0; i < len; i++) s += x[start + i]!;
    return s;
  }
  if (len <= 128) {
    const r = [0, 1, 2, 3, 4, 5, 6, 7].map((j) => x[start + j]!);
    let i = 8;
    for (; i < len - (len % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += x[start + i + j]!;
    let s = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < len; i++) s += x[start + i]!;
    return s;
  }
  let half = Math.floor(len / 2);
  half -= half % 8;
  return numpySum(x, start, half) + numpySum(x, start + half, len - half);
}

/** scipy's vecnorm: the largest or smallest |entry| for ±Infinity, else (Σ |x_i|^p)^(1/p). */
export function vectorNorm(g: Float64Array, order: number): number {
  if (order === Infinity) return g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  if (order === -Infinity) return g.reduce((m, v) => Math.min(m, Math.abs(v)), Infinity);
  // numpy's power takes squares and first powers exactly (x·x, x); other orders go through pow.
  const powers = g.map((v) => (order === 2 ? v * v : order === 1 ? Math.abs(v) : Math.pow(Math.abs(v), order)));
  const sum = numpySum(powers);
  return order === 2 ? Math.sqrt(sum) : order === 1 ? sum : Math.pow(sum, 1.0 / order);
}

/** The n×n row-major matrix in column-major order: how a numpy (C-ordered) array reaches LAPACK,
 * which f2py copies to Fortran order. */
export function columnMajor(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = a[i * n + j]!;
  return out;
}
