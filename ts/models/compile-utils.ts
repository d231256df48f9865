// What `model.compile` resolves (keras/src/trainers/compile_utils.py): the loss as a function of
// (yTrue, yPred) returning a scalar, and each metric as a stateful Metric named as Keras names it
// (the string given, e.g. 'mae' or 'accuracy'; a metric object's own name; a function's name).

import { describe, isPlainObject } from '../describe';
import * as losses from '../losses';
import * as metrics from '../metrics';
import { toSnakeCase } from '../layers/names';
import type { Tensor, TensorLike } from '../tensor';

/** A loss for `compile`: a `tf.keras.losses` name ('mse', 'sparse_categorical_crossentropy'), a
 * loss object, or a function of (yTrue, yPred) giving per-sample losses. */
export type LossLike = string | losses.Loss | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** A metric for `compile`: a `tf.keras.metrics` name ('mae', 'accuracy'), a Metric, or a function
 * of (yTrue, yPred) giving per-sample values (averaged by a MeanMetricWrapper). */
export type MetricLike = string | metrics.Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** Keras' LossFunctionWrapper: a loss object of a per-sample function, reduced 'sum_over_batch_size'
 * (the weighted values' sum over their count), ranks of labels and predictions reconciled first. */
class FunctionLoss extends losses.Loss {
  readonly #fn: (yTrue: TensorLike, yPred: TensorLike) => Tensor;
  constructor(fn: (yTrue: TensorLike, yPred: TensorLike) => Tensor) {
    super({}, fn.name || 'loss', 'LossFunctionWrapper');
    this.#fn = fn;
  }
  perSample(yTrue: Tensor, yPred: Tensor): Tensor {
    const [t, p] = losses.squeezeOrExpandToSameRank(yTrue, yPred);
    return this.#fn(t, p);
  }
}

/** The compiled loss of (yTrue, yPred, sampleWeight?): a Loss object as it is, a function (or a
 * name's function) wrapped as Keras wraps it. */
export function resolveLoss(identifier: LossLike, op: string): (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor {
  let loss: losses.Loss | losses.LossFunction | null;
  try {
    loss = losses.get(identifier as Parameters<typeof losses.get>[0]);
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
  if (loss === null) throw new Error(`${op}: could not interpret loss ${describe(identifier)}.`);
  const object = loss instanceof losses.Loss ? loss : new FunctionLoss(loss);
  return (yTrue, yPred, sampleWeight) => object.call(yTrue, yPred, sampleWeight);
}

/** Keras' is_binary_or_sparse_categorical: which accuracy 'accuracy' means for these shapes. */
function accuracyFor(yTrue: readonly number[], yPred: readonly number[], name: string): metrics.Metric {
  const trueLast = yTrue[yTrue.length - 1];
  const predLast = yPred[yPred.length - 1];
  if (predLast === 1) return new metrics.BinaryAccuracy({ name });
  if (yTrue.length < yPred.length || (trueLast === 1 && predLast !== undefined && predLast > 1)) return new metrics.SparseCategoricalAccuracy({ name });
  return new metrics.CategoricalAccuracy({ name });
}

/** The functions of tf.keras.losses and tf.keras.metrics (their aliases are the same functions). */
const BUILTIN_FUNCTIONS: ReadonlySet<unknown> = new Set([...Object.values(losses), ...Object.values(metrics)].filter((v) => typeof v === 'function'));

/** Keras' get_metric: the metric for `identifier`, given the shapes of a batch's labels and predictions. */
export function resolveMetric(identifier: MetricLike, yTrue: readonly number[], yPred: readonly number[], op: string): metrics.Metric {
  if (identifier instanceof metrics.Metric) return identifier;
  if (typeof identifier === 'string') {
    if (['accuracy', 'acc'].includes(identifier.toLowerCase())) return accuracyFor(yTrue, yPred, identifier);
    try {
      // Named as given ('mae' stays 'mae'), as Keras sets metric_obj.name = identifier.
      return metrics.deserialize({ className: identifier, config: { name: identifier } });
    } catch (e) {
      throw new Error(`${op}: ${(e as Error).message}`);
    }
  }
  if (typeof identifier === 'function') {
    // Keras names a function metric by its Python name: a built-in function ('binaryCrossentropy',
    // 'mse') by Keras's ('binary_crossentropy', 'mean_squared_error'), the user's own by its name.
    const name = BUILTIN_FUNCTIONS.has(identifier) ? toSnakeCase(identifier.name) : identifier.name || 'mean_metric_wrapper';
    return new metrics.MeanMetricWrapper(identifier as metrics.MetricFunction, { name });
  }
  throw new Error(`${op}: Could not interpret metric identifier: ${describe(identifier)}; use a name, a tf.keras.metrics object or a function.`);
}

// Several outputs (keras/src/trainers/compile_utils.py: CompileLoss, CompileMetrics; trainer.py).
// A functional model's outputs are named as Keras names them: by key when the outputs are an
// object, else by the name of the layer giving each (Keras' `output_names`).

/** `compile`'s loss: one for every output, or for a functional model one per output, as an array
 * (in the outputs' order) or an object by output name; null leaves an output without a loss. */
export type LossesLike = LossLike | readonly (LossLike | null)[] | { readonly [output: string]: LossLike | null };

/** `compile`'s loss weights: a number (for the one loss), or one per output as an array or an
 * object by output name (an output left out weighs 1). */
export type LossWeightsLike = number | readonly number[] | { readonly [output: string]: number };

/** The metrics of one output: a metric, an array of them, or null for none. */
export type OutputMetricsLike = MetricLike | readonly (MetricLike | null)[] | null;

/** `compile`'s metrics: for a model of one output, an array of metrics; for several outputs, an
 * array with an entry per output (a metric, an array of them, or null), or an object by output name. */
export type MetricsLike = readonly OutputMetricsLike[] | { readonly [output: string]: OutputMetricsLike };

/** The outputs a compiled loss and metrics refer to. */
export interface CompileOutputs {
  /** Each output's name, in flattening order: its key when the outputs are an object, else the
   * name of the layer giving it (one placeholder name for a model that is not functional). */
  readonly names: readonly string[];
  /** Whether the outputs are an object (a loss object may then leave outputs out, as in Keras). */
  readonly keyed: boolean;
  /** Whether the model is functional (only a functional model takes losses or metrics per output). */
  readonly functional: boolean;
}

/** The compiled loss of one output: its flat index, name, loss and weight (null: not weighted). */
export interface OutputLoss {
  readonly index: number;
  readonly name: string;
  readonly fn: (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor;
  readonly weight: number | null;
}

/** The metrics given for one output, made into Metric objects from a first batch's shapes. */
export interface OutputMetricSpecs {
  readonly index: number;
  /** The prefix of the metrics' log names (the output's name), or null for a model of one output. */
  readonly prefix: string | null;
  readonly specs: readonly MetricLike[];
  /** Whether the metrics are `weightedMetrics` (updated with the sample weights) rather than `metrics`. */
  readonly weighted: boolean;
}

const quoteList = (names: readonly string[]): string => `[${names.map((n) => `'${n}'`).join(', ')}]`;

/** Whether `value` is what a metric entry may be (Keras' is_function_like): a name, a function, a Metric or null. */
const isMetricLike = (value: unknown): value is MetricLike | null => value === null || typeof value === 'string' || typeof value === 'function' || value instanceof metrics.Metric;

/** Checks the keys of a per-output object against the outputs' names. */
function checkKeys(object: object, outputs: CompileOutputs, argument: string, op: string): void {
  for (const key of Object.keys(object)) {
    if (!outputs.names.includes(key)) {
      throw new Error(`${op}: In the dict argument \`${argument}\`, key '${key}' does not correspond to any model output. The outputs are ${outputs.names.map((k) => `'${k}'`).join(', ')}.`);
    }
  }
}

/** A loss weight: a finite number. */
function checkWeight(value: unknown, label: string, op: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${op}: ${label} must be a finite number, got ${describe(value)}.`);
  return value;
}

/**
 * Keras' CompileLoss, built: the loss of each output that has one, with its weight, in output
 * order (for an object of outputs given a loss object, in that object's order, as Keras walks its
 * items). One loss serves every output (each its own term, as Keras maps it over the outputs);
 * an array has an entry per output; an object is by output name (all of them for an array of
 * outputs, as Keras requires; any of them for an object of outputs). `lossWeights` is a number
 * for the one loss, or per output as an array or object (an output left out weighs 1).
 */
export function compileLosses(loss: LossesLike, lossWeights: LossWeightsLike | null | undefined, outputs: CompileOutputs, op: string): OutputLoss[] {
  const n = outputs.names.length;
  const perOutput = Array.isArray(loss) || isPlainObject(loss);
  if (perOutput && !outputs.functional) throw new Error(`${op}: a loss per output (an array or object) needs a functional model (new tf.keras.Model({ inputs, outputs })); give one loss.`);
  let perOutputLoss: (LossLike | null)[];
  // The order of the losses (their sum, their logs): the outputs', or for an object of outputs the
  // loss object's (Keras walks the loss dict's items).
  let order = outputs.names.map((_, i) => i);
  if (!perOutput) {
    perOutputLoss = outputs.names.map(() => loss as LossLike);
  } else if (Array.isArray(loss)) {
    if (loss.length !== n) {
      throw new Error(`${op}: For a model with multiple outputs, when providing the \`loss\` argument as a list, it should have as many entries as the model has outputs. Received: loss of length ${loss.length} whereas the model has ${n} outputs.`);
    }
    perOutputLoss = (loss as readonly (LossLike | null)[]).slice();
  } else {
    const byName = loss as { readonly [output: string]: LossLike | null };
    checkKeys(byName, outputs, 'loss', op);
    const missing = outputs.names.filter((name) => !(name in byName));
    if (!outputs.keyed && missing.length > 0) {
      throw new Error(`${op}: Expected keys ${quoteList(outputs.names)} in loss dict, but found loss.keys()=${quoteList(Object.keys(byName))}; give null for an output without a loss.`);
    }
    perOutputLoss = outputs.names.map((name) => byName[name] ?? null);
    if (outputs.keyed) order = Object.keys(byName).map((name) => outputs.names.indexOf(name));
  }

  // Keras pairs the weights with the losses given: one number with one loss (then with every
  // output's), an array or object with a loss per output.
  let weights: (number | null)[] = outputs.names.map(() => null);
  if (lossWeights !== undefined && lossWeights !== null) {
    const lossCount = perOutput ? n : 1;
    const weightCount = typeof lossWeights === 'number' ? 1 : Array.isArray(lossWeights) ? lossWeights.length : isPlainObject(lossWeights) ? Object.keys(lossWeights).length : -1;
    if (weightCount === -1) throw new Error(`${op}: lossWeights must be a number, or an array or object of numbers (one per output), got ${describe(lossWeights)}.`);
    if (typeof lossWeights === 'number') {
      if (lossCount !== 1) {
        throw new Error(`${op}: \`lossWeights\` must match the number of losses, got ${lossCount} losses and 1 weight; give one weight per output (an array or an object by output name).`);
      }
      const w = checkWeight(lossWeights, 'lossWeights', op);
      weights = outputs.names.map(() => w);
    } else {
      if (lossCount === 1 && n > 1) {
        throw new Error(`${op}: \`lossWeights\` must match the number of losses, got 1 losses and ${weightCount} weights; give the loss per output (an array or an object by output name) to weigh each output, or one number.`);
      }
      if (Array.isArray(lossWeights)) {
        if (lossWeights.length !== n) throw new Error(`${op}: \`lossWeights\` must match the number of losses, got ${n} losses and ${lossWeights.length} weights.`);
        weights = (lossWeights as readonly number[]).map((w, i) => checkWeight(w, `lossWeights[${i}]`, op));
      } else {
        if (!outputs.functional) throw new Error(`${op}: loss weights by output name (an object) need a functional model (new tf.keras.Model({ inputs, outputs })); give a number.`);
        const byName = lossWeights as { readonly [output: string]: number };
        checkKeys(byName, outputs, 'lossWeights', op);
        weights = outputs.names.map((name) => (name in byName ? checkWeight(byName[name], `lossWeights.${name}`, op) : null));
      }
    }
  }

  const compiled: OutputLoss[] = [];
  for (const index of order) {
    const l = perOutputLoss[index];
    if (l !== null && l !== undefined) compiled.push({ index, name: outputs.names[index]!, fn: resolveLoss(l, op), weight: weights[index]! });
  }
  return compiled;
}

/**
 * Keras' CompileMetrics, before the metrics are made: the metrics of each output that has some.
 * A model of one output takes an array of metrics (nested arrays flattened, as Keras does; or for
 * a functional model an object by its name), logged by the metrics' names. A model of several outputs takes an array with an entry per
 * output (a metric, an array of them, or null) or an object by output name, logged as
 * `<output>_<metric>`; Keras 3 does not apply a flat array to every output: it pairs its entries
 * with the outputs, and refuses an array of another length. `argument` is the compile option
 * given: `metrics`, or `weightedMetrics` (the same forms, updated with the sample weights).
 */
export function compileMetricSpecs(metricsArg: MetricsLike, outputs: CompileOutputs, op: string, argument: 'metrics' | 'weightedMetrics'): OutputMetricSpecs[] {
  const n = outputs.names.length;
  const weighted = argument === 'weightedMetrics';
  const isObject = isPlainObject(metricsArg);
  if (!Array.isArray(metricsArg) && !isObject) {
    throw new Error(`${op}: Expected \`${argument}\` argument to be a list, tuple, or dict (an array of metric names, objects or functions, or per output an array or object of them). Received instead: ${argument}=${describe(metricsArg)}`);
  }
  if (isObject) {
    if (!outputs.functional) throw new Error(`${op}: ${argument} by output name (an object) need a functional model (new tf.keras.Model({ inputs, outputs })); give an array of metrics.`);
    checkKeys(metricsArg, outputs, argument, op);
  }
  const listOf = (entry: OutputMetricsLike, label: string): MetricLike[] => {
    const list = Array.isArray(entry) ? (entry as readonly unknown[]) : [entry];
    const bad = list.find((m) => !isMetricLike(m));
    if (bad !== undefined) throw new Error(`${op}: All entries of ${label} should be metric objects (names, tf.keras.metrics objects or functions); found ${describe(bad)}.`);
    return list.filter((m): m is MetricLike => m !== null);
  };
  if (n === 1) {
    // Keras flattens the metrics of a model of one output: an object's values, nested arrays.
    const flat = isObject ? Object.keys(metricsArg).sort().flatMap((k) => listOf((metricsArg as Record<string, OutputMetricsLike>)[k]!, `\`${argument}.${k}\``)) : (metricsArg as readonly unknown[]).flatMap((m) => (Array.isArray(m) ? (m as unknown[]) : [m]));
    const bad = flat.find((m) => !isMetricLike(m));
    if (bad !== undefined) throw new Error(`${op}: Expected all entries in the \`${argument}\` list to be metric objects (names, tf.keras.metrics objects or functions). Received instead: ${describe(bad)}`);
    return [{ index: 0, prefix: null, specs: flat.filter((m): m is MetricLike => m !== null), weighted }];
  }
  if (Array.isArray(metricsArg)) {
    if (metricsArg.length !== n) {
      throw new Error(`${op}: For a model with multiple outputs, when providing the \`${argument}\` argument as a list, it should have as many entries as the model has outputs (each a metric, an array of metrics, or null). Received: ${argument} of length ${metricsArg.length} whereas the model has ${n} outputs.`);
    }
    return (metricsArg as readonly OutputMetricsLike[]).map((entry, index) => ({ index, prefix: outputs.names[index]!, specs: listOf(entry, `\`${argument}[${index}]\``), weighted }));
  }
  const byName = metricsArg as { readonly [output: string]: OutputMetricsLike };
  return outputs.names.flatMap((name, index) => (name in byName ? [{ index, prefix: name, specs: listOf(byName[name]!, `\`${argument}.${name}\``), weighted }] : []));
}

/** The metrics of one output, made. */
export interface OutputMetrics {
  readonly index: number;
  readonly prefix: string | null;
  readonly metrics: readonly metrics.Metric[];
  /** Whether they are updated with the sample weights (`weightedMetrics`). */
  readonly weighted: boolean;
}

/** Keras' CompileMetrics.result naming, over the `metrics` groups and then the `weightedMetrics`
 * ones: each metric as `<output>_<metric>` (its own name for a model of one output); a weighted
 * metric whose name is taken becomes `<output>_weighted_<metric>`; a name still repeated is
 * numbered `_1`, `_2`, ... */
export function namedMetrics(groups: readonly OutputMetrics[]): [string, metrics.Metric][] {
  const counters = new Map<string, number>();
  const named: [string, metrics.Metric][] = [];
  for (const group of groups) {
    const prefixed = (name: string): string => (group.prefix === null ? name : `${group.prefix}_${name}`);
    for (const m of group.metrics) {
      let name = prefixed(m.name);
      if (group.weighted && counters.has(name)) name = prefixed(`weighted_${m.name}`);
      const count = counters.get(name);
      if (count === undefined) {
        counters.set(name, 1);
      } else {
        counters.set(name, count + 1);
        name = `${name}_${count}`;
      }
      named.push([name, m]);
    }
  }
  return named;
}

/**
 * Keras' _flatten_metrics_in_order: the logs' values in the order of the metrics' names (`loss`,
 * each compiled metric's own name, each output's `<output>_loss`), then the other logs (the
 * prefixed metrics of a model of several outputs) by name sorted; the value alone when there is one.
 */
export function flattenLogsInOrder(logs: Readonly<Record<string, number>>, metricNames: readonly string[]): number | number[] {
  const names = [...new Set(metricNames)];
  const values = names.filter((name) => name in logs).map((name) => logs[name]!);
  for (const key of Object.keys(logs).sort()) if (!names.includes(key)) values.push(logs[key]!);
  return values.length === 1 ? values[0]! : values;
}
