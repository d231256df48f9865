// Python Keras code often gives a layer's REQUIRED arguments as keywords: `Embedding(input_dim=1000,
// output_dim=64)`, `LSTM(units=64)`, `Dropout(rate=0.5)`. Python's keyword arguments are the last
// options object, so these are `new Embedding({ inputDim: 1000, outputDim: 64 })`, `new LSTM({ units:
// 64 })`, `new Embedding(1000, { outputDim: 64 })`. Every call here is written without a cast, so
// `npx tsc --noEmit -p .` checks that it type-checks; each test asserts what was made and that it
// equals the positional form's config. The last tests check the errors: a required argument given
// nowhere is Python's TypeError, one given twice keeps today's error.
import * as tf from 'gradtape';
import { describe, expect, it } from 'vitest';

const L = tf.keras.layers;
/** A layer's config without its name (two layers made alike differ only in it). */
const config = (o: { getConfig(): unknown }): Record<string, unknown> => {
  const { name: _name, ...rest } = o.getConfig() as Record<string, unknown>;
  return rest;
};
const same = (a: { getConfig(): unknown }, b: { getConfig(): unknown }) => expect(config(a)).toEqual(config(b));
const shapeOf = (layer: (x: tf.Tensor) => unknown, x: tf.Tensor) => (layer(x) as tf.Tensor).shape;

describe('required arguments as keywords', () => {
  it('Embedding(input_dim=..., output_dim=...) and Embedding(10, output_dim=4)', () => {
    const a = new L.Embedding({ inputDim: 10, outputDim: 4, maskZero: true });
    const b = new L.Embedding(10, { outputDim: 4, maskZero: true });
    expect([a.inputDim, a.outputDim, b.inputDim, b.outputDim]).toEqual([10, 4, 10, 4]);
    same(a, new L.Embedding(10, 4, { maskZero: true }));
    same(b, new L.Embedding(10, 4, { maskZero: true }));
    expect(shapeOf(a, tf.cast(tf.constant([[1, 2, 3]]), 'int32'))).toEqual([1, 3, 4]);
  });

  it('ReversibleEmbedding(input_dim=..., output_dim=...)', () => {
    const a = new L.ReversibleEmbedding({ inputDim: 10, outputDim: 4 });
    same(a, new L.ReversibleEmbedding(10, 4));
    same(new L.ReversibleEmbedding(10, { outputDim: 4 }), new L.ReversibleEmbedding(10, 4));
  });

  it('EinsumDense(equation=..., output_shape=...)', () => {
    const a = new L.EinsumDense({ equation: 'ab,bc->ac', outputShape: 5, biasAxes: 'c' });
    const b = new L.EinsumDense('ab,bc->ac', { outputShape: 5, biasAxes: 'c' });
    same(a, new L.EinsumDense('ab,bc->ac', 5, { biasAxes: 'c' }));
    same(b, a);
    expect(shapeOf(a, tf.zeros([2, 3]))).toEqual([2, 5]);
  });

  it('SimpleRNN/LSTM/GRU(units=...)', () => {
    const rnn = new L.SimpleRNN({ units: 3, returnSequences: true });
    const lstm = new L.LSTM({ units: 4 });
    const gru = new L.GRU({ units: 5, activation: 'relu' });
    expect([config(rnn).units, config(lstm).units, config(gru).units]).toEqual([3, 4, 5]);
    same(rnn, new L.SimpleRNN(3, { returnSequences: true }));
    same(lstm, new L.LSTM(4));
    same(gru, new L.GRU(5, 'relu'));
    expect(shapeOf(rnn, tf.zeros([2, 6, 7]))).toEqual([2, 6, 3]);
    expect(shapeOf(lstm, tf.zeros([2, 6, 7]))).toEqual([2, 4]);
  });

  it('SimpleRNNCell/LSTMCell/GRUCell(units=...) and RNN(cell=...)', () => {
    const cells = [new L.SimpleRNNCell({ units: 2 }), new L.LSTMCell({ units: 3, unitForgetBias: false }), new L.GRUCell({ units: 4 })];
    expect(cells.map((c) => c.units)).toEqual([2, 3, 4]);
    same(cells[0]!, new L.SimpleRNNCell(2));
    same(cells[1]!, new L.LSTMCell(3, { unitForgetBias: false }));
    same(cells[2]!, new L.GRUCell(4));
    const rnn = new L.RNN({ cell: new L.LSTMCell(3), returnSequences: true });
    expect(rnn.returnSequences).toBe(true);
    expect(shapeOf(rnn, tf.zeros([2, 5, 4]))).toEqual([2, 5, 3]);
    const stacked = new L.RNN({ cell: [new L.GRUCell(2), new L.GRUCell(3)] });
    expect(shapeOf(stacked, tf.zeros([2, 5, 4]))).toEqual([2, 3]);
    const st = new L.StackedRNNCells({ cells: [new L.SimpleRNNCell(2), new L.SimpleRNNCell(3)] });
    expect(st.cells.length).toBe(2);
  });

  it('ConvLSTM1D/2D/3D(filters=..., kernel_size=...)', () => {
    const a = new L.ConvLSTM1D({ filters: 2, kernelSize: 3 });
    const b = new L.ConvLSTM2D(2, { kernelSize: 3, padding: 'same' });
    const c = new L.ConvLSTM3D({ filters: 2, kernelSize: [1, 2, 2] });
    same(a, new L.ConvLSTM1D(2, 3));
    same(b, new L.ConvLSTM2D(2, 3, { padding: 'same' }));
    same(c, new L.ConvLSTM3D(2, [1, 2, 2]));
    expect(shapeOf(a, tf.zeros([1, 2, 5, 1]))).toEqual([1, 3, 2]);
    expect(shapeOf(b, tf.zeros([1, 2, 4, 4, 1]))).toEqual([1, 4, 4, 2]);
  });

  it('Conv1DTranspose/2D/3D(filters=..., kernel_size=...)', () => {
    const a = new L.Conv1DTranspose({ filters: 2, kernelSize: 3 });
    const b = new L.Conv2DTranspose(2, { kernelSize: 3, strides: 2 });
    const c = new L.Conv3DTranspose({ filters: 2, kernelSize: 2 });
    same(a, new L.Conv1DTranspose(2, 3));
    same(b, new L.Conv2DTranspose(2, 3, { strides: 2 }));
    same(c, new L.Conv3DTranspose(2, 2));
    expect(shapeOf(a, tf.zeros([1, 4, 1]))).toEqual([1, 6, 2]);
    expect(shapeOf(b, tf.zeros([1, 3, 3, 1]))).toEqual([1, 7, 7, 2]);
  });

  it('SeparableConv1D/2D(filters=..., kernel_size=...) and DepthwiseConv1D/2D(kernel_size=...)', () => {
    const s1 = new L.SeparableConv1D({ filters: 4, kernelSize: 3, depthMultiplier: 2 });
    const s2 = new L.SeparableConv2D(4, { kernelSize: 3 });
    const d1 = new L.DepthwiseConv1D({ kernelSize: 3, depthMultiplier: 2 });
    const d2 = new L.DepthwiseConv2D({ kernelSize: 3 });
    same(s1, new L.SeparableConv1D(4, 3, { depthMultiplier: 2 }));
    same(s2, new L.SeparableConv2D(4, 3));
    same(d1, new L.DepthwiseConv1D(3, { depthMultiplier: 2 }));
    same(d2, new L.DepthwiseConv2D(3));
    expect(shapeOf(s1, tf.zeros([1, 5, 2]))).toEqual([1, 3, 4]);
    expect(shapeOf(d2, tf.zeros([1, 5, 5, 2]))).toEqual([1, 3, 3, 2]);
  });

  it('Dropout/SpatialDropout1D/2D/3D/GaussianDropout/AlphaDropout(rate=...), GaussianNoise(stddev=...)', () => {
    const layers = [
      [new L.Dropout({ rate: 0.5, seed: 1 }), new L.Dropout(0.5, { seed: 1 })],
      [new L.SpatialDropout1D({ rate: 0.25 }), new L.SpatialDropout1D(0.25)],
      [new L.SpatialDropout2D({ rate: 0.25 }), new L.SpatialDropout2D(0.25)],
      [new L.SpatialDropout3D({ rate: 0.25 }), new L.SpatialDropout3D(0.25)],
      [new L.GaussianDropout({ rate: 0.3 }), new L.GaussianDropout(0.3)],
      [new L.AlphaDropout({ rate: 0.2 }), new L.AlphaDropout(0.2)],
      [new L.GaussianNoise({ stddev: 0.1 }), new L.GaussianNoise(0.1)],
    ] as const;
    for (const [a, b] of layers) same(a, b);
    expect([layers[0][0].rate, config(layers[6][0]).stddev]).toEqual([0.5, 0.1]);
  });

  it('Reshape(target_shape=...), Permute(dims=...), RepeatVector(n=...)', () => {
    const r = new L.Reshape({ targetShape: [3, 2], name: 'r' });
    const p = new L.Permute({ dims: [2, 1] });
    const n = new L.RepeatVector({ n: 3 });
    expect([r.targetShape, r.name, p.dims, n.n]).toEqual([[3, 2], 'r', [2, 1], 3]);
    same(r, new L.Reshape([3, 2]));
    same(p, new L.Permute([2, 1]));
    same(n, new L.RepeatVector(3));
    expect(shapeOf(r, tf.zeros([1, 6]))).toEqual([1, 3, 2]);
    expect(shapeOf(p, tf.zeros([1, 2, 5]))).toEqual([1, 5, 2]);
    expect(shapeOf(n, tf.zeros([1, 4]))).toEqual([1, 3, 4]);
  });

  it('Activation(activation=...) and Lambda(function=...)', () => {
    const a = new L.Activation({ activation: 'relu' });
    same(a, new L.Activation('relu'));
    expect((a(tf.constant([-1, 2])) as tf.Tensor).arraySync()).toEqual([0, 2]);
    const double = (x: tf.Tensor) => tf.mul(x, 2);
    const lam = new L.Lambda({ function: double, outputShape: [2] });
    expect((lam(tf.constant([[1, 2]])) as tf.Tensor).arraySync()).toEqual([[2, 4]]);
  });

  it('Bidirectional/TimeDistributed/SpectralNormalization(layer=...)', () => {
    const bi = new L.Bidirectional({ layer: new L.LSTM(3), mergeMode: 'sum' });
    expect(bi.mergeMode).toBe('sum');
    expect(shapeOf(bi, tf.zeros([2, 5, 4]))).toEqual([2, 3]);
    const td = new L.TimeDistributed({ layer: new L.Dense(3) });
    expect(shapeOf(td, tf.zeros([2, 5, 4]))).toEqual([2, 5, 3]);
    const sn = new L.SpectralNormalization({ layer: new L.Dense(3), powerIterations: 2 });
    expect(config(sn).powerIterations).toBe(2);
  });

  it('Resizing/CenterCrop/RandomCrop(height=..., width=...)', () => {
    const rs = new L.Resizing({ height: 4, width: 6, interpolation: 'nearest' });
    const cc = new L.CenterCrop(2, { width: 3 });
    const rc = new L.RandomCrop({ height: 2, width: 2, seed: 3 });
    same(rs, new L.Resizing(4, 6, { interpolation: 'nearest' }));
    same(cc, new L.CenterCrop(2, 3));
    same(rc, new L.RandomCrop(2, 2, { seed: 3 }));
    expect(shapeOf(rs, tf.zeros([1, 8, 8, 3]))).toEqual([1, 4, 6, 3]);
    expect(shapeOf(cc, tf.zeros([1, 8, 8, 3]))).toEqual([1, 2, 3, 3]);
  });

  it('Dot(axes=...), Rescaling(scale=...), AdaptiveAveragePooling1D/AdaptiveMaxPooling2D(output_size=...)', () => {
    same(new L.Dot({ axes: 1, normalize: true }), new L.Dot(1, { normalize: true }));
    const resc = new L.Rescaling({ scale: 1 / 255, offset: 1 });
    same(resc, new L.Rescaling(1 / 255, 1));
    const ap = new L.AdaptiveAveragePooling1D({ outputSize: 2 });
    same(ap, new L.AdaptiveAveragePooling1D(2));
    expect(shapeOf(ap, tf.zeros([1, 6, 3]))).toEqual([1, 2, 3]);
    same(new L.AdaptiveMaxPooling2D({ outputSize: [2, 3] }), new L.AdaptiveMaxPooling2D([2, 3]));
  });

  it('random image layers: factor=..., height_factor=..., width_factor=...', () => {
    same(new L.RandomContrast({ factor: 0.2 }), new L.RandomContrast(0.2));
    same(new L.RandomBrightness({ factor: 0.2 }), new L.RandomBrightness(0.2));
    same(new L.RandomRotation({ factor: 0.1, fillMode: 'constant' }), new L.RandomRotation(0.1, { fillMode: 'constant' }));
    same(new L.RandomTranslation({ heightFactor: 0.1, widthFactor: 0.2 }), new L.RandomTranslation(0.1, 0.2));
    same(new L.RandomTranslation(0.1, { widthFactor: 0.2 }), new L.RandomTranslation(0.1, 0.2));
    same(new L.RandomSaturation({ factor: 0.5 }), new L.RandomSaturation(0.5));
    same(new L.RandomHue({ factor: 0.5 }), new L.RandomHue(0.5));
    same(new L.RandomSharpness({ factor: 0.5 }), new L.RandomSharpness(0.5));
    same(new L.RandomColorDegeneration({ factor: 0.5 }), new L.RandomColorDegeneration(0.5));
    same(new L.RandomPosterization({ factor: 4 }), new L.RandomPosterization(4));
    const zoom = new L.RandomZoom({ heightFactor: 0.2, widthFactor: [-0.1, 0.1], fillMode: 'constant' });
    expect([zoom.heightFactor, zoom.widthFactor]).toEqual([0.2, [-0.1, 0.1]]);
    same(zoom, new L.RandomZoom(0.2, [-0.1, 0.1], { fillMode: 'constant' }));
    same(new L.RandomZoom(0.2, { widthFactor: 0.3 }), new L.RandomZoom(0.2, 0.3));
    same(new L.RandomZoom({ heightFactor: 0.2 }), new L.RandomZoom(0.2));
    same(new L.RandomZoom(0.2, { fillMode: 'nearest' }), new L.RandomZoom(0.2, null, 'nearest'));
  });

  it('a required argument given nowhere is Python TypeError', () => {
    // @ts-expect-error units is required
    expect(() => new L.LSTM({ returnSequences: true })).toThrow(TypeError);
    // @ts-expect-error units is required
    expect(() => new L.LSTM({ returnSequences: true })).toThrow("keras.layers.LSTM: missing 1 required argument: 'units'");
    // @ts-expect-error inputDim and outputDim are required
    expect(() => new L.Embedding({ maskZero: true })).toThrow("keras.layers.Embedding: missing 2 required arguments: 'inputDim', 'outputDim'");
    // @ts-expect-error outputDim is required
    expect(() => new L.Embedding(10, { maskZero: true })).toThrow("missing 1 required argument: 'outputDim'");
    // @ts-expect-error rate is required
    expect(() => new L.Dropout({ seed: 1 })).toThrow("keras.layers.Dropout: missing 1 required argument: 'rate'");
    // @ts-expect-error targetShape is required
    expect(() => new L.Reshape({ name: 'r' })).toThrow("keras.layers.Reshape: missing 1 required argument: 'targetShape'");
    // @ts-expect-error function is required
    expect(() => new L.Lambda({ outputShape: [2] })).toThrow("keras.layers.Lambda: missing 1 required argument: 'function'");
    // @ts-expect-error heightFactor is required
    expect(() => new L.RandomZoom({ widthFactor: 0.2 })).toThrow("keras.layers.RandomZoom: missing 1 required argument: 'heightFactor'");
    // @ts-expect-error kernelSize is required
    expect(() => new L.Conv2DTranspose({ filters: 2 })).toThrow("keras.layers.Conv2DTranspose: missing 1 required argument: 'kernelSize'");
  });

  it('a required argument given both positionally and as a keyword is refused, as before', () => {
    const cases: (() => unknown)[] = [
      // @ts-expect-error units is not an option
      () => new L.LSTM(4, { units: 4 }),
      // @ts-expect-error rate is not an option
      () => new L.Dropout(0.5, { rate: 0.5 }),
      // @ts-expect-error targetShape is not an option
      () => new L.Reshape([2], { targetShape: [2] }),
      // @ts-expect-error outputDim is not an option
      () => new L.Embedding(10, 4, { outputDim: 4 }),
    ];
    for (const make of cases) expect(make).toThrow();
  });

  it('a plain object naming no layer or cell stands where the layer or cell goes, as before', () => {
    // A layer or cell is never a plain object: one that names none of them is the (wrong) positional
    // value, and the class's own check says what it must be.
    // @ts-expect-error layer is required
    expect(() => new L.Bidirectional({ mergeMode: 'sum' })).toThrow('keras.layers.Bidirectional: Please initialize `Bidirectional` layer with a `keras.layers.Layer` instance');
    // @ts-expect-error layer is required
    expect(() => new L.TimeDistributed({ name: 'td' })).toThrow('keras.layers.TimeDistributed: Please initialize `TimeDistributed` layer with a `keras.layers.Layer` instance');
    // @ts-expect-error cell is required
    expect(() => new L.RNN({ returnSequences: true })).toThrow('keras.layers.RNN: cell must be a recurrent cell');
  });

  it('subclasses name themselves in the missing-argument error', () => {
    class MyLSTM extends L.LSTM {}
    // @ts-expect-error units is required
    expect(() => new MyLSTM({})).toThrow("keras.layers.MyLSTM: missing 1 required argument: 'units'");
  });
});
