// The file readers of tf.data (readers.py): TextLineDataset and TFRecordDataset (Node). gradtape
// has no string tensors, so a line is a JS string and a record a Uint8Array (./strings.ts); the
// file names may be a string, an array of them, or a dataset of them. A file is opened when a pass
// reaches it and read `bufferSize` bytes at a time (256 KiB by default, as TensorFlow's buffer), so
// memory stays bounded however large the file; a compressed file is decompressed whole.

import { describe, type PositionalThenOptions } from '../describe';
import { dataArguments } from './arguments';
import { type CompressionType, type FileBytes, checkCompressionType, readFileBytes } from '../io/node-files';
import { tfRecords } from '../io/tfrecord';
import { Dataset } from './dataset';
import { checkInterleaveLength, interleave } from './interleave';
import { type Pipeline, UNKNOWN, pipeline } from './pipeline';
import { StringSpec } from './strings';
import type { Element } from './structure';

/** Options of `new tf.data.TextLineDataset(filenames, options)` and `new tf.data.TFRecordDataset(filenames, options)`. */
export interface FileDatasetOptions {
  /** '' or null (default: not compressed), 'GZIP' or 'ZLIB'. */
  compressionType?: CompressionType | null;
  /** Bytes read from a file at a time (default, and for 0 or -1: 256 KiB, TensorFlow's default buffer). */
  bufferSize?: number | null;
  /** Read this many files at a time, one line (record) from each in turn, in TensorFlow's
   * deterministic order (default: one file after the other). */
  numParallelReads?: number | null;
  /** Accepted for TensorFlow compatibility (not used). */
  name?: string | null;
}

/** TensorFlow's positional arguments of TextLineDataset and TFRecordDataset after filenames, in its order. */
type FileDatasetPositional = [compressionType?: CompressionType | null, bufferSize?: number | null, numParallelReads?: number | null, name?: string | null];

/**
 * A file reader's class (`new tf.data.TextLineDataset(...)` is a `tf.data.Dataset<string>`, and an
 * instance of its class too). The instances are typed as plain datasets: TypeScript infers a
 * subclass's element type structurally, which is too deep for the dataset's types.
 */
export interface FileDatasetConstructor<E> {
  /**
   * @param filenames A file name, an array of them, or a `tf.data.Dataset` of them.
   * @param options The compression type, the read buffer's size, and how many files to read at a time.
   */
  new (filenames: string | readonly string[] | Dataset<string>, options?: FileDatasetOptions): Dataset<E>;
  /** TensorFlow's positional form, `(filenames, compression_type=None, buffer_size=None, num_parallel_reads=None, name=None)`. */
  new (filenames: string | readonly string[] | Dataset<string>, ...positional: FileDatasetPositional): Dataset<E>;
  /** Python's keyword arguments after positional ones, `TFRecordDataset(path, 'GZIP', num_parallel_reads=2)`: `new TFRecordDataset(path, 'GZIP', { numParallelReads: 2 })`. */
  new (filenames: string | readonly string[] | Dataset<string>, ...positionalThenOptions: PositionalThenOptions<FileDatasetPositional, FileDatasetOptions>): Dataset<E>;
  /** The prototype of the instances. */
  readonly prototype: Dataset<E>;
}

/** The pipeline of file names: a string, an array of strings, or a dataset of string scalars. */
function fileNames(filenames: unknown, op: string): Pipeline {
  const bad = (): Error => new Error(`${op}: filenames must be a file name, an array of file names, or a tf.data.Dataset of file names (strings), got ${describe(filenames)}.`);
  if (filenames instanceof Dataset) {
    const spec = filenames.elementSpec;
    if (!(spec instanceof StringSpec) || (spec.shape !== null && spec.shape.length !== 0)) {
      throw new Error(`${op}: \`filenames\` must be a tf.data.Dataset of string scalars (file names), but its elements are ${spec.toString()}.`);
    }
    return filenames._pipeline;
  }
  const names = typeof filenames === 'string' ? [filenames] : filenames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n !== '')) throw bad();
  return pipeline(
    function* () {
      yield* names as string[];
    },
    names.length,
    () => new StringSpec([]),
  );
}

/** The dataset of what `read` makes of each file, files read one after the other or
 * `numParallelReads` at a time (interleaved one element each, as TensorFlow's ParallelInterleave). */
function fileDataset(filenames: unknown, args: readonly unknown[], elementsOf: (bytes: FileBytes, path: string) => Iterable<Element>, op: string): Pipeline {
  const o = dataArguments(op, args, FILE_DATASET_NAMES, FILE_DATASET_NAMES, "{compressionType: 'GZIP'}") as FileDatasetOptions;
  const compression = checkCompressionType(o.compressionType, op);
  if (o.bufferSize !== undefined && o.bufferSize !== null && !(Number.isInteger(o.bufferSize) && (o.bufferSize >= 0 || o.bufferSize === -1))) {
    throw new Error(`${op}: bufferSize must be a non-negative integer, got ${describe(o.bufferSize)}.`);
  }
  const chunkBytes = o.bufferSize !== undefined && o.bufferSize !== null && o.bufferSize > 0 ? o.bufferSize : DEFAULT_BUFFER_BYTES;
  const read = (path: string): Iterable<Element> => elementsOf(readFileBytes(path, compression, chunkBytes, op), path);
  const names = fileNames(filenames, op);
  const spec = (): StringSpec => new StringSpec([]);
  const fileElements = (path: string): Pipeline =>
    pipeline(
      function* () {
        yield* read(path);
      },
      UNKNOWN,
      spec,
    );
  const parallel = o.numParallelReads ?? null;
  if (parallel === null || parallel === 1) {
    return pipeline(
      function* () {
        const it = names.iterate();
        try {
          for (let r = it.next(); r.done !== true; r = it.next()) yield* read(r.value as string);
        } finally {
          it.return?.();
        }
      },
      UNKNOWN,
      spec,
    );
  }
  const cycleLength = checkInterleaveLength(parallel, op, 'cycleLength');
  const p = interleave(names, ((path: string) => fileElements(path)) as never, (v) => v as Pipeline, cycleLength, 1, op);
  return { iterate: () => p.iterate(), cardinality: UNKNOWN, spec };
}

/** The optional parameters of TensorFlow's TextLineDataset and TFRecordDataset, in its order. */
const FILE_DATASET_NAMES = ['compressionType', 'bufferSize', 'numParallelReads', 'name'];

/** TensorFlow's default read buffer of TextLineDataset and TFRecordDataset (kDefaultBufferSize). */
const DEFAULT_BUFFER_BYTES = 256 * 1024;

/** The lines of a file as TensorFlow's io::InputBuffer::ReadLine splits them: at '\n', every
 * '\r' dropped (not only one before '\n'), no empty line after a final '\n'. Read chunk by chunk:
 * a line may span chunks, and so may a UTF-8 character. */
function* textLines(bytes: FileBytes): Generator<string, void, undefined> {
  // TensorFlow yields the bytes; they are decoded as UTF-8 here, a byte-order mark kept as TensorFlow keeps it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let pending = '';
  const it = bytes.chunks[Symbol.iterator]();
  try {
    for (let r = it.next(); ; r = it.next()) {
      const last = r.done === true;
      const searchFrom = pending.length; // the pending part holds no '\n'
      const text = pending + (last ? decoder.decode() : decoder.decode(r.value, { stream: true }));
      let start = 0;
      for (let end = text.indexOf('\n', searchFrom); end !== -1; end = text.indexOf('\n', start)) {
        yield text.slice(start, end).replaceAll('\r', '');
        start = end + 1;
      }
      pending = text.slice(start);
      if (last) break;
    }
  } finally {
    it.return?.();
  }
  if (pending.length > 0) yield pending.replaceAll('\r', '');
}

/**
 * `tf.data.TextLineDataset` (Node): the lines of one or more text files, in order, each a JS string
 * without its line ending ('\n' or '\r\n'), as TensorFlow reads them: a last line without a
 * newline is kept, empty lines are empty strings, and every '\r' is dropped (TensorFlow's line
 * reader drops them anywhere in a line). TensorFlow gives tf.string bytes; they are decoded as UTF-8
 * here (a byte-order mark kept, as TensorFlow keeps it). `filenames` is a file name, an array of them, or a dataset of them;
 * the options may also come positionally in TensorFlow's order (compressionType, bufferSize, numParallelReads, name). Map the lines to
 * tensors to train on them; `batch` makes arrays of lines.
 *
 * @example
 * ```ts
 * const fs = process.getBuiltinModule('node:fs');
 * const dir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const path = `${dir}/data.csv`;
 * fs.writeFileSync(path, 'x,y\r\n1,2\r\n3,4\r\n5,6');
 * const ds = new tf.data.TextLineDataset(path).skip(1)
 *   .map((line) => { const [x, y] = line.split(',').map(Number); return [tf.constant([x!]), tf.constant([y!])]; })
 *   .batch(2);
 * console.log(JSON.stringify([...ds.asNumpyIterator()])); // [[[[1],[3]],[[2],[4]]],[[[5]],[[6]]]]
 * console.log([...new tf.data.TextLineDataset(path).asNumpyIterator()]); // [ 'x,y', '1,2', '3,4', '5,6' ]
 * ```
 */
export const TextLineDataset: FileDatasetConstructor<string> = class TextLineDataset extends Dataset<string> {
  constructor(filenames: string | readonly string[] | Dataset<string>, ...args: unknown[]) {
    const op = 'TextLineDataset';
    super(fileDataset(filenames, args, (bytes) => textLines(bytes), op));
  }
};

/**
 * `tf.data.TFRecordDataset` (Node): the records of one or more TFRecord files, in order, each a
 * Uint8Array (TensorFlow's tf.string bytes), every record's CRCs checked (a corrupted or
 * truncated record is an error naming the file and offset, TensorFlow's DataLossError).
 * `filenames` is a file name, an array of them, or a dataset of them; the options may also come
 * positionally in TensorFlow's order (compressionType, bufferSize, numParallelReads, name). `tf.io.parseSingleExample` and
 * `tf.io.parseExample` decode tf.train.Example records; `tf.io.TFRecordWriter` writes such files.
 *
 * @example
 * ```ts
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const path = `${dir}/data.tfrecord.gz`;
 * const writer = new tf.io.TFRecordWriter(path, 'GZIP');
 * writer.write('first');
 * writer.write(new Uint8Array([1, 2, 3]));
 * writer.close();
 * const records = [...new tf.data.TFRecordDataset(path, 'GZIP').asNumpyIterator()];
 * console.log(new TextDecoder().decode(records[0]), records[1]); // first Uint8Array(3) [ 1, 2, 3 ]
 * ```
 */
export const TFRecordDataset: FileDatasetConstructor<Uint8Array> = class TFRecordDataset extends Dataset<Uint8Array> {
  constructor(filenames: string | readonly string[] | Dataset<string>, ...args: unknown[]) {
    const op = 'TFRecordDataset';
    super(fileDataset(filenames, args, (bytes, path) => tfRecords(bytes.total, bytes.chunks, path, op), op));
  }
};

