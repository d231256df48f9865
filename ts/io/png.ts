// PNG encoding of 8-bit images (Node: the pixels are deflated by node:zlib), as tf.image.encode_png
// writes them for tf.summary.image: 8 bits a sample, colour type by channel count (1 grey, 2 grey
// and alpha, 3 RGB, 4 RGBA), no interlacing. The bytes are a valid PNG; they are not TF's byte for
// byte (TF's libpng picks a filter per row, here every row is filter 0, none).
//   file  = 89 50 4E 47 0D 0A 1A 0A | IHDR | IDAT | IEND
//   chunk = uint32 length (big-endian) | type | data | uint32 CRC-32 of type and data

import { crc32 } from './crc';
import { nodeFiles } from './node-files';

/** PNG's colour type for 1, 2, 3 or 4 channels. */
const COLOUR_TYPE = [0, 0, 4, 2, 6];

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * @internal A PNG of an 8-bit image: `pixels` row-major [height, width, channels] (1 to 4 channels).
 * `op` names the caller in the error Node-less platforms get.
 */
export function encodePng(pixels: Uint8Array, height: number, width: number, channels: number, op: string): Uint8Array {
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = COLOUR_TYPE[channels]!;
  // header[10..12]: deflate compression, adaptive filtering, no interlace (all 0).
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const idat = new Uint8Array(nodeFiles(op).zlib.deflateSync(raw));
  const parts = [Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
