// The image preprocessing layers (Resizing, CenterCrop, RandomFlip, RandomCrop, RandomContrast,
// RandomBrightness, RandomRotation, RandomTranslation, RandomZoom) and the projective transform
// under the geometric ones, against Keras 3.15.1 with the TensorFlow backend (TF 2.21). Every
// number of test/fixtures/keras-image-preprocessing.json comes from
// scripts/keras_image_preprocessing_fixtures.py: tf.raw_ops.ImageProjectiveTransformV3 on fixed
// transforms for every fill mode and interpolation, the deterministic layers' outputs, the random
// layers' outputs out of training and in training for fixed transformations (Keras'
// transform_images), configs and messages. The random draws themselves are checked by what they
// must satisfy: a flip is a flip, a rotation is the transform of its drawn angle, a factor within
// its bounds.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { pattern } from './helpers/keras';
import { imageProjectiveTransform } from '../ts/layers/projective-transform';
import * as src from '../ts/index';

const L = tf.keras.layers;

interface Output { input: string; output: number[]; shape: number[]; dtype: string; computed_output_shape?: number[]; transformation?: unknown }
interface Fixture {
  projective: Record<string, number[]>;
  deterministic: Record<string, Output>;
  inference: Record<string, Output>;
  training: Record<string, Output>;
  configs: Record<string, Record<string, unknown>>;
  errors: Record<string, string>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-image-preprocessing.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

const PIXELS = (): tf.Tensor => tf.round(tf.add(pattern([2, 5, 6, 3], 0.1, 127.5, 0.4), 127.5));
const INPUTS: Record<string, () => tf.Tensor> = {
  IMG: () => pattern([2, 5, 6, 3], 0.3, 1, 0.7),
  IMG_CF: () => pattern([2, 3, 5, 6], 0.3, 1, 0.7),
  PIXELS,
  PIXELS_INT: () => tf.cast(PIXELS(), 'int32'),
  ONE: () => pattern([4, 7, 2], 0.9, 1, 0.55),
};

/** float32 results within 1e-5 relative plus 2e-6 absolute; int32 exactly. */
function expectOutput(y: tf.Tensor, want: Output): void {
  expect(y.shape).toEqual(want.shape);
  expect(y.dtype).toBe(want.dtype);
  const got = Array.from(y.dataSync());
  if (want.dtype === 'int32') expect(got).toEqual(want.output);
  else got.forEach((v, i) => expect(Math.abs(v - want.output[i]!)).toBeLessThanOrEqual(2e-6 + 1e-5 * Math.abs(want.output[i]!)));
}

describe('ImageProjectiveTransformV3 (keras.ops.image.affine_transform)', () => {
  const TRANSFORMS: Record<string, number[][]> = (() => {
    const [c, s] = [Math.cos(0.6), Math.sin(0.6)];
    return {
      rotation: [[c, -s, 2.5 - 2.5 * c + 2 * s, s, c, 2 - 2.5 * s - 2 * c, 0, 0]],
      zoom_out: [[1.7, 0, -1.5, 0, 1.45, -0.9, 0, 0]],
      shift_per_image: [[1, 0, -2.3, 0, 1, 1.6, 0, 0], [1, 0, 7.5, 0, 1, -9.25, 0, 0]],
      shear_projective: [[0.9, 0.35, -0.4, -0.2, 1.1, 0.3, 0.04, -0.03]],
      far: [[1, 0, -23.5, 0, 1, 31.25, 0, 0]],
      flip_half: [[-1, 0, 5.5, 0, 1, -0.5, 0, 0]],
    };
  })();
  for (const key of Object.keys(fixture.projective)) {
    it(key, () => {
      const [name, mode, interpolation] = key.split('/') as [string, 'constant', 'bilinear'];
      const images = src.reshape(src.constant(Array.from(INPUTS.IMG!().dataSync()), 'float32'), [2, 5, 6, 3]);
      const y = imageProjectiveTransform(images, src.constant(TRANSFORMS[name]!, 'float32'), interpolation, mode, 0.5);
      expectOutput(y as unknown as tf.Tensor, { input: 'IMG', output: fixture.projective[key]!, shape: [2, 5, 6, 3], dtype: 'float32' });
    });
  }

  it('differentiates with respect to the images (a gather: each input pixel gets the weights it was read with)', () => {
    const images = src.reshape(src.range(0, 12, 1, 'float32'), [1, 3, 4, 1]);
    const shift = src.constant([[1, 0, 0.5, 0, 1, 0, 0, 0]], 'float32');
    const tape = new src.GradientTape();
    tape.watch(images);
    const total = tape.record(() => src.reduceSum(imageProjectiveTransform(images, shift, 'bilinear', 'constant', 0)));
    const grad = tape.gradient(total, images) as src.Tensor;
    // Output column j reads columns j + 0.5: input column 0 gets ½ (from j = 0), the others ½ + ½ but the last, read by j = 2 and 3 (½ + ½ from a fill beyond).
    expect(Array.from(grad.dataSync())).toEqual([0.5, 1, 1, 1, 0.5, 1, 1, 1, 0.5, 1, 1, 1]);
  });
});

const DETERMINISTIC: Record<string, () => tf.keras.layers.Layer> = {
  resizing_bilinear: () => new L.Resizing(3, 4),
  resizing_up_nearest: () => new L.Resizing(7, 9, { interpolation: 'nearest' }),
  resizing_bicubic_cf: () => new L.Resizing(4, 3, { interpolation: 'bicubic', dataFormat: 'channels_first' }),
  resizing_area: () => new L.Resizing(2, 4, { interpolation: 'area' }),
  resizing_lanczos3_antialias: () => new L.Resizing(3, 2, { interpolation: 'lanczos3', antialias: true }),
  resizing_crop_wide: () => new L.Resizing(2, 6, { cropToAspectRatio: true }),
  resizing_crop_tall: () => new L.Resizing(6, 2, { cropToAspectRatio: true }),
  resizing_crop_cf: () => new L.Resizing(3, 3, { cropToAspectRatio: true, dataFormat: 'channels_first' }),
  resizing_pad_tall: () => new L.Resizing(8, 3, { padToAspectRatio: true, fillValue: 0.25 }),
  resizing_pad_wide: () => new L.Resizing(3, 9, { padToAspectRatio: true, fillValue: -2 }),
  resizing_pad_odd: () => new L.Resizing(4, 3, { padToAspectRatio: true, interpolation: 'nearest' }),
  resizing_pad_cf: () => new L.Resizing(3, 8, { padToAspectRatio: true, dataFormat: 'channels_first' }),
  resizing_int: () => new L.Resizing(3, 4),
  resizing_int_nearest: () => new L.Resizing(3, 4, { interpolation: 'nearest' }),
  resizing_int_bicubic: () => new L.Resizing(9, 11, { interpolation: 'bicubic' }),
  resizing_unbatched: () => new L.Resizing(5, 3, { cropToAspectRatio: true }),
  center_crop: () => new L.CenterCrop(3, 3),
  center_crop_cf: () => new L.CenterCrop(2, 5, { dataFormat: 'channels_first' }),
  center_crop_int: () => new L.CenterCrop(4, 4),
  center_crop_smaller: () => new L.CenterCrop(7, 4),
  center_crop_smaller_cf: () => new L.CenterCrop(4, 9, { dataFormat: 'channels_first' }),
  center_crop_unbatched: () => new L.CenterCrop(3, 9),
};

describe('Resizing and CenterCrop: Keras 3.15.1 outputs', () => {
  it('every fixture case has a layer here', () => expect(Object.keys(DETERMINISTIC).sort()).toEqual(Object.keys(fixture.deterministic).sort()));
  for (const [name, make] of Object.entries(DETERMINISTIC)) {
    it(name, () => {
      const want = fixture.deterministic[name]!;
      const layer = make();
      const x = INPUTS[want.input]!();
      expectOutput(layer.apply(x), want);
      expect(layer.computeOutputShape(x.shape)).toEqual(want.computed_output_shape);
      // The same in training (they have no randomness) and through a functional model.
      expectOutput(layer.apply(x, { training: true }), want);
    });
  }
});

const INFERENCE: Record<string, () => tf.keras.layers.Layer> = {
  random_flip: () => new L.RandomFlip(),
  random_crop: () => new L.RandomCrop(3, 4, { seed: 1 }),
  random_contrast: () => new L.RandomContrast(0.3),
  random_brightness: () => new L.RandomBrightness(0.3),
  random_rotation: () => new L.RandomRotation(0.3),
  random_translation: () => new L.RandomTranslation(0.2, 0.3),
  random_zoom: () => new L.RandomZoom(0.2),
};

describe('the random layers out of training', () => {
  for (const [name, make] of Object.entries(INFERENCE)) {
    it(`${name}: Keras' output and dtype`, () => {
      const want = fixture.inference[name]!;
      expectOutput(make().apply(INPUTS[want.input]!(), { training: false }), want);
    });
  }

  it('predict leaves the images; a direct layer call transforms them (Keras\' training=True default)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input({ shape: [5, 6, 3] }), new L.RandomBrightness(0.5, { valueRange: [-1000, 1000], seed: 1 })]);
    const x = INPUTS.IMG!();
    expect(Array.from(model.predict(x, { verbose: 0 }).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((model.apply(x, { training: false }) as tf.Tensor).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from((model.layers[0]!.apply(x) as tf.Tensor).dataSync())).not.toEqual(Array.from(x.dataSync()));
  });
});

/** The fixture's transformation as gradtape's layers take it. */
function transformationOf(name: string, given: unknown): unknown {
  if (given === null) return null;
  if (Array.isArray(given)) return given;
  const g = given as Record<string, unknown>;
  if ('flips' in g) return { flips: tf.reshape(tf.constant(g.flips as boolean[], 'bool'), [-1, 1, 1, 1]) };
  if ('contrastFactor' in g) return { contrastFactor: tf.reshape(tf.constant(g.contrastFactor as number[]), [-1, 1, 1, 1]) };
  if ('rgbDelta' in g) return { rgbDelta: tf.reshape(tf.constant(g.rgbDelta as number[]), [-1, 1, 1, 1]) };
  if ('angle' in g) return { angle: tf.constant(g.angle as number[]) };
  if ('translations' in g) return { translations: tf.constant(g.translations as number[][]) };
  if ('heightZoom' in g) return { heightZoom: tf.constant(g.heightZoom as number[][]), widthZoom: tf.constant(g.widthZoom as number[][]) };
  throw new Error(`unknown transformation of ${name}`);
}

type Transforming = tf.keras.layers.Layer & { transformImages(images: tf.Tensor, t: unknown, training?: boolean): tf.Tensor; getRandomTransformation(images: tf.Tensor, o?: { training?: boolean; seed?: number | null }): unknown };

const TRAINING: Record<string, () => Transforming> = {
  flip_hv: () => new L.RandomFlip(),
  flip_h_cf: () => new L.RandomFlip('horizontal', { dataFormat: 'channels_first' }),
  flip_v: () => new L.RandomFlip('vertical'),
  crop: () => new L.RandomCrop(3, 4, { seed: 1 }),
  crop_cf: () => new L.RandomCrop(2, 2, { seed: 1, dataFormat: 'channels_first' }),
  crop_fallback: () => new L.RandomCrop(8, 4, { seed: 1 }),
  crop_fallback_equal: () => new L.RandomCrop(5, 3, { seed: 1 }),
  contrast: () => new L.RandomContrast(0.5, { valueRange: [-0.8, 0.9] }),
  contrast_cf: () => new L.RandomContrast([0.2, 0.4], { dataFormat: 'channels_first' }),
  brightness: () => new L.RandomBrightness(0.2),
  brightness_int: () => new L.RandomBrightness(0.2),
  brightness_range: () => new L.RandomBrightness([-0.5, 0.2], { valueRange: [1, -1] }),
  rotation: () => new L.RandomRotation(0.2),
  rotation_constant_nearest: () => new L.RandomRotation(0.2, { fillMode: 'constant', interpolation: 'nearest', fillValue: 0.75 }),
  rotation_wrap_cf: () => new L.RandomRotation(0.2, { fillMode: 'wrap', dataFormat: 'channels_first' }),
  rotation_unbatched: () => new L.RandomRotation(0.2, { fillMode: 'nearest' }),
  translation: () => new L.RandomTranslation(0.3, 0.4),
  translation_constant_cf: () => new L.RandomTranslation(0.3, 0.4, { fillMode: 'constant', fillValue: -1, dataFormat: 'channels_first' }),
  translation_unbatched_nearest: () => new L.RandomTranslation(0.3, 0.4, { interpolation: 'nearest', fillMode: 'wrap' }),
  zoom: () => new L.RandomZoom(0.4),
  zoom_both_constant: () => new L.RandomZoom(0.4, [-0.3, 0.5], { fillMode: 'constant' }),
  zoom_cf_reflect_nearest: () => new L.RandomZoom(0.4, null, { interpolation: 'nearest', dataFormat: 'channels_first' }),
};

describe('the random layers in training, for fixed transformations: Keras 3.15.1 transform_images', () => {
  it('every fixture case has a layer here', () => expect(Object.keys(TRAINING).sort()).toEqual(Object.keys(fixture.training).sort()));
  for (const [name, make] of Object.entries(TRAINING)) {
    it(name, () => {
      const want = fixture.training[name]!;
      const layer = make();
      const x = INPUTS[want.input]!();
      const given = want.transformation ?? null;
      let y: tf.Tensor;
      if (given === null) y = layer.apply(x, { training: true }); // RandomCrop's fallback: no draw
      else {
        const batch = x.rank === 4 ? x : tf.expandDims(x, 0);
        const out = layer.transformImages(batch, transformationOf(name, given), true);
        y = x.rank === 4 ? out : tf.squeeze(out, 0);
      }
      expectOutput(y, want);
    });
  }
});

describe('the draws', () => {
  const x = (): tf.Tensor => INPUTS.IMG!();
  it('RandomFlip: each image is itself or its mirror (both axes at once for horizontal_and_vertical)', () => {
    const images = pattern([16, 3, 4, 1], 0.2, 1, 0.9);
    for (const mode of ['horizontal', 'vertical', 'horizontal_and_vertical'] as const) {
      const y = new L.RandomFlip(mode, { seed: 7 }).apply(images) as tf.Tensor;
      const flipped = mode === 'horizontal' ? tf.reverse(images, 2) : mode === 'vertical' ? tf.reverse(images, 1) : tf.reverse(images, [1, 2]);
      let changed = 0;
      for (let i = 0; i < 16; i++) {
        const got = Array.from(tf.slice(y, [i, 0, 0, 0], [1, 3, 4, 1]).dataSync());
        const same = Array.from(tf.slice(images, [i, 0, 0, 0], [1, 3, 4, 1]).dataSync());
        const mirror = Array.from(tf.slice(flipped, [i, 0, 0, 0], [1, 3, 4, 1]).dataSync());
        expect([JSON.stringify(same), JSON.stringify(mirror)]).toContain(JSON.stringify(got));
        if (JSON.stringify(got) !== JSON.stringify(same)) changed++;
      }
      expect(changed).toBeGreaterThan(0);
      expect(changed).toBeLessThan(16);
    }
  });

  it('a call is transformImages of getRandomTransformation, drawn the same way (rotation, translation, zoom, contrast, brightness, crop)', () => {
    const makers: (() => Transforming)[] = [
      () => new L.RandomRotation([-0.1, 0.2], { seed: 3 }),
      () => new L.RandomTranslation([0.1, 0.3], -0.2, { seed: 3 }),
      () => new L.RandomZoom([-0.3, 0.2], [0.1, 0.4], { seed: 3 }),
      () => new L.RandomContrast(0.4, { seed: 3, valueRange: [-2, 2] }),
      () => new L.RandomBrightness(0.3, { seed: 3, valueRange: [-2, 2] }),
      () => new L.RandomCrop(2, 3, { seed: 3 }),
    ];
    for (const make of makers) {
      tf.random.setSeed(11);
      const y = make().apply(x()) as tf.Tensor;
      tf.random.setSeed(11);
      const layer = make();
      const t = layer.getRandomTransformation(x(), { training: true });
      const z = layer.transformImages(x(), t, true);
      expect(Array.from(z.dataSync())).toEqual(Array.from(y.dataSync()));
    }
  });

  it('the drawn values lie within the factors\' bounds', () => {
    const images = tf.zeros([64, 5, 6, 1]);
    const angle = (new L.RandomRotation([-0.1, 0.2], { seed: 1 }).getRandomTransformation(images) as { angle: tf.Tensor }).angle.dataSync();
    expect(Math.min(...angle)).toBeGreaterThanOrEqual(-36);
    expect(Math.max(...angle)).toBeLessThan(72);
    const shift = (new L.RandomTranslation([0.1, 0.3], -0.2, { seed: 1 }).getRandomTransformation(images) as { translations: tf.Tensor }).translations.arraySync() as number[][];
    for (const [dx, dy] of shift) {
      expect(dx).toBeGreaterThanOrEqual(-0.2 * 6);
      expect(dx).toBeLessThan(0.2 * 6);
      expect(dy).toBeGreaterThanOrEqual(0.1 * 5);
      expect(dy).toBeLessThan(0.3 * 5);
    }
    const zoom = new L.RandomZoom(0.3, null, { seed: 1 }).getRandomTransformation(images) as { heightZoom: tf.Tensor; widthZoom: tf.Tensor };
    expect(zoom.widthZoom.dataSync()).toEqual(zoom.heightZoom.dataSync());
    for (const z of zoom.heightZoom.dataSync()) expect(z >= 0.7 && z < 1.3).toBe(true);
    const c = (new L.RandomContrast(0.4, { seed: 1 }).getRandomTransformation(images) as { contrastFactor: tf.Tensor }).contrastFactor.dataSync();
    for (const v of c) expect(v >= 1 && v < 1.4).toBe(true);
    const d = (new L.RandomBrightness([-0.1, 0.2], { seed: 1 }).getRandomTransformation(images) as { rgbDelta: tf.Tensor }).rgbDelta.dataSync();
    for (const v of d) expect(v >= -25.5 - 1e-4 && v < 51 + 1e-4).toBe(true);
    for (let i = 0; i < 10; i++) {
      const [top, left] = new L.RandomCrop(2, 3, { seed: i }).getRandomTransformation(images) as tf.Tensor[];
      const [t, l] = [top!.dataSync()[0]!, left!.dataSync()[0]!];
      expect(t >= 0 && t <= 3 && l >= 0 && l <= 3).toBe(true);
    }
  });

  it('a rotation by a quarter turn is exact; a seed repeats the draws', () => {
    const image = tf.reshape(tf.range(0, 12), [3, 4, 1]);
    const quarter = new L.RandomRotation([0.25, 0.25], { fillMode: 'constant', interpolation: 'nearest' }).apply(tf.reshape(tf.range(0, 9), [3, 3, 1])) as tf.Tensor;
    expect(quarter.reshape([3, 3]).arraySync()).toEqual([[2, 5, 8], [1, 4, 7], [0, 3, 6]]);
    tf.random.setSeed(5);
    const a = new L.RandomRotation(0.3, { seed: 2 }).apply(image) as tf.Tensor;
    tf.random.setSeed(5);
    const b = new L.RandomRotation(0.3, { seed: 2 }).apply(image) as tf.Tensor;
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
  });

  it('trains inside fit (the transforms run in the compiled step) and differentiates through the layers', () => {
    const model = new tf.keras.Sequential([
      tf.keras.Input({ shape: [5, 6, 3] }), new L.RandomFlip('horizontal', { seed: 1 }), new L.RandomRotation(0.1, { seed: 2 }), new L.RandomZoom(0.2, null, { seed: 3 }),
      new L.RandomTranslation(0.1, 0.1, { seed: 4 }), new L.RandomContrast(0.2, { seed: 5, valueRange: [-5, 5] }), new L.RandomCrop(4, 4, { seed: 6 }), new L.Resizing(3, 3),
      new L.Flatten(), new L.Dense(1),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const history = model.fit(INPUTS.IMG!(), tf.constant([[0.5], [-0.5]]), { epochs: 3, verbose: 0 });
    expect(history.history.loss!.length).toBe(3);
    expect(history.history.loss!.every((v) => Number.isFinite(v))).toBe(true);
    const images = INPUTS.IMG!();
    const tape = new tf.GradientTape();
    tape.watch(images);
    const total = tape.record(() => tf.reduceSum(new L.RandomRotation(0.2, { seed: 1 }).apply(images, { training: true }) as tf.Tensor));
    const grad = tape.gradient(total, images) as tf.Tensor;
    expect(grad.shape).toEqual([2, 5, 6, 3]);
  });
});

describe('configs, serialization and messages', () => {
  const MAKE: Record<string, () => tf.keras.layers.Layer> = {
    Resizing: () => new L.Resizing(3, 4, { interpolation: 'nearest', padToAspectRatio: true, fillValue: 1.5, antialias: true }),
    CenterCrop: () => new L.CenterCrop(3, 4, { dataFormat: 'channels_first' }),
    RandomFlip: () => new L.RandomFlip('vertical', { seed: 3 }),
    RandomCrop: () => new L.RandomCrop(3, 4, { seed: 5 }),
    RandomContrast: () => new L.RandomContrast(0.4, { valueRange: [0, 1], seed: 2 }),
    RandomBrightness: () => new L.RandomBrightness([-0.2, 0.3], { valueRange: [255, 0] }),
    RandomRotation: () => new L.RandomRotation(-0.3, { fillMode: 'constant', fillValue: 2, seed: 7 }),
    RandomTranslation: () => new L.RandomTranslation([-0.1, 0.3], 0.2, { interpolation: 'nearest' }),
    RandomZoom: () => new L.RandomZoom(0.4, null, { fillMode: 'wrap' }),
    RandomZoomBoth: () => new L.RandomZoom([0.5, -0.2], [-0.3, 0.1]),
  };
  const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  for (const [name, make] of Object.entries(MAKE)) {
    it(`${name}: Keras' config in camelCase, and a round trip through serialize/deserialize`, () => {
      const layer = make();
      const config = layer.getConfig();
      const want = Object.fromEntries(Object.entries(fixture.configs[name]!).map(([k, v]) => [camel(k), v]));
      const mine = Object.fromEntries(Object.entries(config).filter(([k]) => !['name', 'trainable', 'dtype'].includes(k)));
      expect(mine).toEqual(want);
      const twin = L.deserialize(L.serialize(layer));
      expect(twin.getConfig()).toEqual(config);
      expect(twin.constructor).toBe(layer.constructor);
    });
  }

  it('RandomCrop without a seed records a random one, as Keras does', () => {
    const seed = new L.RandomCrop(2, 2).getConfig().seed as number;
    expect(Number.isInteger(seed) && seed >= 1 && seed <= 1e9).toBe(true);
  });

  const ERRORS: Record<string, () => unknown> = {
    contrast_factor: () => new L.RandomContrast(1.5),
    contrast_factor_list: () => new L.RandomContrast([0.1, 0.2, 0.3] as unknown as [number, number]),
    brightness_factor: () => new L.RandomBrightness(2),
    brightness_value_range: () => new L.RandomBrightness(0.1, { valueRange: 3 as unknown as [number, number] }),
    rotation_fill_mode: () => new L.RandomRotation(0.1, { fillMode: 'mirror' as 'wrap' }),
    rotation_interpolation: () => new L.RandomRotation(0.1, { interpolation: 'bicubic' as 'nearest' }),
    translation_factor: () => new L.RandomTranslation(2, 0.1),
    zoom_factor: () => new L.RandomZoom(-1),
    resizing_interpolation: () => new L.Resizing(3, 4, { interpolation: 'cubic' as 'area' }),
    resizing_fill_mode: () => new L.Resizing(3, 4, { padToAspectRatio: true, fillMode: 'reflect' as 'constant' }),
    resizing_both: () => new L.Resizing(3, 4, { cropToAspectRatio: true, padToAspectRatio: true }),
    rank: () => new L.RandomFlip().apply(tf.zeros([6, 3])),
  };
  // Keras' messages, with gradtape's camelCase option names.
  const camelMessage = (m: string): string => m.replace(/`([a-z_]+)`/g, (_, k: string) => `\`${camel(k)}\``).replace(/(value_range|fill_mode)=/g, (k) => camel(k.slice(0, -1)) + '=').replace('`True`', '`true`');
  for (const [name, make] of Object.entries(ERRORS)) {
    it(`message: ${name}`, () => {
      expect(make).toThrow(camelMessage(fixture.errors[name]!));
    });
  }

  it('RandomContrast checks valueRange as RandomBrightness does, with the same message', () => {
    // (Keras' RandomContrast takes any value_range unchecked; gradtape's checks it as its RandomBrightness does.)
    expect(() => new L.RandomContrast(0.1, { valueRange: 3 as unknown as [number, number] })).toThrow(camelMessage(fixture.errors.brightness_value_range!).replace('RandomBrightness', 'RandomContrast'));
    for (const Layer of [L.RandomContrast, L.RandomBrightness]) {
      const name = Layer === L.RandomContrast ? 'RandomContrast' : 'RandomBrightness';
      expect(() => new Layer(0.1, { valueRange: [0, 1, 2] as unknown as [number, number] })).toThrow(`keras.layers.${name}: The \`valueRange\` argument should be a list of two numbers. Received: valueRange=[0, 1, 2]`);
      expect(() => new Layer(0.1, { valueRange: ['0', 1] as unknown as [number, number] })).toThrow(`keras.layers.${name}: The \`valueRange\` argument should be a list of two numbers.`);
    }
    // Only RandomBrightness sorts the range.
    expect(new L.RandomContrast(0.1, { valueRange: [1, -1] }).valueRange).toEqual([1, -1]);
    expect(new L.RandomBrightness(0.1, { valueRange: [1, -1] }).valueRange).toEqual([-1, 1]);
  });

  it('refuses dictionaries of images with boxes or masks by name', () => {
    expect(() => new L.RandomFlip().apply({ images: tf.zeros([1, 2, 2, 1]), bounding_boxes: tf.zeros([1, 1, 4]) } as never)).toThrow(/bounding boxes, labels or segmentation masks/);
  });
});
