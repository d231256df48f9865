// A minimal zip reader for Keras' `.keras` archives: the members listed in the central directory,
// stored (method 0, what Keras' zipfile.ZipFile(..., "w") writes) or deflated (method 8, when the
// caller gives an inflater), their CRC-32 checked. Zip64, encryption, multi-disk archives and
// other methods are errors that name them.
//
// Format facts (PKWARE APPNOTE; integers little-endian):
//   end of central directory, the last 22 bytes plus a comment of up to 65535:
//     u32 0x06054b50  u16 disk  u16 directory's disk  u16 entries here  u16 entries
//     u32 directory size  u32 directory offset  u16 comment length  comment
//   central directory entry: u32 0x02014b50  u16 made by  u16 needed  u16 flags  u16 method
//     u16 time  u16 date  u32 crc-32  u32 compressed size  u32 size  u16 name length
//     u16 extra length  u16 comment length  u16 disk  u16 internal attributes
//     u32 external attributes  u32 local header offset  name  extra  comment
//   local header: u32 0x04034b50  u16 needed  u16 flags  u16 method  u16 time  u16 date
//     u32 crc-32  u32 compressed size  u32 size  u16 name length  u16 extra length  name  extra
//     then the member's data.

import { crc32 } from './crc';

/** A zip archive this reader cannot read: not a zip, damaged, or a feature outside its subset. */
export class ZipError extends Error {}

/** Inflates raw DEFLATE data (no zlib header), as Node's zlib.inflateRawSync. */
export type InflateRaw = (data: Uint8Array) => Uint8Array;

export interface ZipMember {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  size: number;
  /** Its bytes, decompressed and checked against its CRC-32. */
  read(): Uint8Array;
}

/** Whether `bytes` start like a zip archive (a local header's signature "PK\x03\x04"). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The archive's members by name; deflated members need `inflateRaw`. */
export function readZip(bytes: Uint8Array, inflateRaw: InflateRaw | null): Map<string, ZipMember> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, length: number): void => {
    if (at < 0 || at + length > bytes.byteLength) throw new ZipError(`the archive is truncated or damaged: it needs bytes ${at} to ${at + length} but has ${bytes.byteLength}`);
  };
  let end = -1;
  for (let at = bytes.byteLength - 22; at >= Math.max(0, bytes.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new ZipError('no end of central directory record: not a zip archive, or a truncated one');
  const entries = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0) throw new ZipError('multi-disk archives are not supported');
  if (entries === 0xffff || at === 0xffffffff) throw new ZipError('Zip64 archives are not supported');
  const decoder = new TextDecoder();
  const members = new Map<string, ZipMember>();
  for (let i = 0; i < entries; i++) {
    need(at, 46);
    if (view.getUint32(at, true) !== 0x02014b50) throw new ZipError(`the central directory is damaged at byte ${at}`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    need(at + 46, nameLength);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) throw new ZipError(`member '${name}' needs Zip64, which is not supported`);
    at = next;
    members.set(name, {
      name,
      method,
      size,
      read: () => {
        if (flags & 1) throw new ZipError(`member '${name}' is encrypted, which is not supported`);
        need(local, 30);
        if (view.getUint32(local, true) !== 0x04034b50) throw new ZipError(`member '${name}'s local header is damaged`);
        const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
        need(start, compressedSize);
        const raw = bytes.subarray(start, start + compressedSize);
        let data: Uint8Array;
        if (method === 0) {
          data = raw;
        } else if (method === 8) {
          if (inflateRaw === null) throw new ZipError(`member '${name}' is deflate-compressed, which needs Node's zlib here (Keras itself writes .keras members stored, uncompressed)`);
          try {
            data = inflateRaw(raw);
          } catch (e) {
            throw new ZipError(`member '${name}' does not inflate: ${(e as Error).message}`);
          }
        } else {
          throw new ZipError(`member '${name}' uses compression method ${method}, which is not supported (stored and deflated members are)`);
        }
        if (data.byteLength !== size || crc32(data) !== crc) throw new ZipError(`member '${name}' fails its size or CRC-32 check: the archive is damaged`);
        return data;
      },
    });
  }
  return members;
}
