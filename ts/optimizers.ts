// Keras 3 optimizers, fused in Rust: one wasm call per variable per step updates the variable and
// its slots in place (crates/gradtape-core/src/optim.rs has the formulas). State is keyed by the
// variable object, never by position in the gradient list.

import { checkBoolean, describe, isPlainObject } from './describe';
import { Tensor, handleOf, shapeString } from './tensor';
import { GradientTape } from './tape';
import { Variable, freeSlotLists } from './variable';
import { W, codes, initSync, lastError, reserveScratch, scratchF64View, writeScratch } from './wasm/runtime';

export type GradientPair = readonly [Tensor | null | undefined, Variable];

const warnedLr = new Set<string>();

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Slot tensors are raw wasm handles owned by the optimizer (pinned, never evicted). Each
 * variable's list is shared with the variable, which frees it (and zeroes it) when disposed. */
const slotFinalizer = new FinalizationRegistry<number[][]>((lists) => {
  if (W) freeSlotLists(lists);
});

interface BaseOptions {
  learningRate?: number;
  /** Deprecated alias of learningRate (Keras 2), accepted with a one-time warning. */
  lr?: number;
  name?: string;
}

function checkOptions(cls: string, options: unknown, allowed: readonly string[]): void {
  if (!isPlainObject(options)) {
    throw new Error(`${cls}: options must be an object like {learningRate: 0.01}, got ${describe(options)}.`);
  }
  const unknown = Object.keys(options).filter((k) => !allowed.includes(k) && k !== 'lr' && k !== 'learningRate' && k !== 'name');
  if (unknown.length) {
    const shown = unknown.map((k) => `'${k}': ${describe(options[k])}`).join(', ');
    throw new Error(`${cls}: Argument(s) not recognized: {${shown}}. Accepted options: learningRate, ${allowed.join(', ')}, name.`);
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

export abstract class Optimizer {
  readonly name: string;
  /** Number of applyGradients calls so far. */
  iterations = 0;
  private lrValue: number;
  /** Slot handles per variable, created on the first apply (Keras's build). */
  private slots: Map<Variable, number[]> | null = null;
  /** Every variable's slot handles (0 once freed), for dispose and the finalizer. */
  private readonly slotLists: number[][] = [];
  private registered = false;

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

  /** Number of slot tensors per variable. */
  protected abstract slotCount(): number;
  /** Runs the fused update of one variable (handles already resident); returns the export's status. */
  protected abstract update(variable: number, grad: number, slots: readonly number[], step: number): number;
  /** Per-apply state shared by all variables, computed before the updates (Nadam's momentum product). */
  protected beforeApply(_step: number): void {}
  /** Makes `beforeApply`'s state current once every update succeeded. */
  protected commitApply(): void {}

  /**
   * Applies `[gradient, variable]` pairs (Keras's apply_gradients). Null gradients are skipped with
   * a warning; all-null throws. Returns the new iteration count. All or nothing: every pair is
   * checked, and every buffer the updates write is made ready, before any variable changes.
   */
  applyGradients(pairs: Iterable<GradientPair>): number {
    const cls = this.constructor.name;
    if (pairs === null || typeof pairs !== 'object' || typeof (pairs as Iterable<GradientPair>)[Symbol.iterator] !== 'function') {
      throw new Error(`${cls}.applyGradients: expected an array of [gradient, variable] pairs, got ${describe(pairs)}.`);
    }
    const list = Array.isArray(pairs) ? (pairs as GradientPair[]) : Array.from(pairs);
    if (list.length === 0) throw new Error('applyGradients: got no [gradient, variable] pairs.');
    const grads: Tensor[] = [];
    const variables: Variable[] = [];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      if (!Array.isArray(p) || p.length !== 2) throw new Error(`applyGradients: entry ${i} must be a [gradient, variable] pair.`);
      const [grad, variable] = p;
      if (!(variable instanceof Variable)) {
        throw new Error(`applyGradients: entry ${i} has ${describe(variable)} where a tf.Variable is expected; optimizers update variables.`);
      }
      if (variable.isDisposed) throw new Error(`applyGradients: the variable '${variable.name}' (entry ${i}) was disposed.`);
      if (grad === null || grad === undefined) continue;
      if (!(grad instanceof Tensor)) throw new Error(`applyGradients: the gradient for '${variable.name}' is not a tensor.`);
      if (grad.isDisposed) throw new Error(`applyGradients: the gradient for '${variable.name}' was disposed.`);
      if (grad.dtype !== variable.dtype || !sameShape(grad.shape, variable.shape)) {
        throw new Error(
          `applyGradients: the gradient for '${variable.name}' has shape [${grad.shape}] and dtype ${grad.dtype}, ` +
            `but the variable has shape [${variable.shape}] and dtype ${variable.dtype}.`,
        );
      }
      grads.push(grad);
      variables.push(variable);
    }
    if (grads.length === 0) throw new Error('applyGradients: No gradients provided for any variable.');
    if (this.slots) {
      for (const [, variable] of list) {
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
    const slots = this.slots!;
    // Everything that can fail happens before the first update: uploading evicted gradients, and
    // giving each variable and slot its own storage (a snapshot or a tape may share it).
    const n = grads.length;
    const gradHandles = new Array<number>(n);
    for (let i = 0; i < n; i++) gradHandles[i] = handleOf(grads[i]!, 'applyGradients');
    const written = n * (1 + this.slotCount());
    reserveScratch(2 * written);
    const f = scratchF64View();
    for (let i = 0, k = 0; i < n; i++) {
      f[k++] = variables[i]!._h;
      for (const h of slots.get(variables[i]!)!) f[k++] = h;
    }
    if (W.gt_tensors_unshare(written) !== 1) throw lastError(`${cls}.applyGradients`);
    const step = this.iterations + 1;
    this.beforeApply(step);
    for (let i = 0; i < n; i++) {
      const variable = variables[i]!;
      if (this.update(variable._h, gradHandles[i]!, slots.get(variable)!, step) !== 1) throw lastError(`${cls}.applyGradients`);
    }
    this.commitApply();
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

  /** Makes the slots of every variable (Keras's build), all or none. */
  private build(variables: readonly Variable[]): void {
    const built = new Map<Variable, number[]>();
    try {
      for (const v of variables) {
        if (built.has(v)) continue;
        const handles: number[] = [];
        built.set(v, handles);
        for (let i = 0; i < this.slotCount(); i++) {
          writeScratch(v.shape);
          const h = W.gt_tensor_fill(codes.dtype[v.dtype]!, v.shape.length, 0);
          if (h === 0) throw lastError('optimizer slot');
          handles.push(h);
        }
      }
    } catch (e) {
      for (const handles of built.values()) for (const h of handles) W.gt_tensor_free(h);
      throw e;
    }
    for (const [v, handles] of built) {
      this.slotLists.push(handles);
      v._ownSlots(handles);
    }
    if (!this.registered) slotFinalizer.register(this, this.slotLists, this);
    this.registered = true;
    this.slots = built;
  }

  /** Frees the optimizer's slot memory; a later applyGradients builds fresh slots. */
  dispose(): void {
    slotFinalizer.unregister(this);
    this.registered = false;
    freeSlotLists(this.slotLists);
    this.slotLists.length = 0;
    this.slots = null;
  }
}

export interface SGDOptions extends BaseOptions { momentum?: number; nesterov?: boolean }

/** Keras 3 SGD (learningRate 0.01, momentum 0, nesterov false). */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(options: SGDOptions = {}) {
    super('SGD', options as BaseOptions & Record<string, unknown>, ['momentum', 'nesterov'], 0.01);
    this.momentum = checkNumber('SGD', 'momentum', options.momentum ?? 0, 0, 1);
    this.nesterov = checkBoolean(options.nesterov, 'SGD', 'nesterov', false);
  }
  protected slotCount(): number {
    return this.momentum === 0 ? 0 : 1;
  }
  protected update(v: number, g: number, slots: readonly number[]): number {
    return W.gt_sgd(v, g, slots[0] ?? 0, this.learningRate, this.momentum, this.nesterov ? 1 : 0);
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
    this.amsgrad = checkBoolean(options.amsgrad, 'Adam', 'amsgrad', false);
  }
  protected slotCount(): number {
    return this.amsgrad ? 3 : 2;
  }
  protected update(v: number, g: number, s: readonly number[], step: number): number {
    return W.gt_adam(v, g, s[0]!, s[1]!, s[2] ?? 0, this.learningRate, this.beta1, this.beta2, this.epsilon, this.amsgrad ? 1 : 0, step);
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
  /** The product including the step being applied, current once the step succeeds. */
  private nextUProduct = 1;
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
    this.nextUProduct = this.uProduct * this.beta1 * (1 - 0.5 * Math.pow(0.96, step));
  }
  protected override commitApply(): void {
    this.uProduct = this.nextUProduct;
  }
  protected update(v: number, g: number, s: readonly number[], step: number): number {
    return W.gt_nadam(v, g, s[0]!, s[1]!, this.learningRate, this.beta1, this.beta2, this.epsilon, step, this.nextUProduct);
  }
}
