// tf.io.TFRecordWriter (tensorflow/python/lib/io/tf_record.py; Node): records framed as
// TFRecordDataset reads them (./tfrecord.ts), optionally GZIP- or ZLIB-compressed.

import { checkOptions, describe } from '../describe';
import { type CompressionType, checkCompressionType, nodeFiles } from './node-files';
import { tfRecord } from './tfrecord';

/** Options of `new tf.io.TFRecordWriter(path, options)` (TensorFlow's tf.io.TFRecordOptions). */
export interface TFRecordWriterOptions {
  /** '' or null (default: not compressed), 'GZIP' or 'ZLIB'. */
  compressionType?: CompressionType | null;
  /** zlib's compression level, 0 (none) to 9 (smallest); default zlib's (6). */
  compressionLevel?: number | null;
}

/**
 * `tf.io.TFRecordWriter` (Node): writes records (Uint8Arrays, or strings as their UTF-8 bytes) to
 * a TFRecord file, as TensorFlow's writer frames them, so that `tf.data.TFRecordDataset` (here or
 * in TensorFlow) reads them back. The file is created at once. An uncompressed file gets each
 * record as it is written; a compressed one ('GZIP' or 'ZLIB', as options or TensorFlow's
 * positional compression type) is compressed and written whole at `close()`.
 *
 * @example
 * ```ts
 * const dir = process.getBuiltinModule('node:fs').mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const writer = new tf.io.TFRecordWriter(`${dir}/lines.tfrecord`);
 * for (const line of ['a', 'bb', 'ccc']) writer.write(line);
 * writer.close();
 * const lengths = [...new tf.data.TFRecordDataset(`${dir}/lines.tfrecord`)].map((record) => record.length);
 * console.log(lengths); // [ 1, 2, 3 ]
 * ```
 */
export class TFRecordWriter {
  /** The file written. */
  readonly path: string;
  private readonly compressionType: CompressionType;
  private readonly compressionLevel: number | undefined;
  private fd: number | null;
  /** The framed records of a compressed file, until close(). */
  private pending: Uint8Array[] = [];

  /**
   * @param path The file to write (replaced if it exists).
   * @param options The compression, or TensorFlow's positional compression type.
   */
  constructor(path: string, options?: TFRecordWriterOptions | CompressionType | null) {
    const op = 'TFRecordWriter';
    if (typeof path !== 'string' || path === '') throw new Error(`${op}: path must be a file name, got ${describe(path)}.`);
    const o = (typeof options === 'string' || options === null ? { compressionType: options } : checkOptions(options, op, ['compressionType', 'compressionLevel'], "{compressionType: 'GZIP'}")) as TFRecordWriterOptions;
    this.compressionType = checkCompressionType(o.compressionType, op);
    const level = o.compressionLevel ?? undefined;
    if (level !== undefined && !(Number.isInteger(level) && level >= 0 && level <= 9)) throw new Error(`${op}: compressionLevel must be an integer from 0 to 9, got ${describe(level)}.`);
    this.compressionLevel = level;
    this.path = path;
    this.fd = nodeFiles(op).fs.openSync(path, 'w');
  }

  /** Appends one record: bytes, or a string written as its UTF-8 bytes. */
  write(record: Uint8Array | string): void {
    const op = 'TFRecordWriter.write';
    if (this.fd === null) throw new Error(`${op}: the writer is closed.`);
    if (typeof record !== 'string' && !(record instanceof Uint8Array)) throw new Error(`${op}: record must be a Uint8Array or a string, got ${describe(record)}.`);
    const framed = tfRecord(typeof record === 'string' ? new TextEncoder().encode(record) : record);
    if (this.compressionType === '') nodeFiles(op).fs.writeSync(this.fd, framed);
    else this.pending.push(framed);
  }

  /** Makes the records written so far durable (an uncompressed file's; a compressed file is written at close()). */
  flush(): void {
    if (this.fd !== null && this.compressionType === '') nodeFiles('TFRecordWriter.flush').fs.fsyncSync(this.fd);
  }

  /** Writes what is left and closes the file (again: nothing happens). */
  close(): void {
    if (this.fd === null) return;
    const { fs, zlib } = nodeFiles('TFRecordWriter.close');
    try {
      if (this.compressionType !== '') {
        const all = new Uint8Array(this.pending.reduce((n, r) => n + r.length, 0));
        let at = 0;
        for (const r of this.pending) {
          all.set(r, at);
          at += r.length;
        }
        const options = this.compressionLevel === undefined ? {} : { level: this.compressionLevel };
        fs.writeSync(this.fd, this.compressionType === 'GZIP' ? zlib.gzipSync(all, options) : zlib.deflateSync(all, options));
        this.pending = [];
      }
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }
}

/** The class's type under a second name, for `tf.io.TFRecordWriter` in the namespace of types. */
export type TFRecordWriterClass = TFRecordWriter;
