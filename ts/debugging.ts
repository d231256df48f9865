// tf.debugging: checks on tensor values that stop a computation with a clear error.

import { toTensor } from './creation';
import { describe } from './describe';
import { isFloat } from './dtype';
import type { Tensor, TensorLike } from './tensor';

/**
 * tf.debugging.check_numerics(tensor, message): throws an Error saying
 * `<message> : Tensor had NaN values` (or `Inf`, or `Inf and NaN`) when the float tensor holds
 * any; otherwise returns the tensor itself, so gradients flow through unchanged.
 */
export function checkNumerics(tensor: TensorLike, message: string): Tensor {
  return check(tensor, message, 'debugging.checkNumerics');
}

function check(tensor: TensorLike, message: string, op: string): Tensor {
  if (typeof message !== 'string') throw new Error(`${op}: message must be a string, got ${describe(message)}.`);
  const t = toTensor(tensor, undefined, op);
  if (!isFloat(t.dtype)) {
    throw new Error(`${op}: tensor must be float32 or float64 (only floats can hold NaN or Inf), got ${t.dtype}.`);
  }
  const data = t.dataSync();
  let nan = false;
  let inf = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v !== v) nan = true;
    else if (v === Infinity || v === -Infinity) inf = true;
  }
  if (nan || inf) {
    throw new Error(`${message} : Tensor had ${nan && inf ? 'Inf and NaN' : nan ? 'NaN' : 'Inf'} values`);
  }
  return t;
}

/** tf.debugging.assert_all_finite(t, msg): check_numerics under its other name. */
export function assertAllFinite(t: TensorLike, msg: string): Tensor {
  return check(t, msg, 'debugging.assertAllFinite');
}
