// keras.ops' window functions (NumPy's hamming, hanning, bartlett, blackman and kaiser: symmetric
// windows of a given length) as Keras 3's TensorFlow backend computes them, in floatx: the Hann,
// Hamming and Kaiser windows are tf.signal's; Bartlett and Blackman are Keras' own formulas.

import { ones } from './creation';
import { describe } from './describe';
import { getFloatx } from './dtype';
import * as gen from './generated/ops';
import { renamedCall, where } from './ops';
import { range } from './shape';
import { hammingWindow, hannWindow, integerArgument, kaiserWindow } from './signal';
import type { Tensor } from './tensor';

/** The window length: a JS integer or an int32 scalar tensor (Keras converts it to int32). */
function lengthOf(x: unknown, op: string): number {
  const n = integerArgument(x, op, 'x');
  if (n < 0) throw new Error(`${op}: x must be a non-negative integer window length, got ${describe(x)}.`);
  return n;
}

/** keras.ops.hamming(x): the symmetric Hamming window of length x, 0.54 − 0.46 cos(2πn / (x − 1)). */
export function hamming(x: number | Tensor): Tensor {
  return hammingWindow(lengthOf(x, 'hamming'), false, getFloatx());
}

/** keras.ops.hanning(x): the symmetric Hann window of length x, 0.5 − 0.5 cos(2πn / (x − 1)). */
export function hanning(x: number | Tensor): Tensor {
  return hannWindow(lengthOf(x, 'hanning'), false, getFloatx());
}

/** keras.ops.kaiser(x, beta): the Kaiser window of length x, I₀(β √(1 − (2n/(x−1) − 1)²)) / I₀(β) (empty for length 0, as NumPy). */
export function kaiser(x: number | Tensor, beta: number): Tensor {
  const n = lengthOf(x, 'kaiser');
  return n === 0 ? range(0, 0, 1, getFloatx()) : kaiserWindow(n, beta, getFloatx());
}

/** keras.ops.bartlett(x): the triangular window of length x, 2n/(x − 1) up to the middle and 2 − 2n/(x − 1) after it. */
export function bartlett(x: number | Tensor): Tensor {
  const op = 'bartlett', N = lengthOf(x, op), d = getFloatx();
  if (N === 1) return ones([1], d);
  return renamedCall(op, () => {
    const n = range(0, N, 1, d);
    const rising = gen.div(gen.mul(n, 2), N - 1);
    return where(gen.lessEqual(n, (N - 1) / 2), rising, gen.sub(2, rising));
  });
}

/** keras.ops.blackman(x): the Blackman window of length x, 0.42 − 0.5 cos(2πn/(x − 1)) + 0.08 cos(4πn/(x − 1)). */
export function blackman(x: number | Tensor): Tensor {
  const op = 'blackman', N = lengthOf(x, op), d = getFloatx();
  if (N === 1) return ones([1], d);
  return renamedCall(op, () => {
    const n = range(0, N, 1, d);
    const term2 = gen.mul(-0.5, gen.cos(gen.div(gen.mul(n, 2 * Math.PI), N - 1)));
    const term3 = gen.mul(0.08, gen.cos(gen.div(gen.mul(n, 4 * Math.PI), N - 1)));
    return gen.add(gen.add(term2, 0.42), term3);
  });
}
