// SLSQP's quasi-Newton matrix B = L D Lᵀ (L unit lower triangular, D diagonal positive), kept as
// its factors so the least squares subproblem reads A = D^½ Lᵀ straight off them, and updated by
// rank-one changes B + σ z zᵀ without refactoring (Gill, Golub, Murray and Saunders, "Methods for
// modifying matrix factorizations", 1974, method C1; Fletcher and Powell, "On the modification of
// LDLᵀ factorizations", 1974, for the negative case and the "composite t" safeguard).

export interface LdlFactors {
  readonly n: number;
  /** L's entries below the diagonal, row-major n×n (the diagonal of ones and the upper part are not stored there). */
  readonly lower: Float64Array;
  /** D's diagonal. */
  readonly diagonal: Float64Array;
}

const EPSILON = 2.220446049250313e-16;

/** The factors of the identity. */
export function identityFactors(n: number): LdlFactors {
  return { n, lower: new Float64Array(n * n), diagonal: new Float64Array(n).fill(1) };
}

/** Resets `factors` to the identity's, in place. */
export function resetToIdentity(factors: LdlFactors): void {
  factors.lower.fill(0);
  factors.diagonal.fill(1);
}

/** L D Lᵀ s. */
export function multiplyFactors(factors: LdlFactors, s: Float64Array): Float64Array {
  const { n, lower, diagonal } = factors;
  const v = new Float64Array(n); // D Lᵀ s
  for (let i = 0; i < n; i++) {
    let sum = s[i]!;
    for (let j = i + 1; j < n; j++) sum += lower[j * n + i]! * s[j]!;
    v[i] = diagonal[i]! * sum;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = v[i]!;
    for (let j = 0; j < i; j++) sum += lower[i * n + j]! * v[j]!;
    out[i] = sum;
  }
  return out;
}

/**
 * L D Lᵀ ← L D Lᵀ + σ z zᵀ, in place (z is not modified).
 *
 * With p = L⁻¹z (formed column by column as the sweep eliminates z) and t₀ = 1/σ,
 * t_j = t_{j-1} + p_j²/d_j, the new factors are d̄_j = d_j t_j / t_{j-1} and, below the diagonal,
 * l̄_rj = l_rj + β_j w_r with β_j = p_j / (d_j t_j) and w the partly eliminated z. For σ < 0 the t_j
 * are found first: if t_n >= 0 the update would make B indefinite, and t_n is replaced by ε/σ
 * (a slightly smaller downdate), the earlier t_j following backwards from t_{j-1} = t_j - p_j²/d_j,
 * so every ratio t_j / t_{j-1} is positive. Where d grows more than fourfold, l̄_rj is formed
 * as (t_{j-1}/t_j) l_rj + β_j w_r from the w before the elimination, which loses less to cancellation.
 */
export function rankOneUpdate(factors: LdlFactors, z: Float64Array, sigma: number): void {
  if (sigma === 0) return;
  const { n, lower, diagonal } = factors;
  const w = Float64Array.from(z);
  let t = 1 / sigma;
  let ts: Float64Array | null = null; // the downdate's t_j, j = 0..n-1 (t after step j)
  if (sigma < 0) {
    const p = Float64Array.from(z);
    for (let j = 0; j < n; j++) {
      t += (p[j]! * p[j]!) / diagonal[j]!;
      for (let r = j + 1; r < n; r++) p[r] = p[r]! - p[j]! * lower[r * n + j]!;
    }
    if (t >= 0) t = EPSILON / sigma;
    ts = new Float64Array(n);
    for (let j = n - 1; j >= 0; j--) {
      ts[j] = t;
      t -= (p[j]! * p[j]!) / diagonal[j]!;
    }
    // t is now the corrected t₀ the forward sweep starts from (1/σ unless t_n was replaced).
  }
  for (let j = 0; j < n; j++) {
    const p = w[j]!;
    const dj = diagonal[j]!;
    const tNext = ts ? ts[j]! : t + (p * p) / dj;
    const growth = tNext / t;
    diagonal[j] = dj * growth;
    if (j === n - 1) break;
    const beta = p / (dj * tNext);
    if (growth <= 4) {
      for (let r = j + 1; r < n; r++) {
        w[r] = w[r]! - p * lower[r * n + j]!;
        lower[r * n + j] = lower[r * n + j]! + beta * w[r]!;
      }
    } else {
      const shrink = t / tNext;
      for (let r = j + 1; r < n; r++) {
        const l = lower[r * n + j]!;
        lower[r * n + j] = shrink * l + beta * w[r]!;
        w[r] = w[r]! - p * l;
      }
    }
    t = tNext;
  }
}
