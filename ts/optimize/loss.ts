// Robust loss functions for least squares, with scipy.optimize.least_squares' definitions: the
// cost is ½ C² Σ ρ((rᵢ/C)²) for the scale C (fScale), and the solver sees rescaled residuals and
// Jacobian rows whose Gauss-Newton model matches the second-order model of that cost (Triggs et
// al., "Bundle adjustment: a modern synthesis", 2000, section 4.3), as scipy documents.

export type LossName = 'linear' | 'soft_l1' | 'huber' | 'cauchy' | 'arctan';
export const LOSS_NAMES: readonly LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

/**
 * A loss of your own, as scipy's callable `loss`: it receives z, the m values (rᵢ/fScale)² (a
 * fresh array at each call), and returns `[rho, drho, d2rho]`, three arrays (plain or typed) of m
 * numbers: ρ(zᵢ), ρ'(zᵢ) and ρ''(zᵢ), all finite (scipy's array of shape (3, m) as rows). It is
 * called on numbers in JavaScript, once for the cost of each evaluation and once more to rescale
 * the Jacobian after an accepted step. (The type is an array of rows, so that a function
 * returning `[a, b, c]` without a tuple annotation fits it; the fit checks that there are three.)
 *
 * @example
 * ```ts
 * // Geman-McClure's loss, ρ(z) = z / (1 + z): bounded, so an outlier hardly pulls the fit.
 * const gemanMcClure: tf.FitLossFunction = (z) => [z.map((v) => v / (1 + v)), z.map((v) => 1 / (1 + v) ** 2), z.map((v) => -2 / (1 + v) ** 3)];
 * const t = [0, 1, 2, 3, 4, 5];
 * const y = [3.0, 1.82, 9.0, 0.67, 0.41, 0.25]; // y[2] is an outlier
 * const decay = (t: tf.Tensor, a: tf.Tensor, k: tf.Tensor) => a.mul(tf.exp(k.neg().mul(t)));
 * console.log(tf.optimize.curveFit(decay, t, y, [1, 1]).params.map((p) => p.toFixed(2)));                                      // [ '4.07', '0.20' ]
 * console.log(tf.optimize.curveFit(decay, t, y, [1, 1], { loss: gemanMcClure, fScale: 0.1 }).params.map((p) => p.toFixed(2))); // [ '3.00', '0.50' ]
 * ```
 */
export type FitLossFunction = (z: Float64Array) => readonly ArrayLike<number>[];

/** ρ, ρ' and ρ'' of a loss function at each z, as the solvers receive them (checked in fit-arguments.ts). */
export type LossValues = readonly [Float64Array, Float64Array, Float64Array];

/** The loss as the solvers take it: a named one, or a function whose values were checked. */
export type SolverLoss = LossName | ((z: Float64Array) => LossValues);

const EPSILON = 2.220446049250313e-16;

/** ρ(z), ρ'(z) and ρ''(z) at z >= 0. */
function rho(loss: LossName, z: number): [number, number, number] {
  switch (loss) {
    case 'linear':
      return [z, 1, 0];
    case 'soft_l1': {
      const t = 1 + z;
      const s = Math.sqrt(t);
      return [2 * (s - 1), 1 / s, -0.5 / (t * s)];
    }
    case 'huber': {
      if (z <= 1) return [z, 1, 0];
      const s = Math.sqrt(z);
      return [2 * s - 1, 1 / s, -0.5 / (z * s)];
    }
    case 'cauchy': {
      const t = 1 + z;
      return [Math.log1p(z), 1 / t, -1 / (t * t)];
    }
    case 'arctan': {
      const t = 1 + z * z;
      return [Math.atan(z), 1 / t, (-2 * z) / (t * t)];
    }
  }
}

/** z = (rᵢ/C)² for each residual, computed as r²/C² (the named losses' arithmetic too). */
function squaredScaled(residuals: Float64Array, c2: number): Float64Array {
  const z = new Float64Array(residuals.length);
  for (let i = 0; i < residuals.length; i++) z[i] = (residuals[i]! * residuals[i]!) / c2;
  return z;
}

/** Whether every residual is finite: a loss function is only called on finite ones (as scipy,
 * which rejects a trial step with non-finite residuals before it evaluates the loss). */
function allFinite(values: Float64Array): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

/** The cost ½ C² Σ ρ((rᵢ/C)²) (½ Σ rᵢ² for 'linear'); NaN for a loss function at non-finite residuals. */
export function robustCost(loss: SolverLoss, fScale: number, residuals: Float64Array): number {
  let sum = 0;
  if (loss === 'linear') {
    for (const r of residuals) sum += r * r;
    return 0.5 * sum;
  }
  const c2 = fScale * fScale;
  if (typeof loss === 'function') {
    if (!allFinite(residuals)) return NaN;
    for (const value of loss(squaredScaled(residuals, c2))[0]) sum += value;
  } else {
    for (const r of residuals) sum += rho(loss, (r * r) / c2)[0];
  }
  return 0.5 * c2 * sum;
}

/**
 * The residuals and Jacobian (m×n, column-major) the solver works on for a robust loss: row i of J
 * times √(ρ' + 2 ρ'' rᵢ²/C²) (floored at machine epsilon under the root) and rᵢ times ρ' over
 * that factor, so that Jᵀr is the cost's gradient and JᵀJ its Gauss-Newton Hessian with the
 * loss's curvature. 'linear' returns the inputs unchanged.
 */
export function scaleForLoss(loss: SolverLoss, fScale: number, residuals: Float64Array, jacobian: Float64Array, m: number, n: number): { residuals: Float64Array; jacobian: Float64Array } {
  if (loss === 'linear') return { residuals, jacobian };
  const c2 = fScale * fScale;
  const f = new Float64Array(m);
  const j = new Float64Array(m * n);
  // A loss function is called once on every z; a named loss is evaluated entry by entry.
  const values = typeof loss === 'function' ? loss(squaredScaled(residuals, c2)) : null;
  const named = typeof loss === 'function' ? null : loss;
  for (let i = 0; i < m; i++) {
    const r = residuals[i]!;
    const [, d1, d2] = values ? [0, values[1][i]!, values[2][i]!] : rho(named!, (r * r) / c2);
    const rowScale = Math.sqrt(Math.max(d1 + (2 * d2 * r * r) / c2, EPSILON));
    f[i] = (d1 / rowScale) * r;
    for (let k = 0; k < n; k++) j[k * m + i] = jacobian[k * m + i]! * rowScale;
  }
  return { residuals: f, jacobian: j };
}
