// dtypes and the default float type.

import { describe } from './describe';

/** The element types: `'float32'` (the default float), `'float64'`, `'int32'` and `'bool'`. */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

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

/** TensorFlow's dtypes that gradtape does not have, each with what to use instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  int64: "use 'int32' for integers that fit 32 bits (gradtape's int64 results, such as argmax's, are int32)",
  int16: "use 'int32'",
  int8: "use 'int32'",
  uint8: "use 'int32'",
  uint16: "use 'int32'",
  uint32: "use 'float64' for integers beyond int32's range (exact up to 2^53)",
  uint64: "use 'float64' for integers beyond int32's range (exact up to 2^53)",
  float16: "use 'float32'",
  bfloat16: "use 'float32'",
  half: "use 'float32'",
  complex64: 'complex numbers are not supported',
  complex128: 'complex numbers are not supported',
  string: 'string tensors are not supported',
};

/** TensorFlow's names of its dtypes that gradtape does not have, which ops refuse by name. */
export type UnsupportedDTypeName = 'int64' | 'int16' | 'int8' | 'uint8' | 'uint16' | 'uint32' | 'uint64' | 'float16' | 'bfloat16' | 'complex64' | 'complex128' | 'string';

/** TensorFlow's other names of dtypes (dtypes.py's _STRING_TO_TF). */
const TF_ALIASES: Readonly<Record<string, DType | UnsupportedDTypeName>> = { double: 'float64', float: 'float32', half: 'float16' };

/**
 * tf.dtypes.as_dtype(type_value): the dtype a name stands for, as TensorFlow converts it: gradtape's
 * names as they are, TensorFlow's other names resolved ('double' is 'float64', 'float' is
 * 'float32', 'half' is 'float16'), and TensorFlow's dtypes that gradtape lacks ('int64', 'uint8',
 * 'complex64', ...) by their names, which every op refuses. Anything else is TensorFlow's
 * TypeError; TensorFlow's reference, quantized and other special dtypes ('float32_ref', 'qint8',
 * 'resource', ...), which have no counterpart here, are refused too.
 *
 * @example
 * ```ts
 * console.log(tf.asDType('double'), tf.asDType(tf.int32), tf.dtypes.asDType('int64')); // float64 int32 int64
 * ```
 */
export function asDType(typeValue: string): DType | UnsupportedDTypeName {
  if (typeof typeValue === 'string') {
    if ((DTYPES as readonly string[]).includes(typeValue)) return typeValue as DType;
    if (Object.hasOwn(TF_ALIASES, typeValue)) return TF_ALIASES[typeValue]!;
    if (Object.hasOwn(UNSUPPORTED, typeValue)) return typeValue as UnsupportedDTypeName;
    if (/^(\w+_ref|q?u?int(2|4|8|16|32)|float8_\w+|float4_\w+|resource|variant)$/.test(typeValue)) {
      const error = new TypeError(`asDType: TensorFlow's dtype '${typeValue}' has no counterpart in gradtape, whose dtypes are 'float32', 'float64', 'int32' and 'bool'.`);
      throw error;
    }
  }
  throw new TypeError(`asDType: Cannot convert the argument \`type_value\`: ${describe(typeValue)} to a TensorFlow DType.`);
}

export function checkDType(dtype: unknown, op: string): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'bool') return dtype;
  if (typeof dtype === 'string' && Object.hasOwn(UNSUPPORTED, dtype)) {
    throw new Error(`${op}: gradtape has no ${dtype} dtype, only 'float32', 'float64', 'int32' and 'bool': ${UNSUPPORTED[dtype]}.`);
  }
  throw new Error(`${op}: unknown dtype ${describe(dtype)}; use 'float32', 'float64', 'int32' or 'bool'.`);
}

export const isFloat = (dtype: DType): boolean => dtype === 'float32' || dtype === 'float64';

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float64' ? 8 : dtype === 'bool' ? 1 : 4;
}

/** The typed array that holds each dtype (bool: one byte per element, 0 or 1). */
type ArrayFor = { float32: Float32Array; float64: Float64Array; int32: Int32Array; bool: Uint8Array };

/** A zeroed typed array for `n` elements of `dtype`. */
export function allocHost<D extends DType>(dtype: D, n: number): ArrayFor[D] {
  const Ctor = dtype === 'float32' ? Float32Array : dtype === 'float64' ? Float64Array : dtype === 'int32' ? Int32Array : Uint8Array;
  return new Ctor(n) as ArrayFor[D];
}
