// scipy's ScalarFunction, as the minimize methods ported from scipy see the objective: f and its
// gradient at the last point asked about, each counted the first time it is asked for there (the
// counts are scipy's nfev and njev), both evaluated at x0 when the function is made. Moving to
// another point forgets both; asking again at the same point (compared entry by entry, as numpy's
// array_equal) costs nothing. The gradient comes with f's value, which is kept for a later ask.
// Given a Hessian (the trust-region methods that need the whole matrix), it is kept and counted
// the same way (scipy's nhev), and evaluated at x0 too, as scipy's is when hess is a function.

/** f at x, with its gradient when asked for (null otherwise). */
export type Objective = (x: Float64Array, wantGradient: boolean) => [number, Float64Array | null];

/** ∇²f at x, n×n row-major (row i is the gradient of ∂f/∂x_i). */
export type Hessian = (x: Float64Array) => Float64Array;

export class ScalarFunction {
  /** Values of f asked for at new points (scipy's nfev). */
  evaluations = 1;
  /** Gradients asked for at new points (scipy's njev). */
  gradientEvaluations = 1;
  /** Hessians asked for at new points (scipy's nhev): 1 with a Hessian (the one at x0), else 0. */
  hessianEvaluations: number;
  private x: Float64Array;
  private f: number | null;
  private g: Float64Array | null;
  private h: Float64Array | null = null;
  private valueCounted = true;
  private gradientCounted = true;

  constructor(private readonly objective: Objective, x0: Float64Array, private readonly hessianOf?: Hessian) {
    this.x = Float64Array.from(x0);
    // Both at once, so that a traced objective records its gradient with its first evaluation.
    const [f, g] = objective(this.x, true);
    this.f = f;
    this.g = g;
    if (hessianOf) this.h = hessianOf(this.x);
    this.hessianEvaluations = hessianOf ? 1 : 0;
  }

  /** f(x). */
  value(x: Float64Array): number {
    this.moveTo(x);
    if (!this.valueCounted) {
      this.valueCounted = true;
      this.evaluations++;
      this.f ??= this.objective(this.x, false)[0];
    }
    return this.f!;
  }

  /** ∇f(x). */
  gradient(x: Float64Array): Float64Array {
    this.moveTo(x);
    if (!this.gradientCounted) {
      this.gradientCounted = true;
      this.gradientEvaluations++;
      if (this.g === null) [this.f, this.g] = this.objective(this.x, true);
    }
    return this.g!;
  }

  /** ∇²f(x), n×n row-major; only for a function made with a Hessian. */
  hessian(x: Float64Array): Float64Array {
    if (!this.hessianOf) throw new Error('ScalarFunction: made without a Hessian');
    this.moveTo(x);
    if (this.h === null) {
      this.hessianEvaluations++;
      this.h = this.hessianOf(this.x);
    }
    return this.h;
  }

  private moveTo(x: Float64Array): void {
    let same = x.length === this.x.length;
    for (let i = 0; same && i < x.length; i++) same = x[i] === this.x[i];
    if (same) return;
    this.x = Float64Array.from(x);
    this.f = null;
    this.g = null;
    this.h = null;
    this.valueCounted = false;
    this.gradientCounted = false;
  }
}
