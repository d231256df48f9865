// Node's file system and zlib for the tf.data file readers and tf.io.TFRecordWriter, with the
// error browsers get instead (they have no file system), and TensorFlow's compression types.

import { describe } from '../describe';

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

/** @internal The bytes of the file at `path`, decompressed. */
export function readFileDecompressed(path: string, compressionType: CompressionType, op: string): Uint8Array {
  const { fs, zlib } = nodeFiles(op);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    const code = (e as { code?: string }).code;
    // TensorFlow's NotFoundError reads "<path>; No such file or directory".
    if (code === 'ENOENT') throw new Error(`${op}: NotFoundError: ${path}; No such file or directory`);
    throw new Error(`${op}: cannot read ${path}: ${(e as Error).message}`);
  }
  if (compressionType === '') return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const out = compressionType === 'GZIP' ? zlib.gunzipSync(bytes) : zlib.inflateSync(bytes);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new Error(`${op}: DataLossError: ${path} is not valid ${compressionType} data (${(e as Error).message}).`);
  }
}

