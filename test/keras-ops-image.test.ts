// tf.keras.ops.image against Keras 3.15.1 on its JAX backend: test/fixtures/keras-image.json
// (scripts/keras_image_fixtures.py) holds what keras.ops.image returned for each case (values,
// dtype, shape, or the error) and jax.grad of sum(w·y) for the float ones. Each case runs here
// eagerly (values and gradients compared with Keras', errors with Keras' messages in camelCase)
// and compiled by tf.function (bit for bit against the eager call, gradients included): this file
// is the compiled-vs-eager coverage test/function-catalog.test.ts names for keras.ops.image.
//
// Tolerances (float32, values of order 1; the fixture's values are float32, read back by
// Math.fround): the ops that copy pixels (pad, crop, patches) and the colour conversions, which
// follow JAX's float32 arithmetic step by step, equal Keras' bit for bit, and so do most nearest
// reads. The sums of a resize, a blur, Sobel or SSIM (matrix products and convolutions, whose
// summation order XLA chooses), a perspective's 8×8 solve (LAPACK's pivoting), and sin, exp and
// log1p (XLA's float32 polynomials against gradtape's kernels and JavaScript's) differ in their
// last bits, and a coordinate that moves by an ulp moves a bilinear read by about as much: all
// within 2e-6 absolute plus 2e-6 relative (the largest seen: 1.4e-6·(1 + |value|), an elastic warp
// whose coordinates add α = 20 times a blurred noise). Gradients are compared within 1e-4 relative plus
// 2e-5 absolute.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { jaxNormalFloat32 } from '../ts/jax-random';

interface InputSpec {
  shape: number[];
  phase: number;
  scale: number;
  freq: number;
  offset: number;
  dtype: 'float32' | 'int32';
}
interface Encoded {
  dtype: string;
  shape: number[];
  values: number[];
}
interface Case {
  id: string;
  op: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  result?: Encoded;
  error?: string;
  symbolic_error?: string;
  grad_args?: number[];
  gradients?: Encoded[];
}
const F = JSON.parse(readFileSync(new URL('./fixtures/keras-image.json', import.meta.url), 'utf8')) as {
  keras: string;
  jax: string;
  inputs: Record<string, InputSpec>;
  cases: Case[];
  normals: { seed: number; shape: number[]; values: number[] }[];
};
const image = tf.keras.ops.image as unknown as Record<string, (...args: unknown[]) => unknown>;
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const f32 = Math.fround;

/** Round half to even, as np.round. */
const roundHalfEven = (v: number) => {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** A named input as the fixture script made it: offset + float32(scale·sin(freq·i + phase)), in float32 (rounded for int32). */
function makeInput(spec: InputSpec): tf.Tensor {
  const n = spec.shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => f32(f32(spec.scale * Math.sin(spec.freq * i + spec.phase)) + f32(spec.offset)));
  return tf.constant(spec.dtype === 'int32' ? values.map(roundHalfEven) : values, spec.dtype).reshape(spec.shape);
}

/** The case's positional arguments (tensors made) and its options object (Keras' keyword arguments, camelCase). */
function decode(c: Case): { args: unknown[]; options: Record<string, unknown> } {
  const arg = (a: unknown): unknown => {
    if (a !== null && typeof a === 'object' && !Array.isArray(a)) {
      const o = a as { input?: string; array?: unknown; dtype?: tf.DType };
      if (o.input !== undefined) return makeInput(F.inputs[o.input]!);
      return tf.constant(o.array as number[], o.dtype);
    }
    return a;
  };
  return { args: c.args.map(arg), options: Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v])) };
}

/** Calls the case's op; `swap` replaces the float tensors at the gradient positions. */
function call(c: Case, args: unknown[], options: Record<string, unknown>): tf.Tensor {
  const op = image[camel(c.op)];
  expect(typeof op, `tf.keras.ops.image.${camel(c.op)}`).toBe('function');
  return (Object.keys(options).length > 0 ? op!(...args, options) : op!(...args)) as tf.Tensor;
}

/** Σ sum(w·y), w = 1 + (i mod 7)/10 over y's flat entries, as the fixture script. */
function weightedSum(y: tf.Tensor): tf.Tensor {
  const w = tf.constant(Array.from({ length: y.size }, (_, i) => 1 + (i % 7) / 10), y.dtype);
  return tf.reduceSum(tf.mul(tf.reshape(y, [-1]), w));
}

function expectClose(actual: tf.Tensor, expected: Encoded, label: string, rtol: number, atol: number): void {
  expect({ dtype: actual.dtype, shape: actual.shape }, label).toEqual({ dtype: expected.dtype, shape: expected.shape });
  const got = Array.from(actual.dataSync() as ArrayLike<number>);
  // The fixture writes float32 values as the shortest decimals that read back as them in float32.
  const values = expected.dtype === 'float32' ? expected.values.map(f32) : expected.values;
  let worst = -1;
  let excess = 0;
  values.forEach((want, i) => {
    const err = Math.abs(got[i]! - want) - (atol + rtol * Math.abs(want));
    if (!(err <= 0) && (worst < 0 || err > excess)) [worst, excess] = [i, err];
  });
  if (worst >= 0) expect(got[worst], `${label}: entry ${worst} (of ${got.length})`).toBe(values[worst]);
}

const bits = (t: unknown): unknown =>
  t instanceof tf.Tensor ? { dtype: t.dtype, shape: t.shape, data: Array.from(t.dataSync() as ArrayLike<number>) } : Array.isArray(t) ? t.map(bits) : t;

/** Ops whose values equal Keras' bit for bit (see the top of the file); the others within 2e-6. */
const EXACT = new Set(['rgb_to_grayscale', 'rgb_to_hsv', 'hsv_to_rgb', 'extract_patches', 'extract_patches_3d', 'pad_images', 'crop_images']);

/** Gradients (by index) left out where the function has a kink at the fixture's point, and
 * gradtape's one-sided choice (TensorFlow's: max gives a tie to its first operand, relu' (0) = 0)
 * differs from JAX's (a tie of max splits the gradient in halves). */
const KINKS: Record<string, { skip: number[]; why: string }> = {
  'rgb_to_hsv/5': { skip: [0], why: 'pixels with two or three equal channels: max and min at a tie' },
  'scale_and_translate/10': { skip: [1, 2], why: 'Keras\' doc example samples the input\'s pixel centres, where the triangle kernel max(0, 1 − |x|) has its kinks' },
};

// Keras' message of a bad call, as gradtape words it: argument names in camelCase, and the
// members of a Python set (printed in hash order) sorted.
const ARGUMENTS = ['data_format', 'fill_mode', 'fill_value', 'pad_to_aspect_ratio', 'crop_to_aspect_ratio', 'start_points', 'end_points', 'top_padding', 'bottom_padding',
  'left_padding', 'right_padding', 'top_cropping', 'bottom_cropping', 'left_cropping', 'right_cropping', 'target_height', 'target_width'];
const normalised = (message: string) =>
  ARGUMENTS.reduce((m, a) => m.replaceAll(a, camel(a)), message.replace(/^\w+Error: /, ''))
    .replace(/\{([^}]*)\}/g, (_, items: string) => `{${items.split(', ').sort().join(', ')}}`)
    .replace(/="([^"]*)"/g, '=$1'); // gradtape quotes a string it received
/** Cases whose Keras message is the symbolic check's (the eager one is JAX's, from deeper down). */
const SYMBOLIC_MESSAGE = new Set(['rgb_to_hsv/7', 'hsv_to_rgb/7', 'sobel_edges/3']);
/** Cases Keras refuses with an error of JAX's own: gradtape refuses them with its own message. */
const OWN_MESSAGE: Record<string, RegExp> = {
  'crop_images/10': /the window \(top 1, left 1, height 7, width 3\) reaches past the images of height 5 and width 6/,
  'gaussian_blur/7': /images must be float32 or float64 .* got int32; cast them first/,
  'elastic_transform/7': /images must be float32 or float64 .* got int32; cast them first/,
  'scale_and_translate/16': /outputShape must have length equal to the number of dimensions of images; \(2, 3, 4\) vs \(2, 5, 6, 3\)/,
};

describe(`keras.ops.image against Keras ${F.keras} (JAX ${F.jax})`, () => {
  it('the fixture was written by Keras 3.15.1 and covers every op of the namespace', () => {
    expect(F.keras).toBe('3.15.1');
    const covered = new Set(F.cases.map((c) => camel(c.op)));
    expect(Object.keys(tf.keras.ops.image).filter((name) => !covered.has(name))).toEqual([]);
  });

  for (const c of F.cases) {
    it(`${c.id}${c.gradients ? ' (with gradients)' : ''}`, () => {
      const { args, options } = decode(c);
      if (c.error !== undefined) {
        let message = 'no error';
        try {
          call(c, args, options);
        } catch (e) {
          message = (e as Error).message;
        }
        expect(message.startsWith(`${camel(c.op)}: `), message).toBe(true);
        if (c.id in OWN_MESSAGE) expect(message).toMatch(OWN_MESSAGE[c.id]!);
        else expect(normalised(message)).toContain(normalised(SYMBOLIC_MESSAGE.has(c.id) ? c.symbolic_error! : c.error));
        return;
      }
      const tolerance = EXACT.has(c.op) ? 0 : 2e-6;
      expectClose(call(c, args, options), c.result!, `${c.id} value`, tolerance, tolerance);
      const positions = c.grad_args ?? [];
      const grad = (...ts: tf.Tensor[]) => {
        const swapped = args.map((a, i) => (positions.includes(i) ? ts[positions.indexOf(i)] : a));
        const tape = new tf.GradientTape();
        for (const t of ts) tape.watch(t);
        const y = tape.record(() => call(c, swapped, options));
        const loss = tape.record(() => weightedSum(y));
        return [y, tape.gradient(loss, ts)] as const;
      };
      const sources = positions.map((i) => args[i] as tf.Tensor);
      if (c.gradients) {
        const [, grads] = grad(...sources);
        c.gradients.forEach((g, k) => {
          if (KINKS[c.id]?.skip.includes(k)) return;
          expectClose((grads as (tf.Tensor | null)[])[k] ?? tf.zerosLike(sources[k]!), g, `${c.id} gradient ${k}`, 1e-4, 2e-5);
        });
      }
      // tf.function: traced once, replayed, equal to the eager call bit for bit.
      const tensors = args.filter((a): a is tf.Tensor => a instanceof tf.Tensor);
      const body = c.gradients
        ? (...ts: tf.Tensor[]) => grad(...ts)
        : (...ts: tf.Tensor[]) => call(c, args.map((a) => (a instanceof tf.Tensor ? ts[tensors.indexOf(a)] : a)), options);
      const inputs = c.gradients ? sources : tensors;
      const compiled = tf.function(body);
      const eager = bits(body(...inputs));
      for (let round = 0; round < 2; round++) expect(bits(compiled(...inputs)), `${c.id} compiled, round ${round + 1}`).toEqual(eager);
      expect(compiled.experimentalGetTracingCount()).toBe(1);
    });
  }
});

describe('keras.ops.image: JAX\'s random stream and what the fixture cannot show', () => {
  it('draws jax.random.normal\'s float32 values from the key [seed, 0] (Threefry-2x32, XLA\'s erfinv)', () => {
    for (const { seed, shape, values } of F.normals) {
      const got = Array.from(jaxNormalFloat32([seed, 0], shape.reduce((a, b) => a * b, 1)));
      // erfinv's log1p is JavaScript's, in double: within 4 float32 ulps of XLA's.
      got.forEach((v, i) => expect(Math.abs(v - values[i]!), `seed ${seed}, draw ${i}`).toBeLessThanOrEqual(4 * 2 ** -23 * Math.max(1, Math.abs(values[i]!))));
    }
  });

  it('elasticTransform with the same seed repeats itself; another seed, or none, moves the pixels elsewhere', () => {
    const x = tf.reshape(tf.range(0, 2 * 8 * 9 * 3, 1, 'float32'), [2, 8, 9, 3]).div(432);
    const a = tf.keras.ops.image.elasticTransform(x, { seed: 3, alpha: 4, sigma: 1.5 });
    const b = tf.keras.ops.image.elasticTransform(x, { seed: 3, alpha: 4, sigma: 1.5 });
    const other = tf.keras.ops.image.elasticTransform(x, { seed: 4, alpha: 4, sigma: 1.5 });
    const unseeded = tf.keras.ops.image.elasticTransform(x, { alpha: 4, sigma: 1.5 });
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    expect(Array.from(a.dataSync())).not.toEqual(Array.from(other.dataSync()));
    expect(unseeded.shape).toEqual(x.shape);
    // alpha 0: no displacement, the images themselves.
    expect(Array.from(tf.keras.ops.image.elasticTransform(x, { seed: 3, alpha: 0 }).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  it('gaussianBlur\'s default data format is channels_last (Keras\' JAX backend reads a missing one as channels_first)', () => {
    const x = tf.reshape(tf.range(0, 2 * 5 * 6 * 3, 1, 'float32'), [2, 5, 6, 3]).div(180);
    const byDefault = tf.keras.ops.image.gaussianBlur(x);
    const last = tf.keras.ops.image.gaussianBlur(x, { dataFormat: 'channels_last' });
    expect(Array.from(byDefault.dataSync())).toEqual(Array.from(last.dataSync()));
  });

  it('float64 images give float64 results near the float32 ones', () => {
    const x = tf.reshape(tf.range(0, 2 * 5 * 6 * 3, 1, 'float32'), [2, 5, 6, 3]).div(180);
    const x64 = tf.cast(x, 'float64');
    const I = tf.keras.ops.image;
    const pairs: [tf.Tensor, tf.Tensor][] = [
      [I.resize(x, [3, 8], { interpolation: 'lanczos3' }), I.resize(x64, [3, 8], { interpolation: 'lanczos3' })],
      [I.affineTransform(x, [0.9, 0.2, -0.3, -0.1, 1.2, 0.4, 0, 0]), I.affineTransform(x64, [0.9, 0.2, -0.3, -0.1, 1.2, 0.4, 0, 0])],
      [I.rgbToHsv(x), I.rgbToHsv(x64)],
      [I.gaussianBlur(x), I.gaussianBlur(x64)],
      [I.elasticTransform(x, { seed: 2, alpha: 3, sigma: 1 }), I.elasticTransform(x64, { seed: 2, alpha: 3, sigma: 1 })],
      [I.scaleAndTranslate(x, [2, 4, 4, 3], [0.7, 0.6], [0.1, 0.2], [1, 2], 'cubic'), I.scaleAndTranslate(x64, [2, 4, 4, 3], [0.7, 0.6], [0.1, 0.2], [1, 2], 'cubic')],
    ];
    for (const [single, double] of pairs) {
      expect(double.dtype).toBe('float64');
      const s = single.dataSync();
      double.dataSync().forEach((v, i) => expect(Math.abs(v - s[i]!)).toBeLessThan(2e-5));
    }
  });

  it('cropImages refuses a window past the images, which Keras\' JAX backend moves back inside', () => {
    const x = tf.zeros([5, 6, 3]);
    expect(() => tf.keras.ops.image.cropImages(x, { topCropping: 4, leftCropping: 0, targetHeight: 3, targetWidth: 6 })).toThrow(/reaches past the images of height 5/);
  });

  it('one transform, or one set of points, serves a whole batch (Keras\' JAX backend wants one per image)', () => {
    const I = tf.keras.ops.image;
    const x = tf.reshape(tf.range(0, 2 * 5 * 6 * 3, 1, 'float32'), [2, 5, 6, 3]).div(180);
    const t = [1, 0.2, -0.5, 0.1, 1, 0.3, 0, 0];
    const shared = I.affineTransform(x, t);
    const each = I.affineTransform(x, [t, t]);
    expect(Array.from(shared.dataSync())).toEqual(Array.from(each.dataSync()));
    const start = [[0, 0], [0, 5], [6, 0], [6, 5]];
    const end = [[0.3, 0.1], [0, 4.8], [5.7, 0.2], [6.1, 5.2]];
    expect(Array.from(I.perspectiveTransform(x, start, end).dataSync())).toEqual(Array.from(I.perspectiveTransform(x, [start, start], [end, end]).dataSync()));
    expect(() => I.affineTransform(x, [t, t, t])).toThrow(/transform must be \[8\] or \[n, 8\] with n = 1 or the number of images \(2\)/);
  });

  it('options: an unknown key is an error naming it and listing the options', () => {
    const x = tf.zeros([4, 4, 3]);
    expect(() => tf.keras.ops.image.resize(x, [2, 2], { interpolaton: 'nearest' } as never)).toThrow(/unknown option 'interpolaton'; the options are interpolation, antialias/);
  });
});
