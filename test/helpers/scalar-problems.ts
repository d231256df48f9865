// The functions of one variable that scripts/scalar_optimize_fixtures.py runs through scipy, with
// the same arithmetic (sums, products and quotients only) so that both evaluate to the same bits;
// some also written with tensor ops, which compute the same float64 operations in the same order.
import * as tf from 'gradtape';

type Derivative = (x: number) => number;

/** Root problems: f, f′ and f″ on numbers. */
export const ROOT_PROBLEMS: Record<string, [(x: number) => number, Derivative, Derivative]> = {
  cubic: [(x) => x * x * x - 2 * x - 5, (x) => 3 * x * x - 2, (x) => 6 * x],
  sqrt2: [(x) => x * x - 2, (x) => 2 * x, () => 2.0],
  quad2: [(x) => x * x - 4 * x + 1, (x) => 2 * x - 4, () => 2.0],
  rational: [(x) => (x - 1) / (x * x + 1), (x) => ((x * x + 1) - (x - 1) * 2 * x) / ((x * x + 1) * (x * x + 1)), () => 0.0],
  triple: [(x) => x * x * x, (x) => 3 * x * x, (x) => 6 * x],
  flat: [(x) => x * x + 1, (x) => 2 * x, () => 2.0],
  identity: [(x) => x, () => 1.0, () => 0.0],
  'nan-above-1': [(x) => (x > 1 ? NaN : x - 1.5), () => 1.0, () => 0.0],
  'inf-above-1': [(x) => (x > 1 ? Infinity : x - 1.5), () => 1.0, () => 0.0],
  steep: [(x) => x * x * x * x * x * x * x * x * x * x * x - 1e-20, (x) => 11 * x * x * x * x * x * x * x * x * x * x, () => 0.0],
};

/** The same functions on tensors (those the fixture's tape runs and the doc examples use). */
export const TENSOR_ROOT_PROBLEMS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  cubic: (x) => x.mul(x).mul(x).sub(x.mul(2)).sub(5),
  sqrt2: (x) => x.mul(x).sub(2),
  quad2: (x) => x.mul(x).sub(x.mul(4)).add(1),
};

/** Minimization problems on numbers. */
export const MIN_PROBLEMS: Record<string, (x: number) => number> = {
  quartic: (x) => (x - 2) * x * ((x + 2) * (x + 2)),
  quadratic: (x) => (x - 1) * (x - 1),
  plateau: () => 1.0,
  'nan-below-0': (x) => (x < 0 ? NaN : (x - 1) * (x - 1)),
  'cosh-like': (x) => x * x * x * x - 3 * x * x + x,
};

export const TENSOR_MIN_PROBLEMS: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  quartic: (x) => x.sub(2).mul(x).mul(x.add(2).mul(x.add(2))),
  quadratic: (x) => x.sub(1).mul(x.sub(1)),
};
