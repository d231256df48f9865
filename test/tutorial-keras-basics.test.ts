// TensorFlow's Keras basics tutorials, ported cell by cell:
//  1. "Basic regression: Predict fuel efficiency" (tensorflow/docs site/en/tutorials/keras/regression.ipynb),
//  2. "Basic classification: Classify images of clothing" (site/en/tutorials/keras/classification.ipynb),
//  3. "Classify structured data using Keras preprocessing layers"
//     (site/en/tutorials/structured_data/preprocessing_layers.ipynb).
// There is no network here, so each downloaded data set is replaced by a small synthetic stand-in
// of the same columns, shapes and dtypes, and the epochs are cut down so the file runs in seconds.
// pandas is not a thing in TypeScript: a DataFrame is a record of columns (number arrays) and
// `np.array(df)` the rows; matplotlib plots are left out, what they show is asserted instead.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { seededRandom } from './helpers/gradcheck';
import { captureLog } from './helpers/console';

const layers = tf.keras.layers;


const dir = mkdtempSync(join(tmpdir(), 'gradtape-keras-basics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
};

// ================================================================================================
// 1. Basic regression: Predict fuel efficiency
// ================================================================================================

type Frame = Record<string, number[]>;
const COLUMN_NAMES = ['MPG', 'Cylinders', 'Displacement', 'Horsepower', 'Weight', 'Acceleration', 'Model Year', 'Origin'];

/** The stand-in for auto-mpg.data: 124 cars, MPG falling with weight and horsepower as in the real
 * table, Origin coded 1 (USA), 2 (Europe), 3 (Japan), and six unknown ('?') horsepowers. */
function syntheticAutoMpg(): Frame {
  const next = seededRandom(1970);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const frame: Frame = Object.fromEntries(COLUMN_NAMES.map((c) => [c, [] as number[]]));
  for (let i = 0; i < 124; i++) {
    const cylinders = [4, 4, 4, 6, 8][Math.floor(next() * 5)]!;
    const displacement = Math.round(cylinders * (25 + 10 * next()) + 10 * normal());
    const horsepower = Math.round(displacement * 0.45 + 30 + 8 * normal());
    const weight = Math.round(1200 + displacement * 8 + 200 * normal());
    const acceleration = Math.round((20 - horsepower / 20 + normal()) * 10) / 10;
    const year = 70 + Math.floor(next() * 13);
    const origin = cylinders === 4 ? 1 + Math.floor(next() * 3) : 1;
    const mpg = Math.round((46 - weight / 150 - horsepower / 20 + (year - 70) * 0.7 + (origin > 1 ? 2 : 0) + 1.5 * normal()) * 10) / 10;
    const row = [mpg, cylinders, displacement, i % 20 === 7 ? NaN : horsepower, weight, acceleration, year, origin];
    COLUMN_NAMES.forEach((c, j) => frame[c]!.push(row[j]!));
  }
  return frame;
}

/** dataset.sample(frac, random_state): the row indices of a seeded random sample. */
function sampleIndex(n: number, frac: number, seed: number): number[] {
  const next = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order.slice(0, Math.round(n * frac));
}
const takeRows = (frame: Frame, index: number[]): Frame =>
  Object.fromEntries(Object.entries(frame).map(([c, v]) => [c, index.map((i) => v[i]!)]));
/** np.array(df): the rows, columns in order. */
const toRows = (frame: Frame): number[][] => {
  const cols = Object.values(frame);
  return cols[0]!.map((_, i) => cols.map((c) => c[i]!));
};

describe('Basic regression: Predict fuel efficiency', () => {
  let dataset: Frame;
  let trainFeatures: Frame;
  let testFeatures: Frame;
  let trainLabels: number[];
  let testLabels: number[];
  let normalizer: tf.keras.layers.Normalization;
  let horsepowerNormalizer: tf.keras.layers.Normalization;
  const testResults: Record<string, number> = {};
  let dnnModel: tf.keras.Sequential;

  it('cleans the data: drops unknown horsepowers, one-hot encodes Origin', () => {
    // raw_dataset = pd.read_csv(url, names=column_names, na_values='?', ...); dataset = raw_dataset.copy()
    dataset = syntheticAutoMpg();
    // dataset.isna().sum(): only Horsepower has unknown values.
    const isna = Object.fromEntries(Object.entries(dataset).map(([c, v]) => [c, v.filter(Number.isNaN).length]));
    expect(isna).toEqual({ MPG: 0, Cylinders: 0, Displacement: 0, Horsepower: 6, Weight: 0, Acceleration: 0, 'Model Year': 0, Origin: 0 });
    // dataset = dataset.dropna()
    const kept = dataset['Horsepower']!.flatMap((v, i) => (Number.isNaN(v) ? [] : [i]));
    dataset = takeRows(dataset, kept);
    expect(dataset['MPG']).toHaveLength(118);
    // dataset['Origin'] = dataset['Origin'].map({1: 'USA', 2: 'Europe', 3: 'Japan'})
    // dataset = pd.get_dummies(dataset, columns=['Origin'], prefix='', prefix_sep='')
    const origin = dataset['Origin']!;
    delete dataset['Origin'];
    dataset['Europe'] = origin.map((o) => (o === 2 ? 1 : 0));
    dataset['Japan'] = origin.map((o) => (o === 3 ? 1 : 0));
    dataset['USA'] = origin.map((o) => (o === 1 ? 1 : 0));
    expect(Object.keys(dataset)).toEqual(['MPG', 'Cylinders', 'Displacement', 'Horsepower', 'Weight', 'Acceleration', 'Model Year', 'Europe', 'Japan', 'USA']);
  });

  it('splits 80/20 and pops the MPG label', () => {
    // train_dataset = dataset.sample(frac=0.8, random_state=0); test_dataset = dataset.drop(train_dataset.index)
    const n = dataset['MPG']!.length;
    const trainIndex = sampleIndex(n, 0.8, 0);
    const inTrain = new Set(trainIndex);
    const testIndex = Array.from({ length: n }, (_, i) => i).filter((i) => !inTrain.has(i));
    const trainDataset = takeRows(dataset, trainIndex);
    const testDataset = takeRows(dataset, testIndex);
    expect([trainIndex.length, testIndex.length]).toEqual([94, 24]);
    // train_features = train_dataset.copy(); train_labels = train_features.pop('MPG')
    trainFeatures = { ...trainDataset };
    testFeatures = { ...testDataset };
    trainLabels = trainFeatures['MPG']!;
    delete trainFeatures['MPG'];
    testLabels = testFeatures['MPG']!;
    delete testFeatures['MPG'];
    expect(Object.keys(trainFeatures)).toHaveLength(9);
  });

  it('adapts a Normalization layer to the features', () => {
    // normalizer = tf.keras.layers.Normalization(axis=-1)
    normalizer = new layers.Normalization({ axis: -1 });
    // normalizer.adapt(np.array(train_features))
    normalizer.adapt(toRows(trainFeatures));
    // print(normalizer.mean.numpy()): each column's mean, float32.
    const means = ((normalizer.mean as tf.Tensor).numpy() as number[][])[0]!;
    expect(normalizer.mean!.shape).toEqual([1, 9]);
    Object.values(trainFeatures).forEach((col, j) => expect(means[j]).toBeCloseTo(mean(col), 2));
    // first = np.array(train_features[:1]); normalizer(first).numpy()
    const first = toRows(trainFeatures).slice(0, 1);
    const normalized = normalizer(first).arraySync() as number[][];
    Object.values(trainFeatures).forEach((col, j) => {
      expect(normalized[0]![j]).toBeCloseTo((first[0]![j]! - mean(col)) / Math.sqrt(variance(col)), 4);
    });
  });

  let horsepower: number[];
  let horsepowerModel: tf.keras.Sequential;
  it('builds the horsepower-only linear model', () => {
    // horsepower = np.array(train_features['Horsepower'])
    horsepower = trainFeatures['Horsepower']!;
    // horsepower_normalizer = layers.Normalization(input_shape=[1,], axis=None)
    horsepowerNormalizer = new layers.Normalization({ inputShape: [1], axis: null });
    horsepowerNormalizer.adapt(horsepower);
    expect((horsepowerNormalizer.mean as tf.Tensor).item()).toBeCloseTo(mean(horsepower), 3);
    // horsepower_model = tf.keras.Sequential([horsepower_normalizer, layers.Dense(units=1)])
    horsepowerModel = new tf.keras.Sequential([horsepowerNormalizer, new layers.Dense({ units: 1 })]);
    // horsepower_model.summary(): the normalizer's mean, variance and count (3 non-trainable) and
    // the Dense's kernel and bias.
    const [, printed] = captureLog(() => horsepowerModel.summary());
    const table = printed.join('\n').split('\n');
    expect(table.find((l) => l.includes('(Normalization)'))).toMatch(/│ \(None, 1\) +│ +3 │$/);
    expect(table.find((l) => l.includes('(Dense)'))).toMatch(/│ \(None, 1\) +│ +2 │$/);
    // Keras counts 16 B of non-trainable weights: its `count` is int64, gradtape's int32 (no int64 dtype).
    expect(table.slice(-3)).toEqual([' Total params: 5 (20.00 B)', ' Trainable params: 2 (8.00 B)', ' Non-trainable params: 3 (12.00 B)']);
    // horsepower_model.predict(horsepower[:10]): the untrained model, one prediction per car.
    const y = horsepowerModel.predict(horsepower.slice(0, 10));
    expect(y.shape).toEqual([10, 1]);
  });

  it('trains it with Adam and mean absolute error', () => {
    // horsepower_model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=0.1), loss='mean_absolute_error')
    horsepowerModel.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.1 }), loss: 'mean_absolute_error' });
    // history = horsepower_model.fit(train_features['Horsepower'], train_labels, epochs=100, verbose=0, validation_split=0.2)
    const history = horsepowerModel.fit(trainFeatures['Horsepower']!, trainLabels, { epochs: 100, verbose: 0, validationSplit: 0.2 });
    // hist = pd.DataFrame(history.history); hist['epoch'] = history.epoch; hist.tail()
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'val_loss']);
    const hist = history.history['loss']!.map((loss, i) => ({ loss, val_loss: history.history['val_loss']![i]!, epoch: history.epoch[i]! }));
    expect(hist).toHaveLength(100);
    expect(hist.at(-1)!.epoch).toBe(99);
    expect(hist.at(-1)!.loss).toBeLessThan(hist[0]!.loss / 2);
    // test_results['horsepower_model'] = horsepower_model.evaluate(test_features['Horsepower'], test_labels, verbose=0)
    testResults['horsepower_model'] = horsepowerModel.evaluate(testFeatures['Horsepower']!, testLabels, { verbose: 0 }) as number;
    expect(typeof testResults['horsepower_model']).toBe('number');
    expect(testResults['horsepower_model']).toBeLessThan(6);
    // x = tf.linspace(0.0, 250, 251); y = horsepower_model.predict(x): the fitted line falls with horsepower.
    const x = tf.linspace(0.0, 250, 251);
    const y = horsepowerModel.predict(x).arraySync() as number[][];
    expect(y).toHaveLength(251);
    expect(y[250]![0]!).toBeLessThan(y[0]![0]!);
    // A straight line: equal steps.
    expect(y[2]![0]! - y[1]![0]!).toBeCloseTo(y[1]![0]! - y[0]![0]!, 3);
  });

  it('trains the multi-input linear model', () => {
    // linear_model = tf.keras.Sequential([normalizer, layers.Dense(units=1)])
    const linearModel = new tf.keras.Sequential([normalizer, new layers.Dense({ units: 1 })]);
    // linear_model.predict(train_features[:10])
    expect(linearModel.predict(toRows(trainFeatures).slice(0, 10)).shape).toEqual([10, 1]);
    // linear_model.layers[1].kernel: one weight per feature.
    expect((linearModel.layers[1] as tf.keras.layers.Dense).kernel!.shape).toEqual([9, 1]);
    linearModel.compile({ optimizer: new tf.keras.optimizers.Adam({ learningRate: 0.1 }), loss: 'mean_absolute_error' });
    const history = linearModel.fit(toRows(trainFeatures), trainLabels, { epochs: 100, verbose: 0, validationSplit: 0.2 });
    expect(history.history['val_loss']).toHaveLength(100);
    testResults['linear_model'] = linearModel.evaluate(toRows(testFeatures), testLabels, { verbose: 0 }) as number;
    // More inputs explain more: the linear model beats the horsepower-only line.
    expect(testResults['linear_model']).toBeLessThan(testResults['horsepower_model']!);
  });

  /** def build_and_compile_model(norm): Dense 64 relu twice and a linear output, MAE, Adam(0.001). */
  function buildAndCompileModel(norm: tf.keras.layers.Normalization): tf.keras.Sequential {
    const model = new tf.keras.Sequential([
      norm,
      new layers.Dense(64, { activation: 'relu' }),
      new layers.Dense(64, { activation: 'relu' }),
      new layers.Dense(1),
    ]);
    model.compile({ loss: 'mean_absolute_error', optimizer: new tf.keras.optimizers.Adam(0.001) });
    return model;
  }

  it('trains the horsepower DNN', () => {
    const dnnHorsepowerModel = buildAndCompileModel(horsepowerNormalizer);
    const [, printed] = captureLog(() => dnnHorsepowerModel.summary());
    const table = printed.join('\n').split('\n');
    // 3 + (1*64+64) + (64*64+64) + (64+1)
    expect(table.slice(-3)).toEqual([' Total params: 4,356 (17.02 KB)', ' Trainable params: 4,353 (17.00 KB)', ' Non-trainable params: 3 (12.00 B)']);
    const history = dnnHorsepowerModel.fit(trainFeatures['Horsepower']!, trainLabels, { validationSplit: 0.2, verbose: 0, epochs: 40 });
    expect(history.history['loss']!.at(-1)!).toBeLessThan(history.history['loss']![0]!);
    const y = dnnHorsepowerModel.predict(tf.linspace(0.0, 250, 251));
    expect(y.shape).toEqual([251, 1]);
    testResults['dnn_horsepower_model'] = dnnHorsepowerModel.evaluate(testFeatures['Horsepower']!, testLabels, { verbose: 0 }) as number;
    expect(testResults['dnn_horsepower_model']).toBeGreaterThan(0);
  });

  it('trains the full DNN, predicts, saves and reloads it', () => {
    dnnModel = buildAndCompileModel(normalizer);
    // dnn_model.summary(): 19 + (9*64+64) + (64*64+64) + (64+1)
    const [, printed] = captureLog(() => dnnModel.summary());
    const table = printed.join('\n').split('\n');
    expect(table[0]).toMatch(/^Model: "sequential(_\d+)?"$/);
    // The model has no input shape yet: its Dense layers are unbuilt ('?', '0 (unbuilt)'), the
    // adapted normalizer shows its 19 weights.
    expect(table.find((l) => l.includes('(Normalization)'))).toMatch(/│ +19 │$/);
    expect(table.filter((l) => l.includes('(Dense)'))).toEqual(expect.arrayContaining([expect.stringMatching(/│ \? +│ +0 \(unbuilt\) │$/)]));
    expect(table.filter((l) => l.includes('0 (unbuilt)'))).toHaveLength(3);
    expect(table.slice(-3)).toEqual([' Total params: 19 (76.00 B)', ' Trainable params: 0 (0.00 B)', ' Non-trainable params: 19 (76.00 B)']);
    const history = dnnModel.fit(toRows(trainFeatures), trainLabels, { validationSplit: 0.2, verbose: 0, epochs: 40 });
    expect(history.history['val_loss']).toHaveLength(40);
    testResults['dnn_model'] = dnnModel.evaluate(toRows(testFeatures), testLabels, { verbose: 0 }) as number;
    // pd.DataFrame(test_results, index=['Mean absolute error [MPG]']).T
    expect(Object.keys(testResults)).toEqual(['horsepower_model', 'linear_model', 'dnn_horsepower_model', 'dnn_model']);

    // test_predictions = dnn_model.predict(test_features).flatten()
    // (NumPy's ndarray.flatten; a tf.Tensor has none: tf.reshape(x, [-1]) as in TensorFlow.)
    const testPredictions = tf.reshape(dnnModel.predict(toRows(testFeatures)), [-1]);
    expect(testPredictions.shape).toEqual([24]);
    // error = test_predictions - test_labels: its mean absolute value is what evaluate reported.
    const error = tf.sub(testPredictions, testLabels);
    expect(tf.reduceMean(tf.abs(error)).item()).toBeCloseTo(testResults['dnn_model'], 3);

    // dnn_model.save('dnn_model.keras'); reloaded = tf.keras.models.load_model('dnn_model.keras')
    const path = join(dir, 'dnn_model.keras');
    dnnModel.save(path);
    const reloaded = tf.keras.models.loadModel(path) as tf.keras.Sequential;
    testResults['reloaded'] = reloaded.evaluate(toRows(testFeatures), testLabels, { verbose: 0 }) as number;
    expect(testResults['reloaded']).toBeCloseTo(testResults['dnn_model'], 5);
  });
});

describe('fixes the regression port needed', () => {
  it("models take a column one rank off their Input's shape, as Keras 3's _adjust_input_rank", () => {
    // A (batch,) column to an Input of shape (1,) gets its trailing axis, in a Sequential...
    const seq = new tf.keras.Sequential([tf.keras.Input([1]), new layers.Dense(1, { kernelInitializer: 'ones' })]);
    expect(seq.predict([1, 2, 3]).arraySync()).toEqual([[1], [2], [3]]);
    // ... and in a functional model; a (batch, 1) column to an Input of shape () loses it.
    const a = tf.keras.Input([1]);
    const b = tf.keras.Input([]);
    const model = new tf.keras.Model([a, b], [new layers.Dense(1, { kernelInitializer: 'ones' }).apply(a) as tf.keras.KerasTensor, b]);
    const [ya, yb] = model.predict([tf.constant([4, 5]), tf.constant([[6], [7]])]) as unknown as tf.Tensor[];
    expect(ya!.arraySync()).toEqual([[4], [5]]);
    expect(yb!.shape).toEqual([2]);
    // Other ranks are still refused.
    expect(() => seq.predict([[[1, 2]]])).toThrow(/incompatible with the layer: expected shape=\(None, 1\), found shape=\(1, 1, 2\)/);
  });

  it("a layer's summary row shows the shape its Sequential feeds it, not that of an earlier adapt", () => {
    const norm = new layers.Normalization({ axis: null, inputShape: [1] });
    norm.adapt([1, 2, 3, 4, 5]);
    const model = new tf.keras.Sequential([norm, new layers.Dense(1)]);
    const text = model.summary({ printFn: () => {} });
    expect(text.split('\n').find((l) => l.includes('(Normalization)'))).toMatch(/│ \(None, 1\) +│ +3 │$/);
  });
});

// ================================================================================================
// 2. Basic classification: Classify images of clothing
// ================================================================================================

/** The stand-in for fashion_mnist.load_data(): `n` 28x28 images with values 0..255 (uint8 in
 * Keras; int32 here, gradtape has no uint8) and labels 0..9. Each class is a bright block of its
 * own position and size on a dark background, with noise: a pattern a small network learns. */
function syntheticFashionMnist(n: number, seed: number): [tf.Tensor, tf.Tensor] {
  const next = seededRandom(seed);
  const images: number[][][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const label = Math.floor(next() * 10);
    const top = 2 + (label % 5) * 4;
    const left = label < 5 ? 3 : 14;
    const image = Array.from({ length: 28 }, (_, r) =>
      Array.from({ length: 28 }, (_, c) => {
        const inside = r >= top && r < top + 8 && c >= left && c < left + 10;
        return Math.min(255, Math.max(0, Math.round((inside ? 200 : 20) + 40 * (next() - 0.5))));
      }),
    );
    images.push(image);
    labels.push(label);
  }
  return [tf.constant(images, 'int32'), tf.constant(labels, 'int32')];
}

describe('Basic classification: Classify images of clothing', () => {
  let trainImages: tf.Tensor;
  let trainLabels: tf.Tensor;
  let testImages: tf.Tensor;
  let testLabels: tf.Tensor;
  let model: tf.keras.Sequential;
  let probabilityModel: tf.keras.Sequential;
  let predictions: tf.Tensor;
  const classNames = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

  it('loads and explores the data', () => {
    // (train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
    [trainImages, trainLabels] = syntheticFashionMnist(300, 1);
    [testImages, testLabels] = syntheticFashionMnist(100, 2);
    // train_images.shape: (60000, 28, 28) in the tutorial
    expect(trainImages.shape).toEqual([300, 28, 28]);
    // len(train_labels); train_labels
    expect(trainLabels.shape[0]).toBe(300);
    const labels = trainLabels.arraySync() as number[];
    expect(labels.every((l) => Number.isInteger(l) && l >= 0 && l < classNames.length)).toBe(true);
    expect(new Set(labels).size).toBe(10);
    expect(testImages.shape).toEqual([100, 28, 28]);
    // plt.imshow(train_images[0]); plt.colorbar(): pixel values fall in the range 0 to 255.
    expect(tf.reduceMin(trainImages).item()).toBeGreaterThanOrEqual(0);
    expect(tf.reduceMax(trainImages).item()).toBeLessThanOrEqual(255);
  });

  it('scales the pixel values to [0, 1]', () => {
    // train_images = train_images / 255.0: integers divided by a float are float64, as in NumPy.
    trainImages = tf.div(trainImages, 255.0);
    testImages = tf.div(testImages, 255.0);
    expect(trainImages.dtype).toBe('float64');
    expect(tf.reduceMax(trainImages).item()).toBeLessThanOrEqual(1);
    expect(tf.reduceMin(testImages).item()).toBeGreaterThanOrEqual(0);
  });

  it('builds, compiles and trains the model', () => {
    // model = tf.keras.Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation='relu'), Dense(10)])
    model = new tf.keras.Sequential([
      new layers.Flatten({ inputShape: [28, 28] }),
      new layers.Dense(128, { activation: 'relu' }),
      new layers.Dense(10),
    ]);
    expect(model.countParams()).toBe(784 * 128 + 128 + 128 * 10 + 10);
    // model.compile(optimizer='adam', loss=SparseCategoricalCrossentropy(from_logits=True), metrics=['accuracy'])
    model.compile({
      optimizer: 'adam',
      loss: new tf.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
      metrics: ['accuracy'],
    });
    // model.fit(train_images, train_labels, epochs=10)
    const history = model.fit(trainImages, trainLabels, { epochs: 10, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss']);
    expect(history.history['accuracy']!.at(-1)).toBeGreaterThan(0.9);
    expect(history.history['loss']!.at(-1)!).toBeLessThan(history.history['loss']![0]!);
  });

  it('evaluates accuracy: [loss, accuracy], one line with verbose=2', () => {
    // test_loss, test_acc = model.evaluate(test_images, test_labels, verbose=2)
    const [result, printed] = captureLog(() => model.evaluate(testImages, testLabels, { verbose: 2 }));
    const [testLoss, testAcc] = result as number[];
    expect(testAcc).toBeGreaterThan(0.9);
    expect(testLoss).toBeGreaterThan(0);
    // Keras' line: "4/4 - 0s - 1ms/step - accuracy: 0.9900 - loss: 0.0500"
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^4\/4 - \d+s - \d+[mu]?s\/step - accuracy: \d\.\d{4} - loss: \d\.\d{4}$/);
    expect(printed[0]).toContain(`accuracy: ${testAcc!.toFixed(4)}`);
  });

  it('makes predictions with a probability model', () => {
    // probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
    probabilityModel = new tf.keras.Sequential([model, new layers.Softmax()]);
    // predictions = probability_model.predict(test_images)
    predictions = probabilityModel.predict(testImages);
    expect(predictions.shape).toEqual([100, 10]);
    // predictions[0]: ten probabilities summing to 1
    const first = (predictions.arraySync() as number[][])[0]!;
    expect(first.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5);
    // np.argmax(predictions[0]) == test_labels[0]
    const label0 = (testLabels.arraySync() as number[])[0]!;
    expect(tf.argmax(tf.gather(predictions, 0)).item()).toBe(label0);
    expect(first.indexOf(Math.max(...first))).toBe(label0);
    // The probabilities are the softmax of the logits.
    const logits = model.predict(testImages);
    expect(tf.nn.softmax(logits).arraySync()).toEqual(predictions.arraySync());
  });

  it('predicts a single image as a batch of one', () => {
    // img = test_images[1]; print(img.shape)
    let img = tf.gather(testImages, 1);
    expect(img.shape).toEqual([28, 28]);
    // img = (np.expand_dims(img,0)); print(img.shape)
    img = tf.expandDims(img, 0);
    expect(img.shape).toEqual([1, 28, 28]);
    // predictions_single = probability_model.predict(img)
    const predictionsSingle = probabilityModel.predict(img);
    expect(predictionsSingle.shape).toEqual([1, 10]);
    // np.argmax(predictions_single[0]): the same class as in the batch's predictions
    const single = tf.argmax(tf.gather(predictionsSingle, 0)).item();
    expect(single).toBe(tf.argmax(tf.gather(predictions, 1)).item());
    expect(single).toBe((testLabels.arraySync() as number[])[1]);
  });
});

// ================================================================================================
// 3. Classify structured data using Keras preprocessing layers
// ================================================================================================

/** The stand-in for petfinder-mini.csv's numeric and integer columns: Age (months), Fee, PhotoAmt
 * and AdoptionSpeed (0..4). The string columns (Type, Breed1, Gender, Color1, ...) are left out:
 * gradtape has no string dtype (no StringLookup). Pets with more photos, a low fee and a young age
 * are adopted more often, so the model has something to learn. */
function syntheticPetfinder(n: number): Frame {
  const next = seededRandom(11537);
  const frame: Frame = { Age: [], Fee: [], PhotoAmt: [], AdoptionSpeed: [] };
  for (let i = 0; i < n; i++) {
    const age = [1, 2, 3, 4, 6, 12, 24, 36][Math.floor(next() ** 1.5 * 8)]!;
    const fee = next() < 0.7 ? 0 : [50, 100, 150, 300][Math.floor(next() * 4)]!;
    const photos = Math.floor(next() * 10);
    const score = photos / 3 - fee / 150 - age / 12 + (next() - 0.5) * 1.5;
    frame['Age']!.push(age);
    frame['Fee']!.push(fee);
    frame['PhotoAmt']!.push(photos);
    frame['AdoptionSpeed']!.push(score > 0.3 ? Math.floor(next() * 4) : 4);
  }
  return frame;
}

type Features = Record<string, tf.Tensor>;

describe('Classify structured data using Keras preprocessing layers', () => {
  let dataframe: Frame;
  let train: Frame;
  let val: Frame;
  let test: Frame;
  let trainDs: tf.data.Dataset<[Features, tf.Tensor]>;
  let trainFeatures: Features;

  /** def df_to_dataset(dataframe, shuffle=True, batch_size=32) */
  function dfToDataset(frame: Frame, shuffle = true, batchSize = 32): tf.data.Dataset<[Features, tf.Tensor]> {
    // df = dataframe.copy(); labels = df.pop('target')
    const df = { ...frame };
    const labels = df['target']!;
    delete df['target'];
    // df = {key: value.to_numpy()[:,tf.newaxis] for key, value in dataframe.items()}: as the
    // tutorial writes it, from `dataframe`, so the target is among the features too.
    // pandas' int64 columns are int32 here (no int64), its float64 PhotoAmt float64.
    const dtypeOf = (key: string) => (key === 'PhotoAmt' ? 'float64' : 'int32');
    const columns = Object.fromEntries(Object.entries(frame).map(([key, value]) => [key, tf.expandDims(tf.constant(value, dtypeOf(key)), -1)]));
    // ds = tf.data.Dataset.from_tensor_slices((dict(df), labels))
    let ds = tf.data.Dataset.fromTensorSlices([columns, tf.constant(labels, 'int32')]) as tf.data.Dataset<[Features, tf.Tensor]>;
    if (shuffle) ds = ds.shuffle(frame['target']!.length, { seed: 42 });
    ds = ds.batch(batchSize);
    ds = ds.prefetch(batchSize);
    return ds;
  }

  /** def get_normalization_layer(name, dataset) */
  function getNormalizationLayer(name: string, dataset: tf.data.Dataset<[Features, tf.Tensor]>): tf.keras.layers.Normalization {
    // Create a Normalization layer for the feature.
    const normalizer = new layers.Normalization({ axis: null });
    // Prepare a Dataset that only yields the feature.
    const featureDs = dataset.map((x: Features, _y: tf.Tensor) => x[name]!);
    // Learn the statistics of the data.
    normalizer.adapt(featureDs);
    return normalizer;
  }

  /** def get_category_encoding_layer(name, dataset, dtype, max_tokens=None): IntegerLookup only
   * (StringLookup needs strings). */
  function getCategoryEncodingLayer(name: string, dataset: tf.data.Dataset<[Features, tf.Tensor]>, maxTokens: number | null = null) {
    const index = new layers.IntegerLookup({ maxTokens });
    const featureDs = dataset.map((x: Features, _y: tf.Tensor) => x[name]!);
    index.adapt(featureDs);
    const encoder = new layers.CategoryEncoding({ numTokens: index.vocabularySize() });
    // Apply multi-hot encoding to the indices. The lambda function captures the layer, so you can
    // use them, or include them in the Keras Functional model later.
    // (One function for tensors and KerasTensors: the layers' call overloads take each alone.)
    return <T extends tf.Tensor | tf.keras.KerasTensor>(feature: T): T => encoder(index(feature as tf.Tensor)) as unknown as T;
  }

  it('loads the data and makes the target', () => {
    // dataframe = pd.read_csv(csv_file); dataframe.head()
    dataframe = syntheticPetfinder(400);
    // dataframe['target'] = np.where(dataframe['AdoptionSpeed']==4, 0, 1)
    dataframe['target'] = dataframe['AdoptionSpeed']!.map((s) => (s === 4 ? 0 : 1));
    // dataframe = dataframe.drop(columns=['AdoptionSpeed', 'Description'])
    delete dataframe['AdoptionSpeed'];
    expect(Object.keys(dataframe)).toEqual(['Age', 'Fee', 'PhotoAmt', 'target']);
    const adopted = mean(dataframe['target']!);
    expect(adopted).toBeGreaterThan(0.3);
    expect(adopted).toBeLessThan(0.8);
  });

  it('splits into train, validation and test', () => {
    // train, val, test = np.split(df.sample(frac=1), [int(0.8*len(df)), int(0.9*len(df))])
    const n = dataframe['target']!.length;
    const order = sampleIndex(n, 1, 7);
    train = takeRows(dataframe, order.slice(0, Math.floor(0.8 * n)));
    val = takeRows(dataframe, order.slice(Math.floor(0.8 * n), Math.floor(0.9 * n)));
    test = takeRows(dataframe, order.slice(Math.floor(0.9 * n)));
    // print(len(train), 'training examples') ...
    expect([train['target']!.length, val['target']!.length, test['target']!.length]).toEqual([320, 40, 40]);
  });

  it('makes a tf.data pipeline of dicts of columns', () => {
    const batchSize = 5;
    trainDs = dfToDataset(train, true, batchSize);
    // [(train_features, label_batch)] = train_ds.take(1)
    const [[features, labelBatch]] = [...trainDs.take(1)] as [[Features, tf.Tensor]];
    trainFeatures = features;
    // print('Every feature:', list(train_features.keys()))
    expect(Object.keys(trainFeatures)).toEqual(['Age', 'Fee', 'PhotoAmt', 'target']);
    // print('A batch of ages:', train_features['Age']): shape (5, 1)
    expect(trainFeatures['Age']!.shape).toEqual([5, 1]);
    expect(trainFeatures['Age']!.dtype).toBe('int32');
    // print('A batch of targets:', label_batch): shape (5,)
    expect(labelBatch.shape).toEqual([5]);
    // The features' target column is the labels (the tutorial's dict comes from `dataframe`).
    expect(tf.reshape(trainFeatures['target']!, [-1]).arraySync()).toEqual(labelBatch.arraySync());
  });

  it('normalizes a numeric column with a layer adapted on a dataset', () => {
    // photo_count_col = train_features['PhotoAmt']; layer = get_normalization_layer('PhotoAmt', train_ds); layer(photo_count_col)
    const photoCountCol = trainFeatures['PhotoAmt']!;
    const layer = getNormalizationLayer('PhotoAmt', trainDs);
    const photos = train['PhotoAmt']!;
    expect((layer.mean as tf.Tensor).item()).toBeCloseTo(mean(photos), 4);
    expect((layer.variance as tf.Tensor).item()).toBeCloseTo(variance(photos), 3);
    const out = layer(photoCountCol);
    expect(out.shape).toEqual([5, 1]);
    const raw = photoCountCol.arraySync() as number[][];
    (out.arraySync() as number[][]).forEach((row, i) => expect(row[0]).toBeCloseTo((raw[i]![0]! - mean(photos)) / Math.sqrt(variance(photos)), 4));
  });

  it('multi-hot encodes an integer column through IntegerLookup', () => {
    // test_age_col = train_features['Age']
    const testAgeCol = trainFeatures['Age']!;
    // test_age_layer = get_category_encoding_layer(name='Age', dataset=train_ds, dtype='int64', max_tokens=5)
    const testAgeLayer = getCategoryEncodingLayer('Age', trainDs, 5);
    const out = testAgeLayer(testAgeCol);
    // max_tokens=5: the OOV index and the 4 most frequent ages, one multi-hot row per pet.
    expect(out.shape).toEqual([5, 5]);
    const rows = out.arraySync() as number[][];
    rows.forEach((row) => expect(row.reduce((s, v) => s + v, 0)).toBe(1));
    // The most frequent ages get indices 1..4; the others share the OOV index 0.
    const counts = new Map<number, number>();
    for (const a of train['Age']!) counts.set(a, (counts.get(a) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0]).slice(0, 4).map(([a]) => a);
    (testAgeCol.arraySync() as number[][]).forEach(([age], i) => {
      expect(rows[i]![top.indexOf(age!) + 1]).toBe(1);
    });
  });

  let model: tf.keras.Model;
  let valDs: tf.data.Dataset<[Features, tf.Tensor]>;
  let testDs: tf.data.Dataset<[Features, tf.Tensor]>;
  let result: Record<string, number>;

  it('builds the functional model on the preprocessed inputs', () => {
    // Seeded (keras.utils.set_random_seed): the weights' initializers and Dropout's masks draw the
    // same numbers at every run, so the accuracy checked below does not depend on luck (an
    // unseeded CI run reached 0.475).
    tf.keras.utils.setRandomSeed(7);
    const batchSize = 32; // 256 in the tutorial
    trainDs = dfToDataset(train, true, batchSize);
    valDs = dfToDataset(val, false, batchSize);
    testDs = dfToDataset(test, false, batchSize);

    const allInputs: Record<string, tf.keras.KerasTensor> = {};
    const encodedFeatures: tf.keras.KerasTensor[] = [];
    // Numerical features.
    for (const header of ['PhotoAmt', 'Fee']) {
      const numericCol = tf.keras.Input({ shape: [1], name: header });
      const normalizationLayer = getNormalizationLayer(header, trainDs);
      const encodedNumericCol = normalizationLayer(numericCol);
      allInputs[header] = numericCol;
      encodedFeatures.push(encodedNumericCol);
    }
    // age_col = tf.keras.Input(shape=(1,), name='Age', dtype='int64'): int32 here (no int64).
    const ageCol = tf.keras.Input({ shape: [1], name: 'Age', dtype: 'int32' });
    const encodingLayer = getCategoryEncodingLayer('Age', trainDs, 5);
    const encodedAgeCol = encodingLayer(ageCol);
    allInputs['Age'] = ageCol;
    encodedFeatures.push(encodedAgeCol);
    // The string columns (Type, Color1, Breed1, ...) through StringLookup are left out: no strings.

    // all_features = tf.keras.layers.concatenate(encoded_features)
    const allFeatures = tf.keras.layers.concatenate(encodedFeatures);
    expect(allFeatures.shape).toEqual([null, 7]);
    let x = new layers.Dense(32, { activation: 'relu' }).apply(allFeatures) as tf.keras.KerasTensor;
    x = new layers.Dropout(0.5).apply(x) as tf.keras.KerasTensor;
    const output = new layers.Dense(1).apply(x) as tf.keras.KerasTensor;
    model = new tf.keras.Model(allInputs, output);
    // model.compile(optimizer='adam', loss=BinaryCrossentropy(from_logits=True), metrics=["accuracy"], run_eagerly=True)
    model.compile({
      optimizer: 'adam',
      loss: new tf.keras.losses.BinaryCrossentropy({ fromLogits: true }),
      metrics: ['accuracy'],
      runEagerly: true,
    });
    // tf.keras.utils.plot_model(model, show_shapes=True, rankdir="LR"): no graphviz; the inputs instead.
    // normalizations (3 weights each) + 7*32+32 + 32+1; the lookups have no weights.
    expect(model.countParams()).toBe(3 + 3 + 7 * 32 + 32 + 32 + 1);
  });

  it('trains, evaluates, saves and reloads it', () => {
    // model.fit(train_ds, epochs=10, validation_data=val_ds)
    const history = model.fit(trainDs, { epochs: 10, validationData: valDs, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['accuracy', 'loss', 'val_accuracy', 'val_loss']);
    expect(history.history['loss']!.at(-1)!).toBeLessThan(history.history['loss']![0]!);
    // result = model.evaluate(test_ds, return_dict=True)
    result = model.evaluate(testDs, { returnDict: true, verbose: 0 }) as Record<string, number>;
    expect(Object.keys(result).sort()).toEqual(['accuracy', 'loss']);
    expect(result['accuracy']).toBeGreaterThan(0.6);

    // model.save('my_pet_classifier.keras'); reloaded_model = tf.keras.models.load_model(...)
    const path = join(dir, 'my_pet_classifier.keras');
    model.save(path);
    const reloadedModel = tf.keras.models.loadModel(path) as tf.keras.Model;
    const reloaded = reloadedModel.evaluate(testDs, { returnDict: true, verbose: 0 }) as Record<string, number>;
    expect(reloaded['loss']).toBeCloseTo(result['loss']!, 5);
    expect(reloaded['accuracy']).toBe(result['accuracy']);

    // sample = {'Type': 'Cat', 'Age': 3, ..., 'Fee': 100, 'PhotoAmt': 2} (no strings here)
    const sample: Record<string, number> = { Age: 3, Fee: 100, PhotoAmt: 2 };
    // input_dict = {name: tf.convert_to_tensor([value]) for name, value in sample.items()}
    const inputDict = Object.fromEntries(Object.entries(sample).map(([name, value]) => [name, tf.convertToTensor([value])]));
    // predictions = reloaded_model.predict(input_dict): each (1,) column gets its trailing axis
    const predictions = reloadedModel.predict(inputDict);
    expect(predictions.shape).toEqual([1, 1]);
    // prob = tf.nn.sigmoid(predictions[0])
    const prob = tf.nn.sigmoid(tf.gather(predictions, 0));
    expect(prob.shape).toEqual([1]);
    const p = prob.arraySync() as number[];
    expect(p[0]).toBeGreaterThan(0);
    expect(p[0]).toBeLessThan(1);
    // The same as the trained model's.
    expect(tf.nn.sigmoid(model.predict(inputDict)).arraySync()).toEqual([[p[0]]]);
    // print("This particular pet had a %.1f percent probability of getting adopted." % (100 * prob))
    expect(`This particular pet had a ${(100 * p[0]!).toFixed(1)} percent probability of getting adopted.`).toMatch(/had a \d+\.\d percent/);
  });
});

describe('fixes the structured-data port needed', () => {
  it('an integer column given to a float Input is cast to it, as Keras converts model inputs', () => {
    const fee = tf.keras.Input({ shape: [1], name: 'Fee' });
    const norm = new layers.Normalization({ axis: null, mean: 100, variance: 2500 });
    const model = new tf.keras.Model({ Fee: fee }, norm.apply(fee) as tf.keras.KerasTensor);
    const y = model.predict({ Fee: tf.constant([[50], [150]], 'int32') });
    expect(y.dtype).toBe('float32');
    expect(y.arraySync()).toEqual([[-1], [1]]);
    // Float inputs stay as they are for the layers to cast; int Inputs still take floats as ids.
    const ids = tf.keras.Input({ shape: [1], dtype: 'int32' });
    const echo = new tf.keras.Model(ids, new layers.Identity().apply(ids) as tf.keras.KerasTensor);
    expect(echo.predict(tf.constant([[2.0]])).dtype).toBe('int32');
  });
});
