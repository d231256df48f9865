// `fit`'s and `trainOnBatch`'s `classWeight`, as Keras 3 turns it into sample weights
// (keras/src/trainers/data_adapters/data_adapter_utils.py: class_weight_to_sample_weights for
// arrays; tf_dataset_adapter.py: make_class_weight_map_fn, mapped over a tf.data.Dataset's
// elements): each sample weighs its class's weight, 1 for a class the map does not list. A
// sample's class is its label: the argmax of a one-hot label (last axis longer than 1), else the
// label rounded (half to even, as np.round and tf.round) with a last axis of 1 squeezed away.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import type { Tensor } from '../tensor';

/** fit's `classWeight`: a weight per class index, as an object (`{0: 1, 1: 50}`) or a Map. */
export type ClassWeightLike = { readonly [classIndex: number]: number } | ReadonlyMap<number, number>;

/** Class weights checked: class index to weight. */
export type ClassWeights = ReadonlyMap<number, number>;

/** Keras' error for class weights given with sample weights (camelCase names). */
export const classAndSampleWeightError = (op: string): Error =>
  new Error(`${op}: You cannot \`classWeight\` and \`sampleWeight\` at the same time. Give one: fold the class weights into the sample weights (each sample's weight times its class's) to use both.`);

/** Keras' error for class weights on a model of several outputs. */
export const classWeightOutputsError = (op: string): Error =>
  new Error(`${op}: \`classWeight\` is only supported for Models with a single output. For several outputs, give \`sampleWeight\` per output (an array or an object by output name) computed from each output's classes.`);

/** `classWeight` checked: an object of integer keys or a Map of integers, to finite numbers; null when not given. */
export function checkClassWeight(value: unknown, op: string): ClassWeights | null {
  if (value === undefined || value === null) return null;
  const accepted = 'an object of class index to weight ({0: 1, 1: 50}) or a Map<number, number>';
  let entries: [unknown, unknown][];
  if (value instanceof Map) entries = [...(value as Map<unknown, unknown>).entries()];
  else if (isPlainObject(value)) entries = Object.entries(value).map(([k, w]) => [/^-?\d+$/.test(k) ? Number(k) : k, w]);
  else throw new Error(`${op}: classWeight must be ${accepted}, got ${describe(value)}.`);
  const weights = new Map<number, number>();
  for (const [key, weight] of entries) {
    if (typeof key !== 'number' || !Number.isInteger(key)) throw new Error(`${op}: classWeight's keys must be integer class indices (as ${accepted}), got the key ${describe(key)}.`);
    if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new Error(`${op}: classWeight's weights must be finite numbers, got ${describe(weight)} for class ${key}.`);
    weights.set(key, weight);
  }
  return weights;
}

/** Round half to even (np.round, tf.round). */
function roundHalfToEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The sample weights `classWeight` gives the samples of `y` (the labels of a model of one output,
 * one tensor): each sample's class's weight, or 1; shaped as the classes (`[n]` for labels of
 * shape `[n]`, `[n, 1]` or one-hot `[n, classes]`).
 */
export function classSampleWeights(y: readonly Tensor[], classWeights: ClassWeights, dtype: 'float32' | 'float64', op: string): Tensor {
  if (y.length !== 1) throw classWeightOutputsError(op);
  const labels = y[0]!;
  const values = labels.dataSync();
  const last = labels.rank >= 2 ? labels.shape[labels.rank - 1]! : 1;
  const oneHot = labels.rank >= 2 && last > 1;
  const classShape = labels.rank >= 2 ? labels.shape.slice(0, -1) : labels.shape.slice();
  const count = oneHot ? values.length / last : values.length;
  const weights = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    let label: number;
    if (oneHot) {
      // np.argmax: the first of equal largest values.
      label = 0;
      for (let j = 1; j < last; j++) if (values[i * last + j]! > values[i * last + label]!) label = j;
    } else {
      label = roundHalfToEven(values[i]!);
    }
    weights[i] = classWeights.get(label) ?? 1;
  }
  return constant(weights, dtype).reshape(classShape);
}
