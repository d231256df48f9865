// Helpers the composite ops share (ts/reductions.ts, ts/nn.ts, ts/activations.ts,
// ts/losses.ts, ts/convolution.ts, ts/rearrange.ts): float operands checked the way TensorFlow
// checks them, rank changes by reshape (no squeeze/expandDims primitive is needed: both are
// reshapes), and `composed`, a composite's body run with its errors named and its
// intermediates freed.

import { toTensor } from './creation';
import { isFloat } from './dtype';
import { tidy } from './memory';
import { renamedCall, reshape } from './ops';
import type { Tensor, TensorLike } from './tensor';

/** `[2, 3]`: a shape as error messages print it. */
export const shapeText = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** `x` as a tensor that must be float32 or float64 (TensorFlow's float-only kernels refuse int32
 * and bool). Plain numbers and arrays become the default float. */
export function floatOperand(x: TensorLike, op: string, what = 'x'): Tensor {
  const t = toTensor(x, undefined, op);
  if (!isFloat(t.dtype)) {
    throw new Error(`${op}: ${what} must be a float32 or float64 tensor, got ${t.dtype}; cast it first, e.g. tf.cast(${what}, 'float32').`);
  }
  return t;
}

/** `t` with a new last axis of size 1 (expand_dims(t, -1)). */
export const expandLast = (t: Tensor): Tensor => reshape(t, [...t.shape, 1]);

/** `t` without its last axis, which must have size 1 (squeeze(t, -1)). */
export const squeezeLast = (t: Tensor): Tensor => reshape(t, t.shape.slice(0, -1));

/** The shape of a reduction over `axes` (sorted, non-negative) without keepdims. */
export const reducedShape = (shape: readonly number[], axes: readonly number[]): number[] =>
  shape.filter((_, i) => !axes.includes(i));

/** `body`'s result, errors named for `op`, and its intermediates (a padded input, patches)
 * freed at once: a tape that saved them keeps its own reference, and freed now they never wait
 * in wasm for a sweep to copy them out (a plain training loop's large dead tensors). */
export function composed(op: string, body: () => Tensor): Tensor {
  return renamedCall(op, () => tidy(body));
}
