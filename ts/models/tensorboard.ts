// keras.callbacks.TensorBoard (keras/src/callbacks/tensorboard.py, Keras 3.15.1): writes the logs
// of fit and evaluate as TensorFlow event files for TensorBoard (Node). Keras writes them with
// tensorflow.summary on every backend; the choices of what is written when (the writers, the
// steps, and tf.summary.record_if's gating by `update_freq`) are mirrored here, and the files are
// written by ../io/tensorboard-events.ts.

import { checkBoolean, describe, type PositionalThenOptions } from '../describe';
import { classNameOf, referenceFunctions, serialize } from '../layers/serialization';
import { Callback, callbackArguments } from './callbacks';
import type { CompileConfig } from './compile-config';
import type { Logs } from './history';
import { pythonJson, toKerasConfig } from './keras-model-config';
import { Model } from './model';
import { EventFileWriter, checkEventFileSystem, joinPath } from '../io/tensorboard-events';
import { imageTensor } from '../summary/summaries';

/** Options of `new tf.keras.callbacks.TensorBoard(options)` (Keras' arguments, camelCase). */
export interface TensorBoardOptions {
  /** The folder of the event files (default 'logs'): training's go to `<logDir>/train`, validation's and evaluate's to `<logDir>/validation`. */
  logDir?: string;
  /** Every `histogramFreq` epochs (from epoch 0), a histogram of each weight of each of the model's
   * layers, as tf.summary.histogram writes it (30 buckets; tag `<weight path>/histogram`, Keras 3's
   * path: 'sequential/dense/kernel' for a Sequential's, 'dense/kernel' for a functional model's),
   * in `<logDir>/train` at the epoch's step. Default 0: none. */
  histogramFreq?: number;
  /** Write the model's architecture (Keras' `to_json`, what TensorBoard's graph tab draws for a
   * Sequential or functional model) at step 0 (default true). TensorFlow op graphs, which Keras
   * writes with the TensorFlow backend only, are not written. */
  writeGraph?: boolean;
  /** With `histogramFreq` > 0, also each weight as an image beside its histogram (tag
   * `<weight path>/image`), as Keras shapes it: the weight squeezed, then a vector as a column
   * [1, n, 1, 1], a matrix as [1, rows, columns, 1] (transposed first if it has more rows than
   * columns), a 3-D weight (a convolution kernel with one input channel) as one image a filter;
   * others when they happen to have 1, 3 or 4 channels as they are; the rest none. Values are
   * pixels as tf.summary.image takes floats (clipped to [0, 1]). Default false. */
  writeImages?: boolean;
  /** Also log the training steps per second: `epoch_steps_per_second` and, with `updateFreq` not
   * 'epoch', `batch_steps_per_second` (default false). */
  writeStepsPerSecond?: boolean;
  /** 'epoch' (default): scalars at each epoch's end; 'batch' or N: also each N-th batch's logs
   * (`batch_<name>` at the global batch count), and everything else only when Keras' gate is open
   * (see the class). */
  updateFreq?: 'epoch' | 'batch' | number;
  /** Batches to profile: only 0 (the default); there is no profiler. */
  profileBatch?: number;
  /** Epochs between embedding projector checkpoints: only 0 (the default, none). */
  embeddingsFreq?: number;
  /** Used by Keras with `embeddingsFreq` only: accepted, unused (default null). */
  embeddingsMetadata?: string | Record<string, string> | null;
}

/** What the first event of the callback's files names as its writer. */
const WRITER_NAME = 'gradtape.keras.callbacks.TensorBoard';

const OPTION_NAMES = ['logDir', 'histogramFreq', 'writeGraph', 'writeImages', 'writeStepsPerSecond', 'updateFreq', 'profileBatch', 'embeddingsFreq', 'embeddingsMetadata'];

/** A default summary writer with its tf.summary.record_if gate, as Keras' `_push_writer` sets them:
 * summaries record only while `step % updateFreq === 0`. */
interface WriterContext {
  writer: 'train' | 'val';
  step: number;
}

/** Keras 3's positional arguments of TensorBoard, in its order. */
type TensorBoardPositional = [
  logDir?: string, histogramFreq?: number, writeGraph?: boolean, writeImages?: boolean, writeStepsPerSecond?: boolean,
  updateFreq?: 'epoch' | 'batch' | number, profileBatch?: number, embeddingsFreq?: number, embeddingsMetadata?: string | Record<string, string> | null,
];

/**
 * keras.callbacks.TensorBoard: writes the logs of `fit` (and `evaluate`) as TensorFlow event files
 * that `tensorboard --logdir <logDir>` shows. Node only. As Keras 3.15.1:
 * - at each epoch's end, in `<logDir>/train`: `epoch_<name>` for each training log, the
 *   optimizer's `epoch_learning_rate` and (with `writeStepsPerSecond`) `epoch_steps_per_second`;
 *   in `<logDir>/validation`: `epoch_<name>` for each `val_<name>` log; the step is the epoch (from 0);
 * - after each evaluation (fit's validation or `evaluate`), in `<logDir>/validation`:
 *   `evaluation_<name>_vs_iterations` at the step `optimizer.iterations`;
 * - with `updateFreq` 'batch' (1) or N: `batch_<name>` for each training batch's logs at the batch
 *   count of this fit (from 1) when it is a multiple of N. Keras' tf.summary.record_if gate stays
 *   set after the batch, so then the epoch's scalars and histograms are written only when the
 *   epoch ends at a batch count that is a multiple of N, and the evaluation's only when the
 *   evaluation batches counted so far (over every evaluation) are;
 * - with `histogramFreq` N > 0, at the end of every N-th epoch (from epoch 0), in `<logDir>/train`:
 *   a histogram of each weight of each layer (tf.summary.histogram's 30 buckets), tagged
 *   `<Keras weight path>/histogram` ('sequential/dense/kernel/histogram'), and with `writeImages`
 *   the weight as an image (tf.summary.image's PNGs), tagged `<Keras weight path>/image`;
 * - with `writeGraph` (the default), at step 0 of a new training file when fit, evaluate or
 *   predict starts: the model's Keras JSON (tag 'keras', plugin 'graph_keras_model') for a
 *   Sequential or functional model.
 * TensorFlow op graphs, profiles and embeddings are not written. Each fit (evaluate, predict) opens new files (`events.out.tfevents.<seconds>.<host>.<pid>.<n>.v2`,
 * TF 2's names); they are written at each epoch's (evaluation's) end, so TensorBoard can read them
 * during training.
 *
 * @example
 * ```ts
 * const fs = process.getBuiltinModule('node:fs');
 * const logDir = fs.mkdtempSync(`${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-`);
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * model.fit([[1], [2]], [[2], [4]], { epochs: 2, validationData: [[[3]], [[6]]], callbacks: [new tf.keras.callbacks.TensorBoard({ logDir })] });
 * console.log(fs.readdirSync(logDir), fs.readdirSync(`${logDir}/train`).length); // [ 'train', 'validation' ] 1
 * ```
 */
export class TensorBoard extends Callback {
  /** The folder of the event files. */
  readonly logDir: string;
  /** Epochs between histograms (0: none). */
  readonly histogramFreq: number;
  /** Whether the model's architecture is written. */
  readonly writeGraph: boolean;
  /** Keras' `write_images` (which needs histograms). */
  readonly writeImages: boolean;
  /** Whether steps per second are logged. */
  readonly writeStepsPerSecond: boolean;
  /** 'epoch', or every N batches ('batch' is 1). */
  readonly updateFreq: 'epoch' | number;
  /** The batches to profile (0: none). */
  readonly profileBatch: number;
  /** Epochs between embedding checkpoints (0: none). */
  readonly embeddingsFreq: number;
  /** Keras' `embeddings_metadata` (unused without embeddings). */
  readonly embeddingsMetadata: string | Record<string, string> | null;
  /** Training batches begun in this fit (Keras' `_global_train_batch`). */
  private globalTrainBatch = 0;
  /** Evaluation batches begun over this callback's life (Keras' `_global_test_batch`). */
  private globalTestBatch = 0;
  private previousEpochIterations = 0;
  private epochStartTime = 0;
  private batchStartTime = 0;
  private writers: { train?: EventFileWriter; val?: EventFileWriter } = {};
  private contexts: WriterContext[] = [];
  private trainDir = '';
  private valDir = '';

  /** Keras 3's positional form, `TensorBoard(log_dir='logs', histogram_freq=0, write_graph=True,
   * write_images=False, write_steps_per_second=False, update_freq='epoch', profile_batch=0,
   * embeddings_freq=0, embeddings_metadata=None)`: `new TensorBoard('logs/run1', 1)`, the
   * tutorials' `TensorBoard(logdir/name)`. */
  constructor(...positional: TensorBoardPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TensorBoardPositional, TensorBoardOptions>);
  /** `TensorBoard(log_dir, <keyword arguments>)`: the folder, then the rest in a last options object. */
  constructor(logDir: string, options: Omit<TensorBoardOptions, 'logDir'>);
  constructor(options?: TensorBoardOptions);
  constructor(...args: unknown[]) {
    super();
    const op = 'TensorBoard';
    const o = callbackArguments<TensorBoardOptions>(op, args, OPTION_NAMES, ['embeddingsMetadata'], "{logDir: 'logs', updateFreq: 'epoch'}");
    checkEventFileSystem(op);
    const logDir = o.logDir ?? 'logs';
    if (typeof logDir !== 'string' || logDir === '') throw new Error(`${op}: logDir must be a folder path, got ${describe(logDir)}.`);
    this.logDir = logDir;
    const histogramFreq = o.histogramFreq ?? 0;
    if (!Number.isInteger(histogramFreq) || (histogramFreq as number) < 0) throw new Error(`${op}: histogramFreq must be a non-negative integer (epochs between histograms; 0: none), got ${describe(histogramFreq)}.`);
    this.histogramFreq = histogramFreq;
    this.writeGraph = checkBoolean(o.writeGraph, op, 'writeGraph', true);
    this.writeImages = checkBoolean(o.writeImages, op, 'writeImages', false);
    this.writeStepsPerSecond = checkBoolean(o.writeStepsPerSecond, op, 'writeStepsPerSecond', false);
    const freq = o.updateFreq ?? 'epoch';
    if (freq !== 'epoch' && freq !== 'batch' && !(Number.isInteger(freq) && (freq as number) > 0)) {
      throw new Error(`${op}: updateFreq must be 'epoch', 'batch' or a positive integer (batches between writes), got ${describe(freq)}.`);
    }
    this.updateFreq = freq === 'batch' ? 1 : freq;
    this.profileBatch = o.profileBatch ?? 0;
    if (this.profileBatch !== 0) {
      throw new Error(`${op}: Profiling is not available in gradtape (it has no profiler). Received: profileBatch=${describe(o.profileBatch)} (must be 0)`);
    }
    this.embeddingsFreq = o.embeddingsFreq ?? 0;
    if (this.embeddingsFreq !== 0) {
      throw new Error(`${op}: embeddingsFreq=${describe(o.embeddingsFreq)} asks for embedding projector checkpoints, which gradtape's TensorBoard does not write; use embeddingsFreq: 0 (the default).`);
    }
    this.embeddingsMetadata = o.embeddingsMetadata ?? null;
    // With updateFreq 'epoch' Keras writes nothing after a batch: without a batch hook of its own,
    // fit reads no results back after each batch.
    // (Keras' first-batch op graph is TensorFlow's only.)
    if (this.updateFreq === 'epoch') Object.defineProperty(this, 'onTrainBatchEnd', { value: Callback.prototype.onTrainBatchEnd });
  }

  /** Keras' `set_model`: new writers, and the model's architecture when `writeGraph`. */
  override setModel(model: Model): void {
    super.setModel(model);
    this.trainDir = joinPath('TensorBoard', this.logDir, 'train');
    this.valDir = joinPath('TensorBoard', this.logDir, 'validation');
    this.closeWriters();
    this.writers = {};
    if (this.writeGraph) this.writeModelSummary(model);
  }

  override onTrainBegin(): void {
    this.globalTrainBatch = 0;
    this.previousEpochIterations = 0;
    // Keras makes the writer (its file) as it pushes it, whatever updateFreq.
    this.trainWriter();
    this.pushWriter('train', this.globalTrainBatch);
  }

  override onTrainEnd(): void {
    this.popWriter();
    this.closeWriters();
  }

  override onTestBegin(): void {
    this.valWriter();
    this.pushWriter('val', this.globalTestBatch);
  }

  override onTestEnd(logs: Logs = {}): void {
    const optimizer = this.model.optimizer;
    if (optimizer !== null && this.isRecording()) {
      const writer = this.valWriter();
      for (const [name, value] of Object.entries(logs)) writer.scalar(`evaluation_${name}_vs_iterations`, value, optimizer.iterations);
    }
    this.popWriter();
    this.writers.val?.flush();
  }

  override onTrainBatchBegin(): void {
    this.globalTrainBatch += 1;
    if (this.updateFreq !== 'epoch') {
      this.popWriter();
      this.pushWriter('train', this.globalTrainBatch);
    }
    if (this.writeStepsPerSecond) this.batchStartTime = performance.now() / 1000;
  }

  override onTrainBatchEnd(_batch: number, logs: Logs = {}): void {
    if (this.writeStepsPerSecond) this.writeToDefault('batch_steps_per_second', 1 / (performance.now() / 1000 - this.batchStartTime), this.globalTrainBatch);
    for (const [name, value] of Object.entries(logs)) this.writeToDefault(`batch_${name}`, value, this.globalTrainBatch);
  }

  override onTestBatchBegin(): void {
    this.globalTestBatch += 1;
    if (this.updateFreq !== 'epoch') {
      this.popWriter();
      this.pushWriter('val', this.globalTestBatch);
    }
  }

  override onEpochBegin(): void {
    if (this.writeStepsPerSecond) {
      this.previousEpochIterations = Math.fround(this.optimizer().iterations);
      this.epochStartTime = performance.now() / 1000;
    }
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.logEpochMetrics(epoch, logs);
    if (this.histogramFreq > 0 && epoch % this.histogramFreq === 0) this.logWeights(epoch);
    this.writers.train?.flush();
    this.writers.val?.flush();
  }

  /** Keras' `_log_epoch_metrics`. */
  private logEpochMetrics(epoch: number, logs: Logs): void {
    const entries = Object.entries(logs);
    if (entries.length === 0) return;
    const trainLogs = new Map(entries.filter(([k]) => !k.startsWith('val_')));
    const valLogs = entries.filter(([k]) => k.startsWith('val_'));
    const optimizer = this.model.optimizer;
    if (optimizer !== null) trainLogs.set('learning_rate', optimizer._learningRateAsRead());
    if (this.writeStepsPerSecond) trainLogs.set('steps_per_second', this.stepsPerSecond());
    // (Under Keras' record_if gate, which is open when updateFreq is 'epoch'.)
    if (!this.isRecording()) return;
    if (trainLogs.size > 0) {
      const writer = this.trainWriter();
      for (const [name, value] of trainLogs) writer.scalar(`epoch_${name}`, value, epoch);
    }
    if (valLogs.length > 0) {
      const writer = this.valWriter();
      for (const [name, value] of valLogs) writer.scalar(`epoch_${name.slice(4)}`, value, epoch);
    }
  }

  /** Keras' `_log_weights`: a histogram of each weight of each layer, and with `writeImages` its image (under the record gate). */
  private logWeights(epoch: number): void {
    const writer = this.trainWriter();
    if (!this.isRecording()) return;
    for (const layer of this.model.layers) {
      // Keras tags a weight by its path ('sequential/dense/kernel', 'dense/kernel' for a functional model's).
      for (const weight of layer.weights) {
        const values = weight.dataSync() as ArrayLike<number | bigint>;
        const numbers = typeof values[0] === 'bigint' ? Array.from(values, Number) : (values as ArrayLike<number>);
        const path = (weight.path ?? weight.name).replace(/:/g, '_');
        writer.histogram(`${path}/histogram`, numbers, epoch);
        if (this.writeImages) {
          const image = weightAsImage(weight.shape, numbers);
          if (image !== null) writer.write(epoch, { tag: `${path}/image`, value: imageTensor(weight.dtype, image.shape, image.values, 3, 'TensorBoard'), pluginName: 'images' });
        }
      }
    }
  }

  /** Keras' `_compute_steps_per_second`, in float32 as Keras computes it. */
  private stepsPerSecond(): number {
    const seconds = Math.fround(performance.now() / 1000 - this.epochStartTime);
    return Math.fround(Math.fround(Math.fround(this.optimizer().iterations) - this.previousEpochIterations) / seconds);
  }

  /** Keras' `_write_keras_model_summary`: the model's `to_json()` as a string tensor, for a
   * Sequential or functional model only; a model Keras' JSON cannot describe is skipped with
   * Keras' warning. */
  private writeModelSummary(model: Model): void {
    const writer = this.trainWriter();
    const className = classNameOf(model);
    if (className !== 'Functional' && className !== 'Sequential') return;
    let json: string;
    try {
      const op = 'TensorBoard';
      const compileConfig = model.compiled ? (referenceFunctions(model.getCompileConfig(), 'the compile config', op) as CompileConfig) : null;
      json = pythonJson(toKerasConfig(serialize(model), compileConfig, op));
    } catch (e) {
      console.warn(`Model failed to serialize as JSON. Ignoring... ${(e as Error).message}`);
      return;
    }
    if (!this.isRecording()) return;
    writer.write(0, { tag: 'keras', value: json, pluginName: 'graph_keras_model', pluginContent: new TextEncoder().encode('1') });
    writer.flush();
  }

  private trainWriter(): EventFileWriter {
    return (this.writers.train ??= new EventFileWriter(this.trainDir, 'TensorBoard', { writerName: WRITER_NAME }));
  }

  private valWriter(): EventFileWriter {
    return (this.writers.val ??= new EventFileWriter(this.valDir, 'TensorBoard', { writerName: WRITER_NAME }));
  }

  private closeWriters(): void {
    this.writers.train?.flush();
    this.writers.val?.flush();
  }

  /** Keras' `_push_writer`: with updateFreq N, the writer becomes the default one and summaries
   * record only while `step % N === 0` (tf.summary.record_if). */
  private pushWriter(writer: 'train' | 'val', step: number): void {
    if (this.updateFreq === 'epoch') return;
    this.contexts.push({ writer, step });
  }

  /** Keras' `_pop_writer`. */
  private popWriter(): void {
    if (this.updateFreq === 'epoch') return;
    this.contexts.pop();
  }

  /** tf.summary's record_if state: open with no gate set. */
  private isRecording(): boolean {
    const top = this.contexts[this.contexts.length - 1];
    return top === undefined || top.step % (this.updateFreq as number) === 0;
  }

  /** A summary written to the default writer (none with updateFreq 'epoch': nothing is written). */
  private writeToDefault(tag: string, value: number, step: number): void {
    const top = this.contexts[this.contexts.length - 1];
    if (top === undefined || !this.isRecording()) return;
    (top.writer === 'train' ? this.trainWriter() : this.valWriter()).scalar(tag, value, step);
  }

  private optimizer(): NonNullable<Model['optimizer']> {
    const optimizer = this.model.optimizer;
    if (optimizer === null) throw new Error('TensorBoard: writeStepsPerSecond needs the model\'s optimizer; compile the model first.');
    return optimizer;
  }
}

/**
 * Keras' `_log_weight_as_image`: a weight of `shape` as a batch of images [k, height, width,
 * channels], or null when Keras writes none. The weight is squeezed; a vector of n becomes
 * [1, n, 1, 1]; a matrix [r, c] becomes [1, r, c, 1], transposed first when r > c; a 3-D weight
 * [h, w, f] (channels last) becomes [f, h, w, 1]; then only a 4-D result with 1, 3 or 4 channels is written.
 */
function weightAsImage(shape: readonly number[], values: ArrayLike<number>): { shape: number[]; values: ArrayLike<number> } | null {
  const squeezed = shape.filter((d) => d !== 1);
  let out: number[] = squeezed;
  let data = values;
  if (squeezed.length === 1) out = [1, squeezed[0]!, 1, 1];
  else if (squeezed.length === 2) {
    let [r, c] = squeezed as [number, number];
    if (r > c) {
      data = transposed(values, [r, c], [1, 0]);
      [r, c] = [c, r];
    }
    out = [1, r, c, 1];
  } else if (squeezed.length === 3) {
    const [h, w, f] = squeezed as [number, number, number];
    data = transposed(values, [h, w, f], [2, 0, 1]);
    out = [f, h, w, 1];
  }
  return out.length === 4 && [1, 3, 4].includes(out[3]!) ? { shape: out, values: data } : null;
}

/** Row-major `values` of `shape` with their axes in the order `perm`. */
function transposed(values: ArrayLike<number>, shape: readonly number[], perm: readonly number[]): Float64Array {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float64Array(values.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < out.length; i++) {
    let from = 0;
    for (let a = 0; a < perm.length; a++) from += index[a]! * strides[perm[a]!]!;
    out[i] = values[from]!;
    for (let a = outShape.length - 1; a >= 0 && ++index[a]! === outShape[a]; a--) index[a] = 0;
  }
  return out;
}
