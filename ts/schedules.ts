// Keras 3 learning-rate schedules (keras/src/optimizers/schedules/learning_rate_schedule.py),
// `tf.keras.optimizers.schedules`. A schedule is callable like Keras's (`schedule(step)` returns
// the rate) and is accepted wherever a learning rate is: the optimizer calls it with `iterations`
// before each update, so the first update uses step 0. Rates are computed in float64 (Keras
// computes them in the dtype of `initial_learning_rate`, float32 by default).

import { makeConstant } from './creation';
import { describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { allocHost, getFloatx } from './dtype';
import { Tensor, type NestedArray, fromHost } from './tensor';

/** A learning-rate schedule: call it with a step to get the rate, or with a tensor (an array) of
 * steps to get a tensor of the rates at each, as Keras's schedules take `np.linspace(0, 100000)`. */
export interface LearningRateSchedule {
  (step: number): number;
  (step: Tensor | readonly NestedArray[]): Tensor;
}

/** The base class: subclasses give `call(step)`. Instances are functions with the subclass's
 * prototype, so `schedule(step)` and `schedule.call(step)` are the same. */
export abstract class LearningRateSchedule {
  // (Declared, not defined: the constructor sets it on the callable it returns.)
  /** The schedule's name (Keras's `name`). */
  declare readonly name: string;

  protected constructor(name: string) {
    const callable = function (step: number | Tensor | readonly NestedArray[]): number | Tensor {
      const schedule = callable as unknown as LearningRateSchedule;
      return typeof step === 'number' ? schedule.call(step) : ratesAt(schedule, step);
    };
    Object.setPrototypeOf(callable, new.target.prototype);
    Object.defineProperty(callable, 'name', { value: name, enumerable: true });
    return callable as unknown as LearningRateSchedule;
  }

  /** The learning rate at `step` (Keras's `__call__`). */
  abstract call(step: number): number;

  /** Sets the checked options as the schedule's properties, and remembers their names. */
  protected configure(options: Record<string, unknown>): void {
    Object.assign(this, options);
    Object.defineProperty(this, 'configKeys', { value: Object.keys(options) });
  }

  /**
   * The options that make this schedule again (Keras's `get_config`, with the constructor's
   * camelCase names): `new tf.keras.optimizers.schedules.ExponentialDecay(s.getConfig())`.
   *
   * @example
   * ```ts
   * const s = new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
   * const { decayRate, staircase, name } = s.getConfig();
   * console.log(decayRate, staircase, name); // 0.5 false ExponentialDecay
   * ```
   */
  getConfig(): Record<string, unknown> {
    const self = this as unknown as Record<string, unknown> & { configKeys: string[] };
    const config: Record<string, unknown> = {};
    for (const key of self.configKeys) config[key] = Array.isArray(self[key]) ? (self[key] as number[]).slice() : self[key];
    config.name = this.name;
    return config;
  }
}

/** The rates of `schedule` at a tensor (or array) of steps, a tensor of their shape: Keras casts
 * the steps to the dtype of the initial rate (floatx) and computes elementwise, so an integer
 * tensor of steps gives floatx rates too. Computed on the host, a step at a time. */
function ratesAt(schedule: LearningRateSchedule, step: Tensor | readonly NestedArray[]): Tensor {
  if (!(step instanceof Tensor) && !Array.isArray(step)) {
    throw new TypeError(`schedules.${schedule.name}: the step must be a number, a tensor or an array of numbers, got ${describe(step)}.`);
  }
  const steps = makeConstant(step as Tensor | NestedArray[], undefined, `schedules.${schedule.name}`);
  if (steps.dtype === 'bool') {
    throw new TypeError(`schedules.${schedule.name}: the steps must be real numbers, got a ${steps.dtype} tensor.`);
  }
  const values = steps.dataSync() as ArrayLike<number>;
  const dtype = getFloatx();
  const rates = allocHost(dtype, values.length);
  for (let i = 0; i < values.length; i++) rates[i] = schedule.call(Number(values[i]));
  return fromHost(rates, [...steps.shape], dtype);
}

/** A schedule constructor's arguments as its options: one options object, or positionally in
 * Keras 3's order (`names`); a null name (or warmupTarget) is the default. */
function scheduleArguments(cls: string, args: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  return kerasArguments(`schedules.${cls}`, args, names, ['name', 'warmupTarget']) ?? {};
}

type Kind = 'number' | 'positive' | 'bool' | 'numbers' | 'nullableNumber';

/** Checks `options` against `spec` (key → [kind, default or undefined when required]). */
function read(cls: string, options: unknown, spec: Record<string, readonly [Kind, unknown]>): Record<string, unknown> {
  if (!isPlainObject(options)) throw new Error(`schedules.${cls}: options must be an object, got ${describe(options)}.`);
  const keys = [...Object.keys(spec), 'name'];
  const unknown = Object.keys(options).filter((k) => !keys.includes(k));
  if (unknown.length) {
    throw new Error(`schedules.${cls}: Argument(s) not recognized: ${unknown.join(', ')}. Accepted options: ${keys.join(', ')}.`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new Error(`schedules.${cls}: name must be a string, got ${describe(options.name)}.`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, [kind, fallback]] of Object.entries(spec)) {
    const v = options[key] ?? fallback;
    if (v === undefined) throw new Error(`schedules.${cls}: ${key} is required.`);
    const bad = (what: string) => new Error(`schedules.${cls}: ${key} must be ${what}, got ${describe(v)}.`);
    switch (kind) {
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
        break;
      case 'positive':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw bad('a finite number');
        if (v <= 0) throw new Error(`schedules.${cls}: Argument \`${key}\` must be > 0. Received: ${key}=${v}`);
        break;
      case 'bool':
        if (typeof v !== 'boolean') throw bad('true or false');
        break;
      case 'numbers':
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x))) throw bad('an array of finite numbers');
        break;
      case 'nullableNumber':
        if (v !== null && (typeof v !== 'number' || !Number.isFinite(v))) throw bad('a finite number or null');
        break;
    }
    out[key] = v;
  }
  return out;
}

/** Options of `new tf.keras.optimizers.schedules.ExponentialDecay(options)`. */
export interface ExponentialDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  decaySteps: number;
  /** The decay factor. */
  decayRate: number;
  /** Decay in discrete intervals: the step ratio is floored (default false). */
  staircase?: boolean;
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of ExponentialDecay after its required ones, in its order. */
type ExponentialDecayPositional = [
  staircase?: boolean, name?: string | null,
];

/**
 * `initialLearningRate * decayRate^(step / decaySteps)` (the exponent floored with `staircase`).
 *
 * @example
 * ```ts
 * const schedule = new tf.keras.optimizers.schedules.ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
 * console.log(schedule(0), schedule(100), schedule(200)); // 0.1 0.05 0.025
 * const optimizer = new tf.keras.optimizers.SGD({ learningRate: schedule });
 * console.log(optimizer.learningRate);                     // 0.1
 * ```
 *
 * Takes an options object, or Keras 3's positional arguments: `new ExponentialDecay(initialLearningRate, decaySteps, decayRate, staircase, name)`.
 */
export class ExponentialDecay extends LearningRateSchedule {
  /** The learning rate at step 0. */
  declare readonly initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  declare readonly decaySteps: number;
  /** The decay factor. */
  declare readonly decayRate: number;
  /** Decay in discrete intervals: the step ratio is floored (default false). */
  declare readonly staircase: boolean;
  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, ...positional: ExponentialDecayPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, ...positionalThenOptions: PositionalThenOptions<ExponentialDecayPositional, Omit<ExponentialDecayOptions, 'initialLearningRate' | 'decaySteps' | 'decayRate'>>);
  /** Python's `ExponentialDecay(initial_learning_rate, <keyword arguments>)`: the rest in a last options object. */
  constructor(initialLearningRate: number, options: Omit<ExponentialDecayOptions, 'initialLearningRate'>);
  constructor(options: ExponentialDecayOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('ExponentialDecay', args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name']);
    const o = read('ExponentialDecay', options, {
      /** The learning rate at step 0. */
      initialLearningRate: ['number', undefined], decaySteps: ['positive', undefined], decayRate: ['number', undefined], staircase: ['bool', false],
    });
    super((options.name as string | undefined) ?? 'ExponentialDecay');
    this.configure(o);
  }
  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate * this.decayRate ** p;
  }
}

/** Options of `new tf.keras.optimizers.schedules.InverseTimeDecay(options)`. */
export interface InverseTimeDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  decaySteps: number;
  /** The decay factor. */
  decayRate: number;
  /** Decay in discrete intervals: the step ratio is floored (default false). */
  staircase?: boolean;
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of InverseTimeDecay after its required ones, in its order. */
type InverseTimeDecayPositional = [
  staircase?: boolean, name?: string | null,
];

/** `initialLearningRate / (1 + decayRate * step / decaySteps)` (the ratio floored with `staircase`). Takes an options object, or Keras 3's positional arguments: `new InverseTimeDecay(initialLearningRate, decaySteps, decayRate, staircase, name)`. */
export class InverseTimeDecay extends LearningRateSchedule {
  /** The learning rate at step 0. */
  declare readonly initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  declare readonly decaySteps: number;
  /** The decay factor. */
  declare readonly decayRate: number;
  /** Decay in discrete intervals: the step ratio is floored (default false). */
  declare readonly staircase: boolean;
  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, ...positional: InverseTimeDecayPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(initialLearningRate: number, decaySteps: number, decayRate: number, ...positionalThenOptions: PositionalThenOptions<InverseTimeDecayPositional, Omit<InverseTimeDecayOptions, 'initialLearningRate' | 'decaySteps' | 'decayRate'>>);
  /** Python's `InverseTimeDecay(initial_learning_rate, <keyword arguments>)`: the rest in a last options object. */
  constructor(initialLearningRate: number, options: Omit<InverseTimeDecayOptions, 'initialLearningRate'>);
  constructor(options: InverseTimeDecayOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('InverseTimeDecay', args, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name']);
    const o = read('InverseTimeDecay', options, {
      /** The learning rate at step 0. */
      initialLearningRate: ['number', undefined], decaySteps: ['positive', undefined], decayRate: ['number', undefined], staircase: ['bool', false],
    });
    super((options.name as string | undefined) ?? 'InverseTimeDecay');
    this.configure(o);
  }
  call(step: number): number {
    let p = step / this.decaySteps;
    if (this.staircase) p = Math.floor(p);
    return this.initialLearningRate / (1 + this.decayRate * p);
  }
}

/** Options of `new tf.keras.optimizers.schedules.PolynomialDecay(options)`. */
export interface PolynomialDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  decaySteps: number;
  /** The rate reached after `decaySteps` (default 0.0001). */
  endLearningRate?: number;
  /** The exponent of the polynomial (default 1: linear). */
  power?: number;
  /** Restart the decay past `decaySteps`, over the next multiple of it (default false). */
  cycle?: boolean;
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of PolynomialDecay after its required ones, in its order. */
type PolynomialDecayPositional = [
  endLearningRate?: number, power?: number, cycle?: boolean, name?: string | null,
];

/**
 * `(initialLearningRate - endLearningRate) * (1 - s/decaySteps)^power + endLearningRate` with
 * `s = min(step, decaySteps)`; with `cycle`, decaySteps becomes its first multiple at or above
 * the step (1× at step 0) instead.
 *
 * Takes an options object, or Keras 3's positional arguments: `new PolynomialDecay(initialLearningRate, decaySteps, endLearningRate, power, cycle, name)`.
 */
export class PolynomialDecay extends LearningRateSchedule {
  /** The learning rate at step 0. */
  declare readonly initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  declare readonly decaySteps: number;
  /** The rate reached after `decaySteps` (default 0.0001). */
  declare readonly endLearningRate: number;
  /** The exponent of the polynomial (default 1: linear). */
  declare readonly power: number;
  /** Restart the decay past `decaySteps`, over the next multiple of it (default false). */
  declare readonly cycle: boolean;
  constructor(initialLearningRate: number, decaySteps: number, ...positional: PolynomialDecayPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(initialLearningRate: number, decaySteps: number, ...positionalThenOptions: PositionalThenOptions<PolynomialDecayPositional, Omit<PolynomialDecayOptions, 'initialLearningRate' | 'decaySteps'>>);
  /** Python's `PolynomialDecay(initial_learning_rate, <keyword arguments>)`: the rest in a last options object. */
  constructor(initialLearningRate: number, options: Omit<PolynomialDecayOptions, 'initialLearningRate'>);
  constructor(options: PolynomialDecayOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('PolynomialDecay', args, ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name']);
    const o = read('PolynomialDecay', options, {
      /** The learning rate at step 0. */
      initialLearningRate: ['number', undefined], decaySteps: ['positive', undefined], endLearningRate: ['number', 0.0001],
      /** The exponent of the polynomial (default 1: linear). */
      power: ['number', 1.0], cycle: ['bool', false],
    });
    super((options.name as string | undefined) ?? 'PolynomialDecay');
    this.configure(o);
  }
  call(step: number): number {
    let decaySteps = this.decaySteps;
    let s = step;
    if (this.cycle) decaySteps *= s === 0 ? 1 : Math.ceil(s / this.decaySteps);
    else s = Math.min(s, decaySteps);
    const p = s / decaySteps;
    return (this.initialLearningRate - this.endLearningRate) * (1 - p) ** this.power + this.endLearningRate;
  }
}

/** Options of `new tf.keras.optimizers.schedules.PiecewiseConstantDecay(options)`. */
export interface PiecewiseConstantDecayOptions {
  /** Increasing step boundaries, one fewer than `values`. */
  boundaries: number[];
  /** The rate in each interval: before the first boundary, between boundaries, after the last. */
  values: number[];
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of PiecewiseConstantDecay after its required ones, in its order. */
type PiecewiseConstantDecayPositional = [
  name?: string | null,
];

/** `values[0]` while `step <= boundaries[0]`, `values[i]` while `boundaries[i-1] < step <=
 * boundaries[i]`, and `values[last]` after the last boundary.
 *
 * Takes an options object, or Keras 3's positional arguments: `new PiecewiseConstantDecay(boundaries, values, name)`.
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  /** Increasing step boundaries, one fewer than `values`. */
  declare readonly boundaries: readonly number[];
  /** The rate in each interval: before the first boundary, between boundaries, after the last. */
  declare readonly values: readonly number[];
  constructor(boundaries: number[], values: number[], ...positional: PiecewiseConstantDecayPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(boundaries: number[], values: number[], ...positionalThenOptions: PositionalThenOptions<PiecewiseConstantDecayPositional, Omit<PiecewiseConstantDecayOptions, 'boundaries' | 'values'>>);
  constructor(options: PiecewiseConstantDecayOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('PiecewiseConstantDecay', args, ['boundaries', 'values', 'name']);
    const o = read('PiecewiseConstantDecay', options, { boundaries: ['numbers', undefined], values: ['numbers', undefined] });
    const boundaries = o.boundaries as number[];
    const values = o.values as number[];
    if (boundaries.length !== values.length - 1) {
      throw new Error(
        `schedules.PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. Received: boundaries of length ` +
          `${boundaries.length}, and values of length ${values.length}.`,
      );
    }
    super((options.name as string | undefined) ?? 'PiecewiseConstant');
    this.configure({ boundaries: boundaries.slice(), values: values.slice() });
  }
  call(step: number): number {
    const b = this.boundaries;
    const v = this.values;
    if (b.length === 0) return v[0]!;
    // Keras sums value * (step in range) over the ranges; for increasing boundaries one term is 1.
    let rate = 0;
    if (step <= b[0]!) rate += v[0]!;
    if (step > b[b.length - 1]!) rate += v[v.length - 1]!;
    for (let i = 1; i < b.length; i++) if (step > b[i - 1]! && step <= b[i]!) rate += v[i]!;
    return rate;
  }
}

/** Options of `new tf.keras.optimizers.schedules.CosineDecay(options)`. */
export interface CosineDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  decaySteps: number;
  /** The lowest rate, as a fraction of the initial one (default 0). */
  alpha?: number;
  /** The rate reached at the end of the linear warmup (default null: no warmup). */
  warmupTarget?: number | null;
  /** The length of the warmup in steps (default 0). */
  warmupSteps?: number;
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of CosineDecay after its required ones, in its order. */
type CosineDecayPositional = [
  alpha?: number, name?: string | null, warmupTarget?: number | null, warmupSteps?: number,
];

/**
 * Cosine decay with optional linear warmup. Without `warmupTarget`: `s = min(step, decaySteps)`,
 * `initialLearningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)`. With it:
 * linear from `initialLearningRate` to `warmupTarget` over `warmupSteps`, then the same decay
 * from `warmupTarget`.
 *
 * Takes an options object, or Keras 3's positional arguments: `new CosineDecay(initialLearningRate, decaySteps, alpha, name, warmupTarget, warmupSteps)`.
 */
export class CosineDecay extends LearningRateSchedule {
  /** The learning rate at step 0. */
  declare readonly initialLearningRate: number;
  /** The number of steps over which the rate decays (positive). */
  declare readonly decaySteps: number;
  /** The lowest rate, as a fraction of the initial one (default 0). */
  declare readonly alpha: number;
  /** The rate reached at the end of the linear warmup (default null: no warmup). */
  declare readonly warmupTarget: number | null;
  /** The length of the warmup in steps (default 0). */
  declare readonly warmupSteps: number;
  constructor(initialLearningRate: number, decaySteps: number, ...positional: CosineDecayPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(initialLearningRate: number, decaySteps: number, ...positionalThenOptions: PositionalThenOptions<CosineDecayPositional, Omit<CosineDecayOptions, 'initialLearningRate' | 'decaySteps'>>);
  /** Python's `CosineDecay(initial_learning_rate, <keyword arguments>)`: the rest in a last options object. */
  constructor(initialLearningRate: number, options: Omit<CosineDecayOptions, 'initialLearningRate'>);
  constructor(options: CosineDecayOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('CosineDecay', args, ['initialLearningRate', 'decaySteps', 'alpha', 'name', 'warmupTarget', 'warmupSteps']);
    const o = read('CosineDecay', options, {
      /** The learning rate at step 0. */
      initialLearningRate: ['number', undefined], decaySteps: ['positive', undefined], alpha: ['number', 0],
      /** The rate reached at the end of the linear warmup (default null: no warmup). */
      warmupTarget: ['nullableNumber', null], warmupSteps: ['number', 0],
    });
    super((options.name as string | undefined) ?? 'CosineDecay');
    this.configure(o);
  }
  private decay(step: number, from: number): number {
    const cosine = 0.5 * (1 + Math.cos(Math.PI * (step / this.decaySteps)));
    return from * ((1 - this.alpha) * cosine + this.alpha);
  }
  call(step: number): number {
    if (this.warmupTarget === null) return this.decay(Math.min(step, this.decaySteps), this.initialLearningRate);
    const s = Math.min(step, this.decaySteps + this.warmupSteps);
    if (s < this.warmupSteps) {
      return (this.warmupTarget - this.initialLearningRate) * (s / this.warmupSteps) + this.initialLearningRate;
    }
    return this.decay(s - this.warmupSteps, this.warmupTarget);
  }
}

/** Options of `new tf.keras.optimizers.schedules.CosineDecayRestarts(options)`. */
export interface CosineDecayRestartsOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The length of the first decay period in steps (positive). */
  firstDecaySteps: number;
  /** Each period is this many times longer than the previous one (default 2). */
  tMul?: number;
  /** Each period starts at this many times the previous start (default 1). */
  mMul?: number;
  /** The lowest rate, as a fraction of the initial one (default 0). */
  alpha?: number;
  /** The schedule's name (default: the class's Keras name). */
  name?: string;
}

/** Keras 3's positional arguments of CosineDecayRestarts after its required ones, in its order. */
type CosineDecayRestartsPositional = [
  tMul?: number, mMul?: number, alpha?: number, name?: string | null,
];

/** Cosine decay with warm restarts (SGDR): period `i` lasts `firstDecaySteps * tMul^i` steps
 * and starts at `initialLearningRate * mMul^i`; each decays to `alpha` times its start.
 *
 * Takes an options object, or Keras 3's positional arguments: `new CosineDecayRestarts(initialLearningRate, firstDecaySteps, tMul, mMul, alpha, name)`.
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  /** The learning rate at step 0. */
  declare readonly initialLearningRate: number;
  /** The length of the first decay period in steps (positive). */
  declare readonly firstDecaySteps: number;
  /** Each period is this many times longer than the previous one (default 2). */
  declare readonly tMul: number;
  /** Each period starts at this many times the previous start (default 1). */
  declare readonly mMul: number;
  /** The lowest rate, as a fraction of the initial one (default 0). */
  declare readonly alpha: number;
  constructor(initialLearningRate: number, firstDecaySteps: number, ...positional: CosineDecayRestartsPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(initialLearningRate: number, firstDecaySteps: number, ...positionalThenOptions: PositionalThenOptions<CosineDecayRestartsPositional, Omit<CosineDecayRestartsOptions, 'initialLearningRate' | 'firstDecaySteps'>>);
  /** Python's `CosineDecayRestarts(initial_learning_rate, <keyword arguments>)`: the rest in a last options object. */
  constructor(initialLearningRate: number, options: Omit<CosineDecayRestartsOptions, 'initialLearningRate'>);
  constructor(options: CosineDecayRestartsOptions);
  constructor(...args: unknown[]) {
    const options = scheduleArguments('CosineDecayRestarts', args, ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name']);
    const o = read('CosineDecayRestarts', options, {
      /** The learning rate at step 0. */
      initialLearningRate: ['number', undefined], firstDecaySteps: ['positive', undefined], tMul: ['number', 2.0], mMul: ['number', 1.0], alpha: ['number', 0],
    });
    super((options.name as string | undefined) ?? 'SGDRDecay');
    this.configure(o);
  }
  call(step: number): number {
    let fraction = step / this.firstDecaySteps;
    let restart: number;
    if (this.tMul === 1) {
      restart = Math.floor(fraction);
      fraction -= restart;
    } else {
      // the restart index i solves sum_{k<i} tMul^k <= fraction
      restart = Math.floor(Math.log(1 - fraction * (1 - this.tMul)) / Math.log(this.tMul));
      const before = (1 - this.tMul ** restart) / (1 - this.tMul);
      fraction = (fraction - before) / this.tMul ** restart;
    }
    const cosine = 0.5 * this.mMul ** restart * (1 + Math.cos(Math.PI * fraction));
    return this.initialLearningRate * ((1 - this.alpha) * cosine + this.alpha);
  }
}

// The classes under distinct names, for the type namespaces in index.ts (see optimizers.ts).
export type LearningRateScheduleClass = LearningRateSchedule;
export type ExponentialDecayClass = ExponentialDecay;
export type InverseTimeDecayClass = InverseTimeDecay;
export type PolynomialDecayClass = PolynomialDecay;
export type PiecewiseConstantDecayClass = PiecewiseConstantDecay;
export type CosineDecayClass = CosineDecay;
export type CosineDecayRestartsClass = CosineDecayRestarts;
