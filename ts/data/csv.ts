// TensorFlow's CSV readers (Node): tf.data.experimental.CsvDataset, which parses CSV records as
// TensorFlow's CSVDatasetV2 kernel does (csv_dataset_op.cc: RFC 4180 quoting, records ended by
// '\n', '\r' or "\r\n", a field empty or equal to na_value taking its column's default, the
// kernel's number syntax and error messages), and tf.data.experimental.make_csv_dataset
// (readers.py's make_csv_dataset_v2: column names from the header, types inferred from the first
// rows, shuffled, repeated and batched into dicts of columns). Files are read as TextLineDataset
// reads them (./readers.ts): chunk by chunk, plain or GZIP/ZLIB, decoded as UTF-8 (the delimiters
// and quotes are ASCII, which no multi-byte UTF-8 character contains, so parsing the text splits
// it where the kernel splits the bytes). gradtape has no string or int64 tensors: a string column
// gives JS strings, an int64 column int32 tensors (a value outside int32's range is an error).

import { makeConstant } from '../creation';
import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { type DType, asDType, getFloatx } from '../dtype';
import { InvalidArgumentError, tfError } from '../errors';
import { TensorSpec } from '../function';
import { type CompressionType, type FileBytes, checkCompressionType, readFileBytes } from '../io/node-files';
import { Tensor } from '../tensor';
import { dataArguments } from './arguments';
import { Dataset } from './dataset';
import { listFiles } from './list-files';
import { type Pipeline, UNKNOWN, pipeline } from './pipeline';
import type { SpecStructure } from './spec';
import { StringSpec } from './strings';
import type { Element } from './structure';

/** The column types of TensorFlow's CSV readers (its _ACCEPTABLE_CSV_TYPES). 'int64' columns give
 * int32 tensors (gradtape has no int64), 'string' columns JS strings (it has no string tensors). */
export type CsvColumnType = 'float32' | 'float64' | 'int32' | 'int64' | 'string';

/**
 * One entry of TensorFlow's `record_defaults` (`column_defaults`): a column type (the column is
 * required: an empty field is an error), or a default (the column is optional: an empty field, or
 * one equal to `naValue`, gives it): a number (a float32 column, floatx, as `tf.constant` makes JS
 * numbers), a string (a string column; a string that names a type is that type, as in TensorFlow),
 * a one-element array of either, or a tensor of at most one element (rank 0 or 1: its dtype is the
 * column's; an empty one makes the column required). `[]` is TensorFlow's `tf.constant([])`, a
 * required float32 column.
 */
export type CsvRecordDefault = CsvColumnType | number | string | Tensor | readonly [] | readonly [number] | readonly [string];

/** The value a column of `D` (a CsvRecordDefault) gives: a JS string for a string column, else a scalar tensor. */
export type CsvField<D> = D extends 'float32' | 'float64' | 'int32' | 'int64' | 'double' | 'float' ? Tensor : D extends string | readonly [string] ? string : Tensor;

/** The element of `new tf.data.experimental.CsvDataset(filenames, recordDefaults)`: one value per column. */
export type CsvRecord<D extends readonly unknown[]> = { -readonly [K in keyof D]: CsvField<D[K]> };

/** Options of `new tf.data.experimental.CsvDataset(filenames, recordDefaults, options)`, TensorFlow's keyword arguments. */
export interface CsvDatasetOptions {
  /** '' or null (default: not compressed), 'GZIP' or 'ZLIB'. */
  compressionType?: CompressionType | null;
  /** Bytes read from a file at a time (default: 4 MiB, TensorFlow's); must be positive. */
  bufferSize?: number | null;
  /** Whether each file's first record is a header to skip (default false). */
  header?: boolean;
  /** The one-character (one-byte) field delimiter (default ','). */
  fieldDelim?: string;
  /** Whether '"' quotes fields (RFC 4180; default true): false reads quotes as plain characters. */
  useQuoteDelim?: boolean;
  /** A field equal to it is missing, as an empty field (default '': none besides empty fields). */
  naValue?: string;
  /** The indices of the columns to read, strictly increasing (default: all). */
  selectCols?: readonly number[] | null;
  /** The indices of the columns to skip, strictly increasing (default: none); not with `selectCols`. */
  excludeCols?: readonly number[] | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** TensorFlow's positional arguments of CsvDataset after filenames and record_defaults, in its order. */
type CsvDatasetPositional = [
  compressionType?: CompressionType | null, bufferSize?: number | null, header?: boolean, fieldDelim?: string, useQuoteDelim?: boolean, naValue?: string,
  selectCols?: readonly number[] | null, excludeCols?: readonly number[] | null,
];

/**
 * `tf.data.experimental.CsvDataset`'s class: `new tf.data.experimental.CsvDataset(filenames,
 * recordDefaults, options)` is a `tf.data.Dataset` of records, each an array of one value per
 * read column.
 */
export interface CsvDatasetConstructor {
  /**
   * @param filenames A file name or an array of them.
   * @param recordDefaults One entry per read column: its type (required) or its default (optional).
   * @param options The header, delimiter, quoting, missing value, columns and compression.
   */
  new <const D extends readonly CsvRecordDefault[]>(filenames: string | readonly string[], recordDefaults: D, options?: CsvDatasetOptions): Dataset<CsvRecord<D>>;
  /** TensorFlow's positional form, `(filenames, record_defaults, compression_type=None, buffer_size=None,
   * header=False, field_delim=',', use_quote_delim=True, na_value='', select_cols=None, exclude_cols=None)`. */
  new <const D extends readonly CsvRecordDefault[]>(filenames: string | readonly string[], recordDefaults: D, ...positional: CsvDatasetPositional): Dataset<CsvRecord<D>>;
  /** Python's keyword arguments after positional ones, `CsvDataset(path, defaults, None, None, True, select_cols=[0])`: a last options object. */
  new <const D extends readonly CsvRecordDefault[]>(
    filenames: string | readonly string[], recordDefaults: D, ...positionalThenOptions: PositionalThenOptions<CsvDatasetPositional, CsvDatasetOptions>
  ): Dataset<CsvRecord<D>>;
  /** The prototype of the instances. */
  readonly prototype: Dataset<(Tensor | string)[]>;
}

/** A column as the kernel reads it: its type, and its default (null: required). */
interface CsvColumn {
  readonly type: CsvColumnType;
  readonly fallback: number | string | null;
}

/** TensorFlow's default read buffer of CsvDataset (readers.py's _DEFAULT_READER_BUFFER_SIZE_BYTES). */
const CSV_BUFFER_BYTES = 4 * 1024 * 1024;

const CSV_TYPES: readonly string[] = ['float32', 'float64', 'int32', 'int64', 'string'];

/** The column type a string names, as TensorFlow's `x in _ACCEPTABLE_CSV_TYPES` (a DType equals
 * the strings `as_dtype` takes: 'double' is float64), or null for a string default. */
function namedType(s: string): CsvColumnType | null {
  try {
    const dtype = asDType(s);
    return CSV_TYPES.includes(dtype) ? (dtype as CsvColumnType) : null;
  } catch {
    return null;
  }
}

/** Record default `i` as a column. */
function csvColumn(d: unknown, i: number, op: string, what: string): CsvColumn {
  const required = (type: CsvColumnType): CsvColumn => ({ type, fallback: null });
  if (typeof d === 'string') {
    const type = namedType(d);
    return type !== null ? required(type) : { type: 'string', fallback: d };
  }
  if (typeof d === 'number') return { type: getFloatx(), fallback: d };
  if (d instanceof Tensor) {
    if (d.shape.length > 1) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: Each record default should be at most rank 1 (${what}[${i}] has shape [${d.shape.join(', ')}]).`);
    if (d.size > 1) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: There should only be 1 default per field but field ${i} has ${d.size}`);
    if (d.dtype === 'bool') throw new Error(`${op}: ${what}[${i}] is a bool tensor; a CSV column is float32, float64, int32, int64 or string.`);
    return d.size === 0 ? required(d.dtype as CsvColumnType) : { type: d.dtype as CsvColumnType, fallback: (d.dataSync() as ArrayLike<number>)[0]! };
  }
  if (Array.isArray(d) && d.length <= 1) {
    if (d.length === 0) return required(getFloatx());
    const [v] = d as unknown[];
    if (typeof v === 'string') return { type: 'string', fallback: v };
    if (typeof v === 'number') return { type: getFloatx(), fallback: v };
  }
  if (Array.isArray(d) && d.length > 1 && d.every((v) => typeof v === 'number' || typeof v === 'string')) {
    throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: There should only be 1 default per field but field ${i} has ${d.length}`);
  }
  throw new Error(
    `${op}: ${what}[${i}] must be a column type ('float32', 'float64', 'int32', 'int64' or 'string'), a default (a number, a string, a one-element array of one, or a tensor of at most one element), got ${describe(d)}.`,
  );
}

/** The record defaults as columns. */
function csvColumns(defaults: unknown, op: string, what: string): CsvColumn[] {
  if (!Array.isArray(defaults) || defaults.length === 0) {
    throw new Error(`${op}: ${what} must be a non-empty array of column types or defaults (one per read column), got ${describe(defaults)}.`);
  }
  return defaults.map((d, i) => csvColumn(d, i, op, what));
}

/** The reader's settings, checked as the kernel checks them when the dataset is made. */
interface CsvSettings {
  readonly columns: readonly CsvColumn[];
  readonly compression: CompressionType;
  readonly bufferBytes: number;
  readonly header: boolean;
  readonly delim: string;
  readonly useQuoteDelim: boolean;
  readonly naValue: string;
  /** Which fields of a record are read (by their index in the record). */
  readonly includes: (field: number) => boolean;
}

/** A strictly increasing array of non-negative column indices (null and [] are none, as TensorFlow's empty default). */
function columnIndices(v: unknown, op: string, kernelName: string, name: string): number[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((i) => Number.isInteger(i))) throw new Error(`${op}: ${name} must be an array of column indices (integers), got ${describe(v)}.`);
  const indices = v as number[];
  for (let i = 1; i < indices.length; i++) {
    if (!(indices[i - 1]! < indices[i]!)) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: ${kernelName} should be strictly increasing indices`);
  }
  if (indices.length > 0 && indices[0]! < 0) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: ${kernelName} should be non-negative indices`);
  return indices;
}

function checkString(v: unknown, op: string, name: string, fallback: string): string {
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'string') throw new Error(`${op}: ${name} must be a string, got ${describe(v)}.`);
  return v;
}

/** The delimiter: one byte, as the kernel's `field_delim should be only 1 char`; a quote or a line break would make records ambiguous. */
function checkDelim(v: unknown, op: string): string {
  const delim = checkString(v, op, 'fieldDelim', ',');
  if (new TextEncoder().encode(delim).length !== 1) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: field_delim should be only 1 char (fieldDelim is ${describe(delim)}).`);
  return delim;
}

interface CsvReadOptions {
  compressionType?: unknown;
  bufferSize?: unknown;
  header?: unknown;
  fieldDelim?: unknown;
  useQuoteDelim?: unknown;
  naValue?: unknown;
  selectCols?: unknown;
  excludeCols?: unknown;
}

function csvSettings(columns: CsvColumn[], o: CsvReadOptions, op: string): CsvSettings {
  const compression = checkCompressionType(o.compressionType, op);
  let bufferBytes = CSV_BUFFER_BYTES;
  if (o.bufferSize !== undefined && o.bufferSize !== null) {
    if (!Number.isInteger(o.bufferSize)) throw new Error(`${op}: bufferSize must be a positive integer, got ${describe(o.bufferSize)}.`);
    if ((o.bufferSize as number) <= 0) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: buffer_size should be positive (bufferSize is ${o.bufferSize as number}).`);
    bufferBytes = o.bufferSize as number;
  }
  const select = columnIndices(o.selectCols, op, 'select_cols', 'selectCols');
  const exclude = columnIndices(o.excludeCols, op, 'exclude_cols', 'excludeCols');
  if (select.length > 0 && select.length !== columns.length) {
    throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: select_cols should match output size (${select.length} columns selected, ${columns.length} record defaults).`);
  }
  if (select.length > 0 && exclude.length > 0) throw tfError(InvalidArgumentError, `${op}: InvalidArgumentError: Either select_cols or exclude_cols should be empty`);
  const selected = new Set(select);
  const excluded = new Set(exclude);
  const includes = select.length > 0 ? (f: number) => selected.has(f) : exclude.length > 0 ? (f: number) => !excluded.has(f) : () => true;
  return {
    columns,
    compression,
    bufferBytes,
    header: checkBoolean(o.header ?? undefined, op, 'header', false),
    delim: checkDelim(o.fieldDelim, op),
    useQuoteDelim: checkBoolean(o.useQuoteDelim ?? undefined, op, 'useQuoteDelim', true),
    naValue: checkString(o.naValue, op, 'naValue', ''),
    includes,
  };
}

/** One field of a record as the kernel scans it. */
interface RawField {
  /** The text, quotes removed and doubled quotes unescaped. */
  readonly text: string;
  /** The kernel's error for the field's quoting, if any. */
  readonly error: string | null;
  /** Whether the kernel leaves the field out of the record (a quoted field with a stray quote, or never closed). */
  readonly dropped: boolean;
}

/** A record: its fields, and whether it was an empty line (no characters before its line break). */
interface RawRecord {
  readonly fields: RawField[];
  readonly emptyLine: boolean;
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** The text of a file's chunks, a character at a time, with one character of lookahead across chunks. */
class TextCursor {
  private text = '';
  private pos = 0;
  private ended = false;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(private readonly chunks: Iterator<Uint8Array>) {}

  /** The next character's code unit without taking it, or -1 at the end of the file. */
  peek(): number {
    while (this.pos >= this.text.length) {
      if (this.ended) return -1;
      const r = this.chunks.next();
      if (r.done === true) {
        this.ended = true;
        // a character cut at the end of the file decodes as U+FFFD, as TextLineDataset's last line
        this.text = this.decoder.decode();
      } else {
        this.text = this.decoder.decode(r.value, { stream: true });
      }
      this.pos = 0;
    }
    return this.text.charCodeAt(this.pos);
  }

  /** Takes the character `peek` gave. */
  skip(): void {
    this.pos++;
  }

  /** Takes the characters up to (not including) the first one `stop` accepts, or to the end of the file. */
  takeUntil(stop: (c: number) => boolean): string {
    let out = '';
    for (;;) {
      if (this.peek() === -1) return out;
      const start = this.pos;
      let end = start;
      while (end < this.text.length && !stop(this.text.charCodeAt(end))) end++;
      out += this.text.slice(start, end);
      this.pos = end;
      if (end < this.text.length) return out;
    }
  }
}

/** The records of a file as the kernel's ReadRecord scans them: fields end at the delimiter, a
 * record at '\n', '\r' or "\r\n" or the end of the file; a field that starts with '"' (with
 * `useQuoteDelim`) is quoted (RFC 4180: delimiters and line breaks inside, '""' for a quote). */
function* rawRecords(bytes: FileBytes, delim: string, useQuoteDelim: boolean): Generator<RawRecord, void, undefined> {
  const chunks = bytes.chunks[Symbol.iterator]();
  try {
    const cursor = new TextCursor(chunks);
    const delimCode = delim.charCodeAt(0);
    const endsUnquoted = (c: number): boolean => c === delimCode || c === LF || c === CR || (useQuoteDelim && c === QUOTE);
    // After a '\r' that ends a record, a '\n' is part of the same line break.
    const endLine = (c: number): void => {
      cursor.skip();
      if (c === CR && cursor.peek() === LF) cursor.skip();
    };
    while (cursor.peek() !== -1) {
      const fields: RawField[] = [];
      const first = cursor.peek();
      const emptyLine = first === LF || first === CR;
      let endOfRecord = false;
      while (!endOfRecord) {
        const c = cursor.peek();
        if (c === -1) {
          // the file ends where a field starts (after a delimiter, or after a quoted field never
          // closed): the kernel reads a last, empty field
          fields.push({ text: '', error: null, dropped: false });
          break;
        }
        if (useQuoteDelim && c === QUOTE) {
          cursor.skip();
          let text = '';
          let error: string | null = null;
          let closed = true;
          for (;;) {
            text += cursor.takeUntil((ch) => ch === QUOTE);
            if (cursor.peek() === -1) {
              closed = false;
              break;
            }
            cursor.skip(); // the quote
            const next = cursor.peek();
            if (next === -1) {
              endOfRecord = true;
              break;
            }
            cursor.skip();
            if (next === delimCode) break;
            if (next === LF || next === CR) {
              if (next === CR && cursor.peek() === LF) cursor.skip();
              endOfRecord = true;
              break;
            }
            if (next === QUOTE) text += '"';
            else {
              // the kernel notes the error, reads on to the end of the field and leaves it out
              error ??= 'Quote inside a string has to be escaped by another quote';
              text += String.fromCharCode(next);
            }
          }
          // Never closed: the kernel leaves the field out with this error and ends no record, so
          // the next field it reads is an empty one at the end of the file.
          if (!closed) fields.push({ text, error: 'Reached end of file without closing quoted field in record', dropped: true });
          else fields.push({ text, error, dropped: error !== null });
          continue;
        }
        let text = '';
        let error: string | null = null;
        for (;;) {
          text += cursor.takeUntil(endsUnquoted);
          const end = cursor.peek();
          if (end === QUOTE && useQuoteDelim) {
            // the kernel notes the error and reads on to the end of the field, which it still gives
            error ??= 'Unquoted fields cannot have quotes inside';
            text += '"';
            cursor.skip();
            continue;
          }
          if (end === -1) endOfRecord = true;
          else if (end === delimCode) cursor.skip();
          else {
            endLine(end);
            endOfRecord = true;
          }
          break;
        }
        fields.push({ text, error, dropped: false });
      }
      yield { fields, emptyLine };
    }
  } finally {
    chunks.return?.();
  }
}

const WHITESPACE = '[ \\t\\n\\v\\f\\r]';
/** The syntax of the kernel's safe_strto32 and safe_strto64: C whitespace around, '-' only. */
const KERNEL_INTEGER = new RegExp(`^${WHITESPACE}*(-?\\d+)${WHITESPACE}*$`);
/** The syntax of the kernel's safe_strtof and safe_strtod (double-conversion with leading and
 * trailing spaces, hexadecimal integers, any case, and the symbols 'inf' and 'nan'). */
const KERNEL_FLOAT = new RegExp(`^${WHITESPACE}*([+-]?)(?:(inf)|(nan)|0x([0-9a-f]+)|((?:\\d+\\.?\\d*|\\.\\d+)(?:e[+-]?\\d+)?))${WHITESPACE}*$`, 'i');
const BLANK = new RegExp(`^${WHITESPACE}+$`);

/** The kernel's parse of a float or double field, or null where it fails. */
function kernelFloat(field: string): number | null {
  // safe_strtof refuses a field of kFastToBufferSize (32) bytes or more
  if (new TextEncoder().encode(field).length >= 32) return null;
  // double-conversion gives its empty-string value, 0, for spaces only, and counts them as read
  if (BLANK.test(field)) return 0;
  const m = KERNEL_FLOAT.exec(field);
  if (m === null) return null;
  const sign = m[1] === '-' ? -1 : 1;
  if (m[2] !== undefined) return sign * Infinity;
  if (m[3] !== undefined) return NaN;
  if (m[4] !== undefined) return sign * parseInt(m[4], 16);
  return sign * Number(m[5]);
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The value of `field` in a column of `type`, or the kernel's error message. */
function fieldValue(field: string, type: CsvColumnType, index: number, op: string): number | string | { error: string } {
  if (type === 'string') return field;
  if (type === 'int32' || type === 'int64') {
    const m = KERNEL_INTEGER.exec(field);
    const value = m === null ? null : BigInt(m[1]!);
    const [low, high] = type === 'int32' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
    if (value === null || value < low || value > high) return { error: `Field ${index} in record is not a valid ${type}: ${field}` };
    if (value < INT32_MIN || value > INT32_MAX) {
      throw new Error(`${op}: field ${index} holds the int64 value ${value}, outside int32's range (gradtape has no int64 tensors; read the column as 'float64', exact up to 2^53).`);
    }
    return Number(value);
  }
  const value = kernelFloat(field);
  if (value === null) return { error: `Field ${index} in record is not a valid ${type === 'float32' ? 'float' : 'double'}: ${field}` };
  return value;
}

/** A read value as an element component: a JS string, or a scalar tensor of the column's dtype. */
function component(value: number | string, type: CsvColumnType, op: string): Tensor | string {
  if (typeof value === 'string') return value;
  const dtype: DType = type === 'int64' ? 'int32' : (type as DType);
  return makeConstant(value, dtype, op);
}

/** A record's values as the kernel gives them (FieldToOutput for each read field, then the
 * count), or the first error among its fields, as the kernel reports it. */
function recordValues(record: RawRecord, settings: CsvSettings, op: string): (Tensor | string)[] | { error: string } {
  const { columns, naValue } = settings;
  const values: (number | string)[] = [];
  let error: string | null = null;
  let outputs = 0;
  record.fields.forEach((field, f) => {
    error ??= field.error;
    if (!settings.includes(f) || field.dropped) return;
    const index = outputs;
    if (index >= columns.length) {
      error ??= `Expect ${columns.length} fields but have more in record`;
      return;
    }
    outputs++;
    if (error !== null) return; // the record fails anyway; the kernel keeps the first error
    const column = columns[index]!;
    if (field.text === '' || field.text === naValue) {
      if (column.fallback === null) error = `Field ${index} is required but missing in record!`;
      else values.push(column.fallback);
      return;
    }
    const value = fieldValue(field.text, column.type, index, op);
    if (typeof value === 'object') error = value.error;
    else values.push(value);
  });
  if (error !== null) return { error };
  if (outputs !== columns.length) return { error: `Expect ${columns.length} fields but have ${outputs} in record` };
  return values.map((v, i) => component(v, columns[i]!.type, op));
}

/** A record's outcome: its values, or the kernel's error with where it happened. */
type RecordOutcome = { values: (Tensor | string)[] } | { error: Error };

/** The records of the file at `path`, each read or failed, as the kernel's GetNext gives them
 * one after the other (a failed record does not stop the next: make_csv_dataset's ignore_errors
 * skips it). */
function* fileRecords(path: string, settings: CsvSettings, op: string): Generator<RecordOutcome, void, undefined> {
  const bytes = readFileBytes(path, settings.compression, settings.bufferBytes, op);
  const records = rawRecords(bytes, settings.delim, settings.useQuoteDelim);
  try {
    let index = 0;
    if (settings.header) {
      const header = records.next();
      if (header.done === true || header.value.fields.some((f) => f.error !== null)) {
        yield { error: tfError(InvalidArgumentError, `${op}: InvalidArgumentError: Can't read header of file (${path})`) };
      }
    }
    for (let r = records.next(); r.done !== true; r = records.next()) {
      const values = recordValues(r.value, settings, op);
      if (Array.isArray(values)) yield { values };
      else {
        const where = settings.header ? `record ${index} after the header of ${path}, counting from 0` : `record ${index} of ${path}, counting from 0`;
        yield { error: tfError(InvalidArgumentError, `${op}: InvalidArgumentError: ${values.error} (${where})`) };
      }
      index++;
    }
  } finally {
    records.return();
  }
}

/** The scalar spec of each column's values. */
function columnSpecs(columns: readonly CsvColumn[]): (TensorSpec | StringSpec)[] {
  return columns.map((c) => (c.type === 'string' ? new StringSpec([]) : new TensorSpec([], c.type === 'int64' ? 'int32' : c.type)));
}

/** How a reader arranges a record's values (one per column) into its element, and the element's spec. */
interface RecordLayout {
  element(values: (Tensor | string)[]): Element;
  spec(): SpecStructure;
}

/** CsvDataset's layout: the values as they are, a tuple. A record of string columns only is a JS
 * array of strings, which tf.data takes as one string component of shape [columns] (as a JS
 * array of numbers is one tensor), and its spec says so. */
function tupleLayout(columns: readonly CsvColumn[]): RecordLayout {
  const allStrings = columns.every((c) => c.type === 'string');
  return { element: (values) => values, spec: () => (allStrings ? new StringSpec([columns.length]) : columnSpecs(columns)) };
}

/** The pipeline of the records of `files`, one file after the other; a failed record is an
 * error, or skipped with `ignoreErrors`. */
function csvPipeline(files: readonly string[], settings: CsvSettings, layout: RecordLayout, ignoreErrors: boolean, op: string): Pipeline {
  return pipeline(
    function* () {
      for (const path of files) {
        for (const outcome of fileRecords(path, settings, op)) {
          if ('values' in outcome) yield layout.element(outcome.values);
          else if (!ignoreErrors) throw outcome.error;
        }
      }
    },
    UNKNOWN,
    () => layout.spec(),
  );
}

/** The file names of CsvDataset: a name or an array of them (TensorFlow's string scalar or vector). */
function csvFileNames(filenames: unknown, op: string): string[] {
  const names = typeof filenames === 'string' ? [filenames] : filenames;
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string' && n !== '')) {
    throw new Error(`${op}: filenames must be a file name or an array of file names, got ${describe(filenames)}.`);
  }
  return names as string[];
}

/** The optional parameters of TensorFlow's CsvDataset, in its order. */
const CSV_DATASET_NAMES = ['compressionType', 'bufferSize', 'header', 'fieldDelim', 'useQuoteDelim', 'naValue', 'selectCols', 'excludeCols'];

/**
 * `tf.data.experimental.CsvDataset` (Node): the records of CSV files, each an array of one value
 * per read column, parsed as TensorFlow's kernel parses them. `recordDefaults` gives each read
 * column's type, and makes it required (a type: an empty field is TensorFlow's error `Field N is
 * required but missing in record!`) or optional (a default: an empty field, or one equal to
 * `naValue`, gives it). Quoting is RFC 4180's: a field that starts with '"' may hold delimiters,
 * line breaks and doubled quotes (`""`); records end at '\n', '\r' or "\r\n". A record with too
 * few or too many read fields is TensorFlow's `Expect N fields but have M in record`, and a number
 * that does not parse `Field N in record is not a valid float: ...` (the errors say which file and
 * record). Numbers take spaces around them; 'inf', 'nan' and hexadecimal integers parse as in
 * TensorFlow. A 'string' column gives JS strings (gradtape has no string tensors), an 'int64'
 * column int32 tensors (gradtape has no int64; a value outside int32's range is an error).
 * `selectCols` (strictly increasing indices) reads some columns, `excludeCols` all but some; the
 * options may also come positionally in TensorFlow's order (compressionType, bufferSize, header,
 * fieldDelim, useQuoteDelim, naValue, selectCols, excludeCols).
 *
 * @example
 * ```ts
 * const fs = process.getBuiltinModule('node:fs');
 * const dir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * fs.writeFileSync(`${dir}/my_file0.csv`, 'abcdefg,4.28E10,5.55E6,12\nhijklmn,-5.3E14,,2\n');
 * // TensorFlow's example: the last three columns, the second of them optional (0 when empty)
 * const ds = new tf.data.experimental.CsvDataset(`${dir}/my_file0.csv`, ['float32', [0], 'int32'], { selectCols: [1, 2, 3] });
 * console.log(JSON.stringify([...ds.asNumpyIterator()])); // [[42800001024,5550000,12],[-530000004513792,0,2]]
 * const names = new tf.data.experimental.CsvDataset(`${dir}/my_file0.csv`, ['string'], { selectCols: [0] });
 * console.log([...names.asNumpyIterator()]); // [ [ 'abcdefg' ], [ 'hijklmn' ] ]
 * ```
 */
export const CsvDataset = class CsvDataset extends Dataset<(Tensor | string)[]> {
  constructor(filenames: string | readonly string[], recordDefaults: readonly CsvRecordDefault[], ...args: unknown[]) {
    const op = 'data.experimental.CsvDataset';
    const files = csvFileNames(filenames, op);
    const columns = csvColumns(recordDefaults, op, 'recordDefaults');
    const o = dataArguments(op, args, CSV_DATASET_NAMES, ['compressionType', 'bufferSize', 'selectCols', 'excludeCols'], '{header: true, selectCols: [0, 2]}', {
      allowed: [...CSV_DATASET_NAMES, 'name'],
    }) as CsvReadOptions;
    super(csvPipeline(files, csvSettings(columns, o, op), tupleLayout(columns), false, op));
  }
} as unknown as CsvDatasetConstructor;

/** A column of a batch of `makeCsvDataset`: a tensor, or a JS array of strings for a string column. */
export type CsvColumnBatch = Tensor | string[];

/** The features of a batch of `makeCsvDataset`: each column's batch by its name. */
export type CsvFeatures = Record<string, CsvColumnBatch>;

/** Options of `tf.data.experimental.makeCsvDataset(filePattern, batchSize, options)`, TensorFlow's keyword arguments. */
export interface MakeCsvDatasetOptions {
  /** The columns' names, one per column of the files (default: the header's, which `header` must then be). */
  columnNames?: readonly string[] | null;
  /** One type or default per read column (as CsvDataset's `recordDefaults`; default: the types
   * inferred from the first `numRowsForInference` rows, every column optional, 0 or '' by default). */
  columnDefaults?: readonly CsvRecordDefault[] | null;
  /** The column given apart, as the label of `[features, label]` elements (default: none). */
  labelName?: string | null;
  /** The columns to read, by index or name (default: all). */
  selectColumns?: readonly (number | string)[] | null;
  /** The one-character field delimiter (default ','). */
  fieldDelim?: string;
  /** Whether '"' quotes fields (RFC 4180; default true). */
  useQuoteDelim?: boolean;
  /** A field equal to it is missing (default ''). */
  naValue?: string;
  /** Whether each file starts with a header row (default true). */
  header?: boolean;
  /** How many times to read the files (default null: forever, TensorFlow's default). */
  numEpochs?: number | null;
  /** Whether to shuffle the files and the rows (default true). */
  shuffle?: boolean;
  /** The rows' shuffle buffer (default 10000). */
  shuffleBufferSize?: number;
  /** The seed of both shuffles (default: none). */
  shuffleSeed?: number | null;
  /** Accepted (`prefetch`: nothing to prefetch; default AUTOTUNE). */
  prefetchBufferSize?: number | null;
  /** Read this many files at a time, one row from each in turn, in TensorFlow's deterministic order (default 1). */
  numParallelReads?: number | null;
  /** TensorFlow's non-deterministic order: only false (the default) is supported. */
  sloppy?: boolean;
  /** The rows read to infer the column types (default 100; null: all of them). */
  numRowsForInference?: number | null;
  /** '' or null (default: not compressed), 'GZIP' or 'ZLIB'. */
  compressionType?: CompressionType | null;
  /** Skip the rows that fail to parse instead of failing (default false). */
  ignoreErrors?: boolean;
  /** The files' text encoding: only 'utf-8' (the default) is supported. */
  encoding?: string;
}

/** The optional parameters of TensorFlow's make_csv_dataset, in its order. */
const MAKE_CSV_NAMES = [
  'columnNames',
  'columnDefaults',
  'labelName',
  'selectColumns',
  'fieldDelim',
  'useQuoteDelim',
  'naValue',
  'header',
  'numEpochs',
  'shuffle',
  'shuffleBufferSize',
  'shuffleSeed',
  'prefetchBufferSize',
  'numParallelReads',
  'sloppy',
  'numRowsForInference',
  'compressionType',
  'ignoreErrors',
  'encoding',
];

/** The parameters whose None is their default (numRowsForInference's None means all rows, not its default of 100). */
const MAKE_CSV_NONE_IS_DEFAULT = ['columnNames', 'columnDefaults', 'labelName', 'selectColumns', 'numEpochs', 'shuffleSeed', 'prefetchBufferSize', 'numParallelReads', 'compressionType'];

/** The files a pattern (or an array of them) matches, sorted, as readers.py's _get_file_names. */
function csvFiles(filePattern: unknown, op: string): string[] {
  if (Array.isArray(filePattern) && filePattern.length === 0) throw new Error(`${op}: Argument \`file_pattern\` should not be empty.`);
  let files: Pipeline;
  try {
    files = listFiles(filePattern, op);
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new Error(`${op}: No files match \`file_pattern\` ${describe(filePattern)}.`);
    throw e;
  }
  const names: string[] = [];
  const it = files.iterate();
  for (let r = it.next(); r.done !== true; r = it.next()) names.push(r.value as string);
  return names;
}

/** The rows of the files as make_csv_dataset reads them to infer names and types (TensorFlow
 * reads them with Python's csv module, which agrees with the kernel on well-formed files): each a
 * list of field texts, an empty line none (as Python's csv reader gives it). */
function* inferenceRows(path: string, settings: CsvSettings, op: string): Generator<string[], void, undefined> {
  const bytes = readFileBytes(path, settings.compression, settings.bufferBytes, op);
  for (const record of rawRecords(bytes, settings.delim, settings.useQuoteDelim)) {
    yield record.emptyLine ? [] : record.fields.map((f) => f.text);
  }
}

/** The first row of a file, or null for an empty file. */
function firstRow(path: string, settings: CsvSettings, op: string): string[] | null {
  const rows = inferenceRows(path, settings, op);
  const r = rows.next();
  rows.return();
  return r.done === true ? null : r.value;
}

/** The column names from the files' headers (readers.py's _infer_column_names): the first file's,
 * which every other file's must equal. */
function inferColumnNames(files: readonly string[], settings: CsvSettings, op: string): string[] {
  let names: string[] | null = null;
  for (const path of files) {
    const row = firstRow(path, settings, op);
    if (row === null) throw new Error(`${op}: Received StopIteration when reading the header line of ${path}.  Empty file?`);
    if (names === null) names = row;
    else if (row.length !== names.length || row.some((n, i) => n !== names![i])) throw new Error(`${op}: Files have different column names in the header row.`);
  }
  return names!;
}

/** Python's int() syntax (underscores between digits), as numpy reads the strings. */
const PYTHON_INT = /^\s*([+-]?\d+(?:_\d+)*)\s*$/;
/** Python's float() syntax. */
const PYTHON_FLOAT = /^\s*([+-]?(?:(?:\d+(?:_\d+)*)?\.\d+(?:_\d+)*|\d+(?:_\d+)*\.?)(?:[eE][+-]?\d+(?:_\d+)*)?|[+-]?(?:inf|infinity|nan))\s*$/i;

function pythonInt(s: string): bigint | null {
  const m = PYTHON_INT.exec(s);
  return m === null ? null : BigInt(m[1]!.replaceAll('_', ''));
}

function pythonFloat(s: string): number | null {
  const m = PYTHON_FLOAT.exec(s);
  if (m === null) return null;
  const t = m[1]!.replaceAll('_', '').toLowerCase();
  const sign = t.startsWith('-') ? -1 : 1;
  const body = t.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(t);
}

/** The inferred types from least to most permissive, with readers.py's checks (_is_valid_int32:
 * an integer that int32 holds; _is_valid_int64; _is_valid_float: below infinity as the dtype). */
const INFERRED: readonly [CsvColumnType, (s: string) => boolean][] = [
  ['int32', (s) => { const v = pythonInt(s); return v !== null && v >= -(2n ** 31n) && v < 2n ** 31n; }],
  ['int64', (s) => { const v = pythonInt(s); return v !== null && v >= -(2n ** 63n) && v < 2n ** 63n; }],
  ['float32', (s) => { const v = pythonFloat(s); return v !== null && Math.fround(v) < Infinity; }],
  ['float64', (s) => { const v = pythonFloat(s); return v !== null && v < Infinity; }],
  ['string', () => true],
];

/** readers.py's _infer_type: the least permissive type that holds `value` and is at least `previous`. */
function inferType(value: string, naValue: string, previous: CsvColumnType | null): CsvColumnType | null {
  if (value === '' || value === naValue) return previous;
  const floor = previous === null ? 0 : INFERRED.findIndex(([t]) => t === previous);
  for (let i = floor; i < INFERRED.length; i++) if (INFERRED[i]![1](value)) return INFERRED[i]![0];
  return 'string';
}

/** readers.py's _infer_column_defaults: the types of the first `numRows` rows (all for null) of
 * the files, each column optional with 0 or '' as its default. */
function inferColumnDefaults(files: readonly string[], numColumns: number, selected: readonly number[] | null, numRows: number | null, settings: CsvSettings, op: string): CsvColumn[] {
  const indices = selected ?? Array.from({ length: numColumns }, (_, i) => i);
  const types: (CsvColumnType | null)[] = indices.map(() => null);
  let row = 0;
  files: for (const path of files) {
    const rows = inferenceRows(path, settings, op);
    try {
      if (settings.header) rows.next();
      for (const fields of rows) {
        if (fields.length !== numColumns) throw new Error(`${op}: Problem inferring types: CSV row has different number of fields than expected.`);
        if (numRows !== null && row >= numRows) break files;
        indices.forEach((c, j) => (types[j] = inferType(fields[c]!, settings.naValue, types[j]!)));
        row++;
      }
    } finally {
      rows.return();
    }
  }
  return types.map((t) => (t === null || t === 'string' ? { type: 'string', fallback: '' } : { type: t, fallback: 0 }));
}

/** readers.py's _get_sorted_col_indices: column names and indices as sorted indices. */
function sortedColumnIndices(selectColumns: unknown, columnNames: readonly string[], op: string): number[] {
  if (!Array.isArray(selectColumns)) throw new Error(`${op}: selectColumns must be an array of column indices or names, got ${describe(selectColumns)}.`);
  const indices = selectColumns.map((v: unknown) => {
    if (Number.isInteger(v)) {
      if ((v as number) < 0 || (v as number) >= columnNames.length) throw new Error(`${op}: Column index ${v as number} specified in \`select_columns\` should be > 0  and <= ${columnNames.length}, which is the number of columns.`);
      return v as number;
    }
    const i = typeof v === 'string' ? columnNames.indexOf(v) : -1;
    if (i === -1) throw new Error(`${op}: Value ${describe(v)} specified in \`select_columns\` not a valid column index or name.`);
    return i;
  });
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  if (sorted.length !== indices.length) throw new Error(`${op}: \`select_columns\` contains duplicate columns.`);
  return sorted;
}

function checkPositiveInteger(v: unknown, op: string, name: string): number {
  if (!Number.isInteger(v) || (v as number) <= 0) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(v)}.`);
  return v as number;
}

/**
 * `tf.data.experimental.make_csv_dataset` (Node): batches of the rows of CSV files, as TensorFlow
 * makes them. The files are those `filePattern` (a glob pattern or an array of them) matches,
 * sorted; the column names are `columnNames` or the first file's header row (every file's must
 * be the same); the column types are `columnDefaults` (as CsvDataset's `recordDefaults`) or inferred
 * from the first `numRowsForInference` rows (100; null reads all) as TensorFlow infers them: the
 * least permissive of int32, int64, float32, float64 and string that holds every value seen
 * (empty and `naValue` fields say nothing), each column optional with 0 or '' as its default. The
 * rows are read as CsvDataset reads them (quoting, `naValue`, `selectColumns` by index or name),
 * the file order and the rows shuffled (`shuffle`, `shuffleBufferSize` 10000, `shuffleSeed`),
 * repeated `numEpochs` times (null, the default, forever: take what you need) and batched by
 * `batchSize`: each element a dict of the columns' batches by name (a string column a JS array of
 * strings), or `[features, label]` with `labelName`. The last batch is smaller when the rows run
 * out (with `numEpochs` set); forever, every batch is full. `ignoreErrors` skips the rows that fail
 * to parse. `numParallelReads` reads files in TensorFlow's deterministic interleaved order;
 * TensorFlow's `sloppy` order (true) and encodings other than UTF-8 are errors. The options may
 * also come positionally in TensorFlow's order.
 *
 * @example
 * ```ts
 * const fs = process.getBuiltinModule('node:fs');
 * const dir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * fs.writeFileSync(`${dir}/train.csv`, 'size,price,city\n1,2.5,Oslo\n2,3.5,Rome\n3,4.5,"Paris, TX"\n');
 * const ds = tf.data.experimental.makeCsvDataset(`${dir}/*.csv`, 2, { labelName: 'price', numEpochs: 1, shuffle: false });
 * const [first, last] = [...ds];
 * console.log(first![0].size!.toString(), first![0].city, first![1].toString()); // tf.Tensor([1 2], shape=(2,), dtype=int32) [ 'Oslo', 'Rome' ] tf.Tensor([2.5 3.5], shape=(2,), dtype=float32)
 * console.log(last![0].size!.toString(), last![0].city, last![1].toString()); // tf.Tensor([3], shape=(1,), dtype=int32) [ 'Paris, TX' ] tf.Tensor([4.5], shape=(1,), dtype=float32)
 * ```
 */
export function makeCsvDataset(filePattern: string | readonly string[], batchSize: number, options: MakeCsvDatasetOptions & { labelName: string }): Dataset<[CsvFeatures, CsvColumnBatch]>;
export function makeCsvDataset(filePattern: string | readonly string[], batchSize: number, options?: MakeCsvDatasetOptions & { labelName?: null }): Dataset<CsvFeatures>;
/** TensorFlow's positional form with a `labelName`: `[features, label]` elements. */
export function makeCsvDataset(
  filePattern: string | readonly string[],
  batchSize: number,
  columnNames: readonly string[] | null | undefined,
  columnDefaults: readonly CsvRecordDefault[] | null | undefined,
  labelName: string,
  selectColumns?: readonly (number | string)[] | null,
  fieldDelim?: string,
  useQuoteDelim?: boolean,
  naValue?: string,
  header?: boolean,
  numEpochs?: number | null,
  shuffle?: boolean,
  shuffleBufferSize?: number,
  shuffleSeed?: number | null,
  prefetchBufferSize?: number | null,
  numParallelReads?: number | null,
  sloppy?: boolean,
  numRowsForInference?: number | null,
  compressionType?: CompressionType | null,
  ignoreErrors?: boolean,
  encoding?: string,
): Dataset<[CsvFeatures, CsvColumnBatch]>;
/** TensorFlow's positional form, `make_csv_dataset(file_pattern, batch_size, column_names=None,
 * column_defaults=None, label_name=None, select_columns=None, field_delim=',', use_quote_delim=True,
 * na_value='', header=True, num_epochs=None, shuffle=True, shuffle_buffer_size=10000,
 * shuffle_seed=None, prefetch_buffer_size=None, num_parallel_reads=None, sloppy=False,
 * num_rows_for_inference=100, compression_type=None, ignore_errors=False, encoding='utf-8')`. */
export function makeCsvDataset(
  filePattern: string | readonly string[],
  batchSize: number,
  columnNames?: readonly string[] | null,
  columnDefaults?: readonly CsvRecordDefault[] | null,
  labelName?: null,
  selectColumns?: readonly (number | string)[] | null,
  fieldDelim?: string,
  useQuoteDelim?: boolean,
  naValue?: string,
  header?: boolean,
  numEpochs?: number | null,
  shuffle?: boolean,
  shuffleBufferSize?: number,
  shuffleSeed?: number | null,
  prefetchBufferSize?: number | null,
  numParallelReads?: number | null,
  sloppy?: boolean,
  numRowsForInference?: number | null,
  compressionType?: CompressionType | null,
  ignoreErrors?: boolean,
  encoding?: string,
): Dataset<CsvFeatures>;
export function makeCsvDataset(filePattern: string | readonly string[], batchSize: number, ...args: unknown[]): Dataset<CsvFeatures | [CsvFeatures, CsvColumnBatch]> {
  const op = 'data.experimental.makeCsvDataset';
  const o = dataArguments(op, args, MAKE_CSV_NAMES, MAKE_CSV_NONE_IS_DEFAULT, "{labelName: 'label', numEpochs: 1}") as MakeCsvDatasetOptions;
  checkPositiveInteger(batchSize, op, 'batchSize');
  if (o.sloppy !== undefined && o.sloppy !== null && o.sloppy !== false) {
    throw new Error(`${op}: gradtape does not support TensorFlow's argument sloppy (a non-deterministic order); leave it at its default (false), got ${describe(o.sloppy)}.`);
  }
  const encoding = checkString(o.encoding, op, 'encoding', 'utf-8');
  if (!['utf-8', 'utf8'].includes(encoding.toLowerCase().replaceAll('_', '-'))) {
    throw new Error(`${op}: gradtape reads CSV files as UTF-8 only; leave encoding at its default ('utf-8'), got ${describe(encoding)}.`);
  }
  const shuffle = checkBoolean(o.shuffle ?? undefined, op, 'shuffle', true);
  const header = checkBoolean(o.header ?? undefined, op, 'header', true);
  const ignoreErrors = checkBoolean(o.ignoreErrors ?? undefined, op, 'ignoreErrors', false);
  const shuffleBufferSize = o.shuffleBufferSize === undefined ? 10000 : checkPositiveInteger(o.shuffleBufferSize, op, 'shuffleBufferSize');
  const seed = o.shuffleSeed ?? null;
  if (seed !== null && !Number.isInteger(seed)) throw new Error(`${op}: shuffleSeed must be an integer or null, got ${describe(seed)}.`);
  const numEpochs = o.numEpochs ?? null;
  if (numEpochs !== null && !(Number.isInteger(numEpochs) && (numEpochs >= 0 || numEpochs === -1))) throw new Error(`${op}: numEpochs must be a non-negative integer, -1 or null (forever), got ${describe(numEpochs)}.`);
  const numParallelReads = o.numParallelReads ?? 1;
  if (numParallelReads === -1) {
    throw new Error(`${op}: numParallelReads AUTOTUNE reads as many files at a time as the machine has cores in TensorFlow, an order gradtape cannot reproduce; give a number of files (default 1).`);
  }
  checkPositiveInteger(numParallelReads, op, 'numParallelReads');
  const prefetch = o.prefetchBufferSize ?? -1;
  if (!Number.isInteger(prefetch) || (prefetch < 0 && prefetch !== -1)) throw new Error(`${op}: prefetchBufferSize must be a non-negative integer or tf.data.AUTOTUNE, got ${describe(prefetch)}.`);
  const numRows = o.numRowsForInference === undefined ? 100 : o.numRowsForInference;
  if (numRows !== null && !(Number.isInteger(numRows) && numRows >= 0)) throw new Error(`${op}: numRowsForInference must be a non-negative integer or null (all rows), got ${describe(numRows)}.`);

  const files = csvFiles(filePattern, op);
  // The settings the files are read with before the columns are known (names and inference).
  const probe = csvSettings([{ type: 'string', fallback: '' }], { compressionType: o.compressionType, fieldDelim: o.fieldDelim, useQuoteDelim: o.useQuoteDelim, naValue: o.naValue, header }, op);

  let columnNames: string[];
  if (o.columnNames === undefined || o.columnNames === null) {
    if (!header) throw new Error(`${op}: Expected \`column_names\` or \`header\` arguments. Neither is provided.`);
    columnNames = inferColumnNames(files, probe, op);
  } else {
    if (!Array.isArray(o.columnNames) || !o.columnNames.every((n) => typeof n === 'string')) throw new Error(`${op}: columnNames must be an array of strings, got ${describe(o.columnNames)}.`);
    columnNames = [...o.columnNames];
  }
  const duplicates = [...new Set(columnNames.filter((n, i) => columnNames.indexOf(n) !== i))];
  if (duplicates.length > 0) throw new Error(`${op}: Either \`column_names\` argument or CSV header row contains duplicate column names: ${describe(duplicates)}.`);

  const selected = o.selectColumns === undefined || o.selectColumns === null ? null : sortedColumnIndices(o.selectColumns, columnNames, op);
  const columns =
    o.columnDefaults === undefined || o.columnDefaults === null
      ? inferColumnDefaults(files, columnNames.length, selected, numRows, probe, op)
      : csvColumns(o.columnDefaults, op, 'columnDefaults');
  if (selected !== null && columns.length !== selected.length) {
    throw new Error(`${op}: If specified, column_defaults and select_columns must have the same length: \`column_defaults\` has length ${columns.length}, \`select_columns\` has length ${selected.length}.`);
  }
  if (selected !== null && columnNames.length > selected.length) columnNames = selected.map((i) => columnNames[i]!);
  const labelName = o.labelName ?? null;
  if (labelName !== null && !columnNames.includes(labelName)) {
    throw new Error(`${op}: \`label_name\` provided must be one of the columns: ${describe(columnNames)}. Received: ${describe(labelName)}.`);
  }

  const settings = csvSettings(columns, { compressionType: o.compressionType, fieldDelim: o.fieldDelim, useQuoteDelim: o.useQuoteDelim, naValue: o.naValue, header, selectCols: selected }, op);
  // Each row as its dict of columns (or [features, label]) before batching rather than after, as
  // TensorFlow maps its batches: the same batches, and a row of string columns stays a dict (an
  // array of strings alone would be one string component).
  const names = columnNames;
  const arrange = <T>(items: readonly T[]): Record<string, T> | [Record<string, T>, T] => {
    const features: Record<string, T> = {};
    names.forEach((name, i) => {
      if (i < items.length) features[name] = items[i]!;
    });
    if (labelName === null) return features;
    const label = features[labelName]!;
    delete features[labelName];
    return [features, label];
  };
  const layout: RecordLayout = { element: (values) => arrange(values) as Element, spec: () => arrange(columnSpecs(columns)) as SpecStructure };
  let fileNames = Dataset.fromTensorSlices(files) as Dataset<string>;
  if (shuffle) fileNames = fileNames.shuffle(files.length, { seed });
  // TensorFlow's ParallelInterleaveDataset with sloppy=False: one row from each of
  // numParallelReads files in turn (one file after the other for 1).
  let rows = fileNames.interleave((path) => new Dataset<Element>(csvPipeline([path], settings, layout, ignoreErrors, op)), { cycleLength: numParallelReads, blockLength: 1 });
  if (shuffle) rows = rows.shuffle(shuffleBufferSize, { seed });
  if (numEpochs !== 1) rows = rows.repeat(numEpochs);
  // TensorFlow drops the remainder when num_epochs is None (forever: every batch is full then) to
  // make the batch dimension static; -1, forever too, keeps it. (Typed as tensors here: the element types of rows are too deep to batch.)
  const batches = (rows as unknown as Dataset<Tensor>).batch(batchSize, { dropRemainder: numEpochs === null });
  return (prefetch === 0 ? batches : batches.prefetch(prefetch)) as unknown as Dataset<CsvFeatures | [CsvFeatures, CsvColumnBatch]>;
}
