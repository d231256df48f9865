// The window arguments of the convolution and pooling layers, checked and normalized as Keras 3
// does (keras/src/utils/argument_validation.py: standardize_tuple, standardize_padding;
// keras/src/backend/config.py: standardize_data_format), with Keras' messages under gradtape's
// camelCase option names.

import { describe } from '../describe';
import { imageDataFormat } from '../keras-settings';

/** The order of a layer's input axes: channels after the spatial axes, or before them. */
export type DataFormat = 'channels_last' | 'channels_first';

/** The text of an option's value in a message: `[0, 2]` for an array of numbers, else `describe`. */
export const valueText = (value: unknown): string =>
  Array.isArray(value) && value.every((v) => typeof v === 'number') ? `[${value.join(', ')}]` : typeof value === 'number' ? String(value) : describe(value);

/**
 * Keras' standardize_tuple: one integer for every one of `n` axes, or a list of `n` integers, each
 * > 0 (>= 0 with `allowZero`). Returns the `n` integers.
 */
export function standardizeTuple(value: unknown, n: number, name: string, op: string, allowZero = false): number[] {
  const message = `${op}: The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${valueText(value)}`;
  const list = typeof value === 'number' ? Array<unknown>(n).fill(value) : Array.isArray(value) ? (value as unknown[]) : null;
  if (list === null || list.length !== n) throw new Error(message);
  const notInteger = list.find((v) => !Number.isSafeInteger(v));
  if (notInteger !== undefined) throw new Error(`${message}, including element ${describe(notInteger)}, not an integer`);
  const ints = list as number[];
  const bad = [...new Set(ints.filter((v) => (allowZero ? v < 0 : v <= 0)))];
  if (bad.length > 0) throw new Error(`${message}, including values {${bad.join(', ')}} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``);
  return ints.slice();
}

/** Keras' standardize_padding: 'valid' or 'same' (and 'causal' where allowed), in any case. */
export function standardizePadding<P extends string = 'valid' | 'same'>(value: unknown, op: string, allowed: readonly P[] = ['valid', 'same'] as unknown as P[]): P {
  const padding = typeof value === 'string' ? value.toLowerCase() : null;
  if (padding === null || !(allowed as readonly string[]).includes(padding)) {
    throw new Error(`${op}: The \`padding\` argument must be one of {${allowed.map((p) => `'${p}'`).join(', ')}}. Received: padding=${describe(value)}`);
  }
  return padding as P;
}

/** Keras' standardize_data_format: 'channels_last' or 'channels_first', in any case; by default
 * Keras' image_data_format ('channels_last' unless tf.keras.config.setImageDataFormat changed it). */
export function standardizeDataFormat(value: unknown, op: string): DataFormat {
  if (value === undefined || value === null) return imageDataFormat();
  const format = typeof value === 'string' ? value.toLowerCase() : null;
  if (format !== 'channels_last' && format !== 'channels_first') {
    throw new Error(`${op}: The \`dataFormat\` argument must be one of {'channels_first', 'channels_last'}. Received: dataFormat=${describe(value)}`);
  }
  return format;
}

/** The spatial axes of an input of `rank` dims in `dataFormat`: after the batch axis, before or after the channels. */
export function spatialAxes(rank: number, dataFormat: DataFormat): number[] {
  const first = dataFormat === 'channels_last' ? 1 : 2;
  return Array.from({ length: rank - 2 }, (_, i) => first + i);
}

/** The channels axis of an input of `rank` dims in `dataFormat`. */
export const channelAxis = (rank: number, dataFormat: DataFormat): number => (dataFormat === 'channels_last' ? rank - 1 : 1);
