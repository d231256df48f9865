// `compile`'s arguments as data and back (Keras' `get_compile_config` / `compile_from_config`,
// keras/src/trainers/trainer.py): the optimizer serialized with its options (its state lives in the
// weights, not here), the losses and metrics as names, `{className, config}` for objects, and
// `{className: 'function', config: name}` for functions, in the structure they were given (per
// output: an array or an object).

import { describe, isPlainObject } from '../describe';
import * as losses from '../losses';
import * as metrics from '../metrics';
import type * as opt from '../optimizers';
import { type Serialized, deserialize as deserializeOptimizer, serialize as serializeOptimizer } from '../serialization';
import type { CompileOptions } from './model';

/** `compile`'s options as data (Keras' compile config, in camelCase). */
export interface CompileConfig {
  /** The optimizer, `{className, config}` (tf.keras.optimizers.serialize). */
  optimizer: Serialized;
  /** The loss (or losses per output, an array or object): names, `{className, config}`, `{className: 'function', config: name}`. */
  loss: unknown;
  /** The outputs' loss weights as given, or null. */
  lossWeights: unknown;
  /** The metrics (per output, an array or object) as the loss, or null. */
  metrics: unknown;
  /** The weighted metrics (`weightedMetrics`) as the metrics, or null. */
  weightedMetrics: unknown;
  /** `runEagerly` as given (default false). */
  runEagerly: boolean;
  /** `jitCompile` as given (default 'auto'). */
  jitCompile: boolean | 'auto';
}

/** A class or function of your own, as a config writes it: by its name. */
function custom(value: unknown, what: string, op: string): unknown {
  const getConfig = (value as { getConfig?: unknown }).getConfig;
  if (typeof value === 'function' && typeof getConfig !== 'function') {
    if (value.name === '') throw new Error(`${op}: a ${what} function without a name cannot be saved; use a named function (and pass it in customObjects when loading).`);
    return { className: 'function', config: value.name };
  }
  if (typeof getConfig !== 'function') throw new Error(`${op}: the ${what} ${describe(value)} has no getConfig(), so it cannot be saved.`);
  return { className: (Object.getPrototypeOf(value) as { constructor: { name: string } }).constructor.name, config: getConfig.call(value) };
}

/** One loss as data: a name as it is, a built-in loss object or function serialized, one of your own by name. */
function lossData(loss: unknown, op: string): unknown {
  if (loss === null || loss === undefined || typeof loss === 'string') return loss ?? null;
  try {
    return losses.serialize(loss as losses.Loss);
  } catch {
    return custom(loss, 'loss', op);
  }
}

/** One metric as data, as lossData. */
function metricData(metric: unknown, op: string): unknown {
  if (metric === null || metric === undefined || typeof metric === 'string') return metric ?? null;
  if (metric instanceof metrics.Metric) {
    try {
      return metrics.serialize(metric);
    } catch {
      return custom(metric, 'metric', op);
    }
  }
  return custom(metric, 'metric', op);
}

/** `fn` applied to each entry of a structure of arrays and plain objects (a loss per output, metrics per output). */
function mapEntries(value: unknown, fn: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapEntries(v, fn));
  if (isPlainObject(value) && !('className' in value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapEntries(v, fn)]));
  return fn(value);
}

/** The compile config of `options` (as `compile` was given them) with the optimizer it resolved to. */
export function compileConfigOf(options: CompileOptions, optimizer: opt.Optimizer, op: string): CompileConfig {
  return {
    optimizer: serializeOptimizer(optimizer),
    loss: mapEntries(options.loss ?? null, (l) => lossData(l, op)),
    lossWeights: options.lossWeights ?? null,
    metrics: mapEntries(options.metrics ?? null, (m) => metricData(m, op)),
    weightedMetrics: mapEntries(options.weightedMetrics ?? null, (m) => metricData(m, op)),
    runEagerly: options.runEagerly ?? false,
    jitCompile: options.jitCompile ?? 'auto',
  };
}

/** A class or function of your own by the name a config gives, from `customObjects`. */
function fromCustomObjects(data: { className: string; config?: unknown }, customObjects: Record<string, unknown>, what: string, op: string): unknown {
  const isFunction = data.className === 'function';
  const name = isFunction ? String(data.config) : data.className;
  const found = Object.hasOwn(customObjects, name) ? customObjects[name] : undefined;
  if (found === undefined) return undefined;
  if (isFunction) return found;
  if (typeof found !== 'function') throw new Error(`${op}: customObjects.${name} must be a ${what} class, got ${describe(found)}.`);
  return new (found as new (config: unknown) => unknown)(data.config ?? {});
}

/** One loss or metric from data: names as they are; objects and functions from customObjects, else the built-ins. */
function entryFrom(data: unknown, customObjects: Record<string, unknown>, what: 'loss' | 'metric', op: string): unknown {
  if (data === null || typeof data === 'string') return data;
  if (!isPlainObject(data) || typeof data.className !== 'string') throw new Error(`${op}: a ${what} in the compile config must be a name or {className, config}, got ${describe(data)}.`);
  const found = fromCustomObjects(data as { className: string; config?: unknown }, customObjects, what, op);
  if (found !== undefined) return found;
  try {
    return what === 'loss' ? losses.deserialize(data as never) : metrics.deserialize(data as never);
  } catch (e) {
    const name = data.className === 'function' ? String(data.config) : data.className;
    throw new Error(`${op}: ${(e as Error).message} For a ${what} of your own, pass it in customObjects: { customObjects: { ${name} } }.`);
  }
}

/** `compile`'s options from a compile config (Keras' `compile_from_config`). */
export function compileOptionsFrom(config: unknown, customObjects: Record<string, unknown>, op: string): CompileOptions {
  if (!isPlainObject(config) || !isPlainObject(config.optimizer)) {
    throw new Error(`${op}: expected a compile config {optimizer, loss, metrics, ...} (as model.getCompileConfig() gives), got ${describe(config)}.`);
  }
  let optimizer: opt.Optimizer;
  try {
    optimizer = deserializeOptimizer(config.optimizer as unknown as Serialized);
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
  const options: CompileOptions = {
    optimizer,
    loss: mapEntries(config.loss ?? null, (l) => entryFrom(l, customObjects, 'loss', op)) as CompileOptions['loss'],
    metrics: mapEntries(config.metrics ?? null, (m) => entryFrom(m, customObjects, 'metric', op)) as CompileOptions['metrics'],
    // A config saved before weightedMetrics existed has none.
    weightedMetrics: mapEntries(config.weightedMetrics ?? null, (m) => entryFrom(m, customObjects, 'metric', op)) as CompileOptions['weightedMetrics'],
  };
  if (config.lossWeights !== null && config.lossWeights !== undefined) options.lossWeights = config.lossWeights as CompileOptions['lossWeights'];
  if (config.runEagerly !== undefined) options.runEagerly = config.runEagerly as boolean;
  if (config.jitCompile !== undefined) options.jitCompile = config.jitCompile as boolean | 'auto';
  return options;
}
