// Residuals and their exact Jacobian from a function of gradtape tensors: each evaluation records
// the function once on a GradientTape, reads the residuals, and only when the optimizer asks
// (an accepted step) takes the Jacobian from the same record. tape.jacobian runs forward mode
// when the parameters are fewer than the residuals: one tangent pass per parameter.

import { constant } from '../creation';
import { tidy } from '../memory';
import { GradientTape } from '../tape';
import type { Tensor } from '../tensor';
import type { Evaluation, LmProblem } from './lm';
import { euclideanNorm } from './vector';

/** How the parameter vector reaches the user's function. */
export type ParameterLayout =
  /** One rank-0 float64 tensor per parameter (curveFit's f(x, a, b, ...)). */
  | 'scalars'
  /** One float64 tensor of shape [n] (leastSquares' residuals(params)). */
  | 'vector';

/**
 * An LmProblem whose residuals are `residualsOf(params)`. Every tensor an evaluation makes is
 * freed before it returns (tf.tidy, and the tape is released whether or not its Jacobian is
 * taken), so a fit of any length holds no tensors of its own.
 */
export function tapeProblem(
  m: number,
  n: number,
  layout: ParameterLayout,
  residualsOf: (params: Tensor[]) => Tensor,
): LmProblem {
  const sourcesAt = (x: Float64Array): Tensor[] => layout === 'scalars'
    ? Array.from(x, (value) => constant(new Float64Array([value])).reshape([]))
    : [constant(Float64Array.from(x))];
  return {
    m,
    n,
    evaluate(x: Float64Array, wantJacobian: (residualNorm: number, residuals: Float64Array) => boolean): Evaluation {
      return tidy(() => {
        const sources = sourcesAt(x);
        const tape = new GradientTape({ watchAccessedVariables: false });
        for (const s of sources) tape.watch(s);
        let r: Tensor;
        try {
          r = tape.record(() => residualsOf(sources));
        } catch (e) {
          tape.dispose();
          throw e;
        }
        const residuals = Float64Array.from(r.dataSync() as ArrayLike<number>);
        if (!wantJacobian(euclideanNorm(residuals), residuals)) {
          tape.dispose();
          return { residuals, jacobian: null };
        }
        // 'none': a parameter the residuals never read comes back null, which the caller reports.
        const columns = tape.jacobian(r, sources, { unconnectedGradients: 'none' });
        const jacobian = new Float64Array(m * n);
        if (layout === 'scalars') {
          columns.forEach((column, j) => {
            if (column === null) throw new UnusedParameterError(j);
            jacobian.set(column.dataSync() as ArrayLike<number>, j * m);
          });
        } else {
          const full = columns[0];
          if (full === null || full === undefined) throw new UnusedParameterError(-1);
          // [m, n] row-major from the tape; the optimizer works column-major.
          const rowMajor = full.dataSync() as ArrayLike<number>;
          for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) jacobian[j * m + i] = rowMajor[i * n + j]!;
        }
        return { residuals, jacobian };
      });
    },
  };
}


/** The residuals do not depend on parameter `index` at all (-1: on none of them). */
export class UnusedParameterError extends Error {
  constructor(readonly index: number) {
    super(index < 0 ? 'the residuals do not depend on the parameters' : `the residuals do not depend on parameter ${index}`);
  }
}
