// tf.keras.Model: a layer that trains (keras/src/models/model.py, keras/src/trainers/trainer.py and
// the TensorFlow trainer's train_step/test_step). `compile` picks the optimizer, loss and metrics;
// `fit` runs epochs of batches, each one step: forward with training=true, the loss plus the
// layers' `losses` (regularization penalties), its gradient with respect to `trainableWeights`,
// and the optimizer's update. An epoch's `loss` is the mean of the batches' losses weighted by
// their sizes (Keras' loss tracker, a Mean metric), the metrics are stateful metrics reset at every
// epoch, and validation runs `evaluate`'s step at each epoch's end. Steps run compiled with
// tf.function unless `runEagerly`.

import { addN } from '../reductions';
import { checkBoolean, checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from '../describe';
import { compile as tfFunction } from '../function';
import { mul, reduceSum } from '../generated/ops';
import { KerasTensor, isKerasTensor } from '../layers/keras-tensor';
import { LAYER_OPTION_KEYS, Layer, type LayerCallArguments, type LayerOptions, type LayerShape, type LayerTensors, resolvedTraining } from '../layers/layer';
import { uniqueName } from '../layers/names';
import { type Nest, flatten } from '../layers/nest';
import { tidy } from '../memory';
import * as metrics from '../metrics';
import { cast, concat } from '../ops';
import type * as opt from '../optimizers';
import { get as getOptimizer } from '../serialization';
import type { Serialized } from '../serialization';
import { GradientTape } from '../tape';
import { Tensor, type TensorLike } from '../tensor';
import { type CompileOutputs, type LossWeightsLike, type LossesLike, type MetricsLike, type OutputLoss, type OutputMetricSpecs, type OutputMetrics, compileLosses, compileMetricSpecs, flattenLogsInOrder, namedMetrics, resolveMetric } from './compile-utils';
import type { Dataset as TfDataset } from '../data/dataset';
import { type BatchSource, type Dataset, type ElementReader, type SampleWeights, arraySource, checkBatchSize, checkCardinality, checkDatasetArguments, datasetSource, epochBatches, isTfDataset, mapTensors, sampleCount, sampleWeightOf, tensorsOf, toDataTensor, trainValidationSplit } from './data';
import { type ClassWeightLike, type ClassWeights, checkClassWeight, classAndSampleWeightError, classSampleWeights, classWeightOutputsError } from './class-weights';
import { CallbackList, type CallbackLike } from './callbacks';
import { ProgbarLogger } from './progbar';
import { History, type Logs } from './history';
import { FunctionalGraph } from './functional';
import { summaryText } from './summary';
import { zeros } from '../creation';
import { type DeserializeOptions, checkCustomObjects, registerLayerClass } from '../layers/serialization';
import { type CompileConfig, compileConfigOf, compileOptionsFrom } from './compile-config';
import { type FunctionalConfig, functionalConfig, functionalFromConfig, isFunctionalConfig } from './functional-config';
import { type ModelToBytesOptions, type SaveOptions, type WeightsToBytesOptions, loadWeights, modelToBytes, modelToJson, saveModel, saveWeights, weightsFromBytes, weightsToBytes } from './saving';

/** Options of `new tf.keras.Model(options)`: the layer options, and for a functional model its `inputs` and `outputs`. */
export interface ModelOptions extends LayerOptions {
  /** A functional model's inputs: a `tf.keras.Input` KerasTensor, an array or an object of them. */
  inputs?: Nest<KerasTensor>;
  /** A functional model's outputs: KerasTensors of layers called on the inputs, alone, in an array or an object. */
  outputs?: Nest<KerasTensor>;
}

/** An options object (with `inputs` or `outputs`, or holding no KerasTensor), told from a
 * functional model's inputs given as an object of KerasTensors. */
const isModelOptions = (v: unknown): boolean => isPlainObject(v) && ('inputs' in v || 'outputs' in v || !Object.values(v).some(isKerasTensor));

/** Data for `fit`, `evaluate` and `predict`: a tensor or array of numbers, or for a functional
 * model of several inputs (or outputs) an array or object of them, as its `inputs` (`outputs`) are. */
export type DataLike = TensorLike | readonly TensorLike[] | { readonly [name: string]: TensorLike };

/** Per-sample loss weights (Keras' `sample_weight`): one array or tensor, a weight per sample (or
 * per sample and timestep), shared by every output; or for a functional model of several outputs
 * one per output, as `y` is given: an array in the outputs' order or an object by output name,
 * null for an output whose samples all weigh 1. (Give weights of shape `[n, 1]` shared by every
 * output as a tensor: a nested array is read per output.) */
export type SampleWeightLike = TensorLike | readonly (TensorLike | null)[] | { readonly [output: string]: TensorLike | null };

/** Options of `model.compile(options)`. */
export interface CompileOptions {
  /** The optimizer: an instance or a `tf.keras.optimizers` name (default 'rmsprop', as Keras'). */
  optimizer?: opt.Optimizer | string | Serialized;
  /** The loss: a `tf.keras.losses` name ('mse'), a loss object, or a per-sample function; for a
   * functional model of several outputs, one loss for every output, or one per output: an array
   * (in the outputs' order) or an object by output name (`model.outputNames`, or the keys of
   * outputs given as an object), null for an output without a loss. The loss minimized is the
   * outputs' losses, weighted by `lossWeights`, summed, plus the layers' regularization losses. */
  loss?: LossesLike | null;
  /** The weights of the outputs' losses in the total: a number (with one loss), or per output an
   * array or an object by output name (an output left out weighs 1). Default: 1 for each. */
  lossWeights?: LossWeightsLike | null;
  /** Metrics computed by `fit` and `evaluate`: names ('mae', 'accuracy'), Metric objects or
   * functions. For a functional model of several outputs, per output: an array with an entry per
   * output (a metric, an array of them, or null), or an object by output name; logged as
   * `<output>_<metric>`. */
  metrics?: MetricsLike | null;
  /** Metrics updated with the sample weights (`sampleWeight`, or `classWeight`'s), in the forms
   * `metrics` takes (Keras' `weighted_metrics`; `metrics` are never weighted). Logged by name
   * after the `metrics`; one whose name a metric already has is logged as `weighted_<name>`
   * (`<output>_weighted_<name>` for several outputs). */
  weightedMetrics?: MetricsLike | null;
  /** Run the steps op by op instead of compiled with tf.function (default false; the results are the same). */
  runEagerly?: boolean;
  /** Accepted for Keras compatibility (compiled steps are always compiled the same way). */
  jitCompile?: boolean | 'auto';
}

/** What `fit` calls (Keras' Callback methods): a `tf.keras.callbacks.Callback`, or an object with some of its hooks. */
export type FitCallback = CallbackLike;

/** Options of `model.fit(x, y, options)`. */
export interface ModelFitOptions {
  /** Samples per step (default 32); the last batch of an epoch may be smaller. */
  batchSize?: number | null;
  /** The epoch to stop before (default 1): epochs `initialEpoch` to `epochs - 1` run. */
  epochs?: number;
  /** 0 (default): silent; 1 or 'auto': a progress bar per epoch; 2: one line per epoch (a ProgbarLogger, as Keras). */
  verbose?: Verbosity;
  /** `tf.keras.callbacks` (or objects with some of their hooks) called at the start and end of
   * training, of each epoch and of each batch; validation calls their test hooks. Set
   * `model.stopTraining` to stop after the current batch. */
  callbacks?: readonly CallbackLike[] | null;
  /** The fraction of the samples (the last ones, before shuffling) kept aside to validate on. */
  validationSplit?: number;
  /** `[x, y]` (or `[x, y, sampleWeight]`), or a tf.data.Dataset of such batches, to validate on at the end of each epoch (instead of `validationSplit`). */
  validationData?: readonly [DataLike, DataLike] | readonly [DataLike, DataLike, SampleWeightLike] | TfDataset<unknown> | null;
  /** With a tf.data.Dataset: the batches per epoch, drawn from one pass kept across epochs (required for an infinite dataset). */
  stepsPerEpoch?: number | null;
  /** Weights of the samples' losses (Keras' `sample_weight`): a weight per sample, shared by
   * every output, or per output an array or object by output name; they weigh the
   * `weightedMetrics` too, not the `metrics`. */
  sampleWeight?: SampleWeightLike | null;
  /** A weight per class index (Keras' `class_weight`): an object (`{0: 1, 1: 50}`) or a Map. Each
   * training sample's loss (and `weightedMetrics`) weighs its class's weight, 1 for a class not
   * listed; its class is the argmax of a one-hot label, else the label rounded. Only for a model
   * of one output, and not with `sampleWeight` (nor a dataset whose elements carry sample
   * weights); validation is not weighted by it. */
  classWeight?: ClassWeightLike | null;
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
  /** 0 (default): silent; 1 or 'auto': a progress bar; 2: one line at the end. */
  verbose?: Verbosity;
  /** Return `{loss, metric: value}` instead of the loss (no metrics) or `[loss, ...metrics]`
   * (for several outputs, `{loss, <output>_<metric>, <output>_loss}` instead of Keras' ordered list). */
  returnDict?: boolean;
  /** Weights of the samples' losses and of the `weightedMetrics`, as `fit`'s (not the `metrics`). */
  sampleWeight?: SampleWeightLike | null;
  /** `tf.keras.callbacks` whose test hooks are called (onTestBegin, onTestBatchBegin/End, onTestEnd). */
  callbacks?: readonly CallbackLike[] | null;
}

/** Options of `model.testOnBatch(x, y, options)` (and `trainOnBatch`'s, which also take `classWeight`). */
export interface OnBatchOptions {
  /** Return `{loss, <metric>: value}` instead of the loss (no metrics) or `[loss, ...metrics]`
   * (for several outputs, `{loss, <output>_<metric>, <output>_loss}` instead of Keras' ordered list). */
  returnDict?: boolean;
  /** Weights of the samples' losses and of the `weightedMetrics`, as `fit`'s (not the `metrics`). */
  sampleWeight?: SampleWeightLike | null;
}

/** Options of `model.trainOnBatch(x, y, options)`. */
export interface TrainOnBatchOptions extends OnBatchOptions {
  /** A weight per class index, as `fit`'s `classWeight` (not with `sampleWeight`). */
  classWeight?: ClassWeightLike | null;
}

/** Options of `model.predict(x, options)`. */
export interface PredictOptions {
  /** Samples per step (default 32). */
  batchSize?: number | null;
  /** 0 (default): silent; 1 or 'auto': a progress bar; 2: one line at the end. */
  verbose?: Verbosity;
  /** `tf.keras.callbacks` whose predict hooks are called (onPredictBegin, onPredictBatchBegin/End with `{outputs}`, onPredictEnd). */
  callbacks?: readonly CallbackLike[] | null;
}

/** Options of `model.summary(options)`. */
export interface SummaryOptions {
  /** Called with the summary's text instead of console.log (Keras' `print_fn`). */
  printFn?: ((text: string) => void) | null;
}

/** A step on a batch: inputs, labels, and the samples' loss weights or null. */
type Step = (x: Nest<Tensor>, y: Nest<Tensor>, sampleWeight: SampleWeights | null) => StepLogs | void;

/** What a `trainStep` or `testStep` returns: results by name (tensors or numbers; an object of
 * them merged in, as Keras merges a metric whose result is a dict). */
export type StepLogs = Readonly<Record<string, Tensor | number | Readonly<Record<string, Tensor | number>>>>;

/** Whether `model`'s class overrides `trainStep` (`testStep`): fit (evaluate) then runs it and
 * takes its logs, as Keras does. (Outside the class: a reference to Model inside it would make
 * the bundler rename the class, and `new.target.name` with it.) */
function overrides(model: Model, method: 'trainStep' | 'testStep'): boolean {
  return model[method] !== Model.prototype[method];
}

/** A step's returned logs as numbers, nested objects merged (Keras' logs after a custom step). */
function stepLogsToNumbers(out: StepLogs | void, op: string): Logs {
  if (out === undefined || out === null || typeof out !== 'object') {
    throw new Error(`${op}: a trainStep or testStep override must return its logs, an object of results by name (Keras's {m.name: m.result() for m in self.metrics}), got ${describe(out)}.`);
  }
  const logs: Logs = {};
  const put = (name: string, v: unknown): void => {
    if (v instanceof Tensor && v.size === 1) logs[name] = v.item() as number;
    else if (typeof v === 'number') logs[name] = v;
    else if (isPlainObject(v)) for (const [k, inner] of Object.entries(v)) put(k, inner);
    else throw new Error(`${op}: the logs a step returns hold scalars (tensors of one element, or numbers) or objects of them, got ${describe(v)} for '${name}'.`);
  };
  for (const [name, v] of Object.entries(out)) put(name, v);
  return logs;
}

/** What `compile` set up. */
interface Compiled {
  optimizer: opt.Optimizer;
  /** The loss of each output that has one, or null when compile was given no loss. */
  losses: OutputLoss[] | null;
  /** With several output losses, the mean of each ('<output>_loss', unweighted), as Keras' CompileLoss tracks them; else empty. */
  outputLossTrackers: metrics.Mean[];
  /** The `metrics` of each output, then its `weightedMetrics`. */
  metricSpecs: readonly OutputMetricSpecs[];
  /** The metrics of each output, made from the first batch's shapes (the `metrics`, then the `weightedMetrics`). */
  metrics: OutputMetrics[] | null;
  /** The mean of the batches' losses, weighted by their sizes. */
  lossTracker: metrics.Mean;
  runEagerly: boolean;
  trainStep: Step | null;
  testStep: Step | null;
}

/** Keras' flattened results: the loss alone without metrics, else `[loss, ...]` in Keras' order
 * (the metrics by their own names, the outputs' losses, then the other logs by name sorted). */
function flattenLogs(c: Compiled, logs: Logs): number | number[] {
  const names = ['loss', ...(c.metrics ?? []).flatMap((g) => g.metrics.map((m) => m.name)), ...c.outputLossTrackers.map((t) => t.name)];
  return flattenLogsInOrder(logs, names);
}

/** The sum of scalar terms, in the first one's dtype (one term as it is). */
function sumOf(terms: readonly Tensor[]): Tensor {
  const dtype = terms[0]!.dtype;
  return terms.length === 1 ? terms[0]! : addN(terms.map((t) => (t.dtype === dtype ? t : cast(t, dtype))));
}

/** The name of the layer giving a functional model's output (Keras' `output_names` entry). */
const layerNameOf = (output: KerasTensor): string => output._history!.node.operation.name;

/** The label and prediction tensors of a batch, one of each per output. */
function outputPairs(op: string, y: Nest<Tensor>, yPred: Nest<Tensor>): [Tensor[], Tensor[]] {
  const labels = tensorsOf(y);
  const predictions = tensorsOf(yPred);
  if (labels.length !== predictions.length) {
    throw new Error(`${op}: the model gives ${predictions.length} output(s) but y holds ${labels.length} array(s) of labels; give one per output.`);
  }
  return [labels, predictions];
}

/** Whether `v` is an options object (not data): with a dataset, `fit(ds, options)`. */
const isOptionsLike = isPlainObject;

/** Keras 3's positional arguments of fit after (x, y), those gradtape lacks at their defaults, and the ones whose default is None. */
const FIT_ARGUMENTS = {
  names: ['batchSize', 'epochs', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'classWeight', 'sampleWeight', 'initialEpoch', 'stepsPerEpoch', 'validationSteps', 'validationBatchSize', 'validationFreq'],
  unsupported: { validationSteps: null, validationBatchSize: null },
  none: ['batchSize', 'callbacks', 'validationData', 'classWeight', 'sampleWeight', 'stepsPerEpoch', 'validationSteps', 'validationBatchSize'],
};
/** The same for evaluate. */
const EVALUATE_ARGUMENTS = {
  names: ['batchSize', 'verbose', 'sampleWeight', 'steps', 'callbacks', 'returnDict'],
  unsupported: { steps: null },
  none: ['batchSize', 'sampleWeight', 'steps', 'callbacks'],
};

/** fit's or evaluate's options and y from the arguments after x: with a dataset, an options object
 * second (no y); else y, then an options object or Keras 3's positional arguments. */
function fitArguments(
  op: string, dataset: TfDataset<unknown> | null, yOrOptions: unknown, rest: readonly unknown[],
  spec: { names: readonly string[]; unsupported: Readonly<Record<string, unknown>>; none: readonly string[] },
): [Record<string, unknown>, DataLike] {
  const datasetOptions = dataset !== null && isOptionsLike(yOrOptions);
  const options = kerasArguments(op, datasetOptions ? [yOrOptions, ...rest] : rest, spec.names, spec.none, { unsupported: spec.unsupported }) ?? {};
  return [options, (datasetOptions ? undefined : (yOrOptions ?? undefined)) as DataLike];
}

/** A steps option: a positive integer or null. */
function checkSteps(op: string, name: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || (value as number) <= 0) throw new Error(`${op}: ${name} must be a positive integer, got ${describe(value)}.`);
  return value as number;
}

/** The outputs of predict's batches, each output's batches joined along the batch axis. */
function joinBatches(outputs: readonly LayerTensors[]): LayerTensors {
  if (outputs.length === 1) return outputs[0]!;
  const joined = tensorsOf(outputs[0]!).map((_, i) => concat(outputs.map((out) => tensorsOf(out)[i]!), 0));
  return mapTensors(outputs[0]!, (_, i) => joined[i]!);
}

/** `verbose` of fit, evaluate and predict: 0 silent, 1 (or 'auto', as Keras) a bar, 2 a line per epoch. */
export type Verbosity = 0 | 1 | 2 | 'auto';

/** The verbosity as a number (default 0: gradtape's loops are silent unless asked, Keras' print). */
function checkVerbose(op: string, value: unknown): 0 | 1 | 2 {
  if (value === undefined || value === null) return 0;
  if (value === 'auto') return 1;
  if (value === 0 || value === 1 || value === 2) return value;
  throw new Error(`${op}: verbose must be 0 (silent), 1 or 'auto' (a progress bar) or 2 (a line per epoch), got ${describe(value)}.`);
}

/** `callbacks` with a ProgbarLogger first when the loop prints and none is there (Keras' CallbackList). */
const withProgbar = (callbacks: readonly CallbackLike[], verbose: number): readonly CallbackLike[] =>
  verbose === 0 || callbacks.some((cb) => cb instanceof ProgbarLogger) ? callbacks : [new ProgbarLogger(), ...callbacks];

/** Keras 3's positional arguments of Model.compile, in its order (stepsPerExecution only 1, autoScaleLoss only true: gradtape has neither). */
type CompilePositional = [
  optimizer?: opt.Optimizer | string | Serialized, loss?: LossesLike | null, lossWeights?: LossWeightsLike | null, metrics?: MetricsLike | null,
  weightedMetrics?: MetricsLike | null, runEagerly?: boolean, stepsPerExecution?: number, jitCompile?: boolean | 'auto', autoScaleLoss?: boolean,
];

/** Keras 3's positional arguments of Model.fit after x and y, in its order (validationSteps and validationBatchSize only null: gradtape has neither). */
type FitPositional = [
  batchSize?: number | null, epochs?: number, verbose?: Verbosity, callbacks?: readonly CallbackLike[] | null,
  validationSplit?: number, validationData?: ModelFitOptions['validationData'], shuffle?: boolean, classWeight?: ClassWeightLike | null,
  sampleWeight?: SampleWeightLike | null, initialEpoch?: number, stepsPerEpoch?: number | null, validationSteps?: null, validationBatchSize?: null,
  validationFreq?: number | readonly number[],
];

/** Keras 3's positional arguments of Model.evaluate after x and y, in its order (steps only null: gradtape has none). */
type EvaluatePositional = [batchSize?: number | null, verbose?: Verbosity, sampleWeight?: SampleWeightLike | null, steps?: null, callbacks?: readonly CallbackLike[] | null, returnDict?: boolean];

/** Keras 3's positional arguments of Model.predict after x, in its order (steps only null: gradtape has none). */
type PredictPositional = [batchSize?: number | null, verbose?: Verbosity, steps?: null, callbacks?: readonly CallbackLike[] | null];

/** Model.trainOnBatch's positional arguments after the required ones, in TensorFlow's order. */
type TrainOnBatchPositional = [sampleWeight?: SampleWeightLike | null, classWeight?: ClassWeightLike | null, returnDict?: boolean];

/** Model.testOnBatch's positional arguments after the required ones, in TensorFlow's order. */
type TestOnBatchPositional = [sampleWeight?: SampleWeightLike | null, returnDict?: boolean];

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
  /** @internal The epoch `fit` starts at when set and not 0 (Keras' `_initial_epoch`, which
   * BackupAndRestore sets when it restores a backup at onTrainBegin; it stays set, as in Keras). */
  _initialEpoch: number | null = null;
  #compiled: Compiled | null = null;
  /** The options `compile` was given (for getCompileConfig). */
  #compileOptions: CompileOptions | null = null;
  #graph: FunctionalGraph | null = null;

  /**
   * @param options `name`, `trainable`, `dtype` (the layer options); `inputs` and `outputs` make a
   * functional model (Keras' `Model(inputs, outputs)`), which runs the layer calls recorded from
   * its inputs to its outputs.
   */
  constructor(options?: ModelOptions);
  /** Keras's functional form, `Model(inputs, outputs, name)`: `new tf.keras.Model(inputs, outputs)`
   * (the layer options may follow in a last options object). */
  constructor(inputs: Nest<KerasTensor>, outputs: Nest<KerasTensor>, nameOrOptions?: string | null | Omit<ModelOptions, 'inputs' | 'outputs'>);
  /** Python's keyword arguments after positional ones, `Model(inputs, outputs, 'm', trainable=False)`: `new Model(inputs, outputs, 'm', { trainable: false })`. */
  constructor(inputs: Nest<KerasTensor>, outputs: Nest<KerasTensor>, ...positionalThenOptions: PositionalThenOptions<[name?: string | null], Omit<ModelOptions, 'inputs' | 'outputs'>>);
  constructor(...args: unknown[]) {
    const cls = `keras.${new.target.name}`;
    const options = (kerasArguments(cls, args, ['inputs', 'outputs', 'name'], ['name'], { isOptions: isModelOptions }) ?? {}) as ModelOptions;
    const functional = options !== null && typeof options === 'object' && ('inputs' in options || 'outputs' in options);
    checkOptions(options ?? {}, cls, ['inputs', 'outputs', ...LAYER_OPTION_KEYS], '{inputs, outputs, name}');
    if (functional) {
      if (options.inputs === undefined || options.outputs === undefined) {
        throw new Error(`${cls}: a functional model needs both \`inputs\` and \`outputs\` (KerasTensors: new tf.keras.Model({ inputs: tf.keras.Input([4]), outputs })); got only ${options.inputs === undefined ? 'outputs' : 'inputs'}.`);
      }
    }
    const { inputs, outputs, ...layerOptions } = options ?? {};
    // Keras names a functional model 'functional', numbered.
    super(functional ? { ...layerOptions, name: layerOptions.name ?? uniqueName('functional') } : layerOptions);
    if (functional) {
      this.#graph = new FunctionalGraph(inputs, outputs, this.qualifiedName);
      this.built = true;
    }
  }

  /** @internal A functional model stays open after build (Keras' Functional._lock_state: a
   * layer outside the graph may still be attached); a subclassed one locks as a layer does. */
  override _lockState(): void {
    if (this.#graph === null) super._lockState();
  }

  /** @internal The functional graph, or null for a subclassed model or a Sequential. */
  get _graph(): FunctionalGraph | null {
    return this.#graph;
  }

  /** The layers: a functional model's in Keras' order (its InputLayers first), else the layers the model holds directly (properties set to layers, in order). */
  get layers(): Layer[] {
    return this._sublayers();
  }

  /** @internal */
  override _sublayers(): Layer[] {
    return this.#graph === null ? super._sublayers() : this.#graph.layers.slice();
  }

  /** A functional model's inputs as given (a KerasTensor, an array or an object of them); null for other models. */
  get inputs(): Nest<KerasTensor> | null {
    return this.#graph?.inputs ?? null;
  }

  /** A functional model's outputs as given; null for other models. */
  get outputs(): Nest<KerasTensor> | null {
    return this.#graph?.outputs ?? null;
  }

  /** A functional model's output names, in the order its outputs flatten (an object's by key
   * sorted): the name of the layer giving each output (Keras' `output_names`); null for other
   * models. `compile`'s per-output losses, loss weights and metrics, and `fit`'s labels, are
   * keyed by these names (by the outputs' keys when the outputs are an object). */
  get outputNames(): string[] | null {
    return this.#graph?.flatOutputs.map(layerNameOf) ?? null;
  }

  /** The outputs `compile` refers to: their names (keys for an object of outputs, else the layers' names). */
  private compileOutputs(): CompileOutputs {
    const graph = this.#graph;
    if (graph === null) return { names: ['output'], keyed: false, functional: false };
    const keyed = isPlainObject(graph.outputs);
    return { names: keyed ? Object.keys(graph.outputs).sort() : graph.flatOutputs.map(layerNameOf), keyed, functional: true };
  }

  /** The layer named `name`, or at position `index` of `layers` (Keras' `get_layer`). */
  getLayer(nameOrIndex: string | number): Layer {
    const op = `${this.qualifiedName}.getLayer`;
    const layers = this.layers;
    if (typeof nameOrIndex === 'number') {
      if (!Number.isInteger(nameOrIndex) || nameOrIndex < 0) throw new Error(`${op}: index must be a non-negative integer, got ${describe(nameOrIndex)}.`);
      const layer = layers[nameOrIndex];
      if (layer === undefined) throw new Error(`${op}: Was asked to retrieve layer at index ${nameOrIndex} but model only has ${layers.length} layers.`);
      return layer;
    }
    if (typeof nameOrIndex !== 'string') throw new Error(`${op}: expected a layer name or an index, got ${describe(nameOrIndex)}.`);
    const layer = layers.find((l) => l.name === nameOrIndex);
    if (layer === undefined) throw new Error(`${op}: No such layer: ${nameOrIndex}. Existing layers are: [${layers.map((l) => `'${l.name}'`).join(', ')}].`);
    return layer;
  }

  /** A functional model runs its recorded layer calls on the inputs; a subclass defines its own `call`. */
  override call(inputs: LayerTensors, options: LayerCallArguments): LayerTensors {
    if (this.#graph === null) return super.call(inputs, options) as LayerTensors;
    return this.#graph.run(inputs, resolvedTraining(options), this.qualifiedName, options.mask ?? null);
  }

  /** Whether `compile` has been called. */
  get compiled(): boolean {
    return this.#compiled !== null;
  }

  /** The optimizer `compile` set, or null. */
  get optimizer(): opt.Optimizer | null {
    return this.#compiled?.optimizer ?? null;
  }

  /** The compiled metrics (made by the first `fit` or `evaluate`): the loss tracker, each
   * output's metrics, and with several output losses each one's tracker ('<output>_loss'). */
  get metrics(): metrics.Metric[] {
    const c = this.#compiled;
    return c === null ? [] : [c.lossTracker, ...(c.metrics ?? []).flatMap((g) => g.metrics), ...c.outputLossTrackers];
  }

  /** Keras 3's `metrics_names`, the names of its grouped `metrics`: 'loss', then
   * 'compile_metrics' (every compiled metric in one entry) when compile was given `metrics` or
   * `weightedMetrics`, then with several output losses each one's '<output>_loss' once a batch
   * has run (Keras builds its CompileLoss then); none before compile. */
  get metricsNames(): string[] {
    const c = this.#compiled, o = this.#compileOptions;
    if (c === null || o === null) return [];
    const compiledMetrics = (o.metrics !== undefined && o.metrics !== null) || (o.weightedMetrics !== undefined && o.weightedMetrics !== null);
    return ['loss', ...(compiledMetrics ? ['compile_metrics'] : []), ...(c.metrics === null ? [] : c.outputLossTrackers.map((t) => t.name))];
  }

  /**
   * Configures training: the optimizer (instance or name, default 'rmsprop'), the loss (per output
   * for a functional model of several outputs, weighted by `lossWeights`), the metrics and the
   * metrics weighted by the sample weights (per output too). Compiling again makes new metrics and
   * new compiled steps. Takes an options object, or Keras 3's positional `(optimizer, loss,
   * lossWeights, metrics, weightedMetrics, runEagerly, stepsPerExecution, jitCompile,
   * autoScaleLoss)` (stepsPerExecution only 1, autoScaleLoss only true: gradtape has neither).
   */
  compile(...positional: CompilePositional): void;
  /** Python's keyword arguments after positional ones, `compile('sgd', 'mse', metrics=['mae'])`:
   * `compile('sgd', 'mse', { metrics: ['mae'] })`. */
  compile(...positionalThenOptions: PositionalThenOptions<CompilePositional, CompileOptions>): void;
  compile(options?: CompileOptions): void;
  compile(...args: unknown[]): void {
    const op = `${this.qualifiedName}.compile`;
    // Keras 3's order. A serialized optimizer ({className, config}) first is its optimizer, not options.
    const options = kerasArguments(op, args, ['optimizer', 'loss', 'lossWeights', 'metrics', 'weightedMetrics', 'runEagerly', 'stepsPerExecution', 'jitCompile', 'autoScaleLoss'], ['optimizer', 'loss', 'lossWeights', 'metrics', 'weightedMetrics'], {
      unsupported: { stepsPerExecution: 1, autoScaleLoss: true },
      isOptions: (v) => isPlainObject(v) && !('className' in v),
    });
    const o = checkOptions(options ?? {}, op, ['optimizer', 'loss', 'lossWeights', 'metrics', 'weightedMetrics', 'runEagerly', 'jitCompile'], "{optimizer: 'adam', loss: 'mse', metrics: ['mae']}") as CompileOptions;
    let optimizer: opt.Optimizer;
    try {
      optimizer = getOptimizer(o.optimizer ?? 'rmsprop');
    } catch (e) {
      throw new Error(`${op}: ${(e as Error).message}`);
    }
    for (const argument of ['metrics', 'weightedMetrics'] as const) {
      const value = o[argument];
      if (value !== undefined && value !== null && !Array.isArray(value) && !(isPlainObject(value) && this.#graph !== null)) {
        throw new Error(`${op}: ${argument} must be an array of metric names, objects or functions${this.#graph !== null ? ' (or per output, an array or object of them)' : ''}, got ${describe(value)}.`);
      }
    }
    if (o.jitCompile !== undefined && o.jitCompile !== 'auto' && typeof o.jitCompile !== 'boolean') {
      throw new Error(`${op}: jitCompile must be true, false or 'auto', got ${describe(o.jitCompile)}.`);
    }
    const outputs = this.compileOutputs();
    if (o.loss === undefined || o.loss === null) {
      if (o.lossWeights !== undefined && o.lossWeights !== null) throw new Error(`${op}: lossWeights needs a loss.`);
    }
    const losses = o.loss === undefined || o.loss === null ? null : compileLosses(o.loss, o.lossWeights, outputs, op);
    // Keras' CompileMetrics: the `metrics` of every output, then the `weightedMetrics`.
    const metricSpecs = (['metrics', 'weightedMetrics'] as const).flatMap((argument) => {
      const value = o[argument];
      return value === undefined || value === null ? [] : compileMetricSpecs(value, outputs, op, argument);
    });
    this.#compileOptions = { ...o };
    this.#compiled = {
      optimizer,
      losses,
      // Keras' CompileLoss tracks each loss when there are several.
      outputLossTrackers: losses !== null && losses.length > 1 ? losses.map((l) => new metrics.Mean({ name: `${l.name}_loss` })) : [],
      metricSpecs,
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

  /**
   * Keras' compute_loss: the compiled loss (Keras' CompileLoss: each output's loss, times its
   * weight, summed) plus the sum of each of `losses` (regularization). Returns the total and each
   * output's loss before weighting (what the per-output trackers average).
   */
  #compiledLoss(c: Compiled, y: Nest<Tensor>, yPred: Nest<Tensor>, sampleWeight: SampleWeights | null): { total: Tensor; outputLosses: Tensor[] } {
    const terms: Tensor[] = [];
    const outputLosses: Tensor[] = [];
    if (c.losses !== null) {
      const [labels, predictions] = outputPairs(this.qualifiedName, y, yPred);
      const weighted: Tensor[] = [];
      for (const loss of c.losses) {
        const value = loss.fn(labels[loss.index]!, predictions[loss.index]!, sampleWeightOf(sampleWeight, loss.index));
        outputLosses.push(value);
        weighted.push(loss.weight === null ? value : mul(value, loss.weight));
      }
      if (weighted.length > 0) terms.push(sumOf(weighted));
    }
    for (const penalty of this.losses) terms.push(reduceSum(penalty));
    if (terms.length === 0) throw new Error(`${this.qualifiedName}: No loss to compute. Provide a \`loss\` argument in \`compile()\`.`);
    return { total: sumOf(terms), outputLosses };
  }

  /** Updates the compiled metrics: each output's on its labels and predictions, the
   * `weightedMetrics` with its sample weights, as Keras' CompileMetrics. */
  private updateMetrics(c: Compiled, y: Nest<Tensor>, yPred: Nest<Tensor>, sampleWeight: SampleWeights | null): void {
    if (c.metrics!.length === 0) return;
    const [labels, predictions] = outputPairs(this.qualifiedName, y, yPred);
    for (const group of c.metrics!) {
      const weights = group.weighted ? sampleWeightOf(sampleWeight, group.index) : undefined;
      for (const m of group.metrics) m.updateState(labels[group.index]!, predictions[group.index]!, weights);
    }
  }

  /** Updates the loss tracker with a batch's loss and, with several output losses, each output's
   * tracker with its own (weighted by the batch's size, as Keras' trackers). */
  #trackLosses(c: Compiled, loss: Tensor, outputLosses: readonly Tensor[], batchSize: number): void {
    c.lossTracker.updateState(loss, batchSize);
    c.outputLossTrackers.forEach((tracker, i) => tracker.updateState(outputLosses[i]!, batchSize));
  }

  /** The step fit runs on each batch (Keras' train_function): `trainStep`, or when it is not
   * overridden its body without the logs (fit reads the trackers), compiled unless `runEagerly`. */
  #trainFunction(c: Compiled): Step {
    if (c.trainStep !== null) return c.trainStep;
    const step: Step = overrides(this, 'trainStep') ? (x, y, sampleWeight) => this.trainStep([x, y, sampleWeight]) : (x, y, sampleWeight) => this.#defaultTrainStep(c, x, y, sampleWeight);
    c.trainStep = c.runEagerly ? step : tfFunction(step, { name: 'train_function' });
    return c.trainStep;
  }

  /** The step evaluate runs on each batch (Keras' test_function), as `#trainFunction`. */
  #testFunction(c: Compiled): Step {
    if (c.testStep !== null) return c.testStep;
    const step: Step = overrides(this, 'testStep') ? (x, y, sampleWeight) => this.testStep([x, y, sampleWeight]) : (x, y, sampleWeight) => this.#defaultTestStep(c, x, y, sampleWeight);
    c.testStep = c.runEagerly ? step : tfFunction(step, { name: 'test_function' });
    return c.testStep;
  }

  /**
   * Keras' `train_step(data)`: one training step on a batch `[x, y, sampleWeight]` (y and the
   * weights may be absent): the forward pass in training mode, `computeLoss`, the gradients of the
   * trainable weights, the optimizer's update, then the loss tracker and the compiled metrics.
   * Returns `getMetricsResult()`.
   *
   * Override it to customize what `fit` does (Keras' "customizing what happens in fit()"): `fit`
   * then calls it on each batch (in a compiled tf.function unless `runEagerly`) and takes the logs
   * it returns, an object of results by name, for its History and callbacks. The metrics in
   * `metrics` are reset at each epoch.
   *
   * @example
   * ```ts
   * class CustomModel extends tf.keras.Model {
   *   override trainStep([x, y]: readonly [tf.Tensor, tf.Tensor]) {
   *     const tape = new tf.GradientTape();
   *     let yPred!: tf.Tensor;
   *     const loss = tape.record(() => {
   *       yPred = this.apply(x, { training: true }) as tf.Tensor;
   *       return this.computeLoss({ y, yPred });
   *     });
   *     const vars = this.trainableVariables;
   *     this.optimizer!.apply(tape.gradient(loss, vars) as tf.Tensor[], vars);
   *     for (const metric of this.metrics) {
   *       if (metric.name === 'loss') metric.updateState(loss);
   *       else metric.updateState(y, yPred);
   *     }
   *     return Object.fromEntries(this.metrics.map((m) => [m.name, m.result()]));
   *   }
   * }
   * const inputs = tf.keras.Input([1]);
   * const model = new CustomModel(inputs, new tf.keras.layers.Dense(1, { kernelInitializer: 'zeros' })(inputs));
   * model.compile('sgd', 'mse', null, ['mae']);
   * const history = model.fit([[1], [2], [3]], [[2], [4], [6]], { epochs: 20, verbose: 0 });
   * const loss = history.history.loss!;
   * console.log(Object.keys(history.history), loss[19]! < loss[0]! / 2); // [ 'loss', 'mae' ] true
   * ```
   */
  trainStep(data: readonly [Nest<Tensor>, (Nest<Tensor> | null)?, (SampleWeights | null)?]): StepLogs {
    const c = this.requireCompiled(`${this.qualifiedName}.trainStep`);
    const [x, y, sampleWeight] = data;
    this.#defaultTrainStep(c, x, y ?? null, sampleWeight ?? null);
    return this.getMetricsResult();
  }

  /** Keras' `test_step(data)`: the forward pass in inference mode on `[x, y, sampleWeight]`, the
   * loss tracker and the compiled metrics; returns `getMetricsResult()`. Override it to customize
   * `evaluate` (and fit's validation), which then take the logs it returns. */
  testStep(data: readonly [Nest<Tensor>, (Nest<Tensor> | null)?, (SampleWeights | null)?]): StepLogs {
    const c = this.requireCompiled(`${this.qualifiedName}.testStep`);
    const [x, y, sampleWeight] = data;
    this.#defaultTestStep(c, x, y ?? null, sampleWeight ?? null);
    return this.getMetricsResult();
  }

  /** Keras' `predict_step(data)`: the model's outputs for a batch `[x]` in inference mode.
   * Override it to customize `predict`, which calls it on each batch and joins what it returns. */
  predictStep(data: readonly [Nest<Tensor>, ...unknown[]]): LayerTensors {
    return this.apply<LayerTensors>(data[0], { training: false });
  }

  /**
   * Keras' `compute_loss(x, y, yPred, sampleWeight, training)`: the compiled loss of `yPred`
   * against `y` (each output's loss times its weight, summed) plus the layers' `losses`
   * (regularization), a scalar tensor. In a `trainStep` override: `this.computeLoss({ y, yPred })`.
   */
  computeLoss(options: { x?: unknown; y?: Nest<Tensor> | null; yPred?: Nest<Tensor> | null; sampleWeight?: SampleWeights | null; training?: boolean }): Tensor;
  computeLoss(x?: unknown, y?: Nest<Tensor> | null, yPred?: Nest<Tensor> | null, sampleWeight?: SampleWeights | null, training?: boolean): Tensor;
  computeLoss(...args: unknown[]): Tensor {
    const op = `${this.qualifiedName}.computeLoss`;
    const c = this.requireCompiled(op);
    const names = ['x', 'y', 'yPred', 'sampleWeight', 'training'];
    const o = kerasArguments(op, args, names, ['x', 'y', 'yPred', 'sampleWeight'], { isOptions: (v) => isPlainObject(v) && Object.keys(v).every((k) => names.includes(k)) }) ?? {};
    checkOptions(o, op, names, '{y, yPred}');
    if (o.yPred === undefined || o.yPred === null) throw new Error(`${op}: yPred (the model's outputs) is needed: this.computeLoss({ y, yPred }).`);
    return this.#compiledLoss(c, (o.y ?? null) as Nest<Tensor>, o.yPred as Nest<Tensor>, (o.sampleWeight ?? null) as SampleWeights | null).total;
  }

  /** Keras' `compute_metrics(x, y, yPred, sampleWeight)`: updates the compiled metrics with the
   * labels and predictions (not the loss tracker), and returns `getMetricsResult()`. */
  computeMetrics(x: unknown, y: Nest<Tensor>, yPred: Nest<Tensor>, sampleWeight: SampleWeights | null = null): StepLogs {
    const c = this.requireCompiled(`${this.qualifiedName}.computeMetrics`);
    this.#buildMetrics(c, y, yPred);
    this.updateMetrics(c, y, yPred, sampleWeight);
    return this.getMetricsResult();
  }

  /** Keras' `get_metrics_result()`: the result of each of `metrics` by name (a compiled metric of a
   * model of several outputs as `<output>_<metric>`), as tensors. */
  getMetricsResult(): Record<string, Tensor> {
    const c = this.#compiled;
    const compiledNames = new Map<metrics.Metric, string>(c?.metrics ? namedMetrics(c.metrics).map(([name, m]) => [m, name]) : []);
    return Object.fromEntries(this.metrics.map((m) => [compiledNames.get(m) ?? m.name, m.result()]));
  }

  /** The body of Keras' default train_step, without its logs. */
  #defaultTrainStep(c: Compiled, x: Nest<Tensor>, y: Nest<Tensor> | null, sampleWeight: SampleWeights | null): void {
    const tape = new GradientTape();
    let yPred!: Nest<Tensor>;
    let outputLosses!: Tensor[];
    let loss!: Tensor;
    // Keras' train step differentiates the optimizer's scale_loss(loss) (a LossScaleOptimizer's
    // dynamic scale, or lossScaleFactor); the trackers see the loss itself.
    const scaledLoss = tape.record(() => {
      yPred = this.apply<LayerTensors>(x, { training: true });
      const computed = this.#compiledLoss(c, y as Nest<Tensor>, yPred, sampleWeight);
      outputLosses = computed.outputLosses;
      loss = computed.total;
      return c.optimizer.scaleLoss(loss);
    });
    const variables = this.trainableWeights;
    if (variables.length > 0) {
      const gradients = tape.gradient(scaledLoss, variables);
      c.optimizer.applyGradients(variables.map((v, i) => [gradients[i], v] as const));
    }
    this.#trackLosses(c, loss, outputLosses, sampleCount(x));
    this.updateMetrics(c, y as Nest<Tensor>, yPred, sampleWeight);
  }

  /** The body of Keras' default test_step, without its logs: forward in inference, loss and metrics. */
  #defaultTestStep(c: Compiled, x: Nest<Tensor>, y: Nest<Tensor> | null, sampleWeight: SampleWeights | null): void {
    const yPred = this.apply<LayerTensors>(x, { training: false });
    const { total, outputLosses } = this.#compiledLoss(c, y as Nest<Tensor>, yPred, sampleWeight);
    this.#trackLosses(c, total, outputLosses, sampleCount(x));
    this.updateMetrics(c, y as Nest<Tensor>, yPred, sampleWeight);
  }

  /** Keras' CompileMetrics.build: each output's metrics from its labels' and predictions' shapes
   * (once). */
  #buildMetrics(c: Compiled, y: Nest<Tensor>, yPred: Nest<Tensor>): void {
    if (c.metrics !== null) return;
    const specs = c.metricSpecs.filter((g) => g.specs.length > 0);
    const [labels, predictions] = specs.length > 0 ? outputPairs(this.qualifiedName, y, yPred) : [[], []];
    const op = `${this.qualifiedName}.compile`;
    c.metrics = specs.map((g) => ({ index: g.index, prefix: g.prefix, weighted: g.weighted, metrics: g.specs.map((spec) => resolveMetric(spec, labels[g.index]!.shape, predictions[g.index]!.shape, op)) }));
  }

  /** Builds the model and the metrics from a first batch, eagerly (Keras builds them symbolically
   * before the first step), so compiled steps make no variables of their own. */
  private prepare(c: Compiled, source: BatchSource): void {
    if (this.built && c.metrics !== null) return;
    tidy(() => {
      const sample = source.sample();
      const yPred = this.apply<LayerTensors>(sample.x, { training: false });
      this.#buildMetrics(c, sample.y, yPred);
      this._clearLosses();
    });
  }

  /** The current results in Keras' order: `loss`, each metric by name (`<output>_<metric>` for a
   * model of several outputs), then each output's `<output>_loss` when there are several. */
  private results(c: Compiled): Logs {
    return tidy(() => {
      const logs: Logs = { loss: c.lossTracker.result().item() };
      for (const [name, m] of namedMetrics(c.metrics!)) logs[name] = m.result().item();
      for (const t of c.outputLossTrackers) logs[t.name] = t.result().item();
      return logs;
    });
  }

  /** Keras' reset_metrics: every metric of `metrics` (a subclass may list its own trackers there). */
  private zeroMetrics(): void {
    for (const m of this.metrics) m.resetState();
  }

  /** The logs after a step: the trackers' results, or the logs a `trainStep` (`testStep`)
   * override returned. */
  #logsAfter(c: Compiled, custom: boolean, out: StepLogs | void, op: string): Logs {
    return custom ? stepLogsToNumbers(out, op) : this.results(c);
  }

  /** Runs the test step over the batches of `source`, from reset metrics, calling the callbacks'
   * test hooks; returns the logs. */
  private evaluateLogs(c: Compiled, source: BatchSource, callbacks: CallbackList): Logs {
    this.prepare(c, source);
    this.zeroMetrics();
    const step = this.#testFunction(c);
    const custom = overrides(this, 'testStep');
    const op = `${this.qualifiedName}.testStep`;
    callbacks.onTestBegin();
    let index = 0;
    let logs: Logs | null = null;
    for (const batch of source.epoch()) {
      callbacks.onTestBatchBegin(index);
      logs = tidy(() => {
        const b = batch();
        return this.#logsAfter(c, custom, step(b.x, b.y, b.sampleWeight), op);
      });
      this._clearLosses();
      if (callbacks.wantsTestBatchLogs) callbacks.onTestBatchEnd(index, logs);
      index++;
    }
    // (Keras' logs of the last step; the trackers' results when no batch ran.)
    logs = custom && logs !== null ? logs : this.results(c);
    callbacks.onTestEnd(logs);
    return logs;
  }

  /**
   * `value` as tensors (floats in the model's dtype) structured as the functional model's `inputs`
   * (or `outputs`) are: an array of as many arrays, or an object of them by key; one tensor for
   * other models. Labels may also be given as Keras takes them: for an array of outputs, an object
   * by output name (`outputNames`); for an object of outputs, an array in the order of its keys sorted.
   */
  private toData(value: DataLike, op: string, name: string, template: Nest<KerasTensor> | null): Nest<Tensor> {
    const one = (v: TensorLike, label: string): Tensor => toDataTensor(v, this.dtype, op, label);
    if (template === null || template instanceof KerasTensor) return one(value as TensorLike, name);
    const what = name === 'x' || name.endsWith('[0]') ? 'inputs' : 'outputs';
    if (Array.isArray(template)) {
      const n = template.length;
      if (what === 'outputs' && isPlainObject(value)) {
        // Keras' CompileLoss: labels by output name, for an array of outputs.
        const names = (template as readonly KerasTensor[]).map(layerNameOf);
        const object = value as { readonly [key: string]: TensorLike };
        const unknown = Object.keys(object).find((k) => !names.includes(k));
        if (unknown !== undefined) throw new Error(`${op}: ${name} has the key '${unknown}', which names no output of the model; its outputs are ${names.map((k) => `'${k}'`).join(', ')} (the names of the layers giving them).`);
        return names.map((k) => {
          if (object[k] === undefined) throw new Error(`${op}: ${name} lacks the labels of the output '${k}'; give one array per output (the outputs are ${names.map((o) => `'${o}'`).join(', ')}).`);
          return one(object[k], `${name}.${k}`);
        });
      }
      // One array for a list of one input: a tensor, or the list of it.
      if (n === 1 && !(Array.isArray(value) && value.length === 1 && value[0] instanceof Tensor)) return [one(value as TensorLike, name)];
      if (!Array.isArray(value) || value.length !== n) {
        const byName = what === 'outputs' ? `, or an object of them by output name (${(template as readonly KerasTensor[]).map(layerNameOf).join(', ')})` : '';
        throw new Error(`${op}: ${name} must be an array of ${n} arrays or tensors (the model has ${n} ${what})${byName}, got ${describe(value)}.`);
      }
      return (value as readonly TensorLike[]).map((v, i) => one(v, `${name}[${i}]`));
    }
    const keys = Object.keys(template).sort();
    if (what === 'outputs' && Array.isArray(value) && value.length === keys.length && (keys.length > 1 || value[0] instanceof Tensor)) {
      // Keras packs an array of labels as the outputs (an object's values by key sorted).
      const out: Record<string, Tensor> = {};
      keys.forEach((k, i) => (out[k] = one((value as readonly TensorLike[])[i]!, `${name}[${i}]`)));
      return out;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Tensor || ArrayBuffer.isView(value)) {
      const asArray = what === 'outputs' ? ` (or an array of ${keys.length}, in the order of those keys)` : '';
      throw new Error(`${op}: ${name} must be an object of arrays or tensors with the keys ${keys.join(', ')} (the model's ${what})${asArray}, got ${describe(value)}.`);
    }
    const object = value as { readonly [key: string]: TensorLike };
    const out: Record<string, Tensor> = {};
    for (const k of keys) {
      if (object[k] === undefined) throw new Error(`${op}: ${name} lacks the key '${k}' of the model's ${what}.`);
      out[k] = one(object[k], `${name}.${k}`);
    }
    return out;
  }

  /**
   * `sampleWeight` as the steps take it (Keras' array data adapter, then CompileLoss per output):
   * one tensor, shared by every output (for several outputs, one weight per sample: shape `[n]` or
   * `[n, 1]`); or for a model of several outputs, an array (in the outputs' order) or an object
   * by output name with an entry per output, null for none. An array of numbers is one tensor.
   */
  private toSampleWeights(value: unknown, op: string, name: string): SampleWeights | null {
    if (value === undefined || value === null) return null;
    const names = this.compileOutputs().names;
    const perOutput = isPlainObject(value) || (Array.isArray(value) && value.some((v) => typeof v !== 'number' && typeof v !== 'boolean'));
    if (names.length === 1 || !perOutput) {
      const weights = toDataTensor(value as TensorLike, this.dtype, op, name);
      if (names.length > 1 && !(weights.rank === 1 || (weights.rank === 2 && weights.shape[1] === 1))) {
        throw new Error(`${op}: For a model with multiple outputs, when providing a single \`${name}\` array, it should only have one scalar score per sample (i.e. shape [numSamples]), got shape [${weights.shape.join(', ')}]. If you want to use non-scalar sample weights, pass a \`${name}\` argument with one array per model output (an array, or an object by output name).`);
      }
      return weights;
    }
    const outputs = `the model's outputs are ${names.map((k) => `'${k}'`).join(', ')}`;
    const mismatch = (got: string): Error => new Error(`${op}: You should provide one \`${name}\` array per output in \`y\` (null for an output whose samples weigh 1; ${outputs}), got ${got}.`);
    if (Array.isArray(value)) {
      if (value.length !== names.length) throw mismatch(describe(value));
      return value.map((w, i) => (w === null || w === undefined ? null : toDataTensor(w as TensorLike, this.dtype, op, `${name}[${i}]`)));
    }
    const byName = value as { readonly [output: string]: TensorLike | null };
    const unknown = Object.keys(byName).find((k) => !names.includes(k));
    if (unknown !== undefined) throw mismatch(`the key '${unknown}', which names no output`);
    const missing = names.find((k) => !(k in byName));
    if (missing !== undefined) throw mismatch(`no entry for the output '${missing}'`);
    return names.map((k) => (byName[k] === null || byName[k] === undefined ? null : toDataTensor(byName[k], this.dtype, op, `${name}.${k}`)));
  }

  /** How the model reads a dataset's elements: `x` and `y` structured as a functional model's
   * `inputs` (`outputs`), or one tensor for other models and models of one input (output); the
   * sample weights as `toSampleWeights` takes them; fit's class weights. */
  private elementReader(op: string, classWeight: ClassWeights | null = null): ElementReader {
    return {
      data: (value, name) => {
        const template = (name === 'x' ? this.#graph?.inputs : this.#graph?.outputs) ?? null;
        if ((template === null || template instanceof KerasTensor) && !(value instanceof Tensor)) {
          const what = name === 'x' ? 'input' : 'output';
          throw new Error(`${op}: the dataset's ${name} is ${describe(value)}, but the model has one ${what}: make each element's ${name} a tensor (an array or object of tensors is for a functional model of several ${what}s).`);
        }
        return this.toData(value, op, name, template);
      },
      sampleWeight: (value) => this.toSampleWeights(value, op, 'sampleWeight')!,
      classWeight,
    };
  }

  /** `classWeight` checked for how it is used: a model of one output, and no sample weights. */
  private checkedClassWeight(op: string, classWeight: unknown, sampleWeight: unknown): ClassWeights | null {
    const weights = checkClassWeight(classWeight, op);
    if (weights === null) return null;
    if (sampleWeight !== undefined && sampleWeight !== null) throw classAndSampleWeightError(op);
    if (this.compileOutputs().names.length > 1) throw classWeightOutputsError(op);
    return weights;
  }

  /** `data` with each sample weighing its class's weight (none without class weights). */
  private classWeighted(data: Dataset, classWeight: ClassWeights | null, op: string): Dataset {
    return classWeight === null ? data : { ...data, sampleWeight: classSampleWeights(tensorsOf(data.y), classWeight, this.dtype, op) };
  }

  private dataset(op: string, x: DataLike, y: DataLike, sampleWeight: SampleWeightLike | null | undefined, names = ['x', 'y', 'sampleWeight']): Dataset {
    const data: Dataset = {
      x: this.toData(x, op, names[0]!, this.#graph?.inputs ?? null),
      y: this.toData(y, op, names[1]!, this.#graph?.outputs ?? null),
      sampleWeight: this.toSampleWeights(sampleWeight, op, names[2]!),
    };
    checkCardinality(op, data);
    return data;
  }

  /**
   * Trains the model for `epochs` epochs over `x` and `y` (tensors or arrays, one row per sample)
   * in batches of `batchSize` (default 32), shuffled at each epoch unless `shuffle` is false.
   * `validationSplit` keeps the last fraction of the samples aside (taken before shuffling), or
   * `validationData: [x, y]` gives them; they are evaluated at each epoch's end. `sampleWeight`
   * (per output for several outputs) or `classWeight` weighs each sample's loss and the
   * `weightedMetrics` (not the `metrics`). Returns the
   * History: each epoch's `loss` (the batches' losses averaged, weighted by batch size), the
   * metrics, and `val_loss` and `val_<metric>`. With an optimizer of `useEma`, the trainable
   * weights take their moving averages when training ends (as Keras' fit, also when a callback
   * stops it early or throws; `evaluate` and `predict` do not).
   */
  fit(x: DataLike, y: DataLike, options?: ModelFitOptions): History;
  /** Keras 3's positional form: `fit(x, y, batchSize, epochs, verbose, callbacks, validationSplit,
   * validationData, shuffle, classWeight, sampleWeight, initialEpoch, stepsPerEpoch,
   * validationSteps, validationBatchSize, validationFreq)` (a null is the default where Keras's is
   * None; validationSteps and validationBatchSize only null: gradtape has neither). */
  fit(x: DataLike | TfDataset<unknown>, y?: DataLike | null, ...positional: FitPositional): History;
  /** Python's keyword arguments after positional ones, `fit(x, y, 32, epochs=10, verbose=0)`:
   * `fit(x, y, 32, { epochs: 10, verbose: 0 })`. */
  fit(x: DataLike | TfDataset<unknown>, y: DataLike | null, ...positionalThenOptions: PositionalThenOptions<FitPositional, ModelFitOptions>): History;
  /** Trains on a tf.data.Dataset of `[x, y]` (or `[x, y, sampleWeight]`) batches: an epoch is a
   * pass over it, or `stepsPerEpoch` batches (`batchSize`, `sampleWeight` and `validationSplit`
   * must not be given; `classWeight` weighs each batch's samples by their labels). For a functional model of several inputs (outputs), `x` (`y`) is an array
   * or object of tensors, as its `inputs` (`outputs`) are. */
  fit(dataset: TfDataset<unknown>, options?: ModelFitOptions): History;
  fit(x: DataLike | TfDataset<unknown>, yOrOptions?: DataLike | ModelFitOptions | null, ...rest: unknown[]): History {
    const op = `${this.qualifiedName}.fit`;
    const c = this.requireCompiled(op);
    const dataset = isTfDataset(x) ? x : null;
    const [options, y] = fitArguments(op, dataset, yOrOptions, rest, FIT_ARGUMENTS);
    const o = checkOptions(options, op, ['batchSize', 'epochs', 'verbose', 'callbacks', 'validationSplit', 'validationData', 'shuffle', 'initialEpoch', 'sampleWeight', 'classWeight', 'validationFreq', 'stepsPerEpoch'], '{epochs: 10, batchSize: 32}') as ModelFitOptions;
    if (dataset !== null) checkDatasetArguments(op, y, o.sampleWeight, o.batchSize);
    const classWeight = this.checkedClassWeight(op, o.classWeight, o.sampleWeight);
    const stepsPerEpoch = checkSteps(op, 'stepsPerEpoch', o.stepsPerEpoch);
    const batchSize = checkBatchSize(op, o.batchSize);
    const epochs = o.epochs ?? 1;
    const initialEpoch = o.initialEpoch ?? 0;
    if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${op}: epochs must be a non-negative integer, got ${describe(o.epochs)}.`);
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new Error(`${op}: initialEpoch must be a non-negative integer, got ${describe(o.initialEpoch)}.`);
    const verbose = checkVerbose(op, o.verbose);
    const shuffle = checkBoolean(o.shuffle, op, 'shuffle', true);
    const validationSplit = o.validationSplit ?? 0;
    if (typeof validationSplit !== 'number' || !(validationSplit >= 0 && validationSplit < 1)) {
      throw new Error(`${op}: validationSplit must be a number in [0, 1), got ${describe(o.validationSplit)}.`);
    }
    const callbacks = CallbackList.checked(o.callbacks, op);
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
        training = datasetSource(dataset, this.dtype, op, stepsPerEpoch, true, this.elementReader(op, classWeight));
      } else {
        let data = this.dataset(op, x as DataLike, y, o.sampleWeight);
        if (validationData === null && validationSplit > 0) {
          let held: Dataset;
          [data, held] = trainValidationSplit(op, data, validationSplit);
          validation = arraySource(held, batchSize, false);
        }
        // Keras weighs the classes of the training samples only (after the validation split).
        training = arraySource(this.classWeighted(data, classWeight, op), batchSize, shuffle);
      }
      if (isTfDataset(validationData)) {
        validation = datasetSource(validationData, this.dtype, op, null, true, this.elementReader(op));
      } else if (validationData !== null) {
        validation = arraySource(this.dataset(op, validationData[0], validationData[1], validationData[2], ['validationData[0]', 'validationData[1]', 'validationData[2]']), batchSize, false);
      }
      this.prepare(c, training);
      const params = { verbose, epochs, steps: training.steps };
      const history = new History(this, params);
      this.history = history;
      const list = new CallbackList(withProgbar(callbacks, verbose), this, params);
      // (Keras warns at every step; once per fit here.)
      if (this.trainableWeights.length === 0) console.warn(`${op}: The model does not have any trainable weights.`);
      const step = this.#trainFunction(c);
      const custom = overrides(this, 'trainStep');
      const stepOp = `${this.qualifiedName}.trainStep`;
      let logs: Logs = {};
      this.stopTraining = false;
      list.onTrainBegin();
      // Keras' `self._initial_epoch or initial_epoch`, read after onTrainBegin (a restored backup's epoch).
      const firstEpoch = this._initialEpoch || initialEpoch;
      try {
        for (let epoch = firstEpoch; epoch < epochs; epoch++) {
          list.onEpochBegin(epoch);
          this.zeroMetrics();
          let index = 0;
          let stepLogs: Logs | null = null;
          for (const batch of training.epoch()) {
            list.onTrainBatchBegin(index);
            // (The default step's logs are the trackers', read only when a callback wants them.)
            stepLogs = tidy(() => {
              const b = batch();
              const out = step(b.x, b.y, b.sampleWeight);
              return custom ? stepLogsToNumbers(out, stepOp) : null;
            });
            this._clearLosses();
            if (list.wantsTrainBatchLogs) list.onTrainBatchEnd(index, stepLogs ?? this.results(c));
            index++;
            if (this.stopTraining) break;
          }
          logs = stepLogs ?? this.results(c);
          if (validation !== null && validatesAfter(epoch)) {
            const validationLogs = this.evaluateLogs(c, validation, list);
            for (const [name, value] of Object.entries(validationLogs)) logs[`val_${name}`] = value;
          }
          // Keras' History is the last of the callbacks: it records what the others added (a learning rate).
          list.onEpochEnd(epoch, logs);
          history.onEpochEnd(epoch, logs);
          if (this.stopTraining || training.exhausted) break;
        }
      } finally {
        // As Keras' fit ends (the `finally` of its fit, when epochs > 0: also when a callback
        // stopped training or raised): with useEma the trainable variables take their moving
        // averages, before onTrainEnd. (An optimizer not built yet has none: nothing changes.)
        if (epochs > 0) c.optimizer.finalizeVariableValues(this.trainableWeights);
      }
      list.onTrainEnd(logs);
      return history;
    });
  }

  /**
   * The loss (and metrics) over `x` and `y`, in batches of `batchSize` in inference mode: the loss
   * alone when no metrics were compiled, else `[loss, ...metrics]`, or `{loss, <metric>: value}`
   * with `returnDict`. For a functional model of several outputs, the logs are also each metric as
   * `<output>_<metric>` and (with two or more output losses) each `<output>_loss`, listed in
   * Keras' order: the loss, the outputs' losses, then the metrics by name sorted.
   */
  evaluate(x: DataLike, y: DataLike, options?: EvaluateOptions): number | number[] | Logs;
  /** Keras 3's positional form: `evaluate(x, y, batchSize, verbose, sampleWeight, steps,
   * callbacks, returnDict)` (steps only null: gradtape has none). */
  evaluate(x: DataLike | TfDataset<unknown>, y?: DataLike | null, ...positional: EvaluatePositional): number | number[] | Logs;
  /** Python's keyword arguments after positional ones, `evaluate(x, y, 32, return_dict=True)`:
   * `evaluate(x, y, 32, { returnDict: true })`. */
  evaluate(x: DataLike | TfDataset<unknown>, y: DataLike | null, ...positionalThenOptions: PositionalThenOptions<EvaluatePositional, EvaluateOptions>): number | number[] | Logs;
  /** The loss (and metrics) over a tf.data.Dataset of `[x, y]` (or `[x, y, sampleWeight]`) batches. */
  evaluate(dataset: TfDataset<unknown>, options?: EvaluateOptions): number | number[] | Logs;
  evaluate(x: DataLike | TfDataset<unknown>, yOrOptions?: DataLike | EvaluateOptions | null, ...rest: unknown[]): number | number[] | Logs {
    const op = `${this.qualifiedName}.evaluate`;
    const c = this.requireCompiled(op);
    const dataset = isTfDataset(x) ? x : null;
    const [options, y] = fitArguments(op, dataset, yOrOptions, rest, EVALUATE_ARGUMENTS);
    const o = checkOptions(options, op, ['batchSize', 'verbose', 'returnDict', 'sampleWeight', 'callbacks'], '{batchSize: 32}') as EvaluateOptions;
    if (dataset !== null) checkDatasetArguments(op, y, o.sampleWeight, o.batchSize);
    const batchSize = checkBatchSize(op, o.batchSize);
    const verbose = checkVerbose(op, o.verbose);
    const returnDict = checkBoolean(o.returnDict, op, 'returnDict', false);
    const callbacks = withProgbar(CallbackList.checked(o.callbacks, op), verbose);
    const logs = tidy(() => {
      const source = dataset !== null ? datasetSource(dataset, this.dtype, op, null, true, this.elementReader(op)) : arraySource(this.dataset(op, x as DataLike, y, o.sampleWeight), batchSize, false);
      return this.evaluateLogs(c, source, new CallbackList(callbacks, this, { verbose, epochs: 1, steps: source.steps }));
    });
    return returnDict ? logs : flattenLogs(c, logs);
  }

  /**
   * One training step on `x` and `y` as a single batch (Keras' `train_on_batch`). The metrics are
   * reset first, as Keras 3 does: the results are this batch's (the loss before the update).
   */
  /** Keras 3's positional form: `trainOnBatch(x, y, sampleWeight, classWeight, returnDict)`. */
  trainOnBatch(x: DataLike, y: DataLike, ...positional: TrainOnBatchPositional): number | number[] | Logs;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  trainOnBatch(x: DataLike, y: DataLike, ...positionalThenOptions: PositionalThenOptions<TrainOnBatchPositional, TrainOnBatchOptions>): number | number[] | Logs;
  trainOnBatch(x: DataLike, y: DataLike, options?: TrainOnBatchOptions): number | number[] | Logs;
  trainOnBatch(x: DataLike, y: DataLike, ...rest: unknown[]): number | number[] | Logs {
    return this.onBatch('trainOnBatch', x, y, rest, (c) => this.#trainFunction(c));
  }

  /** One evaluation step on `x` and `y` as a single batch (Keras' `test_on_batch`); the metrics
   * are reset first, as in `trainOnBatch`. */
  /** Keras 3's positional form: `testOnBatch(x, y, sampleWeight, returnDict)`. */
  testOnBatch(x: DataLike, y: DataLike, ...positional: TestOnBatchPositional): number | number[] | Logs;
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  testOnBatch(x: DataLike, y: DataLike, ...positionalThenOptions: PositionalThenOptions<TestOnBatchPositional, OnBatchOptions>): number | number[] | Logs;
  testOnBatch(x: DataLike, y: DataLike, options?: OnBatchOptions): number | number[] | Logs;
  testOnBatch(x: DataLike, y: DataLike, ...rest: unknown[]): number | number[] | Logs {
    return this.onBatch('testOnBatch', x, y, rest, (c) => this.#testFunction(c));
  }

  /** The model's outputs for `x` as a single batch, in inference mode (Keras' `predict_on_batch`);
   * an array or object of tensors for a functional model of several outputs (say so: `predictOnBatch<tf.Tensor[]>(x)`). */
  predictOnBatch(x: DataLike): Tensor;
  predictOnBatch<T extends LayerTensors>(x: DataLike): T;
  predictOnBatch(x: DataLike, ...rest: unknown[]): LayerTensors {
    // Keras 3's predict_on_batch(x) takes nothing more.
    if (rest.length > 0) throw new Error(`${this.qualifiedName}.predictOnBatch: got ${rest.length + 1} arguments where Keras 3 takes one (x).`);
    return tidy(() => {
      const outputs = this.apply<LayerTensors>(this.toData(x, `${this.qualifiedName}.predictOnBatch`, 'x', this.#graph?.inputs ?? null), { training: false });
      this._clearLosses();
      return outputs;
    });
  }

  /** Zeroes every metric of `metrics`: the loss tracker and the compiled metrics, and a subclass's
   * own trackers listed there (Keras' `reset_metrics`). */
  resetMetrics(): void {
    const c = this.#compiled;
    if (c !== null && c.metrics !== null) this.zeroMetrics();
  }

  private onBatch(name: 'trainOnBatch' | 'testOnBatch', x: DataLike, y: DataLike, args: readonly unknown[], stepOf: (c: Compiled) => Step): number | number[] | Logs {
    const op = `${this.qualifiedName}.${name}`;
    const c = this.requireCompiled(op);
    // Keras 3's order after (x, y). A plain object third is the options, unless the model has
    // several outputs and its keys all name them: sample weights by output name.
    const byOutput = (v: Record<string, unknown>): boolean => {
      const outputNames = this.compileOutputs().names;
      return outputNames.length > 1 && Object.keys(v).length > 0 && Object.keys(v).every((k) => outputNames.includes(k));
    };
    const options = kerasArguments(op, args, name === 'trainOnBatch' ? ['sampleWeight', 'classWeight', 'returnDict'] : ['sampleWeight', 'returnDict'], ['sampleWeight', 'classWeight'], {
      isOptions: (v) => isPlainObject(v) && !byOutput(v),
    });
    const o = checkOptions(options ?? {}, op, ['returnDict', 'sampleWeight', ...(name === 'trainOnBatch' ? ['classWeight'] : [])], '{returnDict: true}') as TrainOnBatchOptions;
    const returnDict = checkBoolean(o.returnDict, op, 'returnDict', false);
    const classWeight = this.checkedClassWeight(op, o.classWeight, o.sampleWeight);
    const logs = tidy(() => {
      const data = this.classWeighted(this.dataset(op, x, y, o.sampleWeight), classWeight, op);
      this.prepare(c, arraySource(data, sampleCount(data.x), false));
      // Keras 3's train_on_batch and test_on_batch call reset_metrics before the step.
      this.zeroMetrics();
      const out = stepOf(c)(data.x, data.y, data.sampleWeight);
      const stepLogs = this.#logsAfter(c, overrides(this, name === 'trainOnBatch' ? 'trainStep' : 'testStep'), out, `${this.qualifiedName}.${name}`);
      this._clearLosses();
      return stepLogs;
    });
    return returnDict ? logs : flattenLogs(c, logs);
  }

  /** The model's outputs for `x`, computed in batches of `batchSize` in inference mode and concatenated. Keras 3's positional form: `predict(x, batchSize, verbose, steps, callbacks)` (steps only null: gradtape has none). */
  predict(x: DataLike | TfDataset<unknown>, ...positional: PredictPositional): Tensor;
  /** Python's keyword arguments after positional ones, `predict(x, 32, verbose=0)`: `predict(x, 32, { verbose: 0 })`. */
  predict(x: DataLike | TfDataset<unknown>, ...positionalThenOptions: PositionalThenOptions<PredictPositional, PredictOptions>): Tensor;
  /** The model's outputs for `x`, computed in batches of `batchSize` in inference mode and concatenated. */
  predict(x: DataLike | TfDataset<unknown>, options?: PredictOptions): Tensor;
  predict<T extends LayerTensors>(x: DataLike | TfDataset<unknown>, options?: PredictOptions): T;
  predict(x: DataLike | TfDataset<unknown>, ...rest: unknown[]): LayerTensors {
    const op = `${this.qualifiedName}.predict`;
    const options = kerasArguments(op, rest, ['batchSize', 'verbose', 'steps', 'callbacks'], ['batchSize', 'verbose', 'steps', 'callbacks'], { unsupported: { steps: null } });
    const o = checkOptions(options ?? {}, op, ['batchSize', 'verbose', 'callbacks'], '{batchSize: 32}') as PredictOptions;
    if (isTfDataset(x)) checkDatasetArguments(op, undefined, undefined, o.batchSize);
    const batchSize = checkBatchSize(op, o.batchSize);
    const verbose = checkVerbose(op, o.verbose);
    const callbacks = withProgbar(CallbackList.checked(o.callbacks, op), verbose);
    return tidy(() => {
      // A dataset's elements give their x (Keras ignores the y and sample weights they carry).
      let batches: Iterable<() => LayerTensors>;
      let steps: number | null;
      if (isTfDataset(x)) {
        const source = datasetSource(x, this.dtype, op, null, false, this.elementReader(op));
        const epoch = source.epoch();
        [batches, steps] = [(function* () { for (const batch of epoch) yield () => batch().x; })(), source.steps];
      } else {
        const xs = this.toData(x, op, 'x', this.#graph?.inputs ?? null);
        const slices = epochBatches(sampleCount(xs), batchSize, false);
        [batches, steps] = [slices.map((batch) => () => mapTensors(xs, batch)), slices.length];
      }
      const list = new CallbackList(callbacks, this, { verbose, epochs: 1, steps });
      list.onPredictBegin();
      const outputs: LayerTensors[] = [];
      for (const inputs of batches) {
        list.onPredictBatchBegin(outputs.length);
        const out = this.predictStep([inputs()]);
        if (list.wantsPredictBatchOutputs) list.onPredictBatchEnd(outputs.length, out);
        outputs.push(out);
      }
      this._clearLosses();
      if (outputs.length === 0 && isTfDataset(x)) throw new Error(`${op}: the dataset is empty.`);
      list.onPredictEnd();
      return joinBatches(outputs);
    });
  }

  /**
   * Keras' summary table: each layer's name and class, output shape and parameter count, then the
   * total, trainable and non-trainable parameters and their size. Prints it (console.log, or
   * `printFn`) and returns it.
   */
  summary(options: SummaryOptions = {}): string {
    const o = checkOptions(options ?? {}, `${this.qualifiedName}.summary`, ['printFn'], '{printFn: (text) => ...}') as SummaryOptions;
    const graph = this.#graph;
    const connected = graph !== null && !graph.sequentialLike ? graph.nodeSet : null;
    const text = summaryText(this.name, this.layers, this.trainableWeights, this.nonTrainableWeights, connected);
    (o.printFn ?? console.log)(text);
    return text;
  }

  /**
   * The options that make the model again. A functional model's is Keras' functional config:
   * `{name, trainable, layers, inputLayers, outputLayers}`, each layer serialized
   * (`{className, config, buildConfig}`) with its `name` and its calls in the model
   * (`inboundNodes: [{args: [inputs], kwargs}]`, each input KerasTensor as
   * `{className: '__keras_tensor__', config: {shape, dtype, kerasHistory: [layer, node, tensor]}}`),
   * and the model's inputs and outputs as `[layerName, nodeIndex, tensorIndex]`, structured as they
   * were given. Other models give the layer options (`{name, trainable, dtype}`).
   */
  override getConfig(): Record<string, unknown> {
    if (this.#graph === null) return super.getConfig();
    return functionalConfig(this.#graph, this.name, this.trainable) as unknown as Record<string, unknown>;
  }

  /**
   * A new model from `getConfig()`'s object (Keras' `Model.from_config`): a functional config
   * makes its layers again (new weights) and replays their calls; other configs are passed to the
   * constructor. Layer classes of your own come from `customObjects`.
   *
   * @example
   * ```ts
   * tf.keras.backend.clearSession();
   * const inputs = tf.keras.Input([3]);
   * const model = new tf.keras.Model({ inputs, outputs: new tf.keras.layers.Dense(2)(inputs) });
   * const config = model.getConfig();
   * console.log(config.inputLayers, config.outputLayers); // [ 'input_layer', 0, 0 ] [ 'dense', 0, 0 ]
   * const twin = tf.keras.Model.fromConfig(config);
   * console.log(twin.layers.map((l) => l.name), twin.countParams()); // [ 'input_layer', 'dense' ] 8
   * ```
   */
  static override fromConfig(config: Record<string, unknown>, options: DeserializeOptions = {}): Model {
    const op = `keras.${this.name}.fromConfig`;
    if (!isPlainObject(config)) throw new Error(`${op}: expected the object getConfig() returns, got ${describe(config)}.`);
    const customObjects = checkCustomObjects(options, op);
    const Cls = this as unknown as new (options: ModelOptions) => Model;
    if (!isFunctionalConfig(config)) return new Cls({ ...config } as ModelOptions);
    const { inputs, outputs, name, trainable } = functionalFromConfig(config as unknown as FunctionalConfig & Record<string, unknown>, { customObjects }, op);
    const model = new Cls({ inputs, outputs, ...(name === undefined ? {} : { name }) });
    if (trainable !== undefined) model.trainable = trainable;
    return model;
  }

  /** @internal A functional model is built by its graph; another model is built for the shape and,
   * when its layers are still unbuilt (a subclassed model), called once on zeros of that shape, as
   * Keras' `build` runs a subclassed model's call, so that its weights exist. */
  override _buildFromConfig(inputShape: Nest<LayerShape>): void {
    if (this.#graph !== null) return;
    this._buildFor(inputShape);
    const unbuilt = this._sublayers().some((l) => !l.built);
    if (unbuilt && Array.isArray(inputShape) && inputShape.every((d) => d === null || typeof d === 'number')) {
      tidy(() => {
        this.apply(zeros((inputShape as LayerShape).map((d) => d ?? 1), this.dtype), { training: false });
      });
      this._clearLosses();
    }
  }

  /**
   * The arguments `compile` was given, as data (Keras' `get_compile_config`): the optimizer
   * serialized (`{className, config}`; its state is in the weights), the losses and metrics by
   * name, `{className, config}` for objects, `{className: 'function', config: name}` for
   * functions of your own. Null when the model is not compiled.
   *
   * @example
   * ```ts
   * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
   * const config = model.getCompileConfig()!;
   * console.log(config.optimizer.className, config.loss, config.metrics); // Adam mse [ 'mae' ]
   * ```
   */
  getCompileConfig(): CompileConfig | null {
    const c = this.#compiled;
    if (c === null || this.#compileOptions === null) return null;
    return compileConfigOf(this.#compileOptions, c.optimizer, `${this.qualifiedName}.getCompileConfig`);
  }

  /** Compiles the model from `getCompileConfig()`'s data (Keras' `compile_from_config`): a new
   * optimizer of the saved class and options, the losses and metrics by name; your own from
   * `customObjects`. */
  compileFromConfig(config: CompileConfig, options: DeserializeOptions = {}): void {
    const op = `${this.qualifiedName}.compileFromConfig`;
    this.compile(compileOptionsFrom(config, checkCustomObjects(options, op), op));
  }

  /**
   * The model's architecture as JSON (Keras' `to_json`): `tf.keras.layers.serialize(model)`'s
   * `{className, config, buildConfig}`, functions of your own (activations) written by name.
   * `tf.keras.models.modelFromJson(json)` makes a new model from it.
   */
  toJson(): string {
    return modelToJson(this, `${this.qualifiedName}.toJson`);
  }

  /**
   * Node: saves the whole model to `path`: its architecture (the config as JSON), its weights,
   * and when it is compiled its compile config and optimizer state (slots and iterations), so
   * that `tf.keras.models.loadModel(path)` gives a model that predicts the same and resumes
   * training exactly. Two formats, by the path's ending:
   *
   * - '.keras': Keras 3's archive, as Python's `model.save('m.keras')` writes it (a zip of
   *   metadata.json, config.json with the compile config, and model.weights.h5 with the
   *   optimizer's variables), which Python's `keras.saving.load_model` loads, compiled, ready to
   *   predict or train on. Only what Keras has can be written: a layer class of your own, a
   *   Lambda, or a function of your own (an activation, a loss) is an error naming it.
   * - '.gtkeras': gradtape's own format (one checksummed file), for any model, your own layers
   *   and functions too (`customObjects` when loading).
   *
   * Other paths ('.h5', ...) are errors. The file is written atomically; `overwrite: false`
   * refuses to replace an existing file. In browsers, use `toBytes()`.
   *
   * @example
   * ```ts
   * const path = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-save.keras`;
   * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * model.compile({ optimizer: 'adam', loss: 'mse' });
   * model.save(path); // in Python: keras.saving.load_model(path)
   * const loaded = tf.keras.models.loadModel(path);
   * console.log(loaded.compiled, loaded.predict([[1, 2]]).arraySync()[0][0] === model.predict([[1, 2]]).arraySync()[0][0]); // true true
   * ```
   */
  save(path: string, options?: SaveOptions): void {
    saveModel(this, path, options, `${this.qualifiedName}.save`);
  }

  /**
   * The whole model as bytes, anywhere (browsers and workers too): what `save` writes, in
   * gradtape's format ('.gtkeras') or with `format: 'keras'` as Keras 3's '.keras' archive;
   * `tf.keras.models.fromBytes(bytes)` makes the model again from either.
   *
   * @example
   * ```ts
   * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * const archive = model.toBytes({ format: 'keras' });
   * console.log(String.fromCharCode(...archive.subarray(0, 2)), tf.keras.models.fromBytes(archive).countParams()); // PK 3
   * ```
   */
  toBytes(options?: ModelToBytesOptions): Uint8Array {
    return modelToBytes(this, options, `${this.qualifiedName}.toBytes`);
  }

  /**
   * Node: saves the model's weights to `path`, in Keras 3's format when it ends in '.weights.h5'
   * (as Keras' `model.save_weights`), else in gradtape's own, which needs a path ending in
   * '.gtweights'. Both name the weights by the model's structure as Keras does (a layer's
   * `vars/0`, ..., under `layers/dense`, `layers/dense_1`, ...), so `loadWeights` puts them into
   * any model of the same architecture, whatever its layers' names; and Python Keras 3's
   * `model.load_weights('m.weights.h5')` loads a '.weights.h5' file into the same model built
   * there, layer for layer. A '.weights.h5' file of a compiled model holds its optimizer's
   * variables too (its iterations, learning rate and slots under 'optimizer/vars', as Keras
   * writes them); a '.gtweights' file holds the weights only. Other paths ('.keras', Keras 2
   * '.h5') are errors. The file is written atomically;
   * `overwrite: false` refuses to replace an existing file. In browsers, use `weightsToBytes()`.
   *
   * @example
   * ```ts
   * const path = `${process.getBuiltinModule('node:os').tmpdir()}/gradtape-doc-save-weights.weights.h5`;
   * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * model.saveWeights(path); // in Python: model.load_weights(path), the same Sequential built in Keras
   * const copy = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * copy.loadWeights(path);
   * console.log(copy.predict([[1, 2]]).arraySync()[0][0] === model.predict([[1, 2]]).arraySync()[0][0]); // true
   * ```
   */
  saveWeights(path: string, options?: SaveOptions): void {
    saveWeights(this, path, options, `${this.qualifiedName}.saveWeights`);
  }

  /**
   * Node: loads weights `saveWeights` wrote (or the weights of a whole model's '.gtkeras' file)
   * into this model, which must be built and of the same architecture; a file that does not fit
   * (another structure, shape or dtype) or is damaged is an error that changes nothing.
   *
   * Keras' own files load too, recognized by their contents: Keras 3's `model.save_weights`
   * ('.weights.h5'), the weights of a Keras 3 `.keras` archive, and Keras 2 / tf.keras HDF5 weights
   * ('.h5', loaded by layer order as Keras 2 does). Keras 3's weights go where Keras puts them:
   * by the model's structure (layers numbered by class, `layers/dense_1/vars/0`), not by layer
   * names, so the model must be built as in Python, layer for layer; a layer that finds another
   * number of variables or another shape is an error naming the layer and the variable. Into a
   * compiled model, a Keras 3 file's optimizer variables load too, as Keras' `load_weights` loads
   * them: into the optimizer as it is, so they must be exactly its variables (those of a trained
   * optimizer into one that has taken a step, an unbuilt one's iterations and learning rate into
   * one that has not); else a warning says they were skipped and the optimizer is left as it is.
   */
  loadWeights(path: string): void {
    loadWeights(this, path, `${this.qualifiedName}.loadWeights`);
  }

  /**
   * The model's weights as bytes, anywhere (browsers and workers too): what `saveWeights` writes,
   * in gradtape's format ('.gtweights') or with `format: 'h5'` in Keras 3's ('.weights.h5', for
   * Python Keras' `model.load_weights`; a compiled model's optimizer variables included).
   *
   * @example
   * ```ts
   * const model = new tf.keras.Sequential([tf.keras.Input([2]), new tf.keras.layers.Dense(1)]);
   * const h5 = model.weightsToBytes({ format: 'h5' });
   * console.log(String.fromCharCode(...h5.subarray(1, 4))); // HDF
   * ```
   */
  weightsToBytes(options?: WeightsToBytesOptions): Uint8Array {
    return weightsToBytes(this, options, `${this.qualifiedName}.weightsToBytes`);
  }

  /** Loads weights from `weightsToBytes()`'s bytes (or a whole model's `toBytes()`), or from the
   * bytes of Keras' weights files and `.keras` archives, as `loadWeights` (anywhere; outside Node a
   * `.keras` archive must have its members stored uncompressed, as Keras writes them). */
  weightsFromBytes(bytes: Uint8Array): void {
    weightsFromBytes(this, bytes, `${this.qualifiedName}.weightsFromBytes`);
  }
}

// Keras serializes a functional model under the class name 'Functional'.
registerLayerClass('Functional', Model);
