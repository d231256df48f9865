// The trust-region loop scipy 1.17's minimize runs for 'trust-ncg', 'dogleg' and 'trust-exact'
// (_minimize_trust_region, Nocedal and Wright's algorithm 4.1): at x, a subproblem solver
// (trust-ncg.ts, dogleg.ts, trust-exact.ts) proposes a step p with ‖p‖ <= Δ that decreases the
// quadratic model m(p) = f + gᵀp + ½ pᵀHp; the ratio ρ = (f(x) - f(x + p)) / (m(0) - m(p)) of the
// actual to the predicted decrease quarters Δ when below ¼, doubles it (up to maxTrustRadius)
// when above ¾ with the step on the boundary, and the step is taken when ρ > eta. It stops when
// ‖g‖₂ < gtol. Values, gradients and Hessians are counted as scipy's ScalarFunction counts them;
// Hessian-vector products (trust-ncg) each time one is asked for, as scipy counts a hessp.
// Plain Float64Array; this file knows nothing about tensors.

import { ddot, dnrm2 } from './openblas';
import { numpyMatrixVector } from './numpy-matrix-products';
import { pyMin } from './python-minmax';
import { ScalarFunction, type Hessian, type Objective } from './scalar-function';
import { STATUS_MESSAGE as M } from './status-messages';

export interface TrustRegionSettings {
  /** Stop when ‖∇f‖₂ < gtol. */
  readonly gtol: number;
  readonly maxIterations: number;
  readonly initialTrustRadius: number;
  /** Steps never get longer than this. */
  readonly maxTrustRadius: number;
  /** A step is taken when its ratio ρ of actual to predicted decrease exceeds eta. */
  readonly eta: number;
  readonly onIteration?: (iteration: number, x: Float64Array, f: number, gradientNorm: number, evaluations: number) => boolean;
}

/** A subproblem solver that cannot factor the Hessian (scipy's numpy.linalg.LinAlgError): the run
 * ends with status 3. */
export class LinearAlgebraError extends Error {}

/** f, ∇f and the curvature at one point, each evaluated when first asked for (scipy's
 * BaseQuadraticSubproblem). The Hessian comes as a matrix or only as products with it. */
export class LocalModel {
  private f: number | null = null;
  private g: Float64Array | null = null;
  private gNorm: number | null = null;
  private h: Float64Array | null = null;

  constructor(
    readonly x: Float64Array,
    private readonly sf: ScalarFunction,
    private readonly product: ((x: Float64Array, v: Float64Array) => Float64Array) | null,
  ) {}

  get n(): number {
    return this.x.length;
  }

  get value(): number {
    return (this.f ??= this.sf.value(this.x));
  }

  get gradient(): Float64Array {
    return (this.g ??= this.sf.gradient(this.x));
  }

  /** ‖∇f‖₂ (scipy.linalg.norm: BLAS's dnrm2). */
  get gradientNorm(): number {
    return (this.gNorm ??= dnrm2(this.n, this.gradient, 0));
  }

  /** ∇²f, n×n row-major. */
  get hessian(): Float64Array {
    return (this.h ??= this.sf.hessian(this.x));
  }

  /** ∇²f·v: a Hessian-vector product when there is no matrix, else numpy's matrix times v. */
  hessianTimes(v: Float64Array): Float64Array {
    return this.product ? this.product(this.x, v) : numpyMatrixVector(this.hessian, v, this.n);
  }

  /** m(p) = f + gᵀp + ½ pᵀHp. */
  predict(p: Float64Array): number {
    return this.value + ddot(this.n, this.gradient, 0, p, 0) + 0.5 * ddot(this.n, p, 0, this.hessianTimes(p), 0);
  }
}

/** What a solver proposes: the step, and whether it lies on the trust region's boundary. */
export interface TrustRegionStep {
  readonly step: Float64Array;
  readonly hitsBoundary: boolean;
}

/** Made at each point the loop visits (trust-exact examines the Hessian there at once, as
 * scipy's does); its `solve` may be called again with a smaller radius after a rejected step. */
export type Subproblem = (model: LocalModel) => { solve(trustRadius: number): TrustRegionStep };

/**
 * The two t where ‖z + t d‖ = Δ, smaller first: the roots of (dᵀd) t² + 2 (zᵀd) t + zᵀz - Δ² = 0,
 * one from the quadratic formula with the sign that avoids cancellation, the other from the
 * product of the roots (Golub and Van Loan, p. 97).
 */
export function boundaryIntersections(z: Float64Array, d: Float64Array, trustRadius: number): [number, number] {
  const n = z.length;
  const a = ddot(n, d, 0, d, 0);
  const b = 2 * ddot(n, z, 0, d, 0);
  const c = ddot(n, z, 0, z, 0) - trustRadius ** 2;
  const root = Math.sqrt(b * b - 4 * a * c);
  const aux = b + (b < 0 || Object.is(b, -0) ? -root : root);
  const ta = -aux / (2 * a);
  const tb = (-2 * c) / aux;
  return ta <= tb ? [ta, tb] : [tb, ta];
}

/** scipy's messages, by status. */
export const TRUST_REGION_MESSAGES = {
  success: M.success,
  maxIterations: M.maxiter,
  badApproximation: 'A bad approximation caused failure to predict improvement.',
  linearAlgebra: 'A linalg error occurred, such as a non-psd Hessian.',
  stopped: M.stopped,
} as const;

const STATUS: Record<keyof typeof TRUST_REGION_MESSAGES, number> = {
  success: 0, maxIterations: 1, badApproximation: 2, linearAlgebra: 3, stopped: 99,
};

export interface TrustRegionOutcome {
  readonly x: Float64Array;
  readonly f: number;
  readonly g: Float64Array;
  /** ∇²f at x (the methods given the whole matrix), else null. */
  readonly hessian: Float64Array | null;
  readonly iterations: number;
  readonly evaluations: number;
  readonly gradientEvaluations: number;
  /** Hessians evaluated plus Hessian-vector products taken (scipy's nhev). */
  readonly hessianEvaluations: number;
  readonly status: number;
  readonly message: string;
}

/**
 * Minimizes from x0 with `subproblem` proposing the steps. `hessian` gives the whole matrix (for
 * the solvers that factor it), else `hessianTimes` gives products with it.
 */
export function trustRegion(
  objective: Objective,
  curvature: { hessian: Hessian } | { hessianTimes: (x: Float64Array, v: Float64Array) => Float64Array },
  subproblem: Subproblem,
  x0: Float64Array,
  s: TrustRegionSettings,
): TrustRegionOutcome {
  const matrix = 'hessian' in curvature;
  const sf = new ScalarFunction(objective, x0, matrix ? curvature.hessian : undefined);
  // Given only hessp, scipy's ScalarFunction still calls (and counts) a placeholder Hessian at x0,
  // so its nhev is the products plus 1.
  let products = matrix ? 0 : 1;
  const product = matrix ? null : (x: Float64Array, v: Float64Array) => {
    products++;
    return curvature.hessianTimes(x, v);
  };
  let trustRadius = s.initialTrustRadius;
  let model = new LocalModel(Float64Array.from(x0), sf, product);
  let solver = subproblem(model);
  let k = 0;
  const done = (ending: keyof typeof TRUST_REGION_MESSAGES): TrustRegionOutcome => {
    // scipy's result asks for f and ∇f at x before it reads the counts, and for the Hessian after.
    const [f, g] = [model.value, model.gradient];
    const [evaluations, gradientEvaluations, hessianEvaluations] = [sf.evaluations, sf.gradientEvaluations, sf.hessianEvaluations + products];
    return {
      x: model.x, f, g, hessian: matrix ? model.hessian : null,
      iterations: k, evaluations, gradientEvaluations, hessianEvaluations,
      status: STATUS[ending], message: TRUST_REGION_MESSAGES[ending],
    };
  };

  if (model.gradientNorm < s.gtol) return done('success');
  for (;;) {
    let proposal: TrustRegionStep;
    try {
      proposal = solver.solve(trustRadius);
    } catch (e) {
      if (e instanceof LinearAlgebraError) return done('linearAlgebra');
      throw e;
    }
    const predicted = model.predict(proposal.step);
    const xProposed = new Float64Array(model.n);
    for (let i = 0; i < model.n; i++) xProposed[i] = model.x[i]! + proposal.step[i]!;
    const proposedModel = new LocalModel(xProposed, sf, product);
    const proposedSolver = subproblem(proposedModel);
    const actualReduction = model.value - proposedModel.value;
    const predictedReduction = model.value - predicted;
    if (predictedReduction <= 0) return done('badApproximation');
    const rho = actualReduction / predictedReduction;
    if (rho < 0.25) trustRadius *= 0.25;
    else if (rho > 0.75 && proposal.hitsBoundary) trustRadius = pyMin(2 * trustRadius, s.maxTrustRadius);
    if (rho > s.eta) {
      model = proposedModel;
      solver = proposedSolver;
    }
    k++;
    if (s.onIteration && s.onIteration(k, model.x, model.value, model.gradientNorm, sf.evaluations) === false) return done('stopped');
    if (model.gradientNorm < s.gtol) return done('success');
    if (k >= s.maxIterations) return done('maxIterations');
  }
}
