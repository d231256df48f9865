// tf.io.parse_single_sequence_example and tf.io.parse_sequence_example (parsing_ops.py,
// example_proto_fast_parsing.cc's FastParseSequenceExample): tf.train.SequenceExample protobufs
// (SequenceExample { Features context = 1; FeatureLists feature_lists = 2 }) decoded by a spec of
// context features (FixedLenFeature, VarLenFeature) and sequence features
// (FixedLenSequenceFeature: one step per Feature of the FeatureList; VarLenFeature: a sparse
// [steps, values] feature). As for tf.train.Example, int64 features become int32 tensors and
// string features Uint8Arrays; errors carry TensorFlow's messages.

import { constant } from '../creation';
import { describe, isPlainObject } from '../describe';
import type { Tensor } from '../tensor';
import {
  type BytesValue,
  type FeatureDType,
  FixedLenFeature,
  FixedLenSequenceFeature,
  type ParsedFeatures,
  type SparseFeature,
  VarLenFeature,
  defaultValues,
  featureValues,
  padSteps,
  sparseFeature,
  valueOf,
} from './example';
import { type FeatureValues, decodeFeatureValues, decodeMap, decodeMessages } from './example-proto';

/** A context features spec: a FixedLenFeature or VarLenFeature per feature name. */
export type ContextFeaturesSpec = { readonly [name: string]: FixedLenFeature | VarLenFeature };
/** A sequence features spec: a FixedLenSequenceFeature or VarLenFeature per feature list name. */
export type SequenceFeaturesSpec = { readonly [name: string]: FixedLenSequenceFeature | VarLenFeature };

/** What `parseSequenceExample` gives besides the features: each FixedLenSequenceFeature's number of
 * steps per example (an int32 [examples] tensor; TensorFlow's int64). */
export type SequenceLengths<S> = { -readonly [K in keyof S as S[K] extends FixedLenSequenceFeature ? K : never]: Tensor };

/** A decoded SequenceExample: context features, and each feature list's steps (null: a step
 * Feature with no list set, zero values of any type, as TensorFlow reads it). */
interface DecodedSequenceExample {
  context: Map<string, FeatureValues>;
  featureLists: Map<string, (FeatureValues | null)[]>;
}

const TF_DTYPE: Record<FeatureDType, string> = { float32: 'tf.float32', int64: 'tf.int64', string: 'tf.string' };

/** A Python repr of a default value, for TensorFlow's messages that quote a feature. */
function pythonRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (Array.isArray(v)) return `[${v.map(pythonRepr).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v instanceof Uint8Array) return `b'${new TextDecoder().decode(v)}'`;
  return String(v);
}

/** A feature as Python's repr shows it (the namedtuple). */
function featureRepr(spec: FixedLenFeature | FixedLenSequenceFeature | VarLenFeature): string {
  if (spec instanceof VarLenFeature) return `VarLenFeature(dtype=${TF_DTYPE[spec.dtype]})`;
  const shape = `shape=[${spec.shape.join(', ')}], dtype=${TF_DTYPE[spec.dtype]}`;
  if (spec instanceof FixedLenFeature) return `FixedLenFeature(${shape}, default_value=${pythonRepr(spec.defaultValue)})`;
  return `FixedLenSequenceFeature(${shape}, allow_missing=${pythonRepr(spec.allowMissing)}, default_value=${pythonRepr(spec.defaultValue)})`;
}

/** A spec argument: null, undefined or {} for none, else its entries checked to be of `allowed`. */
function specEntries<T>(spec: unknown, op: string, argument: string, allowed: (s: unknown) => s is T, kinds: string): [string, T][] {
  if (spec === null || spec === undefined) return [];
  if (!isPlainObject(spec)) throw new Error(`${op}: ${argument} must be an object of ${kinds} by name, got ${describe(spec)}.`);
  return Object.entries(spec).map(([key, s]) => {
    if (allowed(s)) return [key, s];
    if (s instanceof FixedLenFeature || s instanceof FixedLenSequenceFeature || s instanceof VarLenFeature) {
      throw new Error(`${op}: Unsupported ${s.constructor.name} ${featureRepr(s)} for key '${key}'`);
    }
    throw new Error(`${op}: ${argument}.${key} must be a ${kinds}, got ${describe(s)}.`);
  });
}

/** A serialized SequenceExample decoded (TensorFlow's error when it is not valid protobuf). */
function decodeSequenceExample(serialized: Uint8Array, op: string): DecodedSequenceExample {
  const fail = (): Error => new Error(`${op}: Invalid protocol message input, example id: <unknown>`);
  const context = new Map<string, FeatureValues>();
  const featureLists = new Map<string, (FeatureValues | null)[]>();
  for (const message of decodeMessages(serialized, 1, fail)) {
    for (const [key, value] of decodeMap(message, 1, (b) => (b === null ? null : decodeFeatureValues(b, fail)), fail)) {
      if (value === null) context.delete(key);
      else context.set(key, value);
    }
  }
  for (const message of decodeMessages(serialized, 2, fail)) {
    for (const [key, steps] of decodeMap(message, 1, (b) => (b === null ? [] : decodeMessages(b, 1, fail).map((f) => decodeFeatureValues(f, fail))), fail)) featureLists.set(key, steps);
  }
  return { context, featureLists };
}

/** A step's (or context feature's) values checked to be of `dtype`; `where` is TensorFlow's
 * prefix naming it ("Context feature: c" or "Feature list: f, Index: 2"). */
function typedValues(found: FeatureValues | null, dtype: FeatureDType, key: string, where: string, op: string): (number | Uint8Array)[] {
  if (found === null) return [];
  if (found.kind !== dtype) throw new Error(`${op}: Name: <unknown>, ${where}.  Data types don't match. Expected type: ${dtype === 'float32' ? 'float' : dtype}`);
  return featureValues(found, dtype, key, 0, op);
}

/** The sparse fields of per-example lists of rows of values (`rows[e][r]`), indices [e, r, j]
 * (`batch`) or [r, j]. */
function sparseOf(rows: readonly (readonly (number | Uint8Array)[])[][], dtype: FeatureDType, batch: boolean): SparseFeature {
  const indices: number[][] = [];
  const values: (number | Uint8Array)[] = [];
  let longestRows = 0;
  let longestRow = 0;
  rows.forEach((exampleRows, e) => {
    longestRows = Math.max(longestRows, exampleRows.length);
    exampleRows.forEach((row, r) => {
      longestRow = Math.max(longestRow, row.length);
      row.forEach((v, j) => {
        indices.push(batch ? [e, r, j] : [r, j]);
        values.push(v);
      });
    });
  });
  const rank = batch ? 3 : 2;
  return {
    indices: constant(indices.length === 0 ? new Int32Array(0) : indices, 'int32').reshape([indices.length, rank]),
    values: dtype === 'string' ? (values as Uint8Array[]) : (valueOf(values, [values.length], dtype) as Tensor),
    denseShape: constant(batch ? [rows.length, longestRows, longestRow] : [longestRows, longestRow], 'int32'),
  };
}

/** The context features of the decoded examples (stacked along a first axis when `batch`). */
function parseContext(decoded: readonly DecodedSequenceExample[], entries: [string, FixedLenFeature | VarLenFeature][], batch: boolean, op: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of entries) {
    const perExample = decoded.map((d) => {
      const found = d.context.get(key);
      return found === undefined ? null : typedValues(found, spec.dtype, key, `Context feature: ${key}`, op);
    });
    if (spec instanceof VarLenFeature) {
      out[key] = sparseFeature(
        perExample.map((v) => v ?? []),
        spec.dtype,
        batch,
      );
      continue;
    }
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const flat = perExample.flatMap((values) => {
      if (values === null && spec.defaultValue !== null) {
        const d = defaultValues(spec.defaultValue, spec.dtype, key, op);
        return d.length === 1 && size !== 1 ? Array.from({ length: size }, () => d[0]!) : d;
      }
      const found = values ?? [];
      if (found.length !== size) {
        throw new Error(spec.defaultValue === null ? `${op}: Inconsistent max number of elements for feature ${key}: expected ${size}, but found ${found.length}` : `${op}: Unexpected number of elements in example <unknown>`);
      }
      return found;
    });
    out[key] = valueOf(flat, batch ? [decoded.length, ...spec.shape] : spec.shape, spec.dtype);
  }
  return out;
}

/** The sequence features of the decoded examples, and each FixedLenSequenceFeature's lengths. */
function parseFeatureLists(decoded: readonly DecodedSequenceExample[], entries: [string, FixedLenSequenceFeature | VarLenFeature][], batch: boolean, op: string): [Record<string, unknown>, Record<string, Tensor>] {
  const out: Record<string, unknown> = {};
  const lengths: Record<string, Tensor> = {};
  for (const [key, spec] of entries) {
    const perExample = decoded.map((d) => {
      const steps = d.featureLists.get(key);
      if (steps === undefined && spec instanceof FixedLenSequenceFeature && !spec.allowMissing) {
        throw new Error(`${op}: Name: <unknown>, Feature list '${key}' is required but could not be found.  Did you mean to include it in feature_list_dense_missing_assumed_empty or feature_list_dense_defaults?`);
      }
      return (steps ?? []).map((step, t) => typedValues(step, spec.dtype, key, `Feature list: ${key}, Index: ${t}`, op));
    });
    if (spec instanceof VarLenFeature) {
      out[key] = sparseOf(perExample, spec.dtype, batch);
      continue;
    }
    const stepSize = spec.shape.reduce((a, b) => a * b, 1);
    const flatPerExample = perExample.map((steps) => {
      const total = steps.reduce((n, s) => n + s.length, 0);
      if (stepSize === 0 ? total !== 0 : total % stepSize !== 0) {
        throw new Error(`${op}: Feature list '${key}' has an unexpected number of values.  Total values size: ${total} is not consistent with output shape: [?,${spec.shape.join(',')}]`);
      }
      steps.forEach((s, t) => {
        if (s.length !== stepSize) throw new Error(`${op}: Name: <unknown>, Key: ${key}, Index: ${t}.  Number of values != expected.  values size: ${s.length} but output shape: [${spec.shape.join(',')}]`);
      });
      return steps.flat();
    });
    // TensorFlow pads with zeros (a sequence feature takes no default).
    const [flat, longest] = padSteps(flatPerExample, stepSize, spec.dtype === 'string' ? new Uint8Array(0) : 0);
    out[key] = valueOf(flat, batch ? [decoded.length, longest, ...spec.shape] : [longest, ...spec.shape], spec.dtype);
    lengths[key] = constant(
      perExample.map((steps) => steps.length),
      'int32',
    );
  }
  return [out, lengths];
}

/** Both specs checked: at least one feature, sequence features without defaults. */
function checkSpecs(contextFeatures: unknown, sequenceFeatures: unknown, op: string): [[string, FixedLenFeature | VarLenFeature][], [string, FixedLenSequenceFeature | VarLenFeature][]] {
  const context = specEntries(contextFeatures, op, 'contextFeatures', (s): s is FixedLenFeature | VarLenFeature => s instanceof FixedLenFeature || s instanceof VarLenFeature, 'tf.io.FixedLenFeature or tf.io.VarLenFeature');
  const sequence = specEntries(sequenceFeatures, op, 'sequenceFeatures', (s): s is FixedLenSequenceFeature | VarLenFeature => s instanceof FixedLenSequenceFeature || s instanceof VarLenFeature, 'tf.io.FixedLenSequenceFeature or tf.io.VarLenFeature');
  if (context.length === 0 && sequence.length === 0) throw new Error(`${op}: Both context_features and sequence_features are None, but at least one should have values.`);
  for (const [key, spec] of sequence) {
    if (spec instanceof FixedLenSequenceFeature && spec.defaultValue !== null) throw new Error(`${op}: Value feature_list.dense_defaults[${key}] must be None`);
  }
  return [context, sequence];
}

function serializedOf(v: unknown, op: string, what: string): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (typeof v === 'string') return new TextEncoder().encode(v);
  throw new Error(`${op}: ${what} must be a Uint8Array (a serialized tf.train.SequenceExample), got ${describe(v)}.`);
}

/** What a context spec parses into. */
export type ParsedContext<C> = ParsedFeatures<C>;
/** What a sequence spec parses into. */
export type ParsedSequence<S> = { -readonly [K in keyof S]: S[K] extends FixedLenSequenceFeature<infer D> ? ('string' extends D ? ([D] extends ['string'] ? BytesValue : Tensor | BytesValue) : Tensor) : SparseFeature };

/**
 * `tf.io.parse_single_sequence_example(serialized, context_features, sequence_features)`: the
 * features of one serialized tf.train.SequenceExample, as `[context, featureLists]`. The context
 * features (tf.io.FixedLenFeature, tf.io.VarLenFeature) parse as in `parseSingleExample`; a
 * `tf.io.FixedLenSequenceFeature(shape, dtype)` of `sequenceFeatures` gives a tensor [steps,
 * ...shape] (one step per Feature of its FeatureList; a missing list is an error unless
 * `allowMissing`), and a VarLenFeature a sparse [steps, longest step] feature. Either spec may be
 * null; int64 features become int32 tensors and strings Uint8Arrays.
 *
 * @example
 * ```ts
 * const record = new tf.train.SequenceExample({
 *   context: { feature: { label: { int64List: { value: [1] } } } },
 *   featureLists: { featureList: { frames: { feature: [{ floatList: { value: [0.5, 1] } }, { floatList: { value: [2, 4] } }] } } },
 * }).serializeToString();
 * const [context, sequence] = tf.io.parseSingleSequenceExample(
 *   record,
 *   { label: new tf.io.FixedLenFeature([], 'int64') },
 *   { frames: new tf.io.FixedLenSequenceFeature([2], 'float32') },
 * );
 * console.log(context.label.arraySync(), sequence.frames.arraySync()); // 1 [ [ 0.5, 1 ], [ 2, 4 ] ]
 * ```
 */
export function parseSingleSequenceExample<const C extends ContextFeaturesSpec = {}, const S extends SequenceFeaturesSpec = {}>(
  serialized: Uint8Array | string,
  contextFeatures?: C | null,
  sequenceFeatures?: S | null,
): [context: ParsedContext<C>, featureLists: ParsedSequence<S>] {
  const op = 'io.parseSingleSequenceExample';
  const [context, sequence] = checkSpecs(contextFeatures, sequenceFeatures, op);
  const decoded = [decodeSequenceExample(serializedOf(serialized, op, 'serialized'), op)];
  return [parseContext(decoded, context, false, op) as ParsedContext<C>, parseFeatureLists(decoded, sequence, false, op)[0] as ParsedSequence<S>];
}

/**
 * `tf.io.parse_sequence_example(serialized, context_features, sequence_features)`:
 * `parseSingleSequenceExample` for an array of serialized SequenceExamples, as `[context,
 * featureLists, lengths]`: context features stacked along a first axis, each
 * FixedLenSequenceFeature a tensor [examples, longest, ...shape] padded with zeros (TensorFlow's
 * padding; a sequence feature takes no default) and its steps per example in `lengths` (int32),
 * each VarLenFeature a sparse [examples, steps, values] feature.
 *
 * @example
 * ```ts
 * const record = (tokens: number[]) =>
 *   new tf.train.SequenceExample({ featureLists: { featureList: { tokens: { feature: tokens.map((t) => ({ int64List: { value: [t] } })) } } } }).serializeToString();
 * const [, sequence, lengths] = tf.io.parseSequenceExample([record([4, 5, 6]), record([7])], null, { tokens: new tf.io.FixedLenSequenceFeature([], 'int64') });
 * console.log(sequence.tokens.arraySync(), lengths.tokens.arraySync()); // [ [ 4, 5, 6 ], [ 7, 0, 0 ] ] [ 3, 1 ]
 * ```
 */
export function parseSequenceExample<const C extends ContextFeaturesSpec = {}, const S extends SequenceFeaturesSpec = {}>(
  serialized: readonly (Uint8Array | string)[],
  contextFeatures?: C | null,
  sequenceFeatures?: S | null,
): [context: ParsedContext<C>, featureLists: ParsedSequence<S>, lengths: SequenceLengths<S>] {
  const op = 'io.parseSequenceExample';
  const [context, sequence] = checkSpecs(contextFeatures, sequenceFeatures, op);
  if (!Array.isArray(serialized)) throw new Error(`${op}: serialized must be an array of Uint8Arrays (serialized tf.train.SequenceExamples), got ${describe(serialized)}.`);
  const decoded = serialized.map((s, i) => decodeSequenceExample(serializedOf(s, op, `serialized[${i}]`), op));
  const [featureLists, lengths] = parseFeatureLists(decoded, sequence, true, op);
  return [parseContext(decoded, context, true, op) as ParsedContext<C>, featureLists as ParsedSequence<S>, lengths as SequenceLengths<S>];
}
