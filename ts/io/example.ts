// tf.io.parse_single_example and tf.io.parse_example (parsing_ops.py, example_proto_fast_parsing.cc):
// tf.train.Example protobufs (example.proto, feature.proto) decoded by a features spec of
// FixedLenFeature and VarLenFeature. gradtape has no int64, string or sparse tensors, so an int64
// feature becomes an int32 tensor (a value outside int32's range is an error), a string feature
// Uint8Arrays (tf.string bytes, in nested arrays for a shape), and a VarLenFeature the fields of
// TensorFlow's SparseTensor as a plain object.
//
// The wire format read here: Example { Features features = 1 }; Features { map<string, Feature>
// feature = 1 } (entries { string key = 1; Feature value = 2 }); Feature { oneof { BytesList
// bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3 } }; each list { repeated
// value = 1 }, numbers packed or not.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import type { Tensor } from '../tensor';
import { type FeatureValues, decodeFeatureValues, decodeMap, decodeMessages } from './example-proto';

/** The dtypes of tf.train.Example features, as TensorFlow names them. */
export type FeatureDType = 'float32' | 'int64' | 'string';


/** The value of a tf.string feature: bytes, or nested arrays of them (one level per dimension). */
export type BytesValue = Uint8Array | readonly BytesValue[];

/**
 * `tf.io.FixedLenFeature(shape, dtype, defaultValue)`: a feature with exactly `shape`'s number of
 * values, parsed into a tensor of that shape (an int32 tensor for 'int64', as gradtape has no
 * int64), or Uint8Arrays for 'string'. An example without it takes `defaultValue` (numbers, or
 * bytes or strings for 'string', of `shape`; a single value fills the shape), or is an error.
 *
 * @example
 * ```ts
 * const feature = new tf.io.FixedLenFeature([2], 'float32', [0, 0]);
 * console.log(feature.shape, feature.dtype, feature.defaultValue); // [ 2 ] float32 [ 0, 0 ]
 * ```
 */
export class FixedLenFeature<D extends FeatureDType = FeatureDType> {
  /** The dimensions of the parsed value. */
  readonly shape: readonly number[];
  /** 'float32', 'int64' or 'string'. */
  readonly dtype: D;
  /** The value of an example that lacks the feature (null: such an example is an error). */
  readonly defaultValue: unknown;

  /**
   * @param shape The dimensions of the parsed value ([] for a scalar).
   * @param dtype 'float32', 'int64' or 'string'.
   * @param defaultValue The value of an example that lacks the feature (default: none, an error).
   */
  constructor(shape: readonly number[], dtype: D, defaultValue: unknown = null) {
    const op = 'FixedLenFeature';
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${op}: shape must be an array of non-negative integers, got ${describe(shape)}.`);
    this.shape = shape.slice();
    this.dtype = checkFeatureDType(dtype, op) as D;
    this.defaultValue = defaultValue ?? null;
  }
}

/**
 * `tf.io.VarLenFeature(dtype)`: a feature with any number of values, parsed into the fields of
 * TensorFlow's SparseTensor (gradtape has no sparse tensors): `indices` (int32, one row per value),
 * `values` (a tensor, or an array of Uint8Arrays for 'string') and `denseShape`.
 *
 * @example
 * ```ts
 * console.log(new tf.io.VarLenFeature('int64').dtype); // int64
 * ```
 */
export class VarLenFeature<D extends FeatureDType = FeatureDType> {
  /** 'float32', 'int64' or 'string'. */
  readonly dtype: D;

  /** @param dtype 'float32', 'int64' or 'string'. */
  constructor(dtype: D) {
    this.dtype = checkFeatureDType(dtype, 'VarLenFeature') as D;
  }
}

/**
 * `tf.io.FixedLenSequenceFeature(shape, dtype, allowMissing, defaultValue)`: a feature of any
 * number of steps, each of `shape`. In `tf.io.parseSingleExample` a feature of n·size(shape) values
 * parses into a tensor [n, ...shape]; `tf.io.parseExample` pads the examples' steps to the longest
 * with `defaultValue` (one value; default 0, or '' for 'string') into [examples, longest, ...shape].
 * There `allowMissing` must be true (a missing feature has no steps), as in TensorFlow. In the
 * `sequenceFeatures` of `tf.io.parseSingleSequenceExample` it parses a FeatureList, one step per
 * Feature; `allowMissing` lets the list be absent (no steps), and a defaultValue is an error there.
 *
 * @example
 * ```ts
 * // tf.train.Example(features={v: float_list [1, 2, 3, 4]}) serialized.
 * const record = new tf.train.Example({ features: { feature: { v: { floatList: { value: [1, 2, 3, 4] } } } } }).serializeToString();
 * const parsed = tf.io.parseSingleExample(record, { v: new tf.io.FixedLenSequenceFeature([2], 'float32', true) });
 * console.log(parsed.v.arraySync()); // [ [ 1, 2 ], [ 3, 4 ] ]
 * ```
 */
export class FixedLenSequenceFeature<D extends FeatureDType = FeatureDType> {
  /** The dimensions of one step. */
  readonly shape: readonly number[];
  /** 'float32', 'int64' or 'string'. */
  readonly dtype: D;
  /** Whether a missing feature (or feature list) is zero steps rather than an error. */
  readonly allowMissing: boolean;
  /** The padding of parseExample's shorter examples (null: 0, or '' for 'string'). */
  readonly defaultValue: number | string | Uint8Array | null;

  /**
   * @param shape The dimensions of one step ([] for a scalar per step).
   * @param dtype 'float32', 'int64' or 'string'.
   * @param allowMissing A missing feature is zero steps (default false: parseExample requires true).
   * @param defaultValue One value that pads the shorter examples in parseExample (default: 0, or '').
   */
  constructor(shape: readonly number[], dtype: D, allowMissing = false, defaultValue: number | string | Uint8Array | null = null) {
    const op = 'FixedLenSequenceFeature';
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`${op}: shape must be an array of non-negative integers (the dimensions of one step), got ${describe(shape)}.`);
    this.shape = shape.slice();
    this.dtype = checkFeatureDType(dtype, op) as D;
    if (typeof allowMissing !== 'boolean') throw new Error(`${op}: allowMissing must be a boolean, got ${describe(allowMissing)}.`);
    this.allowMissing = allowMissing;
    const d = defaultValue ?? null;
    if (d !== null && typeof d !== 'number' && typeof d !== 'string' && !(d instanceof Uint8Array)) {
      throw new Error(`${op}: defaultValue must be one value (a number, or a string or Uint8Array for 'string'): it pads the shorter examples; got ${describe(defaultValue)}.`);
    }
    this.defaultValue = d;
  }
}

/** The classes' types under second names, for `tf.io.FixedLenFeature` and `tf.io.VarLenFeature` in the namespace of types. */
export type FixedLenFeatureClass = FixedLenFeature;
/** See FixedLenFeatureClass. */
export type VarLenFeatureClass = VarLenFeature;
/** See FixedLenFeatureClass. */
export type FixedLenSequenceFeatureClass = FixedLenSequenceFeature;

/** A VarLenFeature's values: TensorFlow's SparseTensor's fields. */
export type SparseFeature = {
  /** int32 [n, rank]: the position of each value (for parseExample, [example, i]). */
  indices: Tensor;
  /** The values: a float32 or int32 tensor, or an array of Uint8Arrays for 'string'. */
  values: Tensor | Uint8Array[];
  /** int32 [rank]: the dense shape ([largest count] or [examples, largest count]). */
  denseShape: Tensor;
};

/** A features spec: a FixedLenFeature, FixedLenSequenceFeature or VarLenFeature per feature name. */
export type FeaturesSpec = { readonly [name: string]: FixedLenFeature | FixedLenSequenceFeature | VarLenFeature };

/** A dense feature's value: a tensor, or bytes for 'string'. */
type DenseValue<D> = 'string' extends D ? ([D] extends ['string'] ? BytesValue : Tensor | BytesValue) : Tensor;

/** What a features spec parses into. */
export type ParsedFeatures<F> = {
  -readonly [K in keyof F]: F[K] extends FixedLenFeature<infer D> ? DenseValue<D> : F[K] extends FixedLenSequenceFeature<infer D> ? DenseValue<D> : SparseFeature;
};

function checkFeatureDType(dtype: unknown, op: string): FeatureDType {
  if (dtype === 'float32' || dtype === 'int64' || dtype === 'string') return dtype;
  throw new Error(`${op}: dtype must be 'float32', 'int64' or 'string' (the types of tf.train.Example's float_list, int64_list and bytes_list), got ${describe(dtype)}.`);
}

// ---- protobuf decoding --------------------------------------------------------------------------

/** The error of a serialized example that is not valid protobuf. */
function malformed(what: string): (at: number) => Error {
  return (at) => new Error(`Could not parse example input, value: malformed ${what} (truncated or invalid protobuf at byte ${at}).`);
}

/** The features of a serialized tf.train.Example, by name (a feature with no list set is absent,
 * as TensorFlow's parser treats it). */
export function decodeExample(serialized: Uint8Array): Map<string, FeatureValues> {
  const features = new Map<string, FeatureValues>();
  for (const message of decodeMessages(serialized, 1, malformed('Example'))) {
    for (const [key, value] of decodeMap(message, 1, (b) => (b === null ? null : decodeFeatureValues(b, malformed('Feature'))), malformed('Features'))) {
      if (value === null) features.delete(key);
      else features.set(key, value);
    }
  }
  return features;
}

// ---- parsing by a features spec -----------------------------------------------------------------

/** TensorFlow's name of a feature's list type in errors. */
const LIST_NAME: Record<FeatureDType, string> = { float32: 'float', int64: 'int64', string: 'string' };

/** `values` (int64) as numbers, each in int32's range. */
function int32Values(values: readonly bigint[], key: string, op: string): number[] {
  return values.map((v) => {
    if (v < -(2n ** 31n) || v >= 2n ** 31n) throw new Error(`${op}: feature '${key}' holds the int64 value ${v}, outside int32's range (gradtape has no int64 tensors).`);
    return Number(v);
  });
}

/** @internal Flat values of `dtype` from a default value (nested arrays flattened; strings encoded as UTF-8). */
export function defaultValues(value: unknown, dtype: FeatureDType, key: string, op: string): (number | Uint8Array)[] {
  const flat: unknown[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else flat.push(v);
  };
  walk(value);
  return flat.map((v) => {
    if (dtype === 'string') {
      if (typeof v === 'string') return new TextEncoder().encode(v);
      if (v instanceof Uint8Array) return v;
    } else if (typeof v === 'number' && (dtype === 'float32' || Number.isInteger(v))) return v;
    throw new Error(`${op}: the defaultValue of feature '${key}' must be ${dtype === 'string' ? 'strings or Uint8Arrays' : dtype === 'int64' ? 'integers' : 'numbers'}, got ${describe(value)}.`);
  });
}

/** `flat` (row-major) as nested arrays of `shape`. */
function nest<T>(flat: readonly T[], shape: readonly number[]): unknown {
  if (shape.length === 0) return flat[0];
  const step = flat.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), shape.slice(1)));
}

/** The flat values of a FixedLenFeature in one example (its default when absent). */
function fixedValues(found: FeatureValues | undefined, spec: FixedLenFeature, key: string, index: number, op: string): (number | Uint8Array)[] {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  if (found === undefined) {
    if (spec.defaultValue === null) throw new Error(`${op}: Feature: ${key} (data type: ${LIST_NAME[spec.dtype]}) is required but could not be found.`);
    const values = defaultValues(spec.defaultValue, spec.dtype, key, op);
    if (values.length === 1 && size !== 1) return Array.from({ length: size }, () => values[0]!);
    if (values.length !== size) throw new Error(`${op}: the defaultValue of feature '${key}' has ${values.length} values; its shape [${spec.shape.join(', ')}] needs ${size}.`);
    return values;
  }
  const values = featureValues(found, spec.dtype, key, index, op);
  if (values.length !== size) {
    throw new Error(`${op}: Key: ${key}.  Can't parse serialized Example: example ${index} has ${values.length} ${LIST_NAME[spec.dtype]} values where the shape [${spec.shape.join(', ')}] needs ${size}.`);
  }
  return values;
}

/** @internal `found`'s values, checked to be of `dtype`. */
export function featureValues(found: FeatureValues, dtype: FeatureDType, key: string, index: number, op: string): (number | Uint8Array)[] {
  if (found.kind !== dtype) throw new Error(`${op}: Key: ${key}.  Data types don't match. Data type: ${LIST_NAME[found.kind]} but expected type: ${LIST_NAME[dtype]} (example ${index})`);
  return found.kind === 'int64' ? int32Values(found.values, key, op) : found.values;
}

/** @internal A tensor (or Uint8Arrays) of `dtype` holding `flat` in `shape`. */
export function valueOf(flat: readonly (number | Uint8Array)[], shape: readonly number[], dtype: FeatureDType): Tensor | BytesValue {
  if (dtype === 'string') return nest(flat, shape) as BytesValue;
  return constant(flat.length === 0 ? new Float32Array(0) : (flat as number[]), dtype === 'int64' ? 'int32' : 'float32').reshape(shape as number[]);
}

/** The serialized examples, checked. */
function examplesOf(serialized: unknown, op: string, batch: boolean): Uint8Array[] {
  const asBytes = (v: unknown): Uint8Array | null => (v instanceof Uint8Array ? v : typeof v === 'string' ? new TextEncoder().encode(v) : null);
  if (!batch) {
    const one = asBytes(serialized);
    if (one === null) throw new Error(`${op}: serialized must be a Uint8Array (a serialized tf.train.Example, as TFRecordDataset gives), got ${describe(serialized)}.`);
    return [one];
  }
  if (!Array.isArray(serialized)) throw new Error(`${op}: serialized must be an array of Uint8Arrays (serialized tf.train.Examples, as TFRecordDataset(...).batch(n) gives), got ${describe(serialized)}.`);
  return serialized.map((s, i) => {
    const b = asBytes(s);
    if (b === null) throw new Error(`${op}: serialized[${i}] must be a Uint8Array, got ${describe(s)}.`);
    return b;
  });
}

/** The features spec, checked (a FixedLenSequenceFeature of parseExample must allow missing, as TensorFlow requires). */
function checkFeatures(features: unknown, op: string): [string, FixedLenFeature | FixedLenSequenceFeature | VarLenFeature][] {
  if (!isPlainObject(features) || Object.keys(features).length === 0) throw new Error(`${op}: features must be an object of tf.io.FixedLenFeature, tf.io.FixedLenSequenceFeature and tf.io.VarLenFeature by feature name, got ${describe(features)}.`);
  return Object.entries(features).map(([key, spec]) => {
    if (!(spec instanceof FixedLenFeature || spec instanceof FixedLenSequenceFeature || spec instanceof VarLenFeature)) {
      throw new Error(`${op}: features.${key} must be a tf.io.FixedLenFeature, tf.io.FixedLenSequenceFeature or tf.io.VarLenFeature, got ${describe(spec)}.`);
    }
    if (spec instanceof FixedLenSequenceFeature && !spec.allowMissing) throw new Error(`${op}: Unsupported: FixedLenSequenceFeature requires allow_missing to be True.`);
    return [key, spec];
  });
}

/** The one padding value of a FixedLenSequenceFeature (0, or empty bytes, by default). */
function sequencePadding(spec: FixedLenSequenceFeature, key: string, op: string): number | Uint8Array {
  if (spec.defaultValue === null) return spec.dtype === 'string' ? new Uint8Array(0) : 0;
  return defaultValues(spec.defaultValue, spec.dtype, key, op)[0]!;
}

/** @internal The steps of a FixedLenSequenceFeature, `perExample[i]` holding example i's flat values,
 * padded with `padding` to the longest: flat values of [examples, longest, ...shape], and longest. */
export function padSteps(perExample: readonly (readonly (number | Uint8Array)[])[], stepSize: number, padding: number | Uint8Array): [flat: (number | Uint8Array)[], longest: number] {
  const steps = perExample.map((v) => (stepSize === 0 ? 0 : v.length / stepSize));
  const longest = steps.reduce((m, n) => Math.max(m, n), 0);
  const flat: (number | Uint8Array)[] = [];
  perExample.forEach((values, i) => {
    flat.push(...values);
    for (let k = steps[i]! * stepSize; k < longest * stepSize; k++) flat.push(padding);
  });
  return [flat, longest];
}

/** The features of `examples` by `spec`: stacked along a first axis when `batch`. */
function parse(examples: readonly Uint8Array[], entries: [string, FixedLenFeature | FixedLenSequenceFeature | VarLenFeature][], batch: boolean, op: string): Record<string, unknown> {
  const decoded = examples.map((e) => decodeExample(e));
  const out: Record<string, unknown> = {};
  for (const [key, spec] of entries) {
    if (spec instanceof FixedLenFeature) {
      const flat = decoded.flatMap((features, i) => fixedValues(features.get(key), spec, key, i, op));
      out[key] = valueOf(flat, batch ? [examples.length, ...spec.shape] : spec.shape, spec.dtype);
      continue;
    }
    if (spec instanceof FixedLenSequenceFeature) {
      const stepSize = spec.shape.reduce((a, b) => a * b, 1);
      const perExample = decoded.map((features, i) => {
        const found = features.get(key);
        // TensorFlow's batch parser names the example in its messages; its single-example parser does not.
        if (batch && found !== undefined && found.kind !== spec.dtype) {
          throw new Error(`${op}: Name: <unknown>, Key: ${key}, Index: ${i}.  Data types don't match. Data type: ${LIST_NAME[found.kind]} but expected type: ${LIST_NAME[spec.dtype]}`);
        }
        const values = found === undefined ? [] : featureValues(found, spec.dtype, key, i, op);
        if (stepSize === 0 ? values.length !== 0 : values.length % stepSize !== 0) {
          throw new Error(
            batch
              ? `${op}: Name: <unknown>, Key: ${key}, Index: ${i}.  Number of ${LIST_NAME[spec.dtype]} values is not a multiple of stride length. Saw ${values.length} values but output shape is: [?,${spec.shape.join(',')}]`
              : `${op}: Error while parsing feature with key ${key}: number of elements should be divisible by ${stepSize}, found ${values.length} instead`,
          );
        }
        return values;
      });
      const [flat, longest] = padSteps(perExample, stepSize, sequencePadding(spec, key, op));
      out[key] = valueOf(flat, batch ? [examples.length, longest, ...spec.shape] : [longest, ...spec.shape], spec.dtype);
      continue;
    }
    const perExample = decoded.map((features, i) => {
      const found = features.get(key);
      return found === undefined ? [] : featureValues(found, spec.dtype, key, i, op);
    });
    out[key] = sparseFeature(perExample, spec.dtype, batch);
  }
  return out;
}

/** @internal A VarLenFeature's sparse fields from each example's values: indices [example, j]
 * (`batch`) or [j], dense shape [examples, longest] or [longest]. */
export function sparseFeature(perExample: readonly (readonly (number | Uint8Array)[])[], dtype: FeatureDType, batch: boolean): SparseFeature {
  const longest = perExample.reduce((m, v) => Math.max(m, v.length), 0);
  const indices = perExample.flatMap((values, i) => values.map((_, j) => (batch ? [i, j] : [j])));
  const values = perExample.flat();
  return {
    indices: constant(indices.length === 0 ? new Int32Array(0) : indices, 'int32').reshape([indices.length, batch ? 2 : 1]),
    values: dtype === 'string' ? (values as Uint8Array[]) : (valueOf(values, [values.length], dtype) as Tensor),
    denseShape: constant(batch ? [perExample.length, longest] : [longest], 'int32'),
  };
}

/**
 * `tf.io.parse_single_example(serialized, features)`: the features of one serialized
 * tf.train.Example (a Uint8Array, such as a TFRecordDataset record) by `features`, an object of
 * `tf.io.FixedLenFeature` and `tf.io.VarLenFeature` by feature name. A FixedLenFeature gives a
 * tensor of its shape (int32 for 'int64': a value outside int32's range is an error), or
 * Uint8Arrays for 'string'; a VarLenFeature gives `{indices, values, denseShape}`, TensorFlow's
 * SparseTensor's fields. Features not in `features` are ignored; a missing FixedLenFeature without
 * a default, a wrong number of values or another list type is TensorFlow's error.
 *
 * @example
 * ```ts
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const writer = new tf.io.TFRecordWriter(`${dir}/examples.tfrecord`);
 * // A tf.train.Example with features {x: float_list [1.5, 2.5], y: int64_list [7]}, as TensorFlow serializes it.
 * writer.write(new Uint8Array([10, 31, 10, 10, 10, 1, 121, 18, 5, 26, 3, 10, 1, 7, 10, 17, 10, 1, 120, 18, 12, 18, 10, 10, 8, 0, 0, 192, 63, 0, 0, 32, 64]));
 * writer.close();
 * const spec = { x: new tf.io.FixedLenFeature([2], 'float32'), y: new tf.io.FixedLenFeature([], 'int64'), z: new tf.io.FixedLenFeature([], 'float32', -1) };
 * const ds = new tf.data.TFRecordDataset(`${dir}/examples.tfrecord`).map((record) => tf.io.parseSingleExample(record, spec));
 * console.log([...ds.asNumpyIterator()]); // [ { x: [ 1.5, 2.5 ], y: 7, z: -1 } ]
 * ```
 */
export function parseSingleExample<const F extends FeaturesSpec>(serialized: Uint8Array | string, features: F): ParsedFeatures<F> {
  const op = 'io.parseSingleExample';
  const entries = checkFeatures(features, op);
  return parse(examplesOf(serialized, op, false), entries, false, op) as ParsedFeatures<F>;
}

/**
 * `tf.io.parse_example(serialized, features)`: `parseSingleExample` for an array of serialized
 * examples (as `TFRecordDataset(...).batch(n)` gives), each feature stacked along a new first
 * axis; a VarLenFeature's indices are `[example, position]` and its denseShape `[examples,
 * largest count]`.
 *
 * @example
 * ```ts
 * // tf.train.Example(features={v: int64_list [n]}) serialized, for n < 128.
 * const example = (n: number) => new Uint8Array([10, 12, 10, 10, 10, 1, 118, 18, 5, 26, 3, 10, 1, n]);
 * const parsed = tf.io.parseExample([example(3), example(5)], { v: new tf.io.FixedLenFeature([1], 'int64') });
 * console.log(parsed.v.arraySync()); // [ [ 3 ], [ 5 ] ]
 * ```
 */
export function parseExample<const F extends FeaturesSpec>(serialized: readonly (Uint8Array | string)[], features: F): ParsedFeatures<F> {
  const op = 'io.parseExample';
  const entries = checkFeatures(features, op);
  return parse(examplesOf(serialized, op, true), entries, true, op) as ParsedFeatures<F>;
}
