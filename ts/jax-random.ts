// JAX's default random stream, for the Keras ops whose JAX backend draws with it
// (keras.ops.image.elastic_transform): jax.random.normal(key, shape, float32) from a raw key
// [k1, k2] (Keras makes [seed, 0] of an integer seed), as JAX 0.10 computes it.
//
// - Bits: Threefry-2x32 (20 rounds) of the key and a 64-bit counter over the flat index i, split
//   into its high and low words; the draw is the xor of the two output words (JAX's
//   "partitionable" threefry, its default since 0.5).
// - Uniform in [lo, 1) with lo = nextafter(-1, 0): the 23 top bits as the mantissa of a float in
//   [1, 2), minus 1, times (1 - lo) (which rounds to 2 in float32), plus lo, at least lo.
// - Normal: √2·erfinv(u), erfinv by XLA's float32 polynomial (Giles' approximation: w =
//   -log1p(-u²), a degree-8 polynomial in w - 2.5 below 5 and in √w - 3 above).
// Every step is float32 as XLA computes it; log1p and sqrt are JavaScript's (double, rounded), so a
// value can differ from JAX's in its last bit where XLA's float32 log1p does.

const f32 = Math.fround;

/** Threefry-2x32 with 20 rounds (Salmon et al.), JAX's rotation constants and key schedule. */
function threefry2x32(key1: number, key2: number, count1: number, count2: number): [number, number] {
  const rotations = [[13, 15, 26, 6], [17, 29, 16, 24]] as const;
  const ks = [key1 >>> 0, key2 >>> 0, (key1 ^ key2 ^ 0x1bd11bda) >>> 0];
  let x0 = (count1 + ks[0]!) >>> 0;
  let x1 = (count2 + ks[1]!) >>> 0;
  for (let i = 0; i < 5; i++) {
    for (const r of rotations[i % 2]!) {
      x0 = (x0 + x1) >>> 0;
      x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
      x1 = (x0 ^ x1) >>> 0;
    }
    x0 = (x0 + ks[(i + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(i + 2) % 3]! + i + 1) >>> 0;
  }
  return [x0, x1];
}

/** jax.random.bits(key, (n,), uint32): threefry of the key and the 64-bit counter i, words xored. */
export function jaxRandomBits(key: readonly [number, number], n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b] = threefry2x32(key[0], key[1], Math.floor(i / 4294967296), i >>> 0);
    out[i] = (a ^ b) >>> 0;
  }
  return out;
}

// XLA's ErfInv32 coefficients, highest degree first.
const BELOW_5 = [2.81022636e-8, 3.43273939e-7, -3.5233877e-6, -4.39150654e-6, 0.00021858087, -0.00125372503, -0.00417768164, 0.246640727, 1.50140941].map(f32);
const ABOVE_5 = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773, -0.0076224613, 0.00943887047, 1.00167406, 2.83297682].map(f32);

/** XLA's float32 erf_inv: Giles' polynomial in float32, ±∞ at ±1. */
function erfinvF32(x: number): number {
  if (Math.abs(x) === 1) return x * Infinity;
  let w = -f32(Math.log1p(f32(x * -x)));
  const small = w < 5;
  const c = small ? BELOW_5 : ABOVE_5;
  w = small ? f32(w - 2.5) : f32(f32(Math.sqrt(w)) - 3);
  let p = c[0]!;
  for (let i = 1; i < c.length; i++) p = f32(c[i]! + f32(p * w));
  return f32(p * x);
}

const view = new DataView(new ArrayBuffer(4));
const LOWEST = f32(-1 + 2 ** -24); // nextafter(-1, 0) in float32
const SQRT2 = f32(Math.SQRT2);

/** jax.random.normal(key, (n,), float32) for a raw key [k1, k2]. */
export function jaxNormalFloat32(key: readonly [number, number], n: number): Float32Array {
  const bits = jaxRandomBits(key, n);
  const span = f32(1 - LOWEST); // 2 in float32
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    view.setUint32(0, (bits[i]! >>> 9) | 0x3f800000);
    const unit = f32(view.getFloat32(0) - 1);
    const u = Math.max(LOWEST, f32(f32(unit * span) + LOWEST));
    out[i] = f32(SQRT2 * erfinvF32(u));
  }
  return out;
}
