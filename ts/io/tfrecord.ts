// TFRecord framing (tensorflow/core/lib/io/record_writer.cc and record_reader.cc), the container
// of TFRecordDataset's files and of TensorBoard's event files. Each record is
//   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
// with mask(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8 (mod 2^32).

import { crc32c } from './crc';
import { DataLossError, tfError } from '../errors';

/** @internal TFRecord's masked CRC-32C (a CRC of data holding CRCs would be weak; the rotation and
 * offset make it differ from the CRC of its own bytes). */
export function maskedCrc32c(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/** @internal `data` framed as one TFRecord. */
export function tfRecord(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length + 16);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** Bytes taken from a sequence of chunks in order, copied into arrays of the lengths asked for. */
class ChunkReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;

  constructor(private readonly chunks: Iterator<Uint8Array>) {}

  /** The next `n` bytes (fewer at the end of the chunks). */
  read(n: number): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.at === this.chunk.length) {
        const next = this.chunks.next();
        if (next.done === true) return out.subarray(0, filled);
        this.chunk = next.value;
        this.at = 0;
        continue;
      }
      const take = Math.min(n - filled, this.chunk.length - this.at);
      out.set(this.chunk.subarray(this.at, this.at + take), filled);
      filled += take;
      this.at += take;
    }
    return out;
  }
}

/**
 * @internal The records of a TFRecord file of `total` (uncompressed) bytes, read from `chunks` as
 * they are needed, checked as TensorFlow's RecordReader checks them: a truncated record or a CRC
 * that does not match is TensorFlow's DataLossError, at the offset TensorFlow gives (the record's
 * for its header, its data's for its data), naming `file`.
 */
export function* tfRecords(total: number, chunks: Iterable<Uint8Array>, file: string, op: string): Generator<Uint8Array, void, undefined> {
  const loss = (what: string, offset: number, why: string): Error => tfError(DataLossError, `${op}: DataLossError: ${what} record at ${offset} in ${file} (${why}).`);
  const it = chunks[Symbol.iterator]();
  try {
    const reader = new ChunkReader(it);
    let offset = 0;
    while (offset < total) {
      if (offset + 12 > total) throw loss('truncated', offset, 'the file ends inside its length header');
      const header = reader.read(12);
      const view = new DataView(header.buffer);
      if (view.getUint32(8, true) !== maskedCrc32c(header.subarray(0, 8))) throw loss('corrupted', offset, 'the CRC of its length does not match');
      const length = view.getBigUint64(0, true);
      const start = offset + 12;
      if (length + 4n > BigInt(total - start)) throw loss('truncated', offset, `its length says ${length} bytes, more than the file holds`);
      const data = reader.read(Number(length));
      const crc = reader.read(4);
      if (data.length + crc.length < Number(length) + 4) throw loss('truncated', offset, 'the file ended while it was read');
      if (new DataView(crc.buffer).getUint32(0, true) !== maskedCrc32c(data)) throw loss('corrupted', start, 'the CRC of its data does not match');
      yield data;
      offset = start + data.length + 4;
    }
  } finally {
    it.return?.();
  }
}
