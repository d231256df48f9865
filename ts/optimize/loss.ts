// Robust loss functions for least squares, with scipy.optimize.least_squares' definitions: the
// cost is ½ C² Σ ρ((rᵢ/C)²) for the scale C (fScale), and the solver sees rescaled residuals and
// Jacobian rows whose Gauss-Newton model matches the second-order model of that cost (Triggs et
// al., "Bundle adjustment: a modern synthesis", 2000, section 4.3), as scipy documents.

export type LossName = 'linear' | 'soft_l1' | 'huber' | 'cauchy' | 'arctan';
export const LOSS_NAMES: readonly LossName[] = ['linear', 'soft_l1', 'huber', 'cauchy', 'arctan'];

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

/** The cost ½ C² Σ ρ((rᵢ/C)²) (½ Σ rᵢ² for 'linear'). */
export function robustCost(loss: LossName, fScale: number, residuals: Float64Array): number {
  let sum = 0;
  if (loss === 'linear') {
    for (const r of residuals) sum += r * r;
    return 0.5 * sum;
  }
  const c2 = fScale * fScale;
  for (const r of residuals) sum += rho(loss, (r * r) / c2)[0];
  return 0.5 * c2 * sum;
}

/**
 * The residuals and Jacobian (m×n, column-major) the solver works on for a robust loss: row i of J
 * times √(ρ' + 2 ρ'' rᵢ²/C²) (floored at machine epsilon under the root) and rᵢ times ρ' over
 * that factor, so that Jᵀr is the cost's gradient and JᵀJ its Gauss-Newton Hessian with the
 * loss's curvature. 'linear' returns the inputs unchanged.
 */
export function scaleForLoss(loss: LossName, fScale: number, residuals: Float64Array, jacobian: Float64Array, m: number, n: number): { residuals: Float64Array; jacobian: Float64Array } {
  if (loss === 'linear') return { residuals, jacobian };
  const c2 = fScale * fScale;
  const f = new Float64Array(m);
  const j = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const r = residuals[i]!;
    const [, d1, d2] = rho(loss, (r * r) / c2);
    const rowScale = Math.sqrt(Math.max(d1 + (2 * d2 * r * r) / c2, EPSILON));
    f[i] = (d1 / rowScale) * r;
    for (let k = 0; k < n; k++) j[k * m + i] = jacobian[k * m + i]! * rowScale;
  }
  return { residuals: f, jacobian: j };
}
