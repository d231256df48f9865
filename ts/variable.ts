// tf.Variable: a mutable, pinned tensor. Reading it under a recording tape watches it when it is
// trainable; `assign*` and optimizer updates change it in place (snapshots taken by `value()` and
// values a tape saved keep their data: the wasm side copies shared storage before writing).

import { makeConstant } from './creation';
import { checkBoolean, checkOptions, describe, isPlainObject, kerasArguments, type PositionalThenOptions } from './describe';
import type { VariableAggregation, VariableSynchronization } from './keras-variable';
import { TensorShape } from './tensor-shape';
import { type DType, checkDType } from './dtype';
import { variableRepr } from './format';
import { callOp } from './call';
import { currentNameScope } from './name-scope';
import { add, sub } from './generated/ops';
import { OP } from './generated/table';
import { Tensor, type TensorLike, checkLive, eagerSteps, handleOf, operationDone, readHandle, residentHandle, settleFields, valuesReadable, wrap, scopes } from './tensor';
import { type HostArray, W, codes, copyIn, copyOut, lastError, liftFromTrace, tracing } from './wasm/runtime';

/** Options of `new tf.Variable(initial, options)`. */
export interface VariableOptions {
  /** Whether tapes watch the variable automatically when it is read (default true). */
  trainable?: boolean;
  /** The name printed in its text (`<tf.Variable 'w:0' ...>`); default `'Variable'`. Made inside
   * `tf.nameScope`, the variable's name is the scope's followed by this one (`'dense/w'`). */
  name?: string;
  /** The dtype; by default the initial value's (plain numbers: the default float, float32). */
  dtype?: DType;
  /** A projection applied after every optimizer update (Keras's `variable.constraint`): the
   * variable is assigned `constraint(variable)`, e.g. `(w) => tf.maximum(w, 0)` keeps it
   * non-negative. It must return a tensor of the variable's shape. */
  constraint?: ((value: Tensor) => Tensor) | null;
  /** TensorFlow's `shape`: only the initial value's own shape (an array or a tf.TensorShape), as
   * gradtape's variables keep the shape they are made with (a partly unknown shape, which lets
   * TensorFlow assign other shapes, is an error). */
  shape?: readonly (number | null)[] | TensorShape | null;
}

/** tf.Variable's positional arguments after the initial value, in TensorFlow's order. */
const VARIABLE_POSITIONAL = [
  'trainable', 'validateShape', 'cachingDevice', 'name', 'variableDef', 'dtype', 'importScope', 'constraint', 'synchronization', 'aggregation', 'shape',
] as const;

/** tf.Variable's positional arguments after the initial value, in TensorFlow's order (see the constructor). */
type VariablePositional = [
  trainable?: boolean | null, validateShape?: boolean, cachingDevice?: null, name?: string | null, variableDef?: null, dtype?: DType | null, importScope?: null,
  constraint?: ((value: Tensor) => Tensor) | null, synchronization?: VariableSynchronization | 'AUTO' | null, aggregation?: VariableAggregation | 'NONE' | null,
  shape?: readonly (number | null)[] | TensorShape | null,
];

/** tf.Variable's arguments as its options: one options object, or TensorFlow's positional ones
 * (those gradtape lacks only at their defaults: validateShape true, the others None, and
 * synchronization 'auto' and aggregation 'none', TensorFlow's AUTO and NONE). */
function variableArguments(args: readonly unknown[]): Record<string, unknown> {
  if (args.length === 1 && args[0] !== undefined && args[0] !== null && typeof args[0] === 'object' && !isPlainObject(args[0])) {
    throw new Error(`Variable: options must be an object like {trainable: true, name: 'w'} (or TensorFlow's positional trainable, validate_shape, ..., name, ...), got ${describe(args[0])}.`);
  }
  const o = kerasArguments('Variable', args, VARIABLE_POSITIONAL, ['trainable', 'cachingDevice', 'name', 'variableDef', 'dtype', 'importScope', 'constraint', 'synchronization', 'aggregation', 'shape'], { unsupported: { validateShape: true, cachingDevice: null, variableDef: null, importScope: null }, library: 'TensorFlow' }) ?? {};
  if (isPlainObject(args[0])) return o;
  if (o.trainable !== undefined && typeof o.trainable !== 'boolean') {
    throw new Error(`Variable: trainable, TensorFlow's second argument, must be true or false (or null), got ${describe(o.trainable)}; gradtape's options go in an object like {dtype: 'float64', name: 'w'}.`);
  }
  const { synchronization, aggregation, ...rest } = o;
  if (synchronization !== undefined && (typeof synchronization !== 'string' || synchronization.toLowerCase() !== 'auto')) {
    throw new Error(`Variable: gradtape does not support TensorFlow's argument synchronization (its variables are not distributed); leave it at its default ('auto' or null), got ${describe(synchronization)}.`);
  }
  if (aggregation !== undefined && (typeof aggregation !== 'string' || aggregation.toLowerCase() !== 'none')) {
    throw new Error(`Variable: gradtape does not support TensorFlow's argument aggregation (its variables are not distributed); leave it at its default ('none' or null), got ${describe(aggregation)}.`);
  }
  return rest;
}

/** TensorFlow's `shape` argument, which gradtape takes only as the initial value's own shape. */
function checkVariableShape(shape: unknown, valueShape: readonly number[]): void {
  let dims: readonly (number | null)[] | null;
  try {
    dims = new TensorShape(shape as readonly (number | null)[]).dims;
  } catch {
    throw new Error(`Variable: shape must be an array of dimensions or a tf.TensorShape, got ${describe(shape)}.`);
  }
  const given = dims === null ? 'an unknown rank' : `[${dims.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
  if (dims !== null && dims.length === valueShape.length && dims.every((d, i) => d === null || d === valueShape[i])) {
    if (dims.every((d) => d !== null)) return;
    throw new Error(`Variable: shape ${given} leaves dimensions unknown, which would let TensorFlow assign values of other shapes; gradtape's variables keep their initial value's shape [${valueShape.join(', ')}]: give that shape or none.`);
  }
  if (dims === null) {
    throw new Error(`Variable: shape of ${given} would let TensorFlow assign values of other shapes; gradtape's variables keep their initial value's shape [${valueShape.join(', ')}]: give that shape or none.`);
  }
  const error = new Error(`Variable: The initial value's shape ([${valueShape.join(', ')}]) is not compatible with the explicitly supplied \`shape\` argument (${given}).`);
  error.name = 'ValueError';
  throw error;
}

/** Frees optimizer slot handles, shared between an optimizer and its variables: each list is
 * zeroed once freed, so whichever of the two goes first frees it and the other skips it. */
export function freeSlotLists(lists: number[][]): void {
  for (const handles of lists) {
    for (let i = 0; i < handles.length; i++) if (handles[i] !== 0) W.gt_tensor_free(handles[i]!);
    handles.fill(0);
  }
}

/** Sets a variable's `trainable` flag, read-only for users as TensorFlow's is: a Keras layer's
 * `trainable` setter sets its weights' (Keras 3's layer.py does). Tapes keep watching by the flag
 * the variable was made with, as TensorFlow's do: Keras on TensorFlow sets its own flag, not the
 * tf.Variable's (backend/tensorflow/core.py). */
export function setTrainable(variable: Variable, value: boolean): void {
  (variable as { trainable: boolean }).trainable = value;
}

/** @internal Gives a layer's weight its Keras 3 path (see `Variable.path`). */
export function setPath(variable: Variable, path: string): void {
  (variable as { path: string | undefined }).path = path;
}

/** Frees a variable's wasm buffer if the variable is collected without dispose(). */
const variableFinalizer = new FinalizationRegistry<number>((h) => {
  W.gt_tensor_free(h);
});

/** The next variable's creation serial. */
let nextSerial = 0;

/**
 * A mutable tensor: TensorFlow's `tf.Variable`. Model parameters live in variables; optimizers
 * and `assign`, `assignAdd`, `assignSub` change them in place, keeping shape and dtype. A
 * trainable variable read while a {@link GradientTape} records is watched automatically, so
 * `tape.gradient(loss, v)` works without `tape.watch(v)`. A Variable is a {@link Tensor}: every op
 * and method takes it. Its memory stays in wasm until `dispose()` (or until it is collected).
 *
 * @example
 * ```ts
 * const v = new tf.Variable(3.6);
 * const tape = new tf.GradientTape();
 * const y = tape.record(() => v.mul(v));
 * console.log(tape.gradient(y, v)!.item().toFixed(4)); // 7.2000
 * v.assignSub(0.6);
 * console.log(v.item().toFixed(4));                     // 3.0000
 * ```
 */
export class Variable extends Tensor {
  /** Whether the variable is trainable: made so, tapes watch it automatically when it is read.
   * Read-only, as TensorFlow's; a Keras layer's weights follow the layer's `trainable` (setting it
   * sets theirs, as Keras 3 does), while tapes keep watching by the flag they were made with. */
  readonly trainable: boolean;
  /** @internal The `trainable` flag it was made with: what tapes watch by (TensorFlow's
   * tf.Variable.trainable, which Keras' flag does not change). */
  readonly _madeTrainable: boolean;
  /** The name given at construction (`'Variable'` by default), after the name scope it was made in. */
  readonly name: string;
  /** Keras 3's path, for a variable a Keras layer made (`addWeight`) or a `tf.keras.Variable`: the
   * Keras scopes it was made in, then its name ('sequential/dense/kernel'; see `Layer.path`).
   * Undefined for other variables, as a tf.Variable has none. */
  readonly path: string | undefined = undefined;
  /** The projection optimizers apply after updating the variable (`constraint` option), or null. */
  readonly constraint: ((value: Tensor) => Tensor) | null;
  /** @internal Creation order: TensorFlow lists a tape's watched variables in it. */
  readonly _serial = nextSerial++;
  private readonly slotLists: number[][] = [];

  /**
   * TensorFlow's positional form, `tf.Variable(initial_value, trainable, validate_shape,
   * caching_device, name, variable_def, dtype, import_scope, constraint, synchronization,
   * aggregation, shape)`: a null is the default; validate_shape, caching_device, variable_def,
   * import_scope, synchronization and aggregation only at their defaults (true, null, 'auto',
   * 'none'), as gradtape has none of them; shape only the initial value's own.
   */
  constructor(initial: TensorLike | (() => TensorLike), ...positional: VariablePositional);
  /** Python's keyword arguments after positional ones, `tf.Variable(0, False, name='step')`: `new tf.Variable(0, false, { name: 'step' })`. */
  constructor(initial: TensorLike | (() => TensorLike), ...positionalThenOptions: PositionalThenOptions<VariablePositional, VariableOptions>);
  /**
   * A variable holding a copy of `initial` (a tensor, a number, nested arrays or a typed array; or,
   * as TensorFlow's `initial_value`, a function of no argument that returns one).
   * @param initial The initial value; its shape and dtype are the variable's for good.
   * @param options `trainable`, `name`, `dtype`, `constraint` and `shape` (or these positionally
   * in TensorFlow's order: the other form).
   */
  constructor(initial: TensorLike | (() => TensorLike), options?: VariableOptions);
  constructor(initial: TensorLike | (() => TensorLike), ...args: unknown[]) {
    const options = variableArguments(args) as VariableOptions;
    // TensorFlow's initial_value may be a callable of no argument that returns the value (in a
    // tf.function, run lifted out of it, as TensorFlow runs it in init_scope).
    if (typeof initial === 'function') initial = liftFromTrace(initial);
    checkOptions(options, 'Variable', ['trainable', 'name', 'dtype', 'constraint', 'shape'], "{trainable: true, name: 'w'}");
    const constraint = options.constraint ?? null;
    if (constraint !== null && typeof constraint !== 'function') {
      throw new Error(`Variable: The \`constraint\` argument must be a callable, got ${describe(constraint)}.`);
    }
    const trainable = checkBoolean(options.trainable, 'Variable', 'trainable', true);
    if (options.name !== undefined && typeof options.name !== 'string') {
      throw new Error(`Variable: name must be a string, got ${describe(options.name)}.`);
    }
    // TensorFlow's tf.function keeps variables made on its first trace and refuses them on later
    // ones (polymorphic_function.py), whose variables would be new ones per signature.
    if ((tracing.function || tracing.lifted) && !tracing.variablesAllowed) {
      throw new Error(
        'Creating variables on a non-first call to a function decorated with tf.function. Make the tf.Variable once, outside the function or on its first call (if (!v) v = new tf.Variable(...)).',
      );
    }
    const dtype = options.dtype === undefined ? undefined : checkDType(options.dtype, 'Variable');
    if (initial instanceof Tensor && dtype !== undefined && initial.dtype !== dtype) {
      // TensorFlow's convert_to_tensor(initial_value, dtype) does not cast a tensor.
      throw new Error(`Variable: Tensor conversion requested dtype ${dtype} for Tensor with dtype ${initial.dtype}; cast it first, e.g. new tf.Variable(tf.cast(t, '${dtype}')).`);
    }
    if (tracing.function && initial instanceof Tensor && !valuesReadable(initial)) {
      // (TensorFlow's error: a graph tensor as the initial value would be read once, not replayed.)
      throw new Error(
        'Variable: Tensor-typed variable initializers must either be wrapped in an init_scope or callable (e.g., `new tf.Variable(() => tf.random.truncatedNormal([10, 40]))`) when building functions: ' +
          'in a tf.function, an initial value computed from its arguments, from variables or from random numbers drawn there cannot be read while it is traced.',
      );
    }
    const value = makeConstant(initial, dtype, 'Variable');
    if (options.shape !== undefined && options.shape !== null) checkVariableShape(options.shape, value.shape);
    const target = dtype ?? value.dtype;
    // A variable owns a private copy of its initial value (tf.Variable(t) never shares memory with t).
    const data = value.dtype === target ? value._data() : callOp(OP.cast, [value], [codes.dtype[target]!])._data();
    const h = copyIn(data, value.shape, codes.dtype[target]!, 0);
    super(h, null, value.shape.slice(), target);
    // Variables outlive tf.tidy scopes, as in TensorFlow.js.
    if (scopes.length !== 0) scopes[scopes.length - 1]!.pop();
    this.trainable = trainable;
    this._madeTrainable = trainable;
    this.name = currentNameScope() + (options.name ?? 'Variable');
    this.constraint = constraint;
    variableFinalizer.register(this, h, this);
  }

  /** @internal */
  override get _isVar(): boolean {
    return true;
  }

  /** @internal Variables are mutable, so their data is never cached in JS. */
  override _data(): HostArray {
    return copyOut(readHandle(this), codes.dtype[this.dtype]!, this.size);
  }

  /**
   * The current value as a new Tensor (a snapshot: later assignments do not change it). As in
   * TensorFlow, the read is an op: under a recording tape that watches this variable the snapshot
   * is connected to it (gradients flow back to the variable); outside, it is a constant.
   */
  value(): Tensor {
    return callOp(OP.reshape, [this], [this.shape.length, ...this.shape], 'value'); // a recorded identity
  }

  /** TensorFlow's `read_value()`: the same as `value()`. */
  readValue(): Tensor {
    return this.value();
  }

  /**
   * Replaces the value; shape and dtype stay. Returns the variable. Not recorded on tapes.
   *
   * @example
   * ```ts
   * const w = new tf.Variable([1, 2]);
   * w.assign([5, 6]);
   * console.log(w.arraySync()); // [ 5, 6 ]
   * ```
   */
  assign(value: TensorLike): this {
    if (eagerSteps.active) eagerSteps.interrupt(); // (a pending op reads the value before it)
    checkLive(this, 'assign');
    // Tensors and typed arrays keep their dtype (and must match); numbers and nested arrays take the variable's.
    const t = makeConstant(value, value instanceof Tensor || ArrayBuffer.isView(value) ? undefined : this.dtype, 'assign');
    if (t.dtype !== this.dtype) {
      throw new Error(`assign: the variable is ${this.dtype} but the value is ${t.dtype}; cast the value with tf.cast(value, '${this.dtype}').`);
    }
    if (t.shape.length !== this.shape.length || t.shape.some((d, i) => d !== this.shape[i])) {
      const error = new Error(
        `Cannot assign value to variable ' ${this.name}:0': Shape mismatch.The variable shape (${this.shape.join(', ')}${this.shape.length === 1 ? ',' : ''}), ` +
          `and the assigned value shape (${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''}) are incompatible.`,
      );
      error.name = 'ValueError'; // TensorFlow's kind, as its variable guide prints it
      throw error;
    }
    const src = handleOf(t, 'assign');
    if (W.gt_assign(this._h, src) !== 1) throw lastError('assign');
    operationDone();
    return this;
  }

  /**
   * Adds `delta` in place (TensorFlow's `assign_add`); returns the variable. Not recorded on tapes.
   *
   * @example
   * ```ts
   * const step = new tf.Variable(0, { dtype: 'int32', trainable: false });
   * step.assignAdd(1).assignAdd(1);
   * console.log(step.item()); // 2
   * ```
   */
  assignAdd(delta: TensorLike): this {
    return this.assign(add(this.snapshot(), this.updateOperand(delta, 'assignAdd')));
  }

  /** Subtracts `delta` in place (TensorFlow's `assign_sub`); returns the variable. Not recorded on tapes. */
  assignSub(delta: TensorLike): this {
    return this.assign(sub(this.snapshot(), this.updateOperand(delta, 'assignSub')));
  }

  /** `delta` of the variable's shape exactly: TensorFlow does not broadcast an update
   * (`ValidateAssignUpdateVariableOpShapes`). Numbers and arrays take the variable's dtype. */
  private updateOperand(delta: TensorLike, op: string): Tensor {
    checkLive(this, op);
    const t = makeConstant(delta, delta instanceof Tensor || ArrayBuffer.isView(delta) ? undefined : this.dtype, op);
    if (t.shape.length !== this.shape.length || t.shape.some((d, i) => d !== this.shape[i])) {
      throw new Error(`${op}: Cannot update variable with shape [${this.shape.join(',')}] using a Tensor with shape [${t.shape.join(',')}], shapes must be equal.`);
    }
    return t;
  }

  /** The current value as a constant no tape connects to the variable (assignments are not recorded). */
  private snapshot(): Tensor {
    const h = residentHandle(this, 'assign');
    // A compiled function (tf.function) reads the variable live, as every op does through handleOf.
    if (tracing.function && W.gt_function_trace_read(h) !== 1) throw lastError('assign');
    return wrap(W.gt_stop_gradient(h), 'assign');
  }

  /** @internal Optimizer slots made for this variable: freed (and zeroed) when it is disposed. */
  _ownSlots(handles: number[]): void {
    this.slotLists.push(handles);
  }

  /** TensorFlow's text: `<tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([1., 2.], dtype=float32)>`. */
  override toString(): string {
    return variableRepr(`${this.name}:0`, this._data(), this.shape, this.dtype);
  }

  /** Frees the variable's wasm memory and the optimizer slots made for it. Using it afterwards throws. */
  override dispose(): void {
    if (this._disposed) return;
    if (eagerSteps.active) eagerSteps.interrupt();
    variableFinalizer.unregister(this);
    if (this._h !== 0) W.gt_tensor_free(this._h);
    freeSlotLists(this.slotLists);
    this.slotLists.length = 0;
    this._h = 0;
    this._disposed = true;
  }
}
settleFields(Variable); // (see settleFields: a variable's map is its own)
