// tf.image.drawBoundingBoxes and extractGlimpse against TensorFlow 2.21
// (test/fixtures/tf-image-windows.json, made by scripts/tf_image_windows_fixtures.py): boxes and
// windows inside, across the borders and outside the image, inverted boxes, overlapping boxes,
// default and given colours, gray/RGB/RGBA images, every centered/normalized combination of
// glimpse offsets; the noise outside a glimpse; gradients; compiled calls; errors.
import { readFileSync } from 'node:fs';
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const fixture = JSON.parse(readFileSync(new URL('./fixtures/tf-image-windows.json', import.meta.url), 'utf8')) as {
  tensorflow: string;
  draws: { images: number[]; shape: number[]; boxes: number[][][]; colors: number[][] | null; expected: number[] }[];
  glimpse_images: number[];
  glimpse_shape: number[];
  glimpses: { size: [number, number]; offsets: number[][]; centered: boolean; normalized: boolean; expected: number[] }[];
};

describe(`tf.image.drawBoundingBoxes equals TensorFlow ${fixture.tensorflow}'s`, () => {
  fixture.draws.forEach((d, i) => {
    it(`case ${i}: depth ${d.shape[3]}, ${d.boxes[0]!.length} boxes per image, ${d.colors ? `${d.colors.length} colours` : 'default colours'}`, () => {
      const images = tf.constant(d.images, 'float32').reshape(d.shape);
      const out = tf.image.drawBoundingBoxes(images, d.boxes, d.colors);
      expect(out.shape).toEqual(d.shape);
      expect(Array.from(out.dataSync())).toEqual(Array.from(Float32Array.from(d.expected)));
    });
  });

  it('passes the gradient to the pixels no line covers, in float64 too', () => {
    const images = tf.zeros([1, 4, 5, 3], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(images);
    const y = tape.record(() => tf.reduceSum(tf.image.drawBoundingBoxes(images, [[[0, 0, 1, 1]]])));
    const g = tape.gradient(y, images)!;
    expect(g.dtype).toBe('float64');
    const rows = (g.arraySync() as number[][][][])[0]!.map((row) => row.map((px) => px[0]));
    // The border is painted (no gradient), the 2×3 inside is the image's.
    expect(rows).toEqual([
      [0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0],
      [0, 1, 1, 1, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('draws again from each call\'s boxes in a compiled function', () => {
    const images = tf.zeros([1, 3, 3, 1]);
    const draw = tf.function((boxes: tf.Tensor) => tf.image.drawBoundingBoxes(images, boxes));
    const a = draw(tf.constant([[[0, 0, 0, 0]]]));
    const b = draw(tf.constant([[[1, 1, 1, 1]]]));
    expect(Array.from(a.dataSync())).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(b.dataSync())).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('checks its arguments as TensorFlow does', () => {
    const images = tf.zeros([1, 3, 3, 3]);
    expect(() => tf.image.drawBoundingBoxes(tf.zeros([3, 3, 3]), [[[0, 0, 1, 1]]])).toThrow(/images must be 4-D/);
    expect(() => tf.image.drawBoundingBoxes(tf.zeros([1, 3, 3, 2]), [[[0, 0, 1, 1]]])).toThrow(/depth should be 1/);
    expect(() => tf.image.drawBoundingBoxes(images, [[0, 0, 1, 1]])).toThrow(/boxes must be 3-D/);
    expect(() => tf.image.drawBoundingBoxes(images, [[[0, 0, 1]]])).toThrow(/boxes must be 3-D \[batch, boxes, 4\]/);
    expect(() => tf.image.drawBoundingBoxes(images, [[[0, 0, 1, 1]], [[0, 0, 1, 1]]])).toThrow(/same batch size/);
    expect(() => tf.image.drawBoundingBoxes(images, [[[0, 0, 1, 1]]], [[1, 0]])).toThrow(/as many channels/);
    expect(() => tf.image.drawBoundingBoxes(images, [[[0, 0, 1, 1]]], [1, 0, 0])).toThrow(/2-D matrix/);
    expect(() => tf.image.drawBoundingBoxes(tf.zeros([1, 3, 3, 3], 'int32'), [[[0, 0, 1, 1]]])).toThrow(/float32 or float64/);
  });
});

describe(`tf.image.extractGlimpse equals TensorFlow ${fixture.tensorflow}'s`, () => {
  const images = tf.constant(fixture.glimpse_images, 'float32').reshape(fixture.glimpse_shape);
  it(`places ${fixture.glimpses.length} windows (centered and normalized or not, sizes, offsets in and out) as TensorFlow`, () => {
    for (const g of fixture.glimpses) {
      const out = tf.image.extractGlimpse(images, g.size, g.offsets, { centered: g.centered, normalized: g.normalized, noise: 'zero' });
      expect(out.shape).toEqual([2, g.size[0], g.size[1], 2]);
      expect(Array.from(out.dataSync()), JSON.stringify({ ...g, expected: undefined })).toEqual(Array.from(Float32Array.from(g.expected)));
    }
  });

  it('fills what lies outside with noise in the image\'s range: uniform over all channels, gaussian per channel', () => {
    const x = tf.constant([[[[0, 10], [1, 11]], [[2, 12], [3, 13]]]]); // [1, 2, 2, 2]
    // Normalized and centered (1, 1): the window's top left is the image's last pixel.
    const uniform = tf.image.extractGlimpse(x, [2, 2], [[1, 1]]).arraySync() as number[][][][];
    expect(uniform[0]![0]![0]).toEqual([3, 13]);
    for (const [r, c] of [[0, 1], [1, 0], [1, 1]] as const) {
      for (const v of uniform[0]![r]![c]!) expect(v >= 0 && v <= 13).toBe(true);
    }
    const gaussian = tf.image.extractGlimpse(x, [8, 8], [[1, 1]], { noise: 'gaussian' }).arraySync() as number[][][][];
    const outside = gaussian[0]!.flat().slice(1);
    for (const [a, b] of outside) {
      expect(a! >= 0 && a! <= 3).toBe(true);
      expect(b! >= 10 && b! <= 13).toBe(true);
    }
    expect(new Set(outside.map((p) => p[0])).size).toBeGreaterThan(10);
  });

  it('is differentiable in the image: each copied pixel gets its window\'s gradient', () => {
    const x = tf.ones([1, 3, 3, 1], 'float64');
    const tape = new tf.GradientTape();
    tape.watch(x);
    const y = tape.record(() => tf.reduceSum(tf.image.extractGlimpse(x, [2, 2], [[0, 0]], { centered: false, normalized: false, noise: 'zero' })));
    expect((tape.gradient(y, x)!.reshape([3, 3]).arraySync() as number[][])).toEqual([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('places each call\'s offsets in a compiled function', () => {
    const x = tf.range(0, 9, 1, 'float32').reshape([1, 3, 3, 1]);
    const glimpse = tf.function((offsets: tf.Tensor) => tf.image.extractGlimpse(x, [1, 1], offsets, { centered: false, normalized: false }));
    expect(Array.from(glimpse(tf.constant([[0, 0]])).dataSync())).toEqual([0]);
    expect(Array.from(glimpse(tf.constant([[2, 1]])).dataSync())).toEqual([7]);
  });

  it('checks its arguments', () => {
    const x = tf.zeros([1, 3, 3, 1]);
    expect(() => tf.image.extractGlimpse(tf.zeros([3, 3, 1]), [1, 1], [[0, 0]])).toThrow(/4-D/);
    expect(() => tf.image.extractGlimpse(x, [1], [[0, 0]])).toThrow(/size must be two/);
    expect(() => tf.image.extractGlimpse(x, [1, 1], [[0, 0], [0, 0]])).toThrow(/offsets must be \[batch, 2\]/);
    expect(() => tf.image.extractGlimpse(x, [1, 1], [[0, 0]], { noise: 'pink' as 'zero' })).toThrow(/noise must be/);
    expect(() => tf.image.extractGlimpse(tf.zeros([1, 0, 3, 1]), [1, 1], [[0, 0]])).toThrow(/must not be empty/);
  });
});
