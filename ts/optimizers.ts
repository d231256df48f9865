// Keras 3 optimizers, fused in Rust: one wasm call per variable per step updates the variable and
// its slots in place (crates/gradtape-core/src/optim.rs has the formulas). State is keyed by the
// variable object, never by position in the gradient list.

import { Tensor, handleOf, shapeString } from './tensor';
import { GradientTape } from './tape';
import { Variable } from './variable';
import { W, codes, initSync, lastError, writeScratch } from './wasm/runtime';

export type GradientPair = readonly [Tensor | null | undefined, Variable];

const warnedLr = new Set<string>();

/** Slot tensors are raw wasm handles owned by the optimizer (pinned, never evicted). */
const slotFinalizer = new FinalizationRegistry<number[]>((handles) => {
  if (W) for (const h of handles) W.gt_tensor_free(h);
});

interface BaseOptions {
  learningRate?: number;
  /** Deprecated alias of learningRate (Keras 2), accepted with a one-time warning. */
  lr?: number;
  name?: string;
}

function checkOptions(cls: string, options: object, allowed: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new Error(`${cls}: options must be an object like {learningRate: 0.01}, got ${String(options)}.`);
  }
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k) && k !== 'lr' && k !== 'learningRate' && k !== 'name');
  if (unknown.length) {
    const shown = Object.fromEntries(unknown.map((k) => [k, (options as Record<string, unknown>)[k]]));
    throw new Error(
      `${cls}: Argument(s) not recognized: ${JSON.stringify(shown)}. Accepted options: learningRate, ${allowed.join(', ')}, name.`,
    );
  }
}

function checkNumber(cls: string, key: string, value: unknown, low: number, high: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < low || value > high) {
    throw new Error(`${cls}: ${key} must be a finite number in [${low}, ${high}], got ${String(value)}.`);
  }
  return value;
}

export abstract class Optimizer {
  readonly name: string;
  /** Number of applyGradients calls so far. */
  iterations = 0;
  private lrValue: number;
  /** Slot handles per variable, created on the first apply (Keras's build). */
  private slots: Map<Variable, number[]> | null = null;
  private readonly allSlotHandles: number[] = [];

  protected constructor(cls: string, options: BaseOptions & Record<string, unknown>, allowed: readonly string[], defaultLr: number) {
    initSync();
    checkOptions(cls, options, allowed);
    if (options.lr !== undefined) {
      if (options.learningRate !== undefined) throw new Error(`${cls}: pass learningRate or its deprecated alias lr, not both.`);
      if (!warnedLr.has(cls)) {
        warnedLr.add(cls);
        console.warn(`${cls}: the \`lr\` argument is deprecated, use \`learningRate\` instead. (Using lr=${options.lr}.)`);
      }
    }
    this.lrValue = checkNumber(cls, 'learningRate', options.learningRate ?? options.lr ?? defaultLr, 0, Infinity);
    this.name = options.name ?? cls.toLowerCase();
    slotFinalizer.register(this, this.allSlotHandles, this);
  }

  get learningRate(): number {
    return this.lrValue;
  }

  set learningRate(value: number) {
    this.lrValue = checkNumber(this.constructor.name, 'learningRate', value, 0, Infinity);
  }

  /** Keras 2 alias of learningRate (warns once). */
  get lr(): number {
    return this.lrValue;
  }

  set lr(value: number) {
    this.learningRate = value;
  }

  /** Number of slot tensors per variable and what they are called. */
  protected abstract slotCount(): number;
  /** Runs the fused update of one variable; returns the export's status. */
  protected abstract update(variable: Variable, grad: Tensor, slots: readonly number[], step: number): number;
  /** Per-apply work shared by all variables (Nadam's momentum product). */
  protected beforeApply(_step: number): void {}

  /**
   * Applies `[gradient, variable]` pairs (Keras's apply_gradients). Null gradients are skipped with
   * a warning; all-null throws. Returns the new iteration count.
   */
  applyGradients(pairs: Iterable<GradientPair>): number {
    const list = Array.isArray(pairs) ? (pairs as GradientPair[]) : Array.from(pairs);
    if (list.length === 0) throw new Error('applyGradients: got no [gradient, variable] pairs.');
    let present = 0;
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`applyGradients: entry ${i} must be a [gradient, variable] pair.`);
      const [grad, variable] = p;
      if (!(variable instanceof Variable)) {
        throw new Error(`applyGradients: entry ${i} has ${String(variable)} where a tf.Variable is expected; optimizers update variables.`);
      }
      if (grad === null || grad === undefined) continue;
      present++;
      if (!(grad instanceof Tensor)) throw new Error(`applyGradients: the gradient for '${variable.name}' is not a tensor.`);
      if (grad.dtype !== variable.dtype || grad.shape.length !== variable.shape.length || grad.shape.some((d, k) => d !== variable.shape[k])) {
        throw new Error(
          `applyGradients: the gradient for '${variable.name}' has shape [${grad.shape}] and dtype ${grad.dtype}, ` +
            `but the variable has shape [${variable.shape}] and dtype ${variable.dtype}.`,
        );
      }
    }
    if (present === 0) throw new Error('No gradients provided for any variable.');
    if (present < list.length) {
      const missing = list.filter((p) => p[0] === null || p[0] === undefined).map((p) => p[1].name);
      console.warn(`Gradients do not exist for variables ${JSON.stringify(missing)} when minimizing the loss.`);
    }
    if (!this.slots) this.build(list.map((p) => p[1]));
    const slots = this.slots!;
    for (const [, variable] of list) {
      if (!slots.has(variable)) {
        throw new Error(
          `Unknown variable: <tf.Variable '${variable.name}' shape=${shapeString(variable.shape)} dtype=${variable.dtype}>. This optimizer can only be called ` +
            'for the variables it was originally built with. When working with a new set of variables, you should recreate a new optimizer instance.',
        );
      }
    }
    const step = this.iterations + 1;
    this.beforeApply(step);
    for (const [grad, variable] of list) {
      if (!grad) continue;
      if (this.update(variable, grad, slots.get(variable)!, step) !== 1) throw lastError(`${this.constructor.name}.applyGradients`);
    }
    this.iterations = step;
    return step;
  }

  /** Keras 2 style helper: records `loss()` on a tape, then applies the gradients to `varList`. */
  minimize(loss: () => Tensor, varList: readonly Variable[]): Tensor {
    const tape = new GradientTape();
    const value = tape.record(loss);
    const grads = tape.gradient(value, varList as Variable[]) as (Tensor | null)[];
    this.applyGradients(varList.map((v, i) => [grads[i], v] as const));
    return value;
  }

  private build(variables: readonly Variable[]): void {
    this.slots = new Map();
    for (const v of variables) {
      if (this.slots.has(v)) continue;
      const handles: number[] = [];
      for (let i = 0; i < this.slotCount(); i++) {
        writeScratch(v.shape);
        const h = W.gt_tensor_fill(codes.dtype[v.dtype]!, v.shape.length, 0);
        if (h === 0) throw lastError('optimizer slot');
        handles.push(h);
        this.allSlotHandles.push(h);
      }
      this.slots.set(v, handles);
    }
  }

  /** Frees the optimizer's slot memory. */
  dispose(): void {
    slotFinalizer.unregister(this);
    for (const h of this.allSlotHandles) W.gt_tensor_free(h);
    this.allSlotHandles.length = 0;
    this.slots = null;
  }
}

/** The gradient's handle (it may have been evicted to JS memory and need uploading). */
const gradHandle = (g: Tensor): number => handleOf(g, 'applyGradients');

export interface SGDOptions extends BaseOptions { momentum?: number; nesterov?: boolean }

/** Keras 3 SGD (learningRate 0.01, momentum 0, nesterov false). */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(options: SGDOptions = {}) {
    super('SGD', options as BaseOptions & Record<string, unknown>, ['momentum', 'nesterov'], 0.01);
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, 0, 1);
    this.nesterov = options.nesterov ?? false;
  }
  protected slotCount(): number {
    return this.momentum === 0 ? 0 : 1;
  }
  protected update(v: Variable, g: Tensor, slots: readonly number[]): number {
    return W.gt_sgd(v._h, gradHandle(g), slots[0] ?? 0, this.learningRate, this.momentum, this.nesterov ? 1 : 0);
  }
}

export interface AdamOptions extends BaseOptions { beta1?: number; beta2?: number; epsilon?: number; amsgrad?: boolean }

/** Keras 3 Adam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, amsgrad false). */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  constructor(options: AdamOptions = {}) {
    super('Adam', options as BaseOptions & Record<string, unknown>, ['beta1', 'beta2', 'epsilon', 'amsgrad'], 0.001);
    this.beta1 = checkNumber('Adam', 'beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkNumber('Adam', 'beta2', options.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkNumber('Adam', 'epsilon', options.epsilon ?? 1e-7, 0, Infinity);
    this.amsgrad = options.amsgrad ?? false;
  }
  protected slotCount(): number {
    return this.amsgrad ? 3 : 2;
  }
  protected update(v: Variable, g: Tensor, s: readonly number[], step: number): number {
    return W.gt_adam(v._h, gradHandle(g), s[0]!, s[1]!, s[2] ?? 0, this.learningRate, this.beta1, this.beta2, this.epsilon, this.amsgrad ? 1 : 0, step);
  }
}

export interface NadamOptions extends BaseOptions { beta1?: number; beta2?: number; epsilon?: number }

/** Keras 3 Nadam (learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7; momentum schedule 0.96^t). */
export class Nadam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Π u_i over the steps so far, shared by all variables (Keras's `_u_product`). */
  private uProduct = 1;
  constructor(options: NadamOptions = {}) {
    super('Nadam', options as BaseOptions & Record<string, unknown>, ['beta1', 'beta2', 'epsilon'], 0.001);
    this.beta1 = checkNumber('Nadam', 'beta1', options.beta1 ?? 0.9, 0, 1);
    this.beta2 = checkNumber('Nadam', 'beta2', options.beta2 ?? 0.999, 0, 1);
    this.epsilon = checkNumber('Nadam', 'epsilon', options.epsilon ?? 1e-7, 0, Infinity);
  }
  protected slotCount(): number {
    return 2;
  }
  protected override beforeApply(step: number): void {
    // u_t = beta1 (1 - 0.5 · 0.96^t)
    this.uProduct *= this.beta1 * (1 - 0.5 * Math.pow(0.96, step));
  }
  protected update(v: Variable, g: Tensor, s: readonly number[], step: number): number {
    return W.gt_nadam(v._h, gradHandle(g), s[0]!, s[1]!, this.learningRate, this.beta1, this.beta2, this.epsilon, step, this.uProduct);
  }
}
