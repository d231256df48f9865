// tf.keras.Model: a layer that trains (keras/src/models/model.py, keras/src/trainers/trainer.py and
// the TensorFlow trainer's train_step/test_step). `compile` picks the optimizer, loss and metrics;
// `fit` runs epochs of batches, each one step: forward with training=true, the loss plus the
// layers' `losses` (regularization penalties), its gradient with respect to `trainableWeights`,
// and the optimizer's update. An epoch's `loss` is the mean of the batches' losses weighted by
// their sizes (Keras' loss tracker, a Mean metric), the metrics are stateful metrics reset at every
// epoch, and validation runs `evaluate`'s step at each epoch's end. Steps run compiled with
// tf.function unless `runEagerly`.

import { addN } from '../reductions';
import { checkBoolean, checkOptions, describe, isPlainObject } from '../describe';
import { compile as tfFunction } from '../function';
import { reduceSum } from '../generated/ops';
import { Layer, type LayerOptions } from '../layers/layer';
import { tidy } from '../memory';
import * as metrics from '../metrics';
import { cast, concat } from '../ops';
import type * as opt from '../optimizers';
import { get as getOptimizer } from '../serialization';
import type { Serialized } from '../serialization';
import { GradientTape } from '../tape';
import type { Tensor, TensorLike } from '../tensor';
import { type LossLike, type MetricLike, resolveLoss, resolveMetric } from './compile-utils';
import type { Dataset as TfDataset } from '../data/dataset';
import { type BatchSource, type Dataset, arraySource, checkBatchSize, checkCardinality, checkDatasetArguments, datasetSource, epochBatches, isTfDataset, toDataTensor, trainValidationSplit } from './data';
import { History, type Logs } from './history';
import { summaryText } from './summary';

/** Options of `model.compile(options)`. */
export interface CompileOptions {
  /** The optimizer: an instance or a `tf.keras.optimizers` name (default 'rmsprop', as Keras'). */
  optimizer?: opt.Optimizer | string | Serialized;
  /** The loss: a `tf.keras.losses` name ('mse'), a loss object, or a per-sample function. */
  loss?: LossLike | null;
  /** Metrics computed by `fit` and `evaluate`: names ('mae', 'accuracy'), Metric objects or functions. */
  metrics?: readonly MetricLike[] | null;
  /** Run the steps op by op instead of compiled with tf.function (default false; the results are the same). */
  runEagerly?: boolean;
  /** Accepted for Keras compatibility (compiled steps are always compiled the same way). */
  jitCompile?: boolean | 'auto';
}

/** What `fit` calls at the start and end of training and of each epoch (Keras' Callback methods). */
export interface FitCallback {
  /** Before the first epoch. */
  onTrainBegin?(logs: Logs): void;
  /** After the last epoch, with its logs. */
  onTrainEnd?(logs: Logs): void;
  /** Before each epoch (counted from 0). */
  onEpochBegin?(epoch: number, logs: Logs): void;
  /** After each epoch, with its logs (`loss`, the metrics, `val_` ones). */
  onEpochEnd?(epoch: number, logs: Logs): void;
}

/** Options of `model.fit(x, y, options)`. */
export interface ModelFitOptions {
  /** Samples per step (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number | null;
  /** The epoch to stop before (default 1): epochs `initialEpoch` to `epochs - 1` run. */
  epochs?: number;
  /** Only 0 (silent) is supported: use `callbacks` to log. */
  verbose?: 0;
  /** Objects called at the start and end of training and of each epoch; set `model.stopTraining` to stop. */
  callbacks?: readonly FitCallback[] | null;
  /** The fraction of the samples (the last ones, before shuffling) kept aside to validate on. */
  validationSplit?: number;
  /** `[x, y]` (or `[x, y, sampleWeight]`), or a tf.data.Dataset of such batches, to validate on at the end of each epoch (instead of `validationSplit`). */
  validationData?: readonly [TensorLike, TensorLike] | readonly [TensorLike, TensorLike, TensorLike] | TfDataset<unknown> | null;
  /** With a tf.data.Dataset: the batches per epoch, drawn from one pass kept across epochs (required for an infinite dataset). */
  stepsPerEpoch?: number | null;
  /** One weight per sample for the loss (Keras' `sample_weight`; the metrics are not weighted). */
  sampleWeight?: TensorLike | null;
  /** Validate every `validationFreq` epochs (default 1), or at the epochs (counted from 1) listed. */
  validationFreq?: number | readonly number[];
  /** Whether the samples are shuffled at each epoch (default true). */
  shuffle?: boolean;
  /** The epoch to start at (default 0), to resume a previous fit. */
  initialEpoch?: number;
}

/** Options of `model.evaluate(x, y, options)`. */
export interface EvaluateOptions {
  /** Samples per step (default 32). */
  batchSize?: number | null;
  /** Only 0 (silent) is supported. */
  verbose?: 0;
  /** Return `{loss, metric: value}` instead of the loss (no metrics) or `[loss, ...metrics]`. */
  returnDict?: boolean;
  /** One weight per sample for the loss (Keras' `sample_weight`; the metrics are not weighted). */
  sampleWeight?: TensorLike | null;
}

/** Options of `model.trainOnBatch(x, y, options)` and `model.testOnBatch(x, y, options)`. */
export interface OnBatchOptions {
  /** Return `{loss, <metric>: value}` instead of the loss (no metrics) or `[loss, ...metrics]`. */
  returnDict?: boolean;
  /** One weight per sample for the loss (Keras' `sample_weight`; the metrics are not weighted). */
  sampleWeight?: TensorLike | null;
}

/** Options of `model.predict(x, options)`. */
export interface PredictOptions {
  /** Samples per step (default 32). */
  batchSize?: number | null;
  /** Only 0 (silent) is supported. */
  verbose?: 0;
}

/** Options of `model.summary(options)`. */
export interface SummaryOptions {
  /** Called with the summary's text instead of console.log (Keras' `print_fn`). */
  printFn?: ((text: string) => void) | null;
}

/** A step on a batch: inputs, labels, and the samples' loss weights or null. */
type Step = (x: Tensor, y: Tensor, sampleWeight: Tensor | null) => void;

/** What `compile` set up. */
interface Compiled {
  optimizer: opt.Optimizer;
  loss: ((yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor) | null;
  metricSpecs: readonly MetricLike[];
  /** The metrics, made from the first batch's shapes. */
  metrics: metrics.Metric[] | null;
  /** The mean of the batches' losses, weighted by their sizes. */
  lossTracker: metrics.Mean;
  runEagerly: boolean;
  trainStep: Step | null;
  testStep: Step | null;
}

/** Keras' flattened results: the loss alone without metrics, else `[loss, ...metrics]`. */
function flattenLogs(logs: Logs): number | number[] {
  const values = Object.values(logs);
  return values.length === 1 ? values[0]! : values;
}

/** Whether `v` is an options object (not data): with a dataset, `fit(ds, options)`. */
const isOptionsLike = isPlainObject;

/** A steps option: a positive integer or null. */
function checkSteps(op: string, name: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || (value as number) <= 0) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(value)}.`);
  return value as number;
}

/** Only verbose 0 is supported. */
function checkVerbose(op: string, value: unknown): void {
  if (value !== undefined && value !== 0) {
    throw new Error(`${op}: only verbose 0 (silent) is supported, got ${describe(value)}; log from a callback's onEpochEnd(epoch, logs) instead.`);
  }
}

/**
 * keras.Model: a layer with a training loop. Subclass it and define `call` (layers held in
 * properties are tracked: their weights are the model's), or use `tf.keras.Sequential`. Then
 * `compile({optimizer, loss, metrics})`, `fit(x, y, {epochs, batchSize, validationSplit, ...})`,
 * `evaluate(x, y)` and `predict(x)`.
 *
 * @example
 * ```ts
 * class Linear extends tf.keras.Model {
 *   dense = new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros', name: 'dense' });
 *   call(x: tf.Tensor) { return this.dense(x); }
 * }
 * const model = new Linear();
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
 * const history = model.fit([[1], [2], [3]], [[2], [4], [6]], { epochs: 100, shuffle: false });
 * console.log(history.history.loss[99] < 1e-3, model.trainableVariables.map((v) => v.name)); // true [ 'dense/kernel', 'dense/bias' ]
 * ```
 */
export class Model extends Layer {
  /** @internal */
  static override _namespace = 'keras';
  /** Set to true (from a callback) to end `fit` after the current epoch. */
  stopTraining = false;
  /** The History of the last `fit`, or null. */
  history: History | null = null;
  #compiled: Compiled | null = null;

  /** @param options `name`, `trainable`, `dtype` (the layer options). */
  constructor(options: LayerOptions = {}) {
    if (options !== null && typeof options === 'object' && ('inputs' in options || 'outputs' in options)) {
      throw new Error(`keras.${new.target.name}: the functional API (Model({inputs, outputs})) is not supported; subclass tf.keras.Model and define call, or use tf.keras.Sequential.`);
    }
    super(options);
  }

  /** The layers the model holds directly (properties set to layers, in order). */
  get layers(): Layer[] {
    return this._sublayers();
  }

  /** Whether `compile` has been called. */
  get compiled(): boolean {
    return this.#compiled !== null;
  }

  /** The optimizer `compile` set, or null. */
  get optimizer(): opt.Optimizer | null {
    return this.#compiled?.optimizer ?? null;
  }

  /** The compiled metrics (made by the first `fit` or `evaluate`), the loss tracker first. */
  get metrics(): metrics.Metric[] {
    const c = this.#compiled;
    return c === null ? [] : [c.lossTracker, ...(c.metrics ?? [])];
  }

  /**
   * Configures training: the optimizer (instance or name, default 'rmsprop'), the loss, the metrics.
   * Compiling again makes new metrics and new compiled steps.
   */
  compile(options: CompileOptions = {}): void {
    const op = `${this.qualifiedName}.compile`;
    const o = checkOptions(options ?? {}, op, ['optimizer', 'loss', 'metrics', 'runEagerly', 'jitCompile'], "{optimizer: 'adam', loss: 'mse', metrics: ['mae']}") as CompileOptions;
    let optimizer: opt.Optimizer;
    try {
      optimizer = getOptimizer(o.optimizer ?? 'rmsprop');
    } catch (e) {
      throw new Error(`${op}: ${(e as Error).message}`);
    }
    if (o.metrics !== undefined && o.metrics !== null && !Array.isArray(o.metrics)) {
      throw new Error(`${op}: metrics must be an array of metric names, objects or functions, got ${describe(o.metrics)}.`);
    }
    if (o.jitCompile !== undefined && o.jitCompile !== 'auto' && typeof o.jitCompile !== 'boolean') {
      throw new Error(`${op}: jitCompile must be true, false or 'auto', got ${describe(o.jitCompile)}.`);
    }
    this.#compiled = {
      optimizer,
      loss: o.loss === undefined || o.loss === null ? null : resolveLoss(o.loss, op),
      metricSpecs: (o.metrics ?? []).slice(),
      metrics: null,
      lossTracker: new metrics.Mean({ name: 'loss' }),
      runEagerly: checkBoolean(o.runEagerly, op, 'runEagerly', false),
      trainStep: null,
      testStep: null,
    };
  }

  private requireCompiled(op: string): Compiled {
    if (this.#compiled === null) throw new Error(`${op}: You must call \`compile()\` before using the model.`);
    return this.#compiled;
  }

  /** Keras' compute_loss: the compiled loss plus the sum of each of `losses` (regularization). */
  private computeLoss(c: Compiled, y: Tensor, yPred: Tensor, sampleWeight: Tensor | null): Tensor {
    const terms: Tensor[] = [];
    if (c.loss !== null) terms.push(c.loss(y, yPred, sampleWeight ?? undefined));
    for (const penalty of this.losses) terms.push(reduceSum(penalty));
    if (terms.length === 0) throw new Error(`${this.qualifiedName}: No loss to compute. Provide a \`loss\` argument in \`compile()\`.`);
    const dtype = terms[0]!.dtype;
    return terms.length === 1 ? terms[0]! : addN(terms.map((t) => (t.dtype === dtype ? t : cast(t, dtype))));
  }

  /** One training step on a batch (Keras' train_step), compiled unless `runEagerly`. */
  private trainStep(c: Compiled): Step {
    if (c.trainStep !== null) return c.trainStep;
    const step: Step = (x, y, sampleWeight) => {
      const tape = new GradientTape();
      let yPred!: Tensor;
      const loss = tape.record(() => {
        yPred = this.apply(x, { training: true });
        return this.computeLoss(c, y, yPred, sampleWeight);
      });
      const variables = this.trainableWeights;
      if (variables.length > 0) {
        const gradients = tape.gradient(loss, variables);
        c.optimizer.applyGradients(variables.map((v, i) => [gradients[i], v] as const));
      }
      c.lossTracker.updateState(loss, x.shape[0]!);
      for (const m of c.metrics!) m.updateState(y, yPred);
    };
    c.trainStep = c.runEagerly ? step : tfFunction(step, { name: 'train_function' });
    return c.trainStep;
  }

  /** One evaluation step on a batch (Keras' test_step): forward in inference, loss and metrics. */
  private testStep(c: Compiled): Step {
    if (c.testStep !== null) return c.testStep;
    const step: Step = (x, y, sampleWeight) => {
      const yPred = this.apply(x, { training: false });
      c.lossTracker.updateState(this.computeLoss(c, y, yPred, sampleWeight), x.shape[0]!);
      for (const m of c.metrics!) m.updateState(y, yPred);
    };
    c.testStep = c.runEagerly ? step : tfFunction(step, { name: 'test_function' });
    return c.testStep;
  }

  /** Builds the model and the metrics from a first batch, eagerly (Keras builds them symbolically
   * before the first step), so compiled steps make no variables of their own. */
  private prepare(c: Compiled, source: BatchSource): void {
    if (this.built && c.metrics !== null) return;
    tidy(() => {
      const sample = source.sample();
      const yPred = this.apply(sample.x, { training: false });
      c.metrics ??= c.metricSpecs.map((spec) => resolveMetric(spec, sample.y.shape, yPred.shape, `${this.qualifiedName}.compile`));
      this._clearLosses();
    });
  }

  /** The current results: `loss`, then each metric by name. */
  private results(c: Compiled): Logs {
    return tidy(() => {
      const logs: Logs = { loss: c.lossTracker.result().item() };
      for (const m of c.metrics!) logs[m.name] = m.result().item();
      return logs;
    });
  }

  private zeroMetrics(c: Compiled): void {
    c.lossTracker.resetState();
    for (const m of c.metrics!) m.resetState();
  }

  /** Runs the test step over the batches of `source`, from reset metrics; returns the logs. */
  private evaluateLogs(c: Compiled, source: BatchSource): Logs {
    this.prepare(c, source);
    this.zeroMetrics(c);
    const step = this.testStep(c);
    for (const batch of source.epoch()) {
      tidy(() => {
        const b = batch();
        step(b.x, b.y, b.sampleWeight);
      });
      this._clearLosses();
    }
    return this.results(c);
  }

  /** `x`, `y` and the sample weights as tensors (floats in the model's dtype), checked to have one row per sample. */
  private dataset(op: string, x: TensorLike, y: TensorLike, sampleWeight: TensorLike | null | undefined, names = ['x', 'y', 'sampleWeight']): Dataset {
    const data: Dataset = {
      x: toDataTensor(x, this.dtype, op, names[0]!),
      y: toDataTensor(y, this.dtype, op, names[1]!),
      sampleWeight: sampleWeight === undefined || sampleWeight === null ? null : toDataTensor(sampleWeight, this.dtype, op, names[2]!),
    };
    checkCardinality(op, data);
    return data;
  }

  /**
   * Trains the model for `epochs` epochs over `x` and `y` (tensors or arrays, one row per sample)
   * in batches of `batchSize` (default 32), shuffled at each epoch unless `shuffle` is false.
   * `validationSplit` keeps the last fraction of the samples aside (taken before shuffling), or
   * `validationData: [x, y]` gives them; they are evaluated at each epoch's end. `sampleWeight`
   * weights each sample's loss (not the metrics, as Keras' `metrics`). Returns the
   * History: each epoch's `loss` (the batches' losses averaged, weighted by batch size), the
   * metrics, and `val_loss` and `val_<metric>`.
   */
  fit(x: TensorLike, y: TensorLike, options?: ModelFitOptions): History;
  /** Trains on a tf.data.Dataset of `[x, y]` (or `[x, y, sampleWeight]`) batches: an epoch is a
   * pass over it, or `stepsPerEpoch` batches (`batchSize`, `sampleWeight` and `validationSplit`
   * must not be given). */
  fit(dataset: TfDataset<unknown>, options?: ModelFitOptions): History;
  fit(x: TensorLike | TfDataset<unknown>, yOrOptions?: TensorLike | ModelFitOptions, maybeOptions: ModelFitOptions = {}): History {
    const op = `${this.qualifiedName}.fit`;
    const c = this.requireCompiled(op);
    const dataset = isTfDataset(x) ? x : null;
    const options = dataset !== null && isOptionsLike(yOrOptions) ? yOrOptions : maybeOptions;
    const y = (dataset !== null && isOptionsLike(yOrOptions) ? undefined : yOrOptions) as TensorLike;
    const o = checkOptions(options ?? {}, op, ['batchSize', 'epochs', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch', 'sampleWeight', 'validationFreq', 'stepsPerEpoch'], '{epochs: 10, batchSize: 32}') as ModelFitOptions;
    if (dataset !== null) checkDatasetArguments(op, y, o.sampleWeight, o.batchSize);
    const stepsPerEpoch = checkSteps(op, 'stepsPerEpoch', o.stepsPerEpoch);
    const batchSize = checkBatchSize(op, o.batchSize);
    const epochs = o.epochs ?? 1;
    const initialEpoch = o.initialEpoch ?? 0;
    if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${op}: epochs must be a non-negative integer, got ${describe(o.epochs)}.`);
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new Error(`${op}: initialEpoch must be a non-negative integer, got ${describe(o.initialEpoch)}.`);
    checkVerbose(op, o.verbose);
    const shuffle = checkBoolean(o.shuffle, op, 'shuffle', true);
    const validationSplit = o.validationSplit ?? 0;
    if (typeof validationSplit !== 'number' || !(validationSplit >= 0 && validationSplit < 1)) {
      throw new Error(`${op}: validationSplit must be a number in [0, 1), got ${describe(o.validationSplit)}.`);
    }
    const callbacks = o.callbacks ?? [];
    if (!Array.isArray(callbacks) || callbacks.some((cb) => cb === null || typeof cb !== 'object')) {
      throw new Error(`${op}: callbacks must be an array of objects with onEpochEnd(epoch, logs) and the like, got ${describe(o.callbacks)}.`);
    }
    const validationFreq = o.validationFreq ?? 1;
    if (!(Number.isInteger(validationFreq) && (validationFreq as number) > 0) && !(Array.isArray(validationFreq) && validationFreq.every((e) => Number.isInteger(e)))) {
      throw new Error(`${op}: Expected \`validationFreq\` to be a list or int. Received: validationFreq=${describe(o.validationFreq)}`);
    }
    // Keras' _should_eval, on the epoch counted from 1.
    const validatesAfter = (epoch: number): boolean => (Array.isArray(validationFreq) ? validationFreq.includes(epoch + 1) : (epoch + 1) % (validationFreq as number) === 0);
    const validationData = o.validationData ?? null;
    if (validationData !== null && !isTfDataset(validationData) && (!Array.isArray(validationData) || (validationData.length !== 2 && validationData.length !== 3))) {
      throw new Error(`${op}: validationData must be [x, y] or [x, y, sampleWeight], got ${describe(validationData)}.`);
    }
    if (dataset !== null && validationSplit > 0) throw new Error(`${op}: \`validationSplit\` is only supported for Tensors or NumPy arrays, found a tf.data.Dataset.`);
    return tidy(() => {
      let training: BatchSource;
      let validation: BatchSource | null = null;
      if (dataset !== null) {
        training = datasetSource(dataset, this.dtype, op, stepsPerEpoch, true);
      } else {
        let data = this.dataset(op, x as TensorLike, y, o.sampleWeight);
        if (validationData === null && validationSplit > 0) {
          let held: Dataset;
          [data, held] = trainValidationSplit(op, data, validationSplit);
          validation = arraySource(held, batchSize, false);
        }
        training = arraySource(data, batchSize, shuffle);
      }
      if (isTfDataset(validationData)) {
        validation = datasetSource(validationData, this.dtype, op, null, true);
      } else if (validationData !== null) {
        validation = arraySource(this.dataset(op, validationData[0], validationData[1], validationData[2], ['validationData[0]', 'validationData[1]', 'validationData[2]']), batchSize, false);
      }
      this.prepare(c, training);
      const history = new History(this, { verbose: 0, epochs, steps: training.steps });
      this.history = history;
      // (Keras warns at every step; once per fit here.)
      if (this.trainableWeights.length === 0) console.warn(`${op}: The model does not have any trainable weights.`);
      const step = this.trainStep(c);
      let logs: Logs = {};
      for (const cb of callbacks) cb.onTrainBegin?.(logs);
      this.stopTraining = false;
      for (let epoch = initialEpoch; epoch < epochs; epoch++) {
        for (const cb of callbacks) cb.onEpochBegin?.(epoch, {});
        this.zeroMetrics(c);
        for (const batch of training.epoch()) {
          tidy(() => {
            const b = batch();
            step(b.x, b.y, b.sampleWeight);
          });
          this._clearLosses();
        }
        logs = this.results(c);
        if (validation !== null && validatesAfter(epoch)) {
          const validationLogs = this.evaluateLogs(c, validation);
          for (const [name, value] of Object.entries(validationLogs)) logs[`val_${name}`] = value;
        }
        history.onEpochEnd(epoch, logs);
        for (const cb of callbacks) cb.onEpochEnd?.(epoch, logs);
        if (this.stopTraining || training.exhausted) break;
      }
      for (const cb of callbacks) cb.onTrainEnd?.(logs);
      return history;
    });
  }

  /**
   * The loss (and metrics) over `x` and `y`, in batches of `batchSize` in inference mode: the loss
   * alone when no metrics were compiled, else `[loss, ...metrics]`, or `{loss, <metric>: value}`
   * with `returnDict`.
   */
  evaluate(x: TensorLike, y: TensorLike, options?: EvaluateOptions): number | number[] | Logs;
  /** The loss (and metrics) over a tf.data.Dataset of `[x, y]` (or `[x, y, sampleWeight]`) batches. */
  evaluate(dataset: TfDataset<unknown>, options?: EvaluateOptions): number | number[] | Logs;
  evaluate(x: TensorLike | TfDataset<unknown>, yOrOptions?: TensorLike | EvaluateOptions, maybeOptions: EvaluateOptions = {}): number | number[] | Logs {
    const op = `${this.qualifiedName}.evaluate`;
    const c = this.requireCompiled(op);
    const dataset = isTfDataset(x) ? x : null;
    const options = dataset !== null && isOptionsLike(yOrOptions) ? yOrOptions : maybeOptions;
    const y = (dataset !== null && isOptionsLike(yOrOptions) ? undefined : yOrOptions) as TensorLike;
    const o = checkOptions(options ?? {}, op, ['batchSize', 'verbose', 'returnDict', 'sampleWeight'], '{batchSize: 32}') as EvaluateOptions;
    if (dataset !== null) checkDatasetArguments(op, y, o.sampleWeight, o.batchSize);
    const batchSize = checkBatchSize(op, o.batchSize);
    checkVerbose(op, o.verbose);
    const returnDict = checkBoolean(o.returnDict, op, 'returnDict', false);
    const logs = tidy(() => this.evaluateLogs(c, dataset !== null ? datasetSource(dataset, this.dtype, op, null, true) : arraySource(this.dataset(op, x as TensorLike, y, o.sampleWeight), batchSize, false)));
    return returnDict ? logs : flattenLogs(logs);
  }

  /**
   * One training step on `x` and `y` as a single batch (Keras' `train_on_batch`). The metrics are
   * not reset: the results are the running values since the last `fit`, `evaluate` or
   * `resetMetrics()`, as in Keras.
   */
  trainOnBatch(x: TensorLike, y: TensorLike, options: OnBatchOptions = {}): number | number[] | Logs {
    return this.onBatch('trainOnBatch', x, y, options, (c) => this.trainStep(c));
  }

  /** One evaluation step on `x` and `y` as a single batch (Keras' `test_on_batch`); the metrics
   * are not reset, as in `trainOnBatch`. */
  testOnBatch(x: TensorLike, y: TensorLike, options: OnBatchOptions = {}): number | number[] | Logs {
    return this.onBatch('testOnBatch', x, y, options, (c) => this.testStep(c));
  }

  /** The model's outputs for `x` as a single batch, in inference mode (Keras' `predict_on_batch`). */
  predictOnBatch(x: TensorLike): Tensor {
    return tidy(() => {
      const outputs = this.apply(toDataTensor(x, this.dtype, `${this.qualifiedName}.predictOnBatch`, 'x'), { training: false });
      this._clearLosses();
      return outputs;
    });
  }

  /** Zeroes the compiled metrics and the loss tracker (Keras' `reset_metrics`). */
  resetMetrics(): void {
    const c = this.#compiled;
    if (c !== null && c.metrics !== null) this.zeroMetrics(c);
  }

  private onBatch(name: string, x: TensorLike, y: TensorLike, options: OnBatchOptions, stepOf: (c: Compiled) => Step): number | number[] | Logs {
    const op = `${this.qualifiedName}.${name}`;
    const c = this.requireCompiled(op);
    const o = checkOptions(options ?? {}, op, ['returnDict', 'sampleWeight'], '{returnDict: true}') as OnBatchOptions;
    const returnDict = checkBoolean(o.returnDict, op, 'returnDict', false);
    const logs = tidy(() => {
      const data = this.dataset(op, x, y, o.sampleWeight);
      this.prepare(c, arraySource(data, data.x.shape[0]!, false));
      stepOf(c)(data.x, data.y, data.sampleWeight);
      this._clearLosses();
      return this.results(c);
    });
    return returnDict ? logs : flattenLogs(logs);
  }

  /** The model's outputs for `x`, computed in batches of `batchSize` in inference mode and concatenated. */
  predict(x: TensorLike | TfDataset<unknown>, options: PredictOptions = {}): Tensor {
    const op = `${this.qualifiedName}.predict`;
    const o = checkOptions(options ?? {}, op, ['batchSize', 'verbose'], '{batchSize: 32}') as PredictOptions;
    if (isTfDataset(x)) checkDatasetArguments(op, undefined, undefined, o.batchSize);
    const batchSize = checkBatchSize(op, o.batchSize);
    checkVerbose(op, o.verbose);
    if (isTfDataset(x)) {
      // Each element's x (Keras ignores the y and sample weights a dataset's elements carry).
      return tidy(() => {
        const outputs = Array.from(datasetSource(x, this.dtype, op, null, false).epoch(), (batch) => this.apply(batch().x, { training: false }));
        this._clearLosses();
        if (outputs.length === 0) throw new Error(`${op}: the dataset is empty.`);
        return outputs.length === 1 ? outputs[0]! : concat(outputs, 0);
      });
    }
    return tidy(() => {
      const xs = toDataTensor(x, this.dtype, op, 'x');
      const outputs = epochBatches(xs.shape[0]!, batchSize, false).map((batch) => this.apply(batch(xs), { training: false }));
      this._clearLosses();
      return outputs.length === 1 ? outputs[0]! : concat(outputs, 0);
    });
  }

  /**
   * Keras' summary table: each layer's name and class, output shape and parameter count, then the
   * total, trainable and non-trainable parameters and their size. Prints it (console.log, or
   * `printFn`) and returns it.
   */
  summary(options: SummaryOptions = {}): string {
    const o = checkOptions(options ?? {}, `${this.qualifiedName}.summary`, ['printFn'], '{printFn: (text) => ...}') as SummaryOptions;
    const text = summaryText(this.name, this.layers, this.trainableWeights, this.nonTrainableWeights);
    (o.printFn ?? console.log)(text);
    return text;
  }
}
