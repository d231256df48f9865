// tf.math.special's Bessel functions J₀, J₁, Y₀, Y₁, K₀, K₁, e^x K₀, e^x K₁, Dawson's integral,
// the exponential integral, the Fresnel integrals and Spence's function, against TensorFlow 2.21
// (test/fixtures/math-special.json, from scripts/math_special_fixtures.py): values on a grid that
// reaches every branch of each approximation, in float32 and float64, first derivatives there,
// second derivatives in float64, and tf.function.
//
// gradtape ports TensorFlow's Cephes approximations with their coefficients and order of
// operations (crates/gradtape-core/src/kernels/cephes), so a value is TensorFlow's bit for bit
// where no exp, log, sin or cos enters it (`exact` below says where); elsewhere the two libms
// differ in the last bits (TOLERANCE, in units in the last place of TensorFlow's value).
// TensorFlow's float32 Bessel kernels evaluate packets of 8 with Eigen's own vectorized exp, log,
// sin, cos and an approximate 1/√x: the fixture's `scalar` values are TensorFlow's for one element
// at a time (libm, the path the port follows), its `values` those of the whole grid at once.
// TensorFlow runs its CPU kernels with subnormals flushed to zero; gradtape keeps IEEE subnormals,
// so points where one appears (input, result, x/2 or 1/x) are not compared.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

type Dt = 'float32' | 'float64';
type Num = number | string;
interface Case { name: string; dtype: Dt; x: Num[]; values: Num[]; scalar?: Num[]; gradient: Num[] }
interface Fixture {
  tf: string;
  cases: Case[];
  second: { x: Num[]; functions: Record<string, { gradient: Num[]; second: Num[] }> };
  compiled: { x: Num[]; values: Record<string, Num[]> };
}
const F = JSON.parse(readFileSync(new URL('./fixtures/math-special.json', import.meta.url), 'utf8')) as Fixture;
const num = (v: Num) => (typeof v === 'string' ? Number(v) : v); // 'NaN', 'Infinity', '-Infinity'
const special = tf.math.special as unknown as Record<string, (x: tf.Tensor) => tf.Tensor>;

/** Units in the last place between a and b in the dtype (0 when both are NaN, Infinity when one is). */
function ulps(a: number, b: number, dtype: Dt): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (Object.is(a, b)) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  const ordered = (v: number) => {
    if (dtype === 'float32') {
      const i = new Int32Array(new Float32Array([v]).buffer)[0]!;
      return BigInt(i < 0 ? -2147483648 - i : i);
    }
    const i = new BigInt64Array(new Float64Array([v]).buffer)[0]!;
    return i < 0n ? -9223372036854775808n - i : i;
  };
  const d = ordered(a) - ordered(b);
  return Number(d < 0n ? -d : d) || 1; // +0 and -0 differ by one
}

const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 };
/** Where TensorFlow's flush to zero decides the value: a subnormal input, result, x/2 or 1/x. */
function flushed(x: number, values: number[], dtype: Dt): boolean {
  const tiny = (v: number) => v !== 0 && Math.abs(v) < MIN_NORMAL[dtype];
  return tiny(x) || tiny(x / 2) || tiny(1 / x) || values.some(tiny);
}

/** Whether the port's value at x involves no exp, log, sin or cos (then it is TensorFlow's bits). */
function exact(name: string, x: number, dtype: Dt): boolean {
  const a = Math.abs(x), jSplit = dtype === 'float32' ? 2 : 5;
  if (Number.isNaN(x)) return true;
  switch (name) {
    case 'besselJ0': case 'besselJ1': return a <= jSplit;
    case 'besselY0': return x <= 0;
    case 'besselY1': return dtype === 'float32' ? x <= 0 : x <= 0; // -inf below 0, NaN (float32) or -inf at 0
    case 'besselK0': case 'besselK1': return x <= 0;
    case 'besselK0e': case 'besselK1e': return x <= 0 || x > 2; // a Chebyshev series times 1/√x beyond 2
    case 'dawsn': return true;
    case 'expint': return x < 0;
    case 'fresnelCos': case 'fresnelSin': return x * x < 2.5625 || a > 36974;
    case 'spence': return x < 0 || (x >= 0.5 && x <= 1.5);
    default: throw new Error(name);
  }
}

/** Units in the last place allowed where exp, log, sin or cos enter, by dtype: the most seen is 5,
 * K₀e near x = 1/2 and 3/2 (e^x · (e^|x| I₀e(x) · -ln(x/2) + series), three libm calls). */
const TOLERANCE = { float32: 8, float64: 8 };

const at = (name: string, x: tf.Tensor) => special[name]!(x);
const data = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);

describe('tf.math.special against TensorFlow 2.21', () => {
  it('has the functions TensorFlow has, the I functions also under tf.math and the rest only under tf.math.special', () => {
    expect(Object.keys(tf.math.special).sort()).toEqual(['besselI0', 'besselI0e', 'besselI1', 'besselI1e', 'besselJ0', 'besselJ1', 'besselK0', 'besselK0e',
      'besselK1', 'besselK1e', 'besselY0', 'besselY1', 'dawsn', 'expint', 'fresnelCos', 'fresnelSin', 'spence']);
    expect(tf.math.special.besselI0).toBe(tf.math.besselI0);
    for (const name of ['besselJ0', 'besselK1e', 'dawsn', 'expint', 'fresnelCos', 'spence']) expect(name in tf.math, name).toBe(false);
    expect(tf.constant([0.5]).besselJ0().dataSync()[0]).toBe(0.9384698867797852); // TensorFlow: 0x3f703f90
  });

  for (const c of F.cases) {
    it(`${c.name} ${c.dtype}: TensorFlow's bits where no exp, log, sin or cos enters, within ${TOLERANCE[c.dtype]} ulps elsewhere`, () => {
      const xs = c.x.map(num), reference = (c.scalar ?? c.values).map(num);
      const got = data(at(c.name, tf.constant(xs, c.dtype)));
      const wrong: string[] = [];
      let compared = 0, bitwise = 0;
      xs.forEach((x, i) => {
        if (flushed(x, [got[i]!, reference[i]!], c.dtype)) return;
        compared++;
        const d = ulps(got[i]!, reference[i]!, c.dtype);
        if (exact(c.name, x, c.dtype)) {
          bitwise++;
          if (d !== 0) wrong.push(`x=${x}: ${got[i]} vs ${reference[i]} (must be bitwise)`);
        } else if (d > TOLERANCE[c.dtype]) wrong.push(`x=${x}: ${got[i]} vs ${reference[i]} (${d} ulps)`);
      });
      expect(wrong).toEqual([]);
      expect(compared).toBeGreaterThan(280);
      expect(bitwise).toBeGreaterThan(c.name === 'dawsn' ? 280 : 10);
    });
  }
});

const EPS = { float32: 2 ** -23, float64: 2 ** -52 };
/** |f(x)| where finite, the size of the terms a gradient rule subtracts (0 where f is NaN or
 * infinite: expint's gradient e^x/x is finite for x < 0, where expint is NaN). */
const scale = (value: number) => (Number.isFinite(value) ? Math.abs(value) : 0);

describe('tf.math.special: TensorFlow\'s vectorized float32 values and the gradients', () => {
  for (const c of F.cases) {
    it(`${c.name} ${c.dtype}: within 8 ulps of TensorFlow's whole-grid values; the gradient within 8 ε of TensorFlow's, relative to max(|gradient|, |f(x)|)`, () => {
      const xs = c.x.map(num), packed = c.values.map(num), reference = c.gradient.map(num);
      const x = tf.constant(xs, c.dtype);
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => at(c.name, x));
      const values = data(y), gradient = data(tape.gradient(y, x)!);
      const wrong: string[] = [];
      xs.forEach((xv, i) => {
        if (flushed(xv, [values[i]!, packed[i]!, gradient[i]!, reference[i]!], c.dtype)) return;
        const d = ulps(values[i]!, packed[i]!, c.dtype);
        // J and Y and the terms they are sums of are at most about 1 in size: next to their zeros
        // (Y₀ at 0.8936) the error is absolute, within 8 ε.
        const bessel = /^bessel[JY]/.test(c.name) && Math.abs(values[i]! - packed[i]!) <= 8 * EPS[c.dtype];
        if (d > 8 && !bessel) wrong.push(`value at x=${xv}: ${values[i]} vs ${packed[i]} (${d} ulps)`);
        const [g, r] = [gradient[i]!, reference[i]!];
        if (Number.isNaN(r) || !Number.isFinite(r)) {
          if (!Object.is(g, r) && !(Number.isNaN(g) && Number.isNaN(r))) wrong.push(`gradient at x=${xv}: ${g} vs ${r}`);
        } else if (!(Math.abs(g - r) <= 8 * EPS[c.dtype] * Math.max(Math.abs(r), scale(values[i]!)))) {
          // The scale |f(x)| covers TensorFlow's differences of terms of that size (K₀e - K₁e).
          wrong.push(`gradient at x=${xv}: ${g} vs ${r}`);
        }
      });
      expect(wrong).toEqual([]);
    });
  }

  it('second derivatives (float64) are TensorFlow\'s: its rules are differentiable ops, so nested tapes work', () => {
    const xs = F.second.x.map(num);
    for (const [name, expected] of Object.entries(F.second.functions)) {
      const x = tf.constant(xs, 'float64');
      const outer = new tf.GradientTape();
      outer.watch(x);
      const first = outer.record(() => {
        const inner = new tf.GradientTape();
        inner.watch(x);
        const y = inner.record(() => at(name, x));
        return inner.gradient(y, x)!;
      });
      const second = data(outer.gradient(first, x)!);
      const g = data(first), f = data(at(name, x));
      xs.forEach((xv, i) => {
        const [r1, r2] = [num(expected.gradient[i]!), num(expected.second[i]!)];
        const size = Math.max(Math.abs(r1), scale(f[i]!));
        expect(Math.abs(g[i]! - r1), `${name}' at ${xv}`).toBeLessThanOrEqual(8 * EPS.float64 * size);
        if (name === 'spence' && xv === 1) {
          // TensorFlow's where() sends 0 · (NaN of the unselected ln x / (1 - x)) back: NaN. gradtape
          // divides by a safe value there, and gives the selected constant's derivative, 0.
          expect([Number.isNaN(r2), second[i]]).toEqual([true, 0]);
          return;
        }
        expect(Math.abs(second[i]! - r2), `${name}'' at ${xv}: ${second[i]} vs ${r2}`).toBeLessThanOrEqual(64 * EPS.float64 * Math.max(Math.abs(r2), size));
      });
    }
  });

  it('tf.function gives the eager values, which are TensorFlow\'s compiled ones', () => {
    const xs = F.compiled.x.map(num);
    const names = Object.keys(F.compiled.values);
    const compiled = tf.function((x: tf.Tensor) => names.map((name) => at(name, x)));
    const results = compiled(tf.constant(xs, 'float64')) as tf.Tensor[];
    names.forEach((name, k) => {
      const eager = data(at(name, tf.constant(xs, 'float64')));
      expect(data(results[k]!), name).toEqual(eager);
      const reference = F.compiled.values[name]!.map(num);
      eager.forEach((v, i) => expect(ulps(v, reference[i]!, 'float64'), `${name}(${xs[i]})`).toBeLessThanOrEqual(8));
    });
  });
});
