// How `training` resolves when a call does not give it, against Keras 3.15.1 (JAX backend): the
// value passed, else the outer layer call's, else the default of the layer's Keras `call`
// signature (true for the image preprocessing layers, false for Dropout, the noise and recurrent
// layers), left in the call context for the layer calls after it; a functional model's nodes
// record that default and the model call's own mode, when it has one, overrides them. Every number
// of test/fixtures/keras-training-default.json comes from
// scripts/keras_training_default_fixtures.py. RandomBrightness of factor [0.5, 0.5] adds 127.5
// exactly when it runs in training mode, so each case's output says which mode it ran in, with no
// random draw; a BatchNormalization after it shows the mode passed on (batch statistics, moving
// mean updated).
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { expectClose } from './helpers/keras';

const L = tf.keras.layers;

interface Case { outputs: number[]; movingMean?: number[] }
interface Fixture { keras: string; x: number[]; shape: number[]; cases: Record<string, Case>; nodeTraining: [string, boolean | string][] }
const fixture = JSON.parse(readFileSync(new URL('./fixtures/keras-training-default.json', import.meta.url), 'utf8')) as Fixture;

beforeEach(() => tf.keras.backend.clearSession());

const SHAPE = fixture.shape.slice(1);
const x = (): tf.Tensor => tf.reshape(tf.constant(fixture.x), fixture.shape);
const brightness = (): tf.keras.layers.RandomBrightness => new L.RandomBrightness([0.5, 0.5]);

/** The case's output (and the BatchNormalization's moving mean) compared with Keras'. */
function expectCase(name: string, output: tf.Tensor, norm?: tf.keras.layers.BatchNormalization): void {
  const want = fixture.cases[name];
  if (want === undefined) throw new Error(`no fixture case '${name}'`);
  expectClose(output, want.outputs, name);
  if (want.movingMean !== undefined) expectClose(norm!.movingMean!, want.movingMean, `${name}: moving mean`);
}

describe('a layer called directly takes the default of its Keras call signature', () => {
  it('RandomBrightness augments unless training is false or null (Keras\' None); GaussianNoise does nothing', () => {
    expect(fixture.keras).toBe('3.15.1');
    expectCase('direct', brightness()(x()));
    expectCase('direct training=False', brightness()(x(), { training: false }));
    expectCase('direct training=None', brightness()(x(), { training: null }));
    expectCase('GaussianNoise direct', new L.GaussianNoise(0.5)(x()));
  });
});

describe('models called without training', () => {
  it('Sequential (with an Input and without): augments when called, not with training false or in predict', () => {
    const seq = new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), brightness()]);
    expectCase('sequential', seq(x()));
    expectCase('sequential training=False', seq(x(), { training: false }));
    expectCase('sequential predict', seq.predict(x()));
    expectCase('sequential no Input', new tf.keras.Sequential([brightness()])(x()));
  });

  it('functional: the node records training=True; the model call\'s mode overrides a recorded one', () => {
    let inp = tf.keras.Input({ shape: SHAPE });
    const fn = new tf.keras.Model({ inputs: inp, outputs: brightness().apply(inp) });
    expectCase('functional', fn(x()));
    expectCase('functional training=False', fn(x(), { training: false }));
    expectCase('functional predict', fn.predict(x()));
    inp = tf.keras.Input({ shape: SHAPE });
    const recordedFalse = new tf.keras.Model({ inputs: inp, outputs: brightness().apply(inp, { training: false }) });
    expectCase('functional recorded False', recordedFalse(x()));
    expectCase('functional recorded False, training=True', recordedFalse(x(), { training: true }));
  });

  it('nested: a Sequential in a functional model', () => {
    const inner = new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), brightness()]);
    const inp = tf.keras.Input({ shape: SHAPE });
    const outer = new tf.keras.Model({ inputs: inp, outputs: inner.apply(inp) });
    expectCase('nested', outer(x()));
    expectCase('nested training=False', outer(x(), { training: false }));
    expectCase('nested predict', outer.predict(x()));
  });

  it('a Dropout before RandomBrightness in a Sequential leaves it augmenting (each layer gets its own default)', () => {
    expectCase('sequential dropout then brightness', new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), new L.Dropout(0.5), brightness()])(x()));
  });

  it('a BatchNormalization after RandomBrightness inherits training mode: batch statistics, moving mean updated', () => {
    let bn = new L.BatchNormalization();
    expectCase('sequential brightness then batchnorm', new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), brightness(), bn])(x()), bn);
    bn = new L.BatchNormalization();
    expectCase('sequential brightness then batchnorm predict', new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), brightness(), bn]).predict(x()), bn);
    bn = new L.BatchNormalization();
    const inp = tf.keras.Input({ shape: SHAPE });
    expectCase('functional brightness then batchnorm', new tf.keras.Model({ inputs: inp, outputs: bn.apply(brightness().apply(inp)) })(x()), bn);
    bn = new L.BatchNormalization();
    expectCase('batchnorm alone', new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), bn])(x()), bn);
  });

  it('subclassed models: the layer calls in `call` share the mode the first one resolved', () => {
    class BrightnessThenNorm extends tf.keras.Model {
      brightness = brightness();
      norm = new L.BatchNormalization();
      override call(inputs: tf.Tensor) {
        return this.norm(this.brightness(inputs));
      }
    }
    class NoiseThenBrightness extends tf.keras.Model {
      noise = new L.GaussianNoise(0.5);
      brightness = brightness();
      override call(inputs: tf.Tensor) {
        return this.brightness(this.noise(inputs));
      }
    }
    const sub = new BrightnessThenNorm();
    expectCase('subclass brightness then batchnorm', sub(x()), sub.norm);
    expectCase('subclass noise then brightness', new NoiseThenBrightness()(x()));
  });
});

describe('the recorded modes in a functional config, as Keras writes them', () => {
  it('a node keeps the layer\'s default only for one input of the layer\'s dtype and no options (RandomFlip: any input)', () => {
    const img = tf.keras.Input({ shape: [2, 3, 1] });
    const ints = tf.keras.Input({ shape: [2, 3, 1], dtype: 'int32' });
    const seq = tf.keras.Input({ shape: [4, 2] });
    const key = tf.keras.Input({ shape: [5, 2] });
    const call = (layer: tf.keras.layers.Layer, inputs: tf.keras.KerasTensor | tf.keras.KerasTensor[]): tf.keras.KerasTensor => layer.apply(inputs) as tf.keras.KerasTensor;
    const outputs = [
      call(new L.RandomFlip('horizontal'), img),
      call(new L.RandomFlip('horizontal'), ints),
      call(new L.RandomContrast(0.5), ints),
      call(new L.RandomContrast(0.5), img),
      call(new L.Dropout(0.5), img),
      call(new L.Dropout(0.5), ints),
      call(new L.Dense(2), img),
      call(new L.Attention(), [seq, key]),
      call(new L.LSTM(2), seq),
      call(new L.GaussianNoise(0.1), seq),
    ];
    const config = new tf.keras.Model({ inputs: [img, ints, seq, key], outputs }).getConfig() as { layers: { className: string; inboundNodes: { kwargs: Record<string, unknown> }[] }[] };
    const recorded = config.layers.filter((l) => l.inboundNodes.length > 0).map((l) => [l.className, 'training' in l.inboundNodes[0]!.kwargs ? l.inboundNodes[0]!.kwargs.training : '<missing>']);
    expect(recorded).toEqual(fixture.nodeTraining);
  });
});

describe('predict, evaluate and fit', () => {
  it('evaluate and predict run the augmentation layers in inference, fit in training', () => {
    const target = tf.reshape(tf.reduceSum(tf.reshape(x(), [2, -1]), 1), [2, 1]);
    // A Dense of ones sums each sample's pixels: the target is that sum, reached out of training.
    const ones = new tf.keras.Sequential([tf.keras.Input({ shape: SHAPE }), brightness(), new L.Flatten(), new L.Dense(1, { kernelInitializer: 'ones', biasInitializer: 'zeros' })]);
    ones.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0 }), loss: 'mae' });
    expect(ones.evaluate(x(), target, { verbose: 0 })).toBeCloseTo(0, 3);
    expectClose(ones.predict(x()), Array.from(target.dataSync()), 'predict');
    // fit's step runs training=true: every pixel of the 24 per sample shifted by 127.5.
    const loss = ones.fit(x(), target, { epochs: 1, batchSize: 2, verbose: 0 }).history.loss![0]!;
    expect(loss).toBeCloseTo(24 * 127.5, 1);
  });
});
