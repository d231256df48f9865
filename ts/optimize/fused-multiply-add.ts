// a·b + c rounded once, as a hardware fused multiply-add (C's fma) gives it: OpenBLAS's kernels
// accumulate with FMA instructions, so code that must reproduce numpy's matrix products bit for bit
// needs it, and JavaScript has no Math.fma. The emulation is Boldo and Melquiond's ("Emulation of
// FMA and correctly rounded sums: proved algorithms using rounding to odd", IEEE Trans. Computers
// 57, 2008, algorithm 5.4): the product split exactly into uh + ul (Dekker), c + uh exactly into
// th + tl (Knuth's TwoSum), then RN(th + RO(tl + ul)), where RO rounds to odd. Outside the range
// where those steps are exact (huge or tiny products) the sum is formed exactly in BigInt.

/** 2^27 + 1: Veltkamp's constant, splitting a double into two 26-bit halves. */
const SPLITTER = 134217729;
/** Above this |a| or |b|, SPLITTER·a may overflow. */
const SPLIT_LIMIT = 2 ** 995;
/** Below this |a·b|, its rounding error may fall under the subnormals and not be exact. */
const PRODUCT_FLOOR = 2 ** -900;

const bits = new DataView(new ArrayBuffer(8));

/** a·b + c with a single rounding to nearest (ties to even). */
export function fusedMultiplyAdd(a: number, b: number, c: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(c) || a === 0 || b === 0) return a * b + c;
  const uh = a * b;
  if (Math.abs(a) >= SPLIT_LIMIT || Math.abs(b) >= SPLIT_LIMIT || !(Math.abs(uh) >= PRODUCT_FLOOR) || !Number.isFinite(uh)) {
    return exactMultiplyAdd(a, b, c);
  }
  // Dekker's product: a·b = uh + ul exactly.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const ul = (((ah * bh - uh) + ah * bl) + al * bh) + al * bl;
  // TwoSum: c + uh = th + tl exactly.
  const th = c + uh;
  const tl = twoSumError(c, uh, th);
  const result = th + roundedToOdd(tl, ul);
  return Number.isFinite(result) ? result : exactMultiplyAdd(a, b, c);
}

/** The rounding error of s = RN(x + y): x + y - s, exactly (Knuth's TwoSum). */
function twoSumError(x: number, y: number, s: number): number {
  const yVirtual = s - x;
  const xVirtual = s - yVirtual;
  return (x - xVirtual) + (y - yVirtual);
}

/** x + y rounded to odd: exact if representable, else the neighbour of the exact sum whose last
 * significand bit is 1. */
function roundedToOdd(x: number, y: number): number {
  const s = x + y;
  const error = twoSumError(x, y, s);
  if (error === 0) return s;
  bits.setFloat64(0, s, true);
  const low = bits.getUint32(0, true);
  if ((low & 1) === 1) return s;
  // s is even: the odd neighbour lies on the error's side of s, one unit in the last place away.
  const high = bits.getUint32(4, true);
  const awayFromZero = (error > 0) === (s > 0);
  if (awayFromZero) {
    bits.setUint32(0, (low + 1) >>> 0, true);
    if (low === 0xffffffff) bits.setUint32(4, high + 1, true);
  } else {
    bits.setUint32(0, (low - 1) >>> 0, true);
    if (low === 0) bits.setUint32(4, high - 1, true);
  }
  return bits.getFloat64(0, true);
}

/** A finite double as m·2^e, m an integer. */
function asScaledInteger(x: number): [bigint, number] {
  bits.setFloat64(0, x, true);
  const high = bits.getUint32(4, true);
  const biased = (high >>> 20) & 0x7ff;
  let m = (BigInt(high & 0xfffff) << 32n) | BigInt(bits.getUint32(0, true));
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return [x < 0 ? -m : m, e];
}

/** a·b + c formed exactly, rounded once (a subnormal result may be rounded twice). */
function exactMultiplyAdd(a: number, b: number, c: number): number {
  const [ma, ea] = asScaledInteger(a);
  const [mb, eb] = asScaledInteger(b);
  const [mc, ec] = asScaledInteger(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  const m = ((ma * mb) << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (m === 0n) return a * b + c;
  // Keep 64 bits and a sticky bit for what is dropped, so that Number() rounds once, correctly.
  const magnitude = m < 0n ? -m : m;
  const shift = Math.max(0, magnitude.toString(2).length - 64);
  let kept = magnitude >> BigInt(shift);
  if ((kept << BigInt(shift)) !== magnitude) kept |= 1n;
  let value = Number(kept);
  // Scale by 2^(e + shift) in steps that are themselves representable.
  let exponent = e + shift;
  while (exponent > 0) { const k = Math.min(exponent, 1000); value *= 2 ** k; exponent -= k; }
  while (exponent < 0) { const k = Math.max(exponent, -1000); value *= 2 ** k; exponent -= k; }
  return m < 0n ? -value : value;
}
