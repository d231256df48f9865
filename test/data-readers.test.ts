// tf.data.TextLineDataset, tf.data.TFRecordDataset, Dataset.rebatch, tf.io.TFRecordWriter and
// tf.io.parseSingleExample / parseExample against what TensorFlow 2.21 read from the same files
// (test/fixtures/data-readers.json, made by scripts/data_readers_fixtures.py), and the tf.string
// elements (JS strings and Uint8Arrays) going through the other transformations.
import * as tf from 'gradtape';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIR = join(__dirname, 'fixtures', 'data-readers');
const TF = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'data-readers.json'), 'utf8'));
const file = (name: string) => join(DIR, name);
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()];

/** A value as the fixture's JSON writes it: tensors as arrays, bytes as {bytes: [...]}. */
function asFixture(v: unknown): unknown {
  if (v instanceof tf.Tensor) return v.arraySync();
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(asFixture);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asFixture(x)]));
  return v;
}
const bytesOf = (s: string) => ({ bytes: [...new TextEncoder().encode(s)] });

describe('TextLineDataset', () => {
  it('reads every fixture file as TensorFlow does (\\n, \\r\\n, a lone \\r, no final newline, empty lines, a BOM)', () => {
    const names = ['lf.txt', 'crlf.txt', 'no-trailing-newline.txt', 'lone-cr.txt', 'empty.txt', 'only-newlines.txt', 'utf8.txt', 'data.csv'];
    for (const name of names) expect(values(new tf.data.TextLineDataset(file(name))), name).toEqual(TF.text[name]);
    expect(TF.text['lone-cr.txt']).toEqual(['ab', 'ends with cr']);
  });

  it('reads GZIP and ZLIB files, as options or as TensorFlow\'s positional compression type', () => {
    expect(values(new tf.data.TextLineDataset(file('crlf.txt.gz'), 'GZIP'))).toEqual(TF.text['crlf.txt.gz GZIP']);
    expect(values(new tf.data.TextLineDataset(file('crlf.txt.zz'), { compressionType: 'ZLIB' }))).toEqual(TF.text['crlf.txt.zz ZLIB']);
    expect(() => values(new tf.data.TextLineDataset(file('crlf.txt'), 'GZIP'))).toThrow(/TextLineDataset: DataLossError: .*crlf\.txt is not valid GZIP data/);
  });

  it('reads several files in order, or numParallelReads at a time in TensorFlow\'s order; names may be a dataset', () => {
    expect(values(new tf.data.TextLineDataset([file('lf.txt'), file('crlf.txt')]))).toEqual(TF.text['lf.txt crlf.txt in order']);
    const three = [file('lf.txt'), file('crlf.txt'), file('no-trailing-newline.txt')];
    expect(values(new tf.data.TextLineDataset(three, { numParallelReads: 2 }))).toEqual(TF.text['lf.txt crlf.txt no-trailing-newline.txt numParallelReads 2']);
    expect(values(new tf.data.TextLineDataset(tf.data.Dataset.fromTensorSlices(three.slice(0, 2))))).toEqual(TF.text['lf.txt crlf.txt in order']);
  });

  it('has TensorFlow\'s elementSpec and cardinality; batch makes arrays of lines, rebatch regroups them', () => {
    const ds = new tf.data.TextLineDataset(file('lf.txt'));
    expect(ds.elementSpec.toString()).toBe(TF.textElementSpec);
    expect(ds.batch(2).elementSpec.toString()).toBe(TF.textBatchedElementSpec);
    expect(ds.cardinality().item()).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(asFixture(values(ds.batch(3).map((b) => b.map((s) => new TextEncoder().encode(s)))))).toEqual(TF.text['lf.txt batch 3']);
    expect(values(ds.batch(3).rebatch(2)).map((b) => b.map(bytesOf))).toEqual(TF.text['lf.txt batch 3 rebatch 2']);
    expect(values(ds.batch(3).unbatch())).toEqual(TF.text['lf.txt']);
  });

  it('feeds model.fit: skip the header, parse each line into tensors, batch', () => {
    const parseCsvLine = (line: string) => {
      const [x1, x2, y] = line.split(',').map(Number);
      return [tf.constant([x1!, x2!]), tf.constant([y!])];
    };
    const ds = new tf.data.TextLineDataset(file('data.csv')).skip(1).map(parseCsvLine).batch(2);
    const [first] = values(ds);
    expect(first).toEqual([[[0.5, 1], [1.5, -1]], [[2], [0.5]]]);
    tf.random.setSeed(3);
    const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [2] })]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.05 }), loss: 'mse' });
    const history = model.fit(ds, { epochs: 30, verbose: 0 });
    // (The steps of an epoch are unknown until a pass ends: the lines' count is unknown, as in TensorFlow.)
    expect(history.history.loss.length).toBe(30);
    expect(history.history.loss[29]!).toBeLessThan(history.history.loss[0]!);
    // Lines given to the model unparsed are refused with what to do.
    expect(() => model.fit(new tf.data.TextLineDataset(file('data.csv')).batch(2), { epochs: 1, verbose: 0 })).toThrow(/fit: the elements hold strings .*map them to tensors first/);
  });

  it('passes lines through shuffle, take, repeat, filter, interleave, cache, zip and enumerate', () => {
    const lines = new tf.data.TextLineDataset(file('lf.txt'));
    const shuffled = values(lines.shuffle(10, { seed: 1 }));
    expect([...shuffled].sort()).toEqual([...TF.text['lf.txt']].sort());
    expect(values(lines.take(2).repeat(2))).toEqual(['alpha', 'beta', 'alpha', 'beta']);
    expect(values(lines.filter((l) => l.length > 0).map((l) => l.toUpperCase()))).toEqual(['ALPHA', 'BETA', 'GAMMA']);
    const names = tf.data.Dataset.fromTensorSlices([file('lf.txt'), file('no-trailing-newline.txt')]);
    expect(values(names.interleave((name) => new tf.data.TextLineDataset(name), { cycleLength: 2 }))).toEqual(['alpha', 'first', 'beta', 'last without newline', '', 'gamma']);
    let reads = 0;
    const cached = lines.map((l) => { reads++; return l; }).cache();
    values(cached);
    expect(values(cached)).toEqual(TF.text['lf.txt']);
    expect(reads).toBe(4);
    expect(values(tf.data.Dataset.zip(lines, tf.data.Dataset.range(10)).take(2))).toEqual([['alpha', 0], ['beta', 1]]);
    expect(values(lines.enumerate().skip(3))).toEqual([[3, 'gamma']]);
    expect(values(lines.take(1).concatenate(lines.skip(3)))).toEqual(['alpha', 'gamma']);
    expect(values(lines.window(3, { shift: 1, dropRemainder: true }).flatMap((w) => w.batch(3)))).toEqual([['alpha', 'beta', ''], ['beta', '', 'gamma']]);
    // A tuple of a line and a tensor; an array of strings is one tf.string component.
    const pairs = lines.map((l) => [l, tf.constant(l.length, 'int32')]);
    expect(values(pairs.batch(4))).toEqual([[['alpha', 'beta', '', 'gamma'], [5, 4, 0, 5]]]);
    expect(tf.data.Dataset.fromTensorSlices([['a', 'b'], ['c', 'd']]).elementSpec.toString()).toBe('TensorSpec(shape=(2,), dtype=tf.string, name=None)');
  });

  it('unique keeps the first of equal lines (compared by their bytes), as TensorFlow\'s; fromGenerator takes a StringSpec', () => {
    const three = [file('lf.txt'), file('crlf.txt'), file('lf.txt')];
    expect(values(new tf.data.TextLineDataset(three).unique())).toEqual(TF.text['lf.txt crlf.txt lf.txt unique']);
    expect(values(tf.data.Dataset.fromTensorSlices(['é', new TextEncoder().encode('é'), 'e']).unique()).length).toBe(2);
    const generated = tf.data.Dataset.fromGenerator(function* () { yield ['a', 'b']; yield ['c', 'd']; }, { outputSignature: new tf.data.StringSpec([2]) });
    expect(values(generated.unbatch())).toEqual(['a', 'b', 'c', 'd']);
    expect(generated.elementSpec.toString()).toBe('TensorSpec(shape=(2,), dtype=tf.string, name=None)');
    expect(() => values(tf.data.Dataset.fromGenerator(function* () { yield ['a']; }, { outputSignature: new tf.data.StringSpec([2]) }))).toThrow('Dataset.fromGenerator: `generator` yielded an element of shape (1,) where an element of shape (2,) was expected.');
    expect(() => values(tf.data.Dataset.fromGenerator(function* () { yield 1; }, { outputSignature: new tf.data.StringSpec([]) }))).toThrow('`generator` yielded an element that did not match the expected structure');
  });

  it('refuses strings where tensors are needed, and strings of different shapes in a batch', () => {
    const lines = new tf.data.TextLineDataset(file('lf.txt'));
    expect(() => values(lines.paddedBatch(2))).toThrow('Dataset.paddedBatch: the elements hold strings');
    expect(() => values(lines.map((l) => (l === 'beta' ? [l, l] : l)).batch(2))).toThrow('Dataset.batch: Cannot batch tensors with different shapes in component 0. First element had shape [] and element 1 had shape [2].');
    expect(() => tf.data.Dataset.fromTensors([['a'], ['b', 'c']])).toThrow('a tf.string value must be rectangular');
  });

  it('names the missing file and refuses bad arguments', () => {
    expect(() => values(new tf.data.TextLineDataset(file('nope.txt')))).toThrow(`TextLineDataset: NotFoundError: ${file('nope.txt')}; No such file or directory`);
    expect(() => new tf.data.TextLineDataset(3 as unknown as string)).toThrow('TextLineDataset: filenames must be a file name, an array of file names, or a tf.data.Dataset of file names');
    expect(() => new tf.data.TextLineDataset(tf.data.Dataset.range(2) as unknown as tf.data.Dataset<string>)).toThrow('TextLineDataset: `filenames` must be a tf.data.Dataset of string scalars (file names), but its elements are TensorSpec(shape=(), dtype=tf.int32, name=None).');
    expect(() => new tf.data.TextLineDataset(file('lf.txt'), 'BZIP2' as 'GZIP')).toThrow(`TextLineDataset: compressionType must be '' (or null), 'GZIP' or 'ZLIB', got "BZIP2".`);
    expect(() => new tf.data.TextLineDataset(file('lf.txt'), { numParallelReads: 0 })).toThrow('cycle_length must be greater than zero');
  });

  it('says that browsers have no file system', () => {
    const proc = globalThis.process as unknown as { getBuiltinModule: unknown };
    const saved = proc.getBuiltinModule;
    proc.getBuiltinModule = undefined;
    try {
      expect(() => values(new tf.data.TextLineDataset(file('lf.txt')))).toThrow("TextLineDataset: reading and writing files needs a file system (Node's node:fs, Node 20.16 or later); browsers and workers have none");
      expect(() => new tf.io.TFRecordWriter(file('never.tfrecord'))).toThrow('TFRecordWriter: reading and writing files needs a file system');
    } finally {
      proc.getBuiltinModule = saved;
    }
  });
});

describe('TFRecordDataset', () => {
  it('reads TensorFlow\'s plain, GZIP and ZLIB files record for record', () => {
    for (const [name, { compressionType, records }] of Object.entries(TF.tfrecord as Record<string, { compressionType: '' | 'GZIP' | 'ZLIB'; records: number[][] }>)) {
      const read = values(new tf.data.TFRecordDataset(file(name), { compressionType }));
      expect(read.map((r) => [...r]), name).toEqual(records);
      expect(read.every((r) => r instanceof Uint8Array)).toBe(true);
    }
    expect(new tf.data.TFRecordDataset(file('examples.tfrecord')).elementSpec.toString()).toBe(TF.tfrecordElementSpec);
  });

  it('is TensorFlow\'s DataLossError on a corrupted or truncated record, at TensorFlow\'s offset, after the good records', () => {
    for (const name of ['corrupted.tfrecord', 'truncated.tfrecord']) {
      const expected = TF.errors[name];
      const offset = /record at (\d+)/.exec(expected.message)![1];
      const kind = name.startsWith('corrupted') ? 'corrupted' : 'truncated';
      expect(expected.class).toBe('DataLossError');
      const read: Uint8Array[] = [];
      expect(() => {
        for (const r of new tf.data.TFRecordDataset(file(name))) read.push(r);
      }).toThrow(`TFRecordDataset: DataLossError: ${kind} record at ${offset} in ${file(name)}`);
      expect(read.length).toBe(expected.recordsBefore);
    }
  });

  it('parses tf.train.Example records as tf.io.parse_single_example and parse_example do', () => {
    const spec = {
      x: new tf.io.FixedLenFeature([2], 'float32'),
      label: new tf.io.FixedLenFeature([], 'int64'),
      name: new tf.io.FixedLenFeature([], 'string'),
      weight: new tf.io.FixedLenFeature([1], 'float32', [1.0]),
      tags: new tf.io.VarLenFeature('int64'),
      missing: new tf.io.VarLenFeature('float32'),
    };
    const records = new tf.data.TFRecordDataset(file('examples.tfrecord.zz'), 'ZLIB');
    const single = [...records.map((r) => tf.io.parseSingleExample(r, spec))].map(asFixture);
    expect(single).toEqual(TF.parse.single);
    const [batch] = [...records.batch(3).map((rs) => tf.io.parseExample(rs, spec))];
    expect(asFixture(batch)).toEqual(TF.parse.batch);
    const [names] = [...records.batch(3).map((rs) => tf.io.parseExample(rs, { name: new tf.io.VarLenFeature('string') }))];
    expect(asFixture(names)).toEqual(TF.parse.nameVarLen);
    expect(batch!.label.dtype).toBe('int32');
  });

  it('gives TensorFlow\'s parsing errors', () => {
    const [first, second] = values(new tf.data.TFRecordDataset(file('examples.tfrecord')));
    const messageOf = (name: string) => /\}\} (.*?)(?: \[Op:|$)/.exec(TF.errors[name].message)![1]!;
    expect(() => tf.io.parseSingleExample(second!, { weight: new tf.io.FixedLenFeature([1], 'float32') })).toThrow(messageOf('missing required'));
    expect(() => tf.io.parseSingleExample(first!, { x: new tf.io.FixedLenFeature([2], 'int64') })).toThrow(messageOf('wrong type'));
    expect(messageOf('wrong count')).toContain("Key: tags.  Can't parse serialized Example");
    expect(() => tf.io.parseSingleExample(first!, { tags: new tf.io.FixedLenFeature([2], 'int64') })).toThrow("Key: tags.  Can't parse serialized Example: example 0 has 3 int64 values where the shape [2] needs 2.");
    expect(() => tf.io.parseSingleExample(new Uint8Array([10, 5, 1]), { x: new tf.io.VarLenFeature('float32') })).toThrow('Could not parse example input');
    expect(() => new tf.io.FixedLenFeature([2], 'int32' as 'int64')).toThrow("FixedLenFeature: dtype must be 'float32', 'int64' or 'string'");
  });
});

describe('reading in chunks (bufferSize bytes at a time)', () => {
  /** The file descriptors open in this process (Linux). */
  const openFiles = () => readdirSync('/proc/self/fd').length;

  it('gives the same lines and records with chunks of any size: lines, records and UTF-8 characters spanning chunks', () => {
    for (const bufferSize of [1, 2, 3, 5, 7, 13, 64]) {
      for (const name of ['lf.txt', 'crlf.txt', 'no-trailing-newline.txt', 'lone-cr.txt', 'empty.txt', 'only-newlines.txt', 'utf8.txt', 'data.csv']) {
        expect(values(new tf.data.TextLineDataset(file(name), { bufferSize })), `${name} in chunks of ${bufferSize}`).toEqual(TF.text[name]);
      }
      const records = values(new tf.data.TFRecordDataset(file('examples.tfrecord'), { bufferSize })).map((r) => [...r]);
      expect(records, `records in chunks of ${bufferSize}`).toEqual(TF.tfrecord['examples.tfrecord'].records);
      for (const name of ['corrupted.tfrecord', 'truncated.tfrecord']) {
        const offset = /record at (\d+)/.exec(TF.errors[name].message)![1];
        expect(() => values(new tf.data.TFRecordDataset(file(name), { bufferSize }))).toThrow(`DataLossError: ${name.split('.')[0]} record at ${offset} in ${file(name)}`);
      }
    }
  });

  it('reads a file much larger than a chunk, keeping it open only while a pass is under way', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-chunks-'));
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i} ${'é'.repeat(i % 7)}`);
    const text = join(dir, 'big.txt');
    writeFileSync(text, lines.join('\r\n') + '\n');
    const writer = new tf.io.TFRecordWriter(join(dir, 'big.tfrecord'));
    for (let i = 0; i < 3000; i++) writer.write(new Uint8Array(i % 500).fill(i & 255));
    writer.close();
    expect(values(new tf.data.TextLineDataset(text, { bufferSize: 4096 }))).toEqual(lines);
    const records = values(new tf.data.TFRecordDataset(join(dir, 'big.tfrecord'), { bufferSize: 1000 }));
    expect(records.length).toBe(3000);
    expect(records.every((r, i) => r.length === i % 500 && r.every((v) => v === (i & 255)))).toBe(true);
    const before = openFiles();
    expect(values(new tf.data.TextLineDataset(text, { bufferSize: 4096 }).take(3))).toEqual(lines.slice(0, 3));
    expect(values(new tf.data.TFRecordDataset(join(dir, 'big.tfrecord')).take(2)).length).toBe(2);
    const iterator = new tf.data.TextLineDataset(text)[Symbol.iterator]();
    iterator.next();
    expect(openFiles()).toBe(before + 1); // open while the pass is under way
    iterator.return?.();
    expect(openFiles()).toBe(before);
  });

  it('closes each file on every path: its end, an early stop, an empty file, a bad record, parallel reads', () => {
    const before = openFiles();
    expect(values(new tf.data.TextLineDataset([file('lf.txt'), file('empty.txt')], { bufferSize: 3 }))).toEqual([...TF.text['lf.txt'], ...TF.text['empty.txt']]);
    expect(openFiles()).toBe(before);
    // An empty file has no records: the reader gives its chunks up before taking the first.
    expect(values(new tf.data.TFRecordDataset(file('empty.txt')))).toEqual([]);
    expect(openFiles()).toBe(before);
    expect(values(new tf.data.TFRecordDataset(file('examples.tfrecord'), { bufferSize: 7 }).take(1)).length).toBe(1);
    expect(openFiles()).toBe(before);
    for (const name of ['corrupted.tfrecord', 'truncated.tfrecord']) {
      expect(() => values(new tf.data.TFRecordDataset(file(name), { bufferSize: 5 }))).toThrow('DataLossError');
      expect(openFiles(), name).toBe(before);
    }
    const names = [file('lf.txt'), file('crlf.txt'), file('utf8.txt')];
    expect(values(new tf.data.TextLineDataset(names, { numParallelReads: 2, bufferSize: 2 })).length).toBe(names.reduce((n, f) => n + TF.text[f.split('/').at(-1)!].length, 0));
    expect(values(new tf.data.TextLineDataset(names, { numParallelReads: 3 }).take(2)).length).toBe(2);
    expect(openFiles()).toBe(before);
    expect(() => values(new tf.data.TextLineDataset([file('lf.txt'), join(DIR, 'missing.txt')]))).toThrow('NotFoundError');
    expect(openFiles()).toBe(before);
  });
});

describe('TFRecordWriter', () => {
  const written = join(DIR, 'written-by-gradtape');
  const RECORDS: (string | Uint8Array)[] = ['first record', '', Uint8Array.from({ length: 256 }, (_, i) => i), 'é'.repeat(100)];
  const asBytes = (r: string | Uint8Array) => [...(typeof r === 'string' ? new TextEncoder().encode(r) : r)];

  it('writes the files TensorFlow read (plain byte for byte; GZIP and ZLIB to the same records)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-tfrecord-'));
    for (const [name, compressionType] of [['records.tfrecord', ''], ['records.tfrecord.gz', 'GZIP'], ['records.tfrecord.zz', 'ZLIB']] as const) {
      expect(TF.writtenByGradtape[name], name).toEqual(RECORDS.map(asBytes));
      const writer = new tf.io.TFRecordWriter(join(dir, name), { compressionType });
      for (const r of RECORDS) writer.write(r);
      writer.close();
      writer.close();
      const inflate = compressionType === 'GZIP' ? gunzipSync : compressionType === 'ZLIB' ? inflateSync : (b: Buffer) => b;
      expect(Buffer.compare(inflate(readFileSync(join(dir, name))), inflate(readFileSync(join(written, name)))), name).toBe(0);
      expect(values(new tf.data.TFRecordDataset(join(dir, name), compressionType)).map((r) => [...r])).toEqual(RECORDS.map(asBytes));
    }
    expect(Buffer.compare(readFileSync(join(dir, 'records.tfrecord')), readFileSync(join(written, 'records.tfrecord')))).toBe(0);
  });

  it('refuses writes after close, records that are not bytes or strings, and unknown compressions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gradtape-tfrecord-'));
    const writer = new tf.io.TFRecordWriter(join(dir, 'a.tfrecord'));
    expect(() => writer.write(3 as unknown as string)).toThrow('TFRecordWriter.write: record must be a Uint8Array or a string, got 3.');
    writer.flush();
    writer.close();
    expect(() => writer.write('x')).toThrow('TFRecordWriter.write: the writer is closed.');
    expect(() => new tf.io.TFRecordWriter(join(dir, 'b.tfrecord'), { compressionLevel: 10 })).toThrow('compressionLevel must be an integer from 0 to 9');
    expect(() => new tf.io.TFRecordWriter(join(dir, 'b.tfrecord'), 'LZ4' as 'GZIP')).toThrow(`TFRecordWriter: compressionType must be '' (or null), 'GZIP' or 'ZLIB', got "LZ4".`);
    // A record whose data CRC is damaged after writing is found by the reader.
    const bytes = readFileSync(join(dir, 'a.tfrecord'));
    expect(bytes.length).toBe(0);
    const damaged = new tf.io.TFRecordWriter(join(dir, 'c.tfrecord'));
    damaged.write('abc');
    damaged.close();
    const c = readFileSync(join(dir, 'c.tfrecord'));
    c[13] ^= 1;
    writeFileSync(join(dir, 'c.tfrecord'), c);
    expect(() => values(new tf.data.TFRecordDataset(join(dir, 'c.tfrecord')))).toThrow('corrupted record at 12');
  });
});

describe('Dataset.rebatch', () => {
  it('regroups batches as TensorFlow does, with TensorFlow\'s specs and cardinality', () => {
    const ds = tf.data.Dataset.range(10).batch(4);
    expect(values(ds.rebatch(3))).toEqual(TF.rebatch['range 10 batch 4 rebatch 3']);
    expect(values(ds.rebatch(3, { dropRemainder: true }))).toEqual(TF.rebatch['range 10 batch 4 rebatch 3 drop']);
    expect(values(ds.rebatch([2, 3]))).toEqual(TF.rebatch['range 10 batch 4 rebatch [2, 3]']);
    expect(values(ds.rebatch([2, 3], true))).toEqual(TF.rebatch['range 10 batch 4 rebatch [2, 3] drop']);
    expect(values(tf.data.Dataset.range(7).batch(3).rebatch(5))).toEqual(TF.rebatch['range 7 batch 3 rebatch 5']);
    const pairs = tf.data.Dataset.fromTensorSlices([tf.reshape(tf.range(0, 12, 1, 'int32'), [6, 2]), tf.range(0, 6, 1, 'int32')]).batch(4);
    expect(values(pairs.rebatch(3))).toEqual(TF.rebatch['pairs batch 4 rebatch 3']);
    const int32 = (s: string) => s.replace('int64', 'int32');
    expect(ds.rebatch(3).elementSpec.toString()).toBe(int32(TF.rebatchSpecs['rebatch 3']));
    expect(ds.rebatch(3, true).elementSpec.toString()).toBe(int32(TF.rebatchSpecs['rebatch 3 drop']));
    expect(ds.rebatch([2, 3], true).elementSpec.toString()).toBe(int32(TF.rebatchSpecs['rebatch [2, 3] drop']));
    expect(ds.rebatch(3).cardinality().item()).toBe(TF.rebatchSpecs.cardinality);
  });

  it('refuses scalar elements and bad sizes', () => {
    expect(TF.errors['rebatch scalars'].message).toContain('Expected dataset with rank of >= 1 but found a dataset with scalar elements');
    expect(() => tf.data.Dataset.range(10).rebatch(3)).toThrow('Dataset.rebatch: Invalid `batchSize`. Expected dataset with rank of >= 1 but found a dataset with scalar elements. Fix the issue by adding the `batch` transformation to the dataset.');
    expect(() => tf.data.Dataset.range(10).batch(2).rebatch(0)).toThrow('Dataset.rebatch: Batch size must be greater than zero.');
    expect(() => tf.data.Dataset.range(10).batch(2).rebatch([])).toThrow('Dataset.rebatch: batchSize must be a positive integer or a non-empty array of them');
    expect(() => tf.data.Dataset.range(10).batch(2).rebatch(2, { bogus: 1 } as never)).toThrow("Dataset.rebatch: unknown option 'bogus'");
  });
});
