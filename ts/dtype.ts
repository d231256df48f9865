// dtypes and the default float type.

import { describe } from './describe';

export type DType = 'float32' | 'float64' | 'int32';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

let floatx: 'float32' | 'float64' = 'float32';

/** The dtype plain JS numbers become (TensorFlow's `floatx`), `float32` unless changed. */
export function getFloatx(): 'float32' | 'float64' {
  return floatx;
}

/** Sets the default float dtype, as `tf.keras.backend.set_floatx` does. */
export function setFloatx(dtype: 'float32' | 'float64'): void {
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new Error(`setFloatx: expected 'float32' or 'float64', got ${describe(dtype)}.`);
  }
  floatx = dtype;
}

export function checkDType(dtype: unknown, op: string): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  throw new Error(`${op}: unknown dtype ${describe(dtype)}; use 'float32', 'float64' or 'int32'.`);
}

export const isFloat = (dtype: DType): boolean => dtype !== 'int32';

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : 4;
}

type ArrayFor = { float32: Float32Array; float64: Float64Array; int32: Int32Array };

/** A zeroed typed array for `n` elements of `dtype`. */
export function allocHost<D extends DType>(dtype: D, n: number): ArrayFor[D] {
  return (dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n)) as ArrayFor[D];
}
