// tf.nn.isotonic_regression: the least-squares fit of a monotone sequence to each lane of an axis,
// by the pool-adjacent-violators algorithm as TensorFlow's IsotonicRegression kernel runs it
// (pools merged left to right, each pool's sum accumulated in the output dtype and its mean
// taken after every merge), so the values are TensorFlow's bit for bit. The gradient is the one
// TensorFlow registers: the upstream gradient averaged over each segment.

import { toTensor } from './creation';
import { checkBoolean, checkOptions, describe } from './describe';
import { customGradient } from './autodiff';
import { unsortedSegmentSum, valuesOf } from './indexing';
import { cast, reshape, renamedCall, transpose } from './ops';
import { gather } from './shape';
import * as gen from './generated/ops';
import { type Tensor, type TensorLike, fromHost } from './tensor';
import { TraceSpoiler } from './wasm/runtime';
import { InvalidArgumentError, tfError } from './errors';

/** Options of `tf.nn.isotonicRegression`. */
export interface IsotonicRegressionOptions {
  /** Fit a non-increasing sequence (true, TensorFlow's default) or a non-decreasing one (false). */
  decreasing?: boolean;
  /** The axis along which each sequence runs (default -1, the last). */
  axis?: number;
}

/** The fit of one row `x` (already negated for an increasing fit) into `out` and its segment ids
 * into `ids`; `round` rounds to the output dtype (Math.fround for float32). */
function pava(x: ArrayLike<number>, at: number, n: number, out: Float64Array, ids: Int32Array, round: (v: number) => number): void {
  // Pools as parallel stacks: first column, sum of the inputs, mean (TensorFlow's "minimum").
  const start: number[] = [], sum: number[] = [], mean: number[] = [];
  for (let col = 0; col < n; col++) {
    const v = round(x[at + col]!);
    start.push(col);
    sum.push(v);
    mean.push(v);
    // While the last two pools increase (violate the decreasing order), merge the last into the
    // one before it. (A NaN compares false and so is never merged.)
    while (mean.length > 1 && mean[mean.length - 1]! > mean[mean.length - 2]!) {
      const last = sum.pop()!;
      mean.pop();
      start.pop();
      const top = sum.length - 1;
      sum[top] = round(sum[top]! + last);
      const limit = col + 1;
      mean[top] = round(sum[top]! / (limit - start[top]!));
    }
  }
  for (let p = 0; p < start.length; p++) {
    const limit = p + 1 < start.length ? start[p + 1]! : n;
    for (let col = start[p]!; col < limit; col++) {
      out[at + col] = mean[p]!;
      ids[at + col] = p;
    }
  }
}

/**
 * tf.nn.isotonic_regression(inputs, decreasing=True, axis=-1): for each sequence along `axis`,
 * the non-increasing (or, with `decreasing: false`, non-decreasing) sequence closest to it in
 * least squares, and the int32 segment ids of the blocks it is constant on (0, 1, ... along each
 * sequence). float32 and float64 inputs keep their dtype; int32 ones give float64, as in
 * TensorFlow. Returns `[output, segments]`, both of the input's shape. The values come from
 * TensorFlow's pool-adjacent-violators kernel, computed in the same order; the gradient with
 * respect to `inputs` replaces each upstream gradient by its mean over its segment (TensorFlow's
 * registered gradient; TensorFlow's own applies it correctly to rank-2 inputs only, and this one
 * does so per sequence at every rank). Which entries pool together depends on the values, so a
 * `tf.function` that calls it runs as written at every call.
 *
 * @example
 * ```ts
 * const [fit, segments] = tf.nn.isotonicRegression([1, 3, 2, 4], { decreasing: false });
 * console.log(fit.arraySync(), segments.arraySync()); // [ 1, 2.5, 2.5, 4 ] [ 0, 1, 1, 2 ]
 * ```
 */
export function isotonicRegression(inputs: TensorLike, options?: IsotonicRegressionOptions): [Tensor, Tensor] {
  const op = 'isotonicRegression';
  const o = checkOptions(options, op, ['decreasing', 'axis'], '{ decreasing: false, axis: -1 }');
  const decreasing = checkBoolean(o.decreasing, op, 'decreasing', true);
  const axisOption = o.axis ?? -1;
  if (typeof axisOption !== 'number' || !Number.isInteger(axisOption)) throw new Error(`${op}: axis must be an integer, got ${describe(axisOption)}.`);
  const x = toTensor(inputs, undefined, op);
  if (x.dtype === 'bool') throw new Error(`${op}: inputs must be numeric, got a bool tensor; cast it first, e.g. tf.cast(x, 'float32').`);
  const rank = x.rank;
  // TensorFlow checks the axis only when it is not the last one (so -1 works on a scalar too).
  const last = axisOption === -1 || axisOption === rank - 1;
  if (!last && !(axisOption >= -rank && axisOption < rank)) {
    throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: \`dim\` must be in the range [${-rank}, ${rank}) where ${rank} is the number of dimensions in the input. Received: dim=${axisOption}`);
  }
  const axis = last ? rank - 1 : (axisOption + rank) % rank;
  const outDtype = x.dtype === 'int32' ? 'float64' : x.dtype;
  return renamedCall(op, () => {
    const float = x.dtype === outDtype ? x : cast(x, outDtype);
    // The sequences as rows: the axis swapped with the last one, as TensorFlow does.
    const perm = Array.from({ length: rank }, (_, i) => (i === axis ? rank - 1 : i === rank - 1 ? axis : i));
    const swapped = last ? float : transpose(float, perm);
    const n = rank === 0 ? 1 : swapped.shape[rank - 1]!;
    const size = swapped.size;
    const rows = n === 0 ? 0 : size / n;
    const values = valuesOf(swapped, op, TraceSpoiler.Branch);
    const round = outDtype === 'float32' ? Math.fround : (v: number) => v;
    const sign = decreasing ? 1 : -1;
    const input = sign === 1 ? values : Float64Array.from(values, (v) => -v);
    const out = new Float64Array(size);
    const ids = new Int32Array(size);
    for (let r = 0; r < rows; r++) pava(input, r * n, n, out, ids, round);
    if (sign === -1) for (let i = 0; i < size; i++) out[i] = -out[i]!;
    // Segment ids unique over all rows, and each entry's segment size, for the gradient.
    const flatIds = new Int32Array(size), counts = new Float64Array(size);
    const segmentSizes = new Map<number, number>();
    for (let i = 0; i < size; i++) {
      flatIds[i] = Math.floor(i / n) * n + ids[i]!;
      segmentSizes.set(flatIds[i]!, (segmentSizes.get(flatIds[i]!) ?? 0) + 1);
    }
    for (let i = 0; i < size; i++) counts[i] = segmentSizes.get(flatIds[i]!)!;
    const fitted = fromHost(outDtype === 'float32' ? Float32Array.from(out) : out, swapped.shape.slice(), outDtype);
    const withGradient = customGradient((sequences: Tensor) => [
      fitted,
      (dy: Tensor) => {
        // Each entry's gradient: the mean of dy over its segment.
        const idsT = fromHost(flatIds, [size], 'int32');
        const sums = unsortedSegmentSum(reshape(dy, [size]), idsT, size);
        const means = gen.div(gather(sums, idsT), cast(fromHost(counts, [size], 'float64'), dy.dtype));
        return reshape(means, sequences.shape);
      },
    ]);
    const output = withGradient(swapped);
    const segments = fromHost(ids, swapped.shape.slice(), 'int32');
    return last ? [output, segments] : [transpose(output, perm), transpose(segments, perm)];
  });
}
