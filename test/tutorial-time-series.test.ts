// TensorFlow's "Time series forecasting" tutorial (tensorflow/docs
// site/en/tutorials/structured_data/time_series.ipynb), ported cell by cell: the WindowGenerator,
// the single-step, multi-output and multi-step models, and the autoregressive FeedBack model.
// The Jena climate CSV (a download) is replaced by a small synthetic hourly table with the
// tutorial's columns and a daily cycle; pandas' work is done in plain JS; matplotlib's plots are
// left out; few epochs, so the file runs fast.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from 'gradtape';
import { seededRandom } from './helpers/gradcheck';

// ---- The weather dataset ---------------------------------------------------------------------
// Instead of `tf.keras.utils.get_file(...jena_climate_2009_2016.csv.zip)` and `pd.read_csv`, a
// table of N hourly rows (the tutorial's df[5::6]) with the columns the tutorial uses: pressure,
// temperature and humidity with a daily cycle, the wind speed, its maximum and its direction (with
// the -9999 sensor errors the tutorial cleans up), and the time as seconds.

const uniform = seededRandom; // mulberry32: the stand-in data are the same on every run

const N = 600; // 25 days of hours: the 10% test split still holds windows of 48 hours
const START = Date.UTC(2009, 0, 1, 1) / 1000; // 01.01.2009 01:00:00, the tutorial's first hour
const rand = uniform(2009);
const noise = () => rand() + rand() + rand() - 1.5;
const rawDf: Record<string, number[]> = { 'p (mbar)': [], 'T (degC)': [], 'rh (%)': [], 'wv (m/s)': [], 'max. wv (m/s)': [], 'wd (deg)': [] };
const timestampS: number[] = []; // `date_time.map(datetime.datetime.timestamp)`
for (let h = 0; h < N; h++) {
  const t = START + h * 3600;
  const daily = Math.sin((2 * Math.PI * (h - 9)) / 24); // warmest mid-afternoon
  const temperature = 5 + 6 * daily + 2 * Math.sin((2 * Math.PI * h) / (24 * 9)) + 0.5 * noise();
  const wv = 2 + 1.5 * rand();
  timestampS.push(t);
  rawDf['p (mbar)']!.push(990 + 6 * Math.sin((2 * Math.PI * h) / (24 * 5)) - 0.4 * daily + 0.3 * noise());
  rawDf['T (degC)']!.push(temperature);
  rawDf['rh (%)']!.push(80 - 3 * (temperature - 5) + 2 * noise());
  rawDf['wv (m/s)']!.push(h % 97 === 13 ? -9999 : wv);
  rawDf['max. wv (m/s)']!.push(h % 131 === 7 ? -9999 : wv + 1 + rand());
  rawDf['wd (deg)']!.push((200 + 60 * daily + 40 * noise() + 360) % 360);
}

// df.head(), plot_features.plot(subplots=True) and df.describe().transpose(): pandas' display and
// matplotlib, left out.
// Inspect and cleanup (at load, as the feature engineering below uses the cleaned columns):
// wv = df['wv (m/s)']; bad_wv = wv == -9999.0; wv[bad_wv] = 0.0 (and the same for max. wv).
const rawMinima = ['wv (m/s)', 'max. wv (m/s)'].map((column) => Math.min(...rawDf[column]!));
for (const column of ['wv (m/s)', 'max. wv (m/s)']) {
  const values = rawDf[column]!;
  values.forEach((v, i) => {
    if (v === -9999.0) values[i] = 0.0;
  });
}
describe('time series forecasting: the data', () => {
  it('inspect and cleanup: the -9999 wind velocities become 0', () => {
    expect(rawMinima).toEqual([-9999, -9999]);
    // df['wv (m/s)'].min()
    expect(Math.min(...rawDf['wv (m/s)']!)).toBe(0);
    expect(Math.min(...rawDf['max. wv (m/s)']!)).toBeGreaterThanOrEqual(0);
  });
});

// ---- Feature engineering (pandas and NumPy in plain JS) ----------------------------------------
// The plt.hist2d plots of the wind and the plot of the time-of-day signal: matplotlib, left out.
const df: Record<string, number[]> = { ...rawDf };
{
  const wv = df['wv (m/s)']!; // df.pop('wv (m/s)')
  const maxWv = df['max. wv (m/s)']!;
  const wdRad = df['wd (deg)']!.map((d) => (d * Math.PI) / 180); // df.pop('wd (deg)')*np.pi / 180
  delete df['wv (m/s)'];
  delete df['max. wv (m/s)'];
  delete df['wd (deg)'];
  // The wind x and y components, and the max wind's.
  df['Wx'] = wv.map((v, i) => v * Math.cos(wdRad[i]!));
  df['Wy'] = wv.map((v, i) => v * Math.sin(wdRad[i]!));
  df['max Wx'] = maxWv.map((v, i) => v * Math.cos(wdRad[i]!));
  df['max Wy'] = maxWv.map((v, i) => v * Math.sin(wdRad[i]!));
  // "Time of day" and "Time of year" signals.
  const day = 24 * 60 * 60;
  const year = 365.2425 * day;
  df['Day sin'] = timestampS.map((t) => Math.sin(t * ((2 * Math.PI) / day)));
  df['Day cos'] = timestampS.map((t) => Math.cos(t * ((2 * Math.PI) / day)));
  df['Year sin'] = timestampS.map((t) => Math.sin(t * ((2 * Math.PI) / year)));
  df['Year cos'] = timestampS.map((t) => Math.cos(t * ((2 * Math.PI) / year)));
}
const columns = Object.keys(df);

// ---- Split the data ----------------------------------------------------------------------------
// column_indices = {name: i for i, name in enumerate(df.columns)}
const columnIndices: Record<string, number> = Object.fromEntries(columns.map((name, i) => [name, i]));
const n = N;
/** A table's rows, [time][feature] (what `np.array(df)` gives). */
type Frame = number[][];
const rows: Frame = Array.from({ length: n }, (_, i) => columns.map((c) => df[c]![i]!));
let trainDf: Frame = rows.slice(0, Math.trunc(n * 0.7));
let valDf: Frame = rows.slice(Math.trunc(n * 0.7), Math.trunc(n * 0.9));
let testDf: Frame = rows.slice(Math.trunc(n * 0.9));
const numFeatures = columns.length; // df.shape[1]

// ---- Normalize the data ------------------------------------------------------------------------
// train_df.mean() and train_df.std(): pandas' std is the sample standard deviation (ddof=1).
const trainMean = columns.map((_, j) => trainDf.reduce((s, r) => s + r[j]!, 0) / trainDf.length);
const trainStd = columns.map((_, j) => Math.sqrt(trainDf.reduce((s, r) => s + (r[j]! - trainMean[j]!) ** 2, 0) / (trainDf.length - 1)));
const normalize = (frame: Frame): Frame => frame.map((r) => r.map((v, j) => (v - trainMean[j]!) / trainStd[j]!));
trainDf = normalize(trainDf);
valDf = normalize(valDf);
testDf = normalize(testDf);

// The violin plot of the normalized features (seaborn): left out.
describe('time series forecasting: features, split and normalization', () => {
  it('the columns, the 70/20/10 split and the normalized training set', () => {
    expect(columns).toEqual(['p (mbar)', 'T (degC)', 'rh (%)', 'Wx', 'Wy', 'max Wx', 'max Wy', 'Day sin', 'Day cos', 'Year sin', 'Year cos']);
    expect(numFeatures).toBe(11);
    expect([trainDf.length, valDf.length, testDf.length]).toEqual([420, 120, 60]);
    // The training set has mean 0 and (sample) standard deviation 1 in every column.
    const t = tf.constant(trainDf, 'float64');
    for (const m of tf.reduceMean(t, 0).arraySync() as number[]) expect(m).toBeCloseTo(0, 10);
    const sampleStd = tf.sqrt(tf.reduceSum(tf.square(t.sub(tf.reduceMean(t, 0))), 0).div(trainDf.length - 1));
    for (const s of sampleStd.arraySync() as number[]) expect(s).toBeCloseTo(1, 10);
  });

  // fft = tf.signal.rfft(df['T (degC)']) and its plot: left out, rfft's result is complex and
  // gradtape has no complex dtypes.
});

// ---- Data windowing ----------------------------------------------------------------------------

/** NumPy's print of an int array (`np.arange(7)[slice(0, 6)]` prints `[0 1 2 3 4 5]`). */
const npString = (values: number[]) => String(tf.constant(values, 'int32')).replace(/^tf\.Tensor\(|, shape=.*$/gs, '');
/** Python's repr of a list of strings, or None. */
const pyList = (names: string[] | null) => (names === null ? 'None' : `[${names.map((s) => `'${s}'`).join(', ')}]`);

interface WindowGeneratorOptions {
  inputWidth: number;
  labelWidth: number;
  shift: number;
  trainDf?: Frame;
  valDf?: Frame;
  testDf?: Frame;
  labelColumns?: string[] | null;
}

class WindowGenerator {
  trainDf: Frame;
  valDf: Frame;
  testDf: Frame;
  labelColumns: string[] | null;
  labelColumnsIndices: Record<string, number> = {};
  columnIndices: Record<string, number>;
  inputWidth: number;
  labelWidth: number;
  shift: number;
  totalWindowSize: number;
  inputSlice: tf.IndexSpec;
  inputIndices: number[];
  labelStart: number;
  labelsSlice: tf.IndexSpec;
  labelIndices: number[];
  #example: [tf.Tensor, tf.Tensor] | null = null;

  constructor({ inputWidth, labelWidth, shift, trainDf: train = trainDf, valDf: val = valDf, testDf: test = testDf, labelColumns = null }: WindowGeneratorOptions) {
    // Store the raw data.
    this.trainDf = train;
    this.valDf = val;
    this.testDf = test;

    // Work out the label column indices.
    this.labelColumns = labelColumns;
    if (labelColumns !== null) this.labelColumnsIndices = Object.fromEntries(labelColumns.map((name, i) => [name, i]));
    this.columnIndices = Object.fromEntries(columns.map((name, i) => [name, i]));

    // Work out the window parameters.
    this.inputWidth = inputWidth;
    this.labelWidth = labelWidth;
    this.shift = shift;

    this.totalWindowSize = inputWidth + shift;

    const arange = Array.from({ length: this.totalWindowSize }, (_, i) => i);
    this.inputSlice = { start: 0, stop: inputWidth }; // slice(0, input_width)
    this.inputIndices = arange.slice(0, inputWidth);

    this.labelStart = this.totalWindowSize - this.labelWidth;
    this.labelsSlice = { start: this.labelStart }; // slice(label_start, None)
    this.labelIndices = arange.slice(this.labelStart);
  }

  toString(): string {
    return [
      `Total window size: ${this.totalWindowSize}`,
      `Input indices: ${npString(this.inputIndices)}`,
      `Label indices: ${npString(this.labelIndices)}`,
      `Label column name(s): ${pyList(this.labelColumns)}`,
    ].join('\n');
  }

  splitWindow(features: tf.Tensor): [tf.Tensor, tf.Tensor] {
    const inputs = tf.getitem(features, [':', this.inputSlice, ':']);
    let labels = tf.getitem(features, [':', this.labelsSlice, ':']);
    if (this.labelColumns !== null) {
      labels = tf.stack(
        this.labelColumns.map((name) => tf.getitem(labels, [':', ':', this.columnIndices[name]!])),
        -1,
      );
    }

    // Slicing doesn't preserve static shape information, so set the shapes
    // manually. This way the `tf.data.Datasets` are easier to inspect.
    inputs.setShape([null, this.inputWidth, null]);
    labels.setShape([null, this.labelWidth, null]);

    return [inputs, labels];
  }

  makeDataset(data: Frame): tf.data.Dataset<[tf.Tensor, tf.Tensor]> {
    const array = tf.constant(data, 'float32'); // np.array(data, dtype=np.float32)
    const ds = tf.keras.utils.timeseriesDatasetFromArray(array, null, this.totalWindowSize, {
      sequenceStride: 1,
      shuffle: true,
      batchSize: 32,
    }) as tf.data.Dataset<tf.Tensor>;

    return ds.map((features) => this.splitWindow(features));
  }

  get train() {
    return this.makeDataset(this.trainDf);
  }

  get val() {
    return this.makeDataset(this.valDf);
  }

  get test() {
    return this.makeDataset(this.testDf);
  }

  /** Get and cache an example batch of `inputs, labels` for plotting. */
  get example(): [tf.Tensor, tf.Tensor] {
    let result = this.#example;
    if (result === null) {
      // No example batch was found, so get one from the `.train` dataset
      result = this.train[Symbol.iterator]().next().value as [tf.Tensor, tf.Tensor];
      // And cache it for next time
      this.#example = result;
    }
    return result;
  }

  set example(value: [tf.Tensor, tf.Tensor]) {
    this.#example = value;
  }

  // plot(model, plotCol, maxSubplots): matplotlib, left out; its model(inputs) call is made below.
}

// ---- Models ------------------------------------------------------------------------------------

class Baseline extends tf.keras.Model {
  labelIndex: number | null;
  constructor(labelIndex: number | null = null) {
    super();
    this.labelIndex = labelIndex;
  }

  override call(inputs: tf.Tensor) {
    if (this.labelIndex === null) return inputs;
    const result = tf.getitem(inputs, [':', ':', this.labelIndex]);
    return tf.getitem(result, [':', ':', tf.newaxis]);
  }
}

const MAX_EPOCHS = 4;

function compileAndFit(model: tf.keras.Model, window: WindowGenerator, patience = 2) {
  const earlyStopping = new tf.keras.callbacks.EarlyStopping({ monitor: 'val_loss', patience, mode: 'min' });

  model.compile({
    loss: new tf.losses.MeanSquaredError(),
    optimizer: new tf.optimizers.Adam(),
    metrics: [new tf.metrics.MeanAbsoluteError()],
  });

  const history = model.fit(window.train, {
    epochs: MAX_EPOCHS,
    validationData: window.val,
    callbacks: [earlyStopping],
    verbose: 0,
  });
  return history;
}

type Performance = Record<string, Record<string, number>>;
const valPerformance: Performance = {};
const performance: Performance = {};

/** The windows of a (normalized) frame the way the generator cuts them, in order. */
function windowsOf(frame: Frame, size: number): number[][][] {
  return Array.from({ length: frame.length - size + 1 }, (_, i) => frame.slice(i, i + size));
}
const T = columnIndices['T (degC)']!;
const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

describe('time series forecasting: the WindowGenerator', () => {
  let w2: WindowGenerator;

  it('indexes and offsets: w1 and w2 print as in the tutorial', () => {
    const w1 = new WindowGenerator({ inputWidth: 24, labelWidth: 1, shift: 24, labelColumns: ['T (degC)'] });
    expect(String(w1)).toBe([
      'Total window size: 48',
      'Input indices: [ 0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23]',
      'Label indices: [47]',
      "Label column name(s): ['T (degC)']",
    ].join('\n'));
    w2 = new WindowGenerator({ inputWidth: 6, labelWidth: 1, shift: 1, labelColumns: ['T (degC)'] });
    expect(String(w2)).toBe([
      'Total window size: 7',
      'Input indices: [0 1 2 3 4 5]',
      'Label indices: [6]',
      "Label column name(s): ['T (degC)']",
    ].join('\n'));
  });

  it('split: three stacked windows split into inputs and labels', () => {
    // Stack three slices, the length of the total window:
    const exampleWindow = tf.stack([
      trainDf.slice(0, w2.totalWindowSize),
      trainDf.slice(100, 100 + w2.totalWindowSize),
      trainDf.slice(200, 200 + w2.totalWindowSize),
    ]);

    const [exampleInputs, exampleLabels] = w2.splitWindow(exampleWindow);

    // All shapes are: (batch, time, features)
    expect(exampleWindow.shape).toEqual([3, 7, numFeatures]);
    expect(exampleInputs.shape).toEqual([3, 6, numFeatures]);
    expect(exampleLabels.shape).toEqual([3, 1, 1]);
    // The label is the temperature of the 7th hour of each window.
    expect(exampleLabels.reshape([3]).arraySync()).toEqual([6, 106, 206].map((i) => expect.closeTo(trainDf[i]![T]!, 5)));
    expect(tf.getitem(exampleInputs, [1, 0]).arraySync()).toEqual(trainDf[100]!.map((v) => expect.closeTo(v, 5)));

    w2.example = [exampleInputs, exampleLabels];
    expect(w2.example[0]).toBe(exampleInputs);
  });

  it("set_shape: a shape the tensor's is not compatible with is TensorFlow's ValueError", () => {
    const [inputs] = w2.example;
    expect(() => inputs.setShape([null, 6, null])).not.toThrow();
    expect(inputs.shape).toEqual([3, 6, numFeatures]);
    expect(() => inputs.setShape([null, 5, null])).toThrow(`Tensor's shape (3, 6, ${numFeatures}) is not compatible with supplied shape [None, 5, None].`);
    expect(() => inputs.setShape([3, 6])).toThrow(`Tensor's shape (3, 6, ${numFeatures}) is not compatible with supplied shape [3, 6].`);
  });

  it('create tf.data.Datasets: the element spec and the batches', () => {
    // Each element is an (inputs, label) pair
    expect(w2.train.elementSpec.map(String)).toEqual([
      `TensorSpec(shape=(None, 6, ${numFeatures}), dtype=tf.float32, name=None)`,
      'TensorSpec(shape=(None, 1, 1), dtype=tf.float32, name=None)',
    ]);
    for (const [exampleInputs, exampleLabels] of w2.train.take(1)) {
      expect(exampleInputs.shape).toEqual([32, 6, numFeatures]); // (batch, time, features)
      expect(exampleLabels.shape).toEqual([32, 1, 1]);
    }
    // 420 rows give 414 windows of 7: 12 full batches and one of 30, each window once per pass.
    const sizes = [...w2.train].map(([x]) => x.shape[0]);
    expect(sizes.length).toBe(13);
    expect(sizes.reduce((s, v) => s + v!, 0)).toBe(414);
    const firstValues = new Set<number>();
    for (const [x] of w2.train) for (const v of tf.getitem(x, [':', 0, T]).dataSync()) firstValues.add(Math.round(v * 1e5));
    expect(firstValues.size).toBe(new Set(trainDf.slice(0, 414).map((r) => Math.round(r[T]! * 1e5))).size);
  });
});

describe('time series forecasting: single step models', () => {
  let singleStepWindow: WindowGenerator;
  let wideWindow: WindowGenerator;
  let convWindow: WindowGenerator;
  let baseline: Baseline;
  const CONV_WIDTH = 3;

  beforeAll(() => {
    tf.keras.utils.setRandomSeed(42);
  });

  it('the single-step window', () => {
    singleStepWindow = new WindowGenerator({ inputWidth: 1, labelWidth: 1, shift: 1, labelColumns: ['T (degC)'] });
    expect(String(singleStepWindow)).toBe("Total window size: 2\nInput indices: [0]\nLabel indices: [1]\nLabel column name(s): ['T (degC)']");
    for (const [exampleInputs, exampleLabels] of singleStepWindow.train.take(1)) {
      expect(exampleInputs.shape).toEqual([32, 1, numFeatures]);
      expect(exampleLabels.shape).toEqual([32, 1, 1]);
    }
  });

  it('Baseline: evaluate gives the mean squared and absolute hour-to-hour change of the temperature', () => {
    baseline = new Baseline(columnIndices['T (degC)']);

    baseline.compile({ loss: new tf.losses.MeanSquaredError(), metrics: [new tf.metrics.MeanAbsoluteError()] });

    // (gradtape's evaluate is silent by default: Keras' verbose='auto' progress bar is verbose: 1.)
    valPerformance['Baseline'] = baseline.evaluate(singleStepWindow.val, { returnDict: true }) as Record<string, number>;
    performance['Baseline'] = baseline.evaluate(singleStepWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;

    // The "no change" prediction: the error is T[t+1] - T[t] over all windows of the split.
    const diffs = (frame: Frame) => windowsOf(frame, 2).map(([a, b]) => b![T]! - a![T]!);
    expect(Object.keys(valPerformance['Baseline']!)).toEqual(['loss', 'mean_absolute_error']);
    expect(valPerformance['Baseline']!.loss).toBeCloseTo(mean(diffs(valDf).map((d) => d * d)), 5);
    expect(valPerformance['Baseline']!.mean_absolute_error).toBeCloseTo(mean(diffs(valDf).map(Math.abs)), 5);
    expect(performance['Baseline']!.loss).toBeCloseTo(mean(diffs(testDf).map((d) => d * d)), 5);
  });

  it('the wide window: the baseline predicts every hour of it', () => {
    wideWindow = new WindowGenerator({ inputWidth: 24, labelWidth: 24, shift: 1, labelColumns: ['T (degC)'] });
    expect(String(wideWindow)).toContain('Label indices: [ 1  2  3  4  5  6  7  8  9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24]');

    const [inputs, labels] = wideWindow.example;
    expect(inputs.shape).toEqual([32, 24, numFeatures]); // Input shape
    const output = baseline.apply(inputs) as tf.Tensor;
    expect(output.shape).toEqual([32, 24, 1]); // Output shape
    // The predictions are the labels shifted right by an hour.
    expect(tf.getitem(output, [':', '1:']).arraySync()).toEqual(tf.getitem(labels, [':', ':-1']).arraySync());
  });

  it('Linear: one Dense unit, trained with compile_and_fit and early stopping', () => {
    const linear = new tf.keras.Sequential([new tf.keras.layers.Dense({ units: 1 })]);

    expect(singleStepWindow.example[0].shape).toEqual([32, 1, numFeatures]);
    expect((linear.apply(singleStepWindow.example[0]) as tf.Tensor).shape).toEqual([32, 1, 1]);

    const history = compileAndFit(linear, singleStepWindow);
    expect(history.params.epochs).toBe(MAX_EPOCHS);
    expect(Object.keys(history.history)).toEqual(['loss', 'mean_absolute_error', 'val_loss', 'val_mean_absolute_error']);
    expect(history.history.loss!.at(-1)).toBeLessThan(history.history.loss![0]!);

    valPerformance['Linear'] = linear.evaluate(singleStepWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Linear'] = linear.evaluate(singleStepWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(valPerformance['Linear']!.loss).toBeCloseTo(history.history.val_loss!.at(-1)!, 4);

    // On wide windows: a prediction for each hour.
    expect((linear.apply(wideWindow.example[0]) as tf.Tensor).shape).toEqual([32, 24, 1]);

    // The layer's weights, one per input column: linear.layers[0].kernel[:,0].numpy()
    const kernel = (linear.layers[0] as tf.keras.layers.Dense).kernel!;
    expect(tf.getitem(kernel, [':', 0]).shape).toEqual([numFeatures]);
  });

  it('Dense: two hidden layers of 64', () => {
    const dense = new tf.keras.Sequential([
      new tf.keras.layers.Dense({ units: 64, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 64, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 1 }),
    ]);

    const history = compileAndFit(dense, singleStepWindow);
    expect(history.history.loss!.length).toBeGreaterThan(0);

    valPerformance['Dense'] = dense.evaluate(singleStepWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Dense'] = dense.evaluate(singleStepWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(dense.countParams()).toBe((numFeatures + 1) * 64 + 65 * 64 + 65);
  });

  it('multi-step dense: Flatten and Reshape([1, -1]); it refuses wider windows', () => {
    convWindow = new WindowGenerator({ inputWidth: CONV_WIDTH, labelWidth: 1, shift: 1, labelColumns: ['T (degC)'] });
    expect(String(convWindow)).toBe("Total window size: 4\nInput indices: [0 1 2]\nLabel indices: [3]\nLabel column name(s): ['T (degC)']");

    const multiStepDense = new tf.keras.Sequential([
      // Shape: (time, features) => (time*features)
      new tf.keras.layers.Flatten(),
      new tf.keras.layers.Dense({ units: 32, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 32, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 1 }),
      // Add back the time dimension.
      // Shape: (outputs) => (1, outputs)
      new tf.keras.layers.Reshape([1, -1]),
    ]);

    expect(convWindow.example[0].shape).toEqual([32, 3, numFeatures]);
    expect((multiStepDense.apply(convWindow.example[0]) as tf.Tensor).shape).toEqual([32, 1, 1]);

    compileAndFit(multiStepDense, convWindow);
    valPerformance['Multi step dense'] = multiStepDense.evaluate(convWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Multi step dense'] = multiStepDense.evaluate(convWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;

    // The model runs only on windows of exactly this shape.
    expect(wideWindow.example[0].shape).toEqual([32, 24, numFeatures]);
    expect(() => multiStepDense.apply(wideWindow.example[0])).toThrow(
      `is incompatible with the layer: expected axis -1 of input shape to have value ${3 * numFeatures}, but received input with shape (32, ${24 * numFeatures})`,
    );
  });

  it('Conv1D: kernel_size=(CONV_WIDTH,), the same model that runs on any width', () => {
    const convModel = new tf.keras.Sequential([
      new tf.keras.layers.Conv1D({ filters: 32, kernelSize: [CONV_WIDTH], activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 32, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 1 }),
    ]);

    // Conv model on `conv_window`
    expect((convModel.apply(convWindow.example[0]) as tf.Tensor).shape).toEqual([32, 1, 1]);

    compileAndFit(convModel, convWindow);
    valPerformance['Conv'] = convModel.evaluate(convWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Conv'] = convModel.evaluate(convWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;

    // Wide window: the output is shorter than the input (and the labels).
    expect(wideWindow.example[1].shape).toEqual([32, 24, 1]);
    expect((convModel.apply(wideWindow.example[0]) as tf.Tensor).shape).toEqual([32, 22, 1]);

    const LABEL_WIDTH = 24;
    const INPUT_WIDTH = LABEL_WIDTH + (CONV_WIDTH - 1);
    const wideConvWindow = new WindowGenerator({ inputWidth: INPUT_WIDTH, labelWidth: LABEL_WIDTH, shift: 1, labelColumns: ['T (degC)'] });
    expect(String(wideConvWindow)).toContain('Total window size: 27\n');
    expect(wideConvWindow.example[0].shape).toEqual([32, 26, numFeatures]);
    expect(wideConvWindow.example[1].shape).toEqual([32, 24, 1]);
    expect((convModel.apply(wideConvWindow.example[0]) as tf.Tensor).shape).toEqual([32, 24, 1]);
  });

  it('LSTM(32, return_sequences=True) on the wide window', () => {
    const lstmModel = new tf.keras.models.Sequential([
      // Shape [batch, time, features] => [batch, time, lstm_units]
      new tf.keras.layers.LSTM(32, { returnSequences: true }),
      // Shape => [batch, time, features]
      new tf.keras.layers.Dense({ units: 1 }),
    ]);

    expect((lstmModel.apply(wideWindow.example[0]) as tf.Tensor).shape).toEqual([32, 24, 1]);

    const history = compileAndFit(lstmModel, wideWindow);
    expect(history.history.loss!.at(-1)).toBeLessThan(history.history.loss![0]!);
    valPerformance['LSTM'] = lstmModel.evaluate(wideWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['LSTM'] = lstmModel.evaluate(wideWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
  });

  it('performance: the mean absolute errors by model', () => {
    // (the plt.bar chart of these is left out: matplotlib)
    const metricName = 'mean_absolute_error';
    const valMae = Object.values(valPerformance).map((v) => v[metricName]!);
    const testMae = Object.values(performance).map((v) => v[metricName]!);
    expect(Object.keys(performance)).toEqual(['Baseline', 'Linear', 'Dense', 'Multi step dense', 'Conv', 'LSTM']);
    expect(valMae.every(Number.isFinite) && testMae.every(Number.isFinite)).toBe(true);

    const lines = Object.entries(performance).map(([name, value]) => `${name.padEnd(12)}: ${value[metricName]!.toFixed(4)}`);
    expect(lines[0]).toMatch(/^Baseline    : \d\.\d{4}$/);
    expect(lines[3]).toMatch(/^Multi step dense: \d\.\d{4}$/);
  });
});

describe('time series forecasting: multi-output models', () => {
  let singleStepWindow: WindowGenerator;
  let wideWindow: WindowGenerator;

  class ResidualWrapper extends tf.keras.Model {
    model: tf.keras.Layer;
    constructor(model: tf.keras.Layer) {
      super();
      this.model = model;
    }

    override call(inputs: tf.Tensor, args: { training: boolean }) {
      const delta = this.model.apply(inputs, { training: args.training }) as tf.Tensor;

      // The prediction for each timestep is the input
      // from the previous time step plus the delta
      // calculated by the model.
      return inputs.add(delta);
    }
  }

  it('windows that label every feature', () => {
    // `WindowGenerator` returns all features as labels if you don't set the `label_columns` argument.
    singleStepWindow = new WindowGenerator({ inputWidth: 1, labelWidth: 1, shift: 1 });
    wideWindow = new WindowGenerator({ inputWidth: 24, labelWidth: 24, shift: 1 });
    expect(String(wideWindow).split('\n').at(-1)).toBe('Label column name(s): None');

    for (const [exampleInputs, exampleLabels] of wideWindow.train.take(1)) {
      expect(exampleInputs.shape).toEqual([32, 24, numFeatures]);
      expect(exampleLabels.shape).toEqual([32, 24, numFeatures]);
    }
  });

  it('Baseline repeats all features; Dense and LSTM predict them all; the residual LSTM starts at the baseline', () => {
    const baseline = new Baseline();
    baseline.compile({ loss: new tf.losses.MeanSquaredError(), metrics: [new tf.metrics.MeanAbsoluteError()] });

    const valPerformance: Performance = {};
    const performance: Performance = {};
    valPerformance['Baseline'] = baseline.evaluate(wideWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Baseline'] = baseline.evaluate(wideWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
    // Every feature's hour-to-hour change over the 24 steps of each validation window.
    const changes = windowsOf(valDf, 25).flatMap((w) => w.slice(1).flatMap((r, t) => r.map((v, j) => v - w[t]![j]!)));
    expect(valPerformance['Baseline']!.loss).toBeCloseTo(mean(changes.map((d) => d * d)), 4);

    const dense = new tf.keras.Sequential([
      new tf.keras.layers.Dense({ units: 64, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: 64, activation: 'relu' }),
      new tf.keras.layers.Dense({ units: numFeatures }),
    ]);
    compileAndFit(dense, singleStepWindow);
    valPerformance['Dense'] = dense.evaluate(singleStepWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Dense'] = dense.evaluate(singleStepWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect((dense.apply(wideWindow.example[0]) as tf.Tensor).shape).toEqual([32, 24, numFeatures]);

    const lstmModel = new tf.keras.models.Sequential([
      new tf.keras.layers.LSTM(32, { returnSequences: true }),
      new tf.keras.layers.Dense({ units: numFeatures }),
    ]);
    compileAndFit(lstmModel, wideWindow);
    valPerformance['LSTM'] = lstmModel.evaluate(wideWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['LSTM'] = lstmModel.evaluate(wideWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;

    const residualLstm = new ResidualWrapper(
      new tf.keras.Sequential([
        new tf.keras.layers.LSTM(32, { returnSequences: true }),
        new tf.keras.layers.Dense(numFeatures, {
          // The predicted deltas should start small
          // So initialize the output layer with zeros
          kernelInitializer: tf.initializers.zeros(),
        }),
      ]),
    );
    // Before training, the deltas are zero: the model is the baseline.
    const [inputs] = wideWindow.example;
    expect((residualLstm.apply(inputs) as tf.Tensor).arraySync()).toEqual(inputs.arraySync());

    const history = compileAndFit(residualLstm, wideWindow);
    // The first epoch starts from the baseline's loss and improves on it.
    expect(history.history.val_loss![0]!).toBeLessThan(valPerformance['Baseline']!.loss!);
    valPerformance['Residual LSTM'] = residualLstm.evaluate(wideWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    performance['Residual LSTM'] = residualLstm.evaluate(wideWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(residualLstm.trainableWeights.length).toBe(5); // the LSTM's kernel, recurrent kernel and bias; the Dense's two

    const lines = Object.entries(performance).map(([name, value]) => `${name.padEnd(15)}: ${value['mean_absolute_error']!.toFixed(4)}`);
    expect(lines.map((l) => l.slice(0, 17))).toEqual(['Baseline       : ', 'Dense          : ', 'LSTM           : ', 'Residual LSTM  : ']);
  });
});

describe('time series forecasting: multi-step models', () => {
  const OUT_STEPS = 24;
  let multiWindow: WindowGenerator;
  const multiValPerformance: Performance = {};
  const multiPerformance: Performance = {};

  class MultiStepLastBaseline extends tf.keras.Model {
    override call(inputs: tf.Tensor) {
      return tf.tile(tf.getitem(inputs, [':', '-1:', ':']), [1, OUT_STEPS, 1]);
    }
  }

  class RepeatBaseline extends tf.keras.Model {
    override call(inputs: tf.Tensor) {
      return inputs;
    }
  }

  class FeedBack extends tf.keras.Model {
    outSteps: number;
    units: number;
    lstmCell: tf.keras.layers.LSTMCell;
    lstmRnn: tf.keras.layers.RNN;
    dense: tf.keras.layers.Dense;
    constructor({ units, outSteps }: { units: number; outSteps: number }) {
      super();
      this.outSteps = outSteps;
      this.units = units;
      this.lstmCell = new tf.keras.layers.LSTMCell(units);
      // Also wrap the LSTMCell in an RNN to simplify the `warmup` method.
      this.lstmRnn = new tf.keras.layers.RNN(this.lstmCell, { returnState: true });
      this.dense = new tf.keras.layers.Dense(numFeatures);
    }

    warmup(inputs: tf.Tensor): [tf.Tensor, tf.Tensor[]] {
      // inputs.shape => (batch, time, features)
      // x.shape => (batch, lstm_units)
      const [x, ...state] = this.lstmRnn.apply(inputs) as unknown as tf.Tensor[];

      // predictions.shape => (batch, features)
      const prediction = this.dense.apply(x!) as tf.Tensor;
      return [prediction, state];
    }

    override call(inputs: tf.Tensor, { training }: { training: boolean }) {
      // Use a TensorArray to capture dynamically unrolled outputs.
      const predictions: tf.Tensor[] = [];
      // Initialize the lstm state
      let [prediction, state] = this.warmup(inputs);

      // Insert the first prediction
      predictions.push(prediction);

      // Run the rest of the prediction steps
      for (let n = 1; n < this.outSteps; n++) {
        // Use the last prediction as input.
        let x = prediction;
        // Execute one lstm step.
        [x, state] = this.lstmCell.apply(x, { states: state, training }) as unknown as [tf.Tensor, tf.Tensor[]];
        // Convert the lstm output to a prediction.
        prediction = this.dense.apply(x) as tf.Tensor;
        // Add the prediction to the output
        predictions.push(prediction);
      }

      // predictions.shape => (time, batch, features)
      let stacked = tf.stack(predictions);
      // predictions.shape => (batch, time, features)
      stacked = tf.transpose(stacked, [1, 0, 2]);
      return stacked;
    }
  }

  /** Evaluates a model on the multi-step window's validation and test sets under `name`. */
  function record(name: string, model: tf.keras.Model) {
    multiValPerformance[name] = model.evaluate(multiWindow.val, { verbose: 0, returnDict: true }) as Record<string, number>;
    multiPerformance[name] = model.evaluate(multiWindow.test, { verbose: 0, returnDict: true }) as Record<string, number>;
  }

  beforeAll(() => {
    tf.keras.utils.setRandomSeed(7);
  });

  it('the multi-step window: 24 hours in, the next 24 out', () => {
    multiWindow = new WindowGenerator({ inputWidth: 24, labelWidth: OUT_STEPS, shift: OUT_STEPS });
    expect(String(multiWindow)).toContain('Label indices: [24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47]');
    expect(multiWindow.example[1].shape).toEqual([32, OUT_STEPS, numFeatures]);
  });

  it('baselines: repeat the last hour (tf.tile), or repeat the previous day', () => {
    const lastBaseline = new MultiStepLastBaseline();
    lastBaseline.compile({ loss: new tf.losses.MeanSquaredError(), metrics: [new tf.metrics.MeanAbsoluteError()] });
    record('Last', lastBaseline);
    const [inputs, labels] = multiWindow.example;
    const last = lastBaseline.apply(inputs) as tf.Tensor;
    expect(last.shape).toEqual([32, OUT_STEPS, numFeatures]);
    expect(tf.getitem(last, [0, 5]).arraySync()).toEqual(tf.getitem(inputs, [0, 23]).arraySync());

    const repeatBaseline = new RepeatBaseline();
    repeatBaseline.compile({ loss: new tf.losses.MeanSquaredError(), metrics: [new tf.metrics.MeanAbsoluteError()] });
    record('Repeat', repeatBaseline);
    // The day repeated: the labels 24 hours on from the inputs.
    const days = windowsOf(testDf, 48).flatMap((w) => w.slice(0, 24).flatMap((r, t) => r.map((v, j) => w[t + 24]![j]! - v)));
    expect(multiPerformance['Repeat']!.loss).toBeCloseTo(mean(days.map((d) => d * d)), 4);
    expect(labels.shape).toEqual([32, OUT_STEPS, numFeatures]);
  });

  it('single-shot: Linear and Dense of the last hour (Lambda), zeros-initialized output layers', () => {
    const multiLinearModel = new tf.keras.Sequential([
      // Take the last time-step.
      // Shape [batch, time, features] => [batch, 1, features]
      new tf.keras.layers.Lambda((x: tf.Tensor) => tf.getitem(x, [':', '-1:', ':'])),
      // Shape => [batch, 1, out_steps*features]
      new tf.keras.layers.Dense(OUT_STEPS * numFeatures, { kernelInitializer: tf.initializers.zeros() }),
      // Shape => [batch, out_steps, features]
      new tf.keras.layers.Reshape([OUT_STEPS, numFeatures]),
    ]);
    // Before training, the zero kernel (and zero bias) predict zeros: the training mean.
    expect(new Set((multiLinearModel.apply(multiWindow.example[0]) as tf.Tensor).dataSync())).toEqual(new Set([0]));

    const history = compileAndFit(multiLinearModel, multiWindow);
    expect(history.history.loss!.at(-1)).toBeLessThan(history.history.loss![0]!);
    record('Linear', multiLinearModel);

    const multiDenseModel = new tf.keras.Sequential([
      // Take the last time step.
      // Shape [batch, time, features] => [batch, 1, features]
      new tf.keras.layers.Lambda((x: tf.Tensor) => tf.getitem(x, [':', '-1:', ':'])),
      // Shape => [batch, 1, dense_units]
      new tf.keras.layers.Dense(512, { activation: 'relu' }),
      // Shape => [batch, out_steps*features]
      new tf.keras.layers.Dense(OUT_STEPS * numFeatures, { kernelInitializer: tf.initializers.zeros() }),
      // Shape => [batch, out_steps, features]
      new tf.keras.layers.Reshape([OUT_STEPS, numFeatures]),
    ]);
    compileAndFit(multiDenseModel, multiWindow);
    record('Dense', multiDenseModel);
    expect((multiDenseModel.apply(multiWindow.example[0]) as tf.Tensor).shape).toEqual([32, OUT_STEPS, numFeatures]);
  });

  it('single-shot: CNN of the last CONV_WIDTH hours and an LSTM of the whole day', () => {
    const CONV_WIDTH = 3;
    const multiConvModel = new tf.keras.Sequential([
      // Shape [batch, time, features] => [batch, CONV_WIDTH, features]
      new tf.keras.layers.Lambda((x: tf.Tensor) => tf.getitem(x, [':', { start: -CONV_WIDTH }, ':'])),
      // Shape => [batch, 1, conv_units]
      new tf.keras.layers.Conv1D(256, { activation: 'relu', kernelSize: CONV_WIDTH }),
      // Shape => [batch, 1,  out_steps*features]
      new tf.keras.layers.Dense(OUT_STEPS * numFeatures, { kernelInitializer: tf.initializers.zeros() }),
      // Shape => [batch, out_steps, features]
      new tf.keras.layers.Reshape([OUT_STEPS, numFeatures]),
    ]);
    compileAndFit(multiConvModel, multiWindow);
    record('Conv', multiConvModel);
    expect((multiConvModel.apply(multiWindow.example[0]) as tf.Tensor).shape).toEqual([32, OUT_STEPS, numFeatures]);

    const multiLstmModel = new tf.keras.Sequential([
      // Shape [batch, time, features] => [batch, lstm_units]
      // Adding more `lstm_units` just overfits more quickly.
      new tf.keras.layers.LSTM(32, { returnSequences: false }),
      // Shape => [batch, out_steps*features]
      new tf.keras.layers.Dense(OUT_STEPS * numFeatures, { kernelInitializer: tf.initializers.zeros() }),
      // Shape => [batch, out_steps, features]
      new tf.keras.layers.Reshape([OUT_STEPS, numFeatures]),
    ]);
    compileAndFit(multiLstmModel, multiWindow);
    record('LSTM', multiLstmModel);
    expect((multiLstmModel.apply(multiWindow.example[0]) as tf.Tensor).shape).toEqual([32, OUT_STEPS, numFeatures]);
  });

  it('autoregressive: FeedBack warms up an RNN(LSTMCell) and feeds its predictions back', () => {
    const feedbackModel = new FeedBack({ units: 32, outSteps: OUT_STEPS });

    const [prediction, state] = feedbackModel.warmup(multiWindow.example[0]);
    expect(prediction.shape).toEqual([32, numFeatures]);
    expect(state.map((s) => s.shape)).toEqual([[32, 32], [32, 32]]);

    // Output shape (batch, time, features)
    const output = feedbackModel.apply(multiWindow.example[0]) as tf.Tensor;
    expect(output.shape).toEqual([32, OUT_STEPS, numFeatures]);
    // The first step is the warmup's prediction.
    expect(tf.getitem(output, [':', 0]).arraySync()).toEqual(prediction.arraySync());
    // One cell: the RNN and the loop share its weights.
    // (warmup ran first, outside a model call: the RNN built the cell in its own scope).
    const dense = feedbackModel.dense.name;
    expect(feedbackModel.trainableWeights.map((w) => w.path)).toEqual([
      'rnn/lstm_cell/kernel', 'rnn/lstm_cell/recurrent_kernel', 'rnn/lstm_cell/bias', `${dense}/kernel`, `${dense}/bias`,
    ]);
    expect(feedbackModel.lstmRnn.weights).toEqual(feedbackModel.lstmCell.weights);

    const history = compileAndFit(feedbackModel, multiWindow);
    expect(history.history.loss!.at(-1)).toBeLessThan(history.history.loss![0]!);
    record('AR LSTM', feedbackModel);
  });

  it('performance: every model against the baselines', () => {
    // (the plt.bar chart of these is left out: matplotlib)
    const metricName = 'mean_absolute_error';
    expect(Object.keys(multiPerformance)).toEqual(['Last', 'Repeat', 'Linear', 'Dense', 'Conv', 'LSTM', 'AR LSTM']);
    const valMae = Object.values(multiValPerformance).map((v) => v[metricName]!);
    expect(valMae.every(Number.isFinite)).toBe(true);
    const lines = Object.entries(multiPerformance).map(([name, value]) => `${name.padEnd(8)}: ${value[metricName]!.toFixed(4)}`);
    expect(lines[0]).toMatch(/^Last {4}: \d\.\d{4}$/);
    expect(lines[6]).toMatch(/^AR LSTM : \d\.\d{4}$/);
    // With a daily cycle, repeating the previous day beats repeating the last hour.
    expect(multiPerformance['Repeat']![metricName]!).toBeLessThan(multiPerformance['Last']![metricName]!);
    expect(multiValPerformance['Repeat']![metricName]!).toBeLessThan(multiValPerformance['Last']![metricName]!);
  });
});

describe('time series forecasting: what the port needed', () => {
  it("required arguments as Python's keyword arguments: Dense(units=1), Conv1D(filters=32, kernel_size=(3,)), Conv1D(256, kernel_size=3)", () => {
    const L = tf.keras.layers;
    const keyword = new L.Dense({ units: 4, activation: 'relu', name: 'kw' });
    expect(keyword.getConfig()).toEqual({ ...new L.Dense(4, { activation: 'relu', name: 'kw' }).getConfig() });
    expect(keyword.units).toBe(4);
    const conv = new L.Conv1D({ filters: 32, kernelSize: [3], activation: 'relu' });
    expect([conv.filters, conv.kernelSize]).toEqual([32, [3]]);
    expect(conv.apply(tf.zeros([2, 5, 4])).shape).toEqual([2, 3, 32]);
    const mixed = new L.Conv1D(256, { activation: 'relu', kernelSize: 3 });
    expect([mixed.filters, mixed.kernelSize]).toEqual([256, [3]]);
    expect(new L.Conv2D(8, { kernelSize: 3, padding: 'same' }).apply(tf.zeros([1, 4, 4, 2])).shape).toEqual([1, 4, 4, 8]);
    expect(new L.Conv3D({ filters: 2, kernelSize: 1 }).kernelSize).toEqual([1, 1, 1]);
    // Python's TypeError for a required argument given nowhere; twice is still an unknown option.
    expect(() => new L.Conv1D(256, { activation: 'relu' } as never)).toThrow("keras.layers.Conv1D: missing 1 required argument: 'kernelSize'");
    expect(() => new L.Conv2D({ padding: 'same' } as never)).toThrow("keras.layers.Conv2D: missing 2 required arguments: 'filters', 'kernelSize'");
    expect(() => new L.Dense({ activation: 'relu' } as never)).toThrow(TypeError);
    expect(() => new L.Dense(2, { units: 3 } as never)).toThrow("keras.layers.Dense: unknown option 'units'");
  });

  it('Tensor.setShape: a no-op on a compatible shape (null for any size, or for any rank), else the ValueError', () => {
    const x = tf.zeros([4]);
    x.setShape([null]);
    x.setShape([4]);
    x.setShape(null);
    expect(x.shape).toEqual([4]);
    let error: Error | undefined;
    try {
      x.setShape([5]);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('ValueError');
    expect(error?.message).toBe("Tensor's shape (4,) is not compatible with supplied shape [5].");
    expect(() => x.setShape([4, 1])).toThrow("Tensor's shape (4,) is not compatible with supplied shape [4, 1].");
    expect(() => x.setShape([1.5] as never)).toThrow('Tensor.setShape: shape must be an array of sizes (null for any) or null, got');
  });

  it('tf.keras.models.Sequential and Model are tf.keras.Sequential and Model', () => {
    expect(tf.keras.models.Sequential).toBe(tf.keras.Sequential);
    expect(tf.keras.models.Model).toBe(tf.keras.Model);
  });

  it('a Sequential built by its first call runs on other sizes of that rank; one with an Input keeps its shape', () => {
    const linear = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
    expect(linear.apply(tf.ones([2, 1, 3])).shape).toEqual([2, 1, 1]);
    const wide = linear.apply(tf.ones([2, 24, 3])) as tf.Tensor;
    expect(wide.shape).toEqual([2, 24, 1]);
    expect(new Set(wide.dataSync())).toEqual(new Set([3]));
    // Another rank, or a last axis the Dense was not built for, is still refused.
    expect(() => linear.apply(tf.ones([2, 3]))).toThrow('Input 0 of layer "sequential');
    expect(() => linear.apply(tf.ones([2, 1, 4]))).toThrow('expected axis -1 of input shape to have value 3, but received input with shape (2, 1, 4)');
    const fixed = new tf.keras.Sequential([tf.keras.Input([1, 3]), new tf.keras.layers.Dense(1)]);
    expect(() => fixed.apply(tf.ones([2, 24, 3]))).toThrow('is incompatible with the layer: expected shape=(None, 1, 3), found shape=(2, 24, 3)');
  });
});
