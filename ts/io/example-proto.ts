// tf.train.Example and tf.train.SequenceExample as JS classes (TensorFlow's example.proto and
// feature.proto, as the Python protobuf API exposes them, names in camelCase), written and read
// with ./protobuf.ts. The messages:
//   BytesList { repeated bytes value = 1 }   FloatList { repeated float value = 1 [packed] }
//   Int64List { repeated int64 value = 1 [packed] }
//   Feature { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3 } }
//   Features { map<string, Feature> feature = 1 }   FeatureList { repeated Feature feature = 1 }
//   FeatureLists { map<string, FeatureList> feature_list = 1 }
//   Example { Features features = 1 }   SequenceExample { Features context = 1; FeatureLists feature_lists = 2 }
// A map is written as repeated entries { key = 1; value = 2 } (both always written), in the order
// of TensorFlow's SerializeToString(deterministic=True) (upb's map sorter): by the keys' UTF-8
// bytes, except that a key comes before its own prefixes ('ab' before 'a'; '' last). Python's plain
// SerializeToString() writes a map of two or more entries in the order of a hash table seeded anew
// in every process, so no fixed order can match it; its bytes parse to the same message.

import { describe, isPlainObject } from '../describe';
import { ProtoReader, ProtoWriter, WIRE_FIXED32, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './protobuf';

const utf8 = new TextEncoder();
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A feature's values as read: floats, integers, or byte strings. */
export type FeatureValues = { kind: 'float32'; values: number[] } | { kind: 'int64'; values: bigint[] } | { kind: 'string'; values: Uint8Array[] };

// ---- reading ------------------------------------------------------------------------------------

/** @internal The values of a Feature message; null when no list is set. */
export function decodeFeatureValues(bytes: Uint8Array, fail: (at: number) => Error): FeatureValues | null {
  const r = new ProtoReader(bytes, fail);
  let out: FeatureValues | null = null;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (wire !== WIRE_LENGTH_DELIMITED || field < 1 || field > 3) {
      r.skip(wire);
      continue;
    }
    const list = new ProtoReader(r.lengthDelimited(), fail);
    if (field === 1) {
      const values: Uint8Array[] = [];
      while (!list.done) {
        const [f, w] = list.tag();
        if (f === 1 && w === WIRE_LENGTH_DELIMITED) values.push(list.lengthDelimited().slice());
        else list.skip(w);
      }
      out = { kind: 'string', values };
    } else if (field === 2) {
      const values: number[] = [];
      while (!list.done) {
        const [f, w] = list.tag();
        if (f === 1 && w === WIRE_LENGTH_DELIMITED) {
          const packed = new ProtoReader(list.lengthDelimited(), fail);
          while (!packed.done) values.push(packed.fixed32());
        } else if (f === 1 && w === WIRE_FIXED32) values.push(list.fixed32());
        else list.skip(w);
      }
      out = { kind: 'float32', values };
    } else {
      const values: bigint[] = [];
      while (!list.done) {
        const [f, w] = list.tag();
        if (f === 1 && w === WIRE_LENGTH_DELIMITED) {
          const packed = new ProtoReader(list.lengthDelimited(), fail);
          while (!packed.done) values.push(BigInt.asIntN(64, packed.varint()));
        } else if (f === 1 && w === WIRE_VARINT) values.push(BigInt.asIntN(64, list.varint()));
        else list.skip(w);
      }
      out = { kind: 'int64', values };
    }
  }
  return out;
}

/** @internal The entries of a map field (number `mapField` of `bytes`), in order, a key repeated
 * keeping its last value (protobuf's rule); `value` decodes an entry's value (null: none). */
export function decodeMap<V>(bytes: Uint8Array, mapField: number, value: (bytes: Uint8Array | null) => V, fail: (at: number) => Error): Map<string, V> {
  const out = new Map<string, V>();
  const r = new ProtoReader(bytes, fail);
  while (!r.done) {
    const [f, w] = r.tag();
    if (f !== mapField || w !== WIRE_LENGTH_DELIMITED) {
      r.skip(w);
      continue;
    }
    const entry = new ProtoReader(r.lengthDelimited(), fail);
    let key = '';
    let valueBytes: Uint8Array | null = null;
    while (!entry.done) {
      const [ef, ew] = entry.tag();
      if (ef === 1 && ew === WIRE_LENGTH_DELIMITED) key = new TextDecoder().decode(entry.lengthDelimited());
      else if (ef === 2 && ew === WIRE_LENGTH_DELIMITED) valueBytes = entry.lengthDelimited();
      else entry.skip(ew);
    }
    out.delete(key);
    out.set(key, value(valueBytes));
  }
  return out;
}

/** @internal The submessages of field `field` of `bytes` (the last one for a singular field). */
export function decodeMessages(bytes: Uint8Array, field: number, fail: (at: number) => Error): Uint8Array[] {
  const out: Uint8Array[] = [];
  const r = new ProtoReader(bytes, fail);
  while (!r.done) {
    const [f, w] = r.tag();
    if (f === field && w === WIRE_LENGTH_DELIMITED) out.push(r.lengthDelimited());
    else r.skip(w);
  }
  return out;
}

// ---- the classes ----------------------------------------------------------------------------------

/** The error of bytes that are not the message, as Python's protobuf names it. */
function decodeError(what: string): (at: number) => Error {
  return (at) => new Error(`${what}.fromString: DecodeError: Error parsing message (truncated or invalid protobuf at byte ${at}).`);
}

/** The initializer's `value`, an array or iterable, or an error naming `op`. */
function valuesOf(init: unknown, op: string): unknown[] {
  if (init === undefined || init === null) return [];
  if (!isPlainObject(init)) throw new Error(`${op}: the argument must be an object like {value: [...]}, got ${describe(init)}.`);
  for (const key of Object.keys(init)) if (key !== 'value') throw new Error(`${op}: unknown field '${key}'; the field is value.`);
  const v = init.value;
  if (v === undefined || v === null) return [];
  if (typeof v === 'string' || !(Symbol.iterator in Object(v))) throw new Error(`${op}: value must be an array, got ${describe(v)}.`);
  return [...(v as Iterable<unknown>)];
}

/**
 * `tf.train.BytesList(value=[...])`: byte strings (Uint8Arrays; a JS string is stored as its UTF-8
 * bytes).
 *
 * @example
 * ```ts
 * console.log(new tf.train.BytesList({ value: ['ab', new Uint8Array([0])] }).value); // [ Uint8Array(2) [ 97, 98 ], Uint8Array(1) [ 0 ] ]
 * ```
 */
export class BytesList {
  /** The byte strings. */
  value: Uint8Array[];

  /** @param init `{value}`: Uint8Arrays or strings (UTF-8). */
  constructor(init: { value?: Iterable<Uint8Array | string> | null } = {}) {
    const op = 'train.BytesList';
    this.value = valuesOf(init, op).map((v, i) => {
      if (typeof v === 'string') return utf8.encode(v);
      if (v instanceof Uint8Array) return v;
      throw new Error(`${op}: value[${i}] must be a Uint8Array or a string, got ${describe(v)}.`);
    });
  }
}

/**
 * `tf.train.FloatList(value=[...])`: float32 values (numbers rounded to float32 as they are stored,
 * as TensorFlow stores them).
 *
 * @example
 * ```ts
 * console.log(new tf.train.FloatList({ value: [0.5, 0.1] }).value); // [ 0.5, 0.10000000149011612 ]
 * ```
 */
export class FloatList {
  /** The values, float32-rounded. */
  value: number[];

  /** @param init `{value}`: numbers. */
  constructor(init: { value?: Iterable<number> | null } = {}) {
    const op = 'train.FloatList';
    this.value = valuesOf(init, op).map((v, i) => {
      if (typeof v !== 'number') throw new Error(`${op}: value[${i}] must be a number, got ${describe(v)}.`);
      return Math.fround(v);
    });
  }
}

/**
 * `tf.train.Int64List(value=[...])`: 64-bit integers, given as numbers (integers) or bigints
 * (the full int64 range). Values read back by `fromString` are numbers when they are safe integers
 * (|v| ≤ 2^53 − 1), bigints otherwise.
 *
 * @example
 * ```ts
 * console.log(new tf.train.Int64List({ value: [1, -2n, 2n ** 62n] }).value); // [ 1, -2n, 4611686018427387904n ]
 * ```
 */
export class Int64List {
  /** The values as given. */
  value: (number | bigint)[];

  /** @param init `{value}`: integers (numbers or bigints). */
  constructor(init: { value?: Iterable<number | bigint> | null } = {}) {
    const op = 'train.Int64List';
    this.value = valuesOf(init, op).map((v, i) => {
      const ok = (typeof v === 'number' && Number.isInteger(v) && BigInt(v) >= INT64_MIN && BigInt(v) <= INT64_MAX) || (typeof v === 'bigint' && v >= INT64_MIN && v <= INT64_MAX);
      if (!ok) throw new Error(`${op}: value[${i}] must be an integer (a number or a bigint) from -2^63 to 2^63 - 1, got ${describe(v)}.`);
      return v as number | bigint;
    });
  }
}

/** The fields of `new tf.train.Feature(...)`: one list at most (the oneof `kind`). */
export interface FeatureInit {
  /** Byte strings. */
  bytesList?: BytesList | { value?: Iterable<Uint8Array | string> | null } | null;
  /** float32 values. */
  floatList?: FloatList | { value?: Iterable<number> | null } | null;
  /** int64 values. */
  int64List?: Int64List | { value?: Iterable<number | bigint> | null } | null;
}

/**
 * `tf.train.Feature(bytes_list=..., float_list=... or int64_list=...)`: one list of values (the
 * oneof `kind`: setting two is an error). The lists may be given as their classes or as plain
 * `{value: [...]}` objects.
 *
 * @example
 * ```ts
 * const feature = new tf.train.Feature({ int64List: { value: [7] } });
 * console.log(feature.kind, feature.int64List?.value); // int64List [ 7 ]
 * ```
 */
export class Feature {
  /** The byte strings, when this is a bytes feature. */
  bytesList: BytesList | null = null;
  /** The floats, when this is a float feature. */
  floatList: FloatList | null = null;
  /** The integers, when this is an int64 feature. */
  int64List: Int64List | null = null;

  /** @param init At most one of `bytesList`, `floatList`, `int64List`. */
  constructor(init: FeatureInit = {}) {
    const op = 'train.Feature';
    if (!isPlainObject(init)) throw new Error(`${op}: the argument must be an object like {floatList: {value: [1.5]}}, got ${describe(init)}.`);
    const set = Object.entries(init).filter(([, v]) => v !== undefined && v !== null);
    for (const [key] of set) if (key !== 'bytesList' && key !== 'floatList' && key !== 'int64List') throw new Error(`${op}: unknown field '${key}'; the fields are bytesList, floatList and int64List.`);
    if (set.length > 1) throw new Error(`${op}: a Feature holds one list (the oneof 'kind'), got ${set.map(([k]) => k).join(' and ')}.`);
    if (init.bytesList) this.bytesList = init.bytesList instanceof BytesList ? init.bytesList : new BytesList(init.bytesList);
    if (init.floatList) this.floatList = init.floatList instanceof FloatList ? init.floatList : new FloatList(init.floatList);
    if (init.int64List) this.int64List = init.int64List instanceof Int64List ? init.int64List : new Int64List(init.int64List);
  }

  /** Which list is set (Python's `WhichOneof('kind')`), or null. */
  get kind(): 'bytesList' | 'floatList' | 'int64List' | null {
    return this.bytesList ? 'bytesList' : this.floatList ? 'floatList' : this.int64List ? 'int64List' : null;
  }

  /** The serialized message (as TensorFlow's SerializeToString). */
  serializeToString(): Uint8Array {
    const w = new ProtoWriter();
    if (this.bytesList) w.message(1, this.bytesList.value.reduce((l, v) => l.message(1, v), new ProtoWriter()).finish());
    else if (this.floatList) w.message(2, new ProtoWriter().packedFloats(1, this.floatList.value).finish());
    else if (this.int64List) w.message(3, new ProtoWriter().packedVarints(1, this.int64List.value).finish());
    return w.finish();
  }

  /** A Feature from its serialized bytes (as Python's `Feature.FromString`). */
  static fromString(bytes: Uint8Array): Feature {
    return featureOf(decodeFeatureValues(checkBytes(bytes, 'train.Feature.fromString'), decodeError('train.Feature')));
  }
}

/** A Feature holding decoded values. */
function featureOf(values: FeatureValues | null): Feature {
  if (values === null) return new Feature();
  if (values.kind === 'string') return new Feature({ bytesList: { value: values.values } });
  if (values.kind === 'float32') return new Feature({ floatList: { value: values.values } });
  const safe = (v: bigint): number | bigint => (v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
  return new Feature({ int64List: { value: values.values.map(safe) } });
}

function checkBytes(bytes: unknown, op: string): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${op}: bytes must be a Uint8Array (a serialized message), got ${describe(bytes)}.`);
  return bytes;
}

/** `entries` ({key: value} or a Map) as a prototype-free record of `make`'s values. */
function recordOf<V>(entries: unknown, op: string, field: string, make: (v: unknown, key: string) => V): Record<string, V> {
  const out: Record<string, V> = {};
  if (entries === undefined || entries === null) return out;
  const pairs = entries instanceof Map ? [...entries] : isPlainObject(entries) ? Object.entries(entries) : null;
  if (pairs === null) throw new Error(`${op}: ${field} must be an object (or a Map) by name, got ${describe(entries)}.`);
  for (const [key, value] of pairs) {
    if (typeof key !== 'string') throw new Error(`${op}: the keys of ${field} must be strings, got ${describe(key)}.`);
    Object.defineProperty(out, key, { value: make(value, key), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** The map entries of `record` in TensorFlow's deterministic order (see the top of the file), each
 * written by `value`, as field `field`. */
function writeMap<V>(w: ProtoWriter, field: number, record: Record<string, V>, value: (v: V) => Uint8Array): ProtoWriter {
  const keys = Object.keys(record).map((k) => [k, utf8.encode(k)] as const);
  keys.sort(([, a], [, b]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
    // upb's map sorter: of two keys equal over the shorter one's length, the longer comes first.
    return b.length - a.length;
  });
  for (const [key, bytes] of keys) w.message(field, new ProtoWriter().message(1, bytes).message(2, value(record[key]!)).finish());
  return w;
}

function checkFields(init: unknown, op: string, fields: readonly string[], example: string): Record<string, unknown> {
  if (init === undefined) return {};
  if (!isPlainObject(init)) throw new Error(`${op}: the argument must be an object like ${example}, got ${describe(init)}.`);
  for (const key of Object.keys(init)) if (!fields.includes(key)) throw new Error(`${op}: unknown field '${key}'; the fields are ${fields.join(', ')}.`);
  return init;
}

function asFeature(v: unknown, where: string): Feature {
  if (v instanceof Feature) return v;
  if (isPlainObject(v)) return new Feature(v);
  throw new Error(`train.Feature: ${where} must be a tf.train.Feature or an object like {floatList: {value: [1.5]}}, got ${describe(v)}.`);
}

/**
 * `tf.train.Features(feature={...})`: features by name (`feature` is an object or a Map of
 * `tf.train.Feature`s or their plain `{floatList: ...}` fields).
 *
 * @example
 * ```ts
 * const features = new tf.train.Features({ feature: { b: { int64List: { value: [1] } }, a: { floatList: { value: [2] } } } });
 * console.log(Object.keys(features.feature)); // [ 'b', 'a' ]
 * ```
 */
export class Features {
  /** The features by name. */
  feature: Record<string, Feature>;

  /** @param init `{feature}`: features by name. */
  constructor(init: { feature?: Record<string, Feature | FeatureInit> | Map<string, Feature | FeatureInit> | null } = {}) {
    const op = 'train.Features';
    const o = checkFields(init, op, ['feature'], '{feature: {x: {floatList: {value: [1.5]}}}}');
    this.feature = recordOf(o.feature, op, 'feature', (v, key) => asFeature(v, `feature['${key}']`));
  }

  /** The serialized message: the entries in the key order of TensorFlow's SerializeToString(deterministic=True). */
  serializeToString(): Uint8Array {
    return writeMap(new ProtoWriter(), 1, this.feature, (f) => f.serializeToString()).finish();
  }

  /** Features from their serialized bytes. */
  static fromString(bytes: Uint8Array): Features {
    return featuresOf(checkBytes(bytes, 'train.Features.fromString'), decodeError('train.Features'));
  }
}

function featuresOf(bytes: Uint8Array, fail: (at: number) => Error): Features {
  const map = decodeMap(bytes, 1, (b) => featureOf(b === null ? null : decodeFeatureValues(b, fail)), fail);
  return new Features({ feature: map });
}

/**
 * `tf.train.FeatureList(feature=[...])`: a sequence of features (one per time step of a
 * SequenceExample).
 *
 * @example
 * ```ts
 * const steps = new tf.train.FeatureList({ feature: [{ int64List: { value: [1] } }, { int64List: { value: [2] } }] });
 * console.log(steps.feature.length); // 2
 * ```
 */
export class FeatureList {
  /** The features, in order. */
  feature: Feature[];

  /** @param init `{feature}`: an array of Features (or their plain fields). */
  constructor(init: { feature?: Iterable<Feature | FeatureInit> | null } = {}) {
    const op = 'train.FeatureList';
    const o = checkFields(init, op, ['feature'], '{feature: [{int64List: {value: [1]}}]}');
    const list = o.feature ?? [];
    if (typeof list !== 'object' || !(Symbol.iterator in list)) throw new Error(`${op}: feature must be an array of tf.train.Features, got ${describe(list)}.`);
    this.feature = [...(list as Iterable<unknown>)].map((f, i) => asFeature(f, `feature[${i}]`));
  }

  /** The serialized message. */
  serializeToString(): Uint8Array {
    return this.feature.reduce((w, f) => w.message(1, f.serializeToString()), new ProtoWriter()).finish();
  }
}

/**
 * `tf.train.FeatureLists(feature_list={...})`: feature lists by name.
 *
 * @example
 * ```ts
 * const lists = new tf.train.FeatureLists({ featureList: { tokens: { feature: [{ int64List: { value: [4] } }] } } });
 * console.log(lists.featureList.tokens!.feature[0]!.int64List!.value); // [ 4 ]
 * ```
 */
export class FeatureLists {
  /** The feature lists by name. */
  featureList: Record<string, FeatureList>;

  /** @param init `{featureList}`: FeatureLists (or `{feature: [...]}` objects) by name. */
  constructor(init: { featureList?: Record<string, FeatureList | { feature?: Iterable<Feature | FeatureInit> | null }> | Map<string, FeatureList | { feature?: Iterable<Feature | FeatureInit> | null }> | null } = {}) {
    const op = 'train.FeatureLists';
    const o = checkFields(init, op, ['featureList'], '{featureList: {tokens: {feature: [{int64List: {value: [1]}}]}}}');
    this.featureList = recordOf(o.featureList, op, 'featureList', (v, key) => {
      if (v instanceof FeatureList) return v;
      if (isPlainObject(v)) return new FeatureList(v);
      throw new Error(`${op}: featureList['${key}'] must be a tf.train.FeatureList or an object like {feature: [...]}, got ${describe(v)}.`);
    });
  }

  /** The serialized message: the entries in the key order of TensorFlow's SerializeToString(deterministic=True). */
  serializeToString(): Uint8Array {
    return writeMap(new ProtoWriter(), 1, this.featureList, (l) => l.serializeToString()).finish();
  }
}

/** A message's submessage field: written when it was given (or read), or when it holds anything,
 * as Python's protobuf writes a field that was set. */
function writeSubmessage(w: ProtoWriter, field: number, given: boolean, bytes: Uint8Array): void {
  if (given || bytes.length > 0) w.message(field, bytes);
}

/**
 * `tf.train.Example(features=...)`: one record's features, as `tf.data.TFRecordDataset` records
 * hold them. `serializeToString()` gives TensorFlow's bytes (the features in the key order of
 * TensorFlow's `SerializeToString(deterministic=True)`; see the guide), and
 * `tf.train.Example.fromString(bytes)` reads them back. `tf.io.parseSingleExample` parses the bytes
 * by a features spec.
 *
 * @example
 * ```ts
 * const example = new tf.train.Example({
 *   features: { feature: { x: { floatList: { value: [1.5, 2.5] } }, y: { int64List: { value: [7] } } } },
 * });
 * const bytes = example.serializeToString();
 * console.log(bytes.length); // 33
 * console.log(tf.train.Example.fromString(bytes).features.feature.x!.floatList!.value); // [ 1.5, 2.5 ]
 * ```
 */
export class Example {
  /** The features (empty when none were given). */
  features: Features;
  private readonly featuresGiven: boolean;

  /** @param init `{features}`: a tf.train.Features, or its `{feature: {...}}` fields. */
  constructor(init: { features?: Features | { feature?: Record<string, Feature | FeatureInit> | Map<string, Feature | FeatureInit> | null } | null } = {}) {
    const o = checkFields(init, 'train.Example', ['features'], '{features: {feature: {x: {floatList: {value: [1.5]}}}}}');
    this.featuresGiven = o.features !== undefined && o.features !== null;
    this.features = asFeatures(o.features, 'train.Example', 'features');
  }

  /** The serialized message, TensorFlow's bytes (features in its deterministic key order). */
  serializeToString(): Uint8Array {
    const w = new ProtoWriter();
    writeSubmessage(w, 1, this.featuresGiven, this.features.serializeToString());
    return w.finish();
  }

  /** An Example from its serialized bytes (as Python's `Example.FromString`); int64 values are
   * numbers when safe integers, bigints otherwise. */
  static fromString(bytes: Uint8Array): Example {
    const fail = decodeError('train.Example');
    const messages = decodeMessages(checkBytes(bytes, 'train.Example.fromString'), 1, fail);
    if (messages.length === 0) return new Example();
    // A repeated singular message field merges; a later Features's entries win.
    const merged = new Map<string, Feature>();
    for (const m of messages) for (const [k, f] of Object.entries(featuresOf(m, fail).feature)) merged.set(k, f);
    return new Example({ features: new Features({ feature: merged }) });
  }
}

function asFeatures(v: unknown, op: string, field: string): Features {
  if (v === undefined || v === null) return new Features();
  if (v instanceof Features) return v;
  if (isPlainObject(v)) return new Features(v);
  throw new Error(`${op}: ${field} must be a tf.train.Features or an object like {feature: {...}}, got ${describe(v)}.`);
}

/**
 * `tf.train.SequenceExample(context=..., feature_lists=...)`: a record of per-sequence features
 * (`context`) and per-step feature lists (`featureLists`), as `tf.io.parseSingleSequenceExample`
 * parses them. `serializeToString()` gives TensorFlow's bytes (maps in its deterministic key order);
 * `tf.train.SequenceExample.fromString(bytes)` reads them back.
 *
 * @example
 * ```ts
 * const record = new tf.train.SequenceExample({
 *   context: { feature: { length: { int64List: { value: [2] } } } },
 *   featureLists: { featureList: { tokens: { feature: [{ int64List: { value: [5] } }, { int64List: { value: [9] } }] } } },
 * });
 * const back = tf.train.SequenceExample.fromString(record.serializeToString());
 * console.log(back.featureLists.featureList.tokens!.feature.map((f) => f.int64List!.value[0])); // [ 5, 9 ]
 * ```
 */
export class SequenceExample {
  /** The per-sequence features. */
  context: Features;
  /** The per-step feature lists. */
  featureLists: FeatureLists;
  private readonly contextGiven: boolean;
  private readonly featureListsGiven: boolean;

  /** @param init `{context, featureLists}` (classes or their plain fields). */
  constructor(
    init: {
      context?: Features | { feature?: Record<string, Feature | FeatureInit> | Map<string, Feature | FeatureInit> | null } | null;
      featureLists?: FeatureLists | ConstructorParameters<typeof FeatureLists>[0] | null;
    } = {},
  ) {
    const op = 'train.SequenceExample';
    const o = checkFields(init, op, ['context', 'featureLists'], '{context: {feature: {...}}, featureLists: {featureList: {...}}}');
    this.contextGiven = o.context !== undefined && o.context !== null;
    this.context = asFeatures(o.context, op, 'context');
    this.featureListsGiven = o.featureLists !== undefined && o.featureLists !== null;
    if (!this.featureListsGiven) this.featureLists = new FeatureLists();
    else if (o.featureLists instanceof FeatureLists) this.featureLists = o.featureLists;
    else if (isPlainObject(o.featureLists)) this.featureLists = new FeatureLists(o.featureLists);
    else throw new Error(`${op}: featureLists must be a tf.train.FeatureLists or an object like {featureList: {...}}, got ${describe(o.featureLists)}.`);
  }

  /** The serialized message, TensorFlow's bytes (maps in its deterministic key order). */
  serializeToString(): Uint8Array {
    const w = new ProtoWriter();
    writeSubmessage(w, 1, this.contextGiven, this.context.serializeToString());
    writeSubmessage(w, 2, this.featureListsGiven, this.featureLists.serializeToString());
    return w.finish();
  }

  /** A SequenceExample from its serialized bytes (int64 values as in `Example.fromString`). */
  static fromString(bytes: Uint8Array): SequenceExample {
    const fail = decodeError('train.SequenceExample');
    checkBytes(bytes, 'train.SequenceExample.fromString');
    const contexts = decodeMessages(bytes, 1, fail);
    const lists = decodeMessages(bytes, 2, fail);
    const context = new Map<string, Feature>();
    for (const m of contexts) for (const [k, f] of Object.entries(featuresOf(m, fail).feature)) context.set(k, f);
    const featureList = new Map<string, FeatureList>();
    for (const m of lists) {
      const map = decodeMap(m, 1, (b) => new FeatureList({ feature: b === null ? [] : decodeMessages(b, 1, fail).map((f) => featureOf(decodeFeatureValues(f, fail))) }), fail);
      for (const [k, l] of map) featureList.set(k, l);
    }
    return new SequenceExample({
      context: contexts.length > 0 ? new Features({ feature: context }) : null,
      featureLists: lists.length > 0 ? new FeatureLists({ featureList }) : null,
    });
  }
}

/** The classes' types under second names, for `tf.train.X` in the namespace of types. */
export type ExampleClass = Example;
/** See ExampleClass. */
export type SequenceExampleClass = SequenceExample;
/** See ExampleClass. */
export type FeaturesClass = Features;
/** See ExampleClass. */
export type FeatureClass = Feature;
/** See ExampleClass. */
export type FeatureListClass = FeatureList;
/** See ExampleClass. */
export type FeatureListsClass = FeatureLists;
/** See ExampleClass. */
export type BytesListClass = BytesList;
/** See ExampleClass. */
export type FloatListClass = FloatList;
/** See ExampleClass. */
export type Int64ListClass = Int64List;
