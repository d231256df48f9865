// Keras 3's LossScaleOptimizer (keras/src/optimizers/loss_scale_optimizer.py): dynamic loss
// scaling around another optimizer. The wrapper keeps two scalars, the scale and the count of
// finite steps since the scale last changed; the inner optimizer keeps everything else.
//
// An eager step decides in JavaScript whether every gradient is finite. In a compiled function
// (tf.function, model.fit's train step) the step is traced as Keras's graph has it (ops.cond):
// the finite check is a boolean the program computes, the inner optimizer's step is a guarded
// host step that a replay runs only when that boolean is true (otherwise its variables, slots
// and iterations stay as they were, and JavaScript puts back the counters it advanced for the
// call), and the new scale and step counter are chosen with ops and assigned. So the function is
// replayed, with the same results as eager steps bit for bit; no value is read per call.

import { describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import { constant } from './creation';
import { equal, isFinite, logicalAnd, logicalNot, reduceAll } from './generated/ops';
import { recordingOptimizerSteps } from './host-steps';
import { valuesOf } from './indexing';
import { tidy } from './memory';
import { cast, where } from './ops';
import { type GradientPair, type LearningRate, Optimizer, type OptimizerCheckpoint } from './optimizers';
import { type Serialized, get, serialize } from './serialization';
import { GradientTape } from './tape';
import { Tensor } from './tensor';
import { Variable } from './variable';
import { TraceSpoiler, W, tracing } from './wasm/runtime';

/** Options of `new tf.keras.optimizers.LossScaleOptimizer(innerOptimizer, options)`. */
export interface LossScaleOptimizerOptions {
  /** The loss scale to start with (default 2**15): high, since a scale too high falls far faster
   * than one too low rises. */
  initialScale?: number;
  /** After this many steps in a row with finite gradients the scale doubles (default 2000). */
  dynamicGrowthSteps?: number;
  /** The optimizer's name (default: Keras' automatic one, 'loss_scale_optimizer', then
   * 'loss_scale_optimizer_1', ...). */
  name?: string;
  /** Keras accepts only true (static scaling is the inner optimizer's `lossScaleFactor`). */
  dynamic?: boolean;
}

/** The base options Keras lets through only at their defaults (older saved configs carry them). */
const BASE_DEFAULTS: Readonly<Record<string, unknown>> = {
  weightDecay: null, clipnorm: null, globalClipnorm: null, clipvalue: null, useEma: false, emaMomentum: 0.99,
  emaOverwriteFrequency: null, lossScaleFactor: null, gradientAccumulationSteps: null,
};

const CLS = 'LossScaleOptimizer';

function checkedOptions(inner: unknown, options: unknown): { initialScale: number; dynamicGrowthSteps: number; name: string | undefined } {
  if (!(inner instanceof Optimizer)) throw new Error(`${CLS}: innerOptimizer must be a tf.keras.optimizers object, got ${describe(inner)}.`);
  if (inner instanceof LossScaleOptimizer) throw new Error(`${CLS}: innerOptimizer is already a LossScaleOptimizer; wrap the optimizer inside it instead.`);
  if (!isPlainObject(options)) throw new Error(`${CLS}: options must be an object like {initialScale: 1024}, got ${describe(options)}.`);
  const { initialScale = 2 ** 15, dynamicGrowthSteps = 2000, name, dynamic = true, ...rest } = options as Record<string, unknown>;
  if (dynamic !== true) {
    throw new Error(`${CLS} no longer supports \`dynamic=false\`. Instead, simply set \`lossScaleFactor\` directly on the \`innerOptimizer\`.`);
  }
  for (const [key, fallback] of Object.entries(BASE_DEFAULTS)) {
    if (!(key in rest)) continue;
    if (rest[key] !== fallback && !(fallback === null && rest[key] === undefined)) {
      throw new Error(`${CLS} does not support \`${key}\`. Instead, set \`${key}\` on the \`innerOptimizer\`.`);
    }
    delete rest[key];
  }
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new Error(`${CLS} does not support arguments: \`${unknown.join('`, `')}\`. Accepted options: initialScale, dynamicGrowthSteps, name, dynamic.`);
  }
  if (typeof initialScale !== 'number' || !Number.isFinite(initialScale) || initialScale <= 0) {
    throw new Error(`${CLS}: initialScale must be a finite number above 0, got ${describe(initialScale)}.`);
  }
  if (typeof dynamicGrowthSteps !== 'number' || !Number.isInteger(dynamicGrowthSteps) || dynamicGrowthSteps < 1) {
    throw new Error(`${CLS}: dynamicGrowthSteps must be an integer of at least 1, got ${describe(dynamicGrowthSteps)}.`);
  }
  if (name !== undefined && name !== null && typeof name !== 'string') throw new Error(`${CLS}: name must be a string, got ${describe(name)}.`);
  return { initialScale, dynamicGrowthSteps, name: (name ?? undefined) as string | undefined };
}

/** Keras 3's positional arguments of LossScaleOptimizer after its required ones, in its order. */
type LossScaleOptimizerPositional = [
  initialScale?: number, dynamicGrowthSteps?: number, name?: string | null,
];

/**
 * Keras 3 LossScaleOptimizer: dynamic loss scaling around `innerOptimizer`, against gradients
 * that underflow in float16. Multiply the loss by the scale (`scaleLoss`, which `model.fit` does
 * itself) before taking gradients; `applyGradients` divides them by it. When a gradient holds an
 * inf or a NaN the step is skipped (the inner optimizer, its slots and iterations untouched), the
 * scale halves and the count of good steps restarts; after `dynamicGrowthSteps` finite steps in a
 * row the scale doubles. Inside `tf.function` (and `model.fit`'s compiled train step) the check,
 * the skip and the new scale are part of the replayed program, with the eager results.
 *
 * @example
 * ```ts
 * const w = new tf.Variable([1, 2]);
 * const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.SGD({ learningRate: 0.5 }), { initialScale: 8, dynamicGrowthSteps: 2 });
 * opt.applyGradients([[tf.constant([8, Infinity]), w]]);
 * console.log(opt.lossScale, opt.iterations, w.arraySync()); // 4 0 [ 1, 2 ]
 * opt.applyGradients([[tf.constant([4, 8]), w]]);
 * opt.applyGradients([[tf.constant([4, 8]), w]]);
 * console.log(opt.lossScale, opt.iterations, w.arraySync()); // 8 2 [ 0, 0 ]
 * ```
 */
export class LossScaleOptimizer extends Optimizer {
  /** The wrapped optimizer, which makes the updates (its own loss scaling is turned off). */
  readonly innerOptimizer: Optimizer;
  /** The loss scale the optimizer started with. */
  readonly initialScale: number;
  /** The scale doubles after this many finite steps in a row. */
  readonly dynamicGrowthSteps: number;
  /** The current loss scale (Keras's `dynamic_scale`): a float32 scalar variable. */
  readonly dynamicScale: Variable;
  /** Finite steps since the scale last changed (Keras's `step_counter`): an int32 scalar variable. */
  readonly stepCounter: Variable;

  /** Keras 3's positional form, `LossScaleOptimizer(inner_optimizer, initial_scale,
   * dynamic_growth_steps, name)` (a null name is the automatic one). */
  constructor(innerOptimizer: Optimizer, ...positional: LossScaleOptimizerPositional);
  /** Python's keyword arguments after positional ones: some of the positional arguments, then the options for the rest (dynamic among them, as TensorFlow's `LossScaleOptimizer(inner, dynamic=True, ...)`). */
  constructor(innerOptimizer: Optimizer, ...positionalThenOptions: PositionalThenOptions<LossScaleOptimizerPositional, LossScaleOptimizerOptions>);
  /**
   * @param innerOptimizer The optimizer to wrap.
   * @param options The initial scale, the growth period and the name (or these positionally: the other form).
   */
  constructor(innerOptimizer: Optimizer, options?: LossScaleOptimizerOptions);
  constructor(innerOptimizer: Optimizer, ...args: unknown[]) {
    // Keras 3 takes dynamic (and the base optimizer's arguments, refused unless at their
    // defaults) through **kwargs: by name only, after the positional arguments too.
    const keywords = ['dynamic', ...Object.keys(BASE_DEFAULTS)];
    const checked = checkedOptions(innerOptimizer, kerasArguments(CLS, args, ['initialScale', 'dynamicGrowthSteps', 'name'], ['name'], { keywords }) ?? {});
    // (The base's own kernel is never used: the inner optimizer makes every update.)
    super(CLS, 'SGD', { learningRate: 0, name: checked.name }, {}, 0);
    this.innerOptimizer = innerOptimizer;
    this.initialScale = checked.initialScale;
    this.dynamicGrowthSteps = checked.dynamicGrowthSteps;
    // Keras turns the inner optimizer's scaling off, or the gradients would be unscaled twice.
    (innerOptimizer as { lossScaleFactor: number | null }).lossScaleFactor = null;
    this.dynamicScale = new Variable(checked.initialScale, { dtype: 'float32', trainable: false, name: 'dynamic_scale' });
    this.stepCounter = new Variable(0, { dtype: 'int32', trainable: false, name: 'step_counter' });
  }

  /** The current loss scale, as a number (TensorFlow 2's `loss_scale`). */
  get lossScale(): number {
    return this.dynamicScale.item();
  }

  /** The inner optimizer's updates so far (Keras's `iterations`: skipped steps do not count). */
  override get iterations(): number {
    return this.innerOptimizer.iterations;
  }

  /** The inner optimizer's learning rate (setting it sets the inner one's). */
  override get learningRate(): number {
    return this.innerOptimizer.learningRate;
  }

  override set learningRate(value: LearningRate) {
    this.innerOptimizer.learningRate = value;
  }

  /** @internal The inner optimizer's learning rate as Keras reads it back. */
  override _learningRateAsRead(): number {
    return this.innerOptimizer._learningRateAsRead();
  }

  /** `loss * scale` with the current scale (Keras's `scale_loss`; an integer loss is multiplied in float32, as Keras promotes it). */
  override scaleLoss(loss: Tensor): Tensor {
    if (!(loss instanceof Tensor)) throw new Error(`${CLS}.scaleLoss: expected a tensor, got ${describe(loss)}.`);
    if (loss.dtype === 'float64') return loss.mul(cast(this.dynamicScale, 'float64'));
    return (loss.dtype === 'float32' ? loss : cast(loss, 'float32')).mul(this.dynamicScale);
  }

  /**
   * Unscales the gradients and applies them with the inner optimizer, or, when one holds an inf
   * or a NaN, skips the step and halves the scale (Keras's `apply`). Returns the inner
   * optimizer's count of calls.
   */
  override applyGradients(pairs: Iterable<GradientPair>): number {
    if (pairs === null || typeof pairs !== 'object' || typeof (pairs as Iterable<GradientPair>)[Symbol.iterator] !== 'function') {
      throw new Error(`${CLS}.applyGradients: expected an array of [gradient, variable] pairs, got ${describe(pairs)}.`);
    }
    const list = Array.from(pairs);
    const grads = list.map((p) => (Array.isArray(p) && p[0] instanceof Tensor && !p[0].isDisposed ? p[0] : null));
    // (No usable gradient: the inner optimizer says what is wrong.)
    if (grads.every((g) => g === null)) return this.innerOptimizer.applyGradients(list);
    if (recordingOptimizerSteps()) {
      const finite = tidy(() => this.finiteFlag(grads));
      if (finite !== null) return this.applyTraced(list, grads, finite);
    }
    if (!this.allFinite(grads)) {
      // (Keras builds the inner optimizer before it looks at the gradients.)
      this.innerOptimizer._buildOn(list.flatMap((p) => (Array.isArray(p) && p[1] instanceof Variable && !p[1].isDisposed ? [p[1]] : [])));
      this.stepCounter.assign(0);
      this.dynamicScale.assign(Math.fround(this.lossScale * 0.5));
      return this.innerOptimizer._calls();
    }
    const unscaled = grads.map((g) => (g === null ? null : this.unscale(g)));
    let calls: number;
    try {
      calls = this.innerOptimizer.applyGradients(list.map((p, i) => (unscaled[i] === null ? p : ([unscaled[i], p[1]] as const))));
    } finally {
      for (const g of unscaled) g?.dispose();
    }
    const counter = this.stepCounter.item();
    if (counter === this.dynamicGrowthSteps - 1) {
      this.stepCounter.assign(0);
      this.dynamicScale.assign(Math.fround(this.lossScale * 2));
    } else this.stepCounter.assign(counter + 1);
    return calls;
  }

  /**
   * The step inside a compiled function's trace (Keras's graph): `finite` (a boolean scalar the
   * program computes) guards the inner optimizer's step, and the scale and the counter are
   * chosen by ops: halved and 0 on a skipped step, doubled and 0 after `dynamicGrowthSteps`
   * finite steps in a row, else unchanged and one more.
   */
  private applyTraced(list: GradientPair[], grads: readonly (Tensor | null)[], finite: Tensor): number {
    try {
      const unscaled = grads.map((g) => (g === null ? null : this.unscale(g)));
      let calls: number;
      try {
        const pairs = list.map((p, i) => (unscaled[i] === null ? p : ([unscaled[i], p[1]] as const)));
        calls = this.innerOptimizer._applyGradientsGuarded(pairs, { flag: finite, open: tracedValue(finite) });
      } finally {
        for (const g of unscaled) g?.dispose();
      }
      tidy(() => {
        const grow = logicalAnd(finite, equal(this.stepCounter, this.dynamicGrowthSteps - 1));
        const counter = where(logicalAnd(finite, logicalNot(grow)), this.stepCounter.add(1), constant(0, 'int32'));
        const scale = where(finite, where(grow, this.dynamicScale.mul(2), this.dynamicScale), this.dynamicScale.mul(0.5));
        this.stepCounter.assign(counter);
        this.dynamicScale.assign(scale);
      });
      return calls;
    } finally {
      finite.dispose();
    }
  }

  /** Whether every gradient is finite (Keras's `check_finite`; integer gradients always are). */
  private allFinite(grads: readonly (Tensor | null)[]): boolean {
    const finite = tidy(() => this.finiteFlag(grads));
    if (finite === null) return true;
    try {
      return valuesOf(finite, `${CLS}.applyGradients`, TraceSpoiler.Branch)[0] !== 0;
    } finally {
      finite.dispose();
    }
  }

  /** Whether every float gradient is finite, as a boolean scalar (null: no float gradient). */
  private finiteFlag(grads: readonly (Tensor | null)[]): Tensor | null {
    let all: Tensor | null = null;
    for (const g of grads) {
      if (g === null || g.dtype === 'int32') continue;
      const each = reduceAll(isFinite(g));
      all = all === null ? each : logicalAnd(all, each);
    }
    return all;
  }

  /** `g / scale` as Keras divides (`ops.divide(g, dynamic_scale)`: float32, an int32 gradient too, or float64 for a float64 gradient). */
  private unscale(g: Tensor): Tensor {
    if (g.dtype === 'float64') return tidy(() => g.div(cast(this.dynamicScale, 'float64')));
    return tidy(() => (g.dtype === 'float32' ? g : cast(g, 'float32')).div(this.dynamicScale));
  }

  /** Keras 3's `apply(grads, variables)` through `applyGradients` (the variables default to those the inner optimizer was built on). */
  override apply(grads: readonly (Tensor | null | undefined)[], variables?: readonly Variable[]): void {
    if (!Array.isArray(grads)) throw new Error(`${CLS}.apply: grads must be an array of gradients, got ${describe(grads)}.`);
    if (grads.length === 0) return;
    const built = this.innerOptimizer._builtOn();
    if (variables === undefined && built.length === 0) return this.innerOptimizer.apply(grads); // (its error)
    const vars = variables ?? built;
    if (!Array.isArray(vars) || vars.length !== grads.length) {
      throw new Error(`${CLS}.apply: got ${grads.length} gradients for ${Array.isArray(vars) ? vars.length : describe(vars)} variables.`);
    }
    this.applyGradients(vars.map((v, i) => [grads[i], v] as const));
  }

  /** Records `loss()` on a tape, takes the gradients of the scaled loss and applies them; returns the loss (unscaled). */
  override minimize(loss: () => Tensor, varList: readonly Variable[] | (() => readonly Variable[])): Tensor {
    if (typeof loss !== 'function') throw new Error(`${CLS}.minimize: loss must be a function returning the loss, got ${describe(loss)}.`);
    const tape = new GradientTape();
    let value!: Tensor;
    const scaled = tape.record(() => {
      value = loss();
      return this.scaleLoss(value);
    });
    const vars = typeof varList === 'function' ? varList() : varList;
    if (!Array.isArray(vars)) throw new Error(`${CLS}.minimize: varList must be an array of tf.Variable, got ${describe(vars)}.`);
    const grads = tape.gradient(scaled, vars as Variable[]) as (Tensor | null)[];
    this.applyGradients(vars.map((v, i) => [grads[i], v] as const));
    if (scaled !== value) scaled.dispose();
    return value;
  }

  /** The inner optimizer's `finalizeVariableValues` (its moving averages, if any). */
  override finalizeVariableValues(variables: readonly Variable[]): void {
    this.innerOptimizer.finalizeVariableValues(variables);
  }

  /**
   * Keras's `get_config`: the name, the inner optimizer serialized (`{className, config}`), the
   * initial scale and the growth period.
   *
   * @example
   * ```ts
   * const opt = new tf.keras.optimizers.LossScaleOptimizer(new tf.keras.optimizers.Adam(), { dynamicGrowthSteps: 100 });
   * const config = opt.getConfig();
   * console.log((config.innerOptimizer as { className: string }).className, config.initialScale, config.dynamicGrowthSteps); // Adam 32768 100
   * ```
   */
  override getConfig(): Record<string, unknown> {
    return { name: this.name, innerOptimizer: serialize(this.innerOptimizer), initialScale: this.initialScale, dynamicGrowthSteps: this.dynamicGrowthSteps };
  }

  /** A new LossScaleOptimizer from `getConfig()`'s options (Keras's `from_config`: the inner optimizer deserialized). */
  static override fromConfig<T extends Optimizer>(this: new (options: never) => T, config: Record<string, unknown>): T {
    if (!isPlainObject(config)) throw new Error(`${CLS}.fromConfig: expected the object getConfig() returns, got ${describe(config)}.`);
    const { innerOptimizer, ...rest } = config;
    if (innerOptimizer === undefined) throw new Error(`${CLS}.fromConfig: the config has no innerOptimizer.`);
    return new LossScaleOptimizer(get(innerOptimizer as Optimizer | Serialized), rest as LossScaleOptimizerOptions) as unknown as T;
  }

  /** @internal The inner optimizer's state, with the scale and the step counter after its own extra state. */
  override _checkpointState(): OptimizerCheckpoint {
    const inner = this.innerOptimizer._checkpointState();
    return { ...inner, className: this.constructor.name, extra: [...inner.extra, this.lossScale, this.stepCounter.item()] };
  }

  /** @internal Restores `_checkpointState`'s state. */
  override _restoreCheckpoint(state: Omit<OptimizerCheckpoint, 'className'>): void {
    const n = state.extra.length;
    this.innerOptimizer._restoreCheckpoint({ ...state, extra: state.extra.slice(0, n - 2) });
    this.dynamicScale.assign(Math.fround(state.extra[n - 2]!));
    this.stepCounter.assign(state.extra[n - 1]!);
  }

  /** @internal The variables the inner optimizer is built on. */
  override _builtOn(): Variable[] {
    return this.innerOptimizer._builtOn();
  }

  /** @internal The inner optimizer's slot shapes. */
  override _slotShapes(v: Variable): number[][] {
    return this.innerOptimizer._slotShapes(v);
  }

  /** @internal Builds the inner optimizer. */
  override _buildOn(variables: readonly Variable[]): void {
    this.innerOptimizer._buildOn(variables);
  }

  /** @internal Whether the inner optimizer keeps moving averages. */
  override _hasAverages(): boolean {
    return this.innerOptimizer._hasAverages();
  }

  /** @internal Swaps the inner optimizer's moving averages in. */
  override _swapAverages(): void {
    this.innerOptimizer._swapAverages();
  }

  /** @internal Sets the inner optimizer's moving averages to the variables. */
  override _averagesFromVariables(): void {
    this.innerOptimizer._averagesFromVariables();
  }

  /** @internal Which slots Keras makes: the inner optimizer's. */
  override _kerasHasSlot(v: Variable, slot: number): boolean {
    return this.innerOptimizer._kerasHasSlot(v, slot);
  }

  /** Frees the inner optimizer's slots (the scale and the counter stay). */
  override dispose(): void {
    this.innerOptimizer.dispose();
    super.dispose();
  }
}

/** The value of a traced boolean scalar in the call being traced, read with recording paused (as a
 * host step reads its operands: a replay does not read it, the guarded step does). */
function tracedValue(flag: Tensor): boolean {
  tracing.active = tracing.function = false;
  W.gt_function_trace_pause(1);
  try {
    return flag.dataSync()[0] !== 0;
  } finally {
    tracing.active = tracing.function = true;
    W.gt_function_trace_pause(0);
  }
}

/** The class under a distinct name, for the type namespaces in index.ts. */
export type LossScaleOptimizerClass = LossScaleOptimizer;
