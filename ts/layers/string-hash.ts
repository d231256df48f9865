// The string hashes of TensorFlow's tf.strings.to_hash_bucket_fast and to_hash_bucket_strong,
// which Keras' Hashing and IntegerLookup (oovMethod 'farmhash') apply to the decimal text of
// integers: FarmHash's Fingerprint64 (farmhashna::Hash64, the version TensorFlow ships) and
// SipHash-2-4 keyed by two 64-bit integers (highwayhash::SipHash, TensorFlow's StrongKeyedHash).
// 64-bit arithmetic is done with BigInt, masked to 64 bits.

const MASK = (1n << 64n) - 1n;
const K0 = 0xc3a5c85c97cb3127n;
const K1 = 0xb492b66fbe98f273n;
const K2 = 0x9ae16a3b2f90404fn;

const mul64 = (a: bigint, b: bigint): bigint => (a * b) & MASK;
const add64 = (a: bigint, b: bigint): bigint => (a + b) & MASK;
const rotr = (v: bigint, s: bigint): bigint => ((v >> s) | (v << (64n - s))) & MASK;
const rotl = (v: bigint, s: bigint): bigint => ((v << s) | (v >> (64n - s))) & MASK;
const shiftMix = (v: bigint): bigint => v ^ (v >> 47n);

/** Little-endian unsigned integer of `n` bytes at `offset`. */
function fetch(bytes: Uint8Array, offset: number, n: number): bigint {
  let v = 0n;
  for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[offset + i]!);
  return v;
}

function hashLen16(u: bigint, v: bigint, mul: bigint): bigint {
  let a = mul64(u ^ v, mul);
  a ^= a >> 47n;
  let b = mul64(v ^ a, mul);
  b ^= b >> 47n;
  return mul64(b, mul);
}

function hashLen0to16(s: Uint8Array): bigint {
  const len = BigInt(s.length);
  if (s.length >= 8) {
    const mul = add64(K2, len * 2n);
    const a = add64(fetch(s, 0, 8), K2);
    const b = fetch(s, s.length - 8, 8);
    const c = add64(mul64(rotr(b, 37n), mul), a);
    const d = mul64(add64(rotr(a, 25n), b), mul);
    return hashLen16(c, d, mul);
  }
  if (s.length >= 4) {
    const mul = add64(K2, len * 2n);
    const a = fetch(s, 0, 4);
    return hashLen16(add64(len, a << 3n), fetch(s, s.length - 4, 4), mul);
  }
  if (s.length > 0) {
    const [a, b, c] = [BigInt(s[0]!), BigInt(s[s.length >> 1]!), BigInt(s[s.length - 1]!)];
    const y = (a + (b << 8n)) & 0xffffffffn;
    const z = (len + (c << 2n)) & 0xffffffffn;
    return mul64(shiftMix(mul64(y, K2) ^ mul64(z, K0)), K2);
  }
  return K2;
}

function hashLen17to32(s: Uint8Array): bigint {
  const len = s.length;
  const mul = add64(K2, BigInt(len) * 2n);
  const a = mul64(fetch(s, 0, 8), K1);
  const b = fetch(s, 8, 8);
  const c = mul64(fetch(s, len - 8, 8), mul);
  const d = mul64(fetch(s, len - 16, 8), K2);
  return hashLen16(add64(add64(rotr(add64(a, b), 43n), rotr(c, 30n)), d), add64(add64(a, rotr(add64(b, K2), 18n)), c), mul);
}

/** FarmHash Fingerprint64 of `bytes` (as TensorFlow's Fingerprint64), for strings of up to 32
 * bytes, which covers the decimal text of every 64-bit integer. */
export function fingerprint64(bytes: Uint8Array): bigint {
  if (bytes.length <= 16) return hashLen0to16(bytes);
  if (bytes.length <= 32) return hashLen17to32(bytes);
  throw new Error(`fingerprint64: strings longer than 32 bytes are not supported (got ${bytes.length}).`);
}

/** SipHash-2-4 of `bytes` under the key (k0, k1), two unsigned 64-bit integers. */
export function sipHash(key: readonly [bigint, bigint], bytes: Uint8Array): bigint {
  const [k0, k1] = [key[0] & MASK, key[1] & MASK];
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = (): void => {
    v0 = add64(v0, v1); v1 = rotl(v1, 13n); v1 ^= v0; v0 = rotl(v0, 32n);
    v2 = add64(v2, v3); v3 = rotl(v3, 16n); v3 ^= v2;
    v0 = add64(v0, v3); v3 = rotl(v3, 21n); v3 ^= v0;
    v2 = add64(v2, v1); v1 = rotl(v1, 17n); v1 ^= v2; v2 = rotl(v2, 32n);
  };
  const full = bytes.length - (bytes.length % 8);
  for (let i = 0; i < full; i += 8) {
    const m = fetch(bytes, i, 8);
    v3 ^= m;
    round(); round();
    v0 ^= m;
  }
  // The last block: the remaining bytes, and the length's low byte in the top byte.
  const m = fetch(bytes, full, bytes.length - full) | (BigInt(bytes.length & 0xff) << 56n);
  v3 ^= m;
  round(); round();
  v0 ^= m;
  v2 ^= 0xffn;
  round(); round(); round(); round();
  return v0 ^ v1 ^ v2 ^ v3;
}

const encoder = new TextEncoder();

/** tf.strings.to_hash_bucket_fast of the decimal text of `value` (tf.strings.as_string): its
 * Fingerprint64 modulo `buckets`. */
export function hashBucketFast(value: number, buckets: number): number {
  return Number(fingerprint64(encoder.encode(String(value))) % BigInt(buckets));
}

/** tf.strings.to_hash_bucket_strong of the decimal text of `value`, keyed by `key`: its SipHash
 * modulo `buckets`. */
export function hashBucketStrong(value: number, buckets: number, key: readonly [bigint, bigint]): number {
  return Number(sipHash(key, encoder.encode(String(value))) % BigInt(buckets));
}
