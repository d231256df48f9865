// tf.keras.callbacks.TensorBoard: the event files it writes, read back by an independent reader
// (test/helpers/tfevents.ts) that is itself checked on a file TensorBoard's own writer wrote
// (scripts/tensorboard_check.py fixture); the tags, steps and values as Keras 3.15.1 writes them.
// (scripts/tensorboard_check.py check loads a fit's files with TensorBoard's EventAccumulator.)
import * as tf from 'gradtape';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { crc32c } from '../ts/io/crc';
import { tfRecord } from '../ts/io/tfrecord';
import { fileVersionEvent, histogramBuckets, summaryEvent } from '../ts/io/tensorboard-events';
import { decodePng } from './helpers/png';
import { type DecodedEvent, decodeEvent, histogramsOf, readEventFile, readRecords, readRun, scalarsOf } from './helpers/tfevents';

const FIXTURE = join(__dirname, 'fixtures', 'tensorboard', 'tensorboard-writer.tfevents');
/** Keras 3.15.1's TensorBoard on the same fits, through TF 2.21's summary writer (scripts/keras_tensorboard_fixtures.py). */
const KERAS = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'keras-tensorboard.json'), 'utf8')) as {
  cases: Record<string, {
    history: Record<string, number[]>;
    evaluate?: number[];
    runs: Record<string, {
      files: string[];
      scalars: Record<string, [number, number | null][]>;
      others: unknown[][];
      histograms?: Record<string, [number, number[][]][]>;
      /** Weight images: [step, [width, height], pixels of each image ([height][width][channels])]. */
      images?: Record<string, [number, [number, number], number[][][][]][]>;
    }>;
  }>;
  records: { hex: string; wall_time: number; step?: number; tag?: string; value?: number; json?: string; writer?: string }[];
  histograms: { hex: string; wall_time: number; step: number; tag: string; data: number[] }[];
};
const f32 = Math.fround;
const newDir = () => mkdtempSync(join(tmpdir(), 'gradtape-tb-'));

type ModelKind = 'dense' | 'seq' | 'func' | 'sub';

/** Dense(1) from kernel 1; or Dense(3) 'hidden' then Dense(1) 'out' from given weights as a
 * Sequential 'seq', a functional model 'func' or a subclassed model 'sub' (the fixture's models). */
function makeModel(kind: ModelKind): tf.keras.Model {
  if (kind === 'dense') return new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
  let model: tf.keras.Model;
  if (kind === 'seq') {
    model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(3, { name: 'hidden' }), new tf.keras.layers.Dense(1, { name: 'out' })], { name: 'seq' });
  } else if (kind === 'func') {
    const input = tf.keras.Input([1]);
    const hidden = new tf.keras.layers.Dense(3, { name: 'hidden' }).apply(input) as tf.keras.KerasTensor;
    model = new tf.keras.Model({ inputs: input, outputs: new tf.keras.layers.Dense(1, { name: 'out' }).apply(hidden) as tf.keras.KerasTensor, name: 'func' });
  } else {
    class Sub extends tf.keras.Model {
      hidden = new tf.keras.layers.Dense(3, { name: 'hidden' });
      out = new tf.keras.layers.Dense(1, { name: 'out' });
      override call(x: tf.Tensor) {
        return this.out.apply(this.hidden.apply(x)) as tf.Tensor;
      }
    }
    model = new Sub({ name: 'sub' });
    model.apply(tf.ones([1, 1]));
  }
  model.setWeights([tf.constant([[0.5, -0.25, 1.0]]), tf.constant([0.1, 0.0, -0.2]), tf.constant([[0.75], [-0.5], [0.3]]), tf.constant([0.05])]);
  return model;
}

/** The model of `kind` by SGD(0.01) on 5 samples (3 batches of 2), validation on 2 (one batch). */
function fitWith(options: Record<string, unknown>, fit: Record<string, unknown> = {}, kind: ModelKind = 'dense') {
  const logDir = newDir();
  const model = makeModel(kind);
  model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
  const batches: Record<string, number>[] = [];
  const record = new tf.keras.callbacks.LambdaCallback({ onTrainBatchEnd: (_b, logs) => batches.push({ ...logs }) });
  const history = model.fit([[1], [2], [3], [4], [5]], [[2], [4.1], [5.9], [8.2], [9.9]], {
    epochs: 2, batchSize: 2, shuffle: false, validationData: [[[6], [7]], [[12.1], [13.8]]],
    callbacks: [new tf.keras.callbacks.TensorBoard({ logDir, ...options }), record], ...fit,
  });
  return { logDir, model, history: history.history, batches };
}

const perEpoch = (values: number[]) => values.map((v, i) => [i, f32(v)]);

describe('event file encoding', () => {
  it('CRC-32C of the standard check string', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it("reads a file TensorBoard's EventFileWriter wrote (CRCs checked; tensor_content and float_val scalars)", () => {
    const events = readEventFile(FIXTURE);
    expect(events[0]).toMatchObject({ fileVersion: 'brain.Event:2', sourceWriter: 'tensorboard.summary.writer.event_file_writer', step: 0, values: [] });
    expect(events.slice(1).map((e) => [e.wallTime, e.step, e.values.map((v) => [v.tag, v.pluginName, v.dtype, v.dims, v.value])])).toEqual([
      [1700000000.25, 0, [['epoch_loss', 'scalars', 1, 0, 0.5]]],
      [1700000001.5, 3, [['epoch_loss', 'scalars', 1, 0, 1.25]]],
      [1700000002.125, 12, [['batch_mae', 'scalars', 1, 0, -3.75]]],
      [1700000003, 7, [['scalar_pb_value', 'scalars', 1, 0, 2.5]]],
    ]);
  });

  it("a scalar's record is byte for byte the record TF 2's layout gives through TensorBoard's writer", () => {
    const records = readRecords(new Uint8Array(readFileSync(FIXTURE)));
    const ours = [
      tfRecord(summaryEvent(1700000000.25, 0, { tag: 'epoch_loss', value: 0.5, pluginName: 'scalars' })),
      tfRecord(summaryEvent(1700000001.5, 3, { tag: 'epoch_loss', value: 1.25, pluginName: 'scalars' })),
      tfRecord(summaryEvent(1700000002.125, 12, { tag: 'batch_mae', value: -3.75, pluginName: 'scalars' })),
    ];
    for (let i = 0; i < 3; i++) expect(readRecords(ours[i]!)).toEqual([records[i + 1]]);
    // The whole framed bytes: the file's records 1-3 are these.
    const file = new Uint8Array(readFileSync(FIXTURE));
    const start = 16 + records[0]!.length;
    expect(file.subarray(start, start + ours.reduce((n, r) => n + r.length, 0))).toEqual(new Uint8Array(ours.flatMap((r) => [...r])));
  });

  it('the first event: file version, whole-second wall time, writer; negative steps as int64', () => {
    expect(decodeEvent(fileVersionEvent(1700000000, 'w'))).toEqual({ wallTime: 1700000000, step: 0, fileVersion: 'brain.Event:2', sourceWriter: 'w', values: [] });
    expect(decodeEvent(summaryEvent(1, -5, { tag: 't', value: 1, pluginName: 'scalars' })).step).toBe(-5);
  });
});

describe('tf.keras.callbacks.TensorBoard', () => {
  it("updateFreq 'epoch': epoch_ scalars in train/ and validation/, evaluation_ at the optimizer's iterations, no batch_", () => {
    const { logDir, history, model } = fitWith({});
    expect(readdirSync(logDir).sort()).toEqual(['train', 'validation']);
    for (const run of ['train', 'validation']) {
      const files = readRun(join(logDir, run));
      expect(files).toHaveLength(1);
      const [{ name, events }] = files as [{ name: string; events: ReturnType<typeof readEventFile> }];
      expect(name).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.${hostname().replace(/[.]/g, '\\.')}\\.${process.pid}\\.\\d+\\.v2$`));
      expect(events[0]!.fileVersion).toBe('brain.Event:2');
      expect(events[0]!.wallTime).toBe(Number(name.split('.')[3]));
      for (const e of events.slice(1)) for (const v of e.values) expect([v.dtype, v.dims]).toEqual(v.tag === 'keras' ? [7, 0] : [1, 0]);
    }
    expect(scalarsOf(join(logDir, 'train'))).toEqual({
      epoch_loss: perEpoch(history.loss!),
      epoch_mae: perEpoch(history.mae!),
      epoch_learning_rate: [[0, f32(0.01)], [1, f32(0.01)]],
    });
    expect(model.optimizer!.iterations).toBe(6);
    expect(scalarsOf(join(logDir, 'validation'))).toEqual({
      evaluation_loss_vs_iterations: [[3, f32(history.val_loss![0]!)], [6, f32(history.val_loss![1]!)]],
      evaluation_mae_vs_iterations: [[3, f32(history.val_mae![0]!)], [6, f32(history.val_mae![1]!)]],
      epoch_loss: perEpoch(history.val_loss!),
      epoch_mae: perEpoch(history.val_mae!),
    });
  });

  it("writeGraph: the model's Keras JSON at step 0 (tag 'keras', plugin graph_keras_model); none with writeGraph false", () => {
    const { logDir, model } = fitWith({});
    const [first] = readRun(join(logDir, 'train'));
    const keras = first!.events.find((e) => e.values[0]?.tag === 'keras')!;
    expect(keras.step).toBe(0);
    expect(keras.values[0]).toMatchObject({ pluginName: 'graph_keras_model', pluginContent: '1', dtype: 7 });
    const config = JSON.parse(keras.values[0]!.value as string);
    expect(config.class_name).toBe('Sequential');
    expect(config.config.layers.map((l: { class_name: string }) => l.class_name)).toEqual(['InputLayer', 'Dense']);
    expect(config.compile_config.loss).toBe('mse');
    expect(model.toJson()).toContain('"className":"Sequential"');
    const without = fitWith({ writeGraph: false });
    expect(readRun(join(without.logDir, 'train'))[0]!.events.flatMap((e) => e.values.map((v) => v.tag))).not.toContain('keras');
  });

  it("writeImages: matrices (transposed when taller than wide) and 3-D kernels as Keras shapes them; other weights none", () => {
    const logDir = newDir();
    const input = tf.keras.Input([3, 3, 1]);
    const conv = new tf.keras.layers.Conv2D(2, 2, { name: 'conv' }).apply(input) as tf.keras.KerasTensor;
    const flat = new tf.keras.layers.Flatten().apply(conv) as tf.keras.KerasTensor;
    const wide = new tf.keras.layers.Dense(9, { name: 'wide' }).apply(flat) as tf.keras.KerasTensor;
    const model = new tf.keras.Model({ inputs: input, outputs: new tf.keras.layers.Dense(2, { name: 'tall', useBias: false }).apply(wide) as tf.keras.KerasTensor });
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse' });
    model.fit(tf.ones([2, 3, 3, 1]), tf.ones([2, 2]), { epochs: 1, callbacks: [new tf.keras.callbacks.TensorBoard({ logDir, histogramFreq: 1, writeImages: true })] });
    const images = imagesOf(join(logDir, 'train'));
    const pixel = (w: number) => Math.trunc(Math.min(255, Math.max(0, Math.fround(w * 255.5))));
    const [convKernel, convBias, wideKernel, wideBias, tallKernel] = model.getWeights().map((w) => Array.from(w.dataSync() as Float32Array));
    // conv/kernel [2, 2, 1, 2] squeezes to [2, 2, 2]: one 2×2 image a filter (at most 3).
    expect(images['conv/kernel/image']![0]![1]).toEqual([2, 2]);
    expect(images['conv/kernel/image']![0]![2].map((p) => p.pixels)).toEqual([0, 1].map((f) => [0, 1, 2, 3].map((i) => pixel(convKernel![i * 2 + f]!))));
    // Vectors: a column [1, n, 1, 1].
    expect(images['conv/bias/image']![0]![1]).toEqual([1, 2]);
    expect(images['wide/bias/image']![0]![2][0]!.pixels).toEqual(wideBias!.map(pixel));
    // wide/kernel [8, 9] is as it is; tall/kernel [9, 2] is transposed to [2, 9].
    expect(images['wide/kernel/image']![0]![1]).toEqual([9, 8]);
    expect(images['wide/kernel/image']![0]![2][0]!.pixels).toEqual(wideKernel!.map(pixel));
    expect(images['tall/kernel/image']![0]![1]).toEqual([9, 2]);
    expect(images['tall/kernel/image']![0]![2][0]!.pixels).toEqual([0, 1].flatMap((c) => Array.from({ length: 9 }, (_, r) => pixel(tallKernel![r * 2 + c]!))));
    expect(Object.keys(images)).toEqual(['conv/kernel/image', 'conv/bias/image', 'wide/kernel/image', 'wide/bias/image', 'tall/kernel/image']);
    // Without histograms, no images (as Keras).
    const noHistograms = newDir();
    model.fit(tf.ones([2, 3, 3, 1]), tf.ones([2, 2]), { epochs: 1, callbacks: [new tf.keras.callbacks.TensorBoard({ logDir: noHistograms, writeImages: true })] });
    expect(imagesOf(join(noHistograms, 'train'))).toEqual({});
  });

  it('a subclassed model gets no Keras JSON (as Keras, which writes it for Sequential and Functional only)', () => {
    class Sub extends tf.keras.Model {
      dense = new tf.keras.layers.Dense(1);
      override call(x: tf.Tensor) {
        return this.dense.apply(x) as tf.Tensor;
      }
    }
    const logDir = newDir();
    const model = new Sub();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    model.fit([[1]], [[1]], { epochs: 1, callbacks: [new tf.keras.callbacks.TensorBoard({ logDir })] });
    const tags = readRun(join(logDir, 'train'))[0]!.events.flatMap((e) => e.values.map((v) => v.tag));
    expect(tags).toEqual(['epoch_loss', 'epoch_learning_rate']);
  });

  it("updateFreq 'batch': batch_ scalars of every batch at the fit's batch count", () => {
    const { logDir, history, batches } = fitWith({ updateFreq: 'batch' });
    expect(batches).toHaveLength(6);
    const train = scalarsOf(join(logDir, 'train'));
    expect(train.batch_loss).toEqual(batches.map((b, i) => [i + 1, f32(b.loss!)]));
    expect(train.batch_mae).toEqual(batches.map((b, i) => [i + 1, f32(b.mae!)]));
    expect(train.epoch_loss).toEqual(perEpoch(history.loss!));
    expect(Object.keys(train).sort()).toEqual(['batch_loss', 'batch_mae', 'epoch_learning_rate', 'epoch_loss', 'epoch_mae']);
    expect(scalarsOf(join(logDir, 'validation')).evaluation_loss_vs_iterations).toEqual([[3, f32(history.val_loss![0]!)], [6, f32(history.val_loss![1]!)]]);
  });

  it("updateFreq N: Keras' record_if gate (batch count % N) also gates the epoch and evaluation scalars", () => {
    // 3 batches an epoch, N = 2: batch_ at batches 2, 4, 6; epoch 0 ends at batch 3 (gate shut),
    // epoch 1 at batch 6 (open); the evaluations end at evaluation batches 1 (shut) and 2 (open).
    const { logDir, history, batches } = fitWith({ updateFreq: 2 });
    const train = scalarsOf(join(logDir, 'train'));
    expect(train.batch_loss).toEqual([2, 4, 6].map((s) => [s, f32(batches[s - 1]!.loss!)]));
    expect(train.epoch_loss).toEqual([[1, f32(history.loss![1]!)]]);
    expect(train.epoch_learning_rate).toEqual([[1, f32(0.01)]]);
    expect(scalarsOf(join(logDir, 'validation'))).toEqual({
      evaluation_loss_vs_iterations: [[6, f32(history.val_loss![1]!)]],
      evaluation_mae_vs_iterations: [[6, f32(history.val_mae![1]!)]],
      epoch_loss: [[1, f32(history.val_loss![1]!)]],
      epoch_mae: [[1, f32(history.val_mae![1]!)]],
    });
  });

  it('writeStepsPerSecond: epoch_steps_per_second (and batch_ with updateFreq batch), positive', () => {
    const { logDir } = fitWith({ writeStepsPerSecond: true, updateFreq: 'batch' });
    const train = scalarsOf(join(logDir, 'train'));
    expect(train.epoch_steps_per_second!.map(([s]) => s)).toEqual([0, 1]);
    expect(train.batch_steps_per_second!.map(([s]) => s)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const [, v] of [...train.epoch_steps_per_second!, ...train.batch_steps_per_second!]) expect(v).toBeGreaterThan(0);
    const epochOnly = scalarsOf(join(fitWith({ writeStepsPerSecond: true }).logDir, 'train'));
    expect(Object.keys(epochOnly)).not.toContain('batch_steps_per_second');
    expect(Object.keys(epochOnly)).toContain('epoch_steps_per_second');
  });

  it("a learning_rate log of an earlier callback (ReduceLROnPlateau) is written once, the optimizer's", () => {
    const logDir = newDir();
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { useBias: false })]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
    const reduce = new tf.keras.callbacks.ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5 });
    const history = model.fit([[0]], [[1]], { epochs: 3, callbacks: [reduce, new tf.keras.callbacks.TensorBoard({ logDir })] });
    const train = scalarsOf(join(logDir, 'train'));
    expect(Object.keys(train)).toEqual(['epoch_loss', 'epoch_learning_rate']);
    // ReduceLROnPlateau logs the rate before it reduces it; Keras' TensorBoard reads the optimizer after.
    expect(history.history.learning_rate).toEqual([0.5, 0.5, 0.25]);
    expect(train.epoch_learning_rate).toEqual([[0, 0.5], [1, 0.25], [2, 0.125]]);
  });

  it('without validation: no validation folder; evaluate writes evaluation_ scalars to validation/', () => {
    const logDir = newDir();
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const board = new tf.keras.callbacks.TensorBoard({ logDir });
    model.fit([[1], [2]], [[2], [4]], { epochs: 2, callbacks: [board] });
    expect(readdirSync(logDir)).toEqual(['train']);
    const loss = model.evaluate([[1]], [[3]], { callbacks: [board] }) as number;
    expect(scalarsOf(join(logDir, 'validation'))).toEqual({ evaluation_loss_vs_iterations: [[2, f32(loss)]] });
    // evaluate's setModel opened a second training file (the model's JSON), as Keras' set_model.
    expect(readdirSync(join(logDir, 'train'))).toHaveLength(2);
  });

  it('files are readable at each epoch end, while training runs', () => {
    const logDir = newDir();
    const seen: string[][] = [];
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const peek = new tf.keras.callbacks.LambdaCallback({ onEpochEnd: () => seen.push(Object.keys(scalarsOf(join(logDir, 'train')))) });
    model.fit([[1]], [[1]], { epochs: 2, callbacks: [new tf.keras.callbacks.TensorBoard({ logDir }), peek] });
    expect(seen).toEqual([['epoch_loss', 'epoch_learning_rate'], ['epoch_loss', 'epoch_learning_rate']]);
  });

  it('options: defaults, and clear errors for what is not written', () => {
    const board = new tf.keras.callbacks.TensorBoard();
    expect([board.logDir, board.histogramFreq, board.writeGraph, board.writeImages, board.writeStepsPerSecond, board.updateFreq, board.profileBatch, board.embeddingsFreq, board.embeddingsMetadata])
      .toEqual(['logs', 0, true, false, false, 'epoch', 0, 0, null]);
    expect(new tf.keras.callbacks.TensorBoard({ updateFreq: 'batch' }).updateFreq).toBe(1);
    expect(() => new tf.keras.callbacks.TensorBoard({ histogramFreq: -1 })).toThrow(/histogramFreq must be a non-negative integer/);
    expect(new tf.keras.callbacks.TensorBoard({ histogramFreq: 2 }).histogramFreq).toBe(2);
    expect(() => new tf.keras.callbacks.TensorBoard({ profileBatch: 2 })).toThrow(/Profiling is not available in gradtape .*profileBatch=2 \(must be 0\)/);
    expect(() => new tf.keras.callbacks.TensorBoard({ embeddingsFreq: 1 })).toThrow(/embeddingsFreq=1 asks for embedding projector checkpoints/);
    expect(() => new tf.keras.callbacks.TensorBoard({ updateFreq: 0 })).toThrow(/updateFreq must be 'epoch', 'batch' or a positive integer/);
    expect(() => new tf.keras.callbacks.TensorBoard({ writeGraph: 1 as never })).toThrow(/writeGraph must be true or false/);
    expect(() => new tf.keras.callbacks.TensorBoard({ logDir: '' })).toThrow(/logDir must be a folder path/);
    expect(() => new tf.keras.callbacks.TensorBoard({ log_dir: 'x' } as never)).toThrow(/unknown option 'log_dir'/);
    expect(new tf.keras.callbacks.TensorBoard({ writeImages: true }).writeImages).toBe(true);
    expect(() => new tf.keras.callbacks.TensorBoard({ writeImages: 1 as never })).toThrow(/writeImages must be true or false/);
  });

  it('without a file system (a browser), the constructor says so', () => {
    const get = process.getBuiltinModule;
    vi.stubGlobal('process', { ...process, getBuiltinModule: undefined });
    try {
      expect(() => new tf.keras.callbacks.TensorBoard()).toThrow(/TensorBoard: TensorBoard event files need a file system \(Node's node:fs/);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(process.getBuiltinModule).toBe(get);
  });

  it("with updateFreq 'epoch' fit reads no results back after each batch", () => {
    const board = new tf.keras.callbacks.TensorBoard({ logDir: newDir() });
    expect(board.onTrainBatchEnd).toBe(tf.keras.callbacks.Callback.prototype.onTrainBatchEnd);
    expect(new tf.keras.callbacks.TensorBoard({ logDir: newDir(), updateFreq: 3 }).onTrainBatchEnd).not.toBe(tf.keras.callbacks.Callback.prototype.onTrainBatchEnd);
  });
});

/** The images of a run, `{tag: [[step, [width, height], decoded PNGs]]}`. */
function imagesOf(dir: string) {
  const out: Record<string, [number, [number, number], ReturnType<typeof decodePng>[]][]> = {};
  for (const { events } of readRun(dir)) {
    for (const e of events) {
      for (const v of e.values) {
        if (v.pluginName !== 'images') continue;
        const [width, height, ...pngs] = v.strings;
        (out[v.tag] ??= []).push([e.step, [Number(Buffer.from(width!).toString()), Number(Buffer.from(height!).toString())], pngs.map(decodePng)]);
      }
    }
  }
  return out;
}

/** What Keras' fixture records of a run: the file names (pattern), the non-scalar events, the scalars. */
function runAsKeras(dir: string) {
  const files = readRun(dir);
  const others = files.flatMap(({ events }) =>
    events.flatMap((e: DecodedEvent) => (e.fileVersion !== '' ? [['file_version']] : e.values.filter((v) => v.pluginName !== 'scalars').map((v) => [v.tag, v.pluginName, e.step]))),
  );
  return { files: files.map(({ name }) => name.replace(/^events\.out\.tfevents\.\d{10}\.[^.]+\.\d+\.\d+\.v2$/, 'events.out.tfevents.<seconds>.<host>.<pid>.<uid>.v2')), others, scalars: scalarsOf(dir) };
}

describe("the same as Keras 3.15.1's TensorBoard (TF 2.21's writer)", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, ModelKind][] = [
    ['epoch', {}, {}, 'dense'],
    ['batch', { updateFreq: 'batch' }, {}, 'dense'],
    ['every2', { updateFreq: 2 }, {}, 'dense'],
    ['noGraph', { writeGraph: false }, {}, 'dense'],
    ['stepsPerSecond', { writeStepsPerSecond: true, updateFreq: 'batch' }, {}, 'dense'],
    ['histograms', { histogramFreq: 1 }, {}, 'seq'],
    ['histogramsEvery2', { histogramFreq: 2, updateFreq: 'batch' }, { epochs: 3 }, 'seq'],
    ['histogramsFunctional', { histogramFreq: 1 }, {}, 'func'],
    ['histogramsSubclassed', { histogramFreq: 1 }, {}, 'sub'],
    ['images', { histogramFreq: 1, writeImages: true }, {}, 'seq'],
  ];
  it.each(cases)('%s: the same folders, files, events, tags in order, steps, and values (float32, to 1e-5)', (name, options, fit, kind) => {
    const keras = KERAS.cases[name]!;
    const { logDir, history } = fitWith(options, fit, kind);
    for (const [k, v] of Object.entries(keras.history)) v.forEach((x, i) => expect(Math.abs(history[k]![i]! - x), k).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(x))));
    expect(readdirSync(logDir).sort()).toEqual(Object.keys(keras.runs));
    for (const [run, expected] of Object.entries(keras.runs)) {
      const ours = runAsKeras(join(logDir, run));
      expect(ours.files).toEqual(expected.files);
      expect(ours.others).toEqual(expected.others);
      expect(Object.keys(ours.scalars)).toEqual(Object.keys(expected.scalars));
      for (const [tag, points] of Object.entries(expected.scalars)) {
        expect(ours.scalars[tag]!.map(([step]) => step), `${run}/${tag}`).toEqual(points.map(([step]) => step));
        points.forEach(([, value], i) => {
          const got = ours.scalars[tag]![i]![1];
          if (value === null) expect(got).toBeGreaterThan(0);
          else expect(Math.abs(got - value), `${run}/${tag}[${i}]: ${got} vs ${value}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(value)));
        });
      }
      // Histograms: the same buckets (counts exactly; edges, from the trained weights, to 1e-5).
      const histograms = histogramsOf(join(logDir, run));
      expect(Object.keys(histograms)).toEqual(Object.keys(expected.histograms ?? {}));
      for (const [tag, points] of Object.entries(expected.histograms ?? {})) {
        expect(histograms[tag]!.map(([step]) => step)).toEqual(points.map(([step]) => step));
        points.forEach(([, buckets], i) => {
          const got = histograms[tag]![i]![1];
          expect(got.map((b) => b[2])).toEqual(buckets.map((b) => b[2]));
          got.flatMap((b) => b.slice(0, 2)).forEach((edge, j) => expect(Math.abs(edge - buckets[j >> 1]![j & 1]!), `${tag} edge ${j}`).toBeLessThanOrEqual(1e-5));
        });
      }
      // Weight images: the same sizes and pixels (from the trained weights: within one level).
      const images = imagesOf(join(logDir, run));
      expect(Object.keys(images)).toEqual(Object.keys(expected.images ?? {}));
      for (const [tag, points] of Object.entries(expected.images ?? {})) {
        expect(images[tag]!.map(([step, size]) => [step, size])).toEqual(points.map(([step, size]) => [step, size]));
        points.forEach(([, , pixels], i) => {
          const got = images[tag]![i]![2];
          expect(got.map((p) => [p.height, p.width, p.channels])).toEqual(pixels.map((p) => [p.length, p[0]!.length, p[0]![0]!.length]));
          got.forEach((p, k) => p.pixels.forEach((v, j) => expect(Math.abs(v - pixels[k]!.flat(2)[j]!), `${tag}[${k}] pixel ${j}`).toBeLessThanOrEqual(1)));
        });
      }
    }
  });

  it("tf.summary.histogram's records (a fit's weights; no data, one value, two, ties at the edges, spread, wide) are byte for byte ours", () => {
    expect(KERAS.histograms.map((h) => h.tag)).toEqual([
      'seq/hidden/kernel/histogram', 'seq/hidden/bias/histogram', 'seq/out/kernel/histogram', 'seq/out/bias/histogram', 'empty', 'single', 'two', 'edges', 'spread', 'wide',
    ]);
    for (const h of KERAS.histograms) {
      const ours = summaryEvent(h.wall_time, h.step, { tag: h.tag, value: histogramBuckets(h.data), pluginName: 'histograms' });
      expect(Buffer.from(ours).toString('hex'), h.tag).toBe(h.hex);
    }
  });

  it('evaluate after fit without validation: a second training file, evaluation_ scalars at the iterations', () => {
    const keras = KERAS.cases.evaluateAfterFit!;
    const logDir = newDir();
    const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'ones' })]);
    model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.01 }), loss: 'mse', metrics: ['mae'] });
    const board = new tf.keras.callbacks.TensorBoard({ logDir });
    model.fit([[1], [2], [3], [4], [5]], [[2], [4.1], [5.9], [8.2], [9.9]], { epochs: 2, batchSize: 2, shuffle: false, callbacks: [board] });
    const evaluated = model.evaluate([[1]], [[3]], { callbacks: [board] }) as number[];
    expect(evaluated.map((v, i) => v - keras.evaluate![i]!).every((d) => Math.abs(d) < 1e-5)).toBe(true);
    expect(readdirSync(logDir).sort()).toEqual(Object.keys(keras.runs));
    for (const [run, expected] of Object.entries(keras.runs)) {
      const ours = runAsKeras(join(logDir, run));
      expect([ours.files, ours.others, Object.keys(ours.scalars)]).toEqual([expected.files, expected.others, Object.keys(expected.scalars)]);
      for (const [tag, points] of Object.entries(expected.scalars)) expect(ours.scalars[tag]!.map(([step]) => step)).toEqual(points.map(([step]) => step));
    }
  });

  it("TF's records, encoded again here, are byte for byte the same: the first event's layout, the model JSON, scalars", () => {
    const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
    expect(KERAS.records.map((r) => (r.writer !== undefined ? 'first' : r.json !== undefined ? 'keras' : 'scalar'))).toEqual(['first', 'keras', ...Array(12).fill('scalar')]);
    for (const r of KERAS.records) {
      let ours: Uint8Array;
      if (r.writer !== undefined) ours = fileVersionEvent(r.wall_time, r.writer);
      else if (r.json !== undefined) ours = summaryEvent(r.wall_time, r.step!, { tag: r.tag!, value: r.json, pluginName: 'graph_keras_model', pluginContent: new TextEncoder().encode('1') });
      else ours = summaryEvent(r.wall_time, r.step!, { tag: r.tag!, value: r.value!, pluginName: 'scalars' });
      expect(hex(ours), r.tag ?? 'file_version').toBe(r.hex);
    }
    // TF's first event carries whole seconds.
    expect(Number.isInteger(KERAS.records[0]!.wall_time)).toBe(true);
  });
});
