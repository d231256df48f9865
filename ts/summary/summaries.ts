// tf.summary's summaries (TensorBoard 2.21's tensorboard/plugins/*/summary_v2.py, which TF 2.21's
// tf.summary re-exports): each makes the tensor and plugin metadata TensorBoard's dashboard reads,
// and writes it with ./writer.ts's `writeSummary` (TF's tf.summary.write). Like TF, a summary's
// tensor is made only when it is written (histogram, image and audio check their data then), and
// each returns true when written, false when not (no default writer, or record_if false).

import { toTensor } from '../creation';
import { describe } from '../describe';
import { encodePng } from '../io/png';
import { type StringTensor, histogramBuckets } from '../io/tensorboard-events';
import { encodeWav } from '../io/wav';
import { dispose } from '../memory';
import { currentNameScope } from '../name-scope';
import type { Tensor, TensorLike } from '../tensor';
import { type SummaryStep, pythonShape, writeSummary } from './writer';

/** A tensor's dtype, shape and elements (data given as JS values is read through a tensor made and freed here). */
function hostData(data: TensorLike, op: string): { dtype: Tensor['dtype']; shape: number[]; values: ArrayLike<number> } {
  if (typeof data === 'string' || (Array.isArray(data) && (data as unknown[]).flat(Infinity as 1).some((x) => typeof x === 'string'))) {
    throw new Error(`${op}: data must be numbers (a number, nested arrays of numbers or a tensor), got ${describe(data)}; strings go to tf.summary.text.`);
  }
  const tensor = toTensor(data, undefined, op);
  try {
    return { dtype: tensor.dtype, shape: [...tensor.shape], values: tensor.dataSync() as ArrayLike<number> };
  } finally {
    if (tensor !== data) dispose(tensor);
  }
}

/** The tag of a summary named `name` (TF's `summary_scope`): the name scope's path, then the name ('' gives `fallback`). */
function tagOf(name: string, fallback: string, op: string): string {
  if (typeof name !== 'string') throw new Error(`${op}: name must be a string, got ${describe(name)}.`);
  return `${currentNameScope()}${name || fallback}`;
}

function checkDescription(description: unknown, op: string): string {
  if (description === undefined || description === null) return '';
  if (typeof description !== 'string') throw new Error(`${op}: description must be a string (Markdown), got ${describe(description)}.`);
  return description;
}

function checkMaxOutputs(maxOutputs: unknown, op: string): number {
  if (!Number.isSafeInteger(maxOutputs) || (maxOutputs as number) < 0) throw new Error(`${op}: maxOutputs must be a non-negative integer, got ${describe(maxOutputs)}.`);
  return maxOutputs as number;
}

/**
 * tf.summary.scalar(name, data, step, description): writes the number `data` (a number or a scalar
 * tensor, stored as float32) to the default writer, at `step` (default: the default step, set by
 * `tf.summary.experimental.setStep` or `asDefault(step, ...)`), tagged `name` under the current name
 * scope. Returns true when written; false without a default writer or while `recordIf` is false.
 * Throws TF's "No step set" error when there is a writer and no step.
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const writer = tf.summary.createFileWriter(logdir);
 * console.log(writer.asDefault(10, () => tf.summary.scalar('loss', tf.constant(0.25)))); // true
 * console.log(tf.summary.scalar('loss', 0.5, 11)); // false
 * ```
 */
export function scalar(name: string, data: TensorLike, step?: SummaryStep | null, description?: string | null): boolean {
  const op = 'scalar';
  const tag = tagOf(name, 'scalar_summary', op);
  const text = checkDescription(description, op);
  const { shape, values } = hostData(data, op);
  if (shape.length !== 0) throw new Error(`${op}: Expected scalar shape, saw shape: ${pythonShape(shape)}.`);
  const value = values[0]!;
  return writeSummary(op, step, () => ({ tag, value, pluginName: 'scalars', description: text }));
}

/**
 * tf.summary.histogram(name, data, step, buckets = 30, description): writes a histogram of the
 * numbers of `data` (any shape, as float64) to the default writer, as TensorBoard 2.21 buckets it:
 * a [buckets, 3] float64 tensor of rows [left edge, right edge, count], `buckets` equal widths from
 * the least to the greatest value (all equal: every edge that value, the last bucket counting
 * them; no data: zeros). Returns true when written, false when not (see `scalar`).
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * console.log(tf.summary.createFileWriter(logdir).asDefault(() => tf.summary.histogram('weights', [[0, 1], [1, 3]], 0, 3))); // true
 * ```
 */
export function histogram(name: string, data: TensorLike, step?: SummaryStep | null, buckets: number | null = 30, description?: string | null): boolean {
  const op = 'histogram';
  const tag = tagOf(name, 'histogram_summary', op);
  const text = checkDescription(description, op);
  return writeSummary(op, step, () => {
    const count = buckets ?? 30;
    if (!Number.isInteger(count) || Math.abs(count) > 2 ** 31 - 1) throw new Error(`${op}: buckets must be an integer (TF's int32), got ${describe(buckets)}.`);
    const { values } = hostData(data, op);
    return { tag, value: histogramBuckets(values, count), pluginName: 'histograms', description: text };
  });
}

/** Nested arrays of strings as a string tensor (row-major), or an error. */
function stringTensor(data: unknown, op: string): StringTensor {
  const shape: number[] = [];
  for (let level: unknown = data; Array.isArray(level); level = level[0]) shape.push(level.length);
  const strings: string[] = [];
  const walk = (x: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (typeof x !== 'string') throw new Error(`${op}: data must be a string or nested arrays of strings (TF's tf.string), got ${describe(data)}.`);
      strings.push(x);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[depth]) throw new Error(`${op}: data's nested arrays must be rectangular (shape ${pythonShape(shape)}), got ${describe(data)}.`);
    for (const item of x) walk(item, depth + 1);
  };
  walk(data, 0);
  return { dtype: 'string', shape, strings };
}

/**
 * tf.summary.text(name, data, step, description): writes `data`, a string (or nested arrays of
 * strings: a table), to the default writer, for TensorBoard's text dashboard (which renders
 * Markdown). Returns true when written, false when not (see `scalar`).
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * console.log(tf.summary.createFileWriter(logdir).asDefault(() => tf.summary.text('notes', '**lr** 0.01', 0))); // true
 * ```
 */
export function text(name: string, data: string | readonly unknown[], step?: SummaryStep | null, description?: string | null): boolean {
  const op = 'text';
  const tag = tagOf(name, 'text_summary', op);
  const about = checkDescription(description, op);
  const value = stringTensor(data, op);
  return writeSummary(op, step, () => ({ tag, value, pluginName: 'text', description: about }));
}

/** An image's samples as uint8, as tf.image.convert_image_dtype(data, tf.uint8, saturate=True)
 * converts them: a float x becomes trunc(clamp(x · 255.5, 0, 255)) (the product in the data's
 * float type), an int32 v becomes clamp(floor(v / 2^23), 0, 255). */
function toUint8(values: ArrayLike<number>, dtype: Tensor['dtype'], op: string): Uint8Array {
  const out = new Uint8Array(values.length);
  if (dtype === 'bool') throw new Error(`${op}: image dtype must be either floating point or integer, got bool.`);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const scaled = dtype === 'int32' ? Math.floor(v / 2 ** 23) : dtype === 'float32' ? Math.fround(v * 255.5) : v * 255.5;
    // (NaN becomes 0, as x86's float-to-int conversion leaves it in TF.)
    out[i] = Number.isNaN(scaled) ? 0 : Math.trunc(Math.min(255, Math.max(0, scaled)));
  }
  return out;
}

/**
 * tf.summary.image(name, data, step, maxOutputs = 3, description): writes the first `maxOutputs`
 * images of `data` ([k, height, width, channels], 1 to 4 channels: grey, grey and alpha, RGB,
 * RGBA) to the default writer as PNGs, for TensorBoard's images dashboard. Float data is in [0, 1]
 * (clipped); int32 data is converted as TF converts int32 images (tf.image.convertImageDtype: the
 * top 8 bits of a non-negative int32), so pass 0-255 pixels as floats divided by 255. The tensor
 * written is TF's: strings [width, height, png...]. Returns true when written, false when not
 * (see `scalar`).
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const images = tf.random.uniform([2, 8, 8, 3]);
 * console.log(tf.summary.createFileWriter(logdir).asDefault(() => tf.summary.image('noise', images, 0))); // true
 * ```
 */
export function image(name: string, data: TensorLike, step?: SummaryStep | null, maxOutputs = 3, description?: string | null): boolean {
  const op = 'image';
  const tag = tagOf(name, 'image_summary', op);
  const about = checkDescription(description, op);
  return writeSummary(op, step, () => {
    const { dtype, shape, values } = hostData(data, op);
    return { tag, value: imageTensor(dtype, shape, values, maxOutputs, op), pluginName: 'images', description: about };
  });
}

/**
 * @internal The tensor tf.summary.image writes for images `values` of `dtype` and `shape`
 * ([k, height, width, channels]): strings [width, height, PNG of each of the first `maxOutputs`].
 */
export function imageTensor(dtype: Tensor['dtype'], shape: readonly number[], values: ArrayLike<number>, maxOutputs: number, op: string): StringTensor {
  if (shape.length !== 4) throw new Error(`${op}: data must have rank 4 ([k, height, width, channels]), got rank ${shape.length}, shape ${pythonShape(shape)}.`);
  const limit = checkMaxOutputs(maxOutputs, op);
  const [k, height, width, channels] = shape as [number, number, number, number];
  if (channels < 1 || channels > 4) throw new Error(`${op}: image must have 1, 2, 3, or 4 channels, got ${channels}.`);
  const pixels = toUint8(values, dtype, op);
  const size = height * width * channels;
  const pngs: Uint8Array[] = [];
  for (let i = 0; i < Math.min(k, limit); i++) pngs.push(encodePng(pixels.subarray(i * size, (i + 1) * size), height, width, channels, op));
  return { dtype: 'string', shape: [2 + pngs.length], strings: [String(width), String(height), ...pngs] };
}

/** AudioPluginData {encoding (2): WAV (11)}: version 0 and converted_to_tensor unset are not written. */
const AUDIO_PLUGIN_CONTENT = Uint8Array.of(0x10, 11);

/**
 * tf.summary.audio(name, data, sampleRate, step, maxOutputs = 3, encoding = 'wav', description):
 * writes the first `maxOutputs` clips of `data` ([k, frames, channels] floats in [-1, 1]) to the
 * default writer as 16-bit WAV files at `sampleRate` frames a second (tf.audio.encode_wav's bytes),
 * for TensorBoard's audio dashboard. Returns true when written, false when not (see `scalar`).
 *
 * @example
 * ```ts
 * const logdir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const tone = tf.sin(tf.linspace(0, 2 * Math.PI * 440, 8000)).reshape([1, 8000, 1]);
 * console.log(tf.summary.createFileWriter(logdir).asDefault(() => tf.summary.audio('tone', tone, 8000, 0))); // true
 * ```
 */
export function audio(name: string, data: TensorLike, sampleRate: number, step?: SummaryStep | null, maxOutputs = 3, encoding: 'wav' | null = null, description?: string | null): boolean {
  const op = 'audio';
  if (encoding !== null && encoding !== undefined && encoding !== 'wav') throw new Error(`${op}: Unknown encoding: ${describe(encoding)} (only 'wav').`);
  const about = checkDescription(description, op);
  const tag = tagOf(name, 'audio_summary', op);
  return writeSummary(op, step, () => {
    const { dtype, shape, values } = hostData(data, op);
    if (shape.length !== 3) throw new Error(`${op}: data must have rank 3 ([k, frames, channels]), got rank ${shape.length}, shape ${pythonShape(shape)}.`);
    if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`${op}: data must be float samples in [-1, 1], got ${dtype}.`);
    const limit = checkMaxOutputs(maxOutputs, op);
    if (!Number.isSafeInteger(sampleRate) || sampleRate <= 0 || sampleRate > 2 ** 31 - 1) throw new Error(`${op}: sampleRate must be a positive integer (frames a second), got ${describe(sampleRate)}.`);
    const [k, frames, channels] = shape as [number, number, number];
    const size = frames * channels;
    const strings: (string | Uint8Array)[] = [];
    const flat = ArrayBuffer.isView(values) ? (values as Float32Array) : Float64Array.from(values);
    for (let i = 0; i < Math.min(k, limit); i++) strings.push(encodeWav(flat.subarray(i * size, (i + 1) * size), channels, sampleRate), '');
    return { tag, value: { dtype: 'string', shape: [strings.length / 2, 2], strings }, pluginName: 'audio', pluginContent: AUDIO_PLUGIN_CONTENT, description: about };
  });
}
