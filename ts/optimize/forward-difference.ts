// The gradient scipy's L-BFGS-B uses when no jac is given: approx_derivative(method='2-point')
// with scipy's absolute step eps = 1e-8 (scipy/optimize/_numdiff.py), steps turned around or
// shortened to stay inside the bounds (_adjust_scheme_to_bounds, one-sided). Plain numbers.

const SQRT_EPS = 1.4901161193847656e-8; // float64 ε^½, scipy's relative step for '2-point'

/** ∂f/∂x_i ≈ (f(x + h_i e_i) - f0) / ((x_i + h_i) - x_i), n evaluations of f. */
export function forwardDifferenceGradient(
  f: (x: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  lower: Float64Array,
  upper: Float64Array,
  absoluteStep = 1e-8,
): Float64Array {
  const n = x0.length;
  const h = x0.map((x) => {
    // A step lost to rounding falls back to the relative step (sign(x) with sign(0) = 1).
    if (x + absoluteStep - x !== 0) return absoluteStep;
    return SQRT_EPS * (x >= 0 ? 1 : -1) * Math.max(1, Math.abs(x));
  });
  const unbounded = lower.every((l) => l === -Infinity) && upper.every((u) => u === Infinity);
  if (!unbounded) {
    for (let i = 0; i < n; i++) {
      const lowerDistance = x0[i]! - lower[i]!;
      const upperDistance = upper[i]! - x0[i]!;
      const stepped = x0[i]! + h[i]!;
      const violated = stepped < lower[i]! || stepped > upper[i]!;
      const fitting = Math.abs(h[i]!) <= Math.max(lowerDistance, upperDistance);
      if (violated && fitting) h[i] = -h[i]!;
      else if (!fitting) h[i] = upperDistance >= lowerDistance ? upperDistance : -lowerDistance;
    }
  }
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = Float64Array.from(x0);
    x[i] = x0[i]! + h[i]!;
    const dx = x0[i]! + h[i]! - x0[i]!;
    g[i] = (f(x) - f0) / dx;
  }
  return g;
}
