// tf.signal against TensorFlow 2.21 (test/fixtures/signal.json, written by
// scripts/signal_fixtures.py): windows, frame, overlapAndAdd, fftshift/ifftshift, dct/idct,
// linearToMelWeightMatrix, mfccsFromLogMelSpectrograms, mdct and inverseMdct (and the windows of
// inverseStftWindowFn), with the gradients of sum(w·y)
// (w = 1 + (i mod 7)/10) for the ones that take a tensor, each case eager and compiled by
// tf.function (bit for bit against the eager call, gradient included); TensorFlow's argument
// checks; and the complex functions, which throw by name.
//
// Tolerances, relative to the case's largest |value|: frame, overlapAndAdd and the shifts move or
// add the same numbers as TensorFlow and are compared exactly. The DCTs are one matmul with the
// cosine basis where TensorFlow runs an FFT: the results agree to 1e-6 (float32) and 2e-15
// (float64) of the largest entry (the fixture's worst cases are 2.7e-7 and 5.5e-16). The windows
// and the mel matrix are TensorFlow's steps in the dtype's arithmetic; their cos, log and Bessel
// kernels round differently in the last place (float32 1e-6, float64 2e-14 of the largest entry;
// a mel weight near a filter's zero crossing amplifies a one-ulp difference of ln).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

type Nested = number | string | Nested[];
type Dt = 'float32' | 'float64';
const F = JSON.parse(readFileSync(new URL('./fixtures/signal.json', import.meta.url), 'utf8'));
const num = (v: Nested): number => (typeof v === 'string' ? Number(v) : (v as number));
const flat = (v: Nested): number[] => (Array.isArray(v) ? v.flatMap(flat) : [num(v)]);
const data = (t: tf.Tensor) => Array.from(t.dataSync() as ArrayLike<number>);
const bits = (r: unknown): unknown => (r instanceof tf.Tensor ? { dtype: r.dtype, shape: r.shape, data: data(r) } : Array.isArray(r) ? r.map(bits) : r);

/** Entry by entry within rtol · max|expected| (exactly when rtol is 0). */
function expectClose(actual: number[], expected: number[], rtol: number, what: string) {
  expect(actual.length, what).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  actual.forEach((v, i) => {
    const e = expected[i]!;
    if (rtol === 0) expect(v, `${what}[${i}]`).toBe(e);
    else expect(Math.abs(v - e), `${what}[${i}]: ${v} vs ${e}`).toBeLessThanOrEqual(rtol * scale);
  });
}

interface TensorCase { name: string; fn?: string; args: Record<string, unknown>; x: Nested; shape: number[]; dtype: Dt; y: Nested; yShape: number[]; gradient: Nested }

/** f(x) and the gradient of sum(w·f(x)), as the fixture script computes them. */
const withGradient = (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor): [tf.Tensor, tf.Tensor] => {
  const tape = new tf.GradientTape();
  tape.watch(x);
  const y = tape.record(() => f(x));
  const w = tf.constant(Array.from({ length: y.size }, (_, i) => 1 + (i % 7) / 10), y.dtype);
  const loss = tape.record(() => tf.reduceSum(tf.mul(tf.reshape(y, [-1]), w)));
  return [y, tape.gradient(loss, x) ?? tf.zerosLike(x)];
};

/** Runs the fixture's cases of one function: values and gradients against TensorFlow's, then the
 * compiled function against the eager one, bit for bit. */
function replay(section: string, call: (x: tf.Tensor, c: TensorCase) => tf.Tensor, tolerance: (c: TensorCase) => number) {
  for (const c of F[section].cases as TensorCase[]) {
    it(`${c.name} ${c.dtype}`, () => {
      const x = tf.reshape(tf.constant(flat(c.x), c.dtype), c.shape);
      const fn = withGradient((t) => call(t, c));
      const [y, g] = fn(x);
      expect(y.dtype).toBe(c.dtype);
      expect(y.shape).toEqual(c.yShape);
      expectClose(data(y), flat(c.y), tolerance(c), 'value');
      expectClose(data(g), flat(c.gradient), tolerance(c), 'gradient');
      const compiled = tf.function(fn);
      for (let round = 0; round < 2; round++) expect(bits(compiled(x)), `compiled, call ${round + 1}`).toEqual(bits([y, g]));
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    });
  }
}

const dctTolerance = (c: TensorCase) => (c.dtype === 'float32' ? 1e-6 : 2e-15);

describe('tf.signal against TensorFlow 2.21', () => {
  it('the fixture was written by TensorFlow 2.21', () => {
    expect(F.tensorflow).toMatch(/^2\.21\./);
  });

  describe('windows', () => {
    const CAMEL: Record<string, string> = {
      hann_window: 'hannWindow', hamming_window: 'hammingWindow', kaiser_window: 'kaiserWindow',
      kaiser_bessel_derived_window: 'kaiserBesselDerivedWindow', vorbis_window: 'vorbisWindow',
    };
    interface WindowCase { fn: string; length: number; args: { periodic?: boolean; beta?: number }; dtype: Dt; y?: Nested; error?: string }
    for (const c of F.windows.cases as WindowCase[]) {
      it(`${c.fn}(${c.length}, ${JSON.stringify(c.args)}) ${c.dtype}`, () => {
        const fn = (tf.signal as unknown as Record<string, (...a: unknown[]) => tf.Tensor>)[CAMEL[c.fn]!]!;
        const args = c.fn.startsWith('kaiser') ? [c.length, c.args.beta ?? 12, c.dtype]
          : c.fn === 'vorbis_window' ? [c.length, c.dtype] : [c.length, c.args.periodic, c.dtype];
        if (c.error) {
          expect(c.error).toMatch(/^InvalidArgumentError: .*Requires start <= limit when delta > 0/);
          expect(() => fn(...args)).toThrow(/Requires start <= limit when delta > 0/);
          expect(() => fn(...args)).toThrow(tf.errors.InvalidArgumentError);
          return;
        }
        const y = fn(...args);
        expect(y.dtype).toBe(c.dtype);
        expectClose(data(y), flat(c.y!), c.dtype === 'float32' ? 1e-6 : 2e-14, c.fn);
      });
    }

    it('take a window length as an int32 scalar tensor too, default to float32, and take (length, dtype) as window functions are called', () => {
      expect(data(tf.signal.hannWindow(tf.constant(4, 'int32')))).toEqual(data(tf.signal.hannWindow(4)));
      // A length that is a compiled function's argument sets the result's shape: the function runs as written at every call.
      const compiled = tf.function((n: tf.Tensor) => tf.signal.kaiserWindow(n, 5, 'float64'));
      for (const n of [3, 6]) expect(bits(compiled(tf.constant(n, 'int32')))).toEqual(bits(tf.signal.kaiserWindow(n, 5, 'float64')));
      expect(tf.signal.vorbisWindow(3).dtype).toBe('float32');
      expect(bits(tf.signal.hannWindow(6, 'float64'))).toEqual(bits(tf.signal.hannWindow(6, true, 'float64')));
      expect(bits(tf.signal.hammingWindow(6, 'float64'))).toEqual(bits(tf.signal.hammingWindow(6, true, 'float64')));
      expect(bits(tf.signal.kaiserWindow(6, 'float64'))).toEqual(bits(tf.signal.kaiserWindow(6, 12, 'float64')));
      expect(bits(tf.signal.kaiserBesselDerivedWindow(6, 'float64'))).toEqual(bits(tf.signal.kaiserBesselDerivedWindow(6, 12, 'float64')));
    });

    it('give TensorFlow\'s errors', () => {
      const E = F.windows.errors as Record<string, string>;
      expect(E['hann int32']).toMatch(/dtype must be a floating point type/);
      expect(() => tf.signal.hannWindow(4, true, 'int32')).toThrow(/hannWindow: dtype must be a floating point type/);
      expect(() => tf.signal.kaiserWindow(4, 12, 'int32')).toThrow(/kaiserWindow: dtype must be a floating point type/);
      expect(() => tf.signal.vorbisWindow(4, 'int32')).toThrow(/vorbisWindow: dtype must be a floating point type/);
      expect(E['hann -1']).toMatch(/Requires start <= limit when delta > 0: 0\/-1/);
      expect(() => tf.signal.hannWindow(-1)).toThrow(/Requires start <= limit when delta > 0/);
      expect(() => tf.signal.kaiserWindow(-1)).toThrow(/Requires start <= limit when delta > 0/);
      expect(() => tf.signal.vorbisWindow(-1)).toThrow(/Requires start <= limit when delta > 0/);
      expect(E['hann 2.5']).toMatch(/Cannot convert 2.5 to EagerTensor of dtype int32/);
      expect(() => tf.signal.hannWindow(2.5)).toThrow(/windowLength must be an integer/);
      expect(E['hann [3]']).toMatch(/must have rank 0/);
      expect(() => tf.signal.hannWindow([3] as unknown as number)).toThrow(/windowLength must be an integer/);
      expect(() => tf.signal.hannWindow(3, 1 as unknown as boolean)).toThrow(/periodic must be true or false/);
      expect(() => tf.signal.hannWindow(3, 'yes' as never)).toThrow(/unknown dtype/);
    });
  });

  describe('frame', () => {
    replay('frame', (x, c) => {
      const a = c.args as { frame_length: number; frame_step: number; pad_end?: boolean; pad_value?: number; axis?: number };
      return tf.signal.frame(x, a.frame_length, a.frame_step, a.pad_end ?? false, a.pad_value ?? 0, a.axis ?? -1);
    }, () => 0);

    it('takes its keyword arguments as an options object too, and int32 signals', () => {
      const x = tf.reshape(tf.range(0, 18, 1, 'float64'), [2, 9]);
      expect(data(tf.signal.frame(x, 4, 3, { padEnd: true, padValue: -1, axis: 1 }))).toEqual(data(tf.signal.frame(x, 4, 3, true, -1, 1)));
      const i = tf.signal.frame(tf.constant([1, 2, 3, 4, 5], 'int32'), 2, 2, true, 9);
      expect(i.dtype).toBe('int32');
      expect(i.arraySync()).toEqual([[1, 2], [3, 4], [5, 9]]);
    });

    it('gives TensorFlow\'s errors', () => {
      const E = F.frame.errors as Record<string, string>;
      expect(E['scalar signal']).toMatch(/must have rank at least 1/);
      expect(() => tf.signal.frame(tf.constant(1), 1, 1)).toThrow(/frame: signal must have rank at least 1/);
      expect(E['frame_step 0']).toMatch(/Integer division by zero/);
      expect(() => tf.signal.frame(tf.zeros([6]), 2, 0)).toThrow(/frameStep must be >= 1/);
      expect(E['axis 1 of rank 1']).toMatch(/IndexError/);
      expect(() => tf.signal.frame(tf.zeros([6]), 2, 1, false, 0, 1)).toThrow(/frame: .*axis/);
      expect(() => tf.signal.frame(tf.zeros([6]), -1, 1)).toThrow(/frameLength must be >= 0/);
      expect(() => tf.signal.frame(tf.zeros([6]), 2, 1, { pading: true } as never)).toThrow(/unknown option 'pading'/);
    });
  });

  describe('overlapAndAdd', () => {
    replay('overlapAndAdd', (x, c) => tf.signal.overlapAndAdd(x, c.args.frame_step as number), () => 0);

    it('inverts frame where the frames do not overlap, and adds int32 frames', () => {
      const x = tf.range(0, 12, 1, 'float64');
      expect(data(tf.signal.overlapAndAdd(tf.signal.frame(x, 4, 4), 4))).toEqual(data(x));
      expect(tf.signal.overlapAndAdd(tf.constant([[1, 2, 3], [4, 5, 6]], 'int32'), 1).arraySync()).toEqual([1, 6, 8, 6]);
    });

    it('gives TensorFlow\'s errors', () => {
      const E = F.overlapAndAdd.errors as Record<string, string>;
      expect(E['rank 1']).toMatch(/must have rank at least 2/);
      expect(() => tf.signal.overlapAndAdd(tf.zeros([4]), 1)).toThrow(/overlapAndAdd: signal must have rank at least 2/);
      expect(E['float step']).toMatch(/frame_step must be an integer/);
      expect(() => tf.signal.overlapAndAdd(tf.zeros([2, 4]), 1.5)).toThrow(/frameStep must be an integer/);
      expect(() => tf.signal.overlapAndAdd(tf.zeros([2, 4]), 0)).toThrow(/frameStep must be >= 1/);
    });
  });

  describe('fftshift and ifftshift', () => {
    replay('shifts', (x, c) => (c.fn === 'fftshift' ? tf.signal.fftshift : tf.signal.ifftshift)(x, c.args.axes as number[] | null), () => 0);

    it('undo each other and take int32 tensors', () => {
      const x = tf.reshape(tf.range(0, 15, 1, 'int32'), [3, 5]);
      expect(tf.signal.ifftshift(tf.signal.fftshift(x)).arraySync()).toEqual(x.arraySync());
      expect(() => tf.signal.fftshift(x, 2)).toThrow(/fftshift: .*axis/);
      expect(() => tf.signal.fftshift(x, 'all' as never)).toThrow(/axes must be null, an integer or a list of integers/);
    });
  });

  describe('dct and idct', () => {
    replay('dct', (x, c) => {
      const a = c.args as { type: 1 | 2 | 3 | 4; n: number | null; norm: 'ortho' | null };
      return (c.fn === 'dct' ? tf.signal.dct : tf.signal.idct)(x, a.type, a.n, -1, a.norm);
    }, dctTolerance);

    it('take their keyword arguments as an options object too, and idct inverts an orthonormal dct', () => {
      const x = tf.reshape(tf.range(0, 12, 1, 'float64'), [2, 6]);
      for (const type of [2, 3, 4] as const) {
        expect(data(tf.signal.dct(x, { type, norm: 'ortho' }))).toEqual(data(tf.signal.dct(x, type, null, -1, 'ortho')));
        expectClose(data(tf.signal.idct(tf.signal.dct(x, { type, norm: 'ortho' }), { type, norm: 'ortho' })), data(x), 1e-15, `type ${type}`);
      }
    });

    it('give TensorFlow\'s errors', () => {
      const E = F.dct.errors as Record<string, string>;
      const x = tf.zeros([4]);
      expect(E['axis 0']).toMatch(/axis must be -1/);
      expect(() => tf.signal.dct(x, 2, null, 0)).toThrow(/dct: axis must be -1/);
      expect(E['n 0']).toMatch(/n should be a positive integer or None/);
      expect(() => tf.signal.dct(x, 2, 0)).toThrow(/dct: n should be a positive integer or null/);
      expect(E['type 5']).toMatch(/Types I, II, III and IV \(I\)DCT are supported/);
      expect(() => tf.signal.dct(x, 5 as never)).toThrow(/Types I, II, III and IV \(I\)DCT are supported/);
      expect(E['type 1 ortho']).toMatch(/Normalization is not supported for the Type-I DCT/);
      expect(() => tf.signal.dct(x, 1, null, -1, 'ortho')).toThrow(/Normalization is not supported for the Type-I DCT/);
      expect(() => tf.signal.idct(x, { type: 1, norm: 'ortho' })).toThrow(/idct: Normalization is not supported for the Type-I DCT/);
      expect(E['type 1 length 1']).toMatch(/Type-I DCT requires the dimension to be greater than one/);
      expect(E['type 1 length 1 n 3']).toBe(E['type 1 length 1']);
      expect(() => tf.signal.dct(tf.zeros([1]), 1, 3)).toThrow(/Type-I DCT requires the dimension to be greater than one/);
      expect(E['norm bad']).toMatch(/Unknown normalization/);
      expect(() => tf.signal.dct(x, 2, null, -1, 'forward' as never)).toThrow(/Unknown normalization. Expected null or 'ortho'/);
      expect(E['int32']).toMatch(/Cannot convert 0.0 to EagerTensor of dtype int32/);
      expect(() => tf.signal.dct(tf.zeros([4], 'int32'))).toThrow(/dct: input must be a float32 or float64 tensor/);
      expect(() => tf.signal.dct(x, { tipe: 2 } as never)).toThrow(/unknown option 'tipe'/);
    });
  });

  describe('linearToMelWeightMatrix', () => {
    interface MelCase { args: Record<string, number>; dtype: Dt; shape: number[]; y: Nested }
    for (const c of F.mel.cases as MelCase[]) {
      it(`${JSON.stringify(c.args)} ${c.dtype}`, () => {
        const a = c.args;
        const options = Object.fromEntries(Object.entries({
          numMelBins: a.num_mel_bins, numSpectrogramBins: a.num_spectrogram_bins, sampleRate: a.sample_rate,
          lowerEdgeHertz: a.lower_edge_hertz, upperEdgeHertz: a.upper_edge_hertz, dtype: c.dtype,
        }).filter(([, v]) => v !== undefined)) as tf.LinearToMelWeightMatrixOptions;
        const m = tf.signal.linearToMelWeightMatrix(options);
        expect(m.dtype).toBe(c.dtype);
        expect(m.shape).toEqual(c.shape);
        const expected = flat(c.y), actual = data(m);
        // Within 1e-5 (float32) or 1e-13 (float64) of 1, the largest weight; and over 95% of the entries bit for bit (TensorFlow's ln rounds differently in the last place now and then).
        expectClose(actual, expected, c.dtype === 'float32' ? 1e-5 : 1e-13, 'weights');
        expect(actual.filter((v, i) => v === expected[i]).length / expected.length).toBeGreaterThan(0.95);
        const positional = tf.signal.linearToMelWeightMatrix(options.numMelBins ?? 20, options.numSpectrogramBins ?? 129, options.sampleRate ?? 8000,
          options.lowerEdgeHertz ?? 125, options.upperEdgeHertz ?? 3800, c.dtype);
        expect(data(positional)).toEqual(actual);
      });
    }

    it('gives TensorFlow\'s errors', () => {
      const E = F.mel.errors as Record<string, string>;
      const text = (name: string) => E[name]!.replace(/^ValueError: /, '');
      const mel = tf.signal.linearToMelWeightMatrix;
      expect(() => mel(0)).toThrow(text('num_mel_bins 0'));
      expect(() => mel({ lowerEdgeHertz: -1 })).toThrow('lower_edge_hertz must be non-negative. Got: -1');
      expect(() => mel({ lowerEdgeHertz: 500, upperEdgeHertz: 400 })).toThrow(text('lower >= upper'));
      expect(() => mel({ sampleRate: 0 })).toThrow(text('sample_rate 0'));
      expect(() => mel({ upperEdgeHertz: 4500 })).toThrow('upper_edge_hertz must not be larger than the Nyquist frequency (sample_rate / 2). Got 4500 for sample_rate: 8000');
      expect(() => mel({ dtype: 'int32' })).toThrow(/dtype must be a floating point type/);
      expect(E['num_spectrogram_bins 0']).toBeNull();
      expect(mel({ numSpectrogramBins: 0 }).shape).toEqual([1, 20]);
      expect(() => mel({ numSpectrogramBins: -2 })).toThrow(/numSpectrogramBins must be >= 0/);
      expect(() => mel({ numMelBands: 4 } as never)).toThrow(/unknown option 'numMelBands'/);
    });
  });

  describe('mfccsFromLogMelSpectrograms', () => {
    replay('mfccs', (x) => tf.signal.mfccsFromLogMelSpectrograms(x), dctTolerance);

    it('gives TensorFlow\'s errors', () => {
      expect(F.mfccs.errors['zero bins']).toMatch(/num_mel_bins must be positive/);
      expect(() => tf.signal.mfccsFromLogMelSpectrograms(tf.zeros([3, 0]))).toThrow(/num_mel_bins must be positive/);
      expect(() => tf.signal.mfccsFromLogMelSpectrograms(tf.zeros([3], 'int32'))).toThrow(/must be a float32 or float64 tensor/);
    });
  });
});

describe('mdct, inverseMdct and inverseStftWindowFn', () => {
  const WINDOWS: Record<string, tf.WindowFn | null> = { vorbis: tf.signal.vorbisWindow, hann: tf.signal.hannWindow, kaiser: tf.signal.kaiserWindow };
  const windowOf = (name: string | null) => (name === null ? null : WINDOWS[name]!);
  replay('mdct', (x, c) => {
    const a = c.args as { frame_length?: number; window: string | null; pad_end?: boolean; norm: 'ortho' | null };
    return c.fn === 'mdct'
      ? tf.signal.mdct(x, a.frame_length!, windowOf(a.window), a.pad_end, a.norm)
      : tf.signal.inverseMdct(x, { windowFn: windowOf(a.window), norm: a.norm });
  }, dctTolerance);

  interface InverseWindowCase { frame_step: number; frame_length: number; window: string; dtype: Dt; y: Nested }
  for (const c of F.mdct.inverseStftWindows as InverseWindowCase[]) {
    it(`inverseStftWindowFn(${c.frame_step}, ${c.window})(${c.frame_length}, ${c.dtype})`, () => {
      const y = tf.signal.inverseStftWindowFn(c.frame_step, windowOf(c.window)!)(c.frame_length, c.dtype);
      expect(y.dtype).toBe(c.dtype);
      expectClose(data(y), flat(c.y), c.dtype === 'float32' ? 1e-6 : 2e-14, 'window');
    });
  }

  it('inverseMdct(mdct(x)) gives x back away from the first and last half frames', () => {
    const x = tf.reshape(tf.range(0, 24, 1, 'float64').sin(), [2, 12]);
    for (const norm of [null, 'ortho'] as const) {
      const back = tf.signal.inverseMdct(tf.signal.mdct(x, 4, { norm }), { norm });
      expectClose(data(tf.slice(back, [0, 2], [2, 8])), data(tf.slice(x, [0, 2], [2, 8])), 1e-14, `norm ${norm}`);
    }
  });

  it('give TensorFlow\'s errors', () => {
    const E = F.mdct.errors as Record<string, string>;
    expect(E['mdct length 6']).toMatch(/The frame length must be a multiple of 4/);
    expect(() => tf.signal.mdct(tf.zeros([12]), 6)).toThrow(/mdct: The frame length must be a multiple of 4/);
    expect(E['mdct scalar']).toMatch(/must have rank at least 1/);
    expect(() => tf.signal.mdct(tf.constant(1), 4)).toThrow(/mdct: signals must have rank at least 1/);
    expect(E['inverse_mdct rank 1']).toMatch(/must have rank at least 2/);
    expect(() => tf.signal.inverseMdct(tf.zeros([4]))).toThrow(/inverseMdct: mdcts must have rank at least 2/);
    expect(() => tf.signal.inverseMdct(tf.zeros([2, 3]))).toThrow(/must be even/);
    expect(() => tf.signal.mdct(tf.zeros([8]), 4, { windowFn: (n: number) => tf.ones([n + 1]) })).toThrow(/must return a window of shape \[4\]/);
    expect(() => tf.signal.mdct(tf.zeros([8]), 4, { pad: true } as never)).toThrow(/unknown option 'pad'/);
    expect(() => tf.signal.inverseMdct(tf.zeros([2, 4]), { nrom: 'ortho' } as never)).toThrow(/unknown option 'nrom'/);
  });
});

describe('tf.signal\'s complex functions', () => {
  const COMPLEX = ['fft', 'ifft', 'fft2d', 'ifft2d', 'fft3d', 'ifft3d', 'fftnd', 'ifftnd', 'rfft', 'rfft2d', 'rfft3d', 'rfftnd',
    'irfft', 'irfft2d', 'irfft3d', 'irfftnd', 'stft', 'inverseStft'];
  it.each(COMPLEX)('tf.signal.%s exists and throws, saying gradtape has no complex dtypes', (name) => {
    const fn = (tf.signal as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    expect(typeof fn).toBe('function');
    expect(() => fn(tf.zeros([8]), 8)).toThrow(new RegExp(`tf\\.signal\\.${name} .*is not supported: .*gradtape has no complex dtypes`));
  });
});
