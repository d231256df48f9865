// TensorFlow's "Overfit and underfit" tutorial (tensorflow/docs
// site/en/tutorials/keras/overfit_and_underfit.ipynb), ported cell by cell. The Higgs CSV (11
// million rows) is replaced by a synthetic GZIP CSV of the same layout (a 0/1 label, then 28 float
// features, written as the UCI file writes them), and the sizes, epochs and steps are cut down so
// the file runs in seconds. The tfdocs helpers (EpochDots, HistoryPlotter) and the matplotlib
// plots are left out; what they would show is asserted on the histories instead.
import * as tf from 'gradtape';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { scalarsOf } from './helpers/tfevents';
import { seededRandom } from './helpers/gradcheck';

const layers = tf.keras.layers;
const regularizers = tf.keras.regularizers;

// ---- the synthetic Higgs file -----------------------------------------------------------------

const rng = seededRandom; // mulberry32: the stand-in data are the same on every run

const FEATURES = 28;
const N_ROWS = 600;

/** Rows of [label, ...28 features]: features around 1 (as Higgs' are: positive momenta and
 * angles around 0), the label drawn from a logistic model of a few of them. */
function higgsRows(): number[][] {
  const random = rng(2026);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const w = Array.from({ length: FEATURES }, (_, i) => (i % 4 === 0 ? 1.5 : i % 4 === 1 ? -1 : 0));
  const rows: number[][] = [];
  for (let r = 0; r < N_ROWS; r++) {
    const x = Array.from({ length: FEATURES }, (_, i) => (i % 3 === 2 ? normal() : 1 + 0.5 * normal()));
    const z = x.reduce((s, xi, i) => s + w[i]! * (xi - (i % 3 === 2 ? 0 : 1)), 0);
    const label = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    rows.push([label, ...x.map((v) => Math.fround(v))]);
  }
  return rows;
}

const ROWS = higgsRows();
const dir = mkdtempSync(join(tmpdir(), 'gradtape-overfit-'));
// gz = tf.keras.utils.get_file('HIGGS.csv.gz', 'https://archive.ics.uci.edu/.../HIGGS.csv.gz'): no
// network here, so the same layout written to a temp file (the UCI file writes %.18e).
const gz = join(dir, 'HIGGS.csv.gz');
writeFileSync(gz, gzipSync(ROWS.map((row) => row.map((v) => v.toExponential(18)).join(',')).join('\n') + '\n'));

// logdir = pathlib.Path(tempfile.mkdtemp())/"tensorboard_logs"
const logdir = join(dir, 'tensorboard_logs');

/** BinaryCrossentropy(from_logits=True) of one logit, as Keras computes it (float64 here). */
const bceFromLogit = (label: number, logit: number) => Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));

// ---- the tutorial's state, cell by cell -------------------------------------------------------

let ds: tf.data.Dataset<tf.Tensor[]>;
let packedDs: tf.data.Dataset<[tf.Tensor, tf.Tensor]>;
let features: tf.Tensor;

const N_VALIDATION = 100; // int(1e3) in the tutorial
const N_TRAIN = 400; // int(1e4)
const BUFFER_SIZE = 400; // int(1e4)
const BATCH_SIZE = 50; // 500
const STEPS_PER_EPOCH = Math.floor(N_TRAIN / BATCH_SIZE);
const MAX_EPOCHS = 3; // 10000 (EarlyStopping ends the tutorial's runs)

let validateDs: tf.data.Dataset<[tf.Tensor, tf.Tensor]>;
let trainDs: tf.data.Dataset<[tf.Tensor, tf.Tensor]>;
let lrSchedule: tf.keras.optimizers.schedules.InverseTimeDecay;

describe('Overfit and underfit: the Higgs dataset', () => {
  it('reads the GZIP CSV with CsvDataset: 29 float32 scalars per record', () => {
    // ds = tf.data.experimental.CsvDataset(gz,[float(),]*(FEATURES+1), compression_type="GZIP")
    ds = new tf.data.experimental.CsvDataset(gz, Array<number>(FEATURES + 1).fill(0), { compressionType: 'GZIP' });
    const specs = ds.elementSpec as tf.TensorSpec[];
    expect(specs).toHaveLength(FEATURES + 1);
    expect(specs[0]!.toString()).toBe('TensorSpec(shape=(), dtype=tf.float32, name=None)');
    const [first] = ds.take(1);
    expect(first!.map((t) => t.item())).toEqual(ROWS[0]);
    // The positional spelling, CsvDataset(gz, defaults, "GZIP"), reads the same records.
    const positional = new tf.data.experimental.CsvDataset(gz, Array<number>(FEATURES + 1).fill(0), 'GZIP');
    expect([...positional.skip(N_ROWS - 1)][0]!.map((t) => t.item())).toEqual(ROWS[N_ROWS - 1]);
  });

  it('pack_row repacks batches of records into (features, label), and unbatch splits them again', () => {
    // def pack_row(*row):
    //   label = row[0]
    //   features = tf.stack(row[1:],1)
    //   return features, label
    function packRow(...row: tf.Tensor[]): [tf.Tensor, tf.Tensor] {
      const label = row[0]!;
      const features = tf.stack(row.slice(1), 1);
      return [features, label];
    }
    // packed_ds = ds.batch(10000).map(pack_row).unbatch()
    packedDs = ds.batch(10000).map(packRow).unbatch();
    const [featureSpec, labelSpec] = packedDs.elementSpec as [tf.TensorSpec, tf.TensorSpec];
    expect(featureSpec.toString()).toBe('TensorSpec(shape=(28,), dtype=tf.float32, name=None)');
    expect(labelSpec.toString()).toBe('TensorSpec(shape=(), dtype=tf.float32, name=None)');

    // for features,label in packed_ds.batch(1000).take(1):
    //   print(features[0])
    //   plt.hist(features.numpy().flatten(), bins = 101)   (the histogram is left out: no plots)
    let label!: tf.Tensor;
    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    try {
      for ([features, label] of packedDs.batch(1000).take(1)) console.log(tf.getitem(features, 0));
    } finally {
      spy.mockRestore();
    }
    expect(features.shape).toEqual([N_ROWS, FEATURES]);
    expect(label.shape).toEqual([N_ROWS]);
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^tf\.Tensor\(\n\[[\d. e+-]+(\n [\d. e+-]+)*\], shape=\(28,\), dtype=float32\)$/);
    expect(Array.from(features.gather(0).dataSync())).toEqual(ROWS[0]!.slice(1));
    expect(Array.from(label.dataSync())).toEqual(ROWS.map((r) => r[0]));
  });

  it('takes the validation rows, skips to the training rows, caches, shuffles, repeats and batches', () => {
    // validate_ds = packed_ds.take(N_VALIDATION).cache()
    // train_ds = packed_ds.skip(N_VALIDATION).take(N_TRAIN).cache()
    validateDs = packedDs.take(N_VALIDATION).cache();
    trainDs = packedDs.skip(N_VALIDATION).take(N_TRAIN).cache();
    // train_ds  (the notebook shows the dataset's repr; TensorFlow names its internal class there,
    // CacheDataset or _CacheDataset by version, where gradtape writes Dataset, as data.md says)
    expect(String(trainDs)).toBe('<Dataset element_spec=(TensorSpec(shape=(28,), dtype=tf.float32, name=None), TensorSpec(shape=(), dtype=tf.float32, name=None))>');
    const labels = [...trainDs].map(([, l]) => l.item());
    expect(labels).toEqual(ROWS.slice(N_VALIDATION, N_VALIDATION + N_TRAIN).map((r) => r[0]));

    // validate_ds = validate_ds.batch(BATCH_SIZE)
    // train_ds = train_ds.shuffle(BUFFER_SIZE).repeat().batch(BATCH_SIZE)
    validateDs = validateDs.batch(BATCH_SIZE);
    trainDs = trainDs.shuffle(BUFFER_SIZE).repeat().batch(BATCH_SIZE);
    // As in TensorFlow: a CSV file's length is unknown until read, so take's is too; repeat()
    // makes it infinite.
    expect(validateDs.cardinality().item()).toBe(tf.data.UNKNOWN_CARDINALITY);
    expect(trainDs.cardinality().item()).toBe(tf.data.INFINITE_CARDINALITY);
    expect([...validateDs].map(([f]) => f.shape[0])).toEqual([BATCH_SIZE, BATCH_SIZE]);
    const [x, y] = [...trainDs.take(1)][0]!;
    expect(x.shape).toEqual([BATCH_SIZE, FEATURES]);
    expect(y.shape).toEqual([BATCH_SIZE]);
    // A pass of N_TRAIN/BATCH_SIZE batches holds each training row once, in a shuffled order.
    const pass = [...trainDs.take(STEPS_PER_EPOCH)].flatMap(([f]) => (f.arraySync() as number[][]).map((r) => r[0]!));
    const expected = ROWS.slice(N_VALIDATION, N_VALIDATION + N_TRAIN).map((r) => r[1]!);
    expect([...pass].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(pass).not.toEqual(expected);
  });
});

describe('Overfit and underfit: the training procedure', () => {
  it('InverseTimeDecay halves the rate at 1000 epochs, thirds it at 2000', () => {
    // lr_schedule = tf.keras.optimizers.schedules.InverseTimeDecay(
    //   0.001,
    //   decay_steps=STEPS_PER_EPOCH*1000,
    //   decay_rate=1,
    //   staircase=False)
    lrSchedule = new tf.keras.optimizers.schedules.InverseTimeDecay(0.001, { decaySteps: STEPS_PER_EPOCH * 1000, decayRate: 1, staircase: false });
    expect(lrSchedule(0)).toBeCloseTo(0.001, 12);
    expect(lrSchedule(STEPS_PER_EPOCH * 1000)).toBeCloseTo(0.001 / 2, 12);
    expect(lrSchedule(STEPS_PER_EPOCH * 2000)).toBeCloseTo(0.001 / 3, 12);

    // step = np.linspace(0,100000)
    // lr = lr_schedule(step)     (then plotted against step/STEPS_PER_EPOCH: the plot is left out)
    const step = tf.linspace(0, 100000, 50);
    const lr = lrSchedule(step);
    expect(lr).toBeInstanceOf(tf.Tensor);
    expect(lr.shape).toEqual([50]);
    expect(lr.dtype).toBe('float32');
    const steps = Array.from(step.dataSync());
    Array.from(lr.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(0.001 / (1 + steps[i]! / (STEPS_PER_EPOCH * 1000)), 9));
  });
});

// def get_optimizer():
//   return tf.keras.optimizers.Adam(lr_schedule)
function getOptimizer() {
  return new tf.keras.optimizers.Adam(lrSchedule);
}

const earlyStoppers: Record<string, tf.keras.callbacks.EarlyStopping> = {};

// def get_callbacks(name):
//   return [
//     tfdocs.modeling.EpochDots(),           (left out: a tfdocs helper that prints dots)
//     tf.keras.callbacks.EarlyStopping(monitor='val_binary_crossentropy', patience=200),
//     tf.keras.callbacks.TensorBoard(logdir/name),
//   ]
function getCallbacks(name: string) {
  const early = new tf.keras.callbacks.EarlyStopping({ monitor: 'val_binary_crossentropy', patience: 200 });
  earlyStoppers[name] = early;
  return [early, new tf.keras.callbacks.TensorBoard(join(logdir, name))];
}

const summaries: Record<string, string> = {};

// def compile_and_fit(model, name, optimizer=None, max_epochs=10000):
function compileAndFit(model: tf.keras.Model, name: string, optimizer: tf.keras.optimizers.Optimizer | null = null, maxEpochs = MAX_EPOCHS) {
  if (optimizer === null) optimizer = getOptimizer();
  model.compile({
    optimizer,
    loss: new tf.keras.losses.BinaryCrossentropy({ fromLogits: true }),
    metrics: [new tf.keras.losses.BinaryCrossentropy({ fromLogits: true, name: 'binary_crossentropy' }), 'accuracy'],
  });

  summaries[name] = model.summary({ printFn: () => {} });

  const history = model.fit(trainDs, {
    stepsPerEpoch: STEPS_PER_EPOCH,
    epochs: maxEpochs,
    validationData: validateDs,
    callbacks: getCallbacks(name),
    verbose: 0,
  });
  return history;
}

/** The validation rows and labels, as one batch. */
function validationArrays(): [tf.Tensor, number[]] {
  const [x, y] = [...validateDs.unbatch().batch(N_VALIDATION)][0]!;
  return [x, Array.from(y.dataSync())];
}

/** What history, evaluate and the TensorBoard logs must agree on for a trained model. */
function checkRun(model: tf.keras.Model, name: string, history: tf.keras.callbacks.History, params: number) {
  const h = history.history;
  // Keras' order: the loss, then the compiled metrics in their order, then the same for validation.
  expect(Object.keys(h)).toEqual(['loss', 'binary_crossentropy', 'accuracy', 'val_loss', 'val_binary_crossentropy', 'val_accuracy']);
  for (const values of Object.values(h)) expect(values).toHaveLength(MAX_EPOCHS);
  expect(history.epoch).toEqual([0, 1, 2]);
  expect(history.params.steps).toBe(STEPS_PER_EPOCH);
  expect(model.optimizer!.iterations).toBe(STEPS_PER_EPOCH * MAX_EPOCHS);
  expect(summaries[name]).toContain(`Total params: ${params.toLocaleString('en-US')}`);

  // The last epoch's validation is the trained model's: the same as evaluate, and as the
  // metrics computed by hand from the logits (the 'accuracy' metric is BinaryAccuracy, whose 0.5
  // threshold applies to the logits as Keras applies it).
  const [x, labels] = validationArrays();
  const logits = Array.from(model.predict(x, { verbose: 0 }).dataSync());
  expect(logits).toHaveLength(N_VALIDATION);
  const bce = logits.reduce((s, z, i) => s + bceFromLogit(labels[i]!, z), 0) / N_VALIDATION;
  const accuracy = logits.filter((z, i) => (z > 0.5 ? 1 : 0) === labels[i]).length / N_VALIDATION;
  expect(h.val_binary_crossentropy![MAX_EPOCHS - 1]).toBeCloseTo(bce, 5);
  expect(h.val_accuracy![MAX_EPOCHS - 1]).toBeCloseTo(accuracy, 6);
  const evaluated = model.evaluate(validateDs, { verbose: 0, returnDict: true }) as Record<string, number>;
  expect(evaluated.binary_crossentropy).toBeCloseTo(bce, 5);
  expect(evaluated.accuracy).toBeCloseTo(accuracy, 6);

  // EarlyStopping watched val_binary_crossentropy (patience 200: it did not stop).
  const early = earlyStoppers[name]!;
  expect(early.stoppedEpoch).toBe(0);
  expect(early.best).toBe(Math.min(...h.val_binary_crossentropy!));

  // TensorBoard(logdir/name) wrote each epoch's metrics.
  expect(readdirSync(join(logdir, name)).sort()).toEqual(['train', 'validation']);
  const trainScalars = scalarsOf(join(logdir, name, 'train'));
  expect(trainScalars.epoch_binary_crossentropy!.map(([s]) => s)).toEqual([0, 1, 2]);
  trainScalars.epoch_binary_crossentropy!.forEach(([, v], i) => expect(v).toBeCloseTo(h.binary_crossentropy![i]!, 5));
  const valScalars = scalarsOf(join(logdir, name, 'validation'));
  valScalars.epoch_binary_crossentropy!.forEach(([, v], i) => expect(v).toBeCloseTo(h.val_binary_crossentropy![i]!, 5));
}

const sizeHistories: Record<string, tf.keras.callbacks.History> = {};
let largeModel: tf.keras.Sequential;

describe('Overfit and underfit: demonstrate overfitting', () => {
  it('tiny model: Dense(16, elu) then Dense(1), 481 parameters', () => {
    tf.random.setSeed(1);
    // tiny_model = tf.keras.Sequential([
    //     layers.Dense(16, activation='elu', input_shape=(FEATURES,)),
    //     layers.Dense(1)
    // ])
    const tinyModel = new tf.keras.Sequential([
      new layers.Dense(16, { activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dense(1),
    ]);
    // size_histories['Tiny'] = compile_and_fit(tiny_model, 'sizes/Tiny')
    sizeHistories.Tiny = compileAndFit(tinyModel, 'sizes/Tiny');
    checkRun(tinyModel, 'sizes/Tiny', sizeHistories.Tiny, 481);
    // No regularization: the loss is the binary crossentropy.
    const h = sizeHistories.Tiny.history;
    h.loss.forEach((v, i) => expect(v).toBeCloseTo(h.binary_crossentropy![i]!, 6));
    h.val_loss!.forEach((v, i) => expect(v).toBeCloseTo(h.val_binary_crossentropy![i]!, 6));
  });

  it('small model: two hidden Dense(16, elu), 753 parameters', () => {
    // small_model = tf.keras.Sequential([
    //     # `input_shape` is only required here so that `.summary` works.
    //     layers.Dense(16, activation='elu', input_shape=(FEATURES,)),
    //     layers.Dense(16, activation='elu'),
    //     layers.Dense(1)
    // ])
    const smallModel = new tf.keras.Sequential([
      new layers.Dense(16, { activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dense(16, { activation: 'elu' }),
      new layers.Dense(1),
    ]);
    sizeHistories.Small = compileAndFit(smallModel, 'sizes/Small');
    checkRun(smallModel, 'sizes/Small', sizeHistories.Small, 753);
  });

  it('medium model: three hidden Dense(64, elu), 10,241 parameters', () => {
    const mediumModel = new tf.keras.Sequential([
      new layers.Dense(64, { activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dense(64, { activation: 'elu' }),
      new layers.Dense(64, { activation: 'elu' }),
      new layers.Dense(1),
    ]);
    sizeHistories.Medium = compileAndFit(mediumModel, 'sizes/Medium');
    checkRun(mediumModel, 'sizes/Medium', sizeHistories.Medium, 10241);
  });

  it('large model: four hidden Dense(512, elu), 803,329 parameters, fits the training rows fastest', () => {
    largeModel = new tf.keras.Sequential([
      new layers.Dense(512, { activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dense(1),
    ]);
    sizeHistories.large = compileAndFit(largeModel, 'sizes/large');
    checkRun(largeModel, 'sizes/large', sizeHistories.large, 803329);
    // The capacity shows on the training rows: the large model's training crossentropy ends
    // below the tiny model's.
    const last = (name: string) => sizeHistories[name]!.history.binary_crossentropy![MAX_EPOCHS - 1]!;
    expect(last('large')).toBeLessThan(last('Tiny'));
  });
});

const regularizerHistories: Record<string, tf.keras.callbacks.History> = {};

describe('Overfit and underfit: strategies to prevent overfitting', () => {
  it('L2 regularization: the penalty is in the loss, not in binary_crossentropy', () => {
    // regularizer_histories['Tiny'] = size_histories['Tiny']
    regularizerHistories.Tiny = sizeHistories.Tiny!;
    // l2_model = tf.keras.Sequential([
    //     layers.Dense(512, activation='elu',
    //                  kernel_regularizer=regularizers.l2(0.001),
    //                  input_shape=(FEATURES,)),
    //     ... three more ...
    //     layers.Dense(1)
    // ])
    const l2Model = new tf.keras.Sequential([
      new layers.Dense(512, { activation: 'elu', kernelRegularizer: regularizers.l2(0.001), inputShape: [FEATURES] }),
      new layers.Dense(512, { activation: 'elu', kernelRegularizer: regularizers.l2(0.001) }),
      new layers.Dense(512, { activation: 'elu', kernelRegularizer: regularizers.l2(0.001) }),
      new layers.Dense(512, { activation: 'elu', kernelRegularizer: regularizers.l2(0.001) }),
      new layers.Dense(1),
    ]);
    regularizerHistories.l2 = compileAndFit(l2Model, 'regularizers/l2');
    checkRun(l2Model, 'regularizers/l2', regularizerHistories.l2, 803329);

    // result = l2_model(features)
    // regularization_loss=tf.add_n(l2_model.losses)
    const result = l2Model(features);
    expect(result.shape).toEqual([N_ROWS, 1]);
    const regularizationLoss = tf.addN(l2Model.losses);
    expect(l2Model.losses).toHaveLength(4);
    // l2(0.001): every kernel coefficient adds 0.001 * w**2.
    const kernels = l2Model.layers.slice(0, 4).map((l) => (l as tf.keras.layers.Dense).kernel!);
    const expected = kernels.reduce((s, k) => s + 0.001 * Array.from(k.dataSync()).reduce((t, w) => t + w * w, 0), 0);
    expect(regularizationLoss.item()).toBeCloseTo(expected, 4);

    // The loss holds the penalty; binary_crossentropy does not (why EarlyStopping watches it).
    const h = regularizerHistories.l2.history;
    h.loss.forEach((v, i) => expect(v).toBeGreaterThan(h.binary_crossentropy![i]!));
    const evaluated = l2Model.evaluate(validateDs, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(evaluated.loss! - evaluated.binary_crossentropy!).toBeCloseTo(regularizationLoss.item(), 4);
    expect(h.val_loss![MAX_EPOCHS - 1]! - h.val_binary_crossentropy![MAX_EPOCHS - 1]!).toBeCloseTo(regularizationLoss.item(), 4);
  });

  it('dropout: Dropout(0.5) after each hidden layer, active in training only', () => {
    // dropout_model = tf.keras.Sequential([
    //     layers.Dense(512, activation='elu', input_shape=(FEATURES,)),
    //     layers.Dropout(0.5),
    //     ... three more ...
    //     layers.Dense(1)
    // ])
    const dropoutModel = new tf.keras.Sequential([
      new layers.Dense(512, { activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(1),
    ]);
    regularizerHistories.dropout = compileAndFit(dropoutModel, 'regularizers/dropout');
    checkRun(dropoutModel, 'regularizers/dropout', regularizerHistories.dropout, 803329);
    // Dropout changes the training outputs, never the inference ones.
    const x = features.slice([0, 0], [20, FEATURES]);
    const inference = Array.from(dropoutModel(x).dataSync());
    expect(Array.from(dropoutModel(x, { training: false }).dataSync())).toEqual(inference);
    expect(Array.from(dropoutModel(x, { training: true }).dataSync())).not.toEqual(inference);
    expect(dropoutModel.losses).toEqual([]);
  });

  it('combined: L2(0.0001) and dropout', () => {
    // combined_model = tf.keras.Sequential([
    //     layers.Dense(512, kernel_regularizer=regularizers.l2(0.0001),
    //                  activation='elu', input_shape=(FEATURES,)),
    //     layers.Dropout(0.5),
    //     ... three more ...
    //     layers.Dense(1)
    // ])
    const combinedModel = new tf.keras.Sequential([
      new layers.Dense(512, { kernelRegularizer: regularizers.l2(0.0001), activation: 'elu', inputShape: [FEATURES] }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { kernelRegularizer: regularizers.l2(0.0001), activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { kernelRegularizer: regularizers.l2(0.0001), activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(512, { kernelRegularizer: regularizers.l2(0.0001), activation: 'elu' }),
      new layers.Dropout(0.5),
      new layers.Dense(1),
    ]);
    regularizerHistories.combined = compileAndFit(combinedModel, 'regularizers/combined');
    checkRun(combinedModel, 'regularizers/combined', regularizerHistories.combined, 803329);
    const penalty = tf.addN(combinedModel.losses).item();
    const evaluated = combinedModel.evaluate(validateDs, { verbose: 0, returnDict: true }) as Record<string, number>;
    expect(evaluated.loss! - evaluated.binary_crossentropy!).toBeCloseTo(penalty, 5);
    expect(Object.keys(regularizerHistories)).toEqual(['Tiny', 'l2', 'dropout', 'combined']);
  });
});

// ---- focused tests of what the port needed -----------------------------------------------------

describe('learning-rate schedules called with a tensor of steps (Keras: lr_schedule(np.linspace(...)))', () => {
  const schedule = new tf.keras.optimizers.schedules.InverseTimeDecay(0.001, 8000, 1);

  it('gives a floatx tensor of the rates, of the steps\' shape, whatever their dtype', () => {
    const ints = schedule(tf.constant([0, 8000, 16000], 'int32'));
    expect(ints).toBeInstanceOf(tf.Tensor);
    expect(ints.dtype).toBe('float32');
    expect(Array.from(ints.dataSync())).toEqual([0.001, 0.0005, 0.001 / 3].map(Math.fround));
    const scalar = schedule(tf.constant(8000));
    expect(scalar.shape).toEqual([]);
    expect(scalar.item()).toBe(Math.fround(0.0005));
    const nested = schedule([[0], [8000]]);
    expect(nested.shape).toEqual([2, 1]);
    expect(nested.arraySync()).toEqual([[Math.fround(0.001)], [Math.fround(0.0005)]]);
    // A number is still a number, as the optimizer calls it.
    expect(schedule(8000)).toBe(0.0005);
  });

  it('follows floatx (Keras computes in the dtype of the initial rate), for every schedule', () => {
    tf.keras.backend.setFloatx('float64');
    try {
      const rates = schedule(tf.constant([0, 8000], 'int32'));
      expect(rates.dtype).toBe('float64');
      expect(Array.from(rates.dataSync())).toEqual([0.001, 0.0005]);
    } finally {
      tf.keras.backend.setFloatx('float32');
    }
    const piecewise = new tf.keras.optimizers.schedules.PiecewiseConstantDecay([10, 20], [1, 0.5, 0.1]);
    expect(Array.from(piecewise(tf.range(5, 30, 10)).dataSync())).toEqual([1, 0.5, Math.fround(0.1)]);
    const exponential = new tf.keras.optimizers.schedules.ExponentialDecay(1, 10, 0.5, true);
    expect(Array.from(exponential(tf.constant([0, 9, 10, 25])).dataSync())).toEqual([1, 1, 0.5, 0.25]);
  });

  it('refuses steps that are not numbers', () => {
    expect(() => schedule(tf.constant([true, false]))).toThrow('schedules.InverseTimeDecay: the steps must be real numbers, got a bool tensor.');
    expect(() => schedule('10' as unknown as number)).toThrow('schedules.InverseTimeDecay: the step must be a number, a tensor or an array of numbers, got "10".');
  });
});

describe("TensorBoard takes Keras 3's positional arguments (TensorBoard(logdir/name))", () => {
  it('reads them in Keras order, with keyword arguments after them in a last object', () => {
    const logDir = join(dir, 'positional');
    const board = new tf.keras.callbacks.TensorBoard(logDir);
    expect(board.logDir).toBe(logDir);
    expect(board.histogramFreq).toBe(0);
    const more = new tf.keras.callbacks.TensorBoard(logDir, 2, false);
    expect([more.histogramFreq, more.writeGraph, more.updateFreq]).toEqual([2, false, 'epoch']);
    const keywords = new tf.keras.callbacks.TensorBoard(logDir, { updateFreq: 'batch' });
    expect([keywords.logDir, keywords.updateFreq]).toEqual([logDir, 1]);
    const mixed = new (tf.keras.callbacks.TensorBoard as new (...a: unknown[]) => tf.keras.callbacks.TensorBoard)(logDir, 2, { writeImages: true });
    expect([mixed.histogramFreq, mixed.writeImages]).toEqual([2, true]);
    expect(new tf.keras.callbacks.TensorBoard({ logDir, writeImages: true }).writeImages).toBe(true);
    expect(new tf.keras.callbacks.TensorBoard().logDir).toBe('logs');
    expect(() => new (tf.keras.callbacks.TensorBoard as new (...a: unknown[]) => unknown)(logDir, 0, true, false, false, 'epoch', 0, 0, null, 'extra')).toThrow(
      'TensorBoard: got 10 optional arguments where at most 9 are taken',
    );
    expect(() => new tf.keras.callbacks.TensorBoard(logDir, 'often' as unknown as number)).toThrow('TensorBoard: histogramFreq must be a non-negative integer');
    expect(() => new tf.keras.callbacks.TensorBoard(logDir, { histogramFreq: 1, logDir } as object)).toThrow('TensorBoard: got multiple values for argument logDir');
  });
});

describe('EarlyStopping (mode auto) on a metric that is a Keras loss', () => {
  const x = tf.linspace(-1, 1, 16).reshape([16, 1]);
  const y = tf.cast(x.greater(0), 'float32');

  function fitWith(metric: tf.keras.losses.Loss, monitor: string) {
    tf.random.setSeed(3);
    const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [1] })]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD(0.5), loss: new tf.keras.losses.BinaryCrossentropy({ fromLogits: true }), metrics: [metric] });
    const early = new tf.keras.callbacks.EarlyStopping({ monitor, patience: 10 });
    const history = model.fit(x, y, { epochs: 4, validationData: [x, y], callbacks: [early], verbose: 0 });
    return { early, history };
  }

  it('minimizes it, as Keras gives a MeanMetricWrapper of a loss the direction down', () => {
    const { early, history } = fitWith(new tf.keras.losses.BinaryCrossentropy({ fromLogits: true, name: 'bce' }), 'val_bce');
    const values = history.history.val_bce!;
    expect(values[3]!).toBeLessThan(values[0]!);
    expect(early.best).toBe(Math.min(...values));
    const hinge = fitWith(new tf.keras.losses.Hinge({ name: 'hinge_metric' }), 'val_hinge_metric');
    expect(hinge.early.best).toBe(Math.min(...hinge.history.history.val_hinge_metric!));
  });

  it("leaves a subclass of a loss without a direction, as Keras (it is not in Keras' losses)", () => {
    class MyLoss extends tf.keras.losses.BinaryCrossentropy {}
    expect(() => fitWith(new MyLoss({ fromLogits: true, name: 'mine' }), 'val_mine')).toThrow(
      "EarlyStopping callback received monitor=val_mine, but Keras isn't able to automatically determine whether that metric should be maximized or minimized.",
    );
  });
});

describe("compile's metrics: a built-in function is named as Keras names it", () => {
  it("tf.keras.losses.binaryCrossentropy logs as 'binary_crossentropy', metrics.binaryAccuracy as 'binary_accuracy', the user's own function by its name", () => {
    const x = tf.linspace(-1, 1, 8).reshape([8, 1]);
    const y = tf.cast(x.greater(0), 'float32');
    const model = new tf.keras.Sequential([new tf.keras.layers.Dense(1, { inputShape: [1], activation: 'sigmoid' })]);
    const myError = (t: tf.Tensor, p: tf.Tensor) => tf.reduceMean(tf.abs(t.sub(p)), -1);
    model.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: [tf.keras.losses.binaryCrossentropy, tf.keras.metrics.binaryAccuracy, tf.keras.losses.mse, myError] });
    const history = model.fit(x, y, { epochs: 1, validationData: [x, y], verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(
      ['binary_accuracy', 'binary_crossentropy', 'loss', 'mean_squared_error', 'myError'].flatMap((k) => [k, `val_${k}`]).sort(),
    );
    // An EarlyStopping on it minimizes it (a Keras loss: direction down).
    const early = new tf.keras.callbacks.EarlyStopping({ monitor: 'val_binary_crossentropy' });
    model.fit(x, y, { epochs: 2, validationData: [x, y], callbacks: [early], verbose: 0 });
    expect(early.best).toBeGreaterThan(0);
  });
});

describe('MeanMetricWrapper calls its function with tensors', () => {
  it('arrays and numbers given to updateState reach a user function typed (Tensor, Tensor) as tensors', () => {
    const seen: unknown[] = [];
    const absError = (t: tf.Tensor, p: tf.Tensor) => {
      seen.push(t, p);
      return tf.abs(t.sub(p));
    };
    const m = new tf.keras.metrics.MeanMetricWrapper(absError, 'abs_error');
    m.updateState([1, 2, 3], [1, 2, 5]);
    expect(seen.every((v) => v instanceof tf.Tensor)).toBe(true);
    expect(m.result().item()).toBeCloseTo(2 / 3, 6);
  });
});
