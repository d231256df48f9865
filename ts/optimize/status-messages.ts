// scipy.optimize's `_status_message` (scipy/optimize/_optimize.py), which its minimizers share,
// and gradtape's ending for an onIteration that returns false. Each method numbers them its own
// way (bfgs.ts, cg.ts, nelder-mead.ts, powell.ts, newton-cg.ts).
export const STATUS_MESSAGE = {
  success: 'Optimization terminated successfully.',
  maxfev: 'Maximum number of function evaluations has been exceeded.',
  maxiter: 'Maximum number of iterations has been exceeded.',
  prLoss: 'Desired error not necessarily achieved due to precision loss.',
  nan: 'NaN result encountered.',
  outOfBounds: 'The result is outside of the provided bounds.',
  stopped: 'Stopped because onIteration returned false.',
} as const;
