// keras.callbacks (keras/src/callbacks/): objects `fit`, `evaluate` and `predict` call at the start
// and end of training, of each epoch and of each batch. `Callback` is the base class; the ones
// here act on the model in training: EarlyStopping, ReduceLROnPlateau, LearningRateScheduler,
// TerminateOnNaN, LambdaCallback, SwapEMAWeights (ModelCheckpoint, CSVLogger and
// BackupAndRestore, which write files, are in ./file-callbacks.ts; TensorBoard in ./tensorboard.ts).
// `CallbackList` is how the training loops call them.

import { checkBoolean, checkOptions, describe, kerasArguments, type PositionalThenOptions } from '../describe';
import { isBuiltinLoss } from '../losses';
import * as metricClasses from '../metrics';
import type { Tensor } from '../tensor';
import type { Logs } from './history';
import type { Model } from './model';

/** `{verbose, epochs, steps}` of the fit (or evaluate, predict) a callback is called by. */
export interface CallbackParams {
  /** The verbosity (0: silent, the only one gradtape's loops have). */
  verbose: number;
  /** The number of epochs (1 for evaluate and predict). */
  epochs: number;
  /** Batches per epoch, null when unknown (a dataset without `stepsPerEpoch`). */
  steps: number | null;
}

/** What fit, evaluate and predict call: Keras' Callback methods, each optional (a `Callback`
 * subclass, or a plain object with some of them). */
export interface CallbackLike {
  /** Before training (Keras' `set_model`), with the model. */
  setModel?(model: Model): void;
  /** Before training, with `{verbose, epochs, steps}`. */
  setParams?(params: CallbackParams): void;
  /** Before the first epoch. */
  onTrainBegin?(logs: Logs): void;
  /** After the last epoch, with its logs. */
  onTrainEnd?(logs: Logs): void;
  /** Before each epoch (counted from 0). */
  onEpochBegin?(epoch: number, logs: Logs): void;
  /** After each epoch, with its logs (`loss`, the metrics, `val_` ones); a callback may add entries. */
  onEpochEnd?(epoch: number, logs: Logs): void;
  /** Before each training batch (counted from 0 in its epoch). */
  onTrainBatchBegin?(batch: number, logs: Logs): void;
  /** After each training batch, with the epoch's results so far. */
  onTrainBatchEnd?(batch: number, logs: Logs): void;
  /** Before evaluate (and each validation in fit). */
  onTestBegin?(logs: Logs): void;
  /** After evaluate (and each validation in fit), with its logs. */
  onTestEnd?(logs: Logs): void;
  /** Before each evaluation batch. */
  onTestBatchBegin?(batch: number, logs: Logs): void;
  /** After each evaluation batch, with the results so far. */
  onTestBatchEnd?(batch: number, logs: Logs): void;
  /** Before predict. */
  onPredictBegin?(logs: Logs): void;
  /** After predict. */
  onPredictEnd?(logs: Logs): void;
  /** Before each prediction batch. */
  onPredictBatchBegin?(batch: number, logs: Logs): void;
  /** After each prediction batch, with `{outputs}` (the batch's outputs; kept only until the call returns). */
  onPredictBatchEnd?(batch: number, logs: { outputs: unknown }): void;
}

/**
 * keras.callbacks.Callback: the base class of callbacks. Override the hooks you need; `model` and
 * `params` are set before training. `onTrainBatchBegin`/`End` call `onBatchBegin`/`End` unless
 * overridden, as in Keras. Set `this.model.stopTraining = true` to stop `fit` after the current
 * batch.
 *
 * @example
 * ```ts
 * class CountEpochs extends tf.keras.callbacks.Callback {
 *   count = 0;
 *   override onEpochEnd() { this.count++; }
 * }
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const counter = new CountEpochs();
 * model.fit([[1], [2]], [[1], [2]], { epochs: 3, callbacks: [counter] });
 * console.log(counter.count, counter.params); // 3 { verbose: 0, epochs: 3, steps: 1 }
 * ```
 */
export class Callback implements CallbackLike {
  /** `{verbose, epochs, steps}` of the current fit, evaluate or predict (null before). */
  params: CallbackParams | null = null;
  #model: Model | null = null;

  /** The model being trained (evaluated, predicted); set by `fit`, `evaluate` and `predict`. */
  get model(): Model {
    if (this.#model === null) throw new Error(`${this.constructor.name}: the callback has no model yet; fit, evaluate and predict set it.`);
    return this.#model;
  }

  /** Keras' `set_params`. */
  setParams(params: CallbackParams): void {
    this.params = params;
  }

  /** Keras' `set_model`. */
  setModel(model: Model): void {
    this.#model = model;
  }

  /** A batch of training begins (what `onTrainBatchBegin` calls). */
  onBatchBegin(_batch: number, _logs: Logs = {}): void {}
  /** A batch of training ended (what `onTrainBatchEnd` calls). */
  onBatchEnd(_batch: number, _logs: Logs = {}): void {}
  /** Before each epoch. */
  onEpochBegin(_epoch: number, _logs: Logs = {}): void {}
  /** After each epoch, with its logs. */
  onEpochEnd(_epoch: number, _logs: Logs = {}): void {}
  /** Before each training batch: `onBatchBegin`. */
  onTrainBatchBegin(batch: number, logs: Logs = {}): void {
    this.onBatchBegin(batch, logs);
  }
  /** After each training batch: `onBatchEnd`. */
  onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    this.onBatchEnd(batch, logs);
  }
  /** Before each evaluation batch. */
  onTestBatchBegin(_batch: number, _logs: Logs = {}): void {}
  /** After each evaluation batch. */
  onTestBatchEnd(_batch: number, _logs: Logs = {}): void {}
  /** Before each prediction batch. */
  onPredictBatchBegin(_batch: number, _logs: Logs = {}): void {}
  /** After each prediction batch. */
  onPredictBatchEnd(_batch: number, _logs: { outputs: unknown } = { outputs: null }): void {}
  /** Before training. */
  onTrainBegin(_logs: Logs = {}): void {}
  /** After training. */
  onTrainEnd(_logs: Logs = {}): void {}
  /** Before evaluation. */
  onTestBegin(_logs: Logs = {}): void {}
  /** After evaluation. */
  onTestEnd(_logs: Logs = {}): void {}
  /** Before prediction. */
  onPredictBegin(_logs: Logs = {}): void {}
  /** After prediction. */
  onPredictEnd(_logs: Logs = {}): void {}
}

type BatchHook = 'onTrainBatchEnd' | 'onTestBatchEnd' | 'onPredictBatchEnd';
/** The hooks whose default Callback methods forward elsewhere: a callback implements one if it
 * overrides it or what it forwards to. */
const FORWARDS: Partial<Record<BatchHook, keyof Callback>> = { onTrainBatchEnd: 'onBatchEnd' };

/** Whether `cb` does something at `hook` (a Callback's inherited no-op does not): the loops read
 * the results back after a batch only for callbacks that look at them, as Keras' CallbackList. */
function implementsHook(cb: CallbackLike, hook: BatchHook): boolean {
  if (!(cb instanceof Callback)) return typeof cb[hook] === 'function';
  const forwarded = FORWARDS[hook];
  return cb[hook] !== Callback.prototype[hook] || (forwarded !== undefined && cb[forwarded] !== Callback.prototype[forwarded]);
}

/**
 * keras.callbacks.CallbackList: the callbacks of one fit, evaluate or predict, each hook called on
 * each in order. Plain objects may have any subset of the hooks.
 */
export class CallbackList {
  readonly callbacks: readonly CallbackLike[];
  /** Whether a callback reads the results after each training (testing) batch. */
  readonly wantsTrainBatchLogs: boolean;
  readonly wantsTestBatchLogs: boolean;
  readonly wantsPredictBatchOutputs: boolean;

  constructor(callbacks: readonly CallbackLike[], model: Model, params: CallbackParams) {
    this.callbacks = callbacks;
    for (const cb of callbacks) {
      cb.setModel?.(model);
      cb.setParams?.({ ...params });
    }
    this.wantsTrainBatchLogs = callbacks.some((cb) => implementsHook(cb, 'onTrainBatchEnd'));
    this.wantsTestBatchLogs = callbacks.some((cb) => implementsHook(cb, 'onTestBatchEnd'));
    this.wantsPredictBatchOutputs = callbacks.some((cb) => implementsHook(cb, 'onPredictBatchEnd'));
  }

  /** `callbacks` (fit's, evaluate's or predict's option), checked. */
  static checked(callbacks: unknown, op: string): readonly CallbackLike[] {
    const list = callbacks ?? [];
    if (!Array.isArray(list) || list.some((cb) => cb === null || typeof cb !== 'object')) {
      throw new Error(`${op}: callbacks must be an array of tf.keras.callbacks.Callback objects (or objects with onEpochEnd(epoch, logs) and the like), got ${describe(callbacks)}.`);
    }
    return list as CallbackLike[];
  }

  onTrainBegin(logs: Logs = {}): void {
    for (const cb of this.callbacks) cb.onTrainBegin?.(logs);
  }
  onTrainEnd(logs: Logs): void {
    for (const cb of this.callbacks) cb.onTrainEnd?.(logs);
  }
  onEpochBegin(epoch: number): void {
    for (const cb of this.callbacks) cb.onEpochBegin?.(epoch, {});
  }
  onEpochEnd(epoch: number, logs: Logs): void {
    for (const cb of this.callbacks) cb.onEpochEnd?.(epoch, logs);
  }
  onTrainBatchBegin(batch: number): void {
    for (const cb of this.callbacks) cb.onTrainBatchBegin?.(batch, {});
  }
  onTrainBatchEnd(batch: number, logs: Logs): void {
    for (const cb of this.callbacks) cb.onTrainBatchEnd?.(batch, logs);
  }
  onTestBegin(): void {
    for (const cb of this.callbacks) cb.onTestBegin?.({});
  }
  onTestEnd(logs: Logs): void {
    for (const cb of this.callbacks) cb.onTestEnd?.(logs);
  }
  onTestBatchBegin(batch: number): void {
    for (const cb of this.callbacks) cb.onTestBatchBegin?.(batch, {});
  }
  onTestBatchEnd(batch: number, logs: Logs): void {
    for (const cb of this.callbacks) cb.onTestBatchEnd?.(batch, logs);
  }
  onPredictBegin(): void {
    for (const cb of this.callbacks) cb.onPredictBegin?.({});
  }
  onPredictEnd(): void {
    for (const cb of this.callbacks) cb.onPredictEnd?.({});
  }
  onPredictBatchBegin(batch: number): void {
    for (const cb of this.callbacks) cb.onPredictBatchBegin?.(batch, {});
  }
  onPredictBatchEnd(batch: number, outputs: unknown): void {
    for (const cb of this.callbacks) cb.onPredictBatchEnd?.(batch, { outputs });
  }
}

// ---- monitoring a quantity --------------------------------------------------------------------

/** Keras 3 metrics whose `_direction` is 'up' (better when larger); the others' is 'down'. */
const HIGHER_IS_BETTER = new Set([
  'AUC', 'Accuracy', 'BinaryAccuracy', 'BinaryIoU', 'CategoricalAccuracy', 'ConcordanceCorrelation', 'CosineSimilarity', 'F1Score', 'FBetaScore', 'IoU',
  'MeanIoU', 'OneHotIoU', 'OneHotMeanIoU', 'PearsonCorrelation', 'Precision', 'R2Score', 'Recall', 'SparseCategoricalAccuracy', 'SparseTopKCategoricalAccuracy',
  'TopKCategoricalAccuracy',
]);
const LOWER_IS_BETTER = new Set([
  'BinaryCrossentropy', 'CategoricalCrossentropy', 'CategoricalHinge', 'Hinge', 'KLDivergence', 'LogCoshError', 'MeanAbsoluteError', 'MeanAbsolutePercentageError',
  'MeanSquaredError', 'MeanSquaredLogarithmicError', 'Poisson', 'RootMeanSquaredError', 'SparseCategoricalCrossentropy', 'SquaredHinge',
]);

/** Each Keras metric class's direction (1: up, -1: down), by its exported name (class names
 * themselves may be changed by bundlers). */
const DIRECTIONS = new Map<unknown, number>(
  Object.entries(metricClasses).flatMap(([name, cls]) => (HIGHER_IS_BETTER.has(name) ? [[cls, 1]] : LOWER_IS_BETTER.has(name) ? [[cls, -1]] : [])),
);

/** The direction of metric `m`'s class (or of the Keras class it extends), if Keras gives one;
 * else down for a MeanMetricWrapper of a Keras loss (a loss object or function given to compile's
 * `metrics`), as Keras' MeanMetricWrapper sets it. */
function directionOf(m: object): number | undefined {
  for (let proto = Object.getPrototypeOf(m); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const direction = DIRECTIONS.get(proto.constructor);
    if (direction !== undefined) return direction;
  }
  if (m instanceof metricClasses.MeanMetricWrapper && isBuiltinLoss(m.fn)) return -1;
  return undefined;
}

/** `mode` of the monitoring callbacks. */
export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * Keras' MonitorCallback: a logged quantity (`monitor`) watched for improvement, by `minDelta` at
 * least, in the direction `mode` says ('auto': lower for a loss, else the compiled metric's
 * direction). As Keras compares with `ops.less`/`ops.greater`, values are compared in float32.
 */
export abstract class MonitorCallback extends Callback {
  /** The log entry watched ('val_loss', 'loss', 'val_accuracy', ...). */
  readonly monitor: string;
  /** The direction of improvement. */
  readonly mode: MonitorMode;
  /** The best value so far (null before the first). */
  best: number | null;
  /** |minDelta|, signed by the direction once known. */
  protected minDelta: number;
  /** 1: higher is better, -1: lower; 0 until the first check. */
  private direction = 0;

  constructor(name: string, monitor: unknown, mode: unknown, baseline: number | null, minDelta: unknown) {
    super();
    if (typeof monitor !== 'string') throw new Error(`${name}: monitor must be the name of a logged quantity, got ${describe(monitor)}.`);
    if (typeof minDelta !== 'number' || !Number.isFinite(minDelta)) throw new Error(`${name}: minDelta must be a number, got ${describe(minDelta)}.`);
    let m = mode ?? 'auto';
    if (m !== 'auto' && m !== 'min' && m !== 'max') {
      console.warn(`${name} mode '${String(m)}' is unknown, fallback to auto mode.`);
      m = 'auto';
    }
    this.monitor = monitor;
    this.mode = m as MonitorMode;
    this.best = baseline;
    this.minDelta = Math.abs(minDelta);
  }

  /** Keras' `_set_monitor_op`, run at the first check (when the model's metrics are known). */
  protected setDirection(): void {
    if (this.direction !== 0) return;
    if (this.mode !== 'auto') this.direction = this.mode === 'max' ? 1 : -1;
    else {
      const metric = this.monitor.replace(/^val_/, '');
      if (metric === 'loss') this.direction = -1;
      for (const m of this.model.metrics) if (m.name === metric) this.direction = directionOf(m) ?? this.direction;
      if (this.direction === 0) {
        throw new Error(
          `${this.constructor.name} callback received monitor=${this.monitor}, but Keras isn't able to automatically determine whether that metric should be maximized or ` +
            "minimized. Pass `mode: 'max'` in order to monitor based on the highest metric value, or pass `mode: 'min'` in order to use the lowest value.",
        );
      }
    }
    if (this.direction < 0) this.minDelta = -this.minDelta;
  }

  /** Whether `value` improves on `reference` (any value improves on none). */
  protected isImprovement(value: number, reference: number | null): boolean {
    if (reference === null) return true;
    const [a, b] = [Math.fround(value - this.minDelta), Math.fround(reference)];
    return this.direction > 0 ? a > b : a < b;
  }
}

/** Options of `new tf.keras.callbacks.EarlyStopping(options)`. */
export interface EarlyStoppingOptions {
  /** The log entry watched (default 'val_loss'). */
  monitor?: string;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before training stops (default 0). */
  patience?: number;
  /** 1 prints when it stops and restores (default 0, silent). */
  verbose?: number;
  /** 'min', 'max', or 'auto' (default): the direction of improvement. */
  mode?: MonitorMode;
  /** Training stops unless the monitored value improves on it (default null: none). */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching (default 0). */
  startFromEpoch?: number;
}

/** Keras 3's positional arguments of EarlyStopping, in its order. */
type EarlyStoppingPositional = [
  monitor?: string, minDelta?: number, patience?: number, verbose?: number, mode?: MonitorMode, baseline?: number | null, restoreBestWeights?: boolean,
  startFromEpoch?: number,
];

/**
 * keras.callbacks.EarlyStopping: stops `fit` when `monitor` has not improved for `patience`
 * epochs (by `minDelta`, past `baseline` if given), optionally restoring the best epoch's weights.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([20]), new tf.keras.layers.Dense(10)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const x = tf.reshape(tf.range(0, 100), [5, 20]);
 * const history = model.fit(x, tf.zeros([5]), { epochs: 10, batchSize: 1, callbacks: [new tf.keras.callbacks.EarlyStopping({ monitor: 'loss', patience: 3 })] });
 * console.log(history.history.loss.length); // 4
 * ```
 */
export class EarlyStopping extends MonitorCallback {
  /** Epochs without improvement before training stops. */
  readonly patience: number;
  /** 1 prints when it stops and restores. */
  readonly verbose: number;
  /** The value to improve on (null: none). */
  readonly baseline: number | null;
  /** Whether the best epoch's weights are restored at the end. */
  readonly restoreBestWeights: boolean;
  /** Epochs before watching starts. */
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch training stopped at (0: it did not stop early). */
  stoppedEpoch = 0;
  /** The epoch of the best value. */
  bestEpoch = 0;
  /** The best epoch's weights (with `restoreBestWeights`). */
  bestWeights: Tensor[] | null = null;

  /** Keras 3's positional form, `EarlyStopping(monitor='val_loss', min_delta=0, patience=0,
   * verbose=0, mode='auto', baseline=None, restore_best_weights=False, start_from_epoch=0)`:
   * `new EarlyStopping('loss', 0, 3)`. */
  constructor(...positional: EarlyStoppingPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<EarlyStoppingPositional, EarlyStoppingOptions>);
  constructor(options?: EarlyStoppingOptions);
  constructor(...args: unknown[]) {
    const names = ['monitor', 'minDelta', 'patience', 'verbose', 'mode', 'baseline', 'restoreBestWeights', 'startFromEpoch'];
    const o = callbackArguments<EarlyStoppingOptions>('EarlyStopping', args, names, ['baseline'], "{monitor: 'val_loss', patience: 3}");
    super('EarlyStopping', o.monitor ?? 'val_loss', o.mode, null, o.minDelta ?? 0);
    this.patience = count(o.patience ?? 0, 'EarlyStopping', 'patience');
    this.verbose = o.verbose ?? 0;
    this.baseline = o.baseline ?? null;
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    this.startFromEpoch = count(o.startFromEpoch ?? 0, 'EarlyStopping', 'startFromEpoch');
  }

  override onTrainBegin(): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.setDirection();
    const current = monitored(this, logs, `Early stopping conditioned on metric \`${this.monitor}\``);
    if (current === null || epoch < this.startFromEpoch) return;
    if (this.restoreBestWeights && this.bestWeights === null) {
      this.bestWeights = this.model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = this.model.getWeights();
      // Only restart the wait if we beat both the baseline and our previous best.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      this.model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      this.model.setWeights(this.bestWeights);
    }
  }
}

/** Options of `new tf.keras.callbacks.ReduceLROnPlateau(options)`. */
export interface ReduceLROnPlateauOptions {
  /** The log entry watched (default 'val_loss'). */
  monitor?: string;
  /** The learning rate is multiplied by it (default 0.1; must be below 1). */
  factor?: number;
  /** Epochs without improvement before the rate is reduced (default 10). */
  patience?: number;
  /** 1 prints each reduction (default 0, silent). */
  verbose?: number;
  /** 'min', 'max', or 'auto' (default): the direction of improvement. */
  mode?: MonitorMode;
  /** The smallest change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate is not reduced below it (default 0). */
  minLr?: number;
}

/** Keras 3's positional arguments of ReduceLROnPlateau, in its order. */
type ReduceLROnPlateauPositional = [
  monitor?: string, factor?: number, patience?: number, verbose?: number, mode?: MonitorMode, minDelta?: number, cooldown?: number, minLr?: number,
];

/**
 * keras.callbacks.ReduceLROnPlateau: multiplies the optimizer's learning rate by `factor` when
 * `monitor` has not improved for `patience` epochs, down to `minLr`; logs 'learning_rate' each epoch.
 *
 * @example
 * ```ts
 * // x = 0 and no bias: the loss stays 1 (no gradient), so every epoch after the first is a plateau.
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { useBias: false })]);
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
 * const reduce = new tf.keras.callbacks.ReduceLROnPlateau({ monitor: 'loss', patience: 1, factor: 0.5 });
 * const history = model.fit([[0]], [[1]], { epochs: 4, callbacks: [reduce] });
 * console.log(history.history.learning_rate, model.optimizer!.learningRate); // [ 0.5, 0.5, 0.25, 0.125 ] 0.0625
 * ```
 */
export class ReduceLROnPlateau extends MonitorCallback {
  /** What the learning rate is multiplied by. */
  readonly factor: number;
  /** The lowest learning rate. */
  readonly minLr: number;
  /** Epochs without improvement before a reduction. */
  readonly patience: number;
  /** 1 prints each reduction. */
  readonly verbose: number;
  /** Epochs after a reduction before counting again. */
  readonly cooldown: number;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Epochs since the last improvement. */
  wait = 0;

  /** Keras 3's positional form, `ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10,
   * verbose=0, mode='auto', min_delta=1e-4, cooldown=0, min_lr=0.0)`: `new ReduceLROnPlateau('loss', 0.5, 2)`. */
  constructor(...positional: ReduceLROnPlateauPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ReduceLROnPlateauPositional, ReduceLROnPlateauOptions>);
  constructor(options?: ReduceLROnPlateauOptions);
  constructor(...args: unknown[]) {
    const op = 'ReduceLROnPlateau';
    const names = ['monitor', 'factor', 'patience', 'verbose', 'mode', 'minDelta', 'cooldown', 'minLr'];
    const o = callbackArguments<ReduceLROnPlateauOptions>(op, args, names, [], "{monitor: 'val_loss', factor: 0.5, patience: 5}");
    super(op, o.monitor ?? 'val_loss', o.mode, null, o.minDelta ?? 1e-4);
    const factor = o.factor ?? 0.1;
    if (typeof factor !== 'number' || Number.isNaN(factor)) throw new Error(`${op}: factor must be a number, got ${describe(factor)}.`);
    if (factor >= 1) throw new Error(`${op}: ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${factor}`);
    this.factor = factor;
    this.minLr = o.minLr ?? 0;
    this.patience = count(o.patience ?? 10, op, 'patience');
    this.verbose = o.verbose ?? 0;
    this.cooldown = count(o.cooldown ?? 0, op, 'cooldown');
  }

  override onTrainBegin(): void {
    this.best = null;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.setDirection();
    const optimizer = optimizerOf(this);
    logs.learning_rate = optimizer._learningRateAsRead();
    const current = monitored(this, logs, `Learning rate reduction is conditioned on metric \`${this.monitor}\``);
    if (current === null) return;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (this.cooldownCounter <= 0) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = optimizer._learningRateAsRead();
        if (oldLr > Math.fround(this.minLr)) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          optimizer.learningRate = newLr;
          if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}

/** The schedule of a LearningRateScheduler: the learning rate of epoch `epoch` (from 0), given the current one. */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/** Options of `new tf.keras.callbacks.LearningRateScheduler(schedule, options)`. */
export interface LearningRateSchedulerOptions {
  /** 1 prints each epoch's rate (default 0, silent). */
  verbose?: number;
}

/** Keras 3's positional arguments of LearningRateScheduler after its required ones, in its order. */
type LearningRateSchedulerPositional = [
  verbose?: number,
];

/**
 * keras.callbacks.LearningRateScheduler: sets the optimizer's learning rate to
 * `schedule(epoch, currentRate)` before each epoch; logs 'learning_rate' each epoch.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
 * const halve = new tf.keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch < 1 ? lr : lr / 2));
 * const history = model.fit([[1]], [[1]], { epochs: 3, callbacks: [halve] });
 * console.log(history.history.learning_rate); // [ 0.5, 0.25, 0.125 ]
 * ```
 */
export class LearningRateScheduler extends Callback {
  /** The learning rate of each epoch. */
  readonly schedule: EpochSchedule;
  /** 1 prints each epoch's rate. */
  readonly verbose: number;

  /** Keras 3's positional form, `LearningRateScheduler(schedule, verbose=0)`. */
  constructor(schedule: EpochSchedule, ...positional: LearningRateSchedulerPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(schedule: EpochSchedule, ...positionalThenOptions: PositionalThenOptions<LearningRateSchedulerPositional, LearningRateSchedulerOptions>);
  constructor(schedule: EpochSchedule, options?: LearningRateSchedulerOptions);
  constructor(schedule: EpochSchedule, ...args: unknown[]) {
    super();
    if (typeof schedule !== 'function') throw new Error(`LearningRateScheduler: schedule must be a function (epoch, learningRate) => learningRate, got ${describe(schedule)}.`);
    const o = callbackArguments<LearningRateSchedulerOptions>('LearningRateScheduler', args, ['verbose'], [], '{verbose: 1}');
    this.schedule = schedule;
    this.verbose = o.verbose ?? 0;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = optimizerOf(this);
    const learningRate = this.schedule(epoch, optimizer._learningRateAsRead());
    if (typeof learningRate !== 'number' || !Number.isFinite(learningRate)) {
      throw new Error(`LearningRateScheduler: The output of the \`schedule\` function should be a float. Got: ${describe(learningRate)}`);
    }
    optimizer.learningRate = learningRate;
    if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${learningRate}.`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = optimizerOf(this)._learningRateAsRead();
  }
}

/** Keras 3's positional arguments of TerminateOnNaN, in its order. */
type TerminateOnNaNPositional = [
  raiseError?: boolean,
];

/**
 * keras.callbacks.TerminateOnNaN: stops `fit` after the first batch whose loss is NaN or infinite
 * (saying so on the console's warning stream).
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const history = model.fit([[1], [Infinity], [2]], [[1], [1], [1]], { epochs: 5, batchSize: 1, shuffle: false, callbacks: [new tf.keras.callbacks.TerminateOnNaN()] });
 * console.log(history.epoch); // [ 0 ]
 * ```
 */
export class TerminateOnNaN extends Callback {
  /** Whether a NaN or infinite loss throws at once (skipping the other callbacks' onTrainEnd)
   * rather than stopping training after the batch. */
  readonly raiseError: boolean;

  /** Keras 3's positional form, `TerminateOnNaN(raise_error=False)`. */
  constructor(...positional: TerminateOnNaNPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<TerminateOnNaNPositional, { raiseError?: boolean }>);
  constructor(options?: { raiseError?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = callbackArguments<{ raiseError?: boolean }>('TerminateOnNaN', args, ['raiseError'], [], '{raiseError: true}');
    this.raiseError = checkBoolean(o.raiseError, 'TerminateOnNaN', 'raiseError', false);
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss !== undefined && !Number.isFinite(loss)) {
      if (this.raiseError) throw new Error(`TerminateOnNaN: NaN or Inf loss encountered at batch ${batch}. Loss value: ${loss}. Terminating training immediately.`);
      console.warn(`Batch ${batch}: Invalid loss, terminating training`);
      this.model.stopTraining = true;
    }
  }
}

/** Options of `new tf.keras.callbacks.SwapEMAWeights(options)`. */
export interface SwapEMAWeightsOptions {
  /** Also swap around each epoch's end (in at onEpochEnd, out at the next onEpochBegin), so that
   * the callbacks after it (a ModelCheckpoint) see the moving averages (default false). */
  swapOnEpoch?: boolean;
}

/** Keras 3's positional arguments of SwapEMAWeights, in its order. */
type SwapEMAWeightsPositional = [
  swapOnEpoch?: boolean,
];

/**
 * keras.callbacks.SwapEMAWeights: with an optimizer of `useEma`, puts the optimizer's moving
 * averages of the trainable weights into the model for each evaluation (onTestBegin, the
 * validation in `fit` too) and the trained weights back after it (onTestEnd), exchanging the
 * values in place; with `swapOnEpoch`, also at each epoch's end, so that callbacks after it save
 * or read the averages (at the last epoch the averages are set to them, as the end of `fit` puts
 * the averages in). As Keras 3.15.1's: onPredictBegin swaps them in, and onPredictEnd swaps back
 * only when they are not in the model, so after `predict` with this callback the model keeps
 * the averages (until an onTestEnd swaps back). Without useEma it throws.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros' })]);
 * model.compile({ optimizer: new tf.keras.optimizers.SGD({ learningRate: 0.1, useEma: true, emaMomentum: 0.5 }), loss: 'mse' });
 * const history = model.fit([[1]], [[2]], { epochs: 2, validationData: [[[1]], [[2]]], callbacks: [new tf.keras.callbacks.SwapEMAWeights()] });
 * // The validation losses are the moving averages': after the first step the average is the weights.
 * console.log(history.history.loss, history.history.val_loss); // [ 4, 1.440000057220459 ] [ 1.440000057220459, 0.9216000437736511 ]
 * ```
 */
export class SwapEMAWeights extends Callback {
  /** Whether the weights are also swapped around each epoch's end. */
  readonly swapOnEpoch: boolean;
  /** Whether the model holds the moving averages now. */
  private emaWeightsInModel = false;

  /** Keras 3's positional form, `SwapEMAWeights(swap_on_epoch=False)`. */
  constructor(...positional: SwapEMAWeightsPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SwapEMAWeightsPositional, SwapEMAWeightsOptions>);
  constructor(options?: SwapEMAWeightsOptions);
  constructor(...args: unknown[]) {
    super();
    const o = callbackArguments<SwapEMAWeightsOptions>('SwapEMAWeights', args, ['swapOnEpoch'], [], '{swapOnEpoch: true}');
    this.swapOnEpoch = checkBoolean(o.swapOnEpoch, 'SwapEMAWeights', 'swapOnEpoch', false);
  }

  /** The model's optimizer, with its moving averages (Keras' fit and evaluate build the optimizer
   * before any callback: `build` does here, the other hooks find it built or throw). */
  private emaOptimizer(build: boolean): NonNullable<Model['optimizer']> {
    const optimizer = optimizerOf(this);
    if (build && optimizer.useEma) optimizer._buildOn(this.model.trainableWeights);
    if (!optimizer._hasAverages()) {
      throw new Error(`SwapEMAWeights must be used when \`useEma: true\` is set on the optimizer. Received: useEma=${optimizer.useEma}${optimizer.useEma ? ' (the optimizer is not built yet: it has no moving averages)' : ''}`);
    }
    return optimizer;
  }

  private swap(build = true): void {
    this.emaOptimizer(build)._swapAverages();
  }

  override onEpochBegin(): void {
    if (this.swapOnEpoch && this.emaWeightsInModel) {
      this.swap();
      this.emaWeightsInModel = false;
    }
  }

  override onEpochEnd(epoch: number): void {
    if (this.swapOnEpoch && !this.emaWeightsInModel) {
      this.swap();
      this.emaWeightsInModel = true;
      // The end of fit copies the averages into the weights: after the last epoch they are the
      // averages the model now holds (the trained weights they were swapped with are dropped).
      if (epoch === (this.params?.epochs ?? 0) - 1) this.emaOptimizer(true)._averagesFromVariables();
    }
  }

  override onTestBegin(): void {
    if (!this.emaWeightsInModel) {
      this.swap();
      this.emaWeightsInModel = true;
    }
  }

  override onTestEnd(): void {
    if (this.emaWeightsInModel) {
      this.swap();
      this.emaWeightsInModel = false;
    }
  }

  override onPredictBegin(): void {
    // (Keras' predict does not build the optimizer.)
    if (!this.emaWeightsInModel) {
      this.swap(false);
      this.emaWeightsInModel = true;
    }
  }

  override onPredictEnd(): void {
    // Keras 3.15.1's condition, as it is: true only when predict began with the averages in.
    if (!this.emaWeightsInModel) {
      this.swap(false);
      this.emaWeightsInModel = false;
    }
  }
}

/** The hooks of `new tf.keras.callbacks.LambdaCallback(hooks)`: any of Callback's, as functions. */
export type LambdaCallbackHooks = Omit<CallbackLike, 'setModel' | 'setParams'> & {
  /** Before each batch of training (as Callback's onBatchBegin). */
  onBatchBegin?(batch: number, logs: Logs): void;
  /** After each batch of training (as Callback's onBatchEnd). */
  onBatchEnd?(batch: number, logs: Logs): void;
};

const LAMBDA_HOOKS = [
  'onEpochBegin', 'onEpochEnd', 'onTrainBegin', 'onTrainEnd', 'onTrainBatchBegin', 'onTrainBatchEnd', 'onBatchBegin', 'onBatchEnd', 'onTestBegin', 'onTestEnd',
  'onTestBatchBegin', 'onTestBatchEnd', 'onPredictBegin', 'onPredictEnd', 'onPredictBatchBegin', 'onPredictBatchEnd',
] as const;

/** Keras 3's positional arguments of LambdaCallback, in its order. */
type LambdaCallbackPositional = [
  onEpochBegin?: LambdaCallbackHooks['onEpochBegin'] | null, onEpochEnd?: LambdaCallbackHooks['onEpochEnd'] | null, onTrainBegin?: LambdaCallbackHooks['onTrainBegin'] | null,
  onTrainEnd?: LambdaCallbackHooks['onTrainEnd'] | null, onTrainBatchBegin?: LambdaCallbackHooks['onTrainBatchBegin'] | null, onTrainBatchEnd?: LambdaCallbackHooks['onTrainBatchEnd'] | null,
];

/**
 * keras.callbacks.LambdaCallback: a callback made of functions, one per hook given.
 *
 * @example
 * ```ts
 * const model = new tf.keras.Sequential([tf.keras.Input([1]), new tf.keras.layers.Dense(1)]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const seen: number[] = [];
 * model.fit([[1], [2]], [[1], [2]], { epochs: 2, batchSize: 1, callbacks: [new tf.keras.callbacks.LambdaCallback({ onTrainBatchEnd: (batch) => seen.push(batch) })] });
 * console.log(seen); // [ 0, 1, 0, 1 ]
 * ```
 */
export class LambdaCallback extends Callback {
  /** Keras 3's positional form, `LambdaCallback(on_epoch_begin=None, on_epoch_end=None,
   * on_train_begin=None, on_train_end=None, on_train_batch_begin=None, on_train_batch_end=None)`
   * (the other hooks by name only, as Keras' **kwargs). */
  constructor(...positional: LambdaCallbackPositional);
  /** Python's keyword arguments after positional ones: some of the positional hooks, then the other hooks in an options object (those after the six by name, as Keras' **kwargs take them). */
  constructor(...positionalThenOptions: PositionalThenOptions<LambdaCallbackPositional, LambdaCallbackHooks>);
  constructor(hooks?: LambdaCallbackHooks);
  constructor(...args: unknown[]) {
    super();
    const op = 'LambdaCallback';
    const positional = LAMBDA_HOOKS.slice(0, 6);
    // The hooks after the six are Keras' **kwargs: by name only, after the positional hooks too.
    const given = checkOptions(kerasArguments(op, args, positional, positional, { keywords: LAMBDA_HOOKS.slice(6) }) ?? {}, op, [...LAMBDA_HOOKS], '{onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss)}') as Record<string, unknown>;
    for (const name of LAMBDA_HOOKS) {
      const fn = given[name];
      if (fn === undefined || fn === null) continue;
      if (typeof fn !== 'function') throw new Error(`LambdaCallback: ${name} must be a function, got ${describe(fn)}.`);
      Object.defineProperty(this, name, { value: fn, writable: true, configurable: true });
    }
  }
}

// ---- helpers ----------------------------------------------------------------------------------

/** A callback's arguments (after its required ones) as its checked options: one options object, or
 * positionally in Keras 3's order `names` (a null for a name in `noneIsDefault` is Keras' None). */
export function callbackArguments<T>(op: string, args: readonly unknown[], names: readonly string[], noneIsDefault: readonly string[], example: string): T {
  return checkOptions(kerasArguments(op, args, names, noneIsDefault) ?? {}, op, names, example) as T;
}

/** A non-negative integer option. */
function count(value: unknown, op: string, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 0) throw new Error(`${op}: ${name} must be a non-negative integer, got ${describe(value)}.`);
  return value as number;
}

/** The monitored value in `logs`, or null with Keras' warning when it is not logged. */
function monitored(cb: { monitor: string }, logs: Logs, what: string): number | null {
  const value = logs[cb.monitor];
  if (value === undefined || value === null) {
    console.warn(`${what} which is not available. Available metrics are: ${Object.keys(logs).join(',')}`);
    return null;
  }
  return value;
}

/** The compiled model's optimizer (what the learning-rate callbacks change). */
function optimizerOf(cb: Callback): NonNullable<Model['optimizer']> {
  const optimizer = cb.model.optimizer;
  if (optimizer === null) throw new Error(`${cb.constructor.name}: the model has no optimizer; compile it first.`);
  return optimizer;
}
