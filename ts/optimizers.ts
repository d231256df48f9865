// Keras 3 optimizers, fused in Rust: one wasm call per variable per step clips the gradient,
// applies the decoupled weight decay and the optimizer's update, in place, in the variable's dtype
// (crates/gradtape-core/src/optim/ has the formulas, one file per optimizer). State is keyed by the
// variable object, never by position in the gradient list.
//
// Adding an optimizer: its UpdateRule in Rust (hyperparameters in order, slots, update) and a
// small class here naming its Keras kernel, its options in the same order and their defaults.

import { checkBoolean, checkOptions as checkKnownOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { Tensor, eagerSteps, handleOf, operationDone, scalarOf, shapeString } from './tensor';
import { beginOptimizerStep } from './host-steps';
import { GradientTape } from './tape';
import { cast, where } from './ops';
import { getFloatx } from './dtype';
import { toSnakeCase, uniqueName } from './layers/names';
import { Variable, freeSlotLists } from './variable';
import { LearningRateSchedule } from './schedules';
import { type HostArray, W, codes, copyIn, copyOut, lastError, reserveScratch, scratchF64View, tracing, writeScratch } from './wasm/runtime';

/** @internal The guard of an optimizer step in a compiled function's trace: `flag`, a boolean
 * scalar the trace computes, decides at every replay whether the step runs (otherwise its
 * variables, slots and counters stay as they were); `open` is its value in the traced call. */
export interface StepGuard {
  flag: Tensor;
  open: boolean;
}

/** A `[gradient, variable]` pair for `applyGradients` (Python's `zip(grads, vars)`); a null gradient is skipped. */
export type GradientPair = readonly [Tensor | null | undefined, Variable];

/** A learning rate: a number, a schedule (`tf.keras.optimizers.schedules`), or a function of the
 * step (`iterations` before the update, so the first update sees 0, as Keras's schedules do)
 * returning the rate. (A schedule is such a function: naming it apart in the union would give an
 * arrow function `(step) => ...` no parameter type, as a schedule may also be called with a
 * tensor of steps.) */
export type LearningRate = number | ((step: number) => number);

/** Options every optimizer takes (Keras 3's base optimizer arguments, in camelCase). Given
 * positionally, they follow each class's own hyperparameters in Keras 3's order: weightDecay,
 * clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum, emaOverwriteFrequency,
 * lossScaleFactor, gradientAccumulationSteps, name (a null for one whose Keras default is None is
 * that default). */
export interface BaseOptimizerOptions {
  /** The step size: a number, a schedule or a function of the step (default 0.01 for SGD, 0.001 for the others). */
  learningRate?: LearningRate;
  /** Deprecated alias of learningRate (Keras 2), accepted with a one-time warning. */
  lr?: number;
  /** The optimizer's name (default: Keras' automatic one, the class name in snake case, numbered
   * from the second one made in the session: `'adam'`, `'adam_1'`, ...). */
  name?: string;
  /** Decoupled weight decay: before each update, `w -= w * weightDecay * learningRate`. */
  weightDecay?: number | null;
  /** Clips each gradient to this L2 norm (`g * c / max(‖g‖, c)`); 0 or less: off. */
  clipnorm?: number | null;
  /** Clips each gradient element to `[-clipvalue, clipvalue]`; 0 or less: off. */
  clipvalue?: number | null;
  /** Scales all gradients together so their joint L2 norm is at most this; 0 or less: off. */
  globalClipnorm?: number | null;
  /** Keep a moving average of the variables (`finalizeVariableValues` copies it in; `model.fit` does at its end). */
  useEma?: boolean;
  /** The average's momentum (0.99): `avg = m*avg + (1 - m)*w`, with m = 0 on the first step. */
  emaMomentum?: number;
  /** Overwrite the variables with their averages every this many steps (null: never). */
  emaOverwriteFrequency?: number | null;
  /** Update only every this many calls, with the mean of the gradients since the last update. */
  gradientAccumulationSteps?: number | null;
  /** Mixed-precision loss scaling: `scaleLoss(loss)` multiplies a loss by it, and every update
   * divides the gradients by it first (null: off). */
  lossScaleFactor?: number | null;
}

const BASE_KEYS = [
  'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'gradientAccumulationSteps', 'lossScaleFactor',
] as const;

/** The base optimizer arguments in Keras 3's constructor order, after each class's own. */
const BASE_POSITIONAL = [
  'weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'useEma', 'emaMomentum', 'emaOverwriteFrequency', 'lossScaleFactor', 'gradientAccumulationSteps', 'name',
] as const;

/** The base arguments whose Keras default is None (a null for one is the default). The name's
 * default is a string in Keras, but None there is the automatic name too. */
const BASE_NONE_DEFAULTS: readonly string[] = ['weightDecay', 'clipnorm', 'clipvalue', 'globalClipnorm', 'emaOverwriteFrequency', 'lossScaleFactor', 'gradientAccumulationSteps', 'name'];

/** The base optimizer arguments positionally, in Keras 3's order (after the class's own). */
export type BaseOptimizerPositional = [
  weightDecay?: number | null,
  clipnorm?: number | null,
  clipvalue?: number | null,
  globalClipnorm?: number | null,
  useEma?: boolean,
  emaMomentum?: number,
  emaOverwriteFrequency?: number | null,
  lossScaleFactor?: number | null,
  gradientAccumulationSteps?: number | null,
  name?: string | null,
];

/**
 * An optimizer constructor's arguments as its options: one options object, or Keras 3's
 * positional `(learning_rate, <the class's own hyperparameters, in order>, weight_decay,
 * clipnorm, clipvalue, global_clipnorm, use_ema, ema_momentum, ema_overwrite_frequency,
 * loss_scale_factor, gradient_accumulation_steps, name)`. `names` replaces that whole order for
 * the classes whose Keras order differs (AdamW, Muon).
 */
function optimizerArguments(cls: string, args: readonly unknown[], own: readonly string[], names?: readonly string[], noneIsDefault: readonly string[] = BASE_NONE_DEFAULTS): BaseOptimizerOptions & Record<string, unknown> {
  if (typeof args[0] === 'object' && args[0] !== null && !isPlainObject(args[0]) && !Array.isArray(args[0])) {
    // (an object that is not an options object: say what was expected)
    throw new Error(`${cls}: the first argument must be the learning rate (a number, a schedule or a function) or an options object like {learningRate: 0.01}, got ${describe(args[0])}.`);
  }
  return kerasArguments(cls, args, names ?? ['learningRate', ...own, ...BASE_POSITIONAL], noneIsDefault) ?? {};
}

const warnedLr = new Set<string>();

/** Prototypes whose hyperparameter properties are defined. */
const withHyperparameters = new WeakSet<object>();

/**
 * Makes each hyperparameter of `spec` a property of the optimizer class `proto` whose setter checks
 * the value and keeps the kernel's list current (Keras reads them at every step, so setting one
 * changes the next steps, as it does there). On the prototype, once per class: properties defined
 * on each instance would give every optimizer a hidden class of its own, and the code that handles
 * optimizers would slow down for every new one.
 */
function defineHyperparameters(proto: object, spec: Spec): void {
  if (withHyperparameters.has(proto)) return;
  withHyperparameters.add(proto);
  Object.entries(spec).forEach(([key, [kind]], index) => {
    if (key in proto) return; // (a subclass's prototype inherits them)
    Object.defineProperty(proto, key, {
      configurable: true,
      get(this: { hyperGiven: (number | boolean | null)[] }) {
        return this.hyperGiven[index];
      },
      set(this: { kerasName: string; hyperGiven: (number | boolean | null)[]; stepTemplate: Float64Array }, v: unknown) {
        const value = checkHyper(this.kerasName, key, kind, v);
        this.hyperGiven[index] = value;
        this.stepTemplate[STEP_HEAD + index] = kernelValue(value);
      },
    });
  });
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Slot tensors are raw wasm handles owned by the optimizer (pinned, never evicted). Each
 * variable's list is shared with the variable, which frees it (and zeroes it) when disposed. */
const slotFinalizer = new FinalizationRegistry<number[][]>((lists) => {
  freeSlotLists(lists);
});
/** Step plans are the core's, owned by the optimizer. */
const planFinalizer = new FinalizationRegistry<{ ref: number }[]>((plans) => {
  for (const p of plans) W.gt_optimizer_plan_free(p.ref);
});

/**
 * How a hyperparameter is checked: `unit` is [0, 1], `unitOpen` (0, 1], `nonneg` [0, ∞),
 * `nonpos` (-∞, 0], `number` any finite number, `bool` true or false, `count` an integer of at
 * least 0, `numberOrNull` a finite number or null (off: the kernel reads NaN).
 */
type Kind = 'unit' | 'unitOpen' | 'nonneg' | 'nonpos' | 'number' | 'bool' | 'count' | 'numberOrNull';

/** A hyperparameter as the kernel reads it: booleans as 0 or 1, null (off) as NaN. */
const kernelValue = (value: number | boolean | null): number => (value === null ? NaN : Number(value));
/** An optimizer's own hyperparameters, in the order its Rust UpdateRule reads them: option name
 * → [kind, Keras 3 default]. */
type Spec = Readonly<Record<string, readonly [Kind, number | boolean | null]>>;

function checkOptions(cls: string, options: unknown, own: readonly string[]): asserts options is Record<string, unknown> {
  // (A subclass's options beside its kernel's hyperparameters are in `own` too.)
  if (!isPlainObject(options)) {
    throw new Error(`${cls}: options must be an object like {learningRate: 0.01}, got ${describe(options)}.`);
  }
  const accepted = ['learningRate', ...own, ...BASE_KEYS, 'name'];
  const unknown = Object.keys(options).filter((k) => !accepted.includes(k) && k !== 'lr');
  if (unknown.length) {
    const shown = unknown.map((k) => `'${k}': ${describe(options[k])}`).join(', ');
    throw new Error(`${cls}: Argument(s) not recognized: {${shown}}. Accepted options: ${accepted.join(', ')}.`);
  }
  if (options.name !== undefined && typeof options.name !== 'string') {
    throw new Error(`${cls}: name must be a string, got ${describe(options.name)}.`);
  }
}

function checkNumber(cls: string, key: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
    throw new Error(`${cls}: ${key} must be a finite number in [${low}, ${high}], got ${describe(value)}.`);
  }
  return value;
}

function checkHyper(cls: string, key: string, kind: Kind, value: unknown): number | boolean | null {
  switch (kind) {
    case 'count':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
        throw new Error(`${cls}: ${key} must be an integer of at least 0, got ${describe(value)}.`);
      }
      return value;
    case 'numberOrNull':
      return value === null ? null : checkNumber(cls, key, value, -Infinity, Infinity);
    case 'bool':
      return checkBoolean(value, cls, key, false);
    case 'unit':
      return checkNumber(cls, key, value, 0, 1);
    case 'unitOpen':
      if (value === 0) throw new Error(`${cls}: ${key} must be in (0, 1], got 0.`);
      return checkNumber(cls, key, value, 0, 1);
    case 'nonneg':
      return checkNumber(cls, key, value, 0, Infinity);
    case 'nonpos':
      return checkNumber(cls, key, value, -Infinity, 0);
    case 'number':
      return checkNumber(cls, key, value, -Infinity, Infinity);
  }
}

/** A base option that may be unset (undefined or null). */
function optionalNumber(cls: string, key: string, value: unknown): number | null {
  if (value === undefined || value === null) return null;
  return checkNumber(cls, key, value, -Infinity, Infinity);
}

function checkLearningRate(cls: string, value: unknown): LearningRate {
  if (typeof value === 'function') return value as (step: number) => number;
  return checkNumber(cls, 'learningRate', value, 0, Infinity);
}

/** Clipping mode codes of gt_optimizer_plan. */
const CLIP_NONE = 0, CLIP_NORM = 1, CLIP_VALUE = 2, CLIP_GLOBAL = 3;
/** Step plans an optimizer keeps (one per list of variables it updates; usually one). */
const MAX_PLANS = 8;

function sameVariables(a: readonly Variable[], b: readonly Variable[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An optional integer option of at least `low`. */
/** A base option that is off when unset or 0 (Keras tests them for truth: `if gradient_accumulation_steps:`). */
function optionalInteger(cls: string, key: string, value: unknown, low: number): number | null {
  if (value === undefined || value === null || value === 0) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < low) {
    throw new Error(`${cls}: \`${key}\` must be an integer >= ${low}. Received: ${key}=${describe(value)}`);
  }
  return value;
}

/** A slot's shape from its rule (0: the variable's shape, 1: `shape[:-1]`, 2: `shape[:-2] + shape[-1:]`). */
function slotShape(shape: readonly number[], rule: number): number[] {
  const n = shape.length;
  if (rule === 0) return shape.slice();
  if (n < 2) return [];
  return rule === 1 ? shape.slice(0, n - 1) : [...shape.slice(0, n - 2), shape[n - 1]!];
}

/** A slot from the kernel: its initial value, its shape rule (see slotShape) and whether it
 * starts as a copy of its variable instead. */
interface SlotSpec {
  initial: number;
  shape: number;
  copiesVariable: boolean;
}

/** A step's scalars begin with the plan, update or only accumulate, the learning rate, the step,
 * the moving average's momentum and overwrite or not; the hyperparameters follow. */
const STEP_HEAD = 6;
/** Where a step's learning rate and moving-average momentum are among its scalars. */
const STEP_LR = 2;
const STEP_EMA_MOMENTUM = 4;

/** An optimizer's counters before a step, to put back if the step fails. */
export interface SavedCounters {
  raw: number;
  extra: readonly number[];
}

/** The extra state of optimizers that keep none (shared: no array per step). */
const NO_EXTRA_STATE: readonly number[] = Object.freeze([]);

/** Counters to fill with `_beginStep`. */
export const newSavedCounters = (): SavedCounters => ({ raw: 0, extra: NO_EXTRA_STATE });

/** An optimizer's state in a checkpoint (see Optimizer._checkpointState). */
export interface OptimizerCheckpoint {
  className: string;
  rawIterations: number;
  extra: number[];
  learningRate: number | null;
  variables: { variable: Variable; slots: { shape: number[]; values: HostArray }[] }[];
}

/** A variable's slots: the optimizer's own (in its UpdateRule's order), then the base options'. */
interface VariableSlots {
  /** Every slot handle, in allSlotSpecs' order (the list shared with the variable: zeros once freed). */
  all: number[];
  own: number[];
  average: number;
  accumulator: number;
}

/**
 * The Keras 3 base optimizer: options, learning rate, building the slots, and `apply` in Keras's
 * order (gradient accumulation, clip, weight decay with the current learning rate, the update,
 * the moving average of the weights, `iterations += 1`). Subclasses give their Keras kernel,
 * their hyperparameters and defaults.
 */
export abstract class Optimizer {
  /** The optimizer's name: the `name` option, or Keras' automatic one, the class name in snake case
   * numbered per session (`'adam'`, then `'adam_1'`; `'sgd'`, `'adam_w'`, `'rm_sprop'`). */
  readonly name: string;
  /** Calls so far (Keras's `_iterations`); learning-rate schedules see this count. */
  private rawIterations = 0;
  /** Decoupled weight decay (null: none). */
  readonly weightDecay: number | null;
  /** Clips each gradient to this L2 norm (`g * c / max(‖g‖, c)`); null (or 0 or less): off. */
  readonly clipnorm: number | null;
  /** Clips each gradient element to `[-clipvalue, clipvalue]`; null (or 0 or less): off. */
  readonly clipvalue: number | null;
  /** Scales all gradients together so their joint L2 norm is at most this; null (or 0 or less): off. */
  readonly globalClipnorm: number | null;
  /** Whether a moving average of the variables is kept (`finalizeVariableValues` copies it in). */
  readonly useEma: boolean;
  /** The moving average's momentum: `avg = m*avg + (1 - m)*w`. */
  readonly emaMomentum: number;
  /** The variables are overwritten with their averages every this many steps (null: never). */
  readonly emaOverwriteFrequency: number | null;
  /** Updates happen every this many calls, with the mean of the gradients since the last one (null: every call). */
  readonly gradientAccumulationSteps: number | null;
  /** Gradients are divided by this before every update (`scaleLoss` multiplies a loss by it); null: off. */
  readonly lossScaleFactor: number | null;
  private lrValue!: LearningRate; // (set by setLearningRateValue, from the constructor)
  /** The dtype of Keras's learning-rate variable: floatx when the optimizer is made. */
  private readonly lrVariableDtype = getFloatx();
  /** The names of the class's own hyperparameters, in the kernel's order (for getConfig). */
  private readonly hyperKeys: readonly string[];
  /** The core's optimizer code (its row in the optimizer table). */
  private readonly code: number;
  /** The class's Keras name, for errors ('Adam', 'AdamW', ...). */
  private readonly kerasName: string;
  /** The hyperparameters as set, in the order the kernel reads them (what their getters return). */
  private readonly hyperGiven: (number | boolean | null)[] = [];
  /**
   * A step's scalars in gt_optimizer_step's order (see `nextStep`), with the values that only
   * setters change: the learning rate set as a number (as Keras's variable holds it), the moving
   * average's momentum, and the hyperparameters as the kernel reads them (booleans as 0 or 1),
   * kept current by the setters. A step copies it whole and writes the rest over it: read one by
   * one, its fractions would each be boxed in a fresh heap number at every step until V8 optimizes
   * the caller, and a fresh process's first thousands of small steps pay for the memory they take.
   */
  private readonly stepTemplate: Float64Array;
  /** Whether a step's scalars depend on nothing but the step and the learning rate: no gradient
   * accumulation, no moving average, and none of the per-step hooks (`beforeApply`,
   * `writeStepExtras`, `commitApply`) or counters of its own (`extraState`). With a number
   * learning rate such a step writes the template as it is, with its plan and its step (see
   * `nextStep`). */
  private readonly plainSteps: boolean;
  /** An eager step's scalars, kept (a typed array of over 64 bytes is allocated outside V8's
   * heap). No user code runs between `nextStep` writing them and the step copying them: a
   * learning-rate function (which might step this optimizer again) runs before the writes. */
  private readonly eagerScalars: Float64Array;
  /** Slot handles per variable, created on the first apply (Keras's build). */
  private slots: Map<Variable, VariableSlots> | null = null;
  /** The variables in build order (for `apply(grads)` without variables). */
  private builtVariables: Variable[] = [];
  /** Every variable's slot handles (0 once freed), for dispose and the finalizer. */
  private readonly slotLists: number[][] = [];
  private registered = false;
  /** The core's step plans, by the list of variables they update (see planFor). */
  private readonly plans: { variables: Variable[]; ref: number }[] = [];
  /** The list planFor was last asked about and its plan: a compiled step asks with the same list
   * at every call. */
  private lastAsked: { variables: readonly Variable[]; ref: number } | null = null;
  private excludedVariables = new Set<Variable>();
  /** `excludeFromWeightDecay`'s names, as one pattern (Keras joins them with `|`). */
  private excludedNames: RegExp | null = null;

  /**
   * @param cls The class's Keras name (errors, the default name).
   * @param kernel The Rust UpdateRule's name.
   * @param spec The kernel's hyperparameters, in its order.
   * @param defaultLr The learning rate without one given.
   * @param otherKeys The class's options that are not the kernel's (it reads them itself).
   */
  protected constructor(cls: string, kernel: string, options: BaseOptimizerOptions, spec: Spec, defaultLr: number, otherKeys: readonly string[] = []) {
    const code = codes.optimizer[kernel];
    if (code === undefined) throw new Error(`${cls}: the WebAssembly module has no '${kernel}' optimizer; rebuild with npm run build.`);
    this.code = code;
    planFinalizer.register(this, this.plans);
    checkOptions(cls, options, [...Object.keys(spec), ...otherKeys]);
    const o = options as Record<string, unknown>;
    // Keras' default name (base_optimizer.py: auto_name(class name)): the class name in snake case,
    // numbered from the second one on by the counter layers share ('adam', 'adam_1'; 'rm_sprop').
    this.name = (o.name as string | undefined) ?? uniqueName(toSnakeCase(cls));
    if (o.lr !== undefined) {
      if (o.learningRate !== undefined) throw new Error(`${cls}: pass learningRate or its deprecated alias lr, not both.`);
      if (!warnedLr.has(cls)) {
        warnedLr.add(cls);
        console.warn(`${cls}: the \`lr\` argument is deprecated, use \`learningRate\` instead. (Using lr=${o.lr}.)`);
      }
    }
    this.kerasName = cls;
    this.hyperKeys = Object.keys(spec);
    this.stepTemplate = new Float64Array(STEP_HEAD + this.hyperKeys.length + this.stepExtraCount());
    this.eagerScalars = new Float64Array(this.stepTemplate.length);
    this.setLearningRateValue(o.learningRate !== undefined ? checkLearningRate(cls, o.learningRate) : checkNumber(cls, 'learningRate', o.lr ?? defaultLr, 0, Infinity));
    for (const [key, [kind, fallback]] of Object.entries(spec)) {
      const value = o[key] === undefined ? fallback : checkHyper(cls, key, kind, o[key]);
      this.stepTemplate[STEP_HEAD + this.hyperGiven.length] = kernelValue(value);
      this.hyperGiven.push(value);
    }
    defineHyperparameters(new.target.prototype, spec);
    this.weightDecay = optionalNumber(cls, 'weightDecay', o.weightDecay);
    this.clipnorm = optionalNumber(cls, 'clipnorm', o.clipnorm);
    this.clipvalue = optionalNumber(cls, 'clipvalue', o.clipvalue);
    this.globalClipnorm = optionalNumber(cls, 'globalClipnorm', o.globalClipnorm);
    this.useEma = checkBoolean(o.useEma, cls, 'useEma', false);
    // (Keras checks the momentum only with useEma; unused, it is kept as given.)
    const emaMomentum = o.emaMomentum ?? 0.99;
    this.emaMomentum = this.useEma ? checkNumber(cls, 'emaMomentum', emaMomentum, 0, 1) : (emaMomentum as number);
    this.stepTemplate[STEP_EMA_MOMENTUM] = this.emaMomentum;
    this.emaOverwriteFrequency = optionalInteger(cls, 'emaOverwriteFrequency', o.emaOverwriteFrequency, 1);
    this.gradientAccumulationSteps = optionalInteger(cls, 'gradientAccumulationSteps', o.gradientAccumulationSteps, 2);
    const scale = optionalNumber(cls, 'lossScaleFactor', o.lossScaleFactor);
    if (scale === 0) throw new Error(`${cls}: lossScaleFactor must be a finite number other than 0 (or null), got 0.`);
    this.lossScaleFactor = scale;
    const base = Optimizer.prototype;
    this.plainSteps =
      this.gradientAccumulationSteps === null &&
      !this.useEma &&
      this.extraState === base.extraState &&
      this.beforeApply === base.beforeApply &&
      this.writeStepExtras === base.writeStepExtras &&
      this.commitApply === base.commitApply;
    const clips = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (clips > 1) {
      throw new Error(
        `${cls}: Only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${this.clipnorm}, ` +
          `clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}.`,
      );
    }
  }

  /** Updates applied so far (with gradientAccumulationSteps N, calls divided by N, rounded down). */
  get iterations(): number {
    const n = this.gradientAccumulationSteps;
    return n === null ? this.rawIterations : Math.floor(this.rawIterations / n);
  }

  /** The learning rate of the next update (a schedule's or function's value at the current step). */
  get learningRate(): number {
    const lr = this.lrValue;
    if (typeof lr === 'number') return lr;
    const step = this.rawIterations;
    const value = lr(step);
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${this.constructor.name}: the learningRate function returned ${describe(value)} at step ${step}; expected a finite number.`);
    }
    return value;
  }

  set learningRate(value: LearningRate) {
    if (this.lrValue instanceof LearningRateSchedule && typeof value === 'number') {
      throw new Error(
        `${this.constructor.name}: This optimizer was created with a LearningRateSchedule as its learningRate, hence its learning rate is not ` +
          'settable to a number. If you need the learning rate to be settable, create the optimizer with a number learningRate.',
      );
    }
    this.setLearningRateValue(checkLearningRate(this.constructor.name, value));
  }

  /** Sets the learning rate as given, and a number as a step passes it (see `nextStep`). */
  private setLearningRateValue(value: LearningRate): void {
    this.lrValue = value;
    this.stepTemplate[STEP_LR] = typeof value === 'number' ? this.inLearningRateVariable(value) : 0;
  }

  /** Keras 2 alias of learningRate. */
  get lr(): number {
    return this.learningRate;
  }

  set lr(value: LearningRate) {
    this.learningRate = value;
  }

  /**
   * The options that make a new optimizer like this one, without its state (Keras's `get_config`,
   * with the constructor's camelCase names): `new tf.keras.optimizers.Adam(adam.getConfig())`.
   * The learning rate is the number, schedule or function given (a schedule's own options:
   * `schedule.getConfig()`).
   *
   * @example
   * ```ts
   * const adam = new tf.keras.optimizers.Adam({ learningRate: 0.01, beta1: 0.8 });
   * const config = adam.getConfig();
   * console.log(config.learningRate, config.beta1, config.amsgrad); // 0.01 0.8 false
   * const twin = tf.keras.optimizers.Adam.fromConfig(config);
   * console.log(twin.beta1, twin.iterations); // 0.8 0
   * ```
   */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      learningRate: this.lrValue,
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      useEma: this.useEma,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      lossScaleFactor: this.lossScaleFactor,
      gradientAccumulationSteps: this.gradientAccumulationSteps,
    };
    for (const key of this.hyperKeys) config[key] = (this as unknown as Record<string, unknown>)[key];
    return config;
  }

  /** A new optimizer of this class from `getConfig()`'s options (Keras's `from_config`). */
  static fromConfig<T extends Optimizer>(this: new (options: never) => T, config: Record<string, unknown>): T {
    if (!isPlainObject(config)) throw new Error(`${this.name}.fromConfig: expected the object getConfig() returns, got ${describe(config)}.`);
    return new this(config as never);
  }

  /**
   * `loss * lossScaleFactor`, or `loss` itself without one (Keras's `scale_loss`): for a loss
   * whose small gradients would underflow; the optimizer divides the gradients back before it
   * updates.
   */
  scaleLoss(loss: Tensor): Tensor {
    return this.lossScaleFactor === null ? loss : loss.mul(this.lossScaleFactor);
  }

  /** The hyperparameters passed to the kernel, in the order its UpdateRule reads them. */
  private hyperparameters(): number[] {
    const values = this.stepTemplate.slice(STEP_HEAD);
    this.writeStepExtras(values, 0, this.hyperKeys.length);
    return Array.from(values);
  }

  /** How many scalars a step passes after the hyperparameters (Nadam's momentum product). */
  protected stepExtraCount(): number {
    return 0;
  }
  /** Writes what a step passes beyond the template's hyperparameters, which start at `hyperAt` in
   * `out`: the scalars after them (from `extrasAt`), or a hyperparameter that depends on the
   * learning rate. */
  protected writeStepExtras(_out: Float64Array, _hyperAt: number, _extrasAt: number): void {}
  /** Per-apply state shared by all variables, computed before the updates (Nadam's momentum product). */
  protected beforeApply(_step: number): void {}
  /** Makes `beforeApply`'s state current once every update succeeded. */
  protected commitApply(): void {}

  /**
   * Excludes variables from weight decay (Keras's `exclude_from_weight_decay`): the variables in
   * `varList`, and every variable whose name matches one of the regular expressions `varNames`
   * anywhere (Keras's `re.search`: `'bias'` matches `'dense/bias'`, `'bias$'` only at the end).
   * Only before the first update.
   */
  excludeFromWeightDecay(options: { varList?: readonly Variable[]; varNames?: readonly string[] } = {}): void {
    const cls = this.constructor.name;
    if (this.slots) throw new Error(`${cls}: excludeFromWeightDecay() can only be configured before the optimizer is built (before the first update).`);
    checkKnownOptions(options, `${cls}.excludeFromWeightDecay`, ['varList', 'varNames'], "{varNames: ['bias']}");
    const { varList = [], varNames = [] } = options;
    if (!Array.isArray(varList) || varList.some((v) => !(v instanceof Variable))) {
      throw new Error(`${cls}.excludeFromWeightDecay: varList must be an array of tf.Variable, got ${describe(varList)}.`);
    }
    if (!Array.isArray(varNames) || varNames.some((n) => typeof n !== 'string')) {
      throw new Error(`${cls}.excludeFromWeightDecay: varNames must be an array of strings, got ${describe(varNames)}.`);
    }
    let pattern: RegExp | null = null;
    try {
      pattern = varNames.length > 0 ? new RegExp([...new Set(varNames)].join('|')) : null;
    } catch (e) {
      throw new Error(`${cls}.excludeFromWeightDecay: varNames must be regular expressions (Keras searches names with them): ${(e as Error).message}`);
    }
    this.excludedVariables = new Set(varList);
    this.excludedNames = pattern;
  }

  /** Whether `excludeFromWeightDecay` leaves `v` to decay (Keras's `_use_weight_decay`). */
  protected usesWeightDecay(v: Variable): boolean {
    return !this.excludedVariables.has(v) && !(this.excludedNames?.test(v.name) ?? false);
  }

  /**
   * Applies `[gradient, variable]` pairs (Keras's apply_gradients). Null gradients are skipped with
   * a warning; all-null throws. Returns the number of calls so far (Keras's `_iterations`; the same
   * as `iterations` without gradientAccumulationSteps). All or nothing: every pair is checked, and
   * every buffer the updates write is made ready, before any variable changes.
   *
   * @example
   * ```ts
   * const w = new tf.Variable([1, 2]);
   * const opt = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
   * const tape = new tf.GradientTape();
   * const loss = tape.record(() => w.square().reduceSum());
   * opt.applyGradients([[tape.gradient(loss, w), w]]);
   * console.log(opt.iterations, w.arraySync().map((x) => x.toFixed(1))); // 1 [ '0.9', '1.9' ]
   * ```
   */
  applyGradients(pairs: Iterable<GradientPair>): number {
    if (eagerSteps.active) {
      const calls = eagerSteps.apply(this as never, pairs);
      if (calls !== null) return calls;
    }
    return this.run(this.checkedPairs(pairs), 'applyGradients');
  }

  /**
   * @internal `applyGradients` inside a compiled function's trace, guarded by `guard` (see
   * StepGuard): a replay runs the step only when the guard is true, and this traced call runs it
   * only when `guard.open`.
   */
  _applyGradientsGuarded(pairs: Iterable<GradientPair>, guard: StepGuard): number {
    return this.run(this.checkedPairs(pairs), 'applyGradients', guard);
  }

  /** `applyGradients`'s pairs as a checked list. */
  private checkedPairs(pairs: Iterable<GradientPair>): GradientPair[] {
    // (The class's name is looked up for errors only: reading a function's name calls into V8's
    // runtime, some 20 ns at every step.)
    if (pairs === null || typeof pairs !== 'object' || typeof (pairs as Iterable<GradientPair>)[Symbol.iterator] !== 'function') {
      throw new Error(`${this.constructor.name}.applyGradients: expected an array of [gradient, variable] pairs, got ${describe(pairs)}.`);
    }
    const list = Array.isArray(pairs) ? (pairs as GradientPair[]) : Array.from(pairs);
    if (list.length === 0) throw new Error('applyGradients: got no [gradient, variable] pairs.');
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`applyGradients: entry ${i} must be a [gradient, variable] pair.`);
    }
    return list;
  }

  /**
   * Keras 3's `apply(grads, variables)`: the gradients in the order of `variables`, or, once the
   * optimizer is built, of the variables it was built with. An empty list is a no-op.
   */
  apply(grads: readonly (Tensor | null | undefined)[], variables?: readonly Variable[]): void {
    const cls = this.constructor.name;
    if (!Array.isArray(grads)) throw new Error(`${cls}.apply: grads must be an array of gradients, got ${describe(grads)}.`);
    if (grads.length === 0) return;
    let vars: readonly Variable[];
    if (variables === undefined) {
      if (!this.slots) {
        throw new Error(
          `${cls}.apply: when passing grads without variables, the optimizer must already be built on a list of variables (apply them once with their variables first).`,
        );
      }
      if (grads.length !== this.builtVariables.length) {
        throw new Error(`${cls}.apply: got ${grads.length} gradients, but the optimizer is tracking ${this.builtVariables.length} variables.`);
      }
      vars = this.builtVariables;
    } else {
      if (!Array.isArray(variables)) throw new Error(`${cls}.apply: variables must be an array of tf.Variable, got ${describe(variables)}.`);
      if (variables.length !== grads.length) {
        throw new Error(`${cls}.apply: got ${grads.length} gradients for ${variables.length} variables.`);
      }
      vars = variables;
    }
    this.run(vars.map((v, i) => [grads[i], v] as const), 'apply');
  }

  /**
   * Records `loss()` on a tape, then applies its gradients to `varList` (a list, or a function
   * returning one, as Keras 2's `minimize`); returns the loss.
   *
   * @example
   * ```ts
   * const x = new tf.Variable(0);
   * const opt = new tf.keras.optimizers.SGD({ learningRate: 0.1 });
   * for (let i = 0; i < 100; i++) opt.minimize(() => x.sub(3).square(), [x]);
   * console.log(x.item().toFixed(4)); // 3.0000
   * ```
   */
  minimize(loss: () => Tensor, varList: readonly Variable[] | (() => readonly Variable[])): Tensor {
    const cls = this.constructor.name;
    if (typeof loss !== 'function') throw new Error(`${cls}.minimize: loss must be a function returning the loss, got ${describe(loss)}.`);
    const tape = new GradientTape();
    const value = tape.record(loss);
    const vars = typeof varList === 'function' ? varList() : varList;
    if (!Array.isArray(vars)) throw new Error(`${cls}.minimize: varList must be an array of tf.Variable, got ${describe(vars)}.`);
    const grads = tape.gradient(value, vars as Variable[]) as (Tensor | null)[];
    this.run(vars.map((v, i) => [grads[i], v] as const), 'minimize');
    return value;
  }

  private run(list: readonly GradientPair[], what: string, guard?: StepGuard): number {
    if (eagerSteps.active) eagerSteps.interrupt(); // (it writes variables a pending op reads)
    const grads: Tensor[] = [];
    const variables: Variable[] = [];
    // (Indexed, not destructured: array destructuring runs the iterator protocol until V8
    // optimizes this function, which a training loop's first thousands of steps wait for.)
    for (let i = 0; i < list.length; i++) {
      const pair = list[i]!;
      const grad = pair[0], variable = pair[1];
      if (!(variable instanceof Variable)) {
        throw new Error(`${what}: entry ${i} has ${describe(variable)} where a tf.Variable is expected; optimizers update variables.`);
      }
      // (`_disposed`, not the `isDisposed` getter: a call per read until V8 optimizes this.)
      if (variable._disposed) throw new Error(`${what}: the variable '${variable.name}' (entry ${i}) was disposed.`);
      if (grad === null || grad === undefined) continue;
      if (!(grad instanceof Tensor)) throw new Error(`${what}: the gradient for '${variable.name}' is not a tensor.`);
      if (grad._disposed) throw new Error(`${what}: the gradient for '${variable.name}' was disposed.`);
      if (!sameShape(grad.shape, variable.shape) || grad.dtype === 'bool') {
        throw new Error(
          `${what}: the gradient for '${variable.name}' has shape [${grad.shape}] and dtype ${grad.dtype}, ` +
            `but the variable has shape [${variable.shape}] and dtype ${variable.dtype}.`,
        );
      }
      // Keras's apply unscales the gradients (g / lossScaleFactor); its update steps begin with
      // ops.cast(gradient, variable.dtype).
      // (An int32 gradient is cast first: int32 division by a fraction raises.)
      const floating = grad.dtype === 'int32' ? cast(grad, variable.dtype) : grad;
      const unscaled = this.lossScaleFactor === null ? floating : floating.div(this.lossScaleFactor);
      grads.push(unscaled.dtype === variable.dtype ? unscaled : cast(unscaled, variable.dtype));
      variables.push(variable);
    }
    if (grads.length === 0) throw new Error(`${what}: No gradients provided for any variable.`);
    if (this.slots) {
      for (let i = 0; i < list.length; i++) {
        const variable = list[i]![1];
        if (!this.slots.has(variable)) {
          throw new Error(
            `Unknown variable: <tf.Variable '${variable.name}' shape=${shapeString(variable.shape)} dtype=${variable.dtype}>. This optimizer can only be called ` +
              'for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.',
          );
        }
      }
    }
    if (grads.length < list.length) {
      const missing = list.filter((p) => p[0] === null || p[0] === undefined).map((p) => p[1].name);
      console.warn(`Gradients do not exist for variables ${JSON.stringify(missing)} when minimizing the loss.`);
    }
    if (!this.slots) this.build(list.map((p) => p[1]));
    // The scalars first: a learning-rate function may make tensors, and a sweep then could move
    // the gradients out of wasm.
    const saved = newSavedCounters();
    const scalars = this.eagerScalars;
    this._beginStep(variables, saved, scalars, 0);
    try {
      // Each gradient by handle (0 for none) or, for a rank-0 value JavaScript holds (a gradient
      // swept on values), by its value: no upload, no handle to evict. (Not while a trace records:
      // it must see the gradient's handle.)
      const gradHandles = new Array<number>(grads.length);
      const gradValues = new Array<number>(grads.length);
      for (let i = 0; i < grads.length; i++) {
        const g = grads[i]!;
        const byValue = g._h === 0 && !g._isVar && g.shape.length === 0 && !tracing.active;
        gradHandles[i] = byValue ? 0 : handleOf(g, what); // (an upload uses the scratch area)
        gradValues[i] = byValue ? scalarOf(g) : 0;
      }
      const guardHandle = guard === undefined ? undefined : handleOf(guard.flag, what);
      // In a compiled function (tf.function) the step is recorded: every replay runs this step on
      // that replay's gradients, with that call's plan and scalars (_beginStep).
      const step = { guarded: guard !== undefined, optimizer: this, variables };
      const done = beginOptimizerStep(gradHandles, this.useEma ? this.builtVariables : variables, step, guardHandle);
      try {
        if (guard === undefined || guard.open) {
          reserveScratch(2 * (scalars.length + 2 * gradHandles.length));
          const f = scratchF64View();
          f.set(scalars, 0);
          for (let i = 0; i < gradHandles.length; i++) {
            f[scalars.length + 2 * i] = gradHandles[i]!;
            f[scalars.length + 2 * i + 1] = gradValues[i]!;
          }
          if (W.gt_optimizer_step(gradHandles.length) !== 1) throw lastError(`${this.constructor.name}.${what}`);
        }
      } finally {
        done?.();
        operationDone(); // the gradients may be evicted from now on (they were used at the old tick)
      }
    } catch (e) {
      this._restoreCounters(saved);
      throw e;
    }
    // A guarded step skipped in this traced call (it is recorded all the same): as if never called.
    if (guard !== undefined && !guard.open) this._restoreCounters(saved);
    // Keras's apply, after the update: variable.assign(variable.constraint(variable)), for the
    // variables that had a gradient, at every call (a guarded step's only when it ran).
    for (let i = 0; i < variables.length; i++) {
      const v = variables[i]!;
      if (v.constraint !== null) v.assign(guard === undefined ? v.constraint(v) : where(guard.flag, v.constraint(v), v));
    }
    return this.rawIterations; // Keras's apply_gradients returns _iterations (calls, not updates)
  }

  /** @internal The calls so far (Keras's `_iterations`; `iterations` counts updates). */
  _calls(): number {
    return this.rawIterations;
  }

  /**
   * @internal Begins a step on `variables` (those with gradients, in order), as an eager step and
   * each replay of a compiled one do: keeps the counters as they are in `saved` (for
   * `_restoreCounters`, should the step fail), then writes the step's scalars to `out` from index
   * `at` (see `nextStep`), advancing the counters as the step does. Returns the index after them.
   */
  _beginStep(variables: readonly Variable[], saved: SavedCounters, out: Float64Array, at: number): number {
    saved.raw = this.rawIterations;
    saved.extra = this.extraState();
    if (!this.slots) this.build(variables); // (disposed since a compiled step's trace)
    return this.nextStep(this.planFor(variables), out, at);
  }

  /**
   * @internal `_beginStep` of a plain step (see `plainSteps`) at a number learning rate on the
   * variables the plan was last asked for (a compiled step's replay, call after call): the same
   * counters saved and scalars written, with none of the calls `_beginStep` makes. Returns the
   * index after the scalars, or -1 with nothing changed for any other step (which `_beginStep`
   * then begins). (A fresh process runs a compiled step's first thousands of calls in V8's
   * baseline tiers, where each call and property read costs.)
   */
  _beginPlainStep(variables: readonly Variable[], saved: SavedCounters, out: Float64Array, at: number): number {
    const last = this.lastAsked;
    if (!this.plainSteps || typeof this.lrValue !== 'number' || last === null || last.variables !== variables || this.slots === null) return -1;
    const raw = this.rawIterations;
    saved.raw = raw;
    saved.extra = NO_EXTRA_STATE; // (a plain step's optimizer keeps no other counters)
    const template = this.stepTemplate;
    out.set(template, at);
    out[at] = last.ref;
    out[at + 1] = 1;
    out[at + 3] = raw + 1;
    this.rawIterations = raw + 1;
    return at + template.length;
  }

  /** @internal Puts back the counters `_beginStep` saved. */
  _restoreCounters(saved: SavedCounters): void {
    this.rawIterations = saved.raw;
    this.restoreExtraState(saved.extra);
  }

  /**
   * The scalars of this optimizer's next step with `plan`, in gt_optimizer_step's order (the
   * plan, update or only accumulate, the learning rate, the step, the moving average's momentum,
   * overwrite or not, the hyperparameters), written to `out` from index `at`, advancing the
   * counters as the step does. Returns the index after them.
   */
  private nextStep(plan: number, out: Float64Array, at: number): number {
    if (this.plainSteps && typeof this.lrValue === 'number') {
      // The general case below, for a plain step: it updates, at the template's rate; without a
      // moving average nothing reads the momentum and overwrite entries (left as the template's).
      // (A compiled step's replay takes this path at every call, its first thousands in V8's
      // baseline tiers, where each getter and hook call costs.)
      const step = this.rawIterations + 1;
      out.set(this.stepTemplate, at);
      out[at] = plan;
      out[at + 1] = 1;
      out[at + 3] = step;
      this.rawIterations = step;
      return at + this.stepTemplate.length;
    }
    // Evaluated once, before anything changes: the weight decay and the update see the same rate.
    // The rate as Keras's update steps see it, `ops.cast(learning_rate, variable.dtype)` (the same
    // in float32 and float64 variables' steps): a plain number lives in Keras's learning-rate
    // variable, of dtype floatx (the template holds it so); a function's value is a Python float,
    // which tf.cast takes through float32 first (a schedule computes in float32 anyway).
    const accumulation = this.gradientAccumulationSteps;
    const update = accumulation === null || (this.rawIterations + 1) % accumulation === 0;
    const lrOfFunction = update && typeof this.lrValue !== 'number' ? Math.fround(this.learningRate) : 0;
    const step = this.iterations + 1;
    if (update) this.beforeApply(step);
    // avg = m*avg + (1 - m)*w with m = 0 on the first step; w = avg every emaOverwriteFrequency steps
    const every = this.emaOverwriteFrequency;
    const overwrite = this.useEma && every !== null && (this.iterations + 1) % every === 0;
    out.set(this.stepTemplate, at);
    out[at] = plan;
    out[at + 1] = update ? 1 : 0;
    if (!update || typeof this.lrValue !== 'number') out[at + STEP_LR] = lrOfFunction;
    out[at + 3] = step;
    if (this.iterations === 0) out[at + STEP_EMA_MOMENTUM] = 0;
    out[at + 5] = overwrite ? 1 : 0;
    this.writeStepExtras(out, at + STEP_HEAD, at + STEP_HEAD + this.hyperKeys.length);
    if (update) this.commitApply();
    this.rawIterations += 1;
    return at + this.stepTemplate.length;
  }

  /** @internal How many scalars `_beginStep` writes. */
  _stepScalarCount(): number {
    return this.stepTemplate.length;
  }

  /**
   * @internal The learning rate as Keras reads it back, `float(optimizer.learning_rate)` (what the
   * learning-rate callbacks log and pass on): a plain number from Keras's learning-rate variable,
   * in that variable's dtype (floatx when the optimizer was made, whatever floatx is now); a
   * schedule's value, which Keras computes in float32; a function's value as it returns it (a
   * Python float).
   */
  _learningRateAsRead(): number {
    const lr = this.learningRate;
    if (typeof this.lrValue === 'number') return this.inLearningRateVariable(lr);
    return this.lrValue instanceof LearningRateSchedule ? Math.fround(lr) : lr;
  }

  /** `lr` as Keras's learning-rate variable holds it (of dtype lrVariableDtype). */
  private inLearningRateVariable(lr: number): number {
    return this.lrVariableDtype === 'float64' ? lr : Math.fround(lr);
  }

  /**
   * The core's plan of a step on `variables` (those with gradients, in order): their slots, the
   * clipping, which variables decay, gradient accumulation and the moving averages. Made once
   * per variable list and kept until the slots change.
   */
  private planFor(variables: readonly Variable[]): number {
    // (An eager step asks with a new list of the same variables each time.)
    const last = this.lastAsked;
    if (last !== null && (last.variables === variables || sameVariables(last.variables, variables))) return last.ref;
    for (const p of this.plans) {
      if (sameVariables(p.variables, variables)) {
        this.lastAsked = { variables, ref: p.ref };
        return p.ref;
      }
    }
    return this.newPlan(variables);
  }

  /** Makes, keeps and returns the plan of a step on `variables` (planFor's, apart: its closures
   * would cost planFor's every call a context, which a compiled step's replay makes at each call). */
  private newPlan(variables: readonly Variable[]): number {
    const cls = this.constructor.name;
    const slots = this.slots!;
    let clipKind = CLIP_NONE, clipArg = 0;
    if (this.clipnorm !== null && this.clipnorm > 0) [clipKind, clipArg] = [CLIP_NORM, this.clipnorm];
    else if (this.globalClipnorm !== null && this.globalClipnorm > 0) [clipKind, clipArg] = [CLIP_GLOBAL, this.globalClipnorm];
    else if (this.clipvalue !== null && this.clipvalue > 0) [clipKind, clipArg] = [CLIP_VALUE, this.clipvalue];
    const words = [clipKind, clipArg, this.gradientAccumulationSteps ?? NaN];
    for (const v of variables) {
      const s = slots.get(v)!;
      words.push(v._h, this.weightDecayOf(v) ?? NaN, this.variantOf(v), s.accumulator, ...s.own);
    }
    const averaged = this.useEma ? this.builtVariables : [];
    for (const v of averaged) words.push(v._h, slots.get(v)!.average);
    // Every update resets every accumulator (Keras's), those of variables without a gradient too.
    const idle = this.gradientAccumulationSteps !== null ? this.builtVariables.filter((v) => !variables.includes(v)) : [];
    for (const v of idle) words.push(slots.get(v)!.accumulator);
    reserveScratch(2 * words.length);
    const f = scratchF64View();
    for (let i = 0; i < words.length; i++) f[i] = words[i]!;
    const ownSlots = variables.length > 0 ? slots.get(variables[0]!)!.own.length : 0;
    const ref = W.gt_optimizer_plan(this.code, this.hyperparameters().length, variables.length, ownSlots, averaged.length, idle.length);
    if (ref === 0) throw lastError(`${cls}: step plan`);
    if (this.plans.length === MAX_PLANS) {
      const freed = this.plans.shift()!.ref;
      W.gt_optimizer_plan_free(freed);
      if (this.lastAsked?.ref === freed) this.lastAsked = null;
    }
    this.plans.push({ variables: variables.slice(), ref });
    this.lastAsked = { variables, ref };
    return ref;
  }

  /** The decoupled weight decay of `v` (Keras's `_apply_weight_decay`): the optimizer's, unless
   * none or `excludeFromWeightDecay` excludes `v`. */
  protected weightDecayOf(v: Variable): number | null {
    return this.weightDecay !== null && this.usesWeightDecay(v) ? this.weightDecay : null;
  }

  /** Which of the kernel's updates `v` gets (its UpdateRule's `StepInfo::variant`; 0 for rules
   * with one update). */
  protected variantOf(_v: Variable): number {
    return 0;
  }

  /** @internal Whether Keras makes `v`'s own slot `slot` (Muon makes no velocity for the
   * matrices it orthogonalises; gradtape keeps an unused one). */
  _kerasHasSlot(_v: Variable, _slot: number): boolean {
    return true;
  }

  /** Frees the step plans (the slots they name changed). */
  private freePlans(): void {
    for (const p of this.plans) W.gt_optimizer_plan_free(p.ref);
    this.plans.length = 0;
    this.lastAsked = null;
  }

  /**
   * With useEma, copies each variable's moving average into it (Keras's `finalize_variable_values`,
   * which `model.fit` calls when training ends); without it, does nothing.
   */
  finalizeVariableValues(variables: readonly Variable[]): void {
    if (eagerSteps.active) eagerSteps.interrupt(); // (it writes variables)
    const cls = this.constructor.name;
    if (!this.useEma || !this.slots) return;
    if (!Array.isArray(variables)) throw new Error(`${cls}.finalizeVariableValues: expected an array of tf.Variable, got ${describe(variables)}.`);
    for (const v of variables) {
      const s = v instanceof Variable ? this.slots.get(v) : undefined;
      if (!s) throw new Error(`${cls}.finalizeVariableValues: ${describe(v)} is not a variable this optimizer was built with.`);
      if (v.isDisposed) throw new Error(`${cls}.finalizeVariableValues: the variable '${v.name}' was disposed.`);
    }
    for (const v of variables) {
      if (W.gt_optimizer_overwrite(v._h, this.slots.get(v)!.average) !== 1) throw lastError(`${cls}.finalizeVariableValues`);
    }
  }

  /** @internal Builds the slots on `variables` unless built (Keras' `optimizer.build`, which its fit
   * and evaluate run before any callback; gradtape builds at the first update otherwise). */
  _buildOn(variables: readonly Variable[]): void {
    if (!this.slots) this.build(variables);
  }

  /** @internal Whether the moving averages exist (Keras' `_model_variables_moving_average`): with
   * useEma, once built. */
  _hasAverages(): boolean {
    return this.useEma && this.slots !== null;
  }

  /** @internal Swaps each built variable's value with its moving average (SwapEMAWeights'
   * `_backend_swap_variables`: an exact exchange, no arithmetic). */
  _swapAverages(): void {
    if (eagerSteps.active) eagerSteps.interrupt(); // (it writes variables)
    const cls = this.constructor.name;
    for (const v of this._builtOn()) {
      const average = this.slots!.get(v)!.average;
      const dtype = codes.dtype[v.dtype]!;
      const held = copyIn(copyOut(v._h, dtype, v.size), v.shape, dtype, 0);
      try {
        if (W.gt_optimizer_overwrite(v._h, average) !== 1 || W.gt_optimizer_overwrite(average, held) !== 1) throw lastError(`${cls}: swapping the moving averages`);
      } finally {
        W.gt_tensor_free(held);
      }
    }
  }

  /** @internal Sets each built variable's moving average to the variable's value (SwapEMAWeights'
   * `_backend_finalize_ema_values`). */
  _averagesFromVariables(): void {
    if (eagerSteps.active) eagerSteps.interrupt(); // (it writes variables)
    for (const v of this._builtOn()) {
      if (W.gt_optimizer_overwrite(this.slots!.get(v)!.average, v._h) !== 1) throw lastError(`${this.constructor.name}: setting the moving averages`);
    }
  }

  /** The slots a variable gets, from the optimizer's Rust UpdateRule: each one's initial value,
   * shape rule (0: the variable's shape, 1: `shape[:-1]`, 2: `shape[:-2] + shape[-1:]`) and whether
   * it starts as a copy of the variable instead. */
  private slotSpecs(): SlotSpec[] {
    const params = this.hyperparameters();
    reserveScratch(2 * params.length);
    const f = scratchF64View();
    for (let i = 0; i < params.length; i++) f[i] = params[i]!;
    const k = W.gt_optimizer_slots(this.code, params.length);
    if (k === 0) throw lastError(`${this.constructor.name}: slots`);
    const out = scratchF64View();
    return Array.from({ length: k - 1 }, (_, i) => ({ initial: out[3 * i]!, shape: out[3 * i + 1]!, copiesVariable: out[3 * i + 2] === 1 }));
  }

  /** True when the learning rate is a function of the step (Keras's callable or schedule). */
  protected get learningRateIsFunction(): boolean {
    return typeof this.lrValue === 'function';
  }

  /** Every slot a variable gets, in order: the optimizer's own (from its UpdateRule), then the EMA
   * average and the gradient accumulator (zeros, the variable's shape) when those options are on. */
  private allSlotSpecs(): SlotSpec[] {
    const extra = [...(this.useEma ? ['average'] : []), ...(this.gradientAccumulationSteps !== null ? ['accumulator'] : [])];
    return [...this.slotSpecs(), ...extra.map(() => ({ initial: 0, shape: 0, copiesVariable: false }))];
  }

  /** Makes the slots of every variable (Keras's build), all or none. */
  private build(variables: readonly Variable[]): void {
    const all = this.allSlotSpecs();
    const built = new Map<Variable, number[]>();
    try {
      for (const v of variables) {
        if (built.has(v)) continue;
        const handles: number[] = [];
        built.set(v, handles);
        for (const { initial, shape: rule, copiesVariable } of all) {
          const shape = slotShape(v.shape, rule);
          let h: number;
          if (copiesVariable) {
            // (From the handle: a read the trace of a compiled step would refuse, and need not see,
            // since the slot is made once, as Keras's build is.)
            h = copyIn(copyOut(v._h, codes.dtype[v.dtype]!, v.size), shape, codes.dtype[v.dtype]!, 0);
          } else {
            writeScratch(shape);
            h = W.gt_tensor_fill(codes.dtype[v.dtype]!, shape.length, initial);
          }
          if (h === 0) throw lastError('optimizer slot');
          handles.push(h);
        }
      }
    } catch (e) {
      for (const handles of built.values()) for (const h of handles) W.gt_tensor_free(h);
      throw e;
    }
    this.install(built);
  }

  /** Makes `built` (each variable's slot handles, in allSlotSpecs' order) the optimizer's slots. */
  private install(built: Map<Variable, number[]>): void {
    this.freePlans();
    const k = this.slotSpecs().length;
    const slots = new Map<Variable, VariableSlots>();
    for (const [v, handles] of built) {
      // One list per variable, shared with the variable, which frees it when disposed.
      this.slotLists.push(handles);
      v._ownSlots(handles);
      slots.set(v, {
        all: handles,
        own: handles.slice(0, k),
        average: this.useEma ? handles[k]! : 0,
        accumulator: this.gradientAccumulationSteps !== null ? handles[k + (this.useEma ? 1 : 0)]! : 0,
      });
    }
    if (!this.registered) slotFinalizer.register(this, this.slotLists, this);
    this.registered = true;
    this.slots = slots;
    this.builtVariables = [...slots.keys()];
  }

  /** State beside the slots that the updates carry from step to step (Nadam's momentum product). */
  protected extraState(): readonly number[] {
    return NO_EXTRA_STATE;
  }
  protected restoreExtraState(_values: readonly number[]): void {}

  /** @internal What a checkpoint keeps of this optimizer (tf.train.Checkpoint): its counters, its
   * state beside the slots, a learning rate set as a number, and every built variable's slots. */
  _checkpointState(): OptimizerCheckpoint {
    const all = this.allSlotSpecs();
    // A disposed variable's slots are gone with it (its handles are zeros): nothing to keep.
    const variables = this.builtVariables.filter((v) => !v.isDisposed && this.slots!.get(v)!.all[0] !== 0);
    return {
      className: this.constructor.name,
      rawIterations: this.rawIterations,
      extra: this.extraState().slice(),
      learningRate: typeof this.lrValue === 'number' ? this.lrValue : null,
      variables: variables.map((v) => {
        const handles = this.slots!.get(v)!.all;
        return {
          variable: v,
          slots: handles.map((h, i) => {
            const shape = slotShape(v.shape, all[i]!.shape);
            return { shape, values: copyOut(h, codes.dtype[v.dtype]!, shape.reduce((a, b) => a * b, 1)) };
          }),
        };
      }),
    };
  }

  /** @internal The variables the optimizer is built on, in build order (none before its first update). */
  _builtOn(): Variable[] {
    return this.slots === null ? [] : this.builtVariables.filter((v) => !v.isDisposed && this.slots!.get(v)!.all[0] !== 0);
  }

  /** @internal The slot shapes this optimizer gives a variable (a checkpoint checks them before restoring). */
  _slotShapes(v: Variable): number[][] {
    return this.allSlotSpecs().map((spec) => slotShape(v.shape, spec.shape));
  }

  /**
   * @internal Restores a checkpointed state whose structure the checkpoint has checked against
   * this optimizer and `variables`. The new slot buffers are all made before anything changes, so
   * a failure (out of memory) leaves the optimizer as it was.
   */
  _restoreCheckpoint(state: Omit<OptimizerCheckpoint, 'className'>): void {
    const made: number[][] = [];
    try {
      for (const { variable, slots } of state.variables) {
        made.push(slots.map((slot) => copyIn(slot.values, slot.shape, codes.dtype[variable.dtype]!, 0)));
      }
    } catch (e) {
      for (const handles of made) for (const h of handles) W.gt_tensor_free(h);
      throw e;
    }
    this.dispose();
    if (made.length > 0) this.install(new Map(state.variables.map(({ variable }, i) => [variable, made[i]!])));
    this.rawIterations = state.rawIterations;
    this.restoreExtraState(state.extra);
    // A learning rate set as a number is state (Keras tracks it as a variable); a schedule or a
    // function here is configuration and stays.
    if (state.learningRate !== null && typeof this.lrValue === 'number') this.setLearningRateValue(state.learningRate);
  }

  /** Frees the optimizer's slot memory; a later update builds fresh slots. */
  dispose(): void {
    this.freePlans();
    slotFinalizer.unregister(this);
    this.registered = false;
    freeSlotLists(this.slotLists);
    this.slotLists.length = 0;
    this.slots = null;
    this.builtVariables = [];
  }
}

// ---------------------------------------------------------------- the optimizers

/** Options of `new tf.keras.optimizers.SGD(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface SGDOptions extends BaseOptimizerOptions {
  /** Momentum of the update (0 turns it off). */
  momentum?: number;
  /** Use Nesterov momentum. */
  nesterov?: boolean;
}

/** Keras 3's positional arguments of SGD, in its order. */
type SGDPositional = [
  learningRate?: LearningRate, momentum?: number, nesterov?: boolean, ...BaseOptimizerPositional,
];

/** Keras 3 SGD (learningRate 0.01, momentum 0, nesterov false). Takes an options object, or Keras 3's positional arguments: `new SGD(learningRate, momentum, nesterov, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class SGD extends Optimizer {
  /** Momentum of the update (0 turns it off). */
  declare readonly momentum: number;
  /** Use Nesterov momentum. */
  declare readonly nesterov: boolean;
  constructor(...positional: SGDPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<SGDPositional, Omit<SGDOptions, 'lr'>>);
  constructor(options?: SGDOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('SGD', args, ['momentum', 'nesterov']);
    super('SGD', 'SGD', options, { momentum: ['unit', 0], nesterov: ['bool', false] }, 0.01);
  }
}

/** Options of `new tf.keras.optimizers.Adam(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdamOptions extends BaseOptimizerOptions {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
  /** Use AMSGrad: divide by the maximum of the past second moments. */
  amsgrad?: boolean;
}

const ADAM_SPEC: Spec = { beta1: ['unit', 0.9], beta2: ['unit', 0.999], epsilon: ['nonneg', 1e-7], amsgrad: ['bool', false] };

/** Keras 3's positional arguments of Adam, in its order. */
type AdamPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number, amsgrad?: boolean, ...BaseOptimizerPositional,
];

/**
 * Keras 3 Adam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false).
 *
 * @example
 * ```ts
 * const w = new tf.Variable([3, -2]);
 * const adam = new tf.keras.optimizers.Adam({ learningRate: 0.1 });
 * for (let i = 0; i < 300; i++) adam.minimize(() => w.square().sum(), [w]);
 * console.log(w.arraySync().map((v) => Math.abs(v) < 0.01)); // [ true, true ]
 * ```
 *
 * Takes an options object, or Keras 3's positional arguments: `new Adam(learningRate, beta1, beta2, epsilon, amsgrad, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`.
 */
export class Adam extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  /** Use AMSGrad: divide by the maximum of the past second moments. */
  declare readonly amsgrad: boolean;
  constructor(...positional: AdamPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdamPositional, Omit<AdamOptions, 'lr'>>);
  constructor(options?: AdamOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Adam', args, ['beta1', 'beta2', 'epsilon', 'amsgrad']);
    super('Adam', 'Adam', options, ADAM_SPEC, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.AdamW(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdamWOptions extends AdamOptions {
  /** Decoupled weight decay: before each update, `w -= w * weightDecay * learningRate`. */
  weightDecay?: number;
}

/** Keras 3's positional arguments of AdamW, in its order. */
type AdamWPositional = [
  learningRate?: LearningRate, weightDecay?: number, beta1?: number, beta2?: number, epsilon?: number, amsgrad?: boolean, clipnorm?: number | null,
  clipvalue?: number | null, globalClipnorm?: number | null, useEma?: boolean, emaMomentum?: number, emaOverwriteFrequency?: number | null,
  lossScaleFactor?: number | null, gradientAccumulationSteps?: number | null, name?: string | null,
];

/** Keras 3 AdamW: Adam with decoupled weight decay (weightDecay 0.004; null is an error, as in Keras). Takes an options object, or Keras 3's positional arguments: `new AdamW(learningRate, weightDecay, beta1, beta2, epsilon, amsgrad, clipnorm, ... (the base arguments without weightDecay))`. */
export class AdamW extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  /** Use AMSGrad: divide by the maximum of the past second moments. */
  declare readonly amsgrad: boolean;
  /** Decoupled weight decay: before each update, `w -= w * weightDecay * learningRate`. */
  declare readonly weightDecay: number;
  constructor(...positional: AdamWPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdamWPositional, Omit<AdamWOptions, 'lr'>>);
  constructor(options?: AdamWOptions);
  constructor(...args: unknown[]) {
    // Keras 3's AdamW takes weight_decay second, and refuses None for it.
    const o = optimizerArguments('AdamW', args, [], ['learningRate', 'weightDecay', 'beta1', 'beta2', 'epsilon', 'amsgrad', ...BASE_POSITIONAL.slice(1)], BASE_NONE_DEFAULTS.filter((k) => k !== 'weightDecay'));
    if (o.weightDecay === null) {
      throw new Error('AdamW: Argument `weightDecay` must be a float. Received: weightDecay=null');
    }
    super('AdamW', 'Adam', { ...o, weightDecay: o.weightDecay ?? 0.004 }, ADAM_SPEC, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Nadam(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface NadamOptions extends BaseOptimizerOptions {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
}

/** Keras 3's positional arguments of Nadam, in its order. */
type NadamPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Nadam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; momentum schedule 0.96^t). Takes an options object, or Keras 3's positional arguments: `new Nadam(learningRate, beta1, beta2, epsilon, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Nadam extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  /** Π u_i over the steps so far, shared by all variables (Keras's `_u_product`). */
  private uProduct = 1;
  /** The product including the step being applied, current once the step succeeds. */
  private nextUProduct = 1;
  constructor(...positional: NadamPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<NadamPositional, Omit<NadamOptions, 'lr'>>);
  constructor(options?: NadamOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Nadam', args, ['beta1', 'beta2', 'epsilon']);
    super('Nadam', 'Nadam', options, { beta1: ['unit', 0.9], beta2: ['unit', 0.999], epsilon: ['nonneg', 1e-7] }, 0.001);
  }
  protected override beforeApply(step: number): void {
    // u_t = beta1 (1 - 0.5 · 0.96^t)
    this.nextUProduct = this.uProduct * this.beta1 * (1 - 0.5 * Math.pow(0.96, step));
  }
  protected override commitApply(): void {
    this.uProduct = this.nextUProduct;
  }
  protected override stepExtraCount(): number {
    return 1;
  }
  protected override writeStepExtras(out: Float64Array, _hyperAt: number, extrasAt: number): void {
    out[extrasAt] = this.nextUProduct;
  }
  protected override extraState(): readonly number[] {
    return [this.uProduct];
  }
  protected override restoreExtraState(values: readonly number[]): void {
    this.uProduct = this.nextUProduct = values[0]!;
  }
}

/** Options of `new tf.keras.optimizers.RMSprop(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface RMSpropOptions extends BaseOptimizerOptions {
  /** Decay rate of the moving average of squared gradients. */
  rho?: number;
  /** Momentum of the update (0 turns it off). */
  momentum?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
  /** Normalize by the gradient's estimated variance instead of its second moment. */
  centered?: boolean;
}

/** Keras 3's positional arguments of RMSprop, in its order. */
type RMSpropPositional = [
  learningRate?: LearningRate, rho?: number, momentum?: number, epsilon?: number, centered?: boolean, ...BaseOptimizerPositional,
];

/** Keras 3 RMSprop (learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false). Takes an options object, or Keras 3's positional arguments: `new RMSprop(learningRate, rho, momentum, epsilon, centered, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class RMSprop extends Optimizer {
  /** Decay rate of the moving average of squared gradients. */
  declare readonly rho: number;
  /** Momentum of the update (0 turns it off). */
  declare readonly momentum: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  /** Normalize by the gradient's estimated variance instead of its second moment. */
  declare readonly centered: boolean;
  constructor(...positional: RMSpropPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<RMSpropPositional, Omit<RMSpropOptions, 'lr'>>);
  constructor(options?: RMSpropOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('RMSprop', args, ['rho', 'momentum', 'epsilon', 'centered']);
    super('RMSprop', 'RMSprop', options, { rho: ['unit', 0.9], momentum: ['unit', 0], epsilon: ['nonneg', 1e-7], centered: ['bool', false] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Adagrad(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdagradOptions extends BaseOptimizerOptions {
  /** Starting value of the accumulators (non-negative). */
  initialAccumulatorValue?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
}

/** Keras 3's positional arguments of Adagrad, in its order. */
type AdagradPositional = [
  learningRate?: LearningRate, initialAccumulatorValue?: number, epsilon?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Adagrad (learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7). Takes an options object, or Keras 3's positional arguments: `new Adagrad(learningRate, initialAccumulatorValue, epsilon, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Adagrad extends Optimizer {
  /** Starting value of the accumulators (non-negative). */
  declare readonly initialAccumulatorValue: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  constructor(...positional: AdagradPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdagradPositional, Omit<AdagradOptions, 'lr'>>);
  constructor(options?: AdagradOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Adagrad', args, ['initialAccumulatorValue', 'epsilon']);
    super('Adagrad', 'Adagrad', options, { initialAccumulatorValue: ['nonneg', 0.1], epsilon: ['nonneg', 1e-7] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Adadelta(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdadeltaOptions extends BaseOptimizerOptions {
  /** Decay rate of the moving average of squared gradients. */
  rho?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
}

/** Keras 3's positional arguments of Adadelta, in its order. */
type AdadeltaPositional = [
  learningRate?: LearningRate, rho?: number, epsilon?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Adadelta (learningRate 0.001, rho 0.95, epsilon 1e-7; use learningRate 1 for the paper's form). Takes an options object, or Keras 3's positional arguments: `new Adadelta(learningRate, rho, epsilon, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Adadelta extends Optimizer {
  /** Decay rate of the moving average of squared gradients. */
  declare readonly rho: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  constructor(...positional: AdadeltaPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdadeltaPositional, Omit<AdadeltaOptions, 'lr'>>);
  constructor(options?: AdadeltaOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Adadelta', args, ['rho', 'epsilon']);
    super('Adadelta', 'Adadelta', options, { rho: ['unit', 0.95], epsilon: ['nonneg', 1e-7] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Adamax(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdamaxOptions extends BaseOptimizerOptions {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
}

/** Keras 3's positional arguments of Adamax, in its order. */
type AdamaxPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Adamax (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7). Takes an options object, or Keras 3's positional arguments: `new Adamax(learningRate, beta1, beta2, epsilon, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Adamax extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  constructor(...positional: AdamaxPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdamaxPositional, Omit<AdamaxOptions, 'lr'>>);
  constructor(options?: AdamaxOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Adamax', args, ['beta1', 'beta2', 'epsilon']);
    super('Adamax', 'Adamax', options, { beta1: ['unit', 0.9], beta2: ['unit', 0.999], epsilon: ['nonneg', 1e-7] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Lion(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface LionOptions extends BaseOptimizerOptions {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
}

/** Keras 3's positional arguments of Lion, in its order. */
type LionPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Lion (learningRate 0.001, beta1 0.9 in (0, 1], beta2 0.99). Takes an options object, or Keras 3's positional arguments: `new Lion(learningRate, beta1, beta2, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Lion extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  constructor(...positional: LionPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LionPositional, Omit<LionOptions, 'lr'>>);
  constructor(options?: LionOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Lion', args, ['beta1', 'beta2']);
    super('Lion', 'Lion', options, { beta1: ['unitOpen', 0.9], beta2: ['unit', 0.99] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Ftrl(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface FtrlOptions extends BaseOptimizerOptions {
  /** How fast the learning rate decreases during training (zero or less). */
  learningRatePower?: number;
  /** Starting value of the accumulators (non-negative). */
  initialAccumulatorValue?: number;
  /** L1 regularization strength (non-negative). */
  l1RegularizationStrength?: number;
  /** L2 regularization strength (non-negative). */
  l2RegularizationStrength?: number;
  /** L2 shrinkage regularization strength, applied to the gradient (non-negative). */
  l2ShrinkageRegularizationStrength?: number;
  /** Keras's `beta`: added to the square root of the accumulator in the denominator. */
  beta?: number;
}

/** Keras 3's positional arguments of Ftrl, in its order. */
type FtrlPositional = [
  learningRate?: LearningRate, learningRatePower?: number, initialAccumulatorValue?: number, l1RegularizationStrength?: number,
  l2RegularizationStrength?: number, l2ShrinkageRegularizationStrength?: number, beta?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Ftrl (learningRate 0.001, learningRatePower -0.5, initialAccumulatorValue 0.1, the three
 * regularization strengths 0, beta 0).
 *
 * Takes an options object, or Keras 3's positional arguments: `new Ftrl(learningRate, learningRatePower, initialAccumulatorValue, l1RegularizationStrength, l2RegularizationStrength, l2ShrinkageRegularizationStrength, beta, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Ftrl extends Optimizer {
  /** How fast the learning rate decreases during training (zero or less). */
  declare readonly learningRatePower: number;
  /** Starting value of the accumulators (non-negative). */
  declare readonly initialAccumulatorValue: number;
  /** L1 regularization strength (non-negative). */
  declare readonly l1RegularizationStrength: number;
  /** L2 regularization strength (non-negative). */
  declare readonly l2RegularizationStrength: number;
  /** L2 shrinkage regularization strength, applied to the gradient (non-negative). */
  declare readonly l2ShrinkageRegularizationStrength: number;
  /** Keras's `beta`: added to the square root of the accumulator in the denominator. */
  declare readonly beta: number;
  constructor(...positional: FtrlPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<FtrlPositional, Omit<FtrlOptions, 'lr'>>);
  constructor(options?: FtrlOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Ftrl', args, ['learningRatePower', 'initialAccumulatorValue', 'l1RegularizationStrength', 'l2RegularizationStrength', 'l2ShrinkageRegularizationStrength', 'beta']);
    super(
      'Ftrl',
      'Ftrl',
      options,
      {
        /** How fast the learning rate decreases during training (zero or less). */
        learningRatePower: ['nonpos', -0.5],
        /** Starting value of the accumulators (non-negative). */
        initialAccumulatorValue: ['nonneg', 0.1],
        /** L1 regularization strength (non-negative). */
        l1RegularizationStrength: ['nonneg', 0],
        /** L2 regularization strength (non-negative). */
        l2RegularizationStrength: ['nonneg', 0],
        /** L2 shrinkage regularization strength, applied to the gradient (non-negative). */
        l2ShrinkageRegularizationStrength: ['nonneg', 0],
        /** Keras's `beta`: added to the square root of the accumulator in the denominator. */
        beta: ['number', 0],
      },
      0.001,
    );
  }
}

/** Options of `new tf.keras.optimizers.Lamb(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface LambOptions extends BaseOptimizerOptions {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
  /** Small constant added to denominators for numerical stability. */
  epsilon?: number;
}

/** Keras 3's positional arguments of Lamb, in its order. */
type LambPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number, ...BaseOptimizerPositional,
];

/** Keras 3 Lamb (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7). Takes an options object, or Keras 3's positional arguments: `new Lamb(learningRate, beta1, beta2, epsilon, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Lamb extends Optimizer {
  /** Decay rate of the first-moment (moving mean of the gradient) estimate. */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to denominators for numerical stability. */
  declare readonly epsilon: number;
  constructor(...positional: LambPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<LambPositional, Omit<LambOptions, 'lr'>>);
  constructor(options?: LambOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Lamb', args, ['beta1', 'beta2', 'epsilon']);
    super('Lamb', 'Lamb', options, { beta1: ['unit', 0.9], beta2: ['unit', 0.999], epsilon: ['nonneg', 1e-7] }, 0.001);
  }
}

/** Options of `new tf.keras.optimizers.Adafactor(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface AdafactorOptions extends BaseOptimizerOptions {
  /** Exponent of the step in the second moments' decay rate. */
  beta2Decay?: number;
  /** Regularization constant added to the squared gradient. */
  epsilon1?: number;
  /** Regularization constant for the scale of the parameters. */
  epsilon2?: number;
  /** Threshold on the root mean square of the update. */
  clipThreshold?: number;
  /** Cap the learning rate at 1/sqrt(step) when it is a number. */
  relativeStep?: boolean;
}

/** Keras 3's positional arguments of Adafactor, in its order. */
type AdafactorPositional = [
  learningRate?: LearningRate, beta2Decay?: number, epsilon1?: number, epsilon2?: number, clipThreshold?: number, relativeStep?: boolean,
  ...BaseOptimizerPositional,
];

/** Keras 3 Adafactor (learningRate 0.001, beta2Decay -0.8, epsilon1 1e-30, epsilon2 1e-3,
 * clipThreshold 1, relativeStep true: the rate is capped at 1/sqrt(t) unless it is a function).
 * Variables of rank 2 or more keep factored second moments over their last two axes.
 *
 * Takes an options object, or Keras 3's positional arguments: `new Adafactor(learningRate, beta2Decay, epsilon1, epsilon2, clipThreshold, relativeStep, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`. */
export class Adafactor extends Optimizer {
  /** Exponent of the step in the second moments' decay rate. */
  declare readonly beta2Decay: number;
  /** Regularization constant added to the squared gradient. */
  declare readonly epsilon1: number;
  /** Regularization constant for the scale of the parameters. */
  declare readonly epsilon2: number;
  /** Threshold on the root mean square of the update. */
  declare readonly clipThreshold: number;
  /** Cap the learning rate at 1/sqrt(step) when it is a number. */
  declare readonly relativeStep: boolean;
  constructor(...positional: AdafactorPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<AdafactorPositional, Omit<AdafactorOptions, 'lr'>>);
  constructor(options?: AdafactorOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('Adafactor', args, ['beta2Decay', 'epsilon1', 'epsilon2', 'clipThreshold', 'relativeStep']);
    super(
      'Adafactor',
      'Adafactor',
      options,
      { beta2Decay: ['number', -0.8], epsilon1: ['nonneg', 1e-30], epsilon2: ['nonneg', 1e-3], clipThreshold: ['nonneg', 1], relativeStep: ['bool', true] },
      0.001,
    );
  }
  protected override writeStepExtras(out: Float64Array, hyperAt: number): void {
    // Keras caps the rate only when it is not a callable or schedule.
    if (this.learningRateIsFunction) out[hyperAt + 4] = 0; // relativeStep
  }
}

/** Options of `new tf.keras.optimizers.Muon(options)`: the base options and its own (defaults on the class). */
export interface MuonOptions extends BaseOptimizerOptions {
  /** Decay rate of the AdamW update's first-moment estimate. */
  adamBeta1?: number;
  /** Decay rate of the AdamW update's second-moment estimate. */
  adamBeta2?: number;
  /** The weight decay of the variables the AdamW update trains (null: none). */
  adamWeightDecay?: number | null;
  /** Small constant added to the AdamW update's denominators. */
  epsilon?: number;
  /** Regular expressions: a variable whose name (its path, `'dense/kernel'`) one matches anywhere gets the AdamW update. */
  excludeLayers?: readonly string[] | null;
  /** Variables whose name contains 'embedding' (any case) get the AdamW update. */
  excludeEmbeddings?: boolean;
  /** The Newton-Schulz polynomial's coefficient of X. */
  muonA?: number;
  /** The Newton-Schulz polynomial's coefficient of X Xᵀ X. */
  muonB?: number;
  /** The Newton-Schulz polynomial's coefficient of (X Xᵀ)² X. */
  muonC?: number;
  /** The AdamW update's learning rate over the learning rate. */
  adamLrRatio?: number;
  /** Momentum of the Muon update. */
  momentum?: number;
  /** Newton-Schulz iterations. */
  nsSteps?: number;
  /** Use Nesterov momentum in the Muon update. */
  nesterov?: boolean;
  /** Scales the Muon update by `sqrt(max(rows, columns)) * rmsRate` (Moonlight's rule, so the
   * learning rate and weight decay suit Adam's); null: unscaled. */
  rmsRate?: number | null;
}

/** Keras 3's positional arguments of Muon, in its order. */
type MuonPositional = [
  learningRate?: LearningRate, adamBeta1?: number, adamBeta2?: number, adamWeightDecay?: number | null, epsilon?: number, weightDecay?: number | null,
  clipnorm?: number | null, clipvalue?: number | null, globalClipnorm?: number | null, useEma?: boolean, emaMomentum?: number,
  emaOverwriteFrequency?: number | null, lossScaleFactor?: number | null, gradientAccumulationSteps?: number | null, name?: string | null,
  excludeLayers?: readonly string[] | null, excludeEmbeddings?: boolean, muonA?: number, muonB?: number, muonC?: number, adamLrRatio?: number,
  momentum?: number, nsSteps?: number, nesterov?: boolean, rmsRate?: number | null,
];

/**
 * Keras 3 Muon (learningRate 0.001, weightDecay 0.004; adamBeta1 0.9, adamBeta2 0.999,
 * adamWeightDecay 0.004, epsilon 1e-7, excludeLayers [], excludeEmbeddings true, muonA 3.4445,
 * muonB -4.775, muonC 2.0315, adamLrRatio 1, momentum 0.95, nsSteps 5, nesterov true, rmsRate 0.2).
 * Each matrix (a variable of rank 2) gets the Muon update: its momentum, made nearly orthogonal
 * by `nsSteps` Newton-Schulz iterations (`X ← a·X + (b·A + c·A²)·X` with `A = X·Xᵀ`), scaled by
 * `sqrt(max(rows, columns)) * rmsRate`. The other variables, embeddings and those `excludeLayers`
 * names get AdamW's update, with learning rate `learningRate * adamLrRatio` and weight decay
 * `adamWeightDecay` (the matrices decay by `weightDecay`).
 *
 * @example
 * ```ts
 * const kernel = new tf.Variable([[1, 2], [3, 4]], { name: 'dense/kernel' });
 * const bias = new tf.Variable([1, -1], { name: 'dense/bias' });
 * const muon = new tf.keras.optimizers.Muon({ learningRate: 0.1 });
 * muon.applyGradients([[tf.ones([2, 2]), kernel], [tf.ones([2]), bias]]);
 * console.log(kernel.arraySync().map((row) => row.map((x) => x.toFixed(3)))); // [ [ '0.990', '1.989' ], [ '2.989', '3.989' ] ]
 * console.log(bias.arraySync().map((x) => x.toFixed(3))); // [ '0.900', '-1.100' ]
 * ```
 *
 * Takes an options object, or Keras 3's positional arguments: `new Muon(learningRate, adamBeta1, adamBeta2, adamWeightDecay, epsilon, weightDecay, clipnorm, ..., name, excludeLayers, excludeEmbeddings, muonA, muonB, muonC, adamLrRatio, momentum, nsSteps, nesterov, rmsRate)`.
 */
export class Muon extends Optimizer {
  /** Decay rate of the AdamW update's first-moment estimate. */
  declare readonly adamBeta1: number;
  /** Decay rate of the AdamW update's second-moment estimate. */
  declare readonly adamBeta2: number;
  /** Small constant added to the AdamW update's denominators. */
  declare readonly epsilon: number;
  /** The Newton-Schulz polynomial's coefficient of X. */
  declare readonly muonA: number;
  /** The Newton-Schulz polynomial's coefficient of X Xᵀ X. */
  declare readonly muonB: number;
  /** The Newton-Schulz polynomial's coefficient of (X Xᵀ)² X. */
  declare readonly muonC: number;
  /** The AdamW update's learning rate over the learning rate. */
  declare readonly adamLrRatio: number;
  /** Momentum of the Muon update. */
  declare readonly momentum: number;
  /** Newton-Schulz iterations. */
  declare readonly nsSteps: number;
  /** Use Nesterov momentum in the Muon update. */
  declare readonly nesterov: boolean;
  /** Scales the Muon update by `sqrt(max(rows, columns)) * rmsRate`; null: unscaled. */
  declare readonly rmsRate: number | null;
  /** The weight decay of the variables the AdamW update trains (null: none). */
  readonly adamWeightDecay: number | null;
  /** Regular expressions: variables whose names one matches get the AdamW update. */
  readonly excludeLayers: readonly string[];
  /** Variables whose name contains 'embedding' (any case) get the AdamW update. */
  readonly excludeEmbeddings: boolean;
  private readonly excludePatterns: RegExp[];

  constructor(...positional: MuonPositional);

  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */

  constructor(...positionalThenOptions: PositionalThenOptions<MuonPositional, Omit<MuonOptions, 'lr'>>);
  constructor(options?: MuonOptions);
  constructor(...args: unknown[]) {
    // Keras 3's Muon order: its Adam arguments, the base ones, then the Muon ones. Its two weight
    // decays default to 0.004, and None for either is no decay (kept as null).
    const o = optimizerArguments('Muon', args, [], [
      'learningRate', 'adamBeta1', 'adamBeta2', 'adamWeightDecay', 'epsilon', ...BASE_POSITIONAL,
      'excludeLayers', 'excludeEmbeddings', 'muonA', 'muonB', 'muonC', 'adamLrRatio', 'momentum', 'nsSteps', 'nesterov', 'rmsRate',
    ], [...BASE_NONE_DEFAULTS.filter((k) => k !== 'weightDecay'), 'excludeLayers']);
    super(
      'Muon',
      'Muon',
      { ...o, weightDecay: o.weightDecay === undefined ? 0.004 : o.weightDecay },
      {
        adamBeta1: ['unit', 0.9],
        adamBeta2: ['unit', 0.999],
        epsilon: ['nonneg', 1e-7],
        muonA: ['number', 3.4445],
        muonB: ['number', -4.775],
        muonC: ['number', 2.0315],
        adamLrRatio: ['nonneg', 1],
        momentum: ['unit', 0.95],
        nsSteps: ['count', 5],
        nesterov: ['bool', true],
        rmsRate: ['numberOrNull', 0.2],
      },
      0.001,
      ['adamWeightDecay', 'excludeLayers', 'excludeEmbeddings'],
    );
    this.adamWeightDecay = optionalNumber('Muon', 'adamWeightDecay', o.adamWeightDecay === undefined ? 0.004 : o.adamWeightDecay);
    this.excludeEmbeddings = checkBoolean(o.excludeEmbeddings, 'Muon', 'excludeEmbeddings', true);
    const layers = o.excludeLayers ?? [];
    if (!Array.isArray(layers) || layers.some((k) => typeof k !== 'string')) {
      throw new Error(`Muon: excludeLayers must be an array of strings (regular expressions), got ${describe(layers)}.`);
    }
    this.excludeLayers = Object.freeze([...(layers as string[])]);
    try {
      this.excludePatterns = this.excludeLayers.map((k) => new RegExp(k));
    } catch (e) {
      throw new Error(`Muon: excludeLayers must be regular expressions (Keras searches variable paths with them): ${(e as Error).message}`);
    }
  }

  /** Whether `v` gets the AdamW update (Keras's `_should_use_adamw`): not a matrix, an embedding,
   * or named by `excludeLayers`. */
  usesAdamW(v: Variable): boolean {
    if (v.shape.length !== 2) return true;
    if (this.excludeEmbeddings && v.name.toLowerCase().includes('embedding')) return true;
    return this.excludePatterns.some((pattern) => pattern.test(v.name));
  }

  protected override weightDecayOf(v: Variable): number | null {
    if (!this.usesWeightDecay(v)) return null;
    return this.usesAdamW(v) ? this.adamWeightDecay : this.weightDecay;
  }

  protected override variantOf(v: Variable): number {
    return this.usesAdamW(v) ? 1 : 0;
  }

  /** @internal Keras makes a velocity only for the AdamW update's variables. */
  override _kerasHasSlot(v: Variable, slot: number): boolean {
    return slot !== 1 || this.usesAdamW(v);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), excludeLayers: this.excludeLayers.slice(), excludeEmbeddings: this.excludeEmbeddings, adamWeightDecay: this.adamWeightDecay };
  }
}

/** Options of `new tf.keras.optimizers.ScheduleFreeAdamW(options)`: the base options and its own hyperparameters (defaults on the class). */
export interface ScheduleFreeAdamWOptions extends BaseOptimizerOptions {
  /** The interpolation between the average and the Adam iterate (Keras's `beta_1`). */
  beta1?: number;
  /** Decay rate of the second-moment estimate. */
  beta2?: number;
  /** Small constant added to the denominators for numerical stability. */
  epsilon?: number;
  /** Steps over which the learning rate rises linearly from 0 (0: none). */
  warmupSteps?: number;
}

/** Keras 3's positional arguments of ScheduleFreeAdamW, in its order. */
type ScheduleFreeAdamWPositional = [
  learningRate?: LearningRate, beta1?: number, beta2?: number, epsilon?: number, warmupSteps?: number, ...BaseOptimizerPositional,
];

/**
 * Keras 3 ScheduleFreeAdamW (learningRate 0.0025, beta1 0.9, beta2 0.999, epsilon 1e-8,
 * warmupSteps 0; Defazio et al. 2024): AdamW without a learning-rate schedule. Each variable
 * holds the point where gradients are taken, an interpolation between the Adam iterate (the
 * slot `momentum`, which starts as a copy of the variable) and the running average of the
 * iterates, weighted 1/t.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([3, -2]);
 * const opt = new tf.keras.optimizers.ScheduleFreeAdamW({ learningRate: 0.5 });
 * for (let i = 0; i < 300; i++) opt.minimize(() => w.square().sum(), [w]);
 * console.log(w.arraySync().map((v) => Math.abs(v) < 1e-6)); // [ true, true ]
 * ```
 *
 * Takes an options object, or Keras 3's positional arguments: `new ScheduleFreeAdamW(learningRate, beta1, beta2, epsilon, warmupSteps, ...base)`, with the base arguments (see BaseOptimizerOptions) in Keras 3's order as `...base`.
 */
export class ScheduleFreeAdamW extends Optimizer {
  /** The interpolation between the average and the Adam iterate (Keras's `beta_1`). */
  declare readonly beta1: number;
  /** Decay rate of the second-moment estimate. */
  declare readonly beta2: number;
  /** Small constant added to the denominators for numerical stability. */
  declare readonly epsilon: number;
  /** Steps over which the learning rate rises linearly from 0 (0: none). */
  declare readonly warmupSteps: number;
  constructor(...positional: ScheduleFreeAdamWPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest. */
  constructor(...positionalThenOptions: PositionalThenOptions<ScheduleFreeAdamWPositional, Omit<ScheduleFreeAdamWOptions, 'lr'>>);
  constructor(options?: ScheduleFreeAdamWOptions);
  constructor(...args: unknown[]) {
    const options = optimizerArguments('ScheduleFreeAdamW', args, ['beta1', 'beta2', 'epsilon', 'warmupSteps']);
    super(
      'ScheduleFreeAdamW',
      'ScheduleFreeAdamW',
      options,
      { beta1: ['unit', 0.9], beta2: ['unit', 0.999], epsilon: ['nonneg', 1e-8], warmupSteps: ['count', 0] },
      0.0025,
    );
  }
}

// The classes under distinct names, for the `tf.optimizers` and `tf.keras.optimizers` type
// namespaces in index.ts (a namespace's `type Adam = Adam` would name itself in the bundled .d.ts).
export type OptimizerClass = Optimizer;
export type SGDClass = SGD;
export type AdamClass = Adam;
export type AdamWClass = AdamW;
export type NadamClass = Nadam;
export type RMSpropClass = RMSprop;
export type AdagradClass = Adagrad;
export type AdadeltaClass = Adadelta;
export type AdamaxClass = Adamax;
export type LionClass = Lion;
export type FtrlClass = Ftrl;
export type LambClass = Lamb;
export type AdafactorClass = Adafactor;
export type MuonClass = Muon;
export type ScheduleFreeAdamWClass = ScheduleFreeAdamW;
