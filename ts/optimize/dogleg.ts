// 'dogleg''s subproblem (Nocedal and Wright, section 4.1), as scipy 1.17's DoglegSubproblem: the
// Newton point p_B = -H⁻¹g (by Cholesky, so H must be positive definite) when it lies inside the
// trust region; else the Cauchy point p_U = -(gᵀg / gᵀHg) g, the model's minimum along -g, cut
// back to the boundary when it lies outside; else where the segment from p_U to p_B crosses the
// boundary. A Hessian that is not positive definite ends the run (status 3), as in scipy.

import { dpotrf, dpotrs, ddot, dnrm2 } from './openblas';
import { boundaryIntersections, LinearAlgebraError, type LocalModel, type Subproblem } from './trust-region';
import { columnMajor, mapVector } from './vector';

export const doglegSubproblem: Subproblem = (model: LocalModel) => {
  const n = model.n;
  let newton: Float64Array | null = null;
  let cauchy: Float64Array | null = null;

  /** -H⁻¹g from H = UᵀU (scipy's cho_factor and cho_solve: LAPACK's dpotrf and dpotrs). */
  const newtonPoint = (): Float64Array => {
    if (newton) return newton;
    const h = model.hessian;
    if (!h.every(Number.isFinite)) {
      // scipy's cho_factor checks first: ValueError('array must not contain infs or NaNs').
      throw new Error(`minimize: the Hessian at x = [${Array.from(model.x).join(', ')}] has infinite or NaN entries; 'dogleg' needs a finite positive definite Hessian (scipy: array must not contain infs or NaNs).`);
    }
    const u = columnMajor(h, n);
    const info = dpotrf(n, u, 0, n);
    if (info > 0) throw new LinearAlgebraError(`${info}-th leading minor of the array is not positive definite`);
    const solution = Float64Array.from(model.gradient);
    dpotrs(n, 1, u, 0, n, solution, 0, n);
    return (newton = mapVector(solution, (v) => -v));
  };

  const cauchyPoint = (): Float64Array => {
    if (cauchy) return cauchy;
    const g = model.gradient;
    const scale = -(ddot(n, g, 0, g, 0) / ddot(n, g, 0, model.hessianTimes(g), 0));
    return (cauchy = mapVector(g, (v) => scale * v));
  };

  return {
    solve(trustRadius: number) {
      const pB = newtonPoint();
      if (dnrm2(n, pB, 0) < trustRadius) return { step: pB, hitsBoundary: false };
      const pU = cauchyPoint();
      const pUNorm = dnrm2(n, pU, 0);
      if (pUNorm >= trustRadius) return { step: mapVector(pU, (v) => v * (trustRadius / pUNorm)), hitsBoundary: true };
      // ‖p_U + t (p_B - p_U)‖ = Δ for the t in (0, 1).
      const leg = mapVector(pB, (v, i) => v - pU[i]!);
      const [, tb] = boundaryIntersections(pU, leg, trustRadius);
      return { step: mapVector(pU, (v, i) => v + tb * leg[i]!), hitsBoundary: true };
    },
  };
};
