// A PNG decoder for the tests, written apart from ts/io/png.ts: chunks with their CRC-32 checked
// (bit by bit), the IDAT data inflated by node:zlib, and every row filter undone (PNG's five:
// none, sub, up, average, Paeth), so that it reads libpng's PNGs (TF's) as well as gradtape's.
import { inflateSync } from 'node:zlib';

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** An 8-bit, non-interlaced PNG's size and pixels (row-major [height, width, channels]). */
export function decodePng(png: Uint8Array): { width: number; height: number; channels: number; pixels: number[] } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((b, i) => png[i] === b)) throw new Error('not a PNG');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  let header: Uint8Array | undefined;
  const idat: number[] = [];
  for (;;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    if (view.getUint32(at + 8 + length) !== crc32(png.subarray(at + 4, at + 8 + length))) throw new Error(`bad CRC in ${type}`);
    at += 12 + length;
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(...data);
    else if (type === 'IEND') break;
  }
  const h = new DataView(header!.buffer, header!.byteOffset, 13);
  const [width, height, depth, colour, interlace] = [h.getUint32(0), h.getUint32(4), header![8]!, header![9]!, header![12]!];
  if (depth !== 8 || interlace !== 0) throw new Error('only 8-bit non-interlaced PNGs');
  const channels = ({ 0: 1, 4: 2, 2: 3, 6: 4 } as Record<number, number>)[colour]!;
  const raw = inflateSync(Uint8Array.from(idat));
  const stride = width * channels;
  const pixels: number[] = [];
  let previous = new Array<number>(stride).fill(0);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row: number[] = [];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? row[x - channels]! : 0;
      const b = previous[x]!;
      const c = x >= channels ? previous[x - channels]! : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
      if (predictor === undefined) throw new Error(`filter ${filter}`);
      row.push((v + predictor) & 0xff);
    }
    pixels.push(...row);
    previous = row;
  }
  return { width, height, channels, pixels };
}
