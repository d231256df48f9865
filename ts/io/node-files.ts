// Node's file system and zlib for the tf.data file readers and tf.io.TFRecordWriter, with the
// error browsers get instead (they have no file system), and TensorFlow's compression types.

import { describe } from '../describe';
import { DataLossError, NotFoundError, tfError } from '../errors';

/** A TensorFlow compression type: '' (none), 'GZIP' or 'ZLIB'. */
export type CompressionType = '' | 'GZIP' | 'ZLIB';

/** @internal Node's fs and zlib modules, or an error saying that `op` needs them. */
export function nodeFiles(op: string): { fs: typeof import('node:fs'); zlib: typeof import('node:zlib') } {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') {
    throw new Error(
      `${op}: reading and writing files needs a file system (Node's node:fs, Node 20.16 or later); browsers and workers have none: fetch the data and make a dataset of it instead (tf.data.Dataset.fromTensorSlices(text.split('\\n'))).`,
    );
  }
  return { fs: get('node:fs') as typeof import('node:fs'), zlib: get('node:zlib') as typeof import('node:zlib') };
}

/** @internal `compressionType` checked: null, undefined and '' are no compression. */
export function checkCompressionType(compressionType: unknown, op: string): CompressionType {
  if (compressionType === null || compressionType === undefined || compressionType === '') return '';
  if (compressionType === 'GZIP' || compressionType === 'ZLIB') return compressionType;
  throw new Error(`${op}: compressionType must be '' (or null), 'GZIP' or 'ZLIB', got ${describe(compressionType)}.`);
}

/** TensorFlow's NotFoundError for a missing file ("<path>; No such file or directory"), else the system's error. */
function readError(e: unknown, path: string, op: string): Error {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return tfError(NotFoundError, `${op}: NotFoundError: ${path}; No such file or directory`);
  return new Error(`${op}: cannot read ${path}: ${(e as Error).message}`);
}

/** @internal A file's bytes as its reader takes them: `total` bytes, in `chunks` (fresh arrays, in
 * order), to be taken once. An uncompressed file is open until its chunks end, fail, or are given
 * up (`return`, before the first chunk too). */
export interface FileBytes {
  readonly total: number;
  readonly chunks: Iterable<Uint8Array>;
}

/** @internal The bytes of the file at `path`, decompressed: an uncompressed file is read
 * `chunkBytes` at a time as the chunks are taken (memory stays bounded however large the file); a
 * compressed one is read and decompressed whole (Node has no synchronous streaming inflate). */
export function readFileBytes(path: string, compressionType: CompressionType, chunkBytes: number, op: string): FileBytes {
  const { fs, zlib } = nodeFiles(op);
  if (compressionType === '') {
    let fd: number;
    try {
      fd = fs.openSync(path, 'r');
    } catch (e) {
      throw readError(e, path, op);
    }
    let total: number;
    try {
      total = fs.fstatSync(fd).size;
    } catch (e) {
      fs.closeSync(fd);
      throw readError(e, path, op);
    }
    return { total, chunks: fileChunks(fs, fd, path, chunkBytes, op) };
  }
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    throw readError(e, path, op);
  }
  let out: Uint8Array;
  try {
    const inflated = compressionType === 'GZIP' ? zlib.gunzipSync(bytes) : zlib.inflateSync(bytes);
    out = new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
  } catch (e) {
    throw tfError(DataLossError, `${op}: DataLossError: ${path} is not valid ${compressionType} data (${(e as Error).message}).`);
  }
  return { total: out.length, chunks: [out] };
}

/** The chunks of the open file `fd` (at `path`), read as they are taken. The file is closed when
 * they end, when a read fails, or when they are given up (`return`), taken or not: an iterator
 * rather than a generator, whose `return` before its first `next` would skip a `finally`. */
function fileChunks(fs: typeof import('node:fs'), fd: number, path: string, chunkBytes: number, op: string): IterableIterator<Uint8Array> {
  let open = true;
  const close = (): void => {
    if (!open) return;
    open = false;
    fs.closeSync(fd);
  };
  const end: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const chunks: IterableIterator<Uint8Array> = {
    [Symbol.iterator]: () => chunks,
    next: () => {
      if (!open) return end;
      const chunk = new Uint8Array(chunkBytes);
      let n: number;
      try {
        n = fs.readSync(fd, chunk, 0, chunkBytes, null);
      } catch (e) {
        close();
        throw readError(e, path, op);
      }
      if (n === 0) {
        close();
        return end;
      }
      return { done: false, value: n === chunkBytes ? chunk : chunk.subarray(0, n) };
    },
    return: () => {
      close();
      return end;
    },
  };
  return chunks;
}
