// tf.math's special functions besselI0, besselI0e, besselI1, besselI1e, igamma, igammac, zeta,
// polygamma, erfcinv, nextafter and betainc: values against mpmath, TensorFlow's edge values (NaN for
// invalid arguments, infinities), float32, broadcasting, and gradients (TensorFlow's rules)
// against central differences in float64.
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose, expectGradcheck } from './helpers/gradcheck';

const f64 = (v: number[]) => tf.constant(v, 'float64');
const f32 = (v: number[]) => tf.constant(v, 'float32');
const data = (t: tf.Tensor) => Array.from(t.dataSync() as Float64Array);

// Reference values: mpmath 1.3.0 at 110 significant digits at the exact float64 inputs, rounded to
// float64 (made by this script, run with python3):
//   import mpmath as mp; mp.mp.dps = 110
//   besselI0..: mp.besseli(n, x) (times mp.exp(-abs(x)) for the scaled forms)
//   igamma / igammac: mp.gammainc(a, 0, x, regularized=True) / mp.gammainc(a, x, mp.inf, regularized=True)
//   igammaDa (∂P/∂a): mp.diff(lambda t: P(t, x), a) where P < 1/2, else -mp.diff(lambda t: Q(t, x), a)
//   zeta: mp.zeta(x, q); polygamma: mp.polygamma(n, x)
//   erfcinv: mp.findroot(lambda y: mp.erfc(y) - x, scipy.special.erfcinv(x))
//   betainc: mp.betainc(a, b, 0, x, regularized=True)
const R = {
  biA: [0.5, 1.0, 2.0, 2.0, 0.1, 10.0, 5.5, 30.0, 0.01, 3.0, 0.001],
  biB: [0.5, 1.0, 3.0, 3.0, 10.0, 0.1, 7.25, 20.0, 0.02, 200.0, 1.0],
  biX: [0.3, 0.42, 0.1, 0.9, 0.02, 0.98, 0.45, 0.6, 0.5, 0.001, 1e-8],
  betainc: [0.36901011956554536, 0.42, 0.052300000000000006, 0.9963, 0.8768193864445759, 0.12318061355542403, 0.56253854816946, 0.492299800342352, 0.6667194610412722, 0.0011665631531165756, 0.9817479430199844],
  besselX: [-30.5, -3.0, -0.25, 0.0, 1e-08, 0.75, 2.0, 9.5, 19.9, 21.0, 60.0],
  besselI0: [1278062138712.5664, 4.8807925858650245, 1.015686141223608, 1.0, 1.0, 1.1456467780440014, 2.2795853023360673, 1753.4809905273228, 39513376.52006682, 115513961.92215806, 5.894077055609801e+24],
  besselI1: [-1256932623308.4714, -3.9533702174026093, -0.12597910894546793, 0.0, 5e-09, 0.4019924615809222, 1.590636854637329, 1658.4530777821342, 38507423.87486228, 112729199.13777553, 5.844751588390468e+24],
  besselI0e: [0.07253878407077907, 0.2430003541618254, 0.7910171621397194, 1.0, 0.9999999900000001, 0.5411652192034954, 0.30850832255367105, 0.13125126081426788, 0.0900085888643896, 0.08758915965422785, 0.05161154917360984],
  besselI1e: [-0.071339539285262, -0.19682671329730086, -0.09811262869736824, 0.0, 4.99999995e-09, 0.18988779330485503, 0.21526928924893765, 0.12413824765488178, 0.0877171021317061, 0.08547759644522977, 0.05117963018902872],
  igA: [0.5, 0.5, 1.5, 2.0, 4.0, 12.0, 12.0, 0.05, 30.0],
  igX: [0.2, 3.0, 1.5, 0.5, 6.0, 10.0, 15.0, 0.01, 31.0],
  igamma: [0.4729107431344619, 0.9856941215645704, 0.608374823728911, 0.09020401043104986, 0.8487961172233521, 0.3032238536968933, 0.8152482009760685, 0.815559805741285, 0.5953478209656109],
  igammac: [0.5270892568655381, 0.01430587843542964, 0.39162517627108895, 0.9097959895689501, 0.15120388277664787, 0.6967761463031067, 0.18475179902393143, 0.18444019425871508, 0.4046521790343891],
  igammaDa: [-0.8201614064863388, -0.04724032644797375, -0.3439717577563405, -0.1510342369091705, -0.11316185544391703, -0.10513166983723612, -0.07499258464356513, -3.3571508489859876, -0.07068643603337486],
  zX: [2.0, 1.5, 3.0, 1.01, 8.0, 4.0, 6.0],
  zQ: [1.0, 0.5, 2.25, 1.0, 0.2, 50.0, -2.5],
  zeta: [1.6449340668482264, 4.776537947554833, 0.15186996876846018, 100.57794333849678, 390625.23449416354, 2.7477331201136755e-06, 128.1845004002192],
  pN: [0.0, 1.0, 2.0, 2.0, 3.0, 4.0],
  pX: [2.5, 0.3, 1.0, -1.5, 0.05, 10.0],
  polygamma: [0.7031566406452432, 12.245364546107732, -2.4041138063191885, -0.2362040516417274, 960005.388322313, -0.0007299311682352867],
  ecX: [1e-30, 0.001, 0.3, 0.5, 1.0, 1.2, 1.5, 1.999],
  erfcinv: [8.148616223169865, 2.3267537655135246, 0.7328690779592169, 0.4769362762044699, 0.0, -0.17914345462129164, -0.4769362762044699, -2.3267537655135464],
};

/** The largest relative error of `got` against `want` (0 where equal, including infinities). */
function maxRelError(got: number[], want: number[]): number {
  let worst = 0;
  want.forEach((w, i) => {
    const g = got[i]!;
    if (g === w) return;
    worst = Math.max(worst, w === 0 ? Math.abs(g) : Math.abs((g - w) / w));
  });
  return worst;
}

describe('values against mpmath in float64', () => {
  it('besselI0, besselI0e, besselI1, besselI1e within 2e-15 relative', () => {
    for (const name of ['besselI0', 'besselI0e', 'besselI1', 'besselI1e'] as const) {
      expect(maxRelError(data(tf.math[name](f64(R.besselX))), R[name]), name).toBeLessThan(2e-15);
    }
  });

  it('igamma and igammac within 1e-14 relative', () => {
    expect(maxRelError(data(tf.math.igamma(f64(R.igA), f64(R.igX))), R.igamma)).toBeLessThan(1e-14);
    expect(maxRelError(data(tf.math.igammac(f64(R.igA), f64(R.igX))), R.igammac)).toBeLessThan(1e-14);
  });

  it('zeta and polygamma within 5e-15 relative', () => {
    expect(maxRelError(data(tf.math.zeta(f64(R.zX), f64(R.zQ))), R.zeta)).toBeLessThan(5e-15);
    expect(maxRelError(data(tf.math.polygamma(f64(R.pN), f64(R.pX))), R.polygamma)).toBeLessThan(5e-15);
  });

  it('erfcinv within 1e-15 relative, and it inverts erfc', () => {
    expect(maxRelError(data(tf.math.erfcinv(f64(R.ecX))), R.erfcinv)).toBeLessThan(1e-15);
    const x = f64([0.02, 0.7, 1.4, 1.95]);
    expectClose(tf.math.erfc(tf.math.erfcinv(x)), data(x), 2e-15, 0);
  });
});

describe('float32: computed through float64 and rounded once', () => {
  it('each function of float32 tensors is float32 and within 2 float32 ulps of the reference', () => {
    const close32 = (t: tf.Tensor, want: number[], what: string) => {
      expect(t.dtype, what).toBe('float32');
      data(t).forEach((g, i) => {
        const w = want[i]!;
        if (!Number.isFinite(Math.fround(w))) return expect(g, what).toBe(Math.fround(w));
        expect(Math.abs(g - w), `${what}[${i}]`).toBeLessThanOrEqual(2 ** -23 * Math.abs(w) + 1e-45);
      });
    };
    // (inputs exact in float32)
    const x = [-3, -0.25, 0, 0.75, 2, 9.5, 21, 60];
    const pick = (v: number[]) => x.map((xi) => v[R.besselX.indexOf(xi)]!);
    for (const name of ['besselI0', 'besselI0e', 'besselI1', 'besselI1e'] as const) close32(tf.math[name](f32(x)), pick(R[name]), name);
    close32(tf.math.igamma(f32(R.igA.slice(1, 7)), f32(R.igX.slice(1, 7))), R.igamma.slice(1, 7), 'igamma');
    close32(tf.math.igammac(f32(R.igA.slice(1, 7)), f32(R.igX.slice(1, 7))), R.igammac.slice(1, 7), 'igammac');
    close32(tf.math.zeta(f32([2, 1.5, 3, 6]), f32([1, 0.5, 2.25, -2.5])), [R.zeta[0]!, R.zeta[1]!, R.zeta[2]!, R.zeta[6]!], 'zeta');
    close32(tf.math.polygamma(f32([0, 2, 2, 4]), f32([2.5, 1, -1.5, 10])), [R.polygamma[0]!, R.polygamma[2]!, R.polygamma[3]!, R.polygamma[5]!], 'polygamma');
    close32(tf.math.erfcinv(f32([0.5, 1, 1.5])), [R.erfcinv[3]!, 0, R.erfcinv[6]!], 'erfcinv');
  });

  it('nextafter steps one ulp of the tensor\'s own dtype', () => {
    expect(data(tf.math.nextafter(f32([1, 1, 0, -2]), f32([2, 0, -1, -2])))).toEqual([1 + 2 ** -23, 1 - 2 ** -24, -(2 ** -149), -2]);
    expect(data(tf.math.nextafter(f64([1, 1, 0, Number.MAX_VALUE]), f64([2, 0, 1, Infinity])))).toEqual([1 + 2 ** -52, 1 - 2 ** -53, 5e-324, Infinity]);
    expect(tf.math.nextafter(f32([1]), f32([2])).dtype).toBe('float32');
  });
});

describe("TensorFlow's edge values", () => {
  it('Bessel functions at ±inf, ±0 and NaN', () => {
    const x = f64([Infinity, -Infinity, -0, NaN]);
    expect(data(tf.math.besselI0(x))).toEqual([Infinity, Infinity, 1, NaN]);
    expect(data(tf.math.besselI1(x))).toEqual([Infinity, -Infinity, -0, NaN]);
    expect(data(tf.math.besselI0e(x))).toEqual([0, 0, 1, NaN]);
    expect(data(tf.math.besselI1e(x))).toEqual([0, -0, -0, NaN]);
    // I0 stays finite past the float64 overflow of e^x (709.8), up to about 713.98
    expect(Number.isFinite(data(tf.math.besselI0(f64([712])))[0]!)).toBe(true);
  });

  it('igamma and igammac: NaN for a <= 0, x < 0 or NaN; igamma(a, 0) = 0 for every a; x = inf', () => {
    const a = f64([0, -1, 1, NaN, 1, 2, -1, 2]);
    const x = f64([1, 1, -0.5, 1, NaN, 0, 0, Infinity]);
    expect(data(tf.math.igamma(a, x))).toEqual([NaN, NaN, NaN, NaN, NaN, 0, 0, 1]);
    expect(data(tf.math.igammac(a, x))).toEqual([NaN, NaN, NaN, NaN, NaN, 1, NaN, 0]);
  });

  it('zeta: inf at x = 1, NaN below; at integer q <= 0, inf for even x and NaN for odd; polygamma NaN for a non-integer or negative order', () => {
    expect(data(tf.math.zeta(f64([1, 0.5, 2, 3, 2.5, 2]), f64([2, 2, -3, -3, -0.5, Infinity])))).toEqual([Infinity, NaN, Infinity, NaN, NaN, 0]);
    expect(data(tf.math.polygamma(f64([1.5, -1, 1, 2]), f64([2, 2, 0, 0])))).toEqual([NaN, NaN, Infinity, NaN]);
  });

  it('erfcinv: inf at 0, -inf at 2, NaN outside [0, 2]', () => {
    expect(data(tf.math.erfcinv(f64([0, 2, 1, -0.5, 2.5, NaN])))).toEqual([Infinity, -Infinity, 0, NaN, NaN, NaN]);
  });

  it('nextafter: NaN if either is NaN, y when x == y', () => {
    expect(data(tf.math.nextafter(f64([NaN, 1, 3]), f64([1, NaN, 3])))).toEqual([NaN, NaN, 3]);
  });

  it('the ops take float tensors only', () => {
    const i = tf.constant([1, 2], 'int32');
    expect(() => tf.math.besselI0(i)).toThrow(/int32 tensors are not supported/);
    expect(() => tf.math.igamma(i, i)).toThrow(/int32 tensors are not supported/);
  });
});

describe('broadcasting', () => {
  it('the binary functions broadcast like every binary op', () => {
    const a = f64([0.5, 2, 7]).reshape([3, 1]), x = f64([0.25, 1, 4, 9]);
    const p = tf.math.igamma(a, x), q = tf.math.igammac(a, x);
    expect(p.shape).toEqual([3, 4]);
    expectClose(tf.add(p, q), new Array(12).fill(1), 1e-15, 1e-15);
    expectClose(tf.math.igamma(1, x), data(x).map((v) => -Math.expm1(-v)), 1e-15, 0);
    expect(tf.math.zeta(f64([2, 3]).reshape([2, 1]), f64([1, 2, 3])).shape).toEqual([2, 3]);
    expectClose(tf.math.polygamma(f64([1]), f64([0.5, 1])), [Math.PI ** 2 / 2, Math.PI ** 2 / 6], 1e-15, 0);
  });
});

describe("gradients: TensorFlow's rules against central differences in float64", () => {
  it('Bessel functions, including x = 0 (where I1 and I1e have slope 1/2)', () => {
    for (const name of ['besselI0', 'besselI0e', 'besselI1', 'besselI1e'] as const) {
      expectGradcheck((x) => tf.math[name](x), [{ shape: [2, 5], min: -6, max: 6 }]);
    }
    const x = f64([0, 0]);
    for (const [name, slope] of [['besselI0', 0], ['besselI1', 0.5], ['besselI1e', 0.5]] as const) {
      const tape = new tf.GradientTape();
      tape.watch(x);
      const y = tape.record(() => tf.math[name](x));
      expect(data(tape.gradient(y, x) as tf.Tensor), name).toEqual([slope, slope]);
    }
  });

  it('d/dx besselI0e = besselI1e - sign(x) besselI0e', () => {
    const x = f64([-2, 0.5, 3]);
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.math.besselI0e(x));
    const want = tf.sub(tf.math.besselI1e(x), tf.mul(tf.sign(x), tf.math.besselI0e(x)));
    expectClose(tape.gradient(y, x) as tf.Tensor, data(want), 1e-15, 0);
  });

  it('igamma and igammac in a and x (∂/∂a by forward-mode differentiation of the series and continued fraction)', () => {
    for (const f of [tf.math.igamma, tf.math.igammac]) {
      expectGradcheck((a, x) => f(a, x), [{ shape: [2, 3], min: 0.3, max: 6 }, { shape: [3], min: 0.2, max: 8 }], { rtol: 1e-6 });
    }
    // ∂P/∂a against mpmath at every point of the table
    const a = f64(R.igA), x = f64(R.igX);
    const tape = new tf.GradientTape();
    tape.watch(a);
    const y = tape.record(() => tf.math.igamma(a, x));
    expect(maxRelError(data(tape.gradient(y, a) as tf.Tensor), R.igammaDa)).toBeLessThan(5e-14);
  });

  it("igamma's second derivative in a is an error (TensorFlow has no gradient for IgammaGradA); in x it works", () => {
    const a = f64([2]), x = f64([1.5]);
    const outer = new tf.GradientTape(), inner = new tf.GradientTape();
    outer.watch([a, x]);
    inner.watch([a, x]);
    const y = inner.record(() => outer.record(() => tf.math.igamma(a, x)));
    const [da] = outer.record(() => inner.gradient(y, [a, x])) as tf.Tensor[];
    expect(() => outer.gradient(da!, a)).toThrow(/second derivative of igamma and igammac with respect to a is not implemented/);
    // d²P/dx² = d/dx (x^(a-1) e^-x / Γ(a)) = (a - 1 - x) x^(a-2) e^-x / Γ(a): for a = 2, (1 - x) e^-x
    const t1 = new tf.GradientTape(), t2 = new tf.GradientTape();
    t1.watch(x);
    t2.watch(x);
    const p = t2.record(() => t1.record(() => tf.math.igamma(a, x)));
    const dx = t2.record(() => t1.gradient(p, x) as tf.Tensor);
    expectClose(t2.gradient(dx, x) as tf.Tensor, [(1 - 1.5) * Math.exp(-1.5)], 1e-13, 0);
  });

  it('zeta in q is -x zeta(x + 1, q), none in x; polygamma in x is polygamma(n + 1, x), none in n', () => {
    expectGradcheck((q) => tf.math.zeta(f64([1.5, 2, 4]), q), [{ shape: [3], min: 0.3, max: 5 }]);
    expectGradcheck((x) => tf.math.polygamma(f64([0, 1, 2, 3]), x), [{ shape: [2, 4], min: 0.3, max: 5 }]);
    const x = f64([2, 3]), q = f64([1.5, 0.5]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([x, q]);
    const z = tape.record(() => tf.math.zeta(x, q));
    const [dx] = tape.gradient(z, [x, q]) as (tf.Tensor | null)[];
    expect(dx).toBeNull();
    const p = tape.record(() => tf.math.polygamma(x, q));
    expect((tape.gradient(p, [x, q]) as (tf.Tensor | null)[])[0]).toBeNull();
    tape.dispose();
  });

  it('erfcinv: -(√π/2) e^(y²); nextafter: 1 for x and 0 for y (TensorFlow\'s rule)', () => {
    expectGradcheck((x) => tf.math.erfcinv(x), [{ shape: [2, 3], min: 0.05, max: 1.95 }]);
    const x = f64([1, 2]), y = f64([3, 0]);
    const tape = new tf.GradientTape({ persistent: true });
    tape.watch([x, y]);
    const n = tape.record(() => tf.mul(tf.math.nextafter(x, y), f64([2, 5])));
    const [dx, dy] = tape.gradient(n, [x, y]) as tf.Tensor[];
    expect([data(dx!), data(dy!)]).toEqual([[2, 5], [0, 0]]);
    tape.dispose();
  });

  it('second derivatives of the Bessel functions, zeta and polygamma through nested tapes', () => {
    // d²/dx² I0 = I0 - I1/x; d²/dq² zeta(x, q) = x (x + 1) zeta(x + 2, q); d²/dx² polygamma(n, x) = polygamma(n + 2, x)
    const second = (f: (t: tf.Tensor) => tf.Tensor, at: number[]) => {
      const x = f64(at);
      const t1 = new tf.GradientTape(), t2 = new tf.GradientTape();
      t1.watch(x);
      t2.watch(x);
      const y = t2.record(() => t1.record(() => f(x)));
      const d = t2.record(() => t1.gradient(y, x) as tf.Tensor);
      return t2.gradient(d, x) as tf.Tensor;
    };
    const x = [0.5, 2];
    expectClose(second((t) => tf.math.besselI0(t), x), data(tf.sub(tf.math.besselI0(f64(x)), tf.div(tf.math.besselI1(f64(x)), f64(x)))), 1e-14, 0);
    expectClose(second((t) => tf.math.zeta(f64([2, 2]), t), x), data(tf.mul(6, tf.math.zeta(f64([4, 4]), f64(x)))), 1e-14, 0);
    expectClose(second((t) => tf.math.polygamma(f64([1, 1]), t), x), data(tf.math.polygamma(f64([3, 3]), f64(x))), 1e-14, 0);
  });
});

describe('betainc', () => {
  it('values against mpmath within 2e-14 relative; float32; the symmetry I_x(a, b) = 1 - I_(1-x)(b, a)', () => {
    expect(maxRelError(data(tf.math.betainc(f64(R.biA), f64(R.biB), f64(R.biX))), R.betainc)).toBeLessThan(2e-14);
    const y32 = tf.math.betainc(f32([2, 5.5]), f32([3, 7.25]), f32([0.5, 0.5]));
    expect(y32.dtype).toBe('float32');
    expect(data(y32)[0]).toBe(0.6875);
    expectClose(tf.add(tf.math.betainc(2.5, 4, f64([0.3, 0.8])), tf.math.betainc(4, 2.5, f64([0.7, 0.2]))), [1, 1], 1e-15, 0);
  });

  it("TensorFlow's edges: 0 at x = 0, 1 at x = 1, NaN for a <= 0, b <= 0, x outside [0, 1] or NaN", () => {
    const a = f64([2, 2, 0, 1, 1, 1, NaN]), b = f64([3, 3, 1, -1, 1, 1, 1]), x = f64([0, 1, 0.5, 0.5, -0.1, 1.5, 0.5]);
    expect(data(tf.math.betainc(a, b, x))).toEqual([0, 1, NaN, NaN, NaN, NaN, NaN]);
    expect(() => tf.math.betainc(tf.constant([1], 'int32'), tf.constant([1], 'int32'), tf.constant([1], 'int32'))).toThrow(/int32 tensors are not supported/);
    expect(() => tf.math.betainc(f64([1]), f32([1]), f64([0.5]))).toThrow(/cast them to one dtype/);
    expect(() => tf.math.betainc(f64([1, 2]), f64([1, 2, 3]), f64([0.5]))).toThrow(/betainc/);
  });

  it('broadcasts a, b and x together; numbers take the tensor argument\'s dtype', () => {
    const y = tf.math.betainc(f64([1, 2]).reshape([2, 1]), 3, f64([0.25, 0.5, 0.75]));
    expect([y.shape, y.dtype]).toEqual([[2, 3], 'float64']);
    // I_x(1, 3) = 1 - (1 - x)^3
    expectClose(y.slice([0, 0], [1, 3]), [0.25, 0.5, 0.75].map((v) => 1 - (1 - v) ** 3), 1e-15, 0);
  });

  it('the gradient: the beta density for x (summed over broadcasting), none for a and b', () => {
    expectGradcheck((x) => tf.math.betainc(f64([0.7, 2, 5]), f64([3.5, 1, 0.6]), x), [{ shape: [2, 3], min: 0.05, max: 0.95 }]);
    expectGradcheck((x) => tf.math.betainc(f64([0.7, 2, 5]).reshape([3, 1]), 2.5, x), [{ shape: [], min: 0.1, max: 0.9 }]);
    const a = f64([2]), b = f64([3]), x = f64([0.4]);
    const tape = new tf.GradientTape();
    tape.watch([a, b, x]);
    const y = tape.record(() => tf.math.betainc(a, b, x));
    const [da, db, dx] = tape.gradient(y, [a, b, x]) as (tf.Tensor | null)[];
    expect([da, db]).toEqual([null, null]);
    // density of Beta(2, 3) at 0.4: 12 x (1 - x)^2
    expectClose(dx!, [12 * 0.4 * 0.36], 1e-14, 0);
  });
});
