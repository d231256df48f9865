// Table-driven reflected CRCs: CRC-32 (zlib's, for checkpoints, .gtkeras files and zip archives)
// and CRC-32C (Castagnoli's, for TFRecord files and TensorBoard's event files). They differ only in
// the polynomial.

/** The reflected CRC-32 of `polynomial`, one table lookup per byte. */
function reflectedCrc32(polynomial: number): (bytes: Uint8Array) => number {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? polynomial ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return (bytes) => {
    let c = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
}

/** @internal CRC-32 (IEEE 802.3, reflected polynomial 0xedb88320, as zlib's crc32). */
export const crc32 = reflectedCrc32(0xedb88320);

/** @internal CRC-32C (Castagnoli, reflected polynomial 0x82f63b78). */
export const crc32c = reflectedCrc32(0x82f63b78);
