// tf.keras.layers.Layer: Keras 3's layer (keras/src/layers/layer.py) on tf.Module. A layer makes
// its weights on its first call, from the input's shape (`build`), then runs `call`. Instances are
// functions, as Python's layers are callable objects: `layer(x)` is `layer.apply(x)`.
//
// What the first call does, in Keras' order: inputs converted to the layer's dtype, the input
// checked against `inputSpec`, `build(inputShape)` run in the layer's name scope (so its weights are
// named 'dense/kernel'), the spec checked again, `training` resolved as Keras 3 does (the value
// passed, else the outer layer call's, else the default of the layer's `call` signature, and the
// result left in the call context for the layer calls that follow), `call` run, and the activity regularizer's penalty of the output
// (divided by the batch size, as Keras 3 does) recorded in `losses`.

import { cast } from '../ops';
import { div } from '../generated/ops';
import { zeros, makeConstant } from '../creation';
import { checkBoolean, checkOptions, describe, isPlainObject, kerasArguments, LAYER_KEYWORDS } from '../describe';
import { type DType, getFloatx, isFloat } from '../dtype';
import * as activations from '../activations';
import * as constraints from '../constraints';
import * as initializers from '../initializers';
import { tidy } from '../memory';
import { CALL_INSTANCE, Module } from '../module';
import { withNameScope } from '../name-scope';
import * as regularizers from '../regularizers';
import { Tensor, type TensorLike, kerasMasks } from '../tensor';
import { Variable, setPath, setTrainable } from '../variable';
import { liftFromTrace } from '../wasm/runtime';
import { KerasVariable } from '../keras-variable';
import { KerasTensor, Node, isKerasTensor } from './keras-tensor';
import { currentPath, pathFor, withPathScope } from './keras-path';
import { toSnakeCase, uniqueName } from './names';
import { type Nest, flatten, isStructure, mapNest, packLike } from './nest';

/** A shape as layers see it: `null` for a dimension not known (the batch size, before a call). */
export type LayerShape = readonly (number | null)[];

/** Whether `value` is one shape (an array of sizes or nulls), not a structure of shapes. */
export const isShape = (value: unknown): value is LayerShape => Array.isArray(value) && value.every((d) => d === null || typeof d === 'number');

/** Whether `value` is a tensor. */
const isTensor = (value: unknown): value is Tensor => value instanceof Tensor;

/** What a layer's `call` takes and gives: a tensor, or an array or object of tensors (merge layers, models of several inputs or outputs). */
export type LayerTensors = Nest<Tensor>;

/** What calling a layer on KerasTensors gives: a KerasTensor, or an array or object of them. */
export type SymbolicOutputs = Nest<KerasTensor>;

/** The error of a layer with no `computeOutputShape`: a symbolic call then runs the layer instead. */
class ComputeOutputShapeMissing extends Error {}

/** A float dtype a layer computes and keeps its weights in. */
export type LayerDType = 'float32' | 'float64';

/** A weight penalty: a `tf.keras.regularizers` object or name, or a function of the weight. */
export type RegularizerLike = regularizers.Regularizer | string | { className: string; config?: Record<string, unknown> } | ((x: Tensor) => Tensor);
/** A weight initializer: a `tf.keras.initializers` object or name, or a function of shape and dtype. */
export type InitializerLike = initializers.Initializer | string | { className: string; config?: Record<string, unknown> } | ((shape: number[], dtype?: DType) => Tensor);
/** A projection applied after each optimizer update: a `tf.keras.constraints` object or name, or a function. */
export type ConstraintLike = constraints.Constraint | string | { className: string; config?: Record<string, unknown> } | ((w: Tensor) => Tensor);
/** An activation: a `tf.keras.activations` name ('relu') or function; null for none (linear). */
export type ActivationLike = string | ((x: Tensor) => Tensor) | null;

/** Options of every layer (Keras' `Layer.__init__` keyword arguments). */
export interface LayerOptions {
  /** The layer's name; by default the class name in snake_case, numbered to be unique ('dense', 'dense_1'). */
  name?: string | null;
  /** Whether the layer's weights are trained (default true); false freezes them (the `trainable` property). */
  trainable?: boolean;
  /** The dtype of the weights and computations: 'float32' or 'float64' (default: `tf.keras.backend.floatx()`). */
  dtype?: LayerDType | null;
  /** A penalty of the layer's output, divided by the batch size (as Keras 3), added to `losses` at
   * every call (and so to the loss `fit` minimizes). */
  activityRegularizer?: RegularizerLike | null;
  /** The shape of one sample (no batch dimension), for the first layer of a `Sequential`: Keras'
   * `input_shape`, which gives the model an input layer of that shape. */
  inputShape?: LayerShape | null;
}

/** A mask of a layer's inputs or outputs (Keras' masks): a bool tensor, false at the positions
 * (timesteps) to skip, or null for none; a structure of them for layers of several tensors. */
export type LayerMask = Nest<Tensor | null>;

/** Options of a layer call: `layer(x, { training, mask })`. */
export interface LayerCallOptions {
  /** Training mode (dropout on). By default (undefined) the mode of the outer layer call in
   * progress, else the layer's own default as in Keras 3: true for the image preprocessing layers
   * (RandomFlip, Resizing, ...), false (inference) for the others. null is Keras' `training=None`
   * passed explicitly: inference, whatever the outer call's mode or the layer's default. */
  training?: boolean | null;
  /** The inputs' mask (Keras' `mask` call argument): a bool tensor or array, [batch, timesteps]
   * for sequences, false at the timesteps to skip. By default the mask the input carries
   * (`x.kerasMask`, attached by the layer that made it), as Keras fills `mask` from the input's
   * `_keras_mask`; null for none. */
  mask?: Nest<Tensor | KerasTensor | TensorLike | null> | null;
  /** The recurrent layers' (and Bidirectional's) first states instead of zeros (Keras'
   * `initial_state`): one [batch, units] tensor per state, [h] or LSTM's [h, c]; Bidirectional
   * takes the forward layer's then the backward layer's. KerasTensors in a functional model.
   * Other layers reject it. */
  initialState?: readonly (Tensor | KerasTensor | TensorLike)[] | Tensor | KerasTensor | null;
  /** A recurrent cell's states before the step (`tf.keras.layers.LSTMCell` and the other cells):
   * `cell(x_t, { states: [h, c] })` gives `[output, [h, c]]` after the step. Other layers reject it. */
  states?: CellStates | null;
}

/** The states a recurrent cell's step takes and gives: a tensor, or an array of them (nested, one
 * entry per cell, for `StackedRNNCells`). */
export type CellStates = Tensor | readonly CellStates[];

/** What `call` receives besides the inputs: the resolved `training`, the inputs' mask (null for
 * none), and the layer's own call options (the recurrent layers' `initialState`). */
export interface LayerCallArguments {
  /** The resolved training mode. */
  training: boolean;
  /** The inputs' mask: passed explicitly, else the one the inputs carry; null for none. */
  mask?: LayerMask | null;
}

/** What a layer accepts as input (Keras' InputSpec): a rank, a minimum rank, sizes of given axes. */
export interface InputSpec {
  /** The rank inputs must have. */
  ndim?: number;
  /** The smallest rank inputs may have. */
  minNdim?: number;
  /** Axis (negative from the end) to the size it must have. */
  axes?: Record<number, number>;
}

/** The option keys of LayerOptions. */
export const LAYER_OPTION_KEYS = ['name', 'trainable', 'dtype', 'activityRegularizer', 'inputShape'] as const;

/** The layer call in progress: its entry layer and the training mode passed down (Keras' CallContext). */
let callContext: { entry: Layer; training: boolean | null } | null = null;

/** The training value each call resolved before null became false (see `resolvedTraining`). */
const resolvedTrainingOf = new WeakMap<LayerCallArguments, boolean | null>();

/** @internal The `training` a layer call resolved, null for Keras' None (no value passed, none in
 * the outer calls and no default in the layer's `call` signature), which `call` sees as false. A
 * model passes it on to its layers only when it is not null, as Keras' Functional.call does. */
export function resolvedTraining(args: LayerCallArguments): boolean | null {
  return resolvedTrainingOf.has(args) ? resolvedTrainingOf.get(args)! : args.training;
}

/** The regularizer of each weight made by `addWeight`, found from any layer that holds the weight. */
const weightRegularizers = new WeakMap<Variable, (x: Tensor) => Tensor>();

/** Python's text of a shape: `(2, 4)`, `(None, 3)`, `(5,)`. */
export const shapeText = (shape: LayerShape): string => `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')}${shape.length === 1 ? ',' : ''})`;

/** A regularizer from its option value (`keras.regularizers.get`), or null. */
export function resolveRegularizer(value: RegularizerLike | null | undefined, op: string): ((x: Tensor) => Tensor) | null {
  try {
    return regularizers.get(value as Parameters<typeof regularizers.get>[0]) as ((x: Tensor) => Tensor) | null;
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
}

/** An initializer from its option value (`keras.initializers.get`). */
export function resolveInitializer(value: InitializerLike, op: string): (shape: number[], dtype?: DType) => Tensor {
  try {
    const init = initializers.get(value as Parameters<typeof initializers.get>[0]);
    if (init === null) throw new Error(`expected an initializer, got ${describe(value)}.`);
    return init as (shape: number[], dtype?: DType) => Tensor;
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
}

/** Keras' constraint names (keras.constraints.get). */
const CONSTRAINTS: Record<string, new () => constraints.Constraint> = {
  non_neg: constraints.NonNeg, max_norm: constraints.MaxNorm, unit_norm: constraints.UnitNorm, min_max_norm: constraints.MinMaxNorm,
};

/** A constraint from its option value (an object, a function, or Keras' name such as 'non_neg'), or null. */
export function resolveConstraint(value: ConstraintLike | null | undefined, op: string): ((w: Tensor) => Tensor) | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'function') return value as (w: Tensor) => Tensor;
  if (typeof value === 'string') {
    const Cls = CONSTRAINTS[toSnakeCase(value)];
    if (Cls) return new Cls() as unknown as (w: Tensor) => Tensor;
  }
  // `{className, config}`, as getConfig writes a constraint.
  if (isPlainObject(value) && typeof value.className === 'string' && (value.config === undefined || isPlainObject(value.config))) {
    const Cls = CONSTRAINTS[toSnakeCase(value.className)] as (new (options?: unknown) => constraints.Constraint) | undefined;
    if (Cls) return new Cls(value.config ?? {}) as unknown as (w: Tensor) => Tensor;
  }
  throw new Error(`${op}: Could not interpret constraint identifier: ${describe(value)}; use a function, a tf.keras.constraints object, {className, config} or one of ${Object.keys(CONSTRAINTS).join(', ')}.`);
}

/** An activation from its option value (`keras.activations.get`; null is linear). */
export function resolveActivation(value: ActivationLike | undefined, op: string): (x: Tensor) => Tensor {
  try {
    return activations.get(value as Parameters<typeof activations.get>[0]) as (x: Tensor) => Tensor;
  } catch (e) {
    throw new Error(`${op}: ${(e as Error).message}`);
  }
}

/** An object's config entry as Keras serializes it: `{className, config}` for objects with a
 * getConfig, a built-in activation's name, else the value itself (a function stays a function). */
export function serializeOption(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof regularizers.Regularizer) return regularizers.serialize(value);
  const getConfig = (value as { getConfig?: () => unknown }).getConfig;
  if (typeof getConfig === 'function') return { className: (Object.getPrototypeOf(value) as { constructor: { name: string } }).constructor.name, config: getConfig.call(value) };
  if (typeof value === 'function') {
    try {
      return activations.serialize(value as activations.Activation);
    } catch {
      return value;
    }
  }
  return value;
}

/** An integer input of a layer with float weights, as the layer computes with it: Keras' ops
 * promote int32 with float32 to float32 (so Dense or Conv2D called on an int32 tensor gives
 * float32), where TensorFlow's own matmul or conv would refuse the mix. Float inputs pass as they
 * are (the layer call has cast them to the layer's dtype). */
export function promoteToFloat(x: Tensor, dtype: LayerDType): Tensor {
  return isFloat(x.dtype) ? x : cast(x, dtype);
}

/** An `axis` option: an integer, default -1 (the last axis). */
export function checkAxis(axis: unknown, op: string): number {
  const value = axis ?? -1;
  if (!Number.isInteger(value)) throw new Error(`${op}: axis must be an integer, got ${describe(value)}.`);
  return value as number;
}

/** A shape option: an array of positive integers or nulls. */
export function checkShape(value: unknown, op: string, name: string): (number | null)[] {
  if (!Array.isArray(value) || value.some((d) => d !== null && !(Number.isInteger(d) && d >= 0))) {
    throw new Error(`${op}: ${name} must be an array of non-negative integers (or null for any size), got ${describe(value)}.`);
  }
  return value.slice() as (number | null)[];
}

/** Options of `layer.addWeight(options)` (Keras' `add_weight`). */
export interface AddWeightOptions {
  /** The weight's shape (default `[]`, a scalar, as Keras's `()`). */
  shape?: readonly number[];
  /** How its values start: an initializer, its name, or a function (default 'glorot_uniform' for floats). */
  initializer?: InitializerLike | null;
  /** Its dtype (default: the layer's). */
  dtype?: DType | null;
  /** Whether optimizers train it (default true). */
  trainable?: boolean;
  /** A penalty added to `losses` (and so to the loss `fit` minimizes). */
  regularizer?: RegularizerLike | null;
  /** A projection applied after each optimizer update. */
  constraint?: ConstraintLike | null;
  /** Its name inside the layer's scope ('kernel' gives the variable name 'dense/kernel'). */
  name?: string | null;
}

// A layer is callable, as in Keras: `layer(x, { training })` is `layer.apply(x, { training })`.
// On KerasTensors it gives KerasTensors (the functional API). The result is typed as one tensor;
// a model of several outputs says what it gives: `model<tf.Tensor[]>(x)`.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Layer {
  (inputs: Nest<KerasTensor>, options?: LayerCallOptions): KerasTensor;
  (inputs: TensorLike | LayerTensors, options?: LayerCallOptions): Tensor;
  <T extends SymbolicOutputs>(inputs: Nest<KerasTensor>, options?: LayerCallOptions): T;
  <T extends LayerTensors>(inputs: TensorLike | LayerTensors, options?: LayerCallOptions): T;
}

/**
 * keras.layers.Layer: the base class of layers. A subclass makes its weights in
 * `build(inputShape)` with `addWeight`, run on the first call from the input's shape, and computes
 * its output in `call(inputs, { training })`. Instances are functions: `layer(x)` is
 * `layer.apply(x)` (Python's `layer(x)`), which builds the layer if needed, converts the input to
 * the layer's dtype, resolves `training` and records the activity penalty. Weights are
 * `tf.Variable`s named in the layer's scope (`'dense/kernel'`), listed by `weights`,
 * `trainableWeights` and `nonTrainableWeights` (also `variables`, `trainableVariables`,
 * `nonTrainableVariables`), own weights first, then the sublayers' (layers held in properties, in
 * the order they were set).
 *
 * @example
 * ```ts
 * class Scale extends tf.keras.layers.Layer {
 *   scale: tf.Variable | null = null;
 *   build(inputShape: (number | null)[]) {
 *     this.scale = this.addWeight({ shape: [inputShape.at(-1)!], initializer: 'ones', name: 'scale' });
 *   }
 *   call(x: tf.Tensor) { return x.mul(this.scale!); }
 * }
 * const layer = new Scale({ name: 'scale' });
 * console.log(layer([[1, 2]]).arraySync(), layer.weights.map((w) => w.name)); // [ [ 1, 2 ] ] [ 'scale/scale' ]
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Layer extends Module {
  /** Whether `build` has run (the weights exist). */
  built = false;
  /** The dtype of the weights and computations. */
  readonly dtype: LayerDType;
  /** The penalty of the output recorded at every call, or null. */
  readonly activityRegularizer: ((x: Tensor) => Tensor) | null;
  /** What inputs the layer accepts, checked at every call (Keras' `input_spec`); null: anything. */
  inputSpec: InputSpec | null = null;
  #trainable: boolean;
  readonly #trainableVariables: Variable[] = [];
  readonly #nonTrainableVariables: Variable[] = [];
  readonly #losses: Tensor[] = [];
  readonly #inputShape: (number | null)[] | null;
  /** The shape `build` ran with (Keras' `_build_shapes_dict`, its `build_config`), null before. */
  #buildShape: Nest<LayerShape> | null = null;
  /** The shape the layer was first built for or called with, for summaries: a layer built at
   * construction (Dropout) runs no build but shows its output shape. */
  #summaryShape: Nest<LayerShape> | null = null;
  #lastOutputShape: (number | null)[] | null = null;
  readonly #inboundNodes: Node[] = [];
  #supportsMasking: boolean | null = null;
  #maskWarned = false;
  /** Keras' `_parent_path`: the path the layer's scope was first entered under, null before. */
  #parentPath: string | null = null;
  #path: string | null = null;

  /** @internal Keras 3's rule for a layer's name (Operation.__init__): any string without '/',
   * which would split the weights' paths; '' is allowed (TensorFlow's custom layers tutorial
   * names a model `''`). tf.Module's stricter rule (a Python identifier) is not Keras'. */
  static override _invalidName(name: string): string | null {
    return name.includes('/') ? `Argument \`name\` must be a string and cannot contain character \`/\`. Received: name=${name} (of type <class 'str'>)` : null;
  }

  /**
   * @param options `name`, `trainable`, `dtype`, `activityRegularizer`, `inputShape`.
   * @param ownOptionKeys The option keys a subclass reads itself (accepted beside the base ones).
   */
  constructor(options: LayerOptions = {}, ownOptionKeys: readonly string[] = []) {
    const cls = `${(new.target as typeof Layer)._namespace}.${new.target.name}`;
    const keys = [...ownOptionKeys, ...LAYER_OPTION_KEYS];
    const o = checkOptions(options ?? {}, cls, keys, '{name: \'dense\'}') as LayerOptions;
    if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') throw new Error(`${cls}: name must be a string, got ${describe(o.name)}.`);
    super({ name: o.name ?? uniqueName(toSnakeCase(new.target.name)) });
    this.#trainable = checkBoolean(o.trainable, cls, 'trainable', true);
    if (o.dtype !== undefined && o.dtype !== null && o.dtype !== 'float32' && o.dtype !== 'float64') {
      throw new Error(`${cls}: dtype must be 'float32' or 'float64', got ${describe(o.dtype)}.`);
    }
    this.dtype = o.dtype ?? getFloatx();
    this.activityRegularizer = resolveRegularizer(o.activityRegularizer, cls);
    this.#inputShape = o.inputShape === undefined || o.inputShape === null ? null : checkShape(o.inputShape, cls, 'inputShape');
    // Keras wraps every layer's build (Layer.__new__'s build_wrapper), however it is called, by the
    // first call or directly: the class's build runs in the layer's name scope, then the shape it
    // was given is recorded (get_build_config, a `.keras` archive's build_config) and the layer is
    // built. (Not enumerable: the layer's properties stay its own state.)
    const build = this.build;
    this.#wrappedBuild = (inputShape: Nest<LayerShape>): void => this.#runBuild(build, inputShape);
    Object.defineProperty(this, 'build', { configurable: true, enumerable: false, writable: true, value: this.#wrappedBuild });
  }

  /** The wrapper the constructor set as `build` (a subclass's class field named `build` replaces it). */
  #wrappedBuild: (inputShape: Nest<LayerShape>) => void;

  /** Keras' build_wrapper around the class's `build`: then the layer is built and its state
   * locked (Keras' `_lock_state`). */
  #runBuild(build: (inputShape: Nest<LayerShape>) => void, inputShape: Nest<LayerShape>): void {
    const given = copyShapes(inputShape);
    this.#inPathScope(() => {
      this.#path = currentPath();
      withNameScope(this.qualifiedName, this.nameScope, () => build.call(this, copyShapes(inputShape)));
    });
    this.built = true;
    this.#buildShape = given;
    this.#summaryShape = copyShapes(given);
    this._lockState();
  }

  /**
   * Keras 3's path of the layer: the names of the layers whose scope it was built in, then its own
   * ('sequential/dense' for a Sequential's Dense, 'dense' for a functional model's or a layer built
   * on its own); null before it is built. Its weights' `path`s continue it ('sequential/dense/kernel').
   */
  get path(): string | null {
    return this.#path;
  }

  /** Runs `fn` in the layer's Keras path scope (Keras' `_open_name_scope`): its build,
   * its call and the layers they call or build nest their paths under it. */
  #inPathScope<T>(fn: () => T): T {
    this.#parentPath ??= currentPath();
    return withPathScope(this.name, this, this.#parentPath, fn);
  }

  /** Keras' `_tracker.locked`: a built layer takes no new weights, so a second `build` cannot
   * add a second set that the first set's users never see. */
  #stateLocked = false;

  /** @internal Keras' `_lock_state`, after `build`: `addWeight` refuses from then on. Sequential
   * and functional models stay open, as Keras' do. */
  _lockState(): void {
    this.#stateLocked = true;
  }

  /** @internal The default of `training` in the signature of the layer's Keras `call`, what a call
   * resolves when neither it nor an outer layer call gives a mode: null (Keras' None, seen by
   * `call` as false) for most layers, false for Dropout, the noise layers, the recurrent layers,
   * attention and SpectralNormalization (`training=False`), true for the image preprocessing
   * layers (`training=True`: Keras augments when they are called directly). */
  _defaultTraining: boolean | null = null;

  /** @internal Keras' `_convert_input_args`: false for the layers that take their inputs as they
   * come (RandomFlip, RandomCrop). Used only to tell what a functional node records (`_nodeTraining`). */
  _convertInputArgs = true;

  /**
   * @internal The `training` Keras' functional node of a call of this layer on `inputs` records, or
   * undefined for none: the value passed, else the default of the layer's call signature when it
   * has one (a Dropout's node says false, a RandomFlip's true); a model's run passes it unless the
   * model call gives a mode. Keras' `__call__` writes the default into the kwargs the node keeps
   * only when it did not copy them to convert the inputs, so a call of several inputs, of options,
   * or of an input not of the layer's dtype records no default (unless the layer converts none).
   */
  _nodeTraining(inputs: unknown, options: LayerCallOptions): boolean | null | undefined {
    if (options.training !== undefined) return options.training;
    if (this._defaultTraining === null) return undefined;
    const copied = this._convertInputArgs && (!(inputs instanceof KerasTensor || inputs instanceof Tensor) || inputs.dtype !== this.dtype || Object.values(options).some((v) => v !== undefined));
    return copied ? undefined : this._defaultTraining;
  }

  /** @internal Where Keras exports the class: errors name it as `keras.layers.Dense`, `keras.Sequential`. */
  static _namespace = 'keras.layers';

  /** The name errors print, e.g. `keras.layers.Dense`. */
  protected get qualifiedName(): string {
    return `${(this.constructor as typeof Layer)._namespace}.${this.constructor.name}`;
  }

  /** @internal The `inputShape` option (one sample's shape), or null. */
  get _inputShape(): (number | null)[] | null {
    return this.#inputShape?.slice() ?? null;
  }

  /** @internal The input shape (or shapes) `build` ran with, null when it has not run (Keras'
   * `get_build_config`: a layer built at construction has none unless `build` is called). */
  get _buildShape(): Nest<LayerShape> | null {
    return this.#buildShape === null ? null : copyShapes(this.#buildShape);
  }

  /** @internal The input shape (or shapes) the layer was built for or first called with (null
   * before), for summaries. */
  get _summaryShape(): Nest<LayerShape> | null {
    return this.#summaryShape === null ? null : copyShapes(this.#summaryShape);
  }

  /** @internal The input shape the last Sequential built with this layer fed it (batch axis
   * included), null before: Keras' Sequential runs its layers as a functional graph, so a layer's
   * summary shows the shape of its last symbolic call there, not that of its own first build (a
   * Normalization adapted on 94 rows, then put after an Input of (None, 1), shows (None, 1)). */
  _sequentialShape: LayerShape | null = null;

  /** @internal The layer's calls on KerasTensors, in order (Keras' `_inbound_nodes`). */
  get _inboundNodes(): readonly Node[] {
    return this.#inboundNodes;
  }

  /** @internal Records a node of this layer (an InputLayer's own, made at construction). */
  _addInboundNode(node: Node): void {
    this.#inboundNodes.push(node);
  }

  /** @internal The last call's output shape, the batch dimension as null (null before a call). */
  get _lastOutputShape(): (number | null)[] | null {
    return this.#lastOutputShape?.slice() ?? null;
  }

  /**
   * Makes the layer's weights for inputs of `inputShape` (batch dimension included, possibly null).
   * The first call runs it; a subclass overrides it to call `addWeight`. However it is called (by
   * the first call, or directly: `layer.build([null, 3])`), it runs in the layer's name scope, and
   * then the layer is built and the shape recorded (what `serialize` writes as its `buildConfig`),
   * as Keras' wrapper of every layer's build does.
   */
  build(inputShape: Nest<LayerShape>): void {
    void inputShape;
    this.built = true;
  }

  /**
   * The shape the layer was built for, as Keras' `get_build_config` gives it (what `serialize`
   * writes as `buildConfig`, and a `.keras` archive as `build_config`): `{inputShape}` once `build`
   * has run, by the first call or called directly; null before, and for a layer built at
   * construction (Dropout, Activation, pooling: no build runs) unless `build` is called on it.
   *
   * @example
   * ```ts
   * const dense = new tf.keras.layers.Dense(2);
   * dense.build([null, 3]);
   * console.log(dense.getBuildConfig()); // { inputShape: [ null, 3 ] }
   * console.log(new tf.keras.layers.Dropout(0.5).getBuildConfig()); // null
   * ```
   */
  getBuildConfig(): { inputShape: Nest<LayerShape> } | null {
    return this.#buildShape === null ? null : { inputShape: copyShapes(this.#buildShape) };
  }

  /** @internal Builds the layer for `inputShape` (or shapes) unless it is built, as the first call does. */
  _buildFor(inputShape: Nest<LayerShape>): void {
    if (this.built) {
      // Built at construction (Dropout): no build runs, as in Keras, but the summary shows the shape.
      this.#summaryShape ??= copyShapes(inputShape);
      return;
    }
    // (A build given as a class field replaced the wrapper: it is wrapped here.)
    if (this.build === this.#wrappedBuild) this.build(inputShape);
    else this.#runBuild(this.build, inputShape);
  }

  /** @internal Builds the layer for the input shape a config recorded (Keras' `build_from_config`). */
  _buildFromConfig(inputShape: Nest<LayerShape>): void {
    this._buildFor(inputShape);
  }

  /**
   * The layer's computation (Keras' `call`): override it in a subclass. `training` is the resolved
   * mode (null, Keras' None, given as false); `mask` the inputs' mask (passed to the call, else
   * the one the inputs carry; null for none), which a layer may use or ignore. The base class
   * returns its input.
   */
  call(inputs: LayerTensors, options?: LayerCallArguments | CellStates, training?: boolean): LayerTensors | [Tensor, CellStates] {
    void options;
    void training;
    return inputs;
  }

  /** @internal How `apply` runs `call`: with the call's arguments in one object. A recurrent cell,
   * whose `call` takes Keras' `(inputs, states, training)`, overrides it. */
  protected _runCall(inputs: LayerTensors, args: LayerCallArguments & Record<string, unknown>): LayerTensors {
    return this.call(inputs, args) as LayerTensors;
  }

  /**
   * The output shape for inputs of `inputShape` (Keras' `compute_output_shape`), without running
   * the layer. The base class has none to give: subclasses that know theirs override it.
   */
  computeOutputShape(inputShape: Nest<LayerShape>): (number | null)[] {
    void inputShape;
    throw new ComputeOutputShapeMissing(`${this.qualifiedName}: Layer ${this.constructor.name} does not have a \`computeOutputShape\` method implemented.`);
  }

  /**
   * Whether the layer passes masks on (Keras' `supports_masking`): after each call its outputs
   * carry `computeMask(inputs, mask)` as their `kerasMask`. A layer that does not, given a masked
   * input, warns once that the mask stops there (Keras' warning) and its outputs carry none. By
   * default true for a layer that overrides `computeMask`, as in Keras; a subclass that passes
   * its input's mask on unchanged (Dense, Dropout, the activations) sets it to true.
   */
  get supportsMasking(): boolean {
    return this.#supportsMasking ?? this.computeMask !== Layer.prototype.computeMask;
  }

  set supportsMasking(value: boolean) {
    if (typeof value !== 'boolean') throw new Error(`${this.qualifiedName}: supportsMasking must be true or false, got ${describe(value)}.`);
    this.#supportsMasking = value;
  }

  /**
   * The mask of the outputs for `inputs` and their mask `mask` (Keras' `compute_mask`): by
   * default the inputs' mask, unchanged. Read after each call of a layer that `supportsMasking`.
   */
  computeMask(inputs: LayerTensors, mask: LayerMask | null): LayerMask | null {
    void inputs;
    return mask;
  }

  /** @internal The call options a subclass takes besides `training` and `mask` (the recurrent
   * layers' `initialState`): passed on to its `call` and, as tensors, recorded by symbolic calls. */
  protected get _callOptionKeys(): readonly string[] {
    return [];
  }

  /** @internal Checks a functional-API call's options against its inputs when the call is made
   * (a recurrent layer's `initialState`), as Keras' symbolic run of `call` would. */
  protected _checkSymbolicCall(inputs: Nest<KerasTensor>, options: LayerCallOptions): void {
    void inputs;
    void options;
  }

  /**
   * Python's `layer(inputs, training=...)`: builds the layer on its first call (from the input's
   * shape), converts the input to the layer's dtype (numbers and arrays; float tensors are cast),
   * resolves `training` (the value passed, else the enclosing layer call's, else the layer's own
   * default: true for the image preprocessing layers, false for the others) and runs
   * `call`. The layer itself is callable the same way: `layer(x)`. `inputs` may be an array or an
   * object of tensors for layers that take several (merge layers, models of several inputs).
   * `mask` is given to `call` (by default the inputs' own `kerasMask`); after the call, a layer
   * that `supportsMasking` attaches `computeMask`'s masks to its outputs.
   * Called on KerasTensors, it builds the layer from their shapes, records the call and returns
   * KerasTensors of the output shapes (the functional API).
   */
  apply(inputs: Nest<KerasTensor>, options?: LayerCallOptions): KerasTensor;
  apply(inputs: TensorLike | LayerTensors, options?: LayerCallOptions): Tensor;
  apply<T extends SymbolicOutputs>(inputs: Nest<KerasTensor>, options?: LayerCallOptions): T;
  apply<T extends LayerTensors>(inputs: TensorLike | LayerTensors, options?: LayerCallOptions): T;
  apply(inputs: TensorLike | LayerTensors | Nest<KerasTensor>, options: LayerCallOptions = {}): LayerTensors | SymbolicOutputs {
    const op = this.qualifiedName;
    const extraKeys = this._callOptionKeys;
    const given = checkOptions(options ?? {}, op, [...new Set(['training', 'mask', 'initialState', ...extraKeys])], '{training: true}') as LayerCallOptions & Record<string, unknown>;
    if (given.initialState !== undefined && given.initialState !== null && !extraKeys.includes('initialState')) {
      throw new Error(`${op}: initialState is a call option of the recurrent layers (SimpleRNN, LSTM, GRU) and Bidirectional; layer '${this.name}' takes none.`);
    }
    if (given.training !== undefined && given.training !== null && typeof given.training !== 'boolean') {
      throw new Error(`${op}: training must be true, false or null, got ${describe(given.training)}.`);
    }
    if (hasKerasTensor(inputs)) return this.symbolicCall(inputs, given);
    const carried = masksOf(inputs);
    const x = this.convertInputs(inputs as TensorLike | LayerTensors);
    // Keras fills `mask` from the inputs' masks only when the inputs are the call's one tensor
    // argument: with tensors in other arguments too (an RNN's initial_state) it does not, and the
    // call sees no mask unless one is passed. The outputs' mask is worked out from the mask
    // passed, else from the inputs' (Keras' previous_mask). (MultiHeadAttention's attentionMask
    // is no such argument: Keras fills its query, value and key masks whatever else is passed.)
    const extraTensors = given.initialState !== undefined && given.initialState !== null;
    const mask = given.mask !== undefined && given.mask !== null ? this.convertMask(given.mask) : given.mask === undefined && !extraTensors ? carried : null;
    const previousMask = mask ?? carried;
    const extra: Record<string, unknown> = {};
    for (const key of extraKeys) if (given[key] !== undefined) extra[key] = given[key];
    const entry = callContext === null;
    if (entry) {
      callContext = { entry: this, training: null };
      this._clearLosses();
    }
    try {
      const shapes = mapNest(x, isTensor, (t) => t.shape);
      if (x instanceof Tensor) this.assertInputCompatibility(x.shape);
      if (!this.built) {
        this._buildFor(shapes);
        if (x instanceof Tensor) this.assertInputCompatibility(x.shape);
      }
      // Keras' _resolve_and_populate_arg: the value passed (null too, Keras' None, which `call`
      // then gets as it is, a false value even where the signature says True), else the outer
      // call's when not null, else the default of the layer's call signature; left in the context,
      // where the layer calls after this one in the same outer call find it (a model called
      // without `training` runs a BatchNormalization after a RandomFlip in training mode, as Keras).
      const context = callContext!;
      const training = given.training !== undefined ? given.training : (context.training ?? this._defaultTraining);
      context.training = training;
      const args: LayerCallArguments & Record<string, unknown> = { ...extra, training: training ?? false, mask };
      resolvedTrainingOf.set(args, training);
      const outputs = this.#inPathScope(() => withNameScope(op, this.nameScope, () => this._runCall(x, args)));
      const flat = outputs instanceof Tensor ? [outputs] : isStructure(outputs, isTensor) ? flattenDeep(outputs) : [];
      if (flat.length === 0 || !flat.every(isTensor)) throw new Error(`${op}: call must return a tensor (or an array or object of tensors), got ${describe(outputs)}.`);
      if (this.supportsMasking) this.setMaskMetadata(x, flat, previousMask);
      else if (previousMask !== null && !this.#maskWarned) {
        this.#maskWarned = true;
        console.warn(
          `Layer '${this.name}' (of type ${this.constructor.name}) was passed an input with a mask attached to it. However, this layer does not support masking and will therefore destroy the mask information. Downstream layers will not see the mask.`,
        );
      }
      this.#lastOutputShape = outputs instanceof Tensor ? [null, ...outputs.shape.slice(1)] : null;
      if (this.activityRegularizer !== null) for (const t of flat) this.#losses.push(this.activityPenalty(t));
      return outputs;
    } finally {
      if (entry) callContext = null;
    }
  }

  /** The activity regularizer's penalty of an output, divided by the batch size (its first
   * axis; a batch of 0 gives 0) as Keras 3 does, so its strength does not depend on the batch. */
  private activityPenalty(output: Tensor): Tensor {
    const penalty = this.activityRegularizer!(output);
    if (output.rank === 0) return penalty;
    const batch = output.shape[0]!;
    return batch === 0 ? zeros([], penalty.dtype) : div(penalty, batch);
  }

  /** Keras' `_set_mask_metadata`: unless every output has a mask already, the outputs get the
   * masks `computeMask` gives, one per output in order (null ones leave theirs unset). */
  private setMaskMetadata(inputs: LayerTensors, outputs: readonly Tensor[], previousMask: LayerMask | null): void {
    if (outputs.every((t) => kerasMasks.has(t))) return;
    const masks = this.computeMask(inputs, previousMask);
    if (masks === null) return;
    const flat = masks instanceof Tensor ? [masks] : flatten(masks as Nest<Tensor | null>, (v): v is Tensor | null => v === null || isTensor(v));
    outputs.forEach((t, i) => {
      const m = flat[i];
      if (m !== undefined && m !== null && !kerasMasks.has(t)) kerasMasks.set(t, m);
    });
  }

  /** A mask passed to a call as bool tensors (arrays converted; other dtypes cast, nonzero true). */
  private convertMask(mask: Nest<Tensor | KerasTensor | TensorLike | null>): LayerMask {
    const one = (m: unknown): Tensor | null => {
      if (m === null || m === undefined) return null;
      if (m instanceof Tensor) return m.dtype === 'bool' ? m : cast(m, 'bool');
      if (typeof m === 'boolean' || typeof m === 'number' || Array.isArray(m) || ArrayBuffer.isView(m)) return makeConstant(m as TensorLike, 'bool', `${this.qualifiedName} mask`);
      throw new Error(`${this.qualifiedName}: mask must be a bool tensor or array (false at the timesteps to skip) or null, got ${describe(m)}.`);
    };
    if (Array.isArray(mask) && mask.some((m) => m === null || m instanceof Tensor)) return mask.map(one);
    if (isPlainObject(mask)) return Object.fromEntries(Object.entries(mask).map(([k, v]) => [k, one(v)]));
    return one(mask);
  }

  /**
   * The functional API's layer call (Keras' `Layer.__call__` on KerasTensors): the layer built from
   * the inputs' shapes, the output KerasTensors from `computeOutputSpec`, and the call recorded as
   * a Node that a functional Model replays.
   */
  private symbolicCall(inputs: Nest<KerasTensor>, options: LayerCallOptions): SymbolicOutputs {
    const op = this.qualifiedName;
    const flat = flatten(inputs, isKerasTensor);
    if (!flat.every(isKerasTensor)) {
      throw new Error(`${op}: a layer call cannot mix KerasTensors with tensors or arrays; make every input a tf.keras.Input (or the output of a layer called on one).`);
    }
    const shapes = mapNest(inputs, isKerasTensor, (t) => t.shape);
    if (inputs instanceof KerasTensor) this.assertInputCompatibility(inputs.shape);
    if (!this.built) {
      this._buildFor(shapes);
      if (inputs instanceof KerasTensor) this.assertInputCompatibility(inputs.shape);
    }
    this._checkSymbolicCall(inputs, options);
    const outputs = this.#inPathScope(() => this.computeOutputSpec(inputs, options));
    const training = this._nodeTraining(inputs, options);
    const recorded = training === undefined ? options : { ...options, training };
    const node = new Node(this, inputs, flatten(outputs, isKerasTensor), recorded);
    this.#inboundNodes.push(node);
    return outputs;
  }

  /**
   * The KerasTensors a call on `inputs` gives (Keras' `compute_output_spec`): of the shape
   * `computeOutputShape` tells, in the layer's dtype; for a layer without `computeOutputShape`, of
   * the shapes a run on zeros gives (run twice, with the unknown sizes 1 then 2: an output size that
   * changes is unknown). `options` are the call's (a layer whose outputs depend on them, as
   * attention's `returnAttentionScores`, overrides this).
   */
  computeOutputSpec(inputs: Nest<KerasTensor>, options: LayerCallOptions = {}): SymbolicOutputs {
    void options;
    const shapes = mapNest(inputs, isKerasTensor, (t) => t.shape);
    try {
      return new KerasTensor(this.computeOutputShape(shapes), this.dtype);
    } catch (e) {
      if (!(e instanceof ComputeOutputShapeMissing)) throw e;
    }
    const run = (fill: number): { infos: { shape: number[]; dtype: Tensor['dtype'] }[]; positions: Nest<number> } =>
      tidy(() => {
        const real = mapNest(inputs, isKerasTensor, (t) => zeros(t.shape.map((d) => d ?? fill), t.dtype));
        const out: LayerTensors = this.apply(real, { training: false });
        this._clearLosses();
        return { infos: flatten(out, isTensor).map((t) => ({ shape: t.shape.slice(), dtype: t.dtype })), positions: mapNest(out, isTensor, (_, i) => i) };
      });
    const ones = run(1);
    const twos = run(2);
    const symbolic = ones.infos.map((o, i) => new KerasTensor(o.shape.map((d, k) => (d === twos.infos[i]!.shape[k] ? d : null)), o.dtype));
    return packLike(ones.positions, symbolic, (v): v is number => typeof v === 'number');
  }

  /** @internal What a call of the instance runs. */
  [CALL_INSTANCE](inputs: TensorLike | LayerTensors | Nest<KerasTensor>, options?: LayerCallOptions): LayerTensors | SymbolicOutputs {
    return this.apply(inputs as TensorLike, options);
  }

  /** The inputs as tensors: an array or object of tensors kept as one (each converted), anything else one tensor. */
  private convertInputs(inputs: TensorLike | LayerTensors): LayerTensors {
    if (Array.isArray(inputs) && inputs.length > 0 && inputs.every(isTensor)) return inputs.map((t) => this.convertInput(t));
    if (isPlainObject(inputs)) {
      const out: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(inputs)) out[k] = this.convertInput(v as TensorLike);
      return out;
    }
    return this.convertInput(inputs as TensorLike);
  }

  /** Numbers and arrays as tensors of the layer's dtype; float tensors cast to it. */
  private convertInput(inputs: TensorLike): Tensor {
    if (inputs instanceof Tensor) return isFloat(inputs.dtype) && inputs.dtype !== this.dtype ? cast(inputs, this.dtype) : inputs;
    if (inputs === null || inputs === undefined || typeof inputs === 'string' || typeof inputs === 'boolean') {
      throw new Error(`${this.qualifiedName}: expected a tensor, a number or an array of numbers as input, got ${describe(inputs)}.`);
    }
    return makeConstant(inputs, ArrayBuffer.isView(inputs) ? undefined : this.dtype, this.qualifiedName);
  }

  /** Keras' assert_input_compatibility for the first input, with Keras' messages (null sizes match any). */
  private assertInputCompatibility(shape: LayerShape): void {
    const spec = this.inputSpec;
    if (spec === null) return;
    const prefix = `${this.qualifiedName}: Input 0 of layer "${this.name}" is incompatible with the layer:`;
    const rank = shape.length;
    if (spec.ndim !== undefined && rank !== spec.ndim) {
      throw new Error(`${prefix} expected ndim=${spec.ndim}, found ndim=${rank}. Full shape received: ${shapeText(shape)}`);
    }
    if (spec.minNdim !== undefined && rank < spec.minNdim) {
      throw new Error(`${prefix} expected min_ndim=${spec.minNdim}, found ndim=${rank}. Full shape received: ${shapeText(shape)}`);
    }
    for (const [key, size] of Object.entries(spec.axes ?? {})) {
      const axis = Number(key);
      const dim = shape[axis < 0 ? rank + axis : axis];
      if (dim !== undefined && dim !== null && dim !== size) {
        throw new Error(`${prefix} expected axis ${axis} of input shape to have value ${size}, but received input with shape ${shapeText(shape)}`);
      }
    }
  }

  /**
   * Keras' `add_weight`: a new `tf.Variable` named in the layer's scope (`'dense/kernel'`), listed in
   * the layer's weights, with its regularizer (in `losses`) and constraint (applied by optimizers).
   */
  addWeight(options?: AddWeightOptions): Variable;
  /** Keras 3's positional form, `add_weight(shape, initializer, dtype)`; its other arguments are
   * keyword-only there, so here they follow in a last options object:
   * `this.addWeight([3, 2], 'random_normal', null, { trainable: true, name: 'kernel' })`. */
  addWeight(shape: readonly number[], initializer?: InitializerLike | null, dtype?: DType | null, keywords?: Omit<AddWeightOptions, 'shape' | 'initializer' | 'dtype'>): Variable;
  addWeight(...args: unknown[]): Variable {
    const op = `${this.qualifiedName}.addWeight`;
    if (typeof args[0] === 'string') {
      // (Keras 2's add_weight(name, shape, ...): Keras 3 refuses a positional name.)
      const error = new Error(`${op}: \`name\` must be passed as a keyword argument. Received: add_weight('${args[0]}', ...). Use: addWeight({shape: ..., name: '${args[0]}'}).`);
      error.name = 'ValueError';
      throw error;
    }
    const options = kerasArguments(op, args, ['shape', 'initializer', 'dtype'], ['initializer', 'dtype'], { keywords: ['trainable', 'regularizer', 'constraint', 'name'] }) ?? {};
    if (this.#stateLocked) {
      const error = new Error(
        `${op}: You cannot add new elements of state (variables or sub-layers) to a layer that is already built. All state must be created in the \`__init__()\` method or in the \`build()\` method.` +
          ' (In JavaScript: in the constructor, or in build.)',
      );
      error.name = 'ValueError';
      throw error;
    }
    const o = checkOptions(options, op, ['shape', 'initializer', 'dtype', 'trainable', 'regularizer', 'constraint', 'name'], "{shape: [3, 2], initializer: 'zeros', name: 'kernel'}") as unknown as AddWeightOptions;
    const shape = checkShape(o.shape ?? [], op, 'shape');
    if (shape.some((d) => d === null)) throw new Error(`${op}: the shape of a weight must be fully known, got ${shapeText(shape)}.`);
    const dtype = o.dtype ?? this.dtype;
    const initializer = resolveInitializer(o.initializer ?? (isFloat(dtype) ? 'glorot_uniform' : 'zeros'), op);
    const trainable = checkBoolean(o.trainable, op, 'trainable', true);
    const regularizer = resolveRegularizer(o.regularizer, op);
    const constraint = resolveConstraint(o.constraint, op);
    const name = o.name ?? 'Variable';
    // A Keras initializer makes a new tensor, freed once copied; a user's function may return one
    // it keeps, which stays.
    const fresh = initializer instanceof initializers.Initializer;
    // (Keras' add_weight enters the layer's path scope without taking it as its parent path.)
    const variable = withPathScope(this.name, this, this.#parentPath, () =>
      withNameScope(op, this.nameScope, () =>
        // (A layer built inside a tf.function makes its weights lifted out of it, as Keras does
        // in init_scope: the initializer runs once, on the first call.)
        liftFromTrace(() => {
          const initial = initializer(shape as number[], dtype);
          const v = new Variable(initial, { name, dtype, trainable, constraint });
          if (fresh && initial instanceof Tensor) initial.dispose();
          setPath(v, pathFor(name));
          return v;
        }),
      ),
    );
    (trainable ? this.#trainableVariables : this.#nonTrainableVariables).push(variable);
    // Keras' _track_variable: a weight made while the layer is frozen is frozen too.
    if (!this.#trainable) setTrainable(variable, false);
    if (regularizer !== null) weightRegularizers.set(variable, regularizer);
    return variable;
  }

  /** @internal The layers this layer holds directly: layers in its properties (also inside arrays
   * and plain objects), in the order the properties were set (Keras' `_layers`). */
  _sublayers(): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<unknown>([this]);
    const visit = (value: unknown): void => {
      if (value === null || typeof value !== 'object' && typeof value !== 'function') return;
      if (seen.has(value)) return;
      seen.add(value);
      if (value instanceof Layer) out.push(value);
      else if (Array.isArray(value)) value.forEach(visit);
      else if (value instanceof Map) [...value.values()].forEach(visit);
      else if (isPlainObject(value)) Object.values(value).forEach(visit);
    };
    for (const key of Object.keys(this)) visit((this as unknown as Record<string, unknown>)[key]);
    return out;
  }

  /** Every layer inside this one, depth first (not itself). */
  private allSublayers(): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<Layer>([this]);
    const visit = (layer: Layer): void => {
      for (const sub of layer._sublayers()) {
        if (seen.has(sub)) continue;
        seen.add(sub);
        out.push(sub);
        visit(sub);
      }
    };
    visit(this);
    return out;
  }

  /**
   * Whether the layer's weights are trained. Setting it sets the layer's and its sublayers' flags,
   * and, as Keras 3 does, the `trainable` flag of each weight the layer made trainable (its
   * non-trainable ones, such as BatchNormalization's moving statistics, stay so): frozen, the
   * weights leave `trainableWeights` (which `fit` and a loop over `trainableVariables` update) for
   * `nonTrainableWeights`, and tapes no longer watch them when they are read.
   */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(value: boolean) {
    if (typeof value !== 'boolean') throw new Error(`${this.qualifiedName}: trainable must be true or false, got ${describe(value)}.`);
    this.#trainable = value;
    for (const variable of this.ownVariables(true)) setTrainable(variable, value);
    for (const layer of this._sublayers()) layer.trainable = value;
  }

  /** Every weight: the layer's own (those made trainable first), then its sublayers', each once. */
  get weights(): Variable[] {
    return unique([...this.ownVariables(true), ...this.ownVariables(false), ...this._sublayers().flatMap((l) => l.weights)]);
  }

  /** The weights training updates: those of `weights` whose `trainable` flag is set; none when
   * the layer is frozen (`trainable` false). */
  get trainableWeights(): Variable[] {
    if (!this.#trainable) return [];
    return this.weights.filter((v) => v.trainable);
  }

  /** The weights training leaves alone: those whose `trainable` flag is not set; every weight when
   * the layer is frozen. */
  get nonTrainableWeights(): Variable[] {
    if (!this.#trainable) return this.weights;
    return this.weights.filter((v) => !v.trainable);
  }

  /** The layer's own variables made trainable (or not): those `addWeight` made, and the
   * keras.Variables in its properties (Keras tracks a Variable set as an attribute as a weight, by
   * its `trainable` flag then: here, the flag it was made with), in the order they were made. */
  private ownVariables(trainable: boolean): Variable[] {
    const made = trainable ? this.#trainableVariables : this.#nonTrainableVariables;
    const found: Variable[] = [];
    const seen = new Set<unknown>([this]);
    const visit = (value: unknown): void => {
      if (value === null || typeof value !== 'object' || seen.has(value)) return;
      seen.add(value);
      if (value instanceof KerasVariable) {
        if (value._madeTrainable === trainable) found.push(value);
      } else if (Array.isArray(value)) value.forEach(visit);
      else if (value instanceof Map) [...value.values()].forEach(visit);
      else if (isPlainObject(value)) Object.values(value).forEach(visit);
    };
    for (const key of Object.keys(this)) visit((this as unknown as Record<string, unknown>)[key]);
    if (found.length === 0) return made;
    return unique([...made, ...found]).sort((a, b) => a._serial - b._serial);
  }

  /** The same as `weights` (Keras' `variables`; tf.Module's, in Keras' order). */
  override get variables(): Variable[] {
    return this.weights;
  }

  /** The same as `trainableWeights`: what a custom loop passes to `tape.gradient`. */
  override get trainableVariables(): Variable[] {
    return this.trainableWeights;
  }

  /** The same as `nonTrainableWeights`. */
  override get nonTrainableVariables(): Variable[] {
    return this.nonTrainableWeights;
  }

  /** Every module inside the layer: its sublayers (recursively, Sequential's too) and the modules
   * tf.Module finds in its properties. */
  override get submodules(): Module[] {
    return unique([...this.allSublayers(), ...super.submodules]);
  }

  /**
   * The penalties to add to the loss: those `addLoss` recorded in the last call (the activity
   * regularizers' too), this layer's and its sublayers', then the weight regularizers' penalties
   * of the trainable weights, computed now.
   */
  get losses(): Tensor[] {
    const out = [...this.#losses];
    for (const layer of this.allSublayers()) out.push(...layer.#losses);
    for (const w of this.trainableWeights) {
      const regularizer = weightRegularizers.get(w) ?? (w instanceof KerasVariable ? w.regularizer : null);
      if (regularizer !== undefined && regularizer !== null) out.push(regularizer(w));
    }
    return out;
  }

  /** Keras' `add_loss`: records a scalar penalty for the current call (cleared by the next outer call). */
  addLoss(loss: TensorLike): void {
    this.#losses.push(makeConstant(loss, loss instanceof Tensor ? undefined : this.dtype, `${this.qualifiedName}.addLoss`));
  }

  /** @internal Forgets the recorded losses, this layer's and its sublayers'. */
  _clearLosses(): void {
    this.#losses.length = 0;
    for (const layer of this.allSublayers()) layer.#losses.length = 0;
  }

  /** The weights' values, in the order of `weights` (copies: later training does not change them). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => w.value());
  }

  /** Assigns the weights from `values`, in the order of `weights` (shapes must match). */
  setWeights(values: readonly TensorLike[]): void {
    const weights = this.weights;
    if (!Array.isArray(values) || values.length !== weights.length) {
      const length = Array.isArray(values) ? values.length : describe(values);
      throw new Error(`${this.qualifiedName}: You called \`setWeights(weights)\` on layer '${this.name}' with a weight list of length ${length}, but the layer was expecting ${weights.length} weights.`);
    }
    const converted = weights.map((w, i) => makeConstant(values[i]!, values[i] instanceof Tensor ? undefined : w.dtype, `${this.qualifiedName}.setWeights`));
    weights.forEach((w, i) => {
      const value = converted[i]!;
      if (value.shape.length !== w.shape.length || value.shape.some((d, k) => d !== w.shape[k])) {
        throw new Error(`${this.qualifiedName}: Layer ${this.name} weight shape ${shapeText(w.shape)} is not compatible with provided weight shape ${shapeText(value.shape)}.`);
      }
    });
    weights.forEach((w, i) => w.assign(converted[i]!.dtype === w.dtype ? converted[i]! : cast(converted[i]!, w.dtype)));
  }

  /** The number of scalars in the weights; the layer must be built. */
  countParams(): number {
    if (!this.built) {
      throw new Error(`${this.qualifiedName}: You tried to call \`countParams\` on layer '${this.name}', but the layer isn't built. You can build it manually via: \`layer.build(inputShape)\`.`);
    }
    return this.weights.reduce((n, w) => n + w.size, 0);
  }

  /** The options that make this layer again: `{name, trainable, dtype}` and the subclass's. */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.activityRegularizer !== null) config.activityRegularizer = serializeOption(this.activityRegularizer);
    return config;
  }

  /**
   * A new layer from the options `getConfig()` gives (Keras' `from_config`, `cls(**config)`): the
   * base class passes the config to the constructor as its options; a layer whose constructor
   * takes other arguments first (Dense's `units`) overrides it. Its weights are new.
   *
   * @example
   * ```ts
   * const dense = new tf.keras.layers.Dense(3, { activation: 'relu', name: 'hidden' });
   * const twin = tf.keras.layers.Dense.fromConfig(dense.getConfig());
   * console.log(twin.name, twin.units, twin.getConfig().activation); // hidden 3 relu
   * ```
   */
  static fromConfig(config: Record<string, unknown>): Layer {
    return new (this as unknown as new (options: Record<string, unknown>) => Layer)(configObject(config, this.name));
  }

  /** Keras' text: `<Dense name=dense, built=True>`. */
  override toString(): string {
    return `<${this.constructor.name} name=${this.name}, built=${this.built ? 'True' : 'False'}>`;
  }

  /** Node's console.log shows Keras' text (a layer is a function, which Node would print as one). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** The name a layer class `cls` (`new.target`, before the instance exists) has in messages:
 * `keras.layers.Dense`, as an instance's `qualifiedName`. */
function qualifiedClassName(cls: abstract new (...args: never[]) => unknown): string {
  return `${(cls as unknown as typeof Layer)._namespace ?? Layer._namespace}.${cls.name}`;
}

/**
 * A layer constructor's arguments after its required ones, as its options: one options object, or
 * Keras 3's positional arguments in its order (`names`, camelCase), followed by a last options
 * object for Python's keyword arguments (the base layer's `**kwargs` among them: name, dtype,
 * trainable, ...; see `kerasArguments`). `cls` is the class being
 * made (`new.target`), for the messages. A null for a name in `noneIsDefault` is Keras's None, the
 * default; the names in `unsupported` (gradtape lacks them) are refused unless at their default.
 * `keywords` are the class's keyword arguments that are not positional in Keras 3 (keyword-only,
 * taken by its `**kwargs`, or placed differently between releases): Python takes them after
 * positional arguments too, so the last options object may hold them besides LAYER_KEYWORDS.
 */
export function layerArguments<T extends object>(
  cls: abstract new (...args: never[]) => unknown,
  args: readonly unknown[],
  names: readonly string[],
  noneIsDefault: readonly string[] = [],
  unsupported: Readonly<Record<string, unknown>> = {},
  keywords: readonly string[] = [],
): T {
  const op = qualifiedClassName(cls);
  return (kerasArguments(op, args, names, noneIsDefault, { unsupported, keywords: [...LAYER_KEYWORDS, ...keywords] }) ?? {}) as T;
}

/**
 * A layer constructor's required arguments given as Python's keyword arguments: `Dense(units=1)`
 * is `new Dense({ units: 1 })`, `Conv1D(256, kernel_size=3)` is `new Conv1D(256, { kernelSize: 3 })`.
 * `args` are all the constructor's arguments and `names` its required parameters (camelCase, in
 * order). When the last argument is an options object standing where a required argument goes,
 * that argument and the ones after it are taken out of it by name (missing one is Python's
 * TypeError); otherwise the arguments are positional as given. Returns the required values and the
 * arguments after them (for `kerasArguments`).
 */
export function requiredArguments(op: string, args: readonly unknown[], names: readonly string[]): [unknown[], unknown[]] {
  const at = args.length - 1;
  if (at < 0 || at >= names.length || !isPlainObject(args[at])) return [args.slice(0, names.length), args.slice(names.length)];
  const options = { ...(args[at] as Record<string, unknown>) };
  const missing = names.slice(at).filter((name) => !(name in options));
  if (missing.length > 0) {
    const error = new TypeError(`${op}: missing ${missing.length} required argument${missing.length > 1 ? 's' : ''}: ${missing.map((m) => `'${m}'`).join(', ')} (give ${missing.length > 1 ? 'them' : 'it'} in order before the options, or in them).`);
    throw error;
  }
  const values = [...args.slice(0, at), ...names.slice(at).map((name) => options[name])];
  for (const name of names.slice(at)) delete options[name];
  return [values, [options]];
}

/**
 * `requiredArguments` for the layer class `cls` (`new.target`), named in the messages as Keras names
 * it. With `onlyNamed` (a required argument that is a layer or cell, never a plain object), a lone
 * options object that names none of the required arguments is taken as the (wrong) positional
 * value, so the class's own check says what a layer or cell must be.
 */
export function requiredLayerArguments(cls: abstract new (...args: never[]) => unknown, args: readonly unknown[], names: readonly string[], onlyNamed = false): [unknown[], unknown[]] {
  const last = args[args.length - 1];
  if (onlyNamed && args.length <= names.length && isPlainObject(last) && !names.slice(args.length - 1).some((name) => name in last)) {
    return [args.slice(0, names.length), args.slice(names.length)];
  }
  return requiredArguments(qualifiedClassName(cls), args, names);
}

/** A config given to `fromConfig`, checked to be an object and copied (the constructor may keep it). */
export function configObject(config: unknown, className: string): Record<string, unknown> {
  if (!isPlainObject(config)) throw new Error(`${className}.fromConfig: expected the object getConfig() returns, got ${describe(config)}.`);
  return { ...config };
}

/** A config's entry that the constructor takes as an argument (Dense's `units`), and the options left. */
export function takeArguments(config: unknown, className: string, names: readonly string[]): [unknown[], Record<string, unknown>] {
  const options = configObject(config, className);
  const args = names.map((name) => {
    if (!(name in options)) throw new Error(`${className}.fromConfig: the config lacks \`${name}\`; pass the object getConfig() returns.`);
    const value = options[name];
    delete options[name];
    return value;
  });
  return [args, options];
}

/** A copy of a shape or structure of shapes. */
const copyShapes = (shapes: Nest<LayerShape>): Nest<LayerShape> => mapNest(shapes, isShape, (s) => s.slice());

/** Whether `inputs` holds a KerasTensor (a functional-API call). */
function hasKerasTensor(inputs: unknown): inputs is Nest<KerasTensor> {
  if (inputs instanceof KerasTensor) return true;
  if (Array.isArray(inputs)) return inputs.some((v) => v instanceof KerasTensor);
  return isPlainObject(inputs) && Object.values(inputs).some((v) => v instanceof KerasTensor);
}

/** The masks the inputs carry (their `kerasMask`), in the inputs' structure; null when none has one. */
function masksOf(inputs: unknown): LayerMask | null {
  if (inputs instanceof Tensor) return kerasMasks.get(inputs) ?? null;
  if (!Array.isArray(inputs) && !isPlainObject(inputs)) return null;
  const masks = mapNest(inputs as Nest<unknown>, (v): v is unknown => !Array.isArray(v) && !isPlainObject(v), (v) => (v instanceof Tensor ? kerasMasks.get(v) ?? null : null));
  return flatten(masks, (v): v is Tensor | null => v === null || isTensor(v)).some((m) => m !== null) ? (masks as LayerMask) : null;
}

/** The values of a structure, arrays and objects inside it flattened too (a cell's `[output, [h, c]]`). */
function flattenDeep(value: unknown): unknown[] {
  if (Array.isArray(value) || isPlainObject(value)) return flatten(value as Nest<unknown>, (v): v is unknown => !Array.isArray(v) && !isPlainObject(v)).flatMap(flattenDeep);
  return [value];
}

/** `list` without repeats, in order. */
const unique = <T>(list: T[]): T[] => [...new Set(list)];
