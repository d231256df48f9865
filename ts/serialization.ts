// Keras's optimizer identifiers: `keras.optimizers.get`, `serialize` and `deserialize`
// (keras/src/optimizers/__init__.py). A serialized optimizer is `{className, config}` with
// getConfig()'s options; a schedule learning rate in it is serialized the same way, so the whole
// survives JSON. (A plain function learning rate is kept as it is, and JSON drops it.)

import { describe, isPlainObject } from './describe';
import * as opt from './optimizers';
import { LossScaleOptimizer } from './loss-scale-optimizer';
import * as sched from './schedules';

/** An optimizer or schedule as data: its class's name and its getConfig() options. */
export interface Serialized {
  /** The class's name ('Adam', 'CosineDecay'). */
  className: string;
  /** Its getConfig() options. */
  config: Record<string, unknown>;
}

// (A function: loss-scale-optimizer.ts imports this module, so its class may not exist yet
// while this one loads.)
const optimizerClasses = () => ({
  SGD: opt.SGD, Adam: opt.Adam, AdamW: opt.AdamW, Nadam: opt.Nadam, RMSprop: opt.RMSprop, Adagrad: opt.Adagrad,
  Adadelta: opt.Adadelta, Adamax: opt.Adamax, Lion: opt.Lion, Ftrl: opt.Ftrl, Lamb: opt.Lamb, Adafactor: opt.Adafactor,
  Muon: opt.Muon, ScheduleFreeAdamW: opt.ScheduleFreeAdamW, LossScaleOptimizer,
}) as const;

const SCHEDULES = {
  ExponentialDecay: sched.ExponentialDecay, InverseTimeDecay: sched.InverseTimeDecay, PolynomialDecay: sched.PolynomialDecay,
  PiecewiseConstantDecay: sched.PiecewiseConstantDecay, CosineDecay: sched.CosineDecay, CosineDecayRestarts: sched.CosineDecayRestarts,
} as const;

/** The registered name of `object`'s class (not `constructor.name`, which a bundler may rename). */
function nameOf(classes: Record<string, { prototype: object }>, object: object, what: string): string {
  const entry = Object.entries(classes).find(([, C]) => Object.getPrototypeOf(object) === C.prototype);
  if (entry === undefined) throw new Error(`${what}: ${describe(object)} is not one of gradtape's Keras classes (${Object.keys(classes).join(', ')}).`);
  return entry[0];
}

/** The class named `name`, compared without case as Keras does ('adam', 'Adam', 'ADAM'). */
function lookup<T>(classes: Record<string, T>, name: unknown, what: string): T {
  const key = typeof name === 'string' ? Object.keys(classes).find((k) => k.toLowerCase() === name.toLowerCase()) : undefined;
  if (key === undefined) throw new Error(`${what}: unknown class name ${describe(name)}; one of ${Object.keys(classes).join(', ')}.`);
  return classes[key]!;
}

/** A learning-rate schedule as `{className, config}` (as an optimizer's config holds it). */
export function serializeSchedule(schedule: sched.LearningRateSchedule): Serialized {
  return { className: nameOf(SCHEDULES, schedule, 'serialize'), config: schedule.getConfig() };
}

/** A new schedule of `{className, config}`'s class (names compared without case) with those options. */
export function deserializeSchedule(serialized: Serialized): sched.LearningRateSchedule {
  const Schedule = lookup(SCHEDULES, serialized.className, 'deserialize') as new (options: unknown) => sched.LearningRateSchedule;
  return new Schedule(serialized.config);
}

/**
 * keras.optimizers.serialize(optimizer): `{className, config}`, the class's name and the options
 * that make another like it (a schedule learning rate serialized too). Its state is not in it.
 *
 * @example
 * ```ts
 * const s = tf.keras.optimizers.serialize(new tf.keras.optimizers.Adam({ learningRate: 0.01 }));
 * console.log(s.className, s.config.learningRate); // Adam 0.01
 * ```
 */
export function serialize(optimizer: opt.Optimizer): Serialized {
  if (!(optimizer instanceof opt.Optimizer)) throw new Error(`serialize: expected a tf.keras.optimizers object, got ${describe(optimizer)}.`);
  const config = optimizer.getConfig();
  const lr = config.learningRate;
  if (lr instanceof sched.LearningRateSchedule) config.learningRate = { className: nameOf(SCHEDULES, lr, 'serialize'), config: lr.getConfig() };
  return { className: nameOf(optimizerClasses(), optimizer, 'serialize'), config };
}

/** keras.optimizers.deserialize({className, config}): a new optimizer of that class (names
 * compared without case) with those options; a serialized schedule learning rate is made too. */
export function deserialize(serialized: Serialized): opt.Optimizer {
  if (!isPlainObject(serialized) || !isPlainObject(serialized.config ?? {})) {
    throw new Error(`deserialize: expected {className, config}, got ${describe(serialized)}.`);
  }
  const Cls = lookup(optimizerClasses(), serialized.className, 'deserialize');
  const config = { ...(serialized.config ?? {}) };
  // (Its first argument is the inner optimizer, serialized in the config.)
  if (Cls === LossScaleOptimizer) return LossScaleOptimizer.fromConfig(config);
  const lr = config.learningRate;
  if (isPlainObject(lr) && 'className' in lr) config.learningRate = deserializeSchedule(lr as unknown as Serialized);
  return new (Cls as new (options: unknown) => opt.Optimizer)(config);
}

/**
 * keras.optimizers.get(identifier): an optimizer object as it is; a class name ('adam', 'sgd', ...;
 * without case) as a new optimizer with Keras's defaults; `{className, config}` deserialized.
 *
 * @example
 * ```ts
 * const adam = tf.keras.optimizers.get('adam');
 * console.log(adam instanceof tf.keras.optimizers.Adam, adam.learningRate); // true 0.001
 * ```
 */
export function get(identifier: opt.Optimizer | string | Serialized): opt.Optimizer {
  if (identifier instanceof opt.Optimizer) return identifier;
  if (typeof identifier === 'string') return deserialize({ className: identifier, config: {} });
  if (isPlainObject(identifier)) return deserialize(identifier as Serialized);
  throw new Error(`get: Could not interpret optimizer identifier: ${describe(identifier)}.`);
}
