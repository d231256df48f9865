// Keras model serialization and saving against Keras 3 (keras/src/models/model.py, functional.py,
// sequential.py, saving/saving_api.py, saving/serialization_lib.py, models/cloning.py): every
// built-in layer made again from its config, Keras' functional config structure, models made from
// configs and JSON, cloneModel, whole models and weights saved to files and bytes (predictions and
// weights compared bit for bit, training resumed exactly), custom objects, and the errors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';

const L = tf.keras.layers;
const scratch = mkdtempSync(join(tmpdir(), 'gradtape-keras-saving-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeEach(() => tf.keras.backend.clearSession());

/** Every value of a tensor or of each tensor of an array or object of them, exactly. */
function valuesOf(out: tf.Tensor | tf.Tensor[] | Record<string, tf.Tensor>): number[][] {
  const list = out instanceof tf.Tensor ? [out] : Array.isArray(out) ? out : Object.keys(out).sort().map((k) => out[k]!);
  return list.map((t) => Array.from(t.dataSync() as ArrayLike<number>));
}

/** Every weight's values, exactly, in the order of `model.weights`. */
const weightsOf = (model: tf.keras.Model): number[][] => model.getWeights().map((w) => Array.from(w.dataSync() as ArrayLike<number>));

/** The same config after JSON (what a file keeps). */
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// ---------------------------------------------------------------------------------------------
describe('layers from their configs', () => {
  /** One layer of every built-in class, with options away from the defaults, and an input that builds it. */
  const cases: [string, () => tf.keras.layers.Layer, number[] | number[][]][] = [
    ['Dense', () => new L.Dense(3, { activation: 'tanh', useBias: false, kernelInitializer: new tf.keras.initializers.RandomNormal({ stddev: 0.2, seed: 3 }), kernelRegularizer: 'l2', kernelConstraint: new tf.keras.constraints.MaxNorm({ maxValue: 3 }), activityRegularizer: new tf.keras.regularizers.L1({ l1: 0.5 }) }), [2, 4]],
    ['Activation', () => new L.Activation('softplus'), [2, 3]],
    ['ReLU', () => new L.ReLU({ maxValue: 6, negativeSlope: 0.1, threshold: 0.5 }), [2, 3]],
    ['Softmax', () => new L.Softmax({ axis: 1 }), [2, 3, 2]],
    ['Dropout', () => new L.Dropout(0.25, { seed: 7, noiseShape: [null, 1] }), [2, 3]],
    ['Flatten', () => new L.Flatten({ dataFormat: 'channels_first' }), [2, 3, 2]],
    ['Reshape', () => new L.Reshape([3, -1]), [2, 6]],
    ['InputLayer', () => new L.InputLayer({ shape: [5], batchSize: 4, name: 'features' }), [4, 5]],
    ['Conv1D', () => new L.Conv1D(2, 3, { padding: 'causal', dilationRate: 2, activation: 'relu', biasInitializer: 'ones' }), [2, 8, 3]],
    ['Conv2D', () => new L.Conv2D(2, [2, 3], { strides: 2, padding: 'same', kernelConstraint: 'non_neg' }), [1, 6, 6, 2]],
    ['MaxPooling1D', () => new L.MaxPooling1D({ poolSize: 3, strides: 1, padding: 'same' }), [2, 6, 2]],
    ['MaxPooling2D', () => new L.MaxPooling2D({ poolSize: [2, 1] }), [1, 4, 4, 2]],
    ['AveragePooling1D', () => new L.AveragePooling1D({ poolSize: 2, dataFormat: 'channels_first' }), [2, 2, 6]],
    ['AveragePooling2D', () => new L.AveragePooling2D({ poolSize: 2, strides: 1 }), [1, 4, 4, 2]],
    ['GlobalAveragePooling1D', () => new L.GlobalAveragePooling1D({ keepdims: true }), [2, 5, 3]],
    ['GlobalAveragePooling2D', () => new L.GlobalAveragePooling2D({ dataFormat: 'channels_first' }), [1, 2, 3, 3]],
    ['GlobalMaxPooling1D', () => new L.GlobalMaxPooling1D(), [2, 5, 3]],
    ['GlobalMaxPooling2D', () => new L.GlobalMaxPooling2D({ keepdims: true }), [1, 3, 3, 2]],
    ['BatchNormalization', () => new L.BatchNormalization({ momentum: 0.9, epsilon: 0.01, center: false, gammaRegularizer: new tf.keras.regularizers.L2({ l2: 0.1 }) }), [4, 3]],
    ['LayerNormalization', () => new L.LayerNormalization({ axis: [-1], epsilon: 0.1, rmsScaling: true, scale: true, center: false }), [2, 4]],
    ['Embedding', () => new L.Embedding(10, 4, { embeddingsRegularizer: 'l1', embeddingsInitializer: 'he_normal' }), [2, 3]],
    ['Add', () => new L.Add(), [[2, 3], [2, 3]]],
    ['Subtract', () => new L.Subtract(), [[2, 3], [2, 3]]],
    ['Multiply', () => new L.Multiply(), [[2, 3], [2, 3]]],
    ['Average', () => new L.Average(), [[2, 3], [2, 3]]],
    ['Maximum', () => new L.Maximum(), [[2, 3], [2, 3]]],
    ['Minimum', () => new L.Minimum(), [[2, 3], [2, 3]]],
    ['Concatenate', () => new L.Concatenate({ axis: 1 }), [[2, 3], [2, 2]]],
    ['Dot', () => new L.Dot([1, 1], { normalize: true }), [[2, 3], [2, 3]]],
    ['SimpleRNN', () => new L.SimpleRNN(3, { activation: 'relu', returnSequences: true, recurrentRegularizer: 'l1', dropout: 0.2, seed: 5 }), [2, 4, 3]],
    ['LSTM', () => new L.LSTM(2, { unitForgetBias: false, biasInitializer: 'ones', goBackwards: true, recurrentConstraint: 'unit_norm' }), [2, 4, 3]],
    ['GRU', () => new L.GRU(2, { resetAfter: false, recurrentActivation: 'hard_sigmoid', returnState: true }), [2, 4, 3]],
    ['Bidirectional', () => new L.Bidirectional(new L.LSTM(2, { returnSequences: true }), { mergeMode: 'ave', backwardLayer: new L.LSTM(2, { goBackwards: true, returnSequences: true, activation: 'relu' }) }), [2, 4, 3]],
    ['TimeDistributed', () => new L.TimeDistributed(new L.Conv2D(2, 2, { activation: 'relu' })), [2, 3, 4, 4, 1]],
    ['Masking', () => new L.Masking({ maskValue: -1 }), [2, 3, 2]],
    ['RNN', () => new L.RNN(new L.LSTMCell(2, { unitForgetBias: false, recurrentActivation: 'hard_sigmoid' }), { returnSequences: true, goBackwards: true, zeroOutputForMask: true }), [2, 4, 3]],
    ['SimpleRNNCell', () => new L.SimpleRNNCell(3, { activation: 'relu', dropout: 0.2, seed: 5, kernelRegularizer: 'l2' }), [2, 3]],
    ['LSTMCell', () => new L.LSTMCell(2, { unitForgetBias: false, biasInitializer: 'ones', recurrentConstraint: 'unit_norm' }), [2, 3]],
    ['GRUCell', () => new L.GRUCell(2, { resetAfter: false, recurrentActivation: 'hard_sigmoid' }), [2, 3]],
    ['StackedRNNCells', () => new L.StackedRNNCells([new L.LSTMCell(2), new L.GRUCell(3, { useBias: false })]), [2, 3]],
    ['Lambda', () => new L.Lambda(tf.abs, { outputShape: [3], arguments: { k: 2 } }), [2, 3]],
    ['Identity', () => new L.Identity({ trainable: false }), [2, 3]],
    ['Permute', () => new L.Permute([2, 1]), [2, 3, 4]],
    ['RepeatVector', () => new L.RepeatVector(3), [2, 4]],
    ['UpSampling1D', () => new L.UpSampling1D({ size: 3 }), [2, 3, 2]],
    ['UpSampling2D', () => new L.UpSampling2D({ size: [1, 2], interpolation: 'bilinear', dataFormat: 'channels_first' }), [1, 2, 3, 3]],
    ['UpSampling3D', () => new L.UpSampling3D({ size: [1, 2, 3], dataFormat: 'channels_first' }), [1, 2, 2, 3, 2]],
    ['ZeroPadding1D', () => new L.ZeroPadding1D({ padding: [0, 2] }), [2, 3, 2]],
    ['ZeroPadding2D', () => new L.ZeroPadding2D({ padding: [1, 2] }), [1, 3, 3, 2]],
    ['ZeroPadding3D', () => new L.ZeroPadding3D({ padding: [[1, 0], 2, [0, 1]] }), [1, 2, 3, 2, 2]],
    ['Cropping1D', () => new L.Cropping1D({ cropping: [2, 0] }), [2, 4, 2]],
    ['Cropping2D', () => new L.Cropping2D({ cropping: [[1, 0], [0, 1]], dataFormat: 'channels_first' }), [1, 2, 3, 3]],
    ['Cropping3D', () => new L.Cropping3D({ cropping: [[1, 0], 1, [0, 2]] }), [1, 3, 4, 4, 2]],
    ['LeakyReLU', () => new L.LeakyReLU({ negativeSlope: 0.1 }), [2, 3]],
    ['PReLU', () => new L.PReLU({ sharedAxes: [1], alphaInitializer: 'ones', alphaRegularizer: 'l2', alphaConstraint: 'non_neg' }), [2, 3, 2]],
    ['ELU', () => new L.ELU({ alpha: 0.5 }), [2, 3]],
    ['GaussianNoise', () => new L.GaussianNoise(0.3, { seed: 4 }), [2, 3]],
    ['GaussianDropout', () => new L.GaussianDropout(0.3), [2, 3]],
    ['AlphaDropout', () => new L.AlphaDropout(0.2, { noiseShape: [null, 1], seed: 2 }), [2, 3]],
    ['SpatialDropout1D', () => new L.SpatialDropout1D(0.2, { seed: 1 }), [2, 3, 2]],
    ['SpatialDropout2D', () => new L.SpatialDropout2D(0.2, { dataFormat: 'channels_first' }), [1, 2, 3, 3]],
    ['SpatialDropout3D', () => new L.SpatialDropout3D(0.2, { seed: 3 }), [1, 2, 2, 2, 3]],
    ['MaxPooling3D', () => new L.MaxPooling3D({ poolSize: [1, 2, 2], padding: 'same' }), [1, 2, 3, 3, 2]],
    ['AveragePooling3D', () => new L.AveragePooling3D({ strides: 1, dataFormat: 'channels_first' }), [1, 2, 3, 3, 2]],
    ['GlobalAveragePooling3D', () => new L.GlobalAveragePooling3D({ keepdims: true }), [1, 2, 3, 3, 2]],
    ['GlobalMaxPooling3D', () => new L.GlobalMaxPooling3D({ dataFormat: 'channels_first' }), [1, 2, 3, 3, 2]],
    ['ActivityRegularization', () => new L.ActivityRegularization({ l1: 0.1, l2: 0.2 }), [2, 3]],
    ['UnitNormalization', () => new L.UnitNormalization({ axis: [1, 2] }), [2, 3, 2]],
    ['RMSNormalization', () => new L.RMSNormalization({ axis: [1, 2], epsilon: 0.1 }), [2, 3, 2]],
    ['GroupNormalization', () => new L.GroupNormalization({ groups: -1, axis: 1, epsilon: 0.1, betaRegularizer: 'l1', gammaConstraint: 'unit_norm' }), [2, 4, 3]],
    ['Rescaling', () => new L.Rescaling([1, 2, 3], { offset: 0.5 }), [2, 3]],
    ['Normalization', () => new L.Normalization({ axis: [1, 2], mean: [1, 2], variance: [3, 4], invert: true }), [2, 3, 2]],
    ['CategoryEncoding', () => new L.CategoryEncoding({ numTokens: 5, outputMode: 'count' }), [2, 3]],
    ['Discretization', () => new L.Discretization({ binBoundaries: [0, 0.5, 2], outputMode: 'one_hot', epsilon: 0.1 }), [2, 3]],
    ['IntegerLookup', () => new L.IntegerLookup({ vocabulary: [4, 1, 9], maskToken: 0, numOovIndices: 2, outputMode: 'multi_hot', oovMethod: 'farmhash', salt: [1, 2] }), [2, 3]],
    ['Hashing', () => new L.Hashing({ numBins: 7, maskValue: 3, salt: 11 }), [2, 3]],
    ['Resizing', () => new L.Resizing(3, 2, { interpolation: 'bicubic', padToAspectRatio: true, fillValue: 0.5 }), [1, 4, 5, 2]],
    ['CenterCrop', () => new L.CenterCrop(2, 3, { dataFormat: 'channels_first' }), [1, 2, 4, 5]],
    ['RandomFlip', () => new L.RandomFlip('vertical', { seed: 1 }), [1, 4, 5, 2]],
    ['RandomCrop', () => new L.RandomCrop(2, 3, { seed: 2 }), [1, 4, 5, 2]],
    ['RandomContrast', () => new L.RandomContrast([0.1, 0.3], { valueRange: [0, 1], seed: 3 }), [1, 4, 5, 2]],
    ['RandomBrightness', () => new L.RandomBrightness(0.2, { valueRange: [-1, 1] }), [1, 4, 5, 2]],
    ['RandomRotation', () => new L.RandomRotation(0.1, { fillMode: 'wrap', interpolation: 'nearest', seed: 4 }), [1, 4, 5, 2]],
    ['RandomTranslation', () => new L.RandomTranslation([-0.1, 0.2], 0.3, { fillMode: 'constant', fillValue: 1 }), [1, 4, 5, 2]],
    ['RandomZoom', () => new L.RandomZoom(0.2, [-0.1, 0.3], { dataFormat: 'channels_first' }), [1, 2, 4, 5]],
    ['RandomGrayscale', () => new L.RandomGrayscale(0.3, { seed: 2 }), [1, 4, 5, 3]],
    ['RandomInvert', () => new L.RandomInvert([0.2, 0.7], { valueRange: [0, 1], seed: 2 }), [1, 4, 5, 3]],
    ['Solarization', () => new L.Solarization({ additionFactor: 0.2, thresholdFactor: [0.3, 0.6], valueRange: [-1, 1], seed: 2 }), [1, 4, 5, 3]],
    ['AutoContrast', () => new L.AutoContrast({ valueRange: [0, 1] }), [1, 4, 5, 3]],
    ['RandomColorDegeneration', () => new L.RandomColorDegeneration(0.4, { valueRange: [0, 1], seed: 2 }), [1, 4, 5, 3]],
    ['RandomSaturation', () => new L.RandomSaturation([0.2, 0.6], { seed: 2 }), [1, 4, 5, 3]],
    ['RandomHue', () => new L.RandomHue(0.3, { valueRange: [0, 1], seed: 2, dataFormat: 'channels_first' }), [1, 3, 4, 5]],
    ['RandomPosterization', () => new L.RandomPosterization([2, 6], { valueRange: [0, 1], seed: 2 }), [1, 4, 5, 3]],
    ['RandomSharpness', () => new L.RandomSharpness(0.7, { valueRange: [0, 1], seed: 2, dataFormat: 'channels_first' }), [1, 3, 4, 5]],
    ['RandomColorJitter', () => new L.RandomColorJitter({ valueRange: [0, 1], brightnessFactor: 0.2, hueFactor: [0.1, 0.3], seed: 2 }), [1, 4, 5, 3]],
    ['RandomGaussianBlur', () => new L.RandomGaussianBlur({ factor: 0.5, kernelSize: 5, sigma: [0.2, 0.9], valueRange: [0, 1], seed: 2 }), [1, 4, 5, 3]],
    ['RandomErasing', () => new L.RandomErasing({ factor: 0.7, scale: [0.1, 0.4], fillValue: [0.1, 0.2, 0.3], valueRange: [0, 1], seed: 2 }), [1, 4, 5, 3]],
    ['RandomShear', () => new L.RandomShear({ xFactor: 0.3, yFactor: [0.1, 0.2], fillMode: 'constant', fillValue: 1, seed: 2 }), [1, 4, 5, 3]],
    ['EinsumDense', () => new L.EinsumDense('abc,cd->abd', [null, 3], { biasAxes: 'd', activation: 'relu', kernelRegularizer: 'l2' }), [2, 4, 5]],
    ['MultiHeadAttention', () => new L.MultiHeadAttention({ numHeads: 2, keyDim: 3, valueDim: 2, outputShape: 4, dropout: 0.1, useGate: true, kernelConstraint: 'max_norm' }), [[2, 4, 5], [2, 3, 6]]],
    ['Attention', () => new L.Attention({ useScale: true, scoreMode: 'concat', dropout: 0.1 }), [[2, 4, 3], [2, 5, 3]]],
    ['AdditiveAttention', () => new L.AdditiveAttention({ useScale: false }), [[2, 4, 3], [2, 5, 3]]],
    ['Conv3D', () => new L.Conv3D(2, [2, 1, 2], { groups: 2, padding: 'same' }), [1, 3, 3, 3, 2]],
    ['Conv1DTranspose', () => new L.Conv1DTranspose(2, 3, { strides: 2, outputPadding: 1 }), [2, 5, 3]],
    ['Conv2DTranspose', () => new L.Conv2DTranspose(2, 3, { padding: 'same', dataFormat: 'channels_first', activation: 'tanh' }), [1, 2, 4, 4]],
    ['Conv3DTranspose', () => new L.Conv3DTranspose(1, 2, { strides: [1, 2, 1], useBias: false }), [1, 2, 2, 2, 1]],
    ['DepthwiseConv1D', () => new L.DepthwiseConv1D(2, { depthMultiplier: 2, depthwiseRegularizer: 'l1' }), [2, 5, 3]],
    ['DepthwiseConv2D', () => new L.DepthwiseConv2D([2, 3], { strides: 2, depthwiseInitializer: 'he_uniform' }), [1, 6, 6, 2]],
    ['SeparableConv1D', () => new L.SeparableConv1D(3, 2, { depthMultiplier: 2, pointwiseConstraint: 'non_neg' }), [2, 5, 3]],
    ['SeparableConv2D', () => new L.SeparableConv2D(3, 2, { padding: 'same', pointwiseInitializer: 'ones' }), [1, 4, 4, 2]],
    ['ConvLSTM1D', () => new L.ConvLSTM1D(2, 3, { padding: 'same', returnSequences: true, unitForgetBias: false, recurrentRegularizer: 'l2', dropout: 0.1, seed: 2 }), [2, 3, 5, 2]],
    ['ConvLSTM2D', () => new L.ConvLSTM2D(2, [2, 3], { strides: [1, 2], dataFormat: 'channels_first', recurrentActivation: 'hard_sigmoid', returnState: true }), [2, 2, 1, 4, 5]],
    ['ConvLSTM3D', () => new L.ConvLSTM3D(1, 2, { dilationRate: [1, 2, 1], goBackwards: true, useBias: false, kernelConstraint: 'non_neg' }), [1, 2, 3, 4, 3, 1]],
    ['AdaptiveAveragePooling1D', () => new L.AdaptiveAveragePooling1D(3, { dataFormat: 'channels_first' }), [2, 2, 7]],
    ['AdaptiveAveragePooling2D', () => new L.AdaptiveAveragePooling2D([2, 3]), [1, 5, 5, 2]],
    ['AdaptiveAveragePooling3D', () => new L.AdaptiveAveragePooling3D(2), [1, 3, 4, 5, 2]],
    ['AdaptiveMaxPooling1D', () => new L.AdaptiveMaxPooling1D([4]), [2, 6, 3]],
    ['AdaptiveMaxPooling2D', () => new L.AdaptiveMaxPooling2D([3, 1], { dataFormat: 'channels_first' }), [1, 2, 5, 4]],
    ['AdaptiveMaxPooling3D', () => new L.AdaptiveMaxPooling3D([1, 2, 3]), [1, 3, 4, 5, 2]],
    ['SpectralNormalization', () => new L.SpectralNormalization(new L.Conv2D(2, 2, { activation: 'relu' }), { powerIterations: 3 }), [1, 4, 4, 2]],
    ['ReversibleEmbedding', () => new L.ReversibleEmbedding(8, 3, { tieWeights: false, logitSoftCap: 30, maskZero: true, embeddingsRegularizer: 'l2' }), [2, 5]],
    ['GroupQueryAttention', () => new L.GroupQueryAttention({ headDim: 2, numQueryHeads: 4, numKeyValueHeads: 2, dropout: 0.1, useGate: true, slidingWindow: 2, biasRegularizer: 'l1', seed: 3 }), [[2, 4, 5], [2, 3, 5], [2, 3, 6]]],
  ];

  it('covers every layer class of tf.keras.layers', () => {
    // Each class once, under its own name: not under Keras' other names (MaxPool2D is MaxPooling2D), nor Input (a function).
    const aliased = (name: string, v: { name: string }) => v.name !== name && (L as Record<string, unknown>)[v.name] === v;
    const classes = Object.entries(L)
      .filter(([name, v]) => typeof v === 'function' && /^[A-Z]/.test(name) && !['Layer', 'Merge', 'Input'].includes(name) && !aliased(name, v))
      .map(([name]) => name);
    expect(cases.map(([name]) => name).sort()).toEqual(classes.sort());
  });

  for (const [name, make, inputShape] of cases) {
    it(`${name}.fromConfig(getConfig()) gives the same config, through JSON too, and deserialize(serialize()) a layer built as the original`, () => {
      const layer = make();
      const Cls = (L as unknown as Record<string, typeof tf.keras.layers.Layer>)[name]!;
      const config = layer.getConfig();
      const twin = Cls.fromConfig(config);
      expect(twin).toBeInstanceOf(Cls);
      expect(twin).not.toBe(layer);
      expect(twin.getConfig()).toEqual(config);
      // A Lambda's function does not survive JSON.stringify (toJson writes its name: keras-layers2.test.ts).
      const json = name === 'Lambda' ? <T>(value: T): T => value : viaJson;
      expect(Cls.fromConfig(json(config)).getConfig()).toEqual(config);

      // Built by a call: serialize records the input shape, and deserialize builds the new layer with it.
      const input = Array.isArray(inputShape[0]) ? (inputShape as number[][]).map((s) => tf.ones(s)) : name === 'Embedding' ? tf.ones(inputShape as number[], 'int32') : tf.ones(inputShape as number[]);
      // A cell's call takes the states before the step too.
      const cell = layer as Partial<tf.keras.layers.StackedRNNCells>;
      layer.apply(input as tf.Tensor, cell.getInitialState === undefined ? {} : { states: cell.getInitialState(2) });
      const serialized = tf.keras.layers.serialize(layer);
      expect(serialized.className).toBe(name);
      expect(serialized.config).toEqual(layer.getConfig());
      const restored = tf.keras.layers.deserialize(json(serialized));
      expect(restored).toBeInstanceOf(Cls);
      expect(restored.built).toBe(true);
      expect(restored.weights.map((w) => [w.name, w.shape])).toEqual(layer.weights.map((w) => [w.name, w.shape]));
    });
  }

  it('Layer.fromConfig passes the config to the constructor (Keras\' cls(**config)), and a config missing a constructor argument is an error', () => {
    const base = L.Layer.fromConfig({ name: 'plain', trainable: false, dtype: 'float64' });
    expect([base.name, base.trainable, base.dtype]).toEqual(['plain', false, 'float64']);
    expect(() => L.Dense.fromConfig({ name: 'd' })).toThrow('Dense.fromConfig: the config lacks `units`; pass the object getConfig() returns.');
    expect(() => L.Dense.fromConfig(null as never)).toThrow('Dense.fromConfig: expected the object getConfig() returns, got null.');
  });
});

// ---------------------------------------------------------------------------------------------
describe('functional config (Keras 3\'s structure)', () => {
  it('is Keras\' {name, trainable, layers: [... name, inboundNodes], inputLayers, outputLayers}', () => {
    const x = tf.keras.Input([3], { name: 'x' });
    const d = new L.Dense(2, { name: 'd', activation: 'relu' });
    const model = new tf.keras.Model({ inputs: x, outputs: d(x), name: 'net' });
    expect(model.getConfig()).toEqual({
      name: 'net',
      trainable: true,
      layers: [
        { className: 'InputLayer', config: { batchShape: [null, 3], dtype: 'float32', name: 'x' }, name: 'x', inboundNodes: [] },
        {
          className: 'Dense',
          config: d.getConfig(),
          buildConfig: { inputShape: [null, 3] },
          name: 'd',
          inboundNodes: [{ args: [{ className: '__keras_tensor__', config: { shape: [null, 3], dtype: 'float32', kerasHistory: ['x', 0, 0] } }], kwargs: {} }],
        },
      ],
      inputLayers: ['x', 0, 0],
      outputLayers: ['d', 0, 0],
    });
  });

  it('numbers a shared layer\'s calls, keeps list inputs and outputs as lists, a call\'s training option in kwargs, and calls made outside the model out', () => {
    const a = tf.keras.Input([2], { name: 'a' });
    const b = tf.keras.Input([2], { name: 'b' });
    const shared = new L.Dense(2, { name: 'shared' });
    shared(tf.keras.Input([2], { name: 'elsewhere' })); // a call of another graph: not this model's
    const sa = shared(a);
    const sb = shared(b);
    const drop = new L.Dropout(0.5, { name: 'drop' })(sb, { training: false });
    const sum = L.add([sa, drop], { name: 'sum' });
    const model = new tf.keras.Model({ inputs: [a, b], outputs: [sum, sb] });
    const config = model.getConfig() as unknown as tf.FunctionalConfig;
    expect(config.inputLayers).toEqual([['a', 0, 0], ['b', 0, 0]]);
    expect(config.outputLayers).toEqual([['sum', 0, 0], ['shared', 1, 0]]);
    const byName = Object.fromEntries(config.layers.map((l) => [l.name, l]));
    const history = (node: tf.NodeConfig) => (Array.isArray(node.args[0]) ? node.args[0] : [node.args[0]]).map((t) => (t as { config: { kerasHistory: unknown } }).config.kerasHistory);
    expect(byName.shared!.inboundNodes.map(history)).toEqual([[['a', 0, 0]], [['b', 0, 0]]]);
    expect(byName.drop!.inboundNodes).toEqual([{ args: [{ className: '__keras_tensor__', config: { shape: [null, 2], dtype: 'float32', kerasHistory: ['shared', 1, 0] } }], kwargs: { training: false } }]);
    expect(byName.sum!.inboundNodes.map(history)).toEqual([[['shared', 0, 0], ['drop', 0, 0]]]);
    const twin = tf.keras.Model.fromConfig(viaJson(config) as unknown as Record<string, unknown>);
    expect(twin.getConfig()).toEqual(config);
    twin.setWeights(model.getWeights());
    const x = [tf.constant([[1, 2], [-1, 0.5]]), tf.constant([[0, 3], [2, -2]])];
    expect(valuesOf(twin.predict<tf.Tensor[]>(x))).toEqual(valuesOf(model.predict<tf.Tensor[]>(x)));
  });

  it('keeps an object of inputs and outputs as an object', () => {
    const inputs = { left: tf.keras.Input([2], { name: 'left' }), right: tf.keras.Input([2], { name: 'right' }) };
    const outputs = { total: L.add([inputs.left, inputs.right], { name: 'total' }) };
    const config = new tf.keras.Model({ inputs, outputs }).getConfig();
    expect(config.inputLayers).toEqual({ left: ['left', 0, 0], right: ['right', 0, 0] });
    expect(config.outputLayers).toEqual({ total: ['total', 0, 0] });
    const twin = tf.keras.Model.fromConfig(config);
    const out = twin.predict<Record<string, tf.Tensor>>({ left: [[1, 2]], right: [[3, 4]] });
    expect(out.total!.arraySync()).toEqual([[4, 6]]);
  });
});

// ---------------------------------------------------------------------------------------------
/** A functional model of two inputs and two outputs with a shared layer, a nested Sequential and a nested functional model. */
function bigModel(): tf.keras.Model {
  const a = tf.keras.Input([3], { name: 'a' });
  const b = tf.keras.Input([2], { name: 'b' });
  const shared = new L.Dense(4, { activation: 'relu', name: 'shared' });
  const innerSequential = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(3, { name: 'seq_dense' }), new L.BatchNormalization({ name: 'seq_bn' })], { name: 'inner_sequential' });
  const innerIn = tf.keras.Input([4], { name: 'inner_in' });
  const innerFunctional = new tf.keras.Model({ inputs: innerIn, outputs: new L.Dense(2, { activation: 'tanh', name: 'inner_dense' })(innerIn), name: 'inner_functional' });
  const ha = shared(a);
  const hb = shared(new L.Dense(3, { name: 'lift' })(b));
  const merged = L.concatenate([innerSequential(ha), innerFunctional(hb)], -1, { name: 'merged' });
  const first = new L.Dense(1, { name: 'first' })(merged);
  const second = new L.Dense(2, { activation: 'softmax', name: 'second' })(L.add([ha, hb], { name: 'sum' }));
  return new tf.keras.Model({ inputs: [a, b], outputs: [first, second], name: 'big' });
}

const bigInputs = (): tf.Tensor[] => [tf.constant([[0.5, -1, 2], [1.5, 0.25, -0.75], [0, 1, 1]]), tf.constant([[1, -2], [0.5, 0.5], [-1, 3]])];
const bigLabels = (): tf.Tensor[] => [tf.constant([[1], [0], [2]]), tf.constant([[1, 0], [0, 1], [0.5, 0.5]])];

describe('models from configs and JSON', () => {
  it('Sequential.fromConfig makes the same Sequential (its InputLayer first), new weights', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([4]), new L.Dense(3, { activation: 'relu' }), new L.Dropout(0.2), new L.Dense(1)], { name: 'seq' });
    const config = model.getConfig();
    expect((config.layers as tf.SerializedLayer[]).map((l) => l.className)).toEqual(['InputLayer', 'Dense', 'Dropout', 'Dense']);
    const twin = tf.keras.Sequential.fromConfig(viaJson(config));
    expect(twin).toBeInstanceOf(tf.keras.Sequential);
    expect(twin.getConfig()).toEqual(config);
    expect(twin.built).toBe(true);
    expect(twin.weights.map((w) => w.shape)).toEqual(model.weights.map((w) => w.shape));
    expect(twin.weights[0]).not.toBe(model.weights[0]);
    // Keras also takes the list of layers alone.
    expect(tf.keras.Sequential.fromConfig(viaJson(config.layers) as tf.SerializedLayer[]).countParams()).toBe(model.countParams());
  });

  it('a Sequential built by a call (no Input) comes back built, from its buildConfig', () => {
    const model = new tf.keras.Sequential([new L.Dense(2), new L.Dense(1)]);
    model.predict([[1, 2, 3]]);
    const serialized = tf.keras.layers.serialize(model);
    expect(serialized.buildConfig).toEqual({ inputShape: [1, 3] }); // the shape it was built for, as Keras' build_config keeps it
    const twin = tf.keras.models.modelFromConfig(viaJson(serialized));
    expect(twin.built).toBe(true);
    expect(twin.countParams()).toBe(model.countParams());
  });

  it('modelFromJson(model.toJson()) gives the same model config, for a functional model with shared layers and nested models', () => {
    const model = bigModel();
    const json = model.toJson();
    expect(JSON.parse(json)).toEqual({ className: 'Functional', config: viaJson(model.getConfig()) });
    const twin = tf.keras.models.modelFromJson(json);
    expect(twin.toJson()).toBe(json);
    expect(twin.layers.map((l) => `${l.name}:${l.constructor.name}`)).toEqual(model.layers.map((l) => `${l.name}:${l.constructor.name}`));
    // Same architecture, new weights: with the weights copied, the same predictions bit for bit.
    twin.setWeights(model.getWeights());
    expect(valuesOf(twin.predict<tf.Tensor[]>(bigInputs()))).toEqual(valuesOf(model.predict<tf.Tensor[]>(bigInputs())));
  });

  it('modelFromConfig takes tf.keras.layers.serialize(model) of every kind of model', () => {
    const model = bigModel();
    const twin = tf.keras.models.modelFromConfig(tf.keras.layers.serialize(model));
    expect(twin.getConfig()).toEqual(model.getConfig());
    expect(() => tf.keras.models.modelFromConfig(tf.keras.layers.serialize(new L.Dense(2)))).toThrow(
      'keras.models.modelFromConfig: the config is of a Dense layer, not a model; use tf.keras.layers.deserialize for a layer.',
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('cloneModel', () => {
  it('has the same config, new layers and different weights, and is not compiled', () => {
    const model = bigModel();
    model.compile({ optimizer: 'adam', loss: ['mse', 'categorical_crossentropy'] });
    const clone = tf.keras.models.cloneModel(model);
    expect(clone.getConfig()).toEqual(model.getConfig());
    expect(clone.compiled).toBe(false);
    expect(clone.layers.every((l, i) => l !== model.layers[i])).toBe(true);
    const original = weightsOf(model);
    const cloned = weightsOf(clone);
    expect(cloned.map((w) => w.length)).toEqual(original.map((w) => w.length));
    // The kernels are drawn again (glorot_uniform), so they differ; the zero biases and BN's ones do not.
    expect(cloned[0]).not.toEqual(original[0]);
    expect(clone.weights.some((w) => model.weights.includes(w))).toBe(false);
  });

  it('a Sequential stays a Sequential, and layer classes of your own are reused without customObjects', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), new Scale({ factor: 2, name: 'scale' }), new L.Dense(1)]);
    const clone = tf.keras.models.cloneModel(model);
    expect(clone).toBeInstanceOf(tf.keras.Sequential);
    expect(clone.layers[0]).toBeInstanceOf(Scale);
    expect((clone.layers[0] as Scale).factor).toBe(2);
    expect(clone.getConfig()).toEqual(model.getConfig());
  });
});

// ---------------------------------------------------------------------------------------------
/** A layer of your own: x · scale · factor, `factor` an option in its config. */
class Scale extends tf.keras.layers.Layer {
  readonly factor: number;
  scale: tf.Variable | null = null;
  constructor(options: tf.LayerOptions & { factor?: number } = {}) {
    const { factor = 1, ...rest } = options;
    super(rest);
    this.factor = factor;
  }
  override build(inputShape: (number | null)[]): void {
    this.scale = this.addWeight({ shape: [inputShape.at(-1)!], initializer: new tf.keras.initializers.RandomUniform({ minval: 0.5, maxval: 1.5 }), name: 'scale' });
  }
  override call(x: tf.Tensor): tf.Tensor {
    return x.mul(this.scale!).mul(this.factor);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), factor: this.factor };
  }
}

/** An activation of your own. */
function cube(x: tf.Tensor): tf.Tensor {
  return x.mul(x).mul(x);
}

/** A loss of your own. */
function halfSquared(yTrue: tf.TensorLike, yPred: tf.TensorLike): tf.Tensor {
  return tf.reduceMean(tf.square(tf.sub(yPred, yTrue)), -1).mul(0.5);
}

describe('saving whole models', () => {
  it('a Sequential saved and loaded predicts the same bit for bit, with the same weights (BatchNormalization\'s moving statistics too)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(4, { activation: 'relu' }), new L.BatchNormalization(), new L.Dense(2)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    model.fit([[1, 2, 3], [0, -1, 2], [3, 1, 0], [1, 1, 1]], [[1, 0], [0, 1], [1, 1], [0, 0]], { epochs: 2, batchSize: 2, shuffle: false });
    const path = join(scratch, 'sequential.gtkeras');
    model.save(path);
    const loaded = tf.keras.models.loadModel(path);
    expect(loaded).toBeInstanceOf(tf.keras.Sequential);
    expect(loaded.getConfig()).toEqual(model.getConfig());
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    const x = [[0.3, -0.7, 1.1], [2, 0.5, -1]];
    expect(valuesOf(loaded.predict(x))).toEqual(valuesOf(model.predict(x)));
  });

  it('a functional model of two inputs and outputs, a shared layer and nested models: file and bytes give the same predictions bit for bit', () => {
    const model = bigModel();
    model.compile({ optimizer: 'adam', loss: ['mse', 'categorical_crossentropy'] });
    model.fit(bigInputs(), bigLabels(), { epochs: 2, shuffle: false });
    const path = join(scratch, 'big.gtkeras');
    model.save(path);
    const expected = valuesOf(model.predict<tf.Tensor[]>(bigInputs()));
    for (const loaded of [tf.keras.models.loadModel(path), tf.keras.models.fromBytes(model.toBytes()), tf.keras.models.fromBytes(new Uint8Array(readFileSync(path)))]) {
      expect(loaded.getConfig()).toEqual(model.getConfig());
      expect(weightsOf(loaded)).toEqual(weightsOf(model));
      expect(valuesOf(loaded.predict<tf.Tensor[]>(bigInputs()))).toEqual(expected);
    }
  });

  it('training resumed after loadModel equals uninterrupted training bit for bit (Adam\'s slots and iterations, a schedule, loss weights, per-output metrics)', () => {
    const make = () => {
      tf.keras.backend.clearSession();
      const model = bigModel();
      model.compile({
        optimizer: new tf.keras.optimizers.Adam({ learningRate: new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.05, decaySteps: 2, decayRate: 0.5 }) }),
        loss: { first: 'mse', second: new tf.keras.losses.CategoricalCrossentropy({ labelSmoothing: 0.1 }) },
        lossWeights: { first: 1, second: 0.5 },
        metrics: { first: ['mae'], second: [new tf.keras.metrics.CategoricalAccuracy()] },
        weightedMetrics: { second: ['mse'] },
      });
      return model;
    };
    const uninterrupted = make();
    const fit = (model: tf.keras.Model, epochs: number) => model.fit(bigInputs(), bigLabels(), { epochs, batchSize: 2, shuffle: false });
    fit(uninterrupted, 2);
    const path = join(scratch, 'resume.gtkeras');
    uninterrupted.save(path);
    const before = uninterrupted.getCompileConfig();
    const continued = fit(uninterrupted, 3);

    const resumedModel = tf.keras.models.loadModel(path);
    expect(resumedModel.compiled).toBe(true);
    expect(resumedModel.getCompileConfig()).toEqual(viaJson(before));
    expect(resumedModel.optimizer!.iterations).toBe(4);
    const resumed = fit(resumedModel, 3);
    expect(resumed.history).toEqual(continued.history);
    expect(weightsOf(resumedModel)).toEqual(weightsOf(uninterrupted));
    expect(resumedModel.optimizer!.iterations).toBe(uninterrupted.optimizer!.iterations);
  });

  it('compile: false leaves the loaded model uncompiled, with the same weights', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.fit([[1, 2]], [[3, 4]], { epochs: 2 });
    const loaded = tf.keras.models.fromBytes(model.toBytes(), { compile: false });
    expect(loaded.compiled).toBe(false);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
  });

  it('an uncompiled model saves and loads without a compile config', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    expect(model.getCompileConfig()).toBeNull();
    const loaded = tf.keras.models.fromBytes(model.toBytes());
    expect(loaded.compiled).toBe(false);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
  });

  it('the compile config is Keras\' (optimizer serialized, losses and metrics by name or {className, config})', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.5, momentum: 0.9 }), loss: new tf.keras.losses.Huber({ delta: 2 }), metrics: ['mae', new tf.keras.metrics.MeanSquaredError({ name: 'my_mse' })], weightedMetrics: ['accuracy'] });
    const config = model.getCompileConfig()!;
    expect(config.optimizer).toEqual(tf.keras.optimizers.serialize(model.optimizer!));
    expect(config.loss).toEqual(tf.keras.losses.serialize(new tf.keras.losses.Huber({ delta: 2 })));
    expect(config.metrics).toEqual(['mae', { className: 'MeanSquaredError', config: { name: 'my_mse', dtype: 'float32' } }]);
    expect(config.weightedMetrics).toEqual(['accuracy']);
    expect([config.lossWeights, config.runEagerly, config.jitCompile]).toEqual([null, false, 'auto']);
  });
});

// ---------------------------------------------------------------------------------------------
describe('saving weights', () => {
  it('loadWeights restores by structure: into a model of the same architecture whatever its layers\' names, bit for bit', () => {
    const model = bigModel();
    const path = join(scratch, 'big.gtweights');
    model.saveWeights(path);
    tf.keras.backend.clearSession();
    const other = bigModel();
    // Not the same names as Keras' numbering would give: loading goes by structure, not names.
    expect(other.weights.map((w) => w.name)).toEqual(model.weights.map((w) => w.name));
    expect(weightsOf(other)).not.toEqual(weightsOf(model));
    other.loadWeights(path);
    expect(weightsOf(other)).toEqual(weightsOf(model));
    expect(valuesOf(other.predict<tf.Tensor[]>(bigInputs()))).toEqual(valuesOf(model.predict<tf.Tensor[]>(bigInputs())));
  });

  it('renamed layers load too, and bytes work as files do', () => {
    const a = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2, { name: 'one' }), new L.Dense(1, { name: 'two' })]);
    const b = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2, { name: 'alpha' }), new L.Dense(1, { name: 'beta' })]);
    b.weightsFromBytes(a.weightsToBytes());
    expect(weightsOf(b)).toEqual(weightsOf(a));
  });

  it('loadWeights reads a whole model file\'s weights (its optimizer state is not wanted)', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.fit([[1, 2]], [[3, 4]], { epochs: 2 });
    const path = join(scratch, 'whole.gtkeras');
    model.save(path);
    const fresh = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    fresh.loadWeights(path);
    expect(weightsOf(fresh)).toEqual(weightsOf(model));
    expect(fresh.compiled).toBe(false);
  });

  it('weights of another architecture are an error that changes nothing', () => {
    const a = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(2), new L.Dense(1)]);
    const b = new tf.keras.Sequential([tf.keras.Input([3]), new L.Dense(4), new L.Dense(1)]);
    const before = weightsOf(b);
    expect(() => b.weightsFromBytes(a.weightsToBytes())).toThrow(
      /keras\.Sequential\.weightsFromBytes: the saved weights do not fit model 'sequential_1' \(the checkpoint does not match the tracked objects, so nothing was restored: variable 'layers\/dense\/vars\/0' has shape \[3, 4\], the checkpoint's \[3, 2\]; variable 'layers\/dense\/vars\/1' has shape \[4\], the checkpoint's \[2\]; variable 'layers\/dense_1\/vars\/0' has shape \[4, 1\], the checkpoint's \[2, 1\]\)\.$/,
    );
    expect(weightsOf(b)).toEqual(before);
    const unbuilt = new tf.keras.Sequential([new L.Dense(2)]);
    expect(() => unbuilt.weightsFromBytes(a.weightsToBytes())).toThrow("keras.Sequential.weightsFromBytes: the model 'sequential_2' is not built, so it has no weights to load into yet; build it first (an Input or inputShape, or a call on data).");
  });
});

// ---------------------------------------------------------------------------------------------
describe('custom objects', () => {
  it('loadModel takes layer classes, activations and losses of your own from customObjects, by name', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new Scale({ factor: 3, name: 'scale' }), new L.Dense(2, { activation: cube })]);
    model.compile({ optimizer: 'adam', loss: halfSquared, metrics: [halfSquared] });
    model.fit([[1, 2], [0.5, -1]], [[1, 0], [0, 1]], { epochs: 2, shuffle: false });
    const path = join(scratch, 'custom.gtkeras');
    model.save(path);
    const config = JSON.parse(model.toJson()) as { config: { layers: tf.SerializedLayer[] } };
    expect(config.config.layers[1]).toMatchObject({ className: 'Scale', config: { factor: 3 } });
    expect(config.config.layers[2]!.config.activation).toEqual({ className: 'function', config: 'cube' });
    expect(model.getCompileConfig()!.loss).toEqual({ className: 'function', config: 'halfSquared' });

    expect(() => tf.keras.models.loadModel(path)).toThrow(/keras\.models\.loadModel: Unknown layer: 'Scale'\. It is not one of gradtape's layers \(.*\); for a class of your own, pass it in customObjects: \{ customObjects: \{ Scale \} \}\./);
    expect(() => tf.keras.models.loadModel(path, { customObjects: { Scale } })).toThrow("Unknown function: 'cube'. Pass it in customObjects: { customObjects: { cube } }.");
    expect(() => tf.keras.models.loadModel(path, { customObjects: { Scale, cube } })).toThrow(/^keras\.Sequential\.compileFromConfig: keras\.losses\.deserialize: unknown loss function "halfSquared".*For a loss of your own, pass it in customObjects: \{ customObjects: \{ halfSquared \} \}\./);

    const loaded = tf.keras.models.loadModel(path, { customObjects: { Scale, cube, halfSquared } });
    expect(loaded.layers[0]).toBeInstanceOf(Scale);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    expect(valuesOf(loaded.predict([[0.25, -2]]))).toEqual(valuesOf(model.predict([[0.25, -2]])));
    const history = loaded.fit([[1, 2], [0.5, -1]], [[1, 0], [0, 1]], { epochs: 1, shuffle: false });
    expect(Object.keys(history.history)).toEqual(['loss', 'halfSquared']);
  });

  it('a subclassed model of your own comes back from customObjects, built from its buildConfig by a call, weights and optimizer restored', () => {
    class Net extends tf.keras.Model {
      hidden = new L.Dense(3, { activation: 'relu' });
      out = new L.Dense(1);
      override call(x: tf.Tensor): tf.Tensor {
        return this.out(this.hidden(x));
      }
    }
    const model = new Net({ name: 'net' });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    model.fit([[1, 2], [3, 4]], [[1], [2]], { epochs: 2, shuffle: false });
    const bytes = model.toBytes();
    expect(() => tf.keras.models.fromBytes(bytes)).toThrow("keras.models.fromBytes: Unknown layer: 'Net'.");
    const loaded = tf.keras.models.fromBytes(bytes, { customObjects: { Net } });
    expect(loaded).toBeInstanceOf(Net);
    expect(loaded.optimizer!.iterations).toBe(2);
    expect(weightsOf(loaded)).toEqual(weightsOf(model));
    expect(valuesOf(loaded.predict([[0.5, -1]]))).toEqual(valuesOf(model.predict([[0.5, -1]])));
  });

  it('tf.keras.layers.deserialize prefers customObjects, and refuses what is not a layer class', () => {
    class WideDense extends L.Dense {}
    const layer = tf.keras.layers.deserialize({ className: 'Dense', config: new L.Dense(2).getConfig() }, { customObjects: { Dense: WideDense } });
    expect(layer).toBeInstanceOf(WideDense);
    expect((layer as WideDense).units).toBe(2);
    expect(() => tf.keras.layers.deserialize({ className: 'Thing', config: {} }, { customObjects: { Thing: () => 1 } })).toThrow('keras.layers.deserialize: customObjects.Thing must be a tf.keras.layers.Layer subclass');
    expect(() => tf.keras.layers.deserialize({ className: 'Dense', config: {} }, { customObjects: { Dense: 3 } as never })).toThrow('keras.layers.deserialize: customObjects must be an object of classes and functions by name');
  });
});

// ---------------------------------------------------------------------------------------------
describe('errors', () => {
  it('unknown class names', () => {
    expect(() => tf.keras.layers.deserialize({ className: 'TorchModuleWrapper', config: {} })).toThrow(
      /^keras\.layers\.deserialize: Unknown layer: 'TorchModuleWrapper'\. It is not one of gradtape's layers \(Layer, InputLayer, Dense, .*Dot, SimpleRNN, LSTM, GRU, RNN, SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells, .*Lambda, .*Normalization, EinsumDense, MultiHeadAttention, .*SeparableConv2D, .*Functional, Sequential.*\); for a class of your own, pass it in customObjects: \{ customObjects: \{ TorchModuleWrapper \} \}\.$/,
    );
    expect(() => tf.keras.models.modelFromJson('{"className": "Mystery", "config": {}}')).toThrow("keras.models.modelFromJson: Unknown layer: 'Mystery'.");
    expect(() => tf.keras.models.modelFromJson('{not json')).toThrow('keras.models.modelFromJson: the text is not valid JSON');
    expect(() => tf.keras.layers.deserialize({ config: {} } as never)).toThrow('keras.layers.deserialize: expected {className, config} (as tf.keras.layers.serialize(layer) gives), got');
    const bad = viaJson(bigModel().getConfig()) as unknown as tf.FunctionalConfig;
    bad.outputLayers = [['nowhere', 0, 0], ['second', 0, 0]];
    expect(() => tf.keras.Model.fromConfig(bad as unknown as Record<string, unknown>)).toThrow("keras.Model.fromConfig: the config refers to an unknown layer 'nowhere'");
  });

  it('damaged files change nothing and say so', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    const bytes = model.toBytes();
    const flipped = bytes.slice();
    flipped[bytes.length >> 1] ^= 0x10;
    expect(() => tf.keras.models.fromBytes(flipped)).toThrow('keras.models.fromBytes: not a usable gradtape model file (its checksum does not match: the file is truncated or corrupted).');
    const path = join(scratch, 'truncated.gtkeras');
    writeFileSync(path, bytes.subarray(0, bytes.length - 9));
    expect(() => tf.keras.models.loadModel(path)).toThrow('keras.models.loadModel: not a usable gradtape model file (its checksum does not match: the file is truncated or corrupted).');
    // A zip's signature makes the bytes a Keras archive (test/keras-files.test.ts reads real ones).
    expect(() => tf.keras.models.fromBytes(new TextEncoder().encode('PK\x03\x04 a zip, as Keras writes'))).toThrow('keras.models.fromBytes: cannot read the .keras archive: no end of central directory record: not a zip archive, or a truncated one.');
    expect(() => tf.keras.models.fromBytes(new TextEncoder().encode('GTXX not a model'))).toThrow('keras.models.fromBytes: not a usable gradtape model file (it does not start with the signature "GTKM" of gradtape model files).');
    const weights = model.weightsToBytes();
    const before = weightsOf(model);
    const damagedWeights = weights.slice();
    damagedWeights[20] ^= 1;
    expect(() => model.weightsFromBytes(damagedWeights)).toThrow(/keras\.Sequential\.weightsFromBytes: the saved weights do not fit model 'sequential' \(not a usable gradtape checkpoint \(its checksum does not match/);
    expect(weightsOf(model)).toEqual(before);
    expect(() => model.weightsFromBytes(new Uint8Array([1, 2, 3, 4, 5]))).toThrow('keras.Sequential.weightsFromBytes: not a usable gradtape model file (it starts with neither a gradtape model file\'s signature "GTKM" nor a weights file\'s "GTCK", nor is it HDF5 or a .keras zip).');
  });

  it('Keras 2\'s HDF5 files are not written, and other extensions are refused, saying what to use', () => {
    const model = new tf.keras.Sequential([tf.keras.Input([2]), new L.Dense(2)]);
    // (Paths ending in '.keras' and '.weights.h5' are Keras 3's formats, which gradtape writes:
    // test/keras-save.test.ts and test/keras-weights-write.test.ts.)
    expect(() => model.save(join(scratch, 'model.h5'))).toThrow(/keras\.Sequential\.save: '.*model\.h5' names a Keras file of a kind gradtape does not write here \(legacy Keras 2 HDF5 is read, never written\); whole models go to a path ending in '\.keras' \(Keras 3's archive, as Keras' model\.save\) or '\.gtkeras' \(gradtape's format\); weights alone to '\.weights\.h5' with model\.saveWeights\./);
    expect(() => model.saveWeights(join(scratch, 'model.h5'))).toThrow(/keras\.Sequential\.saveWeights: '.*model\.h5' names a Keras file .* weights go to a path ending in '\.gtweights' \(gradtape's format\) or '\.weights\.h5'/);
    // Keras' files are read (test/keras-files.test.ts), so a missing one is the file system's error.
    expect(() => tf.keras.models.loadModel(join(scratch, 'model.keras'))).toThrow(/ENOENT/);
    expect(() => model.save(join(scratch, 'model.bin'))).toThrow(/keras\.Sequential\.save: the file name must end in '\.gtkeras' \(gradtape's format for whole models\) or '\.keras' \(Keras 3's\)\. Received: filepath=.*model\.bin/);
    expect(existsSync(join(scratch, 'model.h5')) || existsSync(join(scratch, 'model.bin'))).toBe(false);
    const weightsPath = join(scratch, 'w.gtweights');
    model.saveWeights(weightsPath);
    expect(() => tf.keras.models.loadModel(weightsPath)).toThrow(/keras\.models\.loadModel: '.*w\.gtweights' holds a model's weights only \(model\.saveWeights\), not its architecture; make the model, then call model\.loadWeights/);
    expect(() => tf.keras.models.fromBytes(model.weightsToBytes())).toThrow("keras.models.fromBytes: these are a model's weights only");
    expect(() => model.saveWeights(weightsPath, { overwrite: false })).toThrow(/keras\.Sequential\.saveWeights: '.*w\.gtweights' exists and overwrite is false\./);
    expect(() => tf.keras.models.fromBytes(model.toBytes(), { compile: 'yes' } as never)).toThrow(`keras.models.fromBytes: compile must be true or false, got "yes".`);
  });
});
