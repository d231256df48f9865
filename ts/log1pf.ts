// log1pf as glibc 2.36's libm computes it (sysdeps/ieee754/flt-32/s_log1pf.c, the fdlibm
// algorithm, every operation in float32): TensorFlow's CTC beam search takes log1pf(expf(d)), and
// glibc's log1pf is not correctly rounded (it differs from the rounded log1p in about 8% of the
// arguments in (0, 1]). Checked equal to glibc's on 140,000 arguments.

const f = Math.fround;
const word = new DataView(new ArrayBuffer(4));
const bitsOf = (x: number): number => {
  word.setFloat32(0, x);
  return word.getInt32(0);
};
const fromBits = (b: number): number => {
  word.setInt32(0, b);
  return word.getFloat32(0);
};

const LN2_HI = f(6.9313812256e-1), LN2_LO = f(9.0580006145e-6);
/** The coefficients of the polynomial R(z) ≈ (log((1 + s) / (1 - s)) - 2s) / s, z = s². */
const LP = [6.6666668653e-1, 4.0000000596e-1, 2.8571429849e-1, 2.2222198546e-1, 1.8183572590e-1, 1.5313838422e-1, 1.4798198640e-1].map(f);

/** log(1 + x) in float32 arithmetic, glibc's result bit for bit. */
export function log1pf(x: number): number {
  x = f(x);
  const hx = bitsOf(x), ax = hx & 0x7fffffff;
  let k = 1, fr = 0, hu = 0, c = 0;
  if (hx < 0x3ed413d7) {
    // x < 0.41422
    if (ax >= 0x3f800000) return x === -1 ? -Infinity : NaN;
    if (ax < 0x31000000) return ax < 0x24800000 ? x : f(x - f(f(x * x) * 0.5));
    if (hx > 0 || hx <= (0xbe95f61f | 0)) {
      // -0.2929 < x < 0.41422: log1p(x) directly, without the reduction.
      k = 0;
      fr = x;
      hu = 1;
    }
  } else if (hx >= 0x7f800000) {
    return f(x + x);
  }
  if (k !== 0) {
    // 1 + x = 2^k (1 + fr), with c correcting the rounding of 1 + x.
    let u: number;
    if (hx < 0x5a000000) {
      u = f(1 + x);
      hu = bitsOf(u);
      k = (hu >> 23) - 127;
      c = k > 0 ? f(1 - f(u - x)) : f(x - f(u - 1));
      c = f(c / u);
    } else {
      u = x;
      hu = bitsOf(u);
      k = (hu >> 23) - 127;
      c = 0;
    }
    hu &= 0x007fffff;
    if (hu < 0x3504f7) {
      u = fromBits(hu | 0x3f800000);
    } else {
      k += 1;
      u = fromBits(hu | 0x3f000000);
      hu = (0x00800000 - hu) >> 2;
    }
    fr = f(u - 1);
  }
  const hfsq = f(f(0.5 * fr) * fr);
  if (hu === 0) {
    // |fr| < 2^-20
    if (fr === 0) return k === 0 ? 0 : f(f(k * LN2_HI) + f(c + f(k * LN2_LO)));
    const R = f(hfsq * f(1 - f(f(0.66666666666666666) * fr)));
    return k === 0 ? f(fr - R) : f(f(k * LN2_HI) - f(f(R - f(c + f(k * LN2_LO))) - fr));
  }
  const s = f(fr / f(2 + fr)), z = f(s * s);
  let R = LP[6]!;
  for (let i = 5; i >= 0; i--) R = f(LP[i]! + f(z * R));
  R = f(z * R);
  if (k === 0) return f(fr - f(hfsq - f(s * f(hfsq + R))));
  return f(f(k * LN2_HI) - f(f(hfsq - f(f(s * f(hfsq + R)) + f(c + f(k * LN2_LO)))) - fr));
}
