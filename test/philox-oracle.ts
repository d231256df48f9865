// TensorFlow's stateless distributions in JavaScript, word by word from ts/stateless-random.ts's
// Philox: the oracle the wasm draws (crates/gradtape-core/src/kernels/philox.rs) are compared
// with in test/philox-draws.test.ts. Written as TensorFlow's kernels are (random_distributions.h):
// one call's four words make four float32 or two float64 uniforms or normals; the truncated
// normal's group g of 4 (float32) or 2 (float64) values starts 256 or 128 calls in.
import { Philox, boxMullerFloat64, uniformFloat64 } from '../ts/stateless-random';

export type FloatDType = 'float32' | 'float64';
const f32 = Math.fround;
const bits = new DataView(new ArrayBuffer(4));

/** Uint32ToFloat: [0, 1) from the low 23 bits. */
function uniformFloat32(w: number): number {
  bits.setUint32(0, 0x3f800000 | (w & 0x7fffff));
  return f32(bits.getFloat32(0) - 1);
}

const EPSILON_F32 = f32(1e-7);

/** BoxMullerFloat: two float32 normals from two words, into out[at], out[at + 1] (when < end). */
function boxMullerFloat32(x0: number, x1: number, out: Float64Array, at: number, end: number): void {
  let u1 = uniformFloat32(x0);
  if (u1 < EPSILON_F32) u1 = EPSILON_F32;
  const v1 = f32(2 * Math.PI * uniformFloat32(x1)); // 2.0f * M_PI is a double
  const r = f32(Math.sqrt(f32(-2 * f32(Math.log(u1)))));
  if (at < end) out[at] = f32(f32(Math.sin(v1)) * r);
  if (at + 1 < end) out[at + 1] = f32(f32(Math.cos(v1)) * r);
}

/** StatelessRandomUniform: n values in [0, 1). */
export function uniformValues(g: Philox, n: number, dtype: FloatDType): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n;) {
    const w = g.next();
    if (dtype === 'float32') for (let j = 0; j < 4 && i < n; j++) out[i++] = uniformFloat32(w[j]!);
    else for (let j = 0; j < 4 && i < n; j += 2) out[i++] = uniformFloat64(w[j]!, w[j + 1]!);
  }
  return out;
}

/** StatelessRandomNormal: n standard normal values. */
export function normalValues(g: Philox, n: number, dtype: FloatDType): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n;) {
    const w = g.next();
    if (dtype === 'float32') {
      boxMullerFloat32(w[0]!, w[1]!, out, i, n);
      boxMullerFloat32(w[2]!, w[3]!, out, i + 2, n);
      i += 4;
    } else {
      boxMullerFloat64(w[0]!, w[1]!, w[2]!, w[3]!, out, i, n);
      i += 2;
    }
  }
  return out;
}

/** StatelessTruncatedNormal: n standard normal values with |z| < 2, group by group. */
export function truncatedNormalValues(base: Philox, n: number, dtype: FloatDType): Float64Array {
  const out = new Float64Array(n);
  const group = dtype === 'float32' ? 4 : 2;
  const pair = new Float64Array(2);
  for (let start = 0, g = 0; start < n; start += group, g++) {
    const gen = base.copy();
    gen.skip(g * group * 64); // 256 calls reserved per output, 4 outputs per call
    // TensorFlow fills the whole group and keeps what fits; its first values are the same.
    const end = Math.min(start + group, n);
    let i = start;
    while (i < end) {
      if (dtype === 'float32') boxMullerFloat32(gen.nextWord(), gen.nextWord(), pair, 0, 2);
      else boxMullerFloat64(gen.nextWord(), gen.nextWord(), gen.nextWord(), gen.nextWord(), pair, 0, 2);
      if (Math.abs(pair[0]!) < 2) out[i++] = pair[0]!;
      if (i < end && Math.abs(pair[1]!) < 2) out[i++] = pair[1]!;
    }
  }
  return out;
}

/** `raw` times `scale` plus `shift`, each op rounded to `dtype` (TensorFlow's wrappers apply them as separate ops). */
export function scaled(raw: Float64Array, scale: number, shift: number, dtype: FloatDType): Float64Array {
  const r = dtype === 'float32' ? f32 : (v: number) => v;
  const s = r(scale);
  const t = r(shift);
  for (let i = 0; i < raw.length; i++) raw[i] = r(r(raw[i]! * s) + t);
  return raw;
}
