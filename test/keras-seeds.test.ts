// Keras 3.15.1's seeded randomness outside keras.random, from test/fixtures/keras-seeds.json
// (scripts/keras_seeds_fixtures.py): seeded initializers give Keras' values at every call, a
// SeedGenerator seed new values at each; keras.utils.setRandomSeed seeds Python's random as
// Keras does, so unseeded initializers and a Sequential model built after it start from Keras'
// weights; seeded Dropout and noise layers draw Keras' masks and noise, call after call.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

interface Seeded { name: string; config: Record<string, unknown>; seed: number; shape: number[]; dtype: 'float32' | 'float64'; first: number[]; again_equal: boolean }
const F = JSON.parse(readFileSync(new URL('./fixtures/keras-seeds.json', import.meta.url), 'utf8')) as {
  keras: string; x: number[]; x_shape: number[]; seeded: Seeded[];
  generator: { name: string; config: Record<string, unknown>; seed: number; shape: number[]; draws: number[][] }[];
  default_seeds: { seed: number; draws: number[] }[];
  after_seed: { seed: number; first: number[]; again_equal: boolean; he_normal_made_first: number[] };
  model_weights: { seed: number; weights: number[][] };
  layers: { name: string; rate: number; extra: { noise_shape?: (number | null)[] }; seed: number; outputs: number[][] }[];
};

const camel = (config: Record<string, unknown>) => Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));
type InitializerClass = new (options?: object) => (shape: number[], dtype?: 'float32' | 'float64') => tf.Tensor;
const initializer = (name: string, options: object) => new ((tf.keras.initializers as unknown as Record<string, InitializerClass>)[name]!)(options);

/** The draws that Box–Muller (normal draws) or a QR (Orthogonal) make may part from TensorFlow's
 * in the last bits (JavaScript's and the C library's sin, cos and log): a few ulps of the dtype. */
function expectClose(got: ArrayLike<number>, want: number[], dtype: string, exact: boolean, what: string): void {
  expect(got.length, what).toBe(want.length);
  const eps = dtype === 'float32' ? 2 ** -23 : 2 ** -52;
  for (let i = 0; i < want.length; i++) {
    if (exact) expect(got[i], `${what} [${i}]`).toBe(want[i]);
    else expect(Math.abs(got[i]! - want[i]!), `${what} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(8 * eps * Math.max(1, Math.abs(want[i]!)));
  }
}
const isUniform = (name: string, config: Record<string, unknown>) => /Uniform$/.test(name) || config.distribution === 'uniform';

describe(`Keras ${F.keras}'s seeded initializers`, () => {
  it('an integer seed: Keras\' values, the same at every call, in float32 and float64', () => {
    for (const c of F.seeded) {
      const init = initializer(c.name, { ...camel(c.config), seed: c.seed });
      const first = init(c.shape, c.dtype), again = init(c.shape, c.dtype);
      const what = `${c.name} ${JSON.stringify(c.config)} seed ${c.seed} [${c.shape}] ${c.dtype}`;
      expect(first.dtype, what).toBe(c.dtype);
      expect(first.shape, what).toEqual(c.shape);
      expectClose(first.dataSync(), c.first, c.dtype, isUniform(c.name, c.config), what);
      expect(c.again_equal, 'Keras gives the same values again').toBe(true);
      expect(Array.from(again.dataSync()), what).toEqual(Array.from(first.dataSync()));
    }
  });

  it('a SeedGenerator seed: new values at each call, Keras\' in turn', () => {
    for (const c of F.generator) {
      const init = initializer(c.name, { ...camel(c.config), seed: new tf.keras.random.SeedGenerator(c.seed) });
      c.draws.forEach((want, k) => expectClose(init(c.shape).dataSync(), want, 'float32', isUniform(c.name, c.config), `${c.name} draw ${k}`));
    }
  });

  it('the config keeps the seed given: null for none, an integer, or the SeedGenerator\'s config', () => {
    expect(new tf.keras.initializers.GlorotUniform().getConfig()).toEqual({ seed: null });
    expect(new tf.keras.initializers.VarianceScaling({ seed: 3, distribution: 'normal' }).getConfig()).toEqual({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: 3, inputAxes: null, outputAxes: null });
    const withGenerator = new tf.keras.initializers.RandomUniform({ seed: new tf.keras.random.SeedGenerator(4, 'gen') });
    const config = withGenerator.getConfig();
    expect(config.seed).toEqual({ className: 'SeedGenerator', config: { seed: 4, name: 'gen' } });
    const again = new tf.keras.initializers.RandomUniform(config as never);
    expect(Array.from(again([3]).dataSync())).toEqual(Array.from(new tf.keras.initializers.RandomUniform({ seed: new tf.keras.random.SeedGenerator(4) })([3]).dataSync()));
  });

  it('inputAxes and outputAxes choose the fans, as Keras 3.15 computes them', () => {
    const byAxes = new tf.keras.initializers.VarianceScaling({ mode: 'fan_in', distribution: 'uniform', inputAxes: [0, -1], outputAxes: [1], seed: 2 });
    const plain = new tf.keras.initializers.RandomUniform({ minval: -Math.sqrt(3 / 8), maxval: Math.sqrt(3 / 8), seed: 2 });
    // fan in = shape[0] · shape[-1] = 2 · 4 = 8: the same draws as a uniform in ±√(3 / 8).
    expect(Array.from(byAxes([2, 3, 4]).dataSync())).toEqual(Array.from(plain([2, 3, 4]).dataSync()));
    expect(() => new tf.keras.initializers.VarianceScaling({ inputAxes: [5], outputAxes: [0] })([2, 3])).toThrow(/axis 5 is out of range/);
  });
});

describe('keras.utils.setRandomSeed seeds Python\'s random, as Keras does', () => {
  it('the default seeds an unseeded initializer takes are Python\'s random.randint(1, 1e9)', () => {
    for (const c of F.default_seeds) {
      tf.keras.utils.setRandomSeed(c.seed);
      // A SeedGenerator without a seed takes the next default seed as its state's first entry.
      const seeds = c.draws.map(() => (new tf.keras.random.SeedGenerator().state.arraySync() as number[])[0]);
      expect(seeds, `seed ${c.seed}`).toEqual(c.draws);
      // tf.random.setSeed seeds them too (Keras leaves them to chance then; gradtape takes these).
      tf.random.setSeed(c.seed);
      expect(c.draws.map(() => (new tf.keras.random.SeedGenerator().state.arraySync() as number[])[0])).toEqual(c.draws);
    }
  });

  it('an unseeded initializer made after it gives Keras\' values, the same at every call', () => {
    const c = F.after_seed;
    tf.keras.utils.setRandomSeed(c.seed);
    const init = new tf.keras.initializers.GlorotUniform();
    const first = Array.from(init([3, 4]).dataSync());
    expect(first).toEqual(c.first);
    expect(Array.from(init([3, 4]).dataSync())).toEqual(first);
    tf.keras.utils.setRandomSeed(c.seed);
    expectClose(new tf.keras.initializers.HeNormal()([3, 4]).dataSync(), c.he_normal_made_first, 'float32', false, 'HeNormal made first after the same seed');
  });

  it('a Sequential model built after it starts from Keras\' weights', () => {
    const c = F.model_weights;
    tf.keras.utils.setRandomSeed(c.seed);
    const model = new tf.keras.Sequential([tf.keras.Input({ shape: [4] }), new tf.keras.layers.Dense(3), new tf.keras.layers.Dense(2, { kernelInitializer: 'he_normal', biasInitializer: 'random_normal' })]);
    const weights = model.weights.map((w) => w.dataSync());
    expect(weights.length).toBe(c.weights.length);
    weights.forEach((w, i) => expectClose(w, c.weights[i]!, 'float32', i === 0 || i === 1, `weight ${i}`));
  });

  it('seeds outside NumPy\'s [0, 2³² - 1] are a ValueError, as Keras\' call fails', () => {
    expect(() => tf.keras.utils.setRandomSeed(-1)).toThrow(expect.objectContaining({ name: 'ValueError' }));
    expect(() => tf.keras.utils.setRandomSeed(2 ** 32)).toThrow(/Seed must be between 0 and 2\*\*32 - 1/);
  });
});

describe('seeded Dropout and noise layers draw Keras\' masks and noise, call after call', () => {
  for (const c of F.layers) {
    it(`${c.name}(${c.rate}${c.extra.noise_shape ? `, noiseShape [${c.extra.noise_shape}]` : ''}, seed ${c.seed})`, () => {
      const Layer = (tf.keras.layers as unknown as Record<string, new (rate: number, options: object) => tf.keras.layers.Layer>)[c.name]!;
      const layer = new Layer(c.rate, { seed: c.seed, ...(c.extra.noise_shape ? { noiseShape: c.extra.noise_shape } : {}) });
      const x = tf.reshape(tf.constant(F.x, 'float32'), F.x_shape);
      const exact = !c.name.startsWith('Gaussian');
      c.outputs.forEach((want, k) => expectClose((layer.apply(x, { training: true }) as tf.Tensor).dataSync(), want, 'float32', exact, `${c.name} call ${k}`));
    });
  }
});

describe('recurrent dropout draws Keras\' masks from the cell\'s SeedGenerator', () => {
  const G = F as unknown as { seq: number[]; seq_shape: number[]; recurrent: { name: string; options: Record<string, number>; outputs: number[][] }[]; lstm_weights: { seed: number; weights: number[][]; next_default_seed: number } };
  for (const c of G.recurrent) {
    it(`${c.name} ${JSON.stringify(c.options)}, seed 5, two sequences in training`, () => {
      const Layer = (tf.keras.layers as unknown as Record<string, new (units: number, options: object) => tf.keras.layers.Layer>)[c.name]!;
      const layer = new Layer(3, { seed: 5, kernelInitializer: new tf.keras.initializers.GlorotUniform({ seed: 1 }), recurrentInitializer: new tf.keras.initializers.Orthogonal({ seed: 2 }), returnSequences: true, ...camel(c.options) });
      const x = tf.reshape(tf.constant(G.seq, 'float32'), G.seq_shape);
      c.outputs.forEach((want, k) => expectClose((layer.apply(x, { training: true }) as tf.Tensor).dataSync(), want, 'float32', false, `${c.name} sequence ${k}`));
    });
  }

  it('an unseeded LSTM made after keras.utils.setRandomSeed: Keras\' weights, and the same default seeds taken', () => {
    const c = G.lstm_weights;
    tf.keras.utils.setRandomSeed(c.seed);
    const lstm = new tf.keras.layers.LSTM(2);
    lstm.apply(tf.reshape(tf.constant(G.seq, 'float32'), G.seq_shape));
    lstm.weights.forEach((w, i) => expectClose(w.dataSync(), c.weights[i]!, 'float32', i !== 1, `weight ${i}`));
    expect((new tf.keras.random.SeedGenerator().state.arraySync() as number[])[0]).toBe(c.next_default_seed);
  });
});

describe('the random image layers draw Keras\' transformations from their SeedGenerator', () => {
  const G = F as unknown as { images: number[]; images_shape: number[]; image_layers: { name: string; args: (number | string)[]; kwargs: Record<string, unknown>; outputs: number[][] }[]; crop_seed: { seed: number; config_seed: number; next_default_seed: number } };
  for (const c of G.image_layers) {
    it(`${c.name}(${[...c.args, JSON.stringify(c.kwargs)].join(', ')}, seed 13), called twice in training`, () => {
      const Layer = (tf.keras.layers as unknown as Record<string, new (...args: unknown[]) => tf.keras.layers.Layer>)[c.name]!;
      // RandomZoom's widthFactor is positional here (null: the height's zoom).
      const args = c.name === 'RandomZoom' && c.args.length === 1 ? [...c.args, null] : c.args;
      const layer = new Layer(...args, { ...camel(c.kwargs), seed: 13 });
      const images = tf.reshape(tf.constant(G.images, 'float32'), G.images_shape);
      // Flips, crops, contrast and brightness are exact; the geometric layers resample (bilinear
      // weights from the drawn angle, shift or zoom): within 1e-3 of the 0..255 values.
      const exact = ['RandomFlip', 'RandomCrop'].includes(c.name);
      c.outputs.forEach((want, k) => {
        const got = (layer.apply(images, { training: true }) as tf.Tensor).dataSync();
        expect(got.length, `${c.name} call ${k}`).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          if (exact) expect(got[i], `${c.name} call ${k} [${i}]`).toBe(want[i]);
          else expect(Math.abs(got[i]! - want[i]!), `${c.name} call ${k} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-3);
        }
      });
    });
  }

  it('an unseeded RandomCrop takes a default seed for its config, then one for its generator', () => {
    const c = G.crop_seed;
    tf.keras.utils.setRandomSeed(c.seed);
    expect(new tf.keras.layers.RandomCrop(2, 2).getConfig().seed).toBe(c.config_seed);
    expect((new tf.keras.random.SeedGenerator().state.arraySync() as number[])[0]).toBe(c.next_default_seed);
  });
});

describe('Keras 3\'s other colour layers: RandomGrayscale, RandomInvert, Solarization (seeded) and AutoContrast', () => {
  const G = F as unknown as { color_images: number[]; images_shape: number[]; color_layers: { name: string; args: unknown[]; kwargs: Record<string, unknown>; outputs: number[][] }[] };
  for (const c of G.color_layers) {
    it(`${c.name}(${JSON.stringify([...c.args, c.kwargs]).slice(1, -1)}), called twice in training`, () => {
      const Layer = (tf.keras.layers as unknown as Record<string, new (...args: unknown[]) => tf.keras.layers.Layer>)[c.name]!;
      const layer = new Layer(...c.args, camel(c.kwargs));
      const images = tf.reshape(tf.constant(G.color_images, 'float32'), G.images_shape);
      // Grey values are XLA's fused dot (gradtape's rgbToGrayscale): exact; the rest is exact too
      // but for AutoContrast's and the value ranges' divisions, within 1e-4 of the 0..300 values.
      c.outputs.forEach((want, k) => {
        const got = (layer.apply(images, { training: true }) as tf.Tensor).dataSync();
        expect(got.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!), `${c.name} call ${k} [${i}]: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-4);
      });
    });
  }

  it('bad factors are Keras\' ValueErrors', () => {
    expect(() => new tf.keras.layers.RandomGrayscale(1.5)).toThrow(expect.objectContaining({ name: 'ValueError', message: expect.stringMatching(/`factor` should be between 0 and 1. Received: factor=1.5/) }));
    expect(() => new tf.keras.layers.RandomInvert(2)).toThrow(/The `factor` argument should be a number \(or a list of two numbers\) in the range \[0, 1\]/);
    expect(() => new tf.keras.layers.Solarization({ thresholdFactor: 1.2 })).toThrow(/Received: input_number=1.2/);
    expect(() => new tf.keras.layers.AutoContrast({ valueRange: [1] as never })).toThrow(/The `value_range` argument should be a list of two numbers/);
  });
});
