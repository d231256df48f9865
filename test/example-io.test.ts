// tf.train.Example / SequenceExample serialization, tf.io.FixedLenSequenceFeature,
// tf.io.parseSingleSequenceExample / parseSequenceExample and tf.data.Dataset.listFiles against
// TensorFlow 2.21 (test/fixtures/example-io.json and test/fixtures/example-io/glob/, made by
// scripts/example_io_fixtures.py).
import * as tf from 'gradtape';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const TF = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'example-io.json'), 'utf8'));
const GLOB = join(__dirname, 'fixtures', 'example-io', 'glob');

type FeatureJson = { kind: 'float' | 'int64' | 'bytes' | 'none'; value: unknown[] };

/** A fixture's float (non-finite numbers and -0 as strings). */
const float = (v: unknown): number => (v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === '-0' ? -0 : (v as number));

/** The fixture's feature as a tf.train.Feature (int64 values as bigints, bytes from byte arrays). */
function featureOf(f: FeatureJson): tf.train.Feature {
  if (f.kind === 'float') return new tf.train.Feature({ floatList: new tf.train.FloatList({ value: f.value.map(float) }) });
  if (f.kind === 'int64') return new tf.train.Feature({ int64List: { value: f.value.map((v) => BigInt(v as string)) } });
  if (f.kind === 'bytes') return new tf.train.Feature({ bytesList: { value: f.value.map((v) => Uint8Array.from(v as number[])) } });
  return new tf.train.Feature();
}
const featuresOf = (d: Record<string, FeatureJson>) => new tf.train.Features({ feature: Object.fromEntries(Object.entries(d).map(([k, f]) => [k, featureOf(f)])) });

function sequenceExampleOf(d: { context?: Record<string, FeatureJson>; featureLists?: Record<string, FeatureJson[]> }): tf.train.SequenceExample {
  return new tf.train.SequenceExample({
    context: d.context === undefined ? null : featuresOf(d.context),
    featureLists: d.featureLists === undefined ? null : new tf.train.FeatureLists({ featureList: Object.fromEntries(Object.entries(d.featureLists).map(([k, l]) => [k, new tf.train.FeatureList({ feature: l.map(featureOf) })])) }),
  });
}

type SpecJson = { type: string; dtype: 'float32' | 'int64' | 'string'; shape?: number[]; allowMissing?: boolean; defaultValue?: unknown };
function specOf(d: SpecJson): tf.io.FixedLenFeature | tf.io.VarLenFeature | tf.io.FixedLenSequenceFeature {
  if (d.type === 'FixedLenFeature') return new tf.io.FixedLenFeature(d.shape!, d.dtype, d.defaultValue ?? null);
  if (d.type === 'VarLenFeature') return new tf.io.VarLenFeature(d.dtype);
  return new tf.io.FixedLenSequenceFeature(d.shape!, d.dtype, d.allowMissing ?? false, (d.defaultValue ?? null) as number | string | null);
}
const specsOf = (d: Record<string, SpecJson> | null): never => (d === null ? null : Object.fromEntries(Object.entries(d).map(([k, s]) => [k, specOf(s)]))) as never;

/** A parsed value as the fixture writes it: tensors as {shape, value}, bytes as {bytes}, sparse features' fields as arrays. */
function asFixture(v: unknown, shape?: number[]): unknown {
  if (v instanceof tf.Tensor) return { shape: v.shape, value: v.arraySync() };
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map((x) => asFixture(x));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('indices' in o && 'denseShape' in o) {
      return { indices: (o.indices as tf.Tensor).arraySync(), values: o.values instanceof tf.Tensor ? o.values.arraySync() : (o.values as Uint8Array[]).map((b) => ({ bytes: [...b] })), denseShape: (o.denseShape as tf.Tensor).arraySync() };
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, asFixture(x, shape)]));
  }
  return v;
}

/** A string-feature fixture value ({shape, value}): gradtape gives the nested Uint8Arrays alone. */
function withoutStringShapes(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected)) return expected.map((x, i) => withoutStringShapes(x, Array.isArray(actual) ? actual[i] : undefined));
  if (expected === null || typeof expected !== 'object') return expected;
  const e = expected as Record<string, unknown>;
  if ('shape' in e && 'value' in e && !(actual !== null && typeof actual === 'object' && 'shape' in (actual as object))) return e.value;
  return Object.fromEntries(Object.entries(e).map(([k, x]) => [k, withoutStringShapes(x, (actual as Record<string, unknown> | undefined)?.[k])]));
}

function expectOutcome(name: string, run: () => unknown, fixture: { result?: unknown; error?: string }): void {
  if (fixture.error !== undefined) {
    expect(run, name).toThrow(fixture.error);
    return;
  }
  const actual = asFixture(run());
  expect(actual, name).toEqual(withoutStringShapes(fixture.result, actual));
}

describe('tf.train.Example and SequenceExample', () => {
  it('serialize to TensorFlow\'s bytes (maps sorted by key, as SerializeToString(deterministic=True))', () => {
    for (const [name, c] of Object.entries<{ features: Record<string, FeatureJson> | null; bytes: number[]; plain: number[] }>(TF.examples)) {
      const example = c.features === null ? new tf.train.Example() : new tf.train.Example({ features: featuresOf(c.features) });
      expect([...example.serializeToString()], name).toEqual(c.bytes);
    }
    // Python's plain SerializeToString() orders a map of several entries by a per-process hash
    // (so "plain" may differ from "bytes"); one entry has one order.
    expect(TF.examples['one float feature'].plain).toEqual(TF.examples['one float feature'].bytes);
    for (const [name, c] of Object.entries<{ message: Parameters<typeof sequenceExampleOf>[0]; bytes: number[] }>(TF.sequenceExamples)) {
      expect([...sequenceExampleOf(c.message).serializeToString()], name).toEqual(c.bytes);
    }
  });

  it('read back with fromString, TensorFlow\'s bytes in either map order', () => {
    for (const [name, c] of Object.entries<{ bytes: number[]; plain: number[] }>(TF.examples)) {
      for (const bytes of [c.bytes, c.plain]) expect([...tf.train.Example.fromString(Uint8Array.from(bytes)).serializeToString()], name).toEqual(c.bytes);
    }
    for (const [name, c] of Object.entries<{ bytes: number[]; plain: number[] }>(TF.sequenceExamples)) {
      for (const bytes of [c.bytes, c.plain]) expect([...tf.train.SequenceExample.fromString(Uint8Array.from(bytes)).serializeToString()], name).toEqual(c.bytes);
    }
    const back = tf.train.Example.fromString(Uint8Array.from(TF.examples['int64 extremes'].bytes));
    expect(back.features.feature.i!.int64List!.value).toEqual([-1, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 53n + 1n, 0, 127, 128, -300]);
    const floats = tf.train.Example.fromString(Uint8Array.from(TF.examples['floats rounded to float32, inf, nan, -0'].bytes)).features.feature.x!.floatList!.value;
    expect(floats).toEqual([Math.fround(0.1), Infinity, NaN, -0, Math.fround(-1e-45)]);
    const seq = tf.train.SequenceExample.fromString(Uint8Array.from(TF.sequenceExamples['context and lists'].bytes));
    expect(seq.featureLists.featureList.var!.feature.map((f) => f.int64List!.value)).toEqual([[1, 2], [], [5]]);
    expect(new TextDecoder().decode(seq.context.feature.name!.bytesList!.value[0])).toBe('ab');
  });

  it('take plain objects, numbers and bigints, strings as UTF-8; reject what TensorFlow rejects', () => {
    const fromObjects = new tf.train.Example({ features: { feature: { x: { floatList: { value: [1.5] } }, s: { bytesList: { value: ['é'] } }, i: { int64List: { value: [3, 4n] } } } } });
    const fromClasses = new tf.train.Example({
      features: new tf.train.Features({
        feature: new Map([
          ['i', new tf.train.Feature({ int64List: new tf.train.Int64List({ value: [3n, 4] }) })],
          ['s', new tf.train.Feature({ bytesList: new tf.train.BytesList({ value: [new Uint8Array([0xc3, 0xa9])] }) })],
          ['x', new tf.train.Feature({ floatList: new tf.train.FloatList({ value: [1.5] }) })],
        ]),
      }),
    });
    expect(fromObjects.serializeToString()).toEqual(fromClasses.serializeToString());
    expect(new tf.train.Feature({ floatList: { value: [1] } }).kind).toBe('floatList');
    expect(new tf.train.Feature().kind).toBe(null);
    expect(() => new tf.train.Feature({ floatList: { value: [1] }, int64List: { value: [1] } })).toThrow("train.Feature: a Feature holds one list (the oneof 'kind'), got floatList and int64List.");
    expect(() => new tf.train.Int64List({ value: [1.5] })).toThrow('train.Int64List: value[0] must be an integer (a number or a bigint) from -2^63 to 2^63 - 1, got 1.5.');
    expect(() => new tf.train.Int64List({ value: [2n ** 63n] })).toThrow('from -2^63 to 2^63 - 1');
    expect(() => new tf.train.FloatList({ value: ['1' as never] })).toThrow('train.FloatList: value[0] must be a number, got "1".');
    expect(() => new tf.train.Example({ feature: {} } as never)).toThrow("train.Example: unknown field 'feature'; the fields are features.");
    expect(() => tf.train.Example.fromString(new Uint8Array([10, 5, 1]))).toThrow('train.Example.fromString: DecodeError: Error parsing message');
  });

  it('round-trip through a TFRecord file and tf.io.parseExample', () => {
    const dir = require('node:fs').mkdtempSync(join(require('node:os').tmpdir(), 'gradtape-example-io-'));
    const writer = new tf.io.TFRecordWriter(join(dir, 'e.tfrecord'));
    for (const n of [1, 2, 3]) writer.write(new tf.train.Example({ features: { feature: { n: { int64List: { value: [n] } }, sq: { floatList: { value: [n * n] } } } } }).serializeToString());
    writer.close();
    const ds = new tf.data.TFRecordDataset(join(dir, 'e.tfrecord')).batch(3).map((r) => tf.io.parseExample(r, { n: new tf.io.FixedLenFeature([], 'int64'), sq: new tf.io.FixedLenFeature([], 'float32') }));
    const [batch] = [...ds.asNumpyIterator()];
    expect(batch).toEqual({ n: [1, 2, 3], sq: [1, 4, 9] });
  });
});

describe('tf.io.FixedLenSequenceFeature in parseExample and parseSingleExample', () => {
  const record = (name: string) => Uint8Array.from(TF.records[name]);
  it('gives TensorFlow\'s values, padding and errors', () => {
    for (const [name, c] of Object.entries<{ records: string[]; spec: Record<string, SpecJson>; result?: unknown; error?: string }>(TF.parseExample)) {
      expectOutcome(name, () => tf.io.parseExample(c.records.map(record), specsOf(c.spec)), c);
    }
    for (const [name, c] of Object.entries<{ record: string; spec: Record<string, SpecJson>; result?: unknown; error?: string }>(TF.parseSingleExample)) {
      expectOutcome(name, () => tf.io.parseSingleExample(record(c.record), specsOf(c.spec)), c);
    }
  });

  it('checks its arguments', () => {
    const f = new tf.io.FixedLenSequenceFeature([2], 'float32', true, -1);
    expect([f.shape, f.dtype, f.allowMissing, f.defaultValue]).toEqual([[2], 'float32', true, -1]);
    expect(() => new tf.io.FixedLenSequenceFeature([2], 'float32', true, [1, 2] as never)).toThrow('FixedLenSequenceFeature: defaultValue must be one value');
    expect(() => new tf.io.FixedLenSequenceFeature([-1], 'float32')).toThrow('FixedLenSequenceFeature: shape must be an array of non-negative integers');
    expect(() => new tf.io.FixedLenSequenceFeature([], 'int32' as never)).toThrow("FixedLenSequenceFeature: dtype must be 'float32', 'int64' or 'string'");
    expect(() => tf.io.parseExample([record('e1')], { v: new tf.io.FixedLenSequenceFeature([2], 'float32', true, 'x') })).toThrow("io.parseExample: the defaultValue of feature 'v' must be numbers");
  });
});

describe('tf.io.parseSingleSequenceExample and parseSequenceExample', () => {
  const record = (name: string) => Uint8Array.from(TF.sequences[name]);
  type Case = { context: Record<string, SpecJson> | null; sequence: Record<string, SpecJson> | null; result?: unknown; error?: string };
  it('parse one SequenceExample as TensorFlow does, with its errors', () => {
    for (const [name, c] of Object.entries<Case & { record: string }>(TF.parseSingleSequence)) {
      expectOutcome(name, () => tf.io.parseSingleSequenceExample(record(c.record), specsOf(c.context), specsOf(c.sequence)), c);
    }
  });

  it('parse a batch: context stacked, steps padded with zeros, lengths', () => {
    for (const [name, c] of Object.entries<Case & { records: string[] }>(TF.parseSequence)) {
      expectOutcome(name, () => tf.io.parseSequenceExample(c.records.map(record), specsOf(c.context), specsOf(c.sequence)), c);
    }
    // Lengths are int32 here (TensorFlow's int64).
    const [, , lengths] = tf.io.parseSequenceExample([record('s1'), record('s2')], null, { tok: new tf.io.FixedLenSequenceFeature([], 'int64') });
    expect(lengths.tok.dtype).toBe('int32');
  });

  it('checks its arguments', () => {
    expect(() => tf.io.parseSingleSequenceExample(42 as never, null, { a: new tf.io.VarLenFeature('int64') })).toThrow('io.parseSingleSequenceExample: serialized must be a Uint8Array');
    expect(() => tf.io.parseSequenceExample(record('s1') as never, null, { a: new tf.io.VarLenFeature('int64') })).toThrow('io.parseSequenceExample: serialized must be an array of Uint8Arrays');
    expect(() => tf.io.parseSingleSequenceExample(record('s1'), { a: 3 as never })).toThrow('io.parseSingleSequenceExample: contextFeatures.a must be a tf.io.FixedLenFeature or tf.io.VarLenFeature, got 3.');
  });
});

describe('tf.data.Dataset.listFiles', () => {
  const relative = (paths: string[]) => paths.map((p) => p.slice(GLOB.length + 1));
  it('matches as TensorFlow\'s glob does, sorted without shuffle, with its error when nothing matches', () => {
    for (const [name, c] of Object.entries<{ pattern: string | string[]; result?: string[]; error?: string }>(TF.listFiles)) {
      const pattern = Array.isArray(c.pattern) ? c.pattern.map((p) => join(GLOB, p)) : `${GLOB}/${c.pattern}`;
      if (c.error !== undefined) {
        expect(() => tf.data.Dataset.listFiles(pattern, { shuffle: false }), name).toThrow(`Dataset.listFiles: InvalidArgumentError: ${c.error.replaceAll('<dir>', GLOB)}`);
      } else {
        expect(relative([...tf.data.Dataset.listFiles(pattern, { shuffle: false })]), name).toEqual(c.result);
      }
    }
  });

  it('shuffles by default, repeatably with a seed, with a known cardinality and string elements', () => {
    const pattern = `${GLOB}/*/*.txt`;
    const sorted = [...tf.data.Dataset.listFiles(pattern, { shuffle: false })];
    const seeded = () => [...tf.data.Dataset.listFiles(pattern, { seed: 7 })];
    expect([...seeded()].sort()).toEqual([...sorted].sort());
    expect(seeded()).toEqual(seeded());
    expect([...tf.data.Dataset.listFiles(pattern)].sort()).toEqual([...sorted].sort());
    const ds = tf.data.Dataset.listFiles(`${GLOB}/*/x?.txt`);
    expect(ds.cardinality().item()).toBe(TF.listFilesCardinality);
    expect(ds.elementSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.string, name=None)');
    // Files feed the readers.
    const lines = [...new tf.data.TextLineDataset(tf.data.Dataset.listFiles(`${GLOB}/a/x*.txt`, { shuffle: false }))];
    expect(lines).toEqual(['a/x1.txt', 'a/x2.txt']);
  });

  it('checks its arguments', () => {
    expect(() => tf.data.Dataset.listFiles(3 as never)).toThrow('Dataset.listFiles: filePattern must be a glob pattern (a string) or an array of them, got 3.');
    expect(() => tf.data.Dataset.listFiles('*', { shufle: false } as never)).toThrow("Dataset.listFiles: unknown option 'shufle'; the options are shuffle, seed, name.");
    expect(() => tf.data.Dataset.listFiles('*', { seed: 1.5 })).toThrow('Dataset.listFiles: seed must be an integer, got 1.5.');
  });
});
