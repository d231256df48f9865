// A minimal zip writer for Keras' `.keras` archives: members stored (method 0, uncompressed), as
// Keras' zipfile.ZipFile(..., "w") writes them and ./zip.ts reads them, each with its CRC-32.
// The layout is the one ./zip.ts describes (PKWARE APPNOTE; integers little-endian): for each
// member a local header and its bytes, then the central directory, then the end record. Every
// member is dated 1980-01-01 00:00 (DOS date 0x0021, time 0), as Python dates the JSON members
// Keras writes, so the same members give the same bytes. No Zip64: an archive or member over
// 4 GiB, or over 65535 members, is an error.

import { crc32 } from './crc';

const DOS_DATE_1980 = 0x0021; // (1980 - 1980) << 9 | 1 << 5 | 1
const VERSION = 20; // "2.0", what Python writes for stored members
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FILE_MODE_0600 = (0o600 << 16) >>> 0; // rw------- in the high half (Python's ZipInfo default, as Keras' members have)

/** The bytes of a zip archive holding `members` (name and bytes, in order), stored uncompressed. */
export function writeZip(members: readonly (readonly [name: string, data: Uint8Array])[]): Uint8Array {
  if (members.length > 0xffff) throw new Error(`a zip without Zip64 holds at most 65535 members, got ${members.length}`);
  const encoded = members.map(([name, data]) => ({ name: new TextEncoder().encode(name), data, crc: crc32(data) }));
  const localSize = encoded.reduce((n, m) => n + 30 + m.name.length + m.data.length, 0);
  const directorySize = encoded.reduce((n, m) => n + 46 + m.name.length, 0);
  const total = localSize + directorySize + 22;
  if (total > 0xffffffff) throw new Error(`a zip without Zip64 holds at most 4 GiB, this one needs ${total} bytes`);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const offsets: number[] = [];
  for (const { name, data, crc } of encoded) {
    offsets.push(at);
    // local header: signature, needed, flags (bit 11: UTF-8 names), method, time, date, crc-32,
    // compressed size, size, name length, extra length
    view.setUint32(at, 0x04034b50, true);
    view.setUint16(at + 4, VERSION, true);
    view.setUint16(at + 6, utf8Flag(name), true);
    view.setUint16(at + 12, DOS_DATE_1980, true);
    view.setUint32(at + 14, crc, true);
    view.setUint32(at + 18, data.length, true);
    view.setUint32(at + 22, data.length, true);
    view.setUint16(at + 26, name.length, true);
    out.set(name, at + 30);
    out.set(data, at + 30 + name.length);
    at += 30 + name.length + data.length;
  }
  const directory = at;
  encoded.forEach(({ name, data, crc }, i) => {
    // central directory entry: signature, made by, needed, flags, method, time, date, crc-32,
    // compressed size, size, name, extra and comment lengths, disk, internal and external
    // attributes, local header offset, name
    view.setUint32(at, 0x02014b50, true);
    view.setUint16(at + 4, MADE_BY_UNIX, true);
    view.setUint16(at + 6, VERSION, true);
    view.setUint16(at + 8, utf8Flag(name), true);
    view.setUint16(at + 14, DOS_DATE_1980, true);
    view.setUint32(at + 16, crc, true);
    view.setUint32(at + 20, data.length, true);
    view.setUint32(at + 24, data.length, true);
    view.setUint16(at + 28, name.length, true);
    view.setUint32(at + 38, FILE_MODE_0600, true);
    view.setUint32(at + 42, offsets[i]!, true);
    out.set(name, at + 46);
    at += 46 + name.length;
  });
  // end of central directory: signature, disks 0 and 0, entries here and in all, directory size
  // and offset, comment length 0
  view.setUint32(at, 0x06054b50, true);
  view.setUint16(at + 8, encoded.length, true);
  view.setUint16(at + 10, encoded.length, true);
  view.setUint32(at + 12, directorySize, true);
  view.setUint32(at + 16, directory, true);
  return out;
}

/** Flag bit 11 (names in UTF-8) for a name outside ASCII, as Python sets it. */
const utf8Flag = (name: Uint8Array): number => (name.some((b) => b >= 0x80) ? 1 << 11 : 0);
