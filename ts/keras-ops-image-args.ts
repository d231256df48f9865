// What the keras.ops.image functions share: their operands (images of rank 3 or 4, in either data
// format), their options objects, and Keras' messages for bad arguments, with the argument names in
// camelCase and shapes printed as Python tuples, as Keras prints them.

import { checkOptions, describe } from './describe';
import { type DataFormat, standardizeDataFormat } from './layers/arguments';
import { asTensor } from './keras-ops-numpy';
import { reshape, transpose } from './ops';
import type { Tensor, TensorLike } from './tensor';

export type { DataFormat };

/** A shape as Python prints a tuple: `(2, 3)`, `(7,)`. */
export const pyShape = (shape: readonly number[]): string => (shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`);

/** A value as Keras' messages print it: strings bare, lists as tuples, the rest as described. */
export const pyValue = (v: unknown): string =>
  typeof v === 'string' ? v : Array.isArray(v) ? pyShape(v as number[]) : v === null || v === undefined ? 'None' : describe(v);

/** The options object of `op` with only the keys in `allowed` (an unknown key is an error listing them). */
export const optionsOf = (options: unknown, op: string, allowed: readonly string[], example: string): Record<string, unknown> =>
  checkOptions(options, op, allowed, example);

/** The data format option: 'channels_last' (Keras' image_data_format default) or 'channels_first'. */
export const dataFormatOf = (value: unknown, op: string): DataFormat => standardizeDataFormat(value, op);

/** `images` as a tensor of rank 3 or 4, with Keras' message otherwise (`received` is the part of it
 * before the shape: the backends' "Received input with shape: " or the ops' "Received: "). */
export function imagesOf(images: TensorLike, op: string, received = 'Received input with shape: '): Tensor {
  const x = asTensor(images, op);
  if (x.rank !== 3 && x.rank !== 4) {
    throw new Error(`${op}: Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). ${received}images.shape=${pyShape(x.shape)}`);
  }
  return x;
}

/** `x` (rank 3 or 4) as a batch [b, h, w, c] in channels_last, and the function that gives a result
 * of that layout back the layout and rank of `x`. */
export function asBatchChannelsLast(x: Tensor, format: DataFormat): [Tensor, (y: Tensor) => Tensor] {
  const unbatched = x.rank === 3;
  const b = unbatched ? reshape(x, [1, ...x.shape]) : x;
  const last = format === 'channels_first' ? transpose(b, [0, 2, 3, 1]) : b;
  const back = (y: Tensor): Tensor => {
    const moved = format === 'channels_first' ? transpose(y, [0, 3, 1, 2]) : y;
    return unbatched ? reshape(moved, moved.shape.slice(1)) : moved;
  };
  return [last, back];
}

/** The axis of the channels in rank-3 or rank-4 images. */
export const channelAxisOf = (x: Tensor, format: DataFormat): number => (format === 'channels_last' ? x.rank - 1 : x.rank - 3);

/** An option that must be one of `choices`, with Keras' message ("Expected of one {...}"), the choices
 * written as Python writes a set or a tuple of them. */
export function choiceOf<T extends string>(value: unknown, fallback: T, choices: readonly T[], op: string, name: string, form: 'set' | 'tuple' = 'set', lead = 'Expected of one'): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (choices as readonly string[]).includes(value)) return value as T;
  const listed = choices.map((c) => `'${c}'`).join(', ');
  throw new Error(`${op}: Invalid value for argument \`${name}\`. ${lead} ${form === 'set' ? `{${listed}}` : `(${listed})`}. Received: ${name}=${pyValue(value)}`);
}

/** A number option (any number but NaN). */
export function numberOf(value: unknown, fallback: number, op: string, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || Number.isNaN(value)) throw new Error(`${op}: ${name} must be a number, got ${describe(value)}.`);
  return value;
}

/** A boolean option. */
export function booleanOf(value: unknown, fallback: boolean, op: string, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new Error(`${op}: ${name} must be true or false, got ${describe(value)}.`);
  return value;
}

/** An integer (>= `min`), or null where the option may be left out. */
export function intOrNull(value: unknown, op: string, name: string, min = -Infinity): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new Error(`${op}: ${name} must be an integer${min > -Infinity ? ` >= ${min}` : ''}, got ${describe(value)}.`);
  }
  return value;
}

/** One positive integer per spatial axis, from one integer or a list of `n`. */
export function intsPerAxis(value: unknown, n: number, op: string, name: string): number[] {
  const list = typeof value === 'number' ? Array<number>(n).fill(value) : Array.isArray(value) ? (value as unknown[]) : null;
  if (list === null || list.length !== n || list.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1)) {
    throw new Error(`${op}: ${name} must be a positive integer or a list of ${n} of them, got ${describe(value)}.`);
  }
  return list as number[];
}

/** The float dtype images of `x`'s dtype are computed in: float64 stays, the rest are float32. */
export const floatDtypeOf = (x: Tensor): 'float32' | 'float64' => (x.dtype === 'float64' ? 'float64' : 'float32');

/** Refuses bool images, which none of the image ops read. */
export function notBool(x: Tensor, op: string, what = 'images'): void {
  if (x.dtype === 'bool') throw new Error(`${op}: ${what} must be float32, float64 or int32, got bool; cast it first, e.g. tf.cast(${what}, 'float32').`);
}
