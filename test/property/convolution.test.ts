// Convolution and pooling properties (float64): random geometries (1 to 3 spatial dims, sizes
// 1-7, kernels 1-3, strides 1-3, dilations 1-2, 'SAME', 'VALID' or explicit padding, grouped
// channels, channels last or first) against the plain-loop definitions of
// test/helpers/conv-oracle.ts: the forward values, the gradient with respect to the filters (the
// oracle's sum over positions), the gradient with respect to the input (equal to the transposed
// convolution of the upstream gradient, two independent paths through the library), and the
// pools. A window larger than its padded input must be an error naming the function.
import fc from 'fast-check';
import * as tf from 'gradtape';
import { afterAll, describe, it } from 'vitest';
import { type Pads, convFilterGradOracle, convOracle, poolOracle } from '../helpers/conv-oracle';
import { randomValues, seededRandom, sizeOf } from '../helpers/gradcheck';
import { checkProperty, logTally } from './harness';

afterAll(() => logTally('convolution.test.ts'));

interface Geometry {
  d: number;
  batch: number;
  sizes: number[];
  groups: number;
  depth: number;
  per: number;
  kernel: number[];
  strides: number[];
  dilations: number[];
  padding: Pads;
  last: boolean;
  seed: number;
}

const geometryArb: fc.Arbitrary<Geometry> = fc.integer({ min: 1, max: 3 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    batch: fc.integer({ min: 1, max: 2 }),
    sizes: fc.array(fc.integer({ min: 1, max: d === 3 ? 4 : 7 }), { minLength: d, maxLength: d }),
    groups: fc.constantFrom(1, 1, 2, 3),
    depth: fc.integer({ min: 1, max: 2 }),
    per: fc.integer({ min: 1, max: 2 }),
    kernel: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: d, maxLength: d }),
    strides: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: d, maxLength: d }),
    dilations: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: d, maxLength: d }),
    padding: fc.oneof(fc.constant('SAME' as Pads), fc.constant('VALID' as Pads), fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: d, maxLength: d }).map((p) => p.map((q) => [...q]) as Pads)),
    last: fc.boolean(),
    seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  }),
);

/** Whether every window fits its padded input (otherwise TensorFlow raises). */
const fits = (g: Geometry) => g.sizes.every((n, i) => {
  if (g.padding === 'SAME') return true;
  const pad = g.padding === 'VALID' ? 0 : g.padding[i]![0]! + g.padding[i]![1]!;
  return n + pad >= (g.kernel[i]! - 1) * g.dilations[i]! + 1;
});
const toFirst = (t: tf.Tensor) => tf.transpose(t, [0, t.rank - 1, ...Array.from({ length: t.rank - 2 }, (_, i) => i + 1)]);
const toLast = (t: tf.Tensor) => tf.transpose(t, [0, ...Array.from({ length: t.rank - 2 }, (_, i) => i + 2), 1]);
const FORMATS = [['NWC', 'NCW'], ['NHWC', 'NCHW'], ['NDHWC', 'NCDHW']] as const;

function worst(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let scale = 1e-300, err = 0;
  for (let i = 0; i < want.length; i++) {
    if (Object.is(got[i], want[i])) continue; // (equal infinities: a max pool's window of padding only)
    scale = Math.max(scale, Math.abs(want[i]!));
    err = Math.max(err, Math.abs(got[i]! - want[i]!));
  }
  return got.length === want.length ? err / scale : Infinity;
}

describe('convolution and pooling against their definitions', () => {
  it('conv: values, the filters\' gradient, the input\'s (= the transposed convolution), in both layouts', () => {
    checkProperty(
      'convolution: random geometries',
      fc.property(geometryArb, (g) => {
        const channels = g.groups * g.depth;
        const xShape = [g.batch, ...g.sizes, channels], wShape = [...g.kernel, g.depth, g.groups * g.per];
        const rand = seededRandom(g.seed);
        const [xv, wv] = [randomValues(sizeOf(xShape), rand), randomValues(sizeOf(wShape), rand)];
        const x = tf.constant(xv, 'float64').reshape(xShape), w = tf.constant(wv, 'float64').reshape(wShape);
        const [lastFormat, firstFormat] = FORMATS[g.d - 1]!;
        const call = (input: tf.Tensor, filters: tf.Tensor) =>
          tf.nn.convolution(g.last ? input : toFirst(input), filters, g.strides, g.padding as tf.Padding, g.last ? lastFormat : firstFormat, g.dilations);
        if (!fits(g)) {
          let message = '';
          try { call(x, w); } catch (e) { message = (e as Error).message; }
          if (!/^convolution: the window spans/.test(message)) throw new Error(`expected the window error, got: ${message || 'a result'}`);
          return;
        }
        const want = convOracle(xv, xShape, wv, wShape, g.strides, g.dilations, g.padding);
        const tape = new tf.GradientTape({ persistent: true });
        tape.watch([x, w]);
        const y = tape.record(() => (g.last ? call(x, w) : toLast(call(x, w))));
        if (y.shape.join() !== want.shape.join()) throw new Error(`shape [${y.shape}] vs [${want.shape}]`);
        const e1 = worst(y.dataSync(), want.y);
        if (!(e1 < 1e-12)) throw new Error(`values off by ${e1}`);
        const cv = randomValues(y.size, rand);
        const c = tf.constant(cv, 'float64').reshape(want.shape);
        const loss = tape.record(() => tf.reduceSum(tf.mul(y, c)));
        const [gx, gw] = tape.gradient(loss, [x, w]) as tf.Tensor[];
        tape.dispose();
        const e2 = worst(gw!.dataSync(), convFilterGradOracle(xv, xShape, wShape, cv, g.strides, g.dilations, g.padding));
        if (!(e2 < 1e-12)) throw new Error(`filters' gradient off by ${e2}`);
        if (g.groups === 1 && g.d <= 3) {
          const transposed = [tf.nn.conv1dTranspose, tf.nn.conv2dTranspose, tf.nn.conv3dTranspose][g.d - 1]! as (...a: unknown[]) => tf.Tensor;
          const e3 = worst(gx!.dataSync(), transposed(c, w, xShape, g.strides, g.padding, undefined, g.dilations).dataSync());
          if (!(e3 < 1e-12)) throw new Error(`input's gradient and the transposed convolution differ by ${e3}`);
        }
      }),
      { seed: 271828, numRuns: 300 },
    );
  });

  it('max and average pooling: values, in both layouts', () => {
    checkProperty(
      'pooling: random geometries',
      fc.property(geometryArb, fc.constantFrom('max' as const, 'avg' as const), (g, kind) => {
        const padding = kind === 'avg' && Array.isArray(g.padding) ? 'SAME' : g.padding;
        const dilationFree = { ...g, dilations: g.kernel.map(() => 1), padding };
        const xShape = [g.batch, ...g.sizes, g.depth];
        const xv = randomValues(sizeOf(xShape), seededRandom(g.seed));
        const x = tf.constant(xv, 'float64').reshape(xShape);
        const [lastFormat, firstFormat] = FORMATS[g.d - 1]!;
        const pool = kind === 'max' ? tf.nn.maxPool : tf.nn.avgPool;
        const call = () => pool(g.last ? x : toFirst(x), g.kernel, g.strides, padding as 'SAME', g.last ? lastFormat : firstFormat);
        if (!fits(dilationFree)) {
          let message = '';
          try { call(); } catch (e) { message = (e as Error).message; }
          if (!/Pool: the window spans/.test(message)) throw new Error(`expected the window error, got: ${message || 'a result'}`);
          return;
        }
        const want = poolOracle(kind, xv, xShape, g.kernel, g.strides, padding);
        const raw = call();
        const y = g.last ? raw : toLast(raw);
        if (y.shape.join() !== want.shape.join()) throw new Error(`shape [${y.shape}] vs [${want.shape}]`);
        const e = worst(y.dataSync(), want.y);
        if (!(e < 1e-12)) throw new Error(`values off by ${e}`);
      }),
      { seed: 314159, numRuns: 300 },
    );
  });
});
