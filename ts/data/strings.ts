// String components of tf.data elements. gradtape has no string tensors, so TensorFlow's tf.string
// values are JS values here: a scalar is a JS string (text, as TextLineDataset's lines) or a
// Uint8Array (bytes, as TFRecordDataset's records), and a tf.string tensor of rank k is k nested
// JS arrays of them (as `batch` makes: a batch of lines is a string[]). Transformations that only
// move elements (shuffle, take, repeat, filter, interleave, cache, ...) pass them through;
// batch, unbatch and rebatch stack and split them; an op that needs tensors says to map the
// strings to tensors first.

/** A tf.string scalar: text (a JS string) or bytes (a Uint8Array). */
export type StringScalar = string | Uint8Array;

/** A tf.string component: a scalar, or nested JS arrays of scalars (a batch of them). */
export type StringValue = StringScalar | readonly StringValue[];

/** Whether `v` is a tf.string component: a string, a Uint8Array, or a non-empty array of them
 * (nested). (An empty array is a tensor, as an empty array of numbers.) */
export function isStringValue(v: unknown): v is StringValue {
  if (typeof v === 'string' || v instanceof Uint8Array) return true;
  return Array.isArray(v) && v.length > 0 && v.every(isStringValue);
}

/** The shape of a string component: its arrays' lengths, outermost first (the first entry's, at
 * each level; `checkRectangular` checks the others). */
export function stringShape(v: StringValue): number[] {
  const shape: number[] = [];
  for (let node: StringValue = v; Array.isArray(node); node = (node as readonly StringValue[])[0]!) shape.push((node as readonly StringValue[]).length);
  return shape;
}

/** Whether every entry of `v` has the shape its first has (a string "tensor" is rectangular). */
export function isRectangular(v: StringValue): boolean {
  if (!Array.isArray(v)) return true;
  const entries = v as readonly StringValue[];
  const first = stringShape(entries[0]!).join(',');
  return entries.every((e) => isRectangular(e) && stringShape(e).join(',') === first);
}

/**
 * The spec of a tf.string component (TensorFlow's `TensorSpec(shape, tf.string)`): its shape, with
 * `null` for a dimension that can vary, as a TensorSpec's. The values are JS strings or
 * Uint8Arrays (bytes) in nested arrays, not tensors.
 *
 * @example
 * ```ts
 * const ds = tf.data.Dataset.fromTensorSlices(['a', 'b', 'c']).batch(2);
 * console.log(ds.elementSpec.toString()); // TensorSpec(shape=(None,), dtype=tf.string, name=None)
 * ```
 */
export class StringSpec {
  /** The dimensions (`null`: any length), or `null` for any shape. */
  readonly shape: readonly (number | null)[] | null;
  /** Always 'string' (TensorFlow's tf.string). */
  readonly dtype = 'string' as const;
  /** TensorFlow's name (always null here). */
  readonly name: null = null;

  /** @param shape The dimensions (`null` for a dimension of any length), or `null` for any shape. */
  constructor(shape: readonly (number | null)[] | null) {
    this.shape = shape === null ? null : shape.slice();
  }

  /** TensorFlow's text, e.g. `TensorSpec(shape=(), dtype=tf.string, name=None)`. */
  toString(): string {
    const shape = this.shape === null ? '<unknown>' : `(${this.shape.map((d) => (d === null ? 'None' : d)).join(', ')}${this.shape.length === 1 ? ',' : ''})`;
    return `TensorSpec(shape=${shape}, dtype=tf.string, name=None)`;
  }
}

/** The class's type under a second name, for `tf.data.StringSpec` in the namespace of types. */
export type StringSpecClass = StringSpec;
