// tf.data.experimental.CsvDataset and makeCsvDataset. The expected values follow TensorFlow's
// documentation (CsvDataset's and make_csv_dataset's docstrings) and the rules of its code:
// csv_dataset_op.cc (RFC 4180 quoting, records ended by '\n', '\r' or "\r\n", empty and na_value
// fields taking the default, the field-count and number errors, safe_strto32 / safe_strtof's
// syntax) and readers.py (header names, _infer_type, shuffle -> repeat -> batch -> dict). float32
// values are the float32 nearest the decimal (Math.fround), as TensorFlow stores them.
import * as tf from 'gradtape';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIR = mkdtempSync(join(tmpdir(), 'gradtape-csv-'));
let fileCount = 0;
/** A new file holding `text` (or bytes), its path. */
function csvFile(text: string | Uint8Array, name = `f${fileCount++}.csv`): string {
  const path = join(DIR, name);
  writeFileSync(path, text);
  return path;
}
const values = <T>(ds: tf.data.Dataset<T>) => [...ds.asNumpyIterator()] as unknown[];
const f32 = Math.fround;

describe('CsvDataset', () => {
  it("reads TensorFlow's docstring example: typed columns, an optional column's default, selectCols", () => {
    const path = csvFile('abcdefg,4.28E10,5.55E6,12\nhijklmn,-5.3E14,,2\n');
    const ds = new tf.data.experimental.CsvDataset(path, ['float32', [0], 'int32'], { selectCols: [1, 2, 3] });
    expect(values(ds)).toEqual([
      [f32(4.28e10), f32(5.55e6), 12],
      [f32(-5.3e14), 0, 2],
    ]);
    expect(ds.elementSpec.map(String)).toEqual([
      'TensorSpec(shape=(), dtype=tf.float32, name=None)',
      'TensorSpec(shape=(), dtype=tf.float32, name=None)',
      'TensorSpec(shape=(), dtype=tf.int32, name=None)',
    ]);
    const [first] = [...ds];
    expect(first!.map((t) => (t as tf.Tensor).dtype)).toEqual(['float32', 'float32', 'int32']);
    expect(first!.every((t) => (t as tf.Tensor).shape.length === 0)).toBe(true);
    expect(ds.cardinality().item()).toBe(tf.data.UNKNOWN_CARDINALITY);
  });

  it('gives each column its type: float32, float64, int32, string (JS strings), int64 as int32', () => {
    const path = csvFile('0.1,0.1,-7,hello world,12345678901\n');
    const ds = new tf.data.experimental.CsvDataset(path, ['float32', 'float64', 'int32', 'string', 'float64']);
    const [[a, b, c, d, e]] = [...ds] as [tf.Tensor, tf.Tensor, tf.Tensor, string, tf.Tensor][];
    expect([a!.dtype, a!.item()]).toEqual(['float32', f32(0.1)]);
    expect([b!.dtype, b!.item()]).toEqual(['float64', 0.1]);
    expect([c!.dtype, c!.item()]).toEqual(['int32', -7]);
    expect(d).toBe('hello world');
    expect(e!.item()).toBe(12345678901);
    expect(ds.elementSpec[3]!.toString()).toBe('TensorSpec(shape=(), dtype=tf.string, name=None)');

    const int64 = new tf.data.experimental.CsvDataset(csvFile('2147483647\n-2147483648\n'), ['int64']);
    expect(values(int64)).toEqual([[2147483647], [-2147483648]]);
    expect(int64.elementSpec[0]!.toString()).toBe('TensorSpec(shape=(), dtype=tf.int32, name=None)');
    // a valid int64 beyond int32 is TensorFlow's value, which gradtape cannot hold
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile('4294967296\n'), ['int64']))).toThrow(/outside int32's range/);
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile('9223372036854775808\n'), ['int64']))).toThrow('Field 0 in record is not a valid int64: 9223372036854775808');
  });

  it('fills an empty field, or one equal to naValue, with the default; a quoted empty field is empty too', () => {
    const path = csvFile('1,,x\nNA,2.5,NA\n"",NA,""\n');
    const defaults = [tf.constant([-1], 'int32'), 9.5, 'none'] as const;
    expect(values(new tf.data.experimental.CsvDataset(path, defaults, { naValue: 'NA' }))).toEqual([
      [1, 9.5, 'x'],
      [-1, 2.5, 'none'],
      [-1, 9.5, 'none'],
    ]);
    // without naValue, 'NA' is a value: not an int32
    expect(() => values(new tf.data.experimental.CsvDataset(path, defaults))).toThrow('Field 0 in record is not a valid int32: NA');
    // a scalar tensor is a default too, its dtype the column's
    expect(values(new tf.data.experimental.CsvDataset(csvFile(',1\n'), [tf.constant(2, 'float64'), ['s']]))).toEqual([[2, '1']]);
  });

  it("makes a column given by its type required: an empty or naValue field is TensorFlow's error", () => {
    const path = csvFile('1,2\n3,\n');
    const ds = new tf.data.experimental.CsvDataset(path, ['int32', 'int32']);
    const it = ds[Symbol.iterator]();
    expect((it.next().value as tf.Tensor[]).map((t) => t.item())).toEqual([1, 2]);
    expect(() => it.next()).toThrow(tf.errors.InvalidArgumentError);
    expect(() => values(ds)).toThrow(/InvalidArgumentError: Field 1 is required but missing in record! \(record 1 of .*f\d+\.csv/);
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile('1,?\n'), ['int32', 'string'], { naValue: '?' }))).toThrow('Field 1 is required but missing in record!');
    // an empty tensor is TensorFlow's other way to say required
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile(',1\n'), [tf.constant([], 'int32'), 'int32']))).toThrow('Field 0 is required but missing in record!');
  });

  it('reads RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes', () => {
    const path = csvFile('"a,b","say ""hi""","two\nlines"\n"x"",""y",plain,"crlf\r\ninside"\r\n');
    expect(values(new tf.data.experimental.CsvDataset(path, ['string', 'string', 'string']))).toEqual([
      ['a,b', 'say "hi"', 'two\nlines'],
      ['x","y', 'plain', 'crlf\r\ninside'],
    ]);
    // numbers may be quoted
    expect(values(new tf.data.experimental.CsvDataset(csvFile('"12","1.5"\n'), ['int32', 'float32']))).toEqual([[12, 1.5]]);
  });

  it('reads quotes as plain characters with useQuoteDelim false', () => {
    const path = csvFile('"a,b"\n');
    expect(values(new tf.data.experimental.CsvDataset(path, ['string', 'string'], { useQuoteDelim: false }))).toEqual([['"a', 'b"']]);
  });

  it("refuses stray quotes with the kernel's errors", () => {
    const read = (text: string, n = 2) => () => values(new tf.data.experimental.CsvDataset(csvFile(text), Array(n).fill('string')));
    expect(read('ab"c,d\n')).toThrow('Unquoted fields cannot have quotes inside');
    expect(read('"ab"c",d\n')).toThrow('Quote inside a string has to be escaped by another quote');
    // after a stray quote the field is still quoted: a quote before a delimiter or line break ends it, else the file
    expect(read('"ab"c,d\n')).toThrow('Reached end of file without closing quoted field in record');
    expect(read('a,"never closed\n')).toThrow('Reached end of file without closing quoted field in record');
  });

  it("ends records at '\\n', '\\r' or \"\\r\\n\", keeps a last record without a line break, and reads a trailing delimiter as an empty field", () => {
    const path = csvFile('1,a\r\n2,b\r3,c\n4,');
    expect(values(new tf.data.experimental.CsvDataset(path, ['int32', ['-']]))).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, '-'],
    ]);
  });

  it('skips each file\'s header record (quoted line breaks included) and reads files in order', () => {
    const a = csvFile('"first\nname",n\nx,1\ny,2\n');
    const b = csvFile('name,n\nz,3');
    const ds = new tf.data.experimental.CsvDataset([a, b], ['string', 'int32'], { header: true });
    expect(values(ds)).toEqual([
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ]);
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile(''), ['string'], { header: true }))).toThrow("Can't read header of file");
    expect(values(new tf.data.experimental.CsvDataset(csvFile(''), ['string']))).toEqual([]);
  });

  it('splits fields at fieldDelim, one byte only', () => {
    const path = csvFile('1;2.5;a,b\n');
    expect(values(new tf.data.experimental.CsvDataset(path, ['int32', 'float64', 'string'], { fieldDelim: ';' }))).toEqual([[1, 2.5, 'a,b']]);
    expect(values(new tf.data.experimental.CsvDataset(csvFile('1\t"x\ty"\n'), ['int32', 'string'], { fieldDelim: '\t' }))).toEqual([[1, 'x\ty']]);
    expect(() => new tf.data.experimental.CsvDataset(path, ['string'], { fieldDelim: ';;' })).toThrow('field_delim should be only 1 char');
    expect(() => new tf.data.experimental.CsvDataset(path, ['string'], { fieldDelim: 'é' })).toThrow('field_delim should be only 1 char');
  });

  it('reads the selectCols or all but the excludeCols, and checks them as the kernel does', () => {
    const path = csvFile('0,1,2,3\n10,11,12,13\n');
    const col = (n: number) => Array(n).fill('int32');
    expect(values(new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [0, 2] }))).toEqual([
      [0, 2],
      [10, 12],
    ]);
    expect(values(new tf.data.experimental.CsvDataset(path, col(2), { excludeCols: [1, 3] }))).toEqual([
      [0, 2],
      [10, 12],
    ]);
    expect(values(new tf.data.experimental.CsvDataset(path, col(3), { excludeCols: [0] }))).toEqual([
      [1, 2, 3],
      [11, 12, 13],
    ]);
    expect(() => new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [0], excludeCols: [1] })).toThrow();
    expect(() => new tf.data.experimental.CsvDataset(path, col(1), { selectCols: [0], excludeCols: [1] })).toThrow('Either select_cols or exclude_cols should be empty');
    expect(() => new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [2, 0] })).toThrow('select_cols should be strictly increasing indices');
    expect(() => new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [1, 1] })).toThrow('select_cols should be strictly increasing indices');
    expect(() => new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [-1, 0] })).toThrow('select_cols should be non-negative indices');
    expect(() => new tf.data.experimental.CsvDataset(path, col(3), { selectCols: [0, 1] })).toThrow('select_cols should match output size');
    expect(() => new tf.data.experimental.CsvDataset(path, col(2), { excludeCols: [3, 1] })).toThrow('exclude_cols should be strictly increasing indices');
    // a selected column past the record's end
    expect(() => values(new tf.data.experimental.CsvDataset(path, col(2), { selectCols: [1, 4] }))).toThrow('Expect 2 fields but have 1 in record');
  });

  it('refuses a record with the wrong number of fields', () => {
    const path = csvFile('1,2,3\n4,5\n');
    expect(() => values(new tf.data.experimental.CsvDataset(path, ['int32', 'int32']))).toThrow('Expect 2 fields but have more in record');
    expect(() => values(new tf.data.experimental.CsvDataset(path, ['int32', 'int32', 'int32']))).toThrow(/Expect 3 fields but have 2 in record \(record 1 of /);
    // an empty line is one empty field
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile('1,2\n\n3,4\n'), [[0], [0]]))).toThrow('Expect 2 fields but have 1 in record');
    expect(() => values(new tf.data.experimental.CsvDataset(csvFile('1,2\n\n3,4\n'), ['int32', [0]]))).toThrow('Field 0 is required but missing in record!');
    expect(values(new tf.data.experimental.CsvDataset(csvFile('1\n\n3\n'), [[0]]))).toEqual([[1], [0], [3]]);
  });

  it("parses numbers with the kernel's syntax and refuses the rest with its errors", () => {
    const ints = (text: string) => values(new tf.data.experimental.CsvDataset(csvFile(`${text}\n`), ['int32']))[0];
    expect(ints(' 42 ')).toEqual([42]);
    expect(ints('-2147483648')).toEqual([-2147483648]);
    expect(ints('007')).toEqual([7]);
    for (const bad of ['+5', '1.5', '2147483648', '1e3', '0x10', 'abc']) expect(() => ints(bad), bad).toThrow(`Field 0 in record is not a valid int32: ${bad}`);

    const floats = (text: string, type: 'float32' | 'float64' = 'float64') => values(new tf.data.experimental.CsvDataset(csvFile(`${text}\n`), [type]))[0];
    expect(floats(' 1e3 ')).toEqual([1000]);
    expect(floats('+.5')).toEqual([0.5]);
    expect(floats('5.')).toEqual([5]);
    expect(floats('0x10')).toEqual([16]);
    expect(floats('-0X1f')).toEqual([-31]);
    expect(floats('inf')).toEqual([Infinity]);
    expect(floats('-INF')).toEqual([-Infinity]);
    expect(floats('NaN')).toEqual([NaN]);
    expect(floats('1e39', 'float32')).toEqual([Infinity]);
    expect(floats('0.1', 'float32')).toEqual([f32(0.1)]);
    for (const bad of ['abc', 'infinity', '1e', '.', '1_5', '- 1']) expect(() => floats(bad), bad).toThrow(`Field 0 in record is not a valid double: ${bad}`);
    expect(() => floats('1.5x', 'float32')).toThrow('Field 0 in record is not a valid float: 1.5x');
    // safe_strtof refuses 32 characters or more
    expect(() => floats(`1.${'0'.repeat(30)}`)).toThrow('is not a valid double');
    expect(floats(`1.${'0'.repeat(29)}`)).toEqual([1]);
  });

  it('reads GZIP and ZLIB files', () => {
    const text = 'a,b\n1,"x,y"\n2,z\n';
    const expected = [
      [1, 'x,y'],
      [2, 'z'],
    ];
    expect(values(new tf.data.experimental.CsvDataset(csvFile(gzipSync(text), 'g.csv.gz'), ['int32', 'string'], { header: true, compressionType: 'GZIP' }))).toEqual(expected);
    expect(values(new tf.data.experimental.CsvDataset(csvFile(deflateSync(text), 'z.csv.zz'), ['int32', 'string'], 'ZLIB', null, true))).toEqual(expected);
  });

  it('reads the same records whatever the buffer size (fields, quotes, "\\r\\n" and UTF-8 characters across reads)', () => {
    const text = 'név,"a ""q"" b"\r\n"multi\r\nline",€\r\n';
    const path = csvFile(text);
    const expected = [
      ['név', 'a "q" b'],
      ['multi\r\nline', '€'],
    ];
    for (const bufferSize of [1, 2, 3, 5, 7, 64]) expect(values(new tf.data.experimental.CsvDataset(path, ['string', 'string'], { bufferSize })), `${bufferSize}`).toEqual(expected);
    expect(() => new tf.data.experimental.CsvDataset(path, ['string'], { bufferSize: 0 })).toThrow('buffer_size should be positive');
  });

  it("takes TensorFlow's positional order, and an options object", () => {
    const path = csvFile('h1;h2;h3\n1;NA;3\n');
    const positional = new tf.data.experimental.CsvDataset(path, ['int32', [0]], null, null, true, ';', true, 'NA', [0, 1]);
    const options = new tf.data.experimental.CsvDataset(path, ['int32', [0]], { header: true, fieldDelim: ';', naValue: 'NA', selectCols: [0, 1] });
    expect(values(positional)).toEqual([[1, 0]]);
    expect(values(options)).toEqual([[1, 0]]);
    expect(values(new tf.data.experimental.CsvDataset(path, ['int32', [0]], null, null, true, ';', true, 'NA', null, [2]))).toEqual([[1, 0]]);
    // Python's keyword arguments after positional ones: a last options object (name is TensorFlow's dataset name, unused)
    expect(values(new tf.data.experimental.CsvDataset(path, ['int32', [0], 'int32'], null, null, true, { fieldDelim: ';', naValue: 'NA', name: 'rows' } as never))).toEqual([[1, 0, 3]]);
    // TensorFlow's CsvDataset has no name parameter: an 11th argument is one too many
    const Untyped = tf.data.experimental.CsvDataset as unknown as new (...args: unknown[]) => unknown;
    expect(() => new Untyped(path, ['int32'], null, null, true, ';', true, 'NA', null, null, 'rows')).toThrow(/at most 8/);
    expect(() => new tf.data.experimental.CsvDataset(path, ['int32'], { hedaer: true } as never)).toThrow(/unknown option 'hedaer'/);
  });

  it('checks the record defaults', () => {
    const path = csvFile('1\n');
    expect(() => new tf.data.experimental.CsvDataset(path, [[1, 2]] as never)).toThrow('There should only be 1 default per field but field 0 has 2');
    expect(() => new tf.data.experimental.CsvDataset(path, [tf.constant([[1]])])).toThrow('Each record default should be at most rank 1');
    expect(() => new tf.data.experimental.CsvDataset(path, [true] as never)).toThrow(/recordDefaults\[0\]/);
    expect(() => new tf.data.experimental.CsvDataset(path, [])).toThrow(/recordDefaults must be a non-empty array/);
    // a string naming a type is that type, as TensorFlow compares DTypes with strings
    expect(values(new tf.data.experimental.CsvDataset(path, ['double']))).toEqual([[1]]);
    expect(new tf.data.experimental.CsvDataset(path, ['double']).elementSpec[0]!.toString()).toBe('TensorSpec(shape=(), dtype=tf.float64, name=None)');
  });

  it('gives a record of string columns only as one JS array of strings (one string component, as gradtape takes such arrays)', () => {
    const ds = new tf.data.experimental.CsvDataset(csvFile('a,b\nc,d\n'), ['string', 'string']);
    expect(ds.elementSpec.toString()).toBe('TensorSpec(shape=(2,), dtype=tf.string, name=None)');
    expect(values(ds.batch(2))).toEqual([
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ]);
  });

  it('is a dataset: batches, maps and names a missing file', () => {
    const path = csvFile('1,a\n2,b\n3,c\n');
    const ds = new tf.data.experimental.CsvDataset(path, ['float32', 'string']);
    expect(ds).toBeInstanceOf(tf.data.experimental.CsvDataset);
    expect(ds).toBeInstanceOf(tf.data.Dataset);
    expect(values(ds.batch(2))).toEqual([
      [[1, 2], ['a', 'b']],
      [[3], ['c']],
    ]);
    expect(values(ds.map((x, s) => x.mul(2)))).toEqual([2, 4, 6]);
    expect(() => values(new tf.data.experimental.CsvDataset(join(DIR, 'missing.csv'), ['string']))).toThrow(/NotFoundError: .*missing\.csv; No such file or directory/);
  });
});

describe('makeCsvDataset', () => {
  const sub = mkdtempSync(join(DIR, 'make-'));
  const write = (name: string, text: string | Uint8Array) => {
    writeFileSync(join(sub, name), text);
    return join(sub, name);
  };
  write('train-b.csv', 'n,x,city,label\n4,0.5,"New York, NY",1\n5,1,Lyon,0\n');
  write('train-a.csv', 'n,x,city,label\n1,2.5,Oslo,0\n2,NA,Rome,1\n3,-1e2,,1\n');
  const pattern = join(sub, 'train-*.csv');

  it("names the columns from the header and infers int32, float32 and string columns, every column optional (0 or '')", () => {
    const ds = tf.data.experimental.makeCsvDataset(pattern, 10, { numEpochs: 1, shuffle: false, naValue: 'NA' });
    const batches = [...ds];
    expect(batches.length).toBe(1);
    const b = batches[0]!;
    expect(Object.keys(b)).toEqual(['n', 'x', 'city', 'label']);
    expect((b.n as tf.Tensor).dtype).toBe('int32');
    expect((b.x as tf.Tensor).dtype).toBe('float32');
    expect((b.label as tf.Tensor).dtype).toBe('int32');
    // files sorted by name; NA and empty fields take the defaults 0 and ''
    expect((b.n as tf.Tensor).arraySync()).toEqual([1, 2, 3, 4, 5]);
    expect((b.x as tf.Tensor).arraySync()).toEqual([2.5, 0, -100, 0.5, 1]);
    expect(b.city).toEqual(['Oslo', 'Rome', '', 'New York, NY', 'Lyon']);
    expect(String((ds.elementSpec as Record<string, unknown>).city)).toBe('TensorSpec(shape=(None,), dtype=tf.string, name=None)');
  });

  it("infers types as readers.py's _infer_type: the least permissive of int32, int64, float32, float64, string that holds every value", () => {
    const path = write('types.csv', 'i,big,f,wide,nanval,s,none\n1,1,1,1,1.5,1,\n2,3000000000,2.5,1e39,nan,x,\n');
    const [b] = [...tf.data.experimental.makeCsvDataset(path, 2, { numEpochs: 1, shuffle: false, selectColumns: ['i', 'f', 'wide', 'nanval', 's', 'none'] })];
    expect((b!.i as tf.Tensor).dtype).toBe('int32');
    expect((b!.f as tf.Tensor).dtype).toBe('float32');
    expect((b!.wide as tf.Tensor).dtype).toBe('float64');
    // 'nan' is not below infinity as a float: a string column
    expect(b!.nanval).toEqual(['1.5', 'nan']);
    expect(b!.s).toEqual(['1', 'x']);
    // a column with no value is a string column of ''
    expect(b!.none).toEqual(['', '']);
    // int64 (3000000000 does not fit int32): TensorFlow's type, whose value gradtape cannot hold
    expect(() => [...tf.data.experimental.makeCsvDataset(path, 2, { numEpochs: 1, shuffle: false, selectColumns: ['big'] })]).toThrow(/outside int32's range/);
  });

  it('infers the types from the first numRowsForInference rows (null: all of them)', () => {
    const path = write('late.csv', 'v\n1\n2\nx\n');
    const dataset = (numRowsForInference: number | null) => tf.data.experimental.makeCsvDataset(path, 3, { numEpochs: 1, shuffle: false, numRowsForInference });
    expect([...dataset(null)][0]!.v).toEqual(['1', '2', 'x']);
    expect(() => [...dataset(2)]).toThrow('Field 0 in record is not a valid int32: x');
    expect(() => tf.data.experimental.makeCsvDataset(write('ragged.csv', 'a,b\n1,2\n3\n'), 2)).toThrow('Problem inferring types: CSV row has different number of fields than expected.');
  });

  it('splits the label column off as [features, label]', () => {
    const ds = tf.data.experimental.makeCsvDataset(pattern, 5, { labelName: 'label', numEpochs: 1, shuffle: false, selectColumns: ['n', 3] });
    const [[features, label]] = [...ds];
    expect(Object.keys(features!)).toEqual(['n']);
    expect((features!.n as tf.Tensor).arraySync()).toEqual([1, 2, 3, 4, 5]);
    expect((label as tf.Tensor).arraySync()).toEqual([0, 1, 1, 1, 0]);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 5, { labelName: 'price' })).toThrow(/`label_name` provided must be one of the columns/);
  });

  it('batches with a smaller last batch when the epochs end, and repeats numEpochs times', () => {
    const sizes = (ds: tf.data.Dataset<Record<string, tf.Tensor | string[]>>) => [...ds].map((b) => (b.n as tf.Tensor).arraySync());
    expect(sizes(tf.data.experimental.makeCsvDataset(pattern, 2, { numEpochs: 1, shuffle: false }))).toEqual([[1, 2], [3, 4], [5]]);
    expect(sizes(tf.data.experimental.makeCsvDataset(pattern, 4, { numEpochs: 2, shuffle: false }))).toEqual([
      [1, 2, 3, 4],
      [5, 1, 2, 3],
      [4, 5],
    ]);
  });

  it('repeats forever by default, every batch full (the batch size static)', () => {
    const ds = tf.data.experimental.makeCsvDataset(pattern, 4, { shuffle: false });
    expect(ds.cardinality().item()).toBe(tf.data.INFINITE_CARDINALITY);
    expect([...ds.take(3)].map((b) => (b.n as tf.Tensor).arraySync())).toEqual([
      [1, 2, 3, 4],
      [5, 1, 2, 3],
      [4, 5, 1, 2],
    ]);
    expect(String((ds.elementSpec as Record<string, unknown>).n)).toBe('TensorSpec(shape=(4,), dtype=tf.int32, name=None)');
  });

  it('shuffles by default, the same order for the same shuffleSeed; shuffle false keeps the order', () => {
    const order = (seed: number) => [...tf.data.experimental.makeCsvDataset(pattern, 5, { numEpochs: 1, shuffleSeed: seed })].map((b) => (b.n as tf.Tensor).arraySync()).flat();
    const first = order(7);
    expect(order(7)).toEqual(first);
    expect([...first].sort()).toEqual([1, 2, 3, 4, 5]);
    const orders = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => order(s).join()));
    expect(orders.size).toBeGreaterThan(1);
  });

  it('takes the column names, and reads files without a header', () => {
    const path = write('noheader.txt', '1,a\n2,b\n');
    const ds = tf.data.experimental.makeCsvDataset(path, 2, { columnNames: ['id', 'name'], header: false, numEpochs: 1, shuffle: false });
    const [b] = [...ds];
    expect((b!.id as tf.Tensor).arraySync()).toEqual([1, 2]);
    expect(b!.name).toEqual(['a', 'b']);
    expect(() => tf.data.experimental.makeCsvDataset(path, 2, { header: false })).toThrow('Expected `column_names` or `header` arguments. Neither is provided.');
    expect(() => tf.data.experimental.makeCsvDataset(path, 2, { columnNames: ['a', 'a'], header: false })).toThrow(/duplicate column names/);
  });

  it('takes column defaults: types make required columns, values optional ones', () => {
    const path = write('defaults.csv', 'a,b\n1,\n');
    const [b] = [...tf.data.experimental.makeCsvDataset(path, 1, { columnDefaults: ['float64', [-1]], numEpochs: 1, shuffle: false })];
    expect((b!.a as tf.Tensor).dtype).toBe('float64');
    expect((b!.b as tf.Tensor).arraySync()).toEqual([-1]);
    expect(() => [...tf.data.experimental.makeCsvDataset(path, 1, { columnDefaults: ['float64', 'int32'], numEpochs: 1 })]).toThrow('Field 1 is required but missing in record!');
    expect(() => tf.data.experimental.makeCsvDataset(path, 1, { columnDefaults: ['float64', 'int32'], selectColumns: ['a'] })).toThrow(/column_defaults and select_columns must have the same length/);
  });

  it('skips the rows that fail with ignoreErrors', () => {
    const path = write('errors.csv', 'a,b\n1,2\nx,3\n4\n5,6\n');
    const ds = tf.data.experimental.makeCsvDataset(path, 10, { columnDefaults: ['int32', 'int32'], numEpochs: 1, shuffle: false, ignoreErrors: true });
    expect(values(ds)).toEqual([{ a: [1, 5], b: [2, 6] }]);
    expect(() => [...tf.data.experimental.makeCsvDataset(path, 10, { columnDefaults: ['int32', 'int32'], numEpochs: 1, shuffle: false })]).toThrow('Field 0 in record is not a valid int32: x');
  });

  it("reads numParallelReads files at a time, a row from each in turn (TensorFlow's deterministic order)", () => {
    const ds = tf.data.experimental.makeCsvDataset(pattern, 5, { numEpochs: 1, shuffle: false, numParallelReads: 2 });
    expect(([...ds][0]!.n as tf.Tensor).arraySync()).toEqual([1, 4, 2, 5, 3]);
  });

  it('reads GZIP files, their header and types too', () => {
    const path = write('zipped.csv.gz', gzipSync('k,v\n1,0.5\n2,1.5\n'));
    const [b] = [...tf.data.experimental.makeCsvDataset(path, 2, { compressionType: 'GZIP', numEpochs: 1, shuffle: false })];
    expect((b!.k as tf.Tensor).arraySync()).toEqual([1, 2]);
    expect((b!.v as tf.Tensor).arraySync()).toEqual([0.5, 1.5]);
  });

  it("takes TensorFlow's positional order", () => {
    const ds = tf.data.experimental.makeCsvDataset(pattern, 5, null, null, 'label', ['n', 'label'], ',', true, '', true, 1, false);
    const [[features, label]] = [...ds];
    expect((features!.n as tf.Tensor).arraySync()).toEqual([1, 2, 3, 4, 5]);
    expect((label as tf.Tensor).arraySync()).toEqual([0, 1, 1, 1, 0]);
  });

  it("refuses what gradtape cannot honour: sloppy order, other encodings, AUTOTUNE parallel reads; and TensorFlow's argument errors", () => {
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { sloppy: true })).toThrow(/sloppy/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { encoding: 'latin-1' })).toThrow(/UTF-8 only/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { numParallelReads: tf.data.AUTOTUNE })).toThrow(/AUTOTUNE/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { sloppy: false, encoding: 'UTF-8', numEpochs: 1 })).not.toThrow();
    expect(() => tf.data.experimental.makeCsvDataset(join(sub, 'nothing-*.csv'), 2)).toThrow(/No files match `file_pattern`/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 0)).toThrow(/batchSize must be a positive integer/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { selectColumns: ['nope'] })).toThrow(/not a valid column index or name/);
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { selectColumns: ['n', 0] })).toThrow(/duplicate columns/);
    const other = write('other-header.csv', 'q,x,city,label\n1,1,a,1\n');
    expect(() => tf.data.experimental.makeCsvDataset([pattern, other], 2)).toThrow('Files have different column names in the header row.');
    expect(() => tf.data.experimental.makeCsvDataset(pattern, 2, { shufle: false } as never)).toThrow(/unknown option 'shufle'/);
  });
});
