// The objective of tf.optimize's derivative-free global searches (differentialEvolution, brute):
// scipy calls func with a 1-d array of the parameters; here func takes them as a number[] and
// returns a number, or, written with gradtape ops, takes a float64 rank-1 tensor and returns a
// float64 scalar tensor. Which of the two is decided at the first evaluation.

import { constant } from '../creation';
import { describe } from '../describe';
import { tidy } from '../memory';
import { Tensor } from '../tensor';
import { scalarValue } from './minimize';

/** The objective on a Float64Array: `func` on a number[], or on a float64 tensor when it returns
 * a tensor or throws on the array but not on a tensor (decided at the first call). */
export function vectorObjective(func: Function, op: string): (x: Float64Array) => number {
  let mode: 'array' | 'tensor' | null = null;
  const onTensor = (x: Float64Array): number => tidy(() => scalarValue(func(constant(Float64Array.from(x))), op));
  const onArray = (x: Float64Array): number => {
    const y = func(Array.from(x));
    if (typeof y !== 'number') throw new Error(`${op}: func(x, *args) must return a scalar value; got ${describe(y)}.`);
    return y;
  };
  return (x) => {
    if (mode === 'array') return onArray(x);
    if (mode === 'tensor') return onTensor(x);
    return tidy(() => {
      let y: unknown;
      try {
        y = func(Array.from(x));
      } catch (arrayError) {
        // A tensor function fails on an array; if func fails on a tensor too, the array's error is
        // the one to report, but once it ran on a tensor, what it returned is checked as a tensor's.
        try {
          y = func(constant(Float64Array.from(x)));
        } catch {
          throw arrayError;
        }
        mode = 'tensor';
        return scalarValue(y, op);
      }
      if (typeof y === 'number') {
        mode = 'array';
        return y;
      }
      if (!(y instanceof Tensor)) throw new Error(`${op}: func(x, *args) must return a scalar value (a number, or a scalar tensor); got ${describe(y)}.`);
      // A function returning a tensor is a tensor function: it gets tensors from now on, this call
      // too (on an array its ops ran in float32, the dtype gradtape gives JavaScript numbers).
      mode = 'tensor';
      return onTensor(x);
    });
  };
}
