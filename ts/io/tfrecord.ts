// TFRecord framing (tensorflow/core/lib/io/record_writer.cc and record_reader.cc), the container
// of TFRecordDataset's files and of TensorBoard's event files. Each record is
//   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | data | uint32 masked CRC-32C of data
// with mask(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8 (mod 2^32).

import { crc32c } from './crc';

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

/**
 * @internal The records of a TFRecord file's (uncompressed) bytes, checked as TensorFlow's
 * RecordReader checks them: a truncated record or a CRC that does not match is TensorFlow's
 * DataLossError, at the offset TensorFlow gives (the record's for its header, its data's for its
 * data), naming `file`.
 */
export function* tfRecords(bytes: Uint8Array, file: string, op: string): Generator<Uint8Array, void, undefined> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const loss = (what: string, offset: number, why: string): Error => new Error(`${op}: DataLossError: ${what} record at ${offset} in ${file} (${why}).`);
  let offset = 0;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw loss('truncated', offset, 'the file ends inside its length header');
    if (view.getUint32(offset + 8, true) !== maskedCrc32c(bytes.subarray(offset, offset + 8))) throw loss('corrupted', offset, 'the CRC of its length does not match');
    const length = view.getBigUint64(offset, true);
    const start = offset + 12;
    if (length + 4n > BigInt(bytes.length - start)) throw loss('truncated', offset, `its length says ${length} bytes, more than the file holds`);
    const data = bytes.subarray(start, start + Number(length));
    if (view.getUint32(start + data.length, true) !== maskedCrc32c(data)) throw loss('corrupted', start, 'the CRC of its data does not match');
    yield data.slice();
    offset = start + data.length + 4;
  }
}
