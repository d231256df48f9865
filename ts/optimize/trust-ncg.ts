// 'trust-ncg''s subproblem: Steihaug's truncated conjugate gradients (Nocedal and Wright's
// algorithm 7.2), as scipy 1.17's CGSteihaugSubproblem runs it. CG on H p = -g from p = 0, with
// Hessian-vector products only, stops at the first of: a direction d of curvature dᵀHd <= 0 (then
// the boundary point along d, of the two, with the lower model value), an iterate leaving the
// trust region (then where its segment crosses the boundary), or a residual below
// min(½, √‖g‖)·‖g‖. The Hessian need not be positive definite.

import { boundaryIntersections, type LocalModel, type Subproblem } from './trust-region';
import { ddot, dnrm2 } from './openblas';
import { pyMin } from './python-minmax';
import { mapVector } from './vector';

/** z + t·d (each product rounded, then the sum, as numpy's `z + t * d`). */
const along = (z: Float64Array, t: number, d: Float64Array): Float64Array => mapVector(z, (v, i) => v + t * d[i]!);

export const steihaugSubproblem: Subproblem = (model: LocalModel) => ({
  solve(trustRadius: number) {
    const n = model.n;
    const gNorm = model.gradientNorm;
    const tolerance = pyMin(0.5, Math.sqrt(gNorm)) * gNorm;
    let z: Float64Array = new Float64Array(n);
    // (scipy's guard; min(½, √‖g‖) < 1 makes it false for any finite ‖g‖ > 0.)
    if (gNorm < tolerance) return { step: z, hitsBoundary: false };
    let r: Float64Array = model.gradient;
    let d = mapVector(r, (v) => -v);
    for (;;) {
      const Hd = model.hessianTimes(d);
      const curvature = ddot(n, d, 0, Hd, 0);
      if (curvature <= 0) {
        // The model decreases without bound along ±d: the better of the two boundary points.
        const [ta, tb] = boundaryIntersections(z, d, trustRadius);
        const pa = along(z, ta, d);
        const pb = along(z, tb, d);
        return { step: model.predict(pa) < model.predict(pb) ? pa : pb, hitsBoundary: true };
      }
      const rr = ddot(n, r, 0, r, 0);
      const alpha = rr / curvature;
      const zNext = along(z, alpha, d);
      if (dnrm2(n, zNext, 0) >= trustRadius) {
        // The model still decreases along d up to the boundary: stop there (t >= 0).
        const [, tb] = boundaryIntersections(z, d, trustRadius);
        return { step: along(z, tb, d), hitsBoundary: true };
      }
      const rNext = along(r, alpha, Hd);
      const rrNext = ddot(n, rNext, 0, rNext, 0);
      if (Math.sqrt(rrNext) < tolerance) return { step: zNext, hitsBoundary: false };
      const beta = rrNext / rr;
      d = mapVector(rNext, (v, i) => -v + beta * d[i]!);
      z = zNext;
      r = rNext;
    }
  },
});
